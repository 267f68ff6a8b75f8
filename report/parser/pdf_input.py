"""PDF to text lines: text pages from their text layer, scans by OCR, in a worker with page and file deadlines."""
from __future__ import annotations

import multiprocessing
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from report.errors import ParseError
from report.parser.normalize import is_page_footer
from report.parser.pdf_layout import Line
from report.parser.pdf_margins import drop_running_lines

MB = 1024 * 1024
MAX_PDF_BYTES = 100 * MB
WORKER_MEMORY = 1024 * MB  # memory the worker may take beyond what it was started with (OCR of a page: ~300 MB)
MAX_PAGES = 200
PAGE_SECONDS = 60.0  # one page (an OCR page takes a few seconds)
FILE_SECONDS = 900.0  # the whole file
START_SECONDS = 60.0  # opening the file and starting the worker

Progress = Callable[[int, int], None]  # (pages done, pages in all)


@dataclass
class OcrLine:
    """A line read by OCR: its page (from 1) and each cell's recognition score."""

    page: int
    confs: list[Optional[float]]


@dataclass
class PdfText:
    """What a PDF gave: the text, notes, which lines were read by OCR, and the page counts."""

    text: str
    notes: list[str] = field(default_factory=list)
    ocr: dict[int, OcrLine] = field(default_factory=dict)  # line index in `text` → OCR facts
    pages: int = 0
    ocr_pages: list[int] = field(default_factory=list)


class _PageError(Exception):
    """A problem the worker reports as a Chinese message."""


def _open(data: bytes, name: str) -> Any:
    """The document (pypdfium2), or ParseError: encrypted, damaged, no pages, too many pages."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise ParseError(f"PDF 文件已加密（需要密码），无法读取：{name}；请另存为未加密的 PDF 后再读取") from None
        if _page_count(data) == 0:  # PDFium refuses a document without pages
            raise ParseError(f"PDF 文件没有任何页面：{name}") from None
        raise ParseError(f"PDF 文件已损坏或不完整，无法读取：{name}") from None
    pages = len(doc)
    if pages == 0:
        raise ParseError(f"PDF 文件没有任何页面：{name}")
    if pages > MAX_PAGES:
        raise ParseError(f"PDF 文件页数过多（{pages} 页，最多 {MAX_PAGES} 页），无法读取：{name}")
    return doc


def _page_count(data: bytes) -> Optional[int]:
    """Pages as pdfminer counts them, None when it cannot read the file either."""
    import io

    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except Exception:  # pdfminer raises many kinds of errors on damaged files
        return None


def _page_result(plumber_page: Any, pdfium_page: Any) -> tuple[list[Line], bool]:
    """The lines of one page and whether they were read by OCR."""
    from report.parser.pdf_page import needs_ocr, page_lines, text_words

    words = text_words(plumber_page)
    if not needs_ocr(plumber_page, words):
        return page_lines(plumber_page, words), False
    from report.parser.pdf_ocr import ocr_lines

    return ocr_lines(plumber_page, pdfium_page), True


def _plumber(data: bytes, pages: int) -> Any:
    """The pdfplumber document, or None when pdfminer cannot read the file or counts other pages than PDFium."""
    import io

    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        if len(pdf.pages) == pages:
            return pdf
        pdf.close()
    except Exception:  # pdfminer raises many kinds of errors on damaged files (a shifted xref: IndexError)
        pass
    return None


def _read_page(i: int, plumber_page: Any, pdfium_page: Any, name: str, send: Callable[[tuple], None]) -> None:
    """Send one page's lines; a page rendered smaller, or too large to render (sent empty), is named in a note."""
    from report.parser.pdf_ocr import OCR_DPI, PageTooLarge, ocr_dpi

    try:
        lines, by_ocr = _page_result(plumber_page, pdfium_page)
        if by_ocr and (dpi := ocr_dpi(*pdfium_page.get_size())) < OCR_DPI:
            send(("note", f"PDF 第 {i + 1} 页尺寸过大，已按 {dpi} dpi（低于通常的 {OCR_DPI} dpi）做文字识别，"
                          "该页识别出的文字和数字尤须核对原件"))
    except PageTooLarge as e:
        send(("note", f"PDF 第 {i + 1} 页尺寸过大（{e}），未做文字识别，该页内容未读取"))
        lines, by_ocr = [], False
    except ParseError:
        raise
    except MemoryError:
        raise ParseError(f"PDF 第 {i + 1} 页处理所需内存超过上限（{WORKER_MEMORY // MB} MB），无法读取：{name}") from None
    except Exception:
        raise ParseError(f"PDF 第 {i + 1} 页已损坏，无法读取：{name}") from None
    send(("page", i, lines, by_ocr))


def _read_by_pdfium(doc: Any, name: str, send: Callable[[tuple], None]) -> None:
    """Every page's text layer through PDFium, for a file pdfplumber refuses (scanned pages are named, not read)."""
    from report.parser.pdf_pdfium import pdfium_lines

    send(("note", "PDF 文件结构有误（如交叉引用表错位），已改用 PDFium 读取文字层和表格框线，请核对数字"))
    blank = []
    for i in range(len(doc)):
        try:
            lines = pdfium_lines(doc[i])
        except MemoryError:
            raise ParseError(f"PDF 第 {i + 1} 页处理所需内存超过上限（{WORKER_MEMORY // MB} MB），无法读取：{name}") from None
        except Exception:
            raise ParseError(f"PDF 第 {i + 1} 页已损坏，无法读取：{name}") from None
        if not lines:
            blank.append(str(i + 1))
        send(("page", i, lines, False))
    if blank:
        send(("note", f"PDF 第 {'、'.join(blank[:10])} 页没有文字层，该文件结构有误，无法做文字识别"))


def read_pages(data: bytes, name: str, send: Callable[[tuple], None]) -> None:
    """Send ("pages", n), ("page", i, lines, by_ocr) for each page, ("note", text) on the way, then ("done",)."""
    doc = _open(data, name)
    send(("pages", len(doc)))
    pdf = _plumber(data, len(doc))
    if pdf is None:
        _read_by_pdfium(doc, name, send)
        send(("done",))
        return
    with pdf:
        for i, page in enumerate(pdf.pages):
            _read_page(i, page, doc[i], name, send)
            page.close()  # frees the page's parsed objects
    send(("done",))


def _memory_in_use(field: str) -> Optional[int]:
    """Bytes of one /proc/self/status field (VmData, VmSize), None where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def limit_memory(budget: int) -> None:
    """Cap this process's data memory at what it uses now plus `budget` bytes (Linux; elsewhere nothing)."""
    try:
        import resource
    except ImportError:
        return
    used = _memory_in_use("VmData")
    if used is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = used + budget if hard == resource.RLIM_INFINITY else min(used + budget, hard)
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ValueError, OSError):
        pass


def _worker(data: bytes, name: str, conn: Any) -> None:
    """Worker process body: read the pages and send the results; any failure as ("error", message)."""
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # "Could not get FontBBox…" on odd fonts
    limit_memory(WORKER_MEMORY)
    try:
        read_pages(data, name, conn.send)
    except ParseError as e:
        conn.send(("error", str(e)))
    except MemoryError:
        conn.send(("error", f"PDF 文件处理所需内存超过上限（{WORKER_MEMORY // MB} MB），无法读取：{name}"))
    except Exception:
        conn.send(("error", f"PDF 文件无法读取：{name}"))
    finally:
        conn.close()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _receive(conn: Any, proc: Any, name: str, progress: Optional[Progress]) -> tuple[int, list, list[str]]:
    """Collect the worker's pages and notes, enforcing the deadlines; ParseError names the page that took too long."""
    started = time.monotonic()
    deadline = started + START_SECONDS
    total, pages, notes = 0, [], []
    while True:
        now = time.monotonic()
        wait = min(deadline, started + FILE_SECONDS) - now
        if wait <= 0 or not conn.poll(wait):
            page = len(pages) + 1
            if not total:
                raise ParseError(f"PDF 文件打开超时（超过 {START_SECONDS:g} 秒），无法读取：{name}")
            if time.monotonic() >= started + FILE_SECONDS:
                raise ParseError(f"PDF 文件处理超时（整份超过 {FILE_SECONDS:g} 秒，停在第 {page} 页），"
                                 f"无法读取：{name}")
            raise ParseError(f"PDF 第 {page} 页处理超时（超过 {PAGE_SECONDS:g} 秒），无法读取：{name}")
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            raise ParseError(f"PDF 文件无法读取（处理进程意外退出，停在第 {len(pages) + 1} 页）：{name}") from None
        if msg[0] == "error":
            raise ParseError(msg[1])
        if msg[0] == "done":
            return total, pages, notes
        if msg[0] == "note":
            notes.append(msg[1])
            continue
        if msg[0] == "pages":
            total = msg[1]
        else:
            pages.append((msg[2], msg[3]))
        if progress is not None:
            progress(len(pages), total)
        deadline = time.monotonic() + PAGE_SECONDS


def _run(data: bytes, name: str, progress: Optional[Progress]) -> tuple[int, list, list[str]]:
    """Read the pages in a worker process that is stopped when a deadline passes."""
    import pdfplumber  # noqa: F401  # imported once here, so that each forked worker starts with it
    import pypdfium2  # noqa: F401

    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(data, name, sender), daemon=True)
    proc.start()
    sender.close()
    try:
        return _receive(receiver, proc, name, progress)
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=10)


def pdf_to_text(data: bytes, filename: str, progress: Optional[Progress] = None) -> PdfText:
    """The report text of a PDF (tables as tab-separated rows), with notes and the lines read by OCR."""
    name = filename or "（未命名）"
    if len(data) > MAX_PDF_BYTES:
        raise ParseError(f"PDF 文件过大（超过 {MAX_PDF_BYTES // 1024 // 1024} MB），无法读取：{name}")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ParseError(f"文件不是 PDF 或已损坏：{name}")
    total, pages, notes = _run(data, name, progress)
    out = _assemble(drop_running_lines(pages), total)
    out.notes[:0] = notes
    return out


def _assemble(pages: list[tuple[list[Line], bool]], total: int) -> PdfText:
    """One text from the pages' lines; page numbers left out; OCR lines remembered by their index."""
    out = PdfText("", pages=total)
    texts: list[str] = []
    for number, (lines, by_ocr) in enumerate(pages, start=1):
        if by_ocr:
            out.ocr_pages.append(number)
        for line in lines:
            text = line.text
            if not text.strip() or is_page_footer(text):
                continue
            if by_ocr:
                out.ocr[len(texts)] = OcrLine(number, list(line.confs))
            texts.append(text)
    out.text = "\n".join(texts)
    if out.ocr_pages:
        shown = "、".join(map(str, out.ocr_pages[:10])) + (" 等" if len(out.ocr_pages) > 10 else "")
        out.notes.append(f"PDF 共 {total} 页，其中 {len(out.ocr_pages)} 页没有文字层（扫描件），已用文字识别（OCR）读取"
                         f"（第 {shown} 页）；识别出的数字须核对原件")
    return out
