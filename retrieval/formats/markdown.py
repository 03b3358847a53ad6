"""Markdown pipe tables, read the way DOCX, PDF and HTML tables are (retrieval/formats/sheets.py).

A task table (its header names a register's columns: "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn" …)
leaves the text and becomes register rows of its own part, so "how many tasks", "which tasks does Sở X
lead" and "by when" are answered from the rows; any other table becomes one "Column: value | …" line
per row, each its own paragraph, so a row is quoted whole and never cut mid-row.
"""

from __future__ import annotations

import re

from .sheets import Table, read_table

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def split_tables(body: str) -> tuple[str, list[Table]]:
    """The body with its pipe tables read: register tables taken out (returned), the others as lines."""
    lines = body.splitlines()
    out: list[str] = []
    registers: list[Table] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _row_line(line) and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1]) and "|" in lines[i + 1]:
            end = i + 2
            while end < len(lines) and _row_line(lines[end]):
                end += 1
            grid = [_cells(lines[i]), *(_cells(row) for row in lines[i + 2 : end])]
            table = read_table(grid)
            if table is None:
                out.extend(lines[i:end])
            elif table.register:
                registers.append(table)
            else:
                out.extend(f"\n{row}\n" for row in table.lines())
            i = end
            continue
        out.append(line)
        i += 1
    return "\n".join(out), registers


def _row_line(line: str) -> bool:
    return line.strip().startswith("|") and line.count("|") >= 2


def _cells(line: str) -> list[str]:
    """ "| 1 | Sở A \\| Sở B | 6/2025 |" → ["1", "Sở A | Sở B", "6/2025"]."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    cells = re.split(r"(?<!\\)\|", inner)
    return [" ".join(c.replace("\\|", "|").replace("**", "").split()) for c in cells]
