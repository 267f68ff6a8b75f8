"""What a rule's check returns before the registry stamps its key and severity on it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Optional

from report import format as fmt
from report.facts import Facts


@dataclass(frozen=True)
class Issue:
    """One problem a check found: cells involved, Chinese message, expected/actual, and a tag for a stable id."""

    cells: tuple[str, ...]
    message: str
    expected: Optional[Any] = None
    actual: Optional[Any] = None
    tag: str = ""  # tells apart issues of one rule on the same cells (e.g. the paraphrase and its occurrence)
    quote: str = ""  # the sentence of the text a text rule is about


def count(value: Any) -> Optional[int]:
    """The value of a count cell when it is a usable non-negative integer, else None (S4 reports it)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def total(values: list[Any]) -> Optional[int]:
    """Sum of count cells, or None when any is unknown or invalid."""
    known = [count(v) for v in values]
    return None if None in known else sum(known)  # type: ignore[arg-type]


def all_cells(facts: Facts) -> Iterator[tuple[str, Any]]:
    """(key, value) of every cell, in the order of fmt.ALL_CELL_KEYS (faster than facts.cell per key)."""
    for cell in fmt.T2_CELLS:
        yield cell.key, facts.t2.get(cell.key)
    for row in fmt.T3_ROW_KEYS:
        for col, value in enumerate(facts.t3[row], start=1):
            yield fmt.t3_key(row, col), value
    for col, value in enumerate(facts.t4, start=1):
        yield fmt.t4_key(col), value
