"""What the first window leaves until it has painted (`ui/preload.after_first_paint`): run
once, on the GUI thread, after the first paint; or when the window is closed before it ever
painted, so that a dialog closed at once is still deleted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout
from pytestqt.qtbot import QtBot

from station_desk.ui.preload import after_first_paint
from station_desk.ui.widgets.dialogs import delete_on_close


class Paints(QObject):
    """Counts the paint events of the widget it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _dialog(qtbot: QtBot) -> QDialog:
    dialog = QDialog()
    QVBoxLayout(dialog).addWidget(QLabel("登录"))
    qtbot.addWidget(dialog)
    return dialog


def test_runs_once_after_the_first_paint(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    paints = Paints()
    dialog.installEventFilter(paints)
    seen: list[int] = []
    after_first_paint(dialog, lambda: seen.append(paints.count), lambda: seen.append(-1))
    assert seen == []
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[0] >= 1 and seen[1] == -1  # painted first, then in the order given
    dialog.update()
    qtbot.waitUntil(lambda: paints.count > seen[0])
    dialog.hide()
    qtbot.wait(20)
    assert len(seen) == 2  # once only


def test_runs_when_closed_before_it_painted(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    seen: list[str] = []
    after_first_paint(dialog, lambda: seen.append("done"))
    dialog.show()
    dialog.reject()  # before the event loop painted it
    assert seen == ["done"]
    assert not dialog.isVisible()


def test_a_dialog_closed_before_it_painted_is_still_deleted(qtbot: QtBot) -> None:
    """As the flow presents its first window: `delete_on_close` once painted."""
    dialog = QDialog()
    destroyed: list[bool] = []
    dialog.destroyed.connect(lambda: destroyed.append(True))
    after_first_paint(dialog, lambda: delete_on_close(dialog))
    dialog.show()
    dialog.reject()
    qtbot.waitUntil(lambda: destroyed == [True])
