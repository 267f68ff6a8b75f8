"""`nianbao draft FACTS.json [--corpus DIR] --out FILE [--offline]`: validate, draft 一/五/六, guard, write."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Optional

from cli.args import ChineseArgumentParser, UsageError, run_command
from report.facts import Facts, load_facts
from report.basis import validated
from settings import get_settings

USAGE = "用法：nianbao draft FACTS.json [--corpus DIR] --out FILE.docx|.md|.txt [--offline]"


def _parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(prog="nianbao draft", usage=USAGE, add_help=False)
    p.add_argument("facts")
    p.add_argument("--out", "-o", required=True)
    p.add_argument("--corpus")
    p.add_argument("--offline", action="store_true")
    return p


def _index_and_previous(facts: Facts, corpus: Optional[str]) -> tuple[Any, Any, list[str]]:
    """The corpus index (ingested) and last year's report of this agency; notes when retrieval is unavailable."""
    from chains.retrieval import get_index

    index = get_index(get_settings())
    folder = Path(corpus) if corpus else None
    if folder is not None and not folder.is_dir():
        raise UsageError(f"语料目录不存在：{folder}")
    index.ingest(folder)
    return index, index.previous_report(facts.agency, facts.year), []


def _report(findings: Any, drafts: dict[str, Any]) -> list[str]:
    lines = [f"[{'错误' if f.is_error else '提醒'}] {f.key} {f.message}" for f in findings]
    for num, draft in drafts.items():
        lines += [f"[数字待核] 第{num}部分：{flag.message}" for flag in draft.flags]
        lines += [f"[提醒] 第{num}部分：{w}" for w in draft.warnings]
        if draft.error:
            lines.append(f"[模型] 第{num}部分：{draft.error}")
    return lines


def _run(args: argparse.Namespace) -> int:
    """Validate, draft 一/五/六 (offline or by the model), write the report and print what needs review."""
    from chains.drafting import draft_report
    from chains.model import get_chat_model
    from report.export import export_filename, render_file
    from report.gate import mark_flagged

    facts = load_facts(args.facts)
    export_filename(facts, Path(args.out).suffix)  # an unknown output kind fails before any drafting
    index, previous, notes = _index_and_previous(facts, args.corpus)
    this = validated(facts, previous)  # built once: the prompts, the checks and the export see the same facts
    llm = None if args.offline else get_chat_model(get_settings())
    drafts = draft_report(this, index=index, llm=llm)
    sections = {num: mark_flagged(d.text, d.flags) for num, d in drafts.items()}  # no flagged number unmarked
    path = render_file(this.facts, args.out, sections)
    lines = notes + _report(this.findings, drafts)
    mode = "离线起草" if llm is None else "模型起草"
    source = f"，参考了上年报告（{previous.source}）" if previous is not None else ""
    print(f"已生成报告草稿（{mode}{source}）：{path}")
    print("\n".join(lines) if lines else "未发现问题。")
    if fell_back := _fell_back(drafts):
        print(fell_back)
    return 1 if any(f.is_error for f in this.findings) or fell_back or any(d.flags for d in drafts.values()) else 0


def _fell_back(drafts: dict[str, Any]) -> str:
    """One line naming the sections the model did not finish (offline text or a marked partial), else ""."""
    from report.replies import PARTIAL_MARK

    failed = [f"第{num}部分（{'未完成稿，已标注' if d.text.startswith(PARTIAL_MARK) else '改用离线起草'}）"
              for num, d in drafts.items() if d.error]
    return f"模型未完成以下部分：{'、'.join(failed)}；原因见上方 [模型] 各行，请重试或人工补写。" if failed else ""


def main(argv: list[str]) -> int:
    """Draft the full report; exit 0 when clean, 1 when written with errors, flags or model failures, 2 on bad input."""
    return run_command(argv, USAGE, _parser(), _run)
