"""Fit a row's value cells to a table's column count, and pick among readings with the table's own identities."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import Callable, Optional

from report.parser.rows import Row
from report.parser.tokens import Cell

MAX_EXTRA = 3  # at most this many surplus numbers are tried away (C(18,3) = 816 readings at worst)

Values = list[Optional[int]]


@dataclass
class Fit:
    """Result of fitting a row: exactly n cells, or several readings, or too few/too many values."""

    n: int
    count: int
    cells: Optional[list[Cell]] = None
    readings: list[list[Cell]] = field(default_factory=list)


def fit_row(row: Row, n: int, leading_blanks: bool = False) -> Fit:
    """Fit the row's values to n columns; blank fields inside the row are kept as blank cells."""
    fields = row.same_line  # a line of values only keeps its leading empty fields only in a table without label column
    if fields is not None and row.bare and not leading_blanks:
        fields = fields[next(j for j, c in enumerate(fields) if c.is_value):]
    if fields is not None and row.last_line == row.line and len(fields) == n \
            and all(c.kind != "label" for c in fields):
        return Fit(n, n, cells=list(fields))
    vals = list(row.values)
    if len(vals) <= n:
        return Fit(n, len(vals), cells=vals if len(vals) == n else None)
    while len(vals) > n and vals[-1].kind != "num":
        vals.pop()
    while len(vals) > n and vals[0].kind != "num":
        vals.pop(0)
    if len(vals) == n:
        return Fit(n, len(row.values), cells=vals)
    extra = len(vals) - n
    if extra > MAX_EXTRA:
        return Fit(n, len(row.values))
    readings = [[c for k, c in enumerate(vals) if k not in drop] for drop in combinations(range(len(vals)), extra)]
    return Fit(n, len(row.values), readings=readings)


def count_value(cell: Cell) -> tuple[Optional[int], str]:
    """The integer of a count cell, or None and why: "blank", "unreadable" or "invalid"."""
    if cell.kind == "num" and cell.number is not None:
        if cell.number >= 0 and cell.number == cell.number.to_integral_value():
            return int(cell.number), ""
        return None, "invalid"
    if cell.kind == "bad":
        return None, "unreadable"
    return None, "blank"


def fee_value(cell: Cell) -> tuple[Optional[str], str]:
    """The fee (万元) as written, without thousands separators, or None and why."""
    if cell.kind != "num" or cell.number is None:
        return None, "unreadable" if cell.kind == "bad" else "blank"
    amount: Decimal = cell.number
    if amount < 0:
        return None, "invalid"
    if -amount.as_tuple().exponent > 4:  # type: ignore[operator]
        amount = amount.normalize()  # 12.50000 is 12.5; 24252.311082 is read as printed and reported (S5)
    return format(amount, "f"), ""


def unique_reading(readings: list[list[Cell]], consistent: Callable[[Values], bool]) -> Optional[list[Cell]]:
    """The cells of the one distinct reading that satisfies the identities, or None when none or several do."""
    passing: list[Values] = []
    chosen: Optional[list[Cell]] = None
    for cells in readings:
        values = [count_value(c)[0] for c in cells]
        if values not in passing and consistent(values):
            passing.append(values)
            chosen = cells
            if len(passing) > 1:
                return None
    return chosen
