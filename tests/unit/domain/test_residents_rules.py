"""Rules of the residents' desk: reply deadlines in working days over the 2026 holidays and
调休 days, replies and closures refused when wrong, the figures' percentages, reception
drafts checked (ID optional but valid, nothing in the future)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_desk.domain.opinions import (
    OpinionDraft,
    OpinionFigures,
    ReplyEntry,
    ReplyLimits,
    Urgency,
    validated_closure,
    validated_draft,
    validated_reply,
)
from station_desk.domain.reception import Handling, ReceptionDraft, ReceptionKind
from station_desk.domain.reception import validated_draft as validated_visit
from station_desk.domain.workdays import WorkCalendar
from station_desk.errors import ValidationError

# 2026 National Day: 1–7 October off (国务院办公厅); Sunday 27 September and Saturday 10 October
# are worked (调休上班).
NATIONAL_DAY = WorkCalendar.of(
    [date(2026, 10, d) for d in range(1, 8)], [date(2026, 9, 27), date(2026, 10, 10)]
)
LIMITS = ReplyLimits()


@pytest.mark.parametrize(
    ("urgency", "received", "due"),
    [
        (Urgency.URGENT, date(2026, 9, 30), date(2026, 10, 8)),  # the holiday week is skipped
        (Urgency.NORMAL, date(2026, 9, 30), date(2026, 10, 13)),  # Saturday 10 Oct counts
        (Urgency.URGENT, date(2026, 10, 9), date(2026, 10, 10)),  # Friday → the 调休 Saturday
        (Urgency.URGENT, date(2026, 9, 26), date(2026, 9, 27)),  # Saturday → the 调休 Sunday
        (Urgency.NORMAL, date(2026, 10, 16), date(2026, 10, 23)),  # an ordinary week
        (Urgency.URGENT, date(2026, 10, 3), date(2026, 10, 8)),  # received on a holiday
    ],
)
def test_deadlines_over_the_national_day_holidays(urgency: Urgency, received: date, due: date) -> None:
    assert LIMITS.deadline(urgency, received, NATIONAL_DAY) == due


@given(
    received=st.dates(date(2026, 9, 1), date(2026, 11, 30)),
    days=st.integers(1, 30),
)
def test_a_deadline_is_a_working_day_with_exactly_the_days_between(received: date, days: int) -> None:
    due = ReplyLimits(1, days).deadline(Urgency.NORMAL, received, NATIONAL_DAY)
    assert NATIONAL_DAY.is_working_day(due) and due > received
    assert NATIONAL_DAY.working_days_between(received, due) == days
    assert ReplyLimits(1, days).deadline(Urgency.URGENT, received, NATIONAL_DAY) <= due


def test_limits_are_checked_and_read_back() -> None:
    assert ReplyLimits.from_json({"urgent_days": 2, "normal_days": 7}) == ReplyLimits(2, 7)
    assert ReplyLimits.from_json({"urgent_days": 9, "normal_days": 3}) == ReplyLimits()
    assert ReplyLimits.from_json("nonsense") == ReplyLimits()
    with pytest.raises(ValidationError) as caught:
        ReplyLimits(0, 5).validated()
    assert caught.value.field == "urgent_days"


TODAY = date(2026, 10, 9)


def test_an_opinion_draft() -> None:
    draft = validated_draft(OpinionDraft(TODAY, content=" 路灯不亮 ", name="李四", anonymous=True), TODAY)
    assert draft.name == "" and draft.content == "路灯不亮"  # anonymous: no person kept
    with pytest.raises(ValidationError, match="future"):
        validated_draft(OpinionDraft(TODAY + timedelta(days=1), content="x"), TODAY)
    with pytest.raises(ValidationError) as caught:
        validated_draft(OpinionDraft(TODAY, content="x", due_on=TODAY - timedelta(days=1)), TODAY)
    assert caught.value.field == "due_on"
    old = OpinionDraft(date(2026, 9, 1), content="x", due_on=date(2026, 9, 3))
    assert validated_draft(old, TODAY, is_new=False).due_on == date(2026, 9, 3)  # correcting
    with pytest.raises(ValidationError) as caught:
        validated_draft(OpinionDraft(TODAY, content="x", resident_id="110105194912310021"), TODAY)
    assert caught.value.field == "resident_id"


@pytest.mark.parametrize(
    ("reply", "field"),
    [
        (ReplyEntry(date(2026, 10, 4), content="已答复"), "replied_on"),  # before received
        (ReplyEntry(date(2026, 10, 10), content="已答复"), "replied_on"),  # in the future
        (ReplyEntry(date(2026, 10, 8), content=" \n "), "reply_content"),  # empty, marked answered
    ],
)
def test_bad_replies(reply: ReplyEntry, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validated_reply(reply, date(2026, 10, 5), TODAY)
    assert caught.value.field == field


def test_closure_after_the_reply() -> None:
    assert validated_closure(TODAY, date(2026, 10, 8), TODAY, " 已修复 ") == "已修复"
    for closed_on, replied_on in ((TODAY, None), (date(2026, 10, 7), date(2026, 10, 8)),
                                  (TODAY + timedelta(days=1), TODAY)):
        with pytest.raises(ValidationError):
            validated_closure(closed_on, replied_on, TODAY, "")


def test_percentages() -> None:
    figures = OpinionFigures(TODAY, TODAY, received=4, answered=3, answered_on_time=2, rated=0,
                             satisfied=0, closed=1, open_overdue=1)
    assert figures.on_time_percent == 66.7 and figures.answered_percent == 75.0
    assert figures.satisfied_percent is None  # nobody said: no rate, not 0 %


NOW = datetime(2026, 10, 9, 10, 0)


def test_a_reception_draft() -> None:
    draft = validated_visit(ReceptionDraft(NOW, name=" 张三 ", content="咨询", phone="138 1234 5678",
                                           resident_id="11010519491231002x"), NOW)
    assert draft.name == "张三" and draft.phone == "13812345678"
    assert draft.resident_id == "11010519491231002X"
    assert validated_visit(ReceptionDraft(NOW, content="匿名来电"), NOW).resident_id == ""
    for bad, field in (
        (ReceptionDraft(NOW + timedelta(minutes=5), content="x"), "received_at"),
        (ReceptionDraft(NOW, content="x", handling=Handling.TO_OTHER), "receiving_unit"),
        (ReceptionDraft(NOW, kind=ReceptionKind.DISPUTE, content=""), "content"),
    ):
        with pytest.raises(ValidationError) as caught:
            validated_visit(bad, NOW)
        assert caught.value.field == field
    assert ReceptionKind.SUGGESTION.becomes_opinion and not ReceptionKind.DISPUTE.becomes_opinion
