"""The validator: fill the totals left blank, then run every rule; typed totals are checked, never overwritten."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from report import format as fmt
from report.facts import Facts
from report.findings import Finding
from report.rules.base import all_cells, count
from report.rules.registry import RULES
from report.totals import fill_totals


@dataclass
class Validation:
    """Result of validate(): the facts with totals filled, the keys filled, and the findings."""

    facts: Facts
    filled: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """Findings of severity error (they block export)."""
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        """Findings of severity warning."""
        return [f for f in self.findings if not f.is_error]

    @property
    def has_errors(self) -> bool:
        """True when at least one error was found."""
        return any(f.is_error for f in self.findings)

    def to_json_dict(self) -> dict[str, Any]:
        """The `nianbao validate --json` object: facts with totals filled, and the findings."""
        return {"facts": self.facts.model_dump(mode="json"),
                "findings": [f.model_dump(mode="json") for f in self.findings]}


def _set_cell(facts: Facts, key: str, value: Any) -> None:
    ref = fmt.cell_ref(key)
    if ref.table == "t3":
        facts.t3[ref.row][ref.index] = value
    else:
        facts.t4[ref.index] = value


def _fill(facts: Facts) -> tuple[Facts, list[str]]:
    """fill_totals, with invalid cells (negative, not integers) treated as unknown so no total is built on them."""
    bad = {key: value for key, value in all_cells(facts)
           if not key.startswith("t2.") and value is not None and count(value) is None}
    if not bad:
        return fill_totals(facts)
    work = facts.model_copy(deep=True)
    for key in bad:
        _set_cell(work, key, None)
    filled, keys = fill_totals(work)
    for key, value in bad.items():
        _set_cell(filled, key, value)
    return filled, keys


def validate(facts: Facts, *, fill: bool = True, skip: Iterable[str] = ()) -> Validation:
    """Fill the blank totals (unless fill=False, for published reports) and run every rule not in skip."""
    checked, filled = _fill(facts) if fill else (facts.model_copy(deep=True), [])
    skipped = set(skip)
    findings = [f for rule in RULES if rule.key not in skipped for f in rule.run(checked, published=not fill)]
    return Validation(facts=checked, filled=filled, findings=findings)
