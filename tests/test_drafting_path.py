"""One way through the drafting path: one ThisYear value (report.basis.validated), one LastYear, one DraftedSection,
one re-ask helper; the offline draft composed and checked once; the prompt and the check see the same last year."""
import ast
from pathlib import Path

import chains.offline
import report.drafted
from chains import drafting, revision
from chains.model import get_chat_model
from drafting_helpers import subhead_of
from fake_openai import Reply
from report.basis import LastYear, ThisYear, validated
from report.drafted import DraftedSection
from report.facts import blank_facts
from report.parsed import ParsedReport
from ui import adapters

ROOT = Path(__file__).resolve().parents[1]
LAST = ParsedReport(agency="测试县文化和旅游局", year=2023, source="ceshi-2023.txt",
                    sections={"五": "一是信息更新不够及时；二是解读形式单一。", "一": "上年正文。"},
                    t2={"regulations": {"made": 0, "repealed": 0, "valid": 0},
                        "normative_docs": {"made": 0, "repealed": 0, "valid": 0},
                        "licensing": 33, "penalty": 0, "coercion": 0, "fees_wan": "0"},
                    t3={"r1": [3, 0, 0, 0, 0, 0, 3], "r2": [0] * 7, "r3": [3, 0, 0, 0, 0, 0, 3]}, t4=[0] * 15)
COMPARING = "（二）依申请公开\n本年度新收政府信息公开申请5件，较上年的3件有所增加。"


def _facts():
    facts = blank_facts("测试县文化和旅游局", 2024)
    facts.t3["r1"] = [5, 0, 0, 0, 0, 0, None]
    facts.t3["r3"] = [5, 0, 0, 0, 0, 0, None]
    facts.notes = {"六": ["本年度未收取信息处理费"]}
    return facts


def _defs(name: str) -> list[str]:
    """The chains/ and report/ modules that define a function of this name."""
    found = []
    for path in [*ROOT.glob("chains/*.py"), *ROOT.glob("report/*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == name for n in ast.walk(tree)):
            found.append(path.relative_to(ROOT).as_posix())
    return found


def test_validated_lives_in_report_and_gives_one_value_with_last_year_merged():
    assert _defs("validated") == ["report/basis.py"]
    this = validated(_facts(), LAST)
    assert isinstance(this, ThisYear) and isinstance(this.last_year, LastYear)
    assert this.facts.t3["r1"][6] == 5  # totals filled
    assert this.facts.previous.t3["r1"][6] == 3 and this.last_year.tables == this.facts.previous
    assert this.last_year.section("五").startswith("一是") and "ceshi-2023.txt" in this.last_year.label
    assert validated(this) is this and validated(this, LAST) is this  # passed down, never built again
    assert validated(_facts()).last_year is None


def test_one_reask_helper_with_one_trigger():
    assert _defs("reask_once") == ["chains/drafting.py"]
    assert _defs("needs_reask") == ["chains/drafting.py"]
    for module in (drafting, revision):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "reask_once(" in source and source.count("needs_reask(") == (2 if module is drafting else 0)


def test_offline_and_revision_return_the_one_result_type(fake_openai):
    offline = drafting.draft_section("六", _facts())
    assert type(offline) is DraftedSection and offline.prompt_version.startswith("offline@")
    fake_openai.script("本年度新收政府信息公开申请5件，均已按照法定程序和时限办理答复。")
    revised = revision.revise_section("一", "旧文。", "改", _facts(), get_chat_model())
    assert type(revised) is DraftedSection and revised.original == "旧文。" and "+本年度新收" in revised.diff
    assert not hasattr(report.drafted, "SectionDraft") and not (ROOT / "chains" / "schemas.py").exists()


def test_the_prompt_and_the_check_see_the_same_last_year_figures_on_the_apps_path(fake_openai):
    fake_openai.responder = lambda body: Reply(text=COMPARING.split("\n")[1]) \
        if subhead_of(body) == "（二）依申请公开" else Reply(text="本机关持续推进政务公开。")
    this = adapters.this_year(_facts(), LAST)
    meta: dict = {}
    text = "".join(adapters.draft_stream("一", this, [], get_chat_model(), meta=meta))
    prompt = next(m["content"] for b in fake_openai.requests for m in b["messages"]
                  if m["role"] == "user" and "小标题“（二）依申请公开”" in m["content"])
    assert "3" in prompt.split("【上年数字")[1].splitlines()[1].split("、")  # last year's 3 offered to the model
    done = adapters.finish_draft("一", text, this, [], get_chat_model(), meta=meta)
    assert "较上年的3件" in done.text and done.flags == []  # the check accepts what the prompt offered
    alone = drafting.check_draft("一", text, _facts())  # without last year, the same 3 is not traceable
    assert [f.raw for f in alone.flags] == ["3"]


def test_the_offline_draft_is_composed_once_and_checked_once(monkeypatch):
    calls = {"compose": 0, "check": 0}
    compose, check = chains.offline.compose, report.drafted.check_text

    def counted_compose(*a, **k):
        calls["compose"] += 1
        return compose(*a, **k)

    def counted_check(*a, **k):
        calls["check"] += 1
        return check(*a, **k)

    monkeypatch.setattr(chains.offline, "compose", counted_compose)
    monkeypatch.setattr(report.drafted, "check_text", counted_check)
    this = adapters.this_year(_facts(), LAST)
    text = "".join(adapters.draft_stream("五", this, [], None))
    done = adapters.finish_draft("五", text, this, [], None)
    assert calls == {"compose": 1, "check": 1} and done.text.replace("\n", "") == text.replace("\n", "")
