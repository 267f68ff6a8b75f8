"""`nianbao parse FILE [--json] [--validate]`: read a published report and show what was read and what was not."""
from __future__ import annotations

import argparse
import json
import re

from cli.args import ChineseArgumentParser, run_command
from cli.validate import finding_line
from report import format as fmt
from report.parsed import ParsedReport
from report.parser import parse_file
from report.parser.check import validate_parsed

USAGE = ("用法：nianbao parse FILE [--json] [--validate]\n"
         "  读取往年报告（.txt、.md、.html/.htm、.docx、.pdf，扫描件用文字识别）：机关、年度、格式、六个部分和三张表；\n"
         "  --json 输出 JSON（未读出的单元格为 null）；--validate 对读出的数据做勾稽和正文数字校验。\n"
         "  退出码：0 三张表全部读出，1 有单元格未读出，2 文件无法读取或参数有误。")
_SPACE = re.compile(r"\s+")


def _parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(prog="nianbao parse", add_help=False)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.add_argument("--validate", action="store_true")
    return p


def _table_line(name: str, values: list | None) -> str:
    if values is None:
        return f"{name}：未读到"
    unread = sum(v is None for v in values)
    return f"{name}：{len(values)} 个单元格全部读出" if not unread else f"{name}：{len(values) - unread} 个读出，{unread} 个未读出"


def summary_lines(r: ParsedReport) -> list[str]:
    """The human report of one parse: front matter, sections, tables and notes."""
    form = {fmt.FORMAT_2021: "2021年格式", fmt.FORMAT_2019: "2019年格式"}.get(r.format or "", "未知")
    lines = [f"文件：{r.source}", f"机关：{r.agency or '未识别'}　年度：{r.year or '未识别'}　格式：{form}"]
    found = [f"{n}（{len(_SPACE.sub('', r.sections[n]))}字）" for n in fmt.SECTION_NUMS if n in r.sections]
    lines.append("章节：" + ("、".join(found) if found else "无"))
    t2 = None if r.t2 is None else [*(v for k in fmt.T2_DOC_ROWS for v in r.t2[k].values()),
                                    *(r.t2[k] for k in (*fmt.T2_SINGLE_ROWS, "fees_wan"))]
    t3 = None if r.t3 is None else [v for row in r.t3.values() for v in row]
    lines += [_table_line("表二", t2), _table_line("表三", t3), _table_line("表四", r.t4)]
    if r.ocr:
        lines.append(f"文字识别：{len(r.ocr)} 个单元格的数字由扫描件识别得出，须对照原件核对")
    if r.notes:
        lines.append("说明：")
        lines += [f"  - {n}" for n in r.notes]
    return lines


def _run(args: argparse.Namespace) -> int:
    """Parse the file and print what was read (JSON with --json), validated with --validate."""
    report = parse_file(args.file)
    validation = validate_parsed(report) if args.validate else None
    if args.json:
        out = report.to_json_dict()
        if validation is not None:
            out["findings"] = [f.model_dump(mode="json") for f in validation[0].findings]
            out["validation_notes"] = validation[1]
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        lines = summary_lines(report)
        if validation is not None:
            v, notes = validation
            lines.append("校验：")
            lines += [f"  {finding_line(f)}" for f in v.findings] or ["  没有发现问题"]
            lines += [f"  （{n}）" for n in notes]
        print("\n".join(lines))
    return 0 if report.tables_complete() else 1


def main(argv: list[str]) -> int:
    """Parse a report file; exit 0 when all three tables were read, 1 when some cells were not, 2 on bad input."""
    return run_command(argv, USAGE, _parser(), _run)
