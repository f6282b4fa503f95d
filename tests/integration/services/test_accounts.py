"""Accounts: first-run setup, sign-in, lockout, roles enforced in the service layer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from station_desk.domain.accounts import NewAccount, Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.roles import Role
from station_desk.domain.settings import RoomSettings
from station_desk.errors import (
    AuthenticationError,
    PermissionDeniedError,
    StationDeskError,
    ValidationError,
)
from station_desk.services.accounts import AccountService
from station_desk.services.container import Services
from station_desk.services.signin import sign_in_refused
from tests.conftest import ADMIN_PASSWORD, AUX_PASSWORD, SETUP
from tests.server_db import sqlite_only


def test_setup_creates_admin_and_settings(fresh_services: Services) -> None:
    assert not fresh_services.accounts.is_set_up()
    admin = fresh_services.accounts.complete_setup(SETUP)
    assert admin.role is Role.ADMIN and admin.display_name == "张建国"
    assert fresh_services.accounts.is_set_up()
    settings = fresh_services.settings.get()
    assert settings.station_name == SETUP.station_name and settings.room_name == SETUP.room_name
    with pytest.raises(StationDeskError, match="already set up"):
        fresh_services.accounts.complete_setup(SETUP)


def test_setup_rejects_bad_input_and_saves_nothing(fresh_services: Services) -> None:
    from dataclasses import replace

    with pytest.raises(ValidationError) as error:
        fresh_services.accounts.complete_setup(replace(SETUP, password="short"))
    assert error.value.field == "password"
    with pytest.raises(ValidationError) as error:
        fresh_services.accounts.complete_setup(replace(SETUP, room_name="  "))
    assert error.value.field == "room_name"
    assert not fresh_services.accounts.is_set_up()


def test_password_is_stored_as_argon2id(services: Services) -> None:
    from sqlalchemy import select

    from station_desk.db.models import User

    with services.db.session() as session:
        stored = session.scalars(select(User.password_hash)).all()
    assert all(h.startswith("$argon2id$") for h in stored)
    assert ADMIN_PASSWORD not in "".join(stored)


def test_wrong_passwords_lock_the_account_without_saying_so(services: Services) -> None:
    clock = [datetime(2026, 11, 30, 9, 0, tzinfo=UTC)]
    accounts = AccountService(services.db, now=lambda: clock[0])
    answers = set()
    for _attempt in range(5):
        with pytest.raises(AuthenticationError) as refused:
            accounts.authenticate("aux", "wrong-password")
        answers.add((type(refused.value), str(refused.value)))
    with pytest.raises(AuthenticationError) as refused:  # even the right password, while locked
        accounts.authenticate("aux", AUX_PASSWORD)
    answers.add((type(refused.value), str(refused.value)))
    with pytest.raises(AuthenticationError) as refused:
        accounts.authenticate("no-such-user", "wrong-password")
    answers.add((type(refused.value), str(refused.value)))
    assert answers == {(AuthenticationError, str(sign_in_refused()))}  # one answer for all
    assert "attempts left" not in str(refused.value)
    clock[0] += timedelta(minutes=5, seconds=1)
    assert accounts.authenticate("aux", AUX_PASSWORD).username == "aux"


def test_unknown_user_attempt_is_audited(services: Services, admin: Principal) -> None:
    with pytest.raises(AuthenticationError):
        services.accounts.authenticate("ghost", "whatever-123")
    services.accounts.authenticate("admin", ADMIN_PASSWORD)  # failures are audited at a sign-in
    entries = services.audit.list_entries(admin, AuditFilter(action="login_failed"))
    assert any("ghost" in str(entry.details) for entry in entries)


@sqlite_only
def test_unknown_user_and_deactivated_account(services: Services, admin: Principal) -> None:
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        services.accounts.authenticate("nobody", "whatever-123")
    aux_id = next(a.id for a in services.accounts.list_accounts(admin) if a.username == "aux")
    services.accounts.set_active(admin, aux_id, False)
    with pytest.raises(AuthenticationError):
        services.accounts.authenticate("aux", AUX_PASSWORD)
    with pytest.raises(ValidationError, match="new password"):
        services.accounts.set_active(admin, aux_id, True)  # the old slot is gone with the account
    services.accounts.set_active(admin, aux_id, True, "Reactivated-2026")
    with pytest.raises(AuthenticationError):
        services.accounts.authenticate("aux", AUX_PASSWORD)
    assert services.accounts.authenticate("aux", "Reactivated-2026").role is Role.AUXILIARY


def test_failed_logins_are_audited(services: Services, admin: Principal) -> None:
    with pytest.raises(AuthenticationError):
        services.accounts.authenticate("aux", "wrong-password")
    # noted beside the database (it may not be open yet), audited at the next sign-in
    services.accounts.authenticate("admin", ADMIN_PASSWORD)
    entries = services.audit.list_entries(admin, AuditFilter(action="login_failed"))
    assert entries[0].username == "aux" and "at" in entries[0].details


@pytest.mark.parametrize("who", ["officer", "aux"])
def test_only_admins_manage_accounts_and_settings(services: Services, request: pytest.FixtureRequest, who: str) -> None:
    actor: Principal = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError):
        services.accounts.list_accounts(actor)
    with pytest.raises(PermissionDeniedError):
        services.accounts.create_account(actor, NewAccount("x1", "赵六", Role.ADMIN, "Password-123"))
    with pytest.raises(PermissionDeniedError):
        services.settings.update(actor, RoomSettings("a", "b"))
    with pytest.raises(PermissionDeniedError):
        services.audit.list_entries(actor, AuditFilter())


def test_refusals_are_audited(services: Services, admin: Principal, aux: Principal) -> None:
    with pytest.raises(PermissionDeniedError):
        services.accounts.list_accounts(aux)
    denied = services.audit.list_entries(admin, AuditFilter(action="denied"))
    assert denied[0].username == "aux" and denied[0].details == {"permission": "manage_accounts"}


def test_change_password(services: Services, aux: Principal) -> None:
    with pytest.raises(ValidationError) as error:
        services.accounts.change_password(aux, "not-my-password", "New-password-1")
    assert error.value.field == "old_password"
    with pytest.raises(ValidationError) as error:
        services.accounts.change_password(aux, AUX_PASSWORD, "short")
    assert error.value.field == "new_password"
    services.accounts.change_password(aux, AUX_PASSWORD, "New-password-1")
    assert services.accounts.authenticate("aux", "New-password-1").username == "aux"


def test_admin_cannot_lock_themselves_out(services: Services, admin: Principal) -> None:
    with pytest.raises(ValidationError):
        services.accounts.set_active(admin, admin.user_id, False)
    with pytest.raises(ValidationError):
        services.accounts.update_account(admin, admin.user_id, "张建国", "1", Role.OFFICER)


def test_duplicate_user_name_refused(services: Services, admin: Principal) -> None:
    with pytest.raises(ValidationError, match="already taken"):
        services.accounts.create_account(admin, NewAccount("aux", "赵六", Role.AUXILIARY, "Password-123"))


def test_confirm_password_for_unlock(services: Services, aux: Principal) -> None:
    services.accounts.confirm_password(aux, AUX_PASSWORD)
    with pytest.raises(AuthenticationError):
        services.accounts.confirm_password(aux, "wrong-password")


def test_settings_update_is_audited(services: Services, admin: Principal) -> None:
    services.settings.update(admin, RoomSettings("新派出所", "新警务室", "zh_TW", 10))
    assert services.settings.get() == RoomSettings("新派出所", "新警务室", "zh_TW", 10)
    entry = services.audit.list_entries(admin, AuditFilter(action="update", record_type="setting"))
    assert {e.record_id for e in entry} >= {"station_name", "language", "idle_lock_minutes"}
