"""Files in and out: facts JSON import/export and past-report uploads into the corpus (size- and type-checked)."""
from __future__ import annotations

from pathlib import PurePath
from typing import Any, Callable, Optional

import streamlit as st

from report.errors import NianbaoError, describe
from report.facts import Facts, facts_from_json
from report.parser import SUFFIXES
from report.format import ALL_CELL_KEYS, is_total_cell
from ui import adapters, state
from ui.grid import clear_totals
from ui.render import md_escape

REPORT_TYPES = tuple(s.lstrip(".") for s in SUFFIXES)  # the parser's kinds
PDF_MAGIC = b"%PDF"
MB = 1024 * 1024
MAX_REPORT_BYTES = 20 * MB  # = server.maxUploadSize, so the widget's own limit and ours agree
MAX_FACTS_BYTES = 1 * MB
RESULTS_KEY = "corpus_results"
ZIP_MAGIC = b"PK\x03\x04"
CONTAINERS = {"docx": " Word（.docx）", "zip": " .zip 压缩包"}  # zip files inside: checked by their magic, not decoded


class UploadError(NianbaoError):
    """An upload was refused (size, type or content); the message is Chinese and names the file."""


def check_upload(name: str, data: bytes, allowed: tuple[str, ...], limit: int) -> str:
    """Check an upload's size, suffix and content; return the suffix or raise UploadError."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in allowed:
        raise UploadError(f"文件“{name}”的类型不支持：只接受 {'、'.join('.' + s for s in allowed)}。")
    if not data:
        raise UploadError(f"文件“{name}”是空的。")
    if len(data) > limit:
        raise UploadError(f"文件“{name}”太大（{len(data) / 1048576:.1f} MB），上限 {limit // 1048576} MB。")
    if suffix in CONTAINERS:
        if not data.startswith(ZIP_MAGIC):
            raise UploadError(f"文件“{name}”不是有效的{CONTAINERS[suffix]}文件。")
        return suffix
    if suffix == "pdf":
        if not data.lstrip()[:5].startswith(PDF_MAGIC):
            raise UploadError(f"文件“{name}”不是有效的 PDF 文件。")
        return suffix
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UploadError(f"文件“{name}”是 UTF-16 编码，请另存为 UTF-8 编码后再上传。")
    if b"\x00" in data[:4096]:
        raise UploadError(f"文件“{name}”不是文本文件（含二进制内容）。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return suffix
        except UnicodeDecodeError:
            continue
    raise UploadError(f"文件“{name}”无法识别文字编码（请保存为 UTF-8）。")


def read_facts_upload(name: str, data: bytes) -> Facts:
    """A facts JSON upload as Facts; FactsError/UploadError with a Chinese message otherwise."""
    check_upload(name, data, ("json",), MAX_FACTS_BYTES)
    return facts_from_json(data, name)


def import_facts(facts: Facts) -> bool:
    """Replace the open draft's facts with imported ones; texts in the file become imported versions."""
    draft = state.draft()
    typed_totals = any(facts.cell(k) is not None for k in ALL_CELL_KEYS if is_total_cell(k))
    sections = facts.sections or {}
    if not state.save_facts(facts.model_copy(update={"sections": None}), "import"):
        return False
    if not state.set_option(auto_totals=not typed_totals):
        return False
    for num, text in sections.items():
        if text.strip() and not state.commit(lambda rev, n=num, t=text: state.store().add_version(
                draft.id, n, t, "imported", rev)):
            return False
    state.reset_editors()
    note = "文件含合计数，已改为手工合计，以便校验核对。" if typed_totals else ""
    state.flash("success", f"已导入事实数据（{facts.agency} {facts.year}年）。{note}")
    return True


def facts_file_name(facts: Facts) -> str:
    """Download name of the facts JSON: <agency><year>年报告数据.json."""
    return f"{facts.agency}{facts.year}年报告数据.json"


def _facts_io() -> None:
    """Export and import of the facts JSON."""
    draft = state.draft()
    store, draft_id = state.store(), draft.id
    st.download_button("导出事实数据（JSON）", lambda: store.full_facts(draft_id).to_json().encode("utf-8"),
                       file_name=facts_file_name(draft.facts), mime="application/json", key="facts_download",
                       on_click="ignore")
    up = st.file_uploader("导入事实数据（JSON，将替换当前表格和要点）", type=["json"], key=f"facts_up_{state.nonce()}",
                          max_upload_size=MAX_FACTS_BYTES // MB)
    if up is not None and st.button("导入", key="facts_import"):
        try:
            facts = read_facts_upload(up.name, up.getvalue())
        except NianbaoError as e:
            st.error(md_escape(str(e)))
            return
        if import_facts(facts):
            st.rerun()


Pages = Callable[[int, int], None]  # (pages read, pages in all) of a PDF


def parse_checked(name: str, data: bytes, progress: Optional[Pages] = None) -> tuple[Optional[str], Optional[Any]]:
    """Check and parse one past report: (Chinese error, None), or (None, the parsed report) when it is usable."""
    try:
        check_upload(name, data, REPORT_TYPES, MAX_REPORT_BYTES)
        parsed = adapters.parse_upload(data, name, progress)
    except NianbaoError as e:
        return str(e), None
    except Exception as e:  # noqa: BLE001 — a malformed file must not break the page
        return f"文件“{name}”无法读取：{describe(e)}", None
    if not parsed.sections and parsed.t3 is None:
        return f"文件“{name}”中没有找到年度报告的内容（六个部分或统计表）。", None
    return None, parsed


def _corpus_upload() -> None:
    """Upload past reports: checked, parsed and indexed with a progress bar; the list is cleared afterwards."""
    for kind, text in st.session_state.get(RESULTS_KEY, []):  # results of the last batch stay until the next one
        getattr(st, kind)(md_escape(text))
    batch = st.session_state.get("corpus_batch", 0)
    ups = st.file_uploader(f"上传往年报告（txt / md / html / docx / pdf，单个不超过 {MAX_REPORT_BYTES // MB} MB）",
                           type=list(REPORT_TYPES), accept_multiple_files=True, key=f"corpus_up_{batch}",
                           max_upload_size=MAX_REPORT_BYTES // MB)
    if not ups or not st.button("加入语料库", key="corpus_add"):
        return
    bar = st.progress(0.0, text="正在读取……")
    results: list[tuple[str, str]] = []
    for i, up in enumerate(ups, start=1):
        results.append(_add_report(up.name, up.getvalue(), _page_progress(bar, i, len(ups), up.name)))
        bar.progress(i / len(ups), text=f"已处理 {i}/{len(ups)} 个文件")
    added = sum(kind in ("success", "warning") for kind, _ in results)
    results.insert(0, ("info" if added else "warning", f"完成：{added}/{len(ups)} 个文件已加入语料库。"))
    st.session_state[RESULTS_KEY] = results
    st.session_state["corpus_batch"] = batch + 1  # a fresh, empty uploader: a second click does not add them again
    st.rerun()


def _page_progress(bar: Any, i: int, n: int, name: str) -> Pages:
    """Move the bar through file i of n page by page while a PDF is read (scanned pages take seconds each)."""
    def show(done: int, total: int) -> None:
        share = (i - 1 + (done / total if total else 0)) / n
        bar.progress(min(max(share, 0.0), 1.0), text=f"正在读取 {name}：第 {done}/{total} 页（文件 {i}/{n}）")
    return show


def _add_report(name: str, data: bytes, progress: Optional[Pages] = None) -> tuple[str, str]:
    """Check, parse (once) and index one past report: (kind, Chinese message)."""
    error, parsed = parse_checked(name, data, progress)
    if error:
        return "error", error
    try:
        message = adapters.add_to_corpus(data, name, state.settings(), parsed)
        ocr = [n for n in parsed.notes if "文字识别" in n or "请核对原件" in n]
        return ("warning" if ocr else "success"), message + "".join(f"\n- {n}" for n in ocr[:8])
    except NianbaoError as e:
        return "error", str(e)
    except Exception as e:  # noqa: BLE001
        return "error", f"文件“{name}”加入语料库失败：{describe(e)}"


def _reindex() -> None:
    """Rebuild the corpus index with a progress bar."""
    if not st.button("重建语料库索引", key="corpus_ingest", help="读取语料库文件夹中的全部往年报告"):
        return
    bar = st.progress(0.0, text="正在建立索引……")

    def progress(done: int, total: int, name: str = "") -> None:
        """Move the bar: done of total files, the current file's name."""
        share = done / total if total else 1.0
        bar.progress(min(max(share, 0.0), 1.0), text=f"正在建立索引：{done}/{total} {name}".strip())

    try:
        st.success(md_escape(adapters.ingest_corpus(state.settings(), progress)))
    except NianbaoError as e:
        st.error(md_escape(str(e)))
    except Exception as e:  # noqa: BLE001
        st.error(f"建立索引失败：{describe(e)}")


def prefill_button() -> None:
    """Pre-fill this draft from last year's report in the corpus; figures OCR read off a scan are marked 需核对."""
    from report.store import OCR_CHECK, carry_over, ocr_to_check
    draft = state.draft()
    if not st.button("从语料库中的上年报告预填", key="prefill"):
        return
    facts = draft.facts
    prev = adapters.previous_report(facts.agency, facts.year, state.settings())
    if prev is None:
        st.warning(md_escape(f"语料库中没有找到“{facts.agency}”{facts.year - 1}年的报告。可先上传上年报告。"))
        return
    new, provenance = carry_over(facts, prev.t2, prev.t3, prev.t4, f"语料库中的上年报告《{prev.title or prev.source}》",
                                 prev.ocr)
    if draft.options.get("auto_totals", True):
        new = clear_totals(new)
    to_check = ocr_to_check(provenance, prev.ocr)
    checks = sorted({*draft.options.get(OCR_CHECK, []), *to_check}, key=ALL_CELL_KEYS.index)
    if state.save_facts(new, "prefill") and state.commit(
            lambda rev: state.store().set_provenance(draft.id, rev, {**draft.provenance, **provenance})) and (
            not to_check or state.set_option(**{OCR_CHECK: checks})):
        draft.provenance = {**draft.provenance, **provenance}
        state.reset_editors()
        more = f"其中 {len(to_check)} 个来自扫描件的文字识别，表中标为“需核对”。" if to_check else ""
        state.flash("success", f"已预填 {len(provenance)} 个单元格，来源见“预填说明”。{more}")
        st.rerun()


def render() -> None:
    """The files part of the 数据表格 tab."""
    st.subheader("文件")
    a, b = st.columns(2)
    with a:
        st.caption("事实数据")
        _facts_io()
        prefill_button()
    with b:
        st.caption("往年报告语料库")
        _corpus_upload()
        _reindex()
