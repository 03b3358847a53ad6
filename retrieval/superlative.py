"""Superlatives over the task registers: "bộ nào chủ trì nhiều nhiệm vụ nhất", "xã nào nhiều nhiệm vụ nhất",
"which ward has the most overdue tasks", "top 3 ministries by number of tasks".

Every candidate's rows are counted by the rules of a count answer (a ministry's tasks are the rows whose lead
cell names it, co-led tasks included; a commune's are the rows of that commune; overdue means past its due
date and not completed, in a register that records progress), and the ranking is computed, never read from
a text. Ties are said as ties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import data
from .english_lead import english_title
from .exact import DONE, _row_passage
from .index import LoadedIndex
from .models import Answer, Citation
from .query import Query
from .question import folded
from .registers import Tables, Task, tables
from .row_index import docs_with_status
from .search import source_of
from .vi import en_date, vn_date
from .wording import en_period, en_status, english_name

SHOWN = 5  # candidates named after the first: enough to see the ranking, short enough to read

# "nhiều nhiệm vụ nhất", "nhiều nhất", "ít việc nhất" — not "ít nhất 3 tổ chức" (at least)
# "nhiều việc quá hạn nhất", "nhiều việc chưa thực hiện nhất": a status or a window may stand before "nhất"
_MOST = re.compile(r"\bnhieu\s+(?:(?:nhiem vu|viec|cong viec)(?:\s+\w+){0,3}\s+)?nhat\b")
_FEWEST = re.compile(r"\bit\s+(?:(?:nhiem vu|viec|cong viec)\s+)?nhat\b(?!\s*\d)")
_TOP = re.compile(r"\b(?:dan dau|top)\s+(\d{1,2})\b|\b(\d{1,2})\s+(?:bo|xa|phuong|co quan)\b[^?]*\bnhat\b")
_TASKS = re.compile(r"\b(?:nhiem vu|viec|cong viec|qua han|tre han)\b")  # "xã nào quá hạn nhiều nhất": tasks
# what is ranked: the word before "nào", or the noun a "top N" names
_KINDS = (
    ("ward", re.compile(r"(?<!xa )(?<!xa, )\bphuong\s+nao\b|\b\d{1,2}\s+phuong\b")),  # "xã, phường nào": both
    ("commune", re.compile(r"\b(?:xa|xa, phuong|xa phuong|dia phuong|don vi cap xa)\s+nao\b|\b\d{1,2}\s+xa\b")),
    ("ministry", re.compile(r"\bbo\s+nao\b|\b\d{1,2}\s+bo\b")),
    ("agency", re.compile(r"\b(?:co quan|don vi)\s+nao\b|\b\d{1,2}\s+co quan\b")),
)
_NAMED_KINDS = (
    ("ward", re.compile(r"\bphuong\b")),
    ("commune", re.compile(r"\bxa\b")),
    ("ministry", re.compile(r"\bbo\b(?! phan)")),
    ("agency", re.compile(r"\bco quan\b")),
)
_NOUN = {
    "ministry": ("bộ", "ministry", "ministries"),
    "agency": ("cơ quan", "agency", "agencies"),
    "commune": ("xã, phường", "commune or ward", "communes and wards"),
    "ward": ("phường", "ward", "wards"),
}


@dataclass(frozen=True)
class Ranked:
    name: str
    rows: tuple[Task, ...]


def asked(f: str) -> tuple[str, str, int] | None:
    """(kind, "most" | "fewest", how many named first) when the folded question asks for a superlative over
    tasks, else None."""
    if not _TASKS.search(f):
        return None
    top = _TOP.search(f)
    direction = "fewest" if _FEWEST.search(f) else "most" if (_MOST.search(f) or top) else None
    if direction is None:
        return None
    kind = next((k for k, pattern in _KINDS if pattern.search(f)), None)
    # "ministry w/ fewest tasks", "who has the most tasks among the ministries": the kind named anywhere
    kind = kind or next((k for k, pattern in _NAMED_KINDS if pattern.search(f)), None)
    if kind is None:
        return None
    n = int(top.group(1) or top.group(2)) if top else 1
    return kind, direction, max(1, min(n, 10))


def answer_superlative(index: LoadedIndex, q: Query) -> Answer | None:
    """The ranking a superlative question asks for, computed from the rows the role may see; None when the
    question asks none (or names the one agency or commune it is about)."""
    wanted = asked(q.folded)
    if wanted is None or q.agencies or q.communes:
        return None
    t = tables(index, q.role)
    kind, direction, n = wanted
    english = q.language == "en"
    overdue = "overdue" in q.intents
    partner = bool(re.search(r"\bphoi hop\b", q.folded) and not re.search(r"\bchu tri\b", q.folded))
    rows = list(t.tasks)
    recorded = docs_with_status(index.cache, tables(index, "official").tasks)
    if overdue or q.status:  # progress is asked: only the registers that record it can say
        rows = [r for r in rows if r.doc_id in recorded]
    if overdue:
        rows = [r for r in rows if r.due_date and r.due_date < q.today and r.status != DONE]
    elif q.status == "unfinished":
        rows = [r for r in rows if r.status != DONE]
    elif q.status:
        rows = [r for r in rows if r.status == q.status]
    if q.period:
        rows = [r for r in rows if q.period.holds(r.deadline, r.due_date)]
    ranked = _rank(t, rows, kind, partner)
    if not ranked:
        return None
    ranked.sort(key=lambda x: (-len(x.rows), x.name) if direction == "most" else (len(x.rows), x.name))
    first = ranked[:n]
    edge = len(first[-1].rows)
    tied = [x for x in ranked[n:] if len(x.rows) == edge]
    docs = list(dict.fromkeys(r.doc_id for x in first + tied for r in x.rows))
    number_of = {d: i for i, d in enumerate(docs, start=1)}
    refs = " ".join(f"[{number_of[d]}]" for d in docs)
    what_vi, what_en = _what(q, overdue, partner)
    registers_vi = "; ".join(index.documents[d].title for d in docs)
    registers_en = "; ".join(english_title(index.documents[d].title) for d in docs)
    lines = [
        _lead_en(kind, direction, n, first, tied, what_en, registers_en, refs, partner)
        if english
        else _lead_vi(kind, direction, n, first, tied, what_vi, registers_vi, refs, partner)
    ]
    rest = [x for x in ranked[n + len(tied) :] if x.rows or direction == "fewest"][:SHOWN]
    if rest:
        listed = "; ".join(f"{_name(x.name, english)}: {len(x.rows)}" for x in rest)
        lines.append(f"Next: {listed}." if english else f"Tiếp theo: {listed}.")
    if kind in ("ministry", "agency") and not partner:
        lines.append(
            "A task led jointly counts for each of its leads; tasks given to all ministries and localities"
            " count for none."
            if english
            else "Nhiệm vụ đồng chủ trì được tính cho mỗi cơ quan chủ trì; nhiệm vụ giao chung cho «các bộ, ngành,"
            " địa phương» không tính cho bộ nào."
        )
    # every count said is computed from cited rows: the runners-up's too
    named = first + tied + rest
    for d in dict.fromkeys(r.doc_id for x in named for r in x.rows):
        number_of.setdefault(d, len(number_of) + 1)
    seen: set[tuple[str, int]] = set()
    citations = tuple(
        Citation(number_of[r.doc_id], source_of(index, r.doc_id), _row_passage(index, r.doc_id, r.row))
        for x in named
        for r in x.rows
        if (r.doc_id, r.row) not in seen and not seen.add((r.doc_id, r.row))
    )
    return Answer(q.question, "answered", "\n".join(lines), citations)


def _rank(t: Tables, rows: list[Task], kind: str, partner: bool) -> list[Ranked]:
    counted: dict[str, list[Task]] = {}
    if kind in ("commune", "ward"):
        every = {r.commune for r in t.tasks if r.commune}
        for name in every:
            if kind == "ward" and not folded(name).startswith("phuong "):
                continue
            counted[name] = [r for r in rows if r.commune == name]
        return [Ranked(name, tuple(found)) for name, found in counted.items()]
    names: dict[str, str] = {
        folded(n): n for n in _canonical() if folded(n) in {folded(v) for v in t.agencies.values()}
    }
    for name in t.agencies.values():  # folded → as spelt: the alias table's spelling, else the registers' first
        key = folded(name)
        if kind == "ministry" and not key.startswith("bo "):
            continue
        if kind == "agency" and not re.match(r"(?:bo|van phong|ngan hang|vien|uy ban|ubnd|dang uy)\b", key):
            continue
        names.setdefault(key, name)
    for key, name in names.items():
        found = [r for r in rows if key in folded(r.partners if partner else r.lead)]
        if found or kind == "ministry":
            counted[name] = found
    # a name that only ever helps (never leads) is no candidate for "leads the most": it would tie at zero
    return [Ranked(name, tuple(found)) for name, found in counted.items() if found or partner]


@lru_cache(maxsize=1)
def _canonical() -> tuple[str, ...]:
    return tuple(line.split("\t")[0] for line in data.lines("agencies.tsv"))


def _what(q: Query, overdue: bool, partner: bool) -> tuple[str, str]:
    vi, en = [], []
    if overdue:
        vi.append(f"quá hạn tính đến {vn_date(q.today)}")
        en.append(f"overdue as of {en_date(q.today)}")
    elif q.status and q.status != "unfinished":
        vi.append(f"ở trạng thái «{q.status.lower()}»")
        en.append(en_status(q.status))
    elif q.status:
        vi.append("chưa hoàn thành")
        en.append("not yet completed")
    if q.period:
        vi.append(f"có hạn {q.period.label}")
        en.append(f"due {en_period(q.period.label)}")
    return " ".join(vi), " ".join(en)


def _name(name: str, english: bool) -> str:
    return english_name(name) if english else name


def _lead_vi(kind, direction, n, first, tied, what, registers, refs, partner=False) -> str:
    noun = _NOUN[kind][0]
    # "bộ nào phối hợp nhiều nhiệm vụ nhất" counts the partners cell: said so, not "chủ trì"
    role = ("phối hợp" if partner else "chủ trì") if kind in ("ministry", "agency") else "có"
    most = "nhiều" if direction == "most" else "ít"
    what = f" {what}" if what else ""
    if n == 1 and not tied:
        x = first[0]
        return f"{x.name} {role} {most} nhiệm vụ{what} nhất: {len(x.rows)} nhiệm vụ, theo {registers} {refs}."
    if n == 1:
        names = ", ".join(x.name for x in first + tied)
        each = len(first[0].rows)
        return (
            f"Các {noun} {names} cùng {role} {most} nhiệm vụ{what} nhất: mỗi {noun} {each} nhiệm vụ,"
            f" theo {registers} {refs}."
        )
    listed = "; ".join(f"{i}. {x.name}: {len(x.rows)}" for i, x in enumerate(first + tied, start=1))
    return f"{len(first)} {noun} {role} {most} nhiệm vụ{what} nhất theo {registers} {refs}: {listed}."


def _lead_en(kind, direction, n, first, tied, what, registers, refs, partner=False) -> str:
    many = _NOUN[kind][2]
    verb = ("helps with" if partner else "leads") if kind in ("ministry", "agency") else "has"
    most = "the most" if direction == "most" else "the fewest"
    what = f" {what}" if what else ""
    if n == 1 and not tied:
        x = first[0]
        count = len(x.rows)
        return (
            f"{english_name(x.name)} {verb} {most} tasks{what}: {count} task{'s' if count != 1 else ''}"
            f" in {registers} {refs}."
        )
    if n == 1:
        names = ", ".join(english_name(x.name) for x in first + tied)
        verb = {"leads": "lead", "helps with": "help with"}.get(verb, "have")
        each = len(first[0].rows)
        return f"{len(first + tied)} {many} tie with {most} tasks{what}, {each} each: {names} ({registers} {refs})."
    listed = "; ".join(f"{i}. {english_name(x.name)}: {len(x.rows)}" for i, x in enumerate(first + tied, start=1))
    verb = {"leads": "lead", "helps with": "help with"}.get(verb, "have")
    return f"The {len(first)} {many} that {verb} {most} tasks{what} in {registers} {refs}: {listed}."
