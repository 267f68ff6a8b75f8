"""Benchmark of drafting: offline full draft, guard time per section, concurrent model drafting at 30 tokens/s."""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from chains.drafting import check_draft, draft_report, validated  # noqa: E402
from chains.model import get_chat_model  # noqa: E402
from report import format as fmt  # noqa: E402
from report.facts import Facts  # noqa: E402
from report.guard import check_numbers  # noqa: E402
from report.numbers import split_sentences  # noqa: E402
from report.parsed import ParsedReport  # noqa: E402
from settings import BUNDLED_CORPUS_DIR, Settings  # noqa: E402

AGENCY_FILES = ("qingxi-scjgj-2023.txt", "qingxi-scjgj-2024.txt")  # last year's and this year's bundled report
TOKENS_PER_SECOND = 30


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median seconds of fn over runs (after one warm-up call), and its last result."""
    result, times = fn(), []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench_inputs() -> tuple[Facts, Optional[ParsedReport]]:
    """This year's facts (tables of a bundled report, with notes) and last year's report of the same agency."""
    from report.parser import parse_file

    last, this = (parse_file(BUNDLED_CORPUS_DIR / name) for name in AGENCY_FILES)
    facts = Facts(agency=this.agency, year=this.year, level="县级部门", t2=this.t2, t3=this.t3, t4=this.t4,
                  notes={"一": ["门户网站主动公开政府信息126条", "开展政务公开培训6次"],
                         "五": ["问题：政策解读形式较为单一", "改进：增加图解和视频解读"],
                         "六": ["本年度未收取信息处理费"]})
    return validated(facts), last


def build_index(settings: Settings) -> tuple[Any, str]:
    """The retrieval index over the bundled corpus, and how long building it took (None when unavailable)."""
    try:
        from chains.retrieval import get_index
    except ModuleNotFoundError:
        return None, "检索模块尚不可用，离线起草不带参考片段"
    started = time.perf_counter()
    index = get_index(settings)
    index.ingest(None) if hasattr(index, "ingest") else None
    return index, f"索引建立用时 {time.perf_counter() - started:.2f} s"


def bench_offline(facts: Facts, index: Any, previous: Optional[ParsedReport]) -> dict[str, Any]:
    """Median wall time of a full offline draft (三 sections, passages retrieved from the built index)."""
    seconds, drafts = _timed(lambda: draft_report(facts, index=index, llm=None, previous=previous), runs=5)
    print(f"离线起草全文（一、五、六）：{_ms(seconds)}（目标 ≤ 1000 ms）")
    for num, d in drafts.items():
        print(f"  第{num}部分：{len(d.text)} 字，标记 {len(d.flags)} 处，提醒 {len(d.warnings)} 条")
    return drafts


def bench_guard(facts: Facts, drafts: dict[str, Any]) -> None:
    """Median time of the number guard alone and of the full check (guard + P3 table check) per section."""
    for num, d in drafts.items():
        guard, _ = _timed(lambda: check_numbers(d.text, facts), runs=30)
        full, _ = _timed(lambda: check_draft(num, d.text, facts), runs=30)
        print(f"数字核对 第{num}部分（{len(d.text)} 字）：守卫 {_ms(guard)}，含表文一致检查 {_ms(full)}（目标 ≤ 5 ms）")


def _reply(text: str, n_tokens: int) -> str:
    """The section's sentences, cycled until the reply has about n_tokens tokens (every number still traceable)."""
    from fake_openai import tokens

    sentences = [s for _, _, s in split_sentences(text)]
    out: list[str] = []
    while len(tokens("".join(out))) < n_tokens:
        out.append(sentences[len(out) % len(sentences)])
    return "".join(out)


def bench_concurrent(facts: Facts, drafts: dict[str, Any], sizes: dict[str, int], label: str) -> None:
    """Full report against the fake server streaming at 30 tokens/s: wall time vs the sum of the section times."""
    from fake_openai import FakeOpenAI, Reply, tokens

    replies = {num: _reply(d.text, sizes[num]) for num, d in drafts.items()}

    def by_section(body: dict) -> Optional[Reply]:
        user = str(body["messages"][-1]["content"])
        num = next((n for n in fmt.NARRATIVE_SECTIONS if f"“{fmt.SECTION_BY_NUM[n].heading}”" in user), None)
        return Reply(text=replies[num]) if num else None

    with FakeOpenAI(token_delay=1 / TOKENS_PER_SECOND) as server:
        server.responder = by_section
        settings = Settings(OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="sk-bench", NIANBAO_MODEL="fake-model",
                            NIANBAO_TIMEOUT=30)
        llm = get_chat_model(settings)
        llm.invoke("预热")  # the first request pays the client's lazy imports; measure the steady state
        started = time.perf_counter()
        result = draft_report(facts, llm=llm)
        wall = time.perf_counter() - started
    total, slowest = sum(d.elapsed for d in result.values()), max(d.elapsed for d in result.values())
    print(f"模型起草全文，{label}（假服务器 {TOKENS_PER_SECOND} 词元/秒，并发 {server.max_in_flight} 路）：")
    for num, d in result.items():
        print(f"  第{num}部分：{len(tokens(replies[num]))} 个词元，用时 {d.elapsed:.2f} s，"
              f"重问 {'是' if d.reasked else '否'}，标记 {len(d.flags)} 处")
    print(f"  全文用时 {wall:.2f} s；三部分用时之和 {total:.2f} s，比值 {wall / total:.2f}（目标 ≤ 0.5）；"
          f"最慢一部分 {slowest:.2f} s，全文/最慢 {wall / slowest:.2f}")


def main() -> int:
    """Print the drafting figures."""
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(NIANBAO_DATA_DIR=data)
        facts, previous = bench_inputs()
        index, note = build_index(settings)
        print(note)
        drafts = bench_offline(facts, index, previous)
        bench_guard(facts, drafts)
        bench_concurrent(facts, drafts, {n: 150 for n in fmt.NARRATIVE_SECTIONS}, "三部分等长（各约150词元）")
        bench_concurrent(facts, drafts, {"一": 400, "五": 180, "六": 60}, "常见篇幅（一长、六短）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
