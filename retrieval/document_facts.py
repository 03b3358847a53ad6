"""A document's own dates and signer: "Đề án 06 phê duyệt ngày nào", "nq57 có hiệu lực khi nào", "ai ký NQ 57".

A question that names one document and asks only when it was approved, signed, issued or took effect (or
who signed it) is answered by that document's own statement of it — the sentence where the event word
stands right before a date — not by any date in a sentence nearby ("Khi Đề án 06 được phê duyệt, … vận hành
từ ngày 01/7/2021"). No such sentence: the document's own metadata (its date, its signer), cited, for the
events the metadata records; an effective date is never assumed from the date of issue. The events and
their words are data (retrieval/data/document_events.tsv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from . import data
from .definition import defined_subjects
from .index import LoadedIndex
from .models import Answer, Citation
from .query import Query, persons_typed
from .search import source_of
from .slots import holds_time, time_spans
from .text import fold, nfc, stop_syllables, syllables
from .verdict import bodies_in, persons_in
from .vi import en_date, vn_date
from .wording import english_body, english_name

WINDOW = 6  # words between the event word and its date
_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
_KIND_NAMES = {"nq": "Nghị quyết", "qd": "Quyết định", "ct": "Chỉ thị", "nd": "Nghị định", "tt": "Thông tư"}
# Words of the question that name the document or ask the question: what is left must be the event alone.
_NAMING = frozenset(
    "nghi quyet quyet dinh de an chi thi nghi dinh thong tu trung uong chinh phu thu tuong so ngay thang nam nao"
    " khi bao gio luc duoc dc tu ai nguoi dong chi lanh dao"  # "đồng chí / lãnh đạo nào ký"
    " when was were did does is the on what date day year who it has been into come".split()  # English asking words
)


@dataclass(frozen=True)
class Event:
    name: str
    asked: tuple[str, ...]
    said: tuple[str, ...]
    from_metadata: bool


@lru_cache(maxsize=1)
def events() -> tuple[Event, ...]:
    out = []
    for line in data.lines("document_events.tsv"):
        name, asked, said, metadata = line.split("\t")
        out.append(Event(name, tuple(asked.split("|")), tuple(said.split("|")), metadata.strip() == "date"))
    return tuple(out)


def _asked_event(q: Query) -> Event | None:
    for event in events():
        if any(re.search(rf"\b{re.escape(w)}\b", q.folded) for w in event.asked):
            return event
    return None


def _only_the_event(q: Query, event: Event, number: str) -> bool:
    """Nothing but the document and the event is asked: "Đề án 06 phê duyệt ngày nào", not "… mục tiêu
    năm 2025 là gì"."""
    asked = {w for phrase in event.asked for w in phrase.split()}
    code = {fold(w).lower() for w in re.findall(r"[^\W\d_]+", number)}
    digits = set(re.findall(r"\d+", number)) | {d.lstrip("0") for d in re.findall(r"\d+", number)}
    stops = stop_syllables()
    rest = [
        w
        for w in syllables(q.folded)
        if w not in stops and w not in _NAMING and w not in asked and w not in code and w.lstrip("0") not in digits
    ]
    return not rest


def document_fact(index: LoadedIndex, q: Query) -> Answer | None:
    """The document's own date or signer (module docstring); an English question gets an English lead
    built from the same values, then the cited Vietnamese sentence."""
    if q.language == "en" and _ENGLISH_YES_NO.match(q.question):
        # "Did the Politburo issue Decision 204?": the recorded issuer, signer or date decides, as in Vietnamese
        found = _document_fact(index, q)
        if found is None or not found.text.startswith(("Có. ", "Không. ")):
            return None  # otherwise a yes or no answered on the prose path
        said = replace(found, text=found.text.split(" ", 1)[1])
        lead = "Yes." if found.text.startswith("Có. ") else "No."
        line = _english_lead(index, q, said)
        doc = index.documents[found.citations[0].source.doc_id]
        if doc.issuer and " was issued on " in line:  # who issued it is what was asked
            issuer = english_body(fold(doc.issuer).lower(), doc.issuer)
            line = line.replace(" was issued on ", f" was issued by {issuer} on ")
        return replace(said, text=f"{lead} {line}\n{said.text}")
    found = _document_fact(index, q)
    if found is None or q.language != "en":
        return found
    return replace(found, text=f"{_english_lead(index, q, found)}\n{found.text}")


def _document_fact(index: LoadedIndex, q: Query) -> Answer | None:
    prose = [d for d in q.documents if not index.documents[d].columns and not index.documents[d].part_of]
    if len(prose) != 1:
        return None
    doc = index.documents[prose[0]]
    if not doc.number:
        return None
    event = _asked_event(q)
    # "… phải không?", "… à?": a yes or no about who signed or issued it
    yes_no = ("yesno" in q.asks or bool(_CLOSING_A.search(fold(q.question).lower()))) and "who" not in q.asks
    if event is not None and event.name == "signed" and yes_no:
        return _signed_by(index, q, doc) or _dated(index, q, doc, event)
    if event is not None and event.name == "issued" and yes_no:
        return _issued_by(index, q, doc) or _dated(index, q, doc, event)
    if event is not None and event.name == "approved" and yes_no:
        return _dated(index, q, doc, event)
    if event is not None and event.name == "effect" and yes_no:
        return _effective_in(index, q, doc, event)
    signer_asked = "who" in q.asks and event is not None and event.name == "signed"
    if (
        event is not None
        and event.name == "issued"
        and _WHO_ISSUED.search(q.folded)
        and _only_the_event(q, event, doc.number)
    ):
        return _issuer_of(index, q, doc)  # "who issued res 71": the body that issued it, not who signed it
    if event is None or not ({"when"} & set(q.asks) or signer_asked) or not _only_the_event(q, event, doc.number):
        return None
    passages = [
        (i, p) for i, p in enumerate(index.passages) if p.doc_id == doc.doc_id and (q.sees_internal or index.access[i])
    ]
    if not passages:
        return None
    best = _stated(q, event, doc, passages, signer_asked)
    source = source_of(index, doc.doc_id)
    if best is not None:
        passage, sentence = best
        text = sentence
        extra = None
        if event.name == "effect" and not _FULL_DATE.search(sentence) and doc.date:
            # "… có hiệu lực kể từ ngày ký": the day it was signed, from the document's own statement of it
            issued = _stated(q, _event("issued"), doc, passages, False)
            if issued and issued[1] != sentence and doc.date in _dates(issued[1]):
                extra = issued[1]
            else:
                extra = f"{_name(doc.number)} được ký ngày {vn_date(doc.date)}."
        text = f"{text} {extra}" if extra else text
        return Answer(q.question, "answered", f"{text} [1]", (Citation(1, source, passage),))
    name = _name(doc.number)
    if not event.from_metadata and event.name == "effect":
        # "QĐ 204 hiệu lực khi nào": no sentence states it and an effective date is never assumed from the date
        # of issue — said so, with the date the data does record
        issued = f"; {name} được ban hành ngày {vn_date(doc.date)}" if doc.date else ""
        text = f"Dữ liệu hiện có không ghi ngày có hiệu lực của {name}{issued}."
        return Answer(q.question, "not_found", f"{text} [1]", (Citation(1, source, passages[0][1]),))
    if not event.from_metadata:
        return None
    if signer_asked:
        if not doc.signer:
            if not doc.issuer:
                return None
            # "ai ký Quyết định 204": the data names who issued it, not who signed: said so, with what it has
            issued = f"{name} do {doc.issuer} ban hành" + (f" ngày {vn_date(doc.date)}" if doc.date else "")
            text = f"Dữ liệu hiện có không ghi người ký {name}; {issued}."
            return Answer(q.question, "not_found", f"{text} [1]", (Citation(1, source, passages[0][1]),))
        text = f"{name} do {doc.signer} ký" + (f" ngày {vn_date(doc.date)}" if doc.date else "") + "."
    elif doc.date:
        verb = {"approved": "được ký, phê duyệt", "signed": "được ký"}.get(event.name, "được ban hành")
        text = f"{name} {verb} ngày {vn_date(doc.date)}" + (f" ({doc.signer} ký)" if doc.signer else "") + "."
    else:
        return None
    return Answer(q.question, "answered", f"{text} [1]", (Citation(1, source, passages[0][1]),))


def what_it_is_line(doc) -> str | None:
    """ "Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển …": a document named the
    way an official text cites it (kind and number, date, issuer, what its title says it does), for "NQ 57 là
    gì", "NQ 57 nói về gì". None when the title does not start with the document's kind and number."""
    if not doc.number or doc.number not in doc.title:
        return None
    end = doc.title.index(doc.number) + len(doc.number)
    head, rest = doc.title[:end], doc.title[end:].strip()
    if len(head.split()) > 4 or not rest:  # "Hội nghị tổng kết … 57-NQ/TW …": no document named by its title
        return None
    line = head + (f" ngày {vn_date(doc.date)}" if doc.date else "") + (f" của {doc.issuer}" if doc.issuer else "")
    return f"{line} {rest}."


def asks_what_it_is(q: Query, number: str) -> bool:
    """ "NQ 57 là gì", "nghị quyết 57 nói về gì": nothing asked but what the one document named is."""
    subjects = defined_subjects(q.question, q.text)
    return bool(subjects) and not q.asks and _only_the_event(q, _WHAT_IT_IS, number)


_WHAT_IT_IS = Event("what", ("la gi", "la cai gi", "noi ve", "ve van de", "ban ve", "noi dung", "chinh"), (), False)
_FULL_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
_ENGLISH_YES_NO = re.compile(r"\s*(?:is|are|was|were|does|do|did|has|have|had|can|could|will|should)\b", re.IGNORECASE)
_KIND_EN = {"nq": "Resolution", "qd": "Decision", "ct": "Directive", "nd": "Decree", "tt": "Circular"}
_EVENT_EN = {
    "approved": "was approved on",
    "signed": "was signed on",
    "issued": "was issued on",
    "effect": "took effect on",
}


def _english_lead(index: LoadedIndex, q: Query, found: Answer) -> str:
    """ "Decision 06/QĐ-TTg was approved on 6 January 2022.": the values of the Vietnamese answer."""
    doc = index.documents[found.citations[0].source.doc_id]
    m = re.search(r"[-/]\s*([^\W\d_]+)", doc.number or "")
    kind = _KIND_EN.get(fold(m[1]).lower()) if m else None
    name = f"{kind} {doc.number}" if kind else doc.number
    event = _asked_event(q)
    if found.status != "answered":
        issued = f"; it was issued by {english_name(doc.issuer)}" if doc.issuer else ""
        on = f" on {en_date(doc.date)}." if doc.date else "."
        if event is not None and event.name == "effect":
            return f"The available data does not record when {name} took effect; it was issued" + on
        return f"The available data does not record who signed {name}{issued}" + on
    if "who" in q.asks and event is not None and event.name == "issued" and doc.issuer:
        return f"{name} was issued by {english_name(doc.issuer)}" + (f" on {en_date(doc.date)}." if doc.date else ".")
    signed = event is not None and event.name == "signed"
    if doc.signer and ("who" in q.asks or (signed and not _dates(found.text))):
        return f"{name} was signed by {doc.signer}."  # "did … sign res 03": No. … was signed by …
    said = sorted(_dates(found.text))
    when = doc.date if doc.date in said else said[0] if said else None
    if event is not None and event.name == "effect" and not _FULL_DATE.search(found.text.split(". ")[0]):
        return f"{name} took effect on signing" + (f" ({en_date(doc.date)})." if doc.date else ".")
    verb = _EVENT_EN.get(event.name if event else "issued", "was issued on")
    return f"{name} {verb} {en_date(when)}." if when else f"{name}: see the cited Vietnamese source."


# "do Thủ tướng Phạm Minh Chính ký phải không": a person named by a title and a capitalised name
_NAMED_PERSON = re.compile(
    r"(?:Tổng Bí thư|Phó Thủ tướng|Thủ tướng|Bộ trưởng|Chủ tịch|Bí thư|ông|bà)\s+((?:[A-ZĐ][^\W\d_]+\s?){2,4})"
)


# Bodies that issue directives, as a question names them (folded): "do Bộ Chính trị ban hành à?"
_ISSUERS = re.compile(
    r"\b(bo chinh tri|ban bi thu|ban chap hanh trung uong|chinh phu|thu tuong chinh phu|thu tuong|quoc hoi"
    r"|uy ban thuong vu quoc hoi)\b"
)


_CLOSING_A = re.compile(r"\b(?:a|ha)\s*\??\s*$")
_NUMBER_CODE = re.compile(r"\d+\s*[-/][a-z /-]*")  # "03/nghi quyet-chinh phu": a number and its code, read out


# "ai ban hành NQ 71", "NQ 71 do cơ quan nào ban hành" ("who issued"), not "ban hành theo đề nghị của ai"
_WHO_ISSUED = re.compile(r"\b(?:ai|co quan nao|don vi nao)\s+ban hanh\b")


def _issuer_of(index: LoadedIndex, q: Query, doc) -> Answer | None:
    """ "ai ban hành Nghị quyết 71": the issuer the document's metadata records, with its date, cited."""
    passages = [
        (i, p) for i, p in enumerate(index.passages) if p.doc_id == doc.doc_id and (q.sees_internal or index.access[i])
    ]
    if not doc.issuer or not passages:
        return None
    source = source_of(index, doc.doc_id)
    stated = _stated(q, _event("issued"), doc, passages, False)
    if stated and fold(doc.issuer).lower() in fold(stated[1]).lower():  # its own sentence names the issuer
        return Answer(q.question, "answered", f"{stated[1]} [1]", (Citation(1, source, stated[0]),))
    text = f"{_name(doc.number)} do {doc.issuer} ban hành" + (f" ngày {vn_date(doc.date)}" if doc.date else "") + "."
    return Answer(q.question, "answered", f"{text} [1]", (Citation(1, source, passages[0][1]),))


def _issued_by(index: LoadedIndex, q: Query, doc) -> Answer | None:
    """ "NQ 03/NQ-CP do Bộ Chính trị ban hành phải không?": yes or no by the recorded issuer, then the
    document's own sentence naming it (or its metadata)."""
    # the body as typed ("NQ 03/NQ-CP do Bộ Chính trị …"), not the "chính phủ" its code "CP" reads as
    asked = _ISSUERS.search(" ".join(fold(q.question).lower().split())) or _ISSUERS.search(
        _NUMBER_CODE.sub(" ", q.folded)
    )
    # any other body named as the issuer ("QĐ 06 do Bộ Công an ban hành à?"): not the one the data records
    other = bodies_in(re.sub(r"\S*\d\S*", " ", q.question)) if not asked else []
    if not doc.issuer or not (asked or other):
        return None
    issuer = " ".join(fold(doc.issuer).lower().split())
    name = asked[1] if asked else other[0]
    verdict = "Có." if name == issuer or (name.startswith("thu tuong") and issuer.startswith("thu tuong")) else "Không."
    passages = [
        (i, p) for i, p in enumerate(index.passages) if p.doc_id == doc.doc_id and (q.sees_internal or index.access[i])
    ]
    if not passages:
        return None
    from .answer import _sentences

    said = next(
        (
            (p, sentence)
            for _, p in passages
            for sentence in _sentences(p.text)
            if issuer in fold(sentence).lower() and "ban hanh" in fold(sentence).lower()
        ),
        None,
    )
    source = source_of(index, doc.doc_id)
    if said is None:
        text = (
            f"{_name(doc.number)} do {doc.issuer} ban hành" + (f" ngày {vn_date(doc.date)}" if doc.date else "") + "."
        )
        said = (passages[0][1], text)
    return Answer(q.question, "answered", f"{verdict} {said[1]} [1]", (Citation(1, source, said[0]),))


_TITLE = re.compile(r"\b(tong bi thu|pho thu tuong|thu tuong|bo truong|chu tich|bi thu)\b")


def _signed_by(index: LoadedIndex, q: Query, doc) -> Answer | None:
    """ "NQ 03 do Thủ tướng Phạm Minh Chính ký phải không?": yes or no by the recorded signer, then the
    document's own sentence naming its signer."""
    named = _person_asked(q.question)
    # the title as typed: the "TTg" of "06/QĐ-TTg" reads as "thủ tướng", no title asked about
    title = _TITLE.search(" ".join(fold(q.question).lower().split())) or _TITLE.search(_NUMBER_CODE.sub(" ", q.folded))
    if not doc.signer or not (named or title):
        return None
    passages = [
        (i, p) for i, p in enumerate(index.passages) if p.doc_id == doc.doc_id and (q.sees_internal or index.access[i])
    ]
    stated = _stated(q, _event("signed"), doc, passages, True) if passages else None
    if stated is None:
        return None
    signer = fold(doc.signer).lower()
    if named:
        verdict = "Có." if named in signer else "Không."
    else:  # "… có phải do phó thủ tướng ký không": the title of whoever signed (the last one written)
        titles = _TITLE.findall(signer)
        verdict = "Có." if titles and titles[-1] == title[0] else "Không."
    passage, sentence = stated
    return Answer(
        q.question, "answered", f"{verdict} {sentence} [1]", (Citation(1, source_of(index, doc.doc_id), passage),)
    )


def _person_asked(question: str) -> str | None:
    """The person a question names, folded: after a title ("Thủ tướng Phạm Minh Chính"), by a family name
    ("Phạm Minh Chính ký …", "did Pham Minh Chinh sign …"), or typed in lower case without marks ("did pham minh
    chinh sign res 03"); None when it names none."""
    titled = _NAMED_PERSON.search(question)
    if titled:
        return " ".join(fold(titled[1]).lower().split())
    written = persons_in(question)
    if written:
        return " ".join(fold(written[0]).lower().split())
    if _TITLE.search(" ".join(fold(question).lower().split())):
        return None  # "nq03 do pho thu tuong ky": the title is asked ("do" is no family name Đỗ there)
    typed = persons_typed(question)
    return typed[0] if typed else None


_DATE_PARTS = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def _dates(sentence: str) -> set:
    out = set()
    for d, m, y in _DATE_PARTS.findall(sentence):
        try:
            out.add(date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return out


def _event(name: str) -> Event:
    return next(e for e in events() if e.name == name)


def short_name(doc) -> str:
    """ "Quyết định 06/QĐ-TTg": a document by its kind and number, as a reader names it; its title without one."""
    return _name(doc.number) if doc.number else doc.title


def _name(number: str) -> str:
    m = re.search(r"[-/]\s*([^\W\d_]+)", number)
    kind = _KIND_NAMES.get(fold(m[1]).lower()) if m else None
    return f"{kind} {number}" if kind else number


def _stated(q: Query, event: Event, doc, passages, signer_asked: bool):
    """The passage and sentence where the document states the event: the event word a few words before
    a date (or, for "ai ký", before the signer's name); the event's own word before its neighbours."""
    from .answer import _sentences  # the reader's sentences: curation clauses cut, notes left out

    digits = re.findall(r"\d+", doc.number)
    best = None
    for _, p in passages:
        for sentence in _sentences(p.text):
            plain = _LIST_MARK.sub("", sentence).strip()
            score, at = _event_score(plain, event, doc, signer_asked)
            if not score:
                continue
            # whose event it is: the document named last before the event word is its subject
            named = [(a or b).lstrip("0") for a, b in _DOC_NUMBER.findall(fold(plain[:at]).lower())]
            if named and digits:
                score += 0.5 if named[-1] == digits[0].lstrip("0") else -1.5
            if doc.date and not signer_asked and event.name != "effect":
                # the document's own date, as its metadata records it: another text's date is a neighbour
                score += 1.0 if doc.date in _dates(plain) else -1.0 if _dates(plain) else 0.0
            if _LIST_MARK.match(sentence):
                score *= 0.8
            if best is None or score > best[0]:
                best = (score, p, plain.rstrip(";,") + ("" if plain.rstrip(";,").endswith((".", "!", "?")) else "."))
    return (best[1], best[2]) if best else None


# "57-NQ/TW", "Nghị quyết 71", "Quyết định 06/QĐ-TTg" in a folded sentence: the number of a document
_DOC_NUMBER = re.compile(
    r"\b(?:nghi quyet|quyet dinh|de an|chi thi|nghi dinh|thong tu|nq|qd)\s+(?:so\s+)?(\d{1,4})\b"
    r"|\b(\d{1,4})\s*[-/]\s*[a-z]"
)


def _event_score(sentence: str, event: Event, doc, signer_asked: bool) -> tuple[float, int]:
    """(how plainly the sentence states the event, where its event word stands)."""
    words = [(m.start(), fold(m.group(0).lower())) for m in re.finditer(r"\w+", sentence)]
    folded_words = [w for _, w in words]
    if signer_asked:
        if not doc.signer or fold(nfc(doc.signer)).lower().split()[-1] not in folded_words or "ky" not in folded_words:
            return 0.0, 0
        return 2.0, words[folded_words.index("ky")][0]
    if not holds_time(sentence):
        return 0.0, 0
    starts = [s for s, _ in words]
    best, where = 0.0, 0
    for rank, phrase in enumerate(event.said):
        parts = phrase.split()
        at = [i for i in range(len(folded_words)) if folded_words[i : i + len(parts)] == parts]
        for begin, _ in time_spans(sentence):
            i = next((k for k, s in enumerate(starts) if s >= begin), len(starts))
            near = [j for j in at if 0 < i - j <= WINDOW + len(parts)]
            if near and (2.0 if rank == 0 else 1.0) > best:
                best, where = (2.0 if rank == 0 else 1.0), starts[near[-1]]
    return best, where


def _effective_in(index: LoadedIndex, q: Query, doc, event: Event) -> Answer | None:
    """ "NQ 57 có hiệu lực từ năm 2025 phải không?": yes or no by the year of the date the document's own sentence
    on its effect states (22/12/2024 → Không); "có hiệu lực kể từ ngày ký" states the document's own date. Never
    the date it was issued when no sentence says when it takes effect."""
    if not q.years:
        return None
    passages = [
        (i, p) for i, p in enumerate(index.passages) if p.doc_id == doc.doc_id and (q.sees_internal or index.access[i])
    ]
    stated = _stated(q, event, doc, passages, False) if passages else None
    if stated is None:
        return None
    passage, sentence = stated
    dates = _dates(sentence) or (
        {doc.date} if doc.date and re.search(r"\bngay ky\b", fold(sentence.lower())) else set()
    )
    if not dates:
        return None
    verdict = "Có." if any(on_the_asked_date(q.folded, d) for d in dates) else "Không."
    return Answer(
        q.question, "answered", f"{verdict} {sentence} [1]", (Citation(1, source_of(index, doc.doc_id), passage),)
    )


def on_the_asked_date(folded_question: str, said: date) -> bool:
    """Whether `said` is the date a yes/no question asserts, as finely as it asserts it: the day of "ngày
    09/01/2025", the month of "tháng 5/2025" (NQ 71, 01/4/2025 → no), else the year of "năm 2025"."""
    day = re.search(r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b", folded_question)
    if day:
        return (int(day[1]), int(day[2]), int(day[3])) == (said.day, said.month, said.year)
    month = re.search(r"(?<![\d/])(\d{1,2})/(20\d\d)\b", folded_question)
    if month and 1 <= int(month[1]) <= 12:
        return (int(month[1]), int(month[2])) == (said.month, said.year)
    years = re.findall(r"\b(20\d\d)\b", folded_question)
    return bool(years) and int(years[-1]) == said.year


def _dated(index: LoadedIndex, q: Query, doc, event: Event) -> Answer | None:
    """ "Quyết định 204 được ban hành năm 2025 phải không?": yes or no by the year of the document's own
    date, then its sentence stating the date (or its metadata)."""
    if not doc.date or not q.years:
        return None
    verdict = "Có." if on_the_asked_date(q.folded, doc.date) else "Không."
    passages = [
        (i, p) for i, p in enumerate(index.passages) if p.doc_id == doc.doc_id and (q.sees_internal or index.access[i])
    ]
    if not passages:
        return None
    stated = _stated(q, event, doc, passages, False)
    if stated is None or doc.date not in _dates(stated[1]):
        stated = (passages[0][1], f"{_name(doc.number)} được ban hành ngày {vn_date(doc.date)}.")
    passage, sentence = stated
    return Answer(
        q.question, "answered", f"{verdict} {sentence} [1]", (Citation(1, source_of(index, doc.doc_id), passage),)
    )
