"""Tests for station_desk.domain.masking: resident IDs, minors' names and phones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_desk.domain.masking import mask_name_for_minor, mask_phone, mask_resident_id

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


def test_mask_resident_id_examples() -> None:
    assert mask_resident_id("11010519491231002X") == "**************002X"
    assert mask_resident_id("110105491231002") == "***********1002"
    assert mask_resident_id(None) == ""
    assert mask_resident_id("") == ""
    assert mask_resident_id("123") == "***"


@settings(max_examples=200)
@given(st.text(alphabet="0123456789X", min_size=5, max_size=18))
def test_mask_resident_id_keeps_last_four_and_length(number: str) -> None:
    masked = mask_resident_id(number)
    assert len(masked) == len(number)
    assert masked[-4:] == number[-4:]
    assert set(masked[:-4]) == {"*"}


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张某"),
        ("张三丰", "张某"),
        ("欧阳娜娜", "欧阳某"),
        ("司马光", "司马某"),
        ("欧阳", "欧某"),
        ("阿依古丽·买买提", "阿某"),
        ("John Smith", "J."),
        ("mary", "M."),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name_for_minor_examples(name: str | None, masked: str) -> None:
    assert mask_name_for_minor(name) == masked


@given(st.text(HAN, min_size=2, max_size=6))
def test_masked_han_name_keeps_only_the_surname(name: str) -> None:
    masked = mask_name_for_minor(name)
    assert masked in (name[:1] + "某", name[:2] + "某")
    assert len(masked) < len(name) + 1


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("010-12345678", "010-****5678"),
        ("010-12345678-123", "010-****5678"),
        ("0755-8888888", "0755-***8888"),
        ("12345", "*2345"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone_examples(phone: str | None, masked: str) -> None:
    assert mask_phone(phone) == masked


@given(st.integers(3, 9), st.integers(0, 999_999_999))
def test_mask_mobile(second: int, rest: int) -> None:
    digits = f"1{second}{rest:09d}"
    assert mask_phone(digits) == digits[:3] + "****" + digits[-4:]


@settings(max_examples=200)
@given(st.one_of(st.none(), st.text()))
def test_masking_never_raises(text: str | None) -> None:
    for mask in (mask_resident_id, mask_name_for_minor, mask_phone):
        assert isinstance(mask(text), str)
