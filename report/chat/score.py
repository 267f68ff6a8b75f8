"""Scoring a chat reading against a labelled message: facts taken right, facts stated, wrong proposals."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from report import format as fmt
from report.facts import Facts, blank_facts, facts_from_dict

TABLES = {"t2": "表二", "t3": "表三", "t4": "表四"}


@dataclass
class Score:
    """Counts per table (表二/表三/表四/要点/含糊): stated, right, wrong; and the misses and wrong ones by message."""

    stated: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)
    wrong: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    wrongs: list[str] = field(default_factory=list)

    def recall(self, table: str = "") -> float:
        """Facts taken right / facts stated, for one table or overall."""
        stated = self.stated[table] if table else sum(self.stated.values())
        right = self.right[table] if table else sum(self.right.values())
        return right / stated if stated else 1.0

    @property
    def wrong_total(self) -> int:
        """Wrong proposals over all tables."""
        return sum(self.wrong.values())


def load_labelled(path: Path) -> list[dict]:
    """The labelled messages (one JSON object a line)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _amount(value: Any) -> Decimal:
    return Decimal(str(value))


def with_totals(cells: dict[str, Any]) -> dict[str, Decimal]:
    """Cell values plus the totals their parts give (a row's 总计, a case's 总计) where the total is not told."""
    out = {k: _amount(v) for k, v in cells.items()}
    for row in fmt.T3_ROW_KEYS:
        parts = [out[k] for c in range(1, 7) if (k := fmt.t3_key(row, c)) in out]
        if parts and fmt.t3_key(row, 7) not in out:
            out[fmt.t3_key(row, 7)] = sum(parts, Decimal(0))
    for g in range(3):
        parts = [out[k] for r in range(1, 5) if (k := fmt.t4_key(g * 5 + r)) in out]
        if parts and fmt.t4_key(g * 5 + 5) not in out:
            out[fmt.t4_key(g * 5 + 5)] = sum(parts, Decimal(0))
    return out


def score_message(score: Score, item: dict, proposals: list[dict], questions: Iterable[str]) -> None:
    """Add one message's result to the score (proposals as dicts with key and value)."""
    expected = {k: _amount(v) for k, v in item.get("facts", {}).items()}
    cells = {p["key"]: p["value"] for p in proposals if not p["key"].startswith("notes.")}
    got, told = with_totals(cells), with_totals(expected)
    message = item["message"]
    for key, value in expected.items():
        table = TABLES[key[:2]]
        score.stated[table] += 1
        if got.get(key) == value:
            score.right[table] += 1
        else:
            score.misses.append(f"{message}  →  缺 {key}={value}（得 {got.get(key)}）")
    for key, value in cells.items():
        if told.get(key) != _amount(value):
            score.wrong[TABLES[key[:2]]] += 1
            score.wrongs.append(f"{message}  →  错 {key}={value}（应为 {told.get(key)}）")
    notes = Counter(item.get("notes", []))
    found = Counter(p["key"].split(".", 1)[1] for p in proposals if p["key"].startswith("notes."))
    for section, n in notes.items():
        score.stated["要点"] += n
        score.right["要点"] += min(n, found[section])
        if found[section] < n:
            score.misses.append(f"{message}  →  缺 第{section}部分要点")
    if notes:
        for section in found:
            if section not in notes:
                score.wrong["要点"] += found[section]
                score.wrongs.append(f"{message}  →  要点放错：第{section}部分")
    if item.get("vague"):
        score.stated["含糊"] += 1
        if not cells and list(questions):  # asked, never taken
            score.right["含糊"] += 1
        else:
            score.misses.append(f"{message}  →  含糊或对应不到单元格的数量应当询问")


def facts_with(cells: Optional[dict[str, Any]] = None) -> Facts:
    """Blank facts with the given cells already filled (a labelled message's context)."""
    facts = blank_facts("示例县文化和旅游局", 2024)
    if not cells:
        return facts
    data = facts.model_dump(mode="json")
    for key, value in cells.items():
        fmt.cell_ref(key).set_in(data, value)
    return facts_from_dict(data)


def score_set(items: Iterable[dict], read: Callable[..., dict]) -> Score:
    """Score every labelled message; read(message, facts, asked_row, recent) gives the reading as JSON data."""
    score = Score()
    for item in items:
        ctx = item.get("context", {})
        data = read(item["message"], facts_with(ctx.get("facts")), ctx.get("asked_row"), ctx.get("recent"))
        score_message(score, item, data["proposals"], data["questions"])
    return score
