"""Duplicate vs lost: what each send-retry policy does when Telegram's side fails (`make bench`).

Sends 20 one-part answers through bot.telegram.send.send_html (and the bot's own Bot API client,
bot/telegram/request.py) to the fake Bot API server, each meeting one fault
on its first attempt (read timeout 1 s here instead of 20 s),
once with the policy in bot/telegram/send.py (a send whose reply was lost is not repeated) and once retrying
every network error (the policy before issue 11), and prints how many arrived twice and how many never
arrived. The numbers are in docs/telegram.md, "Retries: duplicate or lost".
"""

from __future__ import annotations

import asyncio

import pytest
from fake_bot_api import FakeBotApi
from telegram import Bot
from telegram.error import TelegramError

from bot.telegram import send
from bot.telegram.request import BotApiRequest

pytestmark = pytest.mark.bench
N = 20


def _run(fault: str, retry_all: bool, monkeypatch) -> tuple[int, int]:
    """(answers that arrived twice, answers that never arrived) out of N."""
    monkeypatch.setattr(send, "DELIVERY_UNKNOWN", () if retry_all else send.DELIVERY_UNKNOWN)
    monkeypatch.setattr(send, "SEND_READ_TIMEOUT", 1.0)
    monkeypatch.setattr(send, "RETRY_BACKOFF", 0.05)
    with FakeBotApi() as api:
        chats = [api.message("?", user_id=9000 + i)["message"]["chat"]["id"] for i in range(N)]

        def arm() -> None:  # one fault per answer: its first attempt meets it
            if fault == "reply lost after delivery":
                api.lose_response_next(1)
            elif fault == "502 before delivery":
                api.fail_next(1, status=502)
            else:  # "timeout, not delivered"
                api.stall_next(1, seconds=1.5)

        async def main() -> None:
            async with Bot(api.token, base_url=f"{api.url}/bot", request=BotApiRequest()) as bot:
                for chat in chats:
                    arm()
                    try:
                        await send.send_html(bot, chat, f"Trả lời cho {chat}")
                    except TelegramError:
                        pass

        asyncio.run(main())
        delivered = [len(api.sent(c)) for c in chats]
    return sum(n > 1 for n in delivered), sum(n == 0 for n in delivered)


@pytest.mark.parametrize("fault", ["reply lost after delivery", "502 before delivery", "timeout, not delivered"])
def test_duplicate_vs_lost(fault, monkeypatch):
    now = _run(fault, retry_all=False, monkeypatch=monkeypatch)
    before = _run(fault, retry_all=True, monkeypatch=monkeypatch)
    print(f"\n{fault}: now {now[0]} twice / {now[1]} lost of {N}; retry-all {before[0]} twice / {before[1]} lost")
    if fault == "reply lost after delivery":
        assert now == (0, 0) and before[0] == N
    if fault == "502 before delivery":
        assert now == before == (0, 0)
    if fault == "timeout, not delivered":
        assert now == (0, N) and before == (0, 0)
