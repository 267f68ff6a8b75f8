"""Revision chain: instruction + current section text (+ facts) → a suggested text with its diff, guarded."""
from __future__ import annotations

import difflib
from typing import Any, Optional

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from chains.drafting import apply_check, check_draft, clean_text, problems_text, require_narrative, validated
from chains.model import ModelError, ModelReplyError, call_with_retries, model_name
from chains.prompts import facts_block, load_prompt, prompt_tags, section_inputs
from chains.schemas import Suggestion
from report import format as fmt
from report.errors import NianbaoError
from report.facts import Facts
from report.findings import Finding
from report.numbers import split_sentences

OFFLINE_REVISION_MESSAGE = ("自由改写需要配置模型（设置 OPENAI_BASE_URL、OPENAI_API_KEY 和 NIANBAO_MODEL）。"
                            "离线模式下可以直接编辑正文，或重新生成离线草稿。")


class OfflineRevisionError(NianbaoError):
    """Free rewriting was asked for but no model is configured."""

    def __init__(self, message: str = OFFLINE_REVISION_MESSAGE):
        super().__init__(message)


class EmptyInstructionError(NianbaoError):
    """The revision instruction is empty."""


def _lines(text: str) -> list[str]:
    """A text as one line per sentence, so the diff shows changed sentences rather than whole paragraphs."""
    return [s.strip() + "\n" for _, _, s in split_sentences(text) if s.strip()]


def text_diff(old: str, new: str, section: str = "") -> str:
    """Unified diff of two section texts, sentence by sentence (empty when nothing changed)."""
    name = fmt.SECTION_BY_NUM[section].heading if section in fmt.SECTION_BY_NUM else "正文"
    return "".join(difflib.unified_diff(_lines(old), _lines(new), f"{name}（现稿）", f"{name}（建议）", n=1))


def revise_template() -> ChatPromptTemplate:
    """System rules + the revision template."""
    system, revise = load_prompt("system"), load_prompt("revise")
    return ChatPromptTemplate.from_messages([("system", system.text), ("human", revise.text)])


def revise_section(num: str, text: str, instruction: str, facts: Facts, llm: Any = None,
                   open_errors: Optional[list[Finding]] = None) -> Suggestion:
    """A revised text suggested for the reviewer, with its diff; unsupported numbers re-asked once, then flagged."""
    require_narrative(num)
    if llm is None:
        raise OfflineRevisionError()
    if not instruction.strip():
        raise EmptyInstructionError("请写明修改要求，例如“把第二段写得更简洁”。")
    facts = validated(facts)
    system, revise = load_prompt("system"), load_prompt("revise")
    inputs = {**section_inputs(num, facts), "text": text, "instruction": instruction.strip(),
              "facts": facts_block(facts, num)}
    chain = revise_template() | llm | StrOutputParser()
    revised = clean_text(num, call_with_retries(lambda: chain.invoke(inputs)))
    if not revised:
        raise ModelReplyError(f"模型没有返回修改后的第{num}部分正文，请重试。")
    check = check_draft(num, revised, facts, open_errors)
    suggestion = Suggestion(num, revised, "", [], prompt_tags(system, revise), model_name(llm), text, instruction.strip())
    apply_check(suggestion, check)
    if check.flags:
        reask = load_prompt("reask")
        again = ChatPromptTemplate.from_messages([("system", system.text), ("human", revise.text), ("ai", "{draft}"),
                                                  ("human", reask.text)]) | llm | StrOutputParser()
        suggestion.reasked, suggestion.prompt_version = True, prompt_tags(system, revise, reask)
        try:
            fixed = clean_text(num, call_with_retries(lambda: again.invoke(
                {**inputs, "draft": revised, "problems": problems_text(check.flags)})))
        except ModelError as e:
            suggestion.warnings.append(f"自动核对后重写失败，保留建议稿并标出问题：{e}")
            fixed = ""
        if fixed:
            suggestion.text = fixed
            apply_check(suggestion, check_draft(num, fixed, facts, open_errors))
    suggestion.diff = text_diff(text, suggestion.text, num)
    return suggestion
