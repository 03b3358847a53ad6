"""What reading a message against the last turn costs (`retrieval.followup.resolve`), outside the test suite.

    .venv/bin/python -m bench.speed.followup            # measures, prints, rewrites its docs/benchmarks.md section
    .venv/bin/python -m bench.speed.followup --no-write

Workload: every later turn of tests/eval/dialogues-tune.jsonl (after the real answer to the turn before),
and every dev question asked right after the one before it (mostly questions of their own, the path
that runs the most checks). Timed: `resolve` alone, and what it adds to the answer path — `resolve`
minus the `read_query` of the question it hands on, which the answer path no longer does itself. The
index is the built-in corpus with BM25 only: resolution never embeds (the dense side does not change it).
Target (issue 15): ≤ 10 ms p95 added.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

from retrieval.config import Settings
from retrieval.engine import Engine
from retrieval.evaluate import read_dialogues
from retrieval.followup import remember, resolve
from retrieval.query import read_query

from .. import machine
from ..results import write_section
from .measure import REPO, dev_lines

HEADING = "## Follow-up resolution (bench.speed.followup)"
END = "<!-- bench.speed.followup: end -->"
TODAY = date(2026, 2, 10)
ROUNDS = 3


def _pairs(engine: Engine) -> list[tuple[object, str, str]]:
    """(context, message, role): the turns to resolve, each after the real answer to the one before."""
    index = engine.index()
    pairs = []
    for d in read_dialogues(REPO / "tests" / "eval" / "dialogues-tune.jsonl"):
        context = None
        for turn in d.turns:
            if context is not None:
                pairs.append((context, turn.question, d.role))
            _, context = engine.converse(turn.question, d.role, TODAY, context)
    questions = [json.loads(line) for line in dev_lines()]
    context = None
    for q in questions:
        role = q.get("role", "citizen")
        if context is not None and context.role == role:
            pairs.append((context, q["q"], role))
        r = resolve(index, None, q["q"], role, TODAY)
        context = remember(index, r, engine.ask(q["q"], role, TODAY))
    return pairs


def run(rounds: int = ROUNDS) -> dict:
    work = Path(tempfile.mkdtemp(prefix="govqa-followup-"))
    engine = Engine(Settings(data_dir=work / "data", cache_dir=work / "cache", embeddings="none"), progress=False)
    index = engine.index()
    pairs = _pairs(engine)
    total, added, cpu, kinds = [], [], [], {}
    for _ in range(rounds):
        for context, message, role in pairs:
            started, started_cpu = time.perf_counter(), time.thread_time()
            r = resolve(index, context, message, role, TODAY)
            resolved, resolved_cpu = time.perf_counter() - started, time.thread_time() - started_cpu
            started, started_cpu = time.perf_counter(), time.thread_time()
            read_query(index, r.question, role, TODAY)
            reading, reading_cpu = time.perf_counter() - started, time.thread_time() - started_cpu
            total.append(resolved)
            added.append(max(resolved - reading, 0.0))
            cpu.append(max(resolved_cpu - reading_cpu, 0.0))
            kinds[r.kind] = kinds.get(r.kind, 0) + 1
    ms = lambda xs, p: float(np.percentile(np.asarray(xs) * 1000, p))  # noqa: E731
    return {
        "machine": machine.describe(REPO),
        "turns": len(pairs),
        "rounds": rounds,
        "kinds": {k: v // rounds for k, v in sorted(kinds.items())},
        "resolve_ms": {"p50": ms(total, 50), "p95": ms(total, 95), "max": max(total) * 1000},
        "added_ms": {"p50": ms(added, 50), "p95": ms(added, 95), "mean": statistics.fmean(added) * 1000},
        "added_cpu_ms": {"p50": ms(cpu, 50), "p95": ms(cpu, 95), "mean": statistics.fmean(cpu) * 1000},
        "load": os.getloadavg()[0],
    }


def markdown(result: dict, command: str) -> str:
    m, r, a, c = result["machine"], result["resolve_ms"], result["added_ms"], result["added_cpu_ms"]
    kinds = ", ".join(f"{k} {v}" for k, v in result["kinds"].items())
    target = "met" if c["p95"] <= 10 else "**missed**"
    return "\n".join(
        [
            f"Run {m['date']}, commit {m['commit']}, {m['cores']} cores ({m['cpu']}), Python {m['python']}; "
            f"`{command}`. The machine is shared with other work (1-minute load average {result['load']:.1f} at the "
            "end): wall-clock figures are upper bounds; the CPU time of the thread is the work itself.",
            "",
            f"{result['turns']} messages read against the turn before them, {result['rounds']} rounds "
            f"(the later turns of dialogues-tune.jsonl and every dev question after the one before it); "
            f"read as: {kinds}.",
            "",
            "| | p50 | p95 | |",
            "|---|---|---|---|",
            f"| `resolve` (reads the message and the question it hands on) | {r['p50']:.2f} ms | {r['p95']:.2f} ms "
            f"| max {r['max']:.1f} ms |",
            f"| added to the answer path (`resolve` − `read_query` of the question answered), wall | {a['p50']:.2f} ms "
            f"| {a['p95']:.2f} ms | |",
            f"| the same, CPU time of the thread | {c['p50']:.2f} ms | {c['p95']:.2f} ms "
            f"| target ≤ 10 ms p95: {target} |",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args(argv)
    result = run(args.rounds)
    text = markdown(result, "python -m bench.speed.followup")
    print(text)
    if not args.no_write:
        write_section(HEADING, END, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
