"""A build's BM25 index is written in place (retrieval/bm25_build.py), and it is the index bm25s builds:
the same files, byte for byte, for the built-in corpus and for the corner cases of a passage's tokens."""

from __future__ import annotations

from array import array

import bm25s
import pytest
from conftest import REPO

from retrieval.bm25_build import BM25Builder
from retrieval.index import BM25_B, BM25_K1, passages_of
from retrieval.load import read_corpus
from retrieval.text import index_terms


def saved(retriever: bm25s.BM25, folder) -> dict[str, bytes]:
    retriever.save(str(folder), show_progress=False)
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def as_bm25s_builds_it(passages: list[list[str]], folder) -> dict[str, bytes]:
    vocab: dict[str, int] = {}
    ids = [array("i", [vocab.setdefault(t, len(vocab)) for t in tokens]) for tokens in passages]
    retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    retriever.index((ids, vocab), show_progress=False)
    return saved(retriever, folder)


def built_in_place(passages: list[list[str]], folder) -> dict[str, bytes]:
    builder = BM25Builder()
    for tokens in passages:
        builder.add(tokens)
    return saved(builder.build(BM25_K1, BM25_B), folder)


def test_the_built_in_corpus_gets_the_same_index_files_as_bm25s_builds(tmp_path):
    passages, texts = passages_of(list(read_corpus([REPO / "corpus"], [])))
    tokens = [index_terms(text)[0] for text in texts]
    assert len(passages) > 400
    ours = built_in_place(tokens, tmp_path / "ours")
    theirs = as_bm25s_builds_it(tokens, tmp_path / "bm25s")
    assert ours.keys() == theirs.keys() and "data.csc.index.npy" in ours
    assert ours == theirs


@pytest.mark.parametrize(
    "passages",
    [
        [["một"]],
        [["a", "a", "a", "b"], [], ["b", "c", "a"], ["c"] * 40],  # a passage without tokens, repeated tokens
        [["x", "y"], ["y", "x"], ["z"]],  # first-occurrence order differs by passage
    ],
)
def test_small_corpora_get_the_same_index_files_as_bm25s_builds(passages, tmp_path):
    assert built_in_place(passages, tmp_path / "ours") == as_bm25s_builds_it(passages, tmp_path / "bm25s")


def test_an_empty_corpus_gets_bm25s_index_of_one_empty_passage(tmp_path):
    retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    retriever.index([[""]], show_progress=False)
    assert built_in_place([], tmp_path / "ours") == saved(retriever, tmp_path / "bm25s")
