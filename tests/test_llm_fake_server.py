"""The fake OpenAI-compatible server itself: embeddings, recording, scripted queue, responder, concurrency count."""
import math

import openai

from fake_openai import EMBEDDING_DIM, FakeOpenAI, Reply, embed, tokens


def _cos(a, b):
    return sum(x * y for x, y in zip(a, b))


def test_embeddings_are_deterministic_unit_vectors_over_http(fake_openai):
    from langchain_openai import OpenAIEmbeddings

    emb = OpenAIEmbeddings(model="fake-embed", base_url=fake_openai.base_url, api_key="k",
                           check_embedding_ctx_length=False)
    a, b, c = emb.embed_documents(["依申请公开办理情况", "依申请公开办理情况良好", "行政复议行政诉讼"])
    assert len(a) == EMBEDDING_DIM and math.isclose(_cos(a, a), 1.0, rel_tol=1e-6)
    assert _cos(a, b) > _cos(a, c)
    assert a == embed("依申请公开办理情况") == emb.embed_query("依申请公开办理情况")
    assert fake_openai.embedding_requests[0]["input"][0] == "依申请公开办理情况"


def test_queue_then_responder_then_default_and_every_body_is_recorded():
    with FakeOpenAI(default="默认。") as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        server.script("第一。")
        server.responder = lambda body: Reply(text="按内容答复。") if "甲" in str(body["messages"]) else None

        def ask(text):
            reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": text}])
            return reply.choices[0].message.content

        assert [ask("甲"), ask("甲"), ask("乙")] == ["第一。", "按内容答复。", "默认。"]
        assert [b["messages"][0]["content"] for b in server.requests] == ["甲", "甲", "乙"]
        assert server.prompts() == ["甲", "甲", "乙"] and server.max_in_flight == 1


def test_streamed_tokens_rejoin_to_the_text():
    text = "本年度新收申请5件，办结5件（100%）。OK"
    assert "".join(tokens(text)) == text and len(tokens(text)) > 8
