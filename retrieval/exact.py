"""Exact answers computed from registers and indicator tables: counts, lists, deadlines, rates, figures.

Used only when the question's slots resolve to rows (a known agency, commune, task, province or
indicator); everything else is answered by retrieval. Numbers here are computed, never recalled.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from .access import is_public, sees_internal
from .index import LoadedIndex
from .models import Answer, Citation, Passage
from .question import (
    agency_names,
    commune_names,
    find_names,
    folded,
    intents,
    parse_period,
    parse_status,
    province_names,
)
from .registers import Figure, Target, Task, number
from .search import mentioned_documents, source_of
from .text import content_syllables

LIST_LIMIT = 10
MIN_FIGURE_SCORE = 0.5
_LEADING_GENERIC = re.compile(r"^\s*(Số|Tổng số|Tỷ lệ|Tỉ lệ|Mức)\s+", re.IGNORECASE)
DONE = "Hoàn thành"
# Words that ask *about* a task rather than name it: they must not decide which task is meant.
_ASKING = set(
    "co quan don vi nao ai chu tri phoi hop thoi han han khi bao gio luc nhiem vu viec giao la "
    "xay dung ban hanh hoan thien trinh sua doi bo sung thuc hien trien khai".split()
)


@dataclass
class Tables:
    tasks: list[Task]
    targets: list[Target]
    figures: list[Figure]
    agencies: dict[str, str]
    communes: dict[str, str]


def tables(index: LoadedIndex, role: str) -> Tables:
    key = ("tables", "all" if sees_internal(role) else "public")
    if key not in index.cache:
        reg = index.registers
        tasks = reg.rows("tasks", role)
        targets = reg.rows("targets", role)
        cells = [t.lead for t in tasks] + [t.partners for t in tasks] + [t.agency for t in targets]
        index.cache[key] = Tables(
            tasks, targets, reg.rows("figures", role), agency_names(cells), commune_names([t.commune for t in tasks])
        )
    return index.cache[key]


def answer_exact(index: LoadedIndex, question: str, role: str, today: date) -> Answer | None:
    f = folded(question)
    its = intents(f)
    t = tables(index, role)
    agencies = find_names(f, t.agencies)
    communes = find_names(f, t.communes)
    period = parse_period(f, today)
    named = mentioned_documents(index, question)
    registers_named = {d for d in named if _is_register(index, d)}
    scopes = find_names(f, province_names(), fuzzy=False)
    all_communes = bool(re.search(r"\b(cac|nhung) (xa|phuong)\b|\bcap xa\b", f))
    named_slot = bool(agencies or communes or registers_named or all_communes)
    asks_tasks = bool({"count", "list", "overdue"} & set(its)) or (period is not None and "nhiem vu" in f)
    if {"lead", "deadline"} & set(its) and "count" not in its and not period:
        asks_tasks = False  # "… đến hạn nào?", "… do ai chủ trì?" ask about one task
    if not named_slot and (
        named  # "Đề án 204 hoàn thành bao nhiêu nhiệm vụ năm 2025?" is about that text, not a register
        or scopes  # "… của Phú Thọ phải làm gì" is about the province's reports
        or "nhiem vu" not in f
        or "hoan thanh" in f  # completion is reported progress; the national register records none
    ):
        asks_tasks = False

    if communes and "rate" in its:
        return _commune_rate(index, question, t, communes, today)
    wants_target = "target" in its or re.search(r"\b(den|tam nhin) nam 20[3-4]\d\b", f)
    if scopes and not agencies and not communes and not wants_target and {"rate", "rank", "figure", "count"} & set(its):
        found = _figures(index, question, t.figures, scopes[0], its)
        if found:
            return found
    if asks_tasks and (named_slot or period):
        rows = t.tasks
        if registers_named:
            rows = [r for r in rows if r.doc_id in registers_named]
        if all_communes and not communes:
            rows = [r for r in rows if r.commune]
        return _tasks(index, question, f, its, rows, agencies, communes, period, today)
    if {"lead", "deadline"} & set(its) and not agencies:
        rows = [r for r in t.tasks if r.commune in communes] if communes else t.tasks
        found = _task_lookup(index, question, rows)
        if found or communes:
            return found  # a commune's task the role cannot see is not listed in its place
    if "chi tieu" in f:
        return _target(index, question, t.targets)
    return None


def question_agencies(index: LoadedIndex, question: str, role: str) -> list[str]:
    return find_names(folded(question), tables(index, role).agencies)


def _is_register(index: LoadedIndex, doc_id: str) -> bool:
    return bool(index.documents[doc_id].columns)


# --- tasks -----------------------------------------------------------------------------------------


def _tasks(index, question, f, its, rows, agencies, communes, period, today) -> Answer:
    scope_bits = []
    shared: list[Task] = []
    if agencies:
        agency = agencies[0]
        shared = [r for r in rows if re.match(r"(cac )?bo, nganh", folded(r.lead))]
        rows = [r for r in rows if _mentions(r.lead, agency)]
        scope_bits.append(f"do {agency} chủ trì")
    if communes:
        rows = [r for r in rows if r.commune in communes]
        scope_bits.append("của " + ", ".join(communes))
    status = parse_status(f)
    overdue = "overdue" in its
    if period:
        rows = [r for r in rows if period.contains(r.due_date)]
        scope_bits.append(f"có hạn {period.label}")
    done_hidden = 0
    if overdue:
        rows = [r for r in rows if r.due_date and r.due_date < today and r.status != DONE]
        scope_bits.append(f"đã quá hạn tính đến {_d(today)}")
    elif status == "unfinished" or (communes and re.search(r"\b(phai lam|can lam|lam gi)\b", f)):
        done_hidden = sum(r.status == DONE for r in rows)
        rows = [r for r in rows if r.status != DONE]
        scope_bits.append("chưa hoàn thành")
    elif status:
        rows = [r for r in rows if r.status == status]
    by_doc: dict[str, list[Task]] = {}
    for r in sorted(rows, key=lambda r: (r.doc_id, r.due_date or date.max, r.row)):
        by_doc.setdefault(r.doc_id, []).append(r)
    what = " ".join(scope_bits) or "trong các sổ nhiệm vụ"
    citations: list[Citation] = []
    lines: list[str] = []
    more: list[str] = []
    if not by_doc:
        docs = sorted({r.doc_id for r in (t for t in tables(index, "official").tasks)})
        text = f"Không có nhiệm vụ nào {what} trong dữ liệu hiện có."
        if done_hidden:
            text += f" ({done_hidden} nhiệm vụ đã hoàn thành.)"
        rows_shown = [(d, _first_public_row(index, d)) for d in docs if is_public(index.documents[d].access)]
        cited = [(d, row) for d, row in rows_shown if row is not None][:1] if not communes else []
        for n, (d, row) in enumerate(cited, start=1):
            citations.append(Citation(n, source_of(index, d), _row_passage(index, d, row)))
        return Answer(question, "answered", text, tuple(citations), notes=(), more=())
    for n, (doc_id, doc_rows) in enumerate(by_doc.items(), start=1):
        doc = index.documents[doc_id]
        has_status = any(r.status for r in tables(index, "official").tasks if r.doc_id == doc_id)
        count = len(doc_rows)
        head = f"Theo {doc.title}, có {count} nhiệm vụ {what}"
        if overdue and not has_status:
            head = (
                f"Theo {doc.title}, có {count} nhiệm vụ {' '.join(b for b in scope_bits if 'quá hạn' not in b)}"
                f" đã đến hạn tính đến {_d(today)} (chưa có dữ liệu tình trạng: nguồn không ghi nhiệm vụ nào"
                " đã hoàn thành hay chưa)"
            )
        elif not has_status and any(i in its for i in ("list", "count")) and count:
            head += " (nguồn không ghi tình trạng thực hiện)"
        if agencies and "count" in its:
            solo = sum(_agency_count(r.lead) == 1 for r in doc_rows)
            if solo != count:
                head += f", trong đó {solo} nhiệm vụ chủ trì một mình, {count - solo} nhiệm vụ đồng chủ trì"
        lines.append(head + f" [{n}]:" if "count" not in its or count else head + f" [{n}].")
        shown = doc_rows if "count" not in its else doc_rows[:5]
        items = [_task_line(r, has_status) for r in shown]
        lines.extend(f"{i}. {item}" for i, item in enumerate(items[:LIST_LIMIT], start=1))
        more.extend(items[LIST_LIMIT:])
        if len(doc_rows) > len(shown) and "count" in its:
            lines.append(f"… và {len(doc_rows) - len(shown)} nhiệm vụ khác.")
        elif len(items) > LIST_LIMIT:
            lines.append(f"… và {len(items) - LIST_LIMIT} nhiệm vụ khác (xem thêm).")
        for r in shown[:5]:
            citations.append(Citation(n, source_of(index, doc_id), _row_passage(index, doc_id, r.row)))
    if done_hidden:
        lines.append(f"Ngoài ra {done_hidden} nhiệm vụ đã hoàn thành.")
    if agencies and shared and any(r.doc_id in by_doc for r in shared):
        k = sum(r.doc_id in by_doc for r in shared)
        lines.append(f"Ngoài ra, {k} nhiệm vụ được giao chung cho «các bộ, ngành, địa phương» (gồm cả {agencies[0]}).")
    return Answer(question, "answered", "\n".join(lines), tuple(citations), more=tuple(more))


def _task_line(r: Task, has_status: bool) -> str:
    bits = [f"{r.title}", f"chủ trì: {r.lead}"]
    if r.commune and folded(r.commune) not in folded(r.lead):
        bits.append(r.commune)
    deadline = r.deadline or "không ghi"
    if r.due_date and r.deadline and not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", r.deadline):
        deadline += f" (đến {_d(r.due_date)})"
    bits.append(f"hạn: {deadline}")
    if has_status:
        bits.append(f"tình trạng: {r.status or 'chưa ghi'}")
    # A bare number ("1", "I.1") would read like a citation mark [1]: say it is a task number.
    label = r.task_id if re.search(r"[^\W\d_]{2}", r.task_id) else f"NV {r.task_id}"
    return f"[{label}] " + "; ".join(bits)


def _mentions(cell: str, agency: str) -> bool:
    return folded(agency) in folded(cell)


def _agency_count(cell: str) -> int:
    return len([p for p in re.split(r"[;,]", cell) if p.strip()])


def _task_lookup(index: LoadedIndex, question: str, tasks: list[Task]) -> Answer | None:
    """ "Cơ quan nào chủ trì xây dựng Luật …?": the one task the question describes, if it clearly does."""
    sequence = content_syllables(question)
    terms = list(dict.fromkeys(t for t in sequence if t not in _ASKING))
    if len(terms) < 2:
        return None
    weights = {t: math.log(1 + len(index.passages) / (1 + index.df.get(t, 0))) for t in terms}
    total = sum(weights.values())
    # Pairs from the whole question: in "ngoại giao công nghệ" the "giao" of "ngoại giao" is no asking word.
    pairs = {p for p in pairwise(sequence) if not (p[0] in _ASKING and p[1] in _ASKING)}
    best, best_score = None, 0.0
    for r in tasks:
        syl = content_syllables(f"{r.title} {r.output}")
        words, row_pairs = set(syl), set(pairwise(syl))
        unigram = sum(w for t, w in weights.items() if t in words) / total
        # Word pairs tell "Luật Khoa học, Công nghệ…" from a task that merely shares the words.
        bigram = len(pairs & row_pairs) / len(pairs) if pairs else unigram
        score = (unigram + bigram) / 2
        if score > best_score:
            best, best_score = r, score
    if best is None or best_score < 0.6:
        return None
    doc = index.documents[best.doc_id]
    text = (
        f"Nhiệm vụ {best.task_id} «{best.title}» ({doc.title}): cơ quan chủ trì: {best.lead}"
        + (f"; phối hợp: {best.partners}" if best.partners else "")
        + (f"; sản phẩm: {best.output}" if best.output else "")
        + f"; thời hạn: {best.deadline or 'không ghi'}"
        + (f" (đến {_d(best.due_date)})" if best.due_date and not re.search(r"\d/\d+/\d{4}", best.deadline) else "")
        + (f"; tình trạng: {best.status}" if best.status else "")
        + " [1]"
    )
    citation = Citation(1, source_of(index, best.doc_id), _row_passage(index, best.doc_id, best.row))
    return Answer(question, "answered", text, (citation,))


def _commune_rate(index, question, t: Tables, communes, today) -> Answer:
    lines, citations = [], []
    for commune in communes:
        rows = [r for r in t.tasks if r.commune == commune]
        done = sum(r.status == DONE for r in rows)
        doc_id = rows[0].doc_id
        lines.append(
            f"{commune} đã hoàn thành {done}/{len(rows)} nhiệm vụ ({_pct(done, len(rows))}) "
            f"theo {index.documents[doc_id].title} [1]."
        )
        citations.extend(Citation(1, source_of(index, doc_id), _row_passage(index, doc_id, r.row)) for r in rows[:3])
    return Answer(question, "answered", "\n".join(lines), tuple(citations))


# --- figures and targets ---------------------------------------------------------------------------


def _figures(index, question, figures: list[Figure], scope: str, its) -> Answer | None:
    generic = set(folded(scope).split()) | {"tinh", "thanh", "pho", "moi", "sau", "hop", "nhat", "ca", "nuoc", "quoc"}
    years = set(re.findall(r"\b(20\d\d)\b", folded(question)))
    # A year is a date to check, not a word to match: "PII 2024" must not pass for "PII 2025".
    terms = [t for t in dict.fromkeys(content_syllables(question)) if t not in generic and t not in years]
    if not terms:
        return None
    in_scope = [r for r in figures if folded(scope) in folded(r.scope)]
    scored = sorted(
        ((_figure_score(r, terms, its), r) for r in in_scope), key=lambda x: (-x[0], x[1].as_of or date.min)
    )
    if not scored or scored[0][0] < MIN_FIGURE_SCORE:
        elsewhere = sorted(
            {r.scope for r in figures if _figure_score(r, terms, its) >= MIN_FIGURE_SCORE and r.scope != scope}
        )
        if in_scope or not elsewhere:
            return None
        text = (
            f"Dữ liệu hiện có không có số liệu này cho {scope}. Số liệu tương ứng hiện có cho: {', '.join(elsewhere)}."
        )
        return Answer(question, "not_found", text)
    best = scored[0][0]
    chosen = [r for s, r in scored if s >= best * 0.85][:4]
    chosen.sort(key=lambda r: (r.indicator, r.as_of or date.min))
    lines, citations = [], []
    if years and not any(y in f"{r.indicator} {r.note} {r.as_of}" for r in chosen for y in years):
        held = sorted({str(r.as_of.year) for r in chosen if r.as_of})
        lines.append(
            f"Dữ liệu hiện có không có số liệu năm {', '.join(sorted(years))}"
            + (f"; số liệu gần nhất hiện có (năm {', '.join(held)}):" if held else "; số liệu hiện có:")
        )
    # How far the best-matching row is confirmed ("một nguồn") goes with the cited table, never into the text.
    confidence = scored[0][1].confidence or None
    for r in chosen:
        lines.append(_figure_line(r) + " [1]")
        table = source_of(index, r.doc_id)
        source = replace(table, confidence=confidence or table.confidence)
        citations.append(Citation(1, source, _row_passage(index, r.doc_id, r.row)))
    return Answer(question, "answered", "\n".join(lines), tuple(citations))


def _figure_score(r: Figure, terms: list[str], its) -> float:
    """How well a reported figure answers the question, both ways round (F1): the row must be what the
    question asks ("bao nhiêu xã" → "Số xã", not "Tỷ lệ xã, phường có cáp quang"), and cover its words.
    The note counts towards covering the question ("sau nửa năm thực hiện…"), not towards precision."""
    words = set(content_syllables(_LEADING_GENERIC.sub("", r.indicator)))
    context = words | set(content_syllables(r.note))
    recall = sum(t in context for t in terms) / len(terms)
    precision = sum(w in terms for w in words) / max(len(words), 1)
    score = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    if "rank" in its and r.unit == "thứ hạng":
        score += 0.25
    if "diem" in terms and r.unit == "điểm":
        score += 0.25
    if "rate" in its and r.total and "hoan thanh" in folded(r.indicator):
        score += 0.25
    return score


def _figure_line(r: Figure) -> str:
    value = _vn_number(r.value)
    if r.unit == "thứ hạng":
        main = f"thứ {value}" + (f"/{_vn_number(r.total)}" if r.total else "")
    elif r.total and (r.unit == "nhiệm vụ" or "hoan thanh" in folded(r.indicator)):
        main = f"{value}/{_vn_number(r.total)} {r.unit} ({_pct(number(r.value), number(r.total))})"
    elif r.total:
        main = f"{value}/{_vn_number(r.total)} {r.unit}"
    else:
        main = f"{value}{'' if r.unit == '%' else ' '}{r.unit}"
    when = f", tính đến {_d(r.as_of)}" if r.as_of else ""
    note = f"; {r.note}" if r.note else ""
    source = f" — nguồn: {r.source}" if r.source else ""
    return f"{r.indicator} ({r.scope}): {main}{when}{note}{source}"


def _target(index, question, targets: list[Target]) -> Answer | None:
    terms = [t for t in dict.fromkeys(content_syllables(question)) if t not in {"chi", "tieu", "muc"}]
    if len(terms) < 2:
        return None
    best, best_score = None, 0.0
    for r in targets:
        words = set(content_syllables(f"{r.indicator} {r.unit}"))
        score = sum(t in words for t in terms) / len(terms)
        if score > best_score:
            best, best_score = r, score
    if best is None or best_score < 0.6:
        return None
    unit = "" if best.unit in ("", "Thứ bậc") or best.unit in best.target else best.unit
    target = best.target + (unit if unit == "%" else f" {unit}" if unit else "")
    text = (
        f"Chỉ tiêu {best.code}: {best.indicator} — mục tiêu đến năm {best.horizon}: {target}"
        + (f"; cơ quan theo dõi: {best.agency}" if best.agency else "")
        + " [1]"
    )
    citation = Citation(1, source_of(index, best.doc_id), _row_passage(index, best.doc_id, best.row))
    return Answer(question, "answered", text, (citation,))


# --- formatting ------------------------------------------------------------------------------------


def _row_passage(index: LoadedIndex, doc_id: str, row: int) -> Passage:
    i = index.position.get(f"{doc_id}#{row}")
    return index.passages[i] if i is not None else Passage(f"{doc_id}#{row}", doc_id, "")


def _first_public_row(index: LoadedIndex, doc_id: str) -> int | None:
    """The first row of a register anyone may be shown: what a "none found" answer cites."""
    row = 0
    while (i := index.position.get(f"{doc_id}#{row}")) is not None:
        if index.access[i]:
            return row
        row += 1
    return None


def _d(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _pct(part: float | None, whole: float | None) -> str:
    if not whole or part is None:
        return "—"
    return f"{part / whole * 100:.1f}".replace(".", ",") + "%"


def _vn_number(text: str) -> str:
    """ "41.10" → "41,10"; "978532" → "978.532": the digits as reported, the Vietnamese way."""
    value = number(text)
    if value is None:
        return text
    whole, _, frac = text.replace(",", ".").partition(".") if re.fullmatch(r"\d+([.,]\d+)?", text) else (text, "", "")
    if not whole.isdigit():
        return text
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + frac if frac else "")
