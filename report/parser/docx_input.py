"""Word (.docx) to text lines: paragraphs as lines, table rows tab-separated with each merged cell read once."""
from __future__ import annotations

import io
import re
import zipfile
from typing import Optional

from report.errors import ParseError
from report.parser.tokens import mark_blank_cells
from report.parser.zip_parts import package_problem

MAX_XML_BYTES = 40 * 1024 * 1024  # uncompressed word/document.xml
_SPACE = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")


def _row_cells(tr, table) -> list[Optional[str]]:
    """Texts of a row: a horizontally merged cell once; a vertically merged continuation as None."""
    from docx.table import _Cell

    out: list[Optional[str]] = []
    for tc in tr.tc_lst:
        if tc.vMerge == "continue":
            out.append(None)
        else:
            out.append(_SPACE.sub(" ", _Cell(tc, table).text).strip())
    return out


def docx_to_text(data: bytes, filename: str) -> tuple[str, list[str]]:
    """Plain text of a .docx file in document order; ParseError when it is not a readable .docx."""
    name = filename or "（未命名）"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise ParseError(f"Word 文件正文过大（超过 {MAX_XML_BYTES // 1024 // 1024} MB），无法读取：{name}")
            if problem := package_problem(z.infolist()):
                raise ParseError(f"Word 文件{problem}，无法读取：{name}")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        raise ParseError(f"Word 文件已损坏或不是 .docx 格式：{name}") from None
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for tr in block._tbl.tr_lst:
                    cells = mark_blank_cells(_row_cells(tr, block))
                    if any(cells):
                        lines.append("\t".join(cells))
            else:
                lines.extend(block.text.splitlines() or [""])
    except ParseError:
        raise
    except Exception:  # python-docx raises many kinds of errors on damaged packages
        raise ParseError(f"Word 文件已损坏或不是 .docx 格式：{name}") from None
    return "\n".join(lines), []
