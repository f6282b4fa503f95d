"""The bundled CJK fonts for the widgets.

Offscreen and Xvfb Qt (and a bare Windows or Kylin install) may have no Chinese font, so
Chinese text would render as boxes: the bundled faces are loaded at start-up and
WenQuanYi Micro Hei (黑体) becomes the application's default font, with AR PL UMing and the
HanaMin fallback faces behind it, so a rare character in a name (𠮷, 𫖯: CJK Extensions A–F)
shows on screen as it prints. Loading all four takes about 8–20 ms (the files are mapped,
not read): the program's first window loads Micro Hei, what it paints with, and the other three
once it has painted (`install_fonts(qapp, SIGN_IN_FONT_FILES)`, then `install_other_fonts()`).

Older fontconfig (Debian 11, and so Kylin V10 / UOS 20) registers the Micro Hei file under
its Chinese names only (文泉驛微米黑) when Qt had listed the families before, so the font is
asked for by all of its names.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from station_desk.paths import fonts_dir

HEI_FAMILY = "WenQuanYi Micro Hei"
HEI_NAMES = (HEI_FAMILY, "文泉驛微米黑", "文泉驿微米黑")
SONG_FAMILY = "AR PL UMing CN"
FALLBACK_FAMILIES = ("HanaMinA", "HanaMinB")
FONT_FILES = ("wqy-microhei.ttc", "uming.ttc", "HanaMinA-fallback.ttf", "HanaMinB-fallback.ttf")
SIGN_IN_FONT_FILES = FONT_FILES[:1]
DEFAULT_POINT_SIZE = 10

_added: set[str] = set()  # font files registered by this process
_bundled: bool | None = None  # whether the faces are ours (Micro Hei was not there before)


def load_bundled_fonts(files: Sequence[str] = FONT_FILES) -> list[str]:
    """Register the bundled faces `files` with Qt (each once per process); returns the family
    names of those registered now."""
    families: list[str] = []
    for name in files:
        if name in _added:
            continue
        font_id = QFontDatabase.addApplicationFont(str(fonts_dir() / name))
        if font_id >= 0:
            _added.add(name)
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def hei_loaded(families: list[str]) -> bool:
    """Whether Micro Hei is among `families`, by any of its names."""
    return any(name in families for name in HEI_NAMES)


def default_font(point_size: int = DEFAULT_POINT_SIZE) -> QFont:
    font = QFont(HEI_FAMILY, point_size)
    font.setFamilies([*HEI_NAMES, SONG_FAMILY, *FALLBACK_FAMILIES])
    return font


def heading_font(point_size: int) -> QFont:
    font = default_font(point_size)
    font.setBold(True)
    return font


def install_fonts(qapp: QApplication, files: Sequence[str] = FONT_FILES) -> None:
    """Load the bundled `files` unless Micro Hei was there before (loaded by the caller or
    installed in the system), and make Micro Hei the default."""
    global _bundled
    if _bundled is None:
        _bundled = not hei_loaded(QFontDatabase.families())
    if _bundled:
        load_bundled_fonts(files)
    qapp.setFont(default_font())


def install_other_fonts() -> bool:
    """The bundled faces `install_fonts` left out, if it loaded any; whether some were loaded
    now (text already painted may then be painted again)."""
    return bool(_bundled and load_bundled_fonts(FONT_FILES))
