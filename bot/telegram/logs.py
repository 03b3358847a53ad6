"""Secrets kept out of the logs: the bot token and the webhook secret are blanked from every record."""

from __future__ import annotations

import logging

_SECRETS: set[str] = set()


def protect_secrets_in_logs(*secrets: str | None) -> None:
    """Blank these strings out of every log record from now on, tracebacks included.

    PTB logs its API URL (which holds the token) and the setWebhook parameters (the secret) at
    DEBUG; a record factory catches those and anything else, whichever handler would print them.
    """
    if not _SECRETS:
        previous = logging.getLogRecordFactory()

        def factory(*args, **kwargs) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            _redact(record)
            return record

        logging.setLogRecordFactory(factory)
    _SECRETS.update(s for s in secrets if s)


def _redact(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed log call: leave it for logging to report
        return
    if any(s in message for s in _SECRETS):
        for s in _SECRETS:
            message = message.replace(s, "<secret>")
        record.msg, record.args = message, None
    if record.exc_info and record.exc_info[1] is not None:
        text = logging.Formatter().formatException(record.exc_info)
        if any(s in text for s in _SECRETS):
            for s in _SECRETS:
                text = text.replace(s, "<secret>")
            record.exc_text = text
