"""A definition question ("cccd là gì") is answered with the sentence that defines what it asks about, alone:
not the glossary list that sentence stands in, nor a neighbouring fact that only names the thing
(retrieval/definition.py)."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.definition import asks_what_for, defined_subjects, defines, says_what_it_means, without_what_for

TODAY = date(2026, 2, 10)


def test_what_a_definition_question_asks_about_in_each_reading():
    assert defined_subjects("cccd la gi", "căn cước công dân la gi") == ("cccd", "can cuoc cong dan")
    assert defined_subjects("VNeID là gì vậy?") == ("vneid",)
    assert defined_subjects("VNeID là ai?") == () and defined_subjects("làm cccd ở đâu") == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "- CCCD: thẻ căn cước công dân, trong Đề án 06 là thẻ căn cước công dân gắn chip;",
        "VNeID là ứng dụng trên điện thoại di động của Trung tâm dữ liệu quốc gia về dân cư.",
        "Trung tâm Phục vụ hành chính công (TTHCC, Trung tâm PVHCC) là đầu mối trực tiếp.",
    ],
)
def test_a_sentence_opening_with_the_name_and_saying_what_it_is_defines_it(sentence):
    subjects = ("cccd", "vneid", "trung tam phuc vu hanh chinh cong")
    assert defines(sentence, subjects)


@pytest.mark.parametrize(
    "sentence",
    [
        "Tài khoản định danh điện tử mức độ 2 có giá trị tương đương thẻ căn cước công dân (CCCD) gắn chip.",
        "- Đề án 06: Đề án được phê duyệt tại Quyết định 06/QĐ-TTg ngày 06/01/2022;",  # names it again
    ],
)
def test_a_sentence_that_only_names_the_thing_does_not_define_it(sentence):
    assert not defines(sentence, ("cccd", "can cuoc cong dan", "de an 06"))


def test_a_definition_question_gets_the_defining_sentence_alone(builtin_dense_engine):
    answer = builtin_dense_engine.ask("cccd la gi", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith("CCCD: thẻ căn cước công dân")
    assert "VNeID:" not in answer.text and "CSDLQG" not in answer.text and answer.text.count("\n") == 0


def test_a_defining_sentence_that_opens_a_list_keeps_its_items(builtin_dense_engine):
    answer = builtin_dense_engine.ask("cong dvc la gi", today=TODAY)
    assert answer.text.startswith("Cổng Dịch vụ công quốc gia là nơi") and "- nộp hồ sơ;" in answer.text


def test_a_glossary_keeps_only_the_lines_about_what_is_asked(builtin_dense_engine):
    answer = builtin_dense_engine.ask("de an 06 la gi", today=TODAY)
    assert "dữ liệu về dân cư" in answer.text and "CCCD:" not in answer.text and "VNeID:" not in answer.text


def test_what_a_thing_is_for_is_no_procedure_but_a_mishap_before_it_stays():
    assert without_what_for("vneid dùng để làm gì") == "vneid"
    assert without_what_for("mat cccd thi lam gi") == "mat cccd thi"
    assert without_what_for("cong dvc giup gi cho dan") == "cong dvc"  # chat words already read


def test_a_clause_naming_the_thing_and_saying_what_it_is_says_what_it_means():
    subjects = defined_subjects("Trạng thái Xanh trên hệ thống theo dõi nghị quyết 57 nghĩa là gì?")
    assert says_what_it_means('…, ví dụ "trạng thái Xanh" là đúng tiến độ.', subjects)
    assert not says_what_it_means('Tỉnh ở trạng thái "Xanh" ở cấp tỉnh.', subjects)
    # the name after "trong" is no clause of its own: the line says what CCCD is, not Đề án 06
    assert not says_what_it_means("- CCCD: thẻ căn cước công dân, trong Đề án 06 là thẻ gắn chip;", ("de an 06",))


def test_what_a_status_means_is_said_by_prose_not_by_a_figure_row(builtin_dense_engine):
    answer = builtin_dense_engine.ask(
        "Trạng thái Xanh trên hệ thống theo dõi nghị quyết 57 nghĩa là gì?", "citizen", TODAY
    )
    assert answer.status == "answered"
    assert "đúng tiến độ" in answer.text.split("[1]")[0]  # the meaning leads, not Phú Thọ's 100%


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("vneid dùng để làm gì", "dịch vụ công trực tuyến"),
        ("cong dvc giup j cho dan", "nộp hồ sơ"),
        ("vssid la app j", "BHYT điện tử"),
    ],
)
def test_what_a_service_is_or_does_is_answered_from_the_guide(builtin_dense_engine, question, said):
    answer = builtin_dense_engine.ask(question, "citizen", TODAY)
    assert answer.status == "answered" and said in answer.text


def test_what_kind_of_place_a_centre_is_asks_what_it_is(builtin_dense_engine):
    assert defined_subjects("tthcc la cho nao", "trung tâm phục vụ hành chính công la cho nao")
    answer = builtin_dense_engine.ask("tthcc la cho nao", "citizen", TODAY)
    assert answer.status == "answered" and "nộp hồ sơ" in answer.text


def test_what_else_a_thing_is_used_for_is_a_what_for_question():
    assert asks_what_for("tk muc 2 dung dc vao viec j nua", "tài khoản mức độ 2 dung được vao viec gì nua")
