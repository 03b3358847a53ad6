"""Per-user limits shared by every worker (bot/ratelimit.py), on both engines: the SQLite file in the data
dir (default) and a real PostgreSQL (tests/pg.py). "Two workers" are two stores on the same database,
as two `govqa serve` processes sharing GOVQA_DATA_DIR and GOVQA_DATABASE_URL are; the Telegram face
through two real worker processes is in tests/test_workers.py."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import psycopg
import pytest
from helpers import Clock, together

from bot.health import Health
from bot.ratelimit import INVITE_TRIES, InviteThrottle, QuestionLimit, RateLimits

BIG_ID = 5_000_000_123


@pytest.fixture
def clock():
    return Clock(1_750_000_000.0)


@pytest.fixture
def workers(tmp_path: Path, database_url, clock):
    """Two workers' stores on one database (and one data dir, which holds the install secret)."""
    data = tmp_path / "data"
    return [RateLimits.in_data_dir(data, url=database_url, clock=clock) for _ in range(2)]


def test_a_user_gets_the_limit_per_minute_across_workers_and_is_warned_once(workers, clock):
    a, b = QuestionLimit(workers[0], 3), QuestionLimit(workers[1], 3)
    for worker in (a, b, a):  # at 0, 10 and 20 s, alternately on the two workers
        assert worker.check(BIG_ID) == (True, False, 0)
        clock.now += 10
    assert b.check(BIG_ID) == (False, True, 31)  # the 4th question, on the other worker: refused, warned
    assert a.check(BIG_ID) == (False, False, 31)  # refused again, quietly (one warning per burst)
    assert a.check(1002)[0] is True  # another user is not held back
    clock.now += 30
    assert b.check(BIG_ID) == (True, False, 0)  # the first question has left the minute
    assert a.check(BIG_ID) == (False, True, 11)  # a new burst is warned again


def test_simultaneous_questions_on_two_workers_let_exactly_the_limit_through(workers):
    limits = [QuestionLimit(workers[i % 2], 5) for i in range(12)]
    results = together(*[lambda lim=lim: lim.check(BIG_ID) for lim in limits])
    assert sum(allowed for allowed, _, _ in results) == 5
    assert sum(warn for _, warn, _ in results) == 1


def test_zero_turns_the_question_limit_off(workers):
    off = QuestionLimit(workers[0], 0)
    assert all(off.check(BIG_ID) == (True, False, 0) for _ in range(50))
    assert workers[0].count() == 0  # nothing is even counted


def test_wrong_invite_codes_on_one_worker_throttle_the_user_on_the_other(workers, clock):
    a, b = InviteThrottle(workers[0]), InviteThrottle(workers[1])
    for _ in range(INVITE_TRIES - 1):
        assert a.wait(BIG_ID) == 0
        a.failed(BIG_ID)
    assert b.wait(BIG_ID) == 0
    b.failed(BIG_ID)  # the fifth wrong code, on the other worker
    assert a.wait(BIG_ID) == 601 and b.wait(BIG_ID) == 601
    assert a.wait(1002) == 0
    clock.now += 601
    assert a.wait(BIG_ID) == 0


def test_old_rows_are_forgotten_so_the_store_stays_small(workers, clock):
    limit = QuestionLimit(workers[0], 20)
    for user in range(40):
        limit.check(user)
    assert workers[0].count() == 40
    clock.now += 3600
    limit.check(1)  # the next question sweeps every user's rows older than the longest window
    assert workers[0].count() == 1


def test_the_file_is_private_and_holds_no_user_id(tmp_path: Path, clock):
    store = RateLimits.in_data_dir(tmp_path / "data", clock=clock)
    QuestionLimit(store, 3).check(BIG_ID)
    for path in (tmp_path / "data").glob("ratelimits.sqlite3*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert str(BIG_ID).encode() not in path.read_bytes()


def test_a_lost_database_lets_questions_through_and_says_degraded_until_it_is_back(
    tmp_path: Path, postgres_url, postgres_server, clock
):
    health = Health()
    store = RateLimits.in_data_dir(tmp_path / "data", url=postgres_url, clock=clock)
    limit, invites = QuestionLimit(store, 1, health), InviteThrottle(store, health=health)
    assert limit.check(BIG_ID)[0] is True
    name = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        try:
            assert limit.check(BIG_ID) == (True, False, 0)  # fail open: the answer matters more than the limit
            assert invites.wait(BIG_ID) == 0
            invites.failed(BIG_ID)  # not counted, and no exception
            assert health.degraded() == ["ratelimits"]
        finally:
            admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
    deadline = time.monotonic() + 30
    while health.degraded():  # the pool reconnects by itself; another user's question shows when
        assert time.monotonic() < deadline, health.degraded()
        limit.check(2002)
        time.sleep(0.5)
    assert limit.check(BIG_ID)[0] is False  # the limit holds again: the one question before is still counted
