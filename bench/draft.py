"""Benchmark of drafting: draft defects (notes pasted, colloquial words, facts twice, plans as done, zeros as figures,
unmarked boilerplate, facts used) over the bundled fact files and conversations; offline draft time, guard time per
section, model drafting at 30 tokens/s (一 in five sub-heads)."""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from chains.drafting import check_draft, draft_report, draft_section  # noqa: E402
from report.basis import validated  # noqa: E402
from chains.model import get_chat_model  # noqa: E402
from report import format as fmt  # noqa: E402
from report.facts import Facts  # noqa: E402
from report.guard import check_numbers  # noqa: E402
from report.numbers import split_sentences  # noqa: E402
from report.parsed import ParsedReport  # noqa: E402
from report.subheads import SUBHEADS, subhead_of  # noqa: E402
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
    return validated(facts).facts, last


CONVERSATIONS = ROOT / "tests" / "data" / "conversations"
EXAMPLE_FACTS = ROOT.parent / "shared" / "examples" / "facts-2022.json"
DEFECTS = (("verbatim", "照抄要点的句子"), ("colloquial", "口语痕迹（今年、我们…）"), ("twice", "重复陈述的事实"),
           ("plans_as_done", "计划写成已完成"), ("zeros_as_figures", "零写成数字"), ("boilerplate", "无标记的套话"),
           ("awkward", "办公室主任会改的写法"))


def defect_inputs(previous: Optional[ParsedReport]) -> list[tuple[str, Any]]:
    """(name, ThisYear) for each bundled fact file and each conversation turned into facts."""
    import json

    from report.facts import facts_from_dict, load_facts

    inputs = []
    if EXAMPLE_FACTS.exists():
        inputs.append(("facts-2022.json", validated(load_facts(EXAMPLE_FACTS))))
    facts, _ = bench_inputs()
    inputs += [("内置语料 2024（无上年报告）", validated(facts)), ("内置语料 2024（有上年报告）", validated(facts, previous))]
    for path in sorted(CONVERSATIONS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        inputs.append((f"对话 {path.stem}", validated(facts_from_dict(data["facts"]))))
    return inputs


def bench_defects(previous: Optional[ParsedReport]) -> None:
    """The draft-defect counts of the offline draft of every input (each should be 0; facts used should be 100%)."""
    from report.prose import draft_defects, section_counts

    totals = dict.fromkeys((k for k, _ in DEFECTS), 0)
    given = used = 0
    print("离线起草质量（每项应为 0，要点和表格事实使用率应为 100%）：")
    for name, this in defect_inputs(previous):
        sections = {num: d.text for num, d in draft_report(this).items()}
        found = draft_defects(sections, this.facts)
        for key, _ in DEFECTS:
            totals[key] += getattr(found, key)
        given, used = given + found.facts_given, used + found.facts_used
        kinds = "；".join(f"{num} 事实{c.fact}/建议{c.suggestion}/待补充{c.placeholder}/参照{c.adapted}"
                         for num, c in section_counts(sections, this.facts).items())
        counts = "，".join(f"{label} {getattr(found, key)}" for key, label in DEFECTS)
        print(f"  {name}：{counts}；事实使用 {found.facts_used}/{found.facts_given}（{kinds}）")
    print("  合计：" + "，".join(f"{label} {totals[key]}" for key, label in DEFECTS)
          + f"；事实使用率 {used / given:.0%}（{used}/{given}）")


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
    """Median time of the number guard alone and of the full check (guard, P3, rules) per section, on the one
    validated value a request builds once (its validation is not part of a check)."""
    this = validated(facts)
    for num, d in drafts.items():
        guard, _ = _timed(lambda: check_numbers(d.text, facts), runs=30)
        full, _ = _timed(lambda: check_draft(num, d.text, this), runs=30)
        print(f"数字核对 第{num}部分（{len(d.text)} 字）：守卫 {_ms(guard)}，含表文一致检查 {_ms(full)}（目标 ≤ 5 ms）")


def _reply(text: str, n_tokens: int) -> str:
    """The text's sentences, cycled while that brings the reply nearer n_tokens tokens (every number traceable)."""
    from fake_openai import tokens

    sentences = [s for _, _, s in split_sentences(text) if s.strip()]
    out: list[str] = []
    while True:
        more = len(tokens("".join(out) + sentences[len(out) % len(sentences)]))
        if out and abs(more - n_tokens) >= abs(len(tokens("".join(out))) - n_tokens):
            return "".join(out)
        out.append(sentences[len(out) % len(sentences)])


def _by_subhead(text: str) -> dict[str, str]:
    """The paragraphs of a section 一 text under each sub-head line (a line naming a sub-head starts its block)."""
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        sub = subhead_of(line) if len(line) <= 30 and line.lstrip().startswith(("（", "(")) else None
        if sub is not None:
            current = sub.line
        elif current and line.strip():
            out.setdefault(current, []).append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def corpus_shares() -> dict[str, float]:
    """Each sub-head's share of section 一 (in tokens) over the bundled corpus: how real reports divide it."""
    from fake_openai import tokens
    from report.parser import parse_file

    totals = dict.fromkeys((s.line for s in SUBHEADS), 0)
    for path in sorted(BUNDLED_CORPUS_DIR.glob("*.txt")):
        for line, body in _by_subhead(parse_file(path).sections.get("一", "")).items():
            totals[line] += len(tokens(body))
    whole = sum(totals.values())
    return {line: n / whole for line, n in totals.items()}


def bench_replies(facts: Facts, drafts: dict[str, Any], sizes: dict[str, int],
                  shares: dict[str, float]) -> dict[str, str]:
    """Fake replies: section 一 split over its sub-heads by the corpus shares, 五 and 六 whole, of the given sizes."""
    from chains.offline import compose_one

    one = _by_subhead(compose_one(validated(facts)))
    replies = {line: _reply(one[line], round(sizes["一"] * shares[line])) for line in shares}
    replies.update({num: _reply(drafts[num].text, sizes[num]) for num in ("五", "六")})
    return replies


def _responder(replies: dict[str, str]) -> Callable[[dict], Any]:
    from fake_openai import Reply

    def answer(body: dict) -> Optional[Any]:
        user = str(next(m["content"] for m in body["messages"] if m["role"] == "user"))
        line = next((s.line for s in SUBHEADS if f"小标题“{s.line}”" in user), None)
        num = line or next((n for n in ("五", "六") if f"“{fmt.SECTION_BY_NUM[n].heading}”" in user), None)
        return Reply(text=replies[num]) if num else None

    return answer


def _measure(server: Any, llm: Any, facts: Facts) -> dict[str, Any]:
    """One run: each section drafted alone, one after the other, then the full report (same server, same speed)."""
    alone = {}
    for num in fmt.NARRATIVE_SECTIONS:
        started = time.perf_counter()
        draft_section(num, facts, llm=llm)
        alone[num] = time.perf_counter() - started
    server.max_in_flight = 0
    started = time.perf_counter()
    result = draft_report(facts, llm=llm)
    wall = time.perf_counter() - started
    return {"alone": alone, "sum": sum(alone.values()), "wall": wall, "result": result,
            "ratio": wall / sum(alone.values()), "in_flight": server.max_in_flight}


def bench_concurrent(facts: Facts, drafts: dict[str, Any], sizes: dict[str, int], label: str,
                     shares: dict[str, float], runs: int) -> None:
    """At 30 tokens/s: the full report's wall time vs the three sections drafted one after the other (median run)."""
    from fake_openai import FakeOpenAI, tokens

    replies = bench_replies(facts, drafts, sizes, shares)
    with FakeOpenAI(token_delay=1 / TOKENS_PER_SECOND) as server:
        server.responder = _responder(replies)
        settings = Settings(OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY="sk-bench", NIANBAO_MODEL="fake-model",
                            NIANBAO_TIMEOUT=30)
        llm = get_chat_model(settings)
        llm.invoke("预热")  # the first request pays the client's lazy imports; measure the steady state
        measured = sorted((_measure(server, llm, facts) for _ in range(runs)), key=lambda m: m["ratio"])
    run = measured[len(measured) // 2]
    n_tokens = {num: sum(len(tokens(replies[s.line])) for s in SUBHEADS) if num == "一" else len(tokens(replies[num]))
                for num in fmt.NARRATIVE_SECTIONS}
    print(f"模型起草全文，{label}（假服务器 {TOKENS_PER_SECOND} 词元/秒，全文并发 {run['in_flight']} 路，"
          f"{runs} 轮取中位）：")
    for num, seconds in run["alone"].items():
        d = run["result"][num]
        split = "（五个小标题 " + "/".join(str(len(tokens(replies[s.line]))) for s in SUBHEADS) + "，同时起草）" \
            if num == "一" else ""
        print(f"  第{num}部分：{n_tokens[num]} 个词元{split}；单独起草 {seconds:.2f} s，全文中 {d.elapsed:.2f} s，"
              f"重问 {'是' if d.reasked else '否'}，标记 {len(d.flags)} 处{'，出错' if d.error else ''}")
    slowest, ratios = max(run["alone"].values()), "、".join(f"{m['ratio']:.2f}" for m in measured)
    print(f"  全文用时 {run['wall']:.2f} s；三部分依次单独起草用时之和 {run['sum']:.2f} s；比值 {run['ratio']:.2f}"
          f"（各轮 {ratios}）——目标 ≤ 0.5：{'达到' if run['ratio'] <= 0.5 else '未达到'}；"
          f"全文/最慢一部分 {run['wall'] / slowest:.2f}")
    print(f"  参考（计算值）：全部 {sum(n_tokens.values())} 个词元逐个生成需 {sum(n_tokens.values()) / TOKENS_PER_SECOND:.1f} s；"
          f"第一部分若整段一次生成需 {n_tokens['一'] / TOKENS_PER_SECOND:.1f} s")


def main() -> int:
    """Print the drafting figures."""
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(NIANBAO_DATA_DIR=data)
        facts, previous = bench_inputs()
        bench_defects(previous)
        index, note = build_index(settings)
        print(note)
        drafts = bench_offline(facts, index, previous)
        bench_guard(facts, drafts)
        shares = corpus_shares()
        print("第一部分各小标题篇幅占比（内置语料）：" + "，".join(f"{k} {v:.0%}" for k, v in shares.items()))
        bench_concurrent(facts, drafts, {"一": 400, "五": 180, "六": 60}, "常见篇幅（一约400、五约180、六约60词元）",
                         shares, runs=3)
        bench_concurrent(facts, drafts, {n: 150 for n in fmt.NARRATIVE_SECTIONS}, "三部分等长（各约150词元）", shares,
                         runs=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
