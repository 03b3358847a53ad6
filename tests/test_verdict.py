"""The verdict rules of retrieval/verdict.py, one function at a time: what a yes/no question asserts, checked
against what one row, figure or sentence states. Each rule answers None when its evidence does not decide —
the answer then says so instead of guessing (tests/test_yes_no.py has the whole answers)."""

import pytest

from retrieval.verdict import TaskRow, asked_comparison, asks_if_reached, describes, task_verdict, value_in

BUDGET_LAW = TaskRow(
    title="Sửa đổi Luật Ngân sách nhà nước để có quy định riêng về lập dự toán, quyết toán, sử dụng ngân sách",
    lead="Bộ Tài chính",
    partners="Bộ Khoa học và Công nghệ",
    deadline="2025",
    output="Luật của Quốc hội",
)
LEARNING = TaskRow(
    title="Chương trình, kế hoạch phát động phong trào “học tập số” trên các nền tảng số",
    lead="Các bộ, ngành, địa phương",
    partners="Bộ Khoa học và Công nghệ, Bộ Giáo dục và Đào tạo",
    deadline="Thường xuyên",
)
BUDGET_WORDS = ["sua", "luat", "ngan", "sach", "nha", "nuoc"]


@pytest.mark.parametrize(
    ("question", "names", "verdict"),
    [
        ("bo tai chinh chu tri sua luat ngan sach nha nuoc phai khong", ["bo tai chinh"], "Có."),
        # the asked ministry only coordinates: another one leads
        (
            "bo khoa hoc va cong nghe chu tri sua luat ngan sach nha nuoc dung ko",
            ["bo khoa hoc va cong nghe"],
            "Không.",
        ),
        ("bo khoa hoc va cong nghe co phoi hop sua luat ngan sach nha nuoc khong", ["bo khoa hoc va cong nghe"], "Có."),
        # named in neither cell, and the cells name their bodies one by one
        ("bo noi vu co chu tri sua luat ngan sach nha nuoc khong", ["bo noi vu"], "Không."),
    ],
)
def test_the_body_asked_about_is_looked_up_in_the_cell_of_the_role_asked(question, names, verdict):
    assert task_verdict(question, names, BUDGET_WORDS, BUDGET_LAW, english=False) == verdict


def test_a_cell_naming_bodies_as_a_class_does_not_decide_for_a_body_it_does_not_name():
    words = ["phong", "trao", "hoc", "tap", "so"]
    asked = "bo noi vu co chu tri phong trao hoc tap so khong"  # "Các bộ, ngành" may well include Bộ Nội vụ
    assert task_verdict(asked, ["bo noi vu"], words, LEARNING, english=False) is None
    partner = "bo giao duc va dao tao co phoi hop phong trao hoc tap so khong"
    assert task_verdict(partner, ["bo giao duc va dao tao"], words, LEARNING, english=False) == "Có."


@pytest.mark.parametrize(
    ("question", "row", "verdict"),
    [
        ("nhiem vu sua luat ngan sach nha nuoc co han nam 2025 khong", BUDGET_LAW, "Có."),
        ("nhiem vu sua luat ngan sach nha nuoc co han nam 2026 khong", BUDGET_LAW, "Không."),
        ("phong trao hoc tap so co han nam 2025 khong", LEARNING, None),  # "Thường xuyên" has no year
    ],
)
def test_a_deadline_year_asked_about_is_compared_with_the_rows_deadline(question, row, verdict):
    words = [w for w in question.split() if not w.isdigit()]
    assert task_verdict(question, [], words, row, english=False) == verdict


def test_the_row_must_be_the_task_the_question_describes():
    """Two thirds of the question's own words are the task's title or product; else nothing is decided."""
    assert describes(["sua", "luat", "ngan", "sach"], BUDGET_LAW)
    assert not describes(["quy", "dau", "tu", "mao", "hiem"], BUDGET_LAW)
    other = "bo tai chinh co chu tri quy dau tu mao hiem khong"
    assert task_verdict(other, ["bo tai chinh"], ["quy", "dau", "tu", "mao", "hiem"], BUDGET_LAW, False) is None


def test_english_questions_get_yes_or_no():
    question = "bo tai chinh chu tri agency amending ngan sach nha nuoc luat"  # as the glossary reads it
    words = ["agency", "amending", "ngan", "sach", "nha", "nuoc", "luat"]
    assert task_verdict(question, ["bo tai chinh"], words, BUDGET_LAW, english=True) == "Yes."


RANK_UP = [("pii 2025 - so bac tang so voi nam truoc", 2.0), ("pii 2025 - so bac tang so voi nam truoc", 5.0)]


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("phu tho tang hang pii 2025 dung khong", "Có."),  # two sources, 2 and 5 places: both up
        ("pii phu tho 2025 giam hang phai khong", "Không."),
        ("pii phu tho 2025 co bao nhieu diem", None),  # no direction asked
    ],
)
def test_a_change_asked_about_is_read_in_the_direction_the_rows_record(question, verdict):
    from retrieval.verdict import change_verdict

    assert change_verdict(question, RANK_UP, english=False) == verdict


def test_sources_that_disagree_on_the_direction_decide_nothing():
    from retrieval.verdict import change_verdict

    rows = [("so bac tang", 2.0), ("so bac giam", 1.0)]
    assert change_verdict("phu tho tang hang khong", rows, english=False) is None


def test_the_longest_comparison_phrase_decides():
    from retrieval.verdict import Comparison, asked_comparison

    assert asked_comparison("bo ngoai giao chu tri it hon 3 nhiem vu phai khong") == Comparison("<", 3, "nhiem vu")
    assert asked_comparison("bo ngoai giao chu tri nhieu hon 3 nhiem vu phai khong") == Comparison(">", 3, "nhiem vu")


def test_a_month_asked_needs_a_deadline_written_with_that_month():
    infrastructure = TaskRow("Kế hoạch phát triển hạ tầng số", "Bộ Khoa học và Công nghệ", "", "12/2025")
    words = ["ke", "hoach", "phat", "trien", "tang", "so"]
    asked = "nhiem vu ke hoach phat trien ha tang so co han thang {}/2025 khong"
    assert task_verdict(asked.format(12), [], words, infrastructure, english=False) == "Có."
    assert task_verdict(asked.format(6), [], words, infrastructure, english=False) == "Không."
    # a deadline written only as "2025" does not say it falls in December; in 2025 it does
    strategic = TaskRow("Danh mục công nghệ chiến lược", "Bộ Khoa học và Công nghệ", "Các bộ, ngành", "2025")
    words = ["danh", "muc", "cong", "nghe", "chien", "luoc"]
    assert task_verdict("danh muc cong nghe chien luoc co han thang 12/2025 khong", [], words, strategic, False) is None
    assert task_verdict("danh muc cong nghe chien luoc co han nam 2025 khong", [], words, strategic, False) == "Có."


def test_growth_is_a_figure_not_a_move_and_a_number_compared_asks_no_direction():
    from retrieval.verdict import asks_direction, change_verdict, records_move

    growth = [("tang truong grdp 9 thang dau nam 2025", 10.22)]
    assert change_verdict("grdp phu tho tang tren 11% ko", growth, english=False) is None
    assert not asks_direction("grdp phu tho tang hon 10% phai k")
    assert asks_direction("phu tho tut hang pii 2025")
    assert records_move("pii 2025 - so bac tang so voi nam truoc")
    assert not records_move("tang truong grdp 9 thang dau nam 2025")


@pytest.mark.parametrize(
    ("question", "output", "verdict"),
    [
        ("nhiem vu ke hoach phat trien ha tang so co san pham la nghi dinh", "Quyết định của Bộ", "Không."),
        (
            "san pham nhiem vu danh muc cong nghe chien luoc la quyet dinh cua thu tuong dung khong",
            "Quyết định của Thủ tướng Chính phủ",
            "Có.",
        ),
        ("san pham cua nhiem vu nay la gi", "Quyết định của Bộ", None),  # no product asserted
        ("nhiem vu nay co san pham la nghi dinh khong", "", None),  # the row names none
    ],
)
def test_a_product_asserted_is_looked_up_in_the_tasks_product_cell(question, output, verdict):
    from retrieval.verdict import product_verdict

    assert product_verdict(question, output, english=False) == verdict


def test_a_task_named_by_its_code_need_not_be_described_by_the_question():
    digital = TaskRow("Đề án hỗ trợ, phát triển doanh nghiệp công nghệ số vươn ra toàn cầu", "Bộ KH&CN", "", "9/2026")
    asked = "nhiem vu nghi quyet 03-122 co han nam 2025 khong"  # "NQ03-122" read as a document number
    assert task_verdict(asked, [], ["nghi", "quyet", "03-122"], digital, english=False) is None
    assert task_verdict(asked, [], ["nghi", "quyet", "03-122"], digital, english=False, by_code=True) == "Không."


@pytest.mark.parametrize(
    ("text", "by", "of"),
    [
        ("nghi quyet 71 thay the nghi quyet 57", "71", "57"),
        ("nghi quyet 71/nq-cp thay the chuong trinh hanh dong da ban hanh kem nghi quyet 03/nq-cp", "71", "03"),
        ("nghi dinh 59/2022/nd-cp da duoc thay the bang nghi dinh 69/2024/nd-cp", "69", "59"),  # passive
    ],
)
def test_which_document_replaces_which_is_read_both_ways_round(text, by, of):
    from retrieval.verdict import Replacement, replacement

    assert replacement(text) == Replacement("thay the", by, of)


def test_a_replacement_asserted_is_checked_against_the_document_said_to_be_replaced():
    from retrieval.verdict import replacement, replacement_verdict

    said = replacement("nghi quyet 71/nq-cp thay the chuong trinh hanh dong da ban hanh kem nghi quyet 03/nq-cp")
    assert replacement_verdict(replacement("nghi quyet 71 thay the nghi quyet 57"), said, english=False) == "Không."
    assert replacement_verdict(replacement("nghi quyet 71 co thay the nghi quyet 03 khong"), said, False) == "Có."


def test_words_counting_the_same_things_state_the_asked_unit():
    # "đơn vị hành chính cấp xã" counts xã (data/counted_alike.tsv); a number of something else does not
    asked = asked_comparison("ca nuoc co 3500 xa khong")
    assert value_in(asked, "Cả nước có 3.321 đơn vị hành chính cấp xã, gồm xã, phường và đặc khu.") == 3321
    assert value_in(asked, "Cả nước có 34 đơn vị hành chính cấp tỉnh.") is None


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("chỉ tiêu 70% đã đạt chưa", True),
        ("ty le dvc truc tuyen dat duoc chua", True),
        ("is the 70% target already reached", True),
        ("Nghị quyết 57 đã đặt mục tiêu 30% GDP phải không", False),  # "đặt" sets a target
        ("kinh tế số đạt 30% GDP vào năm 2030 phải không", False),
    ],
)
def test_whether_a_target_was_reached_is_told_from_what_it_is(question, asks):
    assert asks_if_reached(question) is asks
