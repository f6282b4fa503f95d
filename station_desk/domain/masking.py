"""De-identification for screens, printouts and exports (Personal Information Protection Law).

- resident ID numbers keep only their last four characters;
- minors' names keep only the surname: 张某, 欧阳某 (compound surnames), 阿某 for a name with
  a middle dot, "J." for a Latin name;
- phones keep the first three and last four digits of a mobile (138****5678) and the area code
  and last four digits of a landline (010-****5678).

Masking never raises: whatever cannot be recognised is masked as much as possible.
"""

from __future__ import annotations

import re

from station_desk.domain.pinyin import compound_surname
from station_desk.domain.validators import (
    DOT_VARIANTS,
    is_han,
    normalise_landline,
    normalise_mobile,
)
from station_desk.errors import ValidationError

MASK = "*"
SOMEONE = "某"
VISIBLE_TAIL = 4


def mask_resident_id(number: str | None) -> str:
    """Every character but the last four as "*", same length ("" for None or empty)."""
    text = "".join((number or "").split())
    return _mask_all_but_tail(text)


def mask_name_for_minor(name: str | None) -> str:
    """Surname + 某 (张某, 欧阳某); a dotted name's first character + 某; a Latin name "J."."""
    text = " ".join((name or "").split())
    if not text:
        return ""
    if not is_han(text[0]):
        letters = [char for char in text if char.isalpha()] or [text[0]]
        return letters[0].upper() + "."
    if any(char in DOT_VARIANTS for char in text):
        return text[0] + SOMEONE
    return (compound_surname(text) or text[0]) + SOMEONE


def mask_phone(phone: str | None) -> str:
    """138****5678 for a mobile, 010-****5678 for a landline, else all but the last four."""
    text = (phone or "").strip()
    if not text:
        return ""
    try:
        mobile = normalise_mobile(text)
    except ValidationError:
        pass
    else:
        return mobile[:3] + MASK * 4 + mobile[-4:]
    try:
        landline = normalise_landline(text)
    except ValidationError:
        return _mask_all_but_tail(re.sub(r"\s+", "", text))
    area, number = landline.split("-")[:2]  # the extension is dropped: it says nothing useful
    return f"{area}-{_mask_all_but_tail(number)}"


def _mask_all_but_tail(text: str) -> str:
    if len(text) <= VISIBLE_TAIL:
        return MASK * len(text)
    return MASK * (len(text) - VISIBLE_TAIL) + text[-VISIBLE_TAIL:]


class MaskedPerson:
    """A person's record whose ID number and phone screens and registers show masked. The
    dataclass that mixes it in declares `resident_id` and `phone`."""

    resident_id: str
    phone: str

    @property
    def masked_id(self) -> str:
        return mask_resident_id(self.resident_id)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
