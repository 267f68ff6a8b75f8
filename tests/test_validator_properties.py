"""Validator properties on random consistent reports: silent when right, exactly the identities a wrong cell breaks."""
from __future__ import annotations

import random
from typing import Any

import pytest

from layout_variants import random_cells, tables_of
from report import format as fmt
from report.facts import Facts, facts_from_dict
from report.validator import validate

SEEDS = range(6)
TABLE_RULES = ("O1", "S1", "S2", "S3", "S4")
NON_TOTAL = tuple(k for k in fmt.ALL_CELL_KEYS if not fmt.is_total_cell(k))
TOTALS = tuple(k for k in fmt.ALL_CELL_KEYS if fmt.is_total_cell(k))
CARRY_ROWS = ("r1", "r2", "r25")  # the rows O1 adds up besides （七）总计


def random_facts(seed: int) -> Facts:
    """Consistent facts with every total typed; 规章 only for a level that can make them (no P6 warning)."""
    rng = random.Random(seed)
    cells = random_cells(rng)
    level = rng.choice(fmt.LEVELS)
    if level not in fmt.LEVELS_MAKING_REGULATIONS:
        for f in fmt.T2_DOC_FIELDS:
            cells[f"t2.regulations.{f}"] = 0
    return facts_from_dict({"agency": "示例市某局", "year": 2021 + seed % 5, "level": level, **tables_of(cells)})


def with_cells(facts: Facts, values: dict[str, Any]) -> Facts:
    """A copy with some Table 二/三/四 cells replaced (no validation, so any value can be planted)."""
    out = facts.model_copy(deep=True)
    for key, value in values.items():
        parts = key.split(".")
        if parts[0] == "t3":
            out.t3[parts[1]][int(parts[2][1:]) - 1] = value
        elif parts[0] == "t4":
            out.t4[int(parts[1][1:]) - 1] = value
        elif len(parts) == 3:
            setattr(getattr(out.t2, parts[1]), parts[2], value)
        else:
            setattr(out.t2, parts[1], value)
    return out


def bumped(facts: Facts, key: str) -> Facts:
    """The facts with one cell one more than it was (the fee by 1 万元)."""
    return with_cells(facts, {key: facts.cell(key) + 1})


def nulled_totals(facts: Facts) -> Facts:
    return with_cells(facts, dict.fromkeys(TOTALS))


def where(key: str) -> tuple[str, str, int]:
    """(table, row, column) of a cell key; Table 四's "row" is its group."""
    parts = key.split(".")
    if parts[0] == "t3":
        return "t3", parts[1], int(parts[2][1:])
    if parts[0] == "t4":
        col = int(parts[1][1:])
        return "t4", str((col - 1) // 5), col
    return "t2", parts[1], 0


def expected_with_typed_totals(key: str) -> set[tuple[str, str]]:
    """(rule, first cell) of the errors one cell one too high must raise when every total is typed."""
    table, row, col = where(key)
    if table == "t3":
        column_rule = ("O1", fmt.t3_key("r1", col)) if row in CARRY_ROWS else ("S1", fmt.t3_key(fmt.T3_TOTAL_ROW, col))
        return {column_rule, ("S2", fmt.t3_key(row, fmt.T3_TOTAL_COL))}
    if table == "t4":
        return {("S3", fmt.t4_key(5 * int(row) + 5))}
    return set()  # Table 二 has no identity within the year


def errors(facts: Facts, **kwargs: Any) -> list:
    return validate(facts, **kwargs).errors


@pytest.mark.parametrize("seed", SEEDS)
def test_consistent_facts_have_no_finding(seed):
    v = validate(random_facts(seed))
    assert v.findings == [] and v.filled == []


@pytest.mark.parametrize("seed", SEEDS)
def test_null_totals_are_filled_to_the_right_values_without_a_finding(seed):
    facts = random_facts(seed)
    v = validate(nulled_totals(facts))
    assert v.findings == []
    assert sorted(v.filled) == sorted(TOTALS)
    assert {k: v.facts.cell(k) for k in fmt.ALL_CELL_KEYS} == {k: facts.cell(k) for k in fmt.ALL_CELL_KEYS}


@pytest.mark.parametrize("seed", SEEDS)
def test_one_cell_too_high_fires_exactly_the_identities_that_hold_it(seed):
    facts = random_facts(seed)
    keys = NON_TOTAL if seed == 0 else random.Random(seed).sample(NON_TOTAL, 40)  # every cell once, then samples
    for key in keys:
        found = errors(bumped(facts, key))
        assert {(f.key, f.cells[0]) for f in found} == expected_with_typed_totals(key), key
        assert len(found) == len(expected_with_typed_totals(key)), key
        table, row, col = where(key)
        for f in found:
            if f.key == "O1":  # names the four cells of the column, the planted one among them
                assert key in f.cells and f.expected - f.actual == (-1 if row == "r25" else 1)
            elif f.key == "S1":  # names the column's （七）总计 and the column
                assert fmt.T3_COLUMNS[col - 1] in f.message and f.expected == f.actual + 1
            elif f.key == "S2":  # names the row's 总计 and the row
                assert fmt.T3_ROW_BY_KEY[row].label in f.message and f.expected == f.actual + 1
            else:  # S3 names the group's 总计 and the group
                assert fmt.T4_GROUPS[int(row)] in f.message and f.expected == f.actual + 1


@pytest.mark.parametrize("seed", SEEDS)
def test_one_cell_too_high_with_null_totals_fills_them_and_only_o1_can_fire(seed):
    """Filled totals follow the wrong cell, so S1/S2/S3 hold; O1 (in its column and in 总计) is the one check left."""
    facts = random_facts(seed)
    for key in random.Random(seed).sample(NON_TOTAL, 40):
        v = validate(nulled_totals(bumped(facts, key)))
        assert sorted(v.filled) == sorted(TOTALS)
        table, row, col = where(key)
        want = {fmt.t3_key("r1", col), fmt.t3_key("r1", fmt.T3_TOTAL_COL)} if table == "t3" else set()
        assert {(f.key, f.cells[0]) for f in v.errors} == {("O1", c) for c in want}, key
        # 规章 raised above 0 for a non-making level (P6); or the raised cell makes a figure impossible (R1–R3)
        impossible = {("R1", key.replace(".made", ".valid"))} | {
            (rule, fmt.t3_key(r, c)) for rule, r in (("R2", "r25"), ("R3", "r24")) for c in (col, fmt.T3_TOTAL_COL)}
        assert all((f.key == "P6" and f.cells == [key]) or (f.key, f.cells[0]) in impossible for f in v.warnings), key
        assert {f.key for f in v.warnings} <= {"P6", "R1", "R2", "R3"}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fill", [True, False])
def test_null_cell_is_reported_once_by_s4_without_a_cascade(seed, fill):
    facts = random_facts(seed)
    for key in random.Random(seed).sample(NON_TOTAL, 40):
        v = validate(with_cells(facts, {key: None}), fill=fill)
        assert [(f.key, f.cells) for f in v.findings] == [("S4", [key])], key
        assert v.filled == []


@pytest.mark.parametrize("seed", SEEDS)
def test_null_cell_with_null_totals_leaves_its_totals_blank_and_reports_only_the_cell(seed):
    facts = random_facts(seed)
    for key in random.Random(seed).sample([k for k in NON_TOTAL if not k.startswith("t2.")], 30):
        v = validate(nulled_totals(with_cells(facts, {key: None})))
        assert [(f.key, f.cells) for f in v.findings] == [("S4", [key])], key
        table, row, col = where(key)
        if table == "t4":
            blank = {fmt.t4_key(5 * int(row) + 5)}
        else:  # its row's 总计, and for a result row the column's and the table's （七）总计
            blank = {fmt.t3_key(row, 7)} | ({fmt.t3_key(fmt.T3_TOTAL_ROW, c) for c in (col, 7)}
                                            if row in fmt.T3_RESULT_ROWS else set())
        assert {k for k in TOTALS if v.facts.cell(k) is None} == blank
        assert set(v.filled) == set(TOTALS) - blank


def test_random_facts_cover_every_level_and_large_values():
    facts = [random_facts(seed) for seed in range(40)]
    assert {f.level for f in facts} == set(fmt.LEVELS)
    assert max(f.cell(k) for f in facts for k in NON_TOTAL if not k.endswith("fees_wan")) >= 1000
