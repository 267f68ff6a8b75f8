"""Word-level comparison of two texts (jieba tokens): the one diff behind review suggestions and Word 修订."""
from __future__ import annotations

import difflib
import logging
import re
import threading

REWRITE_SHARE = 0.5  # below this share of unchanged characters, a suggestion is a rewrite: shown side by side
_lock = threading.Lock()
_ready = False


def jieba():
    """jieba, initialised once and quietly (it prints a loading message to stderr otherwise)."""
    global _ready
    import jieba as _jb

    if not _ready:
        with _lock:
            if not _ready:
                _jb.setLogLevel(logging.WARNING)
                _jb.initialize()
                _ready = True
    return _jb


def tokens(text: str) -> list[str]:
    """The text cut into jieba words; digits runs, punctuation and spaces stay tokens of their own, nothing is lost."""
    out: list[str] = []
    for piece in re.split(r"(\d+(?:\.\d+)?|\s+)", text):
        if not piece:
            continue
        out.extend([piece] if piece[0].isdigit() or piece.isspace() else jieba().lcut(piece, HMM=False))
    return out


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) segments turning old into new word by word; op is "equal", "insert" or "delete"."""
    return unit_diff(tokens(old), tokens(new))


def unit_diff(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    """(op, text) segments turning the units a into the units b (words, or sentences for long texts)."""
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("insert", "".join(b[j1:j2])))
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
    return out


def unchanged_share(old: str, new: str) -> float:
    """Share of characters (of the longer text) that a word diff keeps unchanged; 1.0 for two empty texts."""
    longest = max(len(old), len(new))
    if not longest:
        return 1.0
    return sum(len(t) for op, t in word_diff(old, new) if op == "equal") / longest


def is_rewrite(old: str, new: str) -> bool:
    """True when new rewrites old rather than edits it (compare side by side, not as fragments)."""
    return bool(old.strip()) and unchanged_share(old, new) < REWRITE_SHARE
