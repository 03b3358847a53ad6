"""How Telegram updates come in: recorded in the ledger first, then processed from that record, once.

Both transports end in `Intake.receive(raw)`: the webhook (bot/web.py) before it answers 200, and
`poll_updates` below before its next getUpdates call confirms the batch. `receive` records the update
(bot/updates.py) and starts processing it; an id recorded before is dropped. Processing reads the
update with python-telegram-bot; one it cannot read (say, a poll from an older Bot API server) is
logged once without its content, counted and skipped. A message older than `MAX_AGE` (the bot was
down) gets a short apology instead of an answer. Every few seconds the intake takes over updates a
dead worker had claimed (a crash, kill -9) and answers them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from telegram import Chat, Message, Update, User
from telegram._utils.datetime import extract_tzinfo_from_defaults, from_timestamp
from telegram.constants import ChatType
from telegram.error import Conflict, Forbidden, InvalidToken, TelegramError
from telegram.warnings import PTBUserWarning

from ..db import DB_ERRORS
from ..health import Health
from ..updates import LEASE_SECONDS, UpdateLedger
from .texts import STALE

log = logging.getLogger(__name__)

MAX_AGE = 600.0  # seconds: older messages are not answered, the sender gets STALE instead
MAX_CONCURRENT = 16  # updates handled at once (answers themselves are computed one at a time)
TAKE_OVER_EVERY = 5.0  # seconds between looks for updates a dead worker left
MEMORY_IDS = 100_000  # update ids remembered in memory while the ledger cannot be written


class Intake:
    def __init__(
        self, app, ledger: UpdateLedger, metrics, health: Health, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.app, self.ledger, self.metrics, self.health, self.clock = app, ledger, metrics, health, clock
        self._slots = asyncio.Semaphore(MAX_CONCURRENT)
        self._seen: set[int] = set()  # only while the ledger cannot be written (disk full): dedup in memory
        self._apologised: dict[int, float] = {}
        self._finished: set[int] = set()  # marked by `answered` while still being processed
        self._closing = False
        self._tasks: list[asyncio.Task] = []
        # The ledger's own threads: in the shared pool its writes would queue behind answers being computed,
        # delaying acknowledgements and widening the moment between a reply sent and its update marked done.
        self._io = ThreadPoolExecutor(max_workers=2, thread_name_prefix="govqa-ledger")

    async def _ledger(self, method, *args):
        return await asyncio.get_running_loop().run_in_executor(self._io, method, *args)

    # --- what the transports call --------------------------------------------------------------------

    async def receive(self, raw: dict) -> bool:
        """Record one delivered update and start processing it; False when its id was seen before.

        Returns once the record is committed: only then may the transport acknowledge the update.
        """
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            raise ValueError("not a Telegram update: no integer update_id")
        text = json.dumps(raw, ensure_ascii=False)
        try:
            new = await self._ledger(self.ledger.record, update_id, text)
            self._set_degraded(False)
        except (*DB_ERRORS, OSError) as e:  # disk full, read-only: answer anyway, dedup in memory
            self._set_degraded(True, e)
            new = update_id not in self._seen
            self._seen.add(update_id)
            if len(self._seen) > MEMORY_IDS:  # a long outage: keep the newest ids (Telegram's are increasing)
                self._seen = set(sorted(self._seen)[-MEMORY_IDS // 2 :])
        if not new:
            self.metrics.telegram_event("duplicate")
            log.info("update %d was delivered before: dropped", update_id)
            return False
        self._spawn(update_id, text, self.clock(), raw)
        return True

    async def start(self) -> None:
        """Take over what a previous run left unanswered, then keep renewing and taking over."""
        await self._take_over()
        self._tasks.append(asyncio.create_task(self._housekeeping(), name="govqa-intake-housekeeping"))

    async def close(self) -> None:
        """Stop taking new work; updates not started stay in the ledger for the next start."""
        self._closing = True
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    def release(self) -> None:
        """After the application stopped: unfinished claims are given back for the next start."""
        self._io.shutdown(wait=True)
        try:
            self.ledger.release()
        except (*DB_ERRORS, OSError) as e:
            log.warning("could not release unfinished updates (%s); they are taken over after %ds", e, LEASE_SECONDS)

    def answered(self, update_id: int) -> None:
        """Called by a handler the moment Telegram accepted its reply: the update is done.

        Synchronous on purpose: every hop (a thread, the event loop under load) between Telegram's "ok" and
        this commit is a moment in which kill -9 makes the next start answer the update a second time.
        """
        if update_id in self._finished:
            return
        try:
            self.ledger.finish(update_id, "answered")
            self._finished.add(update_id)
        except (*DB_ERRORS, OSError) as e:
            self._set_degraded(True, e)

    # --- processing ----------------------------------------------------------------------------------

    def _spawn(self, update_id: int, raw: str, received_at: float, data: dict | None = None) -> None:
        """`data`: the update as parsed by the transport, when it has it (`raw` is its JSON)."""
        self.app.create_task(self._process(update_id, raw, received_at, data), name=f"govqa-update-{update_id}")

    async def _process(self, update_id: int, raw: str, received_at: float, data: dict | None = None) -> None:
        async with self._slots:
            if self._closing:  # shutting down: left claimed, answered after the restart
                return
            outcome = "error"
            try:
                outcome = await self._handle(update_id, raw, received_at, data)
            finally:
                await self._finish(update_id, outcome)

    async def _handle(self, update_id: int, raw: str, received_at: float, data: dict | None = None) -> str:
        try:
            update = read_update(json.loads(raw) if data is None else data, self.app.bot)
        except Exception as e:  # anything PTB raises on a shape it does not know
            self.metrics.telegram_event("unparsable")
            # The update holds users' text: only its id and the names of its fields are logged.
            log.warning(
                "update %d skipped: python-telegram-bot cannot read it (%s; fields %s)",
                update_id,
                type(e).__name__,
                _shape(raw),
            )
            log.debug("update %d could not be read", update_id, exc_info=e)
            return "unparsable"
        message = update.message
        sent_at = message.date.timestamp() if message is not None and message.date else received_at
        if self.clock() - sent_at > MAX_AGE:
            self.metrics.telegram_event("stale")
            await self._apologise(update)
            return "stale"
        await self.app.process_update(update)
        return "answered"

    async def _finish(self, update_id: int, outcome: str) -> None:
        if update_id in self._finished:
            self._finished.discard(update_id)
            return
        try:
            await self._ledger(self.ledger.finish, update_id, outcome)
        except (*DB_ERRORS, OSError) as e:
            self._set_degraded(True, e)

    async def _apologise(self, update: Update) -> None:
        chat, message = update.effective_chat, update.message
        if chat is None or message is None or not _addressed(message, self.app.bot):
            return
        last = self._apologised.get(chat.id)
        if last is not None and self.clock() - last < MAX_AGE:  # one apology per chat for a backlog
            return
        self._apologised[chat.id] = self.clock()
        try:
            await self.app.bot.send_message(chat.id, STALE)
        except Forbidden:
            pass
        except TelegramError as e:
            log.warning("could not send the late-message apology: %s", e)

    # --- taking over ---------------------------------------------------------------------------------

    async def _housekeeping(self) -> None:
        while True:
            await asyncio.sleep(TAKE_OVER_EVERY)
            try:
                await self._ledger(self.ledger.renew)
            except (*DB_ERRORS, OSError) as e:
                self._set_degraded(True, e)
            await self._take_over()

    async def _take_over(self) -> None:
        try:
            pending = await self._ledger(self.ledger.take_over)
        except (*DB_ERRORS, OSError) as e:
            self._set_degraded(True, e)
            return
        if pending:
            log.info("taking over %d updates acknowledged but not answered before", len(pending))
        for p in pending:
            self.metrics.telegram_event("recovered")
            if p.raw is None:
                await self._finish(p.update_id, "error")
                continue
            self._spawn(p.update_id, p.raw, p.received_at)

    def _set_degraded(self, degraded: bool, error: Exception | None = None) -> None:
        if degraded:
            self.health.failed("updates", error)
        else:
            self.health.ok("updates")


async def poll_updates(bot, intake: Intake, *, timeout: int = 10, allowed_updates: list[str] | None = None) -> None:
    """Long polling until cancelled. A batch is recorded before the next call's offset confirms it."""
    offset = 0
    failures = 0
    while True:
        try:
            # do_api_request, not get_updates: the updates arrive as JSON. get_updates reads them itself,
            # and one it cannot read fails the whole batch, again and again (PTB warns we bypass it).
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PTBUserWarning)
                batch = await bot.do_api_request(
                    "getUpdates",
                    api_kwargs={"offset": offset, "timeout": timeout, "allowed_updates": allowed_updates or []},
                    read_timeout=timeout + 10,
                )
        except InvalidToken:
            raise
        except (TelegramError, OSError) as e:
            failures += 1
            delay = min(30.0, 0.5 * 2 ** min(failures, 6))
            level = logging.WARNING if failures == 1 or isinstance(e, Conflict) else logging.DEBUG
            log.log(level, "getUpdates failed (%s: %s); retrying in %.1f s", type(e).__name__, e, delay)
            await asyncio.sleep(delay)
            continue
        if failures:
            log.info("getUpdates works again after %d failures", failures)
            failures = 0
        for raw in batch if isinstance(batch, list) else []:
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if not isinstance(update_id, int):
                log.warning("getUpdates returned an item without an update_id: skipped")
                continue
            try:
                await intake.receive(raw)
            except Exception:  # a bug of ours must not stop polling: this update is skipped, the rest go on
                log.exception("update %d could not be taken in", update_id)
            offset = max(offset, update_id + 1)


_PLAIN = frozenset(("message_id", "date", "chat", "from", "text"))


def read_update(data: dict, bot) -> Update:
    """`Update.de_json`, with a short way for what most updates are: a text message with nothing else (no
    entities, no reply, no forward). `Message.de_json` looks up each of its hundred optional fields, about a
    tenth of a webhook update's CPU on the event loop (docs/benchmarks.md, webhook path, session 8); such a
    message is built from the fields it has, as `de_json` builds it (tests/test_telegram.py compares them)."""
    message = data.get("message")
    if len(data) != 2 or not isinstance(message, dict) or not message.keys() <= _PLAIN:
        return Update.de_json(data, bot)
    chat, user, date, message_id = (message.get(k) for k in ("chat", "from", "date", "message_id"))
    if not (isinstance(chat, dict) and isinstance(user, dict | None) and isinstance(date, int)):
        return Update.de_json(data, bot)
    if not isinstance(message_id, int):
        return Update.de_json(data, bot)
    read = Message(
        message_id=message_id,
        date=from_timestamp(date, tzinfo=extract_tzinfo_from_defaults(bot)),
        chat=Chat.de_json(chat, bot),
        from_user=None if user is None else User.de_json(user, bot),
        text=message.get("text"),
    )
    read.set_bot(bot)
    update = Update(data.get("update_id"), message=read)
    update.set_bot(bot)
    return update


def _shape(raw: str) -> str:
    """The field names of an update and of its first object, e.g. "message.poll" (never values)."""
    try:
        data = json.loads(raw)
        kind = next(k for k in data if k != "update_id")
        inner = [k for k in data[kind] if k not in ("message_id", "date", "chat", "from")]
        return f"{kind}.{','.join(sorted(inner)[:8])}" if inner else kind
    except Exception:  # a shape we cannot describe either
        return "?"


def _addressed(message, bot) -> bool:
    """Would the bot have answered this message: a private chat, or a command or reply to it in a group."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    text = message.text or ""
    if text.startswith("/"):
        target = text.split()[0].partition("@")[2]
        return not target or target.lower() == (bot.username or "").lower()
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot.id)
