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
    (table,) = [d for d in at.dataframe if d.key == batch.TABLE_KEY]
    frame = table.value
    assert list(frame["文件"]) == ["planted.txt", "县政府.zip/../逃逸.txt", "坏文件.docx",  # refused files are rows too
                                   "县政府.zip/县政府/qingxi-gov-2024.txt", "市场监管局.txt"]
    assert list(frame["结论"]) == ["有错误", "无法读取", "无法读取", "通过", "通过"]
    assert "None" not in frame.astype(str).to_numpy() and list(frame["年度"])[1:3] == ["", ""]
    assert [i.value for i in at.info][0].startswith("共 5 个文件，检查报告 3 份：1 份有错误")
    assert frame["上年报告"].iloc[4] == "语料库/qingxi-scjgj-2023.txt"  # paired with the corpus, no server path
    assert [b.label for b in at.get("download_button")] == ["下载检查结果（.xlsx）"]
    wb = load_workbook(io.BytesIO(at.session_state[batch.RESULTS]["xlsx"]))
    assert [row[0] for row in wb["汇总"].iter_rows(min_row=2, values_only=True)] == list(frame["文件"])
    assert not at.file_uploader(key="batch_up_1").value  # a fresh, empty uploader after the check

    at.session_state[batch.TABLE_KEY] = {"selection": {"rows": [0], "columns": [], "cells": []}}  # a click
    at = ok(at.run())
    assert [s.value for s in at.subheader] == ["青溪县市场监督管理局 2024"]
    assert errors(at)[0] == "结论：有错误。表格读出 100%；2021年格式"  # the verdict, reading and format first
    assert any("（O1）" in e for e in errors(at))
    groups = [e.label for e in at.expander][:2]  # by rule with counts, text against tables first
    assert groups[0].startswith("P3 ") and groups[0].endswith("（1 个）") and groups[1].endswith("（2 个）")
    frames = [d.value for d in at.dataframe if d.key != batch.TABLE_KEY]
    assert len(frames) == 4 + 1 + 1 + 1  # Table 二's four blocks, 三, 四, and last year against this year
    t3 = next(f for f in frames if "自然人" in f.columns)
    assert t3.iloc[0]["总计"] == "13" and list(t3["项目"])[-1] == "四、结转下年度继续办理"
    compare = frames[-1]
    assert list(compare.columns) == ["单元格", "上年", "本年", "变化"]
    assert "表三 第一行 总计" in set(compare["单元格"])  # 14 last year, 13 this year

    at.session_state[batch.TABLE_KEY] = {"selection": {"rows": [2], "columns": [], "cells": []}}  # 坏文件.docx
    shown = errors(ok(at.run()))
    assert shown[0].startswith("结论：无法读取。") and "不是有效的" in shown[0]


def test_a_file_that_cannot_be_read_is_listed_with_its_reason_and_the_rest_go_on():
    at = upload(batch_page(), [("空白.txt", b""), ("二进制.txt", b"\x00\x01\x02binary"),
                               ("目录.txt", "各单位报告目录\n".encode()), ("报告.txt", corpus_text(SCJGJ, 2023).encode())])
    frame = next(d for d in at.dataframe if d.key == batch.TABLE_KEY).value
    verdicts = dict(zip(frame["文件"], frame["结论"]))
    assert verdicts == {"空白.txt": "无法读取", "二进制.txt": "无法读取", "目录.txt": "不是年度报告", "报告.txt": "通过"}
    assert [i.value for i in at.info][0].startswith("共 4 个文件，检查报告 1 份")
    reasons = {}
    for row in range(len(frame)):
        at.session_state[batch.TABLE_KEY] = {"selection": {"rows": [row], "columns": [], "cells": []}}
        at = ok(at.run())
        reasons[frame["文件"][row]] = " ".join(errors(at) + [i.value for i in at.info])
    assert "是空的" in reasons["空白.txt"] and "不是文本文件" in reasons["二进制.txt"]  # each with its reason
    assert "内容不像政府信息公开工作年度报告" in reasons["目录.txt"]


def test_zip_larger_than_the_upload_limit_is_refused(monkeypatch):
    monkeypatch.setattr(batch, "MAX_ZIP_BYTES", 100)
    at = upload(batch_page(), [("大.zip", _zip({"a.txt": corpus_text(SCJGJ, 2024).encode()}))])
    frame = next(d for d in at.dataframe if d.key == batch.TABLE_KEY).value
    assert list(frame["文件"]) == ["大.zip"] and list(frame["结论"]) == ["无法读取"]
    at.session_state[batch.TABLE_KEY] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    assert any("太大" in e for e in errors(ok(at.run())))


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
