"""What the main window asks of each module's page: read again when shown, and say whether
it holds unsaved work (and let the officer save or discard it before leaving).

`Page` is the protocol; `PageBase` a page with nothing unsaved, which pages extend.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

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

    def refresh(self) -> None:
        """Nothing to read again by default."""

    def has_unsaved_changes(self) -> bool:
        return False

    def leave_then(self, proceed: Callable[[], object]) -> None:
        proceed()
