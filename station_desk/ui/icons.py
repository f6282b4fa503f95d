"""The one map from what an icon means to the qtawesome glyph that draws it."""

from __future__ import annotations

import qtawesome
from PySide6.QtGui import QIcon

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
}

ICON_COLOUR = "#35506b"


def icon(name: str, colour: str = ICON_COLOUR) -> QIcon:
    """The icon for a meaning such as "home" or "lock"; a KeyError names a missing entry."""
    return qtawesome.icon(_GLYPHS[name], color=colour)


def icon_names() -> list[str]:
    return sorted(_GLYPHS)
