"""Render a report (title, six sections, three tables) to .docx in 公文 layout, .md or .txt."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Optional

from report import format as fmt
from report.errors import ExportError
from report.export.document import NOT_DRAFTED, UNKNOWN, ReportDocument, build_document, unknown_cells
from report.export.markdown import render_markdown
from report.export.text import render_text
from report.facts import Facts

KINDS: tuple[str, ...] = ("docx", "md", "txt")
_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\r\n\t]')

__all__ = ["KINDS", "NOT_DRAFTED", "UNKNOWN", "ReportDocument", "build_document", "export_filename", "render",
           "render_file", "unknown_cells"]


def _kind(kind: str) -> str:
    """Normalise "docx"/".DOCX" to "docx"; raise ExportError for anything else."""
    k = kind.lower().lstrip(".")
    if k not in KINDS:
        shown = kind or "（无后缀）"
        raise ExportError(f"不支持的导出格式“{shown}”：请使用 {'、'.join('.' + k for k in KINDS)}")
    return k


def render(facts: Facts, kind: str, sections: dict[str, str] | None = None, *,
           written: Optional[date] = None) -> bytes:
    """The report as bytes of a kind (md/txt UTF-8); `sections` override facts.sections, `written` dates the 落款."""
    k = _kind(kind)
    doc = build_document(facts, sections, written=written)
    if k == "docx":
        from report.export.docx import render_docx  # python-docx is imported only when a .docx is asked for

        return render_docx(doc, facts.agency)
    return (render_markdown(doc) if k == "md" else render_text(doc)).encode("utf-8")


def render_file(facts: Facts, path: str | Path, sections: dict[str, str] | None = None, *,
                written: Optional[date] = None) -> Path:
    """Write the report to path, the kind taken from its suffix; return the path."""
    p = Path(path)
    return write_output(p, render(facts, p.suffix, sections, written=written))


def write_output(path: str | Path, data: bytes) -> Path:
    """Write an exported file (its folder made when missing); ExportError names the file when it cannot be written."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    except OSError as e:
        raise ExportError(f"无法写入文件 {p}：{e.strerror or e}") from None
    return p


def export_filename(facts: Facts, kind: str) -> str:
    """Download name: the official title plus the suffix (characters a file name cannot hold become _)."""
    title = _UNSAFE_IN_FILENAME.sub("_", fmt.report_title(facts.agency, facts.year))
    return f"{title}.{_kind(kind)}"
