"""The 审阅版 .docx: the 公文 document of the accepted text, plus 批注 by 年报助手 on every open finding and the pending
suggestions as word-level 修订 (w:ins / w:del) against the accepted text, with change tracking left on."""
from __future__ import annotations

import difflib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table

from report import format as fmt
from report.export import write_output
from report.export.document import Heading, Paragraph, build_document, narrative_blocks
from report.export.docx import KAI, RED, render_docx
from report.export.grid import table_grids
from report.facts import Facts
from report.numbers import split_sentences
from report.review.layout import Block, body_blocks, value_cells
from report.review.notes import Note, review_notes
from report.review.ooxml import (
    ASSISTANT,
    ASSISTANT_INITIALS,
    RevisionIds,
    local,
    now_iso,
    paragraph_mark,
    run_xml,
)
from report.words import word_diff

REVIEW_KEYWORD = "年报助手审阅版"  # core property keywords: marks a file written by this module


@dataclass
class _Line:
    """One narrative line as printed: style, inline sub-head length, text."""

    style: str
    lead: int
    text: str
    placeholder: bool = False


@dataclass
class _Built:
    """A rebuilt paragraph and its runs that show accepted text: (start, end, top-level element) in the old line."""

    element: Any
    old_index: int | None
    spans: list[tuple[int, int, Any]] = field(default_factory=list)


def _lines(text: str, num: str) -> list[_Line]:
    """The printed lines of a narrative section, as the exporter lays them out."""
    out = []
    for block in narrative_blocks(text, fmt.SECTION_BY_NUM[num]):
        if isinstance(block, Heading):
            out.append(_Line("NbHeading2", 0, block.text))
        elif isinstance(block, Paragraph):
            out.append(_Line("NbBody", len(block.lead), block.lead + block.text, block.placeholder))
    return out


def _cuts(text: str, lead: int) -> list[int]:
    """Positions a run must not span: sentence ends (so a comment can hold one sentence) and the inline sub-head."""
    cuts = {lead} if lead else set()
    cuts.update(end for _s, end, _t in split_sentences(text))
    return sorted(c for c in cuts if 0 < c < len(text))


class _Writer:
    """Builds paragraphs with revisions for one document."""

    def __init__(self, ids: RevisionIds, when: str):
        self.ids, self.when = ids, when

    def _rpr(self, line: _Line, pos: int) -> str:
        font = f'<w:rFonts w:ascii="{KAI}" w:hAnsi="{KAI}" w:eastAsia="{KAI}" w:cs="{KAI}"/>' if pos < line.lead else ""
        return font + (f'<w:color w:val="{RED}"/>' if line.placeholder else "")

    def _pieces(self, line: _Line, start: int, text: str) -> list[tuple[int, str]]:
        """The segment [start, start+len) of a line cut at the line's cut positions."""
        out, pos = [], start
        for cut in [c for c in _cuts(line.text, line.lead) if start < c < start + len(text)] + [start + len(text)]:
            out.append((pos, line.text[pos:cut]))
            pos = cut
        return [p for p in out if p[1]]

    def _element(self, op: str, line: _Line, pos: int, text: str):
        run = run_xml(text, self._rpr(line, pos), deleted=op == "delete")
        if op == "equal":
            return parse_xml(run.replace("<w:r>", f'<w:r {nsdecls("w")}>', 1))
        kind = "ins" if op == "insert" else "del"
        return parse_xml(f'<w:{kind} {nsdecls("w")} {self.ids.attrs(ASSISTANT, self.when)}>{run}</w:{kind}>')

    def paragraph(self, old: _Line | None, new: _Line | None, old_index: int | None) -> _Built:
        """A paragraph turning old into new: equal, word-level 修订, or wholly inserted / deleted (mark too)."""
        shown = new or old
        mark = "" if old and new else paragraph_mark("ins" if new else "del", self.ids.attrs(ASSISTANT, self.when))
        p = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{shown.style}"/>{mark}</w:pPr></w:p>')
        built = _Built(p, old_index)
        if old and new:
            segments = word_diff(old.text, new.text) if old.text != new.text else [("equal", old.text)]
        else:
            segments = [("insert" if new else "delete", shown.text)]
        at_old = at_new = 0
        for op, text in segments:
            line, at = (new, at_new) if op == "insert" else (old, at_old)
            for pos, piece in self._pieces(line, at, text):
                el = self._element(op, line, pos, piece)
                p.append(el)
                if op != "insert":
                    built.spans.append((pos, pos + len(piece), el))
            if op != "insert":
                at_old += len(text)
            if op != "delete":
                at_new += len(text)
        return built

    def section(self, old: list[_Line], new: list[_Line]) -> list[_Built]:
        """The paragraphs of a section: lines matched, changed lines diffed word by word, the rest inserted/deleted."""
        out: list[_Built] = []
        matcher = difflib.SequenceMatcher(None, [x.text for x in old], [x.text for x in new], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else (i2 - i1 if op == "equal" else 0)
            for k in range(pairs):
                out.append(self.paragraph(old[i1 + k], new[j1 + k], i1 + k))
            for k in range(i1 + pairs, i2):
                out.append(self.paragraph(old[k], None, k))
            for k in range(j1 + pairs, j2):
                out.append(self.paragraph(None, new[k], None))
        return out


def _anchor(word, first, last, note: Note) -> None:
    """A comment by 年报助手 on the top-level elements first…last of one paragraph."""
    comment = word.comments.add_comment(text=note.text, author=ASSISTANT, initials=ASSISTANT_INITIALS)
    cid = str(comment.comment_id)
    first.addprevious(OxmlElement("w:commentRangeStart", attrs={qn("w:id"): cid}))
    end = OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): cid})
    last.addnext(end)
    end.addnext(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                          f'<w:commentReference w:id="{cid}"/></w:r>'))


def _runs(p) -> list:
    return [el for el in p if local(el) in ("r", "ins", "del")]


def _sentence_place(built: list[_Built], old: list[_Line], sentence: str) -> tuple[Any, Any] | None:
    """First and last element showing the sentence in the accepted text."""
    needle = sentence.strip()
    for b in built:
        if b.old_index is None or not needle:
            continue
        pos = old[b.old_index].text.find(needle)
        if pos < 0:
            continue
        els = [el for s, e, el in b.spans if s < pos + len(needle) and e > pos]
        if els:
            return els[0], els[-1]
    return None


def _paragraph_place(blocks: list[Block], section: str, sentence: str) -> tuple[Any, Any] | None:
    """Fallback: the whole paragraph of the section holding the sentence."""
    for b in blocks:
        if b.section == section and b.kind == "paragraph" and sentence.strip() in b.text and _runs(b.element):
            runs = _runs(b.element)
            return runs[0], runs[-1]
    return None


def _cell_place(word, blocks: list[Block], key: str, cells: dict[str, dict]) -> tuple[Any, Any] | None:
    """First and last run of a value cell's first paragraph (cells: value_cells per table, filled on first use)."""
    section = {"t2": "二", "t3": "三", "t4": "四"}[fmt.cell_ref(key).table]
    if section not in cells:
        table = next((b.element for b in blocks if b.kind == "table" and b.section == section), None)
        cells[section] = {} if table is None else value_cells(Table(table, word._body), table_grids()[section])
    tc = cells[section].get(key)
    first = tc.find(qn("w:p")) if tc is not None else None
    runs = _runs(first) if first is not None else []
    return (runs[0], runs[-1]) if runs else None


def _title_place(blocks: list[Block]) -> tuple[Any, Any] | None:
    title = next((b for b in blocks if b.kind == "title"), None)
    runs = _runs(title.element) if title is not None else []
    return (runs[0], runs[-1]) if runs else None


def _rebuild_section(writer: _Writer, blocks: list[Block], num: str, accepted: str, pending: str | None):
    """Replace the printed paragraphs of a section by rebuilt ones (with 修订); None when the layout is not ours."""
    old = _lines(accepted, num)
    printed = [b for b in blocks if b.section == num and b.kind == "paragraph"][:len(old)]
    if [b.text for b in printed] != [x.text for x in old]:
        return old, None
    new = _lines(pending, num) if pending is not None else old
    built = writer.section(old, new)
    anchor = printed[0].element
    for b in built:
        anchor.addprevious(b.element)
    for b in printed:
        b.element.getparent().remove(b.element)
    return old, built


_AFTER_TRACK = ("doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
                "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation", "characterSpacingControl",
                "compat", "rsids", "themeFontLang", "clrSchemeMapping", "decimalSymbol", "listSeparator")


def _track_changes_on(word) -> None:
    """w:trackRevisions in settings.xml: the reviewer's own edits in Word are 修订 under their name."""
    settings = word.settings.element
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    mark = OxmlElement("w:trackRevisions")
    later = next((el for el in settings if local(el) in _AFTER_TRACK), None)
    later.addprevious(mark) if later is not None else settings.append(mark)


def render_review(facts: Facts, accepted: dict[str, str], pending: dict[str, str] | None = None,
                  dismissed: Iterable[str] = ()) -> bytes:
    """The 审阅版 .docx: accepted section texts, 批注 on open findings, pending suggestions as 修订."""
    accepted = {n: t for n, t in accepted.items() if n in fmt.NARRATIVE_SECTIONS and isinstance(t, str)}
    pending = {n: t for n, t in (pending or {}).items() if n in fmt.NARRATIVE_SECTIONS and isinstance(t, str)}
    word = Document(io.BytesIO(render_docx(build_document(facts, accepted), facts.agency)))
    blocks = body_blocks(word)
    writer = _Writer(RevisionIds(), now_iso())
    rebuilt = {num: _rebuild_section(writer, blocks, num, _accepted_text(accepted, facts, num), pending.get(num))
               for num in fmt.NARRATIVE_SECTIONS}
    texts = {n: _accepted_text(accepted, facts, n) for n in fmt.NARRATIVE_SECTIONS}
    cells: dict[str, dict] = {}
    for note in review_notes(facts, texts, dismissed):
        place = _place(word, blocks, rebuilt, note, cells)
        if place is not None:
            _anchor(word, *place, note)
    _track_changes_on(word)
    word.core_properties.keywords = REVIEW_KEYWORD
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def write_review(facts: Facts, path: str | Path, pending: dict[str, str] | None = None) -> Path:
    """Write the 审阅版 of a facts file (its own section texts as the accepted text) to path."""
    return write_output(path, render_review(facts, dict(facts.sections or {}), pending))


def _accepted_text(accepted: dict[str, str], facts: Facts, num: str) -> str:
    text = accepted.get(num)
    if isinstance(text, str) and text.strip():
        return text
    own = (facts.sections or {}).get(num)
    return own if isinstance(own, str) else ""


def _place(word, blocks: list[Block], rebuilt: dict, note: Note, cells: dict) -> tuple[Any, Any] | None:
    """Where a note goes: its cell, its sentence (rebuilt or printed paragraph), else the title."""
    if note.cell:
        return _cell_place(word, blocks, note.cell, cells) or _title_place(blocks)
    if note.section and note.sentence:
        old, built = rebuilt.get(note.section, (None, None))
        place = _sentence_place(built, old, note.sentence) if built else None
        return place or _paragraph_place(blocks, note.section, note.sentence) or _title_place(blocks)
    return _title_place(blocks)


__all__ = ["REVIEW_KEYWORD", "render_review", "write_review"]
