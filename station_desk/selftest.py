"""`station-desk --self-test`: prove that this program (a source checkout or the one-folder
build) has everything it needs, without a screen and without touching the officer's data.

It works in a new temporary data folder, which it removes at the end, and runs every layer the
way the window does: the migrations (read from disk by Alembic), the first-run setup and a
sign-in (Argon2), writing and reading records through the services, a reopen of the database,
the gettext catalogs, a PDF with the bundled TrueType fonts embedded (reportlab), the Qt
platform, fonts, icons and Qt's own translation (offscreen), and the audit hash chain.

One line per step: ``ok  <step>`` or ``FAIL <step>: <error>``; `run()` returns 0 when every
step passed, else 1. A frozen build that lacks a data file, a hidden import or a Qt plugin
fails here — in CI — rather than on a station PC.

Like `app.py`, this module sits above the layers (it wires services, reports and Qt), and it
imports each of them only inside its step, so one missing piece fails one step, not all.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services

ADMIN_PASSWORD = "Self-test-2026"
OFFICER_PASSWORD = "Officer-test-2026"
STATION = "自检分局和平里派出所"
ROOM = "自检社区警务室"
OFFICER = "张建国"
PDF_TITLE = "警务室工作台自检文书"
PDF_TEXT = (
    "本文书由程序自检生成，用于确认随程序分发的宋体、黑体字库以及生僻字（𠮷祥、赵孟𫖯、金日䃅）"
    "的补充字库可以嵌入打印文件。"
)
QT_SAMPLE = "警务室工作台 登录"

_qapp: Any = None  # the QApplication of the Qt step, alive until the process ends


class SelfTestError(Exception):
    """A check that did not hold; the message says what was expected."""


class Skipped(SelfTestError):
    """A step that cannot run because an earlier one failed."""


@dataclass
class _State:
    """What the steps share: the temporary folder, the open services, the signed-in users."""

    root: Path | None = None
    data_dir: Path | None = None
    services: Services | None = None
    admin: Principal | None = None

    def need_services(self) -> Services:
        if self.services is None:
            raise Skipped("skipped: the database did not open (see the failure above)")
        return self.services

    def need_admin(self) -> Principal:
        self.need_services()
        if self.admin is None:
            raise Skipped("skipped: nobody could sign in (see the failure above)")
        return self.admin


def _check(condition: object, message: str) -> None:
    if not condition:
        raise SelfTestError(message)


# -- steps: each returns a short detail for its "ok" line ---------------------------------


def step_data_dir(state: _State) -> str:
    from station_desk.db.database import prepare_data_dir
    from station_desk.instance_lock import InstanceLock

    state.root = Path(tempfile.mkdtemp(prefix="station-desk-selftest-"))
    state.data_dir = state.root / "数据 data"  # a non-ASCII path, as on a Chinese Windows
    prepare_data_dir(state.data_dir)
    lock = InstanceLock(state.data_dir)
    lock.acquire()
    lock.release()
    return str(state.data_dir)


def step_migrations(state: _State) -> str:
    from station_desk.db import migrate
    from station_desk.db.engine import is_plain_sqlite
    from station_desk.paths import database_path
    from station_desk.services.vault import Vault

    if state.data_dir is None:
        raise Skipped("skipped: no data folder")
    _check(
        (migrate.MIGRATIONS_DIR / "env.py").is_file(),
        f"the migrations are not on disk at {migrate.MIGRATIONS_DIR}",
    )
    state.services = Vault(state.data_dir).open_new().services  # encrypted (SQLCipher)
    with state.services.db.engine.connect() as connection:
        revision = migrate.current_revision(connection)
        cipher = connection.exec_driver_sql("PRAGMA cipher_version").scalar()
    head = migrate.head_revision()
    _check(revision == head, f"the database is at {revision!r}, the program's head is {head!r}")
    _check(cipher, "the database is not encrypted (SQLCipher missing)")
    _check(not is_plain_sqlite(database_path(state.data_dir)), "the database file is plain SQLite")
    return f"revision {revision}, encrypted with SQLCipher {cipher}"


def step_setup_and_sign_in(state: _State) -> str:
    from station_desk.domain.settings import SetupData

    services = state.need_services()
    _check(not services.accounts.is_set_up(), "a new database claims to be set up already")
    setup = SetupData(
        station_name=STATION,
        room_name=ROOM,
        officer_name=OFFICER,
        badge_number="010123",
        username="admin",
        password=ADMIN_PASSWORD,
        language="zh_CN",
    )
    services.accounts.complete_setup(setup)
    _check(services.accounts.is_set_up(), "the setup was not stored")
    state.admin = services.accounts.authenticate("admin", ADMIN_PASSWORD)
    _check(state.admin.display_name == OFFICER, f"signed in as {state.admin.display_name!r}")
    return f"signed in as {state.admin.username}"


def step_accounts(state: _State) -> str:
    from station_desk.domain.accounts import NewAccount
    from station_desk.domain.roles import Role
    from station_desk.errors import AuthenticationError

    services, admin = state.need_services(), state.need_admin()
    services.accounts.create_account(
        admin, NewAccount("officer", "刘卫东", Role.OFFICER, OFFICER_PASSWORD, "010456")
    )
    names = {
        account.username: account.display_name for account in services.accounts.list_accounts(admin)
    }
    _check(names.get("officer") == "刘卫东", f"the new account reads back as {names!r}")
    officer = services.accounts.authenticate("officer", OFFICER_PASSWORD)
    services.accounts.logout(officer)
    try:
        services.accounts.authenticate("officer", "wrong-password")
    except AuthenticationError:
        pass
    else:
        raise SelfTestError("a wrong password was accepted")
    return f"{len(names)} accounts"


def step_settings(state: _State) -> str:
    from dataclasses import replace

    services, admin = state.need_services(), state.need_admin()
    current = services.settings.get()
    _check(current.station_name == STATION, f"station name reads back as {current.station_name!r}")
    services.settings.update(
        admin, replace(current, room_name=ROOM + "（东区）", idle_lock_minutes=15)
    )
    changed = services.settings.get()
    _check(
        changed.room_name == ROOM + "（东区）" and changed.idle_lock_minutes == 15,
        f"the changed settings read back as {changed!r}",
    )
    return changed.room_name


def step_contacts(state: _State) -> str:
    """An organisation and a person (联系人), found again by the pinyin initials of the name."""
    services, admin = state.need_services(), state.need_admin()
    contacts = getattr(services, "contacts", None)
    if contacts is None:
        return "not in this version"
    from station_desk.domain.contacts import ContactDraft, OrganisationDraft, OrganisationKind

    organisation = contacts.create_organisation(
        admin,
        OrganisationDraft(name="和平里社区居民委员会", kind=OrganisationKind.RESIDENTS_COMMITTEE),
    )
    person = contacts.create_person(
        admin,
        ContactDraft(
            name="王秀英", organisation_id=organisation.id, position="主任", mobile="13912345678"
        ),
    )
    found = contacts.search_people(admin, "wxy")  # pinyin initials: pypinyin's dictionaries
    _check(any(p.id == person.id for p in found), "searching 'wxy' did not find 王秀英")
    _check(
        contacts.get_person(admin, person.id).organisation_name == organisation.name,
        "the person's organisation did not read back",
    )
    return f"{person.name} ({organisation.name}) found by 'wxy'"


def step_meetings(state: _State) -> str:
    """A meeting (会议) from its type's agenda template, listed again."""
    services, admin = state.need_services(), state.need_admin()
    meetings = getattr(services, "meetings", None)
    if meetings is None:
        return "not in this version"
    from station_desk.domain.meetings import MeetingDraft, MeetingQuery, MeetingType

    kind = next(iter(MeetingType))
    starts = datetime.now().replace(second=0, microsecond=0)
    detail = meetings.new_meeting(
        admin, MeetingDraft(meeting_type=kind, title="自检例会", starts_at=starts)
    )
    listed = meetings.list_meetings(admin, MeetingQuery(text="自检"))
    _check(any(m.id == detail.id for m in listed), "the new meeting is not in the list")
    return f"{detail.title} ({kind.value})"


def step_reopen(state: _State) -> str:
    from station_desk.services.vault import Vault

    services = state.need_services()
    admin = state.need_admin()
    services.accounts.logout(admin)
    services.close()
    state.services = None
    assert state.data_dir is not None
    state.services, state.admin = Vault(state.data_dir).sign_in("admin", ADMIN_PASSWORD)
    settings = state.services.settings.get()
    _check(
        settings.room_name.endswith("（东区）"),
        f"after reopening the room is {settings.room_name!r}",
    )
    accounts = state.services.accounts.list_accounts(state.admin)
    _check(len(accounts) >= 2, f"after reopening there are {len(accounts)} accounts")
    return f"{accounts[0].display_name}, {settings.room_name}"


def step_translations(state: _State) -> str:
    import gettext

    from station_desk import i18n
    from station_desk.paths import translations_dir

    found = []
    for language in i18n.SUPPORTED_LANGUAGES:
        if language == "en":
            continue  # message ids are English; its catalog is optional
        path = translations_dir() / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
        _check(
            path.is_file(),
            f"{path} is missing (build_scripts/translations.py compile makes it)",
        )
        with path.open("rb") as file:
            catalog = gettext.GNUTranslations(file)
        size = len(getattr(catalog, "_catalog", {}))
        _check(size > 1, f"the {language} catalog is empty")
        found.append(f"{language} {size}")
    return ", ".join(found)


def step_pdf(state: _State) -> str:
    from station_desk.i18n import current_language
    from station_desk.reports.base import DocumentBase, DocumentContext

    class SelfTestDocument(DocumentBase):
        title = PDF_TITLE

        def story(self) -> list[Any]:
            return [
                self.heading("字库", 1),
                self.paragraph(PDF_TEXT),
                self.facts_table([("民警", OFFICER)]),
            ]

    context = DocumentContext(
        station_name=STATION,
        room_name=ROOM,
        printed_by=OFFICER,
        printed_at=datetime.now(),
        language=current_language() if current_language().startswith("zh") else "zh_CN",
    )
    pdf = SelfTestDocument(context).generate()
    _check(pdf.startswith(b"%PDF"), "the output is not a PDF")
    _check(pdf.rstrip().endswith(b"%%EOF"), "the PDF is truncated")
    embedded = pdf.count(b"/FontFile2")
    _check(
        embedded >= 4,
        f"{embedded} TrueType fonts embedded, expected Song, Hei and the two rare-character faces",
    )
    _check(b"/ToUnicode" in pdf, "the fonts carry no /ToUnicode map (text would not copy)")
    if state.root is not None:
        (state.root / "selftest.pdf").write_bytes(pdf)
    return f"{len(pdf) // 1024} KB, {embedded} fonts embedded"


def step_qt(state: _State) -> str:
    from station_desk.ui.selfcheck import check_qt

    global _qapp
    _qapp, detail = check_qt(QT_SAMPLE)  # the QApplication is kept: Qt wants one, ever
    return detail


def step_audit_chain(state: _State) -> str:
    services = state.need_services()
    if state.admin is not None:
        services.accounts.logout(state.admin)
        state.admin = None
    report = services.audit.verify()
    _check(report.ok, f"entry seq={report.first_bad_seq}: {report.problem}")
    _check(report.entries_checked > 5, f"only {report.entries_checked} audit entries were written")
    return f"{report.entries_checked} entries"


STEPS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("data folder", step_data_dir),
    ("migrations", step_migrations),
    ("first-run setup and sign-in", step_setup_and_sign_in),
    ("accounts", step_accounts),
    ("settings", step_settings),
    ("contacts", step_contacts),
    ("meetings", step_meetings),
    ("reopen the database", step_reopen),
    ("translations", step_translations),
    ("pdf with bundled fonts", step_pdf),
    ("qt offscreen", step_qt),
    ("audit chain", step_audit_chain),
)


def _cleanup(state: _State) -> str:
    try:
        if state.services is not None:
            state.services.close()
    finally:
        state.services = None
        if state.root is not None:
            shutil.rmtree(state.root, ignore_errors=True)
    if state.root is None:
        return "nothing to remove"
    _check(not state.root.exists(), f"{state.root} could not be removed (a file is still open?)")
    return f"removed {state.root}"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SelfTestError):
        return str(exc)
    text = " ".join(str(exc).split()) or "(no message)"
    return f"{type(exc).__name__}: {text}"


def _say(stream: TextIO, line: str) -> None:
    try:
        print(line, file=stream, flush=True)
    except UnicodeEncodeError:  # a console that cannot show Chinese (e.g. a legacy code page)
        print(line.encode("ascii", "backslashreplace").decode("ascii"), file=stream, flush=True)


def run(stream: TextIO | None = None) -> int:
    """Run every step, print one line each to `stream` (stdout); 0 when all passed, else 1."""
    out: TextIO = stream or sys.stdout or open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    verbose = bool(os.environ.get("STATION_DESK_SELFTEST_VERBOSE"))
    from station_desk import __version__

    frozen = "one-folder build" if getattr(sys, "frozen", False) else "source"
    _say(
        out,
        f"Station Desk {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, {sys.platform})",
    )
    started = time.perf_counter()
    state = _State()
    failures = 0
    for name, step in (*STEPS, ("clean up", _cleanup)):
        begun = time.perf_counter()
        try:
            detail = step(state)
        except Exception as exc:  # every failure is reported, then the next step runs
            failures += 1
            _say(out, f"FAIL {name}: {_describe(exc)}")
            if verbose and not isinstance(exc, SelfTestError):
                _say(out, traceback.format_exc().rstrip())
        else:
            _say(out, f"ok  {name} ({detail}; {time.perf_counter() - begun:.2f} s)")
    elapsed = time.perf_counter() - started
    if failures:
        _say(out, f"self-test FAILED: {failures} of {len(STEPS) + 1} steps ({elapsed:.1f} s)")
        return 1
    _say(out, f"self-test passed: {len(STEPS) + 1} steps ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
