"""Fictional people of the demo room (虚构人员): names, birth dates, resident ID numbers with a
valid check character, mobile numbers and addresses, all drawn from one seeded
`random.Random` — the same seed gives the same people. Every module's demo uses it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from station_desk.domain.enums import Gender
from station_desk.domain.validators import resident_id_check_char

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛"
    "叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔"
    "贺赖龚文"
)
MEN = (
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "建国", "建华", "建军", "志强",
    "国强", "国华", "德明", "俊杰", "晓东", "立新", "卫东", "卫国", "振华", "海涛", "宏伟", "志明",
    "文华", "春生", "长青", "宝山", "明辉", "家豪", "文博", "浩然", "博文", "天佑", "子轩",
)
WOMEN = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "秀兰", "桂英", "桂兰", "玉兰", "海燕",
    "淑珍", "淑芬", "淑华", "凤英", "春梅", "丽娟", "丽华", "晓燕", "红梅", "红霞", "金凤", "玉珍",
    "文静", "雪梅", "小红", "永红", "慧敏", "雅婷", "梦瑶", "嘉怡", "欣怡", "佳琪", "梓萱", "静怡",
)
BOYS = ("子豪", "浩宇", "俊杰", "宇航", "博文", "天佑", "家豪", "明轩", "志鹏", "一鸣", "晨阳", "思远")
GIRLS = ("欣怡", "雨涵", "梓萱", "佳琪", "梦瑶", "雅婷", "诗琪", "可馨", "语桐", "若曦", "思彤", "静怡")
REGIONS = ("110105", "110105", "110101", "110102", "110106", "130102", "370102", "410105", "510104")
STREETS = ("和平里小区", "和平里北街", "和平里中街", "安贞里小区", "兴化路社区", "地坛北里")
CHILD_AGE = 18


class People:
    """Fictional people drawn from `rng`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def gender(self) -> Gender:
        return self.rng.choice((Gender.MALE, Gender.FEMALE))

    def surname(self) -> str:
        return self.rng.choice(SURNAMES)

    def name(self, gender: Gender | None = None, *, surname: str = "", age: int = 40) -> str:
        """A name that fits the gender (either, when None) and the age (a child's name under
        18), with `surname` when given (a parent's)."""
        if gender is None:
            gender = self.gender()
        given: tuple[str, ...]
        if age < CHILD_AGE:
            given = BOYS if gender is Gender.MALE else GIRLS
        else:
            given = MEN if gender is Gender.MALE else WOMEN
        return (surname or self.surname()) + self.rng.choice(given)

    def birth(self, age: int, on: date) -> date:
        """A birth date `age` years (and some days) before `on`."""
        return on - timedelta(days=age * 365 + self.rng.randrange(30, 330))

    def resident_id(self, birth: date, gender: Gender, region: str = "") -> str:
        """A resident ID number with a valid check character (odd sequence: a man)."""
        sequence = self.rng.randrange(0, 500) * 2 + (1 if gender is Gender.MALE else 0)
        first17 = f"{region or self.rng.choice(REGIONS)}{birth:%Y%m%d}{sequence:03d}"
        return first17 + resident_id_check_char(first17)

    def mobile(self) -> str:
        return f"1{self.rng.choice('35789')}{self.rng.randrange(10**9):09d}"

    def address(self) -> str:
        rng = self.rng
        return (
            f"{rng.choice(STREETS)}{rng.randint(1, 24)}号楼{rng.randint(1, 6)}单元"
            f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}室"
        )
