"""Yes/no questions: the first word is "Có."/"Không." ("Yes."/"No.") followed by the fact, when the evidence
decides it — the sentence that says what the question asserts leads; otherwise no verdict is guessed."""

from datetime import date

import pytest

TODAY = date(2026, 2, 10)


@pytest.mark.parametrize(
    ("question", "verdict", "fact"),
    [
        ("Cổng Dịch vụ công quốc gia có thanh toán điện tử không?", "Có.", "Thanh toán điện tử"),
        ("VNeID có phải của Bộ Công an không?", "Có.", "Bộ Công an"),
        ("tai khoan muc 1 co can ra cong an ko", "Không.", "không cần đến cơ quan công an"),
        ("Tài khoản mức 2 có tự đăng ký trên app được không?", "Không.", "không thể chỉ tự đăng ký"),
        ("Nghị định 59/2022/NĐ-CP bây giờ còn được áp dụng không?", "Không.", "69/2024/NĐ-CP"),
        ("Mục tiêu chi cho R&D theo Nghị quyết 57 là 3% GDP phải không?", "Không.", "2% GDP"),
        ("Is VNeID run by the Ministry of Public Security?", "Yes.", "Bộ Công an"),
        ("tk muc 1 tu dk tren dt dc k", "Có.", "mức độ 1"),  # "mức 1" names the account: no clash with "mức độ 2"
    ],
)
def test_the_verdict_comes_first_and_the_fact_right_after_it(builtin_engine, question, verdict, fact):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and answer.citations
    assert answer.text.startswith(verdict + " ")
    assert fact in answer.text.splitlines()[0] or fact in answer.text.split("[1]")[0]


def test_a_list_item_answers_with_its_lead_in_not_with_the_first_item(builtin_engine):
    answer = builtin_engine.ask("Cổng Dịch vụ công quốc gia có thanh toán điện tử không?", today=TODAY)
    assert answer.text.splitlines()[0] == "Có. Cổng Dịch vụ công quốc gia có sáu thành phần: Thanh toán điện tử. [1]"


@pytest.mark.parametrize(
    "question",
    [
        "VNeID có thu phí không?",  # the documents say nothing of a fee
        "Tài khoản VNeID mức 1 có cần lấy vân tay không?",  # the fingerprint sentences are about level 2
    ],
)
def test_no_verdict_is_guessed_from_evidence_that_does_not_say_it(builtin_engine, question):
    answer = builtin_engine.ask(question, today=TODAY)
    assert not answer.text.startswith(("Có.", "Không.", "Yes.", "No."))
