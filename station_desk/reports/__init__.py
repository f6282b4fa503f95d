"""Printed documents (reportlab): the shared base, fonts and styles, one module per document.

Import this package lazily, when printing: reportlab adds noticeably to start-up time.
"""

from station_desk.reports.base import DocumentBase, DocumentContext, document_filename
from station_desk.reports.fonts import register_fonts

__all__ = ["DocumentBase", "DocumentContext", "document_filename", "register_fonts"]
