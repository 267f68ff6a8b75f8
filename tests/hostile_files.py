"""Hostile input files that are small on disk and huge once opened (tests and bench/limits.py write them)."""
from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
# A child process that parses one file, prints the Chinese message it ends with (or the notes it read), then its
# peak resident memory: its own high-water mark (fresh since exec) or its PDF worker's, whichever is higher. The
# parent's rusage of the child is not used: on Linux it carries the parent's own peak across fork and exec.
_PARSE = """
import resource, sys
from report.errors import ParseError
from report.parser import parse_file
path = sys.argv[1]
if path.endswith(".zip"):
    from report.batch.sources import collect
    found = collect([path])
    print("；".join([f"{r.name}：{r.reason}" for r in found.refused] + [f"{len(s.read())} 字节：{s.name}"
                                                                     for s in found.sources]))
else:
    try:
        r = parse_file(path)
        print("读取成功：" + "；".join(r.notes))
    except ParseError as e:
        print(e)
own = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM:"))
print(max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) * 1024)
"""


def noise_page_pdf(side_pt: float = 14_400, pixels: int = 460, seed: int = 0) -> bytes:
    """A one-page PDF of side_pt × side_pt points holding only an image of noise (about 200 KB)."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("L", (pixels, pixels), bytes(rng.getrandbits(8) for _ in range(pixels * pixels)))
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=pixels / side_pt * 72)
    return buf.getvalue()


def docx_with_bomb(base: bytes, part: str = "word/styles.xml", inflated: int = 1024 * MB) -> bytes:
    """The .docx `base` with one part replaced by `inflated` bytes of XML-like filler (deflates about 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == part:
                continue
            dst.writestr(info, src.read(info.filename))
        chunk = b" " * MB
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><w:styles xmlns:w="x">')
            for _ in range(inflated // MB):
                fh.write(chunk)
    return out.getvalue()


def docx_with_long_body(base: bytes, size: int = 39 * MB, seed: int = 0) -> bytes:
    """The .docx `base` with its document.xml grown to `size` bytes of varied paragraphs (just under the limit)."""
    rng = random.Random(seed)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                paras, grown = [], len(data)
                while grown < size:
                    text = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(40))
                    paras.append(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode())
                    grown += len(paras[-1])
                at = data.index(b"<w:body>") + len(b"<w:body>")
                data = data[:at] + b"".join(paras) + data[at:]
            dst.writestr(info, data)
    return out.getvalue()


def zip_with_bomb(inner_name: str = "报告.txt", inflated: int = 15 * MB) -> bytes:
    """A .zip whose one report member is `inflated` bytes of zeros (under the upload's 20 MB, ratio about 1000)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(inner_name, b"0" * inflated)
    return out.getvalue()


def big_text_not_report(size: int = 9 * MB) -> bytes:
    """A text file over the 8 MB read limit whose first 8 MB are not a report."""
    line = "天气晴，气温二十五度，地铁三号线今日开通。\n".encode()
    return line * (size // len(line) + 1)


def poster_scan_pdf(side_pt: float = 2400) -> bytes:
    """A scanned report page printed as a poster (side_pt points wide): OCR renders it below 150 dpi."""
    from layout_variants import random_source
    from pdf_fixtures import PdfLayout, images_pdf, page_images, source_pdf

    image = page_images(source_pdf(random_source(0), PdfLayout(embedded=True)))[0]
    return images_pdf([image], dpi=image.width / side_pt * 72)


def scanned_report_pdf() -> bytes:
    """A whole generated report as an image-only PDF (200 dpi, as a scanner delivers it)."""
    from layout_variants import random_source
    from pdf_fixtures import PdfLayout, images_pdf, page_images, source_pdf

    return images_pdf(page_images(source_pdf(random_source(0), PdfLayout(embedded=True))))


def peak_rss_of_parse(path: Path) -> tuple[int, str]:
    """(peak resident bytes of a child parsing `path` (a zip: reading its members), worker included; its message)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _PARSE, str(Path(path).resolve())], capture_output=True, env=env,
                          cwd=str(ROOT), timeout=900)
    lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0 or len(lines) < 2:
        raise RuntimeError(f"解析子进程失败：{done.stderr.decode('utf-8', 'replace')[-500:]}")
    return int(lines[-1]), lines[-2]

