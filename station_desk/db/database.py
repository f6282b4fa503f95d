"""Opening the room's database safely, and one session (unit of work) per user action.

`Database.open()` checks the file before anything writes to it: the integrity check, the
schema revision (a newer one is refused, the file left untouched) and the file's identity;
then it migrates to the current schema. `Database.session()` commits on success, rolls back
on error, and turns SQLite's storage failures into `StorageError`s the user can act on.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from station_desk.db import migrate
from station_desk.db.audit_trail import install_audit_hook
from station_desk.db.engine import APPLICATION_ID, make_engine
from station_desk.db.storage_faults import open_failure, read_only_uri
from station_desk.domain.accounts import Principal
from station_desk.errors import DatabaseCorruptError, DatabaseNewerError, StorageError
from station_desk.i18n import _
from station_desk.paths import backups_dir, database_path


def storage_error(exc: BaseException) -> StorageError | None:
    """The user-facing storage error for a SQLite failure, or None when it is a bug."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text or "no space" in text:
        return StorageError(_("The disk is full. Free some space; nothing was saved."))
    if "readonly" in text or "read-only" in text or "permission denied" in text:
        return StorageError(_("The data folder is read-only. Nothing was saved."))
    if "database is locked" in text or "database is busy" in text:
        return StorageError(_("The database is busy in another program. Try again in a moment."))
    if "unable to open database" in text:
        return StorageError(_("The database file cannot be opened (missing or no permission)."))
    if "disk i/o error" in text:
        return StorageError(_("The disk reported a read/write error. Nothing was saved."))
    if "malformed" in text or "not a database" in text:
        return DatabaseCorruptError(_("The database file is damaged."))
    return None


def newest_backup(data_dir: Path) -> Path | None:
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return None
    candidates = [p for p in folder.iterdir() if p.is_file()]
    return max(candidates, key=lambda p: p.stat().st_mtime, default=None)


def _corrupt_message(data_dir: Path, detail: str) -> str:
    backup = newest_backup(data_dir)
    advice = (
        _("The newest backup is {path}; restore it to continue.").format(path=backup)
        if backup
        else _("No backup was found in {path}.").format(path=backups_dir(data_dir))
    )
    return _("The database failed its integrity check ({detail}). It was not changed. {advice}").format(
        detail=detail, advice=advice
    )


def inspect_file(path: Path) -> str | None:
    """Check an existing database file without changing it; returns its schema revision.

    Raises DatabaseCorruptError or DatabaseNewerError.
    """
    data_dir = path.parent
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as raw:
            result = raw.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise DatabaseCorruptError(_corrupt_message(data_dir, str(result)))
            app_id = raw.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:  # a full disk or a read-only folder is not damage
        raise open_failure(exc, path) or DatabaseCorruptError(_corrupt_message(data_dir, str(exc))) from exc
    if tables and app_id not in (0, APPLICATION_ID):
        raise DatabaseCorruptError(_("{path} is not a Station Desk database.").format(path=path))
    if migrate.is_newer_than_program(revision):
        raise DatabaseNewerError(
            _(
                "This database was written by a newer version of Station Desk (schema {rev}). "
                "Install the newer version; the database was left unchanged."
            ).format(rev=revision)
        )
    return revision


def prepare_data_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            _("The data folder {path} cannot be created: {reason}").format(path=data_dir, reason=exc.strerror)
        ) from exc
    if not os.access(data_dir, os.W_OK):
        raise StorageError(
            _("The data folder {path} is read-only. Station Desk needs to write there.").format(path=data_dir)
        )


def _gather_statistics(engine: Engine) -> None:
    """Run ANALYZE once per database so SQLite picks the right index.

    Without statistics the planner may read a soft-deleted table through its `deleted_at`
    index, which is NULL for every live row, and scan the whole table (tests/perf/bench_lists.py).
    """
    try:
        with engine.begin() as connection:
            known = connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
            ).first()
            if known is None:
                connection.exec_driver_sql("ANALYZE")
    except DBAPIError as exc:
        engine.dispose()
        raise (storage_error(exc) or exc) from exc


class Database:
    """The open database of one data directory."""

    def __init__(self, engine: Engine, data_dir: Path | None = None) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self._factory = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        install_audit_hook(self._factory)

    @classmethod
    def open(cls, data_dir: Path) -> Database:
        """Check, migrate and open the database in `data_dir` (created on first use)."""
        prepare_data_dir(data_dir)
        path = database_path(data_dir)
        revision = None
        if path.exists() and path.stat().st_size > 0:
            revision = inspect_file(path)
        engine = make_engine(path)
        if revision != migrate.HEAD:
            try:
                with engine.begin() as connection:
                    migrate.upgrade_to_head(connection)
            except DBAPIError as exc:
                engine.dispose()
                raise (storage_error(exc) or exc) from exc
        _gather_statistics(engine)
        return cls(engine, data_dir)

    @property
    def path(self) -> Path | None:
        return database_path(self.data_dir) if self.data_dir else None

    @contextmanager
    def session(self, actor: Principal | None = None) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        session = self._factory()
        if actor is not None:
            session.info["actor"] = actor
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise (storage_error(exc) or exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        try:  # keep the query planner's statistics current (cheap; SQLite's advice)
            with self.engine.begin() as connection:
                connection.exec_driver_sql("PRAGMA optimize")
        except DBAPIError:
            pass  # a full or read-only disk must not stop the program from closing
        self.engine.dispose()
