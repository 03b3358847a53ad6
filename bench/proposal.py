"""The proposed default search, written the way retrieval/search.py would run it: only the index's own parts.

Two changes to today's search, each measured on ALQAC: BM25 with k1 = 0.6 (bm25s default 1.5), and
score fusion instead of rank fusion: (1 − α)·BM25/max BM25 + α·(cos − cos₅₀)/(cos₁ − cos₅₀), α = 0.3,
over the union of BM25's and the vector store's top 50 passages, where cos₁ and cos₅₀ are the best and
the 50th cosine the store returned. A BM25 candidate the store did not return gets cos₅₀ (no extra
vector look-up: exact cosines there measured the same).
"""

from __future__ import annotations

import bm25s
import numpy as np

from retrieval.index import LoadedIndex
from retrieval.text import index_tokens, query_tokens

from .signals import bm25_index, bm25_scores

K1, B = 0.6, 0.75
ALPHA = 0.3
CANDIDATES = 50
DESCRIPTION = f"BM25 k1 {K1} + score fusion α {ALPHA}"


def lexical_index(texts: list[str]) -> bm25s.BM25:
    """What build_index would save with `bm25s.BM25(k1=K1, b=B)`: the same tokens, another k1."""
    return bm25_index([index_tokens(t) for t in texts] or [[""]], k1=K1, b=B)


def search_passages(index: LoadedIndex, bm25: bm25s.BM25, question: str) -> list[int]:
    """Passage positions, best first (the document ranking keeps each document's first passage)."""
    scores = bm25_scores(bm25, query_tokens(question))
    lexical = np.argsort(-scores, kind="stable")[:CANDIDATES]
    lexical = lexical[scores[lexical] > 0]
    if not len(lexical):
        return []  # as today: no word in common, the dense side alone is not evidence enough
    hits = index.store.query(index.embedder.embed_query(question), CANDIDATES)
    dense = {index.position[c]: 1.0 - d for c, d in hits}  # Chroma's cosine distance is 1 − cos
    c_hi, c_lo = (max(dense.values()), min(dense.values())) if dense else (1.0, 0.0)
    cand = list(dict.fromkeys([int(i) for i in lexical] + list(dense)))
    b = scores[cand] / scores[lexical[0]]
    c = np.array([dense.get(i, c_lo) for i in cand])
    fused = (1 - ALPHA) * b + ALPHA * np.clip((c - c_lo) / max(c_hi - c_lo, 1e-9), 0.0, None)
    return [cand[j] for j in np.argsort(-fused, kind="stable")]
