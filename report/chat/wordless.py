"""Clauses without an amount: negation (没有行政强制 → 0), distribution (都是自然人; 复议1件，维持), and the subject."""
from __future__ import annotations

import re

from report import format as fmt
from report.chat.grammar import Context, State, emit
from report.chat.tokens import Clause, Tok


def _negated(state: State, clause: Clause) -> bool:
    """没有行政强制 / 没有收到申请 / 没有复议和诉讼: 0 for exactly the places the clause names."""
    toks = [t for t in clause.toks if t.content]
    if any(t.kind in ("t4g", "t2s", "t2r") for t in toks):  # 没有收到行政复议申请: 收到 is the 复议's
        toks = [t for t in toks if not (t.kind == "weak" or (t.kind == "row" and t.term.payload == "r1"))]
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


def _distributed(state: State, clause: Clause, ctx: Context) -> bool:
    """都是自然人 (that row's total → 自然人); 复议1件，维持 / 均维持 (that case's total → 维持); 均予以公开."""
    toks = clause.toks
    cols = [int(t.term.payload) for t in toks if t.kind == "col"]
    rows = [str(t.term.payload) for t in toks if t.kind == "row"]
    if clause.has("mostly"):  # 大部分是个人: not a number to spread
        state.questions.append(f"“{clause.text}”：请告诉我准确的件数。")
        _subject(state, clause)
        return True
    if clause.has("rest") and len(cols) == 1:
        return _remainder(state, clause, cols[0], ctx)
    results = [int(t.term.payload) for t in toks if t.kind == "t4r"]
    if results and clause.has("rest"):
        return _t4_rest(state, clause, results[0])
    if results and clause.has("all") and state.domain == "t4":  # 复议7件，诉讼9件，均获维持
        moved = [g for g in range(3) if _move_total(state, fmt.t4_key(g * 5 + 5), fmt.t4_key(g * 5 + results[0]),
                                                     clause)]
        if moved:
            return True
    if results and state.domain == "t4" and state.t4g is not None:
        return _move_total(state, fmt.t4_key(state.t4g * 5 + 5), fmt.t4_key(state.t4g * 5 + results[0]), clause)
    if len(cols) == 1 and state.legal is not None and cols[0] in range(2, 7):
        row, value, said = state.legal
        emit(state, fmt.t3_key(row, cols[0]), value, said)
        state.legal = None
        return True
    if len(cols) == 1 and state.domain == "t3" and state.row:
        return _move_total(state, fmt.t3_key(state.row, 7), fmt.t3_key(state.row, cols[0]), clause)
    if len(cols) == 1 and not state.cells and ctx.asked_row and ctx.current(fmt.t3_key(ctx.asked_row, 7)):
        emit(state, fmt.t3_key(ctx.asked_row, cols[0]), ctx.current(fmt.t3_key(ctx.asked_row, 7)), clause)
        return True  # 都是自然人, in reply to the question about that row
    if rows and state.group is not None and rows[0] in fmt.T3_GROUPS[state.group[0]]:
        emit(state, fmt.t3_key(rows[0], 7), state.group[1], state.group[2])  # 不予公开2件（均为第三方权益）
        state.group = None
        return True
    if rows and rows[0] in fmt.T3_RESULT_ROWS and clause.has("all") and state.domain == "t3" and state.cells:
        last = state.cells[-1]
        if last.key in (fmt.t3_key("r1", 7), fmt.t3_key("r2", 7)):
            emit(state, fmt.t3_key(rows[0], 7), last.value, clause)  # 收到2件，均予以公开
            state.row = rows[0]
            return True
    return False


def _t4_rest(state: State, clause: Clause, result: int) -> bool:
    """其余尚未审结: in each case told with a total and some results, the rest has this result."""
    done = False
    for g in range(3):
        total = next((f.value for f in state.cells if f.key == fmt.t4_key(g * 5 + 5)), None)
        told = sum(f.value for f in state.cells if f.key in {fmt.t4_key(g * 5 + r) for r in range(1, 5)})
        if total and told and total > told:
            emit(state, fmt.t4_key(g * 5 + result), total - told, clause, f"其余 = {total} − {told} = {total - told}件")
            done = True
    return done


def _remainder(state: State, clause: Clause, col: int, ctx: Context) -> bool:
    """其余都是个人: the row's total (told now, or already in the tables) less the parts told."""
    row = state.row if state.domain == "t3" and state.row else ctx.asked_row
    if not row:
        return False
    total_key = fmt.t3_key(row, 7)
    told = next((f.value for f in reversed(state.cells) if f.key == total_key), None)
    total = told if told is not None else ctx.current(total_key)
    parts = sum(f.value for f in state.cells if f.key.startswith(f"t3.{row}.") and f.key != total_key)
    if not total or total - parts <= 0:
        return False
    emit(state, fmt.t3_key(row, col), total - parts, clause, f"其余 = {total} − {parts} = {total - parts}件")
    return True


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
    """A clause that only names a place (关于行政复议：; 申请：; 总计：) sets the subject of the clauses after it."""
    toks = [t for t in clause.toks if t.content]
    for t in toks:
        if t.kind == "row":
            state.domain, state.row = "t3", str(t.term.payload)
        elif t.kind == "weak" and not state.row:
            state.domain, state.row = "t3", "r1"
        elif t.kind == "t4g":
            state.domain, state.t4g = "t4", 1 if t.term.payload == "lit" else int(t.term.payload)
        elif t.kind == "t2r":
            state.domain, state.t2row = "t2", str(t.term.payload)
        elif t.kind == "t2s":
            state.domain, state.t2single = "t2", str(t.term.payload)
    if toks and all(t.kind == "total" for t in toks) and state.domain in (None, "t3"):
        state.domain, state.row = "t3", fmt.T3_TOTAL_ROW  # （七）总计：自然人…
        return True
    return bool(toks) and all(t.kind in ("row", "t4g", "t2r", "t2s", "group", "weak") for t in toks) and _only_names(clause)


_LINKS = re.compile(r"[\s关于的方面情况里中其是有：:、和及与这块都均全部已经了今年本年度全年上述以下]")


def _only_names(clause: Clause) -> bool:
    """True when a clause says little besides its terms (申请：/ 关于行政复议), so it only sets the subject."""
    text = clause.text
    for t in sorted(clause.toks, key=lambda t: len(t.text), reverse=True):
        text = text.replace(t.text, "")
    return len(_LINKS.sub("", text)) <= 3


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


def read_wordless(state: State, clause: Clause, ctx: Context) -> bool:
    """Read a clause without an amount; True when it was understood (so it is not listed as unread)."""
    if _litigation_named(state, clause):
        return True
    if clause.has("all_done"):
        emit(state, fmt.t3_key("r25", 7), 0, clause)
        return True
    if clause.has("negation") and _negated(state, clause):
        return True
    if any(clause.has(k) for k in ("all", "t4r", "col", "row")) and _distributed(state, clause, ctx):
        return True
    return _subject(state, clause)
