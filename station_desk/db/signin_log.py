"""Failed sign-ins before the database is open (登录失败记录), in `signin_failures.json`.

A wrong password cannot open the encrypted database, so the failure is noted here: it drives
the lockout (five in a row lock the account for five minutes) and goes into the audit trail
at the next successful sign-in. Entries written then are marked `audited`, and a MAC under a
key derived from the audit chain key seals the audited part: a file edited, replaced or
deleted while it held sealed entries is reported (and audited) at the next sign-in. Failures
noted since the last sign-in are not sealed (nobody holds the key then): someone who can
write the data folder can wipe them, and with them the lockout — but such a person can also
copy the files and guess offline, which the Argon2id cost of each guess is there to slow.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from station_desk.db.private_files import read_json, write_json
from station_desk.domain.accounts import LOCKOUT_MINUTES, MAX_FAILED_LOGINS

SIGNIN_FILENAME = "signin_failures.json"
_KEEP = 200  # audited entries kept (enough to rebuild any lockout still running)


def signin_path(data_dir: Path) -> Path:
    return data_dir / SIGNIN_FILENAME


@dataclass(frozen=True)
class Failure:
    at: datetime
    username: str
    locked: bool = False  # tried while the account was locked
    audited: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "username": self.username,
            "locked": self.locked,
            "audited": self.audited,
        }


@dataclass(frozen=True)
class SignInLog:
    failures: tuple[Failure, ...] = ()
    mac: str = ""
    existed: bool = False
    damaged: bool = False

    @classmethod
    def load(cls, data_dir: Path) -> SignInLog:
        try:
            content = read_json(signin_path(data_dir))
        except (OSError, ValueError):
            return cls(existed=True, damaged=True)
        if content is None:
            return cls()
        try:
            failures = tuple(
                Failure(
                    datetime.fromisoformat(item["at"]),
                    str(item["username"]),
                    bool(item.get("locked")),
                    bool(item.get("audited")),
                )
                for item in content.get("failures", [])
            )
        except (KeyError, TypeError, ValueError):
            return cls(existed=True, damaged=True)
        return cls(failures, str(content.get("mac", "")), existed=True)

    def save(self, data_dir: Path) -> None:
        write_json(
            signin_path(data_dir),
            {"failures": [f.as_dict() for f in self.failures], "mac": self.mac},
        )

    # -- lockout ---------------------------------------------------------------------------
    def locked_until(self, username: str, now: datetime) -> datetime | None:
        """When the account's lockout ends, if it is locked now."""
        count, until = 0, None
        for failure in self.failures:
            if failure.username != username or failure.locked:
                continue
            count += 1
            if count >= MAX_FAILED_LOGINS:
                count, until = 0, failure.at + timedelta(minutes=LOCKOUT_MINUTES)
        return until if until is not None and until > now else None

    def failures_in_a_row(self, username: str) -> int:
        count = 0
        for failure in self.failures:
            if failure.username == username and not failure.locked:
                count = (count + 1) % MAX_FAILED_LOGINS
        return count

    def with_failure(self, username: str, now: datetime, locked: bool = False) -> SignInLog:
        return replace(self, failures=(*self.failures, Failure(now, username[:64], locked)))

    # -- sealing (needs the key) -----------------------------------------------------------
    def _mac_over(self, secret: bytes, failures: tuple[Failure, ...]) -> str:
        audited = [f.as_dict() for f in failures if f.audited]
        text = json.dumps(audited, sort_keys=True).encode("utf-8")
        key = hmac.new(secret, b"station-desk:sign-in log", hashlib.sha256).digest()
        return hmac.new(key, text, hashlib.sha256).hexdigest()

    def is_genuine(self, secret: bytes) -> bool:
        if self.damaged:
            return False
        if not any(f.audited for f in self.failures) and not self.mac:
            return True
        return hmac.compare_digest(self._mac_over(secret, self.failures), self.mac)

    def unaudited(self) -> list[Failure]:
        return [f for f in self.failures if not f.audited]

    def sealed_after_sign_in(self, username: str, secret: bytes) -> SignInLog:
        """Every failure marked audited, the signed-in user's dropped, the rest sealed."""
        kept = [replace(f, audited=True) for f in self.failures if f.username != username]
        failures = tuple(kept[-_KEEP:])
        return SignInLog(failures, self._mac_over(secret, failures), existed=True)


def empty_sealed(secret: bytes) -> SignInLog:
    return SignInLog().sealed_after_sign_in("", secret)


__all__ = ["Failure", "SignInLog", "empty_sealed", "signin_path"]
