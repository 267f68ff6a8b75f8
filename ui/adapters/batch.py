"""Batch checking as the 批量检查 page uses it: uploads as sources, the check (the corpus as last year's reports),
the .xlsx, and one report's view (its facts, findings and comparison with last year), all from report.batch."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Optional

from report.batch.results import (
    ReportResult,
    grouped,
    ordered,
    reading_text,
    rule_title,
    summary_row,
    summary_text,
)
from report.batch.sources import Inputs, Refused, Source, collect, upload_sources
from report.compare import Comparison
from report.facts import Facts
from report.findings import Finding
from settings import Settings


def batch_inputs(files: list[tuple[str, bytes]]) -> Inputs:
    """Uploaded files (name, bytes) as sources; a .zip expanded within the upload bounds."""
    return upload_sources(files)


CORPUS_LABEL = "语料库"  # how the corpus's reports are named on the page (never by their path on the server)


def corpus_sources(settings: Settings) -> list[Source]:
    """The corpus folder's reports, as candidates for last year's report, named 语料库/<file> (no server path)."""
    folder = Path(settings.corpus_dir)
    if not folder.is_dir():
        return []
    return [replace(s, name=f"{CORPUS_LABEL}/{Path(s.path).relative_to(folder).as_posix()}")
            for s in collect([str(folder)]).sources]


def check_batch(sources: list[Source], previous: list[Source], progress: Callable[[int, int, str], object],
                refused: Iterable[tuple[str, str]] = ()) -> list[ReportResult]:
    """Check the sources in parallel, pairing consecutive years (also with `previous`); progress over the
    user's files; each refused file (name, reason) one row like any unreadable file."""
    from report.batch.run import check_reports

    return check_reports(sources, previous, progress=progress, refused=[Refused(n, why) for n, why in refused])


def summary_line(results: list[ReportResult]) -> str:
    """The count line over the files given (reports checked by verdict, unreadable, not reports)."""
    return summary_text(results)


def reading(result: ReportResult) -> str:
    """How much of one report was read: 表格读出 62%；2021年格式；未找到第四部分."""
    return reading_text(result)


def findings_by_rule(findings: list[Finding]) -> list[tuple[str, str, list[Finding]]]:
    """(rule, its title, findings) with the text-against-table discrepancies first."""
    return [(key, rule_title(key), group) for key, group in grouped(findings)]


def worst_first(results: list[ReportResult]) -> list[ReportResult]:
    """The reports in the summary's order (worst first)."""
    return ordered(results)


TABLE_COLUMNS = ("文件", "机关", "年度", "结论", "表格读出", "需人工核对的原因", "错误", "提醒", "最严重的问题", "上年报告",
                 "格式", "层级")


def summary_table(results: list[ReportResult]) -> list[dict]:
    """The summary rows as the page shows them, worst first (row i is worst_first(results)[i]): the year as text
    ("" when unknown, never None), the share read as a number (0 for a file not read)."""
    rows = []
    for r in ordered(results):
        row = summary_row(r)
        row["年度"] = str(r.year) if r.year else ""
        row["表格读出"] = row["表格读出"] if r.checked else 0.0
        rows.append({c: row[c] for c in TABLE_COLUMNS})
    return rows


def results_xlsx(results: list[ReportResult]) -> bytes:
    """The .xlsx a checker hands back (汇总 and 问题清单 sheets)."""
    from report.batch.output import xlsx_bytes

    return xlsx_bytes(results)


@dataclass
class ReportView:
    """One checked report for display: its facts as read (last year's attached), findings, and the comparison."""

    facts: Facts
    findings: list[Finding]
    notes: list[str]
    comparison: Optional[Comparison]


def report_view(source: Source, previous: Optional[Source]) -> ReportView:
    """Read one report (and last year's) again and check it as the batch did, with the comparison cell by cell."""
    from report.batch.run import parse_source
    from report.compare import compare
    from report.parsed import with_previous
    from report.parser.check import to_facts, validate_parsed

    parsed = parse_source(source)
    last = parse_source(previous) if previous is not None else None
    validation, notes = validate_parsed(parsed, previous=last)
    facts = with_previous(to_facts(parsed), last)
    return ReportView(facts, validation.findings, parsed.notes + notes,
                      compare(facts, validation.findings) if last is not None else None)
