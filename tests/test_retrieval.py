"""Retrieval parts without a vector store: chunking, the offline embedder, jieba tokens, BM25, the section prior."""
from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest

from chains.retrieval.chunking import MAX_CHARS, MIN_CHARS, chunk_report, chunk_section
from chains.retrieval.embeddings import HashingEmbeddings, embedder_name, make_embeddings
from chains.retrieval.lexical import BM25, tokenize
from chains.retrieval.lexicon import SECTION_CUES, section_prior
from report import format as fmt
from report.parsed import ParsedReport
from settings import BUNDLED_CORPUS_DIR, PROJECT_ROOT, Settings

SECTION_ONE = """2024年，本局认真落实《条例》要求，公开工作平稳推进。

（一）主动公开

全年主动公开政府信息312条。其中工作动态120条，通知公告80条。

（二）依申请公开

本年度新收政府信息公开申请5件，全部按期答复。

（三）政府信息管理
1.制度建设
制定公开工作规程，明确属性认定和保密审查流程。
2.清理工作
对历年文件开展清理，废止文件3件。"""


def _report(**sections: str) -> ParsedReport:
    return ParsedReport(agency="青溪县测试局", year=2024, format="2021", sections=sections)


def test_chunks_never_cross_a_heading():
    chunks = chunk_section("一", SECTION_ONE, "青溪县测试局")
    labels = [c.subheading for c in chunks]
    assert labels == ["", "（一）主动公开", "（二）依申请公开", "（三）政府信息管理 · 1.制度建设",
                      "（三）政府信息管理 · 2.清理工作"]
    for c in chunks:
        lines = c.text.split("\n")
        heads = [i for i, line in enumerate(lines) if re.match(r"（[一二三]）|\d\.", line)]
        assert heads == list(range(len(heads)))  # headings only open a chunk, never stand inside it
        if c.subheading:
            assert lines[len(heads) - 1] == c.subheading.split(" · ")[-1]
    assert [c.position for c in chunks] == list(range(len(chunks)))


def test_long_paragraph_split_at_sentences_in_balanced_pieces():
    sentence = "本年度围绕重点领域持续加大信息公开力度，按季度更新专栏内容并开展自查。"  # 35 characters
    para = sentence * 40  # 1,400 characters
    chunks = chunk_section("五", f"（一）问题\n{para}")
    assert "".join(c.text.replace("\n", "") for c in chunks) == "（一）问题" + para
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert all(len(c.text) >= MIN_CHARS for c in chunks)
    assert all(c.text.endswith("。") for c in chunks)


def test_short_paragraphs_packed_together():
    text = "\n".join(f"第{i}段内容较短，只有一句话。" for i in range(30))
    chunks = chunk_section("一", text)
    assert len(chunks) < 10
    assert all(len(c.text) <= MAX_CHARS for c in chunks)


def test_tables_and_signature_left_out():
    report = _report(**{"二": "第二十条第（一）项\n信息内容\t本年制发件数\n规章\t0\n行政规范性文件\t1",
                        "六": "本年度未收取信息处理费。\n\n青溪县测试局\n2025年1月20日"})
    chunks = chunk_report(report)
    assert [c.section for c in chunks] == ["六"]
    assert chunks[0].text == "本年度未收取信息处理费。"


def test_bundled_corpus_chunks_fit_the_size_band():
    from report.parser import parse_file

    lengths = []
    for path in sorted(BUNDLED_CORPUS_DIR.glob("*.txt")):
        chunks = chunk_report(parse_file(path))
        assert chunks, path.name
        assert {c.section for c in chunks} <= set(fmt.NARRATIVE_SECTIONS)
        lengths += [len(c.text) for c in chunks]
    assert max(lengths) <= MAX_CHARS
    assert np.mean(lengths) >= MIN_CHARS


def test_hashing_embedder_is_deterministic_normalised_and_semantic():
    emb = HashingEmbeddings()
    docs = ["本年度未收取信息处理费。", "本年度没有收取信息处理费", "人大代表建议和政协提案办理结果公开"]
    vecs = np.array(emb.embed_documents(docs))
    assert vecs.shape == (3, emb.dim)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vecs[0], emb.embed_query(docs[0]), atol=1e-6)
    assert vecs[0] @ vecs[1] > 0.6 > vecs[0] @ vecs[2]
    assert np.allclose(emb.embed_query(""), 0.0)


def test_hashing_embedder_is_stable_across_processes():
    code = ("import sys; sys.path.insert(0, %r); from chains.retrieval.embeddings import HashingEmbeddings; "
            "print(repr(HashingEmbeddings().embed_query('政务公开工作要点落实情况')[:5]))" % str(PROJECT_ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    here = HashingEmbeddings().embed_query("政务公开工作要点落实情况")[:5]
    assert np.allclose(eval(out), here)


def test_hashing_embedder_embeds_a_batch_as_unit_rows_equal_to_single_queries():
    texts = [f"全年在本局信息公开专栏发布各类信息{i}条，其中工作动态和通知公告171条。" * 3 for i in range(200)]
    rows = np.asarray(HashingEmbeddings().embed_array(texts))
    assert rows.shape[0] == 200
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0)
    assert np.allclose(rows[7], HashingEmbeddings().embed_query(texts[7]))


def test_embedder_choice_and_name():
    assert isinstance(make_embeddings(Settings(_env_file=None)), HashingEmbeddings)
    endpoint = make_embeddings(Settings(_env_file=None, NIANBAO_EMBEDDING_MODEL="bge-m3",
                                        OPENAI_BASE_URL="http://127.0.0.1:9/v1"))
    assert embedder_name(endpoint) == "oai-bge-m3"
    assert embedder_name(HashingEmbeddings()).startswith("hash512")


def test_tokenize_drops_stopwords_and_numbers():
    tokens = tokenize("今年主动公开了多少条政府信息，共312条")
    assert "主动" in tokens or "主动公开" in tokens
    assert "的" not in tokens and "多少" not in tokens and "312" not in tokens


def test_jieba_prints_nothing():
    code = ("import sys; sys.path.insert(0, %r); from chains.retrieval.lexical import tokenize; "
            "tokenize('政府信息公开')" % str(PROJECT_ROOT))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stderr == "" and proc.stdout == ""


def test_bm25_ranks_and_masks():
    docs = [tokenize(t) for t in ("本年度未收取信息处理费", "人大代表建议和政协提案办理", "信息处理费收费标准和减免",
                                  "政务公开培训")]
    bm25 = BM25(docs)
    top = bm25.top(tokenize("信息处理费"), 5)
    assert {i for i, _ in top} == {0, 2}
    mask = np.array([False, True, True, True])
    assert [i for i, _ in bm25.top(tokenize("信息处理费"), 5, mask)] == [2]
    assert bm25.top(tokenize("完全无关的词语"), 5) == []


@pytest.mark.parametrize("query, section", [
    ("信息处理费收了没有", "六"), ("人大代表建议办理", "六"), ("下一步改进措施", "五"), ("存在的不足和短板", "五"),
    ("依申请公开办结情况", "一"), ("政务新媒体发布信息", "一"),
])
def test_section_prior_picks_the_section(query, section):
    prior = section_prior(query)
    assert max(prior, key=prior.get) == section
    assert abs(sum(prior.values()) - 1) < 1e-9


def test_section_prior_is_uniform_without_cues_and_data_is_narrative_only():
    assert len(set(section_prior("你好").values())) == 1
    assert set(SECTION_CUES) == set(fmt.NARRATIVE_SECTIONS)
