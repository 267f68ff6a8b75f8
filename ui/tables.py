"""数据表格: Table 二/三/四 editors with live totals, findings beside each table, pre-fill notes, notes per section."""
from __future__ import annotations

from typing import Any, Optional

import pandas as pd
import streamlit as st

from report import format as fmt
from report.errors import FactsError
from report.facts import Facts
from report.findings import Finding
from report.store import OCR_CHECK, Dismissal
from ui import files, state
from ui.adapters import Checked
from ui.grid import (GROUP, LABEL, MARK, T2_GRIDS, T3_GRID, T3_SHORT_COLUMNS, T4_GRID, BadInput, Grid, cell_name,
                     cell_place, clear_totals, row_labels,
                     edits_to_cells, flagged_columns, same, set_cells, settle_totals, shown, to_value)

NOTE_COLUMN = "要点"


def _auto() -> bool:
    """True when totals are computed (and not editable)."""
    return bool(state.draft().options.get("auto_totals", True))


def _editor_key(grid: Grid) -> str:
    """Widget key of a grid's editor (changes when editors are reset)."""
    return f"ed_{grid.name}_{state.draft().id}_{state.nonce()}"


PREFILLED = "上年预填"
FLAGGED = "有问题"
TO_CHECK = "需核对"  # pre-filled from figures OCR read off a scanned report, until the user confirms them


def _to_check() -> set[str]:
    """Cells of the open draft pre-filled from OCR'd figures and not yet confirmed."""
    return set(state.draft().options.get(OCR_CHECK, []))


def _frame(grid: Grid, shown_facts: Facts, flagged: set[str], prefilled: set[str],
           to_check: frozenset[str] = frozenset(), todo: Optional[dict[str, int]] = None) -> pd.DataFrame:
    """The editor's table: label columns, the values as text (totals as computed), and a hint column."""
    data: dict[str, Any] = {}
    if any(g for g, _ in grid.rows) and grid.name != "t3":  # Table 三's short labels carry their group's mark
        data[GROUP] = [g for g, _ in grid.rows]
    auto = _auto()
    data[LABEL] = [label + ("（自动计算）" if auto and keys and all(fmt.is_total_cell(k) for k in keys) else "")
                   for (label, _), keys in zip(row_labels(grid), grid.keys)]
    for j, (name, _) in enumerate(grid.columns):
        data[name] = pd.array([shown(shown_facts.cell(keys[j])) for keys in grid.keys], dtype="string")
    data[MARK] = [_todo_mark(grid, r, todo or {}) or _mark(grid, r, flagged, prefilled, to_check)
                  for r in range(len(grid.keys))]
    return pd.DataFrame(data)


def _todo_mark(grid: Grid, row: int, todo: dict[str, int]) -> str:
    """请把 10 件按申请人分列: the hint of a row whose 总计 is told and its split not yet."""
    told = next((todo[k] for k in grid.keys[row] if k in todo), None)
    return f"请把 {told} 件按申请人分列" if told else ""


def _mark(grid: Grid, row: int, flagged: set[str], prefilled: set[str], to_check: frozenset[str] = frozenset()) -> str:
    """The hint of one row: the columns a finding names ("有问题：总计"), else 需核对 (OCR'd), else 上年预填."""
    if columns := flagged_columns(grid, row, flagged):
        return f"{FLAGGED}：" + "、".join(columns)
    if columns := flagged_columns(grid, row, set(to_check)):
        return f"{TO_CHECK}：" + "、".join(columns)
    return PREFILLED if prefilled & set(grid.keys[row]) else ""


def _config(grid: Grid, auto: bool) -> dict[str, Any]:
    """Column labels (official, short for Table 三 with the full one on hover), widths that keep every column of a
    wide table in view at 1280 px (提示 included), and which are editable."""
    wide = len(grid.columns) > 4
    t3 = grid.name == "t3"
    cfg: dict[str, Any] = {GROUP: st.column_config.TextColumn(GROUP, disabled=True, width=110, pinned=True),
                           LABEL: st.column_config.TextColumn(LABEL, disabled=True, width=160 if t3 else 210 if wide
                                                              else 220, pinned=True),
                           MARK: st.column_config.TextColumn(MARK, disabled=True, width=170 if t3 else 120)}
    for j, (name, label) in enumerate(grid.columns):
        total = all(fmt.is_total_cell(keys[j]) for keys in grid.keys)
        shown_label = T3_SHORT_COLUMNS.get(label, label) if t3 else label
        cfg[name] = st.column_config.TextColumn(
            shown_label + ("（自动）" if total and auto and not t3 else ""), disabled=total and auto, alignment="right",
            width=66 if t3 else 88 if wide else None, max_chars=20,
            help=f"{label}：" + ("万元，最多4位小数" if grid.decimal else "非负整数" + ("，合计自动计算" if auto else "")))
    return cfg


def _messages_key(grid: Grid) -> str:
    """Session key of the messages shown under a grid after an edit."""
    return f"grid_msgs_{grid.name}"


def _say(grid: Grid, kind: str, text: str) -> None:
    """Queue a message to show under the grid (and as a toast) on the next run."""
    st.session_state.setdefault(_messages_key(grid), []).append((kind, text))


def _bad_text(key: str, bad: BadInput, old: Any) -> str:
    """Chinese message for a rejected cell value: the cell, what was typed, why, and what stays."""
    typed = bad.raw or "（空）"
    return f"{cell_name(key)}：填写的“{typed}”{bad.reason}，未保存，仍为 {shown(old) or '空'}。"


def _apply(grid: Grid, cells: dict[str, Any]) -> None:
    """Save edited cells to the draft; say which cells were refused and why (totals are ignored while computed)."""
    draft = state.draft()
    auto = _auto()
    for key, value in cells.items():
        if isinstance(value, BadInput):
            _say(grid, "error", _bad_text(key, value, draft.facts.cell(key)))
    ignored = [k for k, v in cells.items() if auto and fmt.is_total_cell(k) and not isinstance(v, BadInput)]
    if ignored:
        _say(grid, "info", "合计为自动计算，不能直接修改（可在上方关闭“自动计算合计”）。")
    refused = len(ignored) + sum(isinstance(v, BadInput) for v in cells.values())
    cells = {k: v for k, v in cells.items()
             if k not in ignored and not isinstance(v, BadInput) and not same(draft.facts.cell(k), v)}
    if refused:
        state.reset_editors()
    if not cells:
        return
    try:
        facts = set_cells(draft.facts, cells)
        facts = settle_totals(facts) if auto else facts
    except FactsError as e:
        _say(grid, "error", str(e))
        state.reset_editors()
        return
    if not state.save_facts(facts, "table"):
        state.reset_editors()


def _on_edit(grid: Grid, key: str) -> None:
    """Editor callback: save the edits before the page is drawn, so totals update in the same run."""
    edit = st.session_state.get(key) or {}
    _apply(grid, edits_to_cells(grid, edit.get("edited_rows", {})))


def _show_messages(grid: Grid) -> None:
    """The messages of the last edit of this grid, right under it (and a short toast when something was refused)."""
    messages = st.session_state.pop(_messages_key(grid), [])
    for kind, text in messages:
        getattr(st, kind)(_plain(text))
    if any(kind == "error" for kind, _ in messages):
        st.toast("有填写的数值未保存，原因见表格下方。", icon=":material/error:")


def _editor(grid: Grid, shown_facts: Facts, flagged: set[str], todo: Optional[dict[str, int]] = None) -> None:
    """One table editor; edits are saved at once; refused values are explained under it."""
    key = _editor_key(grid)
    frame = _frame(grid, shown_facts, flagged, set(state.draft().provenance), frozenset(_to_check()), todo)
    out = st.data_editor(frame, key=key, hide_index=True, num_rows="fixed", column_config=_config(grid, _auto()),
                         on_change=_on_edit, args=(grid, key), width="stretch", height=35 * (len(grid.rows) + 1) + 3)
    _show_messages(grid)
    changed = {}
    for j, (name, _) in enumerate(grid.columns):  # edits that arrived without the callback (scripted sessions)
        for r, (new, old) in enumerate(zip(out[name].tolist(), frame[name].tolist())):
            if new is not old and not same(to_value(new, grid.decimal), to_value(old, grid.decimal)):
                changed[grid.keys[r][j]] = to_value(new, grid.decimal)
    if changed:
        _apply(grid, changed)
        st.rerun()


def _findings_box(findings: list[Finding], keys: set[str], dismissals: dict[str, Dismissal]) -> set[str]:
    """Findings about these cells, with the cells named; return the flagged cell keys."""
    mine = [f for f in findings if set(f.cells) & keys]
    flagged: set[str] = set()
    if not mine:
        st.success("本表未发现问题。")
        return flagged
    for f in mine:
        d = dismissals.get(f.id)
        cells = "、".join(cell_place(c) for c in f.cells[:6]) + ("等" if len(f.cells) > 6 else "")
        todo = f.is_todo
        kind = "待办" if todo else "错误" if f.is_error else "提醒"
        text = f"**{kind}（{f.key}）**：{_plain(f.message)}  \n涉及：{_plain(cells)}"
        if d:
            st.caption(f"已{'确认' if d.acknowledged else '忽略'}：{_plain(f.message)}（理由：{_plain(d.reason)}）")
            continue
        flagged |= set(f.cells)
        (st.info if todo else st.error if f.is_error else st.warning)(text)
    return flagged


def _split_todos(findings: list[Finding], dismissals: dict[str, Dismissal]) -> dict[str, int]:
    """The 总计 cells told without their applicant split (S2 to-dos), with the count to split."""
    return {f.cells[0]: int(f.actual) for f in findings
            if f.is_todo and f.id not in dismissals and f.cells}


def _plain(text: str) -> str:
    """Escape text for Markdown."""
    from ui.render import md_escape
    return md_escape(str(text))


def _toggle_auto() -> None:
    """Switch computed totals on or off (on: totals cleared and computed; off: computed values kept, editable)."""
    draft = state.draft()
    auto = st.session_state.get(f"auto_{draft.id}", True)
    from ui.adapters import check
    facts = clear_totals(draft.facts) if auto else check(draft.facts).facts
    if state.set_option(auto_totals=auto):
        state.save_facts(facts, "totals_mode")
    state.reset_editors()


def _cells_text(keys: list[str]) -> str:
    """Cell names, one row once: 表三 二、上年结转……（自然人、商业企业…）."""
    rows: dict[str, list[str]] = {}
    for key in keys:
        row, _, column = cell_name(key).rpartition("·")
        rows.setdefault(row or column, []).append(column if row else "")
    return "；".join(row + (f"（{'、'.join(c for c in cols if c)}）" if any(cols) else "") for row, cols in rows.items())


def _provenance(draft_provenance: dict[str, str]) -> None:
    """Where pre-filled values came from, one line per source (marked 上年预填 in the tables)."""
    if not draft_provenance:
        return
    by_source: dict[str, list[str]] = {}
    for key in sorted(draft_provenance, key=lambda k: fmt.ALL_CELL_KEYS.index(k) if k in fmt.ALL_CELL_KEYS else 0):
        by_source.setdefault(draft_provenance[key], []).append(key)
    with st.expander(f"预填说明（{len(draft_provenance)} 个单元格来自上年数据，表中“提示”列标为“{PREFILLED}”）",
                     expanded=True):
        for source, keys in by_source.items():
            st.markdown(f"- {_plain(_cells_text(keys))}：来自{_plain(source)}")
        _ocr_confirm()


def _ocr_confirm() -> None:
    """The OCR'd pre-filled cells still 需核对, and the button that confirms them once checked against the original."""
    keys = [k for k in fmt.ALL_CELL_KEYS if k in _to_check()]
    if not keys:
        return
    st.warning(f"{len(keys)} 个单元格（{_plain(_cells_text(keys))}）的上年数字来自扫描件的文字识别，"
               f"表中“提示”列标为“{TO_CHECK}”。请对照原件核对后确认。")
    if st.button("已对照原件核对，确认这些数字", key="ocr_confirm"):
        if state.commit(lambda rev: state.store().confirm_ocr(state.draft().id, rev, keys)):
            state.draft().options[OCR_CHECK] = []
            state.reset_editors()
            st.rerun()


def _table(title: str, grids: tuple[Grid, ...], shown_facts: Facts, checked: Checked,
           dismissals: dict[str, Dismissal], side: bool = True) -> None:
    """A table section: editors, and its findings beside them (above a wide table, so they stay next to it)."""
    st.subheader(title)
    keys = set().union(*(g.all_keys for g in grids))
    mine = [f for f in checked.findings if set(f.cells) & keys and f.id not in dismissals]
    if side:
        main, notes = st.columns([3, 1])
    else:
        notes = st.container(height=170 if len(mine) > 2 else "content", border=False)
        main = st.container()
    with notes:
        st.caption("校验结果")
        flagged = _findings_box(checked.findings, keys, dismissals)
    todo = _split_todos(checked.findings, dismissals)
    with main:
        for grid in grids:
            if len(grids) > 1:
                st.caption(grid.caption)
            _editor(grid, shown_facts, flagged, todo)
            if not side:
                _check_view(grid, shown_facts, mine, todo)


CHECK_BAD, CHECK_TODO = "background-color: #ffd6d6; color: #8a0000", "background-color: #fff0b3"
OFFICIAL = "官方行名"
WHY = "原因"


def check_view_frame(grid: Grid, shown_facts: Facts, findings: list[Finding],
                     todo: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The check view of a wide table: values with short labels, the reasons and the official row label; and the
    style of each cell (a finding: red, a to-do: yellow)."""
    why: dict[str, list[str]] = {}
    for f in findings:
        for key in f.cells:
            why.setdefault(key, []).append(f"{f.key} {f.message}")
    labels = row_labels(grid)
    data: dict[str, list] = {LABEL: [short for short, _ in labels]}
    styles: dict[str, list] = {LABEL: [""] * len(labels)}
    for j, (_, label) in enumerate(grid.columns):
        name = T3_SHORT_COLUMNS.get(label, label)
        data[name] = [shown(shown_facts.cell(keys[j])) for keys in grid.keys]
        styles[name] = [CHECK_TODO if keys[j] in todo else CHECK_BAD if keys[j] in why else "" for keys in grid.keys]
    data[WHY] = ["；".join(dict.fromkeys(m for k in keys for m in why.get(k, []))) for keys in grid.keys]
    data[OFFICIAL] = [full for _, full in labels]
    styles[WHY] = styles[OFFICIAL] = [""] * len(labels)
    return pd.DataFrame(data), pd.DataFrame(styles)


def _check_view(grid: Grid, shown_facts: Facts, findings: list[Finding], todo: dict[str, int]) -> None:
    """A read-only view of a wide table where each cell with a finding (or to-do) is marked on the cell itself."""
    frame, styles = check_view_frame(grid, shown_facts, findings, todo)
    marked = sum(1 for column in styles.columns for v in styles[column] if v)
    with st.expander(f"核对视图：有问题的单元格标在格子上（{marked} 个；红色为错误，黄色为待分列），右侧为原因和官方行名",
                     expanded=bool(marked)):
        with st.container(key=f"checkview_{grid.name}"):
            st.dataframe(frame.style.apply(lambda _: styles, axis=None), hide_index=True, width="stretch",
                         height=35 * (len(frame) + 1) + 3,
                         column_config={LABEL: st.column_config.TextColumn(LABEL, pinned=True),
                                        WHY: st.column_config.TextColumn(WHY, width="large"),
                                        OFFICIAL: st.column_config.TextColumn(OFFICIAL, width="large")})


def _notes_editor(num: str) -> None:
    """Editable list of notes (要点) for one section."""
    draft = state.draft()
    notes = list(draft.facts.notes.get(num, []))
    key = f"notes_{num}_{draft.id}_{state.nonce()}"
    frame = pd.DataFrame({NOTE_COLUMN: notes}, dtype="string")
    out = st.data_editor(frame, key=key, num_rows="dynamic", hide_index=True, width="stretch",
                         column_config={NOTE_COLUMN: st.column_config.TextColumn(
                             f"第{num}部分要点", width="large")})
    new = [str(v).strip() for v in out[NOTE_COLUMN].tolist() if v is not None and not pd.isna(v) and str(v).strip()]
    if new != notes:
        all_notes = {**draft.facts.notes, num: new}
        if not new:
            all_notes.pop(num)
        facts = draft.facts.model_copy(update={"notes": all_notes}, deep=True)
        if state.save_facts(facts, "notes"):
            st.rerun()


def render(checked: Checked, dismissals: dict[str, Dismissal]) -> None:
    """The whole 数据表格 tab."""
    draft = state.draft()
    values = checked.facts
    st.toggle("自动计算合计（合计单元格不可编辑）", value=_auto(), key=f"auto_{draft.id}", on_change=_toggle_auto,
              help="关闭后可手工填写合计，校验会检查合计是否正确。")
    _provenance(draft.provenance)
    _table(fmt.SECTION_BY_NUM["二"].heading, T2_GRIDS, values, checked, dismissals)
    _table(fmt.SECTION_BY_NUM["三"].heading, (T3_GRID,), values, checked, dismissals, side=False)
    _table(fmt.SECTION_BY_NUM["四"].heading, (T4_GRID,), values, checked, dismissals)
    st.subheader("各部分要点")
    st.caption("起草时依据这些要点写文字。每行一条，可增删。")
    cols = st.columns(len(fmt.NARRATIVE_SECTIONS))
    for col, num in zip(cols, fmt.NARRATIVE_SECTIONS):
        with col:
            _notes_editor(num)
    with st.expander("第二、三、四部分的补充说明（可选）"):
        for num in ("二", "三", "四"):
            _notes_editor(num)
    st.divider()
    files.render()
