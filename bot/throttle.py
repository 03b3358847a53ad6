"""Failed attempts per user in a sliding window: invite codes may be guessed at only so often.

throttle = FailureThrottle(max_failures=5, window=600)
throttle.wait(user_id)      # 0: may try; else seconds until the next try is allowed
throttle.failed(user_id)    # a wrong code
"""

from __future__ import annotations

import threading
import time
from collections import deque


class FailureThrottle:
    def __init__(self, max_failures: int = 5, window: float = 600.0, clock=time.monotonic) -> None:
        if max_failures < 1 or window <= 0:
            raise ValueError(f"a throttle needs max_failures ≥ 1 and window > 0, not {max_failures}, {window}")
        self.max_failures, self.window, self._clock = max_failures, window, clock
        self._failures: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, user_id: int) -> int:
        """Seconds this user must wait before the next attempt (0: go ahead)."""
        with self._lock:
            times = self._recent(user_id)
            if not times:  # forget users with nothing recent, so the map does not grow without bound
                del self._failures[user_id]
            if len(times) < self.max_failures:
                return 0
            return max(1, int(self.window - (self._clock() - times[0])) + 1)

    def failed(self, user_id: int) -> None:
        with self._lock:
            self._recent(user_id).append(self._clock())

    def _recent(self, user_id: int) -> deque[float]:
        now = self._clock()
        times = self._failures.setdefault(user_id, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        return times
