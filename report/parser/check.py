"""Run the validator on a parsed report: published figures as they are (no totals filled), unread cells not blamed."""
from __future__ import annotations

from typing import Optional

from report import format as fmt
from report.agency import infer_level
from report.facts import Facts, facts_from_dict
from report.findings import Finding
from report.parsed import ParsedReport, with_previous
from report.compare import CHANGE_RULES, Series
from report.rules.registry import RULE_BY_KEY, RULES
from report.rules.text import citation_issues
from report.validator import Validation, validate

UNKNOWN_AGENCY = "（未识别机关）"


def _blank_tables() -> dict:
    t2: dict = {row: dict.fromkeys(fmt.T2_DOC_FIELDS) for row in fmt.T2_DOC_ROWS}
    t2.update(dict.fromkeys((*fmt.T2_SINGLE_ROWS, "fees_wan")))
    return {"t2": t2, "t3": {r: [None] * fmt.T3_NCOLS for r in fmt.T3_ROW_KEYS}, "t4": [None] * fmt.T4_NCOLS}


def to_facts(parsed: ParsedReport, level: str | None = None) -> Facts:
    """Facts from a parsed report; an unread cell stays null; a missing agency/year gets a stand-in."""
    data = {**_blank_tables(), **parsed.to_facts_tables()}
    year = parsed.year or (2019 if parsed.format == fmt.FORMAT_2019 else 2021)
    data.update(agency=parsed.agency or UNKNOWN_AGENCY, year=year, sections=parsed.sections or None)
    level = level or infer_level(parsed.agency)
    if level:
        data["level"] = level
    return facts_from_dict(data)


def validate_parsed(parsed: ParsedReport, level: str | None = None, previous: Optional[ParsedReport] = None,
                    series: Optional[Series] = None) -> tuple[Validation, list[str]]:
    """Validate the figures as published (fill=False), against last year's report when given (P1, P2, P8 and the
    year-on-year rules) and the agency's other years (Y3, then in place of Y1/Y2), run the published-report rules
    (F1–F3), and say which checks were left out and why."""
    from report.compare import uses_series
    from report.rules.published import published_findings

    notes: list[str] = []
    skip: list[str] = []
    level = level or infer_level(parsed.agency)
    if level is None:
        skip.append("P6")
        notes.append("机关层级无法从名称判断，未检查 P6（规章件数）")
    if parsed.format == fmt.FORMAT_2019:
        skip.append("P4")
        notes.append("2019年格式未要求在第六部分说明信息处理费，未检查 P4")
    if series and uses_series(series):
        skip += [r.key for r in CHANGE_RULES]
        notes.append(f"同一机关有 {len(series) + 1} 个年度的报告，主要数字按历年中位数判断（Y3），不再只与上年比较")
    if parsed.agency is None or parsed.year is None:
        notes.append("机关名称或年度未识别，校验时用占位值代替")
    facts = with_previous(to_facts(parsed, level), previous)
    result = validate(facts, fill=False, skip=skip)
    if parsed.preamble:  # the format notice is usually cited in the front matter
        issues = citation_issues(fmt.PREAMBLE, f"section.{fmt.PREAMBLE}", parsed.preamble, facts.year)
        result.findings += RULE_BY_KEY["P7"].findings(issues)
    result.findings = _unread_left_out(parsed, result.findings, notes)
    result.findings = _found_sections_only(parsed, result.findings)
    blank = 0
    if parsed.format == fmt.FORMAT_2019:  # its blanks are the old format's, summarised once (F1)
        blank = sum(f.key == "S4" for f in result.findings)
        result.findings = [f for f in result.findings if f.key != "S4"]
    if parsed.blank_cells and "P3" not in skip:
        result.findings += _p3_blanks_as_zero(facts, parsed.blank_cells, result.findings)
    result.findings += published_findings(parsed, facts, blank, series)
    return result, notes


def _found_sections_only(parsed: ParsedReport, findings: list[Finding]) -> list[Finding]:
    """Findings without P5's "missing section" on a section whose heading was not found: an excerpt or a heading
    the parser did not know is no missing text, and the verdict says the report was read in part."""
    found = set(parsed.headings) | set(parsed.sections)
    return [f for f in findings
            if not (f.key == "P5" and f.actual == 0 and f.cells and f.cells[0].removeprefix("section.") not in found)]


def _unread_left_out(parsed: ParsedReport, findings: list[Finding], notes: list[str]) -> list[Finding]:
    """Findings without the S4 ones on cells the parser could not read (an excerpt, a mangled row): only a cell
    printed blank or "/" is the report's own defect."""
    blank = set(parsed.blank_cells)
    unread = {k for k in fmt.ALL_CELL_KEYS if k not in blank and parsed.cell_value(k) is None}
    absent = [name for name in ("t2", "t3", "t4") if getattr(parsed, name) is None]
    if absent:
        notes.append("未读到的表（" + "、".join(_TABLE_NAMES[a] for a in absent) + "）未作单元格检查")
    in_tables = sum(1 for k in unread if fmt.cell_ref(k).table not in absent)
    if in_tables:
        notes.append(f"表中有 {in_tables} 个单元格未能读出（见解析说明），未作为缺项报告")
    return [f for f in findings if not (f.key == "S4" and f.cells and set(f.cells) <= unread)]


def _p3_blanks_as_zero(facts: Facts, blank: list[str], found: list[Finding]) -> list[Finding]:
    """P3 once more with the blank cells read as 0 and the totals summed, as reviewers read such a table; only the
    mismatches the published reading could not see, marked as found that way."""
    data = facts.model_dump(mode="json")
    for key in blank:
        ref = fmt.cell_ref(key)
        ref.set_in(data, None if ref.is_total else 0)
    others = [r.key for r in RULES if r.key != "P3"]
    seen = {f.id for f in found}
    return [f.model_copy(update={"message": f"{f.message}（表中空白单元格按 0 计、合计按各项相加）"})
            for f in validate(facts_from_dict(data), skip=others).findings if f.id not in seen]


_TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
