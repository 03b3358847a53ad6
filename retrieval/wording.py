"""How answers are worded: curation notes kept out, short caveats, and the few English phrases an English
question is answered with (dates and numbers the Vietnamese way: retrieval/vi.py).

Every template here is filled from rows or passages that are cited; nothing here knows a fact.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from . import data
from .text import fold, normalise
from .vi import en_date

# --- curation notes ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _curation() -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[re.Pattern, str], ...]]:
    drop, note, rewrite = [], [], []
    for line in data.lines("curation.tsv"):
        kind, phrase, *rest = line.split("\t")
        if kind == "drop":
            drop.append(phrase)
        elif kind == "note":
            note.append(phrase)
        elif kind == "rewrite":
            before = r"(?<!\w)" if phrase[:1].isalnum() else ""
            after = r"(?!\w)" if phrase[-1:].isalnum() else ""
            rewrite.append((re.compile(before + re.escape(phrase) + after, re.IGNORECASE), rest[0]))
    return tuple(drop), tuple(note), tuple(rewrite)


@lru_cache(maxsize=1 << 14)
def _folded(text: str) -> str:
    """Cached: the sentences of the passages answers quote are checked again for every question."""
    return " ".join(fold(normalise(text)).split())


@lru_cache(maxsize=1)
def _curation_pattern() -> re.Pattern:
    """Any drop phrase of curation.tsv between word boundaries, as one pattern."""
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(p) for p in _curation()[0])})(?!\w)")


def is_curation(sentence: str) -> bool:
    """A note for the corpus authors ("Tài liệu này tóm lược…", "… kho GitHub …"): never quoted."""
    return bool(_curation_pattern().search(_folded(sentence)))


def reader_wording(sentence: str) -> str:
    """ "Corpus này không có dữ liệu về…" → "Dữ liệu hiện có không có dữ liệu về…"."""
    for pattern, replacement in _curation()[2]:

        def keep_case(m: re.Match, replacement: str = replacement) -> str:
            if replacement and m.group(0)[0].isupper():
                return replacement[0].upper() + replacement[1:]
            return replacement

        sentence = pattern.sub(keep_case, sentence)
    return sentence.strip()


def reader_sentence(sentence: str) -> str | None:
    """A sentence as a reader should get it: curation clauses ("…; con số 27/35 chỉ một nguồn nêu") cut,
    corpus words said plainly; None when nothing but curation is left."""
    sentence = reader_wording(sentence)
    clauses = re.split(r"(?<=;)\s+", sentence)
    kept = [c for c in clauses if not is_curation(c)]
    if not kept:
        return None
    text = " ".join(kept).strip()
    if len(kept) < len(clauses):
        text = text.rstrip(";, ") + ("." if not text.rstrip().endswith((".", ":", "?", "!")) else "")
    text = text[0].upper() + text[1:] if text else text
    return text if len(text) >= 12 else None


def note_clauses(note: str) -> list[str]:
    """The clauses of a figure's note ("gồm 133 xã và 15 phường; nhiều nguồn xác nhận") a reader needs."""
    drop, note_only, _ = _curation()
    out = []
    for clause in re.split(r";\s*", note):
        clause = clause.strip().rstrip(".")
        f = _folded(clause)
        if clause and not any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", f) for p in (*drop, *note_only)):
            out.append(clause)
    return out


@lru_cache(maxsize=1)
def _disclaimers() -> re.Pattern:
    return re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in data.lines("disclaimers.txt")))


def is_disclaimer(sentence: str) -> bool:
    """A document saying what it does not hold ("Hướng dẫn này không nêu lệ phí…")."""
    return bool(_disclaimers().search(_folded(sentence)))


# --- caveats -----------------------------------------------------------------------------------------


def short_caveat(caveat: str | None, provenance: str) -> str | None:
    """One short clause for a source's caveat: the long curation text stays in the metadata."""
    if caveat:
        f = _folded(caveat)
        if "du thao" in f:
            return None  # whether a copy is a draft is for the corpus's keepers (confidence), not a reader's note
        if "minh hoa" in f:
            return "dữ liệu minh họa"
        first = re.split(r"(?<=[.;])\s", caveat.strip())[0].rstrip(".;")
        if not is_curation(first) and len(first) <= 160:
            return first
        return None
    if provenance == "illustrative":
        return "dữ liệu minh họa"
    return None


def source_label(text: str) -> str:
    """A figure's source, short: a web address becomes its site ("baophutho.vn"), a citation stays."""
    m = re.match(r"https?://(?:www\.|m\.|news\.|es\.)?([^/\s]+)", text.strip())
    return m.group(1) if m else text.strip()


# --- English -----------------------------------------------------------------------------------------

UNITS_EN = {
    "điểm": "points",
    "nhiệm vụ": "tasks",
    "xã": "communes",
    "phường": "wards",
    "đơn vị": "units",
    "người": "people",
    "trạm": "stations",
    "luật": "laws",
    "bậc": "places",
    "xã, phường": "communes and wards",
    "tỉnh, thành phố": "provinces and cities",
    "địa phương": "localities",
    "doanh nghiệp": "enterprises",
    "nhóm": "groups",
    "đảng viên": "Party members",
    "hồ sơ": "records",
    "văn bản": "documents",
    "điểm cầu": "connection points",
    "đại biểu": "delegates",
}


@lru_cache(maxsize=1)
def _vi_to_en() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in data.lines("glossary_en.tsv"):
        english, vietnamese, *_ = line.split("\t")
        if vietnamese and len(english) > 2:
            out.setdefault(_folded(vietnamese), english)
    return out


def english_name(name: str) -> str:
    """ "Bộ Tài chính" → "Bộ Tài chính (Ministry of Finance)" when the glossary knows it."""
    english = _vi_to_en().get(_folded(name))
    if not english or not english.startswith(("ministry", "department", "provincial", "state bank", "government")):
        return name
    return f"{name} ({english.title().replace(' Of ', ' of ').replace(' And ', ' and ')})"


def english_body(folded_name: str, text: str) -> str:
    """A body found (folded) in `text`, as the text spells it, with its English name when the glossary knows
    it: "bo chinh tri" → "Bộ Chính trị (Politburo)"."""
    plain = fold(text.lower())  # one character per character: the span spells the name as the text does
    m = re.search(rf"(?<!\w){re.escape(folded_name)}(?!\w)", plain)
    spelled = text[m.start() : m.end()] if m and len(plain) == len(text) else folded_name
    english = _vi_to_en().get(folded_name)
    return f"{spelled} ({english[:1].upper() + english[1:]})" if english else spelled


@lru_cache(maxsize=1)
def _agency_names() -> re.Pattern:
    names = {line.split("\t")[0] for line in data.lines("agencies.tsv")}
    for line in data.lines("glossary_en.tsv"):
        english, vietnamese, *_ = line.split("\t")
        if english.startswith(("ministry of", "department of", "state bank", "government office")):
            names.add(vietnamese)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


def known_agency(text: str) -> str | None:
    """The first ministry or department a text names that the data knows ("… thuộc Bộ Công an")."""
    m = _agency_names().search(text)
    return m.group(0) if m else None


STATUSES_EN = {
    "hoan thanh": "completed",
    "da hoan thanh": "completed",
    "dang thuc hien": "in progress",
    "chua thuc hien": "not started",
    "chua hoan thanh": "not completed",
    "qua han": "overdue",
}


def en_status(status: str) -> str:
    """A register's status in English: "Hoàn thành" → "completed", "Chưa thực hiện" → "not started"; a status
    the table does not know stays as written, quoted."""
    return STATUSES_EN.get(_folded(status).lower(), f"«{status}»") if status.strip() else "not recorded"


def english_unit(unit: str) -> str:
    return UNITS_EN.get(unit, unit)


_MONTHS = "January February March April May June July August September October November December".split()
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def en_deadline(deadline: str, due: date | None) -> str:
    """A register's deadline in English: "12/2025" → "December 2025", "Quý II/2025" → "Q2 2025 (by 30 June
    2025)", "31/12/2025" → "31 December 2025", "Thường xuyên" → "ongoing"; the words as written otherwise."""
    text = deadline.strip()
    if not text:
        return "not recorded"
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text) and due:
        return en_date(due)
    m = re.fullmatch(r"(?:tháng\s+)?(\d{1,2})/(\d{4})", text, re.IGNORECASE)
    if m and 1 <= int(m[1]) <= 12:
        return f"{_MONTHS[int(m[1]) - 1]} {m[2]}"
    m = re.fullmatch(r"quý\s+([IV]+)/(\d{4})", text, re.IGNORECASE)
    if m and m[1].lower() in _QUARTERS:
        return f"Q{_QUARTERS[m[1].lower()]} {m[2]}" + (f" (by {en_date(due)})" if due else "")
    if re.fullmatch(r"\d{4}", text):
        return text
    english = _en_phrase(text)
    if english:
        return english + (f" (by {en_date(due)})" if due else "")
    return f"«{text}»" + (f" (by {en_date(due)})" if due else "")


def _en_phrase(text: str) -> str | None:
    """A short Vietnamese phrase the glossary says in full ("thường xuyên" → "ongoing"), else None."""
    table = {}
    for line in data.lines("glossary_en.tsv"):
        english, vietnamese, *_ = line.split("\t")
        if vietnamese.strip():
            table.setdefault(_folded(vietnamese), english.strip())
    rest, out = _folded(text), _folded(text)
    for key in sorted(table, key=len, reverse=True):
        pattern = rf"(?<!\w){re.escape(key)}(?!\w)"
        if re.search(pattern, rest):
            out = re.sub(pattern, table[key], out)
            rest = re.sub(pattern, " ", rest)
    return " ".join(out.split()) if not re.search(r"[a-z]", re.sub(r"\d+", " ", rest)) else None


def en_period(label: str) -> str:
    """A period as the register path labels it, in English: "tháng 6/2025" → "in June 2025", "quý II/2025"
    → "in Q2 2025", "năm 2025" → "in 2025", "trước 30/6/2026" → "before 30 June 2026"."""
    m = re.fullmatch(r"tháng (\d{1,2})/(\d{4})", label)
    if m:
        return f"in {_MONTHS[int(m[1]) - 1]} {m[2]}"
    m = re.fullmatch(r"quý ([IV]+)/(\d{4})", label)
    if m:
        return f"in Q{_QUARTERS[m[1].lower()]} {m[2]}"
    m = re.fullmatch(r"năm (\d{4})", label)
    if m:
        return f"in {m[1]}"
    m = re.fullmatch(r"(\d{1,2}) tháng (đầu|cuối) năm (\d{4})", label)
    if m:
        if m[1] == "6":
            return f"in the {'first' if m[2] == 'đầu' else 'second'} half of {m[3]}"
        return f"in the {'first' if m[2] == 'đầu' else 'last'} {m[1]} months of {m[3]}"
    m = re.fullmatch(r"trước (\d{1,2})/(\d{1,2})/(\d{4})", label)
    if m:
        return f"before {en_date(date(int(m[3]), int(m[2]), int(m[1])))}"
    english = _en_phrase(label)
    return english or f"«{label}»"


def lower_level(name: str) -> str:
    """ "Phường Âu Cơ" → "phường Âu Cơ" inside a sentence ("3 nhiệm vụ của phường Âu Cơ"); an agency keeps
    its capital."""
    return name[0].lower() + name[1:] if name.startswith(("Phường ", "Xã ", "Thị trấn ")) else name
