"""Opening the room's database safely, and one session (unit of work) per user action.

`Database.open(data_dir, key)` opens the encrypted file with the database key (from the key
slots) and checks it before anything writes to it: the key, the integrity check, the schema
revision (a newer one is refused, the file left untouched) and the file's identity; then it
migrates to the current schema. After every commit that added audit entries the witness of
the audit head is written beside the database (`db/witness.py`). `Database.session()` commits on success, rolls back
on error, and turns SQLite's storage failures into `StorageError`s the user can act on.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from station_desk.db import migrate
from station_desk.db.audit_trail import ON_COMMIT_KEY, install_audit_hook, read_chain_key
from station_desk.db.data_folder import prepare_data_dir as prepare_data_dir  # re-exported
from station_desk.db.engine import (
    APPLICATION_ID,
    connect,
    database_errors,
    is_plain_sqlite,
    make_engine,
)
from station_desk.db.search_index import install_search_hook
from station_desk.db.server import (
    IMPORT_LOCK,
    make_server_engine,
    server_error,
    shown_url,
    upgrade_room_schemas,
)
from station_desk.db.storage_faults import open_failure
from station_desk.db.witness import Witness, write_witness
from station_desk.domain.accounts import Principal
from station_desk.errors import (
    DatabaseCorruptError,
    DatabaseNewerError,
    PlainDatabaseError,
    StationDeskError,
    StorageError,
    WrongDatabaseKeyError,
)
from station_desk.i18n import _
from station_desk.paths import backups_dir, database_path


def storage_error(exc: BaseException) -> StorageError | None:
    """The user-facing storage error for a SQLite (or database server) failure, or None when
    it is a bug."""
    text = str(getattr(exc, "orig", exc)).lower()
    if type(getattr(exc, "orig", exc)).__module__.startswith("psycopg"):
        return server_error(exc)
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


def _wrong_key(path: Path) -> WrongDatabaseKeyError:
    backup = newest_backup(path.parent)
    advice = (
        _("The newest backup is {path}; restore it to continue.").format(path=backup)
        if backup
        else ""
    )
    return WrongDatabaseKeyError(
        _(
            "The key does not open the database {path}: the key file beside it belongs to "
            "another database, or the database file is damaged. Nothing was changed. {advice}"
        ).format(path=path, advice=advice).strip()
    )


def _quick_check(raw: Any, _path: Path) -> str:
    return str(raw.execute("PRAGMA quick_check").fetchone()[0])


def _size_check(raw: Any, path: Path) -> str:
    """The cheap check of an encrypted file at opening: it is as long as its pages say.

    SQLCipher checks each page's HMAC whenever it is read, so a damaged page is refused at
    its first read instead of being used; reading and decrypting all of them (`quick_check`)
    at every start would cost seconds on a big room. The full `integrity_check` runs on each
    day's backup snapshot (in the background) and in `station-desk check`."""
    pages = int(raw.execute("PRAGMA page_count").fetchone()[0])
    size = int(raw.execute("PRAGMA page_size").fetchone()[0])
    wal = path.with_name(path.name + "-wal")
    on_disk = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return "ok" if pages * size <= on_disk else f"the file is cut off ({on_disk} of {pages * size} bytes)"


def inspect_file(path: Path, key: bytes | None = None) -> str | None:
    """Check an existing database file without changing it; returns its schema revision.
    A plain file gets SQLite's `quick_check`, an encrypted one the cheaper `_size_check`.

    Raises WrongDatabaseKeyError, DatabaseCorruptError or DatabaseNewerError.
    """
    data_dir = path.parent
    if key is not None and is_plain_sqlite(path):
        inspect_file(path, None)  # a foreign or damaged plain file is reported as such
        raise PlainDatabaseError(
            _(
                "The database {path} is not encrypted yet. Start Station Desk and sign in as an "
                "administrator to encrypt it."
            ).format(path=path)
        )
    if key is not None:
        try:
            with closing(connect(path, key, read_only=True)) as raw:
                raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except database_errors(key) as exc:
            raise open_failure(exc, path) or _wrong_key(path) from exc
    try:
        with closing(connect(path, key, read_only=True)) as raw:
            result = _quick_check(raw, path) if key is None else _size_check(raw, path)
            if result != "ok":
                raise DatabaseCorruptError(_corrupt_message(data_dir, str(result)))
            app_id = raw.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except database_errors(key) as exc:  # a full disk or a read-only folder is not damage
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
    """The open database of one data directory; `key` is its database key (None: a plain
    file, as when converting an old database)."""

    def __init__(
        self,
        engine: Engine,
        data_dir: Path | None = None,
        key: bytes | None = None,
        witness_dir: Path | None = None,
    ) -> None:
        self.engine = engine
        self.data_dir = data_dir
        self.key = key
        self._witness_dir = witness_dir
        self._witness_lock = threading.Lock()
        self._witnessed = 0
        info = {ON_COMMIT_KEY: self._witness_head} if witness_dir is not None else {}
        self._factory = sessionmaker(engine, expire_on_commit=False, autoflush=True, info=info)
        install_audit_hook(self._factory)
        install_search_hook(self._factory)

    @classmethod
    def open_server(cls, url: str) -> Database:
        """Check, migrate and open the station's database on a PostgreSQL server
        (`db/server.py`); a schema newer than this program is refused and left untouched."""
        engine = make_server_engine(url)
        try:
            with engine.begin() as connection:
                revision = migrate.current_revision(connection)
                if migrate.is_newer_than_program(revision):
                    raise DatabaseNewerError(
                        _(
                            "The database at {url} was written by a newer version of Station "
                            "Desk (schema {rev}). Install the newer version; it was left unchanged."
                        ).format(url=shown_url(url), rev=revision)
                    )
                if revision != migrate.HEAD:
                    migrate.upgrade_to_head(connection)
                # a station's rooms too, unless an import (which does it itself) is running
                if connection.execute(select(func.pg_try_advisory_xact_lock(IMPORT_LOCK))).scalar():
                    upgrade_room_schemas(connection)
        except DBAPIError as exc:
            engine.dispose()
            raise (server_error(exc, url) or exc) from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @property
    def is_server(self) -> bool:
        """Whether this is the station's database server (PostgreSQL), not a room's file."""
        return self.engine.dialect.name != "sqlite"

    @classmethod
    def open(cls, data_dir: Path, key: bytes | None) -> Database:
        """Check, migrate and open the database in `data_dir` (created on first use)."""
        prepare_data_dir(data_dir)
        return cls.open_file(database_path(data_dir), key, data_dir)

    @classmethod
    def open_file(cls, path: Path, key: bytes | None, data_dir: Path | None = None) -> Database:
        """Check, migrate and open the database file at `path`; the witness of its audit
        head is kept in `data_dir` (None: nowhere, for a file being prepared)."""
        revision = None
        if path.exists() and path.stat().st_size > 0:
            revision = inspect_file(path, key)
        else:  # a new file: readable by its owner only (the WAL and SHM follow its mode)
            with contextlib.suppress(OSError):
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
                os.chmod(path, 0o600)
        engine = make_engine(path, key)
        if revision != migrate.HEAD:
            try:
                with engine.begin() as connection:
                    migrate.upgrade_to_head(connection)
            except DBAPIError as exc:
                engine.dispose()
                raise (storage_error(exc) or exc) from exc
        _gather_statistics(engine)
        return cls(engine, data_dir, key, data_dir)

    def chain_secret(self) -> bytes | None:
        """The audit chain's key (inside the database), None before migration 0006."""
        with self.session() as session:
            chain = read_chain_key(session)
        return chain.secret if chain else None

    def _witness_head(self, seq: int, head_hash: str) -> None:
        """Seal and write the witness after a commit (never fails the committed work)."""
        if self._witness_dir is None:
            return
        with self._witness_lock:
            if seq <= self._witnessed:
                return
            self._witnessed = seq
            with contextlib.suppress(StationDeskError, OSError):
                secret = self._cached_secret()
                if secret is not None:
                    write_witness(self._witness_dir, Witness.sealed(seq, head_hash, secret))

    def _cached_secret(self) -> bytes | None:
        if not hasattr(self, "_secret"):
            self._secret = self.chain_secret()
        return self._secret

    def write_witness_now(self) -> Witness | None:
        """Seal the current audit head into the witness file (after a conversion or restore)."""
        from sqlalchemy import select

        from station_desk.db.models import AuditRecord

        with self.session() as session:
            row = session.execute(
                select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)
            ).first()
        secret = self._cached_secret()
        if row is None or secret is None or self._witness_dir is None:
            return None
        witness = Witness.sealed(row.seq, row.hash, secret)
        with self._witness_lock:
            self._witnessed = max(self._witnessed, row.seq)
            write_witness(self._witness_dir, witness)
        return witness

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
        if self.is_server:
            self.engine.dispose()
            return
        try:  # keep the query planner's statistics current (cheap; SQLite's advice)
            with self.engine.begin() as connection:
                connection.exec_driver_sql("PRAGMA optimize")
        except DBAPIError:
            pass  # a full or read-only disk must not stop the program from closing
        self.engine.dispose()
