"""P8: how much of a section repeats last year's text (reviewers deduct points above one half)."""
from __future__ import annotations

import re
from typing import Iterator

from report import format as fmt
from report.facts import Facts
from report.rules.base import Issue
from report.rules.text import FEE_WORDS, without_signature

REPEAT_LIMIT = 0.5
MIN_REWRITE_CHARS = 80  # a shorter section (a one-line 六, a short 五) may well stay the same from year to year
_NGRAM = 8
_SPACE = re.compile(r"\s+|【[^】]{0,8}】")
_NUMBER = re.compile(r"[0-9０-９.,×]+")


def _grams(text: str) -> set[str]:
    """8-character runs, with whitespace and marks dropped and every number read as one sign (# )."""
    text = _NUMBER.sub("#", _SPACE.sub("", text))
    return {text[i:i + _NGRAM] for i in range(max(0, len(text) - _NGRAM + 1))}


def repetition_ratio(text: str, last_text: str) -> float:
    """Share of the text's 8-character runs that also stand in last year's text, numbers aside (0–1)."""
    grams = _grams(text)
    if not grams:
        return 0.0
    return len(grams & _grams(last_text)) / len(grams)


def own_text(text: str) -> str:
    """The text without its standard sentences (the 信息处理费 statement), which every year may repeat."""
    sentences = re.split(r"(?<=[。！？；;\n])", without_signature(text))
    return "".join(s for s in sentences if not any(w in s for w in FEE_WORDS))


def rewritable(text: str) -> bool:
    """True when the text, its standard sentences aside, is long enough to be written anew each year."""
    return len(_SPACE.sub("", own_text(text))) >= MIN_REWRITE_CHARS


def repetition_issues(num: str, text: str, last: str) -> Iterator[Issue]:
    """P8 on one section: a warning when more than half of it repeats last year's text of the same section; only a
    section long enough to be rewritten each year is measured, its 信息处理费 sentence aside."""
    if not text.strip() or not last.strip() or not rewritable(text):
        return
    ratio = repetition_ratio(own_text(text), own_text(last))
    if ratio > REPEAT_LIMIT:
        yield Issue((f"section.{num}",), f"第{num}部分约{ratio:.0%}的文字与上年报告相同，超过一半，评议时可能扣分，"
                    "请结合本年实际改写。", expected=f"≤{REPEAT_LIMIT:.0%}", actual=f"{ratio:.0%}")


def p8_section(num: str, text: str, facts: Facts) -> Iterator[Issue]:
    """P8 on one section's text, against last year's text of it (facts.previous.sections) when known."""
    last = (facts.previous.sections or {}) if facts.previous else {}
    yield from repetition_issues(num, text, last.get(num, ""))


def check_p8(facts: Facts) -> Iterator[Issue]:
    """P8: each narrative section that repeats more than half of last year's text."""
    for num in fmt.NARRATIVE_SECTIONS:
        yield from p8_section(num, (facts.sections or {}).get(num, ""), facts)
