"""R1–R4, figures the format makes impossible: each fires on a planted case and stays quiet on correct reports."""
from __future__ import annotations

import pytest

from conftest import REPORTS, shared_file
from report.batch.run import check_reports
from report.batch.sources import collect
from report.rules.plausible import PLAUSIBILITY_RULES
from report.rules.registry import RULE_BY_KEY
from validator_helpers import findings, make_facts, with_cell

F_KEYS = tuple(r.key for r in PLAUSIBILITY_RULES)


def test_the_rules_are_registered_as_warnings_with_chinese_titles():
    assert F_KEYS == ("R1", "R2", "R3", "R4")
    for rule in PLAUSIBILITY_RULES:
        assert RULE_BY_KEY[rule.key].severity == "warning" and RULE_BY_KEY[rule.key].title == rule.title
        assert all(len(b.wholes) == len(rule.whole_names) for b in rule.bounds)


def test_consistent_facts_raise_none():
    facts = make_facts(t2={"normative_docs": {"made": 3, "repealed": 1, "valid": 12}})
    assert [f for key in F_KEYS for f in findings(facts, key)] == []


def test_f1_fires_when_documents_made_this_year_are_not_in_force_and_nothing_was_repealed():
    found = findings(make_facts(t2={"normative_docs": {"made": 3, "repealed": 0, "valid": 0}}), "R1")
    assert [(f.cells[0], f.actual, f.severity) for f in found] == [("t2.normative_docs.valid", 3, "warning")]
    assert set(found[0].cells) == {"t2.normative_docs.valid", "t2.normative_docs.made", "t2.normative_docs.repealed"}
    assert "行政规范性文件" in found[0].message and "本年制发 3 件" in found[0].message
    assert "多于现行有效 0 件加本年废止 0 件（共 0 件）" in found[0].message


def test_f1_quiet_when_the_repealed_cover_the_difference_or_last_years_stock_is_given():
    assert findings(make_facts(t2={"normative_docs": {"made": 3, "repealed": 2, "valid": 1}}), "R1") == []
    # last year's 现行有效 given: P2 computes the exact figure, R1 says nothing more
    facts = make_facts(t2={"normative_docs": {"made": 3, "repealed": 0, "valid": 0}},
                       previous={"t2": {"normative_docs": {"valid": 4}}})
    assert findings(facts, "R1") == [] and [f.key for f in findings(facts, "P2")] == ["P2"]


def test_f1_reads_regulations_too():
    facts = make_facts(level="设区的市人民政府", t2={"regulations": {"made": 2, "repealed": 0, "valid": 1}})
    assert [f.cells[0] for f in findings(facts, "R1")] == ["t2.regulations.valid"]


def test_f2_fires_per_column_when_more_is_carried_out_than_came_in():
    facts = with_cell(with_cell(make_facts(), "t3.r25.c1", 9), "t3.r25.c7", 9)
    found = findings(facts, "R2")
    assert [(f.cells[0], f.actual, f.expected) for f in found] == [("t3.r25.c1", 9, "≤ 5"), ("t3.r25.c7", 9, "≤ 6")]
    assert "自然人" in found[0].message and "结转下年度" in found[0].message and "多于本年新收 4 件加上年结转 1 件（共 5 件）" in found[0].message


def test_f2_fires_even_when_o1_cannot_add_up_the_column():
    facts = with_cell(with_cell(make_facts(), "t3.r25.c2", 4), "t3.r24.c2", None)
    assert [f.cells[0] for f in findings(facts, "R2", fill=False)] == ["t3.r25.c2"]
    assert [f for f in findings(facts, "O1", fill=False)] == []


def test_f3_fires_when_more_applications_were_handled_than_received():
    facts = with_cell(make_facts(), "t3.r24.c1", 7)
    found = findings(facts, "R3")
    assert [f.cells[0] for f in found] == ["t3.r24.c1"] and "办理结果" in found[0].message


def test_f3_quiet_when_the_handled_equal_the_received():
    facts = with_cell(with_cell(make_facts(), "t3.r24.c1", 5), "t3.r25.c1", 0)
    assert findings(facts, "R3") == []


def test_f4_fires_when_the_results_of_a_group_exceed_its_total():
    facts = with_cell(with_cell(make_facts(), "t4.c1", 3), "t4.c4", None)  # 维持 3 of 1 case, 尚未审结 unknown
    found = findings(facts, "R4", fill=False)
    assert [(f.cells[0], f.actual, f.expected) for f in found] == [("t4.c5", 3, "≤ 1")]
    assert found[0].message.startswith("表四 行政复议：已填的结果维持、结果纠正、其他结果、尚未审结之和 3 件，多于总计 1 件；")


def test_f4_leaves_a_complete_group_to_s3():
    facts = with_cell(make_facts(), "t4.c1", 3)  # all four parts known: S3 names 总计 and its right value
    assert findings(facts, "R4", fill=False) == [] and [f.key for f in findings(facts, "S3", fill=False)] == ["S3"]


def test_f4_quiet_when_the_results_fit():
    facts = with_cell(make_facts(), "t4.c4", None)
    assert findings(facts, "R4", fill=False) == []


def test_slack_is_data():
    rule = next(r for r in PLAUSIBILITY_RULES if r.key == "R2")
    assert rule.slack == 0 and all(b.parts and b.wholes for b in rule.bounds)


def test_the_correct_published_reports_raise_none():
    sources = collect([str(shared_file(REPORTS))]).sources
    results = check_reports(sources, workers=1)
    assert len(results) >= 30
    raised = [(r.source, f.message) for r in results for f in r.findings if f.key in F_KEYS]
    assert raised == []


@pytest.mark.parametrize("key", F_KEYS)
def test_each_rule_titles_what_should_hold(key):
    assert "多" in RULE_BY_KEY[key].title or "少" in RULE_BY_KEY[key].title


def test_the_bundled_corpus_raises_none():
    from settings import BUNDLED_CORPUS_DIR

    results = check_reports(collect([str(BUNDLED_CORPUS_DIR)]).sources, workers=1)
    assert results and [(r.source, f.message) for r in results for f in r.findings if f.key in F_KEYS] == []
