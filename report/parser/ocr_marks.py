"""Which table cells were read by OCR: from the OCR'd lines to the cells the tables took their figures from."""
from __future__ import annotations

from typing import Optional, Protocol

from report.parsed import OcrCell
from report.parser.tokens import Cell, split_fields, tokenize


class OcrLineLike(Protocol):
    """A line read by OCR (see pdf_input.OcrLine)."""

    page: int
    confs: list[Optional[float]]


def _field_of_tokens(line: str) -> list[int]:
    """For each cell tokenize(line) returns, the tab-separated field of the line it came from."""
    if "\t" not in line:
        return [0] * len(tokenize(line))
    out: list[int] = []
    for i, field in enumerate(split_fields(line)):
        out.extend([i] * len(tokenize(field.strip()) or [None]))
    return out


def ocr_cells(sources: dict[str, Cell], cells: list[list[Cell]], norm: list[str],
              marks: dict[int, OcrLineLike]) -> dict[str, OcrCell]:
    """Cell key → page and score, for each table cell whose figure comes from a line read by OCR."""
    where: dict[int, tuple[int, int]] = {}
    for i in marks:
        if i < len(cells):
            fields = _field_of_tokens(norm[i])
            for j, cell in enumerate(cells[i]):
                where[id(cell)] = (i, fields[j] if j < len(fields) else -1)
    out: dict[str, OcrCell] = {}
    for key, cell in sources.items():
        if id(cell) not in where:
            continue
        i, f = where[id(cell)]
        confs = marks[i].confs
        conf = confs[f] if 0 <= f < len(confs) else None
        out[key] = OcrCell(page=marks[i].page, confidence=None if conf is None else round(conf, 3), text=cell.text)
    return out
