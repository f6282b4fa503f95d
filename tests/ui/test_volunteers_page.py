"""The volunteers page, driven like the officer: add a volunteer through the dialog (a bad ID
number refused at its field), search by pinyin initials, edit, change the status, delete
(asked) and restore, cancel with changes (asked), manage teams, import a .csv (preview of new
and error rows, nothing saved until it is correct, then applied) and print the roster list."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.enums import Gender
from station_desk.domain.validators import resident_id_check_char
from station_desk.domain.volunteers import (
    DayPart,
    TeamDraft,
    TeamKind,
    VolunteerDraft,
    VolunteerQuery,
    VolunteerRole,
    VolunteerStatus,
    VolunteerSummary,
)
from station_desk.services.container import Services
from station_desk.services.volunteer_import import ImportStatus
from station_desk.ui.volunteers.dialogs import (
    AvailabilityGrid,
    TeamDialog,
    TeamsDialog,
    VolunteerDialog,
)
from station_desk.ui.volunteers.import_dialog import VolunteerImportDialog
from station_desk.ui.volunteers.page import VolunteersPage
from station_desk.ui.widgets import preview as pdf_preview
from tests.reports_helpers import pdf_text, squash
from tests.ui.helpers import MakeWindow, TypeText, click, open_message_box


def resident_id(birth: date, serial: str = "123") -> str:
    first17 = f"110105{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


WOMAN_ID = resident_id(date(1968, 5, 4), "242")  # an even serial digit: female


@pytest.fixture(autouse=True)
def _private_ui_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = str(tmp_path / "ui-settings.ini")
    monkeypatch.setattr(
        pdf_preview, "ui_settings", lambda: QSettings(path, QSettings.Format.IniFormat)
    )


@pytest.fixture
def teams(services: Services, officer: Principal) -> dict[str, str]:
    one = services.volunteers.create_team(officer, TeamDraft("巡逻一队", TeamKind.PATROL))
    two = services.volunteers.create_team(
        officer, TeamDraft("平安志愿者", TeamKind.SAFETY_VOLUNTEERS)
    )
    return {one.name: one.id, two.name: two.id}


@pytest.fixture
def some_volunteers(services: Services, officer: Principal, teams: dict[str, str]) -> None:
    for draft in (
        VolunteerDraft(
            "张建国",
            phone="13812345678",
            team_id=teams["巡逻一队"],
            role=VolunteerRole.LEADER,
            insurance_until=date.today() - timedelta(days=3),
        ),
        VolunteerDraft(
            "李秀英",
            resident_id=WOMAN_ID,
            team_id=teams["巡逻一队"],
            insurance_until=date.today() + timedelta(days=100),
        ),
        VolunteerDraft("王海燕", phone="13900001111", team_id=teams["平安志愿者"]),
    ):
        services.volunteers.create(officer, draft)


@pytest.fixture
def page(qtbot: QtBot, services: Services, aux: Principal) -> VolunteersPage:
    widget = VolunteersPage(services, aux)  # auxiliary police may keep volunteers (EDIT_RECORDS)
    qtbot.addWidget(widget)
    widget.resize(1300, 680)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def ok(qtbot: QtBot, dialog) -> None:
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def selected(page: VolunteersPage) -> VolunteerSummary:
    chosen = page.selected()
    assert chosen is not None
    return chosen


def edit(page: VolunteersPage) -> VolunteerDialog:
    dialog = page.edit_selected()
    assert dialog is not None and dialog.isVisible()
    return dialog


def search(page: VolunteersPage, text: str) -> list[str]:
    page.search.setText(text)
    page.reload()
    return page.names()


def test_adding_a_volunteer_with_a_bad_id_then_a_good_one(
    teams: dict[str, str],
    qtbot: QtBot,
    page: VolunteersPage,
    services: Services,
    aux: Principal,
    type_text: TypeText,
) -> None:
    click(qtbot, page.new_button)
    dialog = page.findChild(VolunteerDialog)
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.name, "李秀英")
    type_text(dialog.resident_id, WOMAN_ID[:-1] + ("0" if WOMAN_ID[-1] != "0" else "1"))
    assert dialog.gender.isEnabled()  # not a valid number: nothing derived
    choose(dialog.team, "巡逻一队")
    type_text(dialog.phone, "13812340000")
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.tabs.currentIndex() == 0
    assert dialog.error_text("resident_id") != ""

    dialog.resident_id.setText(WOMAN_ID)
    assert not dialog.gender.isEnabled()
    assert dialog.gender.currentData() == Gender.FEMALE.value
    assert dialog.birth_date.value() == date(1968, 5, 4)
    assert "1968-05-04" in dialog.derived.text()
    dialog.tabs.setCurrentIndex(2)
    dialog.vest.setChecked(True)
    dialog.insurance.set_value(date.today() + timedelta(days=30))
    type_text(dialog.allowance, "交通补贴50元/月")
    ok(qtbot, dialog)
    assert not dialog.isVisible()

    (row,) = page.rows()
    assert (row.name, row.team_name, row.gender, row.phone) == (
        "李秀英",
        "巡逻一队",
        Gender.FEMALE,
        "13812340000",
    )
    assert selected(page).id == row.id
    detail = services.volunteers.get(aux, row.id)
    assert detail.resident_id == WOMAN_ID and detail.vest_issued
    assert detail.allowance == "交通补贴50元/月"


def test_an_empty_list_says_how_to_add_volunteers(
    services: Services, officer: Principal, teams: dict[str, str], page: VolunteersPage
) -> None:
    assert page.model.rowCount() == 0
    empty_hint = page.count.text()
    assert "New…" in empty_hint or "新建" in empty_hint
    assert search(page, "无此人") == []
    assert page.count.text() != empty_hint  # a search finding nothing is not "no volunteers"
    page.search.clear()
    services.volunteers.create(officer, VolunteerDraft("张建国", team_id=teams["巡逻一队"]))
    page.reload()
    assert page.count.text() != empty_hint


def test_availability_headers_are_short_and_do_not_wrap(qtbot: QtBot) -> None:
    grid = AvailabilityGrid()
    qtbot.addWidget(grid)
    headers = [
        label
        for label in grid.findChildren(QLabel)
        if label.toolTip()  # the day-part headers carry the full label as tooltip
    ]
    assert len(headers) == 4
    assert all(not label.wordWrap() and "(" not in label.text() for label in headers)


def test_search_by_pinyin_initials_team_and_status(
    some_volunteers: None, page: VolunteersPage, teams: dict[str, str], qtbot: QtBot
) -> None:
    assert page.names() == ["李秀英", "王海燕", "张建国"]
    assert search(page, "zjg") == ["张建国"]
    assert search(page, "lxy") == ["李秀英"]
    assert search(page, "海燕") == ["王海燕"]
    assert search(page, "1390000") == ["王海燕"]
    assert search(page, "") == ["李秀英", "王海燕", "张建国"]
    choose(page.team, "平安志愿者")
    assert page.names() == ["王海燕"]
    choose(page.team, "All teams")
    page.search.setText("wh")
    qtbot.waitUntil(lambda: page.names() == ["王海燕"])


def test_expired_insurance_is_flagged(some_volunteers: None, page: VolunteersPage) -> None:
    row = next(r for r in page.rows() if r.name == "张建国")
    index = page.model.index(page.rows().index(row), 7)
    assert "expired" in page.model.data(index)
    assert page.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "1 with expired insurance" in page.count.text()


def test_editing_with_enter_and_adding_a_commendation(
    some_volunteers: None,
    qtbot: QtBot,
    page: VolunteersPage,
    services: Services,
    aux: Principal,
    type_text: TypeText,
) -> None:
    page.select(next(r.id for r in page.rows() if r.name == "王海燕"))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.findChild(VolunteerDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.phone.text() == "13900001111"
    dialog.tabs.setCurrentIndex(1)
    choose(dialog.role, VolunteerRole.DEPUTY.label)
    click(qtbot, dialog.availability.no_time)
    dialog.availability.boxes[(2, DayPart.EVENING)].setChecked(True)
    dialog.availability.boxes[(4, DayPart.EVENING)].setChecked(True)
    dialog.tabs.setCurrentIndex(2)
    added = dialog.add_commendation()
    type_text(added.title, "优秀志愿者")
    added.accept()
    assert not added.isVisible()
    assert [c.title for c in dialog.commendations.rows()] == ["优秀志愿者"]
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    detail = services.volunteers.get(aux, selected(page).id)
    assert detail.role is VolunteerRole.DEPUTY
    assert detail.availability == {(2, DayPart.EVENING), (4, DayPart.EVENING)}
    assert [c.title for c in detail.commendations] == ["优秀志愿者"]

    dialog = edit(page)
    dialog.commendation_table.selectRow(0)
    dialog.remove_commendation()
    ok(qtbot, dialog)
    assert services.volunteers.get(aux, detail.id).commendations == ()


def test_cancel_with_changes_asks(
    some_volunteers: None, qtbot: QtBot, page: VolunteersPage, services: Services, aux: Principal
) -> None:
    page.select(next(r.id for r in page.rows() if r.name == "张建国"))
    dialog = edit(page)
    dialog.address.setText("和平里北街1号")
    dialog.reject()
    box = open_message_box(dialog)
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert dialog.isVisible() and dialog.address.text() == "和平里北街1号"
    dialog.reject()
    with qtbot.waitSignal(dialog.rejected):
        click(qtbot, open_message_box(dialog).button(QMessageBox.StandardButton.Discard))
    assert services.volunteers.get(aux, selected(page).id).address == ""

    untouched = edit(page)
    untouched.reject()  # nothing changed: closes without asking
    assert not untouched.isVisible()


def test_status_delete_with_confirmation_and_restore(
    some_volunteers: None, qtbot: QtBot, page: VolunteersPage, services: Services, aux: Principal
) -> None:
    page.select(next(r.id for r in page.rows() if r.name == "王海燕"))
    page.set_status(VolunteerStatus.PAUSED)
    assert selected(page).status is VolunteerStatus.PAUSED
    page.set_status(VolunteerStatus.LEFT)
    click(qtbot, open_message_box(page).button(QMessageBox.StandardButton.Yes))
    assert "王海燕" not in page.names()  # the default filter hides those who left
    choose(page.status, VolunteerStatus.LEFT.label)
    assert page.names() == ["王海燕"]
    choose(page.status, "Not left")

    page.select(next(r.id for r in page.rows() if r.name == "张建国"))
    click(qtbot, page.delete_button)
    box = open_message_box(page)
    assert "张建国" in box.text()
    click(qtbot, box.button(QMessageBox.StandardButton.No))
    assert "张建国" in page.names()
    click(qtbot, page.delete_button)
    click(qtbot, open_message_box(page).button(QMessageBox.StandardButton.Yes))
    assert page.names() == ["李秀英"]

    page.show_deleted.setChecked(True)
    assert page.restore_button.isVisible()
    page.select(next(r.id for r in page.rows() if r.name == "张建国"))
    assert page.restore_button.isEnabled() and not page.edit_button.isEnabled()
    click(qtbot, page.restore_button)
    page.show_deleted.setChecked(False)
    assert page.names() == ["李秀英", "张建国"]
    assert services.volunteers.search(aux, VolunteerQuery(text="zjg"))[0].is_deleted is False


def test_managing_teams_with_a_leader(
    some_volunteers: None,
    qtbot: QtBot,
    page: VolunteersPage,
    services: Services,
    aux: Principal,
    type_text: TypeText,
) -> None:
    teams_dialog = page.open_teams()
    assert isinstance(teams_dialog, TeamsDialog)
    qtbot.waitUntil(lambda: not teams_dialog.teams.reading())  # read on a worker thread
    assert [t.name for t in teams_dialog.teams.rows()] == ["巡逻一队", "平安志愿者"]
    click(qtbot, teams_dialog.teams.new_button)
    dialog = teams_dialog.findChild(TeamDialog)
    assert dialog is not None
    type_text(dialog.name, "楼栋长")
    choose(dialog.kind, TeamKind.BUILDING_HEADS.label)
    ok(qtbot, dialog)
    assert "楼栋长" in [t.name for t in teams_dialog.teams.rows()]

    teams_dialog.teams.select(
        next(t.id for t in teams_dialog.teams.rows() if t.name == "平安志愿者")
    )
    dialog = teams_dialog.teams.edit_selected()
    choose(dialog.leader, "王海燕")
    ok(qtbot, dialog)
    team = next(t for t in services.volunteers.list_teams(aux) if t.name == "平安志愿者")
    assert team.leader_name == "王海燕"

    teams_dialog.teams.select(team.id)  # still has a member: refused with a message
    click(qtbot, teams_dialog.teams.delete_button)
    click(qtbot, open_message_box(teams_dialog.teams).button(QMessageBox.StandardButton.Yes))
    assert "move them" in open_message_box(teams_dialog.teams).text()
    open_message_box(teams_dialog.teams).close()
    teams_dialog.close()
    qtbot.waitUntil(lambda: not page.reading())  # read again on a worker thread
    assert page.team.findText("楼栋长") >= 0


def test_import_preview_refuses_errors_then_applies(
    some_volunteers: None,
    qtbot: QtBot,
    page: VolunteersPage,
    services: Services,
    aux: Principal,
    tmp_path: Path,
) -> None:
    bad_id = WOMAN_ID[:-1] + ("0" if WOMAN_ID[-1] != "0" else "1")
    path = tmp_path / "花名册.csv"
    path.write_text(
        "序号,姓名,性别,身份证号码,联系电话,所属队伍,职务\n"
        "1,赵丽娟,女,,13700002222,楼栋长,队员\n"
        f"2,孙志强,男,{bad_id},13700003333,巡逻一队,队员\n"
        "3,,男,,13700004444,巡逻一队,队员\n",
        encoding="utf-8",
    )
    dialog = page.open_import()
    assert isinstance(dialog, VolunteerImportDialog)
    assert not dialog.apply_button.isEnabled()
    preview = dialog.load(path)
    assert preview is not None
    assert [r.status for r in dialog.rows()] == [
        ImportStatus.NEW,
        ImportStatus.ERROR,
        ImportStatus.ERROR,
    ]
    assert not dialog.apply_button.isEnabled()
    assert "1 new" in dialog.summary.text() and "2 with errors" in dialog.summary.text()
    last = dialog.model.columnCount() - 1
    assert dialog.model.headerData(last, Qt.Orientation.Horizontal) in ("Messages", "说明")
    messages = dialog.model.data(dialog.model.index(1, last))
    assert messages  # why the ID number is refused
    assert "楼栋长" in dialog.details.text()  # the team it would create
    # the file's columns come right after line and result, not behind the messages
    assert dialog.model.headerData(2, Qt.Orientation.Horizontal) == "姓名"
    assert dialog.table.columnViewportPosition(2) < 200

    path.write_text(
        "序号,姓名,性别,身份证号码,联系电话,所属队伍,职务\n"
        "1,赵丽娟,女,,13700002222,楼栋长,队员\n"
        f"2,孙志强,男,{resident_id(date(1970, 1, 2), '131')},13700003333,巡逻一队,队员\n"
        "3,王海燕,,,13900001111,平安志愿者,副队长\n",
        encoding="utf-8",
    )
    click(qtbot, dialog.reload_button)
    assert [r.status for r in dialog.rows()] == [
        ImportStatus.NEW,
        ImportStatus.NEW,
        ImportStatus.UPDATE,
    ]
    assert dialog.apply_button.isEnabled()
    click(qtbot, dialog.apply_button)
    assert not dialog.isVisible()
    assert page.names() == ["李秀英", "孙志强", "王海燕", "张建国", "赵丽娟"]
    assert page.team.findText("楼栋长") >= 0
    (wang,) = services.volunteers.search(aux, VolunteerQuery(text="王海燕"))
    assert wang.role is VolunteerRole.DEPUTY


def test_import_cancel_saves_nothing(
    teams: dict[str, str],
    page: VolunteersPage,
    services: Services,
    aux: Principal,
    tmp_path: Path,
) -> None:
    path = tmp_path / "list.csv"
    path.write_text("姓名,联系电话\n赵丽娟,13700002222\n", encoding="utf-8")
    dialog = page.open_import()
    dialog.load(path)
    assert dialog.apply_button.isEnabled()
    dialog.reject()
    assert services.volunteers.search(aux) == []


def test_roster_list_preview_pdf_and_xlsx(
    some_volunteers: None,
    qtbot: QtBot,
    services: Services,
    officer: Principal,
    tmp_path: Path,
) -> None:
    page = VolunteersPage(services, officer)  # an officer may also save the .xlsx register
    qtbot.addWidget(page)
    page.resize(1300, 680)
    page.show()
    preview = page.preview_roster()
    with qtbot.waitSignal(preview.loaded, timeout=20_000):
        pass
    assert preview.page_count() > 0
    text = squash(pdf_text(preview.data))
    assert "张建国" in text and "李秀英" in text
    assert WOMAN_ID not in text  # masked
    target = tmp_path / "roster.pdf"
    assert preview.save_to(target)
    assert "王海燕" in squash(pdf_text(target.read_bytes()))
    preview.close()

    choose(page.team, "平安志愿者")
    saved = page.save_xlsx(tmp_path / "roster.xlsx")
    assert saved is not None
    sheet = load_workbook(saved).active
    values = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert any("王海燕" in v for v in values)
    assert not any("张建国" in v for v in values)


def test_auxiliary_cannot_save_the_register(page: VolunteersPage) -> None:
    assert page.roster_button.isEnabled()
    assert not page.xlsx_button.isEnabled()  # .xlsx needs EXPORT
    assert page.import_button.isEnabled()


def test_models_are_consistent(qtmodeltester, some_volunteers: None, page: VolunteersPage) -> None:
    qtmodeltester.check(page.model)


def test_insurance_missing_or_ending_within_30_days_is_flagged_and_counted(
    qtbot: QtBot,
    services: Services,
    officer: Principal,
    teams: dict[str, str],
    make_window: MakeWindow,
) -> None:
    """Issue 16.12: missing, expired or ending within 30 days: flagged in the list, counted on
    the home page; the home card opens the list filtered to them."""
    for name, until, status in (
        ("张建国", date.today() - timedelta(days=3), VolunteerStatus.ACTIVE),  # expired
        ("李秀英", date.today() + timedelta(days=12), VolunteerStatus.ACTIVE),  # ends soon
        ("王海燕", None, VolunteerStatus.ACTIVE),  # missing
        ("赵敏", date.today() + timedelta(days=31), VolunteerStatus.ACTIVE),  # fine
        ("钱进", None, VolunteerStatus.LEFT),  # left the team: no reminder
    ):
        services.volunteers.create(
            officer,
            VolunteerDraft(name, team_id=teams["巡逻一队"], insurance_until=until, status=status),
        )
    window = make_window(officer)
    home = window.pages["home"]
    qtbot.waitUntil(lambda: not home.reading())  # the figures are read on a worker thread
    card = {c.key: c for c in home.counter_cards()}["insurance_due"]
    assert card.value.text() == "3" and card.linked
    assert card.caption.text() == "Volunteer insurance to renew"

    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    page = window.pages["volunteers"]
    assert isinstance(page, VolunteersPage)
    assert window.current_page_key() == "volunteers" and page.insurance_due.isChecked()
    assert sorted(page.names()) == sorted(["张建国", "李秀英", "王海燕"])
    texts = {row.name: page.model.data(page.model.index(i, 7)) for i, row in enumerate(page.rows())}
    assert texts["王海燕"] == "None recorded"
    assert texts["李秀英"].endswith("(ends in 12 days)")
    assert all(
        page.model.data(page.model.index(i, 7), Qt.ItemDataRole.BackgroundRole) is not None
        for i in range(len(page.rows()))
    )
    page.insurance_due.setChecked(False)
    assert "赵敏" in page.names()
    fine = page.names().index("赵敏")
    assert page.model.data(page.model.index(fine, 7), Qt.ItemDataRole.BackgroundRole) is None
