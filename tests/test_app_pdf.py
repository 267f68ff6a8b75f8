"""The app with PDFs: upload (bad ones refused), pre-fill, and 需核对 marks on scanned figures until confirmed."""
from __future__ import annotations

import pytest

from report import format as fmt
from report.store import OCR_CHECK
from test_app import _empty_corpus, editor, goto, new_draft, ok, plain, start, store, texts  # noqa: F401

pytest.importorskip("reportlab", reason="reportlab 未安装（pip install -e '.[test]'）")

from test_pdf_integration import _ocr_last_year, qingxi_pdf  # noqa: E402
from test_parser_pdf_errors import encrypted_pdf  # noqa: E402

QINGXI = "青溪县市场监督管理局"


def test_upload_pdf_report_then_prefill_and_bad_pdf_is_refused():
    at = new_draft(start(), agency=QINGXI, year=2025)
    draft_id = int(at.query_params["draft"])
    at = goto(at, "数据表格")
    data, parsed = qingxi_pdf()
    up = next(u for u in at.file_uploader if u.key.startswith("corpus_up_"))
    up.set_value([("上年报告.pdf", data, "application/pdf"), ("加密.pdf", encrypted_pdf(), "application/pdf"),
                  ("假的.pdf", b"not a pdf at all", "application/pdf")])
    at = ok(at.run())
    at = ok(at.button(key="corpus_add").click().run())
    assert any("新增 1 份" in plain(s.value) for s in at.success), [plain(s.value) for s in at.success]
    errors = [plain(e.value) for e in at.error]
    assert any("加密.pdf" in e and "已加密" in e for e in errors) and any("假的.pdf" in e for e in errors), errors
    assert any("完成：1/3" in plain(i.value) for i in at.info)
    from settings import get_settings
    uploads = get_settings().data_dir / "uploads"
    assert sorted(p.name for p in uploads.iterdir()) == ["上年报告.pdf"]  # the refused files left nothing behind
    at = ok(at.button(key="prefill").click().run())
    facts = store().get_draft(draft_id).facts
    assert facts.t3["r2"][:6] == parsed.t3["r25"][:6]
    assert OCR_CHECK not in store().get_draft(draft_id).options  # a text PDF: nothing to check


def test_ocr_prefilled_cells_are_marked_until_confirmed(monkeypatch):
    from ui import adapters

    prev = _ocr_last_year()
    monkeypatch.setattr(adapters, "previous_report", lambda *a, **k: prev)
    at = new_draft(start(), agency=QINGXI, year=2025)
    draft_id = int(at.query_params["draft"])
    at = goto(at, "数据表格")
    at = ok(at.button(key="prefill").click().run())
    assert "扫描件的文字识别" in texts(at)
    marks = editor(at, "t3").value["提示"].tolist()
    assert marks[1].startswith("有问题：") or marks[1].startswith("需核对：")  # r2: a finding, else 需核对
    assert editor(at, "t2_0").value["提示"].tolist() == ["需核对：现行有效件数"] * 2
    assert any("扫描件第 3 页文字识别，需核对原件" in v for v in store().get_draft(draft_id).provenance.values())
    at = ok(start({"draft": str(draft_id)}))  # a reload keeps the marks
    at = goto(at, "数据表格")
    assert editor(at, "t2_0").value["提示"].tolist() == ["需核对：现行有效件数"] * 2
    at = ok(at.button(key="ocr_confirm").click().run())
    assert store().get_draft(draft_id).options[OCR_CHECK] == []
    assert editor(at, "t2_0").value["提示"].tolist() == ["上年预填", "上年预填"]
    assert not any(k.startswith("ocr_confirm") for k in (b.key for b in at.button))
    assert fmt.t3_key("r2", 1) in store().get_draft(draft_id).provenance
