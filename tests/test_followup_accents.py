"""The "Đang hiểu là" line of a question typed without diacritics, written with the corpus's own spellings
(retrieval/followup_accents.py), over the built-in corpus."""

import pytest

from retrieval.followup_accents import accented


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Phường Việt Trì co bao nhieu nhiem vu?", "Phường Việt Trì có bao nhiêu nhiệm vụ?"),
        ("Nghị định 59/2022 bi thay boi nghi dinh nao?", "Nghị định 59/2022 bị thay bởi nghị định nào?"),
        ("the bhyt giay con dung duoc khong?", "thẻ BHYT giấy còn dùng được không?"),
        ("Cong dich vu cong quoc gia ra doi khi nao?", "Cổng dịch vụ công quốc gia ra đời khi nào?"),
    ],
)
def test_words_typed_without_diacritics_are_written_as_the_corpus_writes_them(builtin_engine, typed, written):
    assert accented(builtin_engine.index(), typed) == written


def test_a_name_the_corpus_writes_with_capitals_inside_keeps_them(builtin_engine):
    assert accented(builtin_engine.index(), "vneid hoat dong tu nam nao?") == "VNeID hoạt động từ năm nào?"
    assert accented(builtin_engine.index(), "Phú Thọ pii 2025 xep thu may?") == "Phú Thọ PII 2025 xếp thứ mấy?"


def test_a_word_its_neighbours_spell_two_ways_stays_as_typed(builtin_engine):
    """ "danh muc" is "danh mục" in the corpus, "muc 2" is "mức 2": the word is not guessed."""
    written = accented(builtin_engine.index(), "Tai khoan dinh danh muc 2 dang ky o dau?")
    assert written == "Tài khoản định danh muc 2 đăng ký ở đâu?"


def test_words_typed_with_diacritics_and_numbers_are_left_alone(builtin_engine):
    text = "Nhiệm vụ «Số hóa» (PT-TDAO-01) hạn 30/11/2025 cơ bản?"
    assert accented(builtin_engine.index(), text) == text
    assert accented(builtin_engine.index(), "") == ""


def test_a_run_whose_word_its_neighbours_spell_another_way_writes_none_of_its_words(builtin_engine):
    """ "ban dan" is "bán dẫn", but "dan co" is no "dẫn có": the pair stays as typed, not half written with
    accents ("bán dan"); the words around it the corpus settles are still written out."""
    written = accented(builtin_engine.index(), "ve ban dan co may nhiem vu ve do thi thong minh?")
    assert written == "về ban dan có mấy nhiệm vụ về đô thị thông minh?"


def test_a_run_typed_for_two_words_stays_as_typed(builtin_engine):
    """data/two_way_spellings.txt: "bi mat" is "bị mất" (lost) as often as the corpus's "bí mật" (secret)."""
    written = accented(builtin_engine.index(), "CCCD bi mat lam sao?")
    assert "bi mat" in written and "bí mật" not in written


def test_a_run_questions_write_otherwise_is_not_given_the_corpus_spelling(builtin_engine):
    """data/question_spellings.txt: "nhiem vu trong NQ03" is "nhiệm vụ trong", not the corpus's "nhiệm vụ trọng"."""
    written = accented(builtin_engine.index(), "Bộ Ngoại giao chủ trì mấy nhiem vu trong NQ03?")
    assert "trọng" not in written and "nhiệm vụ" in written
