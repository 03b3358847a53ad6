"""Per-user limits shared by every worker: questions per minute, wrong invite codes per ten minutes.

Each counted attempt is a row (kind, keyed hash of the user id, unix time) in the `ratelimits` store
(bot/db.py): `ratelimits.sqlite3` in the data dir by default — shared by the processes on that data
dir — or PostgreSQL with GOVQA_DATABASE_URL, shared by every worker on every host. A user behind a
reverse proxy that spreads their messages over two workers gets the same limit as with one.

Counting is exact under concurrency: one user's check-and-count runs alone (SQLite takes the write
lock at once, PostgreSQL an advisory lock per user and kind), so two workers at the same moment never
both let the 21st question through. A store that cannot be reached never stops an answer: the limit
is then not applied (fail open), and /healthz names `ratelimits` as degraded.

    limits = Limits.for_services(services, per_minute=20)   # the bot's one call
    allowed, warn, wait = limits.questions.check(user_id)
    if seconds := limits.invites.wait(user_id): ...
    limits.invites.failed(user_id)
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .db import DB_ERRORS, Database, Migration, SqliteDatabase, open_database
from .privacy import Pseudonyms

log = logging.getLogger(__name__)

FILENAME = "ratelimits.sqlite3"
QUESTION_WINDOW = 60.0  # seconds: "questions per user per minute" (GOVQA_USER_RATE_LIMIT)
INVITE_TRIES = 5  # wrong invite codes per user …
INVITE_WINDOW = 600.0  # … in any ten minutes; then even a right code waits
SWEEP_EVERY = 60.0  # seconds between deletions of every user's rows older than the longest window
LONGEST_WINDOW = max(QUESTION_WINDOW, INVITE_WINDOW)

MIGRATIONS = [
    Migration(
        1,
        """
CREATE TABLE IF NOT EXISTS rate_hits (
    kind     TEXT NOT NULL,     -- question | invite_failure | question_warned
    subject  TEXT NOT NULL,     -- keyed hash of the user id (bot/privacy.py), never the id
    at       {real} NOT NULL    -- unix seconds
);
CREATE INDEX IF NOT EXISTS rate_hits_subject ON rate_hits (kind, subject, at);
CREATE INDEX IF NOT EXISTS rate_hits_at ON rate_hits (at);
""",
    )
]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    wait: int  # seconds until the next attempt is allowed (0 when allowed)
    first_refusal: bool = False  # the first refusal since the user was last allowed


class RateLimits:
    """Sliding-window counts per (kind, user), in the database every worker shares."""

    def __init__(
        self,
        path: Path,
        pseudonyms: Pseudonyms | None = None,
        clock: Callable[[], float] = time.time,
        *,
        database: Database | None = None,
    ) -> None:
        self.path = path
        self.clock = clock  # wall-clock time: workers on several hosts compare each other's rows
        self.db = database or SqliteDatabase(path, synchronous_normal=True)
        self.db.migrate("ratelimits", MIGRATIONS)
        self._name = pseudonyms or Pseudonyms.for_data_dir(path.parent)
        self._swept = 0.0
        self._sweep_lock = threading.Lock()

    @classmethod
    def in_data_dir(cls, data_dir: Path, *, url: str | None = None, **kwargs) -> RateLimits:
        db = open_database(data_dir, FILENAME, url=url, synchronous_normal=True)
        return cls(Path(data_dir) / FILENAME, database=db, **kwargs)

    def take(self, kind: str, user_id: int | str, limit: int, window: float) -> Decision:
        """Count one attempt when fewer than `limit` were counted in the last `window` seconds.

        One read of the user's rows of this kind and its warning mark, then only the writes that change
        something: an allowed attempt of a user with nothing to forget is one SELECT and one INSERT."""
        subject, now = self._name(user_id) or "", self.clock()
        warned_kind = f"{kind}_warned"
        self._sweep(now)
        with self._alone(kind, subject) as tx:
            rows = tx.execute(
                "SELECT kind, at FROM rate_hits WHERE kind IN (?, ?) AND subject = ?", (kind, warned_kind, subject)
            ).fetchall()
            times = sorted(at for k, at in rows if k == kind)
            warned = any(k == warned_kind for k, _ in rows)
            if times and times[0] <= now - window:
                tx.execute(
                    "DELETE FROM rate_hits WHERE kind = ? AND subject = ? AND at <= ?", (kind, subject, now - window)
                )
                times = [at for at in times if at > now - window]
            if len(times) < limit:
                tx.execute("INSERT INTO rate_hits (kind, subject, at) VALUES (?, ?, ?)", (kind, subject, now))
                if warned:
                    tx.execute("DELETE FROM rate_hits WHERE kind = ? AND subject = ?", (warned_kind, subject))
                return Decision(True, 0)
            if not warned:
                tx.execute("INSERT INTO rate_hits (kind, subject, at) VALUES (?, ?, ?)", (warned_kind, subject, now))
            return Decision(False, _seconds_left(times, limit, window, now), not warned)

    def wait(self, kind: str, user_id: int | str, limit: int, window: float) -> int:
        """Seconds until the next attempt is allowed (0: go ahead); counts nothing."""
        subject, now = self._name(user_id) or "", self.clock()
        with self.db.transaction() as tx:
            times = [
                r[0]
                for r in tx.execute(
                    "SELECT at FROM rate_hits WHERE kind = ? AND subject = ? AND at > ? ORDER BY at",
                    (kind, subject, now - window),
                )
            ]
        return 0 if len(times) < limit else _seconds_left(times, limit, window, now)

    def add(self, kind: str, user_id: int | str) -> None:
        """Count one attempt whatever the limit (e.g. a wrong invite code)."""
        subject, now = self._name(user_id) or "", self.clock()
        self._sweep(now)
        with self.db.transaction() as tx:
            tx.execute("INSERT INTO rate_hits (kind, subject, at) VALUES (?, ?, ?)", (kind, subject, now))

    def count(self) -> int:
        """Rows kept now (for tests and operators: it stays bounded by the active users)."""
        with self.db.transaction() as tx:
            return tx.execute("SELECT COUNT(*) FROM rate_hits").scalar()

    def _alone(self, kind: str, subject: str):
        """A transaction no other worker runs for the same user and kind at the same time."""
        return _Serialised(self.db, _lock_key(kind, subject))

    def _sweep(self, now: float) -> None:
        """Once a minute per process: forget every user's rows older than the longest window."""
        with self._sweep_lock:
            if now - self._swept < SWEEP_EVERY:
                return
            self._swept = now
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM rate_hits WHERE at <= ?", (now - LONGEST_WINDOW,))


class _Serialised:
    def __init__(self, db: Database, key: int) -> None:
        self.db, self.key = db, key

    def __enter__(self):
        self._cm = self.db.transaction(immediate=True)  # SQLite: the file's write lock, taken at once
        tx = self._cm.__enter__()
        if self.db.engine == "postgres":
            tx.execute("SELECT pg_advisory_xact_lock(?)", (self.key,))  # released at commit
        return tx

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def _lock_key(kind: str, subject: str) -> int:
    return int.from_bytes(hashlib.sha256(f"ratelimit:{kind}:{subject}".encode()).digest()[:8], "big", signed=True)


def _seconds_left(times: list[float], limit: int, window: float, now: float) -> int:
    oldest_that_counts = times[len(times) - limit]  # when it leaves the window, one more attempt fits
    return max(1, int(window - (now - oldest_that_counts)) + 1)


class QuestionLimit:
    """At most `per_minute` questions per user in any 60 seconds, across workers; warns once per burst."""

    def __init__(self, store: RateLimits, per_minute: int, health=None) -> None:
        self.store, self.per_minute, self.health = store, per_minute, health

    def check(self, user_id: int) -> tuple[bool, bool, int]:
        """(allowed, warn this time, seconds until the next question is allowed)."""
        if self.per_minute <= 0:
            return True, False, 0
        try:
            d = self.store.take("question", user_id, self.per_minute, QUESTION_WINDOW)
        except (*DB_ERRORS, OSError) as e:
            _failed(self.health, e)
            return True, False, 0
        _ok(self.health)
        return d.allowed, d.first_refusal, d.wait


class InviteThrottle:
    """At most `tries` wrong invite codes per user in `window` seconds, across workers."""

    def __init__(self, store: RateLimits, tries: int = INVITE_TRIES, window: float = INVITE_WINDOW, health=None):
        if tries < 1 or window <= 0:
            raise ValueError(f"a throttle needs tries ≥ 1 and window > 0, not {tries}, {window}")
        self.store, self.tries, self.window, self.health = store, tries, window, health

    def wait(self, user_id: int) -> int:
        """Seconds this user must wait before the next code is tried (0: go ahead)."""
        try:
            seconds = self.store.wait("invite_failure", user_id, self.tries, self.window)
        except (*DB_ERRORS, OSError) as e:
            _failed(self.health, e)
            return 0
        _ok(self.health)
        return seconds

    def failed(self, user_id: int) -> None:
        try:
            self.store.add("invite_failure", user_id)
        except (*DB_ERRORS, OSError) as e:
            _failed(self.health, e)


@dataclass(frozen=True)
class Limits:
    questions: QuestionLimit
    invites: InviteThrottle

    @classmethod
    def for_services(cls, services, per_minute: int) -> Limits:
        """The limits of a face, in the services' shared store; failures show in their /healthz."""
        store, health = services.ratelimits, services.health
        return cls(QuestionLimit(store, per_minute, health), InviteThrottle(store, health=health))


def _failed(health, error: BaseException) -> None:
    if health is not None:
        health.failed("ratelimits", error)
    else:
        log.warning("rate limits cannot be read (%s): not applied", error)


def _ok(health) -> None:
    if health is not None:
        health.ok("ratelimits")
