"""What a sentence holds that a question word asks for: a date or a time ("khi nào"), an agency or a
person ("ai"), a place or an address ("ở đâu"), a number ("bao nhiêu"), and whether it is a signpost
(an intro, a cross-reference, a bare attribution) rather than a fact.

The phrases are data: retrieval/data/time_expressions.txt, place_words.txt, signposts.txt. Only the
shapes every language of dates and addresses shares are written here (12/2025, dichvucong.gov.vn).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import data
from .text import fold, nfc

# A numeric date, a month, a quarter or a year said as one, or a register's deadline cell.
_NUMERIC_TIME = re.compile(
    r"\b\d{1,2}/\d{1,2}(?:/\d{4})?\b|\b\d{1,2}/\d{4}\b|\b(?:ngày|tháng|năm|quý|mùng) (?:\d|[IV]+\b)|\bhạn: ",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A web address: a URL, or a domain under .vn/.com/.gov ("dichvucong.gov.vn").
_ADDRESS = re.compile(r"https?://|\bwww\.|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|org|net|gov)\b")
# "ở Việt Trì", "tại Hà Nội", "trên VNeID": a preposition of place before a name.
_NAMED_PLACE = re.compile(r"\b(?:ở|tại|trên) (?:ứng dụng |trang |cổng )?[A-ZĐÀ-Ỹ][\w-]")
_AGENT = re.compile(
    r"\b(?:Bộ|Sở|Ban|Ủy ban|UBND|Văn phòng|Thủ tướng|Phó Thủ tướng|Chính phủ|Quốc hội|Tỉnh ủy|Tổng Bí thư"
    r"|Chủ tịch|Bộ trưởng|Bí thư|Trung tâm|Ngân hàng Nhà nước|ông|bà)\b|\bcơ quan (?:công an|bảo hiểm)"
    r"|[A-ZĐ]\w+ [A-ZĐ]\w+"
)


@lru_cache(maxsize=1)
def _phrases() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    def pattern(name: str, folded: bool) -> re.Pattern:
        words = [nfc(w.strip().lower()) for w in data.lines(name)]
        alternation = "|".join(re.escape(fold(w) if folded else w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")

    return (
        pattern("time_expressions.txt", False),
        pattern("place_words.txt", False),
        pattern("signposts.txt", True),
    )


def holds_time(sentence: str) -> bool:
    """A date or a time expression: "ngày 09/12/2019", "tháng 7/2022", "quý I/2026", "ngày rằm hằng tháng"."""
    return bool(_NUMERIC_TIME.search(sentence) or _phrases()[0].search(nfc(sentence).lower()))


def time_spans(sentence: str) -> list[tuple[int, int]]:
    """Where the dates and time expressions of `sentence` stand (character offsets)."""
    lower = nfc(sentence).lower()
    return [m.span() for m in _NUMERIC_TIME.finditer(sentence)] + [m.span() for m in _phrases()[0].finditer(lower)]


def holds_year(sentence: str) -> bool:
    return bool(_YEAR.search(sentence))


# "theo trang hethongphapluat.vn", "Báo Chính phủ (baochinhphu.vn)", "(nguồn: laodong.vn)": a site named
# as the source of a fact is no address to go to.
_AS_SOURCE = re.compile(r"(?:\btheo(?: trang| báo)?|\bnguồn:?|\()\s*$", re.IGNORECASE)


def holds_address(sentence: str) -> bool:
    """A web address to go to ("tại địa chỉ dichvucong.gov.vn", "https://…"), not a site named as a source."""
    return any(not _AS_SOURCE.search(sentence[max(0, m.start() - 12) : m.start()]) for m in _ADDRESS.finditer(sentence))


_NEGATED = re.compile(r"\b(?:không|chưa|chẳng)\b[^,;:.]*$", re.IGNORECASE)


def holds_place(sentence: str) -> bool:
    """A place or an address: "tại cơ quan công an", "ở Việt Trì", "trên ứng dụng VssID", a web address.
    "trên 80%" is no place, nor is one the clause denies ("không thể chỉ tự đăng ký trên ứng dụng")."""
    if holds_address(sentence):
        return True
    lower = nfc(sentence).lower()
    spans = [m.start() for m in _NAMED_PLACE.finditer(sentence)] + [m.start() for m in _phrases()[1].finditer(lower)]
    return any(not _NEGATED.search(sentence[:start]) for start in spans)


def holds_agent(sentence: str) -> bool:
    """An agency or a person: "Bộ Công an", "Thủ tướng Phạm Minh Chính", "ông Trần Duy Đông"."""
    return bool(_AGENT.search(sentence))


def agents_in(sentence: str) -> list[str]:
    """The agencies and persons `sentence` names (what `holds_agent` finds), as written."""
    return [m.group(0) for m in _AGENT.finditer(sentence)]


def holds_number(sentence: str) -> bool:
    return any(ch.isdigit() for ch in sentence)


_OUTCOME = re.compile(r"(?<!\w)(?:bị|sẽ bị|phải chịu|chịu trách nhiệm|coi là)(?!\w)")


def holds_outcome(sentence: str) -> bool:
    """What happens to someone: "… sẽ bị coi là không đáp ứng yêu cầu công việc"."""
    return bool(_OUTCOME.search(nfc(sentence).lower()))


def holds(ask: str, sentence: str) -> bool:
    """Whether `sentence` holds what the question word `ask` (who | when | where) asks for."""
    if ask == "when":
        return holds_time(sentence)
    if ask == "where":
        return holds_place(sentence)
    if ask == "who":
        return holds_agent(sentence)
    if ask == "outcome":
        return holds_outcome(sentence)
    return True


@lru_cache(maxsize=1)
def _anaphors() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    titles, phrases, connectives = [], [], []
    for line in data.lines("anaphors.txt"):
        word = nfc(line.strip().lower())
        if word.endswith("*"):
            titles.append(re.escape(word[:-1]))
        elif word.endswith("+"):
            connectives.append(re.escape(word[:-1]))
        else:
            phrases.append(re.escape(word))

    def starting(words: list[str]) -> re.Pattern:
        return re.compile(rf"^\W*(?:{'|'.join(sorted(words, key=len, reverse=True))})(?!\w)")

    # a title is anaphoric unless a capitalised name follows it ("Ông Phạm Đại Dương"); "bà con" is people
    title = re.compile(rf"^\W*(?:{'|'.join(titles)})\s+(?!con\b)(\w)")
    return starting(phrases), title, starting(connectives)


def anaphor_kind(sentence: str) -> str | None:
    """ "referent" when the sentence's first words point back to a person or body named before it ("Ông
    đồng thời là Trưởng Ban…", "Cơ quan này…", "Đây là…"); "connective" when it goes on from the sentence
    before ("Theo đó, …", "Trong đó …"); None otherwise (retrieval/data/anaphors.txt)."""
    phrase, title, connective = _anaphors()
    text = nfc(sentence)
    named = title.match(text.lower())
    if phrase.match(text.lower()) or (named and not text[named.start(1)].isupper()):
        return "referent"
    return "connective" if connective.match(text.lower()) else None


def is_anaphoric(sentence: str) -> bool:
    """A sentence whose first words point back to the one before it (`anaphor_kind`)."""
    return anaphor_kind(sentence) is not None


def is_signpost(sentence: str) -> bool:
    """An intro, a cross-reference or a bare attribution: "Hướng dẫn này giải đáp…", "Cách đăng ký … được
    trình bày trong hướng dẫn riêng", "Thông tin về ngày hiệu lực theo trang apag.edu.vn"."""
    outside = re.sub(r"\([^)]*\)", " ", sentence)  # "… 50% GDP (xem mục Tầm nhìn)" is a fact
    return bool(_phrases()[2].search(" ".join(fold(nfc(outside).lower()).split())))
