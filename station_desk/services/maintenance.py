"""Maintenance (维护): checking a data folder's database without changing it.

`check_data_dir(data_dir, key)` is what `station-desk check` runs, with the database key
(from a password's key slot or the recovery key): the quick check and schema revision of
`inspect_file()` (a damaged or newer database, or a wrong key, is refused with a
`StorageError`), SQLite's full `PRAGMA integrity_check`, SQLCipher's check of every page's
MAC, the foreign-key check, the keyed audit chain, the trail against the witness of its head
(cut off or rolled back), the append-only triggers (re-created when missing, and reported)
and every account's role and active flag against what the trail last set. Apart from the
triggers everything reads through a read-only connection: a check never migrates or locks.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from station_desk.db import migrate
from station_desk.db.database import Database, inspect_file, storage_error
from station_desk.db.engine import connect, database_errors, make_engine
from station_desk.db.storage_faults import open_failure
from station_desk.domain.audit import ChainReport
from station_desk.errors import DatabaseCorruptError, StationDeskError, StorageError
from station_desk.i18n import _, ngettext
from station_desk.paths import database_path
from station_desk.services.audit import verify_database
from station_desk.services.integrity import (
    account_mismatches,
    compare_witness,
    missing_triggers,
    restore_triggers,
)

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


def open_read_only(data_dir: Path, key: bytes | None) -> Database:
    """Open an existing, current database for reading only (no migration, no writes)."""
    path = existing_database(data_dir)
    revision = inspect_file(path, key)
    if revision != migrate.head_revision():
        raise StorageError(
            _(
                "The database in {path} uses an older schema; open it once with Station Desk "
                "to upgrade it."
            ).format(path=data_dir)
        )
    return Database(make_engine(path, key, read_only=True), data_dir, key)


def verify_audit(data_dir: Path, key: bytes | None) -> ChainReport:
    """Recompute the audit hash chain of `data_dir` (read-only)."""
    db = open_read_only(data_dir, key)
    try:
        return verify_database(db)  # Database.session turns SQLite failures into StorageError
    finally:
        db.close()


def check_data_dir(data_dir: Path, key: bytes | None) -> CheckReport:
    """Run every check on `data_dir`; raises StorageError when the file cannot be checked at all."""
    path = existing_database(data_dir)
    revision = inspect_file(path, key)
    results = [
        CheckResult(_("Quick check"), True, "ok"),
        _schema_result(revision),
        _pragma_result(path, key, "integrity_check", _("Integrity check")),
    ]
    if key is not None:
        results.append(_pragma_result(path, key, "cipher_integrity_check", _("Encryption (page MACs)")))
    results.append(_pragma_result(path, key, "foreign_key_check", _("Foreign keys")))
    if revision == migrate.head_revision():
        db = open_read_only(data_dir, key)
        try:
            results.append(_audit_result(verify_database(db)))
            finding = compare_witness(db, data_dir)
            results.append(CheckResult(_("Audit witness"), finding.ok, finding.detail))
            with db.session() as session:
                mismatches = account_mismatches(session)
        finally:
            db.close()
        results.append(_accounts_result(mismatches))
        results.append(_triggers_result(data_dir, key))
    return CheckReport(data_dir, results)


def problems_found(n: int) -> str:
    return ngettext("{n} problem found", "{n} problems found", n).format(n=n)


def _accounts_result(problems: list[str]) -> CheckResult:
    name = _("Accounts against the audit trail")
    if not problems:
        return CheckResult(name, True, "ok")
    return CheckResult(name, False, problems_found(len(problems)), problems)


def _triggers_result(data_dir: Path, key: bytes | None) -> CheckResult:
    """Re-create the audit trail's append-only triggers when they were dropped (the one
    thing a check writes), and say so."""
    name = _("Audit trail protection")
    path = database_path(data_dir)
    reader = make_engine(path, key, read_only=True)
    try:
        with reader.connect() as connection:
            missing = missing_triggers(connection)
    finally:
        reader.dispose()
    if not missing:
        return CheckResult(name, True, "ok")
    names = ", ".join(missing)
    db = Database(make_engine(path, key), data_dir, key)
    try:
        restore_triggers(db)
    except StationDeskError:
        return CheckResult(
            name, False, _("the triggers {names} are missing; they could not be re-created here").format(names=names)
        )
    finally:
        db.engine.dispose()
    return CheckResult(
        name, False, _("the triggers {names} were missing; they were re-created").format(names=names)
    )


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


def _pragma_result(path: Path, key: bytes | None, pragma: str, name: str) -> CheckResult:
    rows = _read_pragma(path, key, pragma)
    if pragma in ("integrity_check", "cipher_integrity_check"):
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
    detail = problems_found(len(problems))
    return CheckResult(name, False, detail, problems[:MAX_PROBLEMS_SHOWN])


def _read_pragma(path: Path, key: bytes | None, pragma: str) -> list[tuple[object, ...]]:
    try:
        with closing(connect(path, key, read_only=True)) as raw:
            return list(raw.execute(f"PRAGMA {pragma}"))
    except database_errors(key) as exc:
        raise open_failure(exc, path) or storage_error(exc) or DatabaseCorruptError(
            _("The database file is damaged ({detail}).").format(detail=exc)
        ) from exc


def _audit_result(report: ChainReport) -> CheckResult:
    name = _("Audit trail")
    if report.ok:
        return CheckResult(
            name,
            True,
            ngettext(
                "{n} entry, chain intact", "{n} entries, chain intact", report.entries_checked
            ).format(n=report.entries_checked),
        )
    detail = _("entry {seq} does not match: {problem}").format(
        seq=report.first_bad_seq, problem=report.problem
    )
    return CheckResult(name, False, detail)
