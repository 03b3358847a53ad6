"""Workers and the query log's engine: `govqa serve --workers 1|2` with the state in SQLite files or PostgreSQL.

Each configuration starts `govqa serve --workers N` in webhook mode against the tests' fake Bot API
(tests/fake_bot_api.py) over one BM25-only build of the built-in corpus (the same build for every
configuration, so only the workers and the database differ), with GOVQA_DATABASE_URL unset (SQLite files
in the data dir) or set to a fresh database on a real PostgreSQL (tests/pg.py). N updates from N private
chats are posted to the one port at once (a burst); *answered/s* is answers over the time from the first
post to the last answer, p50/p95 the update-to-reply times (until the fake server receives the
sendMessage carrying that answer's 👍/👎 buttons). Every chat must get one answer: lost and twice are
counted. The load generator and the fake Bot API run in this process, on the same cores.

    .venv/bin/python -m bench.speed.workers            # writes its section of docs/benchmarks.md
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..results import ms, table, write_section
from .load import Phase, _telegram, webhook_server
from .measure import GOVQA, REPO, dev_lines, loadavg, summary_ms

HEADING = "## Several workers, SQLite or PostgreSQL (bench.speed.workers)"
END = "<!-- bench.speed.workers: end -->"
COMMAND = ".venv/bin/python -m bench.speed.workers"
CONFIGS = ((1, "sqlite"), (2, "sqlite"), (1, "postgres"), (2, "postgres"))
UPDATES = 200
ROUNDS = 2  # every configuration in turn, twice: a neighbour's load spike then shows as two rows that differ


@dataclass
class Run:
    round: int
    workers: int
    database: str
    phase: Phase
    load_before: float
    load_after: float
    logged: int


@dataclass
class Result:
    runs: list[Run] = field(default_factory=list)
    cores: int = 0
    build_seconds: float = 0.0


def run(work: Path, n: int = UPDATES, log=print) -> Result:
    sys.path.insert(0, str(REPO / "tests"))
    from pg import PostgresServer, find_binaries

    questions = [json.loads(line)["q"] for line in dev_lines()]
    data = work / "data"
    env = {**os.environ, "GOVQA_DATA_DIR": str(data), "GOVQA_EMBEDDINGS": "none", "GOVQA_CACHE_DIR": str(work)}
    env.pop("GOVQA_DATABASE_URL", None)
    started = time.monotonic()
    subprocess.run([GOVQA, "index", "--quiet"], env=env, check=True, cwd=work)
    result = Result(cores=len(os.sched_getaffinity(0)), build_seconds=time.monotonic() - started)
    bin_dir = find_binaries()
    pg = PostgresServer(bin_dir).start() if bin_dir else None
    try:
        plan = [(r, w, db) for r in range(1, ROUNDS + 1) for w, db in CONFIGS]
        for k, (round_, workers, database) in enumerate(plan):
            if database == "postgres" and pg is None:
                log("[workers] no PostgreSQL binaries here: PostgreSQL rows skipped")
                continue
            url = pg.fresh_database() if database == "postgres" else None
            for name in ("querylog", "updates"):  # each SQLite configuration starts from empty state files
                for f in data.glob(f"{name}.sqlite3*"):
                    f.unlink()
            log(f"[workers] {workers} worker(s), {database}: {n} updates at once…")
            one = _serve_and_burst(env, data, workers, url, questions, n, first_user=7_000_000 + k * n)
            one.round = round_
            result.runs.append(one)
            p95 = ms(summary_ms(one.phase.latencies_ms)["p95"])
            log(
                f"[workers]   {one.phase.throughput:.1f} answered/s, p95 {p95} ms, lost {one.phase.lost}, "
                f"twice {one.phase.duplicated}, load {one.load_before:.1f}→{one.load_after:.1f}"
            )
    finally:
        if pg is not None:
            pg.stop()
    return result


def _serve_and_burst(env, data: Path, workers: int, url: str | None, questions, n: int, first_user: int) -> Run:
    env = {**env, "GOVQA_USER_RATE_LIMIT": "0", **({"GOVQA_DATABASE_URL": url} if url else {})}
    log_path = data.parent / f"serve-{workers}-{'pg' if url else 'sqlite'}.log"
    with webhook_server(env, data.parent, log_path, questions, workers) as (fake, _, hook, _):
        before = loadavg()
        phase = asyncio.run(_telegram(fake, hook, questions, n, 0.0, first_user))
        after = loadavg()
    return Run(0, workers, "postgres" if url else "sqlite", phase, before, after, _logged(data, url))


def _logged(data: Path, url: str | None) -> int:
    if url:
        import psycopg

        with psycopg.connect(url) as conn:
            return conn.execute("SELECT COUNT(*) FROM questions WHERE face = 'telegram'").fetchone()[0]
    import sqlite3

    db = sqlite3.connect(data / "querylog.sqlite3")
    try:
        return db.execute("SELECT COUNT(*) FROM questions WHERE face = 'telegram'").fetchone()[0]
    finally:
        db.close()


def markdown(result: Result) -> str:
    from .. import machine

    m = machine.describe(REPO)
    rows = []
    base = {(r.round, r.database): r.phase.throughput for r in result.runs if r.workers == 1}
    for r in result.runs:
        s = summary_ms(r.phase.latencies_ms)
        one = base.get((r.round, r.database))
        speedup = r.phase.throughput / one if one else float("nan")
        rows.append(
            [
                r.round,
                r.workers,
                "PostgreSQL" if r.database == "postgres" else "SQLite files",
                f"{r.phase.throughput:.1f}",
                f"{r.phase.throughput / min(r.workers, result.cores):.1f}",
                f"×{speedup:.2f}",
                ms(s["p50"]),
                ms(s["p95"]),
                ms(s["max"]),
                f"{r.phase.answered_once} / {r.phase.lost} / {r.phase.duplicated}",
                r.logged,
                f"{r.load_before:.1f} → {r.load_after:.1f}",
            ]
        )
    return (
        f"Machine: {m['cores']} cores (`nproc`), {m['cpu']}, {m['ram']} RAM. Run {m['date']}, commit "
        f"`{m['commit'][:12]}`. **Shared machine**: other sessions' tests ran at the same time; the load average "
        "of each row is shown, and only rows measured side by side compare.\n\n"
        f"Reproduce: `{COMMAND}`\n\n"
        f"`govqa serve --workers N` in webhook mode (fake Bot API, BM25-only build of the built-in corpus), "
        f"{UPDATES} updates from {UPDATES} private chats posted at once to the one port. *Per core* divides by "
        "the cores the workers can use (min(workers, cores)): the projection for a machine with more cores, one "
        "worker per core. *vs 1 worker*: against the 1-worker row of the same round and database. The update "
        "ledger, query log, limits and conversations live in the database named. Each configuration ran "
        f"{ROUNDS} times, in turn.\n\n"
        + table(
            [
                "round",
                "workers",
                "state in",
                "answered/s",
                "per core",
                "vs 1 worker",
                "p50 ms",
                "p95 ms",
                "max ms",
                "answered once / lost / twice",
                "query-log rows",
                "load average",
            ],
            rows,
        )
    )


def write(result: Result) -> Path:
    return write_section(HEADING, END, markdown(result))


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="govqa-workers-"))
    try:
        result = run(work)
        print(f"written: {write(result)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
