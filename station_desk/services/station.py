"""The station (派出所): every room's export packages merged into one database on the
station's PostgreSQL server, conflicts decided by a person.

Where things live: each registered room gets a schema of its own on the server
(`room_001`, …) holding the same tables as a room's file, migrated by the same migrations,
so each room's records keep their UUIDs, their numbers (a case number is unique per room) and
their room; the room's own services run on it (`room_services()`). The station's accounts,
its audit trail and its bookkeeping (`db/models/station.py`) live in the public schema.

Importing one package (`import_package`) is one transaction, all or nothing:
1. the folder is checked against its manifest (sizes, SHA-256, the seal, every encrypted
   file decrypted) and the data package read: a wrong passphrase, a tampered or truncated
   package, a package of a newer program are refused before anything is written;
2. the room is found by its name and station; an unknown room is registered only when the
   caller says so (`UnknownRoomError` first: the CLI and the view ask a person);
3. a package already imported (same manifest) changes nothing;
4. the room's audit chain (links only, in the package) must continue the one the station saw
   (`chain_gap`); if not, the package goes into a quarantine schema of its own, untouched
   by the merge, and the report names the room and the gap;
5. each record is merged three ways against what the station last imported of it
   (`StationRecordState`): a field only the room changed is taken, one only the station
   changed is kept, one both changed becomes a `StationConflict` for a person (station value,
   room value, when and by whom on each side). A record from a package older than the one
   the station last took it from is left alone (packages may arrive out of order). A record
   the room's export would have carried but which is missing from a newer package was
   deleted in the room: it is soft-deleted at the station (a conflict if the station
   changed it meanwhile).
Two imports at once: the second is refused at once with a clear message (an advisory lock).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    and_,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from station_desk.db import audit_trail, migrate
from station_desk.db.database import Database
from station_desk.db.models import (
    Base,
    StationAuditLink,
    StationConflict,
    StationImport,
    StationRecordState,
    StationRoom,
    User,
)
from station_desk.db.models.base import utcnow
from station_desk.db.models.youth import SEALED_TABLES
from station_desk.db.records import chunks
from station_desk.db.server import IMPORT_LOCK, server_error, upgrade_room_schemas
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import GENESIS_HASH, AuditAction
from station_desk.domain.mediation import CaseStatus
from station_desk.domain.records import from_row
from station_desk.domain.roles import Permission, Role
from station_desk.errors import NotFoundError, StationDeskError, StorageError, ValidationError
from station_desk.exchange.crypto import Keyring, TamperedError
from station_desk.exchange.manifest import MANIFEST_NAME, CheckStatus, load_manifest, verify_folder
from station_desk.exchange.package import AUDIT_LINKS, DataPackage, encode_value, open_package
from station_desk.i18n import _
from station_desk.services.export import (
    EXCLUDED_COLUMNS,
    TableRule,
    column_type,
    exported_columns,
    selection,
    table_plan,
)
from station_desk.services.guard import require
from station_desk.services.station_registers import (
    MEDIATION,
    StationRegisters,
    newest_rows,
)

# What the rooms list counts; never the sealed youth files (not even a count for those
# without access to them).
COUNTED_TABLES = ("mediation_cases", "meetings", "volunteers", "duty_entries")
KEEP_STATION, KEEP_ROOM = "station", "room"
OPEN, RESOLVED = "open", "resolved"
IMPORTED, QUARANTINED = "imported", "quarantined"
DELETED_FIELD = "deleted_at"
# Bookkeeping that follows the winning side instead of being compared field by field.
_BOOKKEEPING = frozenset({"updated_at", "updated_by", "deleted_by"})
# Values a room's accounts get at the station for what the package leaves out: no password
# (they cannot sign in at the station; station accounts are the public schema's).
_ACCOUNT_FILL = {"password_hash": "", "failed_logins": 0, "locked_until": None}


class UnknownRoomError(StationDeskError):
    """The package comes from a room the station has not registered (a person decides)."""

    def __init__(self, room: str, station: str) -> None:
        super().__init__(
            _("The package comes from a room this station does not know yet: {room} ({station}).").format(
                room=room, station=station or "-"
            )
        )
        self.room = room
        self.station = station


@dataclass(frozen=True)
class RoomSummary:
    """A room as the station view lists it."""

    id: int
    name: str
    station_name: str
    last_import_at: datetime | None
    last_package_at: str
    records: dict[str, int]
    open_conflicts: int
    quarantined: int

    @property
    def record_total(self) -> int:
        return sum(self.records.values())


@dataclass(frozen=True)
class CombinedCase:
    """One line of the station's case list across rooms (调解台账, combined)."""

    room: str
    id: str
    case_number: str
    received_on: date
    title: str
    status: CaseStatus
    officer: str


@dataclass(frozen=True)
class ConflictView:
    """One conflicting field, for a person to decide (values shown as stored, JSON)."""

    id: int
    room: str
    table_name: str
    record_key: str
    field: str
    station_value: Any
    room_value: Any
    station_changed_at: str
    station_changed_by: str
    room_changed_at: str
    room_changed_by: str
    status: str
    kept: str


@dataclass
class ImportReport:
    """What one import did; `status` is "imported", "quarantined" or "unchanged"."""

    room: str
    station: str
    folder: str
    status: str
    package_created_at: str = ""
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    older: int = 0  # records left alone: the station already has them from a newer package
    conflicts: list[ConflictView] = field(default_factory=list)
    gap: str = ""
    registered: bool = False
    include_sealed: bool = False
    import_id: int | None = None
    upgraded: list[str] = field(default_factory=list)  # room schemas brought to the program's migrations

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "older": self.older,
            "conflicts": len(self.conflicts),
        }


@dataclass(frozen=True)
class LoadedPackage:
    """An export folder, checked against its manifest, with its data package read."""

    folder: Path
    manifest_sha256: str
    package: DataPackage

    @property
    def meta(self) -> dict[str, Any]:
        return self.package.meta

    @property
    def created_at(self) -> str:
        return str(self.meta.get("created_at", ""))


ProgressFn = Callable[[str], None]


def _stamp(text: str) -> datetime:
    """A package's creation time (ISO 8601 with the room's offset), comparable across rooms."""
    return datetime.fromisoformat(text)


def _no_progress(_label: str) -> None:
    return None


# -- reading and checking a package ---------------------------------------------------------


def load_package(folder: Path, passphrase: str) -> LoadedPackage:
    """Check an export folder against its manifest and read its data package.

    Raises WrongPassphraseError, TamperedError (changed, cut off, missing files, no data
    package) or ValidationError (a package written by a newer program)."""
    keyring = Keyring(passphrase)
    checks = verify_folder(folder, keyring)
    bad = [check for check in checks if check.status is not CheckStatus.OK]
    if bad:
        listed = ", ".join(f"{check.name} ({check.status.label})" for check in bad)
        raise TamperedError(
            _("The export folder {path} does not match its manifest: {files}. Nothing was imported.").format(
                path=folder, files=listed
            )
        )
    manifest, _body = load_manifest(folder)
    packages = [item for item in manifest.files if item.kind == "data-package"]
    if not packages:
        raise TamperedError(
            _("The export folder {path} holds no data package. Nothing was imported.").format(path=folder)
        )
    package = open_package(folder / packages[0].name, keyring)
    revision = package.meta.get("schema_revision")
    if migrate.is_newer_than_program(revision):
        raise ValidationError(
            "package",
            _(
                "The package was written by a newer version of Station Desk ({version}, schema "
                "{rev}). Update the station's program first; nothing was imported."
            ).format(version=package.meta.get("app_version", "?"), rev=revision),
        )
    digest = hashlib.sha256((folder / MANIFEST_NAME).read_bytes()).hexdigest()
    return LoadedPackage(folder, digest, package)


# -- the audit chain's continuity -------------------------------------------------------------


def chain_gap(
    known: dict[int, str], links: Sequence[dict[str, Any]], newer: bool, last_seq: int
) -> str:
    """Why the package's audit links do not continue the room's trail the station saw
    (`known`: seq → hash), or "" when they do. `newer`: the package is newer than the last."""
    if not links:
        return _("the package carries no audit trail, so it cannot be shown to continue the room's")
    previous = None
    for link in links:
        if previous is not None and (
            link["seq"] != previous["seq"] + 1 or link["prev_hash"] != previous["hash"]
        ):
            return _("the package's own trail is broken at entry {seq}").format(seq=link["seq"])
        previous = link
    if links[0]["seq"] == 1 and links[0]["prev_hash"] != GENESIS_HASH:
        return _("the package's trail does not start at the beginning")
    matching = 0
    for link in links:
        seen = known.get(link["seq"])
        if seen is None:
            continue
        if seen != link["hash"]:
            return _(
                "the room's audit trail agrees with the one the station saw up to entry {good} "
                "and differs from entry {seq} on (the station had seen up to entry {last}): the "
                "room's database was truncated, rewritten or put back from an old copy"
            ).format(good=link["seq"] - 1, seq=link["seq"], last=last_seq)
        matching = link["seq"]
    if known and links[0]["seq"] > max(known) + 1:
        return _("entries {first} to {last} of the room's trail are missing").format(
            first=max(known) + 1, last=links[0]["seq"] - 1
        )
    if newer and links[-1]["seq"] < last_seq:
        return _(
            "the package is newer than the last one imported, but its trail ends at entry "
            "{end}, before entry {last} that the station already saw: entries were removed"
        ).format(end=links[-1]["seq"], last=last_seq)
    del matching
    return ""


# -- values ---------------------------------------------------------------------------------


def _encoded(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A row in the package's JSON form (what is compared and kept as the base)."""
    return {
        column.name: encode_value(row.get(column.name), column_type(column))
        for column in exported_columns(table)
    }


def _key(table: Table, row: dict[str, Any]) -> str:
    return "|".join(str(row[column.name]) for column in table.primary_key.columns)


def _key_clause(table: Table, key: str) -> Any:
    parts = key.split("|")
    return and_(
        *(column == part for column, part in zip(table.primary_key.columns, parts, strict=True))
    )


def _typed(table: Table, key: str) -> list[Any]:
    return [
        int(part) if column_type(column) == "integer" else part
        for column, part in zip(table.primary_key.columns, key.split("|"), strict=True)
    ]


def _insertable(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    values = {name: value for name, value in row.items() if name in table.c}
    if table.name == "users":
        for name, value in _ACCOUNT_FILL.items():
            values.setdefault(name, value)
    return values


# -- the service ----------------------------------------------------------------------------


class StationService:
    """The station's rooms, imports and conflicts, on the station's database server."""

    def __init__(self, db: Database, now: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.now = now

    # -- rooms ------------------------------------------------------------------------------
    def room_database(self, room_id: int) -> Database:
        """The room's records at the station: its schema, through the usual services."""
        with self.db.session() as session:
            room = session.get(StationRoom, room_id)
            if room is None:
                raise NotFoundError(_("No such room at this station."))
            schema = room.schema_name
        return Database(self.db.engine.execution_options(schema_translate_map={None: schema}))

    def room_services(self, room_id: int) -> Any:
        """Every service on one room's records at the station (a `Services`)."""
        from station_desk.services.container import Services

        return Services.for_database(self.room_database(room_id))

    def rooms(self, actor: Principal) -> list[RoomSummary]:
        """The registered rooms with their last import, record counts and open conflicts."""
        self._require_server()
        with self.db.session(actor) as session:
            rooms = list(session.scalars(select(StationRoom).order_by(StationRoom.id)))
            open_stmt = select(StationConflict.room_id, func.count()).where(
                StationConflict.status == OPEN
            )
            if actor.role is not Role.ADMIN:
                open_stmt = open_stmt.where(StationConflict.table_name.not_in(sorted(SEALED_TABLES)))
            open_by_room = dict(session.execute(open_stmt.group_by(StationConflict.room_id)).all())
            quarantined = dict(
                session.execute(
                    select(StationImport.room_id, func.count())
                    .where(StationImport.status == QUARANTINED)
                    .group_by(StationImport.room_id)
                ).all()
            )
            counts = self._counts(session, [room.schema_name for room in rooms])
            return [
                RoomSummary(
                    room.id,
                    room.name,
                    room.station_name,
                    room.last_import_at,
                    room.last_package_at,
                    counts[room.schema_name],
                    int(open_by_room.get(room.id, 0)),
                    int(quarantined.get(room.id, 0)),
                )
                for room in rooms
            ]

    def _counts(self, session: Session, schemas: Sequence[str]) -> dict[str, dict[str, int]]:
        """Live records per counted table of each room schema, in one round trip."""
        parts = [
            f"SELECT '{schema}', '{name}', count(*) FROM \"{schema}\".{name} WHERE deleted_at IS NULL"
            for schema in schemas  # names the program made (room_001 …), never typed
            for name in COUNTED_TABLES
        ]
        counts: dict[str, dict[str, int]] = {schema: {} for schema in schemas}
        if parts:
            for schema, name, count in session.connection().exec_driver_sql(" UNION ALL ".join(parts)):
                counts[schema][name] = int(count)
        return counts

    def imports(self, actor: Principal, room_id: int | None = None) -> list[StationImport]:
        with self.db.session(actor) as session:
            stmt = select(StationImport).order_by(StationImport.id.desc())
            if room_id is not None:
                stmt = stmt.where(StationImport.room_id == room_id)
            return list(session.scalars(stmt))

    # -- the combined registers -------------------------------------------------------------
    @property
    def registers(self) -> StationRegisters:
        """The combined registers (mediation, opinions, volunteer hours, duty, reception)."""
        return StationRegisters(self)

    def mediation_list(
        self,
        actor: Principal,
        date_from: date,
        date_to: date,
        room_ids: Sequence[int] | None = None,
        limit: int = 500,
    ) -> list[CombinedCase]:
        """The live cases received in the period across rooms, newest first, up to `limit`:
        what the station view lists (one query over every room's schema)."""
        require(self.db, actor, Permission.EDIT_RECORDS, "mediation_case")
        rooms = self.room_rows(actor, room_ids)
        listing = MEDIATION.listing
        assert listing is not None
        with self.db.session(actor) as session:
            rows, _more = newest_rows(session, rooms, listing, date_from, date_to, limit)
        return [
            CombinedCase(row.room, row.id, row.case_number, row.received_on, row.title,
                         CaseStatus(row.status), row.officer)
            for row in rows
        ]

    def room_rows(self, actor: Principal, room_ids: Sequence[int] | None = None) -> list[StationRoom]:
        """The registered rooms (those of `room_ids`), by number."""
        with self.db.session(actor) as session:
            stmt = select(StationRoom).order_by(StationRoom.id)
            if room_ids is not None:
                stmt = stmt.where(StationRoom.id.in_(list(room_ids)))
            return list(session.scalars(stmt))

    def _require_server(self) -> None:
        if not self.db.is_server:
            raise StorageError(
                _("Station mode needs the station's PostgreSQL database (--database-url).")
            )

    # -- importing --------------------------------------------------------------------------
    def import_folder(
        self,
        actor: Principal,
        folder: Path,
        passphrase: str,
        register_unknown: bool = False,
        progress: ProgressFn | None = None,
    ) -> ImportReport:
        """Check and import one export folder (see the module docstring)."""
        require(self.db, actor, Permission.EDIT_RECORDS, "station_import")
        self._require_server()
        report = progress or _no_progress
        report(_("Checking the package against its manifest"))
        loaded = load_package(folder, passphrase)
        return self.import_loaded(actor, loaded, register_unknown, report)

    def import_loaded(
        self,
        actor: Principal,
        loaded: LoadedPackage,
        register_unknown: bool = False,
        progress: ProgressFn | None = None,
    ) -> ImportReport:
        if register_unknown:
            require(self.db, actor, Permission.MANAGE_SETTINGS, "station_room")
        try:
            return self._import(actor, loaded, register_unknown, progress or _no_progress)
        except DBAPIError as exc:  # the server went away, or refused: the transaction is gone
            raise (server_error(exc) or exc) from exc

    def _import(
        self,
        actor: Principal,
        loaded: LoadedPackage,
        register_unknown: bool,
        report: ProgressFn,
    ) -> ImportReport:
        meta = loaded.meta
        result = ImportReport(
            str(meta.get("room", "")),
            str(meta.get("station", "")),
            loaded.folder.name,
            IMPORTED,
            loaded.created_at,
            include_sealed=bool(meta.get("include_sealed")),
        )
        with self.db.engine.connect() as connection, connection.begin():
            got = connection.execute(select(func.pg_try_advisory_xact_lock(IMPORT_LOCK))).scalar()
            if not got:
                raise StorageError(
                    _("Another import is running at this station. Nothing was imported; try again when it has finished.")
                )
            result.upgraded = upgrade_room_schemas(connection)  # a room registered by an older version
            session = Session(bind=connection, info={"actor": actor})
            room = self._room_for(session, actor, result, register_unknown)
            done = session.scalar(
                select(StationImport.id).where(
                    StationImport.room_id == room.id,
                    StationImport.manifest_sha256 == loaded.manifest_sha256,
                )
            )
            if done is not None:
                result.status = "unchanged"
                result.import_id = done
                return result
            record = StationImport(
                room_id=room.id,
                folder=loaded.folder.name[:255],
                manifest_sha256=loaded.manifest_sha256,
                package_created_at=loaded.created_at,
                period_from=str(meta.get("period", {}).get("from", "")),
                period_to=str(meta.get("period", {}).get("to", "")),
                include_sealed=result.include_sealed,
                imported_at=self.now(),
                imported_by=actor.username,
                status=IMPORTED,
                summary="{}",
            )
            session.add(record)
            session.flush()
            result.import_id = record.id
            newer = not room.last_package_at or _stamp(loaded.created_at) > _stamp(room.last_package_at)
            links = loaded.package.tables.get(AUDIT_LINKS, [])
            known = dict(
                session.execute(
                    select(StationAuditLink.seq, StationAuditLink.hash).where(
                        StationAuditLink.room_id == room.id
                    )
                ).all()
            )
            result.gap = chain_gap(known, links, newer, room.audit_seq)
            if result.gap:
                result.status = record.status = QUARANTINED
                report(_("Quarantine: the room's audit trail does not continue"))
                self._quarantine(connection, record.id, loaded)
            else:
                self._remember_links(session, room, known, links)
                report(_("Merging the records of {room}").format(room=room.name))
                _Merge(self, session, connection, room, record, loaded, result).run()
                if newer:
                    room.last_package_at = loaded.created_at
            room.last_import_at = self.now()
            record.summary = json.dumps(
                {**result.counts(), "gap": result.gap}, ensure_ascii=False, sort_keys=True
            )
            audit_trail.append(
                session,
                AuditAction.IMPORT,
                "station_import",
                str(record.id),
                {
                    "room": room.name,
                    "folder": loaded.folder.name,
                    "status": result.status,
                    "package_created_at": loaded.created_at,
                    "include_sealed": result.include_sealed,
                    "gap": result.gap,
                    "upgraded": result.upgraded,
                    **result.counts(),
                },
            )
            session.flush()
            result.room = room.name
        return result

    def _room_for(
        self, session: Session, actor: Principal, result: ImportReport, register: bool
    ) -> StationRoom:
        room = session.scalars(
            select(StationRoom).where(
                StationRoom.name == result.room, StationRoom.station_name == result.station
            )
        ).first()
        if room is not None:
            return room
        if not register:
            raise UnknownRoomError(result.room, result.station)
        number = int(session.scalar(select(func.coalesce(func.max(StationRoom.id), 0))) or 0) + 1
        room = StationRoom(
            id=number,
            name=result.room,
            station_name=result.station,
            schema_name=f"room_{number:03d}",
            registered_at=self.now(),
            registered_by=actor.username,
            last_package_at="",
            audit_seq=0,
            audit_head="",
        )
        session.add(room)
        session.flush()
        _create_schema(session.connection(), room.schema_name)
        audit_trail.append(
            session,
            AuditAction.CREATE,
            "station_room",
            str(room.id),
            {"name": room.name, "station": room.station_name},
        )
        result.registered = True
        return room

    def _remember_links(
        self,
        session: Session,
        room: StationRoom,
        known: dict[int, str],
        links: Sequence[dict[str, Any]],
    ) -> None:
        fresh = [
            {"room_id": room.id, "seq": link["seq"], "prev_hash": link["prev_hash"], "hash": link["hash"]}
            for link in links
            if link["seq"] not in known
        ]
        if fresh:
            session.execute(insert(StationAuditLink), fresh)
        if links and links[-1]["seq"] > room.audit_seq:
            room.audit_seq = links[-1]["seq"]
            room.audit_head = links[-1]["hash"]

    def _quarantine(self, connection: Connection, import_id: int, loaded: LoadedPackage) -> None:
        """The package's records as they came, in a schema of their own, merged with nothing."""
        schema = f"quarantine_{import_id:05d}"
        _create_schema(connection, schema)
        target = _InSchema(connection, schema)
        for rule in table_plan(include_sealed=True):
            rows = loaded.package.tables.get(rule.table.name)
            if rows:
                target.execute(insert(rule.table), [_insertable(rule.table, row) for row in rows])

    # -- conflicts --------------------------------------------------------------------------
    def conflicts(
        self, actor: Principal, room_id: int | None = None, open_only: bool = True
    ) -> list[ConflictView]:
        require(self.db, actor, Permission.EDIT_RECORDS, "station_conflict")
        with self.db.session(actor) as session:
            stmt = (
                select(StationConflict, StationRoom.name)
                .join(StationRoom, StationRoom.id == StationConflict.room_id)
                .order_by(StationConflict.id)
            )
            if room_id is not None:
                stmt = stmt.where(StationConflict.room_id == room_id)
            if open_only:
                stmt = stmt.where(StationConflict.status == OPEN)
            if actor.role is not Role.ADMIN:  # sealed files: not even that they conflict
                stmt = stmt.where(StationConflict.table_name.not_in(sorted(SEALED_TABLES)))
            return [_view(conflict, name) for conflict, name in session.execute(stmt).all()]

    def resolve(self, actor: Principal, conflict_id: int, keep: str) -> ConflictView:
        """Decide one conflict: keep the station's value or take the room's. The losing value
        stays in the conflict row and in the audit trail (the record's history)."""
        require(self.db, actor, Permission.EDIT_RECORDS, "station_conflict")
        if keep not in (KEEP_STATION, KEEP_ROOM):
            raise ValidationError("keep", _("Choose which value to keep: station or room."))
        with self.db.session(actor) as session:
            conflict = session.get(StationConflict, conflict_id, with_for_update=True)
            sealed = conflict is not None and conflict.table_name in SEALED_TABLES
            if conflict is None or (sealed and actor.role is not Role.ADMIN):
                raise NotFoundError(_("No such conflict."))
            if conflict.status != OPEN:
                raise ValidationError("conflict", _("This conflict was already decided."))
            room = session.get(StationRoom, conflict.room_id)
            assert room is not None
            table = Base.metadata.tables[conflict.table_name]
            if keep == KEEP_ROOM:
                value = json.loads(conflict.room_value)
                column = table.c[conflict.field]
                decoded = _decoded(value, column_type(column))
                changes: dict[str, Any] = {conflict.field: decoded, "updated_at": self.now()}
                if "updated_by" in table.c:
                    changes["updated_by"] = actor.user_id
                _InSchema(session.connection(), room.schema_name).execute(
                    update(table).where(_key_clause_typed(table, conflict.record_key)).values(**changes)
                )
            conflict.status = RESOLVED
            conflict.kept = keep
            conflict.resolved_at = self.now()
            conflict.resolved_by = actor.username
            audit_trail.append(
                session,
                AuditAction.UPDATE,
                conflict.table_name[:32],
                conflict.record_key[:64],
                {
                    "room": room.name,
                    "conflict": conflict.id,
                    "field": conflict.field,
                    "kept": keep,
                    "station_value": json.loads(conflict.station_value),
                    "room_value": json.loads(conflict.room_value),
                }
                if conflict.table_name not in SEALED_TABLES
                else {"room": room.name, "conflict": conflict.id, "field": conflict.field, "kept": keep},
            )
            return _view(conflict, room.name)


def _decoded(value: Any, kind: str) -> Any:
    from station_desk.exchange.package import decode_value

    return decode_value(value, kind)


def _key_clause_typed(table: Table, key: str) -> Any:
    return and_(
        *(column == part for column, part in zip(table.primary_key.columns, _typed(table, key), strict=True))
    )


def _view(conflict: StationConflict, room: str) -> ConflictView:
    sealed = conflict.table_name in SEALED_TABLES
    return from_row(
        ConflictView,
        conflict,
        room=room,
        station_value="***" if sealed else json.loads(conflict.station_value),
        room_value="***" if sealed else json.loads(conflict.room_value),
    )


class _InSchema:
    """Statements on a room's (or quarantine's) schema over a shared connection. Per
    statement: `Connection.execution_options()` would change the connection itself, and with
    it the station's own statements in the same transaction."""

    def __init__(self, connection: Connection, schema: str) -> None:
        self.connection = connection
        self.options = {"schema_translate_map": {None: schema}}

    def execute(self, statement: Any, parameters: Any = None) -> Any:
        return self.connection.execute(statement, parameters, execution_options=self.options)


def _create_schema(connection: Connection, schema: str) -> None:
    """A schema with every table of a Station Desk database, by the same migrations."""
    connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    connection.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')
    try:
        migrate.upgrade_to_head(connection)
    finally:
        connection.exec_driver_sql("SET LOCAL search_path TO public")


# -- the merge --------------------------------------------------------------------------------


class _Merge:
    """One package merged into its room's schema (inside the import's transaction)."""

    def __init__(
        self,
        service: StationService,
        session: Session,
        connection: Connection,
        room: StationRoom,
        record: StationImport,
        loaded: LoadedPackage,
        result: ImportReport,
    ) -> None:
        self.session = session
        self.room = room
        self.record = record
        self.loaded = loaded
        self.result = result
        self.stamp = _stamp(loaded.created_at)
        self.target = _InSchema(connection, room.schema_name)
        self.names: dict[str, str] = {}

    def run(self) -> None:
        tables = self.loaded.package.tables
        include_sealed = bool(self.loaded.meta.get("include_sealed"))
        plan = table_plan(include_sealed)
        rules = {rule.table.name: rule for rule in plan}
        for rule in plan:
            rows = tables.get(rule.table.name)
            if rows is None:
                continue
            self._table(rule.table, rows)
        period = self.loaded.meta.get("period", {})
        if period.get("from") and period.get("to"):
            for rule in reversed(plan):  # children before their parents
                if rule.table.name in tables and "deleted_at" in rule.table.c:
                    self._deletions(rule, rules, tables[rule.table.name], period)

    def _states(self, table: Table) -> dict[str, StationRecordState]:
        stmt = select(StationRecordState).where(
            StationRecordState.room_id == self.room.id,
            StationRecordState.table_name == table.name,
        )
        return {state.record_key: state for state in self.session.scalars(stmt)}

    def _current(self, table: Table, keys: Iterator[str] | list[str]) -> dict[str, dict[str, Any]]:
        wanted = list(keys)
        found: dict[str, dict[str, Any]] = {}
        if not wanted:
            return found
        if len(table.primary_key.columns) == 1:
            column = next(iter(table.primary_key.columns))
            for keys_chunk in chunks(wanted, 1000):
                chunk = [_typed(table, key)[0] for key in keys_chunk]
                for row in self.target.execute(select(table).where(column.in_(chunk))).mappings():
                    found[_key(table, row)] = dict(row)
            return found
        for row in self.target.execute(select(table)).mappings():
            found[_key(table, row)] = dict(row)
        return found

    def _table(self, table: Table, rows: list[dict[str, Any]]) -> None:
        states = self._states(table)
        by_key = {_key(table, row): row for row in rows}
        current = self._current(table, list(by_key))
        fresh: list[dict[str, Any]] = []
        new_states: list[dict[str, Any]] = []
        for key, row in by_key.items():
            state = states.get(key)
            room_values = _encoded(table, row)
            if state is not None and _stamp(state.package_created_at) > self.stamp:
                self.result.older += 1
                continue
            existing = current.get(key)
            if existing is None:
                fresh.append(_insertable(table, row))
                self.result.created += 1
            else:
                base = json.loads(state.room_values) if state is not None else {}
                self._merge_row(table, key, row, room_values, existing, base)
            text = json.dumps(room_values, ensure_ascii=False, sort_keys=True)
            if state is None:
                new_states.append({
                    "room_id": self.room.id, "table_name": table.name, "record_key": key,
                    "package_created_at": self.loaded.created_at, "room_values": text,
                    "deleted_in_room": False,
                })
            else:
                state.room_values = text
                state.package_created_at = self.loaded.created_at
                state.deleted_in_room = False
        if fresh:
            self.target.execute(insert(table), fresh)
        if new_states:
            self.session.execute(insert(StationRecordState), new_states)

    def _merge_row(
        self,
        table: Table,
        key: str,
        row: dict[str, Any],
        room_values: dict[str, Any],
        existing: dict[str, Any],
        base: dict[str, Any],
    ) -> None:
        station_values = _encoded(table, existing)
        take: dict[str, Any] = {}
        for name, room_value in room_values.items():
            if name in _BOOKKEEPING:
                continue
            station_value = station_values.get(name)
            if room_value == station_value:
                continue
            if station_value == base.get(name, object()):
                take[name] = row[name]
            elif room_value != base.get(name, object()):
                self._conflict(table, key, name, station_value, room_value, existing, row)
        if not take:
            self.result.unchanged += 1
            return
        for name in _BOOKKEEPING:
            if name in row and name in table.c:
                take[name] = row[name]
        self.target.execute(update(table).where(_key_clause_typed(table, key)).values(**take))
        self.result.updated += 1

    def _conflict(
        self,
        table: Table,
        key: str,
        name: str,
        station_value: Any,
        room_value: Any,
        existing: dict[str, Any],
        row: dict[str, Any],
    ) -> None:
        """Record a conflict, unless the same one is already open (a package imported again
        under another folder name)."""
        station_text = json.dumps(station_value, ensure_ascii=False)
        room_text = json.dumps(room_value, ensure_ascii=False)
        already = self.session.scalar(
            select(StationConflict.id).where(
                StationConflict.room_id == self.room.id,
                StationConflict.table_name == table.name,
                StationConflict.record_key == key,
                StationConflict.field == name,
                StationConflict.status == OPEN,
                StationConflict.room_value == room_text,
            )
        )
        if already is not None:
            return
        conflict = StationConflict(
            room_id=self.room.id,
            import_id=self.record.id,
            table_name=table.name,
            record_key=key,
            field=name,
            station_value=station_text,
            room_value=room_text,
            station_changed_at=_when(existing.get("updated_at")),
            station_changed_by=self._station_user(existing.get("updated_by")),
            room_changed_at=_when(row.get("updated_at")) or self.loaded.created_at,
            room_changed_by=self._room_user(row.get("updated_by")),
            status=OPEN,
            kept="",
            resolved_by="",
        )
        self.session.add(conflict)
        self.session.flush()
        self.result.conflicts.append(_view(conflict, self.room.name))

    def _station_user(self, user_id: str | None) -> str:
        if not user_id:
            return ""
        if user_id not in self.names:
            user = self.session.get(User, user_id)
            self.names[user_id] = user.username if user is not None else ""
        if self.names[user_id]:
            return self.names[user_id]
        return self._room_user(user_id)

    def _room_user(self, user_id: str | None) -> str:
        if not user_id:
            return ""
        key = f"room:{user_id}"
        if key not in self.names:
            users = Base.metadata.tables["users"]
            name = self.target.execute(
                select(users.c.display_name).where(users.c.id == user_id)
            ).scalar()
            self.names[key] = str(name or "")
        return self.names[key]

    def _deletions(
        self,
        rule: TableRule,
        rules: dict[str, TableRule],
        rows: list[dict[str, Any]],
        period: dict[str, str],
    ) -> None:
        """Records the room's export would have carried, missing from this newer package:
        deleted in the room, soft-deleted here."""
        table = rule.table
        present = {_key(table, row) for row in rows}
        stmt = selection(rule, rules, date.fromisoformat(period["from"]), date.fromisoformat(period["to"]))
        stmt = stmt.with_only_columns(*table.primary_key.columns)
        expected = {
            "|".join(str(part) for part in row) for row in self.target.execute(stmt).all()
        }
        gone = expected - present
        if not gone:
            return
        states = self._states(table)
        current = self._current(table, list(gone))
        when = self.stamp
        for key in sorted(gone):
            state = states.get(key)
            if state is None or state.deleted_in_room or _stamp(state.package_created_at) >= self.stamp:
                continue  # the station's own record, or known from a package as new as this
            existing = current.get(key)
            if existing is None:
                continue
            base = json.loads(state.room_values)
            station_values = _encoded(table, existing)
            changed_here = any(
                station_values.get(name) != base.get(name)
                for name in station_values
                if name not in _BOOKKEEPING
            )
            state.deleted_in_room = True
            state.package_created_at = self.loaded.created_at
            if changed_here:
                self._conflict(table, key, DELETED_FIELD, None, when.isoformat(), existing, {})
                continue
            self.target.execute(
                update(table).where(_key_clause_typed(table, key)).values(deleted_at=when, deleted_by=None)
            )
            # the base follows: a later package with the record live again restores it
            base[DELETED_FIELD] = encode_value(when, "datetime_utc")
            state.room_values = json.dumps(base, ensure_ascii=False, sort_keys=True)
            self.result.deleted += 1


def _when(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime) else str(value)


__all__ = [
    "EXCLUDED_COLUMNS",
    "ConflictView",
    "ImportReport",
    "LoadedPackage",
    "RoomSummary",
    "StationService",
    "UnknownRoomError",
    "chain_gap",
    "load_package",
]
