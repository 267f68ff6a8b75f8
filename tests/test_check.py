"""The batch checker (report/batch, `nianbao check`): every rule fires on a planted case, consecutive years pair,
zips are bounded, and the .xlsx/.csv/.json rows are the validator's findings of each file."""
from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from check_helpers import GOV, PLANTS, SCJGJ, corpus_text, planted_pair
from cli import main as nianbao
from conftest import REPORTS, shared_file
from report import format as fmt
from report.batch.output import FINDINGS_SHEET, SUMMARY_SHEET, findings_csv_path, json_text, xlsx_bytes
from report.batch.pairing import Meta, pair_previous
from report.batch.results import FINDING_COLUMNS, SUMMARY_COLUMNS, VERDICTS, cells_text
from report.batch.run import check_reports
from report.batch.sources import Source, ZipLimits, collect, upload_sources
from report.parser import parse_file
from report.parser.check import validate_parsed
from report.rules.registry import RULE_BY_KEY
from settings import BUNDLED_CORPUS_DIR


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize("key", sorted(PLANTS))
def test_every_rule_fires_on_its_planted_case(key):
    now, last = planted_pair(key)
    (result,) = check_reports([now], [last])
    assert result.previous == last.name
    assert key in {f.key for f in result.findings}, [f.message for f in result.findings]


def test_every_rule_of_the_registry_has_a_planted_case_and_the_unplanted_reports_are_clean():
    assert set(PLANTS) == set(RULE_BY_KEY)
    for family in (SCJGJ, GOV):
        now = Source(f"{family}-2024.txt", data=corpus_text(family, 2024).encode())
        last = Source(f"{family}-2023.txt", data=corpus_text(family, 2023).encode())
        (result,) = check_reports([now], [last])
        assert result.previous and result.findings == [] and result.cells_read == len(fmt.ALL_CELL_KEYS)


# ---------------------------------------------------------------- pairing


def test_pairing_by_agency_and_year_across_abbreviations():
    metas = [Meta("青溪县市场监督管理局", 2024), Meta("青溪县市场监管局", 2023, checked=False),
             Meta("青溪县市场监督管理局", 2023), Meta("县政府", 2024), Meta("青溪县人民政府", 2023),
             Meta("松川县人民政府", 2023), Meta(None, 2024), Meta("青溪县人民政府", None)]
    assert pair_previous(metas) == {0: 2}  # the checked input is preferred; 县政府 is ambiguous
    assert pair_previous(metas[:2]) == {0: 1}  # 简称 of last year's report given only as --previous


# ---------------------------------------------------------------- sources and zips


def _zip(members: dict[str, bytes], encrypted: str = "") -> bytes:
    """A zip of the members; the one named `encrypted` is flagged as encrypted in the central directory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    data = bytearray(out.getvalue())
    pos = data.find(b"PK\x01\x02")
    while encrypted and pos >= 0:  # central directory entries: flags at +8, name length at +28, name at +46
        size = int.from_bytes(data[pos + 28:pos + 30], "little")
        if data[pos + 46:pos + 46 + size] == encrypted.encode():
            data[pos + 8] |= 0x1
        pos = data.find(b"PK\x01\x02", pos + 46)
    return bytes(data)


def test_zip_members_refused_for_traversal_nesting_encryption_and_size():
    report = corpus_text(SCJGJ, 2024).encode()
    data = _zip({"a/报告.txt": report, "../evil.txt": report, "/abs.txt": report, "inner.zip": b"PK",
                 "secret.txt": report, "big.txt": b"x" * (len(report) + 1), "图片.png": b"png",
                 "__MACOSX/._a.txt": b""}, encrypted="secret.txt")
    found = upload_sources([("上传.zip", data)], ZipLimits(entries=50, total_bytes=10**7, member_bytes=len(report)))
    assert [s.name for s in found.sources] == ["上传.zip/a/报告.txt"]
    assert found.sources[0].read() == report and found.ignored == 1
    reasons = {r.name.removeprefix("上传.zip/"): r.reason for r in found.refused}
    assert set(reasons) == {"../evil.txt", "/abs.txt", "inner.zip", "secret.txt", "big.txt"}
    assert "不安全" in reasons["../evil.txt"] and "不安全" in reasons["/abs.txt"]
    assert "加密" in reasons["secret.txt"] and "过大" in reasons["big.txt"] and "不展开" in reasons["inner.zip"]


def test_zip_bounded_in_entries_and_total_uncompressed_size():
    many = _zip({f"{i}.txt": b"x" for i in range(11)})
    found = upload_sources([("many.zip", many)], ZipLimits(entries=10, total_bytes=10**6))
    assert found.sources == [] and "文件过多" in found.refused[0].reason
    bomb = _zip({f"{i}.txt": b"0" * 400_000 for i in range(5)})  # compresses to a few KB each
    found = upload_sources([("bomb.zip", bomb)], ZipLimits(entries=10, total_bytes=1_000_000))
    assert len(found.sources) == 2 and "总大小超过" in found.refused[0].reason
    assert upload_sources([("bad.zip", b"PK\x03\x04broken")]).refused[0].reason.startswith("压缩包无法打开")


def test_zip_names_written_by_windows_tools_are_read_as_gb18030(tmp_path):
    path = tmp_path / "报告.zip"
    raw = "青溪县.txt".encode("gb18030")  # without the UTF-8 flag, as Windows tools write names
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("x" * (len(raw) - 4) + ".txt", corpus_text(SCJGJ, 2024))
    path.write_bytes(path.read_bytes().replace(b"x" * (len(raw) - 4) + b".txt", raw))
    (source,) = collect([str(path)]).sources
    assert source.name.endswith("报告.zip/青溪县.txt") and source.read().startswith("青溪县".encode())


def test_folders_recursive_hidden_skipped_documents_listed_and_duplicates_once(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(BUNDLED_CORPUS_DIR / f"{SCJGJ}-2024.txt", tmp_path / "sub" / "a.txt")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "~$a.docx").write_bytes(b"x")
    (tmp_path / "通知.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "表.xlsx").write_bytes(b"PK")
    found = collect([str(tmp_path), str(tmp_path / "sub" / "a.txt")])
    assert sorted(Path(s.name).name for s in found.sources) == ["a.txt", "通知.pdf"] and found.ignored == 1
    results = check_reports(found.sources)
    pdf = next(r for r in results if r.name.endswith(".pdf"))
    assert pdf.verdict == "无法读取" and "PDF" in pdf.error  # the parser's own reason, until it reads PDF


# ---------------------------------------------------------------- the command


def _fixture_folder(root: Path) -> dict[str, Path]:
    """A region's folder: a consecutive pair, planted errors, a zip, an empty file and a note that is no report."""
    root.mkdir()
    files = {}
    for family, year in ((SCJGJ, 2023), (SCJGJ, 2024), ("taoyuan-zhen", 2024), ("yunling-sthjj", 2023)):
        files[f"{family}-{year}"] = Path(shutil.copy(BUNDLED_CORPUS_DIR / f"{family}-{year}.txt", root))
    (root / "乡镇").mkdir()
    for key in ("O1", "S4", "P7"):
        now, _ = planted_pair(key)
        files[key] = root / "乡镇" / f"planted-{key}.txt"
        files[key].write_bytes(now.data)
    with zipfile.ZipFile(root / "县政府.zip", "w") as zf:
        zf.write(BUNDLED_CORPUS_DIR / f"{GOV}-2024.txt", f"{GOV}-2024.txt")
    (root / "空白.txt").write_bytes(b"")
    (root / "说明.md").write_text("# 本文件夹说明\n\n收到的各单位报告。\n", encoding="utf-8")
    return files


def _rows(ws) -> list[dict]:
    values = list(ws.values)
    return [dict(zip(values[0], row)) for row in values[1:]]


def _as_read_back(rows: list[dict]) -> list[dict]:
    """Rows as a spreadsheet gives them back: an empty text is an empty cell, 1.0 is 1."""
    return [{k: None if v == "" else int(v) if isinstance(v, float) and v.is_integer() else v for k, v in r.items()}
            for r in rows]


def test_check_command_xlsx_rows_are_the_validators_findings_of_each_file(tmp_path, capsys):
    files = _fixture_folder(tmp_path / "region")
    out = tmp_path / "检查结果.xlsx"
    code = nianbao(["check", str(tmp_path / "region"), "--out", str(out), "--workers", "2"])
    printed = capsys.readouterr().out
    assert code == 1 and "共 10 个文件，检查报告 8 份" in printed and str(out) in printed
    assert "1 个文件无法读取；1 个文件不是年度报告，未计入" in printed
    wb = load_workbook(out)
    assert wb.sheetnames == [SUMMARY_SHEET, FINDINGS_SHEET]
    summary, findings = wb[SUMMARY_SHEET], wb[FINDINGS_SHEET]
    assert summary.freeze_panes == "A2" and findings.freeze_panes == "A2"
    assert summary.auto_filter.ref == f"A1:{get_column_letter(len(SUMMARY_COLUMNS))}{summary.max_row}"
    assert findings.auto_filter.ref
    assert [c.value for c in summary[1]] == list(SUMMARY_COLUMNS)
    rows = _rows(summary)
    assert [r["结论"] for r in rows] == sorted((r["结论"] for r in rows), key=list(VERDICTS).index)
    by_name = {Path(r["文件"]).name: r for r in rows}
    assert by_name["空白.txt"]["结论"] == "无法读取" and "文件为空" in by_name["空白.txt"]["说明"]
    assert by_name["说明.md"]["结论"] == "不是年度报告"
    assert by_name[f"{SCJGJ}-2024.txt"]["上年报告"] == str(files[f"{SCJGJ}-2023"])  # paired within the inputs
    assert by_name[f"{GOV}-2024.txt"]["上年报告"] == str(BUNDLED_CORPUS_DIR / f"{GOV}-2023.txt")  # with the corpus
    previous = {f"{SCJGJ}-2024": files[f"{SCJGJ}-2023"], f"{GOV}-2024": BUNDLED_CORPUS_DIR / f"{GOV}-2023.txt"}
    finding_rows = _rows(findings)
    for name, path in {**files, f"{GOV}-2024": BUNDLED_CORPUS_DIR / f"{GOV}-2024.txt"}.items():
        prev = parse_file(previous[name]) if name in previous else None
        validation, _ = validate_parsed(parse_file(path), previous=prev)
        mine = [r for r in finding_rows if Path(r["文件"]).name == path.name]
        assert [r["编号"] for r in mine] == [f.id for f in validation.findings], name
        assert [r["单元格"] for r in mine] == [cells_text(f.cells) for f in validation.findings]
        assert by_name[path.name]["错误"] == len(validation.errors)
    s4 = next(r for r in finding_rows if r["规则"] == "S4")
    assert s4["单元格"] == "表三 第(三)1行 自然人" and s4["严重程度"] == "错误" and s4["规则名称"]
    p7 = next(r for r in finding_rows if r["规则"] == "P7")
    assert "〔2019〕60号" in p7["引文"] and p7["应为"] == fmt.NOTICE_2021


def test_csv_and_json_carry_the_same_rows_as_the_xlsx(tmp_path):
    now, last = planted_pair("P1")
    results = check_reports([now, *planted_pair("O1")[:1]], [last])
    wb = load_workbook(io.BytesIO(xlsx_bytes(results)))
    data = json.loads(json_text(results))
    assert _as_read_back(data[SUMMARY_SHEET]) == _rows(wb[SUMMARY_SHEET])
    assert _as_read_back(data[FINDINGS_SHEET]) == _rows(wb[FINDINGS_SHEET])
    out = tmp_path / "结果.csv"
    assert nianbao(["check", str(tmp_path / "none")]) == 2  # (a missing path is bad input)
    folder = tmp_path / "in"
    folder.mkdir()
    for s in (now, planted_pair("O1")[0]):
        (folder / s.name).write_bytes(s.data)
    prev = tmp_path / "prev"
    prev.mkdir()
    (prev / last.name).write_bytes(last.data)
    assert nianbao(["check", str(folder), "--previous", str(prev), "--out", str(out)]) == 1
    with open(out, encoding="utf-8-sig", newline="") as fh:
        summary = list(csv.DictReader(fh))
    with open(findings_csv_path(out), encoding="utf-8-sig", newline="") as fh:
        found = list(csv.DictReader(fh))
    assert [r["文件"] for r in summary] == [str(folder / planted_pair("O1")[0].name), str(folder / now.name)]
    assert {r["规则"] for r in found} >= {"O1", "P1"} and list(found[0]) == list(FINDING_COLUMNS)


def test_check_exit_codes(tmp_path, capsys):
    clean = tmp_path / "clean"
    clean.mkdir()
    for year in (2023, 2024):
        shutil.copy(BUNDLED_CORPUS_DIR / f"{SCJGJ}-{year}.txt", clean)
    assert nianbao(["check", str(clean)]) == 0
    assert "2 份通过" in capsys.readouterr().out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert nianbao(["check", str(empty)]) == 2
    assert "没有找到可检查的报告文件" in capsys.readouterr().err
    assert nianbao(["check", str(clean), "--out", str(tmp_path / "x.doc")]) == 2
    assert nianbao(["check", str(clean), "--previous", str(tmp_path / "nope")]) == 2
    assert nianbao(["check"]) == 2 and "缺少参数" in capsys.readouterr().err
    assert nianbao(["check", "-h"]) == 0 and "nianbao check PATH" in capsys.readouterr().out


# ---------------------------------------------------------------- the collected reports


def test_shared_reports_manifest_problems_found_and_no_error_on_a_correct_report(tmp_path):
    shared_file(REPORTS / "MANIFEST.md")
    out = tmp_path / "x.xlsx"
    assert nianbao(["check", str(REPORTS), "--out", str(out), "--workers", "2"]) == 0  # no errors: 2019 blanks are F1
    wb = load_workbook(out)
    rows = {Path(r["文件"]).name: r for r in _rows(wb[SUMMARY_SHEET])}
    found = _rows(wb[FINDINGS_SHEET])
    assert len(rows) == 39 and rows["MANIFEST.md"]["结论"] == "不是年度报告"
    assert not {name for name, r in rows.items() if r["错误"]}  # the 2019 table's blanks: one F1 finding, no S4
    shanghai = [r for r in found if r["文件"].endswith("2019_shanghai-gov-office.txt")]
    (f1,) = [r for r in shanghai if r["规则"] == "F1"]
    assert "2019年格式" in f1["问题"] and "135 个单元格空白" in f1["问题"] and not [r for r in shanghai if r["规则"] == "S4"]
    assert sorted(r["实为"] for r in shanghai if r["规则"] == "P3") == [258, 265]  # 275 and 337 in the table
    for name, r in rows.items():  # a report read in part never passes; its reason is given
        if r["结论"] not in ("不是年度报告", "无法读取") and (r["表格读出"] < 0.99 or r["需人工核对的原因"]):
            assert r["结论"] in ("需人工核对", "有错误") and r["需人工核对的原因"], name
    p7 = {Path(r["文件"]).name for r in found if r["规则"] == "P7"}
    assert p7 == {"2024_shenshan.txt", "2022_gaoping-gov-office.txt", "2022_xixian-taiping-zhen.txt"}
    for name in ("2021_zhengzhou-shangjie-wglt.txt", "2024_huaian-city-gov.txt", "2025_shanghai-gov-office.txt"):
        assert rows[name]["结论"] == "通过", name
    assert rows["2025_shanghai-gov-office.txt"]["表格读出"] == pytest.approx(198 / 200, abs=0.001)
