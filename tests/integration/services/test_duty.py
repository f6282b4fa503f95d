"""The duty log: entries, overlaps refused, the weekly 30-hour figure and its setting, the home
page counter, the duty report as PDF and .xlsx, room opening hours."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import load_workbook

from station_desk.domain.accounts import Principal
from station_desk.domain.duty import DutyActivity, DutyEntryDraft, RoomHoursDraft
from station_desk.errors import NotFoundError, PermissionDeniedError, ValidationError
from station_desk.services.container import Services
from station_desk.services.duty import DutyService
from tests.reports_helpers import pdf_fonts, pdf_text, squash

MONDAY = date(2026, 3, 2)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), time(hour, minute))


def log(services: Services, actor: Principal, day: int, start: int, end: int,
        activity: DutyActivity = DutyActivity.PATROL, user: Principal | None = None, **values: object):
    draft = DutyEntryDraft((user or actor).user_id, at(day, start), at(day, end), activity, **values)  # type: ignore[arg-type]
    return services.duty.add_entry(actor, draft)


def test_entries_and_the_in_beat_default(services: Services, officer: Principal) -> None:
    patrol = log(services, officer, 0, 9, 11, place="幸福里小区")
    training = log(services, officer, 0, 14, 16, DutyActivity.TRAINING, place="派出所")
    assert patrol.in_beat and not training.in_beat
    assert patrol.minutes == 120 and patrol.user_name == "李明"
    listed = services.duty.list_entries(officer, officer.user_id, MONDAY, MONDAY)
    assert [e.id for e in listed] == [patrol.id, training.id]
    changed = services.duty.update_entry(officer, training.id, training.to_draft(in_beat=True))
    assert changed.in_beat


def test_overlapping_entries_of_one_user_are_refused(services: Services, officer: Principal, aux: Principal) -> None:
    log(services, officer, 0, 9, 11)
    with pytest.raises(ValidationError, match="overlaps") as caught:
        log(services, officer, 0, 10, 12, DutyActivity.VISIT)
    assert caught.value.field == "starts_at"
    log(services, officer, 0, 11, 12, DutyActivity.VISIT)  # touching is fine
    log(services, officer, 0, 10, 12, user=aux)  # another user's time is separate
    with pytest.raises(ValidationError, match="before the start"):
        log(services, officer, 1, 12, 10)


def test_the_weekly_figure_against_30_hours(services: Services, officer: Principal) -> None:
    for day in range(5):
        log(services, officer, day, 8, 14)  # 6 hours in the beat a day
    log(services, officer, 5, 9, 12, DutyActivity.TRAINING)
    week = services.duty.week(officer, officer.user_id, MONDAY + timedelta(days=2))
    assert week.target_hours == 30 and week.in_beat_hours == 30 and week.met
    assert week.other_hours == 3 and week.entries == 6
    assert week.label == "2026-W10"


def test_entry_over_midnight_counts_on_both_days_and_weeks(services: Services, officer: Principal) -> None:
    draft = DutyEntryDraft(officer.user_id, at(6, 22), at(7, 2), DutyActivity.PATROL)  # Sunday night
    services.duty.add_entry(officer, draft)
    this_week = services.duty.week(officer, officer.user_id, MONDAY)
    next_week = services.duty.week(officer, officer.user_id, MONDAY + timedelta(days=7))
    assert this_week.in_beat_minutes == 120 and next_week.in_beat_minutes == 120


def test_target_is_a_setting_for_admins(services: Services, officer: Principal, admin: Principal) -> None:
    with pytest.raises(PermissionDeniedError):
        services.duty.set_target_hours(officer, 25)
    with pytest.raises(ValidationError):
        services.duty.set_target_hours(admin, 0)
    services.duty.set_target_hours(admin, 25)
    assert services.duty.target_hours(officer) == 25
    assert services.duty.week(officer, officer.user_id, MONDAY).target_hours == 25


def test_week_is_behind_below_the_pro_rata_target(services: Services, officer: Principal) -> None:
    thursday = datetime(2026, 3, 5, 9, 0).astimezone().date()
    log(services, officer, 0, 8, 14)  # 6 h by Thursday: 18 h were due (3 of 5 working days)
    week = services.duty.week(officer, officer.user_id, thursday)
    assert week.in_beat_hours == 6 and week.target_hours == 30 and week.behind(thursday)
    for day in (1, 2):
        log(services, officer, day, 8, 14)
    week = services.duty.week(officer, officer.user_id, thursday)
    assert week.in_beat_hours == 18 and not week.behind(thursday)


def test_month_report_by_week_activity_and_day(services: Services, officer: Principal) -> None:
    log(services, officer, 0, 9, 11, place="3号楼", notes="走访独居老人")
    log(services, officer, 0, 14, 15, DutyActivity.VISIT)
    log(services, officer, 8, 9, 12, DutyActivity.MEDIATION)
    report = services.duty.report(officer, officer.user_id, date(2026, 3, 1), date(2026, 3, 31))
    assert report.in_beat_minutes == 360
    assert round(report.target_hours, 2) == round(30 * 31 / 7, 2) and not report.met
    assert [w.label for w in report.weeks][:2] == ["2026-W09", "2026-W10"]
    assert report.weeks[0].days_counted == 1  # Sunday 1 March only
    assert {a.activity: a.minutes for a in report.by_activity} == {
        DutyActivity.PATROL: 120, DutyActivity.VISIT: 60, DutyActivity.MEDIATION: 180,
    }
    assert [d.day for d in report.by_day] == [MONDAY, MONDAY + timedelta(days=8)]


def test_duty_report_pdf_and_xlsx(services: Services, officer: Principal) -> None:
    log(services, officer, 0, 9, 11, place="幸福里3号楼 & <东门>", notes="走访独居老人")
    services.duty.add_entry(
        officer, DutyEntryDraft(officer.user_id, at(2, 22), at(3, 1), DutyActivity.PATROL, "北区")
    )
    pdf = services.duty.report_pdf(officer, officer.user_id, MONDAY, MONDAY + timedelta(days=6), "en")
    text = squash(pdf_text(pdf, "-raw"))
    for expected in ("Dutyreport", "李明", "幸福里3号楼&<东门>", "走访独居老人", "2026-W10", "Security patrol"):
        assert squash(expected) in text, expected
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))
    workbook = load_workbook(io.BytesIO(services.duty.entries_xlsx(officer, officer.user_id, MONDAY, MONDAY + timedelta(days=6))))
    entries = [[c.value for c in row] for row in workbook.worksheets[0].iter_rows(min_row=4)]
    assert entries[0][4] == "幸福里3号楼 & <东门>" and entries[0][6] == 2
    assert entries[1][2] == "01:00 next day" and entries[1][6] == 3


def test_find_person_for_the_command_line(services: Services, officer: Principal) -> None:
    assert services.duty.find_person(officer, "officer").display_name == "李明"
    assert services.duty.find_person(officer, "李明").username == "officer"
    with pytest.raises(NotFoundError):
        services.duty.find_person(officer, "nobody")
    names = [p.username for p in services.duty.people(officer)]
    assert {"admin", "officer", "aux"} <= set(names)


def test_room_opening_hours(services: Services, aux: Principal) -> None:
    entry = services.duty.record_room_hours(aux, RoomHoursDraft(MONDAY, time(8, 30), time(17, 30), "王芳"))
    assert entry.minutes == 540
    with pytest.raises(ValidationError, match="close before it opens"):
        services.duty.record_room_hours(aux, RoomHoursDraft(MONDAY, time(17), time(8)))
    assert [e.id for e in services.duty.list_room_hours(aux, MONDAY, MONDAY)] == [entry.id]
    services.duty.delete_room_hours(aux, entry.id)
    assert services.duty.list_room_hours(aux, MONDAY, MONDAY) == []


def test_deleted_entry_restores_unless_it_now_overlaps(services: Services, officer: Principal) -> None:
    first = log(services, officer, 0, 9, 11)
    services.duty.delete_entry(officer, first.id)
    log(services, officer, 0, 10, 12)
    with pytest.raises(ValidationError, match="overlaps"):
        services.duty.restore_entry(officer, first.id)


def test_service_with_a_clock(services: Services, officer: Principal) -> None:
    service = DutyService(services.db, now=lambda: datetime(2026, 3, 4, 12).astimezone())
    assert service.today() == date(2026, 3, 4)
