"""Small caches keyed by content, shared by the adapters (reruns with unchanged facts cost nothing)."""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any, Callable

from report.facts import Facts


class Lru:
    """A tiny LRU cache for results keyed by a content hash."""

    def __init__(self, size: int):
        self.size, self.data = size, OrderedDict()

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        """Cached value for key, computed by make() on a miss."""
        if key in self.data:
            self.data.move_to_end(key)
            return self.data[key]
        value = make()
        self.data[key] = value
        if len(self.data) > self.size:
            self.data.popitem(last=False)
        return value


def facts_hash(facts: Facts) -> str:
    """Content hash of facts (sections included)."""
    return hashlib.sha1(facts.model_dump_json().encode("utf-8")).hexdigest()
