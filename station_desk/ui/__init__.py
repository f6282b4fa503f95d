"""The Qt user interface: the only package that imports PySide6 or qtawesome.

Widgets call the service objects of `station_desk.services.container.Services` and show the
DTOs they return; they never touch the database.
"""

import sys

import PySide6  # noqa: F401  (installs its import hook: marked below, before any screen imports)


def _skip_pyside_source_scan() -> None:
    """Spare start-up PySide6's reading of the modules loaded before it.

    PySide6's import hook reads the whole source of each module the first time an import
    names it after PySide6 is loaded, to see whether it selects a `__feature__` (snake_case,
    true_property). The 240 standard-library and other modules loaded before were read
    again as the sign-in window's modules imported them: 4–7 ms of its start (issue 15).
    None of them can select a feature (nothing outside ui/ uses Qt: check_layers.py), so
    each is marked as the scan would find it, -1: "ignore this module". Another PySide6
    that has no such table is left as it is."""
    marks = getattr(sys.modules.get("shibokensupport.feature"), "pyside_feature_dict", None)
    if isinstance(marks, dict):
        for name in list(sys.modules):
            if not name.startswith(("PySide6", "shiboken6", "station_desk.ui")):
                marks.setdefault(name, -1)


_skip_pyside_source_scan()
