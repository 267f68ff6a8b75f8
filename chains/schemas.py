"""What the drafting and revision chains return: a section draft and a revision suggestion."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from report.guard import GuardFlag


@dataclass
class SectionDraft:
    """One drafted narrative section, with its guard flags and the prompt version and model that produced it."""

    section: str
    text: str
    passages: list[Any] = field(default_factory=list)
    flags: list[GuardFlag] = field(default_factory=list)
    prompt_version: str = ""
    model: str = ""
    reasked: bool = False
    warnings: list[str] = field(default_factory=list)  # Chinese notes for the reviewer that are not about a number
    error: Optional[str] = None  # Chinese message when the model failed and the offline draft stands in
    elapsed: float = 0.0  # seconds spent drafting this section

    @property
    def ok(self) -> bool:
        """True when no number is flagged and no warning is pending."""
        return not self.flags and not self.warnings and not self.error


@dataclass
class Suggestion:
    """A revised section text proposed to the reviewer, with its diff against the current text."""

    section: str
    text: str
    diff: str
    flags: list[GuardFlag] = field(default_factory=list)
    prompt_version: str = ""
    model: str = ""
    original: str = ""
    instruction: str = ""
    reasked: bool = False
    warnings: list[str] = field(default_factory=list)
