"""AppTest: the issue's conversation, drafted offline in the app, gives 一/五/六 with none of issue 15's defects."""
import json
from pathlib import Path

from test_app import _empty_corpus, goto, ok, start, store  # noqa: F401 — the autouse fixture applies here too

from report.facts import facts_from_dict
from report.guard import check_numbers
from report.prose import draft_defects, section_counts
from report.textcheck import SUGGESTION, TO_FILL

SHANGJIE = Path(__file__).parent / "data" / "conversations" / "shangjie-wenlv-2024.json"


def test_the_issues_conversation_drafted_offline_in_the_app_reads_as_a_signed_report():
    facts = facts_from_dict(json.loads(SHANGJIE.read_text(encoding="utf-8"))["facts"])
    draft = store().create_draft(facts)
    at = ok(start({"draft": str(draft.id)}))
    at = ok(at.button(key="quick_all").click().run())
    at = goto(at, "审阅")
    for num in ("一", "五", "六"):
        at = ok(at.button(key=f"accept_{num}").click().run())
    sections = store().current_sections(draft.id)
    kept = store().get_draft(draft.id).facts
    defects = draft_defects(sections, kept)
    assert defects.clean and defects.share_used == 1.0, (defects, sections)
    assert "2024年，本机关主动公开信息120条" in sections["一"] and "未作出行政强制决定" in sections["一"]
    assert "行政复议1件，结果为维持" in sections["一"] and f"{TO_FILL}：政府信息管理" in sections["一"]
    assert SUGGESTION in sections["五"] and "是每季度组织一次业务培训" in sections["五"]
    assert all(check_numbers(text, kept) == [] for text in sections.values())
    assert all(c.boilerplate == 0 for c in section_counts(sections, kept).values())
