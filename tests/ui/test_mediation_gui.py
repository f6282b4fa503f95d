"""The rest of the mediation GUI, driven like the officer: the statistics of a period; the
kind / overdue / deleted filters and restoring a case; reopening an outcome; editing and
deleting sessions and return visits (after a confirmation); organisation parties and a typed
birth date under the guardian rule; and unsaved outcome / follow-up edits asking before
leaving."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import (
    CaseDetail,
    CaseDraft,
    CaseOutcome,
    CaseSource,
    CaseStatus,
    DisputeType,
    MediationKind,
    OutcomeEntry,
    PartyEntry,
    PartyKind,
    PartyRole,
    PerformanceStatus,
    ReturnVisitEntry,
    SessionEntry,
)
from station_desk.domain.validators import resident_id_check_char
from station_desk.services.container import Services
from station_desk.ui.mediation.page import MediationPage
from station_desk.ui.widgets import preview as pdf_preview
from station_desk.ui.widgets.inputs import to_qdate
from tests.ui.helpers import open_message_box


def resident_id(birth: date, serial: str = "123") -> str:
    first17 = f"110105{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


ADULT_ID = resident_id(date(1985, 3, 7))


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


def answer(parent, button: QMessageBox.StandardButton) -> None:
    open_message_box(parent).button(button).click()


def register(
    services: Services,
    officer: Principal,
    title: str = "漏水纠纷",
    received: date | None = None,
    kind: MediationKind = MediationKind.POLICE,
    dispute: DisputeType = DisputeType.NEIGHBOUR,
) -> CaseDetail:
    return services.mediation.register_case(
        officer,
        CaseDraft(
            received or date.today(),
            CaseSource.WALK_IN,
            dispute,
            kind,
            title,
            "楼上漏水殃及楼下。",
            parties=(PartyEntry("张伟", resident_id=ADULT_ID),),
        ),
    )


def in_mediation(services: Services, officer: Principal, case: CaseDetail) -> CaseDetail:
    return services.mediation.save_session(
        officer,
        case.id,
        SessionEntry(
            datetime.combine(case.received_on, datetime.min.time()).replace(hour=9),
            mediators="李明",
            rights_explained=True,
            result="双方各自陈述",
        ),
    )


def agreed(services: Services, officer: Principal, case: CaseDetail) -> CaseDetail:
    in_mediation(services, officer, case)
    return services.mediation.record_outcome(
        officer,
        case.id,
        OutcomeEntry(CaseOutcome.AGREEMENT, case.received_on, terms="赔偿800元。"),
    )


def test_statistics_of_a_period(
    qtbot: QtBot,
    page: MediationPage, services: Services, officer: Principal
) -> None:
    agreed(services, officer, register(services, officer, "漏水"))
    case = in_mediation(services, officer, register(services, officer, "噪音"))
    services.mediation.record_outcome(
        officer,
        case.id,
        OutcomeEntry(CaseOutcome.NO_AGREEMENT, date.today(), reason="双方分歧较大。"),
    )
    register(services, officer, "欠款", kind=MediationKind.PEOPLES, dispute=DisputeType.DEBT)

    dialog = page.open_statistics()
    assert dialog.isVisible()
    assert dialog.date_from.date().toPython() == date(date.today().year, 1, 1)
    qtbot.waitUntil(lambda: not dialog.reading())  # counted on a worker thread
    stats = dialog.stats
    assert stats is not None and stats.total == 3 and stats.agreements == 1
    assert "Success rate: 50.0%" in dialog.summary.text()
    by_type = {row[0]: row[1] for row in dialog.type_model.rows()}
    assert by_type[DisputeType.NEIGHBOUR.label] == 2 and by_type[DisputeType.DEBT.label] == 1
    assert dialog.type_model.rows()[0][2] == "66.7%"  # largest first, with its share
    by_outcome = {row[0]: row[1] for row in dialog.outcome_model.rows()}
    assert by_outcome[CaseOutcome.AGREEMENT.label] == 1
    assert by_outcome[CaseOutcome.NO_AGREEMENT.label] == 1
    assert by_outcome["No outcome yet"] == 1
    by_kind = {row[0]: row[1] for row in dialog.kind_model.rows()}
    assert by_kind[MediationKind.POLICE.label] == 2

    dialog.date_from.setDate(to_qdate(date.today() + timedelta(days=1)))  # the period follows
    qtbot.waitUntil(lambda: not dialog.reading())
    assert not dialog.error.isHidden()  # the end is now before the start
    dialog.date_to.setDate(to_qdate(date.today() + timedelta(days=2)))
    assert dialog.reading() and dialog.summary.text() == "Reading…"
    qtbot.waitUntil(lambda: not dialog.reading())
    assert dialog.error.isHidden()
    assert dialog.stats is not None and dialog.stats.total == 0
    assert "no case has an outcome yet" in dialog.summary.text()
    dialog.close()


def test_kind_and_overdue_filters_and_restoring_a_deleted_case(
    qtbot: QtBot, page: MediationPage, services: Services, officer: Principal
) -> None:
    old = register(services, officer, "旧案", received=date.today() - timedelta(days=30))
    register(services, officer, "新案")
    peoples = register(services, officer, "欠款", kind=MediationKind.PEOPLES)
    page.search()
    assert len(page.rows()) == 3

    page.list.kind.setCurrentIndex(page.list.kind.findData(MediationKind.PEOPLES.value))
    assert [r.id for r in page.rows()] == [peoples.id]
    page.list.kind.setCurrentIndex(0)
    page.list.overdue_only.setChecked(True)
    assert [r.id for r in page.rows()] == [old.id]
    page.list.overdue_only.setChecked(False)

    assert not page.list.restore_button.isVisible()
    page.select(old.id)
    page.delete_selected()
    answer(page, QMessageBox.StandardButton.Yes)
    assert old.id not in [r.id for r in page.rows()]

    page.list.show_deleted.setChecked(True)
    assert page.list.restore_button.isVisible()
    page.select(old.id)
    (row,) = [r for r in page.rows() if r.id == old.id]
    assert row.is_deleted and "(deleted)" in page.list.model.index(page.rows().index(row), 6).data()
    assert page.list.restore_button.isEnabled() and not page.list.delete_button.isEnabled()
    page.restore_selected()
    page.list.show_deleted.setChecked(False)
    assert old.id in [r.id for r in page.rows()]
    restored = services.mediation.get(officer, old.id)
    assert not restored.is_deleted and restored.case_number == old.case_number


def test_reopen_edit_and_delete_sessions_and_visits(
    qtbot: QtBot, page: MediationPage, services: Services, officer: Principal
) -> None:
    case = agreed(services, officer, register(services, officer))
    services.mediation.save_return_visit(
        officer, case.id, ReturnVisitEntry(date.today(), findings="已付清。")
    )
    page.search()
    page.open_case(case.id)
    editor = page.editor
    assert editor.reopen_button.isEnabled()

    editor.visit_table.selectRow(0)
    visit = editor.edit_visit()
    assert visit.findings.toPlainText() == "已付清。"
    visit.findings.setPlainText("已付清，双方满意。")
    visit.accept()
    assert [v.findings for v in editor.case.return_visits] == ["已付清，双方满意。"]
    editor.visit_table.selectRow(0)
    editor.delete_visit()
    answer(editor, QMessageBox.StandardButton.No)  # nothing happens
    assert len(editor.case.return_visits) == 1
    editor.delete_visit()
    answer(editor, QMessageBox.StandardButton.Yes)
    assert editor.case.return_visits == ()

    editor.reopen()
    answer(editor, QMessageBox.StandardButton.Yes)
    assert editor.case.status is CaseStatus.IN_MEDIATION and editor.case.outcome is None
    assert not editor.reopen_button.isEnabled()

    editor.session_table.selectRow(0)
    session = editor.edit_session()
    assert session.result.toPlainText() == "双方各自陈述"
    session.result.setPlainText("约定下周再调")
    session.accept()
    assert [s.result for s in editor.case.sessions] == ["约定下周再调"]
    editor.session_table.selectRow(0)
    editor.delete_session()
    answer(editor, QMessageBox.StandardButton.Yes)
    assert editor.case.sessions == () and editor.case.status is CaseStatus.REGISTERED
    assert services.mediation.get(officer, case.id).status is CaseStatus.REGISTERED


def test_organisation_party_and_typed_birth_date_for_the_guardian_rule(
    qtbot: QtBot, page: MediationPage, services: Services, officer: Principal
) -> None:
    case = register(services, officer)
    page.search()
    page.open_case(case.id)
    editor = page.editor

    firm = editor.add_party()
    firm.kind.setCurrentIndex(firm.kind.findData(PartyKind.ORGANISATION.value))
    assert (
        firm.resident_id.parentWidget().isHidden() and firm.guardian_name.parentWidget().isHidden()
    )
    assert not firm.representative.parentWidget().isHidden()
    firm.name.setText("和平里物业管理有限公司")
    firm.role.setCurrentIndex(firm.role.findData(PartyRole.RESPONDENT.value))
    firm.id_note.setText("91110105MA01ABCD2X")
    firm.representative.setText("赵刚")
    firm.accept()
    assert not firm.isVisible()

    child = editor.add_party()
    child.name.setText("王小红")
    child.id_note.setText("户口簿")
    child.gender.setCurrentIndex(child.gender.findData("female"))
    today = date.today()
    born = today.replace(year=today.year - 10, day=min(today.day, 28)) - timedelta(days=3)
    child.birth_date.set_value(born)
    assert child.minor and child.guardian_note.text()
    child.accept()  # under 16 by the typed birth date: a guardian is needed
    assert child.isVisible() and child.form.error_text("guardian_name")
    child.guardian_name.setText("王强")
    child.guardian_relation.setText("父亲")
    child.accept()
    assert not child.isVisible()

    future = editor.add_party()  # a birth date after the case was received: at the field
    future.name.setText("李四")
    future.birth_date.set_value(date.today() + timedelta(days=1))
    future.accept()
    assert future.isVisible() and future.form.error_text("birth_date")
    future.reject()

    assert editor.save()
    saved = services.mediation.get(officer, case.id)
    organisation, minor = saved.parties[1], saved.parties[2]
    assert organisation.kind is PartyKind.ORGANISATION
    assert organisation.id_note == "91110105MA01ABCD2X" and organisation.representative == "赵刚"
    assert minor.birth_date == born and minor.gender is not None and minor.guardian_name == "王强"
    assert "(organisation)" in editor.party_model.index(1, 0).data()

    editor.party_table.selectRow(2)
    again = editor.edit_party()  # the typed values come back for editing
    assert again.birth_date.value() == born and again.gender.currentData() == "female"
    again.reject()


def test_unsaved_outcome_and_follow_up_edits_ask_before_leaving(
    qtbot: QtBot, page: MediationPage, services: Services, officer: Principal
) -> None:
    case = in_mediation(services, officer, register(services, officer))
    page.search()
    page.open_case(case.id)
    editor = page.editor
    assert not page.has_unsaved_changes()
    assert not editor.performance.isEnabled()  # no agreement yet

    editor.tabs.setCurrentIndex(3)
    editor.terms.setPlainText("赔偿800元。")
    assert page.has_unsaved_changes()

    session = editor.add_session()  # saving a session keeps the unsaved outcome on screen
    session.result.setPlainText("第二次调解")
    session.accept()
    assert len(editor.case.sessions) == 2
    assert editor.terms.toPlainText() == "赔偿800元。" and page.has_unsaved_changes()

    editor.go_back()
    answer(editor, QMessageBox.StandardButton.Cancel)
    assert page.is_editing() and editor.terms.toPlainText() == "赔偿800元。"
    editor.go_back()
    answer(editor, QMessageBox.StandardButton.Save)
    assert not page.is_editing()
    saved = services.mediation.get(officer, case.id)
    assert saved.status is CaseStatus.AGREEMENT
    assert saved.outcome is not None and saved.outcome.terms == "赔偿800元。"

    page.open_case(case.id)
    assert editor.performance.isEnabled() and not page.has_unsaved_changes()
    editor.performance.setCurrentIndex(
        editor.performance.findData(PerformanceStatus.PERFORMED.value)
    )
    editor.performance_note.setText("已付清")
    assert page.has_unsaved_changes()
    editor.go_back()
    answer(editor, QMessageBox.StandardButton.Discard)
    assert not page.is_editing()
    assert services.mediation.get(officer, case.id).performance_status is PerformanceStatus.PENDING

    page.open_case(case.id)  # an outcome that cannot be saved stays on screen, at its field
    editor.terms.setPlainText("")
    editor.title.setText("漏水赔偿纠纷")
    editor.go_back()
    answer(editor, QMessageBox.StandardButton.Save)
    assert page.is_editing()
    assert editor.outcome_form.error_text("terms")
    assert editor.tabs.currentIndex() == 3
    assert services.mediation.get(officer, case.id).title == "漏水赔偿纠纷"  # saved before
    assert page.has_unsaved_changes() and editor.terms.toPlainText() == ""
    editor.load(editor.case)


def test_closing_the_window_with_an_unsaved_outcome_asks(
    qtbot: QtBot, make_window, services: Services, officer: Principal
) -> None:
    case = in_mediation(services, officer, register(services, officer))
    window = make_window(officer)
    window.show_page("mediation")
    page = window.pages["mediation"]
    assert isinstance(page, MediationPage)
    page.open_case(case.id)
    page.editor.terms.setPlainText("赔偿800元。")
    assert window.has_unsaved_changes()
    window.leave_then(lambda: None)
    answer(page.editor, QMessageBox.StandardButton.Save)
    assert services.mediation.get(officer, case.id).status is CaseStatus.AGREEMENT
    assert not window.has_unsaved_changes()


def test_empty_list_hint_and_the_case_register_button(
    qtbot: QtBot, page: MediationPage, services: Services, officer: Principal
) -> None:
    assert page.rows() == []
    assert page.list.count.text() == "No cases yet. Use “New case…” to register one."
    page.list.overdue_only.setChecked(True)  # a filter: the list is empty, not the register
    assert page.list.count.text() == "0 cases"
    page.list.overdue_only.setChecked(False)
    page.list.show_deleted.setChecked(True)  # widens the list, it does not narrow it
    assert page.list.count.text().startswith("No cases yet.")

    assert page.list.register_button.text() == "Case re&gister…"
    dialog = page.open_register()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Mediation register"
    assert "case register" in dialog.explanation.text() and dialog.explanation.isVisible()
    dialog.close()


def test_a_peoples_agreement_shows_until_when_judicial_confirmation_may_be_applied_for(
    qtbot: QtBot, page: MediationPage, services: Services, officer: Principal
) -> None:
    peoples = agreed(services, officer, register(services, officer, kind=MediationKind.PEOPLES))
    page.search()
    page.open_case(peoples.id)
    editor = page.editor
    editor.tabs.setCurrentIndex(3)
    due = peoples.confirmation_due
    assert due is not None and due >= date.today() + timedelta(days=30)
    assert editor.confirmation.isVisibleTo(editor) and due.isoformat() in editor.confirmation.text()
    editor.go_back()
    police = agreed(services, officer, register(services, officer))
    page.open_case(police.id)
    assert police.confirmation_due is None
    assert not editor.confirmation.isVisibleTo(editor) and editor.confirmation.text() == ""
