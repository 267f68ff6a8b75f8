"""Year-on-year comparison of one agency's report with last year's: every cell with both years and the change, and
the changes a checker asks about (Y1, Y2) as rules with their thresholds as data. No LLM."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterator, Optional

from report import format as fmt
from report.facts import Facts
from report.findings import Finding
from report.novelty import repetition_ratio
from report.rules.base import Issue, count

# The rules that need last year's report: carry-over, stock of documents, repeated text, and the change rules below.
CROSS_YEAR_RULES: tuple[str, ...] = ("P1", "P2", "P8", "Y1", "Y2")


@dataclass(frozen=True)
class ChangeRule:
    """A change between two years that a checker asks about: a rise to `factor` times or more, or a drop below
    `factor` times last year's; `floor` keeps small counts out (this year's for a rise, last year's for a drop)."""

    key: str
    what: str  # the figure, in Chinese
    cells: tuple[str, ...]
    rise: bool
    factor: Decimal
    floor: int
    ask: str  # what the checker asks the agency, in Chinese

    @property
    def title(self) -> str:
        """The rule as the registry lists it: what should hold."""
        if self.rise:
            return f"{self.what}不到上年的{self.factor}倍（本年少于{self.floor}件不计）"
        return f"{self.what}不低于上年的{self.factor:.0%}（上年少于{self.floor}件不计）"


CHANGE_RULES: tuple[ChangeRule, ...] = (
    ChangeRule("Y1", "本年新收申请数量", (fmt.t3_key("r1", fmt.T3_TOTAL_COL),), rise=True, factor=Decimal(5),
               floor=20, ask="请核实数字，或在正文中说明申请量大幅增加的原因"),
    ChangeRule("Y2", "主动公开的行政许可、行政处罚、行政强制决定数量", ("t2.licensing", "t2.penalty", "t2.coercion"),
               rise=False, factor=Decimal("0.5"), floor=20, ask="请核实是否漏报，或在正文中说明减少的原因"),
)
_COUNT_CELLS: dict[str, tuple[str, ...]] = {  # the count cells (not the fee) of each table
    t: tuple(k for k in fmt.ALL_CELL_KEYS if fmt.cell_ref(k).table == t
             and not (k in fmt.T2_CELL_BY_KEY and fmt.T2_CELL_BY_KEY[k].decimal)) for t in ("t2", "t3", "t4")}
CHANGE_RULE_BY_KEY: dict[str, ChangeRule] = {r.key: r for r in CHANGE_RULES}


def _rise(now: int, last: int) -> str:
    return f"上年为 0，本年 {now}" if last == 0 else f"是上年 {last} 的 {now / last:.1f} 倍"


def _drop(now: int, last: int) -> str:
    return f"比上年 {last} 减少 {(last - now) / last:.0%}"


def table_blank(facts: Facts, key: str) -> bool:
    """True when the table holding the cell has no figure other than 0 this year (a draft not yet filled in):
    its zeros are no figures of this year, and no change is judged on them."""
    return not any(count(facts.cell(k)) for k in _COUNT_CELLS[fmt.cell_ref(key).table])


def change_issues(rule: ChangeRule, facts: Facts) -> Iterator[Issue]:
    """Issues of one change rule: cells whose change against last year passes the rule's threshold; cells of a
    table this year has not filled in are left alone."""
    if facts.previous is None:
        return
    for key in rule.cells:
        now, last = count(facts.cell(key)), count(facts.previous.cell(key))
        if now is None or last is None or table_blank(facts, key):
            continue
        if rule.rise and now >= rule.floor and now >= rule.factor * last:
            change = _rise(now, last)
        elif not rule.rise and last >= rule.floor and now < rule.factor * last:
            change = _drop(now, last)
        else:
            continue
        yield Issue((key,), f"{fmt.cell_position(key)} 为 {now}，{change}；{rule.ask}", expected=last, actual=now)


# ---------------------------------------------------------------- one agency's series of years


@dataclass(frozen=True)
class SeriesRule:
    """A figure far from the agency's own series: at least `rise` times the median of its other years, or at most
    `drop` times it; `floor` keeps small counts out (the larger of the figure and the median)."""

    key: str
    cells: tuple[str, ...]
    rise: Decimal
    drop: Decimal
    floor: int
    min_years: int  # years in the series, this one included, for the median to mean something
    ask: str

    @property
    def title(self) -> str:
        """The rule as the registry lists it."""
        return (f"主要数字与本机关历年（至少{self.min_years}年）中位数相差不到{self.rise}倍"
                f"（较大者少于{self.floor}件不计）")


SERIES_RULE = SeriesRule(
    "Y3", (fmt.t3_key("r1", fmt.T3_TOTAL_COL), "t2.licensing", "t2.penalty", "t2.coercion", fmt.t4_key(5)),
    rise=Decimal("2.5"), drop=Decimal("0.4"), floor=20, min_years=3,
    ask="请核实该年数字是否有误，或在正文中说明原因")
SERIES_CELLS: tuple[str, ...] = tuple(dict.fromkeys((*SERIES_RULE.cells, *(c for r in CHANGE_RULES for c in r.cells))))
Series = dict[int, dict[str, int]]  # year → cell key → figure, the agency's other years


def series_figures(cell: Callable[[str], Any]) -> dict[str, int]:
    """The figures of SERIES_CELLS one report has (cell(key) gives its value)."""
    return {k: v for k in SERIES_CELLS if (v := count(cell(k))) is not None}


def _median(values: list[int]) -> Decimal:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return Decimal(ordered[mid]) if len(ordered) % 2 else Decimal(ordered[mid - 1] + ordered[mid]) / 2


def uses_series(series: Series, rule: SeriesRule = SERIES_RULE) -> bool:
    """True when there are enough other years for the series to judge jumps (instead of last year alone)."""
    return len(series) + 1 >= rule.min_years


def series_issues(facts: Facts, series: Series, rule: SeriesRule = SERIES_RULE) -> Iterator[Issue]:
    """Figures of this year far from the median of the agency's other years (a cell with fewer years is skipped)."""
    if not uses_series(series, rule):
        return
    for key in rule.cells:
        now = count(facts.cell(key))
        others = {y: f[key] for y, f in sorted(series.items()) if key in f}
        if now is None or len(others) + 1 < rule.min_years or table_blank(facts, key):
            continue
        median = _median(list(others.values()))
        if max(Decimal(now), median) < rule.floor:
            continue
        if median and now >= rule.rise * median:
            how = f"是本机关其他年度中位数 {median:g} 的 {now / median:.1f} 倍"
        elif now <= rule.drop * median:
            how = f"不到本机关其他年度中位数 {median:g} 的 {rule.drop:.0%}"
        else:
            continue
        years = "、".join(f"{y}年 {v}" for y, v in others.items())
        yield Issue((key,), f"{fmt.cell_position(key)} 为 {now}，{how}（{years}）；{rule.ask}",
                    expected=float(median), actual=now)


def change_check(rule: ChangeRule) -> Callable[[Facts], Iterator[Issue]]:
    """The registry's check function of a change rule."""
    return lambda facts: change_issues(rule, facts)


# ---------------------------------------------------------------- the comparison itself


@dataclass(frozen=True)
class CellChange:
    """One cell in both years: last year's value, this year's, and the change (None when either is unknown)."""

    key: str
    last: Any
    now: Any

    @property
    def position(self) -> str:
        """The cell's short official position (表三 第一行 总计)."""
        return fmt.cell_position(self.key)

    @property
    def change(self) -> Optional[Any]:
        """This year minus last year, when both are numbers."""
        numbers = (int, Decimal)
        if isinstance(self.now, numbers) and isinstance(self.last, numbers):
            return self.now - self.last
        return None


@dataclass
class Comparison:
    """A report against last year's: every cell, each narrative section's share repeating last year's, and the
    cross-year findings (P1, P2, P8, Y1, Y2)."""

    cells: list[CellChange] = field(default_factory=list)
    repeats: dict[str, float] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _fee(value: Any) -> Any:
    return Decimal(str(value)) if value is not None and not isinstance(value, Decimal) else value


def compare_cells(facts: Facts) -> list[CellChange]:
    """Every table cell with last year's value (facts.previous), this year's, and the change."""
    prev = facts.previous
    out = []
    for key in fmt.ALL_CELL_KEYS:
        last = prev.cell(key) if prev else None
        now = facts.cell(key)
        if fmt.T2_CELL_BY_KEY.get(key) and fmt.T2_CELL_BY_KEY[key].decimal:
            last, now = _fee(last), _fee(now)
        out.append(CellChange(key, last, now))
    return out


def section_repeats(facts: Facts) -> dict[str, float]:
    """Share of each narrative section repeating last year's text of it (P8's measure), where both are written."""
    last = (facts.previous.sections or {}) if facts.previous else {}
    now = facts.sections or {}
    return {num: repetition_ratio(now[num], last[num]) for num in fmt.NARRATIVE_SECTIONS
            if now.get(num, "").strip() and last.get(num, "").strip()}


def compare(facts: Facts, findings: list[Finding]) -> Comparison:
    """The comparison of facts with their `previous`, with the cross-year ones among the validator's findings."""
    return Comparison(compare_cells(facts), section_repeats(facts),
                      [f for f in findings if f.key in CROSS_YEAR_RULES])
