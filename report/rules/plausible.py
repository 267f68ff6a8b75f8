"""Plausibility of the figures (R1–R4): a part that cannot exceed its whole, as data (cells, slack, Chinese wording)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from report import format as fmt
from report.facts import Facts
from report.format import t3_key, t4_key
from report.rules.base import Issue, count


@dataclass(frozen=True)
class Bound:
    """One place where the known `parts` must not add up to more than the `wholes` plus `slack`."""

    where: str  # the row, column or group, in Chinese
    parts: tuple[str, ...]  # summed over the known ones (at least one known)
    wholes: tuple[str, ...]  # all must be known
    flag: str  # the cell the finding is about (listed first)


@dataclass(frozen=True)
class PlausibilityRule:
    """A figure the format makes impossible: `parts` more than `wholes` + `slack` at any of its bounds."""

    key: str
    title: str
    bounds: tuple[Bound, ...]
    part_name: str  # what the parts are, in Chinese
    whole_names: tuple[str, ...]  # what each whole is, in Chinese (in the order of Bound.wholes)
    why: str  # why it cannot be, and what to do, in Chinese
    slack: int = 0  # how far the parts may exceed the wholes before it is reported
    only_incomplete: bool = False  # True: quiet when every part is known (an identity rule then says it exactly)
    when: Callable[[Facts, Bound], bool] = lambda facts, bound: True  # extra condition (e.g. last year not given)


def _doc_bound(row: str, label: str) -> Bound:
    made, repealed, valid = (f"t2.{row}.{f}" for f in fmt.T2_DOC_FIELDS)
    return Bound(f"表二 {label}", (made,), (valid, repealed), valid)


def _t3_bound(row: str, col: int) -> Bound:
    return Bound(f"表三“{fmt.T3_COLUMNS[col - 1]}”列", (t3_key(row, col),),
                 (t3_key("r1", col), t3_key("r2", col)), t3_key(row, col))


def _t4_bound(group: int) -> Bound:
    first = 5 * group + 1
    return Bound(f"表四 {fmt.T4_GROUPS[group]}", tuple(t4_key(c) for c in range(first, first + 4)),
                 (t4_key(first + 4),), t4_key(first + 4))


def _last_stock_not_given(facts: Facts, bound: Bound) -> bool:
    """R1 only where P2 cannot say it: last year's 现行有效 of the row is not given or not a count."""
    last = facts.previous.t2 if facts.previous else None
    row = bound.flag.split(".")[1]
    if last is None or row not in last.model_fields_set:
        return True
    before = getattr(last, row)
    return "valid" not in before.model_fields_set or count(before.valid) is None


PLAUSIBILITY_RULES: tuple[PlausibilityRule, ...] = (
    PlausibilityRule(
        "R1", "现行有效件数不少于本年制发减本年废止", tuple(_doc_bound(r, label) for r, label in fmt.T2_DOC_ROWS.items()),
        "本年制发", ("现行有效", "本年废止"),
        "本年制发而未废止的文件应计入现行有效；请核实现行有效件数，或在正文中说明（如修订计入制发、自然失效）",
        when=_last_stock_not_given),
    PlausibilityRule(
        "R2", "结转下年度不多于本年新收加上年结转", tuple(_t3_bound("r25", c) for c in range(1, fmt.T3_NCOLS + 1)),
        "结转下年度继续办理", ("本年新收", "上年结转"), "结转的申请不会多于收到的申请，请核实"),
    PlausibilityRule(
        "R3", "办理结果总计不多于本年新收加上年结转",
        tuple(_t3_bound(fmt.T3_TOTAL_ROW, c) for c in range(1, fmt.T3_NCOLS + 1)),
        "本年度办理结果（七）总计", ("本年新收", "上年结转"), "办理的申请不会多于收到的申请，请核实"),
    PlausibilityRule(
        "R4", "表四各组结果不多于总计", tuple(_t4_bound(g) for g in range(len(fmt.T4_GROUPS))),
        "已填的结果维持、结果纠正、其他结果、尚未审结之和", ("总计",), "各项结果不会多于案件总数，请核实",
        only_incomplete=True),  # with all four known, S3 names the total and its right value
)
PLAUSIBILITY_RULE_BY_KEY: dict[str, PlausibilityRule] = {r.key: r for r in PLAUSIBILITY_RULES}


def _figures(facts: Facts, keys: tuple[str, ...]) -> list[int | None]:
    return [count(facts.cell(k)) for k in keys]


def plausibility_issues(rule: PlausibilityRule, facts: Facts) -> Iterator[Issue]:
    """Issues of one plausibility rule: bounds whose known parts add up to more than the wholes plus the slack."""
    for bound in rule.bounds:
        parts, wholes = _figures(facts, bound.parts), _figures(facts, bound.wholes)
        known = [p for p in parts if p is not None]
        if not known or None in wholes or (rule.only_incomplete and len(known) == len(parts)) \
                or not rule.when(facts, bound):
            continue
        part, whole = sum(known), sum(wholes)  # type: ignore[arg-type]
        if part <= whole + rule.slack:
            continue
        shown = "加".join(f"{name} {w} 件" for name, w in zip(rule.whole_names, wholes))
        shown += f"（共 {whole} 件）" if len(wholes) > 1 else ""
        cells = (bound.flag, *(k for k in (*bound.parts, *bound.wholes) if k != bound.flag))
        yield Issue(cells, f"{bound.where}：{rule.part_name} {part} 件，多于{shown}；{rule.why}",
                    expected=f"≤ {whole}", actual=part)


def plausibility_check(rule: PlausibilityRule) -> Callable[[Facts], Iterator[Issue]]:
    """The registry's check function of a plausibility rule."""
    return lambda facts: plausibility_issues(rule, facts)
