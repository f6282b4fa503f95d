"""The imports made while the sign-in window waits (`ui/preload.py`) leave no source lines
cached: PySide6's import hook reads every module's source into `linecache` (25 MB with
SQLAlchemy and the services), which only tracebacks use (issue 15, memory)."""

from __future__ import annotations

import linecache
import sys

import sqlalchemy

from station_desk.ui import preload


def test_preloading_leaves_no_source_lines_cached() -> None:
    assert sqlalchemy.__file__ is not None
    linecache.getlines(sqlalchemy.__file__)  # as PySide6's hook does for a new module
    assert sqlalchemy.__file__ in linecache.cache
    preload._import_all()
    assert "station_desk.services.container" in sys.modules
    assert "station_desk.services.integrity" in sys.modules
    assert sqlalchemy.__file__ not in linecache.cache
