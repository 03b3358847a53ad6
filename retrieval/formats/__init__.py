"""Reading the files offices send — PDF, DOCX, XLSX, HTML, CSV — into text and tables the loader indexes.

`extract(path, kind)` returns the parts a file yields: its text (as Markdown headings and one line per
legal unit, so retrieval/chunk.py keeps the heading path) with the metadata its header states, and the
tables in it, which become register rows when their header row is a register's. Every reader checks
the file first (retrieval/formats/safety.py) and raises `Unreadable` with a Vietnamese and English
reason rather than returning an empty document. Uploads (check, store, index): retrieval/upload.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Suffix → reader. Markdown, JSONL, CSV and TXT stay with retrieval/load.py (text formats it has always read).
READERS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}


class Unreadable(ValueError):
    """A file that yields nothing to index; the message names the cause in Vietnamese, then English."""


@dataclass
class Part:
    """One document a file yields, before the loader checks its metadata and the sidecar overrides it.

    `key` is None for the file's main text and names a sheet or table otherwise ("Sheet1", "bang-2");
    a part has either text (Markdown) or a table (columns and rows).
    """

    key: str | None
    meta: dict = field(default_factory=dict)
    text: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    fallback_title: str = ""


@dataclass
class Extraction:
    parts: list[Part]
    warnings: list[str] = field(default_factory=list)  # partial problems: indexed all the same


def extract(path: Path, kind: str) -> Extraction:
    """Read one file of a kind in READERS; raises Unreadable with the reason when nothing can be indexed."""
    from . import safety

    data = path.read_bytes()
    safety.check_content(data, kind)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, path.stem)
    if kind == "docx":
        from .word import read_docx

        return read_docx(data, path.stem)
    if kind == "xlsx":
        from .workbook import read_xlsx

        return read_xlsx(data, path.stem)
    if kind == "html":
        from .webpage import read_html

        return read_html(data, path.stem)
    raise ValueError(f"no reader for {kind}")
