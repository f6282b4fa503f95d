"""Passwords, passphrases and the recovery key on the command line (cli/common.read_secret and
the readers built on it): the environment variable first, else typed at a real terminal (a
pseudo-terminal here, so getpass reads it as a person's keyboard), else a clear error."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

READERS = """
from station_desk import i18n
from station_desk.cli.common import read_password, read_recovery_key
from station_desk.cli.exchange import read_passphrase
from station_desk.errors import StationDeskError
i18n.set_language("en")
try:
    print("RESULT", repr({call}))
except StationDeskError as exc:
    print("ERROR", exc)
"""
SECRETS = ("STATION_DESK_PASSWORD", "STATION_DESK_PASSPHRASE", "STATION_DESK_RECOVERY_KEY")


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    env.update(values)
    return env


def _read_until(fd: int, output: bytearray, text: str) -> None:
    while text.encode() not in output:
        ready, _w, _x = select.select([fd], [], [], 30)
        assert ready, f"no {text!r} in {output.decode(errors='replace')!r}"
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child has finished (EIO on Linux)
            chunk = b""
        assert chunk, f"ended without {text!r}: {output.decode(errors='replace')!r}"
        output += chunk


def at_a_terminal(call: str, answers: list[tuple[str, str]], **env: str) -> str:
    """Run `call` in a child whose terminal is a pseudo-terminal; each (prompt, typed) pair
    waits for the prompt and types the line. Returns what the child showed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.execve(sys.executable, [sys.executable, "-c", READERS.format(call=call)], _env(**env))
    output = bytearray()
    try:
        for prompt, typed in answers:
            _read_until(fd, output, prompt)
            os.write(fd, typed.encode() + b"\n")
        while True:
            ready, _w, _x = select.select([fd], [], [], 30)
            assert ready, "the child did not finish"
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
    return output.decode(errors="replace")


def without_a_terminal(call: str, **env: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", READERS.format(call=call)], env=_env(**env),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, check=True, timeout=60,
    ).stdout


def test_the_environment_comes_first_and_is_not_asked_again() -> None:
    shown = without_a_terminal("read_password('alice')", STATION_DESK_PASSWORD="")
    assert "RESULT ''" in shown  # set, even empty: used as it is
    shown = without_a_terminal("read_passphrase(confirm=True)", STATION_DESK_PASSPHRASE="pass")
    assert "RESULT 'pass'" in shown
    shown = without_a_terminal("read_recovery_key()", STATION_DESK_RECOVERY_KEY="KEY")
    assert "RESULT 'KEY'" in shown


def test_typed_at_the_terminal() -> None:
    shown = at_a_terminal("read_password('alice')", [("Password for alice: ", "s3cret")])
    assert "RESULT 's3cret'" in shown
    assert shown.count("s3cret") == 1  # not echoed
    shown = at_a_terminal("read_recovery_key()", [("Recovery key: ", "ABCD-EFGH")])
    assert "RESULT 'ABCD-EFGH'" in shown


def test_a_passphrase_is_typed_twice_for_writing() -> None:
    same = [("Passphrase: ", "correct horse"), ("The passphrase again: ", "correct horse")]
    assert "RESULT 'correct horse'" in at_a_terminal("read_passphrase(confirm=True)", same)
    differ = [("Passphrase: ", "correct horse"), ("The passphrase again: ", "battery")]
    shown = at_a_terminal("read_passphrase(confirm=True)", differ)
    assert "ERROR The two passphrases differ; nothing was written." in shown


def test_an_optional_passphrase_may_be_skipped() -> None:
    skipped = [("Passphrase (Enter to skip decrypting): ", "")]
    assert "RESULT None" in at_a_terminal("read_passphrase(confirm=False, optional=True)", skipped)
    assert "RESULT None" in without_a_terminal("read_passphrase(confirm=False, optional=True)")


def test_without_a_terminal_or_variable_the_error_says_what_to_set() -> None:
    assert "ERROR No password: set STATION_DESK_PASSWORD" in without_a_terminal(
        "read_password('alice')"
    )
    assert "ERROR No passphrase: set STATION_DESK_PASSPHRASE" in without_a_terminal(
        "read_passphrase(confirm=True)"
    )
    no_key = "ERROR No key: give --user NAME (and STATION_DESK_PASSWORD) or set STATION_DESK_"
    assert no_key in without_a_terminal("read_recovery_key()")
