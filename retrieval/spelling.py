"""A dropped, doubled, swapped or wrong letter in a typed word, read as the index word it was meant to be:
"dinh dnah" → "dinh danh", "khai truogn" → "khai truong"; "chuyen doi os" is left alone (too short to tell),
and so is "nghi quyt" ("quyt" is a syllable: "quýt").

Only words typed without diacritics, never seen by the index and not shaped like a Vietnamese syllable
are corrected (a word with its marks,
or a capitalised name, is spelt on purpose), only to an index word one edit away (a letter
deleted, added, changed, or two neighbours swapped), and only when one such word is clearly the most
common. The vocabulary is the index's own (its accent-less syllables), so a corpus of any topic gets
its own corrections; the neighbour table is built once per index in a few milliseconds.

Inside a question the words around a word decide too (`correct_text`): when two index words are about as
common, or the typed word is a syllable shape ("quyt") the corpus lacks, the one the corpus writes next to
the typed word's neighbours wins — "nghi quyt 57" is "nghi quyet 57" ("nghị quyết" before a number), as
no passage writes "nghi quy" — and only when those pairs are many and clearly its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .text import fold, stop_syllables

MIN_LENGTH = 4  # shorter words have too many neighbours to guess from ("os", "so", "sơ"…)
MIN_DF = 3  # the word meant occurs in at least this many passages
MIN_PAIRS = 5  # passages writing the word meant next to the typed word's neighbours, for context to decide
PAIR_MARGIN = 4  # … and that many times the passages writing another candidate there
_WORD = re.compile(r"[^\W\d_]+")
# The shape of a Vietnamese syllable typed without marks: an onset, a vowel cluster, a final consonant.
# "phim", "tuan", "quyt" are syllables (of words the corpus may simply not have): never "corrected";
# "dnah", "truogn", "hnah" are no syllable: a slip of the fingers.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:uye|uya|uyu|uoi|uou|oai|oay|oeo|uay|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy"
    r"|ya|ye|yu|a|e|i|o|u|y)(?:ch|nh|ng|c|m|n|p|t)?"
)


def is_syllable(word: str) -> bool:
    """Whether an accent-less word has the shape of a Vietnamese syllable."""
    return bool(_SYLLABLE.fullmatch(fold(word.lower())))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Speller:
    """Corrections against one vocabulary: {syllable → passages holding it}, accent-less syllables only."""

    def __init__(self, df: Mapping[str, int], pairs: Mapping[tuple[str, str], int] | None = None) -> None:
        self.pairs = pairs or {}  # (syllable, next syllable), accent-less → passages writing them side by side
        self.df = {w: n for w, n in df.items() if w.isalpha() and w == fold(w) and w.isascii()}
        self.known = set(df) | {fold(w) for w in df}
        self.by_deletion: dict[str, set[str]] = {}
        for word, n in self.df.items():
            if n >= MIN_DF and len(word) >= MIN_LENGTH - 1:
                for d in _deletions(word) | {word}:
                    self.by_deletion.setdefault(d, set()).add(word)

    def candidates(self, typed: str) -> set[str]:
        """Index words one edit from `typed` (the symmetric-deletion test, then checked exactly)."""
        found: set[str] = set()
        for key in _deletions(typed) | {typed}:
            found |= self.by_deletion.get(key, set())
        return {w for w in found if w != typed and _one_edit(typed, w)}

    def correct(self, word: str, before: str = "", after: str = "") -> str | None:
        """The index word meant by `word`, or None when `word` is known, short or not clearly one word.
        `before`, `after`: the words around it in the question, which may decide between candidates."""
        typed = fold(word.lower())
        if len(typed) < MIN_LENGTH or typed in self.known or typed in stop_syllables() or not typed.isascii():
            return None
        ranked = sorted(self.candidates(typed), key=lambda w: -self.df[w])
        in_context = self._by_context(ranked, fold(before.lower()), fold(after.lower()))
        if is_syllable(typed):
            return in_context  # a real syllable the corpus lacks ("phim") is no typo, unless its neighbours say so
        if not ranked or (len(ranked) > 1 and self.df[ranked[1]] * 2 > self.df[ranked[0]]):
            return in_context  # "thun" could be "thu", "thuc", "thuan": only the words around it can tell
        return ranked[0]

    def _by_context(self, candidates: list[str], before: str, after: str) -> str | None:
        """The candidate the corpus writes next to `before`/`after` in many passages, and clearly more than any
        other candidate ("nghi" + "quyet" in 435 passages, "nghi" + "quy" in none), or None."""
        if not candidates or not (before or after):
            return None
        support = sorted(
            ((self.pairs.get((before, w), 0) + self.pairs.get((w, after), 0), w) for w in candidates), reverse=True
        )
        best, word = support[0]
        runner_up = support[1][0] if len(support) > 1 else 0
        return word if best >= MIN_PAIRS and best >= PAIR_MARGIN * runner_up else None

    def correct_text(self, text: str, keep: frozenset[str] = frozenset()) -> tuple[str, tuple[tuple[str, str], ...]]:
        """`text` with its unknown words corrected, and the (typed, read) pairs. Words in `keep` (chat words,
        names the question reads elsewhere) are left as typed."""
        pairs: list[tuple[str, str]] = []

        def fix(m: re.Match) -> str:
            word = m.group(0)
            if word.lower() in keep or fold(word) != word or (word[:1].isupper() and not text.islower()):
                return word  # a word typed with diacritics ("soạn") or capitalised ("Châu") is spelt on purpose
            words = _WORD.findall(text)  # the words around it, as typed
            at = _index_of(m, text)
            before = words[at - 1] if at > 0 else ""
            after = words[at + 1] if at + 1 < len(words) else ""
            if is_syllable(word) and _names_a_place(words[max(0, at - 2) : at]):
                return word  # "phuong thanh mieu": a commune's name as typed, a syllable the corpus may lack
            read = self.correct(word, before, after)
            if read is None:
                return word
            pairs.append((word, read))
            return read

        return _WORD.sub(fix, text), tuple(pairs)


_PLACE_WORDS = frozenset({"xa", "phuong", "p", "tinh", "huyen", "quan", "thon", "ap"})


def _names_a_place(before: list[str]) -> bool:
    """The word follows "xã", "phường", "tỉnh" … (within two words): it is part of a place's name."""
    return any(fold(w.lower()) in _PLACE_WORDS for w in before)


def _index_of(m: re.Match, text: str) -> int:
    """Which word of `text` (counted as `_WORD` finds them) the match `m` is."""
    return len(_WORD.findall(text[: m.start()]))


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance 1, or two neighbouring letters swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def speller_for(df: Mapping[str, int], pairs: Mapping[tuple[str, str], int] | None = None) -> Speller:
    """The speller of an index's vocabulary (and its neighbouring-syllable pairs), built once per vocabulary."""
    cached = getattr(df, "_govqa_speller", None)
    if cached is None:
        cached = Speller(df, pairs)
        try:
            df._govqa_speller = cached  # type: ignore[attr-defined]
        except AttributeError:
            pass
    return cached
