"""Messages that are not questions about the documents: "xin chào", "cảm ơn ạ", "bạn làm được gì?".

They get a short friendly reply saying what the assistant does (status not_found: nothing was looked up)
never a passage that happens to share a word with "chào" or "bạn là ai".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from . import data
from .question import folded
from .text import fold, normalise

if TYPE_CHECKING:
    from .index import LoadedIndex
    from .query import Query

__all__ = ["small_talk", "without_greeting"]


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern, dict[str, frozenset[str]]]:
    kinds: dict[str, frozenset[str]] = {}
    for line in data.lines("small_talk.tsv"):
        kind, phrases = line.split("\t")
        kinds[kind] = frozenset(p.strip() for p in phrases.split("|"))
    address = sorted(kinds.pop("address"), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, address))})\b"), kinds


def kind_of(folded: str) -> str | None:
    """hello | thanks | about, when that is all the message says ("dạ vâng ạ", "được rồi, cảm ơn")."""
    address, kinds = _table()
    words = re.sub(r"[^\w\s]", " ", folded.lower()).split()
    whole = " ".join(words)
    asked = re.sub(r"(?:\s+(?:vay|z|a|ha|nhi|nhe|nha|the|ak|ah|ad|oi))+$", "", whole)  # "bạn tên gì vậy"
    if whole in kinds["about"] or asked in kinds["about"]:
        return "about"
    said: list[str] = []
    i = 0
    while i < len(words):  # the longest greeting, thanks or word of address at each place
        for n in range(min(4, len(words) - i), 0, -1):
            piece = " ".join(words[i : i + n])
            kind = next((k for k in ("hello", "thanks") if piece in kinds[k]), None)
            if kind or address.fullmatch(piece):
                said += [kind] if kind else []
                i += n
                break
        else:
            return None
    if not said:  # "ad ơi", "mn ơi": someone is called, nothing asked yet — greeted back
        return "hello" if words and any(w not in ("a", "oi") for w in words) else None
    return "thanks" if "thanks" in said else "hello"


def _in_english(folded: str) -> bool:
    """ "hi there", "thanks!": a message made only of the table's English words is answered in English."""
    words = re.sub(r"[^\w\s]", " ", folded.lower()).split()
    return bool(words) and all(w in _table()[1].get("english", frozenset()) for w in words)


def without_greeting(question: str) -> str:
    """ "Chào bạn, Nghị quyết 57 là gì?" → "Nghị quyết 57 là gì?": the question after a greeting that opens it."""
    address, kinds = _table()
    words = question.split()
    plain = [" ".join(re.sub(r"[^\w\s]", " ", fold(normalise(w)).lower()).split()) for w in words]
    opening = {w for p in kinds["hello"] for w in p.split()}
    openers = sorted((p.split() for p in kinds.get("opener", ())), key=len, reverse=True)

    def opener_at(i: int) -> int:
        return next((len(o) for o in openers if plain[i : i + len(o)] == o), 0)

    n, opened = 0, False
    while n < len(words):
        called = next((k for k in (1, 2) if plain[n + k : n + k + 1] == ["oi"]), 0) if n == 0 or opened else 0
        if plain[n] in opening or not plain[n] or (n and address.fullmatch(plain[n])):
            n, opened = n + 1, True
        elif called:  # "ad ơi", "shop ơi", "mọi người ơi": whom the message is addressed to
            n, opened = n + called + 1, True
        elif opener_at(n):  # "cho em hỏi", "em muốn hỏi" (then "là …": "cho em hỏi là vneid là gì")
            n, opened = n + opener_at(n), True
            n += 1 if plain[n : n + 1] == ["la"] else 0
        elif address.fullmatch(plain[n]) and opener_at(n + 1):  # "ad cho hỏi"
            n += 1
        else:
            break
    if n == 0:
        return question
    rest = " ".join(words[n:]).lstrip(" ,.!:;-–")
    return rest if any(ch.isalnum() for ch in rest) else question


def small_talk(index: LoadedIndex, q: Query) -> str | None:
    """The reply to a message that only greets, thanks or asks what the assistant does, else None."""
    kind = kind_of(folded(q.question))
    if kind is None:
        return None
    numbers = [d.number for d in index.documents.values() if d.kind == "directive" and d.number]
    covered = f" ({', '.join(numbers[:4])}…)" if len(numbers) > 4 else f" ({', '.join(numbers)})" if numbers else ""
    if q.language == "en" or _in_english(folded(q.question)):
        does = (
            f"I answer questions about government directives{covered}, the tasks they assign, progress figures"
            " and public-service guides, and I cite the source of every answer."
        )
        text = {
            "hello": f"Hello! {does} Ask in Vietnamese or English.",
            "thanks": "You're welcome. Ask me anything else about the directives or public services.",
            "about": f"I am govqa, a look-up assistant. {does}",
        }[kind]
    else:
        does = (
            f"Tôi trả lời câu hỏi về các văn bản chỉ đạo{covered}, nhiệm vụ được giao, số liệu tiến độ và hướng"
            " dẫn dịch vụ công, có ghi nguồn cho mỗi câu trả lời."
        )
        text = {
            "hello": f"Xin chào! {does} Bạn cứ gõ câu hỏi, có dấu hay không dấu đều được.",
            "thanks": "Không có gì ạ. Bạn cần tra cứu thêm điều gì cứ nhắn nhé.",
            "about": f"Tôi là trợ lý tra cứu govqa. {does}",
        }[kind]
    return text
