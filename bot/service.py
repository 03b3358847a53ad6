"""What the Telegram and HTTP faces share: the engine, the query log, the metrics, and the one `ask` using all three."""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from retrieval.models import Answer

from .querylog import QueryLog

log = logging.getLogger(__name__)

ROLE = "citizen"  # every face answers as a citizen until roles land
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True)
class Asked:
    """An answer and the query-log row that records it (the id feedback buttons point at)."""

    question_id: int
    answer: Answer


class Services:
    def __init__(self, engine, querylog: QueryLog, metrics: Metrics | None = None) -> None:
        self.engine = engine  # retrieval.engine.Engine, or anything with its ask() and index()
        self.querylog = querylog
        self.metrics = metrics or Metrics()

    @classmethod
    def for_engine(cls, engine) -> Services:
        return cls(engine, QueryLog.in_data_dir(Path(engine.settings.data_dir)))

    def ask(self, question: str, *, face: str, user_id: int | None = None, chat_id: int | None = None) -> Asked:
        """Answer, record and count one question. Blocking and CPU-bound: async faces run it in a thread."""
        started = time.perf_counter()
        answer: Answer | None = None
        try:
            answer = self.engine.ask(question, role=ROLE)
        finally:
            seconds = time.perf_counter() - started
            qid = self.querylog.record(
                question, answer, face=face, latency_ms=seconds * 1000, user_id=user_id, chat_id=chat_id
            )
            self.metrics.answered(face, answer.status if answer else "error", seconds)
        log.info("question %d face=%s status=%s took_ms=%.1f", qid, face, answer.status, seconds * 1000)
        return Asked(qid, answer)


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

    def telegram_update(self) -> None:
        with self._lock:
            self.telegram_updates += 1

    def webhook_reject(self) -> None:
        with self._lock:
            self.webhook_rejected += 1

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
