"""Table editors as data: which cell key sits at each row and column of each editor, and applying edits to facts."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from report import format as fmt
from report.facts import COUNT_MAX, FEE_MAX_WAN, Facts, facts_from_dict

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
T4_GRID = Grid(  # as printed: one row per kind of case, the results as columns
    "t4", "政府信息公开行政复议、行政诉讼情况", tuple((f"c{i}", r) for i, r in enumerate(fmt.T4_RESULTS, start=1)),
    tuple(("", g if i == 0 else f"行政诉讼·{g}") for i, g in enumerate(fmt.T4_GROUPS)),
    tuple(tuple(fmt.t4_key(g * len(fmt.T4_RESULTS) + r) for r in range(1, len(fmt.T4_RESULTS) + 1))
          for g in range(len(fmt.T4_GROUPS))))


# Short row labels of the Table 三 editor (the official label shows on hover in the check view and in messages).
T3_SHORT_LABELS: dict[str, str] = {
    "r1": "一、本年新收", "r2": "二、上年结转", "r3": "（一）予以公开", "r4": "（二）部分公开",
    "r5": "（三）1.国家秘密", "r6": "（三）2.法律法规禁止", "r7": "（三）3.三安全一稳定", "r8": "（三）4.第三方权益",
    "r9": "（三）5.内部事务", "r10": "（三）6.过程性信息", "r11": "（三）7.执法案卷", "r12": "（三）8.行政查询",
    "r13": "（四）1.不掌握", "r14": "（四）2.需另行制作", "r15": "（四）3.补正后不明确", "r16": "（五）1.信访举报投诉",
    "r17": "（五）2.重复申请", "r18": "（五）3.公开出版物", "r19": "（五）4.大量反复申请", "r20": "（五）5.确认或重新出具",
    "r21": "（六）1.逾期不补正", "r22": "（六）2.逾期未缴费", "r23": "（六）3.其他", "r24": "（七）总计",
    "r25": "四、结转下年度",
}
T3_SHORT_COLUMNS: dict[str, str] = {"商业企业": "企业", "科研机构": "科研", "社会公益组织": "公益", "法律服务机构": "法律"}


def row_labels(grid: Grid) -> list[tuple[str, str]]:
    """The (shown, full) label of each row of an editor: short for Table 三, the official label otherwise."""
    if grid.name != "t3":
        return [(label, f"{group}{label}") for group, label in grid.rows]
    return [(T3_SHORT_LABELS[r.key], r.full_label) for r in fmt.T3_ROWS]

_WIDE = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
_UNITS = ("万元", "件", "个", "项", "起", "次")


@dataclass(frozen=True)
class BadInput:
    """What was typed into a cell that is not a valid figure, and why (Chinese)."""

    raw: str
    reason: str


def parse_input(raw: Any, decimal: bool) -> Any:
    """A typed cell value as a facts value (int, fee as Decimal text, None when empty); ValueError gives the reason."""
    if raw is None or (isinstance(raw, float) and raw != raw):
        return None
    if hasattr(raw, "item"):  # numpy scalars
        raw = raw.item()
    if isinstance(raw, bool):
        raise ValueError("不是数字")
    text = str(raw).strip().translate(_WIDE).replace(",", "").replace("，", "")
    for unit in _UNITS:
        text = text.removesuffix(unit).strip()
    if not text or text.lower() in ("nan", "<na>"):  # pandas' marks for an empty cell
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("不是数字，请只填写阿拉伯数字") from None
    if not number.is_finite():
        raise ValueError("不是数字，请只填写阿拉伯数字")
    if number < 0:
        raise ValueError("不能为负数")
    if number > (limit := FEE_MAX_WAN if decimal else COUNT_MAX):
        raise ValueError(f"数字过大，超过合理上限 {limit:,}")
    if decimal:
        return format(number.quantize(Decimal(1).scaleb(-fmt.FEE_MAX_DECIMALS)).normalize(), "f")
    if number != number.to_integral_value():
        raise ValueError("应为整数，不能是小数")
    return int(number)


def to_value(raw: Any, decimal: bool) -> Any:
    """An editor value as a facts value, or BadInput (with the Chinese reason) when it is not a valid figure."""
    try:
        return parse_input(raw, decimal)
    except ValueError as e:
        return BadInput(str(raw).strip(), str(e))


def shown(value: Any) -> str:
    """A facts value as editor text ("" for an unknown figure)."""
    return "" if value is None else str(value)


def same(a: Any, b: Any) -> bool:
    """Equal as numbers (None equals only None)."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, BadInput) or isinstance(b, BadInput):
        return False
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except (InvalidOperation, ValueError):
        return a == b


def set_cells(facts: Facts, values: dict[str, Any]) -> Facts:
    """New Facts with the given cells set (validated again; FactsError names a bad cell)."""
    data = facts.model_dump(mode="json")
    for key, value in values.items():
        fmt.cell_ref(key).set_in(data, value)
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
    """Chinese name of a cell key (its full label) or of a pseudo key."""
    return fmt.pseudo_cell_name(key) or fmt.cell_label(key)


def cell_place(key: str) -> str:
    """Where a cell is, as checkers say it ("表三 第(四)1行 总计"), or the name of a pseudo key."""
    return fmt.pseudo_cell_name(key) or fmt.cell_position(key)


def flagged_columns(grid: Grid, row: int, flagged: set[str]) -> list[str]:
    """The official column labels of the flagged cells in one row of an editor."""
    return [label for (_, label), key in zip(grid.columns, grid.keys[row]) if key in flagged]
