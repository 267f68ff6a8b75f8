"""A fake OpenAI-compatible server on 127.0.0.1 for tests and benchmarks: scripted replies, SSE streaming, recording."""
from __future__ import annotations

import hashlib
import json
import math
import re
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional

EMBEDDING_DIM = 64
_TOKEN = re.compile(r"[A-Za-z]+|\d+|\s+|[^\w\s]|[\u4e00-\u9fff]{1,2}|.", re.S)


@dataclass
class Reply:
    """One scripted answer: text (or a JSON-able object), an HTTP status, and delays."""

    text: str = "好的。"
    status: int = 200
    delay: float = 0.0  # seconds before the response starts (a client timeout shorter than this fails)
    token_delay: Optional[float] = None  # seconds between streamed tokens; None = the server's default
    headers: dict[str, str] = field(default_factory=dict)
    error: str = ""  # error message for status >= 400
    cut_after: Optional[int] = None  # streaming: drop the connection after this many tokens
    finish: str = "stop"  # finish_reason ("length" when the token limit was hit)
    gate: Optional[threading.Event] = None  # the response waits until the test sets this event (or the server stops)
    malformed_after: Optional[int] = None  # streaming: after this many tokens send an event that is not JSON
    chunk_chars: Optional[int] = None  # streaming: send the text this many characters per event (long replies)


ENGLISH_REPLY = ("In 2024 the bureau continued to strengthen its government information disclosure work. "
                 "It published policy documents on its website and answered every request within the time limit.")
TABLE_REPLY = ("## 工作亮点\n本局持续推进政府信息公开工作。\n\n| 项目 | 数量 |\n|---|---|\n| 收到申请 | 9999件 |\n"
               "| 公开信息 | 5000条 |\n\n**下一步**，本局将进一步提高公开质量。")
LONG_SENTENCE = "本局持续深化政务公开，认真落实各项工作要求，不断提升公开质量和实效。"


def malformed_reply(text: str = "本局持续推进政府信息公开工作，", after: int = 3) -> "Reply":
    """A streamed reply that sends a few tokens, then an event that is not JSON, then closes."""
    return Reply(text=text + "后面的文字不会到达。", malformed_after=after)


def long_reply(chars: int = 90_000) -> "Reply":
    """A reply of about `chars` characters, streamed 1,000 characters per event."""
    return Reply(text=LONG_SENTENCE * (chars // len(LONG_SENTENCE) + 1), chunk_chars=1000)


def key_echo_reply(key: str, text: str = "本局持续推进政府信息公开工作。") -> "Reply":
    """A reply that repeats the API key the request was sent with (a prompt-injected model)."""
    return Reply(text=f"{text}调试信息：密钥为{key}，请勿外传。")


def tokens(text: str) -> list[str]:
    """Split text into pseudo-tokens (two CJK characters, one word, one symbol) for streaming."""
    return _TOKEN.findall(text)


def embed(text: str, dim: int = EMBEDDING_DIM) -> list[float]:
    """A deterministic unit vector from the character bigrams of text (similar texts get similar vectors)."""
    vec = [0.0] * dim
    grams = [text[i:i + 2] for i in range(max(len(text) - 1, 1))]
    for g in grams:
        h = hashlib.md5(g.encode("utf-8")).digest()
        vec[h[0] % dim] += 1.0 if h[1] % 2 else -1.0
    norm = math.sqrt(sum(v * v for v in vec)) or 1.0
    return [v / norm for v in vec]


def _last_user_text(body: dict) -> str:
    msgs = body.get("messages") or []
    for m in reversed(msgs):
        if m.get("role") == "user":
            c = m.get("content")
            return c if isinstance(c, str) else json.dumps(c, ensure_ascii=False)
    return ""


class FakeOpenAI:
    """A real HTTP server speaking the OpenAI chat-completions and embeddings protocol, with a reply queue."""

    def __init__(self, default: str = "好的。", token_delay: float = 0.0, model: str = "fake-model"):
        self.default = default
        self.token_delay = token_delay
        self.model = model
        self.requests: list[dict[str, Any]] = []  # every chat request body, in arrival order
        self.headers: list[dict[str, str]] = []  # the headers of each chat request
        self.embedding_requests: list[dict[str, Any]] = []
        self.responder: Optional[Callable[[dict], Optional[Reply]]] = None  # consulted when the queue is empty
        self.in_flight = 0  # chat requests being answered right now
        self.max_in_flight = 0  # the most chat requests answered at the same time
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    # ------------------------------------------------------------ control

    @property
    def port(self) -> int:
        """The free port the server listens on."""
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """The OpenAI base URL (ends in /v1)."""
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> "FakeOpenAI":
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and wake any reply that is still waiting."""
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeOpenAI":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def script(self, *replies: Reply | str) -> None:
        """Queue replies, one per coming chat request (a str is a plain 200 text reply)."""
        with self._lock:
            self._queue.extend(Reply(text=r) if isinstance(r, str) else r for r in replies)

    def prompts(self) -> list[str]:
        """All message contents of every recorded chat request, joined per request."""
        return ["\n".join(str(m.get("content", "")) for m in b.get("messages", [])) for b in self.requests]

    def _next(self, body: dict) -> Reply:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        if self.responder is not None and (reply := self.responder(body)) is not None:
            return reply
        return Reply(text=self.default)

    # ------------------------------------------------------------ HTTP

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except json.JSONDecodeError:
                    self._json(400, {"error": {"message": "invalid json", "type": "invalid_request_error"}})
                    return
                try:
                    if self.path.rstrip("/").endswith("/chat/completions"):
                        self._chat(body)
                    elif self.path.rstrip("/").endswith("/embeddings"):
                        self._embeddings(body)
                    else:
                        self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
                except OSError:
                    pass  # the client gave up (timeout test)

            def _embeddings(self, body: dict) -> None:
                fake.embedding_requests.append(body)
                items = body.get("input")
                if isinstance(items, str) or (isinstance(items, list) and items and isinstance(items[0], int)):
                    items = [items]
                data = [{"object": "embedding", "index": i,
                         "embedding": embed(x if isinstance(x, str) else " ".join(map(str, x)))}
                        for i, x in enumerate(items or [])]
                self._json(200, {"object": "list", "data": data, "model": body.get("model", fake.model),
                                 "usage": {"prompt_tokens": 0, "total_tokens": 0}})

            def _chat(self, body: dict) -> None:
                with fake._lock:
                    fake.requests.append(body)
                    fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    self._answer(body, fake._next(body))
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

            def _answer(self, body: dict, reply: Reply) -> None:
                if reply.delay and fake._stop.wait(reply.delay):
                    return
                while reply.gate is not None and not reply.gate.wait(0.05):
                    if fake._stop.is_set():
                        return
                if reply.status >= 400:
                    kind = {401: "invalid_api_key", 429: "rate_limit_exceeded"}.get(reply.status, "server_error")
                    self._json(reply.status, {"error": {"message": reply.error or f"fake error {reply.status}",
                                                        "type": kind, "code": kind}}, reply.headers)
                    return
                if body.get("stream"):
                    self._stream(body, reply)
                else:
                    self._json(200, _completion(body, reply.text, fake.model, reply.finish), reply.headers)

            def _stream(self, body: dict, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                delay = fake.token_delay if reply.token_delay is None else reply.token_delay
                self._event(_chunk(body, fake.model, {"role": "assistant", "content": ""}))
                pieces = (tokens(reply.text) if reply.chunk_chars is None else
                          [reply.text[i:i + reply.chunk_chars] for i in range(0, len(reply.text), reply.chunk_chars)])
                for i, tok in enumerate(pieces):
                    if delay and fake._stop.wait(delay):
                        return
                    if reply.cut_after is not None and i >= reply.cut_after:
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    if reply.malformed_after is not None and i >= reply.malformed_after:
                        self.wfile.write(b'data: {"id": "chatcmpl-fake", "choices": [{"delta": {"content": "x\n\n')
                        self.wfile.flush()
                        return
                    self._event(_chunk(body, fake.model, {"content": tok}))
                self._event(_chunk(body, fake.model, {}, finish=reply.finish))
                if (body.get("stream_options") or {}).get("include_usage"):
                    usage = _usage(body, reply.text)
                    self._event({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                                 "model": fake.model, "choices": [], "usage": usage})
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, obj: dict) -> None:
                self.wfile.write(b"data: " + json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n\n")
                self.wfile.flush()

        return Handler


def _usage(body: dict, text: str) -> dict[str, int]:
    prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    completion = len(tokens(text))
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _completion(body: dict, text: str, model: str, finish: str = "stop") -> dict:
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}],
            "usage": _usage(body, text)}


def _chunk(body: dict, model: str, delta: dict, finish: str | None = None) -> dict:
    return {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def configure_env(monkeypatch: Any, server: FakeOpenAI, *, key: str = "sk-fake-secret-key", timeout: float = 5.0,
                  retries: int = 2, max_tokens: int = 800) -> None:
    """Point the settings at the fake server (OPENAI_BASE_URL, key, model, timeout, retries, token limit)."""
    from settings import get_settings

    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", key)
    monkeypatch.setenv("NIANBAO_MODEL", server.model)
    monkeypatch.setenv("NIANBAO_TIMEOUT", str(timeout))
    monkeypatch.setenv("NIANBAO_MAX_RETRIES", str(retries))
    monkeypatch.setenv("NIANBAO_MAX_TOKENS", str(max_tokens))
    monkeypatch.setattr("chains.model.BACKOFF_BASE", 0.01)  # retries stay fast in tests
    get_settings.cache_clear()


def last_user_text(server: FakeOpenAI, index: int = -1) -> str:
    """The last user message of a recorded request."""
    return _last_user_text(server.requests[index])
