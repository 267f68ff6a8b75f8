"""`nianbao draft`: the full report offline, every narrative number traceable, for the example and each bundled agency."""
import json
import re


from cli import main
from report import format as fmt
from report.facts import load_facts
from report.guard import check_numbers
from report.parser import parse_file, parse_text
from report.parser.check import to_facts
from settings import BUNDLED_CORPUS_DIR
from conftest import EXAMPLE_FACTS, shared_file

LATEST = {"qingxi-scjgj-2024": "qingxi-scjgj-2023.txt", "qingxi-gov-2024": "qingxi-gov-2023.txt",
          "yunling-sthjj-2024": "yunling-sthjj-2023.txt", "taoyuan-zhen-2024": "taoyuan-zhen-2023.txt"}


def _sections(md_text: str) -> dict[str, str]:
    return parse_text(md_text).sections


def test_example_facts_offline_draft_has_six_sections_tables_and_traceable_numbers(tmp_path, capsys):
    facts_path = shared_file(EXAMPLE_FACTS)
    out = tmp_path / "draft.md"
    assert main(["draft", str(facts_path), "--out", str(out), "--offline"]) == 0
    text = out.read_text(encoding="utf-8")
    for section in fmt.SECTIONS:
        assert section.heading in text
    parsed = parse_text(text)
    facts = load_facts(facts_path)
    assert parsed.t3["r24"] == [4, 1, 0, 0, 0, 0, 5]  # validated totals, not the nulls of the file
    assert parsed.t4[4] == 1 and parsed.t2["licensing"] == 36
    for num in fmt.NARRATIVE_SECTIONS:
        assert parsed.sections[num].strip()
        assert check_numbers(parsed.sections[num], facts) == []
    assert "离线起草" in capsys.readouterr().out


def test_each_bundled_agency_latest_year_drafts_from_last_years_report(tmp_path, capsys):
    for name, last_file in LATEST.items():
        facts = to_facts(parse_file(BUNDLED_CORPUS_DIR / f"{name}.txt"))
        data = json.loads(facts.to_json())
        data["sections"] = None
        facts_path = tmp_path / f"{name}.json"
        facts_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out = tmp_path / f"{name}.docx"
        assert main(["draft", str(facts_path), "--out", str(out), "--offline"]) == 0, name
        printed = capsys.readouterr().out
        assert last_file in printed  # last year's report was found and used (its 五, number-free sentences named)
        assert "与上年报告相同" not in printed  # not a copy of last year's text: only marked sentences are taken
        md = tmp_path / f"{name}.md"
        assert main(["draft", str(facts_path), "--out", str(md), "--offline"]) == 0
        capsys.readouterr()
        sections = _sections(md.read_text(encoding="utf-8"))
        for num in fmt.NARRATIVE_SECTIONS:
            assert sections[num].strip(), (name, num)
            assert check_numbers(sections[num], facts) == [], (name, num)
        assert set(re.findall(r"\d{4}年", sections["一"])) <= {"2024年"}


def test_bad_facts_and_missing_out_are_refused_in_chinese(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"agency": "", "year": 2024}', encoding="utf-8")
    assert main(["draft", str(bad), "--out", str(tmp_path / "x.md"), "--offline"]) == 2
    assert "agency" in capsys.readouterr().err
    assert main(["draft", str(bad)]) == 2
    assert "缺少参数" in capsys.readouterr().err
    good = str(shared_file(EXAMPLE_FACTS))
    assert main(["draft", good, "--out", str(tmp_path / "x.md"), "--corpus", str(tmp_path / "nope")]) == 2
    assert "语料目录不存在" in capsys.readouterr().err
    assert main(["draft", good, "--out", str(tmp_path / "x.pdf"), "--offline"]) == 2
    assert "不支持" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
