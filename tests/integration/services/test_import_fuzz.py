"""The volunteer importer over random input (hypothesis): random bytes, random CSV text and
random workbook cells never raise anything but a refusal with a message, and what a preview
would store holds no control or bidirectional-override characters. A file with ESC, BEL and
U+202E in notes and addresses is stored clean, and the CLI preview prints no raw BEL."""

from __future__ import annotations

import io
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from station_desk import cli
from station_desk.domain.accounts import Principal
from station_desk.domain.validators import has_unsafe_characters
from station_desk.domain.volunteers import VolunteerQuery
from station_desk.services.container import Services
from station_desk.services.volunteer_import import (
    ImportPreview,
    NotASpreadsheetError,
    VolunteerImportService,
    read_table,
)
from tests.conftest import OFFICER_PASSWORD
from tests.server_db import sqlite_only

HEADER = ["姓名", "联系电话", "住址", "所属队伍", "备注"]
CELL = st.text(max_size=20)
FUZZ = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


def stored_texts(preview: ImportPreview) -> list[str]:
    texts = []
    for row in preview.rows:
        if row.values is not None:
            texts += [v for f in fields(row.values) if isinstance(v := getattr(row.values, f.name), str)]
        if row.team_name:
            texts.append(row.team_name)
    return texts + list(preview.new_teams)


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["a.csv", "a.xlsx", "a.txt"]))
def test_random_bytes_are_read_or_refused(data: bytes, name: str) -> None:
    try:
        read_table(data, name)
    except NotASpreadsheetError as refused:
        assert str(refused)


@FUZZ
@given(st.lists(st.lists(CELL, min_size=5, max_size=5), min_size=1, max_size=6))
def test_random_csv_cells(services: Services, officer: Principal, rows: list[list[str]]) -> None:
    text = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in [HEADER, *rows])
    preview = VolunteerImportService(services.db).preview_bytes(officer, text.encode("utf-8"), "a.csv")
    assert not any(has_unsafe_characters(t) for t in stored_texts(preview))


@FUZZ
@given(st.lists(st.lists(CELL, min_size=5, max_size=5), min_size=1, max_size=6))
def test_random_workbook_cells(services: Services, officer: Principal, rows: list[list[str]]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = VolunteerImportService(services.db).preview_bytes(officer, buffer.getvalue(), "a.xlsx")
    assert not any(has_unsafe_characters(t) for t in stored_texts(preview))


HOSTILE_ROW = ["张三", "13800138000", "幸福路\x1b[2J1号\u202e", "巡逻一队\x07", "备注\x07\u202eevil\n第二行"]


def hostile_csv(*rows: list[str]) -> bytes:
    """The rows after ten ordinary ones (a file of mostly control characters is refused as binary)."""
    ordinary = [[f"王{'一二三四五六七八九十'[n]}", f"1390013900{n}", f"幸福里{n}号楼", "巡逻二队", "常规巡逻"] for n in range(10)]
    lines = [",".join(f'"{c}"' for c in row) for row in [HEADER, *ordinary, *rows]]
    return "\n".join(lines).encode("utf-8")


def test_controls_from_a_file_are_not_stored(services: Services, officer: Principal) -> None:
    importer = VolunteerImportService(services.db)
    preview = importer.preview_bytes(officer, hostile_csv(HOSTILE_ROW), "list.csv")
    assert not preview.problems and not preview.error_rows
    importer.apply(officer, preview)
    stored = [v for v in services.volunteers.search(officer, VolunteerQuery()) if v.name == "张三"]
    volunteer = services.volunteers.get(officer, stored[0].id)
    assert volunteer.address == "幸福路[2J1号"
    assert volunteer.notes == "备注evil\n第二行"
    assert stored[0].team_name == "巡逻一队"


@sqlite_only
def test_the_cli_preview_prints_no_raw_bell(
    services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "名单\u202e.csv"
    path.write_bytes(hostile_csv(["张三\x07", "1380013800\x07", "路\u202e", "", ""]))
    monkeypatch.setenv("STATION_DESK_PASSWORD", OFFICER_PASSWORD)
    data_dir = services.db.data_dir
    assert data_dir is not None
    code = cli.main(["import", "volunteers", str(path), "--dry-run", "--data-dir", str(data_dir),
                     "--user", "officer", "--lang", "en"])
    out = capsys.readouterr()
    assert code in (0, 1)
    for stream in (out.out, out.err):
        assert "\x07" not in stream and "\u202e" not in stream

    missing = tmp_path / "名单\x07\u202e.csv"  # a message quoting the file name escapes it
    code = cli.main(["import", "volunteers", str(missing), "--data-dir", str(data_dir), "--user", "officer"])
    err = capsys.readouterr().err
    assert code == 1 and "\x07" not in err and "\u202e" not in err
    assert "名单\\u0007\\u202e.csv" in err
