"""Revision chain: instruction + current section text (+ facts) → a suggested text with its diff, guarded."""
from __future__ import annotations

from typing import Any, Optional

from langchain_core.prompts import ChatPromptTemplate

from chains.drafting import (Basis, invoke_once, problems_text, reask_once, request_slots, require_narrative,
                             task_reask_template, tidy_rewrite)
from chains.model import ModelReplyError, model_name
from chains.prompts import facts_block, load_prompt, prompt_tags, section_inputs
from report.basis import validated
from report.drafted import DraftedSection, check_section, text_diff
from report.errors import NianbaoError
from report.findings import Finding
from report.replies import TidyReply
from report.textcheck import TextCheck

OFFLINE_REVISION_MESSAGE = ("自由改写需要配置模型（设置 OPENAI_BASE_URL、OPENAI_API_KEY 和 NIANBAO_MODEL）。"
                            "离线模式下可以直接编辑正文，或重新生成离线草稿。")
__all__ = ["OFFLINE_REVISION_MESSAGE", "EmptyInstructionError", "OfflineRevisionError", "revise_section", "text_diff"]


class OfflineRevisionError(NianbaoError):
    """Free rewriting was asked for but no model is configured."""

    def __init__(self, message: str = OFFLINE_REVISION_MESSAGE):
        super().__init__(message)


class EmptyInstructionError(NianbaoError):
    """The revision instruction is empty."""


def revise_template() -> ChatPromptTemplate:
    """System rules + the revision template."""
    system, revise = load_prompt("system"), load_prompt("revise")
    return ChatPromptTemplate.from_messages([("system", system.text), ("human", revise.text)])


def revise_section(num: str, text: str, instruction: str, facts: Basis, llm: Any = None,
                   open_errors: Optional[list[Finding]] = None) -> DraftedSection:
    """A revised text suggested for the reviewer, with its diff; unsupported numbers re-asked once, then flagged."""
    require_narrative(num)
    if llm is None:
        raise OfflineRevisionError()
    if not instruction.strip():
        raise EmptyInstructionError("请写明修改要求，例如“把第二段写得更简洁”。")
    this, slots = validated(facts), request_slots()
    system, revise = load_prompt("system"), load_prompt("revise")
    inputs = {**section_inputs(num, this), "text": text, "instruction": instruction.strip(),
              "facts": facts_block(this.facts, num)}
    tidy = tidy_rewrite(num, invoke_once(revise_template(), llm, inputs, slots))  # ModelFormatError: not kept
    if not (revised := tidy.text):
        raise ModelReplyError(f"模型没有返回修改后的第{num}部分正文，请重试。")
    recheck = lambda new: check_section(num, new, this, open_errors)  # noqa: E731
    suggestion = DraftedSection(num, recheck(revised), prompt_version=prompt_tags(system, revise),
                                model=model_name(llm), original=text, instruction=instruction.strip(),
                                notes=tidy.notes)

    def rewrite(check: TextCheck) -> TidyReply:
        again = {**inputs, "draft": revised, "problems": problems_text(check)}
        return tidy_rewrite(num, invoke_once(task_reask_template(system, revise), llm, again, slots))

    return reask_once(suggestion, rewrite, recheck, prompt_tags(system, revise, load_prompt("reask")))
