"""A model's reply made fit for a section: Markdown stripped, tables and foreign headings dropped, over-long text
cut at a sentence end, the API key scrubbed; English refused. Each change is a Chinese note for the reviewer."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Optional

from report import format as fmt
from report.errors import NianbaoError
from report.subheads import SUBHEADS, SubHead

LIMITS_FILE = Path(__file__).with_name("replies.toml")
PARTIAL_MARK = "【未完成稿：模型答复中断，以下为中断前收到的部分，请补全或重新起草】"
SCRUBBED = "［密钥已隐去］"  # not "***": Markdown stripping would leave nothing to see
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$|^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*(.*?)\s*#*\s*$")
_LIST_MARK = re.compile(r"^(\s*)(?:[-*+•]|\d+[.)])\s+(?=\S)")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|`")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_FENCE = re.compile(r"^\s*```")
_SENTENCE_END = "。！？；!?;…"
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


class ReplyFormatError(NianbaoError):
    """A reply that cannot be kept as section text (English); the message names the section."""


@dataclass
class TidyReply:
    """The reply as section text and a note for each change made to it."""

    text: str
    notes: list[str] = field(default_factory=list)


@cache
def limits() -> dict:
    """The budgets and the English test (replies.toml)."""
    with LIMITS_FILE.open("rb") as fh:
        return tomllib.load(fh)


def budget(num: str) -> int:
    """Characters a reply for section `num` (for 一: one sub-head) may have."""
    return int(limits()["budget"][num])


def max_stream_chars() -> int:
    """Characters of one streamed reply read at most."""
    return int(limits()["stream"]["max_chars"])


def scrub_secret(text: str, secret: Optional[str]) -> str:
    """The text with every occurrence of the secret (the API key) replaced by SCRUBBED."""
    return text.replace(secret, SCRUBBED) if secret and len(secret) >= 4 else text


def is_english(text: str) -> bool:
    """True when the text is mostly Latin letters (an English reply), not Chinese with a few abbreviations."""
    letters, cjk = len(_LATIN.findall(text)), len(_CJK.findall(text))
    rule = limits()["english"]
    return letters >= rule["min_letters"] and letters > rule["letters_per_cjk"] * cjk


def _format_heading(line: str, num: str) -> bool:
    """True for a heading line the format has in this section (for 一, its sub-heads)."""
    norm = line.strip()
    return num == "一" and norm in {s.line for s in SUBHEADS}


def _foreign_heading(line: str) -> Optional[str]:
    """The heading text of a Markdown heading or of another section's heading line, else None."""
    if m := _MD_HEADING.match(line):
        return m.group(1) or "#"
    norm = line.strip().rstrip("：:")
    return norm if any(norm == s.heading or norm == s.title for s in fmt.SECTIONS) else None


def strip_markdown(text: str, num: str) -> TidyReply:
    """Plain text: tables and headings the format lacks dropped (noted), list marks, emphasis and links removed."""
    out, tables, headings, in_table, in_fence = [], 0, [], False, False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if _TABLE_ROW.match(line):
            tables += 0 if in_table else 1
            in_table = True
            continue
        in_table = False
        if not _format_heading(line, num) and (heading := _foreign_heading(line)) is not None:
            headings.append(heading)
            continue
        line = _LINK.sub(r"\1", _LIST_MARK.sub(r"\1", line))
        out.append(_EMPHASIS.sub("", line))
    notes = []
    if tables:
        notes.append(f"模型答复中的 {tables} 个表格已删除（报告的表格由核对后的数据生成，正文不列表格），请检查上下文是否通顺。")
    if headings:
        shown = "、".join(f"“{h}”" for h in headings[:3]) + (" 等" if len(headings) > 3 else "")
        notes.append(f"模型答复中本部分没有的标题 {shown} 已删除。")
    return TidyReply(re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip(), notes)


def cut_at_sentence(text: str, limit: int) -> str:
    """The text cut to at most `limit` characters, at the last sentence end inside it (else at the limit)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(c) for c in _SENTENCE_END)
    return head[:end + 1] if end >= limit // 2 else head


def _tidy_part(text: str, num: str, where: str, limit: int) -> TidyReply:
    """One reply (a section, or one sub-head of 一): Markdown stripped, English refused, cut to `limit` characters."""
    out = strip_markdown(text, num)
    out.notes = [n if where == f"第{num}部分" else f"{where}：{n}" for n in out.notes]
    if is_english(out.text):
        raise ReplyFormatError(f"模型用英文答复了{where}，未采用（报告正文须为中文），请重试或换用中文模型。")
    if len(out.text) > limit:
        cut = cut_at_sentence(out.text, limit)
        out.notes.append(f"模型答复过长（{len(out.text)} 字，{where}上限 {limit} 字），已在句末截断为 {len(cut)} 字，"
                         "请检查结尾是否完整。")
        out.text = cut
    return out


def _split_subheads(text: str) -> Optional[list[str]]:
    """The five sub-head bodies of an assembled section 一, or None when it is not in that form."""
    lines = {s.line for s in SUBHEADS}
    bodies: list[list[str]] = []
    for line in text.split("\n"):
        if line.strip() in lines:
            bodies.append([])
        elif bodies:
            bodies[-1].append(line)
        elif line.strip():
            return None
    return ["\n".join(b) for b in bodies] if len(bodies) == len(SUBHEADS) else None


def bare_text(text: str) -> str:
    """The text without section 一's sub-head lines and blank space ("" when only headings arrived)."""
    lines = {s.line for s in SUBHEADS}
    return "".join(line.strip() for line in text.split("\n") if line.strip() not in lines)


def _secret_note(text: str) -> list[str]:
    """The note for a reply that carried the API key (a streamed reply arrives scrubbed already: the mark tells)."""
    return [f"模型答复中出现了 API 密钥，已替换为“{SCRUBBED}”，请删去这句。"] if SCRUBBED in text else []


def tidy_subhead(sub: SubHead, text: str, secret: Optional[str] = None) -> TidyReply:
    """One sub-head's reply of section 一 (a re-ask) as it may be kept, within the sub-head budget; see the module."""
    text = scrub_secret(text, secret)
    out = _tidy_part(text, "一", f"第一部分“{sub.line}”", budget("一"))
    out.notes[:0] = _secret_note(text)
    return out


def tidy_reply(num: str, text: str, secret: Optional[str] = None) -> TidyReply:
    """The reply for section `num` as it may be kept (ReplyFormatError when it must not be): see the module."""
    text = scrub_secret(text, secret)
    secret_note = _secret_note(text)
    bodies = _split_subheads(text) if num == "一" else None
    if bodies is None:
        whole = budget(num) * (len(SUBHEADS) if num == "一" else 1)
        out = _tidy_part(text, num, f"第{num}部分", whole)
    else:
        parts = [_tidy_part(body, num, f"第一部分“{sub.line}”", budget(num)) for sub, body in zip(SUBHEADS, bodies)]
        out = TidyReply("\n".join(f"{sub.line}\n{p.text}" for sub, p in zip(SUBHEADS, parts)),
                        [n for p in parts for n in p.notes])
    out.notes[:0] = secret_note
    return out
