"""Table edits a stale tab could not save: after 重新载入 they are listed, to apply to the newest data or discard."""
from __future__ import annotations

import streamlit as st

from report import format as fmt
from report.errors import FactsError
from ui import state
from ui.grid import cell_place, set_cells, settle_totals
from ui.render import md_escape


def _typed(kept: dict, auto: bool) -> dict:
    """The kept cells the user typed (totals are computed again when they are automatic)."""
    return {k: v for k, v in kept.items() if not (auto and fmt.is_total_cell(k))}


def reapply() -> bool:
    """Apply the kept cells to the newest facts and save; True when saved."""
    d = state.draft()
    auto = bool(d.options.get("auto_totals", True))
    try:
        facts = set_cells(d.facts, _typed(st.session_state.get(state.refused_key(), {}), auto))
        facts = settle_totals(facts) if auto else facts
    except FactsError as e:
        state.flash("error", str(e))
        return False
    if state.save_facts(facts, "table"):
        st.session_state.pop(state.refused_key(), None)
        state.reset_editors()
        return True
    return False


def box() -> None:
    """Once the tab holds the newest draft: the table edits it could not save, with 重新应用 / 放弃."""
    kept = st.session_state.get(state.refused_key())
    if not kept or state.is_stale():
        return
    typed = _typed(kept, bool(state.draft().options.get("auto_totals", True)))
    if not typed:
        st.session_state.pop(state.refused_key(), None)
        return
    with st.container(border=True):
        listed = "；".join(f"{cell_place(k)}：{'（空）' if v is None else v}" for k, v in list(typed.items())[:12])
        st.info(md_escape(f"刚才有 {len(typed)} 处表格修改因草稿在其他窗口被修改而未保存：{listed}"
                          + ("等" if len(typed) > 12 else "") + "。可以在最新数据上重新应用，或放弃。"))
        a, b, _ = st.columns([1, 1, 3])
        if a.button("重新应用这些修改", key="refused_apply", type="primary") and reapply():
            state.flash("success", "已在最新数据上重新应用刚才的表格修改。")
            st.rerun()
        if b.button("放弃这些修改", key="refused_drop"):
            st.session_state.pop(state.refused_key(), None)
            st.rerun()
