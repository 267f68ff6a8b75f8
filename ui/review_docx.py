"""审阅版 in the app: the .docx with 批注 and 修订 to download for a reviewer in Word, and 导入审阅稿 — the reviewed
file read back: changes go to 审阅 as suggestions from 审阅人, changed cells and new problems shown as findings,
the comments listed; nothing is applied until the user confirms."""
from __future__ import annotations

import streamlit as st

from report.errors import NianbaoError
from report.facts import Facts
from report.store import Dismissal
from ui import state
from ui.adapters.cache import Lru, facts_hash
from ui.render import diff_markdown, md_escape

MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_REVIEW_COPIES = Lru(8)
_IMPORTS = Lru(8)


def review_bytes(facts: Facts, pending: dict[str, str], dismissed: list[str]) -> bytes:
    """The 审阅版 .docx of the facts (current texts), pending suggestions and dismissals, cached by content."""
    from report.review.docx_out import render_review

    key = facts_hash(facts) + repr(sorted(pending.items())) + repr(sorted(dismissed))
    return _REVIEW_COPIES.get(key, lambda: render_review(facts, dict(facts.sections or {}), pending, dismissed))


def download(facts: Facts, dismissals: dict[str, Dismissal]) -> None:
    """The 审阅版 download (offered even while errors are open: the comments show them to the reviewer)."""
    from report.export import export_filename

    draft = state.draft()
    pending = {n: s.text for n, s in state.store().pending_suggestions(draft.id).items()}
    st.subheader("审阅版")
    st.caption("供领导在 Word 中审阅：每个未处理的问题都以“年报助手”的批注标出，待审阅的建议稿以修订显示，"
               "可在 Word 中接受或拒绝；审阅人自己的改动会记为修订。审阅后在下面“导入审阅稿”。")
    try:
        data = review_bytes(facts, pending, list(dismissals))
    except NianbaoError as e:
        st.error(md_escape(str(e)))
        return
    name = export_filename(facts, "docx").removesuffix(".docx") + "（审阅稿）.docx"
    st.download_button("下载审阅版（.docx，含批注和修订）", data, file_name=name, mime=MIME, key="dl_review",
                       on_click="ignore")


def _result(data: bytes, filename: str):
    """The import compared with the draft at its current revision (cached), or the Chinese error."""
    from report.review.draft_import import file_id, import_for_draft

    draft = state.draft()
    key = f"{draft.id}:{draft.revision}:{file_id(data)}"
    return _IMPORTS.get(key, lambda: _safe(lambda: import_for_draft(state.store(), draft.id, data, filename)))


def _safe(make):
    try:
        return make()
    except NianbaoError as e:
        return e


def _show(result) -> None:
    """What the reviewed file holds: changes, cells, new problems, comments, what could not be mapped."""
    for change in result.changes:
        with st.expander(change.summary(), expanded=False):
            from report.review.compare import printed_text

            st.markdown(diff_markdown(printed_text(change.before, change.section), change.after))
    for num, outcome in result.outcomes.items():
        st.caption(f"第{num}部分：年报助手的修订{outcome}")
    for cell in result.cells:
        st.warning(f"**表格改动**：{md_escape(cell.line())}（未采用；确认后点下面的按钮）")
    for f in result.findings:
        (st.error if f.is_error else st.warning)(f"**审阅后{'错误' if f.is_error else '提醒'}（{f.key}）**："
                                                 f"{md_escape(f.message)}")
    for f in result.flags:
        st.warning(f"**数字需核实**（第{f.section}部分）：{md_escape(f.message)}")
    comments(result_comments(result))
    for line in result.notes:
        st.info(md_escape(line))
    for line in result.unmapped:
        st.info(f"未能对应：{md_escape(line)}")
    if not (result.changes or result.cells or result.reviewer_comments() or result.unmapped):
        st.success("审阅稿与草稿相同：没有修改、批注或表格改动。")


def result_comments(result) -> list[dict]:
    """The reviewer's comments as plain records."""
    return [{"author": c.author, "text": c.text, "place": c.place(), "sentence": c.sentence}
            for c in result.reviewer_comments()]


def comments(items: list[dict]) -> None:
    """The reviewers' 批注, each with where it is."""
    if not items:
        return
    st.markdown(f"**批注（{len(items)} 条）**")
    for c in items:
        quote = f"  \n> {md_escape(c['sentence'])}" if c.get("sentence") else ""
        st.markdown(f"- **{md_escape(c['author'] or '未署名')}**（{md_escape(c['place'])}）：{md_escape(c['text'])}"
                    + quote)


def import_panel() -> None:
    """导入审阅稿: upload, see everything the reviewer did, then put the changes into 审阅 and take the cells."""
    from report.review.draft_import import apply_cells, file_id, imports, save_import

    draft = state.draft()
    st.subheader("导入审阅稿")
    st.caption("上传领导审阅后的 .docx：修改逐条进入「审阅」（可采纳、修改后采纳或拒绝），表格改动和由此产生的问题"
               "在此列出，确认后才会采用；原草稿不会被直接改动。")
    up = st.file_uploader("审阅后的 Word 文件（.docx）", type=["docx"], key=f"review_up_{draft.id}")
    if up is None:
        return
    data = up.getvalue()
    result = _result(data, up.name)
    if isinstance(result, NianbaoError):
        st.error(md_escape(str(result)))
        return
    _show(result)
    sha = file_id(data)
    done = any(d.get("sha") == sha for d, _ in imports(state.store(), draft.id))
    if done:
        st.info("这份审阅稿已导入，修改已在「审阅」中等待处理。")
    elif st.button("把审阅意见放入「审阅」（逐条采纳或拒绝）", key="review_import_save", type="primary") and state.commit(
            lambda rev: save_import(state.store(), draft.id, rev, result, up.name, sha)):
        state.flash("success", f"已导入审阅稿：{len(result.changes)} 个部分的修改已放入「审阅」，"
                    f"{len(result.reviewer_comments())} 条批注已记录。", toast="已导入审阅稿")
        st.rerun()
    if result.cells and st.button(f"采用审阅稿中的表格数字（{len(result.cells)} 处）", key="review_cells_apply"):
        holder: dict = {}

        def change(rev: int) -> int:
            holder["facts"], new_rev = apply_cells(state.store(), draft.id, rev, result)
            return new_rev

        if state.commit(change):
            draft.facts = holder["facts"]
            state.flash("success", f"已采用审阅稿中的 {len(result.cells)} 处表格数字，请在「审阅」中处理校验结果。")
            st.rerun()


def last_import_panel() -> None:
    """In 审阅: the last imported reviewed file — its comments, changed cells and problems (kept in the history)."""
    from report.review.draft_import import imports

    past = imports(state.store(), state.draft().id)
    if not past:
        return
    detail, at = past[0]
    with st.expander(f"审阅稿意见（{md_escape(detail.get('file', ''))}，{at[:16].replace('T', ' ')} 导入）",
                     expanded=True):
        for cell in detail.get("cells", []):
            st.warning(f"**表格改动**：{md_escape(cell['position'])}：{cell['before']} → {cell['after']}")
        for message in detail.get("problems", []):
            st.warning(f"**审阅后需核实**：{md_escape(message)}")
        comments(detail.get("comments", []))
        for line in detail.get("unmapped", []):
            st.info(f"未能对应：{md_escape(line)}")
