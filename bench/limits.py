"""Benchmark of the work bounds that tests assert only as counts: huge and hostile inputs, the offline embedder.

Prints seconds for a 50 MB text file, a 20 MB line with no newline, four broken/deep HTML pages, and 5,000 passages
through the offline embedder, each against the figure it used to be held to as a timed test.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from chains.retrieval.embeddings import HashingEmbeddings  # noqa: E402
from parser_fixtures import report_text  # noqa: E402
from report.errors import ParseError  # noqa: E402
from report.parser import parse_bytes  # noqa: E402

HTML_CASES = (
    "<div>" * 50_000 + "一、总体情况" + "</span>" * 1000,
    "<table><tr><td>一、本年新收政府信息公开申请数量<td>1<td>2<tr><td><table><td>x" * 2000,
    "<p>一、总体情况<p>本局" + "<b>" * 10_000 + "&#xZZ; &bogus; <!-- unclosed",
    "<html><body>" + "<td>0</td>" * 200_000,
)


def seconds(work) -> float:
    """Wall seconds of one call; a ParseError counts as a finished (refused) parse."""
    started = time.perf_counter()
    try:
        work()
    except ParseError:
        pass
    return time.perf_counter() - started


def fifty_megabytes() -> bytes:
    """A report followed by filler up to 50 MB."""
    filler = ("这一行是填充文字，用来把文件撑到五十兆字节\t1\t2\t3\n" * 1000).encode()
    return report_text().encode() + filler * (50 * 1024 * 1024 // len(filler) + 1)


def main() -> int:
    """Print each figure beside its target."""
    big = fifty_megabytes()
    rows = [("50 MB 文本文件", seconds(lambda: parse_bytes(big, "huge.txt")), 15.0),
            ("20 MB 无换行的一行", seconds(lambda: parse_bytes(b"x" * (20 * 1024 * 1024), "x.txt")), 5.0)]
    rows += [(f"畸形 HTML {i}", seconds(lambda h=h: parse_bytes(h.encode(), "broken.html")), 10.0)
             for i, h in enumerate(HTML_CASES, start=1)]
    texts = [f"全年在本局信息公开专栏发布各类信息{i}条，其中工作动态和通知公告171条，执法结果信息236条。" * 5
             for i in range(5000)]
    rows.append(("离线向量 5000 段", seconds(lambda: HashingEmbeddings().embed_array(texts)), 5.0))
    for name, took, target in rows:
        print(f"{name:<16} {took:6.2f} s（目标 ≤ {target:g} s）{'达标' if took <= target else '未达标'}")
    return 0 if all(took <= target for _, took, target in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
