"""The case number pattern as named parts: round trips with the stored format string."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from station_desk.domain.case_numbers import MAX_DIGITS, CaseNumberParts
from station_desk.domain.mediation import DEFAULT_CASE_NUMBER_PATTERN, format_case_number

texts = st.text(alphabet="〔〕调字第号-/{}年 AHT", max_size=6)


def test_the_default_pattern_is_parts() -> None:
    parts = CaseNumberParts.of(DEFAULT_CASE_NUMBER_PATTERN)
    assert parts == CaseNumberParts()
    assert parts is not None and parts.pattern() == DEFAULT_CASE_NUMBER_PATTERN


@given(texts, texts, texts, st.integers(1, MAX_DIGITS), st.booleans())
def test_parts_round_trip_through_the_stored_pattern(
    before: str, between: str, after: str, digits: int, number_first: bool
) -> None:
    parts = CaseNumberParts(before, between, after, digits, number_first)
    assert CaseNumberParts.of(parts.pattern()) == parts
    number = format_case_number(parts.pattern(), 2026, 7)
    expected_seq = str(7).zfill(digits)
    first, second = (expected_seq, "2026") if number_first else ("2026", expected_seq)
    assert number == f"{before}{first}{between}{second}{after}"


def test_patterns_parts_cannot_express_give_none() -> None:
    for pattern in ("{seq:4d}{year}", "{year}", "{year}{seq}{seq}", "{year:02}{seq}", "{x}{year}{seq}", "{year}{seq"):
        assert CaseNumberParts.of(pattern) is None, pattern
