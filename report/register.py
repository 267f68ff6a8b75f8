"""Notes in the report's register: a rule table (report/register.toml) turns a staff member's note into 公文 wording."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("register.toml")
_END = "。；;，,.！!？? "


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The register table: leading time words, colloquial → formal words, markers, plan words."""
    with open(RULES_FILE, "rb") as fh:
        return tomllib.load(fh)


def _longest_first(table: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(table.items(), key=lambda kv: -len(kv[0]))


def clause(note: str) -> str:
    """A note without its end punctuation, inner whitespace or a 问题：/改进： label."""
    text = re.sub(r"\s+", "", note).strip(_END)
    return re.sub(r"^(?:存在的?)?(?:主要)?(?:(?:问题|不足)(?:[：:]|是|在于)|(?:改进|措施|改进措施|整改|计划|下一步)[：:])", "",
                  text).strip(_END)


def is_plan(note: str) -> bool:
    """True when a note states something planned, not done (明年、下一步、计划、拟…)."""
    return any(w in note for w in rules()["plan_markers"])


def _time_lead(text: str, year: int) -> tuple[str, bool]:
    for word, lead in _longest_first(rules()["lead"]):
        if text.startswith(word):
            return lead.format(year=year) + text[len(word):].lstrip("，, "), True
    return text, False


def with_subject(text: str) -> str:
    """The clause with 本机关 before it when it starts with a verb (开展、发布、通过…)."""
    r = rules()
    if text.startswith(tuple(r["channels"])):
        text = "通过" + text
    return r["subject"] + text if text.startswith(tuple(r["verbs"])) else text


def needs_rewording(text: str) -> bool:
    """True when a text holds a colloquial word (今年、我们、搞…) that the report may not keep."""
    return any(w in text for w in rules()["markers"])


def formal_clause(note: str, year: int, subject: bool = True) -> str:
    """One note as a 公文 clause (no end punctuation): time words, 我们 and colloquial verbs replaced; numbers kept;
    本机关 put before a leading verb unless subject is False."""
    text, led = _time_lead(clause(note), year)
    head, rest = (text.split("，", 1) + [""])[:2] if led else ("", text)
    for word, formal in _longest_first(rules()["words"]):
        rest = rest.replace(word, formal)
    rest = rest.lstrip("，")
    for word, formal in _longest_first(rules()["start"]):
        if rest.startswith(word):
            rest = formal + rest[len(word):]
    rest = with_subject(rest) if subject else rest
    return f"{head}，{rest}" if led else rest


def formal_sentence(note: str, year: int, lead: str = "") -> str:
    """One note as one 公文 sentence ending in 。; lead (e.g. "同时，") goes before it unless it starts with a time."""
    text = formal_clause(note, year)
    if not text:
        return ""
    starts_with_time = bool(re.match(r"^(?:\d{4}年|本年|全年|上年|年内)", text))
    return (text if starts_with_time or not lead else lead + text) + "。"


def colloquial_markers(text: str) -> list[str]:
    """Every colloquial word still in a text (今年、我们、搞…), once per occurrence."""
    return [w for w in rules()["markers"] for _ in re.finditer(re.escape(w), text)]
