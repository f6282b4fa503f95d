"""Key slots (密钥槽): the database key, stored only wrapped, in `keyslots.json` beside the
database.

The database key is 32 random bytes. Each active account has one slot: Argon2id of the
account's password with the slot's own salt gives a wrapping key, and AES-GCM wraps the
database key with it (the user name is authenticated data, so a slot cannot be moved to
another account). The database key itself is derived (HKDF) from the recovery key's 160
random bits: the recovery key opens the database even when this file is lost or damaged.
`key_id` is a MAC of a fixed text under the database key: it tells a key that unwraps but belongs to another database apart from
the right one, without storing anything that helps an attacker. The room's and station's
names are kept in clear so that the sign-in window can show them before the database opens.

The file holds no record content: a copy of it and of the database together still need a
password or the recovery key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_desk.db.private_files import read_json, write_json
from station_desk.errors import StorageError
from station_desk.i18n import _

if TYPE_CHECKING:
    import hmac

# hashlib and hmac are imported where used: loading OpenSSL's hashes (3 ms) is not needed for
# the sign-in window, which reads this file for the room's name (issue 15).

KEYSLOTS_FILENAME = "keyslots.json"
KEY_BYTES = 32
FORMAT = 1


@dataclass(frozen=True)
class SlotKdf:
    """Argon2id cost of a password slot (memory in KiB)."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024
    parallelism: int = 4


DEFAULT_SLOT_KDF = SlotKdf()
# The cost new slots get; tests lower it (tests/conftest.py), as they do for password hashes.
slot_kdf = DEFAULT_SLOT_KDF


class KeyFileError(StorageError):
    """The key file is missing, damaged or belongs to another database."""


def _mac(key: bytes, message: bytes) -> hmac.HMAC:
    import hashlib
    import hmac

    return hmac.new(key, message, hashlib.sha256)


def key_id(key: bytes) -> str:
    return _mac(key, b"station-desk database key id").hexdigest()[:32]


def derive(key: bytes, purpose: str) -> bytes:
    """A sub-key of `key` for one purpose (MACs of files kept beside the database)."""
    return _mac(key, f"station-desk:{purpose}".encode()).digest()


def _password_key(password: str, salt: bytes, kdf: SlotKdf) -> bytes:
    from station_desk.kdf import argon2id

    return argon2id(password, salt, kdf)


def key_from_recovery(secret: bytes) -> bytes:
    """The database key that a recovery key's secret stands for."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    info = b"station-desk database key"
    return HKDF(hashes.SHA256(), KEY_BYTES, b"station-desk", info).derive(secret)


def _wrap(wrapping_key: bytes, key: bytes, label: str) -> dict[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, key, label.encode("utf-8"))
    return {"nonce": nonce.hex(), "wrapped": wrapped.hex()}


def _unwrap(wrapping_key: bytes, slot: dict[str, Any], label: str) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(wrapping_key).decrypt(
            bytes.fromhex(slot["nonce"]), bytes.fromhex(slot["wrapped"]), label.encode("utf-8")
        )
    except (InvalidTag, ValueError, KeyError, TypeError):
        return None


def _slot_label(username: str) -> str:
    return f"station-desk slot:{username}"


@dataclass(frozen=True)
class KeySlots:
    """The parsed key file; every change returns a new value, `save()` writes it."""

    key_id: str
    room_name: str = ""
    station_name: str = ""
    language: str = ""
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)

    # -- reading ---------------------------------------------------------------------------
    @classmethod
    def path(cls, data_dir: Path) -> Path:
        return data_dir / KEYSLOTS_FILENAME

    @classmethod
    def load(cls, data_dir: Path) -> KeySlots | None:
        """The key file of `data_dir`, None when there is none; KeyFileError when damaged."""
        path = cls.path(data_dir)
        try:
            content = read_json(path)
        except (OSError, ValueError) as exc:
            raise KeyFileError(
                _("The key file {path} is damaged ({reason}). Restore it from a backup, or "
                  "use the recovery key.").format(path=path, reason=exc)
            ) from exc
        if content is None:
            return None
        try:
            return cls(
                key_id=str(content["key_id"]),
                room_name=str(content.get("room_name", "")),
                station_name=str(content.get("station_name", "")),
                language=str(content.get("language", "")),
                slots={str(k): dict(v) for k, v in dict(content.get("slots", {})).items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise KeyFileError(
                _("The key file {path} is damaged ({reason}). Restore it from a backup, or "
                  "use the recovery key.").format(path=path, reason="format")
            ) from exc

    def save(self, data_dir: Path) -> None:
        write_json(
            self.path(data_dir),
            {
                "format": FORMAT,
                "key_id": self.key_id,
                "room_name": self.room_name,
                "station_name": self.station_name,
                "language": self.language,
                "slots": self.slots,
            },
        )

    def has_slot(self, username: str) -> bool:
        return username in self.slots

    # -- unwrapping ------------------------------------------------------------------------
    def unlock(self, username: str, password: str) -> bytes | None:
        """The database key, or None when there is no such slot or the password is wrong.

        An unknown user name costs the same Argon2id work as a wrong password."""
        slot = self.slots.get(username)
        if slot is None:
            _password_key(password, b"\0" * 16, slot_kdf)
            return None
        kdf = SlotKdf(int(slot["t"]), int(slot["m"]), int(slot["p"]))
        wrapping = _password_key(password, bytes.fromhex(slot["salt"]), kdf)
        return self._checked(_unwrap(wrapping, slot, _slot_label(username)))

    def _checked(self, key: bytes | None) -> bytes | None:
        if key is None:
            return None
        if not self.owns(key):
            return None
        return key

    def owns(self, key: bytes) -> bool:
        import hmac

        return hmac.compare_digest(key_id(key), self.key_id)

    # -- changing --------------------------------------------------------------------------
    @classmethod
    def create(cls, key: bytes, room_name: str = "", station_name: str = "", language: str = "") -> KeySlots:
        return cls(key_id(key), room_name, station_name, language)

    def with_password(self, key: bytes, username: str, user_id: str, password: str) -> KeySlots:
        """A new slot (or a rewrapped one) for `username` opened by `password`."""
        salt = os.urandom(16)
        kdf = slot_kdf
        slot = {
            "user_id": user_id,
            "salt": salt.hex(),
            "t": kdf.time_cost,
            "m": kdf.memory_cost,
            "p": kdf.parallelism,
            **_wrap(_password_key(password, salt, kdf), key, _slot_label(username)),
        }
        return replace(self, slots={**self.slots, username: slot})

    def without(self, username: str) -> KeySlots:
        return replace(self, slots={k: v for k, v in self.slots.items() if k != username})

    def with_room(self, room_name: str, station_name: str, language: str) -> KeySlots:
        return replace(self, room_name=room_name, station_name=station_name, language=language)


PENDING_FILENAME = "setup_pending.key"


def pending_path(data_dir: Path) -> Path:
    """The key of a new, still empty database, kept only until the first-run setup is done."""
    return data_dir / PENDING_FILENAME
