"""Experiments: ways to rank that compose the index's own parts (bm25s, Chroma vectors, text functions).

Every variant maps one question (by its position) to its best 10 documents, so all of them are measured
on the same questions, against the same gold, in the same run as the four reference methods.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from retrieval.text import (
    bigrams,
    fold,
    has_diacritics,
    index_tokens,
    normalise,
    query_tokens,
    stop_syllables,
    syllables,
)

from .signals import Corpus, bm25_index, bm25_scores, weighted_bm25_scores

DEPTH = 50  # candidates per side, as retrieval.search.CANDIDATES
CAPTION_CHARS = 120  # a first line this short, without a final stop, names the article ("Nghĩa vụ của bên …")


@dataclass
class Signals:
    """Per question, in question order: what the reference methods computed, kept for the variants."""

    questions: list[str]
    bm25: list[np.ndarray]  # method (b): the index's own bm25s over query_tokens
    syllable_bm25: list[np.ndarray]  # method (a)
    query_vectors: list[np.ndarray]
    cos: list[np.ndarray] = field(default_factory=list)  # exact cosine with every passage


# --- fusion of two passage score arrays ------------------------------------------------------------


def top(scores: np.ndarray, n: int, positive: bool = False) -> list[int]:
    order = np.argsort(-scores, kind="stable")[:n]
    return [int(i) for i in order if not positive or scores[i] > 0]


def rrf(bm: np.ndarray, cos: np.ndarray, weight: float, k: int, depth: int = DEPTH) -> list[int]:
    """retrieval.search._search, parameterised: weighted reciprocal-rank fusion of the two top-`depth` lists."""
    lexical = top(bm, depth, positive=True)
    if not lexical:
        return []
    fused: dict[int, float] = {i: 1.0 / (k + r) for r, i in enumerate(lexical, start=1)}
    for r, i in enumerate(top(cos, depth), start=1):
        fused[i] = fused.get(i, 0.0) + weight / (k + r)
    return sorted(fused, key=lambda i: -fused[i])


def convex(
    bm: np.ndarray,
    cos: np.ndarray,
    alpha: float,
    depth: int = DEPTH,
    dense_depth: int = DEPTH,
    exact_cos: bool = True,
    norm: str = "max",
) -> list[int]:
    """(1 − α)·BM25/max BM25 + α·(cos − cos₅₀)/(cos₁ − cos₅₀) over the union of both candidate lists.

    cos₁ and cos₅₀ are the best and the `dense_depth`-th cosine: what a top-50 vector query returns.
    With exact_cos=False a BM25 candidate the vector query did not return gets cos₅₀ (all the store
    tells us); with dense_depth=0 only BM25's candidates are re-scored (dense re-ranking).
    """
    lexical = top(bm, depth, positive=True)
    if not lexical:
        return []
    dense = top(cos, dense_depth) if dense_depth else []
    cand = np.array(list(dict.fromkeys(lexical + dense)))
    b = bm[cand].astype(np.float64)
    if dense:
        c_hi, c_lo = float(cos[dense[0]]), float(cos[dense[-1]])
    else:
        c_hi, c_lo = float(cos[cand].max()), float(cos[cand].min())
    c = cos[cand].astype(np.float64)
    if not exact_cos and dense:
        c = np.where(np.isin(cand, dense), c, c_lo)
    if norm == "max":
        bn = b / b.max()
        cn = np.clip((c - c_lo) / max(c_hi - c_lo, 1e-9), 0.0, None)
    elif norm == "zscore":
        bn = (b - b.mean()) / (b.std() + 1e-9)
        cn = (c - c.mean()) / (c.std() + 1e-9)
    else:
        raise ValueError(norm)
    s = (1 - alpha) * bn + alpha * cn
    return [int(i) for i in cand[np.argsort(-s, kind="stable")]]


# --- query and index alternatives ------------------------------------------------------------------


def _phrase_pattern(path: Path) -> re.Pattern:
    phrases = [
        normalise(line.strip())
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    alternation = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


BOILERPLATE = _phrase_pattern(Path(__file__).with_name("question_phrases.txt"))


def strip_boilerplate(question: str) -> str:
    """The question without the phrases that ask for a kind of answer ("đúng hay sai", "nào sau đây")."""
    stripped = " ".join(BOILERPLATE.sub(" ", normalise(question)).split())
    return stripped or normalise(question)


def accented_query_tokens(text: str) -> list[str]:
    """query_tokens without the folded copies when the question is written with diacritics."""
    syl = syllables(normalise(text))
    if not has_diacritics(" ".join(syl)):
        return query_tokens(text)
    return syl + bigrams(syl)


def plain_tokens(text: str) -> list[str]:
    syl = syllables(normalise(text))
    return syl + bigrams(syl)


def without_stop_unigrams(tokens: list[str]) -> list[str]:
    """Drop single function/question syllables; bigrams that contain them stay (they carry phrasing)."""
    stops = stop_syllables()
    return [t for t in tokens if "_" in t or t.lstrip("~") not in stops]


# --- the lab: cached alternative signals -----------------------------------------------------------


class Lab:
    def __init__(self, corpus: Corpus, signals: Signals, embed_query: Callable[[str], np.ndarray]) -> None:
        self.corpus = corpus
        self.s = signals
        self.embed_query = embed_query
        self._bm25: dict[str, list[np.ndarray]] = {}
        self._cos: dict[str, list[np.ndarray]] = {}

    # passage tokens, computed once
    @cached_property
    def passage_tokens(self) -> list[list[str]]:
        return [index_tokens(t) for t in self.corpus.texts]

    @cached_property
    def passage_plain_tokens(self) -> list[list[str]]:
        return [[t for t in toks if not t.startswith("~")] for toks in self.passage_tokens]

    def bm25(self, key: str, make: Callable[[], list[np.ndarray]]) -> list[np.ndarray]:
        if key not in self._bm25:
            self._bm25[key] = make()
        return self._bm25[key]

    def scores_with(self, retriever, tokenize: Callable[[str], list[str]], questions: list[str] | None = None):
        return [bm25_scores(retriever, tokenize(q)) for q in (questions or self.s.questions)]

    def bm25_params(self, k1: float, b: float, field: str = "ours") -> list[np.ndarray]:
        """Our tokens (or accented-only ones) in a fresh bm25s index with other k1 and b."""

        def make():
            tokens = self.passage_tokens if field == "ours" else self.passage_plain_tokens
            retriever = bm25_index(tokens, k1=k1, b=b)
            tokenize = query_tokens if field == "ours" else plain_tokens
            return self.scores_with(retriever, tokenize)

        return self.bm25(f"params:{field}:{k1}:{b}", make)

    def dense_of(self, key: str, texts: list[str]) -> list[np.ndarray]:
        """Exact cosines of other query texts with every passage (vectors of the cached passages)."""
        if key not in self._cos:
            self._cos[key] = [self.corpus.vectors @ self.embed_query(t) for t in texts]
        return self._cos[key]

    # pseudo-relevance feedback
    def rm3(self, bm: np.ndarray, question: str, docs: int, terms: int, beta: float, first: list[int] | None = None):
        """RM3 over our BM25: expand with the terms of the top passages, weighted by their normalised score."""
        first = first if first is not None else top(bm, docs, positive=True)
        first = first[:docs]
        if not first:
            return bm
        stops = stop_syllables()
        weights = np.array([max(float(bm[i]), 1e-6) for i in first])
        weights /= weights.sum()
        model: Counter = Counter()
        for w, i in zip(weights, first):
            toks = [t for t in self.passage_plain_tokens[i] if _content(t, stops)]
            if not toks:
                continue
            tf = Counter(toks)
            for t, n in tf.items():
                model[t] += w * n / len(toks)
        expansion = dict(model.most_common(terms))
        total = sum(expansion.values()) or 1.0
        original = Counter(query_tokens(question))
        n_orig = sum(original.values())
        q: Counter = Counter({t: (1 - beta) * n / n_orig for t, n in original.items()})
        for t, w in expansion.items():
            q[t] += beta * w / total / 2  # accented and folded copies share the term's weight
            q["~" + fold(t)] += beta * w / total / 2
        return weighted_bm25_scores(self.corpus.index.bm25, q)

    @cached_property
    def heads(self) -> list[tuple[str, str]]:
        """Per passage: title, heading path and its document's caption (the article's name on its first line)."""
        out = []
        for p in self.corpus.index.passages:
            doc = self.corpus.index.documents[p.doc_id]
            first = self.corpus.index.passages[
                int(self.corpus.starts[self.corpus.doc_index[self.corpus.index.position[p.chunk_id]]])
            ]
            line = first.text.split("\n", 1)[0].strip()
            caption = line if len(line) <= CAPTION_CHARS and not line.endswith((".", ";", ":")) else ""
            out.append((" › ".join(x for x in (doc.title, *p.headings) if x), caption))
        return out

    def _first_of(self, p) -> int:
        return int(self.corpus.starts[self.corpus.doc_index[self.corpus.index.position[p.chunk_id]]])

    def head_bm25(self, k1: float = 1.5, b: float = 0.75, part: str = "both") -> list[np.ndarray]:
        """Our tokens over the passage heads only: a second, short field."""

        def make():
            texts = [
                " › ".join(x for x in ((t,) if part == "title" else (c,) if part == "caption" else (t, c)) if x)
                for t, c in self.heads
            ]
            retriever = bm25_index([index_tokens(h) if h else [""] for h in texts], k1=k1, b=b)
            return self.scores_with(retriever, query_tokens)

        return self.bm25(f"head:{k1}:{b}:{part}", make)

    @cached_property
    def law_of_doc(self) -> np.ndarray:
        """Per passage, the law its article belongs to: the document title without ", Điều N"."""
        names = [
            re.sub(r",\s*điều\s+\S+$", "", normalise(self.corpus.index.documents[p.doc_id].title))
            for p in self.corpus.index.passages
        ]
        self._laws = sorted(set(names), key=len, reverse=True)
        return np.array(names, dtype=object)

    def named_law(self, question: str) -> str | None:
        _ = self.law_of_doc
        q = normalise(question)
        for law in self._laws:  # longest first: "bộ luật dân sự" before "luật dân sự"
            if re.search(rf"(?<!\w){re.escape(law)}(?!\w)", q):
                return law
        return None


def _content(token: str, stops: frozenset[str]) -> bool:
    parts = token.split("_")
    return not all(p in stops or p.isdigit() for p in parts)
