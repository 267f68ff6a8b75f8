"""P4 信息处理费, P5 narrative completeness, P7 format notice: each fires on a planted error and stays quiet otherwise."""
from __future__ import annotations

import pytest

from validator_helpers import GOOD_SECTIONS, findings, make_facts


def _with(**sections: str) -> dict:
    return {**GOOD_SECTIONS, **sections}


def test_good_sections_raise_no_text_findings():
    assert [f for f in findings(make_facts(sections=GOOD_SECTIONS), "P4")] == []
    v = [f for key in ("P3", "P4", "P5", "P7") for f in findings(make_facts(sections=GOOD_SECTIONS), key)]
    assert v == []


def test_p4_fires_when_section_six_says_nothing_about_the_fee():
    found = findings(make_facts(sections=_with(六="本年度无其他需要报告的事项，特此说明，敬请各位监督指正。")), "P4")
    assert [(f.cells, f.severity) for f in found] == [(["section.六"], "warning")]
    assert "信息处理费" in found[0].message


@pytest.mark.parametrize("text", ["本年度收取信息处理费0元。", "本机关未收取信息公开处理费，无其他事项。"])
def test_p4_quiet_when_the_fee_is_mentioned(text):
    assert findings(make_facts(sections=_with(六=text)), "P4") == []


def test_p4_quiet_when_section_six_is_absent_or_no_sections():
    sections = {k: v for k, v in GOOD_SECTIONS.items() if k != "六"}
    assert findings(make_facts(sections=sections), "P4") == []
    assert findings(make_facts(), "P4") == []


def test_p5_fires_on_missing_and_thin_sections():
    sections = {"一": GOOD_SECTIONS["一"], "五": "无。", "六": "  "}
    found = findings(make_facts(sections=sections), "P5")
    assert [(f.cells, f.actual) for f in found] == [(["section.五"], 2), (["section.六"], 0)]
    assert "过于简单" in found[0].message and "缺少第六部分" in found[1].message


def test_p5_counts_characters_without_spaces():
    padded = "信息 处理 费 未收取 。" + " " * 30
    assert [f.cells for f in findings(make_facts(sections=_with(六=padded)), "P5")] == [["section.六"]]


def test_p5_quiet_without_sections_and_on_full_sections():
    assert findings(make_facts(), "P5") == []
    assert findings(make_facts(sections=GOOD_SECTIONS), "P5") == []


@pytest.mark.parametrize("citation, problem", [
    ("国办公开办函〔2019〕60号", "2019"),
    ("国办公开办函[2019]60号", "2019"),
    ("国办政务公开办函〔2021〕30号", "名称"),
    ("国办公开函（2021）30号", "名称"),
])
def test_p7_fires_on_a_wrong_citation(citation, problem):
    text = f"根据《中华人民共和国政府信息公开工作年度报告格式》（{citation}）要求编制本报告，现予公布，请监督。"
    found = findings(make_facts(sections=_with(一=text + GOOD_SECTIONS["一"])), "P7")
    assert len(found) == 1 and problem in found[0].message and "国办公开办函〔2021〕30号" in found[0].message


def test_p7_fires_on_a_wrong_number_of_the_format_notice():
    text = "按照年度报告格式的通知（国办公开办函〔2021〕31号）编制本报告。"
    assert len(findings(make_facts(sections=_with(一=text + GOOD_SECTIONS["一"])), "P7")) == 1


@pytest.mark.parametrize("citation", ["国办公开办函〔2021〕30号", "国办公开办函〔2021〕30 号", "国办公开办函[2021]30号",
                                      "国办公开办函（2021）30号", "国办公开办函【2021】30号"])
def test_p7_quiet_on_the_right_citation_in_any_bracket(citation):
    text = f"本报告依据{citation}的格式编制。"
    assert findings(make_facts(sections=_with(一=text + GOOD_SECTIONS["一"])), "P7") == []


def test_p7_quiet_on_other_documents_and_on_old_reports_citing_the_old_notice():
    text = "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收费；国办公开办函〔2021〕5号另有规定。"
    assert findings(make_facts(sections=_with(六=text)), "P7") == []
    old = "本报告按国办公开办函〔2019〕60号的格式编制。"
    assert findings(make_facts(year=2020, sections=_with(一=old + GOOD_SECTIONS["一"])), "P7") == []


def test_no_applications_is_read_the_same_by_extraction_the_checklist_and_p3():
    from chains.extraction import extract_updates
    from report.facts import blank_facts
    from report.narrative import no_applications_claims
    from ui.checklist import build_checklist

    for said in ("今年未收到申请", "本年度没有收到任何政府信息公开申请", "没收到申请"):
        assert list(no_applications_claims(said)), said
        facts = blank_facts("某镇人民政府", 2024, "乡镇街道")
        assert any(p.key == "t3.r1.c7" and p.value == 0 for p in extract_updates(said, facts).proposals), said
        facts.notes = {"一": [said]}
        assert next(i for i in build_checklist(facts, {}) if i.key == "t3").done, said
    assert not list(no_applications_claims("未收到行政复议申请"))  # another matter
    assert not list(no_applications_claims("未收到企业申请"))  # a part, not the whole
