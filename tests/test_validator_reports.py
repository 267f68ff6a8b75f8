"""The validator on the complete published reports in ../shared/reports, read by report.parser (fill=False)."""
from __future__ import annotations

import pytest

from conftest import REPORTS, shared_file
from report.facts import Facts, facts_from_dict
from report.validator import validate

parser = pytest.importorskip("report.parser")

LEVELS = {
    "2021_zhengzhou-shangjie-wglt.txt": "县级部门",
    "2024_huaian-city-gov.txt": "设区的市人民政府",
    "2025_shanghai-gov-office.txt": "省级人民政府",  # the 办公厅 reports for the 市政府, whose 规章 it lists
    "2019_shanghai-gov-office.txt": "省级人民政府",
}


def _facts(name: str) -> Facts:
    r = parser.parse_file(shared_file(REPORTS / name))
    data = {"agency": r.agency, "year": r.year, "level": LEVELS[name], "t3": r.t3, "t4": r.t4, "sections": r.sections}
    if r.t2 is not None:  # a 2019-format Table 二 is not read into the 2021 shape
        data["t2"] = r.t2
    return facts_from_dict(data)


@pytest.mark.parametrize("name", ["2021_zhengzhou-shangjie-wglt.txt", "2024_huaian-city-gov.txt"])
def test_complete_reports_with_correct_tables_raise_nothing(name):
    v = validate(_facts(name), fill=False)
    assert v.findings == [], [f.message for f in v.findings]


def test_shanghai_2025_only_the_unreadable_table_two_cells_are_errors():
    v = validate(_facts("2025_shanghai-gov-office.txt"), fill=False)
    assert [(f.key, f.cells) for f in v.errors] == [
        ("S4", ["t2.regulations.repealed"]), ("S4", ["t2.normative_docs.repealed"])]
    assert [f for f in v.findings if f.key == "P3"] == []


def test_shanghai_2019_blank_totals_are_reported_not_filled():
    v = validate(_facts("2019_shanghai-gov-office.txt"), fill=False)
    s4 = {f.cells[0] for f in v.findings if f.key == "S4"}
    assert v.filled == [] and v.has_errors
    assert {"t3.r3.c7", "t3.r13.c7"} <= s4  # the 总计 cells left blank on the result rows
    assert not [f for f in v.findings if f.key in ("O1", "S1", "S2", "S3")]  # blanks are not read as 0
    assert {f.cells[0] for f in v.findings if f.key in ("P4", "P5")} == {"section.六"}  # 六 is just "无。"
