"""Agency, commune and province names found in a question, in time that does not grow with the name list.

A `NameMatcher` is built once per name table (`exact.tables` keeps its tables for the life of a loaded
index, so once per index build) and answers what `question.find_names` always answered:

- a name occurs exactly, between word boundaries, in the folded question; found through a token index
  (each name filed under its rarest word), so only names whose every word is in the question are tried;
- or, for names of 8 characters or more, a run of the question's words that starts with the name's first
  word ("sở" is never "bộ") and is as long as the name, one word shorter or one longer, is at least 88%
  alike (difflib's ratio). Only the few names that can reach 88% are compared: those sharing enough
  character pairs with the run. If a ratio is ≥ 0.88, the matched characters M form blocks, at most one
  more than the d = |a| + |b| − 2M unmatched characters, and every block of length L gives L − 1 shared
  pairs; so the runs share at least M − d − 1 ≥ 0.32·(|a| + |b|) − 1 pairs. The filter never drops a
  name the full comparison would keep: results are those of comparing against every name.
  A name that is another name plus words ("… và các bộ") is not fuzzily found where that other name is typed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from . import data
from .text import fold, normalise

FUZZY_MIN_CHARS = 8
FUZZY_RATIO = 0.88
# Shared character pairs a run needs: M − d − 1 with M ≥ (ratio / 2)·S and d = S − 2M, S = |run| + |name|.
_PAIRS_PER_CHAR = 3 * FUZZY_RATIO / 2 - 1  # 0.32
# In a group of 32+ names, a pair that a quarter of them hold is not filed: its share is bounded instead.
_LARGE_GROUP = 32
_COMMON_PAIR_SHARE = 0.25
_WORD = re.compile(r"\w+")
_CACHE_SIZE = 16


@dataclass(frozen=True)
class _Name:
    order: int  # position in the table: ties between equally long names keep table order
    key: str
    canonical: str
    words: int


class _Group:
    """Names of 8+ characters that start with the same word, with their character pairs filed."""

    def __init__(self, members: list[_Name]) -> None:
        self.members = members
        self.pairs = [Counter(_pairs(m.key)) for m in members]
        self.sizes = {s for m in members for s in _window_sizes(m.words)}
        self.common: set[str] = set()
        if len(members) >= _LARGE_GROUP:
            holders = Counter(p for counts in self.pairs for p in counts)
            self.common = {p for p, n in holders.items() if n >= _COMMON_PAIR_SHARE * len(members)}
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for j, counts in enumerate(self.pairs):
            for p, c in counts.items():
                if p not in self.common:
                    self.postings.setdefault(p, []).append((j, c))
        self.by_length = sorted(range(len(members)), key=lambda j: len(members[j].key))
        self.lengths = [len(members[j].key) for j in self.by_length]

    def candidates(self, window: str) -> list[int]:
        """Members that may be ≥ 88% alike `window` (a superset; see the module docstring)."""
        counts = Counter(_pairs(window))
        bounded = sum(c for p, c in counts.items() if p in self.common)  # common pairs: at most this many shared
        shared: Counter[int] = Counter()
        for p, c in counts.items():
            if p not in self.common:
                for j, cj in self.postings.get(p, ()):
                    shared[j] += min(c, cj)
        n = len(window)
        out = [j for j, s in shared.items() if s + bounded >= _needed(n, len(self.members[j].key))]
        # Names short enough to need no filed pair at all: 0.32·(n + len) − 1 ≤ bounded.
        longest = (bounded + 1) / _PAIRS_PER_CHAR - n
        if longest >= 0:
            out += [j for j in self.by_length[: bisect_right(self.lengths, longest)] if j not in shared]
        return out


class NameMatcher:
    """Built once from a name table (folded key → canonical name); `find` is what find_names returns."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self._size = len(names)
        self._entries = [_Name(n, key, canonical, len(key.split())) for n, (key, canonical) in enumerate(names.items())]
        self._entries = [e for e in self._entries if e.key]
        self._tokens = [frozenset(_WORD.findall(e.key)) for e in self._entries]
        self._patterns: dict[int, re.Pattern] = {}
        frequency = Counter(t for tokens in self._tokens for t in tokens)
        self._by_word: dict[str, list[int]] = {}
        self._wordless: list[int] = []
        for i, tokens in enumerate(self._tokens):
            if tokens:
                self._by_word.setdefault(min(tokens, key=lambda t: (frequency[t], t)), []).append(i)
            else:
                self._wordless.append(i)
        heads: dict[str, list[_Name]] = {}
        for e in self._entries:
            if len(e.key) >= FUZZY_MIN_CHARS:
                heads.setdefault(e.key.split()[0], []).append(e)
        self._groups = {head: _Group(members) for head, members in heads.items()}
        self._folded = {e.canonical: _fold(e.canonical) for e in self._entries}

    def fits(self, names: dict[str, str]) -> bool:
        return names is self.names and len(names) == self._size

    def find(self, f: str, fuzzy: bool = True) -> list[str]:
        tokens = set(_WORD.findall(f))
        exact: set[int] = set()
        starts: dict[int, list[str]] = {}  # where an exactly found name starts → its keys
        for i in [j for t in tokens for j in self._by_word.get(t, ())] + self._wordless:
            if self._tokens[i] <= tokens:
                for m in self._pattern(i).finditer(f):
                    exact.add(i)
                    starts.setdefault(m.start(), []).append(self._entries[i].key)
        found = {self._entries[i].order: self._entries[i] for i in exact}
        if fuzzy:
            for e in self._fuzzy(f, {self._entries[i].order for i in exact}, starts):
                found.setdefault(e.order, e)
        ranked = sorted(found.values(), key=lambda e: (-len(e.key), e.order))
        out: list[str] = []
        for e in ranked:
            if e.canonical not in out and not any(self._folded[e.canonical] in self._folded[o] for o in out):
                out.append(e.canonical)
        return out

    def _pattern(self, i: int) -> re.Pattern:
        if i not in self._patterns:
            self._patterns[i] = re.compile(rf"(?<!\w){re.escape(self._entries[i].key)}(?!\w)")
        return self._patterns[i]

    def _fuzzy(self, f: str, exact: set[int], starts: dict[int, list[str]]) -> list[_Name]:
        """Names a run of words is nearly alike. A name that only adds words to a name typed exactly at the
        same place is not a typo of it: "bộ khoa học và công nghệ có bao…" is not "… công nghệ và các bộ"."""
        words = f.split()
        offsets = [m.start() for m in re.finditer(r"\S+", f)]
        out: dict[int, _Name] = {}
        for start, head in enumerate(words):
            group = self._groups.get(head)
            if group is None:
                continue
            typed = starts.get(offsets[start], ())
            for size in sorted(group.sizes):
                if start + size > len(words):
                    continue
                window = " ".join(words[start : start + size])
                # "phuong nao co" is no typo of "phuong au co": a word no mistyped name holds (data/not_in_names.txt)
                odd = _not_in_names() & set(words[start : start + size])
                for j in group.candidates(window):
                    e = group.members[j]
                    if e.order in exact or e.order in out or size not in _window_sizes(e.words):
                        continue
                    if any(e.key.startswith(key + " ") for key in typed) or odd - set(e.key.split()):
                        continue
                    compare = SequenceMatcher(None, window, e.key)
                    if compare.quick_ratio() >= FUZZY_RATIO and compare.ratio() >= FUZZY_RATIO:
                        out[e.order] = e
        return list(out.values())


_matchers: list[NameMatcher] = []


@lru_cache(maxsize=1)
def _not_in_names() -> frozenset[str]:
    return frozenset(data.lines("not_in_names.txt"))


def matcher(names: dict[str, str]) -> NameMatcher:
    """The matcher of this very table, built on first use; name tables are not changed once built.
    Most recently used first, so the index's own tables stay while one-off tables come and go."""
    for i, m in enumerate(_matchers):
        if m.fits(names):
            _matchers.insert(0, _matchers.pop(i))
            return m
    m = NameMatcher(names)
    _matchers.insert(0, m)
    del _matchers[_CACHE_SIZE:]
    return m


def _window_sizes(words: int) -> set[int]:
    return {max(1, words - 1), words, words + 1}


def _needed(window_chars: int, name_chars: int) -> float:
    return _PAIRS_PER_CHAR * (window_chars + name_chars) - 1 - 1e-9


def _pairs(s: str) -> list[str]:
    return [s[i : i + 2] for i in range(len(s) - 1)]


def _fold(text: str) -> str:
    return " ".join(fold(normalise(text)).split())
