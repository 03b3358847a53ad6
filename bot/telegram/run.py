"""Starting and stopping the Application: long polling (`govqa telegram`, `govqa serve` without a webhook)
or the webhook (`govqa serve` with GOVQA_WEBHOOK_URL, fed by bot/web.py)."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from urllib.parse import urlparse

from telegram import BotCommand
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from ..config import BotSettings
from ..service import Services
from .app import ALLOWED_UPDATES, build_application
from .intake import Intake, poll_updates
from .texts import COMMANDS

log = logging.getLogger(__name__)

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
    intake: Intake = app.bot_data.intake
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
    await app.bot_data.uploads.shutdown()
    await intake.close()
    await app.stop()  # waits for the updates being handled
    await asyncio.to_thread(intake.release)


@asynccontextmanager
async def webhook(app: Application, settings: BotSettings) -> AsyncIterator[Application]:
    """Run the bot on updates posted to the webhook (fed by bot.web) until the block exits."""
    await _startup(app)
    intake: Intake = app.bot_data.intake
    try:
        await app.start()
        await app.bot.set_webhook(
            settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=ALLOWED_UPDATES
        )
        await intake.start()
        try:
            yield app
        finally:
            await _stop(app, intake)
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
