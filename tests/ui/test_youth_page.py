"""The youth guidance page, driven like the officer: register a subject (field errors at the
field) → team → plan → session → evaluation with a grade change → print the file → close
(editing refused) → reopen. Auxiliary police see only a notice; the list shows masked names;
a file opens only with a stated purpose, which is audited; an unassigned officer does not see
the subject."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.documents import YOUTH_FILE, YOUTH_SESSION_RECORD
from station_desk.domain.accounts import NewAccount, Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.roles import Role
from station_desk.domain.validators import resident_id_check_char
from station_desk.domain.youth import (
    ClosureReason,
    EvaluationEntry,
    GuardianEntry,
    MemberKind,
    RiskGrade,
    SubjectClosedError,
    SubjectDraft,
    SubjectFile,
    SubjectStatus,
    TeamMemberEntry,
    TeamRole,
    YouthGroup,
    YouthSessionEntry,
)
from station_desk.services.container import Services
from station_desk.ui.widgets import preview as pdf_preview
from station_desk.ui.widgets.preview import DocumentPreviewDialog
from station_desk.ui.youth.dialogs import CloseDialog, PurposeDialog
from station_desk.ui.youth.page import YouthPage
from tests.reports_helpers import pdf_text, squash
from tests.ui.helpers import open_message_box


def resident_id(birth: date, serial: str = "123") -> str:
    first17 = f"110105{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


def years_ago(years: int, days: int = 10) -> date:
    today = date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28)) - timedelta(days=days)


def child_id() -> str:
    return resident_id(years_ago(12), "246")


def adult_too_old_id() -> str:
    return resident_id(years_ago(30), "135")


@pytest.fixture(autouse=True)
def _private_ui_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = str(tmp_path / "ui-settings.ini")
    monkeypatch.setattr(
        pdf_preview, "ui_settings", lambda: QSettings(path, QSettings.Format.IniFormat)
    )


def make_page(qtbot: QtBot, services: Services, principal: Principal) -> YouthPage:
    widget = YouthPage(services, principal)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    return widget


def answer(parent, button: QMessageBox.StandardButton) -> None:
    open_message_box(parent).button(button).click()


def register(
    services: Services, actor: Principal, name: str = "张小明", officer_id: str | None = None
) -> SubjectFile:
    return services.youth.register(
        actor,
        SubjectDraft(
            name=name,
            group=YouthGroup.LEFT_BEHIND,
            risk_grade=RiskGrade.YELLOW,
            reason="父母外出务工，长期逃学。",
            resident_id=child_id(),
            officer_user_id=officer_id,
            guardians=(GuardianEntry("张奶奶", "祖母", "13800138000"),),
        ),
    )


def test_the_whole_guidance_from_registration_to_closing(
    qtbot: QtBot, services: Services, officer: Principal, tmp_path: Path
) -> None:
    page = make_page(qtbot, services, officer)
    dialog = page.new_subject()
    form = dialog.particulars
    form.name.setText("张小明")
    form.resident_id.setText("110105201001011234")  # a wrong check digit
    form.reason.setPlainText("父母外出务工，长期逃学。")
    dialog.accept()
    assert dialog.isVisible()
    assert form.form.error_text("resident_id")

    form.resident_id.setText(adult_too_old_id())
    dialog.accept()
    assert "25" in form.form.error_text("resident_id")  # ages 6–25 only

    form.resident_id.setText(child_id())
    assert "12" in form.derived.text()
    dialog.accept()  # a minor without a guardian: refused at the guardians
    assert dialog.isVisible()
    assert form.right.error_text("guardians")

    guardian = form.add_guardian()
    guardian.name.setText("张奶奶")
    guardian.relation.setText("祖母")
    guardian.phone.setText("13800138000")
    guardian.accept()
    assert form.guardian_model.rowCount() == 1
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.created is not None and page.is_editing()
    editor = page.editor
    assert editor is not None and editor.subject is not None
    assert "张小明" in editor.heading.text()
    subject_id = editor.subject.id

    member = editor.add_member()
    assert member is not None
    assert member.choose("李明")
    assert member.role.currentData() == TeamRole.OFFICER.value
    member.accept()
    assert not member.isVisible()
    assert [m.name for m in editor.subject.team] == ["李明"]

    editor.tabs.setCurrentIndex(2)
    editor.goals.setPlainText("按时到校，不再夜不归宿。")
    editor.interval.setValue(14)
    assert editor.is_dirty()
    assert editor.save()
    assert editor.subject.plan is not None and editor.subject.plan.interval_days == 14

    session = editor.add_session()
    assert session is not None
    session.content.setPlainText("与其谈心，了解逃学原因。")
    session.accept()
    assert not session.isVisible()
    assert len(editor.subject.sessions) == 1
    assert editor.subject.next_due == date.today() + timedelta(days=14)

    evaluation = editor.add_evaluation()
    assert evaluation is not None
    evaluation.progress.setPlainText("出勤明显改善。")
    evaluation.new_grade.setCurrentIndex(evaluation.new_grade.findData(RiskGrade.GREEN.value))
    evaluation.accept()  # a grade change needs its reason
    assert evaluation.isVisible()
    assert evaluation.form.error_text("grade_reason")
    evaluation.grade_reason.setPlainText("连续一个月按时到校。")
    evaluation.accept()
    assert not evaluation.isVisible()
    assert editor.subject.risk_grade is RiskGrade.GREEN
    assert len(editor.subject.grade_history) == 2

    asked = editor.print_file()
    assert asked is not None and asked.purpose.text()  # defaults to the purpose on opening
    asked.purpose.setText("整理帮教档案")
    asked.accept()
    preview = asked.result_value
    assert isinstance(preview, DocumentPreviewDialog) and preview.kind is YOUTH_FILE
    with qtbot.waitSignal(preview.loaded, timeout=30_000):
        pass
    assert preview.page_count() > 0
    text = squash(pdf_text(preview.data))
    assert "张小明" in text
    assert "封存" in text or "sealed" in text.lower()
    target = tmp_path / "file.pdf"
    assert preview.save_to(target)
    assert target.exists()
    preview.close()

    closing = editor.close_subject()
    assert closing is not None
    closing.reason.setCurrentIndex(closing.reason.findData(ClosureReason.GOALS_MET.value))
    closing.accept()
    assert not closing.isVisible()
    assert editor.subject.status is SubjectStatus.CLOSED
    assert editor.closed_banner.isVisible()
    assert not editor.save_button.isEnabled()
    assert editor.add_session() is None
    assert editor.particulars.name.isReadOnly()
    with pytest.raises(SubjectClosedError):
        services.youth.update(officer, editor.subject.to_update(phone="13900139000"))

    editor.reopen()
    answer(editor, QMessageBox.StandardButton.Yes)
    assert editor.subject.status is SubjectStatus.OPEN
    assert editor.save_button.isEnabled()

    editor.go_back()
    assert not page.is_editing()
    assert editor.subject is None  # the full file is off the screen
    (row,) = page.rows()
    assert row.id == subject_id and row.masked_name == "张某"


def test_auxiliary_police_see_only_a_notice(
    qtbot: QtBot, services: Services, officer: Principal, aux: Principal
) -> None:
    register(services, officer)
    page = make_page(qtbot, services, aux)
    assert page.list is None and page.editor is None
    assert page.stack.currentWidget() is page.notice
    assert "sealed" in page.notice.text.text()
    page.refresh()
    assert not page.has_unsaved_changes()


def test_an_empty_list_says_how_to_register(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    page = make_page(qtbot, services, officer)
    assert page.list is not None and page.rows() == []
    empty_hint = page.list.count.text()
    assert "Register subject…" in empty_hint or "登记帮教对象" in empty_hint
    page.list.due_only.setChecked(True)  # a filter finding nothing is not "no subjects"
    assert page.list.count.text() != empty_hint
    page.list.due_only.setChecked(False)
    register(services, officer)
    page.list.search_button.click()  # the Search button reads on a worker thread
    assert page.reading() and page.rows() == []
    qtbot.waitUntil(lambda: not page.reading())
    assert len(page.rows()) == 1 and page.list.count.text() != empty_hint


def test_the_list_masks_names_and_opening_needs_a_purpose(
    qtbot: QtBot, services: Services, officer: Principal, admin: Principal
) -> None:
    subject = register(services, officer)
    page = make_page(qtbot, services, officer)
    (row,) = page.rows()
    assert row.masked_name == "张某"
    assert page.list is not None
    shown = [
        page.list.model.data(page.list.model.index(0, column))
        for column in range(page.list.model.columnCount())
    ]
    assert "张小明" not in "".join(shown) and "张某" in shown
    assert "under 14" in shown[2]

    page.select(subject.id)
    asked = page.open_selected()
    assert isinstance(asked, PurposeDialog)
    asked.accept()  # no purpose: refused at the field, nothing opened
    assert asked.isVisible() and asked.form.error_text("purpose")
    assert not page.is_editing()
    asked.reject()
    assert not page.is_editing()
    assert services.audit.list_entries(admin, AuditFilter(action="view_sealed")) == []

    asked = page.open_selected()
    assert asked is not None
    asked.purpose.setText("家访前查阅")
    asked.accept()
    assert page.is_editing()
    (entry,) = services.audit.list_entries(admin, AuditFilter(action="view_sealed"))
    assert entry.record_id == subject.id
    assert entry.details["purpose"] == "家访前查阅"


def test_an_unassigned_officer_does_not_see_the_subject(
    qtbot: QtBot, services: Services, officer: Principal, admin: Principal
) -> None:
    services.accounts.create_account(
        admin, NewAccount("officer2", "赵刚", Role.OFFICER, "Officer2-pass-2026", "010789")
    )
    other = services.accounts.authenticate("officer2", "Officer2-pass-2026")
    register(services, admin, officer_id=other.user_id)
    page = make_page(qtbot, services, officer)
    assert page.rows() == []
    admin_page = make_page(qtbot, services, admin)
    assert len(admin_page.rows()) == 1


def test_unsaved_particulars_ask_before_leaving(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    subject = register(services, officer)
    page = make_page(qtbot, services, officer)
    page._open(subject.id, "核对信息")
    editor = page.editor
    assert editor is not None
    editor.particulars.phone.setText("13900139000")
    assert page.has_unsaved_changes()
    editor.go_back()
    answer(editor, QMessageBox.StandardButton.Cancel)
    assert page.is_editing()
    editor.go_back()
    answer(editor, QMessageBox.StandardButton.Save)
    assert not page.is_editing()
    reopened = services.youth.open_file(officer, subject.id, "核对")
    assert reopened.phone == "13900139000"


def test_cancelling_a_dialog_with_typing_asks(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    subject = register(services, officer)
    page = make_page(qtbot, services, officer)
    page._open(subject.id, "记录帮教")
    editor = page.editor
    assert editor is not None
    session = editor.add_session()
    assert session is not None
    session.content.setPlainText("谈话内容")
    session.reject()
    assert session.isVisible()
    answer(session, QMessageBox.StandardButton.Cancel)
    assert session.isVisible()
    session.reject()
    answer(session, QMessageBox.StandardButton.Discard)
    assert not session.isVisible()
    closing = editor.close_subject()
    assert isinstance(closing, CloseDialog)
    closing.reject()  # nothing typed: closes at once
    assert not closing.isVisible()


def test_keyboard_enter_opens_and_delete_asks(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    subject = register(services, officer)
    page = make_page(qtbot, services, officer)
    with qtbot.waitActive(page):
        page.activateWindow()
    assert page.list is not None
    table = page.list.table
    page.select(subject.id)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    answer(page, QMessageBox.StandardButton.No)
    assert len(page.rows()) == 1
    qtbot.keyClick(table, Qt.Key.Key_Return)
    (asked,) = [d for d in page.findChildren(PurposeDialog) if d.isVisible()]
    qtbot.keyClicks(asked.purpose, "check")
    qtbot.keyClick(asked.purpose, Qt.Key.Key_Return)
    assert page.is_editing()
    editor = page.editor
    assert editor is not None
    editor.particulars.phone.setText("13900139000")
    qtbot.keyClick(editor.particulars.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.is_dirty()
    assert services.youth.open_file(officer, subject.id, "check").phone == "13900139000"


@pytest.fixture
def talked_to(services: Services, officer: Principal) -> SubjectFile:
    """A registered subject with one session today (a talk)."""
    subject = register(services, officer)
    return services.youth.save_session(
        officer, subject.id, YouthSessionEntry(held_on=date.today(), content="谈心谈话。")
    )


def test_statistics_sheet_and_session_record(
    qtbot: QtBot, services: Services, officer: Principal, talked_to: SubjectFile
) -> None:
    subject = talked_to
    page = make_page(qtbot, services, officer)
    sheet = page.open_statistics().preview()
    with qtbot.waitSignal(sheet.loaded, timeout=30_000):
        pass
    text = squash(pdf_text(sheet.data))
    assert sheet.page_count() > 0 and "张小明" not in text and "张某" not in text
    sheet.close()

    page._open(subject.id, "核对记录")
    editor = page.editor
    assert editor is not None
    assert (
        editor.session_model.data(editor.session_model.index(0, 3))
        == (date.today() + timedelta(days=30)).isoformat()
    )
    asked = editor.print_session()
    assert asked is not None and asked.purpose.text() == "核对记录"
    asked.accept()
    record = asked.result_value
    assert isinstance(record, DocumentPreviewDialog) and record.kind is YOUTH_SESSION_RECORD
    with qtbot.waitSignal(record.loaded, timeout=30_000):
        pass
    assert "谈心谈话" in squash(pdf_text(record.data))
    record.close()


def test_a_session_an_evaluation_and_a_team_member_are_changed_or_deleted_after_asking(
    qtbot: QtBot, services: Services, officer: Principal, talked_to: SubjectFile
) -> None:
    subject = talked_to
    services.youth.save_evaluation(
        officer,
        subject.id,
        EvaluationEntry(
            date.today(), "出勤改善。", RiskGrade.GREEN, grade_reason="按时到校。"
        ),
    )
    services.youth.add_team_member(
        officer, subject.id, TeamMemberEntry(MemberKind.OTHER, TeamRole.TEACHER, name="王老师")
    )
    page = make_page(qtbot, services, officer)
    page._open(subject.id, "核对记录")
    editor = page.editor
    assert editor is not None and editor.subject is not None
    assert editor.edit_session() is None and editor.delete_evaluation() is None  # none chosen

    editor.session_table.selectRow(0)
    session = editor.edit_session()
    assert session is not None and session.content.toPlainText() == "谈心谈话。"
    session.content.setPlainText("谈心谈话，了解逃学原因。")
    session.accept()
    assert [s.content for s in editor.subject.sessions] == ["谈心谈话，了解逃学原因。"]

    editor.evaluation_table.selectRow(0)
    box = editor.delete_evaluation()
    assert box is not None and "taken back" in box.text()  # it changed the grade
    box.button(QMessageBox.StandardButton.No).click()
    assert len(editor.subject.evaluations) == 1
    editor.evaluation_table.selectRow(0)
    editor.delete_evaluation().button(QMessageBox.StandardButton.Yes).click()
    assert editor.subject.evaluations == () and editor.subject.risk_grade is RiskGrade.YELLOW

    editor.session_table.selectRow(0)
    editor.delete_session().button(QMessageBox.StandardButton.Yes).click()
    assert editor.subject.sessions == ()

    editor.team_table.selectRow(0)
    box = editor.remove_member()
    assert box is not None and "王老师" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert editor.subject.team == ()


def test_the_admin_grants_access_to_another_officer(
    qtbot: QtBot, services: Services, officer: Principal, admin: Principal
) -> None:
    services.accounts.create_account(
        admin, NewAccount("officer2", "赵刚", Role.OFFICER, "Officer2-pass-2026", "010789")
    )
    other = services.accounts.authenticate("officer2", "Officer2-pass-2026")
    subject = register(services, officer)
    assert services.youth.list_subjects(other) == []
    page = make_page(qtbot, services, admin)
    page._open(subject.id, "授权")
    editor = page.editor
    assert editor is not None
    dialog = editor.grant()
    assert dialog is not None
    dialog.user.setCurrentIndex(dialog.user.findData(other.user_id))
    dialog.accept()
    assert [g.user_name for g in editor.grant_model.rows()] == ["赵刚"]
    assert [s.id for s in services.youth.list_subjects(other)] == [subject.id]
    editor.grant_table.selectRow(0)
    editor.revoke()
    answer(editor, QMessageBox.StandardButton.Yes)
    assert editor.grant_model.rowCount() == 0
    assert services.youth.list_subjects(other) == []


def test_granting_with_no_other_officer_says_so(
    qtbot: QtBot, services: Services, officer: Principal, admin: Principal
) -> None:
    subject = register(services, officer)
    page = make_page(qtbot, services, admin)
    page._open(subject.id, "授权")
    editor = page.editor
    assert editor is not None
    closure = editor.closure_text.text()  # "Receiving guidance since …", not "…起在帮"
    assert subject.registered_on.isoformat() in closure and "在帮" not in closure
    dialog = editor.grant()
    assert dialog is not None
    assert dialog.user.count() == 0
    assert not dialog.none_left.isHidden()
    assert "no other officer" in dialog.none_left.text() or "没有" in dialog.none_left.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.accept()  # Enter does nothing
    assert dialog.isVisible()
    dialog.reject()


def test_a_granted_officer_sees_the_file_read_only(
    qtbot: QtBot, services: Services, officer: Principal, admin: Principal, tmp_path: Path
) -> None:
    services.accounts.create_account(
        admin, NewAccount("officer2", "赵刚", Role.OFFICER, "Officer2-pass-2026", "010789")
    )
    other = services.accounts.authenticate("officer2", "Officer2-pass-2026")
    subject = register(services, officer)
    services.youth.grant_access(admin, subject.id, other.user_id, "协助帮教")
    page = make_page(qtbot, services, other)
    page.select(subject.id)
    assert page.list is not None
    assert page.list.open_button.isEnabled() and not page.list.delete_button.isEnabled()
    assert page.delete_selected() is None  # nothing asked: a grant is read-only
    page._open(subject.id, "协助帮教")
    editor = page.editor
    assert editor is not None and editor.subject is not None
    assert editor.subject.name == "张小明"  # reading works
    assert editor.closed_banner.isVisible()
    assert "granted you access" in editor.closed_banner.text()
    for button in (
        editor.save_button,
        editor.change_grade_button,
        editor.add_member_button,
        editor.add_session_button,
        editor.add_evaluation_button,
        editor.close_button,
    ):
        assert not button.isEnabled()
    assert editor.print_button.isEnabled()
    assert editor.add_session() is None and editor.close_subject() is None
    assert not editor.is_dirty() and not editor.save()
    editor.grab().save(str(tmp_path / "granted.png"))  # renders without warnings
