"""The chat lexicon: everyday names (lexicon.toml) plus the official labels of report/format.py, as one term index."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Union

from report import format as fmt

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")
Payload = Union[str, int]
# Term kinds that name a place in the tables (the rest are clause words: negation, distribution, …).
CONTENT_KINDS = frozenset({"row", "weak", "group", "col", "legal", "t4g", "t4r", "t2r", "t2c", "t2s", "other", "total",
                           "carry"})


@dataclass(frozen=True)
class Term:
    """A name found in the lexicon: its kind (row, col, t4g, neg, …) and what it names (r13, 1, "made", …)."""

    kind: str
    payload: Payload


_MARKS = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")


def _official_names() -> dict[str, Term]:
    """The official labels of every row and column, without their printed numbering."""
    names: dict[str, Term] = {}
    for row in fmt.T3_ROWS:
        for label in (row.label, *row.synonyms):
            bare = _MARKS.sub("", label).split("（")[0].strip("“”\"")
            if len(bare) >= 3 and row.key not in ("r23", "r24"):  # "其他" and "总计" are read by context
                names[bare] = Term("row", row.key)
    for group in fmt.T3_GROUPS:
        names.setdefault(group, Term("group", group))
    for i, col in enumerate(fmt.T3_COLUMNS[:5], start=1):
        names[col] = Term("col", i)
    for g, group in enumerate(fmt.T4_GROUPS):
        names[group] = Term("t4g", g)
    for r, result in enumerate(fmt.T4_RESULTS[:4], start=1):
        names[result] = Term("t4r", r)
    for row, label in fmt.T2_DOC_ROWS.items():
        names[label] = Term("t2r", row)
    for f, col in zip(fmt.T2_DOC_FIELDS, fmt.T2_DOC_COLUMNS):
        names[col] = Term("t2c", f)
    for key, label in fmt.T2_SINGLE_ROWS.items():
        names[label] = Term("t2s", key)
    names["行政事业性收费"] = Term("t2s", "fees_wan")
    return names


def _key(section: str, name: str) -> Payload:
    """The payload of a lexicon entry: ints for columns and Table 四 places, strings otherwise."""
    if section == "t3_columns":
        return int(name[1:])
    if section in ("t4_groups", "t4_results") and name.isdigit():
        return int(name)
    return name


_SECTION_KINDS = {"t3_rows": "row", "t3_weak": "weak", "t3_groups": "group", "t3_columns": "col", "t4_groups": "t4g",
                  "t4_results": "t4r", "t2_rows": "t2r", "t2_columns": "t2c", "t2_single": "t2s"}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The raw lexicon file as data."""
    return tomllib.loads(LEXICON_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def terms() -> dict[str, Term]:
    """Every name the grammar reads, mapped to its term (everyday names override nothing official)."""
    data = lexicon()
    out = _official_names()
    for section, kind in _SECTION_KINDS.items():
        for name, words in data[section].items():
            for word in words:
                term = Term("legal", "legal") if name == "legal" else Term(kind, _key(section, name))
                out.setdefault(word, term)
    for kind, words in data["words"].items():
        if kind == "filler":
            continue
        for word in words:
            out.setdefault(word, Term(kind, kind))
    out.setdefault("其他", Term("other", "其他"))
    for word in ("总计", "合计", "一共", "总共", "共计", "共"):
        out[word] = Term("total", "total")
    return out


@lru_cache(maxsize=1)
def term_pattern() -> re.Pattern:
    """One regex of every name, longest first (so 复议后起诉 wins over 复议, 不予公开 over 予公开)."""
    names = sorted(terms(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


def words(kind: str) -> tuple[str, ...]:
    """The words of one list of [words] or [notes] (filler, problem, plan, fee, narrative)."""
    data = lexicon()
    return tuple(data["words"].get(kind) or data["notes"].get(kind) or ())


def row_name(row: str) -> str:
    """The everyday short name of a Table 三 row (本年新收, 上年结转, 予以公开 …), for questions."""
    names = lexicon()["t3_rows"].get(row) or []
    return names[0] if names else row
