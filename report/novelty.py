"""P8: how much of a section repeats last year's text (reviewers deduct points above one half)."""
from __future__ import annotations

import re

from report.findings import Finding

REPEAT_LIMIT = 0.5
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


def novelty_findings(sections: dict[str, str], last_sections: dict[str, str]) -> list[Finding]:
    """A P8 warning for each narrative section that repeats more than half of last year's text."""
    out = []
    for num in ("一", "五", "六"):
        text, last = sections.get(num, ""), last_sections.get(num, "")
        if not text.strip() or not last.strip():
            continue
        ratio = repetition_ratio(text, last)
        if ratio > REPEAT_LIMIT:
            out.append(Finding(
                key="P8", severity="warning", cells=[f"section.{num}"], expected=f"≤{REPEAT_LIMIT:.0%}",
                actual=f"{ratio:.0%}",
                message=f"第{num}部分约{ratio:.0%}的文字与上年报告相同，超过一半，评议时可能扣分，请结合本年实际改写。"))
    return out
