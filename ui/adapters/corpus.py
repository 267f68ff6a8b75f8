"""The corpus as the app uses it: past passages, last year's report, indexing and parsing uploads."""
from __future__ import annotations

from dataclasses import asdict, is_dataclass
from decimal import Decimal
from typing import Any, Callable, Optional

from report.facts import Facts
from report.parsed import ParsedReport
from settings import Settings
from ui.adapters.cache import Lru

_PREVIOUS = Lru(16)


def passage_dict(p: Any) -> dict:
    """A retrieved passage as a plain dict (text, agency, year, level, section, subheading, source, score)."""
    if isinstance(p, dict):
        data = dict(p)
    elif is_dataclass(p):
        data = asdict(p)
    elif hasattr(p, "model_dump"):
        data = p.model_dump()
    else:
        data = {k: getattr(p, k, None) for k in ("text", "agency", "year", "level", "section", "subheading",
                                                 "source", "score")}
    if isinstance(data.get("score"), Decimal):
        data["score"] = float(data["score"])
    return data


def get_index(settings: Settings) -> Any:
    """The corpus index (built on first use)."""
    from chains.retrieval import get_index as index
    return index(settings)


def passages_for(section: str, facts: Facts, settings: Settings, k: int = 4) -> list[dict]:
    """Past-report passages for drafting a section; [] when retrieval is unavailable or fails."""
    from chains.drafting import section_passages

    try:
        return [passage_dict(p) for p in section_passages(get_index(settings), section, facts, k)]
    except Exception:  # noqa: BLE001 — drafting must work without the corpus
        return []


def previous_report(agency: str, year: int, settings: Settings) -> Optional[ParsedReport]:
    """Last year's report of the agency from the corpus, or None."""
    from chains.retrieval import previous_report as prev

    try:
        return prev(agency, year, settings)
    except Exception:  # noqa: BLE001 — pre-filling is optional
        return None


def ingest_corpus(settings: Settings, progress: Callable[[int, int, str], None]) -> str:
    """(Re)index the corpus folder; progress(done, total, file name); return a Chinese summary."""
    index = get_index(settings)
    result = index.ingest(progress=progress)
    _PREVIOUS.data.clear()
    return _summary(result, "语料库索引已更新")


def add_to_corpus(data: bytes, filename: str, settings: Settings, parsed: Optional[ParsedReport] = None) -> str:
    """Index one uploaded past report (kept in the data folder), parsed already or not; return a Chinese summary."""
    index = get_index(settings)
    result = index.add_file(data, filename, parsed=parsed)
    _PREVIOUS.data.clear()
    return f"{filename}：" + _summary(result, "已加入语料库")


def _summary(result: Any, default: str) -> str:
    """A short Chinese text for an ingest result (with the files that could not be read)."""
    text = getattr(result, "summary", None)
    failed = list(getattr(result, "failed", []) or [])
    return (text if isinstance(text, str) else default) + "".join(f"\n- {f}" for f in failed[:10])


def parse_upload(data: bytes, filename: str, progress: Optional[Callable[[int, int], None]] = None) -> ParsedReport:
    """Parse an uploaded past report (ParseError with a Chinese message when unreadable); progress: PDF pages."""
    from report.parser import parse_bytes
    return parse_bytes(data, filename, progress)


def previous_for(facts: Facts, reference: dict[str, str], settings: Settings) -> Optional[ParsedReport]:
    """Last year's report for drafting: the duplicated draft's texts and tables, else the corpus report."""
    if reference:
        prev = facts.previous
        return ParsedReport(agency=facts.agency, year=facts.year - 1, format="2021", sections=dict(reference),
                            t2=prev.t2.model_dump(mode="json") if prev and prev.t2 else None,
                            t3=prev.t3 if prev else None, t4=prev.t4 if prev else None)
    key = f"{settings.data_dir}|{settings.corpus_dir}|{facts.agency}|{facts.year}"
    return _PREVIOUS.get(key, lambda: previous_report(facts.agency, facts.year, settings))
