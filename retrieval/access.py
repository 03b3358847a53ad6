"""Who may see what: the one rule for internal content, for documents, register rows and passages.

A document is internal when its metadata says so. A row of a table is internal when its document is,
or when its access column says so. The access column is found the way register columns are found:
any case, any diacritics, `_` or `-` for spaces ("Truy cập", "TRUY CẬP", "Truy cap", "truy_cap",
"Access"). A cell this module cannot read as public ("nội bộ", "mật", "?", a typo) makes the row
internal; an empty cell leaves the row as its document is. Officials and admins see everything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from . import data
from .text import header_key

PUBLIC, INTERNAL = "public", "internal"
ROLES_SEEING_INTERNAL = frozenset({"official", "admin"})

# Values as written, compared by header_key(). Only the public ones make a row public.
PUBLIC_VALUES = frozenset({"public", "cong khai"})
INTERNAL_VALUES = frozenset({"internal", "noi bo", "mat", "han che", "private", "restricted", "confidential"})
_REPEATED = re.compile(r"\s*\(\d+\)$")  # "Truy cập (2)": a merged header cell read twice


def sees_internal(role: str) -> bool:
    """Whether a role may see internal documents and rows (officials and admins; citizens and anything
    unknown may not)."""
    return role in ROLES_SEEING_INTERNAL


@lru_cache(maxsize=1)
def access_headers() -> frozenset[str]:
    """The access column's names: the `access` rows of retrieval/data/register_columns.tsv, as compared."""
    names = set()
    for line in data.lines("register_columns.tsv"):
        _table, field, variants = line.split("\t")
        if field == "access":
            names.update(header_key(v) for v in variants.split("|"))
    return frozenset(names)


@lru_cache(maxsize=4096)
def is_access_column(header: str) -> bool:
    """Cached: a register's header is checked for every row written at each build (10× corpus: 74,000 calls)."""
    return _REPEATED.sub("", header_key(header)) in access_headers()


def access_columns(columns: Sequence[str]) -> list[int]:
    """The positions of every access column in a header row (a merged header may repeat it)."""
    return [i for i, h in enumerate(columns) if is_access_column(h)]


def level(value: object, *, default: str = PUBLIC) -> str | None:
    """ "public" or "internal" for a value as written ("Công khai", "NỘI BỘ", "internal"); `default` for
    an empty value; None for a value that is neither (callers treat that as internal or as an error)."""
    if value is None:
        return default
    key = header_key(value)
    if not key:
        return default
    if key in PUBLIC_VALUES:
        return PUBLIC
    if key in INTERNAL_VALUES:
        return INTERNAL
    return None


def cell_level(value: object) -> str:
    """A table cell's access: public only when it says so or is empty; anything unreadable is internal."""
    return level(value) or INTERNAL


def document_access(access: str) -> str:
    """What a document's passages carry: "public" only for a public document, else "internal"."""
    return PUBLIC if is_public(access) else INTERNAL


def row_access(document_access: str, columns: Sequence[str], row: Sequence[str]) -> str:
    """A row's access: internal when its document is, or when any access cell of the row is not public."""
    if not is_public(document_access):
        return INTERNAL
    for i in access_columns(columns):
        cell = row[i] if i < len(row) else ""
        if cell_level(cell) != PUBLIC:
            return INTERNAL
    return PUBLIC


def is_public(access: str) -> bool:
    """Whether stored access lets a citizen see it: only the exact word "public" does."""
    return access == PUBLIC


def visible(access: str, role: str) -> bool:
    """Whether `role` may see something whose stored access is `access`."""
    return sees_internal(role) or is_public(access)
