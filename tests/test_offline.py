"""The offline drafter: complete sections from facts and notes; carried text with figures updated; P8."""
from report.facts import blank_facts
from report.guard import check_numbers
from report.facts import Previous
from report.novelty import repetition_ratio
from report.rules.registry import RULE_BY_KEY, section_findings
from report.parsed import ParsedReport
from report.basis import validated
from report.prose import zeros_as_figures
from chains.offline import NEEDS_CHECK, iter_offline, offline_section


def _facts(received=5):
    facts = blank_facts("测试县文化和旅游局", 2024)
    facts.t2.licensing = 40
    facts.t3["r1"] = [received, 0, 0, 0, 0, 0, None]
    facts.t3["r2"] = [1, 0, 0, 0, 0, 0, None]
    facts.t3["r3"] = [received, 0, 0, 0, 0, 0, None]
    facts.t3["r25"] = [1, 0, 0, 0, 0, 0, None]
    facts.notes = {"一": ["门户网站主动公开政府信息90条", "开展政务公开培训6次"],
                   "五": ["问题：政策解读形式单一", "改进：增加图解和视频解读"],
                   "六": ["本年度未收取信息处理费"]}
    return facts


LAST_ONE = ("2023年，我局认真落实条例要求，全面推进政务公开。\n（一）主动公开\n全年主动公开政府信息80条，"
            "开展政务公开培训4次，作出行政许可决定33件。\n（二）依申请公开\n全年新收政府信息公开申请3件，办结3件。\n"
            "（五）监督保障\n组织专题学习12次，建立考核机制。")
LAST = ParsedReport(agency="测试县文化和旅游局", year=2023, sections={
    "一": LAST_ONE, "五": "（一）存在问题\n一是信息更新不够及时；二是解读形式较为单一。\n（二）改进措施\n加强审核。"},
    t2={"regulations": {"made": 0, "repealed": 0, "valid": 0}, "normative_docs": {"made": 0, "repealed": 0, "valid": 0},
        "licensing": 33, "penalty": 0, "coercion": 0, "fees_wan": "0"},
    t3={"r1": [3, 0, 0, 0, 0, 0, 3], "r24": [3, 0, 0, 0, 0, 0, 3], "r3": [3, 0, 0, 0, 0, 0, 3]},
    t4=[0] * 15)


def test_composed_sections_carry_only_traceable_numbers():
    facts = _facts()
    for num in "一五六":
        draft = offline_section(num, facts)
        assert draft.text.strip()
        assert check_numbers(draft.text, facts) == [], draft.text
        assert draft.prompt_version
    one = offline_section("一", facts).text
    assert "新收政府信息公开申请5件" in one and "主动公开政府信息90条" in one
    assert "（二）依申请公开" in one and "（五）监督保障" in one
    assert "政策解读形式单一" in offline_section("五", facts).text
    assert "信息处理费" in offline_section("六", facts).text


def test_no_requests_says_so_only_when_table_says_zero():
    zero = blank_facts("测试镇人民政府", 2024, "乡镇街道")
    assert "未收到政府信息公开申请" in offline_section("一", zero).text
    assert "未收到" not in offline_section("一", _facts()).text


def test_six_without_fee_note_asks_for_it_and_government_gets_assessment_line():
    facts = blank_facts("测试县人民政府", 2024, "县级人民政府")
    six = offline_section("六", facts).text
    assert "信息处理费" in six and NEEDS_CHECK in six
    assert "责任追究" in offline_section("一", facts).text


def test_a_subhead_without_facts_gets_a_marked_placeholder_or_a_number_free_sentence_of_last_year():
    facts = _facts()
    bare = offline_section("一", facts).text
    assert "（三）政府信息管理\n【待补充：政府信息管理——如公开指南和目录更新、保密审查" in bare
    last = ParsedReport(agency=facts.agency, year=2023, source="ceshi-2023.txt", sections={"一": (
        "（三）政府信息管理\n全年审查拟公开信息210条。坚持先审查、后公开，动态更新政府信息公开指南。")})
    draft = offline_section("一", validated(facts, last))
    assert "【参照本机关往年报告，请核实本年是否仍适用】坚持先审查、后公开" in draft.text
    assert "210" not in draft.text and "审查拟公开信息" not in draft.text  # a sentence with a number is not taken
    assert any("参照本机关2023年报告（ceshi-2023.txt）" in n for n in draft.notes)  # the source, for the reviewer
    assert check_numbers(draft.text, facts) == []


def test_five_refers_to_last_years_problems():
    five = offline_section("五", validated(_facts(), LAST)).text
    assert "上年度" in five and "信息更新不够及时" in five


def test_stream_yields_the_same_text():
    facts = _facts()
    assert "".join(iter_offline("六", validated(facts))) == offline_section("六", facts).text


def test_p8_fires_when_more_than_half_repeats_and_stays_quiet_otherwise():
    facts = _facts()
    carried = LAST_ONE.replace("2023年", "2024年")  # a draft that repeats last year's text
    assert repetition_ratio(carried, LAST_ONE) > 0.5
    facts.previous = Previous(sections={"一": LAST_ONE})
    found = [f for f in section_findings("一", carried, facts) if f.key == "P8"]
    assert len(found) == 1 and found[0].severity == "warning" and "与上年报告相同" in found[0].message
    fresh = offline_section("一", _facts()).text  # (facts with last year's text would be carried forward)
    assert [f for f in section_findings("一", fresh, facts) if f.key == "P8"] == []
    whole = RULE_BY_KEY["P8"].run(facts.model_copy(update={"sections": {"一": carried, "五": "", "六": ""}}))
    assert [f.cells for f in whole] == [["section.一"]]  # the validator runs the same rule over the report


def test_fee_statement_is_written_formally_from_everyday_notes():
    facts = _facts()
    for note, expected in [("没有收信息处理费", "本年度未收取信息处理费。"), ("信息处理费为0元", "本年度未收取信息处理费。"),
                           ("收取信息处理费120元", "本年度收取信息处理费120元。")]:
        facts.notes["六"] = [note]
        six = offline_section("六", facts).text
        assert six.startswith("依据《政府信息公开信息处理费管理办法》") and expected in six
        assert check_numbers(six, facts) == []


def test_zeros_are_said_as_absences_and_appeal_results_are_named():
    facts = _facts()
    facts.t2.regulations.valid = 11
    facts.t4 = [1, 0, 0, 0, 1, 2, 0, 0, 1, 3, 0, 0, 0, 0, 0]
    one = offline_section("一", facts).text
    assert "本年未制发、废止规章，现行有效11件" in one and "未作出行政处罚、行政强制决定" in one
    assert "被申请行政复议1件，结果为维持" in one
    assert "被提起行政诉讼3件，为未经复议直接起诉，其中结果维持2件、尚未审结1件" in one
    facts.t4 = [0] * 5 + [1, 0, 0, 0, 1] + [0, 1, 0, 0, 1]
    one = offline_section("一", facts).text
    assert "未发生因政府信息公开工作被申请行政复议的情况" in one
    assert "其中未经复议直接起诉1件，结果为维持；复议后起诉1件，结果为纠正" in one
    assert zeros_as_figures(one) == [] and check_numbers(one, facts) == []
