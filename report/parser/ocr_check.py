"""After an OCR read: run the table identities (O1, S1–S3) and name every OCR'd cell in a broken one, never fixing it."""
from __future__ import annotations

from typing import Iterator, Optional

from report import format as fmt
from report.parsed import ParsedReport

LOW_CONFIDENCE = 0.9  # an OCR'd figure scored below this is named even when every identity holds
_O1_ROWS = ("r1", "r2", "r24", "r25")

Identity = tuple[str, str, tuple[str, ...]]  # short name, what is wrong (Chinese), the cells it involves


def _known(values: list[Optional[int]]) -> bool:
    return all(v is not None for v in values)


def broken_identities(t3: Optional[dict[str, list[Optional[int]]]], t4: Optional[list[Optional[int]]]) -> list[Identity]:
    """The identities that do not hold where all their cells were read, with the cells they involve."""
    return [*(_t3_broken(t3) if t3 else ()), *(_t4_broken(t4) if t4 else ())]


def _t3_broken(t3: dict[str, list[Optional[int]]]) -> Iterator[Identity]:
    rows = {r: t3.get(r) or [None] * fmt.T3_NCOLS for r in fmt.T3_ROW_KEYS}
    for row, values in rows.items():  # S2
        if _known(values) and sum(values[:-1]) != values[-1]:  # type: ignore[arg-type]
            yield "本行总计", f"表三第{row[1:]}行的总计与本行各列之和不符", tuple(fmt.t3_key(row, c) for c in range(1, fmt.T3_NCOLS + 1))
    for col in range(fmt.T3_NCOLS):
        parts = [rows[r][col] for r in fmt.T3_RESULT_ROWS]
        total = rows[fmt.T3_TOTAL_ROW][col]
        if _known([*parts, total]) and sum(parts) != total:  # type: ignore[arg-type]  # S1
            yield "（七）总计", f"表三第{col + 1}列的（七）总计与各项之和不符", tuple(fmt.t3_key(r, col + 1) for r in (*fmt.T3_RESULT_ROWS, fmt.T3_TOTAL_ROW))
        a, b, c, d = (rows[r][col] for r in _O1_ROWS)
        if _known([a, b, c, d]) and a + b != c + d:  # type: ignore[operator]  # O1
            yield "本列勾稽关系", f"表三第{col + 1}列不符合“第一项加第二项之和等于第三项加第四项之和”", tuple(fmt.t3_key(r, col + 1) for r in _O1_ROWS)


def _t4_broken(t4: list[Optional[int]]) -> Iterator[Identity]:
    for total in fmt.T4_TOTAL_COLS:  # S3
        group = t4[total - 5:total]
        if len(group) == 5 and _known(group) and sum(group[:4]) != group[4]:  # type: ignore[arg-type]
            yield "本组总计", f"表四“{fmt.T4_COLUMN_LABELS[total - 1]}”与本组各项之和不符", tuple(fmt.t4_key(c) for c in range(total - 4, total + 1))


def place(key: str) -> str:
    """Where a cell sits, as the user finds it on the page: "表三 第5行 第1列（1.属于国家秘密·自然人）"."""
    ref = fmt.cell_ref(key)
    if ref.table == "t3":
        return f"表三 第{ref.row[1:]}行 第{ref.col}列（{ref.label.removeprefix('表三 ')}）"
    if ref.table == "t4":
        return f"表四 第{ref.col}列（{ref.label.removeprefix('表四 ')}）"
    return ref.label


def ocr_notes(parsed: ParsedReport) -> list[str]:
    """Notes naming the OCR'd cells of each broken identity and those read with a low score; figures stay as read."""
    broken = broken_identities(parsed.t3, parsed.t4)
    hits: dict[str, list[str]] = {}
    for what, _, cells in broken:
        for key in cells:
            if key in parsed.ocr:
                hits.setdefault(key, []).append(what)
    suspects = [k for k, whats in hits.items() if len(whats) > 1]
    notes = [_note(parsed, k, f"与{'、'.join(hits[k])}都不符，最可能识别有误") for k in suspects]
    for _, wrong, cells in broken:
        rest = [k for k in cells if k in parsed.ocr and k not in suspects]
        if rest:
            listed = "、".join(f"{_short(k)} 识别为 {_shown(parsed, k)}" for k in rest)
            notes.append(f"{wrong}，其中识别出的数字请核对原件：{listed}"
                         f"（第 {_pages(parsed, rest)} 页）")
    for key, cell in parsed.ocr.items():
        if key not in hits and cell.confidence is not None and cell.confidence < LOW_CONFIDENCE:
            notes.append(_note(parsed, key, f"识别把握不大（{cell.confidence:.2f}）"))
    return notes


def _short(key: str) -> str:
    ref = fmt.cell_ref(key)
    return f"第{ref.row[1:]}行第{ref.col}列" if ref.table == "t3" else f"第{ref.col}列"


def _pages(parsed: ParsedReport, keys: list[str]) -> str:
    return "、".join(str(p) for p in sorted({parsed.ocr[k].page for k in keys}))


def _shown(parsed: ParsedReport, key: str) -> str:
    value = parsed.cell_value(key)
    return str(value) if value is not None else f"“{parsed.ocr[key].text}”"


def _note(parsed: ParsedReport, key: str, why: str) -> str:
    return f"{place(key)} 识别为 {_shown(parsed, key)}，{why}，请核对原件（第 {parsed.ocr[key].page} 页）"
