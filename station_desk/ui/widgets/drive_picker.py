"""Where an export or backup goes (目标位置): the USB sticks found, or any folder.

`DrivePicker` is a combo of `list_drives()` — label, mount point, free space of total and
file system — with "Choose folder…" (a non-blocking folder dialog) and "Refresh" for a stick
plugged in after the dialog opened. `target()` is the chosen folder or None.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QPushButton, QWidget

from station_desk.errors import StorageError
from station_desk.exchange.drives import ChosenVolume, Drive, list_drives
from station_desk.i18n import _
from station_desk.ui.icons import icon
from station_desk.ui.widgets.dialogs import open_dialog


def data_size(size: int) -> str:
    """A byte count as people read it (1.5 GB), in the interface language."""
    return QLocale().formattedDataSize(size)


def drive_text(drive: Drive) -> str:
    name = drive.label or drive.path.name or str(drive.path)
    return _("{name} ({path}) — {free} free of {total}, {filesystem}").format(
        name=name,
        path=drive.path,
        free=data_size(drive.free_bytes),
        total=data_size(drive.total_bytes),
        filesystem=drive.filesystem or "?",
    )


class DrivePicker(QWidget):
    """A combo of drives and chosen folders; emits `changed` when the target changes."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, drives: Callable[[], list[Drive]] = list_drives
    ) -> None:
        super().__init__(parent)
        self._drives = drives
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(30)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.currentIndexChanged.connect(lambda _index: self._target_chosen())
        self.choose_button = QPushButton(icon("open"), _("Choose folder…"))
        self.choose_button.clicked.connect(self.choose_folder)
        self.refresh_button = QPushButton(icon("reset"), "")
        self.refresh_button.setToolTip(_("Look for USB sticks again"))
        self.refresh_button.clicked.connect(self.refresh)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.refresh_button)
        layout.addWidget(self.choose_button)
        self._folders: list[Path] = []
        self._volume: ChosenVolume | None = None
        self.refresh()

    def refresh(self) -> None:
        """List the drives again, keeping the chosen target when it is still there."""
        chosen = self.target()
        self.combo.blockSignals(True)
        self.combo.clear()
        try:
            drives = self._drives()
        except OSError:
            drives = []
        for drive in drives:
            self.combo.addItem(icon("drive"), drive_text(drive), str(drive.path))
        for folder in self._folders:
            self.combo.addItem(icon("open"), str(folder), str(folder))
        if self.combo.count() == 0:
            self.combo.setPlaceholderText(_("No USB stick found — choose a folder"))
        index = self.combo.findData(str(chosen)) if chosen is not None else -1
        self.combo.setCurrentIndex(index if index >= 0 else (0 if self.combo.count() else -1))
        self.combo.blockSignals(False)
        self._target_chosen()

    def _target_chosen(self) -> None:
        """Remember the volume the chosen target is on now (a stick pulled later is noticed)."""
        target = self.target()
        try:
            self._volume = ChosenVolume.choose(target) if target is not None else None
        except StorageError:  # gone already, or a bare mount point: the export refuses it
            self._volume = None
        self.changed.emit()

    def chosen_volume(self) -> ChosenVolume | None:
        """The volume of the target as it was when chosen (None when it could not be read)."""
        target = self.target()
        return self._volume if self._volume is not None and self._volume.path == target else None

    def target(self) -> Path | None:
        data = self.combo.currentData()
        return Path(data) if data else None

    def set_folder(self, folder: Path) -> None:
        """Choose `folder` (added to the list once)."""
        if folder not in self._folders:
            self._folders.append(folder)
            self.combo.addItem(icon("open"), str(folder), str(folder))
        self.combo.setCurrentIndex(self.combo.findData(str(folder)))

    def choose_folder(self) -> QFileDialog:
        """Ask for a folder without blocking; `set_folder()` runs with the answer."""
        start = str(self.target() or Path.home())
        dialog = QFileDialog(self, _("Choose the target folder"), start)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda name: self.set_folder(Path(name)))
        return open_dialog(dialog)
