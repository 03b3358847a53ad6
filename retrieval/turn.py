"""One turn of a conversation answered: the resolved standalone question through the normal answer path,
or — for "xem thêm" — the rest of the last answer's list."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from .answer import ask_index
from .exact import FULL_LIST_EN, FULL_LIST_VI
from .followup import POINT_LINE, Context, Resolution
from .models import Answer

_CITE = re.compile(r"(?:\s*\[\d+\])+\s*$")


def answer_turn(index, resolution: Resolution, context: Context | None, today: date | None = None) -> Answer:
    """The answer to `resolution`, carrying `understood_as`; the message stays the answer's question."""
    role = resolution.query.role
    answer = ask_index(index, resolution.question, role, today, resolution.query)
    if resolution.kind == "more" and context is not None:
        answer = _rest_of_list(answer, context)
    if resolution.kind == "point":
        answer = _line_of_list(answer, resolution.position, resolution.understood_as or "")
    if resolution.kind == "section":
        answer = _whole_section(answer)
    return replace(answer, question=resolution.message, understood_as=resolution.understood_as)


def _line_of_list(answer: Answer, position: int, understood: str) -> Answer:
    """The one line of the answer's list a message pointed at ("cái thứ 3 là gì?"), with its source."""
    text_lines = answer.text.splitlines()
    at = [i for i, x in enumerate(text_lines) if POINT_LINE.match(x)]
    if not 1 <= position <= len(at):
        return answer
    line = _CITE.sub("", POINT_LINE.match(text_lines[at[position - 1]]).group(1)).rstrip(" ;,.")
    # the list's source: the mark its line or the first line after it ends with ("- Hỗ trợ trực tuyến. [1]")
    marks = [m.group(0).strip() for x in text_lines[at[position - 1] :] if (m := _CITE.search(x))]
    cite = " " + marks[0] if marks else ""
    line = line[:1].upper() + line[1:]
    if understood.startswith("Item "):  # asked in English: the line is the cited Vietnamese source's
        text = f"Item {position} of the list, as the cited Vietnamese source writes it: {line}.{cite}"
    else:
        text = f"Mục thứ {position} của danh sách: {line}.{cite}"
    return replace(answer, text=text, more=())


def _whole_section(answer: Answer) -> Answer:
    """ "xem thêm" after "cái thứ 2": the whole passage the answer quotes from, as the document writes it."""
    if answer.status != "answered" or not answer.citations:
        return answer
    cited = answer.citations[0]
    paragraphs = [" ".join(x.split()) for x in cited.passage.text.split("\n") if x.strip()]
    return replace(answer, text="\n".join(paragraphs) + f" [{cited.number}]", citations=(cited,), more=())


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
    if FULL_LIST_VI in answer.text.lower() or FULL_LIST_EN in answer.text.lower():  # longer than one answer carries
        head = (
            f"The next {len(answer.more)} items of the list{cite} ({FULL_LIST_EN}):"
            if english
            else f"{len(answer.more)} mục tiếp theo của danh sách{cite} ({FULL_LIST_VI}):"
        )
    return replace(answer, text="\n".join([head, *lines]), more=())
