"""Text PDFs the tests write themselves (reportlab): every layout reads back cell for cell, narrative included."""
from __future__ import annotations

import pytest

from layout_variants import parsed_cells, random_source, squash
from report import format as fmt
from report.export import render
from report.parser import parse_bytes, parse_file

pytest.importorskip("reportlab", reason="reportlab 未安装（pip install -e '.[test]'）")

from pdf_fixtures import PdfLayout, docx_document, document_pdf, source_pdf  # noqa: E402

LAYOUTS = {
    "ruled": PdfLayout(),
    "unruled-word": PdfLayout(ruled=False),
    "wrapped-labels": PdfLayout(wrap_labels=True),
    "unruled-wrapped": PdfLayout(ruled=False, wrap_labels=True),
    "t3-over-two-pages": PdfLayout(t3_split=True),
    "t3-over-two-pages-no-header": PdfLayout(t3_split=True, repeat_header=False),
    "unruled-t3-over-two-pages": PdfLayout(ruled=False, t3_split=True, repeat_header=False),
    "wide-digits-running-header": PdfLayout(wide_digits=True, running_header="示例县测试局政府信息公开工作年度报告"),
    "no-page-numbers": PdfLayout(page_numbers=False, wrap_labels=True),
}


def wrong_cells(src, parsed) -> dict:
    got = parsed_cells(parsed)
    return {k: (got[k], src.cells[k]) for k in fmt.ALL_CELL_KEYS if got[k] != src.cells[k]}


def assert_read_back(src, parsed) -> None:
    """Agency, year, every cell and the narrative come back, with nothing noted as missing."""
    assert (parsed.agency, parsed.year) == (src.agency, src.year)
    assert wrong_cells(src, parsed) == {}
    for num in fmt.NARRATIVE_SECTIONS:
        assert squash(parsed.sections.get(num, "")) == squash(src.sections[num]), num
    assert parsed.notes == [] and parsed.tables_complete() and parsed.ocr == {}


@pytest.mark.parametrize("seed", [0, 5])
@pytest.mark.parametrize("name", LAYOUTS)
def test_generated_text_pdf_reads_back_every_cell(name, seed):
    src = random_source(seed)
    assert_read_back(src, parse_bytes(source_pdf(src, LAYOUTS[name]), "报告.pdf"))


def test_the_split_table_really_spans_two_pages():
    import io

    import pdfplumber

    src = random_source(0)
    with pdfplumber.open(io.BytesIO(source_pdf(src, LAYOUTS["t3-over-two-pages-no-header"]))) as pdf:
        pages = [p.extract_text() for p in pdf.pages]
    first = next(i for i, t in enumerate(pages) if "一、本年新收" in t)
    assert "（七）总计" not in pages[first] and "（七）总计" in pages[first + 1]
    assert "申请人情况" not in pages[first + 1]  # the header is not repeated


def test_wrapped_labels_are_really_wrapped():
    import io

    import pdfplumber

    pdf = source_pdf(random_source(0), LAYOUTS["wrapped-labels"])
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "\n".join(p.extract_text() for p in doc.pages)
    assert "只计这一情形，不计其他情形）" not in text.replace(" ", "")  # the long 部分公开 label is cut by a line break


@pytest.mark.parametrize("seed", [1, 2])
def test_our_docx_export_printed_as_pdf_reads_back(seed):
    """Round trip: the .docx export's content (read back with python-docx) laid out as a PDF and parsed again."""
    src = random_source(seed)
    doc = docx_document(render(src.facts(), "docx", src.sections))
    assert_read_back(src, parse_bytes(document_pdf(doc), "导出.pdf"))


def test_unruled_centred_wrapped_labels_never_give_a_wrong_figure():
    """The hardest text layout (no rules, labels centred on two lines): a row is read right or left unread, noted."""
    src = random_source(0)
    parsed = parse_bytes(source_pdf(src, PdfLayout(ruled=False, wrap_labels=True, centred=True)), "报告.pdf")
    wrong = wrong_cells(src, parsed)
    assert all(got is None for got, _ in wrong.values())
    unread_rows = {k.split(".")[1] for k in wrong if k.startswith("t3.")}
    assert not unread_rows or any(all(r in n for r in unread_rows) for n in parsed.notes if "未读取" in n)


def test_progress_counts_pages_and_parse_file_reads_pdf(tmp_path):
    src = random_source(0)
    path = tmp_path / "往年报告.pdf"
    path.write_bytes(source_pdf(src))
    seen: list[tuple[int, int]] = []
    parsed = parse_file(path, progress=lambda done, total: seen.append((done, total)))
    assert_read_back(src, parsed)
    total = seen[-1][1]
    assert total >= 2 and [d for d, _ in seen] == list(range(total + 1)) and {t for _, t in seen} == {total}
    assert parsed.source == str(path)


def test_pdf_without_extension_is_sniffed():
    src = random_source(0)
    assert_read_back(src, parse_bytes(source_pdf(src), "download"))
