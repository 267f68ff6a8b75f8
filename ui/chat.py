"""对话起草: checklist, chat history, proposed fact updates to confirm, drafting and revising sections by request."""
from __future__ import annotations

from typing import Any, Optional

import streamlit as st

from report import format as fmt
from report.errors import FactsError
from report.facts import CHAT_MAX_CHARS, Facts
from report.store import Message
from ui import adapters, state
from ui.checklist import Item, build_checklist, missing, next_steps_text
from ui.grid import settle_totals
from ui.intent import classify
from ui.render import escape_stream, md_escape

PLACEHOLDER = "告诉我今年的数据（如“今年收到申请12件，其中自然人10件”），或说“起草总体情况”"
GREETING = ("您好！我是年报助手。请用几句话告诉我今年的情况——收到多少申请、怎么办理的、有没有复议诉讼、"
            "主动公开做了哪些工作、存在什么问题。我会把其中的数字整理成表格数据请您确认，"
            "然后起草总体情况、存在的主要问题及改进情况、其他需要报告的事项。")


def checklist_box(items: list[Item], expanded: bool = True) -> None:
    """The checklist of what is still missing (open while something is, unless told otherwise)."""
    todo = missing(items)
    with st.expander(f"进度清单：还有 {len(todo)} 项待完成" if todo else "进度清单：全部完成",
                     expanded=bool(todo) and expanded):
        for item in items:
            mark = ":green[:material/check_circle:]" if item.done else ":gray[:material/radio_button_unchecked:]"
            hint = f" —— {md_escape(item.hint)}" if not item.done and item.hint else ""
            optional = "（可选）" if item.optional and not item.done else ""
            st.markdown(f"{mark} {md_escape(item.text + optional)}{hint}")


def _proposal_frame(proposals: list[dict], facts: Optional[Facts] = None) -> Any:
    """The small table of proposed updates (a DataFrame); a total's current value is the computed one."""
    import pandas as pd

    filled = adapters.check(facts).facts if facts is not None else None

    def shown(v: Any) -> str:
        """A value as table text."""
        return "（空）" if v is None else str(v)

    def current(p: dict) -> str:
        """The value the cell has now (a computed total when the stored total is empty)."""
        if p["key"].startswith("notes."):
            return ""
        if p.get("current") is None and filled is not None and fmt.is_total_cell(p["key"]):
            value = filled.cell(p["key"])
            return shown(value) + ("（自动合计）" if value is not None else "")
        return shown(p.get("current"))
    frame = {"项目": [p.get("label") or p["key"] for p in proposals],
             "原值": [current(p) for p in proposals],
             "新值": [shown(p.get("value")) for p in proposals],
             "依据": [p.get("quote", "") for p in proposals]}
    if any(p.get("note") for p in proposals):
        frame["说明"] = [p.get("note") or "" for p in proposals]
    return pd.DataFrame(frame)


def _confirm(message: Message, accept: bool) -> None:
    """Apply (or reject) the proposals of a message; the table editors then show the new values."""
    draft = state.draft()
    proposals = message.meta.get("proposals", [])
    if accept:
        try:
            facts = adapters.apply(draft.facts, proposals)
        except FactsError as e:
            state.flash("error", str(e))
            return
        if draft.options.get("auto_totals", True):
            facts = settle_totals(facts)
        if not state.save_facts(facts, "chat_facts"):
            return
        state.reset_editors()
        typed_totals = [p for p in proposals if not p["key"].startswith("notes.") and fmt.is_total_cell(p["key"])]
        note = "；“总计”已按您说的记下，请在「数据表格」中按申请人分列" if typed_totals else ""
        state.flash("success", f"已确认 {len(proposals)} 项数据并写入表格{note}。")
    if not state.commit(lambda rev: state.store().update_message_meta(draft.id, message.id, rev,
                                                                      status="confirmed" if accept else "rejected")):
        return
    reply = ("好的，已写入。" if accept else "好的，这些数据不采用。") + next_steps_text(current_checklist())
    state.commit(lambda rev: state.store().add_message(draft.id, "assistant", reply, rev))
    st.rerun()


def current_checklist() -> list[Item]:
    """The checklist of the open draft as stored now."""
    draft = state.draft()
    sections = state.store().current_sections(draft.id)
    facts = draft.facts.model_copy(update={"sections": sections or None})
    dismissals = state.store().dismissals(draft.id)
    errors = [f for f in adapters.check(facts).findings if f.is_error and f.id not in dismissals]
    return build_checklist(facts, sections, len(errors), list(state.store().pending_suggestions(draft.id)),
                           adapters.unfinished(sections))


def _passages(passages: list[dict]) -> None:
    """The past-report passages a draft used (agency, year, section), shown as text."""
    if not passages:
        return
    with st.expander(f"参考的往年报告段落（{len(passages)}）"):
        for p in passages:
            head = f"{p.get('agency') or '未知机关'} · {p.get('year') or '?'}年 · 第{p.get('section') or '?'}部分"
            if p.get("subheading"):
                head += f" · {p['subheading']}"
            st.markdown(f"**{md_escape(head)}**")
            st.markdown(md_escape(str(p.get("text", ""))))


def _settle_unread(message: Message, index: int, section: Optional[str]) -> None:
    """Add one listed part of a message to a section's 要点 (section given) or ignore it; say so in the message."""
    draft = state.draft()
    unread = [dict(u) for u in message.meta.get("unread", [])]
    item = unread[index]
    if section:
        try:
            facts = adapters.apply(draft.facts, [{"key": f"notes.{section}", "value": item["text"]}])
        except FactsError as e:
            state.flash("error", str(e))
            return
        if not state.save_facts(facts, "chat_notes"):
            return
        label = dict(adapters.note_choices(item["text"])).get(section, f"第{section}部分要点")
        item["status"] = f"已加入{label}"
    else:
        item["status"] = "已忽略"
    if state.commit(lambda rev: state.store().update_message_meta(draft.id, message.id, rev, unread=unread)):
        st.rerun()


def _unread_box(message: Message) -> None:
    """What the message said that was not turned into a proposal: each with 加入要点 (likely 要点 preselected) / 忽略."""
    unread = message.meta.get("unread", [])
    if not unread:
        return
    st.markdown("**未能识别**（没有写入表格；可加入要点，或忽略）：")
    for i, item in enumerate(unread):
        text = md_escape(f"“{item['text']}”" + (f"（{item['reason']}）" if item.get("reason") else ""))
        if item.get("status", "pending") != "pending":
            st.caption(f"{text} —— {md_escape(item['status'])}")
            continue
        choices = adapters.note_choices(item["text"])
        a, b, c, d = st.columns([4, 3, 1.2, 1])
        a.markdown(text)
        picked = b.selectbox("加入", [label for _, label in choices], key=f"unread_to_{message.id}_{i}",
                             label_visibility="collapsed")
        if c.button("加入要点", key=f"unread_add_{message.id}_{i}"):
            _settle_unread(message, i, next(sec for sec, label in choices if label == picked))
        if d.button("忽略", key=f"unread_skip_{message.id}_{i}"):
            _settle_unread(message, i, None)


def show_message(message: Message) -> None:
    """One stored chat message with its proposals, passages and links."""
    meta = message.meta
    with st.chat_message(message.role):
        st.markdown(md_escape(message.content))
        if meta.get("proposals"):
            status = meta.get("status", "pending")
            facts = state.draft().facts if status == "pending" else None
            st.dataframe(_proposal_frame(meta["proposals"], facts), hide_index=True)
            if status == "pending":
                a, b, _ = st.columns([1, 1, 4])
                if a.button("确认写入", key=f"confirm_{message.id}", type="primary"):
                    _confirm(message, True)
                if b.button("不采用", key=f"reject_{message.id}"):
                    _confirm(message, False)
            else:
                st.caption("已确认并写入数据表格。" if status == "confirmed" else "未采用。")
        for q in meta.get("questions", []):
            st.info(md_escape(q))
        _unread_box(message)
        if meta.get("section"):
            if meta.get("text"):  # the drafted text stays in the conversation after it has streamed
                with st.container(border=True):
                    st.markdown(md_escape(meta["text"]))
            st.caption(f"第{meta['section']}部分的建议稿已放入「审阅」，请采纳、修改或拒绝。")
        _passages(meta.get("passages", []))


def _failed(prompt: str, err: BaseException) -> None:
    """Show a failed model call in Chinese; keep the request for a retry; change nothing."""
    message = str(adapters.model_error(err, state.settings()))
    st.session_state["chat_retry"] = prompt
    st.error(md_escape(f"{message}\n\n草稿未作任何修改。"))


def _stream_section(num: str, kind: str, instruction: str, facts: Facts, llm: Any) -> Optional[dict]:
    """Draft or revise one section, streaming into an assistant bubble; None on failure (already shown)."""
    draft = state.draft()
    settings = state.settings()
    heading = fmt.SECTION_BY_NUM[num].heading
    current = facts.sections.get(num, "") if facts.sections else ""
    passages = adapters.passages_for(num, facts, settings)
    previous = adapters.previous_for(draft.facts, draft.reference, settings)
    errors = adapters.open_errors(facts, state.store().dismissals(draft.id))
    with st.chat_message("assistant"):
        st.caption(f"正在{'起草' if kind == 'draft' else '修改'}：{heading}")
        sink: list[str] = []
        try:
            if kind == "draft":
                meta: dict = {}
                this = adapters.this_year(facts, previous)  # built once; the prompt and the check see the same
                st.write_stream(escape_stream(adapters.draft_stream(num, this, passages, llm, meta=meta), sink))
                done = adapters.finish_draft(num, "".join(sink), this, passages, llm, meta=meta, open_errors=errors)
            else:
                done = adapters.revise(num, current, instruction, facts, llm, errors)
                st.write_stream(escape_stream(iter([done.text]), sink))
        except Exception as e:  # noqa: BLE001 — any failure leaves the draft as it was
            if not adapters.is_model_error(e):
                st.info(md_escape(str(e)))
                return None
            _failed(instruction, e)
            return None
    return {"num": num, "kind": kind, "done": done, "current": current, "passages": passages}


def _save_result(result: dict, instruction: str) -> bool:
    """Store a drafted/revised text as the section's pending suggestion and say so in the chat."""
    draft, num, done = state.draft(), result["num"], result["done"]
    flags = done.flags + [{"message": w, "warning": True} for w in done.warnings]
    if not state.commit(lambda rev: state.store().add_suggestion(
            draft.id, num, done.text, rev, base_text=result["current"], flags=flags, passages=result["passages"],
            prompt_version=done.prompt_version, model=done.model, kind=result["kind"], instruction=instruction)):
        return False
    verb = "起草" if result["kind"] == "draft" else "修改"
    notes = ["已按数据核对数字并自动重写一次"] if done.reasked else []
    notes += [f"{len(done.flags)} 处数字需核实"] if done.flags else []
    notes += [f"{len(done.warnings)} 条提醒"] if done.warnings else []
    note = f"（{'，'.join(notes)}）" if notes else ""
    return state.commit(lambda rev: state.store().add_message(
        draft.id, "assistant", f"已{verb}{fmt.SECTION_BY_NUM[num].heading}的建议稿{note}。", rev,
        meta={"section": num, "passages": result["passages"], "kind": result["kind"], "text": done.text}))


def _conversation_context(messages: list[Message]) -> tuple[Optional[str], dict]:
    """What the last reply asked about (a row to split) and proposed (key → value), for reading the next message."""
    last = next((m for m in reversed(messages) if m.role == "assistant" and "asked_row" in m.meta), None)
    if last is None:
        return None, {}
    return last.meta.get("asked_row"), {p["key"]: p["value"] for p in last.meta.get("proposals", [])
                                        if not p["key"].startswith("notes.")}


def _facts_reply(prompt: str, facts: Facts, llm: Any, items: list[Item]) -> None:
    """Turn a message into proposed fact updates, questions and the parts not understood (listed, never dropped)."""
    draft = state.draft()
    asked_row, recent = _conversation_context(state.store().messages(draft.id))
    try:
        read = adapters.read_message(prompt, draft.facts, llm, asked_row, recent)
    except Exception as e:  # noqa: BLE001
        if not adapters.is_model_error(e):
            raise
        _failed(prompt, e)
        return
    if not state.commit(lambda rev: state.store().add_message(draft.id, "user", prompt, rev)):
        st.session_state["chat_retry"] = prompt  # refused (changed in another tab): keep it to send again
        return
    proposals, questions, unread = read["proposals"], read["questions"], read["unread"]
    meta = {"questions": questions, "unread": unread, "asked_row": read["asked_row"]}
    if proposals:
        text = "我从您的话里整理出以下数据，请确认后写入表格："
        meta.update(proposals=proposals, status="pending")
    elif unread:
        text = "没有识别出可以写入表格的数字。下面列出的话可以一键加入某一部分的要点，或忽略。"
    else:
        text = ("没有识别出可以写入表格的数字或要点。可以换个说法（如“今年收到申请12件，其中自然人10件”），"
                "文字性的工作情况也可以直接写进「数据表格」下方的“各部分要点”。\n"
                + ("" if questions else next_steps_text(items)))
    state.commit(lambda rev: state.store().add_message(draft.id, "assistant", text, rev, meta=meta))


def _answer(prompt: str, intent: Any, facts: Facts, items: list[Item]) -> None:
    """Answer a question from data (checklist, glossary, identities, past passages with their source)."""
    draft = state.draft()
    passages = adapters.past_passages(intent.question.subject, facts, state.settings()) \
        if intent.question.kind == "past" else []
    text = adapters.answer_text(intent.question, items, passages)
    if state.commit(lambda rev: state.store().add_message(draft.id, "user", prompt, rev)):
        state.commit(lambda rev: state.store().add_message(draft.id, "assistant", text, rev,
                                                          meta={"passages": passages, "answer": intent.question.kind}))
    else:
        st.session_state["chat_retry"] = prompt


def handle(prompt: str, facts: Facts, items: list[Item]) -> None:
    """Answer one chat message: draft, revise, or propose fact updates."""
    prompt = prompt.strip()
    if not prompt:
        return
    st.session_state.pop("chat_retry", None)
    draft = state.draft()
    llm = adapters.chat_model(state.settings())
    sections = facts.sections or {}
    intent = classify(prompt, {n for n, t in sections.items() if t.strip()})
    with st.chat_message("user"):
        st.markdown(md_escape(prompt))
    if intent.kind == "facts":
        _facts_reply(prompt, facts, llm, items)
        st.rerun()
    if intent.kind == "question":
        _answer(prompt, intent, facts, items)
        st.rerun()
    saved_user = False
    for num in intent.sections:
        result = _stream_section(num, intent.kind, prompt, facts, llm)
        if result is None:
            return
        # the request is recorded with its first result (a failed call leaves no trace in the draft)
        if not saved_user and not state.commit(lambda rev: state.store().add_message(draft.id, "user", prompt, rev)):
            st.session_state["chat_retry"] = prompt
            return
        saved_user = True
        if not _save_result(result, prompt):
            return
    st.rerun()


def _to_tables() -> None:
    """Open the 数据表格 tab (button callback, before the tabs are drawn again)."""
    st.session_state["tab"] = "数据表格"


def _quick_buttons(items: list[Item]) -> Optional[str]:
    """The drafting shortcuts; 起草全部 becomes the primary action once this year's applications are given."""
    quick = st.columns(4)
    asked: Optional[str] = None
    for col, num in zip(quick, fmt.NARRATIVE_SECTIONS):
        if col.button(f"起草{fmt.SECTION_BY_NUM[num].title}", key=f"quick_{num}"):
            asked = f"起草{fmt.SECTION_BY_NUM[num].title}"
    facts_given = any(i.key == "t3" and i.done for i in items)
    if quick[3].button("起草全部文字部分", key="quick_all", type="primary" if facts_given else "secondary"):
        asked = "起草全部文字部分"
    return asked


def render(facts: Facts, items: list[Item]) -> None:
    """The whole 对话起草 tab: a new draft opens on the greeting and the chat input (giving facts comes first)."""
    draft = state.draft()
    messages = state.store().messages(draft.id)
    checklist_box(items, expanded=bool(messages))
    if not messages:
        with st.chat_message("assistant"):
            st.markdown(md_escape(GREETING))
            st.button("在表格中填写数据", key="to_tables", type="primary", on_click=_to_tables,
                      help="也可以直接在下面的对话框里说今年的情况")
    for message in messages:
        show_message(message)
    live = st.container()  # a new exchange streams here, under the conversation and above the input
    prompt = st.chat_input(PLACEHOLDER, key="chat_input", max_chars=CHAT_MAX_CHARS)
    asked = _quick_buttons(items)
    if prompt or asked:
        with live:
            handle(prompt or asked or "", facts, items)
    retry = st.session_state.get("chat_retry")
    if retry and st.button(f"重试：{retry[:30]}", key="chat_retry_button"):
        with live:
            handle(retry, facts, items)
