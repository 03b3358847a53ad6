"""Documents → Passages that follow the document's own structure and keep their heading path."""

from __future__ import annotations

import re
from functools import lru_cache

from . import data
from .access import access_columns, document_access, row_access
from .models import Document, Passage
from .text import fold, header_key

MAX_CHARS = 1000  # about 300 e5 tokens of Vietnamese: well inside the encoder's 512

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# Legal structure written as plain lines: Phần/Chương/Mục/Điều, then "I.", "1.", "a)" on short lines.
_LEGAL = [
    (7, re.compile(r"^(Phần|PHẦN)\s+(thứ\s+\S+|[IVXLC\d]+)\b.*$")),
    (8, re.compile(r"^(Chương|CHƯƠNG)\s+[IVXLC\d]+\b.*$")),
    (9, re.compile(r"^(Mục|MỤC)\s+\d+\b.*$")),
    (10, re.compile(r"^(Điều|ĐIỀU)\s+\d+[a-z]?\..*$")),
    (11, re.compile(r"^\**[IVX]{1,5}\.\**\s+\S.*$")),
    (12, re.compile(r"^\**\d{1,2}\.\**\s+\S.*$")),
    (13, re.compile(r"^\**[a-zđ]\)\**\s+\S.*$")),
]
_SOURCE_HEADINGS = {"nguon", "nguon tham khao", "nguon du lieu", "sources", "references"}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SHORT_HEADING = 90  # numbered lines longer than this are list items, not headings
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-ZÀ-Ỹ0-9Đ])")
_LIST_NUMBER = re.compile(r"\d{1,2}\.")


def chunk(doc: Document, max_chars: int = MAX_CHARS) -> list[Passage]:
    if doc.format == "csv":
        return _rows(doc)
    if doc.format == "markdown":
        sections = _sections(doc.text)
    else:
        sections = [((), doc.text)]
    passages: list[Passage] = []
    for headings, body in sections:
        for piece in pack(_paragraphs(body), max_chars):
            passages.append(
                Passage(
                    chunk_id=f"{doc.doc_id}#{len(passages)}",
                    doc_id=doc.doc_id,
                    text=piece,
                    headings=headings,
                    access=document_access(doc.access),
                )
            )
    return passages


def _rows(doc: Document) -> list[Passage]:
    """Each register row is one passage that names its columns: "Cơ quan chủ trì: Bộ Công an | …"."""
    hidden = set(access_columns(doc.columns))  # the access column is a marking, not content
    shown = [i not in hidden and not _is_metadata_column(h) for i, h in enumerate(doc.columns)]
    passages = []
    for n, row in enumerate(doc.rows):
        text = " | ".join(f"{h}: {_cell(v)}" for h, v, show in zip(doc.columns, row, shown) if v and show)
        access = row_access(doc.access, doc.columns, row)
        passages.append(Passage(f"{doc.doc_id}#{n}", doc.doc_id, text, (), access))
    return passages


@lru_cache(maxsize=1)
def _metadata_columns() -> frozenset[str]:
    return frozenset(header_key(h) for h in data.lines("metadata_columns.txt"))


def _is_metadata_column(header: str) -> bool:
    """Access, confidence and maintainers' notes describe a row; they are never quoted as its text."""
    return header_key(header) in _metadata_columns()


def _cell(value: str) -> str:
    """ISO dates in registers read the Vietnamese way: 2025-06-30 → 30/06/2025."""
    m = _ISO_DATE.fullmatch(value)
    return f"{m[3]}/{m[2]}/{m[1]}" if m else value


def _sections(text: str) -> list[tuple[tuple[str, ...], str]]:
    """Split Markdown into (heading path, body) along headings and legal structure lines."""
    stack: list[tuple[int, str]] = []
    sections: list[tuple[tuple[str, ...], list[str]]] = [((), [])]
    lines = text.splitlines()
    skip = -1
    for i, line in enumerate(lines):
        if i == skip:
            continue
        stripped = line.strip()
        level, title, keep = _heading(stripped, lines, i)
        if level is None:
            sections[-1][1].append(line)
            continue
        if keep and i + 1 < len(lines) and _is_caption(lines[i + 1]):
            title, skip = f"{title} {lines[i + 1].strip()}", i + 1  # "Chương I" + "QUY ĐỊNH CHUNG"
        while stack and stack[-1][0] >= level:
            stack.pop()
        if level == 1 and not stack and not any(s[1] for s in sections):
            continue  # the document title: already the passage title
        stack.append((level, title))
        sections.append((tuple(t for _, t in stack), [title] if keep else []))
    out = []
    for headings, body in sections:
        text_ = "\n".join(body).strip()
        if headings and fold(headings[0]).lower().strip(": ") in _SOURCE_HEADINGS:
            continue  # the list of sources is metadata (front matter `sources`), not something to quote
        if text_ and not (headings and text_ == headings[-1]):  # a heading alone lives on in its children
            out.append((headings, text_))
    return out


def _is_caption(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= _SHORT_HEADING and s.upper() == s and any(c.isalpha() for c in s)


def _heading(stripped: str, lines: list[str], i: int) -> tuple[int | None, str, bool]:
    m = _MD_HEADING.match(stripped)
    if m:
        return len(m.group(1)), m.group(2).strip("* "), False
    for level, pattern in _LEGAL:
        if pattern.match(stripped):
            standalone = _blank(lines, i - 1) and _blank(lines, i + 1)
            if level <= 10 or (standalone and len(stripped) <= _SHORT_HEADING and not stripped.endswith(".")):
                # The line stays in the text as well: "Điều 5. Phạm vi" is content a reader quotes.
                return level, stripped.strip("* "), True
    return None, "", False


def _blank(lines: list[str], i: int) -> bool:
    return i < 0 or i >= len(lines) or not lines[i].strip()


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]


def pack(paragraphs: list[str], max_chars: int) -> list[str]:
    """Join paragraphs into pieces of at most max_chars; split a longer paragraph at sentence ends."""
    return _fill([part for para in paragraphs for part in _split_long(para, max_chars)], "\n\n", max_chars)


def _split_long(text: str, max_chars: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    sentences: list[str] = []
    for sentence in split_sentences(text):
        while len(sentence) > max_chars:  # a run-on "sentence": cut at a space
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > 0 else max_chars
            sentences.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        sentences.append(sentence)
    return _fill(sentences, " ", max_chars)


def _fill(parts: list[str], sep: str, max_chars: int) -> list[str]:
    """Greedily join parts with sep into pieces of at most max_chars (a part is never split here)."""
    pieces: list[str] = []
    current = ""
    for part in parts:
        if current and len(current) + len(sep) + len(part) > max_chars:
            pieces.append(current)
            current = part
        else:
            current = f"{current}{sep}{part}" if current else part
    if current:
        pieces.append(current)
    return pieces


def split_sentences(text: str) -> list[str]:
    """Sentences and list items: what an answer quotes."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            parts = [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
            if len(parts) > 1 and _LIST_NUMBER.fullmatch(parts[0]):
                parts[:2] = [f"{parts[0]} {parts[1]}"]  # "1. Thanh toán điện tử.": an item keeps its number
            out.extend(parts)
    return out
