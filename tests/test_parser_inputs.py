"""Whatever the input, the parser returns a result with notes or a clear Chinese ParseError, fast, never a traceback."""
from __future__ import annotations

import io
import os
import zipfile

import pytest

from conftest import WATCHDOG
from parser_fixtures import AGENCY, T3, docx_report, html_report, report_text
from report.errors import ParseError
from report.parser import MAX_CHARS, parse_bytes, parse_file, parse_text


@pytest.mark.parametrize("data,name,words", [
    (b"", "empty.txt", "文件为空"),
    (b"   \n\n\t \r\n", "blank.txt", "没有文字内容"),
    (bytes(range(256)) * 64, "data.bin", "二进制"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.pdf", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "report.doc", "旧版 Office"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "scan.png", "图片"),
    (b"PK\x03\x04 not really a zip", "report.docx", "Word 文件已损坏"),
    ("天气预报：明天晴，最高气温25度。\n本市新闻：地铁三号线开通。".encode(), "news.txt", "不像政府信息公开工作年度报告"),
])
def test_unreadable_input_is_a_chinese_parse_error(data, name, words):
    with pytest.raises(ParseError) as e:
        parse_bytes(data, name)
    assert words in str(e.value) and name in str(e.value)


def test_zip_that_is_not_a_word_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ParseError, match="Word 文件已损坏"):
        parse_bytes(buf.getvalue(), "report.docx")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ParseError, match="找不到文件"):
        parse_file(tmp_path / "nope.txt")
    with pytest.raises(ParseError, match="不是文件"):
        parse_file(tmp_path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_encodings(encoding):
    r = parse_bytes(report_text().encode(encoding), "report.txt")
    assert r.agency == AGENCY and r.t3 == T3


def test_kind_is_sniffed_without_an_extension():
    assert parse_bytes(html_report().encode(), "page").t3 == T3
    assert parse_bytes(docx_report(), "download").t3 == T3


@pytest.mark.timeout(WATCHDOG)
def test_fifty_megabyte_file_is_cut_to_the_character_cap(tmp_path):
    path = tmp_path / "huge.txt"
    filler = ("这一行是填充文字，用来把文件撑到五十兆字节\t1\t2\t3\n" * 1000).encode()
    with path.open("wb") as fh:
        fh.write(report_text().encode())
        for _ in range(50 * 1024 * 1024 // len(filler) + 1):
            fh.write(filler)
    assert os.path.getsize(path) >= 50 * 1024 * 1024
    r = parse_file(path)
    assert r.t3 == T3
    assert any("文件过大" in n for n in r.notes)


@pytest.mark.timeout(WATCHDOG)
def test_one_huge_line_without_newlines_is_bounded():
    with pytest.raises(ParseError):
        parse_bytes(b"x" * (20 * 1024 * 1024), "x.txt")


def test_text_longer_than_the_cap_is_cut_with_a_note():
    r = parse_text(report_text() + "\n填充文字" * (MAX_CHARS // 4))
    assert r.t3 == T3
    assert any("只读取了前" in n for n in r.notes)


@pytest.mark.parametrize("html", [
    "<div>" * 50_000 + "一、总体情况" + "</span>" * 1000,
    "<table><tr><td>一、本年新收政府信息公开申请数量<td>1<td>2<tr><td><table><td>x" * 2000,
    "<p>一、总体情况<p>本局" + "<b>" * 10_000 + "&#xZZ; &bogus; <!-- unclosed",
    "<html><body>" + "<td>0</td>" * 200_000,
])
@pytest.mark.timeout(WATCHDOG)
def test_broken_or_deep_html_never_crashes_or_hangs(html):
    try:
        r = parse_bytes(html.encode(), "broken.html")
        assert r.notes
    except ParseError as e:
        assert str(e)


def test_script_and_style_text_is_not_read_as_a_table():
    r = parse_bytes(html_report().encode(), "report.html")
    assert r.t2["regulations"]["made"] == 0  # the <script> holds "规章 99"


def test_docx_bomb_guard(monkeypatch):
    from report.parser import docx_input

    monkeypatch.setattr(docx_input, "MAX_XML_BYTES", 1000)
    with pytest.raises(ParseError, match="正文过大"):
        parse_bytes(docx_report(), "report.docx")
