"""The faces' settings, read once at start from the environment and checked with messages that say what to fix.

`retrieval/config.py` holds the engine's (corpus, data dir, embeddings…); this module the rest: the
Telegram bot's (`BotSettings`), roles, privacy, the state database, metrics, reminders and uploads
(`FaceSettings`), and where `govqa serve` listens (`ServeSettings`). `govqa` reads them in bot/cli.py; a bad
value stops it with one line. Each worker of `govqa serve --workers N` reads them again, once, in its app
factory (bot/web.py `app_from_env`), from the environment `hand_to_workers` completed.

These two modules are the only ones that read the environment (tests/test_config.py greps for others);
what else touches it: retrieval/threads.py sets the numeric libraries' thread variables, and
prometheus-client reads its own `PROMETHEUS_MULTIPROC_DIR` when imported (read here too, `metrics_dir`).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time as dtime
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from retrieval import ConfigError

TIMEZONE = "Asia/Ho_Chi_Minh"
DATABASE_URL = "GOVQA_DATABASE_URL"


@dataclass(frozen=True)
class BotSettings:
    """The bot's environment, checked at start. The token and the secret never appear in repr or logs."""

    token: str = field(repr=False)
    api_url: str | None = None  # a self-hosted Bot API server (or the tests' fake one)
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    user_rate_limit: int = 20  # questions per user per minute; 0 turns the limit off
    # Messages per second over all chats: Telegram's own limit for a bot is about 30. 0: no overall limit
    # (a local Bot API server, paid broadcasts, or measuring what one process can answer: docs/benchmarks.md).
    send_rate: int = 30

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
        rate = (env.get("GOVQA_TELEGRAM_SEND_RATE") or "30").strip()
        if not rate.isdigit():
            raise ConfigError(
                f"GOVQA_TELEGRAM_SEND_RATE='{rate}' is not a whole number of messages per second; "
                "use 30 (Telegram's limit), or 0 for no overall limit"
            )
        return cls(token, api_url, webhook_url, secret, int(limit), int(rate))

    @property
    def webhook_path(self) -> str | None:
        return urlparse(self.webhook_url).path if self.webhook_url else None


@dataclass(frozen=True)
class FaceSettings:
    """Settings of the faces beyond the Telegram transport: roles, privacy, the state database, metrics,
    reminders. Checked at start."""

    id_secret: str | None = field(default=None, repr=False)
    database_url: str | None = field(default=None, repr=False)  # None: SQLite files in the data dir (bot/db.py)
    # prometheus-client's multiprocess folder (its own variable, PROMETHEUS_MULTIPROC_DIR, which the library
    # reads when imported): set, /metrics adds up every worker's samples (bot/metrics.py).
    metrics_dir: Path | None = None
    retention_days: int = 90
    officials: frozenset[int] = frozenset()
    admins: frozenset[int] = frozenset()
    reminder_time: dtime = dtime(7, 30)
    reminder_days: int = 7
    timezone: str = TIMEZONE
    upload_max_passages: int = 5000  # passages one uploaded file may add
    upload_timeout: float = 900.0  # seconds an upload may take to read and index

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> FaceSettings:
        env = dict(os.environ if env is None else env)
        retention = (env.get("GOVQA_RETENTION_DAYS") or "90").strip()
        if not retention.isdigit():
            raise ConfigError(
                f"GOVQA_RETENTION_DAYS='{retention}' is not a whole number of days; use e.g. 90 "
                "(question texts are deleted after that many days), or 0 to never store them"
            )
        days = (env.get("GOVQA_REMINDER_DAYS") or "7").strip()
        if not days.isdigit() or not 0 <= int(days) <= 366:
            raise ConfigError(
                f"GOVQA_REMINDER_DAYS='{days}' is not a number of days (0-366); use e.g. 7 to remind of "
                "tasks due within the next 7 days"
            )
        raw_time = (env.get("GOVQA_REMINDER_TIME") or "07:30").strip()
        m = re.fullmatch(r"([01]?\d|2[0-3])[:h]([0-5]\d)(?::([0-5]\d))?", raw_time)
        if not m:
            raise ConfigError(
                f"GOVQA_REMINDER_TIME='{raw_time}' is not a time of day; write it as HH:MM, e.g. 07:30 "
                f"(Vietnam time, {TIMEZONE})"
            )
        bounds = {}
        for name, key, default, example in (
            ("GOVQA_UPLOAD_MAX_PASSAGES", "upload_max_passages", "5000", "5000"),
            ("GOVQA_UPLOAD_TIMEOUT", "upload_timeout", "900", "900 (15 minutes)"),
        ):
            raw = (env.get(name) or default).strip()
            if not raw.isdigit() or int(raw) < 1:
                raise ConfigError(f"{name}='{raw}' is not a positive whole number; use e.g. {example}")
            bounds[key] = int(raw)
        return cls(
            **bounds,
            id_secret=(env.get("GOVQA_ID_SECRET") or "").strip() or None,
            database_url=database_url(env),
            metrics_dir=_metrics_dir(env),
            retention_days=int(retention),
            officials=_user_ids(env, "GOVQA_OFFICIALS"),
            admins=_user_ids(env, "GOVQA_ADMINS"),
            reminder_time=dtime(int(m[1]), int(m[2]), int(m[3] or 0), tzinfo=ZoneInfo(TIMEZONE)),
            reminder_days=int(days),
        )


def database_url(env: Mapping[str, str]) -> str | None:
    """GOVQA_DATABASE_URL, checked: None (SQLite files) or a postgresql:// URL; anything else is a ConfigError."""
    url = (env.get(DATABASE_URL) or "").strip()
    if not url:
        return None
    if not re.match(r"postgres(ql)?://", url):
        from .db import redact

        raise ConfigError(
            f"{DATABASE_URL}='{redact(url)}' không phải địa chỉ PostgreSQL; dùng "
            "postgresql://người_dùng:mật_khẩu@máy/csdl hoặc bỏ trống để dùng SQLite. / "
            f"{DATABASE_URL} is not a PostgreSQL URL; use postgresql://user:pass@host/db "
            "or leave it unset for SQLite files."
        )
    return url


def _metrics_dir(env: dict[str, str]) -> Path | None:
    raw = (env.get("PROMETHEUS_MULTIPROC_DIR") or "").strip()
    if not raw:
        return None
    if not Path(raw).is_dir():
        raise ConfigError(
            f"PROMETHEUS_MULTIPROC_DIR={raw} is not a folder; create it (empty) before the workers start, "
            "e.g. mkdir -p it in the start script, or unset it when one process serves (docs/telegram.md)"
        )
    return Path(raw)


def _user_ids(env: dict[str, str], name: str) -> frozenset[int]:
    raw = (env.get(name) or "").strip()
    ids = [p.strip() for p in re.split(r"[,;\s]+", raw) if p.strip()]
    bad = [p for p in ids if not re.fullmatch(r"\d{1,15}", p)]
    if bad:
        raise ConfigError(
            f"{name} holds '{bad[0]}', which is not a Telegram user id; list numeric ids separated by commas, "
            "e.g. 123456789,987654321 (a user sees theirs by sending /start to @userinfobot)"
        )
    return frozenset(int(p) for p in ids)


@dataclass(frozen=True)
class ServeSettings:
    """Where `govqa serve` listens (GOVQA_HOST, GOVQA_PORT) and with how many worker processes (GOVQA_WORKERS);
    its --host, --port and --workers options win. `log_level` (GOVQA_LOG_LEVEL) is what `govqa serve` hands
    its workers (`hand_to_workers`), which do not run its command line and its -v options."""

    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    log_level: int | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ServeSettings:
        env = dict(os.environ if env is None else env)
        host = (env.get("GOVQA_HOST") or "").strip() or "127.0.0.1"
        raw = (env.get("GOVQA_PORT") or "8080").strip()
        if not raw.isdigit() or not 1 <= int(raw) <= 65535:
            raise ConfigError(f"GOVQA_PORT='{raw}' is not a port number (1-65535); use e.g. 8080")
        workers = (env.get("GOVQA_WORKERS") or "1").strip()
        if not workers.isdigit() or not 1 <= int(workers) <= 64:
            raise ConfigError(
                f"GOVQA_WORKERS='{workers}' is not a number of worker processes (1-64); use e.g. 2, one per core"
            )
        return cls(host, int(raw), int(workers), _log_level(env))


def _log_level(env: dict[str, str]) -> int | None:
    raw = (env.get("GOVQA_LOG_LEVEL") or "").strip()
    if not raw:
        return None
    level = int(raw) if raw.isdigit() else logging.getLevelNamesMapping().get(raw.upper())
    if level is None:
        raise ConfigError(f"GOVQA_LOG_LEVEL='{raw}' is not a log level; use e.g. INFO, WARNING or 20")
    return level


def hand_to_workers(data_dir: Path, log_level: int) -> None:
    """What `govqa serve --workers N` decided beyond the environment (its --data-dir, its -v), put there:
    uvicorn starts each worker from an import string, and each reads its Config and Settings from it."""
    os.environ["GOVQA_DATA_DIR"] = str(data_dir)
    os.environ["GOVQA_LOG_LEVEL"] = str(log_level)


@dataclass(frozen=True)
class Config:
    """Everything the faces read from the environment, read and checked once at start (`Config.from_env`).

    `bot` is None when TELEGRAM_BOT_TOKEN is not set (the API and the terminal chat need no bot); with
    `need_bot` a missing token is the error that says how to get one."""

    faces: FaceSettings
    serve: ServeSettings
    bot: BotSettings | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, *, need_bot: bool = False) -> Config:
        env = dict(os.environ if env is None else env)
        wants_bot = need_bot or bool((env.get("TELEGRAM_BOT_TOKEN") or "").strip())
        return cls(
            faces=FaceSettings.from_env(env),
            serve=ServeSettings.from_env(env),
            bot=BotSettings.from_env(env) if wants_bot else None,
        )
