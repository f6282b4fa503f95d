"""Make the rare-character fallback fonts in `resources/fonts/` from Debian's `fonts-hanazono`.

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

Run it again (e.g. after a new Debian release of the package) with:

    apt-get download fonts-hanazono && dpkg-deb -x fonts-hanazono_*.deb /tmp/hanazono
    uv run --with fonttools python build_scripts/fallback_fonts.py /tmp/hanazono

It takes about a minute and a half.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
MAIN_FACES = ("uming.ttc", "wqy-microhei.ttc")
HANAZONO = Path("usr/share/fonts/truetype/hanazono")
FIRST_CJK = 0x2E80  # CJK radicals onwards: the Latin and kana of HanaMinA are not needed
PLANE_2 = 0x20000


def main_face_characters() -> set[int]:
    covered: set[int] = set()
    for name in MAIN_FACES:
        covered |= set(TTCollection(str(FONTS / name)).fonts[0].getBestCmap())
    return covered


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
    covered = main_face_characters()
    folder = unpacked / HANAZONO
    bmp = {code for code in range(FIRST_CJK, 0x10000) if code not in covered}
    count = cut_down(folder / "HanaMinA.ttf", FONTS / "HanaMinA-fallback.ttf", bmp)
    print(f"HanaMinA-fallback.ttf: {count} characters")
    plane_2 = set(range(PLANE_2, 0x30000))
    count = cut_down(folder / "HanaMinB.ttf", FONTS / "HanaMinB-fallback.ttf", plane_2)
    print(f"HanaMinB-fallback.ttf: {count} characters")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/hanazono"))
