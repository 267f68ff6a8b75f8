"""Benchmark of the 审阅版: for each bundled report (and the shared published ones when present), the time to write
the 审阅版 .docx, to read it back, and to compare it with the draft; the number of 批注 written; and that the
unchanged file reads back with no change.

Usage: .venv/bin/python bench/review.py"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from report import format as fmt
from report.parser import parse_file
from report.parser.check import to_facts
from report.review.compare import compare_review
from report.review.docx_in import read_reviewed
from report.review.docx_out import render_review
from settings import BUNDLED_CORPUS_DIR

SHARED = ROOT.parent / "shared" / "reports"


def one(path: Path) -> tuple[float, float, float, int, bool]:
    """(write s, read s, compare s, comments, unchanged) for one report."""
    parsed = parse_file(path)
    facts = to_facts(parsed)
    accepted = {n: parsed.sections.get(n, "") for n in fmt.NARRATIVE_SECTIONS}
    t0 = time.perf_counter()
    data = render_review(facts, accepted)
    t1 = time.perf_counter()
    doc = read_reviewed(data)
    t2 = time.perf_counter()
    result = compare_review(doc, facts, accepted, {})
    t3 = time.perf_counter()
    unchanged = not (result.changes or result.cells or result.unmapped) and result.exit_code == 0
    return t1 - t0, t2 - t1, t3 - t2, sum(c.ours for c in doc.comments), unchanged


def main() -> None:
    """Print per-set medians and maxima."""
    sets = {"bundled": sorted(BUNDLED_CORPUS_DIR.glob("*.txt"))}
    if SHARED.is_dir():
        sets["shared"] = sorted(SHARED.glob("*.txt"))
    for name, paths in sets.items():
        rows = [one(p) for p in paths]
        for i, label in enumerate(("write", "read", "compare")):
            values = [r[i] * 1000 for r in rows]
            print(f"{name:8} {label:8} median {statistics.median(values):6.0f} ms  max {max(values):6.0f} ms")
        comments = [r[3] for r in rows]
        print(f"{name:8} 批注 per report: median {statistics.median(comments):.0f}, max {max(comments)}; "
              f"read back unchanged: {sum(r[4] for r in rows)}/{len(rows)}")


if __name__ == "__main__":
    main()
