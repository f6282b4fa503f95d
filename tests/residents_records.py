"""Reception entries and opinions of the first quarter of 2026, recorded through the services
into a real database, and what the compiled figures must say of them (March, the quarter).

Shared by the tests of the 警情通报 / 警情公示 and of the 述职报告. The visitors and opinion
givers have names, phones and an ID number so that a test can look for them in a notice.
"""

from __future__ import annotations

from datetime import date, datetime

from station_desk.domain.accounts import Principal
from station_desk.domain.opinions import (
    OpinionDraft,
    OpinionSatisfaction,
    ReplyEntry,
    ReplyMethod,
    Urgency,
)
from station_desk.domain.reception import Handling, ReceptionChannel, ReceptionDraft, ReceptionKind
from station_desk.services.container import Services

VISITOR_ID = "11010519491231002X"
PERSONAL = ("周大伟", "吴桂兰", "郑晓东", "孙丽", "冯志强", "13612348765", "13598761234", "13700001111",
            VISITOR_ID, "建设路12号", "东门路灯")

# the figures of March 2026 (label -> printed value) by section key
MARCH_FIGURES = {
    "reception": {
        "Visits and calls": "6", "Settled on the spot": "3", "Passed on to others": "3",
        "Made mediation cases": "1", "Registered as opinions": "1", "Matters concluded": "2",
    },
    "opinions": {
        "Opinions received": "5", "Opinions answered": "60.0% (3/5)", "Answered on time rate": "66.7% (2/3)",
        "Satisfaction rate": "50.0% (1/2)", "Opinions closed": "1", "Unanswered past the deadline": "2",
    },
}
QUARTER_FIGURES = {
    "reception": {
        "Visits and calls": "7", "Settled on the spot": "4", "Passed on to others": "3",
        "Made mediation cases": "1", "Registered as opinions": "1", "Matters concluded": "3",
    },
    "opinions": {
        "Opinions received": "6", "Opinions answered": "66.7% (4/6)", "Answered on time rate": "75.0% (3/4)",
        "Satisfaction rate": "66.7% (2/3)", "Opinions closed": "1", "Unanswered past the deadline": "2",
    },
}
MARCH_BY_KIND = {
    ReceptionKind.REPORT: 2, ReceptionKind.HELP: 1, ReceptionKind.CONSULT: 0, ReceptionKind.SERVICE: 0,
    ReceptionKind.COMPLAINT: 1, ReceptionKind.SUGGESTION: 1, ReceptionKind.DISPUTE: 1, ReceptionKind.OTHER: 0,
}
MARCH_BY_CHANNEL = {
    ReceptionChannel.VISIT: 2, ReceptionChannel.PHONE: 2, ReceptionChannel.REFERRAL_110: 1,
    ReceptionChannel.ONLINE: 1, ReceptionChannel.FIELD: 0,
}


def _visit(day: date, hour: int, kind: ReceptionKind, channel: ReceptionChannel, **values: object) -> ReceptionDraft:
    base: dict[str, object] = dict(
        received_at=datetime(day.year, day.month, day.day, hour), kind=kind, channel=channel,
        name="周大伟", phone="13612348765", address="建设路12号", content="反映情况",
    )
    base.update(values)
    return ReceptionDraft(**base)  # type: ignore[arg-type]


def add_residents_desk(services: Services, aux: Principal) -> None:
    """Record the entries and opinions (as auxiliary police, who record most of them)."""
    reception, opinions = services.reception, services.opinions
    record = lambda draft: reception.record(aux, draft)  # noqa: E731
    record(_visit(date(2026, 3, 2), 9, ReceptionKind.REPORT, ReceptionChannel.PHONE, resident_id=VISITOR_ID,
                  closed=True))
    record(_visit(date(2026, 3, 3), 10, ReceptionKind.REPORT, ReceptionChannel.PHONE))
    record(_visit(date(2026, 3, 4), 10, ReceptionKind.HELP, ReceptionChannel.VISIT, handling=Handling.TO_STATION))
    dispute = record(_visit(date(2026, 3, 5), 14, ReceptionKind.DISPUTE, ReceptionChannel.VISIT, name="吴桂兰",
                            content="楼上漏水纠纷"))
    reception.to_mediation(aux, dispute.id)  # handled: passed to mediation
    suggestion = record(_visit(date(2026, 3, 6), 15, ReceptionKind.SUGGESTION, ReceptionChannel.ONLINE,
                               name="郑晓东", phone="13700001111", content="东门路灯不亮"))
    reception.to_opinion(aux, suggestion.id)
    record(_visit(date(2026, 3, 9), 11, ReceptionKind.COMPLAINT, ReceptionChannel.REFERRAL_110,
                  handling=Handling.TO_PROPERTY, closed=True))
    deleted = record(_visit(date(2026, 3, 10), 9, ReceptionKind.REPORT, ReceptionChannel.PHONE))
    reception.delete(aux, deleted.id)
    record(_visit(date(2026, 1, 15), 9, ReceptionKind.CONSULT, ReceptionChannel.VISIT, closed=True))
    record(_visit(date(2026, 4, 2), 9, ReceptionKind.REPORT, ReceptionChannel.FIELD))

    def register(day: date, urgency: Urgency = Urgency.NORMAL, **values: object) -> str:
        base: dict[str, object] = dict(received_on=day, urgency=urgency, content="小区停车难", name="孙丽",
                                       phone="13598761234", resident_id=VISITOR_ID)
        base.update(values)
        return opinions.register(aux, OpinionDraft(**base)).id  # type: ignore[arg-type]

    def reply(opinion_id: str, day: date, satisfaction: OpinionSatisfaction | None) -> None:
        opinions.reply(aux, opinion_id, ReplyEntry(day, ReplyMethod.PHONE, "已答复", "冯志强", satisfaction))

    reply(register(date(2026, 3, 2)), date(2026, 3, 4), OpinionSatisfaction.SATISFIED)  # due 9 March
    reply(register(date(2026, 3, 3), Urgency.URGENT), date(2026, 3, 10), OpinionSatisfaction.DISSATISFIED)  # late
    answered = register(date(2026, 3, 5), anonymous=True)
    reply(answered, date(2026, 3, 6), None)
    opinions.close(aux, answered, date(2026, 3, 9))
    register(date(2026, 3, 20))  # not answered: overdue
    reply(register(date(2026, 1, 12)), date(2026, 1, 13), OpinionSatisfaction.FAIRLY)
    register(date(2026, 4, 2))
