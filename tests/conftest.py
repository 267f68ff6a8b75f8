"""Shared test setup: every test gets its own data folder and no model endpoint unless it sets one."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
REPORTS = SHARED / "reports"
EXAMPLE_FACTS = SHARED / "examples" / "facts-2022.json"
WATCHDOG = 120  # seconds: waits in tests only catch a true hang; speed is measured in bench/, never asserted
_MODEL_VARS = ("OPENAI_BASE_URL", "OPENAI_API_KEY", "NIANBAO_MODEL", "OPENAI_MODEL", "NIANBAO_EMBEDDING_MODEL",
               "CHROMA_HOST", "CHROMA_PORT", "NIANBAO_CORPUS_DIR", "NIANBAO_ALLOW_NETWORK")


@pytest.fixture(autouse=True, scope="session")
def _served_on_loopback():
    """AppTest pages run as the app does from scripts/app.sh: bound to 127.0.0.1 (the project's .streamlit/config.toml
    is not read from a test's temporary folder, and an unset address means every interface, which the app refuses)."""
    from streamlit import config

    config.set_option("server.address", "127.0.0.1")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, monkeypatch):
    """Point NIANBAO_DATA_DIR at a temporary folder and clear any model configuration."""
    from settings import get_settings

    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    for var in _MODEL_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env file is read
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def shared_file(path: Path) -> Path:
    """Return a ../shared test file, or skip the test cleanly when ../shared is absent."""
    if not path.exists():
        pytest.skip(f"测试数据不存在：{path}")
    return path


@pytest.fixture
def fake_openai(monkeypatch):
    """A fake OpenAI-compatible server on 127.0.0.1, with the settings pointing at it (see tests/fake_openai.py)."""
    from fake_openai import FakeOpenAI, configure_env

    with FakeOpenAI() as server:
        configure_env(monkeypatch, server)
        yield server


def wait_until(check, seconds: float = WATCHDOG, interval: float = 0.05) -> None:
    """Poll check() until it is true; fail only after the watchdog (a hang), never on a slow machine."""
    import time

    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{seconds} 秒内条件仍未满足（疑似卡住）")
        time.sleep(interval)


def stop_process(proc) -> None:
    """Terminate a server started by a test, killing it if it does not stop within 10 s."""
    import subprocess

    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
