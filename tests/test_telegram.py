"""The Telegram bot: the real PTB Application built by bot/telegram/app.py, polling a fake Bot API server over HTTP."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from conftest import QUESTION, REPO, govqa_env, write
from fake_bot_api import TOKEN
from helpers import run_bot

from bot.config import FaceSettings
from bot.querylog import QueryLog
from bot.service import Services
from bot.telegram import EXAMPLES, BotSettings
from bot.telegram.incoming import reply_name
from retrieval.config import ConfigError
from retrieval.engine import Engine

# Registers for answers the mini corpus cannot give: one agency leading 90 tasks in 30 plans (an answer well over
# 10,000 characters) and one leading 10 in one register (8 listed, 2 behind «Xem thêm»).
LONG_QUESTION = "Sở Khoa học và Công nghệ chủ trì những nhiệm vụ nào?"
MORE_QUESTION = "Sở Tư pháp chủ trì những nhiệm vụ nào?"
REGISTER_HEAD = "Mã,Tên nhiệm vụ,Cơ quan chủ trì,Thời hạn,Ngày đến hạn,Truy cập\n"


@pytest.fixture
def registers_engine(tmp_path, make_settings) -> Engine:
    root = tmp_path / "registers"
    for i in range(1, 31):
        rows = [
            f"KH{i}-{k},Triển khai nền tảng số <{i}.{k}> & dữ liệu dùng chung,Sở Khoa học và Công nghệ,12/2026,"
            "2026-12-31,public"
            for k in range(1, 4)
        ]
        write(root / f"ke-hoach-{i}.csv", REGISTER_HEAD + "\n".join(rows) + "\n")
        write(
            root / f"ke-hoach-{i}.csv.meta.yaml", f"id: ke-hoach-{i}\ntitle: Kế hoạch số {i}/KH-UBND\nkind: register\n"
        )
    rows = [f"TP-{k},Số hóa sổ hộ tịch <đợt {k}>,Sở Tư pháp,6/2026,2026-06-30,public" for k in range(1, 11)]
    write(root / "tu-phap.csv", REGISTER_HEAD + "\n".join(rows) + "\n")
    write(root / "tu-phap.csv.meta.yaml", "id: tu-phap\ntitle: Sổ nhiệm vụ của Sở Tư pháp\nkind: register\n")
    return Engine(make_settings(root))


def buttons(message: dict) -> list[str]:
    return [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


def question_id(message: dict) -> int:
    return int(next(b for b in buttons(message) if b.startswith("fb:")).split(":")[1])


def sha256(value) -> str:
    return hashlib.sha256(str(value).encode()).hexdigest()


# --- a question in a private chat ----------------------------------------------------------------------


def test_private_question_gets_a_cited_html_answer_with_buttons(api, services):
    async def scenario():
        api.push(api.message(QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))

    run_bot(api, services, scenario)
    (message,) = api.sent(1001)
    html = message["raw_text"]
    assert message["params"]["parse_mode"] == "HTML"
    assert "25% GRDP" in html
    assert "<i>[1] Số liệu tính đến 30/06/2025.</i>" in html
    assert "<b>Nguồn:</b>\n[1] Nghị quyết thử nghiệm về chuyển đổi số (99-NQ/TW, 15/01/2025) (dữ liệu minh họa)" in html
    qid = question_id(message)
    assert buttons(message) == [f"fb:{qid}:1", f"fb:{qid}:-1", f"src:{qid}"]
    assert all(len(data.encode()) <= 64 for data in buttons(message))
    typing = api.calls_to("sendChatAction")[0]
    assert typing.params == {"chat_id": 1001, "action": "typing"}
    assert typing.at < api.calls_to("sendMessage")[0].at
    row = services.querylog.get(qid)
    assert row["question"] == QUESTION and row["status"] == "answered" and row["doc_ids"] == ["nq-thu"]
    assert row["face"] == "telegram" and row["role"] == "citizen"
    # Keyed pseudonyms (HMAC with the install secret), not a bare hash anyone could reverse by trying ids.
    assert row["user_hash"] == row["chat_hash"] == services.querylog.pseudonym(1001) != sha256(1001)
    assert 1001 not in row.values() and "1001" not in row.values()


def test_feedback_buttons_record_the_vote_and_mark_the_choice(api, services):
    async def scenario():
        api.push(api.message(QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))
        answer = api.sent(1001)[0]
        api.push(api.click(answer, f"fb:{question_id(answer)}:-1"))
        await api.until(lambda a: a.calls_to("editMessageReplyMarkup"))
        assert services.querylog.get(question_id(answer))["feedback"] == -1
        api.push(api.click(answer, f"fb:{question_id(answer)}:1"))
        await api.until(lambda a: len(a.calls_to("editMessageReplyMarkup")) == 2)

    run_bot(api, services, scenario)
    row = services.querylog.get(question_id(api.sent(1001)[0]))
    assert row["feedback"] == 1 and row["feedback_at"]
    first, second = (c.params["reply_markup"]["inline_keyboard"][0] for c in api.calls_to("editMessageReplyMarkup"))
    assert [b["text"] for b in first] == ["👍", "👎 ✓"] and [b["text"] for b in second] == ["👍 ✓", "👎"]
    assert [c.params["text"] for c in api.calls_to("answerCallbackQuery")] == ["Cảm ơn bạn đã góp ý!"] * 2


def test_sources_button_and_nguon_show_the_passages_behind_the_last_answer(api, services):
    async def scenario():
        api.push(api.message("/nguon", user_id=1002))
        await api.until(lambda a: a.sent(1002))
        api.push(api.message(QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))
        answer = api.sent(1001)[0]
        api.push(api.click(answer, f"src:{question_id(answer)}"))
        await api.until(lambda a: len(a.sent(1001)) == 2)
        api.push(api.message("/nguon", user_id=1001))
        await api.until(lambda a: len(a.sent(1001)) == 3)

    run_bot(api, services, scenario)
    assert "Chưa có câu trả lời nào" in api.sent(1002)[0]["text"]
    _, by_button, by_command = api.sent(1001)
    assert by_button["raw_text"] == by_command["raw_text"]
    assert "<blockquote>" in by_button["raw_text"]
    assert "Kinh tế số của tỉnh thử nghiệm đạt tối thiểu 25% GRDP vào năm 2030." in by_button["text"]
    assert "[1] Nghị quyết thử nghiệm về chuyển đổi số (99-NQ/TW, 15/01/2025) (dữ liệu minh họa)" in by_button["text"]


def test_the_buttons_of_an_answer_still_work_after_the_bot_restarts(api, registers_engine, database_url):
    """The answers buttons point at are kept in the state database, not in the process: on SQLite files and on
    PostgreSQL (GOVQA_DATABASE_URL) alike, a press after a restart (or on another worker) finds its answer."""
    faces = FaceSettings.from_env({"GOVQA_DATABASE_URL": database_url or ""})

    async def ask():
        api.push(api.message(MORE_QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))

    run_bot(api, Services.for_engine(registers_engine, faces), ask)
    answer = api.sent(1001)[0]
    qid = question_id(answer)
    assert buttons(answer) == [f"fb:{qid}:1", f"fb:{qid}:-1", f"src:{qid}", f"more:{qid}"]

    async def press_after_restart():
        for n, data in enumerate((f"src:{qid}", f"more:{qid}"), 2):
            api.push(api.click(answer, data))
            await api.until(lambda a, n=n: len(a.sent(1001)) == n)
        api.push(api.message("/nguon", user_id=1001))
        await api.until(lambda a: len(a.sent(1001)) == 4)
        api.push(api.click(answer, f"fb:{qid}:1"))
        await api.until(lambda a: a.calls_to("editMessageReplyMarkup"))

    run_bot(api, Services.for_engine(registers_engine, faces), press_after_restart)
    _, sources, more, by_command = api.sent(1001)
    assert "<blockquote>" in sources["raw_text"] and "Số hóa sổ hộ tịch <đợt 1>" in sources["text"]
    assert by_command["raw_text"] == sources["raw_text"]  # /nguon: the chat's last answer, from the store
    assert more["text"].startswith("Xem thêm (2 mục):\n• Số hóa sổ hộ tịch <đợt 9>")
    (edit,) = api.calls_to("editMessageReplyMarkup")
    assert [b["text"] for b in edit.params["reply_markup"]["inline_keyboard"][0]] == ["👍 ✓", "👎"]
    assert "Câu trả lời này đã cũ" not in " ".join(m["text"] for m in api.sent(1001))


def test_not_found_offers_suggestions_as_buttons_that_ask_them(api, services):
    async def scenario():
        api.push(api.message("Mức lương tối thiểu vùng năm nay là bao nhiêu?", user_id=1001))
        await api.until(lambda a: a.sent(1001))
        answer = api.sent(1001)[0]
        api.push(api.click(answer, f"sg:{question_id(answer)}:0"))
        await api.until(lambda a: len(a.sent(1001)) == 2)

    run_bot(api, services, scenario)
    not_found, followed = api.sent(1001)
    qid = question_id(not_found)
    assert "chưa tìm thấy" in not_found["text"] and "Gợi ý câu hỏi:" in not_found["text"]
    assert buttons(not_found)[0] == f"sg:{qid}:0" and f"fb:{qid}:-1" in buttons(not_found)
    assert services.querylog.get(qid)["status"] == "not_found"
    assert services.querylog.get(question_id(followed))["question"].endswith("có nội dung chính gì?")


def test_more_button_shows_the_list_items_left_out(api, registers_engine, tmp_path):
    services = Services(registers_engine, QueryLog(tmp_path / "q.sqlite3"))

    async def scenario():
        api.push(api.message(MORE_QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))
        message = api.sent(1001)[0]
        api.push(api.click(message, f"more:{question_id(message)}"))
        await api.until(lambda a: len(a.sent(1001)) == 2)

    run_bot(api, services, scenario)
    first, more = api.sent(1001)
    assert f"more:{question_id(first)}" in buttons(first)
    assert next(b["text"] for row in first["reply_markup"]["inline_keyboard"] for b in row if "Xem thêm" in b["text"])
    assert "8. Số hóa sổ hộ tịch <đợt 8>" in first["text"] and "<đợt 9>" not in first["text"]
    assert more["text"] == (
        "Xem thêm (2 mục):\n• Số hóa sổ hộ tịch <đợt 9> (TP-9); hạn: 6/2026\n"
        "• Số hóa sổ hộ tịch <đợt 10> (TP-10); hạn: 6/2026"
    )


# --- /start, /help, commands -------------------------------------------------------------------------------


def test_start_greets_with_example_buttons_and_a_deep_link_asks_one(api, builtin_engine, tmp_path):
    services = Services(builtin_engine, QueryLog(tmp_path / "q.sqlite3"))

    async def scenario():
        api.push(
            api.message("/start", user_id=1),
            api.message("/start khong-ro_payload", user_id=2),
            api.message("/start hoi_9", user_id=3),
            api.message("/start hoi_1", user_id=4),
        )
        await api.until(lambda a: [len(a.sent(u)) for u in (1, 2, 3, 4)] == [1, 1, 1, 2])
        api.push(api.click(api.sent(1)[0], "ex:2", user_id=1))
        await api.until(lambda a: len(a.sent(1)) == 2)

    run_bot(api, services, scenario)
    for user in (1, 2, 3, 4):
        welcome = api.sent(user)[0]
        assert welcome["text"].startswith(f"Xin chào Người dùng {user}!")
        assert "Vai trò của bạn: người dân." in welcome["text"]
        assert buttons(welcome) == ["ex:0", "ex:1", "ex:2", "ex:3"]
        assert [b["text"] for row in welcome["reply_markup"]["inline_keyboard"] for b in row] == list(EXAMPLES)
    assert "30% GDP" in api.sent(4)[1]["text"]  # hoi_1: the first example, answered at once
    assert "15/34" in api.sent(1)[1]["text"]  # the third example button: PII 2025 rank


def test_help_unknown_commands_empty_and_overlong_questions_get_polite_replies(api, services):
    async def scenario():
        api.push(
            api.message("/help", user_id=1),
            api.message("/lenhla", user_id=2),
            api.message("/hoi", user_id=3),
            api.message("x" * 1500, user_id=4),
        )
        await api.until(lambda a: all(a.sent(u) for u in (1, 2, 3, 4)))

    run_bot(api, services, scenario)
    assert "/hoi — Đặt câu hỏi" in api.sent(1)[0]["text"]
    unknown = api.sent(2)[0]["text"]
    assert unknown.startswith("Xin lỗi, mình không có lệnh /lenhla.") and "/nguon" in unknown
    assert api.sent(3)[0]["text"] == "Bạn gõ câu hỏi ngay sau lệnh, ví dụ: /hoi Nghị quyết 57 có mục tiêu gì?"
    overlong = api.sent(4)[0]
    assert "vượt quá giới hạn 1000 ký tự" in overlong["text"] and "reply_markup" not in overlong


def test_stickers_photos_voice_and_files_get_a_polite_reply_in_private_only(api, services):
    group = api.group_chat()

    async def scenario():
        api.push(
            api.sticker(user_id=1),
            api.photo(user_id=2),
            api.voice(user_id=3),
            api.document(user_id=4),
            api.sticker(user_id=5, chat=group),
        )
        await api.until(lambda a: all(a.sent(u) for u in (1, 2, 3, 4)))
        await asyncio.sleep(0.3)

    run_bot(api, services, scenario)
    for user in (1, 2, 3):
        (reply,) = api.sent(user)
        assert "chỉ đọc được câu hỏi dạng chữ" in reply["text"] and "chưa nhận tệp" in reply["text"]
    (reply,) = api.sent(4)
    assert "chỉ quản trị viên mới gửi được tệp" in reply["text"]
    assert api.sent(group["id"]) == []


# --- groups ---------------------------------------------------------------------------------------------


def test_in_groups_it_answers_what_is_addressed_to_it_and_ignores_the_rest(api, services):
    group = api.group_chat()

    async def scenario():
        chatter = api.message(QUESTION, chat=group, user_id=2)
        addressed = api.message(f"/hoi@{api.username} {QUESTION}", chat=group, user_id=4)
        api.push(
            api.message(f"/hoi@otherbot {QUESTION}", chat=group, user_id=1),
            chatter,
            api.message("/lenhla", chat=group, user_id=3),
            api.message("/lenhla@otherbot", chat=group, user_id=3),
            addressed,
        )
        await api.until(lambda a: len(a.sent(group["id"])) == 1)
        (answer,) = api.sent(group["id"])
        assert answer["params"]["reply_parameters"]["message_id"] == addressed["message"]["message_id"]
        api.push(
            api.reply(chatter["message"], "Chủ rừng phải làm gì?", user_id=6),  # a reply to a person
            api.reply(answer, "Chủ rừng phải làm gì?", user_id=5),  # a reply to the bot
        )
        await api.until(lambda a: len(a.sent(group["id"])) == 2)
        await asyncio.sleep(0.3)

    run_bot(api, services, scenario)
    first, second = api.sent(group["id"])
    assert "25% GRDP" in first["text"]
    assert "phương án chữa cháy rừng" in second["text"]
    assert services.metrics.telegram_updates == 7


# --- robustness -----------------------------------------------------------------------------------------


def test_a_10000_character_answer_arrives_as_several_messages_under_the_limit(api, registers_engine, tmp_path):
    services = Services(registers_engine, QueryLog(tmp_path / "q.sqlite3"))

    async def scenario():
        api.push(api.message(LONG_QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001) and "reply_markup" in a.sent(1001)[-1])

    run_bot(api, services, scenario)
    parts = api.sent(1001)
    assert sum(len(p["raw_text"]) for p in parts) > 10_000 and len(parts) >= 3
    assert all(len(p["raw_text"]) <= 4096 and p["params"]["parse_mode"] == "HTML" for p in parts)
    assert [c.status for c in api.calls_to("sendMessage")] == [200] * len(parts)  # the fake accepted every part
    assert ["reply_markup" in p for p in parts] == [False] * (len(parts) - 1) + [True]
    assert "Triển khai nền tảng số <30.3> & dữ liệu dùng chung" in "".join(p["text"] for p in parts)
    assert "[30] Kế hoạch số 9/KH-UBND" in parts[-1]["text"]  # the sources close the last part


def test_a_429_is_retried_and_the_answer_arrives_once(api, services):
    api.fail_next(1, status=429, method="sendMessage", retry_after=1)

    async def scenario():
        api.push(api.message(QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))
        await asyncio.sleep(0.3)

    run_bot(api, services, scenario)
    assert [c.status for c in api.calls_to("sendMessage")] == [429, 200]
    calls = api.calls_to("sendMessage")
    assert calls[1].at - calls[0].at >= 1.0  # waited for retry_after
    assert len(api.sent(1001)) == 1


def test_server_errors_are_retried_and_the_answer_arrives_once(api, services):
    api.fail_next(2, status=500, method="sendMessage")

    async def scenario():
        api.push(api.message(QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))
        await asyncio.sleep(0.3)

    run_bot(api, services, scenario)
    assert [c.status for c in api.calls_to("sendMessage")] == [500, 500, 200]
    assert len(api.sent(1001)) == 1


def test_rejected_html_is_resent_as_plain_text(api, services):
    api.reject_html_next(1)

    async def scenario():
        api.push(api.message(QUESTION, user_id=1001))
        await api.until(lambda a: a.sent(1001))

    run_bot(api, services, scenario)
    refused, resent = api.calls_to("sendMessage")
    assert refused.status == 400 and refused.params["parse_mode"] == "HTML"
    assert resent.status == 200 and "parse_mode" not in resent.params
    assert "<" not in resent.params["text"] and "\n\nNguồn:\n[1] Nghị quyết thử nghiệm" in resent.params["text"]
    assert resent.params["reply_markup"] == refused.params["reply_markup"]


def test_fifty_updates_at_once_are_each_answered_exactly_once(api, services):
    group = api.group_chat()
    users = range(2001, 2041)

    async def scenario():
        private = [api.message(QUESTION, user_id=u) for u in users]
        in_group = [api.message(f"/hoi@{api.username} Chủ rừng phải làm gì?", chat=group, user_id=u) for u in range(10)]
        api.push(*private, *in_group)
        await api.until(lambda a: len(a.sent()) >= 50, timeout=30)
        await asyncio.sleep(0.5)
        return in_group

    run_bot(api, services, scenario)
    per_chat = Counter(m["chat"]["id"] for m in api.sent() if m["chat"]["id"] > 0)
    assert per_chat == dict.fromkeys(users, 1)
    quoted = Counter(m["params"]["reply_parameters"]["message_id"] for m in api.sent(group["id"]))
    assert len(quoted) == 10 and set(quoted.values()) == {1}
    assert services.metrics.answers[("telegram", "answered")] == 50


def test_a_user_over_the_limit_is_told_politely_once(api, services):
    async def scenario():
        api.push(*[api.message(QUESTION, user_id=1001) for _ in range(5)])
        await api.until(lambda a: len(a.sent(1001)) == 4)
        api.push(api.message(QUESTION, user_id=1002))
        await api.until(lambda a: a.sent(1002))
        await asyncio.sleep(0.3)

    run_bot(api, services, scenario, user_rate_limit=3)
    texts = [m["text"] for m in api.sent(1001)]
    assert sum("25% GRDP" in t for t in texts) == 3
    (warning,) = [t for t in texts if "25% GRDP" not in t]
    assert "mỗi người tối đa 3 câu hỏi mỗi phút" in warning
    assert "25% GRDP" in api.sent(1002)[0]["text"]  # another user is not held back


def test_a_failure_is_logged_without_the_token_and_the_user_is_told(api, make_settings, mini_corpus, tmp_path, caplog):
    # An engine that may not build its index, over a data dir that has none: every question fails.
    services = Services(Engine(make_settings(mini_corpus), auto_build=False), QueryLog(tmp_path / "q.sqlite3"))
    caplog.set_level(logging.DEBUG)

    async def scenario():
        api.push(api.message(QUESTION, user_id=4_242_001))
        await api.until(lambda a: a.sent(4_242_001))

    run_bot(api, services, scenario)
    assert "đã có lỗi" in api.sent(4_242_001)[0]["text"]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name.startswith("bot.telegram")]
    assert len(errors) == 1 and "IndexNotFound: no index in" in errors[0].getMessage()
    assert "4242001" not in errors[0].getMessage()  # chats are named by pseudonym
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text
    assert services.metrics.answers[("telegram", "error")] == 1


# --- settings and the `govqa telegram` command ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "fix"),
    [
        ({}, "create a bot with @BotFather"),
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, "copy it again from @BotFather"),
        ({"GOVQA_TELEGRAM_API_URL": "localhost:8081"}, "http://127.0.0.1:8081"),
        ({"GOVQA_WEBHOOK_URL": "http://bot.example.org/tg"}, "public https address"),
        ({"GOVQA_WEBHOOK_URL": "https://bot.example.org"}, "needs a path of its own"),
        ({"GOVQA_WEBHOOK_URL": "https://bot.example.org/tg"}, "GOVQA_WEBHOOK_SECRET is not"),
        ({"GOVQA_WEBHOOK_URL": "https://bot.example.org/tg", "GOVQA_WEBHOOK_SECRET": "a b"}, "letters, digits"),
        ({"GOVQA_USER_RATE_LIMIT": "nhiều"}, "0 to turn the limit off"),
        ({"GOVQA_TELEGRAM_SEND_RATE": "nhanh"}, "30 \\(Telegram's limit\\)"),
    ],
)
def test_bad_settings_say_what_to_fix(env, fix):
    base = {"TELEGRAM_BOT_TOKEN": TOKEN} if env else {}
    with pytest.raises(ConfigError, match=fix):
        BotSettings.from_env({**base, **env})


def test_settings_read_from_the_environment_keep_secrets_out_of_repr():
    bot = BotSettings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "GOVQA_TELEGRAM_API_URL": "http://127.0.0.1:8081/",
            "GOVQA_WEBHOOK_URL": "http://127.0.0.1:8080/telegram/webhook",
            "GOVQA_WEBHOOK_SECRET": "s3cret_-X",
            "GOVQA_USER_RATE_LIMIT": "5",
            "GOVQA_TELEGRAM_SEND_RATE": "0",
        }
    )
    assert bot.send_rate == 0 and BotSettings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN}).send_rate == 30
    assert bot.api_url == "http://127.0.0.1:8081" and bot.webhook_path == "/telegram/webhook"
    assert bot.user_rate_limit == 5
    assert TOKEN not in repr(bot) and "s3cret" not in repr(bot)


def test_govqa_telegram_polls_answers_and_stops_on_sigint(api, mini_corpus, tmp_path):
    env = govqa_env(tmp_path, mini_corpus, TELEGRAM_BOT_TOKEN=TOKEN, GOVQA_TELEGRAM_API_URL=api.url)
    env.pop("GOVQA_WEBHOOK_URL", None)
    # -vv: debug logging, so a token in any log line would show.
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "-vv", "run"], cwd=REPO, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        api.wait(lambda a: a.calls_to("deleteWebhook"), timeout=60)  # polling is starting
        api.push(api.message(QUESTION, user_id=1001))
        api.wait(lambda a: a.sent(1001), timeout=20)
    finally:
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr[-2000:]
    assert time.monotonic() - started < 10
    assert "25% GRDP" in api.sent(1001)[0]["text"]
    assert api.calls_to("setMyCommands") and api.calls_to("deleteWebhook")  # polling clears any webhook
    assert "Bot Telegram đang chạy" in stderr and "Calling Bot API endpoint `getUpdates`" in stderr  # debug on
    assert "Set Bot API URL: http://127.0.0.1" in stderr and "/bot<secret>" in stderr
    assert TOKEN not in stderr and TOKEN.split(":")[1] not in stderr
    assert (tmp_path / "data" / "querylog.sqlite3").exists()


# --- conversations --------------------------------------------------------------------------------------

FIRST = "Bộ Nội vụ chủ trì bao nhiêu nhiệm vụ trong NQ 03?"
UNDERSTOOD = "Bộ Ngoại giao chủ trì bao nhiêu nhiệm vụ trong NQ 03?"


@pytest.fixture
def builtin_services(builtin_engine, tmp_path):
    return Services(builtin_engine, QueryLog(tmp_path / "querylog.sqlite3"))


def test_a_private_follow_up_starts_with_what_it_understood(api, builtin_services):
    async def scenario():
        for n, text in enumerate((FIRST, "còn Bộ Ngoại giao thì sao?", "/moi", "còn Bộ Ngoại giao thì sao?"), 1):
            api.push(api.message(text, user_id=1001))
            await api.until(lambda a, n=n: len(a.sent(1001)) == n, timeout=30)

    run_bot(api, builtin_services, scenario)
    first, follow, reset, alone = (m["text"] for m in api.sent(1001))
    assert "Đang hiểu là" not in first and "6 nhiệm vụ" in first
    assert follow.splitlines()[0] == f"Đang hiểu là: {UNDERSTOOD}"
    assert "4 nhiệm vụ" in follow
    assert "câu hỏi mới" in reset
    assert "Đang hiểu là" not in alone  # /moi forgot the conversation


def test_a_conversation_survives_a_restart_of_the_bot(api, builtin_engine, tmp_path):
    log = tmp_path / "querylog.sqlite3"

    async def ask(text: str, n: int):
        api.push(api.message(text, user_id=1001))
        await api.until(lambda a: len(a.sent(1001)) == n, timeout=30)

    run_bot(api, Services(builtin_engine, QueryLog(log)), lambda: ask(FIRST, 1))
    run_bot(api, Services(builtin_engine, QueryLog(log)), lambda: ask("thế còn Bộ Ngoại giao?", 2))
    assert api.sent(1001)[1]["text"].startswith(f"Đang hiểu là: {UNDERSTOOD}")


def test_in_a_group_a_reply_to_an_answer_continues_that_answer_and_nothing_else(api, builtin_services):
    group = api.group_chat()

    async def replied_to(n: int) -> dict:
        """The group's n-th message, once the bot has kept its conversation: it does so right after sending,
        so a reply pushed the moment the message arrives could otherwise come first (no person is that fast)."""
        await api.until(lambda a: len(a.sent(group["id"])) == n, timeout=30)
        message = api.sent(group["id"])[n - 1]
        name = reply_name(group["id"], message["message_id"])
        await api.until(lambda a: builtin_services.conversations.get(name, "citizen") is not None, timeout=30)
        return message

    async def scenario():
        api.push(api.message(f"/hoi {FIRST}", chat=group, user_id=5))
        answer = await replied_to(1)
        api.push(api.reply(answer, "còn Bộ Ngoại giao thì sao?", user_id=6))
        follow = await replied_to(2)
        api.push(api.reply(follow, "thế Bộ Công an?", user_id=5))  # the thread goes on from the last answer
        api.push(api.message("/hoi còn Bộ Ngoại giao thì sao?", chat=group, user_id=7))  # not a reply: new
        await api.until(lambda a: len(a.sent(group["id"])) == 4, timeout=30)

    run_bot(api, builtin_services, scenario)
    first, follow, *rest = (m["text"] for m in api.sent(group["id"]))
    assert "Đang hiểu là" not in first
    assert follow.startswith(f"Đang hiểu là: {UNDERSTOOD}") and "4 nhiệm vụ" in follow
    (thread,) = [t for t in rest if "Bộ Công an" in t.splitlines()[0]]
    assert thread.startswith("Đang hiểu là: Bộ Công an chủ trì bao nhiêu nhiệm vụ trong NQ 03?")
    (new,) = [t for t in rest if t is not thread]
    assert "Đang hiểu là" not in new


# --- the face's boundaries ------------------------------------------------------------------------------


def test_the_telegram_face_reaches_the_engine_only_through_services_and_the_shared_models():
    """No handler reads the index, the question parser or the composer itself (issue 13): what it needs of
    the engine goes through `Services` / `Engine` methods, and only the public surface (retrieval/__init__.py)
    and the records of retrieval/models.py cross."""
    import ast

    allowed = {"retrieval", "retrieval.models", "retrieval.upload", "retrieval.config"}
    package = REPO / "bot" / "telegram"
    reached = {}
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            reached.update({n: path.name for n in names if n.startswith("retrieval")})
    assert set(reached) <= allowed, reached
    assert max(len(p.read_text(encoding="utf-8").splitlines()) for p in package.glob("*.py")) <= 310  # "~300"


VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)


LOG = {("log", level) for level in ("debug", "info", "warning", "error", "exception")}


def _vietnamese_strings(path) -> list[str]:
    """String literals in Vietnamese in a module, leaving out docstrings and the arguments of log calls."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    left_out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                left_out.add(id(first.value))
        called = node.func if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else None
        if called is not None and (getattr(called.value, "id", ""), called.attr) in {("re", "compile")} | LOG:
            left_out.update(id(n) for n in ast.walk(node))  # what operators read, or what users type
    return [
        f"{path.name}:{node.lineno}: {node.value[:60]}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in left_out
        and VIETNAMESE.search(node.value)
    ]


def test_every_message_people_read_is_written_in_texts_py():
    """One place for the face's words (issue 13): elsewhere in bot/telegram/ Vietnamese is only in docstrings
    and log lines."""
    package = REPO / "bot" / "telegram"
    assert len(_vietnamese_strings(package / "texts.py")) > 50  # the check sees the messages where they are
    elsewhere = [
        found for path in sorted(package.glob("*.py")) if path.name != "texts.py" for found in _vietnamese_strings(path)
    ]
    assert elsewhere == []


def test_a_plain_text_update_is_read_as_ptbs_de_json_reads_it():
    from zoneinfo import ZoneInfo

    from telegram import Bot, Update
    from telegram.ext import Defaults, ExtBot

    from bot.telegram.intake import read_update

    user = {"id": 42, "is_bot": False, "first_name": "Lan", "last_name": "Ng", "username": "lan", "language_code": "vi"}
    private = {"id": 42, "type": "private", "first_name": "Lan", "username": "lan"}
    group = {"id": -100, "type": "supergroup", "title": "Phường Âu Cơ", "is_forum": True, "new_field": 1}
    plain = {"message_id": 7, "date": 1_770_000_000, "chat": private, "from": user, "text": "nq 57 là gì"}
    shapes = [
        {"update_id": 1, "message": plain},
        {"update_id": 2, "message": {**plain, "chat": group}},
        {"update_id": 3, "message": {k: v for k, v in plain.items() if k != "from"}},
        {"update_id": 4, "message": {**plain, "entities": [{"type": "bot_command", "offset": 0, "length": 4}]}},
        {"update_id": 5, "message": {**plain, "reply_to_message": plain}},
        {"update_id": 6, "edited_message": plain},
        {"update_id": 7, "message": {**plain, "date": "soon"}},
    ]
    for bot in (
        Bot(TOKEN),
        ExtBot(TOKEN, defaults=Defaults(tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))),
    ):
        for data in shapes:
            try:
                expected = Update.de_json(data, bot)
            except Exception as e:  # what PTB cannot read, ours cannot either
                with pytest.raises(type(e)):
                    read_update(data, bot)
                continue
            ours = read_update(data, bot)
            assert ours.to_dict() == expected.to_dict() and ours == expected
            message, theirs = ours.effective_message, expected.effective_message
            assert message.date == theirs.date and message.date.tzinfo == theirs.date.tzinfo
            assert message.chat.api_kwargs == theirs.chat.api_kwargs and message.api_kwargs == theirs.api_kwargs
            assert ours.get_bot() is bot and message.get_bot() is bot and message.chat.get_bot() is bot
            assert (message.from_user and message.from_user.get_bot()) in (None, bot)
        assert {"update_id": 1, "message": plain} == shapes[0]  # the input is not changed
