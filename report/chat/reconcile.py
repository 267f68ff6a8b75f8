"""After the clauses are read: one value per cell, totals that their parts already give dropped, gaps asked about."""
from __future__ import annotations

from report import format as fmt
from report.chat.grammar import CellFact, State
from report.chat.lexicon import row_name

T4_RESULTS = ("维持", "纠正", "其他结果", "尚未审结")


def _one_per_cell(state: State) -> list[CellFact]:
    """The last value told for each cell (a repeat of the same value is one fact; a different one is asked about)."""
    last: dict[str, CellFact] = {}
    for fact in state.cells:
        before = last.get(fact.key)
        if before is not None and before.value != fact.value and not fact.old and not state.correcting:
            state.questions.append(f"{fmt.cell_label(fact.key)}说了两个数（{before.value}、{fact.value}），"
                                   f"已按后说的{fact.value}记下，请核对。")
        last[fact.key] = fact
    return sorted(last.values(), key=lambda f: f.pos)


def _rebind_splits(state: State) -> None:
    """收到申请12件，上年结转2件，其中自然人10件、企业2件: a split that does not add up to the row it was read
    with, but adds up exactly to another row told in the same sentence with no split of its own, belongs to that row."""
    for sentence in {state.sentence_of.get(id(f)) for f in state.cells}:
        told = [f for f in state.cells if state.sentence_of.get(id(f)) == sentence and f.key.startswith("t3.")]
        totals = {fmt.cell_ref(f.key).row: f for f in told if fmt.cell_ref(f.key).col == 7}
        for row, total in totals.items():
            parts = [f for f in told if f.key.startswith(f"t3.{row}.") and f is not total]
            split = sum(f.value for f in parts)
            if not parts or split == total.value:
                continue
            owners = [r for r, t in totals.items() if r != row and t.value == split
                      and not any(f.key.startswith(f"t3.{r}.") and f is not t for f in told)]
            if len(owners) == 1:
                for f in parts:
                    f.key = fmt.t3_key(owners[0], fmt.cell_ref(f.key).col)


def _row_totals(cells: list[CellFact], state: State) -> list[CellFact]:
    """A Table 三 row told with its applicant split: the total is dropped when the split adds up to it."""
    out, unsplit = list(cells), []
    for fact in cells:
        ref = fmt.cell_ref(fact.key)
        if ref.table != "t3" or ref.col != 7:
            continue
        parts = [f for f in cells if f.key.startswith(f"t3.{ref.row}.") and f is not fact]
        split = sum(f.value for f in parts)
        row = fmt.T3_ROW_BY_KEY[ref.row].full_label
        if parts and split == fact.value:
            out.remove(fact)
        elif parts and split < fact.value:
            state.questions.append(f"“{fact.quote}”中还有{fact.value - split}件没有说明申请人类型，请在数据表格中补上。")
        elif parts:
            state.questions.append(f"{row}：按申请人分列共{split}件，多于总计{fact.value}件，请核对。")
        elif fact.value and ref.row != fmt.T3_TOTAL_ROW:
            unsplit.append(fact)
    if unsplit:
        unsplit.sort(key=lambda f: fmt.T3_ROW_KEYS.index(fmt.cell_ref(f.key).row))
        told = "、".join(f"{row_name(fmt.cell_ref(f.key).row)}{f.value}件" for f in unsplit)
        state.questions.append(f"请把{told}按申请人分列（自然人、企业、其他组织……各几件）；已先按“总计”记下。")
        state.asked_row = fmt.cell_ref(unsplit[0].key).row
    return out


def _case_totals(cells: list[CellFact], state: State) -> list[CellFact]:
    """A Table 四 case told with its results: the total is dropped when the results add up to it."""
    out = list(cells)
    for g, group in enumerate(fmt.T4_GROUPS):
        total = next((f for f in cells if f.key == fmt.t4_key(g * 5 + 5)), None)
        parts = [f for f in cells if f.key in {fmt.t4_key(g * 5 + r) for r in range(1, 5)}]
        if total is None or not parts:
            continue
        told = sum(f.value for f in parts)
        if told == total.value:
            out.remove(total)
        elif told < total.value:
            state.questions.append(f"{group}{total.value}件中还有{total.value - told}件的结果没有说明"
                                   f"（{'、'.join(T4_RESULTS)}），请告诉我。")
        else:
            state.questions.append(f"{group}：各结果共{told}件，多于总计{total.value}件，请核对。")
    return out


def _groups_told(cells: list[CellFact], state: State) -> None:
    """不予公开3件 with no 情形: asked (which rows?), unless the rows told after it add up to it."""
    for group, value, quote in state.groups:
        rows = fmt.T3_GROUPS[group]
        told = sum(f.value for f in cells if fmt.cell_ref(f.key).table == "t3" and fmt.cell_ref(f.key).row in rows
                   and fmt.cell_ref(f.key).col == 7)
        if told != value:
            names = "、".join(fmt.T3_ROW_BY_KEY[r].label.split(".", 1)[-1] for r in rows)
            state.questions.append(f"“{quote}”属于哪种情形（{names}）？请分别告诉我件数。")


def reconcile(state: State) -> list[CellFact]:
    """The cell values of a message, one per cell, with totals already given by their parts left out."""
    if state.legal is not None:
        row, value, clause = state.legal
        state.questions.append(f"“{clause.text}”中法人或其他组织的{value}件，是商业企业、科研机构、社会公益组织、"
                               f"法律服务机构还是其他组织？请告诉我各几件。")
    _rebind_splits(state)
    cells = _one_per_cell(state)
    _groups_told(cells, state)
    return _case_totals(_row_totals(cells, state), state)
