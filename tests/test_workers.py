"""Several workers on one PostgreSQL (issue 17): real `govqa serve` processes, a real PostgreSQL server
(tests/pg.py) and the fake Bot API; and /healthz when the database goes away and comes back."""

from __future__ import annotations

import random
import time
from collections import Counter

import httpx
import psycopg
import pytest
from conftest import govqa_env
from fake_bot_api import TOKEN, FakeBotApi
from helpers import SECRET, answers_per_chat, deliver_webhook, free_port, serving, start_govqa, stop_govqa, wait_http
from test_telegram import QUESTION

from bot.access import Access
from bot.querylog import QueryLog
from bot.reminders import Subscriptions
from bot.service import Services
from bot.updates import UpdateLedger
from bot.web import create_app

UPDATES = 120
TWICE = UPDATES // 10  # delivered again to the other worker, as Telegram does after a timeout


def test_two_govqa_serve_workers_sharing_postgresql_answer_each_update_once(mini_corpus, tmp_path, postgres_url):
    ports = [free_port(), free_port()]
    users = list(range(7000, 7000 + UPDATES))
    with FakeBotApi() as api:

        def env(port: int) -> dict:
            return govqa_env(
                tmp_path,
                mini_corpus,
                TELEGRAM_BOT_TOKEN=TOKEN,
                GOVQA_TELEGRAM_API_URL=api.url,
                GOVQA_PORT=str(port),
                GOVQA_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/webhook",
                GOVQA_WEBHOOK_SECRET=SECRET,
                GOVQA_DATABASE_URL=postgres_url,
            )

        first = start_govqa(["serve"], env(ports[0]))
        workers = [first]
        try:
            wait_http(f"http://127.0.0.1:{ports[0]}/healthz", first)  # the first builds the index
            workers.append(start_govqa(["serve"], env(ports[1])))  # the second shares its data dir and build
            wait_http(f"http://127.0.0.1:{ports[1]}/healthz", workers[1])
            health = [httpx.get(f"http://127.0.0.1:{p}/healthz").json() for p in ports]
            updates = [{**api.message(QUESTION, user_id=u), "update_id": 50_000 + i} for i, u in enumerate(users)]
            rng = random.Random(17)
            again = set(rng.sample(range(UPDATES), TWICE))
            to = [[], []]
            for i, u in enumerate(updates):
                to[i % 2].append(u)
                if i in again:
                    to[(i + 1) % 2].append(u)  # the redelivery reaches the other worker behind the proxy
            statuses = [
                s
                for port, batch in zip(ports, to)
                for s in deliver_webhook(f"http://127.0.0.1:{port}/telegram/webhook", batch, concurrently=False)
            ]
            api.wait(lambda a: len(answers_per_chat(a)) == UPDATES, timeout=180)
            time.sleep(1.5)  # time for a second answer to show, were there one
        finally:
            for w in workers:
                stop_govqa(w)
    per_chat = answers_per_chat(api)
    assert [h["database"] for h in health] == [{"engine": "postgres", "ok": True}] * 2
    assert statuses == [200] * (UPDATES + TWICE)  # each delivery acknowledged, the repeated ones too
    assert set(per_chat) == set(users)  # 0 lost
    assert per_chat == Counter(dict.fromkeys(users, 1))  # 0 answered twice
    assert len(api.sent()) == UPDATES  # one message per question
    with psycopg.connect(postgres_url) as conn:
        done = conn.execute("SELECT COUNT(*), COUNT(DISTINCT worker) FROM updates WHERE outcome = 'answered'")
        rows = done.fetchone()
    assert rows == (UPDATES, 2)  # both workers answered their share


def _set_connections(admin_url: str, database: str, allowed: bool) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {database} ALLOW_CONNECTIONS {'true' if allowed else 'false'}")
        if not allowed:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,))


@pytest.mark.parametrize("lost_for", [3.0])
def test_a_worker_that_loses_postgresql_answers_says_degraded_and_recovers_by_itself(
    mini_engine, tmp_path, postgres_url, postgres_server, lost_for
):
    data = tmp_path / "data"
    services = Services(
        mini_engine,
        QueryLog.in_data_dir(data, url=postgres_url),
        access=Access.in_data_dir(data, url=postgres_url),
        subscriptions=Subscriptions.in_data_dir(data, url=postgres_url),
        updates=UpdateLedger.in_data_dir(data, url=postgres_url),
    )
    name = postgres_url.rsplit("/", 1)[1]
    with serving(lambda base: create_app(services)) as base:
        assert httpx.post(f"{base}/api/ask", json={"question": QUESTION}).status_code == 200
        before = httpx.get(f"{base}/healthz").json()
        _set_connections(postgres_server.url(), name, allowed=False)
        try:
            started = time.monotonic()
            lost = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30)
            lost_in = time.monotonic() - started
            during = httpx.get(f"{base}/healthz", timeout=30)
            time.sleep(lost_for)
        finally:
            _set_connections(postgres_server.url(), name, allowed=True)
        deadline = time.monotonic() + 30
        while (after := httpx.get(f"{base}/healthz", timeout=30).json())["status"] != "ok":
            assert time.monotonic() < deadline, after
            httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30)  # the query log heals on a write
            time.sleep(0.5)
        logged_before = _questions(postgres_url)
        httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30)
        logged = _questions(postgres_url) - logged_before
    assert before["status"] == "ok" and before["database"] == {"engine": "postgres", "ok": True}
    assert lost.status_code == 200 and "25% GRDP" in lost.json()["answer"]  # answered from the index
    assert lost_in < 10
    assert during.status_code == 200
    body = during.json()
    assert body["status"] == "degraded" and body["database"] == {"engine": "postgres", "ok": False}
    assert {"database", "querylog"} <= set(body["degraded"])
    assert after["database"]["ok"] is True and after["degraded"] == []
    assert logged == 1  # questions are logged again


def _questions(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
