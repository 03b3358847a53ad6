"""The HTTP face (`govqa serve`): POST /api/ask, /healthz, /metrics, and the Telegram webhook when one is set.

The app owns the engine's index and, with a token, the Telegram bot: by webhook when
GOVQA_WEBHOOK_URL is set, else by long polling, so one process serves both faces. A request without
an `X-API-Key` header is answered as a citizen; a key (`govqa apikey create`) answers as its role.

Several workers (`govqa serve --workers N`, or several `govqa serve` on several hosts) each run this
app: `app_from_env` is the factory uvicorn imports in every worker process. Each watches the data
dir for a new index build (`INDEX_POLL`), so a build published by any of them is served by all.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import socket
from contextlib import AsyncExitStack, asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from retrieval import EXAMPLE_QUESTIONS, MAX_QUESTION_CHARS

from . import telegram as tg
from .apidocs import add_docs
from .format import answer_json
from .metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from .service import Services

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 64 * 1024  # a question is at most 1000 characters; a Telegram update a few kB
PURGE_EVERY = 24 * 3600  # seconds; without a Telegram bot (and its JobQueue) the app purges old texts itself
INDEX_POLL = 2.0  # seconds between looks at the data dir for a build another worker (or `govqa index`) published
CHROMA_TIMEOUT = 2.0  # seconds /healthz waits for the Chroma server's heartbeat
API_KEY = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Khóa API (govqa apikey create): trả lời theo vai trò của khóa. Không có khóa: người dân.",
)
BAD_KEY = (
    "Khóa API không hợp lệ hoặc đã bị thu hồi; bỏ tiêu đề X-API-Key để hỏi với vai trò người dân. / "
    "The API key is invalid or revoked; leave out the X-API-Key header to ask as a citizen."
)


def _version() -> str:
    try:
        return version("govqa")
    except PackageNotFoundError:
        return "unknown"


class AskRequest(BaseModel):
    """A question; nothing else. The role is not the client's to choose: it comes from the API key."""

    model_config = ConfigDict(extra="forbid")

    question: StrictStr = Field(
        description=f"Câu hỏi tiếng Việt, 1–{MAX_QUESTION_CHARS} ký tự.",
        examples=[EXAMPLE_QUESTIONS[0]],
    )
    session_id: StrictStr | None = Field(
        default=None,
        description="Tên phiên hội thoại (1–100 ký tự): câu hỏi tiếp theo cùng phiên có thể là câu hỏi nối tiếp "
        "(«còn Bộ Ngoại giao thì sao?»). Phiên thuộc về khóa API (hoặc về người dân không khóa).",
        examples=["phien-1"],
    )

    @field_validator("question")
    @classmethod
    def _sensible_length(cls, value: str) -> str:
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):  # valid JSON (\ud800), but no character: UTF-8 refuses it
            raise ValueError(
                "Câu hỏi chứa ký tự không hợp lệ (một nửa cặp UTF-16 đứng riêng); hãy gửi văn bản UTF-8 "
                "thông thường. / "
                "The question holds an invalid character (a lone UTF-16 surrogate); send ordinary UTF-8 text."
            )
        text = value.strip()
        if not text:
            raise ValueError("Câu hỏi đang trống. / The question is empty.")
        if len(text) > MAX_QUESTION_CHARS:
            raise ValueError(
                f"Câu hỏi dài {len(text)} ký tự, vượt quá {MAX_QUESTION_CHARS}. / "
                f"The question is {len(text)} characters long, over the limit of {MAX_QUESTION_CHARS}."
            )
        return value

    @field_validator("session_id")
    @classmethod
    def _sensible_session(cls, value: str | None) -> str | None:
        if value is not None and not 1 <= len(value.strip()) <= 100:
            raise ValueError("session_id phải dài 1–100 ký tự. / session_id must be 1–100 characters long.")
        return value.strip() if value is not None else None


class SourceOut(BaseModel):
    doc_id: str
    title: str
    number: str | None
    date: str | None = Field(description="ISO date")
    url: str | None
    provenance: str
    confidence: str | None = Field(None, description="how far the cited facts are confirmed, e.g. 'một nguồn'")


class AskResponse(BaseModel):
    """The same JSON as `govqa ask --json`: bot.format.answer_json, field for field (tests/test_web.py checks)."""

    question: str
    status: str = Field(description="answered | not_found | rejected")
    answer: str = Field(description="plain text, no HTML")
    sources: list[SourceOut]
    composer: str = Field(description="llm (a language model's phrasing, figures checked) | extractive")
    took_ms: float
    understood_as: str | None = Field(
        description="the standalone question answered when the question was read as a follow-up, else null"
    )


def _error_message(error: dict) -> str:
    """One Vietnamese / English sentence for a validation error: what is wrong and what to send instead."""
    kind, loc = error.get("type", ""), error.get("loc", ())
    field = loc[-1] if len(loc) > 1 else None
    if kind == "json_invalid":
        return (
            'Nội dung gửi lên không phải JSON hợp lệ; hãy gửi {"question": "…"}. / '
            'The body is not valid JSON; send {"question": "…"}.'
        )
    if kind == "extra_forbidden" and field == "role":
        return (
            "Không được chọn vai trò: không có khóa API thì API trả lời với vai trò người dân, có khóa thì "
            'theo vai trò của khóa; bỏ trường "role". / The role cannot be chosen: without an API key the API '
            'answers as a citizen, with one as the key\'s role; remove the "role" field.'
        )
    if kind == "extra_forbidden":
        return f'Không nhận trường "{field}"; chỉ gửi "question". / Unknown field "{field}"; send only "question".'
    if kind == "missing":
        return 'Thiếu trường "question". / The field "question" is missing.'
    if kind == "string_type":
        return '"question" phải là một chuỗi ký tự. / "question" must be a string.'
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error") or error.get("msg"))
    return (
        'Nội dung phải là một đối tượng JSON dạng {"question": "…"}, gửi kèm Content-Type: application/json. / '
        'The body must be a JSON object like {"question": "…"}, sent with Content-Type: application/json.'
    )


async def _unreadable_body(request: Request, exc: StarletteHTTPException) -> Response:
    """FastAPI answers a body it cannot decode (invalid UTF-8, binary, JSON nested too deep) with an English
    400; the API promises the bilingual 422 for every body that is not {"question": "…"}."""
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        return JSONResponse(status_code=422, content={"error": _error_message({"type": "json_invalid"}), "detail": []})
    return await http_exception_handler(request, exc)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    detail = [{"loc": e.get("loc"), "msg": e.get("msg"), "type": e.get("type")} for e in errors]
    message = " ".join(dict.fromkeys(_error_message(e) for e in errors)) or _error_message({})
    return JSONResponse(status_code=422, content=jsonable_encoder({"error": message, "detail": detail}))


def create_app(services: Services, bot: tg.BotSettings | None = None) -> FastAPI:
    """The API; with bot settings the app also runs the Telegram bot for as long as it lives."""
    engine, metrics = services.engine, services.metrics
    state: dict = {"telegram": "off"}

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await asyncio.to_thread(engine.index)  # builds the index first if there is none
        async with AsyncExitStack() as stack:
            if bot and bot.webhook_url:
                application = tg.build_application(bot, services, webhook=True)
                await stack.enter_async_context(tg.webhook(application, bot))
                state.update(telegram="webhook", application=application)
            elif bot:
                application = tg.build_application(bot, services)
                await stack.enter_async_context(tg.polling(application))
                state.update(telegram="polling", application=application)
            else:  # the bot's JobQueue purges when there is a bot
                purging = asyncio.create_task(_purge_daily(services))
                stack.callback(purging.cancel)
            watching = asyncio.create_task(_watch_builds(engine))
            stack.callback(watching.cancel)
            yield

    app = FastAPI(
        title="govqa",
        version=_version(),
        description="Hỏi đáp tiếng Việt về văn bản chỉ đạo, nhiệm vụ và số liệu tiến độ, có trích dẫn nguồn.",
        lifespan=lifespan,
        max_body_size=MAX_BODY,
        docs_url=None,  # bot/apidocs.py serves /docs with Swagger UI's files from the package, not a CDN
        redoc_url=None,
    )
    add_docs(app, "govqa")
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _unreadable_body)
    app.add_middleware(_CountRequests, metrics=metrics, routes=app.routes)

    @app.post(
        "/api/ask",
        response_model=AskResponse,
        summary="Trả lời một câu hỏi (người dân; có khóa API: theo vai trò của khóa)",
        responses={
            401: {"description": "Khóa API sai hoặc đã thu hồi / invalid or revoked API key"},
            422: {"description": "Câu hỏi không hợp lệ / invalid question (Vietnamese / English message)"},
        },
    )
    async def ask(body: AskRequest, request: Request, api_key: str | None = Depends(API_KEY)) -> Response | dict:
        role, user = "citizen", None
        # APIKeyHeader reads an empty "X-API-Key:" as no header at all; a client that sends one meant a key.
        presented = request.headers.get(API_KEY.model.name)
        if presented is not None:
            key = await asyncio.to_thread(services.access.api_key, presented.strip())
            if key is None:
                log.warning("API request with an unknown or revoked key refused")
                return JSONResponse({"error": BAD_KEY}, status_code=401, headers={"WWW-Authenticate": "X-API-Key"})
            role, user = key.role, f"apikey:{key.id}"
        session = f"api:{user or 'citizen'}:{body.session_id}" if body.session_id else None
        asked = await asyncio.to_thread(
            services.ask, body.question, face="api", role=role, user_id=user, conversation=session
        )
        return answer_json(asked.answer)

    @app.get("/healthz", summary="Chỉ mục đã nạp chưa, bao nhiêu văn bản và đoạn")
    async def healthz() -> JSONResponse:
        try:
            index = await asyncio.to_thread(engine.index)
        except Exception:
            log.exception("health check: the index is not available")
            return JSONResponse({"status": "error", "index": {"loaded": False}, "version": _version()}, 503)
        meta = index.meta
        database = await asyncio.to_thread(services.database_state)
        degraded = services.health.degraded()
        extra = {}
        if meta.get("chroma_url"):  # the build's vectors live in a `chroma run` server (GOVQA_CHROMA_URL)
            extra["chroma"] = await asyncio.to_thread(chroma_state, meta["chroma_url"])
            if not extra["chroma"]["ok"]:
                degraded = [*degraded, "chroma"]  # answers go out from BM25 alone meanwhile
        return JSONResponse(
            {
                "status": "degraded" if degraded else "ok",
                "degraded": degraded,  # state stores that cannot be written now; answers still go out
                "version": _version(),
                "worker": f"{socket.gethostname()}:{os.getpid()}",  # which worker answered (proxy, --workers)
                "index": {
                    "loaded": True,
                    "build": meta.get("build"),
                    "documents": meta.get("documents"),
                    "passages": meta.get("passages"),
                    "built_at": meta.get("built_at"),
                    "embeddings": meta.get("embeddings"),
                },
                "telegram": state["telegram"],
                "database": database,  # {"engine": "sqlite" | "postgres", "ok": reachable now}
                **extra,  # "chroma": {"url": …, "ok": its heartbeat answers now}, with a Chroma server
            }
        )

    @app.get("/metrics", response_class=PlainTextResponse, summary="Prometheus metrics")
    async def prometheus() -> Response:
        index = await asyncio.to_thread(engine.index)
        return Response(metrics.render(index.meta), media_type=METRICS_CONTENT_TYPE)

    if bot and bot.webhook_url:

        @app.post(bot.webhook_path, include_in_schema=False)
        async def telegram_webhook(request: Request) -> Response:
            given = request.headers.get(SECRET_HEADER, "").encode()
            if not hmac.compare_digest(given, bot.webhook_secret.encode()):
                metrics.webhook_reject()
                log.warning("webhook call with a wrong or missing secret token refused")
                return Response(status_code=403)
            bot_data = state["application"].bot_data
            try:
                raw = await request.json()
                # Recorded (bot/telegram/intake.py) before the 200; the answer follows from that record.
                new = await bot_data.intake.receive(raw)
            except (ValueError, RecursionError):  # not JSON, or not an update
                return Response(status_code=400)
            typing = tg.typing_in_reply(raw) if new else None
            if typing is None:
                return Response(status_code=200)
            # Marked before the handler can run (no await since `receive` started it): it sends no "typing…".
            bot_data.typing_shown.add(raw["update_id"])
            return JSONResponse(typing)

    return app


def app_from_env() -> FastAPI:
    """One worker's app, configured from the environment as `govqa serve` is: the factory uvicorn calls in
    each process of `govqa serve --workers N` (`uvicorn --factory bot.web:app_from_env` does the same).
    The settings are read here, once per worker (bot/config.py, retrieval/config.py)."""

    from retrieval import Engine, Settings

    from .config import Config

    config = Config.from_env()
    if config.serve.log_level is not None:  # handed by `govqa serve` to its workers, which do not run its -v
        logging.basicConfig(level=config.serve.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine = Engine(Settings.from_env(), progress=False)
    return create_app(Services.for_engine(engine, config.faces), config.bot)


def chroma_state(url: str) -> dict:
    """For /healthz: the Chroma server of the build, and whether its heartbeat answers now."""
    import httpx

    try:
        ok = httpx.get(url.rstrip("/") + "/api/v2/heartbeat", timeout=CHROMA_TIMEOUT).status_code == 200
    except httpx.HTTPError:
        ok = False
    return {"url": url, "ok": ok}


async def _watch_builds(engine) -> None:
    """Load a build published in the data dir (by another worker, `govqa index`, /capnhat) within seconds,
    before a question needs it; the old build answers until the new one is loaded."""
    while True:
        await asyncio.sleep(INDEX_POLL)
        try:
            await asyncio.to_thread(engine.index)
        except Exception:  # a damaged build is said by /healthz and the next question
            log.exception("loading the index build the data dir now names failed")
            await asyncio.sleep(30)


async def _purge_daily(services: Services) -> None:
    while True:
        try:
            await asyncio.to_thread(services.purge)
        except Exception:  # a locked database one day is retried the next
            log.exception("retention purge failed")
        await asyncio.sleep(PURGE_EVERY)


class _CountRequests:
    """ASGI middleware counting requests by route template, never by raw path (which would grow without bound)."""

    def __init__(self, app, metrics, routes: list) -> None:
        self.app, self.metrics, self.routes = app, metrics, routes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def send_status(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            self.metrics.request(self._route(scope), scope["method"], status)

    def _route(self, scope) -> str:
        route = scope.get("route")
        if route is not None:
            return route.path
        # FastAPI leaves scope["route"] unset for its own pages (/docs, /openapi.json).
        path = scope["path"]
        return path if any(getattr(r, "path", None) == path for r in self.routes) else "unmatched"
