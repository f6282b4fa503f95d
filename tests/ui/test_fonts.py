"""The bundled Micro Hei is found by any of its names: older fontconfig (Debian 11, Kylin V10,
UOS 20) registers it as 文泉驛微米黑 only; the real case runs in the Debian 11 check
(build_scripts/glibc228/debian11_check.sh)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QFontInfo
from pytestqt.qtbot import QtBot

from station_desk.ui.fonts import HEI_NAMES, SONG_FAMILY, default_font, hei_loaded


def test_micro_hei_counts_as_loaded_under_its_chinese_name_alone() -> None:
    assert hei_loaded(["AR PL UMing CN", "文泉驛微米黑"])
    assert hei_loaded(["WenQuanYi Micro Hei"])
    assert not hei_loaded(["AR PL UMing CN", "DejaVu Sans"])


def test_the_default_font_asks_for_every_name_then_song(qtbot: QtBot) -> None:
    font = default_font()
    assert font.families() == [*HEI_NAMES, SONG_FAMILY]
    assert hei_loaded(QFontDatabase.families())
    assert QFontInfo(font).family() in HEI_NAMES  # the bundled Hei is what Qt picks
