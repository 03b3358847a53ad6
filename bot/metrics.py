"""/metrics: counters and latency histograms through prometheus-client, in the Prometheus text format.

One `Metrics` per `Services`, each with its own registry, so two services in one process (the tests) never
add up. With `PROMETHEUS_MULTIPROC_DIR` set (several workers), prometheus-client writes every worker's
samples to files in that folder and `render` adds all workers up (its multiprocess mode; the folder must be
emptied before the workers start, see docs/telegram.md, "GET /metrics").

The variable is the library's own: prometheus-client reads it when imported and so decides how it keeps
values. bot/config.py reads it too, once (`FaceSettings.metrics_dir`), and `Services` hands the folder
here: this module never reads the environment.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess

from retrieval import Phrasing

TELEGRAM_EVENTS = {  # kind → what /metrics says it counts
    "unparsable": "Telegram updates python-telegram-bot could not read: logged without content and skipped.",
    "duplicate": "Telegram updates delivered again with an update_id recorded before: dropped.",
    "recovered": "Telegram updates acknowledged but not answered by a worker that stopped, taken over.",
    "stale": "Telegram messages older than 10 minutes when handled: an apology instead of an answer.",
}
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

disable_created_metrics()  # no *_created series: /metrics says what it counted, not when each series began


class Metrics:
    """What the faces count; `render()` is the body of GET /metrics."""

    def __init__(self, multiprocess_dir: Path | None = None) -> None:
        """`multiprocess_dir`: PROMETHEUS_MULTIPROC_DIR as the settings read it (`FaceSettings.metrics_dir`)."""
        self.multiprocess_dir = multiprocess_dir
        self.multiprocess = multiprocess_dir is not None
        # In multiprocess mode the metrics are registered nowhere: render() collects the workers' files instead.
        r = None if self.multiprocess else CollectorRegistry(auto_describe=True)
        self._registry = r
        self._requests = Counter(
            "govqa_http_requests",
            "HTTP requests by route, method and status.",
            ["route", "method", "status"],
            registry=r,
        )
        self._answers = Counter(
            "govqa_answers",
            "Questions answered, by face and answer status (answered, not_found, rejected, error).",
            ["face", "status"],
            registry=r,
        )
        self._not_found = Counter("govqa_not_found", "Questions with no answer in the corpus.", registry=r)
        self._latency = Histogram(
            "govqa_answer_latency_seconds",
            "Time to answer one question, by face.",
            ["face"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._llm_answers = Counter("govqa_llm_answers", "Answers phrased by the LLM.", registry=r)
        self._llm_fallbacks = Counter(
            "govqa_llm_fallbacks",
            "Answers sent to the language model that kept the extractive text, by reason.",
            ["reason"],
            registry=r,
        )
        self._llm_latency = Histogram(
            "govqa_llm_latency_seconds",
            "Time spent on the language model and the guard per answer.",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._telegram_updates = Counter("govqa_telegram_updates", "Telegram updates processed.", registry=r)
        self._webhook_rejected = Counter(
            "govqa_telegram_webhook_rejected", "Webhook calls refused for a wrong or missing secret token.", registry=r
        )
        self._telegram_events = {
            kind: Counter(f"govqa_telegram_updates_{kind}", help_, registry=r)
            for kind, help_ in TELEGRAM_EVENTS.items()
        }
        self._store_errors = Counter(
            "govqa_store_write_errors",
            "Writes to a state database that failed (the answer was still given), by store.",
            ["store"],
            registry=r,
        )
        self._documents = Gauge(
            "govqa_index_documents", "Documents in the served index.", registry=r, multiprocess_mode="mostrecent"
        )
        self._passages = Gauge(
            "govqa_index_passages", "Passages in the served index.", registry=r, multiprocess_mode="mostrecent"
        )

    # --- counting ------------------------------------------------------------------------------------------

    def request(self, route: str, method: str, status: int) -> None:
        self._requests.labels(route=route, method=method, status=str(status)).inc()

    def answered(self, face: str, status: str, seconds: float) -> None:
        self._answers.labels(face=face, status=status).inc()
        if status == "not_found":
            self._not_found.inc()
        self._latency.labels(face=face).observe(seconds)

    def phrased(self, phrasing: Phrasing) -> None:
        """One answer sent to the language model: used, or fallen back to extractive (and why)."""
        if phrasing.used:
            self._llm_answers.inc()
        else:
            self._llm_fallbacks.labels(reason=phrasing.reason or "unknown").inc()
        self._llm_latency.observe(phrasing.seconds)

    def telegram_update(self) -> None:
        self._telegram_updates.inc()

    def webhook_reject(self) -> None:
        self._webhook_rejected.inc()

    def telegram_event(self, kind: str) -> None:
        self._telegram_events[kind].inc()

    def store_error(self, store: str) -> None:
        self._store_errors.labels(store=store).inc()

    # --- reading -------------------------------------------------------------------------------------------

    def render(self, index_meta: dict | None = None) -> bytes:
        """The Prometheus text format of every metric (all workers' in multiprocess mode)."""
        if index_meta:
            self._documents.set(index_meta["documents"])
            self._passages.set(index_meta["passages"])
        return generate_latest(self._collecting())

    def _collecting(self) -> CollectorRegistry:
        if self._registry is not None:
            return self._registry
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry, path=str(self.multiprocess_dir))
        return registry

    def _samples(self, name: str) -> dict[tuple[str, ...], float]:
        """A sample's values by label values, e.g. govqa_answers_total → {("api", "answered"): 2.0}."""
        out: dict[tuple[str, ...], float] = defaultdict(float)
        for family in self._collecting().collect():
            for s in family.samples:
                if s.name == name:
                    out[tuple(s.labels.values())] += s.value
        return out

    @property
    def answers(self) -> dict[tuple[str, str], int]:
        """(face, status) → questions answered so far."""
        return defaultdict(int, {k: int(v) for k, v in self._samples("govqa_answers_total").items()})

    @property
    def telegram_updates(self) -> int:
        return int(self._samples("govqa_telegram_updates_total")[()])

    @property
    def telegram_events(self) -> dict[str, int]:
        """kind (TELEGRAM_EVENTS) → how many."""
        return {kind: int(self._samples(f"govqa_telegram_updates_{kind}_total")[()]) for kind in TELEGRAM_EVENTS}
