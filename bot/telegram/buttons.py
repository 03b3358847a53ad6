"""The buttons under an answer (👍/👎, «📄 Nguồn», «Xem thêm», suggestions), the example buttons, and /nguon.

One handler per button kind; app.py routes callback data to them by `keyboards.PATTERNS`, so a handler
is only called with data of its own shape (`context.matches[0]`). Callback data comes from the client
and can be anything: what fits no shape, or a press without the message it belongs to, gets a polite
answer and nothing else (`stale_button`). The answers the buttons point at are kept in the database
(`Services.stored_answer`, bot/answers.py), so they work after a restart and on any worker; one is only
shown again in the chat it was given in, and only while the asker still holds the role it was composed for.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from telegram import CallbackQuery, Update
from telegram.error import BadRequest, TelegramError

from retrieval.models import Answer

from ..format import more_html, sources_html
from . import texts
from .ask import answer
from .context import FaceContext
from .incoming import role_now
from .keyboards import answer_keyboard
from .send import send_html

log = logging.getLogger(__name__)


async def ack(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press. Failing here (a press older than Telegram keeps) is no error worth telling anyone."""
    try:
        await query.answer(text)
    except TelegramError as e:
        log.info("could not answer a button press: %s", e)


def pressed(update: Update) -> tuple[CallbackQuery, int] | None:
    """The press and the chat of the message it belongs to; None when that message is not there."""
    query = update.callback_query
    message = query.message
    if message is None or message.chat is None:
        return None
    return query, message.chat.id


async def stale_button(update: Update, context: FaceContext) -> None:
    """Callback data of no shape we make (an old client, a forged press)."""
    await ack(update.callback_query, texts.OLD_BUTTON)


async def _stored(update: Update, context: FaceContext, question_id: int, chat_id: int) -> tuple[Answer | None, bool]:
    """(the stored answer if the asker may still see it, whether it was withheld for a role now lost)."""
    role = await role_now(update, context)
    return await asyncio.to_thread(context.services.stored_answer, question_id, chat_id, role)


async def send_sources(update: Update, context: FaceContext, question_id: int | None, reply_to: int | None) -> None:
    chat_id = update.effective_chat.id
    if question_id is None:
        text = texts.NO_ANSWER_YET
    else:
        stored, withheld = await _stored(update, context, question_id, chat_id)
        text = texts.ROLE_CHANGED if withheld else texts.SOURCES_GONE if stored is None else sources_html(stored)
    await send_html(context.bot, chat_id, text, reply_to=reply_to)


async def sources_command(update: Update, context: FaceContext) -> None:
    """/nguon: the passages behind the last answer in this chat."""
    last = await asyncio.to_thread(context.services.last_answer, update.effective_chat.id)
    await send_sources(update, context, last, reply_to=None)


async def sources_button(update: Update, context: FaceContext) -> None:
    """src:<id>: the passages behind that answer, quoting it."""
    if (press := pressed(update)) is None:
        return await stale_button(update, context)
    query, _ = press
    await ack(query)
    await send_sources(update, context, int(context.matches[0][1]), reply_to=query.message.message_id)


async def more_button(update: Update, context: FaceContext) -> None:
    """more:<id>: the list items the answer left out."""
    if (press := pressed(update)) is None:
        return await stale_button(update, context)
    query, chat_id = press
    await ack(query)
    stored, withheld = await _stored(update, context, int(context.matches[0][1]), chat_id)
    if withheld:
        text = texts.ROLE_CHANGED
    elif stored and stored.more:
        text = more_html(stored)
    else:
        text = texts.MORE_GONE
    await send_html(context.bot, chat_id, text, reply_to=query.message.message_id)


async def suggestion_button(update: Update, context: FaceContext) -> None:
    """sg:<id>:<n>: ask the n-th question a not-found answer suggested."""
    if (press := pressed(update)) is None:
        return await stale_button(update, context)
    query, chat_id = press
    question_id, n = int(context.matches[0][1]), int(context.matches[0][2])
    stored, _ = await _stored(update, context, question_id, chat_id)
    if stored is None or not 0 <= n < len(stored.suggestions):
        await ack(query, texts.OLD_SUGGESTION)
        return
    await ack(query)
    await answer(update, context, stored.suggestions[n])


async def example_button(update: Update, context: FaceContext) -> None:
    """ex:<n>: ask the n-th example question of the greeting."""
    n = int(context.matches[0][1])
    if pressed(update) is None or not 0 <= n < len(texts.EXAMPLES):
        return await stale_button(update, context)
    await ack(update.callback_query)
    await answer(update, context, texts.EXAMPLES[n])


async def feedback_button(update: Update, context: FaceContext) -> None:
    """fb:<id>:<±1>: record 👍/👎 in the query log and mark the choice on the buttons."""
    if (press := pressed(update)) is None:
        return await stale_button(update, context)
    query, chat_id = press
    question_id, value = int(context.matches[0][1]), int(context.matches[0][2])
    services = context.services
    try:
        ok = await asyncio.to_thread(services.querylog.feedback, question_id, value, chat_id=chat_id)
    except Exception as e:  # the query log is unwritable (disk full…): thank, count, go on
        log.warning("feedback could not be stored: %s", e)
        services.metrics.store_error("querylog")
        ok = True
    await ack(query, texts.THANKS if ok else texts.TOO_OLD_FOR_FEEDBACK)
    stored, _ = await asyncio.to_thread(services.stored_answer, question_id, chat_id)
    if ok and stored is not None:
        with suppress(BadRequest):  # "message is not modified" when the same button is pressed twice
            await query.edit_message_reply_markup(answer_keyboard(question_id, stored, feedback=value))
