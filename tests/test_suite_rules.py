"""Rules of the suite itself: no test times the clock, and ../shared is read only through shared_file (so it skips)."""
from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLOCK = re.compile(r"\b(?:time\.perf_counter|time\.time|perf_counter)\(\)")
SHARED_PATH = re.compile(r"\b(?:REPORTS|EXAMPLE_FACTS|SHARED|MANIFEST)\b(?:\s*/\s*[\w\"'.]+)?")


def _sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(TESTS.glob("*.py")) if p.name != Path(__file__).name}


def test_no_test_reads_the_clock_to_assert_a_speed():
    allowed = {"fake_openai.py"}  # the fake server stamps its replies with a creation time, as OpenAI does
    found = [f"{name}:{s[:m.start()].count(chr(10)) + 1}" for name, s in _sources().items() if name not in allowed
             for m in CLOCK.finditer(s)]
    assert found == [], "测速放在 bench/，测试里不读时钟：" + "、".join(found)


def test_every_read_of_shared_goes_through_shared_file():
    bad = []
    for name, source in _sources().items():
        for n, line in enumerate(source.splitlines(), start=1):
            if ".read_text(" in line or ".read_bytes(" in line or "open(" in line:
                if SHARED_PATH.search(line) and "shared_file(" not in line:
                    bad.append(f"{name}:{n}")
    assert bad == [], "读取 ../shared 的地方应经过 shared_file()（没有 ../shared 时跳过）：" + "、".join(bad)
