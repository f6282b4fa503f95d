"""The command line fed random arguments for every command: never a traceback.

`station_desk.cli.main` runs in-process (fast) on a demo data folder made once, as the demo
users; arguments mix real record ids, dates at and past the calendar's ends, odd weeks and
months, random text and random files. Every run must end with exit code 0, 1 or 2, and a
failure must be a message on stderr, not an exception. Files are written only into a
temporary working folder. STATION_DESK_FUZZ_EXAMPLES=2000 runs a longer search (default 200).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_desk import cli
from station_desk.demo import DEMO_PASSWORD, create_demo
from station_desk.modules import list_kinds
from tests.e2e.test_cli import demo_connection

USERS = ("admin", "officer", "aux", "nobody")
# Real command lines cannot hold NUL, and their undecodable bytes become lone surrogates
# only through surrogateescape: random text leaves out both, and path separators.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/\\~"), max_size=24)


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, list[str]]]]:
    folder = tmp_path_factory.mktemp("fuzz")
    data_dir = folder / "data"
    create_demo(data_dir, 1, "zh_CN")
    with closing(demo_connection(data_dir)) as raw:
        ids = {
            table: [row[0] for row in raw.execute(f"SELECT id FROM {table} LIMIT 5")]  # noqa: S608
            for table in ("meetings", "mediation_cases", "mediation_sessions", "youth_subjects")
        }
    work = folder / "work"
    work.mkdir()
    (work / "stick").mkdir()
    before = Path.cwd()
    os.chdir(work)
    os.environ["STATION_DESK_PASSWORD"] = DEMO_PASSWORD
    os.environ["STATION_DESK_PASSPHRASE"] = "fuzz-passphrase-2026"
    try:
        yield data_dir, ids
    finally:
        os.chdir(before)
        os.environ.pop("STATION_DESK_PASSWORD", None)
        os.environ.pop("STATION_DESK_PASSPHRASE", None)


def dates() -> st.SearchStrategy[str]:
    return st.one_of(
        st.dates().map(str),
        st.dates().map(lambda d: d.strftime("%Y%m%d")),
        st.sampled_from(["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "2026-02-30", ""]),
        TEXT,
    )


def weeks() -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds("{:04d}-W{:02d}".format, st.integers(0, 9999), st.integers(0, 60)),
        st.sampled_from(["9999-W52", "0001-W01", "2026年第48周", "2026W53"]),
        TEXT,
    )


def months() -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds("{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13)),
        st.sampled_from(["9999-12", "0001-01", "2026年11月", "202611"]),
        TEXT,
    )


def outputs() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(["out.pdf", "out.xlsx", "out.txt", "missing/out.pdf", ""]), TEXT)


def record_id(ids: dict[str, list[str]], table: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(ids[table] or ["x"]), TEXT)


def optional(flag: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda value: [flag, value]))


def switch(flag: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from([[], [flag]])


def joined(*parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.tuples(*parts).map(lambda lists: [item for part in lists for item in part])


def fixed(*words: str) -> st.SearchStrategy[list[str]]:
    return st.just(list(words))


def commands(ids: dict[str, list[str]]) -> st.SearchStrategy[list[str]]:
    """One random command line (without --data-dir and --user) of every kind there is."""
    out = optional("-o", outputs()).map(lambda given: given or ["-o", "out.pdf"])
    period = joined(optional("--from", dates()), optional("--to", dates()))
    return st.one_of(
        fixed("check"),
        fixed("audit", "verify"),
        joined(st.sampled_from([["list", kind] for kind in list_kinds()]), switch("--json")),
        joined(fixed("print"), st.sampled_from([["minutes"], ["sign-in"]]),
               record_id(ids, "meetings").map(lambda v: [v]), out),
        joined(fixed("print", "agreement"), record_id(ids, "mediation_cases").map(lambda v: [v]), out,
               switch("--full-ids")),
        joined(fixed("print", "mediation-record"), record_id(ids, "mediation_sessions").map(lambda v: [v]), out),
        joined(fixed("print", "mediation-register"), period, out),
        joined(fixed("print", "roster"), optional("--week", weeks()), out),
        joined(fixed("print", "duty-report"), optional("--of", st.one_of(st.sampled_from(USERS), TEXT)), period, out),
        joined(fixed("print", "volunteer-hours"), optional("--month", months()), out),
        joined(fixed("print", "youth-file"), record_id(ids, "youth_subjects").map(lambda v: [v]),
               optional("--purpose", TEXT), out, switch("--full-ids")),
        joined(fixed("print", "youth-statistics"), period, optional("--purpose", TEXT), out),
        joined(fixed("import", "volunteers"), st.sampled_from([["in.csv"], ["in.xlsx"], ["missing.csv"]]),
               switch("--dry-run")),
        joined(fixed("export", "--to", "stick"), optional("--from", dates()), optional("--to-date", dates()),
               optional("--include", st.one_of(st.sampled_from(["data", "documents,registers", ""]), TEXT)),
               switch("--include-sealed"), optional("--purpose", TEXT)),
        joined(fixed("restore"), st.one_of(st.sampled_from(["stick", "missing.sdbackup"]), TEXT).map(lambda v: [v])),
        joined(fixed("verify"), st.one_of(st.just("stick"), TEXT).map(lambda v: [v])),
        joined(fixed("demo"), optional("--scale", st.sampled_from(["0", "-1", "x", "1e9", "99999999999999999999"]))),
    )


def input_files() -> st.SearchStrategy[tuple[bytes, bytes]]:
    """(CSV bytes, xlsx-named bytes) for the import command: random text and bytes."""
    csv_text = st.lists(st.lists(TEXT, max_size=5), max_size=5).map(
        lambda rows: "\n".join(",".join(row) for row in [["姓名", "联系电话", "住址"], *rows]).encode("utf-8")
    )
    return st.tuples(csv_text, st.binary(max_size=200))


NO_USER = {"check", "audit", "verify", "demo"}


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--to", "stick", "--from", "0001-01-01", "--to-date", "9999-12-31"],
        ["print", "volunteer-hours", "--month", "9999-12", "-o", "out.pdf"],
        ["print", "roster", "--week", "9999-W52", "-o", "out.pdf"],
        ["print", "duty-report", "--from", "9999-12-31", "--to", "9999-12-31", "-o", "out.pdf"],
        ["print", "mediation-register", "--from", "0001-01-01", "--to", "0001-01-01", "-o", "out.xlsx"],
        ["print", "youth-statistics", "--from", "9999-12-31", "-o", "out.pdf"],
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_refused_in_one_line(
    room: tuple[Path, dict[str, list[str]]], argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, _ = room
    code = cli.main([*argv, "--data-dir", str(data_dir), "--user", "admin", "--lang", "en"])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert err.startswith("station-desk: error: argument --") and "outside the years 2000–2100" in err
    assert len(err.splitlines()) == 1


@settings(max_examples=int(os.environ.get("STATION_DESK_FUZZ_EXAMPLES", "200")), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_arguments_never_raise(
    room: tuple[Path, dict[str, list[str]]], data: st.DataObject, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, ids = room
    argv = data.draw(commands(ids), label="command")
    csv_bytes, other = data.draw(input_files(), label="files")
    Path("in.csv").write_bytes(csv_bytes)
    Path("in.xlsx").write_bytes(other)
    if argv[0] == "demo":
        argv += ["--data-dir", str(Path("demo-folder").resolve())]
    else:
        argv += ["--data-dir", str(data_dir)]
    if argv[0] not in NO_USER:
        argv += ["--user", data.draw(st.sampled_from(USERS), label="user")]
    code = cli.main([*argv, "--lang", "en"])
    captured = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code)
    if code != 0:
        lines = captured.err.strip().splitlines()
        assert lines and lines[-1].startswith("station-desk: error: "), (argv, captured.err)
