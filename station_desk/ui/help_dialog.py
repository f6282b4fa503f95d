"""Help → User guide (F1): a short guide to the daily tasks in the current language, read from
`resources/help/guide.<language>.md` and shown in a window beside the work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QTextBrowser, QWidget

from station_desk import i18n
from station_desk.i18n import _
from station_desk.paths import resources_dir
from station_desk.ui.widgets.dialogs import close_box
from station_desk.ui.widgets.layouts import lay_out

GUIDE_SIZE = (720, 600)


def guide_path(language: str) -> Path:
    """The guide in `language`, or the Simplified Chinese one when there is none."""
    folder = resources_dir() / "help"
    path = folder / f"guide.{language}.md"
    return path if path.is_file() else folder / "guide.zh_CN.md"


class UserGuideDialog(QDialog):
    """The user guide; not modal, so the officer can follow it while working."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("User guide"))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setMarkdown(guide_path(i18n.current_language()).read_text(encoding="utf-8"))
        lay_out(self, (self.text, 1), close_box(self))
        self.resize(*GUIDE_SIZE)
