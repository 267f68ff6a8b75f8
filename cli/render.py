"""`nianbao render FACTS.json --out FILE.docx|.md|.txt`: write the report from a facts file."""
from __future__ import annotations

import sys

from report.errors import NianbaoError
from report.export import UNKNOWN, render_file, unknown_cells
from report.facts import load_facts

USAGE = "用法：nianbao render FACTS.json --out FILE.docx|.md|.txt"


class UsageError(Exception):
    """The command line itself is wrong; the message is Chinese."""


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


def main(argv: list[str]) -> int:
    """Render the report; exit 0 when written, 2 on bad arguments, facts or output path."""
    if any(a in ("-h", "--help") for a in argv):
        print(USAGE)
        return 0
    try:
        facts_path, out = parse_args(argv)
        facts = load_facts(facts_path)
        path = render_file(facts, out)
    except UsageError as e:
        print(f"{e}\n{USAGE}", file=sys.stderr)
        return 2
    except NianbaoError as e:
        print(str(e), file=sys.stderr)
        return 2
    print(f"已生成报告：{path}")
    unknown = unknown_cells(facts)
    if unknown:
        print(f"注意：{len(unknown)} 个单元格尚无数值，已标为“{UNKNOWN}”，请补齐后重新生成。", file=sys.stderr)
    return 0
