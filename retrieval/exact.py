"""Exact answers computed from registers and indicator tables: counts, lists, deadlines, rates, figures.

Used only when the question's slots resolve to rows (a known agency, commune, task, province or
indicator); everything else is answered by retrieval. Numbers here are computed, never recalled, and
every answer is worded from templates (task name, lead agency, deadline, status), never as a raw row.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date
from itertools import pairwise

from .access import is_public, sees_internal
from .index import LoadedIndex
from .models import Answer, Citation, Passage
from .query import Query
from .question import folded
from .registers import Figure, Tables, Target, Task, number, tables
from .search import source_of
from .text import content_syllables
from .vi import en_date, pct, vn_date
from .vi import vn_number as _vn_number
from .wording import english_name, english_unit, note_clauses, source_label

LIST_LIMIT = 8  # a longer list continues behind "Xem thêm"
COUNT_EXAMPLES = 5  # a count is the answer; its first rows show what is counted, the rest behind "Xem thêm"
TITLE_CHARS = 90  # a task name is cut here in a list line (at a word): the row itself is cited
MIN_FIGURE_SCORE = 0.5
_LEADING_GENERIC = re.compile(r"^\s*(Số|Tổng số|Tỷ lệ|Tỉ lệ|Mức)\s+", re.IGNORECASE)
DONE = "Hoàn thành"
# Words that ask *about* a task rather than name it: they must not decide which task is meant.
_ASKING = set(
    "co quan don vi nao ai chu tri phoi hop thoi han han khi bao gio luc nhiem vu viec giao la "
    "xay dung ban hanh hoan thien trinh sua doi bo sung thuc hien trien khai".split()
)

__all__ = ["DONE", "Tables", "answer_exact", "tables"]


def answer_exact(index: LoadedIndex, q: Query) -> Answer | None:
    f, its = q.folded, set(q.intents)
    t = tables(index, q.role)
    agencies, communes, period = list(q.agencies), list(q.communes), q.period
    registers_named = {d for d in q.documents if _is_register(index, d)}
    all_communes = bool(re.search(r"\b(cac|nhung) (xa|phuong)\b|\bcap xa\b", f))
    named_slot = bool(agencies or communes or registers_named or all_communes)
    # "p. Âu Cơ quý 1 phải nộp gì": a commune and a period ask for its tasks; "… là ngày nào?" asks one date.
    by_period = period is not None and ("nhiem vu" in f or (communes and not {"when", "yesno"} & set(q.asks)))
    asks_tasks = bool({"count", "list", "overdue"} & its) or by_period
    if {"lead", "deadline"} & its and "count" not in its and not period:
        asks_tasks = False  # "… đến hạn nào?", "… do ai chủ trì?" ask about one task
    if not named_slot and (
        q.documents  # "Đề án 204 hoàn thành bao nhiêu nhiệm vụ năm 2025?" is about that text, not a register
        or q.provinces  # "… của Phú Thọ phải làm gì" is about the province's reports
        or "nhiem vu" not in f
        or "hoan thanh" in f  # completion is reported progress; the national register records none
    ):
        asks_tasks = False

    if communes and "rate" in its:
        return _commune_rate(index, q, t, communes)
    wants_target = "target" in its or re.search(r"\b(den|tam nhin) nam 20[3-4]\d\b", f)
    if q.provinces and not agencies and not communes and not wants_target and {"rate", "rank", "figure", "count"} & its:
        found = _figures(index, q, t.figures, q.provinces[0])
        if found:
            return found
    if not q.provinces and not agencies and not communes:
        found = _who_ranks(index, q, t.figures)
        if found:
            return found
    if asks_tasks and (named_slot or period):
        rows = t.tasks
        if registers_named:
            rows = [r for r in rows if r.doc_id in registers_named]
        if all_communes and not communes:
            rows = [r for r in rows if r.commune]
        return _tasks(index, q, rows, agencies, communes)
    if {"lead", "deadline"} & its and not agencies and not all_communes:
        rows = [r for r in t.tasks if r.commune in communes] if communes else t.tasks
        found = _task_lookup(index, q, rows)
        if found or not communes:
            return found
        # A commune's task the role cannot see (or that does not exist) is not replaced by another one.
        text = (
            f"The available data has no such task for {', '.join(communes)}."
            if q.language == "en"
            else f"Dữ liệu hiện có không có nhiệm vụ này của {', '.join(communes)}."
        )
        return Answer(q.question, "not_found", text)
    if "chi tieu" in f:
        return _target(index, q, t.targets)
    return None


def _is_register(index: LoadedIndex, doc_id: str) -> bool:
    return bool(index.documents[doc_id].columns)


# --- tasks -----------------------------------------------------------------------------------------


def _tasks(index: LoadedIndex, q: Query, rows: list[Task], agencies: list[str], communes: list[str]) -> Answer:
    f, its, today, period = q.folded, set(q.intents), q.today, q.period
    english = q.language == "en"
    scope_bits: list[str] = []
    scope_en: list[str] = []
    shared: list[Task] = []
    agency = agencies[0] if agencies else None
    if agency:
        shared = [r for r in rows if re.match(r"(cac )?bo, nganh", folded(r.lead))]
        rows = [r for r in rows if _mentions(r.lead, agency)]
        scope_bits.append(f"do {agency} chủ trì")
        scope_en.append(f"led by {english_name(agency)}")
    if communes:
        rows = [r for r in rows if r.commune in communes]
        scope_bits.append("của " + ", ".join(communes))
        scope_en.append("of " + ", ".join(communes))
    overdue = "overdue" in its
    if period:
        rows = [r for r in rows if period.holds(r.deadline, r.due_date)]
        scope_bits.append(f"có hạn {period.label}")
        scope_en.append(f"due in {period.label}")
    done_hidden: list[Task] = []
    if overdue:
        rows = [r for r in rows if r.due_date and r.due_date < today and r.status != DONE]
        scope_bits.append(f"đã quá hạn tính đến {vn_date(today)}")
        scope_en.append(f"overdue as of {en_date(today)}")
    elif q.status == "unfinished" or (communes and re.search(r"\b(phai lam|can lam|lam gi)\b", f)):
        done_hidden = [r for r in rows if r.status == DONE]
        rows = [r for r in rows if r.status != DONE]
        scope_bits.append("chưa hoàn thành")
        scope_en.append("not yet completed")
    elif q.status:
        rows = [r for r in rows if r.status == q.status]
    by_doc: dict[str, list[Task]] = {}
    for r in sorted(rows, key=lambda r: (r.doc_id, r.due_date or date.max, r.row)):
        by_doc.setdefault(r.doc_id, []).append(r)
    what = " ".join(scope_bits) or "trong các sổ nhiệm vụ"
    what_en = " ".join(scope_en)
    if not by_doc:
        return _no_tasks(index, q, what, what_en, done_hidden, communes)
    citations: list[Citation] = []
    lines: list[str] = []
    more: list[str] = []
    everything = tables(index, "official").tasks
    for n, (doc_id, doc_rows) in enumerate(by_doc.items(), start=1):
        doc = index.documents[doc_id]
        has_status = any(r.status for r in everything if r.doc_id == doc_id)
        count = len(doc_rows)
        if english:
            head = f"There {'is' if count == 1 else 'are'} {count} task{'s' if count != 1 else ''} {what_en}".rstrip()
            head += f" in {doc.title} [{n}]"
            if overdue and not has_status:
                head = (
                    f"{count} task{'s' if count != 1 else ''} {' '.join(b for b in scope_en if 'overdue' not in b)}"
                    f" in {doc.title} had reached {'its' if count == 1 else 'their'} deadline by {en_date(today)}"
                    f" [{n}] (the register records no progress, so none is called overdue)"
                )
        else:
            head = f"Theo {doc.title}, có {count} nhiệm vụ {what} [{n}]"
            if overdue and not has_status:
                head = (
                    f"Theo {doc.title}, có {count} nhiệm vụ {' '.join(b for b in scope_bits if 'quá hạn' not in b)}"
                    f" đã đến hạn tính đến {vn_date(today)} [{n}] (chưa có dữ liệu tình trạng: nguồn không ghi nhiệm"
                    " vụ nào đã hoàn thành hay chưa)"
                )
            elif not has_status and {"list", "count"} & its:
                head += " (nguồn không ghi tình trạng thực hiện)"
            if agency and "count" in its:
                solo = sum(_agency_count(r.lead) == 1 for r in doc_rows)
                if solo != count:
                    head += f", trong đó {solo} nhiệm vụ chủ trì một mình, {count - solo} nhiệm vụ đồng chủ trì"
        lines.append(head + ".")
        items = [_task_line(r, has_status, agency, communes, english) for r in doc_rows]
        shown = COUNT_EXAMPLES if "count" in its and "list" not in its else LIST_LIMIT
        lines.extend(f"{i}. {item}" for i, item in enumerate(items[:shown], start=1))
        more.extend(items[shown:])
        if len(items) > shown:
            rest = len(items) - shown
            lines.append(f"… and {rest} more." if english else f"… và {rest} nhiệm vụ khác.")
        citations.extend(Citation(n, source_of(index, doc_id), _row_passage(index, doc_id, r.row)) for r in doc_rows)
    if done_hidden:
        lines.append(
            f"{len(done_hidden)} more task(s) are already completed."
            if english
            else f"Ngoài ra {len(done_hidden)} nhiệm vụ đã hoàn thành."
        )
        citations.extend(_cite(index, r, by_doc) for r in done_hidden)
    if agency and shared and any(r.doc_id in by_doc for r in shared):
        shared = [r for r in shared if r.doc_id in by_doc]
        citations.extend(_cite(index, r, by_doc) for r in shared)
        k = len(shared)
        lines.append(
            f"In addition, {k} task(s) are assigned to all ministries, sectors and localities (including {agency})."
            if english
            else f"Ngoài ra, {k} nhiệm vụ được giao chung cho «các bộ, ngành, địa phương» (gồm cả {agency})."
        )
    return Answer(q.question, "answered", "\n".join(lines), tuple(citations), more=tuple(more))


def _cite(index: LoadedIndex, r: Task, by_doc: dict[str, list[Task]]) -> Citation:
    """A row an answer counts, cited under the number of its register."""
    n = list(by_doc).index(r.doc_id) + 1 if r.doc_id in by_doc else len(by_doc) + 1
    return Citation(n, source_of(index, r.doc_id), _row_passage(index, r.doc_id, r.row))


def _no_tasks(index, q: Query, what: str, what_en: str, done_hidden: list[Task], communes: list[str]) -> Answer:
    """A zero count over registers that cover the question's scope: an answer, citing the register."""
    visible = sorted({r.doc_id for r in tables(index, q.role).tasks})
    if q.language == "en":
        text = f"There are no tasks {what_en or 'of this kind'} in the available data."
    else:
        text = f"Không có nhiệm vụ nào {what} trong dữ liệu hiện có."
        if done_hidden:
            text += f" ({len(done_hidden)} nhiệm vụ đã hoàn thành.)"
    cited = [d for d in visible if is_public(index.documents[d].access) or sees_internal(q.role)]
    if communes:
        cited = [d for d in cited if any(r.commune in communes for r in tables(index, q.role).tasks if r.doc_id == d)]
    shown = [
        (d, row) for d in cited if (row := 0 if sees_internal(q.role) else _first_public_row(index, d)) is not None
    ]
    citations = tuple(
        Citation(n, source_of(index, d), _row_passage(index, d, row)) for n, (d, row) in enumerate(shown[:1], start=1)
    )
    if citations:
        text = text.rstrip(".") + " [1]."
    return Answer(q.question, "answered", text, citations)


def _task_line(r: Task, has_status: bool, agency: str | None, communes: list[str], english: bool = False) -> str:
    """One task on one line, its fields joined with ";": name (id); lead; commune; deadline; status."""
    bits = [f"{_short(r.title)} ({_task_label(r)})"]
    if agency and _agency_count(r.lead) > 1:
        others = [p.strip() for p in re.split(r"[;,]", r.lead) if p.strip() and folded(p) != folded(agency)]
        bits.append(("co-led with " if english else "cùng chủ trì: ") + ", ".join(others))
    elif not agency and not (communes and folded(r.commune) in folded(r.lead)):  # "UBND phường Âu Cơ" of Âu Cơ
        bits.append(("lead: " if english else "chủ trì: ") + r.lead)
    if r.commune and not communes and folded(r.commune) not in folded(r.lead):
        bits.append(r.commune)
    bits.append(("deadline: " if english else "hạn: ") + _deadline(r, english))
    if has_status:
        bits.append(
            ("status: " if english else "tình trạng: ") + (r.status or ("not recorded" if english else "chưa ghi"))
        )
    return "; ".join(bits)


def _task_label(r: Task) -> str:
    # A bare number ("1", "I.1") would read like a citation mark [1]: say it is a task number.
    return r.task_id if re.search(r"[^\W\d_]{2}", r.task_id) else f"NV {r.task_id}"


def _deadline(r: Task, english: bool = False) -> str:
    """As the register writes it; a quarter or a phrase gets its last day ("Quý II/2025 (đến 30/06/2025)")."""
    deadline = r.deadline or ("not recorded" if english else "không ghi")
    plain = re.fullmatch(r"(\d{1,2}/){0,2}\d{4}", r.deadline.strip()) if r.deadline else None
    if r.due_date and r.deadline and not plain:
        deadline += f" (by {en_date(r.due_date)})" if english else f" (đến {vn_date(r.due_date)})"
    return deadline


def _short(title: str) -> str:
    if len(title) <= TITLE_CHARS:
        return title
    cut = title[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _mentions(cell: str, agency: str) -> bool:
    return folded(agency) in folded(cell)


def _agency_count(cell: str) -> int:
    return len([p for p in re.split(r"[;,]", cell) if p.strip()])


def _task_lookup(index: LoadedIndex, q: Query, tasks: list[Task]) -> Answer | None:
    """ "Cơ quan nào chủ trì xây dựng Luật …?": the one task the question describes, if it clearly does."""
    sequence = content_syllables(q.text)
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
    # "khi nào" alone does not make a question about a task ("When was the portal launched?").
    about_a_task = re.search(r"\b(nhiem vu|han|chu tri|phai|giao|thoi han)\b", q.folded)
    if not about_a_task and any(not index.documents[d].columns for d in q.documents):
        return None  # "NQ 57 ra hồi nào?" asks about the resolution, not a task that names it
    if best is None or best_score < (0.6 if about_a_task else 0.8):
        return None
    doc = index.documents[best.doc_id]
    its = set(q.intents)
    deadline = _deadline(best)
    task = f"«{best.title}» ({_task_label(best)}, {doc.title})"
    if q.language == "en":
        first = (
            f"Deadline: {_deadline(best, True)}; lead: {english_name(best.lead)}"
            if "deadline" in its and "lead" not in its
            else f"Lead agency: {english_name(best.lead)}; deadline: {_deadline(best, True)}"
        )
        rest = [f"Task: {task}"]
    else:
        first = (
            f"Thời hạn: {deadline}; cơ quan chủ trì: {best.lead}"
            if "deadline" in its and "lead" not in its
            else f"Cơ quan chủ trì: {best.lead}; thời hạn: {deadline}"
        )
        rest = [f"Nhiệm vụ {task}"]
    label = (
        ("coordinating: ", "output: ", "status: ")
        if q.language == "en"
        else ("phối hợp: ", "sản phẩm: ", "tình trạng: ")
    )
    for prefix, value in zip(label, (best.partners, best.output, best.status), strict=True):
        if value:
            rest.append(prefix + value)
    text = f"{first} [1].\n" + "; ".join(rest) + "."
    citation = Citation(1, source_of(index, best.doc_id), _row_passage(index, best.doc_id, best.row))
    return Answer(q.question, "answered", text, (citation,))


def _commune_rate(index: LoadedIndex, q: Query, t: Tables, communes: list[str]) -> Answer:
    lines, citations = [], []
    for commune in communes:
        rows = [r for r in t.tasks if r.commune == commune]
        done = sum(r.status == DONE for r in rows)
        doc_id = rows[0].doc_id
        title = index.documents[doc_id].title
        if q.language == "en":
            lines.append(f"{commune} has completed {done}/{len(rows)} tasks ({pct(done, len(rows))}) in {title} [1].")
        else:
            lines.append(
                f"{commune} đã hoàn thành {done}/{len(rows)} nhiệm vụ ({pct(done, len(rows))}) theo {title} [1]."
            )
        citations.extend(Citation(1, source_of(index, doc_id), _row_passage(index, doc_id, r.row)) for r in rows)
    return Answer(q.question, "answered", "\n".join(lines), tuple(citations))


# --- figures and targets ---------------------------------------------------------------------------


def _figures(index: LoadedIndex, q: Query, figures: list[Figure], scope: str) -> Answer | None:
    its = set(q.intents)
    generic = set(folded(scope).split()) | {"tinh", "thanh", "pho", "moi", "sau", "hop", "nhat", "ca", "nuoc", "quoc"}
    years = {str(y) for y in q.years}
    # A year is a date to check, not a word to match: "PII 2024" must not pass for "PII 2025".
    terms = [t for t in dict.fromkeys(content_syllables(q.text)) if t not in generic and t not in years]
    if not terms:
        return None
    in_scope = [r for r in figures if folded(scope) in folded(r.scope)]
    scored = sorted(
        ((_figure_score(r, terms, its), r) for r in in_scope), key=lambda x: (-x[0], x[1].as_of or date.min)
    )
    english = q.language == "en"
    if not scored or scored[0][0] < MIN_FIGURE_SCORE:
        elsewhere = sorted(
            ((_figure_score(r, terms, its), r) for r in figures if r.scope != scope),
            key=lambda x: (-x[0], x[1].scope),
        )
        elsewhere = [(s, r) for s, r in elsewhere if s >= MIN_FIGURE_SCORE]
        if in_scope or not elsewhere:
            return None
        scopes = list(dict.fromkeys(r.scope for _, r in elsewhere))
        example = elsewhere[0][1]
        if english:
            text = (
                f"The available data has no figures for {scope}; it has them for {', '.join(scopes)}: "
                f"{_figure_line(example, True)} [1]."
            )
        else:
            text = (
                f"Dữ liệu hiện có không có số liệu của {scope}; có số liệu của {', '.join(scopes)}: "
                f"{_figure_line(example)} [1]."
            )
        citation = Citation(1, source_of(index, example.doc_id), _row_passage(index, example.doc_id, example.row))
        return Answer(q.question, "not_found", text, (citation,))
    best = scored[0][0]
    chosen = [r for s, r in scored if s >= best * 0.85][:4]  # best first: the first line answers
    lines: list[str] = []
    status = "answered"
    if years and not any(y in f"{r.indicator} {r.note} {r.as_of}" for r in chosen for y in years):
        held = sorted({str(r.as_of.year) for r in chosen if r.as_of})
        status = "not_found"
        if english:
            lines.append(
                f"The available data has no figures for {', '.join(sorted(years))}"
                + (f"; the nearest it has (year {', '.join(held)}):" if held else "; what it has:")
            )
        else:
            lines.append(
                f"Dữ liệu hiện có không có số liệu năm {', '.join(sorted(years))}"
                + (f"; số liệu gần nhất hiện có (năm {', '.join(held)}):" if held else "; số liệu hiện có:")
            )
    verdict = _top_verdict(q, chosen, english)
    groups = _by_indicator(chosen)
    if verdict:
        groups.sort(key=lambda g: g[0].unit != "thứ hạng")  # the rank the verdict stands on comes first
    for group in groups:
        lines.append(_figure_group(group, english) + " [1].")
    if verdict and status == "answered":
        lines[0] = f"{verdict} {lines[0]}"
    # How far the best-matching row is confirmed ("một nguồn") goes with the cited table, never into the text.
    confidence = scored[0][1].confidence or None
    citations = tuple(
        Citation(1, _confident(source_of(index, r.doc_id), confidence), _row_passage(index, r.doc_id, r.row))
        for r in chosen
    )
    return Answer(q.question, status, "\n".join(lines), citations)


def _confident(source, confidence: str | None):
    return replace(source, confidence=confidence or source.confidence)


# "Tỉnh nào đứng thứ 10 …?", "Địa phương nào dẫn đầu …?": the place at a rank, not a place's rank.
_AT_RANK = re.compile(
    r"\b(?:tinh|dia phuong|thanh pho|noi|tinh thanh)\s+nao\s+(?:(?:dung|xep|o)\s+)?"
    r"(?:(?:thu|hang|vi tri)\s+(\d{1,2})|(dan dau|dung dau|cao nhat|nhat))\b"
)


def _who_ranks(index: LoadedIndex, q: Query, figures: list[Figure]) -> Answer | None:
    m = _AT_RANK.search(q.folded)
    if not m:
        return None
    wanted = int(m.group(1)) if m.group(1) else 1
    terms = [
        t
        for t in dict.fromkeys(content_syllables(q.text))
        if t not in {"tinh", "nao", "dung", "thu", "xep", "hang", "dan", "dau", "bang", "vi", "tri", str(wanted)}
    ]
    ranks = [r for r in figures if r.unit == "thứ hạng" and number(r.value) is not None]
    scored = [(sum(t in set(content_syllables(r.indicator)) for t in terms), r) for r in ranks]
    best = max((s for s, _ in scored), default=0)
    if not best:
        return None
    rows = [r for s, r in scored if s == best]
    indicator = rows[0].indicator
    rows = [r for r in rows if r.indicator == indicator]
    english = q.language == "en"
    at = [r for r in rows if number(r.value) == wanted]
    if not at:
        held = ", ".join(str(int(number(r.value))) for r in sorted(rows, key=lambda r: number(r.value)))
        text = (
            f"The available data has no place ranked {wanted} in {indicator}; it has ranks {held} [1]."
            if english
            else f"Dữ liệu hiện có không có địa phương xếp thứ {wanted} về {indicator}; chỉ có các vị trí {held} [1]."
        )
        citations = tuple(Citation(1, source_of(index, r.doc_id), _row_passage(index, r.doc_id, r.row)) for r in rows)
        return Answer(q.question, "not_found", text, citations)
    r = at[0]
    scores = [
        x
        for x in figures
        if x.scope == r.scope and x.unit == "điểm" and x.indicator.split(" - ")[0] == indicator.split(" - ")[0]
    ]
    lines = [_figure_line(x, english) + " [1]." for x in [r, *scores[:1]]]
    lines[0] = f"{r.scope}. " + lines[0]  # the place asked for, first
    citations = tuple(
        Citation(1, source_of(index, x.doc_id), _row_passage(index, x.doc_id, x.row)) for x in [r, *scores[:1]]
    )
    return Answer(q.question, "answered", "\n".join(lines), citations)


def _top_verdict(q: Query, rows: list[Figure], english: bool) -> str | None:
    """ "Phú Thọ có nằm trong top 5 PII không?": Có/Không, computed from the rank row."""
    m = re.search(r"\b(?:top|nhom|trong|dung dau)\s+(\d{1,2})\b", q.folded)
    first = re.search(r"\b(?:dan dau|dung dau|dung thu nhat|xep thu nhat)\b", q.folded)
    ranks = [r for r in rows if r.unit == "thứ hạng" and number(r.value) is not None]
    if "yesno" not in q.asks or not (m or first) or not ranks:
        return None
    inside = number(ranks[0].value) <= (int(m.group(1)) if m else 1)
    return ("Yes." if inside else "No.") if english else ("Có." if inside else "Không.")


def _by_indicator(rows: list[Figure]) -> list[list[Figure]]:
    """Rows of one indicator, scope and date that disagree are one group: said in one clause."""
    groups: dict[tuple, list[Figure]] = {}
    for r in rows:
        groups.setdefault((r.indicator, r.scope, r.as_of), []).append(r)
    # The agreed figures first (best match first), a disagreement after them.
    return sorted(groups.values(), key=lambda g: len({r.value for r in g}) > 1)


def _figure_group(group: list[Figure], english: bool) -> str:
    if len({r.value for r in group}) == 1:
        return _figure_line(group[0], english)
    r = group[0]
    values = " / ".join(
        f"{_figure_value(x, english)} ({'; '.join(note_clauses(x.note)) or source_label(x.source)})" for x in group
    )
    when = _when(r.as_of, english)
    if english:
        return f"{r.indicator} ({r.scope}): two sources differ — {values}{when}"
    return f"{r.indicator} ({r.scope}): hai nguồn ghi khác nhau — {values}{when}"


def _figure_score(r: Figure, terms: list[str], its: set[str]) -> float:
    """How well a reported figure answers the question, both ways round (F1): the row must be what the
    question asks ("bao nhiêu xã" → "Số xã", not "Tỷ lệ xã, phường có cáp quang"), and cover its words.
    The note counts towards covering the question ("sau nửa năm thực hiện…"), not towards precision."""
    words = set(content_syllables(_LEADING_GENERIC.sub("", r.indicator)))
    context = words | set(content_syllables(r.note))
    recall = sum(t in context for t in terms) / len(terms)
    precision = sum(w in terms for w in words) / max(len(words), 1)
    score = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    if recall < 0.5:
        return 0.0  # a row that leaves most of the question unsaid ("điểm trụ cột thể chế") is no answer
    if "rank" in its and r.unit == "thứ hạng":
        score += 0.25
    if "diem" in terms and r.unit == "điểm":
        score += 0.25
    if "rate" in its and r.total and "hoan thanh" in folded(r.indicator):
        score += 0.25
    return score


def _figure_value(r: Figure, english: bool = False) -> str:
    value = _vn_number(r.value)
    unit = english_unit(r.unit) if english else r.unit
    if r.unit == "thứ hạng":
        return ("rank " if english else "thứ ") + value + (f"/{_vn_number(r.total)}" if r.total else "")
    if r.total and (r.unit == "nhiệm vụ" or "hoan thanh" in folded(r.indicator)):
        return f"{value}/{_vn_number(r.total)} {unit} ({pct(number(r.value), number(r.total))})"
    if r.total:
        return f"{value}/{_vn_number(r.total)} {unit}"
    if r.unit == "không rõ":
        return value + (" (unit unclear)" if english else " (đơn vị không rõ)")
    return f"{value}{'' if r.unit == '%' else ' '}{unit}"


def _when(as_of: date | None, english: bool) -> str:
    if not as_of:
        return ""
    return f", as of {en_date(as_of)}" if english else f", tính đến {vn_date(as_of)}"


def _figure_line(r: Figure, english: bool = False) -> str:
    """ "PII 2025 - điểm (Phú Thọ): 41,10 điểm, tính đến 01/10/2025; … (nguồn: baophutho.vn)"."""
    value = _figure_value(r)
    # A note that only repeats the value ("thứ 15/34") says nothing new.
    notes = [n for n in note_clauses(r.note) if n.lower() not in value.lower()]
    note = f"; {'; '.join(notes)}" if notes and not english else ""
    source = f" ({'source' if english else 'nguồn'}: {source_label(r.source)})" if r.source else ""
    if english:
        return f"{r.indicator} ({r.scope}): {_figure_value(r, True)}{_when(r.as_of, True)}{source}"
    return f"{r.indicator} ({r.scope}): {_figure_value(r)}{_when(r.as_of, False)}{note}{source}"


def _target(index: LoadedIndex, q: Query, targets: list[Target]) -> Answer | None:
    terms = [t for t in dict.fromkeys(content_syllables(q.text)) if t not in {"chi", "tieu", "muc"}]
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
    if q.language == "en":
        text = (
            f"Target by {best.horizon}: {target} — indicator {best.code}, {best.indicator}"
            + (f"; monitored by {english_name(best.agency)}" if best.agency else "")
            + " [1]."
        )
    else:
        text = (
            f"Mục tiêu đến năm {best.horizon}: {target} — chỉ tiêu {best.code}, {best.indicator}"
            + (f"; cơ quan theo dõi: {best.agency}" if best.agency else "")
            + " [1]."
        )
    citation = Citation(1, source_of(index, best.doc_id), _row_passage(index, best.doc_id, best.row))
    return Answer(q.question, "answered", text, (citation,))


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
