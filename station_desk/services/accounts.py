"""Accounts (账号): first-run setup, sign-in with lockout, passwords and roles.

Passwords are stored as Argon2id hashes. Five wrong passwords in a row lock an account for
five minutes. Accounts are deactivated, never deleted, so the audit trail keeps its names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.db.database import Database
from station_desk.db.models import User
from station_desk.db.models.base import utcnow
from station_desk.domain.accounts import (
    LOCKOUT_MINUTES,
    MAX_FAILED_LOGINS,
    SYSTEM,
    NewAccount,
    Principal,
    UserAccount,
    check_new_password,
    check_username,
)
from station_desk.domain.audit import AuditAction
from station_desk.domain.roles import Permission, Role
from station_desk.domain.settings import RoomSettings, SetupData
from station_desk.domain.validators import normalise_person_name
from station_desk.errors import (
    AccountLockedError,
    AuthenticationError,
    NotFoundError,
    StationDeskError,
    ValidationError,
)
from station_desk.i18n import _
from station_desk.services.guard import require
from station_desk.services.settings import SETUP_DONE_KEY, get_flag, set_flag, write_settings

_hasher = PasswordHasher()  # Argon2id with the library's recommended parameters


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def principal_of(user: User) -> Principal:
    return Principal(user.id, user.username, user.display_name, Role(user.role))


def account_of(user: User) -> UserAccount:
    return UserAccount(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        badge_number=user.badge_number,
        role=Role(user.role),
        active=user.active,
        locked_until=user.locked_until,
        last_login_at=user.last_login_at,
    )


class AccountService:
    def __init__(self, db: Database, now: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.now = now

    # -- first run -----------------------------------------------------------------------
    def is_set_up(self) -> bool:
        with self.db.session() as session:
            return bool(get_flag(session, SETUP_DONE_KEY, False))

    def complete_setup(self, data: SetupData) -> Principal:
        """Store the room's settings and create the first admin (the officer) in one step."""
        settings = RoomSettings(data.station_name, data.room_name, data.language).validated()
        account = NewAccount(
            username=data.username,
            display_name=data.officer_name,
            badge_number=data.badge_number,
            role=Role.ADMIN,
            password=data.password,
        )
        account = _checked(account)
        with self.db.session(SYSTEM) as session:
            if get_flag(session, SETUP_DONE_KEY, False):
                raise StationDeskError(_("Station Desk is already set up."))
            write_settings(session, settings)
            user = _new_user(session, account)
            set_flag(session, SETUP_DONE_KEY, True)
            audit_trail.append(session, AuditAction.SETUP, "user", user.id, actor=principal_of(user))
            return principal_of(user)

    # -- signing in ----------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> Principal:
        """Sign in. Wrong passwords count towards the lockout; every attempt is audited."""
        failure: AuthenticationError | None = None
        with self.db.session() as session:
            user = session.scalars(select(User).where(User.username == username.strip())).first()
            if user is None or not user.active:
                audit_trail.append(
                    session, AuditAction.LOGIN_FAILED, "user", details={"username": username[:64]}
                )
                password_matches(_unknown_user_hash(), password)  # as long as a real check
                failure = sign_in_refused()
            else:
                # the same answer as for an unknown user: no attempts left, no "locked"
                failure = self._check_password(session, user, password) and sign_in_refused()
                if failure is None:
                    user.failed_logins = 0
                    user.locked_until = None
                    user.last_login_at = self.now()
                    audit_trail.append(
                        session, AuditAction.LOGIN, "user", user.id, actor=principal_of(user)
                    )
                    return principal_of(user)
        raise failure

    def confirm_password(self, actor: Principal, password: str) -> None:
        """Unlock after the idle lock: the same checks and lockout as signing in."""
        failure: AuthenticationError | None = None
        with self.db.session(actor) as session:
            user = _get_user(session, actor.user_id)
            failure = self._check_password(session, user, password)
            if failure is None:
                user.failed_logins = 0
                audit_trail.append(session, AuditAction.UNLOCK, "user", user.id)
        if failure is not None:
            raise failure

    def _check_password(self, session: Session, user: User, password: str) -> AuthenticationError | None:
        now = self.now()
        who = principal_of(user)
        if user.locked_until is not None and user.locked_until > now:
            audit_trail.append(session, AuditAction.LOGIN_FAILED, "user", user.id, {"locked": True}, who)
            return _locked_error(user.locked_until, now)
        if password_matches(user.password_hash, password):
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            return None
        user.failed_logins += 1
        audit_trail.append(session, AuditAction.LOGIN_FAILED, "user", user.id, None, who)
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.failed_logins = 0
            user.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
            audit_trail.append(session, AuditAction.LOCKED, "user", user.id, None, who)
            return _locked_error(user.locked_until, now)
        left = MAX_FAILED_LOGINS - user.failed_logins
        return AuthenticationError(
            _("Wrong user name or password. {n} attempts left before the account is locked.").format(
                n=left
            )
        )

    def logout(self, actor: Principal) -> None:
        with self.db.session(actor) as session:
            audit_trail.append(session, AuditAction.LOGOUT, "user", actor.user_id)

    def change_password(self, actor: Principal, old_password: str, new_password: str) -> None:
        check_new_password(new_password, "new_password")
        with self.db.session(actor) as session:
            user = _get_user(session, actor.user_id)
            if not password_matches(user.password_hash, old_password):
                raise ValidationError("old_password", _("The current password is wrong."))
            user.password_hash = hash_password(new_password)

    # -- administration ------------------------------------------------------------------
    def list_accounts(self, actor: Principal) -> list[UserAccount]:
        require(self.db, actor, Permission.MANAGE_ACCOUNTS, "user")
        with self.db.session(actor) as session:
            users = session.scalars(select(User).order_by(User.created_at)).all()
            return [account_of(u) for u in users]

    def create_account(self, actor: Principal, account: NewAccount) -> UserAccount:
        require(self.db, actor, Permission.MANAGE_ACCOUNTS, "user")
        account = _checked(account)
        with self.db.session(actor) as session:
            return account_of(_new_user(session, account))

    def update_account(
        self, actor: Principal, user_id: str, display_name: str, badge_number: str, role: Role
    ) -> UserAccount:
        require(self.db, actor, Permission.MANAGE_ACCOUNTS, "user")
        name = normalise_person_name(display_name)
        with self.db.session(actor) as session:
            user = _get_user(session, user_id)
            if user.id == actor.user_id and role != Role.ADMIN:
                raise ValidationError("role", _("You cannot take the admin role from yourself."))
            user.display_name = name
            user.badge_number = badge_number.strip()[:32]
            user.role = role.value
            return account_of(user)

    def set_active(self, actor: Principal, user_id: str, active: bool) -> UserAccount:
        """Deactivate (or reactivate) an account; accounts are never deleted."""
        require(self.db, actor, Permission.MANAGE_ACCOUNTS, "user")
        with self.db.session(actor) as session:
            user = _get_user(session, user_id)
            if user.id == actor.user_id and not active:
                raise ValidationError("active", _("You cannot deactivate your own account."))
            user.active = active
            return account_of(user)

    def reset_password(self, actor: Principal, user_id: str, new_password: str) -> None:
        require(self.db, actor, Permission.MANAGE_ACCOUNTS, "user")
        check_new_password(new_password)
        with self.db.session(actor) as session:
            user = _get_user(session, user_id)
            user.password_hash = hash_password(new_password)
            user.failed_logins = 0
            user.locked_until = None


def _checked(account: NewAccount) -> NewAccount:
    return NewAccount(
        username=check_username(account.username),
        display_name=normalise_person_name(account.display_name),
        role=account.role,
        password=check_new_password(account.password),
        badge_number=account.badge_number.strip()[:32],
    )


def _new_user(session: Session, account: NewAccount) -> User:
    exists = session.scalars(select(User.id).where(User.username == account.username)).first()
    if exists:
        raise ValidationError("username", _("This user name is already taken."))
    user = User(
        username=account.username,
        display_name=account.display_name,
        badge_number=account.badge_number,
        role=account.role.value,
        password_hash=hash_password(account.password),
        active=True,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    return user


def _get_user(session: Session, user_id: str) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(_("No such account."))
    return user


def sign_in_refused() -> AuthenticationError:
    """The one answer to a failed sign-in, whether the user exists, the password is wrong or
    the account is locked: anything else would tell who has an account here. (Unlocking the
    idle lock, where the user is known, says how many attempts are left.)"""
    return AuthenticationError(
        _("Wrong user name or password. After {n} wrong passwords in a row an account is locked "
          "for {m} minutes.").format(n=MAX_FAILED_LOGINS, m=LOCKOUT_MINUTES)
    )


_UNKNOWN_USER_HASH: list[str] = []


def _unknown_user_hash() -> str:
    """A hash to check a password against when the user does not exist, so that the answer
    takes as long as for a real user (made once, with the current cost)."""
    if not _UNKNOWN_USER_HASH:
        _UNKNOWN_USER_HASH.append(hash_password("no such user"))
    return _UNKNOWN_USER_HASH[0]


def _locked_error(until: datetime, now: datetime) -> AccountLockedError:
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return AccountLockedError(
        _("Too many wrong passwords. The account is locked for {n} more minute(s).").format(n=minutes),
        until,
    )
