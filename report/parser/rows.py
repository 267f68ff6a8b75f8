"""Group the cells of consecutive lines into table rows: a run of labels followed by a run of values."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from report.parser.tokens import Cell

MAX_LABELS = 40  # label cells kept per row (enough for a Table 四 header)


@dataclass
class Row:
    """Labels (most recent last) and the value cells that follow them, possibly over several lines."""

    labels: list[str] = field(default_factory=list)
    values: list[Cell] = field(default_factory=list)
    line: int = -1  # line of the first value
    last_line: int = -1  # line of the last value
    same_line: Optional[list[Cell]] = None  # every field after the last label, or every field of a line of values only
    bare: bool = False  # same_line is a line of values only (its leading empty fields may be a label column)

    @property
    def label(self) -> str:
        """The last label cell (the row's own label in most layouts)."""
        return self.labels[-1] if self.labels else ""


def build_rows(lines: list[list[Cell]]) -> list[Row]:
    """Rows with at least one value, in document order."""
    rows: list[Row] = []
    row = Row()
    for i, cells in enumerate(lines):
        seen_value_here = False
        last_label_at = -1
        for j, cell in enumerate(cells):
            if cell.kind == "label":
                if row.values:
                    rows.append(_closed(row))
                    row = Row()
                row.labels.append(cell.text)
                if len(row.labels) > MAX_LABELS:
                    del row.labels[0]
                last_label_at = j
                seen_value_here = False
            elif cell.is_value:
                if not row.values:
                    row.line = i
                row.values.append(cell)
                row.last_line = i
                seen_value_here = True
            elif seen_value_here:  # an empty field between values on the same line is a blank cell
                row.values.append(cell)
        _closed(row)
        if row.values and row.line == i:
            row.bare = last_label_at < 0
            row.same_line = cells[last_label_at + 1:]
    if row.values:
        rows.append(row)
    return rows


def _closed(row: Row) -> Row:
    """Drop trailing empty fields (padding after the last value)."""
    while row.values and row.values[-1].kind == "empty":
        row.values.pop()
    return row
