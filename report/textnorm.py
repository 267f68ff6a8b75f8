"""Text a report can carry: invisible characters (zero-width, bidi controls) and compatibility look-alikes."""
from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH = re.compile(r"[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]")  # zero-width spaces/joiners, soft hyphen
BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # marks, embeddings, overrides, isolates
INVISIBLE = re.compile(f"{ZERO_WIDTH.pattern}|{BIDI.pattern}")
_NAME_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def _compatible(ch: str) -> str:
    """NFKC of a letter, digit or symbol (全角Ａ → A, 豈 → 豈, ⼀ → 一); punctuation, ①… and spaces stay as written."""
    if ch.isascii() or unicodedata.category(ch)[0] in "PZ" or unicodedata.category(ch) == "No":
        return ch
    return unicodedata.normalize("NFKC", ch)


def normalise_text(text: str) -> str:
    """Text with zero-width characters dropped and look-alike letters folded (bidi controls are left to the caller)."""
    text = ZERO_WIDTH.sub("", text)
    return "".join(_compatible(ch) for ch in text) if not text.isascii() else text


def normalise_name(text: str) -> str:
    """A name as stored and matched: normalised text, NFKC throughout, brackets full-width, ends trimmed."""
    return unicodedata.normalize("NFKC", ZERO_WIDTH.sub("", text)).translate(_NAME_BRACKETS).strip()


def bidi_controls(text: str) -> list[str]:
    """The bidi control characters in text, as U+XXXX."""
    return [f"U+{ord(c):04X}" for c in BIDI.findall(text)]
