"""A build's BM25 index, written straight into its final arrays instead of through `bm25s.BM25.index`.

bm25s builds its score matrix by collecting every (passage, token) pair into three arrays, then sorting
them into column order with an int64 argsort of packed keys: about 45 bytes a pair at its peak, for a
matrix that keeps 8 (a float32 score and an int32 passage number). That was a build's peak memory, and
it grew with the corpus (docs/benchmarks.md, "Index build memory"). Here the pairs are counted first
(how many passages hold each token gives each column's place), then each passage's scores go straight
to their places, passage by passage, so the rows of every column come out in order with nothing sorted.

The scores are bm25s' own: its functions, called per passage with the same arguments as in
`BM25.build_index_from_ids`, and the arrays are the ones `index` makes (its default "numpy" CSC builder),
byte for byte (tests/test_bm25_build.py compares the saved files).
"""

from __future__ import annotations

from array import array
from collections import Counter

import bm25s
import numpy as np
from bm25s.scoring import _build_idf_array, _select_idf_scorer, _select_tfc_scorer


class BM25Builder:
    """Passages added one at a time as token lists; `build` returns the index bm25s would have built."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self._ids: list[array] = []  # per passage, its tokens as vocabulary ids (4 bytes a token)

    def add(self, tokens: list[str]) -> None:
        vocab = self.vocab
        self._ids.append(array("i", [vocab.setdefault(token, len(vocab)) for token in tokens]))

    def __len__(self) -> int:
        return len(self._ids)

    def build(self, k1: float, b: float) -> bm25s.BM25:
        retriever = bm25s.BM25(k1=k1, b=b)
        if not self._ids:  # an empty corpus: bm25s' own path, which adds the empty token
            retriever.index([[""]], show_progress=False)
            return retriever
        dtype, int_dtype = retriever.dtype, retriever.int_dtype
        n_docs, n_vocab = len(self._ids), len(self.vocab)
        avg_doc_len = np.array([len(ids) for ids in self._ids]).mean()
        doc_freqs = np.zeros(n_vocab, dtype=np.int64)
        for ids in self._ids:
            doc_freqs[np.unique(np.frombuffer(ids, dtype=np.int32))] += 1
        idf = _build_idf_array(
            dict(enumerate(doc_freqs.tolist())), n_docs, _select_idf_scorer(retriever.idf_method), dtype
        )
        tfc = _select_tfc_scorer(retriever.method)
        indptr = np.zeros(n_vocab + 1, dtype=np.int64)
        np.cumsum(doc_freqs, out=indptr[1:])
        del doc_freqs
        data = np.empty(int(indptr[-1]), dtype=dtype)
        indices = np.empty(int(indptr[-1]), dtype=int_dtype)
        place = indptr[:-1].copy()  # the next free slot of each column
        for doc, ids in enumerate(self._ids):
            counts = Counter(ids)  # as bm25s counts: token ids in order of first occurrence
            tokens = np.array(list(counts.keys()), dtype=int_dtype)
            tf = np.array(list(counts.values()), dtype=dtype)
            scores = idf[tokens] * tfc(tf_array=tf, l_d=len(ids), l_avg=avg_doc_len, k1=k1, b=b, delta=retriever.delta)
            at = place[tokens]
            data[at] = scores
            indices[at] = doc
            place[tokens] += 1
        vocab = dict(self.vocab)
        vocab.setdefault("", max(vocab.values()) + 1)  # bm25s adds the empty token after indexing
        retriever.scores = {"data": data, "indices": indices, "indptr": indptr, "num_docs": n_docs}
        retriever.vocab_dict = vocab
        retriever.unique_token_ids_set = set(vocab.values())
        retriever.nonoccurrence_array = None  # the lucene variant has none
        return retriever
