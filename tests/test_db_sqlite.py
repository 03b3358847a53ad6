"""The SQLite engine of bot/db.py: one connection kept per thread, and what that must not change.

A thread's transactions share one connection (opening one per transaction cost about 0.1 ms, eight times
per Telegram update). Kept connections must still see what other processes commit (two `govqa serve`
processes on one data dir), a failed transaction must leave nothing and release the file's write lock, and
a transaction opened inside another on the same thread must not commit the outer one.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.conversations import Conversations
from bot.db import Migration, SqliteDatabase
from bot.querylog import QueryLog
from bot.updates import UpdateLedger
from retrieval.followup import Context
from tests.conftest import REPO

DEMO = [Migration(1, "CREATE TABLE demo (k TEXT PRIMARY KEY)")]


def demo_db(tmp_path: Path) -> SqliteDatabase:
    db = SqliteDatabase(tmp_path / "demo.sqlite3", synchronous_normal=True)
    db.migrate("demo", DEMO)
    return db


def keys(db: SqliteDatabase) -> list[str]:
    with db.transaction() as tx:
        return [r[0] for r in tx.execute("SELECT k FROM demo ORDER BY k")]


def open_descriptors(path: Path) -> int:
    """How many of this process's file descriptors point at `path` (Linux /proc)."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}") == str(path)
        except OSError:
            continue
    return count


def in_other_process(code: str) -> str:
    """Run `code` in a fresh Python process (another `govqa serve` on the same data dir); its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors through Linux /proc")
def test_a_thread_keeps_one_connection_for_all_its_transactions(tmp_path: Path):
    db = demo_db(tmp_path)
    path = (tmp_path / "demo.sqlite3").resolve()
    held = open_descriptors(path)  # the connection that keeps the WAL open, and this thread's
    for k in "abcde":
        with db.transaction() as tx:
            tx.execute("INSERT INTO demo (k) VALUES (?)", (k,))
    assert open_descriptors(path) == held
    opened: list[int] = []
    other = threading.Thread(target=lambda: (keys(db), opened.append(open_descriptors(path))))
    other.start()
    other.join(30)
    assert opened == [held + 1]  # another thread: a connection of its own
    assert keys(db) == list("abcde")


def turn(question: str, role: str) -> Context:
    return Context(question=question, subject=question, role=role, status="answered")


def test_a_kept_connection_sees_what_another_process_commits_and_the_other_way_round(tmp_path: Path):
    ledger = UpdateLedger.in_data_dir(tmp_path, worker="host-a:1:aa")
    talks = Conversations.in_data_dir(tmp_path)
    assert ledger.record(1, "{}")
    talks.put("chat-8", turn("hạ tầng số", "official"))
    assert talks.get("chat-7", "citizen") is None  # this thread's connection stays open from here on
    out = in_other_process(
        "from pathlib import Path\n"
        "from bot.conversations import Conversations\n"
        "from bot.updates import UpdateLedger\n"
        "from retrieval.followup import Context\n"
        f"data = Path({str(tmp_path)!r})\n"
        "ledger = UpdateLedger.in_data_dir(data, worker='host-b:2:bb')\n"
        "print(ledger.record(1, '{}'), ledger.record(2, '{}'))\n"
        "talks = Conversations.in_data_dir(data)\n"
        "print(talks.get('chat-8', 'official').question)\n"
        "talks.put('chat-7', Context('ai chủ trì', 'ai chủ trì', 'citizen', 'answered'))\n"
    )
    assert out.splitlines() == ["False True", "hạ tầng số"]  # a duplicate there; what was written here, read there
    assert not ledger.record(2, "{}")  # and what it recorded is seen here, on the kept connections
    assert talks.get("chat-7", "citizen").question == "ai chủ trì"


def test_a_failed_transaction_loses_nothing_committed_and_the_next_one_on_the_thread_works(tmp_path: Path):
    db = demo_db(tmp_path)
    with db.transaction() as tx:
        tx.execute("INSERT INTO demo (k) VALUES ('a')")
    with pytest.raises(sqlite3.IntegrityError), db.transaction(immediate=True) as tx:
        tx.execute("INSERT INTO demo (k) VALUES ('b')")
        tx.execute("INSERT INTO demo (k) VALUES ('a')")  # the primary key: the whole transaction fails
    with pytest.raises(RuntimeError), db.transaction() as tx:
        tx.execute("INSERT INTO demo (k) VALUES ('c')")
        raise RuntimeError("the caller fails half-way")
    # The write lock was released with the failure: another worker's connection writes at once.
    other = SqliteDatabase(tmp_path / "demo.sqlite3")
    with other.transaction(immediate=True, timeout=0.5) as tx:
        tx.execute("INSERT INTO demo (k) VALUES ('d')")
    with db.transaction() as tx:
        tx.execute("INSERT INTO demo (k) VALUES ('e')")
    assert keys(db) == ["a", "d", "e"]
    assert keys(other) == ["a", "d", "e"]


def test_a_transaction_inside_another_on_the_same_thread_does_not_commit_the_outer_one(tmp_path: Path):
    db = demo_db(tmp_path)
    with pytest.raises(RuntimeError), db.transaction() as outer:
        outer.execute("INSERT INTO demo (k) VALUES ('x')")
        with db.transaction() as inner:
            assert inner.execute("SELECT COUNT(*) FROM demo").scalar() == 0  # not committed yet
        raise RuntimeError("the outer one fails")
    assert keys(db) == []


@pytest.mark.parametrize("before", [0, 1])  # builds differ: some overwrite freed bytes always
def test_a_purge_leaves_the_threads_kept_connection_as_it_found_it(tmp_path: Path, before: int):
    log = QueryLog.in_data_dir(tmp_path)
    with log.db.transaction() as tx:
        tx.execute(f"PRAGMA secure_delete={before}")
    log.purge()  # overwrites what it frees, on this thread's kept connection
    with log.db.transaction() as tx:
        assert tx.execute("PRAGMA secure_delete").scalar() == before


def test_a_file_moved_away_is_not_written_through_the_threads_old_connection(tmp_path: Path):
    db = demo_db(tmp_path)
    with db.transaction() as tx:
        tx.execute("INSERT INTO demo (k) VALUES ('a')")
    aside = tmp_path / "aside"
    aside.mkdir()
    for f in tmp_path.glob("demo.sqlite3*"):
        f.rename(aside / f.name)
    (tmp_path / "demo.sqlite3").mkdir()  # where the file was, nothing SQLite can open
    with pytest.raises(sqlite3.OperationalError), db.transaction() as tx:
        tx.execute("INSERT INTO demo (k) VALUES ('b')")
    (tmp_path / "demo.sqlite3").rmdir()
    for f in aside.iterdir():
        f.rename(tmp_path / f.name)
    assert keys(db) == ["a"]
