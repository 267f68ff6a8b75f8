"""P3: numbers clearly bound to a table figure must equal it; numbers of other things are left alone."""
from __future__ import annotations

import pytest

from report.narrative import bound_numbers, normalize_text
from validator_helpers import GOOD_SECTIONS, make_facts
from report.validator import validate

# make_facts(): 新收 5 (自然人 4), 上年结转 1, 予以公开 3, 部分公开 1, 无法提供 1, 办结 5, 结转下年度 1,
# 行政复议 1, 诉讼 1 (未经复议直接起诉 1, 复议后起诉 0).


def p3(text: str, section: str = "一", **changes) -> list:
    facts = make_facts(sections={section: text}, **changes)
    return [f for f in validate(facts).findings if f.key == "P3"]


def bound(text: str) -> list[tuple[str, int]]:
    return [(b.name, b.value) for b in bound_numbers(text, 2022)]


def test_good_narrative_binds_every_figure_and_is_quiet():
    assert bound(GOOD_SECTIONS["一"]) == [("received", 5), ("carried_in", 1), ("handled", 5), ("carried_out", 1),
                                          ("reconsideration", 1), ("litigation", 1)]
    assert p3(GOOD_SECTIONS["一"]) == []


@pytest.mark.parametrize("text, name, wrong", [
    ("本年度共收到政府信息公开申请12件。", "received", 12),
    ("本年度新收政府信息公开申请 十二 件。", "received", 12),
    ("全年收到政府信息公开申请共计7件，均按时答复。", "received", 7),
    ("共受理依申请公开3件。", "received", 3),
    ("我街道新收政府信息公开申请31宗。", "received", 31),
    ("收到申请5件，其中上年结转2件，办结5件。", "carried_in", 2),
    ("本年度收到申请5件，办结4件，结转下年度1件。", "handled", 4),
    ("本年度收到申请5件，办结5件，结转下年度2件。", "carried_out", 2),
    ("共答复政府信息公开申请6件（含上年度结转申请1件，另有1件顺延到下年度答复）。", "handled", 6),
    ("答复申请5件（另有2件申请按照《条例》顺延到下年度答复）。", "carried_out_after", 2),
    ("本机关被申请行政复议2件。", "reconsideration", 2),
    ("发生政府信息公开行政复议案件3起。", "reconsideration", 3),
    ("政府信息公开行政诉讼3件，其中结果维持1件。", "litigation", 3),
    ("行政复议1件，诉讼2件，均获维持。", "litigation", 2),
    ("予以公开及部分公开3件，占60%。", "opened_and_partial", 3),
    ("予以公开2件。", "opened", 2),
    ("部分公开2件。", "partial", 2),
    ("不予公开1件。", "withheld", 1),
    ("因本机关不掌握等原因无法提供3件。", "unavailable", 3),
    ("属信访、重复申请等不予处理2件。", "not_processed", 2),
    ("其他处理1件。", "other_handling", 1),
])
def test_p3_fires_on_a_wrong_paraphrase(text, name, wrong):
    assert (name, wrong) in bound(text)
    found = p3(text)
    assert len(found) == 1 and found[0].actual == wrong and found[0].severity == "warning"
    assert normalize_text(text).strip("。")[:10] in found[0].message  # the sentence is quoted
    assert found[0].message.startswith("第一部分“")


@pytest.mark.parametrize("text", [
    "本年度共收到政府信息公开申请5件。",
    "本年度新收政府信息公开申请 五 件。",
    "共收到申请6件（含上年结转1件）。",  # 含上年结转: r1 + r2 is meant
    "收到申请6件，其中上年结转1件。",
    "全市共受理政府信息公开申请6件，答复5件。",  # 受理 may mean r1 + r2
    "全市共受理政府信息公开申请5件。",
    "共受理依申请公开5件。",
    "本年度收到申请5件，办结5件，结转下年度继续办理1件。",
    "答复政府信息公开申请5件（含上年度结转申请1件，另有1件申请按照《条例》顺延到下年度答复）。",
    "被申请行政复议1件，提起行政诉讼1件。",
    "予以公开及部分公开4件，不予公开0件，无法提供1件，不予处理0件，其他处理0件。",
    "予以公开4件（含部分公开）。",
    "予以公开3件，部分公开1件。",
])
def test_p3_quiet_when_the_paraphrase_agrees(text):
    assert bound(text)
    assert p3(text) == []


@pytest.mark.parametrize("text", [
    "门户网站主动公开政府信息85条，开展政务公开培训3次。",
    "办理市长热线及领导信箱诉求件31件，按时回复率100%。",
    "受理12345热线工单300件，办结298件。",
    "收到政府信息公开申请5件；受理市民热线诉求200件，办结200件。",
    "收到申请5件，热线转办件40件，办结40件。",
    "本年度收到自然人申请9件。",
    "其中通过网络收到申请8件，信函收到4件。",
    "收到涉及征地拆迁方面的申请3件。",
    "收到政府信息公开申请和意见建议共12件。",
    "收到并办结政府信息公开申请12件。",
    "尚未办结3件。",
    "当场答复2件，延期答复3件。",
    "上年收到申请10件，同比减少一半。",
    "较上年收到申请增加3件。",
    "2021年收到申请15件，2022年有所下降。",
    "不予受理3件。",
    "因属于国家秘密不予公开2件。",
    "因本机关不掌握相关政府信息无法提供4件。",
    "行政复议和行政诉讼共3件。",
    "被申请行政复议和提起行政诉讼共3件。",
    "未经复议直接起诉2件，复议后起诉3件。",
    "新增行政复议3件。",
    "收到行政复议申请3件。",  # the agency as the review body, not the respondent
    "作为复议机关受理行政复议案件3件。",
    "收到申请1.5万件。",
    "申请予以公开的比例为35%。",
    "发布政策解读21个，召开新闻发布会12场，制作公报6期。",
    "主动公开规范性文件12件，政策性文件11件。",
    "国办公开办函〔2021〕30号要求收到申请后20个工作日内答复。",
])
def test_p3_quiet_on_numbers_that_are_not_the_figure(text):
    assert p3(text) == []


def test_p3_binds_the_context_of_the_previous_sentence_but_not_other_matters():
    assert bound("本年度收到政府信息公开申请5件。已全部办结5件。") == [("received", 5), ("handled", 5)]
    assert bound("本年度开展各项培训。已全部办结5件。") == []


def test_no_applications_fires_when_the_table_has_some():
    found = p3("本年度未收到政府信息公开申请。")
    assert len(found) == 1 and found[0].cells == ["t3.r1.c7"] and (found[0].expected, found[0].actual) == (5, 0)
    assert "未收到" in found[0].message


def test_no_applications_with_unaccepted_phrase_also_fires():
    assert len(p3("我局2022年未受理政府信息公开的申请。")) == 1


@pytest.mark.parametrize("text", [
    "未收到因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
    "未收到法人或其他组织的政府信息公开申请。",
    "未收到申请人的补正材料。",
    "上年未收到政府信息公开申请。",
    "2021年未收到政府信息公开申请。",
])
def test_no_applications_quiet_on_other_meanings(text):
    assert p3(text) == []


def test_no_applications_quiet_when_the_table_has_none():
    zero = {r: [0] * 7 for r in ("r1", "r2", "r3", "r4", "r13", "r24", "r25")}
    assert p3("本年度未收到政府信息公开申请。", t3=zero) == []


def test_pdf_line_breaks_page_footers_and_spaces_are_read_through():
    text = "2022 年，全市共受理政府信息公开申请 5 件，答\n- 3 -\n复 5 件（含上年度结转申请 1 件）。"
    assert bound(text) == [("received", 5), ("handled", 5), ("carried_in", 1)]
    assert p3(text.replace("答\n- 3 -\n复 5", "答\n- 3 -\n复 4")) != []


def test_a_heading_line_does_not_join_the_next_sentence():
    assert bound("（二）依申请公开方面\n市政府共受理政府信息公开申请5件。") == [("received", 5)]


def test_figures_unknown_in_the_table_are_not_compared():
    facts = make_facts(sections={"一": "本年度共收到政府信息公开申请12件。"})
    facts.t3["r1"] = [None, 1, 0, 0, 0, 0, None]
    assert [f for f in validate(facts).findings if f.key == "P3"] == []


def test_long_sentence_is_quoted_around_the_number():
    text = "本年度" + "，".join(["扎实推进各项重点工作"] * 12) + "，共收到政府信息公开申请12件。"
    found = p3(text)
    assert len(found) == 1 and "申请12件" in found[0].message and "…" in found[0].message


def test_every_section_is_read_and_named():
    found = p3("第六部分补充说明：本年度共收到政府信息公开申请12件，特此说明。", section="六")
    assert len(found) == 1 and found[0].message.startswith("第六部分")


def test_a_published_report_is_compared_with_its_figures_as_published():
    facts = make_facts(sections={"一": "本年度共收到政府信息公开申请12件。"})
    facts.t3["r1"][6] = None  # blank 总计 in the published table: S4 reports it, P3 does not guess it
    published = [f.key for f in validate(facts, fill=False).findings if f.key in ("S4", "P3")]
    assert published == ["S4"]
    assert [f.key for f in validate(facts).findings if f.key in ("S4", "P3")] == ["P3"]  # filled, it is known again


# Table 二's 行政规范性文件 row (make_facts(): 制发 0, 废止 0, 现行有效 0): only this year's count of the row binds.
@pytest.mark.parametrize("text, name, wrong", [
    ("截至2022年底，本机关现行有效规范性文件393件。", "docs_valid", 393),
    ("截至年底现行有效行政规范性文件393件。", "docs_valid", 393),
    ("集中清理后，现行有效规范性文件380件。", "docs_valid", 380),
    ("本年度制发规范性文件12件。", "docs_made", 12),
    ("全年累计制发行政规范性文件12件。", "docs_made", 12),
    ("经清理，废止规范性文件12件。", "docs_repealed", 12),
    ("开展规范性文件清理，废止规范性文件12件，宣布失效3件。", "docs_repealed", 12),
])
def test_p3_fires_on_a_wrong_table_two_count(text, name, wrong):
    assert bound(text) == [(name, wrong)]
    found = p3(text)
    assert len(found) == 1 and found[0].actual == wrong and found[0].expected == 0


@pytest.mark.parametrize("text", [
    "对现行有效规范性文件393件进行清理。",  # the object of a cleanup, counted when it was done
    "对现行有效规范性文件21件逐件开展合法性评估。",
    "现行有效规范性文件393件全面梳理完毕。",
    "清理规范性文件12件。",  # a cleanup count, not a row of Table 二
    "共清理规范性文件393件，其中继续有效380件，废止13件。",
    "截至目前累计制发规范性文件120件。",  # a total since some date
    "截至目前，本机关现行有效规范性文件393件。",  # as of the writing, not the year's end
    "自2008年以来累计制定规范性文件300件。",
    "历年累计制发规范性文件393件。",
    "截至2020年底，现行有效规范性文件393件。",  # another year, in an earlier clause
    "拟制发规范性文件5件。",  # a plan (五's measures)
    "下一步，计划废止规范性文件3件。",
    "对制发的规范性文件12件全部进行解读。",
    "审查规范性文件25件，报送备案规范性文件8件。",
    "部门规范性文件现行有效45件。",
])
def test_p3_quiet_on_table_two_numbers_that_are_not_this_years_count(text):
    assert bound(text) == [] and p3(text) == []
