"""The bundled faces are loaded into Qt, the rare-character fallbacks included, so a name with
a CJK Extension B or C character (𠮷祥, 赵孟𫖯) shows on screen as it prints."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QRawFont

from station_desk.paths import fonts_dir
from station_desk.ui.fonts import FALLBACK_FAMILIES, default_font


def test_fallback_faces_are_loaded_and_cover_rare_name_characters(qapp: object) -> None:
    families = set(QFontDatabase.families())
    assert set(FALLBACK_FAMILIES) <= families
    assert list(default_font().families()[-2:]) == list(FALLBACK_FAMILIES)
    plane_2 = QRawFont(str(fonts_dir() / "HanaMinB-fallback.ttf"), 12)
    assert plane_2.supportsCharacter(0x20BB7) and plane_2.supportsCharacter(0x2B5AF)
    extension_a = QRawFont(str(fonts_dir() / "HanaMinA-fallback.ttf"), 12)
    assert extension_a.supportsCharacter(0x40C5)  # 䃅
