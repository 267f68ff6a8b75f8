"""Pair each report with the same agency's report of the year before (全称 or 简称, via report.agency), and gather
the agency's reports of other years (its series) for the figures' median."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from report.agency import normalize_agency, same_agency


@dataclass(frozen=True)
class Meta:
    """What pairing needs of a report: agency, year, whether it is to be checked (else only a candidate), and the
    figures its series is judged on (report.compare.SERIES_CELLS)."""

    agency: Optional[str]
    year: Optional[int]
    checked: bool = True
    figures: dict[str, int] = field(default_factory=dict, compare=False, hash=False)


Years = dict[int, dict[str, list[int]]]  # year → normalised name → indices


def _years(metas: list[Meta]) -> Years:
    years: Years = {}
    for i, m in enumerate(metas):
        if m.agency and m.year:
            years.setdefault(m.year, {}).setdefault(normalize_agency(m.agency), []).append(i)
    return years


def _in_year(metas: list[Meta], m: Meta, names: dict[str, list[int]]) -> Optional[int]:
    """The report of m's agency among one year's names, when exactly one agency matches; a report among those
    checked is preferred to one only given as a candidate, then the first given."""
    found = names.get(normalize_agency(m.agency or "")) or [
        j for name in same_agency(m.agency, names) for j in names[name]]
    return min(found, key=lambda j: (not metas[j].checked, j)) if found else None


def pair_previous(metas: list[Meta]) -> dict[int, int]:
    """For each checked report, the index of last year's report of its agency, when exactly one agency matches;
    a report among those checked is preferred to one only given as last year's, then the first given."""
    years = _years(metas)
    out: dict[int, int] = {}
    for i, m in enumerate(metas):
        if not (m.checked and m.agency and m.year) or m.year - 1 not in years:
            continue
        j = _in_year(metas, m, years[m.year - 1])
        if j is not None:
            out[i] = j
    return out


def agency_series(metas: list[Meta]) -> dict[int, dict[int, int]]:
    """For each checked report, its agency's reports of the other years (year → index), before and after."""
    years = _years(metas)
    out: dict[int, dict[int, int]] = {}
    for i, m in enumerate(metas):
        if not (m.checked and m.agency and m.year):
            continue
        found = {y: j for y in sorted(years) if y != m.year and (j := _in_year(metas, m, years[y])) is not None}
        if found:
            out[i] = found
    return out
