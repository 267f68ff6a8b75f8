"""The one value drafting works from: this year's facts, validated, with last year's report merged in."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from report import format as fmt
from report.facts import Facts, Previous
from report.findings import Finding
from report.parsed import with_previous


@dataclass(frozen=True)
class LastYear:
    """Last year's report as drafting uses it: its tables (a facts file's `previous`) and its section texts."""

    tables: Optional[Previous] = None
    sections: dict[str, str] = field(default_factory=dict)  # 一…六 as found, only non-empty texts
    year: Optional[int] = None
    agency: Optional[str] = None
    source: str = ""  # where it was read from (a file name), shown beside what it supplied

    def section(self, num: str) -> str:
        """Last year's text of one section ("" when unknown)."""
        return self.sections.get(num, "").strip()

    def table(self, name: str) -> Any:
        """Last year's t2 / t3 / t4 in facts-file shape (None when not known)."""
        part = getattr(self.tables, name, None) if self.tables is not None else None
        return part.model_dump(mode="json") if name == "t2" and part is not None else part

    @property
    def label(self) -> str:
        """How a reviewer sees it named, e.g. "本机关2023年报告（qingxi-2023.txt）"."""
        year = f"{self.year}年" if self.year else "上年"
        return f"本机关{year}报告" + (f"（{Path(self.source).name}）" if self.source else "")


def last_year_of(previous: Any, merged: Optional[Previous] = None, year: Optional[int] = None) -> Optional[LastYear]:
    """The one last-year value from a parsed report, a LastYear, or the facts' own `previous` (None when nothing)."""
    if isinstance(previous, LastYear):
        return replace(previous, tables=merged if merged is not None else previous.tables)
    given = getattr(previous, "sections", None) or {}
    sections = {k: v for k, v in given.items() if isinstance(v, str) and v.strip()}
    if merged is not None and merged.sections:
        sections = {**{k: v for k, v in merged.sections.items() if v and v.strip()}, **sections}
    if previous is None and merged is None:
        return None
    return LastYear(tables=merged, sections=sections,
                    year=getattr(previous, "year", None) or (year - 1 if year else None),
                    agency=getattr(previous, "agency", None), source=str(getattr(previous, "source", "") or ""))


@dataclass(frozen=True)
class ThisYear:
    """This year's facts as the validator leaves them (totals filled), last year merged into `facts.previous`;
    built once where a drafting request enters (app, CLI) and passed down unchanged."""

    facts: Facts
    last_year: Optional[LastYear] = None
    findings: tuple[Finding, ...] = ()

    @property
    def year(self) -> int:
        """The report year."""
        return self.facts.year

    @property
    def agency(self) -> str:
        """The agency's name."""
        return self.facts.agency

    def notes(self, num: str) -> list[str]:
        """The staff's notes for one section."""
        return list(self.facts.notes.get(num, []))

    def open_errors(self, acknowledged: tuple[str, ...] = ()) -> list[Finding]:
        """The tables' open errors (O1, S1–S4) found when this value was built."""
        from report.textcheck import table_errors

        return table_errors(self.findings, acknowledged)


PreviousReport = Any  # last year's report as read (report.parsed.ParsedReport), or a LastYear, or None


def validated(facts: Facts | ThisYear, previous: PreviousReport = None) -> ThisYear:
    """The one way to make the drafting value: merge last year's report, then validate (a ThisYear comes back as is)."""
    if isinstance(facts, ThisYear):
        return facts
    from report.validator import validate

    merged = _merge_last_year(facts, previous) if isinstance(previous, LastYear) else with_previous(facts, previous)
    result = validate(merged)
    last = last_year_of(previous, result.facts.previous, facts.year)
    return ThisYear(result.facts, last, tuple(result.findings))


def _merge_last_year(facts: Facts, last: LastYear) -> Facts:
    """Facts with a LastYear's tables and texts where the facts give none (figures the user gave are kept)."""
    have = facts.previous or last.tables or Previous()
    sections = {k: v for k, v in last.sections.items() if k in fmt.NARRATIVE_SECTIONS}
    if have.sections is None and sections:
        have = have.model_copy(update={"sections": sections})
    if have == Previous():
        return facts
    return facts.model_copy(update={"previous": have})
