"""Number guard: every number in drafted text must trace to the facts or a number derived from them."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from report import format as fmt
from report.facts import Facts
from report.numbers import NumberMention, find_numbers, split_sentences
from report.totals import fill_totals

# Numbers that are names, not figures (a hotline is called 12345 whatever the year).
NAMED_NUMBERS: frozenset[Decimal] = frozenset({Decimal(12345), Decimal(12315), Decimal(12369), Decimal(110)})
# Units of the tables' figures; a count of 次/条/期/人 cannot come from a table, only from the notes.
TABLE_UNITS: frozenset[str] = frozenset({"", "件", "起", "宗", "项", "个", "万", "亿", "万元", "亿元", "元"})
ALWAYS_ALLOWED: frozenset[Decimal] = frozenset({Decimal(0), Decimal(1), Decimal(100)})  # 零、一个、100%
FIRST_REPORT_YEAR = 2007  # the first 条例 is from 2007; older years are not about this report
_LIST_MARKER = re.compile(r"^\s*[（(]?$")


@dataclass(frozen=True)
class GuardFlag:
    """An unsupported number in drafted text, with the sentence that carries it."""

    raw: str
    value: Decimal
    sentence: str
    start: int
    end: int
    message: str


def _cells(facts: Facts) -> list[Decimal]:
    values: list[Decimal] = []
    for key in fmt.ALL_CELL_KEYS:
        v = facts.cell(key)
        if v is not None:
            values.append(Decimal(v))
    if facts.t2.fees_wan is not None:
        values.append(facts.t2.fees_wan * 10_000)  # 3.5 万元 is read as 35000 元
    return values


def _column(facts: Facts, rows: Iterable[str], col: int) -> Decimal | None:
    cells = [facts.t3[r][col] for r in rows]
    return None if any(v is None for v in cells) else Decimal(sum(cells))  # type: ignore[arg-type]


def _derived(facts: Facts) -> list[Decimal]:
    """Sums and shares that a narrative legitimately names (group totals, 受理 = r1 + r2, 诉讼 = c10 + c15 …)."""
    out: list[Decimal] = []
    groups = [list(rows) for rows in fmt.T3_GROUPS.values()]
    groups += [["r1", "r2"], ["r3", "r4"], ["r24", "r25"]]
    for col in range(fmt.T3_NCOLS):
        out += [v for rows in groups if (v := _column(facts, rows, col)) is not None]
    legal_persons = [facts.t3[r][1:6] for r in ("r1", "r2", "r24", "r25")]
    out += [Decimal(sum(v)) for v in legal_persons if None not in v]  # 法人或其他组织 subtotal
    t4 = facts.t4
    if None not in (t4[9], t4[14]):
        out.append(Decimal(t4[9] + t4[14]))  # type: ignore[operator]
    if None not in (t4[4], t4[9], t4[14]):
        out.append(Decimal(t4[4] + t4[9] + t4[14]))  # type: ignore[operator]
    return out


def _shares(facts: Facts) -> list[Decimal]:
    """Percent shares of each result group in 办结 (r24 c7), rounded to 0–2 decimals."""
    total = facts.t3["r24"][6]
    if not total:
        return []
    out = []
    for rows in fmt.T3_GROUPS.values():
        part = _column(facts, rows, 6)
        if part is None:
            continue
        share = part * 100 / Decimal(total)
        out += [share.quantize(Decimal(1) / 10**d) for d in range(3)]
    return out


def _note_numbers(facts: Facts, percent: bool) -> list[Decimal]:
    texts = [t for items in facts.notes.values() for t in items]
    return [m.value for t in texts for m in find_numbers(t) if (m.kind == "percent") == percent]


def _normalized(values: Iterable[Decimal]) -> set[Decimal]:
    return {v.normalize() for v in values}


@dataclass(frozen=True)
class Allowed:
    """What a narrative may state: table figures (bound to table units), other counts, percentages."""

    table: frozenset[Decimal]
    other: frozenset[Decimal]
    percents: frozenset[Decimal]

    def admits(self, m: NumberMention) -> bool:
        """True when the mention's value is accounted for (table figures only with a table unit such as 件)."""
        value = m.value.normalize()
        if m.kind == "percent":
            return value in self.percents
        return value in self.other or (m.unit in TABLE_UNITS and value in self.table)


def allowed(facts: Facts, extra: Iterable[Decimal] = ()) -> Allowed:
    """The allowed numbers of these facts, computed once (totals filled first)."""
    filled, _ = fill_totals(facts)
    notes = _normalized(_note_numbers(filled, False))
    other = notes | _normalized([*ALWAYS_ALLOWED, *NAMED_NUMBERS, *extra])
    percents = _normalized((Decimal(100), *_shares(filled), *_note_numbers(filled, True)))
    return Allowed(frozenset(_normalized([*_cells(filled), *_derived(filled)])), frozenset(other), frozenset(percents))


def allowed_numbers(facts: Facts, extra: Iterable[Decimal] = ()) -> set[Decimal]:
    """Every count a narrative may state: cells, totals, derived sums, numbers in the notes."""
    found = allowed(facts, extra)
    return set(found.table | found.other)


def _structural(m: NumberMention, text: str, year: int) -> bool:
    """Years, dates, document numbers, ordinals and list markers are not figures."""
    if m.kind in ("doc_no", "ordinal"):
        return True
    if m.kind == "year":
        return FIRST_REPORT_YEAR <= m.value <= year + 1
    if m.kind == "date":
        return 1 <= m.value <= 31
    after = text[m.end:m.end + 1]
    before = text[max(0, m.start - 1):m.start]
    line_start = text.rfind("\n", 0, m.start) + 1
    return after in ("、", ".", "．", "）", ")") and bool(_LIST_MARKER.match(text[line_start:m.start])) and (
        before in ("", "\n", "（", "(") or m.start == line_start)


def _sum_in_sentence(m: NumberMention, sentence_numbers: list[Decimal]) -> bool:
    """True when the number is the sum of two or more other numbers stated in the same sentence."""
    others = [v for v in sentence_numbers if v != m.value][:8]
    return any(sum(c) == m.value for n in range(2, len(others) + 1) for c in itertools.combinations(others, n))


def check_numbers(text: str, facts: Facts, extra_allowed: Iterable[Decimal] = ()) -> list[GuardFlag]:
    """Flag every number in text that the facts cannot account for."""
    rules = allowed(facts, extra_allowed)
    flags: list[GuardFlag] = []
    for s_start, _s_end, sentence in split_sentences(text):
        mentions = [m for m in find_numbers(sentence) if not _structural(m, sentence, facts.year)]
        stated = [m.value for m in mentions if m.kind in ("count", "decimal")]
        for m in mentions:
            ok = rules.admits(m)
            if ok or m.kind in ("count", "decimal") and _sum_in_sentence(m, stated):
                continue
            what = "百分比" if m.kind == "percent" else "数字"
            flags.append(GuardFlag(m.raw, m.value, sentence.strip(), s_start + m.start, s_start + m.end,
                                   f"{what}“{m.raw}”在本年数据中找不到出处：{sentence.strip()}"))
    return flags
