"""A citizen's question about something no guide describes gets an honest not-found, not a neighbouring
passage: a mishap ("mất", "bị khóa") is answered only by a sentence saying it or a way out of it, and a word
typed with its marks is the word it spells, not the accent-less word the corpus has ("khóa" is no "khoa học").
"How" is not answered with a target for 2030, "what does X do" with the sentence saying what X is, and the
same questions get the same answers whatever was asked before them."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.definition import asks_what_for, defined_subjects
from retrieval.mishaps import actions_asked, answers, mishaps_asked
from retrieval.query import read_text

TODAY = date(2026, 2, 10)


def _ask(engine, question: str):
    return engine.ask(question, "citizen", TODAY)


# --- mishaps (data/mishaps.tsv) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "accented", "stated"),
    [
        ("mat cccd thi lam gi", False, "mất"),
        ("tài khoản vneid bị khóa phải làm gì", True, "bị khóa"),
        ("vneid bi hack thi lam sao", False, "bị hack"),
        ("quen mat khau vneid", False, "quên"),
        ("dvc cong quoc gia dang nhap ko dc phai lam sao", False, "không đăng nhập được"),
    ],
)
def test_a_question_stating_a_mishap_is_read_as_one(question, accented, stated):
    text = read_text(question).text
    assert [m.name for m in mishaps_asked(text, accented)] == [stated]


@pytest.mark.parametrize(
    "question", ["đăng ký mức 2 có mất phí không", "lam cccd mat bao lau", "mat tien ko", "quen mat khau"]
)
def test_a_fee_or_a_wait_is_no_loss(question):
    q = read_text(question)
    assert "mất" not in [m.name for m in mishaps_asked(q.text if q.accented else q.folded, q.accented)]


def test_a_way_out_of_a_loss_answers_it_and_what_the_paper_is_worth_does_not():
    (lost,) = mishaps_asked("mat the bhyt", accented=False)
    assert answers(lost, "Khi người dân đề nghị cấp lại thẻ BHYT thì không được cấp thẻ giấy nữa.", accented=False)
    assert not answers(lost, "Tài khoản mức độ 2 có giá trị tương đương thẻ căn cước công dân gắn chip.", False)


@pytest.mark.parametrize(
    "question",
    [
        "mat cccd thi lam gi",
        "tk vneid bi khoa mo lai sao",
        "mat dt co cai vneid thi lam gi",
        "tài khoản vneid bị khóa phải làm gì",
        "dvc cong quoc gia dang nhap ko dc phai lam sao",  # not the portal's "Hệ thống đăng nhập một lần"
    ],
)
def test_a_mishap_no_guide_describes_is_not_answered_with_a_neighbouring_fact(builtin_dense_engine, question):
    answer = _ask(builtin_dense_engine, question)
    assert answer.status == "not_found", answer.text
    assert "hướng dẫn về" in answer.text  # what the guides do cover


@pytest.mark.parametrize(
    ("question", "expected"),
    [("bhyt giấy mất r thì cấp lại đc ko ạ", "01/6/2025"), ("mk mất thẻ bhyt thì xem thẻ ở đâu đc", "VssID")],
)
def test_a_mishap_the_guide_answers_is_still_answered(builtin_dense_engine, question, expected):
    answer = _ask(builtin_dense_engine, question)
    assert answer.status == "answered" and expected in answer.text


# --- a word typed with its marks ----------------------------------------------------------------------


def test_a_word_with_its_marks_is_not_read_as_the_accentless_word_of_another_phrase(builtin_dense_engine):
    from retrieval.answer import _index_word
    from retrieval.query import read_query

    index = builtin_dense_engine.index()
    locked = read_query(index, "tài khoản vneid bị khóa phải làm gì", "citizen", TODAY)
    assert _index_word(index, locked, "khóa") == "khóa"  # the corpus writes "khoa" only in "khoa học", "bộ khoa"
    slip = read_query(index, "nghị quyêt 57 có mấy nhóm nhiêm vụ", "citizen", TODAY)
    assert _index_word(index, slip, "nhiêm") == "nhiem"  # a missing mark: the corpus writes "nhiem vu"


# --- how, and what a body does -----------------------------------------------------------------------


def test_how_to_file_online_is_not_answered_with_a_target_for_2030(builtin_dense_engine):
    answer = _ask(builtin_dense_engine, "nộp hồ sơ trực tuyến trên cổng dvc thế nào")
    assert "2030" not in answer.text


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("trung tâm phục vụ hành chính công xã làm những việc gì", "trung tam phuc vu hanh chinh cong"),
        ("cong dvc dung de lam gi", "cong dvc"),
        ("tren cong dvc lam dc nhung viec gi", "cong dich vu cong quoc gia"),
    ],
)
def test_what_a_body_does_asks_what_it_is(question, subject):
    assert subject in defined_subjects(question, read_text(question).text)  # as typed, and chat words read


@pytest.mark.parametrize(
    ("question", "what_for"),
    [("vneid mức 1 làm được gì", True), ("cong dvc dung de lam gi", True), ("vneid là gì", False)],
)
def test_a_question_asking_what_a_thing_can_do_is_told_apart(question, what_for):
    assert asks_what_for(question) is what_for


def test_what_the_commune_centre_does_is_the_sentence_saying_what_the_centre_is(builtin_dense_engine):
    answer = _ask(builtin_dense_engine, "trung tâm phục vụ hành chính công xã làm những việc gì")
    assert answer.status == "answered"
    assert answer.text.startswith("Trung tâm Phục vụ hành chính công (TTHCC, Trung tâm PVHCC) là đầu mối")


def test_what_a_level_1_account_can_do_is_the_sentence_saying_what_it_is_used_for(builtin_dense_engine):
    answer = _ask(builtin_dense_engine, "vneid mức 1 làm được gì")
    assert answer.status == "answered"
    assert "tính năng cơ bản" in answer.text.split("[1]")[0]  # not how to register it, nor the BHYT summary


def test_the_national_population_database_is_no_question_of_population_figures(builtin_dense_engine):
    answer = builtin_dense_engine.ask("what is the national population database", "citizen", TODAY)
    assert answer.status == "answered" and "Cơ sở dữ liệu quốc gia về dân cư" in answer.text


# --- the same answer whatever came before ------------------------------------------------------------

_RUN = [
    "dang ky tam tru online the nao",
    "tai khoan dinh dnah muc 2 lam o dau",
    "o cap tinh co trung tam phuc vu hanh chinh cong ko",
    "cong dvc gom nhung phan nao",
    "trung tam hanh chinh cong mo cua may gio",
    "lam the bhyt giay moi co mat tien ko",
    "nghi quyt 57 ban hanh ngay nao",
    "mat cccd thi lam gi",
]


def test_questions_asked_in_two_orders_in_one_engine_get_the_same_answers(builtin_dense_engine):
    forward = {q: _ask(builtin_dense_engine, q) for q in _RUN}
    backward = {q: _ask(builtin_dense_engine, q) for q in reversed(_RUN)}
    for q in _RUN:
        assert (backward[q].status, backward[q].text) == (forward[q].status, forward[q].text), q


def test_every_mishap_line_has_question_phrases_and_what_answers_them():
    from retrieval import data

    for line in data.lines("mishaps.tsv"):
        asked, answered, *rest = line.split("\t")
        assert asked.split("|")[0].strip() and answered.split("|")[0].strip(), line
        assert len(rest) <= 2, line  # words after it, words before it that make it no mishap


@pytest.mark.parametrize("question", ["muon len muc 2 thi lam the nao ad", "nâng cấp lên mức 2 vneid ở đâu"])
def test_going_up_to_level_2_is_asked_as_getting_a_level_2_account(builtin_dense_engine, question):
    # "lên mức 2" is the everyday "có tài khoản mức độ 2": the level-2 sentence, not a summing-up list, leads
    answer = builtin_dense_engine.ask(question)
    assert answer.status == "answered"
    assert "cơ quan công an" in answer.text.split("\n")[0]


# --- actions a procedure question asks for (data/procedure_actions.tsv) ------------------------------------


@pytest.mark.parametrize(
    ("question", "accented", "action"),
    [
        ("doi gplx online ntn", False, "đổi"),
        ("gia han bhyt ho gia dinh o dau", False, "gia hạn"),
        ("đăng ký kết hôn online ntn", True, "đăng ký"),
        ("cai vneid cho ong ba thi sao", False, "cài"),
        ("nop phat nguoi online ntn", False, "nộp phạt"),
        ("dang ky xe may online tren vneid ntn", False, "đăng ký xe máy"),  # registering a vehicle, not the paper
        ("xin so dinh danh cho be moi sinh ntn", False, "mới sinh"),  # done for a baby
    ],
)
def test_a_procedure_question_names_the_action_it_asks_for(question, accented, action):
    assert [m.name for m in actions_asked(question, accented)] == [action]


@pytest.mark.parametrize(
    "question",
    [
        "nop ho so xong theo doi ho so o dau",
        "chuyen doi so la gi",
        "vneid ra doi hoi nao",
        "qd 31 ve cai gi",
        "giay dang ky xe dua len vneid dc ko",
    ],
)
def test_a_word_spelt_like_an_action_in_another_word_asks_for_none(question):
    assert actions_asked(question, accented=False) == ()


def test_a_sentence_says_an_action_only_in_its_own_word():
    (change,) = actions_asked("doi cccd o dau", accented=False)
    assert answers(change, "Từ ngày 01/8/2025, mã số BHXH thay đổi thế nào?", accented=False)
    assert not answers(change, "… vào chuyển đổi số quốc gia.", accented=False)
    assert not answers(change, "theo dõi tình trạng giải quyết hồ sơ", accented=False)


@pytest.mark.parametrize(
    "question",
    [
        "doi gplx online ntn",
        "đk thường trú online ntn",
        "dang ky ket hon online tren dvc ntn",
        "gia han bhyt ho gia dinh o dau",
        "nop phat nguoi online ntn",  # not the commune's task of guiding people to online public services
    ],
)
def test_an_action_no_guide_describes_is_not_answered_with_the_paper_s_neighbouring_fact(
    builtin_dense_engine, question
):
    assert _ask(builtin_dense_engine, question).status == "not_found"


def test_an_action_a_guide_describes_is_still_answered(builtin_dense_engine):
    answer = _ask(builtin_dense_engine, "dk muc 2 o dau")
    assert answer.status == "answered" and "cơ quan công an" in answer.text


@pytest.mark.parametrize("question", ["gui phan anh kien nghi o dau", "danh gia hai long thu tuc o dau"])
def test_where_to_do_what_a_portal_s_list_names_is_the_portal(builtin_dense_engine, question):
    # the item says what is done ("- theo dõi việc xử lý phản ánh, kiến nghị đã gửi;"), its lead-in where
    answer = _ask(builtin_dense_engine, question)
    assert answer.status == "answered" and answer.text.startswith("Cổng Dịch vụ công quốc gia là nơi")


def test_the_sentence_saying_the_action_asked_leads(builtin_dense_engine):
    # "dùng để thực hiện dịch vụ công trực tuyến" names the account online, but says nothing of registering it
    answer = _ask(builtin_dense_engine, "Đăng ký định danh muc 2 có lam online trên app được không?")
    assert answer.status == "answered" and "không thể chỉ tự đăng ký" in answer.text


@pytest.mark.parametrize("question", ["vneid chay tu nam nao", "vneid chạy từ khi nào"])
def test_chay_is_read_as_hoat_dong_when_asked_since_when_a_service_runs(builtin_dense_engine, question):
    # "chạy" is the everyday word for "hoạt động": the guide's "VNeID hoạt động từ tháng 7/2022" answers it
    answer = _ask(builtin_dense_engine, question)
    assert answer.status == "answered" and "7/2022" in answer.text


@pytest.mark.parametrize("question", ["tt phuc vu hcc cap xa lam j", "tt hcc lam gi"])
def test_tt_before_phuc_vu_or_hcc_is_the_service_centre_and_what_it_does_is_the_guide_s_sentence(
    builtin_dense_engine, question
):
    # "tt" alone may be a circular (thông tư); before "phục vụ"/"hcc" it is the centre, not a commune's task list
    answer = _ask(builtin_dense_engine, question)
    assert answer.status == "answered" and answer.text.startswith("Trung tâm Phục vụ hành chính công")
    assert "nộp hồ sơ" in answer.text


# --- a question word about a thing, steps written elsewhere ---------------------------------------------


@pytest.mark.parametrize("question", ["vneid do bo nao lam ra", "vneid do co quan nao lam ra"])
def test_who_made_a_thing_is_answered_by_the_sentence_naming_its_body(builtin_engine, question):
    """Not by a passage saying "… trên ứng dụng VNeID" and "… đến cơ quan công an" in two sentences."""
    answer = _ask(builtin_engine, question)
    assert answer.status == "answered"
    assert answer.text.startswith("VNeID là ứng dụng") and "Bộ Công an" in answer.text.split("\n")[0]


def test_how_to_do_it_on_the_portal_says_where_its_steps_are_written(builtin_dense_engine):
    """The guide gives no steps: what is done on the portal, then where the steps are ("… trên dichvucong.gov.vn")."""
    answer = _ask(builtin_dense_engine, "nộp hồ sơ trực tuyến trên cổng dịch vụ công như thế nào")
    assert answer.status == "answered"
    assert "nộp hồ sơ" in answer.text.split("[1]")[0]
    assert "các bước thao tác chi tiết trực tiếp trên dichvucong.gov.vn" in answer.text


@pytest.mark.parametrize(
    "question", ["dang ky xe may online tren vneid ntn", "xin so dinh danh cho be moi sinh ntn", "app vneid ko vao dc"]
)
def test_a_procedure_no_guide_describes_gets_a_not_found(builtin_engine, question):
    assert _ask(builtin_engine, question).status == "not_found"


def test_a_paper_put_on_the_app_is_one_integrated_into_the_account(builtin_engine):
    """ "đưa lên app" is what the guide calls "tích hợp" (data/synonyms.tsv)."""
    answer = _ask(builtin_engine, "giay dang ky xe dua len app vneid dc k")
    assert answer.status == "answered" and "giấy đăng ký xe" in answer.text.split("\n")[0]


def test_what_a_service_does_for_people_is_answered_from_its_section_under_that_heading(builtin_engine):
    """ "cổng dvc giúp gì cho dân": the section "… dùng để làm gì?", not the sentence saying it "giúp tiết kiệm"."""
    answer = _ask(builtin_engine, "cong dvc giup j cho dan")
    assert answer.text.startswith("Cổng Dịch vụ công quốc gia là nơi người dân") and "nộp hồ sơ" in answer.text


@pytest.mark.parametrize("question", ["vneid do cơ quan nào quản lý", "vneid cua co quan nao"])
def test_whose_a_service_is_is_answered_by_the_sentence_saying_what_it_belongs_to(builtin_dense_engine, question):
    """ "quản lý", "của cơ quan nào" ask whose it is: "VNeID là ứng dụng … thuộc Bộ Công an", not the portal's
    rules of management nor a sentence about going to the police."""
    first = _ask(builtin_dense_engine, question).text.split("\n")[0]
    assert first.startswith("VNeID là ứng dụng") and "Bộ Công an" in first
