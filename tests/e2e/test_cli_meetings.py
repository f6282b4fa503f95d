"""End to end: `station-desk list meetings|contacts` and `station-desk print minutes|sign-in`,
run in a subprocess as a user would, on a temporary data folder."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.domain.contacts import ContactDraft, OrganisationDraft, OrganisationKind
from station_desk.domain.meetings import AttendeeEntry, AttendeeKind, MeetingDraft, MeetingType
from tests.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD, SETUP, new_room, reopen
from tests.e2e.test_cli import assert_one_line_error, run
from tests.reports_helpers import pdf_fonts, pdf_text, squash

TITLE = "2026年12月警情通报会"


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data folder set up with an officer, a contact and one meeting; (folder, meeting id)."""
    from station_desk.domain.accounts import NewAccount
    from station_desk.domain.roles import Role

    folder = tmp_path_factory.mktemp("room") / "data"
    services = new_room(folder)
    try:
        admin = services.accounts.complete_setup(SETUP)
        services.accounts.create_account(
            admin, NewAccount("officer", "李明", Role.OFFICER, OFFICER_PASSWORD)
        )
        committee = services.contacts.create_organisation(
            admin, OrganisationDraft("和平里社区居委会", OrganisationKind.RESIDENTS_COMMITTEE)
        )
        services.contacts.create_person(
            admin, ContactDraft("张三", committee.id, "主任", mobile="13812345678")
        )
        guest = AttendeeEntry(AttendeeKind.GUEST, "赵大妈", organisation="3号楼")
        meeting = services.meetings.new_meeting(
            admin,
            MeetingDraft(
                MeetingType.POLICE_BRIEFING, TITLE, datetime(2026, 12, 3, 19, 0), attendees=(guest,)
            ),
        )
        services.accounts.logout(admin)
    finally:
        services.close()
    return folder, meeting.id


def print_entries(folder: Path) -> list[dict[str, object]]:
    services = reopen(folder)
    try:
        admin = services.accounts.authenticate("admin", ADMIN_PASSWORD)
        entries = services.audit.list_entries(admin, AuditFilter(action=AuditAction.PRINT.value))
        return [entry.details for entry in entries]
    finally:
        services.close()


def test_list_meetings_as_json(room: tuple[Path, str]) -> None:
    folder, meeting_id = room
    result = run(
        "list",
        "meetings",
        "--data-dir",
        folder,
        "--user",
        "officer",
        "--json",
        password=OFFICER_PASSWORD,
    )
    assert result.returncode == 0, result.stderr
    (meeting,) = json.loads(result.stdout)
    assert meeting["id"] == meeting_id
    assert meeting["title"] == TITLE
    assert meeting["starts_at"] == "2026-12-03T19:00:00"
    assert meeting["meeting_type"] == "police_briefing"
    assert meeting["status"] == "planned"
    assert meeting["place"] == SETUP.room_name


def test_list_meetings_and_contacts_as_tables(room: tuple[Path, str]) -> None:
    folder, _meeting_id = room
    result = run(
        "list", "meetings", "--data-dir", folder, "--user", "officer", password=OFFICER_PASSWORD
    )
    assert result.returncode == 0, result.stderr
    assert TITLE in result.stdout and "2026-12-03 19:00" in result.stdout
    result = run(
        "list", "contacts", "--data-dir", folder, "--user", "officer", password=OFFICER_PASSWORD
    )
    assert result.returncode == 0, result.stderr
    assert "张三" in result.stdout and "和平里社区居委会" in result.stdout


@pytest.mark.parametrize(
    ("document", "expected"), [("minutes", "Minutes"), ("sign-in", "Sign-in sheet")]
)
def test_print_writes_the_pdf_and_audits_it(
    room: tuple[Path, str], tmp_path: Path, document: str, expected: str
) -> None:
    folder, meeting_id = room
    target = tmp_path / f"{document}.pdf"
    result = run(
        "print",
        document,
        meeting_id,
        "-o",
        target,
        "--data-dir",
        folder,
        "--user",
        "officer",
        password=OFFICER_PASSWORD,
    )
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    data = target.read_bytes()
    text = squash(pdf_text(data))
    assert TITLE in text and "赵大妈" in text and expected.replace(" ", "") in text
    assert all(font["emb"] == "yes" for font in pdf_fonts(data))
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left
    saved = [d for d in print_entries(folder) if d["target"] == str(target.resolve())]
    assert saved == [
        {"document": document, "title": TITLE, "how": "save", "target": str(target.resolve())}
    ]


def test_print_in_chinese(room: tuple[Path, str], tmp_path: Path) -> None:
    folder, meeting_id = room
    target = tmp_path / "会议记录.pdf"
    result = run(
        "print",
        "minutes",
        meeting_id,
        "-o",
        target,
        "--data-dir",
        folder,
        "--user",
        "officer",
        password=OFFICER_PASSWORD,
        lang="zh_CN",
    )
    assert result.returncode == 0, result.stderr
    assert TITLE in squash(pdf_text(target.read_bytes()))


def test_wrong_meeting_id_is_one_line(room: tuple[Path, str], tmp_path: Path) -> None:
    folder, _meeting_id = room
    target = tmp_path / "minutes.pdf"
    result = run(
        "print",
        "minutes",
        "no-such-meeting",
        "-o",
        target,
        "--data-dir",
        folder,
        "--user",
        "officer",
        password=OFFICER_PASSWORD,
    )
    line = assert_one_line_error(result)
    assert "no longer exists" in line
    assert not target.exists()


def test_missing_output_folder_is_one_line(room: tuple[Path, str], tmp_path: Path) -> None:
    folder, meeting_id = room
    result = run(
        "print",
        "sign-in",
        meeting_id,
        "-o",
        tmp_path / "gone" / "s.pdf",
        "--data-dir",
        folder,
        "--user",
        "officer",
        password=OFFICER_PASSWORD,
    )
    assert "could not be written" in assert_one_line_error(result)


def test_print_needs_an_output_file(room: tuple[Path, str]) -> None:
    folder, meeting_id = room
    result = run(
        "print",
        "minutes",
        meeting_id,
        "--data-dir",
        folder,
        "--user",
        "officer",
        password=OFFICER_PASSWORD,
    )
    assert "-o" in assert_one_line_error(result, code=2)
