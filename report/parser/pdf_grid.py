"""Ruled tables on a scan: ruling lines found in the image make the cells (pdfplumber); each cell is read apart."""
from __future__ import annotations

from typing import Any, Optional

from report.parser.ocr_text import UNREADABLE, figure_text
from report.parser.pdf_layout import Line, Word, join_pieces, words_to_lines
from report.parser.pdf_page import inside, is_data_table, row_line

MIN_RULE_PT = 14.0  # a dark run at least this long (points) is a ruling line
INK = 160  # grey level below which a pixel is ink
FAINT = 215  # below this and nowhere below INK: a smudge or a faded figure, not a blank cell
CELL_INSET = 2  # pixels trimmed off each side of a cell (its ruling lines)
MIN_SKEW, MAX_SKEW = 0.1, 5.0  # degrees: a page turned less is left alone, more is not a crooked scan of a table
RULE_SHARE = 0.6  # a row or column of a cell this much inked is a ruling line (a skewed or thick one), not text


def _segments(mask: Any, horizontal: bool, scale: float) -> list[dict]:
    """Ruling lines of one direction as pdfplumber edges, in points."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    edges = []
    for x, y, w, h, _ in stats[1:count]:
        if horizontal:
            mid = (y + h / 2) * scale
            edges.append({"object_type": "rule_edge", "orientation": "h", "x0": x * scale, "x1": (x + w) * scale,
                          "top": mid, "bottom": mid, "width": w * scale, "height": 0})
        else:
            mid = (x + w / 2) * scale
            edges.append({"object_type": "rule_edge", "orientation": "v", "x0": mid, "x1": mid, "top": y * scale,
                          "bottom": (y + h) * scale, "width": 0, "height": h * scale})
    return edges


def _rules(image: Any, dpi: int, horizontal: bool) -> Any:
    """The mask of the horizontal (or vertical) ruling lines of a page image (greyscale RGB array)."""
    import cv2
    import numpy as np

    ink = (image[:, :, 0] < INK).astype(np.uint8) * 255
    run = max(int(MIN_RULE_PT * dpi / 72), 10)
    shape = (run, 1) if horizontal else (1, run)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, shape))


def skew_degrees(image: Any, dpi: int) -> float:
    """How far a crooked scan is turned (degrees), from its long horizontal rules; 0 when it has none."""
    import cv2
    import numpy as np

    mask = _rules(image, dpi, horizontal=True)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    slopes = []
    for i in range(1, count):
        if stats[i, cv2.CC_STAT_WIDTH] >= image.shape[1] // 3:
            ys, xs = np.nonzero(labels == i)
            slopes.append(np.polyfit(xs, ys, 1)[0])
    return float(np.degrees(np.arctan(np.median(slopes)))) if slopes else 0.0


def deskewed(image: Any, dpi: int) -> Any:
    """The page image turned level when it is turned by MIN_SKEW to MAX_SKEW degrees, else as it is."""
    import cv2

    angle = skew_degrees(image, dpi)
    if abs(angle) < MIN_SKEW or abs(angle) > MAX_SKEW:
        return image
    h, w = image.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, turn, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def ruling_edges(image: Any, dpi: int) -> tuple[list[dict], list[dict]]:
    """Horizontal and vertical ruling lines of a page image, as pdfplumber edges in points."""
    scale = 72 / dpi
    return (_segments(_rules(image, dpi, horizontal=True), True, scale),
            _segments(_rules(image, dpi, horizontal=False), False, scale))


def _crop(image: Any, box: tuple[float, float, float, float], dpi: int) -> Optional[Any]:
    """The inked part of a cell of the image, None when the cell is blank, UNREADABLE when only faintly inked."""
    import numpy as np

    s = dpi / 72
    x0, y0 = int(box[0] * s) + CELL_INSET, int(box[1] * s) + CELL_INSET
    x1, y1 = int(box[2] * s) - CELL_INSET, int(box[3] * s) - CELL_INSET
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    cell = image[y0:y1, x0:x1]
    dark = cell[:, :, 0] < INK
    dark[dark.mean(axis=1) > RULE_SHARE, :] = False  # what is left of a ruling line is not ink of the text
    dark[:, dark.mean(axis=0) > RULE_SHARE] = False
    rows, cols = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    if not len(rows):
        return UNREADABLE if (cell[:, :, 0] < FAINT).sum() > cell.shape[0] else None
    pad = 6  # some white around the glyphs, as in the text lines the recogniser learnt from
    r0, r1 = max(rows[0] - pad, 0), min(rows[-1] + pad + 1, cell.shape[0])
    c0, c1 = max(cols[0] - pad, 0), min(cols[-1] + pad + 1, cell.shape[1])
    return np.ascontiguousarray(cell[r0:r1, c0:c1])


ONE_LINE = 1.25  # a cell whose ink (plus its margin) is at most this many detected line heights is one line


def _words_text(words: list[Word]) -> tuple[str, Optional[float]]:
    """The words of a cell in reading order, as one text, and their lowest score."""
    text = ""
    for line in words_to_lines(words):
        for cell in line.cells:
            text = join_pieces(text, cell)
    scores = [w.conf for w in words if w.conf is not None]
    return text, min(scores) if scores else None


def find_grid(plumber_page: Any, image: Any, dpi: int) -> list[Any]:
    """The ruled tables of a scanned page (pdfplumber tables built from the ruling lines found in the image)."""
    horizontal, vertical = ruling_edges(image, dpi)
    if len(horizontal) < 3 or len(vertical) < 2:
        return []
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
    return plumber_page.find_tables(table_settings=settings)


def one_line_cells(tables: list[Any], image: Any, dpi: int, line_px: float) -> dict:
    """Cell box → its inked crop (or UNREADABLE), for the cells holding one line of text (most figures, most labels)."""
    out: dict = {}
    for table in tables:
        for row in table.rows:
            for box in row.cells:
                if box is None:
                    continue
                crop = _crop(image, box, dpi)
                if isinstance(crop, str) or (crop is not None and crop.shape[0] <= ONE_LINE * line_px + 12):
                    out[box] = crop
    return out


def grid_lines(tables: list[Any], words: list[Word], read: dict) -> tuple[list[Line], list]:
    """The rows of the tables, each cell as recognised whole (`read`) or from the words in it; the tables' boxes."""
    lines: list[Line] = []
    boxes = []
    for table in tables:
        rows = []
        for row in table.rows:
            cells: list[Optional[tuple[str, Optional[float]]]] = []
            for box in row.cells:
                if box is None:
                    cells.append(None)
                elif box in read:
                    cells.append(read[box])
                else:
                    text, conf = _words_text([w for w in words if inside(w, box)])
                    cells.append(figure_text(text, conf, alone=True) if conf is not None else (text, conf))
            rows.append(cells)
        if not is_data_table([[c[0] if c else None for c in cells] for cells in rows]):
            continue
        boxes.append(table.bbox)
        for row, cells in zip(table.rows, rows):
            line = row_line([c[0] if c else None for c in cells], row.bbox, [c[1] if c else None for c in cells])
            if line is not None:
                lines.append(line)
    return lines, boxes
