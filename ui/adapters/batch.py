"""Batch checking as the 批量检查 page uses it: uploads as sources, the check (the corpus as last year's reports),
the .xlsx, and one report's view (its facts, findings and comparison with last year), all from report.batch."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from report.batch.results import ReportResult, ordered, summary_row
from report.batch.sources import Inputs, Source, collect, upload_sources
from report.compare import Comparison
from report.facts import Facts
from report.findings import Finding
from settings import Settings


def batch_inputs(files: list[tuple[str, bytes]]) -> Inputs:
    """Uploaded files (name, bytes) as sources; a .zip expanded within the upload bounds."""
    return upload_sources(files)


def corpus_sources(settings: Settings) -> list[Source]:
    """The corpus folder's reports, as candidates for last year's report."""
    folder = Path(settings.corpus_dir)
    return collect([str(folder)]).sources if folder.is_dir() else []


def check_batch(sources: list[Source], previous: list[Source],
                progress: Callable[[int, int, str], object]) -> list[ReportResult]:
    """Check the sources in parallel, pairing consecutive years (also with `previous`); progress per file."""
    from report.batch.run import check_reports

    return check_reports(sources, previous, progress=progress)


def worst_first(results: list[ReportResult]) -> list[ReportResult]:
    """The reports in the summary's order (worst first)."""
    return ordered(results)


def summary_table(results: list[ReportResult]) -> list[dict]:
    """The summary rows, worst first (row i is worst_first(results)[i])."""
    return [summary_row(r) for r in ordered(results)]


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
