"""Undo returns a section to its state before the last action: an accepted suggestion is pending again (an edited
accept does not leave the section empty-handed), a rejected one too, and actions are undone newest first."""
from __future__ import annotations

import sqlite3

import pytest

from report.errors import NianbaoError
from report.store import DraftStore


@pytest.fixture
def store(tmp_path):
    return DraftStore.in_data_dir(tmp_path / "data")


def _suggest(store, draft_id, rev, text="建议稿。", section="五"):
    sug_id, rev = store.add_suggestion(draft_id, section, text, rev)
    return sug_id, rev


def test_undoing_an_edited_accept_brings_the_suggestion_back(store):
    draft = store.new_draft("甲", 2024)
    sug_id, rev = _suggest(store, draft.id, draft.revision)
    rev = store.resolve_suggestion(draft.id, sug_id, True, rev, text="建议稿，改过。")
    assert store.current_sections(draft.id) == {"五": "建议稿，改过。"}
    action = store.last_action(draft.id, "五")
    assert (action.kind, action.label, action.suggestion_id) == ("version", "人工修改", sug_id)
    rev = store.undo_section(draft.id, "五", rev)
    assert store.current_sections(draft.id) == {}
    pending = store.pending_suggestions(draft.id)["五"]
    assert (pending.id, pending.text) == (sug_id, "建议稿。")  # back for review, as before the accept
    assert [(v.text, v.undone) for v in store.versions(draft.id, "五")] == [("建议稿，改过。", True)]  # restorable


def test_undoing_an_accept_over_a_text_returns_the_old_text(store):
    draft = store.new_draft("甲", 2024)
    rev = store.add_version(draft.id, "五", "旧稿。", "edited", draft.revision)
    sug_id, rev = _suggest(store, draft.id, rev)
    rev = store.resolve_suggestion(draft.id, sug_id, True, rev)
    rev = store.undo_section(draft.id, "五", rev)
    assert store.current_sections(draft.id) == {"五": "旧稿。"}
    assert store.pending_suggestions(draft.id)["五"].id == sug_id


def test_undoing_a_reject_reopens_the_suggestion(store):
    draft = store.new_draft("甲", 2024)
    rev = store.add_version(draft.id, "五", "现稿。", "edited", draft.revision)
    sug_id, rev = _suggest(store, draft.id, rev)
    rev = store.resolve_suggestion(draft.id, sug_id, False, rev)
    assert store.last_action(draft.id, "五").label == "拒绝建议"
    rev = store.undo_section(draft.id, "五", rev)
    assert store.current_sections(draft.id) == {"五": "现稿。"}
    assert store.pending_suggestions(draft.id)["五"].id == sug_id


def test_actions_are_undone_newest_first(store):
    draft = store.new_draft("甲", 2024)
    rev = store.add_version(draft.id, "五", "第一稿。", "edited", draft.revision)
    sug_id, rev = _suggest(store, draft.id, rev)
    rev = store.resolve_suggestion(draft.id, sug_id, False, rev)
    rev = store.add_version(draft.id, "五", "第二稿。", "edited", rev)
    rev = store.undo_section(draft.id, "五", rev)  # the edit made after the reject
    assert store.current_sections(draft.id) == {"五": "第一稿。"} and store.pending_suggestions(draft.id) == {}
    rev = store.undo_section(draft.id, "五", rev)  # then the reject
    assert store.pending_suggestions(draft.id)["五"].id == sug_id
    rev = store.undo_section(draft.id, "五", rev)  # then the first edit
    assert store.current_sections(draft.id) == {} and store.last_action(draft.id, "五") is None
    with pytest.raises(NianbaoError):
        store.undo_section(draft.id, "五", rev)


def test_a_newer_pending_suggestion_is_not_hidden_by_a_reopened_one(store):
    draft = store.new_draft("甲", 2024)
    old_id, rev = _suggest(store, draft.id, draft.revision, "旧建议。")
    rev = store.resolve_suggestion(draft.id, old_id, True, rev)
    new_id, rev = _suggest(store, draft.id, rev, "新建议。")
    rev = store.undo_section(draft.id, "五", rev)
    assert store.current_sections(draft.id) == {}
    assert store.pending_suggestions(draft.id)["五"].id == new_id


def test_an_older_store_file_gets_the_new_columns(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE section_versions (id INTEGER PRIMARY KEY AUTOINCREMENT, draft_id INTEGER NOT NULL,"
                    " section TEXT NOT NULL, text TEXT NOT NULL, source TEXT NOT NULL, prompt_version TEXT,"
                    " model TEXT, created_at TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0)")
    store = DraftStore(path)
    DraftStore(path)  # opening again adds nothing twice
    draft = store.new_draft("甲", 2024)
    rev = store.add_version(draft.id, "一", "正文。", "edited", draft.revision)
    store.undo_section(draft.id, "一", rev)
    assert store.current_sections(draft.id) == {}


def test_messages_about_a_handled_suggestion_name_the_section_not_an_id(store):
    draft = store.new_draft("甲", 2024)
    sug_id, rev = _suggest(store, draft.id, draft.revision)
    rev = store.resolve_suggestion(draft.id, sug_id, False, rev)
    with pytest.raises(NianbaoError) as e:
        store.resolve_suggestion(draft.id, sug_id, True, rev)
    assert str(e.value) == "第五部分的这份建议稿已拒绝，请刷新页面。" and "#" not in str(e.value)
