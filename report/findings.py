"""Findings: the validator's (and guard's) records, with stable ids so a dismissal survives a re-run."""
from __future__ import annotations

import hashlib
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

Severity = Literal["error", "warning"]


class Finding(BaseModel):
    """One problem found in a report: rule key, severity, cells involved, expected/actual, Chinese message."""

    key: str  # rule key: O1, S1…S4, P1…P8
    severity: Severity
    cells: list[str] = Field(default_factory=list)
    expected: Optional[Any] = None
    actual: Optional[Any] = None
    message: str
    quote: str = ""  # the sentence of the report a text rule (P3, P7) is about
    id: str = ""

    def model_post_init(self, __context: Any) -> None:
        if not self.id:
            self.id = finding_id(self.key, self.cells, self.message if not self.cells else "")

    @property
    def is_error(self) -> bool:
        """True when the finding blocks export until fixed or acknowledged."""
        return self.severity == "error"

    @property
    def is_todo(self) -> bool:
        """True for a Table 三 row with only its 总计 filled (S2 with no split): work to finish, not a wrong figure."""
        from report.rules.tables import is_split_todo

        return is_split_todo(self.key, self.expected, self.actual)


def finding_id(key: str, cells: list[str], extra: str = "") -> str:
    """Stable id from the rule and the cells (not the values), so fixing a number keeps the id."""
    raw = key + "|" + ",".join(cells) + "|" + extra
    return f"{key}-{hashlib.sha1(raw.encode('utf-8')).hexdigest()[:10]}"
