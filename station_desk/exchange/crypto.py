"""Encrypted files (加密文件): AES-256-GCM in chunks with a key from a passphrase (Argon2id).

One container format serves the data package (`.sdpkg`), encrypted documents (`.sdenc`) and
backups (`.sdbackup`):

    magic  b"SDPKG1\\n"                       7 bytes
    length of the header, big-endian          4 bytes
    header: UTF-8 JSON, sorted keys           `length` bytes
    SHA-256 of the three parts above          32 bytes
    chunks: AES-256-GCM(chunk) + 16-byte tag  each `chunk` plaintext bytes, the last shorter

The header holds the Argon2id parameters and salt ("kdf"), a per-file salt ("file_salt"), the
base nonce, the chunk size, the file's purpose ("kind") and a key check ("check"). The master
key comes from Argon2id(passphrase, salt); the file's AES key and its key-check key come from
HKDF-SHA256(master, file_salt), so one Argon2id run serves every file of an export while each
file still has a key of its own.

How faults are told apart:
- the header's SHA-256 does not match, or the header is not valid: `TamperedError`;
- the key check (HMAC-SHA256 of a constant) does not match: `WrongPassphraseError` — found
  before anything is decrypted;
- a chunk does not authenticate: `TamperedError`. Chunk i uses the nonce base XOR i and the
  associated data (header digest, i, final flag), so chunks cannot be reordered, moved between
  files or dropped; the last chunk carries final=1, so a file cut off at a chunk boundary is
  reported as incomplete ("truncated") rather than silently shorter.
A wrong passphrase and a changed salt or key check look the same; the header digest makes an
accidental change of those bytes a `TamperedError`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from station_desk.errors import OperationCancelled, StationDeskError, ValidationError
from station_desk.exchange.safe_write import read_into
from station_desk.i18n import _
from station_desk.kdf import argon2id
from station_desk.paths import file_starts_with

MAGIC = b"SDPKG1\n"
FORMAT_VERSION = 1
CIPHER = "AES-256-GCM"
DEFAULT_CHUNK_SIZE = 1024 * 1024
MIN_CHUNK_SIZE, MAX_CHUNK_SIZE = 16, 64 * 1024 * 1024
MAX_HEADER_LENGTH = 64 * 1024
TAG_SIZE = 16
NONCE_SIZE = 12
SALT_SIZE = 16
KEY_CHECK_TEXT = b"Station Desk SDPKG1 key check"
MIN_PASSPHRASE_LENGTH = 8
_LENGTH = struct.Struct(">I")
_AAD_TAIL = struct.Struct(">QB")

ProgressBytes = Callable[[int], None]


class PackageError(StationDeskError):
    """An encrypted file cannot be opened; `str(e)` says why."""


class WrongPassphraseError(PackageError):
    """The passphrase does not open the file (its key check does not match)."""


class TamperedError(PackageError):
    """The file was changed, damaged or cut off after it was written."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: passes, memory in KiB, lanes. Stored in every header."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024
    parallelism: int = 2

    def check(self) -> None:
        fine = (
            1 <= self.time_cost <= 20
            and 1 <= self.parallelism <= 16
            and 8 * self.parallelism <= self.memory_cost <= 1024 * 1024
        )
        if not fine:
            raise TamperedError(_("The file's key parameters are not valid; the file is damaged."))


DEFAULT_KDF = KdfParams()


def check_passphrase(passphrase: str | None) -> str:
    """The passphrase if it is long enough; a ValidationError for the form otherwise."""
    if not passphrase or len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            "passphrase",
            _("The passphrase must be at least {n} characters long.").format(
                n=MIN_PASSPHRASE_LENGTH
            ),
        )
    return passphrase


def derive_master_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id(passphrase, salt) -> 32 bytes; the slow step (about 0.1–0.5 s by default)."""
    return argon2id(passphrase, salt, params)


def subkey(master: bytes, salt: bytes, purpose: str) -> bytes:
    """A 32-byte key for one purpose and one file (HKDF-SHA256)."""
    info = f"station-desk sdpkg1 {purpose}".encode("ascii")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(master)


def key_check_value(master: bytes, salt: bytes) -> bytes:
    return hmac.new(subkey(master, salt, "key-check"), KEY_CHECK_TEXT, hashlib.sha256).digest()


@dataclass
class Keyring:
    """A passphrase and the master keys derived from it, one per (salt, parameters).

    Encrypting: `EncryptionKey.create()` runs Argon2id once. Decrypting many files written in
    one export: they share the salt, so a `Keyring` derives once and reuses the key.
    """

    passphrase: str
    _keys: dict[tuple[bytes, KdfParams], bytes] = field(default_factory=dict, repr=False)

    def master(self, salt: bytes, params: KdfParams) -> bytes:
        params.check()
        key = self._keys.get((salt, params))
        if key is None:
            key = derive_master_key(self.passphrase, salt, params)
            self._keys[(salt, params)] = key
        return key


@dataclass(frozen=True)
class EncryptionKey:
    """A master key for writing: Argon2id over the passphrase with a new random salt."""

    master: bytes = field(repr=False)
    salt: bytes
    params: KdfParams

    @classmethod
    def create(cls, passphrase: str, params: KdfParams = DEFAULT_KDF) -> EncryptionKey:
        salt = os.urandom(SALT_SIZE)
        return cls(derive_master_key(passphrase, salt, params), salt, params)

    def kdf_json(self) -> dict[str, Any]:
        return kdf_to_json(self.params, self.salt)


def kdf_to_json(params: KdfParams, salt: bytes) -> dict[str, Any]:
    return {
        "name": "argon2id",
        "time_cost": params.time_cost,
        "memory_cost": params.memory_cost,
        "parallelism": params.parallelism,
        "salt": _b64(salt),
    }


def kdf_from_json(data: Any) -> tuple[KdfParams, bytes]:
    """(parameters, salt) from a header's "kdf"; TamperedError when it is not valid."""
    try:
        if data["name"] != "argon2id":
            raise ValueError(data["name"])
        params = KdfParams(
            int(data["time_cost"]), int(data["memory_cost"]), int(data["parallelism"])
        )
        salt = _unb64(data["salt"])
    except (KeyError, TypeError, ValueError) as exc:
        raise _damaged_header() from exc
    params.check()
    return params, salt


@dataclass(frozen=True)
class Header:
    """The parsed header of an encrypted file."""

    kind: str
    params: KdfParams
    salt: bytes
    file_salt: bytes
    nonce: bytes
    chunk_size: int
    check: bytes
    digest: bytes  # SHA-256 of magic + length + header JSON: bound into every chunk


# -- writing ------------------------------------------------------------------------------


class EncryptingWriter(io.RawIOBase):
    """A writable file that encrypts into `dst` chunk by chunk; `close()` writes the last.

    Closing does not close `dst`. Use `with EncryptingWriter(...) as out: out.write(...)`.
    """

    def __init__(
        self, dst: BinaryIO, key: EncryptionKey, kind: str, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> None:
        super().__init__()
        if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError(f"chunk size {chunk_size} out of range")
        self._dst = dst
        self._chunk = chunk_size
        self._buffer = bytearray()
        self._index = 0
        self.plain_size = 0
        file_salt = os.urandom(SALT_SIZE)
        nonce = os.urandom(NONCE_SIZE)
        body = {
            "version": FORMAT_VERSION,
            "cipher": CIPHER,
            "kind": kind,
            "kdf": key.kdf_json(),
            "file_salt": _b64(file_salt),
            "nonce": _b64(nonce),
            "chunk_size": chunk_size,
            "check": _b64(key_check_value(key.master, file_salt)),
        }
        text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
        prefix = MAGIC + _LENGTH.pack(len(text)) + text
        self._digest = hashlib.sha256(prefix).digest()
        self._nonce = nonce
        self._aes = AESGCM(subkey(key.master, file_salt, "aes-256-gcm"))
        dst.write(prefix + self._digest)

    @property
    def header_digest(self) -> bytes:
        """The SHA-256 of the header, bound into every chunk (`Header.digest` when read):
        names this one file, as every chunk of it authenticates only under it."""
        return self._digest

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.closed:
            raise ValueError("write to a closed EncryptingWriter")
        view = memoryview(data).cast("B")
        size, pos = len(view), 0
        self.plain_size += size
        # A chunk goes out only when more data follows it: the last one must carry final=1.
        if self._buffer:
            need = self._chunk - len(self._buffer)
            if size <= need:
                self._buffer += view
                return size
            self._buffer += view[:need]
            self._emit(bytes(self._buffer), final=False)
            self._buffer.clear()
            pos = need
        while size - pos > self._chunk:
            self._emit(view[pos : pos + self._chunk], final=False)
            pos += self._chunk
        self._buffer += view[pos:]
        return size

    def write_from(self, source: BinaryIO, cancelled: Callable[[], bool] | None = None) -> int:
        """Encrypt the rest of `source` (`cancelled` asked before each chunk); returns the bytes
        read. Whole chunks are read into two buffers used in turn and encrypted from there:
        no copy besides the cipher's output (`write` copies what it is given into a chunk)."""
        if self._buffer:
            raise ValueError("write_from after a write that left part of a chunk")
        buffers = (bytearray(self._chunk), bytearray(self._chunk))
        held: memoryview | None = None  # the last chunk read: emitted once more follows
        total = turn = 0
        while True:
            if cancelled is not None and cancelled():
                raise OperationCancelled(_("Cancelled; nothing was left on the target."))
            view = memoryview(buffers[turn])
            count = read_into(source, view)
            if not count:
                break
            if held is not None:
                self._emit(held, final=False)
            held, total, turn = view[:count], total + count, 1 - turn
        if held is not None:
            self._buffer += held  # the last chunk goes out on close(), marked final
        self.plain_size += total
        return total

    def close(self) -> None:
        if not self.closed:
            try:
                self._emit(bytes(self._buffer), final=True)
                self._buffer.clear()
            finally:
                super().close()

    def _emit(self, plain: bytes | memoryview, final: bool) -> None:
        nonce = chunk_nonce(self._nonce, self._index)
        aad = self._digest + _AAD_TAIL.pack(self._index, int(final))
        self._dst.write(self._aes.encrypt(nonce, plain, aad))
        self._index += 1


def chunk_nonce(base: bytes, index: int) -> bytes:
    counter = index.to_bytes(NONCE_SIZE, "big")
    return bytes(a ^ b for a, b in zip(base, counter, strict=True))


def encrypt_bytes(
    data: bytes, key: EncryptionKey, kind: str = "file", chunk_size: int = DEFAULT_CHUNK_SIZE
) -> bytes:
    out = io.BytesIO()
    with EncryptingWriter(out, key, kind, chunk_size) as writer:
        writer.write(data)
    return out.getvalue()


# -- reading ------------------------------------------------------------------------------


def read_header(src: BinaryIO, name: str = "") -> Header:
    """Parse and check the header (no key needed); TamperedError when it is not intact."""
    magic = src.read(len(MAGIC))
    if magic != MAGIC:
        raise TamperedError(
            _("{name} is not a Station Desk encrypted file, or its beginning is damaged.").format(
                name=name or _("The file")
            )
        )
    raw_length = src.read(_LENGTH.size)
    if len(raw_length) != _LENGTH.size:
        raise _truncated(name)
    (length,) = _LENGTH.unpack(raw_length)
    if length > MAX_HEADER_LENGTH:
        raise _damaged_header(name)
    text = src.read(length)
    digest = src.read(32)
    if len(text) != length or len(digest) != 32:
        raise _truncated(name)
    if not hmac.compare_digest(hashlib.sha256(magic + raw_length + text).digest(), digest):
        raise _damaged_header(name)
    return _parse_header(text, digest, name)


def _parse_header(text: bytes, digest: bytes, name: str) -> Header:
    try:
        body = json.loads(text.decode("utf-8"))
        if body["version"] != FORMAT_VERSION or body["cipher"] != CIPHER:
            raise ValueError("unknown version or cipher")
        params, salt = kdf_from_json(body["kdf"])
        header = Header(
            kind=str(body["kind"]),
            params=params,
            salt=salt,
            file_salt=_unb64(body["file_salt"]),
            nonce=_unb64(body["nonce"]),
            chunk_size=int(body["chunk_size"]),
            check=_unb64(body["check"]),
            digest=digest,
        )
    except (KeyError, TypeError, ValueError, UnicodeDecodeError) as exc:
        raise _damaged_header(name) from exc
    if len(header.nonce) != NONCE_SIZE or not MIN_CHUNK_SIZE <= header.chunk_size <= MAX_CHUNK_SIZE:
        raise _damaged_header(name)
    return header


class DecryptingReader(io.RawIOBase):
    """A readable file of the plaintext; every chunk is authenticated before it is returned.

    Opening checks the header and the passphrase (WrongPassphraseError before any decryption);
    reading raises TamperedError at the first chunk that does not authenticate, and at the end
    when the final chunk is missing.
    """

    def __init__(self, src: BinaryIO, keyring: Keyring, name: str = "") -> None:
        super().__init__()
        self._src = src
        self._name = name
        self.header = read_header(src, name)
        master = keyring.master(self.header.salt, self.header.params)
        if not hmac.compare_digest(
            key_check_value(master, self.header.file_salt), self.header.check
        ):
            raise WrongPassphraseError(
                _("The passphrase is wrong for {name}.").format(name=name or _("this file"))
            )
        self._aes = AESGCM(subkey(master, self.header.file_salt, "aes-256-gcm"))
        self._record = self.header.chunk_size + TAG_SIZE
        self._index = 0
        self.consumed = 0  # ciphertext bytes read, for progress
        self._pending = self._read_record()
        self._plain = b""
        self._offset = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` plaintext bytes (all that is left when `size` is negative)."""
        if size is None or size < 0:
            return self.readall()
        while self._offset >= len(self._plain) and not self._done:
            self._plain, self._offset = self._next_chunk(), 0
        data = self._plain[self._offset : self._offset + size]
        self._offset += len(data)
        return data

    def readall(self) -> bytes:
        return b"".join(self.chunks())

    def chunks(self) -> Iterator[bytes]:
        """The rest of the plaintext a chunk at a time, each authenticated before it is given
        (without the copy `read` makes of a part of a chunk)."""
        if self._offset < len(self._plain):
            yield self._plain[self._offset :]
        self._plain, self._offset = b"", 0
        while not self._done:
            yield self._next_chunk()

    def _read_record(self) -> bytes:
        record = self._src.read(self._record)
        self.consumed += len(record)
        return record

    def _next_chunk(self) -> bytes:
        record = self._pending
        final = len(record) < self._record
        if not final:
            self._pending = self._read_record()
            final = not self._pending
        if len(record) < TAG_SIZE:
            raise _truncated(self._name)
        plain = self._open(record, final)
        self._index += 1
        self._done = final
        return plain

    def _open(self, record: bytes, final: bool) -> bytes:
        nonce = chunk_nonce(self.header.nonce, self._index)
        aad = self.header.digest + _AAD_TAIL.pack(self._index, int(final))
        try:
            return self._aes.decrypt(nonce, record, aad)
        except InvalidTag:
            pass
        if final:  # does it authenticate as a middle chunk? then the rest was cut off
            try:
                self._aes.decrypt(
                    nonce, record, self.header.digest + _AAD_TAIL.pack(self._index, 0)
                )
            except InvalidTag:
                pass
            else:
                raise _truncated(self._name) from None
        raise TamperedError(
            _(
                "{name} was changed, damaged or cut off after it was written (part {n} does "
                "not authenticate)."
            ).format(name=self._name or _("The file"), n=self._index + 1)
        )


def open_decrypting(src: BinaryIO, passphrase: str | Keyring, name: str = "") -> DecryptingReader:
    keyring = passphrase if isinstance(passphrase, Keyring) else Keyring(passphrase)
    return DecryptingReader(src, keyring, name)


def decrypt_bytes(blob: bytes, passphrase: str | Keyring, name: str = "") -> bytes:
    return open_decrypting(io.BytesIO(blob), passphrase, name).readall()


def decrypt_file(
    path: Path,
    passphrase: str | Keyring,
    sink: BinaryIO | None = None,
    progress: ProgressBytes | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Header:
    """Decrypt `path` into `sink` (or only authenticate it when `sink` is None)."""
    with open(path, "rb") as src:
        reader = open_decrypting(src, passphrase, path.name)
        for block in reader.chunks():
            if cancelled is not None and cancelled():
                raise OperationCancelled(_("Cancelled."))
            if sink is not None:
                sink.write(block)
            if progress is not None:
                progress(reader.consumed)
        return reader.header


def is_encrypted_file(path: Path) -> bool:
    """True when the file starts with the container's magic (it may still be damaged)."""
    return file_starts_with(path, MAGIC)


# -- helpers ------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _damaged_header(name: str = "") -> TamperedError:
    return TamperedError(
        _("The header of {name} was changed or damaged.").format(name=name or _("the file"))
    )


def _truncated(name: str) -> TamperedError:
    return TamperedError(
        _(
            "{name} is incomplete: it was cut off (not copied completely, or the USB stick was "
            "removed too early)."
        ).format(name=name or _("The file"))
    )
