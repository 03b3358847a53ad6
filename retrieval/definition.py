"""A definition question ("cccd là gì", "VNeID là gì vậy?") and the sentence that defines what it asks about:
one that opens with the thing's name and says what it is ("VNeID là ứng dụng …", "- CCCD: thẻ căn cước công
dân, …", "Trung tâm Phục vụ hành chính công (TTHCC) là …"). Such a question is answered with that sentence,
not with the list or the neighbouring facts around it.

Example::

    subjects = defined_subjects("cccd la gi", "căn cước công dân la gi")  # ('cccd', 'can cuoc cong dan')
    defines("- CCCD: thẻ căn cước công dân, trong Đề án 06 là thẻ gắn chip;", subjects)  # True
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import data
from .text import fold, nfc

__all__ = ["asks_what_for", "defined_subjects", "defines", "says_what_it_means", "without_what_for"]

_MARKER = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)]|[a-zđ]\))\s+")
_PLACE_BEFORE = re.compile(r"^(?:tren|o|tai)\s+")  # "trên cổng dvc làm được những việc gì" asks of the portal
_LEVEL_AFTER = re.compile(r"\s+(?:cap\s+)?(?:xa|phuong|tinh|huyen|bo)$")
_POLITE = re.compile(r"(?:\s+(?:vay|the|a|ad|ha|nhi|nhe|nha|v|z|oi|ban|bot|nua|khac))+\s*$")  # "… làm gì nữa"


@lru_cache(maxsize=1)
def _asking() -> re.Pattern:
    """ "là gì", "nghĩa là gì", "là cái gì" at the end of a question (followup_phrases.tsv, row "defines")."""
    phrases: list[str] = []
    for line in data.lines("followup_phrases.tsv"):
        name, _, alternatives = line.partition("\t")
        if name == "defines":
            phrases += [fold(p.strip()) for p in alternatives.split("|") if p.strip() and "ai" not in p.split()]
    # "X làm những việc gì", "X dùng để làm gì": what X is for, said where X is defined
    phrases += [fold(nfc(p.strip()).lower()) for p in data.lines("function_phrases.txt")]
    alternation = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"^(.+?)\s+(?:{alternation})\s*[?.!]*$")


@lru_cache(maxsize=1)
def _what_for() -> re.Pattern:
    phrases = [fold(nfc(p.strip()).lower()) for p in data.lines("function_phrases.txt")]
    alternation = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"\s(?:{alternation})\s*[?.!]*$")


def asks_what_for(*readings: str) -> bool:
    """The question asks what a thing is for or can do ("vneid mức 1 làm được gì", "cổng dvc dùng để làm gì")."""
    return any(_what_for().search(_POLITE.sub("", _plain(r))) for r in readings)


def without_what_for(reading: str) -> str:
    """The question, folded, without its closing phrase asking what a thing is for: "vneid dùng để làm gì" →
    "vneid" (asks of VNeID, no procedure), "mất cccd thì làm gì" → "mat cccd thi" (the mishap stays)."""
    return _what_for().sub("", _POLITE.sub("", _plain(reading))).strip()


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(nfc(text).lower())).split())


def defined_subjects(*readings: str) -> tuple[str, ...]:
    """What a definition question asks about, folded, in each of its readings (as typed, as read with its
    abbreviations written out); () when the question is no "X là gì"."""
    out: list[str] = []
    for reading in readings:
        m = _asking().match(_POLITE.sub("", _plain(reading)))
        if not m or len(m.group(1)) < 2:
            continue
        # "trung tâm phục vụ hành chính công xã": the centre of a level is defined where the centre is
        for subject in (m.group(1), _LEVEL_AFTER.sub("", _PLACE_BEFORE.sub("", m.group(1)))):
            if subject not in out and len(subject) >= 2:
                out.append(subject)
    return tuple(out)


def defines(sentence: str, subjects: tuple[str, ...]) -> bool:
    """`sentence` opens with one of `subjects` (its bracketed other names aside) and then says what it is:
    "X là …", "X: …", "X – …"."""
    text = fold(nfc(_MARKER.sub("", sentence)).lower())
    for subject in subjects:
        words = r"\W+".join(re.escape(w) for w in subject.split())
        m = re.match(rf"^(?:(?:the|ung dung|tai khoan)\s+)?{words}\s*(?:\([^)]*\)\s*)?(:|–|-\s|la\s)", text)
        # a glossary line that names the thing again ("Đề án 06: Đề án được phê duyệt tại …") says only where
        # it comes from, not what it is
        if m and not (m.group(1) != "la " and text[m.end() :].split()[:1] == subject.split()[:1]):
            return True
    return False


def says_what_it_means(sentence: str, subjects: tuple[str, ...]) -> bool:
    """`sentence` has a clause opening with one of `subjects` that says what it is: "…, ví dụ "trạng thái Xanh"
    là đúng tiến độ" answers "trạng thái Xanh nghĩa là gì"; "CCCD: …, trong Đề án 06 là thẻ gắn chip" says
    nothing of what Đề án 06 is."""
    text = " ".join(fold(nfc(sentence).lower()).replace("“", '"').replace("”", '"').split())
    for subject in subjects:
        # the subject's leading words, as a question names them ("trang thai xanh tren he thong …": "trang thai xanh")
        words = subject.split()
        for n in range(len(words), 1, -1):
            name = r"\W+".join(re.escape(w) for w in words[:n])
            opens = r'(?:^|[,;:(]\s*|\bvi du\s+|")'
            if re.search(rf'{opens}"?{name}"?\s+(?:la|nghia la|co nghia la)\s', text):
                return True
    return False
