"""Fact extraction from a chat message: proposed updates to the facts, each confirmed by the user before it applies.

The model path (structured output) is in chains/extraction_llm.py, the offline patterns in chains/extraction_patterns.py;
both return the types of chains/extraction_types.py.
"""
from __future__ import annotations

from typing import Any

from chains.extraction_patterns import extract_with_patterns
from chains.extraction_types import Extraction, FactProposal, apply_proposals
from report.facts import Facts
from report.numbers import plain_digits

__all__ = ["Extraction", "FactProposal", "apply_proposals", "extract_updates"]


def extract_updates(message: str, facts: Facts, llm: Any = None) -> Extraction:
    """Proposed fact updates from a chat message: structured output with a model, patterns without one."""
    if llm is None:
        return extract_with_patterns(plain_digits(message), facts)  # 7百件, 5 000条, ３件 read as digits
    from chains.extraction_llm import extract_with_model  # the model client loads only when a model is used

    return extract_with_model(message, facts, llm)
