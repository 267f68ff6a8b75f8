"""Questions in the chat (还差什么？什么是三安全一稳定？表三的勾稽关系是什么？去年怎么写平台建设的？), answered from data."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from report import format as fmt
from report.rules.registry import RULE_BY_KEY

GLOSSARY_FILE = Path(__file__).with_name("glossary.toml")
# The identities each table is checked by (rule keys of report/rules/registry.py).
TABLE_RULES: dict[str, tuple[str, ...]] = {"二": ("P2", "P6"), "三": ("O1", "S1", "S2", "P1"), "四": ("S3", "S4")}

_ASKING = re.compile(r"[？?]\s*$|什么|怎么|如何|哪些|哪几|是否|能否|为什么|吗[。？?！!]?\s*$|请问")
_MISSING = re.compile(r"还(差|缺|剩|要|需要|有)(什么|哪些|啥|多少)|(缺|差)(什么|哪些|啥)|还没(填|完成)|进度|下一步(做|干)什么")
_PAST = re.compile(r"(去年|往年|上年|以前|之前|过去)[^。？?]{0,12}(怎么|如何|是怎样)[^。？?]{0,4}(写|表述)")
_IDENTITY = re.compile(r"勾稽|校验规则|核对规则|平衡关系|等式|怎么(核对|校验)")
_DEFINE = re.compile(r"什么是|是什么|什么意思|指什么|怎么理解|含义|怎么算|算不算|计入哪")
_TABLE = re.compile(r"表\s*([二三四2-4])")
_ARABIC = {"2": "二", "3": "三", "4": "四"}


@dataclass(frozen=True)
class Question:
    """What a question asks: kind (missing, past, identity, define), and the table, term or topic it names."""

    kind: str
    subject: str = ""


@lru_cache(maxsize=1)
def glossary() -> dict[str, dict]:
    """The glossary as data: term → {names, text}."""
    return tomllib.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))["terms"]


def _term(text: str) -> Optional[str]:
    names = sorted(((n, t) for t, d in glossary().items() for n in d["names"]), key=lambda p: len(p[0]), reverse=True)
    return next((term for name, term in names if name in text), None)


def _topic(text: str, m: re.Match) -> str:
    """The topic of a 去年怎么写…的 question: the words around the verb, without question words."""
    topic = re.sub(r"(去年|往年|上年|以前|之前|过去|我们|我局|本机关|怎么|如何|是怎样|写的?|表述|的|呢|吗|[？?。，,])", "", text)
    return topic.strip() or "总体情况"


def question_of(text: str) -> Optional[Question]:
    """The question a message asks, or None when it is not a question the chat answers from data."""
    text = text.strip()
    if not _ASKING.search(text):
        return None
    if _MISSING.search(text):
        return Question("missing")
    if m := _PAST.search(text):
        return Question("past", _topic(text, m))
    table = _TABLE.search(text)
    if _IDENTITY.search(text):
        return Question("identity", _ARABIC.get(table.group(1), table.group(1)) if table else "")
    if _DEFINE.search(text) and (term := _term(text)):
        return Question("define", term)
    return None


def identities_text(table: str = "") -> str:
    """The identities of a table (or of all three) in words, from the format and the rule registry."""
    tables = [table] if table in TABLE_RULES else list(TABLE_RULES)
    lines = []
    for t in tables:
        rules = "；".join(f"{k}：{RULE_BY_KEY[k].title}" for k in TABLE_RULES[t])
        lines.append(f"表{t}（{fmt.SECTION_BY_NUM[t].title}）——{rules}。")
        if t == "三":
            lines.append(f"表三原表注明：{fmt.T3_NOTE}")
    return "\n".join(lines)


def definition_text(term: str) -> str:
    """The glossary's answer for a term."""
    return f"{term}：{glossary()[term]['text']}"


def data_answer(question: Question) -> Optional[str]:
    """The answer to a question about a term or a table's identities, from data; None for other kinds."""
    if question.kind == "define":
        return definition_text(question.subject)
    if question.kind == "identity":
        return "勾稽关系（校验器按这些规则检查）：\n" + identities_text(question.subject)
    return None
