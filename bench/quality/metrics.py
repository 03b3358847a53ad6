"""Ranking metrics per question, their means overall and per question type, and a paired bootstrap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

CUTOFFS = (1, 5, 10)
BOOTSTRAP_RESAMPLES = 10_000
BOOTSTRAP_SEED = 20240607


@dataclass(frozen=True)
class PerQuestion:
    """One method's result on every question, in question order: recall at each cutoff and reciprocal rank."""

    recall: dict[int, np.ndarray]
    rr: np.ndarray  # reciprocal rank of the first relevant document within the top 10, else 0

    def summary(self, mask: np.ndarray | None = None) -> dict[str, float]:
        m = np.ones(len(self.rr), dtype=bool) if mask is None else mask
        out = {f"R@{k}": float(self.recall[k][m].mean()) for k in CUTOFFS}
        out["MRR@10"] = float(self.rr[m].mean())
        return out


def evaluate(rankings: Sequence[Sequence[str]], golds: Sequence[frozenset[str]]) -> PerQuestion:
    """rankings: document ids best first, each document once (chunk hits already merged by document)."""
    recall = {k: np.zeros(len(golds)) for k in CUTOFFS}
    rr = np.zeros(len(golds))
    for q, (ranked, gold) in enumerate(zip(rankings, golds, strict=True)):
        for k in CUTOFFS:
            recall[k][q] = len(gold.intersection(ranked[:k])) / len(gold)
        for r, doc in enumerate(ranked[:10], start=1):
            if doc in gold:
                rr[q] = 1.0 / r
                break
    return PerQuestion(recall, rr)


def dedup(doc_ids, k: int = 10) -> list[str]:
    """Documents in the order of their first (best) chunk, at most k."""
    out: list[str] = []
    seen: set[str] = set()
    for d in doc_ids:
        if d not in seen:
            seen.add(d)
            out.append(d)
            if len(out) == k:
                break
    return out


def paired_bootstrap(a: np.ndarray, b: np.ndarray, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED):
    """Mean of a − b with its 95% percentile interval, resampling questions with replacement."""
    diff = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed)
    means = np.empty(resamples)
    for start in range(0, resamples, 1000):  # in blocks: 10,000 × 525 indices at once is needless memory
        idx = rng.integers(0, len(diff), size=(min(1000, resamples - start), len(diff)))
        means[start : start + len(idx)] = diff[idx].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(diff.mean()), float(low), float(high)


def percentiles_ms(seconds: Sequence[float]) -> tuple[float, float]:
    ms = np.asarray(seconds) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))
