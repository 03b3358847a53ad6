"""What one ALQAC run measured: the methods question by question, the machine."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from retrieval.index import BuildReport

from . import corpus as alqac
from .metrics import PerQuestion, paired_bootstrap

KINDS = ("Đúng/Sai", "Trắc nghiệm", "Tự luận")


@dataclass
class Method:
    key: str
    label: str
    short: str
    per: PerQuestion
    seconds: list[float]


@dataclass
class BenchRun:
    questions: list[alqac.Question]
    build: BuildReport
    build_seconds: float
    load_seconds: float
    syllable_index_seconds: float
    passages: int
    documents: int
    methods: dict[str, Method]
    machine: dict[str, str] = field(default_factory=dict)
    store_agreement: float = 0.0  # share of questions whose store top-10 documents equal the exact ones

    @property
    def singles(self) -> list[str]:
        return ["bm25_syllables", "bm25_ours", "dense"]

    @property
    def best_single(self) -> Method:
        return max((self.methods[k] for k in self.singles), key=lambda m: m.per.rr.mean())

    def versus_best(self, per: PerQuestion) -> tuple[float, float, float]:
        return paired_bootstrap(per.rr, self.best_single.per.rr)

    def kind_mask(self, kind: str) -> np.ndarray:
        return np.array([q.kind == kind for q in self.questions])
