"""What every method and variant scores with, computed once per run from the loaded index.

Passages are the chunks the index holds; a document (one ALQAC article) may span several chunks.
Scores over passages become a document ranking by the best chunk of each document (max-pooling),
which is exactly "map chunk hits to their doc_id and keep each document once".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import bm25s
import numpy as np

from retrieval.embed import EmbeddingCache
from retrieval.index import LoadedIndex
from retrieval.text import normalise, syllables


@dataclass
class Corpus:
    """The index's passages seen by document: contiguous chunk runs, texts as indexed, their vectors."""

    index: LoadedIndex
    texts: list[str]  # what BM25 and the encoder saw: title › headings, then the chunk text
    doc_names: list[str]  # document ids, in passage order
    starts: np.ndarray  # first passage of each document in doc_names
    doc_index: np.ndarray  # per passage: its position in doc_names
    vectors: np.ndarray | None = None  # unit passage vectors from the embedding cache (no re-embedding)
    cache: dict = field(default_factory=dict)

    @classmethod
    def of(cls, index: LoadedIndex, cache_dir) -> Corpus:
        titles = {d: doc.title for d, doc in index.documents.items()}
        texts = [p.embedding_text(titles[p.doc_id]) for p in index.passages]
        names: list[str] = []
        starts: list[int] = []
        doc_index = np.empty(len(index.passages), dtype=np.int32)
        for i, p in enumerate(index.passages):
            if not names or names[-1] != p.doc_id:
                names.append(p.doc_id)
                starts.append(i)
            doc_index[i] = len(names) - 1
        if len(set(names)) != len(names):  # max-pooling by runs needs each document's chunks side by side
            raise RuntimeError("a document's chunks are not contiguous in the index")
        vectors = None
        if index.embedder is not None:
            cache = EmbeddingCache(cache_dir)
            try:
                vectors, _computed = cache.embed(index.embedder, texts)
            finally:
                cache.close()
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return cls(index, texts, names, np.asarray(starts), doc_index, vectors)

    def doc_scores(self, passage_scores: np.ndarray) -> np.ndarray:
        return np.maximum.reduceat(passage_scores, self.starts)

    def top_docs(self, passage_scores: np.ndarray, k: int = 10, floor: float | None = 0.0) -> list[str]:
        """Best k documents by their best chunk; with a floor, documents scoring ≤ floor are not retrieved."""
        d = self.doc_scores(passage_scores)
        order = np.argsort(-d, kind="stable")[:k]
        return [self.doc_names[i] for i in order if floor is None or d[i] > floor]

    def docs_of_passages(self, passages, k: int = 10) -> list[str]:
        out: list[str] = []
        for i in passages:
            name = self.doc_names[self.doc_index[i]]
            if name not in out:
                out.append(name)
                if len(out) == k:
                    break
        return out


def bm25_index(token_lists: list[list[str]], **params) -> bm25s.BM25:
    retriever = bm25s.BM25(**params)
    retriever.index(token_lists, show_progress=False)
    return retriever


def bm25_scores(retriever: bm25s.BM25, tokens: list[str]) -> np.ndarray:
    """Scores of every passage; a query with no indexed token scores nothing (bm25s raises on an empty query)."""
    ids = retriever.get_tokens_ids(tokens)
    if not ids:
        return np.zeros(retriever.scores["num_docs"], dtype=np.float32)
    return retriever.get_scores(ids)


def weighted_bm25_scores(retriever: bm25s.BM25, weights: dict[str, float]) -> np.ndarray:
    """Σ weight(t) · BM25(t, passage): a query whose terms count unequally (feedback expansion)."""
    data, indices, indptr = retriever.scores["data"], retriever.scores["indices"], retriever.scores["indptr"]
    out = np.zeros(retriever.scores["num_docs"], dtype=np.float64)
    vocab = retriever.vocab_dict
    for token, w in weights.items():
        t = vocab.get(token)
        if t is not None:
            s, e = indptr[t], indptr[t + 1]
            out[indices[s:e]] += w * data[s:e]
    return out


def syllable_tokens(text: str) -> list[str]:
    """Method (a): the syllables of the normalised text, nothing else."""
    return syllables(normalise(text))


def timed(fn: Callable, *args):
    started = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - started
