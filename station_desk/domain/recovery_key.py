"""The recovery key (恢复密钥): a long random code printed once and kept in the station safe.

It can unwrap the database key when no password is known any more. Eight groups of five
characters in Crockford's base32 (no I, L, O or U, so 0/O and 1/I/L cannot be confused):
four random characters and one check character per group, 160 bits of randomness in all.
The check character of each group depends on the group's position, so a typo or two groups
swapped is caught before any decryption is tried, and the message names the group.
"""

from __future__ import annotations

import hashlib
import secrets

from station_desk.errors import ValidationError
from station_desk.i18n import _

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 8
DATA_CHARS = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _check_char(index: int, data: str) -> str:
    digest = hashlib.sha256(f"station-desk-recovery:{index}:{data}".encode("ascii")).digest()
    return ALPHABET[digest[0] % len(ALPHABET)]


def generate() -> str:
    """A new recovery key, formatted for printing (groups joined by '-')."""
    groups = []
    for index in range(GROUPS):
        data = "".join(secrets.choice(ALPHABET) for _i in range(DATA_CHARS))
        groups.append(data + _check_char(index, data))
    return "-".join(groups)


def normalise(text: str) -> str:
    """Upper case, without spaces and dashes, with look-alike letters read as digits."""
    kept = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-_")
    return kept.translate(_READ_AS)


def parse(text: str) -> bytes:
    """The key's secret (its data characters) from what the user typed; a ValidationError
    names the first group with a typo."""
    clean = normalise(text)
    size = GROUPS * (DATA_CHARS + 1)
    if len(clean) != size or any(ch not in ALPHABET for ch in clean):
        raise ValidationError(
            "recovery_key",
            _("A recovery key has {n} letters and digits in 8 groups; check what you typed.").format(
                n=size
            ),
        )
    data = []
    for index in range(GROUPS):
        group = clean[index * (DATA_CHARS + 1) : (index + 1) * (DATA_CHARS + 1)]
        if _check_char(index, group[:DATA_CHARS]) != group[DATA_CHARS]:
            raise ValidationError(
                "recovery_key",
                _("Group {n} of the recovery key has a typo; compare it with the sheet.").format(
                    n=index + 1
                ),
            )
        data.append(group[:DATA_CHARS])
    return "".join(data).encode("ascii")


def formatted(text: str) -> str:
    """A valid key in its printed form (groups of five joined by '-')."""
    clean = normalise(text)
    step = DATA_CHARS + 1
    return "-".join(clean[i : i + step] for i in range(0, len(clean), step))
