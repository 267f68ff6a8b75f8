"""The index's local sidecar (SQLite in the data folder): ingested files, parsed reports by hash, chunk tokens."""
from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from report.parsed import ParsedReport

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    key TEXT PRIMARY KEY, folder TEXT NOT NULL, filename TEXT NOT NULL, hash TEXT NOT NULL,
    agency TEXT NOT NULL, year INTEGER NOT NULL, level TEXT NOT NULL, n_chunks INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS files_folder ON files(folder);
CREATE TABLE IF NOT EXISTS reports (hash TEXT PRIMARY KEY, report TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, tokens TEXT NOT NULL);
"""


@dataclass(frozen=True)
class FileEntry:
    """One ingested file: where it came from, its content hash, the report's agency/year/level, its chunk count."""

    key: str
    folder: str
    filename: str
    hash: str
    agency: str
    year: int
    level: str
    n_chunks: int


class Sidecar:
    """Small SQLite store beside the vector index (one per collection)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- files

    def files(self, folder: Optional[str] = None) -> list[FileEntry]:
        """Ingested files (of one folder, or all)."""
        sql = "SELECT key, folder, filename, hash, agency, year, level, n_chunks FROM files"
        with self._lock:
            rows = self._db.execute(sql + (" WHERE folder = ?" if folder else ""), (folder,) if folder else ())
            return [FileEntry(*row) for row in rows.fetchall()]

    def has_files(self) -> bool:
        """True when at least one file has been ingested."""
        with self._lock:
            return self._db.execute("SELECT 1 FROM files LIMIT 1").fetchone() is not None

    def put_file(self, entry: FileEntry, report: ParsedReport, tokens: dict[str, str]) -> None:
        """Record a file, its parsed report and its chunks' tokens in one transaction."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?)",
                             (entry.key, entry.folder, entry.filename, entry.hash, entry.agency, entry.year,
                              entry.level, entry.n_chunks))
            self._db.execute("INSERT OR REPLACE INTO reports VALUES (?,?)",
                             (entry.hash, report.model_dump_json()))
            self._db.executemany("INSERT OR REPLACE INTO tokens VALUES (?,?)", tokens.items())
            self._db.execute("COMMIT")

    def drop_file(self, key: str, chunk_ids: Iterable[str] = (), keep_hash: bool = False) -> None:
        """Forget a file (and, unless another file has the same content, its report and tokens)."""
        with self._lock:
            self._db.execute("BEGIN")
            row = self._db.execute("SELECT hash FROM files WHERE key = ?", (key,)).fetchone()
            self._db.execute("DELETE FROM files WHERE key = ?", (key,))
            if row and not keep_hash:
                self._db.execute("DELETE FROM reports WHERE hash = ?", (row[0],))
                self._db.executemany("DELETE FROM tokens WHERE id = ?", [(i,) for i in chunk_ids])
            self._db.execute("COMMIT")

    # ---------------------------------------------------------------- reports and tokens

    def report(self, file_hash: str) -> Optional[ParsedReport]:
        """The parsed report stored for a content hash."""
        with self._lock:
            row = self._db.execute("SELECT report FROM reports WHERE hash = ?", (file_hash,)).fetchone()
        return ParsedReport.model_validate(json.loads(row[0])) if row else None

    def tokens(self, ids: list[str]) -> dict[str, list[str]]:
        """Stored tokens of the chunks that have them."""
        out: dict[str, list[str]] = {}
        with self._lock:
            for i in range(0, len(ids), 900):
                part = ids[i:i + 900]
                marks = ",".join("?" * len(part))
                for cid, text in self._db.execute(f"SELECT id, tokens FROM tokens WHERE id IN ({marks})", part):
                    out[cid] = text.split(" ") if text else []
        return out

    def put_tokens(self, tokens: dict[str, str]) -> None:
        """Cache tokens of chunks found in the vector store (e.g. added by another machine)."""
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO tokens VALUES (?,?)", tokens.items())

    def close(self) -> None:
        """Close the database."""
        self._db.close()
