"""Moving a data dir's SQLite state into PostgreSQL (`govqa db copy`): an install that grows past one machine
keeps its roles, invite codes, API keys, follows, query log and conversations.

Each store is opened twice through its own class — on its SQLite file (which brings an old file up to
date) and on the PostgreSQL URL (which creates the tables) — and every row is copied as it is, ids
included; PostgreSQL's identity counters then continue after the highest id copied. Rows already there
are left alone (`ON CONFLICT DO NOTHING`), so running it again copies only what is new. Rate-limit
counts are not copied (they last minutes). The pseudonyms and hashes stay valid as long as the workers
use the same `secret.key` (or `GOVQA_ID_SECRET`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from .db import Database

# store → its SQLite file and its tables, in the order they are copied
TABLES = {
    "querylog": ("querylog.sqlite3", ("questions",)),
    "access": ("access.sqlite3", ("telegram_roles", "invites", "api_keys")),
    "reminders": ("reminders.sqlite3", ("subscriptions", "reminders_sent")),
    "updates": ("updates.sqlite3", ("updates",)),
    "conversations": ("conversations.sqlite3", ("conversations",)),
    "answers": ("answers.sqlite3", ("answers",)),
}
BATCH = 1000


def copy_to_postgres(data_dir: Path, url: str, open_store: Callable[[str, str | None], object]) -> dict[str, int]:
    """Copy every store's SQLite file in `data_dir` into the database at `url`; "store.table" → rows added.

    `open_store(store, url)` opens one store (url None: its SQLite file) and returns it (it has `.db`)."""
    added: dict[str, int] = {}
    for store, (filename, tables) in TABLES.items():
        if not (data_dir / filename).exists():
            continue
        source = open_store(store, None).db  # migrated to the newest schema first
        target = open_store(store, url).db
        for table in tables:
            added[f"{store}.{table}"] = _copy_table(source, target, table)
    return added


def _copy_table(source: Database, target: Database, table: str) -> int:
    with closing(sqlite3.connect(source.path)) as db:
        columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
        rows = db.execute(f'SELECT {", ".join(_q(c) for c in columns)} FROM "{table}" ORDER BY rowid').fetchall()
    insert = (
        f'INSERT INTO "{table}" ({", ".join(_q(c) for c in columns)}) VALUES ({", ".join("?" for _ in columns)})'
        " ON CONFLICT DO NOTHING"
    )
    added = 0
    with target.transaction() as tx:
        before = tx.execute(f'SELECT COUNT(*) FROM "{table}"').scalar()
        for start in range(0, len(rows), BATCH):
            tx.executemany(insert, rows[start : start + BATCH])
        added = tx.execute(f'SELECT COUNT(*) FROM "{table}"').scalar() - before
        if "id" in columns:  # new rows continue after the ids copied, not from 1
            tx.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f' GREATEST((SELECT MAX(id) FROM "{table}"), 1))'
            )
    return added


def _q(column: str) -> str:
    return f'"{column}"'


def store_opener(data_dir: Path, pseudonyms) -> Callable[[str, str | None], object]:
    """The stores as `govqa` opens them: on their SQLite file (url None, whatever GOVQA_DATABASE_URL says)
    or on the PostgreSQL database at url."""
    from .access import Access
    from .answers import AnswerStore
    from .conversations import Conversations
    from .querylog import QueryLog
    from .reminders import Subscriptions
    from .updates import UpdateLedger

    classes = {
        "querylog": (QueryLog, {"pseudonyms": pseudonyms}),
        "access": (Access, {}),
        "reminders": (Subscriptions, {}),
        "updates": (UpdateLedger, {}),
        "conversations": (Conversations, {"pseudonyms": pseudonyms}),
        "answers": (AnswerStore, {"pseudonyms": pseudonyms}),
    }

    def open_one(store: str, url: str | None):
        cls, kwargs = classes[store]
        if url is None:  # the constructor's default database is the SQLite file at the path
            return cls(data_dir / TABLES[store][0], **kwargs)
        return cls.in_data_dir(data_dir, url=url, **kwargs)

    return open_one
