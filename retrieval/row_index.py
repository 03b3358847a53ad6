"""Register rows found by the words of a question, in time that grows with the matches, not the rows.

`exact._figures` and `exact._target` used to read every figure or target row for every question (a second
at 100× the registers). A `WordIndex` files each row of a row list under the words it is scored on, once
per list (`registers.tables` keeps its lists for the life of a loaded index, so once per build and role);
a question then counts its terms along their postings and scores only the rows that can score. The task
a question describes is found by `exact._task_index`, which does the same with word pairs.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cached_property

import numpy as np

from .question import folded
from .registers import Figure, Task, number
from .text import content_syllables

__all__ = ["FigureRows", "PairRows", "TaskRows", "WordIndex", "docs_with_status", "long_lived", "narrow"]


def long_lived(made):
    """`made` (a per-build index just built) and everything else alive now, out of the cyclic garbage
    collector's way: at 100× the registers these indexes are hundreds of thousands of objects, which every
    full collection would walk again (0.1–0.5 s in the middle of some answer).
    Young garbage is collected first (a full collection would walk the whole process: seconds in a long test
    run), so little garbage is frozen; `Engine` unfreezes everything when it loads another build."""
    gc.collect(1)
    gc.freeze()
    return made


def _per_build(cache: dict, key: tuple, rows: Sequence, held: Callable, make: Callable):
    """The index `key` of `rows`, built by `make` once and kept in `cache` (the loaded build's) while `held`
    of it is still that very row list; built indexes are `long_lived`."""
    found = cache.get(key)
    if found is None or held(found) is not rows:
        found = cache[key] = long_lived(make())
    return found


class WordIndex:
    """Rows (figures, targets) filed by the words they are scored on, so a question looks only at the rows
    that can score: `holding` gives the rows holding enough of its terms, in row order."""

    def __init__(self, rows: Sequence, words: Callable[[object], Iterable[str]]) -> None:
        self.rows = rows
        postings: dict[str, list[int]] = {}
        for i, r in enumerate(rows):
            for w in set(words(r)):
                postings.setdefault(w, []).append(i)
        self.postings = {w: np.array(v, dtype=np.int32) for w, v in postings.items()}

    @classmethod
    def of(cls, cache: dict, rows: Sequence, name: str, words: Callable[[object], Iterable[str]]) -> WordIndex:
        """The index of a row list under `name` (what `words` reads), built once and kept in `cache`."""
        return _per_build(cache, ("word_index", name, id(rows)), rows, lambda f: f.rows, lambda: cls(rows, words))

    def holding(self, terms: Sequence[str], at_least: float) -> set[int]:
        """`id()` of the rows holding at least `at_least` of the distinct `terms` (a count, may be fractional)."""
        return {id(self.rows[i]) for i in self.positions(terms, at_least)}

    def positions(self, terms: Sequence[str], at_least: float) -> list[int]:
        """Positions (ascending) of the rows holding at least `at_least` of the distinct `terms`."""
        held = self._held(terms, at_least)
        return [] if held is None else np.flatnonzero(held >= max(at_least, 1)).tolist()

    def counts(self, terms: Sequence[str], at_least: float) -> list[tuple[int, int]]:
        """(position, how many of the distinct `terms` the row holds) of the rows holding at least `at_least`
        of them, ascending position."""
        held = self._held(terms, at_least)
        if held is None:
            return []
        at = np.flatnonzero(held >= max(at_least, 1))
        return list(zip(at.tolist(), held[at].tolist(), strict=True))

    def _held(self, terms: Sequence[str], at_least: float) -> np.ndarray | None:
        """How many of the distinct `terms` each row holds; None when no row can hold `at_least` of them."""
        found = [f for t in dict.fromkeys(terms) if (f := self.postings.get(t)) is not None]
        if len(found) < max(at_least, 1):
            return None
        held = np.zeros(len(self.rows), dtype=np.int32)
        for f in found:
            held[f] += 1
        return held


class PairRows:
    """Task rows filed by the word pairs of their names (`exact._task_index`'s postings: pair → row keys) as
    arrays of positions, so the rows holding enough of a question's pairs are counted in arrays, not key by key
    in Python (a pair as common as "chủ trì" holds thousands of rows at 100× the registers)."""

    def __init__(self, postings: dict) -> None:
        self.source = postings
        self.keys = sorted({k for rows in postings.values() for k in rows})
        position = {k: i for i, k in enumerate(self.keys)}
        self.postings = {p: np.array([position[k] for k in rows], dtype=np.int32) for p, rows in postings.items()}

    @classmethod
    def of(cls, cache: dict, postings: dict) -> PairRows:
        return _per_build(cache, ("pair_rows", id(postings)), postings, lambda f: f.source, lambda: cls(postings))

    def holding(self, pairs: Iterable, at_least: int) -> dict:
        """The rows holding at least `at_least` of the word `pairs` (key → how many they hold)."""
        found = [f for p in pairs if (f := self.postings.get(p)) is not None]
        if not found or len(found) < at_least:
            return {}
        held = np.zeros(len(self.keys), dtype=np.int32)
        for f in found:
            held[f] += 1  # a pair's positions are distinct
        keys = self.keys
        return {keys[i]: n for i, n in zip(*_nonzero_counts(held, at_least), strict=True)}


class KeyWords:
    """Task rows' name words (`exact._task_index`'s features: row key → (words, pairs)) as arrays of positions,
    so the IDF-weighted share of a question's words is summed for every row in arrays, not word by word in
    Python for each of the thousands of rows sharing as many pairs with it at 100× the registers."""

    def __init__(self, features: dict) -> None:
        self.source = features
        self.keys = sorted(features)
        self.position = {k: i for i, k in enumerate(self.keys)}
        postings: dict[str, list[int]] = {}
        for i, k in enumerate(self.keys):
            for w in features[k][0]:
                postings.setdefault(w, []).append(i)
        self.postings = {w: np.array(at, dtype=np.int32) for w, at in postings.items()}

    @classmethod
    def of(cls, cache: dict, features: dict) -> KeyWords:
        return _per_build(cache, ("key_words", id(features)), features, lambda f: f.source, lambda: cls(features))

    def weighed(self, weights: Sequence[tuple[str, float]]) -> np.ndarray:
        """Per row (position), the sum of the weights of the words it holds, added in the order given: the
        same float as summing them row by row in that order (each word given once)."""
        total = np.zeros(len(self.keys))
        for word, weight in weights:
            at = self.postings.get(word)
            if at is not None:
                total[at] += weight
        return total


def _nonzero_counts(held: np.ndarray, at_least: int) -> tuple[list[int], list[int]]:
    at = np.flatnonzero(held >= max(at_least, 1))
    return at.tolist(), held[at].tolist()


def docs_with_status(cache: dict, rows: Sequence[Task]) -> frozenset[str]:
    """The registers that record a status on any of their tasks (`rows`: all tasks of a build)."""
    key = ("docs_with_status", id(rows))
    found = cache.get(key)
    if found is None or found[0] is not rows:
        found = cache[key] = (rows, frozenset(r.doc_id for r in rows if r.status))
    return found[1]


def _positions(rows: Sequence, key: Callable[[object], str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        out.setdefault(key(r), []).append(i)
    return out


def narrow(selected: list[int] | None, positions: Iterable[int]) -> list[int]:
    """The positions of `selected` (ascending; None: every row) that are also in `positions`, ascending."""
    if selected is None:
        return sorted(positions)
    keep = set(positions)
    return [i for i in selected if i in keep]


# "Các bộ, ngành, địa phương": a task given to every ministry, which an agency's count mentions apart.
SHARED_LEAD = re.compile(r"(cac )?bo, nganh")
_WORD = re.compile(r"\w+")


class TaskRows:
    """One role's task rows filed once per build by what a question selects them on — register, commune,
    group, lead agency, deadline — so a question reads only the rows its slots select, not every row.
    Positions are indexes into `tasks` (ascending, so rows keep the register order)."""

    def __init__(self, tasks: Sequence[Task]) -> None:
        self.tasks = tasks
        self.by_doc = _positions(tasks, lambda r: r.doc_id)
        self.by_commune = _positions(tasks, lambda r: r.commune)
        self.by_group = _positions(tasks, lambda r: r.group.upper())
        self.with_commune = [i for i, r in enumerate(tasks) if r.commune]
        self.leads = [folded(r.lead) for r in tasks]
        self.shared = [i for i, lead in enumerate(self.leads) if SHARED_LEAD.match(lead)]
        dated = sorted((r.due_date, i) for i, r in enumerate(tasks) if r.due_date)
        self._due = [d for d, _ in dated]
        self._due_rows = [i for _, i in dated]
        self.doc_ids = sorted(self.by_doc)
        self.position = {(r.doc_id, r.row): i for i, r in enumerate(tasks)}
        self.keys = frozenset(self.position)
        self._agency: dict[str, list[int]] = {}

    @classmethod
    def of(cls, cache: dict, tasks: Sequence[Task]) -> TaskRows:
        return _per_build(cache, ("task_rows", id(tasks)), tasks, lambda f: f.tasks, lambda: cls(tasks))

    @cached_property
    def rank(self) -> dict[int, int]:
        """`id()` of each row → its place in (register, due date, row) order, undated rows last in their
        register: the order a list of tasks is shown in, worked out once instead of for every long list."""
        tasks = self.tasks
        order = sorted(range(len(tasks)), key=lambda i: (tasks[i].doc_id, tasks[i].due_date or date.max, tasks[i].row))
        return {id(tasks[i]): k for k, i in enumerate(order)}

    def rows(self, positions: list[int] | None) -> list[Task]:
        return list(self.tasks) if positions is None else [self.tasks[i] for i in positions]

    def of_agency(self, agency: str) -> list[int]:
        """Rows whose folded lead holds the agency's folded name (what `exact._mentions` checks), once per agency."""
        found = self._agency.get(agency)
        if found is None:
            name = folded(agency)
            found = self._agency[agency] = [i for i, lead in enumerate(self.leads) if name in lead]
        return found

    def of_communes(self, communes: Iterable[str]) -> list[int]:
        return sorted({i for c in communes for i in self.by_commune.get(c, ())})

    def due(self, start: date | None, end: date) -> list[int]:
        """Rows with a due date in [start, end] (no start: up to end), ascending position."""
        low = bisect_left(self._due, start) if start is not None else 0
        return sorted(self._due_rows[low : bisect_right(self._due, end)])

    def due_before(self, day: date) -> list[int]:
        return sorted(self._due_rows[: bisect_left(self._due, day)])


class FigureRows:
    """One role's figure rows, per build: the rows of a scope, the rank rows with their words, and what
    `exact._unknown_acronym` and `exact._unsaid_measure` read from every row, folded once."""

    def __init__(self, figures: Sequence[Figure]) -> None:
        self.figures = figures
        self.scopes = [folded(r.scope) for r in figures]
        # every word the rows say (`exact._unknown_acronym`: an acronym no row names)
        self.said_words = frozenset(
            w for r in figures for w in _WORD.findall(folded(f"{r.code} {r.indicator} {r.note}"))
        )
        self._scope: dict[str, list[int]] = {}
        self.ranks = [
            (r, frozenset(content_syllables(r.indicator)))
            for r in figures
            if r.unit == "thứ hạng" and number(r.value) is not None
        ]
        self.rank_words = WordIndex(self.ranks, lambda x: x[1])
        self.by_scope = _positions(figures, lambda r: r.scope)
        self.equal: dict[Figure, list[int]] = {}
        for i, r in enumerate(figures):
            self.equal.setdefault(r, []).append(i)
        # the folded aspects ("… - điểm đầu vào") and notes, filed by their words, for `names_phrase`
        self.aspects = [
            (i, folded(r.indicator.partition(" - ")[2])) for i, r in enumerate(figures) if " - " in r.indicator
        ]
        self.notes = [(i, folded(r.note)) for i, r in enumerate(figures)]
        self._words = {
            name: WordIndex(texts, lambda t: _WORD.findall(t[1]))
            for name, texts in (("aspects", self.aspects), ("notes", self.notes))
        }

    @classmethod
    def of(cls, cache: dict, figures: Sequence[Figure]) -> FigureRows:
        return _per_build(cache, ("figure_rows", id(figures)), figures, lambda f: f.figures, lambda: cls(figures))

    def in_scope(self, scope: str) -> list[int]:
        """Rows whose folded scope holds the folded `scope` (ascending), once per scope."""
        found = self._scope.get(scope)
        if found is None:
            name = folded(scope)
            found = self._scope[scope] = [i for i, s in enumerate(self.scopes) if name in s]
        return found

    def names_phrase(self, kind: str, phrase: str, skip: set[int]) -> bool:
        """Whether a row outside `skip` has `phrase` (folded words, as a regular expression between word
        boundaries, as `exact._unsaid_measure` reads it) in its aspect (`kind` "aspects") or note ("notes").
        Only rows holding every word of the phrase are searched; a phrase with a "." (a decimal number,
        which the expression reads as any character) searches every row."""
        texts = self.aspects if kind == "aspects" else self.notes
        words = phrase.split()
        if not words or not all(_WORD.fullmatch(w) for w in words):
            candidates: Iterable[int] = range(len(texts))
        else:
            candidates = self._words[kind].positions(words, len(set(words)))
        pattern = re.compile(rf"\b{phrase}\b")
        return any(texts[j][0] not in skip and pattern.search(texts[j][1]) for j in candidates)
