"""Run the validator on a parsed report: published figures as they are (no totals filled), absent tables not blamed."""
from __future__ import annotations

from report import format as fmt
from report.agency import infer_level
from report.facts import Facts, facts_from_dict
from report.parsed import ParsedReport
from report.rules.registry import RULE_BY_KEY
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


def validate_parsed(parsed: ParsedReport, level: str | None = None) -> tuple[Validation, list[str]]:
    """Validate the figures as published (fill=False), and say which checks were left out and why."""
    notes: list[str] = []
    skip: list[str] = []
    level = level or infer_level(parsed.agency)
    if level is None:
        skip.append("P6")
        notes.append("机关层级无法从名称判断，未检查 P6（规章件数）")
    if parsed.format == fmt.FORMAT_2019:
        skip.append("P4")
        notes.append("2019年格式未要求在第六部分说明信息处理费，未检查 P4")
    if parsed.agency is None or parsed.year is None:
        notes.append("机关名称或年度未识别，校验时用占位值代替")
    facts = to_facts(parsed, level)
    result = validate(facts, fill=False, skip=skip)
    if parsed.preamble:  # the format notice is usually cited in the front matter
        issues = citation_issues("前言", "section.前言", parsed.preamble, facts.year)
        result.findings += RULE_BY_KEY["P7"].findings(issues)
    absent = tuple(f"{name}." for name in ("t2", "t3", "t4") if getattr(parsed, name) is None)
    if absent:
        result.findings = [f for f in result.findings
                           if not (f.key == "S4" and f.cells and all(c.startswith(absent) for c in f.cells))]
        notes.append("未读到的表（" + "、".join(_TABLE_NAMES[a[:2]] for a in absent) + "）未作单元格检查")
    return result, notes


_TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
