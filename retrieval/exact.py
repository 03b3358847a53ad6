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
from .figures import as_of_line, covered_words, figure_sentences
from .index import LoadedIndex
from .models import Answer, Citation, Passage
from .query import Query
from .question import folded
from .registers import Figure, Tables, Target, Task, number, tables
from .row_index import WordIndex, docs_with_status
from .search import source_of
from .text import content_syllables, fold, has_diacritics, normalise, stop_syllables, syllables
from .vi import en_date, pct, vn_date
from .wording import en_deadline, en_period, english_name

LIST_LIMIT = 8  # a longer list continues behind "Xem thêm"
COUNT_EXAMPLES = 5  # a count is the answer; its first rows show what is counted, the rest behind "Xem thêm"
TITLE_CHARS = 90  # a task name is cut here in a list line (at a word): the row itself is cited
MIN_FIGURE_SCORE = 0.5
_LEADING_GENERIC = re.compile(r"^\s*(Số|Tổng số|Tỷ lệ|Tỉ lệ|Mức)\s+", re.IGNORECASE)
DONE = "Hoàn thành"
STATUS_EN = {"Hoàn thành": "completed", "Đang thực hiện": "in progress", "Chưa thực hiện": "not started"}
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
    group = _group_named(q.folded)  # "Nhóm VII hợp tác quốc tế gồm bao nhiêu nhiệm vụ?"
    all_communes = bool(re.search(r"\b(cac|nhung) (xa|phuong)\b|\bcap xa\b", f))
    named_slot = bool(agencies or communes or registers_named or all_communes or group)
    if period or named_slot:  # "Trong Phụ lục II có nhiệm vụ nào hạn tháng 11/2025": that register's rows only
        registers_named |= _appendix_named(index, q)
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
    # "cả nước", "toàn quốc", "nationwide": the national figures, as a province's are read for a province.
    national = re.search(r"\b(ca nuoc|toan quoc)\b", f) and not q.provinces
    all_done = "yesno" in q.asks and re.search(r"\bhoan thanh (het|tat ca|toan bo)\b", f)  # "… hết … chưa?"
    figure_question = {"rate", "rank", "figure", "count"} & its or ((q.provinces or national) and all_done)
    if (q.provinces or national) and not agencies and not communes and not wants_target and figure_question:
        # "Phú Thọ xếp thứ mấy toàn quốc": the province is the place, "toàn quốc" whom it ranks among.
        place = next((p for p in q.provinces if p != "Toàn quốc"), q.provinces[0] if q.provinces else "Toàn quốc")
        found = _figures(index, q, t.figures, place)
        if found:
            return found
    if not q.provinces and not agencies and not communes:
        found = _who_ranks(index, q, t.figures)
        if found:
            return found
    topic = _topic(index, q) if "count" in its or (asks_tasks and (named_slot or period)) else None
    if topic and "nhiem vu" in f:
        asks_tasks = True
    if asks_tasks and (named_slot or period or topic):
        rows = t.tasks
        if topic:
            rows = [r for r in rows if (r.doc_id, r.row) in topic[1]]
        if registers_named:
            rows = [r for r in rows if r.doc_id in registers_named]
        if all_communes and not communes:
            rows = [r for r in rows if r.commune]
        if group:
            rows = [r for r in rows if r.group.upper() == group]
        answer = _tasks(index, q, rows, agencies, communes, group, topic[0] if topic else None)
        return _superseded_scope(index, q, answer)
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
    if re.search(r"\b(?:bao nhieu|may|tong so|so luong)\s+chi tieu\b", f) and t.targets:
        return _target_count(index, q, t.targets)
    if "chi tieu" in f:
        return _target(index, q, t.targets)
    return None


def _is_register(index: LoadedIndex, doc_id: str) -> bool:
    return bool(index.documents[doc_id].columns)


# --- tasks -----------------------------------------------------------------------------------------


def _group_named(f: str) -> str | None:
    m = re.search(r"\bnhom\s+(viii|vii|vi|iv|ix|v|i{1,3}|x)\b", f)
    return m[1].upper() if m else None


def _appendix_named(index: LoadedIndex, q: Query) -> set[str]:
    """A register named by the appendix its title gives ("Phụ lục II"): "Trong Phụ lục II có nhiệm vụ nào…"."""
    out = set()
    for doc_id, doc in index.documents.items():
        m = re.search(r"\bphu luc ([ivx]+)\b", folded(doc.title)) if doc.columns else None
        if m and re.search(rf"\bphu luc {m[1]}\b", q.folded):
            out.add(doc_id)
    return out


def _superseded_scope(index: LoadedIndex, q: Query, answer: Answer) -> Answer:
    """ "Nghị quyết 71/NQ-CP giao Bộ Công an bao nhiêu nhiệm vụ?": the register counted is the list of the
    text 71/NQ-CP replaced, not 71/NQ-CP's own — said first, with status not_found."""
    named = {index.documents[d].number for d in q.documents if index.documents[d].number}
    cited = {c.source.doc_id: c.source for c in answer.citations}
    replaced = [s for s in cited.values() if s.superseded_by and s.superseded_by in named]
    if not replaced or answer.status != "answered":
        return answer
    s = replaced[0]
    text = (
        f"The available data has no task list of {s.superseded_by}; it has the list it replaced ({s.title}):"
        if q.language == "en"
        else f"Dữ liệu hiện có không có danh sách nhiệm vụ của {s.superseded_by}; có danh mục mà văn bản này thay thế"
        f" ({s.title}):"
    )
    return replace(answer, status="not_found", text=f"{text}\n{answer.text}")


def _tasks(
    index: LoadedIndex,
    q: Query,
    rows: list[Task],
    agencies: list[str],
    communes: list[str],
    group: str | None = None,
    topic: str | None = None,
) -> Answer:
    f, its, today, period = q.folded, set(q.intents), q.today, q.period
    english = q.language == "en"
    scope_bits: list[str] = [f"về {topic}"] if topic else []
    scope_en: list[str] = [f'on "{topic}"'] if topic else []
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
    if group:
        scope_bits.append(f"thuộc nhóm {group}")
        scope_en.append(f"in group {group}")
    overdue = "overdue" in its
    if period:
        rows = [r for r in rows if period.holds(r.deadline, r.due_date)]
        scope_bits.append(f"có hạn {period.label}")
        scope_en.append(f"due {en_period(period.label)}")
    done_hidden: list[Task] = []
    unrecorded = [r for r in rows if r.doc_id not in docs_with_status(index.cache, tables(index, "official").tasks)]
    if overdue:
        rows = [r for r in rows if r.due_date and r.due_date < today and r.status != DONE]
        scope_bits.append(f"đã quá hạn tính đến {vn_date(today)}")
        scope_en.append(f"overdue as of {en_date(today)}")
    elif q.status and not (rows := _with_status(index, rows)) and unrecorded:
        return _status_not_recorded(index, q, unrecorded, " ".join(scope_bits), " ".join(scope_en))
    elif q.status == "unfinished" or (communes and re.search(r"\b(phai lam|can lam|lam gi)\b", f)):
        done_hidden = [r for r in rows if r.status == DONE]
        rows = [r for r in rows if r.status != DONE]
        scope_bits.append("chưa hoàn thành")
        scope_en.append("not yet completed")
    elif q.status:
        rows = [r for r in rows if r.status == q.status]
        scope_bits.append(f"ở trạng thái «{q.status.lower()}»")
        scope_en.append(STATUS_EN.get(q.status, q.status))
    by_doc: dict[str, list[Task]] = {}
    for r in sorted(rows, key=lambda r: (r.doc_id, r.due_date or date.max, r.row)):
        by_doc.setdefault(r.doc_id, []).append(r)
    what = " ".join(scope_bits)
    what_en = " ".join(scope_en)
    if not by_doc:
        return _no_tasks(index, q, what, what_en, done_hidden, communes)
    citations: list[Citation] = []
    lines: list[str] = []
    more: list[str] = []
    everything = tables(index, "official").tasks
    for n, (doc_id, doc_rows) in enumerate(by_doc.items(), start=1):
        doc = index.documents[doc_id]
        has_status = doc_id in docs_with_status(index.cache, everything)
        count = len(doc_rows)
        if english:
            head = f"There {'is' if count == 1 else 'are'} {count} task{'s' if count != 1 else ''} {what_en}".rstrip()
            head += f" in {doc.title} [{n}]" + _quarter_part(period, doc_rows, english=True)
            if overdue and not has_status:
                head = (
                    f"{count} task{'s' if count != 1 else ''} {' '.join(b for b in scope_en if 'overdue' not in b)}"
                    f" in {doc.title} had reached {'its' if count == 1 else 'their'} deadline by {en_date(today)}"
                    f" [{n}] (the register records no progress, so none is called overdue)"
                )
        else:
            # The number first: "Có 17 nhiệm vụ do Bộ Tài chính chủ trì theo Danh mục …".
            head = f"Có {count} nhiệm vụ {what} theo {doc.title} [{n}]".replace("  ", " ")
            if overdue and not has_status:
                head = (
                    f"Có {count} nhiệm vụ {' '.join(b for b in scope_bits if 'quá hạn' not in b)}"
                    f" đã đến hạn tính đến {vn_date(today)} theo {doc.title} [{n}] (chưa có dữ liệu tình trạng:"
                    " nguồn không ghi nhiệm vụ nào đã hoàn thành hay chưa)"
                )
            elif not has_status and {"list", "count"} & its:
                head += " (nguồn không ghi tình trạng thực hiện)"
            head += _quarter_part(period, doc_rows)
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


def _with_status(index: LoadedIndex, rows: list[Task]) -> list[Task]:
    recorded = docs_with_status(index.cache, tables(index, "official").tasks)
    return [r for r in rows if r.doc_id in recorded]


def _status_not_recorded(index: LoadedIndex, q: Query, rows: list[Task], what: str, what_en: str) -> Answer:
    """ "Bộ Tài chính có bao nhiêu nhiệm vụ đang thực hiện?" over a register that records no progress: the data
    cannot say, so that comes first (not_found), then what the register does say."""
    doc_id = rows[0].doc_id
    doc_rows = [r for r in rows if r.doc_id == doc_id]
    title, n = index.documents[doc_id].title, len(doc_rows)
    if q.language == "en":
        asked = "not yet completed" if q.status == "unfinished" else STATUS_EN.get(q.status, q.status)
        text = (
            f"{title} does not record progress, so the available data cannot tell which tasks are {asked}."
            f" It lists {n} task{'s' if n != 1 else ''} {what_en} [1].".replace("  ", " ")
        )
    else:
        asked = "chưa hoàn thành" if q.status == "unfinished" else (q.status or "").lower()
        text = (
            f"{title} không ghi tình trạng thực hiện, nên dữ liệu hiện có không cho biết nhiệm vụ nào {asked}."
            f" Danh mục này có {n} nhiệm vụ {what} [1].".replace("  ", " ")
        )
    citations = tuple(Citation(1, source_of(index, doc_id), _row_passage(index, doc_id, r.row)) for r in doc_rows)
    return Answer(q.question, "not_found", text, citations)


def _quarter_part(period, rows: list[Task], english: bool = False) -> str:
    """ "hạn tháng 6/2025" holds a task due "Quý II/2025" (by 30/06/2025): the count says how many of each,
    since the register names no month for that one."""
    if period is None or period.kind != "month":
        return ""
    by_quarter = [r for r in rows if re.search(r"\bqu[yý]\b", r.deadline.lower())]
    k, n = len(by_quarter), len(rows)
    if not k or k == n:
        return ""
    if english:
        quarters = ", ".join(dict.fromkeys(en_deadline(r.deadline, None) for r in by_quarter))
        return f": {n - k} with a deadline {en_period(period.label)} and {k} with the deadline {quarters}"
    quarters = ", ".join(dict.fromkeys(r.deadline for r in by_quarter))
    return f", gồm {n - k} nhiệm vụ ghi hạn {period.label} và {k} nhiệm vụ ghi hạn {quarters}"


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
        text = f"Không có nhiệm vụ nào {what} trong dữ liệu hiện có.".replace("  ", " ")
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
    bits.append("deadline: " + en_deadline(r.deadline, r.due_date) if english else "hạn: " + _deadline(r))
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


def _task_index(index: LoadedIndex) -> tuple[dict, dict[tuple[str, str], set], dict[str, tuple[str, int]], dict]:
    """Per build, once: each task's words and word pairs, which tasks hold a word pair, task codes, and
    the rows by key — so finding the task a question describes scores only the rows that share a word
    pair with it (a row sharing none scores at most 0.5, below any threshold), not every row."""
    key = "task_lookup_index"
    if key not in index.cache:
        features: dict[tuple[str, int], tuple[frozenset, frozenset]] = {}
        postings: dict[tuple[str, str], set] = {}
        codes: dict[str, tuple[str, int]] = {}
        rows: dict[tuple[str, int], Task] = {}
        for r in tables(index, "official").tasks:
            syl = content_syllables(f"{r.title} {r.output}")
            k = (r.doc_id, r.row)
            rows[k] = r
            features[k] = (frozenset(syl), frozenset(pairwise(syl)))
            for pair in features[k][1]:
                postings.setdefault(pair, set()).add(k)
            if re.search(r"[^\W\d_]", r.task_id) and re.search(r"\d", r.task_id):
                codes[r.task_id.lower()] = k
        index.cache[key] = (features, postings, codes, rows)
    return index.cache[key]


# "Có bao nhiêu nhiệm vụ số hóa sổ sức khỏe điện tử ở các xã?": the words after "nhiệm vụ" up to one of
# these name what the tasks are about; a phrase starting with a document or scope word names no topic.
_TOPIC_ENDS = set(
    "o cua trong do co han den tai thuoc nao duoc da dang chua con qua cap nam thang quy phai can la theo "
    "cac nhung xa phuong tinh ubnd va hay voi ma khong gi".split()
)
_TOPIC_LEADS = re.compile(r"^(?:ve viec|ve|lien quan (?:den|toi)|lien quan)\s")
_NOT_A_TOPIC = re.compile(
    r"^(?:nghi quyet|nq|quyet dinh|qd|de an|chuong trinh|phu luc|ke hoach|thong bao|quy che|trung uong|cu the|tat ca|"
    r"tong cong|tong|khac|nhom|duoc|tren|cua|chu tri|phoi hop)\b"
)
TOPIC_PAIR_SHARE = 0.6  # of the topic's word pairs a task's name must hold


def _topic(index: LoadedIndex, q: Query) -> tuple[str, set] | None:
    """The topic a count or list of tasks is about, as typed, and the tasks whose name holds it."""
    typed = q.text.split()
    words = [fold(w).lower().strip("?.,;:!") for w in typed]
    at = next((i + 2 for i in range(len(words) - 1) if words[i : i + 2] == ["nhiem", "vu"]), None)
    if at is None:
        return None
    lead = _TOPIC_LEADS.match(" ".join(words[at:]) + " ")
    if lead:
        at += len(lead[0].split())
    if _NOT_A_TOPIC.match(" ".join(words[at:])):
        return None
    end = at
    while end < len(words) and words[end] and words[end] not in _TOPIC_ENDS and not words[end].isdigit():
        end += 1
    # "… nhiệm vụ Bộ Giáo dục và Đào tạo chủ trì": a name the question gives is a slot, not the topic
    for name in [folded(n) for n in (*q.agencies, *q.communes)] + list(q.bodies):
        for i in range(at, end):
            if " ".join(words[i : i + len(name.split())]) == name:
                end = i
                break
    terms = content_syllables(" ".join(words[at:end]))
    pairs = set(pairwise(terms))
    if len(terms) < 2:
        return None
    _, postings, _, rows = _task_index(index)
    need = max(1, math.ceil(TOPIC_PAIR_SHARE * len(pairs)))
    candidates = set().union(*(postings.get(p, set()) for p in pairs))
    matched = {k for k in candidates if len(pairs & set(pairwise(content_syllables(rows[k].title)))) >= need}
    if not matched:
        return None
    return " ".join(typed[at:end]).strip("?.,;:!").lower(), matched


def _task_lookup(index: LoadedIndex, q: Query, tasks: list[Task]) -> Answer | None:
    """ "Cơ quan nào chủ trì xây dựng Luật …?", "Who leads task NQ03-069?": the one task the question
    names by its code or clearly describes."""
    features, postings, codes, rows = _task_index(index)
    allowed = {(r.doc_id, r.row) for r in tasks}
    named = [codes[c] for c in re.findall(r"[\w]+(?:-[\w]+)+", q.question.lower()) if c in codes]
    best = next((rows[k] for k in named if k in allowed), None)
    if best is None:
        best = _described_task(index, q, allowed, rows, features, postings)
    if best is None:
        return None
    return _one_task(index, q, best)


def _described_task(
    index: LoadedIndex, q: Query, allowed: set, rows: dict, features: dict, postings: dict
) -> Task | None:
    sequence = content_syllables(q.text)
    # The commune's own name chose the rows already ("xã Tam Đảo việc số hóa…"): it describes no task.
    named = {w for c in q.communes for w in folded(c).split()}
    terms = list(dict.fromkeys(t for t in sequence if t not in _ASKING and t not in named))
    if len(terms) < 2:
        return None
    weights = {t: math.log(1 + len(index.passages) / (1 + index.df.get(t, 0))) for t in terms}
    total = sum(weights.values())
    # Pairs from the whole question: in "ngoại giao công nghệ" the "giao" of "ngoại giao" is no asking word.
    pairs = {p for p in pairwise(sequence) if not (p[0] in _ASKING and p[1] in _ASKING)}
    candidates = set().union(*(postings.get(p, set()) for p in pairs)) if pairs else set(rows)
    best, best_score = None, 0.0
    for key in sorted(candidates & allowed):
        words, row_pairs = features[key]
        unigram = sum(w for t, w in weights.items() if t in words) / total
        # Word pairs tell "Luật Khoa học, Công nghệ…" from a task that merely shares the words.
        bigram = len(pairs & row_pairs) / len(pairs) if pairs else unigram
        score = (unigram + bigram) / 2
        if score > best_score:
            best, best_score = rows[key], score
    # "khi nào" alone does not make a question about a task ("When was the portal launched?").
    about_a_task = re.search(r"\b(nhiem vu|han|chu tri|phai|giao|thoi han)\b", q.folded)
    if not about_a_task and any(not index.documents[d].columns for d in q.documents):
        return None  # "NQ 57 ra hồi nào?" asks about the resolution, not a task that names it
    if best is None or best_score < (0.6 if about_a_task else 0.8):
        return None
    return best


def _one_task(index: LoadedIndex, q: Query, best: Task) -> Answer:
    """One task said as a clerk would: who leads it and by when, first; partners, product, status after."""
    its = set(q.intents)
    when_first = "deadline" in its and "lead" not in its
    label = _task_label(best)
    if q.language == "en":
        lead, deadline = english_name(best.lead), en_deadline(best.deadline, best.due_date)
        first = (
            f"The deadline for the task «{best.title}» ({label}) is {deadline}; it is led by {lead}"
            if when_first
            else f"{lead} leads the task «{best.title}» ({label}); deadline: {deadline}"
        )
        labels = ("Coordinating: ", "output: ", "status: ")
    else:
        deadline = _deadline(best)
        said = f"có thời hạn {_lower_word(deadline)}" if best.deadline else "không ghi thời hạn"
        first = (
            f"Nhiệm vụ «{best.title}» ({label}) {said}, do {best.lead} chủ trì"
            if when_first
            else f"{best.lead} chủ trì nhiệm vụ «{best.title}» ({label}), "
            + (f"thời hạn {_lower_word(deadline)}" if best.deadline else "không ghi thời hạn")
        )
        labels = ("Phối hợp: ", "sản phẩm: ", "tình trạng: ")
    rest = [p + v for p, v in zip(labels, (best.partners, best.output, best.status), strict=True) if v]
    if rest:
        rest[0] = rest[0][:1].upper() + rest[0][1:]
    text = f"{first} [1]." + ("\n" + "; ".join(rest) + "." if rest else "")
    citation = Citation(1, source_of(index, best.doc_id), _row_passage(index, best.doc_id, best.row))
    return Answer(q.question, "answered", text, (citation,))


def _lower_word(text: str) -> str:
    """ "Thường xuyên" → "thường xuyên" inside a sentence; "Quý II/2025" keeps its capital (a name)."""
    return text[0].lower() + text[1:] if text[:1].isupper() and not text.startswith("Quý") else text


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
    sequence = [t for t in content_syllables(q.text) if t not in generic and t not in years]
    terms = list(dict.fromkeys(sequence))
    if not terms:
        return None
    unknown = _unknown_acronym(q, figures)
    if unknown:  # "Chỉ số PCI 2025": a measure no table holds is not answered with another one
        text = (
            f"The available data has no figures on {unknown}."
            if q.language == "en"
            else f"Dữ liệu hiện có không có số liệu về {unknown}."
        )
        return Answer(q.question, "not_found", text)
    in_scope = [r for r in figures if folded(scope) in folded(r.scope)]
    # "bao nhiêu xã" asks a count: a rate ("Tỷ lệ xã … có cáp quang") is no answer to it.
    counting = bool(re.search(r"\b(bao nhieu|may) (?!phan tram)[a-z]", q.folded)) and not re.search(
        r"\b(ty le|ti le|phan tram|ty trong)\b", q.folded
    )
    if counting:
        in_scope = [r for r in in_scope if r.unit != "%"]
    # The newest figure first when two answer as well ("163/167 on 13/01/2026", then "82/147 on 25/10/2025").
    can = WordIndex.of(index.cache, figures, "figures", _figure_words).holding(terms, len(terms) / 2)  # recall ≥ ½
    scored = sorted(
        ((_figure_score(r, terms, its), r) for r in in_scope if id(r) in can),
        key=lambda x: (-round(x[0], 6), -(x[1].as_of or date.min).toordinal()),
    )
    english = q.language == "en"
    if not scored or scored[0][0] < MIN_FIGURE_SCORE:
        elsewhere = sorted(
            ((_figure_score(r, terms, its), r) for r in figures if r.scope != scope and id(r) in can),
            key=lambda x: (-x[0], x[1].scope),
        )
        elsewhere = [(s, r) for s, r in elsewhere if s >= MIN_FIGURE_SCORE]
        if not elsewhere:
            return None
        example = elsewhere[0][1]
        scopes = [example.scope]  # the place the example is of (other places' names may hold commas)
        said = figure_sentences([example], english)[0]
        # "Dân số Hà Nội": the tables hold Hà Nội's PII, not its population — said as such, with the place
        # that has it, rather than left to a passage that happens to name both.
        what = f" «{_measure(example)}»" if in_scope else ""
        if english:
            text = (
                f"The available data has no figures{what} for {scope}; it has them for {', '.join(scopes)}: {said} [1]."
            )
        else:
            text = (
                f"Dữ liệu hiện có không có số liệu{what} của {scope}; có số liệu của {', '.join(scopes)}: {said} [1]."
            )
        citation = Citation(1, source_of(index, example.doc_id), _row_passage(index, example.doc_id, example.row))
        return Answer(q.question, "not_found", text, (citation,))
    best = scored[0][0]
    chosen = [r for s, r in scored if s >= best * 0.85][:4]  # best first: the first sentence answers
    lines: list[str] = []
    status = "answered"
    missing = _unsaid_measure(q, generic | years, chosen, figures)
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
    elif missing:
        # "Điểm trụ cột thể chế PII": a measure the table does not hold is not answered by another one.
        status = "not_found"
        lines.append(
            f"The available data has no figure for «{missing}» of {scope}; the nearest it has:"
            if english
            else f"Dữ liệu hiện có không có số liệu «{missing}» của {scope}; số liệu gần nhất hiện có:"
        )
    verdict = _top_verdict(q, chosen, english)
    ordered = _answer_order(q, chosen, verdict is not None and any(r.unit == "thứ hạng" for r in chosen))
    sentences = figure_sentences(ordered, english)
    body = [f"{s} [1]." for s in sentences]
    if verdict and status == "answered":
        body[0] = f"{verdict} {body[0]}"
    lines.extend(body)
    if english:  # the same values, as the cited Vietnamese rows say them
        lines.append("In Vietnamese: " + " ".join(f"{s}." for s in figure_sentences(ordered, False)))
    lines.append(as_of_line(ordered, english))
    # How far the best-matching row is confirmed ("một nguồn") goes with the cited table, never into the text.
    confidence = scored[0][1].confidence or None
    citations = tuple(
        Citation(1, _confident(source_of(index, r.doc_id), confidence), _row_passage(index, r.doc_id, r.row))
        for r in chosen
    )
    return Answer(q.question, status, "\n".join(line for line in lines if line), citations)


def _unknown_acronym(q: Query, figures: list[Figure]) -> str | None:
    """An acronym typed in capitals ("PCI", "PAPI") that no abbreviation expands and no figure names."""
    said = " ".join(folded(f"{r.code} {r.indicator} {r.note}") for r in figures)
    for word in re.findall(r"\b[A-Z]{3,6}\b", q.question):
        w = word.lower()
        if re.search(rf"\b{w}\b", q.folded) and not re.search(rf"\b{w}\b", said):
            return word
    return None


def _measure(r: Figure) -> str:
    """What a figure measures, without its aspect: "Dân số", "PII 2025"."""
    return r.indicator.partition(" - ")[0].strip()


def _answer_order(q: Query, rows: list[Figure], verdict: bool) -> list[Figure]:
    """What the question asks first: the rank for "xếp thứ mấy" (and for a top-N verdict), the score for
    "bao nhiêu điểm"; then the other figures of the same indicator; sources that disagree last."""
    its = set(q.intents)
    asks_score = "diem" in q.folded.split() or "score" in q.question.lower()

    def key(r: Figure) -> int:
        asks_rank = verdict or "rank" in its
        if asks_rank and r.unit == "thứ hạng":
            return 0
        if asks_score and r.unit == "điểm":
            return 0
        if r.unit == "thứ hạng" and not asks_rank and not r.indicator.partition(" - ")[2]:
            return 4  # "Phú Thọ rộng bao nhiêu": the area, then its rank
        return {"điểm": 1, "thứ hạng": 2}.get(r.unit, 3)

    return sorted(rows, key=key)


def _unsaid_measure(q: Query, skip: set[str], chosen: list[Figure], figures: list[Figure]) -> str | None:
    """Words in a row of the question that none of the chosen figures says and that the figure tables
    name elsewhere: a sub-measure another row's indicator has after its " - " ("điểm đầu vào", only
    Huế's), or three or more content words another row's note names ("trụ cột thể chế") — the question
    asks a measure the data does not hold for this place. Other gaps ("sau hợp nhất", a date) are context."""
    own = {w for r in chosen for _, said in covered_words(r.indicator) for w in said}
    indicator_words = {w for r in chosen for w in content_syllables(r.indicator)} | own
    note_words = indicator_words | {w for r in chosen for w in content_syllables(r.note)}
    others = [r for r in figures if r not in chosen]
    aspects = [folded(r.indicator.partition(" - ")[2]) for r in others if " - " in r.indicator]
    notes = [folded(r.note) for r in others]
    stops = stop_syllables()
    for context, texts, least in ((indicator_words, aspects, 1), (note_words, notes, 3)):
        for run in _runs(syllables(normalise(q.text)), context, skip, stops):
            content = [w for w in run if (w not in stops if has_diacritics(w) else fold(w) not in stops)]
            phrase = " ".join(fold(w) for w in run)
            if len(run) >= 2 and len(content) >= least and any(re.search(rf"\b{phrase}\b", t) for t in texts):
                return " ".join(run)
    return None


def _runs(words: list[str], context: set[str], skip: set[str], stops: frozenset[str]) -> list[list[str]]:
    """Runs of consecutive question words outside `context` (function words inside or at the end kept),
    longest first."""
    runs: list[list[str]] = []
    run: list[str] = []
    for w in words:
        stop = w in stops if has_diacritics(w) else fold(w) in stops  # "đầu" is no "đâu"
        if fold(w) in skip or (not stop and fold(w) in context):
            runs.append(run)
            run = []
        elif run or not stop:
            run.append(w)
    runs.append(run)
    return sorted((r for r in runs if r), key=len, reverse=True)


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
    said = figure_sentences([r, *scores[:1]], english, year_first=False)  # the place asked for, first
    lines = [f"{s} [1]." for s in said] + [as_of_line([r, *scores[:1]], english)]
    citations = tuple(
        Citation(1, source_of(index, x.doc_id), _row_passage(index, x.doc_id, x.row)) for x in [r, *scores[:1]]
    )
    return Answer(q.question, "answered", "\n".join(lines), citations)


def _top_verdict(q: Query, rows: list[Figure], english: bool) -> str | None:
    """ "Phú Thọ có nằm trong top 5 PII không?": Có/Không, computed from the rank row."""
    m = re.search(r"\b(?:top|nhom|trong|dung dau)\s+(\d{1,2})\b", q.folded)
    first = re.search(r"\b(?:dan dau|dung dau|dung thu nhat|xep thu nhat)\b", q.folded)
    ranks = [r for r in rows if r.unit == "thứ hạng" and number(r.value) is not None]
    done = [r for r in rows if r.total and "hoan thanh" in folded(r.indicator) and number(r.value) is not None]
    if "yesno" in q.asks and done and re.search(r"\b(het|tat ca|toan bo|xong het|du)\b", q.folded):
        # "Cả nước đã hoàn thành hết nhiệm vụ … chưa?": all of them only when the count reaches its total.
        complete = number(done[0].value) >= number(done[0].total)
        return ("Yes." if complete else "Not yet.") if english else ("Đã hoàn thành hết." if complete else "Chưa.")
    if "yesno" not in q.asks or not (m or first) or not ranks:
        return None
    inside = number(ranks[0].value) <= (int(m.group(1)) if m else 1)
    return ("Yes." if inside else "No.") if english else ("Có." if inside else "Không.")


def _figure_score(r: Figure, terms: list[str], its: set[str]) -> float:
    """How well a reported figure answers the question, both ways round (F1): the row must be what the
    question asks ("bao nhiêu xã" → "Số xã", not "Tỷ lệ xã, phường có cáp quang"), and cover its words.
    The note counts towards covering the question ("sau nửa năm thực hiện…"), not towards precision.
    A term of the indicator that stands for question words ("đơn vị hành chính cấp xã" for "xã, phường",
    retrieval/data/figure_words.tsv) counts as those words on both sides."""
    syllables = content_syllables(_LEADING_GENERIC.sub("", r.indicator))
    words = set(syllables)
    asked = set(terms)
    covered = covered_words(r.indicator)
    matched = {w for w in words if w in asked}
    for term, stands_for in covered:
        if stands_for & asked:
            matched |= term & words
    context = words | set(content_syllables(r.note)) | {w for _, s in covered for w in s}
    recall = sum(t in context for t in terms) / len(terms)
    precision = len(matched) / max(len(words), 1)
    score = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    # What the indicator itself names counts more than what its note adds: "bao nhiêu đơn vị hành chính cấp
    # xã sau sắp xếp" is "Số đơn vị hành chính cấp xã", not "Số xã" whose note mentions the reorganisation.
    named = words | {w for _, s in covered for w in s}
    score += 0.2 * sum(t in named for t in terms) / len(terms)
    if recall < 0.5:
        return 0.0  # a row that leaves most of the question unsaid ("điểm trụ cột thể chế") is no answer
    if "rank" in its and r.unit == "thứ hạng":
        score += 0.25
    if "diem" in terms and r.unit == "điểm":
        score += 0.25
    if "rate" in its and r.total and "hoan thanh" in folded(r.indicator):
        score += 0.25
    # Between rows that answer as well, the one whose own words are the question's ("Số xã" for "bao
    # nhiêu xã") comes before the one whose term stands for them ("Số đơn vị hành chính cấp xã").
    return score + 0.01 * sum(w in asked for w in words) / max(len(words), 1)


def _figure_words(r: Figure) -> set[str]:
    """The words `_figure_score` finds a question's terms in (its context: a row holding under half of them
    scores 0), so only rows that can score are scored."""
    covered = {w for _, stands_for in covered_words(r.indicator) for w in stands_for}
    return set(content_syllables(_LEADING_GENERIC.sub("", r.indicator))) | set(content_syllables(r.note)) | covered


def _target_count(index: LoadedIndex, q: Query, targets: list[Target]) -> Answer | None:
    """ "Phụ lục I có bao nhiêu chỉ tiêu đến năm 2030?", "Bộ KH&CN theo dõi mấy chỉ tiêu?": counted from
    the rows, by horizon and by the agency that monitors them; "11.1 … 11.12" are parts of target 11."""
    horizons = {str(y) for y in q.years} & {r.horizon for r in targets}
    rows = [r for r in targets if not r.parent and (not horizons or r.horizon in horizons)]
    agency = q.agencies[0] if q.agencies else None
    if agency:
        rows = [r for r in rows if folded(agency) in folded(r.agency)]
    if not rows:
        return None
    doc_id = rows[0].doc_id
    rows = [r for r in rows if r.doc_id == doc_id]
    title, n = index.documents[doc_id].title, len(rows)
    by = sorted({r.horizon for r in rows})
    counts = [(h, sum(r.horizon == h for r in rows)) for h in by]
    if q.language == "en":
        when = f" to {by[0]}" if len(by) == 1 else ""
        who = f" monitored by {english_name(agency)}" if agency else ""
        text = f"There {'is' if n == 1 else 'are'} {n} target{'s' if n != 1 else ''}{when}{who} in {title} [1]."
        if len(by) > 1:
            text += " Of these, " + ", ".join(f"{k} to {h}" for h, k in counts) + "."
    else:
        when = f" đến năm {by[0]}" if len(by) == 1 else ""
        who = f" do {agency} theo dõi" if agency else ""
        text = f"Có {n} chỉ tiêu{when}{who} trong {title} [1]."
        if len(by) > 1:
            text += " Trong đó " + ", ".join(f"{k} chỉ tiêu đến năm {h}" for h, k in counts) + "."
    citations = tuple(Citation(1, source_of(index, doc_id), _row_passage(index, doc_id, r.row)) for r in rows)
    return Answer(q.question, "answered", text, citations)


def _lower_first(text: str) -> str:
    """ "Quy mô kinh tế số" → "quy mô kinh tế số"; "GII" and "Việt Nam" stay as written."""
    return text[:1].lower() + text[1:] if len(text) > 1 and text[1].islower() and text[:2] != "Vi" else text


def _target_words(r: Target) -> tuple[str, ...]:
    return content_syllables(f"{r.indicator} {r.unit}")


def _target(index: LoadedIndex, q: Query, targets: list[Target]) -> Answer | None:
    terms = [t for t in dict.fromkeys(content_syllables(q.text)) if t not in {"chi", "tieu", "muc"}]
    if len(terms) < 2:
        return None
    best, best_score = None, 0.0
    can = WordIndex.of(index.cache, targets, "targets", _target_words).holding(terms, 1)
    # "… năm 2045?": a target of that horizon, when the register has one.
    horizons = {str(y) for y in q.years} & {r.horizon for r in targets}
    for r in (r for r in targets if id(r) in can and (not horizons or r.horizon in horizons)):
        words = set(content_syllables(f"{r.indicator} {r.unit}"))
        score = sum(t in words for t in terms) / len(terms)
        if score > best_score:
            best, best_score = r, score
    if best is None or best_score < 0.6:
        return None
    unit = "" if best.unit in ("", "Thứ bậc") or best.unit in best.target else best.unit
    target = best.target + (unit if unit.startswith("%") else f" {unit}" if unit else "")
    if q.language == "en":
        text = (
            f"Target by {best.horizon}: {target} — indicator {best.code}, {best.indicator}"
            + (f"; monitored by {english_name(best.agency)}" if best.agency else "")
            + " [1]."
        )
    else:
        # The value in the first clause: "Mục tiêu đến năm 2045: quy mô kinh tế số ≥ 50% GDP (chỉ tiêu 36)".
        what = _lower_first(best.indicator)
        said = f": {what} {target}" if best.value else f" về {what}: {_lower_first(target)}"
        text = (
            f"Mục tiêu đến năm {best.horizon}{said} (chỉ tiêu {best.code})"
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
