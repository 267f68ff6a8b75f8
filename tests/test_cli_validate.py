"""`nianbao validate FACTS.json [--json]`: Chinese lines or one JSON object; exit 0 / 1 / 2."""
from __future__ import annotations

import json

import cli
from conftest import EXAMPLE_FACTS, shared_file
from validator_helpers import make_data


def _write(tmp_path, data, name="facts.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_example_json_fills_totals_and_reports_no_error(capsys):
    code = cli.main(["validate", str(shared_file(EXAMPLE_FACTS)), "--json"])
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert code == 0 and err == ""
    assert set(data) == {"facts", "findings"}
    assert data["facts"]["t3"]["r24"] == [4, 1, 0, 0, 0, 0, 5]
    assert all(row[6] is not None for row in data["facts"]["t3"].values())
    assert [data["facts"]["t4"][c - 1] for c in (5, 10, 15)] == [1, 0, 0]
    assert [f for f in data["findings"] if f["severity"] == "error"] == []


def test_human_output_lists_findings_in_chinese_and_exits_1_on_errors(tmp_path, capsys):
    data = make_data(level="乡镇街道", t2={"regulations": {"made": 1, "repealed": 1}})  # repealed: no R1
    data["t3"]["r24"][0] = 3
    code = cli.main(["validate", _write(tmp_path, data)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert any(line.startswith("[错误] S1 表三") for line in lines)
    assert any(line.startswith("[提醒] P6 ") for line in lines)
    assert lines[-1] == "共 3 个错误、1 个提醒"  # O1, S1, S2 on the one typo; P6


def test_warnings_only_exit_0_and_name_the_filled_totals(tmp_path, capsys):
    data = make_data(level="乡镇街道", t2={"regulations": {"made": 1}})
    data["t4"][4] = None
    code = cli.main(["validate", _write(tmp_path, data)])
    out = capsys.readouterr().out
    assert code == 0
    assert "已补齐 1 个合计：表四 行政复议总计" in out and "[提醒] P6" in out


def test_json_findings_carry_ids(tmp_path, capsys):
    data = make_data()
    data["t3"]["r3"][6] = 9
    code = cli.main(["validate", _write(tmp_path, data), "--json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    s2 = [f for f in findings if f["key"] == "S2"]
    assert s2 and s2[0]["id"].startswith("S2-") and s2[0]["cells"] == ["t3.r3.c7"]
    assert (s2[0]["expected"], s2[0]["actual"]) == (3, 9)


def test_bad_facts_exit_2_with_a_chinese_message_on_stderr(tmp_path, capsys):
    data = make_data()
    data["t3"]["r1"][0] = -1
    code = cli.main(["validate", _write(tmp_path, data), "--json"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "不能为负数" in err and "r1.c1" in err


def test_unreadable_input_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{ 不是 JSON", encoding="utf-8")
    assert cli.main(["validate", str(bad)]) == 2
    assert "JSON 格式错误" in capsys.readouterr().err
    assert cli.main(["validate", str(tmp_path / "missing.json")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_bad_arguments_exit_2(capsys):
    assert cli.main(["validate"]) == 2
    assert "缺少参数" in capsys.readouterr().err
    assert cli.main(["validate", "a.json", "--xml"]) == 2
    assert "未知参数" in capsys.readouterr().err
    assert cli.main(["validate", "--help"]) == 0
    assert "用法：nianbao validate" in capsys.readouterr().out
