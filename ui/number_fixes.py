"""One-click fixes of an untraced number (G1): add its sentence to the section's notes, or mark it 【需核实】."""
from __future__ import annotations

import streamlit as st

from report.findings import Finding
from report.gate import MARK_LABEL, NUMBER_KEY, mark_quote, note_label, note_text, section_of
from ui import state


def add_note(f: Finding) -> bool:
    """Add the finding's sentence to the notes of its section (the number becomes a given fact)."""
    d = state.draft()
    num = section_of(f)
    facts = d.facts.model_copy(deep=True)
    notes = dict(facts.notes)
    notes[num] = [*notes.get(num, []), note_text(f)]
    facts.notes = notes
    return state.save_facts(facts, "notes")


def mark(f: Finding) -> bool:
    """Mark the finding's sentence 【需核实】 in the current text of its section (a new version)."""
    d = state.draft()
    num = section_of(f)
    current = state.store().current_sections(d.id).get(num, "")
    marked = mark_quote(current, f.quote)
    if marked == current:
        state.flash("warning", "这句话已不在现稿中，请刷新后再看。")
        return False
    return state.commit(lambda rev: state.store().add_version(d.id, num, marked, "edited", rev))


def buttons(f: Finding, where: str) -> None:
    """The two one-click fixes under a G1 finding (where: a key prefix, one per place the finding is shown)."""
    if f.key != NUMBER_KEY or section_of(f) is None:
        return
    a, b, _ = st.columns([3, 2, 3])
    if a.button(note_label(f), key=f"fixnote_{where}_{f.id}", help="这个数字确有出处：把这句话作为本部分要点记下"):
        if add_note(f):
            state.flash("success", f"已{note_label(f)}。", toast="已加入要点")
            st.rerun()
    if b.button(MARK_LABEL, key=f"fixmark_{where}_{f.id}", help="一时无法核实：在这句话末尾标注【需核实】，导出稿中保留标注"):
        if mark(f):
            state.flash("info", f"已在第{section_of(f)}部分这句话上标注【需核实】。", toast="已标注【需核实】")
            st.rerun()
