"""Session glue: which draft is open (URL query param, last opened), saving through the store, stale-tab warnings."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional

import streamlit as st

from report.errors import NianbaoError
from report.facts import Facts
from report.store import DB_NAME, Draft, DraftNotFoundError, DraftStore, StaleDraftError
from settings import Settings, get_settings
from ui.render import md_escape

QUERY_KEY = "draft"
WARM_DELAY = 3.0  # seconds after the first run before the corpus index is loaded in the background


@st.cache_resource(show_spinner=False)
def _store(path: str) -> DraftStore:
    """One store object per database file for the whole server."""
    return DraftStore(path)


def settings() -> Settings:
    """The process settings."""
    return get_settings()


def store() -> DraftStore:
    """The draft store in the configured data folder."""
    return _store(str((settings().data_dir / DB_NAME).resolve()))


def flash(kind: str, message: str, toast: str = "") -> None:
    """Queue a message (success/info/warning/error) to show on the next run, with a short toast if given."""
    st.session_state.setdefault("flash", []).append((kind, message, toast))


def show_flashes() -> None:
    """Show and clear queued messages (a toast reaches a user who is scrolled down, e.g. in the chat)."""
    for kind, message, toast in st.session_state.pop("flash", []):
        if message:
            getattr(st, kind)(md_escape(message))
        if toast:
            st.toast(md_escape(toast), icon=":material/warning:" if kind in ("warning", "error", "") else None)


def unsaved_text(key: str, default: str) -> bool:
    """True when a kept text area holds typed text that differs from its default."""
    return st.session_state.get(f"keep_{key}", default) != default


def kept_text_area(label: str, key: str, default: str, **kwargs: Any) -> str:
    """A text area whose unsaved text survives switching tabs (Streamlit forgets widgets it did not draw)."""
    keep = f"keep_{key}"
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(keep, default)

    def remember() -> None:
        """Copy the typed text where Streamlit keeps it."""
        st.session_state[keep] = st.session_state[key]
    return st.text_area(label, key=key, on_change=remember, **kwargs)


def edit_base(key: str, saved: str) -> tuple[str, bool]:
    """For a kept text area that edits saved text: the text the typing started from, and True when a newer text was
    saved (in another window) while this one holds unsaved typing — then both are shown and nothing is dropped.
    With nothing typed, the area follows the saved text."""
    base_key, keep = f"base_{key}", f"keep_{key}"
    base = st.session_state.get(base_key, saved)
    typed = st.session_state.get(keep, base)
    if base != saved and typed in (base, saved):  # nothing typed, or it is what was saved: follow the saved text
        st.session_state[key] = saved
        st.session_state.pop(keep, None)
        base = saved
    st.session_state[base_key] = base
    return base, base != saved


def discard_typed(key: str, saved: str) -> None:
    """Drop the unsaved text of a kept text area and show the saved text (a button's on_click)."""
    st.session_state[key] = st.session_state[f"base_{key}"] = saved
    st.session_state.pop(f"keep_{key}", None)


def nonce() -> int:
    """Counter in editor keys; bumping it resets every table editor to the stored facts."""
    return st.session_state.setdefault("nonce", 0)


def reset_editors() -> None:
    """Make every editor forget its pending edits (after facts changed by other means)."""
    st.session_state["nonce"] = nonce() + 1


def _load(draft_id: int) -> Optional[Draft]:
    """Load a draft into the session and remember it; None when it no longer exists."""
    try:
        draft = store().get_draft(draft_id)
    except (DraftNotFoundError, NianbaoError):
        return None
    st.session_state["draft"] = draft
    st.session_state["stale"] = st.session_state["refused"] = False
    st.query_params[QUERY_KEY] = str(draft.id)
    store().set_last_draft(draft.id)
    return draft


def open_draft(draft_id: int) -> Optional[Draft]:
    """Open a draft (URL, session, last-opened) and reset the editors."""
    reset_editors()
    st.session_state.pop("chat_retry", None)
    return _load(draft_id)


def current() -> Optional[Draft]:
    """The open draft: the session's, else the one in the URL, else the last opened one."""
    wanted = st.query_params.get(QUERY_KEY)
    draft: Optional[Draft] = st.session_state.get("draft")
    if wanted and (not wanted.isdigit() or (draft is None or draft.id != int(wanted))):
        opened = open_draft(int(wanted)) if wanted.isdigit() else None
        if opened is None:
            del st.query_params[QUERY_KEY]
            return draft or _fallback()
        return opened
    if draft is not None:
        return draft
    return _fallback()


def _fallback() -> Optional[Draft]:
    """The last opened draft, if any."""
    last = store().last_draft()
    return open_draft(last) if last is not None else None


def draft() -> Draft:
    """The open draft (only called where one is open)."""
    return st.session_state["draft"]


def reload() -> None:
    """Discard this tab's copy and load the latest version of the open draft (a refused chat message stays)."""
    d = st.session_state.get("draft")
    retry = st.session_state.get("chat_retry")
    if d is not None:
        open_draft(d.id)
        if retry:
            st.session_state["chat_retry"] = retry


def is_stale() -> bool:
    """True when the draft changed elsewhere since this tab loaded it (or a save was refused)."""
    d = st.session_state.get("draft")
    if d is None:
        return False
    if st.session_state.get("stale"):
        return True
    try:
        return store().revision(d.id) != d.revision
    except DraftNotFoundError:
        return True


def commit(change: Callable[[int], Any], *, facts: Optional[Facts] = None) -> bool:
    """Run one store change with this tab's revision; keep the new revision; on conflict warn and return False."""
    d = draft()
    try:
        result = change(d.revision)
    except StaleDraftError:
        st.session_state["stale"] = True
        st.session_state["refused"] = True  # the banner says so; the toast reaches a user scrolled down
        st.session_state.setdefault("flash", []).append(("", "", "未保存：草稿已在其他窗口修改，请看页面顶部。"))
        return False
    except NianbaoError as e:
        flash("error", str(e))
        return False
    d.revision = result[-1] if isinstance(result, tuple) else int(result)
    if facts is not None:
        d.facts = facts
    return True


def refused_key() -> str:
    """Where the open draft's table edits a stale tab could not save are kept (cell key → value)."""
    return f"refused_cells_{draft().id}"


def save_facts(facts: Facts, what: str = "facts") -> bool:
    """Save new facts for the open draft at once; cells a stale tab could not save are kept (see ui.refused)."""
    before = draft().facts
    if commit(lambda rev: store().save_facts(draft().id, facts, rev, what), facts=facts):
        return True
    if st.session_state.get("refused"):
        _keep_refused(before, facts)
    return False


def _keep_refused(before: Facts, after: Facts) -> None:
    """Remember the cells a refused save changed (the latest value of each)."""
    from report.format import ALL_CELL_KEYS

    kept = st.session_state.setdefault(refused_key(), {})
    kept.update({k: after.cell(k) for k in ALL_CELL_KEYS if after.cell(k) != before.cell(k)})


def set_option(**changes: Any) -> bool:
    """Save draft options (e.g. auto_totals)."""
    ok = commit(lambda rev: store().set_options(draft().id, rev, **changes))
    if ok:
        draft().options.update(changes)
    return ok


def stale_banner() -> None:
    """Warn (with a reload button) when another tab changed the draft."""
    if not is_stale():
        return
    refused = "刚才的修改未保存。" if st.session_state.get("refused") else ""
    with st.container(border=True):
        st.warning(f"此草稿已在其他窗口或标签页中修改。{refused}为避免互相覆盖，请先点“重新载入”取得最新内容，再继续修改（正文框中尚未保存的文字会保留，未保存的表格修改可在重新载入后重新应用）。")
        if st.button("重新载入", key="reload_stale", type="primary"):
            reload()
            st.rerun()


@st.cache_resource(show_spinner=False)
def _warm(root: str, corpus: str, embedder: str, chroma: str) -> threading.Thread:
    """Load the corpus index once per server in the background (the first draft then does not wait for it)."""
    s = settings()

    def load() -> None:
        """Open the index and read it into memory; failures are left for the drafting path to report."""
        time.sleep(WARM_DELAY)  # let the first page finish drawing before taking the CPU
        try:
            from report.facts import blank_facts
            from ui.adapters import get_index
            index = get_index(s)
            index.stats()
            index.passages_for("一", blank_facts("预热", 2024), 1)  # first query initialises the search structures
        except Exception:  # noqa: BLE001
            pass

    thread = threading.Thread(target=load, name="nianbao-index-warmup", daemon=True)
    thread.start()
    return thread


def warm_index() -> None:
    """Start loading an existing corpus index in the background (nothing to do before the first ingest)."""
    s = settings()
    root = Path(s.data_dir) / "retrieval"
    if root.is_dir():
        _warm(str(root.resolve()), str(s.corpus_dir), s.embedding_model or "", s.chroma_host or "")
