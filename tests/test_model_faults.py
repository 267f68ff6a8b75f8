"""Model faults over real HTTP (fake server): typed Chinese errors, what arrived kept and marked, off-format replies
made fit or refused, the key never stored or shown, and `nianbao draft` exits 1 naming the sections not finished."""
from __future__ import annotations

import pytest
from drafting_helpers import GOOD_FIVE, GOOD_SIX, GOOD_SUBS, drafting_facts, responder, section_of, subhead_of
from fake_openai import (ENGLISH_REPLY, LONG_SENTENCE, TABLE_REPLY, Reply, key_echo_reply, long_reply,
                         malformed_reply)

from chains.drafting import draft_report, review_draft, stream_section
from chains.model import ModelFormatError, ModelStreamError, get_chat_model, stream_with_retries
from cli import main
from report.parser import parse_text
from report.replies import PARTIAL_MARK, SCRUBBED, budget

KEY = "sk-fake-secret-key"  # what configure_env sets


def _facts():
    return drafting_facts()


def _serve(server, five=None, six=None, sub=None) -> None:
    """Good replies everywhere except the faults given for 五, 六 or one sub-head of 一 (first requests only)."""
    good = responder()
    faults = {"五": five, "六": six}
    used: set[str] = set()

    def answer(body: dict) -> Reply:
        where = subhead_of(body) or section_of(body)
        fault = sub[1] if sub and where == sub[0] else faults.get(where)
        if fault is not None and where not in used:
            used.add(where)
            return fault
        return good(body)

    server.responder = answer


def _run_cli(tmp_path, capsys) -> tuple[int, dict[str, str], str, str]:
    facts_path = tmp_path / "facts.json"
    facts_path.write_text(_facts().to_json(), encoding="utf-8")
    out = tmp_path / "草稿.md"
    code = main(["draft", str(facts_path), "--out", str(out)])
    printed = capsys.readouterr()
    text = out.read_text(encoding="utf-8")
    return code, parse_text(text).sections, text, printed.out + printed.err


def test_good_replies_draft_with_exit_0(fake_openai, tmp_path, capsys):
    _serve(fake_openai)
    code, sections, _, printed = _run_cli(tmp_path, capsys)
    assert code == 0, printed
    assert sections["六"].strip() == GOOD_SIX and "模型未完成" not in printed


def test_malformed_sse_keeps_what_arrived_marked_and_the_other_sections(fake_openai, tmp_path, capsys):
    _serve(fake_openai, five=malformed_reply("本局持续推进政府信息公开工作，", after=4))
    code, sections, text, printed = _run_cli(tmp_path, capsys)
    assert code == 1
    assert "数据格式错误" in printed and "Traceback" not in printed and "JSONDecodeError" not in printed
    assert sections["五"].startswith(PARTIAL_MARK) and "本局持续推进政府" in sections["五"]
    assert "后面的文字不会到达" not in text
    assert sections["六"].strip() == GOOD_SIX and GOOD_SUBS["（五）监督保障"] in sections["一"]  # kept and written
    assert "第五部分（未完成稿，已标注）" in printed and "中断前收到的部分已作为第五部分的未完成稿保留" in printed


def test_malformed_sse_before_any_text_falls_back_to_offline_and_says_so(fake_openai):
    _serve(fake_openai, six=malformed_reply(after=0))
    drafts = draft_report(_facts(), llm=get_chat_model())
    six = drafts["六"]
    assert six.model == "离线起草" and "数据格式错误" in six.error and "改用离线起草" in six.error
    assert not six.text.startswith(PARTIAL_MARK) and "中断前已收到" not in six.error
    assert drafts["五"].error is None and drafts["五"].text == GOOD_FIVE


def test_a_stream_cut_mid_reply_is_kept_as_a_marked_partial(fake_openai, tmp_path, capsys):
    _serve(fake_openai, six=Reply(text=GOOD_SIX, cut_after=8))
    code, sections, _, printed = _run_cli(tmp_path, capsys)
    assert code == 1 and "中途中断" in printed and "第六部分（未完成稿，已标注）" in printed
    kept = sections["六"].removeprefix(PARTIAL_MARK).strip()
    assert sections["六"].startswith(PARTIAL_MARK) and kept and GOOD_SIX.startswith(kept) and kept != GOOD_SIX


def test_an_over_long_reply_is_cut_at_a_sentence_and_flagged(fake_openai, tmp_path, capsys):
    _serve(fake_openai, five=long_reply(90_000), sub=("（三）政府信息管理", long_reply(90_000)))
    code, sections, text, printed = _run_cli(tmp_path, capsys)
    assert len(text) < 20_000
    five = sections["五"].strip()
    assert len(five) <= budget("五") and five.endswith("。") and five.startswith(LONG_SENTENCE)
    assert "模型答复过长（" in printed and "第五部分上限 2000 字" in printed
    assert "第一部分“（三）政府信息管理”上限 1500 字" in printed
    assert GOOD_SUBS["（四）政府信息公开平台建设"] in sections["一"]  # the sub-heads after it are all there


def test_an_english_reply_is_not_kept_as_section_text(fake_openai, tmp_path, capsys):
    _serve(fake_openai, six=Reply(text=ENGLISH_REPLY))
    code, sections, text, printed = _run_cli(tmp_path, capsys)
    assert code == 1 and "bureau" not in text
    assert "模型用英文答复了第六部分" in printed and "第六部分（改用离线起草）" in printed
    assert sections["六"].strip()


def test_english_reply_in_the_app_path_is_a_typed_error(fake_openai):
    with pytest.raises(ModelFormatError, match="英文"):
        review_draft("五", ENGLISH_REPLY, _facts(), llm=get_chat_model())


def test_markdown_table_and_foreign_headings_are_dropped_with_a_note(fake_openai):
    _serve(fake_openai, five=Reply(text=TABLE_REPLY))
    five = draft_report(_facts(), llm=get_chat_model())["五"]
    assert "9999" not in five.text and "|" not in five.text and "**" not in five.text and "工作亮点" not in five.text
    assert "本局持续推进政府信息公开工作。" in five.text and "下一步，本局将进一步提高公开质量。" in five.text
    assert any("1 个表格已删除" in w for w in five.warnings)
    assert any("“工作亮点”" in w and "已删除" in w for w in five.warnings)
    assert five.error is None


def test_a_reply_echoing_the_key_is_scrubbed_before_it_is_stored_or_shown(fake_openai, tmp_path, capsys):
    fake_openai.script(key_echo_reply(KEY))
    shown = "".join(stream_section("六", _facts(), llm=get_chat_model()))  # what the app streams onto the page
    assert KEY not in shown and SCRUBBED in shown
    _serve(fake_openai, six=key_echo_reply(KEY, GOOD_SIX))
    code, sections, text, printed = _run_cli(tmp_path, capsys)
    assert KEY not in text and KEY not in printed and SCRUBBED in sections["六"]
    assert "API 密钥" in printed


def test_the_key_split_across_stream_chunks_is_still_scrubbed(fake_openai):
    chunks = ["本局", "密钥为sk-fa", "ke-sec", "ret-k", "ey，完。"]
    got = list(stream_with_retries(lambda: iter(chunks)))
    assert KEY not in "".join(got) and "".join(got) == f"本局密钥为{SCRUBBED}，完。"


def test_malformed_stream_is_a_typed_chinese_error(fake_openai):
    fake_openai.script(malformed_reply(after=2))
    with pytest.raises(ModelStreamError) as e:
        "".join(stream_section("六", _facts(), llm=get_chat_model()))
    assert "数据格式错误" in str(e.value) and e.value.partial and KEY not in str(e.value)


def test_a_reply_that_never_ends_is_no_longer_read_past_the_stream_limit(fake_openai, monkeypatch):
    import report.replies

    monkeypatch.setitem(report.replies.limits()["stream"], "max_chars", 20_000)
    _serve(fake_openai, five=long_reply(60_000))
    five = draft_report(_facts(), llm=get_chat_model())["五"]
    assert "超过 20000 字仍未结束，已停止接收" in five.error and five.text.startswith(PARTIAL_MARK)
    assert len(five.text) <= len(PARTIAL_MARK) + 1 + budget("五") and five.text.endswith("。")
    assert any("模型答复过长" in w for w in five.warnings)
