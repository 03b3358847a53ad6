"""Usage statistics from the query log (`/thongke`, `govqa stats`): a short text and a PNG chart.

Days are local days (Asia/Ho_Chi_Minh by default). The not-found rate counts questions the engine could
have answered: answered + not_found (rejected input and errors are reported apart).
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from retrieval import folded, percent, vn_date, vn_day_month, vn_decimal

from .querylog import QueryLog

TOP = 5
SLOWEST = 3
PURGED = "(nội dung đã xóa theo thời hạn lưu)"


@dataclass(frozen=True)
class Stats:
    start: date
    end: date  # inclusive
    per_day: tuple[tuple[date, int, int], ...]  # (day, questions, not found), every day of the period
    total: int
    answered: int
    not_found: int
    rejected: int
    errors: int
    up: int
    down: int
    unanswered: tuple[tuple[str, int], ...]  # most frequent not-found texts still retained
    unanswered_purged: int
    slowest: tuple[tuple[float, str | None, date], ...]  # (ms, text or None when purged, day)

    @property
    def not_found_rate(self) -> float | None:
        asked = self.answered + self.not_found
        return self.not_found / asked if asked else None

    @property
    def up_ratio(self) -> float | None:
        votes = self.up + self.down
        return self.up / votes if votes else None


def compute(querylog: QueryLog, today: date, days: int = 30, tz: str = "Asia/Ho_Chi_Minh") -> Stats:
    """The `days` local days ending with `today`."""
    zone = ZoneInfo(tz)
    start = today - timedelta(days=days - 1)
    rows = querylog.since(datetime.combine(start, time(), zone))
    end_moment = datetime.combine(today + timedelta(days=1), time(), zone)
    counts: Counter = Counter()
    missed: Counter = Counter()
    status: Counter = Counter()
    texts: Counter = Counter()
    shown: dict[str, str] = {}
    purged = up = down = 0
    timed: list[tuple[float, str | None, date]] = []
    for r in rows:
        moment = datetime.fromisoformat(r["asked_at"]).astimezone(zone)
        if moment >= end_moment:
            continue
        day = moment.date()
        counts[day] += 1
        status[r["status"]] += 1
        up += r["feedback"] == 1
        down += r["feedback"] == -1
        timed.append((r["latency_ms"], r["question"], day))
        if r["status"] == "not_found":
            missed[day] += 1
            if r["question"] is None:
                purged += 1
            else:
                key = folded(r["question"]).strip(" ?.!")
                texts[key] += 1
                shown.setdefault(key, r["question"].strip())
    period = [start + timedelta(days=i) for i in range(days)]
    timed.sort(key=lambda x: -x[0])
    return Stats(
        start=start,
        end=today,
        per_day=tuple((d, counts[d], missed[d]) for d in period),
        total=sum(counts.values()),
        answered=status["answered"],
        not_found=status["not_found"],
        rejected=status["rejected"],
        errors=status["error"],
        up=up,
        down=down,
        unanswered=tuple((shown[k], n) for k, n in sorted(texts.items(), key=lambda x: (-x[1], shown[x[0]]))[:TOP]),
        unanswered_purged=purged,
        slowest=tuple(timed[:SLOWEST]),
    )


def text(s: Stats) -> str:
    """The short report, plain text (Telegram escapes it; the CLI prints it)."""
    days = len(s.per_day)
    lines = [f"Thống kê {days} ngày ({vn_date(s.start)}–{vn_date(s.end)})"]
    busiest = max(s.per_day, key=lambda x: (x[1], x[0]))
    lines.append(
        f"Câu hỏi: {s.total} (trung bình {vn_decimal(s.total / days)}/ngày"
        + (f"; nhiều nhất {busiest[1]} ngày {vn_date(busiest[0])})" if s.total else ")")
    )
    last = s.per_day[-7:]
    lines.append("7 ngày gần nhất: " + " · ".join(f"{vn_day_month(d)}: {n}" for d, n, _ in last))
    rate = s.not_found_rate
    lines.append(
        f"Không tìm thấy: {s.not_found}/{s.answered + s.not_found}"
        + (f" ({percent(rate)})" if rate is not None else "")
        + f"; bị từ chối: {s.rejected}; lỗi: {s.errors}"
    )
    ratio = s.up_ratio
    lines.append(f"Góp ý: 👍 {s.up} / 👎 {s.down}" + (f" ({percent(ratio)} hài lòng)" if ratio is not None else ""))
    if s.unanswered or s.unanswered_purged:
        lines.append("Câu hỏi chưa trả lời được nhiều nhất:")
        lines += [f"  {n}× {q}" for q, n in s.unanswered]
        if s.unanswered_purged:
            lines.append(f"  (và {s.unanswered_purged} câu đã xóa nội dung theo thời hạn lưu)")
    if s.slowest:
        lines.append("Trả lời chậm nhất:")
        lines += [
            f"  {vn_decimal(ms, 0)} ms — {q if q is not None else PURGED} ({vn_date(d)})" for ms, q, d in s.slowest
        ]
    return "\n".join(lines)


def chart_png(s: Stats) -> bytes:
    """Questions and not-found questions per day, as a PNG (matplotlib, Agg: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.dates import num2date
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    days = [d for d, _, _ in s.per_day]
    fig = Figure(figsize=(8, 3.6), dpi=100)
    ax = fig.add_subplot()
    ax.bar(days, [n for _, n, _ in s.per_day], color="#4C78A8", label="Câu hỏi")
    ax.bar(days, [m for _, _, m in s.per_day], color="#E45756", label="Không tìm thấy")
    ax.set_title(f"Câu hỏi mỗi ngày, {vn_date(s.start)}–{vn_date(s.end)}")
    ax.set_ylabel("số câu hỏi")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", frameon=False)
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: vn_day_month(num2date(x))))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
