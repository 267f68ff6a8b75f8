"""Parser on reports the tests write: every table layout, label variant and blank-cell convention the issue names."""
from __future__ import annotations

import pytest

from parser_fixtures import (AGENCY, NARRATIVE, T2, T3, T4, YEAR, docx_report, html_report, report_2019_text,
                             report_text, t2_lines, t3_lines, t4_lines)
from report import format as fmt
from report.parser import parse_bytes, parse_text, split_sections

UNREAD_WORDS = ("未读取", "未读到", "未找到", "无法")


def assert_complete(r, notes_allowed: tuple[str, ...] = ()) -> None:
    """All three tables equal the fixture's figures and no note says something was not read."""
    assert r.t2 == T2
    assert r.t3 == T3
    assert r.t4 == T4
    assert r.tables_complete()
    bad = [n for n in r.notes if any(w in n for w in UNREAD_WORDS) and not any(a in n for a in notes_allowed)]
    assert bad == []


def test_tab_separated_merged_label_layout_reads_every_cell_and_the_front_matter():
    r = parse_text(report_text())
    assert_complete(r)
    assert (r.agency, r.year, r.format) == (AGENCY, YEAR, fmt.FORMAT_2021)
    assert r.title == fmt.report_title(AGENCY, YEAR)
    assert r.notes == []


def test_sections_are_cut_at_the_six_headings_and_headings_are_not_in_the_text():
    r = parse_text(report_text())
    assert list(r.sections) == list(fmt.SECTION_NUMS)
    for num in fmt.NARRATIVE_SECTIONS:
        assert r.sections[num] == NARRATIVE[num]
    assert r.sections["二"].startswith(fmt.T2_BLOCK_1)
    assert split_sections(report_text()) == r.sections


@pytest.mark.parametrize("layout,sep", [("flat", "\t"), ("merged", " | "), ("flat", "|"), ("flat", "   "),
                                        ("merged", "  ")])
def test_row_separators_tab_pipe_and_multiple_spaces(layout, sep):
    text = report_text(t2=t2_lines(sep), t3=t3_lines(layout, sep), t4=t4_lines(sep))
    assert_complete(parse_text(text))


def test_markdown_tables_with_rule_rows_and_markdown_headings():
    t3 = [f"| {line} |" for line in t3_lines("flat", " | ")]
    t3.insert(1, "|" + "---|" * 8)
    text = report_text(t3=t3).replace("一、总体情况", "## 一、总体情况").replace("六、其他需要报告的事项", "**六、其他需要报告的事项**")
    r = parse_bytes(text.encode("utf-8"), "report.md")
    assert_complete(r)
    assert r.sections["六"] == NARRATIVE["六"]


def test_one_cell_per_line_layout():
    text = report_text(t2=[c for line in t2_lines() for c in line.split("\t")], t3=t3_lines("cells"),
                       t4=[c for line in t4_lines() for c in line.split("\t")])
    assert_complete(parse_text(text))


@pytest.mark.parametrize("split", [1, 3, 15])
def test_table_four_as_one_row_or_split_over_lines(split):
    assert_complete(parse_text(report_text(t4=t4_lines(split=split))))


def test_table_four_as_three_labelled_group_rows():
    t4 = [fmt.T4_GROUPS[i] + "\t" + "\t".join(map(str, T4[5 * i:5 * i + 5])) for i in range(3)]
    assert parse_text(report_text(t4=["\t".join(fmt.T4_RESULTS), *t4])).t4 == T4


def test_html_table_with_rowspan_and_colspan_inside_layout_divs():
    r = parse_bytes(html_report().encode("utf-8"), "report.html")
    assert_complete(r)
    assert (r.agency, r.year) == (AGENCY, YEAR)
    assert r.sections["五"] == NARRATIVE["五"]


def test_html_in_gbk_declared_by_meta_charset():
    html = html_report().replace('charset="utf-8"', 'charset="gbk"')
    assert_complete(parse_bytes(html.encode("gbk"), "report.htm"))


def test_docx_with_merged_cells_made_by_python_docx():
    r = parse_bytes(docx_report(), "report.docx")
    assert_complete(r)
    assert (r.agency, r.year, r.format) == (AGENCY, YEAR, fmt.FORMAT_2021)
    assert r.sections["六"] == NARRATIVE["六"]


def test_label_variants_half_width_brackets_enum_commas_spaces_short_names():
    t3 = "\n".join(t3_lines("flat"))
    for old, new in (("（六）其他处理", "（六）其他"), ("（", "("), ("）", ")"), ("1.", "1、"), ("2.", "2、"), ("3.", "3、"),
                     ("其他法律行政法规禁止公开", "其他法律法规禁止公开"), ("结转下年度", "结转下一年度"),
                     ("商业企业", "商业 企业"), ("予以公开", "予以 公开")):
        t3 = t3.replace(old, new)
    t2 = [line.replace("行政规范性文件", "规范性文件") for line in t2_lines()]
    assert_complete(parse_text(report_text(t2=t2, t3=t3.split("\n"))))


def test_traditional_characters_in_headings_and_labels():
    text = report_text(t3=t3_lines("flat"))
    for old, new in (("主动公开政府信息情况", "主動公開政府信息情況"), ("总体情况", "總體情況"), ("规章", "規章"),
                     ("行政规范性文件", "行政規範性文件"), ("行政处罚", "行政處罰"), ("本年度办理结果", "本年度辦理結果"),
                     ("不予公开", "不予公開"), ("属于国家秘密", "屬於國家秘密".replace("於", "于")),
                     ("结转下年度继续办理", "結轉下年度繼續辦理"), ("第二十条", "第二十條"), ("项", "項")):
        text = text.replace(old, new)
    r = parse_text(text)
    assert_complete(r)
    assert "一" in r.sections and "二" in r.sections


def test_full_width_digits_and_thousands_separators_are_read_as_numbers():
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    t2 = [line.replace("1234", "1,234") for line in t2_lines()]
    t3 = t3_lines("merged", cell=lambda k, c, v: str(v).translate(wide) if c % 2 else str(v))
    assert_complete(parse_text(report_text(t2=t2, t3=t3)))


def test_blank_slash_and_dash_are_kept_apart_from_zero_and_noted():
    blanks = {("r3", 2): "", ("r5", 7): "/", ("r16", 4): "-", ("r25", 1): "—"}
    t3 = t3_lines("merged", cell=lambda k, c, v: blanks.get((k, c), str(v)))
    r = parse_text(report_text(t3=t3))
    for (key, col), _ in blanks.items():
        assert r.t3[key][col - 1] is None
    others = {(k, c) for k in fmt.T3_ROW_KEYS for c in range(1, 8)} - set(blanks)
    assert all(r.t3[k][c - 1] == T3[k][c - 1] for k, c in others)
    assert any("4 个单元格空白" in n for n in r.notes)
    assert not r.tables_complete()


def test_unreadable_cell_is_null_and_reported():
    t2 = [line.replace("行政许可\t1234", "行政许可\t?") for line in t2_lines()]
    r = parse_text(report_text(t2=t2))
    assert r.t2["licensing"] is None
    assert any("无法识别" in n and "行政许可" in n for n in r.notes)


def test_surplus_number_settled_by_the_identities_when_one_reading_fits():
    t3 = t3_lines("merged")
    i = next(n for n, line in enumerate(t3) if line.startswith("\t（七）总计"))
    t3[i] += "\t99"
    r = parse_text(report_text(t3=t3))
    assert r.t3 == T3
    assert any("8 个数值" in n and "勾稽" in n for n in r.notes)


def test_surplus_number_with_two_consistent_readings_is_not_guessed():
    # r5 reads 1,0,0,0,0,0,1 or 0,0,0,0,0,1,1 — both satisfy its row total; no （七）总计 row to decide.
    t3 = [line for line in t3_lines("merged") if "（七）总计" not in line]
    i = next(n for n, line in enumerate(t3) if "属于国家秘密" in line)
    t3[i] = "\t（三）不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1\t1"
    r = parse_text(report_text(t3=t3))
    assert r.t3["r5"] == [None] * 7
    assert r.t3["r24"] == [None] * 7
    assert any("属于国家秘密" in n and "无法唯一确定" in n for n in r.notes)


def test_short_row_is_not_filled():
    t3 = t3_lines("merged")
    i = next(n for n, line in enumerate(t3) if "重复申请" in line)
    t3[i] = t3[i].rsplit("\t", 1)[0]
    r = parse_text(report_text(t3=t3))
    assert r.t3["r17"] == [None] * 7
    assert any("重复申请" in n and "只有 6 个数值" in n for n in r.notes)


def test_2019_format_is_detected_table_two_left_out_and_other_row_mapped():
    r = parse_text(report_2019_text())
    assert r.format == fmt.FORMAT_2019
    assert r.year == 2020
    assert r.t2 is None
    expected = dict(T3)
    expected["r21"] = expected["r22"] = [0] * 7
    expected["r23"] = [sum(T3[k][c] for k in ("r21", "r22", "r23")) for c in range(7)]
    assert r.t3 == expected
    assert r.t4 == T4
    assert any("2019年格式" in n and fmt.NOTICE_2019 in n for n in r.notes)
    assert any("其他处理" in n and "记为 0" in n for n in r.notes)


def test_2021_report_in_2019_layout_is_flagged():
    text = report_2019_text().replace("2020年政府信息", "2022年政府信息")
    r = parse_text(text)
    assert r.format == fmt.FORMAT_2019 and r.year == 2022
    assert any("应使用2021年格式" in n for n in r.notes)


def test_tables_after_section_six_as_an_appendix():
    s = {sec.num: sec.heading for sec in fmt.SECTIONS}
    text = "\n".join([fmt.report_title(AGENCY, YEAR), s["一"], NARRATIVE["一"], s["二"], "详见附表。", s["三"], "详见附表。",
                      s["四"], "详见附表。", s["五"], NARRATIVE["五"], s["六"], NARRATIVE["六"], "相关指标统计附表",
                      *t2_lines(), *t3_lines("merged"), *t4_lines()])
    r = parse_text(text)
    assert_complete(r)
    assert r.sections["六"].startswith(NARRATIVE["六"])
    assert fmt.T2_BLOCK_1 not in r.sections["六"]


def test_missing_tables_and_sections_are_noted_not_invented():
    s = {sec.num: sec.heading for sec in fmt.SECTIONS}
    r = parse_text("\n".join([fmt.report_title(AGENCY, YEAR), s["一"], NARRATIVE["一"]]))
    assert (r.t2, r.t3, r.t4) == (None, None, None)
    assert "未找到第二、三、四、五、六部分" in r.notes
    assert {"未找到表二", "未找到表三", "未找到表四"} <= set(r.notes)


def test_narrative_numbers_never_become_table_cells():
    s = {sec.num: sec.heading for sec in fmt.SECTIONS}
    one = "全年共收到申请 58 件，其中结转下年度继续办理 3\n二、上年结转政府信息公开申请数量说明 4"
    r = parse_text("\n".join([fmt.report_title(AGENCY, YEAR), s["一"], one, s["五"], NARRATIVE["五"]]))
    assert r.t3 is None and r.t4 is None


@pytest.mark.parametrize("head,agency,year", [
    ("示例市人民政府\n2024 年政府信息公开工作年度报告", "示例市人民政府", 2024),
    ("正文\n2025 年示例省人民政府办公厅政府信息公开\n工作年度报告", "示例省人民政府办公厅", 2025),
    ("示例区人民政府外事办公室政府信息公开工作2022年度报告", "示例区人民政府外事办公室", 2022),
    ("示例街道2025年度政府信息公开工作报告", "示例街道", 2025),
    ("示审综〔2026〕2号\n示例市审计局[spam-token]\n2025年政府信息公开工作的年度报告", "示例市审计局", 2025),
    ("Page 3 - 示例区综合行政执法局2021年政府信息公开工作年度报告", "示例区综合行政执法局", 2021),
    ("示例县人民政府关于2023年政府信息公开工作年度报告", "示例县人民政府", 2023),
    ("陝西示例縣人民政府辦公廳2022年政府信息公開工作年度報告", "陕西示例县人民政府办公厅", 2022),
    ("根据《条例》，现将示例县人民政府（县人民政府办公室）2023年政府信息公开工作年度报告予以公布。",
     "示例县人民政府", 2023),
    ("根据《示例省政务公开办公室关于做好2023年政府信息公开工作年度报告编制工作的通知》要求编制。"
     "本报告统计期限为2023年1月1日至12月31日。如有疑问，请与示例县信访局联系（电话：1234）。", "示例县信访局", 2023),
])
def test_agency_and_year_from_title_or_preamble(head, agency, year):
    r = parse_text(head + "\n一、总体情况\n" + NARRATIVE["一"])
    assert (r.agency, r.year) == (agency, year)


def test_year_from_the_opening_of_section_one_is_noted():
    r = parse_text("一、总体情况\n2022年，本局主动公开政府信息56条。\n五、存在的主要问题及改进情况\n" + NARRATIVE["五"])
    assert r.year == 2022
    assert any("推断为 2022 年" in n for n in r.notes)


def test_data_table_inside_a_layout_table_cell():
    html = html_report().replace('<div id="content">', '<table class="layout"><tr><td>').replace(
        "</div></div></body>", "</div></td></tr></table></body>")
    assert_complete(parse_bytes(html.encode(), "report.html"))


def test_missing_heading_five_is_recovered_after_table_four():
    text = report_text().replace("五、存在的主要问题及改进情况\n", "")
    text = text.replace(NARRATIVE["五"], NARRATIVE["五"] * 3)
    r = parse_text(text)
    assert r.sections["五"] == NARRATIVE["五"] * 3
    assert r.t4 == T4
    assert any("第五部分" in n for n in r.notes)
