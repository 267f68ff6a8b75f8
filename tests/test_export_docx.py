"""The .docx export read back with python-docx: every label and number in its cell, merges, 公文 layout."""
from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import EXAMPLE_FACTS, shared_file
from report import format as fmt
from report.export import NOT_DRAFTED, UNKNOWN, render
from report.facts import load_facts
from test_export import distinct_facts, expected_text

SECTIONS = {"一": "（一）主动公开\n本年度主动公开信息72条。\n（二）依申请公开。本年度收到申请5件。", "六": "未收取信息处理费。"}


@pytest.fixture(scope="module")
def word():
    return Document(io.BytesIO(render(distinct_facts(), "docx", SECTIONS)))


def matrix(table) -> list[list]:
    """Grid cells of a table: python-docx repeats a merged cell at every grid position it covers."""
    return [list(row.cells) for row in table.rows]


def spans(table) -> dict[str, tuple[int, int]]:
    """(rows, columns) covered by each distinct cell (de-duplicated by its w:tc), keyed by text."""
    positions: dict = {}
    for r, row in enumerate(matrix(table)):
        for c, cell in enumerate(row):
            positions.setdefault(cell._tc, (cell.text, set()))[1].add((r, c))
    out = {}
    for text, pos in positions.values():
        rows, cols = {p[0] for p in pos}, {p[1] for p in pos}
        assert len(pos) == len(rows) * len(cols), f"cell {text} is not a rectangle"
        out.setdefault(text, (len(rows), len(cols)))
    return out


def test_title_and_sections_in_order(word):
    paras = [(p.style.name, p.text) for p in word.paragraphs]
    assert paras[0] == ("报告标题", "测试县某某局2023年政府信息公开工作年度报告")
    assert [t for s, t in paras if s == "报告一级标题"] == [s.heading for s in fmt.SECTIONS]
    assert ("报告二级标题", "（一）主动公开") in paras
    assert ("报告正文", "（二）依申请公开。本年度收到申请5件。") in paras
    assert [t for s, t in paras if s == "报告正文"].count(NOT_DRAFTED) == 1  # only 五 is missing
    assert len(word.tables) == 3


def test_title_lines_never_overlap_whatever_font_stands_in(word):
    fmt_ = word.styles["报告标题"].paragraph_format
    size = word.styles["报告标题"].font.size
    assert fmt_.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt_.line_spacing > size * 1.4


def test_inline_subhead_is_kaiti(word):
    para = next(p for p in word.paragraphs if p.text.startswith("（二）依申请公开。"))
    assert para.runs[0].text == "（二）依申请公开。"
    assert para.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"


def test_t3_every_number_under_its_row_and_column_label(word):
    m = matrix(word.tables[1])
    assert len(m) == 28 and all(len(row) == 10 for row in m)
    column_of = {m[2][j].text: j for j in range(3, 10)}
    assert m[0][3].text == fmt.T3_APPLICANT_HEADER and m[1][4].text == fmt.T3_LEGAL_PERSON_HEADER
    for row in fmt.T3_ROWS:
        found = [i for i in range(3, 28) if m[i][2].text == row.label]
        assert len(found) == 1, row.key
        i = found[0]
        if row.group in fmt.T3_GROUP_HEADERS.values():
            assert (m[i][0].text, m[i][1].text) == (fmt.T3_RESULTS_LABEL, row.group)
        elif row.group:
            assert (m[i][0].text, m[i][1].text) == (fmt.T3_RESULTS_LABEL, row.label)
        else:
            assert m[i][0].text == m[i][1].text == row.label
        for c, label in enumerate(fmt.T3_COLUMNS, start=1):
            assert m[i][column_of[label]].text == expected_text(fmt.t3_key(row.key, c)), (row.key, label)


def test_t3_official_merges(word):
    s = spans(word.tables[1])
    assert s[fmt.T3_NOTE] == (3, 3)
    assert s[fmt.T3_APPLICANT_HEADER] == (1, 7)
    assert s["自然人"] == s["总计"] == (2, 1)
    assert s[fmt.T3_LEGAL_PERSON_HEADER] == (1, 5)
    assert s[fmt.T3_RESULTS_LABEL] == (22, 1)
    assert [s[g] for g in fmt.T3_GROUP_HEADERS.values()] == [(8, 1), (3, 1), (5, 1), (3, 1)]
    assert [s[fmt.T3_ROW_BY_KEY[k].label] for k in ("r1", "r2", "r3", "r4", "r24", "r25")] == \
        [(1, 3), (1, 3), (1, 2), (1, 2), (1, 2), (1, 3)]


def test_t4_every_number_under_its_headers(word):
    m = matrix(word.tables[2])
    assert len(m) == 4 and all(len(row) == 15 for row in m)
    for c in range(1, 16):
        col = m[0][c - 1], m[1][c - 1], m[2][c - 1]
        if c <= 5:
            assert col[1]._tc is col[2]._tc  # 行政复议 results span two header rows
            label = col[0].text + col[1].text
        else:
            assert col[0].text == fmt.T4_TOP_HEADERS[1]
            label = col[1].text + col[2].text
        assert label == fmt.T4_COLUMN_LABELS[c - 1]
        assert m[3][c - 1].text == expected_text(fmt.t4_key(c))
    s = spans(word.tables[2])
    assert (s["行政复议"], s["行政诉讼"], s["未经复议直接起诉"], s["复议后起诉"]) == ((1, 5), (1, 10), (1, 5), (1, 5))


def test_t2_every_number_under_its_block_and_column(word):
    m = matrix(word.tables[0])
    assert len(m) == 14 and all(len(row) == 4 for row in m)
    for cell in fmt.T2_CELLS:
        i = next(i for i, row in enumerate(m) if row[0].text == cell.row)
        header = max(h for h in range(i) if m[h][0].text == fmt.T2_ROW_LABEL_HEADER)
        assert m[header - 1][0].text == cell.block
        j = next(j for j in range(1, 4) if m[header][j].text == cell.column)
        assert m[i][j].text == expected_text(cell.key), cell.key
    s = spans(word.tables[0])
    assert s[fmt.T2_BLOCK_1] == (1, 4) and s[fmt.T2_DECISION_COLUMN] == (1, 3) and s["131"] == (1, 3)


def test_no_table_cell_is_blank(word):
    for table in word.tables:
        assert all(cell.text.strip() for row in matrix(table) for cell in row)
        assert table.style.name == "Table Grid"
        assert table._tbl.tblPr.find(qn("w:tblBorders")) is not None


def test_unknown_cell_is_marked_in_red():
    facts = distinct_facts()
    facts.t3["r9"][0] = None
    facts.t3["r9"][6] = None
    facts.t3["r24"][0] = None
    facts.t3["r24"][6] = None
    m = matrix(Document(io.BytesIO(render(facts, "docx"))).tables[1])
    row = next(r for r in m if r[2].text == fmt.T3_ROW_BY_KEY["r9"].label)
    assert [row[3].text, row[9].text] == [UNKNOWN, UNKNOWN]
    assert row[3].paragraphs[0].runs[0].font.color.rgb == (0xFF, 0, 0)
    assert row[4].text == "1092"


def test_gongwen_page_and_styles(word):
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    expected = {"报告标题": ("方正小标宋简体", 22), "报告一级标题": ("黑体", 16), "报告二级标题": ("楷体_GB2312", 16),
                "报告正文": ("仿宋_GB2312", 16)}
    for name, (font, size) in expected.items():
        style = word.styles[name]
        assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == font
        assert style.font.size == Pt(size)
    body = word.styles["报告正文"].paragraph_format
    assert body.line_spacing == Pt(28) and body.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert word.styles["报告正文"].element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert word.styles["报告标题"].paragraph_format.alignment == 1  # centred
    assert 10.5 <= word.styles["表格文字"].font.size.pt <= 12
    assert word.core_properties.title == "测试县某某局2023年政府信息公开工作年度报告"


def test_font_table_declares_fallbacks():
    with zipfile.ZipFile(io.BytesIO(render(distinct_facts(), "docx"))) as z:
        fonts = z.read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>' in fonts
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts


def test_example_facts_docx_reads_back():
    facts = load_facts(shared_file(EXAMPLE_FACTS))
    m = matrix(Document(io.BytesIO(render(facts, "docx"))).tables[1])
    r1 = next(r for r in m if r[2].text == fmt.T3_ROW_BY_KEY["r1"].label)
    known = facts.t3["r1"][:6]
    assert [c.text for c in r1[3:]] == [*map(str, known), str(sum(known))]  # the null total was filled


def test_control_characters_in_text_do_not_break_the_docx():
    facts = distinct_facts()
    facts.agency = "测试县\x07某某局"
    word = Document(io.BytesIO(render(facts, "docx", {"一": "正文\x00含控制字符\x1f。"})))
    assert word.paragraphs[0].text.startswith("测试县某某局")
    assert any(p.text == "正文含控制字符。" for p in word.paragraphs)
