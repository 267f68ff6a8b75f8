"""Clauses the grammar did not turn into cells: problems and plans → 五's 要点, fees → 六's, work done → 一's, the rest listed."""
from __future__ import annotations

import re
from dataclasses import dataclass

from report.chat.lexicon import words
from report.chat.tokens import Clause
from report.subheads import SUBHEAD_BY_KEY, route_note

_PROBLEM_PREFIX = re.compile(r"^(今年|本年度?)?(工作中)?(存在的主要问题|存在的问题|存在问题|主要问题)(是|为|有)?[：:，,]?")
_SUBHEAD_NAME = re.compile(r"^（[一二三四五]）(政府信息公开)?")


@dataclass
class NoteFact:
    """A 要点 for a narrative section (一 with its sub-head), and the words it came from."""

    section: str
    text: str
    quote: str
    pos: int
    subhead: str = ""  # key of report.subheads.SUBHEADS for section 一


@dataclass
class Unread:
    """Part of a message not turned into anything, listed with the section whose 要点 it most likely belongs to."""

    text: str
    section: str
    pos: int
    subhead: str = ""
    reason: str = ""  # why it is listed when part of it was read (有的数字未能识别)


def subhead_name(key: str) -> str:
    """Short name of a sub-head of section 一 ("平台建设")."""
    return _SUBHEAD_NAME.sub("", SUBHEAD_BY_KEY[key].line) if key in SUBHEAD_BY_KEY else ""


_WILL = re.compile(r"^(我们|我局|本机关|本单位)?(将|要|拟)")  # 将加强培训: a plan, when it opens the clause


def _has(text: str, kind: str) -> bool:
    return any(w in text for w in words(kind)) or (kind == "plan" and bool(_WILL.match(text)))


def _filler(text: str) -> bool:
    bare = re.sub(r"[\s，,。、！!？?：:；;…~～]", "", text)
    for word in sorted(words("filler"), key=len, reverse=True):
        bare = bare.replace(word, "")
    return len(bare) <= 1


def section_of(text: str) -> str:
    """The section whose 要点 a piece of text most likely belongs to: 五 for problems and plans, 六 for fees, else 一."""
    if _has(text, "problem") or _has(text, "plan"):
        return "五"
    return "六" if _has(text, "fee") else "一"


def leftovers(clauses: list[Clause]) -> tuple[list[NoteFact], list[Unread]]:
    """Notes from the clauses not read into cells, and what is left unread (listed, never dropped)."""
    notes: list[NoteFact] = []
    unread: list[Unread] = []
    problem_sentence = None
    for clause in clauses:
        text = clause.text
        if _filler(text):
            continue
        if problem_sentence == clause.sentence and notes and notes[-1].section == "五":
            notes[-1].text += f"，{text}"
            notes[-1].quote += f"，{text}"
        elif _has(text, "problem") or _has(text, "plan"):
            note = _PROBLEM_PREFIX.sub("", text) or text
            notes.append(NoteFact("五", note, text, clause.start))
            problem_sentence = clause.sentence
        elif _has(text, "fee"):
            notes.append(NoteFact("六", text, text, clause.start))
        elif _has(text, "narrative"):
            notes.append(NoteFact("一", text, text, clause.start, route_note(text)))
        else:
            section = section_of(text)
            unread.append(Unread(text, section, clause.start, route_note(text) if section == "一" else ""))
    return notes, unread
