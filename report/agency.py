"""Agency names: normalised form, administrative level (format.LEVELS) and 简称/全称 matching. No LLM."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from report import format as fmt
from report.textnorm import INVISIBLE, normalise_name

# Administrative-unit suffixes, longest first; each maps to a tier: 省 (province), 市 (prefecture), 县, 乡.
UNIT_TIERS: tuple[tuple[str, str], ...] = (
    ("特别行政区", "省"), ("街道办事处", "乡"), ("自治区", "省"), ("自治州", "市"), ("自治县", "县"), ("自治旗", "县"),
    ("特区", "县"), ("林区", "县"), ("地区", "市"), ("街道", "乡"),
    ("省", "省"), ("市", "市"), ("州", "市"), ("盟", "市"), ("县", "县"), ("区", "县"), ("旗", "县"),
    ("镇", "乡"), ("乡", "乡"),
)
MUNICIPALITIES: frozenset[str] = frozenset({"北京", "上海", "天津", "重庆"})  # 直辖市: province tier
_LEVEL_DATA = tomllib.loads((Path(__file__).with_name("agency_levels.toml")).read_text(encoding="utf-8"))
# 地级市 names (without 市): any other 某某市 is a 县级市, of county tier (agency_levels.toml).
PREFECTURE_CITIES: frozenset[str] = frozenset(_LEVEL_DATA["prefecture_cities"] + _LEVEL_DATA["fictional_prefecture_cities"])
# A city department's body in a district (深圳市公安局龙华分局): its organ ends so after a first 局 (county tier).
_DISTRICT_BRANCH = re.compile(r"^.+?局.{1,8}?(?:" + "|".join(map(re.escape, _LEVEL_DATA["district_branch_endings"]))
                              + r")$")
# Two-character words that end like a unit but are not one (城镇住房…, 城区管理…, 社区…, 市场…).
NOT_UNITS: frozenset[str] = frozenset({"城镇", "城区", "乡镇", "城乡", "社区", "园区", "景区", "辖区", "市区", "市场",
                                       "城市", "都市", "街区", "片区", "小区", "矿区", "库区", "营区"})
# Zones whose level the name does not settle (开发区, 高新区 …): their bodies get no level.
ZONE_ENDINGS: tuple[str, ...] = ("开发区", "高新区", "保税区", "示范区", "试验区", "合作区", "新区")
ORGAN_MARKERS: tuple[str, ...] = ("人民政府", "政府", "委员会", "办公厅", "办公室", "管理", "局", "委", "厅", "办",
                                  "署", "部", "中心", "院", "会", "所", "队", "站", "处", "馆")
GOVERNMENT_ORGANS: frozenset[str] = frozenset({"人民政府", "政府", "办事处", "街道办事处", "人民政府办事处"})
CENTRAL_PREFIXES: tuple[str, ...] = ("国务院", "国家", "中华人民共和国", "中国")
# Tier of the innermost unit -> (level of its government, level of its departments).
TIER_LEVELS: dict[str, tuple[str, str]] = {
    "省": ("省级人民政府", "省级部门"),
    "市": ("设区的市人民政府", "市级部门"),
    "县": ("县级人民政府", "县级部门"),
    "乡": ("乡镇街道", "乡镇街道"),
}
_UNIT_SUFFIXES = "|".join(s for s, _ in UNIT_TIERS)
_UNIT = re.compile(rf"([\u4e00-\u9fff]{{1,10}}?)({_UNIT_SUFFIXES})")
_TIER_OF = dict(UNIT_TIERS)
_BRACKETS = str.maketrans({"(": "（", ")": "）", "　": "", " ": "", "\t": "", "\u00a0": ""})
_REMARK = re.compile(r"（[^（）]*）$")


@dataclass(frozen=True)
class AgencyName:
    """An agency name split into its administrative units and the organ that follows them."""

    units: tuple[tuple[str, str], ...]  # (name, suffix), outermost first; name "" for a bare 区/县 prefix
    organ: str

    @property
    def tier(self) -> Optional[str]:
        """Tier (省/市/县/乡) of the innermost unit, or None when the name has no unit."""
        if not self.units:
            return None
        name, suffix = self.units[-1]
        if suffix == "市" and name in MUNICIPALITIES and len(self.units) == 1:
            return "省"
        if suffix == "市" and len(self.units) > 1 and _TIER_OF[self.units[-2][1]] == "市":
            return "县"  # a 县级市 under a prefecture (黔东南州凯里市)
        if suffix == "市" and name and name not in MUNICIPALITIES and name not in PREFECTURE_CITIES:
            return "县"  # a 县级市 named alone (高平市, 漳平市)
        if _TIER_OF[suffix] == "市" and _DISTRICT_BRANCH.match(self.organ):
            return "县"  # a city department's branch in a district (深圳市公安局龙华分局)
        return _TIER_OF[suffix]


def normalize_agency(name: str) -> str:
    """Agency name without spaces or invisible characters, NFKC, with full-width brackets and without a trailing
    remark such as （文史研究馆）."""
    text = normalise_name(INVISIBLE.sub("", name or "")).translate(_BRACKETS)
    stripped = _REMARK.sub("", text)
    return stripped or text


def _is_unit_name(name: str, suffix: str) -> bool:
    """True when name+suffix reads as a place (not an organ word like 市场 or a phrase containing 局/委)."""
    if name + suffix in NOT_UNITS or len(name) > 2 and name[-1] + suffix in NOT_UNITS:
        return False
    return not any(marker in name for marker in ORGAN_MARKERS)


def _bare_prefix(text: str) -> bool:
    """True for a name opening with a bare 区/县/市/镇/乡 that is no place of its own (区文广旅体局, 县市场监管局)."""
    if len(text) < 3 or _TIER_OF.get(text[0]) not in {"县", "市", "乡"} or text[:2] in NOT_UNITS:
        return False
    m = _UNIT.match(text)
    return not (m and len(m.group(1)) >= 2 and _is_unit_name(m.group(1), m.group(2)))


@lru_cache(maxsize=4096)  # pairing hundreds of reports compares each name many times
def split_agency(name: str) -> AgencyName:
    """Split a name into its units (郑州市, 上街区) and organ (文化广电旅游体育局)."""
    text = normalize_agency(name)
    units: list[tuple[str, str]] = []
    if _bare_prefix(text):
        return AgencyName((("", text[0]),), text[1:])  # 区文广旅体局: a bare level word as prefix
    pos = 0
    while True:
        m = _UNIT.match(text, pos)
        if not m or not _is_unit_name(m.group(1), m.group(2)):
            break
        unit_name, suffix, pos = m.group(1), m.group(2), m.end()
        if suffix == "州" and text[pos:pos + 1] in {"市", "区", "县"} and pos + 1 < len(text):
            unit_name, suffix, pos = unit_name + "州", text[pos], pos + 1  # 郑州市, 通州区
        units.append((unit_name, suffix))
    return AgencyName(tuple(units), text[pos:])


def _is_government(organ: str) -> bool:
    return organ in GOVERNMENT_ORGANS or organ.endswith("街道办事处") or organ == ""


def infer_level(agency: Optional[str]) -> Optional[str]:
    """The level (one of format.LEVELS) read from the agency's name, or None when the name does not settle it."""
    if not agency or not agency.strip():
        return None
    parsed = split_agency(agency)
    if not parsed.units:
        if parsed.organ.startswith(CENTRAL_PREFIXES) or re.fullmatch(r"[\u4e00-\u9fff]{1,8}部", parsed.organ):
            return "国务院部门"
        return None
    tier = parsed.tier
    if tier is None or "".join(parsed.units[-1]).endswith(ZONE_ENDINGS):
        return None
    government, department = TIER_LEVELS[tier]
    level = government if _is_government(parsed.organ) else department
    return level if level in fmt.LEVELS else None


def _organ_key(organ: str) -> str:
    """Organ name in comparable form: 人民政府 → 政府."""
    return organ.replace("人民政府", "政府")


def _is_abbreviation(short: str, long: str) -> bool:
    """True when short keeps long's characters in order, and both end with the same organ character."""
    if not short or not long or short[-1] != long[-1]:
        return False
    it = iter(long)
    return all(ch in it for ch in short)


def _units_match(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> bool:
    """Units agree: one list ends the other (上街区 ⊂ 郑州市上街区), or a bare 区/县 matches the innermost suffix."""
    if not a or not b:
        return not a and not b
    short, long = (a, b) if (len(a), a[0][0] != "") <= (len(b), b[0][0] != "") else (b, a)
    if len(short) == 1 and short[0][0] == "":
        return short[0][1] == long[-1][1]
    return tuple(long[-len(short):]) == tuple(short)


def agency_matches(a: Optional[str], b: Optional[str]) -> bool:
    """True when two names denote the same agency (全称 or 简称: 区文广旅体局 ≈ 郑州市上街区文化广电旅游体育局)."""
    if not a or not b:
        return False
    na, nb = normalize_agency(a), normalize_agency(b)
    if na == nb:
        return True
    pa, pb = split_agency(na), split_agency(nb)
    if not _units_match(pa.units, pb.units):
        return False
    oa, ob = _organ_key(pa.organ), _organ_key(pb.organ)
    if oa == ob:
        return bool(oa) or pa.units == pb.units
    short, long = (oa, ob) if len(oa) <= len(ob) else (ob, oa)
    return len(short) >= 2 and _is_abbreviation(short, long)


def same_agency(agency: Optional[str], names: Iterable[str]) -> list[str]:
    """The names that denote this agency: equal once normalised, else matching as 简称/全称; [] when none match or
    the matches are more than one agency (an ambiguous 简称 pairs with nothing)."""
    if not agency:
        return []
    names = [n for n in names if n]
    key = normalize_agency(agency)
    found = [n for n in names if normalize_agency(n) == key] or [n for n in names if agency_matches(agency, n)]
    return found if len({normalize_agency(n) for n in found}) == 1 else []
