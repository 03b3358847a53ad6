"""Reading what arrived: the text after a command, whom to quote, the asker's role now, which conversation."""

from __future__ import annotations

import asyncio

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import filters

from .context import FaceContext


def command_text(message: Message) -> str:
    """What follows the command ("/theodoi@bot Sở Tài chính" → "Sở Tài chính"), newlines kept."""
    return message.text[message.entities[0].length :].strip()


def quote(chat, message: Message | None) -> int | None:
    """In groups an answer quotes its question, so it is clear whose question it answers."""
    if message is None or chat.type == ChatType.PRIVATE:
        return None
    return message.message_id


async def role_now(update: Update, context: FaceContext) -> str:
    """The asker's role at this moment (not when an answer was given): roles can be revoked in between."""
    user, chat = update.effective_user, update.effective_chat
    chat_type = chat.type if chat else None
    return await asyncio.to_thread(context.services.chat_role, chat_type, user.id if user else None)


async def user_role(update: Update, context: FaceContext) -> str:
    """The user's own role, whatever the chat (for /help, /start and the admin commands)."""
    user = update.effective_user
    return await asyncio.to_thread(context.services.access.telegram_role, user.id if user else None)


def conversation_name(chat, message: Message | None) -> str:
    """The conversation a message continues: the private chat, or in a group the bot's answer it replies to
    (anything else in a group starts a new one)."""
    if chat.type == ChatType.PRIVATE:
        return f"telegram:private:{chat.id}"
    replied = message.reply_to_message if message is not None else None
    if replied is not None and replied.from_user is not None and replied.from_user.id == message.get_bot().id:
        return reply_name(chat.id, replied.message_id)
    return f"telegram:new:{chat.id}:{message.message_id if message is not None else 0}"


def reply_name(chat_id: int, message_id: int) -> str:
    """The conversation of one answer in a group: a reply to any part of it continues it."""
    return f"telegram:reply:{chat_id}:{message_id}"


class ReplyToBot(filters.MessageFilter):
    """A reply to one of this bot's own messages (how a group talks to the bot without a command)."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == message.get_bot().id)
