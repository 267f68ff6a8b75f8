"""Practice checks on the figures: P1 carry-over from last year, P2 stock of documents, P6 规章 by level."""
from __future__ import annotations

from typing import Iterator, Optional

from report import format as fmt
from report.facts import DocCounts, Facts
from report.format import cell_label, t3_key
from report.rules.base import Issue, count, total


def _last_carry_out(last_row: list, col: int) -> Optional[int]:
    """Last year's 结转下年度 in one column; a blank 总计 there is the sum of its applicant columns."""
    value = count(last_row[col - 1])
    if value is None and col == fmt.T3_TOTAL_COL:
        value = total(last_row[:fmt.T3_TOTAL_COL - 1])
    return value


def check_p1(facts: Facts) -> Iterator[Issue]:
    """P1: this year's 上年结转 (r2) = last year's 结转下年度 (r25), per column, when last year's Table 三 is given."""
    last = facts.previous.t3 if facts.previous else None
    if not last:
        return
    for col in range(1, fmt.T3_NCOLS + 1):
        now, before = count(facts.t3["r2"][col - 1]), _last_carry_out(last["r25"], col)
        if now is None or before is None or now == before:
            continue
        key = t3_key("r2", col)
        yield Issue((key,), f"{cell_label(key)} 为 {now}，与上年报告“结转下年度继续办理”（{fmt.T3_COLUMNS[col - 1]}）"
                            f"{before} 不一致；除机构调整外两者应相等", expected=before, actual=now)


def _given(doc: DocCounts, field: str) -> bool:
    return field in doc.model_fields_set


def check_p2(facts: Facts) -> Iterator[Issue]:
    """P2: 现行有效 = last year's 现行有效 + 本年制发 − 本年废止, for 规章 and 行政规范性文件, when last year's is given."""
    last = facts.previous.t2 if facts.previous else None
    if last is None:
        return
    for row, label in fmt.T2_DOC_ROWS.items():
        before = getattr(last, row)
        if row not in last.model_fields_set or not _given(before, "valid"):
            continue
        doc: DocCounts = getattr(facts.t2, row)
        prev, made, repealed, valid = (count(v) for v in (before.valid, doc.made, doc.repealed, doc.valid))
        if None in (prev, made, repealed, valid) or prev + made - repealed == valid:  # type: ignore[operator]
            continue
        expected = prev + made - repealed  # type: ignore[operator]
        key = f"t2.{row}.valid"
        yield Issue((key,), f"{cell_label(key)} 为 {valid}，按上年现行有效 {prev} + 本年制发 {made} − 本年废止 {repealed} "
                            f"应为 {expected}；如有修订计入制发、自然失效等情形，请在正文中说明", expected=expected, actual=valid)


def check_p6(facts: Facts) -> Iterator[Issue]:
    """P6: only 国务院部门, 省级 and 设区的市 governments make 规章; others should report 0."""
    level = facts.level
    if facts.agency.endswith(fmt.GOVERNMENT_OFFICE_SUFFIXES):
        level = fmt.OFFICE_LEVEL_OF_GOVERNMENT.get(level, level)  # the office reports its government's 规章
    if level in fmt.LEVELS_MAKING_REGULATIONS:
        return
    for field in ("made", "valid"):
        key = f"t2.regulations.{field}"
        value = count(facts.cell(key))
        if value:
            yield Issue((key,), f"{cell_label(key)} 为 {value}，但“{facts.level}”不能制定规章（只有国务院部门、"
                                f"省级人民政府和设区的市人民政府可以），一般应为 0", expected=0, actual=value)
