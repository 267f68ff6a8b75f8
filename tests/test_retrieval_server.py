"""The Chroma server path: `chroma run` on 127.0.0.1 started by the test, reached through CHROMA_HOST/CHROMA_PORT."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import WATCHDOG, stop_process

from settings import BUNDLED_CORPUS_DIR, get_settings

pytestmark = pytest.mark.server
CHROMA = Path(sys.executable).parent / "chroma"
STARTUP_SECONDS = WATCHDOG


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_heartbeat(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            output = proc.stdout.read() if proc.stdout else ""
            raise AssertionError(f"chroma run 退出（代码 {proc.returncode}）：{output}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"chroma run 在 {STARTUP_SECONDS} 秒内没有响应")


@pytest.fixture
def chroma_server(tmp_path):
    if not CHROMA.exists():
        pytest.skip(f"找不到 chroma 命令（{CHROMA}），它随 chromadb 包安装在 .venv/bin 中")
    port = _free_port()
    proc = subprocess.Popen([str(CHROMA), "run", "--host", "127.0.0.1", "--port", str(port),
                             "--path", str(tmp_path / "server")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for_heartbeat(port, proc)
        yield port
    finally:
        stop_process(proc)


def test_ingest_and_search_through_a_chroma_server(chroma_server, monkeypatch, tmp_path):
    from chains.retrieval import CorpusIndex, get_index

    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("qingxi-scjgj-2023.txt", "qingxi-scjgj-2024.txt", "taoyuan-zhen-2024.txt"):
        shutil.copy(BUNDLED_CORPUS_DIR / name, folder / name)
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(chroma_server))
    monkeypatch.setenv("NIANBAO_CORPUS_DIR", str(folder))
    get_settings.cache_clear()
    index = get_index()
    assert type(index._client).__name__ != "PersistentClient"
    assert not (tmp_path / "data" / "retrieval" / "chroma").exists()  # nothing stored locally

    stats = index.ingest()
    assert stats.added == 3 and stats.chunks > 20
    hits = index.search("信息处理费收了没有", k=3)
    assert [p.section for p in hits] == ["六"] * 3
    assert index.previous_report("青溪县市场监管局", 2024).year == 2023

    # A second client (e.g. another machine of the province) sees the same chunks on the server.
    other = CorpusIndex(get_settings().model_copy(update={"data_dir": tmp_path / "other"}))
    assert other.stats()["chunks"] == stats.total_chunks
    assert other.search("存在的主要问题", section="五", k=2)[0].section == "五"
    assert index.ingest().skipped == 3
