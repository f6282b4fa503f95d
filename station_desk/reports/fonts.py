"""The bundled CJK fonts, registered once per process with reportlab.

Three main TrueType faces ship in `resources/fonts/`:

* ``Song``  — AR PL UMing CN (宋体/明体 style, serif), the body face;
* ``Hei``   — WenQuanYi Micro Hei (黑体, sans), headings and bold;
* ``Title`` — Noto Serif CJK SC Bold cut to GB 2312 + Big5 (a bold Song: the open stand-in
  for the 小标宋 of GB/T 9704 titles), converted to TrueType by `build_scripts/make_fonts.py`.

There is no bold CJK face, so the font families map ``<b>`` to ``Hei``. Every face is
registered as `TTFont`, which reportlab subsets and embeds in every PDF, so a printout looks
the same on any PC and its text can be searched and copied.

Neither main face has every character a name may hold. A character is drawn in the first
face of its fallback chain that has it (`face_for`): the other main face (UMing lacks about
2,000 rare GBK characters that Micro Hei has), then two cut-down HanaMin (花園明朝) faces
for CJK Extension A and the compatibility ideographs (``HanA``) and for Extensions B–F
in plane 2 (``HanB``, e.g. 𠮷 U+20BB7, 𫖯 U+2B5AF); see `build_scripts/make_fonts.py`.
The HanaMin faces are loaded only when a document first needs one (HanB is a 30 MB file).
Extensions G and H (U+30000 onwards) are in no bundled face and print as an empty box.

Full-width characters (Chinese characters and punctuation) advance by `GRID_ADVANCE`
thousandths of the size instead of 1000: GB/T 9704 asks for 28 characters of 16 pt on a
156 mm line, which needs 448 pt against the 442.2 pt of the line, so, like a word
processor's character grid, the characters stand 0.2 pt closer (a character spacing of
−1.3 %). Layout and the embedded widths (/Widths) both use the tightened advance.

reportlab writes a font's ToUnicode map with four hex digits a character, which turns a
plane-2 character into a wrong BMP one in the extracted text; `_to_unicode_cmap` writes
UTF-16 (surrogate pairs) instead, so 𠮷 copies and searches as 𠮷.

Registering parses the two main TTC files (~0.3 s on the development machine); it happens
once per process, on the first document, and is guarded by a lock so a print job on a worker
thread and one on the GUI thread do not race.
"""

from __future__ import annotations

import re
import threading
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from station_desk.collector import long_lived_loaded
from station_desk.paths import fonts_dir

SONG = "Song"
HEI = "Hei"
TITLE = "Title"
HAN_A = "HanA"  # HanaMinA, cut down: Extension A, compatibility ideographs, rare BMP characters
HAN_B = "HanB"  # HanaMinB: Extensions B–F (plane 2)

SONG_FILE = "uming.ttc"
HEI_FILE = "wqy-microhei.ttc"
TITLE_FILE = "NotoSerifCJKsc-Bold-title.ttf"
FALLBACK_FILES = {HAN_A: "HanaMinA-fallback.ttf", HAN_B: "HanaMinB-fallback.ttf"}
PLANE_2 = 0x20000
LINE_POINTS = 156 * 72 / 25.4  # the GB/T 9704 line: 156 mm
GRID_ADVANCE = int(1000 * LINE_POINTS / (28 * 16))  # 987: 28 characters of 16 pt a line

_lock = threading.Lock()
_registered = False
_fallbacks_registered: set[str] = set()
_CMAP_ENTRY = re.compile(r"<([0-9A-F]{2})> <([0-9A-F]{5,6})>")


def _utf16_hex(match: re.Match[str]) -> str:
    code = int(match.group(2), 16)
    return f"<{match.group(1)}> <{chr(code).encode('utf-16-be').hex().upper()}>"


_reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with characters beyond U+FFFF as UTF-16 surrogate pairs."""
    return _CMAP_ENTRY.sub(_utf16_hex, _reportlab_to_unicode_cmap(fontname, subset))


def register_fonts() -> None:
    """Register ``Song``, ``Hei`` and ``Title`` and their families with reportlab (idempotent)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # used when a PDF is written
        directory = fonts_dir()
        for name, file in ((SONG, SONG_FILE), (HEI, HEI_FILE), (TITLE, TITLE_FILE)):
            pdfmetrics.registerFont(_tightened(TTFont(name, str(directory / file), subfontIndex=0)))
        addMapping(TITLE, 0, 0, TITLE)
        addMapping(TITLE, 0, 1, TITLE)
        addMapping(TITLE, 1, 0, TITLE)
        addMapping(TITLE, 1, 1, TITLE)
        # <b> and <i> inside a Paragraph: bold becomes Hei, italic stays upright.
        for family in (SONG, HEI):
            addMapping(family, 0, 0, family)
            addMapping(family, 0, 1, family)
            addMapping(family, 1, 0, HEI)
            addMapping(family, 1, 1, HEI)
        _registered = True
    long_lived_loaded()  # the fonts' tables, held from now on (see `collector`)


def _tightened(font: TTFont) -> TTFont:
    """`font` with its full-width characters advancing `GRID_ADVANCE` (see the module)."""
    widths = font.face.charWidths
    for code, width in widths.items():
        if width >= 1000:
            widths[code] = GRID_ADVANCE
    return font


def _register_fallback(font_name: str) -> None:
    """Register a HanaMin face on first use (its family maps every style to itself)."""
    if font_name in _fallbacks_registered:
        return
    with _lock:
        if font_name in _fallbacks_registered:
            return
        path = fonts_dir() / FALLBACK_FILES[font_name]
        pdfmetrics.registerFont(_tightened(TTFont(font_name, str(path))))
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(font_name, bold, italic, font_name)
        _fallbacks_registered.add(font_name)
    long_lived_loaded()


def fonts_registered() -> bool:
    """True once `register_fonts()` has run in this process."""
    return _registered


@cache
def _codepoints(font_name: str) -> frozenset[int]:
    register_fonts()
    if font_name in FALLBACK_FILES:
        _register_fallback(font_name)
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def has_glyph(font_name: str, char: str) -> bool:
    """Whether the registered face `font_name` has a glyph for `char`."""
    return ord(char) in _codepoints(font_name)


def fallback_font(font_name: str) -> str:
    """The other main face: the first to try for characters `font_name` lacks."""
    return HEI if font_name == SONG else SONG


def fallback_chain(font_name: str) -> tuple[str, ...]:
    """The faces tried, in order, for a character `font_name` lacks (a title's rare
    character first in the serif Song, then in Hei)."""
    if font_name == TITLE:
        return (SONG, HEI, HAN_A, HAN_B)
    return (fallback_font(font_name), HAN_A, HAN_B)


def face_for(char: str, font_name: str) -> str:
    """The face that draws `char` in text set in `font_name` (itself when none has it)."""
    code = ord(char)
    if code < 0x80 or code in _codepoints(font_name) or char.isspace():
        return font_name
    chain = (HAN_B,) if code >= PLANE_2 else fallback_chain(font_name)
    for face in chain:
        if code in _codepoints(face):
            return face
    return font_name


def fallback_markup(escaped_text: str, font_name: str) -> str:
    """Wrap runs of characters that `font_name` lacks (but a fallback face has) in
    ``<font face="…">`` tags.

    `escaped_text` must already be XML-escaped paragraph text; entities and tags are ASCII,
    which every face has, so they pass through untouched.
    """
    primary = _codepoints(font_name)
    if all(ord(char) in primary or ord(char) < 0x80 for char in escaped_text):
        return escaped_text
    parts: list[str] = []
    run_face, run = font_name, ""
    for char in escaped_text:
        face = face_for(char, font_name)
        if face != run_face and run:
            parts.append(run if run_face == font_name else f'<font face="{run_face}">{run}</font>')
            run = ""
        run_face = face
        run += char
    if run:
        parts.append(run if run_face == font_name else f'<font face="{run_face}">{run}</font>')
    return "".join(parts)
