"""The inline buttons and their callback data, one shape per kind; app.py routes each `PATTERNS` entry to its handler.

Callback data stays short (Telegram allows 64 bytes): ids point at stored state, never hold it.

    fb:<question id>:<1|-1>   feedback            src:<question id>   the sources of an answer
    more:<question id>        list items left out  sg:<question id>:<n> ask the n-th suggestion
    ex:<n>                    ask the n-th example td:<n> / ut:<n>      follow / unfollow a name offered
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from retrieval import Answer, Watch

from . import texts

_ID = r"(-?\d{1,12})"  # a query-log id (negative when the log could not take it) or a choice's number
PATTERNS = {  # kind → the callback data it answers (matched from the start, to the end: `\Z`)
    "feedback": rf"^fb:{_ID}:(-?1)\Z",
    "sources": rf"^src:{_ID}\Z",
    "more": rf"^more:{_ID}\Z",
    "suggestion": rf"^sg:{_ID}:(-?\d{{1,3}})\Z",
    "example": rf"^ex:{_ID}\Z",
    "follow": rf"^td:{_ID}\Z",
    "unfollow": rf"^ut:{_ID}\Z",
}


def no_shape(data: object) -> bool:
    """A pattern no callback data matches: PTB gives a press *without* data to every patterned handler,
    so the handler registered first with this one takes those presses, and only those."""
    return False


def answer_keyboard(question_id: int, answer: Answer, feedback: int | None = None) -> InlineKeyboardMarkup | None:
    """Suggestions (not-found answers), 👍/👎 (marked ✓ once chosen), «📄 Nguồn» and «Xem thêm»."""
    if answer.status == "rejected":
        return None
    rows = [
        [InlineKeyboardButton(q[:60] + ("…" if len(q) > 60 else ""), callback_data=f"sg:{question_id}:{i}")]
        for i, q in enumerate(answer.suggestions)
    ]
    rows.append(
        [
            InlineKeyboardButton(_vote("👍", feedback == 1), callback_data=f"fb:{question_id}:1"),
            InlineKeyboardButton(_vote("👎", feedback == -1), callback_data=f"fb:{question_id}:-1"),
        ]
    )
    extra = []
    if answer.citations:
        extra.append(InlineKeyboardButton(texts.SOURCES, callback_data=f"src:{question_id}"))
    if answer.more:
        more = texts.MORE_BUTTON.format(n=len(answer.more))
        extra.append(InlineKeyboardButton(more, callback_data=f"more:{question_id}"))
    if extra:
        rows.append(extra)
    return InlineKeyboardMarkup(rows)


def examples_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(q, callback_data=f"ex:{i}")] for i, q in enumerate(texts.EXAMPLES)]
    )


def follow_keyboard(found: list[Watch]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_watch_button(w, f"td:{i}")] for i, w in enumerate(found)])


def unfollow_keyboard(chosen: list[Watch]) -> InlineKeyboardMarkup:
    rows = [[_watch_button(w, f"ut:{i}")] for i, w in enumerate(chosen)]
    rows.append([InlineKeyboardButton(texts.UNFOLLOW_ALL_BUTTON, callback_data="ut:-1")])
    return InlineKeyboardMarkup(rows)


def _watch_button(w: Watch, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(button_label(w), callback_data=data)


def button_label(w: Watch) -> str:
    """What a choice button says; a press is matched back to its name by this label (bot/telegram/follow.py)."""
    return texts.watch_label(w.name, w.kind)[:60]


def _vote(sign: str, chosen: bool) -> str:
    return texts.CHOSEN.format(sign=sign) if chosen else sign
