"""The facts model refuses bad input with one Chinese line naming the field; good input loads."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from conftest import EXAMPLE_FACTS, shared_file
from report.errors import FactsError
from report.facts import blank_facts, facts_from_dict, load_facts
from validator_helpers import make_data


def _problems(data) -> list[str]:
    with pytest.raises(FactsError) as e:
        facts_from_dict(data)
    assert str(e.value).startswith("事实数据有误：")
    return e.value.problems


def _t3(row: str, cells: list) -> dict:
    data = make_data()
    data["t3"][row] = cells
    return data


@pytest.mark.parametrize("data, words", [
    (_t3("r1", [-1, 0, 0, 0, 0, 0, None]), ["r1.c1", "自然人", "不能为负数"]),
    (_t3("r1", [1.5, 0, 0, 0, 0, 0, None]), ["r1.c1", "不能是小数"]),
    (_t3("r3", [0, "三", 0, 0, 0, 0, None]), ["r3.c2", "商业企业", "应为非负整数", "三"]),
    (_t3("r3", [0, "3", 0, 0, 0, 0, None]), ["r3.c2", "应为非负整数"]),
    (_t3("r1", [True, 0, 0, 0, 0, 0, None]), ["r1.c1", "应为非负整数"]),
    (_t3("r1", [1, 2, 3]), ["r1", "应有7个数值", "收到 3 个"]),
    (_t3("r1", "5"), ["r1", "应有7个数值"]),
    ({**make_data(), "t4": [0] * 14}, ["表四应有15个数值", "14"]),
    ({**make_data(), "t4": [0] * 9 + [-2] + [0] * 5}, ["c10", "未经复议直接起诉总计", "不能为负数"]),
    ({**make_data(), "t2": {"fees_wan": "1.23456"}}, ["t2.fees_wan", "最多保留4位小数"]),
    ({**make_data(), "t2": {"fees_wan": -1}}, ["t2.fees_wan", "不能为负数"]),
    ({**make_data(), "t2": {"fees_wan": "十万"}}, ["t2.fees_wan", "应为金额数字"]),
    ({**make_data(), "t2": {"licensing": -3}}, ["t2.licensing", "行政许可", "不能为负数"]),
    ({**make_data(), "t2": {"regulations": {"made": 0.5}}}, ["t2.regulations.made", "规章", "不能是小数"]),
    ({**make_data(), "t2": {"penalty": "七"}}, ["t2.penalty", "应为非负整数"]),
    ({**make_data(), "t3": {"r26": [0] * 7}}, ["未知的行：r26"]),
    ({**make_data(), "colour": "red"}, ["colour", "未知字段"]),
    ({**make_data(), "t2": {"grants": 1}}, ["t2.grants", "未知字段"]),
    ({**make_data(), "year": 2007}, ["year（年度）", "2008–2100"]),
    ({**make_data(), "year": 2101}, ["year（年度）", "2008–2100"]),
    ({**make_data(), "year": "2022"}, ["year（年度）", "2008–2100"]),
    ({k: v for k, v in make_data().items() if k != "agency"}, ["agency（机关名称）", "缺少必填字段"]),
    ({**make_data(), "agency": "   "}, ["agency（机关名称）", "不能为空"]),
    ({**make_data(), "level": "村委会"}, ["level（层级）", "村委会", "取值无效"]),
    ({**make_data(), "sections": {"七": "文字"}}, ["未知的部分：七"]),
    ({**make_data(), "sections": {"一": 5}}, ["第一部分的正文应为文字"]),
    ({**make_data(), "notes": {"一": [1, 2]}}, ["第一部分的要点应为文字列表"]),
    ({**make_data(), "previous": {"t3": {"r25": [-1, 0, 0, 0, 0, 0, 0]}}}, ["previous.t3", "r25.c1", "不能为负数"]),
])
def test_bad_input_gets_one_chinese_line_naming_the_field(data, words):
    problems = _problems(data)
    assert len(problems) == 1
    assert all(w in problems[0] for w in words), problems[0]


def test_several_bad_fields_each_get_a_line():
    data = {**make_data(year=1999), "agency": ""}
    problems = _problems(data)
    assert len(problems) == 2 and any("agency" in p for p in problems) and any("year" in p for p in problems)


def test_not_an_object():
    assert _problems([1, 2]) == ["事实文件应为一个 JSON 对象"]


def test_good_input_loads_and_keeps_values():
    facts = facts_from_dict(make_data(t2={"fees_wan": "12.3456", "licensing": 2.0}))
    assert facts.t2.fees_wan == Decimal("12.3456") and facts.t2.licensing == 2
    assert facts.t3["r1"] == [4, 1, 0, 0, 0, 0, 5] and facts.t3["r5"] == [0] * 7
    assert json.loads(facts.to_json())["t2"]["fees_wan"] == "12.3456"


def test_load_facts_reads_the_example_and_reports_file_problems(tmp_path):
    assert load_facts(shared_file(EXAMPLE_FACTS)).agency
    with pytest.raises(FactsError, match="找不到文件"):
        load_facts(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"agency": "某局",\n "year": }', encoding="utf-8")
    with pytest.raises(FactsError, match="JSON 格式错误：第 2 行"):
        load_facts(bad)
    bom = tmp_path / "bom.json"
    bom.write_text(json.dumps(make_data(), ensure_ascii=False), encoding="utf-8-sig")
    assert load_facts(bom).year == 2022


def test_blank_facts_leave_every_total_for_the_validator():
    facts = blank_facts("某局", 2023)
    assert facts.t3["r24"] == [None] * 7 and all(facts.t3[r][6] is None for r in facts.t3)
    assert [facts.t4[c - 1] for c in (5, 10, 15)] == [None, None, None]
