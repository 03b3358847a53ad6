"""Reading registers questions: periods, agencies with their aliases, communes, intents."""

from datetime import date

import pytest

from retrieval.question import (
    agency_names,
    commune_names,
    find_names,
    folded,
    intents,
    merged_from,
    merged_into,
    parse_period,
    parse_status,
    split_agencies,
)

TODAY = date(2026, 2, 10)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("quý I/2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("quy 1 nam 2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("trong quý IV", date(2026, 10, 1), date(2026, 12, 31)),
        ("tháng 6/2025", date(2025, 6, 1), date(2025, 6, 30)),
        ("hạn 06/2025", date(2025, 6, 1), date(2025, 6, 30)),
        ("thang 2 nam 2025", date(2025, 2, 1), date(2025, 2, 28)),
        ("năm 2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("trước 30/6", None, date(2026, 6, 30)),
        ("trước ngày 31/3/2026", None, date(2026, 3, 31)),
        ("tuần này", date(2026, 2, 9), date(2026, 2, 15)),
        ("tuần tới", date(2026, 2, 16), date(2026, 2, 22)),
        ("tháng này", date(2026, 2, 1), date(2026, 2, 28)),
        ("trong 7 ngày tới", date(2026, 2, 10), date(2026, 2, 17)),
        ("hạn 28/02/2026", date(2026, 2, 28), date(2026, 2, 28)),  # due that day, not by then
        ("P. Hòa Bình Q1/2026 phải nộp gì", date(2026, 1, 1), date(2026, 3, 31)),  # "Q1/2026" is no "tháng 1/2026"
        ("hạn tháng 3", date(2026, 3, 1), date(2026, 3, 31)),  # a month without a year: this year's
        ("tháng 3 năm nay", date(2026, 3, 1), date(2026, 3, 31)),
        ("nhiệm vụ hạn 2031", date(2031, 1, 1), date(2031, 12, 31)),
        ("3 tháng đầu năm 2026", date(2026, 1, 1), date(2026, 3, 31)),  # the first three months
        ("6 tháng đầu năm 2025", date(2025, 1, 1), date(2025, 6, 30)),
        ("nhiem vu han 6 thang cuoi nam 2025", date(2025, 7, 1), date(2025, 12, 31)),
        ("nửa đầu năm 2025", date(2025, 1, 1), date(2025, 6, 30)),
        ("9 tháng đầu năm", date(2026, 1, 1), date(2026, 9, 30)),  # no year: this year's
    ],
)
def test_periods_as_officials_write_them(text, start, end):
    period = parse_period(folded(text), TODAY)
    assert (period.start, period.end) == (start, end)


def test_no_period_in_a_plain_question():
    assert parse_period(folded("Bộ Tài chính chủ trì những nhiệm vụ gì?"), TODAY) is None


def test_a_documents_number_before_a_year_is_no_month():
    """ "Đề án 06 năm 2026" is the year 2026 of Đề án 06, not June 2026; "tháng 6 năm 2026" is June."""
    period = parse_period(folded("phuong hoa binh phai lam gi ve de an 06 nam 2026"), TODAY)
    assert (period.start, period.end) == (date(2026, 1, 1), date(2026, 12, 31))
    period = parse_period(folded("hạn tháng 6 năm 2026"), TODAY)
    assert (period.start, period.end) == (date(2026, 6, 1), date(2026, 6, 30))


CELLS = ["Bộ Khoa học và Công nghệ, Bộ Quốc phòng, Bộ Công an", "Bộ Tài chính; Bộ Công Thương", "Sở Nội vụ"]


@pytest.mark.parametrize(
    ("typed", "agency"),
    [
        ("Bộ KH&CN", "Bộ Khoa học và Công nghệ"),
        ("bộ KHCN", "Bộ Khoa học và Công nghệ"),
        ("bo khoa hoc cong nghe", "Bộ Khoa học và Công nghệ"),
        ("Bộ Khoa hoc va Cong nhe", "Bộ Khoa học và Công nghệ"),  # a typo
        ("bo tai chinh", "Bộ Tài chính"),
        ("BTC", "Bộ Tài chính"),
        ("bộ công thương", "Bộ Công Thương"),
        ("Sở Nội vụ", "Sở Nội vụ"),
    ],
)
def test_agencies_are_found_however_they_are_typed(typed, agency):
    assert find_names(folded(f"Nhiệm vụ của {typed} là gì?"), agency_names(CELLS))[0] == agency


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("Bộ Văn hóa, Thể thao và Du lịch", ["Bộ Văn hóa, Thể thao và Du lịch"]),
        ("Bộ Tài chính, Bộ Văn hóa, Thể thao và Du lịch", ["Bộ Tài chính", "Bộ Văn hóa, Thể thao và Du lịch"]),
        ("Bộ Tài chính; Bộ Công Thương", ["Bộ Tài chính", "Bộ Công Thương"]),
    ],
)
def test_a_name_written_with_its_own_comma_is_one_agency(cell, parts):
    assert [p.strip() for p in split_agencies(cell)] == parts
    assert set(agency_names([cell]).values()) >= set(parts)


def test_a_merged_ministry_and_the_one_it_is_now_part_of():
    """`merged_agencies.tsv`: the NQ 03 appendices still name Bộ Thông tin và Truyền thông."""
    assert merged_into("bộ thông tin và truyền thông") == "Bộ Khoa học và Công nghệ"
    assert merged_from("Bộ Khoa học và Công nghệ") == ["Bộ Thông tin và Truyền thông"]
    assert merged_into("Bộ Tài chính") is None and merged_from("Bộ Tài chính") == []


def test_a_department_is_never_mistaken_for_a_ministry():
    assert find_names(folded("Sở Khoa học và Công nghệ"), agency_names(CELLS)) == []


@pytest.mark.parametrize("typed", ["Âu Cơ", "au co", "phường Âu Cơ", "Phuong Au Co"])
def test_communes_by_bare_name_with_or_without_diacritics(typed):
    names = commune_names(["Phường Âu Cơ", "Xã Xuân Đài"])
    assert find_names(folded(f"{typed} phải làm gì?"), names) == ["Phường Âu Cơ"]


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Bộ Tài chính chủ trì bao nhiêu nhiệm vụ?", "count"),
        ("nhiệm vụ về trí tuệ nhân tạo có bao nhiêu?", "count"),  # the tasks named first, counted at the end
        ("Bộ Nội vụ chủ trì nhiệm vụ Nghị quyết 03 phụ lục II bao nhiêu", "count"),  # "how many" typed last
        ("phụ lục II nghị quyết 03 nhiệm vụ Bộ Nội vụ chủ trì bao nhiêu", "count"),
        ("Những nhiệm vụ nào hạn 6/2025?", "list"),
        ("liet ke nhiem vu bo y te chu tri", "list"),  # "liệt kê nhiệm vụ …" without "các"
        ("Nhiệm vụ nào của Bộ KH&CN đã quá hạn?", "overdue"),
        ("Tỷ lệ hoàn thành nhiệm vụ của Phú Thọ?", "rate"),
        ("Phú Thọ xếp thứ mấy về PII?", "rank"),
        ("Cơ quan nào chủ trì xây dựng Luật Đấu thầu?", "lead"),
        ("Nhiệm vụ này có hạn khi nào?", "deadline"),
    ],
)
def test_intents(question, intent):
    assert intent in intents(folded(question))


@pytest.mark.parametrize(
    ("question", "overdue"),
    [
        ("Nhiệm vụ nào của xã Xuân Đài đã hết hạn?", True),
        ("Phụ lục II có những nhiệm vụ nào hết hạn vào tháng 9/2026?", False),  # its deadline, not overdue
        ("nhiem vu nao het han trong quy 1/2026", False),
    ],
)
def test_expiring_in_a_period_is_a_deadline_not_overdue(question, overdue):
    assert ("overdue" in intents(folded(question))) is overdue


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("xa xuan dai con may viec dang lam", "Đang thực hiện"),
        ("phường Âu Cơ có mấy việc đang triển khai", "Đang thực hiện"),
        ("xã Tam Đảo đang làm gì", None),  # what it does, not a status
        ("việc chưa làm", "Chưa thực hiện"),
        ("xã tam đảo còn bao nhiêu việc", "unfinished"),  # what is left, not every task
        ("au co con may viec", "unfinished"),
        ("p viet tri con viec nao", "unfinished"),
        ("p hoa binh con may viec dang lam", "Đang thực hiện"),  # the status typed wins
        ("xa xuan dai hoan thanh duoc may viec roi", "Hoàn thành"),
    ],
)
def test_a_status_is_read_as_staff_say_it(question, status):
    assert parse_status(folded(question)) == status


def test_which_of_a_communes_tasks_are_finished_is_asked_without_da():
    from retrieval.question import parse_status

    assert parse_status("xa tam dao co viec nao hoan thanh chua") == "Hoàn thành"
    assert parse_status("xa xuan dai co may viec hoan thanh") == "Hoàn thành"  # a count of the finished ones
    assert parse_status("bao nhieu nhiem vu xong") == "Hoàn thành"
    assert parse_status("phuong hoa binh co nhiem vu nao xong chua") == "Hoàn thành"


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("nhiem vu nao khong ghi thoi han", ("unrecorded", "")),  # the deadline cell is empty
        ("p viet tri viec nao khong co han", ("undated", "")),  # no due date: "Thường xuyên", "Hằng năm", empty
        ("co bao nhieu nhiem vu thuong xuyen", ("written", "thuong xuyen")),
        ("viec nao han la hang nam", ("written", "hang nam")),
        ("bo ngoai giao co viec nao thuong xuyen", ("written", "thuong xuyen")),
        ("chuong trinh tuyen truyen thuong xuyen ai chu tri", None),  # a task's name, not its deadline
        ("nhiem vu nay co han khong", None),
    ],
)
def test_tasks_without_a_date_are_asked_by_how_the_deadline_is_written(question, read):
    from retrieval.question import parse_undated

    assert parse_undated(folded(question)) == read


@pytest.mark.parametrize(
    "question",
    [
        "Hạn gửi báo cáo tổng kết năm 2025 của Ban Chỉ đạo xã Tam Đảo là ngày nào?",
        "Phường Vĩnh Yên phải chuẩn hóa TTHCC trước ngày nào?",
    ],
)
def test_which_day_a_task_is_due_is_asked_as_its_deadline(question):
    assert "deadline" in intents(folded(question))


def test_a_documents_own_day_is_no_deadline():
    assert "deadline" not in intents(folded("Nghị quyết 57 ban hành là ngày nào?"))
