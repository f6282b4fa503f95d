"""Finding the USB stick (移动存储): removable and external drives, without Qt.

Linux (also Kylin and UOS): the mounts in /proc/mounts whose block device is removable
(/sys/block/<disk>/removable is 1) or that are mounted under a media mount point (/media,
/run/media, /mnt). Windows: every drive letter whose type (GetDriveTypeW) is removable, plus
fixed drives other than the system drive (USB hard disks report "fixed"). Each drive comes
with its free and total space and its file system type, so the dialog can warn about FAT32's
4 GiB limit. Any folder can be chosen instead; nothing here is needed to write one.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MEDIA_ROOTS = ("/media", "/run/media", "/mnt")
SYS_ROOT = Path("/sys")
FAT_FILESYSTEMS = {"vfat", "fat", "fat32", "fat16", "msdos"}
_PSEUDO = {
    "proc",
    "sysfs",
    "tmpfs",
    "devtmpfs",
    "devpts",
    "cgroup",
    "cgroup2",
    "overlay",
    "squashfs",
    "autofs",
    "mqueue",
    "debugfs",
    "tracefs",
    "securityfs",
    "pstore",
    "fusectl",
    "configfs",
    "binfmt_misc",
    "hugetlbfs",
    "bpf",
    "ramfs",
    "nsfs",
}


@dataclass(frozen=True)
class Drive:
    """A place a stick is mounted: where, its label, file system, space, and how it is attached."""

    path: Path
    label: str
    filesystem: str
    total_bytes: int
    free_bytes: int
    removable: bool
    device: str = ""

    @property
    def is_fat(self) -> bool:
        """True on FAT file systems, where a file holds at most 4 GiB − 1 bytes."""
        return self.filesystem.lower() in FAT_FILESYSTEMS


Usage = Callable[[str], Any]  # shutil.disk_usage


def list_drives() -> list[Drive]:
    """The removable and external drives of this computer (empty when there are none)."""
    if sys.platform == "win32":
        return windows_drives()
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return linux_drives(mounts)


# -- Linux ----------------------------------------------------------------------------------


def _unescape(field: str) -> str:
    r"""/proc/mounts writes space, tab, newline and backslash as \040 \011 \012 \134."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def is_removable_device(device: str, sys_root: Path = SYS_ROOT) -> bool:
    """Whether /dev/<name> (a disk, or a partition of a disk) is marked removable in sysfs."""
    if not device.startswith("/dev/"):
        return False
    name = Path(os.path.realpath(device) if sys_root == SYS_ROOT else device).name
    node = sys_root / "class" / "block" / name  # a link into /sys/devices/.../block/<disk>/[part]
    candidates = [node, node.resolve().parent] if node.exists() else [sys_root / "block" / name]
    return any(_flag_set(candidate / "removable") for candidate in candidates)


def _flag_set(path: Path) -> bool:
    try:
        return path.read_text().strip() == "1"
    except OSError:
        return False


def _under_media(mount_point: str) -> bool:
    return any(mount_point == root or mount_point.startswith(root + "/") for root in MEDIA_ROOTS)


def linux_drives(
    mounts: str, sys_root: Path = SYS_ROOT, usage: Usage = shutil.disk_usage
) -> list[Drive]:
    """The drives among the lines of a /proc/mounts text."""
    drives = []
    seen: set[str] = set()
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        device, mount_point, fstype = _unescape(fields[0]), _unescape(fields[1]), fields[2]
        if fstype in _PSEUDO or mount_point in seen:
            continue
        removable = is_removable_device(device, sys_root)
        if not removable and not _under_media(mount_point):
            continue
        try:
            space = usage(mount_point)
        except OSError:
            continue  # mounted but gone (pulled out) or not readable
        seen.add(mount_point)
        drives.append(
            Drive(
                path=Path(mount_point),
                label=Path(mount_point).name or mount_point,
                filesystem=fstype,
                total_bytes=int(space.total),
                free_bytes=int(space.free),
                removable=removable,
                device=device,
            )
        )
    return drives


# -- Windows --------------------------------------------------------------------------------

DRIVE_REMOVABLE, DRIVE_FIXED = 2, 3
SEM_FAILCRITICALERRORS = 0x0001


def windows_drives(kernel32: Any = None, system_drive: str | None = None) -> list[Drive]:
    """Removable drives and non-system fixed drives (via ctypes; `kernel32` for tests)."""
    import ctypes

    k32 = kernel32 if kernel32 is not None else ctypes.windll.kernel32  # type: ignore[attr-defined]
    system = (system_drive or os.environ.get("SYSTEMDRIVE", "C:")).upper().rstrip("\\")
    previous_mode = k32.SetErrorMode(SEM_FAILCRITICALERRORS)  # no "insert a disk" pop-ups
    try:
        return _scan_letters(k32, system)
    finally:
        k32.SetErrorMode(previous_mode)


def _scan_letters(k32: Any, system: str) -> list[Drive]:
    mask = k32.GetLogicalDrives()
    drives = []
    for index in range(26):
        if not mask & (1 << index):
            continue
        letter = f"{chr(ord('A') + index)}:"
        root = letter + "\\"
        kind = k32.GetDriveTypeW(root)
        if kind not in (DRIVE_REMOVABLE, DRIVE_FIXED) or (kind == DRIVE_FIXED and letter == system):
            continue
        drive = _windows_drive(k32, root, kind == DRIVE_REMOVABLE)
        if drive is not None:
            drives.append(drive)
    return drives


def _windows_drive(k32: Any, root: str, removable: bool) -> Drive | None:
    import ctypes

    free, total = ctypes.c_ulonglong(0), ctypes.c_ulonglong(0)
    if not k32.GetDiskFreeSpaceExW(root, ctypes.byref(free), None, ctypes.byref(total)):
        return None  # a card reader without a card, or a stick just pulled out
    label = ctypes.create_unicode_buffer(261)
    fs_name = ctypes.create_unicode_buffer(261)
    ok = k32.GetVolumeInformationW(root, label, 261, None, None, None, fs_name, 261)
    return Drive(
        path=Path(root),
        label=(label.value if ok else "") or root.rstrip("\\"),
        filesystem=fs_name.value if ok else "",
        total_bytes=int(total.value),
        free_bytes=int(free.value),
        removable=removable,
        device=root,
    )


def filesystem_of(path: Path, mounts: str | None = None) -> str:
    """The file system type of the mount holding `path` on Linux; "" when unknown."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
    target = os.path.realpath(path)
    best, best_type = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


# --- the volume chosen for writing ----------------------------------------------------------


@dataclass(frozen=True)
class ChosenVolume:
    """The folder chosen to write into, and the volume it was on when it was chosen.

    A stick pulled out (or lazily unmounted) leaves its mount point behind as an empty folder
    on the PC's own disk; writing "to the stick" would then quietly write there. `check()`
    refuses when the folder is gone, lies on another device than when it was chosen, or is
    no longer the mount point (or inside the mounted volume) it was. `choose()` also refuses
    a folder under /media, /run/media or /mnt that is not on a mounted volume at all.
    """

    path: Path
    device: int
    mount_point: Path

    @classmethod
    def choose(cls, path: Path) -> ChosenVolume:
        """Record where `path` is now; TargetGoneError when nothing is mounted there."""
        from station_desk.exchange.safe_write import TargetGoneError

        try:
            device = os.stat(path).st_dev
        except OSError:
            raise TargetGoneError(_stick_gone(path)) from None
        mount = mount_point_of(path)
        if os.name == "posix" and _under_media(str(path.resolve())) and not _under_media(str(mount)):
            raise TargetGoneError(_stick_gone(path))  # a bare mount point on the PC's own disk
        return cls(path, device, mount)

    def check(self) -> None:
        """Raise TargetGoneError unless `path` is still on the chosen volume."""
        from station_desk.exchange.safe_write import TargetGoneError

        try:
            same = os.stat(self.path).st_dev == self.device
            mounted = os.path.ismount(self.mount_point) or self.mount_point == Path(self.mount_point.anchor)
        except OSError:
            same = mounted = False
        if not (same and mounted and mount_point_of(self.path) == self.mount_point):
            raise TargetGoneError(_stick_gone(self.path))


def checked_opener(opener: Callable[[Path], Any], volume: ChosenVolume) -> Callable[[Path], Any]:
    """`opener` that first checks that the volume is still the chosen one (before each file)."""

    def open_checked(path: Path) -> Any:
        volume.check()
        return opener(path)

    return open_checked


def mount_point_of(path: Path) -> Path:
    """The mount point of the volume holding `path` (the nearest mounted ancestor)."""
    current = path.resolve()
    while not os.path.ismount(current) and current.parent != current:
        current = current.parent
    return current


def _stick_gone(path: Path) -> str:
    from station_desk.i18n import _

    return _(
        "{path} is no longer the USB stick or drive that was chosen (was it removed or "
        "unmounted?). Nothing was written there; plug the stick in and choose it again."
    ).format(path=path)
