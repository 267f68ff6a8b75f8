"""validate(): totals filled (never overwritten), findings as records with stable ids, the rules registry."""
from __future__ import annotations

import json

from conftest import EXAMPLE_FACTS, shared_file
from report import format as fmt
from report.facts import load_facts
from report.rules.registry import RULE_BY_KEY, RULES
from report.validator import Validation, validate
from validator_helpers import make_facts, with_cell


def test_example_facts_are_filled_and_have_no_error():
    facts = load_facts(shared_file(EXAMPLE_FACTS))
    v = validate(facts)
    assert not v.has_errors and v.errors == []
    assert v.facts.t3["r24"] == [4, 1, 0, 0, 0, 0, 5]
    assert all(v.facts.t3[r][6] is not None for r in fmt.T3_ROW_KEYS)
    assert [v.facts.t4[c - 1] for c in fmt.T4_TOTAL_COLS] == [1, 0, 0]
    assert {"t3.r24.c1", "t3.r24.c7", "t3.r1.c7", "t4.c5", "t4.c10", "t4.c15"} <= set(v.filled)
    assert facts.t3["r24"][0] is None  # the input is left as it was


def test_registry_lists_every_rule_of_the_issue_with_chinese_titles():
    assert [r.key for r in RULES] == ["O1", "S1", "S2", "S3", "S4", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8",
                                     "Y1", "Y2", "R1", "R2", "R3", "R4"]
    assert {r.key for r in RULES if r.severity == "error"} == {"O1", "S1", "S2", "S3", "S4"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in r.title) for r in RULES)
    assert RULE_BY_KEY["P3"].title


def test_finding_id_survives_fixing_the_number():
    wrong = validate(with_cell(make_facts(), "t3.r24.c1", 3)).findings
    other_value = validate(with_cell(make_facts(), "t3.r24.c1", 2)).findings  # 9 would also trip R3
    assert [f.key for f in wrong] == ["O1", "S1", "S2"]  # one typo breaks three identities, each reported
    assert [f.id for f in wrong] == [f.id for f in other_value]
    assert all(f.id.startswith(f.key + "-") for f in wrong)
    assert validate(make_facts()).findings == []


def test_ids_differ_between_rules_and_cells():
    facts = with_cell(make_facts(), "t3.r24.c1", 3)
    facts = with_cell(facts, "t3.r24.c2", 2)
    ids = [f.id for f in validate(facts).findings]
    assert len(ids) == len(set(ids)) >= 4


def test_narrative_finding_id_is_stable_when_the_text_number_changes():
    def p3_ids(n: int) -> list[str]:
        sections = {"一": f"本年度共收到政府信息公开申请{n}件。"}
        return [f.id for f in validate(make_facts(sections=sections)).findings if f.key == "P3"]

    assert p3_ids(7) == p3_ids(8) and len(p3_ids(7)) == 1
    assert p3_ids(5) == []


def test_errors_and_warnings_split_by_severity():
    facts = with_cell(make_facts(level="乡镇街道", t2={"regulations": {"made": 1, "repealed": 1}}), "t4.c5", 3)
    v = validate(facts)
    assert [f.key for f in v.errors] == ["S3"] and [f.key for f in v.warnings] == ["P6"]
    assert v.has_errors


def test_skip_switches_rules_off():
    facts = make_facts(level="乡镇街道", t2={"regulations": {"made": 1, "repealed": 1}})
    assert [f.key for f in validate(facts).findings] == ["P6"]
    assert validate(facts, skip=["P6"]).findings == []


def test_to_json_dict_is_plain_json_with_finding_records():
    v = validate(with_cell(make_facts(), "t3.r24.c1", 3))
    data = json.loads(json.dumps(v.to_json_dict(), ensure_ascii=False))
    assert data["facts"]["t3"]["r24"][0] == 3
    finding = data["findings"][0]
    assert set(finding) == {"key", "severity", "cells", "expected", "actual", "message", "quote", "id"}
    assert isinstance(v, Validation)


def test_previous_parts_survive_the_copy():
    facts = make_facts(previous={"t2": {"normative_docs": {"valid": 2}}})
    checked = validate(facts).facts
    assert checked.previous.t2.model_fields_set == {"normative_docs"}
    assert checked.previous.t2.normative_docs.model_fields_set == {"valid"}
