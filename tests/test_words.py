"""The word-level diff behind review suggestions and Word 修订."""
from report.words import is_rewrite, tokens, unchanged_share, word_diff


def test_tokens_lose_nothing_and_keep_numbers_whole():
    text = "本年共收到申请12件，予以公开 3.5 万元。"
    assert "".join(tokens(text)) == text
    assert "12" in tokens(text) and "3.5" in tokens(text)


def test_a_changed_number_is_one_word_not_characters():
    ops = word_diff("予以公开11件。", "予以公开12件。")
    assert ("delete", "11") in ops and ("insert", "12") in ops
    assert "".join(t for op, t in ops if op != "insert") == "予以公开11件。"
    assert "".join(t for op, t in ops if op != "delete") == "予以公开12件。"


def test_rewrite_is_told_from_an_edit():
    old = "本机关高度重视政府信息公开工作，及时更新公开指南和目录。"
    assert not is_rewrite(old, old.replace("及时", "按时"))
    assert is_rewrite(old, "全年围绕优化营商环境，集中发布惠企政策解读十余篇。")
    assert not is_rewrite("", "新写的一段。")
    assert unchanged_share("", "") == 1.0
