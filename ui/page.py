"""The app: the drafting page (sidebar, then the four tabs 对话起草 / 数据表格 / 审阅 / 导出, only the open tab computed) and the 批量检查 page."""
from __future__ import annotations

from typing import Optional

import streamlit as st

from report import format as fmt
from report.facts import Facts
from report.store import Draft
from ui import adapters, batch, network, refused, sidebar, state
from ui.checklist import build_checklist
from ui.render import md_escape

TABS = ("对话起草", "数据表格", "审阅", "导出")
TAB_KEY = "tab"


def _welcome() -> None:
    """First visit: what the tool does and the form to create a draft."""
    st.title("年报助手")
    st.markdown("按国办公开办函〔2021〕30号格式起草政府信息公开工作年度报告：填数据、对话起草、审阅修改、导出 Word。"
                "先新建本年度的草稿：")
    sidebar.new_draft_form("main")


def full_facts() -> Facts:
    """The open draft's facts with the current section texts."""
    draft = state.draft()
    sections = state.store().current_sections(draft.id)
    return draft.facts.model_copy(update={"sections": sections or None})


def run() -> None:
    """Draw the whole app: the drafting page, or the 批量检查 page."""
    st.set_page_config(page_title="年报助手", page_icon="📄", layout="wide")
    if network.refuse_if_exposed():
        return
    pages = [st.Page(drafting, title="起草报告", icon=":material/edit_note:", default=True),
             st.Page(batch.PAGE, title="批量检查", icon=":material/fact_check:", url_path="batch")]
    st.navigation(pages, position="top").run()


def drafting() -> None:
    """The drafting page: sidebar, then the four tabs."""
    draft = state.current()
    if draft is not None:  # the title first: it is what the user waits for
        st.title(md_escape(fmt.report_title(draft.facts.agency, draft.facts.year)) + "（草稿）")
    model_slot = sidebar.render(draft)
    state.show_flashes()
    _main(draft)
    with model_slot:  # last, so the page shows before the model client library is loaded
        sidebar.model_box()
    state.warm_index()


def _main(draft: Optional[Draft]) -> None:
    """The main area."""
    if draft is None:
        _welcome()
        return
    state.stale_banner()
    refused.box()
    facts = full_facts()
    checked = adapters.with_numbers(adapters.check(facts), facts, adapters.previous_for(
        draft.facts, draft.reference, state.settings()) if facts.sections else None)
    dismissals = state.store().dismissals(draft.id)
    tabs = st.tabs(TABS, key=TAB_KEY, bind="query-params")
    if tabs[0].open:
        from ui import chat, review
        with tabs[0]:
            errors, _ = review.open_findings(checked.findings, dismissals)
            pending = state.store().pending_suggestions(draft.id)
            sections = facts.sections or {}
            items = build_checklist(facts, sections, len(errors), list(pending), adapters.unfinished(sections))
            chat.render(facts, items)
    if tabs[1].open:
        from ui import tables
        with tabs[1]:
            tables.render(checked, dismissals)
    if tabs[2].open:
        from ui import chat, review
        with tabs[2]:
            asked = review.render(facts, checked, dismissals)
            if asked:
                chat.handle(f"起草{fmt.SECTION_BY_NUM[asked].title}", facts, [])
    if tabs[3].open:
        from ui import export
        with tabs[3]:
            export.render(facts, checked, dismissals)
