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
        # a sentence stating another value of what is asserted denies it; a date in it is no such value
        ("so dinh danh ca nhan co 10 so phai ko", "Không.", "12 chữ số"),
        ("ma so bhxh co 12 so ko", "Có.", "12 chữ số"),
        # "kích hoạt" an account is registering it, as the guide says: "tự đăng ký … không cần đến cơ quan công an"
        ("co can ra cong an de kich hoat muc 1 ko", "Không.", "không cần đến cơ quan công an"),
        # "chỉ gồm thông tin cá nhân …" lists another kind of "thông tin" than "thông tin vân tay"
        ("tk muc 1 co thong tin van tay k", "Không.", "chỉ gồm thông tin cá nhân"),
        ("dang ky vneid muc 1 lam online duoc khong", "Có.", "tự đăng ký"),
        # a number written as a word ("sáu thành phần"), in a list's lead-in, is the value an item is said with
        ("Does the national public service portal have seven components?", "No.", "sáu thành phần"),
        ("Does Phu Tho have 150 commune-level units?", "No.", "148"),  # "units" read as "đơn vị", compared
        # the "còn" of "còn … không" asks, as "có" does: no passage need hold it
        ("ca nuoc con 63 tinh khong", "Không.", "34 đơn vị hành chính cấp tỉnh"),
        # "… 3.321 đơn vị hành chính cấp xã" counts xã: another number of them denies the asserted one
        ("sau sắp xếp cả nước còn 3.500 xã phường à", "Không.", "3.321 đơn vị hành chính cấp xã"),
        # "chạy" is checked by what it may mean ("hoạt động"); a year is compared with the sentence's own date
        ("VNeID chạy từ năm 2020 đúng ko", "Không.", "hoạt động từ tháng 7/2022"),
        ("VNeID chạy từ tháng 7/2022 à", "Có.", "hoạt động từ tháng 7/2022"),
        # "signing up" is "đăng ký": the guide says a level-2 account cannot be had by registering in the app alone
        ("Can I get a level 2 VNeID account just by signing up in the app?", "No.", "không thể chỉ tự đăng ký"),
        # a target says what is to be reached, not what was: the guide's "không phải mức đã đạt" decides
        ("chỉ tiêu 70% thủ tục không phụ thuộc địa giới hành chính đã đạt chưa", "Không.", "không phải mức đã đạt"),
        ("Has the 70% target for procedures handled regardless of residence been achieved?", "No.", "mức đã đạt"),
        # "replace" asks whether one thing stands for another; only "been replaced" asks after a document
        ("Can level-2 VNeID replace my driving licence?", "Yes.", "thay cho bản giấy"),
        ("Cổng dịch vụ công quốc gia có bảy thành phần phải không", "Không.", "sáu thành phần"),
        # what is done instead of the asserted thing ("… thay cho Trung tâm") denies it
        ("Các bộ có lập Trung tâm Phục vụ hành chính công như tỉnh không?", "Không.", "thay cho Trung tâm"),
        ("tai khoan muc 2 thay dc giay dang ky xe ko", "Có.", "thay cho bản giấy"),
        # "go to the police" read as "đến cơ quan công an": the guide's "không cần đến" answers it
        ("Do I have to go to the police to get a level 1 VNeID account?", "No.", "không cần đến cơ quan công an"),
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
        "Tài khoản VNeID mức 2 có thu phí không?",  # nor of a level-2 fee
    ],
)
def test_no_verdict_is_guessed_from_evidence_that_does_not_say_it(builtin_engine, question):
    answer = builtin_engine.ask(question, today=TODAY)
    assert not answer.text.startswith(("Có.", "Không.", "Yes.", "No."))


def test_a_referral_for_a_things_addresses_does_not_unsettle_whether_it_is_there(builtin_engine):
    # "… có không?" asserts nothing but that it is there; the guide's "tra cứu địa chỉ … của Trung tâm" is no
    # word on that
    answer = builtin_engine.ask("Trung tâm phục vụ hành chính công cấp xã có không?", today=TODAY)
    assert answer.text.startswith("Có. ") and "cả cấp tỉnh và cấp xã" in answer.text.splitlines()[0]


def test_who_did_it_is_decided_by_the_sentence_saying_whose_the_subject_is(builtin_engine):
    # "app vneid | do bộ y tế làm hả": who made it is asserted of the app ("Bộ Y tế" typed without marks is a
    # body); "… thẻ bảo hiểm y tế … trên VNeID" names no one, the guide's "… thuộc Bộ Công an" decides
    answer = builtin_engine.ask("app vneid do bo y te lam ha", today=TODAY)
    assert answer.text.startswith("Không. VNeID là ứng dụng") and "thuộc Bộ Công an" in answer.text.splitlines()[0]
    # a text's own issuer is read elsewhere: "Quy chế 08 | do Ban Bí thư …" keeps its subject whole
    assert builtin_engine.ask("Quy che 08 do Ban Bi thu ban hanh dung ko", today=TODAY).text.startswith("Có. ")


@pytest.mark.parametrize(
    ("question", "verdict", "fact"),
    [
        ("PII Phú Thọ 2025 có trên 40 điểm không", "Có.", "41,10"),  # 41,10 > 40
        ("pii phu tho co dat 50 diem ko", "Không.", "41,10"),
        ("Phú Thọ có 150 xã phải không?", "Không.", "133 xã"),
        ("Phú Thọ đứng thứ 15 về PII 2025 phải không?", "Có.", "15/34"),
        ("Cả nước hoàn thành trên 90% nhiệm vụ NQ57 năm 2025 phải không?", "Có.", "95%"),  # a share of a total
        ("Is Phu Tho's PII score above 40?", "Yes.", "41.10"),
    ],
)
def test_a_figure_is_compared_with_the_number_the_question_asks_about(builtin_engine, question, verdict, fact):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered"
    assert answer.text.startswith(verdict + " ") and fact in answer.text.splitlines()[0]


def test_a_count_is_compared_too_and_an_english_count_says_yes_or_no(builtin_engine):
    more = builtin_engine.ask("Bộ Tài chính chủ trì hơn 20 nhiệm vụ phải không?", role="official", today=TODAY)
    assert more.text.startswith("Không. Có 17 nhiệm vụ do Bộ Tài chính chủ trì")
    some = builtin_engine.ask("Does the Ministry of Health lead any tasks?", role="official", today=TODAY)
    assert some.text.startswith("Yes. There are 2 tasks led by Bộ Y tế")
    none = builtin_engine.ask("Does the Ministry of Justice lead any tasks?", role="official", today=TODAY)
    assert none.status == "answered" and none.text.startswith("No. There are no tasks")


@pytest.mark.parametrize(
    ("question", "verdict", "named"),
    [
        ("Quyết định 204 do Bộ Chính trị ban hành phải không?", "Không.", "Ban Bí thư"),
        ("Is Decision 204 issued by the Politburo?", "No.", "Ban Bí thư"),
        ("Nghị quyết 57 do Ban Bí thư ban hành à?", "Không.", "Bộ Chính trị ban hành"),
        ("NQ 03/NQ-CP do Thủ tướng Phạm Minh Chính ký phải không?", "Không.", "Nguyễn Hòa Bình"),
        # the body right before "ban hành" issued it; Bộ Chính trị is named later, for Nghị quyết 57
        ("NQ 03/NQ-CP do Bộ Chính trị ban hành phải không?", "Không.", "của Chính phủ ban hành"),
        ("Is Resolution 57 issued by the Politburo?", "Yes.", "Bộ Chính trị"),
        ("Đề án 06 do Thủ tướng Phạm Minh Chính ký đúng không?", "Có.", "Phạm Minh Chính"),
    ],
)
def test_who_issued_or_signed_is_checked_against_the_body_or_person_the_sentence_names(
    builtin_engine, question, verdict, named
):
    answer = builtin_engine.ask(question, today=TODAY)
    first = answer.text.splitlines()[0]
    assert answer.status == "answered" and first.startswith(verdict) and named in answer.text.split("[1]")[0]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("Nhiệm vụ chuẩn hóa Trung tâm Phục vụ hành chính công của phường Vĩnh Yên đã đến hạn chưa?", "Chưa đến hạn"),
        ("Nhiệm vụ số hóa dữ liệu sổ sức khỏe điện tử của phường Việt Trì đã quá hạn chưa?", "Không quá hạn"),
        ("Nhiệm vụ NQ03-001 đã quá hạn chưa?", "Đã qua hạn 30/06/2025; nguồn không ghi tình trạng"),  # no status
        ("Has the deadline of task NQ03-123 passed?", "Yes, the deadline was 30 June 2025."),
    ],
)
def test_one_tasks_deadline_is_compared_with_today(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first)


def test_a_fee_asked_of_one_thing_is_not_read_from_another_things_free_course(builtin_engine):
    answer = builtin_engine.ask("is vneid free?", today=TODAY)
    assert answer.status == "not_found" and answer.text.startswith("The available data has no information")


@pytest.mark.parametrize(
    ("folded", "op", "value", "unit"),
    [
        ("pii phu tho co tren 40 diem khong", ">", 40, "diem"),
        ("pii phu tho co dat 50 diem ko", ">=", 50, "diem"),
        ("phu tho co 150 xa phai khong", "=", 150, "xa"),
        ("phu tho dung thu 15 ve pii 2025 phai khong", "=", 15, "thu"),
        ("bo tai chinh chu tri hon 20 nhiem vu phai khong", ">", 20, "nhiem vu"),
        ("diem phu tho above 40", ">", 40, ""),  # English comparison words stay as typed
    ],
)
def test_comparison_words_tell_how_a_number_is_compared(folded, op, value, unit):
    from retrieval.verdict import Comparison, asked_comparison

    assert asked_comparison(folded) == Comparison(op, value, unit)


@pytest.mark.parametrize(
    "folded", ["nghi quyet 57 co hieu luc tu ngay ky khong", "vneid muc 2 co dung duoc khong", "phu tho top 5 nam 2025"]
)
def test_numbers_that_name_something_or_a_year_are_not_compared(folded):
    from retrieval.verdict import asked_comparison

    assert asked_comparison(folded) is None


def test_persons_are_told_by_their_family_name_and_bodies_by_the_actors_table():
    from retrieval.verdict import actors, other_actor

    persons, bodies = actors("Tổng Bí thư Tô Lâm thay mặt Bộ Chính trị ký Nghị quyết; signed by To Lam")
    assert persons == {"to lam"} and {"tong bi thu", "bo chinh tri"} <= bodies
    assert other_actor("quyết định 204 do bộ chính trị ban hành", "Quyết định 204-QĐ/TW do Ban Bí thư ban hành")
    assert other_actor("do Thủ tướng Phạm Minh Chính ký", "Thủ tướng Phạm Minh Chính ký ngày 06/01/2022") is False
    assert other_actor("VNeID có thu phí không", "VNeID là ứng dụng của Bộ Công an") is None  # nobody asked about


@pytest.mark.parametrize(
    "question",
    ["Tài khoản VNeID mức 1 có cần lấy vân tay không?", "Do I need fingerprints for a level 1 VNeID account?"],
)
def test_a_sentence_saying_the_subject_has_only_other_things_answers_no(builtin_engine, question):
    """The fingerprint sentences are about level 2; level 1 "chỉ gồm thông tin cá nhân cơ bản và ảnh chân dung"."""
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.text.startswith(("Không. Tài khoản định danh điện tử mức độ 1 chỉ gồm", "No."))
    assert "mức độ 1 chỉ gồm" in answer.text.split("[1]")[0]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # the portal's components decide, not the VNeID account's uses that search ranked above them
        ("cong dvc co thanh toan online ko", "Có. Cổng Dịch vụ công quốc gia có sáu thành phần: Thanh toán điện tử."),
        # a guide's "xem lệ phí, số điện thoại hỗ trợ … trực tiếp trên dichvucong.gov.vn" is about other things
        ("cong dich vu cong co ho tro truc tuyen khong", "Có. Cổng Dịch vụ công quốc gia có sáu thành phần: Hỗ trợ"),
    ],
)
def test_the_verdict_comes_from_a_sentence_about_the_thing_asked(builtin_engine, question, first):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first)


@pytest.mark.parametrize(
    ("question", "verdict", "fact"),
    [
        ("Bộ Tài chính có chủ trì nhiệm vụ sửa Luật Ngân sách không?", "Có.", "do Bộ Tài chính chủ trì"),
        ("bo khcn chu tri nhiem vu sua luat ngan sach nha nuoc dung ko", "Không.", "do Bộ Tài chính chủ trì"),
        (
            "Bộ Ngoại giao có phối hợp nhiệm vụ mạng lưới kết nối các trung tâm đổi mới sáng tạo không?",
            "Có.",
            "Bộ Ngoại giao",
        ),
        # the commune's health station coordinates; the ward's committee leads
        (
            "Trạm Y tế phường Vĩnh Yên có chủ trì nhiệm vụ số hóa sổ sức khỏe điện tử không?",
            "Không.",
            "UBND phường Vĩnh Yên",
        ),
        (
            "Nghị định về quỹ đầu tư mạo hiểm cho khởi nghiệp sáng tạo có hạn năm 2025 không?",
            "Không.",
            "thời hạn 2026",
        ),
        ("Is the Ministry of Finance the lead agency for amending the State Budget Law?", "Yes.", "Bộ Tài chính"),
    ],
)
def test_a_tasks_lead_partners_or_deadline_year_are_checked_against_its_row(builtin_engine, question, verdict, fact):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(verdict + " ")
    assert fact in answer.text.split("[1]")[0]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        (
            "Quyết định 204 được ban hành năm 2025 phải không?",
            "Không. Quyết định 204-QĐ/TW do Ban Bí thư ban hành ngày 29/11/2024",
        ),
        ("nq 57 ban hanh nam 2024 dung ko", "Có. "),
        # the "TTg" of its number reads as "thủ tướng": the title asked is the one typed, "Phó Thủ tướng"
        (
            "Quyết định 06/QĐ-TTg do Phó Thủ tướng ký à?",
            "Không. Quyết định 06/QĐ-TTg được Thủ tướng Phạm Minh Chính ký",
        ),
        (
            "Did the Politburo issue Decision 204?",
            "No. Decision 204-QĐ/TW was issued by Ban Bí thư (Secretariat) on 29",
        ),
        ("Was Decision 204 issued in 2025?", "No. Decision 204-QĐ/TW was issued"),
        # a month or a day asserted is compared as finely as it is asserted, not by its year alone
        ("NQ 57 ban hành tháng 11/2024 à", "Không. "),
        ("Nghị quyết 57 ban hành ngày 22/12/2024 đúng không", "Có. "),
        # a body that is not the recorded issuer, though no issuer of directives ("theo đề nghị của Bộ Công an")
        ("Quyết định 06/QĐ-TTg do Bộ Công an ban hành à", "Không. Quyết định 06/QĐ-TTg do Thủ tướng Chính phủ"),
    ],
)
def test_a_documents_own_issuer_signer_and_date_decide_yes_or_no(builtin_engine, question, first):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first)
    assert "22/12/2024" in answer.text or "29/11/2024" in answer.text or "06/01/2022" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "nam 2025 co ban hanh tren 100 nghi dinh ko",  # the evidence has numbers, none of nghị định
        "the bhyt giay cu con xai dc ko ad",  # the guide itself says to ask the social insurance office
    ],
)
def test_evidence_that_decides_nothing_is_said_to_decide_nothing_first(builtin_engine, question):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered"
    assert answer.text.startswith("Chưa có dữ liệu để khẳng định có hay không; thông tin liên quan:\n")


def test_a_figure_row_found_by_search_is_compared_too(builtin_engine):
    answer = builtin_engine.ask("nam 2025 quoc hoi thong qua 30 luat dung ko", today=TODAY)
    assert answer.text.startswith("Có. Cả nước có 30 luật được thông qua năm 2025")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        # "không được | cấp thẻ giấy" negates the paper card's re-issue, not the use of the e-card on VssID
        ("co duoc dung the bhyt tren vssid ko", "Có."),
        ("bhyt giấy bị mất thì có được cấp lại thẻ giấy không", "Không."),
        ("vneid muc 2 co bat buoc lay van tay ko", "Có."),  # "bắt buộc" is read as "phải"
        ("tai khoan muc 1 co bat buoc ra cong an ko", "Không."),
    ],
)
def test_a_negation_counts_only_for_what_the_question_asserts(builtin_engine, question, verdict):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(verdict + " ")


@pytest.mark.parametrize(
    ("question", "first", "fact"),
    [
        # what the question denies is confirmed or not, never answered "Có." (it would read as its opposite)
        ("Phú Thọ không còn cấp huyện đúng không", "Đúng.", "không còn cấp huyện"),
        # a closing "a" typed without its mark asks; the sentence's 99% is not the 100% asserted
        ("muc tieu phu song 5G 2030 la 100% dan so a", "Không.", "99% dân số"),
        # the sentence denies what is asserted, whatever the number
        ("Đề án 204 có đặt chỉ tiêu 80% không", "Không.", "không đặt chỉ tiêu phần trăm"),
        # the sentence on its effect gives 22/12/2024
        ("NQ 57 có hiệu lực từ năm 2025 phải hông", "Không.", "22/12/2024"),
    ],
)
def test_denials_values_and_a_documents_effect_decide_as_they_are_said(builtin_engine, question, first, fact):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first + " ")
    assert fact in answer.text.split("[1]")[0]


def test_whose_a_thing_is_is_decided_by_a_sentence_about_it_saying_whose(builtin_engine):
    other = builtin_engine.ask("VNeID có phải của Bộ Thông tin và Truyền thông không", today=TODAY)
    assert other.text.startswith("Không. VNeID là ứng dụng") and "thuộc Bộ Công an" in other.text.splitlines()[0]
    # the portal's sentences name Bộ Công an only as providing identities: they say nothing of whose it is
    portal = builtin_engine.ask("cổng dvc có phải của bộ công an ko", today=TODAY)
    assert portal.text.startswith("Chưa có dữ liệu để khẳng định")


def test_an_item_decides_with_its_lead_in_and_the_sentence_the_lead_in_points_back_to(builtin_engine):
    answer = builtin_engine.ask("giay dang ky xe co tich hop len vneid muc 2 duoc k", today=TODAY)
    assert answer.text.startswith("Có. Các giấy tờ đã được tích hợp vào tài khoản định danh điện tử mức độ 2")
    # the item asked about, not the whole list, run on after its lead-in
    assert answer.text.splitlines()[0].endswith("Các giấy tờ này gồm: giấy đăng ký xe. [1]")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("Phú Thọ tụt hạng PII 2025 à", "Không. "),  # the rows recording the move come, though "tụt" is in none
        ("grdp phu tho 9 thang 2025 tang tren 11% ko", "Không. Tại Phú Thọ, tăng trưởng GRDP"),  # growth, not rank
        ("nhiệm vụ kế hoạch phát triển hạ tầng số có sản phẩm là nghị định à", "Không. Sản phẩm của nhiệm vụ"),
        ("Is task NQ03-122 due in 2025?", "No. The deadline for the task"),
    ],
)
def test_figures_and_task_rows_decide_moves_growth_products_and_a_coded_tasks_deadline(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first)


def test_which_of_a_communes_tasks_are_finished_is_counted_for_a_question_ending_in_chua(builtin_engine):
    answer = builtin_engine.ask("Xã Tam Đảo có việc nào hoàn thành chưa", role="official", today=TODAY)
    assert answer.text.startswith("Có")
    assert "2 nhiệm vụ của xã Tam Đảo ở trạng thái «hoàn thành»" in answer.text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("TP HCM hơn Quảng Ninh về điểm PII 2025 đúng không", "Có. Năm 2025, TP. Hồ Chí Minh đạt 59,33 điểm"),
        ("phu tho kem gia lai ve pii ko", "Không. Năm 2025, Phú Thọ đạt 41,10 điểm"),  # 41,10 > 37,66
        ("Is Hanoi ahead of Quang Ninh in PII 2025?", "Yes. In 2025, Hà Nội scored 65.68 points"),
    ],
)
def test_two_places_compared_on_one_measure_are_decided_from_both_rows(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first)
    assert len({c.passage.chunk_id for c in answer.citations}) == 2  # both places' rows are cited


@pytest.mark.parametrize(
    ("question", "first", "fact"),
    [
        ("NQ 71 thay thế NQ 57 à", "Không.", "Nghị quyết 03/NQ-CP"),  # it replaces NQ 03's programme
        ("Has Resolution 03 been replaced?", "Yes.", "thay thế Chương trình hành động"),  # not "ký thay Thủ tướng"
        ("Is Resolution 03/NQ-CP still in force?", "No.", "thay thế Chương trình hành động"),
        ("Bộ Công an chủ trì nhiệm vụ danh mục công nghệ chiến lược phải không", "Không.", "Danh mục công nghệ"),
    ],
)
def test_replacements_and_a_described_task_are_decided_by_the_sentence_or_row_about_them(
    builtin_engine, question, first, fact
):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first + " ")
    assert fact in answer.text.split("[1]")[0]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("Thông báo 03-TB/BCĐTW giao 45 nhiệm vụ chứ", "Có. "),  # a closing "chứ" asks
        ("nhiệm vụ bộ tiêu chí đánh giá mức độ chuyển đổi số doanh nghiệp hạn tháng 9/2025 phải hôn", "Có. "),
        ("phường âu cơ cung cấp dvc trực tuyến cấp xã xong rồi hả", "Đã hoàn thành. "),  # done asked without "đã"
        ("Was Decision 06 proposed by the Minister of Public Security?", "Yes. "),
        # the level asked decides which sentence may answer: "các bộ thành lập …" is not about communes
        ("ở cấp xã có bộ phận tiếp nhận và trả kết quả thay cho TTHCC không", "Chưa có dữ liệu để khẳng định"),
    ],
)
def test_chat_closings_done_without_da_and_the_level_asked_are_read(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first)


def test_the_tier_asked_and_the_sentence_before_a_summary_decide(builtin_engine):
    # the closing "hả" is read away: all before it is asserted; "mức 1" is not the "01" of a date, and the
    # summary list ("… theo các thông tin ở trên:") decides only when what it repeats does not
    answer = builtin_engine.ask("muc 1 thi tu lam tren dt dc ha", today=TODAY)
    assert answer.text.startswith("Có. Tài khoản định danh điện tử mức độ 1")
    assert "tự đăng ký" in answer.text.splitlines()[0]


def test_date_relations_table_dates_what_is_asked():
    """data/date_relations.tsv: every line reads as a relation and its phrases; a sentence's two dates are of two
    things, and a question's date is compared with the date of the thing it asks about."""
    from retrieval import data
    from retrieval.verdict import date_verdict, dates_in

    for line in data.lines("date_relations.tsv"):
        relation, phrases = line.split("\t")
        assert relation and all(p.strip() for p in phrases.split("|"))
    said = "nghi dinh 69/2024/nd-cp, ban hanh ngay 25/6/2024 va co hieu luc tu ngay 01/7/2024"
    assert [d.relations for d in dates_in(said)] == [frozenset({"issued"}), frozenset({"effect"})]
    assert date_verdict("nd 69/2024 ban hanh ngay 1/7/2024 ha", said) is False
    assert date_verdict("nd 69/2024 co hieu luc tu 1/7/2024 khong", said) is True
    # "het hieu luc" is no "hieu luc": a sentence dating the start says nothing of an end
    assert date_verdict("nq 57 het hieu luc nam 2030", "co hieu luc tu ngay ban hanh, tuc ngay 22/12/2024") == "other"
    # an app that runs from July 2022 did not launch in 2020; a question naming no relation is not compared here
    assert date_verdict("vneid khai truong nam 2020", "ung dung vneid hoat dong tu thang 7/2022") is False
    assert date_verdict("tu 1/6/2025 con cap the giay khong", said) is None


def test_qualities_table_reads_as_typed_without_marks():
    """data/qualities.txt: one judgement a line; typed without marks it is still read ("on dinh")."""
    from retrieval import data
    from retrieval.answer import _qualities

    words = data.lines("qualities.txt")
    assert "ổn định" in words and all(w == w.strip() for w in words)
    assert _qualities().search("ung dung vneid hoat dong on dinh khong")
    assert not _qualities().search("ung dung vneid hoat dong tu thang 7/2022")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("nd 69/2024 ban hanh ngay 1/7/2024 ha", "Không."),  # 1/7/2024 is its effect date, not its issue date
        ("vneid co phai cua bo thong tin truyen thong ko", "Không."),  # "… thuộc Bộ Công an": denied, not a gap
        # a Sở the data lacks, asserted of the centre: "… trực thuộc Văn phòng Ủy ban nhân dân tỉnh" denies it
        ("tthcc thanh hoa truc thuoc so noi vu phai ko", "Không."),
        # a name typed in lower case after an office is a person: another one chaired the launch
        ("le khai truong cong dvc do thu tuong pham minh chinh chu tri a", "Không."),
        # after "thì", the frame is what follows: "… thì có phải đến công an không"
        ("muon co tk muc 2 thi co phai ra cong an ko", "Có."),
        ("thanh toan dien tu co tren cong dvc ko", "Có."),  # the portal's component, not "định danh điện tử"
        # how many there are is said by a list's lead-in ("… hướng tới "5 nhóm tiện ích", phục vụ:"); the
        # document's own number ("Đề án 06") is no count
        ("Đề án 06 có 5 nhóm tiện ích đúng ko", "Có."),
        ("Đề án 06 có 6 nhóm tiện ích đúng ko", "Không."),
        ("cong dvc co 7 thanh phan ha", "Không."),
    ],
)
def test_yes_no_verdict_of_the_thing_asked(builtin_engine, question, verdict):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered"
    if verdict:
        assert answer.text.startswith(verdict), answer.text
    else:
        assert not answer.text.startswith(("Có.", "Không.")), answer.text


@pytest.mark.parametrize(
    ("question", "quality"),
    [
        ("app vneid hoat dong on dinh ko", "ổn định"),  # a judgement no sentence makes
        # when and where a service works is settled only by a sentence saying it
        ("trung tâm phục vụ hành chính công có nhận hồ sơ ngoài giờ ko", "ngoài giờ"),
        ("TTHCC có làm thứ 7 ko", "thứ 7"),
        ("VNeID dùng ở Lào được không", "ở Lào"),
        ("dvc quốc gia có app điện thoại ko", "app điện thoại"),
    ],
)
def test_a_yes_no_asserting_what_no_sentence_says_is_a_not_found_naming_it(builtin_engine, question, quality):
    """The related sentences ("TTHCC is organised at both levels") do not answer "does it open on Saturdays":
    no verdict, and no passage passed off as the answer."""
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "not_found"
    assert answer.text == f"Các văn bản hiện có không nói gì về «{quality}», nên tôi không trả lời được có hay không."
    english = builtin_engine.ask("is vneid free of charge", today=TODAY)
    assert english.status == "not_found" and "“free of charge”" in english.text


def test_a_modal_negation_denies_the_question_only_when_it_negates_what_is_asked():
    """ "không phải nộp lại thông tin dân cư" (need not resubmit the data) is no "Không" to "nộp hồ sơ online được
    không"; "không cần lấy vân tay" is one to "mức 1 có cần lấy vân tay không"."""
    from retrieval.answer import _NEGATED_PAIR, _denies_asked
    from retrieval.text import fold

    def denies(sentence: str, question: str) -> bool:
        words = set(fold(question.lower()).split())
        return any(_denies_asked(x, y, rest, words) for x, y, rest in _NEGATED_PAIR.findall(fold(sentence.lower())))

    said = "100% người dân đến làm thủ tục tại bộ phận một cửa không phải nộp lại thông tin dân cư"
    assert not denies(said, "nộp hồ sơ online được không")
    assert denies("Tài khoản mức 1 không cần lấy vân tay", "mức 1 có cần lấy vân tay không")
    assert denies("Tài khoản mức 2 không thể chỉ tự đăng ký trên ứng dụng", "mức 2 tự đăng ký trên app được không")


def test_typed_persons_after_an_office():
    """A name typed without capitals is read after an office, up to a word that ends a name."""
    from retrieval.verdict import typed_persons

    assert typed_persons("le khai truong do thu tuong pham minh chinh chu tri") == {"pham minh chinh"}
    assert typed_persons("nq 57 do tong bi thu to lam ky a") == {"to lam"}
    assert typed_persons("thu tuong chu tri le khai truong") == frozenset()


def test_an_end_of_effect_is_no_effect_date():
    """data/document_events.tsv: "hết hiệu lực" is read before "hiệu lực", so a document's start date never
    answers when it ends."""
    from retrieval.document_facts import events

    names = [e.name for e in events()]
    assert names.index("expiry") < names.index("effect")


def test_a_subject_that_is_a_doing():
    """ "đăng ký định danh mức 2 | có …": the subject opens with a doing of data/doing_words.txt (two words or
    more), which the deciding sentence must say; one-word doings ("cấp") are too common to ask that."""
    from retrieval.answer import _subject_action

    assert _subject_action("dang ky dinh danh dien tu muc do 2 ") == "dang ky"
    assert _subject_action("cap xa ") == ""
    assert _subject_action("cong dich vu cong quoc gia ") == ""


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("o xa co tthcc ko hay chi tinh moi co a", "Có."),  # the first alternative: the commune has one
        ("ở xã có trung tâm phục vụ hành chính công không hay chỉ tỉnh mới có", "Có."),
        ("chỉ cấp tỉnh mới có trung tâm phục vụ hành chính công phải không", "Không."),  # "không chỉ ở cấp tỉnh"
    ],
)
def test_a_or_only_b_is_answered_for_a_and_only_b_is_denied_by_not_only(builtin_dense_engine, question, verdict):
    answer = builtin_dense_engine.ask(question, "citizen", date(2026, 2, 10))
    assert answer.text.startswith(verdict)
