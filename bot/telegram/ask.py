"""Asking: the one path every question takes (`answer`), the ways in (text, /hoi, /start links), /moi, /help.

A question's journey here: "typing…" → in one worker thread, the per-user limit, the role, `Services.ask`
(the engine, the conversation, the query log) and the answer kept for its buttons (`Services.keep_answer`,
bot/answers.py) → `answer_html` sent by `send_html` with the buttons under its last part.
"""

from __future__ import annotations

import asyncio
import logging
import re
from contextlib import nullcontext
from typing import TYPE_CHECKING, NamedTuple

from telegram import Update
from telegram.constants import ChatType

from ..access import is_invite
from ..format import answer_html, esc
from . import texts
from .context import FaceContext
from .draft import Draft
from .incoming import command_text, conversation_name, quote, reply_name, user_role
from .keyboards import answer_keyboard, examples_keyboard
from .send import send_html, typing, who

if TYPE_CHECKING:
    from ..service import Asked

log = logging.getLogger(__name__)


async def answer(update: Update, context: FaceContext, question: str) -> None:
    """The one path every question takes, whatever button or command brought it."""
    chat, user = update.effective_chat, update.effective_user
    message = update.effective_message
    services, limiter = context.services, context.bot_data.limiter
    name, private = conversation_name(chat, message), chat.type == ChatType.PRIVATE
    # In a private chat a model's streamed answer grows in one message (bot/telegram/draft.py).
    draft = Draft(context.bot, chat.id, quote(chat, message), asyncio.get_running_loop()) if private else None

    def admit_ask_and_keep() -> Asked | Refused:
        """One thread hop: the per-user limit (the one place it is checked), the role to answer for, the
        answer, and the answer kept for its buttons before they are sent."""
        allowed, warn, wait = limiter.check(user.id)
        if not allowed:
            return Refused(warn, wait)
        role = services.chat_role(chat.type, user.id)
        asked = services.ask(
            question, face="telegram", role=role, user_id=user.id, chat_id=chat.id, conversation=name, keep=private
        )
        services.keep_answer(asked.question_id, asked.answer, chat.id, role)
        return asked

    async with typing(context.bot, chat.id, shown=context.bot_data.typing_shown.take(update.update_id)):
        with services.drafts_to(draft.offer) if draft else nullcontext():
            asked = await asyncio.to_thread(admit_ask_and_keep)
    if isinstance(asked, Refused):  # over the limit: the user is told once per burst
        if asked.warn:
            text = texts.TOO_FAST.format(limit=limiter.per_minute, wait=asked.wait)
            await send_html(context.bot, chat.id, text, reply_to=quote(chat, message))
        return
    html = texts.understood_html(asked.answer.understood_as) + answer_html(asked.answer)
    keyboard = answer_keyboard(asked.question_id, asked.answer)
    sent = await draft.finish(html, keyboard) if draft else None
    if sent is None:
        sent = await send_html(context.bot, chat.id, html, reply_markup=keyboard, reply_to=quote(chat, message))
    context.bot_data.intake.answered(update.update_id)
    if not private and asked.kept is not None:
        # In a group a reply to any part of this answer continues its conversation.
        for part in sent:
            if part is not None:
                await asyncio.to_thread(services.conversations.put, reply_name(chat.id, part.message_id), asked.kept)


class Refused(NamedTuple):
    """A question over the per-user limit: whether to say so this time, and in how many seconds to ask again."""

    warn: bool
    wait: int


async def ask_text(update: Update, context: FaceContext) -> None:
    """Plain text in a private chat, or a reply to one of the bot's messages in a group."""
    await answer(update, context, update.effective_message.text)


async def ask_command(update: Update, context: FaceContext) -> None:
    """/hoi <câu hỏi>: the way to ask in a group. The question is the text after the command, newlines kept."""
    message = update.effective_message
    question = command_text(message)
    if not question:
        await send_html(
            context.bot, update.effective_chat.id, texts.ASK_EMPTY, reply_to=quote(update.effective_chat, message)
        )
        return
    await answer(update, context, question)


async def new_conversation_command(update: Update, context: FaceContext) -> None:
    """/moi [câu hỏi]: forget the conversation so far (in a group: the one of the answer replied to); a
    question after the command is then asked on its own."""
    chat, message = update.effective_chat, update.effective_message
    await asyncio.to_thread(context.services.conversations.reset, conversation_name(chat, message))
    rest = command_text(message) if message is not None and message.entities else ""
    if rest and not re.fullmatch(r"[\d\s]+", rest):
        await answer(update, context, rest)
        return
    text = texts.NEW_CONVERSATION
    if rest:  # "/moi 1 3": invite codes used to live here
        text += texts.INVITE_MOVED
    await send_html(context.bot, chat.id, text, reply_to=quote(chat, message))


async def start(update: Update, context: FaceContext) -> None:
    """/start, with or without a deep-link payload (t.me/<bot>?start=<payload>): an example or an invite code."""
    payload = context.args[0] if context.args else None
    if payload:
        log.info("start with payload %r", "moi_…" if is_invite(payload) else payload[:64])  # codes stay out of logs
    user, chat = update.effective_user, update.effective_chat
    if payload and is_invite(payload):
        await send_html(context.bot, chat.id, await _redeem(update, context, payload))
    role = await user_role(update, context)
    name = user.first_name if user else None
    welcome = texts.welcome_html(name, role, in_group=chat.type != ChatType.PRIVATE)
    await send_html(context.bot, chat.id, welcome, reply_markup=examples_keyboard())
    # hoi_1 … hoi_4 ask an example question at once; any other payload just gets the greeting.
    m = re.fullmatch(r"hoi_(\d)", payload or "")
    if m and 1 <= int(m.group(1)) <= len(texts.EXAMPLES):
        await answer(update, context, texts.EXAMPLES[int(m.group(1)) - 1])


async def _redeem(update: Update, context: FaceContext, code: str) -> str:
    """An invite code sent with /start: the notice to send (granted, refused, throttled, not here)."""
    user, chat = update.effective_user, update.effective_chat
    throttle = context.bot_data.invite_throttle
    if chat.type != ChatType.PRIVATE:
        return texts.INVITE_IN_GROUP
    if wait := await asyncio.to_thread(throttle.wait, user.id):
        log.info("invite code for chat %s: throttled", who(chat.id))
        return texts.INVITE_THROTTLED.format(minutes=max(1, round(wait / 60)))
    granted = await asyncio.to_thread(context.services.access.redeem, code, user.id)
    if not granted:
        await asyncio.to_thread(throttle.failed, user.id)
    log.info("invite code for chat %s: %s", who(chat.id), granted or "refused")
    return texts.INVITE_GRANTED.format(role=texts.ROLE_NAMES[granted]) if granted else esc(texts.INVITE_FAILED)


async def help_command(update: Update, context: FaceContext) -> None:
    role = await user_role(update, context)
    await send_html(context.bot, update.effective_chat.id, texts.HELP + (texts.ADMIN_HELP if role == "admin" else ""))


async def unknown_command(update: Update, context: FaceContext) -> None:
    """A command we do not have. In groups only when addressed to us: "/lenh" may be for another bot."""
    message, chat = update.effective_message, update.effective_chat
    command = message.text[1 : message.entities[0].length]
    _, _, target = command.partition("@")
    if target and target.lower() != (context.bot.username or "").lower():
        return
    if chat.type != ChatType.PRIVATE and not target:
        return
    await send_html(
        context.bot, chat.id, texts.unknown_command(command.partition("@")[0]), reply_to=quote(chat, message)
    )


async def not_text(update: Update, context: FaceContext) -> None:
    """Stickers, photos, voice, files… in a private chat."""
    await send_html(context.bot, update.effective_chat.id, texts.NOT_TEXT)
