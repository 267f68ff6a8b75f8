"""Split one normalised line into cells: labels, numbers, "not given" marks (blank, "/", "-") and unreadable cells."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Optional

from report.export.document import UNKNOWN
from report.parser.normalize import normalize

Kind = Literal["label", "num", "mark", "bad", "empty"]

_NUMBER = re.compile(r"^(-?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:件|个|条|项|宗|次|万元)?$")
BLANK_CELL = '""'  # the collected reports' way of writing a blank cell
_MARKS = frozenset({"/", "\\", "-", "--", "—", "——", "–", "－", BLANK_CELL, "无", "空", UNKNOWN})  # UNKNOWN: our export
_BAD = re.compile(r"^(?:[?*×xX#]+|…+|\.{2,})$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACES = re.compile(r" {2,}")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a line: its kind, its text and, for numbers, the value as written."""

    kind: Kind
    text: str
    number: Optional[Decimal] = None

    @property
    def is_value(self) -> bool:
        """True for a cell that occupies a number position (number, mark, unreadable)."""
        return self.kind in ("num", "mark", "bad")


def classify(text: str) -> Cell:
    """Kind of one stripped cell text."""
    if not text:
        return Cell("empty", "")
    if text in _MARKS:
        return Cell("mark", text)
    m = _NUMBER.match(text)
    if m:
        return Cell("num", text, Decimal(m.group(1) + m.group(2).replace(",", "") + (m.group(3) or "")))
    if _BAD.match(text):
        return Cell("bad", text)
    return Cell("label", text)


def _split_words(text: str) -> list[Cell]:
    """A cell like "四、结转下年度继续办理 0 0 0" → the label and the numbers that close it."""
    words = text.split()
    if len(words) < 2:
        return [classify(text)]
    cells = [classify(w) for w in words]
    end = len(cells)
    while end > 0 and cells[end - 1].is_value:
        end -= 1
    if end == len(cells):
        return [Cell("label", text)]
    head = [Cell("label", " ".join(words[:end]))] if end else []
    return head + cells[end:]


def split_fields(line: str) -> list[str]:
    """Raw fields of a line: by tab, else by "|", else by runs of two or more spaces."""
    if "\t" in line:
        return line.split("\t")
    if "|" in line:
        s = line.strip()
        if _MD_RULE.match(s):
            return []
        s = s[1:] if s.startswith("|") else s
        s = s[:-1] if s.endswith("|") else s
        return s.split("|")
    return _SPACES.split(line)


def tokenize(line: str) -> list[Cell]:
    """Cells of one normalised line, in order; empty fields are kept as "empty" cells."""
    cells: list[Cell] = []
    for field in split_fields(line):
        field = field.strip()
        if " " in field:
            cells.extend(_split_words(field))
        else:
            cells.append(classify(field))
    return cells


def mark_blank_cells(cells: list[Optional[str]]) -> list[str]:
    """Cell texts of an HTML/Word table row (None: under a merged cell); a blank figure is written '""' in place."""
    # an empty cell after the row's last label is a blank figure when the row holds figures or only blanks follow it
    texts = [c or "" for c in cells]
    kinds = [classify(normalize(c).strip()).kind for c in texts]
    last_label = max((i for i, k in enumerate(kinds) if k == "label"), default=-1)
    after = [k for i, k in enumerate(kinds) if i > last_label and cells[i] is not None]
    if "num" not in kinds and not (last_label >= 0 and after and all(k == "empty" for k in after)):
        return texts
    return [BLANK_CELL if i > last_label and k == "empty" and cells[i] is not None else c
            for i, (c, k) in enumerate(zip(texts, kinds))]


def has_cjk(text: str) -> bool:
    """True when the text contains a Chinese character."""
    return bool(_CJK.search(text))
