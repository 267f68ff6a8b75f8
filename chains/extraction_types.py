"""What fact extraction proposes, shared by the grammar and the model paths: proposals, vagueness, applying."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional, Union

from report import format as fmt
from report.facts import Facts, facts_from_dict
from report.numbers import CN_NUMERAL_CHARS

Value = Union[int, Decimal, str]
NOTE_KEYS: tuple[str, ...] = tuple(f"notes.{n}" for n in fmt.NARRATIVE_SECTIONS)
# An amount that is not exact (约、超过、十几件、三四件…): asked about, never taken.
VAGUE = re.compile(rf"约|大约|大概|近|左右|超过|不到|多于|少于|若干|[0-9０-９{CN_NUMERAL_CHARS}]+[多余几]|几[十百]?[件条次]|"
                   rf"[{CN_NUMERAL_CHARS}]{{0,2}}[一二三四五六七八九][一二三四五六七八九](?=件|条|次)")


@dataclass
class FactProposal:
    """One proposed update: the target (cell key or notes.<section>), the value, a Chinese label and the quote."""

    key: str
    value: Value
    label: str
    quote: str
    current: Any = None
    note: str = ""  # how it was read when not literally (含上年结转 arithmetic, 更正)


@dataclass
class UnreadPart:
    """Part of a message not turned into a proposal: listed with the 要点 it most likely belongs to (or ignored)."""

    text: str
    section: str  # "一", "五" or "六"
    label: str  # 第一部分要点（平台建设）
    reason: str = ""  # why a partly read clause is listed (有的数字未能识别)


@dataclass
class Extraction:
    """What a message says: proposals to confirm, and questions about what was too vague to take."""

    proposals: list[FactProposal] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    unread: list[UnreadPart] = field(default_factory=list)
    asked_row: Optional[str] = None  # the Table 三 row whose split the reply asks for (the next message may answer)


def proposal_label(key: str) -> str:
    """The Chinese name of a proposal's target: a cell's label, or 第N部分要点."""
    return f"第{key[-1]}部分要点" if key.startswith("notes.") else fmt.cell_label(key)


def apply_proposals(facts: Facts, proposals: list[FactProposal]) -> Facts:
    """A new Facts with the confirmed proposals applied (validated again; FactsError on a bad value)."""
    data = facts.model_dump(mode="json")
    for p in proposals:
        if p.key.startswith("notes."):
            notes = data.setdefault("notes", {}).setdefault(p.key.split(".", 1)[1], [])
            if p.value not in notes:
                notes.append(str(p.value))
        elif fmt.is_cell_key(p.key):
            ref = fmt.cell_ref(p.key)
            ref.set_in(data, str(p.value) if ref.path == ("fees_wan",) else p.value)
    return facts_from_dict(data)
