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

import numpy as np

from . import data
from .query import Query, named_bodies, read_query, read_text
from .question import parse_period, province_names
from .registers import tables
from .text import fold, has_diacritics, nfc, query_tokens, stop_syllables, syllables

# A question that names nothing (set on dialogues-tune.jsonl and on the tuning question sets asked in a row):
MIN_OWN_TERMS = 4  # shorter, with its words in no one passage: about the last subject
MIN_OWN_COVERAGE = 0.75  # the IDF-weighted share of its words one of BM25's best passages must hold …
MIN_SUBJECT_COVERAGE = 0.5  # … and of the last subject's words, for the question to fit that subject
FULL_QUESTION_TERMS = 6  # this many words, all held by one passage: a new question, whatever came before
TOP = 5  # BM25's best passages looked at
SUBJECT_WORDS = 10  # a longer weak question carries at most this many of the last subject's strongest words
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

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Context:
        obj = json.loads(text)
        obj["items"] = tuple(tuple(i) for i in obj.get("items", ()))
        obj["documents"] = tuple(obj.get("documents", ()))
        return cls(**obj)


@dataclass(frozen=True)
class Resolution:
    """The question to answer for a message, and how it was read."""

    message: str  # as typed
    question: str  # the standalone question answered
    query: Query
    kind: str  # standalone | swap | fill | item | more | expand
    understood_as: str | None = None  # `question` when it is not the message itself


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


@lru_cache(maxsize=2)
def _patterns(accented: bool = False) -> dict[str, re.Pattern]:
    """The phrase patterns, matched in the lower-case message as typed when it has diacritics ("Âu Cơ"
    is no "có"), else in its folded form."""
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
        "more": re.compile(rf"^(?:{alt('more')})$"),
        "reset": re.compile(rf"^(?:{alt('reset')})(?!\w)[\s,.:!-]*"),
        "refer": re.compile(rf"(?<!\w)(?:{alt('refer')})(?!\w)"),
        "item": re.compile(
            rf"(?<!\w)(?:(?:{item})\s+{nth}(?P<a>{ordinal})|(?:the\s+)?(?P<b>{ordinal})\s+(?:{item}))(?!\w)"
        ),
        "ask": re.compile(rf"(?<!\w)(?:{alt('ask')}|{asking_alt})(?!\w)"),
        "verb": re.compile(rf"(?<!\w)(?:{alt('verb')})(?!\w)"),
        "name": re.compile(rf"(?<!\w)(?:{alt('name')})(?!\w)"),
        "which": re.compile(rf"(?<!\w)(?:{alt('which')})(?!\w)"),
        "attribute": re.compile(rf"(?<!\w)(?:{alt('attribute')})(?!\w)"),
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
    text = nfc(message).strip()
    framed = False
    for _ in range(2):
        trimmed = text.rstrip(" ?!.…")
        if trimmed != text and trimmed:
            text = trimmed
        m = _patterns()["open"].match(_lower(text))  # folded: "thi sao" typed in an accented message
        if m and m.end() < len(text):
            text, framed = text[m.end() :].strip(" ,"), True
        m = _patterns()["close"].search(_lower(text))
        if m and m.start() > 0:
            text, framed = text[: m.start()].strip(" ,"), True
    return text, framed


# --- spans of slots in a question ------------------------------------------------------------------

_DOC = re.compile(
    r"(?<!\w)(?:nghi quyet|nq|quyet dinh|qd|nghi dinh|nd|chi thi|ct|ke hoach|kh|quy che|qc|quy dinh|thong tu|tt"
    r"|de an|chuong trinh|resolution|decision|decree|directive|plan|project|programme|program)"
    r"\s*(?:so\s*)?\d{1,4}(?:[-/][\w&.-]+(?:/[\w&.-]+)*)?"
)
_DOC_NUMBER = re.compile(r"(?<![\w/-])\d{1,4}[-/](?:\d{4}/)?[a-z&]{2,}(?:[-/][\w&]+)*")
_TIME = re.compile(
    r"(?<![\w/.-])(?:(?:tinh den|den het|den|truoc|trong|tu|vao)\s+)?"
    r"(?:(?:ngay\s+)?\d{1,2}/\d{1,2}/\d{4}|(?:thang\s+)?\d{1,2}/\d{4}|quy\s+(?:iv|i{1,3}|[1-4])(?:\s*/\s*\d{4}|\s+nam\s+\d{4})?"
    r"|(?:nam\s+)?(?:19|20)\d\d)(?![\w/-])"
)
_COMMUNE_HEAD = re.compile(r"(?:xa|phuong|thi tran|dac khu)\s+$")


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
        groups = []
        for group, keys in (("c", t.communes), ("a", t.agencies), ("p", province_names())):
            words = sorted((k for k in keys if len(k) >= 3), key=len, reverse=True)
            groups.append(f"(?P<{group}>{'|'.join(re.escape(k) for k in words)})")
        index.cache[key] = re.compile(rf"(?<!\w)(?:{'|'.join(groups)})(?!\w)")
    return index.cache[key]


def spans(index, text: str, role: str) -> list[_Span]:
    """Where `text` names an agency, commune, province, document or time, as non-overlapping spans."""
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
        found.append(_Span(kind, start, m.end()))
    for body in named_bodies(text.lower(), has_diacritics(text), text):
        kind = "commune" if re.match(r"(?:xa|phuong|thi tran|dac khu) ", body) else "agency"
        for m in re.finditer(rf"(?<!\w){re.escape(body)}(?!\w)", low):
            found.append(_Span(kind, m.start(), m.end()))
    for m in _TIME.finditer(low):
        found.append(_Span("time", m.start(), m.end()))
    # Longest first; a commune spelled with its "phường" beats the province of the same name.
    order = {"document": 0, "commune": 1, "agency": 2, "province": 3, "time": 4}
    found.sort(key=lambda s: (-(s.end - s.start), order[s.kind]))
    chosen: list[_Span] = []
    for s in found:
        if all(s.end <= c.start or s.start >= c.end for c in chosen):
            chosen.append(s)
    return sorted(chosen, key=lambda s: s.start)


def _only_names(text: str, found: list[_Span]) -> bool:
    """Nothing but the names (and little words like "của", "năm"): a slot given on its own."""
    rest = text
    for s in sorted(found, key=lambda s: -s.start):
        rest = rest[: s.start] + " " + rest[s.end :]
    words = [w for w in re.findall(r"\w+", _lower(rest))]
    return bool(found) and all(w in _CONNECTORS for w in words)


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
    # Read without the index first (cached, and the answer path reads it anyway): the names come from spans.
    own = read_text(text)
    body, framed = unframe(text)
    found_spans = spans(index, body, role)
    if own.out_of_service and not found_spans:
        return standalone()
    if _patterns()["more"].match(_lower(body).strip(" .!?")):
        if len(context.items) > context.shown:
            return _resolved(index, text, context.question, role, today, "more")
        return standalone()
    p, seen = _view(body)
    names = _names_something(own, text, found_spans) or parse_period(own.folded, today) is not None
    item = p["item"].search(seen)
    if item and context.items and (item.start() == 0 or not names):
        found = _item(index, text, body, item, context, role, today)
        if found:
            return found
    if _only_names(body, found_spans):
        swapped = _swap(index, context, body, found_spans, role)
        if swapped:
            return _resolved(index, text, swapped, role, today, "swap")
    which = p["which"].search(seen) if context.items and all(x.kind == "time" for x in found_spans) else None
    if which:  # "cái nào chưa hoàn thành?", "cái nào hạn năm 2025?" after a list: which of those tasks
        body = body[: which.start()] + "nhiệm vụ nào" + body[which.end() :]
        subject = context.subject or context.question.rstrip(" ?")
        return _resolved(index, text, _question_mark(f"{subject} {body}"), role, today, "fill")
    if names:
        return standalone()
    if framed:
        head = _swap_by_head(context.question, body)
        if head:
            return _resolved(index, text, head, role, today, "swap")
    refer = p["refer"].search(seen)
    if not refer and not framed and _stands_alone(index, own, context):
        return standalone()
    subject = context.subject or context.question.rstrip(" ?")
    kind = "fill"
    if not refer and len(own.terms) >= MIN_OWN_TERMS:
        subject, kind = _strongest(index, subject), "expand"
    if refer:
        question = body[: refer.start()] + subject + body[refer.end() :]
    else:
        question = f"{subject} {_lower_first(body)}"
    return _resolved(index, text, _question_mark(question), role, today, kind)


def _resolved(index, message: str, question: str, role: str, today: date, kind: str) -> Resolution:
    question = " ".join(question.split())
    query = read_query(index, question, role, today)
    return Resolution(message, question, query, kind, question if question != message else None)


def _question_mark(text: str) -> str:
    return text.rstrip(" ?.!") + "?"


def _lower_first(text: str) -> str:
    """ "Ai chủ trì" → "ai chủ trì" inside a longer question; names ("Bộ …", "VNeID") keep their capital."""
    if len(text) > 1 and text[0].isupper() and text[1].islower() and " " in text:
        p, low = _view(text.split()[0])
        if fold(low) in stop_syllables() or p["ask"].match(low) or p["verb"].match(low):
            return text[0].lower() + text[1:]
    return text


_ITEM_QUESTION = re.compile(r"^Nhiệm vụ «.*» \([^()]*\) (.+)$")


def _item(index, message: str, body: str, m: re.Match, context: Context, role: str, today: date):
    position = _ORDINAL_OF[m.group("a") or m.group("b")]
    if position == -1:
        position = len(context.items)
    if not 1 <= position <= len(context.items):
        return None
    label, title = context.items[position - 1]
    rest = (body[: m.start()] + " " + body[m.end() :]).strip(" ,?")
    asked_before = _ITEM_QUESTION.match(context.question)
    if not rest and asked_before:  # "còn nhiệm vụ thứ 3?" after "nhiệm vụ thứ 2 hạn khi nào?"
        rest = asked_before.group(1).rstrip("?")
    rest = re.sub(r"^(?:là\s+)?(?:gì|là gì)$", "là gì", rest) or "là gì"
    commune = next((t.commune for t in tables(index, role).tasks if t.title == title and _label_of(t) == label), "")
    where = f", {commune}" if commune else ""  # the same report title is every commune's: say whose
    question = _question_mark(f"Nhiệm vụ «{title}» ({label}{where}) {_lower_first(rest)}")
    found = _resolved(index, message, question, role, today, "item")
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


def _swap(index, context: Context, body: str, new: list[_Span], role: str) -> str | None:
    """The last question with each slot `body` names replaced by it; a slot it did not have is added.
    After a question about one item of a list ("nhiệm vụ thứ 2 làm ở đâu?"), a slot the item question
    lacks is swapped in the question the list answered ("vậy còn xã Xuân Đài" → that commune's tasks)."""
    base = context.question
    if context.topic and context.topic != base:
        kinds = {x.kind for x in spans(index, base, role)}
        topic_kinds = {x.kind for x in spans(index, context.topic, role)}
        if _ITEM_QUESTION.match(base) or any(s.kind not in kinds and s.kind in topic_kinds for s in new):
            base = context.topic
    old = spans(index, base, role)
    question = base
    appended: list[str] = []
    changes: list[tuple[_Span, str]] = []
    for s in new:
        value = body[s.start : s.end]
        same = [o for o in old if o.kind == s.kind or {o.kind, s.kind} <= {"commune", "province"}]
        same = [o for o in same if all(o is not c for c, _ in changes)]
        if not same:
            appended.append(value)
            continue
        was = question[same[0].start : same[0].end]
        if s.kind == "time" and re.fullmatch(r"(?:19|20)\d\d", value) and re.search(r"\d{4}$", was):
            value = was[:-4] + value  # "còn đến 2045?" after "… đến 2030 …": only the year changes
        changes.append((same[0], value))
    for o, value in sorted(changes, key=lambda c: -c[0].start):
        question = question[: o.start] + value + question[o.end :]
    if appended:
        question = question.rstrip(" ?") + " " + " ".join(appended) + "?"
    return question if question != context.question else None


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
    if not m:
        return None
    return question[: m.start()] + body + question[m.end() :]


def _names_something(q: Query, text: str, found: list[_Span]) -> bool:
    """The message names what it is about: a document, agency, commune, province, year or period, or a
    name written as one ("VNeID", "Cổng Dịch vụ công")."""
    if q.documents or q.agencies or q.communes or q.provinces or q.bodies or q.years or q.period or found:
        return True
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

    Its own words all in one passage: new, unless it is short and that passage is in a document the
    last answer cited ("giai đoạn cấp bách đến khi nào?" right after Kế hoạch 02) or a passage holds
    its words with the last subject's ("ai chủ trì?" after a task). Its words nowhere together: a
    short question ("cần mang gì?") is about the last subject; a longer one is asked with the last
    subject's strongest words only when some passage holds both, else it stands alone."""
    n = len(q.terms)
    if n == 0 or _only_attributes(q):
        return False
    best, where = max(_covers(index, q.search_text, q.terms), default=(0.0, None))
    if best >= MIN_OWN_COVERAGE:
        if n >= FULL_QUESTION_TERMS:
            return True
        if where in context.documents:
            return False
        return not _fits_subject(index, q, context)
    if n < MIN_OWN_TERMS:
        return False
    return not _fits_subject(index, q, context)


def _only_attributes(q: Query) -> bool:
    """Every content word asks about something rather than names it ("cần mang", "sản phẩm")."""
    p, _ = _view(q.question)
    words = " ".join(q.terms)
    rest = p["attribute"].sub(" ", words if has_diacritics(q.question) else fold(words).lower())
    return not rest.strip()


def _fits_subject(index, q: Query, context: Context) -> bool:
    """One passage holds the question's words and the last subject's."""
    subject = read_text(context.subject or context.question)
    joint = _covers(index, f"{subject.search_text} {q.search_text}", q.terms, subject.terms)
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
    """The subject's strongest content words (BM25 weight), in their order: what a weak question lacks."""
    words = subject.split()
    if len(words) <= SUBJECT_WORDS:
        return subject
    ranked = sorted(range(len(words)), key=lambda i: -_idf(index, fold(words[i]).lower()))
    keep = sorted(ranked[:SUBJECT_WORDS])
    return " ".join(words[i] for i in keep)


# --- what a turn leaves behind ------------------------------------------------------------------------


def subject_of(question: str) -> str:
    """ "Quyết định 06/QĐ-TTg ai ký?" → "Quyết định 06/QĐ-TTg": the question without what it asks."""
    text = nfc(question).strip().rstrip(" ?!.")
    for _ in range(3):
        p, low = _view(text)
        cut = []
        for m in p["ask"].finditer(low):
            start, end = m.start(), m.end()
            while True:
                v = re.search(rf"(?:{p['verb'].pattern})\s*$", low[:start].rstrip())
                if not v:
                    break
                start = v.start()
            while True:
                v = re.match(rf"\s*(?:{p['verb'].pattern})", low[end:])
                if not v:
                    break
                end += v.end()
            cut.append((start, end))
        if not cut:
            break
        for start, end in reversed(cut):
            text = text[:start] + " " + text[end:]
        text = " ".join(text.split())
    text = text.strip(" ,;:-")
    return text if len(syllables(fold(text).lower())) >= 1 else ""


_LIST_LINE = re.compile(r"^\s*(\d+)\.\s+(.*)$")
_LABEL = re.compile(r"\(([^()]+)\)(?=;|$)")


def remember(index, resolution: Resolution, answer, last: Context | None = None) -> Context | None:
    """What the conversation keeps after `answer`: None when there is nothing to continue from."""
    if resolution.kind == "more" and last is not None:
        return replace(last, shown=len(last.items))  # the whole list is on screen now
    if answer.status == "rejected" or resolution.query.out_of_service:
        return None
    lines = [m.group(2) for m in map(_LIST_LINE.match, answer.text.splitlines()) if m]
    shown = len(lines)
    labels = [_label(line) for line in (*lines, *answer.more)]
    titles = _titles(index, answer, resolution.query.role)
    items = tuple((label, titles.get(label, "")) for label in labels if label and titles.get(label))
    shown = min(shown, len(items))
    topic = ""
    if resolution.kind in ("item", "fill", "expand") and last is not None:
        topic = last.topic or last.question
        if not items:  # "nhiệm vụ thứ 3 thì sao?" still refers to the list after a question about the 2nd
            items, shown = last.items, last.shown
    return Context(
        resolution.question,
        subject_of(resolution.question),
        resolution.query.role,
        answer.status,
        items,
        shown,
        tuple(dict.fromkeys(c.source.doc_id for c in answer.citations)),
        topic,
    )


def _label(line: str) -> str | None:
    m = _LABEL.search(line)
    return m.group(1).strip() if m else None


def _titles(index, answer, role: str) -> dict[str, str]:
    """Task label → full title, for the register rows the answer cites."""
    cited = {c.passage.chunk_id for c in answer.citations}
    out: dict[str, str] = {}
    for task in tables(index, role).tasks:
        if f"{task.doc_id}#{task.row}" in cited:
            out.setdefault(_label_of(task), task.title)
    return out


__all__ = ["Context", "Resolution", "after_reset", "is_reset", "remember", "resolve", "subject_of", "unframe"]
