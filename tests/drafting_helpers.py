"""Replies of the fake server for drafting tests: section 一 answered sub-head by sub-head, 五 and 六 whole."""
from __future__ import annotations

import re
from typing import Callable, Optional

from chains.section_one import assemble
from fake_openai import Reply
from report.facts import blank_facts
from report.subheads import SUBHEADS

GOOD_SUBS = {
    "（一）主动公开": "本年度制发行政规范性文件2件，作出行政许可决定36件，门户网站主动公开政府信息72条。",
    "（二）依申请公开": "本年度新收政府信息公开申请5件，办结5件，其中予以公开4件、无法提供1件。",
    "（三）政府信息管理": "严格落实公开前保密审查制度，动态调整主动公开目录。",
    "（四）政府信息公开平台建设": "持续做好门户网站信息公开专栏的更新维护。",
    "（五）监督保障": "开展政务公开培训18次。",
}
GOOD_ONE = assemble(list(GOOD_SUBS.values()))
GOOD_SIX = "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。无其他需要报告的事项。"
GOOD_FIVE = "（一）存在的主要问题\n政策解读形式较为单一。\n（二）改进措施\n增加图解和视频解读，提升解读质量。"
_SUBHEAD = re.compile(r"小标题“(（[一二三四五]）[^”]+)”")


def user_text(body: dict) -> str:
    """The first user message of a request (the section or sub-head prompt)."""
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


def subhead_of(body: dict) -> Optional[str]:
    """The sub-head line a request drafts (None for a request about 五 or 六)."""
    m = _SUBHEAD.search(user_text(body))
    return m.group(1) if m else None


def is_reask(body: dict) -> bool:
    """True for the re-ask (prompt, draft, problems), False for a first draft."""
    return len(body["messages"]) == 4


def section_of(body: dict) -> str:
    """一, 五 or 六: which section a request is about."""
    if subhead_of(body):
        return "一"
    return "五" if "“五、" in user_text(body) else "六"


def requests_for(server, line: str) -> list[dict]:
    """The recorded requests about one sub-head, in arrival order."""
    return [b for b in server.requests if subhead_of(b) == line]


def responder(subs: Optional[dict] = None, reasks: Optional[dict] = None, five: str = GOOD_FIVE,
              six: str = GOOD_SIX, replies: Optional[dict] = None) -> Callable[[dict], Reply]:
    """Answer each request by what it is about: sub-head texts, re-ask texts, 五 and 六; replies override."""
    subs, reasks, replies = {**GOOD_SUBS, **(subs or {})}, reasks or {}, replies or {}

    def answer(body: dict) -> Reply:
        line = subhead_of(body)
        if line is None:
            return Reply(text=five if section_of(body) == "五" else six)
        if is_reask(body):
            return Reply(text=reasks.get(line, GOOD_SUBS[line]))
        return replies.get(line) or Reply(text=subs[line])

    return answer


def lines() -> list[str]:
    """The five sub-head lines in order."""
    return [s.line for s in SUBHEADS]


def drafting_facts():
    """A small agency's facts with Tables 二/三 figures and notes for 一/五/六: what the drafting tests draft from."""
    facts = blank_facts("测试县文化和旅游局", 2024)
    facts.t2.licensing = 36
    facts.t2.normative_docs.made = 2
    facts.t3["r1"] = [4, 1, 0, 0, 0, 0, None]
    facts.t3["r3"] = [3, 1, 0, 0, 0, 0, None]
    facts.t3["r13"] = [1, 0, 0, 0, 0, 0, None]
    facts.notes = {"一": ["门户网站主动公开政府信息72条", "开展政务公开培训18次", "按时回复率100%"],
                   "五": ["问题：政策解读形式较为单一", "改进：增加图解和视频解读"], "六": ["本年度未收取信息处理费"]}
    return facts
