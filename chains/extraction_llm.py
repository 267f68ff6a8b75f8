"""Fact extraction with a model: structured output (JSON mode) into pydantic, then checked against the message."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Optional, Union

from langchain_core.exceptions import OutputParserException
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel, Field, ValidationError

from chains.extraction_grammar import extract_with_grammar
from chains.extraction_merge import merge
from chains.extraction_types import NOTE_KEYS, VAGUE, Extraction, FactProposal, proposal_label
from chains.model import ModelError, call_with_retries
from chains.prompts import load_prompt
from report import format as fmt
from report.chat import Context
from report.facts import Facts
from report.numbers import find_numbers, normalize_digits

_SPACE = re.compile(r"\s+")
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


class ExtractedUpdate(BaseModel):
    """One update the model read from the message."""

    key: str = Field(description="字段键，如 t3.r1.c7、t2.licensing、notes.一")
    value: Union[int, float, str] = Field(description="消息中写明的数值；notes 为一句中文")
    quote: str = Field("", description="消息中对应的原文")


class ExtractedFacts(BaseModel):
    """The model's structured answer: updates and questions for the user."""

    updates: list[ExtractedUpdate] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)


def field_list() -> str:
    """The keys the model may use, with their Chinese meaning (from report/format.py)."""
    lines = [f"{c.key}：表二 {c.row}·{c.column}" for c in fmt.T2_CELLS]
    rows = "；".join(f"{r.key} {r.full_label}" for r in fmt.T3_ROWS)
    cols = "；".join(f"c{i} {label}" for i, label in enumerate(fmt.T3_COLUMNS, start=1))
    lines.append(f"t3.rN.cM：表三第N行第M列。行：{rows}。列：{cols}（申请人不明时用 c7 总计）")
    lines.append("t4.cN：表四第N列，" + "；".join(f"c{i} {label}" for i, label in enumerate(fmt.T4_COLUMN_LABELS, 1)))
    lines += [f"{k}：第{k[-1]}部分要点（一句中文）" for k in NOTE_KEYS]
    return "\n".join(lines)


def extraction_prompt() -> ChatPromptTemplate:
    """The extraction template as a one-message chat prompt."""
    return ChatPromptTemplate.from_messages([("human", load_prompt("extract").text)])


def _squash(text: str) -> str:
    return _SPACE.sub("", normalize_digits(text))


def _number(value: Any, key: str) -> Optional[Union[int, Decimal]]:
    """The value as the cell's type: Decimal for the fee, int otherwise; None when it is not such a number."""
    if isinstance(value, bool):
        return None
    try:
        amount = Decimal(normalize_digits(str(value)).replace(",", "").strip())
    except InvalidOperation:
        return None
    if key == "t2.fees_wan":
        return amount
    return int(amount) if amount == amount.to_integral() and amount >= 0 else None


def _stated(quote: str, message: str) -> set[Decimal]:
    """The numbers a text states: their values, and as written (3.25万元 states both 32500 and 3.25)."""
    mentions = find_numbers(quote) if quote else find_numbers(message)
    written = {_number(m.raw, "t2.fees_wan") for m in mentions if m.kind in ("count", "decimal")}
    return {m.value.normalize() for m in mentions} | {v.normalize() for v in written if v is not None}


def _checked(update: ExtractedUpdate, message: str, facts: Facts) -> tuple[Optional[FactProposal], Optional[str]]:
    """A FactProposal when the update is a known field, quoted from the message and stated there; else a question."""
    key, quote = update.key.strip(), update.quote.strip()
    label = proposal_label(key)
    if key not in NOTE_KEYS and key not in fmt.ALL_CELL_KEYS:
        return None, f"“{quote or update.value}”对应哪一项数据？我没能确定，请说明。"
    if quote and _squash(quote) not in _squash(message):
        quote = ""
    if key in NOTE_KEYS:
        note = str(update.value).strip()
        stray = {m.value.normalize() for m in find_numbers(note)} - _stated("", message)
        if not note or stray:
            return None, f"关于“{quote or note}”，请用原话再说明一次，我不添加消息中没有的数字。"
        return FactProposal(key, note, label, quote or note), None
    value = _number(update.value, key)
    if value is None or not quote or Decimal(value).normalize() not in _stated(quote, message):
        return None, f"{label}：消息中没有找到确切的数字“{update.value}”，请告诉我准确的数值。"
    if VAGUE.search(quote):
        return None, f"“{quote}”的数量不够确切，请告诉我{label}的准确数字。"
    return FactProposal(key, value, label, quote, facts.cell(key)), None  # the split is asked by the grammar


def _strict(reply: dict[str, Any]) -> ExtractedFacts:
    """The parsed answer, only when the raw reply was a well-formed JSON object (no partial-JSON guessing)."""
    if reply.get("parsing_error") is not None or reply.get("parsed") is None:
        raise OutputParserException(str(reply.get("parsing_error") or "empty reply"))
    raw = str(getattr(reply.get("raw"), "content", "") or "")
    try:
        return ExtractedFacts.model_validate_json(_FENCE.sub("", raw.strip()))
    except ValidationError as e:
        raise OutputParserException(str(e)) from None


def extract_with_model(message: str, facts: Facts, llm: Any, context: Optional[Context] = None) -> Extraction:
    """Proposed updates from a chat message via the model's structured output, each checked against the message."""
    structured = extraction_prompt() | llm.with_structured_output(ExtractedFacts, method="json_mode", include_raw=True)
    inputs = {"fields": field_list(), "agency": facts.agency, "year": str(facts.year), "message": message}
    try:
        answer = _strict(call_with_retries(lambda: structured.invoke(inputs)))
    except (ModelError, OutputParserException) as e:
        result = extract_with_grammar(message, facts, context)
        reason = str(e) if isinstance(e, ModelError) else "模型返回的内容不是约定的 JSON 格式"
        result.questions.insert(0, f"（{reason}；以下为内置规则识别的结果，请逐项确认。）")
        return result
    if not answer.updates and not answer.questions:
        return extract_with_grammar(message, facts, context)
    result = Extraction()
    seen: set[str] = set()
    for update in answer.updates:
        proposal, question = _checked(update, message, facts)
        if proposal is not None and (proposal.key.startswith("notes.") or proposal.key not in seen):
            seen.add(proposal.key)
            result.proposals.append(proposal)
        if question and question not in result.questions:
            result.questions.append(question)
    result.questions += [q.strip() for q in answer.questions if q.strip() and q.strip() not in result.questions]
    return merge(result, extract_with_grammar(message, facts, context), message)
