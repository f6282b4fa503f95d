"""Tests for station_desk.domain.validators: resident IDs, phones, names, dates and text."""

from __future__ import annotations

import contextlib
from datetime import date, datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from station_desk.domain.enums import Gender
from station_desk.domain.validators import (
    ResidentId,
    age_on,
    normalise_landline,
    normalise_mobile,
    normalise_person_name,
    normalise_phone,
    parse_date,
    parse_month,
    parse_resident_id,
    require_text,
    resident_id_check_char,
    upgrade_15_to_18,
)
from station_desk.errors import ValidationError

CHECK_CHARS = "0123456789X"


# --- strategies ---------------------------------------------------------------------------


@st.composite
def resident_ids(draw: st.DrawFn, min_year: int = 1900, max_date: date | None = None) -> str:
    """Valid 18-character numbers: region 110000–659999, birth 1900..today, any sequence."""
    region = draw(st.integers(110000, 659999))
    birth = draw(st.dates(date(min_year, 1, 1), max_date or date.today()))
    sequence = draw(st.integers(0, 999))
    first17 = f"{region:06d}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


def mobiles() -> st.SearchStrategy[str]:
    return st.builds(
        lambda second, rest: f"1{second}{rest:09d}",
        st.integers(3, 9),
        st.integers(0, 999_999_999),
    )


@st.composite
def formatted_mobiles(draw: st.DrawFn) -> tuple[str, str]:
    digits = draw(mobiles())
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "86", "0086 ", "(+86)", "+86-"]))
    separator = draw(st.sampled_from(["", " ", "-"]))
    body = separator.join([digits[:3], digits[3:7], digits[7:]])
    return prefix + body, digits


@st.composite
def landlines(draw: st.DrawFn) -> tuple[str, str]:
    """(typed text, expected normalised form) for landlines in many typed styles."""
    area = draw(
        st.one_of(
            st.sampled_from(["010"] + [f"02{digit}" for digit in range(10)]),
            st.integers(300, 999).map(lambda code: f"0{code}"),
        )
    )
    length = draw(st.sampled_from([7, 8]))
    number = str(draw(st.integers(10 ** (length - 1), 10**length - 1)))
    extension = draw(st.one_of(st.none(), st.integers(1, 999_999).map(str)))
    style = draw(st.sampled_from(["{a}-{n}", "({a}){n}", "{a} {n}", "{a}{n}", "+86 {a0} {n}"]))
    text = style.format(a=area, a0=area[1:], n=number)
    if extension:
        text += draw(st.sampled_from(["-", " 转", " ext. ", "#", "x"])) + extension
    expected = f"{area}-{number}" + (f"-{extension}" if extension else "")
    return text, expected


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


# --- resident ID numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "birth", "gender"),
    [
        ("11010519491231002X", date(1949, 12, 31), Gender.FEMALE),
        ("440524188001010014", date(1880, 1, 1), Gender.MALE),
    ],
)
def test_known_valid_numbers(number: str, birth: date, gender: Gender) -> None:
    assert parse_resident_id(number) == ResidentId(number, birth, gender)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_flipping_the_last_character_is_invalid(number: str) -> None:
    for char in CHECK_CHARS:
        if char != number[-1]:
            with pytest.raises(ValidationError, match="check digit"):
                parse_resident_id(number[:-1] + char)


def test_spaces_lowercase_x_and_full_width_digits_are_accepted() -> None:
    expected = "11010519491231002X"
    assert parse_resident_id(" 110105 19491231 002x ").number == expected
    assert parse_resident_id("１１０１０５１９４９１２３１００２Ｘ").number == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Enter the resident ID"),
        ("11010519491231002", "has 18 characters"),
        ("1101051949123100211", "has 18 characters"),
        ("11010519491231002Y", "only contain digits"),
        ("1101051949123100-X", "only contain digits"),
        ("X10105194912310021", "last character"),
        ("11010549123100X", "no X"),
        ("01010519491231002X", "region code"),
        ("91010519491231002X", "region code"),
        ("110105194902300021", "not a real date"),
        ("110105194913010021", "not a real date"),
        ("110105179912310021", "too early"),
        ("110105194912310021", "check digit"),
    ],
)
def test_each_failure_has_its_own_message(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment) as caught:
        parse_resident_id(text, field="party_id")
    assert caught.value.field == "party_id"


def test_future_birth_date_is_rejected() -> None:
    first17 = "11010520300101001"
    number = first17 + resident_id_check_char(first17)
    with pytest.raises(ValidationError, match="future"):
        parse_resident_id(number, today=date(2029, 12, 31))
    assert parse_resident_id(number, today=date(2030, 1, 1)).birth_date == date(2030, 1, 1)


def test_check_char_table() -> None:
    assert resident_id_check_char("11010519491231002") == "X"
    assert resident_id_check_char("44052418800101001") == "4"
    with pytest.raises(ValidationError):
        resident_id_check_char("1234")


def test_upgrade_15_to_18_known_example() -> None:
    assert upgrade_15_to_18("110105491231002") == "11010519491231002X"
    with pytest.raises(ValidationError):
        upgrade_15_to_18("11010549123100X")


@settings(max_examples=200)
@given(resident_ids())
def test_valid_numbers_round_trip(number: str) -> None:
    parsed = parse_resident_id(number)
    assert parsed.number == number
    assert parsed.birth_date == date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert parsed.gender is (Gender.MALE if int(number[16]) % 2 else Gender.FEMALE)
    assert resident_id_check_char(number[:17]) == number[17]
    assert parse_resident_id(number.lower()) == parsed


@settings(max_examples=200)
@given(resident_ids(), st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_detected(number: str, position: int, shift: int) -> None:
    digit = str((int(number[position]) + shift) % 10)
    changed = number[:position] + digit + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_resident_id(changed)


@given(resident_ids(), st.sampled_from(CHECK_CHARS))
def test_any_other_check_character_is_detected(number: str, char: str) -> None:
    assume(char != number[-1])
    with pytest.raises(ValidationError, match="check digit"):
        parse_resident_id(number[:-1] + char)


@settings(max_examples=200)
@given(resident_ids(min_year=1900, max_date=date(1999, 12, 31)))
def test_15_digit_numbers_upgrade_to_the_same_person(number18: str) -> None:
    number15 = number18[:6] + number18[8:17]
    assert upgrade_15_to_18(number15) == number18
    assert parse_resident_id(number15) == parse_resident_id(number18)


@settings(max_examples=200)
@given(st.one_of(st.text(), st.text(alphabet="0123456789Xx -", max_size=20)))
def test_random_text_only_raises_validation_error(text: str) -> None:
    try:
        parsed = parse_resident_id(text)
    except ValidationError as error:
        assert error.field == "resident_id" and str(error)
    else:
        assert len(parsed.number) == 18


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2000, 5, 1), date(2025, 4, 30), 24),
        (date(2000, 5, 1), date(2025, 5, 1), 25),
        (date(2000, 2, 29), date(2001, 2, 28), 0),
        (date(2000, 2, 29), date(2001, 3, 1), 1),
        (date(2000, 2, 29), date(2004, 2, 29), 4),
    ],
)
def test_age_on_examples(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


@given(st.dates(date(1900, 1, 1), date(2100, 1, 1)), st.integers(0, 120))
def test_age_on_birthdays(birth: date, years: int) -> None:
    assume(not (birth.month == 2 and birth.day == 29))
    birthday = birth.replace(year=birth.year + years)
    assert age_on(birth, birthday) == years
    if years:
        assert age_on(birth, date.fromordinal(birthday.toordinal() - 1)) == years - 1


# --- phones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13800138000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("010-12345678", "010-12345678"),
        ("(010)12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("010 1234 5678", "010-12345678"),
        ("+86 10 12345678", "010-12345678"),
        ("0755-8888888", "0755-8888888"),
        ("075588888888", "0755-88888888"),
        ("010-12345678-123", "010-12345678-123"),
        ("010-12345678转123", "010-12345678-123"),
        ("021 6666 8888 ext. 9", "021-66668888-9"),
    ],
)
def test_phone_examples(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("12800138000", "mobile"),
        ("1380013800", "mobile"),
        ("138001380001", "mobile"),
        ("12345678", "area code"),
        ("0101-2345678", "area code"),
        ("010-0123456", "area code"),
        ("010-123456789", "area code"),
        ("abc", "mobile number or a landline"),
        ("", "mobile number or a landline"),
    ],
)
def test_phone_errors(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        normalise_phone(text)


def test_mobile_and_landline_reject_each_other() -> None:
    with pytest.raises(ValidationError):
        normalise_mobile("010-12345678")
    with pytest.raises(ValidationError):
        normalise_landline("13800138000")


@settings(max_examples=200)
@given(formatted_mobiles())
def test_mobile_normalisation(case: tuple[str, str]) -> None:
    text, digits = case
    assert normalise_mobile(text) == digits
    assert normalise_phone(text) == digits
    assert normalise_phone(digits) == digits


@settings(max_examples=200)
@given(landlines())
def test_landline_normalisation_is_idempotent(case: tuple[str, str]) -> None:
    text, expected = case
    assert normalise_landline(text) == expected
    assert normalise_phone(text) == expected
    assert normalise_phone(expected) == expected


@settings(max_examples=200)
@given(st.one_of(st.text(), st.text(alphabet="0123456789+-() 转x", max_size=24)))
def test_phone_random_text_is_idempotent_or_rejected(text: str) -> None:
    try:
        once = normalise_phone(text)
    except ValidationError:
        return
    assert normalise_phone(once) == once


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张三", "张三"),
        (" 张  三 ", "张三"),
        ("欧阳娜娜", "欧阳娜娜"),
        ("张李欧阳某某", "张李欧阳某某"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("阿依古丽 • 买买提", "阿依古丽·买买提"),
        ("阿依古丽‧买买提", "阿依古丽·买买提"),
        ("阿依古丽･买买提", "阿依古丽·买买提"),
        ("阿卜杜热西提·阿卜杜热合曼·艾买提", "阿卜杜热西提·阿卜杜热合曼·艾买提"),
        ("𠀀𠀁", "𠀀𠀁"),
        ("John   Smith", "John Smith"),
        ("O’Brien", "O'Brien"),
        ("Mary-Jane O'Neil Jr.", "Mary-Jane O'Neil Jr."),
        ("José María", "José María"),
        ("Ｊｏｈｎ", "John"),
    ],
)
def test_name_examples(text: str, expected: str) -> None:
    assert normalise_person_name(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Enter a name"),
        ("   ", "Enter a name"),
        ("张", "at least two"),
        ("张三李四王五赵", "at most 6"),
        ("张3", "digits"),
        ("John2", "digits"),
        ("张三John", "not both"),
        ("·买买提", "between two parts"),
        ("阿依古丽··买买提", "between two parts"),
        ("阿依古丽·", "between two parts"),
        ("张三!", "not allowed"),
        ("J", "at least two letters"),
        ("-Jo", "start with a letter"),
        ("Иван", "not allowed"),
        ("x" * 61, "at most 60"),
    ],
)
def test_name_errors(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment) as caught:
        normalise_person_name(text)
    assert caught.value.field == "name"


@given(st.text(HAN, min_size=2, max_size=6))
def test_han_names_of_two_to_six_are_kept(name: str) -> None:
    assert normalise_person_name(name) == name


@given(st.lists(st.text(HAN, min_size=1, max_size=6), min_size=2, max_size=4))
def test_dotted_names_are_kept(parts: list[str]) -> None:
    name = "·".join(parts)
    assert normalise_person_name(name.replace("·", " ・ ")) == name


@settings(max_examples=200)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet="张三欧阳·・. abcXYZ'-’", max_size=12),
    )
)
def test_name_normalisation_is_idempotent(text: str) -> None:
    try:
        once = normalise_person_name(text)
    except ValidationError:
        return
    assert normalise_person_name(once) == once
    assert once == once.strip() and once


# --- dates and text -----------------------------------------------------------------------


@settings(max_examples=200)
@given(
    st.dates(date(1000, 1, 1), date(9999, 12, 31)),
    st.sampled_from(
        [
            "{d:%Y-%m-%d}",
            "{d.year}/{d.month}/{d.day}",
            "{d.year}.{d.month}.{d.day}",
            "{d.year}年{d.month}月{d.day}日",
            "{d:%Y%m%d}",
            " {d.year}-{d.month}-{d.day} ",
        ]
    ),
)
def test_parse_date_formats(day: date, pattern: str) -> None:
    assert parse_date(pattern.format(d=day)) == day
    assert parse_month(pattern.format(d=day)) == day.replace(day=1)


def test_parse_date_objects_and_errors() -> None:
    assert parse_date(date(2025, 3, 1)) == date(2025, 3, 1)
    assert parse_date(datetime(2025, 3, 1, 10, 30)) == date(2025, 3, 1)
    assert parse_date("２０２５－０３－０１") == date(2025, 3, 1)
    for text, fragment in [
        ("", "Enter a date"),
        ("2025-02-29", "not a real date"),
        ("2025-13-01", "not a real date"),
        ("20250230", "not a real date"),
        ("2025-3/1", "such as"),
        ("yesterday", "such as"),
    ]:
        with pytest.raises(ValidationError, match=fragment) as caught:
            parse_date(text, field="received_on")
        assert caught.value.field == "received_on"


@pytest.mark.parametrize("text", ["2025-03", "2025-3", "2025/3", "2025.03", "2025年3月", "202503"])
def test_parse_month(text: str) -> None:
    assert parse_month(text) == date(2025, 3, 1)


def test_parse_month_objects_and_errors() -> None:
    assert parse_month(date(2025, 3, 17)) == date(2025, 3, 1)
    for text in ["", "2025-13", "2025", "March"]:
        with pytest.raises(ValidationError):
            parse_month(text)


@given(st.text(max_size=20))
def test_dates_from_random_text_only_raise_validation_error(text: str) -> None:
    for parse in (parse_date, parse_month):
        with contextlib.suppress(ValidationError):
            parse(text)


def test_require_text() -> None:
    assert require_text("  调解  ", "facts", 10) == "调解"
    with pytest.raises(ValidationError, match="required") as caught:
        require_text("   ", "facts", 10)
    assert caught.value.field == "facts"
    with pytest.raises(ValidationError, match="required"):
        require_text(None, "facts", 10)
    with pytest.raises(ValidationError, match="at most 3 characters"):
        require_text("abcd", "facts", 3)
    assert require_text("abc", "facts", 3) == "abc"
