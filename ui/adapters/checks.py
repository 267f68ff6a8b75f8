"""The validator and the text checks as the app uses them: findings, open table errors, flags of a current text."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from report.facts import Facts
from report.findings import Finding
from report.parsed import ParsedReport
from ui.adapters.cache import Lru, facts_hash

_CHECKS = Lru(64)
_NUMBERS = Lru(64)


@dataclass
class Checked:
    """The validator's result as the app uses it: filled facts, filled keys, findings."""

    facts: Facts
    filled: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def validate_facts(facts: Facts) -> Checked:
    """Run the validator (totals filled, findings)."""
    from report.validator import validate

    result = validate(facts)
    return Checked(result.facts, list(result.filled), list(result.findings))


def check(facts: Facts) -> Checked:
    """Validation of the facts, cached by content (reruns with unchanged facts cost nothing)."""
    return _CHECKS.get(facts_hash(facts), lambda: validate_facts(facts))


def number_findings(facts: Facts, previous: Optional[ParsedReport] = None) -> list[Finding]:
    """The section texts' numbers the guard cannot trace, as error findings (G1) that hold back the export."""
    from report.basis import validated
    from report.gate import number_findings as found

    sections = facts.sections or {}
    if not any(t.strip() for t in sections.values()):
        return []
    key = facts_hash(facts) + (previous.model_dump_json() if previous is not None else "")
    return _NUMBERS.get(key, lambda: found(sections, validated(facts, previous).facts))


def with_numbers(checked: Checked, facts: Facts, previous: Optional[ParsedReport] = None) -> Checked:
    """The validator's findings and the texts' untraced numbers together (what the review and the export gate count)."""
    return Checked(checked.facts, checked.filled, checked.findings + number_findings(facts, previous))


def open_errors(facts: Facts, acknowledged: Iterable[str]) -> list[Finding]:
    """The tables' errors (O1, S1–S4) the user has not acknowledged: drafting marks sentences that state them."""
    from report.textcheck import table_errors

    return table_errors(check(facts).findings, acknowledged)


def unfinished(sections: dict[str, str]) -> dict[str, list[str]]:
    """Sections whose text still holds a drafting mark (【需核实】 or ××), with the marks found."""
    from report.textcheck import unfinished_marks
    return unfinished_marks(sections)


def flag_dicts(flags: list) -> list[dict]:
    """Guard flags as plain dicts (raw, start, end, sentence, message)."""
    return [{"raw": str(getattr(f, "raw", "")), "start": int(getattr(f, "start", 0)), "end": int(getattr(f, "end", 0)),
             "sentence": str(getattr(f, "sentence", "")), "message": str(getattr(f, "message", ""))} for f in flags]


def text_flags(num: str, text: str, facts: Facts, previous: Optional[ParsedReport] = None) -> list[dict]:
    """The same checks a suggestion gets (guard, P3, P4/P5/P8), on a current text: number flags, then warnings."""
    from report.basis import validated
    from report.textcheck import check_text
    check = check_text(num, text, validated(facts, previous).facts, open_errors=[])  # the text as it stands, no marks
    return flag_dicts(check.flags) + [{"warning": True, "message": w} for w in check.warnings]
