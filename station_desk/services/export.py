"""Export to the station (导出): one folder on the USB stick with documents, registers and an
encrypted data package, a manifest, and an EXPORT entry in the audit trail.

`ExportService.export(actor, request, progress, cancelled)` is one long operation meant to run
off the GUI thread: it reports `progress(step, STEPS, label)` and stops soon after
`cancelled()` turns true, removing what it wrote. Steps: clean leftovers of failed runs;
derive the key (Argon2id, once); write the data package; the documents and the registers;
the manifest (last, sealed with the passphrase); read everything back against the manifest;
rename the folder from `NAME.partial` to `NAME`; audit. The folder is named by room and time
("和平里社区警务室_20261130_1502"), FAT32-safe.

The data package holds the live records of the period of every table of `Base.metadata`,
chosen generically (see `table_plan()`); never the audit log, settings or password hashes.
Tables listed in `SEALED_TABLES` (youth guidance, when it exists) are left out unless the
request includes them and the user may export sealed records (`Permission.EXPORT_SEALED`:
administrators only, since the package holds every subject, not only the user's own): such a
request needs a stated `purpose`, recorded in the EXPORT audit entry (and so in the history).

Documents come from the modules (`station_desk/modules.py`: each `ExportEntry` becomes a
`DocumentSource(kind, label, producer)`); a producer yields `ExportDocument(filename, data,
has_personal_data)` (or plain tuples). Files with personal data are encrypted (`.sdenc`);
PDFs may stay plain only with `leave_pdfs_plain=True`, which the GUI sets after a warning.
Reads use a read-only connection: an export never blocks the officer's saving.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Select,
    Table,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from station_desk import __version__
from station_desk.db import audit_trail
from station_desk.db.database import Database
from station_desk.db.engine import make_engine
from station_desk.db.models import AuditRecord, Base
from station_desk.db.models.base import UTCDateTime, utcnow
from station_desk.db.models.youth import SEALED_TABLES
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import GENESIS_HASH, AuditAction, AuditEntry
from station_desk.domain.roles import Permission
from station_desk.domain.youth import validated_purpose
from station_desk.errors import StorageError, ValidationError
from station_desk.exchange.crypto import (
    DEFAULT_KDF,
    EncryptingWriter,
    EncryptionKey,
    KdfParams,
    check_passphrase,
)
from station_desk.exchange.drives import ChosenVolume, checked_opener
from station_desk.exchange.manifest import (
    MANIFEST_NAME,
    CheckStatus,
    Manifest,
    ManifestFile,
    manifest_bytes,
    verify_folder,
)
from station_desk.exchange.package import (
    AUDIT_LINK_COLUMNS,
    AUDIT_LINKS,
    PACKAGE_SUFFIX,
    PackageWriter,
    TableSpec,
)
from station_desk.exchange.safe_write import (
    Opener,
    OperationCancelled,
    TargetError,
    WrittenFile,
    clean_leftovers,
    default_opener,
    finish_dir,
    make_partial_dir,
    remove_tree_quietly,
    safe_name,
    safe_write,
    write_bytes,
)
from station_desk.i18n import N_, _, current_language
from station_desk.modules import MODULES, resolve

if TYPE_CHECKING:
    from station_desk.services.container import Services
from station_desk.services.guard import require
from station_desk.services.settings import read_settings

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

DOCUMENTS, REGISTERS = "documents", "registers"
ENCRYPTED_SUFFIX = ".sdenc"
STEPS = 7

# -- what the data package holds ------------------------------------------------------------

# search_entries: derived from the records (and holding sealed subjects' keys); rebuilt where opened
EXCLUDED_TABLES = frozenset(
    {"audit_log", "audit_chain_key", "settings", "alembic_version", "search_entries"}
    | {"station_rooms", "station_imports", "station_audit_links", "station_record_states"}
    | {"station_conflicts"}
)
EXCLUDED_COLUMNS: dict[str, frozenset[str]] = {
    "users": frozenset({"password_hash", "failed_logins", "locked_until"}),
}
# Reference data exported whole (live rows), whatever the period: who the records refer to.
REFERENCE_TABLES: set[str] = {"users", "organisations", "contact_people"}
# The date column that puts a record in a period; children follow their parent (foreign key);
# any other table with `created_at` is chosen by it. A module adds its table here in one line.
PERIOD_COLUMNS: dict[str, str] = {
    "meetings": "starts_at",
    "mediation_cases": "received_on",
    "reception_entries": "received_at",
    "resident_opinions": "received_on",
}


@dataclass(frozen=True)
class TableRule:
    """How one table is chosen: by a date column, through its parent, whole, or left out."""

    table: Table
    how: str  # "period", "child", "whole"
    column: str = ""  # period: the date column; child: the foreign key column
    parent: str = ""


def table_plan(include_sealed: bool = False) -> list[TableRule]:
    """The tables of the package in dependency order (parents first), with their rule."""
    rules: dict[str, TableRule] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in EXCLUDED_TABLES or (table.name in SEALED_TABLES and not include_sealed):
            continue
        rules[table.name] = _rule(table, rules)
    return list(rules.values())


def _rule(table: Table, known: dict[str, TableRule]) -> TableRule:
    if table.name in PERIOD_COLUMNS:
        return TableRule(table, "period", PERIOD_COLUMNS[table.name])
    if table.name in REFERENCE_TABLES:
        return TableRule(table, "whole")
    for column in table.columns:
        for key in column.foreign_keys:
            parent = key.column.table.name
            scoped = parent in known and known[parent].how in ("period", "child")
            if parent != table.name and not column.nullable and scoped:
                return TableRule(table, "child", column.name, parent)
    if "created_at" in table.columns:
        return TableRule(table, "period", "created_at")
    return TableRule(table, "whole")


def column_type(column: Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "datetime_utc"
    for sql_type, name in (
        (DateTime, "datetime"),
        (Date, "date"),
        (Boolean, "boolean"),
        (Integer, "integer"),
        (Float, "float"),
        (Numeric, "float"),
        (LargeBinary, "bytes"),
        (JSON, "json"),
    ):
        if isinstance(kind, sql_type):
            return name
    return "string"


def exported_columns(table: Table) -> list[Column[Any]]:
    skip = EXCLUDED_COLUMNS.get(table.name, frozenset())
    return [column for column in table.columns if column.name not in skip]


def _raw(column: Column[Any]) -> Any:
    """Dates, times and flags as the driver returns them: the package converts them in bulk,
    which is several times faster than SQLAlchemy's per-value result processing."""
    if isinstance(column.type, UTCDateTime | DateTime | Date | Boolean):
        return type_coerce(column, NullType()).label(column.name)
    return column


def _live(table: Table, stmt: Select[Any]) -> Select[Any]:
    return stmt.where(table.c.deleted_at.is_(None)) if "deleted_at" in table.c else stmt


def _in_period(column: Column[Any], date_from: date, date_to: date) -> Any:
    start, end = (
        datetime.combine(date_from, time.min),
        datetime.combine(date_to + timedelta(days=1), time.min),
    )
    if isinstance(column.type, UTCDateTime):  # local days, as the officer means them, in UTC
        return column.between(start.astimezone(), end.astimezone() - timedelta(microseconds=1))
    if isinstance(column.type, DateTime):
        return (column >= start) & (column < end)
    return column.between(date_from, date_to)


def selection(
    rule: TableRule, rules: dict[str, TableRule], date_from: date, date_to: date
) -> Select[Any]:
    """The ids (for children) and rows of a table that belong to the period, live only."""
    table = rule.table
    stmt = _live(table, select(*(_raw(column) for column in exported_columns(table))))
    if rule.how == "period":
        stmt = stmt.where(_in_period(table.c[rule.column], date_from, date_to))
    elif rule.how == "child":
        parent = rules[rule.parent]
        ids = selection(parent, rules, date_from, date_to).with_only_columns(parent.table.c.id)
        stmt = stmt.where(table.c[rule.column].in_(ids))
    return stmt  # in storage order: sorting 100,000 rows by a text id costs, and helps nobody


# -- documents from the modules -------------------------------------------------------------


class ExportDocument(NamedTuple):
    """One file a module contributes; `has_personal_data` decides encryption."""

    filename: str
    data: bytes
    has_personal_data: bool = True


@dataclass(frozen=True)
class ExportContext:
    """What a document producer may use: the database, the user, the period, the language."""

    db: Database
    actor: Principal
    date_from: date
    date_to: date
    language: str
    include_sealed: bool
    cancelled: CancelFn
    purpose: str = ""  # stated for sealed records: a producer of sealed documents audits it


Producer = Callable[[ExportContext], Iterable[ExportDocument | tuple[str, bytes, bool]]]


@dataclass(frozen=True)
class DocumentSource:
    kind: str  # DOCUMENTS (PDF) or REGISTERS (.xlsx)
    label: str  # message id (N_), shown translated
    producer: Producer


def _services(context: ExportContext) -> Services:
    from station_desk.services.container import Services

    return Services.for_database(context.db)


def meeting_minutes(context: ExportContext) -> Iterator[ExportDocument]:
    """The minutes (会议记录) of the period's held and finalised meetings, oldest first."""
    from station_desk.documents import MINUTES, Request
    from station_desk.domain.meetings import MeetingDocument, MeetingQuery, MeetingStatus

    services = _services(context)
    query = MeetingQuery(date_from=context.date_from, date_to=context.date_to, limit=1_000_000)
    for summary in reversed(services.meetings.list_meetings(context.actor, query)):
        if summary.status not in (MeetingStatus.HELD, MeetingStatus.FINALISED):
            continue
        if context.cancelled():
            raise OperationCancelled(_("Cancelled; nothing was left on the target."))
        request = Request(summary.id, language=context.language)
        data = MINUTES.build(services, context.actor, request)
        detail = services.meetings.get(context.actor, summary.id)
        name = services.meeting_documents.suggested_filename(detail, MeetingDocument.MINUTES)
        yield ExportDocument(name, data, True)


def _period_name(stem: str, context: ExportContext, suffix: str) -> str:
    return f"{stem}_{context.date_from:%Y%m%d}-{context.date_to:%Y%m%d}{suffix}"


def _period_register(
    context: ExportContext, fmt: str, kind_name: str = "mediation-register",
    stem: str = N_("Mediation register"),
) -> Iterator[ExportDocument]:
    from station_desk.documents import Request
    from station_desk.modules import document_kinds

    request = Request(
        date_from=context.date_from, date_to=context.date_to, language=context.language, fmt=fmt
    )
    data = document_kinds()[kind_name].build(_services(context), context.actor, request)
    yield ExportDocument(_period_name(_(stem), context, f".{fmt}"), data, True)


def mediation_register_pdf(context: ExportContext) -> Iterator[ExportDocument]:
    """The mediation register (调解台账) of the period, ID numbers masked."""
    return _period_register(context, "pdf")


def mediation_register_xlsx(context: ExportContext) -> Iterator[ExportDocument]:
    """The mediation register as a workbook, ID numbers masked."""
    return _period_register(context, "xlsx")


def opinion_register_pdf(context: ExportContext) -> Iterator[ExportDocument]:
    """The opinion register (意见建议登记台账) of the period with its figures, masked."""
    return _period_register(context, "pdf", "opinion-register", N_("Opinion register"))


def opinion_register_xlsx(context: ExportContext) -> Iterator[ExportDocument]:
    """The opinion register as a workbook, phones and ID numbers masked."""
    return _period_register(context, "xlsx", "opinion-register", N_("Opinion register"))


def volunteer_roster_xlsx(context: ExportContext) -> Iterator[ExportDocument]:
    """The volunteer roster list (花名册) as it stands, ID numbers masked."""
    from station_desk.documents import ROSTER_LIST, Request

    data = ROSTER_LIST.build(_services(context), context.actor, Request(fmt="xlsx"))
    stem = _("Volunteer roster list")
    yield ExportDocument(f"{stem}_{context.date_to:%Y%m%d}.xlsx", data, True)


def document_sources() -> list[DocumentSource]:
    """The documents and registers the modules add to every export (`station_desk/modules`)."""
    return [
        DocumentSource(entry.kind, entry.label, resolve(entry.producer))
        for module in MODULES
        for entry in module.exports
    ]


# -- request and result ---------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRequest:
    target_dir: Path
    date_from: date
    date_to: date
    include_documents: bool = True
    include_registers: bool = True
    include_data_package: bool = True
    include_sealed: bool = False
    passphrase: str | None = None
    leave_pdfs_plain: bool = False
    # Why sealed records are included (required with include_sealed, audited; else ignored).
    purpose: str = ""
    # The stick as it was when chosen (the dialog records it); None: the target as it is now.
    volume: ChosenVolume | None = None


@dataclass(frozen=True)
class ExportResult:
    """What was written: the folder, its files (as in the manifest), the records per table."""

    folder: Path
    files: tuple[ManifestFile, ...]
    record_counts: dict[str, int]
    skipped: tuple[str, ...] = ()  # what was asked for but not available (translated)
    leftovers_removed: tuple[Path, ...] = ()
    encrypted: bool = True

    @property
    def records(self) -> int:
        return sum(self.record_counts.values())


@dataclass
class _Run:
    """The state of one export while it runs."""

    request: ExportRequest
    actor: Principal
    progress: ProgressFn
    cancelled: CancelFn
    folder: Path
    opener: Opener = default_opener  # opens files on the target after checking the volume
    key: EncryptionKey | None = None
    files: list[ManifestFile] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def check(self) -> None:
        if self.cancelled():
            raise OperationCancelled(_("Cancelled; nothing was left on the target."))

    def unique(self, name: str) -> str:
        name = safe_name(name)
        stem, dot, ext = name.rpartition(".")
        candidate, number = name, 2
        while candidate.lower() in self.names or candidate == MANIFEST_NAME:
            candidate = safe_name(f"{stem}_{number}.{ext}" if dot else f"{name}_{number}")
            number += 1
        self.names.add(candidate.lower())
        return candidate

    def add(self, written: WrittenFile, encrypted: bool, kind: str, label: str = "") -> None:
        self.files.append(
            ManifestFile(written.name, written.size, written.sha256, encrypted, kind, label)
        )


def needs_passphrase(request: ExportRequest) -> bool:
    """Whether the request may write personal data, which must then be encrypted."""
    return (
        request.include_data_package
        or request.include_registers
        or (request.include_documents and not request.leave_pdfs_plain)
    )


def stated_purpose(request: ExportRequest) -> str:
    """The purpose stated for including sealed records, tidied; "" when none are included.
    Raises ValidationError on field "purpose" when sealed records are included without one."""
    if not request.include_sealed:
        return ""
    if not " ".join(request.purpose.split()):
        raise ValidationError(
            "purpose",
            _(
                "State the purpose of exporting sealed youth-guidance records; "
                "it is recorded in the audit trail."
            ),
        )
    return validated_purpose(request.purpose)


PAGES_PER_REPORT = 50  # a long document reports its progress every this many pages


def _page_begun(run: _Run, step: int, label: str, page: int) -> None:
    """A page of a document being built: stop if cancelled, report now and then."""
    run.check()
    if page % PAGES_PER_REPORT == 0:
        run.progress(step, STEPS, _("{document}: page {page}").format(document=label, page=page))


def _never() -> bool:
    return False


def _no_progress(_step: int, _total: int, _label: str) -> None:
    return None


# -- the service ------------------------------------------------------------------------------


class ExportService:
    """Exports to a USB stick or folder; see the module docstring."""

    def __init__(
        self,
        db: Database,
        now: Callable[[], datetime] = utcnow,
        kdf: KdfParams = DEFAULT_KDF,
        sources: list[DocumentSource] | None = None,
        opener: Opener = default_opener,
    ) -> None:
        self.db = db
        self.now = now
        self.kdf = kdf
        self.sources = document_sources() if sources is None else sources
        self.opener = opener  # how files on the target are opened (tests inject faults here)

    def export(
        self,
        actor: Principal,
        request: ExportRequest,
        progress: ProgressFn | None = None,
        cancelled: CancelFn | None = None,
    ) -> ExportResult:
        """Write one export folder; raises ValidationError, PermissionDeniedError,
        TargetError (full, read-only, gone, too large), OperationCancelled."""
        require(self.db, actor, Permission.EXPORT, "export")
        if request.include_sealed:
            # Every subject goes into the package, not only the actor's: administrators only.
            require(self.db, actor, Permission.EXPORT_SEALED, "export")
        self._validate(request)
        volume = request.volume or ChosenVolume.choose(request.target_dir)
        volume.check()
        report = progress or _no_progress
        report(0, STEPS, _("Preparing the target folder"))
        leftovers = tuple(clean_leftovers(request.target_dir))
        reader = _read_only(self.db)
        try:
            with reader.session() as session:
                settings = read_settings(session)
            stamp = self.now().astimezone()
            name = self._folder_name(request.target_dir, settings.room_name, stamp)
            folder = make_partial_dir(request.target_dir, name)
            run = _Run(request, actor, report, cancelled or _never, folder, checked_opener(self.opener, volume))
            try:
                self._write_all(run, reader, settings, stamp)
                volume.check()
                final = finish_dir(folder, name)
            except BaseException:
                remove_tree_quietly(folder)
                raise
        finally:
            if reader is not self.db:
                reader.close()
        self._audit_or_undo(run, final)
        report(STEPS, STEPS, _("Export finished"))
        return ExportResult(
            folder=final,
            files=tuple(run.files),
            record_counts=dict(run.counts),
            skipped=tuple(run.skipped),
            leftovers_removed=leftovers,
            encrypted=run.key is not None,
        )

    def history(self, actor: Principal, limit: int = 200) -> list[AuditEntry]:
        """Exports, backups and restores from the audit trail, newest first."""
        require(self.db, actor, Permission.EXPORT, "export")
        actions = [AuditAction.EXPORT, AuditAction.BACKUP, AuditAction.RESTORE_BACKUP]
        stmt = (
            select(AuditRecord)
            .where(AuditRecord.action.in_([str(a) for a in actions]))
            .order_by(AuditRecord.seq.desc())
            .limit(limit)
        )
        with self.db.session(actor) as session:
            return [audit_trail.to_entry(record) for record in session.scalars(stmt)]

    # -- steps --------------------------------------------------------------------------
    def _validate(self, request: ExportRequest) -> None:
        if request.date_to < request.date_from:
            raise ValidationError("date_to", _("The end of the period is before its start."))
        if not request.target_dir.is_dir():
            raise StorageError(
                _("The target folder {path} does not exist (is the USB stick plugged in?).").format(
                    path=request.target_dir
                )
            )
        wanted = (
            request.include_documents,
            request.include_registers,
            request.include_data_package,
        )
        if not any(wanted):
            raise ValidationError("include", _("Choose at least one thing to export."))
        if needs_passphrase(request) or request.passphrase:
            check_passphrase(request.passphrase)
        stated_purpose(request)

    def _folder_name(self, target: Path, room: str, stamp: datetime) -> str:
        base = safe_name(f"{room or 'StationDesk'}_{stamp:%Y%m%d_%H%M}", 200)
        name, number = base, 2
        while (target / name).exists() or (target / f"{name}.partial").exists():
            name, number = f"{base}_{number}", number + 1
        return name

    def _write_all(self, run: _Run, reader: Database, settings: Any, stamp: datetime) -> None:
        request = run.request
        if request.passphrase:
            run.progress(1, STEPS, _("Deriving the key from the passphrase"))
            run.key = EncryptionKey.create(request.passphrase, self.kdf)
        audit_seq, audit_head = _audit_head(reader)
        meta = self._meta(run, reader, settings, stamp, audit_head)
        run.check()
        if request.include_data_package:
            run.progress(2, STEPS, _("Writing the data package"))
            self._write_package(run, reader, meta)
        context = ExportContext(
            self.db,
            run.actor,
            request.date_from,
            request.date_to,
            current_language(),
            request.include_sealed,
            run.cancelled,
            stated_purpose(request),
        )
        for step, kind, wanted in (
            (3, DOCUMENTS, request.include_documents),
            (4, REGISTERS, request.include_registers),
        ):
            if wanted:
                self._write_documents(run, context, step, kind)
        run.check()
        run.progress(5, STEPS, _("Writing the manifest"))
        manifest = Manifest(
            kind="export",
            room=settings.room_name,
            station=settings.station_name,
            username=run.actor.username,
            user_display_name=run.actor.display_name,
            created_at=stamp.isoformat(timespec="seconds"),
            app_version=__version__,
            audit_head_hash=audit_head,
            audit_entries=audit_seq,
            files=tuple(run.files),
            period_from=request.date_from.isoformat(),
            period_to=request.date_to.isoformat(),
            extra={
                "schema_revision": meta["schema_revision"],
                "records": dict(run.counts),
                "include_sealed": request.include_sealed,
                **_witness(reader, audit_seq, audit_head),
            },
        )
        write_bytes(
            run.folder,
            MANIFEST_NAME,
            manifest_bytes(manifest, run.key),
            cancelled=run.cancelled,
            opener=run.opener,
        )
        run.progress(6, STEPS, _("Reading everything back"))
        self._verify(run)

    def _meta(
        self, run: _Run, reader: Database, settings: Any, stamp: datetime, head: str
    ) -> dict[str, Any]:
        with reader.session() as session:
            revision = _schema_revision(session)
        return {
            "schema_revision": revision,
            "app_version": __version__,
            "room": settings.room_name,
            "station": settings.station_name,
            "created_at": stamp.isoformat(timespec="seconds"),
            "created_by": run.actor.username,
            "period": {
                "from": run.request.date_from.isoformat(),
                "to": run.request.date_to.isoformat(),
            },
            "include_sealed": run.request.include_sealed,
            "audit_head_hash": head,
        }

    def _write_package(self, run: _Run, reader: Database, meta: dict[str, Any]) -> None:
        assert run.key is not None  # the request was validated: a package needs a passphrase
        key = run.key
        request = run.request
        name = run.unique(
            f"data_package_{request.date_from:%Y%m%d}_{request.date_to:%Y%m%d}{PACKAGE_SUFFIX}"
        )
        rules = {rule.table.name: rule for rule in table_plan(request.include_sealed)}

        def produce(out: BinaryIO) -> None:
            with reader.session() as session, PackageWriter(out, key, meta) as package:
                for rule in rules.values():
                    run.progress(2, STEPS, _("Data package: {table}").format(table=rule.table.name))
                    spec = TableSpec(
                        rule.table.name,
                        tuple((c.name, column_type(c)) for c in exported_columns(rule.table)),
                    )
                    stmt = selection(rule, rules, request.date_from, request.date_to)
                    result = session.execute(stmt)
                    rows = chain.from_iterable(result.partitions(2000))  # fetchmany, not fetchone
                    run.counts[rule.table.name] = package.table(spec, rows, run.check)
                links = session.execute(
                    select(AuditRecord.seq, AuditRecord.prev_hash, AuditRecord.hash).order_by(
                        AuditRecord.seq
                    )
                )
                package.table(
                    TableSpec(AUDIT_LINKS, AUDIT_LINK_COLUMNS),
                    chain.from_iterable(links.partitions(2000)),
                    run.check,
                )

        written = safe_write(run.folder, name, produce, cancelled=run.cancelled, opener=run.opener)
        run.add(written, True, "data-package", _("Data package"))

    def _write_documents(self, run: _Run, context: ExportContext, step: int, kind: str) -> None:
        sources = [source for source in self.sources if source.kind == kind]
        if not sources:
            run.skipped.append(
                _("Registers (.xlsx): no register is available yet")
                if kind == REGISTERS
                else _("Documents (PDF): no document is available yet")
            )
            return
        from station_desk.reports.base import watching_pages

        for source in sources:
            label = _(source.label)
            run.progress(step, STEPS, label)
            with watching_pages(functools.partial(_page_begun, run, step, label)):
                for item in source.producer(context):
                    run.check()
                    document = ExportDocument(*item)
                    self._write_document(run, document, kind, label)

    def _write_document(self, run: _Run, document: ExportDocument, kind: str, label: str) -> None:
        plain_allowed = kind == DOCUMENTS and run.request.leave_pdfs_plain
        encrypt = document.has_personal_data and not plain_allowed
        if encrypt and run.key is None:
            raise ValidationError(
                "passphrase", _("A passphrase is needed to encrypt personal data.")
            )
        run.progress(
            3 if kind == DOCUMENTS else 4,
            STEPS,
            _("File {number}: {name}").format(number=len(run.files) + 1, name=document.filename),
        )
        if not encrypt:
            written = write_bytes(
                run.folder,
                run.unique(document.filename),
                document.data,
                cancelled=run.cancelled,
                opener=run.opener,
            )
            run.add(written, False, kind[:-1], label)
            return
        key = run.key
        assert key is not None

        def produce(out: BinaryIO) -> None:
            with EncryptingWriter(out, key, kind[:-1]) as writer:
                writer.write(document.data)

        name = run.unique(document.filename + ENCRYPTED_SUFFIX)
        run.add(
            safe_write(run.folder, name, produce, cancelled=run.cancelled, opener=run.opener),
            True,
            kind[:-1],
            label,
        )

    def _verify(self, run: _Run) -> None:
        """Every file read back from the target against the manifest just written."""
        for check in verify_folder(run.folder, cancelled=run.cancelled):
            if check.status is not CheckStatus.OK:
                raise TargetError(
                    _(
                        "{name} on the target does not match what was written ({status}); the "
                        "export was removed. The stick may be failing."
                    ).format(name=check.name, status=check.status.label)
                )

    def _audit_or_undo(self, run: _Run, final: Path) -> None:
        """No export without its audit entry: when the entry cannot be written, the folder goes."""
        request = run.request
        details = {
            "target": str(request.target_dir),
            "folder": final.name,
            "period": [request.date_from.isoformat(), request.date_to.isoformat()],
            "files": [
                {
                    "name": f.name,
                    "size": f.size,
                    "sha256": f.sha256,
                    "encrypted": f.encrypted,
                    "kind": f.kind,
                }
                for f in run.files
            ],
            "records": dict(run.counts),
            "include_sealed": request.include_sealed,
            "leave_pdfs_plain": request.leave_pdfs_plain,
        }
        if request.include_sealed:
            details["purpose"] = stated_purpose(request)
        try:
            with self.db.session(run.actor) as session:
                audit_trail.append(session, AuditAction.EXPORT, "export", final.name[:64], details)
        except BaseException:
            remove_tree_quietly(final)
            raise


def _audit_head(db: Database) -> tuple[int, str]:
    """The last audit entry's number and hash, as stored (`station-desk check` verifies the
    whole chain; recomputing it here would cost seconds on a big trail)."""
    with db.session() as session:
        row = session.execute(
            select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)
        ).first()
    return (row.seq, row.hash) if row else (0, GENESIS_HASH)


def _witness(db: Database, seq: int, head: str) -> dict[str, object]:
    """The audit head sealed as a witness (db/witness.py), for the manifest."""
    from station_desk.db.audit_trail import read_chain_key
    from station_desk.db.witness import Witness

    with db.session() as session:
        chain = read_chain_key(session)
    if chain is None or seq == 0:
        return {}
    return {"audit_witness": Witness.sealed(seq, head, chain.secret).as_dict()}


def _schema_revision(session: Session) -> str | None:
    with contextlib.suppress(Exception):
        return (
            session.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        )
    return None


def _read_only(db: Database) -> Database:
    """A read-only view of the same file (plain BEGIN: never holds the write lock)."""
    if db.path is None or not db.path.exists():
        return db
    return Database(make_engine(db.path, db.key, read_only=True), db.data_dir, db.key)
