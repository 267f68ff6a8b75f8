"""Plain-text export: headings and paragraphs one per line, tables as tab-separated rows like published text."""
from __future__ import annotations

from report.export.document import Heading, Paragraph, ReportDocument, TableBlock


def table_lines(table: TableBlock) -> list[str]:
    """One line per grid row: the texts of the cells that start in it, tab-separated (merged cells appear once)."""
    return ["\t".join(text for _, text in row) for row in table.rows() if row]


def render_text(doc: ReportDocument) -> str:
    """The report as plain text (a blank line before each section heading and before the 落款)."""
    lines = [doc.title, *(p.text for p in doc.opening)]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += ["", block.text] if block.level == 1 else [block.text]
        elif isinstance(block, Paragraph):
            lines.append(block.lead + block.text)
        elif isinstance(block, TableBlock):
            lines += table_lines(block)
    if doc.closing:
        lines += ["", *doc.closing.lines]
    return "\n".join(lines) + "\n"
