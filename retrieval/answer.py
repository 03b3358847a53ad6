"""Answer composition: pick the sentences of the best passages that answer the question, and cite them.

Extractive on purpose: every number in an answer is a number in a cited passage or its metadata.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date

from .chunk import split_sentences
from .exact import answer_exact, question_agencies
from .index import LoadedIndex
from .models import Answer, Citation, Hit
from .question import folded
from .search import mentioned_documents, search
from .text import fold, has_diacritics, normalise, stop_syllables, syllables

MAX_QUESTION_CHARS = 1000
MIN_COVERAGE = 0.5  # share of the question's (IDF-weighted) words a passage must contain
MAX_SENTENCES = 3
MAX_ANSWER_CHARS = 800
_WANTS_NUMBER = re.compile(
    r"bao nhieu|may |ty le|ti le|phan tram|so luong|muc tieu|diem|xep thu|thu may|bao gio|khi nao|ngay nao|han"
)

NOT_FOUND = (
    "Xin lỗi, tôi chưa tìm thấy thông tin phù hợp với câu hỏi này trong bộ văn bản hiện có. "
    "Bạn có thể hỏi cụ thể hơn (tên văn bản, cơ quan, địa phương, năm), hoặc thử một trong các câu hỏi gợi ý."
)
GENERAL_SUGGESTIONS = (
    "Nghị quyết 57-NQ/TW đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP?",
    "Tài khoản định danh điện tử mức 2 thay thế được những giấy tờ nào?",
    "Phú Thọ xếp thứ mấy về chỉ số PII 2025?",
)


def rejection(question: str) -> str | None:
    """A polite reason when the text cannot be a question, else None."""
    text = question.strip()
    if not text:
        return "Bạn chưa nhập câu hỏi. Hãy gõ câu hỏi bằng tiếng Việt, ví dụ: «Nghị quyết 57 có mục tiêu gì?»"
    if len(text) > MAX_QUESTION_CHARS:
        return (
            f"Câu hỏi dài {len(text)} ký tự, vượt quá giới hạn {MAX_QUESTION_CHARS} ký tự. "
            "Bạn vui lòng rút gọn câu hỏi, mỗi lần hỏi một ý."
        )
    if not any(ch.isalnum() for ch in text):
        return "Tôi chỉ hiểu câu hỏi bằng chữ. Bạn vui lòng gõ câu hỏi bằng tiếng Việt (có dấu hoặc không dấu)."
    return None


def compose(index: LoadedIndex, question: str, hits: list[Hit], role: str) -> Answer:
    terms = question_terms(question)
    weights = {t: _idf(index, t) for t in terms}
    total = sum(weights.values())
    if not hits or total == 0 or max(_coverage(index, h, weights) for h in hits[:3]) / total < MIN_COVERAGE:
        return Answer(question, "not_found", NOT_FOUND, suggestions=suggestions(index, hits, role))
    chosen = _choose_sentences(index, question, hits[:3], weights, total)
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    for hit, sentences in chosen:
        n = numbers.setdefault(hit.document.doc_id, len(numbers) + 1)
        citations.append(Citation(n, hit.document, hit.passage))
        parts.append(f"{' '.join(sentences)} [{n}]")
    return Answer(question, "answered", "\n".join(parts), tuple(citations), notes=tuple(_notes(citations)))


def question_terms(question: str) -> list[str]:
    """The question's content words, accented if the question was typed with diacritics."""
    stops = stop_syllables()
    accented = has_diacritics(question)
    out = []
    for s in syllables(normalise(question)):
        if s in stops or fold(s) in stops:
            continue
        t = s if accented else fold(s)
        if t not in out:
            out.append(t)
    return out


def _idf(index: LoadedIndex, term: str) -> float:
    n = len(index.passages)
    return math.log(1 + n / (1 + index.df.get(term, 0)))


def _coverage(index: LoadedIndex, hit: Hit, weights: dict[str, float]) -> float:
    terms = index.terms[index.position[hit.passage.chunk_id]]
    return sum(w for t, w in weights.items() if t in terms)


def _terms_of(text: str) -> set[str]:
    syl = syllables(normalise(text))
    return set(syl) | {fold(s) for s in syl}


def _choose_sentences(index, question, hits, weights, total):
    wants_number = bool(_WANTS_NUMBER.search(fold(normalise(question)) + " "))
    scored = []
    for rank, hit in enumerate(hits):
        context = _terms_of(" ".join((hit.document.title, *hit.passage.headings)))
        sentences = split_sentences(hit.passage.text)
        for pos, sentence in enumerate(sentences):
            own = _terms_of(sentence)
            score = sum(w for t, w in weights.items() if t in own)
            score += 0.3 * sum(w for t, w in weights.items() if t in context and t not in own)
            score = score / total
            if wants_number and any(ch.isdigit() for ch in sentence):
                score += 0.15
            score *= 1 - 0.1 * rank
            scored.append((score, rank, pos, hit, sentence, sentences))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    best = scored[0][0]
    picked: list[tuple[int, int, Hit, str]] = []
    used_chars = 0
    for score, rank, pos, hit, sentence, sentences in scored:
        if len(picked) >= MAX_SENTENCES or score < 0.7 * best:
            break
        if used_chars + len(sentence) > MAX_ANSWER_CHARS and picked:
            continue
        picked.append((rank, pos, hit, sentence))
        used_chars += len(sentence)
        # A sentence that opens a list ("… gồm:") is only useful with the items that follow it.
        if sentence.rstrip().endswith(":"):
            for extra_pos in range(pos + 1, len(sentences)):
                extra = sentences[extra_pos]
                if used_chars + len(extra) > MAX_ANSWER_CHARS:
                    break
                picked.append((rank, extra_pos, hit, extra))
                used_chars += len(extra)
    picked.sort(key=lambda x: (x[0], x[1]))
    grouped: list[tuple[Hit, list[str]]] = []
    for _rank, _pos, hit, sentence in picked:
        if grouped and grouped[-1][0] is hit:
            if sentence not in grouped[-1][1]:
                grouped[-1][1].append(sentence)
        else:
            grouped.append((hit, [sentence]))
    return grouped


def _notes(citations: list[Citation]) -> list[str]:
    notes: list[str] = []
    seen = set()
    for c in citations:
        s = c.source
        if s.doc_id in seen:
            continue
        seen.add(s.doc_id)
        if s.as_of:
            notes.append(f"[{c.number}] Số liệu tính đến {vn_date(s.as_of)}.")
        if s.superseded_by:
            notes.append(f"[{c.number}] Lưu ý: văn bản này đã được thay thế bởi {s.superseded_by}.")
        if s.caveat:
            notes.append(f"[{c.number}] {s.caveat}")
    return notes


def suggestions(index: LoadedIndex, hits: list[Hit], role: str) -> tuple[str, ...]:
    """Two or three questions the corpus can answer, near the topic when search found something."""
    out: list[str] = []
    for hit in hits[:3]:
        title = hit.document.title
        q = f"{title} có nội dung chính gì?"
        if q not in out and (role != "citizen" or index.documents[hit.document.doc_id].access == "public"):
            out.append(q)
    for q in GENERAL_SUGGESTIONS:
        if len(out) >= 3:
            break
        if q not in out:
            out.append(q)
    return tuple(out[:3])


def vn_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def ask_index(index: LoadedIndex, question: str, role: str = "citizen", today: date | None = None) -> Answer:
    """question → (exact answer from registers | retrieval) → cited answer."""
    reason = rejection(question)
    if reason:
        return Answer(question, "rejected", reason)
    exact = answer_exact(index, question, role, today or date.today())
    if exact is not None:
        if exact.status == "answered":
            exact = _with_prose(index, question, role, exact)
            return replace(exact, notes=tuple(_notes(list(exact.citations))))
        return replace(exact, suggestions=suggestions(index, [], role))
    hits = search(index, question, role=role, k=8)
    return compose(index, question, hits, role)


def _with_prose(index: LoadedIndex, question: str, role: str, exact: Answer) -> Answer:
    """ "Nghị quyết 57 giao Bộ Tài chính những việc gì?": the computed list, plus what the named text says."""
    named = {d for d in mentioned_documents(index, question) if not index.documents[d].columns}
    agencies = [folded(a) for a in question_agencies(index, question, role)]
    if not named or not agencies:
        return exact
    hits = [
        h
        for h in search(index, question, role=role, k=8)
        if h.document.doc_id in named and any(a in folded(h.passage.text) for a in agencies)
    ]
    prose = compose(index, question, hits, role)
    if prose.status != "answered":
        return exact
    offset = max(c.number for c in exact.citations)
    renumbered = [replace(c, number=c.number + offset) for c in prose.citations]
    text = prose.text
    for c in sorted(prose.citations, key=lambda c: -c.number):
        text = text.replace(f"[{c.number}]", f"[{c.number + offset}]")
    return replace(exact, text=exact.text + "\nTrong văn bản: " + text, citations=exact.citations + tuple(renumbered))
