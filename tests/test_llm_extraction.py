"""Fact extraction with a model over real HTTP: JSON-mode structured output, every value checked against the message."""
import json

from chains.extraction import apply_proposals, extract_updates
from chains.model import get_chat_model
from fake_openai import Reply, last_user_text
from report.facts import blank_facts

MESSAGE = "今年主动公开信息85条，收到申请3件，其中2件予以公开"


def _answer(updates, questions=()):
    return json.dumps({"updates": updates, "questions": list(questions)}, ensure_ascii=False)


def _facts():
    return blank_facts("测试县文化和旅游局", 2024)


def test_structured_reply_becomes_proposals_to_confirm(fake_openai):
    fake_openai.script(_answer([
        {"key": "notes.一", "value": "主动公开政府信息85条", "quote": "今年主动公开信息85条"},
        {"key": "t3.r1.c7", "value": 3, "quote": "收到申请3件"},
        {"key": "t3.r3.c7", "value": 2, "quote": "其中2件予以公开"},
    ]))
    result = extract_updates(MESSAGE, _facts(), get_chat_model())
    assert [(p.key, p.value) for p in result.proposals] == [
        ("notes.一", "主动公开政府信息85条"), ("t3.r1.c7", 3), ("t3.r3.c7", 2)]
    assert result.proposals[1].label == "表三 一、本年新收政府信息公开申请数量·总计"
    assert result.proposals[1].quote == "收到申请3件"
    assert any("本年新收3件、予以公开2件按申请人分列" in q for q in result.questions)  # the to-do, asked once
    body = fake_openai.requests[0]
    assert body["response_format"] == {"type": "json_object"} and body["max_tokens"] == 800
    prompt = last_user_text(fake_openai)
    assert "「消息 开始」\n" + MESSAGE in prompt and "t3.rN.cM" in prompt and "不要猜测" in prompt
    facts = apply_proposals(_facts(), result.proposals)
    assert facts.t3["r1"][6] == 3 and "主动公开政府信息85条" in facts.notes["一"]


def test_values_not_in_the_message_and_vague_amounts_become_questions(fake_openai):
    fake_openai.script(_answer([
        {"key": "t3.r1.c7", "value": 4, "quote": "收到申请3件"},  # a number the message does not state
        {"key": "t2.penalty", "value": 20, "quote": "行政处罚20多件"},  # vague
        {"key": "t9.x", "value": 1, "quote": "其中2件予以公开"},  # unknown field
        {"key": "notes.一", "value": "主动公开信息850条", "quote": "今年主动公开信息85条"},  # a changed number
    ], questions=["复议件数是多少？"]))
    result = extract_updates("今年主动公开信息85条，收到申请3件，其中2件予以公开，行政处罚20多件",
                             _facts(), get_chat_model())
    # none of the model's updates is taken; what the grammar reads from the message itself still is
    assert [(p.key, p.value) for p in result.proposals] == [
        ("notes.一", "今年主动公开信息85条"), ("t3.r1.c7", 3), ("t3.r3.c7", 2)]
    text = "\n".join(result.questions)
    assert "准确的数值" in text and "不够确切" in text and "对应哪一项" in text and "不添加消息中没有的数字" in text
    assert "复议件数是多少？" in result.questions


def test_fee_is_kept_as_a_decimal_in_wan(fake_openai):
    fake_openai.script(_answer([{"key": "t2.fees_wan", "value": 3.25, "quote": "行政事业性收费3.25万元"}]))
    result = extract_updates("本年行政事业性收费3.25万元", _facts(), get_chat_model())
    assert [(p.key, str(p.value)) for p in result.proposals] == [("t2.fees_wan", "3.25")]


def test_broken_json_or_a_failing_model_falls_back_to_the_patterns(fake_openai):
    fake_openai.script("```json\n{\"updates\": [")
    result = extract_updates(MESSAGE, _facts(), get_chat_model())
    assert "JSON" in result.questions[0] and ("t3.r1.c7", 3) in [(p.key, p.value) for p in result.proposals]
    fake_openai.script(Reply(status=401))
    result = extract_updates(MESSAGE, _facts(), get_chat_model())
    assert "密钥无效" in result.questions[0] and result.proposals


def test_fenced_json_is_accepted(fake_openai):
    fake_openai.script("```json\n" + _answer([{"key": "t3.r1.c7", "value": 3, "quote": "收到申请3件"}]) + "\n```")
    result = extract_updates(MESSAGE, _facts(), get_chat_model())
    assert ("t3.r1.c7", 3) in [(p.key, p.value) for p in result.proposals]


def test_model_and_grammar_readings_are_merged(fake_openai):
    message = "本年度共受理申请46件（含上年结转5件），行政处罚七起，办理热线留言24件"
    fake_openai.script(_answer([
        {"key": "t3.r1.c7", "value": 46, "quote": "本年度共受理申请46件"},  # the grammar reads 41 (46 含 5)
        {"key": "t3.r2.c7", "value": 5, "quote": "含上年结转5件"},  # both read it: shown once
        {"key": "notes.一", "value": "办理热线留言24件", "quote": "办理热线留言24件"},
    ]))
    result = extract_updates(message, _facts(), get_chat_model())
    got = [(p.key, p.value) for p in result.proposals]
    assert got == [("t3.r2.c7", 5), ("t2.penalty", 7), ("notes.一", "办理热线留言24件")]
    assert any("模型读作 46，按表格规则读作 41" in q for q in result.questions)
    assert result.proposals[-1].label == "第一部分要点（主动公开）"
