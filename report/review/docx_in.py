"""Read a reviewed .docx back: the text as the reviewer left it (open 修订 kept apart), their 批注 with the sentence
each is on, the three tables (re-read by the report parser), and what could not be mapped to a section."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass
from typing import Any

from docx.oxml.ns import qn
from docx.table import Table

from report import format as fmt
from report.errors import NianbaoError, ParseError
from report.export.document import NOT_DRAFTED
from report.export.grid import table_grids
from report.numbers import split_sentences
from report.parsed import ParsedReport
from report.parser.docx_input import MAX_XML_BYTES
from report.review.layout import Block, body_blocks, paragraph_text, value_cells
from report.review.ooxml import ASSISTANT, all_but, local, nobody, open_changes, resolve

MAX_DOCX_BYTES = 50 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .docx (and an old .doc) is an OLE compound file
_SUBHEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_TABLES = ("二", "三", "四")


class ReviewFileError(NianbaoError):
    """The file is not a reviewed report this draft can take back; nothing was changed."""


@dataclass
class ReviewComment:
    """A 批注 as read: who wrote it, its text, and where it is (section, sub-head, sentence or table cell)."""

    id: str
    author: str
    text: str
    section: str = ""  # "一"…"六"; "" when outside the sections
    subhead: str = ""
    sentence: str = ""
    cell: str = ""  # cell key when the comment is on a table cell
    ours: bool = False  # written by 年报助手

    def place(self) -> str:
        """Chinese description of where the comment is."""
        if self.cell:
            return fmt.cell_position(self.cell)
        where = f"第{self.section}部分" if self.section else "未能对应的位置"
        return where + (f"“{self.subhead}”" if self.subhead else "")


@dataclass
class OpenChange:
    """A 修订 still open in the file (neither accepted nor rejected)."""

    section: str
    kind: str  # "insert" | "delete"
    author: str
    text: str


@dataclass
class ReviewedDocx:
    """A reviewed report: texts in two views, open changes, comments, tables, and what could not be mapped."""

    title: str
    sections: dict[str, str]  # as the reviewer left it: still-open 修订 not applied
    proposed: dict[str, str]  # with the reviewers' still-open 修订 applied (年报助手's are not)
    open_changes: list[OpenChange]
    comments: list[ReviewComment]
    parsed: ParsedReport  # tables, agency and year, read from the proposed view
    headings: dict[str, str]  # section → heading text as found
    stray: dict[str, list[str]]  # lines outside narrative sections: "" (front matter) or a table section
    last_modified_by: str = ""
    ours: bool = False  # keywords say 年报助手审阅版

    @property
    def reviewers(self) -> list[str]:
        """Names of the people whose comments or open changes are in the file (not 年报助手)."""
        names = [c.author for c in self.comments if not c.ours] + [c.author for c in self.open_changes]
        names.append(self.last_modified_by)
        return list(dict.fromkeys(n for n in names if n and n != ASSISTANT))

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data of what was read."""
        return {"title": self.title, "sections": self.sections, "proposed": self.proposed,
                "open_changes": [asdict(c) for c in self.open_changes],
                "comments": [asdict(c) for c in self.comments], "headings": self.headings, "stray": self.stray}


def _check_package(data: bytes, name: str) -> None:
    """Refuse what is not a readable .docx, with a Chinese reason."""
    if data[:8] == _OLE:
        raise ReviewFileError(f"{name}：文件已加密（设置了打开密码）或是旧版 .doc 格式，无法读取。请在 Word 中取消密码、"
                              "另存为 .docx 后再导入。")
    if len(data) > MAX_DOCX_BYTES:
        raise ReviewFileError(f"{name}：文件过大（超过 {MAX_DOCX_BYTES // 1024 // 1024} MB），不像是年度报告审阅稿。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise ReviewFileError(f"{name}：Word 文件正文过大，无法读取。")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
        raise ReviewFileError(f"{name}：文件已损坏或不是 Word（.docx）文件，无法读取。") from None


def _open(data: bytes, name: str):
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 — python-docx raises many kinds of errors on damaged packages
        raise ReviewFileError(f"{name}：文件已损坏或不是 Word（.docx）文件，无法读取。") from None


def _narrative(blocks: list[Block]) -> dict[str, str]:
    """Text of each narrative section whose heading was found: its paragraphs as lines."""
    found = {b.section for b in blocks if b.kind == "heading"}
    out: dict[str, str] = {}
    for num in fmt.NARRATIVE_SECTIONS:
        if num in found:
            lines = [b.text.strip() for b in blocks if b.section == num and b.kind == "paragraph" and b.text.strip()]
            out[num] = "" if lines == [NOT_DRAFTED] else "\n".join(lines)
    return out


CLOSING = "落款"


def _stray(blocks: list[Block]) -> dict[str, list[str]]:
    """Lines that belong to no narrative section: front matter after the title, paragraphs among the tables, and the
    落款 (under CLOSING)."""
    out: dict[str, list[str]] = {}
    for b in blocks:
        if not b.text.strip():
            continue
        if b.kind == "closing":
            out.setdefault(CLOSING, []).append(b.text.strip())
        elif b.kind == "front" or (b.kind == "paragraph" and b.section in _TABLES):
            out.setdefault(b.section, []).append(b.text.strip())
    return out


def _owner_block(el, blocks: list[Block]) -> Block | None:
    top = el
    while top.getparent() is not None and local(top.getparent()) != "body":
        top = top.getparent()
    return next((b for b in blocks if b.element is top), None)


def _cell_keys(document, blocks: list[Block]) -> dict[Any, str]:
    """w:tc element → cell key, for the value cells of the three tables."""
    out: dict[Any, str] = {}
    for b in blocks:
        if b.kind == "table" and b.section in _TABLES:
            cells = value_cells(Table(b.element, document._body), table_grids()[b.section])
            out.update({tc: key for key, tc in cells.items()})
    return out


def _positions(p) -> tuple[str, dict[str, int], dict[str, int]]:
    """Paragraph text and the offsets of comment range starts and ends (a reference counts as an end)."""
    text, starts, ends = [], {}, {}
    n = 0
    for el in p.iter():
        kind = local(el)
        if kind == "t":
            text.append(el.text or "")
            n += len(el.text or "")
        elif kind in ("tab", "br"):
            text.append(" ")
            n += 1
        elif kind == "commentRangeStart":
            starts[el.get(qn("w:id"))] = n
        elif kind in ("commentRangeEnd", "commentReference"):
            ends.setdefault(el.get(qn("w:id")), n)
    return "".join(text), starts, ends


def _sentence_at(text: str, start: int, end: int) -> str:
    """The sentences of text overlapping [start, end) (the one holding start for a point)."""
    end = max(end, start + 1)
    hits = [s for a, b, s in split_sentences(text) if a < end and b > start]
    return "".join(hits).strip() or text.strip()


def _subhead(blocks: list[Block], block: Block) -> str:
    """The sub-head (（一）…) above a paragraph of a narrative section, if any."""
    last = ""
    for b in blocks:
        if b.section == block.section and b.kind == "paragraph" and _SUBHEAD.match(b.text.strip()):
            last = re.split(r"[。：:]", b.text.strip(), maxsplit=1)[0]
        if b is block:
            return last
    return ""


def _comments(document, blocks: list[Block]) -> list[ReviewComment]:
    """Every comment with its author, text and anchor."""
    try:
        comments = list(document.comments)
    except Exception:  # noqa: BLE001 — a file without a comments part
        return []
    anchors: dict[str, tuple[Any, int, int, str]] = {}
    for p in document.element.body.iter(qn("w:p")):
        text, starts, ends = _positions(p)
        for cid in set(starts) | set(ends):
            if cid not in anchors:
                start = starts.get(cid, ends.get(cid, 0))
                anchors[cid] = (p, start, ends.get(cid, len(text)), text)
    cells = _cell_keys(document, blocks)
    out = []
    for c in comments:
        item = ReviewComment(str(c.comment_id), c.author or "", c.text.strip(), ours=c.author == ASSISTANT)
        anchor = anchors.get(str(c.comment_id))
        if anchor is not None:
            p, start, end, text = anchor
            block = _owner_block(p, blocks)
            if block is not None:
                item.section = block.section
                item.sentence = _sentence_at(text, start, end)
                if block.kind == "table":
                    tc = next((a for a in p.iterancestors(qn("w:tc"))), None)
                    item.cell = cells.get(tc, "")
                elif block.kind == "paragraph":
                    item.subhead = _subhead(blocks, block)
        out.append(item)
    return out


def _changes(blocks: list[Block]) -> list[OpenChange]:
    out = []
    for b in blocks:
        if b.kind in ("paragraph", "table", "heading", "front", "title"):
            for p in [b.element] if b.kind != "table" else b.element.iter(qn("w:p")):
                out += [OpenChange(b.section, kind, who, text) for kind, who, text in open_changes(p)]
    return out


def _resolved(data: bytes, name: str, accept):
    document = _open(data, name)
    resolve(document.element.body, accept)
    return document


def _tables(document, name: str) -> ParsedReport:
    """Agency, year and the three tables of a resolved document, read by the report parser."""
    from report.parser import parse_bytes

    out = io.BytesIO()
    document.save(out)
    try:
        return parse_bytes(out.getvalue(), name)
    except ParseError as e:
        raise ReviewFileError(f"不是年报助手导出的年度报告，未作任何改动：{e}") from None


def read_reviewed(data: bytes, filename: str = "审阅稿.docx") -> ReviewedDocx:
    """What a reviewed .docx holds; ReviewFileError (Chinese) when it is not a readable .docx."""
    name = filename or "（未命名）"
    _check_package(data, name)
    original = _open(data, name)
    base = _resolved(data, name, nobody)
    proposed = _resolved(data, name, all_but([ASSISTANT]))
    base_blocks, proposed_blocks = body_blocks(base), body_blocks(proposed)
    original_blocks = body_blocks(original)
    title = next((b.text.strip() for b in proposed_blocks if b.kind == "title"), "")
    props = original.core_properties
    return ReviewedDocx(
        title=title, sections=_narrative(base_blocks), proposed=_narrative(proposed_blocks),
        open_changes=_changes(original_blocks), comments=_comments(proposed, proposed_blocks),
        parsed=_tables(proposed, name),
        headings={b.section: b.text.strip() for b in proposed_blocks if b.kind == "heading"},
        stray=_stray(proposed_blocks), last_modified_by=props.last_modified_by or "",
        ours="年报助手审阅版" in (props.keywords or ""))


__all__ = ["OpenChange", "ReviewComment", "ReviewFileError", "ReviewedDocx", "paragraph_text", "read_reviewed"]
