"""`nianbao parse FILE [--json] [--validate]`: output shape and exit codes."""
from __future__ import annotations

import json

from cli import main as nianbao
from parser_fixtures import AGENCY, T2, T3, T4, report_text
from report import format as fmt


def _write(tmp_path, text: str, name: str = "report.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_has_exactly_the_documented_keys_and_facts_shapes(tmp_path, capsys):
    assert nianbao(["parse", _write(tmp_path, report_text()), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["agency", "year", "format", "sections", "t2", "t3", "t4", "notes"]
    assert (out["agency"], out["format"]) == (AGENCY, fmt.FORMAT_2021)
    assert (out["t2"], out["t3"], out["t4"]) == (T2, T3, T4)
    assert list(out["sections"]) == list(fmt.SECTION_NUMS)


def test_unread_cells_are_null_and_exit_code_is_1(tmp_path, capsys):
    text = report_text().replace("1.属于国家秘密\t", "1.属于国家秘密\t/\t", 1)
    path = _write(tmp_path, text.replace("\t（七）总计", "\t（七）总计\t1\t2"))
    assert nianbao(["parse", path, "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert None in out["t3"]["r24"] or None in out["t3"]["r5"]
    assert out["notes"]


def test_partial_report_without_tables_exits_1(tmp_path, capsys):
    text = "\n".join([fmt.report_title(AGENCY, 2023), "一、总体情况", "本局全年主动公开信息120条，未收到政府信息公开申请。"])
    assert nianbao(["parse", _write(tmp_path, text)]) == 1
    out = capsys.readouterr().out
    assert "表三：未读到" in out and "未找到表三" in out


def test_bad_input_exits_2_with_a_chinese_message(tmp_path, capsys):
    assert nianbao(["parse", str(tmp_path / "missing.txt")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    path = tmp_path / "x.bin"
    path.write_bytes(b"\0\1\2" * 100)
    assert nianbao(["parse", str(path)]) == 2
    assert "二进制" in capsys.readouterr().err
    assert nianbao(["parse"]) == 2
    assert "缺少参数" in capsys.readouterr().err
    assert nianbao(["parse", "a.txt", "--nope"]) == 2
    assert "未知参数" in capsys.readouterr().err


def test_human_summary_names_agency_tables_and_notes(tmp_path, capsys):
    assert nianbao(["parse", _write(tmp_path, report_text())]) == 0
    out = capsys.readouterr().out
    assert AGENCY in out and "2021年格式" in out
    assert "表三：175 个单元格全部读出" in out and "表四：15 个单元格全部读出" in out


def test_validate_runs_the_validator_on_the_result(tmp_path, capsys):
    good = _write(tmp_path, report_text())
    assert nianbao(["parse", good, "--validate"]) == 0
    assert "没有发现问题" in capsys.readouterr().out
    wrong = report_text().replace("\t".join(map(str, T4)), "\t".join(map(str, [9, *T4[1:]])))
    assert nianbao(["parse", _write(tmp_path, wrong, "wrong.txt"), "--validate", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [f["key"] for f in out["findings"]] == ["S3"]
    assert out["findings"][0]["cells"] == ["t4.c5"]


def test_help(capsys):
    assert nianbao(["parse", "--help"]) == 0
    assert "用法：nianbao parse" in capsys.readouterr().out
