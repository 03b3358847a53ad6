"""Chroma behind one small class: embedded (a folder per build) or a `chroma run` server over HTTP."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from .config import Settings

_BATCH = 2000

# HNSW's search list. Chroma's default (100) equals the 100 neighbours search.py asks for, so about one
# neighbour in a thousand was missed, and which one changed from build to build: the same corpus gave
# different answers to 3–6 of 1,774 eval questions. Four times k finds the exact neighbours on the
# built-in corpus in every build (measured on its 530 passages, 300 queries); it costs ~1 ms a query.
HNSW = {"space": "cosine", "ef_search": 400}


@cache
def precomputed_vectors() -> type:
    """Chroma's embedding-function base class, subclassed on first use: importing chromadb takes ~0.5 s,
    which a BM25-only index, `govqa --help` and the operators' commands never need to pay."""
    from chromadb.api.types import EmbeddingFunction

    class PrecomputedVectors(EmbeddingFunction):
        """Stands in for Chroma's default embedding function, which would download a model.

        govqa always hands Chroma vectors it computed itself; being asked to embed is a bug.
        """

        def __init__(self) -> None:
            pass

        def __call__(self, input):
            raise RuntimeError("govqa passes its own vectors to Chroma; nothing should ask Chroma to embed text")

        @staticmethod
        def name() -> str:
            return "govqa-precomputed"

        def get_config(self) -> dict:
            return {}

        @staticmethod
        def build_from_config(config: dict) -> PrecomputedVectors:
            return PrecomputedVectors()

        def default_space(self):
            return "cosine"

    return PrecomputedVectors


class VectorStore:
    def __init__(self, client, collection_name: str, create: bool) -> None:
        self._client = client
        self._name = collection_name
        ef = precomputed_vectors()()
        if create:
            self._collection = client.create_collection(
                collection_name, embedding_function=ef, configuration={"hnsw": HNSW}
            )
        else:
            self._collection = client.get_collection(collection_name, embedding_function=ef)

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict], documents: list[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            self._collection.add(
                ids=ids[start:end],
                embeddings=vectors[start:end],
                metadatas=metadatas[start:end],
                documents=documents[start:end],
            )

    def query(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """The k nearest passages as (chunk_id, cosine distance), nearest first."""
        result = self._collection.query(query_embeddings=[vector], n_results=k, where=where, include=["distances"])
        return list(zip(result["ids"][0], result["distances"][0]))

    def count(self) -> int:
        return self._collection.count()

    def drop(self) -> None:
        self._client.delete_collection(self._name)


class StoreUnavailable(RuntimeError):
    """No Chroma server answers at GOVQA_CHROMA_URL; the message says so in Vietnamese, then English."""


def unreachable(url: str, reason: str) -> StoreUnavailable:
    return StoreUnavailable(
        f"không kết nối được máy chủ Chroma {url} ({reason}): chạy `chroma run --path <thư mục>` ở đó, hoặc bỏ "
        f"GOVQA_CHROMA_URL để dùng Chroma nhúng (no Chroma server answers at {url}: start `chroma run`, "
        "or unset GOVQA_CHROMA_URL for the embedded store)"
    )


def check_server(url: str, timeout: float = 5.0) -> None:
    """Raise StoreUnavailable unless something answers HTTP at `url`: said at start, not at the first question."""
    import httpx

    try:
        httpx.get(url.rstrip("/") + "/api/v2/heartbeat", timeout=timeout)
    except httpx.HTTPError as e:
        raise unreachable(url, type(e).__name__) from None


def open_store(settings: Settings, build_dir: Path, build: str, create: bool) -> VectorStore:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except ValueError as e:  # chromadb: "Could not connect to a Chroma server. Are you sure it is running?"
            raise unreachable(settings.chroma_url, str(e)) from None
        return VectorStore(client, f"govqa-{build}", create)
    client = chromadb.PersistentClient(path=str(build_dir / "chroma"), settings=chroma_settings)
    return VectorStore(client, "passages", create)
