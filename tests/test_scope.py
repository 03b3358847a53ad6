"""Scope honesty: what the evidence does not cover is said first (not_found), the same on every path;
a zero count over data that covers the scope is an answer; requests outside the service get a short note."""

import re
from datetime import date

import pytest

TODAY = date(2026, 2, 10)


def test_a_provincial_department_is_never_answered_with_the_ministry_as_if_it_were_it(builtin_engine):
    answer = builtin_engine.ask("Sở Tài chính chủ trì bao nhiêu nhiệm vụ?", today=TODAY)
    assert answer.status == "not_found"
    first, rest = answer.text.split("\n", 1)
    assert first.startswith("Dữ liệu hiện có không có thông tin về Sở Tài chính")
    assert "Bộ Tài chính" in first and "do Bộ Tài chính chủ trì" in rest  # what the data has, said as such


def test_a_department_named_in_a_register_with_no_task_it_leads_is_a_zero_count(builtin_engine):
    """ "Sở Nội vụ" is a coordinating agency in the commune register: covered, and it leads nothing."""
    answer = builtin_engine.ask("Sở Nội vụ chủ trì bao nhiêu nhiệm vụ?", role="official", today=TODAY)
    assert answer.status == "answered"
    assert answer.text.startswith("Không có nhiệm vụ nào do Sở Nội vụ chủ trì") and answer.citations


def test_the_provincial_committee_is_not_the_commune_committee(builtin_engine):
    answer = builtin_engine.ask("UBND tỉnh có trách nhiệm gì trong Đề án 06?", today=TODAY)
    assert answer.status == "not_found"
    assert "không nêu Ủy ban nhân dân tỉnh" in answer.text
    assert len(answer.text.splitlines()) == 1  # no confident neighbouring target in its place


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("PII 2025 của Nghệ An bao nhiêu điểm?", "không có số liệu của"),
        ("Nghệ An hoàn thành bao nhiêu nhiệm vụ Nghị quyết 57?", "không có số liệu của"),
        ("Phường Phong Châu có nhiệm vụ nào quá hạn?", "không có thông tin về Phường Phong Châu"),
        ("Nghị quyết 99 của Bộ Chính trị quy định gì?", "không có văn bản Nghị quyết 99"),
    ],
)
def test_a_place_or_document_the_data_does_not_cover_is_said_first(builtin_engine, question, says):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có") and says in answer.text.splitlines()[0]


def test_a_year_the_figures_do_not_have_is_not_found_with_the_nearest_year(builtin_engine):
    answer = builtin_engine.ask("PII 2024 của Phú Thọ bao nhiêu điểm?", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có số liệu năm 2024")
    assert "41,10 điểm" in answer.text  # the nearest figure, dated


def test_a_where_question_is_not_answered_with_another_province_s_centre(builtin_engine):
    answer = builtin_engine.ask("trung tam phuc vu hanh chinh cong tinh o dau", today=TODAY)
    assert "Thanh Hóa" not in answer.text
    if answer.status == "answered":
        assert "trang thông tin chính thức" in answer.text  # where to look it up, as the guide says


def test_a_when_question_needs_a_date_in_the_evidence(builtin_engine):
    answer = builtin_engine.ask("Hội đồng Tư vấn quốc gia họp phiên đầu tiên khi nào?", today=TODAY)
    assert answer.status == "not_found" or re.search(r"\d{1,2}/\d{1,2}/\d{4}", answer.text)


def test_a_name_only_internal_documents_hold_is_not_echoed_to_a_citizen(builtin_engine):
    """ "Phường P" is named only in the internal notes of the provincial steering committee."""
    citizen = builtin_engine.ask("Đoàn kiểm tra tại Phường P đến khi nào?", today=TODAY)
    assert citizen.status == "not_found" and not re.search(r"Phường P\b", citizen.text)
    official = builtin_engine.ask("Đoàn kiểm tra tại Phường P đến khi nào?", role="official", today=TODAY)
    assert official.status == "answered" and "28/02/2026" in official.text


def test_a_province_merged_away_in_2025_is_told_honestly_not_answered_with_another(builtin_engine):
    # "Hà Giang" is no longer a province (merged into Tuyên Quang on 01/7/2025); the data has nothing for it,
    # and before it was known by name its PII question was answered with Hà Nội's row as if it were the answer.
    answer = builtin_engine.ask("chỉ số PII của Hà Giang năm 2025", today=date(2026, 2, 10))
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có số liệu của Hà Giang")
