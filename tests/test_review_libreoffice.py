"""The 审阅版 in a real client: LibreOffice (headless) prints it to PDF and saves it again as .docx; 批注, 修订,
Chinese text, 公文 fonts and the official table merges survive, and files LibreOffice wrote are read back."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from review_helpers import REVIEWER, SOFFICE, draft, reviewed, soffice_convert

from report.export.docx import FANG, HEI, KAI, TITLE_FONT
from report.parser import parse_bytes
from report.review.compare import compare_review
from report.review.docx_in import read_reviewed
from report.review.docx_out import render_review

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                "scripts/browser-deps.sh installs libreoffice-writer")
WORD = "docx:MS Word 2007 XML"


@pytest.fixture(scope="module")
def exported():
    facts, accepted, pending = draft()
    return facts, accepted, pending, render_review(facts, accepted, pending)


def through_libreoffice(data: bytes, tmp_path, target: str = WORD, name: str = "审阅稿") -> bytes:
    src = tmp_path / f"{name}.docx"
    src.write_bytes(data)
    return soffice_convert(src, target, tmp_path / "out", tmp_path / "profile").read_bytes()


def tables(data: bytes) -> list[tuple[list[list[str]], int]]:
    """Each table as rows of its distinct cells' texts (a merged cell once per row it covers) and its number of
    vertical merges: equal when the same cells are merged the same way, whatever column grid a client writes."""
    word = Document(io.BytesIO(data))
    out = []
    for t in word.tables:
        rows = [[c.text for k, c in enumerate(row.cells) if k == 0 or c._tc is not row.cells[k - 1]._tc]
                for row in t.rows]
        merges = sum(1 for v in t._tbl.iter(qn("w:vMerge")) if v.get(qn("w:val")) == "restart")
        out.append((rows, merges))
    return out


def test_pdf_keeps_the_chinese_text_and_tables(exported, tmp_path):
    facts, _accepted, _pending, data = exported
    pdf = through_libreoffice(data, tmp_path, "pdf")
    assert pdf.startswith(b"%PDF")
    parsed = parse_bytes(pdf, "审阅稿.pdf")
    assert (parsed.agency, parsed.year) == (facts.agency, facts.year)
    assert parsed.tables_complete()
    assert parsed.cell_value("t3.r3.c1") == facts.cell("t3.r3.c1")


def test_docx_round_trip_keeps_comments_revisions_fonts_and_merges(tmp_path):
    facts, accepted, pending = draft()
    facts.t4[0] = 2  # 行政复议 结果维持 no longer adds up: a comment on a Table 四 cell
    data = render_review(facts, accepted, pending)
    again = through_libreoffice(data, tmp_path)
    before, after = read_reviewed(data), read_reviewed(again)
    assert any(c.cell.startswith("t4.") for c in before.comments)
    assert sorted((c.author, c.text, c.section, c.cell) for c in after.comments) == \
        sorted((c.author, c.text, c.section, c.cell) for c in before.comments)
    assert [(c.section, c.kind, c.author, c.text) for c in after.open_changes] == \
        [(c.section, c.kind, c.author, c.text) for c in before.open_changes]
    assert after.sections == before.sections and after.headings == before.headings
    assert tables(again) == tables(data)
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    assert all(font in styles for font in (TITLE_FONT, HEI, KAI, FANG))


def test_reviewed_file_saved_by_libreoffice_is_read_back(exported, tmp_path):
    facts, accepted, pending, data = exported
    opened = through_libreoffice(data, tmp_path, name="收到的审阅稿")  # the reviewer opens it in LibreOffice …
    saved = through_libreoffice(reviewed(opened), tmp_path, name="改过的审阅稿")  # … edits and saves it
    result = compare_review(read_reviewed(saved), facts, accepted, pending)
    by_section = {c.section: c for c in result.changes}
    assert set(by_section) == {"一", "五"} and result.outcomes == {"五": "已接受", "六": "已拒绝"}
    assert [(c.kind, c.author, c.text) for c in by_section["一"].open_changes] == [
        ("delete", REVIEWER, "8"), ("insert", REVIEWER, "9")]
    assert [(c.key, c.after) for c in result.cells] == [("t3.r3.c1", 7)]
    assert [(c.author, c.text) for c in result.reviewer_comments()] == [(REVIEWER, "月通报的频次请与办公室再确认。")]
    assert {"S1", "S2", "P3"} <= {f.key for f in result.findings} and result.exit_code == 1


def _uno_python() -> str | None:
    """The system python3 with LibreOffice's UNO bridge (python3-uno), or None."""
    for exe in ("/usr/bin/python3", shutil.which("python3")):
        if exe and subprocess.run([exe, "-c", "import uno"], capture_output=True, check=False).returncode == 0:
            return exe
    return None


def test_changes_and_comment_made_in_libreoffice_are_read_back(exported, tmp_path):
    uno_python = _uno_python()
    if uno_python is None:
        pytest.skip("the UNO bridge (python3-uno) is not installed: LibreOffice cannot be driven to edit the file")
    facts, accepted, pending, data = exported
    src, out = tmp_path / "审阅稿.docx", tmp_path / "李处长改过.docx"
    src.write_bytes(data)
    subprocess.run([uno_python, str(Path(__file__).with_name("lo_reviewer.py")), str(src), str(out),
                    str(tmp_path / "profile"), "李处长", "予以公开8件", "予以公开9件", "月通报", "请补充通报的具体时间。"],
                   check=True, capture_output=True, timeout=300)
    result = compare_review(read_reviewed(out.read_bytes()), facts, accepted, pending)
    [change] = result.changes
    assert change.section == "一" and change.author == "审阅人（李处长）"
    assert {(c.kind, c.author) for c in change.open_changes} == {("delete", "李处长"), ("insert", "李处长")}
    assert "予以公开9件" in change.after and "予以公开8件" in change.as_left  # the 修订 is open: kept apart
    [comment] = result.reviewer_comments()
    assert (comment.author, comment.text, comment.section) == ("李处长", "请补充通报的具体时间。", "一")
    assert "月通报" in comment.sentence
    assert any(f.key == "P3" and "予以公开9件" in f.quote for f in result.findings) and result.exit_code == 1
    assert result.outcomes == {"五": "未处理", "六": "未处理"}  # 年报助手's 修订 still open in the file
