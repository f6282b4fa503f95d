"""A stick pulled (or lazily unmounted) before or while an export or a backup is written: the
target is checked to be the volume that was chosen — same device, still its mount point —
before and while writing, and nothing lands in the bare mount-point folder on the PC's disk.

Real mounts: a small tmpfs stands for the stick under a stand-in for /media; `umount -l`
pulls it, leaving the mount point behind as an ordinary folder.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from station_desk.domain.accounts import Principal
from station_desk.exchange import drives
from station_desk.exchange.drives import ChosenVolume
from station_desk.exchange.safe_write import TargetGoneError, default_opener
from station_desk.services.backup import BackupService
from station_desk.services.container import Services
from tests.integration.services.test_export import LIGHT, PASSPHRASE, make_service, records, request  # noqa: F401
from tests.unit.exchange.faults import SmallFs, small_fs_at


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmallFs]:
    media = tmp_path / "media"
    media.mkdir()
    monkeypatch.setattr(drives, "MEDIA_ROOTS", (str(media),))
    yield from small_fs_at(media, "4m")


def pull(stick: SmallFs) -> None:
    subprocess.run(["umount", "-l", str(stick.path)], check=True)


def test_a_volume_unmounted_after_it_was_chosen_is_refused(stick: SmallFs) -> None:
    volume = ChosenVolume.choose(stick.path)
    volume.check()
    pull(stick)
    assert stick.path.is_dir()  # the bare mount point is still there
    with pytest.raises(TargetGoneError, match="no longer the USB stick"):
        volume.check()


def test_a_bare_mount_point_under_media_is_not_a_stick(stick: SmallFs) -> None:
    pull(stick)
    with pytest.raises(TargetGoneError):
        ChosenVolume.choose(stick.path)


def test_export_after_the_stick_was_pulled_writes_nothing(
    services: Services, admin: Principal, stick: SmallFs, records: dict[str, str]  # noqa: F811
) -> None:
    chosen = ChosenVolume.choose(stick.path)  # the dialog records the stick when it is chosen
    pull(stick)
    with pytest.raises(TargetGoneError):
        make_service(services).export(admin, request(stick.path, volume=chosen))
    with pytest.raises(TargetGoneError):  # the command line: the target as it is now
        make_service(services).export(admin, request(stick.path))
    assert list(stick.path.iterdir()) == []


def test_export_stops_when_the_stick_goes_while_writing(
    services: Services, admin: Principal, stick: SmallFs, records: dict[str, str]  # noqa: F811
) -> None:
    opened: list[Path] = []

    def opener(path: Path) -> Any:
        opened.append(path)
        if len(opened) == 2:
            pull(stick)
        return default_opener(path)

    with pytest.raises(TargetGoneError):
        make_service(services, opener=opener).export(admin, request(stick.path))
    assert len(opened) == 2  # the third file was never opened
    assert list(stick.path.iterdir()) == []


def test_backup_to_a_pulled_stick_writes_nothing(services: Services, admin: Principal, stick: SmallFs) -> None:
    pull(stick)
    backup = BackupService(services.db, kdf=LIGHT)
    with pytest.raises(TargetGoneError):
        backup.backup_to(admin, stick.path, PASSPHRASE)
    assert list(stick.path.iterdir()) == []
