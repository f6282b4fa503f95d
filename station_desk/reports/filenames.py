"""File names of printed documents, without reportlab (the preview names its file before
the document is built, on the GUI thread)."""

from __future__ import annotations

import re
from datetime import date

_FAT32_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_MAX_FILENAME_STEM = 100


def document_filename(kind: str, ident: str, when: date) -> str:
    """A file name safe on FAT32/Windows: "调解协议书_〔2026〕调字第0001号_20260105.pdf"."""
    parts = []
    for part in (kind, ident):
        cleaned = _FAT32_FORBIDDEN.sub("_", part)
        cleaned = re.sub(r"\s+", " ", cleaned).strip(" ._")
        if cleaned:
            parts.append(cleaned)
    parts.append(when.strftime("%Y%m%d"))
    stem = "_".join(parts)
    if len(stem) > _MAX_FILENAME_STEM:
        stem = stem[: _MAX_FILENAME_STEM - 9].rstrip(" ._") + "_" + parts[-1]
    return f"{stem}.pdf"
