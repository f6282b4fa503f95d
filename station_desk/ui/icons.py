"""The one map from what an icon means to the qtawesome glyph that draws it.

Each glyph is also bundled as a picture, drawn by `build_scripts/make_icons.py` in the icon
colour (`resources/icons/<name>.png`, 64 px, and the program's own icon `app-<size>.png` in
the sizes a window icon needs). `icon()` loads the picture when there is one, so the windows
paint without loading qtawesome, qtpy and their icon fonts (a quarter of a second and more at
start-up); a glyph without a picture (one added since the pictures were last drawn) or in
another colour is drawn by qtawesome, imported then.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from station_desk.paths import resources_dir

_GLYPHS = {
    "app": "fa6s.building-shield",
    "home": "fa6s.house",
    "accounts": "fa6s.users",
    "audit": "fa6s.clipboard-list",
    "settings": "fa6s.gear",
    "lock": "fa6s.lock",
    "unlock": "fa6s.unlock",
    "logout": "fa6s.right-from-bracket",
    "quit": "fa6s.power-off",
    "password": "fa6s.key",
    "language": "fa6s.language",
    "about": "fa6s.circle-info",
    "help": "fa6s.circle-question",
    "new": "fa6s.plus",
    "edit": "fa6s.pen",
    "deactivate": "fa6s.user-slash",
    "reactivate": "fa6s.user-check",
    "verify": "fa6s.link",
    "search": "fa6s.magnifying-glass",
    "reset": "fa6s.rotate",
    "crash": "fa6s.bug",
    "copy": "fa6s.copy",
    "user": "fa6s.user",
    "meetings": "fa6s.people-group",
    "actions": "fa6s.list-check",
    "contacts": "fa6s.address-book",
    "organisation": "fa6s.building",
    "open": "fa6s.folder-open",
    "back": "fa6s.arrow-left",
    "save": "fa6s.floppy-disk",
    "delete": "fa6s.trash",
    "restore": "fa6s.trash-arrow-up",
    "held": "fa6s.circle-check",
    "finalise": "fa6s.file-signature",
    "unhold": "fa6s.rotate-left",
    "sign-in": "fa6s.signature",
    "minutes": "fa6s.file-lines",
    "remove": "fa6s.minus",
    "up": "fa6s.arrow-up",
    "down": "fa6s.arrow-down",
    "guest": "fa6s.user-plus",
    "present": "fa6s.user-check",
    "absent": "fa6s.user-xmark",
    "all-present": "fa6s.check-double",
    "amendment": "fa6s.pen-to-square",
    "previous": "fa6s.chevron-left",
    "next": "fa6s.chevron-right",
    "zoom-in": "fa6s.magnifying-glass-plus",
    "zoom-out": "fa6s.magnifying-glass-minus",
    "fit-width": "fa6s.arrows-left-right",
    "print": "fa6s.print",
    "save-pdf": "fa6s.file-pdf",
    "export": "fa6s.file-export",
    "backup": "fa6s.box-archive",
    "history": "fa6s.clock-rotate-left",
    "cancel": "fa6s.xmark",
    "drive": "fa6s.hard-drive",
    "start": "fa6s.play",
    "mediation": "fa6s.handshake",
    "close-case": "fa6s.folder-closed",
    "register": "fa6s.table-list",
    "volunteers": "fa6s.hand-holding-heart",
    "teams": "fa6s.users-rectangle",
    "import": "fa6s.file-import",
    "status": "fa6s.user-tag",
    "duty": "fa6s.user-clock",
    "roster": "fa6s.calendar-days",
    "duty-week": "fa6s.calendar-week",
    "duty-month": "fa6s.calendar",
    "duty-target": "fa6s.bullseye",
    "room-hours": "fa6s.door-open",
    "this-week": "fa6s.calendar-day",
    "statistics": "fa6s.chart-column",
    "reopen": "fa6s.rotate-left",
    "youth": "fa6s.child-reaching",
    "reveal": "fa6s.eye",
    "reception": "fa6s.phone-volume",
    "opinions": "fa6s.comments",
    "reports": "fa6s.file-contract",
    "review": "fa6s.star-half-stroke",
}

ICON_COLOUR = "#35506b"


APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
PICTURE_SIZE = 64


@cache  # looked up once, not again for every icon a window makes
def _pictures_dir() -> Path:
    return resources_dir() / "icons"


def app_icon_path(size: int) -> Path:
    return _pictures_dir() / f"app-{size}.png"


def picture_path(name: str) -> Path:
    return _pictures_dir() / f"{name}.png"


def icon(name: str, colour: str = ICON_COLOUR) -> QIcon:
    """The icon for a meaning such as "home" or "lock"; a KeyError names a missing entry."""
    glyph = _GLYPHS[name]
    if colour == ICON_COLOUR:
        if name == "app" and app_icon_path(APP_ICON_SIZES[-1]).is_file():
            return _bundled_app_icon()
        picture = picture_path(name)
        if picture.is_file():
            return QIcon(str(picture))
    import qtawesome

    return qtawesome.icon(glyph, color=colour)


def glyph_icon(name: str, colour: str = ICON_COLOUR) -> QIcon:
    """The icon drawn by qtawesome from its glyph (never the bundled picture)."""
    import qtawesome

    return qtawesome.icon(_GLYPHS[name], color=colour)


@cache  # the sign-in window shows it three times (application, window, header)
def _bundled_app_icon() -> QIcon:
    result = QIcon()
    for size in APP_ICON_SIZES:
        result.addFile(str(app_icon_path(size)))
    return result


def icon_names() -> list[str]:
    return sorted(_GLYPHS)
