"""Revision over real HTTP: a suggestion with its diff, through the guard; offline says a model is needed."""
import pytest

from chains.drafting import SectionError
from chains.model import ModelServerError, get_chat_model
from chains.revision import (OFFLINE_REVISION_MESSAGE, EmptyInstructionError, OfflineRevisionError, revise_section,
                             text_diff)
from fake_openai import Reply, last_user_text
from report.facts import blank_facts

CURRENT = "本年度新收政府信息公开申请5件，办结5件。我局高度重视，认真组织实施，取得了良好成效。"
REVISED = "本年度新收政府信息公开申请5件，办结5件。"


def _facts():
    facts = blank_facts("测试县文化和旅游局", 2024)
    facts.t3["r1"] = [5, 0, 0, 0, 0, 0, None]
    facts.t3["r3"] = [5, 0, 0, 0, 0, 0, None]
    facts.notes = {"六": ["本年度未收取信息处理费"]}
    return facts


def test_suggestion_comes_with_a_diff_and_the_prompt_has_instruction_text_and_facts(fake_openai):
    fake_openai.script(REVISED)
    s = revise_section("一", CURRENT, "删去空话套话", _facts(), get_chat_model())
    assert s.text == REVISED and s.original == CURRENT and s.flags == [] and not s.reasked
    assert s.prompt_version == "system@2+revise@1" and s.model == "fake-model" and s.instruction == "删去空话套话"
    assert "-我局高度重视，认真组织实施，取得了良好成效。" in s.diff and "+" not in s.diff.split("@@")[-1]
    user = last_user_text(fake_openai)
    assert "删去空话套话" in user and "「现有正文 开始」\n" + CURRENT in user and "【允许使用的数字】" in user
    assert fake_openai.requests[0]["stream"] is False


def test_revision_with_an_invented_number_is_reasked_then_flagged(fake_openai):
    bad = "本年度新收政府信息公开申请5件，办结5件，群众满意率达到96%。"
    fake_openai.script(bad, REVISED)
    s = revise_section("一", CURRENT, "补充满意度", _facts(), get_chat_model())
    assert s.reasked and s.text == REVISED and s.flags == [] and "“96”" in last_user_text(fake_openai)
    fake_openai.script(bad, bad)
    s = revise_section("一", CURRENT, "补充满意度", _facts(), get_chat_model())
    assert s.reasked and s.text == bad and [f.raw for f in s.flags] == ["96"]
    assert "+本年度新收政府信息公开申请5件，办结5件，群众满意率达到96%。" in s.diff


def test_failed_reask_keeps_the_suggestion_with_its_flags(fake_openai):
    bad = "本年度新收政府信息公开申请8件。"
    fake_openai.script(bad, *[Reply(status=500)] * 3)
    s = revise_section("一", CURRENT, "改", _facts(), get_chat_model())
    assert s.text == bad and [f.raw for f in s.flags] == ["8"] and "模型服务出错" in s.warnings[-1]


def test_model_error_on_revision_is_raised_in_chinese_and_the_text_is_untouched(fake_openai):
    fake_openai.script(*[Reply(status=502)] * 3)
    text = CURRENT
    with pytest.raises(ModelServerError, match="模型服务出错"):
        revise_section("一", text, "改", _facts(), get_chat_model())
    assert text == CURRENT


def test_offline_revision_says_a_model_is_needed():
    with pytest.raises(OfflineRevisionError) as e:
        revise_section("一", CURRENT, "更简洁", _facts(), None)
    assert str(e.value) == OFFLINE_REVISION_MESSAGE and str(e.value).startswith("自由改写需要配置模型")


def test_tables_and_empty_instructions_are_refused(fake_openai):
    with pytest.raises(SectionError):
        revise_section("三", CURRENT, "改", _facts(), get_chat_model())
    with pytest.raises(EmptyInstructionError):
        revise_section("一", CURRENT, "  ", _facts(), get_chat_model())
    assert fake_openai.requests == []


def test_diff_is_by_sentence_and_empty_when_unchanged():
    assert text_diff(CURRENT, CURRENT, "一") == ""
    diff = text_diff("甲句。乙句。", "甲句。丙句。", "五")
    assert "-乙句。" in diff and "+丙句。" in diff and " 甲句。" in diff and "五、存在的主要问题及改进情况（建议）" in diff
