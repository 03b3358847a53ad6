"""The answer path, top-down: reject → read the question once → scope → exact answer | search → compose.

Composition is extractive on purpose: every number in an answer is a number in a cited passage or its
metadata, or computed from cited register rows. Sentences are chosen by what the question asks (its
words, its intent and slots), never curation notes, headings or list items without their lead-in.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date
from functools import lru_cache
from itertools import pairwise

import numpy as np

from . import data
from .access import visible
from .chunk import split_sentences
from .definition import asks_what_for, defined_subjects, defines, says_what_it_means, without_what_for
from .document_facts import asks_what_it_is, document_fact, what_it_is_line
from .english_lead import SOURCE_SAYS, english_lead, english_title
from .exact import answer_exact, department_tasks, merged_note
from .freshness import answer_freshness
from .home import which_commune
from .index import LoadedIndex
from .mishaps import actions_asked, answers, mishaps_asked
from .models import Answer, Citation, Hit, Passage, Source
from .query import Query, names_body, read_query, translate_english, without_asking
from .question import asks_money, folded, province_names, says_money
from .reading_order import LIST_ITEM as _LIST_ITEM
from .reading_order import reading_order
from .scope import (
    Gap,
    asked_detail,
    disclaimed,
    gaps,
    gone_level,
    message,
    not_held_part,
    off_domain,
    scope_name,
    spelled,
    substitute,
    table_kind,
    uncited_document,
    unheld_detail,
)
from .search import passages_of, search, source_of
from .slots import (
    agents_in,
    anaphor_kind,
    holds,
    holds_address,
    holds_number,
    holds_outcome,
    holds_place,
    holds_time,
    holds_year,
    is_signpost,
    time_spans,
)
from .small_talk import small_talk
from .superlative import answer_superlative
from .text import content_syllables, fold, has_diacritics, nfc, normalise, query_tokens, syllables, term_set
from .verdict import (
    TaskRow,
    actor_words,
    actors,
    after_actor,
    asked_comparison,
    bodies_in,
    date_verdict,
    figure_verdict,
    other_actor,
    persons_in,
    replacement,
    replacement_verdict,
    task_verdict,
    value_in,
)
from .verdict import holds as compare
from .vi import en_date, vn_date
from .wording import (
    is_disclaimer,
    lower_level,
    reader_sentence,
    short_caveat,
)

__all__ = ["EXAMPLE_QUESTIONS", "MAX_QUESTION_CHARS", "NOT_FOUND", "Answer", "ask_index", "compose", "rejection"]

MAX_QUESTION_CHARS = 1000
MIN_COVERAGE = 0.5  # share of the question's (IDF-weighted) words a passage must contain
MAX_SENTENCES = 3
MAX_ANSWER_CHARS = 900
SLOT_BONUS = 0.25  # a passage holding what the question word asks for, over one with only its words
PHRASE_BONUS = 0.15  # a passage writing all the question's words as one phrase ("Trưởng Ban Chỉ đạo Trung ương")
PHRASE_WORDS = 5  # … of at least this many words ("nghi quyet 57 noi": folded, four words meet by chance)
_SLOTS = ("who", "when", "where")
MAX_SECTIONS = 16  # of the best document, looked at for a question word's answer
MISSING_SLOT = 0.55  # a sentence without the place, date or agency a question word asks for
_WANTS_NUMBER = re.compile(
    r"bao nhieu|may |ty le|ti le|phan tram|so luong|muc tieu|diem|xep thu|thu may|bao gio|khi nao|ngay|han"
    r"|so hieu|nam nao"
)
# "hỏi ở đâu", "tra cứu ở đâu", "xem ở đâu": where to ask or look up, which a referral answers
# A sentence saying how a thing is done, or where its steps are written; one setting a target for a year.
_HOW_TO = re.compile(r"\b(?:cach|cac buoc|buoc|thao tac|bang cach|quy trinh|trinh tu)\b")
_SAYS_USE = re.compile(r"\b(?:dung duoc|dung de|duoc dung|dung cho|lam duoc|la noi)\b")
_TARGET = re.compile(r"\b(?:muc tieu|chi tieu)\b|\bden nam 20\d\d\b")
_LOOK_UP = re.compile(r"\b(?:hoi|tra|tra cuu|xem|tim|lien he)\b")
# "lệ phí hỏi ai", "liên hệ cơ quan nào": whom to ask, which a referral answers as well
_ASK_WHOM = re.compile(r"\b(?:hoi|lien he)\s+(?:ai|co quan nao|don vi nao|cho nao)\b")
_NEGATION = re.compile(r"\b(?:khong|chua)\s+(\w+)")
_NEGATED_PAIR = re.compile(r"\b(?:khong|chua)\s+(\w+)(?:\s+(\w+))?((?:\s+\w+){0,4})")
_MODALS = frozenset({"duoc", "phai", "can", "the"})


def _denies_asked(word: str, verb: str, rest: str, question_words: set[str]) -> bool:
    """ "không <word> <verb> <rest>" denies what is asked: "không được | cấp thẻ giấy" denies "còn được cấp thẻ
    giấy không", not "có được dùng thẻ … trên VssID không"; "không phải nộp lại thông tin dân cư" (need not
    resubmit the data) does not deny "nộp hồ sơ online được không": a modal before the question's own verb
    denies it only when what follows the verb, if anything, is of the question too."""
    if word not in _MODALS or not verb:
        return True
    if verb not in question_words:
        return word != "duoc"  # "không thể chỉ tự đăng ký …": the modal itself denies
    after = set(rest.split())
    return not after or bool(after & question_words)


# "web/trang/link … là gì, ở đâu", "làm … online ở đâu": a web address is what is asked, not any place
_WEB = re.compile(
    r"\b(?:web|website|link|duong link|dia chi web|trang(?! (?:\d|thai\b))|online|truc tuyen|qua mang|tren mang)\b"
)

NOT_FOUND = (
    "Xin lỗi, tôi chưa tìm thấy thông tin phù hợp với câu hỏi này trong bộ văn bản hiện có. "
    "Bạn có thể hỏi cụ thể hơn (tên văn bản, cơ quan, địa phương, năm), hoặc thử một trong các câu hỏi gợi ý."
)
NOT_FOUND_EN = (
    "Sorry, I could not find this in the documents I hold. Try naming the document, agency, place or year, "
    "or one of the suggested questions (in Vietnamese)."
)
EXAMPLE_QUESTIONS = tuple(data.lines("example_questions.txt"))  # the faces' examples (Telegram /start, API docs)
GENERAL_SUGGESTIONS = EXAMPLE_QUESTIONS[:3]


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


def ask_index(
    index: LoadedIndex, question: str, role: str = "citizen", today: date | None = None, query: Query | None = None
) -> Answer:
    """question → (exact answer from registers | retrieval) → cited answer. `query`: the question already
    read (a resolved follow-up, retrieval/followup.py), else it is read here. An English question's answer
    says so (`Answer.language`): the faces then write their headings in English too."""
    if query is None and rejection(question) is None:  # read once: its language needs the index's names
        query = read_query(index, question, role, today or date.today())
    answer = _ask_index(index, question, role, today, query)
    if answer.status == "rejected":
        return answer  # empty, too long or no letters: the polite Vietnamese reply
    return replace(answer, language=query.language) if query.language != answer.language else answer


def _ask_index(index: LoadedIndex, question: str, role: str, today: date | None, query: Query | None) -> Answer:
    reason = rejection(question)
    if reason:
        return Answer(question, "rejected", reason)
    q = query or read_query(index, question, role, today or date.today())
    reply = small_talk(index, q)
    if reply:  # "xin chào", "cảm ơn ạ", "bạn làm được gì?": no question about the documents
        return Answer(question, "not_found", reply, suggestions=suggestions(index, [], q.role))
    if q.out_of_service:
        return out_of_service(index, q)
    if q.home_unknown:  # "xã mình" with no commune configured: which one, asked back
        from .registers import tables

        known = sorted({r.commune for r in tables(index, q.role).tasks if r.commune})
        return Answer(question, "not_found", which_commune(known, q.language == "en"))
    missing = gaps(index, q)
    answer = _denying_the_gap(index, q, missing[0]) if missing else None
    if missing and answer is None:
        return _scope_gap(index, q, missing[0])
    answer = answer or _answer(index, q)
    if off_domain(index, q, answer):  # nothing of ours named, and the evidence only meets stray words
        return out_of_service(index, q)
    if answer.status == "not_found" and not answer.citations:
        asked = asked_detail(q)  # "đăng ký vneid có mất phí không": the fee is said to be missing, and where to ask
        if asked:
            return _scope_gap(index, q, asked)
        if "where" in q.asks and (q.communes or q.agencies):
            return _address_gap(index, q)  # "tthcc phường Việt Trì ở đâu": no address, and where to look it up
    # asked for a detail no cited passage holds: said, not guessed — unless the question asks where to ask
    # about it ("hỏi lệ phí ở đâu"), which a referral answers without the detail itself
    where_to_ask = _asks_where_to_ask(q)
    detail = None if where_to_ask else unheld_detail(index, q, answer)
    detail = detail or uncited_document(index, q, answer)  # the named document is not what answered
    if detail:
        return _scope_gap(index, q, detail)
    # the evidence itself says the documents do not hold it (a referral is the answer to "where to ask")
    said_not_held = None if where_to_ask else disclaimed(index, q, answer)
    answer = (None if where_to_ask else _guide_disclaims(index, q, answer)) or answer
    return replace(said_not_held, suggestions=suggestions(index, [], q.role)) if said_not_held else answer


def _guide_disclaims(index: LoadedIndex, q: Query, answer: Answer) -> Answer | None:
    """A yes/no question answered from a guide that itself says it does not settle it ("Thẻ BHYT giấy còn dùng
    được không?" — "Về giá trị của thẻ BHYT giấy đang dùng …, người dân hỏi cơ quan bảo hiểm xã hội"): no
    verdict read from a neighbouring sentence (about re-issuing the card): the evidence without "Có/Không",
    then that referral."""
    if answer.status != "answered" or not _asks_yes_no(q) or q.language == "en":
        return None
    for c in answer.citations:
        if index.documents[c.source.doc_id].kind != "guide":
            continue
        for p in (p for p in index.passages if p.doc_id == c.source.doc_id):
            for sentence in _passage_sentences(index, Hit(p, c.source, 0.0)):
                what = not_held_part(sentence)
                # … about the very subject asked of, in the words the documents use ("xài", "cũ" aside):
                # "Ở cấp bộ có TTHCC không?" is no question of the centres' addresses, though the referral
                # names the centre
                known = {fold(t) for t in q.terms if index.df.get(fold(t))} - _STILL_WORDS
                subject, predicate = known - _predicate(q), known & _predicate(q)  # what is asked of, and what
                said = set((what or "").split())
                if (
                    subject
                    and len(subject & said) >= 0.75 * len(subject)
                    # what is asserted, all of it: "cấp lại" is no "đang dùng"; "TTHCC cấp xã có không?" asserts
                    # nothing but that it is there, which a referral for its addresses does not unsettle
                    and (predicate or content_syllables(_asserted(q)))
                    and predicate <= said
                ):
                    # the verdict goes; the evidence stays, with the guide's word on whom to ask
                    text = re.sub(r"^(?:Có|Không)\. ", "", answer.text)
                    text = text if text.startswith(NO_VERDICT) else f"{NO_VERDICT}\n{text}"
                    if sentence not in text:
                        text = f"{text}\n{sentence} [{c.number}]"
                    return replace(answer, text=text, citations=(*answer.citations, Citation(c.number, c.source, p)))
    return None


def _answer(index: LoadedIndex, q: Query) -> Answer:
    fresh = answer_freshness(index, q)  # "dữ liệu cập nhật đến ngày nào": each table's own "as of" date
    if fresh is not None:
        return fresh
    own = document_fact(index, q)  # "Đề án 06 phê duyệt ngày nào": the document's own date, not a nearby one
    if own is not None:
        return replace(own, notes=tuple(notes(index, q, list(own.citations), False, own.text)))
    ranked = answer_superlative(index, q)  # "bộ nào chủ trì nhiều nhiệm vụ nhất": a ranking computed from the rows
    if ranked is not None:
        return replace(ranked, notes=tuple(notes(index, q, list(ranked.citations), False, ranked.text)))
    exact = answer_exact(index, q)
    if exact is not None and _defined_by_prose(index, q, exact):
        exact = None  # "trạng thái Xanh nghĩa là gì": what it means is said in prose, not by a figure row's value
    if exact is not None and "where" in q.asks:
        return _where_not_in_registers(index, q)  # task and figure rows hold no addresses
    if exact is not None:
        if exact.status == "answered":
            exact = _with_prose(index, q, exact)
        one_task = bool({"lead", "deadline", "product", "partner"} & set(q.intents)) and "count" not in q.intents
        # "as of" dates the figures of an answer; a not-found's cited rows answer nothing
        figures = not one_task and exact.status == "answered"
        return replace(
            exact,
            notes=tuple(notes(index, q, list(exact.citations), figures, exact.text)),
            suggestions=() if exact.status == "answered" else suggestions(index, [], q.role),
        )
    # A question word ("ở đâu", "khi nào", "ai") looks deeper: the passage holding the place or the date
    # may rank below passages that only repeat the question's words.
    hits = search(index, q, k=8)
    if set(_SLOTS) & set(q.asks) or asks_what_for(q.question, q.text):  # … and so does "X dùng để làm gì"
        hits = _with_sections(index, q, hits)
    return compose(index, q, hits)


def _asks_meaning(q: Query) -> bool:
    """A definition question ("X là gì", "X nghĩa là gì") that asks no figure."""
    return not set(q.intents) & {"count", "figure", "rate", "rank", "target"} and bool(
        defined_subjects(q.question, q.text)
    )


def _defined_by_prose(index: LoadedIndex, q: Query, exact: Answer) -> bool:
    """A definition question asking no figure, answered only from figure or target rows: their values say how
    much, never what X is."""
    if not _asks_meaning(q):
        return False
    kinds = {table_kind(index, c.source.doc_id) for c in exact.citations}
    return bool(kinds) and kinds <= {"figures", "targets"}


def _gives_address(index: LoadedIndex, doc_id: str) -> bool:
    key = ("gives-address", doc_id)
    if key not in index.cache:
        index.cache[key] = any(p.doc_id == doc_id and holds_address(p.text) for p in index.passages)
    return index.cache[key]


def _where_not_in_registers(index: LoadedIndex, q: Query) -> Answer:
    """ "Trung tâm hành chính công phường Âu Cơ ở đâu?": a register row names the centre's tasks, never its
    address. The prose answers when it names the place asked about; else the address is said to be missing,
    with the guide's word on where to look it up."""
    hits = search(index, q, k=8)
    prose = compose(index, q, _with_sections(index, q, hits))
    named = [folded(n) for n in (*q.communes, *q.provinces)]
    if prose.status == "answered" and all(n in folded(prose.text) for n in named):
        return replace(prose, notes=tuple(notes(index, q, list(prose.citations), False, prose.text)))
    if prose.status == "not_found" and prose.citations:
        return prose  # the guide's own word on where to look it up (after what is missing)
    return _address_gap(index, q)


def _address_gap(index: LoadedIndex, q: Query) -> Answer:
    name = _address_of(q) or "địa chỉ được hỏi"
    return _scope_gap(index, q, Gap("detail", name, held=("dia chi",)))


def _address_of(q: Query) -> str | None:
    """ "địa chỉ của Trung tâm Phục vụ hành chính công phường Âu Cơ": the body or place a "where" names."""
    body = next((a for a in sorted(q.agencies, key=len, reverse=True) if folded(a) in q.folded), None)
    body = body or next(iter((*q.communes, *q.provinces)), None)
    body = re.sub(r"^(?:Ubnd|Ủy ban nhân dân)\b", "UBND", body) if body else None
    return f"địa chỉ của {lower_level(body)}" if body else None


def _with_sections(index: LoadedIndex, q: Query, hits: list[Hit]) -> list[Hit]:
    """The best prose document's other sections, after the hits: a guide that answers "Cổng … là gì" under
    one heading gives its address under another, which search may rank below passages that only repeat
    the question's words. Register rows are records, not sections: they are left out."""
    prose = [h for h in hits if not index.documents[h.document.doc_id].columns]
    if _asks_web(q):  # "link … ở đâu": the document that gives a web address somewhere
        prose = [h for h in prose if _gives_address(index, h.document.doc_id)] or prose
    prose = prose[0] if prose else None
    if prose is None:
        return hits
    doc_id = prose.document.doc_id  # a register row ranked first says nothing of where the guide's address is
    have = {h.passage.chunk_id for h in hits}
    extra = [
        Hit(p, prose.document, 0.0)
        for i in passages_of(index, doc_id)
        if (p := index.passages[i]).chunk_id not in have and (q.sees_internal or index.access[i])
    ]
    return hits + extra[:MAX_SECTIONS]


def out_of_service(index: LoadedIndex, q: Query) -> Answer:
    """A request outside what govqa covers: a short polite note naming what it does."""
    numbers = [d.number for d in index.documents.values() if d.kind == "directive" and d.number]
    covered = f" ({', '.join(numbers)})" if numbers else ""
    if q.language == "en":
        text = (
            "Sorry, that is outside what I cover. I answer questions about government directives"
            f"{covered}, the tasks they assign, progress figures and public-service guides."
        )
    else:
        about = f"câu hỏi về {q.out_of_service}" if q.out_of_service else "câu hỏi này"
        text = (
            f"Xin lỗi, {about} nằm ngoài phạm vi tôi hỗ trợ. Tôi trả lời về các văn bản chỉ đạo"
            f"{covered}, nhiệm vụ được giao, số liệu tiến độ và hướng dẫn dịch vụ công."
        )
    return Answer(q.question, "not_found", text, suggestions=suggestions(index, [], q.role))


def _scope_gap(index: LoadedIndex, q: Query, gap) -> Answer:
    """Say first what the data does not cover; then, when it has the same for another name, that answer."""
    first = message(gap, english=q.language == "en")
    if gap.typed and gap.typed.startswith("so "):  # "Sở Tài chính chủ trì …": no register gives a Sở tasks
        department = department_tasks(index, q, gap.name, gap.instead)
        if department:
            return replace(department, suggestions=suggestions(index, [], q.role))
    swapped = substitute(q, gap)
    if swapped:
        other = read_query(index, swapped, q.role, q.today)
        other = replace(other, language=q.language)
        if not gaps(index, other):
            instead = _answer(index, other)
            if instead.status == "answered":
                return Answer(
                    q.question,
                    "not_found",
                    f"{first}\n{instead.text}",
                    instead.citations,
                    notes=instead.notes,
                    more=instead.more,
                )
    if gap.instead and swapped is not None:  # offered, then not found either: nothing to offer after all
        first = message(replace(gap, instead=None), english=q.language == "en")
    text = first.rstrip(":") + ("." if first.endswith(":") else "")
    citations: tuple[Citation, ...] = ()
    gone = gone_level(index, q, gap) if q.language != "en" else None
    if gone:  # "huyện Lâm Thao": the evidence says there are no districts any more
        position, sentence = gone
        passage = index.passages[position]
        citations = (Citation(1, source_of(index, passage.doc_id), passage),)
        if gap.within_doc and gap.within_doc != passage.doc_id:  # "… Đề án 06 … không nêu Huyện Tam Đảo": cited too
            within = index.passages[passages_of(index, gap.within_doc)[0]]
            citations = (
                Citation(1, source_of(index, gap.within_doc), within),
                Citation(2, citations[0].source, passage),
            )
            text = text.rstrip(".") + " [1]."
            sentence = sentence + " [2]"
        else:
            sentence = sentence + " [1]"
        text = f"{text}\n{sentence}"
    elif gap.within_doc:  # "the document does not say": the document is cited
        first_passage = index.passages[passages_of(index, gap.within_doc)[0]]
        citations = (Citation(1, source_of(index, gap.within_doc), first_passage),)
        text = text.rstrip(".") + " [1]."
    elif gap.held and q.language != "en":
        found = _referral(index, q, gap.held)
        if found:  # "… không có thông tin về lệ phí. Người dân xem lệ phí của từng thủ tục … trên dichvucong.gov.vn"
            passage, sentence = found
            citations = (Citation(1, source_of(index, passage.doc_id), passage),)
            text = f"{text} {sentence} [1]"
    if not citations and gap.kind == "detail":  # "làm cccd cho con cần gì": what the guides do cover
        text = f"{text} {_guides_covered(index, q)}".rstrip()
    return Answer(q.question, "not_found", text, citations, suggestions=suggestions(index, [], q.role))


_REFERRAL_DEPTH = 20  # passages holding a detail's phrase read for a referral: BM25 ranks its holders first


def _referral(index: LoadedIndex, q: Query, held: tuple[str, ...]):
    """(passage, sentence): a guide's sentence saying where to ask about or look up a detail the documents do
    not give ("Người dân xem lệ phí của từng thủ tục … trên dichvucong.gov.vn hoặc hỏi cơ quan giải quyết thủ
    tục"), the one sharing most word pairs with the question, then one giving a web address, then the
    shortest (the most general); or None."""
    words = [w for w in content_syllables(q.text) if w not in _procedure_words()[0]]
    pairs = set(pairwise(words))
    best = None
    for phrase in (h for h in held if not h.startswith("re:") and h[-1:] not in "/@"):
        scores = index.bm25.get_scores(query_tokens(phrase))
        for i in np.argsort(-scores, kind="stable")[:_REFERRAL_DEPTH]:
            if scores[i] <= 0:
                break
            p = index.passages[int(i)]
            if index.documents[p.doc_id].columns or not (q.sees_internal or index.access[int(i)]):
                continue
            for sentence in _sentences(p.text):
                f = folded(sentence)
                if not is_disclaimer(sentence) or not re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", f):
                    continue
                said = content_syllables(sentence)
                # a referral to a web address ("xem … trên dichvucong.gov.vn") can be followed from anywhere
                key = (len(pairs & set(pairwise(said))), holds_address(sentence), -len(said))
                if best is None or key > best[0]:
                    best = (key, p, sentence)
    return (best[1], best[2]) if best else None


# --- composing from passages ---------------------------------------------------------------------------


def compose(index: LoadedIndex, q: Query, hits: list[Hit]) -> Answer:
    read = {t: _index_word(index, q, t) for t in q.terms}
    weights = {w: _idf(index, w) for w in read.values()}
    total = sum(weights.values())
    # how much of the question a passage covers leaves out the "còn" of "còn … không", which asks
    asking = {read[t] for t in q.terms if fold(t) in _frame_words(q)}
    covered = {w: x for w, x in weights.items() if w not in asking}
    english = q.language == "en"
    if not hits or total == 0:
        return _not_found(index, q, hits)
    # Search ranks by the whole question; the answer needs passages that contain its words. Re-rank the
    # candidates by how much of the question each covers, keeping search order as the tie-breaker.
    coverage = {id(h): _coverage(index, q, h, weights) / total for h in hits}
    # … and that hold what the question word asks for: a place for "ở đâu", a date for "khi nào".
    slot = {id(h): SLOT_BONUS * sum(holds(a, h.passage.text) for a in _SLOTS if a in q.asks) for h in hits}
    if "where" in q.asks and _asks_web(q):  # "link … ở đâu": the passage giving a web address
        for h in hits:
            slot[id(h)] += SLOT_BONUS * holds_address(h.passage.text)
    if asks_what_for(q.question, q.text):  # "vneid mức 1 làm được gì": the passage saying what it is used for
        for h in hits:
            # … or headed by the question the guide answers there ("Cổng … dùng để làm gì?")
            says = _SAYS_USE.search(folded(h.passage.text)) or asks_what_for(*h.passage.headings[-1:])
            slot[id(h)] += SLOT_BONUS * bool(says)
    # … and, among passages holding as much, the one writing all the question's words as one phrase, in its
    # order ("ai là trưởng ban chỉ đạo trung ương": "… làm Trưởng Ban Chỉ đạo Trung ương", not "Trưởng ban"
    # of another "Ban Chỉ đạo" with "Trung ương" further on)
    phrase = {id(h): PHRASE_BONUS * (_phrase_run(q, h) == 1.0) for h in hits}
    ranked = sorted(
        enumerate(hits), key=lambda x: -(coverage[id(x[1])] + slot[id(x[1])] + phrase[id(x[1])] - 0.02 * x[0])
    )
    # A passage with nothing quotable (a guide's intro, a heading) takes no place among the three; nor, for
    # "ở đâu", a task or figure row when prose is there: rows say what is done, not where.
    quotable = [h for _, h in ranked if _quotable(index, h)]
    if "where" in q.asks and any(not index.documents[h.document.doc_id].columns for h in quotable):
        quotable = [h for h in quotable if not index.documents[h.document.doc_id].columns]
    # "… nghĩa là gì", asking no figure: a figure row's value says how much, not what a thing means (a task
    # row says what the task is)
    if _asks_meaning(q) and any(not index.documents[h.document.doc_id].columns for h in quotable):
        quotable = [h for h in quotable if table_kind(index, h.document.doc_id) not in ("figures", "targets")]
    threshold = MIN_COVERAGE - (0.1 if english else 0.0)  # English names and words stay untranslated
    # what the question word asks for ranks a passage among those holding the question's words, not above
    # them: "vneid dùng để làm gì" is not answered by what the level-2 account is used for, without VNeID
    subject = _subject(q, weights, lambda t: bool(index.df.get(t)))
    asked = [a for a in _SLOTS if a in q.asks]

    def answers_slot(hit, sentences) -> bool:
        # a list item says its place in its lead-in ("Cổng … là nơi …:")
        return any(
            _about_subject(subject, s, hit.passage.headings, q) and all(holds(a, s) for a in asked)
            for s in _with_lead_ins(sentences)
        )

    # … and among those, for a citizen's question about a thing (not a named document's), one with a sentence
    # holding both what it is about and what the question word asks for: "vneid do bộ nào làm ra" is answered
    # by "VNeID là ứng dụng … của …, thuộc Bộ Công an", not by a passage saying "… trên ứng dụng VNeID" and
    # "… đến cơ quan công an" in two sentences
    quotable.sort(
        key=lambda h: (
            coverage[id(h)] < threshold or not _shares_a_phrase(q, h, index),
            bool(asked and subject) and not answers_slot(h, _passage_sentences(index, h)),
        )
    )
    best = quotable[:3] or [ranked[0][1]]
    held = _coverage(index, q, best[0], covered) / (sum(covered.values()) or total) if asking else coverage[id(best[0])]
    if held < threshold or not _shares_a_phrase(q, best[0], index):
        return _not_found(index, q, hits)
    chosen = _choose_sentences(index, q, best, weights, total)
    if not chosen or not _holds_what_is_asked(q, chosen):
        return _not_found(index, q, hits)
    if asked and subject and not answers_slot(*chosen[0]):
        # "vneid do bộ nào làm ra": the passage naming the body of what is asked about leads, ahead of one that
        # holds the subject and some body apart ("… tự đăng ký trên VNeID", "… đến cơ quan công an")
        first = next((i for i, (h, x) in enumerate(chosen) if i and answers_slot(h, x)), None)
        if first is not None:
            chosen = [chosen[first], *chosen[:first], *chosen[first + 1 :]]
    headings = chosen[0][0].passage.headings
    if not answers_slot(*chosen[0]):
        return _not_found(index, q, hits)  # only a neighbouring procedure is described: not this one
    if _asks_signer(q) and not any(_names_a_signer(s) for s in chosen[0][1]):
        return _not_found(index, q, hits)  # "ai ký nghị định 118": a sentence saying what the decree rules names none
    if _asks_how_to(q) and not any(_says_how(s, headings) for s in chosen[0][1]):
        return _not_found(index, q, hits)  # "how do I get a chip id card": what the card is worth is no way to get it
    if not _answers_the_mishaps(q, chosen[0][1], headings):
        return _not_found(index, q, hits)  # "mất cccd thì làm gì": what the card is worth says nothing of losing it
    if "where" in q.asks and index.documents[chosen[0][0].document.doc_id].columns:
        return _address_gap(index, q)  # a task row names what a body does, never where it is
    steps = _where_the_steps_are(index, q, chosen)
    if steps:  # "nộp hồ sơ online trên cổng dvc ntn": what is done there, then where its steps are written
        chosen = [chosen[0], steps, *chosen[1:]]
    asked_total = sum(covered.values()) or total  # a verdict's evidence is weighed without "còn" too
    chosen = _deciding_first(index, q, chosen, covered, asked_total, quotable)
    chosen = _deciding_row_first(index, q, chosen, hits, weights, total)
    chosen = _definition_only(index, q, [*best, *hits], chosen)
    chosen = _holder_named_first(index, q, chosen, hits)
    chosen, sections = _sections_listed(index, q, chosen)
    # "NQ 57 có hiệu lực …?": another document's passage on NQ 71's and NQ 03's effect dates does not follow
    chosen = chosen[:1] + [
        (h, x) for h, x in chosen[1:] if h.document.doc_id in q.documents or not _names_other_documents(index, q, x[0])
    ]
    chosen[0] = (chosen[0][0], [_without_opener(chosen[0][1][0]), *chosen[0][1][1:]])
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    for hit, sentences in chosen:
        n = numbers.setdefault(hit.document.doc_id, len(numbers) + 1)
        citations.append(Citation(n, hit.document, hit.passage))
        parts.append(f"{_join(sentences)} [{n}]")
    citations += [Citation(1, chosen[0][0].document, p) for p in sections]  # the sections listed, each cited
    text = "\n".join(parts)
    first_sentence = chosen[0][1][0]
    is_row = bool(index.documents[chosen[0][0].document.doc_id].columns)
    confirmation = _CONFIRMATION.search(q.folded)
    if confirmation:
        lead = None  # how far a fact is confirmed is the sources' metadata, said below, not a yes or no
        text += "\n" + _confidence_line(index, chosen, numbers, q.language == "en")
    elif is_row:
        lead = _status_verdict(q, first_sentence) or _task_verdict(index, q, chosen[0][0])
    elif any(_disclaims_asserted(q, x) for _, sentences in chosen for x in sentences):
        lead = None  # the evidence itself says it does not settle the question
    else:
        lead = _yes_no(index, _first_alternative(q), chosen, covered, asked_total)
    status = "answered"
    if _says_not_held(q, chosen, weights):
        status = "not_found"  # the best evidence says the documents do not hold the answer: said as such
        said = next(((h, x) for h, sentences in chosen for x in sentences if is_disclaimer(x)), None)
        if said and not _disclaims_the_subject(index, q, weights, said[1], said[0].passage.headings):
            return _not_found(index, q, hits)  # "lệ phí đổi cccd": the guide's word on VssID fees is not about it
        if said and "where" in q.asks:  # "… ở đâu": where to look it up leads, the neighbouring fact goes
            text, citations = f"{said[1]} [1]", [Citation(1, said[0].document, said[0].passage)]
            lead, address = None, _address_of(q) if q.language != "en" else None
            text = f"Dữ liệu hiện có không có thông tin về {address}. {text}" if address else text
    missing = _slot_missing(index, q, chosen)
    if missing and lead == "Không." and not is_row and _denied_body(q, first_sentence):
        missing = None  # the body the data lacks is the one the answer denies, naming another in its place
    if missing:
        status = "not_found"
        text = (
            f"The available data has no information on this for {missing}; the nearest it has:\n{text}"
            if english
            else f"Dữ liệu hiện có không có thông tin này của {missing}; thông tin gần nhất tìm được:\n{text}"
        )
    elif english and (line := english_lead(index, q, chosen) or (SOURCE_SAYS if lead else None)):
        text = f"{line}\n{text}"
    elif not english and not lead and (line := _what_the_document_is(index, q, chosen, numbers)):
        # the body's own sentences after it, less those that say the line again in other words
        said = set(content_syllables(line))
        new = [
            [x for x in xs if len(set(content_syllables(x)) - said) > 0.35 * len(content_syllables(x))]
            for _, xs in chosen
        ]
        kept = [(h, _no_bare_lead_in(xs)) for (h, _), xs in zip(chosen, new, strict=True)]
        text = "\n".join([line, *(f"{_join(xs)} [{numbers[h.document.doc_id]}]" for h, xs in kept if xs)])
    if lead and not missing:
        text = f"{lead} {text}"  # the yes or no comes first, before an English lead too
    elif _asks_yes_no(q) and status == "answered" and not confirmation and not _VERDICT_WORD.match(first_sentence):
        unsaid = _unsaid_quality(q, [x for _, xs in chosen for x in xs])
        if unsaid:  # "TTHCC có làm thứ 7 ko": no sentence says it, and what they do say does not answer it
            return _quality_not_found(index, q, unsaid, hits)
        text = f"{NO_VERDICT_EN if english else NO_VERDICT}\n{text}"  # the evidence does not say which: said so
    wants_figure = bool({"count", "figure", "rate", "rank", "target"} & set(q.intents)) and "when" not in q.asks
    said = tuple(notes(index, q, citations, wants_figure, text))
    return Answer(q.question, status, text, tuple(citations), notes=said)


# "các quan điểm chỉ đạo của NQ 57", "mục tiêu … gồm những gì", "list the task groups": a list is asked for
_ASKS_LIST = re.compile(
    r"^(?:cac|nhung)\s|\b(?:gom nhung|bao gom nhung|nhung gi|liet ke|ke ten|la nhung|co nhung)\b"
    r"|\b(?:list|what are the)\b"
)


def _sections_listed(index: LoadedIndex, q: Query, chosen) -> tuple[list, list[Passage]]:
    """A section that only says how many there are ("Nghị quyết 57-NQ/TW nêu 5 quan điểm chỉ đạo.") answers a
    question asking for them with its subsections' headings, one line each — what the section is made of; the
    subsections' passages are returned to be cited with it."""
    if not chosen or not _ASKS_LIST.search(q.folded) or _asks_yes_no(q):
        return chosen, []
    hit, sentences = chosen[0]
    heads = hit.passage.headings
    if not heads or index.documents[hit.document.doc_id].columns or any(_LIST_ITEM.match(x) for x in sentences):
        return chosen, []
    named = {w for d in q.documents for w in content_syllables(index.documents[d].title)} if q.documents else set()
    asked = set(content_syllables(q.text)) - named - set(content_syllables(hit.document.title))
    if not asked & set(content_syllables(heads[-1])):
        return chosen, []  # the section is not about what is asked for
    children: list[str] = []
    passages: list[Passage] = []
    at = index.position[hit.passage.chunk_id] + 1
    while at < len(index.passages) and index.passages[at].doc_id == hit.document.doc_id:
        p = index.passages[at]
        if p.headings[: len(heads)] != heads:
            break
        if len(p.headings) == len(heads) + 1 and p.headings[-1] not in children:
            children.append(p.headings[-1])
            passages.append(p)
        at += 1
    if len(children) < 2:
        return chosen, []
    listed = [f"- {c};" for c in children[:-1]] + [f"- {children[-1]}."]
    return [(hit, [*sentences, *listed]), *chosen[1:]], passages


def _no_bare_lead_in(sentences: list[str]) -> list[str]:
    """Without a lead-in ("Các tên gọi tắt … gồm:") whose list items are not among `sentences`."""
    return [
        x
        for i, x in enumerate(sentences)
        if not x.rstrip().endswith(":") or (i + 1 < len(sentences) and _LIST_ITEM.match(sentences[i + 1]))
    ]


def _what_the_document_is(index: LoadedIndex, q: Query, chosen, numbers: dict[str, int]) -> str | None:
    """ "NQ 57 là gì", "NQ 71 nói về gì": the document cited as an official text cites it, first, whatever
    sentence of its body ranks best ("Số hiệu đúng của văn bản là 71/NQ-CP …" says nothing of what it is)."""
    named = [d for d in q.documents if not index.documents[d].columns and index.documents[d].number]
    if len(named) != 1 or named[0] not in numbers:
        return None
    doc = index.documents[named[0]]
    line = what_it_is_line(doc) if asks_what_it_is(q, doc.number) else None
    return f"{line} [{numbers[doc.doc_id]}]" if line else None


# A yes/no question whose evidence says neither: said first, then what the evidence does say.
NO_VERDICT = "Chưa có dữ liệu để khẳng định có hay không; thông tin liên quan:"
NO_VERDICT_EN = "The data does not say yes or no; the related information:"
_VERDICT_WORD = re.compile(r"(?:Có|Không|Chưa|Rồi|Đã|Đúng|Yes|No)\b")


def _index_word(index: LoadedIndex, q: Query, term: str) -> str:
    """The word of the index a question word is weighed as. A word typed with a wrong or missing mark
    ("nghị quyêt", "nhiêm vụ") that no passage has is read without its marks — when the corpus writes that
    accent-less word next to one of the question's neighbouring words ("nghi quyet"). Otherwise the marks say
    which word was meant, and it is another word than the one the corpus has: "tài khoản bị khóa" is not
    about "khoa học", and a word no passage holds counts against every passage."""
    if index.df.get(term) or fold(term) == term:
        return term
    plain = fold(term)
    if not index.df.get(plain):
        return plain
    from .index import pair_counts

    pairs = pair_counts(index)
    words = [fold(w) for w in syllables(q.text)]
    for i, w in enumerate(words):
        if w == plain and (
            (i > 0 and pairs.get((words[i - 1], plain))) or (i + 1 < len(words) and pairs.get((plain, words[i + 1])))
        ):
            return plain
    return term


def _not_found(index: LoadedIndex, q: Query, hits: list[Hit]) -> Answer:
    text = NOT_FOUND_EN if q.language == "en" else NOT_FOUND
    covered = _guides_covered(index, q)
    if covered:  # a citizen is told what the guides do cover, not to name a document or an agency
        text = f"Xin lỗi, tôi chưa tìm thấy thông tin về việc này trong các văn bản hiện có. {covered}"
    return Answer(q.question, "not_found", text, suggestions=suggestions(index, hits, q.role))


def _guides_covered(index: LoadedIndex, q: Query) -> str:
    """For a citizen asking in Vietnamese: what the guides cover, and what else is answered; else ""."""
    covered = guide_topics(index, q.role) if q.role == "citizen" and q.language != "en" else ()
    if not covered:
        return ""
    return (
        f"Với người dân, tôi có hướng dẫn về: {'; '.join(covered)}. "
        "Tôi cũng trả lời về các văn bản chỉ đạo, nhiệm vụ được giao và số liệu tiến độ."
    )


def guide_topics(index: LoadedIndex, role: str) -> tuple[str, ...]:
    """What the guides a role may see are about, from their titles ("Hỏi đáp cho người dân: Cổng Dịch vụ công
    quốc gia (dichvucong.gov.vn)" → "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)")."""
    key = ("guide-topics", role)
    if key not in index.cache:
        topics = []
        for doc in index.documents.values():
            if doc.kind == "guide" and not doc.columns and visible(doc.access, role) and doc.title:
                topic = doc.title.rpartition(": ")[2].strip()
                if topic and topic not in topics:
                    topics.append(topic)
        index.cache[key] = tuple(topics)
    return index.cache[key]


def _idf(index: LoadedIndex, term: str) -> float:
    n = len(index.passages)
    return math.log(1 + n / (1 + index.df.get(term, 0)))


def _coverage(index: LoadedIndex, q: Query, hit: Hit, weights: dict[str, float]) -> float:
    return _weight_held(q, index.terms_of(index.position[hit.passage.chunk_id]), weights)


def _shares_a_phrase(q: Query, hit: Hit, index: LoadedIndex) -> bool:
    """Two adjacent content words of the question occur together in the passage.

    Scattered single words are weak evidence, worse without diacritics: "thoi tiet ha noi ngay mai"
    meets "chi tiết", "thương mại" and "Hà Nội" somewhere, but never "thời tiết".
    """
    words = content_syllables(without_asking(q.text, q.accented))  # "ra đời khi nào" asks; it is about nothing
    if len(words) < 2:
        return True
    title = index.documents[hit.document.doc_id].title
    text = content_syllables(hit.passage.embedding_text(title))
    meant = _meant_held(q, text)
    if len(words) <= 3 and all(w in set(text) or w in meant for w in words):
        # "vneid có từ bao giờ": a short question whose every word the passage holds, with its title and
        # headings ("what is vneid used for": a section of the VNeID guide that says "dùng để")
        return True
    held = set(text)
    pairs = set(pairwise(words))
    beside_meant = any((a in meant and b in held) or (b in meant and a in held) for a, b in pairs)
    return bool(pairs & set(pairwise(text))) or beside_meant


def _phrase_run(q: Query, hit: Hit) -> float:
    """The longest run of the question's content words (two or more) that the passage writes one after
    another, as a share of those words: 1.0 when it writes them all as the question does."""
    words = content_syllables(without_asking(q.text, q.accented))
    if len(words) < PHRASE_WORDS:
        return 0.0  # "where do I get my ID card": three words met together say little of what is asked
    text = content_syllables(hit.passage.text)
    at: dict[str, list[int]] = {}
    for i, w in enumerate(text):
        at.setdefault(w, []).append(i)
    best = 0
    for start in range(len(words)):
        for i in at.get(words[start], ()):
            n = 1
            while start + n < len(words) and i + n < len(text) and text[i + n] == words[start + n]:
                n += 1
            best = max(best, n)
    return best / len(words) if best >= 2 else 0.0


def _meant_held(q: Query, syllables: list[str]) -> set[str]:
    """The question's words only searched further that are there by what they may mean ("chạy": "hoạt động")."""

    def holds(phrase: tuple[str, ...]) -> bool:
        n = len(phrase)
        return any(tuple(syllables[i : i + n]) == phrase for i in range(len(syllables) - n + 1))

    return {w for typed, officials in q.meant if any(holds(o) for o in officials) for w in typed}


def _other_places(q: Query) -> list[str]:
    asked = {folded(p) for p in q.provinces}
    return [k for k, v in province_names().items() if folded(v) not in asked and len(k) > 3]


def _quotable(index: LoadedIndex, hit: Hit) -> bool:
    return bool(index.documents[hit.document.doc_id].columns) or any(map(_usable, _passage_sentences(index, hit)))


def _usable(sentence: str) -> bool:
    """Not a heading, a bare label or a note for the corpus authors."""
    s = sentence.strip().strip("*_ ")
    if len(s) < 25 and not re.search(r"\d", s) and not s.endswith(":") and not _LIST_ITEM.match(sentence):
        return False  # "Mục tiêu", "Nguồn", a lone label (a short lead-in "… gồm:" stays)
    return not re.fullmatch(r"#+\s.*|[IVX]+\.\s.{0,80}", s)


_ABBREVIATION_END = re.compile(r"(?:^|[\s(])(?:TP|Tp|TS|ThS|PGS|GS|St|Q|KT|TM|TL|TUQ)\.$")


def _sentences(text: str) -> list[str]:
    """The passage's sentences as a reader gets them: "TP. Hồ Chí Minh" is not two sentences, curation
    clauses are cut, notes for the corpus authors left out."""
    out: list[str] = []
    for s in split_sentences(text):
        if out and _ABBREVIATION_END.search(out[-1]):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    return [r for r in (reader_sentence(s.replace("**", "").replace("__", "")) for s in out) if r]


def _weight_held(q: Query, own: frozenset[str], weights: dict[str, float]) -> float:
    """The weight of the question's words that `own` holds; an official term read from an everyday word
    ("trực tuyến" for "trên mạng") also counts when `own` has the everyday words themselves."""
    held = {t for t in weights if t in own}
    for official, typed in q.everyday:
        if typed and all(w in own for w in typed):
            held |= {t for t in weights if fold(t) in official}
    for typed, officials in q.meant:  # "chạy" is covered by "hoạt động" or "vận hành"
        if any(all(w in own for w in o) for o in officials):
            held |= {t for t in weights if fold(t) in typed}
    return sum(w for t, w in weights.items() if t in held)  # in the question's order: a set's order varies by process


_COUNTED = re.compile(r"\b(?:bao nhieu|may|how many)\s+(\w+)(?:\s+(\w+))?")


def _disclaims_the_count(q: Query, f: str) -> bool:
    """The sentence says the sources lack the number of what the question counts."""
    m = _COUNTED.search(q.folded)
    if not m:
        return False
    counted = re.escape(m[1] + (f" {m[2]}" if m[2] else ""))
    return bool(
        re.search(rf"\bkhong (?:co|neu|ghi|cong bo)\b(?:\s+\w+){{0,6}}\s+(?:tong )?so (?:luong )?{counted}\b", f)
    )


def _counts_what_is_asked(q: Query, f: str) -> float:
    """ "Phụ lục I có bao nhiêu chỉ tiêu đến 2030?": a sentence with a number before "chỉ tiêu" answers it
    ("… có 35 chỉ tiêu đến năm 2030"), ahead of one that only holds some number."""
    m = _COUNTED.search(q.folded)
    if not m:
        return 0.0
    if m[2] and re.search(rf"\d\s+{m[1]}\s+{m[2]}\b", f):
        return 0.25
    # a measure word may stand between: "mấy số" is answered by "12 chữ số", "mấy phần" by "6 thành phần"
    if re.search(rf"\d\s+(?:\w+\s+)?{m[1]}\b", f):
        return 0.15
    # things counted by their numbers: "vneid gồm mấy mức tài khoản" is answered by the sentences naming
    # "mức độ 1", "mức độ 2", ahead of one holding another count ("số định danh gồm 12 chữ số")
    return 0.2 if re.search(rf"\b{m[1]}(?: do)? \d\b", f) else 0.0


@lru_cache(maxsize=1)
def _current_words() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, data.lines("current_words.txt"))) + r")(?!\w)")


def _asks_the_current(q: Query) -> bool:
    """ "nghị định định danh điện tử mới nhất", "which decree applies now": the document in force now is asked
    (data/current_words.txt)."""
    return bool(_current_words().search(q.folded) or _current_words().search(q.question.lower()))


def _sentence_score(q: Query, sentence: str, own: frozenset[str], weights, total, others: list[str]) -> float:
    """How well `sentence` answers: the question's words it holds (IDF-weighted), what the question word
    asks for (a date for "khi nào", an agency or a person for "ai", a place or address for "ở đâu", a
    number for "bao nhiêu"), less for another place's fact, a signpost, a list item or a disclaimer."""
    score = _weight_held(q, own, weights) / total
    f = folded(sentence)
    if (_WANTS_NUMBER.search(q.folded + " ") or set(q.intents) & {"count", "figure", "rate"}) and holds_number(
        sentence
    ):
        score += 0.15
    score += _counts_what_is_asked(q, f)
    if is_disclaimer(sentence) and _disclaims_the_count(q, f):
        score += 0.3  # "NQ 71 có tổng cộng bao nhiêu nhiệm vụ": "… không có dữ liệu về tổng số nhiệm vụ" is the answer
    if q.years and _other_target_year(q, f):
        score *= 0.6  # "đến năm 2030 … bao nhiêu": the 2045 vision's figure is another year's
    if _RANK_ONLY.search(f) and not _VALUE.search(f) and _asks_a_number(q) and not _asks_rank(q):
        score *= 0.8  # "tăng trưởng GRDP bao nhiêu": "xếp thứ 4/34 về tăng trưởng GRDP" is the rank, not the value
    if "when" in q.asks:
        score += 0.15 if holds_time(sentence) or holds_year(sentence) else 0.0
        score += 0.1 if _date_near_the_question(q, sentence) else 0.0
        score += 0.5 if _issue_date_of_the_asked_document(q, f) else 0.0  # outweighs the words of another fact
    if "who" in q.asks:
        score += 0.1 if holds("who", sentence) else 0.0
    if "where" in q.asks:
        score += 0.25 if holds_address(sentence) else 0.1 if holds_place(sentence) else 0.0
    if _asks_the_current(q) and (said := replacement(f)) and said.by:
        score += 0.3  # "nghị định … mới nhất": "Nghị định 59/2022 đã được thay thế bằng Nghị định 69/2024" answers
    if _SAYS_USE.search(f) and asks_what_for(q.question, q.text):
        score += 0.1  # "vneid mức 1 làm được gì": the sentence saying what it is used for
    if says_what_it_means(sentence, defined_subjects(q.question, q.text)):
        score += 0.15  # "… nghĩa là gì": the sentence saying what it means, ahead of one that only names it
    if "how" in q.asks and _HOW_TO.search(f):
        score += 0.15  # "… thế nào": the sentence saying how (or where the steps are), ahead of one about it
    if q.provinces:
        if any(re.search(rf"(?<!\w)(?:{_place_words(p)})(?!\w)", f) for p in q.provinces):
            score += 0.1
        elif any(re.search(rf"(?<!\w){re.escape(o)}(?!\w)", f) for o in others):
            score *= 0.6  # a neighbouring fact about another place
    elif "where" in q.asks and any(re.search(rf"(?<!\w){re.escape(o)}(?!\w)", f) for o in others):
        score *= 0.6  # "… tỉnh ở đâu?" is not answered by one named province's centre
    if _other_level(q, f):
        score *= 0.5  # "mức 2" asked, "tài khoản mức độ 1 …" said: a neighbouring level's fact
    if "who" in q.asks and _deputies_only(q, f):
        score *= 0.5  # "ai là trưởng ban …" asked, "các Phó Trưởng Ban … gồm" said: the deputies
    if is_signpost(sentence):
        score *= 0.5  # "Hướng dẫn này giải đáp…", "… trình bày trong hướng dẫn riêng": says where, not what
    if _LIST_ITEM.match(sentence):
        score *= 0.9  # an item needs its lead-in: a sentence saying as much on its own reads better
    if is_disclaimer(sentence) and not _refers(q, sentence):
        score *= 0.85  # "this guide does not cover…": only when nothing answers better
    return score


_LEVEL = re.compile(r"\b(muc(?: do)?|nhom|cap do|giai doan|phu luc|tieu ban) (\d{1,2}|[ivx]+)\b")


def _other_level(q: Query, f: str) -> bool:
    """The question names a numbered level ("mức 2", "nhóm 3", "phụ lục I") and the sentence speaks of
    that kind of level only with other numbers."""
    asked = {(k.replace(" do", ""), n) for k, n in _LEVEL.findall(q.folded)}
    if not asked:
        return False
    said = {(k.replace(" do", ""), n) for k, n in _LEVEL.findall(f)}
    kinds = {k for k, _ in asked}
    return bool({k for k, _ in said} & kinds) and not (said & asked)


@lru_cache(maxsize=1)
def _office_titles() -> re.Pattern:
    titles = sorted(data.lines("office_titles.txt"), key=len, reverse=True)
    return re.compile(r"(?<!\w)(pho )?(" + "|".join(map(re.escape, titles)) + r")(?: (\w+))?")


@lru_cache(maxsize=1024)
def _offices_asked(question: str) -> frozenset[str]:
    """The offices a folded question names without "phó" (read once per question, not per sentence)."""
    return frozenset(m.group(2) for m in _office_titles().finditer(question) if not m.group(1))


def _deputies_only(q: Query, f: str) -> bool:
    """The question asks who holds an office ("trưởng ban", no "phó") and the sentence names that office
    only as a deputy's ("Phó Trưởng Ban Chỉ đạo …"), or as another body's ("Trưởng Ban Kinh tế …": a next
    word the question does not have)."""
    asked = _offices_asked(q.folded)
    if not asked:
        return False
    words = set(q.folded.split())
    deputy = holder = False
    for m in _office_titles().finditer(f):
        if m.group(2) not in asked:
            continue
        if m.group(1):
            deputy = True
        elif m.group(3) is None or m.group(3) in words:
            holder = True
    return deputy and not holder


def _holder_named_first(index: LoadedIndex, q: Query, chosen, hits: list[Hit]):
    """ "ai là trưởng ban chỉ đạo trung ương": when the leading sentence names the holder of the asked office by
    title only ("… do Tổng Bí thư làm Trưởng Ban"), the sentence of a found passage naming that title's person in
    the same office ("Tổng Bí thư Tô Lâm làm Trưởng Ban Chỉ đạo Trung ương") leads: the question asks who."""
    asked = _offices_asked(q.folded)
    if not asked and q.language == "en" and re.search(r"\bban chi dao\b", q.folded):
        asked = frozenset({"truong ban"})  # "who leads the central steering committee": its head, "trưởng ban"
    if "who" not in q.asks or not asked or _asks_yes_no(q) or not chosen:
        return chosen
    lead = chosen[0][1][0]
    if _names_of_persons(lead):
        return chosen
    f = folded(lead)
    titles = {m.group(2) for m in _office_titles().finditer(f) if not m.group(1)} - asked
    if not titles or not asked & {m.group(2) for m in _office_titles().finditer(f) if not m.group(1)}:
        return chosen
    taken = {(h.document.doc_id, h.passage.chunk_id) for h, _ in chosen}
    # the passages found, then those found by the title itself: the one naming its person may say less of
    # the rest of the question ("… on res 57": the report naming him does not cite the resolution)
    more = search(
        index, replace(q, search_text=f"{' '.join(sorted(titles))} {q.search_text}", documents=frozenset()), k=8
    )
    for hit in [*hits, *more]:
        if (hit.document.doc_id, hit.passage.chunk_id) in taken or index.documents[hit.document.doc_id].columns:
            continue
        for sentence in _passage_sentences(index, hit):
            g = folded(sentence)
            if _deputies_only(q, g) or not asked & _offices_asked(g) or anaphor_kind(sentence):
                continue
            named = [p for p in _names_of_persons(sentence) if any(f"{t} {folded(p)}" in g for t in titles)]
            if named:
                return [(hit, [sentence]), *chosen][:MAX_SENTENCES]
    return chosen


def _names_of_persons(sentence: str) -> list[str]:
    """The persons' names a sentence writes, not an office written with capitals ("Trưởng Ban" is no name)."""
    return [p for p in persons_in(sentence) if not _office_titles().match(folded(p))]


def _lacks_the_office(q: Query, f: str) -> bool:
    """The question asks who holds an office ("trưởng ban", no "phó") and the folded sentence names the holders
    of other offices only ("… 3 tiểu ban: Đề án 06 (Bộ trưởng Bộ Công an), …")."""
    asked = _offices_asked(q.folded)
    if q.language == "en" and "truong ban" in asked:
        asked |= {"chu tich"}  # "who chairs / heads …" is read "trưởng ban"; a committee's chair is its "chủ tịch"
    held = {m.group(2) for m in _office_titles().finditer(f) if not m.group(1)}
    return bool(asked) and bool(held) and not held & asked


def _date_near_the_question(q: Query, sentence: str, window: int = 6) -> bool:
    """ "Đề án 06 phê duyệt ngày nào": "… được phê duyệt tại Quyết định 06/QĐ-TTg ngày 06/01/2022" has the
    date a few words after the asked event; "Khi Đề án 06 được phê duyệt, … đã vận hành từ ngày 01/7/2021"
    has another event's date. A date within `window` words of a question word (the asking ones aside)."""
    words = [(m.start(), fold(m.group(0).lower())) for m in re.finditer(r"\w+", sentence)]
    terms = {fold(t) for t in q.terms} - {"ngay", "thang", "nam", "nao"}
    at = [i for i, (_, w) in enumerate(words) if w in terms]
    starts = [s for s, _ in words]
    for begin, _ in time_spans(sentence):
        i = next((k for k, s in enumerate(starts) if s >= begin), len(starts))
        if any(0 < i - j <= window for j in at):
            return True
    return False


# "Nghị định 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ …": a document cited with its date, the date it was issued
_CITED_WITH_DATE = re.compile(
    r"(?<![\d/])(\d{1,4})/\d{4}\S*(?:\s+(?!tu\b|den\b|truoc\b|sau\b)\w+){0,2}\s+ngay\s+\d{1,2}/\d{1,2}/\d{4}"
)
_OTHER_DATE = re.compile(r"\b(?:hieu luc|ap dung|thi hanh|van hanh|trien khai)\b")


def _issue_date_of_the_asked_document(q: Query, f: str) -> bool:
    """ "nđ 118 ban hành ngày nào": the sentence citing document 118 with its date, not one dating another event
    of the same document ("… từ ngày 01/7/2025"); not when the effect or a start date is asked."""
    if _OTHER_DATE.search(q.folded):
        return False
    numbers = set(re.findall(r"\b\d{1,4}\b", q.folded))
    return any(m[1] in numbers for m in _CITED_WITH_DATE.finditer(f))


def _place_words(province: str) -> str:
    """How a sentence names the place (folded, as a pattern): "cả nước" says "Toàn quốc" too."""
    return r"toan quoc|ca nuoc" if province == "Toàn quốc" else re.escape(folded(province))


def _slot_factor(q: Query, sentence: str) -> float:
    """The first sentence answers: one without the place, date or agency the question word asks for
    leads only when no sentence has it (it may still follow, for the question's other part). "web …
    là gì" asks for a web address: a place alone ("tại Phú Thọ") is not one."""
    if any(a in q.asks and not holds(a, sentence) for a in _SLOTS):
        return MISSING_SLOT
    # (a list's lead-in, "… các Phó Trưởng Ban … gồm:", names them in its items; an anaphor, before it)
    if (
        "who" in q.asks
        and anaphor_kind(sentence) != "referent"
        and not sentence.rstrip().endswith(":")
        and _names_only_the_asked(q, sentence)
    ):
        return MISSING_SLOT
    if "who" in q.asks and _lacks_the_office(q, folded(sentence)):
        return MISSING_SLOT  # "ai là trưởng ban …": "… tiểu ban: Đề án 06 (Bộ trưởng Bộ Công an)" names no head of it
    if "outcome" in q.asks and not holds_outcome(sentence):
        return MISSING_SLOT  # "… thì bị sao": the sentence saying what happens leads, not the rule itself
    if "where" in q.asks and _asks_web(q) and not holds_address(sentence):
        return MISSING_SLOT
    if "where" in q.asks and is_disclaimer(sentence) and not _refers(q, sentence):
        return MISSING_SLOT  # "… hỏi cơ quan bảo hiểm xã hội" names where to ask, not where the thing is done
    if is_disclaimer(sentence) and defined_subjects(q.question, q.text):
        return MISSING_SLOT  # "vssid là app gì": where to ask about installing VssID says nothing of what it is
    return 1.0


def _sets_a_target_not_asked(q: Query, sentences: list[str], pos: int) -> bool:
    """A "how" question that asks no target, and the sentence at `pos` (or the lead-in of the list it is an
    item of: "Theo Phụ lục I …, đến năm 2030:") sets one."""
    if "how" not in q.asks or _TARGET.search(q.folded):
        return False
    said = sentences[pos]
    if _LIST_ITEM.match(said):
        lead = _lead_in(sentences, pos)
        said = sentences[lead] if lead is not None else said
    return bool(_TARGET.search(folded(said)))


def _names_only_the_asked(q: Query, sentence: str) -> bool:
    """Every agency or person the sentence names is named by the question too ("Cổng Dịch vụ công quốc gia
    khai trương …" for "ai chủ trì lễ khai trương cổng dvc"): it says nothing of who. ("Ông đồng thời là …"
    names its person in the sentence before it: the caller leaves such sentences alone.)"""
    return all(re.search(rf"(?<!\w){re.escape(folded(a))}(?!\w)", q.folded) for a in agents_in(sentence))


def _asks_web(q: Query) -> bool:
    return bool(_WEB.search(q.folded) or _WEB.search(" ".join(fold(q.question.lower()).split())))


@lru_cache(maxsize=1)
def _procedure_words() -> tuple[frozenset[str], re.Pattern, re.Pattern]:
    """(their folded syllables, the phrases folded, the phrases as written) of data/procedure_words.txt."""
    phrases = sorted((nfc(w.strip().lower()) for w in data.lines("procedure_words.txt")), key=len, reverse=True)
    words = frozenset(fold(s) for p in phrases for s in p.split())

    def pattern(forms: list[str]) -> re.Pattern:
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")

    return words, pattern([fold(p) for p in phrases]), pattern(phrases)


def _subject(q: Query, weights: dict[str, float], index_knows=lambda t: True) -> dict[str, float]:
    """The words a citizen's procedure question is about ("làm cccd ở đâu" → căn cước công dân), with their
    weights; {} when the question is not one (an official's, a named document's, no procedure word)."""
    if q.role != "citizen" or q.documents or q.language == "en":
        return {}
    _, pattern, written = _procedure_words()
    # "vneid dùng để làm gì" asks what VNeID is for: its "làm" is no procedure ("mất cccd thì làm gì" keeps "mất")
    if not (pattern.search(without_what_for(q.folded)) or {"where", "how"} & set(q.asks)):
        return {}
    # the question's words once its procedure phrases are taken out ("đăng ký", "hồ sơ" go; "ký số" stays)
    left = set(syllables(written.sub(" ", q.text) if q.accented else pattern.sub(" ", q.folded)))
    left |= {fold(w) for w in left} if not q.accented else set()
    # words an everyday phrase only lengthened ("định danh" read as "định danh điện tử") were not asked
    added = {w for official, typed in q.everyday if typed and set(typed) <= set(official) for w in official}
    added -= {w for _, typed in q.everyday for w in typed}
    # a word no passage has ("nd" for NĐ, a typo) cannot be held by any sentence: search already weighed it
    return {t: w for t, w in weights.items() if t in left and fold(t) not in added and index_knows(t)}


_SIGNED = re.compile(r"(?<!dang )\bky\b(?!\s+(?:so|ket|hop dong))")  # "ký", not "đăng ký", "chữ ký số"


def _asks_signer(q: Query) -> bool:
    """ "ai ký nghị định 118", "who signed decree 118": who signed a document, a person."""
    return "who" in q.asks and bool(_SIGNED.search(q.folded))


def _names_a_signer(sentence: str) -> bool:
    """The sentence says a document was signed ("ký") and names a person, by name or by office ("Thủ tướng",
    "Bộ trưởng"): who signed. A code read out ("598/QĐ-TTg": "thủ tướng") says no one signed it."""
    f = folded(sentence)
    if not _SIGNED.search(f):
        return False
    return bool(persons_in(sentence)) or any(not m.group(1) for m in _office_titles().finditer(f))


@lru_cache(maxsize=1)
def _doing_words() -> re.Pattern:
    words = sorted({nfc(w.strip().lower()) for w in data.lines("doing_words.txt")}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


@lru_cache(maxsize=1)
def _folded_doings() -> tuple[str, ...]:
    return tuple(sorted({fold(w.lower()) for w in data.lines("doing_words.txt") if " " in w.strip()}, key=len)[::-1])


def _subject_action(folded_subject: str) -> str:
    """The doing a yes/no question's subject opens with ("dang ky | dinh danh muc 2"), folded; "" without one."""
    return next((w for w in _folded_doings() if re.match(rf"{re.escape(w)}\b", folded_subject.strip())), "")


def _asks_how_to(q: Query) -> bool:
    """A citizen asks how to do a procedure: "how" and a procedure word ("làm cccd thế nào", "how do I get …")."""
    return q.role == "citizen" and "how" in q.asks and bool(_procedure_words()[1].search(q.folded))


def _where_the_steps_are(index: LoadedIndex, q: Query, chosen):
    """(hit, [sentence]): for a citizen's "how do I …" whose first passage says what is done but no steps, the
    same guide's sentence saying on which web address the steps are written ("… các bước thao tác chi tiết
    trực tiếp trên dichvucong.gov.vn"); else None."""
    if not _asks_how_to(q) or any(_HOW_TO.search(folded(s)) for s in chosen[0][1]):
        return None
    doc_id = chosen[0][0].document.doc_id
    if index.documents[doc_id].columns or index.documents[doc_id].kind != "guide":
        return None
    quoted = {s for _, sentences in chosen for s in sentences}
    for i in passages_of(index, doc_id):
        p = index.passages[i]
        if not (q.sees_internal or index.access[i]):
            continue
        for sentence in _passage_sentences(index, Hit(p, chosen[0][0].document, 0.0)):
            if sentence not in quoted and _HOW_TO.search(folded(sentence)) and holds_address(sentence):
                return Hit(p, chosen[0][0].document, 0.0), [sentence]
    return None


def _says_how(sentence: str, headings: tuple[str, ...]) -> bool:
    """The sentence, read with its headings, says how something is done (data/doing_words.txt; the documents'
    own words, with their marks: "tải" is no "tài")."""
    return bool(_doing_words().search(nfc(" ".join((*headings, sentence)).lower())))


def _about_subject(subject: dict[str, float], sentence: str, headings: tuple[str, ...], q: Query) -> bool:
    """The sentence, read with its headings, holds at least half of what the question is about: "Tài khoản
    mức độ 2 … tại cơ quan công an" answers where to register the account, not where to get the card."""
    if not subject:
        return True
    own = term_set(" ".join((*headings, sentence)))
    return _weight_held(q, own, subject) >= 0.5 * sum(subject.values())


def _with_lead_ins(sentences: list[str]) -> list[str]:
    """The sentences as read: a list item with the lead-in before it ("Cổng Dịch vụ công quốc gia là nơi … làm
    các việc sau: - theo dõi việc xử lý phản ánh, kiến nghị đã gửi;")."""
    out, lead = [], ""
    for s in sentences:
        if _LIST_ITEM.match(s):
            out.append(f"{lead} {s}".strip())
        else:
            lead = s if s.rstrip().endswith(":") else ""
            out.append(s)
    return out


def _actions(q: Query) -> tuple:
    """The actions a citizen's question asks for ("đổi gplx online ntn": "đổi"; data/procedure_actions.tsv)."""
    if q.language != "vi" or q.role != "citizen":
        return ()
    return actions_asked(q.text if q.accented else q.folded, q.accented)


def _answers_the_mishaps(q: Query, sentences: list[str], headings: tuple[str, ...], stated=None) -> bool:
    """A question stating a mishap ("mất", "bị khóa", "bị hack") is answered by a sentence that, with its
    headings, says the mishap or a way out of it ("cấp lại", "dùng thay"): data/mishaps.tsv; one asking for an
    action ("đổi gplx online ntn") by a sentence saying that action, not only the licence's name."""
    if q.language != "vi":
        return True
    if stated is None:
        stated = mishaps_asked(q.text if q.accented else q.folded, q.accented) + _actions(q)
    context = " ".join(headings)
    return all(any(answers(m, f"{context} {s}", q.accented) for s in sentences) for m in stated)


def _says_not_held(q: Query, chosen, weights: dict[str, float]) -> bool:
    """The evidence says the documents do not hold the answer: the first sentence is a disclaimer, or,
    for "ở đâu", a disclaimer ("tra cứu địa chỉ … trên trang thông tin chính thức của tỉnh") holds more of
    the question than the sentence that leads."""
    first = chosen[0][1][0]
    if is_disclaimer(first):
        return not _refers(q, first)
    if "where" not in q.asks:
        return False
    lead = _weight_held(q, term_set(first), weights)
    return any(
        is_disclaimer(s) and not _refers(q, s) and _weight_held(q, term_set(s), weights) > lead
        for _, sentences in chosen
        for s in sentences
    )


def _disclaims_the_subject(index: LoadedIndex, q: Query, weights, sentence: str, headings: tuple[str, ...]) -> bool:
    """A guide's "… người dân hỏi cơ quan bảo hiểm xã hội" is about what a citizen's procedure question asks
    of — its subject without the detail asked ("lệ phí") — or it says nothing of this question."""
    detail = asked_detail(q)
    held = {w for phrase in (detail.held if detail else ()) for w in phrase.split()}
    subject = {t: w for t, w in _subject(q, weights, lambda t: bool(index.df.get(t))).items() if fold(t) not in held}
    return _about_subject(subject, sentence, headings, q)


def _refers(q: Query, sentence: str) -> bool:
    """ "Hỏi lệ phí ở đâu?" is answered by "… người dân hỏi cơ quan bảo hiểm xã hội": a referral
    answers a "where" question."""
    if _ASK_WHOM.search(q.folded):
        return holds_place(sentence) or holds("who", sentence)
    return "where" in q.asks and bool(_LOOK_UP.search(q.folded)) and holds_place(sentence)


# "Ví dụ, Thông báo 03-TB/BCĐTW … giao 45 nhiệm vụ": an opener that goes on from a sentence the answer does not quote
_OPENER = re.compile(r"^(?:ví dụ|chẳng hạn|cụ thể|ngoài ra|bên cạnh đó|trong khi đó|mặt khác),\s+(?=\w)", re.IGNORECASE)


def _without_opener(sentence: str) -> str:
    """The answer's first sentence without "Ví dụ, …", "Ngoài ra, …": it answers, it does not go on."""
    rest = _OPENER.sub("", sentence, count=1)
    return rest[:1].upper() + rest[1:] if rest != sentence else sentence


_TARGET_YEAR = re.compile(r"\b(?:den|toi|vao|tam nhin den) nam (20\d\d)\b")


def _other_target_year(q: Query, f: str) -> bool:
    """The sentence sets a target for a year ("đến năm 2045") and names none the question asks."""
    said = {int(y) for y in _TARGET_YEAR.findall(f)}
    return bool(said) and not said & set(q.years) and not any(str(y) in f for y in q.years)


_RANK_ONLY = re.compile(r"\b(?:xep|dung|xep hang) thu \d+")
_VALUE = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|diem\b|phan tram\b)")


def _asks_rank(q: Query) -> bool:
    return "rank" in q.intents or bool(re.search(r"\b(?:xep thu|thu may|thu hang|hang may|top|rank\w*)\b", q.folded))


# "bao nhiêu", "mấy", "tỷ lệ" …; a date the question names ("… ngày 25/12/2025") asks for none
_NUMBER_ASKED = re.compile(r"\b(?:bao nhieu|may|ty le|ti le|phan tram|so luong|diem|xep thu|thu may)\b")


def _asks_a_number(q: Query) -> bool:
    return bool(_NUMBER_ASKED.search(q.folded) or {"count", "figure", "rate", "rank", "target"} & set(q.intents))


def _asks_where_to_ask(q: Query) -> bool:
    """ "Hỏi lệ phí ở đâu?", "lệ phí hỏi ai?": where or whom to ask, which a guide's referral answers."""
    return ("where" in q.asks and bool(_LOOK_UP.search(q.folded))) or bool(_ASK_WHOM.search(q.folded))


def _choose_sentences(index: LoadedIndex, q: Query, hits: list[Hit], weights, total):
    others = _other_places(q) if q.provinces or "where" in q.asks else []
    subject = _subject(q, weights, lambda t: bool(index.df.get(t)))
    actions = _actions(q)
    scored = []
    for rank, hit in enumerate(hits):
        context = term_set(" ".join((hit.document.title, *hit.passage.headings)))
        # A register row is one record: quoting half of it ("Nguồn: …") would say nothing.
        is_row = bool(index.documents[hit.document.doc_id].columns)
        figure_row = table_kind(index, hit.document.doc_id) == "figures"
        sentences = [_row_sentence(index, hit)] if is_row else _passage_sentences(index, hit)
        for pos, sentence in enumerate(sentences):
            if not _usable(sentence):
                continue
            own = term_set(sentence)
            score = _sentence_score(q, sentence, own, weights, total, others)
            if q.documents and hit.document.doc_id not in q.documents and not is_row:
                score *= 0.85  # the question names a document: another document's sentence is a neighbour
            score += 0.3 * sum(w for t, w in weights.items() if t in context and t not in own) / total
            if _LIST_ITEM.match(sentence) and is_signpost(sentences[_lead_in(sentences, pos) or 0]):
                score *= 0.6  # "Những việc … theo các thông tin ở trên:": a summary of what is said above
            score *= 1 - 0.1 * rank
            factor = _slot_factor(q, sentence)
            if _sets_a_target_not_asked(q, sentences, pos):
                factor *= MISSING_SLOT  # "nộp hồ sơ trực tuyến thế nào": a target for 2030 says how much, not how
            if figure_row and {"who", "where"} & set(q.asks) and not _NUMBER_ASKED.search(q.folded):
                factor *= MISSING_SLOT  # "bí thư tỉnh ủy là ai": a figure row names a person only in its note
            if not _about_subject(subject, sentence, hit.passage.headings, q):
                factor *= MISSING_SLOT  # a neighbouring procedure's sentence leads only when nothing is about it
            if actions and not _answers_the_mishaps(q, [sentence], hit.passage.headings, actions):
                factor *= MISSING_SLOT  # "đăng ký mức 2 online được không": the sentence saying "đăng ký" leads
            scored.append((score * factor, score, rank, pos, hit, sentence, sentences))
    if not scored:
        return []
    # An item of "Những việc … theo các thông tin ở trên:" sums up what other sentences say: they answer
    summary = {id(x) for x in scored if _LIST_ITEM.match(x[5]) and is_signpost(x[6][_lead_in(x[6], x[3]) or 0])}
    scored = [x for x in scored if id(x) not in summary] or scored
    # The lead is the best sentence holding what is asked; the others follow by their words alone.
    scored.sort(key=lambda x: (-x[0], x[2], x[3]))
    lead_of = {(rank, pos): lead for lead, _, rank, pos, *_ in scored}
    scored = scored[:1] + sorted(scored[1:], key=lambda x: (-x[1], x[2], x[3]))
    best = scored[0][1]
    score_of = {(rank, pos): score for _, score, rank, pos, *_ in scored}
    picked: dict[tuple[int, int], tuple[Hit, str]] = {}
    seen: set[str] = set()
    used = 0

    def key(sentence: str) -> str:
        return " ".join(folded(_LIST_ITEM.sub("", sentence)).split())

    def take(rank: int, pos: int, hit: Hit, sentences: list[str]) -> None:
        nonlocal used
        sentence = sentences[pos]
        if (rank, pos) in picked or not _usable(sentence) or (picked and used + len(sentence) > MAX_ANSWER_CHARS):
            return
        # a register's task row is a record of its own: two tasks sharing words and a year are two tasks
        record = (
            bool(index.documents[hit.document.doc_id].columns) and table_kind(index, hit.document.doc_id) != "figures"
        )
        elsewhere = [] if record else [s for (r, _), (_, s) in picked.items() if r != rank]
        if len(sentence) > 30 and (
            key(sentence) in seen or _restates(sentence, [p[1] for p in picked.values()], elsewhere)
        ):
            return  # the same sentence (or nearly) from another passage says nothing new
        kind = anaphor_kind(sentence) if not _LIST_ITEM.match(sentence) else None
        if kind:
            # "Ông đồng thời là …": whom it means is said in the sentence before, which comes first; with no
            # sentence before it, a pronoun names no one (left out), a connective may stand alone
            antecedent = pos > 0 and _usable(sentences[pos - 1]) and not _LIST_ITEM.match(sentences[pos - 1])
            if not antecedent and kind == "referent":
                return
            if antecedent and (rank, pos - 1) not in picked:
                take(rank, pos - 1, hit, sentences)  # once it is in, the sentence itself follows it
                if (rank, pos - 1) not in picked:
                    return
        if _LIST_ITEM.match(sentence):
            lead = _lead_in(sentences, pos)
            if lead is None:
                return  # a list fragment without its lead-in reads as a stray line
            if lead != pos and (rank, lead) not in picked:
                take(rank, lead, hit, sentences)
                if (rank, lead) not in picked:
                    return
        picked[(rank, pos)] = (hit, sentence)
        seen.add(key(sentence))
        used += len(sentence)
        # A sentence that opens a list ("… gồm:") is only useful with the items that follow it.
        if not _LIST_ITEM.match(sentence):
            nxt = pos + 1
            if nxt < len(sentences) and (sentence.rstrip().endswith(":") or _LIST_ITEM.match(sentences[nxt])):
                take(rank, nxt, hit, sentences)
        elif pos + 1 < len(sentences) and _LIST_ITEM.match(sentences[pos + 1]):
            take(rank, pos + 1, hit, sentences)

    first_rank, best_lead = scored[0][2], scored[0][0]
    defining = bool(defined_subjects(q.question, q.text))
    slot_asked = q.role == "citizen" and "where" in q.asks
    for n, (lead, score, rank, pos, hit, sentence, sentences) in enumerate(scored):
        if len({k for k in picked if not _LIST_ITEM.match(picked[k][1])}) >= MAX_SENTENCES or score < 0.7 * best:
            break
        if n and slot_asked and rank != first_rank and lead < 0.7 * best_lead and not is_disclaimer(sentence):
            continue  # "… ở đâu": another passage's sentence without the place only adds noise to the answer
        if n and _LIST_ITEM.match(sentence) and is_signpost(sentences[_lead_in(sentences, pos) or 0]):
            continue  # an item of "… theo các thông tin ở trên:" repeats what is said above: never added
        if n and _sets_a_target_not_asked(q, sentences, pos):
            continue  # a 2030 target after the sentence saying how: no part of the answer
        if n and is_signpost(sentence):
            continue  # "Cách đăng ký … được trình bày trong hướng dẫn riêng": a cross-reference adds no fact
        if n and defining and is_disclaimer(sentence):
            continue  # "vssid là app gì": whom to ask about installing it is no part of what it is
        mine = {k: v for k, v in picked.items() if k[0] == rank}
        if n and mine and not _LIST_ITEM.match(sentence) and not _adds(sentence, mine, weights, q):
            continue  # the passage's further sentence says nothing of the question its picked ones do not
        take(rank, pos, hit, sentences)
        if n == 0 and pos + 1 < len(sentences):
            nxt = sentences[pos + 1]
            # "… thì bị sao": the sentence after the rule says what happens to whoever does not keep it
            outcome = "outcome" in q.asks and holds_outcome(nxt) and not holds_outcome(sentence)
            if (
                (score_of.get((rank, pos + 1), 0) >= 0.4 * best and not is_signpost(nxt))
                or nxt.rstrip().endswith(":")
                or outcome
            ):
                take(rank, pos + 1, hit, sentences)  # the sentence after the best one usually finishes its thought
    # The passage holding the best sentence comes first, and in it the best sentence leads (after the
    # lead-in of its list): the first sentence answers; the rest keep the passage's own order.
    by_rank: dict[int, list[int]] = {}
    for rank, pos in sorted(picked):
        by_rank.setdefault(rank, []).append(pos)
    order = sorted(by_rank, key=lambda r: -max(lead_of.get((r, p), 0) for p in by_rank[r]))
    grouped: list[tuple[Hit, list[str]]] = []
    for rank in order:
        positions = by_rank[rank]
        lead = max(positions, key=lambda p: lead_of.get((rank, p), 0))
        i = positions.index(lead)
        rotated = positions[i:] + positions[:i]
        hit = picked[(rank, positions[0])][0]
        texts: list[str] = []
        for pos in rotated:
            if picked[(rank, pos)][1] not in texts:
                texts.append(picked[(rank, pos)][1])
        # a list item after its lead-in, an anaphor after the sentence it points back to
        whole = [_row_sentence(index, hit)] if index.documents[hit.document.doc_id].columns else None
        texts = _glossary_lines_asked(texts, weights)
        grouped.append((hit, reading_order(texts, whole or _passage_sentences(index, hit))))
    return grouped


_GLOSSARY_LINE = re.compile(r"^\s*[-*+•]\s+([^:;]{1,50}):\s")


_NUMBER_OF_DOCUMENT = re.compile(r"\b0*(\d{1,4})(?:/\d{4})?[-/][A-ZĐ]{2}")


def _names_other_documents(index: LoadedIndex, q: Query, sentence: str) -> bool:
    """The question names documents ("NQ 57-NQ/TW …") and the sentence names others by number ("Nghị quyết
    71/NQ-CP …", "… 03/NQ-CP") and none of those asked: a neighbouring document's fact."""
    asked = {n for d in q.documents for n in _NUMBER_OF_DOCUMENT.findall(index.documents[d].number or "")}
    named = set(_NUMBER_OF_DOCUMENT.findall(sentence))
    return bool(asked and named) and not asked & named


def _glossary_lines_asked(texts: list[str], weights: dict[str, float]) -> list[str]:
    """A glossary list ("- CCCD: thẻ căn cước công dân, …", "- VNeID: ứng dụng …") keeps only the lines whose
    term holds a word of the question: "Đề án 06 là gì" is not answered with what CCCD and VNeID stand for.
    With none left, its lead-in ("Các tên gọi tắt …:") goes too."""
    items = [t for t in texts if _LIST_ITEM.match(t)]
    if len(items) < 2 or not all(_GLOSSARY_LINE.match(t) for t in items):
        return texts
    asked = {t for t in items if term_set(_GLOSSARY_LINE.match(t).group(1)) & set(weights)}
    if len(asked) == len(items):
        return texts
    kept = [t for t in texts if not _LIST_ITEM.match(t) or t in asked]
    return kept if asked else [t for t in kept if not t.rstrip().endswith(":")] or texts


def _definition_only(index: LoadedIndex, q: Query, hits: list[Hit], chosen):
    """ "cccd là gì": the sentence defining what is asked about ("- CCCD: thẻ căn cước công dân, …", after its
    list's lead-in), alone — not the glossary list it stands in, nor a neighbouring fact that names it."""
    subjects = defined_subjects(q.question, q.text) if not set(_SLOTS) & set(q.asks) else ()
    if not subjects:
        return chosen
    for hit in [h for h, _ in chosen] + [h for h in hits if _quotable(index, h)]:
        if index.documents[hit.document.doc_id].columns:
            continue
        whole = _passage_sentences(index, hit)
        for pos, sentence in enumerate(whole):
            if not defines(sentence, subjects):
                continue
            if _LIST_ITEM.match(sentence):  # a glossary's "- CCCD: thẻ căn cước công dân, …;" says it all
                return [(hit, [re.sub(r"[;,]\s*$", ".", _LIST_ITEM.sub("", sentence))])]
            items = []  # "… là nơi người dân … làm các việc sau:" is said with its list
            while sentence.rstrip().endswith(":") and pos + 1 + len(items) < len(whole):
                if not _LIST_ITEM.match(whole[pos + 1 + len(items)]):
                    break
                items.append(whole[pos + 1 + len(items)])
            return [(hit, [sentence, *items]), *_uses_beside(q, [sentence, *items], chosen)]
    return chosen


def _uses_beside(q: Query, definition: list[str], chosen):
    """ "vneid dùng để làm gì": when the definition ("VNeID là ứng dụng …") says nothing of what the thing is
    used for, the chosen sentences that do ("… được dùng để thực hiện dịch vụ công trực tuyến"), after it."""
    if not asks_what_for(q.question, q.text) or any(_SAYS_USE.search(folded(s)) for s in definition):
        return []
    if definition[0].rstrip().endswith(":"):
        return []  # "… là nơi người dân … làm các việc sau:": its list says what it does
    subjects = defined_subjects(q.question, q.text)
    out = []
    for hit, sentences in chosen:
        uses = [
            s
            for s in sentences
            if _SAYS_USE.search(folded(s)) and s not in definition and any(x in folded(s) for x in subjects)
        ]
        if uses:
            out.append((hit, uses[:1]))
    return out[:1]


def _adds(sentence: str, picked: dict, weights: dict[str, float], q: Query) -> bool:
    """A further sentence holds a question word, or what the question word asks for, that the sentences
    `picked` do not."""
    said = frozenset().union(*(term_set(s) for _, s in picked.values()))
    own = term_set(sentence)
    if any(t in own and t not in said for t in weights):
        return True
    return any(a in q.asks and holds(a, sentence) and not any(holds(a, s) for _, s in picked.values()) for a in _SLOTS)


def _restates(sentence: str, taken: list[str], elsewhere: list[str] = ()) -> bool:
    """Nearly the same words as a sentence already taken (two documents saying one thing); `elsewhere`: the
    sentences taken from other passages than this sentence's."""
    words = set(content_syllables(sentence))
    said = set().union(*(content_syllables(o) for o in taken))
    if not _LIST_ITEM.match(sentence) and words and len(words - said) <= min(1, 0.15 * len(words)):
        return True  # another guide's one sentence for what two sentences already said, word for word
    # "Số định danh cá nhân gồm 12 chữ số…" then another passage's "Mỗi tài khoản … gồm 12 chữ số…": every
    # number (outside its brackets: a row's date and source) said already by another passage, and hardly a
    # word that is not — one fact twice. A list's lead-in ("… đạt:") stays: its items may be new; so does a
    # sentence whose only numbers are single digits ("mức độ 2" names a level, it is no figure or date).
    bare = re.sub(r"\([^()]*\)", " ", sentence)
    numbers, plain = _numbers(bare), set(content_syllables(bare))
    elsewhere_said = set().union(*(content_syllables(o) for o in elsewhere))
    figure = any(len(n) > 1 for n in numbers)
    if elsewhere and not _LIST_ITEM.match(sentence) and not sentence.rstrip().endswith(":") and figure:
        if len(plain) >= 8 and len(plain - elsewhere_said) <= 0.3 * len(plain):
            if numbers <= set().union(*(_numbers(o) for o in elsewhere)):
                return True
    for other in taken:
        theirs = set(content_syllables(other))
        if words and theirs and len(words & theirs) / len(words | theirs) >= 0.75:
            return True
    return False


def _lead_in(sentences: list[str], pos: int) -> int | None:
    """The sentence that introduces the list item at `pos` ("… gồm:"), or None when there is none."""
    i = pos
    while i > 0 and _LIST_ITEM.match(sentences[i]):
        i -= 1
    return None if _LIST_ITEM.match(sentences[i]) else i


def _row_sentence(index: LoadedIndex, hit: Hit) -> str:
    """A register row found by search, said as a sentence from its cells, not as "Mã: … | …"."""
    doc = index.documents[hit.document.doc_id]
    row_no = int(hit.passage.chunk_id.rsplit("#", 1)[1])
    cells = dict(zip(doc.columns, doc.rows[row_no], strict=False)) if row_no < len(doc.rows) else {}
    return row_sentence(cells) or hit.passage.text


def row_sentence(cells: dict[str, str]) -> str:
    from .registers import classify

    found = classify(tuple(cells))
    if not found:
        return "; ".join(f"{k}: {v}" for k, v in cells.items() if v and k not in ("Truy cập", "Mã"))
    table, mapping = found
    columns = list(cells)
    get = {field: cells[columns[i]].strip() for field, i in mapping.items()}
    if table == "tasks":
        bits = [f"Nhiệm vụ «{get.get('title', '')}»"]
        if get.get("lead"):
            bits.append(f"do {get['lead']} chủ trì")
        text = " ".join(bits)
        extra = [
            f"{label}: {get[field]}"
            for field, label in (
                ("commune", "xã/phường"),
                ("partners", "phối hợp"),
                ("output", "sản phẩm"),
                ("deadline", "thời hạn"),
                ("status", "tình trạng"),
            )
            if get.get(field) and not (field == "commune" and folded(get[field]) in folded(get.get("lead", "")))
        ]
        return text + ("; " + "; ".join(extra) if extra else "") + "."
    if table == "figures":
        from .figures import as_of_line, figure_sentences
        from .registers import Figure, _iso

        as_of = _iso(get.get("as_of", "")) if get.get("as_of") else None
        figure = Figure(
            "",
            0,
            get.get("code", ""),
            get.get("indicator", ""),
            get.get("scope", ""),
            get.get("value", ""),
            get.get("total", ""),
            get.get("unit", ""),
            date.fromisoformat(as_of) if as_of else None,
            get.get("note", ""),
            get.get("source", ""),
            "public",
        )
        # A row found by search: its sentence, with its date and source in the same breath.
        said, when = figure_sentences([figure])[0], _lower(as_of_line([figure]).rstrip("."))
        if re.search(r"\([^()]*\)$", said):  # one bracket, not "(… ghi chú) (số liệu tính đến …)"
            return f"{said[:-1]}; {when})."
        return f"{said} ({when})."
    target = get.get("target", "")
    unit = get.get("unit", "")
    if unit and unit not in target and unit != "Thứ bậc":
        target += unit if unit == "%" else f" {unit}"
    horizon = f" đến năm {get['horizon']}" if get.get("horizon") else ""
    agency = f"; cơ quan theo dõi: {get['agency']}{merged_note(get['agency'])}" if get.get("agency") else ""
    return f"Chỉ tiêu {get.get('code', '')}: {get.get('indicator', '')} — mục tiêu{horizon}: {target}{agency}."


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _join(sentences: list[str]) -> str:
    """Sentences run on; list items keep their own lines (one item alone after its lead-in runs on: "… có sáu
    thành phần: Thanh toán điện tử."); Markdown emphasis is dropped."""
    items = [i for i, s in enumerate(sentences) if _LIST_ITEM.match(s)]
    if len(items) == 1 and items[0] > 0 and sentences[items[0] - 1].rstrip().endswith(":"):
        sentences = [*sentences]
        sentences[items[0]] = re.sub(r"[;,]\s*$", ".", _LIST_ITEM.sub("", sentences[items[0]], count=1))
    out, after_item = "", False
    for s in sentences:
        item = bool(_LIST_ITEM.match(s))
        if item:
            s = "- " + _LIST_ITEM.sub("", s, count=1)
        out += ("\n" if item or after_item else " ") + s if out else s
        after_item = item
    return out


_YES_NO_EN = re.compile(r"(?:is|are|does|do|did|can|could|has|have|was|were|will|should|must)\b", re.IGNORECASE)
# Evidence that a thing asked about as still in force ("… còn hiệu lực không?") no longer is.
_NO_LONGER = re.compile(r"\b(?:(?:da|duoc|bi) (?:duoc )?thay the|thay the bang|bai bo|het hieu luc|khong con)\b")


def _asks_yes_no(q: Query) -> bool:
    return "yesno" in q.asks or bool(q.language == "en" and _YES_NO_EN.match(q.question.strip()))


_STILL_WORDS = frozenset({"con", "bay", "gio", "hien", "nay", "van"})
_IN_FORCE_WORDS = frozenset({"hieu", "luc", "ap", "dung", "gia", "tri", "in", "force", "valid"})
# "có … không", "còn … không" — not the "còn" of "không còn", which is part of what is asserted
_ASSERTS = re.compile(r"(?<!khong )(?<!chua )\b(?:co|con)\s+(.+?)(?:\s+(?:duoc|phai|dung))?\s+(?:khong|chua)\s*\??\s*$")
# "còn … không?", "still …?": whether a thing is still so; "không còn cấp huyện đúng không" asks no such thing
_STILL = re.compile(r"(?<!khong )(?<!chua )(?<!ko )\b(?:con|still)\b")
_ASSERTS_CLOSING = re.compile(r"^(.+?)\s+(?:phai|dung|duoc)\s+khong\s*\??\s*$")


def _frame(folded_question: str) -> re.Match | None:
    """The "có … không" frame of a question; after a condition ("muốn có tài khoản mức 2 | thì | có phải đến công an
    không"), the frame of what follows "thì", not the "có" of what is wanted."""
    at = folded_question.rfind(" thi ")
    return (at >= 0 and _ASSERTS.search(folded_question, at + 1)) or _ASSERTS.search(folded_question)


def _asserted(q: Query) -> str:
    """What a yes/no question asserts ("Cổng … có | thanh toán điện tử | không?"), folded; "" when the
    question has no "có … không" frame (English, "… hả?")."""
    if q.language == "en":  # "Is Decision 204 issued by the Politburo?" read as "quyết định 204 ban hành bộ chính trị"
        return q.folded if "yesno" in q.asks else ""
    m = _frame(q.folded)
    if m:
        return m.group(1)
    m = _ASSERTS_CLOSING.search(q.folded)
    if not m and "yesno" in q.asks:  # "Nghị quyết 57 do Ban Bí thư ban hành à?": all before the closing word
        m = re.search(r"^(.+?)\s+(?:a|ha|ho|nhi)\s*\??\s*$", q.folded)
        if not m and re.search(r"\s(?:a|ha|ho|nhi|chu)\s*\??\s*$", folded(q.question)):
            m = re.match(r"^(.+)$", q.folded)  # "… 100% dân số a", "… dc hả": the closing word was read away
    if not m:
        return ""
    at = _by_whom(q)  # "app vneid | do bộ y tế làm hả": who did it is asserted of the app
    return m.group(1)[at:].strip() if at is not None and at < len(m.group(1)) else m.group(1)


def _by_whom(q: Query) -> int | None:
    """Where "do <the body or person named>" starts in a question without a "có … không" frame, the subject before
    it ("app vneid | do bộ y tế làm hả"); None without one, when nothing comes before it, or when the subject is a
    document or a task (named, or by a number: their issuers, signers and leads are read elsewhere)."""
    if q.language == "en" or q.documents or _frame(q.folded):
        return None
    starts = _done_by_starts(q)
    # a subject with a number ("Quy chế 08 | do Ban Bí thư …", "NQ03-106 …") is a text or a task: decided elsewhere
    return min(starts) if starts and min(starts) > 0 and not re.search(r"\d", q.folded[: min(starts)]) else None


def _frame_words(q: Query) -> frozenset[str]:
    """The word opening a yes/no question's "còn … không" frame, or its "vẫn còn", folded ("cả nước | còn | 63 tỉnh
    không"): it asks, like "có", and no passage need hold it ("con" typed without its mark is no child)."""
    if q.language == "en" or "yesno" not in q.asks:
        return frozenset()
    m = _frame(q.folded)
    framed = bool(m and q.folded[m.start() :].split()[:1] == ["con"])
    return frozenset({"con"}) if framed or re.search(r"\bvan con\b", q.folded) else frozenset()


def _subject_of(q: Query) -> str:
    """What a yes/no question asserts something of ("cổng dịch vụ công | có thanh toán điện tử không"),
    folded; "" without a "có … không" frame."""
    m = _frame(q.folded) if q.language != "en" else None
    if m:
        return q.folded[: m.start()]
    at = _by_whom(q)
    return q.folded[:at] if at is not None else ""


_OPENING_CLAUSE = re.compile(
    r"^(?:[^\W\d_]+\s+){0,4}[^\W_]+(?:/\d+)*,\s+"
)  # "Theo Zing News, ", "Sau ngày 01/7/2025, "


def _opens_with(subject: list[str], sentence: str) -> bool:
    """Two thirds of the subject's words (two at least) open the sentence: its first words, after a short
    opening clause ("Theo Zing News, …")."""
    words = set(subject)
    opening = content_syllables(_OPENING_CLAUSE.sub("", sentence.lstrip("- ")))[: len(subject) + 2]
    return len(words) >= 2 and 3 * len(words & set(opening)) >= 2 * len(words)


def _disclaims_asserted(q: Query, sentence: str) -> bool:
    """A disclaimer about what the question asserts (two thirds of its words, half of their pairs): "… xem lệ
    phí, số điện thoại hỗ trợ và các bước … trực tiếp trên dichvucong.gov.vn" does not unsettle "Cổng … có hỗ
    trợ trực tuyến không?"."""
    if not is_disclaimer(sentence):
        return False
    words = content_syllables(_asserted(q))
    asserted, pairs, own = set(words), set(pairwise(words)), content_syllables(sentence)
    if not asserted:
        return True
    held_pairs = len(pairs & set(pairwise(own)))
    return 3 * len(asserted & set(own)) >= 2 * len(asserted) and (not pairs or 2 * held_pairs >= len(pairs))


def _predicate(q: Query) -> frozenset[str]:
    return frozenset(content_syllables(_asserted(q)))


_LABELLED = re.compile(
    r"\b(?:muc(?: do)?|nhom|nghi quyet|quyet dinh|nghi dinh|thong tu|de an|phu luc|chi tieu|nhiem vu so|level)"
    r"\s+(\d+)(?![\d.,]*\s*%)"  # "chỉ tiêu 11" names a target; "chỉ tiêu 80%" states a value
)


_DOCUMENT_NUMBER = re.compile(r"\b(?:nghi quyet|quyet dinh|nghi dinh|thong tu|de an|chi thi|ke hoach)\s+(\d+)")


# dates and years: when a sentence says a thing, not a value of it ("Từ ngày 01/8/2025, mã số BHXH …")
_DATES = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}/\d{4}\b|\b(?:19|20)\d\d\b")


# small numbers written as words before what they count ("sáu thành phần", "hai cấp"), typed with their marks:
# "năm" (year), "tư", "một" and capitalised words ("Hai Phòng") read otherwise
_NUMBER_WORDS = {"hai": "2", "ba": "3", "bốn": "4", "sáu": "6", "bảy": "7", "tám": "8", "chín": "9", "mười": "10"}
_WORDED_NUMBER = re.compile(rf"(?<!\w)({'|'.join(_NUMBER_WORDS)})\s+(?=[^\W\d_])")


def _worded_numbers(text: str) -> set[str]:
    """The numbers a text writes as words before what they count: "Cổng … có sáu thành phần" → {"6"}."""
    return {_NUMBER_WORDS[m[1]] for m in _WORDED_NUMBER.finditer(nfc(text))}


def _labelled(text: str) -> set[str]:
    """Numbers that name what is spoken of ("mức 1", "Nghị quyết 57"), not a value ("3% GDP")."""
    return {n.lstrip("0") or "0" for n in _LABELLED.findall(text)}


def _numbers(text: str) -> set[str]:
    """The numbers a text writes, as values: "01/6/2025" and "1/6/2025" write the same ones."""
    return {n.replace(",", ".").lstrip("0") or "0" for n in re.findall(r"\d+(?:[.,]\d+)?", text)}


def _passage_sentences(index: LoadedIndex, hit: Hit) -> list[str]:
    """A passage's sentences as `_sentences` gives them, split once per index build."""
    key = ("sentences", hit.passage.chunk_id)
    if key not in index.cache:
        index.cache[key] = _sentences(hit.passage.text)
    return index.cache[key]


def _list_lead_in(whole: list[str], at: int) -> str:
    """The "… gồm:" sentence a short list item at `at` belongs to (items lose their markers when split), or ""."""
    for i in range(at - 1, max(at - 9, -1), -1):
        if whole[i].rstrip().endswith(":"):
            return whole[i]
        if len(whole[i]) > 160:
            break  # a full sentence in between: no list
    return ""


def _states_count(q: Query, lead_in: str) -> bool:
    """… unless the question asks how many there are ("Đề án 06 có 5 nhóm tiện ích đúng ko"), which the lead-in
    counts ("… hướng tới "5 nhóm tiện ích", phục vụ:")."""
    said = folded(lead_in)
    if not (_numbers(lead_in) | _worded_numbers(lead_in)) - _labelled(said):
        return False
    nouns = re.findall(r"(?<![\w/.,])\d+\s+([a-z]+\s+[a-z]+)", _asserted(q))  # "5 | nhom tien ich"
    return any(re.search(rf"\S+\W*\s+{re.escape(noun)}\b", said) for noun in nouns)


def _deciding(index: LoadedIndex, q: Query, chosen, weights, total) -> tuple[int, str] | None:
    """(group, sentence): the sentence that decides a yes/no question — read with its passage's headings and
    its list's lead-in, it holds two thirds of what the question asserts and half of the question. The first
    such sentence in the answer's own order wins; then the rest of its passages are looked through. None
    when nothing decides: no verdict is guessed."""
    # words the documents never use ("xài") cannot be checked: what is asserted is read without them
    # … but a word only searched further ("chạy") is checked by what it may mean ("hoạt động")
    further = {w for typed, _ in q.meant for w in typed}
    asserted = frozenset(w for w in _predicate(q) if index.df.get(w) or w.isdigit() or w in further)
    asked_years = {w for w in asserted if _DATES.fullmatch(w)}
    # numbers of what the question is about ("tài khoản mức 1"): a sentence about another ("mức độ 2") decides
    # nothing; "còn … không?" is decided by a sentence saying it was replaced, whatever the words for "in force"
    subject_numbers = (_numbers(q.folded) - _numbers(_asserted(q))) | _labelled(q.folded)
    still = bool(_STILL.search(q.folded + " " + q.question.lower()))
    named_numbers = set(_DOCUMENT_NUMBER.findall(q.folded))
    asks_replaced = _asks_replaced(q)
    candidates = []  # (pass, group, sentence): the chosen sentences first, then the rest of their passages
    for g, (hit, sentences) in enumerate(chosen):
        is_row = bool(index.documents[hit.document.doc_id].columns)  # a register row is one record, said whole
        whole = sentences if is_row else _passage_sentences(index, hit)
        candidates += [(0, g, x, hit, whole) for x in sentences]
        candidates += [(1, g, x, hit, whole) for x in whole if x not in sentences]
    english_best: tuple[int, int, int, int, int, int, str] | None = (
        None  # (pass, -replaced, -held, -own, -added, group, s)
    )
    found: list[tuple[int, int, int, int, int, str]] = []  # (-subject held, -its pairs, pass, order, group, sentence)
    items: dict[tuple[int, str], tuple[str, int]] = {}  # (group, list item) → (its lead-in, words it holds)
    subject = content_syllables(_subject_of(q))  # "cả nước | có 63 tỉnh thành không": what it is said of
    # the subject's words the documents use ("vneid"): a sentence deciding must be about it, read with its
    # document's title and headings ("Bộ TT&TT đã được hợp nhất …" says nothing of whose VNeID is)
    known_subject = {w for w in subject if index.df.get(w) and not w.isdigit()}
    subject_pairs = {(a, b) for a, b in pairwise(subject) if a in known_subject and b in known_subject}
    # "đăng ký định danh mức 2 | có làm online trên app được không": the subject is a doing (data/doing_words.txt,
    # two words or more) — a sentence deciding it says that doing, not how the account is used
    action = _subject_action(_subject_of(q))
    # "VNeID có phải của Bộ TT&TT không?": only whose it is asserted — a sentence about the subject naming
    # another body ("… thuộc Bộ Công an") decides, though it shares no word of the asserted name
    owner_only = bool(asserted) and asserted <= actor_words(_asked_text(q)) | _OWNER_WORDS
    # "NQ 71 thay thế NQ 57 à": only a sentence saying what replaces what decides
    replacing = replacement(q.folded)
    asked_levels = set(_GOVERNMENT_LEVEL.findall(q.folded))
    asked_tiers = _tiers(q.folded)
    for pass_no, g, s, hit, whole in sorted(candidates, key=lambda c: c[0]):
        if is_disclaimer(s) or (s.rstrip().endswith(":") and not _states_count(q, s)):
            continue  # a list's lead-in ("… có sáu thành phần:") says nothing itself: its items decide …
        # a sentence is read with what it is about: its passage's headings (and list lead-in)
        lead_in = _list_lead_in(whole, whole.index(s)) if s in whole else ""
        if lead_in and is_signpost(lead_in):
            pass_no = 2  # an item of "… theo các thông tin ở trên:" decides only when what it repeats does not
        if lead_in and _POINTS_BACK.search(folded(lead_in)) and whole.index(lead_in) > 0:
            # "Các giấy tờ này gồm:" is read with the sentence it points back to ("Các giấy tờ đã được tích hợp …")
            lead_in = f"{whole[whole.index(lead_in) - 1]} {lead_in}"
        context = " ".join((*hit.passage.headings, lead_in, s))
        item_subject = known_subject if lead_in else set()
        if replacing and replacing.of and replacement(folded(s)) is None:
            continue
        if asked_tiers and not asked_tiers & _tiers(folded(" ".join((*hit.passage.headings, lead_in, s)))):
            continue  # "mức 1 … được hả": a sentence on "tài khoản mức độ 2" (its date's "01" is no "1") says nothing
        said_levels = set(_GOVERNMENT_LEVEL.findall(folded(" ".join((*hit.passage.headings, s)))))
        if asked_levels and not asked_levels & said_levels:
            continue  # "ở cấp xã có … không?" is decided by a sentence on that level, not "Ở cấp bộ … các bộ …"
        about_words = content_syllables(f"{hit.document.title} {context}")
        about = set(about_words)
        if known_subject and 2 * len(known_subject & about) < len(known_subject):
            continue
        if action and not re.search(rf"(?<!\w){re.escape(action)}(?!\w)", folded(context)):
            continue
        # "thanh toán điện tử | có trên cổng dvc không": a sentence on the thing itself ("… sáu thành phần: Thanh toán
        # điện tử") before one on "định danh điện tử", which shares a word of it, not the thing
        # … among sentences saying what is asserted in its own words (two thirds), not by a value of their own
        pairs_held = 2 * len(subject_pairs & set(pairwise(about_words))) >= len(subject_pairs) and 3 * len(
            asserted & about
        ) >= 2 * len(asserted)
        if owner_only and known_subject and other_actor(_asked_text(q), s, _relation(q)) is True:
            # … and says it of the subject itself, as another body's ("VNeID … thuộc Bộ Công an")
            if known_subject <= set(content_syllables(f"{lead_in} {s}")) and _says_whose(
                s, actors(s)[1], known_subject
            ):
                found.append((-_opens_with(subject, lead_in or s), -pairs_held, pass_no, len(found), g, s))
            continue
        # its own numbers (or, without any, its heading's) hold the question's; a document's number ("Đề án
        # 204") may be its heading's or its list's lead-in's
        if subject_numbers - (_numbers(s) or _numbers(context)) - (named_numbers & _numbers(context)):
            continue
        said = content_syllables(context)
        held = asserted & set(said)
        held |= _meant_held(q, said)
        if (_numbers(_DATES.sub(" ", s)) - _labelled(folded(s))) | _worded_numbers(s):
            # "số định danh có 10 số phải không?" — "… gồm 12 chữ số": a sentence stating its own value of what is
            # asserted says it, the value compared apart (`_yes_no`: a number it does not state is denied)
            held |= {w for w in asserted if w.isdigit()}
        if asked_years and _DATES.search(s):  # "… từ năm 2020 à" — "… từ tháng 7/2022": its own date, compared apart
            held |= asked_years | ({"nam"} & asserted)
        held &= asserted
        replaced = still and _says_replaced(s, named_numbers)
        if asks_replaced and not _says_replaced(s, named_numbers):
            continue  # "Has Resolution 03 been replaced?": "… ký thay Thủ tướng" says nothing of it
        if asserted and not replaced and actor_words(_asked_text(q)) & asserted:
            # who: only a sentence naming the asked person or body, or saying the rest of it of another one
            named = other_actor(_asked_text(q), context, _relation(q))
            if named is True and not _names_another(q, asserted, s):
                continue
            if named is None and (owner_only or _done_by_starts(q)):
                continue  # "cổng dvc có phải của bộ công an ko", "app vneid do bộ y tế làm hả": naming nobody, it
                # says not whose it is nor who did it
            if named is False and owner_only and not _says_whose(s, actors(_asked_text(q))[1], known_subject):
                continue  # "… danh tính do Bộ Công an cung cấp" names the body, but not as the one it belongs to
        if (
            asserted
            and not replaced
            # the sentence itself says part of it — or, an item of a list, names the subject ("- giấy đăng ký xe;"
            # under "Các giấy tờ đã được tích hợp … trên VNeID … gồm:")
            and (3 * len(held) < 2 * len(asserted) or not set(content_syllables(s)) & (asserted | item_subject))
            and not _names_another(q, asserted, s)
        ):
            continue  # it does not say what the question asserts (two thirds of its words at least)
        about = weights
        if replaced:  # "… bây giờ còn áp dụng không?": the replaced sentence need only be about the subject
            # (English asserts the whole question: only its words for "in force" are left out)
            unsaid = asserted if q.language != "en" else _IN_FORCE_WORDS
            about = {t: w for t, w in weights.items() if fold(t) not in unsaid | _STILL_WORDS}
        terms = term_set(context)
        # a sentence stating its own value covers the question's ("còn 3.500 xã à" — "… có 3.321 đơn vị … cấp xã")
        held_apart = held - set(said)  # held by a value, date or meaning of its own, not by the words themselves
        share = sum(w for t, w in about.items() if t in terms or fold(t) in held_apart)
        share /= sum(about.values()) or total
        if share >= 0.5 and q.language != "en":
            # the sentence about the thing asked: the one that opens with what the question says it of
            # ("Cổng Dịch vụ công quốc gia có sáu thành phần: …"), not one naming it on the way ("Theo Zing
            # News, tài khoản … dùng để thực hiện dịch vụ công trực tuyến và thanh toán …")
            found.append((-_opens_with(subject, lead_in or s), -pairs_held, pass_no, len(found), g, s))
            if lead_in and _LIST_ITEM.match(s):
                items[(g, s)] = (lead_in, len((asserted | known_subject) & set(content_syllables(s))))
        if share >= 0.5:  # English asserts its subject too: what a sentence adds beyond its headings decides,
            # after how much of the assertion it holds with them ("Ở cấp bộ có TTHCC không?" | "Ở cấp bộ không
            # có TTHCC" holds all of "does the ministry level have a PASC", the decree on the provinces' less);
            # "Is Resolution 03/NQ-CP still in force?": the sentence saying it was replaced, before any other
            around = set(content_syllables(" ".join((*hit.passage.headings, lead_in))))
            own = asserted & set(content_syllables(s))
            added = len(own - around)
            first = _REPLACED_FIRST if replaced else 0
            candidate = (pass_no, -first, -len(held), -len(own), -added, g, s)
            english_best = min(english_best or candidate, candidate, key=lambda c: (c[1], c[2], c[3], c[4], c[0]))
    if found:
        g, best = min(found)[4:]
        if (g, best) in items:  # of its list's items, the one saying most of it ("giấy đăng ký xe", not "giấy phép
            lead_in = items[(g, best)][0]  # lái xe"; "theo dõi tình trạng … hồ sơ", not "nộp hồ sơ")
            same = [(-n, i) for i, ((h, x), (li, n)) in enumerate(items.items()) if h == g and li == lead_in]
            best = list(items)[min(same)[1]][1]
        return g, best
    if english_best:
        return english_best[5], english_best[6]
    return _excluding(q, asserted, subject_numbers, candidates)


_ONLY = re.compile(r"\bchi (?:gom|bao gom|co|can|la|dung|duoc|danh cho)\b")
# "của", "thuộc", "do … quản lý": the words of asserting whose a thing is
_OWNER_WORDS = frozenset({"cua", "thuoc", "phai", "la", "do", "quan", "ly", "van", "hanh", "lam"})


_INSTEAD = re.compile(r"\b(?:thay cho|thay vi|instead of)\b")


def _in_place_of_asserted(asserted: frozenset[str], sentence: str) -> bool:
    """ "… các bộ thành lập bộ phận tiếp nhận và trả kết quả thay cho Trung tâm": what is done instead of the
    asserted thing — two of its words after "thay cho" that the sentence does not say before it."""
    said = folded(sentence)
    m = _INSTEAD.search(said)
    if not m:
        return False
    before, after = set(content_syllables(said[: m.start()])), set(content_syllables(said[m.end() :]))
    return len((asserted & after) - before) >= 2


def _excludes(asserted: frozenset[str], sentence: str, phrase: str = "") -> bool:
    """ "Tài khoản … mức độ 1 chỉ gồm thông tin cá nhân cơ bản và ảnh chân dung": says "only", and none of the
    asserted words ("vân tay") is among what it names — or, given the asserted `phrase` in order, two adjacent
    words of it are not ("thông tin | vân tay": the sentence's "thông tin" is of other things)."""
    only = _ONLY.search(folded(sentence))
    if not only:
        return False
    own = set(content_syllables(sentence))
    if not asserted & own:
        return True
    # the word before the lacking pair is one of the things listed ("chỉ gồm | thông tin cá nhân …, "), so the
    # pair names another kind of it; "… tự đăng ký trên ứng dụng" lists nothing an "online" is of
    listed = set(content_syllables(re.split(r"[,.;]", folded(sentence)[only.end() :])[0]))
    words = phrase.split()
    return any(words[i - 1] in listed and {words[i], words[i + 1]} <= asserted - own for i in range(1, len(words) - 1))


def _excluding(q: Query, asserted: frozenset[str], subject_numbers: set[str], candidates):
    """(group, sentence): a sentence about the question's subject (two thirds of its other words, the same
    numbers) that says the subject has only other things ("mức 1 … có cần lấy vân tay không?"), else None."""
    subject = {fold(t) for t in q.terms} - asserted - {"co", "khong", "can", "phai", "duoc"}
    if not asserted or len(subject) < 2:
        return None
    for _, g, s, hit, _whole in sorted(candidates, key=lambda c: c[0]):
        if not _excludes(asserted, s, _asserted(q)) or subject_numbers - _numbers(s):
            continue
        own = set(content_syllables(" ".join((*hit.passage.headings, s))))
        if 3 * len(subject & own) >= 2 * len(subject):
            return g, s
    return None


def _deciding_first(index: LoadedIndex, q: Query, chosen, weights, total, found_too: list[Hit] = ()):
    """A yes/no answer leads with the passage whose sentence decides it, that sentence in it (after the
    lead-in of its list: "… có sáu thành phần: … - Thanh toán điện tử.")."""
    if not _asks_yes_no(q) or _CONFIRMATION.search(q.folded):
        return chosen
    # a named document's own sections may decide when search chose its neighbours ("NQ 03 do … ký phải không?"),
    # and so may the other prose passages search found ("cổng dvc có thanh toán online không": the portal's
    # components, not the VNeID account's uses that search ranked above them)
    seen = {c[0].passage.chunk_id for c in chosen}
    found_too = found_too if q.language != "en" else ()  # English asserts its subject too (see _deciding)
    more = [h for h in (*_named_passages(index, q), *found_too) if not index.documents[h.document.doc_id].columns]
    named = [(h, []) for h in dict((h.passage.chunk_id, h) for h in more if h.passage.chunk_id not in seen).values()]
    found = _deciding(index, q, chosen + named, weights, total)
    if not found and q.language != "en":
        # "VNeID có phải của Bộ TT&TT không?": search found the body, not the subject — its own passages may
        # decide (the guide's "VNeID … thuộc Bộ Công an")
        seen |= {h.passage.chunk_id for h, _ in named}
        own = [(h, []) for h in _subject_passages(index, q) if h.passage.chunk_id not in seen]
        found = _deciding(index, q, chosen + named + own, weights, total) if own else None
        if found and found[0] >= len(chosen) + len(named):  # the evidence search chose is not about the subject
            k = found[0] - len(chosen) - len(named)  # the subject's passage that decides
            subject = {w for w in content_syllables(_subject_of(q)) if index.df.get(w)}
            chosen = [c for c in chosen if subject & set(content_syllables(" ".join((c[0].document.title, *c[1]))))]
            found, named = (len(chosen) + k, found[1]), own
        else:
            named += own
    if not found:
        return chosen
    group, sentence = found
    if group >= len(chosen):
        chosen, group = [*chosen, named[group - len(chosen)]], len(chosen)
    hit, sentences = chosen[group]
    is_row = bool(index.documents[hit.document.doc_id].columns)
    whole = [] if is_row else _passage_sentences(index, hit)
    lead_in = _list_lead_in(whole, whole.index(sentence)) if _LIST_ITEM.match(sentence) and sentence in whole else ""
    if lead_in:
        # an item decides: its list's lead-in (and the sentence that lead-in points back to) then the item alone —
        # "Các giấy tờ đã được tích hợp … thay cho bản giấy. Các giấy tờ này gồm: - giấy đăng ký xe;", never the
        # item before its lead-in nor the whole list
        at = whole.index(lead_in)
        before = [whole[at - 1]] if at > 0 and _POINTS_BACK.search(folded(lead_in)) else []
        sentences = [*before, lead_in, sentence]
    elif sentence in sentences and sentences[0] != sentence and not _LIST_ITEM.match(sentence):
        sentences = [sentence, *(x for x in sentences if x != sentence)]  # the deciding sentence leads
    if sentence not in sentences:
        whole = _passage_sentences(index, hit)
        lead_in = _list_lead_in(whole, whole.index(sentence))
        lead = whole.index(lead_in) if lead_in else None
        if lead is not None and (whole[lead] in sentences or not sentences):
            before = [x for x in sentences if x not in whole or whole.index(x) <= lead] or [whole[lead]]
            sentences = [*before, sentence]  # "… có sáu thành phần:" then the item asked about, not item 1
        else:
            sentences = [sentence, *sentences]
    if not index.documents[hit.document.doc_id].columns:  # "Thay vào đó, …" never leads its antecedent
        sentences = reading_order(sentences, _passage_sentences(index, hit))
    return [(hit, sentences), *(c for i, c in enumerate(chosen) if i != group)]


_REPLACED_FIRST = 100  # a sentence saying a document "still" asked about was replaced outranks any word count
# "been replaced", "replacement", "superseded" — not the "replace" of "Can VNeID replace my driving licence?"
_REPLACED_ASKED = re.compile(r"\b(?:replac(?:ed|ement)|supersed\w*|(?:bi|duoc|da) (?:duoc |bi )?thay the)\b")


def _asks_replaced(q: Query) -> bool:
    """ "Has Resolution 03 been replaced?", "NQ 03 đã bị thay thế chưa?": whether the document named was replaced."""
    return bool(_REPLACED_ASKED.search(f"{q.folded} {q.question.lower()}")) and not replacement(q.folded)


def _says_replaced(sentence: str, numbers: set[str]) -> bool:
    """The sentence says a document the question names (by number) no longer applies: "… đã được thay thế bằng …",
    "Nghị quyết 71/NQ-CP thay thế Chương trình … kèm Nghị quyết 03/NQ-CP"; without a number, any such sentence."""
    said = folded(sentence)
    r = replacement(said)
    if r and r.of and (not numbers or r.of.lstrip("0") in {n.lstrip("0") for n in numbers}):
        return True
    if not _NO_LONGER.search(said):
        return False
    return not numbers or any(n.lstrip("0") in _numbers(said) for n in numbers)


# the level of government a sentence or question is about: "cấp xã", "cấp bộ" ("các bộ" is the ministries' level)
def _tiers(folded_text: str) -> set[str]:
    """The account tiers a text names: "tài khoản mức độ 1" → {"1"}."""
    return {n for kind, n in _LEVEL.findall(folded_text) if kind.startswith("muc")}


_GOVERNMENT_LEVEL = re.compile(r"\b(?:cap|cac) (xa|tinh|bo|huyen|trung uong)\b")
_POINTS_BACK = re.compile(r"\b(?:nay|do|tren)\b")  # "Các giấy tờ này gồm:", "… nói trên gồm:"


def _says_whose(sentence: str, bodies: frozenset[str], subject: set[str] = frozenset()) -> bool:
    """The sentence names one of `bodies` (folded) as the one a thing belongs to: "… thuộc Bộ Công an",
    "… của Trung tâm dữ liệu quốc gia về dân cư (Bộ Công an)" — after the `subject`'s words when given: "Nghị
    định 118 … của Chính phủ quy định … trên Cổng Dịch vụ công" says whose the decree is, not the portal."""
    said = folded(sentence)
    starts = [m.start() for w in subject if (m := re.search(rf"\b{re.escape(w)}\b", said))]
    after = min(starts) if starts else -1
    return any(
        m.start() > after
        for body in bodies
        for m in re.finditer(rf"\b(?:cua|thuoc)\b[^.;]{{0,60}}?(?<!\w){re.escape(body)}(?!\w)", said)
    )


_SUBJECT_DEPTH = 3  # passages read for a subject search missed


def _subject_passages(index: LoadedIndex, q: Query) -> list[Hit]:
    """The prose passages BM25 ranks first for the subject of a yes/no question alone ("vneid"), that its role may
    see: where what is said of the subject is, when the rest of the question drew the search elsewhere."""
    subject = [w for w in content_syllables(_subject_of(q)) if index.df.get(w) and not w.isdigit()]
    if not subject:
        return []
    scores = index.bm25.get_scores(query_tokens(" ".join(subject)))
    out = []
    for i in np.argsort(-scores)[: 4 * _SUBJECT_DEPTH]:
        p = index.passages[int(i)]
        if scores[i] <= 0 or index.documents[p.doc_id].columns or not (q.sees_internal or index.access[int(i)]):
            continue
        out.append(Hit(p, source_of(index, p.doc_id), 0.0))
        if len(out) == _SUBJECT_DEPTH:
            break
    return out


def _named_passages(index: LoadedIndex, q: Query) -> list[Hit]:
    """The passages of the (non-register) documents a question names, that its role may see."""
    docs = {d for d in q.documents if not index.documents[d].columns}
    return [
        Hit(p, source_of(index, p.doc_id), 0.0)
        for i, p in enumerate(index.passages)
        if p.doc_id in docs and (q.sees_internal or index.access[i])
    ]


def _asked_text(q: Query) -> str:
    """What the question asserts, as typed and as read (names keep their capitals, English is translated),
    without document numbers: the "CP" of "03/NQ-CP" is no Chính phủ asked about."""
    typed = re.sub(r"\S*\d\S*", " ", q.question)  # abbreviations read in full: "UBND tỉnh", "Bộ KH&CN"
    return f"{typed} {translate_english(typed) if q.language == 'en' else normalise(typed)}"


def _names_another(q: Query, asserted: frozenset[str], sentence: str) -> bool:
    """ "Quyết định 204 do Bộ Chính trị ban hành phải không?" — "Quyết định 204-QĐ/TW do Ban Bí thư ban hành …"
    says the rest of what is asserted (its words, and the words after the asked name as one phrase: "ban
    hành", "ký") with another body or person in its place."""
    core = asserted - actor_words(_asked_text(q))
    if len(core) < 2 or len(core) == len(asserted):
        return False
    said = folded(sentence)
    if not core <= set(content_syllables(sentence)) or other_actor(_asked_text(q), sentence, _relation(q)) is not True:
        return False
    relation = _relation(q)
    return not relation or bool(re.search(rf"(?<!\w){re.escape(relation)}(?!\w)", said))


def _done_by_starts(q: Query) -> list[int]:
    """Where the question asserts who did it: "do" before the body or person it names ("… do Bộ Y tế làm hả")."""
    persons, bodies = actors(_asked_text(q))
    return [m.start() for name in (*persons, *bodies) for m in re.finditer(rf"\bdo\s+{re.escape(name)}\b", q.folded)]


def _relation(q: Query) -> str:
    """What the question asserts was done by the body or person it names ("ban hanh", "ky"), folded."""
    return after_actor(_asserted(q), actors(q.question)[0])


@lru_cache(maxsize=1)
def _qualities() -> re.Pattern:
    words = sorted({fold(w.lower()) for w in data.lines("qualities.txt")}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in words)})(?!\w)")


def _unsaid_quality(q: Query, sentences: list[str]) -> str | None:
    """The first quality the question asserts (data/qualities.txt, as the table writes it) that none of the
    sentences says: "thứ 7" of "TTHCC có làm thứ 7 ko" when no sentence names Saturdays."""
    asked = f"{fold(q.question.lower())} {q.folded}"
    if not _qualities().search(asked):
        return None
    said = " ".join(folded(x) for x in sentences)
    for text in (fold(q.question.lower()), asked):  # as typed first, then as read ("app" → "ứng dụng")
        for line, pattern in _quality_lines():
            if pattern.search(text) and not pattern.search(said):
                return line
    return None


@lru_cache(maxsize=1)
def _quality_lines() -> tuple[tuple[str, re.Pattern], ...]:
    """data/qualities.txt as the table writes each line, longest first, with its folded whole-word pattern."""
    lines = sorted(data.lines("qualities.txt"), key=len, reverse=True)
    return tuple((line, re.compile(rf"(?<!\w){re.escape(fold(line.lower()))}(?!\w)")) for line in lines)


def _quality_not_found(index: LoadedIndex, q: Query, quality: str, hits: list[Hit]) -> Answer:
    text = (
        f"The available documents say nothing about “{quality}”, so I cannot say yes or no."
        if q.language == "en"
        else f"Các văn bản hiện có không nói gì về «{quality}», nên tôi không trả lời được có hay không."
    )
    return Answer(q.question, "not_found", text, suggestions=suggestions(index, hits, q.role))


def _says_qualities(q: Query, sentence: str) -> bool:
    """The sentence says every quality the question asserts ("hoạt động ổn định", "dễ dùng", data/qualities.txt):
    "VNeID hoạt động từ tháng 7/2022" says when it runs, not that it runs well."""
    asked = set(_qualities().findall(f"{q.folded} {fold(q.question.lower())}"))
    said = folded(sentence)
    return all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", said) for w in asked)


def _denied_body(q: Query, sentence: str, typed: str | None = None) -> bool:
    """The question asserts of its subject a Bộ, Sở or Ban (`typed`, or one it names that no list knows) the sentence
    does not name, naming another body: "TTHCC Thanh Hóa trực thuộc Sở Nội vụ phải không?" — "… trực thuộc Văn
    phòng Ủy ban nhân dân tỉnh Thanh Hóa"."""
    asserted, subject, said = _asserted(q), _subject_of(q), folded(sentence)
    asked = [
        b
        for b in ((typed,) if typed else q.bodies)
        if b
        and b.startswith(("so ", "bo ", "ban "))
        and b in asserted
        and b not in subject
        and (typed or not bodies_in(b))
    ]  # of the bodies it names, one the lists know ("bo cong an | de nghi" read long) is compared by `other_actor`
    return (
        bool(asked)
        and not any(re.search(rf"(?<!\w){re.escape(b)}(?!\w)", said) for b in asked)
        and bool(bodies_in(sentence))
    )


def _denying_the_gap(index: LoadedIndex, q: Query, gap) -> Answer | None:
    """A yes/no question asserting of its subject a body the data does not hold ("TTHCC Thanh Hóa trực thuộc Sở
    Nội vụ phải không?"), answered "Không." by a sentence naming another body in that place ("… trực thuộc Văn
    phòng Ủy ban nhân dân tỉnh"): the body is what the answer denies, not a gap. None otherwise."""
    typed = getattr(gap, "typed", None)
    if gap.kind != "body" or not typed or not _asks_yes_no(q) or q.language == "en":
        return None
    if typed not in _asserted(q) or typed in _subject_of(q):
        return None  # "Sở Y tế có chủ trì … không?": the body is the subject, which the data lacks
    answer = _answer(index, q)
    if answer.status != "answered" or not answer.text.startswith("Không.") or is_row_answer(index, answer):
        return None
    return answer if _denied_body(q, answer.text.removeprefix("Không.").strip().split("\n")[0], typed) else None


def is_row_answer(index: LoadedIndex, answer: Answer) -> bool:
    return bool(answer.citations) and bool(index.documents[answer.citations[0].source.doc_id].columns)


_OR_ONLY = re.compile(r"\s+(?:khong|ko|k)\s+hay\s+(?:la\s+)?(?:chi\s+)?\S.*$")


def _first_alternative(q: Query) -> Query:
    """ "ở xã có TTHCC không hay chỉ tỉnh mới có?": the yes or no answers the first alternative (the xã), the
    one the "có … không" frame asks; "hay chỉ …" is the other the asker has in mind."""
    m = _OR_ONLY.search(q.folded) if q.language != "en" else None
    if not m:
        return q
    kept = q.folded[: m.start()]  # its words only: the "chỉ" of the other is not asserted ("không chỉ ở tỉnh")
    return replace(q, folded=kept + " khong", terms=tuple(t for t in q.terms if fold(t) in kept.split()))


def _yes_no(index: LoadedIndex, q: Query, chosen, weights, total) -> str | None:
    """ "Có." or "Không." ("Yes."/"No.") before the evidence of a yes/no question, when the evidence says
    which: the chosen sentence covering most of the question decides (a list item with its lead-in, so
    "Cổng … có sáu thành phần: … 3. Thanh toán điện tử" answers "Cổng … có thanh toán điện tử không?").
    Evidence covering less than half of the question decides nothing: no verdict is guessed."""
    if not _asks_yes_no(q):
        return None
    found = _deciding(index, q, chosen, weights, total)
    if found is None:
        return None
    group, best = found
    # "NĐ 69/2024 ban hành ngày 1/7/2024 hả?" — "… ban hành ngày 25/6/2024 và có hiệu lực từ ngày 01/7/2024": the
    # date of the thing asked decides, not another date the sentence holds; one dating only other things decides
    # nothing ("NQ 57 hết hiệu lực năm 2030 à" — "có hiệu lực từ … 22/12/2024" says nothing of an end)
    dated = date_verdict(q.folded, folded(best))
    if dated == "other" or not _says_qualities(q, best):
        return None
    asked = set(_NEGATION.findall(q.folded))
    question_words = set(q.folded.split()) | {fold(t) for t in q.terms}
    # "không được | cấp thẻ giấy" negates the re-issue, not "có được dùng thẻ … trên VssID không?"
    typed = question_words | set(fold(q.question.lower()).split())  # as typed too: "nộp hồ sơ online"
    said = {x for x, y, rest in _NEGATED_PAIR.findall(folded(best)) if _denies_asked(x, y, rest, typed)} - asked
    negative = bool(said & (question_words | {"duoc", "the", "con", "phai", "co", "can"}))
    asserted_numbers = (_numbers(_asserted(q)) | _worded_numbers(q.question)) - _labelled(_asserted(q) or q.folded)
    # "… có sáu thành phần" states 6; a list item is said with its lead-in ("Cổng … có sáu thành phần: 1. …")
    said_with = [best, *(x for x in chosen[group][1] if x != best and x.rstrip().endswith(":"))]
    # … and not the numbers that name things in it ("Đề án 06 … hướng tới "5 nhóm tiện ích"" states 5, not 6)
    said_numbers = {n for x in said_with for n in (_numbers(x) - _labelled(folded(x))) | _worded_numbers(x)}
    comparison = asked_comparison(q.folded)
    stated = None
    if comparison and comparison.op != "=":  # the value may be in the list under a lead-in ("… đạt: - … 95%")
        stated = next((v for x in (best, *chosen[group][1]) if (v := value_in(comparison, x)) is not None), None)
    if comparison and comparison.unit and comparison.unit != "thu" and stated is None:
        # "Đề án 204 có đặt chỉ tiêu 80% không?" — "… không đặt chỉ tiêu phần trăm": denied, whatever the number
        denies = bool(said & _predicate(q))
        if not denies and not any(value_in(comparison, x) is not None for x in (best, *chosen[group][1])):
            return None  # "… trên 100 nghị định không?": evidence with no number of nghị định decides nothing
    if stated is not None:
        negative = negative or not compare(comparison, stated)  # "trên 90% … phải không?" — 95%: Có
    elif asserted_numbers - said_numbers and said_numbers:
        negative = True  # "Mục tiêu chi cho R&D là 3% GDP phải không?" — the sentence says 2%
    if dated is False:
        negative = True
    if other_actor(_asked_text(q), best, _relation(q)) is True or _denied_body(q, best):
        negative = True  # "… do Bộ Chính trị ban hành phải không?" — the sentence: Ban Bí thư
    asserted = frozenset(w for w in _predicate(q) if index.df.get(w) or w.isdigit())
    if q.language == "en" and _ONLY.search(folded(best)):
        # English asserts the whole question: "only" excludes a phrase of it the sentence lacks ("vân tay")
        lacking = asserted - set(content_syllables(best))
        words = q.folded.split()
        asserted = frozenset(w for a, b in pairwise(words) if a in lacking and b in lacking for w in (a, b))
    if asserted and _in_place_of_asserted(asserted, best):
        negative = True  # "Các bộ có lập TTHCC không?" — "các bộ thành lập bộ phận tiếp nhận … thay cho Trung tâm"
    if asserted and _excludes(asserted, best, _asserted(q) if q.language != "en" else ""):
        negative = True  # "mức 1 có cần lấy vân tay không?" — "mức độ 1 chỉ gồm thông tin cơ bản và ảnh chân dung"
    still = _STILL.search(q.folded + " " + q.question.lower())
    named = set(_DOCUMENT_NUMBER.findall(q.folded))
    if _asks_replaced(q):  # "Has Resolution 03 been replaced?", "NQ 03 đã bị thay thế chưa?"
        negative = not any(_says_replaced(s, named) for s in (best, *chosen[group][1]))
    if still and any(_says_replaced(s, named) for s in chosen[group][1]):
        negative = True  # "Nghị định 59 còn hiệu lực không?" — "đã được thay thế bằng Nghị định 69"
    replacing, replaced = replacement(q.folded), replacement(folded(best))
    if replacing and replaced and replacement_verdict(replacing, replaced, english=False) == "Không.":
        negative = True  # "NQ 71 thay thế NQ 57 à" — "… thay thế Chương trình … kèm Nghị quyết 03/NQ-CP"
    # "Phú Thọ không còn cấp huyện đúng không?": what the question denies the sentence must deny too
    denied = set(_NEGATION.findall(_asserted(q))) - {"phai", "dung"}
    if denied and denied - {x for x, _, _ in _NEGATED_PAIR.findall(folded(best))}:
        negative = True
    if q.language == "en":
        return "No." if negative else "Yes."
    if denied:  # "Có." to a denial reads as its opposite: the denial is confirmed or not
        return "Không đúng." if negative else "Đúng."
    return "Không." if negative else "Có."


_UNIT_FIGURE = re.compile(r"\d[\d.,]*\s*(?:%(?:\s*(?:GDP|GRDP))?|(?:nhiệm vụ|điểm|xã|phường|người|trạm|luật|đơn vị)\b)")


_CONFIRMATION = re.compile(r"\b(xac nhan|tin cay|kiem chung|doi chieu|mot nguon|nguon nao khac)\b")


def _confidence_line(index: LoadedIndex, chosen, numbers: dict[str, int], english: bool) -> str:
    """ "Con số 163/167 có được xác nhận không?": the cited sources' own confidence, as their metadata says."""
    said: list[str] = []
    for hit, _ in chosen:
        doc = index.documents[hit.document.doc_id]
        confidence = doc.confidence if hasattr(doc, "confidence") else None
        if doc.columns:
            row = int(hit.passage.chunk_id.rsplit("#", 1)[1])
            cells = dict(zip(doc.columns, doc.rows[row], strict=False)) if row < len(doc.rows) else {}
            confidence = next(
                (v for k, v in cells.items() if folded(k) in ("do tin cay", "confidence") and v), confidence
            )
        if confidence:
            said.append(f"[{numbers[hit.document.doc_id]}] {confidence}")
    said = list(dict.fromkeys(said))
    if not said:
        return "Sources say nothing of how far this is confirmed." if english else "Nguồn không ghi mức xác nhận."
    return (
        ("Confirmation, as the sources record it: " if english else "Mức xác nhận theo nguồn: ") + "; ".join(said) + "."
    )


def _task_verdict(index: LoadedIndex, q: Query, hit: Hit) -> str | None:
    """ "Bộ Tài chính có chủ trì nhiệm vụ sửa Luật Ngân sách không?": the row's lead, partners or deadline
    decide (`verdict.task_verdict`); "… thông qua 30 luật đúng không?": a figure row's value is compared."""
    from .registers import classify, number

    doc = index.documents[hit.document.doc_id]
    row_no = int(hit.passage.chunk_id.rsplit("#", 1)[1])
    found = classify(tuple(doc.columns)) if _asks_yes_no(q) and row_no < len(doc.rows) else None
    if not found or found[0] not in ("tasks", "figures"):
        return None
    cells = {field: doc.rows[row_no][i].strip() for field, i in found[1].items() if i < len(doc.rows[row_no])}
    if found[0] == "figures":
        value = number(cells.get("value", ""))
        return figure_verdict(q.folded, [(cells.get("unit", ""), value)], q.language == "en") if value else None
    row = TaskRow(*(cells.get(k, "") for k in ("title", "lead", "partners", "deadline", "output")))
    names = list(dict.fromkeys([*(folded(a) for a in q.agencies), *q.bodies]))
    words = [fold(t) for t in q.terms]
    return task_verdict(q.folded, names, words, row, q.language == "en")


def _deciding_row_first(index: LoadedIndex, q: Query, chosen, hits: list[Hit], weights, total):
    """ "Bộ Công an chủ trì nhiệm vụ danh mục công nghệ chiến lược phải không?": search ranks first a task whose
    title holds the body's words ("… lực lượng Công an nhân dân"); the task row the question describes, among
    the rows search found, decides and leads."""
    first = chosen[0][0]
    if not _asks_yes_no(q) or not index.documents[first.document.doc_id].columns or _task_verdict(index, q, first):
        return chosen
    for hit in hits[:_ROW_DEPTH]:
        if hit.passage.chunk_id == first.passage.chunk_id or not index.documents[hit.document.doc_id].columns:
            continue
        if _task_verdict(index, q, hit):
            own = _choose_sentences(index, q, [hit], weights, total)
            if own:
                return [*own, *(c for c in chosen if c[0].passage.chunk_id != hit.passage.chunk_id)][:3]
    return chosen


_ROW_DEPTH = 10  # search results looked through for the task row a yes/no question describes


def _status_verdict(q: Query, row: str) -> str | None:
    """ "Phường Âu Cơ đã nộp báo cáo … chưa?" answered from the row's status: "Đã hoàn thành." / "Chưa."."""
    m = re.search(r"tình trạng: ([^;.]+)", row)
    # "… đã nộp … chưa?", "… xong rồi hả?", "… hoàn thành rồi à?": whether it is done
    if "yesno" not in q.asks or not m or not re.search(r"\b(?:da|chua|xong|roi)\b", q.folded):
        return None
    done = folded(m.group(1)).strip() == "hoan thanh"
    if q.language == "en":
        return "Yes, completed." if done else f"Not yet ({m.group(1).strip()})."
    return "Đã hoàn thành." if done else f"Chưa hoàn thành ({m.group(1).strip().lower()})."


def _holds_what_is_asked(q: Query, chosen) -> bool:
    """ "… ở đâu?" needs a place or an address, "… khi nào?" a date, "bao nhiêu tỷ" an amount of money:
    evidence without one does not answer."""
    text = " ".join(s for _, sentences in chosen for s in sentences)
    if asks_money(q.folded) and not says_money(folded(text)):
        return False  # "… chi bao nhiêu tỷ": a count of tasks or a rank is no amount of money
    return all(holds(ask, text) for ask in ("where", "when") if ask in q.asks)


def _slot_missing(index: LoadedIndex, q: Query, chosen) -> str | None:
    """A province or body the question asks about that the chosen evidence never names: the answer is
    not about it ("Sở Y tế Phú Thọ phải làm gì" answered with a commune's task)."""
    wanted = [(p, [k for k, v in province_names().items() if v == p]) for p in q.provinces]
    known = [folded(a) for a in (*q.agencies, *q.communes)]
    for body in q.bodies:
        if body.startswith(("so ", "uy ban nhan dan ")) and not any(k.startswith(body) or k in body for k in known):
            wanted.append((scope_name(q, body), [spelled(q, body)]))
    if not wanted:
        return None
    offices = _offices_asked(q.folded) if "who" in q.asks else frozenset()
    if q.language == "en" and "truong ban" in offices:
        offices = frozenset()  # "who chairs / heads …" is read "trưởng ban": a body's head is said many ways
    # "bí thư tỉnh ủy Lào Cai là ai": a passage naming Lào Cai among Phú Thọ's neighbours, with no secretary
    # in it, is not about Lào Cai's secretary (nor is "Tổng Bí thư" beside it)
    about = [
        (hit, sentences)
        for hit, sentences in chosen
        if not offices or any(offices & _offices_asked(folded(x)) for x in sentences)
    ]
    raw = [" ".join((hit.document.title, *hit.passage.headings, *sentences)) for hit, sentences in about]
    texts, accented = [folded(t) for t in raw], [normalise(t) for t in raw]
    for name, spellings in wanted:
        if not any(names_body(t, s) for s in spellings for t in (accented if has_diacritics(s) else texts)):
            return name
    return None


def notes(index: LoadedIndex, q: Query, citations: list[Citation], figures: bool, text: str) -> list[str]:
    """ "[1] Số liệu tính đến …" for figures only; under an answer that reads a replaced text's tasks, what
    replaced it, once, in one plain sentence; a source's other caveat once, in the same short footnote."""
    english = q.language == "en"
    out: list[str] = []
    replaced: list[str] = []
    caveats: list[str] = []
    seen = set()
    for c in citations:
        s = c.source
        if s.doc_id in seen:
            continue
        seen.add(s.doc_id)
        if s.as_of and figures:
            out.append(
                f"[{c.number}] Figures as of {en_date(s.as_of)}."
                if english
                else f"[{c.number}] Số liệu tính đến {vn_date(s.as_of)}."
            )
        # an answer saying the replacement itself ("NQ 71 thay thế …") needs no footnote to say it again
        if s.superseded_by and s.superseded_by not in text and _reads_tasks(index, c, text):
            notice = _replaced_notice(index, q, s)
            if notice not in replaced:
                replaced.append(notice)
        caveat = short_caveat(s.caveat, s.provenance)
        if caveat == "dữ liệu minh họa" and s.provenance == "illustrative":
            caveat = None  # every face marks an illustrative source on its source line already
        if caveat:
            caveats.append(f"[{c.number}] " + ("illustrative data" if english and "minh họa" in caveat else caveat))
    said = [*replaced, "; ".join(caveats) + "." if caveats else ""]
    if any(said):
        out.append(("Note: " if english else "Lưu ý: ") + " ".join(x for x in said if x))
    return out


_TASK_WORDS = re.compile(r"\b(?:nhiem vu|giao(?! dich| thong)|chu tri)\b")  # not "giao dịch", "giao thông"
_TARGET_WORDS = re.compile(r"\b(?:chi tieu|muc tieu)\b")  # "… giao cơ quan theo dõi chỉ tiêu": a target


def _reads_tasks(index: LoadedIndex, c: Citation, text: str) -> bool:
    """Whether the answer reads tasks from the cited source: rows of a task register, or prose lines citing
    it that say what is assigned ("Kế hoạch … giao Sở …") — not a document's date, signer or targets."""
    kind = table_kind(index, c.source.doc_id)
    if kind is not None:
        return kind == "tasks"
    cited = [folded(x) for line in text.splitlines() if f"[{c.number}]" in line for x in split_sentences(line)]
    return any(_TASK_WORDS.search(x) and not _TARGET_WORDS.search(x) for x in cited)


_DOCUMENT_REF = r"(?:Nghị quyết|Quyết định|Nghị định|Chỉ thị|Thông tư|Đề án|Quy định|Kế hoạch)\s+"


def _document_ref(title: str, number: str | None) -> str | None:
    """ "Nghị quyết 03/NQ-CP" out of a title that names the document by kind and number."""
    m = re.search(_DOCUMENT_REF + re.escape(number), title, re.IGNORECASE) if number else None
    return m[0] if m else None


def _replaced_notice(index: LoadedIndex, q: Query, s: Source) -> str:
    """ "Chương trình theo Nghị quyết 03/NQ-CP đã được thay thế bởi Nghị quyết 71/NQ-CP (01/04/2025).": the
    replacing document's name and date as the corpus records them, when it holds that document."""
    english = q.language == "en"
    ref = _document_ref(s.title, s.number)
    old = (f"Chương trình theo {ref}" if "chương trình" in s.title.lower() else ref) if ref else s.title
    by = next((d for d in index.documents.values() if d.number == s.superseded_by and visible(d.access, q.role)), None)
    new = (by and _document_ref(by.title, by.number)) or s.superseded_by
    if english:
        old, new = english_title(old), english_title(new)
        old = old if old[:1].isupper() or old.startswith("the ") else f"the {old}"
        when = f" ({en_date(by.date)})" if by and by.date else ""
        return f"{old} was replaced by {new}{when}."
    when = f" ({vn_date(by.date)})" if by and by.date else ""
    return f"{old} đã được thay thế bởi {new}{when}."


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


def _with_prose(index: LoadedIndex, q: Query, exact: Answer) -> Answer:
    """ "Nghị quyết 57 giao Bộ Tài chính những việc gì?": the computed list, plus what the named text says."""
    named = {d for d in q.documents if not index.documents[d].columns}
    agencies = [folded(a) for a in q.agencies]
    # "Bộ Tài chính chủ trì mấy nhiệm vụ NQ 03": the count is the answer; a paragraph of the text that merely
    # names the agency (a target it monitors) would be read as part of it
    if not named or not agencies or ("count" in q.intents and "list" not in q.intents):
        return exact
    hits = [
        h
        for h in search(index, q, k=8)
        if h.document.doc_id in named and any(a in folded(h.passage.text) for a in agencies)
    ]
    prose = compose(index, q, hits)
    if prose.status != "answered":
        return exact
    offset = max(c.number for c in exact.citations)
    renumbered = [replace(c, number=c.number + offset) for c in prose.citations]
    text = prose.text
    for c in sorted(prose.citations, key=lambda c: -c.number):
        text = text.replace(f"[{c.number}]", f"[{c.number + offset}]")
    return replace(exact, text=exact.text + "\nTrong văn bản: " + text, citations=exact.citations + tuple(renumbered))
