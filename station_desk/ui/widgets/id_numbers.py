"""ID numbers on screen: masked ("**************002X") until the user asks to see one in full
with "Show ID number" — for that record only, and recorded in the audit trail by the service
that reads it again (`services/id_numbers.py`). Used by the mediation parties' tab (a table)
and by the forms of the residents' desk (`MaskedIdField`: the opinion register, the reception
log).

In a form for a new record the number shows only while it is being typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from station_desk.domain.masking import mask_resident_id
from station_desk.domain.validators import ResidentId, parse_resident_id
from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import _
from station_desk.ui.errors import show_error
from station_desk.ui.widgets.fields import Field
from station_desk.ui.widgets.inputs import gender_text
from station_desk.ui.widgets.rows import tool_button

Reveal = Callable[[], str]  # reads the full number again through the service (audited)


def typed_id(text: str) -> ResidentId | None:
    """What a valid ID number typed in `text` says; None while it is empty or not valid."""
    if not text.strip():
        return None
    try:
        return parse_resident_id(text, today=date.today())
    except ValidationError:
        return None


def id_facts_text(parsed: ResidentId) -> str:
    """The gender and birth date an ID number gives, as shown beside it."""
    return f"{gender_text(parsed.gender)}  {parsed.birth_date.isoformat()}"


def show_id_button(slot: Callable[[], object]) -> QPushButton:
    """The "Show ID number" button, saying that showing one is audited."""
    button = tool_button(_("Show ID number"), "reveal", slot)
    button.setToolTip(_("ID numbers are shown masked. Showing one is recorded in the audit trail."))
    return button


def fetch_full_id(parent: QWidget, reveal: Reveal) -> str | None:
    """The full number from `reveal` (the service audits it); None, the error shown, when the
    service refuses or the record is gone."""
    try:
        return reveal()
    except StationDeskError as error:
        show_error(parent, error)
        return None


class MaskedIdEdit(QWidget):
    """An ID number input showing a saved number masked and read-only until "Show ID number"
    (then in full and editable); an empty one is typed in as usual. `value()` is always the
    number itself. `revealer` reads it again for the record on screen (None: nothing to ask,
    as in a form for a new record)."""

    changed = Signal()

    def __init__(self, max_length: int = 18) -> None:
        super().__init__()
        self.revealer: Reveal | None = None
        self._number = ""
        self._shown = True
        self.edit = QLineEdit()
        self.edit.setMaxLength(max_length)
        self.edit.textChanged.connect(lambda _text: self.changed.emit())
        self.show_button = show_id_button(self.reveal)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.show_button)
        self.setFocusProxy(self.edit)
        self._update()

    @property
    def masked(self) -> bool:
        return not self._shown

    def value(self) -> str:
        return self.edit.text() if self._shown else self._number

    def set_value(self, number: str | None) -> None:
        """Show a record's number: masked when there is one (and a way to reveal it)."""
        self._number = number or ""
        self._shown = not self._number or self.revealer is None
        self.edit.setText(self._number if self._shown else mask_resident_id(self._number))
        self._update()

    def reveal(self) -> None:
        if self._shown or self.revealer is None:
            return
        number = fetch_full_id(self, self.revealer)
        if number is None:
            return
        self._number, self._shown = number, True
        self.edit.setText(number)
        self._update()
        self.edit.setFocus()

    def _update(self) -> None:
        # in a form for a new record the number shows only while it is typed (the one typing
        # knows it; someone passing by does not), as a password would
        echo = QLineEdit.EchoMode.PasswordEchoOnEdit if self.revealer is None else QLineEdit.EchoMode.Normal
        self.edit.setEchoMode(echo)
        self.edit.setReadOnly(not self._shown)
        self.show_button.setVisible(self.revealer is not None)
        self.show_button.setEnabled(not self._shown)


class MaskedIdField(Field[MaskedIdEdit]):
    """A form's ID number (`MaskedIdEdit`); the form sets the widget's `revealer`."""

    def __init__(self, label: str = "", *, max_length: int = 18, **options: Any) -> None:
        super().__init__(label, **options)
        self.max_length = max_length

    def create(self) -> MaskedIdEdit:
        return MaskedIdEdit(self.max_length)

    def get(self, widget: MaskedIdEdit) -> str:
        return widget.value()

    def set(self, widget: MaskedIdEdit, value: Any) -> None:
        widget.set_value("" if value is None else str(value))
