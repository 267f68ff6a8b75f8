"""Find and read Tables 二, 三 and 四 in the tokenised lines, whatever the layout, without inventing a number."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from report import format as fmt
from report.parser.fit import Fit, Values, count_value, fee_value, fit_row, unique_reading
from report.parser.normalize import canon, core, label_core, segments
from report.parser.rows import Row, build_rows
from report.parser.tokens import Cell

# ---------------------------------------------------------------- label vocabulary, all from report/format.py

_T2_ROWS: dict[str, tuple[str, ...]] = {label_core(label): keys for _, _, rows in fmt.T2_LAYOUT for label, keys in rows}
_T2_ROWS.update({label_core(k): _T2_ROWS[label_core(v)] for k, v in fmt.T2_LABEL_SYNONYMS.items()
                 if label_core(v) in _T2_ROWS})
_T3_CORES: dict[str, str] = {}
for _row in fmt.T3_ROWS:
    for _label in (_row.label, *_row.synonyms):
        if _row.key not in (fmt.T3_TOTAL_ROW, "r23"):
            _T3_CORES.setdefault(label_core(_label), _row.key)
_T3_STARTS = tuple((seg[0], core(seg[1]), r.key) for r in fmt.T3_ROWS if r.key != "r23"
                   for seg in (segments(canon(label))[-1] for label in (r.label, *r.synonyms)))
_UNCLOSED = re.compile(r"\([^()]*$")
MIN_CUT_LABEL = 2  # characters after a shared numbering ("1.") of a label cut short by a line break
MIN_T2_CUT = 3  # characters of a Table 二 label cut short by a line break in its cell ("行政规范性")
MAX_LABEL_PIECES = 6  # label cells joined to find a row whose label wraps over several lines
_TOTAL_CORE = label_core(fmt.T3_ROW_BY_KEY[fmt.T3_TOTAL_ROW].label)  # 总计
_TOTAL_MARKERS = {segments(canon(fmt.T3_ROW_BY_KEY[fmt.T3_TOTAL_ROW].label))[-1][0], "七、"}
_OTHER_SEG = segments(canon(fmt.T3_ROW_BY_KEY["r23"].label))[-1]  # ("3.", "其他")
_GROUPS: dict[str, str] = {}  # "(三)不予公开" → official group header
for _g in (*fmt.T3_GROUP_HEADERS.values(), *fmt.T3_GROUP_SYNONYMS):
    _GROUPS["".join(segments(canon(_g))[-1])] = fmt.T3_GROUP_SYNONYMS.get(_g, _g)
_OTHER_GROUP = "".join(segments(canon(fmt.T3_2019_OTHER_ROW))[-1])
_T4_GROUP_CORES = {label_core(g): i for i, g in enumerate(fmt.T4_GROUPS)}

_T2_ANCHORS = tuple(canon(s) for s in (fmt.T2_BLOCK_1, fmt.T2_BLOCK_5, fmt.T2_DOC_COLUMNS[0], *fmt.T2_2019_MARKERS))
_T2_2019 = tuple(canon(s) for s in fmt.T2_2019_MARKERS)
_T2_2021 = tuple(canon(s) for s in (*fmt.T2_DOC_COLUMNS, fmt.T2_FEE_COLUMN[:6]))  # …, "本年收费金额"
_T3_NOTE = canon(fmt.T3_NOTE)[1:10]  # "本列数据的勾稽关系"
_T3_ROW_ANCHORS = frozenset({*(label_core(fmt.T3_ROW_BY_KEY[k].label) for k in ("r1", "r2", "r25")),
                             *(label_core(s) for s in fmt.T3_ROW_BY_KEY["r25"].synonyms),
                             label_core(fmt.T3_RESULTS_LABEL)})
_T4_ANCHORS = tuple(canon(s) for s in (fmt.T4_GROUPS[1], fmt.T4_GROUPS[2], fmt.T4_RESULTS[0], fmt.T4_RESULTS[3]))

T2Dict = dict[str, Any]
T3Dict = dict[str, Values]


@dataclass
class Tables:
    """What was read: the three tables in facts-file shape (None when absent), the format and notes."""

    t2: Optional[T2Dict] = None
    t3: Optional[T3Dict] = None
    t4: Optional[Values] = None
    format: Optional[str] = None
    notes: list[str] = field(default_factory=list)
    found_any: bool = False
    starts: list[int] = field(default_factory=list)  # first line of each table found
    blank: list[str] = field(default_factory=list)  # cells printed blank or as "/" "-" (a defect of the report)
    sources: dict[str, Cell] = field(default_factory=dict)  # cell key → the cell its value was read from


@dataclass
class _Problems:
    """Cells that could not be read, by reason, for one table."""

    blank: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def add(self, key: str, reason: str) -> None:
        if reason:
            getattr(self, reason).append(key)


# ---------------------------------------------------------------- zones


@dataclass
class _Zones:
    t2: tuple[int, int] = (0, 0)
    t3: tuple[int, int] = (0, 0)
    t4: tuple[int, int] = (0, 0)
    has_t2: bool = False
    has_t3: bool = False
    has_t4: bool = False


def _first(canons: list[str], anchors: tuple[str, ...], start: int = 0) -> Optional[int]:
    for i in range(start, len(canons)):
        line = canons[i]
        if any(a in line for a in anchors):
            return i
    return None


def _t3_row_anchor(cells: list[list[Cell]], start: int) -> Optional[int]:
    """First line whose leading label is 申请人情况 or a top-level row of Table 三 (一、本年新收… and so on)."""
    for i in range(start, len(cells)):
        first = next((c for c in cells[i] if c.kind != "empty"), None)
        if first is not None and first.kind == "label" and label_core(first.text) in _T3_ROW_ANCHORS:
            return i
        if any(c.kind == "label" and canon(c.text) == fmt.T3_APPLICANT_HEADER for c in cells[i]):
            return i
    return None


def _zones(canons: list[str], cells: list[list[Cell]], headings: dict[str, int]) -> _Zones:
    """Line ranges of the three tables: from their own captions when present, else from the section headings."""
    end = len(canons)
    z = _Zones()
    a2 = _first(canons, _T2_ANCHORS)
    if a2 is None:
        a2 = headings.get("二")
    start3 = a2 if a2 is not None else 0
    found3 = [i for i in (_first(canons, (_T3_NOTE,), start3), _t3_row_anchor(cells, start3)) if i is not None]
    a3 = min(found3) if found3 else headings.get("三")
    if a3 is not None and a2 is not None and a3 < a2:
        a3 = None
    start4 = a3 if a3 is not None else (a2 if a2 is not None else 0)
    a4 = _first(canons, _T4_ANCHORS, start4 + 1) if a3 is not None else None
    h4 = headings.get("四")
    if a4 is None and h4 is not None and h4 >= start4:
        a4 = h4

    def next_heading(after: int, nums: str) -> int:
        return min([i for n, i in headings.items() if n in nums and i > after] + [end])

    if a2 is not None:
        z.has_t2, z.t2 = True, (a2, min(x for x in (a3, a4, next_heading(a2, "三四五六")) if x is not None))
    if a3 is not None:
        z.has_t3, z.t3 = True, (a3, min(x for x in (a4, next_heading(a3, "四五六")) if x is not None))
    if a4 is not None:
        z.has_t4, z.t4 = True, (a4, next_heading(a4, "五六"))
    return z


def _in(row: Row, zone: tuple[int, int]) -> bool:
    return zone[0] <= row.line < zone[1]


# ---------------------------------------------------------------- label matching


def _match_t2(labels: list[str]) -> Optional[tuple[str, ...]]:
    for k in (1, 2):
        if len(labels) >= k:
            keys = _T2_ROWS.get(label_core("".join(labels[-k:])))
            if keys:
                return keys
    if labels and len(cut := label_core(labels[-1])) >= MIN_T2_CUT:  # "行政规范性" wrapped before "文件"
        found = {keys for label, keys in _T2_ROWS.items() if label.startswith(cut)}
        if len(found) == 1:
            return found.pop()
    return None


def _match_t3(labels: list[str], prev: Optional[str]) -> Optional[str]:
    """Row key (r1…r25), "r23_2019" for the 2019 single （六） row, "group" for a subtotal row, or None."""
    for k in range(1, min(MAX_LABEL_PIECES, len(labels)) + 1):
        segs = segments(canon("".join(labels[-k:])))
        if not segs:
            continue
        marker, text = segs[-1]
        c = core(text)
        if c in _T3_CORES:
            return _T3_CORES[c]
        if c == _TOTAL_CORE and (marker in _TOTAL_MARKERS or prev in ("r21", "r22", "r23")):
            return fmt.T3_TOTAL_ROW
        if c == _OTHER_SEG[1] and (marker == _OTHER_SEG[0] or (not marker and prev in ("r21", "r22"))):
            return "r23"
        group = _GROUPS.get(marker + c)
        if group:
            return "r23_2019" if group == _GROUPS[_OTHER_GROUP] else "group"
        if (key := _cut_label(marker, c)) is not None:
            return key
    return None


def _cut_label(marker: str, c: str) -> Optional[str]:
    """The row of a label a PDF dump wrapped in its cell ("（二）部分公开（区", "1.申请人无正当理由逾"), if one fits."""
    c = _UNCLOSED.sub("", c)
    if c in _T3_CORES:
        return _T3_CORES[c]
    numbered = {key for mk, _, key in _T3_STARTS if mk == marker}
    if not marker or (len(c) < MIN_CUT_LABEL and len(numbered) != 1):  # "(七)总" is enough, "1.属" is not
        return None
    keys = {key for mk, full, key in _T3_STARTS if mk == marker and full.startswith(c)}
    return keys.pop() if len(keys) == 1 else None


def _next_in_group(labels: list[str], prev: Optional[str]) -> Optional[str]:
    """The sub-row after `prev` in its group when this label carries that sub-row's number ("2.其他法律行政止公开")."""
    if prev is None or not labels or prev not in fmt.T3_ROW_BY_KEY:
        return None
    segs = segments(canon(labels[-1]))
    index = fmt.T3_ROW_KEYS.index(prev) + 1
    if not segs or index >= len(fmt.T3_ROW_KEYS):
        return None
    marker, text = segs[-1]
    after, before = fmt.T3_ROW_BY_KEY[fmt.T3_ROW_KEYS[index]], fmt.T3_ROW_BY_KEY[prev]
    expected = segments(canon(after.label))[-1][0]
    if not (marker and marker == expected and after.group and after.group == before.group and len(text) >= MIN_CUT_LABEL):
        return None
    return after.key


# ---------------------------------------------------------------- notes


def _keys_text(keys: list[str], limit: int = 6) -> str:
    shown = "、".join(fmt.cell_label(k) for k in keys[:limit])
    return shown + (f" 等 {len(keys)} 个" if len(keys) > limit else "")


def _problem_notes(name: str, p: _Problems) -> list[str]:
    notes = []
    if p.blank:
        notes.append(f"{name}有 {len(p.blank)} 个单元格空白或为“/”“-”（未填写，不当作 0）：{_keys_text(p.blank)}")
    if p.unreadable:
        notes.append(f"{name}有 {len(p.unreadable)} 个单元格无法识别：{_keys_text(p.unreadable)}")
    if p.invalid:
        notes.append(f"{name}有 {len(p.invalid)} 个单元格不是有效数值（负数或小数）：{_keys_text(p.invalid)}")
    return notes


def _describe_fit(where: str, f: Fit) -> str:
    if f.count < f.n:
        return f"{where}只有 {f.count} 个数值（应为 {f.n} 个），未读取该行"
    return f"{where}有 {f.count} 个数值（应为 {f.n} 个），无法唯一确定，未读取该行"


# ---------------------------------------------------------------- Table 二


def _read_t2(rows: list[Row], notes: list[str], blank: list[str],
             sources: dict[str, Cell]) -> Optional[T2Dict]:
    values: dict[str, Any] = {}
    problems = _Problems()
    for row in rows:
        keys = _match_t2(row.labels)
        if not keys or keys[0] in values:
            continue
        f = fit_row(row, len(keys))
        cells = f.cells
        if cells is None and len({tuple(c.text for c in r) for r in f.readings}) == 1:
            cells = f.readings[0]
            notes.append(f"表二“{fmt.T2_CELL_BY_KEY[keys[0]].row}”行有 {f.count} 个数值（应为 {f.n} 个），"
                         f"各种读法结果相同，已读取")
        if cells is None:
            notes.append(_describe_fit(f"表二“{fmt.T2_CELL_BY_KEY[keys[0]].row}”行", f))
            for key in keys:
                values[key] = None
            continue
        for key, cell in zip(keys, cells):
            value, why = fee_value(cell) if fmt.T2_CELL_BY_KEY[key].decimal else count_value(cell)
            values[key] = value
            sources[key] = cell
            problems.add(key, why)
    if not values:
        return None
    missing = [c.key for c in fmt.T2_CELLS if c.key not in values]
    if missing:
        notes.append(f"表二缺少 {len(missing)} 个单元格（未读取）：{_keys_text(missing)}")
    notes.extend(_problem_notes("表二", problems))
    blank.extend(problems.blank)
    t2: T2Dict = {}
    for cell in fmt.T2_CELLS:
        path = fmt.cell_ref(cell.key).path
        if len(path) == 2:
            t2.setdefault(path[0], {})[path[1]] = values.get(cell.key)
        else:
            t2[path[0]] = values.get(cell.key)
    return t2


# ---------------------------------------------------------------- Table 三


def _t3_consistent(t3: dict[str, Values], key: str, cand: Values) -> bool:
    """Do the identities that involve this row hold (where every cell they need is known)?"""
    rows = {**t3, key: cand}

    def known(*vals: Optional[int]) -> bool:
        return all(v is not None for v in vals)

    if known(*cand) and cand[6] != sum(cand[:6]):  # S2
        return False
    for col in range(fmt.T3_NCOLS):
        get = [rows.get(r, [None] * 7)[col] for r in fmt.T3_ROW_KEYS]
        by = dict(zip(fmt.T3_ROW_KEYS, get))
        if key in (*fmt.T3_RESULT_ROWS, fmt.T3_TOTAL_ROW):  # S1
            parts = [by[r] for r in fmt.T3_RESULT_ROWS]
            if known(*parts, by["r24"]) and sum(parts) != by["r24"]:  # type: ignore[arg-type]
                return False
        if key in ("r1", "r2", "r24", "r25") and known(by["r1"], by["r2"], by["r24"], by["r25"]):  # O1
            if by["r1"] + by["r2"] != by["r24"] + by["r25"]:  # type: ignore[operator]
                return False
    return True


def _read_t3(rows: list[Row], notes: list[str], blank: list[str],
             sources: dict[str, Cell]) -> tuple[Optional[T3Dict], Optional[bool]]:
    """Table 三 and whether its （六） group is the 2019 single row (None when that part was not read)."""
    fits: dict[str, tuple[Fit, str]] = {}
    prev: Optional[str] = None
    old_rows = 0
    for row in rows:
        key = _match_t3(row.labels, prev)
        if key is None and (key := _next_in_group(row.labels, prev)) is not None:
            notes.append(f"表三“{row.label}”行的名称与格式不符，按所在分组和序号读作"
                         f"“{fmt.T3_ROW_BY_KEY[key].full_label}”")
        if key == "group":
            notes.append(f"表三“{row.label}”行带有数值（小计行），未读取")
            continue
        if key is None:
            continue
        old_rows += key == "r23_2019"
        real = "r23" if key == "r23_2019" else key
        if real in fits:
            notes.append(f"表三“{fmt.T3_ROW_BY_KEY[real].full_label}”行重复出现，只读取第一次")
            continue
        fits[real] = (fit_row(row, fmt.T3_NCOLS), key)
        prev = real
    if fits.get("r23", (None, ""))[1] == "r23_2019" and (old_rows > 1 or {"r21", "r22"} & fits.keys()):
        del fits["r23"]  # a 2021 table whose （六） group label sits beside a sub-row's figures: not the 2019 row
        notes.append(f"表三“{fmt.T3_2019_OTHER_ROW}”旁的数值无法确定属于哪一行（不是2019年格式的单行），未读取")
    if not fits:
        return None, None
    t3: dict[str, Values] = {}
    problems = _Problems()
    pending: dict[str, Fit] = {}
    for key, (f, _) in fits.items():
        if f.cells is not None:
            t3[key] = []
            for col, cell in enumerate(f.cells, start=1):
                value, why = count_value(cell)
                t3[key].append(value)
                problems.add(fmt.t3_key(key, col), why)
                sources[fmt.t3_key(key, col)] = cell
        elif f.readings:
            pending[key] = f
        else:
            notes.append(_describe_fit(f"表三“{fmt.T3_ROW_BY_KEY[key].full_label}”行", f))
    _resolve(pending, t3, notes, sources)
    kinds = {kind for _, kind in fits.values()}
    old_other = True if "r23_2019" in kinds else (False if kinds & {"r21", "r22", "r23"} else None)
    if old_other:
        for key in ("r21", "r22"):
            t3.setdefault(key, [0] * fmt.T3_NCOLS)
        notes.append("表三为2019年格式：单行“（六）其他处理”记入“3.其他”，“1.申请人无正当理由逾期不补正…”"
                     "和“2.申请人逾期未按收费通知要求缴纳费用…”两行记为 0")
    missing = [k for k in fmt.T3_ROW_KEYS if k not in t3]
    if missing:
        notes.append(f"表三有 {len(missing)} 行未读取（记为空）：{_ranges(missing)}")
    notes.extend(_problem_notes("表三", problems))
    blank.extend(problems.blank)
    return {k: t3.get(k, [None] * fmt.T3_NCOLS) for k in fmt.T3_ROW_KEYS}, old_other


def _resolve(pending: dict[str, Fit], t3: dict[str, Values], notes: list[str], sources: dict[str, Cell]) -> None:
    """Settle rows with surplus numbers, one at a time, by the identities; the rest stay unread."""
    progress = True
    while pending and progress:
        progress = False
        for key in list(pending):
            cells = unique_reading(pending[key].readings, lambda cand, k=key: _t3_consistent(t3, k, cand))
            if cells is not None:
                t3[key] = values = [count_value(c)[0] for c in cells]
                sources.update((fmt.t3_key(key, col), c) for col, c in enumerate(cells, start=1))
                f = pending.pop(key)
                notes.append(f"表三“{fmt.T3_ROW_BY_KEY[key].full_label}”行有 {f.count} 个数值（应为 7 个），"
                             f"只有一种读法符合表内勾稽关系，已按此读取：{values}")
                progress = True
    for key, f in pending.items():
        notes.append(_describe_fit(f"表三“{fmt.T3_ROW_BY_KEY[key].full_label}”行", f))


def _ranges(keys: list[str]) -> str:
    nums = [int(k[1:]) for k in keys]
    parts, start = [], nums[0]
    for a, b in zip(nums, nums[1:] + [None]):
        if b != a + 1:
            parts.append(f"r{start}" if start == a else f"r{start}–r{a}")
            start = b
    return "、".join(parts)


# ---------------------------------------------------------------- Table 四


def _t4_consistent(cand: Values) -> bool:
    for total in fmt.T4_TOTAL_COLS:
        group = cand[total - 5:total]
        if all(v is not None for v in group) and sum(group[:4]) != group[4]:  # type: ignore[arg-type]
            return False
    return True


def _t4_cells(rows: list[Row]) -> tuple[Optional[Fit], Optional[Row]]:
    """The data row of Table 四: one row of (about) 15 values, or three labelled rows of 5."""
    for row in rows:
        if len(row.values) >= fmt.T4_NCOLS or (row.bare and len(row.same_line or ()) == fmt.T4_NCOLS):
            return fit_row(row, fmt.T4_NCOLS, leading_blanks=True), row
    groups: dict[int, list[Cell]] = {}
    for row in rows:
        i = _T4_GROUP_CORES.get(label_core(row.label))
        f = fit_row(row, 5)
        if i is not None and f.cells is not None:
            groups.setdefault(i, f.cells)
    if len(groups) == len(fmt.T4_GROUPS):
        return Fit(fmt.T4_NCOLS, fmt.T4_NCOLS, cells=[c for i in sorted(groups) for c in groups[i]]), None
    longest = max(rows, key=lambda r: len(r.values), default=None)
    if longest is not None and len(longest.values) >= 5:
        return fit_row(longest, fmt.T4_NCOLS), longest
    return None, None


def _read_t4(rows: list[Row], notes: list[str], blank: list[str],
             sources: dict[str, Cell]) -> Optional[Values]:
    f, _ = _t4_cells(rows)
    if f is None:
        return None
    problems = _Problems()
    cells = f.cells if f.cells is not None else unique_reading(f.readings, _t4_consistent) if f.readings else None
    if f.cells is not None:
        t4: Values = []
        for col, cell in enumerate(f.cells, start=1):
            value, why = count_value(cell)
            t4.append(value)
            problems.add(fmt.t4_key(col), why)
    elif cells is not None:
        t4 = values = [count_value(c)[0] for c in cells]
        notes.append(f"表四有 {f.count} 个数值（应为 15 个），只有一种读法符合表内勾稽关系，已按此读取：{values}")
    else:
        notes.append(_describe_fit("表四数据行", f))
        return [None] * fmt.T4_NCOLS
    sources.update((fmt.t4_key(col), c) for col, c in enumerate(cells, start=1))
    notes.extend(_problem_notes("表四", problems))
    blank.extend(problems.blank)
    return t4


# ---------------------------------------------------------------- all tables


def _format(canons: list[str], zone: tuple[int, int], old_other: Optional[bool]) -> Optional[str]:
    lines = canons[zone[0]:zone[1]]
    if any(m in line for line in lines for m in _T2_2019):
        return fmt.FORMAT_2019
    if any(m in line for line in lines for m in _T2_2021):
        return fmt.FORMAT_2021
    if old_other is not None:
        return fmt.FORMAT_2019 if old_other else fmt.FORMAT_2021
    return None


def read_tables(cells: list[list[Cell]], canons: list[str], headings: dict[str, int]) -> Tables:
    """Read the three tables from tokenised lines (canons: the lines in canonical form)."""
    rows = build_rows(cells)
    z = _zones(canons, cells, headings)
    out = Tables()
    notes = out.notes
    t3, old_other = (_read_t3([r for r in rows if _in(r, z.t3)], notes, out.blank, out.sources) if z.has_t3
                     else (None, None))
    out.format = _format(canons, z.t2, old_other) if z.has_t2 else (
        None if old_other is None else (fmt.FORMAT_2019 if old_other else fmt.FORMAT_2021))
    if z.has_t2 and out.format == fmt.FORMAT_2019:
        notes.append("表二为2019年格式（本年新制作数量/对外公开总数量等栏目），与2021年格式不可对应，未读取")
    elif z.has_t2:
        out.t2 = _read_t2([r for r in rows if _in(r, z.t2)], notes, out.blank, out.sources)
    out.t3 = t3
    out.t4 = _read_t4([r for r in rows if _in(r, z.t4)], notes, out.blank, out.sources) if z.has_t4 else None
    for name, present, table in (("表二", z.has_t2, out.t2), ("表三", z.has_t3, out.t3), ("表四", z.has_t4, out.t4)):
        if table is None and not (name == "表二" and out.format == fmt.FORMAT_2019):
            notes.append(f"{name}只有表头或说明，没有读到数据" if present else f"未找到{name}")
    out.found_any = any(t is not None for t in (out.t2, out.t3, out.t4)) or z.has_t2 or z.has_t3
    out.starts = [zone[0] for zone, present in ((z.t2, z.has_t2), (z.t3, z.has_t3), (z.t4, z.has_t4)) if present]
    return out
