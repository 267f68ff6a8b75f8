"""`nianbao ingest [DIR]` and `nianbao search QUERY [--section 一] [--agency A] [--level L] [--k 5] [--json]`."""
from __future__ import annotations

import argparse
import json
import sys

from cli.args import ChineseArgumentParser, UsageError, run_command
from report import format as fmt
from settings import get_settings

INGEST_USAGE = "用法：nianbao ingest [DIR]（默认：语料目录 NIANBAO_CORPUS_DIR，未设置时为内置 corpus/）"
SEARCH_USAGE = "用法：nianbao search QUERY [--section 一] [--agency 机关] [--level 层级] [--k 5] [--json]"


def _ingest_parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(prog="nianbao ingest", usage=INGEST_USAGE, add_help=False)
    p.add_argument("dir", nargs="?")
    return p


def _search_parser() -> ChineseArgumentParser:
    p = ChineseArgumentParser(prog="nianbao search", usage=SEARCH_USAGE, add_help=False)
    p.add_argument("query", nargs="+")
    p.add_argument("--section", choices=fmt.SECTION_NUMS)
    p.add_argument("--agency")
    p.add_argument("--level", choices=fmt.LEVELS)
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    return p


def _ingest(args: argparse.Namespace) -> int:
    """Ingest the folder (default: the configured corpus) and print the counts."""
    from chains.retrieval import get_index

    settings = get_settings()
    stats = get_index(settings).ingest(args.dir)
    folder = args.dir or str(settings.corpus_dir)
    print(f"语料目录：{folder}")
    print(f"新增 {stats.added} 份，更新 {stats.updated} 份，跳过 {stats.skipped} 份，删除 {stats.removed} 份，"
          f"写入段落 {stats.chunks} 个（索引共 {stats.total_chunks} 个段落）")
    for line in stats.failed:
        print(f"无法读取：{line}", file=sys.stderr)
    return 1 if stats.failed else 0


def ingest_main(argv: list[str]) -> int:
    """Index a folder of past reports; print the counts in Chinese; 0 on success, 1 when some files failed."""
    return run_command(argv, INGEST_USAGE, _ingest_parser(), _ingest)


def _search(args: argparse.Namespace) -> int:
    """Search the index and print the passages (JSON with --json)."""
    from chains.retrieval import get_index

    if args.k <= 0:
        raise UsageError(f"参数 --k 应为正整数，收到“{args.k}”")
    query = " ".join(args.query)
    passages = get_index(get_settings()).search(query, section=args.section, agency=args.agency,
                                                level=args.level, k=args.k)
    if args.json:
        print(json.dumps([p.to_json_dict() for p in passages], ensure_ascii=False, indent=1))
        return 0
    if not passages:
        print("未找到相关段落。")
        return 0
    for n, p in enumerate(passages, start=1):
        head = f"【参考段落 {n}】{p.provenance}"
        if p.subheading:
            head += f" · {p.subheading}"
        print(f"{head}  相关度 {p.score:.4f}\n{p.text}\n")
    return 0


def search_main(argv: list[str]) -> int:
    """Search past-report passages; Chinese listing or a JSON list of {text, agency, year, section, source, score}."""
    return run_command(argv, SEARCH_USAGE, _search_parser(), _search)
