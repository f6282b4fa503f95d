"""Tests for station_desk.domain.pinyin: full pinyin, initials, surname readings and search."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_desk.domain.pinyin import (
    compound_surname,
    matches,
    name_initials,
    name_pinyin,
    normalise_query,
    search_keys,
)

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
RARE_HAN = st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF)


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张三", "zhangsan", "zs"),
        ("单田芳", "shantianfang", "stf"),
        ("曾国藩", "zengguofan", "zgf"),
        ("解缙", "xiejin", "xj"),
        ("仇英", "qiuying", "qy"),
        ("区寄", "ouji", "oj"),
        ("查良镛", "zhaliangyong", "zly"),
        ("朴槿惠", "piaojinhui", "pjh"),
        ("盖聂", "genie", "gn"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("尉缭", "weiliao", "wl"),
        ("万俟卨", "moqixie", "mqx"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("单于琼", "chanyuqiong", "cyq"),
        ("乐毅", "yueyi", "yy"),
        ("缪斯", "miaosi", "ms"),
        ("翟志刚", "zhaizhigang", "zzg"),
        ("覃婷", "qinting", "qt"),
        ("任我行", "renwoxing", "rwx"),
        ("折克行", "shekexing", "skx"),
        ("种师道", "chongshidao", "csd"),
        ("员半千", "yunbanqian", "ybq"),
        ("秘丽", "bili", "bl"),
        ("繁钦", "poqin", "pq"),
        ("黑明", "heming", "hm"),
        ("欧阳娜娜", "ouyangnana", "oynn"),
        ("司马相如", "simaxiangru", "smxr"),
        ("吕布", "lvbu", "lb"),
        ("阿依古丽·买买提", "ayigulimaimaiti", "ayglmmt"),
        ("John Smith", "johnsmith", "js"),
        ("李1", "li1", "l1"),
        ("", "", ""),
    ],
)
def test_pinyin_examples(name: str, full: str, initials: str) -> None:
    assert name_pinyin(name) == full
    assert name_initials(name) == initials


def test_compound_surname_needs_three_characters() -> None:
    assert compound_surname("欧阳娜娜") == "欧阳"
    assert compound_surname("司马光") == "司马"
    assert compound_surname("欧阳") is None
    assert compound_surname("张三") is None
    assert name_pinyin("单于") == "shanyu"  # surname 单 + given name 于


@pytest.mark.parametrize(
    "query", ["zs", "zhangsan", "张", "三", "zhang", "ZS", "Zhang San", "张三"]
)
def test_finds_zhang_san(query: str) -> None:
    assert matches("张三", query)


@pytest.mark.parametrize("query", ["li", "zx", "sanzhang", "张四"])
def test_does_not_find_zhang_san(query: str) -> None:
    assert not matches("张三", query)


def test_everyday_and_single_surname_readings_are_searchable_too() -> None:
    assert matches("单田芳", "stf") and matches("单田芳", "dtf")
    assert matches("曾国藩", "zengguofan") and matches("曾国藩", "cengguofan")
    assert matches("单于飞", "cyf") and matches("单于飞", "syf")


def test_search_keys_shape() -> None:
    assert search_keys("张三") == "张三 zhangsan zs"
    assert search_keys("John Smith") == "johnsmith js"
    assert search_keys("阿依古丽·买买提").split()[0] == "阿依古丽买买提"
    assert search_keys("") == ""


def test_normalise_query() -> None:
    assert normalise_query(" Zhang San ") == "zhangsan"
    assert normalise_query("阿依古丽・买买提") == "阿依古丽买买提"


@settings(max_examples=200)
@given(st.text(st.one_of(HAN, RARE_HAN), min_size=1, max_size=8))
def test_pure_han_names(name: str) -> None:
    initials = name_initials(name)
    full = name_pinyin(name)
    assert len(initials) == len(name)
    assert full == full.lower() and " " not in full
    keys = search_keys(name)
    assert keys == keys.lower()
    for query in (name, full, initials, name[0], name[-1], initials.upper()):
        assert matches(name, query)


@settings(max_examples=200)
@given(st.text(max_size=12), st.text(max_size=4))
def test_matches_is_substring_of_search_keys(name: str, query: str) -> None:
    wanted = normalise_query(query)
    assert matches(name, query) == any(wanted in key for key in search_keys(name).split(" "))
    assert matches(name, name) or not normalise_query(name)


def test_search_keys_work_with_sql_like() -> None:
    names = ["张三", "单田芳", "欧阳娜娜", "李四", "John Smith", "阿依古丽·买买提"]
    db = sqlite3.connect(":memory:")
    db.execute("create table person (name text, keys text)")
    db.executemany("insert into person values (?, ?)", [(n, search_keys(n)) for n in names])

    def find(query: str) -> set[str]:
        wanted = normalise_query(query)
        escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = db.execute(
            "select name from person where keys like '%' || ? || '%' escape '\\'", (escaped,)
        )
        return {row[0] for row in rows}

    for query in ["zs", "zhangsan", "张", "三", "oy", "STF", "ayi", "smith", "古丽买"]:
        assert find(query) == {n for n in names if matches(n, query)}
    assert find("zs") == {"张三"}
    assert find("%") == set()


def test_importing_the_module_does_not_import_pypinyin() -> None:
    code = (
        "import sys, station_desk.domain.pinyin as p; "
        "assert 'pypinyin' not in sys.modules; p.name_pinyin('张三'); "
        "assert 'pypinyin' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
