"""Finding the stick: Linux mounts with a fake sysfs, Windows with a fake kernel32."""

from __future__ import annotations

import ctypes
from collections import namedtuple
from pathlib import Path
from typing import Any

from station_desk.exchange import drives
from station_desk.exchange.drives import Drive, filesystem_of, linux_drives, windows_drives

Usage = namedtuple("Usage", "total used free")

MOUNTS = """\
proc /proc proc rw,relatime 0 0
/dev/sda2 / ext4 rw,relatime 0 0
/dev/sda1 /boot/efi vfat rw 0 0
tmpfs /run tmpfs rw 0 0
/dev/sdb1 /media/zhang/KINGSTON\\040USB vfat rw,nosuid,nodev 0 0
/dev/sdc1 /run/media/zhang/BACKUP exfat rw 0 0
/dev/sdd1 /srv/usbdisk ntfs3 rw 0 0
/dev/sde1 /media/zhang/GONE vfat rw 0 0
"""


def fake_sys(root: Path) -> Path:
    """sysfs with sda fixed, sdb and sdd removable, sdc fixed (a USB hard disk)."""
    for disk, removable in (("sda", "0"), ("sdb", "1"), ("sdc", "0"), ("sdd", "1"), ("sde", "1")):
        device = root / "devices" / "pci" / "block" / disk
        (device / f"{disk}1").mkdir(parents=True)
        (device / "removable").write_text(removable + "\n")
        (root / "class" / "block").mkdir(parents=True, exist_ok=True)
        (root / "class" / "block" / f"{disk}1").symlink_to(device / f"{disk}1")
    return root


def usage(path: str) -> Usage:
    if path.endswith("GONE"):
        raise FileNotFoundError(path)
    return Usage(16 * 2**30, 2**30, 15 * 2**30)


def test_linux_removable_and_media_mounts(tmp_path: Path) -> None:
    found = linux_drives(MOUNTS, fake_sys(tmp_path / "sys"), usage)
    by_path = {str(d.path): d for d in found}
    assert set(by_path) == {"/media/zhang/KINGSTON USB", "/run/media/zhang/BACKUP", "/srv/usbdisk"}
    stick = by_path["/media/zhang/KINGSTON USB"]
    assert stick.removable and stick.is_fat and stick.filesystem == "vfat"
    assert stick.label == "KINGSTON USB"
    assert stick.free_bytes == 15 * 2**30 and stick.total_bytes == 16 * 2**30
    assert not by_path["/run/media/zhang/BACKUP"].removable  # external disk under /run/media
    assert by_path["/srv/usbdisk"].removable  # removable, mounted elsewhere


def test_linux_without_sysfs_uses_media_points_only(tmp_path: Path) -> None:
    found = linux_drives(MOUNTS, tmp_path / "no-sys", usage)
    assert {str(d.path) for d in found} == {"/media/zhang/KINGSTON USB", "/run/media/zhang/BACKUP"}


def test_list_drives_runs_on_this_machine() -> None:
    assert all(isinstance(d, Drive) for d in drives.list_drives())


def test_filesystem_of_picks_the_deepest_mount() -> None:
    assert filesystem_of(Path("/media/zhang/KINGSTON USB/export"), MOUNTS) == "vfat"
    assert filesystem_of(Path("/home/zhang"), MOUNTS) == "ext4"


class FakeKernel32:
    """Drives C: (system, fixed), D: (CD), E: (stick, FAT32), F: (USB disk), G: (empty reader)."""

    TYPES = {"C:\\": 3, "D:\\": 5, "E:\\": 2, "F:\\": 3, "G:\\": 2}

    def __init__(self) -> None:
        self.error_modes: list[int] = []

    def SetErrorMode(self, mode: int) -> int:  # noqa: N802 - the Windows API's name
        self.error_modes.append(mode)
        return 0

    def GetLogicalDrives(self) -> int:  # noqa: N802
        return sum(1 << (ord(root[0]) - ord("A")) for root in self.TYPES)

    def GetDriveTypeW(self, root: str) -> int:  # noqa: N802
        return self.TYPES[root]

    def GetDiskFreeSpaceExW(self, root: str, free: Any, _caller: Any, total: Any) -> int:  # noqa: N802
        if root == "G:\\":
            return 0
        free._obj.value = 3 * 2**30
        total._obj.value = 8 * 2**30
        return 1

    def GetVolumeInformationW(self, root: str, label: Any, *args: Any) -> int:  # noqa: N802
        fs_buffer = args[-2]
        label.value = {"E:\\": "警务室U盘", "F:\\": "BACKUP"}.get(root, "")
        fs_buffer.value = "FAT32" if root == "E:\\" else "NTFS"
        return 1


def test_windows_removable_and_external_drives() -> None:
    kernel = FakeKernel32()
    found = windows_drives(kernel, system_drive="C:")
    assert [(str(d.path), d.label, d.filesystem, d.removable) for d in found] == [
        ("E:\\", "警务室U盘", "FAT32", True),
        ("F:\\", "BACKUP", "NTFS", False),
    ]
    assert found[0].is_fat
    assert found[0].free_bytes == 3 * 2**30
    assert kernel.error_modes == [1, 0]  # no "insert a disk" pop-up, then restored
    assert isinstance(ctypes.c_ulonglong(1).value, int)
