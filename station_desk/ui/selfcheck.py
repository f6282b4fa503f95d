"""The Qt half of `station-desk --self-test`: the platform plugin, the bundled fonts drawing
Chinese, the icon font and Qt's own translations, checked in a real QApplication."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtGui import QColor, QFontDatabase, QFontMetrics, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication

from station_desk.ui import application
from station_desk.ui.fonts import HEI_FAMILY, SONG_FAMILY, default_font, hei_loaded
from station_desk.ui.icons import glyph_icon
from station_desk.ui.preload import missing_imports

# a page imported ahead in turns (`preload.import_on_the_gui_thread`), its imports found in its source
PRELOADED_PAGE = "station_desk.ui.mediation.page"


def _check(condition: object, message: str) -> None:
    if not condition:
        raise RuntimeError(message)


def check_qt(sample: str) -> tuple[QApplication, str]:
    """Create the application and check it can show Chinese; returns it and a short detail."""
    qapp = application.create_application()
    platform = QGuiApplication.platformName()
    families = QFontDatabase.families()
    missing = [HEI_FAMILY] if not hei_loaded(families) else []
    missing += [] if SONG_FAMILY in families else [SONG_FAMILY]
    _check(not missing, f"the bundled fonts did not load: {missing}")
    metrics = QFontMetrics(default_font())
    _check(
        all(metrics.inFontUcs4(ord(ch)) for ch in "警务室"),
        "the default font has no Chinese glyphs",
    )
    _check(not glyph_icon("app").pixmap(32, 32).isNull(), "the qtawesome icon font did not load")

    image = QImage(240, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(default_font(14))
    painter.setPen(QColor("black"))
    painter.drawText(4, 30, sample)
    painter.end()
    inked = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if QColor(image.pixel(x, y)).lightness() < 128
    )
    _check(inked > 40, f"drawing Chinese text left {inked} dark pixels")

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    native = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")
    _check(
        any(
            path.name.startswith(native) or path.name.startswith("lib" + native)
            for path in plugins.glob("*")
        ),
        f"the {native} platform plugin is missing from {plugins}",
    )
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for language in ("zh_CN", "zh_TW"):
        _check(
            QTranslator().load(f"qtbase_{language}", translations),
            f"Qt's own qtbase_{language} translation is missing from {translations}",
        )
    _check(
        PRELOADED_PAGE in sys.modules or missing_imports(PRELOADED_PAGE),
        f"the source of {PRELOADED_PAGE} is not at hand: pages would be imported in one go",
    )
    return qapp, f"platform {platform}, {native} plugin and fonts present"
