"""Demo data (演示数据): a fictional police room with accounts and realistic records.

`create_demo(data_dir, scale)` sets up the room 朝阳分局和平里派出所 / 和平里社区警务室 (fictional
names, no real people) when the folder is new, adds the demo accounts — the officer 张建国 as
admin ("admin"), a second officer ("officer") and two auxiliary police ("aux", "aux2"), all with
the password `DEMO_PASSWORD` — and then runs every module's demo generator.

Generators: each module names its generator in `station_desk/modules.py` (`GENERATORS` lists
them in the order they run), with the signature
`generate(services, principal, rng, scale) -> int` (the number of records it made). `rng` is a
`random.Random` seeded from the generator's name, so the same scale gives the same data every
time, whatever other generators do. `scale` 1 is about a year of a room's work; scale 100
gives on the order of 100,000 records and more (mediation cases, meetings, volunteers and
their shifts, duty entries) for measuring speed.

Running it twice on one folder does not fail: the setup is skipped, existing accounts are
kept, and a generator that already ran there (remembered in a `demo_done:<name>` setting) is
not run again. A folder set up by someone else (the admin account does not accept the demo
password) is refused, so demo records never mix with a room's real ones.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from station_desk.domain.accounts import NewAccount, Principal
from station_desk.domain.roles import Role
from station_desk.domain.settings import SetupData
from station_desk.errors import AuthenticationError, StationDeskError
from station_desk.i18n import _
from station_desk.modules import in_order, resolve
from station_desk.services.container import Services
from station_desk.services.settings import get_flag, set_flag

DEMO_PASSWORD = "demo-2026"
DEMO_SEED = 20260101
MAX_SCALE = 1000

DEMO_SETUP = SetupData(
    station_name="朝阳分局和平里派出所",
    room_name="和平里社区警务室",
    officer_name="张建国",
    badge_number="010123",
    username="admin",
    password=DEMO_PASSWORD,
    language="zh_CN",
)

DEMO_ACCOUNTS: tuple[NewAccount, ...] = (
    NewAccount("officer", "刘卫东", Role.OFFICER, DEMO_PASSWORD, "010456"),
    NewAccount("aux", "王秀英", Role.AUXILIARY, DEMO_PASSWORD, "F10217"),
    NewAccount("aux2", "陈志强", Role.AUXILIARY, DEMO_PASSWORD, "F10231"),
)

DemoGenerator = Callable[[Services, Principal, random.Random, int], int]
"""generate(services, admin principal, seeded rng, scale) -> number of records created."""

GENERATORS: tuple[DemoGenerator, ...] = tuple(
    resolve(module.demo) for module in in_order(lambda m: m.demo_place, lambda m: m.demo)
)


@dataclass(frozen=True)
class DemoResult:
    """What the demo made: the accounts to sign in with and how many records were added."""

    data_dir: Path
    usernames: tuple[str, ...]
    password: str
    admin_username: str
    records_created: int
    set_up_now: bool


def create_demo(data_dir: Path, scale: int = 1, language: str = "zh_CN") -> DemoResult:
    """Create (or top up) the demo room in `data_dir`; raises StationDeskError.

    A new demo database is encrypted like a real one (its recovery key is not kept: the demo
    password is printed instead)."""
    from station_desk.services.vault import FolderState, Vault

    vault = Vault(data_dir)
    state = vault.state()
    if state is FolderState.NEW:
        services = vault.open_new().services
    elif state is FolderState.PLAIN:
        raise StationDeskError(
            _("This data folder is not a demo folder. Use a new folder for demo data.")
        )
    else:
        try:
            services = vault.open(vault.unlock(DEMO_SETUP.username, DEMO_PASSWORD))
        except AuthenticationError as exc:
            raise StationDeskError(
                _(
                    "This data folder is not a demo folder (the demo admin cannot sign in: "
                    "{reason}). Use a new folder for demo data."
                ).format(reason=exc)
            ) from exc
    try:
        return fill_demo(services, scale, language)
    finally:
        services.close()


def fill_demo(services: Services, scale: int = 1, language: str = "zh_CN") -> DemoResult:
    """Fill an open database with the demo room; see the module docstring."""
    if not 1 <= scale <= MAX_SCALE:
        raise StationDeskError(_("The scale must be between 1 and {n}.").format(n=MAX_SCALE))
    set_up_now = not services.accounts.is_set_up()
    if set_up_now:
        services.accounts.complete_setup(replace(DEMO_SETUP, language=language))
    admin = _sign_in_admin(services)
    created = _add_accounts(services, admin)
    for generator in GENERATORS:
        created += _run_once(services, admin, generator, scale)
    services.accounts.logout(admin)
    usernames = (DEMO_SETUP.username, *(account.username for account in DEMO_ACCOUNTS))
    return DemoResult(
        data_dir=services.db.data_dir or Path(),
        usernames=usernames,
        password=DEMO_PASSWORD,
        admin_username=DEMO_SETUP.username,
        records_created=created,
        set_up_now=set_up_now,
    )


def _sign_in_admin(services: Services) -> Principal:
    try:
        return services.accounts.authenticate(DEMO_SETUP.username, DEMO_PASSWORD)
    except AuthenticationError as exc:
        raise StationDeskError(
            _(
                "This data folder is not a demo folder (the demo admin cannot sign in: {reason}). "
                "Use a new folder for demo data."
            ).format(reason=exc)
        ) from exc


def _add_accounts(services: Services, admin: Principal) -> int:
    existing = {account.username for account in services.accounts.list_accounts(admin)}
    created = 0
    for account in DEMO_ACCOUNTS:
        if account.username not in existing:
            services.accounts.create_account(admin, account)
            created += 1
    return created


def generator_name(generator: DemoGenerator) -> str:
    return f"{generator.__module__}.{getattr(generator, '__qualname__', repr(generator))}"


def _run_once(services: Services, admin: Principal, generator: DemoGenerator, scale: int) -> int:
    key = f"demo_done:{generator_name(generator)}"[:64]
    with services.db.session(admin) as session:
        if get_flag(session, key, False):
            return 0
    rng = random.Random(f"{DEMO_SEED}:{generator_name(generator)}")
    created = generator(services, admin, rng, scale)
    with services.db.session(admin) as session:
        set_flag(session, key, {"scale": scale, "records": created})
    return created
