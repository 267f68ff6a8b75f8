"""PDF figures for bench/parse.py: text PDFs in ms per page, scanned PDFs in s per page, OCR cell accuracy."""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from report import format as fmt  # noqa: E402
from report.parser import parse_bytes, parse_file  # noqa: E402

MIN_REAL_BYTES = 10_000
TXT_TWIN = {"szfgs2024.pdf": ROOT.parent / "shared" / "reports" / "2024_huaian-city-gov.txt"}  # same report as text


def _pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(data))


def ms_per_page(data: bytes, runs: int) -> tuple[float, int]:
    """Median milliseconds per page of parsing a PDF (worker start included), and its page count."""
    pages = _pages(data)
    parse_bytes(data, "bench.pdf")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        parse_bytes(data, "bench.pdf")
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000 / pages, pages


def _cells(parsed) -> dict:
    from layout_variants import parsed_cells

    return parsed_cells(parsed)


def _generated(runs: int, target_ms: float) -> None:
    from layout_variants import random_source
    from pdf_fixtures import PdfLayout, source_pdf

    for name, layout in (("有框线表格", PdfLayout()), ("无框线（Word 导出式）", PdfLayout(ruled=False)),
                         ("标签折行、表三跨页", PdfLayout(wrap_labels=True))):
        src = random_source(0)
        data = source_pdf(src, layout)
        ms, pages = ms_per_page(data, runs)
        got = _cells(parse_bytes(data, "bench.pdf"))
        right = sum(got[k] == src.cells[k] for k in fmt.ALL_CELL_KEYS)
        verdict = "达标" if ms <= target_ms else "未达标"
        print(f"生成的文字 PDF（{name}）：{pages} 页，每页中位数 {ms:.0f} ms（目标 ≤ {target_ms:g} ms，{verdict}），"
              f"单元格 {right}/{len(fmt.ALL_CELL_KEYS)} 正确")


def _ocr(target_s: float) -> None:
    from layout_variants import random_source
    from pdf_fixtures import PdfLayout, embedded_font_path, images_pdf, page_images, source_pdf

    if embedded_font_path() is None:
        print("没有可嵌入的中文字体，跳过扫描件（OCR）测量")
        return
    src = random_source(0)
    scan = images_pdf(page_images(source_pdf(src, PdfLayout(embedded=True))))
    pages = _pages(scan)
    started = time.perf_counter()
    parsed = parse_bytes(scan, "scan.pdf")
    seconds = (time.perf_counter() - started) / pages
    got = _cells(parsed)
    right = sum(got[k] == src.cells[k] for k in fmt.ALL_CELL_KEYS)
    verdict = "达标" if seconds <= target_s else "未达标"
    print(f"扫描件（OCR，200 dpi 图像）：{pages} 页，每页 {seconds:.2f} s（目标 ≤ {target_s:g} s，{verdict}），"
          f"单元格 {right}/{len(fmt.ALL_CELL_KEYS)} 正确（{right / len(fmt.ALL_CELL_KEYS):.1%}），"
          f"{sum('请核对原件' in n for n in parsed.notes)} 条核对提示")


def _real(folder: Path, runs: int, target_ms: float) -> None:
    if not folder.is_dir():
        print(f"{folder} 不存在，跳过真实 PDF")
        return
    for path in sorted(folder.glob("*.pdf")):
        data = path.read_bytes()
        if len(data) < MIN_REAL_BYTES:
            continue  # the placeholder files beside the real reports
        try:
            ms, pages = ms_per_page(data, runs)
            parsed = parse_file(path)
        except Exception as e:  # a bench reports, it does not stop
            print(f"{path.name}：无法读取（{e}）")
            continue
        got = _cells(parsed)
        read = sum(v is not None for v in got.values())
        line = (f"{path.name}：{parsed.agency} {parsed.year}，{pages} 页，每页中位数 {ms:.0f} ms，"
                f"读到 {read}/{len(fmt.ALL_CELL_KEYS)} 个单元格")
        twin = TXT_TWIN.get(path.name)
        if twin is not None and twin.is_file():
            want = _cells(parse_file(twin))
            line += f"，与文本版一致 {sum(got[k] == want[k] for k in fmt.ALL_CELL_KEYS)}/{len(fmt.ALL_CELL_KEYS)}"
        print(line + (f"；提示：{'；'.join(parsed.notes)}" if parsed.notes else ""))
        _real_as_scan(path.name, data, got)


def _real_as_scan(name: str, data: bytes, text_cells: dict) -> None:
    """The real PDF's pages rendered to 200 dpi images (a clean scan of it), read by OCR, against its text layer."""
    from pdf_fixtures import images_pdf, page_images

    scan = images_pdf(page_images(data))
    pages = _pages(scan)
    started = time.perf_counter()
    parsed = parse_bytes(scan, name)
    seconds = (time.perf_counter() - started) / pages
    got = _cells(parsed)
    right = sum(got[k] == text_cells[k] for k in fmt.ALL_CELL_KEYS)
    wrong = [k for k in fmt.ALL_CELL_KEYS if got[k] is not None and got[k] != text_cells[k]]
    checks = sum("请核对原件" in n for n in parsed.notes)
    print(f"  其扫描件（渲染为 200 dpi 图像后 OCR）：每页 {seconds:.2f} s，与文字层一致 {right}/{len(fmt.ALL_CELL_KEYS)}，"
          f"读错 {len(wrong)} 个，未读出 {sum(got[k] is None for k in fmt.ALL_CELL_KEYS)} 个，{checks} 条核对提示")


def pdf_figures(real: Path, runs: int, target_ms: float, target_s: float) -> None:
    """Print the PDF figures beside the text-file ones."""
    _generated(runs, target_ms)
    _real(real, runs, target_ms)
    _ocr(target_s)
