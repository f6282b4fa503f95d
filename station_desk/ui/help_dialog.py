"""Help → User guide (F1): a short guide to the daily tasks in the current language, read from
`resources/help/guide.<language>.md` and shown in a window beside the work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from station_desk import i18n
from station_desk.i18n import _
from station_desk.paths import resources_dir

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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(*GUIDE_SIZE)
