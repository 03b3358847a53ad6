"""Conversations kept in the data dir (bot/conversations.py): per session, expiring, never across roles,
surviving a restart — through the store itself, the real `govqa` CLI in subprocesses and the real HTTP API."""

from __future__ import annotations

import json
import stat
import subprocess
import sys

import httpx
import pytest
from conftest import REPO, govqa_env
from helpers import Clock, serving

from bot.config import FaceSettings
from bot.conversations import Conversations
from bot.querylog import QueryLog
from bot.service import Services
from bot.web import create_app
from retrieval.followup import Context

FIRST = "Bộ Nội vụ chủ trì bao nhiêu nhiệm vụ trong NQ 03?"
FOLLOW_UP = "còn Bộ Ngoại giao thì sao?"
UNDERSTOOD = "Bộ Ngoại giao chủ trì bao nhiêu nhiệm vụ trong NQ 03?"
CONTEXT = Context(FIRST, "Bộ Nội vụ", "official", "answered")


@pytest.fixture
def clock():
    return Clock(1_000_000.0)


@pytest.fixture
def store(tmp_path, clock, database_url):
    """On both engines (tests/conftest.py `database_url`): the SQLite file in the data dir, and PostgreSQL."""
    return Conversations.in_data_dir(tmp_path / "data", minutes=30, clock=clock, url=database_url)


# --- the store ------------------------------------------------------------------------------------------


def rows(store) -> int:
    """The table's rows, over conversations included (count() leaves those out)."""
    with store.db.transaction() as tx:
        return tx.execute("SELECT COUNT(*) FROM conversations").scalar()


def test_a_conversation_keeps_its_last_turn_and_others_are_apart(store):
    store.put("cli:a", CONTEXT)
    assert store.get("cli:a", "official") == CONTEXT
    assert store.get("cli:b", "official") is None
    store.put("cli:a", Context(UNDERSTOOD, "Bộ Ngoại giao", "official", "answered"))
    assert store.get("cli:a", "official").question == UNDERSTOOD


def test_a_conversation_quiet_for_longer_than_the_session_minutes_is_over(store, clock):
    store.put("cli:a", CONTEXT)
    clock.now += 29 * 60
    assert store.get("cli:a", "official") == CONTEXT
    clock.now += 2 * 60
    assert store.get("cli:a", "official") is None
    store.put("cli:other", CONTEXT)  # writing sweeps what has expired (a minute has passed since the last sweep)
    assert store.count() == rows(store) == 1


def test_over_conversations_are_deleted_by_a_write_at_most_once_a_minute(tmp_path, clock, database_url):
    store = Conversations.in_data_dir(tmp_path / "data", minutes=1, clock=clock, url=database_url)
    store.put("cli:a", CONTEXT)  # t: the first write sweeps (nothing is over yet)
    clock.now += 30
    store.put("cli:b", CONTEXT)  # t+30
    clock.now += 31
    store.put("cli:c", CONTEXT)  # t+61: a minute since the last sweep; a, quiet for 61 s, is deleted
    assert rows(store) == 2
    clock.now += 39
    store.put("cli:d", CONTEXT)  # t+100: b is over (70 s quiet), and only kept until the next sweep
    assert rows(store) == 3 and store.get("cli:b", "official") is None
    clock.now += 21
    store.put("cli:e", CONTEXT)  # t+121: the next sweep deletes b; c is exactly a minute quiet, not over
    assert rows(store) == store.count() == 3


def test_a_backlog_of_over_conversations_goes_in_bounded_steps_one_write_after_another(store, clock):
    store.sweep_rows = 2
    for n in range(5):
        store.put(f"cli:{n}", CONTEXT)
    clock.now += 31 * 60  # a quiet night
    store.put("cli:new", CONTEXT)  # 2 of the 5 over conversations go
    assert rows(store) == 4
    store.put("cli:new", CONTEXT)  # the batch was full, so the next write goes on at once
    assert rows(store) == 2
    store.put("cli:new", CONTEXT)  # the last one; the batch was not full, so the sweeps wait a minute again
    assert rows(store) == 1 and store.count() == 1


def test_the_sweep_finds_over_conversations_through_the_index_on_updated_at(store):
    from bot.conversations import SWEEP

    with store.db.transaction() as tx:
        if store.db.engine == "postgres":
            tx.execute("SET LOCAL enable_seqscan = off")  # a table this small is read whole otherwise
            plan = tx.execute("EXPLAIN " + SWEEP.replace("?", "0", 1).replace("?", "500")).rows
        else:
            plan = tx.execute("EXPLAIN QUERY PLAN " + SWEEP, (0, 500)).rows
    assert "conversations_updated" in " ".join(str(tuple(row)) for row in plan)


def test_a_role_change_never_carries_the_conversation_over(store):
    store.put("telegram:private:7", CONTEXT)
    assert store.get("telegram:private:7", "citizen") is None
    assert store.get("telegram:private:7", "admin") is None


def test_reset_starts_over(store):
    store.put("cli:a", CONTEXT)
    store.reset("cli:a")
    assert store.get("cli:a", "official") is None


def test_the_store_is_private_to_its_owner_and_holds_no_conversation_name(tmp_path, clock):
    store = Conversations.in_data_dir(tmp_path / "data", clock=clock)
    store.put("telegram:private:123456789", CONTEXT)
    for path in store.path.parent.glob("conversations.sqlite3*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert b"123456789" not in store.path.read_bytes()


def test_two_processes_share_one_store(tmp_path, clock, database_url):
    one = Conversations.in_data_dir(tmp_path, clock=clock, url=database_url)
    two = Conversations.in_data_dir(tmp_path, clock=clock, url=database_url)
    one.put("api:citizen:s", CONTEXT)
    assert two.get("api:citizen:s", "official") == CONTEXT
    two.reset("api:citizen:s")
    assert one.get("api:citizen:s", "official") is None


def test_a_conversations_file_from_before_the_database_layer_is_read_as_it_is(tmp_path, clock):
    import sqlite3

    data = tmp_path / "data"
    first = Conversations.in_data_dir(data, clock=clock)  # only to learn the name's hash in this data dir
    with sqlite3.connect(data / "conversations.sqlite3") as db:  # the table as the SQLite-only store made it
        db.execute("DROP TABLE conversations")
        db.execute("DROP TABLE schema_version")
        db.execute(
            "CREATE TABLE conversations (name_hash TEXT PRIMARY KEY, role TEXT NOT NULL, context TEXT NOT NULL,"
            " updated_at REAL NOT NULL)"
        )
        db.execute(
            "INSERT INTO conversations VALUES (?, ?, ?, ?)",
            (first._key("cli:old"), "official", CONTEXT.to_json(), clock.now),
        )
    db.close()
    again = Conversations.in_data_dir(data, clock=clock)
    assert again.get("cli:old", "official") == CONTEXT
    assert again.db.version("conversations") == 1


def test_session_minutes_come_from_the_environment_and_are_checked():
    from retrieval.config import ConfigError, Settings

    assert Settings.from_env({}).session_minutes == 30
    assert Settings.from_env({"GOVQA_SESSION_MINUTES": "5"}).session_minutes == 5
    with pytest.raises(ConfigError, match="GOVQA_SESSION_MINUTES"):
        Settings.from_env({"GOVQA_SESSION_MINUTES": "half an hour"})


# --- the CLI, one process per question ----------------------------------------------------------------


@pytest.fixture(scope="module")
def govqa(tmp_path_factory):
    """`govqa` over the built-in corpus (BM25 only) with one data dir for the whole module."""
    env = govqa_env(tmp_path_factory.mktemp("cli-conversation"))

    def run(*args, stdin: str | None = None):
        out = subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            env=env,
            cwd=REPO,
            check=True,
            timeout=300,
        )
        return [json.loads(line) for line in out.stdout.decode().splitlines()]

    return run


def test_stdin_lines_of_one_session_are_one_conversation_and_a_later_process_continues_it(govqa):
    first, second = govqa(
        "ask", "--json", "-", "--session", "s1", "--role", "official", stdin=f"{FIRST}\n{FOLLOW_UP}\n"
    )
    assert first["understood_as"] is None and "6 nhiệm vụ" in first["answer"]
    assert second["question"] == FOLLOW_UP
    assert second["understood_as"] == UNDERSTOOD and "4 nhiệm vụ" in second["answer"]
    assert "Đang hiểu là" not in second["answer"]  # JSON carries it in understood_as only
    (third,) = govqa("ask", "--json", "--session", "s1", "--role", "official", "thế còn Bộ Công an?")
    assert third["understood_as"] == "Bộ Công an chủ trì bao nhiêu nhiệm vụ trong NQ 03?"
    assert "14 nhiệm vụ" in third["answer"]


def test_without_a_session_or_in_another_one_every_question_stands_alone(govqa):
    govqa("ask", "--json", "--session", "s2", "--role", "official", FIRST)
    (alone,) = govqa("ask", "--json", "--role", "official", FOLLOW_UP)
    (other,) = govqa("ask", "--json", "--session", "s3", "--role", "official", FOLLOW_UP)
    assert alone["understood_as"] is None and other["understood_as"] is None


def test_a_question_of_its_own_inside_a_session_is_answered_as_asked(govqa):
    rows = govqa(
        "ask", "--json", "-", "--session", "s4", "--role", "official", stdin=f"{FIRST}\nNghị quyết 57 do ai ký?\n"
    )
    assert rows[1]["understood_as"] is None and "Tô Lâm" in rows[1]["answer"]


def test_another_role_in_the_same_session_starts_over(govqa):
    govqa("ask", "--json", "--session", "s5", "--role", "official", FIRST)
    (citizen,) = govqa("ask", "--json", "--session", "s5", "--role", "citizen", FOLLOW_UP)
    assert citizen["understood_as"] is None


def test_cau_hoi_moi_starts_the_session_over(govqa):
    rows = govqa(
        "ask", "--json", "-", "--session", "s6", "--role", "official", stdin=f"{FIRST}\ncâu hỏi mới\n{FOLLOW_UP}\n"
    )
    assert rows[1]["status"] == "rejected" and "mới" in rows[1]["answer"]
    assert rows[2]["understood_as"] is None


# --- the HTTP API ---------------------------------------------------------------------------------------


@pytest.fixture
def api(builtin_engine, tmp_path):
    services = Services(builtin_engine, QueryLog(tmp_path / "querylog.sqlite3"))
    with serving(lambda base: create_app(services)) as base:
        yield base, services


def ask(base: str, question: str, session: str | None = None, key: str | None = None) -> dict:
    body = {"question": question, **({"session_id": session} if session else {})}
    r = httpx.post(f"{base}/api/ask", json=body, headers={"X-API-Key": key} if key else {}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def test_an_api_session_continues_and_says_what_it_understood(api):
    base, _ = api
    assert ask(base, "PII 2025 Hải Phòng đứng thứ mấy?", "a")["understood_as"] is None
    follow = ask(base, "còn Huế?", "a")
    assert follow["understood_as"] == "PII 2025 Huế đứng thứ mấy?" and "thứ 5" in follow["answer"]
    assert ask(base, "còn Huế?")["understood_as"] is None  # no session_id: stands alone


def test_an_api_session_belongs_to_its_key_or_to_the_anonymous_face(api):
    base, services = api
    key, _ = services.access.create_api_key("official", "tool")
    ask(base, FIRST, "shared", key=key)
    assert ask(base, FOLLOW_UP, "shared")["understood_as"] is None  # the citizen face cannot continue it
    assert ask(base, FOLLOW_UP, "shared", key=key)["understood_as"] == UNDERSTOOD


def test_a_conversation_survives_a_restart_of_the_api(builtin_engine, tmp_path):
    log = tmp_path / "querylog.sqlite3"
    with serving(lambda base: create_app(Services(builtin_engine, QueryLog(log)))) as base:
        ask(base, "PII 2025 Hải Phòng đứng thứ mấy?", "r")
    with serving(lambda base: create_app(Services(builtin_engine, QueryLog(log)))) as base:
        assert ask(base, "còn Huế?", "r")["understood_as"] == "PII 2025 Huế đứng thứ mấy?"


def test_an_api_session_begun_on_one_worker_continues_on_another_sharing_postgresql(
    builtin_engine, tmp_path, postgres_url
):
    settings = FaceSettings.from_env({"GOVQA_DATABASE_URL": postgres_url})  # as both `govqa serve` workers read it
    data = tmp_path / "data"  # the shared data dir holds the install secret the names are hashed with

    def worker(base):
        querylog = QueryLog.in_data_dir(data, url=settings.database_url)
        return create_app(Services(builtin_engine, querylog, settings=settings))

    with serving(worker) as one, serving(worker) as two:
        ask(one, "PII 2025 Hải Phòng đứng thứ mấy?", "w")
        assert ask(two, "còn Huế?", "w")["understood_as"] == "PII 2025 Huế đứng thứ mấy?"
    assert not (data / "conversations.sqlite3").exists()  # the turn lives in PostgreSQL, not a worker's file


def test_a_bad_session_id_is_refused_politely(api):
    base, _ = api
    r = httpx.post(f"{base}/api/ask", json={"question": FIRST, "session_id": ""}, timeout=30)
    assert r.status_code == 422 and "session_id" in r.text
    r = httpx.post(f"{base}/api/ask", json={"question": FIRST, "session_id": 5}, timeout=30)
    assert r.status_code == 422
