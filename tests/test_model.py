"""Model factory over real HTTP against the fake server: payload, streaming, Chinese errors, retries, status line."""
import socket

import httpx
import openai

import pytest
from langchain_core.messages import HumanMessage

from chains.model import (OFFLINE_STATUS, ModelAuthError, ModelRateLimitError, ModelRequestError, ModelServerError,
                          ModelTimeoutError,
                          ModelUnreachableError, call_with_retries, get_chat_model, model_status, stream_with_retries)
from fake_openai import Reply, configure_env
from settings import Settings, get_settings

KEY = "sk-fake-secret-key"


def _invoke(llm, text="你好"):
    return call_with_retries(lambda: llm.invoke([HumanMessage(text)]))


def test_offline_when_nothing_is_configured():
    assert get_chat_model() is None
    assert model_status() == OFFLINE_STATUS


def test_partial_configuration_stays_offline_and_says_what_is_missing(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    get_settings.cache_clear()
    assert get_chat_model() is None
    assert "NIANBAO_MODEL" in model_status() and model_status().startswith("离线模式")


def test_status_names_model_and_host_but_never_the_key(fake_openai):
    status = model_status()
    assert status == f"已连接模型：fake-model @ 127.0.0.1:{fake_openai.port}"
    llm = get_chat_model()
    assert KEY not in status and KEY not in repr(llm) and KEY not in str(llm.model_dump())


def test_credentials_in_the_url_are_not_shown():
    s = Settings(OPENAI_BASE_URL="https://user:pw@llm.example.org/v1", OPENAI_API_KEY="k", NIANBAO_MODEL="qwen")
    assert model_status(s) == "已连接模型：qwen @ llm.example.org"


def test_plain_reply_and_request_body_carries_both_token_limits(fake_openai):
    fake_openai.script("这是回答。")
    llm = get_chat_model()
    assert llm.max_retries == 0
    assert _invoke(llm).content == "这是回答。"
    body = fake_openai.requests[0]
    assert body["max_tokens"] == 800 and body["max_completion_tokens"] == 800  # llama.cpp reads max_tokens
    assert body["model"] == "fake-model" and body["stream"] is False and body["temperature"] == 0.3
    assert fake_openai.headers[0]["authorization"] == f"Bearer {KEY}"


def test_official_openai_endpoint_gets_no_deprecated_max_tokens():
    llm = get_chat_model(Settings(OPENAI_API_KEY="sk-x", NIANBAO_MODEL="gpt-4o-mini", NIANBAO_MAX_TOKENS=700))
    assert llm.extra_body is None and llm.max_tokens == 700


def test_local_server_without_key_gets_a_placeholder_key(fake_openai, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    get_settings.cache_clear()
    fake_openai.script("好。")
    assert _invoke(get_chat_model()).content == "好。"
    assert fake_openai.headers[0]["authorization"] == "Bearer not-needed"


def test_streaming_reply_arrives_in_pieces(fake_openai):
    fake_openai.script("依法依规做好政府信息公开工作，持续提升公开质量。")
    llm = get_chat_model()
    chunks = [c.content for c in stream_with_retries(lambda: llm.stream([HumanMessage("写")]))]
    assert len([c for c in chunks if c]) > 5
    assert "".join(chunks) == "依法依规做好政府信息公开工作，持续提升公开质量。"
    assert fake_openai.requests[0]["stream"] is True and fake_openai.requests[0]["max_tokens"] == 800


def test_401_is_not_retried_and_says_the_key_is_refused(fake_openai):
    fake_openai.script(Reply(status=401, error=f"Incorrect API key provided: {KEY}"))
    with pytest.raises(ModelAuthError) as e:
        _invoke(get_chat_model())
    assert "密钥无效" in str(e.value) and "OPENAI_API_KEY" in str(e.value) and KEY not in str(e.value)
    assert len(fake_openai.requests) == 1


def test_429_is_retried_with_backoff_then_succeeds(fake_openai):
    fake_openai.script(Reply(status=429), Reply(status=429), "终于成功。")
    assert _invoke(get_chat_model()).content == "终于成功。"
    assert len(fake_openai.requests) == 3


def test_429_that_persists_says_how_often_it_retried(fake_openai):
    fake_openai.script(*[Reply(status=429)] * 3)
    with pytest.raises(ModelRateLimitError) as e:
        _invoke(get_chat_model())
    assert "请求过多" in str(e.value) and "已重试 2 次" in str(e.value)
    assert len(fake_openai.requests) == 3


def test_retry_after_header_is_honoured(fake_openai):
    waits = []
    fake_openai.script(Reply(status=429, headers={"Retry-After": "3"}), "好。")
    llm = get_chat_model()
    assert call_with_retries(lambda: llm.invoke("x"), sleep=waits.append).content == "好。"
    assert waits == [3.0]


def test_500_is_retried_and_reported_as_a_service_error(fake_openai):
    fake_openai.script(Reply(status=500), "恢复了。")
    assert _invoke(get_chat_model()).content == "恢复了。"
    fake_openai.script(*[Reply(status=503)] * 3)
    with pytest.raises(ModelServerError) as e:
        _invoke(get_chat_model())
    assert "模型服务出错" in str(e.value) and "503" in str(e.value)


def test_timeout_gives_a_chinese_message(fake_openai, monkeypatch):
    configure_env(monkeypatch, fake_openai, timeout=0.3, retries=1)
    fake_openai.script(Reply(delay=2.0), Reply(delay=2.0))
    with pytest.raises(ModelTimeoutError) as e:
        _invoke(get_chat_model())
    assert "超时" in str(e.value) and "NIANBAO_TIMEOUT" in str(e.value)
    assert len(fake_openai.requests) == 2


def test_unreachable_endpoint_says_connection_failed(monkeypatch):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before use: nothing listens there
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("NIANBAO_MODEL", "m")
    monkeypatch.setenv("NIANBAO_MAX_RETRIES", "0")
    get_settings.cache_clear()
    with pytest.raises(ModelUnreachableError) as e:
        _invoke(get_chat_model())
    assert "连接失败" in str(e.value) and "OPENAI_BASE_URL" in str(e.value)


def test_stream_retries_only_before_the_first_chunk(fake_openai):
    llm = get_chat_model()
    fake_openai.script(Reply(status=500), "重试后的流。")
    text = "".join(c.content for c in stream_with_retries(lambda: llm.stream("x")))
    assert text == "重试后的流。" and len(fake_openai.requests) == 2

    def failing_midway():
        yield "已写出的半句"
        raise openai.APIConnectionError(request=httpx.Request("POST", fake_openai.base_url))

    calls = []
    with pytest.raises(ModelUnreachableError) as e:
        for _ in stream_with_retries(lambda: calls.append(1) or failing_midway()):
            pass
    assert e.value.partial == "已写出的半句" and "中断前已收到 6 字" in str(e.value) and len(calls) == 1
    assert "已保留" not in str(e.value)  # the caller says what it keeps (issue 17: the message must be true)


def test_wrong_model_name_and_context_overflow_get_their_own_messages(fake_openai):
    fake_openai.script(Reply(status=404, error="The model `fake-modle` does not exist"))
    with pytest.raises(ModelRequestError) as e:
        _invoke(get_chat_model())
    assert "NIANBAO_MODEL" in str(e.value) and "does not exist" in str(e.value) and len(fake_openai.requests) == 1
    fake_openai.script(Reply(status=400, error="This model's maximum context length is 4096 tokens; "
                                               "your messages exceed the context window"))
    with pytest.raises(ModelRequestError, match="上下文长度"):
        _invoke(get_chat_model())
