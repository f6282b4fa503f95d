"""The plain start of the window (`station-desk [--data-dir DIR] [--lang LANG]`) is read
without the commands' modules and their parser (issue 15: about 20 ms before the sign-in
window), giving what the full parser gives; anything else goes to the full parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from station_desk.cli import build_parser, window_only


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["--data-dir", "/tmp/room"],
        ["--data-dir=~/room"],
        ["--lang", "zh-tw"],
        ["--lang=EN", "--data-dir", "/tmp/警务室"],
    ],
)
def test_the_plain_start_reads_as_the_full_parser(arguments: list[str]) -> None:
    quick = window_only(arguments)
    assert quick is not None
    full = build_parser().parse_args(arguments)
    assert vars(quick) == {key: value for key, value in vars(full).items() if key in vars(quick)}
    assert set(vars(full)) - set(vars(quick)) == set()


@pytest.mark.parametrize(
    "arguments",
    [
        ["--help"],
        ["--version"],
        ["--demo"],
        ["--self-test"],
        ["check"],
        ["--data-dir", "/tmp/room", "check"],
        ["--lang", "fr"],
        ["--data-dir"],
        ["--data-dir="],
        ["--data-dir", "/a", "--data-dir", "/b"],
        ["--database-url", "postgresql://x"],
        ["--data"],
    ],
)
def test_anything_else_goes_to_the_full_parser(arguments: list[str]) -> None:
    assert window_only(arguments) is None


def test_the_commands_modules_are_not_loaded_for_it() -> None:
    code = (
        "import sys; from station_desk.cli import window_only; "
        "window_only(['--data-dir', '/tmp/room']); "
        "print(sorted(m for m in sys.modules if m.startswith('station_desk.cli')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['station_desk.cli', 'station_desk.cli.common']"
