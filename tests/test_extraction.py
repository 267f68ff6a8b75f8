"""Offline fact extraction from chat messages: proposals to confirm, questions for vague amounts."""
import pytest

from chains.extraction import apply_proposals, extract_updates
from report.errors import FactsError
from report.facts import blank_facts


def _facts():
    return blank_facts("测试县文化和旅游局", 2024)


def test_issue_example_message():
    found = extract_updates("今年主动公开信息85条，收到申请3件，其中2件予以公开", _facts())
    assert [(p.key, p.value) for p in found.proposals] == [
        ("notes.一", "今年主动公开信息85条"), ("t3.r1.c7", 3), ("t3.r3.c7", 2)]
    assert len(found.questions) == 1 and "本年新收3件、予以公开2件按申请人分列" in found.questions[0]


def test_applicant_named_goes_to_its_column_and_table_two_figures():
    found = extract_updates("收到自然人申请5件，行政许可36件，行政处罚七起，行政事业性收费3.5万元", _facts())
    got = {p.key: p.value for p in found.proposals}
    assert got["t3.r1.c1"] == 5 and got["t2.licensing"] == 36 and got["t2.penalty"] == 7
    assert str(got["t2.fees_wan"]) == "3.5"
    assert found.questions == []


@pytest.mark.parametrize("message", ["收到申请十几件", "办结20多件", "行政处罚约30件", "收到申请三四件"])
def test_vague_amounts_are_asked_not_guessed(message):
    found = extract_updates(message, _facts())
    assert found.proposals == []
    assert "不够确切" in found.questions[0]


def test_no_requests_and_no_fee():
    found = extract_updates("本年度未收到政府信息公开申请，也未收取信息处理费", _facts())
    assert {(p.key, p.value) for p in found.proposals} >= {("t3.r1.c7", 0)}
    assert any(p.key == "notes.六" for p in found.proposals)


def test_apply_proposals_updates_cells_and_notes_and_revalidates():
    facts = _facts()
    found = extract_updates("主动公开信息85条，收到自然人申请3件，结转下年度1件", facts)
    new = apply_proposals(facts, found.proposals)
    assert new.t3["r1"][0] == 3 and new.t3["r25"][6] == 1
    assert new.notes["一"] == ["主动公开信息85条"]
    assert facts.t3["r1"][0] == 0  # the original is untouched until applied
    bad = found.proposals[1]
    bad.value = -1
    with pytest.raises(FactsError):
        apply_proposals(facts, [bad])


def test_message_without_facts_proposes_nothing():
    found = extract_updates("请帮我起草总体情况", _facts())
    assert found.proposals == [] and found.questions == []
