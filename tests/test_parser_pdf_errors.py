"""Bad PDFs get a Chinese ParseError naming the file (and the page, for one that takes too long), never a traceback."""
from __future__ import annotations

import io
import multiprocessing
import os
import time

import pytest

from report.errors import ParseError
from report.parser import parse_bytes, parse_file, pdf_input

pytest.importorskip("reportlab", reason="reportlab 未安装（pip install -e '.[test]'）")

from layout_variants import random_source  # noqa: E402
from pdf_fixtures import source_pdf  # noqa: E402

FORK = "fork" in multiprocessing.get_all_start_methods()  # monkeypatched code reaches the worker only when forked
needs_fork = pytest.mark.skipif(not FORK, reason="需要 fork 启动方式，worker 才能继承测试替换的函数")


def blank_pdf(pages: int, encrypt=None) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    for i in range(pages):
        c.drawString(72, 720, f"page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def no_page_pdf() -> bytes:
    import pypdfium2 as pdfium

    buf = io.BytesIO()
    pdfium.PdfDocument.new().save(buf)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt

    return blank_pdf(1, pdfencrypt.StandardEncryption("secret", canPrint=0))


def error_of(data: bytes, name: str = "往年报告.pdf") -> str:
    with pytest.raises(ParseError) as e:
        parse_bytes(data, name)
    assert name in str(e.value)
    return str(e.value)


@pytest.mark.parametrize("make,words", [
    (encrypted_pdf, "已加密"),
    (lambda: source_pdf(random_source(0))[:3000], "已损坏或不完整"),
    (lambda: b"%PDF-1.7\n" + os.urandom(2000), "已损坏或不完整"),
    (no_page_pdf, "没有任何页面"),
    (lambda: blank_pdf(pdf_input.MAX_PAGES + 1), "页数过多"),
])
def test_bad_pdf_is_a_chinese_error(make, words):
    assert words in error_of(make())


def test_a_file_named_pdf_that_is_not_one():
    assert "不是 PDF" in error_of("一、总体情况\n本局……".encode(), "报告.pdf")


def test_pdf_over_the_byte_limit(monkeypatch):
    monkeypatch.setattr(pdf_input, "MAX_PDF_BYTES", 1000)
    assert "PDF 文件过大" in error_of(blank_pdf(1))


def test_pdf_whose_text_is_not_a_report():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for line in ("Weather: sunny, 25 degrees.", "Metro line 3 opens today."):
        c.drawString(72, 720, line)
        c.showPage()
    c.save()
    assert "不像政府信息公开工作年度报告" in error_of(buf.getvalue())


def test_pdf_with_only_page_numbers_has_no_text():
    assert "没有可读的文字" in error_of(blank_pdf(3))


def test_owner_password_only_pdf_is_read():
    """A PDF with only an owner password (printing restricted) opens without one, as readers open it."""
    from reportlab.lib import pdfencrypt

    data = blank_pdf(1, pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0))
    assert "已加密" not in error_of(data)


def _slow_on_page_two(real):
    def slow(plumber_page, pdfium_page):
        if plumber_page.page_number == 2:
            time.sleep(300)
        return real(plumber_page, pdfium_page)
    return slow


@needs_fork
def test_a_page_that_takes_too_long_is_named(monkeypatch):
    monkeypatch.setattr(pdf_input, "PAGE_SECONDS", 1.0)
    monkeypatch.setattr(pdf_input, "_page_result", _slow_on_page_two(pdf_input._page_result))
    message = error_of(source_pdf(random_source(0)))
    assert "第 2 页处理超时" in message


@needs_fork
def test_a_file_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(pdf_input, "FILE_SECONDS", 1.0)
    monkeypatch.setattr(pdf_input, "_page_result", _slow_on_page_two(pdf_input._page_result))
    assert "整份超过" in error_of(source_pdf(random_source(0)))


@needs_fork
def test_a_worker_that_dies_is_a_chinese_error(monkeypatch):
    monkeypatch.setattr(pdf_input, "_page_result", lambda *a: os._exit(3))
    assert "处理进程意外退出" in error_of(source_pdf(random_source(0)))


@needs_fork
def test_a_page_that_fails_is_named(monkeypatch):
    def broken(plumber_page, pdfium_page):
        raise ValueError("bad content stream")
    monkeypatch.setattr(pdf_input, "_page_result", broken)
    assert "第 1 页已损坏" in error_of(source_pdf(random_source(0)))


def test_no_worker_is_left_running():
    before = set(multiprocessing.active_children())
    with pytest.raises(ParseError):
        parse_bytes(blank_pdf(2), "x.pdf")
    assert set(multiprocessing.active_children()) <= before


def test_parse_file_reads_a_large_pdf_whole(tmp_path, monkeypatch):
    """parse_file reads a PDF up to the PDF limit (not the text limit), so a big PDF is not cut and broken."""
    from report import parser

    monkeypatch.setattr(parser, "MAX_TEXT_BYTES", 1000)
    src = random_source(0)
    path = tmp_path / "r.pdf"
    path.write_bytes(source_pdf(src))
    assert parse_file(path).agency == src.agency
