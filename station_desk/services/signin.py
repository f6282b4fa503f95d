"""Password checks with the lockout (登录锁定), before or after the database is open.

`checked_password()` refuses a locked account, runs the check, and notes a failure in the
sign-in log beside the database (`db/signin_log.py`): five wrong passwords in a row lock the
account for five minutes. Signing in gets one answer (`sign_in_refused()`) whether the user
exists, the password is wrong or the account is locked, so user names cannot be found out;
unlocking the idle lock, where the user is known, says how many attempts are left. `absorb_sign_in_log()` runs after a successful sign-in, when the database is
open: it writes the failures noted since into the audit trail and seals the log again,
recording an integrity warning when the sealed part was tampered with.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.db.models import User
from station_desk.db.signin_log import SignInLog
from station_desk.domain.accounts import LOCKOUT_MINUTES, MAX_FAILED_LOGINS, SYSTEM, Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.roles import Role
from station_desk.errors import AccountLockedError, AuthenticationError
from station_desk.i18n import _, ngettext

T = TypeVar("T")


def sign_in_refused() -> AuthenticationError:
    """The one answer to a failed sign-in, whether the user exists, the password is wrong or
    the account is locked: anything else would tell who has an account here."""
    return AuthenticationError(
        _("Wrong user name or password. After {n} wrong passwords in a row an account is locked "
          "for {m} minutes.").format(n=MAX_FAILED_LOGINS, m=LOCKOUT_MINUTES)
    )


def checked_password(
    data_dir: Path,
    username: str,
    check: Callable[[], T | None],
    now: datetime,
    reveal: bool = False,
) -> T:
    """`check()`'s result, unless the account is locked or the check fails (None). Only
    with `reveal` (the idle lock) does the error say "locked" or how many attempts are left."""
    log = SignInLog.load(data_dir)
    until = log.locked_until(username, now)
    if until is not None:
        _save_quietly(log.with_failure(username, now, locked=True), data_dir)
        raise locked_error(until, now) if reveal else sign_in_refused()
    result = check()
    if result is not None:
        return result
    log = log.with_failure(username, now)
    _save_quietly(log, data_dir)
    if not reveal:
        raise sign_in_refused()
    until = log.locked_until(username, now)
    if until is not None:
        raise locked_error(until, now)
    left = MAX_FAILED_LOGINS - log.failures_in_a_row(username)
    raise AuthenticationError(
        ngettext(
            "Wrong user name or password. {n} attempt left before the account is locked.",
            "Wrong user name or password. {n} attempts left before the account is locked.",
            left,
        ).format(n=left)
    )


def _save_quietly(log: SignInLog, data_dir: Path) -> None:
    with contextlib.suppress(OSError):  # a full disk must not turn a wrong password into a crash
        log.save(data_dir)


def locked_error(until: datetime, now: datetime) -> AccountLockedError:
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return AccountLockedError(
        ngettext(
            "Too many wrong passwords. The account is locked for {n} more minute.",
            "Too many wrong passwords. The account is locked for {n} more minutes.",
            minutes,
        ).format(n=minutes),
        until,
    )


def absorb_sign_in_log(session: Session, data_dir: Path, username: str, secret: bytes) -> SignInLog:
    """Audit the failures noted outside the database and seal the log again; returns the new
    log (the caller saves it after the commit)."""
    log = SignInLog.load(data_dir)
    if not log.is_genuine(secret):
        audit_trail.append(
            session,
            AuditAction.INTEGRITY,
            "signin_log",
            details={"problem": "the sign-in log beside the database was changed or damaged"},
        )
    users = {user.username: user for user in session.scalars(select(User))}
    for failure in log.unaudited():
        details: dict[str, object] = {"at": failure.at.isoformat()}
        if failure.locked:
            details["locked"] = True
        user = users.get(failure.username)
        if user is None:
            details["username"] = failure.username
            who = SYSTEM
        else:
            who = Principal(user.id, user.username, user.display_name, Role(user.role))
        audit_trail.append(
            session, AuditAction.LOGIN_FAILED, "user", user.id if user else "", details, who
        )
    return log.sealed_after_sign_in(username, secret)
