"""Chunk a parsed report by section, then sub-heading, then paragraph (≈150–500 characters, never across a heading)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from report import format as fmt
from report.agency import agency_matches, infer_level
from report.parsed import ParsedReport

CHUNKER_VERSION = "c2"  # part of every file's content key: a new chunker re-indexes everything
MIN_CHARS = 150
MAX_CHARS = 500
SUBHEAD_MAX = 40  # a heading line is short and does not end a sentence
SUBHEAD_LABEL_MAX = 30
_CN_NUM = "一二三四五六七八九十"
_L1 = re.compile(rf"^\s*[（(][{_CN_NUM}]{{1,3}}[）)]")  # （一） (一)
_L2 = re.compile(r"^\s*(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])")  # 1. 1、 (1) ①
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_LABEL_END = re.compile(r"[。：:；;，,]")
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{1,6}日\s*$")
_TABLE_LINE = re.compile(r"\t|\|")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Chunk:
    """One passage of a report with its provenance."""

    text: str
    section: str
    subheading: str
    position: int


def _is_table_line(line: str) -> bool:
    """A row of a table (tab/pipe separated, or numbers without any Chinese word): not prose."""
    return bool(_TABLE_LINE.search(line)) or not _CJK.search(line)


def _is_heading_line(line: str) -> bool:
    return len(line) <= SUBHEAD_MAX and not line.rstrip().endswith(("。", "；", ";"))


def _label(line: str) -> str:
    """The sub-heading label of a heading line or of a paragraph opening with （一）…: text up to the first stop."""
    if _is_heading_line(line):
        return line.strip()
    m = _LABEL_END.search(line, 3)
    return line[:m.start() if m else SUBHEAD_LABEL_MAX].strip()[:SUBHEAD_LABEL_MAX]


def _signature_line(line: str, agency: Optional[str]) -> bool:
    return bool(_DATE_LINE.match(line)) or bool(agency) and len(line) <= 40 and agency_matches(line, agency)


def _paragraphs(text: str, agency: Optional[str], table_section: bool = False) -> list[str]:
    """Prose paragraphs of a section: no blank lines, no table rows or captions, no closing signature or date."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not _is_table_line(line)]
    if table_section:
        lines = [line for line in lines if line.endswith("。")]  # a sentence beside a table, not its labels
    while lines and _signature_line(lines[-1], agency):
        lines.pop()
    return lines


def _blocks(paragraphs: list[str]) -> list[tuple[str, list[str]]]:
    """Paragraphs grouped under their sub-heading: [(label, paragraphs)], a new block at every heading."""
    blocks: list[tuple[str, list[str]]] = []
    top, label, current = "", "", []
    for para in paragraphs:
        level1, level2 = bool(_L1.match(para)), bool(_L2.match(para))
        if level1 or level2:
            heading_only = bool(current) and all(_is_heading_line(p) and (_L1.match(p) or _L2.match(p))
                                                 for p in current)
            if current and not (level2 and heading_only):
                blocks.append((label, current))
                current = []
            if level1:
                top = _label(para)
                label = top
            else:
                label = f"{top} · {_label(para)}" if top else _label(para)
            current.append(para)
        else:
            current.append(para)
    if current:
        blocks.append((label, current))
    return blocks


def _split_long(para: str, limit: int = MAX_CHARS) -> list[str]:
    """A paragraph over limit cut at sentence ends into balanced pieces (hard cut only inside a huge sentence)."""
    if len(para) <= limit:
        return [para]
    sentences = [s for s in _SENTENCE_END.split(para) if s]
    pieces: list[str] = []
    for s in sentences:
        while len(s) > limit:
            pieces.append(s[:limit])
            s = s[limit:]
        pieces.append(s)
    n = -(-len(para) // limit)
    target = len(para) / n
    out, cur = [], ""
    for s in pieces:
        if cur and (len(cur) + len(s) > limit or len(cur) >= target and len(out) < n - 1):
            out.append(cur)
            cur = ""
        cur += s
    if cur:
        out.append(cur)
    return out


def _is_subheading(para: str) -> bool:
    return _is_heading_line(para) and bool(_L1.match(para) or _L2.match(para))


def _pack(paragraphs: list[str]) -> list[str]:
    """Paragraphs of one block packed into chunks of at most MAX_CHARS; heading lines always open the chunk of the
    text they head; a short tail joins the chunk before it."""
    chunks: list[str] = []
    heading = ""
    for para in paragraphs:
        if _is_subheading(para) and not chunks:
            heading += para + "\n"
            continue
        for piece in _split_long(para, MAX_CHARS - len(heading)):
            piece, heading = heading + piece, ""
            if chunks and (len(chunks[-1]) < MIN_CHARS or len(piece) < MIN_CHARS) \
                    and len(chunks[-1]) + 1 + len(piece) <= MAX_CHARS:
                chunks[-1] += "\n" + piece
            else:
                chunks.append(piece)
    if heading:
        chunks.append(heading.rstrip("\n"))
    return chunks


def chunk_section(num: str, text: str, agency: Optional[str] = None, start: int = 0) -> list[Chunk]:
    """Chunks of one section's text, positions counted from start."""
    out: list[Chunk] = []
    table_section = fmt.SECTION_BY_NUM[num].kind == "table" if num in fmt.SECTION_BY_NUM else False
    for label, paragraphs in _blocks(_paragraphs(text, agency, table_section)):
        for piece in _pack(paragraphs):
            out.append(Chunk(piece, num, label, start + len(out)))
    return out


def chunk_report(report: ParsedReport) -> list[Chunk]:
    """All chunks of a report in reading order (sections 一…六, prose only: table rows are left out)."""
    chunks: list[Chunk] = []
    for num in fmt.SECTION_NUMS:
        text = report.sections.get(num)
        if text:
            chunks += chunk_section(num, text, report.agency, start=len(chunks))
    return chunks


def report_level(report: ParsedReport) -> str:
    """The report's level from its agency name ("" when the name does not settle it)."""
    return infer_level(report.agency) or ""
