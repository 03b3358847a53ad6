"""Who may see what: Telegram users' roles (settings, redeemed invite codes), invite codes and HTTP API keys.

Kept in `<data dir>/access.sqlite3` (or PostgreSQL with GOVQA_DATABASE_URL, bot/db.py). Invite codes and
API keys are shown once, when created, and stored only as an HMAC keyed with the install secret
(bot/privacy.py). Roles granted by invite persist until revoked; GOVQA_ADMINS and GOVQA_OFFICIALS are read
at start and always win over what is stored.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .db import DB_ERRORS, Database, Migration, Row, SqliteDatabase, open_database
from .privacy import derive, install_secret, keyed_hash

FILENAME = "access.sqlite3"
INVITE_PREFIX = "moi_"  # also what tells an invite from other /start payloads (hoi_1…)
INVITE_ROLES = ("official", "admin")  # what an invite may grant (citizen is everyone's default)
API_KEY_PREFIX = "gq_"
RANK = {"citizen": 0, "official": 1, "admin": 2}

SCHEMA = """
CREATE TABLE IF NOT EXISTS telegram_roles (
    user_id     {int} PRIMARY KEY,   -- needed in clear to tell this user's role; never in the query log
    role        TEXT NOT NULL,
    granted_at  TEXT NOT NULL,
    invite_id   {int},
    revoked_at  TEXT
);
CREATE TABLE IF NOT EXISTS invites (
    id          {id},
    code_hash   TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL,
    max_uses    INTEGER NOT NULL,
    uses        INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    created_by  TEXT
);
CREATE TABLE IF NOT EXISTS api_keys (
    id           {id},
    key_hash     TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,        -- the first characters, so an operator can tell keys apart
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
"""
MIGRATIONS = [Migration(1, SCHEMA)]


@dataclass(frozen=True)
class Invite:
    id: int
    code: str  # only known when just created
    role: str
    max_uses: int
    expires_at: datetime


@dataclass(frozen=True)
class ApiKey:
    id: int
    name: str
    role: str
    prefix: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


class Access:
    """A connection per thread (SQLite, bot/db.py) or from the process's pool (PostgreSQL)."""

    def __init__(
        self,
        path: Path,
        *,
        officials: Iterable[int] = (),
        admins: Iterable[int] = (),
        clock=lambda: datetime.now(UTC),
        database: Database | None = None,
    ) -> None:
        self.path = path
        self.officials = frozenset(officials)
        self.admins = frozenset(admins)
        self.clock = clock
        self.db = database or SqliteDatabase(path)
        self._key = derive(install_secret(path.parent), "access")
        self.db.migrate("access", MIGRATIONS)

    @classmethod
    def in_data_dir(cls, data_dir: Path, *, url: str | None = None, **kwargs) -> Access:
        return cls(data_dir / FILENAME, database=open_database(data_dir, FILENAME, url=url), **kwargs)

    def _now(self) -> datetime:
        return self.clock().astimezone(UTC)

    # --- Telegram users ------------------------------------------------------------------------------

    def telegram_role(self, user_id: int | None) -> str:
        """The user's role now: GOVQA_ADMINS, then GOVQA_OFFICIALS, then a role granted by invite."""
        if user_id is None:
            return "citizen"
        if user_id in self.admins:
            return "admin"
        if user_id in self.officials:
            return "official"
        with self.db.transaction() as db:
            row = db.execute(
                "SELECT role FROM telegram_roles WHERE user_id = ? AND revoked_at IS NULL", (user_id,)
            ).fetchone()
        return row["role"] if row else "citizen"

    def grant(self, user_id: int, role: str, invite_id: int | None = None) -> None:
        with self.db.transaction() as db:
            db.execute(
                "INSERT INTO telegram_roles (user_id, role, granted_at, invite_id) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(user_id) DO UPDATE SET role = excluded.role, granted_at = excluded.granted_at,"
                " invite_id = excluded.invite_id, revoked_at = NULL",
                (user_id, role, _iso(self._now()), invite_id),
            )

    def revoke(self, user_id: int) -> bool:
        """Take back a role granted by invite (roles from settings are changed in the settings)."""
        with self.db.transaction() as db:
            cur = db.execute(
                "UPDATE telegram_roles SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                (_iso(self._now()), user_id),
            )
            return cur.rowcount == 1

    def granted(self) -> list[dict]:
        with self.db.transaction() as db:
            rows = db.execute("SELECT * FROM telegram_roles ORDER BY granted_at").fetchall()
        return [dict(r) for r in rows]

    # --- invite codes --------------------------------------------------------------------------------

    def create_invite(self, *, uses: int = 1, days: float = 7, role: str = "official", by: str | None = None) -> Invite:
        if uses < 1 or days <= 0:
            raise ValueError("an invite needs at least one use and a positive number of days")
        if role not in INVITE_ROLES:
            raise ValueError("invites grant official or admin")
        code = INVITE_PREFIX + secrets.token_urlsafe(16)
        now = self._now()
        expires = now + timedelta(days=days)
        with self.db.transaction() as db:
            cur = db.execute(
                "INSERT INTO invites (code_hash, role, max_uses, created_at, expires_at, created_by)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (keyed_hash(self._key, code), role, uses, _iso(now), _iso(expires), by),
            )
        return Invite(int(cur.scalar()), code, role, uses, expires)

    def redeem(self, code: str, user_id: int) -> str | None:
        """Grant the code's role to the user; the role, or None for an unknown, expired or used-up code.

        A user who already holds that role (or a higher one) keeps it without using up the code.
        """
        if not is_invite(code):
            return None
        now = _iso(self._now())
        code_hash = keyed_hash(self._key, code)
        current = self.telegram_role(user_id)
        with self.db.transaction(immediate=True) as db:
            role = db.execute(
                "SELECT role FROM invites WHERE code_hash = ? AND expires_at > ? AND uses < max_uses", (code_hash, now)
            ).scalar()
            if role is None:
                return None
            if RANK[current] >= RANK[role]:
                return current
            # The use is spent only if one is left when the row is written: two workers redeeming the last
            # use at once cannot both have it (PostgreSQL re-checks the condition on the locked row).
            row = db.execute(
                "UPDATE invites SET uses = uses + 1 WHERE code_hash = ? AND expires_at > ? AND uses < max_uses"
                " RETURNING id, role",
                (code_hash, now),
            ).one()
            if row is None:
                return None
            db.execute(
                "INSERT INTO telegram_roles (user_id, role, granted_at, invite_id) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(user_id) DO UPDATE SET role = excluded.role, granted_at = excluded.granted_at,"
                " invite_id = excluded.invite_id, revoked_at = NULL",
                (user_id, row["role"], now, row["id"]),
            )
            return row["role"]

    # --- API keys ------------------------------------------------------------------------------------

    def create_api_key(self, role: str, name: str = "") -> tuple[str, ApiKey]:
        """A new key (returned once, never stored) and its record."""
        if role not in RANK:
            raise ValueError(f"unknown role {role!r}")
        key = API_KEY_PREFIX + secrets.token_urlsafe(32)
        now = _iso(self._now())
        with self.db.transaction() as db:
            cur = db.execute(
                "INSERT INTO api_keys (key_hash, prefix, name, role, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (keyed_hash(self._key, key), key[:8], name, role, now),
            )
        return key, ApiKey(int(cur.scalar()), name, role, key[:8], now, None, None)

    def api_key(self, key: str) -> ApiKey | None:
        """The live key record for a presented key, or None (unknown or revoked)."""
        if not key.startswith(API_KEY_PREFIX) or len(key) > 200:
            return None
        with self.db.transaction() as db:
            row = db.execute(
                "SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", (keyed_hash(self._key, key),)
            ).fetchone()
        if row is None:
            return None
        try:  # bookkeeping only: a full disk must not turn a valid key away
            with self.db.transaction() as db:
                db.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", (_iso(self._now()), row["id"]))
        except DB_ERRORS:
            pass
        return _api_key(row)

    def api_keys(self) -> list[ApiKey]:
        with self.db.transaction() as db:
            return [_api_key(r) for r in db.execute("SELECT * FROM api_keys ORDER BY id")]

    def revoke_api_key(self, key_id: int) -> bool:
        with self.db.transaction() as db:
            cur = db.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (_iso(self._now()), key_id)
            )
            return cur.rowcount == 1


def is_invite(text: str) -> bool:
    return bool(re.fullmatch(rf"{INVITE_PREFIX}[A-Za-z0-9_-]{{8,60}}", text))


def _api_key(row: Row) -> ApiKey:
    return ApiKey(
        row["id"], row["name"], row["role"], row["prefix"], row["created_at"], row["last_used_at"], row["revoked_at"]
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")
