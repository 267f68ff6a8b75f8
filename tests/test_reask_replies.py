"""Re-asks and revisions go through the same reply cleaner as first replies (over real HTTP, fake server)."""
import pytest
from drafting_helpers import GOOD_FIVE, GOOD_SIX, GOOD_SUBS, is_reask, responder, section_of
from fake_openai import ENGLISH_REPLY, LONG_SENTENCE, TABLE_REPLY, Reply, key_echo_reply, long_reply

from chains.drafting import REASK_FAILED, REASK_NOTE, draft_report
from chains.model import ModelFormatError, get_chat_model
from chains.revision import revise_section
from report.facts import blank_facts
from report.replies import SCRUBBED, budget

KEY = "sk-fake-secret-key"  # what configure_env sets
BAD_FIVE = "（一）存在的主要问题\n本年收到申请9件，政策解读形式较为单一。\n（二）改进措施\n增加图解和视频解读。"
BAD_SUB = "本年度制发行政规范性文件2件，门户网站主动公开政府信息9999条。"
CURRENT = "本年度新收政府信息公开申请5件，办结5件。我局高度重视，认真组织实施，取得了良好成效。"
BAD_REVISION = "本年度新收政府信息公开申请5件，办结5件，群众满意率达到96%。"


def _facts():
    facts = blank_facts("测试县文化和旅游局", 2024)
    facts.t2.licensing = 36
    facts.t2.normative_docs.made = 2
    facts.t3["r1"] = [4, 1, 0, 0, 0, 0, None]
    facts.t3["r3"] = [3, 1, 0, 0, 0, 0, None]
    facts.t3["r13"] = [1, 0, 0, 0, 0, 0, None]
    facts.notes = {"一": ["门户网站主动公开政府信息72条", "开展政务公开培训18次"],
                   "五": ["问题：政策解读形式较为单一", "改进：增加图解和视频解读"], "六": ["本年度未收取信息处理费"]}
    return facts


def _five_reasked_with(server, reask: Reply) -> None:
    """五's first reply invents a figure (so it is re-asked); the re-ask gets `reask`; all else is good."""
    good = responder()

    def answer(body: dict) -> Reply:
        if section_of(body) == "五":
            return reask if is_reask(body) else Reply(text=BAD_FIVE)
        return good(body)

    server.responder = answer


def test_a_reask_answered_with_a_markdown_table_is_not_kept_as_is(fake_openai):
    _five_reasked_with(fake_openai, Reply(text=TABLE_REPLY))
    five = draft_report(_facts(), llm=get_chat_model())["五"]
    assert five.reasked and "|" not in five.text and "5000" not in five.text and "工作亮点" not in five.text
    assert "**" not in five.text and "下一步，本局将进一步提高公开质量。" in five.text
    assert any(w.startswith(REASK_NOTE) and "1 个表格已删除" in w for w in five.warnings)
    assert any(w.startswith(REASK_NOTE) and "“工作亮点”" in w for w in five.warnings)


def test_a_reask_answered_in_english_keeps_the_first_draft_flagged(fake_openai):
    _five_reasked_with(fake_openai, Reply(text=ENGLISH_REPLY))
    five = draft_report(_facts(), llm=get_chat_model())["五"]
    assert five.reasked and "bureau" not in five.text and five.text == BAD_FIVE
    assert [f.raw for f in five.flags] == ["9"]
    assert any(w.startswith(REASK_FAILED) and "英文" in w for w in five.warnings)


def test_an_over_long_reask_is_cut_at_a_sentence_and_flagged(fake_openai):
    _five_reasked_with(fake_openai, long_reply(20_000))
    five = draft_report(_facts(), llm=get_chat_model())["五"]
    assert len(five.text) <= budget("五") and five.text.endswith("。") and five.text.startswith(LONG_SENTENCE)
    assert any(w.startswith(REASK_NOTE) and "模型答复过长" in w for w in five.warnings)


def test_a_subhead_reask_with_a_table_or_the_key_is_cleaned(fake_openai):
    line = "（一）主动公开"
    fake_openai.responder = responder(subs={line: BAD_SUB}, reasks={line: TABLE_REPLY + key_echo_reply(KEY, "").text})
    one = draft_report(_facts(), llm=get_chat_model())["一"]
    assert one.reasked and "|" not in one.text and "9999" not in one.text and KEY not in one.text
    assert SCRUBBED in one.text and GOOD_SUBS["（五）监督保障"] in one.text
    assert any(w.startswith(REASK_NOTE) and f"第一部分“{line}”" in w and "表格已删除" in w for w in one.warnings)
    assert any(w.startswith(REASK_NOTE) and "API 密钥" in w for w in one.warnings)


def test_a_subhead_reask_in_english_keeps_that_subhead_flagged(fake_openai):
    line = "（一）主动公开"
    fake_openai.responder = responder(subs={line: BAD_SUB}, reasks={line: ENGLISH_REPLY})
    one = draft_report(_facts(), llm=get_chat_model())["一"]
    assert "bureau" not in one.text and BAD_SUB in one.text and "9999" in [f.raw for f in one.flags]
    assert any(w.startswith(REASK_FAILED) and line in w and "英文" in w for w in one.warnings)


def test_a_revision_in_english_is_a_typed_error_not_a_suggestion(fake_openai):
    fake_openai.script(ENGLISH_REPLY)
    with pytest.raises(ModelFormatError, match="英文"):
        revise_section("一", CURRENT, "改得简洁些", _facts(), get_chat_model())


def test_a_revision_reasked_into_english_keeps_the_first_suggestion_flagged(fake_openai):
    fake_openai.script(BAD_REVISION, ENGLISH_REPLY)
    s = revise_section("一", CURRENT, "补充满意度", _facts(), get_chat_model())
    assert s.reasked and s.text.startswith("本年度新收") and "bureau" not in s.text and [f.raw for f in s.flags] == ["96"]
    assert any(w.startswith(REASK_FAILED) and "英文" in w for w in s.warnings)


def test_a_revision_with_a_table_and_the_key_is_cleaned_and_noted(fake_openai):
    fake_openai.script(GOOD_SIX + "\n\n| 项目 | 数量 |\n|---|---|\n| 收费 | 0万元 |\n" + key_echo_reply(KEY, "").text)
    s = revise_section("六", GOOD_SIX, "改", _facts(), get_chat_model())
    assert "|" not in s.text and KEY not in s.text and SCRUBBED in s.text and s.text.startswith(GOOD_SIX)
    assert not s.reasked and len(fake_openai.requests) == 1
    assert any("1 个表格已删除" in w for w in s.warnings) and any("API 密钥" in w for w in s.warnings)


def test_a_clean_reask_adds_no_cleaner_note(fake_openai):
    _five_reasked_with(fake_openai, Reply(text=GOOD_FIVE))
    five = draft_report(_facts(), llm=get_chat_model())["五"]
    assert five.reasked and five.text == GOOD_FIVE and five.flags == []
    assert not any(w.startswith(REASK_NOTE) for w in five.warnings)
