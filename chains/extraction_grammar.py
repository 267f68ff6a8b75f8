"""Offline fact extraction: report.chat's grammar of the form, turned into proposals to confirm."""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from chains.extraction_types import Extraction, FactProposal, UnreadPart, proposal_label
from report.chat import Context, Reading, read_message, subhead_name
from report.facts import Facts


def note_label(section: str, subhead: str = "") -> str:
    """第一部分要点（平台建设）: a note's target with the sub-head it belongs under."""
    name = subhead_name(subhead) if section == "一" else ""
    return f"第{section}部分要点" + (f"（{name}）" if name else "")


def context_for(facts: Facts, asked_row: Optional[str] = None, recent: Optional[dict] = None) -> Context:
    """What the grammar may know of the conversation: the row just asked about, the last proposals, the tables."""
    def current(key: str):
        try:
            return facts.cell(key)
        except (KeyError, ValueError, IndexError):
            return None
    return Context(asked_row=asked_row, recent=dict(recent or {}), current=current)


def to_extraction(reading: Reading, facts: Facts) -> Extraction:
    """Proposals (cells, then notes, in message order), questions and unread parts of a grammar reading."""
    items: list[tuple[int, FactProposal]] = []
    for cell in reading.cells:
        value = cell.value if not isinstance(cell.value, Decimal) or cell.key == "t2.fees_wan" else int(cell.value)
        current = cell.old if cell.note == "更正" and cell.old is not None else facts.cell(cell.key)
        items.append((cell.pos, FactProposal(cell.key, value, proposal_label(cell.key), cell.quote, current, cell.note)))
    for note in reading.notes:
        key = f"notes.{note.section}"
        items.append((note.pos, FactProposal(key, note.text, note_label(note.section, note.subhead), note.quote)))
    items.sort(key=lambda pair: pair[0])
    unread = [UnreadPart(u.text, u.section, note_label(u.section, u.subhead), u.reason) for u in reading.unread]
    return Extraction([p for _, p in items], list(reading.questions), unread, reading.asked_row)


def extract_with_grammar(message: str, facts: Facts, context: Optional[Context] = None) -> Extraction:
    """Offline extraction: every amount bound to its cell, the rest noted or listed; vague amounts asked about."""
    return to_extraction(read_message(message, context or context_for(facts)), facts)
