"""Chat reading as the app uses it: a message read against the form (grammar, or model + grammar) as plain data."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from report.facts import Facts


def _plain(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def read_message(message: str, facts: Facts, llm: Any, asked_row: Optional[str] = None,
                 recent: Optional[dict] = None) -> dict:
    """Proposals (key, value, label, quote, current, note), questions, unread parts and the row asked about next."""
    from chains.extraction import context_for, extract_updates
    result = extract_updates(message, facts, llm=llm, context=context_for(facts, asked_row, recent))
    return {
        "proposals": [{"key": p.key, "value": _plain(p.value), "label": p.label, "quote": p.quote,
                       "current": _plain(p.current), "note": p.note} for p in result.proposals],
        "questions": list(result.questions),
        "unread": [{"text": u.text, "section": u.section, "label": u.label, "reason": u.reason, "status": "pending"}
                   for u in result.unread],
        "asked_row": result.asked_row,
    }


def note_choices(text: str) -> list[tuple[str, str]]:
    """The 要点 a listed part may go to, as (section, label), the likely one first."""
    from chains.extraction_grammar import note_label
    from report.chat.leftover import section_of
    from report.subheads import route_note
    likely = section_of(text)
    choices = [(s, note_label(s, route_note(text) if s == "一" else "")) for s in ("一", "五", "六")]
    return sorted(choices, key=lambda c: c[0] != likely)
