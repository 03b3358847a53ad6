"""The typed `context` every handler and job gets: `context.services` and the bot's own state, no string keys.

As python-telegram-bot's contexttypesbot.py example does: `ContextTypes(context=FaceContext,
bot_data=BotData, chat_data=ChatData)` is given to the Application builder (bot/telegram/app.py), and
PTB makes the objects. `BotData` is filled once by `build_application`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from retrieval import Watch

from ..ratelimit import InviteThrottle, QuestionLimit
from ..service import Services

if TYPE_CHECKING:
    from .hook import TypingShown
    from .intake import Intake
    from .upload import Uploads


class BotData:
    """What every handler of one Application shares (`context.bot_data`)."""

    def __init__(self) -> None:
        self.services: Services | None = None
        # Per user, counted in the database every worker shares (bot/ratelimit.py), set by build_application:
        self.limiter: QuestionLimit | None = None  # GOVQA_USER_RATE_LIMIT questions a minute
        self.invite_throttle: InviteThrottle | None = None  # 5 wrong invite codes in 10 minutes, then a wait
        self.uploads: Uploads | None = None
        self.intake: Intake | None = None
        self.typing_shown: TypingShown | None = None  # "typing…" sent in the webhook's 200 (bot/telegram/hook.py)
        self.reindexing = False


class ChatData:
    """What one chat's handlers remember between updates (`context.chat_data`), in this process only: the
    choices a /theodoi or /huytheodoi offered. A press this process did not offer (after a restart, or on
    another worker) is read back from the pressed button's label (bot/telegram/follow.py). The answers
    buttons point at are in `Services.answers`."""

    def __init__(self) -> None:
        self.follow_choices: list[Watch] = []  # the names /theodoi offered as buttons (td:<n>)
        self.unfollow_choices: list[Watch] = []  # the names /huytheodoi offered (ut:<n>)


class FaceContext(CallbackContext[ExtBot, dict, ChatData, BotData]):
    """`context` in govqa's handlers: PTB's, plus the shared `Services` and the bot's state as attributes."""

    @property
    def services(self) -> Services:
        return self.bot_data.services


CONTEXT_TYPES = ContextTypes(context=FaceContext, bot_data=BotData, chat_data=ChatData)
