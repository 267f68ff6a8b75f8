"""report.numbers: numbers in Chinese report text (digits, full-width, Chinese numerals, %, 万/亿, years, 文号)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from report.numbers import cn_to_int, find_numbers, normalize_digits, split_sentences


def _found(text: str) -> list[tuple[Decimal, str, str, str]]:
    return [(m.value, m.raw, m.kind, m.unit) for m in find_numbers(text)]


@pytest.mark.parametrize("text, value", [
    ("十", 10), ("十二", 12), ("二十二", 22), ("两", 2), ("一百零五", 105), ("三千五百万", 35_000_000),
    ("二〇二三", 2023), ("一万二千", 12_000), ("一亿零五百万", 105_000_000), ("叁拾", 30),
])
def test_cn_to_int_reads_chinese_numerals(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "abc", "十二三", "二十a"])
def test_cn_to_int_refuses_what_is_not_a_numeral(text):
    assert cn_to_int(text) is None


def test_normalize_digits_keeps_positions():
    text = "收到１２件，占５０％，许可１２，８４６件"
    assert normalize_digits(text) == "收到12件，占50%，许可12,846件" and len(normalize_digits(text)) == len(text)


def test_counts_percentages_and_years_are_told_apart():
    assert _found("2022年共收到申请12件，同比增长15.5%。") == [
        (Decimal(2022), "2022", "year", "年"), (Decimal(12), "12", "count", "件"),
        (Decimal("15.5"), "15.5", "percent", "%")]


def test_document_numbers_ordinals_and_dates_are_not_counts():
    assert [m.kind for m in find_numbers("国办公开办函〔2021〕30号")] == ["doc_no", "doc_no"]
    assert [m.kind for m in find_numbers("第3次会议")] == ["ordinal"]
    assert [m.kind for m in find_numbers("1月5日")] == ["date", "date"]


def test_full_width_digits_keep_their_raw_text_and_position():
    [m] = find_numbers("共收到３件")
    assert (m.value, m.raw, m.start, m.end, m.unit) == (Decimal(3), "３", 3, 4, "件")


def test_wan_and_yi_scale_the_value():
    assert _found("3.5万元") == [(Decimal("35000.0"), "3.5", "decimal", "万元")]
    assert _found("2亿元") == [(Decimal(200_000_000), "2", "count", "亿元")]


def test_thousands_separators():
    assert _found("1,234件") == [(Decimal(1234), "1,234", "count", "件")]


def test_chinese_numerals_with_a_measure_word_are_counts():
    assert _found("共十二件") == [(Decimal(12), "十二", "count", "件")]
    assert _found("两次培训") == [(Decimal(2), "两", "count", "次")]
    assert _found("一百零五件") == [(Decimal(105), "一百零五", "count", "件")]
    assert _found("二〇二三年") == [(Decimal(2023), "二〇二三", "year", "年")]
    assert _found("百分之二十") == [(Decimal(20), "百分之二十", "percent", "%")]


@pytest.mark.parametrize("text", ["一是加强", "进一步", "统一", "一体化", "三安全一稳定", "政务公开", "十二三件"])
def test_numerals_inside_ordinary_words_are_not_numbers(text):
    assert find_numbers(text) == []


def test_split_sentences_on_stops_semicolons_and_line_breaks():
    assert split_sentences("第一句。第二句；第三句\n第四句！  \n结尾") == [
        (0, 4, "第一句。"), (4, 8, "第二句；"), (8, 12, "第三句\n"), (12, 16, "第四句！"), (19, 21, "结尾")]
