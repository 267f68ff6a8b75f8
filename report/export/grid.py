"""The three official tables as printable grids: label, header and value cells with merge spans, from format.py."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from report import format as fmt


@dataclass(frozen=True)
class GridCell:
    """One printed cell anchored at (row, col); a value cell carries its cell key, every other cell its text."""

    row: int
    col: int
    role: str  # "caption" | "note" | "header" | "group" (a label over several rows) | "label" | "value"
    text: str = ""
    key: str = ""
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Grid:
    """A table as printed: nrows × ncols grid positions, each covered by exactly one anchored cell."""

    num: str  # section numeral: "二", "三" or "四"
    nrows: int
    ncols: int
    header_rows: int  # leading rows that repeat on every page (0: none)
    cells: tuple[GridCell, ...]  # row-major order of anchors


class _Builder:
    """Collects anchored cells row by row."""

    def __init__(self) -> None:
        self.cells: list[GridCell] = []
        self.row = 0

    def add(self, col: int, role: str, text: str = "", key: str = "", rowspan: int = 1, colspan: int = 1) -> None:
        self.cells.append(GridCell(self.row, col, role, text, key, rowspan, colspan))

    def grid(self, num: str, ncols: int, header_rows: int) -> Grid:
        """The finished grid; its height is the current row."""
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.col)))
        grid = Grid(num, self.row, ncols, header_rows, cells)
        _check_coverage(grid)
        return grid


def _check_coverage(grid: Grid) -> None:
    """Fail loudly when a layout leaves a grid position uncovered or covers it twice."""
    seen: set[tuple[int, int]] = set()
    for c in grid.cells:
        for pos in ((r, k) for r in range(c.row, c.row + c.rowspan) for k in range(c.col, c.col + c.colspan)):
            if pos in seen or not (0 <= pos[0] < grid.nrows and 0 <= pos[1] < grid.ncols):
                raise AssertionError(f"表{grid.num}布局错误：位置 {pos}")
            seen.add(pos)
    if len(seen) != grid.nrows * grid.ncols:
        raise AssertionError(f"表{grid.num}布局错误：有位置未被覆盖")


def _spread(b: _Builder, first: int, width: int, role: str, items: tuple[str, ...]) -> None:
    """Place items side by side over `width` columns from `first`, each spanning an equal share."""
    span = width // len(items)
    for i, item in enumerate(items):
        b.add(first + i * span, role, key=item if role == "value" else "", text="" if role == "value" else item,
              colspan=span)


@cache
def t2_grid() -> Grid:
    """Table 二: four blocks, each a caption row, a header row and its data rows (14 × 4)."""
    nvals = max(len(keys) for _, _, rows in fmt.T2_LAYOUT for _, keys in rows)
    b = _Builder()
    for caption, headers, rows in fmt.T2_LAYOUT:
        b.add(0, "caption", caption, colspan=1 + nvals)
        b.row += 1
        b.add(0, "header", headers[0])
        _spread(b, 1, nvals, "header", headers[1:])
        b.row += 1
        for label, keys in rows:
            b.add(0, "label", label)
            _spread(b, 1, nvals, "value", keys)
            b.row += 1
    return b.grid("二", 1 + nvals, 0)


_T3_LABEL_COLS = 3
_T3_HEADER_ROWS = 3
_T3_SUBGROUPS = frozenset(fmt.T3_GROUP_HEADERS.values())  # groups printed inside 三、本年度办理结果


def _t3_label_path(row: fmt.T3Row) -> tuple[str, ...]:
    """Labels of a Table 三 row from the outermost column in: (label,), (三…, label) or (三…, group, label)."""
    if not row.group:
        return (row.label,)
    if row.group in _T3_SUBGROUPS:
        return (fmt.T3_RESULTS_LABEL, row.group, row.label)
    return (row.group, row.label)


def _t3_header(b: _Builder) -> None:
    """The 3 header rows: note cell, 申请人情况 over 自然人 | 法人或其他组织 (5 kinds) | 总计."""
    first, last = fmt.T3_COLUMNS[0], fmt.T3_COLUMNS[-1]
    legal = fmt.T3_COLUMNS[1:-1]  # the official table has no 法人或其他组织 subtotal column
    v0 = _T3_LABEL_COLS
    b.add(0, "note", fmt.T3_NOTE, rowspan=_T3_HEADER_ROWS, colspan=_T3_LABEL_COLS)
    b.add(v0, "header", fmt.T3_APPLICANT_HEADER, colspan=fmt.T3_NCOLS)
    b.row += 1
    b.add(v0, "header", first, rowspan=2)
    b.add(v0 + 1, "header", fmt.T3_LEGAL_PERSON_HEADER, colspan=len(legal))
    b.add(v0 + fmt.T3_NCOLS - 1, "header", last, rowspan=2)
    b.row += 1
    _spread(b, v0 + 1, len(legal), "header", legal)
    b.row += 1


def _t3_labels(b: _Builder, paths: list[tuple[str, ...]], i: int) -> None:
    """Labels of data row i: the last label spans the remaining label columns; runs of equal parents merge."""
    path = paths[i]
    for depth, label in enumerate(path):
        last = depth == len(path) - 1
        if not last and i > 0 and paths[i - 1][:depth + 1] == path[:depth + 1]:
            continue  # covered by the merged parent cell above
        rowspan = 1
        while not last and i + rowspan < len(paths) and paths[i + rowspan][:depth + 1] == path[:depth + 1]:
            rowspan += 1
        if last:
            b.add(depth, "label", label, colspan=_T3_LABEL_COLS - depth)
        else:
            b.add(depth, "group", label, rowspan=rowspan)


@cache
def t3_grid() -> Grid:
    """Table 三: 3 header rows + 25 data rows × (3 label + 7 value) columns, merged as in the official form."""
    b = _Builder()
    _t3_header(b)
    paths = [_t3_label_path(r) for r in fmt.T3_ROWS]
    for i, row in enumerate(fmt.T3_ROW_KEYS):
        _t3_labels(b, paths, i)
        keys = tuple(fmt.t3_key(row, c) for c in range(1, fmt.T3_NCOLS + 1))
        _spread(b, _T3_LABEL_COLS, fmt.T3_NCOLS, "value", keys)
        b.row += 1
    return b.grid("三", _T3_LABEL_COLS + fmt.T3_NCOLS, _T3_HEADER_ROWS)


@cache
def t4_grid() -> Grid:
    """Table 四: 行政复议 (5) | 行政诉讼 (未经复议直接起诉 5, 复议后起诉 5) over 3 header rows, then one value row."""
    n = len(fmt.T4_RESULTS)
    review, litigation = fmt.T4_TOP_HEADERS
    b = _Builder()
    b.add(0, "header", review, colspan=n)
    b.add(n, "header", litigation, colspan=fmt.T4_NCOLS - n)
    b.row += 1
    for i, result in enumerate(fmt.T4_RESULTS):  # 行政复议 has no middle header: its results span 2 rows
        b.add(i, "header", result, rowspan=2)
    _spread(b, n, fmt.T4_NCOLS - n, "header", fmt.T4_GROUPS[1:])
    b.row += 1
    for g in range(1, len(fmt.T4_GROUPS)):
        _spread(b, g * n, n, "header", fmt.T4_RESULTS)
    b.row += 1
    _spread(b, 0, fmt.T4_NCOLS, "value", tuple(fmt.t4_key(c) for c in range(1, fmt.T4_NCOLS + 1)))
    b.row += 1
    return b.grid("四", fmt.T4_NCOLS, 3)


def table_grids() -> dict[str, Grid]:
    """The grid of each table section, keyed by its numeral."""
    return {"二": t2_grid(), "三": t3_grid(), "四": t4_grid()}
