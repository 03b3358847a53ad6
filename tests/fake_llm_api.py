"""A scripted OpenAI-compatible chat server: real HTTP on 127.0.0.1, `/v1/chat/completions` plain and streamed.

The real `langchain-openai` client under test talks to it over a socket, as it would to Ollama or vLLM.
Each request is recorded (the prompt the model would have read); the reply is chosen per question by a
script: a `Reply` for questions containing a phrase, or a function of the request. By default it echoes
the extractive answer it was sent, lightly reworded, as a faithful model would.

    with FakeLlmApi() as llm:
        llm.script("kinh tế số", Reply("Kinh tế số đạt 25% GRDP [1]."))
        llm.script("thủy lợi", Reply(status=500))
        ... Settings(llm_url=llm.url, llm_model="fake-vi") ...
        assert "25% GRDP" in llm.requests[0].prompt
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "fake-vi"


@dataclass(frozen=True)
class Reply:
    """What the server does with one request: a text (plain JSON or SSE, as the client asked), an HTTP
    error, a raw body, a delay before answering and between streamed chunks."""

    text: str | None = None
    status: int = 200
    body: str | None = None  # sent as is instead of a chat completion: "garbage"
    delay: float = 0.0  # seconds before the response starts
    chunk_delay: float = 0.0  # seconds between streamed chunks
    chunk_words: int = 3  # words per streamed chunk


@dataclass(frozen=True)
class ChatRequest:
    body: dict
    at: float

    @property
    def prompt(self) -> str:
        """Everything the model reads: the system message and the question with its evidence."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))

    @property
    def user(self) -> str:
        users = [m for m in self.body.get("messages", []) if m.get("role") == "user"]
        return str(users[-1].get("content", "")) if users else ""

    @property
    def question(self) -> str:
        m = re.search(r"Câu hỏi: (.*)", self.user)
        return m.group(1).strip() if m else ""

    @property
    def blocks(self) -> str:
        m = re.search(r"Khối nguồn:\n(.*?)\n\nKết quả đã tính", self.user, re.S)
        return m.group(1) if m else ""

    @property
    def extract(self) -> str:
        m = re.search(r"Kết quả đã tính[^\n]*\n(.*?)\n\nCâu trả lời", self.user, re.S)
        return m.group(1) if m else ""

    @property
    def rewrite(self) -> bool:
        """A follow-up to rewrite into a standalone question (retrieval/llm_followup.py), not an answer."""
        return "Câu hỏi trước:" in self.user

    @property
    def offline(self) -> str:
        """The offline resolver's reading a rewrite request carries."""
        m = re.search(r"Cách hiểu của bộ đọc tự động[^:]*: (.*)", self.user)
        return m.group(1).strip() if m else ""

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))


def echo(request: ChatRequest) -> Reply:
    """A faithful model: the extractive answer it was given, with a short lead-in of its own; a follow-up
    rewritten as the offline resolver read it."""
    if request.rewrite:
        return Reply(request.offline)
    return Reply("Theo các văn bản được trích dẫn: " + request.extract)


def inject_wrong_figure(request: ChatRequest) -> Reply:
    """An unfaithful model: the extractive answer with its first figure changed (digit + 1)."""
    text = echo(request).text or ""
    if request.rewrite:
        return Reply(text)
    m = re.search(r"(?<![\[\d])(\d+)(?![\]\d])", re.sub(r"\[[^\]]*\]", lambda x: "#" * len(x.group(0)), text))
    if not m:
        return Reply(text)
    wrong = str(int(m.group(1)) + 1)
    return Reply(text[: m.start()] + wrong + text[m.end() :])


class FakeLlmApi:
    def __init__(self, default: Callable[[ChatRequest], Reply] = echo) -> None:
        self.default = default
        self.requests: list[ChatRequest] = []
        self._scripts: list[tuple[str, Reply | Callable[[ChatRequest], Reply]]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first (use it as a context manager)"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def script(self, phrase: str, reply: Reply | Callable[[ChatRequest], Reply]) -> None:
        """Answer questions that contain `phrase` (case-insensitive) with `reply`; later scripts win."""
        with self._lock:
            self._scripts.insert(0, (phrase.lower(), reply))

    def reply_for(self, request: ChatRequest) -> Reply:
        with self._lock:
            scripts = list(self._scripts)
        for phrase, reply in scripts:
            if phrase in request.question.lower():
                return reply(request) if callable(reply) else reply
        return self.default(request)

    def __enter__(self) -> FakeLlmApi:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        server.daemon_threads = True
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def record(self, request: ChatRequest) -> None:
        with self._lock:
            self.requests.append(request)


def closed_port_url() -> str:
    """An address nothing listens on: a server that is down (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def _handler(api: FakeLlmApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet test output
            pass

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except json.JSONDecodeError:
                return self._json(400, {"error": {"message": "body is not JSON", "type": "invalid_request"}})
            request = ChatRequest(body, time.monotonic())
            api.record(request)
            reply = api.reply_for(request)
            if reply.delay:
                time.sleep(reply.delay)
            try:
                if reply.body is not None:
                    return self._raw(reply.status, reply.body)
                if reply.status != 200:
                    return self._json(reply.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                if request.stream:
                    return self._stream(reply)
                return self._json(200, _completion(reply.text or ""))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its deadline passed): what a real server sees too

        def _json(self, status: int, obj: dict) -> None:
            self._raw(status, json.dumps(obj, ensure_ascii=False), "application/json")

        def _raw(self, status: int, text: str, kind: str = "application/json") -> None:
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()  # HTTP/1.0: the body ends when the connection closes
            words = re.split(r"(?<=\s)", reply.text or "")
            pieces = ["".join(words[i : i + reply.chunk_words]) for i in range(0, len(words), reply.chunk_words)]
            for n, piece in enumerate(pieces or [""]):
                if n and reply.chunk_delay:
                    time.sleep(reply.chunk_delay)
                self._event(_chunk({"role": "assistant", "content": piece} if n == 0 else {"content": piece}))
            self._event(_chunk({}, finish="stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

        def _event(self, obj: dict) -> None:
            self.wfile.write(f"data: {json.dumps(obj, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()

    return Handler


def _completion(text: str) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(delta: dict, finish: str | None = None) -> dict:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


if __name__ == "__main__":  # a scripted server for `govqa eval` by hand (docs/llm.md): echo | inject
    import sys

    mode = sys.argv[1] if len(sys.argv) > 1 else "echo"
    behaviours = {"echo": echo, "inject": inject_wrong_figure}
    if mode not in behaviours:
        sys.exit(f"usage: python tests/fake_llm_api.py [{' | '.join(behaviours)}]")
    with FakeLlmApi(behaviours[mode]) as api:
        print(f"GOVQA_LLM_URL={api.url} GOVQA_LLM_MODEL={MODEL}", flush=True)
        threading.Event().wait()
