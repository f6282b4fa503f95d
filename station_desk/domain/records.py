"""What the domain's records share."""

from __future__ import annotations

from datetime import datetime


class SoftDeleted:
    """A record (or a list row of one) that can be in the bin: `deleted_at` is set while it
    is there. The dataclass that mixes it in declares the field, `deleted_at = None` last."""

    deleted_at: datetime | None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
