"""A fake Telegram Bot API server: real HTTP on 127.0.0.1, the methods govqa uses, every call recorded.

It runs in a background thread (uvicorn + Starlette), so the real PTB Application under test talks to
it over sockets exactly as it would to api.telegram.org. It checks what Telegram checks where it
matters to us (HTML markup, message length, unknown chats), delivers updates by long polling or to a
registered webhook (carrying out a Bot API call the webhook's response names, as Telegram does), and can be
told to fail: 429 with retry_after, 500, or "can't parse entities".
Uploads (sendPhoto) arrive as multipart/form-data, as PTB sends them; the file is kept as bytes.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import html
import json
import logging
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

TOKEN = "123456789:AAFakeTokenForTestsOnly_0123456789abc"
JSON_FIELDS = {
    "reply_markup",
    "reply_parameters",
    "link_preview_options",
    "entities",
    "allowed_updates",
    "commands",
    "scope",
}
INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "max_connections"}
TELEGRAM_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
    "tg-emoji",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:=\"[^\"]*\"|='[^']*'|=[^\s>]+)?)*)\s*>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


# What uvicorn says when lose_response_next cuts a response: expected, so not shown.
logging.getLogger("uvicorn.error").addFilter(lambda r: "without completing response" not in r.getMessage())


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def parse_telegram_html(text: str) -> str:
    """The text Telegram would show for an HTML message; ValueError (its wording) where it would refuse."""
    out, stack, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c == "<":
            m = _TAG.match(text, i)
            if not m:
                raise ValueError(f"Can't parse entities: unexpected start of tag at byte offset {i}")
            closing, name = m.group(1), m.group(2).lower()
            if name not in TELEGRAM_TAGS:
                raise ValueError(f'Can\'t parse entities: unsupported start tag "{name}" at byte offset {i}')
            if closing:
                if not stack or stack[-1] != name:
                    raise ValueError(f'Can\'t parse entities: unmatched end tag at byte offset {i}, expected "{name}"')
                stack.pop()
            else:
                stack.append(name)
            i = m.end()
        elif c == "&":
            m = _ENTITY.match(text, i)
            if not m:
                raise ValueError(f"Can't parse entities: character '&' is reserved at byte offset {i}")
            out.append(html.unescape(m.group()))
            i = m.end()
        elif c == ">":
            raise ValueError(f"Can't parse entities: character '>' is reserved at byte offset {i}")
        else:
            out.append(c)
            i += 1
    if stack:
        raise ValueError(f"Can't parse entities: can't find end tag corresponding to start tag \"{stack[-1]}\"")
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Call:
    method: str
    params: dict
    status: int = 200
    result: object = None
    at: float = field(default_factory=time.monotonic)
    via: str = "request"  # or "webhook": named in a webhook's response body, carried out by the server


class FakeBotApi:
    def __init__(
        self, token: str = TOKEN, username: str = "govqa_test_bot", bot_id: int = 7000001, port: int = 0
    ) -> None:
        self.token = token
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": "GovQA", "username": username}
        self.username = username
        self.calls: list[Call] = []
        self.webhook: dict | None = None
        self._lock = threading.Lock()
        self._updates: list[dict] = []
        self._next_update_id = 1
        self._next_message_id = 1
        self._chats: dict[int, dict] = {}
        self._messages: dict[tuple[int, int], dict] = {}
        self._failures: list[dict] = []
        self._reject_html = 0
        self._lose: dict[str, int] = {}
        self._stall: dict[str, tuple[int, float]] = {}
        self._files: dict[str, bytes] = {}
        self._server: uvicorn.Server | None = None
        self._closing = False
        self._thread: threading.Thread | None = None
        self.port = port  # 0: any free port

    # --- lifecycle -----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FakeBotApi:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._download, methods=["GET"]),
            ]
        )
        self._server = uvicorn.Server(uvicorn.Config(self._losing(app), log_level="warning", lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake Bot API server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc) -> None:
        self._closing = True  # ends long polls at once: the server waits for open requests
        self._server.should_exit = True
        self._thread.join(timeout=10)

    # --- what tests tell it ----------------------------------------------------------------------------

    def fail_next(self, n: int = 1, *, status: int = 429, method: str = "sendMessage", retry_after: int = 1) -> None:
        """The next `n` calls of `method` fail: 429 (with retry_after) or a 5xx."""
        with self._lock:
            self._failures.append({"method": method, "status": status, "left": n, "retry_after": retry_after})

    def lose_response_next(self, n: int = 1, *, method: str = "sendMessage") -> None:
        """The next `n` calls of `method` are carried out (a message is stored and counts as sent), then the
        connection closes mid-response: the bot cannot tell whether Telegram got its request."""
        with self._lock:
            self._lose[method] = self._lose.get(method, 0) + n

    def stall_next(self, n: int = 1, *, seconds: float = 2.0, method: str = "sendMessage") -> None:
        """The next `n` calls of `method` hang for `seconds`, then fail with 502 without being carried out
        (a proxy that stalled): the bot gives up waiting first when its timeout is shorter."""
        with self._lock:
            self._stall[method] = (self._stall.get(method, (0, 0))[0] + n, seconds)

    def stop_stalling(self) -> None:
        """Calls from now on are answered at once: the stalls `stall_next` armed and no call took are dropped."""
        with self._lock:
            self._stall.clear()

    def _losing(self, app):
        """ASGI wrapper for lose_response_next (the status line goes out, the body never does) and stall_next."""

        def take(method: str) -> tuple[str | None, float]:
            with self._lock:
                if self._lose.get(method, 0) > 0:
                    self._lose[method] -= 1
                    return "lose", 0.0
                left, seconds = self._stall.get(method, (0, 0.0))
                if left > 0:
                    self._stall[method] = (left - 1, seconds)
                    return "stall", seconds
            return None, 0.0

        async def wrapped(scope, receive, send):
            fault, seconds = take(scope.get("path", "").rpartition("/")[2]) if scope["type"] == "http" else (None, 0)
            if fault is None:
                return await app(scope, receive, send)
            if fault == "stall":
                await asyncio.sleep(seconds)
                body = b'{"ok": false, "error_code": 502, "description": "Bad Gateway"}'
                headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
                await send({"type": "http.response.start", "status": 502, "headers": headers})
                return await send({"type": "http.response.body", "body": body})

            async def cut(message):
                if message["type"] == "http.response.start":
                    await send(message)

            await app(scope, receive, cut)  # uvicorn then closes the connection: the response is incomplete

        return wrapped

    def reject_html_next(self, n: int = 1) -> None:
        """The next `n` HTML messages are refused with Telegram's "can't parse entities"."""
        with self._lock:
            self._reject_html += n

    def push(self, *updates: dict, secret: str | None = None) -> list[int]:
        """Deliver updates: to the webhook if one is set (returns its HTTP statuses), else to getUpdates."""
        with self._lock:
            for u in updates:
                u.setdefault("update_id", self._next_update_id)
                self._next_update_id = max(self._next_update_id, u["update_id"]) + 1
            hook = self.webhook
            if hook is None:
                self._updates.extend(updates)
                return [200] * len(updates)
        headers = {}
        token = hook.get("secret_token") if secret is None else secret
        if token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = token
        statuses = []
        with httpx.Client(timeout=10) as client:
            for u in updates:
                response = client.post(hook["url"], json=u, headers=headers)
                self.carry_out(response)
                statuses.append(response.status_code)
        return statuses

    def carry_out(self, response: httpx.Response) -> None:
        """What Telegram does with a webhook's 200: a JSON body naming a `method` is carried out as that call
        (recorded with via="webhook"); its result goes back to nobody ("Making requests when getting updates")."""
        if response.status_code != 200 or not response.headers.get("content-type", "").startswith("application/json"):
            return
        body = response.json()
        if not isinstance(body, dict) or not isinstance(body.get("method"), str):
            return
        params = {k: v for k, v in body.items() if k != "method"}
        handler = getattr(self, f"_api_{body['method']}", None)
        with self._lock:
            try:
                if handler is None:
                    raise ApiError(404, "Not Found: method not found")
                call = Call(body["method"], params, 200, handler(params), via="webhook")
            except ApiError as e:
                call = Call(body["method"], params, e.code, e.description, via="webhook")
            self.calls.append(call)

    # --- building updates the way Telegram sends them -------------------------------------------------

    def private_chat(self, user_id: int) -> dict:
        return {"id": user_id, "type": "private", "first_name": f"Người dùng {user_id}"}

    def group_chat(self, chat_id: int = -1001234567890, title: str = "Tổ công tác chuyển đổi số") -> dict:
        return {"id": chat_id, "type": "supergroup", "title": title}

    def user(self, user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"Người dùng {user_id}", "language_code": "vi"}

    def message(self, text: str | None = None, *, user_id: int = 1001, chat: dict | None = None, **extra) -> dict:
        chat = chat or self.private_chat(user_id)
        with self._lock:
            self._chats[chat["id"]] = chat
            message_id = self._next_message_id
            self._next_message_id += 1
        msg = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": self.user(user_id), **extra}
        if text is not None:
            msg["text"] = text
            command = re.match(r"/[\w@]+", text)
            if command:
                msg["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command.group())}]
        return {"message": msg}

    def reply(self, to: dict, text: str, *, user_id: int = 1001) -> dict:
        """A reply to a message (`to` is a message dict, e.g. one from `sent()`)."""
        return self.message(text, user_id=user_id, chat=to["chat"], reply_to_message=_as_telegram(to))

    def sticker(self, **kw) -> dict:
        sticker = {"file_id": "s1", "file_unique_id": "u1", "type": "regular", "width": 512, "height": 512}
        return self.message(sticker={**sticker, "is_animated": False, "is_video": False}, **kw)

    def photo(self, **kw) -> dict:
        return self.message(photo=[{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}], **kw)

    def voice(self, **kw) -> dict:
        return self.message(voice={"file_id": "v1", "file_unique_id": "u3", "duration": 3}, **kw)

    def document(
        self, data: bytes | None = None, file_name: str = "baocao.pdf", caption: str | None = None, **kw
    ) -> dict:
        """A file sent to the bot; with `data`, the bot can download it (getFile, then /file/bot…)."""
        file_id = f"d{len(self._files) + 1}"
        doc = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_name": file_name}
        if data is not None:
            self._files[file_id] = data
            doc["file_size"] = len(data)
        extra = {"caption": caption} if caption else {}
        return self.message(document=doc, **extra, **kw)

    def old_poll(self, question: str, **kw) -> dict:
        """A poll as Bot API servers before 9.6 send it: options without `persistent_id`, which
        python-telegram-bot 22.8 requires, so it cannot read the update."""
        options = [{"text": t, "voter_count": 0} for t in ("Có", "Không")]
        poll = {
            "id": "5001",
            "question": question,
            "options": options,
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
        }
        return self.message(poll=poll, **kw)

    def click(self, message: dict, data: str, *, user_id: int = 1001) -> dict:
        """A press on an inline button of one of the bot's messages."""
        return {
            "callback_query": {
                "id": f"cq{time.monotonic_ns()}",
                "from": self.user(user_id),
                "chat_instance": "ci1",
                "message": _as_telegram(message),
                "data": data,
            }
        }

    # --- what tests read back ----------------------------------------------------------------------------

    def unconfirmed(self) -> int:
        """Updates waiting for getUpdates, or fetched but not yet confirmed by a later call's offset."""
        with self._lock:
            return len(self._updates)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def photos(self, chat_id: int | None = None) -> list[dict]:
        """Photos the bot uploaded successfully: {"chat_id", "photo": bytes, "filename", "caption"}."""
        return [
            {
                "chat_id": c.params["chat_id"],
                "photo": c.params["photo"],
                "filename": c.params.get("photo_filename"),
                "caption": c.params.get("caption"),
            }
            for c in self.calls_to("sendPhoto")
            if c.status == 200 and (chat_id is None or c.params["chat_id"] == chat_id)
        ]

    def sent(self, chat_id: int | None = None) -> list[dict]:
        """Messages the bot sent successfully (as Telegram returned them), oldest first."""
        return [
            {**c.result, "raw_text": c.params["text"], "params": c.params}
            for c in self.calls_to("sendMessage")
            if c.status == 200 and (chat_id is None or c.params["chat_id"] == chat_id)
        ]

    async def until(self, predicate, timeout: float = 10.0) -> None:
        """Wait (without blocking the event loop the bot runs in) until predicate(self) is true."""
        deadline = time.monotonic() + timeout
        while not predicate(self):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[c.method for c in self.calls][-30:]}")
            await asyncio.sleep(0.02)

    def wait(self, predicate, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(self):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[c.method for c in self.calls][-30:]}")
            time.sleep(0.02)

    # --- the server ------------------------------------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params = await _params(request)
        if request.path_params["token"] != self.token:
            return self._fail(method, params, ApiError(401, "Unauthorized"))
        failure = self._take_failure(method)
        if failure:
            status = failure["status"]
            if status == 429:
                error = ApiError(
                    429,
                    f"Too Many Requests: retry after {failure['retry_after']}",
                    {"retry_after": failure["retry_after"]},
                )
            else:
                error = ApiError(status, "Internal Server Error")
            return self._fail(method, params, error)
        try:
            if method == "getUpdates":
                result = await self._get_updates(params)
            else:
                handler = getattr(self, f"_api_{method}", None)
                if handler is None:
                    raise ApiError(404, "Not Found: method not found")
                with self._lock:
                    result = handler(params)
        except ApiError as e:
            return self._fail(method, params, e)
        with self._lock:
            self.calls.append(Call(method, params, 200, result))
        return JSONResponse({"ok": True, "result": result})

    def _fail(self, method: str, params: dict, e: ApiError) -> JSONResponse:
        with self._lock:
            self.calls.append(Call(method, params, e.code, e.description))
        body = {"ok": False, "error_code": e.code, "description": e.description}
        if e.parameters:
            body["parameters"] = e.parameters
        return JSONResponse(body, status_code=e.code)

    def _take_failure(self, method: str) -> dict | None:
        with self._lock:
            for f in self._failures:
                if f["method"] == method and f["left"] > 0:
                    f["left"] -= 1
                    return f
        return None

    async def _get_updates(self, params: dict) -> list[dict]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset, limit = params.get("offset", 0), params.get("limit", 100)
        deadline = time.monotonic() + params.get("timeout", 0)
        while True:
            with self._lock:
                if offset:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = self._updates[:limit]
            if ready or time.monotonic() >= deadline or self._closing:
                return ready
            await asyncio.sleep(0.01)

    def _message_out(self, params: dict) -> dict:
        chat = self._chats.get(params["chat_id"])
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        text = params.get("text", "")
        if params.get("parse_mode") == "HTML":
            if self._reject_html:
                self._reject_html -= 1
                raise ApiError(400, 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0')
            try:
                text = parse_telegram_html(text)
            except ValueError as e:
                raise ApiError(400, f"Bad Request: {e}") from None
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return {"chat": chat, "text": text}

    def _api_getFile(self, params: dict) -> dict:
        file_id = params.get("file_id")
        if file_id not in self._files:
            raise ApiError(400, "Bad Request: invalid file_id")
        data = self._files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(data),
            "file_path": f"documents/{file_id}",
        }

    async def _download(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return Response(status_code=404)
        file_id = request.path_params["path"].rpartition("/")[2]
        if file_id not in self._files:
            return Response(status_code=404)
        return Response(self._files[file_id], media_type="application/octet-stream")

    def _api_getMe(self, params: dict) -> dict:
        return self.bot_user

    def _api_sendMessage(self, params: dict) -> dict:
        out = self._message_out(params)
        message = {"message_id": self._next_message_id, "date": int(time.time()), "from": self.bot_user, **out}
        self._next_message_id += 1
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self._messages[(out["chat"]["id"], message["message_id"])] = message
        return message

    def _api_sendPhoto(self, params: dict) -> dict:
        chat = self._chats.get(params["chat_id"])
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        photo = params.get("photo")
        if not isinstance(photo, bytes):
            raise ApiError(400, "Bad Request: there is no photo in the request")
        if not photo.startswith(b"\x89PNG\r\n\x1a\n") and not photo.startswith(b"\xff\xd8"):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        caption = params.get("caption", "")
        if params.get("parse_mode") == "HTML":
            try:
                caption = parse_telegram_html(caption)
            except ValueError as e:
                raise ApiError(400, f"Bad Request: {e}") from None
        if utf16_len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        message = {
            "message_id": self._next_message_id,
            "date": int(time.time()),
            "from": self.bot_user,
            "chat": chat,
            "photo": [{"file_id": f"p{self._next_message_id}", "file_unique_id": "u", "width": 800, "height": 360}],
        }
        if caption:
            message["caption"] = caption
        self._next_message_id += 1
        return message

    def _api_editMessageText(self, params: dict) -> dict:
        message = self._known(params)
        message.update(self._message_out(params))
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _api_deleteMessage(self, params: dict) -> bool:
        self._known(params)
        del self._messages[(params.get("chat_id"), params.get("message_id"))]
        return True

    def _api_editMessageReplyMarkup(self, params: dict) -> dict:
        message = self._known(params)
        if message.get("reply_markup") == params.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        message["reply_markup"] = params.get("reply_markup")
        return message

    def _known(self, params: dict) -> dict:
        message = self._messages.get((params.get("chat_id"), params.get("message_id")))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _api_answerCallbackQuery(self, params: dict) -> bool:
        return True

    def _api_sendChatAction(self, params: dict) -> bool:
        if params.get("chat_id") not in self._chats:
            raise ApiError(400, "Bad Request: chat not found")
        return True

    def _api_setWebhook(self, params: dict) -> bool:
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        return True

    def _api_deleteWebhook(self, params: dict) -> bool:
        self.webhook = None
        return True

    def _api_getWebhookInfo(self, params: dict) -> dict:
        url = self.webhook["url"] if self.webhook else ""
        return {"url": url, "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    def _api_setMyCommands(self, params: dict) -> bool:
        return True


async def _params(request: Request) -> dict:
    """PTB posts form fields with JSON-encoded values; plain JSON bodies and query strings work too."""
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        params = json.loads(body or b"{}")
    elif content_type.startswith("multipart/form-data"):
        params = _multipart(content_type, body)
        for key in JSON_FIELDS & params.keys():
            params[key] = json.loads(params[key])
    else:
        params = dict(parse_qsl(body.decode()))
        for key in JSON_FIELDS & params.keys():
            params[key] = json.loads(params[key])
    params.update(request.query_params)
    for key in INT_FIELDS & params.keys():
        params[key] = int(params[key])
    return params


def _multipart(content_type: str, body: bytes) -> dict:
    """Form fields as strings, uploaded files as bytes (with `<field>_filename`), parsed with the stdlib."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    params: dict = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        filename = part.get_filename()
        if filename is not None:
            params[name] = payload
            params[f"{name}_filename"] = filename
        else:
            params[name] = payload.decode("utf-8")
    return params


def _as_telegram(message: dict) -> dict:
    """A message from `sent()` without the keys the tests add."""
    return {k: v for k, v in message.items() if k not in ("raw_text", "params")}
