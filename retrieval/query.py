"""The question, read once: its language, its text with chat abbreviations and everyday words expanded,
its content words, the names it mentions (documents, agencies, communes, provinces, years, a period) and
its intent — one frozen `Query` that search, the register path and composition all read.

Example::

    q = read_query(index, "bn nhiem vu bo tai chinh chu tri z", role="citizen", today=date(2026, 2, 10))
    q.intents        # ('count', 'figure')
    q.agencies       # ('Bộ Tài chính',)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from . import data
from .access import sees_internal
from .home import asks_home, home_commune, home_province, owner_words
from .language import english_by, evidence, vietnamese_shaped
from .question import Period, find_names, intents, parse_period, parse_status, province_names, task_field
from .question import folded as folded_name
from .small_talk import without_greeting
from .text import fold, has_diacritics, nfc, normalise, stop_syllables, syllables

# Question words the composer answers first: "ai" → an agency or a person, "khi nào" → a date …
_ASKS = [
    ("who", r"\b(ai|co quan nao|don vi nao|bo nao|so nao|nguoi nao|ong nao|ba nao|dong chi nao|lanh dao nao)\b"),
    (
        "when",
        r"\b(khi nao|bao gio|luc nao|ngay nao|thang nao|nam nao|tu ngay nao|thoi han|han chot|han nao|ngay ban hanh"
        r"|ban hanh ngay|ngay ky|hieu luc tu|tu ngay nao|hoi nao|ngay may|thang may(?! bay)|nam may)\b",
    ),
    (
        "where",
        # ("tthcc là chỗ nào" asks what the centre is: retrieval/definition.py)
        r"\b(o dau|(?<!la )noi nao|(?<!la )cho nao|dia chi|(?<!tinh )trang nao|website|web|link|o cho nao"
        r"|trang web nao|cong nao"
        r"|ung dung nao)\b",
    ),
    # "… có TTHCC không hay chỉ tỉnh mới có": the yes or no of the first alternative
    ("yesno", r"\b(co\s+\S+(?:\s+\S+){0,8}\s+khong|phai khong|dung khong|duoc khong|chua)(?:\s*\??\s*$|\s+hay\s)"),
    ("how", r"\b(lam sao|the nao|nhu the nao|cach nao|ra sao|bang cach nao)\b"),
    # what happens to someone: "… thì bị sao", "sẽ bị đánh giá ntn", "bị xử lý thế nào"
    ("outcome", r"\bbi\s+(?:\w+\s+){0,2}?(?:gi|sao|the nao|nhu the nao|ra sao)\b"),
]


@dataclass(frozen=True)
class Query:
    """One question as every step of the answer path reads it."""

    question: str  # as typed
    role: str
    today: date
    language: str  # "vi" | "en"
    text: str  # normalised Vietnamese working text: chat words, everyday words (and English) read as official
    folded: str  # `text` without diacritics, single-spaced: the form names and intents are matched in
    accented: bool  # typed with diacritics: content words then keep theirs
    terms: tuple[str, ...]  # content words, accented if typed so: what a passage or sentence must cover
    search_text: str  # what BM25 gets: `text` plus the words as typed (everyday and official both meet)
    dense_text: str  # what the multilingual encoder gets: the question as typed, chat words in full
    documents: frozenset[str] = frozenset()  # doc ids the question names ("NQ57", "Quyết định 204")
    agencies: tuple[str, ...] = ()  # agencies the registers know, canonical
    bodies: tuple[str, ...] = ()  # every agency or body named ("Sở Tài chính"), known to the data or not
    communes: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    period: Period | None = None
    status: str | None = None  # a task status asked about ("chưa hoàn thành" → "unfinished")
    intents: tuple[str, ...] = ()  # register intents (count, list, overdue, lead, deadline, rate, rank, …)
    # the one field of one task asked for (status | deadline | lead | partner | product): what an answer about
    # a single task says first (question.task_field); None when none or several are asked
    task_field: str | None = None
    asks: tuple[str, ...] = ()  # what the first sentence must hold: who | when | where | yesno | how | outcome
    out_of_service: str | None = None  # the topic of a request outside what govqa covers ("thời tiết")
    # (official term, everyday words as typed), both as folded content syllables: a sentence holding the
    # everyday words covers the official term ("trên mạng" for "trực tuyến")
    everyday: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    # (a word only searched further, as typed; the official terms it may mean), folded content syllables: a
    # sentence holding one of them covers the word ("chạy" by "hoạt động" or "vận hành"; data/synonyms.tsv "+")
    meant: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = ()
    corrected: tuple[tuple[str, str], ...] = ()  # (word as typed, the index word read instead): "quyt" → "quyet"
    home_unknown: bool = False  # "xã mình" and no home commune configured: asked back

    @property
    def sees_internal(self) -> bool:
        return sees_internal(self.role)


_OWN_ROWS = frozenset(
    {"count", "list", "overdue", "upcoming", "open", "deadline", "rate", "lead", "product", "partner"}
)


def _about_own_rows(q: Query) -> bool:
    """Whether a question about "xã mình" asks for a commune's own tasks, deadlines or figures."""
    return bool(set(q.intents) & _OWN_ROWS or q.status or re.search(r"\b(nhiem vu|viec|han|tien do)\b", q.folded))


def read_query(index, question: str, role: str = "citizen", today: date | None = None) -> Query:
    """Read `question` once: language, expansions, content words and every slot the index can resolve."""
    from .registers import tables
    from .search import mentioned_documents

    today = today or date.today()
    t = tables(index, role)
    base = read_text(question)
    if base.language == "vi":  # "au co overdue tasks?": English but for a commune's name, spelt like Vietnamese
        names = commune_spellings(find_names(base.folded, t.communes))
        base = read_text(question, names) if names and is_english(without_greeting(question), names) else base
    if base.language == "vi" and base.out_of_service is None:
        base = _spelled_right(index, question, base)
    if base.language == "vi" and not any(not names_agency(b) for b in base.bodies):
        from .index import pair_counts  # "xa lam thao": a place whose name reads as words elsewhere

        places = named_bodies(base.text, base.accented, without_greeting(base.question), pair_counts(index))
        if set(places) - set(base.bodies):
            base = replace(base, bodies=tuple(dict.fromkeys([*base.bodies, *places])))
    f = base.folded
    documents = frozenset(mentioned_documents(index, f))
    agencies = tuple(find_names(f, t.agencies))
    communes = tuple(find_names(f, t.communes))
    provinces = tuple(find_names(f, province_names(), fuzzy=False))
    if not provinces and base.language == "en":  # "PII 2025 of Nghe An?": the translation drops the name's "an"
        provinces = tuple(find_names(" ".join(fold(base.question).lower().split()), province_names(), fuzzy=False))
    if provinces:  # "tỉnh Hòa Bình cũ" is the former province, not Phường Hòa Bình
        communes = tuple(c for c in communes if not _only_as_province(f, c))
    home_unknown = False
    named = " ".join(folded_name(n) for n in (*communes, *provinces))  # "xã Minh Hòa" is a name, not "xã mình"
    owners = owner_words(f) - set(named.split())  # "xã mình": the commune is asked about, "mình" is the asker
    if owners:
        base = replace(base, terms=tuple(t for t in base.terms if fold(t) not in owners))
    if not provinces and asks_home(f, "province"):  # "tỉnh mình": the deployment's province
        home = home_province(index, role)
        if home:
            provinces = (home,)
            base = replace(base, search_text=f"{base.search_text} {home.lower()}")
    if not communes and asks_home(f, "commune"):  # "xã mình": only known when configured
        home = home_commune(index)
        found = find_names(folded_name(home), t.communes) if home else []
        communes = tuple(found[:1])
        # asked back only when the answer is that commune's own rows; "xã mình có trung tâm hành chính công
        # không" asks what holds for every commune
        home_unknown = not communes and _about_own_rows(base)
    return replace(
        base,
        home_unknown=home_unknown,
        role=role,
        today=today,
        documents=documents,
        agencies=agencies,
        communes=communes,
        provinces=provinces,
        period=parse_period(f, today),
        # a place ("thời tiết Việt Trì mai") does not make a request ours; a document or an agency does
        out_of_service=base.out_of_service if not (documents or agencies) else None,
    )


def _spelled_right(index, question: str, base: Query) -> Query:
    """The question read again with its misspelt words ("nghi quyt") as the index words meant, when any."""
    from .index import pair_counts
    from .spelling import speller_for

    fixed, pairs = speller_for(index.df, pair_counts(index)).correct_text(nfc(question), _typed_words())
    if not pairs:
        return base
    return replace(read_text(fixed), question=base.question, corrected=pairs)


@lru_cache(maxsize=1)
def _typed_words() -> frozenset[str]:
    """Words the question reader knows without the index: chat words, abbreviations, glossary words."""
    words = set(_chat_table()[2])
    for name in ("abbreviations.tsv", "chat_abbreviations.tsv", "document_kinds.tsv"):
        for line in data.lines(name):
            words.update(v.strip().lower() for v in line.partition("\t")[0].split(",") if v.strip())
    words.update(glossary())
    for line in data.lines("synonyms.tsv"):  # "link", "web", "app": everyday words the documents never write
        words.update(v.strip().lower() for v in line.partition("\t")[2].split("|") if v.strip())
    words.update(p.strip().lower() for p in data.lines("asking_phrases.txt"))
    return frozenset(w for v in words for w in [v, *v.split()])


# "P. Việt Trì", "UBND P.Âu Cơ", "x.Xuân Đài": a commune-level kind written as its initial, before a capitalised name
_LEVEL_INITIAL = re.compile(r"(?<![\w&.])([PpXx])\.\s*(?=[A-ZĐÀ-Ỹ])")
_LEVEL_WORDS = {"P": "Phường", "p": "phường", "X": "Xã", "x": "xã"}


def _asked(raw: str) -> str:
    asked = without_greeting(raw)  # "Chào bạn, NQ 57 là gì?" asks "NQ 57 là gì?"
    return _LEVEL_INITIAL.sub(lambda m: _LEVEL_WORDS[m[1]] + " ", asked)  # "UBND P.Âu Cơ" → "UBND Phường Âu Cơ"


@lru_cache(maxsize=4096)
def language_of(question: str) -> str:
    """`read_text(question).language` ("en" or "vi") without the rest of the reading. The follow-up path asks
    only this of the texts it makes (a turn's subject, a question written in full), and reading one whole cost
    four times as much (docs/benchmarks.md, webhook path, session 8)."""
    return "en" if is_english(_asked(nfc(question).strip())) else "vi"


@lru_cache(maxsize=4096)
def read_text(question: str, names: tuple[str, ...] = ()) -> Query:
    """The parts of a Query that need no index: language, text forms, content words, years, intent.
    `names`: folded place names the question types, which say nothing of its language (`commune_spellings`)."""
    raw = nfc(question).strip()
    asked = _asked(raw)
    english = is_english(asked, names)
    working = translate_english(asked) if english else translate_english_words(asked)
    accented = has_diacritics(asked) and not english
    chat = expand_chat(working, accented=accented or english)
    chat = chat if accented or english else read_homographs(chat)  # "là so nao" about a number: "là số nào"
    normal = normalise(chat)
    official, typed, pairs = read_everyday_pairs(normal, plain=not (accented or english))
    f = " ".join(fold(official).split())
    terms = content_terms(without_asking(official, accented or english), accented or english)
    years = tuple(dict.fromkeys(int(y) for y in re.findall(r"\b(20\d\d)\b", f)))
    its = intents(f)
    return Query(
        question=raw,
        role="citizen",
        today=date.today(),
        language="en" if english else "vi",
        text=official,
        folded=f,
        accented=accented,
        terms=terms,
        search_text=f"{official} {typed}".strip() if typed else official,
        dense_text=asked if english else chat,  # chat words in full: "bcd" means nothing to the encoder
        years=years,
        bodies=tuple(named_bodies(official, accented, asked)),
        status=parse_status(f),
        intents=its,
        task_field=task_field(f, its),
        asks=_asks_of(_unasked(official), _unasked(normal), asked, english),
        out_of_service=out_of_service_topic(f) if not _has_domain_word(f) else None,
        everyday=tuple((_folded_content(o), _folded_content(t)) for o, t in pairs),
        meant=_meant(f),
    )


@lru_cache(maxsize=1)
def _searched_further() -> dict[str, tuple[str, ...]]:
    """Everyday word → the official terms it may mean, for the synonyms.tsv lines marked "+" (only searched,
    never replaced), folded: "chay" → ("van hanh", "hoat dong")."""
    out: dict[str, tuple[str, ...]] = {}
    for line in data.lines("synonyms.tsv"):
        officials, variants = line.split("\t")
        if officials.startswith("+"):
            meant = tuple(fold(normalise(o.strip())) for o in officials[1:].split("|") if o.strip())
            for v in variants.split("|"):
                if v.strip():
                    out[fold(normalise(v.strip()))] = out.get(fold(normalise(v.strip())), ()) + meant
    return out


def _meant(folded_question: str) -> tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]:
    """The words of a question only searched further and what they may mean (`Query.meant`)."""
    out = []
    for word, officials in _searched_further().items():
        typed = _folded_content(word)
        if typed and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded_question):
            out.append((typed, tuple(c for o in officials if (c := _folded_content(o)))))
    return tuple(out)


def _folded_content(text: str) -> tuple[str, ...]:
    stops = stop_syllables()
    return tuple(fold(s) for s in syllables(text) if fold(s) not in stops)


# "Is VNeID free?", "Does Phu Tho still have districts?", "Resolution 57 was signed by To Lam, right?"
_YES_NO_EN = re.compile(
    r"^(?:is|are|does|do|did|can|could|has|have|was|were|will|would|should|must|may)\b"
    r"|[,\s](?:right|correct|true|is that so)\s*\?*\s*$",
    re.IGNORECASE,
)


def _yes_no_by_form(raw: str, english: bool) -> bool:
    if not english:  # "hcm no.1 in pii 2025?" may read as accent-less Vietnamese ("in", "pii")
        return _closing_yes_no(raw) or (_verbless_yes_no(raw) and not re.search(_QUESTION_WORDS, fold(raw.lower())))
    return bool(_YES_NO_EN.search(raw.strip())) or _verbless_yes_no(raw)


_EN_QUESTION_WORDS = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _verbless_predicates() -> re.Pattern:
    phrases = sorted(data.lines("verbless_yes_no_en.txt"), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(p.strip()) for p in phrases) + r")(?![\w])")


def _verbless_yes_no(raw: str) -> bool:
    """ "hanoi no.1 in pii 2025?": an English yes/no typed without its "is" (data/verbless_yes_no_en.txt); the
    predicate after a subject."""
    text = raw.strip().lower()
    said = _verbless_predicates().search(text)
    # a subject comes first: "top provinces in pii 2025?" and "first decree on e-id?" ask for a list or a name
    return text.endswith("?") and not _EN_QUESTION_WORDS.search(text) and bool(said and text[: said.start()].strip())


def _closing_yes_no(raw: str) -> bool:
    """ "Mã BHXH giờ trùng với số căn cước luôn hả?", "… do Ban Bí thư ban hành à?": a yes/no question by its
    closing word ("à" with its mark: a closing "ạ" is only polite)."""
    if re.search(r"(?<!\w)(?:à|hả|hở|nhỉ|chứ|hôn)\s*\??\s*$", nfc(raw.lower())):  # "… 45 nhiệm vụ chứ"
        return True
    f = fold(raw.lower())
    polite = re.sub(r"\s+a\s*\??\s*$", "", f)  # "… không ạ", typed "khong a"
    closing = r"\b(ha|khong|ko|k|hok|hong|chua|phai (?:khong|hon)|dung (?:khong|hon)|duoc khong|nhi)\s*\??\s*$"
    if re.search(closing, polite):
        return True
    # "… 100% dan so a": a closing "a" typed without its mark is "à" (asking) or "ạ" (polite); with no question
    # word before it ("gì", "nào", "ở đâu", "bao nhiêu" …) the message asks whether what it says is so
    return bool(re.search(r"\sa\s*\??\s*$", f) and not re.search(_QUESTION_WORDS, f))


# words that make a message a question of its own kind: a closing "a" after them is only polite ("ạ")
_QUESTION_WORDS = r"\b(?:gi|nao|dau|sao|ai|bao nhieu|bao gio|bao lau|may|the nao|ntn|lam sao|khi nao)\b"


def _asks_of(f: str, typed: str, raw: str, english: bool = False) -> tuple[str, ...]:
    """What the first sentence must hold, read on the official text and on the words as typed: "web dịch
    vụ công là gì" asks for an address though its official reading ("cổng dịch vụ công …") has no "web"."""
    found = asks(f)
    found += tuple(a for a in asks(typed) if a not in found and a != "yesno")
    return found + (("yesno",) if _yes_no_by_form(raw, english) and "yesno" not in found else ())


def asks(f: str) -> tuple[str, ...]:
    return tuple(name for name, pattern in _ASKS if re.search(pattern, f))


def content_terms(normalised: str, accented: bool) -> tuple[str, ...]:
    """Content words in order, without question and function words; accented only if typed so."""
    stops = stop_syllables()
    out: list[str] = []
    for s in syllables(normalised):
        if s in stops or fold(s) in stops:
            continue
        t = s if accented else fold(s)
        if t not in out:
            out.append(t)
    return tuple(out)


@lru_cache(maxsize=1)
def _asking() -> tuple[re.Pattern, re.Pattern]:
    phrases = sorted((normalise(p) for p in data.lines("asking_phrases.txt")), key=len, reverse=True)
    accented = "|".join(re.escape(p) for p in phrases)
    plain = "|".join(re.escape(fold(p)) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{accented})(?!\w)"), re.compile(rf"(?<!\w)(?:{plain})(?!\w)")


def without_asking(normalised: str, accented: bool) -> str:
    """The question without its asking phrases ("cơ quan nào", "khi nào"): what it is about."""
    with_marks, without = _asking()
    return with_marks.sub(" ", normalised) if accented else without.sub(" ", fold(normalised))


# --- phrases that read two ways without marks ----------------------------------------------------------


@lru_cache(maxsize=1)
def _homographs() -> tuple[tuple[re.Pattern, str], ...]:
    rules = []
    for line in data.lines("homographs.tsv"):
        phrase, reading, things, before = line.split("\t")
        thing = "|".join(re.escape(t) for t in sorted(things.split("|"), key=len, reverse=True))
        link = "|".join(re.escape(w) for w in before.split("|"))
        # the thing asked about, then at most six words (its name: "ma bao hiem xa hoi"), a linking word, the phrase
        rules.append(
            (re.compile(rf"(?<!\w)((?:{thing})(?:\s+\w+){{0,6}}?\s+(?:{link})\s+){re.escape(phrase)}(?!\w)"), reading)
        )
    return tuple(rules)


def read_homographs(text: str) -> str:
    """An accent-less question with its two-way phrases read as the words around them say (homographs.tsv):
    "ma bhxh la so nao" → "ma bhxh la số nào" (which number); "so nao chu tri" stays "sở nào" (who)."""
    for pattern, reading in _homographs():
        text = pattern.sub(lambda m, r=reading: m.group(1) + r, text)
    return text


def _unasked(text: str) -> str:
    """`text` folded for the question-word patterns, without the readings that ask no question word there
    ("số nào" is no "sở nào": no who)."""
    for _, reading in _homographs():
        text = re.sub(rf"(?<!\w){re.escape(reading)}(?!\w)", " ", text)
    return " ".join(fold(text).split())


# --- chat abbreviations ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _chat_table() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    table: dict[str, str] = {}
    closing: set[str] = set()
    for line in data.lines("chat_abbreviations.tsv"):
        variants, _, expansion = line.partition("\t")
        for v in variants.split(","):
            v = v.strip().lower()
            if v.endswith("$"):
                closing.add(v[:-1])
            elif v:
                table[v] = expansion.strip()
    alternation = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    ends = "|".join(re.escape(k) for k in sorted(closing, key=len, reverse=True))
    return (
        re.compile(rf"(?<![\w&/-])({alternation})(?![\w&/-])", re.IGNORECASE),
        re.compile(rf"(?:\s+(?:{ends}))+\s*([?.!]*)\s*$"),  # "nhóm V" is no closing "v"
        table,
    )


def expand_chat(text: str, accented: bool = True, lower_only: bool = False) -> str:
    """ "bn nv bo tai chinh chu tri z" → "bao nhieu nhiem vu bo tai chinh chu tri": chat words in full,
    without diacritics when the question was typed without them (so it still reads as accent-less).
    `lower_only`: only words typed in lower case ("TP. Hồ Chí Minh", a name's spelling, stays)."""
    pattern, closing, table = _chat_table()
    if lower_only:
        pattern = re.compile(pattern.pattern)

    def expand(m: re.Match) -> str:
        words = table[m.group(1).lower()]
        return words if accented else fold(words)

    text = closing.sub(lambda m: m.group(1), text)
    return " ".join(pattern.sub(expand, text).split())


# --- everyday words → official terms -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _synonyms() -> tuple[re.Pattern, dict[str, str], dict[str, str]]:
    table: dict[str, str] = {}
    also: dict[str, str] = {}  # further official terms an everyday word may mean, searched too
    for line in data.lines("synonyms.tsv"):
        officials, variants = line.split("\t")
        add_only = officials.startswith("+")  # "ra đời" may mean several things: searched, never replaced
        first, *others = [normalise(o.strip()) for o in officials.lstrip("+").split("|")]
        if add_only:
            others = [first, *others]
        for v in variants.split("|"):
            v = normalise(v.strip())
            if add_only and v:
                table[v] = v
                table[fold(v)] = fold(v)
                also[v] = also[fold(v)] = " ".join(others)
            elif v:
                table[v] = first
                if fold(v) != fold(first):
                    table.setdefault(fold(v), fold(first))
                if others:
                    also[v] = also[fold(v)] = " ".join(others)
    alternation = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternation})(?!\w)"), table, also


def read_everyday(normalised: str) -> tuple[str, str]:
    """(the text with everyday words read as the official term, the everyday words replaced and any
    further official terms they may mean: both are searched).

    A variant already followed by its official term is left alone: "thẻ căn cước công dân" stays."""
    text, typed, _ = read_everyday_pairs(normalised)
    return text, typed


def read_everyday_pairs(normalised: str, plain: bool = False) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """`read_everyday`, and the (official term, everyday words) pairs it replaced. `plain`: the question was
    typed without marks, so its words are matched without them even where an abbreviation was written out
    with its marks ("ma bhxh" → "ma bảo hiểm xã hội" is "mã bảo hiểm xã hội": "mã số bảo hiểm xã hội")."""
    pattern, table, also = _synonyms()
    typed: list[str] = []
    pairs: list[tuple[str, str]] = []
    source = fold(normalised) if plain else normalised
    if len(source) != len(normalised):
        source = normalised

    matches = list(pattern.finditer(source))
    # an everyday phrase whose official term the question names besides ("nộp hồ sơ online trên cổng dvc"):
    # it says what is done there, not which place — read by its parts ("nộp hồ sơ trực tuyến"); a short name
    # of the term itself ("cổng dịch vụ công") is still read as it
    named = Counter(table[m.group(1)] for m in matches if table[m.group(1)] != m.group(1))

    def by_parts(m: re.Match, official: str) -> bool:
        if " " not in m.group(1) or set(fold(m.group(1)).split()) & set(fold(official).split()):
            return False  # one word, or a short name of the term itself ("cổng dịch vụ công")
        rest = fold(source[: m.start()] + " " + source[m.end() :])
        return named[official] > 1 or bool(re.search(rf"(?<!\w){re.escape(fold(official))}(?!\w)", rest))

    def swap(m: re.Match) -> str:
        official, as_typed = table[m.group(1)], normalised[m.start() : m.end()]
        if official == m.group(1):
            typed.append(also.get(m.group(1), ""))
            return as_typed
        if by_parts(m, official):
            words = m.group(1).split()
            parts = [_part_reading(words[i:], table) for i in range(1, len(words))]
            at = next((i for i, p in enumerate(parts, 1) if p), None)
            if at is None:
                return as_typed
            head = " ".join(normalised[m.start() : m.end()].split()[:at])
            typed.append(" ".join(words[at:]))
            return f"{head} {parts[at - 1]}"
        around = normalised[m.start() : m.end() + len(official) + 1]
        if official in around or fold(official) in fold(around):
            return as_typed
        ending = normalised[max(0, m.end() - len(official)) : m.end()]
        if fold(ending) == fold(official):
            return as_typed  # the variant ends the official term itself: "ký số" in "chữ ký số"
        typed.append(m.group(1))
        pairs.append((official, m.group(1)))
        if m.group(1) in also:
            typed.append(also[m.group(1)])
        return official

    out, last = [], 0
    for m in matches:  # the words between matches as typed (with their marks, if any)
        out += [normalised[last : m.start()], swap(m)]
        last = m.end()
    return "".join([*out, normalised[last:]]), " ".join(t for t in typed if t), tuple(pairs)


def _part_reading(words: list[str], table: dict[str, str]) -> str:
    """The official reading of the everyday phrase `words` form from their start to their end ("online" →
    "trực tuyến"), or "" when they are none."""
    key = " ".join(words)
    official = table.get(key, "")
    return official if official and official != key else ""


def synonym_table() -> dict[str, str]:
    """Everyday word → the official term it is read as (words that are only searched further are left out)."""
    return {k: v for k, v in _synonyms()[1].items() if k != v}


# --- English -----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _glossary() -> tuple[re.Pattern, dict[str, str], frozenset[str]]:
    table, lookalikes, _ = _glossary_table()
    alternation = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])({alternation})(?![\w'’])", re.IGNORECASE), table, lookalikes


@lru_cache(maxsize=1)
def _glossary_table() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """English → Vietnamese, the lookalikes (`vi`) and the acronyms read only with capitals (`caps`)."""
    table: dict[str, str] = {}
    lookalikes: set[str] = set()
    caps: set[str] = set()
    for line in data.lines("glossary_en.tsv"):
        english, vietnamese, *flags = line.split("\t")
        if "plain" in flags:  # the reading of a `caps` word typed without its capitals: `_plain_readings`
            continue
        table[english.strip().lower()] = vietnamese.strip()
        body = re.match(r"(ministry|department) of (.+)", english.strip().lower())
        if body:  # "transport ministry", "finance department": the body named before its head word
            table.setdefault(f"{body[2]} {body[1]}", vietnamese.strip())
        if "vi" in flags:
            lookalikes.add(english.strip().lower())
        if "caps" in flags:
            caps.add(english.strip().lower())
    return table, frozenset(lookalikes), frozenset(caps)


@lru_cache(maxsize=1)
def _plain_readings() -> dict[str, str]:
    """ "most" typed without the capitals of "MoST": "nhiều nhất" (glossary lines flagged `plain`)."""
    out = {}
    for line in data.lines("glossary_en.tsv"):
        english, vietnamese, *flags = line.split("\t")
        if "plain" in flags:
            out[english.strip().lower()] = vietnamese.strip()
    return out


def _glossary_word(m: re.Match, table: dict[str, str]) -> str:
    """The Vietnamese of a glossary match; an acronym that is also an English word ("MoST", "most") only
    when typed with two capitals, else the word's own reading, if the glossary gives one. An English function
    word right after a word with Vietnamese diacritics is a syllable of a Vietnamese name ("bộ công an how
    many tasks"), and stays."""
    typed = m.group(1)
    caps = _glossary_table()[2]
    words = typed.split()
    if len(words) > 1 and any(w.lower() in caps and sum(ch.isupper() for ch in w) >= 2 for w in words):
        # "MoST tasks" is the ministry's tasks, not the phrase "most tasks": read word by word
        pattern = _glossary()[0]
        return " ".join(pattern.sub(lambda x: _glossary_word(x, table), w) for w in words)
    if typed.lower() in caps and sum(ch.isupper() for ch in typed) < 2:
        plain = _plain_readings().get(typed.lower())
        return f" {plain} " if plain else typed
    before = m.string[: m.start()].split()
    if not table[typed.lower()] and before and has_diacritics(before[-1]) and vietnamese_shaped(typed.lower()):
        return typed
    return f" {table[typed.lower()]} "


def without_glossary_phrases(text: str) -> str:
    """`text` without the glossary phrases of more than one word it holds: "national population database"
    names a database, and its word "population" asks for no population figure."""
    return " ".join(_glossary()[0].sub(lambda m: " " if " " in m.group(1).strip() else m.group(0), text).split())


def glossary() -> dict[str, str]:
    return dict(_glossary()[1])


def is_english(text: str, names: tuple[str, ...] = ()) -> bool:
    """English rather than (accent-less) Vietnamese, by the shape of its words (`retrieval/language.py`):
    "when does res 57 take effect" is English, "nq57 co hieu luc tu ngay ky ko" is not. Province names
    ("phu tho", "Hà Nội"), the folded place `names` given ("au co") and chat or administrative abbreviations
    count for neither language."""
    _, table, lookalikes = _glossary()
    names = names + persons_typed(text)
    return english_by(evidence(_without_places(text, names), table, lookalikes, _neutral_words()))


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(fold(s.lower()) for s in data.lines("surnames.txt"))


def persons_typed(text: str) -> tuple[str, ...]:
    """Persons' full names typed without marks ("did pham minh chinh sign res 03"), folded: a family name and two
    more syllables, none an English word the glossary reads. A name says nothing of the question's language."""
    table = _glossary()[1]
    words = re.findall(r"[^\W\d_]+", fold(nfc(text).lower()))
    out = []
    for i in range(len(words) - 2):
        run = words[i : i + 3]
        if run[0] in _surnames() and all(vietnamese_shaped(w) and not table.get(w) for w in run):
            out.append(" ".join(run))
    return tuple(out)


def commune_spellings(communes: list[str]) -> tuple[str, ...]:
    """The folded ways a question types the communes it names: "Phường Âu Cơ" → ("phuong au co", "au co")."""
    out: list[str] = []
    for name in communes:
        whole = folded_name(name)
        out += [whole, whole.split(maxsplit=1)[-1]]
    return tuple(sorted(set(out), key=len, reverse=True))


@lru_cache(maxsize=1)
def _places() -> re.Pattern:
    names = sorted({fold(k) for k in province_names()} | {fold(k.lower()) for k in province_names().values()}, key=len)
    alternation = "|".join(re.escape(n) for n in reversed(names) if len(n) > 2)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def _without_places(text: str, names: tuple[str, ...] = ()) -> str:
    """`text` without the province names it writes (folded, so "Phú Thọ" and "phu tho" both go), nor `names`."""
    f = fold(nfc(text).lower())  # one character per character, so the spans line up with `text`
    out = list(nfc(text))
    spans = [m.span() for m in _places().finditer(f)]
    for name in names:
        spans += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", f)]
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


@lru_cache(maxsize=1)
def _neutral_words() -> frozenset[str]:
    """Words that say nothing of the language: chat and administrative abbreviations ("ko", "nq", "ubnd"),
    and the loanwords and app names Vietnamese chat types ("app", "online", "vneid": data/loanwords.txt)."""
    words: set[str] = set(_chat_table()[2])
    for name in ("abbreviations.tsv", "chat_abbreviations.tsv"):
        for line in data.lines(name):
            words.update(fold(v.strip().lower().rstrip("$")) for v in line.partition("\t")[0].split(","))
    words.update(fold(w.strip().lower()) for w in data.lines("loanwords.txt"))  # "app", "online", "vneid"
    return frozenset(w for w in words if w and " " not in w)


# words that make an English message a question of its own kind (not a bare noun phrase: "MOT tasks")
_ENGLISH_ASKING = re.compile(
    r"\b(?:how|what|whats|what's|which|who|whom|whose|when|where|why|is|are|was|were|does|do|did|has|have|can|will"
    r"|list|show|give|tell)\b",
    re.IGNORECASE,
)

_MONTHS = "january february march april may june july august september october november december".split()


def translate_english(text: str) -> str:
    """Word-for-word Vietnamese for the register path and BM25: "How many tasks does the Ministry of
    Finance lead?" → "bao nhiêu nhiệm vụ bộ tài chính chủ trì". Unknown words (names) stay as typed."""
    pattern, table, _ = _glossary()
    text = re.sub(r"(?<=\w)['’]s\b", "", text)  # "Phu Tho's PII": the possessive is no word to read
    # "MOT tasks", "viet tri tasks in progress?": a bare noun phrase asks for the list; of a province ("phu tho
    # tasks done as of 25 oct 2025") for its reported figures, which no register lists
    if not _ENGLISH_ASKING.search(text) and not _places().search(fold(nfc(text).lower())):
        text = re.sub(r"\btasks\b", "which tasks", text, count=1, flags=re.IGNORECASE)
    # "13 January 2026", "January 13, 2026" → "13/1/2026"; "June 2025" → "tháng 6/2025", "Q2 2025" → "quý 2/2025":
    # the dates and periods the register path reads.
    text = re.sub(  # "sept 2025", "Dec 31, 2025": the short names of the months, written out
        r"\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?(?=\s+\d)",
        lambda m: next(month for month in _MONTHS if month.startswith(m[1].lower()[:3])),
        text,
        flags=re.IGNORECASE,
    )
    months = "|".join(_MONTHS)
    text = re.sub(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({months})\s*,?\s+(\d{{4}})\b",
        lambda m: f" {int(m[1])}/{_MONTHS.index(m[2].lower()) + 1}/{m[3]} ",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(
        rf"\b({months})\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(\d{{4}})\b",
        lambda m: f" {int(m[2])}/{_MONTHS.index(m[1].lower()) + 1}/{m[3]} ",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(
        rf"\b({'|'.join(_MONTHS)})\s+(\d{{4}})\b",
        lambda m: f" tháng {_MONTHS.index(m[1].lower()) + 1}/{m[2]} ",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"\b(?:Q|quarter\s+)([1-4])\s+(\d{4})\b", r" quý \1/\2 ", text, flags=re.IGNORECASE)
    text = re.sub(  # "first half of 2025", "h2 2025": the half-years officials write "6 tháng đầu năm 2025"
        r"\b(?:(?:the\s+)?(first|second)\s+half\s+(?:of\s+)?|h([12])\s*/?\s*)(20\d\d)\b",
        lambda m: f" 6 tháng {'đầu' if m[1] == 'first' or m[2] == '1' else 'cuối'} năm {m[3]} ",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"\b(?:in|during)\s+(20\d\d)\b", r" năm \1 ", text, flags=re.IGNORECASE)  # "due in 2025": a year
    text = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r" thứ \1 ", text, flags=re.IGNORECASE)  # "15th" → "thứ 15"
    text = _kind_before_name(text, table)
    out = pattern.sub(lambda m: _glossary_word(m, table), text.replace("?", " "))
    out = " ".join(_singular(w, table) for w in out.split())
    # "how many of tam dao's tasks": English names the owner before the noun counted; Vietnamese counts the
    # noun first ("bao nhiêu nhiệm vụ tam dao …"), as the register path reads it; a document named between
    # them moves too ("how many nq03 tasks does mps lead")
    # ("bao nhiêu nhóm nhiệm vụ" is a count of groups: a head noun before the noun counted stays)
    out = re.sub(
        r"\bbao nhiêu (?!(?:nhóm|loại|số|tỷ lệ|phần trăm)\b)((?:(?!bao\b)\w+ ){1,7}?)(nhiệm vụ|chỉ tiêu)\b",
        r"bao nhiêu \2 \1",
        out,
    )
    # "what is vneid used for": the use asked, not what it is ("là gì" and "dùng để làm gì" both read)
    out = re.sub(r"\blà gì\b(?=.*\blàm gì\b)", " ", out)
    # "MPS tasks how many": the count asked last, read in the order the register path reads it
    out = re.sub(r"\b(nhiệm vụ|chỉ tiêu)\s+bao nhiêu\s*$", r"bao nhiêu \1", out)
    out = " ".join(out.split())
    # "ranked 15th": "xếp thứ" + "thứ 15"; "chairs the steering committee": "làm trưởng ban" + "ban chỉ đạo" —
    # a word two glossary readings both write, where they meet, is written once
    return re.sub(r"(?<!\w)([^\W\d_]+) \1(?!\w)", r"\1", out)


_PLACE_KINDS = {"ward": "phường", "wards": "phường", "commune": "xã", "communes": "xã"}


def _kind_before_name(text: str, table: dict[str, str]) -> str:
    """ "hoa binh ward's land data task" → "phường hoa binh land data task": English names a place before its
    kind, Vietnamese after it, as the register path reads it. The name is the words right before the kind
    that a Vietnamese syllable spells and the glossary does not read ("which ward" names none)."""

    def swap(m: re.Match) -> str:
        words = m[1].split()
        name: list[str] = []
        for w in reversed(words[-3:]):
            if w.lower() in table or not vietnamese_shaped(w):
                break
            name.insert(0, w)
        if not name:
            return m[0]
        return " ".join([*words[: len(words) - len(name)], _PLACE_KINDS[m[2].lower()], *name]) + " "

    return re.sub(r"((?:(?<!\S)[^\W\d_]+\s+){1,3})(wards?|communes?)\b", swap, text, flags=re.IGNORECASE)


def translate_english_words(text: str) -> str:
    """A Vietnamese question with a few English words in it ("bộ tài chính how many tasks", "deadline của NQ
    71"): the glossary phrases no Vietnamese syllable spells, in Vietnamese; every other word as typed."""
    pattern, table, _ = _glossary()

    def swap(m: re.Match) -> str:
        words = m.group(1).split()
        plain = re.findall(r"[^\W\d_]+", m.group(1).lower())
        if has_diacritics(m.group(1)) or any(vietnamese_shaped(w) or w in _everyday_words() for w in plain):
            return m.group(0)  # Vietnamese, or a loanword the synonym table reads ("app", "online", "link")
        if not table[m.group(1).lower()]:
            return m.group(0) if len(words) == 1 else " "  # an English function word: dropped only in a phrase
        return _glossary_word(m, table)

    out = pattern.sub(swap, text)
    return " ".join(out.split()) if out != text else text


@lru_cache(maxsize=1)
def _everyday_words() -> frozenset[str]:
    """Words Vietnamese users type among Vietnamese ones, read by the synonym and chat tables instead."""
    words = set(_neutral_words())
    for line in data.lines("synonyms.tsv"):
        for phrase in line.partition("\t")[2].split("|"):
            words.update(fold(w) for w in phrase.lower().split())
    return frozenset(words)


def _singular(word: str, table: dict[str, str]) -> str:
    """ "targets", "ministries", "signatures": a plural the glossary knows only in the singular, read as it."""
    lower = word.lower()
    for plural, singular in (("ies", "y"), ("es", ""), ("s", "")):
        stem = lower[: -len(plural)] + singular if lower.endswith(plural) and len(lower) > len(plural) + 2 else ""
        if table.get(stem):
            return table[stem]
    return word


# --- bodies, out-of-service requests ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Head:
    spelled: str  # with diacritics ("sở")
    not_after: frozenset[str]  # "số liệu", "bộ chỉ số": the head followed by these is another word
    not_before: frozenset[str]  # "hồ sơ", "cơ sở": preceded by these it is another word
    plain_after: frozenset[str] | None  # typed without diacritics, only these may follow (None: never)
    kind: str = "agency"  # "agency" (a register may list its own tasks) or "place" (a commune, ward, district)


@lru_cache(maxsize=1)
def _body_heads() -> tuple[re.Pattern, dict[str, _Head]]:
    heads: dict[str, _Head] = {}
    for line in data.lines("body_heads.tsv"):
        head, not_after, not_before, plain, kind = [*line.split("\t"), "", "", "", ""][:5]
        m = re.fullmatch(r"(.+?)\s*\((.+)\)", head.strip())
        words = [frozenset(w for w in cell.split("|") if w) for cell in (not_after, not_before, plain)]
        plain_after = None if plain == "-" else words[2] or frozenset({"*"})
        heads[m[1]] = _Head(m[2], words[0], words[1], plain_after, kind.strip() or "agency")
    entries = data.lines("name_ends.txt")
    words = sorted((w.rstrip("+") for w in entries if not w.startswith("=")), key=len, reverse=True)
    kept = "".join(f"{re.escape(w[1:].strip())}|" for w in entries if w.startswith("="))  # "ton giao"
    ends = "|".join(re.escape(w) for w in words)
    alternation = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    # The first word is checked in `named_bodies`: an end word typed capitalised begins a name ("Sở Tư pháp").
    pattern = re.compile(rf"(?<!\w)({alternation})((?:\s+[a-z&]+)(?:\s+(?!(?:{ends})(?!\w))(?:{kept}[a-z&]+)){{0,6}})")
    return pattern, heads


@lru_cache(maxsize=1)
def _first_word_ends() -> frozenset[str]:
    """End words that end a name even as its first word ("bộ | nào"); "+" ones do not ("Sở Giáo dục")."""
    return frozenset(w for w in data.lines("name_ends.txt") if not w.endswith("+") and not w.startswith("="))


def named_bodies(text: str, accented: bool, raw: str = "", pairs: dict | None = None) -> list[str]:
    """ "Sở Tài chính chủ trì bao nhiêu nhiệm vụ?" → ["so tai chinh"]: agencies and communes named by
    their kind ("sở", "bộ", "ủy ban nhân dân", "công an", "phường", "xã") and the words after it, folded,
    whether or not any document knows them. "số liệu", "hồ sơ", "bộ chỉ số", "xã hội" are no bodies.
    `pairs` (the corpus's neighbouring accent-less syllables, `index.pair_counts`): a place whose name begins
    with a word that is mostly something else ("xa lam thao": "làm") is still named when the corpus never
    writes its two words together ("làm thao" is no phrase; "xã làm thủ tục" reads "làm")."""
    pattern, heads = _body_heads()
    f = fold(text)  # one character per character of the NFC text, so spans line up
    out = []
    for m in pattern.finditer(f):
        head, rest = m.group(1), _before_english(m.group(2).split())
        if not rest:
            continue
        h = heads[head]
        if accented and text[m.start() : m.start() + len(h.spelled)] != h.spelled:
            continue
        if not accented and h.plain_after is not None and "*" not in h.plain_after and rest[0] not in h.plain_after:
            continue
        capitalised = _typed_capitalised(raw, head, rest[0]) and not raw.isupper()
        after = f[m.end() :].split()[:1]  # the word the name stops at
        named = capitalised or _place_name_pair(h, rest, pairs, after)  # "xã Lâm Thao", "xa lam thao": a name
        first_end = rest[0] in _first_word_ends() or " ".join(rest[:2]) in _first_word_ends()
        if first_end and not (named or _typed_capitalised(raw, head, rest[0])):
            continue  # "bộ nào chủ trì": no body; "Sở Tư pháp": "Tư" begins its name
        if rest[0] in _not_in_names() and not _typed_capitalised(raw, head, rest[0]):
            continue  # "phường trong sổ", "xã thuộc tỉnh": a preposition begins no name (data/not_in_names.txt)
        before = re.findall(r"\w+", f[: m.start()])  # "«Cơ sở dữ liệu …»": the word before is "cơ", quotes aside
        if (rest[0] in h.not_after or " ".join(rest[:2]) in h.not_after) and not named:
            continue
        if any(" ".join(before[-n:]) in h.not_before for n in range(1, 4) if len(before) >= n):
            continue
        if h.plain_after is None:
            typed = rest
            rest = _capitalised_run(raw, head, rest)
            lower_case = not any(c.isupper() for c in raw)
            # … unless its last word and the next one ask ("của xa la ngay | nao": "là ngày nào", asking_phrases.txt)
            asking = bool(after) and f"{typed[-1]} {after[0]}" in _folded_asking_phrases()
            if not rest and raw and (lower_case or named) and 2 <= len(typed) <= 3 and not asking:
                rest = typed  # all typed in lower case: "phuong nong trang | qua han" names a place as well
            if not rest:
                continue  # "phường Âu Cơ" names a commune, "phường sau sắp xếp" does not
        elif rest[-1] in _LEVELS and raw:
            rest += _named_after(raw, f[m.end() :])  # "UBND huyện | Lâm Thao": the name cut by an end word
        name = " ".join([head, *rest])
        # a body known whole ends its name: "bộ chính trị | ban bí thư lập mấy đoàn" (data/actors.txt)
        whole = next((a for a in _actors_folded() if name.startswith(a + " ")), None)
        out.append(whole or name)
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1)
def _folded_asking_phrases() -> frozenset[str]:
    return frozenset(fold(p.lower()) for p in data.lines("asking_phrases.txt"))


@lru_cache(maxsize=1)
def _not_in_names() -> frozenset[str]:
    return frozenset(data.lines("not_in_names.txt"))


@lru_cache(maxsize=1)
def _actors_folded() -> tuple[str, ...]:
    return tuple(sorted({fold(a.lower()) for a in data.lines("actors.txt")}, key=len, reverse=True))


# what a question goes on with after a commune's name besides function words: "xa lam thao | qua han …"
_GOES_ON_A_PLACE = frozenset({"qua", "da", "dang", "con", "chua", "bi", "hoan", "phai", "can"})


def _place_name_pair(head: _Head, rest: list[str], pairs: dict | None, after: list[str]) -> bool:
    """Whether the two words after a place's kind (a commune's name has two; "phường có tất cả" names none)
    are a name the corpus cannot read otherwise: the first ends names elsewhere ("làm"), the second is no
    function word ("xa nao nhieu": "nào nhiều"), the two never stand side by side in the corpus ("lam thao",
    while "lam thu" does), and the question goes on with a function word or not at all ("xa lam thao | co may
    nv"; "xa lam chung | thuc duoc ko" reads "làm")."""
    if pairs is None or head.kind != "place" or len(rest) != 2 or not all(w.isalpha() for w in rest):
        return False
    if after and after[0] not in stop_syllables() and after[0] not in _GOES_ON_A_PLACE:
        return False
    return rest[0] in _first_word_ends() and rest[1] not in stop_syllables() and (rest[0], rest[1]) not in pairs


def _before_english(words: list[str]) -> list[str]:
    """A body's name ends where English words begin ("bộ tài chính how many tasks" names "bộ tài chính"):
    a glossary word no Vietnamese syllable spells is no part of a Vietnamese name."""
    table = _glossary()[1]
    for n, w in enumerate(words):
        if w.isalpha() and w in table and table[w] and not vietnamese_shaped(w):
            return words[:n]
    return words


def names_agency(body: str) -> bool:
    """Whether a folded body of `named_bodies` is an agency ("so tai chinh", "cong an xa …"), not a place
    ("phuong au co", "huyen lam thao"): the kind column of `body_heads.tsv`."""
    head, _ = body_head_spelling(body)
    return bool(head) and _body_heads()[1][head].kind == "agency"


@lru_cache(maxsize=1)
def unresolved_scope_words() -> re.Pattern:
    """The words that name a level or a body (`body_heads.tsv` heads and `scope_words.txt`): a question with
    one the slots did not resolve ("huyện Tân Sơn …") is not asked of every register."""
    words = {*_body_heads()[1], *data.lines("scope_words.txt")}
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")


def body_head_spelling(body: str) -> tuple[str, str]:
    """(the head a folded body starts with, that head with its diacritics): "uy ban nhan dan tinh" →
    ("uy ban nhan dan", "ủy ban nhân dân")."""
    _, heads = _body_heads()
    head = next((h for h in sorted(heads, key=len, reverse=True) if body == h or body.startswith(h + " ")), "")
    return head, heads[head].spelled if head else ""


def names_body(text: str, phrase: str) -> bool:
    """Whether `text` names the body `phrase` (both in one form: folded, or normalised with diacritics),
    not a lookalike: "sở y tế" in "cơ sở y tế" is no department."""
    _, heads = _body_heads()
    head = next((h for h in sorted(heads, key=len, reverse=True) if fold(phrase).startswith(h + " ")), None)
    for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
        before = fold(text[: m.start()]).split()
        if head and before and any(" ".join(before[-n:]) in heads[head].not_before for n in (1, 2, 3)):
            continue
        return True
    return False


def _only_as_province(f: str, commune: str) -> bool:
    """Whether a commune's name occurs in the folded question only right after "tỉnh" ("tinh hoa binh cu")."""
    name = folded_name(commune).split(maxsplit=1)[-1]  # "phuong hoa binh" → "hoa binh"
    spots = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", f)]
    return bool(spots) and all(f[:i].endswith("tinh ") for i in spots)


def _typed_capitalised(raw: str, head: str, word: str) -> bool:
    f = fold(nfc(raw).lower())
    i = f.find(f"{head} {word}")
    return i >= 0 and nfc(raw)[i + len(head) + 1 : i + len(head) + 2].isupper()


_LEVELS = frozenset({"tinh", "huyen", "quan", "xa", "phuong", "thi xa", "thanh pho"})


def _named_after(raw: str, tail: str) -> list[str]:
    """The capitalised words the question writes right after a body's level word ("huyện Lâm Thao")."""
    words = nfc(raw).split()[-len(tail.split()) :] if tail.split() else []
    out = []
    for word in words:
        if not word[:1].isupper():
            break
        out.append(fold(word.lower()).strip("?.,!"))
    return out


def _capitalised_run(raw: str, head: str, rest: list[str]) -> list[str]:
    """The words after `head` that the question capitalises: a commune's name ("Phường P | dự kiến…")."""
    f = fold(raw.lower())
    i = f.find(f"{head} {rest[0]}")
    if i < 0:
        return []
    words = raw[i + len(head) :].split()
    out = []
    for word, folded_word in zip(words, rest, strict=False):
        if not word[:1].isupper():
            break
        out.append(folded_word)
    return out


@lru_cache(maxsize=1)
def _out_of_service() -> list[tuple[str, re.Pattern]]:
    topics = []
    for line in data.lines("out_of_service.tsv"):
        topic, phrases = line.split("\t")
        alternation = "|".join(re.escape(p.strip()) for p in phrases.split("|") if p.strip())
        topics.append((topic, re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")))
    return topics


def out_of_service_topic(f: str) -> str | None:
    for topic, pattern in _out_of_service():
        if pattern.search(f):
            return topic
    return None


@lru_cache(maxsize=1)
def _domain() -> re.Pattern:
    alternation = "|".join(re.escape(w) for w in data.lines("domain_words.txt"))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def has_domain_word(f: str) -> bool:
    """Whether the folded question holds one of our domain words (data/domain_words.txt)."""
    return bool(_domain().search(f))


_has_domain_word = has_domain_word
