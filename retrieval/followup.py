"""Follow-up questions without an LLM: the next message of a conversation, read against the last turn.

    ctx = remember(index, resolution, answer)              # what the conversation keeps of a turn
    r = resolve(index, ctx, "còn Bộ Ngoại giao thì sao?", role="official", today=today)
    r.understood_as   # "Bộ Ngoại giao chủ trì bao nhiêu nhiệm vụ trong NQ 03?"

A message is, in this order: the rest of the last list ("xem thêm"); an item of it ("nhiệm vụ thứ 2 hạn khi
nào?"); a slot swap — nothing but an agency, commune, province, document, year or period, maybe framed
("còn X thì sao?", "thế năm 2027?", "Bộ Công an?"), which replaces the same slot of the last question; a
question that names nothing and does not stand on its own ("ai chủ trì?", "cần mang gì?"), asked about
the subject of the last question; else a question of its own, answered as asked (`understood_as` None).
The phrasings are data: retrieval/data/followup_phrases.tsv.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import pairwise

import numpy as np

from . import data
from .access import visible
from .exact import asked_filter
from .followup_accents import accented
from .home import asks_home
from .index import pair_counts
from .query import Query, expand_chat, glossary, language_of, named_bodies, read_query, read_text
from .question import folded, intents, parse_period, parse_status, province_names
from .registers import tables
from .scope import asked_detail
from .search import mentioned_documents
from .small_talk import kind_of
from .text import fold, has_diacritics, nfc, normalise, query_tokens, stop_syllables, syllables

# A question that names nothing (set on dialogues-tune.jsonl and on the tuning question sets asked in a row):
MIN_OWN_TERMS = 4  # shorter, with its words in no one passage: about the last subject
MIN_OWN_COVERAGE = 0.75  # the IDF-weighted share of its words one of BM25's best passages must hold …
MIN_SUBJECT_COVERAGE = 0.5  # … and of the last subject's words, for the question to fit that subject
FULL_QUESTION_TERMS = 6  # this many words, all held by one passage: a new question, whatever came before
ELSEWHERE_TERMS = 5  # words of its own, all in a passage of a document the last answer did not cite: a new question
UNFRAMED_WORDS = 3  # "Gia Lai | đứng thứ | mấy?": a name and this many words at most asks the last question again
TOP = 5  # BM25's best passages looked at
SUBJECT_WORDS = 16  # a longer weak question carries at most a run of this many of the last subject's words
_CONNECTORS = {"cua", "o", "tai", "cho", "voi", "trong", "thuoc", "ve", "for", "of", "in", "the", "at", "about"}


@dataclass(frozen=True)
class Context:
    """What a conversation keeps of its last turn (stored as JSON between messages)."""

    question: str  # the standalone question that was answered
    subject: str  # what it was about: the question without what it asked ("Quyết định 06/QĐ-TTg")
    role: str
    status: str  # answered | not_found
    items: tuple[tuple[str, str], ...] = ()  # (task label, title) of the answer's list, in the order shown
    shown: int = 0  # how many items the answer's text showed; the rest were behind "Xem thêm"
    documents: tuple[str, ...] = ()  # doc ids the answer cited
    topic: str = ""  # the question that named the slots, when this one only asked more about it (an item, a fill)
    entity: tuple[str, ...] = ()  # (label, title) of the one task the answer was about: what "ai chủ trì?" asks about
    points: int = 0  # lines of the list the answer quoted from a guide or directive, when it listed no tasks
    point_names: tuple[str, ...] = ()  # per such line, the place or body it opens with ("TP. Hồ Chí Minh"), or ""
    point_question: str = ""  # the question whose answer holds those lines, when a later turn asked about one
    pointed: str = (
        ""  # the line of that list the last turn showed ("Nhóm 2: Hoàn thiện thể chế, …"): "xem thêm" asks of it
    )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Context:
        obj = json.loads(text)
        obj["items"] = tuple(tuple(i) for i in obj.get("items", ()))
        obj["documents"] = tuple(obj.get("documents", ()))
        obj["entity"] = tuple(obj.get("entity", ()))
        obj["point_names"] = tuple(obj.get("point_names", ()))
        return cls(**obj)


@dataclass(frozen=True)
class Resolution:
    """The question to answer for a message, and how it was read."""

    message: str  # as typed
    question: str  # the standalone question answered
    query: Query
    kind: str  # standalone | greeting | swap | topic | fill | item | more | expand | point | section
    understood_as: str | None = None  # `question` when it is not the message itself
    position: int = 0  # kind "point": the line of the last answer's list the message points at (1-based)
    fallback: Resolution | None = None  # asked instead when this one's answer is a not-found (see _swapped)


# --- phrase tables -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in data.lines("followup_phrases.tsv"):
        kind, *cells = line.split("\t")
        if kind == "ordinal":
            position, words = cells
            out.setdefault("ordinal", []).extend(f"{position}={w}" for w in words.split("|"))
        else:
            out.setdefault(kind, []).extend(p.strip() for p in cells[0].split("|") if p.strip())
    return out


def _alternation(kind: str, accented: bool) -> str:
    words = {nfc(p.lower()) if accented else fold(p.lower()) for p in _phrases()[kind]}
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _patterns(accented: bool = False) -> dict[str, re.Pattern]:
    """The phrase patterns, matched in the lower-case message as typed when it has diacritics ("Âu Cơ"
    is no "có"), else in its folded form. Compiled once per form: `_patterns()` and `_patterns(False)`
    are two keys to an lru_cache, and with room for two the three calls evicted each other, so every
    question recompiled all of them (a third of a Telegram answer's CPU, docs/benchmarks.md)."""
    return _compiled(bool(accented))


@lru_cache(maxsize=2)
def _compiled(accented: bool) -> dict[str, re.Pattern]:
    form = (lambda w: nfc(w.lower())) if accented else (lambda w: fold(w.lower()))
    ordinals = {}
    for entry in _phrases()["ordinal"]:
        position, words = entry.split("=", 1)
        ordinals[form(words)] = int(position)
    _ORDINAL_OF.update(ordinals)
    ordinal = "|".join(re.escape(w) for w in sorted(ordinals, key=len, reverse=True))
    item = _alternation("item", accented)
    nth = r"(?:thứ\s+|số\s+)?" if accented else r"(?:thu\s+|so\s+)?"
    asking = {form(p) for p in data.lines("asking_phrases.txt")}
    asking_alt = "|".join(re.escape(w) for w in sorted(asking, key=len, reverse=True))

    def alt(kind: str) -> str:
        return _alternation(kind, accented)

    return {
        "open": re.compile(rf"^(?:(?:{alt('open')})(?!\w)[\s,]*)+"),
        "close": re.compile(rf"(?:[\s,]+(?:{alt('close')}))+\s*$"),
        "open1": re.compile(rf"^(?:{alt('open')})(?!\w)[\s,]*"),
        "close1": re.compile(rf"[\s,]+(?:{alt('close')})\s*$"),
        "lead_close": re.compile(rf"^(?:{alt('close')})(?!\w)[\s,]*"),
        "particles": re.compile(rf"^(?:\s*(?:{alt('particle')}|{alt('address')})(?!\w))*\s*$"),
        "more": re.compile(rf"^(?:{alt('more')})(?:\s+(?:{alt('particle')}|{alt('address')}))*$"),
        "defines": re.compile(rf"(?:^(?:{alt('defines_en')})\s+\w|\s(?:{alt('defines')})\s*[?.!]*\s*$)"),
        "listing": re.compile(rf"(?<!\w)(?:{alt('listing')})(?!\w)"),
        "in_list": re.compile(rf"(?<!\w)(?:{alt('in_list')})(?!\w)"),
        "reset": re.compile(rf"^(?:{alt('reset')})(?!\w)[\s,.:!-]*"),
        "refer": re.compile(rf"(?<!\w)(?:{alt('refer')})(?![\w-])"),  # "one", not "one-stop"
        "item": re.compile(
            rf"(?<!\w)(?:(?:{item})\s+{nth}(?P<a>{ordinal})|(?:the\s+)?(?P<b>{ordinal})\s+(?:{item}))(?!\w)"
        ),
        "point": re.compile(
            rf"(?<!\w)(?:(?:{alt('point')})\s+{nth}(?P<a>{ordinal})|(?:the\s+)?(?P<b>{ordinal})\s+(?:{alt('point')}))(?!\w)"
        ),
        "point_asks": re.compile(rf"^(?:{alt('point_asks')})?$"),
        "ask": re.compile(rf"(?<!\w)(?:{alt('ask')}|{asking_alt})(?!\w)"),
        "ask_word": re.compile(rf"(?<!\w)(?:{alt('ask')})(?!\w)"),
        "verb": re.compile(rf"(?<!\w)(?:{alt('verb')})(?!\w)"),
        "name": re.compile(rf"(?<!\w)(?:{alt('name')})(?!\w)"),
        "which": re.compile(rf"(?<!\w)(?:{alt('which')})(?!\w)"),
        "attribute": re.compile(rf"(?<!\w)(?:{alt('attribute')})(?!\w)"),
        "count": re.compile(rf"(?<!\w)(?:{alt('count')})(?!\w)"),
        "asked_head": re.compile(rf"^(?:{alt('asked_head')})(?!\w)"),
        "event": re.compile(rf"(?<!\w)(?:{alt('event')})(?!\w)"),
        "when": re.compile(rf"^(?:{alt('when')})$"),
        "who": re.compile(rf"^(?:{alt('who')})$"),
        "filler": re.compile(rf"(?:\s+(?:{alt('filler')}))+\s*$"),
    }


def _view(text: str) -> tuple[dict[str, re.Pattern], str]:
    """(the patterns to use, the text to match them in): one character per character of `text`."""
    if has_diacritics(text):
        low = text.lower()
        if len(low) == len(text):
            return _patterns(True), low
    return _patterns(False), _lower(text)


_ORDINAL_OF: dict[str, int] = {}


def _lower(text: str) -> str:
    """Folded and lower case, one character per character of `text`, so spans found here cut `text`."""
    folded = fold(text).lower()
    return folded if len(folded) == len(text) else text.lower()


def is_reset(message: str) -> bool:
    """ "câu hỏi mới": start the conversation over."""
    return bool(_patterns()["reset"].match(_lower(nfc(message).strip())))


def after_reset(message: str) -> str:
    """The rest of a "câu hỏi mới: …" message (empty when it only resets)."""
    text = nfc(message).strip()
    m = _patterns()["reset"].match(_lower(text))
    return text[m.end() :].strip() if m else text


def unframe(message: str) -> tuple[str, bool]:
    """ "còn Bộ Ngoại giao thì sao?" → ("Bộ Ngoại giao", True): the message without its follow-up frame."""
    text, framed, _ = _unframed(message)
    return text, framed


def _unframed(message: str) -> tuple[str, bool, bool]:
    """(the message without its frame, framed at all, framed by more than the particles any question may
    end or open with): "số định danh gồm mấy chữ số ạ" is only softened by its "ạ", "còn X thì sao" asks
    for X. The frame opens up to its "còn" ("con the giay thi sao": "thẻ giấy", not "thế | giấy") and
    closes from its "thì" ("X thế thì sao" keeps its "thế")."""
    text = nfc(message).strip()
    framed = strong = opened = closed = False
    weak = _weak_frames()
    for _ in range(2):
        trimmed = text.rstrip(" ?!.…")
        if trimmed != text and trimmed:
            text = trimmed
        while not opened and (m := _frame_word(text, "open1")) and m.end() < len(text):
            said = " ".join(_lower(text[m.start() : m.end()]).strip(" ,").split())
            text, framed, strong = text[m.end() :].strip(" ,"), True, strong or said not in weak
            opened = said.split()[-1] == "con"  # "còn" is the last word of an opening: then comes the slot
        while not closed and (m := _frame_word(text, "close1")) and m.start() > 0:
            said = " ".join(_lower(text[m.start() : m.end()]).strip(" ,").split())
            text, framed, strong = text[: m.start()].strip(" ,"), True, strong or said not in weak
            closed = said.split()[0] == "thi"  # "thì" is the first word of a closing: before it, the slot
    return text, framed, strong


@lru_cache(maxsize=1)
def _weak_frames() -> frozenset[str]:
    """The opening and closing particles of followup_phrases.tsv's "weak" row, folded."""
    return frozenset(" ".join(fold(p.lower()).split()) for p in _phrases()["weak"])


def _frame_word(text: str, kind: str) -> re.Match | None:
    """One opening or closing phrase of `text`, matched without diacritics ("thi sao" typed in an accented
    message) — but a word typed with them must be the phrase with them: "thẻ" is no "thế"."""
    m = _patterns()[kind].search(_lower(text))
    if m is None or not has_diacritics(text[m.start() : m.end()]) or len(text.lower()) != len(text):
        return m
    accented = _patterns(True)[kind].search(text.lower())
    return accented if accented and accented.span() == m.span() else None


# --- spans of slots in a question ------------------------------------------------------------------

_DOC = re.compile(
    r"(?<!\w)(?:nghi quyet|nq|quyet dinh|qd|nghi dinh|nd|chi thi|ct|ke hoach|kh|quy che|qc|quy dinh|thong tu|tt"
    r"|de an|dean|da(?=\d)|chuong trinh|resolution|res|decision|decree|directive|plan|project|programme|program)"
    r"\s*(?:so\s*)?\d{1,4}(?:[-/][\w&.-]+(?:/[\w&.-]+)*)?"
)
_DOC_NUMBER = re.compile(r"(?<![\w/-])\d{1,4}[-/](?:\d{4}/)?[a-z&]{2,}(?:[-/][\w&]+)*")
_TIME = re.compile(
    r"(?<![\w/.-])(?:(?:tinh den|den het|den|truoc|trong|tu|vao)\s+)?"
    r"(?:(?:ngay\s+)?\d{1,2}/\d{1,2}/\d{4}|(?:thang\s+)?\d{1,2}/\d{4}|quy\s+(?:iv|i{1,3}|[1-4])(?:\s*/\s*\d{4}|\s+nam\s+\d{4})?"
    r"|(?:nam\s+)?(?:19|20)\d\d|thang\s+\d{1,2}"
    # a part of the year, with its year when typed: "cả năm 2025", "9 tháng đầu năm", "nửa đầu năm 2025"
    r"|(?:(?:ca|tron)|\d{1,2}\s+thang\s+(?:dau|cuoi)|nua\s+(?:dau|cuoi))\s+nam(?:\s+(?:19|20)\d\d)?"
    r"|\d{1,2}\s+thang\s+(?:nam\s+)?(?:19|20)\d\d)(?![\w/-])"  # "9 tháng 2025": the first months of a year
)
# "năm ngoái", "năm nay", "next year": a year said from today ("năm trước", "năm sau": from the year asked, if any)
_RELATIVE_YEAR = re.compile(r"(?<!\w)(?:nam (?P<vi>ngoai|nay|toi|truoc|sau|kia)|(?P<en>last|this|next) year)(?!\w)")
_YEAR_SHIFT = {"ngoai": -1, "nay": 0, "toi": 1, "kia": 2, "truoc": -1, "sau": 1, "last": -1, "this": 0, "next": 1}
_FROM_ASKED = {"truoc", "sau"}
_RANK_ASKED = re.compile(r"(?<!\w)(?:(?:thu|hang) (?:may|bao nhieu)|xep hang|xep thu|dung thu|rank\w*)(?!\w)")
_NATION = "Toàn quốc"
# "hội nghị toàn quốc": "toàn quốc" after a noun says what kind of thing, not where
_NATIONWIDE = re.compile(r"(?<!\w)(?!(?:tren|cua|o|tai|trong|vi|ve|con|va|the|vay|and)\s*$)\w+\s*$")
# "cấp xã", "cấp bộ", "ở bộ": the level of government a question is about ("ở xã" is also "far": not so)
_LEVEL = re.compile(
    r"(?<!\w)(?:cap\s+(?P<a>xa|phuong|tinh|huyen|bo|trung uong)|o\s+(?P<b>tinh|huyen|bo|trung uong))(?!\w)"
)
_LEVEL_SPELLED = {
    "xa": "xã",
    "phuong": "phường",
    "tinh": "tỉnh",
    "huyen": "huyện",
    "bo": "bộ",
    "trung uong": "trung ương",
}
# "xã Xuân Đài", "UBND phường Âu Cơ", "p vinh yen", "P.Âu Cơ": the head a commune's name is typed after
_COMMUNE_HEAD = re.compile(
    r"(?:(?<!\w)(?:ubnd|uy ban nhan dan)\s+)?(?:(?<!\w)(?:xa|phuong|thi tran|dac khu)\s+|(?<!\w)[px](?:\.\s*|\s+))$"
)
_COMMUNE_LEAD = re.compile(r"(?P<ubnd>(?:ubnd|ủy ban nhân dân|uy ban nhan dan)\s+)|(?P<head>[px])(?:\.\s*|\s+)", re.I)
_UBND_BEFORE = re.compile(r"(?<!\w)(?:ubnd|uy ban nhan dan)\s+$")
_PROVINCE_HEAD_AT = re.compile(r"(?:tinh|thanh pho|tp\.?)\s+")
_PROVINCE_HEAD = re.compile(r"(?<!\w)(?:tinh|thanh pho|tp\.?)\s*$")  # "TP. Hồ Chí Minh", "tỉnh Gia Lai"


@dataclass(frozen=True)
class _Span:
    kind: str  # agency | commune | province | document | time
    start: int
    end: int


_NAME_KIND = {"c": "commune", "a": "agency", "p": "province"}


def _names_pattern(index, role: str) -> re.Pattern:
    """One pattern for every commune, agency and province key the role's registers know (cached per build)."""
    t = tables(index, role)
    key = ("followup-names", id(t))
    if key not in index.cache:
        provinces = province_names()
        english = _english_names(t.agencies, provinces)
        groups = []
        for group, keys in (("c", t.communes), ("a", [*t.agencies, *english["a"]]), ("p", [*provinces, *english["p"]])):
            words = sorted((k for k in keys if len(k) >= 3), key=len, reverse=True)
            groups.append(f"(?P<{group}>{'|'.join(re.escape(k) for k in words)})")
        index.cache[key] = re.compile(rf"(?<!\w)(?:{'|'.join(groups)})(?!\w)")
    return index.cache[key]


def _english_names(agencies: dict[str, str], provinces: dict[str, str]) -> dict[str, list[str]]:
    """The glossary's English names of the agencies and provinces the data knows ("ministry of health")."""
    out: dict[str, list[str]] = {"a": [], "p": []}
    for english, vietnamese in glossary().items():
        key = " ".join(fold(vietnamese).lower().split())
        if key in agencies:
            out["a"].append(english)
        elif key in provinces:
            out["p"].append(english)
    return out


def spans(index, text: str, role: str, levels: bool = False) -> list[_Span]:
    """Where `text` names an agency, commune, province, document or time (and, with `levels`, a level of
    government: "cấp xã", "ở bộ"), as non-overlapping spans."""
    low = _lower(text)
    found: list[_Span] = []
    for m in _DOC.finditer(low):
        found.append(_Span("document", m.start(), m.end()))
    for m in _DOC_NUMBER.finditer(low):
        found.append(_Span("document", m.start(), m.end()))
    for m in _names_pattern(index, role).finditer(low):
        kind, start = _NAME_KIND[m.lastgroup], m.start()
        head = _COMMUNE_HEAD.search(low[:start])
        if head and kind in ("commune", "province"):
            start, kind = head.start(), "commune"
        if kind == "commune" and (ubnd := _UBND_BEFORE.search(low[:start])):
            start = ubnd.start()  # "UBND xã Xuân Đài": the commune's committee, in its place
        elif kind == "province" and (head := _PROVINCE_HEAD.search(low[:start])):
            start = head.start()
        found.append(_Span(kind, start, m.end()))
    found.extend(_abbreviated(index, text, role))
    found = [_with_era(s, low) for s in found]
    for body in named_bodies(text.lower(), has_diacritics(text), text, pair_counts(index)):  # "xa lam thao"
        kind = "commune" if re.match(r"(?:xa|phuong|thi tran|dac khu|huyen) ", body) else "agency"  # a place
        for m in re.finditer(rf"(?<!\w){re.escape(body)}(?!\w)", low):
            found.append(_Span(kind, m.start(), m.end()))
    for m in _TIME.finditer(low):
        found.append(_Span("time", m.start(), m.end()))
    for m in _RELATIVE_YEAR.finditer(low):
        found.append(_Span("time", m.start(), m.end()))
    for m in _LEVEL.finditer(low) if levels else ():
        found.append(_Span("level", m.start(), m.end()))
    nation = {k for k, v in province_names().items() if v == _NATION}
    ranked = bool(_RANK_ASKED.search(low))
    found = [
        s
        for s in found
        if not (s.kind == "province" and " ".join(low[s.start : s.end].split()) in nation)
        or not (ranked or (low[s.start : s.end] == "toan quoc" and _NATIONWIDE.search(low[: s.start])))
    ]  # "xếp thứ mấy cả nước": the nation a rank is among; "hội nghị toàn quốc": a kind of conference
    # Longest first; a commune spelled with its "phường" beats the province of the same name.
    order = {"document": 0, "commune": 1, "agency": 2, "province": 3, "time": 4, "level": 5}
    found.sort(key=lambda s: (-(s.end - s.start), order[s.kind]))
    chosen: list[_Span] = []
    for s in found:
        if all(s.end <= c.start or s.start >= c.end for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda s: s.start)


# "tỉnh Vĩnh Phúc cũ", "tỉnh Phú Thọ mới": a place before or after the 2025 merger, said with the name
_ERA = re.compile(r"\s+(?:cu|moi)(?!\w)(?!\s+(?:duoc|dat|co the)(?!\w))")


# "Xuan Dai commune", "Au Co ward", "Hue city": the English word for its level, after the name
_LEVEL_AFTER = re.compile(r"\s+(?:commune|ward|province|city)(?!\w)")


def _with_era(span: _Span, low: str) -> _Span:
    """A province or commune span with the "cũ"/"mới" typed right after it, or its level said in English."""
    m = (
        (_ERA.match(low, span.end) or _LEVEL_AFTER.match(low, span.end))
        if span.kind in ("province", "commune")
        else None
    )
    return _Span(span.kind, span.start, m.end()) if m else span


def _abbreviated(index, text: str, role: str) -> list[_Span]:
    """Names typed by an abbreviation the answer path reads in full: "TP HCM" (TP. Hồ Chí Minh), "Bộ TT&TT"; a
    run of one to three words around a word that normalising writes out, read as a whole name."""
    words = list(re.finditer(r"[^\s?!,;:]+", text))
    pattern = _names_pattern(index, role)
    out = []
    for i, w in enumerate(words):
        if " ".join(fold(normalise(w.group())).lower().split()) == _lower(w.group()):
            continue
        for a in range(max(0, i - 2), i + 1):
            for b in range(i + 1, min(len(words), a + 3) + 1):
                start, end = words[a].start(), words[b - 1].end()
                m = pattern.fullmatch(" ".join(fold(normalise(text[start:end])).lower().split()))
                if m:
                    out.append(_Span(_NAME_KIND[m.lastgroup], start, end))
    return out


def _restates(
    index, body: str, found: list[_Span], question: str, framed: bool = True, role: str | None = None
) -> bool:
    """Besides its names, `body` only asks again, less fully, what the last question asked: "còn Bộ Ngoại
    giao thì chủ trì bao nhiêu?", "thế Bộ Công Thương chủ trì mấy cái?", "Huế thì đứng thứ mấy?", "phường Âu
    Cơ thì có không?". A full question ("vậy Bộ Nội vụ có bao nhiêu nhiệm vụ?") stands on its own. Unframed,
    it must say some of the last question's words and end on its open count ("Gia Lai đứng thứ mấy?")."""
    rest = body
    for s in sorted(found, key=lambda s: -s.start):
        rest = rest[: s.start] + " " + rest[s.end :]
    rest = " ".join(rest.split()).strip(" ,?")
    mine, asked = read_text(rest), read_text(question)
    words = {fold(t).lower() for t in mine.terms} - _ITEM_NOUNS
    if not words <= {fold(t).lower() for t in asked.terms} or not set(mine.intents) <= set(asked.intents):
        return False
    p, seen = _view(rest)
    placeholder = re.search(rf"(?:{p['count'].pattern})(?:\s+(?:cái|cai|việc|viec|mục|muc))?\s*$", seen)
    basis = rest  # what the placeholder was found in
    if not placeholder and role is not None:
        # "Huế được mấy điểm?" after "Điểm PII 2025 của Hà Nội là bao nhiêu?": its count ends on a noun the
        # last question named, and it leaves out the year that question gave: asked again, less fully
        # (the chat words written out: "dc bn diem" counts too)
        normal = read_text(rest).text
        pn, seen_normal = _view(normal)
        counted = re.search(rf"(?:{pn['count'].pattern})\s+(?P<noun>\w+(?:\s+\w+)?)\s*$", seen_normal)
        given = {x.kind for x in spans(index, question, role)} - {x.kind for x in found}
        if counted and "time" in given and _said_in(counted["noun"], asked):
            placeholder, basis = counted, normal
    if not framed:  # every word of it, asking words too, said before: "đứng thứ | mấy"
        said = _lower(basis[: placeholder.start()]) if placeholder else ""
        if not placeholder or len(found) > 1 or len(said.split()) > UNFRAMED_WORDS:
            return False  # "NQ57 đặt mục tiêu kinh tế số đến năm 2045 là bao nhiêu?": a full question again
        said = _patterns()["verb"].sub(" ", said)
        return set(syllables(said)) <= set(syllables(_lower(question)))  # "đứng thứ mấy" after "… xếp thứ mấy"
    if re.match(r"thi(?!\w)", _lower(rest)) and p["ask"].search(seen):
        return True  # "thế NQ 03 thì ai ký?" after "Ai ký Nghị quyết 71/NQ-CP?": the name, then "thì" and the same ask
    return not words or bool(placeholder)


def _said_in(words: str, asked) -> bool:
    """`words` ("điểm", "nv") are words of the question read as `asked`, as the reader writes them out."""
    mine = {fold(t).lower() for t in read_text(words).terms}
    return bool(mine) and mine <= {fold(t).lower() for t in asked.terms}


_ITEM_NOUNS = {"cai", "viec", "muc"}
_PRONOUN = re.compile(r"nó|no|it|one")  # a reference that may point nowhere, unlike "văn bản này"


def _names_only(body: str, found: list[_Span]) -> tuple[str, list[_Span]]:
    """The names of `body` alone, joined by spaces, with their spans."""
    out, moved = "", []
    for s in found:
        if out:
            out += " "
        moved.append(_Span(s.kind, len(out), len(out) + s.end - s.start))
        out += body[s.start : s.end]
    return out, moved


def _canonical(index, text: str, found: list[_Span], role: str) -> tuple[str, list[_Span]]:
    """Each agency, commune or province of `text` spelled as the data spells it ("bo khoa học và công nghệ" →
    "Bộ Khoa học và Công nghệ"), with the spans moved along."""
    t = tables(index, role)
    out, moved, shift = text, [], 0
    for s in found:
        key = " ".join(fold(text[s.start : s.end]).lower().split())
        name = {"agency": t.agencies, "commune": t.communes, "province": province_names()}.get(s.kind, {}).get(key)
        start = s.start + shift
        if name:
            out = out[:start] + name + out[start + s.end - s.start :]
            shift += len(name) - (s.end - s.start)
        moved.append(_Span(s.kind, start, s.end + shift))
    return out, moved


def _only_names(text: str, found: list[_Span]) -> bool:
    """Nothing but the names (and little words like "của", "năm"): a slot given on its own."""
    rest = text
    for s in sorted(found, key=lambda s: -s.start):
        rest = rest[: s.start] + " " + rest[s.end :]
    words = [w for w in re.findall(r"\w+", _lower(rest))]
    allowed = _CONNECTORS | (_DEADLINE_WORDS if any(s.kind == "time" for s in found) else set())
    return bool(found) and all(w in allowed for w in words)


_DEADLINE_WORDS = {"han", "het", "chot", "den", "co"}  # "hạn tháng 6 thì sao?": a deadline, said with its time
_DEADLINE_BEFORE = re.compile(r"(?<!\w)(?:(?:co|het|den)\s+)?han(?:\s+chot)?\s+$")


# --- reading a message -------------------------------------------------------------------------------


def resolve(
    index, context: Context | None, message: str, role: str = "citizen", today: date | None = None
) -> Resolution:
    """The standalone question `message` means after `context` (None: a first message, answered as asked)."""
    today = today or date.today()
    text = nfc(message).strip()

    def standalone() -> Resolution:
        return Resolution(text, text, read_query(index, text, role, today), "standalone")

    if context is None or context.role != role or not text or len(text) > 300:
        return standalone()
    context = replace(context, question=_in_full(context.question))  # its names found as the answer path finds them
    # Read without the index first (cached, and the answer path reads it anyway): the names come from spans.
    own = read_text(text)
    body, framed, strongly = _unframed(text)
    found_spans = spans(index, body, role)
    still = _STILL.match(_lower(text))
    if framed and still and not found_spans:
        p, seen = _view(body)
        if p["ask"].search(seen) and not p["item"].search(seen):
            body = text[: still.end()] + body  # "còn hiệu lực không?": "còn" is "still" here, part of the question
    if own.out_of_service and not found_spans:
        return standalone()
    if kind_of(folded(text)):  # "xin chào", "cảm ơn ad", "bạn là ai": no question, nothing glued
        return replace(standalone(), kind="greeting")
    if _patterns()["more"].match(_lower(body).strip(" .!?")):
        if len(context.items) > context.shown:
            return _resolved(index, text, context.question, role, today, "more")
        if context.pointed and _is_heading(index, context.pointed, context.documents):
            # "xem thêm" after "cái thứ 2" of a document's sections: that section, in the frame of its list
            frame = _LIST_WORDS.sub("", subject_of(context.point_question or context.question)).strip()
            line = context.pointed.rstrip(" .;")
            question = _question_mark(f"{line} ({frame})" if frame else line)
            return _resolved(index, text, question, role, today, "section")
        return standalone()
    p, seen = _view(body)
    asks = bool(p["ask"].search(seen)) or _asks_in_full(body)
    names = _names_something(own, text, found_spans) or parse_period(own.folded, today) is not None
    if not names:  # "xa nao rong nhat pt", "tieu ban da 06 …": a province or document typed the chat way
        full = read_query(index, text, role, today)  # (the nation is what a rank is among: "xếp thứ mấy cả nước")
        names = bool(full.documents or set(full.provinces) - {_NATION})
    item = p["item"].search(seen)
    if item and context.items and (item.start() == 0 or not names):
        found = _item(index, text, body, item, context, role, today)
        if found:
            return found
    point = p["point"].search(seen) if context.points and not context.items else None
    if point and (point.start() == 0 or not names):  # "cái thứ 3 là gì?" after the portal's six parts
        found = _point(index, text, body, point, context, role, today)
        if found:
            return found
    pointing = asks or _POINTED_PRONOUN.search(body)  # "its score?" asks with its pronoun alone
    pointed = _opening_name(index, context.pointed, role) if context.pointed and not names and pointing else ""
    if pointed and not item and not point and len(body.split()) <= 5:
        # "its score?", "được bao nhiêu điểm" after "the third one?": the place on the line shown, asked about
        rest = _POINTED_PRONOUN.sub(" ", body)
        return _of_point(index, text, pointed, " ".join(rest.split()), context, role, today)
    if not found_spans:  # "bo khcn": the names the chat words stand for
        normal = read_text(body).text
        normal_spans = spans(index, normal, role) if normal != body else []
        if _only_names(normal, normal_spans):
            body, found_spans = _canonical(index, normal, normal_spans, role)
    restated = found_spans and _restates(index, body, found_spans, context.question, framed, role)
    if restated and not framed:  # "Gia Lai đứng thứ mấy?" after "PII 2025 Hải Phòng đứng thứ mấy?": only in place
        asked_kinds = {x.kind for x in spans(index, context.question, role)}  # of a name the last question had
        restated = all(x.kind in asked_kinds for x in found_spans)
    if restated:  # "thế Bộ Công Thương chủ trì mấy cái?": the names, with words of the last question
        body, found_spans = _names_only(body, found_spans)
    opposite = _opposite_swapped(context.question, body) if framed and not found_spans else None
    if opposite:  # "còn đầu ra?" after "… điểm đầu vào …": the same question of the other one
        return _resolved(index, text, opposite, role, today, "swap")
    if _only_names(body, found_spans):
        swapped = _swapped(index, context, text, lambda c: _swap(index, c, body, found_spans, role, today), role, today)
        if swapped:
            return swapped
    elif not found_spans and _only_names(body, level := spans(index, body, role, levels=True)):
        # "còn ở bộ thì sao?" after "… ở cấp xã …"
        swapped = _swapped(index, context, text, lambda c: _swap(index, c, body, level, role, today), role, today)
        if swapped:
            return swapped
    listing = p["listing"].search(seen) if context.items and not found_spans and not names else None
    if listing:  # "những nhiệm vụ nào?", "kể ra", "cái nào quá hạn?" after a count: the counted tasks, listed
        rest = " ".join((body[: listing.start()] + " " + body[listing.end() :]).split()).strip(" ,?")
        rest = _patterns()["particles"].sub("", _lower(rest)) and rest  # "liệt kê giúp": nothing more asked
        listed = _count_to_list(context.question, rest) if len(read_text(rest).terms) <= 3 else None
        if listed:
            return _resolved(index, text, listed, role, today, "fill")
    asked_kinds = {x.kind for x in spans(index, context.question, role)} if found_spans else set()
    narrowing = all(x.kind in ("time", "agency", "commune") and x.kind not in asked_kinds for x in found_spans)
    which = p["which"].search(seen) if context.items and narrowing else None
    if which:  # "cái nào chưa hoàn thành?", "cái nào do Bộ Công Thương chủ trì?" after a list: which of those
        rest = (body[: which.start()] + " " + body[which.end() :]).strip(" ,?")
        listed = _count_to_list(context.question, rest)
        if listed:  # "cái nào do Bộ Công Thương chủ trì?" after a count: the count listed, narrowed
            question = listed
        elif found_spans and _LIST_ASKED.search(_lower(context.question)):  # the list's question, narrowed
            question = f"{context.question.rstrip(' ?')} {rest}"
        elif rest and (asked := _LIST_ASKED.search(_lower(context.question))):
            # "cái nào quá hạn?" after "phường Hòa Bình có những nhiệm vụ gì": "… có những nhiệm vụ nào quá
            # hạn?", the list's own question narrowed where it asks for the list
            last, start = context.question, asked.start()
            if re.search(r"(?<!\w)co\s+$", _lower(last[:start])):  # "… co | nhung nv gi": "có", not "cơ"
                start = re.search(r"\S+\s+$", last[:start]).start()
            which_tasks = "có những nhiệm vụ nào" if start < asked.start() else "những nhiệm vụ nào"
            question = f"{last[:start]}{which_tasks} {rest}{last[asked.end() :]}"
        else:
            subject = context.subject or context.question.rstrip(" ?")
            question = f"{subject} {body[: which.start()]}nhiệm vụ nào{body[which.end() :]}"
        return _resolved(index, text, _question_mark(question), role, today, "fill")
    if names and _OPENS_ANOTHER.match(_lower(text)) and not found_spans and not asks:
        # "còn tăng trưởng GRDP 9 tháng" after "tỷ trọng kinh tế số trong GRDP của Phú Thọ …": a framed name
        # that asks nothing and is no slot takes the place of what the last question was about
        topic = _swap_topic(index, context, body, role)
        if topic:
            return _resolved(index, text, topic, role, today, "topic")
    if names or (not strongly and asked_filter(index, replace(own, role=role))):
        return standalone()  # it names what it is about, or counts tasks by a product or topic of its own
    refer = p["refer"].search(seen)
    if refer and _PRONOUN.fullmatch(seen[refer.start() : refer.end()]) and len(own.terms) >= ELSEWHERE_TERMS:
        if _stands_alone(index, own, context):  # "Is it still possible to get a paper health insurance card
            refer = None  # reissued?": a question of its own, its "it" points nowhere
    status = None if refer else _STATUS_ONLY.fullmatch(_lower(body).strip(" ?"))
    if status:  # "còn chưa xong?", "đã xong mấy cái" after a count: that count, of tasks in this status
        said = body.strip(" ?")
        for m in reversed(list(re.finditer(rf"(?<!\w){_COUNT_WORDS}(?!\w)|(?<!\w)(?:roi|chua)$", _lower(said)))):
            said = said[: m.start()] + said[m.end() :]
        counted = _swap_counted(context.question, " ".join(said.split()))
        if counted and counted != context.question:
            return _resolved(index, text, counted, role, today, "swap")
    if framed and not refer and not asks:
        counted = _swap_counted(context.question, body)
        if counted and counted != context.question:
            return _resolved(index, text, counted, role, today, "swap")
    if framed and not refer:
        head = None
        if not asks:  # "mức 1 thì sao?" after "… mức 2 …"
            head = _swapped(index, context, text, lambda c: _swap_by_head(c.question, body), role, today)
        if head:
            return head
        # "trung tâm … có từ bao h vậy": a message that asks a thing of its own, closed by a particle only, takes
        # no place of the last one's topic
        asks_alone = asks and not strongly
        topic = None if asks_alone or _only_attributes(read_text(body)) else _swap_topic(index, context, body, role)
        if topic:
            return _resolved(index, text, topic, role, today, "topic")
    if not refer and not strongly and _stands_alone(index, own, context):
        return standalone()
    # (a task has no address or opening hours: "ở đâu?" after a task a guide's centre answered is about the centre)
    placed = bool({"where"} & set(own.asks)) or asked_detail(own) is not None
    if context.entity and not placed and (refer or len(own.terms) < MIN_OWN_TERMS or _only_attributes(own)):
        rest = (body[: refer.start()] + " " + body[refer.end() :]) if refer else body
        return _about_task(index, text, context.entity, rest, role, today, "fill")
    subject = context.subject or context.question.rstrip(" ?")
    if _ASKS_WHICH_PLACE.search(fold(_lower(body))):  # "thế đứng đầu là tỉnh nào" after "Quảng Ninh PII 2025 …": the
        subject = _without_places(index, subject, role)  # place is what is asked now, not that one
    if refer:
        named = _lower_name(subject) if refer.start() else subject
        who = re.match(r"who(?!\w)", _lower(body))  # who did it: the act the last question asked about
        if who and own.language == "en" and (act := _english_event(context.question)) and act not in _lower(subject):
            named = f"the {act} of {subject}"  # "who chaired it?" after "when did the portal launch"
        question = body[: refer.start()] + named + body[refer.end() :]
        return _resolved(index, text, _question_mark(question), role, today, "fill")
    english = own.language == "en"  # "muc 2 o dau" after "vssid la app j" (read as English) stays Vietnamese
    if english and re.match(r"(?:who|what|when|where|which|how)\b", _lower(body)):  # "who chaired the launch?"
        question = _english_fill(index, subject, body, context.question, role)
        return _resolved(index, text, question, role, today, "fill")
    if headed := _with_value_swapped(subject, body) or _with_level_swapped(index, subject, body, role):
        return _resolved(index, text, _question_mark(" ".join(headed)), role, today, "fill")  # "còn mức 1 …"
    if len(own.terms) < MIN_OWN_TERMS:
        if english:  # "when?" after "Who signed Decision 06/QĐ-TTg?": "When was Decision 06/QĐ-TTg signed?"
            question = _english_fill(index, subject, body, context.question, role)
            return _resolved(index, text, question, role, today, "fill")
        body = _with_counted(context.question, body)  # "nhom I co bao nhieu" counts what the last count counted
        if carried := _with_event(context.question, subject, body):
            return _resolved(index, text, carried, role, today, "fill")
        return _resolved(index, text, _question_mark(f"{subject} {_lower_first(body)}"), role, today, "fill")
    if _counts_tasks(own) and _without_tasks(index, subject, role, today):
        return standalone()  # "có bao nhiêu nhiệm vụ quá hạn" after "Đề án 06 ban hành năm nào": no register of it
    # A longer weak question: the last subject's strongest words go where its own topic ends
    # ("hội nghị tổng kết | có bao nhiêu điểm cầu" → "hội nghị tổng kết <subject> có bao nhiêu điểm cầu").
    subject = _strongest(index, subject)
    end = _topic_end(index, body, role)
    if 0 < end < len(body) and p["verb"].match(seen, end) and len(read_text(body[:end]).terms) >= 3:
        question = f"{body[:end].rstrip()} {_lower_name(subject)} {body[end:].lstrip()}"
    else:
        question = f"{subject} {_lower_first(body)}"
    return _resolved(index, text, _question_mark(question), role, today, "expand")


def _swapped(index, context: Context, message: str, swap, role: str, today: date) -> Resolution | None:
    """The last question with the slots `body` names swapped in. When that question was itself a not-found
    follow-up ("cần mang gì?" after "Tài khoản định danh mức 2 đăng ký ở đâu?"), the question it asked more
    about, so swapped, is kept as the fallback: if nothing is known of "mức 1 cần mang gì" either, what is
    known of "mức 1" is what was answered of "mức 2" ("Tài khoản định danh mức 1 đăng ký ở đâu?")."""
    swapped = swap(context)
    if not swapped:
        return None
    found = _resolved(index, message, swapped, role, today, "swap")
    if context.status == "not_found" and context.topic and context.topic != context.question:
        before = replace(context, question=_in_full(context.topic), topic="", status="answered")
        other = swap(before)
        if other and other != swapped:
            found = replace(found, fallback=_resolved(index, message, other, role, today, "swap"))
    return found


def _resolved(index, message: str, question: str, role: str, today: date, kind: str) -> Resolution:
    question = _as_written(_names_spelled(index, _in_full(question), role))
    if question == message:
        return Resolution(message, question, read_query(index, question, role, today), kind)
    # Asked and shown as a person writes it: "Phường Việt Trì có bao nhiêu nhiệm vụ?" after "con phuong viet
    # tri" (the answer path reads the corpus's own words best: "… cấp xã có không?" finds its "Có").
    written = question if language_of(question) == "en" else accented(index, question)
    return Resolution(message, written, read_query(index, written, role, today), kind, written)


def _with_event(question: str, subject: str, body: str) -> str | None:
    """A time or a person asked after a question about a dated act: the act carried along. "ngày nào?" after
    "Đề án 06 ai ký?" → "Đề án 06 ký ngày nào?"; "ai chủ trì?" after "Cổng DVC quốc gia khai trương ngày
    nào?" → "Ai chủ trì khai trương Cổng DVC quốc gia?". None when the last question names no act, or asked
    neither a time nor a person, or the message asks something else."""
    p, low = _view(question)
    event = p["event"].search(low)
    asked = body.strip(" ?!.")
    asked = re.sub(r"\s+(?:buổi\s+)?lễ$", "", asked, flags=re.I)  # "ai chủ trì lễ?": the ceremony is the act's
    q, seen = _view(asked)
    if not event or not subject or q["event"].search(seen):
        return None
    act = question[event.start() : event.end()]
    act = next((w for w in _phrases()["event"] if fold(w.lower()) == fold(act.lower())), act)  # "ky": "ký"
    if act.lower() in _lower(subject) or (subject.lower() in act.lower()):
        return None
    if q["when"].match(seen) and re.search(r"(?<!\w)ai(?!\w)", low):  # it asked who did it: now when
        return _question_mark(f"{subject} {act.lower()} {asked}")
    if q["who"].match(seen) and p["when"].search(low[event.end() :].strip(" ?!.")):  # it asked when: now who
        held = "lễ " if fold(act.lower()) in {fold(w.lower()) for w in _phrases()["ceremony"]} else ""
        return _question_mark(f"{asked[:1].upper()}{asked[1:]} {held}{act.lower()} {_lower_name(subject)}")
    return None


def _english_event(question: str) -> str | None:
    """The noun of the act an English question asked about ("when did the portal launch" → "launch")."""
    nouns = dict(w.split("=", 1) for w in _phrases()["event_en"])
    words = re.findall(r"[a-z]+", question.lower())
    return next((nouns[w] for w in words if w in nouns), None)


def _asks_in_full(body: str) -> bool:
    """ "có từ bao h": the chat words read in full ask too ("bao giờ")."""
    p, seen = _view(_in_full(body))
    return bool(p["ask"].search(seen))


def _question_mark(text: str) -> str:
    return text.rstrip(" ?.!") + "?"


def _in_full(text: str) -> str:
    """ "bộ tc chủ trì mấy nv" → "bộ tài chính chủ trì mấy nhiệm vụ": chat words typed in lower case, in full
    (not in English: the "s" of "What was Huế's …" is no chat "sao")."""
    if language_of(text) == "en" or _ENGLISH_OPENING.match(text):  # "What's the output of the task «…»":
        return text  # English round a Vietnamese task name
    return expand_chat(text, has_diacritics(text), lower_only=True)


_ENGLISH_OPENING = re.compile(r"(?:what|who|when|where|which|how|is|are|does|did|has|have)(?:'s)?\s", re.I)


def _as_written(question: str) -> str:
    """The standalone question as a person writes one: chat words in full ("nv" → "nhiệm vụ"), one space
    between words, a capital first letter, a question mark ("phường Việt Trì có bao nhiêu nv" → "Phường
    Việt Trì có bao nhiêu nhiệm vụ?"). A name typed in lower case ("vneid") does not become "Vneid"."""
    question = _question_mark(" ".join(_in_full(question).split()))
    first = re.match(r"\w+", question)
    if first and first.group().islower() and first.group().isalpha():
        p, low = _view(question)
        name = p["name"].match(low)
        if not (name and " " not in name.group()):
            question = question[0].upper() + question[1:]
    return question


def _lower_name(text: str) -> str:
    """ "Chuyển đổi số trong …" → "chuyển đổi số trong …" inside a question; a name ("Quyết định 06",
    "Phường Âu Cơ", "VNeID") keeps its capital: its second word is capitalised too, or its first is."""
    words = text.split()
    if len(words) > 1 and words[0][:1].isupper() and words[0][1:].islower() and words[1][:1].islower():
        return text[0].lower() + text[1:]
    return text


def _lower_first(text: str) -> str:
    """ "Ai chủ trì" → "ai chủ trì" inside a longer question; names ("Bộ …", "VNeID") keep their capital."""
    if len(text) > 1 and text[0].isupper() and text[1].islower() and " " in text:
        p, low = _view(text.split()[0])
        if fold(low) in stop_syllables() or p["ask"].match(low) or p["verb"].match(low):
            return text[0].lower() + text[1:]
    return text


@lru_cache(maxsize=1)
def _english_table() -> tuple[dict[str, tuple[str, str, str]], re.Pattern, dict[str, str]]:
    """retrieval/data/followup_english.tsv: bare asking words → (template, a document's verb, another's), the
    verbs a follow-up takes from the last question, and documents' short English names → their full ones."""
    bare: dict[str, tuple[str, str, str]] = {}
    verbs: list[str] = []
    documents: dict[str, str] = {}
    for line in data.lines("followup_english.tsv"):
        kind, *cells = line.split("\t")
        if kind == "bare":
            words, template, document, other = cells
            for w in words.split("|"):
                bare[w.strip()] = (template, document, other)
        elif kind == "verb":
            verbs.extend(v.strip() for v in cells[0].split("|") if v.strip())
        elif kind == "document":
            documents.update((short.strip(), cells[1]) for short in cells[0].split("|"))
    alternation = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    return bare, re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), documents


def _english_fill(index, subject: str, body: str, last: str, role: str) -> str:
    """An English follow-up about the last subject as a whole question: "when?" → "When was Decision
    06/QĐ-TTg signed?" (the last question's verb), "who signed?" → "Who signed Resolution 57?", "what is the
    deadline?" → "What is the deadline for …?"."""
    bare, verbs, _ = _english_table()
    said = " ".join(body.lower().strip(" ?!.").split())
    if said in bare:
        template, document, other = bare[said]
        verb = verbs.search(last.lower())
        is_document = any(s.kind == "document" for s in spans(index, subject, role))
        default = document if is_document else other
        return template.format(subject=subject, verb=verb.group() if verb else default)
    words = said.split()
    if len(words) >= 2 and words[0] in ("its", "their"):  # "and its score?" → "What is the score of Hà Nội …?"
        return f"What is the {' '.join(words[1:])} of {subject}?"
    if {"its", "their"} & set(words[:-1]):  # "what is its output?" → "what is the output of the task «…»?"
        said = " ".join("the" if w in ("its", "their") else w for w in body.rstrip(" ?").split())
        return _question_mark(f"{said} of {subject}")
    if len(words) >= 2 and words[-2] == "the":  # "who chaired the launch?" → "… the launch of the portal?"
        return _question_mark(f"{body.rstrip(' ?')} of {_lower_name(subject)}")
    if words and (verbs.fullmatch(words[-1]) or words[-1].endswith("ed")):
        return _question_mark(f"{body.rstrip(' ?')} {subject}")  # "who signed?" → "who signed Resolution 57?"
    return _question_mark(f"{body.rstrip(' ?')} for {subject}")  # "how many points?" → "… for Hà Nội?"


_STILL = re.compile(r"^con\s+")  # "còn …" opening a question that asks something: "still", not "what about"
# "còn …", "thế còn …", "and …", "what about …": an opening that puts something else in the last one's place
_OPENS_ANOTHER = re.compile(r"^(?:(?:the|vay|ok|u|ua|va)[\s,]+)?con\s|^(?:and|what about|how about)\s")
# A task status said on its own ("còn chưa xong?", "đã xong mấy cái"): it takes the place of the last count's status.
_STATUS = (
    r"(?:da\s+|con\s+)?(?:chua\s+hoan\s+thanh|chua\s+xong|chua\s+thuc\s+hien|dang\s+thuc\s+hien|hoan\s+thanh|xong"
    r"|chua\s+lam(?:\s+xong)?|dang\s+lam|lam\s+xong|qua\s+han|tre\s+han)"  # "còn chưa làm", "đang làm": chat
)
_COUNT_WORDS = r"(?:may|bao\s+nhieu)(?:\s+(?:cai|viec|nhiem\s+vu|nv))?"
_STATUS_ONLY = re.compile(rf"(?:con\s+)?(?:{_COUNT_WORDS}\s+)?{_STATUS}(?:\s+{_COUNT_WORDS})?(?:\s+(?:roi|chua))?")
_STATUS_AT = re.compile(rf"{_STATUS}(?!\w)")
_STATUS_BEFORE = re.compile(rf"(?<!\w){_STATUS}\s*(?:duoc\s+)?$")  # "đã hoàn thành | mấy nhiệm vụ"
_LIST_ASKED = re.compile(r"(?<!\w)(?:nhung |cac )?(?:nhiem vu|viec) (?:nao|gi)(?!\w)")  # "… những nhiệm vụ nào …"
_ITEM_QUESTION = re.compile(r"^Nhiệm vụ «.*» \([^()]*\) (.+)$")


def _item(index, message: str, body: str, m: re.Match, context: Context, role: str, today: date):
    position = _ORDINAL_OF[m.group("a") or m.group("b")]
    if position == -1:
        position = len(context.items)
    if not 1 <= position <= len(context.items):
        return None
    rest = (body[: m.start()] + " " + body[m.end() :]).strip(" ,?")
    p, seen = _view(rest)
    for said in reversed(list(p["in_list"].finditer(seen))):  # "… của danh sách …": it is in the list, we know
        rest = rest[: said.start()] + " " + rest[said.end() :]
    rest = " ".join(rest.split())
    asked_before = _ITEM_QUESTION.match(context.question)
    if not rest and asked_before:  # "còn nhiệm vụ thứ 3?" after "nhiệm vụ thứ 2 hạn khi nào?"
        rest = asked_before.group(1).rstrip("?")
    return _about_task(index, message, context.items[position - 1], rest, role, today, "item")


def _point(index, message: str, body: str, m: re.Match, context: Context, role: str, today: date):
    """ "cái thứ 3 là gì?" after an answer that quoted a list: that line of it, the last question asked again
    (retrieval/turn.py picks the line). Asking more of the line than what it is, it is no pointer."""
    position = _ORDINAL_OF[m.group("a") or m.group("b")]
    if position == -1:
        position = context.points
    if not 1 <= position <= context.points:
        return None
    rest = (body[: m.start()] + " " + body[m.end() :]).strip(" ,?")
    p, seen = _view(rest)
    for said in reversed(list(p["in_list"].finditer(seen))):
        rest = rest[: said.start()] + " " + rest[said.end() :]
    rest = _patterns()["close"].sub("", _patterns()["open"].sub("", _lower(" ".join(rest.split()))))
    if not _patterns()["point_asks"].match(rest.strip(" ,?")):
        name = context.point_names[position - 1] if position <= len(context.point_names) else ""
        return _of_point(index, message, name, rest, context, role, today) if name else None
    question = context.point_question or context.question
    english = read_text(question).language == "en" or read_text(message).language == "en"
    asked = question if english or has_diacritics(question) else accented(index, question)
    asked = _question_mark(asked[:1].upper() + asked[1:])
    said = f"Item {position} of the list answering «{asked}»"
    if not english:
        said = f"Mục thứ {position} của danh sách trả lời «{asked}»"
    name = context.point_names[position - 1] if position <= len(context.point_names) else ""
    said = f"{said} ({name})" if name else said  # "… «Top 5 provinces PII 2025?» (Quảng Ninh)": which one it is
    return Resolution(message, question, read_query(index, question, role, today), "point", said, position)


def _is_heading(index, line: str, documents: tuple[str, ...]) -> bool:
    """The line is the heading of a section of one of the documents (a list `_sections_listed` made)."""
    line = line.rstrip(" .;")
    return any(p.doc_id in documents and p.headings and p.headings[-1] == line for p in index.passages)


_ASKS_WHICH_PLACE = re.compile(
    r"(?<!\w)(?:tinh nao|dia phuong nao|tinh thanh nao|thanh pho nao|noi nao|which province)(?!\w)"
)


def _without_places(index, subject: str, role: str) -> str:
    """The subject without the provinces it names ("Quảng Ninh PII 2025" → "PII 2025")."""
    for s in sorted((x for x in spans(index, subject, role) if x.kind == "province"), key=lambda x: -x.start):
        subject = subject[: s.start] + subject[s.end :]
    return " ".join(subject.split())


_POINTED_PRONOUN = re.compile(r"(?<!\w)(?:its|it's|it|their|nó|tỉnh đó|tỉnh này|địa phương đó|nơi đó)(?!\w)", re.I)
_SHOWN_LINE = re.compile(
    r"(?:Mục thứ \d+ của danh sách|Item \d+ of the list, as the cited Vietnamese source writes it): "
    r"(.+?)(?: \[\d+\])?$",
    re.M,
)
_LIST_WORDS = re.compile(r"^(?:các|những|the)\s+", re.I)

# what makes a question a list of the first N ("top 5", "5 tỉnh dẫn đầu"): dropped when one of them is asked about
_TOP_OF = re.compile(
    r"(?<!\w)(?:top|nhóm)\s*\d{1,2}(?:\s+(?:tỉnh|địa phương|tỉnh thành|provinces?))?(?!\w)"
    r"|(?<!\w)\d{1,2}\s+(?:tỉnh|địa phương|tỉnh thành)\s+(?:dẫn đầu|đứng đầu|cao nhất)(?!\w)",
    re.I,
)


def _of_point(index, message: str, name: str, rest: str, context: Context, role: str, today: date):
    """ "cái thứ 2 bao nhiêu điểm" after "top 5 PII 2025": the place on that line asked about, in the frame
    of the last question ("PII 2025 của TP. Hồ Chí Minh bao nhiêu điểm?")."""
    frame = " ".join(_TOP_OF.sub(" ", subject_of(context.point_question or context.question)).split())
    if language_of(rest) == "en" or language_of(message) == "en":
        asked = f"{rest} for {name}" if _ENGLISH_OPENING.match(rest + " ") else f"What is the {rest} of {name}"
        return _resolved(index, message, _question_mark(f"{asked} in {frame}" if frame else asked), role, today, "fill")
    return _resolved(index, message, _question_mark(f"{frame} của {name} {rest}"), role, today, "fill")


def _about_task(index, message: str, task: tuple[str, ...], rest: str, role: str, today: date, kind: str):
    """ "Nhiệm vụ «…» (PT-TDAO-01, Xã Tam Đảo) ai phối hợp?": `rest` asked about one task of the registers."""
    label, title = task
    rest = rest.strip(" ,?")
    p, seen = _view(rest)
    if lead := p["lead_close"].match(seen):  # "cái đầu tiên | thì sao, | sản phẩm là gì"
        rest = rest[lead.end() :]
    rest = re.sub(r"^(?:là\s+)?(?:gì|là gì)$", "là gì", rest) or "là gì"
    commune = _task_places(index, role).get((title, label), "")
    where = f", {commune}" if commune else ""  # the same report title is every commune's: say whose
    if language_of(rest) == "en":  # "who leads?" → "Who leads the task «…» (NQ03-069)?"
        question = _english_fill(index, f"the task «{title}» ({label}{where})", rest, "", role)
    else:
        question = _question_mark(f"Nhiệm vụ «{title}» ({label}{where}) {_lower_first(rest)}")
    found = _resolved(index, message, question, role, today, kind)
    # The task's name is no slot: "… trong năm 2025" in it is no period asked about.
    asked = read_query(index, rest, role, today)
    query = replace(
        found.query,
        period=asked.period,
        years=asked.years,
        status=asked.status,
        agencies=asked.agencies,
        communes=(commune,) if commune else asked.communes,
    )
    return replace(found, query=query)


def _label_of(task) -> str:
    """How an answer labels a task: its id, or "NV <n>" for a bare number (retrieval/exact.py)."""
    return task.task_id if re.search(r"[^\W\d_]{2}", task.task_id) else f"NV {task.task_id}"


def _swap(index, context: Context, body: str, new: list[_Span], role: str, today: date) -> str | None:
    """The last question with each slot `body` names replaced by it; a slot it did not have is added.
    After a question about one item of a list ("nhiệm vụ thứ 2 làm ở đâu?"), a slot the item question
    lacks is swapped in the question the list answered ("vậy còn xã Xuân Đài" → that commune's tasks)."""
    base = context.question
    if context.topic and context.topic != base:
        kinds = {x.kind for x in spans(index, base, role)}
        topic_kinds = {x.kind for x in spans(index, context.topic, role)}
        if _ITEM_QUESTION.match(base) or any(s.kind not in kinds and s.kind in topic_kinds for s in new):
            base = context.topic
    old = spans(index, base, role, levels=any(s.kind == "level" for s in new))
    if any(s.kind == "agency" for s in new) and not any(o.kind == "agency" for o in old):
        old = sorted([*old, *_bodies_by_head(base, old)], key=lambda o: o.start)
    if any(s.kind == "commune" for s in new) and not any(o.kind in ("commune", "province") for o in old):
        old = sorted([*old, *_places_by_head(base, old)], key=lambda o: o.start)
    question = base
    appended: list[str] = []
    changes: list[tuple[_Span, str]] = []
    for s in new:
        value = _spelled(index, s.kind, body[s.start : s.end], role)
        if s.kind == "agency" and value == body[s.start : s.end] and language_of(base) == "en":
            value = _english_agency(value)  # "and MoST?" → "… the Ministry of Science and Technology …"
        if s.kind == "level" and (level := _LEVEL.fullmatch(_lower(value))):
            value = f"cấp {_LEVEL_SPELLED[level.group('a') or level.group('b')]}"  # "ở bộ thì sao?" → "cấp bộ"
        if s.kind == "time" and (relative := _RELATIVE_YEAR.fullmatch(_lower(value))):
            value = _year_of(relative, base, today)  # "năm ngoái thì sao?" in February 2026: 2025
        same = [o for o in old if o.kind == s.kind or {o.kind, s.kind} <= {"commune", "province"}]
        same = [o for o in same if all(o is not c for c, _ in changes)]
        if not same and s.kind == "commune" and not any(o.kind in ("commune", "province") for o in old):
            if not any(x.kind == "agency" for x in new):  # "còn phường Việt Trì" after "Sở Nội vụ chủ trì mấy
                same = [o for o in old if o.kind == "agency" and all(o is not c for c, _ in changes)]  # việc": a
                # commune in the place of the body whose tasks were asked about, not beside it
        elif same and s.kind == "commune" and same[0].kind == "province":
            body_of = next((o for o in old if o.kind == "agency" and o.end <= same[0].start), None)
            if body_of and not question[body_of.end : same[0].start].strip():  # "Sở Nội vụ Phú Thọ": the
                same = [_Span("agency", body_of.start, same[0].end)]  # province's body, in one, gives way
        if not same:
            if s.kind == "time" and re.fullmatch(r"(?:tháng|thang)\s+\d{1,2}", value):
                value = f"{value}/{today.year}"  # "hạn tháng 6 thì sao?" in February 2026: June 2026
            said = _DEADLINE_BEFORE.search(_lower(body[: s.start]))
            appended.append(f"{body[said.start() : s.start]}{value}" if said and s.kind == "time" else value)
            continue
        was = question[same[0].start : same[0].end]
        if s.kind == "time" and re.fullmatch(r"(?:19|20)\d\d", value) and re.search(r"\d{4}$", was):
            value = was[:-4] + value  # "còn đến 2045?" after "… đến 2030 …": only the year changes
        elif s.kind == "time" and not re.search(r"\d{4}", value) and (year := re.search(r"\d{4}$", was)):
            # "thế tháng 12?" after "… tháng 9/2025": the same year; "9 tháng đầu năm" after "cả năm 2025" too
            value = f"{value} {year.group()}" if fold(value).endswith("nam") else f"{value}/{year.group()}"
        changes.append((same[0], value))
    for o, value in sorted(changes, key=lambda c: -c[0].start):
        end = o.end
        after = next((x for x in old if x.kind == "province" and x.start > o.end), None)
        if o.kind == "agency" and value.startswith("Bộ ") and after and not question[o.end : after.start].strip():
            end = after.end  # "Sở Y tế Phú Thọ …" → "vậy Bộ Y tế?": a ministry is no province's
        question = question[: o.start] + value + question[end:]
    if appended:
        question = question.rstrip(" ?") + " " + " ".join(appended) + "?"
    return question if question != context.question else None


def _english_agency(value: str) -> str:
    """An agency typed by its English acronym or short name, as its longest English name in the glossary
    ("MoST" → "Ministry of Science and Technology"); as typed when the glossary has none."""
    table = glossary()
    vietnamese = table.get(value.lower()) or table.get(" ".join(value.lower().split()))
    names = [e for e, v in table.items() if v == vietnamese and e.startswith(("ministry ", "department "))]
    if not vietnamese or not names:
        return value
    name = max(names, key=len)
    return " ".join(w if w in ("of", "and", "the", "for") else w.capitalize() for w in name.split())


def _year_of(relative: re.Match, question: str, today: date) -> str:
    """The year "năm ngoái", "năm sau", "last year" mean: from today, or ("năm trước", "năm sau") from the
    year the last question asked."""
    word = relative.group("vi") or relative.group("en")
    asked = re.findall(r"(?<![\d/])(?:19|20)\d\d(?!\d)", question) if word in _FROM_ASKED else []
    return str((int(asked[-1]) if asked else today.year) + _YEAR_SHIFT[word])


def _names_spelled(index, question: str, role: str) -> str:
    """Every agency, commune, province and document of `question` as the data spells it ("phường âu cơ có …" →
    "phường Âu Cơ có …"), the rest as typed."""
    for s in sorted(spans(index, question, role), key=lambda s: -s.start):
        if s.kind in ("agency", "commune", "province", "document"):
            question = (
                question[: s.start] + _spelled(index, s.kind, question[s.start : s.end], role) + question[s.end :]
            )
    return question


def _spelled(index, kind: str, value: str, role: str) -> str:
    """An agency, commune or province as the data spells it ("da nang" → "Đà Nẵng", "bo noi vu" → "Bộ Nội
    vụ"); a commune's head word keeps the case it was typed in ("còn phường việt trì" → "phường Việt Trì")."""
    if kind == "document":  # "res 71" → "Resolution 71": a document's short English name written out
        head = re.match(r"([^\W\d_]+)\.?(?=\s*\d)", value)
        full = _english_table()[2].get(head.group(1).lower()) if head else None
        return f"{full}{value[head.end() :]}" if full else value
    t = tables(index, role)
    names = {"agency": t.agencies, "commune": t.communes, "province": province_names()}.get(kind, {})
    key = " ".join(fold(value).lower().split())
    name = names.get(key) or names.get(" ".join(fold(normalise(value)).lower().split()))  # "tphcm"
    era = _ERA.search(_lower(value))
    if not name and era and era.end() == len(value):  # "tinh phu tho moi": the name spelled, its "mới" kept
        return _spelled(index, kind, value[: era.start()], role) + value[era.start() :]
    if not name and kind == "commune" and (lead := _COMMUNE_LEAD.match(value)):
        if lead.group("ubnd"):  # "UBND phường Âu Cơ": the commune spelled, its committee kept
            return value[: lead.end()] + _spelled(index, kind, value[lead.end() :], role)
        head = "phuong" if lead.group("head").lower() == "p" else "xa"  # "p viet tri", "P.Âu Cơ", "x xuan dai"
        name = names.get(f"{head} {' '.join(fold(value[lead.end() :]).lower().split())}")
        if name:
            return name[0].lower() + name[1:] if value[:1].islower() else name
    head = _PROVINCE_HEAD_AT.match(_lower(value)) if kind == "province" and not name else None
    if head and names.get(key[head.end() :]):  # "tinh phu tho" → "tinh Phú Thọ": the name spelled, the head kept
        spelled = names[key[head.end() :]]
        return spelled if spelled.startswith("TP.") else value[: head.end()] + spelled
    if not name:
        return value
    head = re.match(r"(?:Xã|Phường|Thị trấn|Đặc khu) ", name)
    if head and value[:1].islower():
        return name[0].lower() + name[1:]
    return name


def _swap_topic(index, context: Context, body: str, role: str) -> str | None:
    """ "còn tỉ lệ doanh nghiệp đổi mới sáng tạo thì sao?" after "Tỉ lệ sử dụng dịch vụ công trực tuyến đến
    2030 là bao nhiêu?": a framed noun phrase that asks nothing takes the place of what the last question
    was about — the words before its first slot or asking phrase — and keeps its slots and what it asked."""
    p, seen = _view(body)
    if p["ask"].search(seen) or len(read_text(body).terms) < 2:
        return None
    question = context.question
    end = _topic_end(index, question, role)
    topic = question[:end].strip()
    if not topic or len(read_text(topic).terms) < 2:
        return None
    phrase = _in_full(body)  # "tk mức 1": "tài khoản mức 1", as the resolved question is shown
    phrase = phrase[0].upper() + phrase[1:] if phrase[:1].islower() else phrase
    return _question_mark(f"{phrase} {question[end:].strip()}")


def _counted_end(text: str, low: str, end: int, p: dict[str, re.Pattern]) -> int:
    """Where the words counted after "bao nhiêu"/"mấy" (from `end`) stop: at most 3 lower-case words,
    before a verb, an asking phrase, a name or a number."""
    base = end
    for n, m in enumerate(re.finditer(r"\s+([^\s?!.,;:]+)", low[base:])):
        if m.start() != (end - base):
            break  # a comma or a full stop on the way
        word_start = base + m.start(1)
        word = text[word_start : base + m.end(1)]
        if n >= 3 or not word.isalpha() or not word.islower() or p["verb"].match(low, word_start):
            break
        if _STATUS_AT.match(_lower(low[word_start:])):
            break  # "mấy việc | đang thực hiện": the status says which of them, it is not what is counted
        if p["ask"].match(low, word_start) or fold(word).lower() in _QUESTION_ENDS:
            break
        end = base + m.end(1)
    return end


# Words that close a count question and are not what it counts: "xong mấy việc | rồi", "có mấy cái | chưa"
_QUESTION_ENDS = frozenset({"roi", "chua", "vay", "nhi", "ha"})


def _swap_counted(question: str, body: str) -> str | None:
    """ "còn phường thì sao?" after "Phú Thọ có bao nhiêu xã?": a short noun phrase in the place of what the
    last question counted; one that starts with the same noun takes its qualifiers' place too
    ("còn nhiệm vụ quá hạn?" after "… bao nhiêu nhiệm vụ chưa hoàn thành?")."""
    words = body.split()
    if not 1 <= len(words) <= 4 or not body.islower():
        return None
    p, low = _view(question)
    count = p["count"].search(low)
    if not count:
        return None
    start = count.end()
    end = _counted_end(question, low, start, p)
    counted = question[start:end].strip()
    if not counted:
        return None
    said = " ".join(fold(body).lower().split())
    if any(said == n or said.startswith(n + " ") for n in _counted_nouns()):
        pass  # "còn xã?", "còn nhiệm vụ quá hạn?": something else counted
    elif parse_status(said) or "overdue" in intents(said) or parse_status(f"da {said}"):  # "còn quá hạn?": the
        body = re.sub(r"^(?:còn|con)\s+", "", body)  # same noun, another qualifier, without the "còn" that framed it
        if not parse_status(said) and parse_status(f"da {said}"):  # "còn hoàn thành?": "đã hoàn thành", as the
            body, said = f"đã {body}", f"da {said}"  # registers' status is asked (a bare "hoàn thành" is no status)
        body, said = f"{counted} {body}", f"{fold(counted).lower()} {_STILL.sub('', said)}"
        before = _STATUS_BEFORE.search(_lower(question)[: count.start()])
        if before:  # "… đã hoàn thành mấy nhiệm vụ?" → "còn chưa xong?": "… có mấy nhiệm vụ chưa xong?"
            has = "có" if has_diacritics(question) else "co"  # typed without diacritics: read as it was typed
            question = f"{question[: before.start()].rstrip()} {has} {question[before.end() :].lstrip()}"
            return _swap_counted(question, body.removeprefix(counted).strip())
    else:
        return None  # "còn cần mang gì?", "còn Đà Nẵng?": no noun of the counted kind
    if said.startswith(fold(counted).lower() + " "):
        rest = re.search(r"(?<![\w/])(?:\d|[A-ZĐÂĂÊÔƠƯ])", question[end:])  # a name, a number: kept
        end = end + rest.start() if rest else len(question.rstrip(" ?"))
    return _question_mark(f"{question[:start].rstrip()} {body} {question[end:].strip()}")


def _with_counted(question: str, body: str) -> str:
    """ "nhóm I có bao nhiêu" after "NQ 03 có bao nhiêu nhiệm vụ?": "nhóm I có bao nhiêu nhiệm vụ" — a count
    ending on its asking word counts what the last count did."""
    p, low = _view(body.rstrip(" ?"))
    count = p["count"].search(low)
    if not count or count.end() != len(low) or not re.search(r"(?:bao nhieu|may)$", _lower(low)):
        return body
    if _RANK_ASKED.search(_lower(low)):  # "đứng thứ mấy" asks a rank, no count
        return body
    q, qlow = _view(question)
    asked = q["count"].search(qlow)
    if not asked:
        return body
    counted = question[asked.end() : _counted_end(question, qlow, asked.end(), q)].strip()
    if " ".join(fold(counted).lower().split()) not in _listed_nouns():  # tasks, not "điểm" of a score
        return body
    return f"{body.rstrip(' ?')} {counted}"


def _count_to_list(question: str, rest: str = "") -> str | None:
    """ "Phường Vĩnh Yên còn mấy nhiệm vụ chưa xong?" → "Phường Vĩnh Yên còn những nhiệm vụ nào chưa xong?":
    the tasks a count counted, asked for as a list, narrowed by `rest` ("sắp hết hạn") right after what is
    listed; "How many tasks does … lead?" → "Which tasks does … lead?". None when it counted no tasks."""
    p, low = _view(question)
    count = p["count"].search(low)
    if not count:
        return None
    end = _counted_end(question, low, count.end(), p)
    counted = question[count.end() : end].strip()
    if " ".join(fold(counted).lower().split()) not in _listed_nouns():
        return None
    if low[count.start() : count.end()] == "how many":  # "… which ones are not finished?": "… that are not …"
        listed = f"{question[: count.start()]}which {counted}{question[end:]}".rstrip(" ?")
        rest = re.sub(r"^(?:which ones|which|ones)\s+", "", rest)
        that = "that " if re.match(r"(?:are|is|were|was|have|has)\b", rest) else ""
        return _question_mark(f"{listed} {that}{rest}" if rest else listed)
    if counted.lower() != "nhiệm vụ":  # "mấy việc", "mấy cái" → "những nhiệm vụ nào": listed as the registers say it
        counted = "nhiệm vụ"
    narrowed = f"những {counted} nào {rest}" if rest else f"những {counted} nào"
    after = question[end:]
    if rest and parse_status(_lower(rest)) and (old := re.match(rf"\s*{_STATUS}(?!\w)", _lower(after))):
        after = after[old.end() :]  # "… mấy nhiệm vụ chưa xong?" → "cái nào chưa thực hiện": that status instead
    return _question_mark(f"{question[: count.start()]}{narrowed}{after}")


@lru_cache(maxsize=1)
def _listed_nouns() -> frozenset[str]:
    return frozenset(" ".join(fold(n).lower().split()) for n in _phrases()["listed"])


@lru_cache(maxsize=1)
def _counted_nouns() -> tuple[str, ...]:
    """What registers and reports count (retrieval/data/counted_nouns.txt and the "counted" phrases), folded."""
    nouns = [*data.lines("counted_nouns.txt"), *_phrases()["counted"]]
    return tuple(dict.fromkeys(" ".join(fold(n).lower().split()) for n in nouns))


def _topic_end(index, question: str, role: str) -> int:
    """Where what `question` is about ends: at its first slot (agency, commune, document, time…) or asking
    phrase, with the verb before that phrase ("… là bao nhiêu", "… được ban hành ngày nào")."""
    end = min((x.start for x in spans(index, question, role)), default=len(question))
    p, low = _view(question)
    m = p["ask"].search(low)
    if m and m.start() < end:
        end = m.start()
        while True:
            v = re.search(rf"(?:{p['verb'].pattern})\s*$", low[:end].rstrip())
            if not v or v.start() == 0:
                break
            end = v.start()
        # "thẻ BHYT trên VNeID | có mất phí | không": the asked attribute, with its "có", is no part of the topic
        a = re.search(rf"(?<!\w)(?:co|có)\s+(?:{p['attribute'].pattern})\s*$", low[:end].rstrip())
        if a and a.start() > 0:
            end = a.start()
    while m := re.search(r"(?<!\w)(\w+)\s*$", low[:end]):  # "… trong GRDP | của Phú Thọ": the word tying
        if fold(m.group(1)).lower() not in _CONNECTORS or m.start() == 0:  # a slot on goes with it
            break
        end = m.start()
    return end


_BODY_HEAD = re.compile(r"(?<!\w)(?:so|bo|uy ban nhan dan|ubnd|cong an|ban|cuc|tong cuc|van phong)\s+(?=\w)")


def _bodies_by_head(question: str, found: list[_Span]) -> list[_Span]:
    """ "Sở Giáo dục chủ trì …": a body the data does not know, read as its head word and the words up to
    the verb or asking phrase after it, so that "thế còn Bộ Giáo dục?" can take its place."""
    p, low = _view(question)
    folded = _lower(question)
    out = []
    for m in _BODY_HEAD.finditer(folded):
        if any(f.start <= m.start() < f.end for f in found) or (m.start() and question[m.start()].islower()):
            continue
        stop = [x.start() for x in (p["verb"].search(low, m.end()), p["ask"].search(low, m.end())) if x]
        end = min(stop, default=len(question.rstrip(" ?")))
        if 0 < len(question[m.end() : end].split()) <= 5:
            out.append(_Span("agency", m.start(), m.start() + len(question[m.start() : end].rstrip())))
    return out


@lru_cache(maxsize=1)
def _opposites() -> dict[str, str]:
    """Folded word → its opposite (data/opposite_words.tsv), both ways."""
    out = {}
    for line in data.lines("opposite_words.tsv"):
        one, other = (" ".join(fold(w).lower().split()) for w in line.split("\t")[:2])
        out[one], out[other] = other, one
    return out


def _opposite_swapped(question: str, body: str) -> str | None:
    """The last question with the word opposite to `body` replaced by it, when `body` is only such a word."""
    said = body.strip(" ?!.,")
    other = _opposites().get(" ".join(_lower(said).split()))
    if other is None:
        return None
    m = re.search(rf"(?<!\w){re.escape(other)}(?!\w)", _lower(question))
    if m is None:
        return None
    return _question_mark(question[: m.start()] + said + question[m.end() :])


def _with_value_swapped(subject: str, body: str) -> tuple[str, str] | None:
    """ "mức 1 dùng được gì" about "VNeID mức 2": ("VNeID mức 1", "dùng được gì") — a word the subject has,
    with another number after it, and what is asked about that one."""
    words = body.split()
    if words and _lower(words[0]) == "con":  # "còn mức 1 thì đăng ký thế nào": what about level 1, then
        words = words[1:]
    if len(words) > 3 and _lower(words[2]) == "thi":
        words = words[:2] + words[3:]
    if len(words) < 3 or not re.fullmatch(r"\d+|[ivx]+", _lower(words[1])) or _lower(words[0]) in stop_syllables():
        return None
    m = re.search(rf"(?<!\w){re.escape(_lower(words[0]))}\s+(\d+|[ivx]+)(?!\w)", _lower(subject))
    if not m or m.group(1) == _lower(words[1]):
        return None
    swapped = subject[: m.start(1)] + words[1] + subject[m.end(1) :]
    return swapped, _lower_first(" ".join(words[2:]))


_PLACE_HEAD = re.compile(r"(?<!\w)(?:huyen|xa|phuong|thi tran|quan|thi xa)\s+(?=\w)")


def _places_by_head(question: str, found: list[_Span]) -> list[_Span]:
    """ "huyện lâm thao có mấy nhiệm vụ": a place the data does not know, typed in lower case, read as its head
    word and at most three words up to the verb or asking phrase after it, so that "còn phường vĩnh yên" can
    take its place."""
    p, low = _view(question)
    out = []
    for m in _PLACE_HEAD.finditer(_lower(question)):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        after = m.end() + len(question[m.end() :].split()[0])  # the name's first word ("lam" of "lam thao") is no verb
        stop = [x.start() for x in (p["verb"].search(low, after), p["ask"].search(low, after)) if x]
        end = min(stop, default=len(question.rstrip(" ?")))
        if 0 < len(question[m.end() : end].split()) <= 3:
            out.append(_Span("commune", m.start(), m.start() + len(question[m.start() : end].rstrip())))
    return out


def _with_level_swapped(index, subject: str, body: str, role: str) -> tuple[str, str] | None:
    """ "ở cấp bộ có không" about "TTHCC cấp xã": ("TTHCC cấp bộ", "có không") — the level of government the
    message names in the place of the subject's, and what it asks about that one."""
    said = [s for s in spans(index, body, role, levels=True) if s.kind == "level"]
    had = [s for s in spans(index, subject, role, levels=True) if s.kind == "level"]
    if len(said) != 1 or len(had) != 1:
        return None
    new, old = (
        _LEVEL.fullmatch(_lower(body[said[0].start : said[0].end])),
        _LEVEL.fullmatch(_lower(subject[had[0].start : had[0].end])),
    )
    if not new or not old or (new.group("a") or new.group("b")) == (old.group("a") or old.group("b")):
        return None
    level = f"cấp {_LEVEL_SPELLED[new.group('a') or new.group('b')]}"
    before = re.sub(r"(?:^|\s)(?:ở|o)\s*$", "", body[: said[0].start], flags=re.I)  # "ở cấp bộ | thì có không"
    after = re.sub(r"^\s*(?:thì|thi)(?!\w)", "", body[said[0].end :], flags=re.I)
    return subject[: had[0].start] + level + subject[had[0].end :], _lower_first(" ".join(f"{before} {after}".split()))


def _swap_by_head(question: str, body: str) -> str | None:
    """ "mức 1 thì sao?" after "… mức 2 …": the same head word with another value."""
    words = body.split()
    if not 1 < len(words) <= 3:
        return None
    head = _lower(words[0])
    if head in stop_syllables():
        return None
    low = _lower(question)
    m = re.search(rf"(?<!\w){re.escape(head)}(?:\s+\S+){{{len(words) - 1}}}", low)
    if not m:  # "thế phó trưởng ban?" after "… ai làm trưởng ban?": the phrase, said more fully
        tail = " ".join(_lower(w) for w in words[1:])
        m = re.search(rf"(?<!\w){re.escape(tail)}(?!\w)", low) if len(words) > 2 else None
        if not m:
            return None
    return question[: m.start()] + body + question[m.end() :]


_TASK_CODE = re.compile(r"(?<![\w-])[a-z]{2,5}\d*-(?:[a-z]+-)?\d{1,3}(?![\w-])")  # "NQ03-131", "PT-HBIN-03", "hbin-03"


def _counts_tasks(q: Query) -> bool:
    """A question of the task registers: tasks counted, listed or tracked ("có bao nhiêu nhiệm vụ quá hạn")."""
    tracked = {"count", "list", "overdue", "upcoming", "open"} & set(q.intents)
    return bool(tracked) and bool(re.search(r"\b(?:nhiem vu|viec|tasks?)\b", q.folded))


def _without_tasks(index, subject: str, role: str, today: date) -> bool:
    """The last subject is documents only, none of which a task register is of ("Đề án 06"; not "NQ 03", whose
    Appendix II is one): a task question carries nothing of it."""
    q = read_query(index, subject, role, today)
    if not q.documents or q.agencies or q.communes or q.provinces or q.bodies:
        return False
    registers = [d for d in index.documents.values() if d.columns and visible(d.access, role)]
    of_registers = {m for d in registers for m in mentioned_documents(index, d.title)}
    return not (q.documents & of_registers)


def _names_something(q: Query, text: str, found: list[_Span]) -> bool:
    """The message names what it is about: a document, agency, commune, province, year or period, or a
    name written as one ("VNeID", "Cổng Dịch vụ công")."""
    if q.documents or q.agencies or q.communes or q.provinces or q.bodies or q.years or q.period or found:
        return True
    if asks_home(q.folded, "province") or asks_home(q.folded, "commune"):
        return True  # "tỉnh mình …", "xã mình …": the asker's own place (retrieval/home.py)
    if _TASK_CODE.search(text.lower()):
        return True  # "hbin-03 ai phối hợp": a task's code names the task, whatever the last question's place
    p, low = _view(text)
    if p["name"].search(low):
        return True  # "vneid", "bhyt" typed in lower case
    words = re.findall(r"\w+", text)
    for i, w in enumerate(words):
        if any(ch.isupper() for ch in w[1:]) and any(ch.islower() for ch in w):
            return True  # VNeID, VssID
        if i > 0 and w[0].isupper() and not w.isupper():
            return True  # "… Cổng Dịch vụ công …"
        if len(w) >= 2 and w.isupper() and w.isalpha():
            return True  # PII, BHYT, TTHCC
    return False


def _stands_alone(index, q: Query, context: Context) -> bool:
    """Whether a question that names nothing is a new one, by what the passages hold.

    Its own words all in one passage: new (always when that passage is in a document the last answer did
    not cite and the question has ELSEWHERE_TERMS words of its own; "văn bản nào quy định?" has four),
    unless it is short and that passage is in a document the last answer cited ("giai đoạn cấp bách đến
    khi nào?" right after Kế hoạch 02) or a passage holds
    its words with the last subject's ("ai chủ trì?" after a task). Its words nowhere together: a
    short question ("cần mang gì?") is about the last subject; a longer one is asked with the last
    subject's strongest words only when some passage holds both, else it stands alone."""
    if not q.terms or _only_attributes(q):  # "ai phụ trách?", "lệ phí bao nhiêu?": about the last subject
        return False
    terms = _own_terms(q)  # "xây dựng | mất bao lâu": the words that ask are no subject of its own
    n = len(terms)
    if (context.items or context.entity) and n >= 2 and _patterns(False)["defines"].search(_lower(q.question)):
        return True  # "chuyển đổi số là gì?" after a register's tasks: what a thing is, not more of the tasks
    if _names_unknown_thing(index, q):
        return True  # "hộ chiếu làm ở đâu?" after VNeID: a thing no passage names is no part of the last subject
    best, where = max(_covers(index, q.search_text, terms), default=(0.0, None))
    cited = best >= MIN_OWN_COVERAGE and where in context.documents  # "the dien tu xem o dau" in the guide cited
    if context.status == "not_found" and not cited and not _shares_words(index, q, context):
        return True  # "lam giay phep xay dung can gi", "muc 2 o dau" after a not-found: nothing of it is asked
    if best >= MIN_OWN_COVERAGE:
        if n >= FULL_QUESTION_TERMS:
            return True
        if where in context.documents:
            return False
        if n >= ELSEWHERE_TERMS:  # "trang web dịch vụ công quốc gia là gì" after VNeID: another guide answers it
            return True
        return not _fits_subject(index, q, context, terms)
    if n < MIN_OWN_TERMS:
        return False
    return not _fits_subject(index, q, context, terms)


def _shares_words(index, q: Query, context: Context) -> bool:
    """Some content word of the question is one of the last subject's (folded); a question typed without
    diacritics read as the corpus writes it ("the dien tu" is "thẻ điện tử", not "thế")."""
    mine = q if has_diacritics(q.question) else read_text(accented(index, q.question))
    last = read_text(context.subject or context.question)
    return bool({fold(t).lower() for t in (*q.terms, *mine.terms)} & {fold(t).lower() for t in last.terms})


def _names_unknown_thing(index, q: Query) -> bool:
    """The question names a thing — two content words side by side, beyond the words that ask about a subject
    ("hộ chiếu", "kết hôn") — that no passage has side by side: it is not asking more about the last subject."""
    rest = " ".join(syllables(_without_attributes(q)))
    content = [fold(t).lower() for t in q.terms]
    pairs = [f"{a} {b}" for a, b in pairwise(content) if f" {a} {b} " in f" {rest} "]
    return bool(pairs) and pairs[0] not in _word_pairs(index)


def _without_attributes(q: Query) -> str:
    """The question folded, as read (its terms' words: "ap dung" is read "ứng dụng"), without the words that
    ask about a subject ("đăng ký kết hôn" → "kết hôn")."""
    return _patterns(False)["attribute"].sub(" ", _lower(q.text))


def _word_pairs(index) -> frozenset[str]:
    """Every two syllables side by side in some passage, folded (once per build)."""
    key = "followup-word-pairs"
    if key not in index.cache:
        pairs: set[str] = set()
        for passage in index.passages:
            words = syllables(fold(passage.text).lower())
            pairs.update(f"{a} {b}" for a, b in pairwise(words))
        index.cache[key] = frozenset(pairs)
    return index.cache[key]


def _only_attributes(q: Query) -> bool:
    """Every content word asks about something rather than names it ("cần mang", "sản phẩm")."""
    p, low = _view(q.question)
    accented = has_diacritics(q.question)
    words = " ".join(q.terms)
    if not p["attribute"].sub(" ", words if accented else fold(words).lower()).strip():
        return True
    # Read in the question as typed too: "tiến độ sao rồi" has the term "tiến" of the attribute "tiến độ".
    typed = [t.lower() if accented else fold(t).lower() for t in q.terms]
    left = set(syllables(p["attribute"].sub(" ", low)))
    return all(t in set(syllables(low)) for t in typed) and not any(t in left for t in typed)


def _own_terms(q: Query) -> tuple[str, ...]:
    """The question's terms without the words of its asking words ("xây dựng | mất bao lâu"; the "ask" row of
    followup_phrases.tsv); all of them when nothing else is left."""
    if len(q.terms) >= FULL_QUESTION_TERMS:
        return q.terms  # a long question is judged by all its words
    p, low = _view(q.text)  # as read: "web nộp hồ sơ" is the portal's name there
    accented = has_diacritics(q.text)
    left = set(syllables(p["ask_word"].sub(" ", low)))
    own = tuple(t for t in q.terms if (t.lower() if accented else fold(t).lower()) in left)
    return own or q.terms


def _fits_subject(index, q: Query, context: Context, terms: tuple[str, ...] | None = None) -> bool:
    """One passage holds the question's words (`terms`, all of them by default) and the last subject's."""
    subject = read_text(context.subject or context.question)
    joint = _covers(index, f"{subject.search_text} {q.search_text}", terms or q.terms, subject.terms)
    return any(mine >= MIN_OWN_COVERAGE and theirs >= MIN_SUBJECT_COVERAGE for mine, theirs, _ in joint)


def _covers(index, search_text: str, *groups: tuple[str, ...]) -> list[tuple]:
    """For each of BM25's best passages for `search_text`: the IDF-weighted share of each group of terms
    it holds, then its document."""
    weights = [{t: _idf(index, t) for t in dict.fromkeys(fold(t) for t in terms)} for terms in groups]
    scores = index.bm25.get_scores(query_tokens(search_text))
    if not len(scores) or scores.max() <= 0:
        return []
    out = []
    for i in np.argpartition(-scores, min(TOP, len(scores) - 1))[:TOP]:
        if scores[i] <= 0:
            continue
        held = {fold(t) for t in index.terms_of(int(i))}
        shares = [sum(v for t, v in w.items() if t in held) / (sum(w.values()) or 1) for w in weights]
        out.append((*shares, index.passages[int(i)].doc_id))
    return out


def _idf(index, term: str) -> float:
    return math.log(1 + len(index.passages) / (1 + index.df.get(term, 0)))


def _strongest(index, subject: str) -> str:
    """The run of at most SUBJECT_WORDS words of the subject with the most BM25 weight: what a weak
    question lacks, still a phrase a person can read."""
    words = subject.split()
    if len(words) <= SUBJECT_WORDS:
        return subject
    # A name or a number ("Phường Âu Cơ", "NQ 03", "2030") weighs double: the window keeps it if it can.
    weights = [
        _idf(index, fold(w).lower().strip(",.;:")) * (2 if re.search(r"[A-ZĐ\d]", w) and i else 1)
        for i, w in enumerate(words)
    ]
    best = max(range(len(words) - SUBJECT_WORDS + 1), key=lambda i: sum(weights[i : i + SUBJECT_WORDS]))
    return " ".join(words[best : best + SUBJECT_WORDS]).strip(" ,;:")


# --- what a turn leaves behind ------------------------------------------------------------------------


def subject_of(question: str) -> str:
    """ "Quyết định 06/QĐ-TTg ai ký?" → "Quyết định 06/QĐ-TTg": the question without what it asks."""
    text = _in_full(nfc(question).strip()).rstrip(" ?!.")
    text = _CONTRACTED.sub(r"\1 is", text)  # "what's a one-stop centre": "what is …", not "'s a one-stop centre"
    accented = has_diacritics(text)
    for _ in range(3):
        p, low = _view(text)
        asks = list(p["ask"].finditer(low))
        if not asks and has_diacritics(text):  # "Thẻ điện tử con dung duoc khong": asked without diacritics
            p, low = _patterns(False), _lower(text)  # only words typed so: "Âu Cơ phải" is no "có phải"
            asks = [m for m in p["ask"].finditer(low) if not has_diacritics(text[m.start() : m.end()])]
            accented = False
        cut = []
        for m in asks:
            start, end = m.start(), m.end()
            if _MID_NOT.fullmatch(low[start:end]) and re.match(r"\s+[^\W\d_]", low[end:]):
                continue  # "… giao dịch không dùng tiền mặt …": "không" asks only at the end
            while True:
                v = re.search(rf"(?:{p['verb'].pattern})\s*$", low[:start].rstrip())
                asked = low[m.start() : m.end()]  # "… phê duyệt | đề án gì": what; not "lệ phí làm căn cước |
                what = re.search(r"(?:gì|nào)$", asked) and not re.search(r"thế nào|như nào", asked)  # bao nhiêu"
                if not v and accented and what:  # "… có địa chỉ web là gì", "… phê duyệt đề án gì": asked
                    v = re.search(rf"(?:{p['verb'].pattern})((?:\s+[^\W\d_]+){{1,3}})\s*$", low[:start].rstrip())
                    if v and (v.start() == 0 or not text[v.start(1) : v.end(1)].islower()):
                        v = None
                if not v:  # (typed without diacritics, "dat dai" is no "đạt": only the verb next to it)
                    break
                start = v.start()
            if p["count"].search(low[m.start() : m.end()]):  # "bao nhiêu | trụ cột": what is counted is asked
                end = _counted_end(text, low, end, p)
            while True:
                v = re.match(rf"\s*(?:{p['verb'].pattern})", low[end:])
                if not v:
                    break
                end += v.end()
            tail = text[end:]
            short = tail.islower() and len(tail.split()) <= 3 and not p["ask"].search(low[end:])
            if accented and end < len(text) and short and not re.search(r"\d", tail):  # "ai ký | nghị quyết 57"
                end = len(text)  # "… do ai làm | trưởng ban": the rest only says more of what is asked
            cut.append((start, end))
        if not cut:
            break
        for start, end in reversed(cut):
            text = text[:start] + " " + text[end:]
        text = " ".join(text.split())
    text = text.strip(" ,;:-")
    p, low = _view(text)
    m = p["filler"].search(low)
    if m and m.start() > 0:  # "mã số bhxh bây giờ" → "mã số bhxh", "Phú Thọ giờ tổng cộng" → "Phú Thọ"
        text = text[: m.start()].strip(" ,;:-")
    m = re.match(r"(?:mà|thế|vậy)\s+(?=\S)", text, re.IGNORECASE)  # with its marks: "ma so" is "mã số"
    if m:  # "Mà Phú Thọ …", "Thế Bộ Y tế …": the opening says how it was asked, not what about
        text = text[m.end() :]
    while (m := re.search(r"\s+(\w+)$", text)) and fold(m.group(1)).lower() in {*_CONNECTORS, "thi"}:
        text = text[: m.start()]  # "What is Resolution 57 about" → "Resolution 57"
    p, low = _view(text)
    head = p["asked_head"].match(low)
    if head and head.end() < len(text):  # "Lệ phí làm định danh mức 2" → "định danh mức 2": what was asked goes
        rest = text[head.end() :].lstrip()
        p, low = _view(rest)
        verb = p["verb"].match(low)
        text = rest[verb.end() :].lstrip() if verb and verb.end() < len(rest) else rest
    made = re.match(r"(?:làm|lam)\s+(?=\S+\s+\S)", text, re.IGNORECASE)
    if made:  # "làm tài khoản định danh mức 2 | ở đâu": about the account, not about making it
        text = text[made.end() :]
    if not accented and language_of(question) == "en":  # "Hanoi get in PII 2025" → "Hanoi in PII 2025"
        _, verbs, _ = _english_table()
        words = [w for w in text.split() if w.lower() not in _ENGLISH_ASKER]  # "do I register …": not about "I"
        kept = [w for w in words if not verbs.fullmatch(w.lower())]
        text = " ".join(kept or words)
    return text if len(syllables(fold(text).lower())) >= 1 else ""


_ENGLISH_ASKER = {"i", "we", "you", "me", "my", "our", "do", "does", "did", "can", "could", "should", "must", "to"}
_ENGLISH_ASKER |= {"how", "what", "when", "where", "who", "which", "why"}  # "how do I get a level 2 VNeID account"
_MID_NOT = re.compile(r"không|khong|chưa|chua|not")
_CONTRACTED = re.compile(r"(?<!\w)(what|who|where|when|how|which)['’]s(?!\w)", re.IGNORECASE)
_LIST_LINE = re.compile(r"^\s*(\d+)\.\s+(.*)$")
POINT_LINE = re.compile(r"^\s*(?:[-•]|\d+\.)\s+(.*\S)\s*$")  # a line of a list quoted in an answer
_LABEL = re.compile(r"\(([^()]+)\)(?=;|$)")


def remember(index, resolution: Resolution, answer, last: Context | None = None) -> Context | None:
    """What the conversation keeps after `answer`: None when there is nothing to continue from."""
    if resolution.kind == "more" and last is not None:
        return replace(last, shown=len(last.items))  # the whole list is on screen now
    if resolution.kind == "greeting":
        return last  # "cảm ơn" between two questions: the next one still continues the last answer
    if resolution.kind == "point" and last is not None:  # "cái thứ 3 là gì?" then "còn cái cuối?": the same list
        shown = _SHOWN_LINE.match(answer.text)
        return replace(
            last, pointed=shown.group(1) if shown else "", point_question=last.point_question or last.question
        )
    if answer.status == "rejected" or resolution.query.out_of_service:
        return None
    lines = [m.group(2) for m in map(_LIST_LINE.match, answer.text.splitlines()) if m]
    shown = len(lines)
    labels = [_label(line) for line in (*lines, *answer.more)]
    titles = _titles(index, answer, resolution.query.role)
    items = tuple((label, titles.get(label, "")) for label in labels if label and titles.get(label))
    shown = min(shown, len(items))
    entity: tuple[str, ...] = ()
    if len(items) == 1:
        entity = items[0]
    elif not lines and (named := _named_task(resolution.question, titles)):
        entity = named  # "what is task NQ03-075 about": that task, whichever the answer happens to open with
    elif not lines and titles:  # the task the answer opens with, not a zero count's cited source
        at = {(label, title): _position(answer.text, label, title) for label, title in titles.items()}
        named = sorted((where, task) for task, where in at.items() if where >= 0)
        if named and (len(named) == 1 or named[0][0] <= _OPENS):
            entity = named[0][1]
    if not entity and last is not None and resolution.kind in ("item", "fill"):
        entity = last.entity  # "ai chủ trì?" then "sản phẩm là gì?": still that task
    topic = ""
    # A question of its own is about what it says, without the frame it was typed in ("còn tăng trưởng GRDP").
    # Typed without diacritics, read as the corpus writes it: "vneid muc 2 thay the dc giay to gi" is about
    # "VNeID mức 2", what it asks ("thay thế được giấy tờ gì") found as in a question typed with them, and the
    # "the" of "the bhyt giay mat …" is "thẻ", no "thế" opening a frame.
    written = resolution.question
    if not has_diacritics(written):  # its names as the data spells them first: "phu tho" is "Phú Thọ" whole,
        written = accented(index, _names_spelled(index, written, resolution.query.role))  # never "phu thọ"
    asked = unframe(written)[0] if resolution.kind == "standalone" else written
    subject = subject_of(asked)
    if resolution.kind in ("item", "fill", "expand") and last is not None:
        topic = last.topic or last.question
        if not items:  # "nhiệm vụ thứ 3 thì sao?" still refers to the list after a question about the 2nd
            items, shown = last.items, last.shown
        if resolution.kind != "item" and last.subject:
            subject = last.subject  # asked more about the same thing: it stays the subject
    point_lines = [] if items else [m.group(1) for x in answer.text.splitlines() if (m := POINT_LINE.match(x))]
    point_names = tuple(_opening_name(index, line, resolution.query.role) for line in point_lines)
    point_question = ""
    if not point_lines and not items and last is not None and resolution.kind in ("item", "fill", "expand", "section"):
        point_lines, point_names = [""] * last.points, last.point_names  # "cái thứ 3?" after "cái thứ 2 …": that list
        point_question = last.point_question or last.question if last.points else ""
    return Context(
        resolution.question,
        subject,
        resolution.query.role,
        answer.status,
        items,
        shown,
        tuple(dict.fromkeys(c.source.doc_id for c in answer.citations)),
        topic,
        entity,
        len(point_lines),
        point_names if any(point_names) else (),
        point_question,
    )


def _opening_name(index, line: str, role: str) -> str:
    """The place, commune or agency a list line opens with ("TP. Hồ Chí Minh: 59,33 điểm"), or ""."""
    first = min((s for s in spans(index, line, role) if s.kind != "time"), key=lambda s: s.start, default=None)
    return line[first.start : first.end] if first and first.start == 0 and first.kind != "document" else ""


_OPENS = 15  # "Nhiệm vụ «…»": an answer that names a task this early is about it


def _named_task(question: str, titles: dict[str, str]) -> tuple[str, str] | None:
    """The one cited task whose code the question types ("NQ03-075", "pt-auco-02"), else None."""
    named = [
        (label, title)
        for label, title in titles.items()
        if re.search(r"[^\W\d_]", label) and re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", question, re.I)
    ]
    return named[0] if len(named) == 1 else None


def _position(text: str, label: str, title: str) -> int:
    """Where `text` first names the task (its title or its label), -1 when it does not."""
    found = [i for i in (text.find(title), text.find(label)) if i >= 0]
    return min(found, default=-1)


def _label(line: str) -> str | None:
    m = _LABEL.search(line)
    return m.group(1).strip() if m else None


def _titles(index, answer, role: str) -> dict[str, str]:
    """Task label → full title, for the register rows the answer cites."""
    rows = _task_rows(index, role)
    cited = sorted(rows[c] for c in {c.passage.chunk_id for c in answer.citations} if c in rows)
    out: dict[str, str] = {}
    for _, label, title in cited:  # in register order, as a pass over every row found them
        out.setdefault(label, title)
    return out


def _task_rows(index, role: str) -> dict[str, tuple[int, str, str]]:
    """Per build and role, once: a task row's passage id → (its place in the registers, label, title)."""
    tasks = tables(index, role).tasks
    key = ("followup-task-rows", id(tasks))
    found = index.cache.get(key)
    if found is None or found[0] is not tasks:
        rows = {f"{t.doc_id}#{t.row}": (i, _label_of(t), t.title) for i, t in reversed(list(enumerate(tasks)))}
        found = index.cache[key] = (tasks, rows)
    return found[1]


def _task_places(index, role: str) -> dict[tuple[str, str], str]:
    """Per build and role, once: (title, label) → the commune of the first task so named ("" for none)."""
    tasks = tables(index, role).tasks
    key = ("followup-task-places", id(tasks))
    found = index.cache.get(key)
    if found is None or found[0] is not tasks:
        places: dict[tuple[str, str], str] = {}
        for t in tasks:
            places.setdefault((t.title, _label_of(t)), t.commune)
        found = index.cache[key] = (tasks, places)
    return found[1]


__all__ = ["Context", "Resolution", "after_reset", "is_reset", "remember", "resolve", "subject_of", "unframe"]
