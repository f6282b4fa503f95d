"""Forms whose fields show their own error message beneath them.

A `ValidationError` names a field; `FieldForm.attempt()` runs a save and puts the message
under that field (other known errors go to a message box), so the officer sees at once what
to correct and nothing typed is lost.

A `GuardedDialog` (and so every `FormDialog`) remembers its inputs' values when it is first
shown; Cancel, Esc or the window's close button then ask "Discard what you typed?" when they
differ, and close at once when nothing changed. Saving never asks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import _
from station_desk.ui.errors import show_error
from station_desk.ui.widgets.dialogs import ask_discard
from station_desk.ui.widgets.fields import DeclaredFields
from station_desk.ui.widgets.inputs import on_edit
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.password import ERROR_STYLE as ERROR_STYLE  # re-exported
from station_desk.ui.widgets.password import password_edit as password_edit

if TYPE_CHECKING:
    from station_desk.services.container import Services

W = TypeVar("W", bound=QWidget)


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
        self.recheck: Callable[[], object] | None = None
        self._edited_keys: set[str] = set()
        self._recheck_timer = QTimer(self)  # once the edit's other effects (an end that follows) ran
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(0)
        self._recheck_timer.timeout.connect(self._check_shown)

    def add_field(self, key: str, widget: W, *aliases: str, at: int = -1) -> W:
        """Add a row for `key` (at row `at`, or last); `aliases` are other field names a
        service may use for it."""
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
        self.insertRow(at, label, cell)
        self._labels[key], self._widgets[key], self._errors[key] = label, widget, error
        self._aliases.update(dict.fromkeys((key, *aliases), key))
        on_edit(widget, lambda *_args: self._edited(key))
        return widget

    def _edited(self, key: str) -> None:
        if any(not label.isHidden() for label in self._errors.values()):
            self._edited_keys.add(key)
            self._recheck_timer.start()

    def _check_shown(self) -> None:
        """An error shown stays while its field is still wrong and goes once it is right.

        With `recheck` (a check of the whole form that raises the first `ValidationError`),
        every message shown is checked again; without it, editing a field drops its own
        message, which spoke of what was there before."""
        edited, self._edited_keys = self._edited_keys, set()
        shown = [k for k, label in self._errors.items() if not label.isHidden()]
        first = None
        if self.recheck is not None:
            try:
                self.recheck()
            except ValidationError as exc:
                first = exc
        for field in shown:
            if first is not None and self._aliases.get(first.field) == field:
                self._errors[field].setText(first.message)
            elif (self.recheck is not None and first is None) or field in edited:
                self._errors[field].clear()
                self._errors[field].hide()

    def set_label(self, key: str, text: str) -> None:
        self._labels[key].setText(text)

    def set_labels(self, **texts: str) -> None:
        """Label the fields named by the keywords."""
        for key, text in texts.items():
            self.set_label(key, text)

    def row_of(self, widget: QWidget) -> int:
        """The row of a field's input (its cell holds the input and its error)."""
        for row in range(self.rowCount()):
            item = self.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if item is not None and item.widget() is widget.parentWidget():
                return row
        return -1

    def show_row(self, widget: QWidget, visible: bool) -> None:
        """Show or hide the row of a field's input."""
        cell = widget.parentWidget()
        if cell is not None:
            self.setRowVisible(cell, visible)

    def knows(self, field: str) -> bool:
        return field in self._aliases

    def error_text(self, field: str) -> str:
        label = self._errors[self._aliases[field]]
        cell = label.parentWidget()
        return label.text() if cell is not None and label.isVisibleTo(cell) else ""

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


_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.CheckStateRole)


def _model_values(model: QAbstractItemModel, parent: QModelIndex) -> tuple[object, ...]:
    # (a list or table model keeps columnCount / hasChildren private in PySide: flat)
    flat = isinstance(model, QAbstractListModel | QAbstractTableModel)
    rows = model.rowCount(parent)
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    values: list[object] = [rows, columns]
    for row in range(rows):
        for column in range(columns):
            index = model.index(row, column, parent)
            values.extend(str(model.data(index, role)) for role in _ROLES)
            if column == 0 and not flat and model.hasChildren(index):
                values.append(_model_values(model, index))
    return tuple(values)


def _input_value(widget: QWidget) -> object:
    """What the officer entered in `widget`; None for anything that is not an input."""
    if isinstance(widget, QLineEdit):
        inner = isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)
        return None if inner or widget.isReadOnly() else widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return None if widget.isReadOnly() else widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QDateTimeEdit):  # also QDateEdit and QTimeEdit
        return widget.dateTime().toString(Qt.DateFormat.ISODateWithMs)
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.value()
    if isinstance(widget, QCheckBox | QRadioButton):
        return widget.isChecked()
    if isinstance(widget, QGroupBox):
        return widget.isChecked() if widget.isCheckable() else None
    if isinstance(widget, QAbstractItemView):  # rows typed into a table or ticked in a list
        model = widget.model()
        return None if model is None else _model_values(model, widget.rootIndex())
    return None


def input_values(root: QWidget) -> tuple[object, ...]:
    """The values of the inputs inside `root`'s own window (not in a message box over it, nor
    in a combo box's popup list), in the order they were made."""
    window = root.window()
    values: list[object] = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not window:
            continue
        value = _input_value(widget)
        if value is not None:
            values.append((type(widget).__name__, value))
    return tuple(values)


_UNSET = object()


class GuardedDialog(QDialog):
    """A dialog whose Cancel (Esc, the close button) asks before dropping what was typed.

    `snapshot()` is compared with its value when the dialog was first shown (or when
    `mark_clean()` was last called); by default it is `input_values(self)`: override it where
    a dialog knows better what it holds. Accepting never asks.
    """

    _clean: object = _UNSET
    _asking: QMessageBox | None = None
    _discarding = False

    def snapshot(self) -> object:
        """What the officer entered (compared with the state when the dialog opened)."""
        return input_values(self)

    def mark_clean(self) -> None:
        self._clean = self.snapshot()

    def has_changes(self) -> bool:
        return self._clean is not _UNSET and self.snapshot() != self._clean

    def discard_question(self) -> str:
        return _("Discard what you typed?")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._clean is _UNSET:
            self.mark_clean()
        super().showEvent(event)

    def reject(self) -> None:
        if self._discarding or not self.has_changes():
            super().reject()
            return
        if self._asking is not None:  # already asking (the question is on top, window-modal)
            return
        box = ask_discard(self, self.discard_question(), self.discard)
        self._asking = box
        box.finished.connect(self._answered)

    def _answered(self) -> None:
        self._asking = None

    def discard(self) -> None:
        """Close without saving and without asking."""
        self._discarding = True
        try:
            self.reject()
        finally:
            self._discarding = False


class FormDialog(GuardedDialog, DeclaredFields):
    """One FieldForm with OK and Cancel; OK runs `save()` and closes only when it succeeds.
    Cancel with changed inputs asks first (see `GuardedDialog`). The dialog's declared fields
    (`ui/widgets/fields.py`) are in the form once `__init__` has run."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FieldForm()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay_out(self, self.form, None, self.buttons)
        self.setMinimumWidth(420)
        self.build_fields(self.form)

    def save(self) -> None:
        """Call the service; raise StationDeskError to keep the dialog open."""
        raise NotImplementedError

    def accept(self) -> None:
        if self.form.attempt(self.save):
            super().accept()


class EntryDialog(FormDialog):
    """A new entry (`entry` None: `blank()` shown) of the record `owner` (a case, a subject),
    or the change of `entry`: a session, a visit. OK saves `current_entry()` at once through
    `save_call()` (the service's call of the principal, the owner's id and the entry);
    `saved` holds the owner afterwards. `heading` is the title's message id; `prepare()`
    adds what the form shows besides the entry's fields."""

    heading = ""

    def __init__(
        self, services: Services, principal: Principal, owner: Any, entry: Any | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_(self.heading), parent)
        self._services, self._principal, self._owner = services, principal, owner
        self.saved: Any = None
        self._entry = entry if entry is not None else self.blank()
        self.show_record(self._entry)
        self.prepare()

    def blank(self) -> Any:
        """What a new entry's form shows."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Add to the form what it shows besides the entry's fields."""

    def current_entry(self) -> Any:
        """The entry as the form has it (with the id of the entry changed)."""
        raise NotImplementedError

    def save_call(self) -> Callable[[Principal, str, Any], Any]:
        raise NotImplementedError

    def save(self) -> None:
        self.saved = self.save_call()(self._principal, self._owner.id, self.current_entry())


@dataclass(frozen=True)
class SaveCalls:
    """The service's calls behind a `RecordDialog`, each taking the principal first."""

    create: Callable[[Principal, Any], Any]
    update: Callable[[Principal, str, Any], Any]


class RecordDialog(FormDialog):
    """A new record, or the change of `existing`: OK creates or updates it through the
    service (`create_record` / `update_record` of the typed `draft()`, by default the
    `draft_type` made of the form's values); `saved` the result.

    `titles` are the message ids of the two window titles; the second may name the record
    (`title_fields`: `{name}`). The form shows `existing`, or `blank()` for a new record, after
    `prepare()` has filled its choices; a dialog that shows more (values worked out from the
    record) shows them after this constructor."""

    titles: tuple[str, str] = ("", "")
    draft_type: Callable[..., Any] | None = None  # the draft's dataclass

    def __init__(
        self,
        services: Services,
        principal: Principal,
        existing: Any | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.titles[0] if existing is None else self.titles[1]
        super().__init__(_(title).format(**self.title_fields(existing)), parent)
        self._services, self._principal, self._existing = services, principal, existing
        self.saved: Any = None
        self.prepare(existing)
        shown = existing if existing is not None else self.blank()
        if shown is not None:
            self.show_record(shown)

    @property
    def created(self) -> Any:
        """The new record OK saved (for `RecordPage.open_new`); None when it changed one."""
        return self.saved if self._existing is None else None

    @staticmethod
    def title_fields(existing: Any | None) -> dict[str, str]:
        """What the edit title may name."""
        return {"name": getattr(existing, "name", "")}

    def prepare(self, existing: Any | None) -> None:
        """Fill the form's choices before the record is shown."""

    def blank(self) -> Any | None:
        """What a new record's form shows (None: the fields as built)."""
        return None

    def draft(self) -> Any:
        if self.draft_type is None:
            raise NotImplementedError
        return self.new_record(self.draft_type)

    def save_calls(self) -> SaveCalls:
        """The service's create and update (or override `create_record`, `update_record`)."""
        raise NotImplementedError

    def create_record(self, draft: Any) -> Any:
        return self.save_calls().create(self._principal, draft)

    def update_record(self, record_id: str, draft: Any) -> Any:
        return self.save_calls().update(self._principal, record_id, draft)

    def save(self) -> None:
        draft = self.draft()
        existing = self._existing
        if existing is None:
            self.saved = self.create_record(draft)
        else:
            self.saved = self.update_record(existing.id, draft)
