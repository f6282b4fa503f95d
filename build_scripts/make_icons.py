"""Draw the program's own icon (`resources/icons/app-N.png`) from its glyph in `ui/icons.py`.

The sign-in window shows this bundled picture so that it paints without loading qtawesome;
run this again when the "app" glyph or the icon colour changes:

    QT_QPA_PLATFORM=offscreen .venv/bin/python build_scripts/make_icons.py
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from station_desk.ui.icons import APP_ICON_SIZES, app_icon_path, glyph_icon


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    drawn = glyph_icon("app")
    for size in APP_ICON_SIZES:
        path = app_icon_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not drawn.pixmap(size, size).save(str(path), "PNG"):
            print(f"could not write {path}", file=sys.stderr)
            return 1
        print(path)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
