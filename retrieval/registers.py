"""Registers and indicator tables in SQLite: the rows exact answers are computed from.

Every spreadsheet-like document maps into one of three generic tables by its header row:
tasks (who must do what, by when), targets (what is to be reached) and figures (what was reported).
The database is rebuilt with every index build, beside the passages, and switched with them.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import data
from .access import row_access, sees_internal
from .models import Document
from .question import agency_names, commune_names
from .text import header_key

TABLES = {
    "tasks": (
        "task_id",
        "group",
        "title",
        "lead",
        "partners",
        "commune",
        "output",
        "deadline",
        "due_date",
        "status",
        "access",
        "source",
    ),
    "targets": (
        "code",
        "parent",
        "indicator",
        "unit",
        "target",
        "comparator",
        "value",
        "horizon",
        "agency",
        "source",
        "access",
    ),
    "figures": (
        "code",
        "indicator",
        "scope",
        "value",
        "total",
        "unit",
        "as_of",
        "note",
        "source",
        "access",
        "confidence",
    ),
}
# The headers that identify each kind of table; the first table whose required fields all map wins.
REQUIRED = {"tasks": ("title", "lead"), "figures": ("indicator", "scope", "value"), "targets": ("indicator", "target")}


@dataclass(frozen=True)
class Task:
    doc_id: str
    row: int
    task_id: str
    group: str
    title: str
    lead: str
    partners: str
    commune: str
    output: str
    deadline: str
    due_date: date | None
    status: str
    access: str
    source: str


@dataclass(frozen=True)
class Target:
    doc_id: str
    row: int
    code: str
    parent: str
    indicator: str
    unit: str
    target: str
    comparator: str
    value: str
    horizon: str
    agency: str
    source: str
    access: str


@dataclass(frozen=True)
class Figure:
    doc_id: str
    row: int
    code: str
    indicator: str
    scope: str
    value: str  # as written in the table ("41.10"): the digits shown are the digits reported
    total: str
    unit: str
    as_of: date | None
    note: str
    source: str
    access: str
    confidence: str = ""  # how far the figure is confirmed ("một nguồn"): metadata, never quoted as text


ROW_TYPES = {"tasks": Task, "targets": Target, "figures": Figure}


@dataclass(frozen=True)
class Tables:
    """The rows a role may see, with the agency and commune names they mention (key → canonical)."""

    tasks: list[Task]
    targets: list[Target]
    figures: list[Figure]
    agencies: dict[str, str]
    communes: dict[str, str]


def tables(index, role: str) -> Tables:
    """The register rows of a loaded index for a role, read once per build."""
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


@lru_cache(maxsize=1)
def _header_table() -> dict[str, dict[str, str]]:
    """table → {folded header → field}."""
    out: dict[str, dict[str, str]] = {t: {} for t in TABLES}
    for line in data.lines("register_columns.tsv"):
        table, field, variants = line.split("\t")
        for v in variants.split("|"):
            out[table][header_key(v)] = field
    return out


def classify(columns: tuple[str, ...]) -> tuple[str, dict[str, int]] | None:
    """Which generic table a header row maps into, and the column of each field; None for other tables."""
    for table in ("tasks", "figures", "targets"):
        names = _header_table()[table]
        mapping: dict[str, int] = {}
        for i, header in enumerate(columns):
            field = names.get(header_key(header))
            if field and field not in mapping:
                mapping[field] = i
        if all(f in mapping for f in REQUIRED[table]):
            return table, mapping
    return None


def build_database(documents: list[Document], path: Path) -> dict[str, int]:
    """Write every register-like document's rows into the generic tables; returns row counts."""
    db = sqlite3.connect(path)
    counts = dict.fromkeys(TABLES, 0)
    with db:
        for table, fields in TABLES.items():
            cols = ", ".join(f'"{f}"' for f in ("doc_id", "row", *fields))
            db.execute(f"CREATE TABLE {table} ({cols})")
        for doc in documents:
            found = classify(doc.columns) if doc.columns else None
            if not found:
                continue
            table, mapping = found
            fields = TABLES[table]
            for n, row in enumerate(doc.rows):
                values = [_cell(table, f, row, mapping) for f in fields]
                values[fields.index("access")] = row_access(doc.access, doc.columns, row)
                db.execute(
                    f"INSERT INTO {table} VALUES ({', '.join('?' * (len(fields) + 2))})", [doc.doc_id, n, *values]
                )
                counts[table] += 1
    db.close()
    return counts


def _cell(table: str, field: str, row: tuple[str, ...], mapping: dict[str, int]):
    raw = row[mapping[field]].strip() if field in mapping and mapping[field] < len(row) else ""
    if field in ("due_date", "as_of"):
        return _iso(raw)
    return raw


def number(text: str) -> float | None:
    """A table cell as a number, whichever way it was written: "41.10", "41,10", "1.227", "9.361,381"."""
    text = text.replace(" ", "")
    if not text:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):  # Vietnamese: 1.227 or 9.361,381
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", text):  # 41,10
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _iso(text: str) -> str | None:
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return text
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}" if m else None


class Registers:
    """Read access to the tables, filtered by what a role may see."""

    def __init__(self, path: Path) -> None:
        """Opens the build's database read-only; sqlite3.DatabaseError when it is missing or damaged."""
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            found = {name for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if set(TABLES) - found:
                raise sqlite3.DatabaseError(f"tables {sorted(set(TABLES) - found)} are missing")
            (verdict,) = self._db.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError(verdict)
        except BaseException:
            self._db.close()
            raise

    def rows(self, table: str, role: str = "citizen") -> list:
        cls = ROW_TYPES[table]
        where = "" if sees_internal(role) else " WHERE access = 'public'"
        cur = self._db.execute(f'SELECT * FROM {table}{where} ORDER BY doc_id, "row"')
        out = []
        for values in cur:
            record = dict(zip(("doc_id", "row", *TABLES[table]), values))
            for key in ("due_date", "as_of"):
                if key in record:
                    record[key] = date.fromisoformat(record[key]) if record[key] else None
            out.append(cls(**record))
        return out

    def close(self) -> None:
        self._db.close()
