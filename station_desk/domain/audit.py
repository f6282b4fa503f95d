"""The audit trail (审计日志): actions, entries and the hash chain that makes tampering visible.

Each entry's hash is HMAC-SHA256, under a key kept only inside the encrypted database, over
the previous entry's hash and the entry's own canonical content (sorted-key JSON): changing,
removing or reordering any entry breaks the chain from that entry on, and recomputing the
chain needs the key. Entries written before the database was encrypted (`seq` below the
chain's `keyed_from`) keep their plain SHA-256 links; the first keyed entry covers the last of
them. A cut-off tail leaves an intact chain: the witness of the head kept outside the
database (`db/witness.py`) shows it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from station_desk.domain.enums import LabelledEnum
from station_desk.i18n import N_, _

GENESIS_HASH = "0" * 64


class AuditAction(LabelledEnum):
    CREATE = "create", N_("Create")
    UPDATE = "update", N_("Update")
    DELETE = "delete", N_("Delete")
    RESTORE = "restore", N_("Restore")
    PRINT = "print", N_("Print")
    EXPORT = "export", N_("Export")
    LOGIN = "login", N_("Sign in")
    LOGIN_FAILED = "login_failed", N_("Failed sign-in")
    LOGOUT = "logout", N_("Sign out")
    LOCKED = "locked", N_("Account locked")
    UNLOCK = "unlock", N_("Screen unlocked")
    VIEW_SEALED = "view_sealed", N_("Opened sealed record")
    VIEW_ID = "view_id", N_("Full ID number shown")
    DENIED = "denied", N_("Access refused")
    SETUP = "setup", N_("First-run setup")
    ENCRYPTED = "encrypted", N_("Database encrypted")
    INTEGRITY = "integrity", N_("Integrity warning")
    BACKUP = "backup", N_("Backup")
    RESTORE_BACKUP = "restore_backup", N_("Restore from backup")
    IMPORT = "import", N_("Import")


@dataclass(frozen=True)
class AuditEntry:
    """One audit entry as stored; `details` holds changed fields or a stated purpose."""

    seq: int
    at: datetime
    user_id: str
    username: str
    action: str
    record_type: str
    record_id: str
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS_HASH
    hash: str = ""


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    action: str | None = None
    record_type: str | None = None
    record_id: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    limit: int = 1000


@dataclass(frozen=True)
class ChainReport:
    """Result of recomputing the chain: `first_bad_seq` is None when every entry matches."""

    entries_checked: int
    first_bad_seq: int | None = None
    problem: str = ""
    head_hash: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def canonical_content(entry: AuditEntry) -> str:
    content = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "user_id": entry.user_id,
        "username": entry.username,
        "action": entry.action,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "details": entry.details,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class ChainKey:
    """The audit chain's secret and the first entry it keys."""

    secret: bytes
    keyed_from: int = 1

    def applies_to(self, seq: int) -> bool:
        return seq >= self.keyed_from


def entry_hash(prev_hash: str, entry: AuditEntry, key: ChainKey | None = None) -> str:
    """The entry's link: HMAC-SHA256 when the chain key covers it, else plain SHA-256."""
    message = prev_hash.encode("ascii") + canonical_content(entry).encode("utf-8")
    if key is not None and key.applies_to(entry.seq):
        return hmac.new(key.secret, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


def verify_entries(entries: Iterable[AuditEntry], key: ChainKey | None = None) -> ChainReport:
    """Recompute the chain over entries in sequence order and name the first that fails."""
    prev = GENESIS_HASH
    expected_seq = 1
    for count, entry in enumerate(entries):
        if entry.seq != expected_seq:
            return ChainReport(count, entry.seq, _("an entry is missing before this one"), prev)
        if entry.prev_hash != prev:
            return ChainReport(count, entry.seq, _("the link to the previous entry is broken"), prev)
        if entry_hash(prev, entry, key) != entry.hash:
            return ChainReport(count, entry.seq, _("the entry's content was changed"), prev)
        prev = entry.hash
        expected_seq += 1
    return ChainReport(expected_seq - 1, None, "", prev)
