"""The results a checker hands back: an .xlsx (汇总 and 问题清单 sheets, header frozen, filters on), or the same
rows as .csv (two files) or .json."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from report.batch.results import FINDING_COLUMNS, SUMMARY_COLUMNS, ReportResult, finding_rows, summary_rows
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


def _sheet(wb: Any, title: str, columns: tuple[str, ...], rows: list[dict[str, Any]], first: bool) -> None:
    """One sheet: bold frozen header, filters on, widths set, percentages shown as such."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([row[c] for c in columns])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    for i, name in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = WIDTHS.get(name, DEFAULT_WIDTH)
        if name in PERCENT_COLUMNS:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "0%"


def xlsx_bytes(results: list[ReportResult]) -> bytes:
    """The .xlsx file: a summary row per report (worst first) and a row per finding."""
    from openpyxl import Workbook

    wb = Workbook()
    _sheet(wb, SUMMARY_SHEET, SUMMARY_COLUMNS, summary_rows(results), first=True)
    _sheet(wb, FINDINGS_SHEET, FINDING_COLUMNS, finding_rows(results), first=False)
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
