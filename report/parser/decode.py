"""Bytes to text: tell the input kind (text, HTML, .docx, PDF) and decode text encodings, refusing binary files."""
from __future__ import annotations

import codecs
import re
from typing import Literal

from report.errors import ParseError

Kind = Literal["text", "html", "docx", "pdf"]
# The file kinds the parser reads: folders, uploads and the corpus take exactly these (a new reader adds its suffix).
SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|table|div|p|meta)[\s>/]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_REFUSED = {".doc": "旧版 Word（.doc）", ".wps": "WPS", ".xls": "Excel", ".xlsx": "Excel",
            ".ppt": "PowerPoint", ".pptx": "PowerPoint", ".zip": "压缩包", ".rar": "压缩包", ".7z": "压缩包"}
_MAGIC = ((b"\xd0\xcf\x11\xe0", "旧版 Office（.doc/.xls）"), (b"Rar!", "压缩包"), (b"7z\xbc\xaf", "压缩包"),
          (b"\x89PNG", "图片"), (b"\xff\xd8\xff", "图片"), (b"GIF8", "图片"))
_ENCODINGS = ("utf-8", "gb18030", "big5")


def _suffix(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot >= 0 else ""


def input_kind(data: bytes, filename: str) -> Kind:
    """The reader to use, from the file name and the first bytes; ParseError for formats we cannot read."""
    name = filename or "（未命名）"
    if data.lstrip()[:5].startswith(b"%PDF"):
        return "pdf"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ParseError(f"不支持{what}文件：{name}；请另存为 .pdf、.docx、.html 或 .txt 后再读取")
    suffix = _suffix(filename)
    if data.startswith(b"PK\x03\x04"):
        if suffix in ("", ".docx", ".docm", ".dotx"):
            return "docx"
        raise ParseError(f"不支持{_REFUSED.get(suffix, '压缩')}文件：{name}；请另存为 .pdf、.docx、.html 或 .txt 后再读取")
    if suffix in _REFUSED:
        raise ParseError(f"不支持{_REFUSED[suffix]}文件：{name}；请另存为 .pdf、.docx、.html 或 .txt 后再读取")
    if suffix == ".docx":
        raise ParseError(f"Word 文件已损坏或不是 .docx 格式：{name}")
    if suffix == ".pdf":
        raise ParseError(f"文件不是 PDF 或已损坏：{name}")
    if suffix in (".html", ".htm", ".xhtml", ".shtml") or _HTML_SNIFF.search(data[:4096]):
        return "html"
    return "text"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return b"\x00" in sample or controls > len(sample) // 20


def decode(data: bytes, filename: str, html: bool = False) -> tuple[str, list[str]]:
    """Decode text bytes (BOM, <meta charset>, UTF-8, GB18030, Big5); ParseError for binary content."""
    name = filename or "（未命名）"
    if _looks_binary(data):
        raise ParseError(f"文件不是文本、网页或 Word 文档（像是二进制文件），无法读取：{name}")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), []
    candidates = list(_ENCODINGS)
    if html and (m := _META_CHARSET.search(data[:4096])):
        declared = m.group(1).decode("ascii", "ignore").lower()
        declared = "gb18030" if declared in ("gb2312", "gbk", "gb_2312-80") else declared
        try:
            codecs.lookup(declared)
            candidates.insert(0, declared)
        except LookupError:
            pass
    for enc in candidates:
        try:
            return data.decode(enc), []
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace"), [f"文件编码无法确定，按 UTF-8 读取，个别字符可能显示为“\ufffd”：{name}"]
