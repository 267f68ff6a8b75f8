"""Benchmark of the parser: median parse time per report over ../shared/reports (and any files given), then PDFs:
ms per page for text PDFs (generated, and the real ones in /tmp/realpdf when present) and s per page for OCR."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from report.parser import parse_bytes  # noqa: E402

REPORTS = ROOT.parent / "shared" / "reports"
REAL_PDFS = Path("/tmp/realpdf")  # published reports for measurement only; left out when absent
RUNS = 30
PDF_RUNS = 5
TARGET_MS = 20.0
TARGET_PDF_MS_PER_PAGE = 100.0
TARGET_OCR_S_PER_PAGE = 4.0


def median_ms(data: bytes, name: str, runs: int = RUNS) -> float:
    """Median milliseconds of parsing one file's bytes (read once; disk time left out), after a warm-up."""
    parse_bytes(data, name)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        parse_bytes(data, name)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main(argv: list[str]) -> int:
    """Print the median parse time of each report, and the median over all of them against the target."""
    paths = [Path(p) for p in argv] or sorted(REPORTS.glob("*.txt"))
    if not paths:
        print(f"没有可测的报告：{REPORTS} 不存在或为空")
        return 1
    medians = []
    for path in paths:
        data = path.read_bytes()
        ms = median_ms(data, path.name)
        medians.append(ms)
        print(f"{path.name}：{len(data) // 1024} KB，中位数 {ms:.2f} ms")
    overall = statistics.median(medians)
    verdict = "达标" if overall <= TARGET_MS else "未达标"
    print(f"共 {len(paths)} 份报告，每份解析时间中位数 {overall:.2f} ms，最慢 {max(medians):.2f} ms"
          f"（目标：文本报告 ≤ {TARGET_MS:g} ms，{verdict}）")
    if not argv:
        from pdf_bench import pdf_figures

        pdf_figures(REAL_PDFS, PDF_RUNS, TARGET_PDF_MS_PER_PAGE, TARGET_OCR_S_PER_PAGE)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
