"""The results a checker hands back: an .xlsx (汇总 and 问题清单 sheets, header frozen, filters on), or the same
rows as .csv (two files) or .json."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterable

from report.batch.results import (
    FINDING_COLUMNS,
    SUMMARY_COLUMNS,
    ReportResult,
    finding_row,
    finding_rows,
    ordered,
    summary_row,
    summary_rows,
)
from report.errors import NianbaoError

OUTPUT_SUFFIXES: tuple[str, ...] = (".xlsx", ".csv", ".json")
SUMMARY_SHEET, FINDINGS_SHEET = "汇总", "问题清单"
FINDINGS_CSV_SUFFIX = "_问题清单"
# Column widths in the sheets (characters); columns not listed get DEFAULT_WIDTH.
WIDTHS = {"文件": 36, "机关": 28, "最严重的问题": 60, "说明": 60, "规则名称": 36, "单元格": 30, "问题": 70, "引文": 50}
DEFAULT_WIDTH = 10
PERCENT_COLUMNS = ("表格读出",)


class OutputError(NianbaoError):
    """The results file cannot be written (Chinese message naming it)."""


def _sheet(wb: Any, title: str, columns: tuple[str, ...], rows: Iterable[dict[str, Any]], count: int) -> None:
    """One sheet, streamed row by row: bold frozen header, filters on, widths set, percentages shown as such."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, DEFAULT_WIDTH)
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    percent = {columns.index(c) for c in PERCENT_COLUMNS if c in columns}
    for row in rows:
        values: list[Any] = [row[c] for c in columns]
        for i in percent:
            values[i] = cell = WriteOnlyCell(ws, values[i])
            cell.number_format = "0%"
        ws.append(values)


def xlsx_bytes(results: list[ReportResult]) -> bytes:
    """The .xlsx file: a summary row per report (worst first) and a row per finding."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)  # rows streamed: memory stays flat however many reports
    worst_first = ordered(results)
    _sheet(wb, SUMMARY_SHEET, SUMMARY_COLUMNS, map(summary_row, worst_first), len(results))
    _sheet(wb, FINDINGS_SHEET, FINDING_COLUMNS, (finding_row(r, f) for r in worst_first for f in r.findings),
           sum(len(r.findings) for r in results))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv_text(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def json_text(results: list[ReportResult]) -> str:
    """The same rows as the .xlsx, as {"汇总": […], "问题清单": […]}."""
    return json.dumps({SUMMARY_SHEET: summary_rows(results), FINDINGS_SHEET: finding_rows(results)},
                      ensure_ascii=False, indent=1)


def findings_csv_path(path: Path) -> Path:
    """Where the findings rows of a .csv output go: beside it, <name>_问题清单.csv."""
    return path.with_name(path.stem + FINDINGS_CSV_SUFFIX + path.suffix)


def write_results(path: str | Path, results: list[ReportResult]) -> list[Path]:
    """Write the results as .xlsx, .csv (summary here, findings beside it) or .json; the files written."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise OutputError(f"结果文件应为 {'、'.join(OUTPUT_SUFFIXES)}，收到“{p.name}”")
    try:
        if suffix == ".xlsx":
            p.write_bytes(xlsx_bytes(results))
            return [p]
        if suffix == ".json":
            p.write_text(json_text(results), encoding="utf-8")
            return [p]
        second = findings_csv_path(p)
        p.write_text(_csv_text(SUMMARY_COLUMNS, summary_rows(results)), encoding="utf-8-sig")  # BOM: Excel reads it
        second.write_text(_csv_text(FINDING_COLUMNS, finding_rows(results)), encoding="utf-8-sig")
        return [p, second]
    except OSError as e:
        raise OutputError(f"无法写入结果文件 {p}：{e.strerror or e}") from None
