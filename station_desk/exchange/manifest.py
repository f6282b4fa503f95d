"""The manifest (清单) of an export or backup folder, and checking a folder against it.

`manifest.json` names the room, station, user, time, program version, the audit chain's head
and the period, and for each file its name, size, SHA-256, kind and whether it is encrypted.
It is written last, so a folder without one is not complete.

When the export used a passphrase the manifest is sealed: "seal" holds an HMAC-SHA256 of the
rest of the manifest (sorted-key JSON) under a key derived from the passphrase, with its own
key check; `verify_folder(path, passphrase)` then also notices a manifest edited afterwards,
and decrypts every encrypted file to prove that it authenticates.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from station_desk.domain.enums import LabelledEnum
from station_desk.errors import OperationCancelled
from station_desk.exchange.crypto import (
    EncryptionKey,
    Keyring,
    PackageError,
    TamperedError,
    WrongPassphraseError,
    decrypt_file,
    kdf_from_json,
    key_check_value,
    subkey,
)
from station_desk.exchange.safe_write import PARTIAL_SUFFIX, sha256_file
from station_desk.i18n import N_, _

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "station-desk-manifest"
MANIFEST_VERSION = 1

ProgressFn = Callable[[int, int, str], None]


class ManifestError(TamperedError):
    """The manifest is missing, not JSON, or not a Station Desk manifest."""


@dataclass(frozen=True)
class ManifestFile:
    """One file of the folder as written: `sha256` and `size` are of the bytes on the stick."""

    name: str
    size: int
    sha256: str
    encrypted: bool
    kind: str  # "data-package", "document", "register", "backup"
    label: str = ""


@dataclass(frozen=True)
class Manifest:
    kind: str  # "export" or "backup"
    room: str
    station: str
    username: str
    user_display_name: str
    created_at: str  # ISO 8601 with the local offset
    app_version: str
    audit_head_hash: str
    audit_entries: int
    files: tuple[ManifestFile, ...]
    period_from: str | None = None
    period_to: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        body = asdict(self)
        body["files"] = [asdict(f) for f in self.files]
        return {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, **body}

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Manifest:
        if body.get("format") != MANIFEST_FORMAT or body.get("version") != MANIFEST_VERSION:
            raise ValueError("not a Station Desk manifest of a known version")
        files = tuple(ManifestFile(**item) for item in body["files"])
        known = {name for name in cls.__dataclass_fields__ if name != "files"}
        values = {k: v for k, v in body.items() if k in known}
        return cls(files=files, **values)


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _seal_mac(master: bytes, seal_salt: bytes, body: dict[str, Any]) -> str:
    key = subkey(master, seal_salt, "manifest-seal")
    return hmac.new(key, _canonical(body), hashlib.sha256).hexdigest()


def manifest_bytes(manifest: Manifest, key: EncryptionKey | None = None) -> bytes:
    """The manifest as UTF-8 JSON (readable, indented), sealed when a key is given."""
    body = manifest.to_json()
    if key is not None:
        seal_salt = os.urandom(16)
        body["seal"] = {
            "kdf": key.kdf_json(),
            "salt": seal_salt.hex(),
            "check": key_check_value(key.master, seal_salt).hex(),
            "mac": _seal_mac(key.master, seal_salt, manifest.to_json()),
        }
    return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8") + b"\n"


def load_manifest(folder: Path) -> tuple[Manifest, dict[str, Any]]:
    """The manifest of `folder` and its raw JSON; ManifestError when it cannot be read."""
    path = folder / MANIFEST_NAME
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return Manifest.from_json(body), body
    except FileNotFoundError as exc:
        raise ManifestError(
            _("{path} has no manifest.json: it is not a complete export or backup folder.").format(
                path=folder
            )
        ) from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ManifestError(
            _("The manifest of {path} cannot be read: it was changed or damaged.").format(
                path=folder
            )
        ) from exc


def check_seal(body: dict[str, Any], keyring: Keyring) -> bool | None:
    """True when the seal matches, False when the manifest was changed, None when unsealed.

    Raises WrongPassphraseError when the passphrase does not match the seal's key check.
    """
    seal = body.get("seal")
    if seal is None:
        return None
    try:
        params, salt = kdf_from_json(seal["kdf"])
        seal_salt = bytes.fromhex(seal["salt"])
        check, mac = bytes.fromhex(seal["check"]), str(seal["mac"])
    except (KeyError, TypeError, ValueError, TamperedError):
        return False
    master = keyring.master(salt, params)
    if not hmac.compare_digest(key_check_value(master, seal_salt), check):
        raise WrongPassphraseError(_("The passphrase is wrong for this folder."))
    rest = {k: v for k, v in body.items() if k != "seal"}
    return hmac.compare_digest(_seal_mac(master, seal_salt, rest), mac)


# -- checking a folder --------------------------------------------------------------------


class CheckStatus(LabelledEnum):
    OK = "ok", N_("ok")
    MISSING = "missing", N_("missing")
    CHANGED = "changed", N_("changed")
    EXTRA = "extra", N_("not in the manifest")


@dataclass(frozen=True)
class FileCheck:
    """The verdict on one file: ok, missing, changed, or extra (present but not listed)."""

    name: str
    status: CheckStatus
    detail: str = ""
    expected_size: int | None = None
    actual_size: int | None = None

    @property
    def ok(self) -> bool:
        return self.status is CheckStatus.OK


def verify_folder(
    path: Path,
    passphrase: str | Keyring | None = None,
    progress: ProgressFn | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[FileCheck]:
    """Check every file of an export or backup folder against its manifest.

    Sizes and SHA-256 always; with a passphrase also the manifest's seal and the decryption of
    every encrypted file. Raises ManifestError (no readable manifest) and WrongPassphraseError.
    """
    manifest, body = load_manifest(path)
    keyring = Keyring(passphrase) if isinstance(passphrase, str) else passphrase
    first = _manifest_check(manifest, body, keyring)
    confirmed = keyring is not None and "seal" in body  # the seal's key check passed
    checks = [first]
    total = len(manifest.files)
    for index, item in enumerate(manifest.files):
        if cancelled is not None and cancelled():
            raise OperationCancelled(_("Cancelled."))
        if progress is not None:
            progress(index, total, item.name)
        checks.append(check_file(path, item, keyring, confirmed))
    if progress is not None:
        progress(total, total, "")
    listed = {item.name for item in manifest.files} | {MANIFEST_NAME}
    checks.extend(_extra_files(path, listed))
    return checks


def _manifest_check(manifest: Manifest, body: dict[str, Any], keyring: Keyring | None) -> FileCheck:
    if keyring is None:
        detail = _("seal not checked (no passphrase given)") if "seal" in body else ""
        return FileCheck(MANIFEST_NAME, CheckStatus.OK, detail)
    sealed = check_seal(body, keyring)
    if sealed is None:
        if any(item.encrypted for item in manifest.files):
            detail = _("the seal is missing although the folder holds encrypted files")
            return FileCheck(MANIFEST_NAME, CheckStatus.CHANGED, detail)
        return FileCheck(MANIFEST_NAME, CheckStatus.OK, _("not sealed"))
    if not sealed:
        return FileCheck(
            MANIFEST_NAME, CheckStatus.CHANGED, _("the manifest was changed after it was written")
        )
    return FileCheck(MANIFEST_NAME, CheckStatus.OK, _("seal matches"))


def check_file(
    folder: Path, item: ManifestFile, keyring: Keyring | None, confirmed: bool = False
) -> FileCheck:
    """One listed file: present, same size and SHA-256, and (with a key) authenticating.

    `confirmed`: the passphrase is known to be right (the manifest's seal took it), so a file
    it does not open was replaced, rather than the passphrase being wrong.
    """
    if Path(item.name).name != item.name or item.name in ("", ".", ".."):
        return FileCheck(item.name, CheckStatus.CHANGED, _("the manifest names a path, not a file"))
    path = folder / item.name
    if not path.is_file():
        return FileCheck(item.name, CheckStatus.MISSING, expected_size=item.size)
    size = path.stat().st_size
    if size != item.size or sha256_file(path) != item.sha256:
        detail = _("size or SHA-256 differs from the manifest")
        return FileCheck(item.name, CheckStatus.CHANGED, detail, item.size, size)
    if keyring is not None and item.encrypted:
        try:
            decrypt_file(path, keyring)
        except WrongPassphraseError:
            if not confirmed:
                raise
            detail = _("encrypted with another passphrase than the folder: it was replaced")
            return FileCheck(item.name, CheckStatus.CHANGED, detail, item.size, size)
        except PackageError as exc:
            return FileCheck(item.name, CheckStatus.CHANGED, str(exc), item.size, size)
        return FileCheck(
            item.name, CheckStatus.OK, _("decrypted and authenticated"), item.size, size
        )
    return FileCheck(item.name, CheckStatus.OK, "", item.size, size)


def _extra_files(folder: Path, listed: set[str]) -> list[FileCheck]:
    extra = []
    for entry in sorted(folder.iterdir()):
        if entry.name in listed:
            continue
        detail = (
            _("left over from an interrupted write") if entry.name.endswith(PARTIAL_SUFFIX) else ""
        )
        extra.append(FileCheck(entry.name, CheckStatus.EXTRA, detail))
    return extra


def summarise(checks: Sequence[FileCheck]) -> dict[CheckStatus, int]:
    counts = {status: 0 for status in CheckStatus}
    for check in checks:
        counts[check.status] += 1
    return counts
