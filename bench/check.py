"""Batch-check benchmark: `nianbao check` over 100, 500 and 2,000 synthetic reports (bench/retrieval.py's generator:
the bundled corpus renamed, years shifted, paragraphs recombined; four consecutive years per agency, so the pairing
pass runs too). Prints reports per second and the peak memory of the main process and of the largest worker, each
count measured in a fresh process. First it prints the checker's precision and recall on the labelled set
(tests/data/check_labels.json: ../shared/reports when present, the bundled corpus, tests/data/check).
Usage: .venv/bin/python bench/check.py [N ...] [--workers W] [--labels-only]
"""
from __future__ import annotations

import contextlib
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COUNTS = (100, 500, 2000)
TARGET_REPORTS, TARGET_SECONDS = 500, 60.0
FLAT_RATIO = 1.5  # peak memory at the largest count at most this many times the smallest count's


def _peak_mb(who: int) -> float:
    """Peak resident memory in MB (Linux reports kilobytes) of this process or of its largest child."""
    return resource.getrusage(who).ru_maxrss / 1024


def run_once(folder: str, workers: list[str]) -> None:
    """In a fresh process: check the folder as the command line does, write the .xlsx, print the figures as JSON."""
    from cli import main as nianbao

    out = Path(tempfile.mkdtemp(prefix="nianbao-check-")) / "检查结果.xlsx"
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        code = nianbao(["check", folder, "--out", str(out), *workers])
    seconds = time.perf_counter() - started
    summary = printed.getvalue().strip().splitlines()[-2]
    print(json.dumps({"seconds": seconds, "code": code, "main_mb": _peak_mb(resource.RUSAGE_SELF),
                      "worker_mb": _peak_mb(resource.RUSAGE_CHILDREN), "summary": summary}, ensure_ascii=False))
    shutil.rmtree(out.parent, ignore_errors=True)


def _subset(corpus: Path, n: int, into: Path) -> Path:
    """A folder with the first n synthetic reports (links, not copies)."""
    into.mkdir()
    for path in sorted(corpus.glob("*.txt"))[:n]:
        (into / path.name).symlink_to(path)
    return into


def _measure(folder: Path, workers: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--run", str(folder), *workers], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"检查失败：{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


LABELS = ROOT / "tests" / "data" / "check_labels.json"
TARGET_PRECISION, TARGET_RECALL = 0.95, 0.90


def labelled_figures() -> None:
    """Precision (true findings / findings), recall (known defects found) and reports read in part that passed,
    on each labelled set that is present and on all of them."""
    from report.batch.evaluate import Score, check_set, labelled_sets, load_labels, score

    labels = load_labels(LABELS)
    total = Score()
    for name, labelled in labelled_sets(labels).items():
        folder = (ROOT / labels["sets"][name]).resolve()
        if not folder.is_dir():
            print(f"标注集 {name}：{folder} 不存在，跳过")
            continue
        results = check_set(folder)
        one = score(results, labelled)
        score(results, labelled, total)
        print(f"标注集 {name}（{one.reports} 份报告）：问题 {one.findings} 个，真 {len(one.true)}、误报 {len(one.false)}、"
              f"未标注 {len(one.unlabelled)}；已知问题 {one.defects} 个，找到 {one.defects - len(one.missed)}")
    print(f"合计 {total.reports} 份报告：准确率（真问题/问题）{total.precision:.1%}（目标 ≥ {TARGET_PRECISION:.0%}，"
          f"{'达标' if total.precision >= TARGET_PRECISION else '未达标'}）；召回率（找到的已知问题）{total.recall:.1%}"
          f"（目标 ≥ {TARGET_RECALL:.0%}，{'达标' if total.recall >= TARGET_RECALL else '未达标'}）；"
          f"表格未读全却判为通过的报告 {len(total.passed_unread)} 份（目标 0）")
    for what, items in (("误报", total.false), ("未标注", total.unlabelled), ("漏报", total.missed),
                        ("未读全却通过", total.passed_unread), ("报告/非报告判断错误", total.wrong_kind)):
        for item in items:
            print(f"  {what}：{item}")


def main(argv: list[str]) -> int:
    """Print the labelled set's figures, then generate the synthetic reports once and measure each count in a
    fresh process."""
    labelled_figures()
    if "--labels-only" in argv:
        return 0
    workers = argv[argv.index("--workers"):argv.index("--workers") + 2] if "--workers" in argv else []
    counts = sorted({int(a) for a in argv if a.isdigit() and a not in workers} or set(COUNTS))
    from bench.retrieval import synthetic_corpus

    work = Path(tempfile.mkdtemp(prefix="nianbao-bench-check-"))
    try:
        started = time.perf_counter()
        corpus = synthetic_corpus(work / "all", max(counts))
        print(f"合成报告 {max(counts)} 份（内置语料改名、移年、重组段落，每个机关连续 4 年），用时 "
              f"{time.perf_counter() - started:.1f} s")
        figures = {}
        for n in counts:
            fig = figures[n] = _measure(_subset(corpus, n, work / f"n{n}"), workers)
            print(f"{n:>5} 份：{fig['seconds']:.1f} s，{n / fig['seconds']:.0f} 份/秒，峰值内存 主进程 "
                  f"{fig['main_mb']:.0f} MB、最大的工作进程 {fig['worker_mb']:.0f} MB（{fig['summary']}）")
        _verdict(figures)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _verdict(figures: dict[int, dict]) -> None:
    """Against the targets: 500 reports within 60 s (scaled from the nearest count) and memory flat."""
    n = min(figures, key=lambda k: abs(k - TARGET_REPORTS))
    estimate = figures[n]["seconds"] * TARGET_REPORTS / n
    print(f"目标：{TARGET_REPORTS} 份 ≤ {TARGET_SECONDS:g} s —— 按 {n} 份的结果为 {estimate:.1f} s，"
          f"{'达标' if estimate <= TARGET_SECONDS else '未达标'}")
    small, large = figures[min(figures)], figures[max(figures)]
    ratio = max(large["main_mb"] / small["main_mb"], large["worker_mb"] / small["worker_mb"])
    print(f"内存：{max(figures)} 份与 {min(figures)} 份的峰值之比 {ratio:.2f}（目标 ≤ {FLAT_RATIO}，"
          f"{'达标' if ratio <= FLAT_RATIO else '未达标'}）")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        run_once(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(main(sys.argv[1:]))
