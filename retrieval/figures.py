"""How reported figures are said: a clerk's sentence built from a row's fields, never a label.

"PII 2025 - điểm | Phú Thọ | 41.10 | điểm" and "PII 2025 - xếp hạng | Phú Thọ | 15 | 34 | thứ hạng" become
"Năm 2025, Phú Thọ đạt 41,10 điểm Chỉ số Đổi mới sáng tạo cấp địa phương (PII), xếp thứ 15/34 tỉnh, thành."
The kind of sentence follows the row's unit and the head of its indicator (a rank, a score, a change in
places, tasks completed, a count, a level); names and English words come from
`retrieval/data/figure_words.tsv` and the glossary. Rows of one indicator, place and date that disagree
are said in one clause ("hai nguồn ghi khác nhau: tăng 2 bậc / tăng 5 bậc"); a range reported as a lower
and an upper bound is said as one range ("90–93%"). Nothing here knows a fact: every value is a cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise

from . import data
from .question import find_names, province_names
from .registers import Figure, number
from .text import content_syllables, fold
from .vi import en_date, en_number, pct, vn_date, vn_number
from .wording import note_clauses, source_label

__all__ = ["as_of_line", "figure_sentences", "span_en", "span_of", "span_words", "vn_number"]

_NUMBER_WORDS = {2: "hai", 3: "ba", 4: "bốn"}
_NUMBER_WORDS_EN = {2: "two", 3: "three", 4: "four"}
_BOUNDS = {"cận dưới": 0, "cận trên": 1}


@dataclass(frozen=True)
class _Words:
    names: dict[str, tuple[str, str]]  # short name → (Vietnamese, English)
    scopes: dict[str, tuple[str, str, str, str]]  # scope → (subject, English subject, "at", English "at")
    phrases: dict[str, str]  # Vietnamese phrase (lower case) → English
    covers: dict[str, frozenset[str]]  # a term in an indicator (folded) → the question words it covers


@lru_cache(maxsize=1)
def _words() -> _Words:
    names, scopes, phrases, covers = {}, {}, {}, {}
    for line in data.lines("figure_words.tsv"):
        kind, key, *rest = line.split("\t")
        if kind == "name":
            names[key] = (rest[0], rest[1])
        elif kind == "scope":
            scopes[key] = (rest[0], rest[1], rest[2], rest[3])
        elif kind == "phrase":
            phrases[key.lower()] = rest[0]
        elif kind == "covers":
            covers[" ".join(fold(key.lower()).split())] = frozenset(fold(w.strip().lower()) for w in rest[0].split("|"))
    return _Words(names, scopes, phrases, covers)


@lru_cache(maxsize=1 << 14)
def covered_words(indicator: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """(the words of a term the indicator uses, the question words that term covers): "Số đơn vị hành
    chính cấp xã" answers "bao nhiêu xã, phường" — the term stands for both. Cached: figure rows are
    scored again for every question."""
    f = " ".join(fold(indicator.lower()).split())
    return tuple(
        (frozenset(term.split()), words)
        for term, words in _words().covers.items()
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", f)
    )


@lru_cache(maxsize=1)
def glossary_vi_en() -> dict[str, str]:
    """The glossary read backwards: Vietnamese term (lower case) → its first English phrase."""
    out: dict[str, str] = {}
    for line in data.lines("glossary_en.tsv"):
        english, vietnamese, *_ = line.split("\t")
        if vietnamese.strip() and english.strip():
            out.setdefault(vietnamese.strip().lower(), english.strip())
    return out


def to_english(text: str) -> str | None:
    """Vietnamese words of an indicator in English, phrase by phrase (figure_words.tsv first, then the
    glossary); None when a word is left over: a half-translated label is worse than the Vietnamese one."""
    table = {**glossary_vi_en(), **_words().phrases}
    keys = sorted(table, key=len, reverse=True)
    rest = text.lower()
    out = rest
    for k in keys:
        pattern = rf"(?<!\w){re.escape(k)}(?!\w)"
        if re.search(pattern, rest):
            out = re.sub(pattern, "\0" + table[k].replace("\\", "") + "\0", out)
            rest = re.sub(pattern, " ", rest)
    if re.search(r"[^\W\d_]", re.sub(r"\b[a-z]?\d+[a-z]?\b", " ", rest)):
        return None
    return " ".join(out.replace("\0", " ").split())


# --- reading a row -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parts:
    name: str  # what is measured ("PII", "Số xã", "Tỷ lệ hồ sơ trực tuyến hằng ngày")
    year: str  # a year the indicator's name ends with ("PII 2025" → "2025")
    aspect: str  # after " - " ("điểm", "xếp hạng", "số bậc tăng so với năm trước"), else ""


def _parts(indicator: str) -> _Parts:
    base, _, aspect = indicator.partition(" - ")
    m = re.fullmatch(r"(\S+)\s+(20\d\d)", base.strip())  # a short name and its year: "PII 2025"
    if m:
        return _Parts(m[1], m[2], aspect.strip())
    return _Parts(base.strip(), "", aspect.strip())


def _kind(r: Figure) -> str:
    f = fold(r.indicator.lower())
    if r.unit == "thứ hạng":
        return "rank"
    if r.unit == "điểm":
        return "score"
    if r.unit == "bậc" and re.search(r"\b(tang|giam)\b", f):
        return "places"
    if "da hoan thanh" in f and r.total:
        return "done"
    if re.search(r"\b(dang thuc hien|chua hoan thanh)\b", f) and r.total:
        return "part"
    if re.match(r"(tong )?so ", f) and not f.startswith("so lieu"):
        return "count"
    return "level"


_SPANS = (
    (r"\b(ca|tron|suot) nam\b|\b(full|whole) year\b", "cả năm"),
    (r"\b(\d{1,2}) thang (dau|cuoi) nam\b", None),  # "9 tháng đầu năm": said as read
    (r"\bnua (dau|cuoi) nam\b|\bfirst half\b", "6 tháng đầu năm"),
    (r"\bfirst (nine|9) months\b", "9 tháng đầu năm"),
    (r"\b(?:quy|q)\s?(iv|i{1,3}|[1-4])\b|\b(?:the )?(first|second|third|fourth) quarter\b", "quarter"),  # "quý IV/2025"
)
_QUARTERS = {"i": "I", "ii": "II", "iii": "III", "iv": "IV", "1": "I", "2": "II", "3": "III", "4": "IV"}
_QUARTERS_EN = {"first": "I", "second": "II", "third": "III", "fourth": "IV"}


def span_words(text_folded: str) -> tuple[str | None, str]:
    """The part of a year a question or a figure is about ("cả năm", "9 tháng đầu năm"; None when it names none)
    and the words that named it. "GRDP cả năm 2025" is not answered by "Tăng trưởng GRDP 9 tháng đầu năm 2025"
    as if it were the year's, and "6 tháng đầu năm" is a period to check, not words a row must hold."""
    for pattern, said in _SPANS:
        m = re.search(pattern, text_folded)
        if m:
            if said is None:
                said = f"{m.group(1)} tháng {'đầu' if m.group(2) == 'dau' else 'cuối'} năm"
            elif said == "quarter":
                said = f"quý {_QUARTERS.get(m.group(1) or '') or _QUARTERS_EN[m.group(2)]}"
            return said, m.group(0)
    return None, ""


def span_of(text_folded: str) -> str | None:
    return span_words(text_folded)[0]


def span_en(span: str) -> str:
    """ "cả năm" → "the full year", "9 tháng đầu năm" → "the first 9 months", "quý IV" → "Q4"."""
    quarter = re.fullmatch(r"quý (I|II|III|IV)", span)
    if quarter:
        return f"Q{['I', 'II', 'III', 'IV'].index(quarter[1]) + 1}"
    m = re.fullmatch(r"(\d+) tháng (đầu|cuối) năm", span)
    if not m:
        return "the full year"
    return f"the {'first' if m.group(2) == 'đầu' else 'last'} {m.group(1)} months"


def _lower_first(text: str) -> str:
    """ "Tỷ lệ xã…" → "tỷ lệ xã…", "GRDP" stays: only a capital followed by a small letter is lowered."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[0].isupper() and text[1].islower() else text


def _is_province(scope: str) -> bool:
    return bool(find_names(fold(scope.lower()), province_names(), fuzzy=False))


def _subject(scope: str, english: bool) -> str:
    known = _words().scopes.get(scope)
    if known:
        return known[1] if english else known[0]
    return scope


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- one clause per row --------------------------------------------------------------------------------


def _unit(r: Figure, english: bool) -> str:
    if english:
        from .wording import english_unit

        return english_unit(r.unit)
    return r.unit


def _value(r: Figure, english: bool, value: str | None = None) -> str:
    """The value with its unit: "41,10 điểm", "100%", "4.022.611 người", "0,71 (đơn vị không rõ)"."""
    v = (en_number if english else vn_number)(value or r.value)
    if r.unit == "%":
        return v + "%"
    if r.unit == "không rõ":
        return v + (" (unit unclear)" if english else " (đơn vị không rõ)")
    return f"{v} {_unit(r, english)}".strip()


def _name(parts: _Parts, english: bool) -> str:
    known = _words().names.get(parts.name)
    if known:
        return known[1] if english else known[0]
    return parts.name


def _share(part: str, whole: str, english: bool) -> str:
    said = pct(number(part), number(whole))
    return said.replace(",", ".") if english else said


def _has(subject: str) -> str:
    return "have" if re.search(r"[^s]s$", subject.split()[-1]) else "has"


def _clause(r: Figure, english: bool, named: bool, value: str | None = None) -> tuple[str, list[str]]:
    """The verb phrase a row says and what goes in brackets after it: ("đạt 41,10 điểm …", []),
    ("có 133 xã", ["trên tổng số 148"]). `named`: the indicator's name is said here (the first clause
    of a sentence), else only the value ("xếp thứ 15/34 tỉnh, thành")."""
    p = _parts(r.indicator)
    kind = _kind(r)
    fmt = en_number if english else vn_number
    total = fmt(r.total) if r.total else ""
    v = value if value is not None else fmt(r.value)
    if kind == "rank":
        known = p.aspect and p.name in _words().names
        what = _name(p, english) if p.aspect else _rest(p.name, r"xếp hạng\s+", english)
        among = ""
        if total and _is_province(r.scope):
            among = " provinces and cities" if english else " tỉnh, thành"
        elif not total and re.search(rf"\bthứ {re.escape(r.value)} (cả nước|toàn quốc)\b", r.note):
            among = " nationwide" if english else " cả nước"  # "thứ 5 cả nước": the note says among whom
        if not total and among:
            out = f"ranked {ordinal(v)}{among}" if english else f"xếp thứ {v}{among}"
            return out + (f" {'on' if english else 'về'} {what}" if named and what else ""), []
        if english:
            out = f"ranked {ordinal(v)}" + (f" of {total}{among}" if total else "")
            return out + (f" on {'the ' if known else ''}{what}" if named and what else ""), []
        out = f"xếp thứ {v}" + (f"/{total}{among}" if total else "")
        return out + (f" về {what}" if named and what else ""), []
    if kind == "score":
        aspect = p.aspect if p.aspect.lower().startswith("điểm") else "điểm"
        what = _name(p, english) if p.aspect else _rest(p.name, r"điểm\s+", english)
        if english:
            points = to_english(aspect) or "points"
            points = "points" if points == "score" else points
            return f"scored {v} {points}" + (f" on the {what}" if named and what else ""), []
        return f"đạt {v} {aspect}" + (f" {what}" if named and what else ""), []
    if kind == "places":
        text = p.aspect or p.name
        m = re.search(r"\b(tăng|giảm)\b(.*)", text)
        verb, rest = (m[1], m[2].strip()) if m else ("tăng", "")
        rest = rest if named else ""
        if english:
            rest_en = to_english(rest) if rest else ""
            return f"{'rose' if verb == 'tăng' else 'fell'} {v} places" + (f" {rest_en}" if rest_en else ""), []
        return f"{verb} {v} bậc" + (f" {rest}" if rest else ""), []
    if kind in ("done", "part"):
        what = re.sub(r"\s*đã hoàn thành\s*", " ", p.name).strip() if kind == "done" else p.name
        # The share as the source reports it ("tỷ lệ 95%"), else computed from the count and its total.
        reported = re.search(r"\btỷ lệ (\d+(?:[.,]\d+)?%)", r.note)
        share = reported[1] if reported and not value else _share(value or r.value, r.total, english)
        share = share.replace(",", ".") if english else share
        if english:
            what_en = to_english(re.sub(r"\s*(đang thực hiện|chưa hoàn thành)\s*", " ", what).strip())
            state = "" if kind == "done" else (" in progress" if "đang" in p.name else " not completed")
            verb = "completed" if kind == "done" else "had"
            return f"{verb} {v} of {total} {what_en or 'tasks'}{state} ({share})", []
        verb = "đã hoàn thành" if kind == "done" else "có"
        return f"{verb} {v}/{total} {_lower_first(what)}, {'đạt' if kind == 'done' else 'chiếm'} {share}", []
    if kind == "count":
        what = re.sub(r"^(Tổng số|Số)\s+", "", p.name)
        extra = [f"out of {total}" if english else f"trên tổng số {total}"] if total else []
        if english:
            what_en = to_english(what)
            unit = _unit(r, True)
            if what_en:
                return f"{{has}} {v} {what_en}", extra
            unit = "" if unit == r.unit and re.search(r"[^\x00-\x7f]", unit) else f" {unit}"
            return f"{{has}} {v}{unit} for «{p.name}»", extra
        starts = fold(what.lower()).startswith(fold(r.unit.lower())) or not r.unit
        return (f"có {v} {what}" if starts else f"có {v} {r.unit} {what}"), extra
    return ("is " if english else "là ") + _value(r, english, value), []


def _rest(name: str, head: str, english: bool) -> str:
    rest = re.sub(rf"^{head}", "", name, flags=re.IGNORECASE).strip()
    if rest == name:
        return ""
    return (to_english(rest) or f"«{rest}»") if english else rest


def ordinal(v: str) -> str:
    """ "15" → "15th" (a value that is no number stays as it is)."""
    if not v.isdigit():
        return v
    n = int(v)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _level_sentence(r: Figure, english: bool, value: str | None = None) -> str:
    """ "Dân số của Phú Thọ là 4.022.611 người", "Tại Phú Thọ, tỷ lệ … là 100%"."""
    said = _value(r, english, value)
    head = _level_head(r, english)
    if head is None:  # an English answer without English words for the indicator: its Vietnamese name
        p = _parts(r.indicator)
        return f"For {_subject(r.scope, True)}, the source reports {said} for «{p.name}»"
    return f"{head} {'is' if english else 'là'} {said}"


def _level_head(r: Figure, english: bool) -> str | None:
    """ "Dân số của Phú Thọ", "Tại Phú Thọ, tỷ lệ …": what a level sentence says before its value."""
    p = _parts(r.indicator)
    name = p.name + (f" {p.aspect}" if p.aspect and p.aspect not in _BOUNDS else "")
    known = _words().scopes.get(r.scope)
    if english:
        what = to_english(name)
        if not what:
            return None
        if len(what.split()) <= 3:
            return f"The {what} of {_subject(r.scope, True)}"
        return f"{_capital(known[3] if known else 'in ' + r.scope)}, the {what}"
    if len(name.split()) <= 3 and "của" not in name:
        return f"{name} của {_subject(r.scope, False)}"
    return f"{_capital(known[2] if known else 'tại ' + r.scope)}, {_lower_first(name)}"


# --- sentences ---------------------------------------------------------------------------------------


def _notes(r: Figure, said: str, english: bool = False) -> list[str]:
    """The note clauses a reader needs: not the value again ("thứ 15 cả nước"), not "theo báo …" (the
    source is named under the answer); in English only those the glossary says in full."""
    out = []
    for n in note_clauses(r.note):
        f = n.lower()
        if f in said.lower() or re.match(r"theo\s", f) or re.search(rf"\bthứ {re.escape(r.value)}\b", f):
            continue
        if "tỷ lệ" in f and r.total:  # "tỷ lệ 55,78%": the share is computed beside the count
            continue
        n = _bracketed_note(n, said)
        if english:
            n = to_english(n) or ""
        if n:
            out.append(n)
    return out


def _bracketed_note(note: str, said: str) -> str:
    """A note said in brackets after its clause holds no brackets of its own: "khối đầu vào (5 trụ cột)" after
    "đạt 51,50 điểm đầu vào" is "5 trụ cột" (the rest the clause says already), otherwise "khối …, 5 trụ cột"."""
    m = re.fullmatch(r"(.*?)\s*\(([^()]*)\)", note)
    if not m:
        return note
    outer, inner = m[1], m[2]
    if len(set(content_syllables(outer)) - set(content_syllables(said))) <= 1:
        return inner
    return f"{outer}, {inner}"


def _groups(rows: list[Figure]) -> list[list[Figure]]:
    """Rows that say one thing together: the same indicator, place and date (two sources that disagree,
    a lower and an upper bound); the order of `rows` is kept."""
    groups: dict[tuple, list[Figure]] = {}
    for r in rows:
        p = _parts(r.indicator)
        aspect = "" if p.aspect in _BOUNDS else p.aspect
        groups.setdefault((p.name, p.year, aspect, r.scope, r.as_of), []).append(r)
    return list(groups.values())


def _group_clause(group: list[Figure], english: bool, named: bool) -> tuple[str, bool]:
    """(the clause a group says, whether it is a whole sentence with its own subject)."""
    r = group[0]
    fmt = en_number if english else vn_number
    if {_parts(x.indicator).aspect for x in group} == set(_BOUNDS) and len(group) == 2:
        low, high = sorted(group, key=lambda x: _BOUNDS[_parts(x.indicator).aspect])
        value = f"{fmt(low.value)}–{fmt(high.value)}"
        if _kind(r) == "level":
            return _level_sentence(r, english, value), True
        return _with_brackets(*_clause(r, english, named, value)), False
    values = list(dict.fromkeys(x.value for x in group))
    if len(values) == 1:
        if _kind(r) == "level":
            return _level_sentence(r, english), True
        clause, extra = _clause(r, english, named)
        return _with_brackets(clause, extra + _notes(r, clause, english)), False
    # sources that disagree: one short clause, each value with the source that gives it
    firsts = [next(x for x in group if x.value == v) for v in values]
    level = _kind(r) == "level"
    said = [_value(x, english) if level else _clause(x, english, False)[0] for x in firsts]
    alternatives = " / ".join(f"{v} ({_source(x)})" for v, x in zip(said, firsts, strict=True))
    n = len(values)
    p = _parts(r.indicator)
    if english:
        differ = f"{_NUMBER_WORDS_EN.get(n, str(n))} sources differ"
        if level:
            head = _level_head(r, True) or f"For {_subject(r.scope, True)}, «{p.name}»"
            return f"{head}: {differ} — {alternatives}", True
        topic = to_english(p.aspect) if p.aspect else None
        return f"{differ}" + (f" on the {topic}" if topic and _kind(r) != "places" else "") + f": {alternatives}", False
    differ = f"{_NUMBER_WORDS.get(n, str(n))} nguồn ghi khác nhau"
    if level:
        return f"{_level_head(r, False)}: {differ} — {alternatives}", True
    about = f" về {_lower_first(p.aspect)}" if p.aspect and _kind(r) == "places" else ""
    return f"{differ}{about}: {alternatives}", False


def _without_repeated_brackets(clause: str, first: str) -> str:
    """A note two rows share ("năm thứ ba liên tiếp đứng đầu") is said after the first clause only."""
    m = re.search(r" \(([^()]*(?:\([^()]*\)[^()]*)*)\)$", clause)
    return clause[: m.start()] if m and f"({m[1]})" in first else clause


_REPEATED_VERBS = ("đạt ", "chiếm ", "scored ")


def _without_repeated_verb(clauses: list[str]) -> list[str]:
    """ "đạt 49,37 điểm, 51,50 điểm đầu vào, 47,23 điểm đầu ra": a verb is said once for the clauses that
    follow each other with it, not "đạt …, đạt …, đạt …"."""
    out = clauses[:1]
    for before, clause in pairwise(clauses):
        verb = next((v for v in _REPEATED_VERBS if clause.startswith(v) and before.startswith(v)), None)
        out.append(clause[len(verb) :] if verb else clause)
    return out


def _with_brackets(clause: str, extra: list[str]) -> str:
    return clause + (f" ({'; '.join(extra)})" if extra else "")


def _source(r: Figure) -> str:
    label = source_label(r.source)
    return re.split(r"\s*[(,]", label, maxsplit=1)[0] if not label.startswith("http") else label


@dataclass
class _Sentence:
    key: tuple  # (name, year, scope) of rows that share a subject and a name; a group's own key otherwise
    first: Figure
    clauses: list[str]
    own: str = ""  # a level sentence, complete with its own subject


def figure_sentences(rows: list[Figure], english: bool = False, year_first: bool = True) -> list[str]:
    """One sentence per place and indicator (its rows' clauses joined), in the order of `rows`: the
    sentence a clerk writes ("Năm 2025, Phú Thọ đạt 41,10 điểm …, xếp thứ 15/34 tỉnh, thành.")."""
    built: list[_Sentence] = []
    for n, group in enumerate(_groups(rows)):
        r = group[0]
        p = _parts(r.indicator)
        key = (p.name, p.year, r.scope) if p.aspect and p.aspect not in _BOUNDS else ("group", n)
        joined = next((s for s in built if s.key == key), None)
        clause, own = _group_clause(group, english, named=joined is None)
        if own:
            built.append(_Sentence(("group", n), r, [], clause))
        elif joined is not None:
            joined.clauses.append(clause)
        else:
            built.append(_Sentence(key, r, [clause]))
    out = []
    for s in built:
        if s.own:
            out.append(_capital(s.own))
            continue
        s.clauses[1:] = [_without_repeated_brackets(c, s.clauses[0]) for c in s.clauses[1:]]
        differ = [c for c in s.clauses[1:] if "nguồn ghi khác" in c or "sources differ" in c]
        body = ", ".join(_without_repeated_verb([s.clauses[0], *(c for c in s.clauses[1:] if c not in differ)]))
        body += "".join(f"; {c}" for c in differ)
        year = _parts(s.first.indicator).year
        subject = _subject(s.first.scope, english)
        body = body.replace("{has}", _has(subject))
        if year and year_first:
            out.append(f"{'In' if english else 'Năm'} {year}, {subject} {body}")
        elif year:
            out.append(f"{_capital(subject)} {body} ({'in' if english else 'năm'} {year})")
        else:
            out.append(f"{_capital(subject)} {body}")
    return out


def said_in_english(rows: list[Figure]) -> bool:
    """Whether the English sentences for `rows` say all their Vietnamese ones do: no note of a row
    ("năm thứ ba liên tiếp đứng đầu") left out for want of English words."""
    for group in _groups(rows):
        r = group[0]
        if _kind(r) == "level" or len({x.value for x in group}) > 1:
            continue  # a level sentence, or sources that differ, say no notes in either language
        if any(not to_english(n) for n in _notes(r, _clause(r, False, True)[0])):
            return False
    return True


def _and(items: list[str], english: bool) -> str:
    word = " and " if english else " và "
    return word.join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def as_of_line(rows: list[Figure], english: bool = False) -> str:
    """ "Số liệu tính đến 01/10/2025, theo baophutho.vn và sokhoahoccongnghe.phutho.gov.vn." — the date
    and the source of the figures said, each once."""
    by_date: dict[date | None, list[str]] = {}
    for r in rows:
        labels = by_date.setdefault(r.as_of, [])
        if r.source and _source(r) not in labels:
            labels.append(_source(r))
    parts = []
    for when, labels in by_date.items():
        joined = _and(labels, english)
        if when:
            said = en_date(when) if english else vn_date(when)
            parts.append(f"{said} ({joined})" if len(by_date) > 1 and labels else said)
        if len(by_date) == 1 and labels:
            parts.append(("according to " if english else "theo ") + joined)
    if not parts:
        return ""
    if len(by_date) == 1:
        head = parts[0] if next(iter(by_date)) else ""
        tail = parts[-1] if labels else ""
        if english:
            return (f"Figures as of {head}, " if head else "") + tail + "."
        return _capital((f"số liệu tính đến {head}, " if head else "") + tail) + "."
    return ("Figures as of " if english else "Số liệu tính đến ") + "; ".join(parts) + "."
