"""Issue 16.8: Qt's own file dialog speaks the interface language (no "Look in:" or "Files of
type:" inside the Chinese interface)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from station_desk.ui.language import apply_language

ENGLISH = ("Look in", "Files of type", "File name", "Back", "Parent Directory", "Detail View")


def dialog_texts(qtbot: QtBot) -> list[str]:
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    buttons = [b.text() or b.toolTip() for b in dialog.findChildren(QAbstractButton)]
    return [text.replace("&", "") for text in labels + buttons if text]


@pytest.mark.parametrize(("language", "look_in"), [("zh_CN", "查找范围"), ("zh_TW", "尋找於")])
def test_the_file_dialog_is_translated(
    qtbot: QtBot, qapp: QApplication, language: str, look_in: str
) -> None:
    apply_language(qapp, language)
    try:
        texts = dialog_texts(qtbot)
    finally:
        apply_language(qapp, "en")
    assert not [text for text in texts if any(word in text for word in ENGLISH)], texts
    assert any(text.startswith(look_in) for text in texts), texts
    assert "Look in:" in dialog_texts(qtbot)  # and English again in English


def test_the_file_type_column_is_translated(qapp: QApplication) -> None:
    apply_language(qapp, "zh_CN")
    try:
        folder = QCoreApplication.translate("QAbstractFileIconProvider", "Folder")
    finally:
        apply_language(qapp, "en")
    assert folder == "文件夹"
