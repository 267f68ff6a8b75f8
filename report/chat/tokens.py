"""A chat message as clauses of tokens: amounts (Arabic, full-width, Chinese; vague ones marked) and lexicon terms."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Union

from report.chat.lexicon import CONTENT_KINDS, Term, term_pattern, terms
from report.numbers import cn_to_int, normalize_digits

Amount = Union[int, Decimal]
UNITS = "件|个|项|起|次|宗|份|家|条|人|篇|期|场|例|万元|元|笔"
_CN = "零〇一二两三四五六七八九十百千万"
# A number: digits or a Chinese numeral, an optional vague tail (多/余/几), an optional unit.
_NUMBER = re.compile(rf"(?P<pre>约|大约|大概|将近|近|超过|不到|不足|多于|少于|差不多)?"
                     rf"(?:(?P<arabic>\d{{1,3}}(?:_\d{{3}})+|\d+(?:\.\d+)?)|(?P<cn>[{_CN}]+))"
                     rf"(?P<tail>多|余|来|几)?\s*(?P<unit>{UNITS})?(?P<post>左右|上下)?")
_NOT_COUNT_AFTER = re.compile(r"年|月|日|号|%|％|个工作日|天|热线|小时|分钟|类|是|方面|步|致|律|体|站|线|网|级|把手|季度|周")
_SHORT_PAREN = re.compile(r"[（(][^（）()\d]{1,3}[）)]")  # （馆）、（七）: read through, not a clause of its own
_WORD_BEFORE = ("同", "统", "唯", "进", "某", "每", "任", "逐", "专", "单", "之", "第")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_CLAUSE_END = re.compile(r"[，,；;。！？!?\n：:（）()【】]|\s{2,}")
_SENTENCE_END = "。！？!?；;\n"


@dataclass
class Num:
    """An amount in the message: value (None when not exact), unit, and whether it was said vaguely."""

    value: Optional[Amount]
    unit: str
    vague: bool
    start: int
    end: int
    old: bool = False  # "不是10件" in a correction, or last year's figure: not read into this year's cells
    last_year: bool = False  # 去年的20件, 比去年多了300件


@dataclass
class Tok:
    """A lexicon term in the message."""

    term: Term
    text: str
    start: int
    end: int

    @property
    def kind(self) -> str:
        """The term's kind (row, col, t4g, neg, …)."""
        return self.term.kind

    @property
    def content(self) -> bool:
        """True for a term that names a place in the tables."""
        return self.term.kind in CONTENT_KINDS


@dataclass
class Clause:
    """A run of the message between commas and stops: its text, amounts and terms, and its sentence number."""

    text: str
    start: int
    end: int
    sentence: int
    items: list[Union[Num, Tok]] = field(default_factory=list)
    opens_paren: bool = False
    norm: str = ""  # the clause as read (digits normalised, positions as in the message)

    @property
    def nums(self) -> list[Num]:
        """The amounts of the clause, in order."""
        return [i for i in self.items if isinstance(i, Num)]

    @property
    def toks(self) -> list[Tok]:
        """The terms of the clause, in order."""
        return [i for i in self.items if isinstance(i, Tok)]

    def has(self, kind: str) -> bool:
        """True when the clause holds a term of this kind."""
        return any(t.kind == kind for t in self.toks)


def _amount(m: re.Match) -> tuple[Optional[Amount], bool]:
    """The value of a number match and whether it is vague (约、多、十几、三四)."""
    vague = bool(m["pre"] or m["tail"] or m["post"])
    if m["arabic"]:
        raw = m["arabic"].replace("_", "")
        value: Optional[Amount] = Decimal(raw) if "." in raw else int(raw)
    else:
        value = cn_to_int(m["cn"])
        digits_only = len(m["cn"]) > 1 and not any(u in m["cn"] for u in "十百千万")
        vague = vague or value is None or digits_only  # 三四件、十二三件
    if m["unit"] == "元" and value is not None:
        value = Decimal(value) / 10000
    return value, vague


def _numbers(text: str) -> list[Num]:
    """The amounts of a message: Arabic/full-width counts, and Chinese numerals that carry a unit."""
    out = []
    for m in _NUMBER.finditer(text):
        unit = m["unit"] or ""
        if m["cn"]:
            if not unit and not m["tail"] and m["cn"] != "零":
                continue  # 一是、进一步、三安全一稳定: words, not amounts
            if m["cn"] in ("万", "千", "百") or (m["cn"] == "零" and not unit):
                continue
            if text[m.start() - 1:m.start()] in _WORD_BEFORE:
                continue  # 同一个、统一、进一步: words, not amounts
        else:
            after = text[m.end():m.end() + 4]
            if not unit and (_NOT_COUNT_AFTER.match(after) or len(m["arabic"]) >= 4 or text[m.start() - 1:m.start()] == "第"):
                continue
        value, vague = _amount(m)
        out.append(Num(value, unit, vague, m.start(), m.end()))
    return out


def _terms(text: str, taken: list[tuple[int, int]]) -> list[Tok]:
    """Lexicon terms outside the amounts, longest first."""
    masked = list(text)
    for s, e in taken:
        masked[s:e] = "\0" * (e - s)
    table = terms()
    return [Tok(table[m.group(0)], m.group(0), m.start(), m.end()) for m in term_pattern().finditer("".join(masked))]


_WHO = ("个", "家", "名", "位")


def _mark_determiners(items: list[Union[Num, Tok]]) -> None:
    """一个申请人、一家公司: a number that counts people or bodies, not applications, is not read into a cell."""
    for num, nxt in zip(items, items[1:]):
        if isinstance(num, Num) and num.unit in _WHO and isinstance(nxt, Tok) and nxt.start - num.end <= 1 and (
                nxt.kind in ("col", "legal") or nxt.text == "申请人"):
            num.old = True


def _mark_last_year(items: list[Union[Num, Tok]]) -> None:
    """An amount whose nearest time word before it is 去年/上年 is last year's figure."""
    latest = ""
    for item in items:
        if isinstance(item, Tok) and item.kind in ("last_year", "this_year"):
            latest = item.kind
        elif isinstance(item, Num) and latest == "last_year":
            item.old = item.last_year = True


def clauses(message: str) -> list[Clause]:
    """The message cut into clauses, each holding its amounts and terms in order."""
    text = _THOUSANDS.sub("_", normalize_digits(message).replace("“", " ").replace("”", " "))
    text = _SHORT_PAREN.sub(lambda m: "\x01" * len(m.group(0)), text)
    nums = _numbers(text)
    toks = _terms(text, [(n.start, n.end) for n in nums])
    items = sorted([*nums, *toks], key=lambda i: i.start)
    out: list[Clause] = []
    start, sentence = 0, 0
    for m in [*_CLAUSE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        if text[start:end].strip():
            clause = Clause(message[start:end].strip(), start, end, sentence,
                            [i for i in items if start <= i.start < end])
            clause.opens_paren = text[start - 1:start] in ("（", "(")
            clause.norm = text[start:end]
            _mark_last_year(clause.items)
            _mark_determiners(clause.items)
            out.append(clause)
        if m and (m.group(0) in _SENTENCE_END or m.group(0).isspace()):
            sentence += 1
        start = m.end() if m else len(text)
    return out
