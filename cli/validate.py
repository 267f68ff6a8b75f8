"""`nianbao validate FACTS.json [--json]`: fill the blank totals and print the findings."""
from __future__ import annotations

import argparse
import json

from cli.args import ChineseArgumentParser, run_command
from report.facts import load_facts
from report.findings import Finding
from report.format import cell_label
from report.validator import Validation, validate

SEVERITY_LABELS = {"error": "错误", "warning": "提醒"}
USAGE = ("用法：nianbao validate FACTS.json [--json]\n"
         "  补齐表三、表四中留空的合计，检查勾稽关系与正文数字；--json 输出补齐后的事实数据与问题清单。\n"
         "  退出码：0 无错误，1 有错误，2 参数或数据有误。")


def _parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(prog="nianbao validate", add_help=False)
    p.add_argument("facts", metavar="FACTS.json")
    p.add_argument("--json", action="store_true")
    return p


def finding_line(f: Finding) -> str:
    """One Chinese line per finding: "[错误] O1 …"."""
    return f"[{SEVERITY_LABELS[f.severity]}] {f.key} {f.message}"


def report_lines(v: Validation) -> list[str]:
    """The human report: findings, the totals filled, and a summary line."""
    lines = [finding_line(f) for f in v.findings]
    if v.filled:
        lines.append(f"已补齐 {len(v.filled)} 个合计：" + "、".join(cell_label(k) for k in v.filled))
    else:
        lines.append("没有需要补齐的合计")
    errors, warnings = len(v.errors), len(v.warnings)
    lines.append(f"共 {errors} 个错误、{warnings} 个提醒" if errors or warnings else "校验通过：没有发现问题")
    return lines


def _run(args: argparse.Namespace) -> int:
    """Validate the facts file and print the findings (JSON with --json)."""
    v = validate(load_facts(args.facts))
    if args.json:
        print(json.dumps(v.to_json_dict(), ensure_ascii=False, indent=1))
    else:
        print("\n".join(report_lines(v)))
    return 1 if v.has_errors else 0


def main(argv: list[str]) -> int:
    """Validate a facts file; exit 0 when no error, 1 when errors, 2 on bad arguments or input."""
    return run_command(argv, USAGE, _parser(), _run)
