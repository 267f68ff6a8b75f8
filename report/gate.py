"""The export gate over numbers: each number of a section's text that the guard cannot trace is an error finding
(G1) until the user adds it to the notes, edits or marks the sentence 【需核实】, or acknowledges it with a reason."""
from __future__ import annotations

import re
from typing import Iterable, Optional

from report import format as fmt
from report.facts import Facts
from report.findings import Finding, finding_id
from report.guard import GuardFlag, check_numbers
from report.numbers import find_numbers, split_sentences
from report.textcheck import NEEDS_CHECK, mark_sentence
from report.words import tokens

NUMBER_KEY = "G1"
MARK_LABEL = f"改为{NEEDS_CHECK}"
_CLAUSE_CUT = re.compile(r"[，,；;：:。！？!?]")
CONTEXT_CHARS = 12  # words before the number named in the fix button


def section_of(f: Finding) -> Optional[str]:
    """The numeral of the section a G1 finding is about."""
    for cell in f.cells:
        kind, _, num = cell.partition(".")
        if kind == "section" and num in fmt.SECTION_BY_NUM:
            return num
    return None


def _unit(sentence: str, raw: str) -> str:
    """The unit written after the number raw in the sentence (件, 条, % …)."""
    found = [m for m in find_numbers(sentence) if m.raw == raw]
    return found[0].unit if found else ""


def _context(sentence: str, raw: str) -> str:
    """The words before the number in its clause (热线、信箱答复), for the fix button."""
    at = sentence.find(raw)
    before = sentence[:at] if at >= 0 else ""
    clause = _CLAUSE_CUT.split(before)[-1].strip()
    words: list[str] = []
    for word in reversed(tokens(clause)):  # whole words only
        if sum(map(len, words)) + len(word) > CONTEXT_CHARS:
            break
        words.insert(0, word)
    return "".join(words).strip()


def _finding(num: str, flag: GuardFlag) -> Finding:
    """One untraced number as an error finding; its id is the section, the number and the sentence."""
    heading = fmt.SECTION_BY_NUM[num].heading
    unit = _unit(flag.sentence, flag.raw)
    said = flag.message.rstrip("。；;！？!? ")
    message = (f"{heading}：{said}。请处理后再导出：确有此数的，把{flag.raw}{unit}加入第{num}部分要点；写错的，"
               f"修改这句话；一时无法核实的，{MARK_LABEL}；确认无误的，写明理由后保留。")
    cells = [f"section.{num}"]
    return Finding(key=NUMBER_KEY, severity="error", cells=cells, actual=flag.raw, message=message, quote=flag.sentence, id=finding_id(NUMBER_KEY, cells, flag.raw + "|" + flag.sentence))


def number_findings(sections: dict[str, str], facts: Facts) -> list[Finding]:
    """Every number of the narrative sections the guard cannot trace, outside sentences marked 【需核实】
    (facts: validated, last year merged in, as drafting checks them)."""
    out: list[Finding] = []
    for num in fmt.NARRATIVE_SECTIONS:
        for flag in check_numbers(sections.get(num) or "", facts, section=num):
            if NEEDS_CHECK not in flag.sentence:
                out.append(_finding(num, flag))
    return out


def note_label(f: Finding) -> str:
    """The one-click fix that adds the sentence to the notes: 把24件（热线、信箱答复）加入第一部分要点."""
    raw = str(f.actual)
    context = _context(f.quote, raw)
    return f"把{raw}{_unit(f.quote, raw)}{f'（{context}）' if context else ''}加入第{section_of(f)}部分要点"


def note_text(f: Finding) -> str:
    """The note the fix adds: the sentence as stated, without a mark."""
    return f.quote.replace(NEEDS_CHECK, "").strip()


def mark_quote(text: str, quote: str) -> str:
    """text with the sentence quote marked 【需核实】 (unchanged when the sentence is no longer there or is marked)."""
    at = text.find(quote)
    if at < 0 or NEEDS_CHECK in quote:
        return text
    return text[:at] + mark_sentence(quote) + text[at + len(quote):]


def mark_flagged(text: str, flags: Iterable[GuardFlag]) -> str:
    """text with every sentence that carries a flagged number marked 【需核实】 (the CLI writes drafts this way)."""
    quotes = {f.sentence for f in flags}
    out, last = [], 0
    for start, end, sentence in split_sentences(text):
        out.append(text[last:start])
        marked = sentence.strip() in quotes and NEEDS_CHECK not in sentence
        out.append(mark_quote(sentence, sentence.strip()) if marked else sentence)
        last = end
    return "".join(out) + text[last:]


def mark_untraced(sections: dict[str, str], facts: Facts) -> tuple[dict[str, str], list[Finding]]:
    """The sections with each sentence that carries an untraced number marked 【需核实】, and those numbers as
    findings (what `nianbao render` writes from a facts file's texts)."""
    found = number_findings(sections, facts)
    marked = dict(sections)
    for num in {section_of(f) for f in found}:
        marked[num] = mark_flagged(sections[num], [f for f in check_numbers(sections[num], facts, section=num)])
    return marked, found
