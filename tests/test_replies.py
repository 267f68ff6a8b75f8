"""report/replies.py: a model's reply made fit for a section, each change noted; English refused."""
import pytest

from report.replies import (PARTIAL_MARK, SCRUBBED, ReplyFormatError, bare_text, budget, cut_at_sentence, is_english,
                            tidy_reply)
from report.subheads import SUBHEADS


def test_chinese_with_a_few_latin_words_is_not_english():
    assert not is_english("本局通过政务APP、微信公众号和PDF文件发布信息，网站支持HTTPS访问，全年发布信息300条。")
    assert is_english("The bureau published 300 items of information on its website and answered all requests.")


def test_cut_at_sentence_keeps_whole_sentences_within_the_limit():
    text = "第一句话。第二句话比较长一些。第三句。"
    assert cut_at_sentence(text, 16) == "第一句话。第二句话比较长一些。"
    assert cut_at_sentence(text, 12) == text[:12]  # a sentence end before half the limit: cut at the limit
    assert cut_at_sentence(text, 100) == text
    assert cut_at_sentence("没有句号的一长串文字" * 10, 20) == ("没有句号的一长串文字" * 2)  # no sentence end: at the limit


def test_lists_links_and_emphasis_are_plain_text_without_notes():
    out = tidy_reply("五", "- **加强**培训。\n- 参见[专栏](http://x)。\n1. 完善`制度`。")
    assert out.text == "加强培训。\n参见专栏。\n完善制度。" and out.notes == []


def test_section_one_is_cut_per_subhead_and_keeps_its_form():
    long = "本局持续深化政务公开。" * 400
    text = "\n".join(f"{s.line}\n{long if i == 2 else '本局做好相关工作。'}" for i, s in enumerate(SUBHEADS))
    out = tidy_reply("一", text)
    bodies = out.text.split("\n")[1::2]
    assert [line for line in out.text.split("\n")[0::2]] == [s.line for s in SUBHEADS]
    assert len(bodies[2]) <= budget("一") and bodies[4] == "本局做好相关工作。"
    assert len(out.notes) == 1 and f"第一部分“{SUBHEADS[2].line}”上限 1500 字" in out.notes[0]


def test_an_english_subhead_refuses_the_section_naming_it():
    english = "The office did a lot of good work this year, as always, in every field."
    text = "\n".join(f"{s.line}\n{english if i == 1 else '本局做好相关工作。'}" for i, s in enumerate(SUBHEADS))
    with pytest.raises(ReplyFormatError, match=f"“{SUBHEADS[1].line}”"):
        tidy_reply("一", text)


def test_key_is_scrubbed_and_noted_and_headings_alone_are_no_text():
    out = tidy_reply("六", "无其他需要报告的事项。sk-abcdef123456", secret="sk-abcdef123456")
    assert "sk-abcdef123456" not in out.text and SCRUBBED in out.text and "API 密钥" in out.notes[0]
    assert bare_text(f"{SUBHEADS[0].line}\n\n{SUBHEADS[1].line}\n") == ""
    assert PARTIAL_MARK.startswith("【") and PARTIAL_MARK.endswith("】")
