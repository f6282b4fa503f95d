"""The report a meeting hears and its 评议: a 述职会 attaches the officer's 述职报告 and records
each attendee's rating and the result, a 警情通报会 attaches the period's 警情通报; the minutes
print them; the rules are checked with nothing saved half-way."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from station_desk import i18n
from station_desk.domain.accounts import Principal
from station_desk.domain.briefings import BriefingText
from station_desk.domain.meetings import (
    AttendeeEntry,
    AttendeeKind,
    MeetingDetail,
    MeetingDraft,
    MeetingStatus,
    MeetingType,
)
from station_desk.domain.work_reports import Quarter, Rating, RatingEntry, WorkReportText
from station_desk.errors import ValidationError
from station_desk.services.container import Services
from tests.reports_helpers import pdf_text, squash

Q3 = Quarter(2026, 3)


def meeting(services: Services, actor: Principal, kind: MeetingType = MeetingType.ACCOUNTABILITY) -> MeetingDetail:
    guests = tuple(AttendeeEntry(AttendeeKind.GUEST, name, organisation="居民代表") for name in ("周大妈", "吴先生"))
    return services.meetings.new_meeting(
        actor, MeetingDraft(kind, "第三季度述职会", datetime(2026, 10, 15, 19), attendees=guests)
    )


@pytest.fixture
def officer_report(services: Services, officer: Principal) -> str:
    services.work_reports.now = lambda: datetime(2026, 12, 7, 2, tzinfo=UTC)
    text = WorkReportText("走访群众。", "宣传不够。", "加强宣传。")
    return services.work_reports.save_draft(officer, officer.user_id, Q3, text).id


def test_ratings_and_result_on_the_minutes(services: Services, officer: Principal, officer_report: str) -> None:
    held = meeting(services, officer)
    first, second = held.attendees
    ratings = [
        RatingEntry(first.name, Rating.SATISFIED, "工作扎实", attendee_id=first.id),
        RatingEntry(second.name, Rating.FAIRLY_SATISFIED, "希望多巡逻", attendee_id=second.id),
        RatingEntry("郑女士", Rating.DISSATISFIED, "夜间巡逻少"),
    ]
    review = services.meeting_reviews.save(
        officer, held.id, work_report_id=officer_report, ratings=ratings, result="述职通过，满意率67%。"
    )
    assert [r.rating for r in review.ratings] == [Rating.SATISFIED, Rating.FAIRLY_SATISFIED, Rating.DISSATISFIED]
    assert review.tally == {Rating.SATISFIED: 1, Rating.FAIRLY_SATISFIED: 1, Rating.DISSATISFIED: 1}
    assert review.work_report_label == "李明 · Q3 2026"
    again = services.meeting_reviews.save(  # one rating removed, the others kept by id
        officer, held.id, work_report_id=officer_report, ratings=review.ratings[:2], result=review.result
    )
    assert [r.id for r in again.ratings] == [r.id for r in review.ratings[:2]]
    i18n.set_language("zh_CN")
    pdf = services.meeting_documents.build(officer, held.id, "minutes", "zh_CN")
    text = squash(pdf_text(pdf, "-raw"))
    for expected in ("听取报告及评议情况", "李明·2026年第三季度", "满意1，基本满意1，不满意0（共2人）",
                     "周大妈", "工作扎实", "基本满意", "希望多巡逻", "评议结果", "述职通过，满意率67%。"):
        assert squash(expected) in text, expected
    report = squash(pdf_text(services.work_reports.report_pdf(officer, officer.user_id, Q3, "zh_CN"), "-raw"))
    for expected in ("述职评议", "满意1，基本满意1，不满意0（共2人）", "述职通过，满意率67%。"):
        assert squash(expected) in report, expected


def test_the_rules(services: Services, officer: Principal, aux: Principal, admin: Principal, officer_report: str) -> None:
    reviews = services.meeting_reviews
    committee = meeting(services, officer, MeetingType.SECURITY_COMMITTEE)
    with pytest.raises(ValidationError, match="accountability meeting"):
        reviews.save(officer, committee.id, ratings=[RatingEntry("周大妈", Rating.SATISFIED)])
    with pytest.raises(ValidationError, match="accountability meeting"):
        reviews.save(officer, committee.id, work_report_id=officer_report)
    accountability = meeting(services, officer)
    with pytest.raises(ValidationError, match="not an attendee"):
        reviews.save(officer, accountability.id, ratings=[
            RatingEntry("周大妈", Rating.SATISFIED, attendee_id=committee.attendees[0].id)
        ])
    with pytest.raises(ValidationError, match="who gave the rating"):
        reviews.save(officer, accountability.id, ratings=[RatingEntry(" ", Rating.SATISFIED)])
    with pytest.raises(ValidationError, match="only by its author"):
        reviews.save(aux, accountability.id, work_report_id=officer_report)
    reviews.save(admin, accountability.id, work_report_id=officer_report)  # an administrator may
    services.briefings.now = lambda: datetime(2026, 12, 7, 2, tzinfo=UTC)
    briefing = services.briefings.save(officer, date(2026, 11, 1), date(2026, 11, 30), BriefingText("防诈骗"))
    with pytest.raises(ValidationError, match="police situation briefing meeting"):
        reviews.save(officer, accountability.id, briefing_id=briefing.id)
    assert reviews.get(officer, accountability.id).work_report_id == officer_report  # unchanged
    assert reviews.get(officer, committee.id).is_empty


def test_a_briefing_meeting_attaches_the_briefing(services: Services, officer: Principal) -> None:
    services.briefings.now = lambda: datetime(2026, 12, 7, 2, tzinfo=UTC)
    briefing = services.briefings.save(officer, date(2026, 11, 1), date(2026, 11, 30), BriefingText("防诈骗"))
    held = meeting(services, officer, MeetingType.POLICE_BRIEFING)
    review = services.meeting_reviews.save(officer, held.id, briefing_id=briefing.id)
    assert review.briefing_label == "2026-11-01 to 2026-11-30"
    text = squash(pdf_text(services.meeting_documents.build(officer, held.id, "minutes", "en"), "-raw"))
    assert squash("Police situation report") in text and "2026-11-01to2026-11-30" in text
    assert "防诈骗" in text  # the advice read at the meeting


def test_a_finalised_meeting_refuses_changes(services: Services, officer: Principal, officer_report: str) -> None:
    held = meeting(services, officer)
    services.meetings.set_status(officer, held.id, MeetingStatus.HELD)
    services.meetings.set_status(officer, held.id, MeetingStatus.FINALISED)
    with pytest.raises(ValidationError, match="finalised"):
        services.meeting_reviews.save(officer, held.id, work_report_id=officer_report)
