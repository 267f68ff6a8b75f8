"""The app's 审阅版: download it in 导出, 导入审阅稿 shows the reviewer's changes, cells, problems and comments; the
changes become suggestions from 审阅人 in 审阅 (accept / edit / reject); nothing applied without confirmation."""
from __future__ import annotations

from review_helpers import REVIEWER, draft, reviewed
from test_app import _empty_corpus, goto, ok, plain, start, store, texts  # noqa: F401

from report.review.docx_out import render_review
from report.review.draft_import import EVENT
from ui.review_docx import MIME


def _open_draft():
    facts, accepted, pending = draft()
    s = store()
    d = s.create_draft(facts.model_copy(update={"sections": accepted}))
    rev = d.revision
    for num, text in pending.items():
        _, rev = s.add_suggestion(d.id, num, text, rev, base_text=accepted[num])
    return d.id, facts, accepted, pending


def shown_text(at) -> str:
    """The page's texts plus the expander labels (each changed section is one)."""
    return texts(at) + "\n" + "\n".join(plain(e.label) for e in at.expander)


def _upload(at, draft_id: int, name: str, data: bytes):
    up = next(u for u in at.file_uploader if u.key == f"review_up_{draft_id}")
    up.set_value([(name, data, MIME)])
    return ok(at.run())


def test_import_reviewed_docx_then_accept_in_review_tab():
    draft_id, facts, accepted, pending = _open_draft()
    at = goto(ok(start({"draft": str(draft_id)})), "导出")
    assert "审阅版" in texts(at)
    data = reviewed(render_review(facts, accepted, pending))  # what the 审阅版 download holds, after review
    rev = store().revision(draft_id)
    at = _upload(at, draft_id, "审阅稿.docx", data)
    shown = shown_text(at)
    assert f"审阅人（{REVIEWER}）的修改" in shown and "第六部分：年报助手的修订已拒绝" in shown
    assert "表三 第(一)行 自然人：4 → 7" in shown and "S1" in shown and "予以公开件数写为 9" in shown
    assert "月通报的频次请与办公室再确认。" in shown
    assert store().revision(draft_id) == rev  # only shown, nothing saved yet
    at = ok(at.button(key="review_import_save").click().run())
    pending_now = store().pending_suggestions(draft_id)
    assert pending_now["一"].kind == "review" and pending_now["一"].model == f"审阅人（{REVIEWER}）"
    assert "予以公开9件" in pending_now["一"].text and pending_now["五"].text.startswith(pending["五"][:20])
    assert [k for k, _d, _t in store().events(draft_id)].count(EVENT) == 1
    assert store().get_draft(draft_id).facts.t3["r3"][0] == 4  # the cell is not taken until confirmed
    assert "这份审阅稿已导入" in texts(at)
    at = goto(at, "审阅")
    shown = shown_text(at)
    assert "待审阅的审阅稿修改" in shown and "月通报的频次请与办公室再确认。" in shown
    assert "表三 第(一)行 自然人：4 → 7" in shown
    at = ok(at.button(key="accept_一").click().run())
    versions = store().versions(draft_id, "一")
    assert versions[-1].source == "reviewed" and "予以公开9件" in versions[-1].text
    at = goto(at, "导出")
    at = _upload(at, draft_id, "审阅稿.docx", data)
    at = ok(at.button(key="review_cells_apply").click().run())
    assert store().get_draft(draft_id).facts.t3["r3"][0] == 7


def test_bad_reviewed_file_is_refused_and_changes_nothing():
    draft_id, facts, accepted, _pending = _open_draft()
    at = goto(ok(start({"draft": str(draft_id)})), "导出")
    rev = store().revision(draft_id)
    at = _upload(at, draft_id, "坏的.docx", b"PK\x03\x04 not really")
    assert any("文件已损坏或不是 Word" in plain(e.value) for e in at.error)
    other = render_review(facts.model_copy(update={"year": 2022}), accepted)
    at = _upload(at, draft_id, "去年的.docx", other)
    assert any("这是2022年的报告" in plain(e.value) for e in at.error)
    assert store().revision(draft_id) == rev and not at.exception
