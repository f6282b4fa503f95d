"""Declarative forms: each input is declared once — its label, its widget, the attribute of the
record it shows — and the form fills itself from a record (a DTO) and reads one back.

    class VisitDialog(FormDialog):
        visit_date = DayField(N_("Date:"))
        method = ChoiceField(N_("Method:"), VisitMethod)
        visitor = LineField(N_("Visited by:"))

        def save(self) -> None:
            entry = self.read_record(self._visit)            # the visit with the typed values
            self.saved = self._services.mediation.save_return_visit(...)

The class attributes are the fields, in the order they are written; on an instance the same
name is the field's widget (`dialog.visitor.setText(...)`), typed for mypy. The field's key is
its attribute name unless given (`key=`): it names the record's attribute and the field a
service's `ValidationError` speaks of, so the error shows under the input (`FieldForm`).
A class with fields for several forms (an editor's tabs) puts them in named `group`s.

- `build_fields(form, group)` makes the widgets and adds the labelled rows to a `FieldForm`;
- `show_record(record, group)` puts the record's values in (attributes it lacks are skipped),
  `show_values(mapping, group)` values by key;
- `record_values(group)` gives the typed values by key; `read_record(record, group)` returns
  `record` with them replaced, `new_record(type, group)` a new one made of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime, time
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from station_desk.domain.enums import Gender
from station_desk.i18n import N_, _
from station_desk.ui.widgets.inputs import (
    NameCombo,
    OptionalDate,
    OptionalDateTime,
    date_edit,
    date_time_edit,
    day_of,
    enum_choice,
    from_qdatetime,
    gender_choice,
    set_choice,
    text_box,
    time_edit,
    to_qdate,
    to_qdatetime,
    to_time,
)

if TYPE_CHECKING:
    from station_desk.ui.widgets.forms import FieldForm

W = TypeVar("W", bound=QWidget)
R = TypeVar("R")
SET = N_("Set")  # the check box of an optional date whose row label says what is set


class Field(Generic[W]):
    """One input of a declared form; subclasses say which widget and how its value reads."""

    reads = True  # False for a shown-only row (a note): never read back into a record

    def __init__(
        self, label: str = "", *, key: str = "", aliases: tuple[str, ...] = (), group: str = "",
        tooltip: str = "",
    ) -> None:
        self.label = label  # a message id (N_), translated when the form is built
        self.key = key
        self.aliases = aliases
        self.group = group
        self.tooltip = tooltip
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.key = self.key or name

    @overload
    def __get__(self, instance: None, owner: type) -> Field[W]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> W: ...
    def __get__(self, instance: object, owner: type) -> Field[W] | W:
        # once built, the widget sits in the instance's __dict__ under the same name
        if instance is None:
            return self
        raise AttributeError(f"{type(instance).__name__}.{self.name}: the form is not built yet")

    def make(self) -> W:
        widget = self.create()
        if self.tooltip:
            widget.setToolTip(_(self.tooltip))
        return widget

    def create(self) -> W:
        raise NotImplementedError

    def get(self, widget: W) -> Any:
        raise NotImplementedError

    def set(self, widget: W, value: Any) -> None:
        raise NotImplementedError


class LineField(Field[QLineEdit]):
    """One line of text; `shown` turns a record's value into text (tuples of skills)."""

    def __init__(
        self, label: str = "", *, max_length: int = 0, placeholder: str = "",
        shown: Callable[[Any], str] = str, **options: Any,
    ) -> None:
        super().__init__(label, **options)
        self.max_length, self.placeholder, self.shown = max_length, placeholder, shown

    def create(self) -> QLineEdit:
        edit = QLineEdit()
        if self.max_length:
            edit.setMaxLength(self.max_length)
        if self.placeholder:
            edit.setPlaceholderText(_(self.placeholder))
        return edit

    def get(self, widget: QLineEdit) -> str:
        return widget.text()

    def set(self, widget: QLineEdit, value: Any) -> None:
        widget.setText("" if value is None else self.shown(value))


class PasswordField(LineField):
    def create(self) -> QLineEdit:
        edit = super().create()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit


class TextField(Field[QPlainTextEdit]):
    """Several lines of text, at least `height` pixels high (exactly, when `fixed`)."""

    def __init__(self, label: str = "", *, height: int = 70, fixed: bool = False,
                 placeholder: str = "", **options: Any) -> None:
        super().__init__(label, **options)
        self.height, self.fixed, self.placeholder = height, fixed, placeholder

    def create(self) -> QPlainTextEdit:
        box = text_box(height=self.height)
        if self.fixed:
            box.setFixedHeight(self.height)
        if self.placeholder:
            box.setPlaceholderText(_(self.placeholder))
        return box

    def get(self, widget: QPlainTextEdit) -> str:
        return widget.toPlainText()

    def set(self, widget: QPlainTextEdit, value: Any) -> None:
        widget.setPlainText(value or "")


class ChoiceField(Field[QComboBox]):
    """One member of an enum (its labels as choices); with `empty`, also "none" (None)."""

    def __init__(self, label: str, enum: type[Enum], *, empty: str | None = None,
                 **options: Any) -> None:
        super().__init__(label, **options)
        self.enum, self.empty = enum, empty

    def create(self) -> QComboBox:
        return enum_choice(list(self.enum), empty=None if self.empty is None else _(self.empty))

    def get(self, widget: QComboBox) -> Any:
        data = widget.currentData()
        return None if data is None else self.enum(data)

    def set(self, widget: QComboBox, value: Any) -> None:
        set_choice(widget, None if value is None else self.enum(value).value)


class GenderField(ChoiceField):
    """Male, female, or not known (None)."""

    def __init__(self, label: str, *, empty: str, **options: Any) -> None:
        super().__init__(label, Gender, empty=empty, **options)

    def create(self) -> QComboBox:
        return gender_choice(None, _(self.empty) if self.empty else "")


class DataChoiceField(Field[QComboBox]):
    """A choice among items the form fills in (teams, organisations): the item's data.
    `items` (label message id, data) are added when the field is made."""

    def __init__(self, label: str, *, items: tuple[tuple[str, Any], ...] = (),
                 **options: Any) -> None:
        super().__init__(label, **options)
        self.items = items

    def create(self) -> QComboBox:
        combo = QComboBox()
        for text, data in self.items:
            combo.addItem(_(text), data)
        return combo

    def get(self, widget: QComboBox) -> Any:
        return widget.currentData()

    def set(self, widget: QComboBox, value: Any) -> None:
        widget.setCurrentIndex(max(0, widget.findData(value)))


class NameField(Field[NameCombo]):
    """A person's name, typed or chosen among names offered (`set_choices`)."""

    def create(self) -> NameCombo:
        return NameCombo()

    def get(self, widget: NameCombo) -> str:
        return widget.text()

    def set(self, widget: NameCombo, value: Any) -> None:
        widget.set_text(value or "")


class DayField(Field[QDateEdit]):
    def create(self) -> QDateEdit:
        return date_edit(date.today())

    def get(self, widget: QDateEdit) -> date:
        return day_of(widget)

    def set(self, widget: QDateEdit, value: Any) -> None:
        if value is not None:
            widget.setDate(to_qdate(value))


class MomentField(Field[QDateTimeEdit]):
    """A date and a time to the minute."""

    def create(self) -> QDateTimeEdit:
        return date_time_edit()

    def get(self, widget: QDateTimeEdit) -> datetime:
        return from_qdatetime(widget.dateTime())

    def set(self, widget: QDateTimeEdit, value: Any) -> None:
        if value is not None:
            widget.setDateTime(to_qdatetime(value))


class TimeField(Field[QTimeEdit]):
    def create(self) -> QTimeEdit:
        return time_edit()

    def get(self, widget: QTimeEdit) -> time:
        return to_time(widget.time())

    def set(self, widget: QTimeEdit, value: Any) -> None:
        if value is not None:
            widget.setTime(QTime(value.hour, value.minute))


class OptionalDayField(Field[OptionalDate]):
    """A date that may be left unset: a check box (`check`, "Set" by default) switches it on.
    A row without a label names the date in the check box's `tooltip` instead."""

    def __init__(self, label: str = "", *, check: str = "", **options: Any) -> None:
        super().__init__(label, **options)
        self.check = check

    def create(self) -> OptionalDate:
        return OptionalDate(_(self.check or SET), tooltip=_(self.tooltip) if self.tooltip else "")

    def make(self) -> OptionalDate:  # the tooltip belongs to the check box
        return self.create()

    def get(self, widget: OptionalDate) -> date | None:
        return widget.value()

    def set(self, widget: OptionalDate, value: Any) -> None:
        widget.set_value(value)


class OptionalMomentField(OptionalDayField):
    @overload  # type: ignore[override]
    def __get__(self, instance: None, owner: type) -> OptionalMomentField: ...
    @overload
    def __get__(self, instance: object, owner: type) -> OptionalDateTime: ...
    def __get__(self, instance: object, owner: type) -> Any:
        return super().__get__(instance, owner)

    def create(self) -> OptionalDateTime:
        text = _(self.check or SET)
        return OptionalDateTime(text, tooltip=_(self.tooltip) if self.tooltip else "")


class CheckField(Field[QCheckBox]):
    """Yes or no: a check box saying `text`, in a row without a label."""

    def __init__(self, text: str, **options: Any) -> None:
        super().__init__("", **options)
        self.text = text

    def create(self) -> QCheckBox:
        return QCheckBox(_(self.text) if self.text else "")

    def get(self, widget: QCheckBox) -> bool:
        return widget.isChecked()

    def set(self, widget: QCheckBox, value: Any) -> None:
        widget.setChecked(bool(value))


class NumberField(Field[QSpinBox]):
    def __init__(self, label: str, *, minimum: int = 0, maximum: int = 99, suffix: str = "",
                 special: str = "", max_width: int = 0, **options: Any) -> None:
        super().__init__(label, **options)
        self.minimum, self.maximum, self.suffix = minimum, maximum, suffix
        self.special, self.max_width = special, max_width  # `special`: the minimum's text

    def create(self) -> QSpinBox:
        box = QSpinBox()
        box.setRange(self.minimum, self.maximum)
        if self.suffix:
            box.setSuffix(_(self.suffix))
        if self.special:
            box.setSpecialValueText(_(self.special))
        if self.max_width:
            box.setMaximumWidth(self.max_width)
        return box

    def get(self, widget: QSpinBox) -> int:
        return widget.value()

    def set(self, widget: QSpinBox, value: Any) -> None:
        widget.setValue(int(value))


class NoteField(Field[QLabel]):
    """A line the form shows (what an ID number says, a warning); never read back."""

    reads = False

    def __init__(self, label: str = "", *, style: str = "", wrap: bool = False,
                 **options: Any) -> None:
        super().__init__(label, **options)
        self.style, self.wrap = style, wrap

    def create(self) -> QLabel:
        note = QLabel()
        note.setWordWrap(self.wrap)
        if self.style:
            note.setStyleSheet(self.style)
        return note

    def get(self, widget: QLabel) -> str:
        return widget.text()

    def set(self, widget: QLabel, value: Any) -> None:
        widget.setText(str(value))


class WidgetField(Field[W]):
    """A widget of the application's own with `value()` and `set_value()` (a grid of
    availability), made by `factory`; with `read=False` any widget, shown but not read."""

    def __init__(self, label: str, factory: Callable[[], W], *, read: bool = True,
                 **options: Any) -> None:
        super().__init__(label, **options)
        self.factory, self.reads = factory, read

    def create(self) -> W:
        return self.factory()

    def get(self, widget: W) -> Any:
        return widget.value()  # type: ignore[attr-defined]

    def set(self, widget: W, value: Any) -> None:
        widget.set_value(value)  # type: ignore[attr-defined]


class DeclaredFields:
    """Mixin for a widget (a dialog, an editor, a tab) whose inputs are declared `Field`s."""

    @classmethod
    def fields(cls, group: str | None = "") -> list[Field[Any]]:
        """The declared fields of `group` (None: all), in the order they are written; a
        subclass may redeclare a field of its base."""
        found: dict[str, Field[Any]] = {}  # a redeclared field keeps its base's place
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Field):
                    found[name] = value
        return [f for f in found.values() if group is None or f.group == group]

    def _widgets(self, group: str | None) -> Iterator[tuple[Field[Any], Any]]:
        for field in self.fields(group):
            yield field, vars(self)[field.name]

    def build_fields(self, form: FieldForm, group: str = "") -> list[QWidget]:
        """Make the widgets of `group` and add them, labelled, to `form`; returns them."""
        made = []
        for field in self.fields(group):
            widget = field.make()
            vars(self)[field.name] = widget  # from now on `self.<name>` is the widget
            form.add_field(field.key, widget, *field.aliases)
            form.set_label(field.key, _(field.label) if field.label else "")
            made.append(widget)
        return made

    def input_widgets(self, group: str | None = "") -> list[Any]:
        """The widgets of the fields that are read back (not the notes)."""
        return [widget for field, widget in self._widgets(group) if field.reads]

    def show_record(self, record: object, group: str | None = "") -> None:
        """Show the values of `record` (a DTO); fields it has no attribute for are left."""
        keys = (field.key for field in self.fields(group))
        self.show_values({key: getattr(record, key) for key in keys if hasattr(record, key)}, group)

    def show_values(self, values: Mapping[str, Any], group: str | None = "") -> None:
        """Show `values` by key (as `record_values` gives them); other fields are left."""
        for field, widget in self._widgets(group):
            if field.reads and field.key in values:
                field.set(widget, values[field.key])

    def record_values(self, group: str | None = "") -> dict[str, Any]:
        return {field.key: field.get(widget) for field, widget in self._widgets(group) if field.reads}

    def read_record(self, record: R, group: str | None = "", /, **extra: Any) -> R:
        """`record` (a dataclass) with the typed values (and `extra`) in place of its own."""
        return replace(record, **self.record_values(group), **extra)  # type: ignore[type-var]

    def new_record(self, kind: Callable[..., R], group: str | None = "", /, **extra: Any) -> R:
        return kind(**self.record_values(group), **extra)
