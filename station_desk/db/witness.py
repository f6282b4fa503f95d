"""The witness of the audit head (审计见证): the newest entry's sequence number and hash, kept
outside the database in `audit_witness.json` and in every backup and export manifest.

A MAC under a key derived from the audit chain key (which lives only inside the encrypted
database) seals it, so nobody without the key can write a witness that matches an older or
shortened trail. `station-desk check` compares the trail with it: a trail that ends before
the witness was cut off or put back from an older copy.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station_desk.db.private_files import read_json, write_json

WITNESS_FILENAME = "audit_witness.json"


def witness_path(data_dir: Path) -> Path:
    return data_dir / WITNESS_FILENAME


def _mac_key(chain_secret: bytes) -> bytes:
    return hmac.new(chain_secret, b"station-desk:audit witness", hashlib.sha256).digest()


@dataclass(frozen=True)
class Witness:
    seq: int
    hash: str
    mac: str = ""

    @classmethod
    def sealed(cls, seq: int, head_hash: str, chain_secret: bytes) -> Witness:
        return cls(seq, head_hash, cls._mac(seq, head_hash, chain_secret))

    @staticmethod
    def _mac(seq: int, head_hash: str, chain_secret: bytes) -> str:
        text = f"{seq}:{head_hash}".encode("ascii")
        return hmac.new(_mac_key(chain_secret), text, hashlib.sha256).hexdigest()

    def is_genuine(self, chain_secret: bytes) -> bool:
        return hmac.compare_digest(self._mac(self.seq, self.hash, chain_secret), self.mac)

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "mac": self.mac}

    @classmethod
    def from_dict(cls, content: dict[str, Any]) -> Witness:
        return cls(int(content["seq"]), str(content["hash"]), str(content.get("mac", "")))


def read_witness(data_dir: Path) -> Witness | None:
    """The witness beside the database; None when missing. ValueError when damaged."""
    content = read_json(witness_path(data_dir))
    if content is None:
        return None
    try:
        return Witness.from_dict(content)
    except (KeyError, TypeError) as exc:
        raise ValueError("damaged witness") from exc


def write_witness(data_dir: Path, witness: Witness) -> None:
    write_json(witness_path(data_dir), witness.as_dict())
