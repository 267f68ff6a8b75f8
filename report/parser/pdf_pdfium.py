"""A page through PDFium alone, for a file pdfplumber cannot read: text runs placed by position, ruled tables found
on the rendered page as on a scan, each cell filled with the runs inside it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from report.parser.pdf_layout import Line, Word, words_to_lines
from report.parser.pdf_page import inside

RULES_DPI = 100  # resolution the ruling lines are looked for at (a 1 pt rule is still a pixel wide)


@dataclass(frozen=True)
class _Bounds:
    """What pdfplumber's table finder needs of a page when every edge is given explicitly."""

    bbox: tuple[float, float, float, float]


def pdfium_words(page: Any) -> list[Word]:
    """The page's text runs (PDFium) as positioned words, in points from the top left."""
    textpage = page.get_textpage()
    height = page.get_size()[1]
    words = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top).strip()
        if text:
            words.append(Word(left, right, height - top, height - bottom, text, max(top - bottom, 1.0)))
    return words


def ruled_tables(page: Any) -> list[Any]:
    """The page's ruled tables (pdfplumber tables built from the ruling lines seen on the rendered page)."""
    from pdfplumber.table import TableFinder, TableSettings

    from report.parser.pdf_grid import ruling_edges
    from report.parser.pdf_ocr import ocr_dpi, render

    width, height = page.get_size()
    dpi = ocr_dpi(width, height, RULES_DPI)
    horizontal, vertical = ruling_edges(render(page, dpi), dpi)
    if len(horizontal) < 3 or len(vertical) < 2:
        return []
    settings = TableSettings.resolve({"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                                      "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal})
    return TableFinder(_Bounds((0.0, 0.0, width, height)), settings).tables


def pdfium_lines(page: Any) -> list[Line]:
    """The lines of a page: its ruled tables row by row, the text around them line by line."""
    from report.parser.pdf_grid import grid_lines
    from report.parser.pdf_ocr import PageTooLarge

    words = pdfium_words(page)
    try:
        tables = ruled_tables(page) if words else []
    except PageTooLarge:
        tables = []  # a poster-sized page: its text is still read, by position
    lines, used = grid_lines(tables, words, {})
    lines += words_to_lines([w for w in words if not any(inside(w, box) for box in used)])
    return sorted(lines, key=lambda line: line.top)
