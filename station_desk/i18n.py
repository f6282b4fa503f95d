"""Translations: gettext catalogs (managed with Babel) for zh_CN, zh_TW and en.

Message ids are English. Call `_()` at the moment a string is shown, never at import time;
mark module-level constants with `N_()` and translate them where they are displayed.
"""

from __future__ import annotations

import gettext
import locale
import os

from station_desk.paths import translations_dir

DOMAIN = "station_desk"
SUPPORTED_LANGUAGES: tuple[str, ...] = ("zh_CN", "zh_TW", "en")
LANGUAGE_NAMES = {"zh_CN": "简体中文", "zh_TW": "繁體中文", "en": "English"}

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


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
    _translation = gettext.translation(
        DOMAIN, localedir=str(translations_dir()), languages=[language], fallback=True
    )
    _language = language
    return language


def current_language() -> str:
    return _language
