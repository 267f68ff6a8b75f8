"""Find the numbers in Chinese report text: Arabic and full-width digits, Chinese numerals, %, 万/亿, years, ordinals."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
           "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_FULLWIDTH_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")  # 12，846 (a comma between digits only)
CN_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)

# Measure words after which a Chinese numeral is a count (一个/两次/十二件 …).
COUNT_UNITS = ("件", "条", "次", "个", "人", "期", "项", "篇", "家", "份", "场", "批", "名", "户", "元", "天", "宗", "起",
               "类", "本", "册", "张", "所", "处", "位", "套", "台", "辆", "笔", "栏", "部", "轮", "季", "年", "月", "日",
               "周", "小时", "分钟", "余", "多", "万", "亿", "倍", "成", "种", "支", "座", "块", "组", "段", "门", "节")


@dataclass(frozen=True)
class NumberMention:
    """One number found in text, with its value, the raw text and where it stands."""

    value: Decimal
    raw: str
    start: int
    end: int
    kind: str  # "count" | "percent" | "year" | "date" | "ordinal" | "doc_no" | "decimal"
    unit: str = ""  # the measure word or unit that follows (件, 万元, % …)


def normalize_digits(text: str) -> str:
    """Full-width digits and the signs of numbers to ASCII (same length, positions kept; a text comma stays)."""
    return _FULLWIDTH_THOUSANDS.sub(",", text.translate(_FULLWIDTH))


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral such as 十二, 二十二, 两, 一百零五, 三千五百万, 二〇二三; None if not a numeral."""
    if not text or any(ch not in _DIGITS and ch not in _SMALL_UNITS and ch not in _BIG_UNITS for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):  # digit-by-digit: 二〇二三
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0:
                return None  # two digits in a row without a unit: 十二三 is not a number
            digit = _DIGITS[ch] if _DIGITS[ch] != 0 else None
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * _BIG_UNITS[ch] if _BIG_UNITS[ch] > 10_000 else total + section * _BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


_ARABIC = re.compile(r"(?<![0-9.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_CN = re.compile(f"[{CN_NUMERAL_CHARS}]+")
_PERCENT_CN = re.compile(f"百分之([{CN_NUMERAL_CHARS}]+)")
_DOC_NO = re.compile(r"[〔\[［(（](\d{4})[〕\]］)）]\s*(\d+)\s*号")
_UNIT_AFTER = re.compile(r"\s*(%|万元|亿元|万|亿|元|件|条|次|个|人次|人|期|项|篇|家|份|场|批|名|户|天|宗|起|类|本|张|所|处|位|倍|年|月|日|号)?")
_NOT_COUNT_AFTER = ("是", "要", "方面", "体化", "系列", "些", "直", "律", "致", "般", "定", "起来", "步", "心", "线",
                    "级", "把手", "站式", "网通办", "张网", "体", "手", "号文", "审", "公开", "稳定", "安全", "大", "提",
                    "中", "全")


def _unit_after(text: str, end: int) -> str:
    m = _UNIT_AFTER.match(text, end)
    return m.group(1) or "" if m else ""


def _arabic_mentions(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    doc_spans = [(m.start(), m.end()) for m in _DOC_NO.finditer(text)]
    for m in _ARABIC.finditer(text):
        start, end = m.start(), m.end()
        raw = m.group(0)
        value = Decimal(raw.replace(",", ""))
        unit = _unit_after(text, end)
        if any(s <= start < e for s, e in doc_spans):
            kind = "doc_no"
        elif unit == "%":
            kind = "percent"
        elif unit == "年" and len(m.group(1)) == 4 and not m.group(2):
            kind = "year"
        elif unit in ("月", "日"):
            kind = "date"
        elif start > 0 and text[start - 1] == "第":
            kind = "ordinal"
        elif m.group(2):
            kind = "decimal"
        else:
            kind = "count"
        if unit in ("万", "万元") and kind in ("count", "decimal"):
            value *= 10_000
        elif unit in ("亿", "亿元") and kind in ("count", "decimal"):
            value *= 100_000_000
        out.append(NumberMention(value, raw, start, end, kind, unit))
    return out


def _cn_kind(text: str, start: int, end: int, raw: str) -> str | None:
    """Classify a Chinese-numeral run, or None when it is part of an ordinary word (一是, 进一步, 统一…)."""
    before, after = text[start - 1:start] if start else "", text[end:end + 3]
    if after.startswith(("、", "是")):
        return None
    if before == "第":
        return "ordinal"
    if before in ("统", "唯", "进", "万", "之", "某", "逐", "专", "单", "同"):
        return None
    if after.startswith("年") and len(raw) == 4 and all(ch in _DIGITS for ch in raw):
        return "year"
    if any(after.startswith(w) for w in _NOT_COUNT_AFTER):
        return None
    if any(after.startswith(u) for u in COUNT_UNITS) or before in ("共", "计", "达", "约", "有", "为"):
        return "count"
    return None


def _chinese_mentions(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _PERCENT_CN.finditer(text):
        value = cn_to_int(m.group(1))
        if value is not None:
            out.append(NumberMention(Decimal(value), m.group(0), m.start(), m.end(), "percent", "%"))
    taken = [(n.start, n.end) for n in out]
    for m in _CN.finditer(text):
        start, end, raw = m.start(), m.end(), m.group(0)
        if any(s <= start < e for s, e in taken):
            continue
        if raw in ("万", "亿", "千", "百"):  # a unit alone (百姓, 千方百计) is not a number
            continue
        value = cn_to_int(raw)
        kind = _cn_kind(text, start, end, raw) if value is not None else None
        if kind is None:
            continue
        out.append(NumberMention(Decimal(value), raw, start, end, kind, _unit_after(text, end)))
    return out


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mention in text, in order of position (full-width digits are read as ASCII)."""
    norm = normalize_digits(text)
    mentions = _arabic_mentions(norm) + _chinese_mentions(norm)
    mentions.sort(key=lambda n: n.start)
    return [NumberMention(n.value, text[n.start:n.end], n.start, n.end, n.kind, n.unit) for n in mentions]


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Sentences of text as (start, end, sentence), split after 。！？；and line breaks."""
    out, start = [], 0
    for m in re.finditer(r"[。！？；;!?\n]+", text):
        if text[start:m.end()].strip():
            out.append((start, m.end(), text[start:m.end()]))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text), text[start:]))
    return out
