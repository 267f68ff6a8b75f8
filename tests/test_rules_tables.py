"""O1, S1–S4: each fires on a planted error and stays quiet on a correct report."""
from __future__ import annotations

from decimal import Decimal

from report import format as fmt
from report.facts import Facts
from report.validator import validate
from validator_helpers import findings, make_facts, with_cell


def test_correct_report_has_no_table_findings():
    assert [f for f in validate(make_facts()).findings if f.key in ("O1", "S1", "S2", "S3", "S4")] == []


def test_o1_fires_on_a_column_that_does_not_balance():
    facts = make_facts()
    facts.t3["r25"] = [2, 0, 0, 0, 0, 0, 2]  # 4+1 ≠ 4+2 in 自然人 and 5+1 ≠ 5+2 in 总计
    found = findings(facts, "O1")
    assert [f.cells[0] for f in found] == ["t3.r1.c1", "t3.r1.c7"]
    first = found[0]
    assert first.severity == "error" and (first.expected, first.actual) == (5, 6)
    assert first.cells == ["t3.r1.c1", "t3.r2.c1", "t3.r24.c1", "t3.r25.c1"]
    assert "自然人" in first.message and "第一项加第二项之和" in first.message


def test_o1_is_quiet_when_a_cell_it_needs_is_unknown():
    facts = with_cell(make_facts(), "t3.r25.c1", None)
    facts = with_cell(facts, "t3.r25.c7", None)
    assert findings(facts, "O1") == []
    assert [f.cells for f in findings(facts, "S4")] == [["t3.r25.c1"]]  # reported once, by S4


def test_s1_fires_on_a_typed_total_that_disagrees_and_keeps_it():
    facts = with_cell(make_facts(), "t3.r24.c1", 3)
    v = validate(facts)
    s1 = [f for f in v.findings if f.key == "S1"]
    assert [(f.cells, f.expected, f.actual) for f in s1] == [(["t3.r24.c1"], 4, 3)]
    assert s1[0].message.startswith(fmt.cell_label("t3.r24.c1") + " 应为 4")
    assert v.facts.t3["r24"][0] == 3  # never overwritten
    assert "t3.r24.c1" not in v.filled


def test_s1_is_quiet_when_a_result_row_is_unknown():
    facts = with_cell(make_facts(), "t3.r10.c2", None)
    assert findings(facts, "S1") == []


def test_s2_fires_per_row():
    facts = with_cell(make_facts(), "t3.r3.c7", 4)
    found = findings(facts, "S2")
    assert [(f.cells, f.expected, f.actual) for f in found] == [(["t3.r3.c7"], 3, 4)]
    assert "本行各申请人列之和" in found[0].message


def test_s2_is_quiet_on_correct_rows():
    assert findings(make_facts(), "S2") == []


def test_s3_fires_per_group_of_table_four():
    facts = with_cell(make_facts(), "t4.c10", 2)
    found = findings(facts, "S3")
    assert [(f.cells, f.expected, f.actual) for f in found] == [(["t4.c10"], 1, 2)]
    assert "表四 未经复议直接起诉总计" in found[0].message


def test_s3_is_quiet_on_correct_groups():
    assert findings(make_facts(), "S3") == []


def test_s4_fires_on_an_unknown_cell_and_skips_totals_that_would_need_it():
    facts = with_cell(make_facts(), "t3.r5.c3", None)
    facts = with_cell(facts, "t3.r5.c7", None)
    facts = with_cell(facts, "t3.r24.c3", None)
    v = validate(facts)
    assert [f.cells for f in v.findings] == [["t3.r5.c3"]]
    assert "未填写" in v.findings[0].message and "表三" in v.findings[0].message


def test_s4_fires_on_unknown_table_two_cells():
    facts = make_facts(t2={"licensing": None, "fees_wan": None})
    assert [f.cells for f in findings(facts, "S4")] == [["t2.licensing"], ["t2.fees_wan"]]


def test_s4_fires_on_negative_and_non_integer_values_of_a_constructed_facts():
    good = make_facts()
    facts = Facts.model_construct(**{**dict(good), "t3": {**good.t3, "r1": [4, 1, 0, 0, 0, -1, 5]},
                                     "t4": [1.5, *good.t4[1:]]})
    v = validate(facts)
    s4 = {f.cells[0]: f for f in v.findings if f.key == "S4"}
    assert set(s4) == {"t3.r1.c6", "t4.c1"}
    assert "不能为负数" in s4["t3.r1.c6"].message and "应为整数" in s4["t4.c1"].message
    # identities built on an invalid cell are skipped rather than reported twice
    assert not [f for f in v.findings if f.key in ("S2", "S3") and set(f.cells) & {"t3.r1.c7", "t4.c5"}]


def test_s4_fires_on_a_negative_fee_of_a_constructed_facts():
    good = make_facts()
    facts = Facts.model_construct(**{**dict(good), "t2": good.t2.model_construct(
        **{**dict(good.t2), "fees_wan": Decimal("-1.5")})})
    assert [f.cells for f in findings(facts, "S4")] == [["t2.fees_wan"]]


def test_s4_quiet_on_a_decimal_fee():
    assert findings(make_facts(t2={"fees_wan": "12.3456"}), "S4") == []


def test_blank_totals_are_filled_not_reported():
    facts = make_facts()
    for row in fmt.T3_ROW_KEYS:
        facts.t3[row][6] = None
    facts.t4[4] = facts.t4[9] = facts.t4[14] = None
    v = validate(facts)
    assert v.findings == []
    assert len(v.filled) == 28 and v.facts.t3["r1"][6] == 5 and v.facts.t4[9] == 1


def test_fill_false_reports_blank_totals_of_a_published_report():
    facts = with_cell(make_facts(), "t3.r3.c7", None)
    facts = with_cell(facts, "t4.c15", None)
    facts = with_cell(facts, "t3.r4.c2", None)
    facts = with_cell(facts, "t3.r4.c7", None)
    v = validate(facts, fill=False)
    assert v.filled == [] and v.facts.t3["r3"][6] is None
    assert [f.cells for f in v.findings if f.key == "S4"] == [["t3.r3.c7"], ["t3.r4.c2"], ["t3.r4.c7"], ["t4.c15"]]
    assert v.has_errors
    # filled, the same facts only miss the part; the total that needs it stays blank without a report of its own
    assert [f.cells for f in validate(facts).findings if f.key == "S4"] == [["t3.r4.c2"]]


def test_a_row_with_only_its_total_is_a_to_do_and_a_wrong_split_is_not():
    from report.facts import blank_facts
    from report.validator import validate

    facts = blank_facts("测试县民政局", 2024)
    facts.t3["r1"][6] = 10
    todo = [f for f in validate(facts).findings if f.key == "S2"]
    assert todo and all(f.is_todo for f in todo)
    facts.t3["r1"][0] = 4  # a split that does not add up: a real error
    wrong = [f for f in validate(facts).findings if f.key == "S2" and "r1" in f.cells[0]]
    assert wrong and not any(f.is_todo for f in wrong)
