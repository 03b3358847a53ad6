"""The update ledger: every Telegram update, by `update_id`, recorded before Telegram is told it arrived.

A row is written (the id and the update's JSON, claimed by this worker) before the webhook answers 200
or the next getUpdates offset confirms it; the update is then processed from that row and the row is
finished. So a replay of an id seen before is dropped, and after a crash the rows still claimed by a
dead worker are taken over and answered. Kept in `<data dir>/updates.sqlite3`.

Claims are leases (`LEASE_SECONDS`): a live worker renews its own; a dead worker's expire, and on the
same host a claim whose process is gone is free at once. The statements are plain SQL that PostgreSQL
runs as well (`INSERT … ON CONFLICT DO NOTHING`, `UPDATE … RETURNING`): with GOVQA_DATABASE_URL set the
same statements claim ids in PostgreSQL, shared by every worker (bot/db.py).
The update's JSON holds the user's text: it is blanked when the row is
finished, and finished rows are deleted after `KEEP_DAYS`.

    ledger = UpdateLedger(tmp / "updates.sqlite3")
    ledger.record(42, '{"update_id": 42}')     # True: new, claimed by this worker
    ledger.record(42, '{"update_id": 42}')     # False: seen before
    ledger.finish(42, "answered")
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from .db import Database, Migration, SqliteDatabase, Tx, open_database

FILENAME = "updates.sqlite3"
LEASE_SECONDS = 30.0  # a claim not renewed for this long belongs to a dead worker
KEEP_DAYS = 7  # how long an update_id is remembered (Telegram gives up redelivering after 24 h)

MIGRATIONS = [
    Migration(
        1,
        """
CREATE TABLE IF NOT EXISTS updates (
    update_id    BIGINT PRIMARY KEY,
    received_at  DOUBLE PRECISION NOT NULL,  -- unix time, when it was first recorded
    raw          TEXT,                       -- the update as Telegram sent it; NULL once finished
    state        TEXT NOT NULL,              -- claimed | finished
    worker       TEXT,                       -- host:pid:nonce of the claim's holder
    lease_until  DOUBLE PRECISION,           -- the claim is free to take after this
    finished_at  DOUBLE PRECISION,
    outcome      TEXT                        -- answered | unparsable | stale | error
);
CREATE INDEX IF NOT EXISTS updates_claimed ON updates (state, lease_until);
""",
    )
]


@dataclass(frozen=True)
class Pending:
    """A recorded update not finished yet: what a worker taking it over needs."""

    update_id: int
    raw: str
    received_at: float


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class UpdateLedger:
    """A connection per thread (SQLite, bot/db.py) or from the process's pool (PostgreSQL)."""

    def __init__(
        self, path: Path, worker: str | None = None, clock=time.time, *, database: Database | None = None
    ) -> None:
        self.path = path
        self.worker = worker or worker_id()
        self.clock = clock
        # WAL + NORMAL: a commit survives the process being killed (kill -9, OOM); only a power loss
        # can take the last commits. FULL would add an fsync to every update.
        self.db = database or SqliteDatabase(path, synchronous_normal=True)
        self.db.migrate("updates", MIGRATIONS)

    @classmethod
    def in_data_dir(cls, data_dir: Path, *, url: str | None = None, **kwargs) -> UpdateLedger:
        db = open_database(data_dir, FILENAME, url=url, synchronous_normal=True)
        return cls(data_dir / FILENAME, database=db, **kwargs)

    def record(self, update_id: int, raw: str) -> bool:
        """Record a delivered update, claimed by this worker; False when this id was recorded before."""
        now = self.clock()
        with self.db.transaction() as db:
            cur = db.execute(
                "INSERT INTO updates (update_id, received_at, raw, state, worker, lease_until)"
                " VALUES (?, ?, ?, 'claimed', ?, ?) ON CONFLICT (update_id) DO NOTHING",
                (update_id, now, raw, self.worker, now + LEASE_SECONDS),
            )
            return cur.rowcount == 1

    def finish(self, update_id: int, outcome: str) -> None:
        """The update was handled (answered, or skipped for a reason): forget its text, keep its id."""
        with self.db.transaction() as db:
            db.execute(
                "UPDATE updates SET state = 'finished', raw = NULL, finished_at = ?, outcome = ?, lease_until = NULL"
                " WHERE update_id = ?",
                (self.clock(), outcome, update_id),
            )

    def renew(self) -> int:
        """Extend this worker's claims (a live worker renews well within the lease)."""
        with self.db.transaction() as db:
            cur = db.execute(
                "UPDATE updates SET lease_until = ? WHERE worker = ? AND state = 'claimed'",
                (self.clock() + LEASE_SECONDS, self.worker),
            )
            return cur.rowcount

    def release(self) -> int:
        """Give up this worker's unfinished claims at a clean stop, so the next start takes them at once."""
        with self.db.transaction() as db:
            cur = db.execute(
                "UPDATE updates SET lease_until = 0 WHERE worker = ? AND state = 'claimed'", (self.worker,)
            )
            return cur.rowcount

    def take_over(self, limit: int = 100) -> list[Pending]:
        """Claim updates whose holder is gone (lease expired, or its process on this host has exited)."""
        now = self.clock()
        with self.db.transaction() as db:
            self._expire_dead_here(db)
            # The claim's conditions are repeated outside the subquery: PostgreSQL re-checks them on a row
            # another worker claimed meanwhile, so two workers never take over the same update.
            rows = db.execute(
                "UPDATE updates SET worker = ?, lease_until = ? WHERE state = 'claimed' AND lease_until <= ?"
                " AND update_id IN ("
                " SELECT update_id FROM updates WHERE state = 'claimed' AND lease_until <= ?"
                " ORDER BY update_id LIMIT ?) RETURNING update_id, raw, received_at",
                (self.worker, now + LEASE_SECONDS, now, now, limit),
            ).fetchall()
        return sorted((Pending(int(i), raw, float(at)) for i, raw, at in rows), key=lambda p: p.update_id)

    def _expire_dead_here(self, db: Tx) -> None:
        host = self.worker.split(":")[0]
        workers = db.execute(
            "SELECT DISTINCT worker FROM updates WHERE state = 'claimed' AND lease_until > ? AND worker != ?",
            (self.clock(), self.worker),
        ).fetchall()
        for (worker,) in workers:
            w_host, _, rest = (worker or "").partition(":")
            pid = rest.partition(":")[0]
            if w_host == host and pid.isdigit() and not _alive(int(pid)):
                db.execute("UPDATE updates SET lease_until = 0 WHERE worker = ? AND state = 'claimed'", (worker,))

    def purge(self, days: float = KEEP_DAYS) -> int:
        """Delete finished rows older than `days` (ids that old are not redelivered any more)."""
        with self.db.transaction() as db:
            cur = db.execute(
                "DELETE FROM updates WHERE state = 'finished' AND received_at < ?", (self.clock() - days * 86400,)
            )
            return cur.rowcount

    def counts(self) -> dict[str, int]:
        """Rows by state and outcome, e.g. {"claimed": 1, "answered": 40, "unparsable": 1}."""
        with self.db.transaction() as db:
            rows = db.execute(
                "SELECT CASE WHEN state = 'claimed' THEN 'claimed' ELSE outcome END, COUNT(*) FROM updates GROUP BY 1"
            ).fetchall()
        return {k: n for k, n in rows}


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
