"""Deadline reminders: /theodoi, /huytheodoi, /dangtheodoi, their choice buttons, and the daily jobs.

Names are found, and tasks due, through the engine (`Engine.watches`, `Engine.due_tasks`) for the
chat's role at that moment; follows and what was sent live in `Services.subscriptions` (bot/reminders.py).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date

from telegram import Update
from telegram.error import Forbidden, TelegramError

from retrieval import Watch

from ..reminders import pending, reminder_html, task_key
from ..service import Services
from . import texts
from .buttons import ack, pressed, stale_button
from .context import FaceContext
from .incoming import command_text, quote, role_now
from .keyboards import button_label, follow_keyboard, unfollow_keyboard
from .send import send_html, who

log = logging.getLogger(__name__)


def _label(w: Watch) -> str:
    return texts.watch_label(w.name, w.kind)


def _offered(update: Update, data: str) -> str | None:
    """The label of the button `data` on the pressed message. Choices live in one process's chat data; the
    message itself carries them to a restarted bot or to another worker behind the same webhook."""
    markup = getattr(update.callback_query.message, "reply_markup", None)
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


async def follow_command(update: Update, context: FaceContext) -> None:
    """/theodoi <cơ quan | xã/phường>: follow the tasks an agency leads or a commune is assigned."""
    chat, message = update.effective_chat, update.effective_message
    text = command_text(message)
    if not text:
        await send_html(context.bot, chat.id, texts.FOLLOW_EMPTY, reply_to=quote(chat, message))
        return
    role = await role_now(update, context)
    found = await asyncio.to_thread(context.services.engine.watches, text, role)
    if not found:
        await send_html(context.bot, chat.id, texts.follow_not_found(text), reply_to=quote(chat, message))
    elif len(found) == 1:
        await _follow(update, context, found[0])
    else:
        context.chat_data.follow_choices = found
        await send_html(context.bot, chat.id, texts.FOLLOW_WHICH, reply_markup=follow_keyboard(found))


async def follow_button(update: Update, context: FaceContext) -> None:
    """td:<n>: follow the n-th name /theodoi offered."""
    n = int(context.matches[0][1])
    choices = context.chat_data.follow_choices
    if pressed(update) is None:
        return await stale_button(update, context)
    if 0 <= n < len(choices):
        watch = choices[n]
    else:  # offered before a restart, or by another worker: the button's own label says what it offered
        label = _offered(update, f"td:{n}")
        role = await role_now(update, context)
        name = label.rsplit(" (", 1)[0] if label else ""
        found = await asyncio.to_thread(context.services.engine.watches, name, role) if name else []
        watch = next((w for w in found if button_label(w) == label), None)
    if watch is None:
        await ack(update.callback_query, texts.OLD_FOLLOW_CHOICE)
        return
    await ack(update.callback_query)
    context.chat_data.follow_choices = []
    await _follow(update, context, watch)


async def _follow(update: Update, context: FaceContext, watch: Watch) -> None:
    chat, user = update.effective_chat, update.effective_user
    services = context.services
    added = await asyncio.to_thread(services.subscriptions.add, chat.id, chat.type, user.id if user else None, watch)
    settings = services.settings
    if not added:
        text = texts.already_following(watch.name)
    else:
        at = settings.reminder_time.strftime("%H:%M")
        text = texts.now_following(watch.name, watch.kind, at, settings.reminder_days)
        log.info("chat %s follows a %s", who(chat.id), watch.kind)
    await send_html(context.bot, chat.id, text)


async def unfollow_command(update: Update, context: FaceContext) -> None:
    """/huytheodoi [tên]: stop following one name, or choose among them (or all) by buttons."""
    chat = update.effective_chat
    services = context.services
    text = command_text(update.effective_message)
    current = await asyncio.to_thread(services.subscriptions.of_chat, chat.id)
    if not current:
        await send_html(context.bot, chat.id, texts.FOLLOWING_NOTHING)
        return
    chosen = services.engine.among(current, text)
    if chosen is None or len(chosen) == 1:  # "tất cả", or one name
        await _unfollow(context, chat.id, chosen)
    elif not chosen:
        await send_html(context.bot, chat.id, texts.not_following(text, [w.name for w in current]))
    else:
        context.chat_data.unfollow_choices = chosen
        await send_html(context.bot, chat.id, texts.UNFOLLOW_WHICH, reply_markup=unfollow_keyboard(chosen))


async def unfollow_button(update: Update, context: FaceContext) -> None:
    """ut:<n>: stop following the n-th name /huytheodoi offered; ut:-1: all of them."""
    n = int(context.matches[0][1])
    choices = context.chat_data.unfollow_choices
    if (press := pressed(update)) is None:
        return await stale_button(update, context)
    watch = choices[n] if 0 <= n < len(choices) else None
    if n != -1 and watch is None:  # offered before a restart, or by another worker: find it by its label
        label = _offered(update, f"ut:{n}")
        current = await asyncio.to_thread(context.services.subscriptions.of_chat, press[1]) if label else []
        watch = next((w for w in current if button_label(w) == label), None)
    if n != -1 and watch is None:
        await ack(update.callback_query, texts.OLD_UNFOLLOW_CHOICE)
        return
    await ack(update.callback_query)
    context.chat_data.unfollow_choices = []
    await _unfollow(context, press[1], None if n == -1 else [watch])


async def _unfollow(context: FaceContext, chat_id: int, watches: list[Watch] | None) -> None:
    removed = await asyncio.to_thread(context.services.subscriptions.remove, chat_id, watches)
    names = None if watches is None else [w.name for w in watches]
    await send_html(context.bot, chat_id, texts.unfollowed(names, removed))


async def following_command(update: Update, context: FaceContext) -> None:
    """/dangtheodoi: what this chat follows, and when reminders come."""
    chat = update.effective_chat
    services = context.services
    current = await asyncio.to_thread(services.subscriptions.of_chat, chat.id)
    if not current:
        text = texts.FOLLOWING_NONE
    else:
        settings = services.settings
        at = settings.reminder_time.strftime("%H:%M")
        text = texts.following([_label(w) for w in current], at, settings.reminder_days)
    await send_html(context.bot, chat.id, text)


# --- the daily jobs --------------------------------------------------------------------------------


async def reminder_job(context: FaceContext) -> None:
    await send_reminders(context.bot, context.services)


async def purge_job(context: FaceContext) -> None:
    await asyncio.to_thread(context.services.purge)


async def send_reminders(bot, services: Services, today: date | None = None) -> dict[int, int]:
    """Send each following chat one message with what is newly due or overdue; returns chat → tasks sent.

    The role is the chat's role now (not when it subscribed). A task is sent once per window ("due",
    "overdue") and chat: claimed in the reminders ledger before sending (so two workers running this job
    send it once), given back when Telegram refuses the message.
    """
    today = today or services.today()
    days = services.settings.reminder_days
    engine, subs = services.engine, services.subscriptions
    out: dict[int, int] = {}
    for sub in await asyncio.to_thread(subs.subscribers):

        def collect(sub=sub):
            role = services.chat_role(sub.chat_type, sub.user_id)
            sections = [(w, engine.due_tasks(w, role, today, days)) for w in sub.watches]
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
            log.info("chat %s no longer accepts messages: its follows are removed", who(sub.chat_id))
            await asyncio.to_thread(subs.remove, sub.chat_id)
            continue
        except TelegramError as e:
            log.warning("reminder to chat %s failed (%s); it is tried again tomorrow", who(sub.chat_id), e)
            await asyncio.to_thread(subs.unclaim, sub.chat_id, claimed)
            continue
        out[sub.chat_id] = len(claimed)
    log.info("reminders for %s: %d chats, %d tasks", today, len(out), sum(out.values()))
    return out
