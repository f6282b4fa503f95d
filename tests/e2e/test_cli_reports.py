"""End to end: `station-desk print work-report` and `print briefing [--public]` as a user, on
a real data folder, the PDFs read back with pdftotext and the output audited."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.duty import DutyActivity, DutyEntryDraft
from station_desk.domain.work_reports import Quarter, WorkReportText
from station_desk.services.container import Services
from tests.conftest import ADMIN_PASSWORD, AUX_PASSWORD, OFFICER_PASSWORD, reopen
from tests.e2e.test_cli import assert_one_line_error, run
from tests.reports_helpers import pdf_text, squash


@pytest.fixture
def folder(services: Services, officer: Principal, data_dir: Path) -> Path:
    start = datetime.combine(date(2026, 3, 3), time(9))
    services.duty.add_entry(officer, DutyEntryDraft(officer.user_id, start, start.replace(hour=12), DutyActivity.PATROL))
    services.work_reports.save_draft(officer, officer.user_id, Quarter(2026, 1), WorkReportText("走访辖区群众。"))
    services.close()
    return data_dir


def as_user(folder: Path, user: str, *args: str | Path) -> list[str | Path]:
    return [*args, "--data-dir", folder, "--user", user]


def test_print_work_report_own_and_of_another(folder: Path, tmp_path: Path) -> None:
    own = tmp_path / "own.pdf"
    result = run(*as_user(folder, "officer", "print", "work-report", "--quarter", "2026-Q1", "-o", own),
                 password=OFFICER_PASSWORD, lang="zh_CN")
    assert result.returncode == 0, result.stderr
    text = squash(pdf_text(own.read_bytes()))
    assert "社区民警述职报告" in text and "走访辖区群众。" in text and "3.0小时" in text
    other = tmp_path / "other.pdf"
    result = run(*as_user(folder, "admin", "print", "work-report", "--quarter", "2026Q1", "--of", "officer",
                          "-o", other), password=ADMIN_PASSWORD)
    assert result.returncode == 0, result.stderr
    assert "李明" in squash(pdf_text(other.read_bytes()))
    refused = run(*as_user(folder, "aux", "print", "work-report", "--quarter", "2026-Q1", "--of", "officer",
                           "-o", tmp_path / "no.pdf"), password=AUX_PASSWORD)
    assert "author and administrators" in assert_one_line_error(refused)
    assert not (tmp_path / "no.pdf").exists()


def test_print_work_report_bad_quarters(folder: Path, tmp_path: Path) -> None:
    future = run(*as_user(folder, "officer", "print", "work-report", "--quarter", "2099-Q1", "-o",
                          tmp_path / "f.pdf"), password=OFFICER_PASSWORD)
    assert "2099-Q1 has not begun yet" in assert_one_line_error(future)
    bad = run(*as_user(folder, "officer", "print", "work-report", "--quarter", "2026-Q5", "-o",
                       tmp_path / "b.pdf"), password=OFFICER_PASSWORD)
    assert bad.returncode == 2 and "quarter such as 2026-Q4" in bad.stderr


def test_print_briefing_and_public_notice(folder: Path, tmp_path: Path) -> None:
    briefing, notice = tmp_path / "briefing.pdf", tmp_path / "notice.pdf"
    for path, extra in ((briefing, ()), (notice, ("--public",))):
        result = run(*as_user(folder, "officer", "print", "briefing", "--from", "2026-03-01", "--to", "2026-03-31",
                              *extra, "-o", path), password=OFFICER_PASSWORD, lang="zh_CN")
        assert result.returncode == 0, result.stderr
    briefing_text, notice_text = squash(pdf_text(briefing.read_bytes())), squash(pdf_text(notice.read_bytes()))
    assert "警情通报" in briefing_text and "3.0小时" in briefing_text and "李明" in briefing_text
    assert "警情公示" in notice_text and "3.0小时" in notice_text and "李明" not in notice_text
    services = reopen(folder)
    try:
        admin = services.accounts.authenticate("admin", ADMIN_PASSWORD)
        printed = services.audit.list_entries(admin, AuditFilter(action="print"))
        assert {"briefing", "public-notice"} <= {entry.record_type for entry in printed}
    finally:
        services.close()
