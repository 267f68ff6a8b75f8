"""Check many reports: each is parsed and validated in a worker process; reports of one agency in consecutive years
are paired and checked again with last year's report (P1, P2, P8, Y1, Y2), and with three or more years of an agency
its figures are judged against the series (Y3). A file that cannot be read gets its Chinese reason and the rest go
on."""
from __future__ import annotations

import os
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Callable, Iterable, Iterator, Optional, Sequence, TypeVar

from report.agency import infer_level
from report import format as fmt
from report.batch.pairing import Meta, agency_series, pair_previous
from report.batch.results import ReportResult
from report.batch.sources import Refused, Source
from report.compare import Series, series_figures, uses_series
from report.errors import NianbaoError, NotAReportError, describe
from report.parsed import ParsedReport
from report.parser import parse_bytes
from report.parser.check import validate_parsed

PARALLEL_FROM = 8  # fewer reports than this are checked in this process: starting workers would cost more
MAX_WORKERS = 8
TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
ProgressFn = Callable[[int, int, str], object]
T = TypeVar("T")
R = TypeVar("R")


def parse_source(source: Source) -> ParsedReport:
    """The source read and parsed, named as the user gave it (ParseError/InputError in Chinese)."""
    parsed = parse_bytes(source.read(), source.filename)
    parsed.source = source.name
    return parsed


def unreadable(name: str, reason: str, not_report: bool = False) -> ReportResult:
    """The row of a file that was not checked, with its Chinese reason."""
    return ReportResult(name, error=reason, not_report=not_report)


def _unreadable(source: Source, exc: Exception) -> ReportResult:
    reason = str(exc) if isinstance(exc, NianbaoError) else f"文件无法读取（{describe(exc)}）：{source.name}"
    return unreadable(source.name, reason, isinstance(exc, NotAReportError))


def refused_results(refused: Iterable[Refused]) -> list[ReportResult]:
    """One row per file refused before reading (a zip member, an oversized upload), like any unreadable file."""
    return [unreadable(r.name, r.reason) for r in refused]


def _result(parsed: ParsedReport, previous: Optional[ParsedReport] = None, series: Optional[Series] = None,
            series_names: tuple[int, ...] = ()) -> ReportResult:
    """The validator's verdict on one parsed report, against last year's and the agency's series when given."""
    validation, notes = validate_parsed(parsed, previous=previous, series=series)
    found = tuple(n for n in fmt.SECTION_NUMS if n in parsed.headings or n in parsed.sections)
    unread = tuple(("2019年格式的" if key == "t2" and parsed.format == fmt.FORMAT_2019 else "") + name
                   for key, name in TABLE_NAMES.items() if getattr(parsed, key) is None)
    return ReportResult(parsed.source, agency=parsed.agency, year=parsed.year, level=infer_level(parsed.agency) or "",
                        format=parsed.format, cells_read=parsed.cells_read(), sections_found=found,
                        tables_unread=unread,
                        findings=validation.findings, notes=parsed.notes + notes,
                        previous=previous.source if previous else "",
                        series=series_names if series and uses_series(series) else ())


def check_source(source: Source, previous: Optional[Source] = None, series: Optional[Series] = None) -> ReportResult:
    """Parse and check one report (with last year's report and the agency's other years when given); an unreadable
    file gives its reason."""
    try:
        parsed = parse_source(source)
    except Exception as e:  # noqa: BLE001 — one bad file must not stop the batch
        return _unreadable(source, e)
    last = None
    if previous is not None:
        try:
            last = parse_source(previous)
        except Exception:  # noqa: BLE001 — it was read in the first pass; checked alone if not now
            last = None
    return _result(parsed, last, series, tuple(sorted((series or {}).keys())))


@dataclass(frozen=True)
class _First:
    """A source in the first pass: to check, or only a candidate for last year's report."""

    source: Source
    checked: bool


def _first_pass(task: _First) -> tuple[Meta, Optional[ReportResult]]:
    """Agency, year and series figures of a report for pairing, and (for a report to check) its result alone."""
    try:
        parsed = parse_source(task.source)
    except Exception as e:  # noqa: BLE001
        return Meta(None, None, task.checked), _unreadable(task.source, e) if task.checked else None
    meta = Meta(parsed.agency, parsed.year, task.checked, series_figures(parsed.cell_value))
    return meta, _result(parsed) if task.checked else None


def _second_pass(task: tuple[Source, Optional[Source], Series]) -> ReportResult:
    return check_source(*task)


def _mapped(pool: Optional[Executor], fn: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[R]:
    """fn over items, in order: in the pool when there is one, else here."""
    if pool is None:
        return map(fn, items)
    return pool.map(fn, items, chunksize=max(1, min(16, len(items) // (workers * 4))))


def default_workers() -> int:
    """Worker processes: one per core, at most MAX_WORKERS."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def _later_tasks(firsts: list[_First], metas: list[Meta]) -> dict[int, tuple[Source, Optional[Source], Series]]:
    """The reports to check again: with last year's report, or with the agency's series of other years."""
    pairs, series = pair_previous(metas), agency_series(metas)
    tasks = {}
    for i in sorted(set(pairs) | set(series)):
        figures = {y: metas[j].figures for y, j in series.get(i, {}).items()}
        if i in pairs or uses_series(figures):
            tasks[i] = (firsts[i].source, firsts[pairs[i]].source if i in pairs else None, figures)
    return tasks


def check_reports(sources: Sequence[Source], previous: Iterable[Source] = (), *, workers: Optional[int] = None,
                  progress: Optional[ProgressFn] = None, refused: Iterable[Refused] = ()) -> list[ReportResult]:
    """Check every source (in the order given), then list the refused files with their reasons; `previous` are
    reports only used as last year's (or the series) of a checked one. progress(done, total, name) counts the
    user's files only: once as each is read, then (done = total) as each is compared with other years."""
    firsts = [_First(s, True) for s in sources] + [_First(s, False) for s in previous]
    workers = workers or default_workers()
    parallel = workers > 1 and len(firsts) >= PARALLEL_FROM
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn")) if parallel else None
    total = len(sources)
    try:
        metas: list[Meta] = []
        results: list[Optional[ReportResult]] = []
        for n, (meta, result) in enumerate(_mapped(pool, _first_pass, firsts, workers)):
            metas.append(meta)
            results.append(result)
            if progress and n < total:
                progress(n + 1, total, firsts[n].source.name)
        tasks = _later_tasks(firsts, metas)
        for i, result in zip(tasks, _mapped(pool, _second_pass, list(tasks.values()), workers)):
            results[i] = result
            if progress:
                progress(total, total, f"与往年报告对照：{result.name}")
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return [r for r in results[:total] if r is not None] + refused_results(refused)
