"""PDF with a text layer → paragraphs, legal lines and tables, read with pypdfium2 (PDFium).

PDFium gives the text runs of a page with their boxes. Runs on one baseline make a line; runs far apart
on a line are cells. Lines that share the columns of a line of three or more cells are a table; other
lines are joined into paragraphs where the text wraps, and break where a legal unit ("Điều 3.", "II.",
"2.", "a)") or an indented line starts, so retrieval/chunk.py sees each unit on its own line.
"""

from __future__ import annotations

import itertools
import re
import statistics
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium

from . import Extraction, Part, Unreadable
from .header import read_header
from .sheets import read_table

MAX_PAGES = 3000
MIN_PAGE_CHARS = 30  # fewer letters than this on a page: a scan, a blank or a cover image
CELL_GAP = 0.8  # a gap wider than this many line heights separates two cells (PDFium joins word gaps)
_MARKER = re.compile(
    r"^(Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)\s|^([IVX]{1,5}|\d{1,2}(\.\d{1,2})*|[a-zđ])[.)]\s|^[-–+•]\s"
)
_PAGE_NUMBER = re.compile(r"^[-–\s]*(Trang\s+)?\d{1,4}(\s*/\s*\d{1,4})?[-–\s]*$")
_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one document at a time per process
_LEGACY_FONT = set("©µ¸¶·¹¨®¬ª«¤¥¦§ÊÇÆ")  # TCVN3 (.VnTime) text read as Unicode


@dataclass
class _Cell:
    left: float
    right: float
    text: str


@dataclass
class _Line:
    top: float
    bottom: float
    cells: list[_Cell]

    @property
    def left(self) -> float:
        return self.cells[0].left

    @property
    def right(self) -> float:
        return self.cells[-1].right

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)


def read_pdf(data: bytes, name: str) -> Extraction:
    with _PDFIUM:
        pages = _read_pages(data)
    return _layout(pages, name)


def _read_pages(data: bytes) -> list[list[_Line]]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise Unreadable(
                "tệp PDF được đặt mật khẩu — cần bản không mật khẩu (encrypted PDF: send a copy without a password)"
            ) from None
        raise Unreadable(f"tệp PDF bị hỏng, không mở được (corrupt PDF: {e})") from None
    try:
        if len(pdf) > MAX_PAGES:
            raise Unreadable(f"PDF có {len(pdf)} trang, vượt giới hạn {MAX_PAGES} (more than {MAX_PAGES} pages)")
        return [_page_lines(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()


def _layout(pages: list[list[_Line]], name: str) -> Extraction:
    letters = [sum(ch.isalpha() for line in page for ch in line.text) for page in pages]
    if not any(n >= MIN_PAGE_CHARS for n in letters):
        raise Unreadable(
            "không có lớp văn bản — cần bản có lớp văn bản hoặc OCR "
            "(no text layer, a scanned PDF: provide a PDF with a text layer, or OCR it first)"
        )
    all_text = "".join(line.text for page in pages for line in page)
    if sum(ch in _LEGACY_FONT for ch in all_text) > 0.01 * len(all_text):
        raise Unreadable(
            "chữ trong PDF dùng phông TCVN3/VNI cũ, không đọc được thành Unicode — cần bản xuất với phông Unicode "
            "(the text layer uses a legacy Vietnamese font encoding: export the PDF again with Unicode fonts)"
        )
    warnings = []
    blank = [i + 1 for i, n in enumerate(letters) if n < MIN_PAGE_CHARS]
    if blank and len(blank) < len(pages):
        shown = ", ".join(map(str, blank[:10])) + (" …" if len(blank) > 10 else "")
        warnings.append(
            f"{len(blank)}/{len(pages)} trang không có lớp văn bản (trang {shown}); chỉ lập chỉ mục phần có chữ "
            f"({len(blank)} of {len(pages)} pages have no text layer; the rest is indexed)"
        )
    blocks: list[str] = []
    tables: list[Part] = []
    for page in pages:
        _page_blocks(page, blocks, tables)
    tables = _join_continued(tables)
    text = "\n\n".join(blocks)
    header = read_header([[c.text for c in line.cells] for line in pages[0]], text)
    for n, part in enumerate(tables, start=1):
        part.key = f"bang-{n}"
        part.meta = {**header.meta(), **{k: v for k, v in part.meta.items() if k != "title"}, "kind": "register"}
        part.fallback_title = f"{header.title or name} — bảng {n}"
    return Extraction([Part(None, header.meta(), text, fallback_title=name), *tables], warnings)


def _page_lines(pdf: pdfium.PdfDocument, index: int) -> list[_Line]:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        runs = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
            if text:
                runs.append((left, bottom, right, top, text))
    finally:
        textpage.close()
        page.close()
    lines: list[_Line] = []
    for left, bottom, right, top, text in sorted(runs, key=lambda r: (-r[3], r[0])):
        middle = (top + bottom) / 2
        line = next((ln for ln in reversed(lines[-3:]) if ln.bottom <= middle <= ln.top), None)
        if line is None:
            lines.append(_Line(top, bottom, [_Cell(left, right, text)]))
        else:
            line.cells.append(_Cell(left, right, text))
            line.top, line.bottom = max(line.top, top), min(line.bottom, bottom)
    for line in lines:
        line.cells.sort(key=lambda c: c.left)
        height = max(line.top - line.bottom, 1.0)
        merged = [line.cells[0]]
        for cell in line.cells[1:]:
            if cell.left - merged[-1].right < CELL_GAP * height:
                merged[-1] = _Cell(merged[-1].left, cell.right, f"{merged[-1].text} {cell.text}")
            else:
                merged.append(cell)
        line.cells = merged
    return [ln for ln in lines if not _PAGE_NUMBER.match(ln.text)]


def _page_blocks(lines: list[_Line], blocks: list[str], tables: list[Part]) -> None:
    """Append the page's paragraphs (and table rows) to blocks, and register tables to tables."""
    single = [ln for ln in lines if len(ln.cells) == 1]
    body_left = min((ln.left for ln in single), default=0.0)
    body_right = max((ln.right for ln in single), default=0.0)
    spacing = statistics.median([a.bottom - b.top for a, b in itertools.pairwise(lines)] or [0.0])
    width = max(body_right - body_left, 1.0)
    paragraph = ""
    previous: _Line | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if len(line.cells) >= 3:
            end, grid = _table(lines, i)
            if len(grid) >= 2:
                if paragraph:
                    blocks.append(paragraph)
                    paragraph = ""
                _add_table(grid, blocks, tables)
                previous, i = None, end
                continue
        if len(line.cells) > 1:  # two columns that are not a table: the header, a signature block
            if paragraph:
                blocks.append(paragraph)
                paragraph = ""
            blocks.extend(c.text for c in line.cells)
            previous, i = None, i + 1
            continue
        text = line.text
        # A line starting in lower case continues a sentence, however it is placed ("… của Bộ Chính" / "trị").
        starts = (
            previous is None
            or _MARKER.match(text)
            or (
                not text[:1].islower()
                and (
                    line.left > body_left + 0.02 * width
                    or previous.right < body_right - 0.15 * width
                    or (previous.bottom - line.top) > 1.8 * max(spacing, 1.0)
                    or (text.isupper() and not previous.text.isupper())
                )
            )
        )
        if starts:
            if paragraph:
                blocks.append(paragraph)
            paragraph = text
        else:
            paragraph = f"{paragraph} {text}"
        previous, i = line, i + 1
    if paragraph:
        blocks.append(paragraph)


def _table(lines: list[_Line], start: int) -> tuple[int, list[list[str]]]:
    """Rows of the table whose header is lines[start]; a line whose cells leave the columns ends it.

    A cell's text may wrap over several lines and sit at the top, middle or bottom of its row, so rows
    are told apart by spacing: lines of one row are closer together than the last line of a row and
    the first of the next (the cell padding lies between).
    """
    anchors = [c.left for c in lines[start].cells]
    placed: list[tuple[_Line, list[str]]] = []
    i = start
    while i < len(lines):
        row = _place(lines[i].cells, anchors, tolerance=4.0)
        if row is None or (placed and placed[-1][0].bottom - lines[i].top > 2.5 * (lines[i].top - lines[i].bottom)):
            break
        placed.append((lines[i], row))
        i += 1
    pitches = [a.top - b.top for (a, _), (b, _) in itertools.pairwise(placed)]
    close = min(pitches, default=0.0) * 1.12
    uniform = not pitches or max(pitches) <= close
    grid: list[list[str]] = []
    for k, (_line, row) in enumerate(placed):
        if k == 0 or uniform or pitches[k - 1] > close:
            grid.append(row)
        else:
            grid[-1] = [f"{a} {b}".strip() for a, b in zip(grid[-1], row)]
    return i, grid


def _join_continued(tables: list[Part]) -> list[Part]:
    """One register for a table split over pages (its header repeated on each page, no text between)."""
    joined: list[Part] = []
    for part in tables:
        if joined and joined[-1].key == part.key and joined[-1].columns == part.columns:
            joined[-1].rows = joined[-1].rows + part.rows
        else:
            joined.append(part)
    return joined


def _place(cells: list[_Cell], anchors: list[float], tolerance: float) -> list[str] | None:
    row = [""] * len(anchors)
    for cell in cells:
        column = max((k for k, a in enumerate(anchors) if cell.left >= a - tolerance), default=None)
        if column is None:
            return None
        limit = anchors[column + 1] + tolerance if column + 1 < len(anchors) else float("inf")
        if cell.right > limit:
            return None
        row[column] = f"{row[column]} {cell.text}".strip()
    return row


def _add_table(grid: list[list[str]], blocks: list[str], tables: list[Part]) -> None:
    table = read_table(grid)
    if table is None:
        blocks.extend(" | ".join(c for c in row if c) for row in grid)
        return
    if table.keeps_rows:
        # Where the text has not moved on since the last table, this one continues it on a new page.
        tables.append(Part(str(len(blocks)), table.meta(), columns=table.columns, rows=table.rows))
        return
    blocks.extend(table.lines())
