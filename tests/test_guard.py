"""Number guard: recall on planted inventions, precision on correct drafts."""
from decimal import Decimal

import pytest

from report.facts import blank_facts, facts_from_dict
from report.guard import allowed, check_numbers


def _facts():
    facts = blank_facts("测试县文化和旅游局", 2023)
    facts.t2.licensing = 36
    facts.t2.penalty = 7
    facts.t2.normative_docs.made = 2
    facts.t2.normative_docs.valid = 12
    facts.t3["r1"] = [10, 2, 0, 0, 0, 0, None]
    facts.t3["r2"] = [1, 0, 0, 0, 0, 0, None]
    facts.t3["r3"] = [6, 1, 0, 0, 0, 0, None]
    facts.t3["r4"] = [2, 0, 0, 0, 0, 0, None]
    facts.t3["r13"] = [2, 1, 0, 0, 0, 0, None]
    facts.t3["r25"] = [1, 0, 0, 0, 0, 0, None]
    facts.t4 = [1, 0, 0, 1, None, 0, 1, 0, 0, None, 0, 0, 0, 0, None]
    facts.notes = {"一": ["门户网站主动公开政府信息85条", "按时回复率98.5%"]}
    return facts


CORRECT = (
    "2023年，我局依据国办公开办函〔2021〕30号要求，主动公开政府信息85条，按时回复率98.5%。"
    "全年新收政府信息公开申请12件，上年结转1件，办结12件，结转下年度1件；其中予以公开7件、部分公开2件、无法提供3件，"
    "予以公开和部分公开合计9件。办理结果中予以公开占58.3%，全部在法定期限内答复，答复率100%。"
    "被申请行政复议2件，被提起行政诉讼1件。作出行政许可决定三十六件、行政处罚决定七件，制发规范性文件两件，"
    "现行有效十二件。依据《条例》第二十条第（一）项，1.加强组织领导；2.完善制度。2024年将继续深化。"
    "开通12345热线联动机制，建立一个平台。"
)


def test_correct_draft_passes_the_guard():
    assert check_numbers(CORRECT, _facts()) == []


@pytest.mark.parametrize("planted, raw", [
    ("全年新收政府信息公开申请15件。", "15"),  # a changed digit
    ("开展政务公开培训6次。", "6"),  # a made-up count
    ("作出行政许可决定三十七件。", "三十七"),  # a wrong Chinese numeral
    ("予以公开占比65%。", "65"),  # a wrong percentage
    ("全年新收申请１４件。", "１４"),  # full-width digits
    ("累计发布信息1.2万条。", "1.2"),  # 万 unit
    ("一百零五件申请全部办结。", "一百零五"),
    ("开展政务公开培训12次。", "12"),  # a table figure is no count of trainings
    ("按时回复率百分之九十。", "百分之九十"),
])
def test_planted_inventions_are_flagged(planted, raw):
    flags = check_numbers(CORRECT + planted, _facts())
    assert [f.raw for f in flags] == [raw]
    assert planted.rstrip("。") in flags[0].sentence
    assert "找不到出处" in flags[0].message


def test_years_of_report_and_cited_documents_are_allowed_but_not_far_future():
    facts = _facts()
    assert check_numbers("根据国办公开办函〔2019〕60号和2008年施行的条例，2022年结转。", facts) == []
    assert [f.raw for f in check_numbers("计划到2030年完成。", facts)] == ["2030"]


def test_sum_named_in_sentence_is_allowed_only_when_it_adds_up():
    facts = _facts()
    assert check_numbers("行政许可36件和行政处罚7件，共43件。", facts) == []
    assert [f.raw for f in check_numbers("行政许可36件和行政处罚7件，共44件。", facts)] == ["44"]


def test_allowed_numbers_include_derived_totals():
    found = allowed(_facts())
    allowed_counts = found.table | found.other
    assert Decimal(12) in allowed_counts  # r1 c7 filled
    assert Decimal(9) in allowed_counts  # r3 + r4
    assert Decimal(3) in allowed_counts  # 无法提供 group


def test_guard_reads_fee_in_wan_yuan():
    facts = facts_from_dict({"agency": "甲", "year": 2023, "t2": {"fees_wan": "3.5"}})
    assert check_numbers("收取行政事业性收费3.5万元。", facts) == []
    assert check_numbers("收取行政事业性收费4.5万元。", facts)[0].raw == "4.5"


# ---------------------------------------------------------------- one source for the prompt and the guard


def test_every_number_the_prompt_lists_passes_the_guard_and_nothing_else_of_the_table_does():
    from report.guard import prompt_figures

    facts = _facts()
    this_year, last_year = prompt_figures(facts, "一")
    assert last_year == []  # no last year known
    for raw in this_year:
        sentence = (f"相关数字为{raw}。" if raw.endswith("%") else f"{raw}年。" if raw == str(facts.year)
                    else f"相关事项共{raw}件。")
        assert check_numbers(sentence, facts, section="一") == [], raw
    listed = {r for r in this_year if not r.endswith("%")}
    for n in range(0, 120):
        if str(n) not in listed and n not in (1, 100, 110):  # 110: a hotline, a name not a figure
            assert check_numbers(f"相关事项{n}件。", facts, section="一"), n


def test_prompt_module_takes_its_list_from_the_guard():
    from chains.prompts import facts_block
    from report.guard import prompt_figures

    facts = _facts()
    listed = facts_block(facts, "五").split("【允许使用的数字】\n")[1].splitlines()[0].split("、")
    assert listed == prompt_figures(facts, "五")[0]
    assert "85" in prompt_figures(facts, "一")[0] and "85" not in listed  # only the section's notes


# ---------------------------------------------------------------- sums only when named as totals


def test_an_invented_count_equal_to_a_sum_of_nearby_numbers_is_flagged():
    facts = _facts()
    facts.notes = {"一": ["开展政务公开培训5次", "开展专题培训2次"]}
    flags = check_numbers("开展政务公开培训5次，专题培训2次，累计参训7次人员较多，另举办讲座7次。", facts, section="一")
    assert [f.raw for f in flags] == ["7"]  # the second 7 is no total; the first, after 累计, is
    assert [f.raw for f in check_numbers("开展政务公开培训5次，专题培训2次，培训7次。", facts)] == ["7"]


@pytest.mark.parametrize("sentence", [
    "开展政务公开培训5次、专题培训2次，共计培训7次。",
    "全年培训7次，其中政务公开培训5次、专题培训2次。",
    "政务公开培训5次与专题培训2次合计7次。",
])
def test_a_sum_named_as_a_total_is_accepted(sentence):
    facts = _facts()
    facts.notes = {"一": ["开展政务公开培训5次", "开展专题培训2次"]}
    assert check_numbers(sentence, facts) == []


# ---------------------------------------------------------------- last year's figures in a comparison


def _with_last_year(received_last=4):
    from report.facts import Previous

    facts = _facts()
    facts.t3["r1"] = [9, 1, 0, 0, 0, 0, None]  # 10 this year
    facts.t3["r3"] = [5, 1, 0, 0, 0, 0, None]
    facts.previous = Previous(t3={"r1": [received_last, 0, 0, 0, 0, 0, received_last]})
    return facts


def test_last_years_figure_and_the_change_are_accepted_in_a_comparison():
    facts = _with_last_year()
    assert check_numbers("全年新收政府信息公开申请10件，较上年的4件增长150%。", facts) == []
    assert check_numbers("新收申请10件，比上年增加6件，同比增长150.0%。", facts) == []


def test_a_wrong_change_on_last_year_is_flagged_with_the_right_one():
    facts = _with_last_year()
    flags = check_numbers("全年新收政府信息公开申请10件，较上年的4件增长120%。", facts)
    assert [f.raw for f in flags] == ["120"]
    assert "与上年相比的变化对不上" in flags[0].message and "上年4件、本年10件，增长150%" in flags[0].message


def test_last_years_figure_is_no_figure_of_this_year():
    facts = _with_last_year()
    assert [f.raw for f in check_numbers("全年新收政府信息公开申请4件。", facts)] == ["4"]
    assert [f.raw for f in check_numbers("全年新收申请12件，较上年的4件增长200%。", _facts())] == ["4", "200"]


def test_a_third_of_last_year_is_rounded_to_one_decimal():
    facts = _with_last_year(received_last=3)  # 3 → 10: +233.3%
    assert check_numbers("新收申请10件，较上年增长233.3%。", facts) == []
    assert [f.raw for f in check_numbers("新收申请10件，较上年增长233.5%。", facts)] == ["233.5"]
