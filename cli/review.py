"""`nianbao review-import 审阅稿.docx --facts FACTS.json [--json]`: take a reviewed .docx back and check it again."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.args import ChineseArgumentParser, run_command
from cli.validate import finding_line
from report.errors import NianbaoError
from report.facts import load_facts
from report.review.compare import ReviewImport, compare_review, printed_text
from report.review.docx_in import read_reviewed
from report.words import word_diff

CONTEXT = 12  # characters of unchanged text shown before a change
USAGE = ("用法：nianbao review-import 审阅稿.docx --facts FACTS.json [--json]\n"
         "  读回领导在 Word 中审阅过的报告：列出各部分的修改（作为审阅人的建议）、批注和与数据不符的表格单元格，\n"
         "  并重新运行校验、数字核对和 P3；不修改任何文件。\n"
         "  退出码：0 审阅没有带来问题，1 审阅后有错误或数字对不上，2 参数或文件有误。")


def _parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(prog="nianbao review-import", add_help=False)
    p.add_argument("docx", metavar="审阅稿.docx")
    p.add_argument("--facts", required=True, metavar="FACTS.json")
    p.add_argument("--json", action="store_true")
    return p


def change_lines(before: str, after: str) -> list[str]:
    """Each changed stretch of a section as one line, with a few characters before it: …上下文“旧”→“新”."""
    out, context, pending = [], "", None
    for op, text in word_diff(before, after) + [("equal", "")]:
        if op == "delete":
            pending = (context[-CONTEXT:], text)
        elif op == "insert":
            before_text = pending[1] if pending else ""
            out.append(f"…{(pending[0] if pending else context[-CONTEXT:])}“{before_text}”→“{text}”"
                       if before_text else f"…{context[-CONTEXT:]}（插入）“{text}”")
            pending = None
        else:
            if pending:
                out.append(f"…{pending[0]}（删除）“{pending[1]}”")
                pending = None
            context = text
    return [line.replace("\n", " ") for line in out]


def report_lines(result: ReviewImport) -> list[str]:
    """The human report of an import."""
    lines = []
    for c in result.changes:
        lines.append(c.summary())
        lines += [f"  {x}" for x in change_lines(printed_text(c.before, c.section), c.after)]
    for num, outcome in result.outcomes.items():
        lines.append(f"第{num}部分：年报助手的修订{outcome}")
    for c in result.cells:
        lines.append(f"表格改动：{c.line()}")
    for c in result.reviewer_comments():
        lines.append(f"批注（{c.author or '未署名'}，{c.place()}）：{c.text}" + (f"——“{c.sentence}”" if c.sentence else ""))
    lines += [f"说明：{n}" for n in result.notes]
    lines += [f"未能对应：{u}" for u in result.unmapped]
    lines += [finding_line(f) for f in result.findings]
    lines += [f"[数字核对] 第{f.section}部分 {f.message}" for f in result.flags]
    if not (result.changes or result.cells or result.comments):
        lines.append("审阅稿与草稿相同：没有修改、批注或表格改动")
    problems = len(result.findings) + len(result.flags)
    lines.append(f"审阅带来 {problems} 个问题（草稿原有的 {result.known} 个未列出）" if problems
                 else f"审阅没有带来新问题（草稿原有的 {result.known} 个未列出）")
    return lines


def _run(args: argparse.Namespace) -> int:
    facts = load_facts(args.facts)
    path = Path(args.docx)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise NianbaoError(f"无法读取文件 {path}：{e.strerror or e}") from None
    result = compare_review(read_reviewed(data, path.name), facts, dict(facts.sections or {}), None, path.name)
    if args.json:
        print(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=1))
    else:
        print("\n".join(report_lines(result)))
    return result.exit_code


def main(argv: list[str]) -> int:
    """Import a reviewed .docx; exit 0 no problem introduced, 1 problems, 2 bad arguments or file."""
    return run_command(argv, USAGE, _parser(), _run)
