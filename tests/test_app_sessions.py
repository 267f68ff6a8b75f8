"""Two sessions on one draft keep what each typed; agency names the app refuses; the app refuses to serve a network
address unless NIANBAO_ALLOW_NETWORK=1 (said on the page and in the console, and by scripts/app.sh before start)."""
from __future__ import annotations

import pytest
from streamlit import config

from settings import get_settings
from test_app import goto, new_draft, ok, plain, start, store, texts
from ui import network

FIRST = "本机关认真贯彻落实条例要求，扎实推进政务公开各项工作，取得了较好成效。"
MINE = FIRST + "第二个窗口里补充、尚未保存的一句。"
THEIRS = "第一个窗口修改并保存的新文字，全年工作有序推进，各项任务按期完成。"


def _two_sessions():
    a = new_draft(start())
    draft_id = int(a.query_params["draft"])
    s = store()
    s.add_version(draft_id, "一", FIRST, "edited", s.revision(draft_id))
    a = goto(ok(start({"draft": str(draft_id)})), "审阅")
    b = goto(ok(start({"draft": str(draft_id)})), "审阅")
    return a, b, draft_id


def _area(at, draft_id):
    return at.text_area(key=f"edit_一_{draft_id}")


def test_second_session_keeps_what_it_typed_when_the_first_saves():
    a, b, draft_id = _two_sessions()
    _area(b, draft_id).input(MINE)
    b = ok(b.run())  # typed, not saved
    _area(a, draft_id).input(THEIRS)
    a = ok(a.button(key="save_一").click().run())
    assert store().current_sections(draft_id)["一"] == THEIRS
    b = ok(b.run())  # the second session's next rerun
    assert _area(b, draft_id).value == MINE  # what it typed is still there
    shown = texts(b)
    assert "其他窗口保存了新的文字" in shown and THEIRS in shown  # beside the newer saved text
    b = ok(b.button(key="reload_stale").click().run()) if any(x.key == "reload_stale" for x in b.button) else b
    assert _area(b, draft_id).value == MINE  # 重新载入 does not drop it either
    _area(b, draft_id).input(MINE + THEIRS)  # merged by hand
    b = ok(b.button(key="save_merged_一").click().run())
    assert store().current_sections(draft_id)["一"] == MINE + THEIRS
    b = ok(b.run())
    assert "其他窗口保存了新的文字" not in texts(b) and _area(b, draft_id).value == MINE + THEIRS


def test_second_session_may_discard_its_typing_for_the_newer_text():
    a, b, draft_id = _two_sessions()
    _area(b, draft_id).input(MINE)
    b = ok(b.run())
    _area(a, draft_id).input(THEIRS)
    a = ok(a.button(key="save_一").click().run())
    b = ok(b.run())
    b = ok(b.button(key="discard_一").click().run())
    assert _area(b, draft_id).value == THEIRS and "其他窗口保存了新的文字" not in texts(b)
    assert store().current_sections(draft_id)["一"] == THEIRS


def test_an_untouched_editor_follows_the_newer_saved_text():
    a, b, draft_id = _two_sessions()
    _area(a, draft_id).input(THEIRS)
    a = ok(a.button(key="save_一").click().run())
    b = ok(b.run())
    assert _area(b, draft_id).value == THEIRS and "其他窗口保存了新的文字" not in texts(b)


@pytest.mark.parametrize("name, reason", [("\u200b\u200b\u200b", "看不见的字符"), ("局理管督监场市县某\u202e", "文字方向"),
                                          ("某" * 5000, "过长")])
def test_new_draft_with_an_agency_name_that_cannot_be_shown_is_refused(name, reason):
    at = ok(start())
    at.text_input(key="new_agency_main").input(name)
    at = ok(at.button(key="FormSubmitter:new_draft_main-新建草稿").click().run())
    assert any(reason in plain(e.value) for e in at.error), [e.value for e in at.error]
    assert store().list_drafts() == []


def test_zero_width_characters_in_a_new_agency_name_are_dropped():
    at = new_draft(start(), agency="测试县\u200b民政局")
    assert store().get_draft(int(at.query_params["draft"])).facts.agency == "测试县民政局"


@pytest.fixture
def listening(monkeypatch):
    """Run the page as if the server were bound to the given address."""
    before = config.get_option("server.address")

    def bind(address: str, allow: bool = False) -> None:
        config.set_option("server.address", address)
        if allow:
            monkeypatch.setenv("NIANBAO_ALLOW_NETWORK", "1")
        get_settings.cache_clear()
    yield bind
    config.set_option("server.address", before)
    get_settings.cache_clear()


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.168.1.20", ""])
def test_a_network_address_is_refused_on_the_page(listening, address):
    listening(address)
    at = ok(start())
    errors = [plain(e.value) for e in at.error]
    assert any("其他电脑可以打开" in e and "NIANBAO_ALLOW_NETWORK=1" in e and "拒绝" in e for e in errors), errors
    assert not at.text_input and not at.tabs  # nothing of the app is served


def test_an_allowed_network_address_is_said_and_served(listening):
    listening("0.0.0.0", allow=True)
    at = new_draft(start())
    assert any("其他电脑可以打开" in plain(w.value) and "已按" in plain(w.value) for w in at.warning)
    assert at.query_params["draft"]


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "localhost", "unix:///tmp/nianbao.sock"])
def test_loopback_addresses_are_served_without_a_word(listening, address):
    listening(address)
    at = new_draft(start())
    assert not any("其他电脑" in plain(w.value) for w in [*at.warning, *at.error])


def test_start_script_check_refuses_a_network_address(monkeypatch, capsys):
    assert network.main(["--server.address", "127.0.0.1"]) == 0
    assert network.main(["--server.address", "127.0.0.1", "--server.address", "0.0.0.0"]) == 2
    assert "NIANBAO_ALLOW_NETWORK=1" in capsys.readouterr().err
    assert network.main(["--server.address=10.0.0.5"]) == 2
    monkeypatch.setenv("NIANBAO_ALLOW_NETWORK", "1")
    get_settings.cache_clear()
    assert network.main(["--server.address", "0.0.0.0"]) == 0
    assert "已按" in capsys.readouterr().err
    get_settings.cache_clear()


@pytest.mark.parametrize("typed", ["10000001", "1e30", "9" * 400])
def test_a_figure_beyond_the_plausible_bound_is_refused_in_the_table_editor(typed):
    from test_app import edit, editor, figure

    at = goto(new_draft(start()), "数据表格")
    draft_id = int(at.query_params["draft"])
    at = edit(at, "t2_2", {0: {"v1": "7"}})
    at = edit(at, "t2_2", {0: {"v1": typed}})
    errors = [plain(e.value) for e in at.error]
    assert any("表二 行政处罚·本年处理决定数量" in e and "数字过大" in e and "10,000,000" in e for e in errors), errors
    assert store().get_draft(draft_id).facts.t2.penalty == 7
    assert figure(editor(at, "t2_2").value.iloc[0]["v1"]) == 7


def _two_sessions_with_a_suggestion():
    a = new_draft(start())
    draft_id = int(a.query_params["draft"])
    s = store()
    s.add_version(draft_id, "一", FIRST, "edited", s.revision(draft_id))
    s.add_suggestion(draft_id, "一", THEIRS, s.revision(draft_id))
    sid = next(iter(s.pending_suggestions(draft_id).values())).id
    a = goto(ok(start({"draft": str(draft_id)})), "审阅")
    b = goto(ok(start({"draft": str(draft_id)})), "审阅")
    return a, b, draft_id, sid


@pytest.mark.parametrize("resolve", ["accept_一", "reject_一"])
def test_edits_of_a_suggestion_resolved_in_another_window_are_kept(resolve):
    a, b, draft_id, sid = _two_sessions_with_a_suggestion()
    b.text_area(key=f"sug_text_{sid}").input(MINE)
    b = ok(b.run())
    a = ok(a.button(key=resolve).click().run())  # the first window accepts (or rejects) the suggestion as it was
    assert store().pending_suggestions(draft_id) == {}
    b = ok(b.run())
    assert b.text_area(key=f"orphan_{sid}").value == MINE and "其他窗口被" in texts(b)
    b = ok(b.button(key=f"orphan_save_{sid}").click().run())
    assert store().current_sections(draft_id)["一"] == MINE
    b = ok(b.run())
    assert not any(t.key == f"orphan_{sid}" for t in b.text_area)


def test_edits_of_a_resolved_suggestion_may_be_discarded():
    a, b, draft_id, sid = _two_sessions_with_a_suggestion()
    b.text_area(key=f"sug_text_{sid}").input(MINE)
    b = ok(b.run())
    a = ok(a.button(key="accept_一").click().run())
    b = ok(b.run())
    b = ok(b.button(key=f"orphan_drop_{sid}").click().run())
    assert not any(t.key == f"orphan_{sid}" for t in b.text_area)
    assert store().current_sections(draft_id)["一"] == THEIRS


def test_a_suggestion_this_window_rejects_after_editing_leaves_nothing_behind():
    a, b, draft_id, sid = _two_sessions_with_a_suggestion()
    b.text_area(key=f"sug_text_{sid}").input(MINE)
    b = ok(b.run())
    b = ok(b.button(key="reject_一").click().run())
    assert store().current_sections(draft_id)["一"] == FIRST and "其他窗口被" not in texts(b)


def test_table_edits_refused_in_a_stale_tab_can_be_applied_after_reload():
    from test_app import edit, row

    a = new_draft(start())
    draft_id = int(a.query_params["draft"])
    b = ok(start({"draft": str(draft_id)}))
    a, b = goto(a, "数据表格"), goto(b, "数据表格")
    a = edit(a, "t4", {0: {"c1": "1"}})
    b = edit(b, "t4", {0: {"c2": "7"}})  # refused: tab B holds the old revision
    assert store().get_draft(draft_id).facts.t4[:2] == [1, 0]
    b = ok(b.button(key="reload_stale").click().run())
    assert not b.warning  # one warning only, and none after reload
    shown = " ".join(plain(i.value) for i in b.info)
    assert "1 处表格修改" in shown and "7" in shown
    b = ok(b.button(key="refused_apply").click().run())
    assert store().get_draft(draft_id).facts.t4[:2] == [1, 7]  # both windows' edits kept
    b = goto(b, "数据表格")
    assert row(b, "t4", 0)[:2] == [1, 7] and not any("处表格修改" in plain(i.value) for i in b.info)


def test_refused_table_edits_may_be_discarded():
    from test_app import edit

    a = new_draft(start())
    draft_id = int(a.query_params["draft"])
    b = ok(start({"draft": str(draft_id)}))
    a, b = goto(a, "数据表格"), goto(b, "数据表格")
    a = edit(a, "t4", {0: {"c1": "1"}})
    b = edit(b, "t4", {0: {"c2": "7"}})
    b = ok(b.button(key="reload_stale").click().run())
    b = ok(b.button(key="refused_drop").click().run())
    assert store().get_draft(draft_id).facts.t4[:2] == [1, 0]
    assert not any("处表格修改" in plain(i.value) for i in b.info)
