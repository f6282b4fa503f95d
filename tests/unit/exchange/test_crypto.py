"""Encrypted files: round trips around chunk boundaries, and every fault told apart —
a flipped byte or a cut-off file is tampering, a wrong passphrase is a wrong passphrase."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station_desk.errors import OperationCancelled, ValidationError
from station_desk.exchange import crypto
from station_desk.exchange.crypto import (
    MAGIC,
    EncryptingWriter,
    EncryptionKey,
    KdfParams,
    Keyring,
    TamperedError,
    WrongPassphraseError,
    check_passphrase,
    decrypt_bytes,
    encrypt_bytes,
    read_header,
)

PASSPHRASE = "和平里-2026-passphrase"
LIGHT = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
CHUNK = 64
KEY = EncryptionKey.create(PASSPHRASE, LIGHT)
KEYRING = Keyring(PASSPHRASE)  # caches the derived key: the properties do not rerun Argon2id
SIZES = st.one_of(
    st.integers(0, 4 * CHUNK + 3),
    st.sampled_from([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK - 1, 3 * CHUNK]),
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _blob(data: bytes, chunk: int = CHUNK) -> bytes:
    return encrypt_bytes(data, KEY, "test", chunk)


@FAST
@given(size=SIZES, seed=st.binary(min_size=1, max_size=16))
def test_round_trip_around_chunk_boundaries(size: int, seed: bytes) -> None:
    data = (seed * (size // len(seed) + 1))[:size]
    assert decrypt_bytes(_blob(data), KEYRING) == data


@FAST
@given(parts=st.lists(st.binary(max_size=3 * CHUNK), max_size=8))
def test_streaming_writes_of_any_size_round_trip(parts: list[bytes]) -> None:
    out = io.BytesIO()
    with EncryptingWriter(out, KEY, "test", CHUNK) as writer:
        for part in parts:
            writer.write(part)
    reader = crypto.open_decrypting(io.BytesIO(out.getvalue()), KEYRING)
    pieces = iter(lambda: reader.read(37), b"")
    assert b"".join(pieces) == b"".join(parts)


class _Trickle(io.RawIOBase):
    """A source that gives at most `step` bytes per read (a pipe, a slow device)."""

    def __init__(self, data: bytes, step: int) -> None:
        super().__init__()
        self._data, self._step, self._at = data, step, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        piece = self._data[self._at : self._at + min(self._step, len(buffer))]
        memoryview(buffer)[: len(piece)] = piece
        self._at += len(piece)
        return len(piece)


def _encrypted_alike(fill: Callable[[EncryptingWriter], object]) -> bytes:
    """The container `fill` writes, with the salts and nonce fixed (so two can be compared)."""
    out = io.BytesIO()
    with (
        mock.patch.object(crypto.os, "urandom", lambda n: bytes(range(n))),
        EncryptingWriter(out, KEY, "test", CHUNK) as writer,
    ):
        fill(writer)
    return out.getvalue()


@FAST
@given(size=SIZES, step=st.integers(1, 2 * CHUNK), seed=st.binary(min_size=1, max_size=16))
def test_write_from_a_file_gives_the_same_container_as_writes(
    size: int, step: int, seed: bytes
) -> None:
    """Whole chunks read in turn into two buffers (short reads filled up): byte for byte the
    container `write()` makes, the last chunk marked final."""
    data = (seed * (size // len(seed) + 1))[:size]
    from_file = _encrypted_alike(lambda w: w.write_from(_Trickle(data, step)))
    assert from_file == _encrypted_alike(lambda w: w.write(data))
    assert decrypt_bytes(from_file, KEYRING) == data


def test_write_from_stops_when_cancelled() -> None:
    asked = iter(range(100))
    with pytest.raises(OperationCancelled):
        _encrypted_alike(
            lambda w: w.write_from(_Trickle(bytes(10 * CHUNK), CHUNK), lambda: next(asked) > 2)
        )


@FAST
@given(size=SIZES, data=st.data())
def test_any_flipped_byte_is_tampering(size: int, data: st.DataObject) -> None:
    blob = bytearray(_blob(b"x" * size))
    index = data.draw(st.integers(0, len(blob) - 1), label="index")
    bit = data.draw(st.integers(0, 7), label="bit")
    blob[index] ^= 1 << bit
    with pytest.raises(TamperedError):
        decrypt_bytes(bytes(blob), KEYRING)


@FAST
@given(size=SIZES, data=st.data())
def test_any_truncation_is_tampering(size: int, data: st.DataObject) -> None:
    blob = _blob(b"y" * size)
    cut = data.draw(st.integers(0, len(blob) - 1), label="cut")
    with pytest.raises(TamperedError):
        decrypt_bytes(blob[:cut], KEYRING)


@FAST
@given(size=SIZES, extra=st.binary(min_size=1, max_size=2 * CHUNK))
def test_appended_bytes_are_tampering(size: int, extra: bytes) -> None:
    with pytest.raises(TamperedError):
        decrypt_bytes(_blob(b"z" * size) + extra, KEYRING)


def test_cut_at_a_chunk_boundary_is_reported_as_incomplete() -> None:
    blob = _blob(b"a" * (3 * CHUNK + 5))
    record = CHUNK + crypto.TAG_SIZE
    with pytest.raises(TamperedError, match="incomplete"):
        decrypt_bytes(blob[: len(blob) - (5 + crypto.TAG_SIZE)], KEYRING)
    assert len(blob) - (5 + crypto.TAG_SIZE) > record


def test_chunks_cannot_be_swapped() -> None:
    blob = _blob(b"A" * CHUNK + b"B" * CHUNK + b"C")
    record = CHUNK + crypto.TAG_SIZE
    body_start = len(blob) - (2 * record + 1 + crypto.TAG_SIZE)
    first = blob[body_start : body_start + record]
    second = blob[body_start + record : body_start + 2 * record]
    swapped = blob[:body_start] + second + first + blob[body_start + 2 * record :]
    with pytest.raises(TamperedError):
        decrypt_bytes(swapped, KEYRING)


def test_wrong_passphrase_is_told_apart_before_decrypting() -> None:
    blob = _blob(b"secret")
    with pytest.raises(WrongPassphraseError, match="passphrase is wrong"):
        decrypt_bytes(blob, "not-the-passphrase")


@FAST
@given(wrong=st.text(min_size=1, max_size=30).filter(lambda s: s != PASSPHRASE))
def test_every_other_passphrase_is_wrong(wrong: str) -> None:
    with pytest.raises(WrongPassphraseError):
        decrypt_bytes(_blob(b"secret"), Keyring(wrong))


def test_header_names_its_parameters_and_is_readable_without_a_key() -> None:
    blob = _blob(b"data")
    header = read_header(io.BytesIO(blob))
    assert header.kind == "test"
    assert header.params == LIGHT
    assert header.chunk_size == CHUNK
    assert blob.startswith(MAGIC)
    length = int.from_bytes(blob[len(MAGIC) : len(MAGIC) + 4], "big")
    text = json.loads(blob[len(MAGIC) + 4 : len(MAGIC) + 4 + length])
    assert text["cipher"] == "AES-256-GCM"
    assert text["kdf"]["name"] == "argon2id"
    assert set(text["kdf"]) == {"name", "time_cost", "memory_cost", "parallelism", "salt"}


def test_default_parameters_are_the_documented_ones() -> None:
    assert KdfParams(time_cost=3, memory_cost=64 * 1024, parallelism=2) == crypto.DEFAULT_KDF
    assert crypto.DEFAULT_CHUNK_SIZE == 1024 * 1024


def test_same_plaintext_encrypts_differently_each_time() -> None:
    assert _blob(b"same") != _blob(b"same")


def test_not_an_encrypted_file() -> None:
    with pytest.raises(TamperedError, match="not a Station Desk encrypted file"):
        decrypt_bytes(b"%PDF-1.7 ...", KEYRING)


def test_absurd_parameters_in_a_header_are_refused() -> None:
    with pytest.raises(TamperedError):
        KdfParams(time_cost=1000, memory_cost=8, parallelism=1).check()


def test_one_key_derivation_serves_many_files() -> None:
    calls = []
    keyring = Keyring(PASSPHRASE)
    original = crypto.derive_master_key

    def counting(*args: object) -> bytes:
        calls.append(args)
        return original(*args)  # type: ignore[arg-type]

    crypto.derive_master_key = counting  # type: ignore[assignment]
    try:
        for data in (b"1", b"22", b"333"):
            assert decrypt_bytes(_blob(data), keyring) == data
    finally:
        crypto.derive_master_key = original  # type: ignore[assignment]
    assert len(calls) == 1


def test_passphrase_length_is_checked() -> None:
    with pytest.raises(ValidationError):
        check_passphrase("short")
    with pytest.raises(ValidationError):
        check_passphrase(None)
    assert check_passphrase("long enough") == "long enough"
