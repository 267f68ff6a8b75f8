"""Running headers and footers of a PDF: a short line repeated at the same height at the top or foot of pages."""
from __future__ import annotations

import re
from collections import Counter

from report.parser.pdf_layout import Line

EDGE_LINES = 2  # lines at the top and at the foot of a page that may be a running header or footer
SAME_PLACE = 4.0  # points
MAX_RUNNING_CHARS = 40
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^[-—–－_~\s]*(?:第\s*)?\d{1,3}(?:\s*页)?[-—–－_~\s]*$")  # "- 3 -" as OCR reads it: "-3", "-\t3\t-"

Page = tuple[list[Line], bool]


def _key(line: Line) -> tuple[str, int]:
    return _DIGITS.sub("#", line.text.replace(" ", "")), round(line.top / SAME_PLACE)


def _edges(lines: list[Line]) -> list[Line]:
    return [*lines[:EDGE_LINES], *lines[-EDGE_LINES:]] if len(lines) > 2 * EDGE_LINES else list(lines)


def _running(line: Line) -> bool:
    return "\t" not in line.text and len(line.text) <= MAX_RUNNING_CHARS


def drop_running_lines(pages: list[Page]) -> list[Page]:
    """The pages without the lines that repeat at the same place at the edge of two or more pages."""
    seen = Counter(k for lines, _ in pages for k in {_key(x) for x in _edges(lines) if _running(x)})
    repeated = {k for k, n in seen.items() if n >= 2}
    out = []
    for lines, by_ocr in pages:
        edge = {id(x) for x in _edges(lines)}
        out.append(([x for x in lines if not (id(x) in edge and (_page_number(x) or _running(x) and _key(x) in repeated))],
                    by_ocr))
    return out


def _page_number(line: Line) -> bool:
    return bool(_PAGE_NUMBER.match("".join(line.cells)))
