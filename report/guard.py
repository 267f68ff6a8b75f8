"""Number guard: every number in drafted text must trace to the facts or a number derived from them."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from report import format as fmt
from report.facts import Facts
from report.figures import FIGURES, figure_values, last_year_values
from report.narrative import COMPARISON
from report.numbers import NumberMention, find_numbers, split_sentences
from report.totals import fill_totals

# Numbers that are names, not figures (a hotline is called 12345 whatever the year).
NAMED_NUMBERS: frozenset[Decimal] = frozenset({Decimal(12345), Decimal(12315), Decimal(12369), Decimal(110)})
# Units of the tables' figures; a count of 次/条/期/人 cannot come from a table, only from the notes.
TABLE_UNITS: frozenset[str] = frozenset({"", "件", "起", "宗", "项", "个", "万", "亿", "万元", "亿元", "元"})
ALWAYS_ALLOWED: frozenset[Decimal] = frozenset({Decimal(0), Decimal(1), Decimal(100)})  # 零、一个、100%
FIRST_REPORT_YEAR = 2007  # the first 条例 is from 2007; older years are not about this report
_LIST_MARKER = re.compile(r"^\s*[（(]?$")
# A number that names a total of the numbers beside it ("共计43件", "两项合计", "43件，其中…"): only such a number
# may be a sum of other numbers in its sentence; "培训5次，专题培训2次，培训7次" does not make 7 a figure.
TOTAL_BEFORE = re.compile(r"(?:共计|合计|总计|累计|共有|一共|总共|共|总数|总量|两项|之和|加起来|汇总)[^，,。；;：:、]{0,8}$")
TOTAL_AFTER = re.compile(r"^\s*[件条次项个宗起人期篇]?\s*[（(，,：:]?\s*其中")
PERCENT_DECIMALS = (0, 1)  # a change on last year is accepted as a percentage to 0 or 1 decimal


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


def _note_numbers(facts: Facts, percent: bool, section: str | None = None) -> list[Decimal]:
    """Numbers of the notes (of one section when given): counts, or percentages."""
    texts = [t for num, items in facts.notes.items() if section in (None, num) for t in items]
    return [m.value for t in texts for m in find_numbers(t) if (m.kind == "percent") == percent]


def _last_year(facts: Facts, filled: Facts) -> tuple[list[Decimal], list[Decimal]]:
    """Last year's named figures and their differences from this year's, and the changes in percent."""
    last, now = last_year_values(facts), figure_values(filled, filled=True)
    counts, percents = [], []
    for name, before in last.items():
        if before is None:
            continue
        counts.append(Decimal(before))
        if (after := now.get(name)) is None:
            continue
        counts.append(Decimal(abs(after - before)))
        if before:
            change = Decimal(abs(after - before)) * 100 / Decimal(before)
            percents += [change.quantize(Decimal(1) / 10**d) for d in PERCENT_DECIMALS]
    return counts, percents


def _normalized(values: Iterable[Decimal]) -> set[Decimal]:
    return {v.normalize() for v in values}


@dataclass(frozen=True)
class Allowed:
    """What a narrative may state: table figures (bound to table units), other counts, percentages, and — only in a
    sentence comparing with last year — last year's figures and the changes."""

    table: frozenset[Decimal]
    notes: frozenset[Decimal]  # counts written in the notes the staff gave
    fixed: frozenset[Decimal]  # always allowed (0, 1, 100), names such as 12345, and any extra
    percents: frozenset[Decimal]
    last: frozenset[Decimal] = frozenset()
    changes: frozenset[Decimal] = frozenset()

    @property
    def other(self) -> frozenset[Decimal]:
        """Counts allowed whatever their unit: the notes' numbers and the fixed ones."""
        return self.notes | self.fixed

    def admits(self, m: NumberMention, comparing: bool = False) -> bool:
        """True when the mention's value is accounted for (table figures only with a table unit such as 件)."""
        value = m.value.normalize()
        if m.kind == "percent":
            return value in self.percents or comparing and value in self.changes
        if value in self.other or (m.unit in TABLE_UNITS and value in self.table):
            return True
        return comparing and m.unit in TABLE_UNITS and value in self.last


def allowed(facts: Facts, extra: Iterable[Decimal] = (), section: str | None = None) -> Allowed:
    """The one definition of the numbers a narrative may state (the guard checks it, the prompt lists it)."""
    filled, _ = fill_totals(facts)
    notes = _normalized(_note_numbers(filled, False, section))
    fixed = _normalized([*ALWAYS_ALLOWED, *NAMED_NUMBERS, *extra])
    percents = _normalized((Decimal(100), *_shares(filled), *_note_numbers(filled, True, section)))
    last, changes = _last_year(facts, filled)
    return Allowed(frozenset(_normalized([*_cells(filled), *_derived(filled)])), frozenset(notes),
                   frozenset(fixed), frozenset(percents), frozenset(_normalized(last)),
                   frozenset(_normalized(changes)))


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def prompt_figures(facts: Facts, section: str) -> tuple[list[str], list[str]]:
    """The numbers a prompt tells the model it may use (this year's; then last year's, for comparisons only)."""
    found = allowed(facts, section=section)
    counts = sorted(found.table | found.notes | {Decimal(facts.year)})
    this_year = [_text(v) for v in counts] + [f"{_text(v)}%" for v in sorted(found.percents)]
    last = [_text(v) for v in sorted(found.last)] + [f"{_text(v)}%" for v in sorted(found.changes - found.percents)]
    return this_year, last


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


def _named_total(m: NumberMention, sentence: str) -> bool:
    """True when the sentence names the number as a total (共计/合计… before it, or 其中… right after it)."""
    return bool(TOTAL_BEFORE.search(sentence[:m.start]) or TOTAL_AFTER.match(sentence[m.end:]))


def _sum_in_sentence(m: NumberMention, sentence: str, sentence_numbers: list[Decimal]) -> bool:
    """True when the number is named as a total and is the sum of two or more other numbers of the sentence."""
    if not _named_total(m, sentence):
        return False
    others = [v for v in sentence_numbers if v != m.value][:8]
    return any(sum(c) == m.value for n in range(2, len(others) + 1) for c in itertools.combinations(others, n))


def _change_hint(sentence: str, facts: Facts) -> str:
    """For a wrong percentage in a comparison: the changes on last year of the figures the sentence names."""
    last, now = last_year_values(facts), figure_values(facts)
    hints = []
    for f in FIGURES:
        before, after = last.get(f.name), now.get(f.name)
        if before and after is not None and any(w in sentence for w in f.keywords):
            change = Decimal(after - before) * 100 / Decimal(before)
            hints.append(f"{f.label}上年{before}{f.unit}、本年{after}{f.unit}，"
                         f"{'增长' if change >= 0 else '下降'}{_text(abs(change).quantize(Decimal('0.1')))}%")
    return "（按表中数字：" + "；".join(hints) + "）" if hints else ""


def _flag(m: NumberMention, sentence: str, offset: int, comparing: bool, facts: Facts) -> GuardFlag:
    what = "百分比" if m.kind == "percent" else "数字"
    quote = sentence.strip()
    message = f"{what}“{m.raw}”在本年数据中找不到出处：{quote}"
    if comparing and m.kind == "percent" and (hint := _change_hint(sentence, facts)):
        message = f"百分比“{m.raw}”与上年相比的变化对不上{hint}：{quote}"
    return GuardFlag(m.raw, m.value, quote, offset + m.start, offset + m.end, message)


def check_numbers(text: str, facts: Facts, extra_allowed: Iterable[Decimal] = (),
                  section: str | None = None) -> list[GuardFlag]:
    """Flag every number in text that the facts cannot account for (section: only that section's notes count)."""
    rules = allowed(facts, extra_allowed, section)
    flags: list[GuardFlag] = []
    for s_start, _s_end, sentence in split_sentences(text):
        mentions = [m for m in find_numbers(sentence) if not _structural(m, sentence, facts.year)]
        stated = [m.value for m in mentions if m.kind in ("count", "decimal")]
        comparing = bool(COMPARISON.search(sentence))
        for m in mentions:
            if rules.admits(m, comparing):
                continue
            if m.kind in ("count", "decimal") and _sum_in_sentence(m, sentence, stated):
                continue
            flags.append(_flag(m, sentence, s_start, comparing, facts))
    return flags
