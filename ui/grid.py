"""Table editors as data: which cell key sits at each row and column of each editor, and applying edits to facts."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from report import format as fmt
from report.facts import Facts, facts_from_dict

LABEL = "项目"
GROUP = "分类"
MARK = "提示"


@dataclass(frozen=True)
class Grid:
    """One editor: row labels, value columns (name, official label) and the cell key of each value cell."""

    name: str
    caption: str
    columns: tuple[tuple[str, str], ...]  # (df column name, official label)
    rows: tuple[tuple[str, str], ...]  # (group label, row label)
    keys: tuple[tuple[str, ...], ...]  # keys[row][col]
    decimal: bool = False

    def key_at(self, row: int, column: str) -> Optional[str]:
        """Cell key at a row position and df column name, or None for a label column."""
        names = [c for c, _ in self.columns]
        if column not in names or not 0 <= row < len(self.keys):
            return None
        return self.keys[row][names.index(column)]

    @property
    def all_keys(self) -> set[str]:
        """Every cell key of this editor."""
        return {k for row in self.keys for k in row}


def _t2_grids() -> tuple[Grid, ...]:
    """One editor per block of Table 二, with the official captions and headers."""
    grids = []
    for i, (caption, header, rows) in enumerate(fmt.T2_LAYOUT):
        cols = tuple((f"v{j}", label) for j, label in enumerate(header[1:], start=1))
        decimal = any(fmt.T2_CELL_BY_KEY[k].decimal for _, keys in rows for k in keys)
        grids.append(Grid(f"t2_{i}", caption, cols, tuple(("", label) for label, _ in rows),
                          tuple(tuple(keys) for _, keys in rows), decimal))
    return tuple(grids)


T2_GRIDS: tuple[Grid, ...] = _t2_grids()
T3_GRID = Grid(
    "t3", fmt.T3_NOTE, tuple((f"c{i}", label) for i, label in enumerate(fmt.T3_COLUMNS, start=1)),
    tuple((r.group, r.label) for r in fmt.T3_ROWS),
    tuple(tuple(fmt.t3_key(r.key, c) for c in range(1, fmt.T3_NCOLS + 1)) for r in fmt.T3_ROWS))
T4_GRID = Grid(
    "t4", "政府信息公开行政复议、行政诉讼情况",
    tuple((f"c{i}", label) for i, label in enumerate(
        (f"{g}·{r}" for g in fmt.T4_GROUPS for r in fmt.T4_RESULTS), start=1)),
    (("", "件数"),), (tuple(fmt.t4_key(c) for c in range(1, fmt.T4_NCOLS + 1)),))


def to_value(raw: Any, decimal: bool) -> Any:
    """An editor value as a facts value: int, Decimal text for the fee, None for an empty cell."""
    if raw is None or (isinstance(raw, float) and raw != raw):
        return None
    if hasattr(raw, "item"):  # numpy scalars
        raw = raw.item()
    if decimal:
        try:
            return format(Decimal(str(round(float(raw), fmt.FEE_MAX_DECIMALS))).normalize(), "f")
        except (InvalidOperation, ValueError, TypeError):
            return str(raw)
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


def same(a: Any, b: Any) -> bool:
    """Equal as numbers (None equals only None)."""
    if a is None or b is None:
        return a is None and b is None
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return a == b


def set_cells(facts: Facts, values: dict[str, Any]) -> Facts:
    """New Facts with the given cells set (validated again; FactsError names a bad cell)."""
    data = facts.model_dump(mode="json")
    for key, value in values.items():
        parts = key.split(".")
        if parts[0] == "t2":
            target = data["t2"]
            for p in parts[1:-1]:
                target = target[p]
            target[parts[-1]] = value
        elif parts[0] == "t3":
            data["t3"][parts[1]][int(parts[2][1:]) - 1] = value
        elif parts[0] == "t4":
            data["t4"][int(parts[1][1:]) - 1] = value
    return facts_from_dict(data)


def total_keys() -> list[str]:
    """Every total cell (c7, r24, Table 四 totals)."""
    return [k for k in fmt.ALL_CELL_KEYS if fmt.is_total_cell(k)]


def clear_totals(facts: Facts) -> Facts:
    """Facts with every total cell set to None (so they are computed)."""
    return set_cells(facts, {k: None for k in total_keys()})


def edits_to_cells(grid: Grid, edited_rows: dict) -> dict[str, Any]:
    """Cell values from a data_editor edit state {row: {column: value}}."""
    out: dict[str, Any] = {}
    for row, changes in (edited_rows or {}).items():
        for column, raw in (changes or {}).items():
            key = grid.key_at(int(row), str(column))
            if key is not None:
                out[key] = to_value(raw, grid.decimal)
    return out


def settle_totals(facts: Facts) -> Facts:
    """Facts where every typed total that equals its computed value is cleared (so it is computed again)."""
    from report.totals import fill_totals

    computed, _ = fill_totals(clear_totals(facts))
    clear = {k: None for k in total_keys() if facts.cell(k) is not None and same(facts.cell(k), computed.cell(k))}
    return set_cells(facts, clear) if clear else facts


def cell_name(key: str) -> str:
    """Chinese name of a cell key or of a pseudo key (section.六 → 第六部分正文, notes.一 → 第一部分要点)."""
    kind, _, rest = key.partition(".")
    if kind == "section" and rest in fmt.SECTION_BY_NUM:
        return f"第{rest}部分正文"
    if kind == "notes" and rest in fmt.SECTION_BY_NUM:
        return f"第{rest}部分要点"
    return fmt.cell_label(key)
