"""Printed documents (reportlab): the shared base, fonts and styles, one module per document.

Import this package lazily, when printing: reportlab adds noticeably to start-up time. The
package itself loads reportlab only when its base or fonts are asked for, so that a document's
file name (`reports.filenames`) can be had without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from station_desk.reports.filenames import document_filename

if TYPE_CHECKING:
    from station_desk.reports.base import DocumentBase, DocumentContext
    from station_desk.reports.fonts import register_fonts

__all__ = ["DocumentBase", "DocumentContext", "document_filename", "register_fonts"]


def __getattr__(name: str) -> Any:
    if name in ("DocumentBase", "DocumentContext"):
        from station_desk.reports import base

        return getattr(base, name)
    if name == "register_fonts":
        from station_desk.reports import fonts

        return fonts.register_fonts
    raise AttributeError(name)
