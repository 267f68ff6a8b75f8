"""审阅: findings to fix, dismiss or acknowledge; per section the current text, the pending suggestion compared word
by word (a rewrite side by side), accept / edit / reject, guard flags marked in the text, undo of the last action next
to the section, and the version history (Beijing time)."""
from __future__ import annotations

import streamlit as st

from report import format as fmt
from report.clock import beijing_time_text
from report.facts import Facts
from report.findings import Finding
from report.store import SOURCE_LABELS, Dismissal, Suggestion
from report.words import is_rewrite
from ui import adapters, merge, number_fixes, review_docx, state
from ui.grid import cell_place
from ui.render import diff_markdown, flagged_markdown, md_escape


def open_findings(findings: list[Finding], dismissals: dict[str, Dismissal]) -> tuple[list[Finding], list[Finding]]:
    """(errors not acknowledged, warnings not dismissed)."""
    errors = [f for f in findings if f.is_error and f.id not in dismissals]
    warnings = [f for f in findings if not f.is_error and f.id not in dismissals]
    return errors, warnings


def _cells(f: Finding) -> str:
    """The cells a finding names, in Chinese."""
    if not f.cells:
        return ""
    names = "、".join(cell_place(c) for c in f.cells[:8]) + ("等" if len(f.cells) > 8 else "")
    return f"  \n涉及：{md_escape(names)}"


def _finding(f: Finding, dismissal: Dismissal | None) -> None:
    """One finding with its dismiss / acknowledge / withdraw controls."""
    draft = state.draft()
    kind = "待办" if f.is_todo else "错误" if f.is_error else "提醒"
    if dismissal is not None:
        done = "已确认保留" if dismissal.acknowledged else "已忽略"
        a, b = st.columns([5, 1])
        a.caption(f"{done}（{kind} {f.key}）：{md_escape(f.message)}；理由：{md_escape(dismissal.reason)}")
        if b.button("撤销", key=f"undismiss_{f.id}") and state.commit(
                lambda rev: state.store().undismiss(draft.id, f.id, rev)):
            st.rerun()
        return
    (st.info if f.is_todo else st.error if f.is_error else st.warning)(
        f"**{kind}（{f.key}）**：{md_escape(f.message)}{_cells(f)}")
    number_fixes.buttons(f, "review")
    with st.form(f"dismiss_{f.id}", border=False):
        a, b = st.columns([4, 1])
        reason = a.text_input("理由", key=f"reason_{f.id}", label_visibility="collapsed",
                              placeholder="确认无误的理由（必填）" if f.is_error else "忽略的理由（必填）")
        label = "确认无误，保留" if f.is_error else "忽略此提醒"
        if b.form_submit_button(label):
            if not reason.strip():  # said right here, not at the top of a long page
                st.error("请先在左边框中填写理由，再点“" + label + "”。")
                return
            state.commit(lambda rev: state.store().dismiss(draft.id, f.id, reason, rev, acknowledged=f.is_error))
            st.rerun()


def findings_panel(findings: list[Finding], dismissals: dict[str, Dismissal]) -> None:
    """All findings of the validator: errors must be fixed or acknowledged before export."""
    errors, warnings = open_findings(findings, dismissals)
    st.subheader("校验结果")
    if not findings:
        st.success("数据校验未发现问题。")
        return
    todos = sum(f.is_todo for f in errors)
    st.caption(f"待处理：错误 {len(errors) - todos} 个（导出前须修正或确认），"
               + (f"待分列的行 {todos} 个（到「数据表格」按申请人分列），" if todos else "")
               + f"提醒 {len(warnings)} 个（可写明理由后忽略）。")
    for f in sorted(findings, key=lambda x: (x.id in dismissals, not x.is_error)):
        _finding(f, dismissals.get(f.id))


def _flags(flags: list[dict]) -> None:
    """Guard flags and reviewer warnings under a text."""
    for flag in flags:
        if flag.get("warning"):
            st.info(md_escape(flag["message"]))
        else:
            st.warning(f"数字需核实：{md_escape(flag.get('message', ''))}")


def _spans(flags: list[dict]) -> list[tuple[int, int]]:
    """Character spans of the number flags."""
    return [(int(f["start"]), int(f["end"])) for f in flags if not f.get("warning") and "start" in f]


def _suggestion(num: str, sug: Suggestion, current: str) -> None:
    """The pending suggestion: diff against the current text, flags, and accept / edit / reject."""
    draft = state.draft()
    kind = {"revise": "修改建议", "review": "审阅稿修改"}.get(sug.kind, "建议稿")
    st.markdown(f"**待审阅的{kind}**" + (f"（{md_escape(sug.model)}）" if sug.model else ""))
    if sug.instruction:
        st.caption("要求：" + md_escape(sug.instruction))
    compare(current, sug.text, _spans(sug.flags))
    _flags(sug.flags)
    key = suggestion_key(sug.id)
    unsaved = state.unsaved_text(key, sug.text)
    with st.expander("修改后再采纳（在框中直接改，然后点“采纳”）" + ("：有尚未采纳的修改" if unsaved else ""),
                     expanded=unsaved):
        text = state.kept_text_area("建议稿全文", key, sug.text, height=300, label_visibility="collapsed")
    a, b, _ = st.columns([1, 1, 3])
    accept = a.button("采纳", key=f"accept_{num}", type="primary")
    if accept and not text.strip():  # never an empty section from an emptied (or lost) edit box
        st.error("修改框是空的，未采纳。如不采用这份建议稿，请点“拒绝”。")
        accept = False
    if accept and state.commit(
            lambda rev: state.store().resolve_suggestion(draft.id, sug.id, True, rev, text=text)):
        state.flash("success", f"已采纳第{num}部分的{kind}。", toast=f"已采纳第{num}部分")
        st.rerun()
    if b.button("拒绝", key=f"reject_{num}") and state.commit(
            lambda rev: state.store().resolve_suggestion(draft.id, sug.id, False, rev)):
        merge.forget(key)
        state.flash("info", f"已拒绝第{num}部分的{kind}，现稿不变。", toast=f"已拒绝第{num}部分的{kind}")
        st.rerun()


def suggestion_key(suggestion_id: int) -> str:
    """Key of a suggestion's edit box; a suggestion reopened by undo gets a fresh box (the browser forgets the old)."""
    round_ = st.session_state.get(f"sug_round_{suggestion_id}", 0)
    return f"sug_text_{suggestion_id}" + (f"_{round_}" if round_ else "")


def compare(current: str, suggested: str, spans: list[tuple[int, int]]) -> None:
    """The suggestion against the current text: alone, side by side when it rewrites it, else word by word."""
    if not current:
        st.markdown(flagged_markdown(suggested, spans))
        return
    if is_rewrite(current, suggested):
        st.caption("建议稿改写了大部分内容，左右对照：")
        left, right = st.columns(2)
        with left.container(border=True):
            st.markdown("**现稿**")
            st.markdown(md_escape(current))
        with right.container(border=True):
            st.markdown("**建议稿**")
            st.markdown(flagged_markdown(suggested, spans))
        return
    st.caption("与现稿逐词对比：绿底粗体为新增，红色删除线为删去。")
    st.markdown(diff_markdown(current, suggested))
    if spans:
        with st.expander("建议全文（标出需核实的数字）"):
            st.markdown(flagged_markdown(suggested, spans))


def undo_button(num: str) -> None:
    """Undo of the section's last action (an edit, an accept, a reject), next to its heading."""
    draft = state.draft()
    action = state.store().last_action(draft.id, num)
    if action is None:
        return
    if not st.button("撤销", key=f"undo_{num}", icon=":material/undo:", help=f"撤销上一步：{action.label}"):
        return
    if not state.commit(lambda rev: state.store().undo_section(draft.id, num, rev)):
        return
    sug_id = action.suggestion_id
    reopened = sug_id is not None and state.store().get_suggestion(sug_id).status == "pending"
    if reopened:
        st.session_state[f"sug_round_{sug_id}"] = st.session_state.get(f"sug_round_{sug_id}", 0) + 1
        if action.version is not None and action.version.source == "edited":  # the edits, back in the edit box
            st.session_state[f"keep_{suggestion_key(sug_id)}"] = action.version.text
    again = "，建议稿重新等待审阅" if reopened else ""
    state.flash("info", f"已撤销第{num}部分的上一步（{action.label}）{again}。", toast=f"已撤销第{num}部分的上一步")
    st.rerun()


def _current(num: str, current: str, facts: Facts) -> None:
    """The current text with guard flags marked, and in-place editing."""
    draft = state.draft()
    if not current:
        st.caption("尚无正文。可在「对话起草」中说“起草" + fmt.SECTION_BY_NUM[num].title + "”，或点下面的按钮。")
        return
    flags = adapters.text_flags(num, current, facts, adapters.previous_for(draft.facts, draft.reference,
                                                                              state.settings()))
    st.markdown(flagged_markdown(current, _spans(flags)))
    _flags(flags)
    key = f"edit_{num}_{draft.id}"
    base, newer = state.edit_base(key, current)
    unsaved = state.unsaved_text(key, base)
    with st.expander("直接修改现稿" + ("：有尚未保存的修改" if unsaved else ""), expanded=unsaved or newer):
        if newer:
            _newer_saved(num, key, current)
            return
        text = state.kept_text_area("正文", key, base, height=260, label_visibility="collapsed")
        if st.button("保存修改", key=f"save_{num}") and text != current and state.commit(
                lambda rev: state.store().add_version(draft.id, num, text, "edited", rev)):
            state.flash("success", f"第{num}部分已保存。", toast=f"第{num}部分已保存")
            st.rerun()


def _newer_saved(num: str, key: str, current: str) -> None:
    """Another window saved this section while this one holds unsaved typing: both side by side, merge or discard."""
    draft = state.draft()
    st.warning("这部分已在其他窗口保存了新的文字，你在这里尚未保存的修改仍保留在左框中。"
               "请对照右边的新文字，把需要的内容合并到左框后点“保存合并后的文字”，或点“放弃我的修改”。")
    mine, theirs = st.columns(2)
    with mine:
        st.caption("我的修改（尚未保存）")
        text = state.kept_text_area("我的修改", key, current, height=260, label_visibility="collapsed")
    with theirs:
        st.caption("其他窗口保存的新文字")
        st.markdown(md_escape(current))
    a, b, _ = st.columns([1, 1, 2])
    if a.button("保存合并后的文字", key=f"save_merged_{num}", type="primary"):
        state.reload()  # the newest revision; the typed text stays in the box
        if state.commit(lambda rev: state.store().add_version(draft.id, num, text, "edited", rev)):
            state.flash("success", f"第{num}部分已保存（合并后的文字）。", toast=f"第{num}部分已保存")
            st.rerun()
    b.button("放弃我的修改", key=f"discard_{num}", on_click=state.discard_typed, args=(key, current))


def _history(num: str) -> None:
    """Version history of a section (times in Beijing time), with restore."""
    draft = state.draft()
    versions = state.store().versions(draft.id, num)
    if not versions:
        return
    with st.expander(f"版本记录（{len(versions)}）"):
        for v in reversed(versions):
            tag = "（已撤销）" if v.undone else ""
            made = f" · {md_escape(v.model)}" if v.model else ""
            st.markdown(f"**{SOURCE_LABELS.get(v.source, v.source)}**{tag} · {beijing_time_text(v.created_at)}{made}")
            st.markdown(md_escape(v.text[:200] + ("……" if len(v.text) > 200 else "")))
            if v.undone and st.button("恢复此版本", key=f"restore_{v.id}") and state.commit(
                    lambda rev, t=v.text: state.store().add_version(draft.id, num, t, "restored", rev)):
                st.rerun()


def section_box(num: str, current: str, sug: Suggestion | None, facts: Facts) -> bool:
    """One narrative section; return True when the user asked for a (new) draft of it."""
    draft = state.draft()
    asked = False
    with st.container(border=True):
        head, undo = st.columns([6, 1], vertical_alignment="center")
        head.subheader(fmt.SECTION_BY_NUM[num].heading)
        with undo:
            undo_button(num)
        merge.orphaned_edits(num, sug)
        if sug is not None:
            _suggestion(num, sug, current)
            st.divider()
            st.caption("现稿")
        _current(num, current, facts)
        label = "重新起草" if current or sug else "起草本部分"
        asked = st.button(label, key=f"redraft_{num}")
        if draft.reference.get(num):
            with st.expander("上年正文（仅供参考，不作为本年正文）"):
                st.markdown(md_escape(draft.reference[num]))
        _history(num)
    return asked


def render(facts: Facts, checked: adapters.Checked, dismissals: dict[str, Dismissal]) -> str | None:
    """The whole 审阅 tab; return the numeral of a section the user asked to draft, if any."""
    draft = state.draft()
    findings_panel(checked.findings, dismissals)
    review_docx.last_import_panel()
    pending = state.store().pending_suggestions(draft.id)
    sections = facts.sections or {}
    asked = None
    for num in fmt.NARRATIVE_SECTIONS:
        if section_box(num, sections.get(num, ""), pending.get(num), facts):
            asked = num
    for num in ("二", "三", "四"):
        st.caption(f"{fmt.SECTION_BY_NUM[num].heading}：由「数据表格」生成，不需要文字。")
    return asked
