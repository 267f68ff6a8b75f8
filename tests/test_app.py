"""The Streamlit app driven by AppTest: new draft → tables → findings → chat facts → streamed draft → review →
export → reload; also stale tabs, failing model calls, uploads and the API key never leaking."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import WATCHDOG
from fake_openai import Reply
from report.store import DraftStore
from settings import BUNDLED_CORPUS_DIR, PROJECT_ROOT, get_settings

APP = str(PROJECT_ROOT / "app.py")
AGENCY = "测试县民政局"
GOOD_ONE = "本机关认真贯彻落实条例要求，扎实推进各项工作，取得了较好成效。"


@pytest.fixture(autouse=True)
def _empty_corpus(tmp_path, monkeypatch):
    """An empty corpus folder (tests that need past reports point NIANBAO_CORPUS_DIR elsewhere)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setenv("NIANBAO_CORPUS_DIR", str(corpus))
    get_settings.cache_clear()


def use_bundled_corpus(monkeypatch) -> None:
    """Point the app at the bundled past reports."""
    monkeypatch.setenv("NIANBAO_CORPUS_DIR", str(BUNDLED_CORPUS_DIR))
    get_settings.cache_clear()


def start(query: dict | None = None) -> AppTest:
    """A fresh browser session (optionally opening a draft by URL)."""
    at = AppTest.from_file(APP, default_timeout=WATCHDOG)
    if query:
        at.query_params.update(query)
    return at.run()


def ok(at: AppTest) -> AppTest:
    """Assert the run raised nothing; return the app."""
    assert not at.exception, [plain(e.value) for e in at.exception]
    return at


def new_draft(at: AppTest, agency: str = AGENCY, year: int = 2024) -> AppTest:
    """Fill and submit the new-draft form on the welcome page."""
    at.text_input(key="new_agency_main").input(agency)
    at.number_input(key="new_year_main").set_value(year)
    at.button(key="FormSubmitter:new_draft_main-新建草稿").click()
    return ok(at.run())


def goto(at: AppTest, tab: str) -> AppTest:
    """Switch to a main tab."""
    at.session_state["tab"] = tab
    return ok(at.run())


def editor(at: AppTest, name: str):
    """The data editor of a grid (t2_0…t2_3, t3, t4)."""
    return next(d for d in at.data_editor if d.key.startswith(f"ed_{name}_"))


def edit(at: AppTest, name: str, rows: dict[int, dict[str, int]]) -> AppTest:
    """Edit cells of a table editor as the browser would (edit state on the widget key)."""
    at.session_state[editor(at, name).key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return ok(at.run())


def store() -> DraftStore:
    """The store the app uses (data folder from the test's environment)."""
    return DraftStore.in_data_dir(get_settings().data_dir)


def plain(text: str) -> str:
    """Markdown text without its backslash escapes (the app escapes everything it shows)."""
    return re.sub(r"\\(.)", r"\1", str(text))


def texts(at: AppTest) -> str:
    """All text the page shows (markdown, alerts, captions), unescaped, for assertions."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [x.value for kind in (at.error, at.warning, at.info, at.success) for x in kind]
    parts += [t.value for t in at.title] + [t.value for t in at.subheader]
    return "\n".join(plain(p) for p in parts)


def figure(value) -> int | None:
    """An editor cell (text) as a number; None when empty."""
    return None if value is None or value != value or str(value) in ("", "<NA>") else int(value)


def row(at: AppTest, name: str, index: int) -> list:
    """Values of one editor row (label columns dropped)."""
    frame = editor(at, name).value
    return [figure(v) for v in frame.iloc[index][[c for c in frame.columns if c.startswith("c")]]]


def test_welcome_then_new_draft_opens_in_url():
    at = ok(start())
    assert "年报助手" in texts(at)
    at = new_draft(at)
    assert at.query_params["draft"] == "1"
    assert f"{AGENCY}2024年政府信息公开工作年度报告" in at.title[0].value
    assert [t.label for t in at.tabs] == ["对话起草", "数据表格", "审阅", "导出"]
    assert "离线模式" in texts(at)  # no model configured in tests
    assert store().get_draft(1).facts.agency == AGENCY


def test_main_flow_with_fake_model(fake_openai):
    at = new_draft(start())
    assert "fake-model" in texts(at) and "127.0.0.1" in texts(at)
    draft_id = int(at.query_params["draft"])

    # tables: totals computed live and not editable
    at = goto(at, "数据表格")
    assert editor(at, "t3").editing_mode == "fixed"
    at = edit(at, "t3", {0: {"c1": 4, "c2": 1}, 2: {"c1": 4, "c2": 1}})
    assert row(at, "t3", 0) == [4, 1, 0, 0, 0, 0, 5]  # r1 with c7 computed
    assert row(at, "t3", 23) == [4, 1, 0, 0, 0, 0, 5]  # r24 computed
    assert "本表未发现问题" in texts(at)
    assert store().get_draft(draft_id).facts.t3["r1"][:6] == [4, 1, 0, 0, 0, 0]

    # a broken total (typed by hand) shows its finding next to the table, with the cell named
    at.toggle[0].set_value(False)
    at = ok(at.run())
    at = edit(at, "t3", {0: {"c7": 9}})
    assert row(at, "t3", 0)[6] == 9
    errors = [plain(e.value) for e in at.error]
    assert any("S2" in e and "一、本年新收政府信息公开申请数量·总计" in e for e in errors), errors
    at = edit(at, "t3", {0: {"c7": 5}})
    assert not any("S2" in plain(e.value) for e in at.error)

    # chat: a message becomes a proposed fact, confirmed into the table
    at = goto(at, "对话起草")
    fake_openai.script(json.dumps({"updates": [{"key": "t2.licensing", "value": 36, "quote": "行政许可36件"}],
                                   "questions": []}, ensure_ascii=False))
    at.chat_input[0].set_value("今年办理行政许可36件").run()
    ok(at)
    proposal = at.dataframe[-1].value
    assert proposal["新值"].tolist() == ["36"] and "行政许可" in proposal["项目"].iloc[0]
    assert store().get_draft(draft_id).facts.t2.licensing == 0  # not applied before confirmation
    confirm = next(b for b in at.button if b.key and b.key.startswith("confirm_"))
    at = ok(confirm.click().run())
    assert store().get_draft(draft_id).facts.t2.licensing == 36
    assert "已确认并写入数据表格" in texts(at)

    # a drafted section streams in and becomes a pending suggestion (current text untouched);
    # section 一 is drafted as its five sub-heads, one streamed request each
    fake_openai.responder = lambda body: Reply(text=GOOD_ONE)
    asked = len(fake_openai.requests)
    at.chat_input[0].set_value("起草总体情况").run()
    ok(at)
    assert len(fake_openai.requests) - asked == 5 and fake_openai.requests[-1]["stream"] is True
    pending = store().pending_suggestions(draft_id)
    assert pending["一"].text.count(GOOD_ONE) == 5 and "（一）主动公开" in pending["一"].text
    assert pending["一"].model == "fake-model"
    assert pending["一"].prompt_version.startswith("system@")
    assert store().current_sections(draft_id) == {}
    assert "一、总体情况的建议稿" in texts(at)

    # review: accept the suggestion
    at = goto(at, "审阅")
    assert GOOD_ONE[:8] in texts(at)
    at = ok(at.button(key="accept_一").click().run())
    assert store().current_sections(draft_id) == {"一": pending["一"].text}
    assert store().current_version(draft_id, "一").source == "accepted"

    # export: no open errors → download buttons; the export function gives a Word file with the text
    at = goto(at, "导出")
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["下载 Word（.docx）", "下载 Markdown（.md）", "下载纯文本（.txt）", "下载审阅版（.docx，含批注和修订）"]
    from docx import Document
    from ui import adapters, export
    facts = store().full_facts(draft_id)
    data = adapters.export_bytes(export.export_facts(facts, adapters.check(facts)), "docx")
    doc = Document(io.BytesIO(data))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert GOOD_ONE[:10] in body and AGENCY in body
    assert adapters.export_name(facts, "docx") == f"{AGENCY}2024年政府信息公开工作年度报告.docx"

    # reload: a new session with the URL restores everything
    again = ok(start({"draft": str(draft_id)}))
    assert f"{AGENCY}2024年" in again.title[0].value
    chat = [m.markdown[0].value for m in again.chat_message]
    assert "今年办理行政许可36件" in chat and "起草总体情况" in chat
    again = goto(again, "数据表格")
    assert row(again, "t3", 0) == [4, 1, 0, 0, 0, 0, 5]
    assert figure(editor(again, "t2_1").value.iloc[0]["v1"]) == 36
    assert again.toggle[0].value is False  # manual totals remembered
    again = goto(again, "审阅")
    assert GOOD_ONE[:8] in texts(again)

    # the API key is never shown, stored or exported
    key = "sk-fake-secret-key"
    assert key not in texts(at) and key not in texts(again)
    for kind in ("md", "txt"):
        assert key.encode() not in adapters.export_bytes(export.export_facts(facts, adapters.check(facts)), kind)
    for f in Path(get_settings().data_dir).glob("drafts.sqlite3*"):
        assert key.encode() not in f.read_bytes()


def test_unknown_draft_in_url_falls_back_to_last():
    new_draft(start())
    at = ok(start({"draft": "999"}))
    assert at.query_params["draft"] == "1" and AGENCY in at.title[0].value
    at = ok(start({"draft": "abc"}))
    assert at.query_params["draft"] == "1"


def test_reload_without_url_reopens_last_draft():
    at = new_draft(start())
    at = goto(at, "数据表格")
    at = edit(at, "t4", {0: {"c1": 2}})
    again = ok(start())  # no query param: the last opened draft
    assert again.query_params["draft"] == "1"
    again = goto(again, "数据表格")
    assert row(again, "t4", 0)[:5] == [2, 0, 0, 0, 2]


def test_failing_model_call_changes_nothing(fake_openai, monkeypatch):
    monkeypatch.setenv("NIANBAO_MAX_RETRIES", "0")
    get_settings.cache_clear()
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    before = store().revision(draft_id)
    fake_openai.script(Reply(status=500, error="boom"))
    at.chat_input[0].set_value("起草存在的主要问题及改进情况").run()
    ok(at)
    errors = [plain(e.value) for e in at.error]
    assert any("模型服务出错" in e and "草稿未作任何修改" in e for e in errors), errors
    assert store().revision(draft_id) == before
    assert store().messages(draft_id) == [] and store().pending_suggestions(draft_id) == {}
    assert any(b.key == "chat_retry_button" for b in at.button)  # the request can be retried
    fake_openai.script("本机关存在政策解读形式较为单一的问题，下一步将丰富解读形式。")
    at = ok(at.button(key="chat_retry_button").click().run())
    assert "五" in store().pending_suggestions(draft_id)


def test_stream_cut_midway_keeps_nothing(fake_openai, monkeypatch):
    monkeypatch.setenv("NIANBAO_MAX_RETRIES", "0")
    get_settings.cache_clear()
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    before = store().revision(draft_id)
    fake_openai.script(Reply(text=FIVE, cut_after=4))
    at.chat_input[0].set_value("起草存在的主要问题及改进情况").run()
    ok(at)
    assert any("草稿未作任何修改" in plain(e.value) for e in at.error), [plain(e.value) for e in at.error]
    assert store().revision(draft_id) == before and store().pending_suggestions(draft_id) == {}


def test_offline_drafts_every_section_and_revision_needs_a_model():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at = ok(at.button(key="quick_all").click().run())
    pending = store().pending_suggestions(draft_id)
    assert set(pending) == {"一", "五", "六"}
    assert all(s.model == "离线起草" and s.prompt_version.startswith("offline@") for s in pending.values())
    at = goto(at, "审阅")
    at = ok(at.button(key="accept_六").click().run())
    at = goto(at, "对话起草")
    at.chat_input[0].set_value("把第六部分写得更具体些").run()
    ok(at)
    assert any("需要配置模型" in plain(i.value) for i in at.info)
    assert store().pending_suggestions(draft_id).keys() == {"一", "五"}


def test_two_tabs_do_not_overwrite_each_other():
    a = new_draft(start())
    draft_id = a.query_params["draft"]
    b = ok(start({"draft": draft_id}))
    a, b = goto(a, "数据表格"), goto(b, "数据表格")
    a = edit(a, "t4", {0: {"c1": 1}})
    b = edit(b, "t4", {0: {"c2": 7}})  # tab B still holds the old revision
    warnings = [w.value for w in b.warning]
    assert any("其他窗口" in w for w in warnings), warnings
    facts = store().get_draft(int(draft_id)).facts
    assert facts.t4[0] == 1 and facts.t4[1] == 0  # B's edit was refused, A's kept
    b = ok(b.button(key="reload_stale").click().run())
    assert not any("其他窗口" in w.value for w in b.warning)
    b = goto(b, "数据表格")
    assert row(b, "t4", 0)[:2] == [1, 0]


def test_dismiss_warning_and_acknowledge_error_before_export():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at = goto(at, "数据表格")
    at = edit(at, "t3", {0: {"c1": 3}})  # O1 breaks: received 3, nothing handled
    at = goto(at, "导出")
    assert all(b.disabled for b in at.button if b.key and b.key.startswith("dl_"))
    assert "还有" in texts(at) and "个错误未修正或确认" in texts(at) and "在「审阅」中写明理由后确认" in texts(at)
    at = goto(at, "审阅")
    form_buttons = [b for b in at.button if b.key and b.key.startswith("FormSubmitter:dismiss_O1")]
    assert form_buttons
    fid = form_buttons[0].key.split("dismiss_")[1].rsplit("-", 1)[0]
    at = ok(form_buttons[0].click().run())  # no reason → refused
    assert any("理由" in plain(e.value) for e in at.error)
    assert store().dismissals(draft_id) == {}
    for b in [b for b in at.button if b.key and b.key.startswith("FormSubmitter:dismiss_O1")]:
        fid = b.key.split("dismiss_")[1].rsplit("-", 1)[0]
        at.text_input(key=f"reason_{fid}").input("机构调整，申请移交他处办理")
        at = ok(at.button(key=b.key).click().run())
    assert all(d.acknowledged for d in store().dismissals(draft_id).values())
    at = goto(at, "导出")
    assert [b.label for b in at.get("download_button")]
    assert "已确认保留的错误" in texts(at)


def test_duplicate_last_year_prefills_and_explains():
    at = new_draft(start(), year=2023)
    at = goto(at, "数据表格")
    at = edit(at, "t3", {0: {"c1": 3}, 2: {"c1": 1}, 24: {"c1": 2}})
    at = ok(at.button(key="duplicate").click().run())
    assert at.query_params["draft"] == "2"
    assert "2024年" in at.title[0].value
    at = goto(at, "数据表格")
    assert row(at, "t3", 1)[:1] == [2]  # r2 := last year's r25
    assert "结转下年度继续办理" in texts(at) and "2023年" in texts(at)


def test_malformed_uploads_get_chinese_errors_and_change_nothing():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at = goto(at, "数据表格")
    before = store().revision(draft_id)
    up = next(u for u in at.file_uploader if u.key.startswith("facts_up_"))
    up.set_value(("facts.json", b'{"agency": "x", "year": 1900}', "application/json"))
    at = ok(at.run())
    at = ok(at.button(key="facts_import").click().run())
    assert any("年度应为" in plain(e.value) for e in at.error)
    up = next(u for u in at.file_uploader if u.key.startswith("corpus_up_"))
    up.set_value(("old.docx", b"not a zip file", "application/octet-stream"))
    at = ok(at.run())
    at = ok(at.button(key="corpus_add").click().run())
    assert any("不是有效的 Word" in plain(e.value) for e in at.error)
    assert store().revision(draft_id) == before


def test_facts_json_import_replaces_tables_and_imports_texts(tmp_path):
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at = goto(at, "数据表格")
    from report.facts import blank_facts
    facts = blank_facts(AGENCY, 2024)
    facts.t2.penalty = 11
    facts.sections = {"五": "导入的第五部分正文。"}
    up = next(u for u in at.file_uploader if u.key.startswith("facts_up_"))
    up.set_value(("facts.json", facts.to_json().encode("utf-8"), "application/json"))
    at = ok(at.run())
    at = ok(at.button(key="facts_import").click().run())
    assert store().get_draft(draft_id).facts.t2.penalty == 11
    assert store().current_version(draft_id, "五").source == "imported"
    assert figure(editor(at, "t2_2").value.iloc[0]["v1"]) == 11


def test_model_output_is_rendered_as_text(fake_openai):
    at = new_draft(start())
    fake_openai.script("<b>粗体</b>![图](http://example.com/x.png) 本机关未收取信息处理费。")
    at.chat_input[0].set_value("起草其他需要报告的事项").run()
    at = goto(ok(at), "审阅")
    raw = "\n".join(m.value for m in at.markdown)
    assert "\\<b\\>粗体\\</b\\>" in raw and "<b>粗体</b>" not in raw
    assert "![图](http" not in raw and "example.com" not in raw  # issue 17: Markdown is stripped from replies
    assert "<b>粗体</b>" in texts(at)  # shown literally, as text


QINGXI = "青溪县市场监督管理局"


def test_new_draft_prefilled_from_last_years_report_in_corpus(monkeypatch):
    use_bundled_corpus(monkeypatch)
    from report.parser import parse_file
    last = parse_file(BUNDLED_CORPUS_DIR / "qingxi-scjgj-2024.txt")
    at = new_draft(start(), agency=QINGXI, year=2025)
    assert "已从上年报告预填" in texts(at)
    at = goto(at, "数据表格")
    assert row(at, "t3", 1)[:6] == last.t3["r25"][:6]  # 上年结转 := last year's 结转下年度
    assert figure(editor(at, "t2_0").value.iloc[1]["v3"]) == last.t2["normative_docs"]["valid"]  # 现行有效 baseline
    shown = texts(at)
    assert "预填说明" in shown or "来自语料库中的上年报告" in shown
    assert "二、上年结转政府信息公开申请数量" in shown and "结转下年度继续办理" in shown
    assert editor(at, "t2_0").value["提示"].tolist() == ["上年预填", "上年预填"]  # pre-filled rows are marked
    assert editor(at, "t3").value["提示"].iloc[1].startswith("有问题：")  # … unless a finding names them (O1 until handled)
    # drafting offline uses past-report passages and shows where they come from
    at = goto(at, "对话起草")
    at = ok(at.button(key="quick_一").click().run())
    expanders = [e for e in at.expander if e.label.startswith("参考的往年报告段落")]
    assert expanders, [e.label for e in at.expander]
    assert f"{QINGXI} · 2024年 · 第一部分" in texts(at)
    draft_id = int(at.query_params["draft"])
    assert store().pending_suggestions(draft_id)["一"].passages[0]["agency"] == QINGXI


def test_upload_past_report_then_prefill(monkeypatch):
    at = new_draft(start(), agency=QINGXI, year=2025)
    draft_id = int(at.query_params["draft"])
    assert store().get_draft(draft_id).facts.t3["r2"][:6] == [0] * 6  # empty corpus: nothing to pre-fill
    at = goto(at, "数据表格")
    data = (BUNDLED_CORPUS_DIR / "qingxi-scjgj-2024.txt").read_bytes()
    up = next(u for u in at.file_uploader if u.key.startswith("corpus_up_"))
    up.set_value([("上年报告.txt", data, "text/plain"), ("坏文件.docx", b"PK\x03\x04broken", "application/zip")])
    at = ok(at.run())
    at = ok(at.button(key="corpus_add").click().run())
    assert any("新增 1 份" in plain(s.value) for s in at.success), [plain(s.value) for s in at.success]
    assert any("坏文件.docx" in plain(e.value) for e in at.error)
    at = ok(at.button(key="prefill").click().run())
    facts = store().get_draft(draft_id).facts
    assert facts.t3["r2"][:6] != [0] * 6 and facts.previous is not None
    assert "已预填" in texts(at)


FIVE = "本机关政策解读形式较为单一，公开内容的针对性还不够强，下一步将丰富解读形式，提高公开质量。"
FIVE_MORE = "本机关政策解读形式较为单一，图解、视频解读较少，公开内容的针对性还不够强。下一步将丰富解读形式，提高公开质量。"


def test_revision_with_model_then_undo(fake_openai):
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    fake_openai.script(FIVE)
    at.chat_input[0].set_value("起草存在的主要问题及改进情况").run()
    at = goto(ok(at), "审阅")
    at = ok(at.button(key="accept_五").click().run())
    at = goto(at, "对话起草")
    fake_openai.script(FIVE_MORE)
    at.chat_input[0].set_value("把第五部分写得更具体些").run()
    ok(at)
    sug = store().pending_suggestions(draft_id)["五"]
    assert (sug.kind, sug.text, sug.base_text) == ("revise", FIVE_MORE, FIVE)
    assert "把第五部分写得更具体些" in fake_openai.prompts()[-1]
    at = goto(at, "审阅")
    assert any(":green-background[**" in m.value for m in at.markdown)  # the diff is highlighted
    at = ok(at.button(key="accept_五").click().run())
    assert store().current_sections(draft_id)["五"] == FIVE_MORE
    at = ok(at.button(key="undo_五").click().run())  # version history: undo the revision
    assert store().current_sections(draft_id)["五"] == FIVE
    assert [v.undone for v in store().versions(draft_id, "五")] == [False, True]


def test_edit_in_place_and_reject():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at = ok(at.button(key="quick_五").click().run())
    at = goto(at, "审阅")
    area = next(t for t in at.text_area if t.key.startswith("sug_text_"))
    area.input("人工改写后的第五部分正文，写明了具体问题和改进措施。")
    at = ok(at.button(key="accept_五").click().run())
    current = store().current_version(draft_id, "五")
    assert current.text.startswith("人工改写后") and current.source == "edited"
    at = ok(at.button(key="redraft_五").click().run())  # a new draft asked from the review tab
    assert "五" in store().pending_suggestions(draft_id)
    at = ok(at.button(key="reject_五").click().run())
    assert store().current_version(draft_id, "五").text.startswith("人工改写后")
    assert store().pending_suggestions(draft_id) == {}


def test_reindex_corpus_with_progress(monkeypatch):
    use_bundled_corpus(monkeypatch)
    at = new_draft(start(), agency="某县档案局", year=2025)
    at = goto(at, "数据表格")
    at = ok(at.button(key="corpus_ingest").click().run())
    assert any("索引共" in plain(s.value) for s in at.success), [plain(s.value) for s in at.success]
    assert at.get("progress") and at.get("progress")[-1].value == 100


def test_new_draft_form_defaults_to_last_year_in_beijing(monkeypatch):
    from datetime import datetime, timezone

    from report import clock
    # 31 December 2026, 17:00 UTC is already 1 January 2027 in Beijing: the report due is 2026's
    monkeypatch.setattr(clock, "beijing_now", lambda: datetime(2026, 12, 31, 17, 0, tzinfo=timezone.utc)
                        .astimezone(clock.BEIJING))
    at = ok(start())
    assert at.number_input(key="new_year_main").value == 2026


@pytest.mark.parametrize("typed,reason", [("-5", "不能为负数"), ("abc", "不是数字"), ("12.5", "应为整数")])
def test_bad_cell_value_is_refused_with_the_cell_named_and_the_old_value_kept(typed, reason):
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at = goto(at, "数据表格")
    at = edit(at, "t2_2", {0: {"v1": "7"}})  # 行政处罚 typed as text, as the browser sends it
    assert store().get_draft(draft_id).facts.t2.penalty == 7
    at = edit(at, "t2_2", {0: {"v1": typed}})
    errors = [plain(e.value) for e in at.error]
    assert any("表二 行政处罚·本年处理决定数量" in e and f"“{typed}”" in e and reason in e and "仍为 7" in e
               for e in errors), errors
    assert store().get_draft(draft_id).facts.t2.penalty == 7  # nothing lost, nothing changed
    assert figure(editor(at, "t2_2").value.iloc[0]["v1"]) == 7
    assert any("未保存" in plain(t.value) for t in at.toast)


def test_cell_values_typed_with_units_or_full_width_digits_are_read():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at = goto(at, "数据表格")
    at = edit(at, "t3", {0: {"c1": "１２件"}})
    at = edit(at, "t2_3", {0: {"v1": "1.25"}})
    facts = store().get_draft(draft_id).facts
    assert facts.t3["r1"][0] == 12 and str(facts.t2.fees_wan) == "1.25"
    assert not [e for e in at.error if "未保存" in plain(e.value)]


def test_wide_tables_fit_and_table_four_reads_as_printed():
    at = goto(new_draft(start()), "数据表格")
    t4 = editor(at, "t4").value
    assert t4["项目"].tolist() == ["行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉"]
    assert [c for c in t4.columns if c.startswith("c")] == ["c1", "c2", "c3", "c4", "c5"]
    at = edit(at, "t4", {2: {"c2": "1"}})
    assert store().get_draft(1).facts.t4[11] == 1  # 复议后起诉·结果纠正
    assert row(at, "t4", 2) == [0, 1, 0, 0, 1]


def test_chat_takes_facts_told_in_everyday_words_offline():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at.chat_input[0].set_value("今年网站发布信息236条，办了4期培训，没有收信息处理费。"
                               "存在的问题是政策解读形式比较单一，明年增加图解。").run()
    ok(at)
    assert store().pending_suggestions(draft_id) == {}  # telling facts is not a request to draft 第五部分
    proposal = at.dataframe[-1].value
    assert proposal["项目"].tolist() == ["第一部分要点（主动公开）", "第一部分要点（监督保障）", "第六部分要点", "第五部分要点"]
    at = ok(next(b for b in at.button if b.key and b.key.startswith("confirm_")).click().run())
    notes = store().get_draft(draft_id).facts.notes
    assert notes["一"] == ["今年网站发布信息236条", "办了4期培训"] and notes["六"] == ["没有收信息处理费"]
    assert notes["五"] == ["政策解读形式比较单一，明年增加图解"]


def test_chat_splits_applications_by_applicant_as_the_placeholder_suggests():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at.chat_input[0].set_value("今年收到申请3件，其中自然人2件，企业1件").run()
    ok(at)
    assert not [i for i in at.info if "申请人分别是" in plain(i.value)]
    at = ok(next(b for b in at.button if b.key and b.key.startswith("confirm_")).click().run())
    assert store().get_draft(draft_id).facts.t3["r1"] == [2, 1, 0, 0, 0, 0, None]


def test_new_agency_is_told_that_nothing_was_prefilled():
    at = new_draft(start(), agency="青溪县教育局", year=2026)
    shown = texts(at)
    assert "已新建草稿" in shown and "没有“青溪县教育局”2025年的报告，未预填" in shown


def test_export_warns_about_marks_left_in_the_text():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at = ok(at.button(key="quick_all").click().run())
    at = goto(at, "审阅")
    for num in ("一", "五", "六"):
        at = ok(at.button(key=f"accept_{num}").click().run())
    assert "【待补充：" in store().current_sections(draft_id)["五"]  # offline draft: no notes for 五, a placeholder
    at = goto(at, "导出")
    warnings = [plain(w.value) for w in at.warning]
    assert any("待核实" in w and "第五部分（【待补充】）" in w for w in warnings), warnings
    assert "正文齐全，可以下载" not in texts(at)
    at = goto(at, "对话起草")
    assert "正文中没有待核实、待补的标注" in texts(at) and "到「审阅」中补充修改：第一部分、第五部分" in texts(at)


def test_no_applications_completes_table_three_in_the_checklist():
    at = new_draft(start())
    at.chat_input[0].set_value("今年未收到政府信息公开申请").run()
    at = ok(next(b for b in ok(at).button if b.key and b.key.startswith("confirm_")).click().run())
    checklist = next(e for e in at.expander if e.label.startswith("进度清单"))
    lines = [plain(m.value) for m in checklist.markdown]
    assert any("check_circle" in line and "表三：本年收到和处理的申请" in line for line in lines), lines


def test_chat_message_refused_in_a_stale_tab_can_be_sent_again_after_reload():
    a = new_draft(start())
    draft_id = a.query_params["draft"]
    b = ok(start({"draft": draft_id}))
    a = goto(a, "数据表格")
    a = edit(a, "t4", {0: {"c1": "1"}})
    b.chat_input[0].set_value("今年行政处罚9起").run()
    ok(b)
    assert any("其他窗口" in plain(w.value) for w in b.warning)
    assert any("未保存" in plain(t.value) for t in b.toast)
    assert store().messages(int(draft_id)) == []
    b = ok(b.button(key="reload_stale").click().run())
    retry = b.button(key="chat_retry_button")
    assert "今年行政处罚9起" in retry.label
    b = ok(retry.click().run())
    assert [m.content for m in store().messages(int(draft_id))][0] == "今年行政处罚9起"


def test_proposal_shows_a_computed_total_as_its_current_value():
    at = new_draft(start())
    at = goto(at, "数据表格")
    at = edit(at, "t3", {0: {"c1": "2"}})
    at = goto(at, "对话起草")
    at.chat_input[0].set_value("今年收到申请5件").run()
    proposal = ok(at).dataframe[-1].value
    assert proposal["原值"].tolist() == ["2（自动合计）"] and proposal["新值"].tolist() == ["5"]


def test_quick_button_says_what_it_does():
    at = new_draft(start())
    at = ok(at.button(key="quick_all").click().run())
    assert "起草全部文字部分" in [m.markdown[0].value for m in at.chat_message]


def test_corpus_upload_list_is_cleared_and_results_stay_shown():
    at = goto(new_draft(start(), agency=QINGXI, year=2025), "数据表格")
    data = (BUNDLED_CORPUS_DIR / "qingxi-scjgj-2024.txt").read_bytes()
    up = next(u for u in at.file_uploader if u.key.startswith("corpus_up_"))
    up.set_value([("上年报告.txt", data, "text/plain"), ("图片.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "text/plain")])
    at = ok(at.run())
    at = ok(at.button(key="corpus_add").click().run())
    uploader = next(u for u in at.file_uploader if u.key.startswith("corpus_up_"))
    assert uploader.key != up.key and not uploader.value  # a fresh, empty list
    shown = texts(at)
    assert "完成：1/2 个文件已加入语料库" in shown and "图片.txt" in shown and "新增 1 份" in shown
    assert "单个不超过 20 MB" in [u.label for u in at.file_uploader][-1]


def test_review_shows_a_suggestion_once_with_plain_labels():
    at = new_draft(start())
    at = ok(at.button(key="quick_六").click().run())
    at = goto(at, "审阅")
    assert "**待审阅的建议稿**（离线起草）" in texts(at) and "offline@" not in texts(at)
    box = next(e for e in at.expander if e.label.startswith("修改后再采纳"))
    assert [t.key for t in box.text_area][0].startswith("sug_text_")



def test_unsaved_edits_in_review_survive_switching_tabs():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at = ok(at.button(key="quick_六").click().run())
    at = goto(at, "审阅")
    area = next(t for t in at.text_area if t.key.startswith("sug_text_"))
    area.input("本年度未收取信息处理费。人工补充的一句。")
    at = ok(at.run())
    at = goto(at, "数据表格")  # check a figure, then come back
    at = goto(at, "审阅")
    area = next(t for t in at.text_area if t.key.startswith("sug_text_"))
    assert area.value == "本年度未收取信息处理费。人工补充的一句。"
    assert any("有尚未采纳的修改" in e.label for e in at.expander)
    at = ok(at.button(key="accept_六").click().run())
    assert store().current_sections(draft_id)["六"] == "本年度未收取信息处理费。人工补充的一句。"


def test_welcome_page_shows_one_new_draft_form():
    at = ok(start())
    assert [f.key for f in at.text_input] == ["new_agency_main"]  # not a second copy in the sidebar


def test_unrecognised_chat_message_says_where_else_to_put_it():
    at = new_draft(start())
    at.chat_input[0].set_value("更新了公开目录").run()  # work done: a 要点 of 一 under its sub-head
    assert ok(at).dataframe[-1].value["项目"].tolist() == ["第一部分要点（政府信息管理）"]
    at.chat_input[0].set_value("好的谢谢，就这样").run()
    assert "各部分要点" in ok(at).chat_message[-1].markdown[0].value


def test_parts_not_understood_are_listed_with_one_click_choices():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at.chat_input[0].set_value("收到申请12件和热线留言24件，这个情况比较特殊").run()
    ok(at)
    shown = texts(at)
    assert "未能识别" in shown and "这个情况比较特殊" in shown
    adds = [b for b in at.button if b.key and b.key.startswith("unread_add_")]
    skips = [b for b in at.button if b.key and b.key.startswith("unread_skip_")]
    assert len(adds) == 2 and len(skips) == 2
    at = ok(adds[0].click().run())
    assert store().get_draft(draft_id).facts.notes["一"] == ["收到申请12件和热线留言24件"]
    at = ok(next(b for b in at.button if b.key and b.key.startswith("unread_skip_")).click().run())
    assert not [b for b in at.button if b.key and b.key.startswith("unread_")]
    assert "已忽略" in texts(at) and "已加入第一部分要点" in texts(at)


def test_stale_tab_gets_one_warning_that_says_the_edit_was_not_saved():
    a = new_draft(start())
    b = ok(start({"draft": a.query_params["draft"]}))
    a, b = goto(a, "数据表格"), goto(b, "数据表格")
    a = edit(a, "t4", {0: {"c1": "1"}})
    b = edit(b, "t4", {0: {"c2": "7"}})
    warnings = [plain(w.value) for w in b.warning]
    assert len(warnings) == 1 and "刚才的修改未保存" in warnings[0], warnings
    b = ok(b.button(key="reload_stale").click().run())
    assert not b.warning


def test_drafting_with_an_open_table_error_marks_the_sentence_and_says_why():
    at = goto(new_draft(start()), "数据表格")
    at = edit(at, "t3", {0: {"c1": 5}})  # 5 received, none handled: O1 breaks
    assert "O1" in texts(at)
    at = ok(goto(at, "对话起草").button(key="quick_一").click().run())
    draft_id = int(at.query_params["draft"])
    suggestion = store().pending_suggestions(draft_id)["一"]
    assert "【需核实】" in suggestion.text
    reasons = [f["message"] for f in suggestion.flags if f.get("warning") and "未处理的错误" in f["message"]]
    assert reasons and "O1" in reasons[0]
    at = goto(at, "审阅")
    assert "未处理的错误" in texts(at)  # the reason is shown beside the suggestion


def test_a_total_told_without_its_split_is_a_to_do_on_its_row():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at.chat_input[0].set_value("今年收到申请10件").run()
    assert any("请把本年新收10件按申请人分列" in plain(i.value) for i in ok(at).info)
    at = ok(next(b for b in at.button if b.key and b.key.startswith("confirm_")).click().run())
    assert store().get_draft(draft_id).facts.t3["r1"][6] == 10
    at = goto(at, "数据表格")
    assert editor(at, "t3").value["提示"].iloc[0] == "请把 10 件按申请人分列"
    shown = texts(at)
    assert "待办（S2）" in shown and "请把 10 件按申请人分列" in shown
    assert "应为 0" not in shown  # not told that the 10 is wrong
    at = goto(at, "导出")
    shown = texts(at)  # still held back (the split columns would print 0), but as work to finish, not an error
    assert "还有 1 行只填了总计" in shown and "还有 1 个错误未修正" in shown  # O1 alone counts as an error
    at = goto(at, "审阅")
    shown = texts(at)
    assert "待办（S2）" in shown and "待分列的行 1 个" in shown and "错误（S2）" not in shown
    at = goto(at, "对话起草")
    at.chat_input[0].set_value("都是自然人").run()  # the answer to the question fills the row asked about
    at = ok(next(b for b in ok(at).button if b.key and b.key.startswith("confirm_")).click().run())
    assert store().get_draft(draft_id).facts.t3["r1"][0] == 10


def test_questions_are_answered_from_data_without_a_model(monkeypatch):
    use_bundled_corpus(monkeypatch)
    at = new_draft(start(), agency=QINGXI, year=2025)
    draft_id = int(at.query_params["draft"])
    at.chat_input[0].set_value("还差什么？").run()
    answer = ok(at).chat_message[-1].markdown[0].value
    assert "还差 8 项" in answer and "第一部分（总体情况）的工作要点" in plain(answer)
    at.chat_input[0].set_value("什么是三安全一稳定？").run()
    assert "国家安全、公共安全、经济安全和社会稳定" in plain(ok(at).chat_message[-1].markdown[0].value)
    at.chat_input[0].set_value("表三的勾稽关系是什么？").run()
    answer = plain(ok(at).chat_message[-1].markdown[0].value)
    assert "第一项加第二项之和等于第三项加第四项之和" in answer and "S2" in answer
    at.chat_input[0].set_value("去年我们怎么写平台建设的？").run()
    ok(at)
    sources = next(e for e in at.expander if e.label.startswith("参考的往年报告段落"))
    heads = [plain(m.value) for m in sources.markdown]
    assert any("青溪县市场监督管理局 · 2024年 · 第一部分" in h for h in heads), heads
    assert [m.role for m in store().messages(draft_id)] == ["user", "assistant"] * 4  # answers, no proposals
    assert not any(m.meta.get("proposals") for m in store().messages(draft_id))


CONVERSATION = (
    "今年我们收到政府信息公开申请15件，去年结转过来的申请有3件，都是自然人申请的。",
    "自然人提出12件，商业企业提出3件",
    "予以公开11件，部分公开2件，本机关不掌握2件，逾期不补正1件，重复申请1件，还有1件结转到下年度继续办理。",
    "复议1件，维持；行政诉讼1件（未经复议直接起诉），尚未审结。",
    "今年新制定规范性文件2件，废止1件，现在有效的一共14件；本局没有规章制定权，现行有效规章0件；"
    "行政许可36件，行政处罚七起，没有行政强制。",
    "办理12345热线和局长信箱留言24件，更新了公开指南和目录，全年开展培训2次。",
    "说错了，行政许可是38件不是36件。明年计划增加政策图解，下一步加强依申请公开答复审核。",
)


def _accounted(message: str, meta: dict) -> list[str]:
    """The amounts of a message that the reply neither proposed, asked about nor listed (should be none)."""
    from report.numbers import find_numbers
    said = " ".join([*(p.get("quote", "") + str(p.get("value", "")) for p in meta.get("proposals", [])),
                     *meta.get("questions", []), *(u["text"] for u in meta.get("unread", []))])
    return [n.raw for n in find_numbers(message) if n.kind == "count" and n.raw not in said]


def test_the_seven_message_conversation_ends_with_every_fact_in_the_tables_or_notes():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    for message in CONVERSATION:
        at.chat_input[0].set_value(message).run()
        ok(at)
        reply = store().messages(draft_id)[-1]
        assert _accounted(message, reply.meta) == [], message  # nothing dropped without a word
        confirm = [b for b in at.button if b.key == f"confirm_{reply.id}"]
        if confirm:
            at = ok(confirm[0].click().run())
    facts = store().get_draft(draft_id).facts
    assert facts.t3["r1"][:6] == [12, 3, 0, 0, 0, 0] and facts.t3["r2"][:6] == [3, 0, 0, 0, 0, 0]
    assert [facts.t3[r][6] for r in ("r3", "r4", "r13", "r21", "r17", "r25")] == [11, 2, 2, 1, 1, 1]
    assert facts.t4[0] == 1 and facts.t4[8] == 1  # 复议 维持; 直接起诉 尚未审结
    t2 = facts.t2
    assert (t2.normative_docs.made, t2.normative_docs.repealed, t2.normative_docs.valid) == (2, 1, 14)
    assert (t2.regulations.valid, t2.licensing, t2.penalty, t2.coercion) == (0, 38, 7, 0)
    assert facts.notes["一"] == ["办理12345热线和局长信箱留言24件", "更新了公开指南和目录", "全年开展培训2次"]
    assert facts.notes["五"] == ["明年计划增加政策图解，下一步加强依申请公开答复审核"]
    listed = [u["text"] for m in store().messages(draft_id) for u in m.meta.get("unread", [])]
    assert listed == ["本局没有规章制定权"]  # said, not a cell: listed with 加入要点 / 忽略
