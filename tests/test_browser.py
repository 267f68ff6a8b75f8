"""One real-browser run: streamlit on 127.0.0.1, Chromium creates a draft (opening on the chat input), fills a cell,
drafts offline (the text stays in the chat), accepts, undoes and accepts again, sees a rewrite side by side and a small
change word by word, downloads the .docx and opens it with python-docx; screenshots are saved in the test's folder."""
from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import WATCHDOG, stop_process

from settings import PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.server]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AGENCY = "浏览器测试县档案局"
TIMEOUT_MS = WATCHDOG * 1000


def _require_browser() -> None:
    """Skip (or, under CI, fail) when Chromium or Playwright is missing."""
    in_ci = os.environ.get("CI") == "true"
    problems = []
    if not CHROMIUM.exists():
        problems.append(f"未找到 Chromium（{CHROMIUM}）")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("未安装 Python 包 playwright")
    if problems:
        reason = "；".join(problems) + "。请运行 `CI=true bash scripts/browser-deps.sh`（安装 chromium 和 fonts-noto-cjk）后再试。"
        if in_ci:
            pytest.fail("CI 中真实浏览器测试不能跳过：" + reason)
        pytest.skip("跳过真实浏览器测试：" + reason)


def _free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, seconds: float = WATCHDOG) -> None:
    """Wait until streamlit answers its health check."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit 已退出（返回码 {proc.returncode}）")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit 未在规定时间内启动")


@pytest.fixture
def server(tmp_path):
    """`streamlit run app.py` on a free port of 127.0.0.1 with a temporary data folder."""
    port = _free_port()
    env = {**os.environ, "NIANBAO_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    log = open(tmp_path / "streamlit.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                             "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--browser.gatherUsageStats", "false"],
                            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url, tmp_path
    finally:
        stop_process(proc)
        log.close()


def _facts_row(db: Path) -> dict:
    """The stored facts of draft 1."""
    import json
    con = sqlite3.connect(db)
    try:
        return json.loads(con.execute("SELECT facts FROM drafts WHERE id=1").fetchone()[0])
    finally:
        con.close()


def _wait_for(check, seconds: float = WATCHDOG) -> None:
    """Poll a condition until it holds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (sqlite3.Error, TypeError):
            pass
        time.sleep(0.3)
    raise AssertionError("条件在规定时间内未满足")


@contextmanager
def chromium_page():
    """A headless Chromium page (1500×1000, downloads accepted), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield page
        finally:
            browser.close()


def _idle(page) -> None:
    """Wait until the app is not running a script (no running indicator) and has settled."""
    page.wait_for_timeout(500)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden")


FIVE_NOW = "本机关政策解读形式较为单一，公开内容的针对性还不够强。下一步将丰富解读形式，提高公开质量。"


def _suggest(db: Path, section: str, current: str | None, text: str) -> None:
    """Put a pending suggestion (and, when given, a current text) for a section of draft 1 straight into the store."""
    from report.store import DraftStore
    store = DraftStore(db)
    rev = store.revision(1)
    if current is not None:
        rev = store.add_version(1, section, current, "edited", rev)
    store.add_suggestion(1, section, text, rev, base_text=current or "", model="离线起草")


def test_create_fill_draft_download_docx(server):
    _require_browser()
    from playwright.sync_api import expect

    url, tmp = server
    db = tmp / "data" / "drafts.sqlite3"
    with chromium_page() as page:
        page.goto(url)
        main = page.get_by_test_id("stMain")
        main.get_by_label("机关全称").fill(AGENCY)
        main.get_by_role("button", name="新建草稿").click()
        expect(page.get_by_role("heading", name=f"{AGENCY}")).to_be_visible(timeout=TIMEOUT_MS)
        # a new draft opens on giving facts: the chat input in view without scrolling, the first primary button
        _idle(page)
        expect(page.get_by_test_id("stChatInputTextArea")).to_be_in_viewport()
        primary = page.get_by_test_id("stMain").locator("[data-testid='stBaseButton-primary']")
        expect(primary.first).to_have_text("在表格中填写数据")
        page.screenshot(path=str(tmp / "new-draft.png"))

        # fill one cell of Table 四 (复议·结果维持) by keyboard in the grid
        page.get_by_role("tab", name="数据表格").click()
        grid = page.locator("[class*='st-key-ed_t4_']").get_by_test_id("stDataFrame")
        grid.scroll_into_view_if_needed()
        expect(grid).to_be_visible(timeout=TIMEOUT_MS)
        box = grid.bounding_box()
        _idle(page)
        page.mouse.click(box["x"] + 40, box["y"] + 52)  # first data row, first (label) column
        page.wait_for_timeout(300)
        page.keyboard.press("ArrowRight")  # to 行政复议·结果维持
        page.keyboard.type("3")
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        try:
            _wait_for(lambda: _facts_row(db)["t4"][0] == 3)
        except AssertionError:
            page.screenshot(path=str(tmp / "cell-failed.png"), full_page=True)
            raise

        # a negative number typed into the same cell: a Chinese error naming the cell; the 3 stays
        _idle(page)
        page.mouse.click(box["x"] + 40, box["y"] + 52)
        page.wait_for_timeout(300)
        page.keyboard.press("ArrowRight")
        page.keyboard.type("-")
        page.wait_for_timeout(300)
        page.keyboard.type("2", delay=80)
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        expect(page.get_by_text("表四 行政复议结果维持：填写的“-2”不能为负数")).to_be_visible(timeout=TIMEOUT_MS)
        assert _facts_row(db)["t4"][0] == 3

        # draft offline and accept the suggestion
        page.get_by_role("tab", name="对话起草").click()
        chat = page.get_by_test_id("stChatInputTextArea")
        chat.fill("起草总体情况")
        chat.press("Enter")
        expect(page.get_by_text("已起草一、总体情况的建议稿")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text("（一）主动公开").first).to_be_visible()  # the drafted text stays in the chat
        page.get_by_role("tab", name="审阅").click()
        page.get_by_role("button", name="采纳").first.click()
        expect(page.get_by_text("已采纳第一部分的建议稿")).to_be_visible(timeout=TIMEOUT_MS)
        # undo next to the section takes the accept back: the suggestion is there to review again
        page.get_by_role("button", name="撤销").first.click()
        expect(page.get_by_text("已撤销第一部分的上一步（采纳建议），建议稿重新等待审阅。")).to_be_visible(timeout=TIMEOUT_MS)
        _idle(page)
        page.screenshot(path=str(tmp / "undone.png"))
        page.get_by_role("button", name="采纳").first.click()
        expect(page.get_by_text("已采纳第一部分的建议稿")).to_be_visible(timeout=TIMEOUT_MS)

        # suggestions as a reviewer reads them: a rewrite side by side, a small change word by word
        _suggest(db, "一", None, "本局全面推进政务公开标准化建设，政务公开专区全年接待查询群众逾百人次。")
        _suggest(db, "五", FIVE_NOW, FIVE_NOW.replace("形式较为单一", "形式较为单一，图解、视频解读较少"))
        page.reload()
        _idle(page)
        page.get_by_role("tab", name="审阅").click()
        expect(page.get_by_text("建议稿改写了大部分内容，左右对照：")).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_text("与现稿逐词对比：绿底粗体为新增，红色删除线为删去。")).to_be_visible()
        expect(page.get_by_text("，图解、视频解读较少", exact=True)).to_be_visible()  # one inserted phrase, whole
        _idle(page)
        page.screenshot(path=str(tmp / "compare.png"), full_page=True)
        page.get_by_text("与现稿逐词对比：绿底粗体为新增，红色删除线为删去。").scroll_into_view_if_needed()
        page.screenshot(path=str(tmp / "word-diff.png"))

        # download the Word file
        page.get_by_role("tab", name="导出").click()
        with page.expect_download() as info:
            page.get_by_role("button", name="下载 Word（.docx）").click()
        download = info.value
        assert download.suggested_filename == f"{AGENCY}2025年政府信息公开工作年度报告.docx" or \
            download.suggested_filename.endswith("年政府信息公开工作年度报告.docx")
        target = tmp / download.suggested_filename
        download.save_as(target)
        page.screenshot(path=str(tmp / "app.png"), full_page=True)

    from docx import Document
    doc = Document(str(target))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert AGENCY in text and "一、总体情况" in text
    assert (tmp / "app.png").stat().st_size > 10_000


def test_batch_check_upload_two_files_see_the_table_open_one_download_xlsx(server):
    _require_browser()
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    from check_helpers import planted_pair
    from settings import BUNDLED_CORPUS_DIR

    url, tmp = server
    planted = tmp / "市场监管局-O1.txt"
    planted.write_bytes(planted_pair("O1")[0].data)  # 结转下年度 one too many: an O1 error
    excerpt = tmp / "摘录.txt"  # the first two sections only: read in part, never 通过
    whole = (BUNDLED_CORPUS_DIR / "yunling-sthjj-2024.txt").read_text(encoding="utf-8")
    excerpt.write_text(whole[:whole.index("\n三、收到和处理政府信息公开申请情况")], encoding="utf-8")
    reports = [planted, BUNDLED_CORPUS_DIR / "taoyuan-zhen-2024.txt", excerpt]
    with chromium_page() as page:
        page.goto(url)
        page.get_by_role("link", name="批量检查").click()
        expect(page.get_by_role("heading", name="批量检查")).to_be_visible(timeout=TIMEOUT_MS)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(p) for p in reports])
        page.get_by_role("button", name="开始检查（3 个文件）").click()
        expect(page.get_by_text("共 3 个文件，检查报告 3 份：1 份有错误，1 份需人工核对（未读全），0 份仅有提醒，1 份通过")
               ).to_be_visible(timeout=TIMEOUT_MS)
        table = page.locator(".st-key-batch_table").get_by_test_id("stDataFrame")
        expect(table).to_be_visible(timeout=TIMEOUT_MS)
        _idle(page)
        box = table.bounding_box()
        page.mouse.click(box["x"] + 12, box["y"] + 52)  # the first row's selection marker: the worst report
        try:
            expect(page.get_by_text("结论：有错误。表格读出 100%；2021年格式")).to_be_visible(timeout=TIMEOUT_MS)
            expect(page.get_by_text("错误（O1）").first).to_be_visible(timeout=TIMEOUT_MS)
            expect(page.get_by_text("O1 表三各列：第一项加第二项之和等于第三项加第四项之和（2 个）")).to_be_visible()
            expect(page.get_by_text("与上年报告对照", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
        except AssertionError:
            page.screenshot(path=str(tmp / "batch-click-failed.png"), full_page=True)
            raise
        with page.expect_download() as info:
            page.get_by_role("button", name="下载检查结果（.xlsx）").click()
        target = tmp / info.value.suggested_filename
        info.value.save_as(target)
        page.screenshot(path=str(tmp / "batch.png"), full_page=True)
    assert target.name == "检查结果.xlsx"
    rows = list(load_workbook(target)["汇总"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == sorted(p.name for p in reports)


@pytest.mark.parametrize("width, height", [(1280, 720), (1440, 900)])
def test_table_three_editor_is_readable_at_common_screen_sizes(server, width, height):
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    url, tmp = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_default_timeout(TIMEOUT_MS)
        try:
            page.goto(url)
            main = page.get_by_test_id("stMain")
            main.get_by_label("机关全称").fill(AGENCY)
            main.get_by_role("button", name="新建草稿").click()
            expect(page.get_by_role("heading", name=f"{AGENCY}")).to_be_visible(timeout=TIMEOUT_MS)
            chat = page.get_by_test_id("stChatInputTextArea")
            chat.fill("今年收到申请10件")
            chat.press("Enter")
            page.get_by_role("button", name="确认写入").click()
            expect(page.get_by_text("已确认").first).to_be_visible(timeout=TIMEOUT_MS)
            page.get_by_role("tab", name="数据表格").click()
            grid = page.locator("[class*='st-key-ed_t3_']").get_by_test_id("stDataFrame")
            grid.scroll_into_view_if_needed()
            expect(grid).to_be_visible(timeout=TIMEOUT_MS)
            _idle(page)
            # every column (其他, 总计, 提示) in view: the grid does not scroll sideways
            scroller = grid.locator(".dvn-scroller").first
            overflow = scroller.evaluate("e => e.scrollWidth - e.clientWidth")
            box = grid.bounding_box()
            # the to-do sits next to the table (above it), not far below
            todo = page.get_by_text("待办（S2）").first
            expect(todo).to_be_visible(timeout=TIMEOUT_MS)
            gap = box["y"] - todo.bounding_box()["y"]
            # the cell itself is marked in the check view (yellow: the to-do; red: a finding)
            view = page.locator(".st-key-checkview_t3").get_by_test_id("stDataFrame")
            view.scroll_into_view_if_needed()
            expect(view).to_be_visible(timeout=TIMEOUT_MS)
            _idle(page)
            page.get_by_text("核对视图").first.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(500)
            page.screenshot(path=str(tmp / f"t3-check-{width}x{height}.png"))
            page.get_by_text("校验结果").nth(1).evaluate("e => e.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(300)
            page.screenshot(path=str(tmp / f"t3-{width}x{height}.png"))
        finally:
            browser.close()
    assert overflow <= 1, f"表三在 {width}×{height} 下需要横向滚动 {overflow} px"
    assert box["x"] + box["width"] <= width
    assert 0 < gap < 300
    from PIL import Image
    colours = Image.open(tmp / f"t3-check-{width}x{height}.png").convert("RGB").getcolors(1 << 20)
    assert any(n > 200 and rgb == (0xff, 0xf0, 0xb3) for n, rgb in colours)  # the to-do cell, filled
    assert any(n > 200 and rgb == (0xff, 0xd6, 0xd6) for n, rgb in colours)  # the O1 cells, filled
