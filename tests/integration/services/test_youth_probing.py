"""Sealed records cannot be probed (issue 13, point 6): registering a subject with the ID
number of a subject the officer may not open says nothing about it and is audited as a
refused sealed access; youth statistics show counts of 1 or 2 as "<3" to anyone who may not
open every counted subject — in the service, in the PDF and through the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from station_desk import cli
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.youth import YouthGroup
from station_desk.errors import ValidationError
from station_desk.services.container import Services
from station_desk.services.youth import YouthService
from tests.conftest import OFFICER_PASSWORD
from tests.integration.services.test_youth import (  # noqa: F401
    GIRL,
    REGISTERED,
    id_number,
    officer2,
    register,
    youth,
)
from tests.reports_helpers import pdf_text, squash
from tests.server_db import sqlite_only


def test_registering_anothers_subject_reveals_nothing_and_is_audited(
    youth: YouthService, services: Services, officer: Principal, officer2: Principal, admin: Principal  # noqa: F811
) -> None:
    theirs = register(youth, officer2)  # officer2's subject, with BOY's ID number
    with pytest.raises(ValidationError) as refused:
        register(youth, officer, name="李小华")
    message = str(refused.value)
    assert "Ask the administrator" in message
    assert "registered already" not in message and "subject with this" not in message
    denied = services.audit.list_entries(admin, AuditFilter(action="denied"))
    assert denied[0].username == "officer" and denied[0].record_id == theirs.id
    assert denied[0].details["reason"] == "resident_id_clash"
    # whoever may open the subject still hears that the number is taken
    with pytest.raises(ValidationError, match="registered already"):
        register(youth, admin, name="李小华")


def test_statistics_hide_small_counts_from_who_may_not_open_them(
    youth: YouthService, officer: Principal, officer2: Principal, admin: Principal  # noqa: F811
) -> None:
    register(youth, officer2)
    day = REGISTERED
    seen_by_officer = youth.statistics(officer, day, day)
    assert seen_by_officer.suppress_small and seen_by_officer.total == 1
    assert seen_by_officer.shown(seen_by_officer.total) == "<3"
    assert seen_by_officer.share(1) == "—"
    assert not youth.statistics(officer2, day, day).suppress_small  # their own subject
    assert not youth.statistics(admin, day, day).suppress_small
    text = squash(pdf_text(youth.statistics_pdf(officer, day, day, "en")))
    assert "<3" in text and "100.0%" not in text
    groups = [g for g in YouthGroup if seen_by_officer.by_group[g]]
    assert len(groups) == 1


def test_statistics_of_three_or_more_are_shown(
    youth: YouthService, officer: Principal, officer2: Principal  # noqa: F811
) -> None:
    register(youth, officer2)
    register(youth, officer2, name="王小红", resident_id=GIRL)
    register(youth, officer2, name="赵小刚", resident_id=id_number(date(2011, 1, 2), "151"))
    stats = youth.statistics(officer, REGISTERED, REGISTERED)
    assert stats.total == 3 and stats.shown(stats.total) == "3"


@sqlite_only
def test_cli_statistics_pdf_hides_small_counts(
    youth: YouthService, services: Services, officer2: Principal, tmp_path: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register(youth, officer2)
    monkeypatch.setenv("STATION_DESK_PASSWORD", OFFICER_PASSWORD)
    out = tmp_path / "stats.pdf"
    day = REGISTERED.isoformat()
    code = cli.main(["print", "youth-statistics", "--from", day, "--to", day, "-o", str(out),
                     "--data-dir", str(services.db.data_dir), "--user", "officer", "--lang", "en"])
    assert code == 0
    text = squash(pdf_text(out.read_bytes()))
    assert "<3" in text
