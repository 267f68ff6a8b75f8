"""Check many reports: each is parsed and validated in a worker process; reports of one agency in consecutive years
are paired and checked again with last year's report (P1, P2, P8, Y1, Y2). A file that cannot be read gets its
Chinese reason and the rest go on."""
from __future__ import annotations

import os
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Callable, Iterable, Iterator, Optional, Sequence, TypeVar

from report.agency import infer_level
from report.batch.pairing import Meta, pair_previous
from report.batch.results import ReportResult
from report.batch.sources import Source
from report.errors import NianbaoError, describe
from report.parsed import ParsedReport
from report.parser import parse_bytes
from report.parser.check import validate_parsed

PARALLEL_FROM = 8  # fewer reports than this are checked in this process: starting workers would cost more
MAX_WORKERS = 8
ProgressFn = Callable[[int, int, str], object]
T = TypeVar("T")
R = TypeVar("R")


def parse_source(source: Source) -> ParsedReport:
    """The source read and parsed, named as the user gave it (ParseError/InputError in Chinese)."""
    parsed = parse_bytes(source.read(), source.filename)
    parsed.source = source.name
    return parsed


def _unreadable(source: Source, exc: Exception) -> ReportResult:
    reason = str(exc) if isinstance(exc, NianbaoError) else f"文件无法读取（{describe(exc)}）：{source.name}"
    return ReportResult(source.name, error=reason)


def _result(parsed: ParsedReport, previous: Optional[ParsedReport] = None) -> ReportResult:
    """The validator's verdict on one parsed report, against last year's when given."""
    validation, notes = validate_parsed(parsed, previous=previous)
    return ReportResult(parsed.source, agency=parsed.agency, year=parsed.year, level=infer_level(parsed.agency) or "",
                        format=parsed.format, cells_read=parsed.cells_read(), findings=validation.findings,
                        notes=parsed.notes + notes, previous=previous.source if previous else "")


def check_source(source: Source, previous: Optional[Source] = None) -> ReportResult:
    """Parse and check one report (with last year's report when given); an unreadable file gives its reason."""
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
    return _result(parsed, last)


@dataclass(frozen=True)
class _First:
    """A source in the first pass: to check, or only a candidate for last year's report."""

    source: Source
    checked: bool


def _first_pass(task: _First) -> tuple[Meta, Optional[ReportResult]]:
    """Agency and year of a report for pairing, and (for a report to check) its result without last year's."""
    try:
        parsed = parse_source(task.source)
    except Exception as e:  # noqa: BLE001
        return Meta(None, None, task.checked), _unreadable(task.source, e) if task.checked else None
    meta = Meta(parsed.agency, parsed.year, task.checked)
    return meta, _result(parsed) if task.checked else None


def _pair_pass(pair: tuple[Source, Source]) -> ReportResult:
    return check_source(*pair)


def _mapped(pool: Optional[Executor], fn: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[R]:
    """fn over items, in order: in the pool when there is one, else here."""
    if pool is None:
        return map(fn, items)
    return pool.map(fn, items, chunksize=max(1, min(16, len(items) // (workers * 4))))


def default_workers() -> int:
    """Worker processes: one per core, at most MAX_WORKERS."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def check_reports(sources: Sequence[Source], previous: Iterable[Source] = (), *, workers: Optional[int] = None,
                  progress: Optional[ProgressFn] = None) -> list[ReportResult]:
    """Check every source (in the order given); `previous` are reports only used as last year's of a checked one.
    progress(done, total, name) is called after each file."""
    firsts = [_First(s, True) for s in sources] + [_First(s, False) for s in previous]
    workers = workers or default_workers()
    parallel = workers > 1 and len(firsts) >= PARALLEL_FROM
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn")) if parallel else None
    try:
        metas: list[Meta] = []
        results: list[Optional[ReportResult]] = []
        total = len(firsts)
        for done, (meta, result) in enumerate(_mapped(pool, _first_pass, firsts, workers), start=1):
            metas.append(meta)
            results.append(result)
            if progress:
                progress(done, total, firsts[done - 1].source.name)
        pairs = pair_previous(metas)
        tasks = [(firsts[i].source, firsts[j].source) for i, j in pairs.items()]
        total += len(tasks)
        for n, (i, result) in enumerate(zip(pairs, _mapped(pool, _pair_pass, tasks, workers)), start=1):
            results[i] = result
            if progress:
                progress(len(firsts) + n, total, result.name)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return [r for r in results[:len(sources)] if r is not None]
