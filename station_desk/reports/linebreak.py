"""Chinese line breaking for every paragraph (body text and table cells).

reportlab's CJK wrapping breaks between any two glyphs and only keeps one closing punctuation
mark off a line start. A Chinese reader expects more (GB/T 15834 and common typesetting):

* closing punctuation (，。、；：？！）》」…) never starts a line; one such mark may hang in
  the margin;
* an opening bracket or quote (（《「“) never ends a line;
* a Latin word, a number or an ID number (Schmidt, 2026, 11010519491231002X, 09:00), masked
  or not (**************002X, 138****5678), is not broken, nor a number from its unit (40岁, 500元), nor a name joined by the middle dot
  (买买提·艾力), nor a date (2026年11月16日); two closing marks (）。) are kept off a line
  start together, by moving the break back;
  Latin text breaks after its spaces (the space ends the line, unseen);
* a unit longer than a whole line is broken where it must be, so nothing runs past the margin.

`chinese_frag_split` has the shape of reportlab's `cjkFragSplit` (the same line objects), so
`TextParagraph` can use it in place of reportlab's for every CJK-wrapped paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_END
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, ParaLines

from station_desk.reports.fonts import face_for
from station_desk.reports.styles import CHINESE_CANNOT_START

_FUZZ = 1e-6
CANNOT_START = CHINESE_CANNOT_START + "）)]}〕】』」》〉”’"
CANNOT_END = ALL_CANNOT_END + "（([{〔【『「《〈“‘"
NAME_JOINERS = "·•‧・"
NAME_PART = 6  # letters a part of a dotted name may have
_WORD = re.compile(r"[A-Za-z0-9*]")  # "*": a masked digit (domain.masking.MASK)
_DATE_UNITS = "年月日时分秒"
_NUMBER_INSIDE = ":.,-/%"  # 09:00, 1.5, 1,000, 2026-03-05, 3/4, 50%


def _word_char(char: str) -> bool:
    return bool(_WORD.match(char))


def may_break_before(text: str, index: int) -> bool:
    """Whether a line may end between text[index - 1] and text[index]."""
    if index <= 0 or index >= len(text):
        return False
    before, after = text[index - 1], text[index]
    if after.isspace():
        return False  # break after the space, not before it
    if before.isspace():
        return True
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if _joined_name(text, index):
        return False
    if _word_char(before) and _word_char(after):
        return False
    if after in _NUMBER_INSIDE and _word_char(before) and _word_char(_at(text, index + 1)):
        return False
    if before in _NUMBER_INSIDE and _word_char(after) and _word_char(_at(text, index - 2)):
        return False
    if before.isdigit() and _cjk(after):
        return False  # a number and its unit: 2026年, 16日, 40岁, 500元
    return not (before in _DATE_UNITS[:2] and after.isdigit())  # 年11, 月16


def _joined_name(text: str, index: int) -> bool:
    """Whether `index` is inside a name joined by a middle dot (阿依古丽·买买提): a dot
    within `NAME_PART` letters on either side, with no space or punctuation between."""
    near = text[max(0, index - NAME_PART - 1) : index + NAME_PART + 1]
    if not any(joiner in near for joiner in NAME_JOINERS):
        return False
    for step, edge in ((-1, index - 1), (1, index)):
        position = edge
        for _count in range(NAME_PART + 1):
            char = _at(text, position)
            if char in NAME_JOINERS and char:
                return True
            if not char.isalpha():
                break
            position += step
    return False


def _cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0003ffff"


def _at(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


_GLYPH_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _glyph_widths(font_name: str, size: float) -> dict[str, float]:
    """The widths of the glyphs measured so far in a face and size (a register measures the
    same few thousand characters hundreds of thousands of times)."""
    return _GLYPH_WIDTHS.setdefault((font_name, size), {})


# Widths of glyphs set in a face, each measured in the face that draws it (`plain_lines`).
_PLAIN_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def chinese_frag_split(frags: Sequence[Any], max_widths: Sequence[float]) -> Any:
    """Lines of glyphs from `frags` (as reportlab's cjkFragSplit), broken by the rules above."""
    chars: list[str] = []
    widths: list[float] = []
    owners: list[Any] = []  # the fragment of each glyph
    for frag in frags:
        text = frag.text.decode("utf8") if isinstance(frag.text, bytes) else frag.text
        if not text:  # an empty fragment: a typed line break (<br/>)
            chars.append("\n")
            widths.append(0.0)
            owners.append(frag)
            continue
        sizes = _glyph_widths(frag.fontName, frag.fontSize)
        for char in set(text).difference(sizes):
            sizes[char] = stringWidth(char, frag.fontName, frag.fontSize)
        chars.extend(text)
        widths.extend(sizes[c] for c in text)
        owners.extend([frag] * len(text))
    text = "".join(chars)
    lines: list[Any] = []
    start = 0
    while start < len(text):
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        end, used, line_break = _line_end(text, widths, owners, start, max_width)
        lines.append(_line(text, owners, start, end, max_width, used, line_break))
        start = end
    return ParaLines(kind=1, lines=lines)


def _line(
    text: str, owners: list[Any], start: int, end: int, max_width: float, used: float, line_break: bool
) -> Any:
    """A line as reportlab's makeCJKParaLine builds it: one word per run of one fragment."""
    words: list[Any] = []
    size = ascent = descent = 0.0
    run = start
    for index in range(start + 1, end + 1):
        if index < end and owners[index] is owners[run]:
            continue
        frag = owners[run]
        piece = "" if hasattr(frag, "lineBreak") else text[run:index]
        words.append(frag.clone(text=piece))
        up, down = getAscentDescent(frag.fontName, frag.fontSize)
        size, ascent, descent = max(size, frag.fontSize), max(ascent, up), min(descent, down)
        run = index
    return FragLine(
        kind=1, extraSpace=max_width - used, wordCount=1, words=words, fontSize=size,
        ascent=ascent, descent=descent, maxWidth=max_width, currentWidth=used, lineBreak=line_break,
    )


def _line_end(
    text: str, widths: list[float], owners: list[Any], start: int, max_width: float
) -> tuple[int, float, bool]:
    """Where the line starting at `start` ends (exclusive), its width, and whether it ends
    at a typed line break."""
    used = 0.0
    index = start
    while index < len(text):
        if hasattr(owners[index], "lineBreak"):
            return index + 1, used, True
        width = widths[index]
        if used + width > max_width + _FUZZ and index > start:
            end, used = _break_at(text, widths, start, index, used)
            if end < len(text) and hasattr(owners[end], "lineBreak"):
                return end + 1, used, True  # a mark hung (or a space) just before a typed break
            return end, used, False
        used += width
        index += 1
    return index, used, False


def _break_at(text: str, widths: Sequence[float], start: int, index: int, used: float) -> tuple[int, float]:
    """Where a line from `start` ends (exclusive) when the glyph at `index` overflows it
    (`used`: the width before that glyph), and the line's width."""
    if text[index] == " ":
        return index + 1, used  # the space it breaks at ends the line, unseen
    following = _at(text, index + 1)
    lone_mark = not following or following not in CANNOT_START
    if text[index] in CANNOT_START and lone_mark and index > start + 1:
        return index + 1, used + widths[index]  # one mark hangs in the margin
    cut = _last_break(text, start, index)
    end = cut if cut is not None else index
    return end, sum(widths[start:end])


def plain_lines(text: str, font_name: str, size: float, max_width: float) -> list[tuple[str, float]]:
    """`text` ("\n": a typed line break) broken into lines by the rules above, as
    `chinese_frag_split` breaks the same text in one face: each line's text and width.

    The glyph widths come from the cache and the line ends are found by bisecting the running
    widths, so a register's hundreds of thousands of cells are broken without a loop over
    every glyph in Python. Glyphs of other faces (`fonts.face_for`) are measured in theirs.
    """
    sizes = _PLAIN_WIDTHS.setdefault((font_name, size), {})
    missing = set(text).difference(sizes)
    if missing:
        for char in missing:
            sizes[char] = 0.0 if char == "\n" else stringWidth(char, face_for(char, font_name), size)
    if "\n" not in text:
        whole = sum(map(sizes.__getitem__, text))
        if whole <= max_width + _FUZZ:
            return [(text, whole)] if text else []
    widths = list(map(sizes.__getitem__, text))
    running = list(accumulate(widths, initial=0.0))
    lines: list[tuple[str, float]] = []
    start, length = 0, len(text)
    while start < length:
        newline = text.find("\n", start)
        limit = length if newline < 0 else newline
        # the first glyph that does not fit a line from `start` (the line's first always does)
        overflow = max(bisect_right(running, running[start] + max_width + _FUZZ, start + 1) - 1, start + 1)
        if overflow >= limit:
            lines.append((text[start:limit], running[limit] - running[start]))
            start = limit + 1 if newline >= 0 else length
            continue
        end, used = _break_at(text, widths, start, overflow, running[overflow] - running[start])
        lines.append((text[start:end], used))
        start = end + 1 if end == newline else end  # a mark hung (or a space) before a typed break
    return lines


def _last_break(text: str, start: int, index: int) -> int | None:
    """The last position in (start, index] where a line may end, or None."""
    for position in range(index, start, -1):
        if may_break_before(text, position):
            return position
    return None
