"""A reviewer's work on a 审阅版 .docx, done programmatically: accept or reject 修订, add a 批注, edit text and cells."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table
from lxml import etree

from report.export.grid import table_grids
from report.parser import parse_file
from report.parser.check import to_facts
from report.review.layout import body_blocks
from report.review.ooxml import local
from settings import BUNDLED_CORPUS_DIR

REVIEWER = "张主任"
REPORT = "qingxi-scjgj-2023.txt"  # 予以公开 8 件 in section 一, matching Table 三
NUMBER_SENTENCE = "予以公开8件"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def draft():
    """(facts, accepted section texts, pending suggestions) of a bundled report: 五 and 六 have a suggestion each."""
    parsed = parse_file(BUNDLED_CORPUS_DIR / REPORT)
    facts = to_facts(parsed)
    accepted = {n: parsed.sections[n] for n in ("一", "五", "六")}
    facts = facts.model_copy(update={"sections": None})
    pending = {
        "五": accepted["五"].replace("建立月通报制度", "建立月通报和季度讲评制度", 1),
        "六": accepted["六"].replace("本年度未收取信息处理费。", "本年度未收取任何信息处理费。", 1),
    }
    return facts, accepted, pending


def section_revisions(word, num: str) -> list:
    """The w:ins / w:del elements of one section's paragraphs."""
    out = []
    for b in body_blocks(word):
        if b.section == num and b.kind == "paragraph":
            out += [el for el in b.element.iter(qn("w:ins"), qn("w:del")) if local(el.getparent()) != "rPr"]
    return out


def _unwrap(el) -> None:
    parent = el.getparent()
    i = parent.index(el)
    for k, child in enumerate(list(el)):
        parent.insert(i + k, child)
    parent.remove(el)


def settle(word, num: str, accept: bool) -> None:
    """Accept or reject every 修订 of a section, as Word's 接受/拒绝 does."""
    for el in section_revisions(word, num):
        inserted = local(el) == "ins"
        if inserted == accept:
            _unwrap(el)
            for t in el.iter(qn("w:delText")):
                t.tag = qn("w:t")
        else:
            el.getparent().remove(el)


def _changed_part(old: str, new: str) -> tuple[int, str, str]:
    """Offset in old and the differing middle of old and new (common prefix and suffix left out)."""
    a = 0
    while a < min(len(old), len(new)) and old[a] == new[a]:
        a += 1
    b = 0
    while b < min(len(old), len(new)) - a and old[-1 - b] == new[-1 - b]:
        b += 1
    return a, old[a:len(old) - b], new[a:len(new) - b]


def change_number(word, old: str, new: str, tracked: bool) -> None:
    """Change text in the paragraph holding `old` (tracked: as a 修订 under REVIEWER's name, as Word does); the runs
    may be cut anywhere (LibreOffice cuts them between digits and Chinese)."""
    for p in word.element.body.iter(qn("w:p")):
        texts = list(p.iter(qn("w:t")))
        whole = "".join(t.text or "" for t in texts)
        if old not in whole:
            continue
        shift, gone, put = _changed_part(old, new)
        at = whole.index(old) + shift
        for t in texts:
            if at < len(t.text or ""):
                break
            at -= len(t.text or "")
        before, after = t.text[:at], t.text[at + len(gone):]
        if not tracked:
            t.text = before + put + after
            return
        t.text = before
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        rpr = t.getparent().find(qn("w:rPr"))
        style = etree.tostring(rpr, encoding="unicode") if rpr is not None else ""
        attrs = f'w:author="{REVIEWER}" w:date="2026-01-05T09:00:00Z"'
        extra = parse_xml(
            f'<w:body {nsdecls("w")}><w:del w:id="9001" {attrs}><w:r>{style}<w:delText>{gone}</w:delText></w:r>'
            f'</w:del><w:ins w:id="9002" {attrs}><w:r>{style}<w:t>{put}</w:t></w:r></w:ins>'
            f'<w:r>{style}<w:t xml:space="preserve">{after}</w:t></w:r></w:body>')
        for el in reversed(list(extra)):
            t.getparent().addnext(el)
        return
    raise AssertionError(f"“{old}” not found")


def set_cell(word, key: str, value: str) -> None:
    """Overwrite a value cell of a table (found by the official grid)."""
    section = {"t2": "二", "t3": "三", "t4": "四"}[key.split(".")[0]]
    table = next(b.element for b in body_blocks(word) if b.kind == "table" and b.section == section)
    cell = next(c for c in table_grids()[section].cells if c.key == key)
    para = Table(table, word._body).cell(cell.row, cell.col).paragraphs[0]
    para.runs[0].text = value
    for run in para.runs[1:]:
        run.text = ""


def add_comment(word, needle: str, text: str) -> None:
    """A 批注 by REVIEWER on the run holding needle."""
    for para in word.paragraphs:
        for run in para.runs:
            if needle in run.text:
                word.add_comment(run, text=text, author=REVIEWER, initials="ZZR")
                return
    raise AssertionError(f"“{needle}” not found")


def reviewed(data: bytes) -> bytes:
    """The reviewer's session: accept 五's 修订, reject 六's, add a 批注, change 予以公开 8→9 (tracked), and set
    Table 三 予以公开 (自然人) to a value that breaks the table's identities."""
    word = Document(io.BytesIO(data))
    settle(word, "五", accept=True)
    settle(word, "六", accept=False)
    add_comment(word, "月通报", "月通报的频次请与办公室再确认。")
    change_number(word, NUMBER_SENTENCE, "予以公开9件", tracked=True)
    set_cell(word, "t3.r3.c1", "7")
    word.core_properties.last_modified_by = REVIEWER
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def soffice_convert(src: Path, target: str, outdir: Path, profile: Path) -> Path:
    """Convert with LibreOffice headless in its own profile; return the written file."""
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
                    "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=180)
    suffix = target.split(":")[0]
    return outdir / f"{src.stem}.{suffix}"
