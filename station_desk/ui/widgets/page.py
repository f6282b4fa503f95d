"""What the main window asks of each module's page: read again when shown, and say whether
it holds unsaved work (and let the officer save or discard it before leaving).

`Page` is the protocol; `PageBase` a page with nothing unsaved, which pages extend.

The main window builds a page on its first visit and reads it then (`refresh()`), unless the
page already read its records while being built: `PageBase.has_read` tells (every page's
`refresh` notes it), so a page is never read twice in a row when it is first shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget


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

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "refresh" in cls.__dict__:
            cls.refresh = _noting_read(cls.__dict__["refresh"])  # type: ignore[method-assign,assignment]

    def refresh(self) -> None:
        """Nothing to read again by default."""

    def has_unsaved_changes(self) -> bool:
        return False

    def leave_then(self, proceed: Callable[[], object]) -> None:
        proceed()


def _noting_read(refresh: Callable[[Any], None]) -> Callable[[Any], None]:
    @functools.wraps(refresh)
    def noted(page: PageBase) -> None:
        page.has_read = True
        refresh(page)

    return noted
