"""Conversation state in the data dir: what each conversation keeps of its last turn, so the next message
can be a follow-up ("còn Bộ Ngoại giao thì sao?", retrieval/followup.py).

One SQLite file (`conversations.sqlite3`, WAL, mode 0600) shared by every process serving the data dir
(bot, API, CLI). A conversation is named by its face and scope, and stored under a keyed hash of that
name (bot/privacy.py), never the chat or key id itself:

- `telegram:private:<chat id>` — a private chat;
- `telegram:reply:<chat id>:<message id>` — one answer of the bot in a group: a reply to it continues it;
- `api:<key id | citizen>:<session_id>` — an API session, scoped to the key (or the anonymous face);
- `cli:<NAME>` — `govqa ask --session NAME`; `chat:<id>` — one terminal chat.

A conversation quiet for longer than `minutes` (GOVQA_SESSION_MINUTES, default 30) is over; a turn asked
under another role than the one stored never sees it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from retrieval import Context

from .privacy import Pseudonyms

FILENAME = "conversations.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    name_hash  TEXT PRIMARY KEY,   -- keyed hash of the conversation's name
    role       TEXT NOT NULL,
    context    TEXT NOT NULL,      -- JSON of retrieval.followup.Context
    updated_at REAL NOT NULL       -- unix seconds of the last turn
);
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated_at);
"""


class Conversations:
    """Opens a connection per call: calls come from worker threads of several processes."""

    def __init__(
        self,
        path: Path,
        minutes: int = 30,
        pseudonyms: Pseudonyms | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.minutes = minutes
        self.clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        self._name = pseudonyms or Pseudonyms.for_data_dir(path.parent)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        path.chmod(0o600)  # SQLite gives its -wal and -shm files the database file's mode
        with closing(self._connect()) as db, db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: Path, **kwargs) -> Conversations:
        return cls(data_dir / FILENAME, **kwargs)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _key(self, name: str) -> str:
        return self._name(name) or ""

    def get(self, name: str, role: str) -> Context | None:
        """The conversation's last turn, unless it is older than the quiet period or was another role's."""
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT role, context, updated_at FROM conversations WHERE name_hash = ?", (self._key(name),)
            ).fetchone()
        if row is None or row[0] != role or self.clock() - row[2] > self.minutes * 60:
            return None
        try:
            return Context.from_json(row[1])
        except (ValueError, TypeError, KeyError):
            return None  # a row from an older version: start over rather than fail

    def put(self, name: str, context: Context | None) -> None:
        """Keep `context` as the conversation's last turn; None ends the conversation."""
        now = self.clock()
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM conversations WHERE updated_at < ?", (now - self.minutes * 60,))
            if context is None:
                db.execute("DELETE FROM conversations WHERE name_hash = ?", (self._key(name),))
                return
            db.execute(
                "INSERT INTO conversations (name_hash, role, context, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name_hash) DO UPDATE SET role = excluded.role, context = excluded.context, "
                "updated_at = excluded.updated_at",
                (self._key(name), context.role, context.to_json(), now),
            )

    def reset(self, name: str) -> None:
        """Start the conversation over (`/moi`, "câu hỏi mới")."""
        self.put(name, None)

    def count(self) -> int:
        """Conversations not yet over."""
        with closing(self._connect()) as db:
            since = self.clock() - self.minutes * 60
            return db.execute("SELECT COUNT(*) FROM conversations WHERE updated_at >= ?", (since,)).fetchone()[0]
