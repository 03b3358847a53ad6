"""Admin commands, in a private chat only: /thongke (statistics and a chart), /capnhat (re-index), /moima (invites)."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.constants import ChatType

from .. import stats
from ..format import esc
from . import texts
from .context import FaceContext
from .incoming import quote, user_role
from .send import send_html, typing, who

log = logging.getLogger(__name__)


async def _admin(update: Update, context: FaceContext, command: str) -> bool:
    """Admins only, and only in a private chat: statistics and codes are not for a group to read."""
    chat = update.effective_chat
    if await user_role(update, context) != "admin":
        text = texts.ADMINS_ONLY.format(command=command)
    elif chat.type != ChatType.PRIVATE:
        text = texts.PRIVATE_ONLY.format(command=command)
    else:
        return True
    await send_html(context.bot, chat.id, text, reply_to=quote(chat, update.effective_message))
    return False


async def stats_command(update: Update, context: FaceContext) -> None:
    """/thongke: the last 30 days of the query log, as a short text and a chart."""
    if not await _admin(update, context, "thongke"):
        return
    services = context.services
    chat_id = update.effective_chat.id
    async with typing(context.bot, chat_id):
        figures = await asyncio.to_thread(stats.compute, services.querylog, services.today(), 30, services.zone.key)
        png = await asyncio.to_thread(stats.chart_png, figures)
    title, _, body = stats.text(figures).partition("\n")
    await send_html(context.bot, chat_id, f"<b>{esc(title)}</b>\n{esc(body)}")
    await context.bot.send_photo(chat_id, png, caption=texts.STATS_CHART, filename="thongke.png")


async def reindex_command(update: Update, context: FaceContext) -> None:
    """/capnhat: rebuild the index in a worker thread; questions are answered from the old one meanwhile."""
    if not await _admin(update, context, "capnhat"):
        return
    state = context.bot_data
    chat_id = update.effective_chat.id
    if state.reindexing:
        await send_html(context.bot, chat_id, texts.REINDEX_RUNNING)
        return
    state.reindexing = True
    try:
        await send_html(context.bot, chat_id, texts.REINDEX_STARTED)
        try:
            report = await asyncio.to_thread(context.services.engine.build)
        except Exception as e:
            log.exception("re-indexing failed")
            await send_html(context.bot, chat_id, texts.reindex_failed(e))
            return
    finally:
        state.reindexing = False
    await send_html(context.bot, chat_id, texts.reindexed(report))


async def invite_command(update: Update, context: FaceContext) -> None:
    """/moima [số lần] [số ngày]: an invite code that makes whoever redeems it an official (mã mời; /moi
    starts a new conversation)."""
    if not await _admin(update, context, "moima"):
        return
    services = context.services
    chat_id = update.effective_chat.id
    args = context.args or []
    if len(args) > 2 or not all(a.isdigit() for a in args):
        await send_html(context.bot, chat_id, texts.INVITE_USAGE)
        return
    uses = int(args[0]) if args else 1
    days = int(args[1]) if len(args) > 1 else 7
    if not (1 <= uses <= 1000 and 1 <= days <= 365):
        await send_html(context.bot, chat_id, texts.INVITE_BOUNDS)
        return
    invite = await asyncio.to_thread(
        services.access.create_invite, uses=uses, days=days, by=f"telegram:{who(update.effective_user.id)}"
    )
    expires = invite.expires_at.astimezone(services.zone)
    link = f"https://t.me/{context.bot.username}?start={invite.code}"
    await send_html(context.bot, chat_id, texts.invite_created(invite.code, uses, expires, link))
    log.info("invite %d created by chat %s", invite.id, who(chat_id))
