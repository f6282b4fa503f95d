"""Make the fonts in `resources/fonts/` that are cut from Debian packages.

1. The rare-character fallback faces, from `fonts-hanazono`.

Names may hold characters of CJK Extension A–F (生僻字 such as 𠮷 U+20BB7 or 𫖯 U+2B5AF) that
neither bundled main face (AR PL UMing, WenQuanYi Micro Hei) has. HanaMin (花園明朝, the
GlyphWiki project) covers them with TrueType outlines, which reportlab can embed:

* ``HanaMinA-fallback.ttf`` — HanaMinA (the BMP: Extension A, compatibility ideographs, …)
  cut down to the characters that neither main face has (~11,800 characters, ~5 MB);
* ``HanaMinB-fallback.ttf`` — HanaMinB (plane 2: Extensions B–F, ~60,300 characters), whole.

Both lose their hinting and OpenType layout tables (unused by reportlab and Qt's fallback
drawing); the outlines are untouched. The fonts are free under the Hanazono Font License
(use, copy, modify and distribute, also commercially) or the SIL OFL 1.1, at the user's
choice; we take the Hanazono Font License, which allows a modified (cut down) font to keep
its name. The licence text is in ``LICENSE-hanazono.txt``.

2. The title face, from `fonts-noto-cjk`: ``NotoSerifCJKsc-Bold-title.ttf`` — Noto Serif CJK
SC Bold (a bold Song, the nearest open design to the 小标宋 GB/T 9704 asks for in titles),
cut down to GB 2312 and Big5 (every character of Simplified and Traditional official text;
others fall back per character) and converted from CFF to TrueType outlines (fontTools'
cu2qu, at most 1 unit off the curves), which reportlab can embed. SIL OFL 1.1 (the
reserved font name is "Source", which it does not use); licence in
``LICENSE-noto-cjk.txt``.

Run it again (e.g. after a new Debian release of the packages) with:

    apt-get download fonts-hanazono fonts-noto-cjk
    dpkg-deb -x fonts-hanazono_*.deb /tmp/fonts && dpkg-deb -x fonts-noto-cjk_*.deb /tmp/fonts
    uv run --with fonttools python build_scripts/make_fonts.py /tmp/fonts

It takes a few minutes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
MAIN_FACES = ("uming.ttc", "wqy-microhei.ttc")
HANAZONO = Path("usr/share/fonts/truetype/hanazono")
NOTO_SERIF_BOLD = Path("usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
NOTO_SC = 2  # the collection's Simplified Chinese face
MAX_ERROR = 1.0  # font units a quadratic curve may stray from the cubic one
FIRST_CJK = 0x2E80  # CJK radicals onwards: the Latin and kana of HanaMinA are not needed
PLANE_2 = 0x20000


def main_face_characters() -> set[int]:
    covered: set[int] = set()
    for name in MAIN_FACES:
        covered |= set(TTCollection(str(FONTS / name)).fonts[0].getBestCmap())
    return covered


def official_text_characters() -> set[int]:
    """ASCII, and every character of GB 2312 and Big5 (with their punctuation)."""
    characters = set(range(0x20, 0x7F))
    for code in range(0xA0, 0x10000):
        char = chr(code)
        for encoding in ("gb2312", "big5"):
            try:
                char.encode(encoding)
            except UnicodeEncodeError:
                continue
            characters.add(code)
            break
    return characters


def to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines of `font` by TrueType (quadratic) ones, in place."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    glyf.compile(font)
    for name, glyph in glyphs.items():  # left side bearings follow the new outlines
        width, _lsb = font["hmtx"][name]
        font["hmtx"][name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID-keyed names mean nothing
    font.sfntVersion = "\x00\x01\x00\x00"


def make_title_face(unpacked: Path) -> int:
    font = TTCollection(str(unpacked / NOTO_SERIF_BOLD)).fonts[NOTO_SC]
    wanted = official_text_characters()
    characters = [c for c in font.getBestCmap() if c in wanted]
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "VORG", "BASE"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters)
    subsetter.subset(font)
    to_truetype(font)
    font.save(str(FONTS / "NotoSerifCJKsc-Bold-title.ttf"))
    return len(characters)


def cut_down(source: Path, target: Path, keep: set[int]) -> int:
    font = TTFont(str(source))
    characters = [code for code in font.getBestCmap() if code in keep]
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "VORG", "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters)
    subsetter.subset(font)
    font.save(str(target))
    return len(characters)


def main(unpacked: Path) -> None:
    if (unpacked / NOTO_SERIF_BOLD).exists():
        print(f"NotoSerifCJKsc-Bold-title.ttf: {make_title_face(unpacked)} characters")
    if not (unpacked / HANAZONO).exists():
        return
    covered = main_face_characters()
    folder = unpacked / HANAZONO
    bmp = {code for code in range(FIRST_CJK, 0x10000) if code not in covered}
    count = cut_down(folder / "HanaMinA.ttf", FONTS / "HanaMinA-fallback.ttf", bmp)
    print(f"HanaMinA-fallback.ttf: {count} characters")
    plane_2 = set(range(PLANE_2, 0x30000))
    count = cut_down(folder / "HanaMinB.ttf", FONTS / "HanaMinB-fallback.ttf", plane_2)
    print(f"HanaMinB-fallback.ttf: {count} characters")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/fonts"))
