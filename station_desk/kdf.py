"""Argon2id, the slow key derivation shared by the encrypted files (exchange/crypto) and the
database's key slots (db/keyslots)."""

from __future__ import annotations

from typing import Protocol

from argon2.low_level import Type, hash_secret_raw


class Argon2Cost(Protocol):
    """What Argon2id's cost is given by: an encrypted file's `KdfParams`, a key slot's `SlotKdf`."""

    @property
    def time_cost(self) -> int: ...
    @property
    def memory_cost(self) -> int: ...
    @property
    def parallelism(self) -> int: ...


def argon2id(secret: str, salt: bytes, cost: Argon2Cost) -> bytes:
    """Argon2id(secret, salt) -> 32 bytes: the key of a passphrase or of a key slot's password."""
    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=cost.time_cost,
        memory_cost=cost.memory_cost,
        parallelism=cost.parallelism,
        hash_len=32,
        type=Type.ID,
    )
