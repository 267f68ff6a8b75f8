"""PDF reports the tests write (reportlab) in real layouts, and image-only copies of them for the OCR path."""
from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable, Optional
from xml.sax.saxutils import escape

import pytest

from report.export.document import Heading, Paragraph, ReportDocument, TableBlock, build_document
from report.export.grid import Grid

A4 = (595.27, 841.89)
MARGIN = 72
SYSTEM_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                "/usr/share/fonts/truetype/arphic/uming.ttc", "/System/Library/Fonts/STHeiti Light.ttc",
                "C:/Windows/Fonts/simsun.ttc")
_WIDE = str.maketrans("0123456789.", "０１２３４５６７８９．")


def embedded_font_path() -> Optional[Path]:
    """A CJK TrueType font reportlab can embed (the paperang-p2-fonts-cjk package, else a system font)."""
    try:
        from importlib.resources import files

        path = Path(str(files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"))
        if path.is_file():
            return path
    except (ImportError, ModuleNotFoundError, TypeError):
        pass
    return next((Path(p) for p in SYSTEM_FONTS if os.path.isfile(p)), None)


@cache
def cjk_font(embedded: bool = False) -> str:
    """Register and name a CJK font: embedded TrueType when asked (or skip), else the built-in CID font."""
    from reportlab.pdfbase import pdfmetrics

    if embedded:
        path = embedded_font_path()
        if path is None:
            pytest.skip("没有可嵌入的中文 TrueType 字体（paperang-p2-fonts-cjk 未安装且系统无中文字体），跳过需要渲染的测试")
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("NbCJK", str(path), subfontIndex=0))
        return "NbCJK"
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


@dataclass(frozen=True)
class PdfLayout:
    """How the report is printed."""

    ruled: bool = True  # grid lines around every cell (pdfplumber's table finder) or none (positioned words only)
    wrap_labels: bool = False  # narrow label columns: long labels wrap over 2–3 lines
    centred: Optional[bool] = None  # cells centred vertically (default: when ruled) or at the top (Word's default)
    t3_split: bool = False  # push Table 三 down so that it runs over two pages
    repeat_header: bool = True  # the split table repeats its header rows on the next page
    wide_digits: bool = False  # full-width figures (０１２)
    page_numbers: bool = True  # "- n -" at the foot of each page
    running_header: str = ""  # a line at the top of every page
    embedded: bool = False  # embed a TrueType font (needed to render the pages for OCR)
    font_size: float = 10.5
    label_widths: dict[str, tuple[float, ...]] = field(default_factory=dict)


_LABEL_WIDTHS = {"二": (110,), "三": (30, 55, 130), "四": ()}
_NARROW_LABELS = {"二": (70,), "三": (16, 40, 80), "四": ()}


def _styles(layout: PdfLayout):
    from reportlab.lib.styles import ParagraphStyle

    font = cjk_font(layout.embedded)
    size = layout.font_size
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=28, alignment=1, firstLineIndent=0)
    heading = ParagraphStyle("heading", parent=body, fontSize=14, leading=24)
    cell = ParagraphStyle("cell", fontName=font, fontSize=size, leading=size * 1.3, alignment=1, wordWrap="CJK")
    return font, {"body": body, "title": title, "heading": heading, "cell": cell}


def _table(block: TableBlock, layout: PdfLayout, styles: dict, font: str, rows: Optional[range] = None,
           header: int = 0):
    """A reportlab Table of a grid's rows (after `header` repeated header rows), merged cells spanned as Word does."""
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table

    grid: Grid = block.grid
    shown = [*range(header), *(rows or range(grid.nrows))]
    at = {r: i for i, r in enumerate(shown)}
    widths = (layout.label_widths or (_NARROW_LABELS if layout.wrap_labels else _LABEL_WIDTHS))[grid.num]
    rest = (A4[0] - 2 * MARGIN - sum(widths)) / (grid.ncols - len(widths))
    data = [[""] * grid.ncols for _ in shown]
    commands = [("FONT", (0, 0), (-1, -1), font, layout.font_size), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE" if _centred(layout) else "TOP")]
    if layout.ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    for cell, text in zip(grid.cells, block.texts):
        covered = [at[r] for r in range(cell.row, cell.row + cell.rowspan) if r in at]
        if not covered:
            continue
        first, last = covered[0], covered[-1]
        if cell.row not in at:
            text = ""  # the part of a merged cell carried over to the next page
        if cell.role == "value":
            data[first][cell.col] = text.translate(_WIDE) if layout.wide_digits else text
        elif text:
            data[first][cell.col] = P(escape(text), styles["cell"])
        if last > first or cell.colspan > 1:
            commands.append(("SPAN", (cell.col, first), (cell.col + cell.colspan - 1, last)))
    return Table(data, colWidths=[*widths, *[rest] * (grid.ncols - len(widths))], style=commands)


def _centred(layout: PdfLayout) -> bool:
    return layout.ruled if layout.centred is None else layout.centred


def _tables(block: TableBlock, layout: PdfLayout, styles: dict, font: str) -> list:
    """The table as flowables: Table 三 cut over two pages when asked (header repeated or not)."""
    from reportlab.platypus import PageBreak

    grid = block.grid
    if grid.num != "三" or not (layout.t3_split or layout.wrap_labels):
        return [_table(block, layout, styles, font)]
    cut = grid.header_rows + 12
    header = grid.header_rows if layout.repeat_header else 0
    return [_table(block, layout, styles, font, range(cut)), PageBreak(),
            _table(block, layout, styles, font, range(cut, grid.nrows), header)]


def _page_decor(layout: PdfLayout, font: str) -> Callable:
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 10)
        if layout.page_numbers:
            canvas.drawCentredString(A4[0] / 2, 40, f"- {doc.page} -")
        if layout.running_header:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 45, layout.running_header)
        canvas.restoreState()
    return draw


def document_pdf(doc: ReportDocument, layout: PdfLayout = PdfLayout()) -> bytes:
    """A report document (as the exporters print it) laid out as a PDF."""
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import SimpleDocTemplate

    font, styles = _styles(layout)
    story: list = [P(escape(doc.title), styles["title"])]
    for block in doc.blocks:
        if isinstance(block, Heading):
            story.append(P(escape(block.text), styles["heading"]))
        elif isinstance(block, Paragraph):
            story.append(P(escape(block.lead + block.text), styles["body"]))
        elif isinstance(block, TableBlock):
            story.extend(_tables(block, layout, styles, font))
    buf = io.BytesIO()
    decor = _page_decor(layout, font)
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                      bottomMargin=MARGIN, title="").build(story, onFirstPage=decor, onLaterPages=decor)
    return buf.getvalue()


def source_pdf(src, layout: PdfLayout = PdfLayout()) -> bytes:
    """A layout_variants.Source (figures and narrative) printed as a PDF."""
    return document_pdf(build_document(src.facts(), src.sections), layout)


# ---------------------------------------------------------------- image-only copies


def page_images(pdf: bytes, dpi: int = 200) -> list:
    """Each page as a Pillow image (greyscale), as a scanner would deliver it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]


def images_pdf(images: list, dpi: int = 200) -> bytes:
    """An image-only PDF (no text layer) of the images (Pillow writes it)."""
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def blur_box(image, box: tuple[int, int, int, int], radius: float = 4.0):
    """The image with one region blurred (a smudged digit on a scan)."""
    from PIL import ImageFilter

    out = image.copy()
    pad = 3
    region = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
    out.paste(out.crop(region).filter(ImageFilter.GaussianBlur(radius)), region[:2])
    return out


def words_of(pdf: bytes) -> list[list[dict]]:
    """The words of each page of a text PDF (pdfplumber), to find where a figure is printed."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_words() for page in doc.pages]


def with_page_replaced(pdf: bytes, index: int, image, dpi: int = 200) -> bytes:
    """The PDF with one page replaced by an image-only page (a scanned page inside a text PDF)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(pdf)
    scan = pdfium.PdfDocument(images_pdf([image], dpi))
    out = pdfium.PdfDocument.new()
    out.import_pages(src, list(range(index)))
    out.import_pages(scan, [0])
    out.import_pages(src, list(range(index + 1, len(src))))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _docx_cell_text(tc, table) -> str:
    from docx.table import _Cell

    return _Cell(tc, table).text.strip()


def _docx_grid(table, num: str) -> tuple[Grid, tuple[str, ...]]:
    """A Word table as a grid: gridSpan and vMerge read back into spans."""
    from report.export.grid import GridCell

    anchors: dict[tuple[int, int], list] = {}
    nrows, ncols = len(table._tbl.tr_lst), 0
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue":
                above = next(a for (ar, ac), a in anchors.items() if ac == col and ar + a[2] == r)
                above[2] += 1
            else:
                anchors[(r, col)] = [_docx_cell_text(tc, table), span, 1]
            col += span
        ncols = max(ncols, col)
    cells, texts = [], []
    for (r, c), (text, colspan, rowspan) in sorted(anchors.items()):
        role = "value" if text and not any("\u4e00" <= ch <= "\u9fff" for ch in text) else "label"
        cells.append(GridCell(r, c, role, "" if role == "value" else text, rowspan=rowspan, colspan=colspan))
        texts.append(text)
    return Grid(num, nrows, ncols, 0, tuple(cells)), tuple(texts)


def docx_document(data: bytes) -> ReportDocument:
    """The content of one of our .docx exports, read back with python-docx, as a document to print again."""
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    blocks: list = []
    title = ""
    nums = iter(("二", "三", "四"))
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            grid, texts = _docx_grid(block, next(nums))
            blocks.append(TableBlock(grid, texts))
        elif block.text.strip():
            if not title:
                title = block.text.strip()
            else:
                blocks.append(Paragraph(block.text.strip()))
    return ReportDocument(title, tuple(blocks), ())
