"""Scanned pages: render with pypdfium2, read with RapidOCR (models ship in its wheel), boxes as positioned words."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from report.parser.ocr_text import FIGURE, LOOKALIKE_CONF, NEAR_FIGURE, figure_text
from report.parser.pdf_layout import Line, Word, words_to_lines

OCR_DPI = 150  # render resolution; body text of 10.5–14 pt is 22–29 px high, enough for the recogniser
DET_SIDE = 1280  # longest side the text detector works on
CROP_MARGIN = 8  # pixels kept around the inked part of the page
REC_MIN_WIDTH = 96  # pixels (at the recogniser's 48-pixel height) a crop is padded to; RapidOCR's default is 320
FULL_WIDTH = 320  # RapidOCR's own padding, for a second look at a doubtful cell
SURE = 0.9  # a first reading scored below this (or spelt with a look-alike letter) is read again
REC_BATCH = 6  # crops recognised per inference (sorted by width, so a batch pads little)
LONE_ZEROS = frozenset("oO〇○")  # a box of one of these alone is a figure 0 (never "。", which ends sentences)
TEXT_SCORE = 0.5  # boxes the recogniser scores lower are dropped (RapidOCR's own default)
MAX_PAGE_PIXELS = 16_000_000  # a page is rendered within this budget (A4 at 150 dpi is 2.2 million pixels)
MIN_OCR_DPI = 100  # below this body text is too small to read; a page that needs less is refused


class PageTooLarge(Exception):
    """A page that cannot be rendered for OCR within the pixel budget (its size in points in the message)."""


def ocr_dpi(width_pt: float, height_pt: float, dpi: int = OCR_DPI) -> int:
    """The render resolution: `dpi`, lowered to fit MAX_PAGE_PIXELS; PageTooLarge below MIN_OCR_DPI."""
    area = max(width_pt, 1.0) * max(height_pt, 1.0) / 72 / 72  # square inches
    fits = int((MAX_PAGE_PIXELS / area) ** 0.5)
    if fits >= dpi:
        return dpi
    if fits < MIN_OCR_DPI:
        raise PageTooLarge(f"{width_pt:.0f}×{height_pt:.0f} 磅，按最低 {MIN_OCR_DPI} dpi 识别也需 "
                           f"{area * MIN_OCR_DPI ** 2 / 1e4:.0f} 万像素，上限 {MAX_PAGE_PIXELS / 1e4:.0f} 万像素")
    return fits


@lru_cache(maxsize=1)
def engine() -> Any:
    """The one OCR engine of this process, loaded on first use (onnxruntime is imported only then)."""
    from rapidocr_onnxruntime import RapidOCR

    ocr = RapidOCR(det_limit_side_len=DET_SIDE, det_limit_type="max", use_cls=False, max_side_len=4000,
                   print_verbose=False)
    ocr.text_rec.rec_image_shape = [3, 48, REC_MIN_WIDTH]  # a lone figure is not padded to a 320-pixel line
    ocr.text_rec.rec_batch_num = REC_BATCH
    return ocr


def render(page: Any, dpi: int = OCR_DPI) -> Any:
    """The page as a greyscale numpy image (pypdfium2 page)."""
    import numpy as np

    bitmap = page.render(scale=dpi / 72, grayscale=True)
    return np.asarray(bitmap.to_pil().convert("RGB"))


def _ink_box(image: Any) -> tuple[int, int, int, int]:
    """Pixel box of the inked part of the page (the whole page when it is blank)."""
    import numpy as np

    dark = image[:, :, 0] < 200
    rows, cols = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    if not len(rows):
        return 0, 0, image.shape[1], image.shape[0]
    return (max(int(cols[0]) - CROP_MARGIN, 0), max(int(rows[0]) - CROP_MARGIN, 0),
            min(int(cols[-1]) + CROP_MARGIN, image.shape[1]), min(int(rows[-1]) + CROP_MARGIN, image.shape[0]))


def _pieces(text: str, x0: float, x1: float, top: float, bottom: float, conf: float) -> list[Word]:
    """One OCR box as words: the figures in it apart (each its own cell), the text before them as one."""
    size = (bottom - top) * 0.8
    parts = text.split()
    figures = 0
    while figures < len(parts) and (FIGURE.match(parts[-1 - figures]) or NEAR_FIGURE.match(parts[-1 - figures])):
        figures += 1
    if len(parts) <= 1 or figures == 0:
        lone = text in LONE_ZEROS and x1 - x0 <= 1.5 * (bottom - top)  # a box holding just "o": a 0 in a table
        return [_word(text, x0, x1, top, bottom, size, conf, alone=lone)]
    per_char = (x1 - x0) / max(len(text), 1)
    out, at = [], x0
    head = parts[:len(parts) - figures]
    if head:
        label = " ".join(head)
        out.append(_word(label, at, at + per_char * len(label), top, bottom, size, conf, alone=True))
        at += per_char * (len(label) + 1)
    for part in parts[len(parts) - figures:]:
        out.append(_word(part, at, at + per_char * len(part), top, bottom, size, conf, alone=True))
        at += per_char * (len(part) + 1)
    return out


def _word(text: str, x0: float, x1: float, top: float, bottom: float, size: float, conf: float,
          alone: bool) -> Word:
    """A word; a figure written with digit look-alikes is read as digits but given a low score."""
    text, conf = figure_text(text, conf, alone)
    return Word(x0, x1, top, bottom, text, size, conf, alone)


def ocr_lines(plumber_page: Any, pdfium_page: Any, dpi: int = OCR_DPI) -> list[Line]:
    """The lines of a scan: ruled tables cell by cell, the rest box by box; rendered within the pixel budget."""
    from report.parser.pdf_grid import deskewed, find_grid, grid_lines, one_line_cells
    from report.parser.pdf_page import inside

    dpi = ocr_dpi(*pdfium_page.get_size(), dpi)
    image = deskewed(render(pdfium_page, dpi), dpi)
    boxes = detect(image)
    tables = find_grid(plumber_page, image, dpi)
    cells = one_line_cells(tables, image, dpi, _line_height(boxes))
    scale = 72 / dpi
    todo = [b for b in boxes if not any(_box_in(b, cell, scale) for cell in cells)]
    words = read_boxes(image, todo, dpi)
    lines, used = grid_lines(tables, words, recognise_cells(cells))
    lines += words_to_lines([w for w in words if not any(inside(w, box) for box in used)])
    return sorted(lines, key=lambda line: line.top)


def _line_height(boxes: list) -> float:
    """Typical height (pixels) of a detected line of text."""
    import statistics

    heights = [float(b[:, 1].max() - b[:, 1].min()) for b in boxes]
    return statistics.median(heights) if heights else 30.0


def _box_in(box: Any, cell: tuple[float, float, float, float], scale: float) -> bool:
    x, y = float(box[:, 0].mean()) * scale, float(box[:, 1].mean()) * scale
    return cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]


def detect(image: Any) -> list:
    """Text line boxes (4 corner points, page pixels) on the inked part of the page."""
    left, top, right, bottom = _ink_box(image)
    boxes, _ = engine().text_det(image[top:bottom, left:right])
    if boxes is None or not len(boxes):
        return []
    return [b + (left, top) for b in engine().sorted_boxes(boxes)]


def read_boxes(image: Any, boxes: list, dpi: int = OCR_DPI) -> list[Word]:
    """The words in the boxes (recognised in one batch), in PDF points like the text layer's."""
    if not boxes:
        return []
    import numpy as np

    crops = engine().get_crop_img_list(image, [np.asarray(b, dtype=np.float32) for b in boxes])
    results, _ = engine().text_rec(crops)
    scale = 72 / dpi
    words: list[Word] = []
    for box, result in zip(boxes, results):
        text, score = str(result[0]).strip(), float(result[1])
        if not text or score < TEXT_SCORE:
            continue
        words.extend(_pieces(text, float(box[:, 0].min()) * scale, float(box[:, 0].max()) * scale,
                             float(box[:, 1].min()) * scale, float(box[:, 1].max()) * scale, score))
    return [w for w in words if w.text]


def recognise_cells(cells: dict) -> dict:
    """Each one-line cell's text and score: one quick pass (narrow padding), doubtful ones again at full width."""
    from report.parser.ocr_text import UNREADABLE

    out = {box: (UNREADABLE, 0.0) for box, crop in cells.items() if isinstance(crop, str)}
    todo = [(box, crop) for box, crop in cells.items() if not isinstance(crop, str)]
    first = _recognise([crop for _, crop in todo], REC_MIN_WIDTH)
    again = [k for k, (raw, _) in enumerate(first) if raw[1] < SURE]
    for k, read in zip(again, _recognise([todo[k][1] for k in again], FULL_WIDTH)):
        if read[0][1] > first[k][0][1]:
            first[k] = read
    for (box, _), (_, read) in zip(todo, first):
        out[box] = read
    return out


def _recognise(crops: list, width: int) -> list[tuple[tuple[str, float], tuple[str, Optional[float]]]]:
    """(raw text and score, the text as a figure cell reads it) of each crop, padded to `width` pixels."""
    if not crops:
        return []
    rec = engine().text_rec
    rec.rec_image_shape = [3, 48, width]
    try:
        results, _ = rec(crops)
    finally:
        rec.rec_image_shape = [3, 48, REC_MIN_WIDTH]
    out = []
    for result in results:
        text, conf = str(result[0]).strip(), float(result[1])
        raw = (text, conf if figure_text(text, conf, alone=True)[1] == conf else min(conf, LOOKALIKE_CONF))
        out.append((raw, figure_text(text, conf, alone=True) if text else ("", None)))
    return out
