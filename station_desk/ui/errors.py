"""Showing errors: known ones (`StationDeskError`) in a message box, bugs in a crash dialog.

`user_errors()` wraps a service call: a known error shows its message and the rest of the
block is skipped. Anything else is a bug; it travels on to `sys.excepthook`, which
`install_excepthook()` routes to the crash dialog with the traceback to copy.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from station_desk.errors import StationDeskError
from station_desk.i18n import _
from station_desk.ui.icons import icon
from station_desk.ui.widgets.dialogs import add_action, close_box, open_dialog
from station_desk.ui.widgets.layouts import lay_out

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def show_error(parent: QWidget | None, error: StationDeskError | str) -> QMessageBox:
    """A non-blocking warning box with the error's message (deleted when closed)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Station Desk"),
        str(error),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    return open_dialog(box)


@contextmanager
def user_errors(parent: QWidget | None) -> Iterator[None]:
    """Run the block; a StationDeskError shows its message and ends the block quietly."""
    try:
        yield
    except StationDeskError as exc:
        show_error(parent, exc)


class CrashDialog(QDialog):
    """Says that something went wrong and shows the traceback for the officer to copy."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Station Desk — unexpected error"))
        self.setWindowIcon(icon("crash"))
        intro = QLabel(
            _(
                "Something went wrong that Station Desk did not expect. Your saved data is safe. "
                "Copy the text below and give it to whoever looks after this computer."
            )
        )
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = close_box(self)
        add_action(buttons, _("Copy"), "copy", self.copy_details)
        lay_out(self, intro, self.details, buttons)
        self.resize(720, 420)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def show_crash(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> CrashDialog:
    """Open the crash dialog (non-blocking) over the active window."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    return open_dialog(CrashDialog(details, QApplication.activeWindow()))


def _crash_hook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    sys.__excepthook__(exc_type, exc, tb)
    if issubclass(exc_type, KeyboardInterrupt):
        return
    if isinstance(exc, StationDeskError):
        show_error(QApplication.activeWindow(), exc)
    else:
        show_crash(exc_type, exc, tb)


def install_excepthook() -> ExceptHook:
    """Route uncaught exceptions to the crash dialog; returns the hook that was in place."""
    previous = sys.excepthook
    sys.excepthook = _crash_hook
    return previous
