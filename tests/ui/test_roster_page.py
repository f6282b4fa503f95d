"""The patrol roster page, driven like the officer: a weekly pattern → shifts generated for
next week → the roster filled → the names in the week grid; a shift ending before it starts
refused at the end time; overlapping shifts shown as a conflict; attendance taken (present and
absent with a reason, a check-out before the check-in refused beneath its row); a forgotten
check-out reviewed; the weekly roster printed (names in the PDF) and saved as .xlsx; the
monthly hours with the commendation candidates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt, QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.volunteers import (
    Attendance,
    AttendanceMark,
    GapKind,
    PatternDraft,
    ShiftDetail,
    ShiftDraft,
    TeamDraft,
    VolunteerDraft,
    week_start,
)
from station_desk.services.container import Services
from station_desk.ui.roster.page import RosterPage
from station_desk.ui.roster.shift_dialogs import ShiftDialog
from station_desk.ui.widgets import preview as pdf_preview
from station_desk.ui.widgets.inputs import to_qdate
from tests.reports_helpers import pdf_text, squash
from tests.ui.helpers import open_message_box

NAMES = ("张伟", "李娜", "王强", "赵敏")


def next_monday() -> date:
    return week_start(date.today()) + timedelta(days=7)


@pytest.fixture(autouse=True)
def _private_ui_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = str(tmp_path / "ui-settings.ini")
    monkeypatch.setattr(
        pdf_preview, "ui_settings", lambda: QSettings(path, QSettings.Format.IniFormat)
    )


@pytest.fixture
def team(services: Services, officer: Principal) -> dict[str, str]:
    """A patrol team of four active volunteers: {"team": id, name: volunteer id, ...}."""
    made = services.volunteers.create_team(officer, TeamDraft("巡逻一队"))
    found = {"team": made.id}
    for name in NAMES:
        found[name] = services.volunteers.create(officer, VolunteerDraft(name, team_id=made.id)).id
    return found


@pytest.fixture
def page(qtbot: QtBot, services: Services, officer: Principal, team: dict[str, str]) -> RosterPage:
    widget = RosterPage(services, officer)
    qtbot.addWidget(widget)
    widget.resize(1180, 700)
    widget.show()
    return widget


@dataclass(frozen=True)
class RosterDesk:
    """The roster page of `officer` with the patrol `team`, and a `folder` to save in."""

    qtbot: QtBot
    page: RosterPage
    services: Services
    officer: Principal
    team: dict[str, str]
    folder: Path


@pytest.fixture
def desk(
    qtbot: QtBot,
    page: RosterPage,
    services: Services,
    officer: Principal,
    team: dict[str, str],
    tmp_path: Path,
) -> RosterDesk:
    return RosterDesk(qtbot, page, services, officer, team, tmp_path)


def past_shift(
    services: Services, officer: Principal, team: dict[str, str], members: tuple[str, ...]
) -> ShiftDetail:
    """A shift of yesterday evening with these members."""
    day = date.today() - timedelta(days=1)
    return services.rosters.create_shift(
        officer,
        ShiftDraft(
            datetime.combine(day, time(19)),
            datetime.combine(day, time(21)),
            "B线",
            team["team"],
            3,
            member_ids=tuple(team[name] for name in members),
        ),
    )


def test_build_a_week_from_a_pattern_and_fill_it(
    page: RosterPage, services: Services, officer: Principal, team: dict[str, str]
) -> None:
    page.show_week(next_monday())
    assert page.week.shifts() == () and page.week.empty.isVisibleTo(page)

    patterns = page.open_patterns()
    editor = patterns.new_pattern()
    editor.team.setCurrentIndex(editor.team.findData(team["team"]))
    editor.route.setText("A线（北门—幸福里）")
    editor.weekdays[1].setChecked(True)  # Tuesday
    editor.weekdays[3].setChecked(True)  # Thursday
    editor.start.setTime(QTime(19, 0))
    editor.end.setTime(QTime(21, 0))
    editor.seats.setValue(2)
    editor.accept()
    assert not editor.isVisible()
    assert patterns.model.rowCount() == 1

    patterns.date_from.setDate(to_qdate(next_monday()))
    patterns.date_to.setDate(patterns.date_from.date().addDays(6))
    assert patterns.generate()
    assert patterns.message.text().startswith("2 shifts made")
    patterns.close()
    shifts = page.week.shifts()
    assert [s.starts_at.isoweekday() for s in shifts] == [2, 4]
    assert all(s.open_seats == 2 for s in shifts)

    fill = page.open_fill()
    assert fill.date_from.date().toPython() == next_monday()
    hint = fill.summary.text()  # before anything is run: how to see the proposal
    assert "Propose" in hint or "预排" in hint
    proposal = fill.run(apply=False)
    assert fill.summary.text() != hint
    assert proposal is not None and not proposal.applied and proposal.filled == 4
    assert all(s.open_seats == 2 for s in page.week.shifts())  # a proposal saves nothing
    result = fill.run(apply=True)
    assert result is not None and result.filled == 4 and fill.unfilled() == []
    assert sorted(load.new_shifts for load in fill.loads()) == [1, 1, 1, 1]  # fair
    fill.close()

    names_on = set()
    for shift in page.week.shifts():
        assert shift.open_seats == 0
        cell = page.week.grid_cell_text(shift.id)
        assert "A线（北门—幸福里）" in cell
        for name in shift.member_names:
            assert name in cell
            names_on.add(name)
    assert names_on == set(NAMES)

    # more places than the team has people: reported with the reason
    saturday = next_monday() + timedelta(days=5)
    services.rosters.create_shift(
        officer,
        ShiftDraft(
            datetime.combine(saturday, time(9)),
            datetime.combine(saturday, time(11)),
            "C线",
            team["team"],
            6,
        ),
    )
    page.refresh()
    fill = page.open_fill()
    result = fill.run(apply=True)
    assert result is not None and result.filled == 4
    (open_seats,) = fill.unfilled()
    assert open_seats.missing == 2 and open_seats.route == "C线"
    assert fill.unfilled_model.data(fill.unfilled_model.index(0, 6)) == open_seats.reason.label


def test_shift_editor_refuses_an_end_before_the_start_at_the_field(
    page: RosterPage, services: Services, officer: Principal, team: dict[str, str]
) -> None:
    page.show_week(next_monday())
    dialog = page.new_shift()
    dialog.day.setDate(to_qdate(next_monday()))
    dialog.route.setText("B线")
    assert dialog.team_id() == page.week.team_id()
    dialog.team.setCurrentIndex(dialog.team.findData(team["team"]))
    dialog.members.set_chosen((team["张伟"], team["李娜"]))
    dialog.accept()
    assert not dialog.isVisible()
    shift = page.week.current_shift()
    assert shift is not None and set(shift.member_names) == {"张伟", "李娜"}

    editor = page.edit_selected()
    assert editor is not None
    editor.start.setTime(QTime(19, 0))
    editor.end.setTime(QTime(18, 0))
    editor.accept()
    assert editor.isVisible()
    assert "end before it starts" in editor.form.error_text("ends_at")
    assert editor.route.text() == "B线"  # nothing typed is lost
    editor.next_day.setChecked(True)  # a night shift ending the next morning
    editor.end.setTime(QTime(1, 0))
    editor.accept()
    assert not editor.isVisible()
    saved = services.rosters.get_shift(officer, shift.id)
    assert saved.ends_at == datetime.combine(next_monday() + timedelta(days=1), time(1))

    # a second shift of the team on the same route at the same time: a conflict shown
    other = services.rosters.create_shift(
        officer,
        ShiftDraft(
            datetime.combine(next_monday(), time(20)),
            datetime.combine(next_monday(), time(22)),
            "B线",
            team["team"],
            2,
        ),
    )
    page.refresh()
    assert page.week.conflicts.isVisibleTo(page)
    assert "overlap" in page.week.conflicts.text()
    assert page.week.grid_cell_text(other.id).startswith("⚠")

    page.week.select_shift(other.id)
    box = page.delete_selected()
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert services.rosters.get_shift(officer, other.id).is_deleted
    assert not page.week.conflicts.isVisibleTo(page)


def test_take_attendance_present_and_absent_with_reason(
    qtbot: QtBot, page: RosterPage, services: Services, officer: Principal, team: dict[str, str]
) -> None:
    shift = past_shift(services, officer, team, ("张伟", "李娜"))
    page.show_week(shift.starts_at.date())
    page.week.show_list(True)
    assert page.week.select_shift(shift.id)
    assert page.attendance_button.isEnabled()
    dialog = page.take_attendance()
    assert dialog is not None
    start = shift.starts_at
    dialog.set_mark(
        team["张伟"], Attendance.PRESENT, check_in=start, check_out=start - timedelta(minutes=5)
    )
    assert "before the check-in" in dialog.error_text(0)  # refused at once beneath the row
    dialog.set_mark(team["李娜"], Attendance.ABSENT, "生病")
    dialog.accept()
    assert dialog.isVisible()
    dialog.set_mark(
        team["张伟"], Attendance.PRESENT, check_in=start, check_out=start + timedelta(hours=2)
    )
    assert dialog.error_text(0) == ""
    dialog.accept()
    assert not dialog.isVisible()

    saved = {m.name: m for m in services.rosters.get_shift(officer, shift.id).members}
    assert saved["张伟"].attendance is Attendance.PRESENT and saved["张伟"].minutes == 120
    assert saved["李娜"].attendance is Attendance.ABSENT
    assert saved["李娜"].absence_reason == "生病"
    assert "2 of 2 recorded" in page.week.model.data(page.week.model.index(0, 6))

    hours = page.open_hours()
    hours.set_month(start.date())
    qtbot.waitUntil(lambda: not hours.reading(), timeout=30_000)  # on a worker thread
    assert hours.volunteer_model.rowCount() == 2
    assert "张伟" in hours.candidates.text()


def test_delete_a_weekly_pattern_and_save_the_month_hours(desk: RosterDesk) -> None:
    kept = PatternDraft(desk.team["team"], "A线", frozenset({2}), time(19), time(21), date.today())
    desk.services.rosters.create_pattern(desk.officer, kept)
    gone = desk.services.rosters.create_pattern(desk.officer, replace(kept, route="B线"))
    patterns = desk.page.open_patterns()
    assert [p.route for p in patterns.model.rows()] == ["A线", "B线"]
    patterns.refresh(select=gone.id)
    assert patterns.selected() == gone and patterns.delete_button.isEnabled()
    box = patterns.delete_selected()
    assert box is not None and "B线" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert [p.route for p in patterns.model.rows()] == ["A线"]
    assert patterns.selected() is None and not patterns.delete_button.isEnabled()
    patterns.close()

    hours = desk.page.open_hours()
    desk.qtbot.waitUntil(lambda: not hours.reading(), timeout=30_000)
    target = desk.folder / "hours.xlsx"
    assert hours.save_xlsx(target)
    assert target.read_bytes()[:2] == b"PK"
    assert hours.message.text() == f"Saved: {target}"


def test_review_a_forgotten_check_out(
    qtbot: QtBot, page: RosterPage, services: Services, officer: Principal, team: dict[str, str]
) -> None:
    shift = past_shift(services, officer, team, ("王强",))
    services.rosters.save_attendance(
        officer, shift.id, [AttendanceMark(team["王强"], Attendance.PRESENT, shift.starts_at)]
    )
    page.refresh()
    qtbot.waitUntil(lambda: "(1)" in page.review_button.text(), timeout=30_000)
    review = page.open_attendance_review()
    (gap,) = review.gaps()
    assert gap.kind is GapKind.NO_CHECK_OUT and gap.name == "王强"
    member = services.rosters.get_shift(officer, shift.id).members[0]
    assert member.check_out == shift.ends_at and member.needs_review  # closed at the end
    assert review.select_gap(gap.member_id)
    assert review.review_button.isEnabled()
    assert review.mark_reviewed() is True
    assert review.gaps() == []
    member = services.rosters.get_shift(officer, shift.id).members[0]
    assert member.reviewed and not member.needs_review
    qtbot.waitUntil(lambda: "(" not in page.review_button.text(), timeout=30_000)


def test_print_and_save_the_weekly_roster(desk: RosterDesk) -> None:
    tuesday = next_monday() + timedelta(days=1)
    desk.services.rosters.create_shift(
        desk.officer,
        ShiftDraft(
            datetime.combine(tuesday, time(19)),
            datetime.combine(tuesday, time(21)),
            "A线",
            desk.team["team"],
            4,
            member_ids=tuple(desk.team[name] for name in NAMES),
        ),
    )
    desk.page.show_week(next_monday())
    text = squash(pdf_text(desk.page.roster_pdf("zh_CN")))
    for name in NAMES:
        assert name in text

    preview = desk.page.preview_roster()
    with desk.qtbot.waitSignal(preview.loaded, timeout=20_000):
        pass
    assert preview.page_count() == 1
    target = desk.folder / "roster.pdf"
    assert preview.save_to(target)
    assert "张伟" in squash(pdf_text(target.read_bytes()))
    preview.close()

    saved = desk.page.save_roster_xlsx(desk.folder / "roster.xlsx")
    assert saved is not None
    cells = {
        str(cell)
        for sheet in load_workbook(saved).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell
    }
    assert any("张伟" in cell for cell in cells)


def test_an_auxiliary_may_not_export_the_xlsx(
    qtbot: QtBot, services: Services, aux: Principal, team: dict[str, str]
) -> None:
    widget = RosterPage(services, aux)
    qtbot.addWidget(widget)
    assert widget.new_button.isEnabled() and widget.print_action.isEnabled()
    assert not widget.xlsx_action.isEnabled()


def test_delete_asks_first(
    page: RosterPage, services: Services, officer: Principal, team: dict[str, str]
) -> None:
    shift = past_shift(services, officer, team, ("赵敏",))
    page.show_week(shift.starts_at.date())
    page.week.select_shift(shift.id)
    page.delete_selected()
    open_message_box(page).button(QMessageBox.StandardButton.No).click()
    assert not services.rosters.get_shift(officer, shift.id).is_deleted


def test_the_week_by_keyboard(
    qtbot: QtBot, page: RosterPage, services: Services, officer: Principal, team: dict[str, str]
) -> None:
    shift = past_shift(services, officer, team, ("张伟",))
    page.show_week(shift.starts_at.date())
    page.week.next_button.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # the week before
    assert page.week.monday == week_start(shift.starts_at.date()) - timedelta(days=7)
    qtbot.keyClick(page, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert page.week.select_shift(shift.id)
    page.week.grid.setFocus()
    qtbot.keyClick(page.week.grid, Qt.Key.Key_Return)
    (editor,) = [d for d in page.findChildren(ShiftDialog) if d.isVisible()]
    assert editor.shift is not None and editor.shift.id == shift.id
    editor.reject()
