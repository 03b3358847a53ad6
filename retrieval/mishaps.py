"""Mishaps a citizen's question states ("mất căn cước", "tài khoản bị khóa") and whether a sentence answers
them: it says the mishap or a way out of it ("cấp lại", "dùng thay") — table in data/mishaps.tsv.

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


def _alternatives(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def _pattern(phrases: list[str], not_before: list[str] = ()) -> re.Pattern:
    after = rf"(?!\s+(?:{_alternatives(list(not_before))})(?!\w))" if not_before else ""
    return re.compile(rf"(?<!\w)(?:{_alternatives(phrases)})(?!\w){after}")


@lru_cache(maxsize=1)
def _table() -> tuple[Mishap, ...]:
    out = []
    for line in data.lines("mishaps.tsv"):
        asked, answered, *rest = line.split("\t")
        asked_l = [normalise(p.strip()) for p in asked.split("|") if p.strip()]
        answered_l = [normalise(p.strip()) for p in answered.split("|") if p.strip()]
        not_before = [normalise(p.strip()) for p in (rest[0] if rest else "").split("|") if p.strip()]
        out.append(
            Mishap(
                asked_l[0],
                _pattern(asked_l, not_before),
                _pattern([fold(p) for p in asked_l], [fold(p) for p in not_before]),
                _pattern(answered_l),
                _pattern([fold(p) for p in answered_l]),
            )
        )
    return tuple(out)


def mishaps_asked(text: str, accented: bool) -> tuple[Mishap, ...]:
    """The mishaps a question states; `text` normalised (with its marks when `accented`)."""
    plain = " ".join(fold(text).split())
    return tuple(m for m in _table() if (m.asked.search(text) if accented else m.asked_plain.search(plain)))


def answers(mishap: Mishap, sentence: str, accented: bool) -> bool:
    """Whether `sentence` (with its headings) says the mishap or a way out of it."""
    said = normalise(sentence)
    if accented:
        return bool(mishap.answered.search(said))
    return bool(mishap.answered_plain.search(" ".join(fold(said).split())))
