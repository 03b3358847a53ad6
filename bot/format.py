"""Answers as plain text and JSON (the CLI and HTTP contract); Telegram HTML lives beside it later."""

from __future__ import annotations

from retrieval.answer import vn_date
from retrieval.models import Answer, Hit, Source

ILLUSTRATIVE = "(dữ liệu minh họa)"


def source_line(number: int, s: Source) -> str:
    bits = [s.title]
    meta = ", ".join(x for x in (s.number, vn_date(s.date) if s.date else None) if x and x not in s.title)
    if meta:
        bits.append(f"({meta})")
    if s.provenance == "illustrative":
        bits.append(ILLUSTRATIVE)
    line = f"[{number}] " + " ".join(bits)
    return f"{line} — {s.url}" if s.url else line


def answer_body(answer: Answer) -> str:
    """The answer as plain text without the source list: what `answer` holds in JSON."""
    parts = [answer.body()]
    if answer.suggestions:
        parts.append("Gợi ý câu hỏi:\n" + "\n".join(f"- {q}" for q in answer.suggestions))
    return "\n".join(parts)


def plain(answer: Answer) -> str:
    body = answer_body(answer)
    numbered = {c.source.doc_id: c.number for c in answer.citations}
    if not answer.sources:
        return body
    lines = [source_line(numbered[s.doc_id], s) for s in answer.sources]
    return body + "\n\nNguồn:\n" + "\n".join(lines)


def answer_json(answer: Answer) -> dict:
    return {
        "question": answer.question,
        "status": answer.status,
        "answer": answer_body(answer),
        "sources": [s.to_json() for s in answer.sources],
        "took_ms": answer.took_ms,
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
