"""Defaults that save typing (issue 16, point 4): a new meeting takes host and recorder from the
last meeting of its type, names the room in its title and warns of a meeting of that type
already planned that month; a case's second party is the respondent; the party's birth date
row says what it is; the case-file checklist and the "Unsaved changes" mark of the mediation
editor follow the edits before they are saved."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import PartyEntry, PartyRole
from station_desk.domain.meetings import MeetingDetail, MeetingDraft, MeetingType
from station_desk.services.container import Services
from station_desk.ui.mediation.editor import MediationEditor
from station_desk.ui.mediation.page import MediationPage
from station_desk.ui.meetings.new_dialog import NewMeetingDialog
from station_desk.ui.widgets.inputs import to_qdatetime

ROOM = "和平里社区警务室"  # the room of the test setup


def test_a_new_meeting_takes_host_recorder_and_room_and_warns_of_one_planned(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    services.meetings.new_meeting(
        officer,
        MeetingDraft(
            MeetingType.SECURITY_COMMITTEE, "十一月治保例会", datetime(2026, 11, 10, 9, 0),
            host="张建国", recorder="李明",
        ),
    )
    services.meetings.new_meeting(
        officer,
        MeetingDraft(MeetingType.SECURITY_COMMITTEE, "十二月治保例会", datetime(2026, 12, 3, 9, 0)),
    )
    dialog = NewMeetingDialog(services, officer)
    qtbot.addWidget(dialog)
    dialog.starts_at.setDateTime(to_qdatetime(datetime(2026, 12, 1, 9, 0)))
    assert dialog.host.text() == "张建国" and dialog.recorder.text() == "李明"
    assert dialog.title.text() == f"{ROOM} Security committee meeting, 2026-12"
    assert "十二月治保例会" in dialog.already_planned.text()
    assert dialog.already_planned.isVisibleTo(dialog)

    dialog.starts_at.setDateTime(to_qdatetime(datetime(2027, 1, 5, 9, 0)))  # none planned then
    assert not dialog.already_planned.isVisibleTo(dialog)
    dialog.starts_at.setDateTime(to_qdatetime(datetime(2026, 12, 1, 9, 0)))
    dialog.accept()
    assert dialog.created is not None
    assert (dialog.created.host, dialog.created.recorder) == ("张建国", "李明")


@pytest.fixture
def previous_meeting(services: Services, officer: Principal) -> MeetingDetail:
    """A security committee meeting three days ago, hosted by 张建国 and recorded by 李明."""
    return services.meetings.new_meeting(
        officer,
        MeetingDraft(
            MeetingType.SECURITY_COMMITTEE, "上次治保例会", datetime.now() - timedelta(days=3),
            host="张建国", recorder="李明",
        ),
    )


def test_the_first_suggestions_are_read_on_a_worker_thread(
    qtbot: QtBot, services: Services, officer: Principal, previous_meeting: MeetingDetail
) -> None:
    """The dialog paints at once; host, recorder, title and what is taken over follow when
    read, and closing it then asks nothing (nothing was typed)."""
    dialog = NewMeetingDialog(services, officer)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reading() and dialog.host.text() == "" and dialog.title.text() == ""
    assert not dialog.carry_over.isEnabled()
    qtbot.waitUntil(lambda: not dialog.reading())
    assert dialog.host.text() == "张建国" and dialog.recorder.text() == "李明"
    assert dialog.title.text().startswith(ROOM) and dialog.place.placeholderText() == ROOM
    assert dialog.carry_over.isChecked()
    assert previous_meeting.title in dialog.invite_again.text()
    assert not dialog.has_changes()
    dialog.reject()
    assert not dialog.isVisible()


@pytest.mark.usefixtures("previous_meeting")
def test_ok_before_the_suggestions_arrive_reads_them_first(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    dialog = NewMeetingDialog(services, officer)
    qtbot.addWidget(dialog)
    assert dialog.reading()
    dialog.accept()
    assert dialog.created is not None
    assert (dialog.created.host, dialog.created.recorder) == ("张建国", "李明")
    assert dialog.created.title.startswith(ROOM)


def test_host_typed_over_stays(qtbot: QtBot, services: Services, officer: Principal) -> None:
    services.meetings.new_meeting(
        officer,
        MeetingDraft(MeetingType.POLICE_BRIEFING, "通报会", datetime(2026, 11, 10, 9, 0), host="甲"),
    )
    dialog = NewMeetingDialog(services, officer, meeting_type=MeetingType.TEAM)
    qtbot.addWidget(dialog)
    dialog.starts_at.setDateTime(to_qdatetime(datetime(2026, 12, 1, 9, 0)))
    assert dialog.host.text() == ""  # no earlier team meeting
    qtbot.keyClicks(dialog.host.lineEdit(), "Wang")
    dialog.meeting_type.setCurrentIndex(
        dialog.meeting_type.findData(MeetingType.POLICE_BRIEFING.value)
    )
    assert dialog.host.text() == "Wang"  # not the briefing's host 甲


def open_case(qtbot: QtBot, services: Services, officer: Principal) -> MediationEditor:
    page = MediationPage(services, officer)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    dialog = page.new_case()
    dialog.title.setText("漏水纠纷")
    dialog.accept()
    return page.editor


def test_the_second_party_is_the_respondent_and_the_birth_date_row_is_named(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    editor = open_case(qtbot, services, officer)
    first = editor.add_party()
    assert PartyRole(first.role.currentData()) is PartyRole.APPLICANT
    first.name.setText("张伟")
    first.accept()
    second = editor.add_party()
    assert PartyRole(second.role.currentData()) is PartyRole.RESPONDENT
    label = second.form.labelForField(second.birth_date.parentWidget())
    assert isinstance(label, QLabel) and label.text() == "Birth date:"
    second.discard()


def test_checklist_and_unsaved_mark_follow_the_edits(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    editor = open_case(qtbot, services, officer)
    assert editor.unsaved_label.isHidden()
    assert "✗</span> Registration" in editor.checklist.text()
    editor.facts.setPlainText("3号楼502室漏水殃及402室。")
    editor.party_model.insert_row(0, PartyEntry("张伟", id_note="护照E1234"))
    assert not editor.unsaved_label.isHidden()
    assert "✓</span> Registration" in editor.checklist.text()  # before saving
    assert editor.save()
    assert editor.unsaved_label.isHidden()
    assert "✓</span> Registration" in editor.checklist.text()
    assert services.mediation.get(officer, editor.case.id).parties[0].name == "张伟"
