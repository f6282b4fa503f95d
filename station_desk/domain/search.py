"""One search box for everything (全局搜索): what is matched and what a hit is.

Every searchable record has one row of search keys: its text (Chinese characters as typed,
lowercase), for people their name's full pinyin and initials (`domain/pinyin.py`, surname
readings included), the digits of their phone numbers and the last six characters of their
resident ID number. A typed query is normalised the same way and matched as a substring of
the keys, so one- and two-character queries are as right as long ones (no tokenizer with a
minimum length is involved), and "5678" finds a phone or an ID number ending in 5678.

Keys are joined by a space, and a query never contains one, so a match never spans two keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from station_desk.domain.pinyin import normalise_query, search_keys

ID_TAIL = 6  # the last 4–6 characters of a resident ID number find it
MAX_TEXT = 120  # characters of a free text (notes, places) kept as keys


@dataclass(frozen=True)
class SearchHit:
    """One record found: `kind` names its search source; `title` and `detail` are what the
    list shows (a sealed subject's name already masked); `when` its date, for newest first."""

    kind: str
    record_id: str
    title: str
    detail: str
    when: str
    sealed: bool = False


@dataclass(frozen=True)
class SearchGroup:
    """The hits of one kind, newest first; `label` is an untranslated message id."""

    kind: str
    label: str
    hits: tuple[SearchHit, ...]
    more: bool = False  # there are more hits than shown


def digits(text: str | None) -> str:
    return "".join(char for char in (text or "") if char.isdigit())


def id_tail(number: str | None) -> str:
    """The last six characters of a resident ID number, lowercase ("" for none)."""
    text = "".join((number or "").split()).lower()
    return text[-ID_TAIL:]


def text_key(text: str | None, limit: int = MAX_TEXT) -> str:
    """Free text as a key: lowercase, without spaces (so "调 解" and "调解" are one)."""
    return normalise_query((text or "")[:limit])


def person_keys(name: str | None, *phones: str | None, resident_id: str | None = None) -> str:
    """A person's keys: name (characters, full pinyin, initials), phone digits, ID tail."""
    parts = [search_keys(name) if name else ""]
    parts.extend(digits(phone) for phone in phones)
    parts.append(id_tail(resident_id))
    return join_keys(parts)


def join_keys(parts: Iterable[str]) -> str:
    seen: list[str] = []
    for part in parts:
        for key in part.split():
            if key and key not in seen:
                seen.append(key)
    return " ".join(seen)


def query_key(query: str) -> str:
    """What a typed query is matched as ("" matches nothing: an empty box shows no hits)."""
    return normalise_query(query)
