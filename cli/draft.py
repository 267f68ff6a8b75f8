"""`nianbao draft FACTS.json [--corpus DIR] --out FILE [--offline]`: validate, draft 一/五/六, guard, write."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Optional

from cli.args import ChineseArgumentParser, UsageError, run_command
from report.facts import Facts, load_facts
from report.parsed import with_previous
from report.validator import validate
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


def _report(validation: Any, drafts: dict[str, Any]) -> list[str]:
    lines = [f"[{'错误' if f.is_error else '提醒'}] {f.key} {f.message}" for f in validation.findings]
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
    facts = with_previous(facts, previous)
    validation = validate(facts)
    llm = None if args.offline else get_chat_model(get_settings())
    drafts = draft_report(validation.facts, index=index, llm=llm, previous=previous)
    sections = {num: mark_flagged(d.text, d.flags) for num, d in drafts.items()}  # no flagged number unmarked
    path = render_file(validation.facts, args.out, sections)
    lines = notes + _report(validation, drafts)
    mode = "离线起草" if llm is None else "模型起草"
    source = f"，参考了上年报告（{previous.source}）" if previous is not None else ""
    print(f"已生成报告草稿（{mode}{source}）：{path}")
    print("\n".join(lines) if lines else "未发现问题。")
    return 1 if validation.has_errors or any(d.flags for d in drafts.values()) else 0


def main(argv: list[str]) -> int:
    """Draft the full report; exit 0 when clean, 1 when written with errors or flags, 2 on bad input."""
    return run_command(argv, USAGE, _parser(), _run)
