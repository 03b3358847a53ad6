"""The Application: built once, every handler registered in the one block of `build_application`.

Updates come in through intake.py (recorded in the update ledger before they are acknowledged, by
long polling or the webhook), not PTB's Updater; bot/telegram/run.py starts and stops the Application.
"""

from __future__ import annotations

import logging
from datetime import time as dtime

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from ..config import BotSettings
from ..ratelimit import Limits
from ..service import Services
from . import admin, ask, buttons, follow, texts, upload
from .context import CONTEXT_TYPES, FaceContext
from .hook import TypingShown
from .incoming import ReplyToBot
from .intake import Intake
from .keyboards import PATTERNS, no_shape
from .logs import protect_secrets_in_logs
from .request import BotApiRequest
from .send import name_chats_in_logs, who

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]


def build_application(settings: BotSettings, services: Services, *, webhook: bool = False) -> Application:
    """The bot, handlers registered; started by `run.polling()` or `run.webhook()`."""
    # httpx logs every request URL at INFO, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    protect_secrets_in_logs(settings.token, settings.webhook_secret)
    builder = (
        Application.builder()
        .token(settings.token)
        .request(BotApiRequest())  # aiohttp: a quarter of httpx's CPU per call (bot/telegram/request.py)
        .context_types(CONTEXT_TYPES)
        .rate_limiter(_RateLimiter(overall_max_rate=settings.send_rate, max_retries=3))
        .concurrent_updates(16)
    )
    if settings.api_url:
        builder = builder.base_url(f"{settings.api_url}/bot").base_file_url(f"{settings.api_url}/file/bot")
    app = builder.updater(None).build()
    state = app.bot_data
    state.services = services
    limits = Limits.for_services(services, settings.user_rate_limit)  # shared by every worker
    state.limiter, state.invite_throttle = limits.questions, limits.invites
    state.uploads = upload.Uploads()
    state.intake = Intake(app, services.updates, services.metrics, services.health)
    state.typing_shown = TypingShown()
    name_chats_in_logs(services.querylog.pseudonym)
    schedule_jobs(app, services)

    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    message = filters.UpdateType.MESSAGE
    new_text = message & filters.TEXT & ~filters.COMMAND
    # PTB tries a group's handlers in order until one takes the update. Questions come first: they are most
    # updates, and no other handler takes plain text that is not a command (nor a button press).
    app.add_handlers(
        [
            MessageHandler(new_text & private, ask.ask_text),
            MessageHandler(new_text & groups & ReplyToBot(), ask.ask_text),
            CommandHandler("start", ask.start),
            CommandHandler("help", ask.help_command),
            CommandHandler("hoi", ask.ask_command),
            CommandHandler("moi", ask.new_conversation_command),
            CommandHandler("nguon", buttons.sources_command),
            CommandHandler("theodoi", follow.follow_command),
            CommandHandler("huytheodoi", follow.unfollow_command),
            CommandHandler("dangtheodoi", follow.following_command),
            CommandHandler("thongke", admin.stats_command),
            CommandHandler("capnhat", admin.reindex_command),
            CommandHandler("moima", admin.invite_command),
            CommandHandler("huy", upload.cancel_command),
            CallbackQueryHandler(buttons.stale_button, pattern=no_shape),  # a press without callback data
            CallbackQueryHandler(buttons.feedback_button, pattern=PATTERNS["feedback"]),
            CallbackQueryHandler(buttons.sources_button, pattern=PATTERNS["sources"]),
            CallbackQueryHandler(buttons.more_button, pattern=PATTERNS["more"]),
            CallbackQueryHandler(buttons.suggestion_button, pattern=PATTERNS["suggestion"]),
            CallbackQueryHandler(buttons.example_button, pattern=PATTERNS["example"]),
            CallbackQueryHandler(follow.follow_button, pattern=PATTERNS["follow"]),
            CallbackQueryHandler(follow.unfollow_button, pattern=PATTERNS["unfollow"]),
            CallbackQueryHandler(buttons.stale_button),  # any other callback data
            MessageHandler(message & filters.COMMAND, ask.unknown_command),
            MessageHandler(message & private & filters.Document.ALL, upload.upload_document),
            MessageHandler(message & private & filters.ATTACHMENT, ask.not_text),
        ]
    )
    app.add_handler(TypeHandler(Update, count_update), group=1)
    app.add_error_handler(on_error)
    return app


def schedule_jobs(app: Application, services: Services) -> None:
    """Daily: deadline reminders at GOVQA_REMINDER_TIME, the retention purge at 03:00 (and once after start,
    so a bot restarted every night still purges). Times are Vietnam time."""
    zone = services.zone
    at = services.settings.reminder_time
    app.job_queue.run_daily(follow.reminder_job, at if at.tzinfo else at.replace(tzinfo=zone), name="reminders")
    app.job_queue.run_daily(follow.purge_job, dtime(3, 0, tzinfo=zone), name="retention")
    app.job_queue.run_once(follow.purge_job, 60, name="retention-at-start")


class _RateLimiter(AIORateLimiter):
    """PTB's limiter, except for "typing…": Telegram's flood limits count messages, and in a group
    (20 messages a minute) a chat action per question would halve how many questions get answers."""

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        if endpoint == "sendChatAction":
            return await callback(*args, **kwargs)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


async def count_update(update: Update, context: FaceContext) -> None:
    context.services.metrics.telegram_update()


async def on_error(update: object, context: FaceContext) -> None:
    """The one place errors end up: logged with the update's ids, and the user told something went wrong."""
    chat = update.effective_chat if isinstance(update, Update) else None
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(context.error, Forbidden):  # the user blocked the bot, or it was removed from the group
        log.info("update %s: chat %s does not accept messages from the bot", update_id, who(chat.id) if chat else None)
        return
    log.error(
        "update %s in chat %s failed: %s: %s",
        update_id,
        who(chat.id) if chat else None,
        type(context.error).__name__,
        context.error,
        exc_info=context.error,
    )
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, texts.ERROR)
    except TelegramError as e:
        log.warning("could not tell chat %s about the error: %s", who(chat.id), e)
