"""Compiled-figure helpers (counts with small ones suppressed, hours, rates) and the public
notice's guard against personal numbers in the 防范提示."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_desk.domain.briefings import BriefingText, check_period, has_personal_numbers
from station_desk.domain.figures import count_figure, hours_figure, rate_figure
from station_desk.errors import ValidationError


def test_small_counts_are_suppressed_only_when_asked() -> None:
    assert [count_figure("n", n, suppress_small=True).text for n in (0, 1, 2, 3, 40)] == ["0", "<3", "<3", "3", "40"]
    assert count_figure("n", 1, suppress_small=True).suppressed
    assert count_figure("n", 1).text == "1" and not count_figure("n", 1).suppressed


def test_hours_and_rates() -> None:
    assert hours_figure("h", 90).text == "1.5 hours" and hours_figure("h", 90).value == 1.5
    assert rate_figure("r", 2, 3).text == "66.7% (2/3)" and rate_figure("r", 2, 3).value == 66.7
    assert rate_figure("r", 0, 0).text == "—" and rate_figure("r", 0, 0).value is None


@pytest.mark.parametrize("text", [
    "请拨打13812345678", "电话 138 1234 5678", "１３８１２３４５６７８", "身份证11010519491231002X",
    "110105491231002", "号码+86 13912345678",
])
def test_personal_numbers_are_found(text: str) -> None:
    assert has_personal_numbers(text)
    with pytest.raises(ValidationError, match="remove ID and phone numbers"):
        BriefingText(text).validated()


@pytest.mark.parametrize("text", ["报警请拨打110", "2026年11月共发生3起盗窃", "拨打12345热线", "门牌号1号楼302室"])
def test_ordinary_advice_passes(text: str) -> None:
    assert not has_personal_numbers(text)
    assert BriefingText(f" {text} ", "备注").validated().advice == text


@given(st.text(alphabet="防范提示，请注意门窗。电话 \n", max_size=40), st.sampled_from(["13912345678", "11010519491231002X"]))
def test_the_guard_finds_a_number_in_any_text_around_it(noise: str, number: str) -> None:
    assert has_personal_numbers(f"{noise}{number}{noise}")


def test_periods() -> None:
    today = date(2026, 12, 7)
    assert check_period(date(2026, 11, 1), date(2026, 11, 30), today) == (date(2026, 11, 1), date(2026, 11, 30))
    assert check_period(date(2026, 12, 1), date(2026, 12, 31), today) == (date(2026, 12, 1), today)
    with pytest.raises(ValidationError, match="has not begun"):
        check_period(date(2026, 12, 8), date(2026, 12, 31), today)
    with pytest.raises(ValidationError, match="at most 93 days"):
        check_period(date(2026, 1, 1), date(2026, 12, 1), today)
