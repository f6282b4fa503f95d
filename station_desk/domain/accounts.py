"""Accounts: the signed-in user (Principal) and the account records shown in lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from station_desk.domain.roles import Permission, Role, role_allows
from station_desk.errors import ValidationError
from station_desk.i18n import _

MAX_FAILED_LOGINS = 5
LOCKOUT_MINUTES = 5
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class Principal:
    """The user a service call acts for (当前用户)."""

    user_id: str
    username: str
    display_name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return role_allows(self.role, permission)


SYSTEM = Principal(user_id="", username="system", display_name="system", role=Role.ADMIN)


@dataclass(frozen=True)
class UserAccount:
    """An account as the admin sees it in the accounts list (never the password hash)."""

    id: str
    username: str
    display_name: str
    badge_number: str
    role: Role
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None


@dataclass(frozen=True)
class NewAccount:
    username: str
    display_name: str
    role: Role
    password: str
    badge_number: str = ""


def check_username(username: str) -> str:
    name = username.strip()
    if not (2 <= len(name) <= 32):
        raise ValidationError("username", _("The user name must be 2 to 32 characters long."))
    if any(ch.isspace() for ch in name):
        raise ValidationError("username", _("The user name must not contain spaces."))
    return name


def check_new_password(password: str, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            field,
            _("The password must have at least {n} characters.").format(n=MIN_PASSWORD_LENGTH),
        )
    if len(set(password)) < 3:
        raise ValidationError(field, _("The password is too simple."))
    return password
