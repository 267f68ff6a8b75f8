"""Benchmark of the validator (median time per report, every rule) and of the .docx render of the same report."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from report import format as fmt  # noqa: E402
from report.facts import Facts, blank_facts, load_facts  # noqa: E402
from report.validator import validate  # noqa: E402

RUNS = 300
RENDER_RUNS = 15
VALIDATE_TARGET_MS, RENDER_TARGET_MS = 1.0, 150.0

# A county department's year: totals left blank as a user would, narrative written, last year's figures given.
_T3 = {"r1": [4, 1, 0, 0, 0, 0], "r2": [1, 0, 0, 0, 0, 0], "r3": [2, 1, 0, 0, 0, 0], "r4": [1, 0, 0, 0, 0, 0],
       "r13": [1, 0, 0, 0, 0, 0], "r25": [1, 0, 0, 0, 0, 0]}
_SECTIONS = {
    "一": "2022年，本局认真贯彻《中华人民共和国政府信息公开条例》，依照国办公开办函〔2021〕30号的要求编制本报告。\n"
          "（一）主动公开\n全年通过门户网站主动公开政府信息72条，微信公众号发布图文消息150条，开展政务公开培训18次。\n"
          "（二）依申请公开\n本年度共收到政府信息公开申请5件，上年结转1件，办结5件，结转下年度继续办理1件。"
          "其中，予以公开3件，部分公开1件，因本机关不掌握等原因无法提供1件。办理市长热线及领导信箱诉求件31件，按时回复率100%。\n"
          "（三）政府信息管理\n严格落实公开前保密审查，动态更新主动公开目录。\n"
          "（四）平台建设\n持续优化政府信息公开专栏，及时更新政策文件和解读材料。\n"
          "（五）监督保障\n被申请行政复议1件，未发生行政诉讼；将政务公开纳入年度考核。",
    "五": "部分业务信息公开不够及时，政策解读形式较为单一。下一步将建立公开事项清单，按月督办，丰富图解和视频解读。",
    "六": "本年度未收取信息处理费。本局无其他需要报告的事项。",
}


def sample_facts() -> Facts:
    """The benchmark report: example-sized tables with blank totals, sections and last year's figures."""
    facts = blank_facts("示例县文化和旅游局", 2022)
    for row, cells in _T3.items():
        facts.t3[row][:fmt.T3_TOTAL_COL - 1] = cells
    facts.t4[0] = 1
    data = facts.model_dump()
    data["t2"].update(normative_docs={"made": 1, "repealed": 0, "valid": 4}, licensing=36, penalty=7)
    data.update(sections=_SECTIONS, previous={"t2": {"normative_docs": {"valid": 3}},
                                              "t3": {"r25": [1, 0, 0, 0, 0, 0, 1]}})
    return Facts.model_validate(data)


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    """Median milliseconds of fn over runs, after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _line(what: str, ms: float, target: float) -> str:
    verdict = "达标" if ms <= target else "未达标"
    return f"{what}：中位数 {ms:.3f} ms（目标 ≤ {target:g} ms，{verdict}）"


def main(argv: list[str]) -> int:
    """Print the median validate and .docx render times; an optional FACTS.json is timed as well."""
    reports = {"内置示例（表格合计留空，无正文）": sample_facts().model_copy(update={"sections": None, "previous": None}),
               "内置示例（含正文与上年数据，全部规则）": sample_facts()}
    for path in argv:
        reports[f"文件 {path}"] = load_facts(path)
    for name, facts in reports.items():
        v = validate(facts)
        print(_line(f"校验一份报告 · {name}", median_ms(lambda: validate(facts), RUNS), VALIDATE_TARGET_MS))
        print(f"  补齐合计 {len(v.filled)} 个，错误 {len(v.errors)} 个，提醒 {len(v.warnings)} 个")
    try:
        from report.export import render
    except ImportError:
        print("生成 .docx：导出模块尚不可用，暂无数据")
        return 0
    filled = validate(sample_facts()).facts
    size = len(render(filled, "docx"))
    print(_line(f"生成 .docx（{size // 1024} KB）", median_ms(lambda: render(filled, "docx"), RENDER_RUNS),
                RENDER_TARGET_MS))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
