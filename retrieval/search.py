"""Hybrid search: BM25 over syllables and bigrams (accented and folded), fused with dense vector scores."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from .access import sees_internal
from .index import LoadedIndex
from .models import Hit, Source
from .text import fold, has_diacritics, normalise, query_tokens

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from .query import Query

# Measured on ALQAC (docs/benchmarks.md): rank fusion never beat BM25 alone; score fusion with α 0.3 did,
# by +0.036 MRR@10 (95% CI above 0); bench.quality.fusion confirmed α 0.3 on held-out halves of three sets.
# A named document's weight was set on tests/eval/dev.jsonl.
DENSE_ALPHA = 0.3
CANDIDATES = 50
NAMED_WEIGHT = 0.3


@dataclass(frozen=True)
class Fusion:
    """How much the dense side counts, and when the question is embedded at all.

    Dense is skipped (the answer costs BM25 time) when `alpha` is 0, when BM25's best passage leads the
    second by at least `margin` of its score (1 − s₂/s₁), when the question has fewer than `min_words`
    words (short questions name what they ask about), or, with `unaccented_only`, when the question is
    typed with Vietnamese diacritics (dense then serves English and unaccented questions).
    """

    alpha: float = DENSE_ALPHA
    margin: float | None = None
    min_words: int = 0
    unaccented_only: bool = False

    def wants_dense(self, question: str, scores: np.ndarray, lexical: list[int]) -> bool:
        if self.alpha <= 0 or (self.unaccented_only and has_diacritics(question)):
            return False
        if self.min_words and len(question.split()) < self.min_words:
            return False
        if self.margin is not None and len(lexical) > 1:
            return 1 - scores[lexical[1]] / scores[lexical[0]] < self.margin
        return True


# Picked by bench.quality.fusion on the tuning parts of ALQAC, ViCoV19QA and the dev questions (dev-tune): on
# the held-out parts it ranks as today's always-dense α 0.3 did (+0.002, +0.005, −0.001 MRR@10, every
# interval includes 0) and embeds 27%, 61% and 48% of the questions instead of all (docs/benchmarks.md).
DEFAULT_FUSION = Fusion(alpha=0.4, margin=0.2)

# "nghị quyết 57", "qđ 204", "đề án 06" after normalise() and fold(): a kind of document and its number.
_MENTION = re.compile(
    r"\b(nghi quyet|quyet dinh|chi thi|nghi dinh|thong tu|ke hoach|quy che|quy dinh|thong bao|cong van|de an)"
    r"\s+(?:so\s+)?0*(\d{1,4})\b"
)
_KIND_CODE = {
    "nghi quyet": "nq",
    "quyet dinh": "qd",
    "chi thi": "ct",
    "nghi dinh": "nd",
    "thong tu": "tt",
    "ke hoach": "kh",
    "quy che": "qc",
    "quy dinh": "qd",
    "thong bao": "tb",
    "cong van": "cv",
    "de an": None,
}
_NUMBER = re.compile(r"^0*(\d+)\s*[-/]\s*([A-ZĐa-zđ]+)")


def mentions(f: str) -> list[tuple[str, int]]:
    """(kind, number) of every document a folded question names: [("nghi quyet", 57)]."""
    return [(kind, int(n)) for kind, n in _MENTION.findall(f)]


def mentioned_documents(index: LoadedIndex, question: str) -> set[str]:
    """Documents the question names by kind and number ("NQ57", "Quyết định 204", "Đề án 06")."""
    wanted = {(n, _KIND_CODE[kind]) for kind, n in mentions(fold(normalise(question)))}
    if not wanted:
        return set()
    found = set()
    for doc in index.documents.values():
        m = _NUMBER.match(doc.number or "")
        if not m:
            continue
        number, code = int(m.group(1)), fold(m.group(2)).lower()
        if any(number == n and (c is None or c == code) for n, c in wanted):
            found.add(doc.doc_id)
    return found


def search(
    index: LoadedIndex, question: Query | str, role: str | None = None, k: int = 10, fusion: Fusion | None = None
) -> list[Hit]:
    """The k best passages the role may see, by score fusion of BM25 and dense retrieval.

    fused = (1 − α)·bm25/max bm25 + α·(cos − cos₅₀)/(cos₁ − cos₅₀) over the union of both top-50 lists,
    where cos₁ and cos₅₀ are the best and the 50th cosine the store returned (a BM25 candidate the store
    did not return gets cos₅₀). A question that names a document ("NQ57", "Quyết định 204") adds that
    document's own BM25 ranking on top, without hiding the others: "hệ thống giám sát Nghị quyết 57"
    lives in a report, not in NQ 57 itself. Measured on ALQAC in docs/benchmarks.md.

    `question` is a read `Query` (the answer path) or a plain string (`govqa search`, benchmarks): BM25
    gets the query's search text (everyday words with their official terms, English read through the
    glossary), the multilingual encoder the question as typed.
    """
    if isinstance(question, str):
        from .query import read_query

        question = read_query(index, question, role or "citizen")
    role = role or question.role
    allowed = np.ones(len(index.passages), dtype=bool) if sees_internal(role) else index.access.copy()
    tokens = query_tokens(question.search_text)
    if not allowed.any() or not tokens:  # "ok": chat filler only, no word to look up
        return []
    scores = np.where(allowed, index.bm25.get_scores(tokens), 0.0)
    lexical = [int(i) for i in np.argsort(-scores, kind="stable")[:CANDIDATES] if scores[i] > 0]
    if not lexical:
        return []  # no word in common: the dense side alone is not evidence enough to answer
    fusion = fusion or DEFAULT_FUSION
    alpha = fusion.alpha if fusion.wants_dense(question.dense_text, scores, lexical) else 0.0
    fused = (1 - alpha) * scores / scores[lexical[0]]
    candidates = dict.fromkeys(lexical)
    named = question.documents
    if named:
        in_named = np.isin(index.doc_of, [index.doc_ids.index(d) for d in named]) & (scores > 0)
        if in_named.any():
            named_scores = np.where(in_named, scores, 0.0)
            fused = fused + NAMED_WEIGHT * named_scores / named_scores.max()
            top_named = np.argsort(-named_scores, kind="stable")[:CANDIDATES]
            candidates.update(dict.fromkeys(int(i) for i in top_named if in_named[i]))
    dense_rank: dict[int, int] = {}
    if alpha > 0 and index.store is not None and index.embedder is not None:
        vector = index.embedder.embed_query(question.dense_text)
        # No `where` filter: Chroma's metadata filter costs ~170 ms at 53k passages (docs/benchmarks.md),
        # while dropping what the role may not see here is free; the extra depth makes up for it.
        try:
            found = index.store.query(vector, 2 * CANDIDATES)
        except Exception as e:  # a Chroma server gone: BM25 alone answers; /healthz says the server is down
            log.warning("vector store unavailable (%s: %s): answering from BM25 alone", type(e).__name__, e)
            found = []
        nearest = [(index.position[c], 1.0 - d) for c, d in found]  # Chroma's distance is 1 − cosine
        nearest = [(i, cos) for i, cos in nearest if allowed[i]][:CANDIDATES]
        if nearest:
            top, floor = nearest[0][1], nearest[-1][1]
            cosines = np.full(len(index.passages), floor)
            for rank, (i, cos) in enumerate(nearest, start=1):
                cosines[i] = cos
                dense_rank[i] = rank
                candidates.setdefault(i)
            fused = fused + alpha * np.clip((cosines - floor) / max(top - floor, 1e-9), 0.0, None)
    bm25_rank = {i: r for r, i in enumerate(lexical, start=1)}
    best = sorted(candidates, key=lambda i: -fused[i])[:k]
    return [
        Hit(
            index.passages[i],
            source_of(index, index.passages[i].doc_id),
            float(fused[i]),
            bm25_rank.get(i),
            dense_rank.get(i),
        )
        for i in best
    ]


def source_of(index: LoadedIndex, doc_id: str) -> Source:
    d = index.documents[doc_id]
    return Source(
        d.doc_id,
        d.title,
        d.number,
        d.date,
        d.url,
        d.provenance,
        d.as_of,
        d.superseded_by,
        d.caveat,
        d.confidence,
        part_of=d.part_of,
    )


def per_document(index: LoadedIndex, hits: list[Hit]) -> list[Hit]:
    """One hit per document, at its best passage: a table read out of a document counts as that document."""
    out: dict[str, Hit] = {}
    for hit in hits:
        owner = hit.document.part_of if hit.document.part_of in index.documents else hit.document.doc_id
        if owner not in out:
            out[owner] = replace(hit, document=source_of(index, owner)) if owner != hit.document.doc_id else hit
    return list(out.values())
