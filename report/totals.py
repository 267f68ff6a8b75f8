"""Fill the total cells of Tables 三 and 四 that the user left null; never overwrite a typed total."""
from __future__ import annotations

from report import format as fmt
from report.facts import Cell, Facts


def _sum(values: list[Cell]) -> Cell:
    """Sum of cells, or None when any is unknown."""
    if any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def fill_totals(facts: Facts) -> tuple[Facts, list[str]]:
    """Return a copy with null totals computed, and the keys of the cells that were filled."""
    out = facts.model_copy(deep=True)
    filled: list[str] = []
    t3 = out.t3
    for row in fmt.T3_ROW_KEYS:  # S2: c7 = c1…c6 (r24 handled after its columns are known)
        if row == fmt.T3_TOTAL_ROW:
            continue
        if t3[row][6] is None and (total := _sum(t3[row][:6])) is not None:
            t3[row][6] = total
            filled.append(fmt.t3_key(row, 7))
    for col in range(fmt.T3_NCOLS):  # S1: r24 = r3…r23
        if t3[fmt.T3_TOTAL_ROW][col] is None:
            total = _sum([t3[r][col] for r in fmt.T3_RESULT_ROWS])
            if total is not None:
                t3[fmt.T3_TOTAL_ROW][col] = total
                filled.append(fmt.t3_key(fmt.T3_TOTAL_ROW, col + 1))
    for c in fmt.T4_TOTAL_COLS:  # S3: each group total = its four parts
        if out.t4[c - 1] is None and (total := _sum(out.t4[c - 5:c - 1])) is not None:
            out.t4[c - 1] = total
            filled.append(fmt.t4_key(c))
    return out, filled
