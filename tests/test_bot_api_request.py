"""The bot's Bot API client (bot/telegram/request.py) against the fake Bot API server over real HTTP: every call
the bot makes arrives, and each kind of failure is told apart the way send.py's retry rules need."""

from __future__ import annotations

import asyncio
import io
import socket

import pytest
from fake_bot_api import FakeBotApi
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.config import BotSettings
from bot.telegram import send
from bot.telegram.app import build_application
from bot.telegram.request import BotApiRequest, ReplyLost


@pytest.fixture
def api():
    with FakeBotApi() as server:
        yield server


def with_bot(api: FakeBotApi, scenario):
    async def main():
        bot = Bot(api.token, base_url=f"{api.url}/bot", base_file_url=f"{api.url}/file/bot", request=BotApiRequest())
        async with bot:
            return await scenario(bot)

    return asyncio.run(main())


def chat_of(api: FakeBotApi, user_id: int) -> int:
    return api.message("?", user_id=user_id)["message"]["chat"]["id"]


def test_the_bot_application_calls_the_bot_api_through_it(api, services):
    app = build_application(BotSettings(token=api.token, api_url=api.url), services)
    assert isinstance(app.bot.request, BotApiRequest)


def test_an_html_answer_with_buttons_arrives_as_telegram_reads_it(api):
    chat = chat_of(api, 1001)
    markup = {"inline_keyboard": [[{"text": "👍", "callback_data": "fb:1:up"}]]}

    async def scenario(bot):
        from telegram import InlineKeyboardMarkup

        return await send.send_html(
            bot, chat, "<b>Đúng hạn</b>: 25% GRDP", reply_markup=InlineKeyboardMarkup.de_json(markup, bot)
        )

    sent = with_bot(api, scenario)
    assert sent[0].message_id == api.sent(chat)[0]["message_id"]
    (message,) = api.sent(chat)
    assert message["text"] == "Đúng hạn: 25% GRDP" and message["params"]["parse_mode"] == "HTML"
    assert message["params"]["reply_markup"] == markup


def test_an_answer_goes_out_with_the_parameters_ptbs_send_message_sends(api):
    chat = chat_of(api, 1001)
    question = api.message("ai chu tri?", user_id=1001)["message"]["message_id"]
    markup = {"inline_keyboard": [[{"text": "👍", "callback_data": "fb:7:up"}]]}

    async def scenario(bot):
        from telegram import InlineKeyboardMarkup, ReplyParameters

        keyboard = InlineKeyboardMarkup.de_json(markup, bot)
        ours = await send.send_html(bot, chat, "<i>Bộ KH&amp;CN</i> chủ trì", reply_markup=keyboard, reply_to=question)
        await bot.send_message(
            chat,
            "<i>Bộ KH&amp;CN</i> chủ trì",
            parse_mode="HTML",
            reply_markup=keyboard,
            reply_parameters=ReplyParameters(question, allow_sending_without_reply=True),
            link_preview_options=send.NO_PREVIEW,
            read_timeout=send.SEND_READ_TIMEOUT,
        )
        return ours

    sent = with_bot(api, scenario)
    ours, ptbs = api.sent(chat)
    assert ours["params"] == ptbs["params"]
    assert ours["params"]["reply_parameters"] == {"message_id": question, "allow_sending_without_reply": True}
    assert sent == [send.Sent(chat, ours["message_id"])]


def test_the_keyboards_json_is_what_ptbs_to_dict_makes_of_it():
    from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup, LoginUrl

    from bot.telegram.keyboards import answer_keyboard, examples_keyboard
    from retrieval import Answer

    answer = Answer(question="q", status="not_found", text="…", suggestions=("NQ 57 là gì?", "x" * 70), more=("a", "b"))
    link = InlineKeyboardButton("Cổng DVC", url="https://dichvucong.gov.vn")
    odd = [
        InlineKeyboardButton("đăng nhập", login_url=LoginUrl("https://example.org")),
        InlineKeyboardButton("chép", copy_text=CopyTextButton("NQ03-131")),
        InlineKeyboardButton("khác", callback_data="ex:1", api_kwargs={"style": "primary"}),
    ]
    for keyboard in (answer_keyboard(7, answer), examples_keyboard(), InlineKeyboardMarkup([[link], odd])):
        assert send.markup_json(keyboard) == keyboard.to_dict()
    assert send.markup_json(None) is None


def test_a_long_answer_replies_with_its_first_part_and_carries_the_buttons_on_its_last(api):
    chat = chat_of(api, 1001)
    question = api.message("liet ke nhiem vu", user_id=1001)["message"]["message_id"]
    markup = {"inline_keyboard": [[{"text": "👍", "callback_data": "fb:8:up"}]]}
    text = "\n".join(f"<b>{i}.</b> Nhiệm vụ chuyển đổi số số {i}, hạn 31/12/2025." for i in range(200))

    async def scenario(bot):
        from telegram import InlineKeyboardMarkup

        return await send.send_html(
            bot, chat, text, reply_markup=InlineKeyboardMarkup.de_json(markup, bot), reply_to=question
        )

    sent = with_bot(api, scenario)
    parts = api.sent(chat)
    assert len(parts) > 1 and [s.message_id for s in sent] == [m["message_id"] for m in parts]
    assert [m["params"].get("reply_parameters", {}).get("message_id") for m in parts] == [question] + [None] * (
        len(parts) - 1
    )
    assert [m["params"].get("reply_markup") for m in parts] == [None] * (len(parts) - 1) + [markup]


def test_html_telegram_cannot_parse_is_sent_once_more_as_plain_text(api):
    chat = chat_of(api, 1001)
    api.reject_html_next(1)

    sent = with_bot(api, lambda bot: send.send_html(bot, chat, "<b>Đúng hạn</b>: 25%"))
    assert [c.status for c in api.calls_to("sendMessage")] == [400, 200]
    (message,) = api.sent(chat)
    assert message["text"] == "Đúng hạn: 25%" and "parse_mode" not in message["params"]
    assert sent == [send.Sent(chat, message["message_id"])]


def test_a_reply_lost_after_telegram_stored_the_message_is_not_sent_again(api):
    chat = chat_of(api, 1001)
    api.lose_response_next(1)

    sent = with_bot(api, lambda bot: send.send_html(bot, chat, "Trả lời"))
    assert sent == [None]  # delivery unknown
    assert len(api.sent(chat)) == 1  # stored once, never twice


def test_no_reply_within_the_read_timeout_is_a_timeout_whose_delivery_is_unknown(api):
    chat = chat_of(api, 1001)
    api.stall_next(1, seconds=1.5)

    async def scenario(bot):
        with pytest.raises(TimedOut) as raised:
            await bot.send_message(chat, "Trả lời", read_timeout=0.5)
        return raised.value

    error = with_bot(api, scenario)
    assert isinstance(error.__cause__, ReplyLost) and send.delivery_unknown(error)


def test_a_server_error_before_telegram_stored_anything_is_retried_and_arrives_once(api, monkeypatch):
    monkeypatch.setattr(send, "RETRY_BACKOFF", 0.05)
    chat = chat_of(api, 1001)
    api.fail_next(2, status=502)

    with_bot(api, lambda bot: send.send_html(bot, chat, "Trả lời"))
    assert [c.status for c in api.calls_to("sendMessage")] == [502, 502, 200]
    assert len(api.sent(chat)) == 1


def test_a_429_comes_back_with_telegrams_retry_after(api):
    chat = chat_of(api, 1001)
    api.fail_next(1, status=429, retry_after=3)

    async def scenario(bot):
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(chat, "Trả lời")
        return raised.value

    assert with_bot(api, scenario).retry_after == 3


def test_a_bot_api_nobody_listens_on_is_a_failure_before_sending_so_it_is_retried(monkeypatch, caplog):
    monkeypatch.setattr(send, "RETRY_BACKOFF", 0.01)
    with socket.socket() as s:  # a port just freed: connections to it are refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    async def main():
        request = BotApiRequest()
        await request.initialize()
        bot = Bot("1:unreachable", base_url=f"http://127.0.0.1:{port}/bot", request=request)
        try:
            with pytest.raises(NetworkError) as raised:
                await send.send_html(bot, 1001, "Trả lời")
        finally:
            await request.shutdown()
        return raised.value

    error = asyncio.run(main())
    assert not send.delivery_unknown(error) and not isinstance(error.__cause__, ReplyLost)
    retries = [r for r in caplog.records if "; retry " in r.getMessage()]
    assert len(retries) == send.SEND_ATTEMPTS - 1


def test_an_upload_and_a_download_carry_the_bytes(api):
    chat = chat_of(api, 1001)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    file_id = api.document(b"STT,Ten\n1,So hoa\n", file_name="ds.csv", user_id=1001)["message"]["document"]["file_id"]

    async def scenario(bot):
        await bot.send_photo(chat, io.BytesIO(png), caption="Thống kê tuần", filename="thongke.png")
        return await (await bot.get_file(file_id)).download_as_bytearray()

    downloaded = with_bot(api, scenario)
    (photo,) = api.photos(chat)
    assert photo["photo"] == png and photo["caption"] == "Thống kê tuần" and photo["filename"] == "thongke.png"
    assert bytes(downloaded) == b"STT,Ten\n1,So hoa\n"


def test_the_proxy_named_by_the_environment_is_used_unless_no_proxy_names_the_server(api, monkeypatch):
    chat = chat_of(api, 1001)
    with socket.socket() as s:  # a proxy that is not there: a call through it cannot arrive
        s.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{s.getsockname()[1]}"
    monkeypatch.setenv("HTTP_PROXY", dead_proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)

    async def through_the_proxy(bot):
        with pytest.raises(NetworkError):
            await bot.send_message(chat, "qua proxy")

    async def bot_without_init(scenario):
        request = BotApiRequest()
        await request.initialize()
        try:
            await scenario(Bot(api.token, base_url=f"{api.url}/bot", request=request))
        finally:
            await request.shutdown()

    asyncio.run(bot_without_init(through_the_proxy))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    asyncio.run(bot_without_init(lambda bot: bot.send_message(chat, "trực tiếp")))
    assert [m["text"] for m in api.sent(chat)] == ["trực tiếp"]


def test_a_connection_idle_past_keepalive_is_never_reused_so_a_server_closing_it_cannot_lose_a_reply(monkeypatch):
    """The race KEEPALIVE avoids: a server closes an idle connection (uvicorn after 5 s) just as the client writes
    the next request on it, and the reply is lost (a POST is not sent again). Here the server would close after
    0.5 s idle and the client keeps connections 0.2 s: a request after 0.35 s idle goes on a new connection."""
    from bot.telegram import request as bot_request

    monkeypatch.setattr(bot_request, "KEEPALIVE", 0.2)
    connections = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(writer)
        try:
            while True:  # one request after another; closed after 0.5 s without one
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 0.5)
                length = next(
                    (int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")), 0
                )
                await reader.readexactly(length)
                body = b'{"ok":true,"result":true}'
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                    % (len(body), body)
                )
                await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main(idle: float) -> int:
        connections.clear()
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/bot1:x/getMe"
        client = BotApiRequest()
        await client.initialize()
        try:
            assert (await client.do_request(url, "POST"))[0] == 200
            await asyncio.sleep(idle)
            assert (await client.do_request(url, "POST"))[0] == 200
        finally:
            await client.shutdown()
            server.close()
        return len(connections)

    assert asyncio.run(main(0.05)) == 1  # within KEEPALIVE: the same connection
    assert asyncio.run(main(0.35)) == 2  # past it, though the server still holds it open: a new one
