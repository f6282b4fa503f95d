"""Draw the icons of `ui/icons.py` as pictures: `resources/icons/<name>.png` (64 px) for every
glyph and the program's own icon in the sizes of a window icon (`app-<size>.png`).

The windows show these bundled pictures so that they paint without loading qtawesome; run
this again when a glyph is added or changed, or the icon colour changes:

    QT_QPA_PLATFORM=offscreen .venv/bin/python build_scripts/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from station_desk.ui.icons import (
    APP_ICON_SIZES,
    PICTURE_SIZE,
    app_icon_path,
    glyph_icon,
    icon_names,
    picture_path,
)


def _save(name: str, size: int, path: Path) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not glyph_icon(name).pixmap(size, size).save(str(path), "PNG"):
        print(f"could not write {path}", file=sys.stderr)
        return False
    return True


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    made = [(name, PICTURE_SIZE, picture_path(name)) for name in icon_names() if name != "app"]
    made += [("app", size, app_icon_path(size)) for size in APP_ICON_SIZES]
    if not all(_save(name, size, path) for name, size, path in made):
        return 1
    print(f"{len(made)} pictures in {picture_path('app').parent}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
