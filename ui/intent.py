"""What a chat message asks for: draft a section, revise a section, or (default) update the facts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from report import format as fmt
from report.chat.questions import Question, question_of

_DRAFT = re.compile(r"(起草|撰写|草拟|生成|写一下|写一稿|写出|出一稿|拟写|重写|写)")
_STRONG_REVISE = re.compile(r"(修改|改写|改一下|改成|润色|精简|扩写|压缩|写得|写的)")
_REVISE = re.compile(r"(修改|改写|改得|改成|改一下|润色|写得|写的|更具体|具体些|具体一些|详细|精简|简洁|压缩|扩写|补充|调整|"
                     r"删去|删掉|去掉|加上|增加|换个|语气|正式|口语)")
_ALL = re.compile(r"(全部|所有|每个|每一|三个)(叙述|文字)?(部分|章节)?|整篇|全文|完整报告")
_ORDINAL = re.compile(r"第\s*([一二三四五六1-6])\s*(部分|节|章|项)")
_ARABIC = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六"}


@dataclass(frozen=True)
class Intent:
    """kind is "draft", "revise", "question" or "facts"; sections are 一/五/六 numerals; instruction is the user's words."""

    kind: str
    sections: tuple[str, ...] = ()
    instruction: str = ""
    question: Optional[Question] = None


_LOOSE_NAMES = (("存在的问题", "五"), ("问题及改进", "五"), ("改进情况", "五"), ("其他事项", "六"), ("信息处理费说明", "六"))


def _named(message: str, loose: bool) -> set[str]:
    """Sections named exactly (第X部分, heading, title) or, when loose, also by variants and everyday words."""
    found = {_ARABIC.get(m.group(1), m.group(1)) for m in _ORDINAL.finditer(message)}
    for sec in fmt.SECTIONS:
        if any(name in message for name in (sec.heading, sec.title, *(sec.variants if loose else ()))):
            found.add(sec.num)
    if loose:
        found |= {num for short, num in _LOOSE_NAMES if short in message}
    return found


def sections_named(message: str) -> list[str]:
    """Narrative sections a message names (by 第X部分, heading or title variants), in section order."""
    found = _named(message, loose=True)
    return [n for n in fmt.SECTION_NUMS if n in found]


def classify(message: str, has_text: Optional[set[str]] = None) -> Intent:
    """Decide what the user wants; a revise request on a section without text becomes a draft request."""
    has_text = has_text or set()
    text = message.strip()
    if asked := question_of(text):
        return Intent("question", (), text, asked)
    named = [n for n in sections_named(text) if n in fmt.NARRATIVE_SECTIONS]
    if _ALL.search(text) and _DRAFT.search(text):
        return Intent("draft", tuple(fmt.NARRATIVE_SECTIONS), text)
    if not named:
        return Intent("facts", (), text)
    exact = _named(text, loose=False)
    if not exact and not (_DRAFT.search(text) or _STRONG_REVISE.search(text)):
        # "存在的问题是……，明年增加图解": facts told in everyday words, not a request to write
        return Intent("facts", (), text)
    if _REVISE.search(text):
        if all(n in has_text for n in named):
            return Intent("revise", tuple(named), text)
        return Intent("draft", tuple(named), text)
    if _DRAFT.search(text):
        return Intent("draft", tuple(named), text)
    return Intent("facts", (), text)
