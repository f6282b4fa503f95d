"""Cancel, Esc or the close button never throw typed work away without asking: every
`FormDialog` (and the attendance sheet) remembers its inputs when shown and asks "Discard
what you typed?" when they changed; nothing changed closes at once; saving never asks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.duty import DutyPerson
from station_desk.domain.mediation import (
    CaseDetail,
    CaseDraft,
    CaseSource,
    DisputeType,
    MediationKind,
    PartyEntry,
)
from station_desk.domain.volunteers import (
    Attendance,
    ShiftDetail,
    ShiftDraft,
    TeamDraft,
    VolunteerDraft,
)
from station_desk.services.container import Services
from station_desk.ui.duty.dialogs import DutyEntryDialog
from station_desk.ui.mediation.dialogs import SessionDialog
from station_desk.ui.roster.attendance_dialog import AttendanceDialog
from station_desk.ui.roster.shift_dialogs import ShiftDialog
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.forms import FormDialog, input_values
from station_desk.ui.widgets.inputs import date_edit
from tests.ui.helpers import TypeText, open_message_box

QUESTION = "Discard what you typed?"


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


D = TypeVar("D", bound=QDialog)


def shown(qtbot: QtBot, dialog: D) -> D:
    with qtbot.waitExposed(dialog):
        open_dialog(dialog)
    return dialog


def asking(dialog: QWidget) -> QMessageBox:
    box = open_message_box(dialog)
    assert box.text() == QUESTION
    return box


def no_question(dialog: QWidget) -> bool:
    return not [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]


def esc(qtbot: QtBot, dialog: QDialog) -> None:
    target = dialog.focusWidget() or dialog
    qtbot.keyClick(target, Qt.Key.Key_Escape)


def case(services: Services, officer: Principal) -> CaseDetail:
    return services.mediation.register_case(
        officer,
        CaseDraft(
            date.today(),
            CaseSource.WALK_IN,
            DisputeType.NEIGHBOUR,
            MediationKind.POLICE,
            "漏水纠纷",
            "楼上漏水殃及楼下。",
            parties=(PartyEntry("张伟"),),
        ),
    )


def test_a_typed_mediation_session_asks_before_esc_drops_it(
    qtbot: QtBot, host: QWidget, services: Services, officer: Principal, type_text: TypeText
) -> None:
    made = case(services, officer)
    dialog = shown(qtbot, SessionDialog(services, officer, made, parent=host))
    dialog.facts_checked.setFocus()
    type_text(dialog.facts_checked, "双方确认漏水系楼上水管老化所致。")
    esc(qtbot, dialog)
    box = asking(dialog)
    assert dialog.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible()
    assert dialog.facts_checked.toPlainText() == "双方确认漏水系楼上水管老化所致。"

    esc(qtbot, dialog)
    with qtbot.waitSignal(dialog.rejected):
        asking(dialog).button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()
    assert services.mediation.get(officer, made.id).sessions == ()


def test_esc_on_the_question_keeps_the_dialog(
    qtbot: QtBot, host: QWidget, services: Services, officer: Principal, type_text: TypeText
) -> None:
    dialog = shown(qtbot, SessionDialog(services, officer, case(services, officer), parent=host))
    dialog.place.setFocus()
    type_text(dialog.place, "警务室")
    dialog.reject()
    dialog.reject()  # asked twice: still one question
    box = asking(dialog)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc on the question means Cancel
    assert dialog.isVisible() and dialog.place.text() == "警务室"
    assert no_question(dialog)


def test_nothing_typed_closes_at_once(
    qtbot: QtBot, host: QWidget, services: Services, officer: Principal
) -> None:
    dialog = shown(qtbot, SessionDialog(services, officer, case(services, officer), parent=host))
    esc(qtbot, dialog)
    assert not dialog.isVisible()
    assert no_question(host)


def test_typing_then_undoing_it_closes_at_once(
    qtbot: QtBot, host: QWidget, services: Services, officer: Principal
) -> None:
    dialog = shown(qtbot, SessionDialog(services, officer, case(services, officer), parent=host))
    dialog.place.setText("警务室")
    dialog.place.setText("")
    dialog.reject()
    assert not dialog.isVisible()


def test_the_window_close_button_asks_too(
    qtbot: QtBot, host: QWidget, services: Services, officer: Principal
) -> None:
    dialog = shown(qtbot, ShiftDialog(services, officer, day=date.today(), parent=host))
    dialog.route.setText("B线")
    assert not dialog.close()  # the close event is refused while asking
    asking(dialog).button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and dialog.route.text() == "B线"


def test_a_shift_asks_and_saving_does_not(
    qtbot: QtBot, host: QWidget, services: Services, officer: Principal, type_text: TypeText
) -> None:
    dialog = shown(qtbot, ShiftDialog(services, officer, day=date.today(), parent=host))
    dialog.route.setFocus()
    type_text(dialog.route, "B线")
    dialog.seats.setValue(dialog.seats.value() + 1)
    esc(qtbot, dialog)
    asking(dialog).button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible()
    dialog.accept()  # saving: no question
    assert dialog.saved is not None and dialog.saved.route == "B线"
    assert not dialog.isVisible()
    assert no_question(dialog)


def test_a_duty_entry_asks_and_discards(
    qtbot: QtBot, host: QWidget, services: Services, officer: Principal, type_text: TypeText
) -> None:
    person = DutyPerson(officer.user_id, officer.username, officer.display_name)
    dialog = shown(qtbot, DutyEntryDialog(services, officer, person, parent=host))
    dialog.in_beat.setChecked(not dialog.in_beat.isChecked())
    esc(qtbot, dialog)
    with qtbot.waitSignal(dialog.rejected):
        asking(dialog).button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()

    untouched = shown(qtbot, DutyEntryDialog(services, officer, person, parent=host))
    esc(qtbot, untouched)
    assert not untouched.isVisible()


@pytest.fixture
def shift(services: Services, officer: Principal) -> ShiftDetail:
    team = services.volunteers.create_team(officer, TeamDraft("巡逻一队"))
    members = tuple(
        services.volunteers.create(officer, VolunteerDraft(name, team_id=team.id)).id
        for name in ("张伟", "李娜", "王强")
    )
    day = date.today() - timedelta(days=1)
    return services.rosters.create_shift(
        officer,
        ShiftDraft(
            datetime.combine(day, time(19)),
            datetime.combine(day, time(21)),
            "B线",
            team.id,
            3,
            member_ids=members[:2],
        ),
    )


def test_the_attendance_sheet_asks_after_all_present(
    qtbot: QtBot, host: QWidget, services: Services, officer: Principal, shift: ShiftDetail
) -> None:
    dialog = shown(qtbot, AttendanceDialog(services, officer, shift, parent=host))
    dialog.substitute.setCurrentIndex(dialog.substitute.count() - 1)  # a choice, not a mark
    esc(qtbot, dialog)
    assert not dialog.isVisible()

    dialog = shown(qtbot, AttendanceDialog(services, officer, shift, parent=host))
    dialog.all_present_button.click()
    esc(qtbot, dialog)
    asking(dialog).button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible()
    assert all(row.value() is Attendance.PRESENT for row in dialog.rows)
    esc(qtbot, dialog)
    with qtbot.waitSignal(dialog.rejected):
        asking(dialog).button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()
    members = services.rosters.get_shift(officer, shift.id).members
    assert all(m.attendance is not Attendance.PRESENT for m in members)


def test_saving_the_attendance_sheet_does_not_ask(
    qtbot: QtBot, host: QWidget, services: Services, officer: Principal, shift: ShiftDetail
) -> None:
    dialog = shown(qtbot, AttendanceDialog(services, officer, shift, parent=host))
    dialog.all_present_button.click()
    dialog.accept()
    assert not dialog.isVisible() and dialog.saved is not None
    assert no_question(dialog)


class Sample(FormDialog):
    """Every kind of input the generic snapshot knows."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Sample", parent)
        self.line = QLineEdit("a")
        self.text = QPlainTextEdit("b")
        self.combo = QComboBox()
        self.combo.addItems(["x", "y"])
        self.editable = QComboBox()
        self.editable.setEditable(True)
        self.spin = QSpinBox()
        self.day = date_edit(date(2026, 5, 1))
        self.check = QCheckBox("c")
        self.list = QListWidget()
        item = QListWidgetItem("张伟")
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.list.addItem(item)
        self.shown_only = QLineEdit("read only")
        self.shown_only.setReadOnly(True)
        for key, widget in vars(self).items():
            if isinstance(widget, QWidget) and key not in ("form", "buttons"):
                self.form.add_field(key, widget)

    def save(self) -> None:
        pass


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.line.setText("a2"),
        lambda d: d.text.setPlainText("b2"),
        lambda d: d.combo.setCurrentIndex(1),
        lambda d: d.editable.setEditText("自填"),
        lambda d: d.spin.setValue(3),
        lambda d: d.day.setDate(d.day.date().addDays(1)),
        lambda d: d.check.setChecked(True),
        lambda d: d.list.item(0).setCheckState(Qt.CheckState.Checked),
        lambda d: d.list.addItem("李娜"),
    ],
)
def test_the_generic_snapshot_sees_each_kind_of_input(qtbot: QtBot, host: QWidget, change) -> None:
    dialog = shown(qtbot, Sample(host))
    assert not dialog.has_changes()
    before = input_values(dialog)
    dialog.shown_only.setText("changed by the program")  # read-only: not typed
    assert not dialog.has_changes()
    change(dialog)
    assert dialog.has_changes() and input_values(dialog) != before
    dialog.reject()
    asking(dialog).button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()


def test_a_dialog_never_shown_has_no_changes(host: QWidget) -> None:
    dialog = Sample(host)
    dialog.line.setText("typed before showing")
    assert not dialog.has_changes()
    dialog.mark_clean()
    dialog.line.setText("now changed")
    assert dialog.has_changes()
