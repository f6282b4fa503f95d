"""Forms whose fields show their own error message beneath them.

A `ValidationError` names a field; `FieldForm.attempt()` runs a save and puts the message
under that field (other known errors go to a message box), so the officer sees at once what
to correct and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import _
from station_desk.ui.errors import show_error

ERROR_STYLE = "color: #b00020;"


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def check_repeat(password: str, repeat: str, field: str = "repeat") -> None:
    if password != repeat:
        raise ValidationError(field, _("The two passwords do not match."))


class FieldForm(QFormLayout):
    """A QFormLayout that knows its fields by name and shows errors beneath them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        self._aliases: dict[str, str] = {}

    def add_field(self, key: str, widget: QWidget, *aliases: str) -> QWidget:
        """Add a row for `key`; `aliases` are other field names a service may use for it."""
        label = QLabel()
        label.setBuddy(widget)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self.addRow(label, cell)
        self._labels[key], self._widgets[key], self._errors[key] = label, widget, error
        self._aliases.update(dict.fromkeys((key, *aliases), key))
        return widget

    def set_label(self, key: str, text: str) -> None:
        self._labels[key].setText(text)

    def knows(self, field: str) -> bool:
        return field in self._aliases

    def error_text(self, field: str) -> str:
        label = self._errors[self._aliases[field]]
        return label.text() if label.isVisibleTo(label.parentWidget()) else ""

    def show_error(self, field: str, message: str) -> bool:
        """Show `message` under `field` and focus it; False when the form has no such field."""
        key = self._aliases.get(field)
        if key is None:
            return False
        self._errors[key].setText(message)
        self._errors[key].show()
        self._widgets[key].setFocus()
        return True

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.clear()
            label.hide()

    def attempt(self, save: Callable[[], object]) -> bool:
        """Run `save`; on a known error show it (at its field if here) and return False."""
        self.clear_errors()
        try:
            save()
        except ValidationError as exc:
            if not self.show_error(exc.field, exc.message):
                show_error(self.parentWidget(), exc)
            return False
        except StationDeskError as exc:
            show_error(self.parentWidget(), exc)
            return False
        return True


class FormDialog(QDialog):
    """One FieldForm with OK and Cancel; OK runs `save()` and closes only when it succeeds."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FieldForm()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        """Call the service; raise StationDeskError to keep the dialog open."""
        raise NotImplementedError

    def accept(self) -> None:
        if self.form.attempt(self.save):
            super().accept()
