"""P1 carry-over, P2 document stock, P6 规章 by level: each fires on a planted error and stays quiet otherwise."""
from __future__ import annotations

from validator_helpers import findings, make_facts


def _last_t3(r25: list) -> dict:
    return {"r1": [1, 0, 0, 0, 0, 0, 1], "r24": [0] * 7, "r25": r25}


def test_p1_fires_per_column_when_carry_over_differs_from_last_year():
    facts = make_facts(previous={"t3": _last_t3([2, 0, 0, 0, 0, 0, 2])})
    found = findings(facts, "P1")
    assert [(f.cells, f.expected, f.actual, f.severity) for f in found] == [
        (["t3.r2.c1"], 2, 1, "warning"), (["t3.r2.c7"], 2, 1, "warning")]
    assert "上年报告" in found[0].message and "自然人" in found[0].message


def test_p1_quiet_when_carry_over_matches():
    assert findings(make_facts(previous={"t3": _last_t3([1, 0, 0, 0, 0, 0, 1])}), "P1") == []


def test_p1_reads_a_blank_total_of_last_year_as_the_sum_of_its_columns():
    assert findings(make_facts(previous={"t3": _last_t3([1, 0, 0, 0, 0, 0, None])}), "P1") == []
    assert [f.cells for f in findings(make_facts(previous={"t3": _last_t3([0, 1, 0, 0, 0, 0, None])}), "P1")] == [
        ["t3.r2.c1"], ["t3.r2.c2"]]


def test_p1_quiet_without_last_year_or_with_only_table_two():
    assert findings(make_facts(), "P1") == []
    assert findings(make_facts(previous={"t2": {"normative_docs": {"valid": 3}}}), "P1") == []


def test_p2_fires_when_the_stock_does_not_add_up():
    facts = make_facts(t2={"normative_docs": {"made": 2, "repealed": 1, "valid": 9}},
                       previous={"t2": {"normative_docs": {"valid": 4}}})
    found = findings(facts, "P2")
    assert [(f.cells, f.expected, f.actual) for f in found] == [(["t2.normative_docs.valid"], 5, 9)]
    assert "4 + 本年制发 2 − 本年废止 1" in found[0].message and "行政规范性文件" in found[0].message


def test_p2_quiet_when_the_stock_adds_up():
    facts = make_facts(t2={"normative_docs": {"made": 2, "repealed": 1, "valid": 5}},
                       previous={"t2": {"normative_docs": {"valid": 4}}})
    assert findings(facts, "P2") == []


def test_p2_checks_only_the_rows_last_year_gave():
    # 规章 valid 3 this year; last year's 规章 not given: no guess from the default 0
    facts = make_facts(level="设区的市人民政府", t2={"regulations": {"made": 0, "valid": 3}},
                       previous={"t2": {"normative_docs": {"valid": 0}}})
    assert findings(facts, "P2") == []
    facts = make_facts(level="设区的市人民政府", t2={"regulations": {"made": 0, "valid": 3}},
                       previous={"t2": {"regulations": {"valid": 1}}})
    assert [f.cells for f in findings(facts, "P2")] == [["t2.regulations.valid"]]


def test_p2_quiet_when_this_year_figure_is_unknown():
    facts = make_facts(t2={"normative_docs": {"made": None, "valid": 9}},
                       previous={"t2": {"normative_docs": {"valid": 4}}})
    assert findings(facts, "P2") == []


def test_p6_fires_for_a_township_reporting_regulations():
    facts = make_facts(level="乡镇街道", t2={"regulations": {"made": 2, "valid": 2}})
    found = findings(facts, "P6")
    assert [f.cells for f in found] == [["t2.regulations.made"], ["t2.regulations.valid"]]
    assert "乡镇街道" in found[0].message and found[0].severity == "warning"


def test_p6_quiet_for_levels_that_make_regulations_and_for_zero():
    for level in ("国务院部门", "省级人民政府", "设区的市人民政府"):
        assert findings(make_facts(level=level, t2={"regulations": {"made": 2, "valid": 9}}), "P6") == []
    assert findings(make_facts(level="县级人民政府"), "P6") == []


def test_p6_quiet_for_the_general_office_of_a_government_that_makes_regulations():
    t2 = {"regulations": {"made": 22, "valid": 235}}
    assert findings(make_facts(agency="上海市人民政府办公厅", level="省级部门", t2=t2), "P6") == []
    assert findings(make_facts(agency="云岭市人民政府办公室", level="市级部门", t2=t2), "P6") == []
    county_office = findings(make_facts(agency="青溪县人民政府办公室", level="县级部门", t2=t2), "P6")
    assert [f.cells for f in county_office] == [["t2.regulations.made"], ["t2.regulations.valid"]]
    bureau = findings(make_facts(agency="云岭市生态环境局", level="市级部门", t2=t2), "P6")
    assert len(bureau) == 2


def test_p1_quiet_when_last_years_carry_over_row_is_not_given():
    facts = make_facts(t3={"r2": [1, 0, 0, 0, 0, 0, None], "r25": [1, 0, 0, 0, 0, 0, None]},
                       previous={"t3": {"r1": [1, 0, 0, 0, 0, 0, 1]}})
    assert facts.previous.t3["r25"] == [None] * 7
    assert findings(facts, "P1") == []
