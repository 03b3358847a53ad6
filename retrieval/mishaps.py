"""Mishaps a citizen's question states ("mất căn cước", "tài khoản bị khóa") and whether a sentence answers
them: it says the mishap or a way out of it ("cấp lại", "dùng thay") — table in data/mishaps.tsv. Likewise
the action a procedure question asks for ("đổi giấy phép lái xe", "gia hạn thẻ BHYT"): a sentence answers it
only when it says that action — table in data/procedure_actions.tsv.

Example::

    m = mishaps_asked("mat cccd thi lam gi", accented=False)   # (Mishap("mất" …),)
    answers(m[0], "Tài khoản mức độ 2 có giá trị như thẻ căn cước.", accented=False)   # False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import data
from .text import fold, normalise


@dataclass(frozen=True)
class Mishap:
    name: str  # the table's first phrase, as an answer would say it
    asked: re.Pattern  # over the question's normalised text (accented) …
    asked_plain: re.Pattern  # … or its folded text
    answered: re.Pattern  # over a sentence's normalised text, when the question was typed with its marks
    answered_plain: re.Pattern  # over a sentence's folded text, when it was not
    marked: bool = False  # sentences are always read with their marks: "theo dõi" is no "đổi"


def _alternatives(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def _pattern(phrases: list[str], not_before: list[str] = (), not_after: list[str] = ()) -> re.Pattern:
    after = rf"(?!\s+(?:{_alternatives(list(not_before))})(?!\w))" if not_before else ""
    # "theo dõi", "chuyển đổi": a word before the phrase making it another word (fixed-width lookbehinds)
    before = "".join(rf"(?<!(?<!\w){re.escape(w)}\s)" for w in not_after)
    return re.compile(rf"{before}(?<!\w)(?:{_alternatives(phrases)})(?!\w){after}")


def _phrases(column: str) -> list[str]:
    return [normalise(p.strip()) for p in column.split("|") if p.strip()]


@lru_cache(maxsize=2)
def _table(name: str = "mishaps.tsv") -> tuple[Mishap, ...]:
    out = []
    for line in data.lines(name):
        asked, answered, *rest = line.split("\t")
        asked_l, answered_l = _phrases(asked), _phrases(answered)
        not_before = _phrases(rest[0]) if rest else []
        not_after = _phrases(rest[1]) if len(rest) > 1 else []
        plain = [fold(p) for p in not_after]
        out.append(
            Mishap(
                asked_l[0],
                _pattern(asked_l, not_before, not_after),
                _pattern([fold(p) for p in asked_l], [fold(p) for p in not_before], plain),
                _pattern(answered_l, not_before, not_after),
                _pattern([fold(p) for p in answered_l], [fold(p) for p in not_before], plain),
                marked=name == "procedure_actions.tsv",
            )
        )
    return tuple(out)


def mishaps_asked(text: str, accented: bool) -> tuple[Mishap, ...]:
    """The mishaps a question states; `text` normalised (with its marks when `accented`)."""
    plain = " ".join(fold(text).split())
    return tuple(m for m in _table() if (m.asked.search(text) if accented else m.asked_plain.search(plain)))


def actions_asked(text: str, accented: bool) -> tuple[Mishap, ...]:
    """The actions a procedure question asks for ("doi gplx online ntn" → "đổi"); `text` as for mishaps."""
    plain = " ".join(fold(text).split())
    table = _table("procedure_actions.tsv")
    return tuple(m for m in table if (m.asked.search(text) if accented else m.asked_plain.search(plain)))


def answers(mishap: Mishap, sentence: str, accented: bool) -> bool:
    """Whether `sentence` (with its headings) says the mishap or a way out of it (an action: says it)."""
    said = normalise(sentence)
    if accented or mishap.marked:
        return bool(mishap.answered.search(said))
    return bool(mishap.answered_plain.search(" ".join(fold(said).split())))
