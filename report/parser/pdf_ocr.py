"""Scanned pages: render with pypdfium2, read with RapidOCR (models ship in its wheel), boxes as positioned words."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from report.parser.pdf_layout import Line, Word, words_to_lines

OCR_DPI = 150  # render resolution; body text of 10.5–14 pt is 22–29 px high, enough for the recogniser
DET_SIDE = 1280  # longest side the text detector works on
CROP_MARGIN = 8  # pixels kept around the inked part of the page
LOOKALIKE_CONF = 0.5  # score given to a figure read with letters that look like digits ("1O" → "10")
_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8",
                             "。": "0", "〇": "0", "○": "0", "°": "0"})
_FIGURE = re.compile(r"^[0-9０-９.,，/\\\-—－]+$")
_NEAR_FIGURE = re.compile(r"^(?=.*[0-9])[0-9OoDlI|SB.,]+$")
_LOOKALIKE_ONLY = re.compile(r"^[OoDlI|。〇○°]{1,2}$")


@lru_cache(maxsize=1)
def engine() -> Any:
    """The one OCR engine of this process, loaded on first use (onnxruntime is imported only then)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(det_limit_side_len=DET_SIDE, det_limit_type="max", use_cls=False, max_side_len=4000,
                    print_verbose=False)


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
    while figures < len(parts) and (_FIGURE.match(parts[-1 - figures]) or _NEAR_FIGURE.match(parts[-1 - figures])):
        figures += 1
    if len(parts) <= 1 or figures == 0:
        return [_word(text, x0, x1, top, bottom, size, conf, alone=False)]
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


def figure_text(text: str, conf: float, alone: bool = False) -> tuple[str, float]:
    """A figure the OCR spelt with look-alike letters ("1O", or "o" alone in a figure cell) as digits, with a low
    score so that it is named for checking; any other text as it is."""
    near = _NEAR_FIGURE.match(text) or (alone and _LOOKALIKE_ONLY.match(text))
    if near and not _FIGURE.match(text):
        return text.translate(_LOOKALIKES), min(conf, LOOKALIKE_CONF)
    return text, conf


def _word(text: str, x0: float, x1: float, top: float, bottom: float, size: float, conf: float,
          alone: bool) -> Word:
    """A word; a figure written with digit look-alikes is read as digits but given a low score."""
    text, conf = figure_text(text, conf)
    return Word(x0, x1, top, bottom, text, size, conf, alone)


def ocr_lines(plumber_page: Any, pdfium_page: Any, dpi: int = OCR_DPI) -> list[Line]:
    """The lines of a scanned page: ruled tables cell by cell, the rest from the OCR boxes."""
    from report.parser.pdf_grid import grid_lines
    from report.parser.pdf_page import inside

    image = render(pdfium_page, dpi)
    words = ocr_words(image, dpi)
    lines, boxes = grid_lines(plumber_page, image, dpi, words, engine())
    lines += words_to_lines([w for w in words if not any(inside(w, box) for box in boxes)])
    return sorted(lines, key=lambda line: line.top)


def ocr_words(image: Any, dpi: int = OCR_DPI) -> list[Word]:
    """The words the OCR finds on a page image, in PDF points like the text layer's."""
    left, top, right, bottom = _ink_box(image)
    result, _ = engine()(image[top:bottom, left:right], use_cls=False)
    scale = 72 / dpi
    words: list[Word] = []
    for box, text, score in result or []:
        xs = [p[0] + left for p in box]
        ys = [p[1] + top for p in box]
        words.extend(_pieces(str(text).strip(), min(xs) * scale, max(xs) * scale, min(ys) * scale,
                             max(ys) * scale, float(score)))
    return [w for w in words if w.text]
