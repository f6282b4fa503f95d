"""The bundled CJK fonts, registered once per process with reportlab.

Two TrueType faces ship in `resources/fonts/`:

* ``Song`` — AR PL UMing CN (宋体/明体 style, serif), the body face;
* ``Hei``  — WenQuanYi Micro Hei (黑体, sans), titles and first-level headings.

There is no bold CJK face, so the font families map ``<b>`` to ``Hei``. Both faces are
registered as `TTFont`, which reportlab subsets and embeds in every PDF, so a printout looks
the same on any PC and its text can be searched and copied.

UMing lacks about 2,000 rare GBK characters (found in some names) that Micro Hei has:
`fallback_markup()` wraps such characters in a ``<font>`` tag for the other face.

Registering parses two large TTC files (~0.3 s on the development machine); it happens once
per process, on the first document, and is guarded by a lock so a print job on a worker
thread and one on the GUI thread do not race.
"""

from __future__ import annotations

import threading
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from station_desk.paths import fonts_dir

SONG = "Song"
HEI = "Hei"

SONG_FILE = "uming.ttc"
HEI_FILE = "wqy-microhei.ttc"

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register ``Song`` and ``Hei`` and their families with reportlab (idempotent)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        directory = fonts_dir()
        pdfmetrics.registerFont(TTFont(SONG, str(directory / SONG_FILE), subfontIndex=0))
        pdfmetrics.registerFont(TTFont(HEI, str(directory / HEI_FILE), subfontIndex=0))
        # <b> and <i> inside a Paragraph: bold becomes Hei, italic stays upright.
        for family in (SONG, HEI):
            addMapping(family, 0, 0, family)
            addMapping(family, 0, 1, family)
            addMapping(family, 1, 0, HEI)
            addMapping(family, 1, 1, HEI)
        _registered = True


def fonts_registered() -> bool:
    """True once `register_fonts()` has run in this process."""
    return _registered


@cache
def _codepoints(font_name: str) -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def has_glyph(font_name: str, char: str) -> bool:
    """Whether the registered face `font_name` has a glyph for `char`."""
    return ord(char) in _codepoints(font_name)


def fallback_font(font_name: str) -> str:
    """The face to use for characters `font_name` lacks."""
    return HEI if font_name == SONG else SONG


def fallback_markup(escaped_text: str, font_name: str) -> str:
    """Wrap characters that `font_name` lacks (but the other face has) in a ``<font>`` tag.

    `escaped_text` must already be XML-escaped paragraph text; entities and tags are ASCII,
    which both faces have, so they pass through untouched.
    """
    primary = _codepoints(font_name)
    if all(ord(char) in primary or ord(char) < 0x80 for char in escaped_text):
        return escaped_text
    other_name = fallback_font(font_name)
    other = _codepoints(other_name)
    parts: list[str] = []
    run: list[str] = []
    for char in escaped_text:
        code = ord(char)
        if code not in primary and code in other and not char.isspace():
            run.append(char)
            continue
        if run:
            parts.append(f'<font face="{other_name}">{"".join(run)}</font>')
            run = []
        parts.append(char)
    if run:
        parts.append(f'<font face="{other_name}">{"".join(run)}</font>')
    return "".join(parts)
