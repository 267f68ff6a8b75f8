"""The draft store: drafts, revisions (stale-save detection), versions with undo, suggestions, chat, dismissals."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from report.errors import NianbaoError
from report.facts import blank_facts
from report.store import DraftNotFoundError, DraftStore, StaleDraftError, carry_over


@pytest.fixture
def store(tmp_path):
    return DraftStore.in_data_dir(tmp_path / "data")


def test_new_draft_round_trip_and_wal(store, tmp_path):
    draft = store.new_draft("测试县民政局", 2024, "县级部门")
    assert (tmp_path / "data" / "drafts.sqlite3").exists()
    again = store.get_draft(draft.id)
    assert again.facts.agency == "测试县民政局" and again.facts.year == 2024
    assert again.facts.t3["r1"][6] is None  # totals left for the filler
    assert again.options == {"auto_totals": True}
    con = sqlite3.connect(tmp_path / "data" / "drafts.sqlite3")
    assert con.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"


def test_save_facts_bumps_revision_and_rejects_stale(store):
    draft = store.new_draft("测试县民政局", 2024)
    facts = draft.facts.model_copy(deep=True)
    facts.t3["r1"][0] = 5
    rev = store.save_facts(draft.id, facts, draft.revision)
    assert rev == draft.revision + 1
    assert store.get_draft(draft.id).facts.t3["r1"][0] == 5
    facts.t3["r1"][0] = 9  # a second tab still holding the old revision
    with pytest.raises(StaleDraftError) as err:
        store.save_facts(draft.id, facts, draft.revision)
    assert "其他窗口" in str(err.value)
    assert store.get_draft(draft.id).facts.t3["r1"][0] == 5  # nothing overwritten


def test_stale_error_for_every_kind_of_change(store):
    draft = store.new_draft("甲", 2024)
    store.add_message(draft.id, "user", "你好", draft.revision)
    stale = draft.revision
    with pytest.raises(StaleDraftError):
        store.add_version(draft.id, "一", "正文", "edited", stale)
    with pytest.raises(StaleDraftError):
        store.dismiss(draft.id, "P1-x", "理由", stale)
    with pytest.raises(StaleDraftError):
        store.add_suggestion(draft.id, "五", "建议", stale)
    assert store.current_sections(draft.id) == {} and store.dismissals(draft.id) == {}


def test_concurrent_saves_only_one_wins(store):
    draft = store.new_draft("甲", 2024)
    results: list[str] = []

    def save(value: int) -> None:
        facts = draft.facts.model_copy(deep=True)
        facts.t3["r1"][0] = value
        try:
            store.save_facts(draft.id, facts, draft.revision)
            results.append("ok")
        except StaleDraftError:
            results.append("stale")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(1, 6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok"] + ["stale"] * 4


def test_unknown_draft(store):
    with pytest.raises(DraftNotFoundError):
        store.get_draft(999)
    with pytest.raises(DraftNotFoundError):
        store.add_message(999, "user", "x", None)


def test_versions_and_undo(store):
    draft = store.new_draft("甲", 2024)
    rev = store.add_version(draft.id, "一", "第一稿", "accepted", draft.revision, prompt_version="v1", model="m")
    rev = store.add_version(draft.id, "一", "第二稿", "edited", rev)
    assert store.current_sections(draft.id) == {"一": "第二稿"}
    rev = store.undo_section(draft.id, "一", rev)
    assert store.current_sections(draft.id) == {"一": "第一稿"}
    versions = store.versions(draft.id, "一")
    assert [(v.text, v.undone) for v in versions] == [("第一稿", False), ("第二稿", True)]
    assert versions[0].prompt_version == "v1" and versions[0].model == "m"
    rev = store.undo_section(draft.id, "一", rev)
    assert store.current_sections(draft.id) == {}
    with pytest.raises(NianbaoError):
        store.undo_section(draft.id, "一", rev)


def test_suggestion_accept_edit_reject(store):
    draft = store.new_draft("甲", 2024)
    sid, rev = store.add_suggestion(draft.id, "五", "建议一", draft.revision, flags=[{"n": 3}],
                                    passages=[{"agency": "乙", "year": 2023}], prompt_version="p1", model="fake")
    sid2, rev = store.add_suggestion(draft.id, "五", "建议二", rev)  # supersedes the first
    assert store.get_suggestion(sid).status == "superseded"
    assert list(store.pending_suggestions(draft.id)) == ["五"]
    rev = store.resolve_suggestion(draft.id, sid2, True, rev)
    current = store.current_version(draft.id, "五")
    assert current.text == "建议二" and current.source == "accepted"
    with pytest.raises(NianbaoError):
        store.resolve_suggestion(draft.id, sid2, True, rev)
    sid3, rev = store.add_suggestion(draft.id, "六", "原稿", rev)
    rev = store.resolve_suggestion(draft.id, sid3, True, rev, text="改过的稿")
    assert store.current_version(draft.id, "六").source == "edited"
    sid4, rev = store.add_suggestion(draft.id, "一", "不要", rev, passages=[{"agency": "丙"}])
    assert store.get_suggestion(sid4).passages == [{"agency": "丙"}]
    rev = store.resolve_suggestion(draft.id, sid4, False, rev)
    assert "一" not in store.current_sections(draft.id)
    assert store.pending_suggestions(draft.id) == {}


def test_chat_and_dismissals(store):
    draft = store.new_draft("甲", 2024)
    mid, rev = store.add_message(draft.id, "assistant", "建议更新", draft.revision, meta={"proposals": [1]})
    rev = store.update_message_meta(draft.id, mid, rev, status="confirmed")
    [msg] = store.messages(draft.id)
    assert msg.meta == {"proposals": [1], "status": "confirmed"}
    with pytest.raises(NianbaoError):
        store.dismiss(draft.id, "P1-abc", "  ", rev)
    rev = store.dismiss(draft.id, "P1-abc", "机构改革", rev)
    rev = store.dismiss(draft.id, "O1-def", "已核实", rev, acknowledged=True)
    dis = store.dismissals(draft.id)
    assert dis["P1-abc"].reason == "机构改革" and not dis["P1-abc"].acknowledged
    assert dis["O1-def"].acknowledged
    rev = store.undismiss(draft.id, "P1-abc", rev)
    assert set(store.dismissals(draft.id)) == {"O1-def"}
    kinds = [k for k, _, _ in store.events(draft.id)]
    assert kinds[0] == "create" and "dismiss" in kinds and "undismiss" in kinds


def test_last_draft_and_list(store):
    assert store.last_draft() is None
    a = store.new_draft("甲", 2023)
    b = store.new_draft("乙", 2024)
    store.set_last_draft(a.id)
    assert store.last_draft() == a.id
    assert {d.id for d in store.list_drafts()} == {a.id, b.id}


def test_duplicate_for_next_year(store):
    draft = store.new_draft("甲局", 2023, "市级部门")
    facts = draft.facts.model_copy(deep=True)
    facts.t3["r1"][:6] = [5, 1, 0, 0, 0, 0]
    facts.t3["r3"][:6] = [3, 1, 0, 0, 0, 0]
    facts.t3["r25"][:6] = [2, 0, 0, 0, 0, 0]
    facts.t2.normative_docs.valid = 12
    facts.notes = {"一": ["今年要点"]}
    rev = store.save_facts(draft.id, facts, draft.revision)
    store.add_version(draft.id, "一", "上年总体情况正文", "accepted", rev)
    new = store.duplicate_for_next_year(draft.id)
    assert (new.facts.agency, new.facts.year, new.facts.level) == ("甲局", 2024, "市级部门")
    assert new.facts.t3["r2"][:6] == [2, 0, 0, 0, 0, 0] and new.facts.t3["r2"][6] is None
    assert new.facts.t3["r1"][:6] == [0] * 6
    assert new.facts.t2.normative_docs.valid == 12 and new.facts.t2.normative_docs.made == 0
    assert new.facts.previous.t3["r25"][6] == 2  # last year's totals filled
    assert new.facts.notes == {}
    assert store.current_sections(new.id) == {}  # reference only, not the new text
    assert new.reference == {"一": "上年总体情况正文"}
    assert "结转" in new.provenance["t3.r2.c1"] and "2023" in new.provenance["t3.r2.c1"]
    assert "现行有效" in new.provenance["t2.normative_docs.valid"]


def test_carry_over_from_partial_parsed_tables():
    facts = blank_facts("甲", 2024)
    t3 = {"r25": [1, None, 0, 0, 0, 0, 1]}
    out, prov = carry_over(facts, {"regulations": {"made": 0, "repealed": 0, "valid": 0},
                                   "normative_docs": {"made": 1, "repealed": 0, "valid": 7},
                                   "licensing": 0, "penalty": 0, "coercion": 0, "fees_wan": "0"}, t3, None, "往年报告")
    assert out.t3["r2"][:2] == [1, 0]  # the unread cell is not carried
    assert "t3.r2.c2" not in prov and "t3.r2.c1" in prov
    assert out.t2.normative_docs.valid == 7
    assert out.previous.t3 is None and out.previous.t2.normative_docs.valid == 7


def test_full_facts_and_imported_sections(store):
    facts = blank_facts("甲", 2024)
    facts.sections = {"一": "导入的正文"}
    draft = store.create_draft(facts)
    assert store.current_version(draft.id, "一").source == "imported"
    assert store.get_draft(draft.id).facts.sections is None  # texts live in versions
    assert store.full_facts(draft.id).sections == {"一": "导入的正文"}
