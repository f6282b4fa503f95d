"""Accounts (账号): first-run setup, sign-in with lockout, passwords and roles.

Passwords are stored as Argon2id hashes, and each active account has a key slot that the
password opens (`db/keyslots.py`): signing in unwraps the database key. Creating an account
or setting a password writes its slot, deactivating removes it, reactivating needs a new
password. Five wrong passwords in a row lock an account for five minutes (counted outside the
database, `services/signin.py`). Accounts are deactivated, never deleted, so the audit trail
keeps its names.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.db.database import Database
from station_desk.db.keyslots import KeyFileError, KeySlots, pending_path
from station_desk.db.models import User
from station_desk.db.models.base import utcnow
from station_desk.db.signin_log import SignInLog
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
from station_desk.domain.records import from_row
from station_desk.domain.roles import Permission, Role
from station_desk.domain.settings import RoomSettings, SetupData
from station_desk.domain.validators import normalise_person_name
from station_desk.errors import (
    NotFoundError,
    StationDeskError,
    ValidationError,
)
from station_desk.i18n import _
from station_desk.services.guard import require
from station_desk.services.settings import (
    SETUP_DONE_KEY,
    get_flag,
    read_settings,
    set_flag,
    write_settings,
)
from station_desk.services.signin import (
    absorb_sign_in_log,
    checked_password,
    locked_error,
    sign_in_refused,
)

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
    return from_row(UserAccount, user)


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
        account = _checked(
            from_row(NewAccount, data, display_name=data.officer_name, role=Role.ADMIN)
        )
        with self.db.session(SYSTEM) as session:
            if get_flag(session, SETUP_DONE_KEY, False):
                raise StationDeskError(_("Station Desk is already set up."))
            write_settings(session, settings)
            user = _new_user(session, account)
            set_flag(session, SETUP_DONE_KEY, True)
            audit_trail.append(session, AuditAction.SETUP, "user", user.id, actor=principal_of(user))
            self._write_first_slots(settings, user, account.password)  # before the commit
            principal = principal_of(user)
        if self.db.data_dir is not None:
            pending_path(self.db.data_dir).unlink(missing_ok=True)
        return principal

    def _write_first_slots(self, settings: RoomSettings, user: User, password: str) -> None:
        """The key file with the first admin's slot (a setup that fails to commit is redone
        by the wizard, which writes it again)."""
        if self.db.key is None or self.db.data_dir is None:
            return
        slots = KeySlots.create(
            self.db.key, settings.room_name, settings.station_name, settings.language
        )
        try:
            slots.with_password(self.db.key, user.username, user.id, password).save(self.db.data_dir)
        except OSError as exc:
            raise StationDeskError(
                _("The key file could not be written ({reason}).").format(reason=exc.strerror or exc)
            ) from exc

    # -- signing in ----------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> Principal:
        """Sign in on the open database: the password must open the account's key slot.

        Wrong passwords count towards the lockout; every attempt is audited."""
        name = username.strip()
        self._check_password(name, password)
        return self.sign_in_verified(name)

    def _check_password(self, username: str, password: str, unlocking: bool = False) -> None:
        """Raises AuthenticationError (or AccountLockedError) unless the password is right:
        one answer for signing in, attempts left when unlocking the idle lock."""
        if self.db.is_server:  # the station's server: the lockout is kept in the accounts table
            self._check_on_server(username, password, unlocking)
            return
        if self.db.data_dir is None:  # a database without a data folder (tools): no lockout
            if not self._opens(username, password):
                raise sign_in_refused()
            return
        opens = lambda: self._opens(username, password) or None  # noqa: E731
        checked_password(self.db.data_dir, username, opens, self.now(), reveal=unlocking)

    def sign_in_verified(self, username: str) -> Principal:
        """The in-database part of signing in, after the password opened the key slot:
        the account must exist and be active; audited, with the failures noted since."""
        log: SignInLog | None = None
        with self.db.session() as session:
            user = session.scalars(select(User).where(User.username == username)).first()
            if user is None or not user.active:
                audit_trail.append(
                    session, AuditAction.LOGIN_FAILED, "user", details={"username": username[:64]}
                )
            else:
                log = self._absorb(session, username)  # the failures before, then this login
                user.failed_logins = 0
                user.locked_until = None
                user.last_login_at = self.now()
                who = principal_of(user)
                audit_trail.append(session, AuditAction.LOGIN, "user", user.id, actor=who)
        if user is None or not user.active:
            self._slots_change(lambda slots: slots.without(username))
            raise sign_in_refused()
        if log is not None and self.db.data_dir is not None:
            log.save(self.db.data_dir)
        return who

    def _absorb(self, session: Session, username: str) -> SignInLog | None:
        chain = audit_trail.read_chain_key(session)
        if chain is None or self.db.data_dir is None:
            return None
        return absorb_sign_in_log(session, self.db.data_dir, username, chain.secret)

    def confirm_password(self, actor: Principal, password: str) -> None:
        """Unlock after the idle lock: the same checks and lockout as signing in."""
        self._check_password(actor.username, password, unlocking=True)
        with self.db.session(actor) as session:
            user = _get_user(session, actor.user_id)
            user.failed_logins = 0
            audit_trail.append(session, AuditAction.UNLOCK, "user", user.id)

    def _check_on_server(self, username: str, password: str, unlocking: bool) -> None:
        """Sign-in on the station's database server, where the database is open before
        anyone signs in: the failures count in the account's row (five in a row lock it for
        five minutes, as in a room) and each is audited at once."""
        now = self.now()
        with self.db.session() as session:
            user = session.scalars(
                select(User).where(User.username == username).with_for_update()
            ).first()
            locked = user is not None and user.locked_until is not None and user.locked_until > now
            if not locked and user is not None and password_matches(user.password_hash, password):
                return
            if user is not None and not locked:
                user.failed_logins += 1
                if user.failed_logins >= MAX_FAILED_LOGINS:
                    user.locked_until = now + timedelta(minutes=LOCKOUT_MINUTES)
            details = {"username": username[:64], "at": now.isoformat(), "locked": locked}
            who = principal_of(user) if user is not None else None
            audit_trail.append(session, AuditAction.LOGIN_FAILED, "user", details=details, actor=who)
        if unlocking and user is not None and user.locked_until is not None and user.locked_until > now:
            raise locked_error(user.locked_until, now)
        raise sign_in_refused()

    def _opens(self, username: str, password: str) -> bool:
        """Whether `password` is the account's: it opens its key slot (or, in a database
        without key slots, matches the stored hash)."""
        slots = self._slots()
        if slots is not None:
            key = slots.unlock(username, password)
            return key is not None and self.db.key is not None and hmac.compare_digest(key, self.db.key)
        with self.db.session() as session:
            user = session.scalars(select(User).where(User.username == username)).first()
            return user is not None and password_matches(user.password_hash, password)

    # -- key slots -------------------------------------------------------------------------
    def _slots(self) -> KeySlots | None:
        if self.db.key is None or self.db.data_dir is None:
            return None
        return KeySlots.load(self.db.data_dir)

    def _slots_change(self, change: Callable[[KeySlots], KeySlots]) -> None:
        slots = self._slots()
        if slots is not None and self.db.key is not None and self.db.data_dir is not None:
            try:
                change(slots).save(self.db.data_dir)
            except OSError as exc:
                raise StationDeskError(
                    _("The key file could not be written ({reason}); the password was not "
                      "changed for signing in.").format(reason=exc.strerror or exc)
                ) from exc

    def _set_slot(self, username: str, user_id: str, password: str) -> None:
        key = self.db.key
        if key is not None:
            self._slots_change(lambda slots: slots.with_password(key, username, user_id, password))

    def logout(self, actor: Principal) -> None:
        with self.db.session(actor) as session:
            audit_trail.append(session, AuditAction.LOGOUT, "user", actor.user_id)

    def change_password(self, actor: Principal, old_password: str, new_password: str) -> None:
        """A new password for oneself: the slot is rewrapped with it."""
        check_new_password(new_password, "new_password")
        if not self._opens(actor.username, old_password):
            raise ValidationError("old_password", _("The current password is wrong."))
        with self.db.session(actor) as session:
            user = _get_user(session, actor.user_id)
            user.password_hash = hash_password(new_password)
        self._set_slot(actor.username, actor.user_id, new_password)

    def reset_with_recovery(self, username: str, new_password: str) -> Principal:
        """After the recovery key opened the database: a new password (and key slot) for an
        administrator, audited, then that administrator is signed in. A lost or damaged key
        file is replaced by a new one holding this slot (other accounts get theirs back when
        the administrator sets their passwords)."""
        check_new_password(new_password)
        with self.db.session() as session:
            user = session.scalars(select(User).where(User.username == username)).first()
            if user is None or not user.active or user.role != Role.ADMIN.value:
                raise ValidationError(
                    "username", _("The recovery key can set a password only for an active administrator.")
                )
            user.password_hash = hash_password(new_password)
            audit_trail.append(
                session, AuditAction.UPDATE, "user", user.id, {"password_reset_with": "recovery key"},
                principal_of(user),
            )
            user_id = user.id
            settings = read_settings(session)
        key, data_dir = self.db.key, self.db.data_dir
        if key is not None and data_dir is not None:
            try:
                slots = KeySlots.load(data_dir)
            except KeyFileError:
                slots = None
            if slots is None or not slots.owns(key):
                slots = KeySlots.create(key, settings.room_name, settings.station_name, settings.language)
            slots.with_password(key, username, user_id, new_password).save(data_dir)
        return self.sign_in_verified(username)  # lifts the lockout: the log is sealed anew

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
            created = account_of(_new_user(session, account))
        self._set_slot(created.username, created.id, account.password)
        return created

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

    def set_active(
        self, actor: Principal, user_id: str, active: bool, new_password: str | None = None
    ) -> UserAccount:
        """Deactivate an account (its key slot is removed) or reactivate it with a new
        password (a new slot); accounts are never deleted."""
        require(self.db, actor, Permission.MANAGE_ACCOUNTS, "user")
        if active and self.db.key is not None:
            if not new_password:
                raise ValidationError(
                    "password", _("Give the account a new password to reactivate it.")
                )
            check_new_password(new_password)
        with self.db.session(actor) as session:
            user = _get_user(session, user_id)
            if user.id == actor.user_id and not active:
                raise ValidationError("active", _("You cannot deactivate your own account."))
            user.active = active
            if active and new_password:
                user.password_hash = hash_password(new_password)
            changed = account_of(user)
        if active and new_password:
            self._set_slot(changed.username, changed.id, new_password)
        elif not active:
            self._slots_change(lambda slots: slots.without(changed.username))
        return changed

    def reset_password(self, actor: Principal, user_id: str, new_password: str) -> None:
        """An administrator sets another account's password: that account gets a new slot."""
        require(self.db, actor, Permission.MANAGE_ACCOUNTS, "user")
        check_new_password(new_password)
        with self.db.session(actor) as session:
            user = _get_user(session, user_id)
            if not user.active:
                raise ValidationError("password", _("Reactivate the account to give it a password."))
            user.password_hash = hash_password(new_password)
            user.failed_logins = 0
            user.locked_until = None
            username = user.username
        self._set_slot(username, user_id, new_password)


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

