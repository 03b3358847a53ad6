"""Per-user limits in a sliding window: invite codes may be guessed at only so often, questions asked only so fast.

throttle = FailureThrottle(max_failures=5, window=600)
throttle.wait(user_id)      # 0: may try; else seconds until the next try is allowed
throttle.failed(user_id)    # a wrong code
limit = UserRateLimit(per_minute=20)
limit.check(user_id)        # (allowed, warn this time, seconds to wait)
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


class UserRateLimit:
    """At most `per_minute` questions per user in any 60 seconds; warns once per burst, then stays quiet."""

    def __init__(self, per_minute: int, clock=time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, user_id: int) -> tuple[bool, bool, int]:
        """(allowed, warn this time, seconds until the next question is allowed)."""
        if self.per_minute <= 0:
            return True, False, 0
        now = self._clock()
        times = self._asked.setdefault(user_id, deque())
        while times and now - times[0] >= 60:
            times.popleft()
        if len(times) < self.per_minute:
            times.append(now)
            self._warned.discard(user_id)
            return True, False, 0
        warn = user_id not in self._warned
        self._warned.add(user_id)
        return False, warn, max(1, int(60 - (now - times[0])) + 1)
