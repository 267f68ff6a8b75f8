"""Fact extraction from a chat message: proposed updates to the facts, each confirmed by the user before it applies.

The model path (structured output) is in chains/extraction_llm.py, the offline grammar of the form in report/chat/
(wrapped by chains/extraction_grammar.py); both return the types of chains/extraction_types.py.
"""
from __future__ import annotations

from typing import Any, Optional

from chains.extraction_grammar import context_for, extract_with_grammar
from chains.extraction_types import Extraction, FactProposal, UnreadPart, apply_proposals
from report.chat import Context
from report.facts import Facts
from report.numbers import plain_digits

__all__ = ["Extraction", "FactProposal", "UnreadPart", "apply_proposals", "context_for", "extract_updates"]


def extract_updates(message: str, facts: Facts, llm: Any = None, context: Optional[Context] = None) -> Extraction:
    """Proposed fact updates from a chat message: structured output with a model, the grammar without one."""
    if llm is None:
        return extract_with_grammar(plain_digits(message), facts, context)  # 7百件, 5 000条 read as digits
    from chains.extraction_llm import extract_with_model  # the model client loads only when a model is used

    return extract_with_model(message, facts, llm, context)
