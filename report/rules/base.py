"""What a rule's check returns before the registry stamps its key and severity on it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


@dataclass(frozen=True)
class Issue:
    """One problem a check found: cells involved, Chinese message, expected/actual, and a tag for a stable id."""

    cells: tuple[str, ...]
    message: str
    expected: Optional[Any] = None
    actual: Optional[Any] = None
    tag: str = ""  # tells apart issues of one rule on the same cells (e.g. the paraphrase and its occurrence)


def count(value: Any) -> Optional[int]:
    """The value of a count cell when it is a usable non-negative integer, else None (S4 reports it)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def total(values: list[Any]) -> Optional[int]:
    """Sum of count cells, or None when any is unknown or invalid."""
    known = [count(v) for v in values]
    return None if None in known else sum(known)  # type: ignore[arg-type]
