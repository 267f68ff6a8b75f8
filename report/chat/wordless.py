"""Clauses without an amount: negation (没有行政强制 → 0), distribution (都是自然人; 复议1件，维持), and the subject."""
from __future__ import annotations

from report import format as fmt
from report.chat.grammar import State, emit
from report.chat.tokens import Clause, Tok


def _negated(state: State, clause: Clause) -> bool:
    """没有行政强制 / 没有收到申请 / 没有复议和诉讼: 0 for exactly the places the clause names."""
    toks = [t for t in clause.toks if t.content]
    done = False
    for t in toks:
        kind, what = t.kind, t.term.payload
        if kind == "t2s":
            emit(state, f"t2.{what}", 0, clause)
            done = True
        elif kind == "t4g":
            for g in ((1, 2) if what == "lit" else (int(what),)):
                emit(state, fmt.t4_key(g * 5 + 5), 0, clause)
            done = True
        elif kind == "row":
            emit(state, fmt.t3_key(str(what), 7), 0, clause)
            state.domain, state.row = "t3", str(what)
            done = True
        elif kind == "group":
            for row in fmt.T3_GROUPS[str(what)]:
                emit(state, fmt.t3_key(row, 7), 0, clause)
            done = True
    done = done or _negated_docs(state, clause, toks)
    if not done and any(t.kind == "weak" for t in toks) and not any(t.kind in ("col", "t4r") for t in toks):
        emit(state, fmt.t3_key("r1", 7), 0, clause)  # 没有申请
        done = True
    return done


def _negated_docs(state: State, clause: Clause, toks: list[Tok]) -> bool:
    """没有制发规章 → that cell 0; 没有规章 → all three of the row."""
    rows = [str(t.term.payload) for t in toks if t.kind == "t2r"]
    cols = [str(t.term.payload) for t in toks if t.kind == "t2c"]
    if not rows and cols and state.domain == "t2" and state.t2row:
        rows = [state.t2row]
    for row in rows:
        for col in cols or fmt.T2_DOC_FIELDS:
            emit(state, f"t2.{row}.{col}", 0, clause)
    return bool(rows)


def _distributed(state: State, clause: Clause) -> bool:
    """都是自然人 (that row's total → 自然人); 复议1件，维持 / 均维持 (that case's total → 维持)."""
    toks = clause.toks
    cols = [int(t.term.payload) for t in toks if t.kind == "col"]
    results = [int(t.term.payload) for t in toks if t.kind == "t4r"]
    if results and state.domain == "t4" and state.t4g is not None:
        return _move_total(state, fmt.t4_key(state.t4g * 5 + 5), fmt.t4_key(state.t4g * 5 + results[0]), clause)
    if len(cols) == 1 and state.domain == "t3" and state.row:
        return _move_total(state, fmt.t3_key(state.row, 7), fmt.t3_key(state.row, cols[0]), clause)
    return False


def _place(key: str) -> str:
    """The row of a Table 三 key, or the case of a Table 四 key (parts of one total share it)."""
    ref = fmt.cell_ref(key)
    return ref.row if ref.table == "t3" else f"g{(ref.col - 1) // 5}"


def _move_total(state: State, total: str, part: str, clause: Clause) -> bool:
    """Give the whole of a total just read to one of its parts (the total then follows from the part)."""
    fact = next((f for f in reversed(state.cells) if f.key == total and f.value), None)
    if fact is None or any(f is not fact and f.key[:2] == total[:2] and _place(f.key) == _place(total)
                           and f.pos >= fact.pos for f in state.cells):
        return False
    fact.key, fact.quote = part, f"{fact.quote}，{clause.text}"
    return True


def _subject(state: State, clause: Clause) -> bool:
    """A clause that only names a place (关于行政复议：) sets the subject of the clauses after it."""
    toks = [t for t in clause.toks if t.content]
    for t in toks:
        if t.kind == "row":
            state.domain, state.row = "t3", str(t.term.payload)
        elif t.kind == "t4g":
            state.domain, state.t4g = "t4", 1 if t.term.payload == "lit" else int(t.term.payload)
        elif t.kind == "t2r":
            state.domain, state.t2row = "t2", str(t.term.payload)
    return bool(toks) and all(t.kind in ("row", "t4g", "t2r", "group", "weak") for t in toks)


def _litigation_named(state: State, clause: Clause) -> bool:
    """行政诉讼1件（复议后起诉）: the case named after a plain 诉讼 moves it there and settles the question."""
    cases = [t.term.payload for t in clause.toks if t.kind == "t4g" and t.term.payload in (1, 2)]
    if not cases or state.lit is None:
        return False
    fact, question = state.lit
    ref = fmt.cell_ref(fact.key)
    fact.key = fmt.t4_key(int(cases[0]) * 5 + (ref.col - 1) % 5 + 1)
    if question in state.questions:
        state.questions.remove(question)
    state.lit, state.domain, state.t4g = None, "t4", int(cases[0])
    return True


def read_wordless(state: State, clause: Clause) -> bool:
    """Read a clause without an amount; True when it was understood (so it is not listed as unread)."""
    if _litigation_named(state, clause):
        return True
    if clause.has("all_done"):
        emit(state, fmt.t3_key("r25", 7), 0, clause)
        return True
    if clause.has("negation") and _negated(state, clause):
        return True
    if (clause.has("all") or clause.has("t4r") or clause.has("col")) and _distributed(state, clause):
        return True
    return _subject(state, clause)
