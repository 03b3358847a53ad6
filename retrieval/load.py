"""Corpus files → Documents: Markdown with YAML front matter, JSONL, CSV, plain text, sidecar metadata;
PDF, DOCX, XLSX and HTML through retrieval/formats/."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import yaml

from . import access as access_rule
from . import formats
from .formats import sheets
from .formats.header import plain_title_lines, read_header
from .formats.markdown import split_tables
from .models import ACCESS_LEVELS, KINDS, PROVENANCES, Document
from .text import fold, nfc

log = logging.getLogger(__name__)

SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".txt": "text",
    **formats.READERS,
}
META_FIELDS = {
    "id",
    "title",
    "kind",
    "number",
    "issuer",
    "signer",
    "date",
    "url",
    "access",
    "provenance",
    "sources",
    "as_of",
    "superseded_by",
    "caveat",
    "confidence",
    "notes",
    "description",
    "columns",
}


@dataclass(frozen=True)
class Problem:
    """A file (or line) that could not be read; it is skipped and the rest still indexes."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class MetadataError(ValueError):
    pass


def corpus_files(folders: list[Path]) -> list[tuple[Path, Path]]:
    """(root, file) for every indexable file, in a stable order; READMEs and hidden files are not corpus."""
    found = []
    for root in folders:
        if root.is_file():
            found.append((root.parent, root))
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if any(part.startswith((".", "_")) for part in rel.parts):
                continue
            if path.is_file() and path.suffix.lower() in SUFFIXES and not describes_folder(path.name):
                found.append((root, path))
    return found


def describes_folder(name: str) -> bool:
    """A README.md describes its corpus folder (the sources, how files are marked): it is not corpus."""
    return name.lower() == "readme.md"


def load_corpus(folders: list[Path]) -> tuple[list[Document], list[Problem]]:
    problems: list[Problem] = []
    return list(read_corpus(folders, problems)), problems


def read_corpus(folders: list[Path], problems: list[Problem]) -> Iterator[Document]:
    """The documents of `folders`, read one file at a time (an index build chunks each before reading the
    next); the problems found are appended to `problems` and logged once the last file is read."""
    seen: dict[str, str] = {}
    found = len(problems)
    for root, path in corpus_files(folders):
        docs, probs = load_file(path, root)
        problems.extend(probs)
        for doc in docs:
            if doc.doc_id in seen:
                problems.append(
                    Problem(doc.path, None, f"id '{doc.doc_id}' is already used by {seen[doc.doc_id]}; skipped")
                )
                continue
            seen[doc.doc_id] = doc.path
            yield doc
    for p in problems[found:]:
        log.warning("corpus: %s", p)


def load_file(path: Path, root: Path) -> tuple[list[Document], list[Problem]]:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    fmt = SUFFIXES[path.suffix.lower()]
    if fmt in formats.READERS.values():
        return _extracted(path, rel, fmt)
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return [], [Problem(rel, None, f"not UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8")]
    raw = nfc(raw)
    try:
        sidecar = _sidecar(path)
    except MetadataError as e:
        return [], [Problem(rel + ".meta.yaml", None, str(e))]
    try:
        if fmt == "markdown":
            return _markdown(raw, rel, sidecar), []
        if fmt == "jsonl":
            return _jsonl(raw, rel, sidecar)
        if fmt == "csv":
            return _csv(raw, rel, sidecar)
        meta = {**read_header([[line] for line in raw.splitlines()[:40]], raw).meta(), **sidecar}
        return [_document(meta, rel=rel, text=raw, fmt="text", fallback_title=path.stem)], []
    except MetadataError as e:
        return [], [Problem(rel, getattr(e, "line", None), str(e))]


def _extracted(path: Path, rel: str, kind: str) -> tuple[list[Document], list[Problem]]:
    """PDF, DOCX, XLSX, HTML: the file's parts as documents; what the header says, unless the sidecar says else."""
    try:
        sidecar = _sidecar(path)
    except MetadataError as e:
        return [], [Problem(rel + ".meta.yaml", None, str(e))]
    try:
        extraction = formats.extract(path, kind)
    except formats.Unreadable as e:
        return [], [Problem(rel, None, f"{e}; bỏ qua tệp (file skipped)")]
    except Exception as e:  # a file no check foresaw must not stop the build: skip it, say why
        log.exception("corpus: %s: reader failed", rel)
        return [], [Problem(rel, None, f"không đọc được tệp, bỏ qua (could not read the file, skipped: {e!r})")]
    problems = [Problem(rel, None, warning) for warning in extraction.warnings]
    base = str(sidecar.get("id") or rel)
    whole = any(part.key is None for part in extraction.parts)  # tables of a text, not sheets of a workbook
    docs = []
    for part in extraction.parts:
        meta = {**part.meta, **sidecar, "id": f"{base}#{part.key}" if part.key else base}
        fmt = "csv" if part.columns else "markdown"
        try:
            doc = _document(meta, rel=rel, text=part.text, fmt=fmt, fallback_title=part.fallback_title or path.stem)
        except MetadataError as e:
            problems.append(Problem(rel, None, str(e)))
            continue
        part_of = base if whole and part.key else None
        docs.append(replace(doc, columns=part.columns, rows=part.rows, part_of=part_of))
    return docs, problems


def _sidecar(path: Path) -> dict:
    meta_path = path.with_name(path.name + ".meta.yaml")
    if not meta_path.exists():
        return {}
    return _parse_yaml(meta_path.read_text("utf-8"), line_offset=0)


def _parse_yaml(text: str, line_offset: int) -> dict:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        err = MetadataError(f"bad YAML metadata: {getattr(e, 'problem', e)}")
        err.line = (mark.line + 1 + line_offset) if mark else None  # type: ignore[attr-defined]
        raise err from None
    if not isinstance(data, dict):
        raise MetadataError("metadata must be a mapping of field: value")
    return data


def _markdown(raw: str, rel: str, sidecar: dict) -> list[Document]:
    """The text, and each pipe table that is a register as a part of its own, as DOCX tables are."""
    meta, body, front = dict(sidecar), raw, False
    if raw.startswith("---\n"):
        end = raw.find("\n---", 4)
        if end == -1:
            err = MetadataError("front matter starts with '---' but never ends; close it with a '---' line")
            err.line = 1  # type: ignore[attr-defined]
            raise err
        meta = {**_parse_yaml(raw[4:end], line_offset=1), **sidecar}  # the sidecar wins, as for every format
        front = True
        body = raw[end + 4 :].lstrip("-").lstrip("\n")
    body, registers = split_tables(body)
    lines = body.splitlines()
    title = next((ln.lstrip("#").strip() for ln in lines if ln.startswith("# ")), None)
    found: dict = {}
    if not front:  # no front matter: what the document's own header states, under the sidecar
        header = read_header([[line.lstrip("# ")] for line in lines[:40]], body)
        found = header.meta()
        if header.title and title and fold(title).upper() == fold(header.doc_type or "").upper():
            title = None  # "# KẾ HOẠCH" names the type, not the document: the header's title does
        elif title:
            found.pop("title", None)  # the author's own "# Title" names it
        body = "\n".join(plain_title_lines(lines, header))
        meta = {**found, **sidecar}
    doc = _document(meta, rel=rel, text=body, fmt="markdown", fallback_title=title or Path(rel).stem)
    docs = [doc]
    for k, table in enumerate(registers, start=1):
        part = {**found, **{x: v for x, v in table.meta().items() if x != "title"}}
        part = {**part, **(meta if front else sidecar), "id": f"{doc.doc_id}#bang-{k}"}
        table_doc = _document(part, rel=rel, text="", fmt="csv", fallback_title=f"{doc.title} — bảng {k}")
        docs.append(replace(table_doc, columns=table.columns, rows=table.rows, part_of=doc.doc_id))
    return docs


def _jsonl(raw: str, rel: str, sidecar: dict) -> tuple[list[Document], list[Problem]]:
    docs, problems = [], []
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(Problem(rel, n, f"not valid JSON ({e.msg}); skipped"))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or "id" not in obj:
            problems.append(Problem(rel, n, 'each line needs {"id": …, "text": "…"}; skipped'))
            continue
        meta = {**sidecar, **{k: v for k, v in obj.items() if k in META_FIELDS}}
        meta["id"] = str(obj["id"])
        if "access" in sidecar:  # a file marked internal has no public lines
            meta["access"] = sidecar["access"]
        try:
            docs.append(_document(meta, rel=rel, text=obj["text"], fmt="jsonl", fallback_title=meta["id"]))
        except MetadataError as e:
            problems.append(Problem(rel, n, str(e)))
    return docs, problems


def _csv(raw: str, rel: str, sidecar: dict) -> tuple[list[Document], list[Problem]]:
    grid = list(csv.reader(io.StringIO(raw)))
    if sheets.needs_rework(grid):  # title rows above the header, group rows, no due dates: read as a sheet
        table = sheets.read_table(grid)
        if table is not None:
            meta = {**table.meta(), **sidecar}
            doc = _document(meta, rel=rel, text="", fmt="csv", fallback_title=Path(rel).stem)
            return [replace(doc, columns=table.columns, rows=table.rows)], []
    reader = csv.reader(io.StringIO(raw))
    problems: list[Problem] = []
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return [], [Problem(rel, None, "empty CSV file; it needs a header row")]
    rows = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(rel, reader.line_num, f"{len(row)} fields where the header has {len(header)}; row skipped")
            )
            continue
        rows.append(tuple(cell.strip() for cell in row))
    doc = _document(sidecar, rel=rel, text="", fmt="csv", fallback_title=Path(rel).stem)
    return [replace(doc, columns=tuple(header), rows=tuple(rows))], problems


def _document(meta: dict, *, rel: str, text: str, fmt: str, fallback_title: str) -> Document:
    unknown = set(meta) - META_FIELDS
    if unknown:
        log.info("corpus: %s: ignoring unknown metadata fields %s", rel, sorted(unknown))
    access = access_rule.level(meta.get("access"))  # "Nội bộ", "INTERNAL", "công khai" are understood
    if access is None:
        raise MetadataError(
            f"access must be one of {', '.join(ACCESS_LEVELS)}, not '{meta.get('access')}'; file skipped"
        )
    provenance = str(meta.get("provenance") or "unspecified").lower()
    if provenance not in PROVENANCES:
        raise MetadataError(f"provenance must be one of {', '.join(PROVENANCES)}, not '{provenance}'")
    kind = meta.get("kind")
    if kind is not None and kind not in KINDS:
        raise MetadataError(f"kind must be one of {', '.join(KINDS)}, not '{kind}'")
    sources = meta.get("sources") or ()
    if isinstance(sources, str):
        sources = (sources,)
    return Document(
        doc_id=str(meta.get("id") or rel),
        title=nfc(str(meta.get("title") or fallback_title)),
        text=text,
        path=rel,
        format=fmt,
        kind=kind,
        number=_opt_str(meta.get("number")),
        issuer=_opt_str(meta.get("issuer")),
        signer=_opt_str(meta.get("signer")),
        date=_date(meta.get("date"), "date"),
        url=_opt_str(meta.get("url")),
        access=access,
        provenance=provenance,
        sources=tuple(str(s) for s in sources),
        as_of=_date(meta.get("as_of"), "as_of"),
        superseded_by=_opt_str(meta.get("superseded_by")),
        caveat=_opt_str(meta.get("caveat")),
        confidence=_opt_str(meta.get("confidence")),
        notes=_notes(meta.get("notes")),
    )


def _notes(value) -> str | None:
    """Maintainers' notes as one text: YAML may hold them as a string or a list of strings."""
    if isinstance(value, (list, tuple)):
        value = "\n".join(str(v) for v in value if v not in (None, ""))
    return _opt_str(value)


def _opt_str(value) -> str | None:
    return nfc(str(value)).strip() or None if value not in (None, "") else None


def _date(value, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m", "%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise MetadataError(f"{name} '{text}' is not a date; write it as YYYY-MM-DD or dd/mm/yyyy")
