"""What the 审阅版 comments on: each open finding, guard note and 【需核实】 mark, placed on a sentence or a table cell."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from report import format as fmt
from report.facts import Facts
from report.findings import Finding
from report.numbers import split_sentences
from report.textcheck import (
    NEEDS_CHECK,
    check_text,
    mark_open_errors,
    open_table_errors,
)
from report.validator import validate

TABLE_SECTIONS = {"t2": "二", "t3": "三", "t4": "四"}
GUARD_RULE = "数字核对"
MARK_RULE = "需核实"
CELL_NOTES_PER_RULE = 5  # cell comments of one rule in one table; the rest are named in one more comment
MAX_NAMED = 30


@dataclass(frozen=True)
class Note:
    """One comment to place: its text, and where — a sentence of a narrative section, a table cell, or the title."""

    rule: str
    text: str
    section: str = ""  # "一"…"六"; "" anchors on the title
    sentence: str = ""
    cell: str = ""  # cell key, for a table section


def _shown(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(_shown(v) for v in value)
    return str(value)


def finding_text(f: Finding) -> str:
    """Comment text of a finding: rule, message, and what was expected."""
    text = f"【{f.key}】{f.message}"
    if f.expected is not None and _shown(f.expected) not in f.message:
        text += f"（应为：{_shown(f.expected)}）"
    return text


def _section_of(sentence: str, sections: dict[str, str]) -> str:
    needle = sentence.replace(NEEDS_CHECK, "").strip()
    for num, text in sections.items():
        if needle and needle in text.replace(NEEDS_CHECK, ""):
            return num
    return ""


def _finding_note(f: Finding, sections: dict[str, str]) -> Note:
    cells = [k for k in f.cells if fmt.is_cell_key(k)]
    if cells:
        return Note(f.key, finding_text(f), TABLE_SECTIONS[fmt.cell_ref(cells[0]).table], cell=cells[0])
    num = _section_of(f.quote, sections) if f.quote else ""
    return Note(f.key, finding_text(f), num, sentence=f.quote.strip() if num else "")


def _mark_notes(num: str, text: str, facts: Facts, errors: list[Finding]) -> list[Note]:
    """A note on each sentence already marked 【需核实】, and on each sentence stating a figure with an open error."""
    out = []
    for _s, _e, sentence in split_sentences(text):
        if NEEDS_CHECK in sentence:
            why = "起草时标注的待核实内容：请核对数字和表述，确认后删除【需核实】标记。"
            out.append(Note(MARK_RULE, f"【{MARK_RULE}】{why}", num, sentence.strip()))
        else:
            _marked, reasons = mark_open_errors(num, sentence, facts, errors)
            out += [Note(MARK_RULE, f"【{MARK_RULE}】{r}", num, sentence.strip()) for r in reasons]
    return out


def review_notes(facts: Facts, sections: dict[str, str], dismissed: Iterable[str] = ()) -> list[Note]:
    """Every note of the 审阅版, in report order: table and text findings, guard flags, 【需核实】 marks."""
    skip = set(dismissed)
    texts = {n: t for n, t in sections.items() if n in fmt.NARRATIVE_SECTIONS and t.strip()}
    checked = facts.model_copy(update={"sections": texts or None})
    findings = [f for f in validate(checked).findings if f.id not in skip]
    seen = {f.id for f in findings}
    errors = open_table_errors(checked, skip)
    notes = _grouped([_finding_note(f, texts) for f in findings])
    for num, text in texts.items():
        tc = check_text(num, text, checked, errors)
        notes += [_finding_note(f, texts) for f in tc.findings if f.id not in seen and f.id not in skip]
        notes += [Note(GUARD_RULE, f"【{GUARD_RULE}】{flag.message}", num, flag.sentence.replace(NEEDS_CHECK, ""))
                  for flag in tc.flags]
        notes += _mark_notes(num, text, checked, errors)
    order = {n: i for i, n in enumerate(("", *fmt.SECTION_NUMS))}
    return sorted(_unique(notes), key=lambda n: order.get(n.section, 0))


def _grouped(notes: list[Note]) -> list[Note]:
    """Cell notes of one rule in one table beyond CELL_NOTES_PER_RULE folded into one note naming the rest."""
    out: list[Note] = []
    rest: dict[tuple[str, str], list[Note]] = {}
    for n in notes:
        if n.cell:
            seen = [m for m in out if m.cell and (m.rule, m.section) == (n.rule, n.section)]
            if len(seen) >= CELL_NOTES_PER_RULE:
                rest.setdefault((n.rule, n.section), []).append(n)
                continue
        out.append(n)
    for (rule, section), more in rest.items():
        names = "、".join(fmt.cell_position(n.cell) for n in more[:MAX_NAMED])
        names += f"等 {len(more)} 处" if len(more) > MAX_NAMED else ""
        out.append(Note(rule, f"【{rule}】同类问题另有 {len(more)} 处：{names}", section, cell=more[0].cell))
    return out


def _unique(notes: list[Note]) -> list[Note]:
    seen, out = set(), []
    for n in notes:
        if (n.text, n.section, n.sentence, n.cell) not in seen:
            seen.add((n.text, n.section, n.sentence, n.cell))
            out.append(n)
    return out
