"""What the domain's records share: the bin (`SoftDeleted`), the filters of a record list
(`ListQuery`), and the one way a stored row (or another record) becomes a record's dataclass
(`from_row`; `frozen_record` for the thousands of rows of a long list), and the rows of a
register made or read only as they are used (`RowsAsUsed`)."""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import (
    TYPE_CHECKING,
    Any,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    overload,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance")
T = TypeVar("T")


class SoftDeleted:
    """A record (or a list row of one) that can be in the bin: `deleted_at` is set while it
    is there. The dataclass that mixes it in declares the field, `deleted_at = None` last."""

    deleted_at: datetime | None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True, kw_only=True)
class ListQuery:
    """The filters every record list has: the days (inclusive; each list says of which
    date), words in its text columns, the records in the bin too, and how many rows at most.
    A module's query adds its own filters."""

    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    include_deleted: bool = False
    limit: int = 500


def from_row(cls: type[D], row: Any, **values: Any) -> D:
    """The dataclass `cls` made of `row` (a model or a result row): every field not given in
    `values` (those found elsewhere or named otherwise on the row) is the row's attribute of
    the same name, made the field's enumeration when it is typed as one (an optional one is
    None for an empty value)."""
    copied = {
        name: getattr(row, name) if convert is None else convert(getattr(row, name))
        for name, convert in _copied_fields(cls)
        if name not in values
    }
    return cls(**copied, **values)


def frozen_record(cls: type[D], values: dict[str, Any]) -> D:
    """`cls(**values)` for the thousands of records of a list: a frozen dataclass's
    `__init__` sets each field through `object.__setattr__`, four times slower than setting
    them at once. `values` holds every field of `cls`, a dataclass without `__post_init__`
    or `__slots__` (nothing is checked or converted), and becomes the record's own: pass a
    dict made for it (taken, not copied: a third cheaper)."""
    record = object.__new__(cls)  # type: ignore[call-overload]
    object.__setattr__(record, "__dict__", values)  # a frozen dataclass refuses its own
    return record  # type: ignore[no-any-return]


Converter = Callable[[Any], Any]


@cache
def _copied_fields(cls: type[DataclassInstance]) -> tuple[tuple[str, Converter | None], ...]:
    """`cls`'s fields set on construction, each with how a row's value becomes the field's
    (None: as it is) — read once per class, as lists make thousands of records. The
    annotations must resolve at run time (no names imported only for type checking)."""
    hints = get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in fields(cls) if f.init)


def _converter(hint: Any) -> Converter | None:
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _member_of(hint)
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], Enum):
            member_of = _member_of(args[0])
            return lambda value: member_of(value) if value else None
    return None


def _member_of(enum: type[Enum]) -> Converter:
    """`enum(value)`, found first among the members by value (some thirty times faster)."""
    members = {member.value: member for member in enum}
    return lambda value: members[value] if value in members else enum(value)


class RowsAsUsed(Sequence[T]):
    """Rows made (or read) one at a time, when asked for: what a register's document walks a
    page (or a row) at a time, so that no list of a year's rows is held. A subclass gives
    `__len__` and `row(index)` (an index within it); slices, negative indexes and iteration
    follow from them."""

    def row(self, index: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self.row(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.row(index)

    def __iter__(self) -> Iterator[T]:
        for index in range(len(self)):
            yield self.row(index)
