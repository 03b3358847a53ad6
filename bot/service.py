"""What the Telegram and HTTP faces share: settings, the engine, roles, the query log, reminders and metrics.

`Services.ask` is the one path a question takes from any face: answer for a role, record, count.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from retrieval.followup import after_reset, is_reset
from retrieval.models import Answer, Phrasing

from .access import FILENAME as ACCESS_FILE
from .access import Access
from .answers import FILENAME as ANSWERS_FILE
from .answers import AnswerStore
from .config import FaceSettings
from .conversations import FILENAME as CONVERSATIONS_FILE
from .conversations import Conversations
from .db import DB_ERRORS
from .health import Health, open_store
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

TELEGRAM_EVENTS = {  # kind → what /metrics says it counts
    "unparsable": "Telegram updates python-telegram-bot could not read: logged without content and skipped.",
    "duplicate": "Telegram updates delivered again with an update_id recorded before: dropped.",
    "recovered": "Telegram updates acknowledged but not answered by a worker that stopped, taken over.",
    "stale": "Telegram messages older than 10 minutes when handled: an apology instead of an answer.",
}
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


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
        self.ratelimits = ratelimits or open_store(
            "ratelimits",
            data_dir / RATELIMITS_FILE,
            lambda: RateLimits.in_data_dir(data_dir, pseudonyms=querylog.pseudonym),
        )
        self.answers = answers or open_store(
            "answers", data_dir / ANSWERS_FILE, lambda: AnswerStore.in_data_dir(data_dir, pseudonyms=querylog.pseudonym)
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

    @staticmethod
    def drafts_to(show: Callable[[str], None]):
        """A block within which a model's streamed answer is given to `show` as it grows, each beginning
        checked by the figure guard first (retrieval/drafts.py): for faces that edit their message."""
        from retrieval.drafts import drafts_to

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


class Metrics:
    """Counters and a latency histogram, rendered in the Prometheus text format (no client library needed)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, str], int] = defaultdict(int)  # (route, method, status)
        self.answers: dict[tuple[str, str], int] = defaultdict(int)  # (face, status)
        self.latency: dict[str, list[int]] = {}  # face → count per bucket (+Inf last)
        self.latency_sum: dict[str, float] = defaultdict(float)
        self.telegram_updates = 0
        self.webhook_rejected = 0
        self.telegram_events: dict[str, int] = defaultdict(int)  # see TELEGRAM_EVENTS
        self.store_errors: dict[str, int] = defaultdict(int)  # store → write errors
        self.llm_answers = 0
        self.llm_fallbacks: dict[str, int] = defaultdict(int)  # reason → count
        self.llm_latency = [0] * (len(LATENCY_BUCKETS) + 1)
        self.llm_latency_sum = 0.0

    def request(self, route: str, method: str, status: int) -> None:
        with self._lock:
            self.requests[(route, method, str(status))] += 1

    def answered(self, face: str, status: str, seconds: float) -> None:
        with self._lock:
            self.answers[(face, status)] += 1
            buckets = self.latency.setdefault(face, [0] * (len(LATENCY_BUCKETS) + 1))
            for i, bound in enumerate((*LATENCY_BUCKETS, float("inf"))):
                if seconds <= bound:
                    buckets[i] += 1
            self.latency_sum[face] += seconds

    def phrased(self, phrasing: Phrasing) -> None:
        """One answer sent to the language model: used, or fallen back to extractive (and why)."""
        with self._lock:
            if phrasing.used:
                self.llm_answers += 1
            else:
                self.llm_fallbacks[phrasing.reason or "unknown"] += 1
            for i, bound in enumerate((*LATENCY_BUCKETS, float("inf"))):
                if phrasing.seconds <= bound:
                    self.llm_latency[i] += 1
            self.llm_latency_sum += phrasing.seconds

    def telegram_update(self) -> None:
        with self._lock:
            self.telegram_updates += 1

    def webhook_reject(self) -> None:
        with self._lock:
            self.webhook_rejected += 1

    def telegram_event(self, kind: str) -> None:
        with self._lock:
            self.telegram_events[kind] += 1

    def store_error(self, store: str) -> None:
        with self._lock:
            self.store_errors[store] += 1

    def render(self, index_meta: dict | None = None) -> str:
        with self._lock:
            out: list[str] = []

            def family(name: str, kind: str, help_: str, samples: list[tuple[dict, float]]) -> None:
                out.append(f"# HELP {name} {help_}")
                out.append(f"# TYPE {name} {kind}")
                for labels, value in samples:
                    out.append(f"{name}{_labels(labels)} {_number(value)}")

            family(
                "govqa_http_requests_total",
                "counter",
                "HTTP requests by route, method and status.",
                [({"route": r, "method": m, "status": s}, n) for (r, m, s), n in sorted(self.requests.items())],
            )
            family(
                "govqa_answers_total",
                "counter",
                "Questions answered, by face and answer status (answered, not_found, rejected, error).",
                [({"face": f, "status": s}, n) for (f, s), n in sorted(self.answers.items())],
            )
            not_found = sum(n for (_, s), n in self.answers.items() if s == "not_found")
            family("govqa_not_found_total", "counter", "Questions with no answer in the corpus.", [({}, not_found)])
            out.append("# HELP govqa_answer_latency_seconds Time to answer one question, by face.")
            out.append("# TYPE govqa_answer_latency_seconds histogram")
            for face, buckets in sorted(self.latency.items()):
                for bound, count in zip((*LATENCY_BUCKETS, float("inf")), buckets):
                    le = "+Inf" if bound == float("inf") else repr(bound)
                    out.append(f"govqa_answer_latency_seconds_bucket{_labels({'face': face, 'le': le})} {count}")
                out.append(f"govqa_answer_latency_seconds_sum{_labels({'face': face})} {self.latency_sum[face]:.6f}")
                out.append(f"govqa_answer_latency_seconds_count{_labels({'face': face})} {buckets[-1]}")
            family("govqa_llm_answers_total", "counter", "Answers phrased by the LLM.", [({}, self.llm_answers)])
            family(
                "govqa_llm_fallbacks_total",
                "counter",
                "Answers sent to the language model that kept the extractive text, by reason.",
                [({"reason": r}, n) for r, n in sorted(self.llm_fallbacks.items())],
            )
            out.append("# HELP govqa_llm_latency_seconds Time spent on the language model and the guard per answer.")
            out.append("# TYPE govqa_llm_latency_seconds histogram")
            for bound, count in zip((*LATENCY_BUCKETS, float("inf")), self.llm_latency):
                le = "+Inf" if bound == float("inf") else repr(bound)
                out.append(f"govqa_llm_latency_seconds_bucket{_labels({'le': le})} {count}")
            out.append(f"govqa_llm_latency_seconds_sum {self.llm_latency_sum:.6f}")
            out.append(f"govqa_llm_latency_seconds_count {self.llm_latency[-1]}")
            family(
                "govqa_telegram_updates_total",
                "counter",
                "Telegram updates processed.",
                [({}, self.telegram_updates)],
            )
            family(
                "govqa_telegram_webhook_rejected_total",
                "counter",
                "Webhook calls refused for a wrong or missing secret token.",
                [({}, self.webhook_rejected)],
            )
            for kind, help_ in TELEGRAM_EVENTS.items():
                family(f"govqa_telegram_updates_{kind}_total", "counter", help_, [({}, self.telegram_events[kind])])
            family(
                "govqa_store_write_errors_total",
                "counter",
                "Writes to a state database that failed (the answer was still given), by store.",
                [({"store": k}, n) for k, n in sorted(self.store_errors.items())],
            )
        if index_meta:
            family("govqa_index_documents", "gauge", "Documents in the served index.", [({}, index_meta["documents"])])
            family("govqa_index_passages", "gauge", "Passages in the served index.", [({}, index_meta["passages"])])
        return "\n".join(out) + "\n"


def _labels(labels: dict[str, str]) -> str:
    if not labels:
        return ""
    esc = {k: str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") for k, v in labels.items()}
    return "{" + ",".join(f'{k}="{v}"' for k, v in esc.items()) + "}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
