"""Benchmark of the work bounds that tests assert only as counts: huge and hostile inputs, the offline embedder.

Prints seconds for a 50 MB text file, a 20 MB line with no newline, four broken/deep HTML pages, and 5,000 passages
through the offline embedder, each against the figure it used to be held to as a timed test; then the peak memory of
a fresh process (its PDF worker included) parsing each hostile file of a generated set, against 1 GB.
`--memory` prints only the memory figures.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from chains.retrieval.embeddings import HashingEmbeddings  # noqa: E402
import hostile_files as hostile  # noqa: E402
from parser_fixtures import docx_report, report_text  # noqa: E402
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


MEMORY_TARGET = 1024 ** 3  # peak resident bytes per file
HOSTILE = (  # (file name, what it is, how to make it)
    ("噪点大页.pdf", "一页 14400×14400 磅噪点图的 PDF", lambda: hostile.noise_page_pdf()),
    ("海报扫描.pdf", "扫描页印成 2400 磅宽海报（降低分辨率识别）", lambda: hostile.poster_scan_pdf()),
    ("扫描报告.pdf", "4 页扫描件（正常 OCR，对照）", lambda: hostile.scanned_report_pdf()),
    ("样式炸弹.docx", "1.1 MB .docx，styles.xml 解压后 1 GB", lambda: hostile.docx_with_bomb(docx_report())),
    ("长正文.docx", "正文 document.xml 39 MB（上限 40 MB 以内，照常读取）",
     lambda: hostile.docx_with_long_body(docx_report())),
    ("成员炸弹.zip", "压缩包内 15 MB 全零成员（压缩比约 1000）", lambda: hostile.zip_with_bomb()),
    ("大文本.txt", "9 MB 文本，前 8 MB 不是报告", lambda: hostile.big_text_not_report()),
)


def memory_rows() -> list[tuple[str, int, str]]:
    """(what, peak resident bytes, the message) for each hostile file, each parsed by a fresh process."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, what, make in HOSTILE:
            path = Path(folder) / name
            path.write_bytes(make())
            peak, message = hostile.peak_rss_of_parse(path)
            rows.append((f"{what}（{path.stat().st_size / 1024:,.0f} KB）", peak, message))
            path.unlink()
    return rows


def print_memory() -> bool:
    """Print each hostile file's peak memory beside the target; True when all are within it."""
    rows = memory_rows()
    for what, peak, message in rows:
        verdict = "达标" if peak <= MEMORY_TARGET else "未达标"
        print(f"{what}\n    峰值内存 {peak / 1024 ** 2:7.0f} MB（目标 ≤ 1024 MB）{verdict}：{message[:110]}")
    return all(peak <= MEMORY_TARGET for _, peak, _ in rows)


def main() -> int:
    """Print each figure beside its target."""
    if "--memory" in sys.argv[1:]:
        return 0 if print_memory() else 1
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
    memory_ok = print_memory()
    return 0 if all(took <= target for _, took, target in rows) and memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())
