"""Named figures of a report (收到、办结、结转、复议、诉讼…) derived from the tables, for narratives."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from report import format as fmt
from report.facts import Facts, Table2
from report.totals import fill_totals


@dataclass(frozen=True)
class Figure:
    """A figure that narratives paraphrase, with the words that name it."""

    name: str
    label: str  # Chinese, as a narrative would say it
    keywords: tuple[str, ...]  # phrases that name it in text
    unit: str = "件"


FIGURES: tuple[Figure, ...] = (
    Figure("received", "本年新收政府信息公开申请", ("新收", "收到", "接收", "受理")),
    Figure("carried_in", "上年结转政府信息公开申请", ("上年结转", "上一年度结转", "上年度结转")),
    Figure("handled", "办结政府信息公开申请", ("办结", "答复", "办理完毕", "已办理")),
    Figure("carried_out", "结转下年度继续办理", ("结转下年度", "结转下一年度", "结转至下年度", "结转至下一年度", "结转到下年")),
    *(Figure(f"group:{g}", g, (g,)) for g in fmt.T3_GROUPS),
    Figure("reconsideration", "行政复议", ("行政复议", "复议")),
    Figure("litigation", "行政诉讼", ("行政诉讼", "诉讼", "起诉")),
    Figure("licensing", "行政许可", ("行政许可", "许可")),
    Figure("penalty", "行政处罚", ("行政处罚", "处罚")),
    Figure("coercion", "行政强制", ("行政强制", "强制")),
    Figure("docs_made", "制发行政规范性文件", ("制发", "印发", "出台")),
    Figure("docs_repealed", "废止行政规范性文件", ("废止",)),
    Figure("docs_valid", "现行有效行政规范性文件", ("现行有效",)),
)


def _c7(facts: Facts, rows: tuple[str, ...]) -> Optional[int]:
    cells = [facts.t3[r][fmt.T3_TOTAL_COL - 1] for r in rows]
    return None if any(v is None for v in cells) else sum(cells)  # type: ignore[arg-type]


def figure_values(facts: Facts, *, filled: bool = False) -> dict[str, Optional[int]]:
    """Value of every named figure (None when a cell it needs is unknown); totals are filled first unless filled."""
    f = facts if filled else fill_totals(facts)[0]
    t4 = f.t4
    litigation = None if t4[9] is None or t4[14] is None else t4[9] + t4[14]
    values: dict[str, Optional[int]] = {
        "received": _c7(f, ("r1",)), "carried_in": _c7(f, ("r2",)), "handled": _c7(f, ("r24",)),
        "carried_out": _c7(f, ("r25",)), "reconsideration": t4[4], "litigation": litigation,
        "licensing": f.t2.licensing, "penalty": f.t2.penalty, "coercion": f.t2.coercion,
        "docs_made": f.t2.normative_docs.made, "docs_repealed": f.t2.normative_docs.repealed,
        "docs_valid": f.t2.normative_docs.valid,
    }
    values.update({f"group:{g}": _c7(f, rows) for g, rows in fmt.T3_GROUPS.items()})
    return values


def _c7_keys(rows: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fmt.t3_key(r, fmt.T3_TOTAL_COL) for r in rows)


# The cells each named figure is computed from (a figure is in doubt when one of them is).
FIGURE_CELLS: dict[str, tuple[str, ...]] = {
    "received": _c7_keys(("r1",)), "carried_in": _c7_keys(("r2",)), "handled": _c7_keys(("r24",)),
    "carried_out": _c7_keys(("r25",)), "reconsideration": (fmt.t4_key(5),),
    "litigation": (fmt.t4_key(10), fmt.t4_key(15)), "licensing": ("t2.licensing",), "penalty": ("t2.penalty",),
    "coercion": ("t2.coercion",), "docs_made": ("t2.normative_docs.made",),
    "docs_repealed": ("t2.normative_docs.repealed",), "docs_valid": ("t2.normative_docs.valid",),
    **{f"group:{g}": _c7_keys(rows) for g, rows in fmt.T3_GROUPS.items()},
}


def figures_of_cells(cells: set[str]) -> set[str]:
    """The named figures computed from any of these cells."""
    return {name for name, keys in FIGURE_CELLS.items() if cells.intersection(keys)}


def last_year_values(facts: Facts) -> dict[str, Optional[int]]:
    """Every named figure of last year's tables (facts.previous); {} when last year is not known."""
    prev = facts.previous
    if prev is None or (prev.t2 is None and prev.t3 is None and prev.t4 is None):
        return {}
    blank_t2 = Table2.model_validate({"regulations": dict.fromkeys(fmt.T2_DOC_FIELDS),
                                      "normative_docs": dict.fromkeys(fmt.T2_DOC_FIELDS),
                                      **dict.fromkeys((*fmt.T2_SINGLE_ROWS, "fees_wan"))})
    last = Facts(agency=facts.agency, year=facts.year - 1, level=facts.level, t2=prev.t2 or blank_t2,
                 t3=prev.t3 or {r: [None] * fmt.T3_NCOLS for r in fmt.T3_ROW_KEYS},
                 t4=prev.t4 or [None] * fmt.T4_NCOLS)
    return figure_values(last)
