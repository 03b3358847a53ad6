"""The state databases' health: which are failing now (for /healthz), and a corrupt file told at start.

Answers never depend on these stores: a write that fails (disk full, a read-only or broken file) is
counted, named in /healthz as `degraded`, and the answer goes out anyway. A file that is already
corrupt when the process starts stops it with one line naming the file and the fix.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from retrieval.config import ConfigError

log = logging.getLogger(__name__)

T = TypeVar("T")

# store → (what is lost with the file, in Vietnamese, in English)
LOST = {
    "querylog": ("lịch sử câu hỏi, góp ý và thống kê", "the question history, feedback and statistics"),
    "access": (
        "vai trò cấp qua mã mời, mã mời và khóa API (phải cấp lại)",
        "roles granted by invite, invite codes and API keys (grant them again)",
    ),
    "reminders": (
        "danh sách theo dõi nhắc hạn (người dùng /theodoi lại)",
        "the reminder follows (users /theodoi again)",
    ),
    "updates": ("chỉ danh sách update Telegram đã nhận", "only the list of Telegram updates received"),
    "conversations": ("chỉ ngữ cảnh các cuộc trò chuyện đang dở", "only the context of conversations under way"),
    "ratelimits": (
        "chỉ số câu hỏi gần đây của mỗi người (giới hạn tốc độ)",
        "only the recent counts of the rate limits",
    ),
    "answers": (
        "chỉ nút «📄 Nguồn», «Xem thêm» của các câu trả lời cũ",
        "only the «Nguồn»/«Xem thêm» buttons of earlier answers",
    ),
}


class StateFileCorrupt(ConfigError):
    """A state database cannot be read at start; str() is one bilingual line with the file and the fix."""


def open_store(store: str, path: Path, factory: Callable[[], T]) -> T:
    """factory(), or StateFileCorrupt when the SQLite file at `path` is not a readable database."""
    try:
        return factory()
    except sqlite3.DatabaseError as e:
        vi, en = LOST[store]
        raise StateFileCorrupt(
            f"Tệp {path} bị hỏng, không đọc được ({e}). Cách sửa: dừng govqa, đổi tên tệp "
            f"(mv {path} {path}.hong) rồi chạy lại để tạo tệp mới — mất {vi}; muốn cứu dữ liệu: "
            f"sqlite3 {path}.hong .recover | sqlite3 {path}. / The file {path} is corrupt ({e}). Fix: stop govqa, "
            f"rename it (mv {path} {path}.hong) and start again to get a new one — this loses {en}; to salvage "
            f"it: sqlite3 {path}.hong .recover | sqlite3 {path}."
        ) from None


class Health:
    """Stores whose last write failed. Thread-safe: writes happen in worker threads."""

    def __init__(self, metrics=None) -> None:
        self._lock = threading.Lock()
        self._failing: dict[str, str] = {}
        self.metrics = metrics

    def failed(self, store: str, error: BaseException) -> None:
        with self._lock:
            first = store not in self._failing
            self._failing[store] = f"{type(error).__name__}: {error}"
        if self.metrics is not None:
            self.metrics.store_error(store)
        if first:  # once per outage, not once per question
            log.warning("%s cannot be written (%s): answering without it", store, error)

    def ok(self, store: str) -> None:
        with self._lock:
            recovered = self._failing.pop(store, None) is not None
        if recovered:
            log.info("%s can be written again", store)

    def degraded(self) -> list[str]:
        with self._lock:
            return sorted(self._failing)
