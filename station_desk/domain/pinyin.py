"""Pinyin for names, so officers can find 张三 by typing "zs", "zhangsan", "zhang", "张" or "三".

pypinyin is imported lazily (importing it takes a few tenths of a second and the GUI imports
this module at start-up). Surnames are read with their surname readings, which pypinyin does
not know: 单田芳 is "shantianfang", 曾国藩 "zengguofan", 尉迟恭 "yuchigong", 尉缭 "weiliao".
Compound surnames (欧阳, 尉迟, 万俟, …) count only when the name has at least three Han
characters, so the two-character name 单于 reads "shanyu" (surname 单, given name 于).

Because an officer may not know a surname reading, the search keys also hold the everyday
reading and the single-surname reading when they differ (单田芳 is found by "stf" and by
"dtf"; 单于飞 by "cyf" and by "syf").

Keys are lowercase and contain no spaces; `normalise_query()` treats the typed text the same way,
so matching is a plain substring test (in Python or with SQL `LIKE '%q%'`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from station_desk.collector import long_lived_loaded
from station_desk.domain.validators import DOT_VARIANTS, is_han

# Compound surnames (复姓) and their readings, one syllable per character.
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "上官": ("shang", "guan"),
    "诸葛": ("zhu", "ge"),
    "东方": ("dong", "fang"),
    "皇甫": ("huang", "fu"),
    "令狐": ("ling", "hu"),
    "宇文": ("yu", "wen"),
    "慕容": ("mu", "rong"),
    "夏侯": ("xia", "hou"),
    "公孙": ("gong", "sun"),
    "澹台": ("tan", "tai"),
    "轩辕": ("xuan", "yuan"),
    "司徒": ("si", "tu"),
    "司空": ("si", "kong"),
    "司寇": ("si", "kou"),
    "独孤": ("du", "gu"),
    "南宫": ("nan", "gong"),
    "西门": ("xi", "men"),
    "呼延": ("hu", "yan"),
    "端木": ("duan", "mu"),
    "闻人": ("wen", "ren"),
    "申屠": ("shen", "tu"),
    "拓跋": ("tuo", "ba"),
    "百里": ("bai", "li"),
    "东郭": ("dong", "guo"),
    "钟离": ("zhong", "li"),
    "仲孙": ("zhong", "sun"),
    "太史": ("tai", "shi"),
    "太叔": ("tai", "shu"),
    "公冶": ("gong", "ye"),
    "公羊": ("gong", "yang"),
    "公良": ("gong", "liang"),
    "公西": ("gong", "xi"),
    "宗政": ("zong", "zheng"),
    "濮阳": ("pu", "yang"),
    "淳于": ("chun", "yu"),
    "鲜于": ("xian", "yu"),
    "赫连": ("he", "lian"),
    "羊舌": ("yang", "she"),
    "微生": ("wei", "sheng"),
    "左丘": ("zuo", "qiu"),
    "闾丘": ("lv", "qiu"),
    "梁丘": ("liang", "qiu"),
    "第五": ("di", "wu"),
    "亓官": ("qi", "guan"),
    "乐正": ("yue", "zheng"),
    "谷梁": ("gu", "liang"),
    "段干": ("duan", "gan"),
    "巫马": ("wu", "ma"),
    "颛孙": ("zhuan", "sun"),
    "子车": ("zi", "ju"),
    "壤驷": ("rang", "si"),
    "漆雕": ("qi", "diao"),
    "宰父": ("zai", "fu"),
    "夹谷": ("jia", "gu"),
    "即墨": ("ji", "mo"),
    "达奚": ("da", "xi"),
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"),
}

# Single surnames whose surname reading differs from (or is easily confused with) the usual one.
SURNAME_READINGS: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "乐": "yue",
    "缪": "miao",
    "翟": "zhai",
    "尉": "wei",
    "覃": "qin",
    "任": "ren",
    "折": "she",
    "种": "chong",
    "员": "yun",
    "秘": "bi",
    "繁": "po",
    "黑": "he",
    "阚": "kan",
    "召": "shao",
    "郇": "huan",
    "洗": "xian",
    "冼": "xian",
    "祭": "zhai",
    "能": "nai",
    "佴": "nai",
    "都": "du",
    "谌": "chen",
    "便": "pian",
    "隗": "wei",
    "宓": "mi",
    "句": "gou",
    "逄": "pang",
    "眭": "sui",
    "蕃": "pi",
    "褚": "chu",
    "沈": "shen",
    "柏": "bai",
    "重": "chong",
    "长": "chang",
    "藏": "zang",
    "薄": "bo",
    "卜": "bu",
    "莘": "shen",
    "燕": "yan",
    "宁": "ning",
    "相": "xiang",
    "应": "ying",
    "叶": "ye",
    "曲": "qu",
    "石": "shi",
    "贾": "jia",
    "和": "he",
    "强": "qiang",
    "陆": "lu",
    "盛": "sheng",
    "车": "che",
    "华": "hua",
    "纪": "ji",
    "过": "guo",
    "那": "na",
    "哈": "ha",
    "撒": "sa",
    "亓": "qi",
    "炅": "gui",
    "粘": "nian",
    "隽": "juan",
    "恽": "yun",
    "訾": "zi",
    "厍": "she",
    "万": "wan",
    "大": "da",
}


def compound_surname(name: str) -> str | None:
    """The compound surname a Chinese name starts with (欧阳娜娜 → 欧阳), if it has one."""
    text = name.strip()
    han_count = sum(is_han(char) for char in text)
    if han_count >= 3 and text[:2] in COMPOUND_SURNAMES:
        return text[:2]
    return None


def name_pinyin(name: str) -> str:
    """Full pinyin without tones or spaces, lowercase, surname readings used (张三 → zhangsan)."""
    return "".join(_syllables(name))


def name_initials(name: str) -> str:
    """First letter of each syllable or Latin word (张三 → zs, 单田芳 → stf, John Smith → js)."""
    return "".join(syllable[0] for syllable in _syllables(name))


def normalise_query(query: str) -> str:
    """What a typed search is compared as: lowercase, without spaces or middle dots."""
    text = query.lower()
    for char in DOT_VARIANTS:
        text = text.replace(char, "")
    return "".join(text.split())


def search_keys(name: str) -> str:
    """Name, full pinyin and initials (and everyday readings) in one lowercase, spaced string.

    Store it in a column and match with `LIKE '%' || :q || '%' ESCAPE '\\'`, where q is
    `normalise_query(query)` with `\\`, `%` and `_` escaped by a backslash.
    """
    return " ".join(_keys(name))


def matches(name: str, query: str) -> bool:
    """True when the query is part of the name, of its full pinyin or of its initials.

    An empty query (after removing spaces) matches every name, as an empty search box does.
    """
    wanted = normalise_query(query)
    return not wanted or any(wanted in key for key in _keys(name))


@lru_cache(maxsize=8192)
def _keys(name: str) -> tuple[str, ...]:
    compact = normalise_query(name)
    keys: list[str] = [compact] if compact else []
    for mode in ("surname", "single", "plain"):
        syllables = _syllables(name, mode)
        for key in ("".join(syllables), "".join(s[0] for s in syllables)):
            if key and key not in keys:
                keys.append(key)
    return tuple(keys)


@lru_cache(maxsize=8192)
def _syllables(name: str, mode: str = "surname") -> tuple[str, ...]:
    """One lowercase syllable per Han character, one lowercase token per Latin word or number.

    mode "surname" reads a leading compound or single surname with its surname reading,
    "single" only a single surname (单于飞 as 单 + 于飞), "plain" uses pypinyin's reading.
    """
    syllables: list[str] = []
    for kind, run in _runs(name.strip()):
        if kind == "han":
            syllables.extend(_han_syllables(run))
        elif kind == "word":
            syllables.append(run.lower())
    if mode != "plain" and syllables and not any(char in DOT_VARIANTS for char in name):
        _apply_surname(name.strip(), syllables, compound=mode == "surname")
    return tuple(syllables)


def _apply_surname(name: str, syllables: list[str], *, compound: bool) -> None:
    if not name or not is_han(name[0]):
        return
    surname = compound_surname(name) if compound else None
    if surname is not None:
        syllables[0:2] = COMPOUND_SURNAMES[surname]
    elif name[0] in SURNAME_READINGS:
        syllables[0] = SURNAME_READINGS[name[0]]


def _runs(text: str) -> list[tuple[str, str]]:
    """Split text into runs of Han characters ("han"), letters/digits ("word") and the rest."""
    runs: list[tuple[str, str]] = []
    for char in text:
        kind = "han" if is_han(char) else "word" if char.isalnum() else "other"
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        else:
            runs.append((kind, char))
    return runs


def _each_char(chars: str) -> Any:
    """pypinyin `errors` hook: a character without a reading stands for itself, one by one."""
    return list(chars)  # pypinyin accepts a list here although its stubs say str


_pypinyin_loaded = False


def _han_syllables(run: str) -> list[str]:
    global _pypinyin_loaded
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(run, style=Style.NORMAL, errors=_each_char)
    if not _pypinyin_loaded:  # its dictionaries, held from now on (see `collector`)
        _pypinyin_loaded = True
        long_lived_loaded()
    if len(syllables) != len(run):  # never seen; keep one syllable per character regardless
        syllables = [lazy_pinyin(char, style=Style.NORMAL)[0] for char in run]
    return [syllable.lower() for syllable in syllables]
