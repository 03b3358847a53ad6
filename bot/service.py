"""What the Telegram and HTTP faces share: settings, the engine, roles, the query log, reminders and metrics.

`Services.ask` is the one path a question takes from any face: answer for a role, record, count.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from retrieval import Answer, after_reset, is_reset

from .access import FILENAME as ACCESS_FILE
from .access import Access
from .answers import FILENAME as ANSWERS_FILE
from .answers import AnswerStore
from .config import FaceSettings
from .conversations import FILENAME as CONVERSATIONS_FILE
from .conversations import Conversations
from .db import DB_ERRORS
from .health import Health, open_store
from .metrics import Metrics
from .privacy import Pseudonyms
from .querylog import FILENAME as QUERYLOG_FILE
from .querylog import QueryLog
from .ratelimit import FILENAME as RATELIMITS_FILE
from .ratelimit import RateLimits
from .reminders import FILENAME as REMINDERS_FILE
from .reminders import Subscriptions
from .updates import FILENAME as UPDATES_FILE
from .updates import UpdateLedger

log = logging.getLogger(__name__)


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
        ratelimits: RateLimits | None = None,
        answers: AnswerStore | None = None,
        clock=None,
    ) -> None:
        self.engine = engine  # retrieval.engine.Engine, or anything with its ask() and index()
        self.querylog = querylog
        self.settings = settings or FaceSettings()
        self.metrics = metrics or Metrics(self.settings.metrics_dir)
        self.zone = ZoneInfo(self.settings.timezone)
        # "now" for reminders, retention and what counts as overdue; tests replace it with a fixed moment.
        self.clock = clock or (lambda: datetime.now(self.zone))
        self.health = Health(self.metrics)
        self._unlogged = itertools.count(1)  # ids for answers the query log could not take (shown negative)
        data_dir = querylog.path.parent
        url = self.settings.database_url  # None: each store on its SQLite file in the data dir
        names = querylog.pseudonym
        self.access = access or open_store(
            "access",
            data_dir / ACCESS_FILE,
            lambda: Access.in_data_dir(
                data_dir, url=url, officials=self.settings.officials, admins=self.settings.admins
            ),
        )
        self.subscriptions = subscriptions or open_store(
            "reminders", data_dir / REMINDERS_FILE, lambda: Subscriptions.in_data_dir(data_dir, url=url)
        )
        self.updates = updates or open_store(
            "updates", data_dir / UPDATES_FILE, lambda: UpdateLedger.in_data_dir(data_dir, url=url)
        )
        self.ratelimits = ratelimits or open_store(
            "ratelimits",
            data_dir / RATELIMITS_FILE,
            lambda: RateLimits.in_data_dir(data_dir, url=url, pseudonyms=names),
        )
        self.answers = answers or open_store(
            "answers", data_dir / ANSWERS_FILE, lambda: AnswerStore.in_data_dir(data_dir, url=url, pseudonyms=names)
        )
        minutes = getattr(getattr(engine, "settings", None), "session_minutes", 30)
        self.conversations = conversations or open_store(
            "conversations",
            data_dir / CONVERSATIONS_FILE,
            lambda: Conversations.in_data_dir(data_dir, url=url, minutes=minutes, pseudonyms=names),
        )

    @classmethod
    def for_engine(cls, engine, settings: FaceSettings | None = None) -> Services:
        settings = settings or FaceSettings()
        return cls(engine, open_querylog(Path(engine.settings.data_dir), settings), settings=settings)

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

    @staticmethod
    def drafts_to(show: Callable[[str], None]):
        """A block within which a model's streamed answer is given to `show` as it grows, each beginning
        checked by the figure guard first (retrieval/drafts.py): for faces that edit their message."""
        from retrieval import drafts_to

        return drafts_to(show)

    def _answer(self, question: str, role: str, conversation: str | None, keep: bool) -> tuple[Answer, object]:
        if conversation is None:
            return self.engine.ask(question, role=role, today=self.today()), None
        return converse(self.engine, self.conversations, conversation, question, role, self.today(), keep)

    # --- what the buttons under a Telegram answer point at (bot/answers.py) ---------------------------

    def keep_answer(self, question_id: int, answer: Answer, chat_id: int, role: str) -> None:
        """Keep an answer for its buttons; a store that cannot be written only makes them say "đã cũ"."""
        try:
            self.answers.put(question_id, answer, chat_id, role)
            self.health.ok("answers")
        except (*DB_ERRORS, OSError) as e:
            self.health.failed("answers", e)

    def stored_answer(self, question_id: int, chat_id: int, role: str | None = None) -> tuple[Answer | None, bool]:
        """(the answer given in that chat if `role` may still see it, whether it was withheld for a role lost)."""
        try:
            return self.answers.lookup(question_id, chat_id, role)
        except (*DB_ERRORS, OSError) as e:
            self.health.failed("answers", e)
            return None, False

    def last_answer(self, chat_id: int) -> int | None:
        """The query-log id of the last answer given in this chat (/nguon)."""
        try:
            return self.answers.latest(chat_id)
        except (*DB_ERRORS, OSError) as e:
            self.health.failed("answers", e)
            return None

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
        self.answers.purge()
        n = self.querylog.purge(self.now())
        log.info("retention: blanked %d question texts older than %d days", n, self.querylog.retention_days)
        return n


def open_querylog(data_dir: Path, settings: FaceSettings) -> QueryLog:
    """The data dir's query log as the settings say: on their database, users named with their key."""
    pseudonyms = Pseudonyms.for_data_dir(data_dir, settings.id_secret)
    return open_store(
        "querylog",
        data_dir / QUERYLOG_FILE,
        lambda: QueryLog.in_data_dir(
            data_dir, url=settings.database_url, pseudonyms=pseudonyms, retention_days=settings.retention_days
        ),
    )


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
