"""`nianbao render`: writes .docx/.md/.txt, exit 2 with a Chinese message on bad input."""
from __future__ import annotations

import json

import pytest

import cli
from cli.render import main
from conftest import EXAMPLE_FACTS, shared_file
from report.export import UNKNOWN
from report.facts import blank_facts


@pytest.fixture
def facts_file(tmp_path):
    facts = blank_facts("测试县某某局", 2023)
    facts.t3["r1"][:6] = [3, 1, 0, 0, 0, 0]
    path = tmp_path / "facts.json"
    path.write_text(facts.to_json(), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", ["docx", "md", "txt"])
def test_render_writes_each_kind(facts_file, tmp_path, capsys, suffix):
    out = tmp_path / f"报告.{suffix}"
    assert main([str(facts_file), "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    captured = capsys.readouterr()
    assert f"已生成报告：{out}" in captured.out
    assert captured.err == ""


def test_render_through_the_dispatcher(facts_file, tmp_path):
    out = tmp_path / "报告.txt"
    assert cli.main(["render", str(facts_file), f"--out={out}"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("测试县某某局2023年政府信息公开工作年度报告\n")
    assert "一、本年新收政府信息公开申请数量\t3\t1\t0\t0\t0\t0\t4" in text.splitlines()


def test_unknown_cells_are_rendered_and_reported(facts_file, tmp_path, capsys):
    data = json.loads(facts_file.read_text(encoding="utf-8"))
    data["t3"]["r3"][1] = None
    facts_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "报告.md"
    assert main([str(facts_file), "-o", str(out)]) == 0
    assert UNKNOWN in out.read_text(encoding="utf-8")
    assert "个单元格尚无数值" in capsys.readouterr().err


def test_example_facts(tmp_path):
    out = tmp_path / "example.docx"
    assert main([str(shared_file(EXAMPLE_FACTS)), "--out", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("argv, message", [
    ([], "缺少事实数据文件"),
    (["facts.json"], "缺少输出文件"),
    (["facts.json", "--out"], "--out 后缺少输出文件名"),
    (["facts.json", "--out", "a.docx", "--pdf"], "未知参数：--pdf"),
    (["facts.json", "more.json", "--out", "a.docx"], "多余的参数：more.json"),
])
def test_bad_arguments(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "用法：nianbao render" in err


def test_bad_suffix(facts_file, tmp_path, capsys):
    assert main([str(facts_file), "--out", str(tmp_path / "报告.pdf")]) == 2
    assert "不支持的导出格式“.pdf”" in capsys.readouterr().err
    assert not (tmp_path / "报告.pdf").exists()


def test_missing_or_invalid_facts(tmp_path, capsys):
    assert main([str(tmp_path / "nope.json"), "--out", str(tmp_path / "a.docx")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"agency": "某局", "year": 2023, "t4": [1, 2]}', encoding="utf-8")
    assert main([str(bad), "--out", str(tmp_path / "a.docx")]) == 2
    err = capsys.readouterr().err
    assert "表四应有15个数值" in err and "Traceback" not in err
    assert not (tmp_path / "a.docx").exists()


def test_help(capsys):
    assert main(["--help"]) == 0
    assert "nianbao render" in capsys.readouterr().out
