"""`nianbao render FACTS.json --out FILE.docx|.md|.txt`: write the report from a facts file."""
from __future__ import annotations

import argparse
import sys

from cli.args import UsageError, run_command
from report.export import UNKNOWN, render_file, unknown_cells
from report.facts import load_facts
from report.gate import mark_untraced
from report.textcheck import NEEDS_CHECK
from report.validator import validate

USAGE = ("用法：nianbao render FACTS.json --out FILE.docx|.md|.txt [--review]\n"
         "  --review：写出审阅版 .docx（年报助手对每个未处理的问题加批注，供领导在 Word 中审阅）")


class RenderArguments:
    """The render command line: FACTS.json and --out, with messages that name what is missing."""

    def parse_args(self, argv: list[str]) -> argparse.Namespace:
        """Namespace(facts, out) from argv; raise UsageError naming the bad argument."""
        review = "--review" in argv
        facts, out = parse_args([a for a in argv if a != "--review"])
        if review and not out.lower().endswith(".docx"):
            raise UsageError("审阅版只能写成 .docx 文件：请用 --out 审阅稿.docx")
        return argparse.Namespace(facts=facts, out=out, review=review)


def parse_args(argv: list[str]) -> tuple[str, str]:
    """(facts path, output path) from argv; raise UsageError naming the bad argument."""
    facts, out = None, None
    args = iter(argv)
    for arg in args:
        if arg in ("--out", "-o"):
            out = next(args, None)
            if not out:
                raise UsageError(f"参数 {arg} 后缺少输出文件名")
        elif arg.startswith("--out="):
            out = arg.removeprefix("--out=")
        elif arg.startswith("-") and arg != "-":
            raise UsageError(f"未知参数：{arg}")
        elif facts is None:
            facts = arg
        else:
            raise UsageError(f"多余的参数：{arg}")
    if facts is None:
        raise UsageError("缺少事实数据文件（FACTS.json）")
    if not out:
        raise UsageError("缺少输出文件：请用 --out 指定 .docx、.md 或 .txt 文件")
    return facts, out


def _run(args: argparse.Namespace) -> int:
    """Render the facts file to the output path and say which cells are still unknown."""
    facts = load_facts(args.facts)
    if getattr(args, "review", False):
        return _review(facts, args.out)
    sections, untraced = mark_untraced(facts.sections or {}, validate(facts).facts)
    path = render_file(facts, args.out, sections or None)
    print(f"已生成报告：{path}")
    for f in untraced:
        print(f"[数字待核] {f.message}", file=sys.stderr)
    if untraced:
        print(f"正文中 {len(untraced)} 个数字在数据中找不到出处，所在句子已标注{NEEDS_CHECK}。", file=sys.stderr)
    unknown = unknown_cells(facts)
    if unknown:
        print(f"注意：{len(unknown)} 个单元格尚无数值，已标为“{UNKNOWN}”，请补齐后重新生成。", file=sys.stderr)
    return 1 if untraced else 0


def _review(facts, out: str) -> int:
    """Write the 审阅版 (untraced numbers are 批注 there, the text is left as it is)."""
    from report.review.docx_out import write_review

    path = write_review(facts, out)
    print(f"已生成审阅版：{path}（批注与修订可在 Word 的“审阅”选项卡中查看）")
    return 0


def main(argv: list[str]) -> int:
    """Render the report; exit 0 when written, 1 when written with untraced numbers marked, 2 on bad input."""
    return run_command(argv, USAGE, RenderArguments(), _run)
