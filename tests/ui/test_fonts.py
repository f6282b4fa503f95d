"""The bundled faces are loaded into Qt, the rare-character fallbacks included, so a name with
a CJK Extension B or C character (𠮷祥, 赵孟𫖯) shows on screen as it prints; and Micro Hei is
found by any of its names: older fontconfig (Debian 11, Kylin V10, UOS 20) registers it as
文泉驛微米黑 only (the real case runs in build_scripts/glibc228/debian11_check.sh)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QFontInfo, QRawFont
from pytestqt.qtbot import QtBot

from station_desk.paths import fonts_dir
from station_desk.ui.fonts import (
    FALLBACK_FAMILIES,
    HEI_NAMES,
    SONG_FAMILY,
    default_font,
    hei_loaded,
)


def test_fallback_faces_are_loaded_and_cover_rare_name_characters(qapp: object) -> None:
    families = set(QFontDatabase.families())
    assert set(FALLBACK_FAMILIES) <= families
    assert list(default_font().families()[-2:]) == list(FALLBACK_FAMILIES)
    plane_2 = QRawFont(str(fonts_dir() / "HanaMinB-fallback.ttf"), 12)
    assert plane_2.supportsCharacter(0x20BB7) and plane_2.supportsCharacter(0x2B5AF)
    extension_a = QRawFont(str(fonts_dir() / "HanaMinA-fallback.ttf"), 12)
    assert extension_a.supportsCharacter(0x40C5)  # 䃅


def test_micro_hei_counts_as_loaded_under_its_chinese_name_alone() -> None:
    assert hei_loaded(["AR PL UMing CN", "文泉驛微米黑"])
    assert hei_loaded(["WenQuanYi Micro Hei"])
    assert not hei_loaded(["AR PL UMing CN", "DejaVu Sans"])


def test_the_default_font_asks_for_every_name_then_song(qtbot: QtBot) -> None:
    font = default_font()
    assert font.families() == [*HEI_NAMES, SONG_FAMILY, *FALLBACK_FAMILIES]
    assert hei_loaded(QFontDatabase.families())
    assert QFontInfo(font).family() in HEI_NAMES  # the bundled Hei is what Qt picks
