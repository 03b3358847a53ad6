"""Exact answers computed from registers and indicator tables: counts, lists, deadlines, rates, figures.

Used only when the question's slots resolve to rows (a known agency, commune, task, province or
indicator); everything else is answered by retrieval. Numbers here are computed, never recalled, and
every answer is worded from templates (task name, lead agency, deadline, status), never as a raw row.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import groupby, pairwise
from operator import attrgetter

import numpy as np

from . import data
from .access import is_public, sees_internal
from .english_lead import english_title
from .figures import as_of_line, covered_words, figure_sentences, said_in_english, span_en, span_of, span_words
from .index import LoadedIndex
from .models import Answer, Citation, Passage
from .query import Query, names_agency, unresolved_scope_words
from .question import (
    AGENCY_SEPARATORS,
    DUE_WORDS,
    UPCOMING_DAYS,
    asks_money,
    field_asked_span,
    find_names,
    folded,
    is_money_unit,
    merged_from,
    merged_into,
    parse_undated,
    province_names,
    split_agencies,
)
from .registers import Figure, Tables, Target, Task, number, tables
from .row_index import FigureRows, KeyWords, PairRows, TaskRows, WordIndex, docs_with_status, long_lived, narrow
from .scope import kind_leads_tasks, main_province
from .search import source_of
from .text import content_syllables, fold, has_diacritics, normalise, stop_syllables, syllables
from .verdict import (
    TaskRow,
    asked_comparison,
    asks_direction,
    asks_if_due,
    asks_if_reached,
    change_verdict,
    comparison_words,
    figure_verdict,
    product_verdict,
    records_move,
    task_verdict,
)
from .verdict import word as verdict_word
from .vi import en_date, en_number, pct, vn_date, vn_number
from .wording import en_deadline, en_period, en_status, english_name, lower_level

LIST_LIMIT = 8  # a longer list continues behind "Xem thêm"
COUNT_EXAMPLES = 5  # a count is the answer; its first rows show what is counted, the rest behind "Xem thêm"
# One answer lists (in its text and behind "Xem thêm") and cites at most this many task rows; what it counts
# is counted over every row. A clerk reads a few hundred lines, not the 4,900 of one agency at 100× the
# registers: the rest are left in the cited registers, and the answer says so (`FULL_LIST_VI`/`_EN`); a
# register past the limit shows its count alone. The largest built-in register (140 rows) is listed whole.
LISTED_ROWS = 200
FULL_LIST_VI = "đủ danh sách ở nguồn đã dẫn"
FULL_LIST_EN = "the full list is in the sources cited"
TITLE_CHARS = 90  # a task name is cut here in a list line (at a word): the row itself is cited
MIN_FIGURE_SCORE = 0.5
_LEADING_GENERIC = re.compile(r"^\s*(Số|Tổng số|Tỷ lệ|Tỉ lệ|Mức)\s+", re.IGNORECASE)
DONE = "Hoàn thành"
STATUS_EN = {
    "Hoàn thành": "completed",
    "Đang thực hiện": "in progress",
    "Chưa thực hiện": "not started",
    "Đã hủy": "cancelled",  # asked about, never recorded (question.parse_status)
    "Tạm dừng": "suspended",
}
# Words that ask *about* a task rather than name it: they must not decide which task is meant.
_ASKING = set(
    "co quan don vi nao ai chu tri phoi hop thoi han han khi bao gio luc nhiem vu viec giao la "
    "xay dung ban hanh hoan thien trinh sua doi bo sung thuc hien trien khai xong truoc ngay nao phai nop minh".split()
)

__all__ = ["DONE", "Tables", "answer_exact", "department_tasks", "tables"]


# "tiến độ … thế nào", "tình trạng": progress asked of the tasks counted (a register recording none says so)
_STATUS_ASKED = re.compile(r"\b(?:tinh trang|tien do|the nao roi|sao roi|ra sao roi|den dau roi|toi dau roi)\b")
# "nhiệm vụ xã bị quá hạn", "việc phường nào chưa xong": the commune level, no commune named
_AFTER_LEVEL = r"(?:bi|da|dang|con|qua|chua|nao|gi|co)"  # what follows the level word, not a commune's name
_COMMUNE_LEVEL = re.compile(rf"\b(?:nhiem vu|viec) (?:cap )?(?:xa|phuong)(?: {_AFTER_LEVEL}\b|\W*$)")
# words that name no scope the slots missed: "số nhiệm vụ" (no "Sở"), the whole province, the commune level
_WHOLE_SCOPE = re.compile(
    r"\bso (?:luong )?(?=nhiem vu|viec)|\b(?:toan|ca|tren dia ban) tinh\b"
    rf"|(?<=\bnhiem vu )(?:cap )?(?:xa|phuong)\b(?= {_AFTER_LEVEL}\b|\W*$)"
)


def answer_exact(index: LoadedIndex, q: Query) -> Answer | None:
    f, its = q.folded, set(q.intents)
    if _asks_a_person(f):
        return None  # "phó thủ tướng nào nói còn 286 nhiệm vụ": registers record bodies, not who said what
    compared = asked_comparison(f) if "yesno" in q.asks else None  # "Phú Thọ có 150 xã phải không?"
    if compared and compared.unit == "nhiem vu":
        its.add("count")  # "Bộ Tài chính chủ trì hơn 20 nhiệm vụ phải không?": the count compared
    t = tables(index, q.role)
    agencies, communes, period = list(q.agencies), list(q.communes), q.period
    # "bao nhiêu doanh nghiệp công nghệ số": a body right after the counting words is what is counted, not a
    # body asked about (a register may name "doanh nghiệp công nghệ số" as a task's partner)
    agencies = [a for a in agencies if not _counted(a, f)]
    registers_named = {d for d in q.documents if _is_register(index, d)}
    group = _group_named(q.folded)  # "Nhóm VII hợp tác quốc tế gồm bao nhiêu nhiệm vụ?"
    if _GROUPS_ASKED.search(f) and not group:  # "NQ 03 có bao nhiêu nhóm nhiệm vụ?"
        found = _group_count(index, q, t, registers_named | _appendix_named(index, q))
        if found:
            return found
    units = _UNITS_ASKED.search(f)  # "các phường nào có trong sổ": the units the commune register holds
    if units and q.language != "en":
        return _units_held(index, q, t, wards=not re.search(r"\bxa\b", units[0]))
    all_communes = bool(re.search(r"\b(cac|nhung) (xa|phuong)\b|\bcap xa\b", f) or _COMMUNE_LEVEL.search(f))
    # "Phú Thọ có bao nhiêu nhiệm vụ hạn năm 2026", "… quá hạn": deadlines are kept by the province's own
    # register (its communes' tasks), not by the reported progress figures, which carry no deadlines
    tracked_here = (DUE_WORDS.search(f) and period is not None) or {"overdue", "upcoming"} & its
    typed = fold(q.question.lower())
    tracked_here = tracked_here or re.search(r"\b(?:register|so theo doi|so nhiem vu)\b", typed)  # "phu tho register"
    # (the province asked about, not a body's: "Tổ giúp việc Ban Chỉ đạo tỉnh Phú Thọ" keeps its own notes)
    provinces = [p for p in q.provinces if not re.search(rf"{_BODY_OF_PROVINCE}{re.escape(folded(p))}\b", f)]
    own = _province_registers(index, provinces) if tracked_here and not (agencies or communes) else set()
    if own and re.search(r"\b(?:nhiem vu|viec|task)", f):
        registers_named |= own
        all_communes = True
    named_slot = bool(agencies or communes or registers_named or all_communes or group)
    if period or named_slot:  # "Trong Phụ lục II có nhiệm vụ nào hạn tháng 11/2025": that register's rows only
        registers_named |= _appendix_named(index, q)
    # "p. Âu Cơ quý 1 phải nộp gì": a commune and a period ask for its tasks; "… là ngày nào?" asks one date.
    by_period = period is not None and ("nhiem vu" in f or (communes and not {"when", "yesno"} & set(q.asks)))
    asks_tasks = bool({"count", "list", "overdue", "upcoming", "open"} & its) or by_period
    # a product or partners asked about a task ("sản phẩm của nhiệm vụ …", a commune's task, a task code),
    # not "sản phẩm công nghệ cao" in a resolution's target
    about_tasks = (
        "nhiem vu" in f or bool(communes) or bool(re.search(r"\b[a-z]{2,4}\d*-[a-z]*-?\d+\b", q.question.lower()))
    )
    if "deadline" in its and _asks_a_start(f):
        its.discard("deadline")  # "cơ sở dữ liệu … vận hành khi nào": when it began, not a task's deadline
    one_field = {"lead", "deadline"} & its | ({"product", "partner"} & its if about_tasks else set())
    # "nhiệm vụ … đã xong chưa", "tình trạng PT-AUCO-05", "hạn của nhiệm vụ …": one field of one task, however
    # asked — of a task, a commune's task or a body's ("Bộ Công an đã hoàn thành … chưa")
    if q.task_field and (about_tasks or (q.task_field == "status" and agencies)) and not {"count", "list"} & its:
        one_field.add(q.task_field)
    if one_field and "count" not in its and not period:
        asks_tasks = False  # "… đến hạn nào?", "… do ai chủ trì?", "sản phẩm … là gì?" ask about one task
    if not named_slot and (
        q.documents  # "Đề án 204 hoàn thành bao nhiêu nhiệm vụ năm 2025?" is about that text, not a register
        or q.provinces  # "… của Phú Thọ phải làm gì" is about the province's reports
        or "nhiem vu" not in f
        or "hoan thanh" in f  # completion is reported progress; the national register records none
        or _reported_body(t, f)  # "… các cơ quan đảng năm 2025 có bao nhiêu nhiệm vụ đang thực hiện": reported
    ):
        asks_tasks = False

    # only a role asked ("chủ trì", "phối hợp", "được giao"), not reported progress ("đã hoàn thành bao nhiêu")
    role_asked = any(re.search(rf"\b{w}\b", f) for w, _, _ in _ROLES) and "hoan thanh" not in f
    # … or a task's progress or deadline ("UBND tỉnh có nhiệm vụ nào quá hạn", "Sở Công Thương còn mấy việc chưa xong")
    tracked = bool({"overdue", "upcoming", "open"} & its) or q.status in (
        "unfinished",
        "Chưa thực hiện",
        "Đang thực hiện",
    )
    about = re.search(r"\b(?:nhiem vu|viec)\b", f)
    body = _unregistered_body(q) if about and (({"count", "list"} & its and role_asked) or tracked) else None
    if body:  # "Sở KH&CN Phú Thọ chủ trì mấy nhiệm vụ": no register lists that body's tasks
        return _no_register_of(index, q, t, body)
    helps = bool(re.search(r"\bphoi hop\b", f) and not re.search(r"\bchu tri\b", f))
    if agencies and asks_tasks and not helps and not kind_leads_tasks(index, q.role, agencies[0]):
        # "Sở Nội vụ chủ trì nhiệm vụ nào?": no register records tasks a department leads; it is only a partner
        return _no_register_of(index, q, t, folded(agencies[0]), partner=agencies[0])
    # one task's deadline vs today — a task named as such, by its code or of a commune ("tài khoản … hết hạn
    # không?" asks about an account, not a task)
    task_named = bool(re.search(r"\b(?:nhiem vu|viec|task|bao cao)\b", f) or communes or re.search(r"\w+-\d+", f))
    if "yesno" in q.asks and task_named and asks_if_due(f"{f} {fold(q.question.lower())}"):
        found = _due_task(index, q, t)
        if found:
            return found
    if not ({"lead", "deadline", "product", "partner", "count", "overdue", "upcoming", "open", "rate"} & its):
        if "yesno" not in q.asks and (named := _one_code_named(index, q, t)):
            return _one_task(index, replace(q, intents=()), named)  # "NQ03-133 là nhiệm vụ gì": that row
    if "yesno" in q.asks and (agencies or q.bodies) and not {"count", "list"} & its:
        found = _task_by_code(index, q, t)  # "NQ03-106 do Bộ Tài chính chủ trì phải không?": that row decides
        if found:
            return found
    if "yesno" in q.asks and period and not (agencies or communes) and not {"count", "list"} & its:
        found = _task_in_period(index, q, t)  # "nhiệm vụ danh mục công nghệ chiến lược có hạn năm 2025 không?"
        if found:
            return found
    if communes and ("rate" in its or ("yesno" in q.asks and _asks_all_done(f))):
        return _commune_rate(index, q, t, communes)
    wants_target = "target" in its or re.search(r"\b(den|tam nhin) nam 20[3-4]\d\b", f)
    # "cả nước", "toàn quốc", "nationwide": the national figures, as a province's are read for a province.
    # … and "Việt Nam" itself ("how many digital technology enterprises does vietnam have"), unless it ends
    # the name of a body ("Ngân hàng Nhà nước Việt Nam")
    national = re.search(r"\b(ca nuoc|toan quoc|viet nam)\b", f) and not q.provinces and not agencies
    all_done = "yesno" in q.asks and re.search(r"\bhoan thanh (het|tat ca|toan bo)\b", f)  # "… hết … chưa?"
    figure_question = {"rate", "rank", "figure", "count"} & its or ((q.provinces or national) and all_done)
    figure_question = figure_question or bool(compared and (compared.unit or compared.op != "="))
    # "dân số phú thọ năm 2020": a measure, a place and a year, nothing else asked — the year is checked
    year_only = not figure_question and bool(q.years and not its and not q.documents)
    figure_question = figure_question or year_only
    if "yesno" in q.asks and len(set(q.provinces) - {"Toàn quốc"}) >= 2 and not agencies and not communes:
        found = _places_compared(index, q, t.figures)  # "TP HCM hơn Quảng Ninh về điểm PII 2025 đúng không"
        if found:
            return found
    places = _places_named(q)
    compares = bool(_AHEAD.search(f) or _BEHIND.search(f) or re.search(r"\bso sanh\b", f))
    if len(places) >= 2 and not (agencies or communes or wants_target) and (figure_question or compares):
        found = _places_side_by_side(index, q, t.figures, places, compares)  # "Quảng Ninh với Hải Phòng tỉnh nào …"
        if found:
            return found
    if (q.provinces or national) and not (agencies or communes or own or wants_target) and figure_question:
        # "Phú Thọ xếp thứ mấy toàn quốc": the province is the place, "toàn quốc" whom it ranks among.
        place = next((p for p in q.provinces if p != "Toàn quốc"), q.provinces[0] if q.provinces else "Toàn quốc")
        # … a measure asked by its words alone must be all of a row's words: "phương châm năm 2026 của Phú
        # Thọ" is no "Số phường" (folded alike), said to lack 2026
        found = _figures(index, q, t.figures, place, whole=year_only)
        if found:
            return found
    if not q.provinces and not agencies and not communes:
        found = _top_ranks(index, q, t.figures) or _who_ranks(index, q, t.figures)
        if found:
            return found
    year_asked = re.search(r"(?<![/\d-])20\d\d\b", f) and "when" not in q.asks  # not "nđ 69/2024 ban hành ngày mấy"
    # "bao nhiêu nhiệm vụ hạn năm 2028", "how many tasks are due in 2028": the registers' deadlines are counted
    due_in_year = asks_tasks and period is not None
    if (
        year_asked
        and not (q.provinces or national or agencies or communes or wants_target or due_in_year)
        and (figure_question)
    ):
        # "how many laws were passed in 2024 for res 57": the national figure is of 2025 — a year the rows do
        # not hold is said, not answered with another year's figure (the prose path would quote that row)
        found = _figures(index, q, t.figures, "Toàn quốc", whole=True)  # a row of that very measure only
        if found and found.status == "not_found" and found.text.startswith(_NO_YEAR):
            return found
    product = _asked_product(f, t.tasks) if {"count", "list"} & its else None
    topic = (
        None
        if product
        else _topic(index, q)
        if {"count", "list"} & its or (asks_tasks and (named_slot or period))
        else None
    )
    # "việc nào không có hạn", "nhiệm vụ thường xuyên": the rows by how their deadline is written, no topic
    undated = parse_undated(f) if re.search(r"\b(?:nhiem vu|viec)\b", f) else None
    if undated:
        topic = None
    if (topic or product or undated) and re.search(r"\b(?:nhiem vu|viec)\b", f):
        asks_tasks = True
    # "nhiệm vụ nào quá hạn?" names no slot: every register is asked — unless it names a place or body
    # the slots did not resolve ("huyện Tân Sơn …"): that is a scope the registers may not cover.
    # a level or body the slots did not resolve ("huyện Tân Sơn …"): a scope the registers may not cover
    scope_missed = bool(unresolved_scope_words().search(_WHOLE_SCOPE.sub(" ", f)))
    unscoped = {"overdue", "upcoming", "open"} & its and not scope_missed
    narrowed = agencies or communes or period or topic or product or undated or group or all_communes or q.status
    if not narrowed and re.search(r"\b(?:chu tri|phoi hop)\b", f) and not unscoped:
        # "Cục Thuế phối hợp nhiệm vụ nào trong NQ 03": a body no register names; the whole list answers nothing
        asks_tasks = False
    what_is = re.search(r"\bla (?:nhiem vu |viec |cai )?gi\b", f)  # "NQ03-133 là nhiệm vụ gì": one task, no list
    coded = _coded_task(index, q, t) if not {"count", "yesno"} & {*its, *q.asks} else None
    coded = None if "list" in its and not what_is else coded
    # ("đã xong chưa" asks one task's status, not for the finished ones)
    if coded is not None and not ((q.status and q.task_field != "status") or unscoped or product or undated):
        # "Nhiệm vụ «…» (PT-VTRI-04, Phường Việt Trì) ai phối hợp?": the task its code names, whatever the
        # commune beside it, answered first with what was asked, not the commune's list
        return _one_task(index, q, coded)
    statused = q.status and not scope_missed  # "việc nào chưa bắt đầu"
    if asks_tasks and (named_slot or period or topic or product or unscoped or undated or statused):
        ix = TaskRows.of(index.cache, t.tasks)
        selected = None  # positions in t.tasks; None: every row
        if product:  # "bao nhiêu nhiệm vụ có sản phẩm là nghị định": the rows whose product holds it
            selected = [i for i, r in enumerate(ix.tasks) if product in folded(r.output)]
        if topic:
            selected = narrow(selected, (ix.position[k] for k in topic[1] if k in ix.position))
        if undated:
            selected = narrow(selected, (i for i, r in enumerate(ix.tasks) if _without_date(r, undated)))
        if registers_named:
            selected = narrow(selected, (i for d in registers_named for i in ix.by_doc.get(d, ())))
        if all_communes and not communes:
            selected = narrow(selected, ix.with_commune)
            if _wards_only(f):  # "các phường": the wards, not the communes ("các xã" is the level, both)
                selected = [i for i in selected if folded(ix.tasks[i].commune).startswith("phuong ")]
        if group:
            selected = narrow(selected, ix.by_group.get(group, ()))
        about = topic[0] if topic else None
        known_as = _known_as(index, q) if (communes or all_communes) and not topic else None
        if known_as:  # "phường Việt Trì có việc gì liên quan đến Đề án 06": the commune's rows that name it
            written = folded(known_as)
            selected = narrow(
                selected, (i for i, r in enumerate(ix.tasks) if written in folded(f"{r.title} {r.output}"))
            )
            about = known_as
        asked_product = _spelled_as_asked(q, product)
        if asked_product:  # "sản phẩm là luat cua quoc hoi": echoed as the register writes it
            asked_product = _as_written(asked_product, (ix.tasks[i].output for i in selected or ()))
        about = _undated_words(undated, (ix.tasks[i].deadline for i in selected or ())) if undated else about
        answer = _tasks(index, q, ix, selected, agencies, communes, group, about, asked_product, bool(undated))
        answer = _only_own_register(index, q, own, answer) if answer and own else answer
        return _unrelated_document(index, q, _superseded_scope(index, q, answer)) if answer else None
    # a commune's task by its description: an agency the description names ("… chuẩn hóa Trung tâm Phục vụ hành
    # chính công đến bao giờ") is part of it, not whose tasks are asked
    described = {"product", "partner", "status"} & one_field or not agencies or communes
    if one_field and "count" not in its and described and not all_communes:
        ix = TaskRows.of(index.cache, t.tasks)
        allowed = {(ix.tasks[i].doc_id, ix.tasks[i].row) for i in ix.of_communes(communes)} if communes else ix.keys
        found = _task_lookup(index, q, allowed)
        if found or not communes:
            return found
        if one_field == {"status"}:
            return None  # "… đến đâu rồi" of no row found: the prose may still say where it stands
        if agencies and not {"product", "partner"} & one_field:
            return None  # looked up only because a commune is named: the text may still say it
        # A commune's task the role cannot see (or that does not exist) is not replaced by another one.
        text = (
            f"The available data has no such task for {', '.join(communes)}."
            if q.language == "en"
            else f"Dữ liệu hiện có không có nhiệm vụ này của {', '.join(lower_level(c) for c in communes)}."
        )
        return Answer(q.question, "not_found", text)
    if re.search(r"\b(?:bao nhieu|may|tong so|so luong)\s+chi tieu\b", f) and t.targets:
        return _target_count(index, q, t.targets)
    if agencies and _TARGETS_LISTED.search(f) and t.targets:  # "Ngân hàng Nhà nước theo dõi những chỉ tiêu nào"
        return _target_count(index, q, t.targets, listed=True)
    if "chi tieu" in f:
        return _target(index, q, t.targets)
    return None


# What a body does with a task: leading it is not managing, following or helping with it.
_ROLES = (
    ("chu tri", "do {} chủ trì", "led by {}"),
    ("phoi hop", "{} phối hợp", "{} helps with"),
    ("quan ly", "do {} quản lý", "managed by {}"),
    ("theo doi", "do {} theo dõi", "followed by {}"),
    ("phu trach", "do {} phụ trách", "in the charge of {}"),
    ("duoc giao", "giao cho {}", "assigned to {}"),
    ("giao", "giao cho {}", "assigned to {}"),
)  # "thực hiện" is left out: "đang thực hiện" is a task's status


_LEVEL_WORDS = {"tinh": "tỉnh", "xa": "xã", "phuong": "phường", "huyen": "huyện", "thanh pho": "thành phố"}


def _spelled_body(q: Query, body: str) -> str:
    """ "uy ban nhan dan tinh" typed without diacritics → "Ủy ban nhân dân tỉnh Phú Thọ": the kind and the
    level spelled, the province the question names after a province-level body."""
    from .query import body_head_spelling

    head, spelled = body_head_spelling(body)
    rest = body[len(head) :].split()
    # "… xa xuan dai": the commune the body belongs to, as the registers write it ("xã Xuân Đài")
    commune = next((c for c in q.communes if body.endswith(" " + folded(c))), None)
    if commune:
        rest = rest[: -len(folded(commune).split())]
    words = [_LEVEL_WORDS.get(w, w) for w in rest] if not commune else rest
    if rest and rest[-1] == "tinh" and q.provinces:
        words.append(q.provinces[0])
    if commune:
        words.append(commune[:1].lower() + commune[1:])
    text = " ".join([spelled, *words]).strip()
    return text[:1].upper() + text[1:]


def _unregistered_body(q: Query) -> str | None:
    """A body the question names that no register row names ("Sở Khoa học và Công nghệ"): the registers
    cannot count its tasks. Agencies and communes the registers know (even only as partners: "Sở Nội vụ"
    is covered, it leads nothing) are resolved into `q.agencies`."""
    if q.agencies:
        return None
    # "Phòng Văn hóa - Xã hội xã Xuân Đài phối hợp việc gì": a body no register names, though its commune is known
    return next((b for b in q.bodies if names_agency(b)), None)


def _no_register_of(index: LoadedIndex, q: Query, t: Tables, body: str, partner: str | None = None) -> Answer:
    """Said first, status not_found: no register lists the body's tasks; then the tasks a register names it
    a partner of (`partner`: its name in the registers), what the registers cover and, when a figure of the
    province counts tasks, that figure — unless it states this very count (the same role: "chủ trì" is not
    "quản lý"), which is then the answer."""
    from .scope import scope_name

    english = q.language == "en"
    name = _spelled_body(q, body) if not has_diacritics(scope_name(q, body)) else scope_name(q, body)
    if body.startswith("so "):
        ministry = t.agencies.get("bo " + body[3:])
        if ministry:
            name = "Sở " + ministry.removeprefix("Bộ ")  # "Sở Khoa học và Công nghệ", spelled as the ministry is
    asked, vi_role, en_role = next((r for r in _ROLES if re.search(rf"\b{r[0]}\b", q.folded)), _ROLES[0])
    nearest = None
    for place in q.provinces or ():
        found = _figures(index, q, t.figures, place)
        if found is not None and found.status == "answered" and "nhiệm vụ" in found.text:
            if re.search(rf"\b{asked}\b", folded(found.text)):
                return found  # a source states this count for this role
            nearest = found
            break
    registers = sorted({r.doc_id for r in t.tasks})
    shown = [(d, row) for d in registers if (row := _first_public_row(index, d)) is not None or q.sees_internal]
    citations = [
        Citation(n, source_of(index, d), _row_passage(index, d, row or 0)) for n, (d, row) in enumerate(shown, 1)
    ]
    kept = "; ".join(f"{index.documents[d].title} [{n}]" for n, (d, _) in enumerate(shown, 1))
    whose_en, whose = en_role.format(english_name(name)), vi_role.format(name)
    if english:
        lines = [f"The available data has no task list of {english_name(name)}: no tasks {whose_en} can be counted."]
    else:
        lines = [f"Dữ liệu hiện có không có danh sách nhiệm vụ của {name}, nên không đếm được nhiệm vụ {whose}."]
    helped = [r for r in t.tasks if _mentions(r.partners, partner)] if partner else []
    if helped:  # what the registers do say of it, before what they hold: it helps with these
        number_of = {d: n for n, (d, _) in enumerate(shown, 1)}
        k = len(helped)
        lines.append(
            f"{english_name(name)} is recorded only as a partner, in {k} task{'s' if k != 1 else ''}:"
            if english
            else f"{name} chỉ được ghi là cơ quan phối hợp của {k} nhiệm vụ:"
        )
        lines.extend(
            f"{i}. {_task_line(r, True, None, [], english)} [{number_of.get(r.doc_id, len(shown) + 1)}]"
            for i, r in enumerate(helped[:LIST_LIMIT], 1)
        )
        citations += [_cite(index, r, number_of) for r in helped]
    if kept:
        lines.append(f"The task registers it holds: {kept}." if english else f"Các sổ nhiệm vụ hiện có: {kept}.")
    if nearest is not None:
        shift = len(citations)
        body_text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m[1]) + shift}]", nearest.text)
        lines.append(("The nearest figure it has: " if english else "Số liệu gần nhất có: ") + body_text)
        citations += [replace(c, number=c.number + shift) for c in nearest.citations]
    return Answer(q.question, "not_found", "\n".join(lines), tuple(citations))


_UNIT = r"(?:xa|phuong)(?:,? (?:xa|phuong))?"
_UNITS_ASKED = re.compile(
    rf"^(?:(?:cac|nhung) )?{_UNIT} (?:nao )?(?:co )?(?:o )?trong so(?: nhiem vu)?(?: cap xa)?\W*$"
    rf"|\bso\b(?: \S+){{0,4}} (?:co|gom|theo doi) (?:nhung|cac) {_UNIT} nao\W*$"
)


def _units_held(index: LoadedIndex, q: Query, t: Tables, wards: bool) -> Answer | None:
    """ "các phường nào có trong sổ", "sổ có những xã, phường nào": the communes and wards the register holds
    tasks of (the wards only, when only wards are asked), each cited by its first row."""
    first: dict[str, Task] = {}
    for r in t.tasks:
        if r.commune and (not wards or folded(r.commune).startswith("phuong ")):
            first.setdefault(r.commune, r)
    if not first:
        return None
    doc_id = next(iter(first.values())).doc_id
    kind = "phường" if wards else "xã, phường"
    text = f"{index.documents[doc_id].title} có {len(first)} {kind}: {', '.join(first)} [1]."
    return Answer(q.question, "answered", text, tuple(_cite(index, r, {doc_id: 1}) for r in first.values()))


_ABOUT_TASKS = re.compile(r"\b(?:nhiem vu|viec|nv|chu tri|phoi hop|duoc giao)\b")


def department_tasks(index: LoadedIndex, q: Query, department: str, ministry: str | None) -> Answer | None:
    """ "Sở Tài chính chủ trì bao nhiêu nhiệm vụ", "Sở Tài chính có nhiệm vụ gì trong sổ cấp xã": no register
    gives a provincial department (a Sở) tasks, said first (not_found); then, for reference, how many tasks its
    ministry leads in all the registers (`ministry`: the ministry's name, None when no register names it) —
    never a zero of the scope asked, which no ministry leads in. None when no tasks are asked about."""
    if not _ABOUT_TASKS.search(q.folded):
        return None
    english = q.language == "en"
    first = (
        f"The task registers assign no tasks to provincial departments, so none to {english_name(department)}."
        if english
        else f"Các sổ nhiệm vụ hiện có không giao nhiệm vụ cho các sở cấp tỉnh, nên không có nhiệm vụ của {department}."
    )
    t = tables(index, q.role)
    # "Sở Nội vụ phối hợp mấy nhiệm vụ": the ministry's tasks in that role; otherwise those it leads, or, leading
    # none, those it helps with
    helps = bool(re.search(r"\bphoi hop\b", q.folded) and not re.search(r"\bchu tri\b", q.folded))
    led = [r for r in t.tasks if ministry and not helps and _mentions(r.lead, ministry)]
    helped = [r for r in t.tasks if ministry and not led and _mentions(r.partners, ministry)]
    rows = led or helped
    if not rows:
        return Answer(q.question, "not_found", first)
    by_doc = Counter(r.doc_id for r in rows)
    number_of = {d: n for n, d in enumerate(by_doc, 1)}
    name = english_name(ministry) if english else ministry
    places = [
        f"{k} task{'s' if k != 1 else ''} in {english_title(index.documents[d].title)} [{number_of[d]}]"
        if english
        else f"{k} nhiệm vụ trong {index.documents[d].title} [{number_of[d]}]"
        for d, k in by_doc.items()
    ]
    if english:
        role = "leads" if led else "helps with" if helps else "leads no task; it helps with"
        line = f"For reference: {name} {role} {'; '.join(places)}."
    else:
        role = "chủ trì" if led else "phối hợp" if helps else "không chủ trì nhiệm vụ nào, phối hợp"
        line = f"Để tham khảo: {name} {role} {'; '.join(places)}."
    return Answer(q.question, "not_found", f"{first}\n{line}", tuple(_cite(index, r, number_of) for r in rows))


_PRODUCT_ASKED = re.compile(
    r"\bsan pham (?:la |: ?)?(?!cua\b|la\b|gi\b|nao\b)([a-z0-9/ -]+?)\s*(?:\?|$|\b(?:khong|vay|a|nhi)\b)"
)


def asked_filter(index: LoadedIndex, q: Query) -> str | None:
    """The product or topic a count or list of tasks is asked by, as the registers hold it ("bao nhiêu nhiệm
    vụ có sản phẩm là đề án", "có mấy nhiệm vụ về đô thị thông minh"); None when it asks by neither. Such a
    question says what it is about (retrieval/followup.py reads it as a question of its own)."""
    its = set(q.intents)
    if not {"count", "list"} & its:
        return None
    product = _asked_product(q.folded, tables(index, q.role).tasks)
    if product:
        return product
    topic = _topic(index, q)
    return topic[0] if topic else None


def _asked_product(f: str, tasks: list[Task]) -> str | None:
    """The product a count or list is asked by ("bao nhiêu nhiệm vụ có sản phẩm là Nghị định của Chính phủ"), folded,
    when some task's product holds it; None otherwise ("sản phẩm của nhiệm vụ … là gì" asks one task's)."""
    m = _PRODUCT_ASKED.search(f)
    phrase = m[1].strip() if m else ""
    if len(phrase) < 3 or not any(phrase in folded(r.output) for r in tasks):
        return None
    return phrase


def _spelled_as_asked(q: Query, phrase: str | None) -> str | None:
    """A folded phrase of the question as the question wrote it (its diacritics, its capitals)."""
    if phrase is None:
        return None
    typed = fold(q.question.lower()).find(phrase)
    if typed >= 0:
        return q.question[typed : typed + len(phrase)]
    start = fold(q.text).find(phrase)  # typed as an abbreviation ("NĐ"): the normalised words
    return q.text[start : start + len(phrase)] if start >= 0 else phrase


def _names_commune(agency: str, commune: str) -> bool:
    """ "UBND xã Xuân Đài", "Công an xã Tam Đảo" name their commune ("Xã Xuân Đài") in their own name."""
    return folded(agency).endswith(folded(commune))


def _wards_only(f: str) -> bool:
    return bool(re.search(r"\b(?:cac|nhung) phuong\b", f)) and not re.search(r"\bxa,? phuong|phuong,? xa\b", f)


def _is_register(index: LoadedIndex, doc_id: str) -> bool:
    return bool(index.documents[doc_id].columns)


def _only_own_register(index: LoadedIndex, q: Query, own: set[str], answer: Answer) -> Answer:
    """None of a province's tasks in its own register: the province's other tasks (reported, such as its
    163/167 of NQ 57) carry no deadline in the data, so "none due in 2027" is not known — said, not found."""
    zero = ("Không có nhiệm vụ nào ", "There are no tasks ", "No. There are no tasks ")
    if len(own) != 1 or not answer.text.startswith(zero):
        return answer
    title, place = index.documents[next(iter(own))].title, next(p for p in q.provinces if p != "Toàn quốc")
    if q.language == "en":
        rest = answer.text.split("There are no tasks ", 1)[1].replace(" in the available data", "")
        text = (
            f"The available data records no deadlines of {place}'s tasks outside {english_title(title)}; "
            f"that register has no tasks {rest}"
        )
    else:
        rest = answer.text.removeprefix(zero[0]).replace(" trong dữ liệu hiện có", "")
        text = (
            f"Dữ liệu hiện có không ghi hạn các nhiệm vụ của tỉnh {place} ngoài {title}; sổ này không có nhiệm vụ nào "
        )
        text += rest
    return replace(answer, status="not_found", text=text)


_BODY_OF_PROVINCE = r"\b(?:ban chi dao|to giup viec|ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|tinh uy) (?:tinh )?"


def _province_registers(index: LoadedIndex, provinces: Iterable[str]) -> set[str]:
    """The registers of these provinces' own units: a register titled "… tỉnh Phú Thọ" is Phú Thọ's."""
    names = {f"tinh {folded(p)}" for p in provinces if p != "Toàn quốc"}
    return (
        {d for d, doc in index.documents.items() if doc.columns and any(n in folded(doc.title) for n in names)}
        if names
        else set()
    )


# --- tasks -----------------------------------------------------------------------------------------


_GROUPS_ASKED = re.compile(r"\b(?:bao nhieu|may) nhom\b|\bgom nhung nhom\b|\bcac nhom nhiem vu\b")
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman(numeral: str) -> int:
    values = [_ROMAN.get(c, 0) for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _group_count(index: LoadedIndex, q: Query, t: Tables, named: set[str]) -> Answer | None:
    """How many groups a register sorts its tasks into, and how many tasks each holds: "Danh mục … gồm 7 nhóm
    nhiệm vụ (I–VII) [1]: nhóm I: 13 nhiệm vụ, nhóm II: 29, …". The register is the one named, or the one of
    the document named ("NQ 03" → the NQ 03 task list): the part of the id before its first "-"."""
    prefixes = {d.split("-")[0] for d in q.documents}
    named = named | {r.doc_id for r in t.tasks if r.doc_id.split("-")[0] in prefixes}
    rows = [r for r in t.tasks if r.doc_id in named and r.group]
    if not rows:
        return None
    doc_id = rows[0].doc_id
    tally = Counter(r.group.upper() for r in rows if r.doc_id == doc_id)
    groups = sorted(tally, key=_roman)
    english = q.language == "en"
    title = english_title(index.documents[doc_id].title) if english else index.documents[doc_id].title
    span = f"{groups[0]}–{groups[-1]}" if len(groups) > 1 else groups[0]
    unit = " tasks" if english else " nhiệm vụ"
    each = ", ".join(
        f"{'group' if english else 'nhóm'} {g}: {tally[g]}{'' if k else unit}" for k, g in enumerate(groups)
    )
    if english:
        text = f"{title[:1].upper()}{title[1:]} has {len(groups)} groups of tasks ({span}) [1]: {each}."
    else:
        text = f"{title} gồm {len(groups)} nhóm nhiệm vụ ({span}) [1]: {each}."
    row = 0 if sees_internal(q.role) else _first_public_row(index, doc_id)
    if row is None:
        return None
    return Answer(
        q.question, "answered", text, (Citation(1, source_of(index, doc_id), _row_passage(index, doc_id, row)),)
    )


def _group_named(f: str) -> str | None:
    m = re.search(r"\bnhom\s+(viii|vii|vi|iv|ix|v|i{1,3}|x)\b", f)
    return m[1].upper() if m else None


def _appendix_named(index: LoadedIndex, q: Query) -> set[str]:
    """A register named by the appendix its title gives ("Phụ lục II"): "Trong Phụ lục II có nhiệm vụ nào…"."""
    key = "registers_by_appendix"
    if key not in index.cache:  # per build: (appendix number, register) of each register its title numbers
        titled = [
            (doc_id, re.search(r"\bphu luc ([ivx]+)\b", folded(d.title))) for doc_id, d in index.documents.items()
        ]
        index.cache[key] = [(m[1], doc_id) for doc_id, m in titled if m and index.documents[doc_id].columns]
    return {doc_id for n, doc_id in index.cache[key] if re.search(rf"\bphu luc {n}\b", q.folded)}


def _unrelated_document(index: LoadedIndex, q: Query, answer: Answer) -> Answer:
    """ "Bộ Công an chủ trì mấy nhiệm vụ Đề án 06?": the tasks counted are a register's of another document (NQ 03's
    programme), not Đề án 06's — the data holds no task list of that document, said first, status not_found.
    A register of a document (its number) answers for that document and for the documents its text's title
    names ("… thực hiện Nghị quyết 57-NQ/TW"); a register of no document (the commune register) is left alone."""
    if answer.status != "answered":
        return answer
    from .search import mentioned_documents

    registers = {c.source.doc_id for c in answer.citations if _is_register(index, c.source.doc_id)}
    numbers = {index.documents[d].number for d in registers}
    if not registers or None in numbers or "" in numbers:
        return answer
    own = [d for d in index.documents.values() if d.number in numbers]
    related = {d.doc_id for d in own} | {m for d in own for m in mentioned_documents(index, d.title)}
    replaced = {d.superseded_by for d in own if d.superseded_by}  # said by _superseded_scope
    other = [
        index.documents[d]
        for d in sorted(q.documents)
        if d not in related and not _is_register(index, d) and index.documents[d].number not in replaced
    ]
    if not other:
        return answer
    doc = other[0]
    name = _short_name(doc)
    title = index.documents[sorted(registers)[0]].title
    text = (
        f"The available data has no task list of {name}; the tasks below are those of {english_title(title)}:"
        if q.language == "en"
        else f"Dữ liệu hiện có không có danh sách nhiệm vụ của {name}; các nhiệm vụ dưới đây là của {title}:"
    )
    return replace(answer, status="not_found", text=f"{text}\n{answer.text}")


def _known_as(index: LoadedIndex, q: Query) -> str | None:
    """The name a document the question names is known by ("Đề án 06", the end of its title), when a register
    of no document (the commune register) writes it in its rows: those rows are the document's tasks there."""
    for d in sorted(q.documents):
        doc = index.documents[d]
        m = re.search(r"\(([^()]+)\)\s*$", doc.title) if not _is_register(index, d) else None
        if m and any(
            not index.documents[r.doc_id].number and folded(m[1]) in folded(r.title)
            for r in tables(index, q.role).tasks
        ):
            return m[1]
    return None


def _short_name(doc) -> str:
    """ "Đề án 06 (Quyết định 06/QĐ-TTg)" from a title ending in the name it is known by, else its number."""
    m = re.search(r"\(([^()]+)\)\s*$", doc.title)
    kind = doc.title.split()[0:2]
    written = " ".join(kind) + f" {doc.number}" if doc.number else doc.title
    return f"{m[1]} ({written})" if m else written


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
    ix: TaskRows,
    selected: list[int] | None,
    agencies: list[str],
    communes: list[str],
    group: str | None = None,
    topic: str | None = None,
    product: str | None = None,
    undated: bool = False,
) -> Answer | None:
    """The tasks the question's slots select (`selected`: positions in `ix.tasks`, None for all), counted
    or listed. The row index narrows to the rows an agency, commune, period or overdue date can select;
    each slot's own test then decides, as it would over every row."""
    f, its, today, period = q.folded, set(q.intents), q.today, q.period
    english = q.language == "en"
    scope_bits: list[str] = [f"về {topic}"] if topic else [f"có sản phẩm «{product}»"] if product else []
    scope_en: list[str] = [f'on "{topic}"'] if topic else [f'with the output "{product}"'] if product else []
    if undated and topic:  # `topic` says how the deadlines are written: "không ghi thời hạn", "có thời hạn «…»"
        scope_bits, scope_en = [topic], [_UNDATED_EN.get(topic, f'with the deadline "{topic[15:-1]}"')]
    shared: list[Task] = []
    agency = agencies[0] if agencies else None
    overdue = "overdue" in its
    windowed = not ({"upcoming", "open"} & its)  # "sắp đến hạn" looks past its window for the next task due
    # "Công an xã Xuân Đài phối hợp mấy nhiệm vụ": helping with a task is not leading it
    partner = bool(agency and re.search(r"\bphoi hop\b", f) and not re.search(r"\bchu tri\b", f))
    if agency and not partner:
        shared = ix.rows(narrow(selected, ix.shared))
        selected = narrow(selected, ix.of_agency(agency))
    if communes:
        selected = narrow(selected, ix.of_communes(communes))
    before_period = selected
    if period and windowed:
        selected = narrow(selected, ix.due(period.start, period.end))
    if overdue and windowed:
        selected = narrow(selected, ix.due_before(today))
    rows = ix.rows(selected)
    if partner:
        rows = [r for r in rows if _mentions(r.partners, agency)]
        scope_bits.append(f"có {agency} phối hợp")
        scope_en.append(f"with {english_name(agency)} as a partner")
    elif agency and len(agencies) > 1 and re.search(r"\b(?:cung|dong) chu tri\b", f):
        # "nhiệm vụ nào do Bộ Công an và Bộ Tài chính cùng chủ trì": the rows whose lead names every one
        rows = [r for r in rows if all(_mentions(r.lead, a) for a in agencies)]
        scope_bits.append(f"do {' và '.join(agencies)} cùng chủ trì")
        scope_en.append(f"led jointly by {' and '.join(english_name(a) for a in agencies)}")
        agency = None  # each line names its leads
    elif agency:  # the rows `ix.of_agency` selected above: those whose lead `_mentions` the agency
        scope_bits.append(f"do {agency} chủ trì")
        scope_en.append(f"led by {english_name(agency)}")
    if communes:
        rows = [r for r in rows if r.commune in communes]
        # "do UBND xã Xuân Đài chủ trì" already says whose: no "của Xã Xuân Đài" after it
        if not (agency and all(_names_commune(agency, c) for c in communes)):
            scope_bits.append("của " + ", ".join(lower_level(c) for c in communes))
            scope_en.append("of " + ", ".join(communes))
    elif _wards_only(f) and rows and all(folded(r.commune).startswith("phuong ") for r in rows):
        scope_bits.append("của các phường")
        scope_en.append("of the wards")
    if group:
        scope_bits.append(f"thuộc nhóm {group}")
        scope_en.append(f"in group {group}")
    unwindowed = rows
    if period:
        rows = [r for r in rows if period.holds(r.deadline, r.due_date)]
        if "upcoming" not in its:
            scope_bits.append(f"có hạn {period.label}")
            scope_en.append(f"due {en_period(period.label)}")
    done_hidden: list[Task] = []
    late: list[Task] = []  # unfinished tasks overdue before the period asked, said after a zero count
    everything = tables(index, "official").tasks
    recorded = docs_with_status(index.cache, everything)  # registers that record progress
    before = rows  # what a status asked of registers recording none is said of (`_status_not_recorded`)
    next_due: Task | None = None
    if {"upcoming", "open"} & its:
        # "sắp đến hạn": not finished, due from today to UPCOMING_DAYS ahead; "còn hạn": not finished, not past
        pending = [r for r in unwindowed if r.status != DONE and r.due_date and r.due_date >= today]
        horizon = period.end if period and "upcoming" in its else today + timedelta(days=UPCOMING_DAYS)
        if "upcoming" in its:
            rows = [r for r in pending if r.due_date <= horizon]
            later = sorted((r for r in pending if r.due_date > horizon), key=lambda r: (r.due_date, r.row))
            next_due = later[0] if later else None
            label = period.label if period else f"{UPCOMING_DAYS} ngày tới"
            scope_bits.append(f"sắp đến hạn trong {label}")
            scope_en.append(f"due within the next {UPCOMING_DAYS} days (by {en_date(horizon)})")
        else:
            rows = pending
            scope_bits.append(f"còn hạn (chưa hoàn thành, hạn từ {vn_date(today)} trở đi)")
            scope_en.append(f"still open (not completed, due on or after {en_date(today)})")
        overdue = False
    elif overdue:
        rows = [r for r in rows if r.due_date and r.due_date < today and r.status != DONE]
        scope_bits.append(f"đã quá hạn tính đến {vn_date(today)}")
        scope_en.append(f"overdue as of {en_date(today)}")
    elif (
        q.status
        and not (rows := [r for r in rows if r.doc_id in recorded])
        and (unrecorded := [r for r in before if r.doc_id not in recorded])
    ):
        return _status_not_recorded(index, q, unrecorded, " ".join(scope_bits), " ".join(scope_en))
    elif q.status == "unfinished" or (communes and re.search(r"\b(phai lam|can lam|lam gi)\b", f)):
        done_hidden = [r for r in rows if r.status == DONE]
        rows = [r for r in rows if r.status != DONE]
        if period and period.start and communes:  # "… phải làm gì năm 2026": what is overdue is still to do
            late = [
                r
                for r in ix.rows(before_period)
                if r.commune in communes
                and (not agency or _mentions(r.lead, agency))
                and r.status != DONE
                and r.due_date
                and r.due_date < min(today, period.start)
            ]
        scope_bits.append("chưa hoàn thành")
        scope_en.append("not yet completed")
    elif q.status:
        rows = [r for r in rows if r.status == q.status]
        scope_bits.append(f"ở trạng thái «{q.status.lower()}»")
        scope_en.append(STATUS_EN.get(q.status, q.status))
    by_doc: dict[str, list[Task]] = {}
    # "nhiệm vụ nào quá hạn?": the registers that record progress answer first; one that records none follows.
    progress_asked = overdue or bool(q.status) or bool({"upcoming", "open"} & its)
    if progress_asked:
        rows = _in_order(ix, [r for r in rows if r.doc_id in recorded]) + _in_order(
            ix, [r for r in rows if r.doc_id not in recorded]
        )
    else:
        rows = _in_order(ix, rows)
    by_doc.update((doc_id, list(run)) for doc_id, run in groupby(rows, attrgetter("doc_id")))  # one run each
    what = " ".join(scope_bits)
    what_en = " ".join(scope_en)
    if not by_doc:
        # "trung tâm phục vụ hành chính công làm những việc gì": what the body does, in prose — not when a
        # role, a status or a deadline is asked ("… chủ trì những việc nào sắp hết hạn?" is about tasks)
        about_tasks = re.search(r"\b(?:nhiem vu|tasks?|chu tri|phoi hop|duoc giao)\b", f)
        if not about_tasks and its <= {"list"} and not q.status and agencies and not communes and not period:
            return None
        only_lead = agency and not partner and not (period or overdue or q.status or topic or group)
        # "Bộ Tư pháp chủ trì mấy nhiệm vụ": none, and what it does do — the tasks it helps with
        helped = [r for r in ix.tasks if _mentions(r.partners, agency)] if only_lead and windowed else []
        return _no_tasks(index, q, ix, what, what_en, done_hidden, communes, next_due, agency, helped, late)
    citations: list[Citation] = []
    lines: list[str] = []
    more: list[str] = []
    number_of = {doc_id: n for n, doc_id in enumerate(by_doc, start=1)}
    parts = _line_parts(index, ix)
    carried = unlisted = 0  # rows listed, in the text or behind "Xem thêm" (at most LISTED_ROWS), and not
    for n, (doc_id, doc_rows) in enumerate(by_doc.items(), start=1):
        doc = index.documents[doc_id]
        source = source_of(index, doc_id)
        has_status = doc_id in recorded
        count = len(doc_rows)
        if english:
            head = f"There {'is' if count == 1 else 'are'} {count} task{'s' if count != 1 else ''} {what_en}".rstrip()
            head += f" in {english_title(doc.title)} [{n}]" + _quarter_part(period, doc_rows, english=True)
            if overdue and not has_status:
                head = (
                    f"{count} task{'s' if count != 1 else ''} {' '.join(b for b in scope_en if 'overdue' not in b)}"
                    f" in {english_title(doc.title)} had reached {'its' if count == 1 else 'their'} deadline by"
                    f" {en_date(today)}"
                    f" [{n}] (the register records no progress, so none is called overdue)"
                ).replace("  ", " ")
        else:
            # The number first: "Có 17 nhiệm vụ do Bộ Tài chính chủ trì theo Danh mục …".
            head = f"Có {count} nhiệm vụ {what} theo {doc.title} [{n}]".replace("  ", " ")
            if overdue and not has_status:
                head = (
                    f"Có {count} nhiệm vụ {' '.join(b for b in scope_bits if 'quá hạn' not in b)}"
                    f" đã đến hạn tính đến {vn_date(today)} theo {doc.title} [{n}] (chưa có dữ liệu tình trạng:"
                    " nguồn không ghi nhiệm vụ nào đã hoàn thành hay chưa)"
                ).replace("  ", " ")
            elif not has_status and (progress_asked or _STATUS_ASKED.search(f)):
                # said where progress is asked ("… tiến độ thế nào"), not under "X chủ trì mấy nhiệm vụ"
                head += " (nguồn không ghi tình trạng thực hiện)"
            head += _quarter_part(period, doc_rows)
            if agency and "count" in its and not partner:
                solo = len(_led_alone(index, ix).intersection(map(id, doc_rows)))
                if solo != count:
                    head += f", trong đó {solo} nhiệm vụ chủ trì một mình, {count - solo} nhiệm vụ đồng chủ trì"
        if n == 1 and "yesno" in q.asks:  # "Bộ Tài chính chủ trì hơn 20 nhiệm vụ phải không?": the count compared
            verdict = figure_verdict(q.folded, [("nhiệm vụ", float(count))], english)
            if verdict is None:  # "Does the Ministry of Health lead any tasks?", "Bộ Tư pháp có phối hợp … không"
                verdict = verdict_word(count > 0, english)
            if verdict == "Có." and head.startswith("Có "):
                head = f"Có, {head[3:]}"  # "Có, 11 nhiệm vụ do …", not "Có. Có 11 nhiệm vụ"
            else:
                head = f"{verdict} {head}" if verdict else head
        lines.append(head + ".")
        shown = COUNT_EXAMPLES if "count" in its and "list" not in its else LIST_LIMIT
        if progress_asked and not has_status and n > 1:
            shown = 0  # after the register that answers, one recording no progress: its count, rows in "Xem thêm"
        listed = doc_rows[: max(0, LISTED_ROWS - carried)]
        carried += len(listed)
        unlisted += count - len(listed)
        items = [
            _task_line(r, has_status, None if partner else agency, communes, english, parts[id(r)]) for r in listed
        ]
        lines.extend(f"{i}. {item}" for i, item in enumerate(items[:shown], start=1))
        more.extend(items[shown:])
        shown = min(shown, len(items))  # a register past LISTED_ROWS shows its count only
        if count > shown > 0:
            rest = count - shown
            lines.append(f"… and {rest} more." if english else f"… và {rest} nhiệm vụ khác.")
        # the rows listed are cited, and one row of each register counted: its source is the count's
        citations.extend(Citation(n, source, _row_passage(index, doc_id, r.row)) for r in doc_rows[: len(listed) or 1])
    if unlisted:
        lines.append(_unlisted_line(len(more), unlisted, english))
    if done_hidden:
        lines.append(
            f"{len(done_hidden)} more task(s) are already completed."
            if english
            else f"Ngoài ra {len(done_hidden)} nhiệm vụ đã hoàn thành."
        )
        citations.extend(_cite(index, r, number_of) for r in done_hidden[:LISTED_ROWS])
    if agency and shared and any(r.doc_id in by_doc for r in shared):
        shared = [r for r in shared if r.doc_id in by_doc]
        citations.extend(_cite(index, r, number_of) for r in shared[:LISTED_ROWS])
        k = len(shared)
        lines.append(
            f"In addition, {k} task(s) are assigned to all ministries, sectors and localities (including {agency})."
            if english
            else f"Ngoài ra, {k} nhiệm vụ được giao chung cho «các bộ, ngành, địa phương» (gồm cả {agency})."
        )
    return Answer(q.question, "answered", "\n".join(lines), tuple(citations), more=tuple(more))


def _unlisted_line(behind: int, unlisted: int, english: bool) -> str:
    """What a list cut at LISTED_ROWS says at its end: how many of the rows not shown "Xem thêm" holds, and that
    the registers cited hold them all."""
    hidden = behind + unlisted
    if english:
        held = (
            f'"Xem thêm" holds {behind} of the {hidden} tasks not shown' if behind else f"{hidden} tasks are not shown"
        )
        return f"The list is too long to send whole: {held}; {FULL_LIST_EN}."
    held = f"«Xem thêm» có {behind} trong số {hidden} nhiệm vụ chưa hiện" if behind else f"{hidden} nhiệm vụ chưa hiện"
    return f"Danh sách quá dài để gửi hết: {held}; {FULL_LIST_VI}."


_UNDATED_EN = {"không ghi thời hạn": "with no deadline recorded", "không có ngày đến hạn": "with no due date"}


def _without_date(r: Task, undated: tuple[str, str]) -> bool:
    """Whether a task's deadline is written as `undated` asks (`question.parse_undated`)."""
    kind, word = undated
    if kind == "unrecorded":
        return not r.deadline.strip()
    if kind == "undated":
        return r.due_date is None
    return word in folded(r.deadline)


def _undated_words(undated: tuple[str, str], deadlines: Iterable[str]) -> str:
    """What a count of tasks without a date says it counts, the written form as the register spells it."""
    kind, word = undated
    if kind == "unrecorded":
        return "không ghi thời hạn"
    if kind == "undated":
        return "không có ngày đến hạn"
    return f"có thời hạn «{_as_written(word, deadlines)}»"


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


def _cite(index: LoadedIndex, r: Task, number_of: dict[str, int]) -> Citation:
    """A row an answer counts, cited under the number of its register (`number_of`: register → number)."""
    n = number_of.get(r.doc_id, len(number_of) + 1)
    return Citation(n, source_of(index, r.doc_id), _row_passage(index, r.doc_id, r.row))


def _status_tally(rows: list[Task], communes: list[str], english: bool) -> str:
    """ "\nXã Xuân Đài: 3 nhiệm vụ đang thực hiện, 2 hoàn thành." — the statuses of a commune's rows, most first."""
    ranked = sorted(Counter(r.status for r in rows).items(), key=lambda kv: (-kv[1], kv[0]))
    said = en_status if english else str.lower
    parts = [f"{n} {said(status)}" for status, n in ranked]
    if parts:  # the first part names what is counted: "3 nhiệm vụ đang thực hiện", "3 tasks in progress"
        n = ranked[0][1]
        parts[0] = f"{n} {('task' if n == 1 else 'tasks') if english else 'nhiệm vụ'} {said(ranked[0][0])}"
    return f"\n{', '.join(communes)}: {', '.join(parts)}." if parts else ""


def _no_tasks(
    index,
    q: Query,
    ix: TaskRows,
    what: str,
    what_en: str,
    done_hidden: list[Task],
    communes: list[str],
    next_due: Task | None = None,
    agency: str | None = None,
    helped: list[Task] | None = None,
    late: list[Task] | None = None,
) -> Answer:
    """A zero count over registers that cover the question's scope: an answer, citing the register that
    names the commune or agency asked about (and, for "sắp đến hạn", the unfinished task due next after the
    window; for an agency that leads none, the tasks it is a partner of: `helped`)."""
    visible = ix.doc_ids
    if q.language == "en":
        text = f"There are no tasks {what_en or 'of this kind'} in the available data."
        text = f"No. {text}" if "yesno" in q.asks else text
    else:
        text = f"Không có nhiệm vụ nào {what} trong dữ liệu hiện có.".replace("  ", " ")
        if done_hidden:
            text += f" ({len(done_hidden)} nhiệm vụ đã hoàn thành.)"
    cited = [d for d in visible if is_public(index.documents[d].access) or sees_internal(q.role)]
    if communes:
        held = {ix.tasks[i].doc_id for i in ix.of_communes(communes)}
        cited = [d for d in cited if d in held]
    elif agency:  # the register that names the agency, not merely the first one
        held = {r.doc_id for r in ix.tasks if _mentions(r.lead, agency) or _mentions(r.partners, agency)}
        cited = [d for d in cited if d in held] or cited
    shown = [
        (d, row) for d in cited if (row := 0 if sees_internal(q.role) else _first_public_row(index, d)) is not None
    ]
    citations = tuple(
        Citation(n, source_of(index, d), _row_passage(index, d, row)) for n, (d, row) in enumerate(shown[:1], start=1)
    )
    if citations:
        text = text.rstrip(".") + " [1]."
    if q.status and communes:  # "xã Xuân Đài còn việc gì chưa làm?": none not started — and where the rest stand
        rows = [ix.tasks[i] for i in ix.of_communes(communes) if ix.tasks[i].status]
        tally = _status_tally(rows, communes, q.language == "en")
        if tally:  # the rows counted are cited: every number of the answer is in them or counted from them
            same = citations and citations[0].source.doc_id == rows[0].doc_id
            n = citations[0].number if same else len(citations) + 1
            text += f"{tally[:-1]} [{n}]."
            citations += tuple(
                Citation(n, source_of(index, r.doc_id), _row_passage(index, r.doc_id, r.row)) for r in rows
            )
    if helped:
        doc_id = helped[0].doc_id
        n = next((c.number for c in citations if c.source.doc_id == doc_id), len(citations) + 1)
        k = len(helped)
        text += (
            f"\n{english_name(agency)} helps with {k} task{'s' if k != 1 else ''} [{n}]:"
            if q.language == "en"
            else f"\n{agency} phối hợp {k} nhiệm vụ [{n}]:"
        )
        own = [r for r in helped if r.doc_id == doc_id]
        has_status = doc_id in docs_with_status(index.cache, tables(index, "official").tasks)
        for i, r in enumerate(own[:LIST_LIMIT], 1):
            text += f"\n{i}. {_task_line(r, has_status, None, communes, q.language == 'en')}"
        if n > len(citations):
            citations += (Citation(n, source_of(index, doc_id), _row_passage(index, doc_id, own[0].row)),)
        citations += tuple(Citation(n, source_of(index, r.doc_id), _row_passage(index, r.doc_id, r.row)) for r in own)
    if late:  # "phường Hòa Bình phải làm gì về Đề án 06 năm 2026": none due then, and these are still late
        n = len(citations) + 1
        english = q.language == "en"
        k = len(late)
        text += (
            f"\n{k} task{'s' if k != 1 else ''} due earlier {'are' if k != 1 else 'is'} overdue, not completed [{n}]:"
            if english
            else f"\nCòn {k} nhiệm vụ đã quá hạn, chưa hoàn thành [{n}]:"
        )
        for i, r in enumerate(late[:LIST_LIMIT], 1):
            text += f"\n{i}. {_task_line(r, True, None, communes, english)}"
        citations += tuple(Citation(n, source_of(index, r.doc_id), _row_passage(index, r.doc_id, r.row)) for r in late)
    if next_due is not None:
        n = len(citations) + 1
        line = _task_line(next_due, True, None, communes, q.language == "en")
        text += (
            f"\nThe next unfinished task due: {line} [{n}]."
            if q.language == "en"
            else f"\nNhiệm vụ chưa hoàn thành có hạn gần nhất: {line} [{n}]."
        )
        citations += (
            Citation(n, source_of(index, next_due.doc_id), _row_passage(index, next_due.doc_id, next_due.row)),
        )
    return Answer(q.question, "answered", text, citations)


@dataclass(frozen=True)
class _LineParts:
    """What a task's list line says whatever the question: its name and label, how many agencies lead it,
    whether its lead names its commune, its deadline as said in Vietnamese."""

    name: str
    leads: int
    commune_in_lead: bool
    deadline: str


def _parts_of(r: Task) -> _LineParts:
    return _LineParts(
        f"{_short(r.title)} ({_task_label(r)})",
        _agency_count(r.lead),
        folded(r.commune) in folded(r.lead),
        _deadline(r),
    )


def _line_parts(index: LoadedIndex, ix: TaskRows) -> dict[int, _LineParts]:
    """`id()` of each task row → its line's question-independent parts, once per build and role: a count
    at 100× the registers lists thousands of rows behind "Xem thêm"."""
    key = ("task_line_parts", id(ix.tasks))
    found = index.cache.get(key)
    if found is None or found[0] is not ix.tasks:
        found = index.cache[key] = long_lived((ix.tasks, {id(r): _parts_of(r) for r in ix.tasks}))
    return found[1]


def _led_alone(index: LoadedIndex, ix: TaskRows) -> frozenset[int]:
    """`id()` of each task row one agency leads alone, once per build and role (a count says how many)."""
    key = ("task_led_alone", id(ix.tasks))
    found = index.cache.get(key)
    if found is None or found[0] is not ix.tasks:
        parts = _line_parts(index, ix)
        found = index.cache[key] = (ix.tasks, frozenset(i for i, p in parts.items() if p.leads == 1))
    return found[1]


def _in_order(ix: TaskRows, rows: list[Task]) -> list[Task]:
    """`rows` in list order (register, due date, row), by the rank `ix` gives each row once per build: a
    number per row, not a tuple of three made for each of the thousands a count sorts at 100× the registers."""
    rank = ix.rank
    return sorted(rows, key=lambda r: rank[id(r)])


def _task_line(
    r: Task,
    has_status: bool,
    agency: str | None,
    communes: list[str],
    english: bool = False,
    parts: _LineParts | None = None,
) -> str:
    """One task on one line, its fields joined with ";": name (id); lead; commune; deadline; status.
    `parts`: the row's `_parts_of`, when already made."""
    parts = parts or _parts_of(r)
    bits = [parts.name]
    if agency and parts.leads > 1:
        others = [p.strip() for p in split_agencies(r.lead) if p.strip() and folded(p) != folded(agency)]
        bits.append(("co-led with " if english else "cùng chủ trì: ") + ", ".join(others))
    elif not agency and not (communes and parts.commune_in_lead):  # "UBND phường Âu Cơ" of Âu Cơ
        bits.append(("lead: " if english else "chủ trì: ") + r.lead)
    if r.commune and not communes and not parts.commune_in_lead:
        bits.append(r.commune)
    bits.append("deadline: " + en_deadline(r.deadline, r.due_date) if english else "hạn: " + parts.deadline)
    if has_status:
        bits.append("status: " + en_status(r.status) if english else "tình trạng: " + (r.status or "chưa ghi"))
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
    return len([p for p in split_agencies(cell) if p.strip()])


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
        index.cache[key] = long_lived((features, postings, codes, rows))
    return index.cache[key]


def _title_pairs(index: LoadedIndex) -> dict[tuple[str, int], frozenset]:
    """Per build, once: the word pairs of each task's name (what a topic is matched on), by row key; it
    was made again for every candidate row of every count or list question."""
    key = "task_title_pairs"
    if key not in index.cache:
        _, _, _, rows = _task_index(index)
        index.cache[key] = long_lived({k: frozenset(pairwise(content_syllables(r.title))) for k, r in rows.items()})
    return index.cache[key]


def _folded_titles(index: LoadedIndex) -> dict[tuple[str, int], str]:
    """Per build, once: each task's name folded, by row key (a topic is looked for in the names of every
    candidate row; at 100× the registers the names outnumber what `folded` keeps cached)."""
    key = "task_folded_titles"
    if key not in index.cache:
        _, _, _, rows = _task_index(index)
        index.cache[key] = long_lived({k: folded(r.title) for k, r in rows.items()})
    return index.cache[key]


# "Có bao nhiêu nhiệm vụ số hóa sổ sức khỏe điện tử ở các xã?": the words after "nhiệm vụ" up to one of
# these name what the tasks are about; a phrase starting with a document or scope word names no topic.
_TOPIC_ENDS = set(
    "o cua trong do co han den tai thuoc nao duoc da dang chua con qua cap nam thang quy phai can la theo "
    "cac nhung xa phuong tinh ubnd va hay voi ma khong gi".split()
)
_TOPIC_LEADS = re.compile(r"^(?:nao\s+)?(?:ve viec|ve|lien quan (?:den|toi)|lien quan)\s")  # "nhiệm vụ (nào) về …"
_NOT_A_TOPIC = re.compile(
    r"^(?:nghi quyet|nq|quyet dinh|qd|de an|chuong trinh|phu luc|ke hoach|thong bao|quy che|trung uong|cu the|tat ca|"
    r"tong cong|tong|khac|nhom|duoc|tren|cua|chu tri|phoi hop|hoan thanh|xong)\b"  # "mấy việc hoàn thành": a status
)
TOPIC_PAIR_SHARE = 0.6  # of the topic's word pairs a task's name must hold


def _topic(index: LoadedIndex, q: Query) -> tuple[str, set] | None:
    """The topic a count or list of tasks is about, as typed, and the tasks whose name holds it."""
    typed = q.text.split()
    words = [fold(w).lower().strip("?.,;:!") for w in typed]
    at = next((i + 2 for i in range(len(words) - 1) if words[i : i + 2] == ["nhiem", "vu"]), None)
    if at is None:  # "việc" as commune staff say "nhiệm vụ": "mấy việc về …", "việc nào về …"
        at = next((i + 1 for i, w in enumerate(words) if w == "viec" and _counted_work(words, i)), None)
    if at is None:
        return None
    lead = _TOPIC_LEADS.match(" ".join(words[at:]) + " ")
    if lead:
        at += len(lead[0].split())
    if _NOT_A_TOPIC.match(" ".join(words[at:])):
        return None
    rest = " ".join(words[at:])
    if any(rest.startswith(fold(name).lower()) for name in (*q.agencies, *q.communes)):
        return None  # "nhiệm vụ bộ giáo dục và đào tạo chủ trì" (English read word for word) names an agency
    # after "về" the topic begins, whatever its first word: "về đô thị thông minh" is no "do (Bộ X chủ trì)"
    end = at + 1 if lead and at < len(words) else at
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
    _, postings, _, task_rows = _task_index(index)
    title_pairs = _title_pairs(index)
    need = max(1, math.ceil(TOPIC_PAIR_SHARE * len(pairs)))
    candidates = set().union(*(postings.get(p, set()) for p in pairs))
    # The whole phrase, where task names hold it, says which tasks are about it ("đô thị thông minh", not every
    # "… thông minh" once "đô", "thị" are read as stop words); else most of its word pairs do.
    phrase = " ".join(words[at:end])
    whole = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
    titles = _folded_titles(index)  # the expression only where the phrase is (thousands of candidates at 100×)
    matched = {k for k in candidates if phrase in titles[k] and whole.search(titles[k])}
    matched = matched or {k for k in candidates if len(pairs & title_pairs[k]) >= need}
    if not matched:
        return None
    topic = " ".join(typed[at:end]).strip("?.,;:!").lower()
    return _as_written(topic, (task_rows[k].title for k in sorted(matched))), matched


def _counted_work(words: list[str], i: int) -> bool:
    """Whether "việc" at `i` means tasks ("mấy việc", "những việc", "việc nào"), not "công việc", "làm việc"."""
    before = words[i - 1] if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return before in {"may", "nhung", "cac", "nhieu"} or after == "nao"


def _as_written(phrase: str, cells: Iterable[str]) -> str:
    """A phrase typed without diacritics ("tri tue nhan tao") as the register writes it ("trí tuệ nhân
    tạo"), from the first cell holding it; as typed when it has diacritics or no cell holds it."""
    if has_diacritics(phrase):
        return phrase
    wanted = fold(phrase).lower()
    for cell in cells:
        plain = fold(cell).lower()  # one character per character: a span spells the phrase as the cell does
        m = re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", plain)
        if m and len(plain) == len(cell):
            return _lower_first(cell[m.start() : m.end()])
    return phrase


def _task_lookup(index: LoadedIndex, q: Query, allowed: set | frozenset) -> Answer | None:
    """ "Cơ quan nào chủ trì xây dựng Luật …?", "Who leads task NQ03-069?": the one task the question
    names by its code or clearly describes, among the rows `allowed` ((register, row) keys)."""
    best = _looked_up(index, q, allowed)
    if best is None:
        return None
    if _PROVINCE_LEVEL.search(q.folded) and "quoc gia" in folded(best.title) and "tinh" not in folded(best.title):
        # "nhiệm vụ xây dựng trung tâm dữ liệu của tỉnh": the row found is the national data centre's
        found = _one_task(index, q, best)
        lead = (
            "The available data has no such task of the province; the nearest is a national one:"
            if q.language == "en"
            else "Dữ liệu hiện có không có nhiệm vụ này của cấp tỉnh; nhiệm vụ gần nhất là của cấp quốc gia:"
        )
        return replace(found, status="not_found", text=f"{lead}\n{found.text}")
    return _one_task(index, q, best)


_PROVINCE_LEVEL = re.compile(r"\b(?:cua|cap) tinh\b|\btinh\W*$")  # "… của tỉnh", "… cấp tỉnh", "… dữ liệu tỉnh?"


def _looked_up(index: LoadedIndex, q: Query, allowed: set | frozenset) -> Task | None:
    """The one task among the rows `allowed` ((register, row) keys) the question names by its code or clearly
    describes, else None."""
    features, postings, codes, rows = _task_index(index)
    asking = field_asked_span(fold(q.text.lower()), "status") if q.task_field == "status" else None
    if asking:  # "… đến đâu rồi", "tình trạng …": the words asking the status describe no task
        q = replace(q, text=f"{q.text[: asking[0]]} {q.text[asking[1] :]}".strip())
    typed = re.findall(r"[\w]+(?:-[\w]+)+", q.question.lower())
    named = [codes[c] for c in typed if c in codes] or [k for c in typed if (k := _code_ending(index, codes, c))]
    best = next((rows[k] for k in named if k in allowed), None)
    return best or _described_task(index, q, allowed, rows, features, postings)


def _code_ending(index: LoadedIndex, codes: dict[str, tuple[str, int]], typed: str) -> tuple[str, int] | None:
    """A code typed without its register's prefix ("hbin-03" for PT-HBIN-03): the one code ending so."""
    found = _code_endings(index, codes).get(typed, ())
    return found[0] if len(found) == 1 else None


def _code_endings(index: LoadedIndex, codes: dict[str, tuple[str, int]]) -> dict[str, list[tuple[str, int]]]:
    """Per build: every ending of a task code after one of its "-" → the rows whose code ends so, in code
    order (each typed code was checked against every code: 30,000 at 100× the registers)."""
    key = ("task_code_endings", id(codes))
    found = index.cache.get(key)
    if found is None or found[0] is not codes:
        endings: dict[str, list[tuple[str, int]]] = {}
        for code, k in codes.items():
            for i, c in enumerate(code):
                if c == "-":
                    endings.setdefault(code[i + 1 :], []).append(k)
        found = index.cache[key] = long_lived((codes, endings))
    return found[1]


_OVERDUE_ASKED = re.compile(r"\b(?:qua han|tre han|overdue|late)\b")


def _due_task(index: LoadedIndex, q: Query, t: Tables) -> Answer | None:
    """ "Nhiệm vụ … của phường Vĩnh Yên đã đến hạn chưa?", "Is task NQ03-001 overdue?": one task's deadline
    compared with today. "Quá hạn" needs the status too: a register without one gives the date, no verdict."""
    ix = TaskRows.of(index.cache, t.tasks)
    allowed = {(ix.tasks[i].doc_id, ix.tasks[i].row) for i in ix.of_communes(q.communes)} if q.communes else ix.keys
    task = _looked_up(
        index, replace(q, intents=tuple({*q.intents, "deadline"} - {"overdue", "count", "list"})), allowed
    )
    if task is None:
        return None
    english = q.language == "en"
    one = _one_task(index, replace(q, intents=("deadline",), task_field="deadline"), task)
    due, today = task.due_date, q.today
    if due is None:
        return one  # "Thường xuyên": an ongoing task has no date to pass
    passed = due < today
    if _OVERDUE_ASKED.search(q.folded):
        if task.status == DONE:
            verdict = "No, it is completed." if english else "Không quá hạn: nhiệm vụ đã hoàn thành."
        elif not passed:
            verdict = (
                f"Not yet: the deadline is {en_date(due)}." if english else f"Chưa quá hạn: hạn là {vn_date(due)}."
            )
        elif task.status:
            verdict = (
                f"Yes: the deadline was {en_date(due)} and it is not completed ({task.status})."
                if english
                else f"Đã quá hạn: hạn {vn_date(due)}, tình trạng: {_lower_word(task.status)}."
            )
        else:
            verdict = (
                f"The deadline ({en_date(due)}) has passed; the register records no status."
                if english
                else f"Đã qua hạn {vn_date(due)}; nguồn không ghi tình trạng thực hiện."
            )
    elif re.search(r"\bcon han\b", q.folded) and not english:  # "… còn hạn không?": asked the other way round
        verdict = f"Hết hạn: hạn là {vn_date(due)}." if passed else f"Còn hạn: hạn là {vn_date(due)}."
    elif passed:
        verdict = f"Yes, the deadline was {en_date(due)}." if english else f"Đã đến hạn: hạn là {vn_date(due)}."
    else:
        verdict = f"Not yet: the deadline is {en_date(due)}." if english else f"Chưa đến hạn: hạn là {vn_date(due)}."
    return replace(one, text=f"{verdict}\n{one.text}")


_TASK_CODE = re.compile(r"(?<![\w-])[a-z]{2,4}\d*(?:-[a-z]+)?-\d+(?![\w-])")


def _reported_body(t: Tables, f: str) -> bool:
    """Whether the folded question names a body whose tasks only the reported figures count ("các cơ quan
    đảng"): a scope of the figures that is neither a province nor the whole country, which no register holds."""
    for scope in {r.scope for r in t.figures}:
        name = " ".join(fold(scope).lower().split())
        if name == "toan quoc" or find_names(name, province_names(), fuzzy=False):
            continue
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", f):
            return True
    return False


def _coded_task(index: LoadedIndex, q: Query, t: Tables) -> Task | None:
    """The one task the question names by its code (among the rows the role sees), else None."""
    _, _, codes, rows = _task_index(index)
    seen = TaskRows.of(index.cache, t.tasks).keys  # every (register, row) the role sees, filed once per build
    named = {codes[c] for c in _TASK_CODE.findall(q.question.lower()) if c in codes and codes[c] in seen}
    return rows[named.pop()] if len(named) == 1 else None


def _task_by_code(index: LoadedIndex, q: Query, t: Tables) -> Answer | None:
    """One task named by its code and a body asked whether it leads or coordinates it (a deadline alone is
    `_task_in_period`'s): "Is NQ03-106 led by the Ministry of Finance?" — Có/Không from that row, not from the
    body's tasks."""
    _, _, codes, rows = _task_index(index)
    seen = TaskRows.of(index.cache, t.tasks).keys  # every (register, row) the role sees, filed once per build
    named = {codes[c] for c in _TASK_CODE.findall(q.question.lower()) if c in codes and codes[c] in seen}
    if len(named) != 1:
        return None
    task = rows[named.pop()]
    row = TaskRow(task.title, task.lead, task.partners, task.deadline, task.output)
    names = list(dict.fromkeys([*(folded(a) for a in q.agencies), *q.bodies]))
    verdict = task_verdict(q.folded, names, [], row, q.language == "en", by_code=True)
    if verdict is None:
        return None
    one = _one_task(index, q, task)
    return replace(one, text=f"{verdict} {one.text}")


def _one_code_named(index: LoadedIndex, q: Query, t: Tables) -> Task | None:
    """The one task the question names by its full code ("NQ03-133 là nhiệm vụ gì", "what is task NQ03-075
    about") among the rows the role sees, else None."""
    _, _, codes, rows = _task_index(index)
    seen = TaskRows.of(index.cache, t.tasks).keys  # every (register, row) the role sees, filed once per build
    named = {codes[c] for c in _TASK_CODE.findall(q.question.lower()) if c in codes and codes[c] in seen}
    return rows[named.pop()] if len(named) == 1 else None


def _task_in_period(index: LoadedIndex, q: Query, t: Tables) -> Answer | None:
    """One task the question describes, asked whether its deadline falls in a year: Có/Không from its row."""
    ix = TaskRows.of(index.cache, t.tasks)
    # the task is described before its deadline clause ("… | có hạn tháng 12/2025 không"): the clause names none
    text = re.sub(r"\s(?:có\s+|co\s+)?(?:thời\s+hạn|thoi\s+han|hạn|han)\b.*$", "", q.text, flags=re.IGNORECASE)
    described = replace(q, text=text or q.text, intents=tuple({*q.intents, "deadline"} - {"upcoming", "open"}))
    task = _looked_up(index, described, ix.keys)
    if task is None:
        return None
    row = TaskRow(task.title, task.lead, task.partners, task.deadline, task.output)
    by_code = bool(re.search(rf"(?<![\w-]){re.escape(task.task_id.lower())}(?![\w-])", q.question.lower()))
    verdict = task_verdict(q.folded, [], [fold(w) for w in q.terms], row, q.language == "en", by_code)
    if verdict is None:
        return None
    one = _one_task(index, replace(q, intents=("deadline",), task_field="deadline"), task)
    return replace(one, text=f"{verdict} {one.text}")


def _described_task(
    index: LoadedIndex, q: Query, allowed: set, rows: dict, features: dict, postings: dict
) -> Task | None:
    sequence = content_syllables(q.text)
    # The commune's own name chose the rows already ("xã Tam Đảo việc số hóa…"): it describes no task.
    named = {w for c in q.communes for w in folded(c).split()}
    if q.communes:
        named |= {"p", "x", "tt"}  # "p vinh yen …", "x. Tam Đảo": the level as typed short is part of the name
    if q.communes and "uy ban nhan dan" in q.folded:
        named |= {"uy", "ban", "nhan", "dan"}  # "UBND xã Xuân Đài": the commune's own committee, as above
    if "product" in q.intents:
        named |= {"san", "pham"}  # "sản phẩm … là gì" asks a field, it describes no task
    terms = list(dict.fromkeys(t for t in sequence if t not in _ASKING and t not in named))
    if len(terms) < 2:
        return None
    weights = {t: math.log(1 + len(index.passages) / (1 + index.df.get(t, 0))) for t in terms}
    total = sum(weights.values())
    # Pairs from the whole question: in "ngoại giao công nghệ" the "giao" of "ngoại giao" is no asking word.
    pairs = {
        p for p in pairwise(sequence) if not (p[0] in _ASKING and p[1] in _ASKING) and not {*p} & named
    }  # the commune's name (and its committee) chose the rows: its pairs describe no task
    if pairs:
        # A row scores at most (1 + its share of the question's pairs) / 2, and below 0.6 none is taken:
        # a row sharing under a fifth of the pairs is never scored.
        shared = PairRows.of(index.cache, postings).holding(pairs, -(-len(pairs) // 5))
    else:
        shared = dict.fromkeys(rows, 0)
    # The best score, the first row in key order reaching it. Rows are scored by how many pairs they share,
    # most first: a row sharing n scores at most (1 + n / len(pairs)) / 2, so once that is below the best,
    # no row left can take its place (at 100× the registers a common pair made thousands of candidates).
    by_shared: dict[int, list] = {}
    for key, n in shared.items():
        if key in allowed:
            by_shared.setdefault(n, []).append(key)
    best_key, best_score = None, 0.0
    filed = KeyWords.of(index.cache, features)
    held = filed.weighed(list(weights.items()))  # per row, the weights of the question's words it holds
    for n in sorted(by_shared, reverse=True):
        if pairs and (1 + n / len(pairs)) / 2 < best_score:
            break
        keys = sorted(by_shared[n])
        unigram = held[[filed.position[k] for k in keys]] / total
        # Word pairs tell "Luật Khoa học, Công nghệ…" from a task that merely shares the words: the row
        # holds n of the question's pairs (counted above)
        scores = (unigram + (n / len(pairs) if pairs else unigram)) / 2
        # as if scored key by key: the first key reaching the group's best; an equal score earlier keeps its place
        at = int(np.argmax(scores))
        score, key = float(scores[at]), keys[at]
        if score > best_score or (score == best_score and best_key is not None and key < best_key):
            best_key, best_score = key, score
    best = rows[best_key] if best_key is not None else None
    best_missing = sum(t not in features[best_key][0] for t in sequence if t not in named) if best else 0
    # "khi nào" alone does not make a question about a task ("When was the portal launched?").
    about_a_task = re.search(r"\b(nhiem vu|viec|han|chu tri|phai|giao|thoi han)\b", q.folded) or (
        {"product", "partner"} & set(q.intents)  # asked only when the question is about a task (answer_exact)
        or q.task_field == "status"  # only a task has a status: "… số hóa dữ liệu đất đai xong chưa"
    )
    if not about_a_task and any(not index.documents[d].columns for d in q.documents):
        return None  # "NQ 57 ra hồi nào?" asks about the resolution, not a task that names it
    if best is None or best_score < (0.6 if about_a_task else 0.8):
        return None
    if not about_a_task and best_missing:
        return None  # "Cổng Dịch vụ công quốc gia ra đời khi nào?": a task naming the portal is not asked about
    return best


def _one_task(index: LoadedIndex, q: Query, best: Task) -> Answer:
    """One task said as a clerk would: the field asked (`Query.task_field`) first, the rest of the row after;
    asked no one field, who leads it and by when first, partners, product, status after."""
    asked = q.task_field
    when_first = asked == "deadline"
    label = _task_label(best)
    citation = Citation(1, source_of(index, best.doc_id), _row_passage(index, best.doc_id, best.row))
    if asked in ("product", "partner") and (best.output if asked == "product" else best.partners):
        # "sản phẩm … là gì", "ai phối hợp …": the field asked for first, the task's lead and deadline after
        if q.language == "en":
            first = (
                f"The output of the task «{best.title}» ({label}) is: {best.output}"
                if asked == "product"
                else f"Partners of the task «{best.title}» ({label}): {best.partners}"
            )
            rest = [f"Lead: {english_name(best.lead)}", "deadline: " + en_deadline(best.deadline, best.due_date)]
            if best.status:
                rest.append(f"status: {en_status(best.status)}")
        else:
            first = (
                f"Sản phẩm của nhiệm vụ «{best.title}» ({label}) là: {best.output}"
                if asked == "product"
                else f"Phối hợp thực hiện nhiệm vụ «{best.title}» ({label}): {best.partners}"
            )
            rest = [
                f"Chủ trì: {best.lead}",
                "thời hạn: " + (_lower_word(_deadline(best)) if best.deadline else "không ghi"),
            ]
            if best.status:
                rest.append(f"tình trạng: {best.status}")
        verdict = product_verdict(q.folded, best.output, q.language == "en") if "yesno" in q.asks else None
        if verdict and asked == "product":  # "… có sản phẩm là nghị định à": the cell compared first
            first = f"{verdict} {first}"
        return Answer(q.question, "answered", f"{first} [1].\n" + "; ".join(rest) + ".", (citation,))
    if asked == "status":  # "… đã xong chưa", "tình trạng sao", "tiến độ thế nào rồi"
        return Answer(q.question, "answered", _status_first(q, best), (citation,))
    unsaid = _unrecorded_field(q, best, asked if asked in ("product", "partner") else None)
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
    status = en_status(best.status) if q.language == "en" and best.status else best.status
    rest = [p + v for p, v in zip(labels, (best.partners, best.output, status), strict=True) if v]
    if rest:
        rest[0] = rest[0][:1].upper() + rest[0][1:]
    text = unsaid + f"{first} [1]." + ("\n" + "; ".join(rest) + "." if rest else "")
    return Answer(q.question, "answered", text, (citation,))


_DONE_ASKED = re.compile(r"\b(?:xong|hoan thanh)\b.*\b(?:chua|roi)\b")


def _status_first(q: Query, best: Task) -> str:
    """A task's status, said first: "Đã hoàn thành." / "Chưa hoàn thành (đang thực hiện)." when asked whether
    it is done, then the status as the register writes it, then when it is due and who leads it. A register
    that records no progress is said to record none: no status is guessed from the deadline."""
    english, label = q.language == "en", _task_label(best)
    if english:
        deadline, lead = en_deadline(best.deadline, best.due_date), english_name(best.lead)
        rest = f"Deadline: {deadline}; lead: {lead}."
        if not best.status:
            return f"The register records no status for the task «{best.title}» ({label}) [1].\n{rest}"
        verdict = ""
        if _DONE_ASKED.search(q.folded):
            verdict = "Yes, completed. " if best.status == DONE else f"Not yet ({en_status(best.status)}). "
        return f"{verdict}The task «{best.title}» ({label}) is {en_status(best.status)} [1].\n{rest}"
    deadline = _lower_word(_deadline(best)) if best.deadline else "không ghi"
    rest = f"Thời hạn: {deadline}; chủ trì: {best.lead}."
    if not best.status:
        return f"Nguồn không ghi tình trạng thực hiện của nhiệm vụ «{best.title}» ({label}) [1].\n{rest}"
    verdict = ""
    if _DONE_ASKED.search(q.folded):
        verdict = "Đã hoàn thành. " if best.status == DONE else f"Chưa hoàn thành ({best.status.lower()}). "
    return f"{verdict}Nhiệm vụ «{best.title}» ({label}) có tình trạng: {best.status} [1].\n{rest}"


def _unrecorded_field(q: Query, task: Task, asked: str | None) -> str:
    """ "NQ03-140 ai phối hợp" of a task whose partners cell is empty: said first, before what the row does say."""
    if asked is None or (task.output if asked == "product" else task.partners):
        return ""
    label = _task_label(task)
    if q.language == "en":
        return f"The register records no {'output' if asked == 'product' else 'partners'} for task {label}. "
    return f"Nguồn không ghi {'sản phẩm' if asked == 'product' else 'cơ quan phối hợp'} của nhiệm vụ {label}. "


def _lower_word(text: str) -> str:
    """ "Thường xuyên" → "thường xuyên" inside a sentence; "Quý II/2025" keeps its capital (a name)."""
    return text[0].lower() + text[1:] if text[:1].isupper() and not text.startswith("Quý") else text


def _asks_all_done(f: str) -> bool:
    """ "Xã Xuân Đài đã hoàn thành hết nhiệm vụ chưa?", "… xong hết chưa": whether nothing is left."""
    return bool(re.search(r"\b(hoan thanh|xong|lam xong)\s+(het|tat ca|toan bo)\b|\b(het|tat ca)\s+chua\b", f))


def _commune_rate(index: LoadedIndex, q: Query, t: Tables, communes: list[str]) -> Answer:
    """A commune's completion rate; asked whether all is done, "Chưa." / "Rồi." first and what is left."""
    lines, citations = [], []
    english = q.language == "en"
    all_done = "yesno" in q.asks and _asks_all_done(q.folded)
    # "tỷ lệ hoàn thành …": the share, "3/5 nhiệm vụ (60,0%)"; "đã hoàn thành bao nhiêu nhiệm vụ": the count first
    share_asked = bool(re.search(r"\b(?:ty le|ti le|phan tram|rate|percent(?:age)?)\b|%", q.folded))
    for commune in communes:
        rows = [r for r in t.tasks if r.commune == commune]
        done, total = sum(r.status == DONE for r in rows), len(rows)
        rate = pct(done, total)
        doc_id = rows[0].doc_id
        title = index.documents[doc_id].title
        if english:
            of = f"{done}/{total} tasks" if share_asked else f"{done} tasks out of {total}"
            line = f"{commune} has completed {of} ({rate.replace(',', '.')}) in {english_title(title)} [1]."
        else:
            of = f"{done}/{total} nhiệm vụ" if share_asked else f"{done} nhiệm vụ trên tổng số {total}"
            line = f"{commune} đã hoàn thành {of} ({rate}) theo {title} [1]."
        if all_done:
            left = [r for r in rows if r.status != DONE]
            line = (("Yes. " if english else "Rồi. ") if not left else ("No. " if english else "Chưa. ")) + line
            if left:
                names = "; ".join(f"{_short(r.title)} ({_task_label(r)})" for r in left[:LIST_LIMIT])
                line += f" Not yet completed: {names}." if english else f" Còn chưa hoàn thành: {names}."
        lines.append(line)
        citations.extend(Citation(1, source_of(index, doc_id), _row_passage(index, doc_id, r.row)) for r in rows)
    return Answer(q.question, "answered", "\n".join(lines), tuple(citations))


# --- figures and targets ---------------------------------------------------------------------------


def _figures(index: LoadedIndex, q: Query, figures: list[Figure], scope: str, whole: bool = False) -> Answer | None:
    its = set(q.intents)
    generic = set(folded(scope).split()) | {"tinh", "thanh", "pho", "moi", "sau", "hop", "nhat", "ca", "nuoc", "quoc"}
    if scope == "Toàn quốc":
        generic |= {"viet", "nam"}  # "does vietnam have": the country is the scope, no word of the measure
    years = {str(y) for y in q.years}
    # A year is a date to check, not a word to match: "PII 2024" must not pass for "PII 2025".
    sequence = [t for t in content_syllables(q.text) if t not in generic and t not in years]
    asked_span, span_said = span_words(q.folded)
    if asked_span:  # "6 tháng đầu năm" is checked against the row below, like a year
        sequence = [t for t in sequence if fold(t) not in span_said.split()]
    if "yesno" in q.asks and asked_comparison(q.folded):  # "… có hơn 100 xã không": "100" and "hơn" are no row words
        sequence = [t for t in sequence if not t.replace(",", "").replace(".", "").isdigit()]
        sequence = [t for t in sequence if t not in comparison_words()]
    terms = list(dict.fromkeys(sequence))
    if not terms:
        return None
    filed = FigureRows.of(index.cache, figures)
    unknown = _unknown_acronym(q, filed)
    if unknown:  # "Chỉ số PCI 2025": a measure no table holds is not answered with another one
        text = (
            f"The available data has no figures on {unknown}."
            if q.language == "en"
            else f"Dữ liệu hiện có không có số liệu về {unknown}."
        )
        return Answer(q.question, "not_found", text)
    here = filed.in_scope(scope)  # positions of the rows whose scope names the place
    # "bao nhiêu xã" asks a count: a rate ("Tỷ lệ xã … có cáp quang") is no answer to it.
    counting = bool(re.search(r"\b(?<!thu )(bao nhieu|may) (?!phan tram)[a-z]", q.folded)) and not re.search(
        r"\b(ty le|ti le|phan tram|ty trong)\b", q.folded
    )
    if counting:
        here = [i for i in here if figures[i].unit != "%"]
    # "bao nhiêu tỷ": an amount of money; a row counting tasks or people is no answer to it
    money = asks_money(q.folded)
    if money:
        here = [i for i in here if is_money_unit(figures[i].unit)]
    # The newest figure first when two answer as well ("163/167 on 13/01/2026", then "82/147 on 25/10/2025").
    can = WordIndex.of(index.cache, figures, "figures", _figure_words).positions(terms, len(terms) / 2)  # recall ≥ ½
    held = set(here)
    scored = sorted(
        ((_figure_score(figures[i], terms, its), figures[i]) for i in can if i in held),
        key=lambda x: (-round(x[0], 6), -(x[1].as_of or date.min).toordinal()),
    )
    if whole:  # the question names a measure only by its words: a row holding some of them is another one
        # "năm", "tháng", a day's numbers go with the date, checked apart
        measure = [t for t in terms if t not in {"nam", "thang", "quy", "ngay"} and not t[:1].isdigit()] or terms
        scored = [(sc, r) for sc, r in scored if _recall(r, measure) == 1.0]
        if not scored:
            return None
    english = q.language == "en"
    # "… tính đến 25/10/2025": the figures reported on that day, when the table has some that answer
    on_day = {d for m in re.finditer(r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b", q.folded) if (d := _day(*m.groups()))}
    of_day = [(sc, r) for sc, r in scored if r.as_of in on_day and sc >= MIN_FIGURE_SCORE]
    scored = of_day or scored
    if not scored or scored[0][0] < MIN_FIGURE_SCORE:
        elsewhere = sorted(
            (
                (_figure_score(figures[i], terms, its), figures[i])
                for i in can
                if figures[i].scope != scope and (not money or is_money_unit(figures[i].unit))
            ),
            key=lambda x: (-x[0], x[1].scope),
        )
        # Another place's figure is offered only for the same measure: most of the question's words in it
        # ("thủ tục hành chính … trực tuyến" is not "Số đơn vị hành chính cấp tỉnh … trực thuộc").
        elsewhere = [(s, r) for s, r in elsewhere if s >= MIN_FIGURE_SCORE and _recall(r, terms) >= 2 / 3]
        if not elsewhere:
            return None
        # the measure that fits best, of the province most of the data is about when it has it: "PII 2025 của
        # Lào Cai" is offered Phú Thọ's score, not Gia Lai's (first by name) or Hà Nội's (its note holds "năm")
        main = main_province(index, q.role, exclude=scope)
        best = elsewhere[0][1]
        example = next((r for _, r in elsewhere if r.indicator == best.indicator and r.scope == main), best)
        scopes = [example.scope]  # the place the example is of (other places' names may hold commas)
        said = figure_sentences([example], english)[0]
        # "Dân số Hà Nội": the tables hold Hà Nội's PII, not its population — said as such, with the place
        # that has it, rather than left to a passage that happens to name both.
        what = f" «{_measure(example)}»" if here else ""
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
    chosen += _ranked_measures(chosen, [figures[i] for i in here])
    held_span = _other_span(asked_span, chosen, terms) if asked_span else None
    lines: list[str] = []
    status = "answered"
    # a body named as who reports the figure ("Sở KH&CN … công bố") is no measure the figure lacks
    bodies = {w for b in q.bodies for w in b.split()}
    missing = _unsaid_measure(q, generic | years | bodies, chosen, filed)
    if years and not any(y in _years_of(r) for r in chosen for y in years):
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
    elif asked_span and held_span:
        # "GRDP cả năm 2025" when the table holds the first nine months only: said first, then what it holds.
        status = "not_found"
        of_year = f"{'/' if asked_span.startswith('quý') else ' '}{' '.join(sorted(years))}" if years else ""
        lines.append(
            f"The available data has no figure for {span_en(asked_span)}{of_year}; it has {span_en(held_span)}:"
            if english
            else f"Dữ liệu hiện có không có số liệu {asked_span}{of_year}; số liệu hiện có là {held_span}:"
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
    if "yesno" in q.asks and asks_direction(q.folded) and not any(records_move(folded(r.indicator)) for r in chosen):
        # "Phú Thọ tụt hạng PII à": the rows recording the move of the measure shown, though no word of the
        # question ("tụt") is in them ("số bậc tăng so với năm trước")
        shown = {_measure(r) for r in chosen}
        chosen += [
            r
            for i in here
            if (r := figures[i]) not in chosen and _measure(r) in shown and records_move(folded(r.indicator))
        ]
    if verdict is None and "yesno" in q.asks:  # "Phú Thọ tăng hạng PII đúng không?": the change recorded
        verdict = change_verdict(
            q.folded, [(folded(r.indicator), v) for r in chosen if (v := number(r.value))], english
        )
    if verdict is None and "yesno" in q.asks:  # "PII Phú Thọ có trên 40 điểm không?": the number compared
        values = [(r.unit, v) for r in chosen if (v := number(r.value)) is not None]
        # a count of a total is also a share ("1.227/1.298 … trên 90% phải không?"): the asked side, done or not
        negated = bool(re.search(r"\bchua\b", q.folded))
        shares = [
            ("%", 100 * v / t)
            for r in chosen
            if (v := number(r.value)) is not None
            and (t := number(r.total))
            and ("chua" in folded(r.indicator)) == negated
        ]
        verdict = figure_verdict(q.folded, values + shares, english)
    ordered = _answer_order(q, chosen, verdict is not None and any(r.unit == "thứ hạng" for r in chosen))
    sentences = figure_sentences(ordered, english)
    body = [f"{s} [1]." for s in sentences]
    if verdict and status == "answered":
        body[0] = f"{verdict} {body[0]}"
    lines.extend(body)
    if english and not said_in_english(ordered):  # what the English left out, as the cited rows say it
        lines.append("In Vietnamese: " + " ".join(f"{s}." for s in figure_sentences(ordered, False)))
    lines.append(as_of_line(ordered, english))
    # How far the best-matching row is confirmed ("một nguồn") goes with the cited table, never into the text.
    confidence = scored[0][1].confidence or None
    citations = tuple(
        Citation(1, _confident(source_of(index, r.doc_id), confidence), _row_passage(index, r.doc_id, r.row))
        for r in chosen
    )
    return Answer(q.question, status, "\n".join(line for line in lines if line), citations)


# "A hơn B", "A cao hơn B", "A xếp trên B": A ahead; "A kém / thấp hơn / xếp dưới B": A behind
_AHEAD = re.compile(
    r"\b(?:cao hon|hon|vuot|xep tren|dung tren|xep truoc|dung truoc|tren|higher|ahead|above|better|more)\b"
)
_BEHIND = re.compile(r"\b(?:thap hon|kem|thua|xep duoi|dung duoi|duoi|lower|behind|below|worse|less)\b")


def _places_named(q: Query) -> list[str]:
    """The provinces a question names (not "toàn quốc"), in the order it names them."""
    at = {
        p: m.start()
        for key, p in province_names().items()
        if p in q.provinces and p != "Toàn quốc" and (m := re.search(rf"\b{key}\b", q.folded))
    }
    return sorted(at, key=at.get)


def _places_side_by_side(
    index: LoadedIndex, q: Query, figures: list[Figure], places: list[str], compares: bool
) -> Answer | None:
    """ "PII 2025 Hà Nội và Phú Thọ", "Quảng Ninh với Hải Phòng tỉnh nào PII cao hơn": each place's figures, one
    after the other; asked which is ahead (not yes or no), the one ahead on the same measure is said first.
    None unless every place named has figures (a place without any is a scope the scope check says)."""
    english = q.language == "en"
    found = [_figures(index, q, figures, place) for place in places]
    if any(a is None or a.status != "answered" for a in found):
        return None
    lines: list[str] = []
    citations: list[Citation] = []
    pair = _same_measure(index, q, figures, places[:2]) if compares and "yesno" not in q.asks else None
    if pair:
        a, b = pair
        va, vb = number(a.value), number(b.value)
        a_ahead = va < vb if a.unit == "thứ hạng" else va > vb
        first, second = (places[0], places[1]) if a_ahead else (places[1], places[0])
        if english:
            lines.append(f"{first} is ahead of {second} [1]:")
        else:
            lines.append(f"{first} {'xếp trên' if a.unit == 'thứ hạng' else 'cao hơn'} {second} [1]:")
        lines.extend(f"{x} [1]." for x in figure_sentences([a, b] if a_ahead else [b, a], english))
        lines.append(as_of_line([a, b], english))
        citations = [Citation(1, source_of(index, r.doc_id), _row_passage(index, r.doc_id, r.row)) for r in (a, b)]
        return Answer(q.question, "answered", "\n".join(lines), tuple(citations))
    for answer in found:
        shift = len({c.number for c in citations})
        for line in re.sub(r"\[(\d+)\]", lambda m, k=shift: f"[{int(m[1]) + k}]", answer.text).splitlines():
            if line not in lines:  # one "Số liệu tính đến …" line said once
                lines.append(line)
        citations += [replace(c, number=c.number + shift) for c in answer.citations]
    return Answer(q.question, "answered", "\n".join(lines), tuple(citations))


def _same_measure(
    index: LoadedIndex, q: Query, figures: list[Figure], places: list[str]
) -> tuple[Figure, Figure] | None:
    """The two places' rows of the one measure the question asks about, when both have it with a value."""
    f = q.folded
    names = {w for key, p in province_names().items() if p in q.provinces for w in key.split()}
    its = set(q.intents) | ({"rank"} if re.search(r"\b(?:xep|dung|hang|rank\w*)\b", f) else set())
    terms = [t for t in dict.fromkeys(content_syllables(q.text)) if t not in names and t not in comparison_words()]
    terms = [t for t in terms if t not in {"dung", "khong", "phai", "ve", "cao", "thap", "kem", "xep", "nao", "voi"}]
    terms = [t for t in terms if not t.isdigit() and t not in {"tinh", "thanh", "pho"}]
    if not terms:
        return None
    filed = FigureRows.of(index.cache, figures)
    best = []
    for place in places:
        scored = sorted(
            ((_figure_score(figures[i], terms, its), figures[i]) for i in filed.in_scope(place)),
            key=lambda x: (-x[0], -(x[1].as_of or date.min).toordinal()),
        )
        if not scored or scored[0][0] < MIN_FIGURE_SCORE:
            return None
        best.append(scored[0][1])
    a, b = best
    va, vb = number(a.value), number(b.value)
    if a.indicator != b.indicator or a.unit != b.unit or va is None or vb is None or va == vb:
        return None
    return a, b


def _places_compared(index: LoadedIndex, q: Query, figures: list[Figure]) -> Answer | None:
    """ "TP HCM hơn Quảng Ninh về điểm PII 2025 đúng không?": Có/Không from the two places' rows of one measure
    (a rank ahead is a smaller number), the first place named being the one said to be ahead or behind. None
    when no comparison is asserted, a number is compared, or the two places have no row of the same measure."""
    f = q.folded
    places = sorted(
        {
            p: m.start()
            for key, p in province_names().items()
            if p in q.provinces and (m := re.search(rf"\b{key}\b", f))
        }.items(),
        key=lambda x: x[1],
    )
    if len(places) < 2 or asked_comparison(f):
        return None
    between = f[places[0][1] : places[1][1]]  # "tp ho chi minh | hon | quang ninh"
    ahead, behind = bool(_AHEAD.search(between)), bool(_BEHIND.search(between))
    if ahead == behind:
        return None
    names = {w for key, p in province_names().items() if p in q.provinces for w in key.split()}
    its = set(q.intents) | ({"rank"} if re.search(r"\b(?:xep|dung|hang|rank\w*)\b", between) else set())
    terms = [t for t in dict.fromkeys(content_syllables(q.text)) if t not in names and t not in comparison_words()]
    terms = [t for t in terms if t not in {"dung", "khong", "phai", "ve", "cao", "thap", "kem", "xep"}]
    terms = [t for t in terms if not t.isdigit()]
    if not terms:
        return None
    filed = FigureRows.of(index.cache, figures)
    best: dict[str, Figure] = {}
    for place, _ in places[:2]:
        scored = sorted(
            ((_figure_score(figures[i], terms, its), figures[i]) for i in filed.in_scope(place)),
            key=lambda x: (-x[0], -(x[1].as_of or date.min).toordinal()),
        )
        if not scored or scored[0][0] < MIN_FIGURE_SCORE:
            return None
        best[place] = scored[0][1]
    a, b = (best[p] for p, _ in places[:2])
    va, vb = number(a.value), number(b.value)
    if a.indicator != b.indicator or a.unit != b.unit or va is None or vb is None or va == vb:
        return None
    a_ahead = va < vb if a.unit == "thứ hạng" else va > vb  # the first place in a ranking is ahead
    english = q.language == "en"
    verdict = verdict_word(a_ahead == ahead, english)
    said = " ".join(f"{x} [1]." for x in figure_sentences([a, b], english))
    text = f"{verdict} {said}\n{as_of_line([a, b], english)}"
    citations = tuple(Citation(1, source_of(index, r.doc_id), _row_passage(index, r.doc_id, r.row)) for r in (a, b))
    return Answer(q.question, "answered", text, citations)


_NO_YEAR = ("The available data has no figures for 20", "Dữ liệu hiện có không có số liệu năm")


def _day(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _other_span(asked: str, chosen: list[Figure], terms: list[str]) -> str | None:
    """The part of the year the figures hold when it is not the one asked ("9 tháng đầu năm" for "GRDP cả năm
    2025"), and only when a row of a named part holds as many of the question's words as one naming none
    ("tỷ trọng kinh tế số trong GRDP cả năm" is the share, a row of no part). Reorders `chosen`: the rows of a
    named part first."""
    spans = {r: span_of(folded(r.indicator)) for r in chosen}
    if asked in spans.values():
        chosen.sort(key=lambda r: spans[r] != asked)
        return None
    with_span = [_recall(r, terms) for r in chosen if spans[r]]
    without = [_recall(r, terms) for r in chosen if not spans[r]]
    if not with_span or (without and max(without) > max(with_span)):
        return None
    chosen.sort(key=lambda r: spans[r] is None)
    return spans[chosen[0]]


def _years_of(r: Figure) -> str:
    """The years a figure is of: the one its indicator names and its date's ("PII 2025 - điểm" of 01/10/2025: 2025
    only, though its note quotes a newspaper of 13/1/2026; the review of 2025 held on 13/1/2026: both), else
    those of its note and date (a year's results are reported the next January)."""
    named = re.findall(r"\b20\d\d\b", r.indicator)
    if named:
        return f"{' '.join(named)} {r.as_of}"
    reported = f" {r.as_of.year - 1}" if r.as_of and r.as_of.month == 1 else ""  # 13/01/2026: the results of 2025
    return f"{r.indicator} {r.note} {r.as_of}{reported}"


def _unknown_acronym(q: Query, filed: FigureRows) -> str | None:
    """An acronym typed in capitals ("PCI", "PAPI") that no abbreviation expands and no figure names."""
    for word in re.findall(r"\b[A-Z]{3,6}\b", q.question):
        w = word.lower()
        if re.search(rf"\b{w}\b", q.folded) and w not in filed.said_words:
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
    # "GRDP tăng trên 11% không": the row in the unit compared decides, so it comes first, before the rank
    compared = asked_comparison(q.folded) if "yesno" in q.asks else None
    compared_unit = {"%": "%", "diem": "điểm", "thu": "thứ hạng"}.get(compared.unit) if compared else None

    # "phu tho tasks done": the count done of the total ("82 of 147") before a share of them, unless a share is asked
    asks_share = "rate" in its or bool(re.search(r"\b(?:ty le|ti le|phan tram|share|rate|percent\w*)\b|%", q.folded))

    def key(r: Figure) -> float:
        if compared_unit and r.unit == compared_unit:
            return 0
        asks_rank = (verdict and not compared_unit) or "rank" in its
        if asks_rank and r.unit == "thứ hạng":
            return 0
        if asks_score and r.unit == "điểm":
            return 0
        if r.unit == "thứ hạng" and not asks_rank and not r.indicator.partition(" - ")[2]:
            return 4  # "Phú Thọ rộng bao nhiêu": the area, then its rank
        if r.unit == "%" and not asks_share and any(x.total for x in rows):
            return 3.5
        return {"điểm": 1, "thứ hạng": 2}.get(r.unit, 3)

    return sorted(rows, key=key)


def _unsaid_measure(q: Query, skip: set[str], chosen: list[Figure], filed: FigureRows) -> str | None:
    """Words in a row of the question that none of the chosen figures says and that the figure tables
    name elsewhere: a sub-measure another row's indicator has after its " - " ("điểm đầu vào", only
    Huế's), or three or more content words another row's note names ("trụ cột thể chế") — the question
    asks a measure the data does not hold for this place. Other gaps ("sau hợp nhất", a date) are context."""
    own = {w for r in chosen for _, said in covered_words(r.indicator) for w in said}
    indicator_words = {w for r in chosen for w in content_syllables(r.indicator)} | own
    note_words = indicator_words | {w for r in chosen for w in content_syllables(r.note)}
    chosen_rows = {i for r in chosen for i in filed.equal.get(r, ())}  # rows equal to a chosen one are not "other"
    stops = stop_syllables()
    for context, kind, least in ((indicator_words, "aspects", 1), (note_words, "notes", 3)):
        for run in _runs(syllables(normalise(q.text)), context, skip, stops):
            content = [w for w in run if (w not in stops if has_diacritics(w) else fold(w) not in stops)]
            phrase = " ".join(fold(w) for w in run)
            if len(run) >= 2 and len(content) >= least and filed.names_phrase(kind, phrase, chosen_rows):
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
    # "who ranked 2nd in pii 2025" ("ai xếp thứ 2 …"): a place in a ranking, asked by who, numbered only
    r"|\bai\s+(?:(?:dung|xep|o|la)\s+)?(?:thu|hang|vi tri)\s+(\d{1,2})\b"
    # "tỉnh nào có điểm PII cao nhất": the measure between the place asked for and its superlative
    r"|\b(?:tinh|dia phuong|thanh pho|noi|tinh thanh)\s+nao\s+(?:\S+\s+){1,8}?(cao nhat|dan dau|dung dau)\b"
    # "Tỉnh xếp thứ 10 PII 2025 là tỉnh nào?": the rank first, the place asked for after it
    r"|\b(?:tinh|dia phuong|thanh pho|tinh thanh)\s+(?:dung|xep|o)\s+(?:thu|hang|vi tri)\s+(\d{1,2})\b"
    r"(?=.*\b(?:la|ten)\s+(?:(?:tinh|dia phuong|thanh pho|tinh thanh|noi)\s+)?(?:nao|gi|ai)\b)"
    # "PII hạng 10 là tỉnh nào", "xếp thứ 3 là ai": the rank, then "là tỉnh nào / là ai"
    r"|\b(?:thu|hang|vi tri)\s+(\d{1,2})\s+(?:\S+\s+){0,10}?"  # "PII" is read "chỉ số đổi mới …"
    r"la\s+(?:(?:tinh|dia phuong|thanh pho|tinh thanh|noi)\s+nao|ai)\b"
)
# "top 5 PII 2025", "5 tỉnh dẫn đầu PII", "nhóm 5 dẫn đầu", "top five provinces": the first N places of a ranking
_TOP_N = re.compile(
    r"\b(?:top|dan dau)\s*(\d{1,2}|three|five|ten)\b"  # English "top 3" is read "dẫn đầu 3"
    r"|\b(\d{1,2})\s+(?:tinh|dia phuong|tinh thanh|thanh pho|noi|provinces?)\s+(?:\S+\s+){0,2}?"
    r"(?:dan dau|dung dau|cao nhat|xep dau|hang dau|top|highest|leading)\b"
    r"|\bnhom\s+(\d{1,2})\s+(?:tinh\s+|dia phuong\s+)?(?:dan dau|dung dau)\b"
)
_NUMBER_WORDS = {"three": 3, "five": 5, "ten": 10}
# "highest pii score 2025", "điểm PII cao nhất": a measure's highest, no place named
_HIGHEST = re.compile(r"\b(?:cao nhat|dung dau|dan dau)\b(?!\s+\d)")


def _ranking_rows(index: LoadedIndex, q: Query, figures: list[Figure], skip: set[str]) -> list[Figure]:
    """The rank rows of the one ranking the question's words name best ("PII 2025 - xếp hạng"), or []."""
    skip = skip | {"tinh", "nao", "dung", "thu", "xep", "hang", "dan", "dau", "bang", "vi", "tri", "top", "nhom"}
    terms = [t for t in dict.fromkeys(content_syllables(q.text)) if t not in skip]
    filed = FigureRows.of(index.cache, figures)
    ranks = filed.ranks  # (row, its indicator's words): only rows holding a term can score
    scored = [(sum(t in ranks[i][1] for t in terms), ranks[i][0]) for i in filed.rank_words.positions(terms, 1)]
    best = max((s for s, _ in scored), default=0)
    if not best:
        return []
    rows = [r for s, r in scored if s == best]
    return [r for r in rows if r.indicator == rows[0].indicator]


def _score_of(filed: FigureRows, figures: list[Figure], rank: Figure) -> Figure | None:
    """The place's score in the ranking `rank` is a row of ("PII 2025 - điểm" beside "PII 2025 - xếp hạng")."""
    ranking = rank.indicator.split(" - ")[0]
    scores = [
        x
        for x in (figures[i] for i in filed.by_scope.get(rank.scope, ()))
        if x.unit == "điểm" and x.indicator.split(" - ")[0] == ranking
    ]
    return next((x for x in scores if x.indicator == f"{ranking} - điểm"), scores[0] if scores else None)


def _top_ranks(index: LoadedIndex, q: Query, figures: list[Figure]) -> Answer | None:
    """ "top 5 PII 2025": the first N places of the ranking, one numbered line each, with the score."""
    m = _TOP_N.search(q.folded)
    if not m or "yesno" in q.asks:
        return None
    said = next(g for g in m.groups() if g)
    wanted = _NUMBER_WORDS.get(said) or int(said)
    rows = _ranking_rows(index, q, figures, {said})
    top = sorted((r for r in rows if 1 <= number(r.value) <= wanted), key=lambda r: number(r.value))
    if len(top) < 2:
        return None
    english = q.language == "en"
    filed = FigureRows.of(index.cache, figures)
    ranking = top[0].indicator.split(" - ")[0]
    complete = [int(number(r.value)) for r in top] == list(range(1, wanted + 1))
    among = (
        (f" (of {top[0].total} provinces and cities)" if english else f" ({top[0].total} tỉnh, thành)")
        if top[0].total
        else ""
    )
    if english and complete:
        lead = f"The top {wanted} of the {ranking} ranking{among} [1]:"
    elif english:
        lead = f"Of the top {wanted} of the {ranking} ranking{among}, the available data has only these places [1]:"
    elif complete:
        lead = f"{wanted} địa phương dẫn đầu {ranking}{among} [1]:"
    else:
        lead = f"Trong nhóm {wanted} dẫn đầu {ranking}{among}, dữ liệu hiện có chỉ có các địa phương sau [1]:"
    lines, cited = [lead], []
    for r in top:
        score = _score_of(filed, figures, r)
        points = ""
        if score is not None:
            value = en_number(score.value) if english else vn_number(score.value)
            points = f": {value} points" if english else f": {value} điểm"
        place = english_name(r.scope) if english else r.scope  # a place the glossary lacks keeps its name
        lines.append(f"{int(number(r.value))}. {place}{points}")
        cited += [r, *([score] if score is not None else [])]
    lines.append(as_of_line(cited, english))
    citations = tuple(Citation(1, source_of(index, x.doc_id), _row_passage(index, x.doc_id, x.row)) for x in cited)
    return Answer(q.question, "answered", "\n".join(lines), citations)


def _who_ranks(index: LoadedIndex, q: Query, figures: list[Figure]) -> Answer | None:
    m = _AT_RANK.search(q.folded)
    if not m and not (_HIGHEST.search(q.folded) and {"figure", "rank"} & set(q.intents)):
        return None
    at_number = m and (m.group(1) or m.group(3) or m.group(5) or m.group(6))
    wanted = int(at_number) if at_number else 1
    rows = _ranking_rows(index, q, figures, {str(wanted)})
    if not rows:
        return None
    indicator = rows[0].indicator
    filed = FigureRows.of(index.cache, figures)
    english = q.language == "en"
    at = [r for r in rows if number(r.value) == wanted]
    if not at:
        held = ", ".join(str(int(number(r.value))) for r in sorted(rows, key=lambda r: number(r.value)))
        ranking = indicator.split(" - ")[0]  # "PII 2025 - xếp hạng": the ranking's name, not the row's label
        text = (
            f"The available data has no place ranked {wanted} in the {ranking} ranking; it has ranks {held} [1]."
            if english
            else f"Dữ liệu hiện có không có địa phương xếp thứ {wanted} trong bảng xếp hạng {ranking}; "
            f"chỉ có các vị trí {held} [1]."
        )
        citations = tuple(Citation(1, source_of(index, r.doc_id), _row_passage(index, r.doc_id, r.row)) for r in rows)
        return Answer(q.question, "not_found", text, citations)
    r = at[0]
    score = _score_of(filed, figures, r)
    scores = [score] if score is not None else []
    said = figure_sentences([r, *scores[:1]], english, year_first=False)  # the place asked for, first
    lines = [f"{s} [1]." for s in said] + [as_of_line([r, *scores[:1]], english)]
    citations = tuple(
        Citation(1, source_of(index, x.doc_id), _row_passage(index, x.doc_id, x.row)) for x in [r, *scores[:1]]
    )
    return Answer(q.question, "answered", "\n".join(lines), citations)


def _top_verdict(q: Query, rows: list[Figure], english: bool) -> str | None:
    """ "Phú Thọ có nằm trong top 5 PII không?": Có/Không, computed from the rank row."""
    m = re.search(r"\b(?:top|nhom|trong|dung dau|dan dau)\s+(\d{1,2})\b", q.folded)  # "top 5" reads "dẫn đầu 5"
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


@lru_cache(maxsize=1)
def _person_asked() -> re.Pattern:
    titles = "|".join(map(re.escape, sorted(data.lines("office_titles.txt"), key=len, reverse=True)))
    return re.compile(
        rf"\b(?:pho )?(?:{titles}) nao\b|^nao (?:pho )?(?:{titles})\b"  # "which deputy pm": "nào phó thủ tướng"
        r"|\bai (?:da )?(?:noi|cho biet|neu|phat bieu|bao cao)\b"
    )


def _asks_a_person(f: str) -> bool:
    """ "phó thủ tướng nào …", "ai cho biết …": a person is asked (an office with "nào", or who said it)."""
    return bool(_person_asked().search(f))


@lru_cache(maxsize=1)
def _start_words() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, data.lines("start_words.txt"))) + r")\b")


def _asks_a_start(f: str) -> bool:
    """ "X vận hành khi nào", "khai trương bao giờ": a start asked (data/start_words.txt), no task or deadline."""
    return bool(_start_words().search(f)) and not re.search(r"\b(?:nhiem vu|viec|han|phai|hoan thanh|xong)\b", f)


def _counted(agency: str, f: str) -> bool:
    """The folded question counts what the body's name says ("bao nhiêu doanh nghiệp công nghệ cao" and the
    body "Doanh nghiệp công nghệ số"): the counting words come right before the name's first two words."""
    head = " ".join(folded(agency).split()[:2])
    return bool(re.search(rf"\b(?:bao nhieu|may|so luong)\s+{re.escape(head)}\b", f))


def _figure_score(r: Figure, terms: list[str], its: set[str]) -> float:
    """How well a reported figure answers the question, both ways round (F1): the row must be what the
    question asks ("bao nhiêu xã" → "Số xã", not "Tỷ lệ xã, phường có cáp quang"), and cover its words.
    The note counts towards covering the question ("sau nửa năm thực hiện…"), not towards precision.
    A term of the indicator that stands for question words ("đơn vị hành chính cấp xã" for "xã, phường",
    retrieval/data/figure_words.tsv) counts as those words on both sides."""
    words, covered, context, named, completion = _figure_features(r.indicator, r.note)
    recall = sum([t in context for t in terms]) / len(terms)  # `_recall`, read here once
    if recall < 0.5:
        return 0.0  # a row that leaves most of the question unsaid ("điểm trụ cột thể chế") is no answer
    asked = set(terms)
    own = words & asked  # the indicator's own words the question says
    matched = set(own)
    for term, stands_for in covered:
        if stands_for & asked:
            matched |= term & words
    precision = len(matched) / max(len(words), 1)
    score = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    # What the indicator itself names counts more than what its note adds: "bao nhiêu đơn vị hành chính cấp
    # xã sau sắp xếp" is "Số đơn vị hành chính cấp xã", not "Số xã" whose note mentions the reorganisation.
    score += 0.2 * sum([t in named for t in terms]) / len(terms)
    if "rank" in its and r.unit == "thứ hạng":
        score += 0.25
    if "diem" in terms and r.unit == "điểm":
        score += 0.25
    if "rate" in its and r.total and completion:
        score += 0.25
    # The row writing the question's words in its order: "bao nhiêu doanh nghiệp công nghệ số" is "Số doanh
    # nghiệp công nghệ số đang hoạt động", not "Số doanh nghiệp công nghệ cao" whose note says "số liệu".
    score += PHRASE_STEP * max(0, _run_in_order(terms, _indicator_syllables(r.indicator)) - 1)
    # Between rows that answer as well, the one whose own words are the question's ("Số xã" for "bao
    # nhiêu xã") comes before the one whose term stands for them ("Số đơn vị hành chính cấp xã").
    return score + 0.01 * len(own) / max(len(words), 1)


PHRASE_STEP = 0.04  # each further question word a row's indicator writes right after the one before


@lru_cache(maxsize=1 << 15)  # one per indicator: 9,800 at 100× the registers (4,096 made it miss on every row)
def _indicator_syllables(indicator: str) -> tuple[str, ...]:
    return tuple(content_syllables(_LEADING_GENERIC.sub("", indicator)))


def _run_in_order(terms: list[str], words: tuple[str, ...]) -> int:
    """The longest run of the question's words that `words` holds one after another, in the question's order.
    A run starts only where a term is one of `words`: those starts are tried, not every pair of positions
    (this scored every candidate row of a figure question: thousands at 100× the registers)."""
    best = 0
    for i, term in enumerate(terms):
        if term not in words:
            continue
        for j, word in enumerate(words):
            if word == term:
                n = 1
                while i + n < len(terms) and j + n < len(words) and terms[i + n] == words[j + n]:
                    n += 1
                best = max(best, n)
    return best


_RANK_OF = re.compile(r"^\s*(?:xếp hạng|thứ hạng)\s+(?:về\s+)?", re.IGNORECASE)


def _ranked_measures(chosen: list[Figure], place_rows: list[Figure]) -> list[Figure]:
    """ "Xếp hạng tăng trưởng GRDP 9 tháng đầu năm 2025" (4/34) comes with what was ranked, "Tăng trưởng GRDP
    9 tháng đầu năm 2025" (10,22%), and "PII 2025 - xếp hạng" with "PII 2025 - điểm", of the same place and
    date, when the table has it."""
    out = []
    for r in chosen:
        m = _RANK_OF.match(r.indicator)
        base, _, aspect = r.indicator.partition(" - ")
        if r.unit != "thứ hạng" or not (m or fold(aspect.lower()).strip() == "xep hang"):
            continue
        # "PII 2025 - xếp hạng" (5/34) comes with "PII 2025 - điểm" (49,37): the score ranked
        measure = fold(r.indicator[m.end() :].lower()).strip() if m else fold(f"{base} - điểm".lower()).strip()
        # the cheap tests first: `not in` compares whole rows, field by field, and `place_rows` are every row
        # of the place (thousands at 100× the registers)
        out += [
            x
            for x in place_rows
            if x.scope == r.scope
            and x.as_of == r.as_of
            and fold(x.indicator.lower()).strip() == measure
            and x not in chosen
            and x not in out
        ]
    return out


def _recall(r: Figure, terms: list[str]) -> float:
    context = _figure_features(r.indicator, r.note)[2]
    return sum(t in context for t in terms) / len(terms)


@lru_cache(maxsize=1 << 15)
def _figure_features(indicator: str, note: str) -> tuple:
    """What `_figure_score` reads of a row whatever the question, made once per row: the indicator's own
    words, the terms it uses and what they stand for, the words that cover a question (with the note's),
    the words it names, and whether it counts completions."""
    words = frozenset(content_syllables(_LEADING_GENERIC.sub("", indicator)))
    covered = covered_words(indicator)
    stands_for = {w for _, s in covered for w in s}
    context = words | set(content_syllables(note)) | stands_for
    return words, covered, frozenset(context), words | stands_for, "hoan thanh" in folded(indicator)


def _figure_words(r: Figure) -> set[str]:
    """The words `_figure_score` finds a question's terms in (its context: a row holding under half of them
    scores 0), so only rows that can score are scored."""
    covered = {w for _, stands_for in covered_words(r.indicator) for w in stands_for}
    return set(content_syllables(_LEADING_GENERIC.sub("", r.indicator))) | set(content_syllables(r.note)) | covered


_TARGETS_LISTED = re.compile(r"\bchi tieu (?:nao|gi)\b|\b(?:nhung|cac|danh sach) chi tieu\b")


def _target_count(index: LoadedIndex, q: Query, targets: list[Target], listed: bool = False) -> Answer | None:
    """ "Phụ lục I có bao nhiêu chỉ tiêu đến năm 2030?", "Bộ KH&CN theo dõi mấy chỉ tiêu?": counted from
    the rows, by horizon and by the agency that monitors them; "11.1 … 11.12" are parts of target 11.
    `listed` ("… theo dõi những chỉ tiêu nào"): the count, then each target with its value."""
    horizons = {str(y) for y in q.years} & _horizons(index, targets)
    counted = _counted_targets(index, targets)
    rows = [r for r in counted if r.horizon in horizons] if horizons else counted
    agency = q.agencies[0] if q.agencies else None
    # "Bộ KH&CN theo dõi mấy chỉ tiêu": the rows the table writes under a ministry since merged into it count
    formers = merged_from(agency) if agency else []
    if agency:

        def monitors(r: Target) -> bool:
            return any(folded(a) in folded(r.agency) for a in (agency, *formers))

        rows = [r for r in rows if monitors(r)]
        # "VPCP theo dõi mấy chỉ tiêu": the parts ("11.2 … 11.12") of a target its own row gives to nobody
        headed = {r.code for r in targets if not r.parent and not r.agency}
        parts = [r for r in targets if r.parent in headed and monitors(r) and (not horizons or r.horizon in horizons)]
        if not rows and parts:
            return _target_parts(index, q, targets, parts, agency, listed)
        if not rows and horizons:  # "Bộ Y tế theo dõi mấy chỉ tiêu đến 2045": none — and what it does monitor
            return _no_targets(index, q, [r for r in counted if monitors(r)], agency, horizons)
    if not rows:
        return None
    doc_id = rows[0].doc_id
    rows = [r for r in rows if r.doc_id == doc_id]
    title, n = index.documents[doc_id].title, len(rows)
    by = sorted({r.horizon for r in rows})
    counts = [(h, sum(r.horizon == h for r in rows)) for h in by]
    # "tính cả 15 chỉ tiêu bảng ghi Bộ Thông tin và Truyền thông": one clause, the former name said once
    former_rows = [
        (f, sum(folded(f) in folded(r.agency) and folded(agency) not in folded(r.agency) for r in rows))
        for f in formers
    ]
    former_rows = [(f, k) for f, k in former_rows if k]
    now = merged_into(agency) if agency else None
    if q.language == "en":
        when = f" to {by[0]}" if len(by) == 1 else ""
        who = f" monitored by {english_name(agency)}" if agency else ""
        counted = f"{n} target{'s' if n != 1 else ''}{when}{who}"
        text = f"There {'is' if n == 1 else 'are'} {counted} in {english_title(title)} [1]"
        text += "".join(
            f", including {k} the table still lists under {english_name(f)}, since merged into it"
            for f, k in former_rows
        )
        text += f" (since merged into {english_name(now)})." if now else "."
        if len(by) > 1:
            text += " Of these, " + ", ".join(f"{k} to {h}" for h, k in counts) + "."
    else:
        when = f" đến năm {by[0]}" if len(by) == 1 else ""
        who = f" do {agency} theo dõi" if agency else ""
        text = f"Có {n} chỉ tiêu{when}{who} trong {title} [1]"
        text += "".join(f", tính cả {k} chỉ tiêu bảng còn ghi {f}, nay đã hợp nhất vào bộ này" for f, k in former_rows)
        text += f"; {agency} nay đã hợp nhất vào {now}." if now else "."
        if len(by) > 1:
            text += " Trong đó " + ", ".join(f"{k} chỉ tiêu đến năm {h}" for h, k in counts) + "."
    citations = tuple(Citation(1, source_of(index, doc_id), _row_passage(index, doc_id, r.row)) for r in rows)
    # a text that states this count otherwise ("… theo dõi 27 trong 35 chỉ tiêu đến năm 2030"): quoted, cited
    stated = _stated_target_count(index, agency, q) if agency and q.language != "en" else None
    if stated and stated[1] in dict(counts) and dict(counts)[stated[1]] != stated[2]:
        text += f" {stated[0].rstrip('.')} [2]."
        citations += (Citation(2, source_of(index, index.passages[stated[3]].doc_id), index.passages[stated[3]]),)
    items = [_target_item(r, q.language == "en") for r in rows] if listed else []
    lines = [text, *(f"{i}. {item}" for i, item in enumerate(items[:LIST_LIMIT], start=1))]
    if len(items) > LIST_LIMIT:
        rest = len(items) - LIST_LIMIT
        lines.append(f"… and {rest} more." if q.language == "en" else f"… và {rest} chỉ tiêu khác.")
    return Answer(q.question, "answered", "\n".join(lines), citations, more=tuple(items[LIST_LIMIT:]))


def _no_targets(index: LoadedIndex, q: Query, others: list[Target], agency: str, horizons: set[str]) -> Answer | None:
    """A zero count of an agency's targets for a year the table holds: an answer, with the targets it monitors
    for the other years (None when it monitors none at all: no evidence the table covers it)."""
    if not others:
        return None
    english = q.language == "en"
    doc_id = others[0].doc_id
    others = [r for r in others if r.doc_id == doc_id]
    title, years = index.documents[doc_id].title, ", ".join(sorted(horizons))
    horizons_held = sorted({r.horizon for r in others})
    counts = [(h, sum(r.horizon == h for r in others)) for h in horizons_held]
    if english:
        tally = ", ".join(f"{k} target{'s' if k != 1 else ''} to {h}" for h, k in counts)
    else:
        tally = ", ".join(f"{k} chỉ tiêu đến năm {h}" for h, k in counts)
    if english:
        text = (
            f"There are no targets to {years} monitored by {english_name(agency)} in {english_title(title)} [1];"
            f" it monitors {tally}."
        )
    else:
        text = (
            f"Không có chỉ tiêu nào đến năm {years} do {agency} theo dõi trong {title} [1]; {agency} theo dõi {tally}."
        )
    items = [_target_item(r, english) for r in others]
    lines = [text, *(f"{i}. {item}" for i, item in enumerate(items[:LIST_LIMIT], start=1))]
    citations = tuple(Citation(1, source_of(index, doc_id), _row_passage(index, doc_id, r.row)) for r in others)
    return Answer(q.question, "answered", "\n".join(lines), citations, more=tuple(items[LIST_LIMIT:]))


def _parts_clause(parts: list[Target], english: bool) -> str:
    """ "chỉ tiêu thành phần 11.2–11.12 của chỉ tiêu 11": which parts of which target `parts` are."""
    by_parent: dict[str, list[str]] = {}
    for r in parts:
        by_parent.setdefault(r.parent, []).append(r.code)
    bits = []
    for parent, codes in by_parent.items():
        span = codes[0] if len(codes) == 1 else f"{codes[0]}–{codes[-1]}"
        bits.append(
            f"{span}, parts of target {parent}" if english else f"chỉ tiêu thành phần {span} của chỉ tiêu {parent}"
        )
    return "; ".join(bits)


def _target_parts(
    index: LoadedIndex, q: Query, targets: list[Target], parts: list[Target], agency: str, listed: bool
) -> Answer:
    """An agency that monitors only parts of a target ("11.2 … 11.12", the parts of target 11): they are counted,
    said to be parts, and listed when a list is asked ("… theo dõi những chỉ tiêu nào")."""
    english = q.language == "en"
    doc_id = parts[0].doc_id
    parts = [r for r in parts if r.doc_id == doc_id]
    title, n = index.documents[doc_id].title, len(parts)
    parent = {r.code: r for r in targets if r.doc_id == doc_id}.get(parts[0].parent)
    whole = f" «{parent.indicator}»" if parent and len({r.parent for r in parts}) == 1 else ""
    which = _parts_clause(parts, english)
    if english:
        text = (
            f"{english_name(agency)} monitors {n} target{'s' if n != 1 else ''} in {english_title(title)} [1],"
            f" all of them parts of a larger target: {which}."
        )
    else:
        text = f"Có {n} chỉ tiêu do {agency} theo dõi trong {title} [1], đều là {which}{whole}."
    items = [_target_item(r, english) for r in parts] if listed else []
    lines = [text, *(f"{i}. {item}" for i, item in enumerate(items[:LIST_LIMIT], start=1))]
    if len(items) > LIST_LIMIT:
        rest = len(items) - LIST_LIMIT
        lines.append(f"… and {rest} more." if english else f"… và {rest} chỉ tiêu khác.")
    cited = [*_parents(targets, parts), *parts]
    citations = tuple(Citation(1, source_of(index, doc_id), _row_passage(index, doc_id, r.row)) for r in cited)
    return Answer(q.question, "answered", "\n".join(lines), citations, more=tuple(items[LIST_LIMIT:]))


def _parents(targets: list[Target], parts: list[Target]) -> list[Target]:
    """The targets `parts` are parts of, cited with them: the answer names their codes."""
    wanted = {(r.doc_id, r.parent) for r in parts}
    return [r for r in targets if (r.doc_id, r.code) in wanted]


def _target_item(r: Target, english: bool) -> str:
    """One target in a list: "Tỉ lệ giao dịch không dùng tiền mặt: ≥ 80% (chỉ tiêu 12, năm 2030)"."""
    unit = "" if r.unit in ("", "Thứ bậc") or r.unit in r.target else r.unit
    target = r.target + (unit if unit.startswith("%") else f" {unit}" if unit else "")
    if english:
        return f"{r.indicator}: {target} (indicator {r.code}, by {r.horizon})"
    return f"{r.indicator}: {target} (chỉ tiêu {r.code}, năm {r.horizon})"


_STATED_COUNT = re.compile(r"\b(\d+) (?:trong|tren) (?:tong so )?\d+ chi tieu den nam (20\d\d)\b")


def _stated_target_count(index: LoadedIndex, agency: str, q: Query) -> tuple[str, str, int, int] | None:
    """A sentence of a text (not a register) that states how many targets of a horizon `agency` monitors
    ("Bộ Khoa học và Công nghệ chủ trì theo dõi 27 trong 35 chỉ tiêu đến năm 2030"): (the sentence, the
    horizon, the number, the passage's position); found once per build and agency."""
    key = ("stated_target_count", folded(agency))
    if key not in index.cache:
        found = None
        for i, p in enumerate(index.passages):
            if index.documents[p.doc_id].columns or "chi tieu" not in folded(p.text):
                continue
            for sentence in re.split(r"(?<=[.!?])\s+", p.text):
                f = folded(sentence)
                m = _STATED_COUNT.search(f)
                if m and folded(agency) in f[: m.start()]:
                    found = (sentence, m[2], int(m[1]), i)
                    break
            if found:
                break
        index.cache[key] = found
    found = index.cache[key]
    return found if found and (index.access[found[3]] or q.sees_internal) else None


def merged_note(cell: str, english: bool = False) -> str:
    """What follows a cell naming a ministry since merged into another: " (nay đã hợp nhất vào Bộ Khoa học
    và Công nghệ)", or " (Bộ Thông tin và Truyền thông nay đã hợp nhất vào …)" when the cell names others too;
    "" otherwise (`merged_agencies.tsv`)."""
    parts = [p.strip() for p in split_agencies(cell, AGENCY_SEPARATORS)]
    merged = [(p, now) for p in parts if (now := merged_into(p))]
    alone = len(parts) == 1
    if english:
        return "".join(
            f" ({'' if alone else english_name(p) + ', '}since merged into {english_name(now)})" for p, now in merged
        )
    return "".join(f" ({'' if alone else p + ' '}nay đã hợp nhất vào {now})" for p, now in merged)


def _lower_first(text: str) -> str:
    """ "Quy mô kinh tế số" → "quy mô kinh tế số"; "GII" and "Việt Nam" stay as written."""
    return text[:1].lower() + text[1:] if len(text) > 1 and text[1].islower() and text[:2] != "Vi" else text


def _target_words(r: Target) -> tuple[str, ...]:
    return content_syllables(f"{r.indicator} {r.unit}")


def _counted_targets(index: LoadedIndex, targets: list[Target]) -> list[Target]:
    """Per build and role, once: the targets a count counts, in register order (not the parts "11.1 …
    11.12" of one); every count question filtered all of them again."""
    key = ("counted_targets", id(targets))
    found = index.cache.get(key)
    if found is None or found[0] is not targets:
        found = index.cache[key] = (targets, [r for r in targets if not r.parent])
    return found[1]


def _horizons(index: LoadedIndex, targets: list[Target]) -> set[str]:
    """The target years a register holds, once per build and role."""
    key = ("target_horizons", id(targets))
    found = index.cache.get(key)
    if found is None or found[0] is not targets:
        found = index.cache[key] = (targets, {r.horizon for r in targets})
    return found[1]


def _target(index: LoadedIndex, q: Query, targets: list[Target]) -> Answer | None:
    terms = [t for t in dict.fromkeys(content_syllables(q.text)) if t not in {"chi", "tieu", "muc"}]
    if len(terms) < 2:
        return None
    best, best_score = None, 0.0
    # how many of the terms each target's indicator and unit hold (`_target_words`), of those holding any
    can = WordIndex.of(index.cache, targets, "targets", _target_words).counts(terms, 1)
    # "… năm 2045?": a target of that horizon, when the register has one.
    horizons = {str(y) for y in q.years} & _horizons(index, targets) if q.years else set()
    for r, held in ((targets[i], n) for i, n in can if not horizons or targets[i].horizon in horizons):
        score = held / len(terms)
        if score > best_score:
            best, best_score = r, score
    if best is None or best_score < 0.6:
        return None
    unit = "" if best.unit in ("", "Thứ bậc") or best.unit in best.target else best.unit
    target = best.target + (unit if unit.startswith("%") else f" {unit}" if unit else "")  # "≥ 30% GDP"
    verdict = None
    if "yesno" in q.asks and asks_if_reached(q.text):
        return None  # "… 70% … đã đạt chưa?": a target says what is to be reached, not what was — prose may say
    if "yesno" in q.asks and (value := number(best.value)) is not None:  # "… target 30% of GDP by 2030?"
        verdict = figure_verdict(q.folded, [("%" if "%" in best.unit else "", value)], q.language == "en")
    if q.language == "en":
        text = (
            f"Target by {best.horizon}: {target} — indicator {best.code}, {best.indicator}"
            + (f"; monitored by {english_name(best.agency)}{merged_note(best.agency, True)}" if best.agency else "")
            + " [1]."
        )
    else:
        # The value in the first clause: "Mục tiêu đến năm 2045: quy mô kinh tế số ≥ 50% GDP (chỉ tiêu 36)".
        what = _lower_first(best.indicator)
        said = f": {what} {target}" if best.value else f" về {what}: {_lower_first(target)}"
        text = (
            f"Mục tiêu đến năm {best.horizon}{said} (chỉ tiêu {best.code})"
            + (f"; cơ quan theo dõi: {best.agency}{merged_note(best.agency)}" if best.agency else "")
            + " [1]."
        )
    citation = Citation(1, source_of(index, best.doc_id), _row_passage(index, best.doc_id, best.row))
    return Answer(q.question, "answered", f"{verdict} {text}" if verdict else text, (citation,))


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
