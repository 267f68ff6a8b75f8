"""Chat reading as the app uses it: a message read against the form (grammar, or model + grammar) as plain data."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from report.facts import Facts


def _plain(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def read_message(message: str, facts: Facts, llm: Any, asked_row: Optional[str] = None,
                 recent: Optional[dict] = None) -> dict:
    """Proposals (key, value, label, quote, current, note), questions, unread parts and the row asked about next."""
    from chains.extraction import context_for, extract_updates
    result = extract_updates(message, facts, llm=llm, context=context_for(facts, asked_row, recent))
    return {
        "proposals": [{"key": p.key, "value": _plain(p.value), "label": p.label, "quote": p.quote,
                       "current": _plain(p.current), "note": p.note} for p in result.proposals],
        "questions": list(result.questions),
        "unread": [{"text": u.text, "section": u.section, "label": u.label, "reason": u.reason, "status": "pending"}
                   for u in result.unread],
        "asked_row": result.asked_row,
    }


def note_choices(text: str) -> list[tuple[str, str]]:
    """The 要点 a listed part may go to, as (section, label), the likely one first."""
    from chains.extraction_grammar import note_label
    from report.chat.leftover import section_of
    from report.subheads import route_note
    likely = section_of(text)
    choices = [(s, note_label(s, route_note(text) if s == "一" else "")) for s in ("一", "五", "六")]
    return sorted(choices, key=lambda c: c[0] != likely)


def past_passages(topic: str, facts: Facts, settings: Any, k: int = 3) -> list[dict]:
    """How past reports (the agency's own last year first) wrote about a topic; [] when retrieval is unavailable."""
    from report.chat.leftover import section_of
    from ui.adapters.corpus import get_index, passage_dict
    try:
        found = get_index(settings).passages_for(section_of(topic), facts, k=k, query=topic)
    except Exception:  # noqa: BLE001 — an answer without passages says so
        return []
    return [passage_dict(p) for p in found]


def answer_text(question: Any, items: list, passages: list[dict]) -> str:
    """The answer to a question the chat recognised, in Chinese, from data (no model)."""
    from report.chat.questions import data_answer
    if (text := data_answer(question)) is not None:
        return text
    if question.kind == "past":
        if not passages:
            return f"语料库里没有找到往年报告中关于“{question.subject}”的段落。可以在「数据表格」上传往年报告后再问。"
        return f"往年报告中关于“{question.subject}”的写法（{len(passages)} 段，出处见下方）："
    todo = [i for i in items if not i.done and not i.optional]
    if not todo:
        return "数据和正文都已齐全，可以到「导出」下载 Word 文件。"
    return f"还差 {len(todo)} 项：\n" + "\n".join(f"{n}. {i.text}——{i.hint}" for n, i in enumerate(todo, 1))
