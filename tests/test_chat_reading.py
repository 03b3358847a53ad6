"""A chat-typed citizen question is read as the words it means: a phrase that reads two ways without its
marks is read by the words around it ("ma bhxh la so nao" asks which number, not which department), an
everyday phrase is met even where an abbreviation was written out ("ma bhxh"), and a misspelt word is
corrected by the words the corpus writes next to its neighbours ("nghi quyt 57")."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval import data
from retrieval.query import read_homographs, read_query, read_text
from retrieval.small_talk import without_greeting
from retrieval.spelling import Speller

TODAY = date(2026, 2, 10)


# --- "so nao": which number or which department ---------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["ma bhxh la so nao", "mã bhxh là số nào", "sdt tong dai dvc la so nao", "tk vneid gan voi so nao"],
)
def test_a_question_about_a_code_or_a_number_asks_which_number_not_who(question):
    assert "who" not in read_text(question).asks


@pytest.mark.parametrize(
    "question", ["so nao chu tri nhiem vu nay", "co quan chu tri la so nao", "Sở nào chủ trì nhiệm vụ này?"]
)
def test_so_nao_about_a_body_still_asks_who(question):
    assert "who" in read_text(question).asks


def test_the_number_reading_is_written_with_its_marks():
    assert read_homographs("ma bhxh la so nao") == "ma bhxh la số nào"
    assert read_homographs("nhiem vu nay do so nao chu tri") == "nhiem vu nay do so nao chu tri"


def test_every_homograph_line_has_a_phrase_a_reading_and_both_contexts():
    for line in data.lines("homographs.tsv"):
        phrase, reading, things, before = line.split("\t")
        assert phrase == phrase.lower() and reading != phrase and things and before


def test_an_accentless_everyday_phrase_is_met_where_an_abbreviation_was_written_out():
    """ "ma bhxh" → "ma bảo hiểm xã hội": mixed marks, still the synonym "mã số bảo hiểm xã hội"."""
    assert "ma so bao hiem xa hoi" in read_text("ma bhxh doi tu ngay nao").text


def test_a_mark_less_question_keeps_its_other_words_as_typed_around_a_synonym():
    q = read_text("chứng minh thư làm ở đâu")
    assert q.text.startswith("căn cước công dân") and "ở đâu" in q.text


def test_the_number_question_is_answered_with_the_number(builtin_dense_engine):
    answer = builtin_dense_engine.ask("ma bhxh la so nao", today=TODAY)
    assert answer.status == "answered" and "số định danh cá nhân" in answer.text.split("\n")[0]


# --- a misspelt word and the words around it ------------------------------------------------------------

PAIRS = {("nghi", "quyet"): 40, ("quyet", "57"): 20, ("quy", "dinh"): 9, ("bao", "thu"): 6}
SPELLER = Speller({"quyet": 40, "quy": 30, "thu": 8, "thuc": 9, "dinh": 30}, PAIRS)


def test_a_syllable_the_corpus_lacks_is_read_as_the_word_its_neighbours_are_written_with():
    assert SPELLER.correct("quyt", "nghi", "57") == "quyet"  # "nghị quyết 57", never "nghi quy"


def test_without_neighbours_a_real_syllable_is_left_as_typed():
    assert SPELLER.correct("quyt") is None
    assert SPELLER.correct("quyt", "xem", "ngay") is None  # no pair of the corpus supports either reading


def test_two_equally_common_candidates_are_decided_by_the_pair_the_corpus_writes():
    assert SPELLER.correct("thun") is None  # "thu" or "thuc": no guess alone
    assert SPELLER.correct("thun", "bao") == "thu"


def test_a_syllable_in_a_place_name_is_left_as_typed():
    speller = Speller({"lieu": 40, "thanh": 40}, {("thanh", "lieu"): 9})
    assert speller.correct_text("nghi quyet thanh mieu")[0] == "nghi quyet thanh lieu"  # context reads it
    assert speller.correct_text("phuong thanh mieu co bao nhieu nhiem vu")[1] == ()  # "Thanh Miếu": a name


def test_the_corpus_decides_a_misspelt_document_word_in_a_question(builtin_engine):
    index = builtin_engine.index()
    q = read_query(index, "nghi quyt 57 do ai ky", "citizen", TODAY)
    assert q.corrected == (("quyt", "quyet"),) and q.documents
    assert "Tô Lâm" in builtin_engine.ask("nghi quyt 57 do ai ky", today=TODAY).text


# --- chat words for documents, levels and places -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("nd 59 bi thay boi nd nao", "nghi dinh 59"),  # "nd" before a number is a decree …
        ("tt 03/2025 huong dan nd 118 a", "thong tu 3/2025"),
        ("cv 168 bhxh noi j", "cong van 168"),
        ("tu dk muc 2 tren app dc k", "muc do 2"),  # the guides write "mức độ 2"
        ("gio lam viec trung tam hcc xem o dau", "trung tam phuc vu hanh chinh cong"),
    ],
)
def test_chat_words_for_documents_levels_and_centres_are_read_as_the_guides_write_them(typed, read):
    assert read in read_text(typed).folded


def test_nd_without_a_number_is_left_alone():
    assert "nghi dinh" not in read_text("nd cua nghi quyet la gi").folded  # "nd" is also "nội dung"


def test_ra_doi_khi_nao_asks_when_and_is_about_nothing_else():
    assert read_text("vneid ra doi hoi nao z").terms == ("vneid",)


def test_what_a_centre_is_for_is_no_list_of_its_tasks():
    assert "list" not in read_text("trung tam pvhcc la cho lam j").intents
    assert "list" in read_text("so tai chinh phai lam gi").intents


# --- answers a citizen reads ------------------------------------------------------------------------------


def test_the_guide_s_word_on_whom_to_ask_answers_hoi_ai(builtin_dense_engine):
    answer = builtin_dense_engine.ask("cai vssid, le phi hoi ai", today=TODAY)
    assert answer.status == "answered" and "cơ quan bảo hiểm xã hội" in answer.text


def test_a_referral_about_another_thing_is_not_quoted_for_a_fee_no_guide_gives(builtin_dense_engine):
    """ "lệ phí đổi cccd": the BHYT guide's "… VssID và lệ phí (nếu có), người dân hỏi cơ quan bảo hiểm xã hội"
    is about VssID, not the card: the fee is said to be missing, with the general referral."""
    answer = builtin_dense_engine.ask("le phi doi cccd bn", today=TODAY)
    assert answer.status == "not_found" and answer.text.startswith("Dữ liệu hiện có không có thông tin về lệ phí")
    assert "VssID" not in answer.text


@pytest.mark.parametrize("question", ["lam cccd cho con can gi", "lam cccd mat bao lau thi co"])
def test_a_detail_no_guide_gives_is_said_with_what_the_guides_cover(builtin_dense_engine, question):
    answer = builtin_dense_engine.ask(question, today=TODAY)
    assert answer.status == "not_found" and not answer.citations
    assert (
        answer.text.startswith("Dữ liệu hiện có không có thông tin về")
        and "Với người dân, tôi có hướng dẫn về:" in answer.text
    )


def test_a_level_typed_without_do_finds_the_guide_s_sentence(builtin_dense_engine):
    answer = builtin_dense_engine.ask("vneid muc 1 tu lam tren dien thoai dc k", today=TODAY)
    assert "tự đăng ký" in answer.text


@pytest.mark.parametrize(
    ("question", "asks_outcome"),
    [
        ("cong chuc ko xu ly ho so tren mang thi bi sao", True),
        ("can bo ko xu ly ho so tren mang se bi danh gia ntn", True),
        ("the bhyt giay het han thi sao", False),  # "thì sao" alone asks what to do, not what befalls someone
    ],
)
def test_what_happens_to_someone_is_an_outcome_question(question, asks_outcome):
    assert ("outcome" in read_text(question).asks) is asks_outcome


def test_an_outcome_question_gets_the_sentence_saying_what_happens(builtin_dense_engine):
    answer = builtin_dense_engine.ask("cong chuc ko xu ly ho so tren mang thi bi sao", today=TODAY)
    assert answer.status == "answered" and "không đáp ứng yêu cầu công việc" in answer.text


# --- openers: "cho em hỏi", "ad ơi", "shop ơi" ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("cho em hoi vneid la gi", "vneid la gi"),
        ("ad oi cho minh hoi ma bhxh la so nao vay", "ma bhxh la so nao vay"),
        ("mn cho e hoi the bhyt dien tu xem o dau", "the bhyt dien tu xem o dau"),
        ("e muon hoi cong dvc khai truong ngay nao a", "cong dvc khai truong ngay nao a"),
        ("shop oi vneid muc 2 dk o dau", "vneid muc 2 dk o dau"),
        ("cho em hỏi là vneid là gì", "vneid là gì"),
        ("Chào bạn, Nghị quyết 57 là gì?", "Nghị quyết 57 là gì?"),
    ],
)
def test_an_opener_before_a_question_is_dropped(typed, asked):
    assert without_greeting(typed) == asked


@pytest.mark.parametrize("typed", ["vneid la gi", "cho hoi", "the bhyt giay con dung duoc k", "ad vneid la gi"])
def test_a_question_without_an_opener_is_left_whole(typed):
    assert without_greeting(typed) == typed


def test_calling_someone_without_a_question_is_greeted_back(builtin_engine):
    answer = builtin_engine.ask("mn oi", today=TODAY)
    assert answer.status == "not_found" and answer.text.startswith("Xin chào!")


def test_a_question_after_an_opener_is_answered_as_the_question(builtin_dense_engine):
    answer = builtin_dense_engine.ask("e muon hoi cong dvc khai truong ngay nao a", today=TODAY)
    assert answer.status == "answered" and "09/12/2019" in answer.text


def test_going_to_the_police_in_chat_words_meets_the_guide_s_words(builtin_dense_engine):
    """ "ra công an" is the guide's "đến cơ quan công an": the sentence saying it is not needed decides."""
    assert "den co quan cong an" in read_text("dk vneid muc 1 can ra cong an k").folded
    answer = builtin_dense_engine.ask("dk vneid muc 1 can ra cong an k", today=TODAY)
    assert answer.text.startswith("Không.") and "không cần đến cơ quan công an" in answer.text
