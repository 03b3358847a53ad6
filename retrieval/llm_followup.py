"""A follow-up rewritten by the model into a standalone question, guarded (only with `GOVQA_LLM_*` set).

The offline resolver (retrieval/followup.py) reads "còn Bộ Ngoại giao thì sao?" after a question about
Bộ Tài chính by rules. When it found that the message leans on the conversation (a fill, an expansion,
a swap), `rewrite` asks the model once, within the turn's time budget, for the standalone question, and
keeps it only if it brings in no number, date, document, agency, place or other name that neither the
message nor the conversation holds (`check`). On any failure — the model's or the guard's — the offline
reading stands, so a rewrite can only change how a question is read, never what is true. The answer is
then found for the question as rewritten, and shown after "Đang hiểu là: …" as any resolved follow-up.

    found = rewrite(composer, index, context, resolution, role, today)   # found.resolution: what to answer
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from . import data, guard
from .followup import Context, Resolution, spans
from .llm import Failure, LlmComposer
from .query import read_query
from .text import fold, nfc

log = logging.getLogger(__name__)

# The readings that lean on the conversation; "more" (the rest of a list) and "item" (the n-th of a list)
# are exact by construction, and a standalone message is answered as typed.
REWRITTEN_KINDS = frozenset({"fill", "expand", "swap"})
MAX_QUESTION_CHARS = 300

PROMPT = ChatPromptTemplate.from_messages(
    [("system", data.text("llm_followup_system.txt")), ("human", data.text("llm_followup_human.txt"))]
)
_PREFIX = re.compile(r"^\s*(?:câu hỏi(?: viết lại)?|question|rewritten)\s*:\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:[-/.][^\W_]+)*")


@dataclass(frozen=True)
class Rewritten:
    """What the model made of a follow-up: the resolution to answer and, when it is the offline one, why."""

    resolution: Resolution
    by: str  # "llm" | "offline"
    reason: str | None = None  # why the offline reading stands: a Failure reason or a guard rule
    seconds: float = 0.0


def rewrite(
    composer: LlmComposer,
    index,
    context: Context | None,
    resolution: Resolution,
    role: str,
    today: date | None = None,
    lock: AbstractContextManager = nullcontext(),
) -> Rewritten:
    """The model's standalone reading of a follow-up when the guard passes it, else the offline one.
    `lock` is held while the index is read (not while the model writes)."""
    if context is None or resolution.kind not in REWRITTEN_KINDS:
        return Rewritten(resolution, "offline", "not_needed")
    started = time.perf_counter()
    inputs = {"previous": context.question, "message": resolution.message, "offline": resolution.question}
    try:
        text = composer.generate(PROMPT | composer.llm | StrOutputParser(), inputs)
        question = standalone(text)
        with lock:
            verdict = check(question, [context.question, context.subject, resolution.message], index, role)
        reason, detail = verdict.reason, verdict.detail
    except Failure as e:
        question, reason, detail = "", e.reason, e.detail
    seconds = round(time.perf_counter() - started, 3)
    if reason is not None:
        log.warning("llm follow-up rewrite refused reason=%s detail=%.120r took_ms=%.0f", reason, detail, seconds * 1e3)
        return Rewritten(resolution, "offline", reason, seconds)
    log.info("llm follow-up rewrite used kind=%s took_ms=%.0f", resolution.kind, seconds * 1000)
    with lock:
        query = read_query(index, question, role, today or date.today())
    understood = question if question != resolution.message else None
    return Rewritten(Resolution(resolution.message, question, query, resolution.kind, understood), "llm", None, seconds)


def standalone(text: str) -> str:
    """The question in a model's reply: its first non-empty line, without a "Câu hỏi:" lead or quotes."""
    line = next((x for x in nfc(text or "").splitlines() if x.strip()), "")
    line = _PREFIX.sub("", line).strip().strip("\"'“”«»*` ").strip()
    return " ".join(line.split())


def check(question: str, conversation: Sequence[str], index, role: str) -> guard.Verdict:
    """Whether a rewritten question may be answered: it adds no figure and no name to the conversation."""
    if not question:
        return guard.Verdict(False, "empty")
    if len(question) > MAX_QUESTION_CHARS or "\n" in question:
        return guard.Verdict(False, "too_long", f"{len(question)} chars")
    if guard.refusal_phrase(question):
        return guard.Verdict(False, "refusal", question)
    known = guard.Evidence.of(conversation)
    for surface, alternatives in guard.figures(question):
        if not alternatives & known.figures:
            return guard.Verdict(False, "invented_figure", surface)
    said = " " + " ".join(fold(nfc(t).lower()) for t in conversation) + " "
    words = set(_WORD.findall(said))
    low = question.lower()
    for span in spans(index, question, role):
        name = fold(low[span.start : span.end]).strip()
        if span.kind == "time" and re.search(r"\d", name):
            continue  # "năm 2025": its figures were checked above, however the year was written
        if name and name not in said:
            return guard.Verdict(False, "invented_name", question[span.start : span.end])
    for i, m in enumerate(_WORD.finditer(question)):
        token = m.group(0)
        capital = any(c.isupper() for c in token[1:]) or (i > 0 and token[0].isupper())
        if capital and fold(token.lower()) not in words:  # a name the matcher does not know: "Bộ Công an"
            return guard.Verdict(False, "invented_name", token)
    return guard.PASS
