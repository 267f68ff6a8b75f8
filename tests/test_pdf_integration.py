"""PDF wherever a report is accepted: parse, check, ingest, uploads, pre-fill (OCR'd figures 需核对 until confirmed)."""
from __future__ import annotations

import json

import pytest

from cli import main as nianbao
from layout_variants import source_of
from report import format as fmt
from report.errors import ParseError
from report.parsed import OcrCell, ParsedReport
from report.parser import parse_bytes, parse_file
from report.store import OCR_CHECK, DraftStore, blank_facts, carry_over, ocr_to_check
from settings import BUNDLED_CORPUS_DIR, Settings

pytest.importorskip("reportlab", reason="reportlab 未安装（pip install -e '.[test]'）")

from pdf_fixtures import source_pdf  # noqa: E402
from test_parser_pdf_errors import encrypted_pdf  # noqa: E402

QINGXI_2024 = "qingxi-scjgj-2024.txt"


def qingxi_pdf() -> tuple[bytes, ParsedReport]:
    """A bundled past report printed as a PDF, and the report as read from its text file."""
    parsed = parse_file(BUNDLED_CORPUS_DIR / QINGXI_2024)
    return source_pdf(source_of(parsed)), parsed


def test_cli_parse_pdf_same_json_and_exit_codes(tmp_path, capsys):
    data, parsed = qingxi_pdf()
    path = tmp_path / "上年报告.pdf"
    path.write_bytes(data)
    assert nianbao(["parse", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["agency", "year", "format", "sections", "t2", "t3", "t4", "notes"]  # no "ocr" for text
    assert (out["agency"], out["year"], out["t3"], out["t4"]) == (parsed.agency, parsed.year, parsed.t3, parsed.t4)
    assert nianbao(["parse", str(path)]) == 0
    assert "文字识别" not in capsys.readouterr().out


def test_cli_parse_bad_pdf_exits_2_with_a_chinese_message(tmp_path, capsys):
    path = tmp_path / "加密.pdf"
    path.write_bytes(encrypted_pdf())
    assert nianbao(["parse", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert "已加密" in err and "加密.pdf" in err and "Traceback" not in err


def _settings(tmp_path, corpus) -> Settings:
    return Settings(_env_file=None, NIANBAO_DATA_DIR=str(tmp_path / "data"), NIANBAO_CORPUS_DIR=str(corpus))


def test_ingest_reads_pdf_and_skips_a_bad_one_with_a_chinese_reason(tmp_path):
    from chains.retrieval.index import CorpusIndex

    folder = tmp_path / "corpus"
    folder.mkdir()
    data, parsed = qingxi_pdf()
    (folder / "青溪县市场监督管理局2024.pdf").write_bytes(data)
    (folder / "损坏.pdf").write_bytes(data[:2000])
    idx = CorpusIndex(_settings(tmp_path, folder))
    stats = idx.ingest()
    assert stats.added == 1 and stats.chunks > 0
    assert len(stats.failed) == 1 and "损坏.pdf" in stats.failed[0] and "已损坏" in stats.failed[0]
    assert {p.source for p in idx.search("政府信息公开", k=20)} == {"青溪县市场监督管理局2024.pdf"}
    prev = idx.previous_report(parsed.agency, 2025)
    assert prev is not None and prev.t3 == parsed.t3


def test_upload_pdf_with_page_progress_and_a_bad_pdf_changes_nothing(tmp_path):
    from chains.retrieval.index import CorpusIndex

    idx = CorpusIndex(_settings(tmp_path, tmp_path / "none"))
    with pytest.raises(ParseError, match="已加密"):
        idx.add_file(encrypted_pdf(), "加密.pdf")
    assert idx.stats() == {"files": 0, "chunks": 0} and not (tmp_path / "data" / "uploads" / "加密.pdf").exists()
    data, _ = qingxi_pdf()
    pages: list[tuple[int, int]] = []
    stats = idx.add_file(data, "上年报告.pdf", progress=lambda done, total: pages.append((done, total)))
    assert stats.added == 1 and pages and pages[-1][0] == pages[-1][1] >= 2


def test_upload_already_parsed_is_not_parsed_again(tmp_path, monkeypatch):
    from chains.retrieval import index as index_module

    data, _ = qingxi_pdf()
    parsed = parse_bytes(data, "上年报告.pdf")
    monkeypatch.setattr(index_module, "_parse", lambda *a, **k: pytest.fail("parsed twice"))
    stats = index_module.CorpusIndex(_settings(tmp_path, tmp_path / "none")).add_file(data, "上年报告.pdf", parsed)
    assert stats.added == 1


def _ocr_last_year() -> ParsedReport:
    """Last year's report as if read off a scan: every figure of r25 and 现行有效件数 marked as OCR'd (page 3)."""
    parsed = parse_file(BUNDLED_CORPUS_DIR / QINGXI_2024)
    keys = [fmt.t3_key("r25", c) for c in range(1, 8)] + [f"t2.{r}.valid" for r in fmt.T2_DOC_ROWS]
    return parsed.model_copy(update={"ocr": {k: OcrCell(page=3, confidence=0.97, text="1") for k in keys}})


def test_carry_over_names_the_ocr_figures_and_lists_them_to_check():
    prev = _ocr_last_year()
    facts, provenance = carry_over(blank_facts(prev.agency, 2025), prev.t2, prev.t3, prev.t4, "上年报告",
                                   prev.ocr)
    to_check = ocr_to_check(provenance, prev.ocr)
    assert set(to_check) == {fmt.t3_key("r2", c) for c in range(1, 7)} | {f"t2.{r}.valid" for r in fmt.T2_DOC_ROWS}
    assert all("扫描件第 3 页文字识别，需核对原件" in provenance[k] for k in to_check)
    text_only = carry_over(blank_facts(prev.agency, 2025), prev.t2, prev.t3, prev.t4, "上年报告")[1]
    assert ocr_to_check(text_only, None) == [] and not any("需核对" in v for v in text_only.values())


def test_ocr_confirmation_is_kept_with_the_draft_across_a_restart(tmp_path):
    store = DraftStore.in_data_dir(tmp_path)
    prev = _ocr_last_year()
    facts, provenance = carry_over(blank_facts(prev.agency, 2025), prev.t2, prev.t3, prev.t4, "上年报告",
                                   prev.ocr)
    draft = store.create_draft(facts, options={OCR_CHECK: ocr_to_check(provenance, prev.ocr)}, provenance=provenance)
    first = ["t3.r2.c1", "t3.r2.c2"]
    store.confirm_ocr(draft.id, draft.revision, first)
    reopened = DraftStore.in_data_dir(tmp_path).get_draft(draft.id)
    assert not set(first) & set(reopened.options[OCR_CHECK]) and "t3.r2.c3" in reopened.options[OCR_CHECK]
    store.confirm_ocr(draft.id, reopened.revision, list(reopened.options[OCR_CHECK]))
    assert DraftStore.in_data_dir(tmp_path).get_draft(draft.id).options[OCR_CHECK] == []


def test_batch_check_reads_pdf_reports(tmp_path, capsys):
    folder = tmp_path / "各单位报告"
    folder.mkdir()
    data, parsed = qingxi_pdf()
    (folder / "青溪县市场监督管理局2024.pdf").write_bytes(data)
    out = tmp_path / "结果.json"
    assert nianbao(["check", str(folder), "--out", str(out)]) in (0, 1)
    rows = json.loads(out.read_text(encoding="utf-8"))["汇总"]
    assert [(r["机关"], r["年度"], r["表格读出"]) for r in rows] == [(parsed.agency, parsed.year, 1.0)]
