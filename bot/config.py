"""The faces' settings, read once at start from the environment and checked with messages that say what to fix.

`retrieval/config.py` holds the engine's (corpus, data dir, embeddings…); this module the rest: the
Telegram bot's (`BotSettings`), roles, privacy, reminders and uploads (`FaceSettings`), and where
`govqa serve` listens (`ServeSettings`). `govqa` reads them in bot/cli.py; a bad value stops it with one line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from retrieval.config import ConfigError


@dataclass(frozen=True)
class BotSettings:
    """The bot's environment, checked at start. The token and the secret never appear in repr or logs."""

    token: str = field(repr=False)
    api_url: str | None = None  # a self-hosted Bot API server (or the tests' fake one)
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    user_rate_limit: int = 20  # questions per user per minute; 0 turns the limit off

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> BotSettings:
        env = dict(os.environ if env is None else env)
        token = (env.get("TELEGRAM_BOT_TOKEN") or "").strip()
        if not token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot) "
                "and put the token it gives you in TELEGRAM_BOT_TOKEN (see docs/telegram.md)"
            )
        if not re.fullmatch(r"\d+:[A-Za-z0-9_-]+", token):
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters, "
                "e.g. 123456789:AAE…); copy it again from @BotFather without quotes or spaces"
            )
        api_url = (env.get("GOVQA_TELEGRAM_API_URL") or "").strip().rstrip("/") or None
        if api_url:
            url = urlparse(api_url)
            if url.scheme not in ("http", "https") or not url.hostname:
                raise ConfigError(
                    f"GOVQA_TELEGRAM_API_URL='{api_url}' is not an http(s) address; write it like "
                    "http://127.0.0.1:8081 (a self-hosted telegram-bot-api server), or leave it empty"
                )
            if api_url.endswith("/bot"):
                api_url = api_url[: -len("/bot")]
        webhook_url = (env.get("GOVQA_WEBHOOK_URL") or "").strip() or None
        secret = (env.get("GOVQA_WEBHOOK_SECRET") or "").strip() or None
        if webhook_url:
            url = urlparse(webhook_url)
            allowed = ("https", "http") if api_url else ("https",)
            if url.scheme not in allowed or not url.hostname:
                raise ConfigError(
                    f"GOVQA_WEBHOOK_URL='{webhook_url}' must be a public https address, e.g. "
                    "https://bot.example.org/telegram/webhook (Telegram only calls https webhooks)"
                )
            if url.path in ("", "/") or url.path.startswith(("/api/", "/healthz", "/metrics", "/docs")):
                raise ConfigError(
                    f"GOVQA_WEBHOOK_URL='{webhook_url}' needs a path of its own, e.g. "
                    "https://bot.example.org/telegram/webhook; `govqa serve` listens for updates on that path"
                )
            if not secret:
                raise ConfigError(
                    "GOVQA_WEBHOOK_URL is set but GOVQA_WEBHOOK_SECRET is not: without it anyone could post "
                    "updates to the webhook. Set it to a random string, e.g. the output of "
                    "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
                )
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
                raise ConfigError(
                    "GOVQA_WEBHOOK_SECRET may only hold letters, digits, _ and - (1 to 256 of them), "
                    "as Telegram requires"
                )
        limit = (env.get("GOVQA_USER_RATE_LIMIT") or "20").strip()
        if not limit.isdigit():
            raise ConfigError(
                f"GOVQA_USER_RATE_LIMIT='{limit}' is not a whole number of questions per user per minute; "
                "use e.g. 20, or 0 to turn the limit off"
            )
        return cls(token, api_url, webhook_url, secret, int(limit))

    @property
    def webhook_path(self) -> str | None:
        return urlparse(self.webhook_url).path if self.webhook_url else None
