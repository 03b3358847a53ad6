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
    assert first.startswith("Các sổ nhiệm vụ hiện có không giao nhiệm vụ cho các sở cấp tỉnh")
    assert "Sở Tài chính" in first and "Bộ Tài chính" not in first
    assert rest.startswith("Để tham khảo: Bộ Tài chính chủ trì")  # what the data has, said as such: one line
    assert "\n" not in rest


@pytest.mark.parametrize(
    "question", ["Sở Nội vụ chủ trì bao nhiêu nhiệm vụ?", "Sở Nội vụ Phú Thọ chủ trì nhiệm vụ nào?"]
)
def test_a_department_the_registers_name_only_as_a_partner_is_not_a_zero_count(builtin_engine, question):
    """No register records tasks a provincial department leads (the NQ 03 list records ministries', the commune
    register communes'): "none" would tell the official Sở Nội vụ leads nothing. Not found, said first, then
    what the registers do say of it — the one task it helps with — and which registers there are."""
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"
    lines = answer.text.splitlines()
    assert lines[0].startswith("Dữ liệu hiện có không có danh sách nhiệm vụ của Sở Nội vụ")
    assert lines[1] == "Sở Nội vụ chỉ được ghi là cơ quan phối hợp của 1 nhiệm vụ:"
    assert "PT-VTRI-05" in lines[2] and "chủ trì: UBND phường Việt Trì" in lines[2]
    assert lines[3].startswith("Các sổ nhiệm vụ hiện có:")


def test_a_not_found_that_cites_the_commune_register_carries_no_as_of_date(builtin_engine):
    """ "Số liệu tính đến 31/01/2026" dates the figures of an answer; the rows a not-found cites answer nothing."""
    answer = builtin_engine.ask("Sở Nội vụ Phú Thọ chủ trì nhiệm vụ nào?", role="official", today=TODAY)
    assert answer.status == "not_found"
    assert "phu-tho-xa-phuong" in {s.doc_id for s in answer.sources}
    assert not any("tính đến" in n for n in answer.notes)


def test_a_count_over_the_wards_in_chat_words_is_no_out_of_service_request(builtin_engine):
    """ "các phường còn mấy việc quá hạn" names no document or agency, but "các phường" is a register's scope:
    the count computed from its rows is the answer, not "outside what I cover"."""
    import csv

    from conftest import REPO

    with open(REPO / "corpus" / "registers" / "phu-tho-xa-phuong.csv", encoding="utf-8") as f:
        late = {
            r["Mã"]
            for r in csv.DictReader(f)
            if r["Xã/phường"].startswith("Phường")
            and r["Tình trạng"] != "Hoàn thành"
            and r["Ngày đến hạn"]
            and date.fromisoformat(r["Ngày đến hạn"]) < TODAY
        }
    answer = builtin_engine.ask("cac phuong con may viec qua han", role="official", today=TODAY)
    assert answer.status == "answered"
    assert answer.text.startswith(f"Có {len(late)} nhiệm vụ của các phường đã quá hạn")


def test_what_a_department_helps_with_is_still_counted(builtin_engine):
    answer = builtin_engine.ask("Sở Nội vụ phối hợp mấy nhiệm vụ?", role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith("Có 1 nhiệm vụ có Sở Nội vụ phối hợp")


def test_a_ministry_that_leads_none_in_a_list_of_ministries_tasks_is_a_zero_count_with_what_it_helps_with(
    builtin_engine,
):
    """The NQ 03 list records what ministries lead: Bộ Tư pháp leads none of it, and helps with one task."""
    answer = builtin_engine.ask("Bộ Tư pháp chủ trì mấy nhiệm vụ", role="official", today=TODAY)
    assert answer.status == "answered"
    first, second, item = answer.text.splitlines()[:3]
    assert first == "Không có nhiệm vụ nào do Bộ Tư pháp chủ trì trong dữ liệu hiện có [1]."
    assert second == "Bộ Tư pháp phối hợp 1 nhiệm vụ [1]:" and "NQ03-037" in item
    assert {c.source.doc_id for c in answer.citations} == {"nq03-nhiem-vu"}


def test_a_zero_count_with_a_period_says_only_the_zero(builtin_engine):
    answer = builtin_engine.ask("Bộ Y tế có nhiệm vụ nào hạn năm 2026 không", role="official", today=TODAY)
    assert answer.status == "answered"
    assert (
        answer.text.splitlines()[0]
        == "Không có nhiệm vụ nào do Bộ Y tế chủ trì có hạn năm 2026 trong dữ liệu hiện có [1]."
    )
    assert "phối hợp" not in answer.text


def test_the_kind_of_body_a_name_is():
    from retrieval.scope import body_kind

    assert body_kind("Sở Nội vụ") == "so"
    assert body_kind("Bộ Tư pháp") == "bo"
    assert body_kind("UBND tỉnh Phú Thọ") == "uy ban nhan dan tinh"
    assert body_kind("UBND xã Xuân Đài") == "uy ban nhan dan xa"
    assert body_kind("Văn phòng Chính phủ") is None


def test_which_kinds_of_body_lead_tasks_is_read_from_the_registers(builtin_engine):
    from retrieval.scope import kind_leads_tasks

    index = builtin_engine.index()
    assert kind_leads_tasks(index, "official", "Bộ Tư pháp")  # ministries lead NQ 03 tasks
    assert kind_leads_tasks(index, "official", "UBND phường Âu Cơ")  # communes lead their own
    assert not kind_leads_tasks(index, "official", "Sở Nội vụ")  # no department leads any
    assert not kind_leads_tasks(index, "official", "UBND tỉnh Phú Thọ")


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
        ("Phường Phong Châu có nhiệm vụ nào quá hạn?", "không có phường Phong Châu. Sổ nhiệm vụ cấp xã có các xã"),
        ("Nghị quyết 99 của Bộ Chính trị quy định gì?", "không có văn bản Nghị quyết 99"),
        ("chi thi 05 ve chuyen doi so giao bo cong an viec gi", "không có văn bản Chỉ thị 05."),  # as typed
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


@pytest.mark.parametrize(
    ("question", "says"),
    [
        (
            "grdp ca nam 2025 cua phu tho tang bao nhieu",
            "không có số liệu cả năm 2025; số liệu hiện có là 9 tháng đầu năm",
        ),
        ("tăng trưởng GRDP Phú Thọ 6 tháng đầu năm 2025", "không có số liệu 6 tháng đầu năm 2025"),
        ("phu tho grdp growth full year 2025", "no figure for the full year 2025; it has the first 9 months"),
    ],
)
def test_a_part_of_the_year_the_figures_do_not_have_is_not_found_with_the_part_they_have(
    builtin_engine, question, says
):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith(("Dữ liệu hiện có " + says, "The available data has " + says))
    assert "10,22%" in answer.text or "10.22%" in answer.text


@pytest.mark.parametrize(
    "question",
    ["GRDP Phú Thọ 9 tháng đầu năm 2025 tăng bao nhiêu", "grdp phu tho nam 2025 tang bao nhieu"],
)
def test_the_part_of_the_year_the_figures_have_or_no_part_at_all_is_answered(builtin_engine, question):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered"
    assert answer.text.startswith("Tại Phú Thọ, tăng trưởng GRDP 9 tháng đầu năm 2025 là 10,22%")


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


# --- a detail the evidence does not hold ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("Giờ làm việc của Trung tâm Phục vụ hành chính công phường Âu Cơ?", "giờ làm việc của phường Âu Cơ"),
        ("Lệ phí làm tài khoản định danh điện tử mức 2 là bao nhiêu?", "lệ phí"),
        ("Điểm trụ cột thể chế PII 2025 của Phú Thọ là bao nhiêu?", "trụ cột"),
        ("Dân số phường Âu Cơ bao nhiêu?", "dân số của phường Âu Cơ"),
        ("Chủ tịch UBND xã Xuân Đài là ai?", "chủ tịch của xã Xuân Đài"),
        ("Hải Phòng có bao nhiêu xã phường?", "Hải Phòng"),
        ("huyện nào của Phú Thọ hoàn thành nhiều nhiệm vụ nhất", "cấp huyện"),
    ],
)
def test_a_detail_no_answer_holds_is_said_first_not_answered_with_a_neighbouring_fact(builtin_engine, question, says):
    """The register task of the centre, the province's total PII score, the ward's area: neighbours, not answers.
    A figure the indicators hold for another measure or place may follow, said as what the data has instead."""
    answer = builtin_engine.ask(question, today=TODAY)
    first = answer.text.splitlines()[0]
    assert answer.status == "not_found"
    assert first.startswith("Dữ liệu hiện có không có") and says in first
    if answer.citations:  # what is offered instead is said as such, or where to ask or look it up
        referral = re.search(r"\b(?:hỏi|tra cứu|xem)\b.*\b(?:trên|cơ quan)\b", first.split(". ", 1)[-1])
        assert first.endswith(":") or "có số liệu của" in first or "gần nhất" in first or referral


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("phí đổi cccd bao nhiêu", "dichvucong.gov.vn"),
        ("lam cccd bn tien", "dichvucong.gov.vn"),
        ("dang ky vneid muc 2 co mat phi ko", "dichvucong.gov.vn"),
        ("lam lai the bhyt co mat tien ko", "cơ quan bảo hiểm xã hội"),
    ],
)
def test_a_fee_the_guides_do_not_give_is_said_missing_then_where_to_look_it_up(builtin_engine, question, where):
    """A fee question is never answered with a sentence without a fee: the not-found says so, then quotes the
    guide's referral nearest the question (cited), the portal's when nothing nearer names the subject."""
    answer = builtin_engine.ask(question, role="citizen", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có thông tin về lệ phí.")
    assert where in answer.text and answer.text.endswith("[1]") and len(answer.citations) == 1


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        ("Dân số tỉnh Phú Thọ sau hợp nhất là bao nhiêu?", "4.022.6"),
        ("Tỉnh Phú Thọ có bao nhiêu đơn vị hành chính cấp xã sau sắp xếp?", "148"),
        ("Chủ tịch UBND tỉnh Phú Thọ là ai?", "Trần Duy Đông"),
        ("Phú Thọ giờ còn huyện không?", "không còn cấp huyện"),
    ],
)
def test_the_same_details_are_answered_where_the_evidence_holds_them(builtin_engine, question, holds):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and holds in answer.text and answer.citations


def test_an_index_the_data_does_not_have_is_not_answered_with_another_rank(builtin_engine):
    answer = builtin_engine.ask("Chỉ số PCI 2025 của Phú Thọ xếp thứ mấy?", today=TODAY)
    assert answer.status == "not_found" and "PCI" in answer.text.splitlines()[0]
    assert "15/34" not in answer.text and "11/34" not in answer.text


def test_evidence_saying_the_documents_do_not_hold_it_is_a_cited_not_found(builtin_engine):
    answer = builtin_engine.ask("Thẻ BHYT giấy tôi đang dùng còn giá trị không?", today=TODAY)
    assert answer.status == "not_found"
    assert "hỏi cơ quan bảo hiểm xã hội" in answer.text and len(answer.citations) == 1
    assert not answer.text.startswith(("Có", "Không"))  # no verdict the documents do not give


# --- bodies as the question names them --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "first"),
    [
        (
            "Sở Giáo dục và Đào tạo chủ trì bao nhiêu nhiệm vụ?",
            "Các sổ nhiệm vụ hiện có không giao nhiệm vụ cho các sở cấp tỉnh, nên không có nhiệm vụ của Sở Giáo dục"
            " và Đào tạo.",
        ),
        (
            "so y te chu tri nhiem vu nao",
            "Các sổ nhiệm vụ hiện có không giao nhiệm vụ cho các sở cấp tỉnh, nên không có nhiệm vụ của Sở Y tế.",
        ),
        (
            "UBND huyện Thanh Sơn chủ trì những nhiệm vụ nào?",
            "Dữ liệu hiện có không có thông tin về Ủy ban nhân dân huyện Thanh Sơn.",
        ),
    ],
)
def test_a_department_or_district_is_named_as_typed_and_never_answered_as_the_ministry(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.splitlines()[0] == first


def test_which_ministry_is_a_question_not_a_body(builtin_engine):
    answer = builtin_engine.ask("Bộ nào chủ trì nhiều nhiệm vụ nhất?", today=TODAY)
    assert not answer.text.startswith("Dữ liệu hiện có không có thông tin về Bộ")


# --- out of service ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "viet giup minh doan code python sap xep mang",
        "lam sao de crush thich minh",
        "tối nay ăn gì nhỉ",  # in no table: refused because its evidence only meets stray words
        "mai co bao khong ad",
    ],
)
def test_requests_outside_the_service_get_a_short_note_naming_what_it_does(builtin_engine, question):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "not_found" and not answer.citations
    assert "nằm ngoài phạm vi" in answer.text and "nhiệm vụ được giao" in answer.text
    assert len(answer.text) < 300


def test_an_english_request_outside_the_service_gets_the_note_in_english(builtin_engine):
    answer = builtin_engine.ask("Tell me a funny joke, bot", today=TODAY)
    assert answer.status == "not_found" and not answer.citations
    assert answer.text.startswith("Sorry, that is outside what I cover.") and "the tasks they assign" in answer.text


@pytest.mark.parametrize(
    ("question", "holds"),
    [
        ("Sổ tay đảng viên điện tử đã kết nối bao nhiêu đảng viên?", "đảng viên"),
        ("Thế nào là công dân số theo chương trình của Chính phủ?", "công dân số"),
        ("phu tho co bao nhieu xa phuong z ad", "148"),  # "có bao nhiêu" is no storm ("có bão")
        ("vssid dung de lam gi", "VssID"),
        ("ca nuoc co may xa phuong", "3.321"),  # "3.321 đơn vị hành chính cấp xã" counts the communes
    ],
)
def test_questions_naming_nothing_of_ours_are_still_answered_when_the_evidence_says_it(builtin_engine, question, holds):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and holds in answer.text


@pytest.mark.parametrize(
    ("question", "body"),
    [
        ("trung tam hanh chinh cong phuong au co o dau", "Trung tâm Phục vụ hành chính công phường Âu Cơ"),
        ("ubnd phuong au co o dau", "UBND phường Âu Cơ"),
        ("cong an xa xuan dai nam o dau", "Công an xã Xuân Đài"),
    ],
)
def test_a_body_s_address_the_data_lacks_is_said_missing_never_answered_with_its_tasks(builtin_engine, question, body):
    """The registers name what the centre does, never where it is: the answer says the address is missing,
    then where the guide says to look it up, and shows no register row."""
    answer = builtin_engine.ask(question, role="citizen", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith(f"Dữ liệu hiện có không có thông tin về địa chỉ của {body}.")
    assert "trang thông tin chính thức" in answer.text and "Nhiệm vụ «" not in answer.text


@pytest.mark.parametrize("question", ["the bhyt giay con dung dc ko", "the bhyt giay cu con xai dc ko ad"])
def test_a_guide_that_says_it_does_not_settle_a_yes_no_gives_no_verdict(builtin_engine, question):
    """ "Không cấp lại thẻ BHYT giấy" says nothing of whether the paper card in hand is still valid: no "Có"
    or "Không" read from it; the evidence, then the guide's own word on whom to ask."""
    answer = builtin_engine.ask(question, role="citizen", today=TODAY)
    assert not answer.text.startswith(("Có", "Không")) and "cơ quan bảo hiểm xã hội" in answer.text


@pytest.mark.parametrize(
    "question", ["Ở cấp bộ có TTHCC không?", "bhyt giấy bị mất thì có được cấp lại thẻ giấy không"]
)
def test_a_yes_no_the_guide_does_settle_keeps_its_verdict(builtin_engine, question):
    """The referral names the centre, or the paper card, but not what is asserted (at ministry level; re-issuing)."""
    answer = builtin_engine.ask(question, role="citizen", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith("Không.")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("huyện Lâm Thao có bao nhiêu nhiệm vụ", "Dữ liệu hiện có không có thông tin về Huyện Lâm Thao."),
        (
            "UBND huyện Cẩm Khê còn mấy nhiệm vụ chưa xong",
            "Dữ liệu hiện có không có thông tin về Ủy ban nhân dân huyện Cẩm Khê.",
        ),
    ],
)
def test_a_district_is_said_missing_then_that_the_province_has_no_districts_any_more(builtin_engine, question, first):
    """No task list of a district, never a neighbouring task; the evidence's own sentence on the 2025 reform follows."""
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"
    lines = answer.text.splitlines()
    assert lines[0] == first
    assert "không còn cấp huyện" in lines[1] and lines[1].endswith("[1]") and len(answer.citations) == 1
    assert "Nhiệm vụ «" not in answer.text


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Sở Công Thương còn mấy việc chưa xong", "Sở Công Thương"),  # "còn" ends the name
        ("Bộ Dân tộc và Tôn giáo có nhiệm vụ nào trong NQ03", "Bộ Dân tộc và Tôn giáo"),  # "giáo" is no "giao"
    ],
)
def test_a_body_the_data_lacks_is_named_whole_and_no_further(builtin_engine, question, name):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"
    assert re.search(rf"\b{name}(?: \[1\])?\.", answer.text.splitlines()[0]), answer.text


def test_a_task_question_about_the_provincial_committee_says_no_register_lists_its_tasks(builtin_engine):
    answer = builtin_engine.ask("ubnd tinh co nhiem vu nao qua han", role="official", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có danh sách nhiệm vụ của Ủy ban nhân dân tỉnh")
    assert "Nhiệm vụ «" not in answer.text and "phường" not in answer.text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        ("PII 2025 của Lào Cai", "có số liệu của Phú Thọ: Năm 2025, Phú Thọ đạt 41,10 điểm"),
        ("Thanh Hóa xếp thứ mấy PII 2025", "có số liệu của Phú Thọ: Năm 2025, Phú Thọ xếp thứ 15/34"),
    ],
)
def test_a_province_named_only_in_passing_gets_the_main_province_s_figure_offered(builtin_engine, question, offered):
    """Lào Cai and Thanh Hóa are named in the corpus (as neighbours, a guide's example), never with a PII figure:
    not found, and the same measure offered for the province the data is about — not Gia Lai's because it
    sorts first by name, nor Hà Nội's because its note has more words."""
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có số liệu của") and offered in answer.text


def test_a_year_the_figures_do_not_have_is_checked_without_a_question_word(builtin_engine):
    answer = builtin_engine.ask("dan so phu tho nam 2020", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có số liệu năm 2020; số liệu gần nhất hiện có (năm 2025):")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # a commune the register lacks: not echoed without its diacritics, the ones it holds said after
        ("phuong nong trang qua han may viec", "Dữ liệu hiện có không có phường được hỏi. Sổ nhiệm vụ cấp xã có"),
        ("xa ha hoa co may nhiem vu", "Dữ liệu hiện có không có xã được hỏi. Sổ nhiệm vụ cấp xã có"),
        ("huyen thanh son qua han may viec", "Dữ liệu hiện có không có thông tin về Huyện Thanh Son."),
    ],
)
def test_a_place_typed_all_in_lower_case_without_diacritics_is_still_a_place(builtin_engine, question, first):
    """Commune staff type "phuong nong trang": a commune the data lacks, never a ministry's task or internal notes."""
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found" and answer.text.splitlines()[0].startswith(first)


@pytest.mark.parametrize(
    ("text", "bodies"),
    [
        ("phuong nong trang qua han may viec", ["phuong nong trang"]),
        ("xa xuan dai con may viec", ["xa xuan dai"]),
        ("phuong thuc thanh toan online", []),  # a way of paying, no ward
        ("nhiem vu cap xa nao qua han", []),
        ("dia phuong nao hoan thanh som nhat", []),
        ("o xa lam khong", []),
        ("Phường nào có nhiệm vụ quá hạn", []),
    ],
)
def test_which_lower_case_words_name_a_place(text, bodies):
    from retrieval.query import named_bodies
    from retrieval.text import has_diacritics

    assert named_bodies(text, has_diacritics(text), text) == bodies


# --- commune staff about their own commune --------------------------------------------------------------------


def test_my_commune_without_a_configured_one_is_asked_back_naming_the_communes_the_data_has(builtin_engine):
    answer = builtin_engine.ask("xã tôi còn mấy việc chưa xong", role="official", today=TODAY)
    assert answer.status == "not_found" and answer.text.startswith("Bạn đang hỏi về xã, phường nào?")
    assert "Phường Âu Cơ" in answer.text and not answer.citations


def test_my_commune_is_the_configured_one_and_a_named_commune_stays_the_one_named(make_settings):
    from retrieval import Engine

    engine = Engine(make_settings(home_commune="Âu Cơ"))
    unfinished = engine.ask("phường tôi còn mấy việc chưa xong", role="official", today=TODAY)
    assert unfinished.text.startswith("Có 2 nhiệm vụ của phường Âu Cơ chưa hoàn thành")
    march = engine.ask("xa minh han thang 3 co gi", role="official", today=TODAY)
    assert march.status == "answered" and "PT-AUCO-05" in march.text and "PT-AUCO-02" not in march.text
    named = engine.ask("phường Hòa Bình có mấy việc quá hạn", role="official", today=TODAY)
    assert named.text.startswith("Có 2 nhiệm vụ của phường Hòa Bình đã quá hạn")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("phường Âu Cơ hạn tháng 3 có gì", "Có 1 nhiệm vụ của phường Âu Cơ có hạn tháng 3/2026"),
        ("việc nào của phường Việt Trì hạn 28/02/2026", "Có 1 nhiệm vụ của phường Việt Trì có hạn ngày 28/2/2026"),
        ("phường Vĩnh Yên có việc nào quá hạn ko", "Không có nhiệm vụ nào của phường Vĩnh Yên đã quá hạn"),
        ("nhiệm vụ hạn 2031", "Không có nhiệm vụ nào có hạn năm 2031 trong dữ liệu hiện có [1]."),
    ],
)
def test_commune_staff_periods_and_zero_counts_answer_in_the_first_sentence(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first) and answer.citations


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("tỉnh Hòa Bình cũ hoàn thành bao nhiêu nhiệm vụ NQ57", "Dữ liệu hiện có không có số liệu của Hòa Bình (cũ)"),
        ("tỉnh Vĩnh Phúc cũ có bao nhiêu nhiệm vụ", "Dữ liệu hiện có không có số liệu của Vĩnh Phúc (cũ)"),
    ],
)
def test_a_former_province_is_not_the_ward_of_the_same_name(builtin_engine, question, first):
    """Phường Hòa Bình is a ward in the commune register; "tỉnh Hòa Bình cũ" is the province merged into Phú Thọ,
    which the figures do not cover on its own (its 1/5 was the ward's completion rate)."""
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found" and answer.text.startswith(first)
    assert "Phường Hòa Bình" not in answer.text


def test_the_ward_is_still_the_ward(builtin_engine):
    answer = builtin_engine.ask("phường Hòa Bình có mấy việc quá hạn", role="official", today=TODAY)
    assert answer.text.startswith("Có 2 nhiệm vụ của phường Hòa Bình đã quá hạn")


def test_a_name_not_echoed_to_a_citizen_is_still_swapped_for_the_ministry_where_it_was_typed(builtin_engine):
    """Sở Nội vụ is named only in an internal row: a citizen is not told that name, and still gets the ministry's
    tasks offered (the swap replaced the unechoed wording, which the question never held)."""
    answer = builtin_engine.ask("so noi vu phoi hop may nhiem vu", role="citizen", today=TODAY)
    first, second = answer.text.splitlines()[:2]
    assert answer.status == "not_found" and "PT-VTRI-05" not in answer.text
    assert first == (
        "Các sổ nhiệm vụ hiện có không giao nhiệm vụ cho các sở cấp tỉnh, nên không có nhiệm vụ của cơ quan, địa"
        " phương được hỏi."
    )
    assert second.startswith("Để tham khảo: Bộ Nội vụ phối hợp 6 nhiệm vụ")


def test_a_year_a_figure_s_own_name_excludes_is_not_found_whatever_its_note_quotes(builtin_engine):
    """ "PII 2025 - điểm": its note quotes a newspaper of 13/1/2026, which makes it no figure of 2026."""
    answer = builtin_engine.ask("PII năm 2026 của Phú Thọ", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có số liệu năm 2026; số liệu gần nhất hiện có (năm 2025):")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("UBND P.Âu Cơ còn việc nào chưa xong", "Có 2 nhiệm vụ do UBND phường Âu Cơ chủ trì chưa hoàn thành"),
        ("P. Hòa Bình Q1/2026 phải nộp những gì", "Có 2 nhiệm vụ của phường Hòa Bình có hạn quý I/2026"),
    ],
)
def test_a_commune_s_kind_and_a_quarter_written_short(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first)


def test_after_a_district_s_not_found_a_commune_takes_its_place(builtin_engine):
    """ "huyện Lâm Thao" is a place like a commune: "thế còn xã Tam Đảo?" asks the same of Tam Đảo."""
    first, context = builtin_engine.converse("Huyện Lâm Thao có mấy nhiệm vụ quá hạn?", "official", TODAY)
    assert first.status == "not_found"
    answer, _ = builtin_engine.converse("thế còn xã Tam Đảo thì sao?", "official", TODAY, context)
    assert "Lâm Thao" not in (answer.understood_as or "") and "Tam Đảo" in (answer.understood_as or "")
    assert answer.status == "answered" and "PT-TDAO-01" in answer.text


@pytest.mark.parametrize("question", ["chi so papi cua phu tho", "Chỉ số PAPI của Phú Thọ năm 2024"])
def test_an_index_named_in_lower_case_that_no_passage_holds_is_not_answered_with_another(builtin_engine, question):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "not_found" and "PAPI" in answer.text.splitlines()[0] and "0,71" not in answer.text


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("PII của Đà Nẵng", "Dữ liệu hiện có không có số liệu của Đà Nẵng; có số liệu của Phú Thọ"),
        ("pii score of da nang 2025", "The available data has no information about Đà Nẵng; it does have Phú Thọ"),
    ],
)
def test_a_place_the_data_lacks_is_named_as_it_is_a_city_with_no_tinh_before_it(builtin_engine, question, first):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "not_found" and answer.text.startswith(first)


def test_an_english_count_of_a_province_s_communes_is_about_the_province_not_a_commune_named_so(builtin_engine):
    answer = builtin_engine.ask("how many communes does lao cai have", today=TODAY)
    assert answer.status == "not_found" and answer.text.startswith("The available data has no figures for Lào Cai")
    assert "Xã Lao Cai" not in answer.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("phong van hoa xa hoi xa xuan dai phoi hop viec gi", "Phòng van hoa xa hoi xã Xuân Đài"),
        ("mttq xa tam dao phoi hop viec gi", "Mặt trận to quoc xã Tam Đảo"),
        ("hoi phu nu xa xuan dai phoi hop viec gi", "Hội phu nu xã Xuân Đài"),  # "phụ" ends no name as its first word
    ],
)
def test_a_body_no_register_names_is_not_answered_with_its_communes_tasks(builtin_engine, question, said):
    """The commune is known, the body of it asked about is not: its tasks are not the commune's."""
    answer = builtin_engine.ask(question, role="official", today=date(2026, 2, 10))
    assert answer.status == "not_found"
    assert answer.text.startswith(f"Dữ liệu hiện có không có danh sách nhiệm vụ của {said}")


def test_a_room_of_a_ministry_name_is_no_body_of_its_own():
    from retrieval.query import named_bodies

    assert named_bodies("van phong chinh phu chu tri may nhiem vu", False) == []
    assert named_bodies("bo quoc phong chu tri may nv", False) == ["bo quoc phong"]
    assert named_bodies("phong trao hoc tap so do ai chu tri", False) == []
    assert named_bodies("hoi nghi bcd tw co bao nhieu xa phuong ket noi", False) == []  # a meeting, no body


def test_a_fee_said_only_of_another_service_does_not_answer_a_fee_question(builtin_dense_engine):
    # the VssID referral names "lệ phí", but not VNeID: the fee asked of is said to be missing
    answer = builtin_dense_engine.ask("vneid registration fee", "citizen", date(2026, 2, 10))
    assert answer.status == "not_found" and "fee" in answer.text


def test_a_date_before_the_counted_noun_is_no_count_of_it(builtin_dense_engine):
    # "từ ngày 01/7/2025 Trung tâm … được tổ chức ở cả cấp tỉnh và cấp xã": no number of centres is given,
    # and the guide says the 34 provinces and 3.321 communes are not it
    answer = builtin_dense_engine.ask("ca nuoc co bn tthcc", "citizen", date(2026, 2, 10))
    assert answer.status == "not_found" and "số trung tâm" in answer.text


def test_a_referral_naming_fees_of_other_things_does_not_answer_a_fee_question(builtin_dense_engine):
    # "… cài đặt VssID và lệ phí (nếu có), người dân hỏi cơ quan bảo hiểm xã hội" names "người dân", not the card
    answer = builtin_dense_engine.ask("le phi doi cccd bn", "citizen", date(2026, 2, 10))
    assert answer.status == "not_found" and "lệ phí" in answer.text


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        ("tthcc phuong au co mo cua may h", "giờ làm việc"),
        ("bhyt tu nguyen dong bn 1 nam", "lệ phí"),
        ("ra cong an lam muc 2 phai cho may ngay", "thời gian chờ"),  # "chờ mấy ngày": a wait no guide gives
    ],
)
def test_opening_hours_waits_and_what_to_pay_typed_in_chat_words_are_details_no_guide_gives(
    builtin_dense_engine, question, detail
):
    answer = builtin_dense_engine.ask(question, "citizen", date(2026, 2, 10))
    assert answer.status == "not_found" and f"không có thông tin về {detail}" in answer.text


def test_a_gap_inside_a_document_asked_in_english_is_said_in_english():
    from retrieval.query import read_text
    from retrieval.scope import Gap, _what_is_asked, message

    q = read_text("Does Resolution 57 say anything about space travel?")
    said = message(Gap("body", _what_is_asked(q), within="Nghị quyết 57-NQ/TW về đột phá phát triển"), english=True)
    assert said.startswith("The available data has no information about what is asked in ")
    assert "thông tin được hỏi" not in said


def test_a_document_that_does_not_name_a_former_district_is_cited_and_named_short(builtin_engine):
    answer = builtin_engine.ask("huyện Tam Đảo triển khai đề án 06 thế nào", role="official", today=TODAY)
    first, second = answer.text.splitlines()[:2]
    assert answer.status == "not_found"
    assert first == "Quyết định 06/QĐ-TTg trong dữ liệu hiện có không nêu huyện Tam Đảo [1]."
    assert second.startswith("Từ ngày 01/7/2025, tỉnh Phú Thọ vận hành mô hình chính quyền địa phương hai cấp")
    assert answer.citations[0].source.doc_id == "qd06-qd-ttg"  # the document named is cited


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Số liệu tiến độ quý 4/2026 ra sao?", "Dữ liệu hiện có chưa có số liệu quý IV/2026: kỳ này chưa đến."),
        (
            "phu tho progress figures Q3 2026",
            "The available data has no results in Q3 2026 yet: that period has not begun.",
        ),
    ],
)
def test_results_of_a_period_that_has_not_begun_are_not_found_not_another_periods(builtin_engine, question, said):
    answer = builtin_engine.ask(question, role="official", today=date(2026, 2, 10))
    assert (answer.status, answer.text) == ("not_found", said)
    # a deadline in that period is a register question, answered
    due = builtin_engine.ask("nhiệm vụ nào hạn quý IV/2026", role="official", today=date(2026, 2, 10))
    assert due.status == "answered"
