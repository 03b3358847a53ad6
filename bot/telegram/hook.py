"""What the webhook's 200 carries: the "typing…" of a question, so the bot does not call the Bot API for it.

Telegram lets a webhook answer an update with one Bot API call in the response body ("Making requests
when getting updates" in the Bot API docs), carried out by Telegram like any other call, except that its
result is never known. That rules it out for the answer itself: the answer's message id is needed (its
buttons, a group's reply chain), a 429 must be retried, and the update is marked answered only once
Telegram accepted the message (bot/telegram/intake.py). It suits the chat action, whose result the bot ignores
anyway: one Bot API request fewer per answer (docs/benchmarks.md, webhook path).

    reply = typing_in_reply(raw)        # {"method": "sendChatAction", …} or None
    bot_data.typing_shown.add(update_id)
    …
    async with typing(bot, chat_id, shown=bot_data.typing_shown.take(update_id)):
"""

from __future__ import annotations

import time
from collections import OrderedDict

from .intake import MAX_AGE

KEEP = 4096  # update ids remembered; one the handler never asks about (a command, a limit) falls out


def typing_in_reply(raw: dict, now: float | None = None) -> dict | None:
    """The sendChatAction for an update the bot will answer as a question, else None.

    Only a new text message in a private chat that is not a command: what `ask.ask_text` answers. Group
    messages are answered only when addressed to the bot, and commands may not answer at all, so those
    get their "typing…" from the handler as before."""
    message = raw.get("message") if isinstance(raw, dict) else None
    if not isinstance(message, dict):
        return None
    chat, text = message.get("chat"), message.get("text")
    if not isinstance(chat, dict) or chat.get("type") != "private" or not isinstance(chat.get("id"), int):
        return None
    if not isinstance(text, str) or not text.strip():
        return None
    entities = message.get("entities") or []
    if any(isinstance(e, dict) and e.get("type") == "bot_command" and e.get("offset") == 0 for e in entities):
        return None
    date = message.get("date")
    if not isinstance(date, int) or (now if now is not None else time.time()) - date > MAX_AGE:
        return None  # a late message gets an apology, not an answer
    return {"method": "sendChatAction", "chat_id": chat["id"], "action": "typing"}


class TypingShown:
    """The updates whose "typing…" went out in the webhook's response (this process only, bounded)."""

    def __init__(self, keep: int = KEEP) -> None:
        self._ids: OrderedDict[int, None] = OrderedDict()
        self._keep = keep

    def add(self, update_id: int) -> None:
        self._ids[update_id] = None
        while len(self._ids) > self._keep:
            self._ids.popitem(last=False)

    def take(self, update_id: int) -> bool:
        """Whether this update's "typing…" was already shown (asked once: the id is forgotten)."""
        if update_id not in self._ids:
            return False
        del self._ids[update_id]
        return True
