"""Read a generated PDF the way a reader would: its text, its fonts, its pages.

Shared by every document test (`from tests.reports_helpers import pdf_text, ...`). Text comes
from poppler's `pdftotext -layout` (pypdf when poppler is missing); fonts from `pdffonts`.
`pdftotext` wraps and pads long lines, so compare with `squash()` (all whitespace removed).
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

PAGE_SEPARATOR = "\f"


def _run_on_file(command: list[str], pdf_bytes: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf_bytes)
        result = subprocess.run(
            [*command, str(path), *(["-"] if command[0] == "pdftotext" else [])],
            capture_output=True,
            check=True,
            timeout=60,
        )
    return result.stdout.decode("utf-8")


def pdf_text(pdf_bytes: bytes, mode: str = "-layout") -> str:
    """All text, pages separated by form feeds ("\\f"), via `pdftotext -layout -enc UTF-8`.

    `mode="-raw"` keeps the drawing order instead, so a table cell's wrapped lines stay
    together (the layout mode interleaves them with the neighbouring columns).
    """
    if shutil.which("pdftotext"):
        return _run_on_file(["pdftotext", mode, "-enc", "UTF-8"], pdf_bytes)
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return PAGE_SEPARATOR.join(page.extract_text() or "" for page in reader.pages)


def pdf_body_text(pdf_bytes: bytes, foot: float = 0) -> str:
    """The text inside a portrait page's type area only (no running header or footer), in
    drawing order: what a reader reads as the document's body. `foot`: points at the bottom
    of the type area that a document keeps for a page foot (the record's signatures)."""
    top, height = 100, 645 - round(foot)  # points: 37 mm top margin, 225 mm type area
    return _run_on_file(
        ["pdftotext", "-raw", "-x", "0", "-y", str(top), "-W", "595", "-H", str(height),
         "-enc", "UTF-8"],
        pdf_bytes,
    )


def pdf_pages_text(pdf_bytes: bytes) -> list[str]:
    """The text of each page, in order."""
    pages = pdf_text(pdf_bytes).split(PAGE_SEPARATOR)
    count = pdf_page_count(pdf_bytes)
    return pages[:count] + [""] * (count - len(pages))


def squash(text: str) -> str:
    """`text` without any whitespace: robust against pdftotext's line wrapping and padding."""
    return re.sub(r"\s+", "", text)


def pdf_fonts(pdf_bytes: bytes) -> list[dict[str, str]]:
    """The fonts `pdffonts` lists: name, type, encoding, emb, sub, uni (values as printed)."""
    output = _run_on_file(["pdffonts"], pdf_bytes)
    lines = output.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    # Column boundaries come from the dashes line: "------ ------- ..." (names may have spaces).
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[rule])]
    keys = ["name", "type", "encoding", "emb", "sub", "uni", "object", "id"]
    fonts = []
    for line in lines[rule + 1 :]:
        if not line.strip():
            continue
        values = [line[start:end].strip() for start, end in spans[:-1]]
        values += line[spans[-1][0] :].split()
        fonts.append(dict(zip(keys, values, strict=False)))
    return fonts


def pdf_page_count(pdf_bytes: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


def pdf_page_sizes(pdf_bytes: bytes) -> list[tuple[float, float]]:
    """(width, height) of each page in points."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]


def pdf_metadata(pdf_bytes: bytes) -> dict[str, str]:
    """The document information dictionary (/Title, /Author, /Creator, …) and /Lang."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    info = {str(key): str(value) for key, value in (reader.metadata or {}).items()}
    lang = reader.root_object.get("/Lang")
    if lang is not None:
        info["/Lang"] = str(lang)
    return info


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class PdfWord:
    """One word as `pdftotext -bbox` sees it; points, measured from the page's top-left."""

    page: int  # 1-based
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def pdf_words(pdf_bytes: bytes) -> list[PdfWord]:
    """Every word with its box: use it to check that nothing runs past the margins."""
    output = _run_on_file(["pdftotext", "-bbox", "-enc", "UTF-8"], pdf_bytes)
    words = []
    for number, page in enumerate(output.split("<page ")[1:], start=1):
        for match in _WORD.finditer(page):
            x0, y0, x1, y1 = (float(value) for value in match.groups()[:4])
            words.append(PdfWord(number, x0, y0, x1, y1, html.unescape(match.group(5))))
    return words
