"""The store behind an answer's buttons (bot/answers.py), on SQLite and on a real PostgreSQL (tests/pg.py).

Every test taking `database_url` runs twice (see tests/test_state_db.py): None, SQLite files in the data
dir; then the URL of a fresh database on the session's PostgreSQL.
"""

from __future__ import annotations

import sqlite3
import stat
from datetime import date

import pytest

from bot.answers import AnswerStore
from bot.privacy import Pseudonyms
from retrieval.models import Answer, Citation, Passage, Source

BIG_CHAT = 5_000_000_123  # Telegram chat ids pass 2^31
GROUP = -1_001_234_567_890
PSEUDONYMS = Pseudonyms(b"install-secret-for-tests")


def cited_answer() -> Answer:
    source = Source(
        "nq-thu",
        "Nghị quyết thử nghiệm <về> chuyển đổi số",
        "99-NQ/TW",
        date(2025, 1, 15),
        "https://example.org/nq99",
        "illustrative",
        as_of=date(2025, 6, 30),
        confidence="một nguồn",
    )
    passage = Passage("nq-thu#1", "nq-thu", "Kinh tế số đạt 25% GRDP vào năm 2030.", ("I. Mục tiêu", "Đến năm 2030"))
    return Answer(
        "Kinh tế số của tỉnh đạt bao nhiêu? (câu của người dùng)",
        "answered",
        "Kinh tế số đạt 25% GRDP. [1]",
        (Citation(1, source, passage),),
        notes=("[1] Số liệu tính đến 30/06/2025.",),
        suggestions=("Nghị quyết 99 có mục tiêu gì?",),
        more=("T-3 Xây dựng kho dữ liệu", "T-4 Số hóa hồ sơ"),
        understood_as="câu đã hiểu",
    )


def store(tmp_path, database_url, **kwargs) -> AnswerStore:
    return AnswerStore.in_data_dir(tmp_path, url=database_url, pseudonyms=PSEUDONYMS, **kwargs)


def test_what_the_buttons_show_comes_back_exactly_in_the_chat_it_was_given_in(database_url, tmp_path):
    answers = store(tmp_path, database_url)
    given = cited_answer()
    answers.put(42, given, BIG_CHAT, "official")
    kept, withheld = answers.lookup(42, BIG_CHAT, "official")
    assert not withheld
    assert kept.citations == given.citations  # sources, dates, headings, passages: what «📄 Nguồn» shows
    assert (kept.status, kept.suggestions, kept.more) == ("answered", given.suggestions, given.more)
    assert answers.lookup(42, GROUP, "admin") == (None, False)  # another chat sending the id gets nothing
    assert answers.lookup(43, BIG_CHAT) == (None, False)


def test_an_answer_composed_for_a_role_the_asker_lost_is_withheld(database_url, tmp_path):
    answers = store(tmp_path, database_url)
    answers.put(7, cited_answer(), BIG_CHAT, "official")
    assert answers.lookup(7, BIG_CHAT, "citizen") == (None, True)
    assert answers.lookup(7, BIG_CHAT, "admin")[0] is not None
    assert answers.lookup(7, BIG_CHAT)[0] is not None  # no role given: the feedback buttons' redraw


def test_the_last_answer_of_a_chat_is_what_nguon_shows(database_url, tmp_path):
    now = [1_000_000.0]
    answers = store(tmp_path, database_url, clock=lambda: now[0])
    assert answers.latest(BIG_CHAT) is None
    for qid in (5, 9, 6):
        answers.put(qid, cited_answer(), BIG_CHAT)
        now[0] += 1
    answers.put(11, cited_answer(), GROUP)
    assert (answers.latest(BIG_CHAT), answers.latest(GROUP)) == (6, 11)


def test_answers_expire_and_a_second_worker_sees_what_the_first_stored(database_url, tmp_path):
    now = [1_000_000.0]
    first = store(tmp_path, database_url, keep_days=2, clock=lambda: now[0])
    second = store(tmp_path, database_url, keep_days=2, clock=lambda: now[0])
    first.put(1, cited_answer(), BIG_CHAT)
    assert second.lookup(1, BIG_CHAT)[0] is not None
    now[0] += 2 * 86400 + 1
    assert second.lookup(1, BIG_CHAT) == (None, False) and second.latest(BIG_CHAT) is None
    first.put(2, cited_answer(), BIG_CHAT)  # a new answer drops the expired rows
    assert second.purge() == 0


def test_no_chat_id_question_or_answer_text_is_stored(tmp_path):
    answers = store(tmp_path, None)
    answers.put(3, cited_answer(), BIG_CHAT, "citizen")
    path = tmp_path / "answers.sqlite3"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with sqlite3.connect(path) as db:
        (row,) = db.execute("SELECT * FROM answers").fetchall()
    stored = " ".join(str(v) for v in row)
    assert str(BIG_CHAT) not in stored and PSEUDONYMS(BIG_CHAT) in stored
    assert "câu của người dùng" not in stored and "câu đã hiểu" not in stored and "[1] Số liệu" not in stored


def test_a_nonsense_expiry_is_refused_with_the_value(tmp_path):
    with pytest.raises(ValueError, match="not 0"):
        AnswerStore(tmp_path / "answers.sqlite3", PSEUDONYMS, keep_days=0)
