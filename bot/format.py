"""Answers as plain text and JSON (the CLI and HTTP contract), and as Telegram HTML split into messages."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from retrieval import Answer, Citation, Hit, Source, vn_date

ILLUSTRATIVE = "(dữ liệu minh họa)"


def source_line(number: int, s: Source) -> str:
    bits = [s.title]
    meta = ", ".join(x for x in (s.number, vn_date(s.date) if s.date else None) if x and x not in s.title)
    if meta:
        bits.append(f"({meta})")
    if s.provenance == "illustrative" and ILLUSTRATIVE not in s.title:
        bits.append(ILLUSTRATIVE)
    line = f"[{number}] " + " ".join(bits)
    return f"{line} — {s.url}" if s.url else line


# The headings around an answer, in the question's language (an English question gets English chrome).
HEADINGS = {
    "vi": {"suggestions": "Gợi ý câu hỏi:", "sources": "Nguồn:", "more": "Còn {n} mục nữa: bấm «Xem thêm»."},
    "en": {
        "suggestions": "Suggested questions (in Vietnamese):",
        "sources": "Sources:",
        "more": "{n} more items: tap «Xem thêm».",
    },
}


def heading(answer: Answer, name: str) -> str:
    return HEADINGS.get(answer.language, HEADINGS["vi"])[name]


def answer_body(answer: Answer) -> str:
    """The answer as plain text without the source list: what `answer` holds in JSON."""
    parts = [answer.body()]
    if answer.suggestions:
        parts.append(heading(answer, "suggestions") + "\n" + "\n".join(f"- {q}" for q in answer.suggestions))
    return "\n".join(parts)


def plain(answer: Answer) -> str:
    body = answer_body(answer)
    numbered = {c.source.doc_id: c.number for c in answer.citations}
    if not answer.sources:
        return body
    lines = [source_line(numbered[s.doc_id], s) for s in answer.sources]
    return body + f"\n\n{heading(answer, 'sources')}\n" + "\n".join(lines)


def understood_line(answer: Answer) -> str:
    """ "Đang hiểu là: …" and a newline before a resolved follow-up's answer (chat faces), else ""."""
    return f"Đang hiểu là: {answer.understood_as}\n" if answer.understood_as else ""


def answer_json(answer: Answer) -> dict:
    """The JSON of an answer: `govqa ask --json` prints it, `POST /api/ask` returns it (bot/web.py documents it)."""
    return {
        "question": answer.question,
        "status": answer.status,
        "answer": answer_body(answer),
        "sources": [source_json(s) for s in answer.sources],
        "composer": answer.composer,  # "llm" (guarded model phrasing) | "extractive" (quoted from the sources)
        "took_ms": answer.took_ms,
        "understood_as": answer.understood_as,
    }


def source_json(s: Source) -> dict:
    """A cited document in an answer's JSON."""
    return {
        "doc_id": s.doc_id,
        "title": s.title,
        "number": s.number,
        "date": s.date.isoformat() if s.date else None,
        "url": s.url,
        "provenance": s.provenance,
        "confidence": s.confidence,
    }


def search_json(query: str, hits: list[Hit], k: int) -> dict:
    """Ranked documents, one entry per document (its best passage)."""
    results, seen = [], set()
    for h in hits:
        if h.document.doc_id in seen:
            continue
        seen.add(h.document.doc_id)
        snippet = h.passage.text.replace("\n", " ")
        results.append(
            {
                "doc_id": h.document.doc_id,
                "chunk_id": h.passage.chunk_id,
                "title": h.document.title,
                "score": round(h.score, 6),
                "snippet": snippet[:300] + ("…" if len(snippet) > 300 else ""),
            }
        )
        if len(results) >= k:
            break
    return {"query": query, "results": results}


# --- Telegram HTML ---------------------------------------------------------------------------------
# Every user- and corpus-derived string goes through html.escape; the only markup is ours.

MAX_MESSAGE = 4096  # Telegram's limit on one message's text
MAX_PASSAGE_CHARS = 1500  # a passage shown under "Nguồn" is cut here: the link leads to the rest


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def source_line_html(number: int, s: Source) -> str:
    """`source_line` with its parts escaped and the address as a link."""
    line = esc(source_line(number, replace(s, url=None)))
    if not s.url:
        return line
    if re.match(r"https?://", s.url):
        return f'{line} — <a href="{html.escape(s.url, quote=True)}">{esc(s.url)}</a>'
    return f"{line} — {esc(s.url)}"


def answer_html(answer: Answer) -> str:
    """The answer as one Telegram HTML text: answer, notes, suggestions, "xem thêm" hint and sources."""
    parts = [esc(answer.text)]
    if answer.notes:
        parts.append("\n".join(f"<i>{esc(n)}</i>" for n in answer.notes))
    if answer.suggestions:
        suggested = "\n".join(f"• {esc(q)}" for q in answer.suggestions)
        parts.append(f"<b>{esc(heading(answer, 'suggestions'))}</b>\n{suggested}")
    if answer.more:
        parts.append(f"<i>{esc(heading(answer, 'more').format(n=len(answer.more)))}</i>")
    if answer.sources:
        numbered = {c.source.doc_id: c.number for c in answer.citations}
        lines = [source_line_html(numbered[s.doc_id], s) for s in answer.sources]
        parts.append(f"<b>{esc(heading(answer, 'sources'))}</b>\n" + "\n".join(lines))
    return "\n\n".join(parts)


def sources_html(answer: Answer) -> str:
    """The passages behind an answer under their numbered source lines (the "Nguồn" view)."""
    if not answer.citations:
        return "Câu trả lời này không trích dẫn văn bản nào."
    by_number: dict[int, list[Citation]] = {}
    for c in answer.citations:
        by_number.setdefault(c.number, []).append(c)
    blocks = ["<b>Các đoạn văn bản làm căn cứ cho câu trả lời:</b>"]
    for number, citations in by_number.items():
        s = citations[0].source
        block = [f"<b>{esc(source_line(number, replace(s, url=None)))}</b>"]
        for c in citations:
            text = c.passage.text.strip()
            if len(text) > MAX_PASSAGE_CHARS:
                text = text[:MAX_PASSAGE_CHARS].rstrip() + "…"
            if c.passage.headings:
                block.append(f"<i>{esc(' › '.join(c.passage.headings))}</i>")
            block.append(f"<blockquote>{esc(text)}</blockquote>")
        if s.url and re.match(r"https?://", s.url):
            block.append(f'<a href="{html.escape(s.url, quote=True)}">{esc(s.url)}</a>')
        blocks.append("\n".join(block))
    return "\n\n".join(blocks)


def more_html(answer: Answer) -> str:
    """The list items left out of the answer text (the "Xem thêm" view)."""
    items = [item if item[:1] in "-•*" else f"• {item}" for item in answer.more]
    return f"<b>Xem thêm ({len(answer.more)} mục):</b>\n" + "\n".join(esc(i) for i in items)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


_TOKEN = re.compile(r"<[^<>]+>|&#?[0-9A-Za-z]+;|\n{2,}|\n|[^\S\n]+|[^<&\s]{1,200}|.", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)")


def _cut_priority(token: str) -> int:
    """Where a message may end: a paragraph break (best), a line break, a space; 0 elsewhere."""
    if token.startswith("\n\n"):
        return 3
    if token == "\n":
        return 2
    return 1 if token.isspace() else 0


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Telegram HTML cut into messages of at most `limit` characters, markup included.

    Cuts fall at paragraph breaks when possible, else at line breaks, else between words; never
    inside a tag or an entity. A tag open at a cut is closed at the end of one message and opened
    again at the start of the next, so every message is valid HTML on its own.
    """
    # Most answers fit in one message even if every tag they open were still open at the end.
    every_close = sum(telegram_length(f"</{m.group(2)}>") for m in _TAG.finditer(text) if not m.group(1))
    if telegram_length(text) + every_close <= limit:
        return [text.strip()] if re.sub(r"<[^<>]+>", "", text).strip() else []
    tokens = _TOKEN.findall(text)
    # The open tags before each token (and after the last one).
    stacks: list[tuple[str, ...]] = []
    stack: list[str] = []
    for tok in tokens:
        stacks.append(tuple(stack))
        m = _TAG.match(tok)
        if m and not tok.endswith("/>"):
            if m.group(1):
                names = [_TAG.match(t).group(2).lower() for t in stack]
                name = m.group(2).lower()
                if name in names:
                    del stack[len(names) - 1 - names[::-1].index(name) :]
            else:
                stack.append(tok)
    stacks.append(tuple(stack))

    def opening(i: int) -> str:
        return "".join(stacks[i])

    def closing(i: int) -> str:
        return "".join(f"</{_TAG.match(t).group(2)}>" for t in reversed(stacks[i]))

    # Lengths once per token and once per distinct tag stack: measuring them again at every step made
    # this quadratic, on the event loop of every Telegram answer (docs/benchmarks.md, webhook path).
    closing_lengths: dict[tuple[str, ...], int] = {}

    def closing_length(i: int) -> int:
        if stacks[i] not in closing_lengths:
            closing_lengths[stacks[i]] = telegram_length(closing(i))
        return closing_lengths[stacks[i]]

    chunks: list[str] = []
    lengths = [telegram_length(t) for t in tokens]
    start = 0
    while start < len(tokens):
        size = telegram_length(opening(start))
        best: tuple[int, int] | None = None  # (priority, index of the cut token)
        end = start
        while end < len(tokens):
            tok = tokens[end]
            priority = _cut_priority(tok)
            if priority and end > start and (best is None or priority >= best[0]):
                best = (priority, end)
            grown = size + lengths[end]
            if grown + closing_length(end + 1) > limit:
                break
            size = grown
            end += 1
        if end == len(tokens):
            chunks.append(opening(start) + "".join(tokens[start:]))
            break
        if best is not None:
            cut, resume = best[1], best[1] + 1  # the break itself is dropped
        else:
            cut = resume = max(end, start + 1)  # no break in reach: cut between tokens
        chunks.append(opening(start) + "".join(tokens[start:cut]) + closing(cut))
        start = resume
    return [c.strip() for c in chunks if re.sub(r"<[^<>]+>", "", c).strip()]


def html_to_plain(text: str) -> str:
    """What a Telegram HTML message says, without markup: the fallback when Telegram rejects the markup."""
    return html.unescape(re.sub(r"<[^<>]+>", "", text))
