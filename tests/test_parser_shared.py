"""Parser on ../shared/reports: every cell equals the file's numbers, and the validator agrees with MANIFEST.md."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

from conftest import REPORTS, shared_file
from report import format as fmt
from report.parser import parse_file
from report.parser.check import to_facts, validate_parsed
from report.parser.normalize import normalize
from report.validator import validate

MANIFEST = REPORTS / "MANIFEST.md"
TABLE_RULES = ("O1", "S1", "S2", "S3", "S4", "P3")  # what MANIFEST.md assesses: the tables and the text's figures


@lru_cache
def manifest() -> dict[str, dict[str, str]]:
    """file name → {"kind": "complete"|"partial", "agency", "year"} from MANIFEST.md's two tables."""
    rows: dict[str, dict[str, str]] = {}
    kind = ""
    for line in shared_file(MANIFEST).read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            kind = "complete" if "Complete" in line else "partial" if "Partial" in line else ""
        m = re.match(r"^\| (\S+\.txt) \| ([^|]+) \| (\d{4}) \|", line)
        if m and kind:
            rows[m.group(1)] = {"kind": kind, "agency": m.group(2).strip(), "year": m.group(3)}
    return rows


def files(kind: str) -> list[str]:
    if not MANIFEST.exists():
        return ["(no shared reports)"]
    return sorted(name for name, row in manifest().items() if row["kind"] == kind)


@lru_cache
def parsed(name: str):
    return parse_file(shared_file(REPORTS / name))


def numbers_in_source(name: str) -> set[int]:
    """Every integer written in the file (full-width digits and thousands separators allowed)."""
    text = normalize(shared_file(REPORTS / name).read_text(encoding="utf-8"))
    return {int(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+|\d+", text)}


# ---------------------------------------------------------------- the file's own figures, read independently


def _cell(text: str):
    text = text.strip()
    return None if text in ('""', "?") else int(text)


def relaid_tables(name: str) -> dict:
    """Tables of a complete report re-laid as MANIFEST.md describes: tab rows, label first, values last."""
    lines = shared_file(REPORTS / name).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("列：自然人"))
    t3_rows = []
    for line in lines[start + 1:]:
        fields = line.split("\t")
        if len(fields) >= 8:
            t3_rows.append([_cell(f) for f in fields[-7:]])
        if line.startswith("四、结转下"):
            break
    keys = list(fmt.T3_ROW_KEYS)
    if len(t3_rows) == 23:  # 2019 format: the single （六） row stands for r21–r23
        keys = [k for k in keys if k not in ("r21", "r22")]
    t3 = dict(zip(keys, t3_rows, strict=True))
    if len(t3_rows) == 23:
        t3["r21"] = t3["r22"] = [0] * 7
    t4_at = next(i for i, line in enumerate(lines) if line.startswith("列：行政复议"))
    t4 = [_cell(f) for f in lines[t4_at + 1].split("\t")]
    t2 = {}
    for line in lines:
        fields = line.split("\t")
        if fields[0] in fmt.T2_DOC_ROWS.values() and len(fields) == 4:
            key = next(k for k, v in fmt.T2_DOC_ROWS.items() if v == fields[0])
            t2[key] = dict(zip(fmt.T2_DOC_FIELDS, map(_cell, fields[1:])))
        elif fields[0] in fmt.T2_SINGLE_ROWS.values() and len(fields) == 2:
            t2[next(k for k, v in fmt.T2_SINGLE_ROWS.items() if v == fields[0])] = _cell(fields[1])
        elif fields[0] == "行政事业性收费" and len(fields) == 2:
            t2["fees_wan"] = fields[1]
    return {"t2": t2, "t3": {k: t3[k] for k in fmt.T3_ROW_KEYS}, "t4": t4}


RELAID = ("2024_huaian-city-gov.txt", "2025_shanghai-gov-office.txt", "2019_shanghai-gov-office.txt")


def test_manifest_lists_the_complete_and_partial_reports():
    shared_file(MANIFEST)
    assert len(files("complete")) == 4
    assert len(files("partial")) == 34


@pytest.mark.parametrize("name", RELAID)
def test_complete_relaid_report_every_cell_equals_the_file(name):
    r, expected = parsed(name), relaid_tables(name)
    assert r.t3 == expected["t3"]
    assert r.t4 == expected["t4"]
    if r.format == fmt.FORMAT_2021:
        assert r.t2 == expected["t2"]
    else:
        assert r.t2 is None


def test_sample_report_parses_in_full_including_its_eight_number_rows():
    r = parsed("2021_zhengzhou-shangjie-wglt.txt")
    assert r.t2 == {"regulations": {"made": 0, "repealed": 0, "valid": 0},
                    "normative_docs": {"made": 0, "repealed": 0, "valid": 0},
                    "licensing": 2, "penalty": 8, "coercion": 0, "fees_wan": "0"}
    assert r.t3 == {k: [0] * 7 for k in fmt.T3_ROW_KEYS}
    assert r.t4 == [0] * 15
    assert r.tables_complete()
    surplus = [n for n in r.notes if "8 个数值" in n or "16 个数值" in n]
    assert len(surplus) == 3 and all("勾稽" in n for n in surplus)  # （七）总计, 四、结转…, Table 四


@pytest.mark.parametrize("name", files("complete"))
def test_complete_report_front_matter_and_six_sections(name):
    r, row = parsed(name), manifest()[name]
    assert r.agency == row["agency"]
    assert r.year == int(row["year"])
    assert r.format == (fmt.FORMAT_2019 if name.startswith("2019") else fmt.FORMAT_2021)
    assert list(r.sections) == list(fmt.SECTION_NUMS)
    assert all(len(text) >= 2 for text in r.sections.values())


@pytest.mark.parametrize("name", ["2021_zhengzhou-shangjie-wglt.txt", "2024_huaian-city-gov.txt"])
def test_correct_reports_have_no_findings(name):
    validation, _ = validate_parsed(parsed(name))
    assert validation.findings == []


def test_shanghai_2025_unrecoverable_repealed_cells_are_a_parse_gap_not_an_error():
    r = parsed("2025_shanghai-gov-office.txt")
    validation, notes = validate_parsed(r)
    assert validation.findings == []
    assert r.cell_value("t2.regulations.repealed") is None and r.blank_cells == []
    assert r.cells_read() == len(fmt.ALL_CELL_KEYS) - 2
    assert any("2 个单元格未能读出" in n for n in notes)


@pytest.mark.parametrize("name", files("partial"))
def test_partial_report_is_no_error_where_the_excerpt_ends(name):
    validation, _ = validate_parsed(parsed(name))
    assert not validation.errors, [f.message for f in validation.errors]


def test_shanghai_2019_text_table_mismatch_found_with_blanks_read_as_zero():
    validation, _ = validate_parsed(parsed("2019_shanghai-gov-office.txt"))
    p3 = sorted((f.expected, f.actual) for f in validation.findings if f.key == "P3")
    assert p3 == [(275, 258), (337, 265)]
    assert all("空白单元格按 0 计" in f.message and f.quote for f in validation.findings if f.key == "P3")


def _findings(facts, fill: bool) -> list[tuple[str, tuple[str, ...]]]:
    """Table and figure findings, Table 二 left out (the 2019 Table 二 is not read)."""
    found = validate(facts, fill=fill, skip=("P4", "P6")).findings
    return sorted((f.key, tuple(f.cells)) for f in found if f.key in TABLE_RULES and not f.cells[0].startswith("t2."))


def test_shanghai_2019_as_published_blank_cells_are_the_only_table_problems():
    r = parsed("2019_shanghai-gov-office.txt")
    validation, notes = validate_parsed(r)
    keys = {f.key for f in validation.findings}
    assert keys <= {"F1", "P3"}  # no O1/S1/S2/S3 failure among the figures that are given, 六 "无。" is complete
    assert all("空白单元格按 0 计" in f.message for f in validation.findings if f.key == "P3")
    blank = {fmt.t3_key(k, c + 1) for k, row in r.t3.items() for c, v in enumerate(row) if v is None}
    blank |= {fmt.t4_key(c + 1) for c, v in enumerate(r.t4) if v is None}
    (f1,) = [f for f in validation.findings if f.key == "F1"]  # the 2019 format's blanks: one finding, not one each
    assert "2019年格式" in f1.message and f"{len(blank)} 个单元格空白" in f1.message
    assert any("表二" in n for n in notes)  # the 2019 Table 二 is not read, so not blamed


def test_shanghai_2019_manifest_reading_blank_totals_and_text_table_mismatch():
    """MANIFEST.md reads the blank applicant cells as 0: then the 19 blank 总计 cells and the two quoted figures fail."""
    facts = to_facts(parsed("2019_shanghai-gov-office.txt"))
    for key, row in facts.t3.items():
        facts.t3[key] = [0 if v is None and c < 6 else v for c, v in enumerate(row)]
    facts.t4 = [0 if v is None and (c + 1) % 5 else v for c, v in enumerate(facts.t4)]
    result_rows = [k for k in fmt.T3_RESULT_ROWS if k not in ("r21", "r22")]
    assert len(result_rows) == 19
    blank_totals = [("S4", (fmt.t3_key(k, 7),)) for k in result_rows] + [("S4", ("t4.c15",))]  # 复议后起诉 all blank
    assert _findings(facts, fill=False) == sorted(blank_totals)  # S2 "violated in form"; O1, S1, S3 hold
    mismatches = [("P3", ("t3.r13.c7", "t3.r14.c7", "t3.r15.c7")), ("P3", ("t3.r3.c7", "t3.r4.c7"))]
    assert _findings(facts, fill=True) == sorted(mismatches)  # 258 vs 275, 265 vs 337 once the totals are summed


@pytest.mark.parametrize("name", files("partial"))
def test_partial_report_parses_with_notes_on_what_is_missing(name):
    r, row = parsed(name), manifest()[name]
    assert r.notes, "a partial report must say what is missing"
    assert any(w in n for n in r.notes for w in ("未找到", "未读取", "未读到", "没有读到"))
    assert r.year is None or r.year == int(row["year"])
    if r.t3 is not None:
        assert not r.tables_complete()


@pytest.mark.parametrize("name", files("complete") + files("partial"))
def test_no_number_is_invented(name):
    r = parsed(name)
    seen = numbers_in_source(name)
    values = [v for row in (r.t3 or {}).values() for v in row] + list(r.t4 or [])
    if r.t2:
        values += [v for k in fmt.T2_DOC_ROWS for v in r.t2[k].values()]
        values += [r.t2[k] for k in fmt.T2_SINGLE_ROWS]
    assert {v for v in values if v is not None} <= seen | {0}


def test_partial_tables_read_as_far_as_the_excerpt_goes():
    longgang = parsed("2024_longgang-dept-11956962.txt")
    assert longgang.t2["normative_docs"] == {"made": 5, "repealed": 1, "valid": 25}
    assert longgang.t3["r1"] == [58, 7, 0, 0, 1, 0, 66]
    assert longgang.t3["r4"] == [16, 1, 0, 0, 0, 0, 17]
    assert longgang.t3["r10"] == [0] * 7 and longgang.t3["r11"] == [None] * 7  # r11's 总计 is cut off
    assert any("属于行政执法案卷" in n and "只有 6 个数值" in n for n in longgang.notes)
    xixian = parsed("2022_xixian-taiping-zhen.txt")  # one cell per line
    assert [xixian.t3[f"r{i}"] for i in range(1, 8)] == [[0] * 7] * 7
    assert xixian.t3["r8"] == [None] * 7
    nppa = parsed("2022_nppa.txt")  # pipe after each cell, one per line
    assert nppa.t2["normative_docs"] == {"made": 3, "repealed": 0, "valid": 291}
    assert (nppa.t2["licensing"], nppa.t2["penalty"]) == (46209, 6)
    rushan = parsed("2021_rushan-kfq.txt")  # traditional characters, pinyin glosses, cut inside Table 二
    assert rushan.t2["penalty"] == 0 and rushan.t2["coercion"] is None and rushan.t2["fees_wan"] is None


def test_old_format_partials_are_flagged():
    assert parsed("2019_wendeng-zjj.txt").format == fmt.FORMAT_2019
    assert parsed("2019_wendeng-zjj.txt").t3["r1"] == [2, 0, 0, 0, 0, 0, 2]
    flip = parsed("2020_wendeng-sjj-p9.txt")  # flip-book page: last Table 三 row and Table 四 only
    assert flip.t3["r25"] == [0] * 7 and flip.t4 == [0] * 15
    assert flip.format == fmt.FORMAT_2019 and flip.year == 2020
