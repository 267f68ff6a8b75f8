"""Pair each report with the same agency's report of the year before (全称 or 简称, via report.agency)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from report.agency import normalize_agency, same_agency


@dataclass(frozen=True)
class Meta:
    """What pairing needs of a report: agency, year, and whether it is to be checked (else only a candidate)."""

    agency: Optional[str]
    year: Optional[int]
    checked: bool = True


def pair_previous(metas: list[Meta]) -> dict[int, int]:
    """For each checked report, the index of last year's report of its agency, when exactly one agency matches;
    a report among those checked is preferred to one only given as last year's, then the first given."""
    years: dict[int, dict[str, list[int]]] = {}  # year → normalised name → indices
    for i, m in enumerate(metas):
        if m.agency and m.year:
            years.setdefault(m.year, {}).setdefault(normalize_agency(m.agency), []).append(i)
    out: dict[int, int] = {}
    for i, m in enumerate(metas):
        if not (m.checked and m.agency and m.year) or m.year - 1 not in years:
            continue
        names = years[m.year - 1]
        found = names.get(normalize_agency(m.agency)) or [
            j for name in same_agency(m.agency, names) for j in names[name]]
        if found:
            out[i] = min(found, key=lambda j: (not metas[j].checked, j))
    return out
