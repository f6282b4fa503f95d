"""The data package (数据包): records of a period, for the station to import, encrypted.

Plaintext: gzip-compressed JSON Lines, so that 100,000 records stream in and out without being
held in memory as one document:

    {"format": "station-desk-data-package", "version": 1, "schema_revision": ..., "room": ...,
     "station": ..., "period": {...}, "created_at": ..., "app_version": ..., ...}
    {"table": "meetings", "columns": ["id", ...], "types": ["string", ...]}
    [["0190...", "治保例会", ...], [...], ...]      up to 1,000 rows a line, in column order
    {"end_table": "meetings", "rows": 120}
    ...
    {"table": "audit_links", ...}          the room's audit chain: seq, prev_hash, hash only
    {"end": true, "tables": {"meetings": 120, ...}}

Column types: string, integer, float, boolean, date, datetime (local wall-clock time, no
zone), datetime_utc (ISO 8601 with +00:00), bytes (base64), json (as is). The last line makes
a package that ends early unreadable even before the encryption notices. The whole is
encrypted with `crypto` (kind "data-package").
"""

from __future__ import annotations

import base64
import gzip
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from station_desk.exchange.crypto import (
    EncryptingWriter,
    EncryptionKey,
    Keyring,
    TamperedError,
    open_decrypting,
)
from station_desk.i18n import _

PACKAGE_FORMAT = "station-desk-data-package"
PACKAGE_VERSION = 1
PACKAGE_KIND = "data-package"
PACKAGE_SUFFIX = ".sdpkg"
COLUMN_TYPES = (
    "string",
    "integer",
    "float",
    "boolean",
    "date",
    "datetime",
    "datetime_utc",
    "bytes",
    "json",
)
# The room's audit chain as links only (number, previous hash, hash; no entry's content): the
# station checks that each package continues the trail it saw before (`services/station.py`).
AUDIT_LINKS = "audit_links"
AUDIT_LINK_COLUMNS = (("seq", "integer"), ("prev_hash", "string"), ("hash", "string"))
GZIP_LEVEL = 3
BATCH_ROWS = 1000
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class TableSpec:
    """A table as the package carries it: its name and (column, type) pairs."""

    name: str
    columns: tuple[tuple[str, str], ...]


class PackageWriter:
    """Writes the JSON Lines of a package into an encrypted, compressed stream.

    `with PackageWriter(out, key, meta) as package:` then for each table
    `package.table(spec, rows)`; leaving the block writes the end line and closes the layers
    (not `out`). Rows may hold Python values or the database's own text for dates and times
    (SQLite's "YYYY-MM-DD HH:MM:SS.ffffff"): both are written in the package's form.
    """

    def __init__(self, out: BinaryIO, key: EncryptionKey, meta: dict[str, Any]) -> None:
        self._encrypted = EncryptingWriter(out, key, PACKAGE_KIND)
        self._gzip = gzip.GzipFile(
            fileobj=self._encrypted, mode="wb", compresslevel=GZIP_LEVEL, mtime=0
        )
        self.counts: dict[str, int] = {}
        self._lines([{"format": PACKAGE_FORMAT, "version": PACKAGE_VERSION, **meta}])

    def _lines(self, values: Sequence[Any]) -> None:
        text = "\n".join(map(_ENCODER.encode, values)) + "\n"
        self._gzip.write(text.encode("utf-8"))

    def table(
        self,
        spec: TableSpec,
        rows: Iterable[Sequence[Any]],
        between_batches: Callable[[], None] | None = None,
    ) -> int:
        """Write one table; `rows` are value sequences in the order of `spec.columns`.

        `between_batches` runs after every `BATCH_ROWS` rows (a cancellation check).
        """
        types = [kind for _name, kind in spec.columns]
        self._lines(
            [{"table": spec.name, "columns": [n for n, _k in spec.columns], "types": types}]
        )
        converters = [(i, f) for i, kind in enumerate(types) if (f := _CONVERTERS.get(kind))]
        count, batch = 0, []
        for row in rows:
            values = list(row)
            for index, convert in converters:
                if values[index] is not None:
                    values[index] = convert(values[index])
            batch.append(values)
            if len(batch) >= BATCH_ROWS:
                self._lines([batch])
                count, batch = count + len(batch), []
                if between_batches is not None:
                    between_batches()
        if batch:
            self._lines([batch])
            count += len(batch)
        self._lines([{"end_table": spec.name, "rows": count}])
        self.counts[spec.name] = count
        return count

    def close(self) -> None:
        self._lines([{"end": True, "tables": self.counts}])
        self._gzip.close()  # writes the gzip trailer; does not close the encrypted stream ...
        self._encrypted.close()  # ... which writes the last chunk

    def __enter__(self) -> PackageWriter:
        return self

    def __exit__(self, exc_type: object, *_rest: object) -> None:
        if exc_type is None:
            self.close()


def _utc_text(value: Any) -> str:
    """UTC time as ISO 8601 with +00:00, from SQLite's naive UTC text or a datetime."""
    if isinstance(value, str):
        return value.replace(" ", "T", 1) + "+00:00"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return str(value.astimezone(UTC).isoformat())


def _local_text(value: Any) -> str:
    return value.replace(" ", "T", 1) if isinstance(value, str) else str(value.isoformat())


def _date_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value.isoformat())


def _base64(value: Any) -> str:
    return base64.b64encode(value).decode("ascii")


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "datetime_utc": _utc_text,
    "datetime": _local_text,
    "date": _date_text,
    "boolean": bool,
    "bytes": _base64,
}


def encode_value(value: Any, kind: str) -> Any:
    """One value in the package's form (None stays None)."""
    convert = _CONVERTERS.get(kind)
    return value if value is None or convert is None else convert(value)


def decode_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "date":
        return date.fromisoformat(value)
    if kind in ("datetime", "datetime_utc"):
        return datetime.fromisoformat(value)
    if kind == "bytes":
        return base64.b64decode(value)
    return value


@dataclass(frozen=True)
class DataPackage:
    """A package read back: its header line and each table's rows as dicts."""

    meta: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]


def open_package(path: Path, passphrase: str | Keyring) -> DataPackage:
    """Decrypt and read a whole package; WrongPassphraseError / TamperedError as `crypto`."""
    with open(path, "rb") as src:
        reader = open_decrypting(src, passphrase, path.name)
        with gzip.GzipFile(fileobj=reader, mode="rb") as plain:
            lines = io.TextIOWrapper(plain, encoding="utf-8")
            try:
                return _parse(iter(lines), path.name)
            except (ValueError, KeyError, TypeError, EOFError, gzip.BadGzipFile) as exc:
                raise _bad_package(path.name) from exc


def read_package(path: Path, passphrase: str | Keyring) -> dict[str, list[dict[str, Any]]]:
    """{table: rows} of a package (see `open_package` for the header too)."""
    return open_package(path, passphrase).tables


def _parse(lines: Iterator[str], name: str) -> DataPackage:
    meta = json.loads(next(lines))
    if meta.get("format") != PACKAGE_FORMAT or meta.get("version") != PACKAGE_VERSION:
        raise _bad_package(name)
    tables: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        item = json.loads(line)
        if isinstance(item, dict) and item.get("end") is True:
            if item["tables"] != {t: len(rows) for t, rows in tables.items()}:
                raise _bad_package(name)
            return DataPackage(meta, tables)
        tables[item["table"]] = _read_table(item, lines)
    raise _bad_package(name)  # no end line


def _read_table(head: dict[str, Any], lines: Iterator[str]) -> list[dict[str, Any]]:
    columns, types = head["columns"], head["types"]
    rows: list[dict[str, Any]] = []
    for line in lines:
        item = json.loads(line)
        if isinstance(item, dict):
            if item.get("end_table") != head["table"] or item.get("rows") != len(rows):
                raise ValueError("table end does not match")
            return rows
        for row in item:
            values = (decode_value(v, t) for v, t in zip(row, types, strict=True))
            rows.append(dict(zip(columns, values, strict=True)))
    raise ValueError("table without end")


def _bad_package(name: str) -> TamperedError:
    return TamperedError(
        _("{name} decrypts but is not a complete Station Desk data package.").format(name=name)
    )
