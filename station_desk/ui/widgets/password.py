"""A password box and the colour of an error message: all the sign-in window needs of the
form widgets, kept apart from `forms.py` so that the window paints without loading the form
machinery (its item views, date inputs and field declarations; issue 15)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

ERROR_STYLE = "color: #b00020;"


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit
