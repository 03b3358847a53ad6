import chromadb
import numpy as np
from chromadb.config import Settings

from retrieval.store import VectorStore


def test_the_nearest_passages_are_the_exact_ones_in_every_build(tmp_path):
    # search.py asks for the 100 nearest; with Chroma's default search list (also 100) a few were missed,
    # and which ones depended on the build, so one corpus answered differently after a rebuild.
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(530, 384)).astype(np.float32)
    ids = [f"p{i}" for i in range(len(vectors))]
    queries = rng.normal(size=(40, 384)).astype(np.float32)
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    exact = np.argsort(-(queries @ unit.T), axis=1)[:, :100]

    for build in ("a", "b"):
        client = chromadb.PersistentClient(path=str(tmp_path / build), settings=Settings(anonymized_telemetry=False))
        store = VectorStore(client, "passages", create=True)
        store.add(ids, vectors, [{"n": i} for i in range(len(ids))], ids)
        for query, nearest in zip(queries, exact):
            assert [chunk for chunk, _ in store.query(query, 100)] == [ids[i] for i in nearest]
