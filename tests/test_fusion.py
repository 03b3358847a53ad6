"""When the dense side is asked at all: the question is embedded only when the fusion rule says it may help."""

from retrieval.search import Fusion, search

QUESTION = "Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP?"


def used_dense(engine, question: str, fusion: Fusion) -> bool:
    return any(h.dense_rank is not None for h in search(engine.index(), question, role="official", fusion=fusion))


def test_score_fusion_embeds_every_question(builtin_dense_engine):
    assert used_dense(builtin_dense_engine, QUESTION, Fusion(alpha=0.3))


def test_bm25_only_never_embeds(builtin_dense_engine):
    assert not used_dense(builtin_dense_engine, QUESTION, Fusion(alpha=0.0))


def test_a_clear_bm25_lead_skips_the_embedding_and_a_close_race_does_not(builtin_dense_engine):
    # margin 0: any lead is clear enough; margin 1: no lead ever is (the second score is never 0 here)
    assert not used_dense(builtin_dense_engine, QUESTION, Fusion(alpha=0.3, margin=0.0))
    assert used_dense(builtin_dense_engine, QUESTION, Fusion(alpha=0.3, margin=1.0))


def test_short_questions_and_questions_with_diacritics_can_be_left_to_bm25(builtin_dense_engine):
    assert not used_dense(builtin_dense_engine, QUESTION, Fusion(alpha=0.3, min_words=30))
    assert not used_dense(builtin_dense_engine, QUESTION, Fusion(alpha=0.3, unaccented_only=True))
    assert used_dense(
        builtin_dense_engine, "nghi quyet 57 muc tieu kinh te so", Fusion(alpha=0.3, unaccented_only=True)
    )


def test_skipping_dense_ranks_like_bm25_alone(builtin_dense_engine):
    index = builtin_dense_engine.index()
    skipped = search(index, QUESTION, role="official", fusion=Fusion(alpha=0.3, margin=0.0))
    alone = search(index, QUESTION, role="official", fusion=Fusion(alpha=0.0))
    assert [h.passage.chunk_id for h in skipped] == [h.passage.chunk_id for h in alone]
