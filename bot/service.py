"""What the Telegram and HTTP faces share: settings, the engine, roles, the query log, reminders and metrics.

`Services.ask` is the one path a question takes from any face: answer for a role, record, count.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

from retrieval import Answer, ConfigError, after_reset, is_reset

from .access import FILENAME as ACCESS_FILE
from .access import Access
from .conversations import FILENAME as CONVERSATIONS_FILE
from .conversations import Conversations
from .db import DB_ERRORS
from .health import Health, open_store
from .metrics import Metrics
from .privacy import Pseudonyms
from .querylog import FILENAME as QUERYLOG_FILE
from .querylog import QueryLog
from .reminders import FILENAME as REMINDERS_FILE
from .reminders import Subscriptions
from .updates import FILENAME as UPDATES_FILE
from .updates import UpdateLedger

log = logging.getLogger(__name__)

TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class FaceSettings:
    """Settings of the faces beyond the Telegram transport: roles, privacy, reminders. Checked at start."""

    id_secret: str | None = field(default=None, repr=False)
    retention_days: int = 90
    officials: frozenset[int] = frozenset()
    admins: frozenset[int] = frozenset()
    reminder_time: dtime = dtime(7, 30)
    reminder_days: int = 7
    timezone: str = TIMEZONE
    upload_max_passages: int = 5000  # passages one uploaded file may add
    upload_timeout: float = 900.0  # seconds an upload may take to read and index

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> FaceSettings:
        env = dict(os.environ if env is None else env)
        retention = (env.get("GOVQA_RETENTION_DAYS") or "90").strip()
        if not retention.isdigit():
            raise ConfigError(
                f"GOVQA_RETENTION_DAYS='{retention}' is not a whole number of days; use e.g. 90 "
                "(question texts are deleted after that many days), or 0 to never store them"
            )
        days = (env.get("GOVQA_REMINDER_DAYS") or "7").strip()
        if not days.isdigit() or not 0 <= int(days) <= 366:
            raise ConfigError(
                f"GOVQA_REMINDER_DAYS='{days}' is not a number of days (0-366); use e.g. 7 to remind of "
                "tasks due within the next 7 days"
            )
        raw_time = (env.get("GOVQA_REMINDER_TIME") or "07:30").strip()
        m = re.fullmatch(r"([01]?\d|2[0-3])[:h]([0-5]\d)", raw_time)
        if not m:
            raise ConfigError(
                f"GOVQA_REMINDER_TIME='{raw_time}' is not a time of day; write it as HH:MM, e.g. 07:30 "
                f"(Vietnam time, {TIMEZONE})"
            )
        bounds = {}
        for name, key, default, example in (
            ("GOVQA_UPLOAD_MAX_PASSAGES", "upload_max_passages", "5000", "5000"),
            ("GOVQA_UPLOAD_TIMEOUT", "upload_timeout", "900", "900 (15 minutes)"),
        ):
            raw = (env.get(name) or default).strip()
            if not raw.isdigit() or int(raw) < 1:
                raise ConfigError(f"{name}='{raw}' is not a positive whole number; use e.g. {example}")
            bounds[key] = int(raw)
        return cls(
            **bounds,
            id_secret=(env.get("GOVQA_ID_SECRET") or "").strip() or None,
            retention_days=int(retention),
            officials=_user_ids(env, "GOVQA_OFFICIALS"),
            admins=_user_ids(env, "GOVQA_ADMINS"),
            reminder_time=dtime(int(m[1]), int(m[2]), tzinfo=ZoneInfo(TIMEZONE)),
            reminder_days=int(days),
        )


def _user_ids(env: dict[str, str], name: str) -> frozenset[int]:
    raw = (env.get(name) or "").strip()
    ids = [p.strip() for p in re.split(r"[,;\s]+", raw) if p.strip()]
    bad = [p for p in ids if not re.fullmatch(r"\d{1,15}", p)]
    if bad:
        raise ConfigError(
            f"{name} holds '{bad[0]}', which is not a Telegram user id; list numeric ids separated by commas, "
            "e.g. 123456789,987654321 (a user sees theirs by sending /start to @userinfobot)"
        )
    return frozenset(int(p) for p in ids)


@dataclass(frozen=True)
class Asked:
    """An answer and the query-log row that records it (the id feedback buttons point at)."""

    question_id: int
    answer: Answer
    role: str = "citizen"
    kept: object = None  # what the conversation keeps of this turn (retrieval.followup.Context), if any


class Services:
    def __init__(
        self,
        engine,
        querylog: QueryLog,
        metrics: Metrics | None = None,
        *,
        settings: FaceSettings | None = None,
        access: Access | None = None,
        subscriptions: Subscriptions | None = None,
        conversations: Conversations | None = None,
        updates: UpdateLedger | None = None,
        clock=None,
    ) -> None:
        self.engine = engine  # retrieval.engine.Engine, or anything with its ask() and index()
        self.querylog = querylog
        self.metrics = metrics or Metrics()
        self.settings = settings or FaceSettings()
        self.zone = ZoneInfo(self.settings.timezone)
        # "now" for reminders, retention and what counts as overdue; tests replace it with a fixed moment.
        self.clock = clock or (lambda: datetime.now(self.zone))
        self.health = Health(self.metrics)
        self._unlogged = itertools.count(1)  # ids for answers the query log could not take (shown negative)
        data_dir = querylog.path.parent
        self.access = access or open_store(
            "access",
            data_dir / ACCESS_FILE,
            lambda: Access.in_data_dir(data_dir, officials=self.settings.officials, admins=self.settings.admins),
        )
        self.subscriptions = subscriptions or open_store(
            "reminders", data_dir / REMINDERS_FILE, lambda: Subscriptions.in_data_dir(data_dir)
        )
        self.updates = updates or open_store(
            "updates", data_dir / UPDATES_FILE, lambda: UpdateLedger.in_data_dir(data_dir)
        )
        minutes = getattr(getattr(engine, "settings", None), "session_minutes", 30)
        self.conversations = conversations or open_store(
            "conversations",
            data_dir / CONVERSATIONS_FILE,
            lambda: Conversations.in_data_dir(data_dir, minutes=minutes, pseudonyms=querylog.pseudonym),
        )

    @classmethod
    def for_engine(cls, engine, settings: FaceSettings | None = None) -> Services:
        settings = settings or FaceSettings()
        data_dir = Path(engine.settings.data_dir)
        pseudonyms = Pseudonyms.for_data_dir(data_dir, settings.id_secret or "")
        querylog = open_store(
            "querylog",
            data_dir / QUERYLOG_FILE,
            lambda: QueryLog.in_data_dir(data_dir, pseudonyms=pseudonyms, retention_days=settings.retention_days),
        )
        return cls(engine, querylog, settings=settings)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone(self.zone).date()

    def chat_role(self, chat_type: str | None, user_id: int | None) -> str:
        """A private chat has its user's role; a group may hold anyone, so it is answered as citizens are."""
        return self.access.telegram_role(user_id) if chat_type == "private" else "citizen"

    def ask(
        self,
        question: str,
        *,
        face: str,
        role: str = "citizen",
        user_id: int | str | None = None,
        chat_id: int | str | None = None,
        conversation: str | None = None,
        keep: bool = True,
    ) -> Asked:
        """Answer, record and count one question. Blocking and CPU-bound: async faces run it in a thread.

        With `conversation` (a name, bot/conversations.py) the question is the next turn of that
        conversation: a follow-up is resolved against its last turn, and this turn becomes the last one
        (unless `keep` is False: a group answer is continued by replying to it, so the face stores the
        turn under the answer's message, `Asked.kept`)."""
        started = time.perf_counter()
        answer: Answer | None = None
        kept = None
        try:
            answer, kept = self._answer(question, role, conversation, keep)
        finally:
            seconds = time.perf_counter() - started
            try:
                qid = self.querylog.record(
                    question,
                    answer,
                    face=face,
                    role=role,
                    latency_ms=seconds * 1000,
                    user_id=user_id,
                    chat_id=chat_id,
                    at=self.now(),
                )
                self.health.ok("querylog")
            except (*DB_ERRORS, OSError) as e:  # disk full, read-only, a broken file: the answer still goes out
                self.health.failed("querylog", e)
                qid = -next(self._unlogged)
            self.metrics.answered(face, answer.status if answer else "error", seconds)
            if answer is not None and answer.phrasing is not None:
                self.metrics.phrased(answer.phrasing)
        log.info("question %d face=%s role=%s status=%s took_ms=%.1f", qid, face, role, answer.status, seconds * 1000)
        return Asked(qid, answer, role, kept)

    def _answer(self, question: str, role: str, conversation: str | None, keep: bool) -> tuple[Answer, object]:
        if conversation is None:
            return self.engine.ask(question, role=role, today=self.today()), None
        return converse(self.engine, self.conversations, conversation, question, role, self.today(), keep)

    def database_state(self) -> dict:
        """For /healthz: which engine holds the state and whether it answers now (a lost one is degraded).

        SQLite files are the process's own: their failures are the stores' writes, already named one by one."""
        db = self.querylog.db
        if db.engine == "sqlite":
            return {"engine": "sqlite", "ok": not self.health.degraded()}
        try:
            db.ping()
            self.health.ok("database")
            ok = True
        except (*DB_ERRORS, OSError) as e:
            self.health.failed("database", e)
            ok = False
        return {"engine": db.engine, "ok": ok}

    def purge(self) -> int:
        """Delete question texts past the retention period (the daily job, and `govqa purge`), and update ids
        old enough that Telegram no longer redelivers them."""
        self.updates.purge()
        n = self.querylog.purge(self.now())
        log.info("retention: blanked %d question texts older than %d days", n, self.querylog.retention_days)
        return n


def converse(
    engine, conversations: Conversations, name: str, message: str, role: str, today: date, keep: bool = True
) -> tuple[Answer, object]:
    """One turn of conversation `name`: "câu hỏi mới" starts it over; the turn becomes its last one (when
    `keep`). Returns (answer, what the conversation keeps of the turn)."""
    if is_reset(message):
        conversations.reset(name)
        rest = after_reset(message)
        if not rest:
            return Answer(message, "rejected", NEW_CONVERSATION), None
        message = rest
    context = conversations.get(name, role)
    answer, kept = engine.converse(message, role=role, today=today, context=context)
    if keep:
        conversations.put(name, kept)
    return answer, kept


NEW_CONVERSATION = (
    "Đã bắt đầu cuộc trò chuyện mới: câu hỏi tiếp theo được hiểu như một câu hỏi riêng. / "
    "Started over: the next question is read on its own."
)
