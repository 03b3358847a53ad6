"""Admins' uploads, processed in the background: one file at a time, bounded by passages and time, cancellable.

The handler that receives a file only starts an `UploadJob` and returns, so questions (and other
updates) go on being answered while the file is read, embedded and indexed in a thread of its own. The
job reports progress by editing one message («đang xử lý 1.200/5.000 đoạn…»), stops at its next step
when /huy is sent, its time is up, or the bot shuts down, and then the stored file is taken back
(retrieval.formats.upload.store_upload), so the served index never changes halfway.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TypeVar

from telegram.constants import ChatType
from telegram.error import TelegramError

from retrieval.formats.upload import MAX_UPLOAD_BYTES, UploadRejected, store_upload

from ..service import Services
from . import texts
from .context import FaceContext
from .incoming import user_role
from .send import send_html, who

log = logging.getLogger(__name__)
PUBLIC = re.compile(r"\b(?:c[oô]ng\s+khai|public)\b")  # in the caption (NFC, lower case): a public file

T = TypeVar("T")
PROGRESS_EVERY = 3.0  # seconds between edits of the progress message
STOP_WAIT = 5.0  # seconds a shutdown waits for a stopping upload before leaving it behind


class UploadStopped(Exception):
    """Raised from the progress callback: the upload was cancelled or ran out of time."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "cancelled" | "timeout" | "shutdown"


@dataclass
class UploadJob:
    chat_id: int
    name: str
    deadline: float  # time.monotonic() value
    cancel: threading.Event = field(default_factory=threading.Event)
    reason: str = "cancelled"
    done: int = 0
    total: int = 0
    message_id: int | None = None
    task: asyncio.Task | None = None

    def progress(self, done: int, total: int) -> None:
        """Called from the worker thread between steps; raises to stop the upload there."""
        self.done, self.total = done, total
        if self.cancel.is_set():
            raise UploadStopped(self.reason)
        if time.monotonic() > self.deadline:
            raise UploadStopped("timeout")

    def status(self) -> str:
        if not self.total:
            return texts.UPLOAD_READING.format(name=self.name)
        return texts.UPLOAD_PROGRESS.format(name=self.name, done=_thousands(self.done), total=_thousands(self.total))

    def stop(self, reason: str) -> None:
        self.reason = reason
        self.cancel.set()


class Uploads:
    """The one upload being processed, if any."""

    def __init__(self) -> None:
        self.current: UploadJob | None = None

    def begin(self, chat_id: int, name: str, seconds: float) -> UploadJob:
        if self.current is not None:
            raise RuntimeError("an upload is already being processed")
        self.current = UploadJob(chat_id, name, time.monotonic() + seconds)
        return self.current

    def end(self, job: UploadJob) -> None:
        if self.current is job:
            self.current = None

    async def shutdown(self) -> None:
        """Stop the running upload (its file is taken back) and wait a little for its thread to notice."""
        job = self.current
        if job is None or job.task is None:
            return
        job.stop("shutdown")
        try:
            await asyncio.wait_for(asyncio.shield(job.task), STOP_WAIT)
        except TimeoutError:
            log.warning("the upload of %s is still reading its file; leaving it behind", job.name)
        except Exception:  # it failed while stopping: already logged by the job
            pass


async def in_daemon_thread(fn: Callable[[], T]) -> T:
    """fn() in a thread of its own that never keeps the process alive (unlike asyncio.to_thread's pool,
    which the event loop waits for at exit: a long upload would hold up SIGTERM)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future = loop.create_future()

    def settle(ok: bool, value) -> None:
        if not future.done():
            (future.set_result if ok else future.set_exception)(value)

    def run() -> None:
        try:
            result = fn()
        except BaseException as e:  # handed to the awaiting coroutine
            with suppress(RuntimeError):  # the loop is gone: nobody is waiting any more
                loop.call_soon_threadsafe(settle, False, e)
        else:
            with suppress(RuntimeError):
                loop.call_soon_threadsafe(settle, True, result)

    threading.Thread(target=run, name="govqa-upload", daemon=True).start()
    return await future


async def report_progress(bot, job: UploadJob) -> None:
    """Edit the job's message with its progress every few seconds, until cancelled."""
    shown = None
    while True:
        await asyncio.sleep(PROGRESS_EVERY)
        text = job.status() + texts.CANCEL_HINT
        if text == shown or job.message_id is None:
            continue
        try:
            await bot.edit_message_text(text, chat_id=job.chat_id, message_id=job.message_id)
            shown = text
        except Exception as e:  # a progress line is a courtesy
            log.debug("could not edit the upload progress: %s", e)


# --- the handlers: a file arrives, /huy -------------------------------------------------------------------


async def upload_document(update, context: FaceContext) -> None:
    """A file in a private chat. An admin's is checked (size, type by content), then read, stored in the data
    dir's uploads folder and indexed in the background; the served index only changes if
    that succeeds. Others are refused politely. Uploads are internal unless the caption says "công khai"."""
    message, chat = update.effective_message, update.effective_chat
    services = context.services
    if await user_role(update, context) != "admin":
        await send_html(context.bot, chat.id, texts.UPLOAD_ADMINS_ONLY)
        return
    document = message.document
    name = document.file_name or "tep-tai-len"
    if document.file_size and document.file_size > MAX_UPLOAD_BYTES:
        mb = document.file_size / 1024 / 1024
        await send_html(context.bot, chat.id, texts.upload_too_big(name, mb))
        return
    uploads = context.bot_data.uploads
    if (running := uploads.current) is not None:
        await send_html(context.bot, chat.id, texts.upload_busy(running.status(), name))
        return
    caption = unicodedata.normalize("NFC", message.caption or "").lower()
    access = "public" if PUBLIC.search(caption) else "internal"
    job = uploads.begin(chat.id, name, services.settings.upload_timeout)
    try:
        data = bytes(await (await context.bot.get_file(document.file_id)).download_as_bytearray())
        (notice,) = await send_html(context.bot, chat.id, texts.upload_received(name))
    except BaseException:
        uploads.end(job)
        raise
    job.message_id = notice.message_id if notice else None
    job.task = asyncio.create_task(_process_upload(context.bot, services, uploads, job, data, access))


async def _process_upload(bot, services: Services, uploads: Uploads, job, data: bytes, access: str) -> None:
    """The background half of an upload: store and index, with progress; then one message with the outcome."""
    settings = services.engine.settings
    progress = asyncio.create_task(report_progress(bot, job))
    try:
        summary = await in_daemon_thread(
            lambda: store_upload(
                data,
                job.name,
                settings.data_dir / "uploads",
                settings,
                meta={"access": access},
                engine=services.engine,
                max_passages=services.settings.upload_max_passages,
                progress=job.progress,
            )
        )
    except UploadStopped as e:
        text = texts.upload_stopped(e.reason, job.name, services.settings.upload_timeout)
        log.info("upload by chat %s stopped: %s", who(job.chat_id), e.reason)
    except UploadRejected as e:
        text = texts.upload_rejected(job.name, str(e))
    except Exception as e:
        log.exception("upload by chat %s failed", who(job.chat_id))
        text = texts.upload_failed(job.name, e)
    else:
        log.info("upload by chat %s stored as %s (%s)", who(job.chat_id), summary.path.name, access)
        text = texts.upload_done(summary.text(), access == "public")
    finally:
        progress.cancel()
        uploads.end(job)
    try:
        await send_html(bot, job.chat_id, text)
    except TelegramError as e:
        log.warning("could not report the upload to chat %s: %s", who(job.chat_id), e)


async def cancel_command(update, context: FaceContext) -> None:
    """/huy: stop the upload being processed (admins, private chat)."""
    chat = update.effective_chat
    if await user_role(update, context) != "admin" or chat.type != ChatType.PRIVATE:
        await send_html(context.bot, chat.id, texts.CANCEL_ADMINS_ONLY)
        return
    job = context.bot_data.uploads.current
    if job is None:
        text = texts.NOTHING_TO_CANCEL
    else:
        job.stop("cancelled")
        text = texts.cancelling(job.name)
    await send_html(context.bot, update.effective_chat.id, text)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")
