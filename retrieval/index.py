"""The index on disk: passages, a bm25s index and a Chroma collection per build, switched atomically.

Layout of a data dir:
    CURRENT                  names the build being served (replaced atomically when a build finishes)
    builds/<name>/meta.json  corpus folders, embeddings backend, counts, fingerprint, build time
    builds/<name>/passages.jsonl, documents.jsonl, bm25/, chroma/ (embedded Chroma only)
A build that fails or is killed leaves CURRENT pointing at the previous build, which keeps serving; a
failed build removes its own folder, and one left by a killed build is removed by the next `govqa index`.
A current build found damaged (a file missing, truncated or unreadable) raises IndexCorrupt when loaded,
and `govqa index` rebuilds it. Everything here is created private (files 0600, folders 0700).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from pathlib import Path

import bm25s
import numpy as np

from .access import is_public
from .bm25_build import BM25Builder
from .chunk import chunk
from .config import Settings
from .embed import EmbeddingCache, make_embedder
from .files import private_dir, private_umask
from .folders import FolderError, indexed_folders
from .folders import settle as settle_folders
from .load import Problem, corpus_files, read_corpus
from .models import Document, Passage
from .registers import Registers, build_database
from .shipped import shipped_vectors
from .store import VectorStore, open_store
from .text import index_terms, term_set

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

FORMAT_VERSION = 9  # bump when chunking, tokenising or the vector collection's settings change: every index is rebuilt
KEEP_BUILDS = 2
# index_tokens counts one match several times (syllable, bigram, folded copies), so term frequency
# should saturate sooner than bm25s' default k1 1.5: k1 0.6 measured +0.016 MRR@10 on ALQAC alone.
BM25_K1, BM25_B = 0.6, 0.75


class IndexNotFound(RuntimeError):
    pass


class IndexCorrupt(IndexNotFound):
    """A file of the current build is missing or damaged; str() is one line naming it and the fix."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = path
        self.problem = problem = " ".join(problem.split())[:300]
        super().__init__(
            f"chỉ mục bị hỏng: {path} ({problem}); chạy `govqa index` để dựng lại "
            f"(the index is corrupt: {path}; run `govqa index` to rebuild it)"
        )

    def rebuilding(self) -> str:
        """The line logged where the index is rebuilt at once, instead of the advice to rebuild it."""
        return f"chỉ mục bị hỏng: {self.path} ({self.problem}); đang dựng lại (the index is corrupt: rebuilding it)"


@dataclass
class BuildReport:
    build: str
    changed: bool
    documents: int
    passages: int
    embedded: int  # passages whose vectors had to be computed (not found in the cache)
    embeddings: str
    seconds: float
    problems: list[Problem] = field(default_factory=list)


def build_index(
    settings: Settings,
    corpus: list[Path] | None = None,
    progress: bool | Callable[[int, int], None] = True,
    force: bool = False,
) -> BuildReport:
    """Build or update the index of exactly `corpus`, by default of the folders retrieval/folders.py lists:
    the built-in corpus, GOVQA_CORPUS and the folders added to the data dir.

    Nothing is rebuilt when no file changed, unless `force` or the current build is found damaged.
    `progress`: True for a progress bar on stderr, or a callable `(passages done, passages in all)` called
    between steps and per embedding batch; an exception it raises stops the build (nothing is switched)."""
    with private_umask():
        return _build_index(settings, corpus, progress, force)


def _build_index(
    settings: Settings, corpus: list[Path] | None, progress: bool | Callable[[int, int], None], force: bool
) -> BuildReport:
    started = time.monotonic()
    data_dir = settings.data_dir
    private_dir(data_dir)
    if not corpus:
        settle_folders(data_dir)
    folders = [p.resolve() for p in corpus] if corpus else indexed_folders(settings)
    for folder in folders:
        if not folder.exists():
            raise FolderError(
                f"không có thư mục kho văn bản {folder}: sửa GOVQA_CORPUS hoặc gỡ bằng `govqa corpus remove {folder}` "
                f"(corpus folder {folder} does not exist; fix GOVQA_CORPUS or remove it with `govqa corpus remove`)"
            )
    with _lock(data_dir):
        _remove_unfinished_builds(data_dir)  # left by a killed build: no build runs while we hold the lock
        fingerprint = _fingerprint(folders, settings)
        current = read_meta(data_dir)
        if current and current.get("fingerprint") == fingerprint and not force and _intact(settings, current):
            return BuildReport(
                current["build"],
                False,
                current["documents"],
                current["passages"],
                0,
                current["embeddings"],
                time.monotonic() - started,
            )
        problems: list[Problem] = []
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        build_dir = private_dir(data_dir / "builds") / name
        build_dir.mkdir()
        try:
            documents, passages, embedded, embeddings = _write_build(
                settings, build_dir, name, read_corpus(folders, problems), progress
            )
            meta = {
                "build": name,
                "format": FORMAT_VERSION,
                "fingerprint": fingerprint,
                "corpus": [str(f) for f in folders],
                "embeddings_spec": settings.embeddings if embeddings != "none" else "none",
                "embeddings": embeddings,
                "chroma_url": settings.chroma_url,
                "documents": len(documents),
                "passages": passages,
                "register_rows": build_database(documents, build_dir / "registers.sqlite"),
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "problems": [str(p) for p in problems],
            }
            (build_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
            _fsync_dir(build_dir)
            _switch(data_dir, name)
        except BaseException:  # disk full, a reader's bug, Ctrl-C: the previous build keeps serving
            if current_build(data_dir) != name:
                _discard(settings, build_dir, name)
                log.error(
                    "bản dựng %s không xong, đã xóa; bản dựng trước vẫn phục vụ (build failed and was removed; "
                    "the previous build keeps serving)",
                    name,
                )
            raise
        _remove_old_builds(settings, keep=name)
        return BuildReport(
            name, True, len(documents), passages, embedded, embeddings, time.monotonic() - started, problems
        )


def passages_of(documents: list[Document]) -> tuple[list[Passage], list[str]]:
    """The documents' passages and, for each, the text that is embedded and indexed."""
    passages = [p for doc in documents for p in chunk(doc)]
    titles = {d.doc_id: d.title for d in documents}
    return passages, [p.embedding_text(titles[p.doc_id]) for p in passages]


def _write_build(
    settings: Settings,
    build_dir: Path,
    name: str,
    documents: Iterable[Document],
    progress: bool | Callable[[int, int], None],
) -> tuple[list[Document], int, int, str]:
    """A build's files from one pass over the documents as they are read: each document chunked, each
    passage written to passages.jsonl and tokenised for BM25 at once, then let go, so the corpus's
    passages are never all held (their text only for embedding, when there are vectors to make).
    Returns (the documents without their text, for the registers; passages; embedded; embeddings id)."""
    embedder = make_embedder(settings.embeddings)
    kept: list[Document] = []
    bm25, df = BM25Builder(), Counter()
    dense: tuple[list[str], list[dict], list[str]] | None = ([], [], []) if embedder is not None else None
    with _jsonl(build_dir / "passages.jsonl") as write:
        for doc in documents:
            for p in chunk(doc):
                text = p.embedding_text(doc.title)
                tokens, terms = index_terms(text)
                bm25.add(tokens)
                df.update(terms)
                write(_fields(p))
                if dense is not None:
                    for column, value in zip(dense, (p.chunk_id, _store_meta(p), text)):
                        column.append(value)
            kept.append(replace(doc, text=""))  # passages carry the text; documents.jsonl leaves it out
    passages = len(bm25)
    if callable(progress):
        progress(0, passages)
    embedded = 0
    if dense is not None and passages:
        ids, metas, texts = dense
        cache = EmbeddingCache(settings.cache_dir)
        try:
            with _progress(passages, progress, "embedding") as step:
                shipped = shipped_vectors(embedder.model_id)  # the built-in corpus's, retrieval/shipped.py
                vectors, embedded = cache.embed(embedder, texts, progress=step, shipped=shipped)
        finally:
            cache.close()
        store = open_store(settings, build_dir, name, create=True)
        store.add(ids, vectors, metas, texts)
        del dense, ids, metas, texts, vectors
    embeddings = embedder.model_id if embedder else "none"

    retriever = bm25.build(BM25_K1, BM25_B)
    retriever.save(str(build_dir / "bm25"), show_progress=False)
    del bm25, retriever
    if callable(progress):
        progress(passages, passages)
    (build_dir / "df.json").write_text(json.dumps(df, ensure_ascii=False), "utf-8")
    _write_jsonl(build_dir / "documents.jsonl", (_doc_json(d) for d in kept))
    return kept, passages, embedded, embeddings


def read_meta(data_dir: Path) -> dict | None:
    name = current_build(data_dir)
    if not name:
        return None
    path = data_dir / "builds" / name / "meta.json"
    try:
        meta = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (ValueError, OSError) as e:  # cut or garbled: as if there were no build, so it is rebuilt
        log.warning("%s is unreadable (%s): the index will be rebuilt", path, e)
        return None
    if not isinstance(meta, dict) or not {"build", "passages", "documents", "embeddings_spec"} <= set(meta):
        log.warning("%s is incomplete: the index will be rebuilt", path)
        return None
    return meta if meta.get("format") == FORMAT_VERSION else None


def current_build(data_dir: Path) -> str | None:
    try:
        return (data_dir / "CURRENT").read_text("utf-8").strip() or None
    except FileNotFoundError:
        return None


@dataclass
class LoadedIndex:
    """One build in memory: what search needs, nothing else."""

    build: str
    meta: dict
    documents: dict[str, Document]
    passages: list[Passage]
    bm25: bm25s.BM25
    store: VectorStore | None
    embedder: object | None
    access: np.ndarray  # True where the passage is public
    doc_of: np.ndarray  # index into doc_ids, per passage
    doc_ids: list[str]
    position: dict[str, int]  # chunk_id → index into passages
    df: Counter  # in how many passages each syllable (accented and folded) occurs; computed at build time
    registers: Registers
    cache: dict = field(default_factory=dict)  # things derived from this build, e.g. register name tables
    _terms: dict[int, frozenset[str]] = field(default_factory=dict)

    def terms_of(self, i: int) -> frozenset[str]:
        """Syllables (accented and folded) of passage i with its title and headings, computed when first
        needed: only the few passages an answer looks at, not the whole corpus at load time."""
        found = self._terms.get(i)
        if found is None:
            p = self.passages[i]
            found = self._terms[i] = term_set(p.embedding_text(self.documents[p.doc_id].title))
        return found


def pair_counts(index: LoadedIndex) -> dict[tuple[str, str], int]:
    """In how many passages each pair of neighbouring accent-less syllables occurs ("nghi", "quyet"), read off
    the BM25 vocabulary (its folded bigrams) once per build: what the speller weighs a correction's context by."""
    key = ("pair-counts",)
    if key not in index.cache:
        vocab = getattr(index.bm25, "vocab_dict", None) or {}
        scores = getattr(index.bm25, "scores", None) or {}
        indptr = np.asarray(scores.get("indptr", ()))
        ends = np.append(indptr[1:], len(scores.get("data", ()))) if len(indptr) == len(vocab) else indptr[1:]
        found: dict[tuple[str, str], int] = {}
        for token, i in vocab.items() if len(ends) >= len(vocab) else ():
            if token.startswith("~") and "_" in token:
                first, _, second = token[1:].partition("_")
                found[(first, second)] = int(ends[i] - indptr[i])
        index.cache[key] = found
    return index.cache[key]


def load_index(settings: Settings) -> LoadedIndex:
    """The current build in memory; IndexNotFound without one, IndexCorrupt when a file of it is damaged."""
    data_dir = settings.data_dir
    meta = read_meta(data_dir)
    if meta is None:
        raise IndexNotFound(f"no index in {data_dir}; build one with `govqa index --data {data_dir}`")
    build_dir = data_dir / "builds" / meta["build"]
    with private_umask():  # Chroma may write files when it opens a collection
        parts = _load_parts(settings, meta, build_dir)
        embedder = store = None
        if meta["embeddings_spec"] != "none":
            embedder = make_embedder(meta["embeddings_spec"])
            if embedder is not None and embedder.model_id != meta["embeddings"]:
                log.warning(
                    "index was embedded with %s, not %s: using BM25 alone", meta["embeddings"], embedder.model_id
                )
                embedder = None
            if embedder is not None and meta["passages"]:  # an empty corpus has no collection
                store = _open_store(settings, meta, build_dir)
    passages, documents, retriever, df, registers = parts
    doc_ids = list(documents)
    position = {d: i for i, d in enumerate(doc_ids)}
    with _reading(build_dir / "documents.jsonl"):  # every passage's document must be there
        doc_of = np.array([position[p.doc_id] for p in passages], dtype=np.int32)
    return LoadedIndex(
        build=meta["build"],
        meta=meta,
        documents=documents,
        passages=passages,
        bm25=retriever,
        store=store,
        embedder=embedder,
        access=np.array([is_public(p.access) for p in passages], dtype=bool),
        doc_of=doc_of,
        doc_ids=doc_ids,
        position={p.chunk_id: i for i, p in enumerate(passages)},
        df=df,
        registers=registers,
    )


def _load_parts(settings: Settings, meta: dict, build_dir: Path):
    """Passages, documents, BM25, document frequencies and registers of a build, each checked."""
    with _reading(build_dir / "passages.jsonl"):
        passages = [_passage(d) for d in _read_jsonl(build_dir / "passages.jsonl", meta["passages"])]
    with _reading(build_dir / "documents.jsonl"):
        rows = _read_jsonl(build_dir / "documents.jsonl", meta["documents"])
        documents = {d.doc_id: d for d in (_document(x) for x in rows)}
    with _reading(build_dir / "bm25"):
        retriever = bm25s.BM25.load(str(build_dir / "bm25"), show_progress=False)
    with _reading(build_dir / "df.json"):
        df = Counter(json.loads((build_dir / "df.json").read_text("utf-8")))
    with _reading(build_dir / "registers.sqlite"):
        registers = Registers(build_dir / "registers.sqlite")
    return passages, documents, retriever, df, registers


def _open_store(settings: Settings, meta: dict, build_dir: Path) -> VectorStore | None:
    if not meta["passages"]:
        return None  # nothing was embedded, so no collection was made
    where = meta.get("chroma_url") or build_dir / "chroma"
    with _reading(where):
        store = open_store(settings.with_chroma(meta.get("chroma_url")), build_dir, meta["build"], create=False)
        count = store.count()
    if count != meta["passages"]:
        raise IndexCorrupt(where, f"{count} vectors for {meta['passages']} passages")
    return store


def _intact(settings: Settings, meta: dict) -> bool:
    """Whether every file of the build `meta` describes is there and readable (else it is rebuilt)."""
    build_dir = settings.data_dir / "builds" / meta["build"]
    try:
        with private_umask():
            *_, registers = _load_parts(settings, meta, build_dir)
            registers.close()
            if meta["embeddings_spec"] != "none":
                _open_store(settings, meta, build_dir)
    except IndexCorrupt as e:
        log.warning("%s", e.rebuilding())
        return False
    return True


@contextmanager
def _reading(path: Path | str) -> Iterator[None]:
    """Any failure to read `path` (missing, truncated, not what was written) becomes IndexCorrupt."""
    try:
        yield
    except IndexCorrupt:
        raise
    except Exception as e:
        raise IndexCorrupt(path, f"{type(e).__name__}: {e}") from e


# --- helpers -------------------------------------------------------------------------------------


def _fingerprint(folders: list[Path], settings: Settings) -> str:
    """Changes when any corpus file, its sidecar, the embeddings backend or the index format changes."""
    h = hashlib.sha256(f"{FORMAT_VERSION}|{settings.embeddings}|{settings.chroma_url}".encode())
    for _root, path in corpus_files(folders):
        h.update(str(path).encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
        sidecar = path.with_name(path.name + ".meta.yaml")
        if sidecar.exists():
            h.update(hashlib.sha256(sidecar.read_bytes()).digest())
    return h.hexdigest()


def _store_meta(p: Passage) -> dict:
    return {"doc_id": p.doc_id, "access": p.access}


def _switch(data_dir: Path, name: str) -> None:
    tmp = data_dir / f"CURRENT.{os.getpid()}.tmp"
    tmp.write_text(name + "\n", "utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, data_dir / "CURRENT")
    _fsync_dir(data_dir)


def _remove_old_builds(settings: Settings, keep: str) -> None:
    """Keep the new build and the one before it (a running process may still read it)."""
    builds = sorted((settings.data_dir / "builds").iterdir(), key=lambda p: p.name)
    finished = [b for b in builds if (b / "meta.json").exists()]
    keepers = {keep, *(b.name for b in finished[-KEEP_BUILDS:])}
    for b in builds:
        if b.name not in keepers:
            try:
                meta = json.loads((b / "meta.json").read_text("utf-8"))
                if meta.get("chroma_url"):
                    open_store(settings.with_chroma(meta["chroma_url"]), b, b.name, create=False).drop()
            except Exception as e:
                log.debug("could not drop collection of %s: %s", b.name, e)
            shutil.rmtree(b, ignore_errors=True)


def _remove_unfinished_builds(data_dir: Path) -> None:
    """Build folders without meta.json, other than the current one: left by a build that was killed."""
    builds = data_dir / "builds"
    if not builds.is_dir():
        return
    current = current_build(data_dir)
    for b in builds.iterdir():
        if b.is_dir() and b.name != current and not (b / "meta.json").exists():
            log.info("removing %s, left by an interrupted build", b)
            shutil.rmtree(b, ignore_errors=True)


def _discard(settings: Settings, build_dir: Path, name: str) -> None:
    """Take a failed build back out: its folder, and its collection on a Chroma server."""
    if settings.chroma_url:
        try:
            open_store(settings, build_dir, name, create=False).drop()
        except Exception as e:  # never made, or the server is gone: nothing more to do
            log.debug("could not drop collection of %s: %s", name, e)
    shutil.rmtree(build_dir, ignore_errors=True)


@contextmanager
def _lock(data_dir: Path) -> Iterator[None]:
    """One index build at a time per data dir (a cron job and /capnhat may overlap)."""
    with open(data_dir / "index.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@contextmanager
def _progress(total: int, enabled: bool | Callable[[int, int], None], label: str):
    if callable(enabled):
        done = 0

        def step(n: int) -> None:
            nonlocal done
            done += n
            enabled(done, total)

        yield step
        return
    if not enabled or total < 50:
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit="đoạn", file=sys.stderr, leave=False) as bar:
        yield bar.update


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_jsonl(path: Path, rows) -> None:
    with _jsonl(path) as write:
        for row in rows:
            write(row)


@contextmanager
def _jsonl(path: Path) -> Iterator[Callable[[dict], None]]:
    """A JSONL file written a row at a time, flushed to disk when the block ends."""
    with open(path, "w", encoding="utf-8") as f:
        yield lambda row: f.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        f.flush()
        os.fsync(f.fileno())


def _read_jsonl(path: Path, expected: int) -> list[dict]:
    """The rows of a JSONL file the build wrote, which must be `expected` many (a cut file is not)."""
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    if len(rows) != expected:
        raise ValueError(f"{len(rows)} rows where the build wrote {expected}")
    return rows


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


def _fields(record) -> dict:
    """A flat dataclass's fields as a dict: `asdict` deep-copies every row of a register to the same JSON."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _doc_json(d: Document) -> dict:
    row = _fields(d)
    row["text"] = ""  # passages carry the text; rows stay for registers
    return row


def _document(row: dict) -> Document:
    for key in ("date", "as_of"):
        if row.get(key):
            row[key] = date.fromisoformat(row[key])
    row["sources"] = tuple(row["sources"])
    row["columns"] = tuple(row["columns"])
    row["rows"] = tuple(tuple(r) for r in row["rows"])
    return Document(**row)


def _passage(row: dict) -> Passage:
    row["headings"] = tuple(row["headings"])
    return Passage(**row)
