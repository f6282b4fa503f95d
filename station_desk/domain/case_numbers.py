"""The case number pattern as named parts (案号格式): fixed text, the year, fixed text, the
number in the year with its width, fixed text — 〔2026〕调字第0001号.

What is stored stays the format string the program has always used (`〔{year}〕调字第{seq:04d}号`,
see `domain/mediation.validated_pattern`); `CaseNumberParts` is how a person edits it: no
braces or format codes to type. A stored pattern the parts cannot express (e.g. `{seq:4d}`)
gives None, and the settings keep it until the administrator changes a part.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

MAX_DIGITS = 8
_ZERO_PADDED = re.compile(r"0?([1-9])d")


@dataclass(frozen=True)
class CaseNumberParts:
    """`before` YEAR `between` NUMBER `after` (or the number first, `number_first`); the
    number is padded with zeros to `digits` (1: not padded)."""

    before: str = "〔"
    between: str = "〕调字第"
    after: str = "号"
    digits: int = 4
    number_first: bool = False

    def pattern(self) -> str:
        """The stored format string of these parts."""
        seq = "{seq}" if self.digits <= 1 else f"{{seq:0{self.digits}d}}"
        first, second = (seq, "{year}") if self.number_first else ("{year}", seq)
        return "".join(
            (_escaped(self.before), first, _escaped(self.between), second, _escaped(self.after))
        )

    @classmethod
    def of(cls, pattern: str) -> CaseNumberParts | None:
        """The parts of a stored pattern, or None when parts cannot express it."""
        try:
            pieces = list(string.Formatter().parse(pattern))
        except ValueError:
            return None
        texts: list[str] = []
        fields: list[tuple[str, str]] = []
        for literal, name, spec, conversion in pieces:
            if len(texts) > len(fields):
                texts[-1] += literal
            else:
                texts.append(literal)
            if name is not None:
                if conversion:
                    return None
                fields.append((name, spec or ""))
        if len(texts) == len(fields):
            texts.append("")
        names = [name for name, _spec in fields]
        if sorted(names) != ["seq", "year"] or dict(fields)["year"]:
            return None
        digits = _digits(dict(fields)["seq"])
        if digits is None:
            return None
        return cls(texts[0], texts[1], texts[2], digits, names[0] == "seq")


def _digits(spec: str) -> int | None:
    if not spec:
        return 1
    match = _ZERO_PADDED.fullmatch(spec)
    return int(match.group(1)) if match and spec.startswith("0") else None


def _escaped(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")
