"""Composition root: opens the data directory, builds the services, starts the GUI.

This is the only module outside `ui/` that may import Qt, and it does so lazily, when the
GUI is started, so that the command line never pays for it.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from station_desk import i18n
from station_desk.db.database import Database, prepare_data_dir
from station_desk.errors import StationDeskError
from station_desk.instance_lock import InstanceLock
from station_desk.services.container import Services


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str


def open_services(data_dir: Path, key: bytes) -> Services:
    """Check, migrate and open the database of `data_dir` with its key; raises StationDeskError."""
    return Services.for_database(Database.open(data_dir, key))


def start_daily_backup(services: Services) -> threading.Thread:
    """Today's automatic local backup, on a worker thread so the window opens at once.

    A failed local backup must not stop the room's work: it is reported on stderr and tried
    again at the next start.
    """

    def run() -> None:
        try:
            services.backup.auto_backup()
        except StationDeskError as exc:
            label = i18n._("automatic backup failed")
            print(f"station-desk: {label}: {exc}", file=sys.stderr)

    worker = threading.Thread(target=run, name="daily-backup", daemon=True)
    worker.start()
    return worker


def choose_language(requested: str | None, services: Services | None) -> str:
    if requested:
        return i18n.normalise_language(requested)
    if services is not None and services.accounts.is_set_up():
        return services.settings.get().language
    return i18n.system_language()


def run_gui(data_dir: Path, language: str | None = None, demo_login: DemoLogin | None = None) -> int:
    """Start the window on `data_dir`; returns the process exit code."""
    from station_desk.ui import application

    i18n.set_language(choose_language(language, None))
    qapp = application.create_application()
    lock = InstanceLock(data_dir)
    try:
        prepare_data_dir(data_dir)
        lock.acquire()
        services = open_services(data_dir)
    except StationDeskError as exc:
        application.show_startup_error(str(exc))
        return 1
    start_daily_backup(services)
    try:
        application.apply_language(qapp, choose_language(language, services))
        return application.run_main(qapp, services, data_dir, demo_login)
    finally:
        services.close()
        lock.release()
