"""批量检查: upload many reports or a .zip, check them with a progress bar, the summary table (click a row for that
report's findings beside its tables, cited cells highlighted), and the .xlsx download."""
from __future__ import annotations

from typing import Any, Optional

import pandas as pd
import streamlit as st

from report import format as fmt
from report.findings import Finding
from report.parser import SUFFIXES
from ui import adapters, state
from ui.files import MAX_REPORT_BYTES, MB, UploadError, check_upload
from ui.grid import GROUP, LABEL, T2_GRIDS, T3_GRID, T4_GRID, Grid, cell_place, shown
from ui.render import md_escape

REPORT_TYPES = tuple(s.lstrip(".") for s in SUFFIXES)
UPLOAD_TYPES = (*REPORT_TYPES, "zip")
MAX_ZIP_BYTES = 100 * MB  # one uploaded .zip (its members are bounded by report.batch.sources.UPLOAD_ZIP)
MAX_FILES = 1000  # files in one upload
PAGE = "ui/batch_page.py"  # the page file, relative to app.py
RESULTS, TABLE_KEY, XLSX_NAME = "batch", "batch_table", "检查结果.xlsx"
ERROR_STYLE, WARNING_STYLE = "background-color: #f8d7da; color: #842029", "background-color: #fff3cd; color: #664d03"


def _checked_uploads(ups: list[Any]) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    """The uploads that pass the type and size checks, and (name, Chinese reason) for the others."""
    good, bad = [], []
    for up in ups[:MAX_FILES]:
        data = up.getvalue()
        is_zip = up.name.lower().endswith(".zip")
        try:
            check_upload(up.name, data, ("zip",) if is_zip else REPORT_TYPES,
                         MAX_ZIP_BYTES if is_zip else MAX_REPORT_BYTES)
            good.append((up.name, data))
        except UploadError as e:
            bad.append((up.name, str(e)))
    bad += [(up.name, f"一次最多检查 {MAX_FILES} 个文件，其余未检查。") for up in ups[MAX_FILES:]]
    return good, bad


def _run_check(ups: list[Any]) -> None:
    """Check the uploads with a progress bar over the user's files and keep the results for this session; a file
    refused before reading is a row with its reason like any unreadable file."""
    good, bad = _checked_uploads(ups)
    inputs = adapters.batch_inputs(good)
    pool = adapters.corpus_sources(state.settings())
    bar = st.progress(0.0, text="正在检查……")

    def progress(done: int, total: int, name: str) -> None:
        """Move the bar: done of the user's total files, the file just checked."""
        bar.progress(min(done / total, 1.0) if total else 1.0, text=f"已检查 {done}/{total}：{name}")

    refused = bad + [(r.name, r.reason) for r in inputs.refused]
    results = adapters.check_batch(inputs.sources, pool, progress, refused)
    st.session_state[RESULTS] = {
        "results": results, "sources": {s.name: s for s in (*inputs.sources, *pool)},
        "xlsx": adapters.results_xlsx(results) if results else b""}
    st.session_state["batch_nonce"] = st.session_state.get("batch_nonce", 0) + 1  # a fresh, empty uploader
    st.session_state.pop(TABLE_KEY, None)
    st.rerun()


def _uploader() -> None:
    """The upload widget and the 开始检查 button."""
    nonce = st.session_state.get("batch_nonce", 0)
    ups = st.file_uploader(
        f"上传报告（{' / '.join(REPORT_TYPES)}，单个不超过 {MAX_REPORT_BYTES // MB} MB；或 .zip 压缩包，"
        f"不超过 {MAX_ZIP_BYTES // MB} MB）", type=list(UPLOAD_TYPES), accept_multiple_files=True,
        key=f"batch_up_{nonce}", max_upload_size=max(1, -(-MAX_ZIP_BYTES // MB)))
    if ups and st.button(f"开始检查（{len(ups)} 个文件）", key="batch_run", type="primary"):
        _run_check(ups)


def _summary(results: list[Any]) -> Optional[Any]:
    """The summary table (sortable; a click selects a report); the selected result or None."""
    frame = pd.DataFrame(adapters.summary_table(results))
    event = st.dataframe(frame, key=TABLE_KEY, on_select="rerun", selection_mode="single-row", hide_index=True,
                         column_config={"表格读出": st.column_config.ProgressColumn("表格读出", min_value=0, max_value=1,
                                                                                   format="percent")})
    picked = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    return adapters.worst_first(results)[picked[0]] if picked else None


def _finding_box(f: Finding) -> None:
    """One finding: rule, message, the cells by official position, the quoted sentence."""
    places = "、".join(cell_place(c) for c in f.cells[:8]) + ("等" if len(f.cells) > 8 else "")
    text = f"**{'错误' if f.is_error else '提醒'}（{f.key}）**：{md_escape(f.message)}"
    if places:
        text += f"  \n涉及：{md_escape(places)}"
    (st.error if f.is_error else st.warning)(text)


def _grid_frame(grid: Grid, facts: Any) -> pd.DataFrame:
    """A table as printed, the values as read ("" for a cell not read or left blank)."""
    data: dict[str, Any] = {}
    if any(g for g, _ in grid.rows):
        data[GROUP] = [g for g, _ in grid.rows]
    data[LABEL] = [label for _, label in grid.rows]
    for j, (_, label) in enumerate(grid.columns):
        data[label] = [shown(facts.cell(keys[j])) for keys in grid.keys]
    return pd.DataFrame(data)


def _highlighted(grid: Grid, frame: pd.DataFrame, marks: dict[str, str]) -> Any:
    """The frame with the cited cells coloured (red for an error, yellow for a warning)."""
    styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for r, keys in enumerate(grid.keys):
        for j, key in enumerate(keys):
            if key in marks:
                styles.iat[r, j + len(frame.columns) - len(grid.columns)] = marks[key]
    return frame.style.apply(lambda _: styles, axis=None)


def _marks(findings: list[Finding]) -> dict[str, str]:
    """Cell key → style: each cell cited by a finding, an error's colour winning over a warning's."""
    marks: dict[str, str] = {}
    for f in sorted(findings, key=lambda f: f.is_error):
        for key in f.cells:
            if fmt.is_cell_key(key):
                marks[key] = ERROR_STYLE if f.is_error else WARNING_STYLE
    return marks


def _tables(facts: Any, findings: list[Finding]) -> None:
    """表二, 表三, 表四 as read, the cited cells highlighted."""
    marks = _marks(findings)
    for title, grids in (("二", T2_GRIDS), ("三", (T3_GRID,)), ("四", (T4_GRID,))):
        st.markdown(f"**{fmt.SECTION_BY_NUM[title].heading}**")
        for grid in grids:
            frame = _grid_frame(grid, facts)
            st.dataframe(_highlighted(grid, frame, marks), hide_index=True, key=f"batch_{grid.name}",
                         height=35 * (len(grid.rows) + 1) + 3)


def _comparison(view: Any) -> None:
    """Last year against this year, cell by cell, and how much of each section repeats last year's text."""
    comp = view.comparison
    if comp is None:
        st.caption("没有找到同一机关上一年度的报告，未作同比对照。")
        return
    repeats = "，".join(f"第{num}部分 {share:.0%}" for num, share in comp.repeats.items())
    st.caption(f"与上年报告相同的文字比例：{repeats or '无可比的正文'}（超过一半提醒 P8）")
    changed = st.toggle("只看有变化的单元格", value=True, key="batch_changed_only")
    rows = [{"单元格": c.position, "上年": shown(c.last), "本年": shown(c.now),
             "变化": "" if c.change is None else f"{c.change:+}"} for c in comp.cells
            if not changed or (c.last != c.now)]
    st.dataframe(pd.DataFrame(rows, columns=["单元格", "上年", "本年", "变化"]), hide_index=True, key="batch_compare")


VERDICT_BOX = {"有错误": "error", "无法读取": "error", "需人工核对": "warning", "有提醒": "warning", "通过": "success",
               "不是年度报告": "info"}


def _verdict(result: Any) -> None:
    """The verdict first: what was concluded, how much was read and in which format."""
    box = getattr(st, VERDICT_BOX.get(result.verdict, "info"))
    box(md_escape(f"结论：{result.verdict}。{adapters.reading(result)}"))


def _findings(findings: list[Finding]) -> None:
    """The findings grouped by rule with their counts, the discrepancies between text and tables first."""
    st.markdown(f"**问题（{len(findings)} 个）**")
    if not findings:
        st.success("未发现问题。")
    for key, title, group in adapters.findings_by_rule(findings):
        with st.expander(md_escape(f"{key} {title}（{len(group)} 个）"), expanded=True):
            for f in group:
                _finding_box(f)


def _detail(result: Any, sources: dict[str, Any]) -> None:
    """One report: verdict, reading and format; its findings by rule beside its tables as read; the comparison."""
    st.subheader(md_escape(f"{result.agency or '（未识别机关）'} {result.year or '（年度未识别）'}"))
    _verdict(result)
    st.caption(md_escape(f"文件：{result.name}" + (f"；上年报告：{result.previous}" if result.previous else "")
                         + (f"；对照的年度：{'、'.join(map(str, result.series))}" if result.series else "")))
    if not result.checked:
        return
    try:
        view = adapters.report_view(sources[result.name], sources.get(result.previous))
    except Exception as e:  # noqa: BLE001 — the file was read moments ago; say so rather than break the page
        st.error(md_escape(f"无法重新读取该报告：{e}"))
        return
    left, right = st.columns([1, 2])
    with left:
        _findings(result.findings)
        with st.expander("解析和校验说明"):
            for note in result.notes:
                st.markdown(f"- {md_escape(note)}")
    with right:
        _tables(view.facts, result.findings)
    with st.expander("与上年报告对照", expanded=view.comparison is not None):
        _comparison(view)


def render() -> None:
    """The whole 批量检查 page."""
    st.title("批量检查")
    st.markdown("一次检查多份已发布的年度报告（各部门、各乡镇的报告或第三方评估样本）：勾稽关系、正文数字、格式要求；"
                "同一机关相邻年度的报告（含语料库中的往年报告）自动配对，检查上年结转、现行有效件数、文字重复和同比变化。")
    _uploader()
    batch = st.session_state.get(RESULTS)
    if not batch:
        return
    results = batch["results"]
    st.info(md_escape(adapters.summary_line(results)) + "。点击表中一行查看该报告的结论、问题和表格。")
    if results:
        st.download_button("下载检查结果（.xlsx）", batch["xlsx"], file_name=XLSX_NAME, key="batch_download",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
        picked = _summary(results)
        if picked is not None:
            _detail(picked, batch["sources"])
