"""One PDF page's text layer to lines: ruled tables cell by cell (merged cells once), the rest from positioned words."""
from __future__ import annotations

import re
from typing import Any, Optional

from report.parser.pdf_layout import Line, Word, cell_text, words_to_lines
from report.parser.tokens import mark_blank_cells

MIN_TEXT_CHARS = 20  # a page with fewer readable characters than this is treated as a scan
_CID = re.compile(r"\(cid:\d+\)")


def text_words(page: Any) -> list[Word]:
    """The page's words with place and font size (pdfplumber)."""
    return [Word(w["x0"], w["x1"], w["top"], w["bottom"], w["text"], float(w.get("size") or 10.0))
            for w in page.extract_words(extra_attrs=["size"]) if w["text"].strip()]


def needs_ocr(page: Any, words: list[Word]) -> bool:
    """A page to read by OCR: a scan (an image and next to no text), or glyph codes without a character map."""
    total = sum(len(w.text) for w in words)
    readable = sum(len(_CID.sub("", w.text).strip()) for w in words)
    if readable < total // 2:
        return True  # "(cid:123)": the text layer cannot be read, the rendered glyphs can
    return readable < MIN_TEXT_CHARS and bool(page.images)


def is_data_table(rows: list[list[Optional[str]]]) -> bool:
    """At least two rows of two or more filled cells (a ruled frame around text is not a table)."""
    return sum(1 for row in rows if sum(1 for c in row if c) >= 2) >= 2


def _data_tables(page: Any) -> list[Any]:
    """Ruled tables of the page, with the text of their cells."""
    if not (page.rects or page.lines or page.curves):
        return []
    return [(table, rows) for table in page.find_tables() if is_data_table(rows := table.extract())]


def row_line(cells: list[Optional[str]], box: tuple[float, float, float, float],
             confs: Optional[list[Optional[float]]] = None) -> Optional[Line]:
    """One table row as a line; a cell under a merged cell (None) is left out; None when the row is empty."""
    texts: list[Optional[str]] = [None if c is None else cell_text(c) for c in cells]
    scores = confs or [None] * len(cells)
    marked = mark_blank_cells(texts)
    kept = [(m, s) for m, t, s in zip(marked, texts, scores) if t is not None]
    filled = [(m, s) for m, s in kept if m]
    if not filled:
        return None
    if len(filled) == 1:
        kept = filled  # a line of text inside a frame, or a caption row
    while kept and not kept[-1][0]:
        kept.pop()
    return Line(top=box[1], bottom=box[3], x0=box[0], cells=[m for m, _ in kept], confs=[s for _, s in kept])


def inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    """Is the word's centre inside the box?"""
    x = (word.x0 + word.x1) / 2
    return box[0] <= x <= box[2] and box[1] <= word.middle <= box[3]


def page_lines(page: Any, words: list[Word]) -> list[Line]:
    """Lines of a text page, top to bottom: table rows and the text around them."""
    lines: list[Line] = []
    boxes = []
    for table, rows in _data_tables(page):
        boxes.append(table.bbox)
        for row, cells in zip(table.rows, rows):
            line = row_line(cells, row.bbox)
            if line is not None:
                lines.append(line)
    free = [w for w in words if not any(inside(w, box) for box in boxes)]
    lines.extend(words_to_lines(free))
    lines.sort(key=lambda line: line.top)
    return lines

