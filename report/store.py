"""The draft store: drafts, section versions, suggestions, chat, dismissals and events in one local SQLite file."""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Optional

from report import format as fmt
from report.errors import NianbaoError
from report.facts import Facts, Previous, Table2, blank_facts, facts_from_dict
from report.totals import fill_totals

DB_NAME = "drafts.sqlite3"
SOURCES = ("drafted", "edited", "accepted", "imported", "restored", "reviewed")
_STATUS_WORDS = {"accepted": "已采纳", "rejected": "已拒绝", "superseded": "已被新的建议稿替换"}
SOURCE_LABELS = {"drafted": "起草", "edited": "人工修改", "accepted": "采纳建议", "imported": "导入", "restored": "恢复旧版本",
                 "reviewed": "采纳审阅稿修改"}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
  id INTEGER PRIMARY KEY AUTOINCREMENT, agency TEXT NOT NULL, year INTEGER NOT NULL, level TEXT NOT NULL,
  facts TEXT NOT NULL, options TEXT NOT NULL DEFAULT '{}', provenance TEXT NOT NULL DEFAULT '{}',
  reference TEXT NOT NULL DEFAULT '{}', revision INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS section_versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, draft_id INTEGER NOT NULL REFERENCES drafts(id), section TEXT NOT NULL,
  text TEXT NOT NULL, source TEXT NOT NULL, prompt_version TEXT, model TEXT, created_at TEXT NOT NULL,
  undone INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS ix_versions ON section_versions(draft_id, section, id);
CREATE TABLE IF NOT EXISTS suggestions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, draft_id INTEGER NOT NULL REFERENCES drafts(id), section TEXT NOT NULL,
  text TEXT NOT NULL, base_text TEXT NOT NULL DEFAULT '', flags TEXT NOT NULL DEFAULT '[]',
  passages TEXT NOT NULL DEFAULT '[]', prompt_version TEXT, model TEXT, kind TEXT NOT NULL DEFAULT 'draft',
  instruction TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'pending', created_at TEXT NOT NULL,
  resolved_at TEXT);
CREATE INDEX IF NOT EXISTS ix_suggestions ON suggestions(draft_id, section, status);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT, draft_id INTEGER NOT NULL REFERENCES drafts(id), role TEXT NOT NULL,
  content TEXT NOT NULL, meta TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ix_messages ON messages(draft_id, id);
CREATE TABLE IF NOT EXISTS dismissals (
  draft_id INTEGER NOT NULL REFERENCES drafts(id), finding_id TEXT NOT NULL, reason TEXT NOT NULL,
  acknowledged INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, PRIMARY KEY (draft_id, finding_id));
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT, draft_id INTEGER, kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# Columns added since the first schema (an older file gets them on open): the revision of each section action, so
# undo finds the last one, and the suggestion a version was accepted from, so undoing the accept reopens it.
_ADDED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("section_versions", "revision INTEGER NOT NULL DEFAULT 0"),
    ("section_versions", "suggestion_id INTEGER"),
    ("suggestions", "resolved_revision INTEGER"),
)


class StaleDraftError(NianbaoError):
    """The draft was changed elsewhere (another tab or window) since this copy was loaded."""

    def __init__(self, draft_id: int, expected: int, actual: int):
        self.draft_id, self.expected, self.actual = draft_id, expected, actual
        super().__init__(f"草稿 #{draft_id} 已在其他窗口或标签页中修改（本页版本 {expected}，最新版本 {actual}），请重新载入。")


class DraftNotFoundError(NianbaoError):
    """No draft has this id."""

    def __init__(self, draft_id: Any):
        super().__init__(f"找不到草稿 #{draft_id}。")


def _add_columns(con: sqlite3.Connection) -> None:
    """Add the columns of _ADDED_COLUMNS that an older store file lacks."""
    for table, column in _ADDED_COLUMNS:
        have = {r["name"] for r in con.execute(f"PRAGMA table_info({table})")}
        if column.split()[0] not in have:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


def _now() -> str:
    """Current UTC time as ISO text."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    """JSON text with Chinese kept readable."""
    return json.dumps(value, ensure_ascii=False, default=str)


@dataclass
class Draft:
    """One draft as loaded: facts without narrative texts, options, provenance notes, revision."""

    id: int
    facts: Facts
    revision: int
    options: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    reference: dict[str, str] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""

    @property
    def label(self) -> str:
        """Short Chinese label for selectors."""
        return f"{self.facts.agency} {self.facts.year}年（#{self.id}）"


@dataclass(frozen=True)
class DraftSummary:
    """A row of the draft list."""

    id: int
    agency: str
    year: int
    level: str
    updated_at: str

    @property
    def label(self) -> str:
        """Short Chinese label for selectors."""
        return f"{self.agency} {self.year}年（#{self.id}）"


@dataclass(frozen=True)
class SectionVersion:
    """One saved text of a narrative section."""

    id: int
    section: str
    text: str
    source: str
    prompt_version: Optional[str]
    model: Optional[str]
    created_at: str
    undone: bool


@dataclass(frozen=True)
class SectionAction:
    """The last thing done to a section, which undo takes back: a saved version or a rejected suggestion."""

    kind: str  # "version" or "rejected"
    label: str  # in Chinese, for the undo button
    version: Optional[SectionVersion] = None
    suggestion_id: Optional[int] = None  # the accepted or rejected suggestion, reopened by undo


@dataclass(frozen=True)
class Suggestion:
    """A drafted or revised text waiting for review (accept / edit / reject)."""

    id: int
    section: str
    text: str
    base_text: str
    flags: list
    passages: list
    prompt_version: Optional[str]
    model: Optional[str]
    kind: str
    instruction: str
    status: str
    created_at: str


@dataclass(frozen=True)
class Message:
    """One chat message; meta holds proposals, passages used and links to suggestions."""

    id: int
    role: str
    content: str
    meta: dict
    created_at: str


@dataclass(frozen=True)
class Dismissal:
    """A dismissed warning (with reason) or an acknowledged error."""

    finding_id: str
    reason: str
    acknowledged: bool
    created_at: str


def facts_record(facts: Facts) -> str:
    """Facts JSON as stored: everything except the narrative texts (those live in section versions)."""
    return _dumps(facts.model_dump(mode="json", exclude={"sections"}))


class DraftStore:
    """All drafts in one SQLite file (WAL); every change bumps the draft's revision (optimistic concurrency)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(_SCHEMA)
            _add_columns(con)

    @classmethod
    def in_data_dir(cls, data_dir: str | Path) -> "DraftStore":
        """The store at <data_dir>/drafts.sqlite3."""
        return cls(Path(data_dir) / DB_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A short-lived connection; commits on success, rolls back on error."""
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA busy_timeout=10000")
        con.execute("PRAGMA foreign_keys=ON")
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def _change(self, draft_id: int, revision: Optional[int], kind: str,
                detail: Any = None) -> Iterator[tuple[sqlite3.Connection, int]]:
        """A write transaction that checks and bumps the draft revision, logs one event; yields (con, new revision)."""
        with self._lock, self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                row = con.execute("SELECT revision FROM drafts WHERE id=?", (draft_id,)).fetchone()
                if row is None:
                    raise DraftNotFoundError(draft_id)
                if revision is not None and row["revision"] != revision:
                    raise StaleDraftError(draft_id, revision, row["revision"])
                now = _now()
                con.execute("UPDATE drafts SET revision=revision+1, updated_at=? WHERE id=?", (now, draft_id))
                con.execute("INSERT INTO events(draft_id, kind, detail, created_at) VALUES (?,?,?,?)",
                            (draft_id, kind, _dumps(detail or {}), now))
                yield con, int(row["revision"]) + 1
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------ drafts

    def create_draft(self, facts: Facts, *, options: Optional[dict] = None, provenance: Optional[dict] = None,
                     reference: Optional[dict] = None) -> Draft:
        """Save a new draft; its facts' narrative texts (if any) become imported section versions."""
        now = _now()
        with self._lock, self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                cur = con.execute(
                    "INSERT INTO drafts(agency, year, level, facts, options, provenance, reference, created_at,"
                    " updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (facts.agency, facts.year, facts.level, facts_record(facts), _dumps(options or {}),
                     _dumps(provenance or {}), _dumps(reference or {}), now, now))
                draft_id = int(cur.lastrowid)
                for num, text in (facts.sections or {}).items():
                    if text.strip():
                        con.execute("INSERT INTO section_versions(draft_id, section, text, source, created_at)"
                                    " VALUES (?,?,?,?,?)", (draft_id, num, text, "imported", now))
                con.execute("INSERT INTO events(draft_id, kind, detail, created_at) VALUES (?,?,?,?)",
                            (draft_id, "create", _dumps({"agency": facts.agency, "year": facts.year}), now))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return self.get_draft(draft_id)

    def new_draft(self, agency: str, year: int, level: str = "县级部门") -> Draft:
        """Create an empty draft (zeros, totals left to be computed)."""
        return self.create_draft(blank_facts(agency, year, level), options={"auto_totals": True})

    def get_draft(self, draft_id: int) -> Draft:
        """Load one draft; raise DraftNotFoundError when it does not exist."""
        with self._connect() as con:
            row = con.execute("SELECT * FROM drafts WHERE id=?", (draft_id,)).fetchone()
        if row is None:
            raise DraftNotFoundError(draft_id)
        return Draft(id=row["id"], facts=facts_from_dict(json.loads(row["facts"])), revision=row["revision"],
                     options=json.loads(row["options"]), provenance=json.loads(row["provenance"]),
                     reference=json.loads(row["reference"]), created_at=row["created_at"],
                     updated_at=row["updated_at"])

    def revision(self, draft_id: int) -> int:
        """The draft's current revision (cheap, for detecting changes made elsewhere)."""
        with self._connect() as con:
            row = con.execute("SELECT revision FROM drafts WHERE id=?", (draft_id,)).fetchone()
        if row is None:
            raise DraftNotFoundError(draft_id)
        return int(row["revision"])

    def list_drafts(self) -> list[DraftSummary]:
        """All drafts, most recently changed first."""
        with self._connect() as con:
            rows = con.execute("SELECT id, agency, year, level, updated_at FROM drafts"
                               " ORDER BY updated_at DESC, id DESC").fetchall()
        return [DraftSummary(r["id"], r["agency"], r["year"], r["level"], r["updated_at"]) for r in rows]

    def save_facts(self, draft_id: int, facts: Facts, revision: Optional[int], what: str = "facts") -> int:
        """Replace the draft's facts (narrative texts excluded); return the new revision."""
        with self._change(draft_id, revision, what) as (con, rev):
            con.execute("UPDATE drafts SET facts=?, agency=?, year=?, level=? WHERE id=?",
                        (facts_record(facts), facts.agency, facts.year, facts.level, draft_id))
        return rev

    def set_options(self, draft_id: int, revision: Optional[int], **changes: Any) -> int:
        """Merge changes into the draft's options (e.g. auto_totals); return the new revision."""
        with self._change(draft_id, revision, "options", changes) as (con, rev):
            row = con.execute("SELECT options FROM drafts WHERE id=?", (draft_id,)).fetchone()
            options = {**json.loads(row["options"]), **changes}
            con.execute("UPDATE drafts SET options=? WHERE id=?", (_dumps(options), draft_id))
        return rev

    def confirm_ocr(self, draft_id: int, revision: Optional[int], keys: list[str]) -> int:
        """The user checked these OCR'd pre-filled cells against the original: no longer 需核对."""
        with self._change(draft_id, revision, "options", {"confirmed": keys}) as (con, rev):
            row = con.execute("SELECT options FROM drafts WHERE id=?", (draft_id,)).fetchone()
            options = json.loads(row["options"])
            options[OCR_CHECK] = [k for k in options.get(OCR_CHECK, []) if k not in keys]
            con.execute("UPDATE drafts SET options=? WHERE id=?", (_dumps(options), draft_id))
        return rev

    def set_provenance(self, draft_id: int, revision: Optional[int], provenance: dict[str, str]) -> int:
        """Replace the notes saying where pre-filled values came from; return the new revision."""
        with self._change(draft_id, revision, "provenance") as (con, rev):
            con.execute("UPDATE drafts SET provenance=? WHERE id=?", (_dumps(provenance), draft_id))
        return rev

    def duplicate_for_next_year(self, draft_id: int) -> Draft:
        """New draft for year+1: agency/level kept, r2 := last r25, 现行有效 baseline, previous := last tables."""
        old = self.get_draft(draft_id)
        last, _ = fill_totals(old.facts)
        facts = blank_facts(last.agency, last.year + 1, last.level)
        source = f"上年草稿（{last.year}年，草稿 #{old.id}）"
        facts, provenance = carry_over(facts, last.t2, last.t3, last.t4, source)
        reference = {k: v for k, v in self.current_sections(draft_id).items() if v.strip()}
        options = {"auto_totals": old.options.get("auto_totals", True), "from_draft": old.id}
        return self.create_draft(facts, options=options, provenance=provenance, reference=reference)

    # ------------------------------------------------------------ section versions

    def add_version(self, draft_id: int, section: str, text: str, source: str, revision: Optional[int], *,
                    prompt_version: Optional[str] = None, model: Optional[str] = None) -> int:
        """Save a new current text of a narrative section; return the new revision."""
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r}")
        if section not in fmt.SECTION_NUMS:
            raise ValueError(f"unknown section {section!r}")
        with self._change(draft_id, revision, "version", {"section": section, "source": source}) as (con, rev):
            con.execute("INSERT INTO section_versions(draft_id, section, text, source, prompt_version, model,"
                        " created_at, revision) VALUES (?,?,?,?,?,?,?,?)",
                        (draft_id, section, text, source, prompt_version, model, _now(), rev))
        return rev

    def versions(self, draft_id: int, section: str) -> list[SectionVersion]:
        """All versions of a section, oldest first (undone ones flagged)."""
        with self._connect() as con:
            rows = con.execute("SELECT * FROM section_versions WHERE draft_id=? AND section=? ORDER BY id",
                               (draft_id, section)).fetchall()
        return [SectionVersion(r["id"], r["section"], r["text"], r["source"], r["prompt_version"], r["model"],
                               r["created_at"], bool(r["undone"])) for r in rows]

    def current_version(self, draft_id: int, section: str) -> Optional[SectionVersion]:
        """The latest version not undone, or None."""
        live = [v for v in self.versions(draft_id, section) if not v.undone]
        return live[-1] if live else None

    def current_sections(self, draft_id: int) -> dict[str, str]:
        """Current text of every section that has one."""
        with self._connect() as con:
            rows = con.execute("SELECT section, text FROM section_versions WHERE draft_id=? AND undone=0"
                               " ORDER BY id", (draft_id,)).fetchall()
        return {r["section"]: r["text"] for r in rows}

    def _last_action(self, con: sqlite3.Connection, draft_id: int, section: str) -> Optional[SectionAction]:
        """The latest of: the current version, the last rejected suggestion (by the revision that made them)."""
        v = con.execute("SELECT * FROM section_versions WHERE draft_id=? AND section=? AND undone=0"
                        " ORDER BY id DESC LIMIT 1", (draft_id, section)).fetchone()
        r = con.execute("SELECT id, resolved_revision FROM suggestions WHERE draft_id=? AND section=?"
                        " AND status='rejected' AND resolved_revision IS NOT NULL ORDER BY resolved_revision DESC"
                        " LIMIT 1", (draft_id, section)).fetchone()
        if r is not None and (v is None or r["resolved_revision"] > (v["revision"] or 0)):
            return SectionAction("rejected", "拒绝建议", suggestion_id=int(r["id"]))
        if v is None:
            return None
        version = SectionVersion(v["id"], v["section"], v["text"], v["source"], v["prompt_version"], v["model"],
                                 v["created_at"], False)
        return SectionAction("version", SOURCE_LABELS.get(v["source"], v["source"]), version, v["suggestion_id"])

    def last_action(self, draft_id: int, section: str) -> Optional[SectionAction]:
        """What undo_section would take back, or None when the section has nothing to undo."""
        with self._connect() as con:
            return self._last_action(con, draft_id, section)

    def undo_section(self, draft_id: int, section: str, revision: Optional[int]) -> int:
        """Return the section to its state before the last action (its accepted or rejected suggestion pending again)."""
        with self._change(draft_id, revision, "undo", {"section": section}) as (con, rev):
            action = self._last_action(con, draft_id, section)
            if action is None:
                raise NianbaoError(f"第{section}部分没有可撤销的操作。")
            if action.version is not None:
                con.execute("UPDATE section_versions SET undone=1 WHERE id=?", (action.version.id,))
            if action.suggestion_id is not None:
                pending = con.execute("SELECT 1 FROM suggestions WHERE draft_id=? AND section=? AND status='pending'",
                                      (draft_id, section)).fetchone()
                if pending is None:  # a newer suggestion waiting for review stays the one shown
                    con.execute("UPDATE suggestions SET status='pending', resolved_at=NULL, resolved_revision=NULL"
                                " WHERE id=?", (action.suggestion_id,))
        return rev

    # ------------------------------------------------------------ suggestions

    def add_suggestion(self, draft_id: int, section: str, text: str, revision: Optional[int], *, base_text: str = "",
                       flags: Optional[list] = None, passages: Optional[list] = None,
                       prompt_version: Optional[str] = None, model: Optional[str] = None, kind: str = "draft",
                       instruction: str = "") -> tuple[int, int]:
        """Save a pending suggestion (older pending ones for the section are superseded); return (id, revision)."""
        with self._change(draft_id, revision, "suggestion", {"section": section, "kind": kind}) as (con, rev):
            now = _now()
            con.execute("UPDATE suggestions SET status='superseded', resolved_at=? WHERE draft_id=? AND section=?"
                        " AND status='pending'", (now, draft_id, section))
            cur = con.execute(
                "INSERT INTO suggestions(draft_id, section, text, base_text, flags, passages, prompt_version, model,"
                " kind, instruction, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (draft_id, section, text, base_text, _dumps(flags or []), _dumps(passages or []), prompt_version,
                 model, kind, instruction, now))
            suggestion_id = int(cur.lastrowid)
        return suggestion_id, rev

    def _suggestion(self, row: sqlite3.Row) -> Suggestion:
        """Row → Suggestion."""
        return Suggestion(row["id"], row["section"], row["text"], row["base_text"], json.loads(row["flags"]),
                          json.loads(row["passages"]), row["prompt_version"], row["model"], row["kind"],
                          row["instruction"], row["status"], row["created_at"])

    def pending_suggestions(self, draft_id: int) -> dict[str, Suggestion]:
        """The pending suggestion of each section that has one."""
        with self._connect() as con:
            rows = con.execute("SELECT * FROM suggestions WHERE draft_id=? AND status='pending' ORDER BY id",
                               (draft_id,)).fetchall()
        return {r["section"]: self._suggestion(r) for r in rows}

    def get_suggestion(self, suggestion_id: int) -> Suggestion:
        """One suggestion by id."""
        with self._connect() as con:
            row = con.execute("SELECT * FROM suggestions WHERE id=?", (suggestion_id,)).fetchone()
        if row is None:
            raise NianbaoError("找不到这份建议稿（可能已在其他窗口处理），请刷新页面。")
        return self._suggestion(row)

    def resolve_suggestion(self, draft_id: int, suggestion_id: int, accept: bool, revision: Optional[int],
                           text: Optional[str] = None) -> int:
        """Accept (optionally with edited text) or reject a pending suggestion; return the new revision."""
        sug = self.get_suggestion(suggestion_id)
        if sug.status != "pending":
            raise NianbaoError(f"第{sug.section}部分的这份建议稿{_STATUS_WORDS.get(sug.status, '已处理')}，请刷新页面。")
        status = "accepted" if accept else "rejected"
        detail = {"section": sug.section, "suggestion": suggestion_id}
        with self._change(draft_id, revision, status, detail) as (con, rev):
            now = _now()
            cur = con.execute("UPDATE suggestions SET status=?, resolved_at=?, resolved_revision=? WHERE id=?"
                              " AND status='pending'", (status, now, rev, suggestion_id))
            if cur.rowcount != 1:
                raise NianbaoError(f"第{sug.section}部分的这份建议稿已在其他窗口处理过，请刷新页面。")
            if accept:
                final = sug.text if text is None else text
                source = "edited" if final != sug.text else "reviewed" if sug.kind == "review" else "accepted"
                con.execute("INSERT INTO section_versions(draft_id, section, text, source, prompt_version, model,"
                            " created_at, revision, suggestion_id) VALUES (?,?,?,?,?,?,?,?,?)",
                            (draft_id, sug.section, final, source, sug.prompt_version, sug.model, now, rev,
                             suggestion_id))
        return rev

    # ------------------------------------------------------------ chat

    def add_message(self, draft_id: int, role: str, content: str, revision: Optional[int],
                    meta: Optional[dict] = None) -> tuple[int, int]:
        """Append a chat message; return (message id, new revision)."""
        with self._change(draft_id, revision, "message", {"role": role}) as (con, rev):
            cur = con.execute("INSERT INTO messages(draft_id, role, content, meta, created_at) VALUES (?,?,?,?,?)",
                              (draft_id, role, content, _dumps(meta or {}), _now()))
            message_id = int(cur.lastrowid)
        return message_id, rev

    def update_message_meta(self, draft_id: int, message_id: int, revision: Optional[int], **changes: Any) -> int:
        """Merge changes into a message's meta (e.g. proposal status); return the new revision."""
        with self._change(draft_id, revision, "message_meta", {"message": message_id}) as (con, rev):
            row = con.execute("SELECT meta FROM messages WHERE id=? AND draft_id=?", (message_id, draft_id)).fetchone()
            if row is None:
                raise NianbaoError(f"找不到对话消息 #{message_id}。")
            meta = {**json.loads(row["meta"]), **changes}
            con.execute("UPDATE messages SET meta=? WHERE id=?", (_dumps(meta), message_id))
        return rev

    def messages(self, draft_id: int) -> list[Message]:
        """The draft's chat history, oldest first."""
        with self._connect() as con:
            rows = con.execute("SELECT * FROM messages WHERE draft_id=? ORDER BY id", (draft_id,)).fetchall()
        return [Message(r["id"], r["role"], r["content"], json.loads(r["meta"]), r["created_at"]) for r in rows]

    # ------------------------------------------------------------ dismissals

    def dismiss(self, draft_id: int, finding_id: str, reason: str, revision: Optional[int],
                acknowledged: bool = False) -> int:
        """Dismiss a warning or acknowledge an error, with a reason; return the new revision."""
        if not reason.strip():
            raise NianbaoError("请填写忽略或确认的理由。")
        with self._change(draft_id, revision, "dismiss", {"finding": finding_id}) as (con, rev):
            con.execute("INSERT OR REPLACE INTO dismissals(draft_id, finding_id, reason, acknowledged, created_at)"
                        " VALUES (?,?,?,?,?)", (draft_id, finding_id, reason.strip(), int(acknowledged), _now()))
        return rev

    def undismiss(self, draft_id: int, finding_id: str, revision: Optional[int]) -> int:
        """Withdraw a dismissal; return the new revision."""
        with self._change(draft_id, revision, "undismiss", {"finding": finding_id}) as (con, rev):
            con.execute("DELETE FROM dismissals WHERE draft_id=? AND finding_id=?", (draft_id, finding_id))
        return rev

    def dismissals(self, draft_id: int) -> dict[str, Dismissal]:
        """Dismissals of the draft by finding id."""
        with self._connect() as con:
            rows = con.execute("SELECT * FROM dismissals WHERE draft_id=?", (draft_id,)).fetchall()
        return {r["finding_id"]: Dismissal(r["finding_id"], r["reason"], bool(r["acknowledged"]), r["created_at"])
                for r in rows}

    # ------------------------------------------------------------ events and meta

    def record_event(self, draft_id: int, revision: Optional[int], kind: str, detail: dict) -> int:
        """Log an event in the draft's history (e.g. a reviewed .docx imported); return the new revision."""
        with self._change(draft_id, revision, kind, detail) as (_con, rev):
            pass
        return rev

    def events(self, draft_id: int) -> list[tuple[str, dict, str]]:
        """The draft's event log: (kind, detail, created_at), oldest first."""
        with self._connect() as con:
            rows = con.execute("SELECT kind, detail, created_at FROM events WHERE draft_id=? ORDER BY id",
                               (draft_id,)).fetchall()
        return [(r["kind"], json.loads(r["detail"]), r["created_at"]) for r in rows]

    def set_last_draft(self, draft_id: int) -> None:
        """Remember the last opened draft."""
        with self._lock, self._connect() as con:
            con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_draft', ?)", (str(draft_id),))

    def last_draft(self) -> Optional[int]:
        """The last opened draft id if it still exists."""
        with self._connect() as con:
            row = con.execute("SELECT d.id FROM meta m JOIN drafts d ON d.id = CAST(m.value AS INTEGER)"
                              " WHERE m.key='last_draft'").fetchone()
        return int(row["id"]) if row else None

    def full_facts(self, draft_id: int) -> Facts:
        """The draft's facts with the current section texts put into facts.sections (for export)."""
        draft = self.get_draft(draft_id)
        facts = draft.facts.model_copy(deep=True)
        facts.sections = self.current_sections(draft_id) or None
        return facts


OCR_CHECK = "ocr_check"  # draft option: cells pre-filled from figures OCR read off a scan, until the user confirms


def carried_from(key: str) -> str:
    """The cell of last year's report a pre-filled cell comes from (r2 ← r25; 现行有效件数 ← 现行有效件数)."""
    return key.replace(".r2.", ".r25.") if key.startswith("t3.r2.") else key


def ocr_to_check(provenance: dict[str, str], ocr: Optional[dict]) -> list[str]:
    """The pre-filled cells whose last-year figure was read by OCR (to show as 需核对 until confirmed)."""
    return [k for k in fmt.ALL_CELL_KEYS if k in provenance and carried_from(k) in (ocr or {})]


def _ocr_page(ocr: Optional[dict], key: str) -> Optional[int]:
    cell = (ocr or {}).get(carried_from(key))
    return None if cell is None else int(cell["page"] if isinstance(cell, dict) else cell.page)


def carry_over(facts: Facts, t2: Any, t3: Optional[dict], t4: Optional[list],
               source: str, ocr: Optional[dict] = None) -> tuple[Facts, dict[str, str]]:
    """Pre-fill from last year's tables (r2 := r25, 现行有效 baseline, previous); OCR'd source cells named as such."""
    out, provenance = _carry_over(facts, t2, t3, t4, source)
    for key in ocr_to_check(provenance, ocr):
        provenance[key] += f"（扫描件第 {_ocr_page(ocr, key)} 页文字识别，需核对原件）"
    return out, provenance


def _carry_over(facts: Facts, t2: Any, t3: Optional[dict], t4: Optional[list],
                source: str) -> tuple[Facts, dict[str, str]]:
    out = facts.model_copy(deep=True)
    provenance: dict[str, str] = {}
    t2_model = t2 if isinstance(t2, Table2) or t2 is None else _table2_or_none(t2)
    if t3:
        r25 = list(t3.get("r25") or [])
        for col in range(1, fmt.T3_NCOLS):  # c1…c6; c7 is a total
            value = r25[col - 1] if len(r25) >= col else None
            if value is not None:
                out.t3["r2"][col - 1] = value
                provenance[fmt.t3_key("r2", col)] = f"{source}表三“结转下年度继续办理”"
    if t2_model is not None:
        for row in fmt.T2_DOC_ROWS:
            value = getattr(t2_model, row).valid
            if value is not None:
                setattr(getattr(out.t2, row), "valid", value)
                provenance[f"t2.{row}.valid"] = f"{source}表二“现行有效件数”（作为基数，请按本年制发、废止调整）"
    try:
        out.previous = Previous(t2=t2_model, t3=_complete_rows(t3), t4=_complete_t4(t4))
    except Exception:  # noqa: BLE001 — partial last-year tables: keep what validates
        out.previous = Previous(t2=t2_model)
    return out, provenance


def _table2_or_none(t2: dict) -> Optional[Table2]:
    """A parsed Table 二 dict as Table2, or None when it has unread cells."""
    try:
        return Table2.model_validate(t2)
    except Exception:  # noqa: BLE001
        return None


def _complete_rows(t3: Optional[dict]) -> Optional[dict]:
    """Table 三 rows if every row is present, else None."""
    if not t3 or any(k not in t3 for k in fmt.T3_ROW_KEYS):
        return None
    return {k: list(t3[k]) for k in fmt.T3_ROW_KEYS}


def _complete_t4(t4: Optional[list]) -> Optional[list]:
    """Table 四 cells if all 15 are present, else None."""
    return list(t4) if t4 and len(t4) == fmt.T4_NCOLS else None
