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
    if whole in kinds["about"]:
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
    return ("thanks" if "thanks" in said else "hello") if said else None


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
    if not plain or plain[0] not in opening:
        return question
    n = 0
    while n < len(words) and (plain[n] in opening or address.fullmatch(plain[n]) or not plain[n]):
        n += 1
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
