"""Prose answers (directives, citizen guides, reports) as a clerk would write them: the first sentence
holds what the question word asks for — a place or a web address for "ở đâu", a date or a time
expression for "khi nào", an agency or a person for "ai" — intros, cross-references and summary lists
give way to the facts, and a chat-typed or misspelt question is read as the words it means.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import write

from retrieval import data
from retrieval.config import Settings
from retrieval.engine import Engine
from retrieval.query import read_query, read_text
from retrieval.slots import holds_address, holds_place, holds_time, is_signpost
from retrieval.spelling import Speller

TODAY = date(2026, 2, 10)


def first_sentence(text: str) -> str:
    text = re.sub(r"^(Có|Không)\. ", "", text)
    return re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\d])|\n", text)[0]


# --- what a sentence holds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Chợ phiên xã họp vào ngày rằm hằng tháng.",
        "Báo cáo gửi trước ngày 15 hằng tháng.",
        "Ứng dụng VNeID hoạt động từ tháng 7/2022.",
        "Các sở đề xuất nhiệm vụ trong quý I/2026.",
        "Nghị quyết có hiệu lực kể từ ngày ký.",
        "Cổng khai trương ngày 09/12/2019.",
    ],
)
def test_a_time_expression_answers_when_even_without_a_numeric_date(sentence):
    assert holds_time(sentence)


def test_a_sentence_without_a_date_or_time_expression_does_not_answer_when():
    assert not holds_time("Cổng Dịch vụ công quốc gia có sáu thành phần.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Người dân phải đến cơ quan công an để được thu nhận vân tay.",
        "Trung tâm hành chính của tỉnh Phú Thọ đặt tại Việt Trì.",
        "Thẻ BHYT điện tử có trên ứng dụng VssID.",
        "Người dân xem lệ phí trực tiếp trên dichvucong.gov.vn.",
    ],
)
def test_a_place_or_an_address_answers_where(sentence):
    assert holds_place(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Tỷ lệ sử dụng dịch vụ công trực tuyến đạt trên 80%.",  # "trên 80%" is no place
        "Theo trang hethongphapluat.vn, văn bản hướng dẫn là Thông tư 03/2025/TT-VPCP.",  # a source, no address
        "Báo Chính phủ (baochinhphu.vn) đưa tin về việc ban hành quy chế này.",
    ],
)
def test_a_number_over_a_threshold_or_a_site_named_as_a_source_is_no_place(sentence):
    assert not holds_place(sentence)


def test_a_web_address_to_go_to_is_an_address():
    assert holds_address("Cổng chính thức khai trương tại địa chỉ dichvucong.gov.vn.")
    assert not holds_address("(nguồn: laodong.vn)")


@pytest.mark.parametrize(
    "sentence",
    [
        "Hướng dẫn này giải đáp những câu hỏi người dân hay đặt ra về VNeID.",
        "Cách đăng ký tài khoản mức độ 2 được trình bày trong hướng dẫn riêng về VNeID.",
        "Những việc người dân có thể làm, theo các thông tin ở trên:",
        "Thông tin về ngày hiệu lực theo trang apag.edu.vn.",
    ],
)
def test_intros_cross_references_and_bare_attributions_are_signposts(sentence):
    assert is_signpost(sentence)


def test_a_fact_with_a_cross_reference_in_brackets_is_no_signpost():
    assert not is_signpost("Đến năm 2045, kinh tế số đạt tối thiểu 50% GDP (xem mục Tầm nhìn đến năm 2045).")


@pytest.mark.parametrize("name", ["time_expressions.txt", "place_words.txt", "signposts.txt", "procedure_words.txt"])
def test_every_slot_table_holds_lower_case_phrases(name):
    phrases = data.lines(name)
    assert phrases and all(p == p.strip().lower() and len(p) > 1 for p in phrases)


# --- the first sentence answers (built-in corpus, the default dense engine) ----------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("lam dinh danh muc 2 o dau z", "cơ quan công an"),
        ("dk vneid muc 2 o dau vay ad", "cơ quan công an"),
        ("web nop ho so online cua nha nuoc la trang nao", "dichvucong.gov.vn"),
        ("web nop ho so online la gi", "dichvucong.gov.vn"),
        ("link dich vu cong la gi", "dichvucong.gov.vn"),
        ("trang dich vu cong o dau vay", "dichvucong.gov.vn"),
    ],
)
def test_a_where_question_s_first_sentence_names_the_place(builtin_dense_engine, question, place):
    """ "web/link/trang … là gì" asks for the web address: the first sentence gives it."""
    answer = builtin_dense_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and answer.citations
    assert place in first_sentence(answer.text)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    ["lam cccd o dau", "thủ tục làm hộ chiếu online", "nop phat giao thong online", "dang ky tam tru online"],
)
def test_a_procedure_no_guide_describes_is_not_answered_with_a_neighbouring_one(builtin_dense_engine, question):
    """Where to register the VNeID level-2 account is no answer to where to get the card; Đề án 06 targets
    are no guide to a passport: a citizen is told, politely, what the guides do cover."""
    answer = builtin_dense_engine.ask(question, role="citizen", today=TODAY)
    assert answer.status == "not_found" and not answer.citations
    assert answer.text.startswith("Xin lỗi") and "Cổng Dịch vụ công quốc gia" in answer.text and "VNeID" in answer.text
    assert len(re.split(r"(?<=\.) ", answer.text)) <= 3


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("cong dvcqg khai truong ngay nao", "09/12/2019"),
        ("vneid hđ tu nam nao", "7/2022"),
        ("csdl quoc gia ve dan cu chay tu bh", "01/7/2021"),
        ("cán bộ phải xử lý hồ sơ trên mạng trc ngày nào", "30/6/2025"),
    ],
)
def test_a_when_question_s_first_sentence_gives_the_date(builtin_dense_engine, question, value):
    answer = builtin_dense_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and value in first_sentence(answer.text)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "who"),
    [("qd 06 ai ki", "Phạm Minh Chính"), ("ai chu tri le khai truong cong dvc", "Nguyễn Xuân Phúc")],
)
def test_a_who_question_s_first_sentence_names_the_person(builtin_dense_engine, question, who):
    assert who in first_sentence(builtin_dense_engine.ask(question, today=TODAY).text)


@pytest.mark.parametrize(
    "question", ["ai là trưởng ban chỉ đạo trung ương về khoa học công nghệ", "ai lam truong ban chi dao tw ve khcn"]
)
def test_who_holds_an_office_is_not_answered_with_its_deputies(builtin_engine, question):
    first = first_sentence(builtin_engine.ask(question, today=TODAY).text)
    assert "Phó Trưởng Ban" not in first
    deputies = builtin_engine.ask("ai là phó trưởng ban chỉ đạo trung ương", today=TODAY).text
    assert first_sentence(deputies).startswith("Tính đến tháng 1/2025, các Phó Trưởng Ban")


@pytest.mark.slow
def test_a_referral_answers_where_to_ask_but_not_where_a_thing_is(builtin_dense_engine):
    ask = builtin_dense_engine.ask("hoi le phi vssid o dau", today=TODAY)
    assert ask.status == "answered" and "cơ quan bảo hiểm xã hội" in first_sentence(ask.text)
    # the guide says where to look the address up, not the address: an honest not-found
    assert builtin_dense_engine.ask("trung tam phuc vu hanh chinh cong tinh o dau", today=TODAY).status == "not_found"


@pytest.mark.slow
def test_a_guide_s_cross_reference_and_summary_list_are_not_quoted_in_place_of_the_fact(builtin_dense_engine):
    answer = builtin_dense_engine.ask("lam dinh danh muc 2 o dau z", today=TODAY)
    assert "cơ quan công an" in first_sentence(answer.text)
    assert "hướng dẫn riêng" not in answer.text and "theo các thông tin ở trên" not in answer.text


def test_a_passage_s_further_sentence_must_add_something(tmp_path):
    """The same fact said again later in the passage is not quoted twice."""
    corpus = tmp_path / "nq"
    write(
        corpus / "nq-thu.md",
        "# Nghị quyết thử nghiệm\n\nNghị quyết thử nghiệm do Bộ Thử Nghiệm ban hành ngày 15/01/2025. "
        "Văn bản có ba phần chính về chuyển đổi số của tỉnh. "
        "Nghị quyết thử nghiệm do Bộ Thử Nghiệm ban hành theo đề nghị của Sở Thử Nghiệm.\n",
    )
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", corpus=(corpus,), embeddings="none")
    answer = Engine(settings).ask("Nghị quyết thử nghiệm do cơ quan nào ban hành?", today=TODAY)
    assert answer.status == "answered" and answer.text.count("do Bộ Thử Nghiệm ban hành") == 1


def test_a_when_question_is_answered_by_a_time_expression_of_the_evidence(tmp_path):
    corpus = tmp_path / "xa"
    write(corpus / "cho.md", "# Chợ phiên\n\nChợ phiên xã thử nghiệm họp vào ngày rằm hằng tháng.\n")
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", corpus=(corpus,), embeddings="none")
    answer = Engine(settings).ask("Chợ phiên xã thử nghiệm họp vào ngày nào?", today=TODAY)
    assert answer.status == "answered" and "ngày rằm hằng tháng" in answer.text


# --- everyday words and misspellings ---------------------------------------------------------------------


def test_an_everyday_word_covers_the_official_term_it_is_read_as():
    q = read_text("cán bộ phải xử lý hồ sơ trên mạng trc ngày nào")
    assert "trực tuyến" in q.text  # read as the official term …
    assert (("truc", "tuyen"), ("tren", "mang")) in q.everyday  # … and a sentence saying "trên … mạng" covers it


SPELLER = Speller({"quyet": 40, "quyết": 40, "danh": 30, "dinh": 30, "truong": 12, "trương": 6, "thuc": 9, "thu": 8})


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("quyeet", "quyet"), ("dnah", "danh"), ("truogn", "truong"), ("quyèt", None)],
)
def test_a_word_one_letter_off_is_read_as_the_index_word(typed, meant):
    assert SPELLER.correct(typed) == (meant if typed.isascii() else None)


@pytest.mark.parametrize("typed", ["quyet", "sao", "thun", "bitcoin", "57", "phim", "quyt"])
def test_known_short_ambiguous_far_or_real_syllable_words_are_left_as_typed(typed):
    """ "phim", "quyt" (quýt) are Vietnamese syllables the corpus lacks, not typos."""
    assert SPELLER.correct(typed) is None


def test_a_misspelt_question_is_answered_like_the_well_spelt_one(builtin_engine):
    index = builtin_engine.index()
    q = read_query(index, "quyet dinh 204 ban hnah ngay nao", "citizen", TODAY)
    assert q.corrected == (("hnah", "hanh"),) and q.question == "quyet dinh 204 ban hnah ngay nao"
    assert "29/11/2024" in builtin_engine.ask("quyet dinh 204 ban hnah ngay nao", today=TODAY).text


def test_a_word_typed_with_its_marks_or_capitalised_is_never_corrected(builtin_engine):
    index = builtin_engine.index()
    assert read_query(index, "Luật sửa đổi do cơ quan nào chủ trì soạn thảo?", "citizen", TODAY).corrected == ()
    assert read_query(index, "Phường Phong Châu có nhiệm vụ nào quá hạn?", "citizen", TODAY).corrected == ()


def test_english_and_out_of_service_questions_are_not_spell_corrected(builtin_engine):
    index = builtin_engine.index()
    assert read_query(index, "Who signed Resolution 57?", "citizen", TODAY).corrected == ()
    assert read_query(index, "gia xang hom nay bao nhieu", "citizen", TODAY).corrected == ()


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("nq 71 là gì", "Nghị quyết 71/NQ-CP ngày 01/04/2025 của Chính phủ sửa đổi, bổ sung, cập nhật"),
        ("nghị quyết 57 nói về gì", "Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển"),
        ("nghi quyet 57 noi ve cai j v", "Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá"),
        ("qđ 204 là gì", "Quyết định 204-QĐ/TW ngày 29/11/2024 của Ban Bí thư phê duyệt Đề án Chuyển đổi số"),
    ],
)
def test_what_a_document_is_is_answered_as_an_official_text_cites_it(builtin_engine, question, first):
    """ "NQ 71 là gì": its number, date, issuer and what its title says it does, before any sentence of its body
    ("Số hiệu đúng của văn bản là 71/NQ-CP …" says nothing of what it is); the body's sentence saying the same
    again is not repeated."""
    answer = builtin_engine.ask(question, today=TODAY)
    lines = answer.text.splitlines()
    assert answer.status == "answered" and lines[0].startswith(first) and lines[0].endswith("[1]")
    assert not any("ban hành ngày" in line and "bàn về" in line for line in lines[1:])  # NQ 57's intro, again
    assert not any(line.endswith(": [1]") for line in lines)  # no lead-in left without its list


def test_a_question_about_one_part_of_a_document_gets_no_document_line(builtin_engine):
    answer = builtin_engine.ask("nghị quyết 57 có mấy nhóm nhiệm vụ", today=TODAY)
    assert not answer.text.startswith("Nghị quyết 57-NQ/TW ngày 22/12/2024 của")


@pytest.mark.parametrize(
    ("question", "first_item"),
    [
        ("các quan điểm chỉ đạo của NQ 57", "- Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá"),
        ("nq57 co nhung nhom nhiem vu nao", "- Nhóm 1: Nâng cao nhận thức, đột phá về đổi mới tư duy;"),
    ],
)
def test_a_section_that_only_counts_its_parts_lists_them_when_they_are_asked_for(builtin_engine, question, first_item):
    lines = builtin_engine.ask(question, role="official", today=TODAY).text.splitlines()
    assert lines[1].startswith(first_item)
    items = [x for x in lines if x.startswith("- ")]
    assert len(items) in (4, 7) and items[-1].endswith(". [1]")
    # asked how many, the count is the answer, no list
    count = builtin_engine.ask("NQ 57 có bao nhiêu quan điểm chỉ đạo", role="official", today=TODAY)
    assert count.text.startswith("Nghị quyết 57-NQ/TW nêu 5 quan điểm chỉ đạo.") and "\n- " not in count.text


def test_which_document_is_asked_not_said_so_a_note_on_misprints_of_the_number_does_not_answer(builtin_dense_engine):
    answer = builtin_dense_engine.ask("Nghị quyết 71/NQ-CP sửa đổi, bổ sung văn bản nào?", role="official", today=TODAY)
    assert "Nghị quyết 03/NQ-CP" in answer.text.splitlines()[0]
    assert "71/NĐ-CP" not in answer.text  # the sentence on how newspapers misprint the number says "văn bản" twice
