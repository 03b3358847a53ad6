"""DOCX → Markdown text (heading styles become headings) and tables, read with python-docx.

Paragraphs and tables are read in document order. A paragraph in a heading style ("Heading 2", or any
style with an outline level) becomes a Markdown heading of that level; every other paragraph stays a
line of its own, so "Điều 3.", "II." and "a)" lines reach retrieval/chunk.py as its legal structure.
The layout table at the top (agency and number | motto, place and date) is the header, not data.
"""

from __future__ import annotations

import io
import re

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from . import Extraction, Part, Unreadable
from .header import plain_title_lines, read_header
from .sheets import read_table

_HEADING_STYLE = re.compile(r"^(heading|tiêu đề)\s*(\d)$", re.IGNORECASE)
_LAYOUT = re.compile(r"CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập|^Số\s*:?\s*\d", re.IGNORECASE)


def read_docx(data: bytes, name: str) -> Extraction:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors … for broken packages
        raise Unreadable(f"tệp Word bị hỏng, không mở được (corrupt DOCX: {type(e).__name__}: {e})") from None
    blocks: list[str] = []
    header_rows: list[list[str]] = []
    tables: list[tuple[int, object]] = []
    for n, item in enumerate(document.iter_inner_content()):
        if isinstance(item, Paragraph):
            lines = _paragraph(item)
            blocks.extend(lines)
            if len(header_rows) < 40:
                header_rows.extend(re.split(r"\t+", line.lstrip("# ")) for line in lines)
        elif isinstance(item, DocxTable):
            grid = _grid(item)
            if n < 5 and any(_LAYOUT.search(c) for row in grid for c in row):
                header_rows.extend(_layout_rows(grid))
                blocks.extend(c for row in grid for c in dict.fromkeys(row) if c)
                continue
            table = read_table(grid)
            if table is None:
                continue
            if table.keeps_rows:
                tables.append((len(blocks), table))
            else:
                blocks.extend(table.lines())
    if not any(blocks) and not tables:
        raise Unreadable("tệp Word không có chữ (the DOCX has no text)")
    header = read_header(header_rows, "\n".join(blocks))
    text = "\n\n".join(b.replace("\t", "  ") for b in plain_title_lines(blocks, header))
    parts = [Part(None, header.meta(), text, fallback_title=_first_heading(blocks) or name)]
    for k, (_at, table) in enumerate(tables, start=1):
        meta = {**header.meta(), **{x: v for x, v in table.meta().items() if x != "title"}}
        title = f"{header.title or name} — bảng {k}"
        parts.append(Part(f"bang-{k}", meta, columns=table.columns, rows=table.rows, fallback_title=title))
    return Extraction(parts)


def _paragraph(p: Paragraph) -> list[str]:
    text = p.text.strip()
    if not text:
        return []
    level = _heading_level(p)
    if level:
        return ["#" * level + " " + " ".join(text.split())]
    return [line.strip() for line in text.split("\n") if line.strip()]  # a soft line break ends a line too


def _heading_level(p: Paragraph) -> int | None:
    """The level of a heading style ("Heading 2" → 2), or of an outline level set on the style or paragraph."""
    style = p.style
    while style is not None:
        if (style.name or "").lower() == "title":
            return 1
        m = _HEADING_STYLE.match(style.name or "")
        if m:
            return min(int(m.group(2)), 6)
        level = _outline(style.element.pPr)
        if level:
            return level
        style = style.base_style
    return _outline(p._p.pPr)


def _outline(ppr) -> int | None:
    node = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    value = node.get(qn("w:val")) if node is not None else None
    return min(int(value) + 1, 6) if value and value.isdigit() and value != "9" else None  # 9: body text


def _grid(table: DocxTable) -> list[list[str]]:
    """Cell texts row by row; a merged cell repeats its text in every grid cell it covers."""
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def _layout_rows(grid: list[list[str]]) -> list[list[str]]:
    """The header table's cells as rows of (left line, right line), the way the page shows them."""
    rows: list[list[str]] = []
    for row in grid:
        columns = [c.splitlines() for c in dict.fromkeys(row)]
        for k in range(max((len(c) for c in columns), default=0)):
            rows.append([c[k] if k < len(c) else "" for c in columns])
    return rows


def _first_heading(blocks: list[str]) -> str | None:
    return next((b.lstrip("#").strip() for b in blocks if b.startswith("# ")), None)
