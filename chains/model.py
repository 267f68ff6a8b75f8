"""Model factory: ChatOpenAI against any OpenAI-compatible server, Chinese errors, retries with backoff."""
from __future__ import annotations

import json
import random
import re
import time
from typing import Any, Callable, Iterable, Iterator, Optional, TypeVar
from urllib.parse import urlsplit

import httpx
import openai
from langchain_core.exceptions import ContextOverflowError
from pydantic import SecretStr

from report.errors import NianbaoError
from report.replies import (PARTIAL_MARK, ReplyFormatError, TidyReply, bare_text, max_stream_chars, scrub_secret,
                            tidy_reply, tidy_subhead)
from report.subheads import SubHead
from settings import Settings, get_settings

T = TypeVar("T")
OFFLINE_MODEL_NAME = "离线起草"
OFFLINE_STATUS = ("离线模式：未配置模型，使用内置离线起草。"
                  "配置 OPENAI_BASE_URL、OPENAI_API_KEY 和 NIANBAO_MODEL 即可接入模型。")
OPENAI_HOST = "api.openai.com"
NO_KEY = "not-needed"  # local servers (Ollama, llama.cpp, vLLM) take any key, but the client wants one
BACKOFF_BASE = 1.0  # seconds; the n-th retry waits BACKOFF_BASE * 2**n (plus jitter), or what Retry-After asks
BACKOFF_MAX = 20.0
_CONTEXT = re.compile(r"context[_ ](?:length|window)|maximum context|too many tokens|上下文", re.I)


class ModelError(NianbaoError):
    """A configured model could not answer; the message is Chinese; `partial` keeps any text already received."""

    retryable = False

    def __init__(self, message: str, *, partial: str = "", status: Optional[int] = None):
        super().__init__(message)
        self.partial = partial
        self.status = status


class ModelUnreachableError(ModelError):
    """The endpoint does not answer at all (连接失败)."""

    retryable = True


class ModelAuthError(ModelError):
    """The endpoint refuses the key (401/403, 密钥无效)."""


class ModelRateLimitError(ModelError):
    """The endpoint rate-limits us (429, 请求过多)."""

    retryable = True


class ModelServerError(ModelError):
    """The endpoint fails (5xx, 模型服务出错)."""

    retryable = True


class ModelTimeoutError(ModelError):
    """The endpoint took longer than NIANBAO_TIMEOUT (超时)."""

    retryable = True


class ModelRequestError(ModelError):
    """The endpoint rejects the request itself (400/404/422: wrong model name, unsupported parameter)."""


class ModelReplyError(ModelError):
    """The reply came back but cannot be used (empty, or not the JSON that was asked for)."""


class ModelStreamError(ModelReplyError):
    """The streamed reply is malformed (a server-sent event that is not JSON, 数据格式错误)."""


class ModelCutError(ModelReplyError):
    """The streamed reply stopped before its end (连接被关闭、没有结束标记)."""


class ModelFormatError(ModelReplyError):
    """The reply is not Chinese section text (an English reply); it is not kept."""


# ---------------------------------------------------------------- factory and status


def _settings(settings: Optional[Settings]) -> Settings:
    return settings if settings is not None else get_settings()


def model_host(settings: Optional[Settings] = None) -> str:
    """Host (and port) of the configured endpoint, without any credentials in the URL."""
    s = _settings(settings)
    if not s.openai_base_url:
        return OPENAI_HOST
    parts = urlsplit(s.openai_base_url)
    return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else s.openai_base_url


def model_status(settings: Optional[Settings] = None) -> str:
    """One Chinese line saying which model is in use, or that the offline drafter is (never shows the key)."""
    s = _settings(settings)
    if s.llm_configured:
        return f"已连接模型：{s.model} @ {model_host(s)}"
    if s.openai_base_url or s.openai_api_key:
        return "离线模式：已配置模型服务地址或密钥，但未设置 NIANBAO_MODEL（模型名称），使用内置离线起草。"
    if s.model:
        return f"离线模式：已设置模型 {s.model}，但未配置 OPENAI_BASE_URL 或 OPENAI_API_KEY，使用内置离线起草。"
    return OFFLINE_STATUS


def model_name(llm: Any) -> str:
    """The model name of a chat model, or 离线起草 for None."""
    if llm is None:
        return OFFLINE_MODEL_NAME
    return str(getattr(llm, "model_name", None) or getattr(llm, "model", None) or type(llm).__name__)


def _token_limit_body(s: Settings) -> Optional[dict[str, Any]]:
    """`max_tokens` in the request body for non-OpenAI servers (llama.cpp ignores max_completion_tokens)."""
    if model_host(s) == OPENAI_HOST:
        return None  # OpenAI itself takes max_completion_tokens and refuses the deprecated field on newer models
    return {"max_tokens": s.max_tokens}


def get_chat_model(settings: Optional[Settings] = None) -> Any:
    """ChatOpenAI for the configured endpoint, or None when no model is configured (offline drafting)."""
    s = _settings(settings)
    if not s.llm_configured:
        return None
    from langchain_openai import ChatOpenAI

    key = s.openai_api_key or SecretStr(NO_KEY)
    kwargs: dict[str, Any] = {}
    if s.openai_base_url:
        kwargs["base_url"] = s.openai_base_url
    if extra := _token_limit_body(s):
        kwargs["extra_body"] = extra
    return ChatOpenAI(model=s.model, api_key=key, temperature=s.temperature, timeout=s.timeout, max_retries=0,
                      max_tokens=s.max_tokens, **kwargs)  # no `streaming`: .stream() streams, .invoke() does not


# ---------------------------------------------------------------- errors


def _where(settings: Optional[Settings]) -> str:
    s = _settings(settings)
    return f"{s.model or '模型'} @ {model_host(s)}"


def _scrub(text: str, settings: Optional[Settings]) -> str:
    s = _settings(settings)
    key = s.openai_api_key.get_secret_value() if s.openai_api_key else ""
    text = text.replace(key, "***") if key else text
    return text[:200]


def _server_message(exc: openai.APIStatusError, settings: Optional[Settings]) -> str:
    body = exc.body.get("error", exc.body) if isinstance(exc.body, dict) else None
    msg = body.get("message") if isinstance(body, dict) else None
    return _scrub(str(msg or exc.message or ""), settings)


def translate_error(exc: BaseException, *, retried: int = 0, partial: str = "",
                    settings: Optional[Settings] = None) -> Optional[ModelError]:
    """The Chinese ModelError for an exception of the OpenAI client or transport; None if it is not one."""
    if isinstance(exc, ModelError):
        return exc
    where = _where(settings)
    tail = f"已重试 {retried} 次。" if retried else ""
    kept = f"中断前已收到 {len(partial)} 字。" if partial else ""
    if isinstance(exc, (openai.APITimeoutError, httpx.TimeoutException)):
        t = _settings(settings).timeout
        return ModelTimeoutError(f"模型服务超时：{where} 在 {t:g} 秒内没有答复。{tail}{kept}"
                                 "可稍后重试，或调大 NIANBAO_TIMEOUT。", partial=partial)
    if isinstance(exc, (openai.APIConnectionError, httpx.TransportError)):
        return ModelUnreachableError(f"连接失败：无法连接模型服务 {where}。{tail}{kept}"
                                     "请检查 OPENAI_BASE_URL 是否正确、服务是否已启动。", partial=partial)
    if isinstance(exc, ContextOverflowError):
        return ModelRequestError(f"输入超过模型的上下文长度：{where}。{kept}请换用上下文更长的模型，"
                                 "或减少要点和参考片段。", partial=partial, status=getattr(exc, "status_code", None))
    if isinstance(exc, openai.APIStatusError):
        code = exc.status_code
        if code in (401, 403):
            return ModelAuthError(f"密钥无效：模型服务 {where} 拒绝了 OPENAI_API_KEY（{code}）。{kept}"
                                  "请检查密钥是否正确、是否有权使用该模型。", partial=partial, status=code)
        if code == 429:
            return ModelRateLimitError(f"请求过多：模型服务 {where} 限制了请求频率（429），已重试 {retried} 次仍未成功。"
                                       f"{kept}请稍后再试，或检查账户额度。", partial=partial, status=code)
        if code >= 500:
            return ModelServerError(f"模型服务出错：{where} 返回 {code}。{tail}{kept}请稍后再试。",
                                    partial=partial, status=code)
        detail = _server_message(exc, settings)
        if _CONTEXT.search(detail):
            return translate_error(ContextOverflowError(detail), partial=partial, settings=settings)
        hint = ("请检查 NIANBAO_MODEL 是否为该服务提供的模型名称。" if code == 404
                else "该服务不接受这次请求的参数，请检查模型名称和服务类型。")
        return ModelRequestError(f"模型服务拒绝了请求：{where} 返回 {code}（{detail}）。{kept}{hint}",
                                 partial=partial, status=code)
    if isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)):
        return ModelStreamError(f"模型服务返回的数据格式错误（流式答复中有一段不是合法的 JSON 或 UTF-8 文字）：{where}。{tail}{kept}"
                                "请检查 OPENAI_BASE_URL 指向的是否为 OpenAI 兼容接口，或稍后重试。", partial=partial)
    if isinstance(exc, ReplyFormatError):
        return ModelFormatError(str(exc), partial=partial)
    if isinstance(exc, openai.OpenAIError):
        return ModelReplyError(f"模型服务返回了无法使用的答复：{where}（{_scrub(str(exc), settings)}）。{kept}",
                               partial=partial)
    return None


def too_long_error(partial: str) -> ModelCutError:
    """The error of a streamed reply that went on past max_stream_chars (the server ignored the token limit)."""
    return ModelCutError(f"模型的答复超过 {max_stream_chars()} 字仍未结束，已停止接收（服务可能未遵守 NIANBAO_MAX_TOKENS）。"
                         f"中断前已收到 {len(partial)} 字。", partial=partial)


def cut_error(partial: str) -> ModelCutError:
    """The error of a streamed reply that ended without its finish reason (the connection was closed)."""
    kept = f"中断前已收到 {len(partial)} 字。" if partial else ""
    return ModelCutError(f"模型的答复中途中断（连接被关闭，没有结束标记）。{kept}请重试。", partial=partial)


# ---------------------------------------------------------------- replies: the key scrubbed, the text made fit


def api_key(settings: Optional[Settings] = None) -> str:
    """The configured API key ("" when none)."""
    key = _settings(settings).openai_api_key
    return key.get_secret_value() if key else ""


class SecretScrubber:
    """Scrubs the API key from a stream chunk by chunk, holding back a tail that may be the key's beginning."""

    def __init__(self, secret: str):
        self.secret = secret if len(secret) >= 4 else ""
        self.buf = ""

    def feed(self, chunk: str) -> str:
        """The text this chunk makes safe to show."""
        if not self.secret:
            return chunk
        self.buf = scrub_secret(self.buf + chunk, self.secret)
        keep = next((n for n in range(min(len(self.secret) - 1, len(self.buf)), 0, -1)
                     if self.secret.startswith(self.buf[-n:])), 0)
        out, self.buf = self.buf[:len(self.buf) - keep], self.buf[len(self.buf) - keep:]
        return out

    def finish(self) -> str:
        """What is still held back once the stream has ended."""
        out, self.buf = self.buf, ""
        return out


def tidy_section(num: str, text: str, settings: Optional[Settings] = None) -> TidyReply:
    """A model's reply for a section as it may be kept (report/replies.py); ModelFormatError when it may not."""
    try:
        return tidy_reply(num, text, api_key(settings))
    except ReplyFormatError as e:
        raise ModelFormatError(str(e), partial=text) from None


def tidy_subhead_reply(sub: SubHead, text: str, settings: Optional[Settings] = None) -> TidyReply:
    """One sub-head's reply of section 一 as it may be kept; ModelFormatError when it may not."""
    try:
        return tidy_subhead(sub, text, api_key(settings))
    except ReplyFormatError as e:
        raise ModelFormatError(str(e), partial=text) from None


def kept_partial(num: str, err: ModelError, settings: Optional[Settings] = None) -> Optional[TidyReply]:
    """What arrived before a failure, tidied and marked as an unfinished draft; None when nothing usable arrived."""
    if not err.partial.strip():
        return None
    try:
        tidy = tidy_reply(num, err.partial, api_key(settings))
    except ReplyFormatError:
        return None
    if not bare_text(tidy.text):
        return None  # only sub-head lines arrived
    tidy.text = f"{PARTIAL_MARK}\n{tidy.text}"
    return tidy


def fallback_message(num: str, err: ModelError, kept: Optional[TidyReply]) -> str:
    """What became of a section whose model call failed: its partial kept (marked), or the offline text instead."""
    if kept is not None:
        return f"{err}中断前收到的部分已作为第{num}部分的未完成稿保留（开头有标注），请补全或重新起草。"
    return f"{err}本部分已改用离线起草。"


def _retry_after(exc: BaseException) -> Optional[float]:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return min(float(value), BACKOFF_MAX) if value is not None else None
    except ValueError:
        return None


def backoff_delay(attempt: int, exc: Optional[BaseException] = None) -> float:
    """Seconds to wait before retry number attempt+1: Retry-After when the server sends it, else exponential."""
    if exc is not None and (after := _retry_after(exc)) is not None:
        return after
    return min(BACKOFF_BASE * 2 ** attempt, BACKOFF_MAX) * (1 + random.random() * 0.25)


def _max_retries(retries: Optional[int], settings: Optional[Settings]) -> int:
    return max(0, _settings(settings).max_retries if retries is None else retries)


def call_with_retries(fn: Callable[[], T], *, retries: Optional[int] = None, settings: Optional[Settings] = None,
                      sleep: Callable[[float], None] = time.sleep) -> T:
    """Call fn; on 429/5xx/timeout/connection errors retry with backoff; raise a Chinese ModelError at the end."""
    limit = _max_retries(retries, settings)
    attempt = 0
    while True:
        try:
            result = fn()
            return scrub_secret(result, api_key(settings)) if isinstance(result, str) else result  # type: ignore
        except Exception as exc:  # noqa: BLE001 — only model errors are translated, the rest re-raised
            err = translate_error(exc, retried=attempt, settings=settings)
            if err is None:
                raise
            if not err.retryable or attempt >= limit:
                raise err from exc
            sleep(backoff_delay(attempt, exc))
            attempt += 1


def stream_with_retries(make_stream: Callable[[], Iterable[str]], *, retries: Optional[int] = None,
                        settings: Optional[Settings] = None,
                        sleep: Callable[[float], None] = time.sleep) -> Iterator[str]:
    """Yield a stream's chunks, key scrubbed; retried like call_with_retries until the first chunk; partial kept."""
    limit = _max_retries(retries, settings)
    attempt = 0
    parts: list[str] = []
    scrubber, received, most = SecretScrubber(api_key(settings)), 0, max_stream_chars()
    while True:
        try:
            for chunk in make_stream():
                if isinstance(chunk, str) and not (chunk := scrubber.feed(chunk)):
                    continue
                received += len(chunk) if isinstance(chunk, str) else 0
                if received > most:
                    raise too_long_error("".join(parts))
                parts.append(chunk)
                yield chunk
            if tail := scrubber.finish():
                parts.append(tail)
                yield tail
            return
        except Exception as exc:  # noqa: BLE001
            held = scrubber.finish()
            err = translate_error(exc, retried=attempt, partial="".join(parts) + held, settings=settings)
            if err is None:
                raise
            if parts or not err.retryable or attempt >= limit:
                raise err from exc
            sleep(backoff_delay(attempt, exc))
            attempt += 1
