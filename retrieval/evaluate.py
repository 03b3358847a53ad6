"""Question sets run through the real answer path: what passes, what fails and what was answered instead."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .engine import Engine
from .models import Answer
from .text import nfc


@dataclass(frozen=True)
class Case:
    line: int
    question: str
    expect: tuple[tuple[str, ...], ...] = ()
    expect_not_found: bool = False
    role: str = "citizen"
    today: date | None = None


@dataclass(frozen=True)
class Failure:
    case: Case
    answer: Answer
    reason: str


@dataclass(frozen=True)
class LlmTally:
    """What the language model did over a question set, and how the set fares without it."""

    sent: int  # answers handed to the model (answered ones; "not found" never is)
    used: int  # phrasings the guard let through
    fallbacks: tuple[tuple[str, int], ...]  # (reason, count), most frequent first
    extractive_passed: int  # cases that pass when every answer keeps its extractive text

    @property
    def fallback_rate(self) -> float:
        return (self.sent - self.used) / self.sent if self.sent else 0.0

    def to_json(self, total: int) -> dict:
        return {
            "sent": self.sent,
            "used": self.used,
            "fallback_rate": round(self.fallback_rate, 4),
            "fallbacks": dict(self.fallbacks),
            "extractive_passed": self.extractive_passed,
            "extractive_pass_rate": round(self.extractive_passed / total, 4) if total else 0.0,
        }


@dataclass(frozen=True)
class EvalReport:
    total: int
    failures: tuple[Failure, ...]
    llm: LlmTally | None = None  # set when the engine phrases answers with a language model

    @property
    def passed(self) -> int:
        return self.total - len(self.failures)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


def _fold_space(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text).lower()).strip()


def read_cases(path: Path) -> list[Case]:
    cases = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            expect = tuple(tuple(group) for group in obj.get("expect", ()))
            today = date.fromisoformat(obj["today"]) if obj.get("today") else None
            case = Case(n, obj["q"], expect, bool(obj.get("expect_not_found")), obj.get("role", "citizen"), today)
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise ValueError(f"{path}:{n}: not a question line ({e}); see `govqa eval --help`") from None
        if not case.expect and not case.expect_not_found:
            raise ValueError(f'{path}:{n}: give either "expect" groups or "expect_not_found": true')
        cases.append(case)
    return cases


def check(case: Case, answer: Answer) -> str | None:
    """Why the answer fails the case, or None when it passes."""
    if case.expect_not_found:
        return None if answer.status == "not_found" else f"expected not_found, got {answer.status}"
    if answer.status != "answered":
        return f"expected an answer, got {answer.status}"
    if not answer.sources:
        return "answered without a source"
    text = _fold_space(answer.body())
    for group in case.expect:
        if not any(_fold_space(alt) in text for alt in group):
            return "missing one of: " + " | ".join(group)
    return None


def run_eval(engine: Engine, path: Path, today: date | None = None) -> EvalReport:
    """Run every case; `today` (or a case's own "today") fixes the date overdue answers depend on."""
    cases = read_cases(path)
    failures = []
    sent = used = extractive_passed = 0
    fallbacks: Counter[str] = Counter()
    for case in cases:
        answer = engine.ask(case.question, role=case.role, today=case.today or today)
        reason = check(case, answer)
        if reason:
            failures.append(Failure(case, answer, reason))
        if answer.phrasing is not None:
            sent += 1
            used += answer.phrasing.used
            if not answer.phrasing.used:
                fallbacks[answer.phrasing.reason or "unknown"] += 1
            reason = check(case, replace(answer, text=answer.phrasing.extractive, phrasing=None))
        extractive_passed += reason is None
    llm = None
    if getattr(engine, "composer", None) is not None:
        llm = LlmTally(sent, used, tuple(fallbacks.most_common()), extractive_passed)
    return EvalReport(len(cases), tuple(failures), llm)
