"""Tables as offices make them (XLSX sheets, CSV, tables in DOCX/PDF/HTML) → a header and clean rows.

A register sheet rarely starts with its header: title rows come first ("DANH MỤC NHIỆM VỤ TRIỂN KHAI
KẾ HOẠCH SỐ 321/KH-UBND …"), cells are merged, group rows ("I", "Hoàn thiện thể chế") split the tasks,
and deadlines are written as people say them ("Quý II/2025"). This module finds the header row by
scoring rows against retrieval/data/register_columns.tsv, turns group rows into a "Nhóm" column, derives
"Ngày đến hạn" from the deadline, and reads the document the title rows name.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from ..access import access_columns
from ..registers import classify
from ..text import fold, nfc
from ..vi import vn_date
from .header import sentence_case

HEADER_SEARCH = 20  # the header row is among the first rows of a sheet
GROUP_COLUMN = "Nhóm"
DUE_COLUMN = "Ngày đến hạn"
ID_COLUMN = "TT"
STATUSES = (
    (r"(da )?hoan thanh", "Hoàn thành"),
    (r"(dang|da va dang) (thuc hien|trien khai)", "Đang thực hiện"),
    (r"chua (thuc hien|trien khai|hoan thanh)", "Chưa thực hiện"),
    (r"qua han|cham tien do|tre han", "Quá hạn"),
)
_ROMAN = re.compile(r"^([IVX]{1,5}|[A-Z])\.?$")
_GROUP_TEXT = re.compile(r"^([IVX]{1,5}|[A-Z])[.)]\s+\S")
_DOC_REF = re.compile(
    r"\b(KẾ HOẠCH|QUYẾT ĐỊNH|NGHỊ QUYẾT|CHỈ THỊ|CHƯƠNG TRÌNH|ĐỀ ÁN|KẾT LUẬN|CÔNG VĂN|THÔNG BÁO|NGHỊ ĐỊNH)"
    r"\s+(?:SỐ\s*:?\s*)?(\d{1,5}[\w/.\-&]*?[A-Za-zĐđ][\w/.\-&]*)",
    re.IGNORECASE,
)
_RECURRING = re.compile(r"thuong xuyen|hang nam|hang quy|hang thang|lien tuc|dinh ky")


@dataclass
class Table:
    """A table read off a grid: header, rows, what the title rows said, and which register it maps to."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    header_row: int  # index in the grid (0: the first row is the header)
    titles: list[str] = field(default_factory=list)  # the title rows above the header, each as one line
    register: str | None = None  # tasks | targets | figures, or None for another table
    reworked: bool = False  # groups, due dates or ids were derived (the rows differ from the grid's)

    def meta(self) -> dict:
        """Document fields the title rows give: title, and the number and date of a named document."""
        out: dict = {}
        text = " ".join(self.titles)
        named = [t for t in self.titles if not (t.startswith("(") and t.endswith(")"))][:2]  # not "(Kèm theo …)"
        if named:
            out["title"] = " — ".join(sentence_case(t) for t in named)
        m = _DOC_REF.search(text)
        if m:
            out["number"] = m.group(2).rstrip(".,;:-")
            when = _date_in(text[m.end() : m.end() + 40])
            if when:
                out["date"] = when
        if self.register:
            out["kind"] = "register"
        return out

    @property
    def keeps_rows(self) -> bool:
        """Whether the table stays a table document (one passage per row) rather than lines of the text:
        registers, and any table with an access column, so an internal row stays its own, internal, row."""
        return self.register is not None or bool(access_columns(self.columns))

    def lines(self) -> list[str]:
        """Each row as "Header: value | …", the way registers read as passages."""
        return [" | ".join(f"{h}: {v}" for h, v in zip(self.columns, row) if v) for row in self.rows]


def cell_text(value) -> str:
    """A spreadsheet value as the text a person reads: dates dd/mm/yyyy, 5.0 → 5, whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date() if value.time() == time() else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return vn_date(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return " ".join(nfc(str(value)).split())


def read_table(grid: list[list[str]]) -> Table | None:
    """The table in a grid of cell texts; None when no row has two or more cells."""
    grid = [[cell_text(c) for c in row] for row in grid]
    width = max((len(r) for r in grid), default=0)
    grid = [r + [""] * (width - len(r)) for r in grid]
    found = _find_header(grid)
    if found is None:
        return None
    at, register = found
    header = _header_names(grid[at])
    titles = [_row_line(r) for r in grid[:at] if _row_line(r)]
    body = [r for r in grid[at + 1 :] if any(r) and not _column_numbers(r)]
    keep = [i for i, h in enumerate(header) if h or any(r[i] for r in body)]
    header = [header[i] or f"Cột {i + 1}" for i in keep]
    body = [[r[i] for i in keep] for r in body]
    table = Table(tuple(header), tuple(tuple(r) for r in body), at, titles, register)
    if register == "tasks":
        _tasks(table)
    return table


def needs_rework(grid: list[list[str]]) -> bool:
    """Whether a CSV must go through read_table rather than being taken row for row (header first)."""
    if not grid:
        return False
    first = classify(tuple(_header_names(grid[0])))
    if first is None:
        found = _find_header([[cell_text(c) for c in row] for row in grid])
        return found is not None and found[1] is not None
    table, mapping = first
    if table != "tasks":
        return False
    return "due_date" not in mapping or any(_is_group(row, mapping) for row in grid[1:])


def due_date(deadline: str) -> str:
    """The ISO date a deadline as written ends on: "6/2025" → 2025-06-30, "Quý II/2025" → 2025-06-30,
    "30/6/2026" → 2026-06-30, "Năm 2025" → 2025-12-31; "" for recurring, multi-year or unreadable ones."""
    f = fold(nfc(deadline)).lower()
    if not f.strip() or _RECURRING.search(f):
        return ""
    found: list[date] = []
    rest = f
    for m in re.finditer(r"(\d{4})-(\d{2})-(\d{2})", rest):
        found.append(_safe_date(int(m[1]), int(m[2]), int(m[3])))
    rest = re.sub(r"\d{4}-\d{2}-\d{2}", " ", rest)
    for m in re.finditer(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b", rest):
        found.append(_safe_date(int(m[3]), int(m[2]), int(m[1])))
    rest = re.sub(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b", " ", rest)
    for m in re.finditer(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})", rest):
        found.append(_safe_date(int(m[3]), int(m[2]), int(m[1])))
    rest = re.sub(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}", " ", rest)
    for m in re.finditer(r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:/|-|nam)\s*(\d{4})", rest):
        q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m[1]) or int(m[1])
        found.append(_month_end(int(m[2]), 3 * q))
    rest = re.sub(r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:/|-|nam)\s*\d{4}", " ", rest)
    for m in re.finditer(r"\b6 thang (dau|cuoi) nam\s*(\d{4})", rest):
        found.append(_month_end(int(m[2]), 6 if m[1] == "dau" else 12))
    rest = re.sub(r"\b6 thang (dau|cuoi) nam\s*\d{4}", " ", rest)
    for m in re.finditer(r"\b(?:thang\s*|t)?(\d{1,2})\s*(?:/|-|nam)\s*(\d{4})\b", rest):
        if 1 <= int(m[1]) <= 12:
            found.append(_month_end(int(m[2]), int(m[1])))
    rest = re.sub(r"\b(?:thang\s*|t)?\d{1,2}\s*(?:/|-|nam)\s*\d{4}\b", " ", rest)
    years = [int(y) for y in re.findall(r"\b(20\d\d|19\d\d)\b", rest)]
    if len(years) >= 2 and not found:
        return ""  # "2025-2030", "giai đoạn 2026-2030": a span of years, not a deadline
    found.extend(date(y, 12, 31) for y in years)
    found = [d for d in found if d]
    return max(found).isoformat() if found else ""


def status(text: str) -> str:
    """ "Đã hoàn thành" → "Hoàn thành", "Đang triển khai" → "Đang thực hiện"; other text as written."""
    f = fold(text).lower().strip()
    for pattern, name in STATUSES:
        if re.match(pattern + r"\b", f):
            return name
    return text


# --- header and title rows -------------------------------------------------------------------------


def _find_header(grid: list[list[str]]) -> tuple[int, str | None] | None:
    """The register header row with the most known columns; else the first row with two filled cells."""
    best: tuple[int, int, str] | None = None
    for i, row in enumerate(grid[:HEADER_SEARCH]):
        found = classify(tuple(_header_names(row)))
        if found:
            score = len(found[1])
            if best is None or score > best[0]:
                best = (score, i, found[0])
    if best:
        return best[1], best[2]
    for i, row in enumerate(grid):
        if len({c for c in row if c}) >= 2:
            return i, None
    return None


def _header_names(row: list[str]) -> list[str]:
    """Header cells as written, tidied: "Cơ quan\\nchủ trì" → "Cơ quan chủ trì", "Kết quả / Sản phẩm" →
    "Kết quả/Sản phẩm", "Thời hạn (*)" → "Thời hạn"; a name repeated by a merged cell is kept once."""
    names: list[str] = []
    for cell in row:
        name = " ".join(str(cell or "").split())
        name = re.sub(r"\s*/\s*", "/", name)
        name = re.sub(r"\s*\((\*+|\d+)\)\s*$", "", name).strip(" :*")
        if name and name in names:
            name = f"{name} ({names.count(name) + 1})"
        names.append(name)
    return names


def _row_line(row: list[str]) -> str:
    """A title row's text once, though a merged cell repeats it across the row."""
    return " ".join(dict.fromkeys(c for c in row if c))


def _column_numbers(row: list[str]) -> bool:
    """The row of column numbers under a header: "(1) (2) (3)" or "1 2 3 4"."""
    cells = [c for c in row if c]
    if len(cells) < 3:
        return False
    numbers = [re.fullmatch(r"\(?(\d{1,2})\)?", c) for c in cells]
    return all(numbers) and [int(m[1]) for m in numbers] == list(
        range(int(numbers[0][1]), int(numbers[0][1]) + len(cells))
    )


def _date_in(text: str) -> date | None:
    f = fold(text).lower()
    m = re.search(r"ngay\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", f) or re.search(
        r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})", f
    )
    return _safe_date(int(m[3]), int(m[2]), int(m[1])) if m else None


# --- task registers --------------------------------------------------------------------------------


def _tasks(table: Table) -> None:
    """Group rows become the "Nhóm" of the tasks below them; due dates and unique ids are derived."""
    found = classify(table.columns)
    assert found is not None
    mapping = found[1]
    kept: list[tuple[list[str], str]] = []  # (row, its group)
    group = ""
    for raw in table.rows:
        row = list(raw)
        if _is_group(row, mapping):
            group = _group_label(row, mapping)
            continue
        tid = row[mapping["task_id"]] if "task_id" in mapping else ""
        if not row[mapping["title"]] or not (row[mapping["lead"]] or tid):
            continue  # notes under the table, signatures, a numbered empty line
        if "status" in mapping:
            row[mapping["status"]] = status(row[mapping["status"]])
        kept.append((row, group))
    columns = list(table.columns)
    reworked = len(kept) != len(table.rows)
    has_groups = any(g for _, g in kept)
    if "task_id" in mapping:
        ids = [r[mapping["task_id"]] for r, _ in kept]
        if len(set(ids)) != len(ids) and has_groups:
            for r, g in kept:  # "1" under I and "1" under II become "I.1" and "II.1"
                prefix = re.match(r"([IVX]{1,5}|[A-Z])\.", g)
                if prefix and r[mapping["task_id"]]:
                    r[mapping["task_id"]] = f"{prefix[1]}.{r[mapping['task_id']]}"
    rows = [[*r, g] if has_groups and "group" not in mapping else r for r, g in kept]
    if has_groups and "group" not in mapping:
        columns.append(GROUP_COLUMN)
    if "task_id" not in mapping:
        columns.insert(0, ID_COLUMN)
        rows = [[str(n), *r] for n, r in enumerate(rows, start=1)]
        mapping = {k: v + 1 for k, v in mapping.items()}
    if "due_date" not in mapping and "deadline" in mapping:
        columns.append(DUE_COLUMN)
        rows = [[*r, due_date(r[mapping["deadline"]])] for r in rows]
    table.reworked = reworked or columns != list(table.columns) or [tuple(r) for r in rows] != list(table.rows)
    table.columns = tuple(columns)
    table.rows = tuple(tuple(r) for r in rows)


def _is_group(row: list[str], mapping: dict[str, int]) -> bool:
    """ "I | Hoàn thiện thể chế | (empty agency)", or one label merged across the row."""
    title = row[mapping["title"]] if mapping["title"] < len(row) else ""
    tid = row[mapping["task_id"]] if "task_id" in mapping and mapping["task_id"] < len(row) else ""
    if not title:
        return False
    others = {c for i, c in enumerate(row) if c and i != mapping.get("task_id")}
    lead = row[mapping["lead"]] if mapping["lead"] < len(row) else ""
    labelled = bool(_ROMAN.match(tid)) or (not tid and bool(_GROUP_TEXT.match(title)))
    return labelled and (not lead or len(others) == 1)


def _group_label(row: list[str], mapping: dict[str, int]) -> str:
    title = row[mapping["title"]]
    tid = row[mapping["task_id"]].rstrip(".") if "task_id" in mapping else ""
    return f"{tid}. {title}" if tid and not title.startswith(tid) else title


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
