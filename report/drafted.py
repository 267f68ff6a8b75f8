"""What drafting and revising return: one drafted section (text, sources, prompt version, check)."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Optional

from report import format as fmt
from report.guard import GuardFlag
from report.numbers import split_sentences
from report.basis import ThisYear
from report.findings import Finding
from report.textcheck import TextCheck, check_text


@dataclass
class DraftedSection:
    """One drafted or revised narrative section after its checks; `original`/`instruction` are set for a revision."""

    section: str
    check: TextCheck
    sources: list[Any] = field(default_factory=list)  # the past-report passages quoted to write it
    prompt_version: str = ""
    model: str = ""
    reasked: bool = False
    notes: list[str] = field(default_factory=list)  # reviewer notes not from the check (retrieval, length, re-ask)
    error: Optional[str] = None  # Chinese message when the model failed and the offline draft stands in
    elapsed: float = 0.0  # seconds spent drafting this section
    original: str = ""  # a revision: the text it would replace
    instruction: str = ""  # a revision: what the user asked for

    @property
    def text(self) -> str:
        """The checked text (【需核实】 marks added by the check)."""
        return self.check.text

    @property
    def flags(self) -> list[GuardFlag]:
        """Numbers the guard could not trace, and P3 mismatches."""
        return self.check.flags

    @property
    def warnings(self) -> list[str]:
        """Chinese lines for the reviewer: the check's findings and marks, then the drafting notes."""
        return self.check.warnings + self.notes

    @property
    def passages(self) -> list[Any]:
        """The past-report passages quoted (same as sources)."""
        return self.sources

    @property
    def diff(self) -> str:
        """A revision's sentence diff against the text it replaces."""
        return text_diff(self.original, self.text, self.section)

    @property
    def ok(self) -> bool:
        """True when no number is flagged and no warning is pending."""
        return not self.flags and not self.warnings and not self.error


def _lines(text: str) -> list[str]:
    """A text as one line per sentence, so the diff shows changed sentences rather than whole paragraphs."""
    return [s.strip() + "\n" for _, _, s in split_sentences(text) if s.strip()]


def text_diff(old: str, new: str, section: str = "") -> str:
    """Unified diff of two section texts, sentence by sentence (empty when nothing changed)."""
    name = fmt.SECTION_BY_NUM[section].heading if section in fmt.SECTION_BY_NUM else "正文"
    return "".join(difflib.unified_diff(_lines(old), _lines(new), f"{name}（现稿）", f"{name}（建议）", n=1))


def check_section(num: str, text: str, this: ThisYear, open_errors: Optional[list[Finding]] = None) -> TextCheck:
    """Every check of one section's text against this year's value (open_errors None: the tables' own errors)."""
    return check_text(num, text, this.facts, this.open_errors() if open_errors is None else open_errors)
