"""What one window typed into a suggestion that another window then accepted or rejected: kept and shown beside the
current text, to save as the section's text or discard — never dropped silently."""
from __future__ import annotations

from typing import Optional

import streamlit as st

from report.errors import NianbaoError
from report.store import Suggestion
from ui import state
from ui.render import md_escape

PREFIX = "keep_sug_text_"  # where state.kept_text_area keeps a suggestion's typed text
SEEN = "sug_sections"  # suggestion id → (draft id, section) of suggestions this window has shown


def _orphans(num: str, pending: Optional[Suggestion]) -> list[tuple[str, Suggestion, str]]:
    """(keep key, suggestion, typed text) of this section's suggestions resolved elsewhere with unsaved typing."""
    draft = state.draft()
    seen = st.session_state.setdefault(SEEN, {})
    if pending is not None:
        seen[pending.id] = (draft.id, num)
    out = []
    for key in [k for k in st.session_state if str(k).startswith(PREFIX)]:
        sid = int(str(key).removeprefix(PREFIX))
        if seen.get(sid) != (draft.id, num) or pending is not None and pending.id == sid:
            continue
        try:
            sug = state.store().get_suggestion(sid)
        except NianbaoError:
            continue
        typed = st.session_state[key]
        if sug.status == "pending" or typed in (sug.text, state.store().current_sections(draft.id).get(num, "")):
            st.session_state.pop(key, None)
            continue
        out.append((key, sug, typed))
    return out


def orphaned_edits(num: str, pending: Optional[Suggestion]) -> None:
    """Show this window's unsaved edits of a suggestion another window resolved, with save / discard."""
    for key, sug, typed in _orphans(num, pending):
        done = "采纳" if sug.status == "accepted" else "拒绝"
        st.warning(f"你在这里修改过的第{num}部分建议稿已在其他窗口被{done}，你的修改尚未保存，仍保留如下。"
                   "可以用它替换现稿（可先在框中合并），或放弃。")
        text = st.text_area("我改过的建议稿", typed, key=f"orphan_{sug.id}", height=200)
        a, b, _ = st.columns([1, 1, 2])
        if a.button("用这段文字替换现稿", key=f"orphan_save_{sug.id}", type="primary"):
            state.reload()
            if state.commit(lambda rev: state.store().add_version(state.draft().id, num, text, "edited", rev)):
                st.session_state.pop(key, None)
                state.flash("success", f"第{num}部分已保存（你改过的建议稿）。")
                st.rerun()
        if b.button("放弃我的修改", key=f"orphan_drop_{sug.id}"):
            st.session_state.pop(key, None)
            st.rerun()
        st.caption("现稿：" + md_escape(state.store().current_sections(state.draft().id).get(num, "")[:200]))


def forget(key: str) -> None:
    """Drop a kept text this window resolved itself (rejected suggestion)."""
    st.session_state.pop(f"keep_{key}", None)
