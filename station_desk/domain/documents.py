"""The documents each module prints, as stored in the audit trail (文书种类).

They live apart from their modules' records so that reading them (the command line lists the
documents it can print) imports nothing else; each module re-exports its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from station_desk.domain.enums import LabelledEnum
from station_desk.i18n import N_

OUTPUT_WAYS = ("print", "save")  # to a printer, to a file


def output_details(
    document: LabelledEnum,
    how: str,
    target: str,
    details: Mapping[str, object] | None = None,
    ways: tuple[str, ...] = OUTPUT_WAYS,
) -> dict[str, object]:
    """What the audit entry of an output records: the document, `how` it went out (one of
    `ways`), the printer or the file (`target`), and `details`."""
    if how not in ways:
        raise ValueError(f"unknown output {how!r}")
    return {"document": document.value, "how": how, "target": target, **(details or {})}


class MeetingDocument(LabelledEnum):
    """The printed documents of a meeting (recorded in the audit trail when printed)."""

    MINUTES = "minutes", N_("Minutes")  # 会议记录
    SIGN_IN = "sign-in", N_("Sign-in sheet")  # 签到表


class MediationDocument(LabelledEnum):
    """The documents of the mediation module (recorded in the audit trail when output)."""

    AGREEMENT = "agreement", N_("Mediation agreement")  # 调解协议书
    RECORD = "record", N_("Mediation record")  # 调解笔录
    REGISTER = "register", N_("Mediation register")  # 调解台账 (PDF)
    REGISTER_XLSX = "register-xlsx", N_("Mediation register (spreadsheet)")  # 调解台账 (.xlsx)


class RosterDocument(LabelledEnum):
    """The printed documents of this module (recorded in the audit trail when output)."""

    WEEKLY_ROSTER = "weekly-roster", N_("Weekly patrol roster")  # 巡逻排班表
    ROSTER_LIST = "roster-list", N_("Volunteer roster list")  # 花名册
    MONTHLY_HOURS = "monthly-hours", N_("Monthly volunteer hours")  # 志愿者服务时长月报
    DUTY_REPORT = "duty-report", N_("Duty report")  # 勤务报告


class YouthDocument(LabelledEnum):
    """The documents of the module (recorded in the audit trail when output)."""

    FILE = "file", N_("Guidance file")  # 帮教档案
    SESSION_RECORD = "session_record", N_("Guidance session record")  # 帮教谈话记录
    STATISTICS = "statistics", N_("Youth guidance statistics")  # 帮教统计表 (counts only, no names)

    @property
    def is_personal(self) -> bool:
        """Holds one subject's data: needs access to the subject and a stated purpose."""
        return self is not YouthDocument.STATISTICS


class OpinionDocument(LabelledEnum):
    """The documents of the opinion register (recorded in the audit trail when output)."""

    REPLY_SLIP = "reply-slip", N_("Opinion reply slip")  # 意见回复单
    REGISTER = "opinion-register", N_("Opinion register")  # 意见建议登记台账 (PDF)
    REGISTER_XLSX = "opinion-register-xlsx", N_("Opinion register (spreadsheet)")  # (.xlsx)


class ReportDocument(LabelledEnum):
    """The compiled reports (recorded in the audit trail when output)."""

    WORK_REPORT = "work-report", N_("Accountability report")  # 社区民警述职报告
    BRIEFING = "briefing", N_("Police situation report")  # 警情通报
    PUBLIC_NOTICE = "public-notice", N_("Police situation notice")  # 警情公示 (no personal data)
