"""Validators for what officers type: resident ID numbers, phones, names, dates and free text.

Every function either returns the normalised value or raises `ValidationError(field, message)`
with a message translated at the moment it is raised. Nothing here touches Qt or the database.

Choices worth knowing:
- Resident IDs (GB 11643-1999) are accepted from 1800-01-01 on: the standard's own example
  number 440524188001010014 is born in 1880, and the 4-digit year exists for the 18xx century.
  Legacy 15-digit numbers are upgraded to 18 characters (century 19, check character added).
- Chinese names without a middle dot are 2–6 Han characters: the Ministry of Public Security's
  draft name registration rules use 2–6, which covers compound surnames (欧阳娜娜), double
  surnames (张李某某) and minority names written without a dot (阿沛阿旺晋美). Names with a
  middle dot (·) may be longer; every part must be Han characters.
- Landline area codes follow the national plan: 010 and 02x are three digits, every other area
  code is 0 + three digits (0755); local numbers are 7–8 digits and do not start with 0.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, datetime

from station_desk.domain.enums import Gender
from station_desk.errors import ValidationError
from station_desk.i18n import _, ngettext

# --- character helpers -------------------------------------------------------------------

_HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x323AF),  # CJK Extensions B–H (rare characters in names, 生僻字)
)

_WIDTH_MAP: dict[int, int | str] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_MAP.update({0x3000: " ", 0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-"})
_WIDTH_MAP.update({0x2014: "-", 0x2212: "-", 0xFE63: "-"})

MIDDLE_DOT = "·"
DOT_VARIANTS = "·・•‧･∙⋅"  # middle dot, katakana dot, bullet, hyphenation point, half-width, ops


def is_han(char: str) -> bool:
    """True for a single Chinese (Han) character, including the rare-character extensions."""
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_RANGES)


def to_half_width(text: str) -> str:
    """Full-width digits, letters and punctuation (as typed with a Chinese IME) to ASCII."""
    return text.translate(_WIDTH_MAP)


# --- resident ID numbers -----------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH_DATE = date(1800, 1, 1)


@dataclass(frozen=True)
class ResidentId:
    """A valid 18-character resident ID number and what it says about its holder."""

    number: str
    birth_date: date
    gender: Gender


def resident_id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character (0–9 or X) for the first 17 digits of a number."""
    if not re.fullmatch(r"[0-9]{17}", first17):
        raise ValidationError("resident_id", _("A resident ID number must start with 17 digits."))
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def upgrade_15_to_18(number15: str) -> str:
    """Convert a legacy 15-digit number to 18 characters: insert century 19, add the check."""
    if not re.fullmatch(r"[0-9]{15}", number15):
        raise ValidationError("resident_id", _("An old resident ID number has 15 digits."))
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + resident_id_check_char(first17)


def parse_resident_id(
    text: str, *, today: date | None = None, field: str = "resident_id"
) -> ResidentId:
    """Validate a resident ID number (18 characters, or an old 15-digit one) and decode it."""
    number = re.sub(r"\s+", "", to_half_width(text or "")).upper()
    _check_id_shape(number, field)
    if len(number) == 15:
        number = upgrade_15_to_18(number)
    birth = _id_birth_date(number[6:14], field, today)  # a wrong date says more than the check
    if resident_id_check_char(number[:17]) != number[17]:
        raise ValidationError(
            field,
            _("The check digit of the resident ID number does not match; check every digit."),
        )
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return ResidentId(number=number, birth_date=birth, gender=gender)


def _check_id_shape(number: str, field: str) -> None:
    if not number:
        raise ValidationError(field, _("Enter the resident ID number."))
    if not re.fullmatch(r"[0-9X]+", number):
        raise ValidationError(
            field, _("A resident ID number may only contain digits and a final X.")
        )
    if len(number) not in (15, 18):
        raise ValidationError(
            field,
            _(
                "A resident ID number has 18 characters (15 digits on an old card); "
                "this one has {count}."
            ).format(count=len(number)),
        )
    if len(number) == 15 and "X" in number:
        raise ValidationError(field, _("An old 15-digit resident ID number has no X."))
    if "X" in number[:-1]:
        raise ValidationError(field, _("Only the last character of a resident ID number may be X."))
    if number[0] not in "12345678":
        raise ValidationError(
            field,
            _("The region code (the first six digits) of the resident ID number is not valid."),
        )


def _id_birth_date(yyyymmdd: str, field: str, today: date | None) -> date:
    try:
        birth = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise ValidationError(
            field, _("The birth date in the resident ID number is not a real date.")
        ) from None
    if birth > (today or date.today()):
        raise ValidationError(
            field, _("The birth date in the resident ID number is in the future.")
        )
    if birth < EARLIEST_BIRTH_DATE:
        raise ValidationError(field, _("The birth date in the resident ID number is too early."))
    return birth


def age_on(birth: date, on: date) -> int:
    """Age in full years on a day; someone born on 29 February turns a year older on 1 March."""
    before_birthday = (on.month, on.day) < (birth.month, birth.day)
    return on.year - birth.year - int(before_birthday)


# --- phone numbers -----------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s\-().]+")
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x|#)\s*([0-9]{1,6})\s*$", re.IGNORECASE)
_COUNTRY_PREFIX = re.compile(r"^\s*\(?\s*(?:\+\s*86|0086)[\s\-)]*")


def normalise_mobile(text: str, *, field: str = "phone") -> str:
    """An 11-digit mainland mobile number (1[3-9]…), without +86, spaces or dashes."""
    compact = _PHONE_SEPARATORS.sub("", to_half_width(text or ""))
    match = re.fullmatch(r"(?:\+86|0086|86)?(1[3-9][0-9]{9})", compact)
    if match is None:
        raise ValidationError(field, _("Enter an 11-digit mobile number starting with 13 to 19."))
    return match.group(1)


def normalise_landline(text: str, *, field: str = "phone") -> str:
    """A landline with area code as "010-12345678" (plus "-123" for an extension)."""
    raw = to_half_width(text or "").strip()
    extension = None
    match = _EXTENSION.search(raw)
    if match is not None:
        extension, raw = match.group(1), raw[: match.start()]
    international = _COUNTRY_PREFIX.match(raw)
    if international is not None:
        raw = raw[international.end() :]
    if not raw or not re.fullmatch(r"[0-9\s\-()]+", raw):
        raise _landline_error(field)
    groups = re.findall(r"[0-9]+", raw)
    if not groups:
        raise _landline_error(field)
    if international is not None and not groups[0].startswith("0"):
        groups[0] = "0" + groups[0]
    area, number, extension = _split_landline(groups, extension)
    if not _valid_area_code(area) or not re.fullmatch(r"[1-9][0-9]{6,7}", number):
        raise _landline_error(field)
    return f"{area}-{number}" + (f"-{extension}" if extension else "")


def _split_landline(groups: list[str], extension: str | None) -> tuple[str, str, str | None]:
    """(area code, number, extension) from the digit groups as typed."""
    head, rest = groups[0], groups[1:]
    if len(head) > 4:  # area code and number typed together: the area code plan splits them
        area_length = 3 if head[:2] in ("01", "02") else 4
        if len(rest) == 1 and extension is None:
            return head[:area_length], head[area_length:], rest[0]
        return head[:area_length], head[area_length:] + "".join(rest), extension
    if (
        extension is None
        and len(rest) >= 2
        and len(rest[-1]) <= 6
        and re.fullmatch(r"[0-9]{7,8}", "".join(rest[:-1]))
    ):
        return head, "".join(rest[:-1]), rest[-1]
    return head, "".join(rest), extension


def _valid_area_code(area: str) -> bool:
    return bool(re.fullmatch(r"010|02[0-9]|0[3-9][0-9]{2}", area))


def _landline_error(field: str) -> ValidationError:
    return ValidationError(
        field, _("Enter a landline number with its area code, for example 010-12345678.")
    )


def normalise_phone(text: str, *, field: str = "phone") -> str:
    """A mobile number (11 digits) or a landline ("010-12345678"), whichever the text is."""
    for normalise in (normalise_mobile, normalise_landline):
        with contextlib.suppress(ValidationError):
            return normalise(text, field=field)
    compact = re.sub(r"^(?:\+86|0086)", "", _PHONE_SEPARATORS.sub("", to_half_width(text or "")))
    if compact.startswith("0") or re.fullmatch(r"[1-9][0-9]{6,7}", compact):
        return normalise_landline(text, field=field)  # raises, saying what a landline needs
    if compact.startswith("1"):
        return normalise_mobile(text, field=field)  # raises, saying what a mobile needs
    raise ValidationError(
        field,
        _("Enter an 11-digit mobile number or a landline number with its area code."),
    )


# --- names -------------------------------------------------------------------------------

MIN_HAN_NAME = 2
MAX_HAN_NAME = 6  # without a middle dot
MAX_DOTTED_NAME = 40
MIN_LATIN_NAME = 2
MAX_LATIN_NAME = 60
_LATIN_PUNCTUATION = " -'."


def _is_latin_letter(char: str) -> bool:
    code = ord(char)
    return char.isalpha() and (code < 0x250 or 0x1E00 <= code <= 0x1EFF)


def normalise_person_name(text: str, *, field: str = "name") -> str:
    """A person's name: Chinese (2–6 Han characters, or parts joined by ·) or Latin letters."""
    name = " ".join(to_half_width(text or "").replace("’", "'").split())
    if not name:
        raise ValidationError(field, _("Enter a name."))
    if any(char.isdigit() for char in name):
        raise ValidationError(field, _("A name cannot contain digits."))
    if any(is_han(char) for char in name):
        return _normalise_han_name(name, field)
    return _normalise_latin_name(name, field)


def _normalise_han_name(name: str, field: str) -> str:
    for variant in DOT_VARIANTS + ".":
        name = name.replace(variant, MIDDLE_DOT)
    name = re.sub(r"\s*·\s*", MIDDLE_DOT, name).replace(" ", "")
    if any(_is_latin_letter(char) for char in name):
        raise ValidationError(
            field, _("Write a name either in Chinese characters or in Latin letters, not both.")
        )
    bad = sorted({char for char in name if char != MIDDLE_DOT and not is_han(char)})
    if bad:
        raise _bad_characters(field, bad)
    if MIDDLE_DOT in name:
        return _check_dotted_name(name, field)
    if len(name) < MIN_HAN_NAME:
        raise ValidationError(field, _("A Chinese name has at least two characters."))
    if len(name) > MAX_HAN_NAME:
        raise ValidationError(
            field,
            _(
                "A Chinese name has at most {count} characters; separate the parts of a "
                "longer name with a middle dot (·)."
            ).format(count=MAX_HAN_NAME),
        )
    return name


def _check_dotted_name(name: str, field: str) -> str:
    if any(not part for part in name.split(MIDDLE_DOT)):
        raise ValidationError(field, _("A middle dot (·) must stand between two parts of a name."))
    if len(name) > MAX_DOTTED_NAME:
        raise ValidationError(
            field, _("A name has at most {count} characters.").format(count=MAX_DOTTED_NAME)
        )
    return name


def _normalise_latin_name(name: str, field: str) -> str:
    bad = sorted(
        {char for char in name if not _is_latin_letter(char) and char not in _LATIN_PUNCTUATION}
    )
    if bad:
        raise _bad_characters(field, bad)
    if not _is_latin_letter(name[0]) or sum(_is_latin_letter(char) for char in name) < 2:
        raise ValidationError(
            field, _("A name must start with a letter and contain at least two letters.")
        )
    if not MIN_LATIN_NAME <= len(name) <= MAX_LATIN_NAME:
        raise ValidationError(
            field, _("A name has at most {count} characters.").format(count=MAX_LATIN_NAME)
        )
    return name


def _bad_characters(field: str, characters: list[str]) -> ValidationError:
    shown = " ".join(characters[:5])
    return ValidationError(
        field, _("The name contains characters that are not allowed: {chars}").format(chars=shown)
    )


# --- dates and text ----------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})"),
    re.compile(r"([0-9]{4})\s*(年)\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]?"),
    re.compile(r"([0-9]{4})()([0-9]{2})([0-9]{2})"),
)
_MONTH_PATTERNS = (
    re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})"),
    re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月?"),
    re.compile(r"([0-9]{4})([0-9]{2})"),
)


def parse_date(text: str | date, *, field: str = "date") -> date:
    """A date from a date object, 2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日 or 20250301."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    value = _typed(text, field, _("Enter a date."))
    found = _full_date(value, field)
    if found is None:
        raise ValidationError(field, _("Enter a date such as 2025-03-01."))
    return found


def _typed(text: str, field: str, empty: str) -> str:
    """What was typed, in half-width characters and stripped; `empty` the message when nothing."""
    value = to_half_width(text or "").strip()
    if not value:
        raise ValidationError(field, empty)
    return value


def _full_date(value: str, field: str) -> date | None:
    """The date `value` writes in one of the date patterns (None when it matches none)."""
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(value)
        if match is not None:
            year, _sep, month, day = match.groups()
            return _make_date(int(year), int(month), int(day), value, field)
    return None


# --- control characters ------------------------------------------------------------------
#
# Text typed or imported never keeps C0/C1 control characters (ESC, BEL, ...: they drive a
# terminal or a printer) nor the invisible characters that reorder text: the bidirectional
# embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, and the marks U+200E,
# U+200F and U+061C (a Chinese or English record has no use for them, and they can make "ABC"
# display as "CBA"). They are removed, not refused: an imported cell or a pasted line keeps
# its visible text. A multi-line field (notes) keeps newlines and tabs; a single-line field
# turns them into spaces. Zero-width joiners (emoji) and other format characters stay.

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_REMOVED = {
    **{code: None for code in range(0x20) if chr(code) not in "\n\t\r"},
    **{code: None for code in range(0x7F, 0xA0)},
    **{ord(char): None for char in BIDI_CONTROLS},
}
_SINGLE_LINE = {ord("\n"): " ", ord("\t"): " "}


def clean_text(text: str, *, multiline: bool = True) -> str:
    """`text` without control and bidirectional-override characters (see above); CR LF and
    lone CR become LF; in a single-line field newlines and tabs become spaces."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").translate(_REMOVED)
    return cleaned if multiline else cleaned.translate(_SINGLE_LINE)


def has_unsafe_characters(text: str) -> bool:
    """True when `text` holds a character `clean_text` would remove (newlines, tabs and CR aside)."""
    return text.translate(_REMOVED) != text


def terminal_safe(text: str) -> str:
    """`text` for a terminal: every control or bidirectional character other than newline and
    tab is shown escaped (BEL as \\u0007, U+202E as \\u202e: also a valid JSON escape), so data
    cannot drive the terminal."""
    if not has_unsafe_characters(text.replace("\r", "")) and "\r" not in text:
        return text
    return "".join(_escaped(char) if (ord(char) in _REMOVED or char == "\r") else char for char in text)


def _escaped(char: str) -> str:
    return f"\\u{ord(char):04x}"


EARLIEST_PERIOD_DAY = date(2000, 1, 1)
LATEST_PERIOD_DAY = date(2100, 12, 31)


def check_period_day(day: date, shown: str = "", *, field: str = "date") -> date:
    """`day` when it lies in the years a report or export may cover (2000–2100), else a
    ValidationError: a period of year 1 or 9999 is a typing mistake, and the date arithmetic
    of a report (the day after, the week around) would leave the calendar there."""
    if EARLIEST_PERIOD_DAY <= day <= LATEST_PERIOD_DAY:
        return day
    raise ValidationError(
        field,
        _("{value} is outside the years {first}–{last}.").format(
            value=shown or day.isoformat(), first=EARLIEST_PERIOD_DAY.year, last=LATEST_PERIOD_DAY.year
        ),
    )


def parse_month(text: str | date, *, field: str = "month") -> date:
    """The first day of a month written as 2025-03, 2025/3, 2025年3月 or 202503."""
    if isinstance(text, date):
        return date(text.year, text.month, 1)
    value = _typed(text, field, _("Enter a month."))
    for pattern in _MONTH_PATTERNS:
        match = pattern.fullmatch(value)
        if match is not None:
            return _make_date(int(match.group(1)), int(match.group(2)), 1, value, field)
    found = _full_date(value, field)  # a full date names its month too
    if found is None:
        raise ValidationError(field, _("Enter a month such as 2025-03."))
    return found.replace(day=1)


def _make_date(year: int, month: int, day: int, shown: str, field: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(field, _("{value} is not a real date.").format(value=shown)) from None


def require_text(text: str | None, field: str, max_length: int) -> str:
    """The text with surrounding spaces removed; it must not be empty or longer than max_length."""
    value = (text or "").strip()
    if not value:
        raise ValidationError(field, _("This field is required."))
    if len(value) > max_length:
        raise ValidationError(
            field,
            ngettext(
                "Enter at most {count} character.", "Enter at most {count} characters.", max_length
            ).format(count=max_length),
        )
    return value
