"""Question sets run through the real answer path: what passes, what fails and what was answered instead.

Dialogue sets (lines with "turns", tests/eval/dialogues-*.jsonl) are read by `read_dialogues` and run by
`run_dialogues`: the turns go one after another through one conversation (`Engine.converse`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .engine import Engine
from .followup import after_reset, is_reset
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
    category: str = ""  # the line's "cat": chat, commune, official, english, scope, offtopic, yesno…


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
    cases: tuple[Case, ...] = ()
    llm: LlmTally | None = None  # set when the engine phrases answers with a language model
    answers: tuple[Answer, ...] = ()  # every case's answer, in the order of `cases`

    @property
    def passed(self) -> int:
        return self.total - len(self.failures)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def by_category(self) -> dict[str, tuple[int, int]]:
        """(passed, total) per category, in order of first appearance; "" for lines without "cat"."""
        failed = {f.case.line for f in self.failures}
        counts: dict[str, list[int]] = {}
        for case in self.cases:
            passed_total = counts.setdefault(case.category, [0, 0])
            passed_total[0] += case.line not in failed
            passed_total[1] += 1
        return {category: (p, t) for category, (p, t) in counts.items()}


def _fold_space(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text).lower()).strip()


def read_cases(path: Path) -> list[Case]:
    cases = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if "turns" in obj:
                raise ValueError(f'{path}:{n}: a dialogue ("turns"), not a question line; read it with read_dialogues')
            expect = tuple(tuple(group) for group in obj.get("expect", ()))
            today = _date(obj)
            not_found = bool(obj.get("expect_not_found"))
            case = Case(n, obj["q"], expect, not_found, obj.get("role", "citizen"), today, obj.get("cat", ""))
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise ValueError(f"{path}:{n}: not a question line ({e}); see `govqa eval --help`") from None
        if not case.expect and not case.expect_not_found:
            raise ValueError(f'{path}:{n}: give either "expect" groups or "expect_not_found": true')
        cases.append(case)
    return cases


def _date(obj: dict) -> date | None:
    return date.fromisoformat(obj["today"]) if obj.get("today") else None


@dataclass(frozen=True)
class Turn:
    """One message of a dialogue and what its answer must hold (the groups work as in `Case`)."""

    question: str
    expect: tuple[tuple[str, ...], ...] = ()
    expect_not_found: bool = False
    understood_as: tuple[tuple[str, ...], ...] = ()  # groups the resolved question must hold
    standalone: bool = False  # a new question in the same chat: answered as asked, understood_as null


@dataclass(frozen=True)
class Dialogue:
    line: int
    id: str
    category: str
    role: str
    today: date | None
    turns: tuple[Turn, ...]


def _groups(items: list) -> tuple[tuple[str, ...], ...]:
    """["a", ["b", "c"]] → (("a",), ("b", "c")): a bare string is a group of one alternative."""
    return tuple((item,) if isinstance(item, str) else tuple(item) for item in items)


def read_dialogues(path: Path) -> list[Dialogue]:
    """The dialogues of a JSONL file (format in tests/eval/README.md); a malformed line raises ValueError."""
    dialogues, ids = [], set()
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            turns = tuple(
                Turn(
                    t["q"],
                    _groups(t.get("expect", [])),
                    bool(t.get("expect_not_found")),
                    _groups(t.get("understood_as_contains", [])),
                    bool(t.get("standalone")),
                )
                for t in obj["turns"]
            )
            dialogue = Dialogue(n, obj["id"], obj.get("cat", ""), obj.get("role", "citizen"), _date(obj), turns)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
            raise ValueError(f"{path}:{n}: not a dialogue line ({e}); see tests/eval/README.md") from None
        problem = _dialogue_problem(dialogue, ids)
        if problem:
            raise ValueError(f"{path}:{n}: {problem}")
        ids.add(dialogue.id)
        dialogues.append(dialogue)
    return dialogues


def _dialogue_problem(dialogue: Dialogue, seen_ids: set[str]) -> str | None:
    if dialogue.id in seen_ids:
        return f"dialogue id {dialogue.id!r} used twice"
    if not 2 <= len(dialogue.turns) <= 4:
        return f"a dialogue has 2–4 turns, this one {len(dialogue.turns)}"
    for number, turn in enumerate(dialogue.turns, start=1):
        if not turn.expect and not turn.expect_not_found:
            return f'turn {number}: give either "expect" groups or "expect_not_found": true'
        if turn.understood_as and (turn.standalone or number == 1):
            return f'turn {number}: a first or standalone turn is answered as asked, so no "understood_as_contains"'
    return None


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
        if is_verdict_group(group):
            if not any(opens_with(text, alt) for alt in group):
                return "does not open with one of: " + " | ".join(group)
        elif not any(_fold_space(alt) in text for alt in group):
            return "missing one of: " + " | ".join(group)
    return None


# A group holding a bare verdict ("có.", "không,", "yes", "no.", "chưa."): the answer must open with the verdict
# — "The data does not say yes or no …" holds "yes" and "… có hay không" holds "không", and neither is one.
_BARE_VERDICT = re.compile(r"(?:có|không|chưa|rồi|đúng|sai|yes|no)\s*[.,:;!–—-]?")


def is_verdict_group(group: tuple[str, ...]) -> bool:
    """A group that asks for a yes/no verdict: one of its alternatives is a verdict word alone."""
    return any(_BARE_VERDICT.fullmatch(_fold_space(alt)) for alt in group)


def opens_with(text: str, alternative: str) -> bool:
    """`text` (folded by `_fold_space`) begins with `alternative` as whole words: "no" opens "no. …", not "not …"."""
    alt = _fold_space(alternative)
    return text.startswith(alt) and not (alt[-1:].isalnum() and text[len(alt) : len(alt) + 1].isalnum())


def run_eval(engine: Engine, path: Path, today: date | None = None) -> EvalReport:
    """Run every case; `today` (or a case's own "today") fixes the date overdue answers depend on."""
    cases = read_cases(path)
    failures, answers = [], []
    sent = used = extractive_passed = 0
    fallbacks: Counter[str] = Counter()
    for case in cases:
        answer = engine.ask(case.question, role=case.role, today=case.today or today)
        answers.append(answer)
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
    return EvalReport(len(cases), tuple(failures), tuple(cases), llm, tuple(answers))


def is_dialogue_file(path: Path) -> bool:
    """The first non-empty line holds "turns": a dialogue set."""
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            try:
                return "turns" in json.loads(line)
            except (json.JSONDecodeError, TypeError):
                return False
    return False


@dataclass(frozen=True)
class TurnResult:
    dialogue: Dialogue
    number: int  # 1-based position of the turn in its dialogue
    answer: Answer
    reason: str | None  # why it failed; "the first question failed" for every later turn when it did

    @property
    def turn(self) -> Turn:
        return self.dialogue.turns[self.number - 1]

    @property
    def kind(self) -> str:
        """first | followup | switch (a standalone turn after the first)."""
        if self.number == 1:
            return "first"
        return "switch" if self.turn.standalone else "followup"


@dataclass(frozen=True)
class DialogueReport:
    results: tuple[TurnResult, ...]

    def counts(self, kind: str) -> tuple[int, int]:
        """(passed, total) turns of a kind: first, followup, switch."""
        mine = [r for r in self.results if r.kind == kind]
        return sum(r.reason is None for r in mine), len(mine)

    def rate(self, kind: str) -> float:
        passed, total = self.counts(kind)
        return passed / total if total else 0.0

    @property
    def dialogues(self) -> tuple[int, int]:
        """(dialogues with every turn passing, dialogues)."""
        ids: dict[str, bool] = {}
        for r in self.results:
            ids[r.dialogue.id] = ids.get(r.dialogue.id, True) and r.reason is None
        return sum(ids.values()), len(ids)

    @property
    def failures(self) -> tuple[TurnResult, ...]:
        return tuple(r for r in self.results if r.reason is not None)

    def by_category(self) -> dict[str, tuple[int, int]]:
        """(passed, total) later turns per dialogue category."""
        out: dict[str, list[int]] = {}
        for r in self.results:
            if r.number == 1:
                continue
            counts = out.setdefault(r.dialogue.category, [0, 0])
            counts[0] += r.reason is None
            counts[1] += 1
        return {k: (p, t) for k, (p, t) in out.items()}


def check_turn(turn: Turn, answer: Answer) -> str | None:
    """Why the answer to a dialogue turn fails, or None: its answer, then how it was understood."""
    case = Case(0, turn.question, turn.expect, turn.expect_not_found)
    reason = check(case, answer)
    if reason:
        return reason
    if turn.standalone and answer.understood_as is not None:
        return f"a new question, understood as {answer.understood_as!r}"
    if turn.understood_as:
        if answer.understood_as is None:
            return "not read as a follow-up (understood_as null)"
        understood = _fold_space(answer.understood_as)
        for group in turn.understood_as:
            if not any(_fold_space(alt) in understood for alt in group):
                return f"understood as {answer.understood_as!r}, without one of: " + " | ".join(group)
    return None


NEW_COMMAND = "/moi"  # Telegram's and the terminal chat's command that starts a conversation over


def starts_over(message: str) -> bool:
    """A dialogue turn that starts its conversation over: "/moi <câu hỏi>" or "câu hỏi mới: <câu hỏi>"."""
    return message.startswith(NEW_COMMAND + " ") or is_reset(message)


def run_dialogues(engine: Engine, path: Path, today: date | None = None) -> DialogueReport:
    """Every dialogue through one conversation each; a failed first turn fails the whole dialogue."""
    results: list[TurnResult] = []
    for dialogue in read_dialogues(path):
        context = None
        first_failed = False
        for number, turn in enumerate(dialogue.turns, start=1):
            message = turn.question
            if starts_over(message):  # "/moi …", "câu hỏi mới: …": the rest is asked afresh, as the faces do
                context, message = None, after_reset(message.removeprefix(NEW_COMMAND))
            answer, context = engine.converse(message, dialogue.role, dialogue.today or today, context)
            answer = replace(answer, question=turn.question)
            reason = check_turn(turn, answer)
            if number == 1:
                first_failed = reason is not None
            elif first_failed:
                reason = "the first question failed" + (f"; and {reason}" if reason else "")
            results.append(TurnResult(dialogue, number, answer, reason))
    return DialogueReport(tuple(results))
