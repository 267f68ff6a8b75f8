"""Exporters: table grids, the report document, Markdown and text output, and the package API."""
from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import EXAMPLE_FACTS, shared_file
from report import format as fmt
from report.errors import ExportError
from report.export import NOT_DRAFTED, UNKNOWN, build_document, export_filename, render, render_file, unknown_cells
from report.export.document import Heading, Paragraph, TableBlock
from report.export.grid import table_grids
from report.facts import Facts, blank_facts, load_facts

T2_VALUES = {"t2.regulations.made": 111, "t2.regulations.repealed": 112, "t2.regulations.valid": 113,
             "t2.normative_docs.made": 121, "t2.normative_docs.repealed": 122, "t2.normative_docs.valid": 123,
             "t2.licensing": 131, "t2.penalty": 132, "t2.coercion": 133}
FEE = "4068.208"


def t3_value(row: str, col: int) -> int:
    """A value unique to each Table 三 cell: r7.c3 → 1073."""
    return 1000 + int(row[1:]) * 10 + col


def distinct_facts() -> Facts:
    """Facts where every cell holds a different number (the identities need not hold for an export test)."""
    facts = blank_facts("测试县某某局", 2023)
    facts.t2.regulations.made, facts.t2.regulations.repealed, facts.t2.regulations.valid = 111, 112, 113
    facts.t2.normative_docs.made, facts.t2.normative_docs.repealed, facts.t2.normative_docs.valid = 121, 122, 123
    facts.t2.licensing, facts.t2.penalty, facts.t2.coercion = 131, 132, 133
    facts.t2.fees_wan = Decimal(FEE)
    facts.t3 = {r: [t3_value(r, c) for c in range(1, 8)] for r in fmt.T3_ROW_KEYS}
    facts.t4 = [2000 + c for c in range(1, 16)]
    return facts


def expected_text(key: str) -> str:
    """What the cell with this key must print in distinct_facts()."""
    if key == "t2.fees_wan":
        return FEE
    if key in T2_VALUES:
        return str(T2_VALUES[key])
    parts = key.split(".")
    if parts[0] == "t3":
        return str(t3_value(parts[1], int(parts[2][1:])))
    return str(2000 + int(parts[1][1:]))


def t3_row_values(row: str) -> list[str]:
    return [str(t3_value(row, c)) for c in range(1, 8)]


def t4_values() -> list[str]:
    return [str(2000 + c) for c in range(1, 16)]


def assert_in_order(text: str, items: list[str]) -> None:
    """Every item occurs in text, each after the previous one."""
    pos = 0
    for item in items:
        found = text.find(item, pos)
        assert found >= 0, f"missing after position {pos}: {item}"
        pos = found + len(item)


def printed_labels_in_order() -> list[str]:
    """All official labels of the three tables, in print order (row by row)."""
    labels: list[str] = []
    for caption, headers, rows in fmt.T2_LAYOUT:
        labels += [caption, *headers]
        for label, keys in rows:
            labels += [label, *(expected_text(k) for k in keys)]
    labels += [fmt.T3_NOTE, fmt.T3_APPLICANT_HEADER, fmt.T3_COLUMNS[0], fmt.T3_LEGAL_PERSON_HEADER,
               fmt.T3_COLUMNS[-1], *fmt.T3_COLUMNS[1:-1]]
    for row in fmt.T3_ROWS:
        labels += [row.label, *t3_row_values(row.key)]
    labels += [*fmt.T4_TOP_HEADERS, *fmt.T4_RESULTS, *fmt.T4_GROUPS[1:], *fmt.T4_RESULTS * 2, *t4_values()]
    return labels


# ---------------------------------------------------------------- grids


def test_grids_have_the_official_dimensions_and_every_cell_key_once():
    grids = table_grids()
    assert [(g.num, g.nrows, g.ncols) for g in grids.values()] == [("二", 14, 4), ("三", 28, 10), ("四", 4, 15)]
    keys = [c.key for g in grids.values() for c in g.cells if c.role == "value"]
    assert sorted(keys) == sorted(fmt.ALL_CELL_KEYS)
    for g in grids.values():
        covered = sorted((r, k) for c in g.cells for r in range(c.row, c.row + c.rowspan)
                         for k in range(c.col, c.col + c.colspan))
        assert covered == [(r, k) for r in range(g.nrows) for k in range(g.ncols)]


def test_t3_grid_merges_as_the_official_form():
    spans = {c.text: (c.rowspan, c.colspan) for c in table_grids()["三"].cells if c.text}
    assert spans[fmt.T3_NOTE] == (3, 3)
    assert spans[fmt.T3_APPLICANT_HEADER] == (1, 7)
    assert spans["自然人"] == spans["总计"] == (2, 1)
    assert spans[fmt.T3_LEGAL_PERSON_HEADER] == (1, 5)
    assert spans[fmt.T3_RESULTS_LABEL] == (22, 1)
    assert [spans[g] for g in fmt.T3_GROUP_HEADERS.values()] == [(8, 1), (3, 1), (5, 1), (3, 1)]
    for key in ("r1", "r2", "r25"):
        assert spans[fmt.T3_ROW_BY_KEY[key].label] == (1, 3)
    for key in ("r3", "r4", "r24"):
        assert spans[fmt.T3_ROW_BY_KEY[key].label] == (1, 2)


# ---------------------------------------------------------------- document


def test_document_has_title_and_six_sections_in_order():
    doc = build_document(distinct_facts())
    assert doc.title == "测试县某某局2023年政府信息公开工作年度报告"
    headings = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == [s.heading for s in fmt.SECTIONS]
    tables = [b.grid.num for b in doc.blocks if isinstance(b, TableBlock)]
    assert tables == ["二", "三", "四"]


def test_missing_narrative_gets_a_visible_placeholder():
    doc = build_document(distinct_facts())
    placeholders = [b for b in doc.blocks if isinstance(b, Paragraph) and b.placeholder]
    assert [p.text for p in placeholders] == [NOT_DRAFTED] * 3


def test_sections_param_overrides_facts_sections_per_key_and_ignores_table_sections():
    facts = distinct_facts()
    facts.sections = {"一": "事实文件里的总体情况。", "五": "事实文件里的问题。"}
    doc = build_document(facts, {"五": "起草的问题与改进。", "二": "不应出现的表二文字。"})
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert texts == ["事实文件里的总体情况。", "起草的问题与改进。", NOT_DRAFTED]


def test_narrative_paragraphs_subheads_and_repeated_heading():
    text = "一、总体情况\n（一）主动公开\n本年度主动公开信息72条。\n\n（二）依申请公开。本年度收到申请5件。\n1.加强培训。"
    facts = distinct_facts()
    doc = build_document(facts, {"一": text})
    blocks = doc.blocks[1:doc.blocks.index(Heading("二、主动公开政府信息情况", 1))]
    assert blocks == (Heading("（一）主动公开", 2), Paragraph("本年度主动公开信息72条。"),
                      Paragraph("本年度收到申请5件。", lead="（二）依申请公开。"), Paragraph("1.加强培训。"))


def test_unknown_counts_are_marked_not_zero():
    facts = distinct_facts()
    facts.t3["r7"][2] = None
    facts.t3["r7"][6] = None
    facts.t3["r24"][2] = None
    facts.t3["r24"][6] = None
    facts.t4[0] = None
    facts.t2.fees_wan = None
    assert set(unknown_cells(facts)) == {"t3.r7.c3", "t3.r7.c7", "t3.r24.c3", "t3.r24.c7", "t4.c1", "t2.fees_wan"}
    lines = render(facts, "txt").decode("utf-8").splitlines()
    r7 = next(line for line in lines if line.startswith(fmt.T3_ROW_BY_KEY["r7"].label + "\t"))
    assert r7.split("\t")[1:] == ["1071", "1072", UNKNOWN, "1074", "1075", "1076", UNKNOWN]
    assert f"{fmt.T2_SINGLE_ROWS['licensing']}\t131" in lines
    assert "行政事业性收费\t" + UNKNOWN in lines


def test_null_totals_are_filled_before_printing():
    facts = blank_facts("测试县某某局", 2023)
    facts.t3["r1"][:6] = [4, 1, 0, 0, 0, 2]
    facts.t4[0:4] = [1, 2, 0, 1]
    lines = render(facts, "txt").decode("utf-8").splitlines()
    assert fmt.T3_ROW_BY_KEY["r1"].label + "\t4\t1\t0\t0\t0\t2\t7" in lines
    assert "1\t2\t0\t1\t4\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0" in lines
    assert unknown_cells(facts) == ()


def test_fee_is_printed_as_stored_in_wan():
    facts = distinct_facts()
    assert f"行政事业性收费\t{FEE}" in render(facts, "txt").decode("utf-8").splitlines()
    facts.t2.fees_wan = Decimal("0")
    assert "行政事业性收费\t0" in render(facts, "txt").decode("utf-8").splitlines()


# ---------------------------------------------------------------- text


def test_txt_has_title_sections_and_every_label_and_value_in_order():
    facts = distinct_facts()
    text = render(facts, "txt", {"一": "总体情况正文。", "五": "问题正文。", "六": "未收取信息处理费。"}).decode("utf-8")
    assert text.splitlines()[0] == "测试县某某局2023年政府信息公开工作年度报告"
    headings = [s.heading for s in fmt.SECTIONS]
    assert_in_order(text, [headings[0], "总体情况正文。", headings[1]])
    assert_in_order(text, [headings[1], *printed_labels_in_order(), headings[4], "问题正文。", headings[5],
                           "未收取信息处理费。"])


def test_txt_tables_are_tab_separated_rows():
    lines = render(distinct_facts(), "txt").decode("utf-8").splitlines()
    for row in fmt.T3_ROWS:
        matches = [line for line in lines if line.endswith("\t".join([row.label, *t3_row_values(row.key)]))]
        assert len(matches) == 1, row.key
        prefix = matches[0].split("\t")[:-8]  # merged parent labels appear only on the first row of their span
        assert prefix in ([], [fmt.T3_RESULTS_LABEL], [row.group], [fmt.T3_RESULTS_LABEL, row.group])
    assert "规章\t111\t112\t113" in lines
    assert "行政处罚\t132" in lines
    assert "\t".join(t4_values()) in lines
    assert "\t".join(fmt.T4_TOP_HEADERS) in lines


# ---------------------------------------------------------------- markdown


def test_md_has_headings_and_every_label_and_value_in_order():
    text = render(distinct_facts(), "md", {"一": "（一）主动公开\n正文。"}).decode("utf-8")
    assert text.startswith("# 测试县某某局2023年政府信息公开工作年度报告\n")
    assert_in_order(text, [f"## {s.heading}" for s in fmt.SECTIONS])
    assert "### （一）主动公开" in text
    assert_in_order(text, printed_labels_in_order())


def test_md_table_rows_hold_label_then_values():
    text = render(distinct_facts(), "md").decode("utf-8")
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines() if line.startswith("|")]
    for row in fmt.T3_ROWS:
        match = [r for r in rows if r[-7:] == t3_row_values(row.key)]
        assert len(match) == 1 and len(match[0]) == 10
        assert row.label in match[0][:3]
    assert ["行政许可", "131", "", ""] in rows


def test_md_paragraph_starting_with_a_number_is_not_a_list():
    text = render(distinct_facts(), "md", {"五": "1. 加强培训。"}).decode("utf-8")
    assert "1\\. 加强培训。" in text


# ---------------------------------------------------------------- API


def test_export_filename_is_the_title():
    facts = distinct_facts()
    assert export_filename(facts, "docx") == "测试县某某局2023年政府信息公开工作年度报告.docx"
    assert export_filename(facts, "md").endswith(".md")
    facts.agency = "测试县/某某局"
    assert "/" not in export_filename(facts, "txt")


def test_unknown_kind_or_suffix_is_a_chinese_error(tmp_path):
    facts = distinct_facts()
    with pytest.raises(ExportError, match="不支持的导出格式"):
        render(facts, "pdf")
    with pytest.raises(ExportError, match=r"\.pdf"):
        render_file(facts, tmp_path / "报告.pdf")
    with pytest.raises(ExportError, match="不支持"):
        export_filename(facts, "html")
    assert not (tmp_path / "报告.pdf").exists()


def test_render_file_writes_each_kind_by_suffix(tmp_path):
    facts = distinct_facts()
    for kind in ("md", "txt"):
        path = render_file(facts, tmp_path / "out" / f"报告.{kind.upper()}")
        assert path.read_bytes() == render(facts, kind)
    docx_path = render_file(facts, tmp_path / "out" / "报告.docx")
    assert docx_path.read_bytes()[:2] == b"PK"


def test_example_facts_render_in_every_kind():
    facts = load_facts(shared_file(EXAMPLE_FACTS))
    text = render(facts, "txt").decode("utf-8")
    assert text.startswith(fmt.report_title(facts.agency, facts.year))
    assert f"行政许可\t{facts.t2.licensing}" in text.splitlines()
    assert UNKNOWN not in text  # every null in the example is a total that fill_totals computes
    assert render(facts, "md").decode("utf-8").count("|") > 100
