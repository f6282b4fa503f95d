"""A page's reading on the thread pool, its rows shown on the GUI thread when read.

When the window shows a page (`PageBase.refresh_shown`), a page whose reading takes long at
a large room's size reads on a worker thread and fills its lists when the rows arrive, so
the window paints the page at once and never stalls on the database. `BackgroundRead` keeps
only the newest read: a read started later, or a synchronous `refresh()` in between (after
an edit, say), makes the rows of an older one be dropped when they arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from station_desk.ui.widgets.jobs import run_in_background, show_job_error


class BackgroundRead(QObject):
    """Reads for one page; `start(read, show)` runs `read()` on the thread pool and
    `show(result)` on the GUI thread, unless a newer read or `supersede()` came since."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self._page = page
        self._started = 0  # reads started (each one's number)
        self._current = 0  # the read whose result may still be shown (0: none)
        self._show: Callable[[Any], None] | None = None

    def start(self, read: Callable[[], Any], show: Callable[[Any], None]) -> None:
        self._started += 1
        number = self._current = self._started
        self._show = show

        def work() -> tuple[int, Any, BaseException | None]:
            try:
                return number, read(), None
            except Exception as exc:  # shown on the GUI thread, if still wanted
                return number, None, exc

        # bound methods of this QObject: nothing is delivered once the page is gone
        run_in_background(work, self._arrived, self._failed)

    def supersede(self) -> None:
        """Drop the result of a read still running (the page was read again since)."""
        self._current = 0

    def reading(self) -> bool:
        """Whether a read whose rows will be shown is still running."""
        return self._current != 0

    def _arrived(self, outcome: tuple[int, Any, BaseException | None]) -> None:
        number, result, error = outcome
        if number != self._current or self._show is None:
            return
        self._current = 0
        if error is not None:
            show_job_error(self._page, error)
        else:
            self._show(result)

    def _failed(self, error: object) -> None:  # not reached: `work` catches what it raises
        self._current = 0
        show_job_error(self._page, error)
