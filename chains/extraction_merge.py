"""The model's reading merged with the grammar's: agreement shown once, a disagreement asked about, nothing lost."""
from __future__ import annotations

from chains.extraction_grammar import note_label
from chains.extraction_types import Extraction, FactProposal
from report.subheads import route_note


def _same(a: object, b: object) -> bool:
    return str(a) == str(b)


def _cells(found: Extraction) -> dict[str, FactProposal]:
    return {p.key: p for p in found.proposals if not p.key.startswith("notes.")}


def _notes(model: Extraction, grammar: Extraction) -> list[FactProposal]:
    """The model's notes (labelled with their sub-head), then the grammar's notes on words the model did not note."""
    out = []
    for p in model.proposals:
        if p.key.startswith("notes."):
            section = p.key.split(".", 1)[1]
            out.append(FactProposal(p.key, p.value, note_label(section, route_note(str(p.value))), p.quote))
    quotes = [p.quote for p in out]
    out += [p for p in grammar.proposals
            if p.key.startswith("notes.") and not any(q and (q in p.quote or p.quote in q) for q in quotes)]
    return out


def merge(model: Extraction, grammar: Extraction, message: str) -> Extraction:
    """One proposal per cell where both readings agree or only one reads it; a question where they differ."""
    mine, rules = _cells(model), _cells(grammar)
    result = Extraction(questions=list(model.questions), asked_row=grammar.asked_row)
    for key in [*mine, *(k for k in rules if k not in mine)]:
        a, b = mine.get(key), rules.get(key)
        if a is not None and b is not None and not _same(a.value, b.value):
            result.questions.append(f"{a.label}：模型读作 {a.value}，按表格规则读作 {b.value}（“{b.quote}”），"
                                    f"请告诉我哪个对。")
            continue
        result.proposals.append(b or a)  # the grammar's proposal carries how it was read (含上年结转、更正)
    result.proposals += _notes(model, grammar)
    result.proposals.sort(key=lambda p: (message.find(p.quote) if p.quote in message else len(message)))
    result.questions += [q for q in grammar.questions if q not in result.questions]
    taken = " ".join(p.quote for p in result.proposals)
    result.unread = [u for u in grammar.unread if u.text not in taken]
    return result
