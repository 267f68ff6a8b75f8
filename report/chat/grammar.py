"""The grammar of the form: each amount of a chat message bound to its cell by the terms around it and the context."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Optional

from report import format as fmt
from report.chat.lexicon import Term
from report.chat.tokens import Amount, Clause, Num, Tok

LIT_QUESTION = ("您说的行政诉讼是未经复议直接起诉，还是复议后起诉？已先按“未经复议直接起诉”记下，"
                "如是复议后起诉请告诉我。")


@dataclass
class CellFact:
    """A value for one cell, the clause that says it, and how it was read (含上年结转、更正 …)."""

    key: str
    value: Amount
    quote: str
    pos: int
    note: str = ""
    old: Optional[Amount] = None


@dataclass
class Context:
    """What the conversation already knows: the row the assistant asked about, recent proposals, current values."""

    asked_row: Optional[str] = None  # "r1": the assistant asked how a row's total splits by applicant
    recent: dict[str, Any] = field(default_factory=dict)  # key → value proposed in the last reply
    current: Callable[[str], Any] = lambda key: None


@dataclass
class State:
    """What the message has named so far (the subject later clauses refer back to)."""

    domain: Optional[str] = None  # "t2", "t3", "t4"
    row: Optional[str] = None
    t4g: Optional[int] = None
    t2row: Optional[str] = None
    t2single: Optional[str] = None  # 行政许可/处罚/强制 named by a clause of its own
    cells: list[CellFact] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    groups: list[tuple[str, Amount, str]] = field(default_factory=list)  # (group, amount, quote) told by group only
    correcting: bool = False
    sentence_of: dict[int, int] = field(default_factory=dict)  # id(CellFact) → sentence it was read in
    subject_sentence: int = -1  # the sentence whose last clause only named a subject (新收申请：)
    about_requests: bool = False  # the message speaks of 申请 (so 自然人12件 alone is 新收)
    legal: Optional[tuple[str, Amount, Clause]] = None  # 法人或其他组织N件: (row, amount, clause) until a column is named
    group: Optional[tuple[str, Amount, Clause]] = None  # 不予公开N件: waiting for its 情形 (均为第三方权益)
    lit: Optional[tuple[CellFact, str]] = None  # a plain 诉讼 read as 直接起诉, and the question asked about it
    missed: list[Clause] = field(default_factory=list)  # clauses read in part
    asked_row: Optional[str] = None  # the row whose total the reply asks to split (the next message may answer)


def _of(toks: list[Tok], kind: str) -> list[Tok]:
    return [t for t in toks if t.kind == kind]


def _first(toks: list[Tok], kind: str) -> Any:
    found = _of(toks, kind)
    return found[0].term.payload if found else None


def _number_first(clause: Clause) -> bool:
    """True for a clause whose amounts come before their names (140件行政复议、49件行政诉讼获维持)."""
    for item in clause.items:
        if isinstance(item, Num) and not item.old:
            return True
        if isinstance(item, Tok) and item.content:
            return False
    return False


def _after(items: list, i: int) -> tuple[list[Tok], bool]:
    """The terms after item i up to the next amount, and whether i is the last amount of the clause."""
    after: list[Tok] = []
    for item in items[i + 1:]:
        if isinstance(item, Num) and not item.old:
            return after, False
        if isinstance(item, Tok):
            after.append(item)
    return after, True


def segment(clause: Clause, num: Num) -> list[Tok]:
    """The terms that name an amount: those since the previous amount, else those up to the next one."""
    items = clause.items
    i = items.index(num)
    if _number_first(clause):
        after, _ = _after(items, i)
        tail = _after(items, max(j for j, x in enumerate(items) if isinstance(x, Num) and not x.old))[0]
        for kind in ("t4r", "row"):  # 16件行政复议、14件行政诉讼为其他结果: a result said once for all
            if not any(t.kind == kind for t in after):
                after += [t for t in tail if t.kind == kind]
        return after
    before: list[Tok] = []
    for item in reversed(items[:i]):
        if isinstance(item, Num) and not item.old:
            break
        if isinstance(item, Tok):
            before.insert(0, item)
    after, last = _after(items, i)
    if not any(t.content for t in before):
        return before + after
    if last:  # 那2件都公开了; 复议有1件还没结果; 1件是企业申请的: named after the last amount
        for kind in ("row", "t4r", "col"):
            if not any(t.kind == kind for t in before):
                before += [t for t in after if t.kind == kind]
    return before


def emit(state: State, key: str, value: Amount, clause: Clause, note: str = "", old: Optional[Amount] = None) -> None:
    """Record a cell value read from a clause."""
    state.cells.append(CellFact(key, value, clause.text, clause.start, note, old))
    state.sentence_of[id(state.cells[-1])] = clause.sentence


def _t2(state: State, seg: list[Tok], num: Num, clause: Clause) -> bool:
    """Table 二: 规章/规范性文件 × 制发/废止/现行有效, 许可/处罚/强制, 收费（万元）."""
    single = _first(seg, "t2s")
    if single:
        if single == "fees_wan" and num.unit not in ("万元", "元", ""):
            return False
        value = Decimal(num.value) if single == "fees_wan" else num.value
        if single != "fees_wan" and isinstance(value, Decimal):
            return False
        emit(state, f"t2.{single}", value, clause)
        state.domain = "t2"
        return True
    row, col = _first(seg, "t2r"), _first(seg, "t2c")
    if row:
        state.t2row = row
    strong = any(t.kind == "t2c" and len(t.text) >= 2 for t in seg)
    row = row or (state.t2row if state.domain == "t2" else None) or ("normative_docs" if col and strong else None)
    if row and not col and num.value == 0:
        for field_ in fmt.T2_DOC_FIELDS:  # 规章为0: the whole row is 0
            emit(state, f"t2.{row}.{field_}", 0, clause)
        state.domain, state.t2row = "t2", row
        return True
    if not (row and col):
        if row:
            state.questions.append(f"“{clause.text}”说的是{fmt.T2_DOC_ROWS[row]}的本年制发、本年废止还是现行有效件数？")
            state.domain, state.t2row = "t2", row
            return True
        return False
    emit(state, f"t2.{row}.{col}", num.value, clause)
    state.domain, state.t2row = "t2", row
    return True


def _t4_groups(seg: list[Tok], state: State, value: Amount) -> list[int]:
    """The Table 四 cases an amount is about (复议 0, 直接起诉 1, 复议后起诉 2; plain 诉讼 read as 1 and asked)."""
    named = [t.term.payload for t in _of(seg, "t4g")]
    specific = [g for g in named if g in (1, 2)]
    if specific:
        return specific[:1]
    if "lit" in named and value == 0:
        return [g for g in named if g == 0] + [1, 2] if any(t.kind == "each" for t in seg) else [1, 2]
    if "lit" in named:
        state.questions.append(LIT_QUESTION)
    groups = [1 if g == "lit" else g for g in named]
    if groups:
        return groups if any(t.kind == "each" for t in seg) else groups[:1]
    return [state.t4g] if state.t4g is not None else []


def _t4(state: State, seg: list[Tok], num: Num, clause: Clause) -> bool:
    """Table 四: 复议/直接起诉/复议后起诉 × 维持/纠正/其他/尚未审结/总计."""
    if not any(t.kind in ("t4g", "t4r") for t in seg) and not (
            state.domain == "t4" and any(t.kind in ("other", "total") for t in seg)):
        return False
    if isinstance(num.value, Decimal):
        return False
    groups = _t4_groups(seg, state, num.value)
    if not groups:
        state.questions.append(f"“{clause.text}”是行政复议还是行政诉讼的结果？")
        return True
    result = _first(seg, "t4r") or (3 if _of(seg, "other") else 5)
    for g in groups:
        emit(state, fmt.t4_key(g * 5 + result), num.value, clause)
    if state.questions and state.questions[-1] == LIT_QUESTION:
        state.lit = (state.cells[-1], LIT_QUESTION)
    state.domain, state.t4g = "t4", groups[-1]
    return True


def _t3_row(state: State, seg: list[Tok], ctx: Context) -> Optional[str]:
    """The Table 三 row an amount belongs to: named, else the subject so far, else the row asked about, else 新收."""
    rows = _of(seg, "row")
    if rows:
        return str(rows[0].term.payload)
    if state.row and state.domain == "t3":
        return state.row
    if ctx.asked_row:
        return ctx.asked_row
    if any(t.kind == "weak" for t in seg) or (any(t.kind == "col" for t in seg) and state.about_requests):
        return "r1"  # 自然人提出12件: applications received, when the message is about applications
    return None


def _t3_col(seg: list[Tok]) -> list[int]:
    """The applicant columns an amount belongs to (总计 when none is named; each one under 各)."""
    cols = [int(t.term.payload) for t in _of(seg, "col")]
    if _of(seg, "other") and not _of(seg, "col"):
        cols = [6]
    if not cols:
        return [7]
    return cols if any(t.kind == "each" for t in seg) else cols[:1]


def _t3(state: State, seg: list[Tok], num: Num, clause: Clause, ctx: Context) -> bool:
    """Table 三: rows by their names, columns by applicant; a count told by group only is asked about."""
    if isinstance(num.value, Decimal):
        return False
    groups = _of(seg, "group")
    named = {str(t.term.payload) for t in _of(seg, "row")}
    if groups and _of(seg, "etc"):  # 因本机关不掌握等原因无法提供265件: the group's count
        named = set()
        seg = [t for t in seg if t.kind != "row"]
    rows = _of(seg, "row")
    joined = any(a.term != b.term and clause_text_between(clause, a, b) in _AND for a, b in zip(rows, rows[1:]))
    if joined and not _of(seg, "each"):  # 予以公开及部分公开258件
        state.questions.append(f"“{clause.text}”是几项合在一起的件数，请分别告诉我各项的件数。")
        return True
    if groups and not named and num.value == 0:
        for row in fmt.T3_GROUPS[str(groups[0].term.payload)]:  # 其他处理0件: each of its rows is 0
            emit(state, fmt.t3_key(row, 7), 0, clause)
        return True
    if groups and not _of(seg, "row"):
        group = str(groups[0].term.payload)
        if state.domain == "t3" and state.row in fmt.T3_GROUPS[group]:
            emit(state, fmt.t3_key(state.row, 7), num.value, clause)  # 没有现成信息、需另行制作，无法提供3件
            return True
        state.groups.append((group, num.value, clause.text))
        state.group, state.domain, state.row = (group, num.value, clause), "t3", None
        return True
    if _of(seg, "carry") and not _of(seg, "row"):
        if not any(f.key.startswith(("t3.r24.", "t3.r2.")) for f in state.cells):
            return False  # 结转3件 with nothing before it: which year's is listed, not guessed
        seg = [*seg, Tok(Term("row", "r25"), "结转", 0, 0)]  # 办结17件，结转1件: the next year's
    if not any(t.kind in ("row", "weak", "col", "other", "total") for t in seg):
        return False
    if _restated_total(state, seg, num, clause):
        return True
    row = _t3_row(state, seg, ctx)
    if row is None:
        return False
    if not named and any(f.key.startswith(f"t3.{row}.") and f.value != num.value for f in state.cells
                         if f.key.endswith(".c7")) and not any(t.kind in ("col", "other", "legal") for t in seg):
        return False  # a second count for a row only implied (其中信件申请10件): listed, not written over
    if row == "r2" and (clause.opens_paren or clause.has("include") or clause.has("among")):
        _carried_over_within(state, num.value, clause)
    if _of(seg, "legal") and not _of(seg, "col"):
        state.legal = (row, num.value, clause)  # 法人或其他组织1件: which column is asked, or named next
        state.domain, state.row = "t3", row
        return True
    for col in _t3_col(seg):
        emit(state, fmt.t3_key(row, col), num.value, clause)
    state.domain, state.row = "t3", row
    return True


_AND = ("及", "和", "与", "、", "或", "以及", "及其")


def clause_text_between(clause: Clause, a: Tok, b: Tok) -> str:
    """The words of a clause between two terms (及 in 予以公开及部分公开)."""
    return clause.norm[a.end - clause.start:b.start - clause.start]


def _restated_total(state: State, seg: list[Tok], num: Num, clause: Clause) -> bool:
    """收到58件，上年结转3件，共计61件: a total of what the sentence already told is not a new fact."""
    if any(t.kind not in ("total", "weak") for t in seg if t.content):
        return False
    told = [f for f in state.cells if f.key.endswith(".c7") and f.key.startswith("t3.")
            and state.sentence_of.get(id(f)) == clause.sentence]
    return len(told) >= 2 and sum(f.value for f in told) == num.value


def _carried_over_within(state: State, carried: Amount, clause: Clause) -> None:
    """46件（含上年结转5件）: the 46 counted both, so 新收 is 46 − 5."""
    fact = state.cells[-1] if state.cells else None  # 答复805件（含上年结转18件）is about the 答复, not 新收
    if fact is not None and fact.key.startswith("t3.r1.") and not fact.note and fact.value >= carried:
        total = fact.value
        fact.value = total - carried
        fact.note = f"共{total}件含上年结转{carried}件，本年新收 = {total} − {carried} = {fact.value}件"


_BARE = re.compile(r"今年|本年度?|全年|[\s有共计为是了的达件个项起次]")


def _after_subject(state: State, clause: Clause, num: Num) -> bool:
    """新收申请：12件 / 予以公开的占多数，有11件: a bare amount right after a clause that named the subject."""
    if state.subject_sentence != clause.sentence or isinstance(num.value, Decimal):
        return False
    said = clause.norm[:num.start - clause.start] + clause.norm[num.end - clause.start:]
    if _BARE.sub("", said):
        return False  # 有3件涉及第三方: more is said about those 3 than the subject
    if state.domain == "t2" and state.t2single and not isinstance(num.value, Decimal):
        emit(state, f"t2.{state.t2single}", num.value, clause)  # 行政许可决定：2024件
    elif state.domain == "t3" and state.row:
        emit(state, fmt.t3_key(state.row, 7), num.value, clause)
    elif state.domain == "t4" and state.t4g is not None:
        emit(state, fmt.t4_key(state.t4g * 5 + 5), num.value, clause)
    else:
        return False
    return True


def bind(state: State, clause: Clause, num: Num, ctx: Context) -> bool:
    """Bind one exact amount to its cell; False when nothing in the clause or the context names a cell."""
    seg = segment(clause, num)
    if not any(t.content for t in seg):
        return _after_subject(state, clause, num)
    if any(t.kind in ("t2s", "t2r", "t2c") for t in seg) and _t2(state, seg, num, clause):
        return True
    if _t4(state, seg, num, clause):
        return True
    return _t3(state, seg, num, clause, ctx)
