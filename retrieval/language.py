"""English or (accent-less) Vietnamese: what language a question is typed in.

A plain word that no Vietnamese syllable can spell ("when", "does", "take", "card") is English; a plain word
shaped like a Vietnamese syllable ("co", "khong", "nhiem") is Vietnamese, unless the English glossary knows
it ("the", "can", "top"), which makes it neither. Words with Vietnamese letters are Vietnamese, except names
("Phú Thọ"); acronyms ("PII", "VNeID"), chat and administrative abbreviations ("ko", "nq"), province names
and words with digits count for neither side. Example::

    is_english("when does res 57 take effect")   # True
    is_english("nq57 co hieu luc tu ngay ky ko")  # False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import data
from .text import fold, has_diacritics

_WORD = re.compile(r"[^\W_]+(?:['’][a-z]+)?")
_FRONT = "eiy"


@dataclass(frozen=True)
class _Shapes:
    onsets: tuple[str, ...]
    open: frozenset[str]  # vowel groups that end a syllable
    closed: frozenset[str]  # vowel groups a final may follow
    finals: tuple[str, ...]
    front_only: frozenset[str]  # onsets written only before e, i, y ("ke", "nghi")
    not_front: frozenset[str]  # onsets never written before e, i ("ca", not "ce")


@lru_cache(maxsize=1)
def _shapes() -> _Shapes:
    parts = {}
    for line in data.lines("syllable_shapes.tsv"):
        name, _, values = line.partition("\t")
        parts[name] = ["" if v == "-" else v for v in values.split()]
    return _Shapes(
        tuple(parts["onset"]),
        frozenset(parts["open"]),
        frozenset(parts["closed"]),
        tuple(parts["final"]),
        frozenset(parts["front_only"]),
        frozenset(parts["not_front"]),
    )


@lru_cache(maxsize=8192)
def vietnamese_shaped(word: str) -> bool:
    """Whether an accent-less word can be spelt as one Vietnamese syllable: "nghieng", "quyet", not "task"."""
    s = _shapes()
    w = fold(word.lower())
    for onset in s.onsets:
        if not w.startswith(onset):
            continue
        rest = w[len(onset) :]
        if not rest and onset != "gi":
            continue
        if rest and onset in s.front_only and rest[0] not in _FRONT:
            continue
        if rest and onset in s.not_front and rest[0] in "ei":
            continue
        if not rest or rest in s.open:
            return True
        for final in s.finals:
            if final and rest.endswith(final) and rest[: -len(final)] in s.closed:
                return True
    return False


@dataclass(frozen=True)
class Evidence:
    english: tuple[str, ...]  # words only English spells
    vietnamese: tuple[str, ...]  # words only Vietnamese spells
    known: tuple[str, ...]  # English words the glossary knows, lookalikes ("can") aside


def evidence(text: str, glossary: dict[str, str], lookalikes: frozenset[str], neutral: frozenset[str]) -> Evidence:
    """The question's words sorted by what they say of its language (see the module's docstring)."""
    english: list[str] = []
    vietnamese: list[str] = []
    known: list[str] = []
    words = [m.group(0) for m in _WORD.finditer(text)]
    for n, word in enumerate(words):
        lower = word.lower()
        plain = re.sub(r"['’][a-z]+$", "", lower)
        if any(ch.isdigit() for ch in word) or sum(ch.isupper() for ch in word) >= 2:
            continue  # "NQ03-001", "PII", "VNeID"
        if has_diacritics(word):
            if not word[:1].isupper():
                vietnamese.append(word)  # a capitalised one is a name ("Phú Thọ"): neither side
            continue
        if plain in neutral or fold(plain) in neutral:
            continue
        in_glossary = plain in glossary or plain.rstrip("s") in glossary
        if in_glossary and (plain not in lookalikes or not vietnamese_shaped(plain)):
            known.append(plain)  # "area", "rate": marked as lookalikes, yet no Vietnamese syllable spells them
        if not vietnamese_shaped(plain):
            english.append(plain)
        elif not in_glossary and not (n and word[:1].isupper()):
            vietnamese.append(plain)  # a capitalised word after the first is a name ("Xuan Dai"): neither side
    return Evidence(tuple(english), tuple(vietnamese), tuple(known))


def english_by(e: Evidence) -> bool:
    """More English-only words than Vietnamese-only ones: two at least, or one the glossary knows when no
    word is Vietnamese ("phu tho pii rank 2025?"); and some English word the glossary knows."""
    if not e.known or len(e.english) <= len(e.vietnamese):
        return False
    return len(e.english) >= 2 or not e.vietnamese
