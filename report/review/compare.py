"""A reviewed .docx against its draft: each changed section as a suggestion from 审阅人, each table cell that differs,
the comments, and the validator, number guard and P3 run on the result (what the review introduced kept apart)."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from report import format as fmt
from report.agency import same_agency
from report.errors import FactsError
from report.export.document import narrative_blocks
from report.facts import Facts, facts_from_dict
from report.findings import Finding
from report.review.docx_in import (
    CLOSING,
    OpenChange,
    ReviewComment,
    ReviewedDocx,
    ReviewFileError,
    read_reviewed,
)
from report.review.docx_out import render_review
from report.review.ooxml import ASSISTANT
from report.textcheck import NEEDS_CHECK, number_flags
from report.validator import validate

REVIEWER = "审阅人"
UNMAPPED = "未能对应"


def reviewer_label(name: str) -> str:
    """How a reviewer is named on a suggestion: 审阅人（张三）, or 审阅人 when the file names nobody."""
    return f"{REVIEWER}（{name}）" if name else REVIEWER


@dataclass
class SectionChange:
    """One narrative section the reviewer changed: the draft's text, theirs, and their still-open 修订."""

    section: str
    before: str
    after: str  # the reviewer's text with their still-open 修订 applied
    as_left: str  # the text with every still-open 修订 rejected
    open_changes: list[OpenChange] = field(default_factory=list)
    author: str = REVIEWER

    def summary(self) -> str:
        """One Chinese line on what the reviewer did in this section."""
        mine = [c for c in self.open_changes if c.author != ASSISTANT]
        text = f"第{self.section}部分：{self.author}的修改"
        return text + (f"（其中 {len(mine)} 处修订在 Word 中尚未接受，按待定处理）" if mine else "")


@dataclass
class CellChange:
    """A table cell whose value in the reviewed file differs from the draft's facts."""

    key: str
    before: Any
    after: Any

    @property
    def position(self) -> str:
        """Official position of the cell."""
        return fmt.cell_position(self.key)

    def line(self) -> str:
        """One Chinese line for the change."""
        shown = lambda v: "（空）" if v is None else str(v)
        return f"{self.position}：{shown(self.before)} → {shown(self.after)}"


@dataclass
class TextFlag:
    """A number guard or P3 flag in a section of the reviewed text."""

    section: str
    raw: str
    sentence: str
    message: str


@dataclass
class ReviewImport:
    """Everything the import found; nothing is applied until the user confirms each suggestion."""

    changes: list[SectionChange]
    cells: list[CellChange]
    comments: list[ReviewComment]
    findings: list[Finding]  # validator findings of the result that the draft did not have
    flags: list[TextFlag]  # guard / P3 flags in the reviewed text that the draft did not have
    unmapped: list[str]  # 未能对应: what could not be placed in a section
    outcomes: dict[str, str]  # section → what the reviewer did with 年报助手's 修订 (已接受/已拒绝/部分接受/未处理)
    facts: Facts  # the draft's facts with the reviewed tables and texts
    reviewers: list[str] = field(default_factory=list)
    known: int = 0
    notes: list[str] = field(default_factory=list)  # how unusual parts were mapped (a heading deleted …)  # findings and flags the draft already had

    @property
    def has_problems(self) -> bool:
        """True when the review introduced a finding (a broken identity, a number that no longer matches the tables)
        or a number the guard cannot trace; what the draft already had does not count."""
        return bool(self.flags or self.findings)

    @property
    def exit_code(self) -> int:
        """0 no problem introduced, 1 problems (like `nianbao validate`)."""
        return 1 if self.has_problems else 0

    def reviewer_comments(self) -> list[ReviewComment]:
        """The comments written by reviewers (年报助手's own are left out)."""
        return [c for c in self.comments if not c.ours]

    def to_json_dict(self) -> dict[str, Any]:
        """The `nianbao review-import --json` object."""
        return {
            "changes": [{**asdict(c), "summary": c.summary()} for c in self.changes],
            "cells": [{"key": c.key, "position": c.position, "before": _json(c.before), "after": _json(c.after)}
                      for c in self.cells],
            "comments": [{**asdict(c), "place": c.place()} for c in self.reviewer_comments()],
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "flags": [asdict(f) for f in self.flags], "unmapped": self.unmapped, "notes": self.notes, "outcomes": self.outcomes,
            "reviewers": self.reviewers, "known_problems": self.known, "exit_code": self.exit_code,
        }


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _lines(text: str, num: str) -> list[str]:
    """The printed lines of a section text (what the exporter writes, one per paragraph)."""
    blocks = narrative_blocks(text, fmt.SECTION_BY_NUM[num])
    lines = [getattr(b, "lead", "") + b.text for b in blocks if not getattr(b, "placeholder", False)]
    return [line.strip() for line in lines if line.strip()]


def printed_text(text: str, num: str) -> str:
    """A section text as the .docx prints it: one line per paragraph, blank lines and a repeated heading dropped."""
    return "\n".join(_lines(text, num))


def _same_text(a: str, b: str, num: str) -> bool:
    return _lines(a, num) == _lines(b, num)


def check_identity(doc: ReviewedDocx, facts: Facts, filename: str) -> None:
    """Refuse a file of another agency or year, or one that is no report at all."""
    parsed = doc.parsed
    if not doc.headings and not parsed.year:
        raise ReviewFileError(f"{filename}：不是年报助手导出的年度报告（找不到报告标题和各部分标题），未作任何改动。")
    if parsed.year and parsed.year != facts.year:
        raise ReviewFileError(f"{filename}：这是{parsed.year}年的报告，当前草稿是{facts.year}年的，未作任何改动。")
    if parsed.agency and parsed.agency != facts.agency and not same_agency(facts.agency, [parsed.agency]):
        raise ReviewFileError(f"{filename}：这是“{parsed.agency}”的报告，当前草稿是“{facts.agency}”的，未作任何改动。")


def _value(key: str, raw: Any) -> Any:
    if raw is None:
        return None
    if key == "t2.fees_wan":
        try:
            return Decimal(str(raw))
        except InvalidOperation:
            return raw
    return raw


def _cells(doc: ReviewedDocx, filled: Facts) -> list[CellChange]:
    """Cells read from the file that differ from the draft's (totals filled) facts; unread cells are not changes."""
    out = []
    for key in fmt.ALL_CELL_KEYS:
        after = _value(key, doc.parsed.cell_value(key))
        before = filled.cell(key)
        if after is None and key not in doc.parsed.blank_cells:
            continue
        if after != before and not (isinstance(before, Decimal) and after is not None and _num_eq(before, after)):
            out.append(CellChange(key, before, after))
    return out


def _num_eq(a: Decimal, b: Any) -> bool:
    try:
        return a == Decimal(str(b))
    except InvalidOperation:
        return False


def with_cells(facts: Facts, changes: list[CellChange]) -> Facts:
    """The draft's facts with the changed cells set to the reviewer's values."""
    data = facts.model_dump(mode="json")
    for c in changes:
        ref = fmt.cell_ref(c.key)
        if ref.table == "t3":
            data["t3"][ref.row][ref.index] = _json(c.after)
        elif ref.table == "t4":
            data["t4"][ref.index] = _json(c.after)
        else:
            node = data["t2"]
            for part in ref.path[:-1]:
                node = node[part]
            node[ref.path[-1]] = _json(c.after)
    try:
        return facts_from_dict(data)
    except FactsError as e:
        raise ReviewFileError(f"审阅稿表格中的数字有误，未作任何改动：\n{e}") from None


def _flags(facts: Facts, sections: dict[str, str]) -> list[TextFlag]:
    """Guard and P3 flags of every section text."""
    return [TextFlag(num, f.raw, f.sentence.replace(NEEDS_CHECK, "").strip(), f.message)
            for num, text in sections.items() for f in number_flags(num, text, facts)]


def _new_flags(before: list[TextFlag], after: list[TextFlag], findings: list[Finding]) -> list[TextFlag]:
    """Flags the draft did not have: the same number in the same sentence is known; then a number whose sentence was
    reworded is known once per flag the draft had for it; a flag repeating a finding's message is left out."""
    exact = Counter((f.section, f.raw, f.sentence) for f in before)
    rest = []
    for f in after:
        if exact[(f.section, f.raw, f.sentence)] > 0:
            exact[(f.section, f.raw, f.sentence)] -= 1
        else:
            rest.append(f)
    loose: Counter = Counter()
    for (sec, raw, _s), n in exact.items():
        loose[(sec, raw)] += max(n, 0)
    said = {f.message for f in findings}
    out = []
    for f in rest:
        if loose[(f.section, f.raw)] > 0:
            loose[(f.section, f.raw)] -= 1
        elif f.message not in said:
            out.append(f)
    return out


def _finding_keys(facts: Facts, sections: dict[str, str]) -> dict[tuple, Finding]:
    checked = facts.model_copy(update={"sections": {k: v for k, v in sections.items() if v.strip()} or None})
    return {(f.id, str(f.expected), str(f.actual), f.quote.strip()): f for f in validate(checked).findings}


def _outcome(doc: ReviewedDocx, num: str, got: str, accepted: str, pending: str | None) -> str:
    """What the reviewer did with 年报助手's 修订 in a section (got: its text with every open 修订 rejected)."""
    if pending is None:
        return ""
    if any(c.section == num and c.author == ASSISTANT for c in doc.open_changes):
        return "未处理"
    if _same_text(got, pending, num):
        return "已接受"
    if _same_text(got, accepted, num):
        return "已拒绝"
    return "已修改"


def _unmapped(doc: ReviewedDocx, expected: ReviewedDocx, stray: dict[str, list[str]], carved: list[str]) -> list[str]:
    """Headings not found (and whose text was not found either), and lines outside the sections that the exported
    file did not have."""
    out = [f"第{num}部分（{fmt.SECTION_BY_NUM[num].heading}）的标题在审阅稿中找不到，其内容无法对应"
           for num in fmt.SECTION_NUMS if num not in doc.headings and num not in carved]
    for where, lines in stray.items():
        known = set(expected.stray.get(where, []))
        place = where if where == CLOSING else f"第{where}部分" if where else "标题与第一部分之间"
        out += [f"{place}：{line}" for line in lines if line not in known]
    return out


def _before(num: str, headings: dict[str, str]) -> str:
    """The nearest earlier section whose heading was found ("" for the front matter)."""
    earlier = [n for n in fmt.SECTION_NUMS[:fmt.SECTION_NUMS.index(num)] if n in headings]
    return earlier[-1] if earlier else ""


def _carve(doc: ReviewedDocx, accepted: dict[str, str]) -> tuple[dict, dict, dict, list[str]]:
    """A narrative section whose heading was deleted: its text is found, by its first line, at the end of what the
    section before it holds; returns (proposed, as-left texts, stray lines, sections so found)."""
    proposed, base = dict(doc.proposed), dict(doc.sections)
    stray = {k: list(v) for k, v in doc.stray.items()}
    carved = []
    for num in fmt.NARRATIVE_SECTIONS:
        want = _lines(accepted[num], num)
        if num in doc.headings or not want:
            continue
        prev = _before(num, doc.headings)
        narrative = prev in proposed
        pool = proposed[prev].split("\n") if narrative else stray.get(prev, [])
        starts = [i for i, line in enumerate(pool) if line.strip() == want[0]]
        if not starts:
            continue
        cut = starts[-1]
        proposed[num] = "\n".join(pool[cut:])
        if narrative:
            proposed[prev] = "\n".join(pool[:cut])
            left = base.get(prev, "").split("\n")
            at = max((i for i, line in enumerate(left) if line.strip() == want[0]), default=len(left))
            base[prev], base[num] = "\n".join(left[:at]), "\n".join(left[at:])
        else:
            stray[prev] = pool[:cut]
            base[num] = proposed[num]
        carved.append(num)
    return proposed, base, stray, carved


def _strip_frame(text: str, num: str, expected_lines: list[str], draft_lines: list[str]) -> str:
    """Drop lines the exported document prints in a section beyond the draft's text (e.g. the 落款)."""
    frame = [line for line in expected_lines if line not in draft_lines]
    return "\n".join(line for line in text.split("\n") if line.strip() not in frame)


def compare_review(doc: ReviewedDocx, facts: Facts, accepted: dict[str, str],
                   pending: dict[str, str] | None = None, filename: str = "审阅稿.docx") -> ReviewImport:
    """The reviewed file against the draft (facts, accepted texts, pending suggestions); ReviewFileError if not its."""
    check_identity(doc, facts, filename)
    pending = pending or {}
    accepted = {n: accepted.get(n, "") or "" for n in fmt.NARRATIVE_SECTIONS}
    expected = read_reviewed(render_review(facts, accepted, {}), "导出稿.docx")
    name = ", ".join(doc.reviewers[:1])
    proposed, base, stray, carved = _carve(doc, accepted)
    changes, outcomes, result = [], {}, {}
    for num in fmt.NARRATIVE_SECTIONS:
        if num not in doc.headings and num not in carved:
            result[num] = accepted[num]
            continue
        frame = (expected.proposed.get(num, "").split("\n"), _lines(accepted[num], num))
        after = _strip_frame(proposed.get(num, ""), num, *frame)
        as_left = _strip_frame(base.get(num, ""), num, *frame)
        result[num] = after
        outcomes[num] = _outcome(doc, num, as_left, accepted[num], pending.get(num))
        if not _same_text(after, accepted[num], num):
            opened = [c for c in doc.open_changes if c.section == num]
            who = next((c.author for c in opened if c.author != ASSISTANT), name)
            changes.append(SectionChange(num, accepted[num], after, as_left, opened, reviewer_label(who)))
    cells = _cells(doc, _filled(facts))
    new_facts = with_cells(facts, cells)
    before_f, after_f = _finding_keys(facts, accepted), _finding_keys(new_facts, result)
    before_g, after_g = _flags(facts, accepted), _flags(new_facts, result)
    findings = [f for k, f in after_f.items() if k not in before_f]
    flags = _new_flags(before_g, after_g, findings)
    known = len(after_f) - len(findings) + len(after_g) - len(flags)
    return ReviewImport(
        changes=changes, cells=cells, comments=doc.comments, findings=findings, flags=flags,
        unmapped=_unmapped(doc, expected, stray, carved), notes=[
            f"第{n}部分的标题在审阅稿中找不到，已按正文内容对应" for n in carved], outcomes={k: v for k, v in outcomes.items() if v},
        facts=new_facts.model_copy(update={"sections": {k: v for k, v in result.items() if v.strip()} or None}),
        reviewers=doc.reviewers, known=known)


def _filled(facts: Facts) -> Facts:
    from report.totals import fill_totals

    return fill_totals(facts)[0]


__all__ = ["REVIEWER", "UNMAPPED", "CellChange", "ReviewImport", "SectionChange", "TextFlag", "check_identity",
           "compare_review", "printed_text", "reviewer_label", "with_cells"]
