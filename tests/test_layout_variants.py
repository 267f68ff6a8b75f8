"""Parser on real publishing habits (CMS pages, crawler dumps, Word files, mirrors): every cell back or noted."""
from __future__ import annotations

import io
import re
from typing import Callable

import pytest

from layout_variants import (FOOTER, Printed, Source, TextLayout, browser_text, docx_file, enum_commas, grouped_number,
                             half_brackets, html_page, local_names, parsed_cells, random_source, source_of, spaced,
                             squash, text_report, traditional, wide_number)
from report import format as fmt
from report.parsed import ParsedReport
from report.parser import parse_bytes, parse_file, parse_text
from settings import BUNDLED_CORPUS_DIR

BLANK_NOTE = re.compile(r"(表[二三四])(?:有|缺少) (\d+) 个单元格(?:空白|（未读取）)")
HEADINGS_A = {"四": "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "五": "五、存在的主要问题及整改措施",
              "六": "六、其他事项"}
HEADINGS_B = {"一": "第一部分 总体情况", "四": "四、政府信息公开行政复议和行政诉讼情况",
              "五": "五、政府信息公开工作存在的主要问题及改进情况", "六": "六、其他需要报告的情况："}


@pytest.fixture(scope="module", params=["corpus", "busy"])
def src(request) -> Source:
    """A bundled report as parsed, and a report with non-trivial figures (≥ 1, up to thousands) in every cell."""
    corpus = source_of(parse_file(BUNDLED_CORPUS_DIR / "qingxi-gov-2023.txt"))
    if request.param == "corpus":
        return corpus
    busy = random_source(11, low=1)
    return Source("示例市人民政府办公室", 2024, busy.cells, corpus.sections)


def mirror_source(src: Source) -> Source:
    """The same report on a traditional-character mirror site (narrative converted too)."""
    return Source(src.agency, src.year, src.cells, {k: traditional(v) for k, v in src.sections.items()})


def assert_read(r: ParsedReport, src: Source, blanks: dict[str, str] | None = None) -> None:
    """Agency, year and six sections found; every cell equals the source, blanked cells null and counted in notes as
    blank (or, for a lone blank after a label in plain text, as missing); no other note."""
    blanks = blanks or {}
    assert (r.agency, r.year) == (src.agency, src.year)
    got = parsed_cells(r)
    want = {k: None if k in blanks else src.cells[k] for k in fmt.ALL_CELL_KEYS}
    assert {k: (got[k], want[k]) for k in want if got[k] != want[k]} == {}
    assert list(r.sections) == list(fmt.SECTION_NUMS)
    for num in fmt.NARRATIVE_SECTIONS:
        assert squash(r.sections[num]) == squash(src.sections[num]), num
    blank_notes = [n for n in r.notes if BLANK_NOTE.search(n)]
    assert sum(int(BLANK_NOTE.search(n).group(2)) for n in blank_notes) == len(blanks)
    assert [n for n in r.notes if n not in blank_notes] == []


def text(layout: TextLayout) -> Callable[[Source], ParsedReport]:
    return lambda s: parse_text(text_report(s, layout))


def front(*lines: str) -> Callable[[Source], tuple[str, ...]]:
    """Front matter lines: {a} the agency, {y} the year ({yw} in full-width digits), {y1} the next year."""
    return lambda s: tuple(line.format(a=s.agency, y=s.year, yw=wide_number(s.year), y1=s.year + 1) for line in lines)


PARTS = tuple(s.heading for s in fmt.SECTIONS)
FRONTS = {
    "title-niandu": front("{a}{y}年度政府信息公开工作年度报告"),
    "title-year-last": front("{a}政府信息公开工作{y}年度报告"),
    "title-two-lines": front("{a}", "{y}年政府信息公开工作年度报告"),
    "title-three-lines-full-width-year": front("{a}", "{yw}年政府信息公开工作", "年度报告"),
    "title-spaces-around-year": front("{a} {y} 年政府信息公开工作年度报告（全文）"),
    "title-guanyu-qingkuang": front("{a}关于{y}年度政府信息公开工作情况的报告"),
    "title-wenhao": front("示政办〔{y1}〕3号", "{a}{y}年政府信息公开工作年度报告"),
    "title-published-line": front("{a}{y}年政府信息公开工作年度报告",
                                  "发布时间：{y1}-01-20 09:30　来源：{a}　浏览次数：356"),
    "published-line-first": front("发布时间：{y1}-01-20　来源：{a}", "{a}{y}年政府信息公开工作年度报告",
                                  "示政办〔{y1}〕3号"),
    "preamble-lists-parts": front("{a}{y}年政府信息公开工作年度报告",
                                  f"本报告依据{fmt.NOTICE_2021}编制，全文包括以下六个部分：",
                                  *PARTS, "统计期限为{y}年1月1日至{y}年12月31日。"),
    "preamble-lists-parts-semicolons": front("{a}{y}年政府信息公开工作年度报告", "本报告内容包括：",
                                             *(p + "；" for p in PARTS[:-1]), PARTS[-1] + "。"),
    "preamble-lists-parts-blank-lines": front("{a}{y}年政府信息公开工作年度报告", "本报告内容包括：",
                                              *(x for p in PARTS for x in ("", p)), ""),
}


def with_front(read: Callable[[Source, tuple[str, ...]], ParsedReport],
               make: Callable[[Source], tuple[str, ...]]) -> Callable[[Source], ParsedReport]:
    """A variant reading the report printed with the front matter `make` gives."""
    return lambda s: read(s, make(s))


def _mirror_label(s: str) -> str:
    return local_names(enum_commas(half_brackets(spaced(traditional(s)))))


VARIANTS: dict[str, Callable[[Source], ParsedReport]] = {
    "html-cms-page": lambda s: parse_bytes(html_page(s).encode("utf-8"), "art_1229_4411.html"),
    "html-cms-page-gbk": lambda s: parse_bytes(html_page(s).replace("charset=utf-8", "charset=gbk").encode("gb18030"),
                                               "index.htm"),
    "html-flattened-one-cell-per-line": lambda s: parse_text(browser_text(html_page(s))),
    "html-pasted-from-word": lambda s: parse_bytes(html_page(s, word=True).encode("utf-8"), "a.html"),
    "html-pasted-from-word-thousands": lambda s: parse_bytes(html_page(s, Printed(number=grouped_number),
                                                                       word=True).encode(), "a.html"),
    "html-long-site-menu": lambda s: parse_bytes(html_page(s, nav_repeat=5).encode("utf-8"), "a.shtml"),
    "html-long-site-menu-flattened": lambda s: parse_text(browser_text(html_page(s, nav_repeat=5))),
    "pdf-dump-wrapped-labels-figures-first": text(TextLayout(sep="spaces", t3="flat", wrap=14, page_break=9)),
    "pdf-dump-wrapped-labels-figures-last": text(TextLayout(sep="spaces", t3="flat", wrap=14, figures_on="last",
                                                            page_break=9)),
    "pdf-dump-grid-wrapped-full-width": text(TextLayout(sep="spaces", wrap=12, page_break=12,
                                                        printed=Printed(number=wide_number))),
    "tab-flat-labels": text(TextLayout(t3="flat")),
    "pipe-rows": text(TextLayout(sep="|")),
    "pipe-rows-flat": text(TextLayout(sep="|", t3="flat")),
    "runs-of-spaces": text(TextLayout(sep="spaces")),
    "runs-of-spaces-flat": text(TextLayout(sep="spaces", t3="flat")),
    "one-cell-per-line": text(TextLayout(sep="lines")),
    "full-width-digits": text(TextLayout(printed=Printed(number=wide_number))),
    "full-width-digits-spaces": text(TextLayout(sep="spaces", printed=Printed(number=wide_number))),
    "thousands-separators": text(TextLayout(sep="|", printed=Printed(number=grouped_number))),
    "thousands-separators-spaces": text(TextLayout(sep="spaces", t3="flat", printed=Printed(number=grouped_number))),
    "thousands-separators-html": lambda s: parse_bytes(html_page(s, Printed(number=grouped_number)).encode(), "a.html"),
    "half-width-brackets": text(TextLayout(printed=Printed(label=half_brackets), heading_style=half_brackets)),
    "enum-commas": text(TextLayout(sep="spaces", printed=Printed(label=enum_commas))),
    "spaces-inside-labels": text(TextLayout(t3="flat", printed=Printed(label=spaced))),
    "local-label-names": text(TextLayout(printed=Printed(label=local_names))),
    "local-label-names-lines": text(TextLayout(sep="lines", t3="flat", printed=Printed(label=local_names))),
    "table-four-split-lines": text(TextLayout(t4="split")),
    "table-four-split-spaces": text(TextLayout(sep="spaces", t4="split")),
    "table-four-cell-per-line": text(TextLayout(sep="lines", t4="split")),
    "table-four-labelled-rows": text(TextLayout(t4="groups")),
    "table-four-labelled-rows-spaces": text(TextLayout(sep="spaces", t4="groups")),
    "docx-merged-cells": lambda s: parse_bytes(docx_file(s), "报告.docx"),
    "docx-local-labels": lambda s: parse_bytes(docx_file(s, Printed(label=local_names)), "报告.docx"),
    "headings-variants-a": text(TextLayout(headings=HEADINGS_A)),
    "headings-variants-a-html": lambda s: parse_bytes(html_page(s, headings=HEADINGS_A).encode(), "a.html"),
    "headings-variants-b-docx": lambda s: parse_bytes(docx_file(s, headings=HEADINGS_B), "a.docx"),
    "headings-variants-b-lines": text(TextLayout(sep="lines", headings=HEADINGS_B)),
    **{f"{name}-text": with_front(lambda s, lines: parse_text(text_report(s, TextLayout(front=lines))), f)
       for name, f in FRONTS.items()},
    **{f"{name}-html": with_front(lambda s, lines: parse_bytes(html_page(s, front=lines).encode(), "a.html"), f)
       for name, f in FRONTS.items()},
    **{f"{name}-docx": with_front(lambda s, lines: parse_bytes(docx_file(s, front=lines), "a.docx"), f)
       for name, f in FRONTS.items() if name in ("preamble-lists-parts", "title-wenhao")},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_layout_variant_reads_every_cell_and_section(variant, src):
    assert_read(VARIANTS[variant](src), src)


MIRROR = Printed(label=_mirror_label, number=lambda v: grouped_number(v).translate(str.maketrans(
    "0123456789.,", "０１２３４５６７８９．，")))


@pytest.mark.parametrize("sep,t3,t4", [("\t", "grid", "row"), ("|", "flat", "split"), ("spaces", "flat", "groups"),
                                       ("lines", "grid", "split"), ("lines", "flat", "groups")])
def test_traditional_mirror_copy_with_every_label_and_number_habit(src, sep, t3, t4):
    mirror = mirror_source(src)
    layout = TextLayout(sep=sep, t3=t3, t4=t4, printed=MIRROR, heading_style=traditional,
                        front=(traditional(fmt.report_title(src.agency, src.year)), ""))
    assert_read(parse_text(text_report(mirror, layout)), mirror)


def test_traditional_mirror_html_and_docx(src):
    mirror = mirror_source(src)
    headings = {s.num: traditional(s.heading) for s in fmt.SECTIONS}
    assert_read(parse_bytes(html_page(mirror, MIRROR, headings).encode(), "a.html"), mirror)
    assert_read(parse_bytes(docx_file(mirror, MIRROR, headings), "a.docx"), mirror)


def test_traditional_labels_need_their_own_characters():
    """屬於 (于 written 於) and 為 are the mirror sites' forms; the labels must still be recognised."""
    assert "於" in traditional("1.属于国家秘密") and "為" in traditional(fmt.T3_NOTE)


@pytest.mark.parametrize("t3,figures_on", [("flat", "first"), ("flat", "last"), ("grid", "first"), ("grid", "last")])
def test_pdf_dump_with_labels_wrapped_at_any_width_never_shifts_a_figure(t3, figures_on):
    """Narrow label cells cut "（六）其他处理1.申请人…" anywhere: rows read or noted as unread, no figure moved."""
    src = random_source(200)
    for width in range(4, 24):
        layout = TextLayout(sep="spaces", t3=t3, wrap=width, figures_on=figures_on, page_break=7)
        r = parse_text(text_report(src, layout))
        got = parsed_cells(r)
        assert {k for k, v in got.items() if v is not None and v != src.cells[k]} == set(), width
        if any(v is None for v in got.values()):
            assert any("未读取" in n for n in r.notes), width
        if width >= 14 or (t3, figures_on) != ("flat", "first") and width >= 7:
            assert_read(r, src)


# ---------------------------------------------------------------- blank, "/" and "-" cells

BLANKED = ("t2.regulations.repealed", "t2.fees_wan", "t3.r1.c1", "t3.r3.c1", "t3.r4.c3", "t3.r8.c2", "t3.r16.c7",
           "t3.r19.c4", "t3.r24.c7", "t3.r25.c6", "t4.c1", "t4.c8", "t4.c15")


def blanks(marks: tuple[str, ...]) -> dict[str, str]:
    return {k: marks[i % len(marks)] for i, k in enumerate(BLANKED)}


BLANK_VARIANTS: dict[str, tuple[tuple[str, ...], Callable[[Source, Printed], ParsedReport]]] = {
    "html-empty-cells": (("",), lambda s, p: parse_bytes(html_page(s, p).encode(), "a.html")),
    "html-pasted-from-word-empty-cells": (("",), lambda s, p: parse_bytes(html_page(s, p, word=True).encode(),
                                                                         "a.html")),
    "html-mixed-marks": (("", "/", "-", "—"), lambda s, p: parse_bytes(html_page(s, p).encode(), "a.html")),
    "docx-empty-cells": (("",), lambda s, p: parse_bytes(docx_file(s, p), "a.docx")),
    # in plain text a label followed by nothing but a tab (the blank fee) is noted as a missing cell
    "tab-empty-cells": (("",), lambda s, p: parse_text(text_report(s, TextLayout(printed=p)))),
    "tab-flat-slashes": (("/",), lambda s, p: parse_text(text_report(s, TextLayout(t3="flat", printed=p)))),
    "pipe-empty-and-dashes": (("", "-"), lambda s, p: parse_text(text_report(s, TextLayout(sep="|", printed=p)))),
    "spaces-slashes-dashes": (("/", "-", "—"), lambda s, p: parse_text(text_report(s, TextLayout(sep="spaces",
                                                                                                  printed=p)))),
    "lines-slashes": (("/", "－"), lambda s, p: parse_text(text_report(s, TextLayout(sep="lines", printed=p)))),
    "flattened-html-slashes": (("/",), lambda s, p: parse_text(browser_text(html_page(s, p)))),
}


@pytest.mark.parametrize("variant", list(BLANK_VARIANTS))
def test_blank_slash_and_dash_cells_come_back_null_and_reported(variant, src):
    marks, read = BLANK_VARIANTS[variant]
    blanked = blanks(marks)
    assert_read(read(src, Printed(blanks=blanked)), src, blanked)


def test_flattened_page_dropping_empty_cells_is_not_guessed(src):
    """A crawler that drops empty cells leaves rows one number short: they stay unread and are noted, never shifted."""
    blanked = blanks(("",))
    r = parse_text(browser_text(html_page(src, Printed(blanks=blanked))))
    got = parsed_cells(r)
    assert {k: v for k, v in got.items() if v is not None and v != src.cells[k]} == {}  # no number invented
    rows = {k.split(".")[1] for k in blanked if k.startswith("t3.")}
    unread = {k.split(".")[1] for k, v in got.items() if k.startswith("t3.") and v is None}
    assert unread == rows
    for row in rows:
        assert any(fmt.T3_ROW_BY_KEY[row].label in n and "未读取" in n for n in r.notes), row
    assert got["t2.fees_wan"] is None and any("表二" in n and "缺少" in n for n in r.notes)
    assert r.t4 == [None] * fmt.T4_NCOLS and any("表四" in n and "只有 12 个数值" in n for n in r.notes)


# ---------------------------------------------------------------- the generators do what they claim


def test_html_page_has_the_official_merged_structure_and_site_chrome(src):
    html = html_page(src)
    assert 'rowspan="22"' in html and 'rowspan="8"' in html and 'rowspan="3"' in html and 'rowspan="5"' in html
    assert 'colspan="5"' in html and 'colspan="10"' in html and 'colspan="7"' in html
    assert "&nbsp;" in html and "<br/>" in html and "<span style=" in html and "<script" in html
    assert all(line.split("：")[0] in html for line in FOOTER)


def test_footer_is_not_part_of_section_six(src):
    r = parse_bytes(html_page(src).encode(), "a.html")
    assert not any(word in r.sections["六"] for word in ("网站标识码", "ICP", "打印本页", "扫一扫"))


def test_docx_has_genuinely_merged_cells_and_heiti_headings(src):
    import docx

    document = docx.Document(io.BytesIO(docx_file(src)))
    xml = document.element.xml
    assert xml.count("<w:gridSpan") >= 10 and xml.count('<w:vMerge w:val="restart"/>') >= 8
    heading = next(p for p in document.paragraphs if p.text == fmt.SECTIONS[0].heading)
    assert 'w:eastAsia="黑体"' in heading.runs[0]._element.xml


def test_preamble_list_of_parts_is_not_taken_for_headings(src):
    lines = FRONTS["preamble-lists-parts"](src)
    r = parse_text(text_report(src, TextLayout(front=lines)))
    assert not any(p in r.sections[num] for num in fmt.SECTION_NUMS for p in PARTS)
    assert r.sections["一"].startswith(src.sections["一"][:20])


def test_busy_source_has_figures_in_every_column():
    busy = random_source(11, low=1)
    assert all(v >= 1 for v in busy.cells.values())
    assert sum(1 for v in busy.cells.values() if v >= 1000) >= 3
