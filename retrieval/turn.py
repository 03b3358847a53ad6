"""One turn of a conversation answered: the resolved standalone question through the normal answer path,
or — for "xem thêm" — the rest of the last answer's list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .answer import ask_index
from .followup import Context, Resolution
from .models import Answer


def answer_turn(index, resolution: Resolution, context: Context | None, today: date | None = None) -> Answer:
    """The answer to `resolution`, carrying `understood_as`; the message stays the answer's question."""
    role = resolution.query.role
    answer = ask_index(index, resolution.question, role, today, resolution.query)
    if resolution.kind == "more" and context is not None:
        answer = _rest_of_list(answer, context)
    return replace(answer, question=resolution.message, understood_as=resolution.understood_as)


def _rest_of_list(answer: Answer, context: Context) -> Answer:
    """The items the last answer left behind "Xem thêm", numbered on from where it stopped."""
    if not answer.more:
        return answer
    english = answer.text.startswith("There ")
    start = context.shown + 1
    lines = [f"{n}. {item}" for n, item in enumerate(answer.more, start=start)]
    marks = sorted({c.number for c in answer.citations})
    cite = " " + "".join(f"[{n}]" for n in marks[:1]) if marks else ""
    head = (
        f"The rest of the list ({len(answer.more)} more){cite}:"
        if english
        else f"Các mục còn lại của danh sách ({len(answer.more)} mục){cite}:"
    )
    return replace(answer, text="\n".join([head, *lines]), more=())
