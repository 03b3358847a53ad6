"""How recent the data is: "dữ liệu cập nhật đến ngày nào", "danh mục nhiệm vụ của xã đã cập nhật chưa",
"how up to date is the data". Each table answers with its own "as of" date — from its metadata, or the newest
date its rows are reported at — or the date of the document it is part of; nothing is guessed."""

from __future__ import annotations

import re

from .access import visible
from .english_lead import english_title
from .index import LoadedIndex
from .models import Answer, Citation
from .query import Query
from .registers import tables
from .search import passages_of, source_of
from .text import fold
from .vi import en_date, vn_date

# the data, a register or a table is what is asked about, not a task whose name holds "cập nhật", nor data a task
# is about ("dữ liệu thân nhân liệt sĩ của xã Tam Đảo cập nhật chưa" asks that task's status)
_REGISTER = r"(?:so theo doi|so nhiem vu|danh muc|register)"
_DATA = (
    rf"(?:du lieu(?= (?:hien co |cua (?:bot|ban|he thong) )?(?:da |duoc |dang )?cap nhat)"
    rf"|so lieu|{_REGISTER}|bang|data|figures|statistics)"
)
_ASKS = re.compile(
    rf"\b{_DATA}\b.*\bcap nhat\b.*\b(?:den|ngay nao|khi nao|bao gio|chua|moi nhat|gan nhat|luc nao)\b"
    rf"|\b{_DATA}\b.*\btinh den (?:ngay|thoi diem|luc) nao\b"
    r"|\b(?:last updated|as of when|how up to date|how recent|how current)\b"
)
_COMMUNE = re.compile(r"\b(?:xa|phuong|cap xa|so theo doi|commune|ward)\b")
_FIGURES = re.compile(r"\b(?:so lieu|chi so|pii|figures|statistics|indicators?)\b")


def asks_freshness(q: Query) -> bool:
    typed = fold(q.question.lower())
    if not _ASKS.search(typed) or re.search(r"\w+-\d+|\bxong\b", typed):
        return False
    return not (q.communes or q.agencies) or bool(re.search(rf"\b{_REGISTER}\b", typed))  # a unit's data: a task


def answer_freshness(index: LoadedIndex, q: Query) -> Answer | None:
    """Each table asked about (a commune's register, the figures, else every table the role may see), with
    the date it is up to and its source."""
    if not asks_freshness(q):
        return None
    typed = fold(q.question.lower())
    t = tables(index, q.role)
    newest: dict[str, object] = {}  # a table with no "as of" of its own: its newest dated row
    for r in t.figures:
        if r.as_of and (r.doc_id not in newest or r.as_of > newest[r.doc_id].as_of):
            newest[r.doc_id] = r
    docs = [d for d in index.documents.values() if d.columns and visible(d.access, q.role)]
    asked = [d for d in docs if d.doc_id in q.documents]
    if not asked and _COMMUNE.search(typed):
        asked = [d for d in docs if any(r.doc_id == d.doc_id and r.commune for r in t.tasks)]
    if not asked and _FIGURES.search(typed):
        asked = [d for d in docs if d.doc_id in newest]
    english = q.language == "en"
    lines, citations = [], []
    for doc in asked or docs:
        shown = [i for i in passages_of(index, doc.doc_id) if q.sees_internal or index.access[i]]
        if not shown:
            continue
        n = len(citations) + 1
        passage = index.passages[shown[0]]
        if doc.as_of:
            said = f"updated to {en_date(doc.as_of)}" if english else f"cập nhật đến {vn_date(doc.as_of)}"
        elif doc.doc_id in newest:
            row = newest[doc.doc_id]
            day, at = row.as_of, index.position.get(f"{doc.doc_id}#{row.row}")
            passage = index.passages[at] if at is not None else passage  # the row that says it
            said = f"newest figures as of {en_date(day)}" if english else f"số liệu mới nhất tính đến {vn_date(day)}"
        elif doc.date:
            said = f"as issued on {en_date(doc.date)}" if english else f"theo văn bản ban hành ngày {vn_date(doc.date)}"
        else:
            continue
        title = english_title(doc.title) if english else doc.title
        title = title[:1].upper() + title[1:]
        lines.append(f"{title}: {said} [{n}].")
        citations.append(Citation(n, source_of(index, doc.doc_id), passage))
    if not lines:
        return None
    return Answer(q.question, "answered", "\n".join(lines), tuple(citations))
