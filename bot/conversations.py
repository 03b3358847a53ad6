"""Conversation state: what each conversation keeps of its last turn, so the next message can be a
follow-up ("còn Bộ Ngoại giao thì sao?", retrieval/followup.py).

Kept where the other stores are (bot/db.py): `conversations.sqlite3` in the data dir (WAL, mode 0600)
by default, shared by every process serving the data dir (bot, API, CLI); or the `conversations` table
of the PostgreSQL database named by GOVQA_DATABASE_URL, shared by every worker on every host.
A conversation is named by its face and scope, and stored under a keyed hash of that name
(bot/privacy.py), never the chat or key id itself:

- `telegram:private:<chat id>` — a private chat;
- `telegram:reply:<chat id>:<message id>` — one answer of the bot in a group: a reply to it continues it;
- `api:<key id | citizen>:<session_id>` — an API session, scoped to the key (or the anonymous face);
- `cli:<NAME>` — `govqa ask --session NAME`; `chat:<id>` — one terminal chat.

A conversation quiet for longer than `minutes` (GOVQA_SESSION_MINUTES, default 30) is over; a turn asked
under another role than the one stored never sees it. Over conversations are deleted by the writes, at most
once a `SWEEP_EVERY` per process and `SWEEP_ROWS` at a time, through the index on `updated_at`: a write
never scans the table, and a backlog (the first write after a quiet night) is taken in bounded steps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from retrieval import Context

from .db import Database, Migration, SqliteDatabase, open_database
from .privacy import Pseudonyms

FILENAME = "conversations.sqlite3"
SWEEP_EVERY = 60.0  # seconds between deletions of over conversations by one process
SWEEP_ROWS = 500  # rows one deletion takes at most; a full batch means more are left: the next write goes on
SWEEP = (  # (older than, at most): both engines find the rows through conversations_updated
    "DELETE FROM conversations WHERE name_hash IN (SELECT name_hash FROM conversations WHERE updated_at < ? LIMIT ?)"
)

# Version 1 is the table as the SQLite-only store made it (IF NOT EXISTS: such files are taken as they are).
MIGRATIONS = [
    Migration(
        1,
        """
CREATE TABLE IF NOT EXISTS conversations (
    name_hash  TEXT PRIMARY KEY,   -- keyed hash of the conversation's name
    role       TEXT NOT NULL,
    context    TEXT NOT NULL,      -- JSON of retrieval.followup.Context
    updated_at {real} NOT NULL     -- unix seconds of the last turn
);
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated_at);
""",
    )
]


class Conversations:
    """A connection per thread (SQLite, bot/db.py) or from the process's pool (PostgreSQL)."""

    def __init__(
        self,
        path: Path,
        minutes: int = 30,
        pseudonyms: Pseudonyms | None = None,
        clock: Callable[[], float] = time.time,
        *,
        database: Database | None = None,
    ) -> None:
        self.path = path  # in PostgreSQL too: the data dir beside it holds the install secret
        self.minutes = minutes
        self.clock = clock
        self.sweep_rows = SWEEP_ROWS
        self._next_sweep = float("-inf")  # the first write sweeps
        path.parent.mkdir(parents=True, exist_ok=True)
        self._name = pseudonyms or Pseudonyms.for_data_dir(path.parent)
        # WAL + NORMAL: a turn survives the process being killed; only a power loss can take the last ones.
        self.db = database or SqliteDatabase(path, synchronous_normal=True)
        self.db.migrate("conversations", MIGRATIONS)

    @classmethod
    def in_data_dir(cls, data_dir: Path, *, url: str | None = None, **kwargs) -> Conversations:
        db = open_database(data_dir, FILENAME, url=url, synchronous_normal=True)
        return cls(Path(data_dir) / FILENAME, database=db, **kwargs)

    def _key(self, name: str) -> str:
        return self._name(name) or ""

    def get(self, name: str, role: str) -> Context | None:
        """The conversation's last turn, unless it is older than the quiet period or was another role's."""
        with self.db.transaction() as tx:
            row = tx.execute(
                "SELECT role, context, updated_at FROM conversations WHERE name_hash = ?", (self._key(name),)
            ).one()
        if row is None or row[0] != role or self.clock() - row[2] > self.minutes * 60:
            return None
        try:
            return Context.from_json(row[1])
        except (ValueError, TypeError, KeyError):
            return None  # a row from an older version: start over rather than fail

    def put(self, name: str, context: Context | None) -> None:
        """Keep `context` as the conversation's last turn; None ends the conversation."""
        now = self.clock()
        with self.db.transaction() as tx:
            if now >= self._next_sweep:
                self._sweep(tx, now)
            if context is None:
                tx.execute("DELETE FROM conversations WHERE name_hash = ?", (self._key(name),))
                return
            tx.execute(
                "INSERT INTO conversations (name_hash, role, context, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name_hash) DO UPDATE SET role = excluded.role, context = excluded.context, "
                "updated_at = excluded.updated_at",
                (self._key(name), context.role, context.to_json(), now),
            )

    def _sweep(self, tx, now: float) -> None:
        """Delete up to `sweep_rows` conversations that are over, found through the index on updated_at."""
        deleted = tx.execute(SWEEP, (now - self.minutes * 60, self.sweep_rows)).rowcount
        self._next_sweep = now if deleted >= self.sweep_rows else now + SWEEP_EVERY

    def reset(self, name: str) -> None:
        """Start the conversation over (`/moi`, "câu hỏi mới")."""
        self.put(name, None)

    def count(self) -> int:
        """Conversations not yet over."""
        since = self.clock() - self.minutes * 60
        with self.db.transaction() as tx:
            return tx.execute("SELECT COUNT(*) FROM conversations WHERE updated_at >= ?", (since,)).scalar()
