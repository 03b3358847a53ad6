"""Deadline reminders: which chats follow which agency or commune, what was already sent, and the message.

Kept in `<data dir>/reminders.sqlite3`. Chat ids are stored in clear: they are where reminders go. The
daily job itself (bot/telegram.py `send_reminders`) decides the role at send time, so a chat whose user
lost a role stops getting internal rows the next morning.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from retrieval.deadlines import DueTask, Watch
from retrieval.files import private_file

from .format import esc

FILENAME = "reminders.sqlite3"
MAX_ITEMS = 30  # per chat per day; the rest follow on the next days (they are not marked sent)
KIND_NAMES = {"agency": "cơ quan chủ trì", "commune": "xã/phường"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (
    chat_id     INTEGER NOT NULL,
    chat_type   TEXT NOT NULL,      -- private | group | supergroup
    user_id     INTEGER,            -- who subscribed; in a private chat the role is theirs
    kind        TEXT NOT NULL,      -- agency | commune
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (chat_id, kind, name)
);
CREATE TABLE IF NOT EXISTS reminders_sent (
    chat_id     INTEGER NOT NULL,
    task_key    TEXT NOT NULL,      -- register, task and due date: a new date is a new reminder
    window      TEXT NOT NULL,      -- due | overdue
    sent_on     TEXT NOT NULL,
    PRIMARY KEY (chat_id, task_key, window)
);
"""


@dataclass(frozen=True)
class Subscriber:
    chat_id: int
    chat_type: str
    user_id: int | None
    watches: tuple[Watch, ...]


class Subscriptions:
    def __init__(self, path: Path) -> None:
        self.path = path
        private_file(path)  # 0600 before SQLite makes it (its -wal and -shm files follow)
        with closing(self._connect()) as db, db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Subscriptions:
        return cls(data_dir / FILENAME)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        return db

    def add(self, chat_id: int, chat_type: str, user_id: int | None, watch: Watch) -> bool:
        """Follow; False when the chat already follows it."""
        with closing(self._connect()) as db, db:
            cur = db.execute(
                "INSERT OR IGNORE INTO subscriptions VALUES (?, ?, ?, ?, ?, ?)",
                (chat_id, chat_type, user_id, watch.kind, watch.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            return cur.rowcount == 1

    def remove(self, chat_id: int, watches: Iterable[Watch] | None = None) -> int:
        """Stop following these (default: everything); returns how many were removed."""
        with closing(self._connect()) as db, db:
            if watches is None:
                return db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,)).rowcount
            return sum(
                db.execute(
                    "DELETE FROM subscriptions WHERE chat_id = ? AND kind = ? AND name = ?", (chat_id, w.kind, w.name)
                ).rowcount
                for w in watches
            )

    def of_chat(self, chat_id: int) -> list[Watch]:
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT kind, name FROM subscriptions WHERE chat_id = ? ORDER BY rowid", (chat_id,)
            ).fetchall()
        return [Watch(r["kind"], r["name"]) for r in rows]

    def subscribers(self) -> list[Subscriber]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT * FROM subscriptions ORDER BY chat_id, rowid").fetchall()
        by_chat: dict[int, Subscriber] = {}
        for r in rows:
            s = by_chat.get(r["chat_id"])
            watch = Watch(r["kind"], r["name"])
            if s is None:
                by_chat[r["chat_id"]] = Subscriber(r["chat_id"], r["chat_type"], r["user_id"], (watch,))
            else:
                by_chat[r["chat_id"]] = Subscriber(s.chat_id, s.chat_type, s.user_id, (*s.watches, watch))
        return list(by_chat.values())

    def sent(self, chat_id: int) -> set[tuple[str, str]]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT task_key, window FROM reminders_sent WHERE chat_id = ?", (chat_id,)).fetchall()
        return {(r["task_key"], r["window"]) for r in rows}

    def mark_sent(self, chat_id: int, items: Iterable[tuple[str, str]], today: date) -> None:
        with closing(self._connect()) as db, db:
            db.executemany(
                "INSERT OR IGNORE INTO reminders_sent VALUES (?, ?, ?, ?)",
                [(chat_id, key, window, today.isoformat()) for key, window in items],
            )


def task_key(d: DueTask) -> str:
    t = d.task
    return f"{t.doc_id}#{t.task_id or t.row}|{t.due_date.isoformat() if t.due_date else ''}"


def pending(
    sections: list[tuple[Watch, list[DueTask]]], already: set[tuple[str, str]]
) -> list[tuple[Watch, list[DueTask]]]:
    """Drop what this chat was told already in the same window, and a task listed under two follows."""
    seen: set[str] = set()
    out = []
    left = MAX_ITEMS
    for watch, items in sections:
        keep = []
        for d in items:
            key = task_key(d)
            if (key, d.window) in already or key in seen or left <= 0:
                continue
            seen.add(key)
            keep.append(d)
            left -= 1
        if keep:
            out.append((watch, keep))
    return out


def reminder_html(sections: list[tuple[Watch, list[DueTask]]], today: date, days: int) -> str:
    """One message for one chat: a block per followed agency or commune, overdue tasks first."""
    parts = [f"<b>⏰ Nhắc hạn nhiệm vụ — ngày {_d(today)}</b>"]
    for watch, items in sections:
        lines = [f"<b>{esc(watch.name)}</b> ({KIND_NAMES[watch.kind]}):"]
        for d in sorted(items, key=lambda d: (d.window != "overdue", d.task.due_date)):
            lines.append("• " + esc(_line(d)))
        parts.append("\n".join(lines))
    parts.append(
        f"<i>Nhiệm vụ đến hạn trong {days} ngày tới và nhiệm vụ quá hạn chưa hoàn thành; mỗi nhiệm vụ chỉ "
        "nhắc một lần cho mỗi mốc. /dangtheodoi để xem, /huytheodoi để thôi theo dõi.</i>"
    )
    return "\n\n".join(parts)


def _line(d: DueTask) -> str:
    t = d.task
    head = f"[{t.task_id}] {t.title}" if t.task_id else t.title
    due = _d(t.due_date)
    if d.window == "overdue":
        if not t.status:
            when = f"hạn {due}: đã đến hạn (chưa có dữ liệu tình trạng)"
        else:
            when = f"hạn {due}: quá hạn {-d.days_left} ngày, tình trạng: {t.status}"
    elif d.days_left == 0:
        when = f"hạn {due}: đến hạn hôm nay"
    else:
        when = f"hạn {due}: còn {d.days_left} ngày"
        if d.has_status and t.status:
            when += f", tình trạng: {t.status}"
    return f"{head} — chủ trì: {t.lead}; {when} (theo {d.register})"


def _d(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"
