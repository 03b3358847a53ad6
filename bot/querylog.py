"""The query log: one SQLite row per question asked through any face, and the 👍/👎 given to its answer.

Users are stored as a SHA-256 of their id, never the id itself. A plain hash of a Telegram id can
still be reversed by trying every id, so this is a placeholder until proper pseudonymisation.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from retrieval.models import Answer

FILENAME = "querylog.sqlite3"
SCHEMA_VERSION = 1
MAX_STORED_QUESTION = 4000  # longer texts are rejected anyway; keep the row small

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id          INTEGER PRIMARY KEY,
    asked_at    TEXT NOT NULL,     -- UTC, ISO 8601
    face        TEXT NOT NULL,     -- telegram | api
    user_hash   TEXT,              -- SHA-256 of the user id, NULL when the face has no users
    chat_hash   TEXT,              -- SHA-256 of the chat id
    question    TEXT NOT NULL,
    status      TEXT NOT NULL,     -- answered | not_found | rejected | error
    latency_ms  REAL NOT NULL,
    doc_ids     TEXT NOT NULL,     -- JSON list of the cited documents
    feedback    INTEGER,           -- 1 👍, -1 👎, NULL none
    feedback_at TEXT
);
"""


def pseudonym(value: int | str | None) -> str | None:
    return hashlib.sha256(str(value).encode()).hexdigest() if value is not None else None


class QueryLog:
    """Opens a connection per call: calls come from worker threads and are rare next to answering."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> QueryLog:
        return cls(data_dir / FILENAME)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        return db

    def record(
        self,
        question: str,
        answer: Answer | None,
        *,
        face: str,
        latency_ms: float,
        user_id: int | str | None = None,
        chat_id: int | str | None = None,
    ) -> int:
        """Store one question and what came of it (answer None: it failed); returns the row id."""
        status = answer.status if answer else "error"
        doc_ids = [s.doc_id for s in answer.sources] if answer else []
        with closing(self._connect()) as db, db:
            cur = db.execute(
                "INSERT INTO questions (asked_at, face, user_hash, chat_hash, question, status, latency_ms, doc_ids)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _now(),
                    face,
                    pseudonym(user_id),
                    pseudonym(chat_id),
                    question[:MAX_STORED_QUESTION],
                    status,
                    round(latency_ms, 1),
                    json.dumps(doc_ids, ensure_ascii=False),
                ),
            )
            return int(cur.lastrowid)

    def feedback(self, question_id: int, value: int, *, chat_id: int | str | None = None) -> bool:
        """Set 👍 (1) or 👎 (-1) on a question asked in that chat; False when there is no such row."""
        if value not in (1, -1):
            raise ValueError("feedback is 1 or -1")
        with closing(self._connect()) as db, db:
            cur = db.execute(
                "UPDATE questions SET feedback = ?, feedback_at = ? WHERE id = ? AND chat_hash IS ?",
                (value, _now(), question_id, pseudonym(chat_id)),
            )
            return cur.rowcount == 1

    def get(self, question_id: int) -> dict | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT * FROM questions WHERE id = ?", (question_id,)).fetchone()
        if row is None:
            return None
        return {**dict(row), "doc_ids": json.loads(row["doc_ids"])}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
