"""Hostile inputs small on disk and huge once opened: a Chinese refusal naming the page or part, bounded memory."""
from __future__ import annotations

import io
import multiprocessing
import re

import pytest

from report.batch.sources import upload_sources
from report.errors import ParseError
from report.parser import parse_bytes, pdf_input
from report.parser.pdf_ocr import MAX_PAGE_PIXELS, MIN_OCR_DPI, OCR_DPI, PageTooLarge, ocr_dpi

from hostile_files import (big_text_not_report, docx_with_bomb, noise_page_pdf, peak_rss_of_parse,  # noqa: E402
                           zip_with_bomb)
from parser_fixtures import docx_report  # noqa: E402

GB = 1024 ** 3
FORK = "fork" in multiprocessing.get_all_start_methods()


def test_a_page_is_rendered_within_the_pixel_budget_or_refused():
    assert ocr_dpi(595, 842) == OCR_DPI  # A4 as it is
    dpi = ocr_dpi(2400, 2400)  # a poster: rendered smaller, still readable
    assert MIN_OCR_DPI <= dpi < OCR_DPI and round(2400 / 72 * dpi) ** 2 <= MAX_PAGE_PIXELS
    with pytest.raises(PageTooLarge, match="14400×14400 磅"):
        ocr_dpi(14_400, 14_400)


def test_noise_page_of_14400_points_is_named_and_memory_stays_bounded(tmp_path):
    path = tmp_path / "噪点.pdf"
    path.write_bytes(noise_page_pdf())
    assert path.stat().st_size < 300_000
    peak, message = peak_rss_of_parse(path)
    assert "第 1 页尺寸过大" in message and "噪点.pdf" in message and "未读取" in message
    assert peak < GB


def test_docx_whose_styles_inflate_to_a_gigabyte_is_refused_for_that_part(tmp_path):
    path = tmp_path / "样式炸弹.docx"
    path.write_bytes(docx_with_bomb(docx_report()))
    assert path.stat().st_size < 2 * 1024 * 1024
    peak, message = peak_rss_of_parse(path)
    assert "word/styles.xml 解压后过大（1024 MB" in message and "样式炸弹.docx" in message
    assert peak < GB


def test_docx_part_under_the_size_limit_with_a_bomb_ratio_is_refused():
    data = docx_with_bomb(docx_report(), part="word/theme/theme1.xml", inflated=8 * 1024 * 1024)
    with pytest.raises(ParseError, match=r"word/theme/theme1\.xml 压缩比异常.*疑似压缩炸弹"):
        parse_bytes(data, "报告.docx")


def test_docx_parts_in_all_over_the_package_limit(monkeypatch):
    from report.parser import zip_parts

    monkeypatch.setattr(zip_parts, "MAX_PACKAGE_BYTES", 10_000)
    with pytest.raises(ParseError, match="解压后总大小过大"):
        parse_bytes(docx_report(), "报告.docx")


def test_zip_member_with_a_bomb_ratio_is_refused_before_it_is_read():
    found = upload_sources([("上传.zip", zip_with_bomb())])
    assert found.sources == []
    assert [r.name for r in found.refused] == ["上传.zip/报告.txt"] and "压缩比异常" in found.refused[0].reason


@pytest.mark.skipif(not FORK, reason="需要 fork 启动方式，worker 才能继承测试替换的函数")
def test_the_pdf_worker_has_a_memory_cap(monkeypatch):
    def greedy(plumber_page, pdfium_page):
        return bytearray(400 * 1024 * 1024), False  # more than the cap below

    monkeypatch.setattr(pdf_input, "WORKER_MEMORY", 100 * 1024 * 1024)
    monkeypatch.setattr(pdf_input, "_page_result", greedy)
    from test_parser_pdf_errors import blank_pdf

    with pytest.raises(ParseError, match="第 1 页处理所需内存超过上限（100 MB）"):
        parse_bytes(blank_pdf(1), "大.pdf")


@pytest.mark.parametrize("seed", [0, 5])
def test_pdf_with_a_shifted_xref_is_read_through_pdfium(seed):
    pytest.importorskip("reportlab")
    from layout_variants import random_source, squash
    from pdf_fixtures import source_pdf
    from test_parser_pdf import wrong_cells

    src = random_source(seed)
    data = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 3), source_pdf(src))
    import pdfplumber

    with pytest.raises(Exception):  # pdfplumber cannot read it …
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pdf.pages[0].extract_words()
    parsed = parse_bytes(data, "错位.pdf")  # … PDFium can
    assert (parsed.agency, parsed.year) == (src.agency, src.year)
    assert any("改用 PDFium" in n for n in parsed.notes)
    assert wrong_cells(src, parsed) == {}  # the tables' ruling lines are found on the rendered page
    assert all(squash(parsed.sections[num]) == squash(src.sections[num]) for num in ("一", "五", "六"))


def test_truncation_note_survives_when_the_rest_is_refused():
    with pytest.raises(ParseError) as e:
        parse_bytes(big_text_not_report(), "大文件.txt")
    assert "不像政府信息公开工作年度报告" in str(e.value) and "只读取了前 8 MB" in str(e.value)



def test_a_poster_sized_scan_is_read_at_a_lower_resolution_and_said_so():
    pytest.importorskip("reportlab")
    from hostile_files import poster_scan_pdf

    parsed = parse_bytes(poster_scan_pdf(2400), "海报.pdf")
    dpi = ocr_dpi(2400, 2400 * 842 / 595)
    assert dpi < OCR_DPI and any(f"第 1 页尺寸过大，已按 {dpi} dpi" in n for n in parsed.notes)
    assert parsed.agency  # the title is still read
