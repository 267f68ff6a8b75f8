"""The 批量检查 page driven by AppTest: upload reports and a zip, checks with Chinese reasons for refused files, the
summary table, a click opening one report beside its tables (cited cells highlighted), the .xlsx download."""
from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from check_helpers import SCJGJ, corpus_text, planted_pair
from report.findings import Finding
from settings import BUNDLED_CORPUS_DIR, PROJECT_ROOT, get_settings
from ui import batch
from ui.grid import T3_GRID

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(autouse=True)
def _bundled_corpus(monkeypatch):
    """The bundled past reports as the corpus (last year's reports for pairing)."""
    monkeypatch.setenv("NIANBAO_CORPUS_DIR", str(BUNDLED_CORPUS_DIR))
    get_settings.cache_clear()


def errors(at: AppTest) -> list[str]:
    """The error boxes' texts without the app's Markdown escapes."""
    return [re.sub(r"\\(.)", r"\1", str(e.value)) for e in at.error]


def ok(at: AppTest) -> AppTest:
    """Assert the run raised nothing; return the app."""
    assert not at.exception, [e.value for e in at.exception]
    return at


def batch_page() -> AppTest:
    """A fresh session on the 批量检查 page."""
    at = ok(AppTest.from_file(APP, default_timeout=60).run())
    return ok(at.switch_page(batch.PAGE).run())


def upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    """Upload files and press 开始检查."""
    at.file_uploader(key="batch_up_0").set_value([(name, data, "text/plain") for name, data in files])
    at = ok(at.run())
    return ok(at.button(key="batch_run").click().run())


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_drafting_stays_the_first_page_and_the_batch_page_has_its_own():
    at = ok(AppTest.from_file(APP, default_timeout=60).run())
    assert [t.value for t in at.title] == ["年报助手"]  # the welcome page of drafting, as before
    at = ok(at.switch_page(batch.PAGE).run())
    assert [t.value for t in at.title] == ["批量检查"] and at.file_uploader(key="batch_up_0")


def test_upload_check_table_click_and_download():
    o1, _ = planted_pair("O1")
    zipped = _zip({"县政府/qingxi-gov-2024.txt": corpus_text("qingxi-gov", 2024).encode(), "../逃逸.txt": b"x"})
    at = upload(batch_page(), [("市场监管局.txt", corpus_text(SCJGJ, 2024).encode()), ("planted.txt", o1.data),
                               ("县政府.zip", zipped), ("坏文件.docx", b"not a zip")])
    shown = errors(at)
    assert any("坏文件.docx" in e and "不是有效的" in e for e in shown)
    assert any("逃逸.txt" in e and "不安全" in e for e in shown)
    (table,) = [d for d in at.dataframe if d.key == batch.TABLE_KEY]
    frame = table.value
    assert list(frame["文件"]) == ["planted.txt", "县政府.zip/县政府/qingxi-gov-2024.txt", "市场监管局.txt"]
    assert list(frame["结论"]) == ["有错误", "通过", "通过"]
    assert frame["上年报告"].iloc[2].endswith("qingxi-scjgj-2023.txt")  # paired with the corpus
    assert [b.label for b in at.get("download_button")] == ["下载检查结果（.xlsx）"]
    wb = load_workbook(io.BytesIO(at.session_state[batch.RESULTS]["xlsx"]))
    assert [row[0] for row in wb["汇总"].iter_rows(min_row=2, values_only=True)] == list(frame["文件"])
    assert not at.file_uploader(key="batch_up_1").value  # a fresh, empty uploader after the check

    at.session_state[batch.TABLE_KEY] = {"selection": {"rows": [0], "columns": [], "cells": []}}  # a click
    at = ok(at.run())
    assert [s.value for s in at.subheader] == ["青溪县市场监督管理局 2024"]
    assert any("（O1）" in e for e in errors(at))
    frames = [d.value for d in at.dataframe if d.key != batch.TABLE_KEY]
    assert len(frames) == 4 + 1 + 1 + 1  # Table 二's four blocks, 三, 四, and last year against this year
    t3 = next(f for f in frames if "自然人" in f.columns)
    assert t3.iloc[0]["总计"] == "13" and list(t3["项目"])[-1] == "四、结转下年度继续办理"
    compare = frames[-1]
    assert list(compare.columns) == ["单元格", "上年", "本年", "变化"]
    assert "表三 第一行 总计" in set(compare["单元格"])  # 14 last year, 13 this year


def test_a_file_that_cannot_be_read_is_listed_with_its_reason_and_the_rest_go_on():
    at = upload(batch_page(), [("空白.txt", b""), ("二进制.txt", b"\x00\x01\x02binary"),
                               ("目录.txt", "各单位报告目录\n".encode()), ("报告.txt", corpus_text(SCJGJ, 2023).encode())])
    shown = errors(at)
    assert any("空白.txt" in e and "是空的" in e for e in shown)  # refused by the upload check
    assert any("二进制.txt" in e and "不是文本文件" in e for e in shown)
    frame = next(d for d in at.dataframe if d.key == batch.TABLE_KEY).value
    verdicts = dict(zip(frame["文件"], frame["结论"]))
    assert verdicts == {"目录.txt": "无法读取", "报告.txt": "通过"}  # the parser's reason, kept in the table
    at.session_state[batch.TABLE_KEY] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    assert any("内容不像政府信息公开工作年度报告" in e for e in errors(ok(at.run())))


def test_zip_larger_than_the_upload_limit_is_refused(monkeypatch):
    monkeypatch.setattr(batch, "MAX_ZIP_BYTES", 100)
    at = upload(batch_page(), [("大.zip", _zip({"a.txt": corpus_text(SCJGJ, 2024).encode()}))])
    assert any("大.zip" in e and "太大" in e for e in errors(at))
    assert not [d for d in at.dataframe if d.key == batch.TABLE_KEY]


def test_cited_cells_are_highlighted_error_over_warning():
    err = Finding(key="S2", severity="error", cells=["t3.r3.c7"], message="x")
    warn = Finding(key="P1", severity="warning", cells=["t3.r3.c7", "t3.r2.c1"], message="y")
    marks = batch._marks([err, warn])
    assert marks == {"t3.r3.c7": batch.ERROR_STYLE, "t3.r2.c1": batch.WARNING_STYLE}
    frame = pd.DataFrame({"分类": [""] * 25, "项目": [""] * 25, **{label: [""] * 25 for _, label in T3_GRID.columns}})
    styles = batch._highlighted(T3_GRID, frame, marks).data  # the frame itself is unchanged
    ctx = batch._highlighted(T3_GRID, frame, marks)._compute().ctx
    assert styles.equals(frame)
    assert ctx[(2, 2 + 6)] == [("background-color", "#f8d7da"), ("color", "#842029")]  # r3, 总计
    assert ctx[(1, 2)] == [("background-color", "#fff3cd"), ("color", "#664d03")]  # r2, 自然人


def test_a_worker_process_importing_the_app_does_not_run_it(monkeypatch):
    """Streamlit installs app.py as __main__; a spawned batch-check worker re-imports it as __mp_main__."""
    import runpy

    import ui.page

    calls = []
    monkeypatch.setattr(ui.page, "run", lambda: calls.append(1))
    runpy.run_path(APP, run_name="__mp_main__")
    assert calls == []
    runpy.run_path(APP, run_name="__main__")
    assert calls == [1]
