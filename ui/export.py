"""导出: a summary of open findings, then .docx / .md / .txt downloads named after the official title."""
from __future__ import annotations

import streamlit as st

from report import format as fmt
from report.errors import NianbaoError
from report.facts import Facts
from report.store import Dismissal
from ui import adapters, number_fixes, review_docx, state
from ui.render import md_escape
from ui.review import open_findings

KINDS = (("docx", "下载 Word（.docx）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
         ("md", "下载 Markdown（.md）", "text/markdown"),
         ("txt", "下载纯文本（.txt）", "text/plain"))


def export_facts(facts: Facts, checked: adapters.Checked) -> Facts:
    """The facts to export: totals as the validator filled them, current section texts."""
    out = checked.facts.model_copy(deep=True)
    out.sections = facts.sections
    return out


def summary(facts: Facts, checked: adapters.Checked, dismissals: dict[str, Dismissal]) -> int:
    """Show what is still open before download; return the number of blocking errors."""
    errors, warnings = open_findings(checked.findings, dismissals)
    sections = facts.sections or {}
    missing = [n for n in fmt.NARRATIVE_SECTIONS if not sections.get(n, "").strip()]
    pending = state.store().pending_suggestions(state.draft().id)
    st.subheader("导出前检查")
    todos = [f for f in errors if f.is_todo]
    if wrong := [f for f in errors if not f.is_todo]:
        st.error(f"还有 {len(wrong)} 个错误未修正或确认，处理后才能导出（到「数据表格」改正，或在「审阅」中写明理由后确认）：")
        for f in wrong:
            st.markdown(f"- {md_escape(f.message)}")
            number_fixes.buttons(f, "export")
    if todos:
        st.error(f"还有 {len(todos)} 行只填了总计，请到「数据表格」按申请人分列后再导出（否则各申请人列会印成 0）：")
        for f in todos:
            st.markdown(f"- {md_escape(f.message)}")
    if warnings:
        st.warning(f"{len(warnings)} 个提醒尚未处理（不影响导出）：")
        for f in warnings:
            st.markdown(f"- {md_escape(f.message)}")
    if missing and not any(f.key == "P5" for f in checked.findings):
        st.warning("以下部分尚无正文，导出文件中将标注“尚未起草”：" + "、".join(fmt.SECTION_BY_NUM[n].heading for n in missing))
    marks = adapters.unfinished(sections)
    if marks:
        st.warning("以下部分正文还有待核实、待补的标注，请在「审阅」中补充修改后再发送：" + "、".join(
            f"第{n}部分（{'、'.join(m)}）" for n, m in marks.items()))
    if pending:
        st.info("以下部分有待审阅的建议稿（导出使用现稿）：" + "、".join(f"第{n}部分" for n in pending))
    acknowledged = [d for d in dismissals.values() if d.acknowledged]
    if acknowledged:
        st.caption(f"已确认保留的错误 {len(acknowledged)} 个，理由已记录。")
    if not (errors or warnings or missing or pending or marks):
        st.success("校验通过，正文齐全，可以下载。")
    return len(errors)


def render(facts: Facts, checked: adapters.Checked, dismissals: dict[str, Dismissal]) -> None:
    """The whole 导出 tab."""
    blocking = summary(facts, checked, dismissals)
    out = export_facts(facts, checked)
    st.subheader("下载")
    st.caption("文件名：" + md_escape(adapters.export_name(out, "docx")))
    cols = st.columns(len(KINDS))
    for col, (kind, label, mime) in zip(cols, KINDS):
        with col:
            if blocking:
                st.button(label, disabled=True, key=f"dl_{kind}", help="请先在「审阅」中修正或确认错误")
                continue
            try:
                data = adapters.export_bytes(out, kind)
            except NianbaoError as e:
                st.error(md_escape(str(e)))
                continue
            st.download_button(label, data, file_name=adapters.export_name(out, kind), mime=mime, key=f"dl_{kind}",
                               on_click="ignore", type="primary" if kind == "docx" else "secondary")
    review_docx.download(out, dismissals)
    review_docx.import_panel()
