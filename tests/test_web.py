"""The HTTP API and the webhook, through a real uvicorn server on a free port (and `govqa serve` itself)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from conftest import REPO, govqa_env
from fake_bot_api import TOKEN, FakeBotApi
from helpers import metric, serving

from bot.format import answer_json, source_json
from bot.querylog import QueryLog
from bot.service import Services
from bot.telegram import BotSettings, typing_in_reply
from bot.web import AskResponse, SourceOut, create_app

QUESTION = "Kinh tế số của tỉnh thử nghiệm đạt bao nhiêu?"
SECRET = "webhook-Secret_123"


@pytest.fixture
def api_url(services):
    with serving(lambda base: create_app(services)) as base:
        yield base


def test_ask_returns_the_cli_json_and_records_the_question(api_url, services, mini_engine):
    r = httpx.post(f"{api_url}/api/ask", json={"question": QUESTION})
    assert r.status_code == 200
    body = r.json()
    expected = answer_json(mini_engine.ask(QUESTION))
    assert {**body, "took_ms": 0} == {**expected, "took_ms": 0}
    assert body["status"] == "answered" and "25% GRDP" in body["answer"] and "<" not in body["answer"]
    assert body["sources"][0]["doc_id"] == "nq-thu" and body["sources"][0]["provenance"] == "illustrative"
    (row,) = _rows(services)
    assert row["face"] == "api" and row["status"] == "answered" and row["user_hash"] is None


def test_the_documented_response_is_the_json_answer_json_writes(mini_engine):
    answer = mini_engine.ask(QUESTION)
    assert set(AskResponse.model_fields) == set(answer_json(answer))  # one shape: bot.format writes it
    assert set(SourceOut.model_fields) == set(source_json(answer.sources[0]))
    assert AskResponse.model_validate(answer_json(answer)).model_dump() == answer_json(answer)


def test_ask_answers_as_a_citizen_only(api_url):
    internal = "Đề xuất điều chuyển cán bộ phụ trách hồ sơ số hóa, mã đánh dấu NỘI-BỘ-4242"
    r = httpx.post(f"{api_url}/api/ask", json={"question": internal})
    body = r.json()
    assert r.status_code == 200 and body["status"] == "not_found" and body["sources"] == []
    assert "NỘI-BỘ-4242" not in body["answer"]
    r = httpx.post(f"{api_url}/api/ask", json={"question": internal, "role": "admin"})
    assert r.status_code == 422 and "vai trò người dân" in r.json()["error"] and "as a citizen" in r.json()["error"]


@pytest.mark.parametrize(
    ("body", "vi", "en"),
    [
        ('{"question": ', "không phải JSON hợp lệ", "not valid JSON"),
        ('{"question": 5}', "phải là một chuỗi", "must be a string"),
        ('{"question": null}', "phải là một chuỗi", "must be a string"),
        ("{}", 'Thiếu trường "question"', "is missing"),
        ('["Nghị quyết 57?"]', "đối tượng JSON", "JSON object"),
        ('{"question": ""}', "đang trống", "is empty"),
        ('{"question": "   \\n "}', "đang trống", "is empty"),
        ('{"question": "' + "a" * 1001 + '"}', "vượt quá 1000", "over the limit of 1000"),
        ('{"question": "Nghị quyết 57?", "k": 3}', 'Không nhận trường "k"', 'Unknown field "k"'),
    ],
)
def test_bad_requests_get_422_with_a_vietnamese_and_english_message(api_url, body, vi, en):
    r = httpx.post(f"{api_url}/api/ask", content=body.encode(), headers={"content-type": "application/json"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert vi in error and en in error and " / " in error
    assert r.json()["detail"]


def test_a_huge_body_is_refused_before_it_is_read(api_url):
    r = httpx.post(f"{api_url}/api/ask", json={"question": "a" * 200_000})
    assert r.status_code == 413


def test_a_question_of_exactly_1000_characters_is_accepted(api_url):
    r = httpx.post(f"{api_url}/api/ask", json={"question": "nghị quyết " + "a" * 989})
    assert r.status_code == 200 and r.json()["status"] in ("answered", "not_found")


def test_healthz_reports_the_loaded_index(api_url, mini_engine):
    r = httpx.get(f"{api_url}/healthz")
    assert r.status_code == 200
    meta = mini_engine.index().meta
    body = r.json()
    assert body["status"] == "ok" and body["version"] == "0.1.0" and body["telegram"] == "off"
    assert body["index"] == {
        "loaded": True,
        "build": meta["build"],
        "documents": meta["documents"],
        "passages": meta["passages"],
        "built_at": meta["built_at"],
        "embeddings": "none",
    }


def test_metrics_move_after_questions(api_url):
    before = httpx.get(f"{api_url}/metrics")
    assert before.headers["content-type"].startswith("text/plain; version=0.0.4")
    httpx.post(f"{api_url}/api/ask", json={"question": QUESTION})
    httpx.post(f"{api_url}/api/ask", json={"question": "Giá vàng hôm nay bao nhiêu?"})
    httpx.post(f"{api_url}/api/ask", json={"question": ""})
    httpx.get(f"{api_url}/khong-co")
    httpx.get(f"{api_url}/docs")
    after = httpx.get(f"{api_url}/metrics").text
    assert metric(after, "govqa_http_requests_total", route="/api/ask", method="POST", status="200") == 2
    assert metric(after, "govqa_http_requests_total", route="/api/ask", method="POST", status="422") == 1
    assert metric(after, "govqa_http_requests_total", route="/metrics", method="GET", status="200") == 1
    assert metric(after, "govqa_http_requests_total", route="unmatched", method="GET", status="404") == 1
    assert metric(after, "govqa_http_requests_total", route="/docs", method="GET", status="200") == 1
    assert metric(after, "govqa_answers_total", face="api", status="answered") == 1
    assert metric(after, "govqa_not_found_total") == 1
    assert metric(after, "govqa_answer_latency_seconds_count", face="api") == 2
    assert metric(after, "govqa_answer_latency_seconds_bucket", face="api", le="+Inf") == 2
    assert metric(after, "govqa_index_documents") > 0
    assert "# TYPE govqa_answer_latency_seconds histogram" in after


def test_openapi_docs_are_served(api_url):
    assert httpx.get(f"{api_url}/docs").status_code == 200
    spec = httpx.get(f"{api_url}/openapi.json").json()
    assert "/api/ask" in spec["paths"] and "/healthz" in spec["paths"]
    assert spec["components"]["schemas"]["AskRequest"]["additionalProperties"] is False


# --- the webhook ------------------------------------------------------------------------------------------


def test_webhook_mode_answers_posted_updates_and_refuses_a_wrong_secret(services):
    with FakeBotApi() as api:

        def make_app(base: str):
            bot = BotSettings(api.token, api.url, f"{base}/telegram/webhook", SECRET)
            return create_app(services, bot)

        with serving(make_app) as base:
            assert api.webhook == {"url": f"{base}/telegram/webhook", "secret_token": SECRET}
            assert api.calls_to("setMyCommands")
            assert httpx.get(f"{base}/healthz").json()["telegram"] == "webhook"

            assert api.push(api.message(QUESTION, user_id=1001)) == [200]
            api.wait(lambda a: a.sent(1001))
            assert api.push(api.message(QUESTION, user_id=1002), secret="wrong") == [403]
            assert api.push(api.message(QUESTION, user_id=1003), secret="") == [403]  # no header at all
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            r = httpx.post(f"{base}/telegram/webhook", content=b"not json", headers=headers)
            assert r.status_code == 400

            # 20 updates posted back to back: each answered exactly once.
            assert api.push(*[api.message(QUESTION, user_id=u) for u in range(3000, 3020)]) == [200] * 20
            api.wait(lambda a: len(a.sent()) == 21, timeout=30)
            time.sleep(0.5)
            metrics = httpx.get(f"{base}/metrics").text

    assert "25% GRDP" in api.sent(1001)[0]["text"]
    assert api.sent(1002) == [] and api.sent(1003) == []
    assert sorted(m["chat"]["id"] for m in api.sent()) == [1001, *range(3000, 3020)]
    assert metric(metrics, "govqa_telegram_updates_total") == 21
    assert metric(metrics, "govqa_telegram_webhook_rejected_total") == 2
    assert metric(metrics, "govqa_answers_total", face="telegram", status="answered") == 21
    assert api.calls_to("getUpdates") == []


def test_a_webhook_question_gets_typing_in_the_200_instead_of_a_chat_action_call(services):
    """The Bot API carries out a call named in the webhook's response: the "typing…" of a private question
    goes there (one request fewer per answer); commands, groups and replays get no such body."""
    with FakeBotApi() as api:
        with serving(
            lambda base: create_app(services, BotSettings(api.token, api.url, f"{base}/telegram/webhook", SECRET))
        ):
            question = api.message(QUESTION, user_id=1001)
            assert api.push(question) == [200]
            api.wait(lambda a: a.sent(1001))
            assert api.push(question) == [200]  # a replay: dropped, nothing carried
            assert api.push(api.message("/help", user_id=1002)) == [200]
            group = api.group_chat()
            assert api.push(api.message(f"/hoi {QUESTION}", user_id=1003, chat=group)) == [200]
            api.wait(lambda a: a.sent(1002) and a.sent(group["id"]))

    actions = api.calls_to("sendChatAction")
    carried = [c for c in actions if c.via == "webhook"]
    assert [(c.params, c.status) for c in carried] == [({"chat_id": 1001, "action": "typing"}, 200)]
    assert carried[0].at < api.calls_to("sendMessage")[0].at
    assert [c.params["chat_id"] for c in actions if c.via == "request"] == [group["id"]]  # the handler's own
    assert "25% GRDP" in api.sent(1001)[0]["text"] and len(api.sent(1001)) == 1


def test_only_a_fresh_private_question_gets_its_typing_in_the_webhooks_200():
    api = FakeBotApi()  # only to build updates the way Telegram sends them; no server
    question = api.message(QUESTION, user_id=1001)
    assert typing_in_reply(question) == {"method": "sendChatAction", "chat_id": 1001, "action": "typing"}
    late = {**question, "message": {**question["message"], "date": question["message"]["date"] - 11 * 60}}
    assert typing_in_reply(late) is None  # answered with an apology, not an answer
    assert typing_in_reply(api.message("/hoi", user_id=1001)) is None
    assert typing_in_reply(api.message(QUESTION, chat=api.group_chat())) is None
    assert typing_in_reply(api.sticker(user_id=1001)) is None
    assert typing_in_reply({"update_id": 1, "callback_query": {}}) is None


def test_govqa_serve_runs_the_api_and_the_bot_in_one_process(mini_corpus, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with FakeBotApi() as api:
        env = govqa_env(
            tmp_path, mini_corpus, TELEGRAM_BOT_TOKEN=TOKEN, GOVQA_TELEGRAM_API_URL=api.url, GOVQA_PORT=str(port)
        )
        env.pop("GOVQA_WEBHOOK_URL", None)
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"], cwd=REPO, env=env, stderr=subprocess.PIPE, text=True
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    health = httpx.get(f"{base}/healthz").json()
                    break
                except httpx.TransportError:
                    assert proc.poll() is None and time.monotonic() < deadline, "govqa serve did not start"
                    time.sleep(0.1)
            answer = httpx.post(f"{base}/api/ask", json={"question": QUESTION}).json()
            api.push(api.message(QUESTION, user_id=1001))
            api.wait(lambda a: a.sent(1001), timeout=20)
        finally:
            proc.send_signal(signal.SIGINT)
            _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr[-2000:]
    assert health["telegram"] == "polling" and health["index"]["documents"] > 0
    assert answer["status"] == "answered"
    assert "25% GRDP" in api.sent(1001)[0]["text"]
    assert TOKEN not in stderr
    rows = QueryLog(tmp_path / "data" / "querylog.sqlite3")
    assert {rows.get(1)["face"], rows.get(2)["face"]} == {"api", "telegram"}


def _rows(services: Services) -> list[dict]:
    rows, n = [], 1
    while (row := services.querylog.get(n)) is not None:
        rows.append(row)
        n += 1
    return rows
