"""Every way a number can be written is read by report.numbers, so the guard flags an untraced one and accepts a traced
one (property test over generated spellings: digits with 百/千/万 and 余/多, split digits, circled and other Unicode
digits, full-width digits, Chinese numerals, thousands commas)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report.facts import blank_facts
from report.guard import ALWAYS_ALLOWED, NAMED_NUMBERS, check_numbers
from report.numbers import clean_numbers, find_numbers

_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_OTHER_DIGITS = ("０", "٠", "۰", "०", "০", "๐", "𝟎", "𝟘")  # zero of full-width, Arabic-Indic, Devanagari … digits
_SEPARATORS = (" ", "\u2009", "\u202f", "\u00a0", "\u200b", "\u2060", "\ufeff")


def _chinese(n: int) -> str:
    """A Chinese numeral for 0 < n < 10^8 (二千三百零五, 十二, 三万)."""
    def below_10k(x: int) -> str:
        out, zero = "", False
        for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d = x // size % 10
            if d:
                out += ("零" if zero and out else "") + _CN_DIGITS[d] + unit
                zero = False
            else:
                zero = bool(out)
        return out[1:] if out.startswith("一十") else out
    high, low = divmod(n, 10_000)
    if not high:
        return below_10k(low)
    return below_10k(high) + "万" + ("零" if 0 < low < 1000 else "") + (below_10k(low) if low else "")


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def spellings(n: int) -> list[str]:
    """The ways n is written in a report (each followed by 件 in the sentence)."""
    digits = str(n)
    out = [digits, digits.translate(str.maketrans("0123456789", "０１２３４５６７８９")), _chinese(n), f"{n:,}"]
    out += [d for z in _OTHER_DIGITS for d in [digits.translate({48 + i: ord(z) + i for i in range(10)})]]
    if n >= 1000:
        out += [_grouped(n, sep) for sep in _SEPARATORS]
    out += [digits[:1] + sep + digits[1:] for sep in ("\u200b", "\u200c", "\u200d", "\ufeff") if n >= 10]
    for unit, size in (("十", 10), ("百", 100), ("千", 1000), ("万", 10_000)):
        if n % size == 0 and n // size < 10_000:
            out += [f"{n // size}{unit}", f"{n // size}{unit}余", f"{n // size}{unit}多"]
    if n <= 20:
        out.append(_CIRCLED[n])
    return out


_ROUND = st.builds(lambda d, p: d * 10**p, st.integers(2, 99), st.integers(1, 5)).filter(lambda n: n < 10**7)
_VALUES = st.one_of(st.integers(min_value=2, max_value=9_999_999), _ROUND, st.integers(2, 20)).filter(
    lambda n: Decimal(n) not in NAMED_NUMBERS | ALWAYS_ALLOWED)  # 0, 1, 100, 110, 12345 are always allowed


def _spelled(data: st.DataObject, n: int) -> str:
    return data.draw(st.sampled_from(spellings(n)), label="spelling")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=_VALUES, data=st.data())
def test_every_spelling_reads_as_its_value(n, data):
    text = f"全年作出行政处罚{_spelled(data, n)}件。"
    counts = [m for m in find_numbers(text) if m.kind == "count"]
    assert [m.value for m in counts] == [n], text
    assert text[counts[0].start:counts[0].end] == counts[0].raw  # positions are the original text's


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=_VALUES, data=st.data())
def test_guard_flags_an_untraced_spelling_and_accepts_a_traced_one(n, data):
    spelled = _spelled(data, n)
    text = f"全年作出行政处罚{spelled}件。"
    untraced = blank_facts("某某县市场监督管理局", 2024)
    untraced.t2.penalty = n + 1 if n + 1 not in (100, 110) else n + 3
    flags = check_numbers(text, untraced, section="一")
    assert [f.value for f in flags] == [n], text
    assert flags[0].raw.strip() and flags[0].raw in text
    traced = blank_facts("某某县市场监督管理局", 2024)
    traced.t2.penalty = n
    assert check_numbers(text, traced, section="一") == [], text


@pytest.mark.parametrize("text, value", [
    ("全年作出行政处罚7百件", 700), ("5百余件", 500), ("4千条", 4000), ("7千余条", 7000), ("5 000条", 5000),
    ("5\u200b000条", 5000), ("③件", 3), ("1万2千件", 12_000), ("5千万元", 50_000_000),
])
def test_the_issue_spellings(text, value):
    assert [m.value for m in find_numbers(text)] == [value]


@pytest.mark.parametrize("text", ["①加强培训", "⑴完善制度", "12345百姓热线", "千方百计"])
def test_markers_and_words_are_not_counts(text):
    assert [m.value for m in find_numbers(text) if m.kind == "count" and m.value != 12345] == []


def test_clean_numbers_maps_back_to_the_original():
    text = "共\u200b5\u2009000件，①项"
    clean, index = clean_numbers(text)
    assert clean == "共5000件，1项"
    assert [text[i] for i in index[:-1]] == ["共", "5", "0", "0", "0", "件", "，", "①", "项"]


@pytest.mark.parametrize("message, key, value", [
    ("全年作出行政处罚7百件", "t2.penalty", 700), ("行政许可5 000件", "t2.licensing", 5000),
    ("行政许可5\u200b000件", "t2.licensing", 5000), ("收到申请５\u200b０件", "t3.r1.c7", 50),
    ("行政许可1万2千件", "t2.licensing", 12_000), ("行政处罚٣件", "t2.penalty", 3),
])
def test_extraction_reads_the_same_spellings(message, key, value):
    from chains.extraction import extract_updates

    found = extract_updates(message, blank_facts("某某县市场监督管理局", 2024))
    assert (key, value) in [(p.key, p.value) for p in found.proposals], found


def test_extraction_asks_about_an_approximate_spelling():
    from chains.extraction import extract_updates

    found = extract_updates("全年作出行政处罚5百余件", blank_facts("某某县市场监督管理局", 2024))
    assert not any(p.key == "t2.penalty" for p in found.proposals) and "不够确切" in found.questions[0]


@pytest.mark.parametrize("spelled", ["7百", "7\u200b00", "７００", "⑦百"])
def test_p3_reads_the_same_spellings(spelled):
    from report.textcheck import table_flags

    facts = blank_facts("某某县市场监督管理局", 2024)
    facts.t3["r1"] = [7, 0, 0, 0, 0, 0, None]
    flags = table_flags("一", f"本年度共收到政府信息公开申请{spelled}件。", facts)
    assert [f.value for f in flags] == [700] and "7" in flags[0].message


@pytest.mark.parametrize("stated", ["20余件", "20多件", "二十余件", "2十余件"])
def test_p3_leaves_approximate_statements_alone(stated):
    from report.textcheck import table_flags

    facts = blank_facts("某某县市场监督管理局", 2024)
    facts.t3["r1"] = [23, 0, 0, 0, 0, 0, None]
    assert table_flags("一", f"本年度共收到政府信息公开申请{stated}。", facts) == []
    assert [m.approx for m in find_numbers(stated)] == [True]
