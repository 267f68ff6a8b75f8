"""Read published past reports (.txt, .md, .html/.htm, .docx, .pdf) into a ParsedReport: sections, tables, notes."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Optional

from report import format as fmt
from report.errors import NotAReportError, ParseError
from report.parsed import ParsedReport
from report.parser.decode import SUFFIXES, decode, input_kind
from report.parser.markdown_input import SUFFIXES as MARKDOWN_SUFFIXES
from report.parser.markdown_input import markdown_to_text
from report.parser.ocr_check import ocr_notes
from report.parser.ocr_marks import ocr_cells
from report.parser.meta import count_titled_reports, head_lines, read_meta, year_from_opening, year_from_period
from report.parser.normalize import canon, drop_pinyin_glosses, is_page_footer, normalize
from report.parser.pdf_input import MAX_PDF_BYTES
from report.parser.sections import cut_sections, find_headings
from report.parser.tables import read_tables
from report.parser.tokens import tokenize

__all__ = ["parse_file", "parse_bytes", "parse_text", "split_sections", "ParseError", "MAX_CHARS", "MAX_LINES",
           "MAX_TEXT_BYTES", "MAX_PDF_BYTES", "SUFFIXES", "Progress"]

MAX_CHARS = 600_000  # text read per report (a long real report is about 30 000 characters)
MAX_LINES = 30_000  # a report rendered one table cell per line has about 3 000
MAX_TEXT_BYTES = 8 * 1024 * 1024  # bytes of a text or HTML file read before decoding
MAX_DOCX_BYTES = 100 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[^\S\t]+$")  # a trailing tab is kept: it holds a blank last cell of a table row
_META_HEADER = re.compile(r"^#\s*[a-z_]+:\s")  # "# source: …" lines heading the collected test files
Progress = Callable[[int, int], None]  # (pages read, pages in all), for a PDF


def _bounded_lines(text: str) -> tuple[list[str], list[int], list[str]]:
    """Clean lines of at most MAX_CHARS characters and MAX_LINES lines, each one's index in the text, and notes."""
    notes = []
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS)
        text = text[:cut if cut > 0 else MAX_CHARS]
        notes.append(f"文件过大，只读取了前 {len(text)} 个字符")
    lines, origin = _lines(text)
    if len(lines) > MAX_LINES:
        lines, origin = lines[:MAX_LINES], origin[:MAX_LINES]
        notes.append(f"文件行数过多，只读取了前 {MAX_LINES} 行")
    return lines, origin, notes


def _lines(text: str) -> tuple[list[str], list[int]]:
    """Clean lines (no control characters, glosses, page numbers, metadata header) and each one's index in the text."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_TRAILING_SPACE.sub("", line) for line in drop_pinyin_glosses(text).split("\n")]
    start = 0
    while start < len(lines) and _META_HEADER.match(lines[start]):
        start += 1
    kept = [i for i in range(start, len(lines)) if not is_page_footer(lines[i])]
    return [lines[i] for i in kept], kept


def split_sections(text: str) -> dict[str, str]:
    """The six sections' text by numeral (一…六), headings excluded; only those found ({} for a non-report)."""
    try:
        return parse_text(text).sections
    except ParseError:
        return {}


def _format_notes(year: int | None, form: str | None, inferred: bool) -> list[str]:
    if inferred:
        return [f"未找到可判断格式的表格，按报告年度推断为{form}年格式"]
    if form == fmt.FORMAT_2019:
        notes = [f"本报告的表格为2019年格式（{fmt.NOTICE_2019}），不是2021年格式（{fmt.NOTICE_2021}）"]
        if year is not None and year >= 2021:
            notes.append(f"报告年度为{year}年，应使用2021年格式，仍沿用2019年格式")
        return notes
    return []


def parse_text(text: str, source: str = "") -> ParsedReport:
    """Parse report text; ParseError (Chinese) when it is empty or does not look like an annual report."""
    return _parse(text, source)


def _parse(text: str, source: str, ocr: Optional[dict] = None) -> ParsedReport:
    """Parse report text; `ocr` maps a line of the text to its page and cell scores when OCR read it."""
    name = source or "（文本）"
    lines, origin, notes = _bounded_lines(text)
    if not any(line.strip() for line in lines):
        raise ParseError(f"文件没有文字内容：{name}")
    norm = [normalize(line) for line in lines]
    cells = [tokenize(line) for line in norm]
    headings = find_headings(norm, cells)
    tables = read_tables(cells, [canon(line) for line in norm], headings)
    sections = cut_sections(lines, norm, headings, cells, tables.starts, notes)
    first_heading = min(headings.values(), default=len(norm))
    meta = read_meta(norm, first_heading)
    if not (headings or tables.found_any or sections):
        if not meta.title:
            raise _with_notes(NotAReportError(f"内容不像政府信息公开工作年度报告（没有找到报告标题、章节标题或统计表）：{name}"),
                              notes)
        if count_titled_reports(norm) >= 2:
            raise _with_notes(NotAReportError(f"内容是报告的清单或说明，不是年度报告（列有多个报告标题，没有章节标题或统计表）：{name}"),
                              notes)
    notes.extend(meta.notes)
    year = meta.year
    if year is None and (year := year_from_period("\n".join(head_lines(norm, first_heading)))) is not None:
        notes.append(f"标题和前言中没有年度，按正文所列统计期限取 {year} 年")
    if year is None and (year := year_from_opening(sections.get("一", ""))) is not None:
        notes.append(f"标题和前言中没有年度，按“总体情况”开头推断为 {year} 年")
    form, inferred = tables.format, False
    if form is None and year is not None:
        form, inferred = (fmt.FORMAT_2021 if year >= 2021 else fmt.FORMAT_2019), True
    notes.extend(_format_notes(year, form, inferred))
    if meta.agency is None:
        notes.append("未找到机关名称")
    if year is None:
        notes.append("未找到报告年度")
    missing = [n for n in fmt.SECTION_NUMS if n not in sections]
    if missing:
        notes.append("未找到第" + "、".join(missing) + "部分" if len(missing) < 6 else "未找到任何章节标题")
    notes.extend(tables.notes)
    preamble = "\n".join(line.strip() for line in lines[:first_heading] if line.strip())
    report = ParsedReport(agency=meta.agency, year=year, format=form, title=meta.title, source=source,
                          sections=sections, headings={n: lines[headings[n]].strip() for n in fmt.SECTION_NUMS if n in headings},
                          preamble=preamble, t2=tables.t2, t3=tables.t3, t4=tables.t4, notes=notes,
                          blank_cells=tables.blank)
    if ocr:
        marks = {i: ocr[o] for i, o in enumerate(origin) if o in ocr}
        report.ocr = ocr_cells(tables.sources, cells, norm, marks)
        report.notes.extend(ocr_notes(report))
    return report


def _parse_pdf(data: bytes, filename: str, progress: Optional[Progress]) -> ParsedReport:
    """A PDF: its text layer, or OCR for scanned pages; OCR'd figures marked and checked."""
    from report.parser.pdf_input import pdf_to_text

    pdf = pdf_to_text(data, filename, progress)
    if not pdf.text.strip():
        raise _with_notes(ParseError(f"PDF 文件没有可读的文字（文字层为空，文字识别也没有读到内容）："
                                     f"{filename or '（未命名）'}"), pdf.notes)
    try:
        report = _parse(pdf.text, filename, pdf.ocr)
    except ParseError as e:
        raise _with_notes(e, pdf.notes) from None
    report.notes[:0] = pdf.notes
    return report


def parse_bytes(data: bytes, filename: str, progress: Optional[Progress] = None) -> ParsedReport:
    """Parse a report file's content; the file name (its extension) helps tell the kind; progress: PDF pages."""
    name = filename or "（未命名）"
    if not data:
        raise ParseError(f"文件为空：{name}")
    kind = input_kind(data, filename)
    notes: list[str] = []
    if kind == "pdf":
        return _parse_pdf(data, filename, progress)
    if kind == "docx":
        if len(data) > MAX_DOCX_BYTES:
            raise ParseError(f"Word 文件过大（超过 {MAX_DOCX_BYTES // 1024 // 1024} MB），无法读取：{name}")
        from report.parser.docx_input import docx_to_text

        text, notes = docx_to_text(data, filename)
    else:
        if len(data) > MAX_TEXT_BYTES:
            cut = data.rfind(b"\n", 0, MAX_TEXT_BYTES)
            data = data[:cut if cut > 0 else MAX_TEXT_BYTES]
            notes.append(f"文件过大，只读取了前 {len(data) / 1024 / 1024:.0f} MB")
        text, more = decode(data, filename, html=kind == "html")
        notes += more
        if kind == "text" and filename.lower().endswith(MARKDOWN_SUFFIXES):
            text = markdown_to_text(text)
        if kind == "html":
            from report.parser.html_input import html_to_text

            text, more = html_to_text(text[:MAX_TEXT_BYTES])
            notes += more
    try:
        report = parse_text(text, source=filename)
    except ParseError as e:
        raise _with_notes(e, notes) from None
    report.notes[:0] = notes
    return report


def _with_notes(error: ParseError, notes: list[str]) -> ParseError:
    """The error with what was noted before it (a file read only in part says so even when it is then refused)."""
    if not notes:
        return error
    base, noted = getattr(error, "base", str(error)), [*notes, *getattr(error, "notes", [])]
    out = type(error)(f"{base}（{'；'.join(noted)}）")
    out.base, out.notes = base, noted  # type: ignore[attr-defined]  # a later wrap adds to one bracket
    return out


def parse_file(path: str | Path, progress: Optional[Progress] = None) -> ParsedReport:
    """Parse a report file (.txt, .md, .html/.htm, .docx, .pdf); ParseError with a Chinese message when unreadable."""
    p = Path(path)
    if not p.is_file():
        raise ParseError(f"找不到文件：{p}" if not p.exists() else f"不是文件：{p}")
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
            limit = (MAX_DOCX_BYTES if head.startswith(b"PK") else MAX_PDF_BYTES if head.startswith(b"%PDF")
                     else MAX_TEXT_BYTES)
            data = head + fh.read(limit + 1 - len(head))
    except OSError as e:
        raise ParseError(f"无法读取文件 {p}：{e.strerror or e}") from None
    report = parse_bytes(data, p.name, progress)
    report.source = str(p)
    return report
