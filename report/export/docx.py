"""Word (.docx) export in 公文 layout: A4, 公文 margins, fonts and sizes, tables with the official merged headers."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml import etree

from report.export.document import UNKNOWN, Heading, Paragraph, ReportDocument, TableBlock
from report.export.grid import GridCell

PAGE_MM = (210, 297)  # A4
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
LINE_PT = 28  # fixed line spacing of 公文 body text
TITLE_LINE_PT = 34  # fixed line spacing of the two-line 2号 title (whatever font stands in for 小标宋, lines never overlap)

TITLE_FONT, HEI, KAI, FANG, SONG = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "宋体"
LATIN = "Times New Roman"  # digits and letters of body text and tables
# Word uses w:altName when a font is missing: 方正小标宋简体 → 华文中宋 → 宋体, *_GB2312 → the Windows font.
FONT_FALLBACKS: dict[str, str] = {TITLE_FONT: "华文中宋", "华文中宋": SONG, FANG: "仿宋", KAI: "楷体"}
_GB_FONTS = (TITLE_FONT, "华文中宋", SONG, HEI, FANG, "仿宋", KAI, "楷体")
RED = "FF0000"  # placeholders and unknown cells stand out for the reviewer

# Width of the row-label columns of each table; the value columns share the rest of the text width.
LABEL_WIDTHS_MM: dict[str, tuple[float, ...]] = {"二": (42,), "三": (10, 15, 42), "四": ()}
CELL_MARGIN_TWIPS = 28  # 0.5 mm left and right, so narrow value columns still hold 2–3 characters a line


@dataclass(frozen=True)
class _Style:
    """A paragraph style of the template."""

    id: str
    name: str
    font: str  # East Asian font
    latin: str
    size_pt: float
    align: str = "both"
    indent_chars: int = 0
    line_pt: float = 0  # 0: single spacing
    after_pt: float = 0
    outline: int = -1  # heading level in the navigation pane, -1: body text
    keep_next: bool = False
    right_chars: int = 0  # right indent in characters (the 落款 "右空二字")
    before_pt: float = 0


STYLES: dict[str, _Style] = {s.id: s for s in (
    _Style("NbTitle", "报告标题", TITLE_FONT, TITLE_FONT, 22, align="center", line_pt=TITLE_LINE_PT, after_pt=LINE_PT,
           keep_next=True),
    _Style("NbHeading1", "报告一级标题", HEI, HEI, 16, indent_chars=2, line_pt=LINE_PT, outline=0, keep_next=True),
    _Style("NbHeading2", "报告二级标题", KAI, KAI, 16, indent_chars=2, line_pt=LINE_PT, outline=1, keep_next=True),
    _Style("NbBody", "报告正文", FANG, LATIN, 16, indent_chars=2, line_pt=LINE_PT),
    _Style("NbTable", "表格文字", FANG, LATIN, 10.5, align="center"),
    _Style("NbTableLabel", "表格行名", FANG, LATIN, 10.5, align="left"),
    _Style("NbSignature", "落款", FANG, LATIN, 16, align="right", line_pt=LINE_PT, right_chars=2),
)}


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _fonts_xml(east_asia: str, latin: str) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>'


def _style_xml(s: _Style) -> str:
    """XML of one custom paragraph style."""
    half_points = round(s.size_pt * 2)
    spacing = f'w:before="{round(s.before_pt * 20)}" w:after="{round(s.after_pt * 20)}"'
    spacing += f' w:line="{round(s.line_pt * 20)}" w:lineRule="exact"' if s.line_pt else ' w:line="240"'
    first_line = s.indent_chars * half_points * 10  # twips: chars × size
    indent = f'<w:ind w:firstLineChars="{s.indent_chars * 100}" w:firstLine="{first_line}"/>' if s.indent_chars else ""
    if s.right_chars:
        indent = f'<w:ind w:rightChars="{s.right_chars * 100}" w:right="{s.right_chars * half_points * 10}"/>'
    outline = f'<w:outlineLvl w:val="{s.outline}"/>' if s.outline >= 0 else ""
    return (f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{s.id}">'
            f'<w:name w:val="{s.name}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
            f'<w:pPr>{"<w:keepNext/>" if s.keep_next else ""}<w:spacing {spacing}/>{indent}'
            f'<w:jc w:val="{s.align}"/>{outline}</w:pPr><w:rPr>{_fonts_xml(s.font, s.latin)}'
            f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr></w:style>')


_DOC_DEFAULTS = (
    f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>{_fonts_xml(FANG, LATIN)}'
    '<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'
    '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '</w:pPrDefault></w:docDefaults>'
)
_PAGE_NUMBER_RPR = f'<w:rPr>{_fonts_xml(SONG, SONG)}<w:sz w:val="28"/></w:rPr>'  # 宋体 四号
_PAGE_NUMBER = (  # 公文 page number "— 1 —", centred
    f'<w:p {nsdecls("w")}><w:pPr><w:jc w:val="center"/></w:pPr>'
    f'<w:r>{_PAGE_NUMBER_RPR}<w:t xml:space="preserve">— </w:t></w:r>'
    f'<w:fldSimple w:instr=" PAGE "><w:r>{_PAGE_NUMBER_RPR}<w:t>1</w:t></w:r></w:fldSimple>'
    f'<w:r>{_PAGE_NUMBER_RPR}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'
)


def _setup_template(doc) -> None:
    """Page, styles and footer of the 公文 template."""
    styles = doc.styles.element
    styles.replace(styles.find(qn("w:docDefaults")), parse_xml(_DOC_DEFAULTS))
    for s in STYLES.values():
        styles.append(parse_xml(_style_xml(s)))
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    footer = section.footer._element
    footer.replace(footer.find(qn("w:p")), parse_xml(_PAGE_NUMBER))
    props = doc.core_properties
    props.author, props.comments, props.subject, props.last_modified_by = "", "", "政府信息公开工作年度报告", ""


def _with_font_fallbacks(font_table: bytes) -> bytes:
    """Declare the Chinese fonts (GB2312 charset) and their substitutes in word/fontTable.xml."""
    root = etree.fromstring(font_table)
    for name in _GB_FONTS:
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        if name in FONT_FALLBACKS:
            etree.SubElement(font, qn("w:altName"), {qn("w:val"): FONT_FALLBACKS[name]})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "auto"})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@cache
def template_bytes() -> bytes:
    """The 公文 template as .docx bytes, built once per process."""
    doc = Document()
    _setup_template(doc)
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, _with_font_fallbacks(data) if item.filename == "word/fontTable.xml" else data)
    return out.getvalue()


# ---------------------------------------------------------------- body XML

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 cannot hold


def _xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _run(text: str, font: str = "", color: str = "") -> str:
    rpr = (_fonts_xml(font, font) if font else "") + (f'<w:color w:val="{color}"/>' if color else "")
    text = escape(_xml_safe(text))
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _p(style: str, *runs: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{"".join(runs)}</w:p>'


def _paragraph(block: Paragraph) -> str:
    runs = [_run(block.lead, font=KAI)] if block.lead else []
    runs.append(_run(block.text, color=RED if block.placeholder else ""))
    return _p("NbBody", *runs)


def _column_widths(table: TableBlock) -> list[int]:
    labels = LABEL_WIDTHS_MM[table.grid.num]
    value_mm = (TEXT_WIDTH_MM - sum(labels)) / (table.grid.ncols - len(labels))
    return [_twips(mm) for mm in (*labels, *[value_mm] * (table.grid.ncols - len(labels)))]


_GRID_COL = '<w:gridCol w:w="{}"/>'


def _tc(width: int, colspan: int, vmerge: str, content: str) -> str:
    span = f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else ""
    merge = {"": "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[vmerge]
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/></w:tcPr>'
            f'{content}</w:tc>')


def _tbl_pr(widths: list[int]) -> str:
    """Table properties (explicit borders, fixed layout, narrow cell margins) and the column grid."""
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margins = "".join(f'<w:{side} w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>' for side in ("left", "right"))
    return (f'<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}</w:tblCellMar>'
            f'</w:tblPr><w:tblGrid>{"".join(_GRID_COL.format(w) for w in widths)}</w:tblGrid>')


def _cell_content(cell: GridCell, text: str) -> str:
    style = "NbTableLabel" if cell.role == "label" else "NbTable"
    return _p(style, _run(text, color=RED if cell.role == "value" and text == UNKNOWN else ""))


def _table(table: TableBlock) -> str:
    """A w:tbl: one w:tc per anchored cell (gridSpan, vMerge restart), an empty vMerge w:tc below it per row spanned."""
    grid = table.grid
    widths = _column_widths(table)
    continued: dict[int, list[GridCell]] = {}  # row -> anchors of vertical merges that cover it
    for cell in grid.cells:
        for r in range(cell.row + 1, cell.row + cell.rowspan):
            continued.setdefault(r, []).append(cell)
    parts = ["<w:tbl>", _tbl_pr(widths)]
    for r, anchors in enumerate(table.rows()):
        header = "<w:tblHeader/>" if r < grid.header_rows else ""
        parts.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        items = [(c, "restart" if c.rowspan > 1 else "", _cell_content(c, text)) for c, text in anchors]
        items += [(c, "continue", _p("NbTable")) for c in continued.get(r, [])]
        for cell, vmerge, content in sorted(items, key=lambda item: item[0].col):
            parts.append(_tc(sum(widths[cell.col:cell.col + cell.colspan]), cell.colspan, vmerge, content))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _body(doc: ReportDocument) -> str:
    parts = [_p("NbTitle", _run(doc.title)), *(_paragraph(p) for p in doc.opening)]
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(_p("NbHeading1" if block.level == 1 else "NbHeading2", _run(block.text)))
        elif isinstance(block, Paragraph):
            parts.append(_paragraph(block))
        else:
            parts.append(_table(block))
    if doc.closing:  # 正文下空一行，右空二字：机关名称，下一行成文日期
        parts += [_p("NbBody"), *(_p("NbSignature", _run(line)) for line in doc.closing.lines)]
    return "".join(parts)


def render_docx(doc: ReportDocument, agency: str = "") -> bytes:
    """The report as .docx bytes in 公文 layout."""
    word = Document(io.BytesIO(template_bytes()))
    props = word.core_properties
    props.title, props.author = _xml_safe(doc.title), _xml_safe(agency)
    props.created = props.modified = datetime.now(timezone.utc)
    body = word.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for element in parse_xml(f'<w:body {nsdecls("w")}>{_body(doc)}</w:body>'):
        sect_pr.addprevious(element)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
