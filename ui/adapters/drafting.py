"""Drafting, revising and chat extraction as the app uses them: streamed drafts, checked results as plain data."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator, Optional

from report.basis import ThisYear, validated
from report.facts import Facts
from report.findings import Finding
from report.parsed import ParsedReport
from ui.adapters.checks import flag_dicts


def this_year(facts: Facts | ThisYear, previous: Optional[ParsedReport] = None) -> ThisYear:
    """The one drafting value of a request: this year's facts validated, last year's report merged in."""
    return validated(facts, previous)


def draft_stream(num: str, facts: Facts | ThisYear, passages: list[dict], llm: Any,
                 previous: Optional[ParsedReport] = None, meta: Optional[dict] = None) -> Iterator[str]:
    """Stream a first draft of a narrative section (offline drafter when llm is None); meta gets finish_reason."""
    from chains.drafting import stream_section
    return stream_section(num, this_year(facts, previous), passages, llm=llm, meta=meta)


@dataclass
class Finished:
    """A DraftedSection as plain data for the session (flags as dicts), after the guard."""

    text: str
    flags: list[dict]
    warnings: list[str]
    prompt_version: str
    model: str
    reasked: bool = False


def finish_draft(num: str, text: str, facts: Facts | ThisYear, passages: list[dict], llm: Any,
                 previous: Optional[ParsedReport] = None, meta: Optional[dict] = None,
                 open_errors: Optional[list[Finding]] = None) -> Finished:
    """Check a streamed draft (with a model: one re-ask naming unsupported numbers; a cut-off text is noted)."""
    from chains import drafting
    this = this_year(facts, previous)
    if llm is None:
        d = drafting.offline_draft(num, this, passages, open_errors=open_errors, text=text)
    else:
        d = drafting.review_draft(num, text, this, passages, llm, finish_reason=(meta or {}).get("finish_reason"),
                                  open_errors=open_errors)
    return Finished(d.text, flag_dicts(d.flags), list(d.warnings), d.prompt_version, d.model, d.reasked)


def revise(num: str, text: str, instruction: str, facts: Facts | ThisYear, llm: Any,
           open_errors: Optional[list[Finding]] = None) -> Finished:
    """A revised text of a section following the user's instruction (NianbaoError offline, in Chinese)."""
    from chains.revision import revise_section
    s = revise_section(num, text, instruction, facts, llm=llm, open_errors=open_errors)
    return Finished(s.text, flag_dicts(s.flags), list(s.warnings), s.prompt_version, s.model, s.reasked)


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
