"""Figure and target rows found by the words they are scored on: exactly the rows reading every row finds."""

import json

import pytest
from conftest import REPO

from retrieval.exact import _figure_words, _target_words
from retrieval.registers import tables
from retrieval.row_index import WordIndex, docs_with_status
from retrieval.text import content_syllables

TUNE_QUESTIONS = [json.loads(line)["q"] for line in (REPO / "tests" / "eval" / "dev-tune.jsonl").open(encoding="utf-8")]


@pytest.fixture(scope="module")
def index(builtin_engine):
    return builtin_engine.index()


def test_figure_and_target_rows_are_found_by_the_words_they_are_scored_on(index):
    t = tables(index, "official")
    for rows, words in ((t.figures, _figure_words), (t.targets, _target_words)):
        word_index = WordIndex(rows, words)
        for question in TUNE_QUESTIONS[:80]:
            terms = list(dict.fromkeys(content_syllables(question)))
            for at_least in (1, len(terms) / 2):
                expected = {id(r) for r in rows if sum(w in set(words(r)) for w in terms) >= max(at_least, 1)}
                assert word_index.holding(terms, at_least) == expected, question
    assert docs_with_status({}, t.tasks) == {r.doc_id for r in t.tasks if r.status}
