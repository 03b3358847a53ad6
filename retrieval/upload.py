"""Files sent by users (the Telegram bot, the web face): check, store into a corpus folder, index, summarise.

Two calls, in this order, with no knowledge of who sent the file:

    check = inspect_upload(data, filename)            # size and type by content; cheap, never raises
    if not check.ok: reply(check.reason)              # Vietnamese, then English in parentheses
    summary = store_upload(data, filename, folder, settings, engine=engine)   # raises UploadRejected
    reply(summary.text())

`store_upload` reads the file fully before it touches the corpus: a file that yields nothing to index
is refused and not stored. It then writes the file atomically, rebuilds the index (only new passages
are embedded; the build is switched atomically, so a failure leaves the served index as it was) and
returns what was found. When the build fails the stored file is removed again.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from . import folders as corpus_folders
from .chunk import chunk
from .config import Settings
from .files import private_dir, write_private
from .formats.safety import NAMES, mismatch, sniff
from .index import build_index
from .load import SUFFIXES, describes_folder, load_file
from .registers import classify
from .text import fold, nfc
from .vi import thousands, vn_date

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ACCEPTED = {  # suffix → the kind its content must have
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}


class UploadRejected(ValueError):
    """The file was not stored; str() is the reason, in Vietnamese then English, fit to show the sender."""


@dataclass(frozen=True)
class UploadCheck:
    """The verdict on an uploaded file before anything is stored."""

    filename: str
    size: int
    kind: str | None  # pdf | docx | xlsx | csv | html | markdown | text, when accepted
    reason: str | None = None  # why it is refused; None when accepted

    @property
    def ok(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class DocumentSummary:
    doc_id: str
    title: str
    number: str | None
    date: date | None
    issuer: str | None
    passages: int
    register_rows: int  # rows that went into the task/target/figure tables (0 for plain text)


@dataclass(frozen=True)
class UploadSummary:
    """What an accepted upload added: where it was stored, its documents, and the build now served."""

    path: Path
    documents: tuple[DocumentSummary, ...]
    warnings: tuple[str, ...]
    build: str

    @property
    def passages(self) -> int:
        return sum(d.passages for d in self.documents)

    @property
    def register_rows(self) -> int:
        return sum(d.register_rows for d in self.documents)

    def text(self) -> str:
        """A plain-text reply for the sender, in Vietnamese."""
        lines = [f"Đã thêm tệp {self.path.name} vào kho và cập nhật chỉ mục:"]
        for d in self.documents:
            bits = [d.title]
            if d.number:
                bits.append(f"số {d.number}")
            if d.date:
                bits.append(f"ngày {vn_date(d.date)}")
            if d.issuer:
                bits.append(d.issuer)
            found = f"{d.passages} đoạn"
            if d.register_rows:
                found += f", {d.register_rows} dòng sổ nhiệm vụ/chỉ tiêu"
            lines.append(f"- {' — '.join(bits)} ({found})")
        lines.extend(f"Lưu ý: {w}" for w in self.warnings)
        return "\n".join(lines)


def inspect_upload(data: bytes, filename: str, max_bytes: int = MAX_UPLOAD_BYTES) -> UploadCheck:
    """Size ≤ max_bytes and a type we read, judged by content (magic bytes, zip parts), matching the name."""
    size = len(data)
    suffix = Path(filename).suffix.lower()

    def refuse(reason: str) -> UploadCheck:
        return UploadCheck(filename, size, None, reason)

    if size == 0:
        return refuse("tệp rỗng (empty file)")
    if size > max_bytes:
        return refuse(
            f"tệp {size / 2**20:.1f} MB, vượt giới hạn {max_bytes // 2**20} MB "
            f"(file of {size} bytes is over the {max_bytes}-byte limit)"
        )
    if suffix not in ACCEPTED:
        accepted = ", ".join(sorted({s.lstrip(".").upper() for s in ACCEPTED} - {"HTM", "MARKDOWN"}))
        return refuse(
            f"không nhận loại tệp «{suffix or 'không có đuôi'}»; chỉ nhận {accepted} "
            f"(file type not accepted; send one of {accepted})"
        )
    expected = ACCEPTED[suffix]
    found = sniff(data)
    if found == "empty":
        return refuse("tệp chỉ có khoảng trắng (the file holds only whitespace)")
    text_kinds = ("csv", "markdown", "text")
    fits = found == expected or (expected in text_kinds and found == "text") or (expected == "html" and found == "text")
    if not fits:
        return refuse(f"{mismatch(expected, found)}; tên tệp là {suffix} (the name says {NAMES.get(expected)})")
    if expected in ("docx", "xlsx"):
        from .formats.safety import check_zip

        try:
            check_zip(data)
        except ValueError as e:
            return refuse(str(e))
    return UploadCheck(filename, size, expected)


def store_upload(
    data: bytes,
    filename: str,
    folder: Path,
    settings: Settings,
    *,
    meta: dict | None = None,
    engine=None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_passages: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> UploadSummary:
    """Store an accepted file in `folder` (a corpus folder, added to the index's folders if new) and index it.

    `meta` is written as the file's sidecar (`<file>.meta.yaml`: access, provenance, url, as_of …) and
    overrides what the file's header says. `engine` (a retrieval.engine.Engine), when given, builds and
    then serves the new index at once; otherwise the index in settings.data_dir is rebuilt and running
    engines pick it up before their next question. Raises UploadRejected with the reason to show.

    `max_passages` refuses a file that would add more passages than that (an innocent-looking workbook can
    hold 50,000 rows, hours of embedding). `progress(done, total)` is called between steps and per
    embedding batch; an exception it raises (a cancel, a deadline) stops the upload and takes the file back.
    """
    check = inspect_upload(data, filename, max_bytes)
    if not check.ok:
        raise UploadRejected(check.reason)
    name = safe_name(filename, check.kind)
    folder = folder.resolve()
    with tempfile.TemporaryDirectory(prefix="govqa-upload-") as tmp:
        trial = Path(tmp) / name
        trial.write_bytes(data)
        if meta:
            _sidecar_path(trial).write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
        docs, problems = load_file(trial, Path(tmp))
    if not docs:
        reason = "; ".join(p.message for p in problems) or "không có nội dung để lập chỉ mục (nothing to index)"
        raise UploadRejected(reason)
    passages = sum(len(chunk(d)) for d in docs)
    if max_passages is not None and passages > max_passages:
        raise UploadRejected(
            f"tệp có {thousands(passages)} đoạn, vượt giới hạn {thousands(max_passages)} đoạn cho một tệp "
            f"(GOVQA_UPLOAD_MAX_PASSAGES); hãy chia nhỏ tệp (the file has {passages} passages, over the limit "
            f"of {max_passages} per upload; split it)"
        )
    if progress:
        progress(0, passages)

    private_dir(folder)
    target = _free_path(folder / name, data)
    written = [] if target.exists() else [target]  # the same bytes sent again: nothing of ours to take back
    write_private(target, data)
    if meta:
        sidecar = _sidecar_path(target)
        if not sidecar.exists():
            written.append(sidecar)
        write_private(sidecar, yaml.safe_dump(meta, allow_unicode=True).encode("utf-8"))
    added = corpus_folders.add(settings, folder)  # the next `govqa index` keeps the uploads folder
    folders = corpus_folders.indexed_folders(settings)
    try:
        if engine is not None:
            report = engine.build(folders, progress=progress)
        else:
            report = build_index(settings, folders, progress=progress or False)
    except BaseException:
        for path in written:  # the served index never saw the file: take it back out of the corpus
            path.unlink(missing_ok=True)
        if added:
            corpus_folders.remove(settings, folder)
        raise
    root = next(f for f in folders if target == f or target.is_relative_to(f))
    stored, problems = load_file(target, root)
    log.info("upload stored=%s documents=%d build=%s", target, len(stored), report.build)
    return UploadSummary(
        path=target,
        documents=tuple(_summary(d) for d in stored),
        warnings=tuple(p.message for p in problems),
        build=report.build,
    )


def safe_name(filename: str, kind: str | None) -> str:
    """A file name safe on any disk: the base name, ASCII letters, digits, '-', '_' and '.', the right suffix;
    never one the corpus loader leaves out (README.md becomes README-tai-len.md)."""
    stem = Path(nfc(filename).replace("\\", "/")).stem
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(stem)).strip("-._")[:80] or "tai-lieu"
    suffix = Path(filename).suffix.lower()
    if SUFFIXES.get(suffix) is None or ACCEPTED.get(suffix) != kind:
        suffix = next(s for s, k in ACCEPTED.items() if k == kind)
    if describes_folder(stem + suffix):  # the loader would skip a README.md: an upload is always corpus
        stem += "-tai-len"
    return stem + suffix


def _summary(doc) -> DocumentSummary:
    found = classify(doc.columns) if doc.columns else None
    return DocumentSummary(
        doc.doc_id, doc.title, doc.number, doc.date, doc.issuer, len(chunk(doc)), len(doc.rows) if found else 0
    )


def _free_path(path: Path, data: bytes) -> Path:
    """The path itself, unless another file is there: then name-2, name-3 … (the same bytes: the same path)."""
    candidate, n = path, 1
    while candidate.exists() and candidate.read_bytes() != data:
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.yaml")
