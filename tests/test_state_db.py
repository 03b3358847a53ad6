"""The state stores on both engines: SQLite files in the data dir (default) and a real PostgreSQL server.

Every test taking `database_url` runs twice: with None (SQLite, as every install without
GOVQA_DATABASE_URL) and with the URL of a fresh database on the session's PostgreSQL (tests/pg.py).
"Two workers" are two store objects with their own worker ids on the same database, as two
`govqa serve` processes sharing GOVQA_DATA_DIR and GOVQA_DATABASE_URL are.
"""

from __future__ import annotations

import stat
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from helpers import together

from bot.access import Access
from bot.config import database_url
from bot.conversations import Conversations
from bot.db import Migration, open_database, redact
from bot.querylog import QueryLog
from bot.ratelimit import RateLimits
from bot.reminders import Subscriptions
from bot.telegram.intake import TAKE_OVER_EVERY
from bot.updates import LEASE_SECONDS, UpdateLedger
from retrieval.config import ConfigError
from retrieval.deadlines import Watch
from tests.conftest import REPO, govqa_env

BIG_ID = 5_000_000_123  # Telegram user and chat ids pass 2^31
GROUP_ID = -1_001_234_567_890


# --- the layer ---------------------------------------------------------------------------------------


def test_migrations_are_applied_once_in_order_and_recorded(database_url, tmp_path: Path):
    db = open_database(tmp_path, "demo.sqlite3", url=database_url)
    v1 = Migration(1, "CREATE TABLE demo (id {id}, n {int} NOT NULL, x {real});\nCREATE INDEX demo_n ON demo (n);")
    assert db.migrate("demo", [v1]) == 1
    assert db.migrate("demo", [v1]) == 1  # a second start: nothing re-run (CREATE without IF NOT EXISTS)
    v2 = Migration(2, "ALTER TABLE demo ADD COLUMN note TEXT")
    assert db.migrate("demo", [v2, v1]) == 2
    assert db.version("demo") == 2
    with db.transaction() as tx:
        new = tx.execute("INSERT INTO demo (n, x, note) VALUES (?, ?, ?) RETURNING id", (BIG_ID, 1.5, "50%?")).scalar()
        row = tx.execute("SELECT * FROM demo WHERE id = ?", (new,)).one()
    assert (row["n"], row["x"], row["note"]) == (BIG_ID, 1.5, "50%?")
    assert dict(row)["n"] == row[1] == BIG_ID


def test_a_failed_transaction_leaves_nothing(database_url, tmp_path: Path):
    db = open_database(tmp_path, "demo.sqlite3", url=database_url)
    db.migrate("demo", [Migration(1, "CREATE TABLE demo (k TEXT PRIMARY KEY)")])
    with pytest.raises(RuntimeError), db.transaction() as tx:
        tx.execute("INSERT INTO demo (k) VALUES (?)", ("a",))
        raise RuntimeError("the process fails half-way")
    with db.transaction() as tx:
        assert tx.execute("SELECT COUNT(*) FROM demo").scalar() == 0


def test_without_a_url_each_store_keeps_its_own_private_file_in_the_data_dir(tmp_path: Path, monkeypatch):
    # The URL is read by bot/config.py and handed to each store; a store opened without one never looks.
    monkeypatch.setenv("GOVQA_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    data = tmp_path / "data"
    QueryLog.in_data_dir(data)
    Access.in_data_dir(data)
    Subscriptions.in_data_dir(data)
    UpdateLedger.in_data_dir(data)
    Conversations.in_data_dir(data)
    RateLimits.in_data_dir(data)
    for name in ("querylog", "access", "reminders", "updates", "conversations", "ratelimits"):
        path = data / f"{name}.sqlite3"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_database_url_must_be_postgresql_and_its_password_is_never_shown():
    assert database_url({}) is None
    assert database_url({"GOVQA_DATABASE_URL": "  "}) is None
    assert database_url({"GOVQA_DATABASE_URL": "postgresql://u:p@h/db"}) == "postgresql://u:p@h/db"
    with pytest.raises(ConfigError, match="GOVQA_DATABASE_URL") as e:
        database_url({"GOVQA_DATABASE_URL": "mysql://u:secret@h/db"})
    assert "secret" not in str(e.value)
    assert redact("postgresql://govqa:s3cr3t@db.local:5432/govqa") == "postgresql://govqa:***@db.local:5432/govqa"


def test_an_unreachable_postgresql_is_one_clear_error(tmp_path: Path, postgres_server):
    with pytest.raises(ConfigError, match="Cannot reach PostgreSQL") as e:
        QueryLog.in_data_dir(tmp_path, url="postgresql://govqa:pw@127.0.0.1:1/none")
    assert "pw" not in str(e.value)


# --- the update ledger ---------------------------------------------------------------------------------


def test_an_update_id_is_claimed_by_one_worker_only(database_url, tmp_path: Path):
    a = UpdateLedger.in_data_dir(tmp_path, url=database_url, worker="host-a:1:aa")
    b = UpdateLedger.in_data_dir(tmp_path, url=database_url, worker="host-b:1:bb")
    assert a.record(42, '{"update_id": 42}') is True
    assert b.record(42, '{"update_id": 42}') is False  # the retried delivery reached the other worker
    assert sorted(together(*[lambda w=w: w.record(43, "{}") for w in (a, b, a, b)])) == [False, False, False, True]
    a.finish(42, "answered")
    assert b.counts() == {"answered": 1, "claimed": 1}


def test_a_dead_workers_claim_expires_within_a_minute_and_is_taken_over_once(database_url, tmp_path: Path):
    now = [1_000_000.0]
    clock = lambda: now[0]  # noqa: E731
    dead = UpdateLedger.in_data_dir(tmp_path, url=database_url, worker="gone-host:4242:dd", clock=clock)
    dead.record(7, '{"update_id": 7, "message": {"text": "hỏi"}}')
    b = UpdateLedger.in_data_dir(tmp_path, url=database_url, worker="host-b:1:bb", clock=clock)
    c = UpdateLedger.in_data_dir(tmp_path, url=database_url, worker="host-c:1:cc", clock=clock)
    assert b.take_over() == []  # still leased: the other host may be alive
    assert LEASE_SECONDS + TAKE_OVER_EVERY < 60
    now[0] += LEASE_SECONDS + 0.1
    taken = together(b.take_over, c.take_over)
    assert sorted(len(t) for t in taken) == [0, 1]
    pending = next(t for t in taken if t)[0]
    assert (pending.update_id, pending.received_at) == (7, 1_000_000.0)
    assert "hỏi" in pending.raw


# --- the query log and feedback --------------------------------------------------------------------------


def test_questions_and_feedback_are_recorded_on_both_engines(database_url, tmp_path: Path):
    log = QueryLog.in_data_dir(tmp_path, url=database_url)
    at = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    qid = log.record("Hạn của nhiệm vụ T-1?", None, face="telegram", latency_ms=12.34, chat_id=GROUP_ID, at=at)
    api = log.record("câu hỏi qua API", None, face="api", latency_ms=3, at=at + timedelta(hours=1))
    assert log.feedback(qid, 1, chat_id=99) is False  # not that chat's question
    assert log.feedback(qid, 1, chat_id=GROUP_ID) is True
    assert log.feedback(api, -1) is True  # no chat on both sides (NULL matches NULL)
    row = log.get(qid)
    assert (row["question"], row["status"], row["latency_ms"], row["feedback"]) == (
        "Hạn của nhiệm vụ T-1?",
        "error",
        12.3,
        1,
    )
    assert str(GROUP_ID) not in str(row)  # the chat is a pseudonym
    assert [r["id"] for r in log.since(at)] == [qid, api]
    assert log.purge(now=at + timedelta(days=91)) == 2
    assert log.get(qid)["question"] is None and log.get(qid)["feedback"] == 1


# --- roles, invite codes, API keys -----------------------------------------------------------------------


def test_the_last_use_of_an_invite_goes_to_one_user_whichever_worker_redeems(database_url, tmp_path: Path):
    a = Access.in_data_dir(tmp_path, url=database_url)
    b = Access.in_data_dir(tmp_path, url=database_url)
    invite = a.create_invite(uses=1)
    got = together(lambda: a.redeem(invite.code, BIG_ID), lambda: b.redeem(invite.code, BIG_ID + 1))
    assert sorted(got, key=str) == [None, "official"]
    winner, loser = (BIG_ID, BIG_ID + 1) if got[0] else (BIG_ID + 1, BIG_ID)
    assert b.telegram_role(winner) == "official" and a.telegram_role(loser) == "citizen"
    assert a.revoke(winner) is True and b.telegram_role(winner) == "citizen"


def test_api_keys_live_until_revoked_on_both_engines(database_url, tmp_path: Path):
    access = Access.in_data_dir(tmp_path, url=database_url)
    key, record = access.create_api_key("official", "cổng tỉnh")
    seen = access.api_key(key)
    assert (seen.id, seen.role, seen.name) == (record.id, "official", "cổng tỉnh")
    assert access.api_keys()[0].last_used_at  # when it was last presented
    assert access.api_key(key + "x") is None
    assert access.revoke_api_key(record.id) is True
    assert access.api_key(key) is None and access.api_keys()[0].revoked_at


# --- follows and the reminders-sent ledger ----------------------------------------------------------------


def test_follows_keep_their_order_and_big_chat_ids(database_url, tmp_path: Path):
    subs = Subscriptions.in_data_dir(tmp_path, url=database_url)
    watches = [Watch("commune", "Xã Tân Lập"), Watch("agency", "Sở Khoa học và Công nghệ"), Watch("agency", "A")]
    for w in watches:
        assert subs.add(GROUP_ID, "supergroup", BIG_ID, w) is True
    assert subs.add(GROUP_ID, "supergroup", BIG_ID, watches[0]) is False
    assert subs.of_chat(GROUP_ID) == watches
    [sub] = subs.subscribers()
    assert (sub.chat_id, sub.chat_type, sub.user_id, list(sub.watches)) == (GROUP_ID, "supergroup", BIG_ID, watches)
    assert subs.remove(GROUP_ID, [watches[1]]) == 1 and subs.of_chat(GROUP_ID) == [watches[0], watches[2]]


def test_each_reminder_is_claimed_by_one_worker_when_two_run_the_job(database_url, tmp_path: Path):
    a = Subscriptions.in_data_dir(tmp_path, url=database_url)
    b = Subscriptions.in_data_dir(tmp_path, url=database_url)
    items = [(f"so-nhiem-vu#T-{i}|2026-03-0{i % 9 + 1}", "due" if i % 2 else "overdue") for i in range(30)]
    today = date(2026, 3, 1)
    got_a, got_b = together(
        lambda: a.claim(BIG_ID, items, today), lambda: b.claim(BIG_ID, list(reversed(items)), today)
    )
    assert not got_a & got_b and got_a | got_b == set(items)
    assert a.claim(BIG_ID, items, today) == set()  # tomorrow's run: already sent
    a.unclaim(BIG_ID, items[:2])  # Telegram refused that message: tried again next time
    assert b.claim(BIG_ID, items, today) == set(items[:2])
    assert b.sent(BIG_ID) == set(items)


# --- govqa db upgrade --------------------------------------------------------------------------------------


def test_govqa_db_upgrade_applies_every_stores_schema(database_url, tmp_path: Path):
    extra = {"GOVQA_DATABASE_URL": database_url} if database_url else {}
    env = govqa_env(tmp_path, **extra)
    if not database_url:
        env.pop("GOVQA_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "querylog",
        "access",
        "reminders",
        "updates",
        "answers",
        "conversations",
        "ratelimits",
    ]
    if database_url:
        assert all("(postgres: postgresql://govqa@127.0.0.1" in line for line in lines)
        assert "reminders: schema 2" in done.stdout  # PostgreSQL's follows get an order column
    else:
        assert all("(sqlite: " in line for line in lines) and "reminders: schema 2" in done.stdout
        assert (tmp_path / "data" / "updates.sqlite3").exists()


# --- govqa db copy: an install moving from SQLite files to PostgreSQL ---------------------------------------


def test_govqa_db_copy_moves_every_stores_rows_into_postgresql_once(tmp_path: Path, postgres_url):
    from bot.answers import AnswerStore
    from bot.conversations import Conversations
    from retrieval.followup import Context
    from retrieval.models import Answer

    data = tmp_path / "data"
    at = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    log = QueryLog.in_data_dir(data)
    asked = [log.record(f"câu hỏi {i}", None, face="telegram", latency_ms=5, chat_id=BIG_ID, at=at) for i in range(3)]
    assert log.feedback(asked[1], 1, chat_id=BIG_ID)
    access = Access.in_data_dir(data)
    invite = access.create_invite(uses=2)
    assert access.redeem(invite.code, BIG_ID) == "official"
    key, record = access.create_api_key("admin", "cổng tỉnh")
    subs = Subscriptions.in_data_dir(data)
    follows = [Watch("commune", "Xã Tân Lập"), Watch("agency", "Sở Tư pháp")]
    for w in follows:
        subs.add(GROUP_ID, "supergroup", BIG_ID, w)
    UpdateLedger.in_data_dir(data).record(77, "{}")
    context = Context("Bộ Nội vụ chủ trì bao nhiêu nhiệm vụ?", "Bộ Nội vụ", "official", "answered")
    Conversations.in_data_dir(data).put("api:citizen:s", context)
    shown = Answer("Hạn của T-1?", "answered", "Hạn của T-1 là 30/6/2025.", suggestions=("Hạn của T-2?",))
    AnswerStore.in_data_dir(data).put(asked[0], shown, BIG_ID, "official")

    def copy() -> list[str]:
        env = {**govqa_env(tmp_path), "GOVQA_DATABASE_URL": postgres_url}  # the target, as it will be set
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "db", "copy"], env=env, cwd=REPO, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    first, again = copy(), copy()
    assert "querylog.questions: 3 rows added" in first and "access.api_keys: 1 rows added" in first
    assert "reminders.subscriptions: 2 rows added" in first and "conversations.conversations: 1 rows added" in first
    assert all(line.endswith(": 0 rows added") for line in again)  # run twice, copied once
    moved = QueryLog.in_data_dir(data, url=postgres_url)
    assert [moved.get(q)["question"] for q in asked] == ["câu hỏi 0", "câu hỏi 1", "câu hỏi 2"]
    assert moved.get(asked[1])["feedback"] == 1
    assert moved.record("câu hỏi mới", None, face="api", latency_ms=1, at=at) > max(asked)  # ids continue
    on_pg = Access.in_data_dir(data, url=postgres_url)
    assert on_pg.telegram_role(BIG_ID) == "official"
    assert on_pg.api_key(key).id == record.id  # the key still verifies: same secret.key, same hash
    assert on_pg.redeem(invite.code, BIG_ID + 1) == "official"  # its second use
    assert Subscriptions.in_data_dir(data, url=postgres_url).of_chat(GROUP_ID) == follows  # in the same order
    assert UpdateLedger.in_data_dir(data, url=postgres_url).record(77, "{}") is False  # a replay is still one
    assert Conversations.in_data_dir(data, url=postgres_url).get("api:citizen:s", "official") == context
    assert AnswerStore.in_data_dir(data, url=postgres_url).lookup(asked[0], BIG_ID, "official")[0].suggestions == (
        "Hạn của T-2?",
    )
