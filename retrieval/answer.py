"""Answer composition: pick the sentences of the best passages that answer the question, and cite them.

Extractive on purpose: every number in an answer is a number in a cited passage or its metadata.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date
from itertools import pairwise

from .access import visible
from .chunk import split_sentences
from .exact import answer_exact, question_agencies
from .index import LoadedIndex
from .models import Answer, Citation, Hit
from .question import folded
from .search import mentioned_documents, search
from .text import content_syllables, fold, has_diacritics, normalise, stop_syllables, syllables, term_set

MAX_QUESTION_CHARS = 1000
MIN_COVERAGE = 0.5  # share of the question's (IDF-weighted) words a passage must contain
MAX_SENTENCES = 3
MAX_ANSWER_CHARS = 900
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)]|[a-zđ]\))\s+")
_WANTS_NUMBER = re.compile(
    r"bao nhieu|may |ty le|ti le|phan tram|so luong|muc tieu|diem|xep thu|thu may|bao gio|khi nao|ngay|han"
    r"|so hieu|nam nao"
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
    if not hits or total == 0:
        return Answer(question, "not_found", NOT_FOUND, suggestions=suggestions(index, hits, role))
    # Search ranks by the whole question; the answer needs passages that contain its words. Re-rank the
    # candidates by how much of the question each covers, keeping search order as the tie-breaker.
    coverage = {id(h): _coverage(index, h, weights) / total for h in hits}
    ranked = sorted(enumerate(hits), key=lambda x: -(coverage[id(x[1])] - 0.02 * x[0]))
    best = [h for _, h in ranked[:3]]
    if coverage[id(best[0])] < MIN_COVERAGE or not _shares_a_phrase(question, best[0], index):
        return Answer(question, "not_found", NOT_FOUND, suggestions=suggestions(index, hits, role))
    chosen = _choose_sentences(index, question, best, weights, total)
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    for hit, sentences in chosen:
        n = numbers.setdefault(hit.document.doc_id, len(numbers) + 1)
        citations.append(Citation(n, hit.document, hit.passage))
        parts.append(f"{_join(sentences)} [{n}]")
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
    terms = index.terms_of(index.position[hit.passage.chunk_id])
    return sum(w for t, w in weights.items() if t in terms)


def _shares_a_phrase(question: str, hit: Hit, index: LoadedIndex) -> bool:
    """Two adjacent content words of the question occur together in the passage.

    Scattered single words are weak evidence, worse without diacritics: "thoi tiet ha noi ngay mai"
    meets "chi tiết", "thương mại" and "Hà Nội" somewhere, but never "thời tiết".
    """
    words = content_syllables(question)
    if len(words) < 2:
        return True
    title = index.documents[hit.document.doc_id].title
    text = content_syllables(hit.passage.embedding_text(title))
    return bool(set(pairwise(words)) & set(pairwise(text)))


def _choose_sentences(index, question, hits, weights, total):
    wants_number = bool(_WANTS_NUMBER.search(fold(normalise(question)) + " "))
    scored = []
    for rank, hit in enumerate(hits):
        context = term_set(" ".join((hit.document.title, *hit.passage.headings)))
        # A register row is one record: quoting half of it ("Nguồn: …") would say nothing.
        is_row = bool(index.documents[hit.document.doc_id].columns)
        sentences = [hit.passage.text] if is_row else split_sentences(hit.passage.text)
        for pos, sentence in enumerate(sentences):
            own = term_set(sentence)
            score = sum(w for t, w in weights.items() if t in own)
            score += 0.3 * sum(w for t, w in weights.items() if t in context and t not in own)
            score = score / total
            if wants_number and any(ch.isdigit() for ch in sentence):
                score += 0.15
            score *= 1 - 0.1 * rank
            scored.append((score, rank, pos, hit, sentence, sentences))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    best = scored[0][0]
    score_of = {(rank, pos): score for score, rank, pos, *_ in scored}
    picked: dict[tuple[int, int], tuple[Hit, str]] = {}
    used = 0

    def take(rank: int, pos: int, hit: Hit, sentences: list[str]) -> None:
        nonlocal used
        sentence = sentences[pos]
        if (rank, pos) in picked or (picked and used + len(sentence) > MAX_ANSWER_CHARS):
            return
        picked[(rank, pos)] = (hit, sentence)
        used += len(sentence)
        # A sentence that opens a list ("… gồm:") is only useful with the items that follow it.
        if not _LIST_ITEM.match(sentence):
            nxt = pos + 1
            if nxt < len(sentences) and (sentence.rstrip().endswith(":") or _LIST_ITEM.match(sentences[nxt])):
                take(rank, nxt, hit, sentences)
        elif pos + 1 < len(sentences) and _LIST_ITEM.match(sentences[pos + 1]):
            take(rank, pos + 1, hit, sentences)

    for score, rank, pos, hit, _sentence, sentences in scored:
        if len({k for k in picked if not _LIST_ITEM.match(picked[k][1])}) >= MAX_SENTENCES or score < 0.7 * best:
            break
        take(rank, pos, hit, sentences)
        if score == best and pos + 1 < len(sentences) and score_of[(rank, pos + 1)] >= 0.4 * best:
            take(rank, pos + 1, hit, sentences)  # the sentence after the best one usually finishes its thought
    grouped: list[tuple[Hit, list[str]]] = []
    for (_rank, _pos), (hit, sentence) in sorted(picked.items()):
        if grouped and grouped[-1][0] is hit:
            if sentence not in grouped[-1][1]:
                grouped[-1][1].append(sentence)
        else:
            grouped.append((hit, [sentence]))
    return grouped


def _join(sentences: list[str]) -> str:
    """Sentences run on; list items keep their own lines; Markdown emphasis is dropped."""
    out, after_item = "", False
    for s in sentences:
        s = s.replace("**", "").replace("__", "")
        item = bool(_LIST_ITEM.match(s))
        if item:
            s = "- " + _LIST_ITEM.sub("", s, count=1)
        out += ("\n" if item or after_item else " ") + s if out else s
        after_item = item
    return out


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
        if q not in out and visible(index.documents[hit.document.doc_id].access, role):
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
