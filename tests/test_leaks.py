"""Internal content never reaches a citizen, by any path; an official does see it.

The corpus (tests/ops_corpus.py) has an internal document and internal register rows carrying MARKER, an
agency and a commune that only internal rows name. Each face is driven as a citizen would drive it —
Telegram through the fake Bot API server, HTTP through a real server, the CLI through subprocesses — and
everything the citizen receives is searched for those secrets. What a citizen typed and gets echoed back
(the "question" field of JSON) is removed first: it is theirs, not a leak.
"""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
from conftest import REPO, govqa_env
from helpers import serving
from ops_corpus import (
    CITIZEN,
    MARKER,
    OFFICIAL,
    SECRETS,
    TODAY,
    make_services,
    press,
    run,
    say,
)
from ops_corpus import buttons as buttons_of

from bot.telegram import send_reminders
from bot.web import create_app
from retrieval.deadlines import Watch
from retrieval.langchain import GovqaRetriever

QUESTIONS = [
    "phương án sáp nhập kho lưu trữ hồ sơ giấy",  # the internal document's text
    "Biên bản họp tổ công tác có nội dung gì?",  # its title
    "Sở Tư pháp chủ trì những nhiệm vụ nào?",  # a register list (one internal row)
    "Sở Tư pháp chủ trì bao nhiêu nhiệm vụ?",  # a count
    "Những nhiệm vụ nào của Sở Tư pháp đã quá hạn?",
    "Nhiệm vụ nào có hạn tháng 6/2026?",  # a period over every register
    "Xã Tân Mật phải làm gì?",  # a commune only internal rows name
    "Tỷ lệ hoàn thành nhiệm vụ của xã Tân Mật",
    "Ban Cơ yếu tỉnh chủ trì nhiệm vụ gì?",  # an agency only internal rows name
    "Cơ quan nào chủ trì kiểm tra hồ sơ nhân sự?",  # one internal task, looked up
    "bảo mật đường truyền",
    f"{MARKER} là gì?",
    "Giá vàng hôm nay bao nhiêu?",  # not found: suggestions
    "Kế hoạch chuyển đổi số của tỉnh có mục tiêu gì?",  # an ordinary answer, for contrast
]
OFFICIAL_QUESTION = QUESTIONS[0]


def leaked(text: str, typed: list[str] = QUESTIONS) -> list[str]:
    """The secrets in `text`, once what the citizen typed has been taken out."""
    for q in sorted(typed, key=len, reverse=True):
        text = text.replace(q, "")
    return [s for s in SECRETS if s.lower() in text.lower()]


def strip_echo(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("question", "query", "took_ms")}


# --- Telegram ---------------------------------------------------------------------------------------------


def test_telegram_never_shows_a_citizen_internal_content(api, tmp_path):
    services = make_services(tmp_path)
    group = api.group_chat()
    seen_official: list[str] = []

    async def scenario(app):
        # An official's internal answer first: its id is what a forged button press would point at.
        (official,) = await say(api, OFFICIAL_QUESTION, OFFICIAL)
        seen_official.append(official["text"])
        official_qid = next(b for b in buttons_of(official) if b.startswith("fb:")).split(":")[1]

        for question in QUESTIONS:
            (answer,) = await say(api, question, CITIZEN)
            for data in buttons_of(answer):
                kind = data.split(":")[0]
                if kind in ("src", "more"):
                    await press(api, answer, data, CITIZEN)
                elif kind == "sg":  # a suggested question is asked at once
                    await press(api, answer, data, CITIZEN)
            await say(api, "/nguon", CITIZEN)
        # Button presses forged to point at the official's answer.
        mine = api.sent(CITIZEN)[-1]
        for data in (f"src:{official_qid}", f"more:{official_qid}", f"sg:{official_qid}:0"):
            await press(api, mine, data, CITIZEN, replies=0 if data.startswith("sg") else 1)
        for command in ("/start", "/help", "/thongke", "/capnhat", "/moi", "/lenhla", "/dangtheodoi"):
            await say(api, command, CITIZEN)
        for name in ("Tân Mật", "Cơ yếu", "sở", "tư pháp"):
            await say(api, f"/theodoi {name}", CITIZEN)
        await say(api, "/dangtheodoi", CITIZEN)
        await send_reminders(app.bot, services, today=TODAY)
        # In a group an official is answered as citizens are: the group may hold anyone.
        await say(api, f"/hoi {OFFICIAL_QUESTION}", OFFICIAL, chat=group)
        await say(api, f"/theodoi@{api.username} Tân Mật", OFFICIAL, chat=group)
        await say(api, "/nguon", OFFICIAL, chat=group)

    run(api, services, scenario, user_rate_limit=0)  # far more than 20 questions a minute here
    for chat in (CITIZEN, group["id"]):
        messages = api.sent(chat)
        assert len(messages) > 40 if chat == CITIZEN else len(messages) == 3
        for m in messages:
            shown = m["text"] + json.dumps(m.get("reply_markup", {}), ensure_ascii=False)
            assert not leaked(shown, [*QUESTIONS, "Tân Mật", "Cơ yếu"]), (m["text"], leaked(shown))
    acks = " ".join(str(c.params.get("text", "")) for c in api.calls_to("answerCallbackQuery"))
    assert not leaked(acks)
    texts = [m["text"] for m in api.sent(CITIZEN)]
    assert any(t.startswith("⏰ Nhắc hạn nhiệm vụ") for t in texts)  # the reminder was sent, without NV-05
    assert "Xin lỗi, lệnh /thongke chỉ dành cho quản trị viên." in texts
    assert sum("không còn giữ nguồn" in t or "đã cũ" in t for t in texts) >= 2  # forged presses got nothing
    assert MARKER in seen_official[0]  # the official did get it


def test_an_official_sees_internal_content_and_reminders_on_telegram(api, tmp_path):
    services = make_services(tmp_path)
    services.subscriptions.add(OFFICIAL, "private", OFFICIAL, Watch("agency", "Sở Tư pháp"))

    async def scenario(app):
        (answer,) = await say(api, "Sở Tư pháp chủ trì những nhiệm vụ nào?", OFFICIAL)
        assert MARKER in answer["text"]
        (follow,) = await say(api, "/theodoi Cơ yếu", OFFICIAL)
        assert follow["text"].startswith("Đã theo dõi Ban Cơ yếu tỉnh")
        await send_reminders(app.bot, services, today=TODAY)

    run(api, services, scenario)
    reminder = api.sent(OFFICIAL)[-1]["text"]
    assert reminder.startswith("⏰ Nhắc hạn nhiệm vụ") and MARKER in reminder and "Ban Cơ yếu tỉnh" in reminder


# --- HTTP -------------------------------------------------------------------------------------------------


def test_the_http_api_never_shows_a_citizen_internal_content(tmp_path):
    services = make_services(tmp_path)
    key, _ = services.access.create_api_key("official", "tổ công tác")
    bodies = [
        '{"question": ""}',
        '{"question": "x", "role": "official"}',
        '{"question": 7}',
        "{",
        '{"question": "' + "a" * 1001 + '"}',
    ]
    received = []
    with serving(lambda base: create_app(services)) as base:
        for q in QUESTIONS:
            r = httpx.post(f"{base}/api/ask", json={"question": q})
            assert r.status_code == 200
            received.append(json.dumps(strip_echo(r.json()), ensure_ascii=False))
        for body in bodies:
            r = httpx.post(f"{base}/api/ask", content=body, headers={"content-type": "application/json"})
            received.append(r.text)
        bad_key = httpx.post(f"{base}/api/ask", json={"question": QUESTIONS[0]}, headers={"X-API-Key": "gq_x"})
        received.append(bad_key.text)
        for path in ("/healthz", "/metrics", "/openapi.json", "/docs"):
            received.append(httpx.get(f"{base}{path}").text)
        official = httpx.post(f"{base}/api/ask", json={"question": OFFICIAL_QUESTION}, headers={"X-API-Key": key})
    for text in received:
        assert not leaked(text), (text[:300], leaked(text))
    assert bad_key.status_code == 401
    assert MARKER in official.json()["answer"]


# --- CLI and the LangChain retriever ----------------------------------------------------------------------


def govqa(tmp_path, *args: str, stdin: str | None = None) -> str:
    env = govqa_env(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout + out.stderr


def test_the_cli_never_shows_a_citizen_internal_content(tmp_path):
    make_services(tmp_path)  # writes the corpus and builds the index the CLI then reads
    batch = "\n".join(QUESTIONS) + "\n"
    asked = govqa(tmp_path, "ask", "--json", "--today", TODAY.isoformat(), "-", stdin=batch)
    rows = [json.loads(line) for line in asked.splitlines() if line.startswith("{")]
    assert len(rows) == len(QUESTIONS)
    searched = govqa(tmp_path, "search", "--json", "--k", "20", "-", stdin=batch)
    results = [json.loads(line) for line in searched.splitlines() if line.startswith("{")]
    assert len(results) == len(QUESTIONS) and any(r["results"] for r in results)
    outputs = [json.dumps(strip_echo(r), ensure_ascii=False) for r in rows + results]
    outputs.append(govqa(tmp_path, "ask", QUESTIONS[0]))
    outputs.append(govqa(tmp_path, "search", QUESTIONS[0]))
    outputs.append(govqa(tmp_path, "chat", stdin=batch + "/thoat\n"))
    for text in outputs:
        assert not leaked(text), (text[:300], leaked(text))
    official = json.loads(govqa(tmp_path, "ask", "--json", "--role", "official", OFFICIAL_QUESTION).splitlines()[0])
    assert MARKER in official["answer"]
    found = json.loads(govqa(tmp_path, "search", "--json", "--role", "official", OFFICIAL_QUESTION).splitlines()[0])
    assert found["results"][0]["doc_id"] == "bien-ban-mat"


def test_the_langchain_retriever_never_gives_a_citizen_internal_passages(tmp_path):
    services = make_services(tmp_path)
    citizen = GovqaRetriever(engine=services.engine, k=20)
    official = GovqaRetriever(engine=services.engine, role="official", k=20)
    for q in QUESTIONS:
        docs = citizen.invoke(q)
        text = json.dumps([(d.page_content, d.metadata) for d in docs], ensure_ascii=False)
        assert not leaked(text), (q, leaked(text))
    assert any(MARKER in d.page_content for d in official.invoke(OFFICIAL_QUESTION))
