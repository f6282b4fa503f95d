"""Enumerations shared by the domain, the services and the UI (stored by their string values).

`LabelledEnum` is the one shape of an enumeration shown to the officer: each member is
declared with its stored value and its label (a message id, translated when read):

    class VisitMethod(LabelledEnum):
        PHONE = "phone", N_("Phone")  # 电话回访

`VisitMethod.PHONE == "phone"`, `VisitMethod("phone")` finds it, and `.label` is "电话回访" in
Chinese.
"""

from __future__ import annotations

from enum import StrEnum

from station_desk.i18n import N_, _


class LabelledEnum(StrEnum):
    """A string enumeration whose members carry a translatable label."""

    _label: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        """The member's name for people, in the current language."""
        return _(self._label)


class Gender(LabelledEnum):
    """A person's gender as recorded on the resident ID card (性别)."""

    MALE = "male", N_("Male")
    FEMALE = "female", N_("Female")
