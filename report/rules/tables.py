"""Checks of the tables themselves: O1 (official 勾稽), S1–S3 (totals), S4 (every cell a known non-negative integer)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from report import format as fmt
from report.facts import Facts
from report.format import cell_label, t3_key, t4_key
from report.rules.base import Issue, all_cells, count, total

_T4_PARTS = "结果维持、结果纠正、其他结果、尚未审结之和"


def _t3(facts: Facts, row: str, col: int) -> Any:
    return facts.t3[row][col - 1]


def check_o1(facts: Facts) -> Iterator[Issue]:
    """O1: r1 + r2 = r24 + r25 in each of the 7 columns."""
    for col in range(1, fmt.T3_NCOLS + 1):
        r1, r2, r24, r25 = (count(_t3(facts, r, col)) for r in ("r1", "r2", "r24", "r25"))
        if None in (r1, r2, r24, r25) or r1 + r2 == r24 + r25:  # type: ignore[operator]
            continue
        cells = tuple(t3_key(r, col) for r in ("r1", "r2", "r24", "r25"))
        yield Issue(cells, f"表三“{fmt.T3_COLUMNS[col - 1]}”列：本年新收 {r1} + 上年结转 {r2} = {r1 + r2}，"
                           f"但（七）总计 {r24} + 结转下年度 {r25} = {r24 + r25}；第一项加第二项之和应等于第三项加第四项之和",
                    expected=r1 + r2, actual=r24 + r25)


def _total_issue(key: str, expected: int | None, actual: Any, why: str) -> Iterator[Issue]:
    actual = count(actual)
    if expected is not None and actual is not None and expected != actual:
        yield Issue((key,), f"{cell_label(key)} 应为 {expected}（{why}），实为 {actual}", expected=expected, actual=actual)


def check_s1(facts: Facts) -> Iterator[Issue]:
    """S1: （七）总计 = sum of the result rows r3…r23, in each column."""
    for col in range(1, fmt.T3_NCOLS + 1):
        parts = total([_t3(facts, r, col) for r in fmt.T3_RESULT_ROWS])
        yield from _total_issue(t3_key(fmt.T3_TOTAL_ROW, col), parts, _t3(facts, fmt.T3_TOTAL_ROW, col),
                                "本年度办理结果（一）至（六）各项之和")


def check_s2(facts: Facts) -> Iterator[Issue]:
    """S2: 总计 column = sum of the six applicant columns, in each of the 25 rows (a total with no split is a to-do)."""
    for row in fmt.T3_ROW_KEYS:
        key, told = t3_key(row, fmt.T3_TOTAL_COL), _t3(facts, row, fmt.T3_TOTAL_COL)
        parts = total(facts.t3[row][:fmt.T3_TOTAL_COL - 1])
        if parts == 0 and count(told):
            yield Issue((key,), f"{fmt.T3_ROW_BY_KEY[row].full_label}：请把 {told} 件按申请人分列（目前只填了总计）",
                        expected=0, actual=told)
            continue
        yield from _total_issue(key, parts, told, "本行各申请人列之和")


def is_split_todo(rule: str, expected: Any, actual: Any) -> bool:
    """True for an S2 finding of a row whose 总计 is told and its applicant columns not yet (a to-do, not a wrong number)."""
    return rule == "S2" and expected == 0 and bool(count(actual))


def check_s3(facts: Facts) -> Iterator[Issue]:
    """S3: each Table 四 group total = its four parts."""
    for col in fmt.T4_TOTAL_COLS:
        yield from _total_issue(t4_key(col), total(facts.t4[col - 5:col - 1]), facts.t4[col - 1], _T4_PARTS)


def _cell_problem(value: Any, decimal: bool) -> str:
    """Chinese description of what is wrong with a cell value, or "" when it is fine."""
    if decimal:
        ok = isinstance(value, (int, Decimal)) and not isinstance(value, bool) and Decimal(value).is_finite()
        if not ok:
            return f"应为金额数字，实为“{value}”"
        return f"不能为负数（实为 {value}）" if value < 0 else ""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"应为整数，实为“{value}”"
    return f"不能为负数（实为 {value}）" if value < 0 else ""


def check_s4(facts: Facts, *, blank_totals: bool = False) -> Iterator[Issue]:
    """S4: every cell a known non-negative integer (the fee a non-negative amount); blank totals when asked."""
    # After filling, a total is blank only when one of its parts is, and that part is reported instead.
    for key, value in all_cells(facts):
        if count(value) is not None:
            continue
        if value is None:
            if blank_totals or not fmt.is_total_cell(key):
                yield Issue((key,), f"{cell_label(key)} 未填写（未知）；没有的请填 0", expected="数字", actual=None)
            continue
        decimal = key in fmt.T2_CELL_BY_KEY and fmt.T2_CELL_BY_KEY[key].decimal
        if problem := _cell_problem(value, decimal):
            yield Issue((key,), f"{cell_label(key)} {problem}", expected="非负金额" if decimal else "非负整数",
                        actual=str(value))


def check_s4_published(facts: Facts) -> Iterator[Issue]:
    """S4 for a published report (nothing filled): a blank total is a defect of its own."""
    return check_s4(facts, blank_totals=True)
