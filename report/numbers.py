"""Find the numbers in Chinese report text: Arabic, full-width, circled and other Unicode digits, digits split by
spaces or zero-width characters, digits with 十/百/千 (7百件, 5千余条), Chinese numerals, %, 万/亿, years, ordinals."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from report.textnorm import INVISIBLE  # zero-width characters and bidi controls are dropped when reading numbers

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
    approx: bool = False  # followed by 余/多 (20余件, 5百多条): a lower bound, not an exact figure


def normalize_digits(text: str) -> str:
    """Full-width digits and the signs of numbers to ASCII (same length, positions kept; a text comma stays)."""
    return _FULLWIDTH_THOUSANDS.sub(",", text.translate(_FULLWIDTH))


_GROUP_SPACES = " \u00a0\u2007\u2008\u2009\u200a\u202f\u205f\u3000"  # spaces that may split 5 000
_ENCLOSED = (r"\u00b2\u00b3\u00b9\u2070-\u209f\u2460-\u24ff\u2776-\u2793\u3220-\u3229\u3248-\u324f"
             r"\u3251-\u325f\u3280-\u3289\u32b1-\u32bf")
_NEEDS_CLEAN = re.compile(f"{INVISIBLE.pattern}|(?![0-9])\\d|[{_ENCLOSED}]|[0-9][{_GROUP_SPACES}][0-9]")
_SPLIT_GROUPS = re.compile(f"(?<![0-9])[0-9]{{1,3}}(?:[{_GROUP_SPACES}][0-9]{{3}})+(?![0-9])")


def _digit_text(ch: str) -> str | None:
    """ASCII digits for one Unicode digit character (٣, ０, ①, ⑩, ⑴, ¹); None for any other character."""
    if ch.isascii():
        return None
    if (d := unicodedata.decimal(ch, None)) is not None:
        return str(d)
    value = unicodedata.numeric(ch, None)
    if unicodedata.category(ch) == "No" and value is not None and value == int(value) and 0 <= value <= 50:
        return str(int(value))
    return None


def clean_numbers(text: str) -> tuple[str, list[int]]:
    """The text as the number reader sees it (invisible characters dropped, every digit ASCII, 5 000 joined), and for
    each of its characters the index of the character of text it came from (plus len(text) at the end)."""
    if not _NEEDS_CLEAN.search(text):
        return text, list(range(len(text) + 1))
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if INVISIBLE.match(ch):
            continue
        digits = _digit_text(ch)
        for c in digits if digits is not None else ch:
            chars.append(c)
            index.append(i)
    joined = "".join(chars)
    keep = [True] * len(joined)
    for m in _SPLIT_GROUPS.finditer(joined):
        for j in range(m.start(), m.end()):
            if joined[j] in _GROUP_SPACES:
                keep[j] = False
    out = "".join(c for c, k in zip(joined, keep) if k)
    return out, [i for i, k in zip(index, keep) if k] + [len(text)]


def is_enclosed(ch: str) -> bool:
    """True for a circled, parenthesised or superscript digit (①, ⑴, ⒈, ¹): a list marker unless a unit follows."""
    return bool(re.match(f"[{_ENCLOSED}]", ch))


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


_ARABIC = re.compile(r"(?<![0-9.])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")
_SMALL = "十拾百佰千仟"
_NOT_MIXED_AFTER = ("百姓", "千家", "千方", "百计", "百分")  # 12345百姓热线 is a name, not 1234500
# Digits with 十/百/千 (and 万/亿 inside): 7百, 5千, 1万2千, 3.5千; a trailing 万/亿 stays the unit (5千万元).
_MIXED = re.compile(f"(?<![0-9.])(?:[0-9]+(?:\\.[0-9]+)?[{_SMALL}万亿]+)+(?:[0-9]+(?:\\.[0-9]+)?[{_SMALL}]+)?")
_CN = re.compile(f"[{CN_NUMERAL_CHARS}]+")
_PERCENT_CN = re.compile(f"百分之([{CN_NUMERAL_CHARS}]+)")
_DOC_NO = re.compile(r"[〔\[［(（](\d{4})[〕\]］)）]\s*(\d+)\s*号")
_UNIT_AFTER = re.compile(r"\s*[余多]?\s*(%|万元|亿元|万|亿|元|件|条|次|个|人次|人|期|项|篇|家|份|场|批|名|户|天|宗|起|类|本|张|所|处|位|倍|年|月|日|号)?")
_NOT_COUNT_AFTER = ("是", "要", "方面", "体化", "系列", "些", "直", "律", "致", "般", "定", "起来", "步", "心", "线",
                    "级", "把手", "站式", "网通办", "张网", "体", "手", "号文", "审", "公开", "稳定", "安全", "大", "提",
                    "中", "全")


_APPROX_AFTER = re.compile(r"\s*[余多]")


def _approx_after(text: str, end: int) -> bool:
    """True when 余 or 多 follows the number (20余件)."""
    return bool(_APPROX_AFTER.match(text, end))


def _unit_after(text: str, end: int) -> str:
    m = _UNIT_AFTER.match(text, end)
    return m.group(1) or "" if m else ""


def mixed_value(raw: str) -> Decimal | None:
    """Value of digits written with 十/百/千/万/亿 (7百 → 700, 1万2千 → 12000, 3.5千 → 3500); None if not such."""
    total, section, digit = Decimal(0), Decimal(0), None
    for token in re.findall(f"[0-9]+(?:\\.[0-9]+)?|[{_SMALL}万亿]", raw):
        if token[0].isdigit():
            if digit is not None:
                return None
            digit = Decimal(token)
        elif token in _SMALL_UNITS:
            section += (Decimal(1) if digit is None else digit) * _SMALL_UNITS[token]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * _BIG_UNITS[token] if token == "亿" else total + section * _BIG_UNITS[token]
            section, digit = Decimal(0), None
    return total + section + (digit or 0)


def _mixed_spans(text: str) -> list[tuple[int, int, Decimal]]:
    """Digits written with 十/百/千 (a bare 3.5万 is left to the 万/亿 unit reading): (start, end, value)."""
    out = []
    for m in _MIXED.finditer(text):
        raw = m.group(0).rstrip("万亿")
        if text.startswith(_NOT_MIXED_AFTER, m.start() + len(raw) - 1):
            continue
        if not any(ch in _SMALL for ch in raw) and not re.search("[万亿][0-9]", raw):
            continue
        if (value := mixed_value(raw)) is not None:
            out.append((m.start(), m.start() + len(raw), value))
    return out


def _arabic_mentions(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    doc_spans = [(m.start(), m.end()) for m in _DOC_NO.finditer(text)]
    mixed = {s: (e, v) for s, e, v in _mixed_spans(text)}
    taken_until = -1
    for m in _ARABIC.finditer(text):
        start, end = m.start(), m.end()
        if start < taken_until:
            continue
        raw = m.group(0)
        value = Decimal(raw.replace(",", ""))
        if start in mixed:
            end, value = mixed[start]
            raw, taken_until = text[start:end], end
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
        elif m.group(2) and start not in mixed:
            kind = "decimal"
        else:
            kind = "count"
        if unit in ("万", "万元") and kind in ("count", "decimal"):
            value *= 10_000
        elif unit in ("亿", "亿元") and kind in ("count", "decimal"):
            value *= 100_000_000
        out.append(NumberMention(value, raw, start, end, kind, unit, _approx_after(text, end)))
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
        out.append(NumberMention(Decimal(value), raw, start, end, kind, _unit_after(text, end),
                                 _approx_after(text, end)))
    return out


def plain_digits(text: str) -> str:
    """Text for reading (extraction): invisible characters dropped, every digit ASCII, 5 000 joined, digits with
    十/百/千 written out (7百件 → 700件, 5千万元 → 5000万元); Chinese numerals and ①-style markers stay as written."""
    kept = {i: ch for i, ch in enumerate(text) if is_enclosed(ch)}
    clean, index = clean_numbers("".join("\0" if i in kept else ch for i, ch in enumerate(text)))
    out, last = [], 0
    for start, end, value in _mixed_spans(clean):
        out += [clean[last:start], format(value.normalize(), "f")]
        last = end
    out.append(clean[last:])
    marked = "".join(out)
    restored = iter(kept[i] for i in sorted(kept))
    return "".join(next(restored) if ch == "\0" else ch for ch in marked)


def _placed(n: NumberMention, text: str, index: list[int]) -> NumberMention:
    """A mention found in the cleaned text, placed back on the original text (an enclosed ③ alone is a marker)."""
    start, end = index[n.start], index[n.end - 1] + 1
    raw = text[start:end]
    kind = "ordinal" if n.kind == "count" and not n.unit and any(is_enclosed(ch) for ch in raw) else n.kind
    return NumberMention(n.value, raw, start, end, kind, n.unit, n.approx)


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mention in text, in order of position, read through clean_numbers (positions are text's)."""
    clean, index = clean_numbers(text)
    norm = normalize_digits(clean)
    arabic = _arabic_mentions(norm)
    chinese = [c for c in _chinese_mentions(norm) if not (c.start and norm[c.start - 1].isdigit())
               and not any(a.start <= c.start < a.end for a in arabic)]  # 千万 of 5千万元 belongs to the 5
    mentions = sorted(arabic + chinese, key=lambda n: n.start)
    return [_placed(n, text, index) for n in mentions]


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
