"""Maintenance (维护): checking a data folder's database without changing it.

`check_data_dir()` is what `station-desk check` runs: the quick check and schema revision of
`inspect_file()` (a damaged or newer database is refused with a `StorageError`), then SQLite's
full `PRAGMA integrity_check`, the foreign-key check and the audit chain. Everything here
reads through a read-only connection, so a check never migrates, repairs or locks the file.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from station_desk.db import migrate
from station_desk.db.database import Database, inspect_file, storage_error
from station_desk.db.engine import make_engine
from station_desk.db.storage_faults import open_failure, read_only_uri
from station_desk.domain.audit import ChainReport
from station_desk.errors import DatabaseCorruptError, StorageError
from station_desk.i18n import _
from station_desk.paths import database_path
from station_desk.services.audit import verify_database

MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class CheckResult:
    """One line of a check: what was checked, whether it passed, and what was found."""

    name: str
    ok: bool
    detail: str = ""
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CheckReport:
    data_dir: Path
    results: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)


def existing_database(data_dir: Path) -> Path:
    """The database file of `data_dir`; a StorageError when there is none (nothing is created)."""
    path = database_path(data_dir)
    if not path.is_file() or path.stat().st_size == 0:
        raise StorageError(_("There is no Station Desk database in {path}.").format(path=data_dir))
    return path


def open_read_only(data_dir: Path) -> Database:
    """Open an existing, current database for reading only (no migration, no writes)."""
    path = existing_database(data_dir)
    revision = inspect_file(path)
    if revision != migrate.head_revision():
        raise StorageError(
            _(
                "The database in {path} uses an older schema; open it once with Station Desk "
                "to upgrade it."
            ).format(path=data_dir)
        )
    return Database(make_engine(path, read_only=True), data_dir)


def verify_audit(data_dir: Path) -> ChainReport:
    """Recompute the audit hash chain of `data_dir` (read-only)."""
    db = open_read_only(data_dir)
    try:
        return verify_database(db)  # Database.session turns SQLite failures into StorageError
    finally:
        db.close()


def check_data_dir(data_dir: Path) -> CheckReport:
    """Run every check on `data_dir`; raises StorageError when the file cannot be checked at all."""
    path = existing_database(data_dir)
    revision = inspect_file(path)
    results = [
        CheckResult(_("Quick check"), True, "ok"),
        _schema_result(revision),
        _pragma_result(path, "integrity_check", _("Integrity check")),
        _pragma_result(path, "foreign_key_check", _("Foreign keys")),
    ]
    if revision == migrate.head_revision():
        results.append(_audit_result(verify_audit(data_dir)))
    return CheckReport(data_dir, results)


def _schema_result(revision: str | None) -> CheckResult:
    head = migrate.head_revision()
    if revision == head:
        return CheckResult(_("Schema"), True, _("current ({rev})").format(rev=revision))
    if revision is None:
        return CheckResult(_("Schema"), False, _("no schema: this is not a Station Desk database"))
    return CheckResult(
        _("Schema"),
        True,
        _("older ({rev}); it is upgraded the next time Station Desk opens it").format(rev=revision),
    )


def _pragma_result(path: Path, pragma: str, name: str) -> CheckResult:
    rows = _read_pragma(path, pragma)
    if pragma == "integrity_check":
        problems = [str(row[0]) for row in rows if row and row[0] != "ok"]
    else:  # foreign_key_check: (table, rowid, parent table, fk index)
        problems = [
            _("{table} row {rowid} refers to a missing {parent} record").format(
                table=row[0], rowid=row[1], parent=row[2]
            )
            for row in rows
        ]
    if not problems:
        return CheckResult(name, True, "ok")
    detail = _("{n} problem(s) found").format(n=len(problems))
    return CheckResult(name, False, detail, problems[:MAX_PROBLEMS_SHOWN])


def _read_pragma(path: Path, pragma: str) -> list[tuple[object, ...]]:
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as raw:
            return list(raw.execute(f"PRAGMA {pragma}"))
    except sqlite3.DatabaseError as exc:
        raise open_failure(exc, path) or storage_error(exc) or DatabaseCorruptError(
            _("The database file is damaged ({detail}).").format(detail=exc)
        ) from exc


def _audit_result(report: ChainReport) -> CheckResult:
    name = _("Audit trail")
    if report.ok:
        return CheckResult(
            name, True, _("{n} entries, chain intact").format(n=report.entries_checked)
        )
    detail = _("entry {seq} does not match: {problem}").format(
        seq=report.first_bad_seq, problem=report.problem
    )
    return CheckResult(name, False, detail)
