"""Vietnamese text normalisation: NFC, one tone-mark placement, folding, abbreviations, numbers, tokens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

from . import data


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Old-style tone placement on open syllables ("hoà", "thuỷ") → the form most text uses ("hòa", "thủy").
# Worked in NFD, where "à" is "a" + U+0300: on a syllable-final "oa", "oe" or "uy" the mark moves
# to the first vowel. After "q" the "u" is part of the consonant, so "quý" keeps its mark.
_OLD_TONE = re.compile(
    r"(^|[^\wq]|(?<=[^\Wq]))([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\w\u0300-\u036f])"
)


def canonical_tones(text: str) -> str:
    """Put tone marks where most Vietnamese text does: "hoà" → "hòa", "thuỷ" → "thủy"."""
    if text.isascii():
        return text  # no mark to move, and already composed
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_OLD_TONE.sub(lambda m: m[1] + m[2] + m[4] + m[3], decomposed))


def _fold_slowly(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


class _Reorders(Exception):
    """A character whose decomposition holds a combining mark that is kept (not Mn): canonical reordering
    may move it across a neighbour's marks, so the text is folded as a whole."""


class _FoldTable(dict):
    """Code point → its folded text, filled as characters are met (at most `LIMIT` kept)."""

    LIMIT = 4096

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code).replace("đ", "d").replace("Đ", "D"))
        if any(unicodedata.combining(ch) and unicodedata.category(ch) != "Mn" for ch in decomposed):
            raise _Reorders
        folded = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
        if len(self) < self.LIMIT:
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Strip diacritics ("Nghị quyết" → "Nghi quyet"), the form of accent-less typing.

    Character by character through a table (NFD, then no Mn marks), which is what decomposing the whole
    text gives: the marks dropped are the only ones canonical reordering could move, and a character with
    a kept combining mark sends the text to the whole-text path."""
    if text.isascii():
        return text
    try:
        return text.translate(_FOLD)
    except _Reorders:
        return _fold_slowly(text)


def header_key(text: str) -> str:
    """A table header (or a short cell) as compared: any case, any diacritics, `_` or `-` for a space:
    "TRUY CẬP", "Truy cap" and "truy_cap" are all "truy cap"."""
    return re.sub(r"[\s_\-]+", " ", fold(nfc(str(text))).lower()).strip(" :*.")


def has_diacritics(text: str) -> bool:
    return fold(text) != text


# Numbers: "15.345" (thousands) → "15345"; "41,10" or "41.10" (decimal) → "41.1"; dates → d/m/yyyy.
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d,]|\.\d)")
_DECIMAL = re.compile(r"(?<![\d.,])(\d+)[.,](\d+)(?![\d.,]*\d)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DMY = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b")
_MY = re.compile(r"\b(\d{1,2})/(\d{4})\b")


def _canonical_decimal(m: re.Match) -> str:
    whole, frac = m.group(1), m.group(2).rstrip("0")
    return f"{int(whole)}.{frac}" if frac else str(int(whole))


_DIGIT = re.compile(r"\d")


def canonical_numbers(text: str) -> str:
    if not _DIGIT.search(text):
        return text  # every rewrite below starts at a digit
    text = _ISO_DATE.sub(lambda m: f"{int(m[3])}/{int(m[2])}/{m[1]}", text)
    text = _MY.sub(lambda m: f"{int(m[1])}/{m[2]}", text)
    text = _DMY.sub(lambda m: f"{int(m[1])}/{int(m[2])}" + (f"/{m[3]}" if m[3] else ""), text)
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(".", ""), text)
    return _DECIMAL.sub(_canonical_decimal, text)


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[re.Pattern, dict[str, str]]:
    table: dict[str, str] = {}
    for line in data.lines("abbreviations.tsv"):
        variants, expansion = line.split("\t")
        for v in variants.split(","):
            table[canonical_tones(nfc(v.strip().lower()))] = expansion.strip()
    alternation = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w&])({alternation})(?![\w&])"), table


def expand_abbreviations(text: str) -> str:
    """Replace "kh&cn", "ubnd", "nq" … by their words, on lower-cased text."""
    pattern, table = _abbreviations()
    return pattern.sub(lambda m: table[m.group(1)], text)


# "nq57", "qđ204" → "nq 57", "qđ 204", so the number and the kind of document are separate words.
_LETTERS_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


@lru_cache(maxsize=1)
def _document_kinds() -> tuple[re.Pattern, dict[str, str]]:
    glued: list[str] = []
    spaced: list[str] = []
    table: dict[str, str] = {}
    for line in data.lines("document_kinds.tsv"):
        variants, expansion, when = line.split("\t")
        for v in variants.split(","):
            v = canonical_tones(nfc(v.strip().lower()))
            table[v] = expansion.strip()
            (glued if when.strip() == "glued" else spaced).append(v)

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    # glued ones: "da06", "đa 06" (a zero-padded number); the others before any number: "dean 6"
    pattern = re.compile(
        rf"(?<![\w&])(?:({alternation(glued)})(?=\d|[\s.\-]*0\d)|({alternation(spaced)})(?=[\s.\-]*\d))"
    )
    return pattern, table


def document_kinds(text: str) -> str:
    """ "da06", "dean06", "nghiquyet57" → "đề án 06", "đề án 06", "nghị quyết 57" (lower-cased text):
    a kind of document typed as one word or a short code right before its number."""
    pattern, table = _document_kinds()
    return pattern.sub(lambda m: table[m.group(1) or m.group(2)] + " ", text)


# The path of a web address is a headline folded into a slug ("…/trien-khai-co-hieu-qua-nghi-quyet-57…"):
# its words are no words of the passage, only the host is ("baophutho.vn").
_URL_PATH = re.compile(r"(https?://[^/\s]+)/\S*")


def without_url_paths(text: str) -> str:
    return _URL_PATH.sub(r"\1", text)


def normalise(text: str) -> str:
    """The canonical form used for matching: NFC, lower case, one tone placement, numbers, abbreviations."""
    text = canonical_tones(nfc(text).lower())
    if _DIGIT.search(text):  # document kinds ("nq57") and number forms only occur with a digit
        text = _LETTERS_DIGITS.sub(" ", canonical_numbers(document_kinds(text)))
    return expand_abbreviations(text)


_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W_]+")


def syllables(normalised: str) -> list[str]:
    return _TOKEN.findall(normalised)


def bigrams(tokens: list[str]) -> list[str]:
    return [f"{a}_{b}" for a, b in pairwise(tokens)]


# One syllable folded: a corpus has a few thousand distinct syllables, and every passage is tokenised
# for BM25 and for its term set at each build (docs/benchmarks.md, index build time).
_fold_syllable = lru_cache(maxsize=1 << 16)(lambda s: fold(s))


def _index_tokens(syl: list[str], folded: list[str]) -> list[str]:
    return syl + bigrams(syl) + ["~" + t for t in folded + bigrams(folded)]


def index_tokens(text: str) -> list[str]:
    """Tokens of a passage: syllables and bigrams, accented and folded (the folded ones prefixed).
    A web address counts by its host only: the slug of its path ("…/trien-khai-co-hieu-qua-nghi-quyet-57…")
    is no text of the passage, and its plain letters would meet any accent-less word of a question."""
    syl = syllables(normalise(without_url_paths(text)))
    return _index_tokens(syl, [_fold_syllable(s) for s in syl])


@lru_cache(maxsize=1 << 14)
def term_set(text: str) -> frozenset[str]:
    """The normalised syllables of a text, accented and folded: what "contains this word" is checked against
    (a web address by its host only, as in `index_tokens`). Cached: the sentences of the passages answers
    quote are read again for every question."""
    syl = syllables(normalise(without_url_paths(text)))
    return frozenset(syl) | frozenset(map(_fold_syllable, syl))


def index_terms(text: str) -> tuple[list[str], frozenset[str]]:
    """`index_tokens(text)` and `term_set(text)` from one normalisation: what an index build needs of a passage."""
    syl = syllables(normalise(without_url_paths(text)))
    folded = [_fold_syllable(s) for s in syl]
    return _index_tokens(syl, folded), frozenset(syl) | frozenset(folded)


def query_tokens(text: str) -> list[str]:
    """Tokens of a question: an accent-less question only meets the folded field."""
    syl = syllables(normalise(text))
    folded = [_fold_syllable(s) for s in syl]
    folded_tokens = ["~" + t for t in folded + bigrams(folded)]
    if not has_diacritics(" ".join(syl)):
        return folded_tokens
    return syl + bigrams(syl) + folded_tokens


@lru_cache(maxsize=1)
def stop_syllables() -> frozenset[str]:
    words: set[str] = set()
    for line in data.lines("stopwords.txt"):
        for s in syllables(canonical_tones(nfc(line.strip().lower()))):
            words.add(s)
            words.add(fold(s))
    return frozenset(words)


@lru_cache(maxsize=1 << 16)
def content_syllables(text: str) -> tuple[str, ...]:
    """Folded syllables of a text without question and function words: what a match must cover.
    Cached: register rows and passages are scored against every question."""
    stops = stop_syllables()  # holds every stop word folded too, so the folded syllable decides
    return tuple(s for s in syllables(fold(normalise(text))) if s not in stops)
