"""The body of a report .docx as blocks mapped to the six sections: title, headings (renamed ones by style and order),
paragraphs and tables; the same walk serves the 审阅版 writer and the reader of a reviewed file."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from report import format as fmt
from report.review.ooxml import local

HEADING_STYLES = ("NbHeading1", "报告一级标题")  # style id of the exporter, and its name (LibreOffice may keep either)
CLOSING_STYLES = ("NbSignature", "落款")  # the 落款 under the last section
_NUMERAL = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、.．]\s*")
_HEADING_MAX = 40
_RENAMED_MAX = 20  # a renamed heading in another style: the next numeral and a short line


@dataclass
class Block:
    """One body element: kind "title" | "front" | "heading" | "paragraph" | "table" | "closing" (the 落款), and its
    section ("" before 一)."""

    element: Any
    kind: str
    section: str
    text: str


def paragraph_text(p) -> str:
    """Visible text of a w:p (w:t pieces, tabs and breaks as spaces)."""
    out = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        out.append(el.text or "" if local(el) == "t" else " ")
    return "".join(out)


def style_names(document) -> dict[str, str]:
    """Paragraph style id → style name of a python-docx Document."""
    return {s.style_id: s.name for s in document.styles if getattr(s, "style_id", None)}


def _style(p, names: dict[str, str]) -> str:
    el = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    sid = el.get(qn("w:val")) if el is not None else ""
    return sid if sid in HEADING_STYLES + CLOSING_STYLES else names.get(sid, sid)


def _by_title(text: str) -> str | None:
    bare = _NUMERAL.sub("", text).strip().rstrip("：:")
    for s in fmt.SECTIONS:
        if bare in (s.title, *s.variants):
            return s.num
    return None


def _next_num(current: str) -> str | None:
    nums = fmt.SECTION_NUMS
    i = nums.index(current) + 1 if current in nums else 0
    return nums[i] if i < len(nums) else None


def heading_section(text: str, style: str, current: str) -> str | None:
    """The section a paragraph heads: by its numeral or title, else (a renamed heading) by style and order."""
    t = text.strip()
    if not t or len(t) > _HEADING_MAX or "。" in t:
        return None
    by_title = _by_title(t)
    m = _NUMERAL.match(t)
    numbered = m is not None and m.group(1) in fmt.SECTION_NUMS
    if numbered and (by_title or style in HEADING_STYLES or (m.group(1) == _next_num(current) and len(t) <= _RENAMED_MAX)):
        return by_title or m.group(1)
    if by_title:
        return by_title
    if style in HEADING_STYLES:
        return _next_num(current)
    return None


def body_blocks(document, body=None) -> list[Block]:
    """The body of a Document (or a resolved copy of its body element) as blocks mapped to sections."""
    names = style_names(document)
    root = document.element.body if body is None else body
    out: list[Block] = []
    current, seen_title = "", False
    for el in root:
        kind = local(el)
        if kind == "tbl":
            out.append(Block(el, "table", current, ""))
            continue
        if kind != "p":
            continue
        text = paragraph_text(el)
        style = _style(el, names)
        if current and style in CLOSING_STYLES:
            out.append(Block(el, "closing", current, text))
            continue
        num = heading_section(text, style, current)
        if num and fmt.SECTION_NUMS.index(num) >= (fmt.SECTION_NUMS.index(current) if current else 0):
            current = num
            out.append(Block(el, "heading", num, text))
        elif not current and not seen_title and text.strip():
            seen_title = True
            out.append(Block(el, "title", "", text))
        else:
            out.append(Block(el, "front" if not current else "paragraph", current, text))
    return out


def section_lines(blocks: list[Block]) -> dict[str, list[str]]:
    """Non-blank paragraph lines of each section (and "" for the front matter after the title)."""
    out: dict[str, list[str]] = {}
    for b in blocks:
        if b.kind in ("paragraph", "front") and b.text.strip():
            out.setdefault(b.section, []).append(b.text.strip())
    return out


def _deduped(row: list) -> list:
    return [c for k, c in enumerate(row) if k == 0 or c is not row[k - 1]]


def value_cells(table, grid) -> dict[str, Any]:
    """Cell key → w:tc of a python-docx Table printed from an official grid. Rows are matched cell by cell in order,
    so a column LibreOffice adds when it saves (splitting a merged cell) does not shift the keys."""
    covering: dict[tuple[int, int], Any] = {}
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                covering[(r, c)] = cell
    out: dict[str, Any] = {}
    rows = list(table.rows)
    for r in range(min(grid.nrows, len(rows))):
        official = _deduped([covering[(r, c)] for c in range(grid.ncols)])
        printed = _deduped([c._tc for c in rows[r].cells])
        if len(official) == len(printed):
            out.update({cell.key: tc for cell, tc in zip(official, printed) if cell.role == "value"})
    return out
