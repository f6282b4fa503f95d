"""Translations: gettext catalogs (managed with Babel) for zh_CN, zh_TW and en.

Message ids are English. Call `_()` at the moment a string is shown, never at import time;
mark module-level constants with `N_()` and translate them where they are displayed.
"""

from __future__ import annotations

import gettext
import locale
import os
import struct
from collections.abc import Callable

from station_desk.paths import translations_dir

DOMAIN = "station_desk"
SUPPORTED_LANGUAGES: tuple[str, ...] = ("zh_CN", "zh_TW", "en")
LANGUAGE_NAMES = {"zh_CN": "简体中文", "zh_TW": "繁體中文", "en": "English"}

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural pair for extraction, to be translated by `ngettext`."""
    return singular, plural


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def normalise_language(value: str | None) -> str:
    """Map a locale name such as 'zh_CN.UTF-8', 'zh-Hant-TW' or 'en_US' to a supported language."""
    if not value:
        return "zh_CN"
    text = value.replace("-", "_").split(".")[0].lower()
    if text.startswith("zh"):
        if any(tag in text for tag in ("tw", "hk", "mo", "hant")):
            return "zh_TW"
        return "zh_CN"
    if text.startswith("en"):
        return "en"
    return "zh_CN"


def system_language() -> str:
    """The language the system locale asks for (Simplified Chinese when it says nothing useful)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return normalise_language(value)
    try:
        value = locale.getlocale()[0]
    except ValueError:
        value = None
    return normalise_language(value)


def set_language(language: str) -> str:
    """Switch every later `_()` call to `language`; returns the language actually in use."""
    global _translation, _language
    language = language if language in SUPPORTED_LANGUAGES else normalise_language(language)
    _translation = _catalog(language)
    _language = language
    return language


_catalogs: dict[str, gettext.NullTranslations] = {}


def _catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language` (read once a process), or none."""
    path = gettext.find(DOMAIN, str(translations_dir()), [language])
    if path is None:
        return gettext.NullTranslations()
    if path not in _catalogs:
        with open(path, "rb") as file:
            data = file.read()
        try:
            _catalogs[path] = CompiledCatalog(data)
        except ValueError:  # not as `build_scripts/translations.py compile` writes them
            with open(path, "rb") as file:
                _catalogs[path] = gettext.GNUTranslations(file)
    return _catalogs[path]


_MO_MAGIC = 0x950412DE
_NOT_FOUND = object()


class CompiledCatalog(gettext.NullTranslations):
    """A compiled catalog (.mo, UTF-8, little-endian) read where it lies in the file: each
    message is looked up by bisecting the sorted table of originals when first asked for, and
    kept. `gettext.GNUTranslations` decodes every message at once (2,300: 4 ms of the sign-in
    window's start, issue 15). Babel and msgfmt write the originals sorted (the shipped ones are
    tested: tests/unit/test_compiled_catalog.py); a file found out of order by a spot check, in
    another byte order or another charset is refused with ValueError."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        if len(data) < 20:
            raise ValueError("not a catalog")
        magic, _revision, count, originals, translations = struct.unpack_from("<5I", data)
        if magic != _MO_MAGIC:
            raise ValueError("not a little-endian catalog")
        self._data = data
        self._count = count
        self._originals = originals
        self._translations = translations
        self._found: dict[bytes, str | None] = {}
        header = self._find(b"") or ""
        if "charset=utf-8" not in header.lower().replace(" ", ""):
            raise ValueError("not UTF-8")
        if not self._sorted():
            raise ValueError("originals not sorted")
        self._plural = _plural_rule(header)

    def _original(self, index: int) -> bytes:
        length, offset = struct.unpack_from("<2I", self._data, self._originals + 8 * index)
        return self._data[offset : offset + length]

    def _sorted(self) -> bool:
        """Spot-checks the order (every 64th original): a bisection needs it."""
        step = 64
        indexes = [*range(0, self._count, step), self._count - 1] if self._count else []
        keys = [self._original(index) for index in indexes]
        return all(a <= b for a, b in zip(keys, keys[1:], strict=False))

    def _find(self, key: bytes) -> str | None:
        found = self._found.get(key, _NOT_FOUND)
        if found is not _NOT_FOUND:
            return found  # type: ignore[return-value]
        low, high, text = 0, self._count, None
        while low < high:
            middle = (low + high) // 2
            original = self._original(middle)
            if original < key:
                low = middle + 1
            elif original > key:
                high = middle
            else:
                length, offset = struct.unpack_from(
                    "<2I", self._data, self._translations + 8 * middle
                )
                text = self._data[offset : offset + length].decode("utf-8")
                break
        self._found[key] = text
        return text

    def gettext(self, message: str) -> str:
        text = self._find(message.encode("utf-8"))
        return message if text is None else text

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        text = self._find(f"{msgid1}\x00{msgid2}".encode())
        if text is not None:
            forms = text.split("\x00")
            index = self._plural(n)
            if index < len(forms):
                return forms[index]
        return msgid1 if n == 1 else msgid2


def _plural_rule(header: str) -> Callable[[int], int]:
    for line in header.splitlines():
        name, _sep, value = line.partition(":")
        if name.strip().lower() == "plural-forms":
            rule = value.split("plural=", 1)[1] if "plural=" in value else ""
            return gettext.c2py(rule.strip().rstrip(";")) if rule else _germanic
    return _germanic


def _germanic(n: int) -> int:
    return int(n != 1)


def current_language() -> str:
    return _language
