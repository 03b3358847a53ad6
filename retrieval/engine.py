"""The one object every face holds: question → normalise → retrieve → compose, over the current index.

`Engine.ask(question, role)` is the single entry point. The engine notices when another process
(a nightly `govqa index`, an admin's /capnhat) switched the data dir to a new build and loads it
before the next question; until then the old build keeps answering. A build found damaged when it is
loaded is rebuilt first (or, with auto_build off, raises IndexCorrupt naming the file and the fix).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from . import threads  # noqa: F401  (first: thread settings before numpy loads)

# isort: split
from . import deadlines
from .answer import ask_index
from .config import Settings
from .deadlines import DueTask
from .followup import Context, remember, resolve
from .home import with_home
from .index import (
    BuildReport,
    IndexCorrupt,
    IndexNotFound,
    LoadedIndex,
    build_index,
    current_build,
    load_index,
    read_meta,
)
from .models import Answer, Hit, Watch
from .row_index import long_lived
from .search import search
from .turn import answer_turn

log = logging.getLogger(__name__)

EMPTY_INDEX = (
    "Kho văn bản chưa có văn bản nào, nên chưa trả lời được. Hãy đặt tệp (PDF, DOCX, XLSX, CSV, HTML, Markdown, "
    "TXT) vào thư mục kho rồi chạy `govqa index`. (The corpus has no documents yet: add files, then run `govqa index`.)"
)


class Engine:
    def __init__(self, settings: Settings, auto_build: bool = True, progress: bool = False) -> None:
        self.settings = settings
        self._auto_build = auto_build
        self._progress = progress
        self._index: LoadedIndex | None = None
        self._lock = threading.Lock()
        # One question at a time: the encoder is not known to be thread-safe, and on two cores
        # parallel answers would only slow each other down. Faces run ask() in a worker thread.
        self._ask_lock = threading.Lock()
        # Optional phrasing by a language model (GOVQA_LLM_URL); None keeps every answer extractive.
        self.composer = _composer(settings)

    # --- the answer path -------------------------------------------------------------------------

    def ask(self, question: str, role: str = "citizen", today: date | None = None) -> Answer:
        """Answer one question for a role; `today` decides what is overdue (default: the real today)."""
        started = time.perf_counter()
        index = self.index()
        if not index.passages:  # an empty corpus folder: an empty index, and a polite word about it
            answer = Answer(question, "not_found", EMPTY_INDEX)
        else:
            with self._ask_lock:
                answer = ask_index(index, question, role, today)
        if self.composer is not None:  # outside the lock: waiting for the model holds no CPU
            answer = self.composer.phrase(answer, role)
        took = (time.perf_counter() - started) * 1000
        log.info("ask role=%s status=%s composer=%s took_ms=%.1f", role, answer.status, answer.composer, took)
        return _with_time(answer, took)

    def converse(
        self, message: str, role: str = "citizen", today: date | None = None, context: Context | None = None
    ) -> tuple[Answer, Context | None]:
        """Answer `message` as the next turn after `context` (None: a first message) and say what the
        conversation keeps: a follow-up ("còn Bộ Ngoại giao thì sao?") is answered as the standalone
        question it means, given back as `Answer.understood_as`."""
        started = time.perf_counter()
        index = self.index()
        with self._ask_lock:
            resolution = resolve(index, context, message, role, today)
        spent = 0.0
        if self.composer is not None:  # a follow-up the rules read from context: the model may say it better
            resolution, spent = _rewritten(self.composer, index, context, resolution, role, today, self._ask_lock)
        with self._ask_lock:
            answer = answer_turn(index, resolution, context, today)
            if answer.status == "not_found" and resolution.fallback is not None:  # "mức 1 thì sao?" after a
                resolution = resolution.fallback  # not-found "cần mang gì?": what is known of mức 1
                answer = answer_turn(index, resolution, context, today)
            kept = remember(index, resolution, answer, context)  # from the extractive answer: its list
        if self.composer is not None:  # the model is asked the question understood, not "còn X thì sao?"
            asked = replace(answer, question=answer.understood_as or answer.question)
            left = self.composer.timeout - spent  # one budget for the turn: the rewrite spent some of it
            answer = replace(self.composer.phrase(asked, role, left), question=answer.question)
        took = (time.perf_counter() - started) * 1000
        log.info("converse role=%s kind=%s status=%s took_ms=%.1f", role, resolution.kind, answer.status, took)
        return _with_time(answer, took), kept

    def search(self, query: str, role: str = "citizen", k: int = 10) -> list[Hit]:
        index = self.index()
        with self._ask_lock:
            return search(index, query, role=role, k=k)

    # --- deadline reminders (the faces' /theodoi and the daily job) ----------------------------------

    def watches(self, text: str, role: str = "citizen") -> list[Watch]:
        """The agencies and communes `text` names in the task registers this role may see (retrieval/deadlines.py)."""
        return deadlines.match(self.index(), role, text)

    def due_tasks(self, watch: Watch, role: str, today: date, days: int) -> list[DueTask]:
        """Unfinished tasks of `watch` due within `days` days of `today`, and those already overdue."""
        return deadlines.due_tasks(self.index(), role, watch, today, days)

    @staticmethod
    def among(watches: list[Watch], text: str) -> list[Watch] | None:
        """Which of the followed `watches` `text` names (None: "tất cả", all of them)."""
        return deadlines.among(watches, text)

    # --- the index ---------------------------------------------------------------------------------

    def index(self, wait: bool = False) -> LoadedIndex:
        """The loaded index, reloaded when the data dir now serves a newer build. While another thread loads
        the new build, the old one keeps answering (unless `wait`: after this engine's own build)."""
        build = current_build(self.settings.data_dir)
        if self._index is not None and self._index.build == build:
            return self._index
        if self._index is None or wait:
            self._lock.acquire()
        elif not self._lock.acquire(blocking=False):
            return self._index  # another thread is loading the new build: the old one answers meanwhile
        try:
            build = current_build(self.settings.data_dir)
            if self._index is None or self._index.build != build:
                if build is None or read_meta(self.settings.data_dir) is None:
                    if not self._auto_build:
                        raise IndexNotFound(f"no index in {self.settings.data_dir}; build one with `govqa index`")
                    log.info("no index in %s yet: building it first", self.settings.data_dir)
                    build_index(self.settings, progress=self._progress)
                self._index = self._load()
                log.info("serving index build %s (%d passages)", self._index.build, len(self._index.passages))
        finally:
            self._lock.release()
        return self._index

    def _load(self) -> LoadedIndex:
        """The current build; a damaged one is rebuilt when this engine builds, else IndexCorrupt says so."""
        gc.unfreeze()  # the build loaded before may be dropped now: its objects are collectable again
        try:
            loaded = load_index(self.settings)
        except IndexCorrupt as e:
            if not self._auto_build:
                raise
            log.warning("%s", e.rebuilding())
            build_index(self.settings, progress=self._progress, force=True)
            loaded = load_index(self.settings)
        loaded = with_home(loaded, self.settings.home_province, self.settings.home_commune)
        # A loaded build is hundreds of thousands of objects that live as long as it serves; left to the
        # cyclic garbage collector, each full collection walks them all (0.1–0.5 s at 100× the registers,
        # in the middle of some answer). Frozen, collections walk only what answers make.
        return long_lived(loaded)

    def build(
        self, corpus: list[Path] | None = None, progress: Callable[[int, int], None] | None = None
    ) -> BuildReport:
        """Build (see retrieval.index.build_index; `progress` replaces the engine's own bar) and serve the result."""
        report = build_index(self.settings, corpus, progress=progress or self._progress)
        self.index(wait=True)
        return report


def _composer(settings: Settings):
    if not settings.llm_url:
        return None
    from .llm import LlmComposer  # langchain-openai is an optional extra

    return LlmComposer.from_settings(settings)


def _rewritten(composer, index, context, resolution, role, today, lock):
    from .llm_followup import rewrite  # langchain-core, like the composer: only when configured

    found = rewrite(composer, index, context, resolution, role, today, lock)
    return found.resolution, found.seconds


def _with_time(answer: Answer, took_ms: float) -> Answer:
    from dataclasses import replace

    return replace(answer, took_ms=round(took_ms, 1))
