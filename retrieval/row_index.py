"""The register task a question describes, found in time that does not grow with the number of rows.

`exact._task_lookup` scores tasks by the question's words: the weight of the question's terms a task's
name and product hold (unigram), and the share of the question's word pairs they hold (bigram), the score
being the mean of the two. Re-reading every row for every question cost 1.7 s at 100× the registers.
A `RowIndex` reads the rows once per row list (`registers.tables` keeps its lists for the life of a loaded
index, so once per index build and role) and files each row under its syllables and syllable pairs; a
question then adds weights along the postings of its own terms and pairs only. A row that shares no term
scores 0 (every pair the lookup counts holds a term, the asking words aside), so it is never the answer.
Sums are taken in the same order as the row-by-row loop did, so scores and the chosen row are identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

import numpy as np

from .registers import Task
from .text import content_syllables

__all__ = ["RowIndex", "WordIndex", "docs_with_status", "task_text"]


def task_text(r: Task) -> str:
    """What a task is recognised by: its name and its product."""
    return f"{r.title} {r.output}"


class RowIndex:
    """Task rows filed by syllable and by syllable pair (positions in `rows`, ascending)."""

    def __init__(self, rows: Sequence[Task]) -> None:
        self.rows = rows
        self.position = {id(r): i for i, r in enumerate(rows)}
        words: dict[str, list[int]] = {}
        pairs: dict[tuple[str, str], list[int]] = {}
        for i, r in enumerate(rows):
            syl = content_syllables(task_text(r))
            for w in dict.fromkeys(syl):
                words.setdefault(w, []).append(i)
            for p in dict.fromkeys(pairwise(syl)):
                pairs.setdefault(p, []).append(i)
        self.words = {w: np.array(v, dtype=np.int32) for w, v in words.items()}
        self.pairs = {p: np.array(v, dtype=np.int32) for p, v in pairs.items()}

    @classmethod
    def of(cls, cache: dict, rows: Sequence[Task]) -> RowIndex:
        """The index of a row list, built when first asked for and kept in `cache` (a loaded index's)."""
        key = ("row_index", id(rows))
        found = cache.get(key)
        if found is None or found.rows is not rows:  # the cache holds the list: its id is not reused
            found = cache[key] = cls(rows)
        return found

    def best(
        self, weights: dict[str, float], pairs: set[tuple[str, str]], among: Sequence[Task] | None = None
    ) -> tuple[Task | None, float]:
        """The first row with the highest score above 0, among `among` (rows of this index, in its order)
        or all rows; (None, 0.0) when no row shares a term."""
        if among is not None and among is not self.rows:
            keep = [self.position.get(id(r)) for r in among]
            if None in keep or keep != sorted(keep):
                return RowIndex(among).best(weights, pairs)  # not a filter of these rows: read them once
        else:
            keep = None
        n = len(self.rows)
        if not n:
            return None, 0.0
        held = np.zeros(n)
        for t, w in weights.items():  # the loop's order: sum(w for t, w in weights.items() if t in words)
            found = self.words.get(t)
            if found is not None:
                held[found] += w
        unigram = held / sum(weights.values())
        if pairs:
            shared = np.zeros(n)
            for p in pairs:
                found = self.pairs.get(p)
                if found is not None:
                    shared[found] += 1
            bigram = shared / len(pairs)
        else:
            bigram = unigram
        score = (unigram + bigram) / 2
        if keep is not None:
            mask = np.full(n, -1.0)
            mask[keep] = score[keep]
            score = mask
        i = int(np.argmax(score))  # the first of equal scores, as the row-by-row loop kept it
        return (self.rows[i], float(score[i])) if score[i] > 0 else (None, 0.0)


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
        key = ("word_index", name, id(rows))
        found = cache.get(key)
        if found is None or found.rows is not rows:
            found = cache[key] = cls(rows, words)
        return found

    def holding(self, terms: Sequence[str], at_least: float) -> set[int]:
        """`id()` of the rows holding at least `at_least` of the distinct `terms` (a count, may be fractional)."""
        held = np.zeros(len(self.rows), dtype=np.int32)
        for t in dict.fromkeys(terms):
            found = self.postings.get(t)
            if found is not None:
                held[found] += 1
        return {id(self.rows[i]) for i in np.flatnonzero(held >= max(at_least, 1))}


def docs_with_status(cache: dict, rows: Sequence[Task]) -> frozenset[str]:
    """The registers that record a status on any of their tasks (`rows`: all tasks of a build)."""
    key = ("docs_with_status", id(rows))
    found = cache.get(key)
    if found is None or found[0] is not rows:
        found = cache[key] = (rows, frozenset(r.doc_id for r in rows if r.status))
    return found[1]
