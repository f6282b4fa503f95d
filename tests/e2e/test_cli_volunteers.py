"""End to end: `station-desk list volunteers`, `import volunteers` and `print roster |
duty-report | volunteer-hours`, run in a subprocess on a copy of a demo data folder."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from station_desk.demo import DEMO_PASSWORD
from tests.e2e.test_cli import assert_one_line_error, run
from tests.reports_helpers import pdf_text, squash

SAMPLE = Path("/work/shared/samples/volunteer-roster-sample.xlsx")
ROOM_NAME = "和平里社区警务室"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "demo"
    result = run("demo", "--data-dir", folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    return folder


def as_admin(folder: Path, *args: str | Path) -> list[str | Path]:
    return [*args, "--data-dir", folder, "--user", "admin"]


def volunteers(folder: Path) -> list[dict[str, object]]:
    result = run(*as_admin(folder, "list", "volunteers", "--json"), password=DEMO_PASSWORD)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def test_list_volunteers_json_and_table(demo_dir: Path) -> None:
    rows = volunteers(demo_dir)
    assert rows and all(row["name"] for row in rows)
    table = run(*as_admin(demo_dir, "list", "volunteers"), password=DEMO_PASSWORD)
    assert table.returncode == 0, table.stderr
    assert str(rows[0]["name"]) in table.stdout


@pytest.mark.skipif(not SAMPLE.is_file(), reason="the sample roster is not available")
def test_import_dry_run_saves_nothing_then_import_saves(demo_dir: Path) -> None:
    before = len(volunteers(demo_dir))
    dry = run(
        *as_admin(demo_dir, "import", "volunteers", SAMPLE, "--dry-run"), password=DEMO_PASSWORD
    )
    assert dry.returncode == 0, dry.stderr
    assert "New volunteer" in dry.stdout
    assert "with errors." in dry.stdout
    assert len(volunteers(demo_dir)) == before

    done = run(*as_admin(demo_dir, "import", "volunteers", SAMPLE), password=DEMO_PASSWORD)
    if "0 with errors." in dry.stdout:
        assert done.returncode == 0, done.stderr
        assert "Imported:" in done.stdout
        assert len(volunteers(demo_dir)) > before
    else:
        assert_one_line_error(done)
        assert len(volunteers(demo_dir)) == before


def test_import_flags_new_teams_and_reads_merged_team_cells(demo_dir: Path, tmp_path: Path) -> None:
    """A team name merged down over two members gives both the team; a team the room does not
    have yet is named before anything is saved (dry run) and again when importing."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "联系电话", "所属队伍", "角色"])
    sheet.append(["郑晓燕", "女", "13511112222", "新建巡逻三队", "队长"])
    sheet.append(["钱国栋", "男", "13511113333", None, "队员"])
    sheet.merge_cells("D2:D3")
    source = tmp_path / "花名册.xlsx"
    book.save(source)

    dry = run(
        *as_admin(demo_dir, "import", "volunteers", source, "--dry-run"), password=DEMO_PASSWORD
    )
    assert dry.returncode == 0, dry.stderr
    assert "Teams to create: 新建巡逻三队" in dry.stdout
    assert not any(row["name"] == "郑晓燕" for row in volunteers(demo_dir))

    done = run(*as_admin(demo_dir, "import", "volunteers", source), password=DEMO_PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "Teams to create: 新建巡逻三队" in done.stdout and "Imported: 2 new" in done.stdout
    teams = {row["name"]: row["team_name"] for row in volunteers(demo_dir)}
    assert teams["郑晓燕"] == teams["钱国栋"] == "新建巡逻三队"


def test_import_of_a_file_that_is_not_a_spreadsheet(demo_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.csv"
    bad.write_bytes(b"\x00\x01\x02 not a table")
    before = len(volunteers(demo_dir))
    result = run(*as_admin(demo_dir, "import", "volunteers", bad), password=DEMO_PASSWORD)
    assert_one_line_error(result)
    assert len(volunteers(demo_dir)) == before


def test_print_roster(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "roster.pdf"
    result = run(
        *as_admin(demo_dir, "print", "roster", "--week", f"{date.today():%G-W%V}", "-o", target),
        password=DEMO_PASSWORD,
        lang="zh_CN",
    )
    assert result.returncode == 0, result.stderr
    assert ROOM_NAME in squash(pdf_text(target.read_bytes()))


@pytest.mark.parametrize("week", ["nonsense", "2026-W99"])
def test_print_roster_bad_week(demo_dir: Path, tmp_path: Path, week: str) -> None:
    target = tmp_path / "roster.pdf"
    result = run(*as_admin(demo_dir, "print", "roster", "--week", week, "-o", target))
    line = assert_one_line_error(result, code=2)
    assert "--week" in line
    assert not target.exists()


def test_print_duty_report_of_another_user_and_of_oneself(demo_dir: Path, tmp_path: Path) -> None:
    first = date.today().replace(day=1).isoformat()
    other = tmp_path / "officer.pdf"
    result = run(
        *as_admin(
            demo_dir,
            "print",
            "duty-report",
            "--of",
            "officer",
            "--from",
            first,
            "--to",
            date.today().isoformat(),
            "-o",
            other,
        ),
        password=DEMO_PASSWORD,
    )
    assert result.returncode == 0, result.stderr
    assert other.read_bytes().startswith(b"%PDF")
    assert ROOM_NAME in squash(pdf_text(other.read_bytes()))

    own = tmp_path / "own.pdf"
    result = run(
        "print",
        "duty-report",
        "--from",
        first,
        "--to",
        date.today().isoformat(),
        "-o",
        own,
        "--data-dir",
        demo_dir,
        "--user",
        "officer",
        password=DEMO_PASSWORD,
    )
    assert result.returncode == 0, result.stderr
    assert own.read_bytes().startswith(b"%PDF")


def test_print_duty_report_of_nobody(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    result = run(
        *as_admin(
            demo_dir,
            "print",
            "duty-report",
            "--of",
            "nobody-here",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "-o",
            target,
        ),
        password=DEMO_PASSWORD,
    )
    assert "nobody-here" in assert_one_line_error(result)
    assert not target.exists()


def test_print_volunteer_hours_pdf_and_xlsx(demo_dir: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "hours.pdf"
    result = run(
        *as_admin(demo_dir, "print", "volunteer-hours", "--month", f"{date.today():%Y-%m}", "-o", pdf),
        password=DEMO_PASSWORD,
    )
    assert result.returncode == 0, result.stderr
    assert ROOM_NAME in squash(pdf_text(pdf.read_bytes()))

    xlsx = tmp_path / "hours.xlsx"
    result = run(
        *as_admin(demo_dir, "print", "volunteer-hours", "--month", f"{date.today():%Y-%m}", "-o", xlsx),
        password=DEMO_PASSWORD,
    )
    assert result.returncode == 0, result.stderr
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames


@pytest.mark.parametrize(
    ("document", "option", "value"),
    [("volunteer-hours", "--month", "2026-11"), ("roster", "--week", "2026-W49")],
)
def test_print_refuses_a_wrong_suffix_before_sign_in(
    demo_dir: Path, tmp_path: Path, document: str, option: str, value: str
) -> None:
    target = tmp_path / "out.txt"
    # no password: the suffix is checked before signing in
    result = run(*as_admin(demo_dir, "print", document, option, value, "-o", target))
    assert ".pdf" in assert_one_line_error(result, code=2)
    assert not target.exists()
