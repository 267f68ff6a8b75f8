"""A checker a 政务公开办 can trust: verdicts that say how much was read, no false alarms on the one-line 六 or on
an empty draft, the outlier year of a series flagged (not the year after), and the defects real reports have."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_helpers import SCJGJ, corpus_text
from cli import main as nianbao
from report.batch.results import NOT_A_REPORT, TO_REVIEW, ReportResult
from report.batch.run import check_reports
from report.batch.sources import Refused, Source, collect
from report.facts import Previous
from report.parser import parse_text
from report.parser.check import validate_parsed
from validator_helpers import findings, make_facts

OWN = Path(__file__).resolve().parent / "data" / "check"


def own(year: int) -> Source:
    """One report of the labelled set's own five-year series (青溪县交通运输局)."""
    path = OWN / f"qingxi-jtj-{year}.txt"
    return Source(path.name, data=path.read_bytes())


def keys(result: ReportResult) -> list[str]:
    return [f.key for f in result.findings]


# ---------------------------------------------------------------- verdicts


def test_a_report_read_in_part_never_passes_and_says_why():
    text = corpus_text(SCJGJ, 2024)
    cut = text[:text.index("\n三、收到和处理政府信息公开申请情况")]  # an excerpt: tables 三/四 and 四–六 missing
    (r,) = check_reports([Source("摘录.txt", data=cut.encode())])
    assert r.findings == [] and r.verdict == TO_REVIEW
    assert r.review_reasons() == [f"表格读出 {int(r.completeness * 100)}%（未读到表三、表四）", "未找到第三、四、五、六部分"]
    (whole,) = check_reports([Source("全文.txt", data=text.encode())])
    assert whole.verdict == "通过" and whole.review_reasons() == []


def test_a_list_of_reports_is_no_report_but_a_report_naming_itself_twice_is():
    listing = "\n".join(f"- 青溪县人民政府{y}年政府信息公开工作年度报告" for y in (2023, 2024))
    (r,) = check_reports([Source("清单.md", data=listing.encode())])
    assert r.verdict == NOT_A_REPORT and "清单" in r.error
    excerpt = "青溪县人民政府2024年政府信息公开工作年度报告\n本机关编制2024年政府信息公开工作年度报告。\n"
    (r,) = check_reports([Source("摘录.txt", data=excerpt.encode())])
    assert r.verdict == TO_REVIEW and "未找到任何章节标题" in r.review_reasons()


def test_not_a_report_is_listed_apart_and_not_counted(tmp_path, capsys):
    shutil.copy(OWN / "SOURCES.md", tmp_path)
    (tmp_path / "报告.txt").write_text(corpus_text(SCJGJ, 2024), encoding="utf-8")
    assert nianbao(["check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[不是年度报告]" in out and "共 2 个文件，检查报告 1 份" in out and "1 个文件不是年度报告，未计入" in out


def test_every_unreadable_file_is_one_row_with_its_reason_whatever_its_kind(tmp_path):
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "空.txt").write_bytes(b"")
    inputs = collect([str(tmp_path)])
    results = check_reports(inputs.sources, refused=[Refused("包.zip/大.txt", "文件过大（超过 20 MB），未读取")])
    assert sorted(r.name.rsplit("/", 1)[-1] for r in results) == ["坏.docx", "坏.pdf", "大.txt", "空.txt"]
    assert all(r.verdict == "无法读取" and r.error and not r.findings for r in results)


def test_progress_counts_only_the_users_files():
    seen = []
    now = [own(2023), own(2024)]
    pool = [own(2021), own(2022), own(2025)]  # last years' reports, not the user's
    check_reports(now, pool, progress=lambda done, total, name: seen.append((done, total, name)))
    assert {total for _, total, _ in seen} == {2}
    assert [name for done, _, name in seen[:2]] == [s.name for s in now]
    assert not any(s.name == name for s in pool for _, _, name in seen)


# ---------------------------------------------------------------- the 2019 format


def test_a_2019_format_report_gives_one_format_finding_not_one_per_blank_cell():
    text = "\n".join([
        "青溪县测试局2019年政府信息公开工作年度报告", "一、总体情况", "2019年，本局收到政府信息公开申请5件。",
        "三、收到和处理政府信息公开申请情况",
        "\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计",
        "一、本年新收政府信息公开申请数量\t5\t/\t/\t/\t/\t/\t5",
        "二、上年结转政府信息公开申请数量\t0\t/\t/\t/\t/\t/\t0",
        "三、本年度办理结果（一）予以公开\t5\t/\t/\t/\t/\t/\t/",
        "（六）其他处理\t0\t/\t/\t/\t/\t/\t/",
        "（七）总计\t5\t/\t/\t/\t/\t/\t5", "四、结转下年度继续办理\t0\t/\t/\t/\t/\t/\t0"])
    parsed = parse_text(text)
    assert parsed.format == "2019"
    validation, _ = validate_parsed(parsed)
    assert "S4" not in {f.key for f in validation.findings}
    (f1,) = [f for f in validation.findings if f.key == "F1"]
    assert "2019年格式" in f1.message and "单元格空白" in f1.message


# ---------------------------------------------------------------- no false alarms


@pytest.mark.parametrize("six", ["本年度未收取信息处理费。", "无。", "本机关未收取信息处理费。"])
def test_a_one_line_six_on_the_fee_raises_nothing(six):
    facts = make_facts(sections={"一": "总" * 40, "五": "问" * 40, "六": six})
    assert findings(facts, "P5") == [] and findings(facts, "P4", fill=False) == [] or six == "无。"
    facts.previous = Previous(sections={"六": six})
    assert findings(facts, "P8") == []


def test_p8_leaves_the_fee_sentence_aside_and_measures_long_sections_only():
    fee = "本年度未收取信息处理费。"
    long_same = "本机关坚持以公开为常态、不公开为例外，规范办理流程，按时答复每一件申请，群众满意度持续提升。" * 2
    facts = make_facts(sections={"六": fee + long_same})
    facts.previous = Previous(sections={"六": fee + long_same})
    assert [f.key for f in findings(facts, "P8")] == ["P8"]  # the long part repeats: a true finding
    facts.previous = Previous(sections={"六": fee + "去年的其他事项完全不同，讲的是平台建设和培训。" * 4})
    assert findings(facts, "P8") == []  # only the fee sentence is the same


def test_change_rules_leave_an_empty_draft_alone():
    empty = make_facts(previous={"t2": {"licensing": 4000, "penalty": 300}})  # pre-filled, nothing entered yet
    assert findings(empty, "Y2") == []
    filled = make_facts(t2={"licensing": 1000, "penalty": 290}, previous={"t2": {"licensing": 4000, "penalty": 300}})
    assert [f.cells for f in findings(filled, "Y2")] == [["t2.licensing"]]


def test_with_a_series_the_outlier_year_is_flagged_not_the_year_after():
    years = [own(y) for y in range(2021, 2026)]
    results = {r.year: r for r in check_reports(years)}
    assert [y for y, r in results.items() if "Y3" in keys(r)] == [2023]
    assert not any({"Y1", "Y2"} & set(keys(r)) for r in results.values())
    (y3,) = [f for f in results[2023].findings if f.key == "Y3"]
    assert y3.cells == ["t2.licensing"] and y3.actual == 10690 and "中位数" in y3.message
    assert results[2024].series == (2021, 2022, 2023, 2025)
    pair = {r.year: r for r in check_reports([own(2024)], [own(2023)])}  # two years only: last year decides
    assert [f.cells for f in pair[2024].findings if f.key == "Y2"] == [["t2.licensing"]]


# ---------------------------------------------------------------- the defects real reports have


def test_text_against_table_two_fee_decimals_and_a_misspelt_heading():
    r2022, r2024, r2025 = (check_reports([own(y)])[0] for y in (2022, 2024, 2025))
    (p3,) = [f for f in r2024.findings if f.key == "P3"]
    assert p3.cells == ["t2.normative_docs.valid"] and (p3.expected, p3.actual) == (470, 393)
    (f2,) = [f for f in r2022.findings if f.key == "F2"]
    assert f2.actual == "3125.311082" and "应保留4位小数" in f2.message
    assert r2022.cells_read == 200  # read, not left out as "负数或小数"
    (f3,) = [f for f in r2025.findings if f.key == "F3"]
    assert "“四、政府信息公开行政法复议、行政诉讼情况”" in f3.message
    assert "“四、政府信息公开行政复议、行政诉讼情况”" in f3.message


def test_a_heading_numbered_as_printed_and_in_an_accepted_wording_is_no_finding():
    text = corpus_text(SCJGJ, 2024).replace("\n五、存在的主要问题及改进情况\n", "\n五、存在的主要问题及改进措施\n")
    (r,) = check_reports([Source("a.txt", data=text.encode())])
    assert "F3" not in keys(r)


def test_a_heading_printed_with_the_wrong_numeral_is_found_and_reported():
    text = corpus_text(SCJGJ, 2024).replace("\n四、政府信息公开行政复议、行政诉讼情况\n", "\n三、政府信息公开行政复议、行政诉讼情况\n")
    (r,) = check_reports([Source("a.txt", data=text.encode())])
    assert r.review_reasons() == [] and r.cells_read == 200  # 四 found where it stands, Table 四 read
    (f3,) = [f for f in r.findings if f.key == "F3"]
    assert "“三、政府信息公开行政复议、行政诉讼情况”" in f3.message and "编号不同" in f3.message
