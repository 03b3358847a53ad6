"""The exact path alone on an index already built (e.g. bench.speed.scale's 100×): time, profile, dump answers.

    python -m bench.speed.exact_scale --data DIR [--rounds 2] [--top 15] [--profile OUT.prof] [--dump OUT.jsonl]

Every dev question (both dev files, as bench.speed.scale answers them) goes through `Services.ask` as in
bench.speed.probe's "dev" mode; the figures are of the last round's questions the exact path answered: the
answering thread's CPU (what a loaded machine inflates least) and wall time. `--profile` profiles only those
questions (last round); `--dump` writes every answer's text and citations, to diff two trees' answers.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import datetime
from pathlib import Path

from .measure import loadavg, summary_ms
from .probe import DEV_SETS, _services, dev_questions, instrument, path_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--top", type=int, default=0, help="list the N slowest exact questions (thread CPU)")
    parser.add_argument("--profile", help="cProfile the exact-path questions of the last round into this file")
    parser.add_argument("--dump", help="write every answer (last round) as JSON lines")
    parser.add_argument("--questions", nargs="*", help="question files (default: both dev files)")
    parser.add_argument("--role", help="ask every question in this role (default: each question's own)")
    args = parser.parse_args(argv)
    os.environ.setdefault("GOVQA_EMBEDDINGS", "none")
    services = _services(Path(args.data), "none")
    services.engine.index()
    stages = instrument(services)
    questions = dev_questions(tuple(Path(p) for p in args.questions) if args.questions else DEV_SETS)
    if args.role:
        questions = [{**q, "role": args.role} for q in questions]
    for q in questions[:3]:
        services.ask(q["q"], face="api", role=q["role"])
    exact_ones: set[int] = set()
    samples, dumped = [], []
    profiler = None
    for round_ in range(args.rounds):
        last = round_ == args.rounds - 1
        if last and args.profile:
            import cProfile

            profiler = cProfile.Profile()
        for n, q in enumerate(questions):
            moment = datetime.combine(q["today"], datetime.min.time().replace(hour=9))
            services.clock = lambda m=moment: m.replace(tzinfo=services.zone)
            stages.reset()
            on = profiler is not None and n in exact_ones
            if on:
                profiler.enable()
            t, cpu = time.perf_counter(), time.thread_time()
            asked = services.ask(q["q"], face="api", role=q["role"])
            wall, cpu = time.perf_counter() - t, time.thread_time() - cpu
            if on:
                profiler.disable()
            path = path_of(asked.answer.status, stages.exact)
            if path == "exact":
                exact_ones.add(n)
            if last:
                samples.append(
                    {
                        "n": n,
                        "q": q["q"],
                        "path": path,
                        "wall_ms": wall * 1000,
                        "cpu_ms": cpu * 1000,
                        "exact_ms": stages.seconds.get("exact", 0.0) * 1000,
                    }
                )
                if args.dump:
                    a = asked.answer
                    dumped.append(
                        {
                            "n": n,
                            "role": q["role"],
                            "status": a.status,
                            "text": a.body(),
                            "more": list(a.more),
                            "citations": [c.passage.chunk_id for c in a.citations],
                        }
                    )
    if profiler:
        profiler.dump_stats(args.profile)
    if args.dump:
        Path(args.dump).write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dumped), "utf-8")
    exact = [s for s in samples if s["path"] == "exact"]
    cpu, wall = summary_ms([s["cpu_ms"] for s in exact]), summary_ms([s["wall_ms"] for s in exact])
    inside = summary_ms([s["exact_ms"] for s in samples])
    print(
        f"exact answers {len(exact)} of {len(samples)}; thread CPU p50 {cpu['p50']:.1f} p95 {cpu['p95']:.1f} "
        f"max {cpu['max']:.1f} ms; wall p50 {wall['p50']:.1f} p95 {wall['p95']:.1f} ms; "
        f"mean ms in retrieval.exact (every question) {inside['mean']:.1f}; load {loadavg():.2f}"
    )
    for s in sorted(exact, key=lambda s: -s["cpu_ms"])[: args.top]:
        print(f"  {s['cpu_ms']:7.1f} cpu {s['wall_ms']:7.1f} wall  #{s['n']} {s['q'][:100]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
