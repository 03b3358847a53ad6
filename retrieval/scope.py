"""Scope honesty: a province, body or document the question names that no evidence covers is said first.

"Covered" means any passage the role may see names it (register rows are passages too): a Sở named in
a prose report is covered even when no register row names it. What is not covered is answered
`not_found`, on every path, with what the data does have: "Dữ liệu hiện có không có số liệu của tỉnh
Nghệ An; có số liệu của Phú Thọ: …". A zero count over data that covers the scope is no concern of this
module: that is an answer ("Không có nhiệm vụ nào …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

import numpy as np

from . import data
from .access import sees_internal
from .document_facts import short_name
from .english_lead import english_title
from .index import LoadedIndex
from .language import vietnamese_shaped
from .models import Answer
from .query import Query, has_domain_word, names_body, without_asking, without_glossary_phrases
from .question import DUE_WORDS, folded, province_names, split_agencies
from .registers import classify
from .search import mentions, top_positions
from .text import fold, has_diacritics, normalise, query_tokens, stop_syllables, syllables
from .wording import en_period, english_name, is_disclaimer

_KIND_WORDS = {
    "nghi quyet": "Nghị quyết",
    "quyet dinh": "Quyết định",
    "chi thi": "Chỉ thị",
    "nghi dinh": "Nghị định",
    "thong tu": "Thông tư",
    "ke hoach": "Kế hoạch",
    "quy che": "Quy chế",
    "quy dinh": "Quy định",
    "thong bao": "Thông báo",
    "cong van": "Công văn",
    "de an": "Đề án",
}
_DEPTH = 20  # passages read to decide whether a phrase occurs anywhere: BM25 ranks its holders first


@dataclass(frozen=True)
class Gap:
    """Something the question names that no evidence covers."""

    kind: str  # province | body | document | name | detail
    name: str  # as a reader writes it ("tỉnh Nghệ An", "Sở Tài chính", "Nghị quyết 99")
    instead: str | None = None  # the covered name whose answer is offered instead ("Phú Thọ", "Bộ Tài chính")
    within: str | None = None  # the title of the named document searched, when the gap is inside one
    within_doc: str | None = None  # its doc id: the answer cites it
    # a detail's evidence phrases (data/details.tsv): a guide's referral holding one says where to ask instead
    held: tuple[str, ...] = ()
    typed: str | None = None  # the body as the question typed it, folded ("so noi vu"): what a substitute replaces
    # a commune or ward no register holds: the ones the commune register does hold, as it writes them
    units: tuple[str, ...] = ()


def gaps(index: LoadedIndex, q: Query) -> list[Gap]:
    out: list[Gap] = []
    for province in q.provinces:
        if not _covered(index, q.role, _spellings(province)):
            out.append(
                Gap(
                    "province",
                    province,  # "Đà Nẵng", "Hà Nội" are cities: no "tỉnh" before the name
                    main_province(index, q.role, exclude=province),
                )
            )
    named_docs = tuple(sorted(d for d in q.documents if not index.documents[d].columns))
    for body in q.bodies:
        if not body.startswith(("so ", "bo ", "uy ban nhan dan ", "phuong ", "xa ", "huyen ")) or _is_known(body, q):
            continue
        level, _, rest = body.partition(" ")
        if q.language == "en" and level in ("xa", "phuong") and any(folded(p) == rest for p in q.provinces):
            continue  # "how many communes does Lao Cai have", read "bao nhiêu xã Lào Cai": the province's communes
        if _covered(index, q.role, (spelled(q, body),), named_docs):
            continue
        instead = None
        if body.startswith("so "):
            ministry = "bo " + body[3:]
            instead = next((a for a in q.agencies if folded(a) == ministry), None) or _known_agency(index, q, ministry)
        title = short_name(index.documents[named_docs[0]]) if named_docs else None
        # A name only internal documents hold is not echoed to a role that may not see them.
        hidden = not q.sees_internal and _covered(index, "official", (spelled(q, body),), named_docs)
        name = "cơ quan, địa phương được hỏi" if hidden else scope_name(q, body)
        if instead and not hidden and folded(name).removeprefix("so ") == folded(instead).removeprefix("bo "):
            name = "Sở " + instead.removeprefix("Bộ ")  # "so y te" → "Sở Y tế", spelled as the ministry is
        units = _register_units(index, q.role) if level in ("xa", "phuong") and not hidden else ()
        if units and not q.accented:  # "xa hoa binh" is not echoed as "Xã Hoa Binh": which one is not known
            name = f"{'xã' if level == 'xa' else 'phường'} được hỏi"
        out.append(Gap("body", name, instead, title, named_docs[0] if named_docs else None, typed=body, units=units))
    for name in (*_unknown_acronyms(index, q), *_unknown_english_names(index, q)):
        out.append(Gap("name", name))
    if _future_results(q):  # "Số liệu tiến độ quý 4/2026 ra sao?" asked on 10/02/2026: that period has not come
        out.append(Gap("future", q.period.label))
    for kind, n in mentions(q.folded):
        if q.documents or _covered(index, q.role, (f"{kind} {n}", f"{kind} so {n}", f"{kind} 0{n}")):
            continue
        typed = re.search(rf"\b0*{n}\b", q.folded)  # the number as typed: "Chỉ thị 05", not a "5" of our own
        out.append(Gap("document", f"{_KIND_WORDS[kind]} {typed[0] if typed else n}"))
    return out


_RESULTS_ASKED = re.compile(
    r"\b(?:so lieu|tien do|ket qua|dat duoc|bao nhieu diem|xep hang|xep thu|ty le|progress|results?|figures?)\b"
)


def _future_results(q: Query) -> bool:
    """Results or figures asked for a quarter or month that has not begun: no report can hold them yet (a
    deadline in it is another question: "nhiệm vụ hạn quý IV/2026")."""
    period = q.period
    if period is None or period.start is None or period.kind not in ("quarter", "month", "months"):
        return False
    return period.start > q.today and bool(_RESULTS_ASKED.search(q.folded)) and not DUE_WORDS.search(q.folded)


def _register_units(index: LoadedIndex, role: str) -> tuple[str, ...]:
    """The communes and wards the registers hold tasks of (that the role may see), in register order."""
    from .registers import tables

    return tuple(dict.fromkeys(r.commune for r in tables(index, role).tasks if r.commune))


def _unknown_acronyms(index: LoadedIndex, q: Query) -> list[str]:
    """Indexes the question names by an acronym no passage holds ("Chỉ số PCI", "PAPI 2024"): the data
    does not have them. Only an acronym named as an index or with a year: users type many short forms
    ("DVCQG") the corpus spells out, and our own (NQ, UBND, KH&CN…) were expanded when the question was read."""
    out = []
    named = (
        r"(?:chỉ số|chi so|bộ chỉ số|bo chi so|index)\s+([A-ZĐ]{2,6})(?![\w&/-])"
        r"|(?<![\w&/-])([A-ZĐ]{2,6})\s+(?:20\d\d)\b"
    )
    for m in re.finditer(named, q.question, re.IGNORECASE):
        word = m.group(1) or m.group(2)
        w = word.lower()
        if w in index.df or fold(w) in index.df:
            continue
        # typed in lower case ("chi so papi"), a word no Vietnamese syllable spells after "chỉ số" is one too
        if not word.isupper() and (m.group(2) or vietnamese_shaped(w) or len(w) < 3):
            continue
        word = word.upper()
        if re.search(rf"(?<!\w){re.escape(fold(w))}(?!\w)", q.folded):
            out.append(word)
    return out


def _unknown_english_names(index: LoadedIndex, q: Query) -> list[str]:
    """Names an English question writes that neither the glossary nor any passage knows ("What is the capital
    of Australia?"): the data has nothing on them, whatever its other words meet. A name is a capitalised
    word after the first; acronyms ("PCI") are `_unknown_acronyms`' concern."""
    if q.language != "en":
        return []
    known = _glossary_words()
    out = []
    tokens = [t for t in q.question.split() if not re.search(r"[\d/]", t)]  # "06/QĐ-TTg" is a document number
    for word in re.findall(r"[^\W\d_]+", " ".join(tokens))[1:]:
        w = fold(word.lower())
        if not word[:1].isupper() or sum(c.isupper() for c in word) >= 2 or len(w) < 3 or w in known:
            continue
        if w not in index.df and word.lower() not in index.df:
            out.append(word)
    return out


@lru_cache(maxsize=1)
def _glossary_words() -> frozenset[str]:
    from .query import glossary

    return frozenset(fold(w) for phrase in glossary() for w in re.findall(r"[^\W\d_]+", phrase.lower()))


def uncited_document(index: LoadedIndex, q: Query, answer: Answer) -> Gap | None:
    """The question names a document, and no cited passage is it or speaks of it ("NQ 03/NQ-CP do Thủ tướng
    Phạm Minh Chính ký phải không?" answered from NQ 71's signature): the named document does not say.
    A source speaks of it when its text (links left out) writes its number ("71/NQ-CP", "Nghị quyết 71")."""
    if answer.status != "answered" or not q.documents or not answer.citations:
        return None

    if any(table_kind(index, c.source.doc_id) == "tasks" for c in answer.citations):
        return None  # the register path reads a directive's tasks from its action programme's register by design
    needles = []
    for d in q.documents:
        number = index.documents[d].number or ""
        m = re.match(r"\d+", number)
        if m:
            needles.append(rf"{re.escape(number.lower())}|{_DOCUMENT_KINDS}\s*0*{int(m[0])}\b")
    for c in answer.citations:
        if c.source.doc_id in q.documents:
            return None
        text = " ".join((c.source.title, c.source.number or "", *c.passage.headings, c.passage.text))
        text = re.sub(r"https?://\S+", " ", normalise(text))
        if any(re.search(n, text) for n in needles):
            return None
        if table_kind(index, c.source.doc_id) and not re.search(rf"{_DOCUMENT_KINDS}\s*\d", text):
            return None  # a figure that names no document ("Số xã") claims nothing about one
    named = sorted(q.documents, key=lambda d: (bool(index.documents[d].columns), d))
    doc = index.documents[named[0]]
    return Gap("body", _what_is_asked(q), within=short_name(doc), within_doc=doc.doc_id)


def table_kind(index: LoadedIndex, doc_id: str) -> str | None:
    """ "tasks", "figures" or "targets" for a register the generic tables read, "table" for another CSV, None
    for prose; read once per build (answers cite up to a hundred rows of one register)."""
    key = ("table-kind", doc_id)
    if key not in index.cache:
        columns = index.documents[doc_id].columns
        index.cache[key] = (classify(columns) or ("table",))[0] if columns else None
    return index.cache[key]


_DOCUMENT_KINDS = r"(?:nghị quyết|quyết định|đề án|chỉ thị|nq|qđ)"


def _what_is_asked(q: Query) -> str:
    subject = next(iter((*q.agencies, *q.communes, *q.provinces)), None)
    if q.language == "en":
        return f"what is asked about {english_name(subject)}" if subject else "what is asked"
    return f"thông tin được hỏi về {subject}" if subject else "thông tin được hỏi"


def _spellings(province: str) -> tuple[str, ...]:
    return tuple(k for k, v in province_names().items() if v == province)


def _is_known(body: str, q: Query) -> bool:
    """A body the registers name (an agency or commune the question resolved) is covered by definition."""
    known = [_words(folded(a)) for a in (*q.agencies, *q.communes)]  # "bộ văn hóa, thể thao…" typed without commas
    body = _words(body)
    return any(k.startswith(body) or k in body or body in k for k in known)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[\w&]+", text))


def _known_agency(index: LoadedIndex, q: Query, key: str) -> str | None:
    from .registers import tables

    return tables(index, q.role).agencies.get(key)


def _covered(index: LoadedIndex, role: str, phrases: tuple[str, ...], docs: tuple[str, ...] = ()) -> bool:
    """Whether any passage the role may see (within `docs`, if given) holds one of the phrases (compared
    with diacritics when the phrase has them, else folded)."""
    key = ("covered", sees_internal(role), phrases, docs)
    if key in index.cache:
        return index.cache[key]
    allowed = np.ones(len(index.passages), dtype=bool) if sees_internal(role) else index.access.copy()
    if docs:
        allowed &= np.isin(index.doc_of, [index.doc_ids.index(d) for d in docs])
    found = False
    for phrase in phrases:
        scores = np.where(allowed, index.bm25.get_scores(query_tokens(phrase)), 0.0)
        for i in top_positions(scores, _DEPTH):
            if scores[i] <= 0:
                break
            p = index.passages[int(i)]
            text = p.embedding_text(index.documents[p.doc_id].title)
            text = normalise(text) if has_diacritics(phrase) else folded(text)
            if names_body(text, phrase):
                found = True
                break
        if found:
            break
    index.cache[key] = found
    return found


_LEVELLED = ("uy ban nhan dan", "cong an")  # heads whose kind includes the level after them ("… tỉnh", "… xã")


def body_kind(name: str) -> str | None:
    """The kind of body a name is, folded: "Sở Nội vụ" → "so", "UBND tỉnh Phú Thọ" → "uy ban nhan dan tinh",
    "UBND xã Xuân Đài" → "uy ban nhan dan xa"; None for a name without a known head ("Văn phòng Chính phủ")."""
    from .query import body_head_spelling

    key = folded(name)
    head, _ = body_head_spelling(key)
    if not head:
        return None
    rest = key[len(head) :].split()
    return f"{head} {rest[0]}" if head in _LEVELLED and rest else head


def kind_leads_tasks(index: LoadedIndex, role: str, agency: str) -> bool:
    """Whether some task row the role may see is led by a body of the agency's kind.

    The registers cover a kind of body as lead only when they record tasks it leads: the NQ 03 list records
    ministries', the commune register communes'. None records a provincial department's (a "Sở"), so "Sở Nội vụ
    chủ trì nhiệm vụ nào?" has no answer in them, though the commune register names Sở Nội vụ as a partner:
    a zero count there would tell an official the department leads nothing. "Bộ Tư pháp", a ministry that only
    helps with tasks, leads none in a list that does record ministries' tasks: that zero is an answer."""
    kind = body_kind(agency)
    if kind is None:
        return True
    key = ("lead-kinds", sees_internal(role))
    if key not in index.cache:
        from .registers import tables

        kinds = set()
        for r in tables(index, role).tasks:
            for part in split_agencies(r.lead, r"[;,]|\s+và\s+"):
                found = body_kind(part.strip()) if part.strip() else None
                if found:
                    kinds.add(found)
        index.cache[key] = frozenset(kinds)
    return kind in index.cache[key]


@lru_cache(maxsize=1)
def _gone_levels() -> dict[str, str]:
    return dict(line.split("\t") for line in data.lines("levels.tsv"))


def gone_level(index: LoadedIndex, q: Query, gap: Gap) -> tuple[int, str] | None:
    """(passage position, sentence): the evidence saying the level of the body or place a gap names no longer
    exists ("Từ ngày 01/7/2025, tỉnh Phú Thọ không còn cấp huyện; …"), for "huyện Lâm Thao" or "UBND huyện
    Cẩm Khê"; None for other gaps or when no passage the role may see says so."""
    if gap.kind != "body":
        return None
    words = folded(gap.name).split()
    phrase = next((p for level, p in _gone_levels().items() if level in words), None)
    if phrase is None:
        return None
    scores = index.bm25.get_scores(query_tokens(phrase))
    for i in top_positions(scores, _DEPTH):
        if scores[i] <= 0 or not (q.sees_internal or index.access[int(i)]):
            continue
        p = index.passages[int(i)]
        if index.documents[p.doc_id].columns:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", p.text):
            if phrase in folded(sentence):
                return int(i), sentence.strip()
    return None


def main_province(index: LoadedIndex, role: str, exclude: str) -> str | None:
    """The province most of the local data is about: offered in place of one the data lacks."""
    key = ("main-province", sees_internal(role))
    if key not in index.cache:
        from .registers import tables

        counts: dict[str, int] = {}
        for r in tables(index, role).figures:
            for province in set(province_names().values()):
                if folded(province) in folded(r.scope):
                    counts[province] = counts.get(province, 0) + 1
        index.cache[key] = sorted(counts, key=lambda p: -counts[p])
    return next((p for p in index.cache[key] if p != exclude), None)


def spelled(q: Query, body: str) -> str:
    """A folded body as the question spells it: with its diacritics when it was typed with them, so
    "sở y tế" is not found in "cơ sở y tế" (folded, both are "so y te")."""
    if not q.accented and q.language != "en":  # an English question's working text is glossary Vietnamese
        return body
    start = fold(q.text).find(body)
    return " ".join(q.text[start : start + len(body)].split()) if start >= 0 else body


def scope_name(q: Query, body: str) -> str:
    """ "so tai chinh" → "Sở Tài chính", taken from the question's own (normalised) text where it can be."""
    typed = _as_typed(q, body)
    if typed:
        return typed
    words = spelled(q, body).split()
    if words and words[0] in ("sở", "bộ", "so", "bo") and len(words) > 1:
        words[1] = words[1].capitalize()
    if words and words[0] in ("phường", "xã", "huyện", "phuong", "xa", "huyen"):
        words = [words[0], *(w.capitalize() for w in words[1:])]
    if words and words[0] in ("phuong", "xa", "huyen", "so", "bo"):  # typed without diacritics: the kind spelled
        from .query import body_head_spelling

        words[0] = body_head_spelling(words[0])[1] or words[0]
    return " ".join([words[0].capitalize(), *words[1:]]) if words else body


def _as_typed(q: Query, body: str) -> str | None:
    """The body with the capitals the question typed ("UBND huyện Lâm Thao" → "Ủy ban nhân dân huyện Lâm
    Thao", "Sở Giáo dục và Đào tạo"), when it was typed with diacritics; None otherwise."""
    if not has_diacritics(q.question) or q.language == "en":
        return None
    capitals = {fold(w.lower()) for w in re.findall(r"\w+", q.question) if w[:1].isupper() and not w.isupper()}
    words = spelled(q, body).split()
    if not words or not capitals & {fold(w) for w in words[1:]}:
        return None
    words = [w[:1].upper() + w[1:] if fold(w) in capitals else w for w in words]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def message(gap: Gap, english: bool = False) -> str:
    """What is said first when the question names what the data does not cover."""
    if gap.units:  # "xã Hòa Bình có bao nhiêu nhiệm vụ": no such unit, and the ones the register does hold
        if english:
            return (
                f"The available data has no such commune or ward. The commune register holds: {', '.join(gap.units)}."
            )
        name = gap.name[:1].lower() + gap.name[1:]  # "không có xã Hòa Bình": the level in lower case
        return f"Dữ liệu hiện có không có {name}. Sổ nhiệm vụ cấp xã có các xã, phường: {', '.join(gap.units)}."
    if gap.kind == "future":
        if english:
            return f"The available data has no results {en_period(gap.name)} yet: that period has not begun."
        return f"Dữ liệu hiện có chưa có số liệu {gap.name}: kỳ này chưa đến."
    if english:
        where = f" in {english_title(gap.within)}" if gap.within else ""
        text = f"The available data has no information about {gap.name}{where}"
        return text + (f"; it does have {gap.instead}:" if gap.instead else ".")
    if gap.kind == "province":
        text = f"Dữ liệu hiện có không có số liệu của {gap.name}"
        return text + (f"; có số liệu của {gap.instead}:" if gap.instead else ".")
    if gap.kind == "document":
        return f"Dữ liệu hiện có không có văn bản {gap.name}."
    if gap.kind in ("detail", "name"):
        return f"Dữ liệu hiện có không có thông tin về {gap.name}."
    if gap.within:  # "… không nêu huyện Tam Đảo": a level word mid-sentence in lower case
        name = re.sub(
            r"^(Huyện|Xã|Phường|Quận|Thị xã) ", lambda m: m[1].lower() + " ", gap.name
        )  # "… nêu huyện Tam Đảo"
        text = f"{gap.within} trong dữ liệu hiện có không nêu {name}"
    else:
        text = f"Dữ liệu hiện có không có thông tin về {gap.name}"
    return text + (f"; có thông tin của {gap.instead}:" if gap.instead else ".")


def substitute(q: Query, gap: Gap) -> str | None:
    """The question asked about what the data has instead ("Sở Tài chính …" → "Bộ Tài chính …")."""
    if not gap.instead:
        return None
    if gap.kind == "province":
        pattern = "|".join(re.escape(s) for s in sorted(_spellings_of_name(gap.name), key=len, reverse=True))
    else:  # a name not echoed ("cơ quan, địa phương được hỏi") is replaced where it was typed
        pattern = re.escape(gap.typed or folded(gap.name))
    f = q.folded
    swapped = re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", folded(gap.instead), f, count=1)
    return swapped if swapped != f else None


def _spellings_of_name(name: str) -> tuple[str, ...]:
    province = name.removeprefix("tỉnh ").strip()
    return _spellings(province) or (folded(province),)


# --- details the evidence must hold in its own words -----------------------------------------------------


@dataclass(frozen=True)
class Detail:
    """A detail a question may ask for (data/details.tsv): what it is called, how it is asked, how held."""

    name: str  # as an answer says it ("giờ làm việc")
    english: str  # as an English answer says it ("opening hours")
    asked: re.Pattern  # on the folded question
    held: tuple[str, ...]  # accent-less phrases, one of which a cited passage must hold; () = the asked phrase


@lru_cache(maxsize=1)
def _details() -> tuple[Detail, ...]:
    out = []
    for line in data.lines("details.tsv"):
        name, asked, held, english = line.split("\t")
        phrases = sorted((p.strip() for p in _alternatives(asked) if p.strip()), key=len, reverse=True)
        alternation = "|".join(p[3:] if p.startswith("re:") else re.escape(p) for p in phrases)
        pattern = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])")
        held = held.strip()
        if held == "=":
            held_by: tuple[str, ...] = ()
        else:
            held_by = (held,) if held.startswith("re:") else tuple(h.strip() for h in held.split("|"))
        out.append(Detail(name, english.strip(), pattern, held_by))
    return tuple(out)


def _alternatives(cell: str) -> list[str]:
    """A cell's "|"-separated phrases; a "|" inside the brackets of a "re:" phrase belongs to it."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(cell):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            out.append(cell[start:i])
            start = i + 1
    return [*out, cell[start:]]


@lru_cache(maxsize=1)
def _counted() -> re.Pattern:
    nouns = sorted({fold(n.lower()) for n in data.lines("counted_nouns.txt")}, key=len, reverse=True)
    return re.compile(r"\b(?:bao nhieu|may)\s+(" + "|".join(re.escape(n) for n in nouns) + r")\b")


def _holds(text: str, phrase: str) -> bool:
    if phrase.startswith("re:"):
        return bool(re.search(phrase[3:], text))
    if phrase.endswith(("/", "@")) or phrase.startswith("@"):
        return phrase in text
    return bool(re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text))


def unheld_detail(index: LoadedIndex, q: Query, answer: Answer) -> Gap | None:
    """The detail an answered question asks for that the answer does not hold, as a gap, else None.

    Two general rules, on every path (registers, indicators, prose): a detail of data/details.tsv (hours,
    fee, phone number, population, a PII pillar or sub-score, the head of a body…) needs its words in the
    answer's own text; and "bao nhiêu ‹what is counted›" from prose needs a number before that noun there
    ("Hải Phòng có bao nhiêu xã phường?" is not answered with Hải Phòng's PII score)."""
    if answer.status != "answered" or not answer.citations:
        return None
    raw = without_glossary_phrases(fold(q.question.lower())) if q.language == "en" else ""
    said = None
    for detail in _details():
        m = detail.asked.search(q.folded)
        m = m or (detail.asked.search(raw) if q.language == "en" else None)
        if not m:
            continue
        said = said or folded(answer.text)  # a detail must be said, not merely stand in a cited passage
        held = detail.held or (m.group(0),)
        # an English answer says the detail in English ("The population of Phú Thọ …")
        named = (*held, fold(detail.english.lower())) if q.language == "en" and detail.english else held
        if not _said_of_subject(q, said, named, m.group(0)):
            name = detail.english if q.language == "en" else detail.name if detail.held else spelled(q, m.group(0))
            return Gap("detail", _detail_name(q, name), held=held)
    m = _counted().search(q.folded)
    if m and q.accented and not re.search(r"\b(?:bao nhiêu|mấy)\b", q.text):
        m = None  # "máy tính" is no "mấy"
    if m:
        noun = m.group(1)
        alike = "|".join(re.escape(n) for n in (noun, *_counted_alike().get(noun, ())))
        # a date is no count: "từ ngày 01/7/2025 Trung tâm … được tổ chức" says nothing of how many centres
        number = r"(?<![\d/])(?!\d{1,2}/(?:\d{1,2}/)?\d{4})\d[\d.,/]*"
        counted = re.compile(rf"{number}\s+(?:[\w,]+\s+){{0,6}}(?:{alike})\b")
        for c in answer.citations:  # lazily: a count cites every counted row
            text = folded(" ".join((c.source.title, *c.passage.headings, c.passage.text)))
            # a figure row counts what its indicator names ("Số xã"); a task row counts only tasks (the
            # register path's count), not "thủ tục" its product happens to name
            kind = table_kind(index, c.source.doc_id)
            table = kind is not None and (kind != "tasks" or noun in _TASK_NOUNS)
            if (table and _holds(text, noun)) or (not table and counted.search(text.replace("km 2", "km2"))):
                return None
        return Gap("detail", _detail_name(q, f"số {_spelled_noun(noun)}"))
    return None


@lru_cache(maxsize=1)
def _counted_alike() -> dict[str, tuple[str, ...]]:
    """ "người": "công dân", "đại biểu" … (data/counted_alike.tsv), folded."""
    out = {}
    for line in data.lines("counted_alike.tsv"):
        noun, words = line.split("\t")
        out[fold(noun.lower())] = tuple(fold(w.strip().lower()) for w in words.split("|"))
    return out


_TASK_NOUNS = frozenset({"nhiem vu", "viec", "cong viec", "tasks", "task"})


def _said_of_subject(q: Query, said: str, held: tuple[str, ...], asked: str) -> bool:
    """The (folded) answer says the detail and names what it is asked of; a referral saying it among other
    things ("… cài đặt VssID và lệ phí (nếu có), người dân hỏi cơ quan bảo hiểm xã hội") names at least half of
    what it is asked of itself: "vneid registration fee", "lệ phí đổi cccd" are not answered by it."""
    if not _about_subject(q, said, asked):
        return False
    subject = {fold(t) for t in q.terms} - set(" ".join((asked, *held)).split()) - {"co", "khong", "phai", "duoc"}
    for sentence in re.split(r"(?<=[.!?;:])\s+|\n", said):
        if not any(_holds(sentence, h) for h in held):
            continue
        named = set(re.findall(r"\w+", sentence)) & subject
        if not is_disclaimer(sentence) or 2 * len(named) >= len(subject):
            return True
    return False


def _about_subject(q: Query, said: str, asked: str) -> bool:
    """Whether the (folded) answer names what the question asks the detail of, besides the detail itself:
    "VNeID có miễn phí không" is not answered by a course that is "miễn phí" and never names VNeID."""
    subject = {fold(t) for t in q.terms} - set(asked.split()) - {"co", "khong", "phai", "duoc"}
    return not subject or bool(set(re.findall(r"\w+", said)) & subject)


def asked_detail(q: Query) -> Gap | None:
    """The detail of data/details.tsv a Vietnamese question asks for (a fee, opening hours…), as a gap, whatever
    was answered: said when nothing answered the question at all."""
    if q.language == "en":
        return None
    for detail in _details():
        m = detail.asked.search(q.folded)
        if m and detail.held:
            return Gap("detail", _detail_name(q, detail.name), held=detail.held)
    return None


def _spelled_noun(noun: str) -> str:
    return next((n for n in data.lines("counted_nouns.txt") if fold(n.lower()) == noun), noun)


def _detail_name(q: Query, detail: str) -> str:
    """ "giờ làm việc của phường Âu Cơ": the detail and the subject the question names, if any."""
    subject = next(iter((*q.communes, *q.provinces)), None)
    if subject is None and q.bodies:
        subject = scope_name(q, q.bodies[0])
    if subject and subject.startswith(("Xã ", "Phường ")):
        subject = subject[0].lower() + subject[1:]  # "của phường Âu Cơ"
    if q.language == "en":
        return f"{detail} for {subject}" if subject else detail
    return f"{detail} của {subject}" if subject else detail


# --- requests outside what govqa covers ------------------------------------------------------------------


def off_domain(index: LoadedIndex, q: Query, answer: Answer) -> bool:
    """Whether an answer found for a question that names nothing of ours is only a chance match.

    A question naming no document, agency, body, commune, province or year and none of our domain words
    (data/domain_words.txt) is answered only when a cited passage holds two of its content words side by
    side (its one content word, when it has one) — as typed, with diacritics when typed with them: "tối nay
    ăn gì" meets "an" (an ninh) and "tối"
    (tối thiểu) somewhere, never "tối … ăn". Such a question is out of service, not merely not found."""
    if answer.status != "answered" or not answer.citations:
        return False
    if q.documents or q.agencies or q.bodies or q.communes or q.provinces or q.years or q.language == "en":
        return False
    if has_domain_word(q.folded):
        return False
    if any(index.documents[c.source.doc_id].columns for c in answer.citations):
        return False  # counted from a register's rows by the slots the question named ("các phường … quá hạn")
    words = [w for w in syllables(without_asking(q.text, q.accented)) if w not in stop_syllables()]
    if not q.accented:
        words = [fold(w) for w in words]
    if not words:
        return False
    pairs = set(pairwise(words))
    for c in answer.citations:
        text = " ".join((c.source.title, *c.passage.headings, c.passage.text))
        said = syllables(normalise(text))
        said = said if q.accented else [fold(w) for w in said]
        if len(words) == 1 and words[0] in said:
            return False  # "vssid là gì": one word, and the evidence is about it
        if pairs & set(pairwise([w for w in said if w not in stop_syllables()])):
            return False
    return True


_ASK_ELSEWHERE = re.compile(r"\b(?:nguoi dan hoi|hoi co quan|tren trang thong tin chinh thuc|nen doi chieu)\b")
_NOT_SAID = re.compile(r"\b(?:khong neu|khong de cap|khong co du lieu|chua co du lieu|khong co trong nguon)\b")


def not_held_part(sentence: str) -> str | None:
    """What a sentence says the documents do not hold, folded: the words after "không nêu / không có dữ liệu
    về", or before "người dân hỏi / hỏi cơ quan"; None when it says no such thing."""
    f = folded(sentence)
    elsewhere, unsaid = _ASK_ELSEWHERE.search(f), _NOT_SAID.search(f)
    if not (elsewhere or unsaid):
        return None
    return f[: elsewhere.start()] if elsewhere else f[unsaid.end() :]


def disclaimed(index: LoadedIndex, q: Query, answer: Answer) -> Answer | None:
    """An answer whose own evidence says the documents do not hold what is asked: that sentence, cited,
    as a not-found ("Thẻ BHYT giấy tôi đang dùng còn giá trị không?" — "Về giá trị của thẻ BHYT giấy đang
    dùng …, người dân hỏi cơ quan bảo hiểm xã hội").

    The sentence counts when what it says is not held — the words after "không nêu / không có dữ liệu về",
    or before "người dân hỏi / hỏi cơ quan" — hold at least 60% of the question's content words. Register
    answers are computed and say their own gaps."""
    if answer.status != "answered" or not answer.citations:
        return None
    if any(index.documents[c.source.doc_id].columns for c in answer.citations):
        return None
    wanted = {fold(t) for t in q.terms}
    if len(wanted) < 3:
        return None  # "vssid dùng để làm gì": two words match too much to say what is not held
    for line in answer.text.splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", line):
            what = not_held_part(sentence)
            if what is None:
                continue
            if len(wanted & set(what.split())) < 0.6 * len(wanted):
                continue
            number = re.search(r"\[(\d+)\]", line[line.index(sentence) :])
            cited = tuple(c for c in answer.citations if number and c.number == int(number[1]))[:1]
            text = re.sub(r"\s*\[\d+\]", "", sentence).strip()
            if cited:  # the one source quoted is [1], whatever its number was among the sources left out
                cited, text = (replace(cited[0], number=1),), f"{text} [1]"
            return Answer(q.question, "not_found", text, cited)
    return None
