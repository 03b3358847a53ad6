"""Sending to Telegram: HTML split into ≤ 4096-character messages, retried only where a retry cannot repeat one.

A send that fails before Telegram can have read it (no connection, a pool timeout, an error status from
Telegram) is retried. A send whose reply was lost after the request went out (the connection dropped or
timed out while waiting for the answer) is NOT sent again: Telegram may well have delivered it, and a
second copy is what users notice. The trade-off and its measured numbers are in docs/telegram.md.
"""

from __future__ import annotations

import asyncio
import logging
import os
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.warnings import PTBUserWarning

from ..format import html_to_plain, split_html
from ..privacy import Pseudonyms
from .request import ReplyLost

log = logging.getLogger("bot.telegram")

SEND_ATTEMPTS = 4  # per message part, for network errors and 5xx (RetryAfter is retried by the rate limiter)
RETRY_BACKOFF = 0.5  # seconds, doubled per attempt
SEND_READ_TIMEOUT = 20.0  # seconds to wait for Telegram's reply to a send; a reply later than that is "unknown"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_NO_PREVIEW_JSON = NO_PREVIEW.to_dict()
# The request may have reached Telegram and been carried out; only the reply is missing. ReplyLost is how the
# bot's own client (bot/telegram/request.py) says so; the httpx errors, PTB's default client's.
DELIVERY_UNKNOWN = (ReplyLost, httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError)

# Messages go out through `Bot.do_api_request`, which PTB asks to replace by `Bot.send_message` (see `_post_message`).
warnings.filterwarnings("ignore", r"Please use 'Bot\.sendMessage' instead", PTBUserWarning)


@dataclass(frozen=True)
class Sent:
    """A message Telegram accepted, as the bot uses it: its id (buttons, edits, a group's reply chain)."""

    chat_id: int
    message_id: int


# How logs name chats (see `who`). Until an Application sets the query log's pseudonyms, a key that
# dies with the process.
_log_pseudonym = Pseudonyms(os.urandom(32))


def name_chats_in_logs(pseudonyms: Pseudonyms) -> None:
    global _log_pseudonym
    _log_pseudonym = pseudonyms


def who(chat_id: int) -> str:
    """A chat as logs name it: the start of its pseudonym, never the id (in private chats it is the user's)."""
    return _log_pseudonym(chat_id)[:12]


def delivery_unknown(error: BaseException) -> bool:
    """Did this failure happen after Telegram may have carried the request out?"""
    return isinstance(error.__cause__, DELIVERY_UNKNOWN)


async def send_html(
    bot,
    chat_id: int,
    text: str,
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
) -> list[Sent | None]:
    """Send Telegram HTML as as many messages as it takes; the buttons go under the last one.

    A part whose delivery is unknown (see the module docstring) is None in the result."""
    parts = split_html(text)
    sent = []
    for i, part in enumerate(parts):
        markup = reply_markup if i == len(parts) - 1 else None
        sent.append(await _send_part(bot, chat_id, part, markup, reply_to if i == 0 else None))
    return sent


async def _send_part(bot, chat_id: int, text: str, markup, reply_to: int | None) -> Sent | None:
    parse_mode: str | None = ParseMode.HTML
    reply = {"message_id": reply_to, "allow_sending_without_reply": True} if reply_to else None
    attempt = 0
    while True:
        try:
            return await _post_message(bot, chat_id, text, parse_mode, markup, reply)
        except BadRequest as e:
            if parse_mode and "can't parse entities" in e.message.lower():
                log.warning("Telegram rejected the HTML for chat %s (%s): resending as plain text", who(chat_id), e)
                parse_mode, text = None, html_to_plain(text)
                continue
            raise
        except NetworkError as e:  # connection errors, timeouts, 5xx (BadRequest is handled above)
            if delivery_unknown(e):
                log.warning(
                    "the reply to a send to chat %s was lost (%s); not sent again, so it cannot arrive twice",
                    who(chat_id),
                    e,
                )
                return None
            attempt += 1
            if attempt >= SEND_ATTEMPTS:
                raise
            delay = RETRY_BACKOFF * 2 ** (attempt - 1)
            log.warning("sending to chat %s failed (%s); retry %d in %.1f s", who(chat_id), e, attempt, delay)
            await asyncio.sleep(delay)


async def _post_message(bot, chat_id: int, text: str, parse_mode: str | None, markup, reply: dict | None) -> Sent:
    """sendMessage with the parameters `Bot.send_message` sends, through the same PTB path (the rate
    limiter, the bot's request client, PTB's errors and so send.py's retry rules), without reading
    Telegram's reply into PTB objects: a Message with its chat, sender and keyboard was built for every
    answer on the event loop, and only its id was used (docs/benchmarks.md, webhook path). The link preview
    and reply options go as the JSON they become: PTB's `to_dict` of an option object walks every slot of
    its class, on the event loop, for every message."""
    params = {"chat_id": chat_id, "text": text, "link_preview_options": _NO_PREVIEW_JSON, "parse_mode": parse_mode}
    if markup is not None:
        params["reply_markup"] = markup_json(markup)
    if reply is not None:
        params["reply_parameters"] = reply
    result = await bot.do_api_request("sendMessage", api_kwargs=params, read_timeout=SEND_READ_TIMEOUT)
    return Sent(chat_id, int(result["message_id"]))


_BUTTON_OTHERS = tuple(sorted(set(InlineKeyboardButton.__slots__) - {"text", "callback_data", "url"}))


def markup_json(markup):
    """An inline keyboard as the JSON PTB's `to_dict` makes of it, for the buttons the bot makes (a text and
    a callback or a link): `to_dict` walks every slot of every button's class, and an answer's keyboard came
    to a third of the send path's CPU on the event loop (docs/benchmarks.md, webhook path, session 8). Any
    other keyboard or button is left to `to_dict`."""
    if type(markup) is not InlineKeyboardMarkup or markup.api_kwargs:
        return markup
    rows = []
    for row in markup.inline_keyboard:
        out = []
        for b in row:
            if (
                type(b) is not InlineKeyboardButton
                or b.api_kwargs
                or any(getattr(b, k) is not None for k in _BUTTON_OTHERS)
            ):
                out.append(b.to_dict())
                continue
            button = {"text": b.text}
            if b.url is not None:
                button["url"] = b.url
            if b.callback_data is not None:
                button["callback_data"] = b.callback_data
            out.append(button)
        rows.append(out)
    return {"inline_keyboard": rows}


@asynccontextmanager
async def typing(bot, chat_id: int, *, shown: bool = False) -> AsyncIterator[None]:
    """Shows "typing…" while the block runs (Telegram clears it after 5 s, so it is renewed).

    `shown`: the first one already went out in the webhook's response (bot/telegram/hook.py)."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(4)
            with suppress(TelegramError):
                await bot.send_chat_action(chat_id, ChatAction.TYPING)

    if not shown:
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as e:
            log.debug("chat action failed: %s", e)
    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
