"""Review that helps, in AppTest: drafted text kept in the chat, suggestions compared word by word or side by side,
undo next to each section (an edited accept comes back for review), Beijing time, no internal ids, a new draft that
opens on giving facts."""
from __future__ import annotations

import pytest

from report.clock import beijing_time_text
from test_app import _empty_corpus, goto, new_draft, ok, plain, start, store, texts  # noqa: F401 (fixture)

OLD_FIVE = "本机关政策解读形式较为单一，公开内容的针对性还不够强。下一步将丰富解读形式，提高公开质量。"
EDIT_FIVE = "本机关政策解读形式较为单一，图解、视频解读较少，公开内容的针对性还不够强。下一步将丰富解读形式，提高公开质量。"
REWRITE_FIVE = "信息发布审核流程有待规范，个别栏目更新滞后。明年起实行栏目责任人制度，每月检查一次。"


def _draft_with(at, section: str, current: str, suggestion: str):
    """Store a current text and a pending suggestion for a section of the open draft; open its 审阅 tab."""
    draft_id = int(at.query_params["draft"])
    s = store()
    rev = s.revision(draft_id)
    if current:
        rev = s.add_version(draft_id, section, current, "edited", rev)
    s.add_suggestion(draft_id, section, suggestion, rev, base_text=current, model="离线起草",
                     prompt_version="offline@offline-2")
    return goto(ok(start({"draft": str(draft_id)})), "审阅")  # a fresh session sees the stored revision


def test_new_draft_opens_on_giving_facts():
    at = new_draft(start(), year=2025)
    assert at.chat_input and at.chat_input[0].placeholder.startswith("告诉我今年的数据")
    assert not at.expander[0].proto.expanded  # the checklist is folded until the conversation starts
    primary = [b for b in at.button if b.proto.type == "primary"]
    assert primary and primary[0].key == "to_tables"  # the first primary action is to give facts
    assert at.button(key="quick_all").proto.type == "secondary"
    at = ok(at.button(key="to_tables").click().run())
    assert at.session_state["tab"] == "数据表格"


def test_offline_draft_text_stays_in_the_chat():
    at = new_draft(start())
    draft_id = int(at.query_params["draft"])
    at = ok(at.button(key="quick_all").click().run())
    pending = store().pending_suggestions(draft_id)
    shown = texts(at)
    for num in ("一", "五", "六"):
        first_line = pending[num].text.strip().splitlines()[0]
        assert first_line in shown, num  # the drafted text itself, not only "已起草…"
    assert "offline@" not in shown
    at = ok(at.run())  # and it stays after another run
    assert pending["六"].text.strip().splitlines()[0] in texts(at)


def test_a_small_change_is_shown_word_by_word():
    at = _draft_with(new_draft(start()), "五", OLD_FIVE, EDIT_FIVE)
    md = "\n".join(m.value for m in at.markdown)
    assert ":green-background[**" in md and "逐词对比" in texts(at)
    inserted = [plain(seg) for seg in md.split(":green-background[**")[1:]]
    assert any(seg.startswith("，图解、视频解读较少**") for seg in inserted)  # one whole insertion, not characters
    assert "左右对照" not in texts(at)


def test_a_rewrite_is_shown_side_by_side():
    at = _draft_with(new_draft(start()), "五", OLD_FIVE, REWRITE_FIVE)
    shown = texts(at)
    assert "左右对照" in shown and "现稿" in shown and "建议稿" in shown
    assert OLD_FIVE in shown and REWRITE_FIVE in shown
    assert not any(":red[~~" in m.value for m in at.markdown)  # no fragments


def test_undo_of_an_edited_accept_brings_the_suggestion_back_with_the_edits():
    at = _draft_with(new_draft(start()), "五", "", OLD_FIVE)
    draft_id = int(at.query_params["draft"])
    sug_id = store().pending_suggestions(draft_id)["五"].id
    at.text_area(key=f"sug_text_{sug_id}").input(EDIT_FIVE)
    at = ok(at.run())
    at = ok(at.button(key="accept_五").click().run())
    assert store().current_sections(draft_id) == {"五": EDIT_FIVE}
    undo = at.button(key="undo_五")
    assert "人工修改" in undo.help  # says what it takes back
    at = ok(undo.click().run())
    assert store().current_sections(draft_id) == {}
    assert store().pending_suggestions(draft_id)["五"].id == sug_id  # back for review, not lost
    assert at.text_area(key=f"sug_text_{sug_id}_1").value == EDIT_FIVE  # with the edits made before accepting
    assert "已撤销第五部分的上一步" in texts(at)


def test_an_emptied_edit_box_is_not_accepted():
    at = _draft_with(new_draft(start()), "五", OLD_FIVE, EDIT_FIVE)
    draft_id = int(at.query_params["draft"])
    sug_id = store().pending_suggestions(draft_id)["五"].id
    at.text_area(key=f"sug_text_{sug_id}").input("  ")
    at = ok(at.run())
    at = ok(at.button(key="accept_五").click().run())
    assert store().current_sections(draft_id) == {"五": OLD_FIVE} and "五" in store().pending_suggestions(draft_id)
    assert any("修改框是空的" in plain(e.value) for e in at.error)


def test_undo_sits_next_to_each_section_and_takes_back_a_reject():
    at = _draft_with(new_draft(start()), "六", "本年度未收取信息处理费。", "本年度未收取信息处理费，无其他需要报告的事项。")
    draft_id = int(at.query_params["draft"])
    at = ok(at.button(key="reject_六").click().run())
    assert store().pending_suggestions(draft_id) == {}
    at = ok(at.button(key="undo_六").click().run())
    assert "六" in store().pending_suggestions(draft_id)
    assert store().current_sections(draft_id) == {"六": "本年度未收取信息处理费。"}


def test_version_times_are_beijing_time_and_no_internal_ids_are_shown():
    at = _draft_with(new_draft(start()), "一", "", "本年度主动公开政府信息120条。")
    draft_id = int(at.query_params["draft"])
    at = ok(at.button(key="accept_一").click().run())
    (version,) = store().versions(draft_id, "一")
    shown = texts(at)
    assert beijing_time_text(version.created_at) in shown
    assert version.created_at[:16].replace("T", " ") not in shown  # the stored UTC time is not shown as such
    assert "offline@" not in shown and "提示词版本" not in shown


@pytest.mark.parametrize("old,new", [(OLD_FIVE, EDIT_FIVE), (OLD_FIVE, REWRITE_FIVE)])
def test_accepting_after_either_view_stores_the_suggestion(old, new):
    at = _draft_with(new_draft(start()), "五", old, new)
    draft_id = int(at.query_params["draft"])
    at = ok(at.button(key="accept_五").click().run())
    assert store().current_sections(draft_id) == {"五": new}


def test_a_model_draft_stays_in_the_chat_after_the_stream_ends(fake_openai):
    at = new_draft(start())
    fake_openai.script(OLD_FIVE)
    at.chat_input[0].set_value("起草存在的主要问题及改进情况").run()
    at = ok(at)
    assert OLD_FIVE in texts(at) and "已起草五、存在的主要问题及改进情况的建议稿" in texts(at)
    at = ok(at.run())
    assert OLD_FIVE in texts(at)


def test_draft_labels_show_no_database_ids():
    at = new_draft(start(), agency="某县档案局", year=2025)
    at.text_input(key="new_agency_sidebar").input("某县档案局")  # a second draft of the same agency and year
    at.number_input(key="new_year_sidebar").set_value(2025)
    at = ok(at.button(key="FormSubmitter:new_draft_sidebar-新建草稿").click().run())
    picker = next(s for s in at.selectbox if s.key.startswith("pick_"))
    labels = list(picker.options)  # as shown
    assert len(labels) == 2
    assert labels and all("#" not in label for label in labels)
    assert all(label.startswith("某县档案局 2025年（") for label in labels)  # told apart by the time of their change
    assert "#" not in texts(at)
