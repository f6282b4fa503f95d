"""End to end: `station-desk list reception | opinions --json` and `station-desk print
opinion-register | opinion-reply`, as a user, on a temporary data folder."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.domain.opinions import OpinionDraft, ReplyEntry
from station_desk.domain.reception import ReceptionDraft, ReceptionKind
from tests.conftest import ADMIN_PASSWORD, AUX_PASSWORD, SETUP, new_room, reopen
from tests.e2e.test_cli import assert_one_line_error, run
from tests.reports_helpers import pdf_text, squash

ID = "11010519491231002X"


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A room with a visit (with an ID number) and an answered opinion; (folder, opinion id)."""
    from station_desk.domain.accounts import NewAccount
    from station_desk.domain.roles import Role

    folder = tmp_path_factory.mktemp("room") / "data"
    services = new_room(folder)
    today = date.today()
    try:
        admin = services.accounts.complete_setup(SETUP)
        services.accounts.create_account(admin, NewAccount("aux", "王芳", Role.AUXILIARY, AUX_PASSWORD))
        services.reception.record(admin, ReceptionDraft(
            received_at=datetime.now().replace(second=0, microsecond=0) - timedelta(hours=2),
            kind=ReceptionKind.SERVICE, name="张三", phone="13812345678", resident_id=ID,
            content="办理居住登记",
        ))
        opinion = services.opinions.register(admin, OpinionDraft(today, content="东门路灯不亮", name="李四"))
        services.opinions.reply(admin, opinion.id, ReplyEntry(today, content="已联系物业修复"))
        services.accounts.logout(admin)
    finally:
        services.close()
    return folder, opinion.id


def test_list_reception_and_opinions_as_json(room: tuple[Path, str]) -> None:
    folder, opinion_id = room
    result = run("list", "reception", "--data-dir", folder, "--user", "aux", "--json", password=AUX_PASSWORD)
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert entry["kind"] == "service" and entry["masked_id"] == "**************002X"
    assert ID not in result.stdout and "13812345678" not in result.stdout
    result = run("list", "opinions", "--data-dir", folder, "--user", "aux", "--json", password=AUX_PASSWORD)
    assert result.returncode == 0, result.stderr
    (opinion,) = json.loads(result.stdout)
    assert opinion["id"] == opinion_id and opinion["status"] == "answered"
    table = run("list", "opinions", "--data-dir", folder, "--user", "aux", password=AUX_PASSWORD)
    assert table.returncode == 0 and "李四" in table.stdout


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_print_the_opinion_register(room: tuple[Path, str], tmp_path: Path, suffix: str) -> None:
    folder, _opinion = room
    target = tmp_path / f"register{suffix}"
    today = date.today()
    result = run(
        "print", "opinion-register", "--from", (today - timedelta(days=7)).isoformat(), "--to", today.isoformat(),
        "-o", target, "--data-dir", folder, "--user", "admin", password=ADMIN_PASSWORD, lang="zh_CN",
    )
    assert result.returncode == 0, result.stderr
    if suffix == ".pdf":
        text = squash(pdf_text(target.read_bytes()))
        assert "群众意见建议登记台账" in text and "东门路灯不亮" in text and "已联系物业修复" in text
    else:
        rows = list(load_workbook(target).active.iter_rows(values_only=True))
        assert rows[3][9] == "东门路灯不亮"
    services = reopen(folder)
    try:
        admin = services.accounts.authenticate("admin", ADMIN_PASSWORD)
        action = AuditAction.EXPORT if suffix == ".xlsx" else AuditAction.PRINT
        entries = services.audit.list_entries(admin, AuditFilter(action=action.value, record_type="opinion_register"))
        assert entries and entries[0].details["target"] == str(target)
    finally:
        services.close()


def test_auxiliary_police_may_not_export_the_register(room: tuple[Path, str], tmp_path: Path) -> None:
    folder, _opinion = room
    result = run(
        "print", "opinion-register", "--from", "2026-01-01", "--to", "2026-12-31",
        "-o", tmp_path / "r.xlsx", "--data-dir", folder, "--user", "aux", password=AUX_PASSWORD,
    )
    assert "does not allow" in assert_one_line_error(result)
    assert not (tmp_path / "r.xlsx").exists()


def test_print_a_reply_slip(room: tuple[Path, str], tmp_path: Path) -> None:
    folder, opinion_id = room
    target = tmp_path / "slip.pdf"
    result = run(
        "print", "opinion-reply", opinion_id, "-o", target, "--data-dir", folder, "--user", "aux",
        password=AUX_PASSWORD, lang="zh_CN",
    )
    assert result.returncode == 0, result.stderr
    text = squash(pdf_text(target.read_bytes()))
    assert "意见回复单" in text and "李四" in text
