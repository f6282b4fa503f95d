"""End to end: `station-desk list youth` and `station-desk print youth-file | youth-statistics`,
run in a subprocess on a temporary data folder: masked lists, sealed files only for users with
access and a stated purpose, every output audited."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.domain.validators import resident_id_check_char
from station_desk.domain.youth import GuardianEntry, RiskGrade, SubjectDraft, YouthGroup
from tests.conftest import ADMIN_PASSWORD, AUX_PASSWORD, OFFICER_PASSWORD, SETUP, new_room, reopen
from tests.e2e.test_cli import assert_one_line_error, run
from tests.reports_helpers import pdf_text, squash

OFFICER2_PASSWORD = "Officer2-pass-2026"


def youth_id() -> str:
    """The ID number of a minor of 14 or 15 this year (born on 7 March)."""
    first17 = f"110105{date.today().year - 15}0307131"
    return first17 + resident_id_check_char(first17)


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A room with one subject assigned to "officer"; (folder, subject id)."""
    from station_desk.domain.accounts import NewAccount
    from station_desk.domain.roles import Role

    folder = tmp_path_factory.mktemp("room") / "data"
    services = new_room(folder)
    try:
        admin = services.accounts.complete_setup(SETUP)
        for username, name, role, password in (
            ("officer", "李明", Role.OFFICER, OFFICER_PASSWORD),
            ("officer2", "赵刚", Role.OFFICER, OFFICER2_PASSWORD),
            ("aux", "王芳", Role.AUXILIARY, AUX_PASSWORD),
        ):
            services.accounts.create_account(admin, NewAccount(username, name, role, password))
        officer = services.accounts.authenticate("officer", OFFICER_PASSWORD)
        subject = services.youth.register(
            officer,
            SubjectDraft(
                name="张小明",
                group=YouthGroup.BAD_BEHAVIOUR,
                risk_grade=RiskGrade.YELLOW,
                reason="多次夜不归宿。",
                resident_id=youth_id(),
                school_or_work="和平里中学",
                registered_on=date.today(),
                guardians=(GuardianEntry("张建军", "父亲", "13812345678"),),
            ),
        )
        services.accounts.logout(officer)
        services.accounts.logout(admin)
    finally:
        services.close()
    return folder, subject.id


def audited(folder: Path, action: AuditAction) -> list[dict[str, object]]:
    services = reopen(folder)
    try:
        admin = services.accounts.authenticate("admin", ADMIN_PASSWORD)
        entries = services.audit.list_entries(admin, AuditFilter(action=action.value))
        return [dict(e.details, username=e.username) for e in entries]
    finally:
        services.close()


def test_list_youth_is_masked(room: tuple[Path, str]) -> None:
    folder, subject_id = room
    result = run(
        "list",
        "youth",
        "--data-dir",
        folder,
        "--user",
        "officer",
        "--json",
        password=OFFICER_PASSWORD,
    )
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert row["id"] == subject_id and row["masked_name"] == "张某"
    assert "张小明" not in result.stdout and youth_id() not in result.stdout
    assert "resident_id" not in row and "name" not in row
    table = run(
        "list", "youth", "--data-dir", folder, "--user", "officer", password=OFFICER_PASSWORD
    )
    assert table.returncode == 0 and "张某" in table.stdout and "张小明" not in table.stdout
    other = run(
        "list",
        "youth",
        "--data-dir",
        folder,
        "--user",
        "officer2",
        "--json",
        password=OFFICER2_PASSWORD,
    )
    assert other.returncode == 0 and json.loads(other.stdout) == []


def test_list_youth_is_refused_to_auxiliary_police(room: tuple[Path, str]) -> None:
    folder = room[0]
    result = run("list", "youth", "--data-dir", folder, "--user", "aux", password=AUX_PASSWORD)
    assert_one_line_error(result)
    assert "张" not in result.stdout


def test_print_youth_file_writes_the_sealed_pdf_and_audits_it(
    room: tuple[Path, str], tmp_path: Path
) -> None:
    folder, subject_id = room
    target = tmp_path / "file.pdf"
    result = run(
        "print",
        "youth-file",
        subject_id,
        "-o",
        target,
        "--purpose",
        "季度帮教回访",
        "--data-dir",
        folder,
        "--user",
        "officer",
        password=OFFICER_PASSWORD,
        lang="zh_CN",
    )
    assert result.returncode == 0, result.stderr
    text = squash(pdf_text(target.read_bytes()))
    assert "张小明" in text and "和平里中学" in text
    assert youth_id() not in text and youth_id()[-4:] in text  # masked unless --full-ids
    views = [e for e in audited(folder, AuditAction.VIEW_SEALED) if e.get("document") == "file"]
    assert any(e["purpose"] == "季度帮教回访" and e["username"] == "officer" for e in views)
    saves = audited(folder, AuditAction.EXPORT)
    assert any(
        e.get("document") == "file"
        and e.get("how") == "save"
        and e.get("purpose") == "季度帮教回访"
        and e.get("target") == str(target.resolve())
        for e in saves
    )


def test_print_youth_file_needs_a_purpose(room: tuple[Path, str], tmp_path: Path) -> None:
    folder, subject_id = room
    target = tmp_path / "file.pdf"
    missing = run(
        "print",
        "youth-file",
        subject_id,
        "-o",
        target,
        "--data-dir",
        folder,
        "--user",
        "officer",
        password=OFFICER_PASSWORD,
    )
    assert_one_line_error(missing, code=2)
    blank = run(
        "print",
        "youth-file",
        subject_id,
        "-o",
        target,
        "--purpose",
        "  ",
        "--data-dir",
        folder,
        "--user",
        "officer",
        password=OFFICER_PASSWORD,
    )
    assert "purpose" in assert_one_line_error(blank)
    assert not target.exists()


@pytest.mark.parametrize(
    ("username", "password"), [("officer2", OFFICER2_PASSWORD), ("aux", AUX_PASSWORD)]
)
def test_print_youth_file_is_refused_without_access(
    room: tuple[Path, str], tmp_path: Path, username: str, password: str
) -> None:
    folder, subject_id = room
    target = tmp_path / "file.pdf"
    result = run(
        "print",
        "youth-file",
        subject_id,
        "-o",
        target,
        "--purpose",
        "查看",
        "--data-dir",
        folder,
        "--user",
        username,
        password=password,
    )
    assert_one_line_error(result)
    assert not target.exists()
    assert any(e["username"] == username for e in audited(folder, AuditAction.DENIED))


def test_print_youth_statistics_names_no_one(room: tuple[Path, str], tmp_path: Path) -> None:
    folder = room[0]
    target = tmp_path / "statistics.pdf"
    result = run(
        "print",
        "youth-statistics",
        "--from",
        date(date.today().year - 1, 1, 1).isoformat(),
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
    text = squash(pdf_text(target.read_bytes()))
    assert "张" not in text and "封存" not in text
    assert any(e.get("document") == "statistics" for e in audited(folder, AuditAction.EXPORT))
