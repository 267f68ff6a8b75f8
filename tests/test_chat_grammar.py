"""The chat's grammar of the form (no model): the labelled set, and the clause-level readings the issue names."""
import json
from pathlib import Path

import pytest

from chains.extraction import context_for, extract_updates
from cli import main as nianbao
from cli.extract import extract_json
from report import format as fmt
from report.chat.score import facts_with, load_labelled, score_set

LABELLED = Path(__file__).parent / "data" / "chat_labelled.jsonl"


def _facts(cells=None):
    return facts_with(cells)


def _read(message, **context):
    facts = _facts(context.pop("facts", None))
    return extract_updates(message, facts, context=context_for(facts, **context))


def _cells(found):
    return {p.key: p.value for p in found.proposals if not p.key.startswith("notes.")}


def test_labelled_set_recall_and_no_wrong_proposal():
    items = load_labelled(LABELLED)
    assert len(items) >= 150
    score = score_set(items, extract_json)
    assert score.wrongs == []
    assert score.recall() >= 0.97, score.misses
    for table in ("表二", "表三", "表四"):
        assert score.recall(table) >= 0.95, (table, score.misses)


def test_every_cell_of_tables_two_three_four_is_a_target_of_the_labelled_set():
    targets = {k for item in load_labelled(LABELLED) for k in item.get("facts", {})}
    assert [k for k in fmt.ALL_CELL_KEYS if k not in targets] == []


def test_carried_over_inside_a_total_is_taken_out_and_the_reply_says_how():
    found = _read("本年度共受理申请46件（含上年结转5件）")
    assert _cells(found) == {"t3.r1.c7": 41, "t3.r2.c7": 5}
    assert "46 − 5 = 41" in next(p.note for p in found.proposals if p.key == "t3.r1.c7")


@pytest.mark.parametrize("message, expected", [
    ("没有行政强制", {"t2.coercion": 0}),
    ("没有收到行政复议申请", {"t4.c5": 0}),
    ("没有复议和诉讼", {"t4.c5": 0, "t4.c10": 0, "t4.c15": 0}),
    ("今年没有作出行政处罚和行政强制决定", {"t2.penalty": 0, "t2.coercion": 0}),
])
def test_negation_sets_zero_for_exactly_its_scope(message, expected):
    assert _cells(_read(message)) == expected


def test_results_are_bound_to_their_case():
    assert _cells(_read("复议后起诉2件，一件维持，一件尚未审结")) == {"t4.c11": 1, "t4.c14": 1}
    assert _cells(_read("行政复议1件，维持")) == {"t4.c1": 1}
    found = _read("行政诉讼1件")
    assert _cells(found) == {"t4.c10": 1} and "复议后起诉" in found.questions[0]  # which suit is asked


def test_distribution_and_reply_to_the_assistants_question():
    assert _cells(_read("去年结转过来的申请有3件，都是自然人申请的")) == {"t3.r2.c1": 3}
    assert _cells(_read("自然人提出12件，商业企业提出3件", asked_row="r1")) == {"t3.r1.c1": 12, "t3.r1.c2": 3}
    assert _cells(_read("都是自然人", asked_row="r3", facts={"t3.r3.c7": 4})) == {"t3.r3.c1": 4}


def test_a_total_without_its_split_is_asked_for_as_a_to_do():
    found = _read("今年收到申请10件")
    assert _cells(found) == {"t3.r1.c7": 10}
    assert found.questions == ["请把本年新收10件按申请人分列（自然人、企业、其他组织……各几件）；已先按“总计”记下。"]
    assert found.asked_row == "r1"


def test_correction_replaces_the_old_value_shown_as_before_and_after():
    found = _read("说错了，是12件不是10件", recent={"t3.r1.c7": 10})
    [p] = found.proposals
    assert (p.key, p.value, p.current, p.note) == ("t3.r1.c7", 12, 10, "更正")
    found = _read("说错了，是12件不是10件", facts={"t2.penalty": 10})
    assert _cells(found) == {"t2.penalty": 12}


@pytest.mark.parametrize("message", ["收到申请十几件", "今年行政许可两百多件", "复议大概3件左右", "行政许可1200余件"])
def test_vague_amounts_are_asked_never_taken(message):
    found = _read(message)
    assert found.proposals == [] and "不够确切" in found.questions[0]


def test_nothing_is_dropped_silently():
    found = _read("收到申请12件和热线留言24件，行政许可比去年多了300件，这个事情比较复杂")
    assert _cells(found) == {"t3.r1.c7": 12}
    listed = [u.text for u in found.unread]
    assert any("24件" in t for t in listed) and any("300件" in t for t in listed)
    assert any("这个事情比较复杂" in t for t in listed)


def test_problems_and_plans_go_to_five_and_work_to_one_with_its_subhead():
    found = _read("更新了公开指南和目录，明年计划加强政策解读")
    notes = [(p.key, p.label) for p in found.proposals]
    assert notes == [("notes.一", "第一部分要点（政府信息管理）"), ("notes.五", "第五部分要点")]


def test_cli_extract_prints_proposals_and_exits_two_on_bad_input(capsys, tmp_path):
    assert nianbao(["extract", "今年收到申请3件，其中自然人2件，企业1件", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(p["key"], p["value"]) for p in data["proposals"]] == [("t3.r1.c1", 2), ("t3.r1.c2", 1)]
    assert data["questions"] == [] and data["unread"] == []
    assert nianbao(["extract", "行政处罚9起"]) == 0
    assert "t2.penalty\t9\t表二 行政处罚" in capsys.readouterr().out
    assert nianbao(["extract", "  "]) == 2
    assert "消息为空" in capsys.readouterr().err
    bad = tmp_path / "f.json"
    bad.write_text("{bad", encoding="utf-8")
    assert nianbao(["extract", "行政处罚9起", "--facts", str(bad)]) == 2
    assert nianbao(["extract", "行政处罚9起", "--asked", "r99"]) == 2


@pytest.mark.parametrize("message, kind, subject", [
    ("还差什么？", "missing", ""),
    ("去年我们怎么写平台建设的？", "past", "平台建设"),
    ("什么是三安全一稳定？", "define", "三安全一稳定"),
    ("过程性信息是什么意思", "define", "四类过程性信息"),
    ("表三的勾稽关系是什么？", "identity", "三"),
])
def test_questions_are_recognised(message, kind, subject):
    from report.chat.questions import question_of
    from ui.intent import classify
    assert (question_of(message).kind, question_of(message).subject) == (kind, subject)
    assert classify(message).kind == "question"


@pytest.mark.parametrize("message", ["今年收到申请12件", "存在的问题是解读形式单一，明年增加图解", "起草总体情况"])
def test_facts_and_requests_are_not_questions(message):
    from report.chat.questions import question_of
    assert question_of(message) is None


def test_a_split_goes_to_the_row_of_the_same_sentence_it_adds_up_to():
    found = _cells(_read("今年共收到政府信息公开申请12件，上年结转2件，其中自然人10件，企业2件。"))
    assert found == {"t3.r2.c7": 2, "t3.r1.c1": 10, "t3.r1.c2": 2}
    later = _cells(_read("今年共收到政府信息公开申请12件，上年结转2件，其中自然人10件，企业2件。上年结转的2件都是自然人申请的。"))
    assert later == {"t3.r1.c1": 10, "t3.r1.c2": 2, "t3.r2.c1": 2}  # moved before a later sentence fills the row
    across = _cells(_read("收到申请12件。上年结转2件，其中自然人10件，企业2件。"))  # another sentence: not moved
    assert across["t3.r2.c1"] == 10 and "t3.r1.c1" not in across


def test_an_overlong_message_is_refused_with_its_length_and_cli_exit_two(capsys):
    from report.chat import read_message
    from report.errors import MessageTooLongError
    from report.facts import CHAT_MAX_CHARS

    message = "今年收到申请12件。" * (CHAT_MAX_CHARS // 9 + 1)
    with pytest.raises(MessageTooLongError, match="最多"):
        read_message(message)
    assert nianbao(["extract", message]) == 2
    assert "请分几次发送" in capsys.readouterr().err


def test_cli_extract_answers_a_question_from_data_instead_of_reading_it_for_facts(capsys):
    assert nianbao(["extract", "表三的勾稽关系是什么？"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("答：勾稽关系") and "O1" in out and "未能识别" not in out
    assert nianbao(["extract", "什么是三安全一稳定", "--json"]) == 0
    assert "社会稳定" in json.loads(capsys.readouterr().out)["answer"]
