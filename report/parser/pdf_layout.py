"""Positioned words (a PDF's text layer or OCR boxes) to text lines: one line per visual row, cells tab-separated."""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Optional

from report.parser.normalize import normalize
from report.parser.tokens import classify

CELL_GAP = 1.0  # a horizontal gap of at least this many font sizes parts two cells
SAME_LINE = 0.45  # words whose vertical centres differ by less than this many font sizes share a line
WRAP_REACH = 1.4  # a wrapped label's piece lies within this many line heights of its row's figures
_CJK_EDGE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]")


@dataclass(frozen=True)
class Word:
    """A run of text at a place on the page (PDF points, y downwards); conf is the OCR score, None for text."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    conf: Optional[float] = None
    alone: bool = False  # a figure the OCR read inside a longer box: a cell of its own whatever the gap

    @property
    def middle(self) -> float:
        """Vertical centre."""
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    """One output line: its cells (tab-joined later), where it sits, and per-cell OCR scores (None for text)."""

    top: float
    cells: list[str]
    confs: list[Optional[float]] = field(default_factory=list)
    bottom: float = 0.0
    x0: float = 0.0

    @property
    def text(self) -> str:
        """The line as the parser reads it."""
        return "\t".join(self.cells)


def join_pieces(a: str, b: str) -> str:
    """Two pieces of one cell's text: Chinese runs meet directly, Latin words and digits keep a space."""
    if not a:
        return b
    if not b:
        return a
    if _CJK_EDGE.match(a[-1]) or _CJK_EDGE.match(b[0]):
        return a + b
    return a + " " + b


def cell_text(text: Optional[str]) -> str:
    """A table cell's text with its inner line breaks removed (a label wrapped in its cell, vertical labels)."""
    out = ""
    for piece in (text or "").split("\n"):
        out = join_pieces(out, piece.strip())
    return out


def _visual_rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped into visual rows by their vertical centres, top to bottom."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if rows:
            last = rows[-1]
            centre = statistics.fmean(w.middle for w in last)
            if abs(word.middle - centre) < SAME_LINE * max(word.size, max(w.size for w in last)):
                last.append(word)
                continue
        rows.append([word])
    return rows


def _line_of(row: list[Word]) -> Line:
    """One visual row as cells: words closer than CELL_GAP font sizes form one cell."""
    row = sorted(row, key=lambda w: w.x0)
    cells: list[str] = []
    confs: list[Optional[float]] = []
    prev: Optional[Word] = None
    for word in row:
        gap = word.x0 - prev.x1 if prev else 0.0
        if prev is None or word.alone or prev.alone or gap >= CELL_GAP * max(word.size, prev.size):
            cells.append(word.text)
            confs.append(word.conf)
        else:
            cells[-1] = join_pieces(cells[-1], word.text) if gap > 0.25 * word.size else cells[-1] + word.text
            if word.conf is not None:
                confs[-1] = word.conf if confs[-1] is None else min(confs[-1], word.conf)
        prev = word
    return Line(top=min(w.top for w in row), bottom=max(w.bottom for w in row), x0=row[0].x0, cells=cells,
                confs=confs)


def _kind(text: str) -> str:
    return classify(normalize(text).strip()).kind


def _is_figures(line: Line) -> bool:
    """A line of figures only (no label): the row's label is printed beside it, wrapped above and below."""
    kinds = [_kind(c) for c in line.cells]
    return len(kinds) >= 1 and all(k in ("num", "mark", "bad") for k in kinds)


def _is_label(line: Line) -> bool:
    return all(_kind(c) == "label" for c in line.cells)


def _wraps(piece: Line, figures: Line) -> bool:
    """Could this label-only line be half of the label printed beside (left of) the line of figures?"""
    height = max(figures.bottom - figures.top, 1.0)
    distance = max(piece.top - figures.bottom, figures.top - piece.bottom)
    return _is_label(piece) and piece.x0 < figures.x0 and distance < WRAP_REACH * height


def _attach_wrapped_labels(lines: list[Line]) -> list[Line]:
    """A line of figures between the two halves of its vertically centred label gets that label as its cells."""
    taken: set[int] = set()
    joined: dict[int, Line] = {}
    for i, line in enumerate(lines):
        up, down = i - 1, i + 1
        if not _is_figures(line) or up < 0 or down >= len(lines) or up in taken:
            continue
        if not (_wraps(lines[up], line) and _wraps(lines[down], line)):
            continue
        nxt = lines[down + 1] if down + 1 < len(lines) else None
        if nxt is not None and _is_figures(nxt) and nxt.top - lines[down].bottom < lines[down].top - line.bottom:
            continue  # the piece below sits nearer the next line of figures: it is that row's label
        a, b = lines[up], lines[down]
        taken.update((up, down))
        cells = [*a.cells[:-1], *b.cells[:-1], join_pieces(a.cells[-1], b.cells[-1]), *line.cells]
        confs = [*a.confs[:-1], *b.confs[:-1], _lowest(a.confs[-1], b.confs[-1]), *line.confs]
        joined[i] = Line(top=a.top, bottom=b.bottom, x0=min(a.x0, b.x0), cells=cells, confs=confs)
    return [joined.get(i, line) for i, line in enumerate(lines) if i not in taken]


def _lowest(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return b if a is None else a if b is None else min(a, b)


def words_to_lines(words: list[Word]) -> list[Line]:
    """Text lines of a page region from its words, wrapped labels of figure rows joined."""
    return _attach_wrapped_labels([_line_of(row) for row in _visual_rows(words) if row])
