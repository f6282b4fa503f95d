"""Composition root: opens the data directory, builds the services, starts the GUI.

The database opens only after a sign-in (its key comes from the account's key slot), so the
window's first screen is painted before any database work.

This is the only module outside `ui/` that may import Qt, and it does so lazily, when the
GUI is started, so that the command line never pays for it.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from station_desk import i18n
from station_desk.db.data_folder import prepare_data_dir
from station_desk.errors import StationDeskError
from station_desk.instance_lock import InstanceLock
from station_desk.services.hygiene import clean_leftovers
from station_desk.services.vault import Vault

if TYPE_CHECKING:  # the services (and SQLAlchemy) load when the database opens, after sign-in
    from station_desk.services.container import Services


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str


# The daily backup waits this long after sign-in: its snapshot holds the database's write
# lock, and every transaction begins with BEGIN IMMEDIATE, so at once it would hold up the
# home page (0.4–1 s at demo scale 100) and compete with the reading of its figures.
BACKUP_DELAY_S = 15.0


def start_daily_backup(services: Services, delay_s: float = 0.0) -> threading.Thread:
    """Today's automatic local backup, on a worker thread (after `delay_s`) so the window
    opens at once.

    A failed local backup must not stop the room's work: it is reported on stderr and tried
    again at the next start (as is one not begun when the program is closed).
    """

    def run() -> None:
        time.sleep(delay_s)
        try:
            services.backup.auto_backup()
        except StationDeskError as exc:
            label = i18n._("automatic backup failed")
            print(f"station-desk: {label}: {exc}", file=sys.stderr)

    worker = threading.Thread(target=run, name="daily-backup", daemon=True)
    worker.start()
    return worker


def on_services_opened(
    services: Services, backup_delay_s: float = BACKUP_DELAY_S
) -> threading.Thread:
    """What runs when the database is open: open cases' and open opinions' deadlines follow
    newly shipped official holidays (quick), then, a little later, today's automatic backup
    (on a worker thread)."""
    try:
        services.mediation.follow_official_calendar()
        services.opinions.follow_official_calendar()
    except StationDeskError as exc:
        print(f"station-desk: {exc}", file=sys.stderr)
    return start_daily_backup(services, backup_delay_s)


def choose_language(requested: str | None, vault: Vault | None) -> str:
    """The asked-for language, else the room's (from the key file, readable before the
    database opens), else the system's."""
    if requested:
        return i18n.normalise_language(requested)
    label = vault.label() if vault is not None else None
    if label is not None and label.language:
        return i18n.normalise_language(label.language)
    return i18n.system_language()


def run_gui(data_dir: Path, language: str | None = None, demo_login: DemoLogin | None = None) -> int:
    """Start the window on `data_dir`; returns the process exit code."""
    from station_desk.ui import application

    vault = Vault(data_dir)
    chosen = i18n.set_language(choose_language(language, vault))  # the catalog is read once
    qapp = application.start_application()
    lock = InstanceLock(data_dir)
    try:
        prepare_data_dir(data_dir)
        lock.acquire()
        clean_leftovers(data_dir)
    except StationDeskError as exc:
        application.show_startup_error(str(exc))
        return 1
    try:
        application.apply_language(qapp, chosen)
        return application.run_main(qapp, vault, data_dir, demo_login, on_services_opened)
    finally:
        lock.release()
