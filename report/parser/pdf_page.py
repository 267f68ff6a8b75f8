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


def has_text_layer(words: list[Word]) -> bool:
    """True when the words are real text (not empty, not glyph codes without a character map)."""
    readable = sum(len(_CID.sub("", w.text).strip()) for w in words)
    return readable >= MIN_TEXT_CHARS and readable >= sum(len(w.text) for w in words) // 2


def _data_tables(page: Any) -> list[Any]:
    """Ruled tables of the page with at least two rows of two or more cells (a ruled text frame is not one)."""
    if not (page.rects or page.lines or page.curves):
        return []
    out = []
    for table in page.find_tables():
        rows = table.extract()
        if sum(1 for row in rows if sum(1 for c in row if c) >= 2) >= 2:
            out.append((table, rows))
    return out


def _row_line(cells: list[Optional[str]], top: float, bottom: float, x0: float) -> Optional[Line]:
    """One table row as a line; a cell under a merged cell (None) is left out; None when the row is empty."""
    texts: list[Optional[str]] = [None if c is None else cell_text(c) for c in cells]
    marked = mark_blank_cells(texts)
    kept = [m for m, t in zip(marked, texts) if t is not None]
    filled = [c for c in kept if c]
    if not filled:
        return None
    if len(filled) == 1:
        kept = filled  # a line of text inside a frame, or a caption row
    while kept and not kept[-1]:
        kept.pop()
    return Line(top=top, bottom=bottom, x0=x0, cells=kept)


def _inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    x = (word.x0 + word.x1) / 2
    return box[0] <= x <= box[2] and box[1] <= word.middle <= box[3]


def page_lines(page: Any, words: list[Word]) -> list[Line]:
    """Lines of a text page, top to bottom: table rows and the text around them."""
    lines: list[Line] = []
    boxes = []
    for table, rows in _data_tables(page):
        boxes.append(table.bbox)
        for row, cells in zip(table.rows, rows):
            line = _row_line(cells, row.bbox[1], row.bbox[3], row.bbox[0])
            if line is not None:
                lines.append(line)
    free = [w for w in words if not any(_inside(w, box) for box in boxes)]
    lines.extend(words_to_lines(free))
    lines.sort(key=lambda line: line.top)
    return lines
