"""Figure and target rows found by the words they are scored on: exactly the rows reading every row finds."""

import json
import math
import re

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


def test_task_rows_select_what_reading_every_row_selects(index):
    from datetime import date

    from retrieval.question import folded
    from retrieval.row_index import TaskRows, narrow

    tasks = tables(index, "official").tasks
    ix = TaskRows.of(index.cache, tasks)
    assert TaskRows.of(index.cache, tasks) is ix  # once per build and role
    every = range(len(tasks))
    for agency in set(tables(index, "official").agencies.values()):
        assert ix.of_agency(agency) == [i for i in every if folded(agency) in folded(tasks[i].lead)], agency
    communes = sorted({r.commune for r in tasks if r.commune})
    assert communes, "the built-in registers assign tasks to communes"
    for some in (communes[:1], communes[1:3]):
        assert ix.of_communes(some) == [i for i in every if tasks[i].commune in some]
    for start, end in (
        (date(2025, 1, 1), date(2025, 12, 31)),
        (None, date(2025, 6, 30)),
        (date(2026, 3, 1), date(2026, 3, 1)),
    ):
        held = [
            i
            for i in every
            if tasks[i].due_date and (start is None or tasks[i].due_date >= start) and tasks[i].due_date <= end
        ]
        assert ix.due(start, end) == held
    assert ix.due_before(date(2026, 2, 10)) == [
        i for i in every if tasks[i].due_date and tasks[i].due_date < date(2026, 2, 10)
    ]
    assert ix.shared == [i for i in every if re.match(r"(cac )?bo, nganh", folded(tasks[i].lead))]
    assert ix.shared, "the built-in registers hold tasks given to every ministry"
    assert narrow([1, 3, 5, 7], [7, 2, 3]) == [3, 7] and narrow(None, [7, 2, 3]) == [2, 3, 7]


def test_figure_rows_find_what_reading_every_row_finds(index):
    from retrieval.question import folded
    from retrieval.row_index import FigureRows

    figures = tables(index, "official").figures
    filed = FigureRows.of(index.cache, figures)
    every = range(len(figures))
    for scope in ("Phú Thọ", "Toàn quốc", "Hà Nội", "Xã Không Có"):
        assert filed.in_scope(scope) == [i for i in every if folded(scope) in folded(figures[i].scope)], scope
    said = " ".join(folded(f"{r.code} {r.indicator} {r.note}") for r in figures)
    for word in ("pii", "pci", "diem", "cap", "xa"):
        assert (word in filed.said_words) == bool(re.search(rf"\b{word}\b", said)), word
    notes = [folded(r.note) for r in figures]
    aspects = [(i, folded(r.indicator.partition(" - ")[2])) for i, r in enumerate(figures) if " - " in r.indicator]
    phrases = {" ".join(n.split()[k : k + 2]) for n in notes + [a for _, a in aspects] for k in range(0, 6, 2)}
    skip = {0, 1}
    for phrase in [*sorted(p for p in phrases if p)[:60], "khong co dau", "41.1 diem"]:
        pattern = rf"\b{phrase}\b"
        assert filed.names_phrase("notes", phrase, skip) == any(
            i not in skip and re.search(pattern, t) for i, t in enumerate(notes)
        ), phrase
        assert filed.names_phrase("aspects", phrase, skip) == any(
            i not in skip and re.search(pattern, t) for i, t in aspects
        ), phrase


def test_a_loaded_build_and_its_row_indexes_are_kept_out_of_the_garbage_collectors_walks(index):
    """A full collection walks every tracked object, and a build's objects live as long as it serves: they
    are frozen when it loads, and a row index when it is made (`Engine` thaws them when another build loads)."""
    import gc

    from retrieval.row_index import TaskRows

    def walked(obj) -> bool:
        return any(o is obj for o in gc.get_objects())

    assert not walked(index.passages) and not walked(index.documents)
    fresh = list(tables(index, "official").tasks)  # a row list no index was made for yet
    assert walked(fresh)
    made = TaskRows.of(index.cache, fresh)
    assert not walked(made.by_doc) and not walked(fresh)


@pytest.mark.parametrize("role", ["citizen", "official"])
def test_the_tasks_of_a_followed_name_are_those_reading_every_row_finds_in_register_order(index, role):
    from retrieval.deadlines import names, tasks_of
    from retrieval.question import folded

    tasks = tables(index, role).tasks
    watches = set(names(index, role).values())
    assert {w.kind for w in watches} == {"agency", "commune"}
    for w in watches:
        if w.kind == "commune":
            expected = [t for t in tasks if t.commune == w.name]
        else:
            expected = [t for t in tasks if folded(w.name) in folded(t.lead)]
        assert tasks_of(index, role, w) == expected, w
        assert w.kind == "commune" or expected, w  # an agency is followable only when it leads a task here


def test_a_topic_matches_the_tasks_whose_name_holds_enough_of_its_word_pairs(index):
    from itertools import pairwise

    from retrieval.exact import TOPIC_PAIR_SHARE, _topic
    from retrieval.query import read_query

    rows = {(r.doc_id, r.row): r for r in tables(index, "official").tasks}
    found = 0
    for question in [*TUNE_QUESTIONS, "có bao nhiêu nhiệm vụ số hóa sổ sức khỏe điện tử ở các xã"]:
        topic = _topic(index, read_query(index, question, "official"))
        if topic is None:
            continue
        found += 1
        phrase, matched = topic
        pairs = set(pairwise(content_syllables(phrase)))
        need = max(1, math.ceil(TOPIC_PAIR_SHARE * len(pairs)))
        expected = {k for k, r in rows.items() if len(pairs & set(pairwise(content_syllables(r.title)))) >= need}
        assert matched == expected, question
    assert found


def test_task_words_weighed_in_arrays_add_up_as_row_by_row(index):
    """`KeyWords.weighed`: for every task row, the same float as adding the weights of the words it holds one
    by one in the question's order (what `exact._described_task` did for each candidate row)."""
    from retrieval.exact import _task_index
    from retrieval.row_index import KeyWords

    features = _task_index(index)[0]
    filed = KeyWords.of(index.cache, features)
    assert KeyWords.of(index.cache, features) is filed  # once per build
    for question in TUNE_QUESTIONS[:80]:
        terms = list(dict.fromkeys(content_syllables(question)))
        weights = [(t, math.log(1 + len(index.passages) / (1 + index.df.get(t, 0)))) for t in terms]
        held = filed.weighed(weights)
        for key, (words, _) in features.items():
            assert held[filed.position[key]] == sum([w for t, w in weights if t in words]), (question, key)
