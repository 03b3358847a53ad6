"""The Telegram face: bot settings, one handler per command, and the PTB Application that runs them.

An update's journey: bot.intake records it in the update ledger (webhook or long polling) → a handler
below → `_answer` (per-user limit, "typing…", `Services.ask` in a worker thread) →
`bot.format.answer_html` → `bot.send.send_html` (split into ≤ 4096-character messages, retried where
that cannot send twice, resent as plain text when Telegram rejects the markup) with the buttons under
the last part. Uploads run in the background (bot/uploads.py).
Callback data holds short ids ("fb:42:1"); the answers they point at stay in `RecentAnswers`, tied to
the chat they were given in. The role comes from `Services.chat_role`: a private chat gets its user's role,
a group is answered as citizens are. Daily jobs (PTB JobQueue): deadline reminders and the retention purge.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from datetime import time as dtime
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from retrieval import deadlines
from retrieval.config import ConfigError
from retrieval.deadlines import Watch
from retrieval.models import Answer
from retrieval.question import folded

from . import stats
from .access import RANK, is_invite
from .format import answer_html, esc, more_html, sources_html
from .intake import Intake, poll_updates
from .reminders import KIND_NAMES, pending, reminder_html, task_key
from .send import name_chats_in_logs, send_html, typing
from .send import who as _who
from .service import Services
from .throttle import FailureThrottle
from .uploads import Uploads, cancel_command, upload_document

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
EXAMPLES = (
    "Nghị quyết 57-NQ/TW đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP?",
    "Tài khoản định danh điện tử mức 2 thay thế được những giấy tờ nào?",
    "Phú Thọ xếp thứ mấy về chỉ số PII 2025?",
    "Chương trình hành động 71/NQ-CP giao những nhiệm vụ gì?",
)
ROLE_NAMES = {"citizen": "người dân", "official": "cán bộ", "admin": "quản trị viên"}
COMMANDS = (
    ("hoi", "Đặt câu hỏi: /hoi <câu hỏi> (dùng được trong nhóm)"),
    ("moi", "Câu hỏi mới: quên ngữ cảnh các câu trước (cũng như gõ «câu hỏi mới»)"),
    ("nguon", "Xem các đoạn văn bản làm căn cứ cho câu trả lời gần nhất"),
    ("theodoi", "Nhắc hạn nhiệm vụ: /theodoi <cơ quan hoặc xã/phường>"),
    ("huytheodoi", "Thôi theo dõi: /huytheodoi [tên]"),
    ("dangtheodoi", "Xem danh sách đang theo dõi"),
    ("help", "Hướng dẫn sử dụng"),
    ("start", "Lời chào và câu hỏi mẫu"),
)
ADMIN_COMMANDS = (
    ("thongke", "Thống kê câu hỏi 30 ngày, kèm biểu đồ"),
    ("capnhat", "Cập nhật chỉ mục (bot vẫn trả lời trong lúc cập nhật)"),
    ("moima", "Tạo mã mời cán bộ: /moima [số lần] [số ngày]"),
    ("huy", "Dừng xử lý tệp đang tải lên"),
)
COMMAND_LIST = "\n".join(f"/{name} — {esc(text)}" for name, text in COMMANDS)
ADMIN_COMMAND_LIST = "\n".join(f"/{name} — {esc(text)}" for name, text in ADMIN_COMMANDS)
INVITE_TRIES, INVITE_WINDOW = 5, 600  # wrong invite codes per user, seconds: then a polite wait


# --- settings --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BotSettings:
    """The bot's environment, checked at start. The token and the secret never appear in repr or logs."""

    token: str = field(repr=False)
    api_url: str | None = None  # a self-hosted Bot API server (or the tests' fake one)
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    user_rate_limit: int = 20  # questions per user per minute; 0 turns the limit off

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> BotSettings:
        env = dict(os.environ if env is None else env)
        token = (env.get("TELEGRAM_BOT_TOKEN") or "").strip()
        if not token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot) "
                "and put the token it gives you in TELEGRAM_BOT_TOKEN (see docs/telegram.md)"
            )
        if not re.fullmatch(r"\d+:[A-Za-z0-9_-]+", token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters, "
                "e.g. 123456789:AAE…); copy it again from @BotFather without quotes or spaces"
            )
        api_url = (env.get("GOVQA_TELEGRAM_API_URL") or "").strip().rstrip("/") or None
        if api_url:
            url = urlparse(api_url)
            if url.scheme not in ("http", "https") or not url.hostname:
                raise ConfigError(
                    f"GOVQA_TELEGRAM_API_URL='{api_url}' is not an http(s) address; write it like "
                    "http://127.0.0.1:8081 (a self-hosted telegram-bot-api server), or leave it empty"
                )
            if api_url.endswith("/bot"):
                api_url = api_url[: -len("/bot")]
        webhook_url = (env.get("GOVQA_WEBHOOK_URL") or "").strip() or None
        secret = (env.get("GOVQA_WEBHOOK_SECRET") or "").strip() or None
        if webhook_url:
            url = urlparse(webhook_url)
            allowed = ("https", "http") if api_url else ("https",)
            if url.scheme not in allowed or not url.hostname:
                raise ConfigError(
                    f"GOVQA_WEBHOOK_URL='{webhook_url}' must be a public https address, e.g. "
                    "https://bot.example.org/telegram/webhook (Telegram only calls https webhooks)"
                )
            if url.path in ("", "/") or url.path.startswith(("/api/", "/healthz", "/metrics", "/docs")):
                raise ConfigError(
                    f"GOVQA_WEBHOOK_URL='{webhook_url}' needs a path of its own, e.g. "
                    "https://bot.example.org/telegram/webhook; `govqa serve` listens for updates on that path"
                )
            if not secret:
                raise ConfigError(
                    "GOVQA_WEBHOOK_URL is set but GOVQA_WEBHOOK_SECRET is not: without it anyone could post "
                    "updates to the webhook. Set it to a random string, e.g. the output of "
                    "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
                )
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
                raise ConfigError(
                    "GOVQA_WEBHOOK_SECRET may only hold letters, digits, _ and - (1 to 256 of them), "
                    "as Telegram requires"
                )
        limit = (env.get("GOVQA_USER_RATE_LIMIT") or "20").strip()
        if not limit.isdigit():
            raise ConfigError(
                f"GOVQA_USER_RATE_LIMIT='{limit}' is not a whole number of questions per user per minute; "
                "use e.g. 20, or 0 to turn the limit off"
            )
        return cls(token, api_url, webhook_url, secret, int(limit))

    @property
    def webhook_path(self) -> str | None:
        return urlparse(self.webhook_url).path if self.webhook_url else None


# --- state kept by the Application -----------------------------------------------------------------


class RecentAnswers:
    """The last answers by query-log id, so buttons can show their sources and "xem thêm" items.

    Each answer is kept with the chat it was given in and is only ever shown there again: an answer
    for an official's private chat must not reach another chat that sends its id in a button press.
    It is also kept with the role it was composed for: shown again only while the asker still holds
    that role (an official whose role was revoked no longer sees the internal passages it cites).
    """

    def __init__(self, size: int = 5000) -> None:
        self._items: OrderedDict[int, tuple[int, Answer, str]] = OrderedDict()
        self._size = size

    def put(self, question_id: int, answer: Answer, chat_id: int, role: str = "citizen") -> None:
        self._items[question_id] = (chat_id, answer, role)
        self._items.move_to_end(question_id)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def get(self, question_id: int, chat_id: int, role: str | None = None) -> Answer | None:
        """The answer given in that chat; with `role` (the asker's role now), None when it was composed for
        a higher one (see `outranks`)."""
        item = self._items.get(question_id)
        if item is None or item[0] != chat_id:
            return None
        if role is not None and RANK[item[2]] > RANK[role]:
            return None
        return item[1]

    def outranks(self, question_id: int, chat_id: int, role: str) -> bool:
        """Was this answer composed for a role higher than `role`?"""
        item = self._items.get(question_id)
        return item is not None and item[0] == chat_id and RANK[item[2]] > RANK[role]


class UserRateLimit:
    """At most `per_minute` questions per user in any 60 seconds; warns once per burst, then stays quiet."""

    def __init__(self, per_minute: int, clock=time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, user_id: int) -> tuple[bool, bool, int]:
        """(allowed, warn this time, seconds until the next question is allowed)."""
        if self.per_minute <= 0:
            return True, False, 0
        now = self._clock()
        times = self._asked.setdefault(user_id, deque())
        while times and now - times[0] >= 60:
            times.popleft()
        if len(times) < self.per_minute:
            times.append(now)
            self._warned.discard(user_id)
            return True, False, 0
        warn = user_id not in self._warned
        self._warned.add(user_id)
        return False, warn, max(1, int(60 - (now - times[0])) + 1)


class _RateLimiter(AIORateLimiter):
    """PTB's limiter, except for "typing…": Telegram's flood limits count messages, and in a group
    (20 messages a minute) a chat action per question would halve how many questions get answers."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        if endpoint == "sendChatAction":
            return await callback(*args, **kwargs)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


# --- the Application -------------------------------------------------------------------------------


def build_application(settings: BotSettings, services: Services, *, webhook: bool = False) -> Application:
    """The bot, handlers registered; started by `polling()` or `webhook()` below."""
    # httpx logs every request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    protect_secrets_in_logs(settings.token, settings.webhook_secret)
    builder = (
        Application.builder().token(settings.token).rate_limiter(_RateLimiter(max_retries=3)).concurrent_updates(16)
    )
    if settings.api_url:
        builder = builder.base_url(f"{settings.api_url}/bot").base_file_url(f"{settings.api_url}/file/bot")
    # Updates come in through bot.intake (recorded before they are acknowledged), not PTB's Updater.
    app = builder.updater(None).build()
    app.bot_data.update(
        services=services,
        answers=RecentAnswers(),
        limiter=UserRateLimit(settings.user_rate_limit),
        invite_throttle=FailureThrottle(INVITE_TRIES, INVITE_WINDOW),
        uploads=Uploads(),
    )
    app.bot_data["intake"] = Intake(app, services.updates, services.metrics, services.health)
    name_chats_in_logs(services.querylog.pseudonym)
    schedule_jobs(app, services)

    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    new_text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
    app.add_handler(CommandHandler("hoi", ask_command))
    app.add_handler(CommandHandler("nguon", sources_command))
    app.add_handler(CommandHandler("theodoi", follow_command))
    app.add_handler(CommandHandler("huytheodoi", unfollow_command))
    app.add_handler(CommandHandler("dangtheodoi", following_command))
    app.add_handler(CommandHandler("thongke", stats_command))
    app.add_handler(CommandHandler("capnhat", reindex_command))
    app.add_handler(CommandHandler("moi", new_conversation_command))
    app.add_handler(CommandHandler("moima", invite_command))
    app.add_handler(CommandHandler("huy", cancel_command))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(new_text & private, ask_text))
    app.add_handler(MessageHandler(new_text & groups & _ReplyToBot(), ask_text))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & private & filters.Document.ALL, upload_document))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & private & filters.ATTACHMENT, not_text))
    app.add_handler(TypeHandler(Update, count_update), group=1)
    app.add_error_handler(on_error)
    return app


def schedule_jobs(app: Application, services: Services) -> None:
    """Daily: deadline reminders at GOVQA_REMINDER_TIME, the retention purge at 03:00 (and once after start,
    so a bot restarted every night still purges). Times are Vietnam time."""
    zone = services.zone
    at = services.settings.reminder_time
    app.job_queue.run_daily(reminder_job, at if at.tzinfo else at.replace(tzinfo=zone), name="reminders")
    app.job_queue.run_daily(purge_job, dtime(3, 0, tzinfo=zone), name="retention")
    app.job_queue.run_once(purge_job, 60, name="retention-at-start")


# Seconds between attempts to reach the Bot API at start (no network yet, a proxy not up, DNS down).
CONNECT_RETRY = (5, 10, 20, 40, 60)


async def _startup(app: Application) -> None:
    """Initialise (getMe), retrying with backoff while the Bot API cannot be reached; a refused token raises."""
    host = urlparse(app.bot.base_url).hostname or "api.telegram.org"
    for attempt in range(10**9):
        try:
            await app.initialize()
            break
        except InvalidToken:
            raise
        except NetworkError as e:  # includes TimedOut
            delay = CONNECT_RETRY[min(attempt, len(CONNECT_RETRY) - 1)]
            log.warning(
                "chưa kết nối được %s, thử lại sau %d s… (cannot reach %s yet: %s; retrying in %d s)",
                host,
                delay,
                host,
                e,
                delay,
            )
            await asyncio.sleep(delay)
    if attempt:
        log.warning("đã kết nối được %s (connected to %s)", host, host)
    try:
        await app.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
    except TelegramError as e:  # the menu is a convenience; the bot works without it
        log.warning("could not set the command menu: %s", e)
    log.info("Telegram bot @%s ready", app.bot.username)


@asynccontextmanager
async def polling(app: Application, timeout: float = 10) -> AsyncIterator[Application]:
    """Run the bot by long polling (getUpdates) until the block exits."""
    await _startup(app)
    intake: Intake = app.bot_data["intake"]
    try:
        await app.start()
        await app.bot.delete_webhook()  # getUpdates is refused while a webhook is set
        await intake.start()
        poller = asyncio.create_task(
            poll_updates(app.bot, intake, timeout=int(timeout), allowed_updates=ALLOWED_UPDATES), name="govqa-polling"
        )
        poller.add_done_callback(_polling_ended)
        try:
            yield app
        finally:
            poller.cancel()
            with suppress(asyncio.CancelledError):
                await poller
            await _stop(app, intake)
    finally:
        await app.shutdown()


def _polling_ended(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("long polling stopped: %s", task.exception())


async def _stop(app: Application, intake: Intake) -> None:
    await app.bot_data["uploads"].shutdown()
    await intake.close()
    await app.stop()  # waits for the updates being handled
    await asyncio.to_thread(intake.release)


@asynccontextmanager
async def webhook(app: Application, settings: BotSettings) -> AsyncIterator[Application]:
    """Run the bot on updates posted to the webhook (fed by bot.web) until the block exits."""
    await _startup(app)
    try:
        await app.start()
        await app.bot.set_webhook(
            settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=ALLOWED_UPDATES
        )
        await app.bot_data["intake"].start()
        try:
            yield app
        finally:
            await _stop(app, app.bot_data["intake"])
    finally:
        await app.shutdown()


def run_polling(settings: BotSettings, services: Services, ready: Callable[[], None] | None = None) -> None:
    """`govqa telegram`: poll until SIGINT or SIGTERM; `ready` is called once the Bot API answered.
    A stop while still trying to connect ends the attempts at once."""
    state = {"connected": False}

    async def serve(stop: asyncio.Event) -> None:
        async with polling(build_application(settings, services)):
            state["connected"] = True
            if ready:
                ready()
            await stop.wait()

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        bot, stopped = asyncio.create_task(serve(stop)), asyncio.create_task(stop.wait())
        await asyncio.wait({bot, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if not state["connected"] and not bot.done():
            bot.cancel()
        stopped.cancel()
        with suppress(asyncio.CancelledError):
            await bot
        log.info("Telegram bot stopped")

    asyncio.run(main())


_SECRETS: set[str] = set()


def protect_secrets_in_logs(*secrets: str | None) -> None:
    """Blank these strings out of every log record from now on, tracebacks included.

    PTB logs its API URL (which holds the token) and the setWebhook parameters (the secret) at
    DEBUG; a record factory catches those and anything else, whichever handler would print them.
    """
    if not _SECRETS:
        previous = logging.getLogRecordFactory()

        def factory(*args, **kwargs) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            _redact(record)
            return record

        logging.setLogRecordFactory(factory)
    _SECRETS.update(s for s in secrets if s)


def _redact(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed log call: leave it for logging to report
        return
    if any(s in message for s in _SECRETS):
        for s in _SECRETS:
            message = message.replace(s, "<secret>")
        record.msg, record.args = message, None
    if record.exc_info and record.exc_info[1] is not None:
        text = logging.Formatter().formatException(record.exc_info)
        if any(s in text for s in _SECRETS):
            for s in _SECRETS:
                text = text.replace(s, "<secret>")
            record.exc_text = text


# --- answering -------------------------------------------------------------------------------------


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """The one path every question takes, whatever button or command brought it."""
    chat, user = update.effective_chat, update.effective_user
    message = update.effective_message
    services: Services = context.bot_data["services"]
    allowed, warn, wait = context.bot_data["limiter"].check(user.id)
    if not allowed:
        if warn:
            limit = context.bot_data["limiter"].per_minute
            await send_html(
                context.bot,
                chat.id,
                f"Bạn đang hỏi hơi nhanh: mỗi người tối đa {limit} câu hỏi mỗi phút. "
                f"Bạn vui lòng đợi khoảng {wait} giây rồi hỏi tiếp nhé.",
                reply_to=_quote(chat, message),
            )
        return
    role = await asyncio.to_thread(services.chat_role, chat.type, user.id)
    name, private = conversation_name(chat, message), chat.type == ChatType.PRIVATE
    async with typing(context.bot, chat.id):
        asked = await asyncio.to_thread(
            services.ask,
            question,
            face="telegram",
            role=role,
            user_id=user.id,
            chat_id=chat.id,
            conversation=name,
            keep=private,
        )
    context.bot_data["answers"].put(asked.question_id, asked.answer, chat.id, role)
    context.chat_data["last_answer"] = asked.question_id
    sent = await send_html(
        context.bot,
        chat.id,
        understood_html(asked.answer) + answer_html(asked.answer),
        reply_markup=answer_keyboard(asked.question_id, asked.answer),
        reply_to=_quote(chat, message),
    )
    context.bot_data["intake"].answered(update.update_id)
    if not private and asked.kept is not None:
        # In a group a reply to any part of this answer continues its conversation.
        for part in sent:
            await asyncio.to_thread(services.conversations.put, _reply_name(chat.id, part.message_id), asked.kept)


def conversation_name(chat, message: Message | None) -> str:
    """The conversation a message continues: the private chat, or in a group the bot's answer it replies to
    (anything else in a group starts a new one)."""
    if chat.type == ChatType.PRIVATE:
        return f"telegram:private:{chat.id}"
    replied = message.reply_to_message if message is not None else None
    if replied is not None and replied.from_user is not None and replied.from_user.id == message.get_bot().id:
        return _reply_name(chat.id, replied.message_id)
    return f"telegram:new:{chat.id}:{message.message_id if message is not None else 0}"


def _reply_name(chat_id: int, message_id: int) -> str:
    return f"telegram:reply:{chat_id}:{message_id}"


def understood_html(answer: Answer) -> str:
    """ "Đang hiểu là: …", the first short line of a resolved follow-up's answer, so the user can correct it."""
    return f"<i>Đang hiểu là: {esc(answer.understood_as)}</i>\n" if answer.understood_as else ""


async def new_conversation_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/moi [câu hỏi]: forget the conversation so far (in a group: the one of the answer replied to); a
    question after the command is then asked on its own."""
    chat, message = update.effective_chat, update.effective_message
    services: Services = context.bot_data["services"]
    await asyncio.to_thread(services.conversations.reset, conversation_name(chat, message))
    rest = _command_text(message) if message is not None and message.entities else ""
    if rest and not re.fullmatch(r"[\d\s]+", rest):
        await _answer(update, context, rest)
        return
    text = "Đã bắt đầu câu hỏi mới: mình sẽ hiểu câu tiếp theo như một câu hỏi riêng, không nối với câu trước."
    if rest:  # "/moi 1 3": invite codes used to live here
        text += "\nMã mời cán bộ nay dùng lệnh /moima [số lần] [số ngày] (quản trị viên, trong chat riêng)."
    await send_html(context.bot, chat.id, text, reply_to=_quote(chat, message))


def _quote(chat, message: Message | None) -> int | None:
    """In groups an answer quotes its question, so it is clear whose question it answers."""
    if message is None or chat.type == ChatType.PRIVATE:
        return None
    return message.message_id


def answer_keyboard(question_id: int, answer: Answer, feedback: int | None = None) -> InlineKeyboardMarkup | None:
    if answer.status == "rejected":
        return None
    rows = [
        [InlineKeyboardButton(q[:60] + ("…" if len(q) > 60 else ""), callback_data=f"sg:{question_id}:{i}")]
        for i, q in enumerate(answer.suggestions)
    ]
    rows.append(
        [
            InlineKeyboardButton("👍 ✓" if feedback == 1 else "👍", callback_data=f"fb:{question_id}:1"),
            InlineKeyboardButton("👎 ✓" if feedback == -1 else "👎", callback_data=f"fb:{question_id}:-1"),
        ]
    )
    extra = []
    if answer.citations:
        extra.append(InlineKeyboardButton("📄 Nguồn", callback_data=f"src:{question_id}"))
    if answer.more:
        extra.append(InlineKeyboardButton(f"Xem thêm ({len(answer.more)})", callback_data=f"more:{question_id}"))
    if extra:
        rows.append(extra)
    return InlineKeyboardMarkup(rows)


def examples_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(q, callback_data=f"ex:{i}")] for i, q in enumerate(EXAMPLES)])


def welcome_html(first_name: str | None, role: str = "citizen", in_group: bool = False) -> str:
    hello = f"Xin chào {esc(first_name)}!" if first_name else "Xin chào!"
    role_line = f"Vai trò của bạn: <b>{ROLE_NAMES[role]}</b>."
    if in_group and role != "citizen":
        role_line += " Trong nhóm, mình trả lời như cho người dân để tài liệu nội bộ không hiện với mọi người."
    return (
        f"<b>{hello}</b> Mình là trợ lý hỏi đáp về văn bản chỉ đạo, nhiệm vụ và số liệu tiến độ.\n\n"
        "Mình trả lời được câu hỏi về:\n"
        "• Nghị quyết 57-NQ/TW, Chương trình hành động của Chính phủ (03/NQ-CP, 71/NQ-CP), "
        "Quyết định 204-QĐ/TW, Đề án 06…\n"
        "• các nhiệm vụ được giao: cơ quan chủ trì, thời hạn, sản phẩm;\n"
        "• số liệu tiến độ và chỉ số (ví dụ PII 2025);\n"
        "• thông tin dịch vụ công cho người dân.\n"
        "Mỗi câu trả lời đều ghi nguồn; số liệu kèm ngày «tính đến».\n\n"
        f"{role_line}\n\n"
        "Cứ gõ câu hỏi (có dấu hay không dấu đều được), hoặc bấm một câu hỏi mẫu bên dưới. "
        "Trong nhóm, dùng /hoi &lt;câu hỏi&gt; hoặc trả lời (reply) tin nhắn của mình."
    )


HELP = (
    "<b>Cách dùng</b>\n"
    "Gõ câu hỏi bằng tiếng Việt, mỗi lần một ý, ví dụ: «Nghị quyết 57 có mục tiêu gì?». "
    "Nêu tên văn bản, cơ quan, địa phương hoặc năm để câu trả lời chính xác hơn.\n\n"
    f"<b>Lệnh</b>\n{COMMAND_LIST}\n\n"
    "Dưới mỗi câu trả lời: 👍/👎 để góp ý, «📄 Nguồn» để xem đoạn văn bản gốc.\n"
    "Hỏi tiếp được như khi trò chuyện («còn Bộ Ngoại giao thì sao?», «ai chủ trì?», «nhiệm vụ thứ 2»): "
    "mình ghi «Đang hiểu là: …» ở đầu câu trả lời để bạn sửa nếu hiểu sai; /moi để hỏi câu mới. "
    "Trong nhóm, trả lời (reply) tin nhắn của bot để hỏi tiếp.\n"
    "Bot chỉ đọc câu hỏi dạng chữ, không đọc ảnh hay tin nhắn thoại; tệp văn bản chỉ quản trị viên gửi được."
)
ADMIN_HELP = (
    f"\n\n<b>Lệnh quản trị</b> (trong chat riêng)\n{ADMIN_COMMAND_LIST}\n"
    "Gửi tệp PDF, DOCX, XLSX, CSV, HTML, MD hoặc TXT (≤ 20 MB) để thêm vào kho và cập nhật chỉ mục; "
    "tệp là nội bộ trừ khi chú thích ghi «công khai»."
)
INVITE_FAILED = (
    "Mã mời này không dùng được: mã sai, đã hết hạn hoặc đã dùng hết số lần. Bạn xin quản trị viên một mã mới nhé."
)


# --- handlers --------------------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, with or without a deep-link payload (t.me/<bot>?start=<payload>): an example or an invite code."""
    payload = context.args[0] if context.args else None
    if payload:
        log.info("start with payload %r", "moi_…" if is_invite(payload) else payload[:64])  # codes stay out of logs
    user, chat = update.effective_user, update.effective_chat
    services: Services = context.bot_data["services"]
    if payload and is_invite(payload):
        if chat.type != ChatType.PRIVATE:
            notice = "Mã mời chỉ dùng được trong chat riêng với mình: bạn mở chat riêng rồi gửi lại lệnh nhé."
        elif wait := context.bot_data["invite_throttle"].wait(user.id):
            notice = (
                "Bạn đã nhập sai mã mời nhiều lần. Vì an toàn, bạn vui lòng đợi khoảng "
                f"{max(1, round(wait / 60))} phút rồi thử lại, hoặc xin quản trị viên một liên kết mời mới."
            )
            log.info("invite code for chat %s: throttled", _who(chat.id))
        else:
            granted = await asyncio.to_thread(services.access.redeem, payload, user.id)
            if not granted:
                context.bot_data["invite_throttle"].failed(user.id)
            notice = f"Mã mời hợp lệ: bạn có vai trò <b>{ROLE_NAMES[granted]}</b>." if granted else esc(INVITE_FAILED)
            log.info("invite code for chat %s: %s", _who(chat.id), granted or "refused")
        await send_html(context.bot, chat.id, notice)
    role = await asyncio.to_thread(services.access.telegram_role, user.id if user else None)
    name = user.first_name if user else None
    welcome = welcome_html(name, role, in_group=chat.type != ChatType.PRIVATE)
    await send_html(context.bot, chat.id, welcome, reply_markup=examples_keyboard())
    # hoi_1 … hoi_4 ask an example question at once; any other payload just gets the greeting.
    m = re.fullmatch(r"hoi_(\d)", payload or "")
    if m and 1 <= int(m.group(1)) <= len(EXAMPLES):
        await _answer(update, context, EXAMPLES[int(m.group(1)) - 1])


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.bot_data["services"]
    user = update.effective_user
    role = await asyncio.to_thread(services.access.telegram_role, user.id if user else None)
    await send_html(context.bot, update.effective_chat.id, HELP + (ADMIN_HELP if role == "admin" else ""))


def _command_text(message: Message) -> str:
    """What follows the command ("/theodoi@bot Sở Tài chính" → "Sở Tài chính"), newlines kept."""
    return message.text[message.entities[0].length :].strip()


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hoi <câu hỏi>: the way to ask in a group. The question is the text after the command, newlines kept."""
    message = update.effective_message
    question = _command_text(message)
    if not question:
        await send_html(
            context.bot,
            update.effective_chat.id,
            "Bạn gõ câu hỏi ngay sau lệnh, ví dụ: /hoi Nghị quyết 57 có mục tiêu gì?",
            reply_to=_quote(update.effective_chat, message),
        )
        return
    await _answer(update, context, question)


async def ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text in a private chat, or a reply to one of the bot's messages in a group."""
    await _answer(update, context, update.effective_message.text)


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/nguon: the passages behind the last answer in this chat."""
    question_id = context.chat_data.get("last_answer")
    await _send_sources(update, context, question_id, reply_to=None)


ROLE_CHANGED = (
    "Câu trả lời này được soạn theo vai trò trước đây của bạn, nay đã thay đổi, nên mình không hiện lại "
    "nguồn của nó. Bạn hỏi lại để mình trả lời theo vai trò hiện tại nhé."
)


async def _role_now(update: Update, context) -> str:
    """The asker's role at this moment (not when the answer was given): roles can be revoked in between."""
    services: Services = context.bot_data["services"]
    user = update.effective_user
    chat = update.effective_chat
    chat_type = chat.type if chat else None
    return await asyncio.to_thread(services.chat_role, chat_type, user.id if user else None)


async def _stored_answer(update: Update, context, question_id: int, chat_id: int) -> tuple[Answer | None, bool]:
    """(the stored answer if the asker may still see it, whether it was withheld for a role now lost)."""
    answers: RecentAnswers = context.bot_data["answers"]
    role = await _role_now(update, context)
    return answers.get(question_id, chat_id, role), answers.outranks(question_id, chat_id, role)


async def _send_sources(update: Update, context, question_id: int | None, reply_to: int | None) -> None:
    chat_id = update.effective_chat.id
    answer, withheld = (None, False)
    if question_id is not None:
        answer, withheld = await _stored_answer(update, context, question_id, chat_id)
    if question_id is None:
        text = "Chưa có câu trả lời nào để xem nguồn. Bạn hãy đặt câu hỏi trước."
    elif withheld:
        text = ROLE_CHANGED
    elif answer is None:
        text = "Câu trả lời này đã cũ, mình không còn giữ nguồn của nó. Bạn hỏi lại giúp mình nhé."
    else:
        text = sources_html(answer)
    await send_html(context.bot, chat_id, text, reply_to=reply_to)


BUTTON = re.compile(r"(fb|sg):(\d{1,12}|-\d{1,12}):(-?\d{1,3})|(src|more|ex|td|ut):(-?\d{1,12})")
OLD_BUTTON = "Nút này không còn dùng được. Bạn gõ câu hỏi giúp mình nhé."


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Inline buttons: fb:<id>:<±1> feedback, src:<id> sources, more:<id> list items, ex:<n>, sg:<id>:<n> ask,
    td:<n> follow the n-th name offered, ut:<n> unfollow (ut:-1: everything).

    Callback data comes from the client and can be anything: what is not one of our shapes, or a press
    without the message it belongs to, gets a polite answer and nothing else."""
    query = update.callback_query
    m = BUTTON.fullmatch(query.data or "")
    message = query.message
    if m is None or message is None or message.chat is None:
        await _ack(query, OLD_BUTTON)
        return
    kind = m.group(1) or m.group(4)
    first, second = int(m.group(2) or m.group(5)), int(m.group(3)) if m.group(3) else None
    chat_id = message.chat.id
    if kind == "fb":
        await _feedback(update, context, first, second)
    elif kind in ("src", "more"):
        await _ack(query)
        if kind == "src":
            await _send_sources(update, context, first, reply_to=message.message_id)
            return
        answer, withheld = await _stored_answer(update, context, first, chat_id)
        if withheld:
            text = ROLE_CHANGED
        elif answer and answer.more:
            text = more_html(answer)
        else:
            text = "Câu trả lời này đã cũ. Bạn hỏi lại giúp mình nhé."
        await send_html(context.bot, chat_id, text, reply_to=message.message_id)
    elif kind == "ex" and 0 <= first < len(EXAMPLES):
        await _ack(query)
        await _answer(update, context, EXAMPLES[first])
    elif kind == "sg":
        answer, _ = await _stored_answer(update, context, first, chat_id)
        if answer is None or not 0 <= second < len(answer.suggestions):
            await _ack(query, "Gợi ý này đã cũ. Bạn gõ câu hỏi giúp mình nhé.")
            return
        await _ack(query)
        await _answer(update, context, answer.suggestions[second])
    elif kind == "td":
        choices = context.chat_data.get("follow_choices") or []
        if not 0 <= first < len(choices):
            await _ack(query, "Lựa chọn này đã cũ. Bạn gõ lại /theodoi giúp mình nhé.")
            return
        await _ack(query)
        context.chat_data.pop("follow_choices", None)
        await _follow(update, context, choices[first])
    elif kind == "ut":
        choices = context.chat_data.get("unfollow_choices") or []
        if first != -1 and not 0 <= first < len(choices):
            await _ack(query, "Lựa chọn này đã cũ. Bạn gõ lại /huytheodoi giúp mình nhé.")
            return
        await _ack(query)
        context.chat_data.pop("unfollow_choices", None)
        await _unfollow(context, chat_id, None if first == -1 else [choices[first]])
    else:
        await _ack(query, OLD_BUTTON)


async def _feedback(update: Update, context, question_id: int, value: int | None) -> None:
    query = update.callback_query
    chat_id = query.message.chat.id
    if value not in (1, -1):
        await _ack(query, OLD_BUTTON)
        return
    services: Services = context.bot_data["services"]
    try:
        ok = await asyncio.to_thread(services.querylog.feedback, question_id, value, chat_id=chat_id)
    except Exception as e:  # the query log is unwritable (disk full…): thank, count, go on
        log.warning("feedback could not be stored: %s", e)
        services.metrics.store_error("querylog")
        ok = True
    await _ack(query, "Cảm ơn bạn đã góp ý!" if ok else "Câu trả lời này đã quá cũ để góp ý.")
    answer = context.bot_data["answers"].get(question_id, chat_id)
    if ok and answer is not None:
        with suppress(BadRequest):  # "message is not modified" when the same button is pressed twice
            await query.edit_message_reply_markup(answer_keyboard(question_id, answer, feedback=value))


# --- deadline reminders ----------------------------------------------------------------------------


async def follow_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/theodoi <cơ quan | xã/phường>: follow the tasks an agency leads or a commune is assigned."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    services: Services = context.bot_data["services"]
    text = _command_text(message)
    if not text:
        await send_html(
            context.bot,
            chat.id,
            "Bạn gõ tên cơ quan chủ trì hoặc xã/phường ngay sau lệnh, ví dụ: /theodoi Sở Khoa học và Công nghệ "
            "hoặc /theodoi Xuân Đài. Mỗi sáng mình sẽ nhắc các nhiệm vụ sắp đến hạn và quá hạn.",
            reply_to=_quote(chat, message),
        )
        return
    role = await asyncio.to_thread(services.chat_role, chat.type, user.id)
    index = await asyncio.to_thread(services.engine.index)
    found = await asyncio.to_thread(deadlines.match, index, role, text)
    if not found:
        await send_html(
            context.bot,
            chat.id,
            f"Mình không tìm thấy cơ quan chủ trì hay xã/phường nào tên «{esc(text[:100])}» trong các sổ nhiệm vụ. "
            "Bạn thử gõ tên đầy đủ hơn, ví dụ «Sở Tài chính» hoặc «xã Xuân Đài».",
            reply_to=_quote(chat, message),
        )
    elif len(found) == 1:
        await _follow(update, context, found[0])
    else:
        context.chat_data["follow_choices"] = found
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(_watch_label(w)[:60], callback_data=f"td:{i}")] for i, w in enumerate(found)]
        )
        await send_html(context.bot, chat.id, "Có mấy tên khớp. Bạn muốn theo dõi tên nào?", reply_markup=keyboard)


async def _follow(update: Update, context, watch: Watch) -> None:
    chat, user = update.effective_chat, update.effective_user
    services: Services = context.bot_data["services"]
    added = await asyncio.to_thread(services.subscriptions.add, chat.id, chat.type, user.id if user else None, watch)
    settings = services.settings
    if not added:
        text = f"Bạn đã theo dõi <b>{esc(watch.name)}</b> rồi."
    else:
        text = (
            f"Đã theo dõi <b>{esc(watch.name)}</b> ({KIND_NAMES[watch.kind]}). Hằng ngày lúc "
            f"{settings.reminder_time.strftime('%H:%M')} mình sẽ nhắc các nhiệm vụ đến hạn trong "
            f"{settings.reminder_days} ngày tới và các nhiệm vụ quá hạn chưa hoàn thành; mỗi nhiệm vụ một lần."
        )
        log.info("chat %s follows a %s", _who(chat.id), watch.kind)
    await send_html(context.bot, chat.id, text)


async def unfollow_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/huytheodoi [tên]: stop following one name, or choose among them (or all) by buttons."""
    chat = update.effective_chat
    services: Services = context.bot_data["services"]
    text = _command_text(update.effective_message)
    current = await asyncio.to_thread(services.subscriptions.of_chat, chat.id)
    if not current:
        await send_html(context.bot, chat.id, "Bạn chưa theo dõi cơ quan hay xã/phường nào.")
        return
    f = folded(text)
    if f in ("tat ca", "het"):
        await _unfollow(context, chat.id, None)
        return
    chosen = [w for w in current if f and (f in folded(w.name) or folded(w.name) in f)] if f else current
    if len(chosen) == 1:
        await _unfollow(context, chat.id, chosen)
        return
    if not chosen:
        listed = "\n".join(f"• {esc(w.name)}" for w in current)
        await send_html(context.bot, chat.id, f"Bạn không theo dõi «{esc(text[:100])}». Bạn đang theo dõi:\n{listed}")
        return
    context.chat_data["unfollow_choices"] = chosen
    rows = [[InlineKeyboardButton(_watch_label(w)[:60], callback_data=f"ut:{i}")] for i, w in enumerate(chosen)]
    rows.append([InlineKeyboardButton("Thôi theo dõi tất cả", callback_data="ut:-1")])
    await send_html(context.bot, chat.id, "Bạn muốn thôi theo dõi tên nào?", reply_markup=InlineKeyboardMarkup(rows))


async def _unfollow(context, chat_id: int, watches: list[Watch] | None) -> None:
    services: Services = context.bot_data["services"]
    removed = await asyncio.to_thread(services.subscriptions.remove, chat_id, watches)
    if watches is None:
        text = f"Đã thôi theo dõi tất cả ({removed})."
    else:
        text = "Đã thôi theo dõi " + ", ".join(f"<b>{esc(w.name)}</b>" for w in watches) + "."
    await send_html(context.bot, chat_id, text)


async def following_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/dangtheodoi: what this chat follows, and when reminders come."""
    chat = update.effective_chat
    services: Services = context.bot_data["services"]
    current = await asyncio.to_thread(services.subscriptions.of_chat, chat.id)
    if not current:
        text = "Bạn chưa theo dõi gì. Gõ /theodoi &lt;cơ quan hoặc xã/phường&gt; để được nhắc hạn nhiệm vụ."
    else:
        settings = services.settings
        text = (
            "<b>Đang theo dõi:</b>\n"
            + "\n".join(f"• {esc(_watch_label(w))}" for w in current)
            + f"\n\nNhắc lúc {settings.reminder_time.strftime('%H:%M')} hằng ngày: nhiệm vụ đến hạn trong "
            f"{settings.reminder_days} ngày tới và nhiệm vụ quá hạn chưa hoàn thành."
        )
    await send_html(context.bot, chat.id, text)


def _watch_label(w: Watch) -> str:
    return f"{w.name} ({KIND_NAMES[w.kind]})"


async def reminder_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_reminders(context.bot, context.bot_data["services"])


async def send_reminders(bot, services: Services, today: date | None = None) -> dict[int, int]:
    """Send each following chat one message with what is newly due or overdue; returns chat → tasks sent.

    The role is the chat's role now (not when it subscribed). A task is sent once per window ("due",
    "overdue") and chat: claimed in the reminders ledger before sending (so two workers running this job
    send it once), given back when Telegram refuses the message.
    """
    today = today or services.today()
    days = services.settings.reminder_days
    index = await asyncio.to_thread(services.engine.index)
    subs = services.subscriptions
    out: dict[int, int] = {}
    for sub in await asyncio.to_thread(subs.subscribers):

        def collect(sub=sub):
            role = services.chat_role(sub.chat_type, sub.user_id)
            sections = [(w, deadlines.due_tasks(index, role, w, today, days)) for w in sub.watches]
            return pending(sections, subs.sent(sub.chat_id))

        todo = await asyncio.to_thread(collect)
        if not todo:
            continue
        # Claimed before sending: another worker running this job at the same time sends the rest.
        claimed = await asyncio.to_thread(
            subs.claim, sub.chat_id, [(task_key(d), d.window) for _, ds in todo for d in ds], today
        )
        todo = [(w, mine) for w, ds in todo if (mine := [d for d in ds if (task_key(d), d.window) in claimed])]
        if not todo:
            continue
        try:
            await send_html(bot, sub.chat_id, reminder_html(todo, today, days))
        except Forbidden:
            log.info("chat %s no longer accepts messages: its follows are removed", _who(sub.chat_id))
            await asyncio.to_thread(subs.remove, sub.chat_id)
            continue
        except TelegramError as e:
            log.warning("reminder to chat %s failed (%s); it is tried again tomorrow", _who(sub.chat_id), e)
            await asyncio.to_thread(subs.unclaim, sub.chat_id, claimed)
            continue
        out[sub.chat_id] = len(claimed)
    log.info("reminders for %s: %d chats, %d tasks", today, len(out), sum(out.values()))
    return out


async def purge_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await asyncio.to_thread(context.bot_data["services"].purge)


# --- admin commands --------------------------------------------------------------------------------


async def _admin(update: Update, context, command: str) -> bool:
    """Admins only, and only in a private chat: statistics and codes are not for a group to read."""
    chat, user = update.effective_chat, update.effective_user
    services: Services = context.bot_data["services"]
    role = await asyncio.to_thread(services.access.telegram_role, user.id if user else None)
    if role != "admin":
        text = f"Xin lỗi, lệnh /{command} chỉ dành cho quản trị viên."
    elif chat.type != ChatType.PRIVATE:
        text = f"Lệnh /{command} chỉ dùng trong chat riêng với mình."
    else:
        return True
    await send_html(context.bot, chat.id, text, reply_to=_quote(chat, update.effective_message))
    return False


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongke: the last 30 days of the query log, as a short text and a chart."""
    if not await _admin(update, context, "thongke"):
        return
    services: Services = context.bot_data["services"]
    chat_id = update.effective_chat.id
    async with typing(context.bot, chat_id):
        figures = await asyncio.to_thread(stats.compute, services.querylog, services.today(), 30, services.zone.key)
        png = await asyncio.to_thread(stats.chart_png, figures)
    title, _, body = stats.text(figures).partition("\n")
    await send_html(context.bot, chat_id, f"<b>{esc(title)}</b>\n{esc(body)}")
    await context.bot.send_photo(
        chat_id, png, caption="Câu hỏi mỗi ngày (xanh) và câu không tìm thấy (đỏ), 30 ngày", filename="thongke.png"
    )


async def reindex_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/capnhat: rebuild the index in a worker thread; questions are answered from the old one meanwhile."""
    if not await _admin(update, context, "capnhat"):
        return
    services: Services = context.bot_data["services"]
    chat_id = update.effective_chat.id
    if context.bot_data.get("reindexing"):
        await send_html(context.bot, chat_id, "Chỉ mục đang được cập nhật rồi; mình sẽ báo khi xong.")
        return
    context.bot_data["reindexing"] = True
    try:
        await send_html(
            context.bot, chat_id, "Đang cập nhật chỉ mục… Trong lúc này mình vẫn trả lời câu hỏi bằng chỉ mục cũ."
        )
        try:
            report = await asyncio.to_thread(services.engine.build)
        except Exception as e:
            log.exception("re-indexing failed")
            await send_html(
                context.bot,
                chat_id,
                f"Cập nhật chỉ mục thất bại ({esc(type(e).__name__)}: {esc(str(e)[:300])}). "
                "Chỉ mục cũ vẫn đang phục vụ; xem nhật ký của bot để biết chi tiết.",
            )
            return
    finally:
        context.bot_data["reindexing"] = False
    state = "Đã cập nhật chỉ mục" if report.changed else "Chỉ mục không có gì thay đổi"
    lines = [
        f"<b>{state}</b>: {report.documents} văn bản, {report.passages} đoạn, "
        f"{report.embedded} đoạn mới nhúng, {report.seconds:.1f} giây."
    ]
    if report.problems:
        lines.append(f"Bỏ qua {len(report.problems)} tệp:")
        lines += [f"• {esc(str(p))[:300]}" for p in report.problems[:10]]
    await send_html(context.bot, chat_id, "\n".join(lines))


async def invite_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/moima [số lần] [số ngày]: an invite code that makes whoever redeems it an official (mã mời; /moi
    starts a new conversation)."""
    if not await _admin(update, context, "moima"):
        return
    services: Services = context.bot_data["services"]
    chat_id = update.effective_chat.id
    args = context.args or []
    if len(args) > 2 or not all(a.isdigit() for a in args):
        await send_html(
            context.bot, chat_id, "Cách dùng: /moima [số lần dùng, mặc định 1] [số ngày hiệu lực, mặc định 7]"
        )
        return
    uses = int(args[0]) if args else 1
    days = int(args[1]) if len(args) > 1 else 7
    if not (1 <= uses <= 1000 and 1 <= days <= 365):
        await send_html(context.bot, chat_id, "Số lần dùng từ 1 đến 1000, số ngày từ 1 đến 365.")
        return
    invite = await asyncio.to_thread(
        services.access.create_invite, uses=uses, days=days, by=f"telegram:{_who(update.effective_user.id)}"
    )
    expires = invite.expires_at.astimezone(services.zone)
    link = f"https://t.me/{context.bot.username}?start={invite.code}"
    await send_html(
        context.bot,
        chat_id,
        f"<b>Mã mời cán bộ</b>: <code>{invite.code}</code>\n"
        f"Dùng được {uses} lần, hết hạn {expires:%H:%M} ngày {expires:%d/%m/%Y}.\n"
        f"Gửi cho người được mời liên kết {esc(link)} (hoặc để họ gõ /start {invite.code}).\n"
        "<i>Mã chỉ hiện một lần: mình chỉ lưu dạng băm.</i>",
    )
    log.info("invite %d created by chat %s", invite.id, _who(chat_id))


async def _ack(query, text: str | None = None) -> None:
    """Answer a button press. Failing here (a press older than Telegram keeps) is no error worth telling anyone."""
    try:
        await query.answer(text)
    except TelegramError as e:
        log.info("could not answer a button press: %s", e)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command we do not have. In groups only when addressed to us: "/lenh" may be for another bot."""
    message, chat = update.effective_message, update.effective_chat
    command = message.text[1 : message.entities[0].length]
    _, _, target = command.partition("@")
    if target and target.lower() != (context.bot.username or "").lower():
        return
    if chat.type != ChatType.PRIVATE and not target:
        return
    await send_html(
        context.bot,
        chat.id,
        f"Xin lỗi, mình không có lệnh /{esc(command.partition('@')[0])}. Các lệnh mình hiểu:\n{COMMAND_LIST}",
        reply_to=_quote(chat, message),
    )


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice, files… in a private chat."""
    await send_html(
        context.bot,
        update.effective_chat.id,
        "Xin lỗi, mình chỉ đọc được câu hỏi dạng chữ. Bot chưa nhận tệp, ảnh, nhãn dán hay tin nhắn thoại; "
        "bạn vui lòng gõ câu hỏi bằng tiếng Việt nhé.",
    )


async def count_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data["services"].metrics.telegram_update()


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one place errors end up: logged with the update's ids, and the user told something went wrong."""
    chat = update.effective_chat if isinstance(update, Update) else None
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(context.error, Forbidden):  # the user blocked the bot, or it was removed from the group
        log.info("update %s: chat %s does not accept messages from the bot", update_id, _who(chat.id) if chat else None)
        return
    log.error(
        "update %s in chat %s failed: %s: %s",
        update_id,
        _who(chat.id) if chat else None,
        type(context.error).__name__,
        context.error,
        exc_info=context.error,
    )
    if chat is None:
        return
    try:
        await context.bot.send_message(
            chat.id, "Xin lỗi, đã có lỗi khi trả lời. Bạn thử lại sau ít phút hoặc hỏi cách khác nhé."
        )
    except TelegramError as e:
        log.warning("could not tell chat %s about the error: %s", _who(chat.id), e)


class _ReplyToBot(filters.MessageFilter):
    """A reply to one of this bot's own messages (how a group talks to the bot without a command)."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == message.get_bot().id)
