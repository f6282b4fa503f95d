"""The layering contract holds for the package (and the checker does catch a violation)."""

from __future__ import annotations

from pathlib import Path

from build_scripts.check_layers import violations


def test_package_respects_layers() -> None:
    assert violations() == []


def test_checker_catches_qt_in_services_and_sessions_in_ui(tmp_path: Path) -> None:
    package = tmp_path / "station_desk"
    (package / "services").mkdir(parents=True)
    (package / "ui").mkdir()
    (package / "services" / "bad.py").write_text("from PySide6.QtWidgets import QWidget\n")
    (package / "ui" / "bad.py").write_text("import sqlalchemy\nfrom station_desk.db.models import User\n")
    found = violations(package)
    assert len(found) == 3
    assert any("services/bad.py:1: imports PySide6.QtWidgets" in f for f in found)
