"""审阅版 .docx: 批注 and 修订 written on the 公文 document, a reviewer's edits read back and checked again."""
from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from review_helpers import (
    NUMBER_SENTENCE,
    REVIEWER,
    draft,
    reviewed,
    section_revisions,
    settle,
)

from report.export import render
from report.export.document import build_document
from report.export.grid import t4_grid
from report.review.compare import compare_review
from report.review.docx_in import read_reviewed
from report.review.docx_out import render_review
from report.review.layout import body_blocks, value_cells
from report.review.ooxml import ASSISTANT


@pytest.fixture(scope="module")
def exported():
    facts, accepted, pending = draft()
    return facts, accepted, pending, render_review(facts, accepted, pending)


def test_review_copy_keeps_the_official_layout(exported):
    facts, accepted, _pending, data = exported
    plain = Document(io.BytesIO(render(facts, "docx", accepted)))
    word = Document(io.BytesIO(data))
    assert [p.style.name for p in word.paragraphs] == [p.style.name for p in plain.paragraphs]
    for a, b in zip(word.tables, plain.tables):  # same cells and merges
        assert [[c.text for c in row.cells] for row in a.rows] == [[c.text for c in row.cells] for row in b.rows]
    assert word.paragraphs[0].text == build_document(facts).title
    assert word.settings.element.find(qn("w:trackRevisions")) is not None


def test_pending_suggestions_are_word_level_revisions(exported):
    _facts, _accepted, _pending, data = exported
    word = Document(io.BytesIO(data))
    five = section_revisions(word, "五")
    marks = [(el.tag.rsplit("}")[1], "".join(t.text for t in el.iter(qn("w:t"), qn("w:delText")))) for el in five]
    assert marks == [("del", "通报制度"), ("ins", "通报和季度讲评制度")]  # words, not the whole paragraph
    assert {el.get(qn("w:author")) for el in five + section_revisions(word, "六")} == {ASSISTANT}
    assert section_revisions(word, "一") == []  # no suggestion, no 修订


def test_comments_on_open_findings(exported):
    _facts, accepted, _pending, data = exported
    doc = read_reviewed(data)
    ours = [c for c in doc.comments if c.ours]
    assert ours and all(c.author == ASSISTANT for c in ours)
    guard = [c for c in ours if c.text.startswith("【数字核对】")]
    assert guard and all(c.sentence and c.sentence in accepted[c.section] for c in guard)


def test_table_error_is_a_comment_on_its_cell():
    facts, accepted, pending = draft()
    facts.t3["r3"][0] = 5  # breaks 予以公开's row and column sums
    doc = read_reviewed(render_review(facts, accepted, pending))
    on_cells = {c.cell for c in doc.comments if c.cell}
    assert on_cells and all(c.startswith("t3.") for c in on_cells)
    assert any(c.text.startswith("【S") for c in doc.comments if c.cell)


def test_read_back_unchanged_is_no_change(exported):
    facts, accepted, pending, data = exported
    result = compare_review(read_reviewed(data), facts, accepted, pending)
    assert result.changes == [] and result.cells == [] and result.findings == [] and result.flags == []
    assert result.unmapped == [] and result.exit_code == 0
    assert result.outcomes == {"五": "未处理", "六": "未处理"}


def test_round_trip_reviewer_edits(exported):
    facts, accepted, pending, data = exported
    doc = read_reviewed(reviewed(data))
    result = compare_review(doc, facts, accepted, pending)
    by_section = {c.section: c for c in result.changes}
    assert set(by_section) == {"一", "五"}  # 六's 修订 rejected: back to the accepted text
    assert result.outcomes == {"五": "已接受", "六": "已拒绝"}
    assert "予以公开9件" in by_section["一"].after and NUMBER_SENTENCE in by_section["一"].as_left
    assert [(c.kind, c.author, c.text) for c in by_section["一"].open_changes] == [
        ("delete", REVIEWER, "8"), ("insert", REVIEWER, "9")]
    assert by_section["五"].after == pending["五"].replace("\n\n", "\n")
    assert all(c.author == f"审阅人（{REVIEWER}）" for c in result.changes)
    assert [(c.key, c.before, c.after) for c in result.cells] == [("t3.r3.c1", 4, 7)]
    assert [c.text for c in result.reviewer_comments()] == ["月通报的频次请与办公室再确认。"]
    comment = result.reviewer_comments()[0]
    assert comment.section == "一" and "月通报" in comment.sentence and comment.subhead.startswith("（五）")
    keys = {f.key for f in result.findings}
    assert {"S1", "S2", "P3"} <= keys  # the cell breaks the sums; the sentence no longer matches the table
    assert any("予以公开9件" in f.quote for f in result.findings if f.key == "P3")
    assert result.exit_code == 1


def test_renamed_and_deleted_headings(exported):
    facts, accepted, pending, data = exported
    word = Document(io.BytesIO(data))
    blocks = body_blocks(word)
    five = next(b for b in blocks if b.kind == "heading" and b.section == "五")
    five.element.find(qn("w:r")).find(qn("w:t")).text = "五、问题与改进"
    six = next(b for b in blocks if b.kind == "heading" and b.section == "六")
    six.element.getparent().remove(six.element)
    out = io.BytesIO()
    word.save(out)
    doc = read_reviewed(out.getvalue())
    assert doc.headings["五"] == "五、问题与改进" and "六" not in doc.headings
    result = compare_review(doc, facts, accepted, pending)
    assert result.changes == [] and result.unmapped == []  # 六 found by its text at the end of 五
    assert result.notes == ["第六部分的标题在审阅稿中找不到，已按正文内容对应"]
    first = next(b for b in body_blocks(word) if b.section == "五" and b.kind == "paragraph")
    first.element.getparent().remove(first.element)  # 五's first paragraph deleted too: 五 changed
    six_first = next(b for b in body_blocks(word) if b.kind == "paragraph" and b.text.startswith("（一）本年度未收取"))
    six_first.element.find(qn("w:r")).find(qn("w:t")).text = "（一）改写了的第一行。"  # 六 cannot be found now
    out = io.BytesIO()
    word.save(out)
    result = compare_review(read_reviewed(out.getvalue()), facts, accepted, pending)
    assert any("第六部分" in line and "无法对应" in line for line in result.unmapped)
    assert [c.section for c in result.changes] == ["五"]


def test_file_is_a_docx_package(exported):
    data = exported[3]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "word/comments.xml" in z.namelist()
        assert z.testzip() is None


def test_many_cell_findings_fold_into_one_comment():
    from collections import Counter

    from report.review.notes import CELL_NOTES_PER_RULE

    facts, accepted, pending = draft()
    for row in ("r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10"):
        facts.t3[row][0] += 1  # eight rows whose 总计 no longer adds up
    doc = read_reviewed(render_review(facts, accepted, pending))
    per_rule = Counter(c.text.split("】")[0] for c in doc.comments if c.cell)
    assert per_rule and max(per_rule.values()) <= CELL_NOTES_PER_RULE + 1
    assert any("同类问题另有" in c.text for c in doc.comments)


def test_section_not_drafted_yet_gets_its_suggestion_as_inserted_paragraphs():
    facts, accepted, pending = draft()
    accepted = {**accepted, "五": ""}
    data = render_review(facts, accepted, {"五": pending["五"]})
    word = Document(io.BytesIO(data))
    marks = section_revisions(word, "五")
    assert {m.tag.rsplit("}")[1] for m in marks} == {"ins", "del"}  # the placeholder deleted, the paragraphs inserted
    assert read_reviewed(data).sections["五"] == ""  # the placeholder is no text
    settle(word, "五", accept=True)
    for p in word.element.body.iter(qn("w:p")):  # Word drops the marks of accepted paragraphs too
        for mark in p.findall(f"{qn('w:pPr')}/{qn('w:rPr')}"):
            p.find(qn("w:pPr")).remove(mark)
    out = io.BytesIO()
    word.save(out)
    result = compare_review(read_reviewed(out.getvalue()), facts, accepted, {"五": pending["五"]})
    assert result.outcomes == {"五": "已接受"}
    assert [c.section for c in result.changes] == ["五"]


def test_reviewer_comment_on_a_table_cell_names_the_cell(exported):
    facts, accepted, pending, data = exported
    word = Document(io.BytesIO(data))
    table = next(b.element for b in body_blocks(word) if b.kind == "table" and b.section == "四")
    tc = value_cells(Table(table, word._body), t4_grid())["t4.c1"]
    run = Paragraph(tc.find(qn("w:p")), word._body).runs[0]
    word.add_comment(run, text="复议维持这一格请核对。", author=REVIEWER, initials="ZZR")
    out = io.BytesIO()
    word.save(out)
    result = compare_review(read_reviewed(out.getvalue()), facts, accepted, pending)
    [comment] = result.reviewer_comments()
    assert (comment.section, comment.cell, comment.text) == ("四", "t4.c1", "复议维持这一格请核对。")
    assert comment.place().startswith("表四")


def test_closing_is_not_section_text_and_its_edit_is_listed():
    facts, accepted, pending = draft()
    accepted = {**accepted, "六": accepted["六"] + "\n" + facts.agency}  # a text that itself ends with the name
    data = render_review(facts, accepted, pending)
    assert compare_review(read_reviewed(data), facts, accepted, pending).changes == []
    word = Document(io.BytesIO(data))
    closing = [b for b in body_blocks(word) if b.kind == "closing"]
    assert closing[0].text == facts.agency
    closing[-1].element.find(qn("w:r")).find(qn("w:t")).text = "2024年2月1日"
    out = io.BytesIO()
    word.save(out)
    result = compare_review(read_reviewed(out.getvalue()), facts, accepted, pending)
    assert result.changes == [] and result.unmapped == ["落款：2024年2月1日"]
