"""End to end: `station-desk list mediation` and `station-desk print agreement |
mediation-record | mediation-register`, run in a subprocess on a temporary data folder."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.domain.mediation import (
    CaseDraft,
    CaseOutcome,
    CaseSource,
    DisputeType,
    MediationKind,
    OutcomeEntry,
    PartyEntry,
    PartyRole,
    SessionEntry,
)
from station_desk.domain.validators import resident_id_check_char
from tests.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD, SETUP, new_room, reopen
from tests.e2e.test_cli import assert_one_line_error, run
from tests.reports_helpers import pdf_text, squash

FIRST17 = "11010519850307123"
ADULT_ID = FIRST17 + resident_id_check_char(FIRST17)


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str, str]:
    """A room with one agreed case; (folder, case id, session id, case number)."""
    from station_desk.domain.accounts import NewAccount
    from station_desk.domain.roles import Role

    folder = tmp_path_factory.mktemp("room") / "data"
    services = new_room(folder)
    today = date.today()
    try:
        admin = services.accounts.complete_setup(SETUP)
        services.accounts.create_account(
            admin, NewAccount("officer", "李明", Role.OFFICER, OFFICER_PASSWORD)
        )
        parties = (
            PartyEntry("张伟", resident_id=ADULT_ID),
            PartyEntry("李娜", role=PartyRole.RESPONDENT, id_note="护照 E12345678"),
        )
        case = services.mediation.register_case(
            admin,
            CaseDraft(
                today,
                CaseSource.WALK_IN,
                DisputeType.NEIGHBOUR,
                MediationKind.POLICE,
                "楼上漏水纠纷",
                "漏水殃及楼下。",
                parties=parties,
            ),
        )
        case = services.mediation.save_session(
            admin,
            case.id,
            SessionEntry(
                datetime.combine(today, time(9, 0)), mediators="李明", rights_explained=True
            ),
        )
        services.mediation.record_outcome(
            admin, case.id, OutcomeEntry(CaseOutcome.AGREEMENT, today, terms="赔偿800元。")
        )
        services.accounts.logout(admin)
    finally:
        services.close()
    return folder, case.id, case.sessions[0].id, case.case_number


def audited(folder: Path, action: AuditAction) -> list[dict[str, object]]:
    services = reopen(folder)
    try:
        admin = services.accounts.authenticate("admin", ADMIN_PASSWORD)
        return [
            e.details for e in services.audit.list_entries(admin, AuditFilter(action=action.value))
        ]
    finally:
        services.close()


def test_list_mediation_as_json(room: tuple[Path, str, str, str]) -> None:
    folder, case_id, session_id, number = room
    result = run(
        "list",
        "mediation",
        "--data-dir",
        folder,
        "--user",
        "officer",
        "--json",
        password=OFFICER_PASSWORD,
    )
    assert result.returncode == 0, result.stderr
    (case,) = json.loads(result.stdout)
    assert case["id"] == case_id and case["case_number"] == number
    # the SESSION_ID that `print mediation-record` asks for (held on the day received)
    held = datetime.combine(date.fromisoformat(case["received_on"]), time(9, 0))
    assert case["sessions"] == [{"id": session_id, "starts_at": held.isoformat()}]
    assert case["status"] == "agreement"
    assert "张伟" in case["party_names"]
    table = run(
        "list", "mediation", "--data-dir", folder, "--user", "officer", password=OFFICER_PASSWORD
    )
    assert table.returncode == 0 and number in table.stdout


def test_print_agreement_writes_the_pdf_and_audits_it(
    room: tuple[Path, str, str, str], tmp_path: Path
) -> None:
    folder, case_id, _session_id, number = room
    target = tmp_path / "agreement.pdf"
    result = run(
        "print",
        "agreement",
        case_id,
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
    text = squash(pdf_text(target.read_bytes()))
    assert number in text and "张伟" in text
    assert ADULT_ID in text  # the parties sign and keep it: full ID numbers by default
    entries = audited(folder, AuditAction.PRINT)
    assert any(
        e.get("document") == "agreement" and e.get("how") == "save" and e.get("full_ids") is True
        for e in entries
    )
    masked = tmp_path / "agreement-masked.pdf"
    result = run(
        "print", "agreement", case_id, "-o", masked, "--masked-ids", "--data-dir", folder,
        "--user", "officer", password=OFFICER_PASSWORD, lang="zh_CN",
    )
    assert result.returncode == 0, result.stderr
    assert ADULT_ID not in squash(pdf_text(masked.read_bytes()))
    assert any(e.get("full_ids") is False for e in audited(folder, AuditAction.PRINT))


def test_print_mediation_record(room: tuple[Path, str, str, str], tmp_path: Path) -> None:
    folder, _case_id, session_id, number = room
    target = tmp_path / "record.pdf"
    result = run(
        "print",
        "mediation-record",
        session_id,
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
    text = squash(pdf_text(target.read_bytes()))
    assert number in text and ADULT_ID in text  # full ID numbers by default
    entries = audited(folder, AuditAction.PRINT)
    assert any(e.get("document") == "record" and e.get("full_ids") is True for e in entries)


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_print_the_register(room: tuple[Path, str, str, str], tmp_path: Path, suffix: str) -> None:
    folder, _case_id, _session_id, number = room
    target = tmp_path / f"register{suffix}"
    start = (date.today() - timedelta(days=7)).isoformat()  # the room was made before the test
    result = run(
        "print",
        "mediation-register",
        "--from",
        start,
        "--to",
        date.today().isoformat(),
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
    if suffix == ".pdf":
        assert "张伟" in squash(pdf_text(target.read_bytes()))  # the number column wraps
    else:
        cells = [str(c.value) for row in load_workbook(target).active.iter_rows() for c in row]
        assert any(number in cell for cell in cells)


def test_register_needs_pdf_or_xlsx(room: tuple[Path, str, str, str], tmp_path: Path) -> None:
    folder = room[0]
    result = run(
        "print",
        "mediation-register",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "-o",
        tmp_path / "register.txt",
        "--data-dir",
        folder,
        "--user",
        "officer",
        password=OFFICER_PASSWORD,
    )
    assert_one_line_error(result, code=2)
    assert not (tmp_path / "register.txt").exists()


def test_unknown_case_is_one_line_error(room: tuple[Path, str, str, str], tmp_path: Path) -> None:
    folder = room[0]
    result = run(
        "print",
        "agreement",
        "no-such-case",
        "-o",
        tmp_path / "a.pdf",
        "--data-dir",
        folder,
        "--user",
        "officer",
        password=OFFICER_PASSWORD,
    )
    assert result.returncode == 1
    assert_one_line_error(result)
