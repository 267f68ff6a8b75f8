"""The corpus index: past reports chunked into Chroma (through LangChain), BM25 beside it, fused by reciprocal rank."""
from __future__ import annotations

import hashlib
import inspect
import math
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Union

import numpy as np
from langchain_core.embeddings import Embeddings

from chains.retrieval.chunking import CHUNKER_VERSION, Chunk, chunk_report, report_level
from chains.retrieval.embeddings import embedder_name, make_embeddings
from chains.retrieval.lexical import BM25, tokenize
from chains.retrieval.lexicon import section_prior
from chains.retrieval.models import IngestStats, Passage
from chains.retrieval.sidecar import FileEntry, Sidecar
from report import format as fmt
from report.agency import agency_matches, infer_level, same_agency
from report.errors import NianbaoError, ParseError
from report.parsed import ParsedReport
from report.parser import SUFFIXES
from settings import Settings, get_settings

SECTION_CODES: dict[str, str] = {num: f"s{i}" for i, num in enumerate(fmt.SECTION_NUMS, start=1)}
SKIPPED_NAMES = re.compile(r"^(readme|license|changelog)\b|^[.~]", re.I)
CANDIDATES = 50  # distinct texts per ranked list before fusion
VECTOR_FETCH = 100  # nearest chunks fetched from Chroma per section (copies of one text are dropped after)
VECTOR_FETCH_MAX = 600  # a second, deeper fetch when fewer than MIN_DISTINCT different texts came back
MIN_DISTINCT = 8
BM25_FETCH = 500  # best BM25 chunks looked at before copies are dropped
RRF_K = 60
SECTION_WEIGHT = 0.1  # weight of the section posterior in unfiltered search (RRF scores are at most 2/61)
VOTE_TOP = 20  # fused candidates whose sections vote on what the query is about
VOTE_SMOOTHING = 0.5  # added to each section's vote share before it multiplies the cue-word prior
FRESHNESS_SECONDS = 5.0  # how often a search checks whether another process changed the store
ProgressFn = Callable[[int, int, str], Any]


class RetrievalError(NianbaoError):
    """The vector store cannot be reached or used (Chinese message)."""


@dataclass
class _Record:
    """One chunk held in memory: text, metadata, lexical tokens."""

    text: str
    meta: dict[str, Any]
    tokens: list[str]


@dataclass
class _Pending:
    """Chunks waiting to be written, per section, and the sidecar rows that go with them."""

    chunks: dict[str, list[tuple[str, str, dict[str, Any]]]] = field(default_factory=dict)
    files: list[tuple[FileEntry, ParsedReport, dict[str, str]]] = field(default_factory=list)

    def size(self) -> int:
        return sum(len(v) for v in self.chunks.values())


def content_hash(data: bytes) -> str:
    """Content key of a file: its bytes and the chunker version (a new chunker re-indexes)."""
    return hashlib.sha256(CHUNKER_VERSION.encode() + b"\0" + data).hexdigest()


def chunk_id(file_hash: str, position: int) -> str:
    """Stable id of a chunk: same content, same id, on any machine."""
    return f"{file_hash[:24]}-{position:04d}"


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


def _client(settings: Settings, root: Path) -> Any:
    """A Chroma HttpClient when CHROMA_HOST is set, else a PersistentClient in the data folder."""
    import chromadb

    if settings.chroma_host:
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                       settings=_chroma_settings())
        except Exception as e:  # noqa: BLE001 — any failure to connect gets one Chinese message
            raise RetrievalError(f"无法连接 Chroma 服务器 {settings.chroma_host}:{settings.chroma_port}："
                                 f"{type(e).__name__}: {e}") from None
    root.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(root / "chroma"), settings=_chroma_settings())


class CorpusIndex:
    """Past-report passages in Chroma (one collection per section, named after the embedder) plus BM25 in memory."""

    def __init__(self, settings: Optional[Settings] = None, embeddings: Optional[Embeddings] = None):
        self.settings = settings or get_settings()
        self.embeddings = make_embeddings(self.settings, embeddings)
        self.name = f"nianbao-{embedder_name(self.embeddings)}"
        root = Path(self.settings.data_dir).resolve() / "retrieval"
        self._client = _client(self.settings, root)
        where = f"{self.settings.chroma_host}-{self.settings.chroma_port}" if self.settings.chroma_host else "local"
        self.sidecar = Sidecar(root / f"{self.name}-{re.sub(r'[^A-Za-z0-9.-]+', '-', where)}.sqlite3")
        self.uploads_dir = Path(self.settings.data_dir).resolve() / "uploads"
        self._stores: dict[str, Any] = {}
        self._lock = threading.RLock()
        self._records: dict[str, _Record] = {}
        self._loaded = False
        self._dirty = True
        self._checked_at = 0.0
        self._auto_ingested = False
        self._ids: list[str] = []
        self._bm25: Optional[BM25] = None
        self._sections = np.zeros(0, dtype="<U1")
        self._years = np.zeros(0, dtype=np.int32)

    # ---------------------------------------------------------------- stores

    def collection_name(self, section: str) -> str:
        """Chroma collection of one section (the name records the embedder)."""
        return f"{self.name}-{SECTION_CODES[section]}"

    def _store(self, section: str) -> Any:
        """LangChain's Chroma store of one section (created with cosine space, no Chroma embedding function)."""
        if section not in self._stores:
            from langchain_chroma import Chroma

            name = self.collection_name(section)
            try:
                self._client.get_or_create_collection(name, embedding_function=None,
                                                      configuration={"hnsw": {"space": "cosine"}})
                self._stores[section] = Chroma(collection_name=name, embedding_function=self.embeddings,
                                               client=self._client)
            except Exception as e:  # noqa: BLE001
                raise RetrievalError(f"无法打开向量库集合 {name}：{type(e).__name__}: {e}") from None
        return self._stores[section]

    def _collection(self, section: str) -> Any:
        return self._store(section)._collection

    def _existing_sections(self) -> list[str]:
        names = {getattr(c, "name", c) for c in self._client.list_collections()}
        return [num for num in fmt.SECTION_NUMS if self.collection_name(num) in names]

    def _max_batch(self) -> int:
        try:
            return max(1, min(int(self._client.get_max_batch_size()), 5000))
        except Exception:  # noqa: BLE001 — older servers: a safe size
            return 1000

    # ---------------------------------------------------------------- loading

    def _ensure_loaded(self) -> None:
        with self._lock:
            if not self._loaded:
                self._load()
            elif time.monotonic() - self._checked_at > FRESHNESS_SECONDS:
                self._checked_at = time.monotonic()
                if self._store_count() != len(self._records):
                    self._load()
            if self._dirty:
                self._rebuild()

    def _store_count(self) -> int:
        return sum(self._collection(num).count() for num in self._existing_sections())

    def _load(self) -> None:
        """Read every chunk from Chroma (texts, metadata) and its tokens from the sidecar cache."""
        records: dict[str, _Record] = {}
        page = self._max_batch()
        for num in self._existing_sections():
            col = self._collection(num)
            offset = 0
            while True:
                got = col.get(include=["documents", "metadatas"], limit=page, offset=offset)
                if not got["ids"]:
                    break
                for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                    records[cid] = _Record(text or "", dict(meta or {}), [])
                offset += len(got["ids"])
        cached = self.sidecar.tokens(list(records))
        missing: dict[str, str] = {}
        for cid, rec in records.items():
            if cid in cached:
                rec.tokens = cached[cid]
            else:
                rec.tokens = _chunk_tokens(rec.text, rec.meta.get("subheading", ""))
                missing[cid] = " ".join(rec.tokens)
        if missing:
            self.sidecar.put_tokens(missing)
        self._records = records
        self._loaded, self._dirty = True, True
        self._checked_at = time.monotonic()

    def _rebuild(self) -> None:
        """Arrays and BM25 over the records held in memory."""
        self._ids = list(self._records)
        recs = [self._records[i] for i in self._ids]
        self._pos_of = {cid: i for i, cid in enumerate(self._ids)}
        self._sections = np.array([r.meta.get("section", "") for r in recs], dtype="<U1")
        self._years = np.array([int(r.meta.get("year") or 0) for r in recs], dtype=np.int32)
        self._levels = np.array([r.meta.get("level", "") for r in recs], dtype=object)
        self._agencies = np.array([r.meta.get("agency", "") for r in recs], dtype=object)
        self._agency_set = sorted({str(a) for a in self._agencies.tolist() if a})
        groups: dict[str, int] = {}
        self._groups = np.array([groups.setdefault(_text_key(r.text), len(groups)) for r in recs], dtype=np.int64)
        self._bm25 = BM25(r.tokens for r in recs)
        self._dirty = False

    # ---------------------------------------------------------------- ingest

    def ingest(self, folder: Union[str, Path, None] = None, progress: Optional[ProgressFn] = None) -> IngestStats:
        """Index the report files of a folder (default: settings.corpus_dir): add new, replace changed, drop removed."""
        root = Path(folder or self.settings.corpus_dir).resolve()
        if not root.is_dir():
            raise RetrievalError(f"语料目录不存在：{root}")
        paths = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                       and not SKIPPED_NAMES.search(p.name))
        with self._lock:
            self._ensure_loaded()
            stats = IngestStats()
            known = {e.key: e for e in self.sidecar.files(str(root))}
            pending = _Pending()
            for i, path in enumerate(paths):
                if progress:
                    _report_progress(progress, i, len(paths), path.name)
                self._ingest_path(path, str(root), known.pop(str(path), None), stats, pending)
                if pending.size() >= self._max_batch():
                    self._flush(pending)
            self._flush(pending)
            for entry in known.values():
                self._remove(entry)
                stats.removed += 1
            if progress:
                _report_progress(progress, len(paths), len(paths), "")
            stats.total_chunks = len(self._records)
            return stats

    def _ingest_path(self, path: Path, folder: str, entry: Optional[FileEntry], stats: IngestStats,
                     pending: _Pending) -> None:
        try:
            data = path.read_bytes()
        except OSError as e:
            stats.failed.append(f"{path.name}：无法读取（{e.strerror or e}）")
            return
        file_hash = content_hash(data)
        if entry is not None and entry.hash == file_hash and self._has_chunks(entry):
            stats.skipped += 1
            return
        try:
            report = _parse(data, path.name)
        except ParseError as e:
            stats.failed.append(f"{path.name}：{e}")
            if entry is not None:
                self._remove(entry)
                stats.removed += 1
            return
        if entry is not None:
            self._flush(pending)
            self._remove(entry)
            stats.updated += 1
        else:
            stats.added += 1
        stats.chunks += self._queue(report, str(path), folder, path.name, file_hash, pending)

    def add_file(self, path_or_bytes: Union[str, Path, bytes], filename: Optional[str] = None,
                 parsed: Optional[ParsedReport] = None, progress: Optional[Callable[[int, int], None]] = None,
                 ) -> IngestStats:
        """Index one uploaded report (kept in uploads/), parsed already or not; ParseError (Chinese) and nothing indexed."""
        if isinstance(path_or_bytes, (bytes, bytearray)):
            data, name = bytes(path_or_bytes), filename or "上传的报告.txt"
        else:
            p = Path(path_or_bytes)
            try:
                data = p.read_bytes()
            except OSError as e:
                raise ParseError(f"无法读取文件 {p}：{e.strerror or e}") from None
            name = filename or p.name
        name = _safe_filename(name)
        report = _checked(parsed, name) if parsed is not None else _parse(data, name, progress)
        file_hash = content_hash(data)
        with self._lock:
            self._ensure_loaded()
            self.uploads_dir.mkdir(parents=True, exist_ok=True)
            target = self.uploads_dir / name
            entry = next((e for e in self.sidecar.files(str(self.uploads_dir)) if e.key == str(target)), None)
            stats = IngestStats()
            if entry is not None and entry.hash == file_hash and self._has_chunks(entry):
                stats.skipped = 1
            else:
                target.write_bytes(data)
                if entry is not None:
                    self._remove(entry)
                    stats.updated = 1
                else:
                    stats.added = 1
                pending = _Pending()
                stats.chunks = self._queue(report, str(target), str(self.uploads_dir), name, file_hash, pending)
                self._flush(pending)
            stats.total_chunks = len(self._records)
            return stats

    def _has_chunks(self, entry: FileEntry) -> bool:
        return entry.n_chunks == 0 or chunk_id(entry.hash, 0) in self._records

    def _queue(self, report: ParsedReport, key: str, folder: str, filename: str, file_hash: str,
               pending: _Pending) -> int:
        """Chunk a parsed report and queue its chunks and sidecar rows."""
        chunks = chunk_report(report)
        agency, year, level = report.agency or "", int(report.year or 0), report_level(report)
        tokens: dict[str, str] = {}
        for c in chunks:
            cid = chunk_id(file_hash, c.position)
            meta = _metadata(c, agency, year, level, filename, file_hash)
            pending.chunks.setdefault(c.section, []).append((cid, c.text, meta))
            tokens[cid] = " ".join(_chunk_tokens(c.text, c.subheading))
        entry = FileEntry(key, folder, filename, file_hash, agency, year, level, len(chunks))
        pending.files.append((entry, report, tokens))
        return len(chunks)

    def _flush(self, pending: _Pending) -> None:
        """Write queued chunks to Chroma in batches no larger than its max batch size, then the sidecar rows."""
        batch = self._max_batch()
        for section, items in pending.chunks.items():
            store = self._store(section)
            for i in range(0, len(items), batch):
                part = items[i:i + batch]
                store.add_texts([t for _, t, _ in part], metadatas=[m for _, _, m in part],
                                ids=[cid for cid, _, _ in part])
            for cid, text, meta in items:
                self._records[cid] = _Record(text, meta, [])
        for entry, report, tokens in pending.files:
            self.sidecar.put_file(entry, report, tokens)
            for cid, toks in tokens.items():
                if cid in self._records:
                    self._records[cid].tokens = toks.split(" ") if toks else []
        if pending.chunks or pending.files:
            self._dirty = True
        pending.chunks, pending.files = {}, []

    def _remove(self, entry: FileEntry) -> None:
        """Drop a file from the sidecar, and its chunks from Chroma unless another file has the same content."""
        ids = [chunk_id(entry.hash, p) for p in range(entry.n_chunks)]
        shared = any(e.hash == entry.hash and e.key != entry.key for e in self.sidecar.files())
        self.sidecar.drop_file(entry.key, ids, keep_hash=shared)
        if shared:
            return
        by_section: dict[str, list[str]] = {}
        for cid in ids:
            rec = self._records.pop(cid, None)
            if rec is not None:
                by_section.setdefault(rec.meta.get("section", ""), []).append(cid)
        for section, sids in by_section.items():
            if section in SECTION_CODES:
                self._store(section).delete(ids=sids)
        self._dirty = True

    def ensure_ingested(self) -> None:
        """Index the default corpus folder once when nothing has been ingested yet (first run on a laptop)."""
        with self._lock:
            if self._auto_ingested or self.sidecar.has_files():
                self._auto_ingested = True
                return
            self._auto_ingested = True
            if Path(self.settings.corpus_dir).is_dir():
                self.ingest()

    # ---------------------------------------------------------------- search

    def search(self, query: str, section: Optional[str] = None, agency: Optional[str] = None,
               level: Optional[str] = None, k: int = 5) -> list[Passage]:
        """The k best passages for a query: vector and BM25 ranks fused (RRF); without a section, the section the
        query is about comes first."""
        if section is not None and section not in SECTION_CODES:
            raise NianbaoError(f"未知的部分：{section}（应为 一、二、三、四、五、六）")
        query = (query or "").strip()
        if not query or k <= 0:
            return []
        self.ensure_ingested()
        with self._lock:
            self._ensure_loaded()
            mask = self._mask(section=section, agency=agency, level=level)
            fused = self._fused(query, section, mask, _where(self._agency_names(agency), level))
            return self._passages(fused, k)

    def passages_for(self, section: str, facts: Any, k: int = 4, query: Optional[str] = None) -> list[Passage]:
        """Passages to ground the drafting of a section: own agency's previous year first, then the same level."""
        if section not in SECTION_CODES:
            raise NianbaoError(f"未知的部分：{section}（应为 一、二、三、四、五、六）")
        if query is None:
            notes = (getattr(facts, "notes", None) or {}).get(section, [])
            query = "；".join([fmt.SECTION_BY_NUM[section].title, *notes])
        agency, year = getattr(facts, "agency", ""), int(getattr(facts, "year", 0) or 0)
        level = getattr(facts, "level", None) or infer_level(agency)
        self.ensure_ingested()
        with self._lock:
            self._ensure_loaded()
            own_names = self._agency_names(agency)
            out: list[tuple[int, float]] = []
            prev_year = self._previous_year(own_names, year)
            if prev_year:
                mask = self._mask(section=section, agency=agency) & (self._years == prev_year)
                where = {"$and": [{"agency": {"$in": own_names}}, {"year": prev_year}]}
                out += self._fused(query, section, mask, where)[:max(1, math.ceil(k / 2))]
            others = self._mask(section=section) & ~np.isin(self._agencies, own_names)
            if level:
                same = others & (self._levels == level)
                out += self._fused(query, section, same, {"level": level})
            out += self._fused(query, section, others, None)
            return self._passages(out, k)

    def _previous_year(self, own_names: list[str], year: int) -> int:
        """The latest year before `year` with a report of this agency (0 when none)."""
        if not own_names:
            return 0
        years = self._years[np.isin(self._agencies, own_names) & (self._years < year)]
        return int(years.max()) if years.size else 0

    def _agency_names(self, agency: Optional[str]) -> list[str]:
        """Agency names in the index that denote the given agency (全称 or 简称)."""
        if not agency:
            return []
        return sorted(n for n in self._agency_set if agency_matches(agency, n))

    def _mask(self, section: Optional[str] = None, agency: Optional[str] = None,
              level: Optional[str] = None) -> np.ndarray:
        mask = np.ones(len(self._ids), dtype=bool)
        if section:
            mask &= self._sections == section
        if agency:
            mask &= np.isin(self._agencies, self._agency_names(agency))
        if level:
            mask &= self._levels == level
        return mask

    def _vector_hits(self, query: str, sections: list[str], mask: np.ndarray,
                     where: Optional[dict]) -> dict[str, list[tuple[float, int]]]:
        """Per section: (cosine distance, chunk index) of the nearest chunks within the mask, nearest first."""
        qv = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        out: dict[str, list[tuple[float, int]]] = {}
        for num in sections:
            n = int((self._sections == num).sum())
            if n == 0:
                continue
            fetch = min(VECTOR_FETCH, n)
            while True:
                res = self._collection(num).query(query_embeddings=[qv], n_results=fetch, where=where,
                                                  include=["distances"])
                pairs = zip(res["ids"][0], res["distances"][0], strict=True)
                hits = [(float(d), self._pos_of.get(cid, -1)) for cid, d in pairs]
                hits = [(d, i) for d, i in hits if i >= 0 and mask[i]]
                keep = set(self._distinct([i for _, i in hits]))
                if len(keep) >= MIN_DISTINCT or fetch >= min(n, VECTOR_FETCH_MAX):
                    break
                fetch = min(n, VECTOR_FETCH_MAX)  # copies of a few texts filled the list: look further once
            out[num] = [(d, i) for d, i in hits if i in keep][:CANDIDATES]
        return out

    def _distinct(self, ranking: list[int]) -> list[int]:
        """The ranking without repeated texts (the same boilerplate copied by many agencies counts once)."""
        if not ranking:
            return []
        _, first = np.unique(self._groups[np.asarray(ranking)], return_index=True)
        return [ranking[j] for j in sorted(first.tolist())]

    def _bm25_top(self, scores: np.ndarray, mask: np.ndarray) -> list[int]:
        """Chunk indices with a positive BM25 score within the mask, best first (at most CANDIDATES)."""
        hits = np.flatnonzero((scores > 0) & mask)
        if hits.size > BM25_FETCH:
            hits = hits[np.argpartition(-scores[hits], BM25_FETCH - 1)[:BM25_FETCH]]
        return self._distinct(hits[np.argsort(-scores[hits], kind="stable")].tolist())[:CANDIDATES]

    @staticmethod
    def _rrf(*rankings: list[int]) -> list[tuple[int, float]]:
        """Reciprocal-rank fusion of rankings (lists of chunk indices, best first)."""
        scores: dict[int, float] = {}
        for ranking in rankings:
            for rank, i in enumerate(ranking):
                scores[i] = scores.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
        return sorted(scores.items(), key=lambda kv: -kv[1])

    def _fused(self, query: str, section: Optional[str], mask: np.ndarray,
               where: Optional[dict]) -> list[tuple[int, float]]:
        """Vector and BM25 rankings fused by reciprocal rank, within the mask (and one section when given).

        Without a section every section is ranked on its own and the section the query is about (cue words
        times the vote of the best overall candidates) comes first."""
        if not mask.any() or self._bm25 is None:
            return []
        sections = [section] if section else sorted(set(self._sections[mask].tolist()))
        vec = self._vector_hits(query, sections, mask, where)
        bm25 = self._bm25.scores(tokenize(query))
        if section:
            return self._rrf([i for _, i in vec.get(section, [])], self._bm25_top(bm25, mask))
        overall = self._rrf([i for _, i in sorted(h for hits in vec.values() for h in hits)[:CANDIDATES]],
                            self._bm25_top(bm25, mask))
        post = self.section_posterior(query, overall)
        out: list[tuple[int, float]] = []
        for num in sections:
            within = self._rrf([i for _, i in vec.get(num, [])], self._bm25_top(bm25, mask & (self._sections == num)))
            out += [(i, s + SECTION_WEIGHT * post.get(num, 0.0)) for i, s in within]
        return sorted(out, key=lambda kv: -kv[1])

    def section_posterior(self, query: str, fused: list[tuple[int, float]]) -> dict[str, float]:
        """What section the query is about: the cue-word prior times the (smoothed) vote of the best candidates."""
        prior = section_prior(query)
        votes: dict[str, float] = {}
        distinct = set(self._distinct([i for i, _ in fused[:VOTE_TOP * 5]]))
        top = [(i, s) for i, s in fused if i in distinct][:VOTE_TOP]
        total = sum(s for _, s in top) or 1.0
        for i, s in top:
            sec = str(self._sections[i])
            votes[sec] = votes.get(sec, 0.0) + s / total
        floor = min(prior.values()) if prior else 1.0
        joint = {n: prior.get(n, floor) * (votes.get(n, 0.0) + VOTE_SMOOTHING) for n in set(prior) | set(votes)}
        total = sum(joint.values()) or 1.0
        return {n: v / total for n, v in joint.items()}

    def _passages(self, ranked: list[tuple[int, float]], k: int) -> list[Passage]:
        """Passages for the first k distinct texts of a ranking."""
        out: list[Passage] = []
        seen: set[str] = set()
        for i, score in ranked:
            rec = self._records[self._ids[i]]
            key = _text_key(rec.text)
            if key in seen:
                continue
            seen.add(key)
            m = rec.meta
            out.append(Passage(text=rec.text, agency=m.get("agency", ""), year=int(m.get("year") or 0),
                               level=m.get("level", ""), section=m.get("section", ""),
                               subheading=m.get("subheading", ""), source=m.get("source", ""),
                               position=int(m.get("position") or 0), score=float(score)))
            if len(out) >= k:
                break
        return out

    # ---------------------------------------------------------------- last year's report

    def previous_report(self, agency: str, year: int) -> Optional[ParsedReport]:
        """Last year's parsed report of this agency (全称 or 简称), or None (also when the name is ambiguous)."""
        if not agency or not year:
            return None
        self.ensure_ingested()
        entries = [e for e in self.sidecar.files() if e.year == int(year) - 1 and e.agency]
        names = set(same_agency(agency, {e.agency for e in entries}))
        matches = [e for e in entries if e.agency in names]
        if not matches:
            return None
        return self.sidecar.report(sorted(matches, key=lambda e: e.key)[0].hash)

    def stats(self) -> dict[str, int]:
        """Files and chunks in the index."""
        with self._lock:
            self._ensure_loaded()
            return {"files": len(self.sidecar.files()), "chunks": len(self._records)}


# ---------------------------------------------------------------- helpers


def _report_progress(progress: Callable[..., Any], i: int, n: int, filename: str) -> None:
    """Call progress(i, n, filename); a callback taking two arguments gets (share done, Chinese text) instead."""
    try:
        params = inspect.signature(progress).parameters.values()
        takes_three = any(p.kind is p.VAR_POSITIONAL for p in params) or sum(
            p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params) >= 3
    except (TypeError, ValueError):
        takes_three = True
    if takes_three:
        progress(i, n, filename)
    else:
        progress(i / n if n else 1.0, f"正在建立索引：{filename}（{i}/{n}）" if filename else f"索引完成（{n} 份）")


def _parse(data: bytes, filename: str, progress: Optional[Callable[[int, int], None]] = None) -> ParsedReport:
    """Parse a report; ParseError (Chinese) when it has no narrative text to index."""
    from report.parser import parse_bytes

    return _checked(parse_bytes(data, filename, progress), filename)


def _checked(report: ParsedReport, filename: str) -> ParsedReport:
    """The report when it has narrative text to index; ParseError (Chinese) otherwise."""
    if not any((report.sections.get(n) or "").strip() for n in fmt.NARRATIVE_SECTIONS):
        raise ParseError(f"未能从“{filename}”中读出报告正文（总体情况、存在的主要问题、其他需要报告的事项），"
                         "未加入语料库")
    return report


MAX_NAME_BYTES = 200  # file systems allow 255 bytes per name; a longer one is shortened, a hash keeps it unique


def _safe_filename(name: str) -> str:
    """An upload's file name without folders or characters a file system refuses, shortened with a hash if long."""
    base = Path(str(name).replace("\\", "/")).name
    base = re.sub(r'[\x00-\x1f<>:"/|?*]+', "_", base).strip(" .")
    base = base or "上传的报告.txt"
    if len(base.encode("utf-8")) <= MAX_NAME_BYTES:
        return base
    suffix = Path(base).suffix if len(Path(base).suffix) <= 10 else ""
    tag = "-" + hashlib.sha1(base.encode("utf-8")).hexdigest()[:10] + suffix
    stem = base[:len(base) - len(suffix)]
    while len((stem + tag).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return stem + tag


def _text_key(text: str) -> str:
    """Text without whitespace: copies of one passage share it."""
    return re.sub(r"\s+", "", text)


def _chunk_tokens(text: str, subheading: str) -> list[str]:
    """BM25 tokens of a chunk: its sub-heading's words count too."""
    return tokenize(f"{subheading}\n{text}" if subheading and subheading not in text else text)


def _metadata(chunk: Chunk, agency: str, year: int, level: str, filename: str, file_hash: str) -> dict[str, Any]:
    return {"agency": agency, "year": year, "level": level, "section": chunk.section,
            "subheading": chunk.subheading, "source": filename, "position": chunk.position, "file_hash": file_hash}


def _where(agencies: list[str], level: Optional[str]) -> Optional[dict]:
    """Chroma filter for an agency and/or level restriction (None when unrestricted)."""
    parts: list[dict] = []
    if agencies:
        parts.append({"agency": {"$in": agencies}})
    if level:
        parts.append({"level": level})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


# ---------------------------------------------------------------- process-wide access

_INDEXES: dict[tuple, CorpusIndex] = {}
_INDEXES_LOCK = threading.Lock()


def get_index(settings: Optional[Settings] = None) -> CorpusIndex:
    """The corpus index for these settings (one per data folder, embedder and Chroma server)."""
    s = settings or get_settings()
    key = (str(Path(s.data_dir).resolve()), s.embedding_model or "", s.openai_base_url or "", s.chroma_host or "",
           s.chroma_port if s.chroma_host else 0, str(Path(s.corpus_dir).resolve()))
    with _INDEXES_LOCK:
        if key not in _INDEXES:
            _INDEXES[key] = CorpusIndex(s)
        return _INDEXES[key]


def previous_report(agency: str, year: int, settings: Optional[Settings] = None) -> Optional[ParsedReport]:
    """Last year's parsed report of this agency from the corpus, or None."""
    return get_index(settings).previous_report(agency, year)
