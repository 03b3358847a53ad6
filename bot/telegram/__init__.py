"""The Telegram face (python-telegram-bot 22), one module per job:

- app.py — `build_application`: the Application and every handler, registered in one block;
- run.py — `polling` / `webhook` / `run_polling`: starting and stopping it;
- intake.py — every update recorded in the ledger before it is acknowledged, then handled once;
- ask.py — the one path a question takes (`answer`), text, /hoi, /moi, /start, /help;
- buttons.py — the buttons under an answer (👍/👎, «📄 Nguồn», «Xem thêm», suggestions) and /nguon;
- follow.py — /theodoi, /huytheodoi, /dangtheodoi and the daily reminder and purge jobs;
- admin.py — /thongke, /capnhat, /moima; upload.py — admins' files, indexed in the background, /huy;
- keyboards.py — the buttons and their callback data; texts.py — every message people read;
- context.py — the typed `context` (`context.services`, the bot's state); incoming.py — reading updates;
- hook.py — the "typing…" a webhook's 200 carries instead of a Bot API call;
- send.py — HTML split into ≤ 4096-character messages, retried where that cannot send twice;
- logs.py — the token and webhook secret blanked from every log record.

Settings are `bot.config.BotSettings`; the engine, stores and query log are reached through
`bot.service.Services` only.
"""

from ..config import BotSettings
from .app import ALLOWED_UPDATES, build_application
from .follow import send_reminders
from .hook import typing_in_reply
from .logs import protect_secrets_in_logs
from .run import polling, run_polling, webhook
from .texts import EXAMPLES

__all__ = [
    "ALLOWED_UPDATES",
    "EXAMPLES",
    "BotSettings",
    "build_application",
    "polling",
    "protect_secrets_in_logs",
    "run_polling",
    "send_reminders",
    "typing_in_reply",
    "webhook",
]
