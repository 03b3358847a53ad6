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
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_OLD_TONE.sub(lambda m: m[1] + m[2] + m[4] + m[3], decomposed))


def fold(text: str) -> str:
    """Strip diacritics ("Nghị quyết" → "Nghi quyet"), the form of accent-less typing."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


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


def canonical_numbers(text: str) -> str:
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


def normalise(text: str) -> str:
    """The canonical form used for matching: NFC, lower case, one tone placement, numbers, abbreviations."""
    text = canonical_tones(nfc(text).lower())
    text = canonical_numbers(text)
    text = _LETTERS_DIGITS.sub(" ", text)
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
    """Tokens of a passage: syllables and bigrams, accented and folded (the folded ones prefixed)."""
    syl = syllables(normalise(text))
    return _index_tokens(syl, [_fold_syllable(s) for s in syl])


def term_set(text: str) -> frozenset[str]:
    """The normalised syllables of a text, accented and folded: what "contains this word" is checked against."""
    syl = syllables(normalise(text))
    return frozenset(syl) | frozenset(map(_fold_syllable, syl))


def index_terms(text: str) -> tuple[list[str], frozenset[str]]:
    """`index_tokens(text)` and `term_set(text)` from one normalisation: what an index build needs of a passage."""
    syl = syllables(normalise(text))
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
