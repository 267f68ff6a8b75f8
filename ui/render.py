"""Text rendering for the app: model and corpus text shown as plain text (Markdown escaped), word diffs and flag marks."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from report.words import unit_diff, word_diff

_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$&=^\"'])")
DIFF_LIMIT = 6000  # characters; longer texts are diffed by sentence instead of by word


def md_escape(text: str) -> str:
    """Escape every Markdown/HTML-significant character so the text renders literally; keep line breaks."""
    escaped = _PUNCT.sub(r"\\\1", text.replace("\r\n", "\n"))
    return "  \n".join(escaped.split("\n"))


def escape_stream(chunks: Iterable[str], sink: list[str]) -> Iterator[str]:
    """Yield each chunk escaped for st.write_stream while collecting the raw text into sink."""
    for chunk in chunks:
        if not isinstance(chunk, str):
            chunk = str(getattr(chunk, "content", chunk) or "")
        if chunk:
            sink.append(chunk)
            yield md_escape(chunk)


def _mark(text: str, style: str, emphasis: str = "") -> str:
    """Wrap escaped text in a Streamlit colour directive (with optional ** or ~~), line by line."""
    out = []
    for piece in text.split("\n"):
        if not piece.strip():
            out.append(md_escape(piece))
            continue
        core = piece.strip()
        lead, trail = piece[:len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()):]
        out.append(f"{md_escape(lead)}:{style}[{emphasis}{md_escape(core)}{emphasis}]{md_escape(trail)}")
    return "  \n".join(out)


def _sentences(text: str) -> list[str]:
    """Sentences kept with their end mark (for texts too long to diff word by word)."""
    return [s for s in re.split(r"(?<=[。；！？\n])", text) if s]


def diff_segments(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) segments turning old into new, word by word (report.words); by sentence for very long texts."""
    if len(old) + len(new) <= DIFF_LIMIT:
        return word_diff(old, new)
    return unit_diff(_sentences(old), _sentences(new))


def diff_markdown(old: str, new: str) -> str:
    """Safe Markdown of new against old: insertions green, deletions red and struck through."""
    parts = []
    for op, text in diff_segments(old, new):
        if op == "equal":
            parts.append(md_escape(text))
        elif op == "insert":
            parts.append(_mark(text, "green-background", "**"))
        elif text.strip():
            parts.append(_mark(text.replace("\n", " "), "red", "~~"))
    return "".join(parts)


def flagged_markdown(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Safe Markdown of text with the given character spans highlighted (guard flags)."""
    parts, pos = [], 0
    for start, end in sorted(set(spans)):
        if start < pos or end <= start or end > len(text):
            continue
        parts.append(md_escape(text[pos:start]))
        parts.append(_mark(text[start:end], "orange-background"))
        pos = end
    parts.append(md_escape(text[pos:]))
    return "".join(parts)
