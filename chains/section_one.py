"""Section 一 as five sub-head texts: a sub-head's reply cleaned as it streams, the section assembled and split again."""
from __future__ import annotations

import re
from typing import Optional

from report import format as fmt
from report.subheads import SUBHEADS, SubHead

HEAD_MAX = 40  # a repeated heading line is short
_SENTENCE = re.compile(r"[。；，,;！？!?]")
_NUMBERING = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[.．、])")
_SUFFIX = re.compile(r"(?:情况|方面|工作)?[：:]?$")
_OPEN_FENCE = re.compile(r"^```[a-zA-Z]*$")
_END_FENCE = re.compile(r"\s*```$")
_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # what str.splitlines() also splits on
_LINE_END_SPACE = re.compile(r"[^\S\n]+\n")
_SECTION = fmt.SECTION_BY_NUM["一"]
_SPLIT = re.compile(r"\A" + r"\n".join(re.escape(s.line) + r"\n(.*?)" for s in SUBHEADS) + r"\Z", re.S)


def _norm(line: str) -> str:
    return re.sub(r"[#*\s]", "", line)


def _may_be_heading(partial: str) -> bool:
    """True while the first line received so far could still turn out to be a heading or a fence."""
    norm = _norm(partial)
    return len(norm) <= HEAD_MAX and not _SENTENCE.search(norm)


def is_heading(sub: SubHead, line: str) -> bool:
    """A line a model repeats before the text: a fence, the section heading, or this sub-head (（一）主动公开情况…)."""
    norm = _norm(line)
    if not _may_be_heading(line):
        return False
    if not norm or _OPEN_FENCE.match(norm):
        return True
    numbered = _NUMBERING.match(norm)
    rest = _SUFFIX.sub("", norm[numbered.end():] if numbered else norm)
    if rest in (_SECTION.title, sub.line[3:], *sub.labels):
        return True
    return bool(numbered) and len(rest) <= 20 and any(w in rest for w in sub.labels)


class ReplyCleaner:
    """Cleans one sub-head's reply chunk by chunk exactly as clean_reply() cleans it whole."""

    def __init__(self, sub: SubHead):
        self.sub = sub
        self.buf = ""
        self.opened = False  # past any repeated heading or fence at the start
        self.emitted = False

    def feed(self, chunk: str) -> str:
        """The clean text that chunk makes final (a possible heading or a trailing space is held back)."""
        self.buf += chunk
        return self._emit(final=False) if self.opened or self._open(final=False) else ""

    def finish(self) -> str:
        """The rest of the clean text once the reply has ended (a closing fence and trailing space dropped)."""
        return self._emit(final=True) if self.opened or self._open(final=True) else ""

    def _open(self, final: bool) -> bool:
        """Drop leading heading and fence lines; False while the first line is undecided (or all was heading)."""
        while True:
            text = self.buf.lstrip()
            line, nl, rest = text.partition("\n")
            if not nl and not final and _may_be_heading(text):
                self.buf = text
                return False
            if not is_heading(self.sub, line):
                break
            self.buf = rest
            if not nl:
                return False
        self.buf, self.opened = text, True
        return True

    def _emit(self, final: bool) -> str:
        text = self.buf.replace("**", "")
        if final:
            text = text.rstrip()
            while _END_FENCE.search(text):
                text = _END_FENCE.sub("", text).rstrip()
            out, self.buf = text, ""
        else:
            cut = len(text)
            while cut and (text[cut - 1].isspace() or text[cut - 1] in "`*"):
                cut -= 1
            out, self.buf = text[:cut], text[cut:]
        out = _LINE_END_SPACE.sub("\n", _BREAKS.sub("\n", out))
        self.emitted = self.emitted or bool(out)
        return out


def clean_reply(sub: SubHead, text: str) -> str:
    """A sub-head reply without a repeated heading, code fences, Markdown emphasis or trailing spaces."""
    cleaner = ReplyCleaner(sub)
    return cleaner.feed(text) + cleaner.finish()


def assemble(bodies: list[str]) -> str:
    """Section 一 from the five sub-head texts, each under its heading line."""
    return "\n".join(f"{s.line}\n{body}" for s, body in zip(SUBHEADS, bodies))


def subhead_spans(text: str) -> Optional[list[tuple[int, int]]]:
    """Where each sub-head's text stands in an assembled section 一 (None when the text is not in that form)."""
    m = _SPLIT.match(text)
    return [m.span(i) for i in range(1, len(SUBHEADS) + 1)] if m else None
