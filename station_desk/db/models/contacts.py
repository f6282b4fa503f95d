"""Contacts (联系单位): partner organisations and their people (居委会, 物业公司, 警风监督员...)."""

from __future__ import annotations

__all__ = ["ContactPerson", "Organisation"]

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import AUDIT_SKIP, Base, RecordId, RecordMixin


class Organisation(RecordMixin, Base):
    """A partner organisation (合作单位): residents' committee, property company, school..."""

    __tablename__ = "organisations"
    __audit_name__ = "organisation"

    name: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ContactPerson(RecordMixin, Base):
    """A contact person (联系人), possibly a conduct supervisor (警风监督员).

    `search_keys` (name, full pinyin, initials; see `domain.pinyin.search_keys`) and `sort_key`
    (full pinyin) are derived from the name, so the audit trail leaves them out.
    """

    __tablename__ = "contact_people"
    __audit_name__ = "contact_person"

    name: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[str | None] = mapped_column(
        RecordId, ForeignKey("organisations.id"), index=True
    )
    position: Mapped[str] = mapped_column(String(64), default="")
    is_conduct_supervisor: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    mobile: Mapped[str] = mapped_column(String(20), default="")
    landline: Mapped[str] = mapped_column(String(32), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    search_keys: Mapped[str] = mapped_column(Text, default="", index=True, info=AUDIT_SKIP)
    sort_key: Mapped[str] = mapped_column(String(200), default="", index=True, info=AUDIT_SKIP)
