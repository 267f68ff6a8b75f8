"""One checked report as a record, and the rows a checker reads: a summary row per report (worst first) and a row
per finding, with cells named by their official positions."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional

from report import format as fmt
from report.findings import Finding
from report.rules.published import PUBLISHED_RULE_BY_KEY
from report.rules.registry import RULE_BY_KEY

SEVERITY_LABELS = {"error": "错误", "warning": "提醒"}
UNREADABLE, NOT_A_REPORT, TO_REVIEW = "无法读取", "不是年度报告", "需人工核对"
# Worst first, the summary's order; 需人工核对: read only in part, so its findings say nothing of the rest.
VERDICTS = ("有错误", UNREADABLE, TO_REVIEW, "有提醒", "通过", NOT_A_REPORT)
READ_ENOUGH = 0.99  # share of the tables' cells read for a report to pass
SUMMARY_COLUMNS: tuple[str, ...] = ("文件", "机关", "年度", "层级", "格式", "结论", "表格读出", "错误", "提醒",
                                    "需人工核对的原因", "最严重的问题", "上年报告", "说明")
FINDING_COLUMNS: tuple[str, ...] = ("文件", "机关", "年度", "规则", "规则名称", "严重程度", "单元格", "应为", "实为",
                                    "问题", "引文", "编号")
TABLE_CELLS = len(fmt.ALL_CELL_KEYS)
FORMAT_LABELS = {fmt.FORMAT_2021: "2021年格式", fmt.FORMAT_2019: "2019年格式"}


@dataclass
class ReportResult:
    """A report as checked: what was read, the findings, notes, last year's report used, or why it was unreadable."""

    name: str
    agency: Optional[str] = None
    year: Optional[int] = None
    level: str = ""
    format: Optional[str] = None
    cells_read: int = 0
    sections_found: tuple[str, ...] = fmt.SECTION_NUMS
    tables_unread: tuple[str, ...] = ()  # 表二/表三/表四 not read at all (表二 of the 2019 format cannot be)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    previous: str = ""  # the name of last year's report compared with
    series: tuple[int, ...] = ()  # the years of this agency's reports the figures were compared with
    error: str = ""  # why the file could not be read (Chinese); then nothing else is set
    not_report: bool = False  # the file is no annual report (a list, a note): listed, not counted as checked

    @property
    def completeness(self) -> float:
        """Share of the tables' cells that were read (0–1)."""
        return self.cells_read / TABLE_CELLS

    @property
    def errors(self) -> int:
        """Number of findings of severity error."""
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        """Number of findings of severity warning."""
        return sum(not f.is_error for f in self.findings)

    @property
    def checked(self) -> bool:
        """True for a report that was read and checked (not an unreadable file, not a non-report)."""
        return not (self.error or self.not_report)

    def review_reasons(self) -> list[str]:
        """Why the report was not wholly read (表格读出 62%、未找到第四部分); [] when it was."""
        if not self.checked:
            return []
        reasons = []
        if self.completeness < READ_ENOUGH:
            unread = f"（未读到{'、'.join(self.tables_unread)}）" if self.tables_unread else ""
            reasons.append(f"表格读出 {percent(self.completeness)}{unread}")
        missing = [n for n in fmt.SECTION_NUMS if n not in self.sections_found]
        if len(missing) == len(fmt.SECTION_NUMS):
            reasons.append("未找到任何章节标题")
        elif missing:
            reasons.append("未找到第" + "、".join(missing) + "部分")
        return reasons

    @property
    def verdict(self) -> str:
        """有错误 / 无法读取 / 需人工核对 / 有提醒 / 通过 / 不是年度报告."""
        if self.error:
            return NOT_A_REPORT if self.not_report else UNREADABLE
        if self.errors:
            return "有错误"
        if self.review_reasons():
            return TO_REVIEW
        return "有提醒" if self.warnings else "通过"

    def worst(self) -> Optional[Finding]:
        """The first error, else the first warning (the validator lists the tables' identities first)."""
        return next((f for f in self.findings if f.is_error), None) or next(iter(self.findings), None)


def percent(share: float) -> str:
    """A share as a whole percentage, never rounded up to 100% (0.995 → 99%)."""
    return f"{int(share * 100)}%"


def rank(result: ReportResult) -> tuple:
    """Sort key, worst first: verdict, then more errors, more warnings, then by name."""
    return VERDICTS.index(result.verdict), -result.errors, -result.warnings, result.name


def cells_text(cells: list[str]) -> str:
    """Cells by their official positions (表三 第(四)1行 总计；…); a section as 第六部分正文."""
    return "；".join(fmt.pseudo_cell_name(c) or fmt.cell_position(c) for c in cells)


def _plain(value: Any) -> Any:
    """A finding's expected/actual value as a spreadsheet cell: numbers stay numbers, the rest text."""
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return float(value) if isinstance(value, Decimal) else str(value)


def summary_row(r: ReportResult) -> dict[str, Any]:
    """The summary row of one report ("" for what is not known: never None)."""
    worst = r.worst()
    notes = r.error or "；".join(r.notes)
    return {"文件": r.name, "机关": r.agency or "", "年度": r.year or "", "层级": r.level,
            "格式": FORMAT_LABELS.get(r.format or "", ""), "结论": r.verdict,
            "表格读出": round(r.completeness, 3) if r.checked else "", "错误": r.errors, "提醒": r.warnings,
            "需人工核对的原因": "、".join(r.review_reasons()),
            "最严重的问题": f"{worst.key} {worst.message}" if worst else "", "上年报告": r.previous, "说明": notes}


def finding_row(r: ReportResult, f: Finding) -> dict[str, Any]:
    """The row of one finding of a report."""
    return {"文件": r.name, "机关": r.agency or "", "年度": r.year or "", "规则": f.key, "规则名称": rule_title(f.key),
            "严重程度": SEVERITY_LABELS[f.severity], "单元格": cells_text(f.cells), "应为": _plain(f.expected),
            "实为": _plain(f.actual), "问题": f.message, "引文": f.quote, "编号": f.id}


def ordered(results: list[ReportResult]) -> list[ReportResult]:
    """The reports worst first."""
    return sorted(results, key=rank)


def summary_rows(results: list[ReportResult]) -> list[dict[str, Any]]:
    """One row per report, worst first."""
    return [summary_row(r) for r in ordered(results)]


def finding_rows(results: list[ReportResult]) -> list[dict[str, Any]]:
    """One row per finding, reports in the summary's order, findings in the validator's order."""
    return [finding_row(r, f) for r in ordered(results) for f in r.findings]


# Text against tables first: what a checker acts on before the tables' own arithmetic.
FIRST_RULES: tuple[str, ...] = ("P3",)


def rule_title(key: str) -> str:
    """The Chinese title of a rule (registry or published-report rule), "" for an unknown key."""
    rule = RULE_BY_KEY.get(key) or PUBLISHED_RULE_BY_KEY.get(key)
    return rule.title if rule else ""


def grouped(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings by rule: text against tables first, then rules with errors, then the rest, each in the order found."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.key, []).append(f)

    def order(key: str) -> tuple:
        return key not in FIRST_RULES, not any(f.is_error for f in groups[key]), list(groups).index(key)

    return [(key, groups[key]) for key in sorted(groups, key=order)]


def reading_text(r: ReportResult) -> str:
    """How much of a report was read, in one line: 表格读出 62%；2021年格式；未找到第四部分."""
    if not r.checked:
        return r.error
    parts = [f"表格读出 {percent(r.completeness)}", FORMAT_LABELS.get(r.format or "", "格式未识别")]
    missing = [x for x in r.review_reasons() if not x.startswith("表格读出")]
    return "；".join(parts + missing)


def summary_text(results: list[ReportResult]) -> str:
    """The count line over the files given: reports checked by verdict, files unreadable, files no report."""
    counts = {v: sum(r.verdict == v for r in results) for v in VERDICTS}
    checked = sum(r.checked for r in results)
    paired = sum(bool(r.previous) for r in results)
    line = (f"共 {len(results)} 个文件，检查报告 {checked} 份：{counts['有错误']} 份有错误，"
            f"{counts[TO_REVIEW]} 份需人工核对（未读全），{counts['有提醒']} 份仅有提醒，{counts['通过']} 份通过；"
            f"{paired} 份与上年报告对照")
    if counts[UNREADABLE]:
        line += f"；{counts[UNREADABLE]} 个文件无法读取"
    if counts[NOT_A_REPORT]:
        line += f"；{counts[NOT_A_REPORT]} 个文件不是年度报告，未计入"
    return line
