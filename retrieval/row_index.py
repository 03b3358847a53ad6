"""Register rows found by the words of a question, in time that grows with the matches, not the rows.

`exact._figures` and `exact._target` used to read every figure or target row for every question (a second
at 100× the registers). A `WordIndex` files each row of a row list under the words it is scored on, once
per list (`registers.tables` keeps its lists for the life of a loaded index, so once per build and role);
a question then counts its terms along their postings and scores only the rows that can score. The task
a question describes is found by `exact._task_index`, which does the same with word pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from .registers import Task

__all__ = ["WordIndex", "docs_with_status"]


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
