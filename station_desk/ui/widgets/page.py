"""What the main window asks of each module's page: read again when shown, and say whether
it holds unsaved work (and let the officer save or discard it before leaving).

`Page` is the protocol; `PageBase` a page with nothing unsaved, which pages extend.

The main window builds a page on its first visit and reads it then (`refresh()`), unless the
page already read its records while being built: `PageBase.has_read` tells (every page's
`refresh` notes it), so a page is never read twice in a row when it is first shown.

Pages whose reading takes long at a large room's size read on a worker thread when the window
shows them: the window builds them inside `first_read_deferred()`, so their constructor's
`read_first()` leaves the reading to `refresh_shown()`, which such a page overrides to read
in the background (`BackgroundRead`) and fill its lists when the rows arrive. Built anywhere
else (a dialog, a test) and on `refresh()`, a page reads at once, as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QWidget

from station_desk.ui.widgets.reading import BackgroundRead

if TYPE_CHECKING:  # not loaded before the sign-in window paints (see test_startup_imports)
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services

_deferring = False  # inside `first_read_deferred()`


@contextmanager
def first_read_deferred() -> Iterator[None]:
    """Pages built inside leave their first read to `refresh_shown()` (see above)."""
    global _deferring
    before, _deferring = _deferring, True
    try:
        yield
    finally:
        _deferring = before


class Page(Protocol):
    """What the main window asks of each page it shows."""

    def refresh(self) -> None:
        """Read the records again (the page was chosen, or something changed)."""

    def has_unsaved_changes(self) -> bool: ...

    def leave_then(self, proceed: Callable[[], object]) -> None:
        """Run `proceed` now, or once the officer has saved or discarded unsaved work."""


class PageBase(QWidget):
    """A page with nothing unsaved; pages with an editor override the last two."""

    has_read = False  # set once `refresh()` has run (see the module docstring)
    _background: BackgroundRead | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "refresh" in cls.__dict__:
            cls.refresh = _noting_read(cls.__dict__["refresh"])  # type: ignore[method-assign,assignment]

    def refresh(self) -> None:
        """Nothing to read again by default."""

    def read_first(self) -> None:
        """The end of a constructor: read now, unless built by the window's navigation
        (`first_read_deferred`), which then calls `refresh_shown()`."""
        if not _deferring:
            self.refresh()

    def refresh_shown(self) -> None:
        """The window shows the page: read again. `refresh()` by default; a page that reads
        long overrides it to read on a worker thread (`background()`)."""
        self.refresh()

    def background(self) -> BackgroundRead:
        """The page's reads on the thread pool (only the newest one's rows are shown)."""
        if self._background is None:
            self._background = BackgroundRead(self)
        return self._background

    def reading(self) -> bool:
        """Whether rows read on a worker thread are still to be shown."""
        return self._background is not None and self._background.reading()

    def has_unsaved_changes(self) -> bool:
        return False

    def leave_then(self, proceed: Callable[[], object]) -> None:
        proceed()


class ServicePage(PageBase):
    """A page that works through the services as the signed-in `principal`."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._principal = principal


def _noting_read(refresh: Callable[[Any], None]) -> Callable[[Any], None]:
    @functools.wraps(refresh)
    def noted(page: PageBase) -> None:
        page.has_read = True
        if page._background is not None:  # read now: an older read's rows come too late
            page._background.supersede()
        refresh(page)

    return noted
