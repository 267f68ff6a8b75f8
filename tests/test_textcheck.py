"""One place for the checks of a section's text: guard, P3, the registry's P4/P5/P8, and 【需核实】 on open errors."""
from __future__ import annotations

from chains.drafting import check_draft, draft_section, offline_draft
from chains.model import get_chat_model
from report.facts import Previous, blank_facts
from report.rules.registry import RULE_BY_KEY
from report.rules.text import MIN_NARRATIVE_CHARS
from report.textcheck import NEEDS_CHECK, check_text, open_table_errors


def _broken():
    """Table 三 breaks O1: 5 received, 4 handled, none carried over."""
    facts = blank_facts("测试县文化和旅游局", 2024)
    facts.t3["r1"] = [5, 0, 0, 0, 0, 0, None]
    facts.t3["r3"] = [4, 0, 0, 0, 0, 0, None]
    return facts


def _sound():
    facts = _broken()
    facts.t3["r3"] = [5, 0, 0, 0, 0, 0, None]
    return facts


SENTENCES = "本年度共收到政府信息公开申请5件。全年发布政务信息。"


def test_a_sentence_stating_a_figure_in_an_open_error_is_marked_and_the_reason_given():
    check = check_text("一", SENTENCES, _broken())
    assert check.text == f"本年度共收到政府信息公开申请5件{NEEDS_CHECK}。全年发布政务信息。"
    assert len(check.notes) == 1 and "O1" in check.notes[0] and "数据表格" in check.notes[0]
    assert check.notes[0] in check.warnings


def test_nothing_is_marked_when_the_tables_are_sound_or_the_error_was_acknowledged():
    assert check_text("一", SENTENCES, _sound()).text == SENTENCES
    assert check_text("一", SENTENCES, _broken(), open_errors=[]).text == SENTENCES
    errors = open_table_errors(_broken())
    assert {e.key for e in errors} == {"O1"}
    assert open_table_errors(_broken(), acknowledged=[e.id for e in errors]) == []


def test_a_sentence_about_other_figures_is_not_marked():
    text = "作出行政许可决定0件。全年发布政务信息。"
    assert check_text("一", text, _broken()).text == text


def test_the_offline_drafter_marks_the_sentence_and_says_why():
    draft = offline_draft("一", _broken(), [])
    assert NEEDS_CHECK in draft.text
    assert any("未处理的错误" in w and "O1" in w for w in draft.warnings)


def test_a_model_draft_stating_a_figure_in_an_open_error_is_marked(fake_openai):
    fake_openai.script(*["（一）主动公开情况\n全年发布政务信息。\n（二）依申请公开情况\n" + SENTENCES,
                         *["全年发布政务信息，运行平稳。"] * 4])
    draft = draft_section("五", _broken(), [], get_chat_model())  # 五 in one request
    assert draft.text.count(NEEDS_CHECK) == 1 and "5件" + NEEDS_CHECK in draft.text
    assert any("O1" in w for w in draft.warnings)


def test_draft_checks_use_the_registrys_thresholds_and_messages():
    facts = _sound()
    short = "问题较少。"
    check = check_draft("五", short, facts)
    p5 = [f for f in check.findings if f.key == "P5"]
    assert len(p5) == 1 and p5[0].message == next(iter(RULE_BY_KEY["P5"].check_section("五", short, facts))).message
    assert not [f for f in check_draft("五", "问" * MIN_NARRATIVE_CHARS, facts).findings if f.key == "P5"]
    p4 = [f for f in check_draft("六", "本机关没有其他需要报告的事项，特此说明。", facts).findings if f.key == "P4"]
    assert len(p4) == 1 and "信息处理费" in p4[0].message


def test_p8_runs_in_the_draft_checks_when_last_years_text_is_known():
    facts = _sound()
    last = "本机关认真贯彻落实条例，不断完善制度，规范办理流程，按时答复每一件申请，群众满意度持续提升。" * 2
    facts.previous = Previous(sections={"五": last})
    keys = [f.key for f in check_draft("五", last, facts).findings]
    assert keys == ["P8"]


def test_the_review_tabs_check_of_the_current_text_is_the_drafts_check():
    from ui import adapters

    facts = _sound()
    text = "本机关没有其他需要报告的事项。本年度新收政府信息公开申请9件。"
    flags = adapters.text_flags("六", text, facts)
    check = check_draft("六", text, facts, open_errors=[])
    assert [f["message"] for f in flags if not f.get("warning")] == [f.message for f in check.flags]
    assert [f["message"] for f in flags if f.get("warning")] == check.warnings
    assert any("与表中不符" in f["message"] for f in flags)  # P3, not only the guard
    assert any("信息处理费" in f["message"] for f in flags if f.get("warning"))  # P4


def test_a_row_told_only_by_its_total_does_not_mark_the_sentence_stating_it():
    from report.facts import blank_facts
    from report.textcheck import open_table_errors

    facts = blank_facts("测试县民政局", 2024)
    facts.t3["r1"][6] = 12  # 新收 12, no split yet: a to-do
    facts.t3["r3"][6] = 12
    facts.t3["r24"][6] = 12
    assert not open_table_errors(facts)
    facts.t3["r1"][0] = 5  # a split that does not add up: an error that marks
    assert open_table_errors(facts)
