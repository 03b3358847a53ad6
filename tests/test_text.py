"""Vietnamese normalisation: how users really type must meet how documents are written."""

import pytest

from retrieval.text import canonical_numbers, fold, index_terms, index_tokens, normalise, query_tokens, term_set


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("hoà bình", "hòa bình"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("tuỳ chọn", "tùy chọn"),
        ("xoá bỏ", "xóa bỏ"),
        ("Hoà", "hòa"),
    ],
)
def test_old_tone_placement_becomes_the_common_one(typed, canonical):
    assert normalise(typed) == canonical


@pytest.mark.parametrize("word", ["quý", "hoàn thành", "huỳnh", "tuyển dụng", "người"])
def test_words_that_are_already_canonical_are_left_alone(word):
    assert normalise(word) == word


def test_decomposed_unicode_is_composed():
    assert normalise("Nghi\u0323 quyê\u0301t") == "nghị quyết"


def test_folding_strips_every_diacritic_and_d_bar():
    assert fold("Đổi mới sáng tạo, Điện Biên") == "Doi moi sang tao, Dien Bien"


@pytest.mark.parametrize(
    ("typed", "expanded"),
    [
        ("Bộ KH&CN", "bộ khoa học và công nghệ"),
        ("bộ khcn", "bộ khoa học và công nghệ"),
        ("UBND xã", "ủy ban nhân dân xã"),
        ("NQ57", "nghị quyết 57"),
        ("QĐ 204", "quyết định 204"),
        ("ĐMST và CĐS", "đổi mới sáng tạo và chuyển đổi số"),
        ("BCĐ tỉnh", "ban chỉ đạo tỉnh"),
        ("TTHCC", "trung tâm phục vụ hành chính công"),
    ],
)
def test_administrative_abbreviations_are_expanded(typed, expanded):
    assert normalise(typed) == expanded


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("41,10 điểm", "41.1 điểm"),
        ("41.10 điểm", "41.1 điểm"),
        ("15.345 điểm cầu", "15345 điểm cầu"),
        ("ngày 30/06/2025", "ngày 30/6/2025"),
        ("2025-06-30", "30/6/2025"),
        ("tháng 06/2025", "tháng 6/2025"),
    ],
)
def test_decimal_commas_thousands_and_dates_meet_their_other_spellings(text, canonical):
    assert canonical_numbers(text) == canonical


def test_accentless_question_uses_only_the_folded_field():
    tokens = query_tokens("nghi quyet 57")
    assert tokens and all(t.startswith("~") for t in tokens)
    assert "~quyet_57" in tokens


def test_accented_question_also_matches_exact_words():
    tokens = query_tokens("Nghị quyết 57")
    assert "nghị" in tokens and "~nghi" in tokens


@pytest.mark.parametrize(
    "text",
    ["Sở KH&CN tỉnh Phú Thọ hoà thành 41,10 điểm PII", "UBND xa Xuan Dai nop bao cao truoc 30/06/2025", "", "Đề án 06"],
)
def test_an_index_build_reads_a_passage_once_for_the_same_tokens_and_terms(text):
    tokens, terms = index_terms(text)
    assert tokens == index_tokens(text) and terms == term_set(text)
    if text.startswith("Sở"):
        assert {"hòa", "hoa", "~hoa", "41.1", "khoa"} <= set(tokens) | terms
