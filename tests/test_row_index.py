"""The task a question describes: the row index picks exactly the row that reading every row picks."""

import json
import math
import random
from dataclasses import replace
from itertools import pairwise

import pytest
from conftest import REPO

from retrieval.exact import _ASKING
from retrieval.registers import Task, tables
from retrieval.row_index import RowIndex, task_text
from retrieval.text import content_syllables

TUNE_QUESTIONS = [json.loads(line)["q"] for line in (REPO / "tests" / "eval" / "dev-tune.jsonl").open(encoding="utf-8")]


def read_every_row(weights: dict, pairs: set, rows: list[Task]) -> tuple[Task | None, float]:
    """The lookup as it was before the index: every row tokenised and scored, the first best kept."""
    total = sum(weights.values())
    best, best_score = None, 0.0
    for r in rows:
        syl = content_syllables(task_text(r))
        words, row_pairs = set(syl), set(pairwise(syl))
        unigram = sum(w for t, w in weights.items() if t in words) / total
        bigram = len(pairs & row_pairs) / len(pairs) if pairs else unigram
        score = (unigram + bigram) / 2
        if score > best_score:
            best, best_score = r, score
    return best, best_score


def terms_of(question: str, index) -> tuple[dict, set]:
    """Weights and word pairs as `exact._task_lookup` makes them from a question."""
    sequence = content_syllables(question)
    terms = dict.fromkeys(t for t in sequence if t not in _ASKING)
    weights = {t: math.log(1 + len(index.passages) / (1 + index.df.get(t, 0))) for t in terms}
    pairs = {p for p in pairwise(sequence) if not (p[0] in _ASKING and p[1] in _ASKING)}
    return weights, pairs


def questions_about(rows: list[Task], seed: int) -> list[str]:
    """Questions the way users type them about tasks: a few words of a name, its product, or noise."""
    rng = random.Random(seed)
    out = []
    for r in rng.sample(rows, min(60, len(rows))):
        words = task_text(r).split()
        start = rng.randrange(max(1, len(words) - 3))
        out.append("Ai chủ trì " + " ".join(words[start : start + rng.randint(2, 7)]) + "?")
        out.append("han " + " ".join(rng.sample(words, min(len(words), 4))).lower())
    return out


@pytest.fixture(scope="module")
def index(builtin_engine):
    return builtin_engine.index()


@pytest.mark.parametrize("role", ["citizen", "official"])
def test_the_index_picks_the_row_reading_every_row_picks(index, role):
    rows = tables(index, role).tasks
    row_index = RowIndex.of(index.cache, rows)
    asked = 0
    for question in TUNE_QUESTIONS + questions_about(rows, seed=1):
        weights, pairs = terms_of(question, index)
        if len(weights) < 2:
            continue
        asked += 1
        assert row_index.best(weights, pairs) == read_every_row(weights, pairs, rows), question
    assert asked > 200


def test_among_a_filter_of_the_rows_only_those_rows_are_candidates(index):
    rows = tables(index, "official").tasks
    row_index = RowIndex.of(index.cache, rows)
    communes = sorted({r.commune for r in rows if r.commune})
    assert communes, "the built-in registers have commune tasks"
    for commune in communes[:5]:
        among = [r for r in rows if r.commune == commune]
        for question in questions_about(rows, seed=2)[:40]:
            weights, pairs = terms_of(question, index)
            if len(weights) < 2:
                continue
            best, score = row_index.best(weights, pairs, among=among)
            assert (best, score) == read_every_row(weights, pairs, among)
            assert best is None or best.commune == commune


def test_rows_not_of_the_index_are_read_as_they_are(index):
    rows = tables(index, "official").tasks
    row_index = RowIndex.of(index.cache, rows)
    renamed = [replace(r, title=r.title + " thí điểm") for r in rows[:30]]
    weights, pairs = terms_of("Ai chủ trì nhiệm vụ thí điểm " + rows[3].title, index)
    assert row_index.best(weights, pairs, among=renamed) == read_every_row(weights, pairs, renamed)


def test_equal_scores_keep_the_first_row_and_no_shared_word_finds_nothing(index):
    first = tables(index, "official").tasks[0]
    twin = replace(first, row=10_000)
    row_index = RowIndex([first, twin])
    weights, pairs = terms_of("Ai chủ trì " + first.title, index)
    best, score = row_index.best(weights, pairs)
    assert best is first and score > 0.9
    assert row_index.best(*terms_of("zyxw qqqq vvvv", index)) == (None, 0.0)
    assert RowIndex([]).best(weights, pairs) == (None, 0.0)


def test_the_index_is_built_once_per_row_list(index):
    rows = tables(index, "official").tasks
    cache: dict = {}
    assert RowIndex.of(cache, rows) is RowIndex.of(cache, rows)
    assert RowIndex.of(cache, list(rows)) is not RowIndex.of(cache, rows)


def test_figure_and_target_rows_are_found_by_the_words_they_are_scored_on(index):
    from retrieval.exact import _figure_words, _target_words
    from retrieval.row_index import WordIndex, docs_with_status

    t = tables(index, "official")
    for rows, words in ((t.figures, _figure_words), (t.targets, _target_words)):
        word_index = WordIndex(rows, words)
        for question in TUNE_QUESTIONS[:80]:
            terms = list(dict.fromkeys(content_syllables(question)))
            for at_least in (1, len(terms) / 2):
                expected = {id(r) for r in rows if sum(w in set(words(r)) for w in terms) >= max(at_least, 1)}
                assert word_index.holding(terms, at_least) == expected, question
    assert docs_with_status({}, t.tasks) == {r.doc_id for r in t.tasks if r.status}
