"""The one place where the app calls the validator, exporters, parser, retrieval and the drafting chains."""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, is_dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, Optional

from report.errors import NianbaoError
from report.facts import Facts
from report.findings import Finding
from report.parsed import ParsedReport
from settings import Settings

class DraftingError(NianbaoError):
    """Drafting or revising failed; the message is Chinese and never contains the API key."""


@dataclass
class Checked:
    """The validator's result as the app uses it: filled facts, filled keys, findings."""

    facts: Facts
    filled: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


# ---------------------------------------------------------------- small caches keyed by content


class _Lru:
    """A tiny LRU cache for results keyed by a content hash."""

    def __init__(self, size: int):
        self.size, self.data = size, OrderedDict()

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        """Cached value for key, computed by make() on a miss."""
        if key in self.data:
            self.data.move_to_end(key)
            return self.data[key]
        value = make()
        self.data[key] = value
        if len(self.data) > self.size:
            self.data.popitem(last=False)
        return value


_CHECKS = _Lru(64)
_EXPORTS = _Lru(16)
_PREVIOUS = _Lru(16)


def facts_hash(facts: Facts) -> str:
    """Content hash of facts (sections included)."""
    return hashlib.sha1(facts.model_dump_json().encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- validator


def _validate(facts: Facts) -> Checked:
    """Run the validator (totals filled, findings)."""
    from report.validator import validate

    result = validate(facts)
    return Checked(result.facts, list(result.filled), list(result.findings))


def check(facts: Facts) -> Checked:
    """Validation of the facts, cached by content (reruns with unchanged facts cost nothing)."""
    return _CHECKS.get(facts_hash(facts), lambda: _validate(facts))


def open_errors(facts: Facts, acknowledged: Iterable[str]) -> list[Finding]:
    """The tables' errors (O1, S1–S4) the user has not acknowledged: drafting marks sentences that state them."""
    from report.rules.registry import TABLE_ERROR_RULES

    skip = set(acknowledged)
    return [f for f in check(facts).findings if f.key in TABLE_ERROR_RULES and f.is_error and f.id not in skip]


# ---------------------------------------------------------------- model


def model_status(settings: Settings) -> tuple[bool, str]:
    """(configured, one Chinese line): endpoint and model, or 离线模式 with how to configure one. Never the key."""
    from chains.model import model_status as status

    return settings.llm_configured, _scrub(status(settings), settings)


def chat_model(settings: Settings) -> Any:
    """The chat model, or None offline (tests replace this function with a fake)."""
    if not settings.llm_configured:
        return None
    from chains.model import get_chat_model
    return get_chat_model(settings)


def _scrub(text: str, settings: Settings) -> str:
    """Remove the API key from any text that may be shown."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    return text.replace(key, "***") if key else text


def model_error(exc: BaseException, settings: Settings) -> DraftingError:
    """A Chinese error for a failed model call (scrubbed of the key)."""
    from chains.model import translate_error

    err = translate_error(exc, settings=settings)
    if err is None:
        text = str(exc) if isinstance(exc, NianbaoError) else f"{type(exc).__name__}: {exc}"
        return DraftingError(_scrub(f"模型调用失败：{text[:300]}", settings))
    return DraftingError(_scrub(str(err), settings))


# ---------------------------------------------------------------- retrieval


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


def add_to_corpus(data: bytes, filename: str, settings: Settings) -> str:
    """Index one uploaded past report (kept in the data folder); return a Chinese summary."""
    index = get_index(settings)
    result = index.add_file(data, filename)
    _PREVIOUS.data.clear()
    return f"{filename}：" + _summary(result, "已加入语料库")


def _summary(result: Any, default: str) -> str:
    """A short Chinese text for an ingest result (with the files that could not be read)."""
    text = getattr(result, "summary", None)
    failed = list(getattr(result, "failed", []) or [])
    return (text if isinstance(text, str) else default) + "".join(f"\n- {f}" for f in failed[:10])


def parse_upload(data: bytes, filename: str) -> ParsedReport:
    """Parse an uploaded past report (ParseError with a Chinese message when unreadable)."""
    from report.parser import parse_bytes
    return parse_bytes(data, filename)


# ---------------------------------------------------------------- drafting


def draft_stream(num: str, facts: Facts, passages: list[dict], llm: Any, previous: Optional[ParsedReport] = None,
                 meta: Optional[dict] = None) -> Iterator[str]:
    """Stream a first draft of a narrative section (offline drafter when llm is None); meta gets finish_reason."""
    from chains.drafting import stream_section
    return stream_section(num, facts, passages, llm=llm, previous=previous, meta=meta)


def _flag_dicts(flags: list) -> list[dict]:
    """Guard flags as plain dicts (raw, start, end, sentence, message)."""
    return [{"raw": str(getattr(f, "raw", "")), "start": int(getattr(f, "start", 0)), "end": int(getattr(f, "end", 0)),
             "sentence": str(getattr(f, "sentence", "")), "message": str(getattr(f, "message", ""))} for f in flags]


@dataclass
class Finished:
    """A drafted or revised text after the guard: flags, reviewer warnings, prompt version and model."""

    text: str
    flags: list[dict]
    warnings: list[str]
    prompt_version: str
    model: str
    reasked: bool = False


def finish_draft(num: str, text: str, facts: Facts, passages: list[dict], llm: Any,
                 previous: Optional[ParsedReport] = None, meta: Optional[dict] = None,
                 open_errors: Optional[list[Finding]] = None) -> Finished:
    """Check a streamed draft (with a model: one re-ask naming unsupported numbers; a cut-off text is noted)."""
    from chains import drafting
    if llm is None:
        d = drafting.offline_draft(num, facts, passages, previous, open_errors=open_errors, text=text)
    else:
        d = drafting.review_draft(num, text, facts, passages, llm, previous,
                                  finish_reason=(meta or {}).get("finish_reason"), open_errors=open_errors)
    return Finished(d.text, _flag_dicts(d.flags), list(d.warnings), d.prompt_version, d.model, d.reasked)


def revise(num: str, text: str, instruction: str, facts: Facts, llm: Any,
           open_errors: Optional[list[Finding]] = None) -> Finished:
    """A revised text of a section following the user's instruction (NianbaoError offline, in Chinese)."""
    from chains.revision import revise_section
    s = revise_section(num, text, instruction, facts, llm=llm, open_errors=open_errors)
    return Finished(s.text, _flag_dicts(s.flags), list(s.warnings), s.prompt_version, s.model, s.reasked)


def is_model_error(exc: BaseException) -> bool:
    """True for a failed model call or an unexpected error (as opposed to a request refused in Chinese)."""
    from chains.model import ModelError

    return isinstance(exc, ModelError) or not isinstance(exc, NianbaoError)


def previous_for(facts: Facts, reference: dict[str, str], settings: Settings) -> Optional[ParsedReport]:
    """Last year's report for drafting: the duplicated draft's texts and tables, else the corpus report."""
    if reference:
        prev = facts.previous
        return ParsedReport(agency=facts.agency, year=facts.year - 1, format="2021", sections=dict(reference),
                            t2=prev.t2.model_dump(mode="json") if prev and prev.t2 else None,
                            t3=prev.t3 if prev else None, t4=prev.t4 if prev else None)
    key = f"{settings.data_dir}|{settings.corpus_dir}|{facts.agency}|{facts.year}"
    return _PREVIOUS.get(key, lambda: previous_report(facts.agency, facts.year, settings))


def unfinished(sections: dict[str, str]) -> dict[str, list[str]]:
    """Sections whose text still holds a drafting mark (【需核实】 or ××), with the marks found."""
    from report.textcheck import unfinished_marks
    return unfinished_marks(sections)


def text_flags(num: str, text: str, facts: Facts, previous: Optional[ParsedReport] = None) -> list[dict]:
    """The same checks a suggestion gets (guard, P3, P4/P5/P8), on a current text: number flags, then warnings."""
    from chains.drafting import validated
    from report.textcheck import check_text
    check = check_text(num, text, validated(facts, previous), open_errors=[])  # the text as it stands, no marks
    return _flag_dicts(check.flags) + [{"warning": True, "message": w} for w in check.warnings]


# ---------------------------------------------------------------- chat facts


def extract(message: str, facts: Facts, llm: Any) -> tuple[list[dict], list[str]]:
    """Proposed fact updates (as dicts: key, value, label, quote, current) and questions from a message."""
    from chains.extraction import extract_updates
    result = extract_updates(message, facts, llm=llm)
    out = []
    for p in result.proposals:
        d = {k: getattr(p, k) for k in ("key", "value", "label", "quote", "current")}
        out.append({k: format(v, "f") if isinstance(v, Decimal) else v for k, v in d.items()})
    return out, list(result.questions)


def apply(facts: Facts, proposals: list[dict]) -> Facts:
    """Facts with confirmed proposals applied (FactsError when a value is invalid)."""
    from chains.extraction import FactProposal, apply_proposals
    items = [FactProposal(p["key"], p["value"], p.get("label", ""), p.get("quote", ""), p.get("current"))
             for p in proposals]
    return apply_proposals(facts, items)


# ---------------------------------------------------------------- export


def export_bytes(facts: Facts, kind: str) -> bytes:
    """The report file of the given kind (docx/md/txt), cached by content."""
    from report.export import render
    return _EXPORTS.get(facts_hash(facts) + kind, lambda: render(facts, kind))


def export_name(facts: Facts, kind: str) -> str:
    """Download name <agency><year>年政府信息公开工作年度报告.<ext>."""
    from report.export import export_filename

    return export_filename(facts, kind)
