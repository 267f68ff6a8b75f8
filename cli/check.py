"""`nianbao check PATH... [--previous DIR] [--out FILE.xlsx|.csv|.json]`: check many published reports at once."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from cli.args import ChineseArgumentParser, UsageError, run_command
from report.batch.output import OUTPUT_SUFFIXES, write_results
from report.batch.results import UNREADABLE, ReportResult, ordered, summary_text
from report.batch.run import check_reports
from report.batch.sources import Inputs, Source, collect
from report.parser import SUFFIXES
from settings import get_settings

USAGE = ("用法：nianbao check PATH... [--previous DIR] [--out 检查结果.xlsx|.csv|.json] [--workers N]\n"
         f"  检查多份已发布的年度报告：文件、文件夹（含子文件夹）或 .zip（{'、'.join(SUFFIXES)}）；\n"
         "  同一机关相邻年度的报告（在输入、--previous 目录或语料目录中）自动配对，检查上年结转、现行有效件数、\n"
         "  文字重复和同比变化；--out 写出结果（.xlsx 含“汇总”和“问题清单”两张表；.csv 另写“_问题清单.csv”；.json）。\n"
         "  结论：通过（章节齐全、表格读出≥99%、无问题）、有提醒、需人工核对（未读全，写明原因）、有错误、无法读取；\n"
         "  不是年度报告的文件（清单、说明）单列，不计入检查份数。\n"
         "  退出码：0 没有错误，1 有报告存在错误或有文件无法读取，2 参数或输入有误。")


def _parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(prog="nianbao check", add_help=False)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--previous", action="append", default=[], metavar="DIR")
    p.add_argument("--out", "-o")
    p.add_argument("--workers", type=int)
    return p


def _pool(args: argparse.Namespace, inputs: Inputs) -> list[Source]:
    """Reports only used as last year's: --previous folders and the corpus, less those being checked."""
    folders = [*args.previous]
    corpus = get_settings().corpus_dir
    if Path(corpus).is_dir():
        folders.append(str(corpus))
    checked = {(str(Path(s.path).resolve()), s.member) for s in inputs.sources if s.path}
    pool = collect(folders).sources if folders else []
    return [s for s in pool if (str(Path(s.path).resolve()), s.member) not in checked]


def report_line(r: ReportResult) -> str:
    """One line per report: verdict, agency and year, counts, why it needs a reader, and the worst finding (or why
    it was unreadable)."""
    if r.error:
        return f"[{r.verdict}] {r.name}：{r.error}"
    head = f"[{r.verdict}] {r.agency or '（未识别机关）'} {r.year or '（年度未识别）'}（{r.name}）"
    reasons = r.review_reasons()
    if reasons:
        head += "：" + "、".join(reasons)
    worst = r.worst()
    return head + (f"{'；' if reasons else '：'}错误 {r.errors}、提醒 {r.warnings}；{worst.key} {worst.message}"
                   if worst else "")


def _run(args: argparse.Namespace) -> int:
    """Collect, check in parallel, print the worst first, write the results file; the exit code."""
    if args.out and Path(args.out).suffix.lower() not in OUTPUT_SUFFIXES:
        raise UsageError(f"参数 --out 应为 {'、'.join(OUTPUT_SUFFIXES)} 文件，收到“{args.out}”")
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"参数 --workers 应为正整数，收到“{args.workers}”")
    for folder in args.previous:
        if not Path(folder).is_dir():
            raise UsageError(f"参数 --previous 应为文件夹：{folder}")
    started = time.perf_counter()
    inputs = collect(args.paths)
    if not inputs.sources and not inputs.refused:
        raise UsageError("没有找到可检查的报告文件（" + "、".join(SUFFIXES) + " 或 .zip）：" + "、".join(args.paths))
    results = check_reports(inputs.sources, _pool(args, inputs), workers=args.workers, refused=inputs.refused)
    lines = [report_line(r) for r in ordered(results) if r.verdict != "通过"]
    lines.append(summary_text(results) + f"；用时 {time.perf_counter() - started:.1f} 秒"
                 + (f"；另有 {inputs.ignored} 个其他类型的文件未检查" if inputs.ignored else ""))
    if args.out:
        lines.append("已写入：" + "、".join(str(p) for p in write_results(args.out, results)))
    print("\n".join(lines))
    return 1 if any(r.verdict in ("有错误", UNREADABLE) for r in results) else 0


def main(argv: list[str]) -> int:
    """Check reports; exit 0 when no error, 1 when a report has errors or a file is unreadable, 2 on bad input."""
    return run_command(argv, USAGE, _parser(), _run)
