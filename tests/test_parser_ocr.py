"""Scanned PDFs: OCR'd figures are marked and a misread one is named, never trusted (the scan is parsed once)."""
from __future__ import annotations

import pytest

from layout_variants import parsed_cells, random_source
from report import format as fmt
from report.parser import parse_bytes
from report.parser.ocr_check import place

pytest.importorskip("reportlab", reason="reportlab 未安装（pip install -e '.[test]'）")
pytest.importorskip("rapidocr_onnxruntime", reason="rapidocr-onnxruntime 未安装（pip install -e '.[test]'）")

from pdf_fixtures import PdfLayout, blur_box, images_pdf, page_images, source_pdf, with_page_replaced, words_of  # noqa: E402

MIN_ACCURACY = 0.98
BLURRED = "t3.r5.c2"  # a three-digit figure of the 1.属于国家秘密 row
BLUR_RADIUS = 5.0


@pytest.fixture(scope="module")
def source():
    return random_source(0)


@pytest.fixture(scope="module")
def text_pdf(source):
    return source_pdf(source, PdfLayout(embedded=True))  # an embedded font, so that the pages can be rendered


@pytest.fixture(scope="module")
def scanned(text_pdf):
    """The report as an image-only PDF (200 dpi, as a scanner delivers it), parsed."""
    scan = images_pdf(page_images(text_pdf))
    return scan, parse_bytes(scan, "扫描件.pdf")


def _named(notes: list[str], key: str) -> bool:
    """Is the cell named in a note, by its place ("表三 第5行 第2列") or inside an identity note ("第5行第2列")?"""
    parts = key.split(".")
    short = f"第{parts[1][1:]}行第{parts[2][1:]}列" if parts[0] == "t3" else f"第{parts[-1][1:]}列"
    return any(place(key) in n or f"{short} 识别为" in n for n in notes)


def test_the_scan_has_no_text_layer(scanned):
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(scanned[0])) as pdf:
        assert all(not p.chars for p in pdf.pages)


def test_scanned_report_is_read_by_ocr_with_few_misreads(source, scanned):
    _, parsed = scanned
    got = parsed_cells(parsed)
    wrong = [k for k in fmt.ALL_CELL_KEYS if got[k] != source.cells[k]]
    assert 1 - len(wrong) / len(fmt.ALL_CELL_KEYS) >= MIN_ACCURACY, wrong
    assert (parsed.agency, parsed.year) == (source.agency, source.year)
    assert set(parsed.ocr) == {k for k in fmt.ALL_CELL_KEYS if got[k] is not None}  # every figure marked as OCR'd
    assert any("文字识别（OCR）" in n for n in parsed.notes)
    for key in wrong:  # a misread figure is named, or it is unread and noted
        assert _named(parsed.notes, key) or got[key] is None, key


def test_scanned_narrative_is_read(source, scanned):
    _, parsed = scanned
    assert list(parsed.sections) == list(fmt.SECTION_NUMS)
    assert source.sections["五"].split("\n")[0][:6] in parsed.sections["五"]


def test_ocr_marks_carry_page_and_score(scanned):
    _, parsed = scanned
    cell = parsed.ocr["t3.r1.c7"]
    assert cell.page >= 1 and cell.confidence is not None and 0 < cell.confidence <= 1
    assert parsed.to_json_dict()["ocr"]["t3.r1.c7"]["page"] == cell.page


def _blurred_scan(source, text_pdf) -> tuple[bytes, int]:
    """The text PDF with the page of Table 三's figures replaced by a scan in which one figure is smudged."""
    words = words_of(text_pdf)
    page = next(i for i, ws in enumerate(words) if any("国家秘密" in w["text"] for w in ws))
    label = next(w for w in words[page] if "国家秘密" in w["text"])
    middle = (label["top"] + label["bottom"]) / 2
    figures = sorted((w for w in words[page] if w["x0"] > label["x1"] and w["text"].isdigit()
                      and abs((w["top"] + w["bottom"]) / 2 - middle) < 8), key=lambda w: w["x0"])
    word = figures[int(BLURRED.split(".")[2][1:]) - 1]
    assert word["text"] == str(source.cells[BLURRED])
    s = 200 / 72
    box = (int(word["x0"] * s), int(word["top"] * s), int(word["x1"] * s) + 1, int(word["bottom"] * s) + 1)
    image = blur_box(page_images(text_pdf)[page], box, BLUR_RADIUS)
    return with_page_replaced(text_pdf, page, image), page + 1


def test_a_blurred_figure_is_flagged_not_trusted(source, text_pdf):
    scan, page = _blurred_scan(source, text_pdf)
    parsed = parse_bytes(scan, "盖章扫描页.pdf")
    got = parsed_cells(parsed)
    assert {c.page for c in parsed.ocr.values()} == {page}  # only the scanned page went through OCR
    assert any(f"第 {page} 页" in n and "文字识别" in n for n in parsed.notes)
    assert _named(parsed.notes, BLURRED) or (got[BLURRED] is None and any("r5" in n for n in parsed.notes))
    wrong = [k for k in fmt.ALL_CELL_KEYS if got[k] != source.cells[k]]
    assert all(_named(parsed.notes, k) or got[k] is None for k in wrong), wrong
    assert all(got[k] == source.cells[k] for k in fmt.ALL_CELL_KEYS if k not in parsed.ocr and got[k] is not None)


@pytest.mark.parametrize("angle", [1.2, -0.8])
def test_a_crooked_scan_is_turned_straight_by_its_ruling_lines(angle):
    """No OCR here: a ruled page turned as a scanner feeds it is measured by its rules and turned level again."""
    import numpy as np
    from PIL import Image, ImageDraw

    from report.parser.pdf_grid import deskewed, skew_degrees

    page = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(page)
    for y in range(300, 1300, 40):
        draw.line((150, y, 1050, y), fill=0, width=2)
    crooked = np.asarray(page.rotate(angle, fillcolor=255).convert("RGB"))
    assert abs(abs(skew_degrees(crooked, 150)) - abs(angle)) < 0.15
    assert abs(skew_degrees(deskewed(crooked, 150), 150)) < 0.1
    straight = np.asarray(page.convert("RGB"))
    assert deskewed(straight, 150) is straight  # a straight page is left as it is
