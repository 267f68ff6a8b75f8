"""Embedders: offline hashed character n-grams (no download), or an OpenAI-compatible /embeddings endpoint."""
from __future__ import annotations

import re
from typing import Optional

import numpy as np
from langchain_core.embeddings import Embeddings

from settings import Settings

HASH_DIM = 512
HASH_VERSION = "v1"
# Weight of character n-grams by length: bigrams carry most of the meaning of Chinese text.
NGRAM_WEIGHTS: dict[int, float] = {1: 0.25, 2: 1.0, 3: 0.5}
_MIX = np.uint64(0x9E3779B97F4A7C15)
_MUL = (np.uint64(0x100000001B3), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
_BATCH = 4096


def _codes(texts: list[str]) -> np.ndarray:
    """Code points of all texts joined by a 0 separator; punctuation and spaces become 0, digits become '0'."""
    joined = "\x00".join(texts) + "\x00"
    arr = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    cjk = (arr >= 0x3400) & (arr <= 0x9FFF)
    digit = (arr >= 0x30) & (arr <= 0x39)
    upper = (arr >= 0x41) & (arr <= 0x5A)
    lower = (arr >= 0x61) & (arr <= 0x7A)
    arr = np.where(upper, arr + 32, arr)
    arr = np.where(digit, np.uint64(0x30), arr)
    return np.where(cjk | digit | upper | lower, arr, np.uint64(0))


def _mix(h: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (splitmix64) so that nearby inputs land in unrelated buckets."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def hashed_ngram_matrix(texts: list[str], dim: int = HASH_DIM) -> np.ndarray:
    """L2-normalised signed feature-hashing vectors of the texts' character 1/2/3-grams, shape (len(texts), dim)."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, dim), dtype=np.float32)
    codes = _codes(texts)
    sep = np.flatnonzero(np.frombuffer(("\x00".join(texts) + "\x00").encode("utf-32-le"), dtype=np.uint32) == 0)
    doc_of = np.zeros(len(codes), dtype=np.int64)
    doc_of[sep[:-1] + 1] = 1
    doc_of = np.cumsum(doc_of)
    flat_parts, weight_parts = [], []
    with np.errstate(over="ignore"):
        for size, weight in NGRAM_WEIGHTS.items():
            m = len(codes) - size + 1
            if m <= 0:
                continue
            valid = np.ones(m, dtype=bool)
            h = np.full(m, _MIX * np.uint64(size), dtype=np.uint64)
            for k in range(size):
                c = codes[k:k + m]
                valid &= c != 0
                h = (h ^ c) * _MUL[k]
            h = _mix(h[valid])
            bucket = (h % np.uint64(dim)).astype(np.int64)
            sign = np.where((h >> np.uint64(63)) == 1, -weight, weight)
            flat_parts.append(doc_of[:m][valid] * dim + bucket)
            weight_parts.append(sign)
    flat = np.concatenate(flat_parts) if flat_parts else np.zeros(0, dtype=np.int64)
    weights = np.concatenate(weight_parts) if weight_parts else np.zeros(0)
    mat = np.bincount(flat, weights=weights, minlength=n * dim).reshape(n, dim)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (mat / norms).astype(np.float32)


class HashingEmbeddings(Embeddings):
    """Offline embedder for Chinese: hashed character n-grams, no model download, deterministic across processes."""

    def __init__(self, dim: int = HASH_DIM):
        self.dim = dim

    @property
    def name(self) -> str:
        """Identifier recorded in the collection name."""
        return f"hash{self.dim}{HASH_VERSION}"

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Vectors of many texts as one float32 array, in batches."""
        parts = [hashed_ngram_matrix(texts[i:i + _BATCH], self.dim) for i in range(0, len(texts), _BATCH)]
        return np.vstack(parts) if parts else np.zeros((0, self.dim), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain interface: one vector per text."""
        return self.embed_array(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """LangChain interface: the vector of a query."""
        return self.embed_array([text])[0].tolist()


class EndpointEmbeddings(Embeddings):
    """An OpenAI-compatible /embeddings endpoint (NIANBAO_EMBEDDING_MODEL with OPENAI_BASE_URL/OPENAI_API_KEY)."""

    def __init__(self, settings: Settings):
        from langchain_openai import OpenAIEmbeddings

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        self.model = settings.embedding_model or ""
        self._inner = OpenAIEmbeddings(model=self.model, base_url=settings.openai_base_url, api_key=key,
                                       check_embedding_ctx_length=False, timeout=settings.timeout,
                                       max_retries=settings.max_retries)

    @property
    def name(self) -> str:
        """Identifier recorded in the collection name."""
        return "oai-" + (re.sub(r"[^A-Za-z0-9]+", "-", self.model).strip("-").lower() or "model")[:60]

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Vectors of many texts as one float32 array."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray(self._inner.embed_documents(list(texts)), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain interface: one vector per text."""
        return self._inner.embed_documents(list(texts))

    def embed_query(self, text: str) -> list[float]:
        """LangChain interface: the vector of a query."""
        return self._inner.embed_query(text)


def make_embeddings(settings: Settings, override: Optional[Embeddings] = None) -> Embeddings:
    """The endpoint embedder when NIANBAO_EMBEDDING_MODEL is set, else the offline hashing embedder."""
    if override is not None:
        return override
    if settings.embedding_model:
        return EndpointEmbeddings(settings)
    return HashingEmbeddings()


def embedder_name(embeddings: Embeddings) -> str:
    """A short [a-z0-9-] identifier of the embedder, used in collection names."""
    name = getattr(embeddings, "name", None) or type(embeddings).__name__.lower()
    return re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")[:60] or "embedder"
