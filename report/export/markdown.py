"""Markdown export: # title, ## sections, ### sub-heads, tables as pipe tables (a merged cell written once)."""
from __future__ import annotations

import re

from report.export.document import Heading, Paragraph, ReportDocument, TableBlock

_ORDERED_START = re.compile(r"^(\d+)([.)]\s)")
_BLOCK_START = re.compile(r"^(#{1,6}\s|>|[-+*]\s)")


def _escape_start(text: str) -> str:
    """Keep a paragraph from turning into a list, quote or heading."""
    if _ORDERED_START.match(text):
        return _ORDERED_START.sub(r"\1\\\2", text, count=1)
    return "\\" + text if _BLOCK_START.match(text) else text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def table_markdown(table: TableBlock) -> str:
    """A pipe table over the whole grid: each anchored cell at its position, merged positions left empty."""
    grid = table.grid
    matrix = [[""] * grid.ncols for _ in range(grid.nrows)]
    for cell, text in zip(grid.cells, table.texts):
        matrix[cell.row][cell.col] = _cell(text)
    lines = ["| " + " | ".join(row) + " |" for row in matrix]
    lines.insert(1, "|" + " --- |" * grid.ncols)
    return "\n".join(lines)


def render_markdown(doc: ReportDocument) -> str:
    """The report as Markdown."""
    parts = [f"# {doc.title}", *(_escape_start(p.text) for p in doc.opening)]
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * (block.level + 1)} {block.text}")
        elif isinstance(block, Paragraph):
            lead = f"**{block.lead}**" if block.lead else ""
            parts.append(lead + (block.text if lead else _escape_start(block.text)))
        elif isinstance(block, TableBlock):
            parts.append(table_markdown(block))
    if doc.closing:  # Markdown cannot right-align: two lines of one paragraph
        parts.append("  \n".join(doc.closing.lines))
    return "\n\n".join(parts) + "\n"
