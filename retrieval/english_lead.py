"""The one English line an English question's prose answer opens with, before the cited Vietnamese evidence.

Everything in it comes from the evidence or the cited document's metadata, never from a model's memory:

- a question asking what a document is ("what is res 57", "what does project 06 do") gets the document's
  own facts: its kind and number, date, issuer and title in English — "Resolution 57-NQ/TW (22 December
  2024, Politburo) is on breakthroughs in science, technology, innovation and national digital
  transformation." The title is said in English phrase by phrase (retrieval/data/title_words_en.tsv, then
  the glossary); a title with a word left over stays Vietnamese, in quotes;
- otherwise the value the question asks for, read from the evidence: a date for "when" (the one after the
  asked event's word: "có hiệu lực từ ngày …" for "take effect"), a person or body for "who" (not one the
  question itself names), an address or place for "where", a number for "how many" (the one whose words
  match the question's);
- a "when" question whose subject the lead can say (a document by kind and number, a glossary phrase) and
  whose verb data/event_verbs_en.tsv knows is a sentence: "The National Public Service Portal was launched
  on 9 December 2019.";
- otherwise, when the question names one document the evidence cites, the line says which document the
  evidence is from; else nothing (None): a lead with no value after it reads as if one were dropped.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from . import data
from .document_facts import events
from .figures import glossary_vi_en, ordinal, to_english
from .index import LoadedIndex
from .query import Query, glossary
from .text import content_syllables, fold
from .verdict import asked_comparison, bodies_in, persons_in
from .vi import en_date, en_number
from .wording import en_status, english_body, english_name, english_unit, known_agency

__all__ = ["SOURCE_SAYS", "document_line", "english_lead", "english_title"]

SOURCE_SAYS = "According to the cited Vietnamese source:"  # after a yes or no only: the verdict is its value
EVENT_WINDOW = 6  # words between the event's word and its date ("có hiệu lực từ ngày 01/7/2024")

_FULL_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_PERSON = re.compile(
    r"(?:Tổng Bí thư|Phó Thủ tướng|Thủ tướng|Bộ trưởng|Chủ tịch|Bí thư|ông|bà)\s+"
    r"(?!(?:Bộ|Sở|Ban|Ủy|UBND|Văn|Tỉnh|Hội|Chính)\b)((?:[A-ZĐ][^\W\d_]+\s?){2,4})"
)  # "Bộ trưởng Bộ Công an" names a ministry, not a person
_ADDRESS = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.vn|vn|com|org)\b")
# "tháng 6/2025", and a register's "thời hạn: 03/2025" (a month, no day)
_MONTH_YEAR = re.compile(r"(?:\btháng\s+|\bthời hạn:\s*|\bhạn:\s*)(\d{1,2})/(\d{4})\b", re.IGNORECASE)
_PLACE_AT = re.compile(r"\b(?:tại|ở|đặt tại)\s+((?:[A-ZĐ][^\W\d_]*\s?){1,4})")
_VALUE = re.compile(
    r"(?<![\d/.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(/\d+(?:\.\d{3})*(?![\d/]))?(?![\d/])"
    r"\s*(%|[^\W\d_]+(?:\s+[^\W\d_]+)?)?"
)
_LABEL_BEFORE = re.compile(
    r"(?:Nghị quyết|Quyết định|Nghị định|Thông tư|Đề án|Chỉ thị|Kế hoạch|Thông báo|NQ|QĐ|số|mức(?: độ)?|nhóm"
    r"|Phụ lục|Chỉ tiêu|Mã|dòng)\s*$",
    re.IGNORECASE,
)
_DEADLINE_BEFORE = re.compile(
    r"(?:chậm nhất|hạn chót|thời hạn|hạn|trước ngày|đến ngày)\W+(?:\w+\W+){0,2}$", re.IGNORECASE
)
# "what is the population of …", "what was hanoi's score": a measure asked for by name, a number answers
_MEASURE = re.compile(
    r"\s*what(?:'s| is| was| are| were)\s+(?:the\s+|\w+['’]s\s+)?(?:population|area|size|score|share|rate"
    r"|percentage|proportion|number|total|budget|growth)\b",
    re.IGNORECASE,
)
_HEDGES = {
    "tren": "over",
    "hon": "more than",
    "gan": "nearly",
    "khoang": "about",
    "toi thieu": "at least",
    "it nhat": "at least",
    "duoi": "under",
    "toi da": "at most",
}
_HEDGE = re.compile(r"\b(trên|hơn|gần|khoảng|tối thiểu|ít nhất|dưới|tối đa)\s*$", re.IGNORECASE)
_STATUS_ASKED = re.compile(r"\b(?:status|progress)\b", re.IGNORECASE)
_SCALE = {"triệu": "million", "tỷ": "billion", "nghìn": "thousand", "ngàn": "thousand"}
_MONTHS_EN = "January February March April May June July August September October November December".split()
# What a "what is X" question asks besides naming X: nothing else may be left for the document line.
_WHAT_IS = re.compile(
    r"^\s*(?:what(?:'s| is| was| are| does| do)|tell me (?:about|what)|explain|describe|summar(?:y|ise|ize)(?: of)?)\b",
    re.IGNORECASE,
)
_ASKING_WORDS = frozenset(
    "what what's is was are does do the a an about tell me explain describe summary summarise summarize of for"
    " mean means main content contents purpose say says cover covers it".split()
)  # "what do i need …" keeps "i", "need": a how-to, not a definition


def english_lead(index: LoadedIndex, q: Query, chosen) -> str | None:
    """The English line before the evidence (module docstring). `chosen`: (hit, sentences) pairs, the
    leading one first."""
    document = _named_document(index, q, chosen)
    if document is not None and _asks_what_it_is(q):
        line = document_line(document)
        if line:
            return line
    texts = [s for _, sentences in chosen for s in sentences]
    line = _rank_line(q, texts)
    if line:
        return line
    value = _value(q, texts) if not _asks_who_ranks(q) else None  # no sentence of that place: no one else
    if value and "yesno" in q.asks and asked_comparison(q.folded):
        value = None  # "Does … target 30% of GDP?": the verdict compares the asked number; another one misleads
    if value and "when" in q.asks:
        line = _when_sentence(q, document, value)
        if line:
            return line
    if value:
        return f"According to the cited Vietnamese source: {value}."
    if _asks_what_it_is(q, entity=True):
        line = _entity_line(q, chosen, texts)
        if line:
            return line
    quote = _quoted(q, chosen) if not q.asks and not set(q.intents) & {"count", "figure", "rate", "rank"} else None
    if quote:
        return f"According to the cited Vietnamese source: “{quote}”."
    if document is not None:
        name = _document_name(document)
        if name:
            return f"From {name}, the cited Vietnamese source says:"
    return None


# --- the document a question names ---------------------------------------------------------------------


def _named_document(index: LoadedIndex, q: Query, chosen):
    """The one numbered prose document the question names, when the evidence cites it."""
    named = [d for d in q.documents if not index.documents[d].columns and index.documents[d].number]
    cited = {hit.document.doc_id for hit, _ in chosen}
    named = [d for d in named if d in cited]
    return index.documents[named[0]] if len(named) == 1 else None


def _asks_what_it_is(q: Query, entity: bool = False) -> bool:
    """ "what is res 57", "what does project 06 do", "tell me about decision 204": nothing asked but what the
    document is — every other word names it (its kind, number, code). `entity`: "what is the national public
    service portal" — only the question's form is asked for, its words name the thing."""
    if not _WHAT_IS.match(q.question) or q.asks:
        return False
    if entity:
        return not set(q.intents) & {"count", "figure", "rate", "rank", "target", "deadline", "lead"}
    return not _left_words(q.question.lower(), _kind_words())


def _left_words(text: str, also: frozenset[str] = frozenset()) -> list[str]:
    """The words of `text` that are neither asking words, nor in `also`, nor numbers or codes."""
    return [
        w
        for w in re.findall(r"[^\W_]+(?:['’][a-z]+)?", text)
        if w not in _ASKING_WORDS and w not in also and not any(ch.isdigit() for ch in w)
    ]


@lru_cache(maxsize=1)
def _kind_words() -> frozenset[str]:
    """English and Vietnamese words naming a kind of document or its code ("res", "decision", "nq", "qđ")."""
    words = set()
    for line in data.lines("title_words_en.tsv"):
        kind, _, rest = line.partition("\t")
        if kind == "kind":
            vietnamese, _, english = rest.partition("\t")
            words.update(fold(w) for w in vietnamese.lower().split())
            words.update(w.lower() for w in english.split("|"))
    return frozenset(words)


@lru_cache(maxsize=1)
def _titles() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(kind → English, title phrase → English, issuer → English), from title_words_en.tsv."""
    kinds: dict[str, str] = {}
    phrases: dict[str, str] = {}
    issuers: dict[str, str] = {}
    for line in data.lines("title_words_en.tsv"):
        part, vietnamese, english = [*line.split("\t"), "", ""][:3]
        table = {"kind": kinds, "phrase": phrases, "issuer": issuers}[part]
        table[vietnamese.strip().lower()] = english.split("|")[0].strip()
    return kinds, phrases, issuers


def _document_name(doc) -> str | None:
    """ "Resolution 57-NQ/TW (22 December 2024, Politburo)": kind, number, date and issuer as recorded."""
    kind = _kind_of(doc.title)
    if not kind or not doc.number:
        return None
    facts = [en_date(doc.date)] if doc.date else []
    issuer = _issuer(doc.issuer) if doc.issuer else None
    if issuer:
        facts.append(issuer)
    return f"{kind} {doc.number}" + (f" ({', '.join(facts)})" if facts else "")


def document_line(doc) -> str | None:
    """ "Resolution 57-NQ/TW (22 December 2024, Politburo) is on breakthroughs in …": the document's
    metadata and title in English; the title in Vietnamese, quoted, when the tables cannot say all of it."""
    name = _document_name(doc)
    if not name:
        return None
    subject = _title_subject(doc.title, doc.number)
    if not subject:
        return f"{name}."
    english = _title_english(subject)
    if english:
        verb = english if not english.startswith("on ") else f"is {english}"
        return f"{name} {verb}."
    return f"{name} is titled «{doc.title}»."


def english_title(title: str) -> str:
    """A register's or document's title in English when the tables say all of it ("Danh mục 140 nhiệm vụ của
    Chương trình hành động theo Nghị quyết 03/NQ-CP (Phụ lục II)" → "the list of 140 tasks of the action
    programme under Resolution 03/NQ-CP (Appendix II)"); the title as written otherwise."""
    return _title_english(title) or title


def _kind_of(title: str) -> str | None:
    kinds = _titles()[0]
    lower = title.lower()
    for vietnamese in sorted(kinds, key=len, reverse=True):
        if lower.startswith(vietnamese):
            return kinds[vietnamese]
    return None


def _issuer(issuer: str) -> str | None:
    english = _titles()[2].get(issuer.strip().lower())
    if english:
        return english
    said = english_name(issuer)
    return said[said.index("(") + 1 : -1] if said.endswith(")") and "(" in said else issuer


def _title_subject(title: str, number: str) -> str:
    """What a title says after its kind and number: "Nghị quyết 57-NQ/TW về đột phá …" → "về đột phá …"."""
    at = title.find(number)
    return title[at + len(number) :].strip(" :–-") if at >= 0 else ""


_DOCUMENT_REF = re.compile(
    r"\b(Nghị quyết|Quyết định|Nghị định|Chỉ thị|Thông tư|Đề án|Quy định|Kế hoạch)\s+(\d+[\w/.-]*)", re.IGNORECASE
)


def _title_english(subject: str) -> str | None:
    """A title's subject in English, or None when a word is left over (a half-translated title is worse)."""
    kinds, phrases, _ = _titles()
    refs: list[str] = []

    def keep(m: re.Match) -> str:  # "Nghị quyết 57-NQ/TW" → "Resolution 57-NQ/TW", kept whole
        refs.append(f"{kinds.get(m[1].lower(), m[1])} {m[2]}")
        return f" ⟨{len(refs) - 1}⟩ "

    text = _DOCUMENT_REF.sub(keep, subject)
    out = text.lower()
    rest = out
    for phrase in sorted(phrases, key=len, reverse=True):
        pattern = rf"(?<!\w){re.escape(phrase)}(?!\w)"
        if re.search(pattern, rest):
            out = re.sub(pattern, "\0" + phrases[phrase] + "\0", out)
            rest = re.sub(pattern, " ", rest)
    leftover = re.sub(r"⟨\d+⟩|[\d–—()/,.-]", " ", rest)
    if re.search(r"[^\W\d_]", leftover):
        glossed = to_english(leftover)  # what the title table lacks, from the glossary
        if not glossed:
            return None
        out = out.replace(leftover.strip(), glossed) if leftover.strip() in out else None
        if out is None:
            return None
    said = " ".join(out.replace("\0", " ").split())
    said = re.sub(r"⟨(\d+)⟩", lambda m: refs[int(m[1])], said)
    return re.sub(r"\s+([,)])", r"\1", re.sub(r"\(\s+", "(", said))


def _entity_line(q: Query, chosen, texts: list[str]) -> str | None:
    """ "The National Public Service Portal (Cổng Dịch vụ công quốc gia, dichvucong.gov.vn), as the cited
    Vietnamese source describes it:": the glossary's longest phrase of the question that the evidence
    writes, spelled as the evidence spells it, with a web address the cited titles or sentences give."""
    table = glossary()
    asked = q.question.lower()
    named = [k for k in table if table[k] and " " in k and re.search(rf"(?<!\w){re.escape(k)}(?!\w)", asked)]
    titles = [hit.document.title for hit, _ in chosen]
    for english in sorted(named, key=len, reverse=True):
        if _left_words(re.sub(rf"(?<!\w){re.escape(english)}(?!\w)", " ", asked)):
            continue  # "what is the population of phu tho": the phrase is not all the question names
        vietnamese = fold(table[english].lower())
        for text in (*texts, *titles):
            plain = fold(text.lower())  # one character per character: the span spells it as the text does
            at = plain.find(vietnamese)
            if at < 0 or len(plain) != len(text):
                continue
            spelled = text[at : at + len(vietnamese)]
            address = next((m.group(0).rstrip(".,;)") for t in (*titles, *texts) if (m := _ADDRESS.search(t))), None)
            said = f"{spelled}, {address}" if address else spelled
            title = " ".join(w if w in _SMALL_WORDS else w[:1].upper() + w[1:] for w in english.split())
            return f"The {title} ({said}), as the cited Vietnamese source describes it:"
    return None


_SMALL_WORDS = frozenset("of and for the on in to a an".split())


# --- the value asked for ---------------------------------------------------------------------------------


def _value(q: Query, texts: list[str]) -> str | None:
    if _STATUS_ASKED.search(q.question):  # "status of …": the task row's status, in English
        m = next((m for t in texts if (m := re.search(r"tình trạng: ([^;.]+)", t))), None)
        if m:
            return en_status(m.group(1).strip())
    if "when" in q.asks:
        return next((v for t in texts if (v := _when(q, t))), None)
    which_office = bool(re.match(r"\s*which\b", q.question, re.IGNORECASE) and _office_pattern().search(q.folded))
    if "who" in q.asks or which_office or (not q.asks and not q.intents and _offices(q.folded)):
        return _who_of(q, texts)  # "phu tho party chief", "which deputy pm …": an office named asks who holds it
    if "where" in q.asks:
        return next((v for t in texts if (v := _where(t))), None)
    if (
        set(q.intents) & {"count", "figure", "rate", "target"}
        or re.search(r"\bbao nhieu\b", q.folded)
        or _MEASURE.match(q.question)
        or _terse_count(q)
    ):
        return _number(q, texts)
    return None


_ASKING_FORM = re.compile(
    r"\b(?:who|what|when|where|which|why|how|is|are|does|do|did|can|should|list|show)\b", re.IGNORECASE
)


def _terse_count(q: Query) -> bool:
    """ "res 57 tasks completed nationwide end of 2025?": no asking word, a noun reports count (data/
    counted_nouns.txt) — a number of them is asked; not when the message asks whether something is so
    ("vneid run by ministry of public security?" names the ministry, not a count)."""
    if _ASKING_FORM.search(q.question) or "yesno" in q.asks:
        return False
    # with diacritics: "phương châm" (motto) is no "phường" (ward), folded alike
    text = q.text.lower()
    return any(_names(text, n) for n in _counted_nouns())


def _names(text: str, noun: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(noun)}(?!\w)", text))


@lru_cache(maxsize=1)
def _counted_nouns() -> tuple[str, ...]:
    return tuple(n.lower() for n in data.lines("counted_nouns.txt"))


def _when(q: Query, text: str) -> str | None:
    """The date after the asked event's word ("hiệu lực" for "take effect"), else the first one the
    question does not state itself."""
    dates = [m for m in _FULL_DATE.finditer(text) if m.group(0) not in q.question]
    event = _asked_event(q)
    if event and dates:
        plain = fold(text.lower())  # one character per character: positions line up with `text`
        for word in event.said[:1]:
            for at in re.finditer(rf"\b{re.escape(word)}\b", plain):
                after = [m for m in dates if m.start() > at.end() and _words_between(text, at.end(), m) <= EVENT_WINDOW]
                if after:
                    return _en_full(after[0])
    if "deadline" in q.intents:  # "chậm nhất đến ngày 30/6/2025": the date a deadline word leads to
        due = [m for m in dates if _DEADLINE_BEFORE.search(text[max(0, m.start() - 30) : m.start()])]
        dates = due or dates
    if dates:
        return _en_full(dates[0])
    m = _MONTH_YEAR.search(text)
    return f"{_MONTHS_EN[int(m[1]) - 1]} {m[2]}" if m and 1 <= int(m[1]) <= 12 else None


_WHEN_ASKED = re.compile(
    r"^\s*when\s+(?:did|was|were|is|will|does|do|has|had)\s+(?:the\s+)?(.+?)\s*\??\s*$", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _event_verbs() -> dict[str, str]:
    """The question's verb → how the lead's sentence says it (data/event_verbs_en.tsv)."""
    return dict(line.split("\t", 1) for line in data.lines("event_verbs_en.tsv"))


def _when_sentence(q: Query, document, value: str) -> str | None:
    """ "The National Public Service Portal was launched on 9 December 2019.": the question's subject, its
    event as data/event_verbs_en.tsv says it, and the date. The subject is the named document, or a glossary
    phrase said with capitals; None when the question's words do not say both."""
    m = _WHEN_ASKED.match(q.question)
    if not m:
        return None
    words = m.group(1).split()
    verbs = _event_verbs()
    cut = next((n for n in range(1, len(words)) if " ".join(words[n:]).lower() in verbs), None)
    if cut is None:
        return None
    subject, said = " ".join(words[:cut]), verbs[" ".join(words[cut:]).lower()]
    if document is not None and _kind_of(document.title):
        name = f"{_kind_of(document.title)} {document.number}"
    elif _kind_said(subject):
        name = _kind_said(subject)
    elif subject.lower() in glossary():
        name = "The " + " ".join(w if w in _SMALL_WORDS else w[:1].upper() + w[1:] for w in subject.lower().split())
    else:
        return None
    when = f"on {value}" if value[:1].isdigit() else f"in {value}"
    return f"{name} {said} {when}."


def _kind_said(subject: str) -> str | None:
    """ "decree 69" → "Decree 69", "res 57" → "Resolution 57": a document named by kind and number as typed."""
    m = re.fullmatch(r"(\w+)\s+(\d[\w/.-]*)", subject.strip())
    if not m:
        return None
    for line in data.lines("title_words_en.tsv"):
        part, _, english = [*line.split("\t"), "", ""][:3]
        forms = english.split("|")
        if part == "kind" and m[1].lower() in (f.lower() for f in forms):
            return f"{forms[0]} {m[2].upper()}"
    return None


_WHO_OR_WHICH = re.compile(r"\b(?:who|which|what (?:province|city|place|ministry))\b", re.IGNORECASE)
_ORDINAL_ASKED = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b|\b(first|top|second|third|fourth|fifth)\b", re.IGNORECASE)
_ORDINAL_WORDS = {"first": 1, "top": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_NAME = r"((?:TP\.\s+)?[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*)*)"
_RANKED = re.compile(_NAME + r"\s+(?:xếp|đứng)\s+(?:thứ|hạng)\s+(\d+)(?:/(\d+)(?:\s+(tỉnh|địa phương|bộ))?)?")
_LEADS = re.compile(_NAME + r"\s+(?:dẫn đầu|đứng đầu|xếp đầu)")


def _rank_line(q: Query, texts: list[str]) -> str | None:
    """ "who ranked 4th in pii 2025" → "Hải Phòng ranked 4th of 34.": the place or body the evidence says
    "xếp thứ 4/34" (or "dẫn đầu" for first) of, when the question asks who or which holds that place."""
    if not _asks_who_ranks(q):
        return None
    asked = _ORDINAL_ASKED.search(q.question)
    n = int(asked[1]) if asked[1] else _ORDINAL_WORDS[asked[2].lower()]
    for text in texts:
        for m in _RANKED.finditer(text):
            if int(m[2]) == n:
                return f"{m[1]} ranked {ordinal(str(n))}" + (f" of {m[3]}{_ranked_among(m[4])}." if m[3] else ".")
    if n == 1:
        m = next((m for t in texts if (m := _LEADS.search(t))), None)
        if m:
            return f"{m[1]} ranked first."
    return None


def _asks_who_ranks(q: Query) -> bool:
    """ "who ranked 4th", "which province is top": a place in a ranking, asked by who or which."""
    return bool(_ORDINAL_ASKED.search(q.question) and _WHO_OR_WHICH.search(q.question))


def _ranked_among(noun: str | None) -> str:
    """ "4/34 tỉnh, thành" → " provinces and cities": what the total counts, in English."""
    if not noun:
        return ""
    return " provinces and cities" if noun == "tỉnh" else f" {english_unit(noun)}"


def _asked_event(q: Query):
    """The document event the question asks about ("take effect" → effect, "signed" → signed), if any."""
    return next((e for e in events() if any(re.search(rf"\b{re.escape(w)}\b", q.folded) for w in e.asked)), None)


def _words_between(text: str, end: int, m: re.Match) -> int:
    return len(text[end : m.start()].split())


def _en_full(m: re.Match) -> str | None:
    try:
        return en_date(date(int(m[3]), int(m[2]), int(m[1])))
    except ValueError:
        return None


def _who_of(q: Query, texts: list[str]) -> str | None:
    """The person or body of the clause sharing most words with the question ("tiểu ban cải cách hành chính
    do Bộ trưởng Bộ Nội vụ đứng đầu" for "who heads the administrative reform subcommittee"); the earliest
    of equals."""
    wanted = set(content_syllables(q.folded))
    event = _asked_event(q)  # "who signed …": only a clause that says it was signed ("ký") names the signer
    if event and event.name in ("issued", "effect") and not q.documents:
        event = None  # "who presided over the launch of the portal": a launch ("ra đời") is no document's issue
    offices = _offices(q.folded)  # "who chairs the central steering committee": the clause naming its head
    best: tuple[bool, bool, bool, int, int, str] | None = None
    order = 0
    for text in texts:
        for clause in re.split(r"[;:]\s+|\.\s+", text):
            order += 1
            if event and not _says_event(clause, event):
                continue
            holder = _role_holder(clause, offices)  # before the clause is narrowed to one of its parts
            parts = [x for x in re.split(r",\s+|\)\s+", clause) if _who(q, x)]
            if event:  # "Kế hoạch 02 của Ban Chỉ đạo Trung ương, …, do đồng chí Trần Cẩm Tú ký": the part saying it
                parts = [x for x in parts if _says_event(x, event)] or parts
            if len(parts) > 1:  # "3 tiểu ban: Đề án 06 (Bộ trưởng Bộ Công an), …, và cải cách hành chính (…)"
                clause = max(
                    parts, key=lambda x: (len(wanted & set(content_syllables(fold(x.lower())))), -parts.index(x))
                )
            name = (_who(q, holder) if holder else None) or _who(q, clause)
            if name:
                holds_office = bool(offices & _offices(fold(clause.lower())))
                in_role = bool(holder) and name == _who(q, holder)
                overlap = len(wanted & set(content_syllables(fold(clause.lower()))))
                named = bool(persons_in(name))  # "Tổng Bí thư Tô Lâm" says who, "Tổng Bí thư" only the title
                key = (holds_office, in_role, named, overlap, -order, name)
                best = max(best or key, key)
    return best[-1] if best else None


def _says_event(text: str, event) -> bool:
    """The text says the asked event with its own word ("ký" for "signed")."""
    return any(re.search(rf"\b{re.escape(w)}\b", fold(text.lower())) for w in event.said[:1])


# The role position of a sentence: "do đồng chí X, Ủy viên Bộ Chính trị, … làm Trưởng ban", "X làm Trưởng
# Ban Chỉ đạo", "do X chủ trì", "X chủ trì": X holds the role, whatever else the sentence names.
_ROLE_WORDS = r"(?:làm|là|giữ chức|được giao làm)\s+"
_ROLE_AFTER_DO = re.compile(
    r"\bdo\s+(?:(?:đồng chí|ông|bà)\s+)?([^,;()]+?)(?:,[^;()]*?)?\s+(?:" + _ROLE_WORDS + r"([^\W\d_]+(?:\s+[^\W\d_]+)?)"
    r"|(chủ trì|đứng đầu|phụ trách))\b"
)
_ROLE_BEFORE = re.compile(
    r"(?:^|,\s*)(?:(?:đồng chí|ông|bà)\s+)?([^,;()]+?)\s+(?:"
    + _ROLE_WORDS
    + r"([^\W\d_]+(?:\s+[^\W\d_]+)?)|(chủ trì|đứng đầu))\b"
)


def _role_holder(clause: str, offices: frozenset[str]) -> str | None:
    """Who the clause puts in the role: the words before "làm Trưởng ban" / "chủ trì", or after "do" when
    they come later. A role named ("làm Trưởng ban") must be an office the question asks about, when it
    asks one."""
    for pattern in (_ROLE_AFTER_DO, _ROLE_BEFORE):
        for m in pattern.finditer(clause):
            role = m.group(2)
            if role is not None:
                named = _offices(fold(role.lower()))
                if not named or (offices and not offices & named):
                    continue
            return m.group(1).strip()
    return None


@lru_cache(maxsize=1)
def _office_pattern() -> re.Pattern:
    titles = sorted(data.lines("office_titles.txt"), key=len, reverse=True)
    return re.compile(r"(?<!\w)(pho )?(" + "|".join(map(re.escape, titles)) + r")(?!\w)")


def _offices(folded_text: str) -> frozenset[str]:
    """The offices (data/office_titles.txt) a folded text names, a deputy's ("phó trưởng ban") aside."""
    return frozenset(m.group(2) for m in _office_pattern().finditer(folded_text) if not m.group(1))


def _who(q: Query, text: str) -> str | None:
    """A person or body the sentence names that the question does not name itself ("who chairs the
    Government's steering committee": not "Chính phủ")."""
    asked = f" {q.folded} "

    def new(name: str) -> bool:
        return f" {fold(name.lower())} " not in asked

    m = _PERSON.search(text)  # a name after a title, when no family name the surname table knows starts one
    persons = [p for p in [*persons_in(text), *([m.group(1).strip()] if m else [])] if new(p)]
    if persons:
        return _titled(persons[0], text)
    agency = known_agency(text)
    if agency and new(agency):
        return english_name(agency)
    bodies = [b for b in bodies_in(text) if new(b)]
    return english_body(bodies[0], text) if bodies else None


_TITLE_BEFORE = re.compile(r"(Tổng Bí thư|Phó Thủ tướng|Thủ tướng|Bộ trưởng|Chủ tịch|Phó Chủ tịch)\s+$")


def _titled(name: str, text: str) -> str:
    """ "General Secretary Tô Lâm": the name with the office the text writes right before it, in English
    when the glossary says it ("Tổng Bí thư" → general secretary); the name alone otherwise."""
    at = text.find(name)
    m = _TITLE_BEFORE.search(text[:at]) if at > 0 else None
    english = glossary_vi_en().get(m.group(1).lower()) if m else None
    if not english:
        return name
    return " ".join(w[:1].upper() + w[1:] for w in english.split()) + f" {name}"


_QUOTED = re.compile(r"\blà\s+[\"“«]([^\"”»]{3,160})[\"”»]")


def _quoted(q: Query, chosen) -> str | None:
    """ "phu tho motto for 2026": the words a sentence quotes as what the question names ("Phương châm được
    nêu là "Hành động đột phá, lan tỏa kết quả""), when the words before the quote hold one of the question's."""
    wanted = set(content_syllables(q.folded)) - set(" ".join(fold(p.lower()) for p in q.provinces).split())
    years = [str(y) for y in q.years]
    for _, sentences in chosen:
        for n, text in enumerate(sentences):
            m = _QUOTED.search(text)
            if not m or not wanted & set(content_syllables(fold(text[: m.start()].lower()))):
                continue
            around = " ".join(sentences[max(0, n - 1) : n + 1])  # "… năm 2026 là năm tăng tốc …. Phương châm …"
            if all(re.search(rf"(?<!\d){y}(?!\d)", around) for y in years):
                return m.group(1).strip()  # a year asked must be the quote's: 2026's motto is no answer for 2024
    return None


def _where(text: str) -> str | None:
    m = _ADDRESS.search(text)
    if m:
        return m.group(0).rstrip(".,;)")
    m = _PLACE_AT.search(text)
    return m.group(1).strip() if m else None


def _number(q: Query, texts: list[str]) -> str | None:
    """The number whose words (the noun it counts, what follows) share most with the question; the
    earliest of equals. "bao nhiêu nhiệm vụ": only numbers of that noun, when the evidence has any."""
    counted = re.search(r"\bbao nhieu\s+(\w+)", q.folded)
    noun = counted[1] if counted else next((fold(n) for n in _counted_nouns() if _names(q.text.lower(), n)), None)
    wanted = set(content_syllables(q.folded))
    found: list[tuple[int, int, re.Match, str]] = []
    for n, text in enumerate(texts):
        for m in _VALUE.finditer(text):
            if (
                _LABEL_BEFORE.search(text[: m.start()])
                or re.match(r"[-/]", text[m.end() : m.end() + 1])
                or re.fullmatch(r"/(?:19|20)\d\d", m.group(2) or "")  # "6/2025" is a month
                or (re.fullmatch(r"(?:19|20)\d\d", m.group(1)) and m.group(3) != "%")  # a year
            ):
                continue
            found.append((len(wanted & set(content_syllables(_context(text, m)))), -n, m, text))
    if noun:  # "bao nhiêu nhiệm vụ", "tasks not done": the numbers of that noun, when there are some
        of_noun = [f for f in found if _unit_folded(f[2]).startswith(noun.split()[0])]
        found = of_noun or found
    if not found:
        return None
    best = max(found, key=lambda f: (f[0], f[1], -f[2].start()))
    return _said(best[2], best[3], _total_of(best[2], best[3]))


def _total_of(m: re.Match, text: str) -> str | None:
    """ "giao 147 nhiệm vụ; đã hoàn thành 82 nhiệm vụ (55,78%)": the earlier count of the same noun that the
    share after the number is of (82/147 = 55,78%), so the lead says "82 of 147 tasks"."""
    share = re.match(r"\s*\((\d+(?:,\d+)?)%\)", text[m.end() :])
    if not share or m.group(2) or not m.group(3):
        return None
    part, percent = _as_float(m.group(1)), float(share[1].replace(",", "."))
    for other in _VALUE.finditer(text[: m.start()]):
        whole = _as_float(other.group(1))
        if other.group(3) == m.group(3) and whole > part and abs(100 * part / whole - percent) < 0.05:
            return en_number(other.group(1).replace(".", ""))
    return None


def _as_float(number: str) -> float:
    return float(number.replace(".", "").replace(",", "."))


_BOUNDARY = re.compile(r"[.;:,()\n]")


def _context(text: str, m: re.Match) -> str:
    """The words a number stands among, folded: the sentence before it ("dân số … trên" 4 triệu người; "tỉnh
    Phú Thọ được giao 147 nhiệm vụ; đã hoàn thành" 82) and after it up to the next clause (4 "triệu người"),
    not past another number: Vietnamese names the measure first, the counted noun after. A later number
    has the words of the earlier ones before it: it wins only by a word of the question they lack."""
    before = text[: m.start()]
    end = m.end(2) if m.group(2) else m.end(1)  # the counted noun after the number is part of its words
    after = text[end : end + 60]
    numbers = [  # another number, not a document's ("nhiệm vụ Nghị quyết 57 chưa hoàn thành") nor a year
        d.start()
        for d in re.finditer(r"\d+", after)
        if not _LABEL_BEFORE.search(after[: d.start()]) and not re.fullmatch(r"(?:19|20)\d\d", d.group(0))
    ]
    stop = min([b.start() for b in _BOUNDARY.finditer(after)] + numbers + [60])
    return fold(f"{before} {after[:stop]}".lower())


def _unit_folded(m: re.Match) -> str:
    unit = (m.group(3) or "").strip()
    first, _, rest = unit.partition(" ")
    return fold((rest if first.lower() in _SCALE else unit).lower())


def _said(m: re.Match, text: str, total: str | None = None) -> str:
    number, unit = m.group(1), (m.group(3) or "").strip()
    said = en_number(number.replace(".", "").replace(",", "."))  # "5,3" → "5.3", "03" → "3"
    if total:  # "82 of 147 tasks"
        said = f"{said} of {total}"
    hedge = _HEDGE.search(text[: m.start()])
    if hedge:  # "trên 4 triệu người" is over 4 million, not 4 million
        said = f"{_HEDGES[fold(hedge[1].lower())]} {said}"
    if m.group(2):  # "189/309 nhiệm vụ": the count of its total
        said += "/" + en_number(m.group(2)[1:].replace(".", ""))
    if unit == "%":
        return f"{said}%"
    first, _, rest = unit.partition(" ")
    if first.lower() in _SCALE:  # "5,3 triệu đảng viên" → "5.3 million"
        said, unit = f"{said} {_SCALE[first.lower()]}", rest
    if not unit:
        return said
    english = english_unit(unit)
    if english == unit:  # "nhóm nhiệm" (the rest of "nhóm nhiệm vụ"): the noun's first word
        english = english_unit(unit.split()[0])
    return f"{said} {english}" if english != unit.split()[0] else said
