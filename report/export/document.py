"""The report as an ordered list of blocks (title, headings, paragraphs, filled tables) that every exporter draws."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Optional, Union

from report import format as fmt
from report.clock import beijing_today, chinese_date
from report.export.grid import Grid, GridCell, table_grids
from report.facts import Facts
from report.totals import fill_totals

UNKNOWN = "【待填】"  # a count nobody has given yet: never printed as 0
NOT_DRAFTED = "（本部分尚未起草）"

_SUBHEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_SENTENCE_END = re.compile(r"[。；！？;!?]")
SUBHEAD_MAX = 40  # a longer line is a paragraph even without a full stop
LEAD_MAX = 25  # "（一）主动公开。正文……": the inline sub-head up to the first 。


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1, "一、总体情况") or a sub-head (level 2, "（一）主动公开")."""

    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; `lead` is an inline sub-head printed before `text`; `placeholder` marks missing text."""

    text: str
    lead: str = ""
    placeholder: bool = False


@dataclass(frozen=True)
class TableBlock:
    """A filled table: its grid and the printed text of every anchored cell (same order as grid.cells)."""

    grid: Grid
    texts: tuple[str, ...]

    def rows(self) -> list[list[tuple[GridCell, str]]]:
        """(cell, printed text) of the anchored cells, grouped by the grid row they start in."""
        out: list[list[tuple[GridCell, str]]] = [[] for _ in range(self.grid.nrows)]
        for cell, text in zip(self.grid.cells, self.texts):
            out[cell.row].append((cell, text))
        return out


Block = Union[Heading, Paragraph, TableBlock]


@dataclass(frozen=True)
class Closing:
    """The 落款: the agency's name and the date of writing, printed right-aligned under the last section."""

    agency: str
    written: str  # 2025年1月20日

    @property
    def lines(self) -> tuple[str, str]:
        """The two lines as printed."""
        return self.agency, self.written


@dataclass(frozen=True)
class ReportDocument:
    """Title, opening paragraph, blocks in print order, 落款, and the keys of the cells printed as UNKNOWN."""

    title: str
    blocks: tuple[Block, ...]
    unknown_cells: tuple[str, ...]
    opening: tuple[Paragraph, ...] = ()
    closing: Optional[Closing] = None


# The customary opening paragraph (our own wording): basis, contents, period, where to read it, whom to ask.
OPENING = ("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
           "（国办公开办函〔2021〕30号）要求，由{agency}编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开"
           "申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计"
           "期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在本机关政府信息公开专栏查阅和下载。如对本报告有疑问，"
           "请与{agency}联系。")


def opening_paragraph(facts: Facts) -> Paragraph:
    """The opening paragraph of the report, with the agency and the year filled in."""
    return Paragraph(OPENING.format(agency=facts.agency, year=facts.year))


def value_text(value: Any) -> str:
    """Printed form of a cell: the count, the fee in 万元 as stored, or UNKNOWN for None."""
    if value is None:
        return UNKNOWN
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _is_heading_line(line: str, section: fmt.Section) -> bool:
    return line.rstrip("：:") in (section.heading, section.title)


def _line_block(line: str) -> Block:
    """One line of narrative: a sub-head, a paragraph opening with an inline sub-head, or a plain paragraph."""
    if not _SUBHEAD.match(line):
        return Paragraph(line)
    end = _SENTENCE_END.search(line)
    if end is None:
        return Heading(line, 2) if len(line) <= SUBHEAD_MAX else Paragraph(line)
    if end.group() == "。" and end.end() <= LEAD_MAX and end.end() < len(line):
        return Paragraph(line[end.end():], lead=line[:end.end()])
    return Paragraph(line)


def narrative_blocks(text: str, section: fmt.Section) -> list[Block]:
    """Blocks of a narrative section, one per non-blank line; a placeholder when there is no text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and _is_heading_line(lines[0], section):
        lines = lines[1:]  # the drafter repeated the section heading
    if not lines:
        return [Paragraph(NOT_DRAFTED, placeholder=True)]
    return [_line_block(line) for line in lines]


def _table_block(grid: Grid, facts: Facts) -> TableBlock:
    return TableBlock(grid, tuple(value_text(facts.cell(c.key)) if c.role == "value" else c.text for c in grid.cells))


def _narrative_text(num: str, sections: dict[str, str] | None, facts: Facts) -> str:
    """Text of a narrative section: the given draft, else the facts file's own text, else ""."""
    for source in (sections or {}, facts.sections or {}):
        text = source.get(num)
        if isinstance(text, str) and text.strip():
            return text
    return ""


def build_document(facts: Facts, sections: dict[str, str] | None = None, *,
                   written: Optional[date] = None) -> ReportDocument:
    """The report to print: opening, tables with totals filled, narrative, and the 落款 dated `written` (Beijing today)."""
    filled, _ = fill_totals(facts)
    grids = table_grids()
    blocks: list[Block] = []
    for section in fmt.SECTIONS:
        blocks.append(Heading(section.heading, 1))
        if section.kind == "table":
            blocks.append(_table_block(grids[section.num], filled))
        else:
            blocks.extend(narrative_blocks(_narrative_text(section.num, sections, facts), section))
    closing = Closing(facts.agency, chinese_date(written or beijing_today()))
    return ReportDocument(fmt.report_title(facts.agency, facts.year), tuple(blocks), _unknown(filled),
                          opening=(opening_paragraph(facts),), closing=closing)


def _unknown(filled: Facts) -> tuple[str, ...]:
    return tuple(k for k in fmt.ALL_CELL_KEYS if filled.cell(k) is None)


def unknown_cells(facts: Facts) -> tuple[str, ...]:
    """Keys of the cells that stay unknown after totals are filled (printed as UNKNOWN)."""
    return _unknown(fill_totals(facts)[0])
