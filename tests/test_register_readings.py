"""What a reader of the register answers found (an official reading them): a question asking one field of one
task is answered with that field first, the rest of the row after; a commune or ward no register holds is
said to be missing with the ones it does hold; a provincial department (a Sở) is said to have no tasks in
the registers, its ministry's count given only for reference; "phường trong sổ" names no ward.
Expected values are read from the corpus (its CSV files), not from the answers."""

import csv
import re
from datetime import date

import pytest
from conftest import REPO

from retrieval.query import read_query, read_text

TODAY = date(2026, 2, 10)
REGISTERS = REPO / "corpus" / "registers"


def row(code: str) -> dict:
    for name in ("nq03-nhiem-vu.csv", "phu-tho-xa-phuong.csv"):
        with open(REGISTERS / name, encoding="utf-8") as f:
            found = [r for r in csv.DictReader(f) if r["Mã"] == code]
        if found:
            return found[0]
    raise KeyError(code)


def units() -> list[str]:
    with open(REGISTERS / "phu-tho-xa-phuong.csv", encoding="utf-8") as f:
        return list(dict.fromkeys(r["Xã/phường"] for r in csv.DictReader(f)))


def first_sentence(text: str) -> str:
    return text.split("\n")[0]


# --- one field of one task, said first ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("nhiệm vụ PT-AUCO-05 đã xong chưa", "status"),
        ("tình trạng nhiệm vụ số hóa sổ sức khỏe điện tử phường Việt Trì", "status"),
        ("Xã Tam Đảo số hóa dữ liệu thân nhân liệt sĩ đến đâu rồi?", "status"),
        ("PT-AUCO-05 tien do the nao roi", "status"),
        ("hạn của nhiệm vụ PT-AUCO-05", "deadline"),
        ("nhiệm vụ số hóa sổ sức khỏe điện tử xã Xuân Đài bao giờ phải xong", "deadline"),
        ("thời hạn nhiệm vụ NQ03-014", "deadline"),
        ("nhiệm vụ NQ03-014 phối hợp với ai", "partner"),
        ("cơ quan phối hợp nhiệm vụ NQ03-014", "partner"),
        ("ai chủ trì nhiệm vụ NQ03-014", "lead"),
        ("sản phẩm nhiệm vụ NQ03-014 là gì", "product"),
        ("NQ03-014 do ai chủ trì, hạn khi nào", None),  # two fields: none alone
        ("NQ03-014 là nhiệm vụ gì", None),
    ],
)
def test_the_one_field_asked_is_read_once_with_the_question(question, field):
    assert read_text(question).task_field == field


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("nhiệm vụ PT-AUCO-05 đã xong chưa", "PT-AUCO-05"),
        ("tình trạng nhiệm vụ số hóa sổ sức khỏe điện tử phường Việt Trì", "PT-VTRI-02"),
        ("Xã Tam Đảo số hóa dữ liệu thân nhân liệt sĩ đến đâu rồi?", "PT-TDAO-01"),
        ("phuong viet tri so hoa so suc khoe dien tu xong chua", "PT-VTRI-02"),
    ],
)
def test_a_tasks_status_is_said_first(builtin_engine, question, code):
    task = row(code)
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    first = first_sentence(answer.text)
    assert answer.status == "answered" and len(answer.citations) == 1
    assert f"({code}) có tình trạng: {task['Tình trạng']}" in first
    if "xong chưa" in question or "xong chua" in question:  # asked whether it is done: the verdict opens
        done = task["Tình trạng"] == "Hoàn thành"
        assert answer.text.startswith("Đã hoàn thành." if done else "Chưa hoàn thành (")
    assert task["Cơ quan phối hợp"] not in first  # the rest of the row comes after, briefly
    assert task["Cơ quan chủ trì"] in answer.text.split("\n")[1]


@pytest.mark.parametrize("question", ["NQ03-014 đã xong chưa", "tình trạng nhiệm vụ NQ03-014"])
def test_a_status_the_national_register_does_not_record_is_said_not_guessed(builtin_engine, question):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith("Nguồn không ghi tình trạng thực hiện của nhiệm vụ «Luật Khoa học")
    assert f"chủ trì: {row('NQ03-014')['Cơ quan chủ trì']}" in answer.text


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("hạn của nhiệm vụ PT-AUCO-05", "PT-AUCO-05"),
        ("nhiệm vụ số hóa sổ sức khỏe điện tử xã Xuân Đài bao giờ phải xong", "PT-XDAI-02"),
    ],
)
def test_a_tasks_deadline_is_said_first(builtin_engine, question, code):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith("Nhiệm vụ «")
    assert f"({code}) có thời hạn {row(code)['Thời hạn']}" in first_sentence(answer.text)


def test_partners_lead_and_product_are_each_said_first(builtin_engine):
    task = row("NQ03-014")
    partners = builtin_engine.ask("nhiệm vụ NQ03-014 phối hợp với ai", role="official", today=TODAY)
    assert partners.text.startswith("Phối hợp thực hiện nhiệm vụ «")
    assert f"(NQ03-014): {task['Cơ quan phối hợp']}" in first_sentence(partners.text)
    lead = builtin_engine.ask("ai chủ trì nhiệm vụ NQ03-014", role="official", today=TODAY)
    assert lead.text.startswith(f"{task['Cơ quan chủ trì']} chủ trì nhiệm vụ «")
    product = builtin_engine.ask("sản phẩm nhiệm vụ NQ03-014 là gì", role="official", today=TODAY)
    assert f"(NQ03-014) là: {task['Sản phẩm']}" in first_sentence(product.text)


# --- a commune or ward no register holds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("xã Hòa Bình có bao nhiêu nhiệm vụ", "Dữ liệu hiện có không có xã Hòa Bình."),
        ("xa hoa binh co bao nhieu nhiem vu", "Dữ liệu hiện có không có xã được hỏi."),  # not echoed unspelt
        ("phường Thanh Miếu có nhiệm vụ nào quá hạn", "Dữ liệu hiện có không có phường Thanh Miếu."),
        # a lower-case name whose first word is mostly something else ("làm"), the question going on with "quá hạn"
        ("nhiem vu nao cua xa lam thao qua han", "Dữ liệu hiện có không có xã được hỏi."),
        ("nhiệm vụ xã lâm thao quá hạn", "Dữ liệu hiện có không có xã Lâm Thao."),
    ],
)
def test_an_unknown_commune_is_said_missing_with_the_units_the_register_holds(builtin_engine, question, said):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith(said)
    assert f"Sổ nhiệm vụ cấp xã có các xã, phường: {', '.join(units())}." in answer.text
    assert "Hoa Binh" not in answer.text


# --- a provincial department (Sở) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Sở Tài chính chủ trì bao nhiêu nhiệm vụ",
        "Sở Tài chính có nhiệm vụ gì trong sổ cấp xã",
        "so tai chinh chu tri may nv",
    ],
)
def test_a_department_has_no_tasks_and_its_ministry_is_counted_only_for_reference(builtin_engine, question):
    with open(REGISTERS / "nq03-nhiem-vu.csv", encoding="utf-8") as f:
        led = [r for r in csv.DictReader(f) if "Bộ Tài chính" in r["Cơ quan chủ trì"]]
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"
    first, *rest = answer.text.split("\n")
    assert first == (
        "Các sổ nhiệm vụ hiện có không giao nhiệm vụ cho các sở cấp tỉnh, nên không có nhiệm vụ của Sở Tài chính."
    )
    assert len(rest) == 1 and rest[0].startswith(
        f"Để tham khảo: Bộ Tài chính chủ trì {len(led)} nhiệm vụ trong Danh mục"
    )
    assert not re.search(r"\b0 nhiệm vụ|Không có nhiệm vụ nào do Bộ", answer.text)  # never a false zero
    assert {c.source.doc_id for c in answer.citations} == {"nq03-nhiem-vu"}


def test_a_department_whose_ministry_leads_none_says_what_the_ministry_helps_with(builtin_engine):
    answer = builtin_engine.ask("Sở Tư pháp Phú Thọ có nhiệm vụ gì trong NQ 57?", role="official", today=TODAY)
    assert answer.status == "not_found"
    assert "Để tham khảo: Bộ Tư pháp không chủ trì nhiệm vụ nào, phối hợp" in answer.text


# --- "phường trong sổ" names no ward ------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["phường trong sổ", "các phường nào có trong sổ", "cac phuong nao co trong so"])
def test_the_wards_in_the_register_name_no_ward(builtin_engine, question):
    q = read_query(builtin_engine.index(), question, "official", TODAY)
    assert q.communes == () and q.bodies == ()
    wards = [u for u in units() if u.startswith("Phường ")]
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered"
    assert f"có {len(wards)} phường: {', '.join(wards)} [1]." in answer.text


def test_words_after_the_level_that_ask_name_no_commune(builtin_engine):
    """ "của xa la ngay nao" is "của xã là ngày nào": "ngày nào" asks, so "xã la ngay" is no commune the data lacks;
    "phuong nong trang co may nhiem vu" still names one."""
    index = builtin_engine.index()
    assert read_query(index, "han bao cao ket qua thuc hien nq57 cua xa la ngay nao", "official", TODAY).bodies == ()
    assert read_query(index, "phuong nong trang co may nhiem vu", "official", TODAY).bodies == ("phuong nong trang",)


def test_the_units_of_the_register_are_listed_when_asked(builtin_engine):
    answer = builtin_engine.ask("sổ có những xã phường nào", role="official", today=TODAY)
    assert f"có {len(units())} xã, phường: {', '.join(units())} [1]." in answer.text


# --- a province's deadlines are its own register's ------------------------------------------------------------


def commune_rows(role: str = "official") -> list[dict]:
    with open(REGISTERS / "phu-tho-xa-phuong.csv", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if role == "official" or r["Truy cập"] == "public"]


def test_a_provinces_tasks_due_in_a_year_are_counted_in_its_own_register_not_read_as_a_figure_year(builtin_engine):
    due_2026 = [r for r in commune_rows() if r["Ngày đến hạn"].startswith("2026")]
    answer = builtin_engine.ask("Phú Thọ có bao nhiêu nhiệm vụ NQ 57 hạn năm 2026?", role="official", today=TODAY)
    assert first_sentence(answer.text).startswith(f"Có {len(due_2026)} nhiệm vụ có hạn năm 2026 theo Sổ theo dõi")
    overdue = [r for r in commune_rows() if "" < r["Ngày đến hạn"] < "2026-02-10" and r["Tình trạng"] != "Hoàn thành"]
    answer = builtin_engine.ask("Phú Thọ có bao nhiêu nhiệm vụ quá hạn", role="official", today=TODAY)
    assert first_sentence(answer.text).startswith(f"Có {len(overdue)} nhiệm vụ đã quá hạn")
    # the reported progress figures stay the answer where no deadline is asked
    done = builtin_engine.ask("Phú Thọ hoàn thành bao nhiêu nhiệm vụ năm 2025", role="official", today=TODAY)
    assert "163/167" in first_sentence(done.text)


@pytest.mark.parametrize(
    "question", ["Phú Thọ có bao nhiêu nhiệm vụ NQ 57 hạn năm 2027?", "how many phu tho tasks are due in 2027"]
)
def test_none_due_in_the_provinces_register_is_not_none_of_the_provinces_tasks(builtin_engine, question):
    assert not [r for r in commune_rows() if r["Ngày đến hạn"].startswith("2027")]
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"  # its reported tasks (163/167 of NQ 57) carry no deadline in the data
    assert answer.text.startswith(
        ("Dữ liệu hiện có không ghi hạn các nhiệm vụ của tỉnh Phú Thọ", "The available data records no deadlines")
    )
    assert "2027" in answer.text and answer.citations


def test_a_provinces_task_the_register_has_only_at_the_national_level_is_said_to_be_missing(builtin_engine):
    national = row("NQ03-069")
    assert "quốc gia" in national["Tên nhiệm vụ"] and "tỉnh" not in national["Tên nhiệm vụ"]
    answer = builtin_engine.ask(
        "Thời hạn hoàn thành nhiệm vụ xây dựng trung tâm dữ liệu của tỉnh?", role="official", today=TODAY
    )
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có nhiệm vụ này của cấp tỉnh; nhiệm vụ gần nhất là")
    assert "(NQ03-069)" in answer.text  # the national one, named as such
