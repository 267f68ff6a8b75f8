"""Markdown to text lines: heading marks, bold marks and backslash escapes dropped; pipe-table rows kept as written."""
from __future__ import annotations

import re

_HEADING = re.compile(r"^ {0,3}#{1,6}\s+")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_TABLE_ROW = re.compile(r"^\s*\|")
SUFFIXES = (".md", ".markdown")


def markdown_to_text(text: str) -> str:
    """The text a reader sees: "### （一）…" → "（一）…", "**（一）…。**正文" → "（一）…。正文", "1\\." → "1."."""
    out = []
    for line in text.split("\n"):
        if not _TABLE_ROW.match(line):
            line = _HEADING.sub("", line)
            line = _ESCAPE.sub(r"\1", _STRONG.sub(lambda m: m.group(1) or m.group(2), line))
        out.append(line)
    return "\n".join(out)
