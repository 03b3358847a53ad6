"""Optional LLM phrasing: a LangChain chain over the evidence the extractive answer chose, kept only if guarded.

With `GOVQA_LLM_URL` and `GOVQA_LLM_MODEL` set, `Engine.ask` hands each answered question to
`LlmComposer.phrase`: the cited passages (and the register results computed from them) become numbered
blocks in a grounded prompt, one request goes to the OpenAI-compatible server through `langchain-openai`,
and the reply replaces the extractive text only when `retrieval.guard.check` passes. Any failure —
timeout, refused connection, HTTP error, malformed, empty or slow reply, a figure the blocks do not
hold — leaves the extractive answer in place, within `GOVQA_LLM_TIMEOUT` seconds, and says why in
`Answer.phrasing.reason`.

    composer = LlmComposer(url="http://127.0.0.1:11434/v1", model="qwen2.5:7b-instruct")
    answer = composer.phrase(engine_answer, role="citizen")   # answer.composer: "llm" | "extractive"
"""

from __future__ import annotations

import concurrent.futures
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from . import data, drafts, guard
from .access import visible
from .config import Settings
from .models import Answer, Citation, Phrasing

log = logging.getLogger(__name__)

MAX_BLOCKS = 8
MAX_BLOCK_CHARS = 2000
MAX_TOKENS = 700

# The grounded prompt, as data: operators tune the wording in retrieval/data/, not in code.
PROMPT = ChatPromptTemplate.from_messages(
    [("system", data.text("llm_system.txt")), ("human", data.text("llm_human.txt"))]
)


class Failure(Exception):
    """Why no usable text came back: the reason is a metrics label (timeout, http_5xx, malformed …)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


class LlmComposer:
    """Phrases answered questions with a chat model; the guard decides whether the phrasing is shown."""

    def __init__(
        self,
        url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 20.0,
        stream: bool = True,
    ) -> None:
        if timeout <= 0:
            raise ValueError(f"timeout={timeout!r}: give a positive number of seconds")
        from langchain_openai import ChatOpenAI  # the [llm] extra: imported only when configured

        self.model, self.timeout, self.stream = model, timeout, stream
        # One request per question: the client's own retries would only spend the time budget twice.
        llm = ChatOpenAI(
            model=model,
            base_url=url,
            api_key=api_key or "not-needed",
            timeout=timeout,
            max_retries=0,
            temperature=0,
            max_tokens=MAX_TOKENS,
        )
        self.llm = llm
        self.chain = PROMPT | llm | StrOutputParser()
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="govqa-llm")

    @classmethod
    def from_settings(cls, settings: Settings) -> LlmComposer | None:
        """The composer the settings ask for, or None when `GOVQA_LLM_URL` is unset."""
        if not settings.llm_url:
            return None
        return cls(
            settings.llm_url, settings.llm_model or "", settings.llm_api_key, settings.llm_timeout, settings.llm_stream
        )

    def phrase(self, answer: Answer, role: str, timeout: float | None = None) -> Answer:
        """The answer in the model's words if the guard passes them, else as it was; `phrasing` says which.
        `timeout`: what is left of the turn's budget (a follow-up rewritten by the model spent some)."""
        if answer.status != "answered" or not answer.citations:
            return answer  # nothing to phrase: "not found" and rejections stay as they are, without a request
        started = time.perf_counter()
        try:
            blocks = evidence_blocks(answer, role)
            show = drafts.current()
            on_text = GuardedDrafts(blocks, show) if show and self.stream else None
            text = self.generate(self.chain, prompt_inputs(answer.question, blocks, answer.text), timeout, on_text)
            verdict = guard.check(text, blocks)
            reason, detail = verdict.reason, verdict.detail
        except Failure as e:
            text, reason, detail = "", e.reason, e.detail
        seconds = time.perf_counter() - started
        if reason is None:
            log.info("llm answer used role=%s took_ms=%.0f", role, seconds * 1000)
            return replace(answer, text=text.strip(), phrasing=Phrasing("llm", None, round(seconds, 3), answer.text))
        log.warning("llm fallback reason=%s detail=%.120r role=%s took_ms=%.0f", reason, detail, role, seconds * 1000)
        return replace(answer, phrasing=Phrasing("extractive", reason, round(seconds, 3), answer.text))

    def generate(
        self,
        chain,
        inputs: dict[str, str],
        timeout: float | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> str:
        """One request through `chain` (a prompt | `self.llm` | parser): the model's text within `timeout`
        seconds (default `GOVQA_LLM_TIMEOUT`), or a Failure saying what went wrong. `on_text` is given
        the text so far after each streamed chunk."""
        budget = self.timeout if timeout is None else min(timeout, self.timeout)
        if budget <= 0:
            raise Failure("timeout", "no time left")
        deadline = time.monotonic() + budget
        progress = threading.Event()  # set once a streamed chunk arrived: a late reply is a slow stream
        future = self._pool.submit(self._call, chain, inputs, deadline, progress, on_text)
        try:
            text = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except concurrent.futures.TimeoutError:
            future.cancel()  # a running call stops at its next chunk or at the client's own timeout
            raise Failure("slow_stream" if progress.is_set() else "timeout", f"over {budget:g} s") from None
        if not isinstance(text, str) or not text.strip():
            raise Failure("empty")
        return text

    def _call(self, chain, inputs: dict[str, str], deadline: float, progress: threading.Event, on_text=None) -> str:
        import openai

        try:
            if not self.stream:
                return chain.invoke(inputs)
            parts: list[str] = []
            for chunk in chain.stream(inputs):
                parts.append(chunk)
                progress.set()
                if on_text is not None:
                    on_text("".join(parts))
                if time.monotonic() > deadline:
                    raise Failure("slow_stream", f"over {self.timeout:g} s")
            return "".join(parts)
        except Failure:
            raise
        except openai.APITimeoutError as e:
            raise Failure("timeout", type(e).__name__) from None
        except openai.APIConnectionError as e:
            raise Failure("unreachable", str(e.__cause__ or e)[:200]) from None
        except openai.APIStatusError as e:
            raise Failure(f"http_{e.status_code // 100}xx", str(e.status_code)) from None
        except Exception as e:  # a body that is not the chat-completions shape, whatever the library raises
            raise Failure("malformed", f"{type(e).__name__}: {e}"[:200]) from None


class GuardedDrafts:
    """Gives a face each longer beginning of a streamed reply that ends at a citation label and passes
    the guard on its own (retrieval/drafts.py): what a user may see before the whole reply is checked."""

    def __init__(self, blocks: Sequence[guard.Block], show: Callable[[str], None]) -> None:
        self.blocks, self.show = blocks, show
        self.checked = 0  # where the last label looked at ends

    def __call__(self, text: str) -> None:
        ends = [m.end() for m in _DRAFT_END.finditer(text) if m.end() > self.checked]
        for end in reversed(ends):  # the longest beginning that passes
            draft = text[:end].strip()
            if guard.check(draft, self.blocks).ok:
                self.checked = end
                try:
                    self.show(draft)
                except Exception:  # a face's failure to show a draft never costs the answer
                    log.exception("showing a draft failed")
                return
        if ends:
            self.checked = ends[-1]


# A beginning of a reply worth showing ends right after a citation label (and its full stop or colon).
_DRAFT_END = re.compile(r"\[\d{1,2}(?:\s*[,;–-]\s*\d{1,2})*\](?:[.:;])?(?=\s|$)")


def evidence_blocks(answer: Answer, role: str) -> list[guard.Block]:
    """The numbered blocks of an answer's citations, with the extractive lines that cite each (the guard's
    evidence). A passage the role may not see (retrieval/access.py) is never sent: the answer is not phrased."""
    by_label: dict[int, list[Citation]] = {}
    for c in answer.citations:
        if not visible(c.passage.access, role):
            log.error("internal passage %s in a %s's answer: not sent to the model", c.passage.chunk_id, role)
            raise Failure("internal_evidence", c.passage.chunk_id)
        by_label.setdefault(c.number, []).append(c)
    if len(by_label) > MAX_BLOCKS:
        raise Failure("too_much_evidence", f"{len(by_label)} sources")
    derived = _lines_by_label(answer.text, set(by_label))
    blocks = []
    for label, citations in sorted(by_label.items()):
        source = citations[0].source
        texts = list(dict.fromkeys(_passage_text(c) for c in citations if c.passage.text.strip()))
        text = _cut(" … ".join(texts), MAX_BLOCK_CHARS)
        blocks.append(guard.Block(label, _title(source), source.number, text, "\n".join(derived.get(label, []))))
    return blocks


def prompt_inputs(question: str, blocks: Sequence[guard.Block], extract: str) -> dict[str, str]:
    """What the prompt template is filled with: one line per block, `[n] <title, number> — <source text>`."""
    lines = []
    for b in blocks:
        head = b.title + (f", {b.number}" if b.number and b.number not in b.title else "")
        lines.append(f"[{b.label}] {head} — {b.text}")
    return {"question": question.strip(), "blocks": "\n".join(lines), "extract": extract}


def _title(source) -> str:
    bits = [source.title]
    if source.date:
        bits.append(f"ban hành {_vn_date(source.date)}")
    if source.as_of:
        bits.append(f"số liệu tính đến {_vn_date(source.as_of)}")
    return bits[0] + (f" ({'; '.join(bits[1:])})" if len(bits) > 1 else "")


def _passage_text(c: Citation) -> str:
    text = re.sub(r"\s+", " ", c.passage.text).strip()
    return f"{' › '.join(c.passage.headings)}: {text}" if c.passage.headings else text


def _lines_by_label(text: str, known: set[int]) -> dict[int, list[str]]:
    """Each line of the extractive text under the labels it (or the line that opened its list) cites;
    lines before the first label stand on every block."""
    out: dict[int, list[str]] = {}
    current: set[int] = set()
    leading: list[str] = []
    for line in text.splitlines():
        own = guard.labels(line) & known
        if own:
            current = own
        if not current:
            leading.append(line)
            continue
        for label in current:
            out.setdefault(label, []).append(line)
    for label in known:
        out.setdefault(label, [])[:0] = leading
    return out


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _vn_date(d) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"
