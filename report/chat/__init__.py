"""Reading a chat message against the form (no model): cell values, 要点, questions, and what was left unread."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from report.errors import MessageTooLongError
from report.facts import CHAT_MAX_CHARS
from report.chat.grammar import CellFact, Context, State, bind
from report.chat.leftover import NoteFact, Unread, leftovers, section_of, subhead_name
from report.chat.reconcile import reconcile
from report.chat.tokens import Clause, Num, clauses
from report.chat.wordless import read_wordless

_NONE_AT_ALL = re.compile(r"[一1][件个起次项].{0,6}?(都|也)(没|未|不)")
__all__ = ["CellFact", "Context", "NoteFact", "Reading", "Unread", "read_message", "subhead_name"]


@dataclass
class Reading:
    """What a message says: cell values, notes, questions (vague or ambiguous), and the parts not understood."""

    cells: list[CellFact] = field(default_factory=list)
    notes: list[NoteFact] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    asked_row: Optional[str] = None


def _mark_old(parts: list[Clause]) -> bool:
    """In a correction, mark the wrong values (不是10件; 10件不对) so only the new ones are read; True if correcting."""
    correcting = any(c.has("correction") or c.has("old_value") for c in parts)
    if not correcting:
        return False
    for clause in parts:
        items = clause.items
        for i, item in enumerate(items):
            if isinstance(item, Num):
                before = items[i - 1] if i else None
                after = items[i + 1] if i + 1 < len(items) else None
                if (before is not None and not isinstance(before, Num) and before.kind == "old_value") or (
                        after is not None and not isinstance(after, Num) and after.text in ("不对", "错了")):
                    item.old = True
    return True


def _correct(state: State, clause: Clause, num: Num, ctx: Context) -> bool:
    """说错了，是12件不是10件: the cell that held the old value (in the last reply, else in the tables) gets the new one."""
    old = next((n.value for c in [clause] for n in c.nums if n.old), None)
    recent = [k for k, v in ctx.recent.items() if old is None or v == old]
    keys = recent or ([] if old is None else [k for k in _all_keys() if ctx.current(k) == old])
    if len(keys) != 1:
        state.questions.append(f"“{clause.text}”要更正的是哪一项？请连同项目名称再说一遍（如“收到申请是12件”）。")
        return True
    state.cells.append(CellFact(keys[0], num.value, clause.text, clause.start, "更正",
                                old if old is not None else ctx.recent.get(keys[0])))
    return True


def _all_keys() -> tuple[str, ...]:
    from report.format import ALL_CELL_KEYS, is_total_cell
    return tuple(k for k in ALL_CELL_KEYS if not is_total_cell(k)) + tuple(k for k in ALL_CELL_KEYS if is_total_cell(k))


def _read_clause(state: State, clause: Clause, ctx: Context) -> bool:
    """Read one clause into the state; True when it was understood."""
    nums = [n for n in clause.nums if not n.old]
    if nums and clause.has("negation") and all(n.value == 1 for n in nums) and _NONE_AT_ALL.search(clause.text):
        nums = []  # 一件复议都没有
    if not nums:
        understood = read_wordless(state, clause, ctx)
        names_only = all(t.kind in ("row", "t4g", "t2r", "t2s", "group", "weak", "total") for t in clause.toks if t.content)
        if names_only and (understood and not clause.nums or clause.nums and all(n.last_year for n in clause.nums)):
            state.subject_sentence = clause.sentence  # 新收申请：/ 行政许可比上年减少了200件，(今年是1200件)
        if any(n.last_year for n in clause.nums):
            state.missed.append(clause)
        return understood or (state.correcting and bool(clause.nums or clause.has("correction")))
    missed = []
    for num in nums:
        if num.vague or num.value is None:
            state.questions.append(f"“{clause.text}”的数量不够确切，请告诉我准确的数字。")
        elif bind(state, clause, num, ctx):
            continue
        elif state.correcting and not any(t.content for t in clause.toks):
            _correct(state, clause, num, ctx)
        else:
            missed.append(num)
    state.subject_sentence = -1
    if any(n.last_year for n in clause.nums):
        missed += [n for n in clause.nums if n.last_year]
    if missed and len(missed) < len(nums) + sum(n.last_year for n in clause.nums):
        state.missed.append(clause)  # part of the clause was read: the rest is listed, not dropped
    return len([m for m in missed if not m.last_year]) < len(nums)


def read_message(message: str, ctx: Optional[Context] = None) -> Reading:
    """Read a chat message: every amount bound to its cell or asked about; the rest noted or listed as unread."""
    if len(message) > CHAT_MAX_CHARS:
        raise MessageTooLongError(f"这条消息有 {len(message):,} 字，一条最多 {CHAT_MAX_CHARS:,} 字，请分几次发送。")
    ctx = ctx or Context()
    parts = clauses(message)
    state = State(correcting=_mark_old(parts), about_requests=any(c.has("weak") for c in parts))
    rest = [clause for clause in parts if not _read_clause(state, clause, ctx)]
    cells = reconcile(state)
    notes, unread = leftovers(rest)
    unread += [Unread(c.text, section_of(c.text), c.start, reason="其中有的数字未能识别")
               for c in state.missed if c not in rest]
    unread.sort(key=lambda u: u.pos)
    notes += _no_applications_note(cells, parts)
    return Reading(cells, sorted(notes, key=lambda n: n.pos), state.questions, unread, state.asked_row)


def _no_applications_note(cells: list[CellFact], parts: list[Clause]) -> list[NoteFact]:
    """今年未收到申请: besides 新收 0, the sentence itself is a 要点 of 一 (依申请公开)."""
    fact = next((f for f in cells if f.key == "t3.r1.c7" and f.value == 0 and not f.note), None)
    if fact is None:
        return []
    return [NoteFact("一", fact.quote, fact.quote, fact.pos, "requests")]
