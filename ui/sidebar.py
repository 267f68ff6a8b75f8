"""Sidebar: draft selector (new / open / duplicate last year's), agency, year, level, model status."""
from __future__ import annotations

from typing import Any, Optional

import streamlit as st

from report import format as fmt
from report.clock import beijing_time_text, default_report_year
from report.facts import YEAR_MAX, YEAR_MIN, agency_name, blank_facts
from report.store import OCR_CHECK, Draft, DraftSummary, carry_over, ocr_to_check
from ui import adapters, state
from ui.render import md_escape


def checked_agency(typed: str) -> Optional[str]:
    """The agency name as it will be stored (NFKC, no invisible characters), or None after saying why it is refused."""
    try:
        return agency_name(typed)
    except ValueError as e:
        st.error(md_escape(str(e)))
        return None


def create_draft(agency: str, year: int, level: str, prefill: bool) -> Optional[Draft]:
    """Create a draft, pre-filled from last year's report in the corpus when asked; open it."""
    agency = agency.strip()
    if not agency:
        st.error("请填写机关全称。")
        return None
    if (agency := checked_agency(agency)) is None:
        return None
    facts = blank_facts(agency, int(year), level)
    provenance: dict[str, str] = {}
    to_check: list[str] = []
    note = ""
    if prefill:
        with st.spinner("正在语料库中查找上年报告（第一次使用需要几秒钟）……"):
            prev = adapters.previous_report(agency, int(year), state.settings())
        if prev is not None:
            source = f"语料库中的上年报告《{prev.title or fmt.report_title(agency, int(year) - 1)}》"
            facts, provenance = carry_over(facts, prev.t2, prev.t3, prev.t4, source, prev.ocr)
            to_check = ocr_to_check(provenance, prev.ocr)
            note = "已从上年报告预填部分数据，见「数据表格」。" + (
                f"其中 {len(to_check)} 个单元格来自扫描件的文字识别，标为“需核对”，请对照原件确认。" if to_check else "")
        else:
            note = (f"语料库中没有“{agency}”{int(year) - 1}年的报告，未预填；"
                    "如有上年报告，可在「数据表格」下方上传后点“从语料库中的上年报告预填”。")
    options = {"auto_totals": True, **({OCR_CHECK: to_check} if to_check else {})}
    draft = state.store().create_draft(facts, options=options, provenance=provenance)
    state.open_draft(draft.id)
    state.flash("success", f"已新建草稿：{agency} {int(year)}年。" + note)
    return draft


def new_draft_form(key: str, expanded: bool = True) -> None:
    """The form to create a new draft."""
    with st.form(f"new_draft_{key}", border=expanded):
        agency = st.text_input("机关全称", placeholder="例如：某某县民政局", key=f"new_agency_{key}")
        year = st.number_input("报告年度", min_value=YEAR_MIN, max_value=YEAR_MAX, value=default_report_year(), step=1,
                               key=f"new_year_{key}")
        level = st.selectbox("机关层级", fmt.LEVELS, index=fmt.LEVELS.index("县级部门"), key=f"new_level_{key}")
        prefill = st.checkbox("用语料库中的上年报告预填（上年结转、现行有效件数）", value=True, key=f"new_prefill_{key}")
        if st.form_submit_button("新建草稿", type="primary"):
            if create_draft(agency, int(year), level, prefill):
                st.rerun()


def draft_labels(drafts: list[DraftSummary]) -> dict[int, str]:
    """Selector label of each draft: agency and year, with the time of its last change (Beijing) when two share them."""
    names = {d.id: f"{d.agency} {d.year}年" for d in drafts}
    shared = {n for n in names.values() if list(names.values()).count(n) > 1}
    return {d.id: names[d.id] + (f"（{beijing_time_text(d.updated_at)} 修改）" if names[d.id] in shared else "")
            for d in drafts}


def _selector(current: Optional[Draft]) -> None:
    """Select box of all drafts."""
    drafts = state.store().list_drafts()
    if not drafts:
        return
    ids = [d.id for d in drafts]
    labels = draft_labels(drafts)
    index = ids.index(current.id) if current and current.id in ids else 0
    chosen = st.selectbox("打开草稿", ids, index=index, format_func=lambda i: labels[i], key=f"pick_{state.nonce()}")
    if current is None or chosen != current.id:
        state.open_draft(chosen)
        st.rerun()


def _basics(draft: Draft) -> None:
    """Agency, year and level of the open draft (saved at once)."""
    facts = draft.facts
    n = f"{draft.id}_{state.nonce()}"
    agency = st.text_input("机关全称", value=facts.agency, key=f"agency_{n}")
    year = st.number_input("报告年度", min_value=YEAR_MIN, max_value=YEAR_MAX, value=facts.year, step=1, key=f"year_{n}")
    level = st.selectbox("机关层级", fmt.LEVELS, index=fmt.LEVELS.index(facts.level), key=f"level_{n}")
    if (agency.strip(), int(year), level) != (facts.agency, facts.year, facts.level):
        if not agency.strip():
            st.error("机关全称不能为空。")
            return
        if (agency := checked_agency(agency)) is None or agency == facts.agency and (int(year), level) == (
                facts.year, facts.level):
            return
        new = facts.model_copy(update={"agency": agency, "year": int(year), "level": level}, deep=True)
        if state.save_facts(new, "basics"):
            st.rerun()


def _duplicate(draft: Draft) -> None:
    """Button: new draft for next year from this one."""
    if st.button(f"复制为 {draft.facts.year + 1} 年草稿", key="duplicate", help="沿用机关和层级；上年结转、现行有效件数取自本草稿"):
        new = state.store().duplicate_for_next_year(draft.id)
        state.open_draft(new.id)
        state.flash("success", f"已新建 {new.facts.agency} {new.facts.year}年草稿：上年结转和现行有效件数已预填，上年正文仅供参考。")
        st.rerun()


def model_box() -> None:
    """Model status: endpoint and model, or 离线模式 with how to configure one (never the key)."""
    configured, text = adapters.model_status(state.settings())
    st.caption("模型")
    (st.success if configured else st.info)(md_escape(text))


def render(draft: Optional[Draft]) -> Any:
    """The whole sidebar; return the empty slot where the model status goes (filled at the end of the run)."""
    with st.sidebar:
        st.header("年报助手")
        _selector(draft)
        if draft is not None:  # on the welcome page the form is in the main area already
            with st.expander("新建草稿", expanded=False):
                new_draft_form("sidebar")
        if draft is not None:
            st.divider()
            st.subheader("本草稿")
            _basics(draft)
            _duplicate(draft)
        st.divider()
        return st.container()
