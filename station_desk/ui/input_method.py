"""Chinese input (输入法) on Linux desktops: Fcitx 5 reached through Qt's IBus plugin.

Qt loads the input-method plugin named by `QT_IM_MODULE`. A Fcitx desktop (Kylin, UOS,
deepin, most Chinese setups) sets it to ``fcitx``, but the Qt inside Station Desk (PySide6's
own) brings only the ``ibus`` and ``compose`` plugins: a fcitx plugin must be compiled
against the exact Qt version, private headers included. Qt would then fall back to
``compose`` and the officer could type no Chinese at all.

Fcitx 5 also speaks the IBus protocol (its ``ibusfrontend`` addon, on by default), so when
Fcitx 5 runs and Qt has no fcitx plugin, `choose_input_method()` asks Qt for ``ibus``
through the IBus portal (`IBUS_USE_PORTAL=1`: Fcitx 5 serves
``org.freedesktop.portal.IBus`` on the session bus; the address file it writes for plain
IBus clients may be empty). It must run before the QApplication exists.

Left alone: a `QT_IM_MODULES` list (Qt tries each in turn), a `QT_IM_MODULE` other than
fcitx (the user's or the desktop's own choice, e.g. ``ibus`` with the IBus daemon), and
fcitx when a fcitx plugin is installed where this Qt looks. Fcitx 4 has no IBus side: with
it, Qt 6 programs get no Chinese input (Qt 6 has no XIM); build_scripts/README.md says what
the station's IT person can do.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, MutableMapping
from pathlib import Path

log = logging.getLogger(__name__)

FCITX_MODULES = ("fcitx", "fcitx5")


def fcitx5_running(proc: Path = Path("/proc")) -> bool:
    """Whether a process named ``fcitx5`` of this user runs (its D-Bus name needs Qt first)."""
    uid = os.getuid()
    try:
        entries = list(proc.iterdir())
    except OSError:
        return False
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid and (entry / "comm").read_text().strip() == "fcitx5":
                return True
        except OSError:  # the process ended while we looked, or is not ours to read
            continue
    return False


def qt_plugin_dirs(environ: MutableMapping[str, str]) -> list[Path]:
    """Where this Qt looks for plugins: its own folder and `QT_PLUGIN_PATH`."""
    from PySide6.QtCore import QLibraryInfo

    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))]
    dirs += [Path(part) for part in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if part]
    return dirs


def input_plugins(plugin_dirs: Iterable[Path]) -> set[str]:
    """File names of the platform input-context plugins found in `plugin_dirs`."""
    found: set[str] = set()
    for folder in plugin_dirs:
        try:
            found.update(path.name for path in (folder / "platforminputcontexts").iterdir())
        except OSError:
            continue
    return found


def choose_input_method(
    environ: MutableMapping[str, str] | None = None,
    plugin_dirs: Iterable[Path] | None = None,
    fcitx5_is_running: Callable[[], bool] = fcitx5_running,
) -> str | None:
    """Ask Qt for IBus when Fcitx 5 runs and Qt cannot load fcitx; returns what it chose.

    Call before the QApplication is made. Returns ``"ibus"`` when it set `QT_IM_MODULE`,
    else None (nothing to do, or the user's or desktop's own setting stands).
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get("QT_IM_MODULES"):
        return None
    requested = env.get("QT_IM_MODULE", "").strip().lower()
    if requested and requested not in FCITX_MODULES:
        return None
    plugins = input_plugins(qt_plugin_dirs(env) if plugin_dirs is None else plugin_dirs)
    if requested and any("fcitx" in name for name in plugins):
        return None  # a fcitx plugin for this Qt is installed: Qt loads it itself
    if not any("ibus" in name for name in plugins) or not fcitx5_is_running():
        if requested:
            log.warning(
                "QT_IM_MODULE=%s, but this Qt has no fcitx plugin and Fcitx 5 is not running: "
                "no input method (see build_scripts/README.md, Fcitx 4)",
                requested,
            )
        return None
    env["QT_IM_MODULE"] = "ibus"
    env.setdefault("IBUS_USE_PORTAL", "1")
    log.info("Fcitx 5 runs and Qt has no fcitx plugin: using its IBus side (QT_IM_MODULE=ibus)")
    return "ibus"
