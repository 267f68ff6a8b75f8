"""The `nianbao` command line: one dispatcher, one module per command group."""
from __future__ import annotations

import importlib
import sys

# command -> "module:function"; each function takes argv (list[str]) and returns the exit code.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("cli.validate:main", "校验事实数据并补齐合计：nianbao validate FACTS.json [--json]"),
    "render": ("cli.render:main", "生成报告文件：nianbao render FACTS.json --out FILE.docx|.md|.txt [--review]"),
    "review-import": ("cli.review:main", "读回审阅稿：nianbao review-import 审阅稿.docx --facts FACTS.json [--json]"),
    "parse": ("cli.parse:main", "读取往年报告：nianbao parse FILE [--json] [--validate]"),
    "ingest": ("cli.retrieval:ingest_main", "建立往年报告索引：nianbao ingest [DIR]"),
    "search": ("cli.retrieval:search_main", "检索往年报告段落：nianbao search QUERY [--section 一] [--k 5] [--json]"),
    "draft": ("cli.draft:main", "起草完整报告：nianbao draft FACTS.json --out FILE [--offline]"),
    "extract": ("cli.extract:main", "读出一句话中的数据（不用模型）：nianbao extract \"消息\" [--facts FACTS.json] [--json]"),
    "check": ("cli.check:main", "批量检查已发布的报告：nianbao check PATH... [--previous DIR] [--out 检查结果.xlsx]"),
}


def _usage() -> str:
    lines = ["用法：nianbao <命令> [参数]", "", "命令："]
    lines += [f"  {name:<14}{help_}" for name, (_, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"未知命令：{name}\n\n{_usage()}", file=sys.stderr)
        return 2
    module_name, func_name = COMMANDS[name][0].split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    return int(func(rest) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
