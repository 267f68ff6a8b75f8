"""P3 on the narrative of real published reports (../shared/reports): quiet where text and tables agree,
and catching the real mismatches of 上海市政府办公厅 2019 (MANIFEST)."""
from __future__ import annotations

from conftest import REPORTS, shared_file
from report import format as fmt
from report.facts import Facts
from report.validator import validate


def _cells(fields: list[str]) -> list:
    return [None if f.strip() in ('""', "") else int(f) for f in fields]


def _tables(text: str) -> tuple[list[list], list]:
    """Table 三 rows and the Table 四 row of a complete report re-laid as tab-separated rows."""
    rows, t4 = [], []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) == 8 and fields[0] and not fields[0].startswith("列"):
            rows.append(_cells(fields[1:]))
        elif len(fields) == fmt.T4_NCOLS:
            t4 = _cells(fields)
    return rows, t4


def _section_one(text: str) -> str:
    start = text.index("一、总体情况")
    return text[start + len("一、总体情况"):text.index("二、主动公开政府信息情况", start)]


def _facts(name: str, blanks_as_zero: bool = False) -> Facts:
    text = shared_file(REPORTS / name).read_text(encoding="utf-8")
    rows, t4 = _tables(text)
    if len(rows) == 23:  # 2019 format: one （六）其他处理 row, read into r23
        rows = rows[:20] + [[0] * 7, [0] * 7] + rows[20:]
    assert len(rows) == fmt.T3_NROWS and len(t4) == fmt.T4_NCOLS
    if blanks_as_zero:  # a reader takes a blank applicant cell of a published table as 0
        rows = [[0 if v is None and i < 6 else v for i, v in enumerate(r)] for r in rows]
        t4 = [0 if v is None and i + 1 not in fmt.T4_TOTAL_COLS else v for i, v in enumerate(t4)]
    t3 = dict(zip(fmt.T3_ROW_KEYS, rows))
    return Facts(agency=name, year=int(name[:4]), level="省级人民政府", t3=t3, t4=t4,
                 sections={"一": _section_one(text)})


def _p3(facts: Facts) -> list:
    return [f for f in validate(facts).findings if f.key == "P3"]


def test_huaian_2024_text_agrees_with_its_tables():
    facts = _facts("2024_huaian-city-gov.txt")
    v = validate(facts)
    assert _p3(facts) == [] and not v.has_errors


def test_shanghai_2025_text_agrees_with_its_tables():
    facts = _facts("2025_shanghai-gov-office.txt")
    assert _p3(facts) == [] and not validate(facts).has_errors


def test_zhengzhou_2021_no_application_sentence_is_quiet_on_a_zero_table():
    text = shared_file(REPORTS / "2021_zhengzhou-shangjie-wglt.txt").read_text(encoding="utf-8")
    facts = Facts(agency="郑州", year=2021, sections={"一": _section_one(text)})
    assert _p3(facts) == []


def test_shanghai_2019_real_mismatches_are_found_and_nothing_else():
    found = _p3(_facts("2019_shanghai-gov-office.txt", blanks_as_zero=True))
    assert sorted((f.actual, f.expected) for f in found) == [(258, 275), (265, 337)]
    messages = " ".join(f.message for f in found)
    assert "予以公开及部分公开258件" in messages and "无法提供265件" in messages


def test_planted_mismatch_in_a_real_narrative_is_found():
    facts = _facts("2024_huaian-city-gov.txt")
    text = facts.sections["一"].replace("行政诉讼 46 件", "行政诉讼 64 件")
    assert text != facts.sections["一"]
    found = _p3(facts.model_copy(update={"sections": {"一": text}}))
    assert [(f.actual, f.expected, f.cells) for f in found] == [(64, 46, ["t4.c10", "t4.c15"])]


# Figures the partial reports state (MANIFEST "text ✓"): r1, r2, r24, r25, result groups in table order, Table 四.
_GROUP_ROWS = ("r3", "r4", "r5", "r13", "r16", "r23")
_STATED = {
    "2022_dazu-waiban.txt": (1, 0, 1, 0, None, None),
    "2022_gaoping-gov-office.txt": (12, 0, 12, 0, (2, 8, 0, 1, 0, 1), None),
    "2022_jiaxing-gov-office.txt": (58, 3, 59, 2, (18, 2, 1, 29, 6, 3), [1, 0, 0, 0, 1, 2, 0, 0, 0, 2] + [0] * 5),
    "2022_nppa.txt": (62, 0, 62, 0, None, None),
    "2022_weinan-gov-office.txt": (57, 2, 55, 4, None, None),
    "2023_longyou-gov-office.txt": (14, 0, 12, 2, None, [9, 0, 0, 0, 9, 0, 0, 0, 3, 3] + [0] * 5),
    "2023_suiyang-county-gov.txt": (19, 0, 19, 0, None, [3, 0, 0, 0, 3] + [0] * 10),
    "2023_szlonghua-scjg.txt": (112, 9, 119, 2, (60, 13, 6, 26, 3, 11), [6, 0, 0, 1, 7, 0, 0, 0, 2, 2, 0, 0, 0, 1, 1]),
    "2024_shanghai-putuo-district.txt": (60, 4, 64, 0, (6, 0, 2, 23, 4, 29), None),
    "2024_shanghai-songjiang-district.txt": (1336, 80, 1336, 80, (376, 24, 65, 603, 49, 219),
                                             [140, 8, 16, 28, 192, 49, 0, 14, 10, 73] + [0] * 5),
    "2024_shenshan.txt": (162, 1, 159, 4, None, None),
    "2024_szlonghua-police.txt": (30, 5, 35, 0, None, None),
    "2025_szlonghua-minzhi-jiedao.txt": (31, 0, 30, 1, None, None),
}


def _stated_facts(name: str) -> Facts:
    r1, r2, r24, r25, groups, t4 = _STATED[name]
    t3 = {r: [0] * 7 for r in fmt.T3_ROW_KEYS}
    for row, value in (("r1", r1), ("r2", r2), ("r24", r24), ("r25", r25),
                       *zip(_GROUP_ROWS, groups or (r24, 0, 0, 0, 0, 0))):
        t3[row] = [value, 0, 0, 0, 0, 0, value]
    body = "\n".join(line for line in shared_file(REPORTS / name).read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#"))
    return Facts(agency=name, year=int(name[:4]), t3=t3, t4=t4 or [0] * 15, sections={"一": body})


def test_partial_reports_whose_text_agrees_raise_no_p3():
    for name in _STATED:
        facts = _stated_facts(name)
        assert not validate(facts, skip=["P4", "P5", "P6", "P7"]).findings, name


def test_partial_report_with_a_changed_figure_raises_p3():
    facts = _stated_facts("2024_shenshan.txt")
    facts.t3["r25"] = [5, 0, 0, 0, 0, 0, 5]
    facts.t3["r2"] = [2, 0, 0, 0, 0, 0, 2]
    found = [f for f in validate(facts).findings if f.key == "P3"]
    assert sorted((f.actual, f.expected) for f in found) == [(1, 2), (4, 5)]
