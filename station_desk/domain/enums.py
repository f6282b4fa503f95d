"""Enumerations shared by the domain, the services and the UI (stored by their string values)."""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    """A person's gender as recorded on the resident ID card (性别)."""

    MALE = "male"
    FEMALE = "female"
