"""Every check of one narrative section's text, in one place: the number guard, P3, the registry's section rules,
and the 【需核实】 marks on sentences that state a figure whose table cells still have an open error."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Optional

from report.facts import Facts
from report.figures import figure_values, figures_of_cells
from report.findings import Finding
from report.guard import GuardFlag, check_numbers
from report.narrative import NO_APPLICATIONS, bound_numbers, section_issues
from report.numbers import find_numbers, split_sentences
from report.rules.registry import TABLE_ERROR_RULES, section_findings

NEEDS_CHECK = "【需核实】"  # a sentence the staff must check before the report is final
PLACEHOLDER = "××"  # a number the drafter could not trace
TO_FILL = "【待补充"  # what is usually reported here, for the staff to fill in (【待补充：…】)
SUGGESTION = "【建议】"  # a measure the drafter proposes (the user gave none for this problem)
ADAPTED = "【参照"  # a sentence taken from the agency's own past report, numbers removed (【参照…】)
# Drafting marks that must be resolved before export: how each is named to the user → the text that finds it.
DRAFT_MARKS: dict[str, str] = {NEEDS_CHECK: NEEDS_CHECK, PLACEHOLDER: PLACEHOLDER, "【待补充】": TO_FILL,
                               SUGGESTION: SUGGESTION, "【参照】": ADAPTED}
_SENTENCE_END = re.compile(r"[。！？；;!?]+\s*$")


@dataclass
class TextCheck:
    """The result of checking one section's text: the text (marks added), number flags, rule findings, notes."""

    text: str
    flags: list[GuardFlag] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why sentences were marked 【需核实】

    @property
    def warnings(self) -> list[str]:
        """The Chinese lines a reviewer reads under the text: rule findings, then the marks' reasons."""
        return [f.message for f in self.findings] + self.notes


def _locate(sentence: str, actual: Optional[int]) -> tuple[int, int]:
    """Where in the sentence the number (or the 未收到申请 claim) of a P3 issue stands."""
    if actual == 0 and (m := NO_APPLICATIONS.search(sentence)):
        return m.span()
    for m in find_numbers(sentence):
        if m.kind == "count" and m.value == actual:
            return m.start, m.end
    return 0, len(sentence)


def table_flags(num: str, text: str, facts: Facts) -> list[GuardFlag]:
    """P3: a number that paraphrases a table figure (收到、办结、结转…) but differs from it, or 未收到申请 against r1."""
    values, flags = figure_values(facts), []
    for offset, _end, sentence in split_sentences(text):
        for issue in section_issues(num, sentence, values, facts.year):
            s, e = _locate(sentence, issue.actual)
            value = Decimal(issue.actual if issue.actual is not None else 0)
            flags.append(GuardFlag(sentence[s:e], value, sentence.strip(), offset + s, offset + e, issue.message))
    return flags


def number_flags(num: str, text: str, facts: Facts) -> list[GuardFlag]:
    """P3 mismatches first, then the guard's unsupported numbers not already flagged, in text order."""
    table = table_flags(num, text, facts)
    taken = {(f.start, f.end) for f in table}
    flags = table + [f for f in check_numbers(text, facts, section=num) if (f.start, f.end) not in taken]
    return sorted(flags, key=lambda f: f.start)


def table_errors(findings: Iterable[Finding], acknowledged: Iterable[str] = ()) -> list[Finding]:
    """Among findings, the tables' errors (O1, S1–S4) not acknowledged by the user; a row told only by its 总计
    (a to-do) is not one: its total is what the staff said, so sentences stating it are not marked."""
    skip = set(acknowledged)
    return [f for f in findings if f.key in TABLE_ERROR_RULES and f.is_error and not f.is_todo and f.id not in skip]


def open_table_errors(facts: Facts, acknowledged: Iterable[str] = ()) -> list[Finding]:
    """The tables' errors (O1, S1–S4) of the facts, as the validator finds them, not acknowledged by the user."""
    from report.validator import validate

    return table_errors(validate(facts).findings, acknowledged)


def _doubtful(errors: list[Finding]) -> dict[str, Finding]:
    """Named figure → the first open error among the cells it is computed from."""
    out: dict[str, Finding] = {}
    for err in errors:
        for name in sorted(figures_of_cells(set(err.cells))):
            out.setdefault(name, err)
    return out


def mark_sentence(sentence: str) -> str:
    """The sentence with 【需核实】 before its closing punctuation."""
    m = _SENTENCE_END.search(sentence)
    cut = m.start() if m else len(sentence.rstrip())
    return sentence[:cut] + NEEDS_CHECK + sentence[cut:]


def mark_open_errors(num: str, text: str, facts: Facts, errors: list[Finding]) -> tuple[str, list[str]]:
    """Mark 【需核实】 on each sentence stating a figure whose cells have an open error; say why for each."""
    doubtful = _doubtful(errors)
    if not doubtful:
        return text, []
    out, notes, last = [], [], 0
    for start, end, sentence in split_sentences(text):
        bound = [(doubtful[n], b.words, b.value) for b in bound_numbers(sentence, facts.year)
                 for n in b.figures if n in doubtful]
        out.append(text[last:start])
        if bound and NEEDS_CHECK not in sentence:
            err, words, value = bound[0]
            out.append(mark_sentence(sentence))
            notes.append(f"第{num}部分“{sentence.strip()[:40]}”写了{words}{value}，但相关表格数据还有未处理的错误"
                         f"（{err.key}：{err.message}），已标注{NEEDS_CHECK}；请先在「数据表格」中修正后再核对这句话。")
        else:
            out.append(sentence)
        last = end
    out.append(text[last:])
    return "".join(out), notes


def check_text(num: str, text: str, facts: Facts, open_errors: Optional[list[Finding]] = None) -> TextCheck:
    """All checks of one section's text; open_errors None means every table error of the facts is open."""
    errors = open_table_errors(facts) if open_errors is None else open_errors
    marked, notes = mark_open_errors(num, text, facts, errors)
    return TextCheck(marked, number_flags(num, marked, facts), section_findings(num, marked, facts), notes)


def unfinished_marks(sections: dict[str, str]) -> dict[str, list[str]]:
    """Sections whose text still holds a drafting mark (【需核实】, ××, 【待补充】, 【建议】, 【参照】), with the marks found."""
    found = {num: [name for name, mark in DRAFT_MARKS.items() if mark in text] for num, text in sections.items()}
    return {num: marks for num, marks in found.items() if marks}
