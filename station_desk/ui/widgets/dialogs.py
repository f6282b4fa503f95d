"""Showing dialogs without blocking, and deleting them safely once closed.

A widget made in Python without a parent is owned by its Python wrapper: once the last
Python reference goes, the C++ object is deleted at once — possibly while Qt is still inside
one of its signals (a button click that accepted the dialog). `delete_on_close()` keeps such
a widget referenced here until Qt itself has deleted it, after it was closed.

No dialog runs a nested event loop (`exec()`), so signing out or the idle lock can close or
cover whatever is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6 import QtCore
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton, QWidget

from station_desk.i18n import _
from station_desk.ui.icons import icon

if TYPE_CHECKING:  # the sign-in window uses this module before the services are loaded
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services

W = TypeVar("W", bound=QWidget)
D = TypeVar("D", bound=QDialog)

_alive: set[QWidget] = set()


def delete_on_close(widget: W) -> W:
    # `QtCore.Qt` when called: its first use makes all of Qt's ~90 enums (15 ms), which the
    # sign-in window leaves until it has painted (issue 15).
    widget.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    if widget.parent() is None:
        _alive.add(widget)
        widget.destroyed.connect(lambda: _alive.discard(widget))
    return widget


def open_dialog(dialog: D, accepted: Callable[[], object] | None = None) -> D:
    """Show `dialog` window-modal without blocking; it is deleted once closed. `accepted`
    runs when the dialog is accepted (after its own `accept`, e.g. the save behind OK)."""
    if accepted is not None:
        dialog.accepted.connect(accepted)
    delete_on_close(dialog).open()
    return dialog


Button = QMessageBox.StandardButton


def ask(
    parent: QWidget,
    question: str,
    buttons: Button,
    default: Button,
    answered: Callable[[Button], object],
) -> QMessageBox:
    """Ask `question` with `buttons`; `answered` gets the button the officer chose."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Station Desk"), question, buttons, parent)
    box.setDefaultButton(default)
    box.buttonClicked.connect(lambda button: answered(box.standardButton(button)))
    return open_dialog(box)


def confirm(parent: QWidget, question: str, on_yes: Callable[[], object]) -> QMessageBox:
    """Ask a yes/no question; `on_yes` runs only when the officer answers Yes."""

    def answered(choice: Button) -> None:
        if choice == Button.Yes:
            on_yes()

    return ask(parent, question, Button.Yes | Button.No, Button.No, answered)


def confirm_then(
    parent: QWidget, question: str, act: Callable[[], object], then: Callable[[], object]
) -> QMessageBox:
    """Ask a yes/no question; on Yes run `act` (an error it raises is shown), then `then`
    (to show what changed) either way."""
    from station_desk.ui.errors import user_errors  # it uses this module

    def on_yes() -> None:
        with user_errors(parent):
            act()
        then()

    return confirm(parent, question, on_yes)


def ask_discard(parent: QWidget, question: str, discard: Callable[[], object]) -> QMessageBox:
    """Ask whether to throw away unsaved input; `discard` runs on Discard."""

    def answered(choice: Button) -> None:
        if choice == Button.Discard:
            discard()

    box = ask(parent, question, Button.Discard | Button.Cancel, Button.Cancel, answered)
    box.setEscapeButton(Button.Cancel)
    return box


def ask_to_save(
    parent: QWidget,
    question: str,
    save: Callable[[], bool],
    discard: Callable[[], object],
    proceed: Callable[[], object],
) -> QMessageBox:
    """Save / Discard / Cancel for unsaved edits; `proceed` runs after a successful save or a
    discard, never after Cancel (or a save that failed and shows its errors)."""

    def answered(choice: Button) -> None:
        if choice == Button.Save and save():
            proceed()
        elif choice == Button.Discard:
            discard()
            proceed()

    return ask(
        parent, question, Button.Save | Button.Discard | Button.Cancel, Button.Save, answered
    )


class ServiceDialog(QDialog):
    """A dialog that works through the services as `principal`, with its title and icon."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        title: str,
        icon_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self.setWindowTitle(title)
        if icon_name:
            self.setWindowIcon(icon(icon_name))


def close_box(dialog: QDialog) -> QDialogButtonBox:
    """A Close button that closes `dialog` (rejects it)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    return buttons


def add_action(
    buttons: QDialogButtonBox, text: str, icon_name: str, slot: Callable[[], object]
) -> QPushButton:
    """A button of `buttons` beside OK or Close that runs `slot`, with its icon."""
    button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
    button.setIcon(icon(icon_name))
    button.clicked.connect(slot)
    return button
