"""What deadline reminders are made of: the agencies and communes a role can follow, and their tasks due soon.

Names come from the task registers a role may see (internal rows only for officials and admins), so a
citizen can neither follow nor be told about anything only internal rows mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .access import sees_internal
from .exact import DONE, tables
from .index import LoadedIndex
from .models import Watch
from .question import agency_names, commune_names, find_names, folded
from .registers import Task

KINDS = ("agency", "commune")  # tasks led by an agency; tasks assigned to a commune
MAX_CHOICES = 8


@dataclass(frozen=True)
class DueTask:
    task: Task
    window: str  # "due": due within the next days | "overdue": past its date and not finished
    days_left: int  # negative when overdue
    has_status: bool  # whether its register records progress at all
    register: str  # the register's title


def names(index: LoadedIndex, role: str) -> dict[str, Watch]:
    """Folded name (and its short forms) → what it names, for the tasks this role may see."""
    key = ("watch-names", sees_internal(role))
    if key in index.cache:
        return index.cache[key]
    tasks = tables(index, role).tasks
    cells = list(dict.fromkeys(t.lead for t in tasks))  # each lead cell once: a few hundred, not every row
    leads = {folded(c) for c in cells}
    leading: dict[str, bool] = {}  # folded canonical name → whether it leads anything here
    out: dict[str, Watch] = {}
    for name_key, canonical in agency_names(cells).items():
        wanted = folded(canonical)
        if wanted not in leading:
            leading[wanted] = any(wanted in lead for lead in leads)
        if leading[wanted]:  # aliases of agencies that lead nothing here are left out
            out.setdefault(name_key, Watch("agency", canonical))
    for name_key, canonical in commune_names([t.commune for t in tasks]).items():
        out.setdefault(name_key, Watch("commune", canonical))
    index.cache[key] = out
    return out


def match(index: LoadedIndex, role: str, text: str) -> list[Watch]:
    """The agencies and communes `text` names: exactly or with a typo, else every name containing it."""
    f = folded(text)
    if not f:
        return []
    table = names(index, role)
    found: list[Watch] = []
    for kind in KINDS:
        subset = {k: w.name for k, w in table.items() if w.kind == kind}
        found += [Watch(kind, n) for n in find_names(f, subset)]
    if not found and len(f) >= 2:
        pattern = re.compile(rf"(?<!\w){re.escape(f)}(?!\w)")
        found = [w for k, w in table.items() if pattern.search(k)]
    return list(dict.fromkeys(found))[:MAX_CHOICES]


def tasks_of(index: LoadedIndex, role: str, watch: Watch) -> list[Task]:
    """The tasks a followed agency leads or a followed commune is assigned, in register order."""
    tasks = tables(index, role).tasks
    by_commune, by_lead = _filed(index, role, tasks)
    if watch.kind == "commune":
        return [tasks[i] for i in by_commune.get(watch.name, ())]
    wanted = folded(watch.name)
    return [tasks[i] for i in sorted(i for lead, at in by_lead.items() if wanted in lead for i in at)]


def _filed(index: LoadedIndex, role: str, tasks: list[Task]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Per build and role, once: task positions by commune and by folded lead cell (the reminder job asks
    for every followed name; each was a pass over every row)."""
    key = ("watch-tasks", sees_internal(role))
    found = index.cache.get(key)
    if found is None or found[0] is not tasks:
        by_commune: dict[str, list[int]] = {}
        by_lead: dict[str, list[int]] = {}
        for i, t in enumerate(tasks):
            by_commune.setdefault(t.commune, []).append(i)
            by_lead.setdefault(folded(t.lead), []).append(i)
        found = index.cache[key] = (tasks, (by_commune, by_lead))
    return found[1]


def due_tasks(index: LoadedIndex, role: str, watch: Watch, today: date, days: int) -> list[DueTask]:
    """Unfinished tasks of `watch` due within `days` days of `today`, and those already past their date.

    A task marked "Hoàn thành" is never listed. A register that records no progress at all cannot tell
    overdue from finished: its past-date tasks are listed as "đã đến hạn" (see retrieval/exact.py).
    """
    visible = tables(index, role).tasks
    with_status = {t.doc_id for t in visible if t.status}
    horizon = today + timedelta(days=days)
    out = []
    for t in tasks_of(index, role, watch):
        if t.due_date is None or t.status == DONE or t.due_date > horizon:
            continue
        window = "overdue" if t.due_date < today else "due"
        out.append(
            DueTask(t, window, (t.due_date - today).days, t.doc_id in with_status, index.documents[t.doc_id].title)
        )
    out.sort(key=lambda d: (d.task.due_date, d.task.doc_id, d.task.row))
    return out


def among(watches: list[Watch], text: str) -> list[Watch] | None:
    """Which of `watches` (what a chat follows) `text` names: None for "tất cả"/"hết" (all of them), every
    one for no text, else those whose name contains the text or is contained in it."""
    f = folded(text)
    if f in ("tat ca", "het"):
        return None
    if not f:
        return list(watches)
    return [w for w in watches if f in folded(w.name) or folded(w.name) in f]
