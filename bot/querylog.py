"""The query log: one SQLite row per question asked through Telegram or the API, and the 👍/👎 given to it.

Users and chats are stored as an HMAC-SHA256 of their id keyed with the install's secret (bot/privacy.py),
never the id itself. Question texts are kept `retention_days` (GOVQA_RETENTION_DAYS), then `purge` blanks
them; the rest of the row (date, status, latency, cited documents, feedback) stays for statistics.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from retrieval import Answer

from .db import Database, Migration, SqliteDatabase, open_database
from .privacy import Pseudonyms

FILENAME = "querylog.sqlite3"
SCHEMA_VERSION = 2
MAX_STORED_QUESTION = 4000  # longer texts are rejected anyway; keep the row small

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id          {id},
    asked_at    TEXT NOT NULL,     -- UTC, ISO 8601
    face        TEXT NOT NULL,     -- telegram | api
    role        TEXT NOT NULL DEFAULT 'citizen',
    user_hash   TEXT,              -- HMAC of the user id (API: of the key id), NULL when the face has no users
    chat_hash   TEXT,              -- HMAC of the chat id
    question    TEXT,              -- NULL once older than the retention period (or when kept 0 days)
    status      TEXT NOT NULL,     -- answered | not_found | rejected | error
    latency_ms  {real} NOT NULL,
    doc_ids     TEXT NOT NULL,     -- JSON list of the cited documents
    feedback    INTEGER,           -- 1 👍, -1 👎, NULL none
    feedback_at TEXT
);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
"""
# schema_version 1 is the table as PRAGMA user_version 2 left it in SQLite files (see _migrate_v1).
MIGRATIONS = [Migration(1, SCHEMA)]


class QueryLog:
    """A connection per thread (SQLite, bot/db.py) or from the process's pool (PostgreSQL)."""

    def __init__(
        self,
        path: Path,
        pseudonyms: Pseudonyms | None = None,
        retention_days: int = 90,
        *,
        database: Database | None = None,
    ) -> None:
        self.path = path  # in PostgreSQL too: the data dir beside it holds the install secret
        # synchronous=NORMAL is safe with WAL; a full sync per question cost 15–30 ms under load.
        self.db = database or SqliteDatabase(path, synchronous_normal=True)
        self.pseudonym = pseudonyms or Pseudonyms.for_data_dir(path.parent)
        self.retention_days = retention_days
        if isinstance(self.db, SqliteDatabase):
            with sqlite3.connect(self.db.path, timeout=10) as db:  # files older than schema_version
                db.execute("PRAGMA journal_mode=WAL")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                exists = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'questions'").fetchone()
                if exists and version < 2:
                    self._migrate_v1(db)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.close()
        self.db.migrate("querylog", MIGRATIONS)

    @classmethod
    def in_data_dir(cls, data_dir: Path, *, url: str | None = None, **kwargs) -> QueryLog:
        db = open_database(data_dir, FILENAME, url=url, synchronous_normal=True)
        return cls(data_dir / FILENAME, database=db, **kwargs)

    def _migrate_v1(self, db: sqlite3.Connection) -> None:
        """Version 1 stored a bare SHA-256 of ids (reversible by trying every id) and required the text.

        The old hashes are keyed now (HMAC of the old hash: the same user still counts once), and the
        table is rebuilt so texts can be blanked.
        """
        db.create_function("rekey", 1, lambda h: self.pseudonym(f"v1:{h}") if h else None, deterministic=True)
        db.execute("ALTER TABLE questions RENAME TO questions_v1")
        db.executescript(SCHEMA.format(id="INTEGER PRIMARY KEY", real="REAL"))
        db.execute(
            "INSERT INTO questions (id, asked_at, face, role, user_hash, chat_hash, question, status, latency_ms,"
            " doc_ids, feedback, feedback_at) SELECT id, asked_at, face, 'citizen', rekey(user_hash),"
            " rekey(chat_hash), question, status, latency_ms, doc_ids, feedback, feedback_at FROM questions_v1"
        )
        db.execute("DROP TABLE questions_v1")

    def record(
        self,
        question: str,
        answer: Answer | None,
        *,
        face: str,
        latency_ms: float,
        role: str = "citizen",
        user_id: int | str | None = None,
        chat_id: int | str | None = None,
        at: datetime | None = None,
    ) -> int:
        """Store one question and what came of it (answer None: it failed); returns the row id."""
        status = answer.status if answer else "error"
        doc_ids = [s.doc_id for s in answer.sources] if answer else []
        text = question[:MAX_STORED_QUESTION] if self.retention_days > 0 else None
        with self.db.transaction() as db:
            cur = db.execute(
                "INSERT INTO questions (asked_at, face, role, user_hash, chat_hash, question, status, latency_ms,"
                " doc_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    _iso(at or datetime.now(UTC)),
                    face,
                    role,
                    self.pseudonym(user_id),
                    self.pseudonym(chat_id),
                    text,
                    status,
                    round(latency_ms, 1),
                    json.dumps(doc_ids, ensure_ascii=False),
                ),
            )
            return int(cur.scalar())

    def feedback(self, question_id: int, value: int, *, chat_id: int | str | None = None) -> bool:
        """Set 👍 (1) or 👎 (-1) on a question asked in that chat; False when there is no such row."""
        if value not in (1, -1):
            raise ValueError("feedback is 1 or -1")
        with self.db.transaction() as db:
            cur = db.execute(
                "UPDATE questions SET feedback = ?, feedback_at = ? WHERE id = ? AND chat_hash IS NOT DISTINCT FROM ?",
                (value, _iso(datetime.now(UTC)), question_id, self.pseudonym(chat_id)),
            )
            return cur.rowcount == 1

    def get(self, question_id: int) -> dict | None:
        with self.db.transaction() as db:
            row = db.execute("SELECT * FROM questions WHERE id = ?", (question_id,)).fetchone()
        if row is None:
            return None
        return {**dict(row), "doc_ids": json.loads(row["doc_ids"])}

    def since(self, start: datetime) -> list[dict]:
        """Every row asked at or after `start`, oldest first (what statistics are computed from)."""
        with self.db.transaction() as db:
            rows = db.execute(
                "SELECT id, asked_at, face, role, question, status, latency_ms, feedback FROM questions"
                " WHERE asked_at >= ? ORDER BY asked_at, id",
                (_iso(start),),
            ).fetchall()
        return [dict(r) for r in rows]

    def purge(self, now: datetime | None = None, days: int | None = None) -> int:
        """Blank the texts of questions older than `days` (default: the retention period); returns how many.

        secure_delete overwrites the freed bytes and the checkpoint empties the write-ahead log, so the
        texts do not linger in the database files either.
        """
        days = self.retention_days if days is None else days
        cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
        sqlite = isinstance(self.db, SqliteDatabase)
        was = None
        with self.db.transaction() as db:
            if sqlite:
                was = db.execute("PRAGMA secure_delete").scalar()
                db.execute("PRAGMA secure_delete=ON")
            cur = db.execute(
                "UPDATE questions SET question = NULL WHERE question IS NOT NULL AND asked_at < ?", (_iso(cutoff),)
            )
        if sqlite:
            with self.db.transaction() as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                # The thread keeps its connection (bot/db.py): later writes go on as SQLite was built to.
                db.execute(f"PRAGMA secure_delete={int(was or 0)}")
        return cur.rowcount


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("query-log times are timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="seconds")
