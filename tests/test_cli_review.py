"""`nianbao render --review` and `nianbao review-import`: exit codes 0/1/2, Chinese messages, --json."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from docx import Document
from review_helpers import REVIEWER, draft, reviewed

from cli import main
from report.review.docx_in import read_reviewed


@pytest.fixture
def files(tmp_path):
    facts, accepted, _pending = draft()
    path = tmp_path / "facts.json"
    path.write_text(facts.model_copy(update={"sections": accepted}).model_dump_json(), encoding="utf-8")
    return tmp_path, path, facts


def render_review_file(tmp_path, facts_path) -> bytes:
    out = tmp_path / "审阅稿.docx"
    assert main(["render", str(facts_path), "--out", str(out), "--review"]) == 0
    return out.read_bytes()


def test_render_review_writes_comments(files, capsys):
    tmp_path, facts_path, _facts = files
    data = render_review_file(tmp_path, facts_path)
    assert "已生成审阅版" in capsys.readouterr().out
    assert any(c.ours for c in read_reviewed(data).comments)


def test_render_review_needs_docx(files, capsys):
    tmp_path, facts_path, _facts = files
    assert main(["render", str(facts_path), "--out", str(tmp_path / "x.md"), "--review"]) == 2
    assert "审阅版只能写成 .docx" in capsys.readouterr().err


def test_import_unchanged_exits_0(files, capsys):
    tmp_path, facts_path, _facts = files
    render_review_file(tmp_path, facts_path)
    capsys.readouterr()
    assert main(["review-import", str(tmp_path / "审阅稿.docx"), "--facts", str(facts_path)]) == 0
    assert "审阅没有带来新问题" in capsys.readouterr().out


def test_import_reviewed_exits_1_and_names_the_changes(files, capsys):
    tmp_path, facts_path, _facts = files
    edited = tmp_path / "改过.docx"
    edited.write_bytes(reviewed(render_review_file(tmp_path, facts_path)))
    capsys.readouterr()
    assert main(["review-import", str(edited), "--facts", str(facts_path)]) == 1
    out = capsys.readouterr().out
    assert f"审阅人（{REVIEWER}）" in out and "予以公开“8”→“9”" in out
    assert "表格改动：表三 第(一)行 自然人：4 → 7" in out
    assert "月通报的频次请与办公室再确认。" in out
    assert "[错误] S1" in out and "P3" in out
    assert main(["review-import", str(edited), "--facts", str(facts_path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["exit_code"] == 1 and [c["key"] for c in data["cells"]] == ["t3.r3.c1"]
    assert [c["author"] for c in data["comments"]] == [REVIEWER]
    assert {f["key"] for f in data["findings"]} >= {"S1", "S2", "P3"}


def _other(files, **change) -> bytes:
    from report.review.docx_out import render_review

    _tmp, _path, facts = files
    _f, accepted, _p = draft()
    return render_review(facts.model_copy(update=change), accepted)


def _encrypted() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024  # an OLE container, as Word writes a protected .docx


def _not_a_report() -> bytes:
    word = Document()
    word.add_paragraph("会议纪要")
    word.add_paragraph("今天讨论了食堂的菜单。")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _without_body() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/other.xml", "<x/>")
    return out.getvalue()


@pytest.mark.parametrize("case, message", [
    ("year", "这是2022年的报告，当前草稿是2023年的"),
    ("agency", "这是“青溪县交通运输局”的报告"),
    ("encrypted", "文件已加密"),
    ("corrupt", "文件已损坏或不是 Word"),
    ("nobody", "文件已损坏或不是 Word"),
    ("other", "不是年报助手导出的年度报告"),
])
def test_bad_input_exits_2_with_chinese_message(files, capsys, case, message):
    tmp_path, facts_path, _facts = files
    data = {"year": lambda: _other(files, year=2022), "agency": lambda: _other(files, agency="青溪县交通运输局"),
            "encrypted": _encrypted, "corrupt": lambda: b"PK\x03\x04 broken", "nobody": _without_body,
            "other": _not_a_report}[case]()
    path = tmp_path / "审阅稿.docx"
    path.write_bytes(data)
    before = facts_path.read_bytes()
    assert main(["review-import", str(path), "--facts", str(facts_path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert facts_path.read_bytes() == before and path.read_bytes() == data


def test_import_needs_facts(tmp_path, capsys):
    assert main(["review-import", str(tmp_path / "x.docx")]) == 2
    assert "缺少参数" in capsys.readouterr().err
