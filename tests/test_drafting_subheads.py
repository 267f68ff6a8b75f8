"""Section 一 drafted as its five sub-heads at once, over real HTTP against the fake server."""
import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import WATCHDOG, wait_until
from drafting_helpers import (
    GOOD_FIVE,
    GOOD_ONE,
    GOOD_SIX,
    GOOD_SUBS,
    is_reask,
    lines,
    requests_for,
    responder,
    subhead_of,
    user_text,
)
from fake_openai import Reply

from report.basis import validated
from chains.drafting import (
    REASK_FAILED,
    clean_text,
    draft_report,
    draft_section,
    review_draft,
    stream_section,
    subhead_reask_template,
    subhead_template,
)
from chains.model import ModelReplyError, get_chat_model
from chains.prompts import PASSAGES_HEADER, subhead_inputs
from chains.section_one import ReplyCleaner, assemble, clean_reply, subhead_spans
from report.guard import prompt_figures
from report.facts import blank_facts
from report.subheads import GOVERNMENT_DUTY, SUBHEADS

ACTIVE, REQUESTS, MANAGEMENT, PLATFORM, OVERSIGHT = lines()


def _facts(level="县级部门"):
    facts = blank_facts("测试县文化和旅游局", 2024, level)
    facts.t2.licensing = 36
    facts.t2.normative_docs.made = 2
    facts.t3["r1"] = [4, 1, 0, 0, 0, 0, None]
    facts.t3["r3"] = [3, 1, 0, 0, 0, 0, None]
    facts.t3["r13"] = [1, 0, 0, 0, 0, 0, None]
    facts.notes = {"一": ["门户网站主动公开政府信息72条", "开展政务公开培训18次", "微信公众号推送信息45期"],
                   "五": ["问题：政策解读形式较为单一"], "六": ["本年度未收取信息处理费"]}
    return facts


def _stream(facts=None, passages=()):
    """The chunks of section 一, in the order they arrived."""
    return list(stream_section("一", facts or _facts(), list(passages), get_chat_model()))


def test_the_five_subheads_are_requested_at_once_and_streamed_in_order(fake_openai):
    fake_openai.token_delay = 0.02
    fake_openai.responder = responder(replies={REQUESTS: Reply(text=GOOD_SUBS[REQUESTS], delay=0.3)})  # slowest
    text = "".join(_stream())
    assert text == GOOD_ONE and fake_openai.max_in_flight == 5
    assert [text.index(line + "\n") for line in lines()] == sorted(text.index(line + "\n") for line in lines())
    assert sorted(subhead_of(b) for b in fake_openai.requests) == sorted(lines())
    assert all(b["stream"] is True for b in fake_openai.requests)


def test_the_first_subhead_is_live_while_the_others_are_drafted_behind_it(fake_openai):
    gate = threading.Event()  # the other four replies are held until the first sub-head has been seen
    held = {line: Reply(text=GOOD_SUBS[line], gate=gate) for line in lines()[1:]}
    fake_openai.responder = responder(replies=held)
    stream = stream_section("一", _facts(), [], get_chat_model())
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(lambda: [next(stream), next(stream)])
        try:
            chunks = first.result(timeout=WATCHDOG)  # would hang if 一 waited for all five replies
            wait_until(lambda: fake_openai.in_flight >= 4)  # the four others are being drafted at the same time
        finally:
            gate.set()
    assert chunks[0] == ACTIVE + "\n" and chunks[1] and not chunks[1].startswith("\n（")
    chunks += list(stream)
    assert len(fake_openai.requests) == 5 and fake_openai.max_in_flight >= 4
    assert len([c for c in chunks if c.startswith("\n（")]) == 4
    assert "".join(chunks) == GOOD_ONE


def test_streamed_text_equals_the_final_text_when_replies_repeat_headings_and_fences(fake_openai):
    messy = {ACTIVE: "```\n**（一）主动公开**\n" + GOOD_SUBS[ACTIVE] + "  \n```",
             REQUESTS: "## 二、依申请公开情况\n" + GOOD_SUBS[REQUESTS],
             PLATFORM: "（四）平台建设：\n\n" + GOOD_SUBS[PLATFORM] + "\n"}
    fake_openai.responder = responder(subs=messy)
    streamed = "".join(_stream())
    draft = draft_section("一", _facts(), [], get_chat_model())
    assert streamed == draft.text == GOOD_ONE and not draft.reasked and draft.flags == []


def test_each_subhead_prompt_names_its_subhead_what_belongs_there_and_every_allowed_number(fake_openai):
    fake_openai.responder = responder()
    passages = [{"text": "本机关坚持以公开为常态。", "agency": "某局", "year": 2023, "section": "一"}]
    draft_section("一", _facts(), passages, get_chat_model())
    allowed = "【允许使用的数字】\n" + "、".join(prompt_figures(validated(_facts()).facts, "一")[0]) + "\n"
    prompts = {subhead_of(b): user_text(b) for b in fake_openai.requests}
    assert set(prompts) == set(lines())
    for sub in SUBHEADS:
        text = prompts[sub.line]
        assert f"小标题“{sub.line}”" in text and sub.guidance in text and "、".join(lines()) in text
        assert allowed in text and "72" in allowed and "18" in allowed and "45" in allowed
        assert PASSAGES_HEADER in text and "「片段1 开始｜某局，2023年，第一部分」\n本机关坚持以公开为常态。" in text
    # the facts block holds what the sub-head needs: its tables, its figures, the notes routed to it
    assert "行政许可·本年处理决定数量：36" in prompts[ACTIVE] and "一、本年新收政府信息公开申请数量" not in prompts[ACTIVE]
    assert "一、本年新收政府信息公开申请数量：总计5件" in prompts[REQUESTS] and "行政复议：0件" in prompts[REQUESTS]
    assert "行政许可·本年处理决定数量" not in prompts[REQUESTS] and "不得写“未收到申请”" in prompts[REQUESTS]
    for note, line in (("- 门户网站主动公开政府信息72条", ACTIVE), ("- 开展政务公开培训18次", OVERSIGHT),
                       ("- 微信公众号推送信息45期", PLATFORM)):
        assert [ln for ln, text in prompts.items() if note in text] == [line]
    for line in (MANAGEMENT, PLATFORM, OVERSIGHT):
        assert "表二" not in prompts[line] and "表三" not in prompts[line] and "信息处理费" not in prompts[line]
    assert "（本小标题没有提供要点。）" in prompts[MANAGEMENT]


def test_passages_are_ranked_by_their_subheading(fake_openai):
    fake_openai.responder = responder()
    passages = [{"text": "依申请公开的往年写法。", "agency": "甲局", "year": 2023, "section": "一",
                 "subheading": "（二）依申请公开情况"},
                {"text": "没有小标题的往年写法。", "agency": "乙局", "year": 2023, "section": "一", "subheading": ""},
                {"text": "平台建设的往年写法。", "agency": "丙局", "year": 2023, "section": "一",
                 "subheading": "一、总体情况 · （四）政府信息公开平台建设"}]
    draft_section("一", _facts(), passages, get_chat_model())
    prompts = {subhead_of(b): user_text(b) for b in fake_openai.requests}
    assert "「片段1 开始｜甲局" in prompts[REQUESTS] and "「片段2 开始｜乙局" in prompts[REQUESTS]
    assert "「片段1 开始｜丙局" in prompts[PLATFORM] and "「片段2 开始｜乙局" in prompts[PLATFORM]
    for line in (ACTIVE, MANAGEMENT, OVERSIGHT):
        assert "「片段1 开始｜乙局" in prompts[line] and "片段2" not in prompts[line]
    assert "甲局" not in prompts[PLATFORM] and "丙局" not in prompts[REQUESTS]


@pytest.mark.parametrize("level, asked", [("县级人民政府", True), ("乡镇街道", True), ("县级部门", False)])
def test_a_governments_oversight_subhead_asks_for_assessment_results(fake_openai, level, asked):
    fake_openai.responder = responder()
    draft_section("一", _facts(level), [], get_chat_model())
    prompts = {subhead_of(b): user_text(b) for b in fake_openai.requests}
    assert (GOVERNMENT_DUTY in prompts[OVERSIGHT]) == asked
    assert not any(GOVERNMENT_DUTY in text for line, text in prompts.items() if line != OVERSIGHT)


def test_reask_goes_only_to_the_subheads_that_carry_unsupported_numbers(fake_openai):
    bad_active = GOOD_SUBS[ACTIVE] + "另受理咨询43人次。"
    bad_oversight = GOOD_SUBS[OVERSIGHT].replace("18次", "81次")
    fake_openai.responder = responder(subs={ACTIVE: bad_active, OVERSIGHT: bad_oversight})
    draft = draft_section("一", _facts(), [], get_chat_model())
    assert draft.reasked and draft.text == GOOD_ONE and draft.flags == [] and draft.warnings == []
    assert draft.prompt_version == "system@2+section_一_sub@2+reask@1"
    reasks = {subhead_of(b): b for b in fake_openai.requests if is_reask(b)}
    assert set(reasks) == {ACTIVE, OVERSIGHT} and len(fake_openai.requests) == 7
    assert reasks[ACTIVE]["messages"][2]["content"] == bad_active
    problems = {line: body["messages"][3]["content"] for line, body in reasks.items()}
    assert "43" in problems[ACTIVE] and "81" not in problems[ACTIVE]
    assert "81" in problems[OVERSIGHT] and "43" not in problems[OVERSIGHT]
    assert "请重写“（五）监督保障”全文" in problems[OVERSIGHT]


def test_a_failed_reask_keeps_the_subhead_text_and_its_flag(fake_openai):
    bad = GOOD_SUBS[REQUESTS].replace("办结5件", "办结58件")
    fake_openai.responder = responder(subs={REQUESTS: bad})
    original = fake_openai.responder
    fake_openai.responder = lambda body: Reply(status=500) if is_reask(body) else original(body)
    draft = draft_section("一", _facts(), [], get_chat_model())
    assert draft.reasked and draft.text == GOOD_ONE.replace(GOOD_SUBS[REQUESTS], bad)
    assert [f.raw for f in draft.flags] == ["58"]
    assert len(draft.warnings) == 1 and draft.warnings[0].startswith(REASK_FAILED + "“（二）依申请公开”模型服务出错")
    assert len([b for b in fake_openai.requests if is_reask(b)]) == 3  # one re-ask round, retried twice


def test_a_failing_subhead_keeps_the_subheads_before_it_as_a_marked_partial_with_a_chinese_error(fake_openai):
    """Issue 17: what arrived is kept, marked as unfinished, exactly as the message says (it was the offline text)."""
    from report.replies import PARTIAL_MARK

    facts = _facts()
    fake_openai.responder = responder(replies={MANAGEMENT: Reply(status=500)})
    drafts = draft_report(facts, llm=get_chat_model())
    one = drafts["一"]
    assert "第一部分“（三）政府信息管理”" in one.error and "模型服务出错" in one.error
    assert "已作为第一部分的未完成稿保留（开头有标注）" in one.error and "离线起草" not in one.error
    assert one.text == f"{PARTIAL_MARK}\n" + assemble([GOOD_SUBS[ACTIVE], GOOD_SUBS[REQUESTS]])
    assert one.model == "fake-model"
    assert drafts["五"].text == GOOD_FIVE and drafts["六"].text == GOOD_SIX and drafts["五"].error is None
    assert len(requests_for(fake_openai, MANAGEMENT)) == 3  # tried once, retried twice
    assert all(len(requests_for(fake_openai, line)) == 1 for line in lines() if line != MANAGEMENT)


def test_a_later_subhead_cut_midway_ends_the_stream_after_the_text_before_it(fake_openai):
    fake_openai.responder = responder(replies={MANAGEMENT: Reply(text=GOOD_SUBS[MANAGEMENT], cut_after=4)})
    got = []
    with pytest.raises(ModelReplyError) as e:
        for chunk in stream_section("一", _facts(), [], get_chat_model()):
            got.append(chunk)
    before = assemble([GOOD_SUBS[ACTIVE], GOOD_SUBS[REQUESTS]])
    assert "".join(got) == before == e.value.partial
    assert "“（三）政府信息管理”" in str(e.value) and "中途中断" in str(e.value)


def test_a_subhead_reply_with_only_its_heading_is_an_error(fake_openai):
    fake_openai.responder = responder(subs={PLATFORM: "（四）政府信息公开平台建设\n"})
    with pytest.raises(ModelReplyError, match="没有返回“（四）政府信息公开平台建设”的正文"):
        draft_section("一", _facts(), [], get_chat_model())


def test_token_limit_in_one_subhead_is_reported_for_the_section(fake_openai):
    fake_openai.responder = responder(replies={PLATFORM: Reply(text=GOOD_SUBS[PLATFORM], finish="length")})
    meta = {}
    text = "".join(stream_section("一", _facts(), [], get_chat_model(), meta=meta))
    assert text == GOOD_ONE and meta == {"finish_reason": "length"}
    draft = draft_section("一", _facts(), [], get_chat_model())
    assert any("NIANBAO_MAX_TOKENS" in w and "第一部分" in w for w in draft.warnings)


def test_requests_in_flight_are_bounded_by_the_setting(fake_openai, monkeypatch):
    from settings import get_settings

    monkeypatch.setenv("NIANBAO_MAX_CONCURRENCY", "3")
    get_settings.cache_clear()
    fake_openai.token_delay = 0.01
    fake_openai.responder = responder()
    drafts = draft_report(_facts(), llm=get_chat_model())
    assert fake_openai.max_in_flight == 3 and len(fake_openai.requests) == 7
    assert [d.text for d in drafts.values()] == [GOOD_ONE, GOOD_FIVE, GOOD_SIX]


def test_closing_the_stream_gives_up_the_requests_still_running(fake_openai):
    long = {line: Reply(text=GOOD_SUBS[line] * 20, token_delay=0.05) for line in lines()}  # ≈ 30 s each
    fake_openai.responder = responder(replies=long)
    stream = stream_section("一", _facts(), [], get_chat_model())
    assert next(stream) == ACTIVE + "\n" and next(stream)
    stream.close()
    wait_until(lambda: fake_openai.in_flight == 0)
    assert len(fake_openai.requests) == 5


def test_a_text_not_in_the_five_subheads_is_reasked_as_a_whole(fake_openai):
    fake_openai.script("本年度新收政府信息公开申请5件。")
    draft = review_draft("一", "本年度新收政府信息公开申请58件。", _facts(), [], get_chat_model())
    assert draft.reasked and draft.text == "本年度新收政府信息公开申请5件。" and draft.flags == []
    assert draft.prompt_version == "system@2+section_一@1+reask@1" and len(fake_openai.requests) == 1


# ---------------------------------------------------------------- the text helpers, no server


def test_subhead_templates_fill_without_missing_variables():
    inputs = subhead_inputs(SUBHEADS[1], validated(_facts()).facts)
    messages = subhead_template().format_messages(**inputs)
    assert [m.type for m in messages] == ["system", "human"] and "{" not in messages[1].content
    reask = subhead_reask_template().format_messages(**inputs, draft="稿", problems="1. 问题")
    assert [m.type for m in reask] == ["system", "human", "ai", "human"] and "请重写“（二）依申请公开”全文" in reask[-1].content


def test_assembled_section_splits_back_into_its_subheads():
    bodies = list(GOOD_SUBS.values())
    text = assemble(bodies)
    assert [text[a:b] for a, b in subhead_spans(text)] == bodies
    assert subhead_spans("本年度新收申请5件。") is None and subhead_spans(text.replace(PLATFORM, "（四）平台建设")) is None


def test_the_cleaner_gives_the_same_text_however_the_reply_is_chunked():
    pieces = ["本年度", "公开", "72", "条。", "，", "\n", " ", "\u3000", "\r\n", "*", "**", "`", "```", "```text\n", "#",
              "（一）主动公开", "主动公开情况：", "一、总体情况", "（二）依申请公开", "\t"]
    rng = random.Random(7)
    for sub in SUBHEADS:
        for _ in range(1000):
            raw = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
            whole = clean_reply(sub, raw)
            cleaner, out, i = ReplyCleaner(sub), [], 0
            while i < len(raw):
                step = rng.randint(1, 5)
                out.append(cleaner.feed(raw[i:i + step]))
                i += step
            assert "".join(out) + cleaner.finish() == whole, raw
            section = assemble([whole or "空"] * 5)
            assert clean_text("一", section) == section  # the section check changes nothing that was streamed
