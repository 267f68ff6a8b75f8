"""Lexical side of retrieval: jieba word tokens and a small in-memory BM25 over the chunks."""
from __future__ import annotations

import re
from typing import Iterable, Optional

import numpy as np

from report.words import jieba

# Words that carry no topic: function words, years, and how staff phrase a question (怎么写, 有哪些 …).
STOPWORDS: frozenset[str] = frozenset(
    "的 了 和 与 及 或 在 对 为 是 等 将 把 被 由 从 向 以 于 其 之 也 都 并 而 就 有 无 不 没有 这 那 该 本 我 我们 "
    "各 个 年 月 日 中 上 下 一 二 三 四 五 六 七 八 九 十 是否 怎么 怎么样 如何 哪些 什么 多少 写 要 能 会 可以 一下 "
    "吗 呢 吧 啊 今年 去年 还 又 再 情况 方面 工作 进行 开展 相关 有关 一些 里 提到 关于 时候 "
    "本年度 本年 年度 全年".split())
BM25_K1 = 1.2
BM25_B = 0.75
_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def tokenize(text: str) -> list[str]:
    """jieba words of a text, without punctuation, numbers and stopwords."""
    words = jieba().lcut(text, HMM=False)
    return [w.lower() for w in words if _KEEP.search(w) and w not in STOPWORDS]


class BM25:
    """Okapi BM25 over tokenised documents, with posting arrays so that a query costs a few numpy operations."""

    def __init__(self, docs: Iterable[list[str]]):
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        lengths: list[int] = []
        for d, tokens in enumerate(docs):
            lengths.append(len(tokens))
            for t in tokens:
                cols.append(vocab.setdefault(t, len(vocab)))
                rows.append(d)
        self.vocab = vocab
        self.n_docs = len(lengths)
        self._build(np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64),
                    np.asarray(lengths, dtype=np.float64))

    def _build(self, rows: np.ndarray, cols: np.ndarray, lengths: np.ndarray) -> None:
        """Postings per term (doc ids and precomputed BM25 term weights), and idf."""
        n_terms = len(self.vocab)
        if rows.size == 0:
            self._starts = np.zeros(n_terms + 1, dtype=np.int64)
            self._docs = np.zeros(0, dtype=np.int64)
            self._weights = np.zeros(0)
            self.idf = np.zeros(n_terms)
            return
        pair = cols * max(self.n_docs, 1) + rows
        uniq, tf = np.unique(pair, return_counts=True)
        term, doc = uniq // max(self.n_docs, 1), uniq % max(self.n_docs, 1)
        avgdl = lengths.mean() or 1.0
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[doc] / avgdl)
        self._weights = tf * (BM25_K1 + 1) / (tf + norm)
        self._docs = doc
        df = np.bincount(term, minlength=n_terms)
        self._starts = np.concatenate([[0], np.cumsum(df)])
        self.idf = np.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def scores(self, query_tokens: list[str], mask: Optional[np.ndarray] = None) -> np.ndarray:
        """BM25 score of every document for the query (0 where masked out)."""
        out = np.zeros(self.n_docs)
        for t in set(query_tokens):
            i = self.vocab.get(t)
            if i is None:
                continue
            a, b = self._starts[i], self._starts[i + 1]
            out[self._docs[a:b]] += self.idf[i] * self._weights[a:b]
        if mask is not None:
            out[~mask] = 0.0
        return out

    def top(self, query_tokens: list[str], n: int, mask: Optional[np.ndarray] = None) -> list[tuple[int, float]]:
        """The n best (doc index, score) pairs with a positive score, best first."""
        s = self.scores(query_tokens, mask)
        hits = np.flatnonzero(s > 0)
        if hits.size > n:
            hits = hits[np.argpartition(-s[hits], n - 1)[:n]]
        order = hits[np.argsort(-s[hits], kind="stable")]
        return [(int(i), float(s[i])) for i in order]
