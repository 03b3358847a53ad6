"""What the buttons under a Telegram answer need («📄 Nguồn», «Xem thêm», suggestions, 👍/👎), kept per answer.

In `<data dir>/answers.sqlite3`, or in PostgreSQL with GOVQA_DATABASE_URL (bot/db.py), so a button
pressed after a restart, or on another worker, still finds its answer. A row is keyed by the query-log
id the button carries and holds the keyed pseudonym of the chat it was given in (bot/privacy.py; never
the chat id), the role it was composed for, and only what the buttons show: the status, the cited
passages, the suggestions and the list items left out — not the question or the answer text.
Rows expire after `keep_days`.

    store = AnswerStore(tmp / "answers.sqlite3", Pseudonyms(b"k"))
    store.put(42, answer, chat_id=1001, role="official")
    store.lookup(42, chat_id=1001, role="official")   # (the answer, False)
    store.lookup(42, chat_id=1001, role="citizen")    # (None, True): composed for a role the asker lost
    store.latest(1001)                                # 42: what /nguon shows
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from retrieval import Answer, Citation, Passage, Source

from .access import RANK
from .db import Database, Migration, SqliteDatabase, open_database
from .privacy import Pseudonyms

FILENAME = "answers.sqlite3"
KEEP_DAYS = 30  # a button older than this answers "đã cũ"

MIGRATIONS = [
    Migration(
        1,
        """
CREATE TABLE IF NOT EXISTS answers (
    question_id {int} PRIMARY KEY,   -- the query-log id in the buttons' callback data
    chat_hash   TEXT NOT NULL,       -- keyed pseudonym of the chat the answer was given in
    role        TEXT NOT NULL,       -- the role it was composed for
    answer      TEXT NOT NULL,       -- JSON: status, citations, suggestions, more (see _to_json)
    stored_at   {real} NOT NULL      -- unix seconds
);
CREATE INDEX IF NOT EXISTS answers_chat ON answers (chat_hash, stored_at);
CREATE INDEX IF NOT EXISTS answers_stored ON answers (stored_at);
""",
    )
]


class AnswerStore:
    """A connection per thread (SQLite, bot/db.py) or from the process's pool (PostgreSQL)."""

    def __init__(
        self,
        path: Path,
        pseudonyms: Pseudonyms | None = None,
        *,
        database: Database | None = None,
        keep_days: float = KEEP_DAYS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if keep_days <= 0:
            raise ValueError(f"answers must be kept a positive number of days, not {keep_days}")
        self.path = path
        self.db = database or SqliteDatabase(path, synchronous_normal=True)
        self._chat = pseudonyms or Pseudonyms.for_data_dir(path.parent)
        self.keep_days, self.clock = keep_days, clock
        self.db.migrate("answers", MIGRATIONS)

    @classmethod
    def in_data_dir(cls, data_dir: Path, *, url: str | None = None, **kwargs) -> AnswerStore:
        db = open_database(data_dir, FILENAME, url=url, synchronous_normal=True)
        return cls(data_dir / FILENAME, database=db, **kwargs)

    def put(self, question_id: int, answer: Answer, chat_id: int, role: str = "citizen") -> None:
        """Keep what the buttons of this answer need; expired rows are dropped on the way."""
        now = self.clock()
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM answers WHERE stored_at < ?", (now - self.keep_days * 86400,))
            tx.execute(
                "INSERT INTO answers (question_id, chat_hash, role, answer, stored_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (question_id) DO UPDATE SET chat_hash = excluded.chat_hash, role = excluded.role,"
                " answer = excluded.answer, stored_at = excluded.stored_at",
                (question_id, self._chat(chat_id), role, json.dumps(_to_json(answer), ensure_ascii=False), now),
            )

    def lookup(self, question_id: int, chat_id: int, role: str | None = None) -> tuple[Answer | None, bool]:
        """(the answer given in that chat, or None; whether it was withheld because it was composed for a
        role higher than `role`, the asker's role now). Without `role` the role is not checked."""
        with self.db.transaction() as tx:
            row = tx.execute(
                "SELECT role, answer FROM answers WHERE question_id = ? AND chat_hash = ? AND stored_at >= ?",
                (question_id, self._chat(chat_id), self.clock() - self.keep_days * 86400),
            ).one()
        if row is None:
            return None, False
        if role is not None and RANK.get(row[0], len(RANK)) > RANK[role]:
            return None, True
        try:
            return _from_json(json.loads(row[1])), False
        except (ValueError, TypeError, KeyError):  # a row an older version wrote: as if it had expired
            return None, False

    def latest(self, chat_id: int) -> int | None:
        """The query-log id of the last answer given in this chat (what /nguon shows), if not expired."""
        with self.db.transaction() as tx:
            return tx.execute(
                "SELECT question_id FROM answers WHERE chat_hash = ? AND stored_at >= ?"
                " ORDER BY stored_at DESC, question_id DESC LIMIT 1",
                (self._chat(chat_id), self.clock() - self.keep_days * 86400),
            ).scalar()

    def purge(self) -> int:
        """Delete expired rows (the daily retention job)."""
        with self.db.transaction() as tx:
            return tx.execute(
                "DELETE FROM answers WHERE stored_at < ?", (self.clock() - self.keep_days * 86400,)
            ).rowcount


def _to_json(answer: Answer) -> dict:
    return {
        "status": answer.status,
        "citations": [
            {
                "number": c.number,
                "source": {
                    "doc_id": c.source.doc_id,
                    "title": c.source.title,
                    "number": c.source.number,
                    "date": _day(c.source.date),
                    "url": c.source.url,
                    "provenance": c.source.provenance,
                    "as_of": _day(c.source.as_of),
                    "superseded_by": c.source.superseded_by,
                    "caveat": c.source.caveat,
                    "confidence": c.source.confidence,
                    "part_of": c.source.part_of,
                },
                "passage": {
                    "chunk_id": c.passage.chunk_id,
                    "doc_id": c.passage.doc_id,
                    "text": c.passage.text,
                    "headings": list(c.passage.headings),
                    "access": c.passage.access,
                },
            }
            for c in answer.citations
        ],
        "suggestions": list(answer.suggestions),
        "more": list(answer.more),
    }


def _from_json(data: dict) -> Answer:
    citations = []
    for c in data["citations"]:
        s, p = c["source"], c["passage"]
        source = Source(**{**s, "date": _undate(s["date"]), "as_of": _undate(s["as_of"])})
        passage = Passage(**{**p, "headings": tuple(p["headings"])})
        citations.append(Citation(c["number"], source, passage))
    return Answer(
        "",  # the question is not kept: the buttons never show it
        data["status"],
        "",
        tuple(citations),
        suggestions=tuple(data["suggestions"]),
        more=tuple(data["more"]),
    )


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _undate(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
