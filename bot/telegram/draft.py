"""An answer streamed by editing one message: the model's guarded beginnings, then the final answer.

With a model configured (GOVQA_LLM_*, streaming on), a private chat sees the answer grow: each
beginning of the model's reply that ends at a citation label and passes the figure guard on its own
(retrieval/drafts.py) is shown, at most once a second, in one message that the final answer then
replaces — the model's whole text if the guard passed all of it, else the extractive answer. A number
the guard has not checked is never on screen.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Future

from telegram import InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import TelegramError

from ..format import esc, split_html
from .send import NO_PREVIEW, Sent, send_html, who

log = logging.getLogger("bot.telegram")

DRAFT_EVERY = 1.0  # seconds between edits of a draft (Telegram's flood limits count edits too)


class Draft:
    def __init__(self, bot, chat_id: int, reply_to: int | None, loop: asyncio.AbstractEventLoop) -> None:
        self.bot, self.chat_id, self.reply_to, self.loop = bot, chat_id, reply_to, loop
        self.message: Sent | None = None
        self._futures: list[Future] = []
        self._lock = asyncio.Lock()
        self._last = 0.0
        self._sending = False

    def offer(self, text: str) -> None:
        """A guarded beginning of the answer (called from the worker thread that answers)."""
        self._futures.append(asyncio.run_coroutine_threadsafe(self._show(text), self.loop))

    async def _show(self, text: str) -> None:
        async with self._lock:
            now = self.loop.time()
            if self._sending or (self.message is not None and now - self._last < DRAFT_EVERY):
                return  # the final edit shows everything anyway
            html = esc(text) + " …"
            try:
                if self.message is None:
                    self._sending = True
                    self.message = (await send_html(self.bot, self.chat_id, html, reply_to=self.reply_to))[0]
                    self._sending = self.message is None  # delivery unknown: no more drafts
                else:
                    await self.bot.edit_message_text(
                        html, chat_id=self.chat_id, message_id=self.message.message_id, parse_mode=ParseMode.HTML
                    )
            except TelegramError as e:
                log.warning("a draft for chat %s was not shown (%s)", who(self.chat_id), e)
            self._last = now

    async def finish(self, html: str, reply_markup: InlineKeyboardMarkup | None) -> list[Sent | None] | None:
        """Put the final answer in the draft's place; None when there is no draft to replace (send as usual)."""
        for future in self._futures:
            try:
                await asyncio.wrap_future(future)
            except Exception:  # a draft that failed is no reason not to answer
                log.exception("a draft failed")
        async with self._lock:
            if self.message is None:
                return None
            parts = split_html(html)
            if len(parts) == 1:
                try:
                    await self.bot.edit_message_text(
                        parts[0],
                        chat_id=self.chat_id,
                        message_id=self.message.message_id,
                        parse_mode=ParseMode.HTML,
                        reply_markup=reply_markup,
                        link_preview_options=NO_PREVIEW,
                    )
                    return [self.message]  # an edited message keeps its id
                except TelegramError as e:
                    log.warning("the final edit for chat %s failed (%s): sent as a new message", who(self.chat_id), e)
            try:  # too long for one message, or the edit failed: the draft goes, the answer is sent whole
                await self.bot.delete_message(self.chat_id, self.message.message_id)
            except TelegramError as e:
                log.warning("a draft in chat %s could not be deleted (%s)", who(self.chat_id), e)
            return None
