"""The shared text sanitiser: control and bidirectional-override characters never stay in a
text field, and the terminal gets them escaped."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from station_desk.domain.contacts import ContactDraft
from station_desk.domain.validators import (
    BIDI_CONTROLS,
    clean_text,
    has_unsafe_characters,
    terminal_safe,
)

HOSTILE = "幸福路\x1b[31m1号\x07\u202e321\u2066x\u2069\x85\x00"


def test_escape_bell_and_overrides_are_removed() -> None:
    assert clean_text(HOSTILE) == "幸福路[31m1号321x"


def test_newlines_and_tabs_stay_in_multi_line_fields_only() -> None:
    assert clean_text("一\r\n二\r三\t四") == "一\n二\n三\t四"
    assert clean_text("一\r\n二\t三", multiline=False) == "一 二 三"


def test_terminal_gets_escapes_not_controls() -> None:
    shown = terminal_safe("name\x07\u202eevil\n")
    assert shown == "name\\u0007\\u202eevil\n"
    assert json.loads(terminal_safe(json.dumps("\u202e\x85", ensure_ascii=False))) == "\u202e\x85"


def test_a_typed_contact_is_cleaned() -> None:
    draft = ContactDraft(name="张三", position="主任\x1b", notes="备注\u202e\x07\n第二行").validated()
    assert draft.position == "主任" and draft.notes == "备注\n第二行"


@given(st.text())
def test_cleaned_text_is_safe_and_stable(text: str) -> None:
    cleaned = clean_text(text)
    assert not has_unsafe_characters(cleaned)
    assert not BIDI_CONTROLS & set(cleaned)
    assert "\r" not in cleaned
    assert clean_text(cleaned) == cleaned
    assert "\n" not in clean_text(text, multiline=False)


@given(st.text())
def test_terminal_text_has_no_controls(text: str) -> None:
    shown = terminal_safe(text)
    assert all(ch in "\n\t" or (0x20 <= ord(ch) < 0x7F or ord(ch) >= 0xA0) for ch in shown)
    assert not BIDI_CONTROLS & set(shown)
