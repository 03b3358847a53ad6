"""HTML → Markdown text and tables with the standard library's html.parser (no dependency to keep).

Headings h1–h6 become Markdown headings, block elements end lines, tables become rows (or register
rows). Scripts, styles and page furniture (nav, header, footer, aside, form) are dropped; where a page
marks its content with <main> or <article>, only that is kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from . import Extraction, Part, Unreadable
from .header import plain_title_lines, read_header
from .sheets import read_table

_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form", "button"}
_BLOCK = {"p", "div", "li", "br", "section", "blockquote", "pre", "dd", "dt", "tr", "ul", "ol", "table", "center"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.blocks: list[tuple[bool, str | list[list[str]]]] = []  # (inside main/article, line or table grid)
        self._line: list[str] = []
        self._stack: list[str] = []
        self._skip = 0
        self._main = 0
        self._heading = 0
        self._in_title = False
        self._tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip += tag not in _VOID
            return
        if tag not in _VOID:
            self._stack.append(tag)
        if tag == "title":
            self._in_title = True
        elif tag in ("main", "article"):
            self._main += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self._heading = int(tag[1])
        elif tag == "table":
            self._flush()
            self._tables.append([])
        elif tag == "tr" and self._tables:
            self._tables[-1].append([])
        elif tag in ("td", "th") and self._tables:
            self._cell = []
        elif tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip = max(self._skip - 1, 0)
            return
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag == "title":
            self._in_title = False
        elif tag in ("main", "article"):
            self._main = max(self._main - 1, 0)
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
        elif tag in ("td", "th") and self._tables and self._cell is not None:
            if not self._tables[-1]:
                self._tables[-1].append([])
            self._tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._tables:
            grid = [row for row in self._tables.pop() if any(row)]
            if grid:
                self.blocks.append((self._main > 0, grid))
        elif tag in _BLOCK:
            self._newline()

    def handle_data(self, data):
        if self._skip:
            return
        if self._in_title:
            self.title += data
        elif self._cell is not None:
            self._cell.append(data)
        elif not self._tables:
            self._line.append(data)

    def _newline(self):
        if self._cell is not None:
            self._cell.append("\n")
        else:
            self._flush()

    def _flush(self):
        text = " ".join("".join(self._line).split())
        self._line = []
        if text:
            self.blocks.append((self._main > 0, ("#" * self._heading + " " + text) if self._heading else text))
        self._heading = 0

    def close(self):
        super().close()
        self._flush()


def read_html(data: bytes, name: str) -> Extraction:
    page = _Page()
    page.feed(_decode(data))
    page.close()
    blocks = page.blocks
    if any(inside for inside, _ in blocks):
        blocks = [b for b in blocks if b[0]]
    lines: list[str] = []
    tables = []
    for _inside, block in blocks:
        if isinstance(block, str):
            lines.append(block)
            continue
        table = read_table(block)
        if table is None:
            lines.extend(" | ".join(c for c in row if c) for row in block)
        elif table.keeps_rows:
            tables.append(table)
        else:
            lines.extend(table.lines())
    if not any(lines) and not tables:
        raise Unreadable("trang HTML không có chữ (the HTML page has no text)")
    header = read_header([[line.lstrip("# ")] for line in lines[:40]], "\n".join(lines))
    lines = plain_title_lines(lines, header)
    text = "\n\n".join(lines)
    title = header.title or _first_heading(lines) or " ".join(page.title.split()) or name
    parts = [Part(None, header.meta(), text, fallback_title=title)]
    for k, table in enumerate(tables, start=1):
        meta = {**header.meta(), **{x: v for x, v in table.meta().items() if x != "title"}}
        parts.append(
            Part(f"bang-{k}", meta, columns=table.columns, rows=table.rows, fallback_title=f"{title} — bảng {k}")
        )
    return Extraction(parts)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise Unreadable(
        "trang HTML không phải UTF-8 và không khai báo bảng mã đọc được — lưu lại bằng UTF-8 "
        "(the HTML page is not UTF-8 and declares no usable charset: save it as UTF-8)"
    )


def _first_heading(lines: list[str]) -> str | None:
    return next((line.lstrip("#").strip() for line in lines if line.startswith("#")), None)
