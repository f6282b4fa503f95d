"""The mediation page and case editor, driven like the officer: register → parties (a child
without a guardian refused at the guardian field) → session → agreement → print preview →
save the PDF → return visit → close; the list filters by pinyin initials; unsaved edits ask."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.mediation import (
    CaseDraft,
    CaseSource,
    CaseStatus,
    DisputeType,
    MediationKind,
    PartyEntry,
    PartyRole,
    SessionEntry,
)
from station_desk.domain.validators import resident_id_check_char
from station_desk.services.container import Services
from station_desk.ui.mediation.dialogs import CloseReasonDialog
from station_desk.ui.mediation.page import MediationPage
from station_desk.ui.widgets import preview as pdf_preview
from tests.reports_helpers import pdf_text, squash
from tests.ui.helpers import open_message_box


def resident_id(birth: date, serial: str = "123") -> str:
    first17 = f"110105{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


ADULT_ID = resident_id(date(1985, 3, 7))
OTHER_ID = resident_id(date(1979, 11, 2), "358")


@pytest.fixture(autouse=True)
def _private_ui_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = str(tmp_path / "ui-settings.ini")
    monkeypatch.setattr(
        pdf_preview, "ui_settings", lambda: QSettings(path, QSettings.Format.IniFormat)
    )


@pytest.fixture
def page(qtbot: QtBot, services: Services, officer: Principal) -> MediationPage:
    widget = MediationPage(services, officer)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    return widget


def answer(qtbot: QtBot, parent, button: QMessageBox.StandardButton) -> None:
    box = open_message_box(parent)
    box.button(button).click()


def test_the_whole_case_from_registration_to_closing(
    qtbot: QtBot, page: MediationPage, services: Services, officer: Principal, tmp_path: Path
) -> None:
    dialog = page.new_case()
    dialog.title.setText("楼上漏水纠纷")
    dialog.facts.setPlainText("3号楼502室漏水殃及402室，双方就赔偿发生争执。")
    dialog.accept()
    assert dialog.created is not None and page.is_editing()
    editor = page.editor
    number = editor.case.case_number
    assert number.startswith(f"〔{date.today().year}〕")

    party = editor.add_party()
    party.name.setText("张伟")
    party.resident_id.setText(ADULT_ID)
    assert "1985-03-07" in party.derived.text()
    party.accept()
    assert editor.party_model.rowCount() == 1

    child = editor.add_party()
    child.name.setText("李小明")
    child.role.setCurrentIndex(child.role.findData(PartyRole.RESPONDENT.value))
    ten = date.today().replace(year=date.today().year - 10, day=min(date.today().day, 28))
    child.resident_id.setText(resident_id(ten - timedelta(days=3), "246"))
    assert child.minor and child.guardian_note.text()
    child.accept()  # no guardian: refused at the guardian field, nothing lost
    assert child.isVisible()
    assert child.form.error_text("guardian_name")
    child.guardian_name.setText("李强")
    child.guardian_relation.setText("父亲")
    child.accept()
    assert not child.isVisible()
    assert editor.is_dirty()
    assert editor.save()
    case = services.mediation.get(officer, editor.case.id)
    assert [p.name for p in case.parties] == ["张伟", "李小明"]
    assert case.parties[1].guardian_name == "李强"

    session = editor.add_session()
    session.place.setText("和平里警务室")
    session.rights.setChecked(True)
    session.statements[0][1].setPlainText("楼上漏水已三次。")
    session.statements[1][1].setPlainText("愿意修缮。")
    session.result.setPlainText("双方同意赔偿。")
    session.accept()
    assert not session.isVisible()
    assert editor.case.status is CaseStatus.IN_MEDIATION
    assert len(editor.case.sessions) == 1

    record = editor.preview_record()
    with qtbot.waitSignal(record.loaded, timeout=20_000):
        pass
    assert record.page_count() > 0
    record.close()

    editor.tabs.setCurrentIndex(3)
    editor.terms.setPlainText("")
    assert not editor.save_outcome()  # an agreement without terms: at the field
    assert editor.outcome_form.error_text("terms")
    editor.terms.setPlainText("李小明一方赔偿张伟800元，于一周内付清。")
    assert editor.save_outcome()
    assert editor.case.status is CaseStatus.AGREEMENT

    assert editor.full_ids.isChecked()  # the parties sign it: full ID numbers by default
    preview = editor.preview_agreement()
    with qtbot.waitSignal(preview.loaded, timeout=20_000):
        pass
    assert preview.page_count() > 0
    target = tmp_path / "agreement.pdf"
    assert preview.save_to(target)
    assert number in squash(pdf_text(target.read_bytes()))
    preview.close()

    visit = editor.add_visit()
    visit.findings.setPlainText("赔偿已付清，邻里关系恢复。")
    visit.accept()
    assert not visit.isVisible()
    assert len(editor.case.return_visits) == 1

    editor.close_case()
    answer(qtbot, editor, QMessageBox.StandardButton.Yes)
    assert editor.case.status is CaseStatus.CLOSED
    assert not editor.save_button.isEnabled()


def test_closing_an_incomplete_case_asks_why(
    qtbot: QtBot, page: MediationPage, services: Services, officer: Principal
) -> None:
    case = services.mediation.register_case(
        officer,
        CaseDraft(
            date.today(),
            CaseSource.WALK_IN,
            DisputeType.NEIGHBOUR,
            MediationKind.POLICE,
            "噪音纠纷",
            "",
            parties=(PartyEntry("王芳", resident_id=ADULT_ID),),
        ),
    )
    services.mediation.save_session(
        officer,
        case.id,
        SessionEntry(datetime.combine(date.today(), datetime.min.time()), mediators="李明"),
    )
    page.search()
    page.open_case(case.id)
    editor = page.editor
    editor.terms.setPlainText("不再夜间喧哗。")
    assert editor.save_outcome()
    editor.close_case()
    answer(qtbot, editor, QMessageBox.StandardButton.Yes)
    (dialog,) = [d for d in editor.findChildren(CloseReasonDialog) if d.isVisible()]
    dialog.accept()
    assert dialog.form.error_text("confirm_incomplete_reason")
    dialog.reason.setPlainText("当事人拒绝签署笔录")
    dialog.accept()
    assert editor.case.status is CaseStatus.CLOSED
    assert editor.case.closed_incomplete_reason == "当事人拒绝签署笔录"


def test_list_filters_by_pinyin_initials_and_id(
    page: MediationPage, services: Services, officer: Principal
) -> None:
    for title, name, number in (("漏水", "张伟", ADULT_ID), ("停车", "李娜", "")):
        services.mediation.register_case(
            officer,
            CaseDraft(
                date.today(),
                CaseSource.WALK_IN,
                DisputeType.NEIGHBOUR,
                MediationKind.POLICE,
                title,
                parties=(PartyEntry(name, resident_id=number),),
            ),
        )
    page.search()
    assert len(page.rows()) == 2
    page.list.party.setText("zw")
    page.search()
    assert [r.title for r in page.rows()] == ["漏水"]
    page.list.party.clear()
    page.list.resident_id.setText(ADULT_ID)
    page.search()
    assert [r.title for r in page.rows()] == ["漏水"]


def test_unsaved_edits_ask_before_leaving(
    qtbot: QtBot, page: MediationPage, services: Services, officer: Principal
) -> None:
    case = services.mediation.register_case(
        officer,
        CaseDraft(
            date.today(), CaseSource.WALK_IN, DisputeType.DEBT, MediationKind.PEOPLES, "欠款"
        ),
    )
    page.search()
    page.open_case(case.id)
    page.editor.title.setText("欠款纠纷")
    assert page.has_unsaved_changes()
    page.editor.go_back()
    answer(qtbot, page.editor, QMessageBox.StandardButton.Save)
    assert not page.is_editing()
    assert services.mediation.get(officer, case.id).title == "欠款纠纷"


def test_register_preview_and_xlsx(
    qtbot: QtBot, page: MediationPage, services: Services, officer: Principal, tmp_path: Path
) -> None:
    services.mediation.register_case(
        officer,
        CaseDraft(
            date.today(), CaseSource.WALK_IN, DisputeType.DEBT, MediationKind.PEOPLES, "欠款纠纷"
        ),
    )
    dialog = page.open_register()
    preview = dialog.preview()
    with qtbot.waitSignal(preview.loaded, timeout=20_000):
        pass
    assert preview.page_count() > 0
    preview.close()
    target = tmp_path / "register.xlsx"
    assert dialog.save_xlsx(target)
    sheet = load_workbook(target).active
    assert any("欠款纠纷" in str(cell.value) for row in sheet.iter_rows() for cell in row)
    dialog.close()


def test_party_id_numbers_are_masked_and_shown_one_at_a_time(
    qtbot: QtBot, services: Services, officer: Principal, aux: Principal, admin: Principal
) -> None:
    """Issue 16.2: the parties tab masks ID numbers for every role (the auxiliary account
    included); "Show ID number" reveals the chosen one, and the audit trail records it."""
    case = services.mediation.register_case(
        officer,
        CaseDraft(
            date.today(),
            CaseSource.WALK_IN,
            DisputeType.NEIGHBOUR,
            MediationKind.POLICE,
            "噪音纠纷",
            parties=(
                PartyEntry("王芳", resident_id=ADULT_ID),
                PartyEntry("李强", resident_id=OTHER_ID, role=PartyRole.RESPONDENT),
            ),
        ),
    )
    page = MediationPage(services, aux)
    qtbot.addWidget(page)
    page.open_case(case.id)
    editor = page.editor
    shown = [editor.party_model.index(row, 4).data() for row in range(2)]
    assert shown == ["*" * 14 + ADULT_ID[-4:], "*" * 14 + OTHER_ID[-4:]]
    assert not any(ADULT_ID in (editor.party_model.index(0, c).data() or "") for c in range(6))

    editor.party_table.selectRow(1)
    editor.show_id_button.click()
    assert editor.party_model.index(1, 4).data() == OTHER_ID
    assert editor.party_model.index(0, 4).data().startswith("*")  # only the chosen one
    entries = services.audit.list_entries(admin, AuditFilter(action="view_id"))
    assert [(e.username, e.details["name"], e.details["why"]) for e in entries] == [
        ("aux", "李强", "show")
    ]
    assert entries[0].details["case_number"] == case.case_number

    page.show_list()
    page.open_case(case.id)  # opened again: masked again
    assert editor.party_model.index(1, 4).data().startswith("*")

    editor.party_table.selectRow(0)  # changing a party shows its number (audited)
    dialog = editor.edit_party()
    assert dialog is not None and dialog.resident_id.text() == ADULT_ID
    dialog.reject()
    entries = services.audit.list_entries(admin, AuditFilter(action="view_id"))
    assert sorted(e.details["why"] for e in entries) == ["edit", "show"]


def test_the_settings_show_the_official_2026_days_and_say_so(
    qtbot: QtBot, services: Services, admin: Principal
) -> None:
    """Issue 16.11: the holiday calendar opens with the shipped 2026 days, editable."""
    from station_desk.ui.mediation.settings import MediationSettingsDialog

    dialog = MediationSettingsDialog(services, admin)
    qtbot.addWidget(dialog)
    assert "2026" in dialog.official_note.text()
    assert date(2026, 10, 1) in dialog.calendar.holiday_days()
    assert date(2026, 10, 10) in dialog.calendar.workday_days()
