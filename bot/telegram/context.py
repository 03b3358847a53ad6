"""The typed `context` every handler and job gets: `context.services` and the bot's own state, no string keys.

As python-telegram-bot's contexttypesbot.py example does: `ContextTypes(context=FaceContext,
bot_data=BotData, chat_data=ChatData)` is given to the Application builder (bot/telegram/app.py), and
PTB makes the objects. `BotData` is filled once by `build_application`.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from retrieval.models import Answer, Watch

from ..access import RANK
from ..service import Services
from ..throttle import FailureThrottle, UserRateLimit

if TYPE_CHECKING:
    from ..intake import Intake
    from .upload import Uploads


class RecentAnswers:
    """The last answers by query-log id, so buttons can show their sources and "xem thêm" items.

    Each answer is kept with the chat it was given in and is only ever shown there again: an answer
    for an official's private chat must not reach another chat that sends its id in a button press.
    It is also kept with the role it was composed for: shown again only while the asker still holds
    that role (an official whose role was revoked no longer sees the internal passages it cites).
    """

    def __init__(self, size: int = 5000) -> None:
        self._items: OrderedDict[int, tuple[int, Answer, str]] = OrderedDict()
        self._size = size

    def put(self, question_id: int, answer: Answer, chat_id: int, role: str = "citizen") -> None:
        self._items[question_id] = (chat_id, answer, role)
        self._items.move_to_end(question_id)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def get(self, question_id: int, chat_id: int, role: str | None = None) -> Answer | None:
        """The answer given in that chat; with `role` (the asker's role now), None when it was composed for
        a higher one (see `outranks`)."""
        item = self._items.get(question_id)
        if item is None or item[0] != chat_id:
            return None
        if role is not None and RANK[item[2]] > RANK[role]:
            return None
        return item[1]

    def outranks(self, question_id: int, chat_id: int, role: str) -> bool:
        """Was this answer composed for a role higher than `role`?"""
        item = self._items.get(question_id)
        return item is not None and item[0] == chat_id and RANK[item[2]] > RANK[role]


class BotData:
    """What every handler of one Application shares (`context.bot_data`)."""

    def __init__(self) -> None:
        self.services: Services | None = None
        self.answers = RecentAnswers()
        self.limiter = UserRateLimit(20)  # per_minute: GOVQA_USER_RATE_LIMIT, set by build_application
        self.invite_throttle = FailureThrottle(max_failures=5, window=600)  # wrong invite codes, then a wait
        self.uploads: Uploads | None = None
        self.intake: Intake | None = None
        self.reindexing = False


class ChatData:
    """What one chat's handlers remember between updates (`context.chat_data`), in this process only."""

    def __init__(self) -> None:
        self.last_answer: int | None = None  # query-log id of the last answer, for /nguon
        self.follow_choices: list[Watch] = []  # the names /theodoi offered as buttons (td:<n>)
        self.unfollow_choices: list[Watch] = []  # the names /huytheodoi offered (ut:<n>)


class FaceContext(CallbackContext[ExtBot, dict, ChatData, BotData]):
    """`context` in govqa's handlers: PTB's, plus the shared `Services` and the bot's state as attributes."""

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def answers(self) -> RecentAnswers:
        return self.bot_data.answers


CONTEXT_TYPES = ContextTypes(context=FaceContext, bot_data=BotData, chat_data=ChatData)
