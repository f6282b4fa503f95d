"""The manifest and checking a folder against it: ok / missing / changed / extra, a manifest
edited afterwards, encrypted files that do not authenticate, and a wrong passphrase."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station_desk.exchange.crypto import (
    EncryptionKey,
    KdfParams,
    Keyring,
    WrongPassphraseError,
    encrypt_bytes,
)
from station_desk.exchange.manifest import (
    MANIFEST_NAME,
    CheckStatus,
    Manifest,
    ManifestError,
    ManifestFile,
    load_manifest,
    manifest_bytes,
    summarise,
    verify_folder,
)
from station_desk.exchange.safe_write import sha256_file

PASSPHRASE = "correct-horse-2026"
KEY = EncryptionKey.create(PASSPHRASE, KdfParams(1, 8 * 1024, 1))


def _entry(folder: Path, name: str, encrypted: bool, kind: str = "document") -> ManifestFile:
    path = folder / name
    return ManifestFile(name, path.stat().st_size, sha256_file(path), encrypted, kind)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An export folder: a plain PDF, an encrypted package, and a sealed manifest."""
    path = tmp_path / "和平里社区警务室_20261130_1502"
    path.mkdir()
    (path / "会议记录.pdf").write_bytes(b"%PDF-1.7 minutes")
    (path / "data.sdpkg").write_bytes(encrypt_bytes(b"records" * 1000, KEY, "data-package"))
    files = (_entry(path, "会议记录.pdf", False), _entry(path, "data.sdpkg", True, "data-package"))
    manifest = Manifest(
        kind="export",
        room="和平里社区警务室",
        station="和平里派出所",
        username="officer",
        user_display_name="李明",
        created_at="2026-11-30T15:02:00+08:00",
        app_version="0.1.0",
        audit_head_hash="ab" * 32,
        audit_entries=42,
        files=files,
        period_from="2026-11-01",
        period_to="2026-11-30",
    )
    (path / MANIFEST_NAME).write_bytes(manifest_bytes(manifest, KEY))
    return path


def statuses(checks: list) -> dict[str, CheckStatus]:
    return {check.name: check.status for check in checks}


def test_intact_folder_is_ok_with_and_without_passphrase(folder: Path) -> None:
    plain = verify_folder(folder)
    assert all(check.ok for check in plain)
    with_key = verify_folder(folder, PASSPHRASE)
    assert all(check.ok for check in with_key), with_key
    detail = {c.name: c.detail for c in with_key}
    assert detail[MANIFEST_NAME] == "seal matches"
    assert detail["data.sdpkg"] == "decrypted and authenticated"


def test_manifest_round_trips(folder: Path) -> None:
    manifest, body = load_manifest(folder)
    assert manifest.room == "和平里社区警务室"
    assert manifest.audit_head_hash == "ab" * 32
    assert [f.name for f in manifest.files] == ["会议记录.pdf", "data.sdpkg"]
    assert body["format"] == "station-desk-manifest"
    assert "seal" in body


def test_missing_file(folder: Path) -> None:
    (folder / "会议记录.pdf").unlink()
    assert statuses(verify_folder(folder))["会议记录.pdf"] is CheckStatus.MISSING


def test_changed_file(folder: Path) -> None:
    (folder / "会议记录.pdf").write_bytes(b"%PDF-1.7 minutes, edited")
    check = next(c for c in verify_folder(folder) if c.name == "会议记录.pdf")
    assert check.status is CheckStatus.CHANGED
    assert check.expected_size != check.actual_size


def test_same_size_changed_content(folder: Path) -> None:
    data = bytearray((folder / "会议记录.pdf").read_bytes())
    data[-1] ^= 1
    (folder / "会议记录.pdf").write_bytes(bytes(data))
    assert statuses(verify_folder(folder))["会议记录.pdf"] is CheckStatus.CHANGED


def test_extra_and_leftover_files_are_listed(folder: Path) -> None:
    (folder / "readme.txt").write_text("hi")
    (folder / "x.sdenc.partial").write_bytes(b"")
    checks = verify_folder(folder)
    assert statuses(checks)["readme.txt"] is CheckStatus.EXTRA
    assert statuses(checks)["x.sdenc.partial"] is CheckStatus.EXTRA
    assert summarise(checks)[CheckStatus.EXTRA] == 2


def test_manifest_edited_afterwards_is_noticed_with_the_passphrase(folder: Path) -> None:
    """Someone swaps a file and updates the manifest's hash to match: the seal catches it."""
    (folder / "会议记录.pdf").write_bytes(b"%PDF-1.7 forged!")
    body = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    body["files"][0]["size"] = (folder / "会议记录.pdf").stat().st_size
    body["files"][0]["sha256"] = sha256_file(folder / "会议记录.pdf")
    (folder / MANIFEST_NAME).write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    assert all(c.ok for c in verify_folder(folder))  # without the passphrase it looks fine
    assert statuses(verify_folder(folder, PASSPHRASE))[MANIFEST_NAME] is CheckStatus.CHANGED


def _forge_package(folder: Path, keep_seal: bool) -> None:
    """Replace the package by one under another passphrase and fix up the manifest."""
    other = EncryptionKey.create("another passphrase", KdfParams(1, 8 * 1024, 1))
    (folder / "data.sdpkg").write_bytes(encrypt_bytes(b"forged", other, "data-package"))
    body = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    if not keep_seal:
        del body["seal"]  # the forger cannot re-seal, so drops the seal
    body["files"][1]["size"] = (folder / "data.sdpkg").stat().st_size
    body["files"][1]["sha256"] = sha256_file(folder / "data.sdpkg")
    (folder / MANIFEST_NAME).write_text(json.dumps(body), encoding="utf-8")


def test_replaced_package_with_the_seal_dropped(folder: Path) -> None:
    _forge_package(folder, keep_seal=False)
    assert all(c.ok for c in verify_folder(folder))  # sizes and hashes were fixed up
    with pytest.raises(WrongPassphraseError):  # nothing confirms the passphrase: say so
        verify_folder(folder, PASSPHRASE)
    status = statuses(verify_folder(folder, "another passphrase"))
    assert status[MANIFEST_NAME] is CheckStatus.CHANGED  # encrypted files but no seal


def test_replaced_package_under_the_old_seal(folder: Path) -> None:
    _forge_package(folder, keep_seal=True)
    status = statuses(verify_folder(folder, PASSPHRASE))
    assert status[MANIFEST_NAME] is CheckStatus.CHANGED
    assert status["data.sdpkg"] is CheckStatus.CHANGED


def test_wrong_passphrase(folder: Path) -> None:
    with pytest.raises(WrongPassphraseError):
        verify_folder(folder, "not the passphrase")


def test_damaged_and_missing_manifest(folder: Path) -> None:
    (folder / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(ManifestError, match="changed or damaged"):
        verify_folder(folder)
    (folder / MANIFEST_NAME).unlink()
    with pytest.raises(ManifestError, match="no manifest"):
        verify_folder(folder)


def test_manifest_naming_a_path_outside_the_folder_is_refused(folder: Path) -> None:
    body = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    body["files"][0]["name"] = "../../etc/passwd"
    (folder / MANIFEST_NAME).write_text(json.dumps(body), encoding="utf-8")
    assert statuses(verify_folder(folder))["../../etc/passwd"] is CheckStatus.CHANGED


def test_progress_and_a_keyring_can_be_passed(folder: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    checks = verify_folder(folder, Keyring(PASSPHRASE), progress=lambda *a: seen.append(a))
    assert all(c.ok for c in checks)
    assert seen[-1] == (2, 2, "")
