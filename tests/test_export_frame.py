"""The document frame: an opening paragraph and a 落款 (机关名称, date of writing in Beijing time) in .docx, .md, .txt,
read back by our own parser without touching the six sections."""
from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from docx import Document

from report import clock
from report import format as fmt
from report.export import render
from report.export.document import OPENING, build_document
from report.parser import parse_bytes, parse_file
from settings import BUNDLED_CORPUS_DIR
from test_export import distinct_facts

WRITTEN = date(2024, 1, 18)
SECTIONS = {"一": "本年度主动公开信息72条。", "五": "部分信息更新不及时。下一步将建立更新台账。", "六": "本年度未收取信息处理费。"}


def _lines(kind: str) -> list[str]:
    text = render(distinct_facts(), kind, SECTIONS, written=WRITTEN).decode("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_opening_paragraph_names_basis_agency_period_and_contact():
    (opening,) = build_document(distinct_facts()).opening
    text = opening.text
    assert text.startswith("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）")
    assert "国办公开办函〔2021〕30号" in text and "由测试县某某局编制" in text
    assert "自2023年1月1日起至2023年12月31日止" in text and "请与测试县某某局联系" in text
    assert "{" not in text and "{agency}" in OPENING


@pytest.mark.parametrize("kind", ["txt", "md"])
def test_text_exports_open_with_the_paragraph_after_the_title_and_close_with_the_signature(kind):
    lines = _lines(kind)
    assert lines[0].lstrip("# ") == fmt.report_title("测试县某某局", 2023)
    assert lines[1].startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert lines[2].lstrip("# ") == fmt.SECTIONS[0].heading
    assert [line.rstrip() for line in lines[-2:]] == ["测试县某某局", "2024年1月18日"]
    assert lines[-3] == "本年度未收取信息处理费。"


def test_docx_signature_is_right_aligned_after_a_blank_line():
    doc = Document(io.BytesIO(render(distinct_facts(), "docx", SECTIONS, written=WRITTEN)))
    paras = doc.paragraphs
    assert paras[1].text.startswith("本报告根据") and paras[1].style.name == "报告正文"
    assert [p.text for p in paras[-3:]] == ["", "测试县某某局", "2024年1月18日"]
    for p in paras[-2:]:
        assert p.style.name == "落款" and p.style.paragraph_format.alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT


def test_the_date_of_writing_is_todays_date_in_beijing(monkeypatch):
    # 2024-01-17 20:30 UTC is already 18 January in Beijing
    monkeypatch.setattr(clock, "beijing_now", lambda: datetime(2024, 1, 17, 20, 30, tzinfo=timezone.utc)
                        .astimezone(clock.BEIJING))
    assert build_document(distinct_facts()).closing.written == "2024年1月18日"


def test_beijing_time_helpers():
    assert clock.chinese_date(date(2025, 3, 5)) == "2025年3月5日"
    assert clock.beijing_time_text("2025-01-19T20:30:00+00:00") == "2025-01-20 04:30"
    assert clock.beijing_time_text("2025-01-19T20:30:00") == "2025-01-20 04:30"  # a naive stamp is UTC
    assert clock.beijing_time_text("不是时间") == ""
    assert clock.default_report_year(date(2025, 1, 1)) == 2024


@pytest.mark.parametrize("kind", ["txt", "md", "docx"])
def test_our_export_reads_back_with_the_frame_outside_the_sections(kind):
    back = parse_bytes(render(distinct_facts(), kind, SECTIONS, written=WRITTEN), f"报告.{kind}")
    assert (back.agency, back.year) == ("测试县某某局", 2023)
    assert list(back.sections) == list(fmt.SECTION_NUMS)
    assert back.sections["六"].strip() == SECTIONS["六"]  # the 落款 is not part of 六
    assert back.sections["一"].strip() == SECTIONS["一"]  # nor is the opening part of 一
    assert "国办公开办函〔2021〕30号" in back.preamble


def test_a_published_signature_is_cut_off_the_last_section():
    path = BUNDLED_CORPUS_DIR / "qingxi-gov-2022.txt"
    assert path.read_text(encoding="utf-8").rstrip().endswith("青溪县人民政府\n2023年3月20日")
    six = parse_file(path).sections["六"]
    assert "2023年3月20日" not in six and not six.rstrip().endswith("青溪县人民政府")


def test_a_last_line_that_is_a_sentence_is_not_taken_for_a_name():
    text = render(distinct_facts(), "txt", {**SECTIONS, "六": "本年度未收取信息处理费。\n2023年12月31日"}, written=WRITTEN)
    back = parse_bytes(text, "报告.txt")
    assert back.sections["六"].splitlines() == ["本年度未收取信息处理费。", "2023年12月31日"]


def test_a_short_last_line_before_a_date_stays_in_the_section():
    text = render(distinct_facts(), "txt", {**SECTIONS, "六": "没有\n2023年12月31日"}, written=WRITTEN)
    back = parse_bytes(text, "报告.txt")
    assert back.sections["六"].splitlines() == ["没有", "2023年12月31日"]
