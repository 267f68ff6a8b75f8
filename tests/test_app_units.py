"""The app's pure helpers: escaping and diffs, chat intents, the checklist, grid edits, upload checks, config."""
from __future__ import annotations

import tomllib

import pytest

from report.errors import NianbaoError
from report.facts import blank_facts
from settings import PROJECT_ROOT
from ui.checklist import build_checklist, missing, next_steps_text
from ui.files import MAX_REPORT_BYTES, REPORT_TYPES, UploadError, check_upload, read_facts_upload
from ui.grid import T2_GRIDS, T3_GRID, T4_GRID, clear_totals, edits_to_cells, set_cells, settle_totals, to_value
from ui.intent import classify, sections_named
from ui.render import diff_markdown, diff_segments, escape_stream, flagged_markdown, md_escape


def test_md_escape_neutralises_markdown_html_and_directives():
    text = "<script>x</script> **粗** [链接](http://a) ![图](http://b) :red[红] $x$ # 标题"
    out = md_escape(text)
    for raw in ("<script>", "**", "](", "![", ":red[", "$x$"):
        assert raw not in out
    assert "\\# 标题" in out
    assert out.replace("\\", "") == text


def test_escape_stream_collects_raw_text():
    sink: list[str] = []
    shown = list(escape_stream(iter(["共5件。", "", "<b>"]), sink))
    assert "".join(sink) == "共5件。<b>" and shown == ["共5件。", "\\<b\\>"]


def test_diff_marks_insertions_and_deletions():
    segs = diff_segments("本年收到申请5件。", "本年共收到申请6件。")
    assert ("insert", "共") in segs and ("delete", "5") in segs and ("insert", "6") in segs
    md = diff_markdown("本年开展培训3次。", "本年组织业务培训3次。")  # whole words, never single characters
    assert ":red[~~开展培训~~]" in md and ":green-background[**组织业务培训**]" in md and md.endswith("3次。")


def test_long_texts_are_diffed_by_sentence():
    old = "第一句。" * 2000
    segs = diff_segments(old, old + "新增一句。")
    assert segs[-1] == ("insert", "新增一句。")


def test_flagged_markdown_highlights_spans_safely():
    text = "共收到申请12件，办结[9]件。"
    md = flagged_markdown(text, [(5, 7), (12, 13), (100, 200)])
    assert ":orange-background[12]" in md and ":orange-background[9]" in md


@pytest.mark.parametrize("message,kind,sections", [
    ("起草总体情况", "draft", ("一",)),
    ("请帮我写一下第五部分", "draft", ("五",)),
    ("起草全部叙述部分", "draft", ("一", "五", "六")),
    ("把第五部分写得更具体些", "revise", ("五",)),
    ("其他需要报告的事项再精简一点", "revise", ("六",)),
    ("今年收到申请12件，其中自然人10件", "facts", ()),
    ("未收取信息处理费", "facts", ()),
])
def test_classify(message, kind, sections):
    intent = classify(message, {"五", "六"})
    assert (intent.kind, intent.sections) == (kind, sections)


def test_revise_without_text_becomes_draft():
    assert classify("把第五部分写得更具体些", set()).kind == "draft"
    assert sections_named("第1部分和存在的主要问题及改进情况") == ["一", "五"]


def test_checklist_walks_from_empty_to_done():
    facts = blank_facts("甲", 2024)
    items = build_checklist(facts, {}, open_errors=2, pending=["一"])
    keys = {i.key for i in missing(items)}
    assert {"t3", "notes_一", "notes_五", "notes_六", "fee", "text_一", "pending", "errors"} <= keys
    assert "t2" not in keys  # an all-zero Table 二 is legitimate (an office without such powers)
    t2 = next(i for i in items if i.key == "t2")
    assert not t2.done and t2.optional and "全部为 0" in t2.hint
    assert "接下来还需要" in next_steps_text(items)
    facts.notes = {"一": ["全年收到申请3件"], "五": ["解读单一"], "六": ["本年度未收取信息处理费"]}
    items = build_checklist(facts, {}, 0)
    assert "t3_mention" in {i.key for i in missing(items)}  # notes say applications, table says 0
    facts.t3["r1"][0] = 3
    facts.t2.licensing = 1
    facts.t4[0] = 1
    from report.facts import Previous
    facts.previous = Previous()
    done = build_checklist(facts, {"一": "x", "五": "y", "六": "z"}, 0)
    assert missing(done) == [] and "可以到「导出」" in next_steps_text(done)


def test_grid_layout_uses_official_labels():
    assert [g.caption for g in T2_GRIDS] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert [label for _, label in T2_GRIDS[0].columns] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert T3_GRID.rows[23] == ("三、本年度办理结果", "（七）总计")
    assert T3_GRID.key_at(24, "c7") == "t3.r25.c7" and T4_GRID.key_at(2, "c5") == "t4.c15"
    assert T3_GRID.key_at(0, "项目") is None


def test_edits_to_cells_and_values():
    assert edits_to_cells(T3_GRID, {"0": {"c1": 4.0, "项目": "x"}, 24: {"c2": None}}) == \
        {"t3.r1.c1": 4, "t3.r25.c2": None}
    assert edits_to_cells(T2_GRIDS[3], {0: {"v1": 4068.208}}) == {"t2.fees_wan": "4068.208"}
    assert to_value(1.23456789, True) == "1.2346"


def test_set_cells_validates_and_totals_helpers():
    facts = blank_facts("甲", 2024)
    out = set_cells(facts, {"t3.r1.c1": 5, "t2.normative_docs.made": 2, "t4.c1": 1})
    assert out.t3["r1"][0] == 5 and out.t2.normative_docs.made == 2 and out.t4[0] == 1
    with pytest.raises(NianbaoError):
        set_cells(facts, {"t3.r1.c1": -1})
    typed = set_cells(out, {"t3.r1.c7": 5, "t4.c5": 9})
    settled = settle_totals(typed)
    assert settled.t3["r1"][6] is None  # equal to the sum → computed again
    assert settled.t4[4] == 9  # wrong typed total kept so the validator flags it
    assert clear_totals(typed).t4[4] is None


def test_check_upload_size_type_and_content():
    assert check_upload("a.TXT", "正文".encode("gb18030"), REPORT_TYPES, MAX_REPORT_BYTES) == "txt"
    assert check_upload("a.docx", b"PK\x03\x04rest", REPORT_TYPES, MAX_REPORT_BYTES) == "docx"
    assert check_upload("a.pdf", b"%PDF-1.7\n", REPORT_TYPES, MAX_REPORT_BYTES) == "pdf"
    for name, data, words in [("a.doc", b"x", "类型不支持"), ("a.pdf", b"x", "不是有效的 PDF"), ("a.txt", b"", "空的"), ("a.docx", b"hello", "Word"),
                              ("a.txt", b"\x00\x01", "二进制"), ("a.txt", b"x" * (MAX_REPORT_BYTES + 1), "太大")]:
        with pytest.raises(UploadError, match=words):
            check_upload(name, data, REPORT_TYPES, MAX_REPORT_BYTES)


def test_read_facts_upload_errors_are_chinese():
    with pytest.raises(NianbaoError, match="JSON 格式错误"):
        read_facts_upload("f.json", b"{bad")
    with pytest.raises(NianbaoError, match="机关名称"):
        read_facts_upload("f.json", b'{"agency": "", "year": 2024}')
    assert read_facts_upload("f.json", blank_facts("甲", 2024).to_json().encode()).agency == "甲"


def test_streamlit_config_safe_defaults():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert 0 < config["server"]["maxUploadSize"] <= 50


def test_ui_has_no_html_rendering():
    for path in (PROJECT_ROOT / "ui").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in source and "st.html" not in source, path.name


def test_report_package_has_no_streamlit():
    assert "streamlit" not in (PROJECT_ROOT / "report" / "store.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("today,year", [
    ("2026-11-27", 2025), ("2026-12-31", 2025), ("2027-01-01", 2026), ("2027-01-15", 2026), ("2027-06-30", 2026),
])
def test_default_report_year_is_last_year(today, year):
    from datetime import date

    from report.clock import default_report_year
    assert default_report_year(date.fromisoformat(today)) == year


@pytest.mark.parametrize("message", [
    "今年主动公开信息236条，开展培训4次。存在的问题是政策解读形式比较单一，明年增加图解。",
    "其他事项：没有收信息处理费，补充一下培训4次",
    "改进情况是明年调整公开目录",
])
def test_facts_in_everyday_words_are_not_a_drafting_request(message):
    assert classify(message, set()).kind == "facts"
    assert classify(message, {"五", "六"}).kind == "facts"


def test_loose_names_still_work_with_a_writing_verb():
    assert classify("帮我写一下存在的问题", set()).sections == ("五",)
    assert classify("把其他事项润色一下", {"六"}).kind == "revise"
    assert classify("第五部分增加一句关于培训的内容", {"五"}).kind == "revise"


def test_checklist_optional_items_and_marks():
    facts = blank_facts("甲", 2024)
    facts.t2.licensing = 1
    facts.notes = {"一": ["今年未收到政府信息公开申请"], "五": ["解读单一"], "六": ["本年度未收取信息处理费"]}
    items = build_checklist(facts, {"一": "x", "五": "（一）存在的主要问题\n【需核实】", "六": "z"}, 0, unfinished=["五"])
    keys = [i.key for i in missing(items)]
    assert keys == ["marks"]  # no applications is a complete Table 三; no 复议 and no last year are optional
    assert "第五部分" in next_steps_text(items)
    assert {i.key for i in items if i.optional and not i.done} == {"t4", "previous"}
    assert "t3_mention" not in {i.key for i in items}  # a consistency check shows only when it fails
    done = build_checklist(facts, {"一": "x", "五": "y", "六": "z"}, 0)
    assert missing(done) == [] and "可以到「导出」" in next_steps_text(done)


def test_facts_file_is_named_after_the_agency_and_year():
    from ui.files import facts_file_name
    assert facts_file_name(blank_facts("青溪县教育局", 2026)) == "青溪县教育局2026年报告数据.json"


def test_the_hint_column_names_the_exact_flagged_cells_of_a_row():
    from ui.grid import T3_GRID, T4_GRID, cell_place, flagged_columns
    from ui.tables import _mark

    flagged = {"t3.r2.c1", "t3.r2.c7", "t4.c10"}
    assert flagged_columns(T3_GRID, 1, flagged) == ["自然人", "总计"]
    assert _mark(T3_GRID, 1, flagged, set()) == "有问题：自然人、总计"
    assert _mark(T3_GRID, 0, flagged, {"t3.r1.c2"}) == "上年预填"
    assert _mark(T4_GRID, 1, flagged, set()) == "有问题：总计"  # 未经复议直接起诉 总计 is t4.c10
    assert cell_place("t3.r13.c7") == "表三 第(四)1行 总计" and cell_place("section.六") == "第六部分正文"


def test_check_view_marks_each_cell_with_a_finding_or_a_to_do():
    from report.validator import validate
    from ui.grid import T3_GRID
    from ui.tables import CHECK_BAD, CHECK_TODO, check_view_frame
    facts = blank_facts("甲", 2024)
    facts.t3["r1"][6] = 10  # a total told without its split
    findings = validate(facts).findings
    todo = {f.cells[0]: int(f.actual) for f in findings if f.key == "S2"}
    frame, styles = check_view_frame(T3_GRID, facts, findings, todo)
    assert frame["项目"][0] == "一、本年新收" and frame["官方行名"][0] == "一、本年新收政府信息公开申请数量"
    assert styles["总计"][0] == CHECK_TODO and "请把 10 件按申请人分列" in frame["原因"][0]
    assert styles["总计"][24] == CHECK_BAD and "O1" in frame["原因"][24]  # 结转下年度 named by O1
    assert styles["自然人"][0] == "" and frame["总计"][0] == "10"
