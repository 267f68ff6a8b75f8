"""`nianbao extract "消息" [--facts FACTS.json] [--json]`: what the chat reads from a message, without a model."""
from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any, Optional

from cli.args import ChineseArgumentParser, UsageError, run_command
from report import format as fmt
from report.facts import Facts, blank_facts, load_facts

USAGE = ("用法：nianbao extract \"消息\" [--facts FACTS.json] [--asked 行键] [--json]\n"
         "  按表格的语法读出消息中的数据：提议写入的单元格和要点、需要追问的问题、未能识别的部分。\n"
         "  --facts 给出当前数据（更正时用来找原值）；--asked r1 表示这是对“表三第 r1 行按申请人分列”的回答。\n"
         "  退出码：0 正常，2 参数或输入有误。")


def _parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(prog="nianbao extract", add_help=False)
    p.add_argument("message", metavar="消息")
    p.add_argument("--facts", metavar="FACTS.json")
    p.add_argument("--asked", metavar="行键")
    p.add_argument("--json", action="store_true")
    return p


def _plain(value: Any) -> Any:
    return format(value, "f") if isinstance(value, Decimal) else value


def extract_json(message: str, facts: Facts, asked_row: Optional[str] = None,
                 recent: Optional[dict] = None) -> dict:
    """The reading of a message as JSON data: proposals, questions, unread parts, the row asked about next."""
    from chains.extraction import context_for, extract_updates  # the grammar path loads no model client
    result = extract_updates(message, facts, context=context_for(facts, asked_row, recent))
    return {
        "proposals": [{"key": p.key, "value": _plain(p.value), "label": p.label, "quote": p.quote,
                       "current": _plain(p.current), "note": p.note} for p in result.proposals],
        "questions": list(result.questions),
        "unread": [{"text": u.text, "section": u.section, "label": u.label, "reason": u.reason} for u in result.unread],
        "asked_row": result.asked_row,
    }


def _lines(data: dict) -> list[str]:
    lines = [f"{p['key']}\t{p['value']}\t{p['label']}\t“{p['quote']}”" + (f"\t（{p['note']}）" if p["note"] else "")
             for p in data["proposals"]] or ["（没有可写入的数据）"]
    lines += [f"问：{q}" for q in data["questions"]]
    lines += [f"未能识别：{u['text']}（{u['reason'] + '；' if u['reason'] else ''}可加入{u['label']}）"
              for u in data["unread"]]
    return lines


def _answer(message: str) -> Optional[str]:
    """The answer from data to a question about a term or a table's identities (as the chat gives it), else None;
    还差什么 and 去年怎么写 need a draft or the corpus, so the app answers those."""
    from report.chat.questions import data_answer, question_of

    question = question_of(message)
    return data_answer(question) if question is not None else None


def _run(args: argparse.Namespace) -> int:
    message = args.message.strip()
    if not message:
        raise UsageError("消息为空：请给出一句话，如 nianbao extract \"今年收到申请12件\"")
    if args.asked and args.asked not in fmt.T3_ROW_BY_KEY:
        raise UsageError(f"参数 --asked 取值“{args.asked}”无效，应为表三的行键 r1…r25")
    facts = load_facts(args.facts) if args.facts else blank_facts("（未指定机关）", 2024)
    if (answer := _answer(message)) is not None:  # a question is answered, not read for facts
        print(json.dumps({"answer": answer}, ensure_ascii=False, indent=1) if args.json else f"答：{answer}")
        return 0
    data = extract_json(message, facts, args.asked)
    print(json.dumps(data, ensure_ascii=False, indent=1) if args.json else "\n".join(_lines(data)))
    return 0


def main(argv: list[str]) -> int:
    """Read one message; exit 0, or 2 on bad arguments or input."""
    return run_command(argv, USAGE, _parser(), _run)
