"""What the domain's records share: the bin (`SoftDeleted`), the filters of a record list
(`ListQuery`), and the one way a stored row (or another record) becomes a record's dataclass
(`from_row`)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance")


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
    `values` (those converted to an enumeration or found elsewhere) is the row's attribute of
    the same name."""
    copied = {f.name: getattr(row, f.name) for f in fields(cls) if f.init and f.name not in values}
    return cls(**copied, **values)
