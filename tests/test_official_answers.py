"""Officials' and commune staff's questions about directives and task registers, answered as a clerk would
(issue 12): documents named however they are typed, a document's own dates, no sentence that starts with
an unresolved pronoun, a Sở no register lists, deadline windows from today, "tỉnh mình" / "xã mình".
Expected values are read from the corpus (its CSV files and document metadata), not from the answers."""

import csv
import re
from datetime import date, timedelta

import pytest
from conftest import REPO

from retrieval import Engine
from retrieval.query import read_query
from retrieval.question import UPCOMING_DAYS
from retrieval.search import mentions
from retrieval.slots import anaphor_kind, is_anaphoric
from retrieval.text import fold, index_tokens, normalise

TODAY = date(2026, 2, 10)
COMMUNES = REPO / "corpus" / "registers" / "phu-tho-xa-phuong.csv"


def commune_rows(commune: str, role: str = "official") -> list[dict]:
    with open(COMMUNES, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["Xã/phường"] == commune]
    return rows if role == "official" else [r for r in rows if r["Truy cập"] == "public"]


def due(row: dict) -> date | None:
    return date.fromisoformat(row["Ngày đến hạn"]) if row["Ngày đến hạn"] else None


# --- documents named however they are typed -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "doc_id"),
    [
        ("nq57 co hieu luc khi nao", "nq57-nq-tw"),
        ("NQ57-NQ/TW la gi", "nq57-nq-tw"),
        ("57-NQ/TW ban hanh ngay nao", "nq57-nq-tw"),
        ("nq-57 la gi", "nq57-nq-tw"),
        ("nghiquyet57 noi gi", "nq57-nq-tw"),
        ("71/nq-cp ai ky", "nq71-nq-cp"),
        ("qd204 la gi", "qd204-qd-tw"),
        ("da06 phe duyet ngay nao", "qd06-qd-ttg"),
        ("ĐA 06 là gì", "qd06-qd-ttg"),
        ("dean06 la gi", "qd06-qd-ttg"),
    ],
)
def test_a_document_number_glued_to_its_kind_names_the_document(builtin_engine, typed, doc_id):
    q = read_query(builtin_engine.index(), typed, "official", TODAY)
    assert doc_id in q.documents


@pytest.mark.parametrize("typed", ["da 6 nhiem vu hoan thanh", "đa dạng hóa dịch vụ", "đã 6 nhiệm vụ"])
def test_da_is_a_project_only_glued_to_its_number_or_before_a_zero_padded_one(typed):
    assert not mentions(fold(normalise(typed)))


def test_a_kind_written_in_words_keeps_its_number_and_its_code_adds_nothing():
    """ "Quy định 384-QĐ/TW": a regulation, though "QĐ" is also the code of a decision."""
    assert mentions(fold(normalise("Quy định 384-QĐ/TW quy định gì"))) == [("quy dinh", 384)]


def test_a_web_address_counts_by_its_host_not_by_the_headline_in_its_path():
    tokens = index_tokens("Nguồn: https://baophutho.vn/trien-khai-co-hieu-qua-nghi-quyet-57-241863.htm")
    assert "~hieu" not in tokens and "~quyet_57" not in tokens
    assert "~baophutho" in tokens


# --- a document's own dates and signer ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "date_said"),
    [
        ("nq57 co hieu luc khi nao", "22/12/2024"),
        ("Đề án 06 phê duyệt ngày nào", "06/01/2022"),
        ("da06 phe duyet ngay nao", "06/01/2022"),
        ("de an 06 duoc ky khi nao", "06/01/2022"),
        ("qd204 ban hanh khi nao", "29/11/2024"),
        ("nq 71 ban hanh khi nao", "01/4/2025"),
        ("nq03 co hieu luc tu ngay nao", "09/01/2025"),
    ],
)
def test_a_documents_date_is_its_own_not_a_date_nearby(builtin_engine, question, date_said):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered"
    first = answer.text.split("\n")[0]
    assert date_said in first
    assert "01/7/2021" not in answer.text and "18/12/2025" not in answer.text  # other events' dates
    assert len(answer.sources) == 1


@pytest.mark.parametrize(
    ("question", "said"),
    [
        (
            "Quyết định 204-QĐ/TW hiệu lực khi nào?",
            "Dữ liệu hiện có không ghi ngày có hiệu lực của Quyết định 204-QĐ/TW; Quyết định 204-QĐ/TW được ban"
            " hành ngày 29/11/2024. [1]",
        ),
        (
            "when does decision 204 take effect",
            "The available data does not record when Decision 204-QĐ/TW took effect; it was issued on 29 November"
            " 2024.",
        ),
    ],
)
def test_an_effective_date_no_source_states_is_not_found_with_the_date_of_issue(builtin_engine, question, said):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "not_found" and answer.text.splitlines()[0] == said
    assert "hiệu quả lãnh đạo" not in answer.text  # not a sentence on the "hiệu lực" of leadership


def test_an_effective_date_from_signing_also_says_the_signing_date(builtin_engine):
    answer = builtin_engine.ask("71/nq-cp co hieu luc tu ngay nao", today=TODAY)
    assert answer.text.startswith("Nghị quyết 71/NQ-CP có hiệu lực kể từ ngày ký")
    assert "01/4/2025" in answer.text and "09/01/2025" not in answer.text  # not NQ 03's date


def test_who_signed_names_the_signer(builtin_engine):
    answer = builtin_engine.ask("ai ky quyet dinh 06", today=TODAY)
    assert "Phạm Minh Chính" in answer.text.split("\n")[0]


@pytest.mark.parametrize("question", ["NQ 03/NQ-CP do đồng chí nào ký ban hành?", "nq03 lanh dao nao ky"])
def test_which_comrade_or_leader_signed_asks_who_signed(builtin_engine, question):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert "Nguyễn Hòa Bình" in answer.text.split("\n")[0]


def test_signed_by_the_minister_is_a_yes_no_on_the_signer_not_a_head_of_police(builtin_engine):
    """ "bộ trưởng công an" holds "trưởng công an" (the head of a police station, a detail the data lacks): the
    minister's title is no such detail, and the recorded signer decides."""
    answer = builtin_engine.ask("đề án 06 do bộ trưởng công an ký à", role="official", today=TODAY)
    assert answer.text.startswith("Không.") and "Phạm Minh Chính" in answer.text.split("\n")[0]


@pytest.mark.parametrize(
    "question",
    [
        "Ngân sách tỉnh Phú Thọ chi cho khoa học công nghệ năm 2025 là bao nhiêu tỷ?",
        "phu tho chi bao nhieu ty cho chuyen doi so",
    ],
)
def test_an_amount_of_money_is_not_answered_by_a_count_or_a_rank(builtin_engine, question):
    """The tables hold Phú Thọ's tasks, ranks and rates, no budget: a count of tasks is no "bao nhiêu tỷ"."""
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"
    assert "nhiệm vụ" not in answer.text.split("\n")[0] and "bậc" not in answer.text


def test_an_amount_of_money_the_guides_state_is_answered(builtin_engine):
    answer = builtin_engine.ask("cổng dịch vụ công tiết kiệm bao nhiêu tỷ mỗi năm", today=TODAY)
    assert answer.status == "answered" and "4.222 tỷ đồng" in answer.text.split("\n")[0]


def test_who_signed_when_no_signer_is_recorded_says_so_with_the_issuer(builtin_engine):
    answer = builtin_engine.ask("ai ky quyet dinh 204", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không ghi người ký Quyết định 204-QĐ/TW")
    assert "Ban Bí thư" in answer.text and answer.sources[0].doc_id == "qd204-qd-tw"


def test_a_question_about_more_than_the_date_is_not_answered_by_the_date_alone(builtin_engine):
    answer = builtin_engine.ask("Đề án 06 giai đoạn 2023–2025 đặt mục tiêu gì?", today=TODAY)
    assert "100%" in answer.text


# --- no sentence that starts with an unresolved pronoun ------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "anaphoric"),
    [
        ("Ông đồng thời là Trưởng Ban Chỉ đạo của tỉnh.", True),
        ("Ông Phạm Đại Dương được chỉ định giữ chức Bí thư Tỉnh ủy.", False),
        ("Cơ quan này chủ trì theo dõi.", True),
        ("Theo đó, tỉnh đặt mục tiêu…", True),
        ("Trong đó có 5 nhiệm vụ…", True),
        ("Đây là lần đầu…", True),
        ("Bà con nông dân được hướng dẫn…", False),
        ("Đầy đủ hồ sơ…", False),
    ],
)
def test_a_sentence_pointing_back_is_recognised(sentence, anaphoric):
    assert is_anaphoric(sentence) is anaphoric


@pytest.mark.parametrize(
    "question", ["ai là trưởng ban chỉ đạo của tỉnh về nq57", "truong ban chi dao tinh ve nq57 la ai"]
)
def test_a_pronoun_led_sentence_follows_the_sentence_naming_its_person(builtin_engine, question):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert not is_anaphoric(answer.text)
    assert "Phạm Đại Dương" in answer.text.split(". ")[0]
    for part in answer.text.split("\n"):
        assert not is_anaphoric(part), part  # no cited part opens with one either


# --- a Sở no register lists -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["Sở KH&CN Phú Thọ chủ trì mấy nhiệm vụ", "so khcn phu tho chu tri bao nhieu nhiem vu"]
)
def test_a_task_count_for_a_body_no_register_lists_says_so_first(builtin_engine, question):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có danh sách nhiệm vụ của Sở Khoa học và Công nghệ")
    first = answer.text.split("\n")[0]
    assert "91" not in first  # "managed" is not "led": the nearest figure comes after, said as what it is
    assert "Số liệu gần nhất có: Phú Thọ có 91 nhiệm vụ khoa học và công nghệ được quản lý" in answer.text
    assert {"nq03-nhiem-vu", "phu-tho-xa-phuong", "so-lieu-bao-cao"} <= {s.doc_id for s in answer.sources}


def test_a_figure_stating_the_asked_role_is_the_answer(builtin_engine):
    answer = builtin_engine.ask(
        "Sở KH&CN Phú Thọ quản lý bao nhiêu nhiệm vụ khoa học và công nghệ", role="official", today=TODAY
    )
    assert answer.status == "answered" and "91" in answer.text.split("\n")[0]


# --- deadline windows from today --------------------------------------------------------------------------


@pytest.mark.parametrize("commune", ["Xã Xuân Đài", "Phường Việt Trì", "Phường Vĩnh Yên"])
def test_due_soon_means_unfinished_and_due_within_the_window(builtin_engine, commune):
    horizon = TODAY + timedelta(days=UPCOMING_DAYS)
    rows = commune_rows(commune)
    soon = {r["Mã"] for r in rows if r["Tình trạng"] != "Hoàn thành" and due(r) and TODAY <= due(r) <= horizon}
    answer = builtin_engine.ask(f"{fold(commune).lower()} co nhiem vu nao sap den han", role="official", today=TODAY)
    assert answer.status == "answered"
    shown = set(re.findall(r"PT-[A-Z]+-\d+", answer.text.split("\n", 1)[0] if not soon else answer.text))
    if soon:
        assert answer.text.startswith(f"Có {len(soon)} nhiệm vụ")  # the count first
        assert shown == soon
    else:
        assert answer.text.startswith("Không có nhiệm vụ nào")  # a zero is an answer
        later = sorted((r for r in rows if r["Tình trạng"] != "Hoàn thành" and due(r) and due(r) > horizon), key=due)
        if later:
            assert "Nhiệm vụ chưa hoàn thành có hạn gần nhất: " in answer.text and later[0]["Mã"] in answer.text
    done = {r["Mã"] for r in rows if r["Tình trạng"] == "Hoàn thành"}
    assert not done & set(re.findall(r"PT-[A-Z]+-\d+", answer.text))  # finished tasks are not "due soon"


def test_still_open_means_unfinished_and_not_yet_past_its_date(builtin_engine):
    rows = commune_rows("Xã Tam Đảo")
    open_ = {r["Mã"] for r in rows if r["Tình trạng"] != "Hoàn thành" and due(r) and due(r) >= TODAY}
    answer = builtin_engine.ask("xa tam dao con nhiem vu nao con han", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(open_)} nhiệm vụ")
    assert set(re.findall(r"PT-[A-Z]+-\d+", answer.text)) == open_


def test_sap_het_han_is_not_overdue(builtin_engine):
    q = read_query(builtin_engine.index(), "phuong au co co viec gi sap het han", "official", TODAY)
    assert "upcoming" in q.intents and "overdue" not in q.intents


# --- "tỉnh mình", "xã mình" ------------------------------------------------------------------------------------


def test_my_province_is_the_province_the_data_is_about(builtin_engine):
    q = read_query(builtin_engine.index(), "tinh minh co bao nhieu phuong", "official", TODAY)
    assert q.provinces == ("Phú Thọ",)
    answer = builtin_engine.ask("tinh minh co bao nhieu phuong", role="official", today=TODAY)
    assert "15 phường" in answer.text


@pytest.mark.parametrize("question", ["tỉnh có bao nhiêu nhiệm vụ NQ57", "vậy tỉnh đã hoàn thành bao nhiêu nhiệm vụ"])
def test_a_question_opening_with_tinh_is_about_the_askers_province(builtin_engine, question):
    assert read_query(builtin_engine.index(), question, "official", TODAY).provinces == ("Phú Thọ",)
    # … but "UBND tỉnh có …" is a body of the province, not the province asked about
    assert read_query(builtin_engine.index(), "UBND tỉnh có trách nhiệm gì", "official", TODAY).provinces == ()


def test_what_a_commune_must_do_in_a_year_it_has_nothing_due_in_says_what_is_still_overdue(builtin_engine):
    rows = commune_rows("Phường Hòa Bình")
    due_2026 = [r for r in rows if "Đề án 06" in r["Tên nhiệm vụ"] and r["Ngày đến hạn"].startswith("2026")]
    late = [
        r
        for r in rows
        if "Đề án 06" in r["Tên nhiệm vụ"] and due(r) and due(r) < TODAY and r["Tình trạng"] != "Hoàn thành"
    ]
    assert not due_2026 and late
    answer = builtin_engine.ask("phuong hoa binh phai lam gi ve de an 06 nam 2026", role="official", today=TODAY)
    assert answer.text.startswith("Không có nhiệm vụ nào về Đề án 06 của phường Hòa Bình có hạn năm 2026")
    assert f"Còn {len(late)} nhiệm vụ đã quá hạn, chưa hoàn thành" in answer.text
    assert all(f"({r['Mã']})" in answer.text for r in late)
    cited = {c.passage.text for c in answer.citations}
    assert all(any(r["Mã"] in t for t in cited) for r in late)


def test_my_commune_is_asked_back_when_none_is_configured(builtin_engine):
    answer = builtin_engine.ask("xa minh co nhiem vu nao qua han", role="official", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Bạn đang hỏi về xã, phường nào?")
    assert "Xã Xuân Đài" in answer.text


def test_my_province_and_commune_are_the_configured_ones(make_settings):
    """GOVQA_HOME_PROVINCE and GOVQA_HOME_COMMUNE: a deployment for another province, or for one commune."""
    engine = Engine(make_settings(home_province="Hà Nội", home_commune="Xuân Đài"))
    q = read_query(engine.index(), "tỉnh mình xếp thứ mấy PII 2025", "official", TODAY)
    assert q.provinces == ("Hà Nội",)
    answer = engine.ask("xa minh co nhiem vu nao qua han", role="official", today=TODAY)
    overdue = {
        r["Mã"] for r in commune_rows("Xã Xuân Đài") if r["Tình trạng"] != "Hoàn thành" and due(r) and due(r) < TODAY
    }
    assert answer.status == "answered" and set(re.findall(r"PT-[A-Z]+-\d+", answer.text)) == overdue


# --- one task's product and partners ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        (
            "NQ03-133 là nhiệm vụ gì",
            "Bộ Ngoại giao chủ trì nhiệm vụ «Chương trình/Kế hoạch triển khai ngoại giao công nghệ",
        ),
        ("what is task NQ03-075 about", "Bộ Công an (Ministry of Public Security) leads the task «Tham mưu Chính phủ"),
    ],
)
def test_a_task_named_by_its_code_and_asked_what_it_is_is_that_row(builtin_engine, question, opening):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith(opening) and len(answer.citations) == 1


def test_a_tasks_product_is_said_first(builtin_engine):
    answer = builtin_engine.ask("san pham cua nhiem vu NQ03-069 la gi", role="official", today=TODAY)
    assert answer.text.startswith("Sản phẩm của nhiệm vụ «Hoàn thành xây dựng Trung tâm dữ liệu quốc gia")
    assert "(NQ03-069) là: Trung tâm dữ liệu quốc gia" in answer.text


def test_a_communes_task_partners_are_said_first(builtin_engine):
    answer = builtin_engine.ask("ai phoi hop voi ubnd xa xuan dai so hoa dat dai", role="official", today=TODAY)
    assert answer.text.startswith("Phối hợp thực hiện nhiệm vụ «Số hóa, làm sạch dữ liệu đất đai")
    assert "(PT-XDAI-03): Chi nhánh Văn phòng đăng ký đất đai; Công an xã Xuân Đài" in answer.text


def test_an_exact_agency_is_not_replaced_by_a_longer_name_holding_it(builtin_engine):
    q = read_query(builtin_engine.index(), "bo khcn co bao nhieu nhiem vu han nam 2025", "official", TODAY)
    assert q.agencies == ("Bộ Khoa học và Công nghệ",)


def test_tasks_a_body_helps_with_are_counted_apart_from_those_it_leads(builtin_engine):
    helps = {r["Mã"] for r in commune_rows("Xã Xuân Đài") if "Công an xã Xuân Đài" in r["Cơ quan phối hợp"]}
    answer = builtin_engine.ask("cong an xa xuan dai phoi hop may nhiem vu", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(helps)} nhiệm vụ có Công an xã Xuân Đài phối hợp")
    assert set(re.findall(r"PT-[A-Z]+-\d+", answer.text)) == helps


def test_a_province_committee_typed_without_diacritics_is_named_as_written_officially(builtin_engine):
    answer = builtin_engine.ask("ubnd tinh phu tho chu tri may nhiem vu", role="official", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có danh sách nhiệm vụ của Ủy ban nhân dân tỉnh Phú Thọ")


@pytest.mark.parametrize(
    ("question", "verdict", "signer"),
    [
        ("NQ 03/NQ-CP do Thủ tướng Phạm Minh Chính ký phải không?", "Không.", "Nguyễn Hòa Bình"),
        ("nq 71 co phai do pho thu tuong ky khong", "Không.", "Phạm Minh Chính"),
        ("nq03 do pho thu tuong ky phai ko", "Có.", "Nguyễn Hòa Bình"),
        ("nq57 do Tổng Bí thư Tô Lâm ký phải không", "Có.", "Tô Lâm"),
    ],
)
def test_was_it_signed_by_is_answered_by_the_recorded_signer(builtin_engine, question, verdict, signer):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.text.startswith(verdict)
    assert signer in answer.text.split("\n")[0]


def test_a_body_reporting_a_figure_is_no_measure_the_figure_lacks(builtin_engine):
    answer = builtin_engine.ask("Sở Khoa học và Công nghệ Phú Thọ công bố Phú Thọ xếp thứ mấy PII 2025?", today=TODAY)
    assert answer.status == "answered" and "15/34" in answer.text.split("\n")[0]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [("Ông đồng thời là Trưởng Ban.", "referent"), ("Cơ quan này…", "referent"), ("Theo đó, tỉnh…", "connective")],
)
def test_a_pronoun_needs_its_antecedent_a_connective_may_stand_alone(sentence, kind):
    assert anaphor_kind(sentence) == kind


def test_sap_het_han_outside_tasks_is_no_deadline_window(builtin_engine):
    q = read_query(builtin_engine.index(), "can cuoc sap het han thi lam sao", "citizen", TODAY)
    assert q.period is None


def test_a_product_word_in_a_resolutions_target_asks_no_task(builtin_engine):
    answer = builtin_engine.ask(
        "Nghị quyết 57 đặt mục tiêu sản phẩm công nghệ cao chiếm bao nhiêu phần trăm xuất khẩu?"
    )
    assert "50%" in answer.text.split("\n")[0]
    assert answer.sources[0].doc_id != "nq03-nhiem-vu"


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("When was Project 06 approved?", "Decision 06/QĐ-TTg was approved on 6 January 2022."),
        ("When did Resolution 57 take effect?", "Resolution 57-NQ/TW took effect on 22 December 2024."),
    ],
)
def test_an_english_question_about_a_documents_date_gets_an_english_lead(builtin_engine, question, lead):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered"
    assert answer.text.split("\n")[0] == lead  # then the cited Vietnamese sentence


def test_a_home_province_the_bot_does_not_know_stops_the_start_with_what_to_fix():
    from retrieval.config import ConfigError, Settings

    with pytest.raises(ConfigError, match="GOVQA_HOME_PROVINCE='Atlantis' is not a province"):
        Settings.from_env({"GOVQA_HOME_PROVINCE": "Atlantis"})
    assert Settings.from_env({"GOVQA_HOME_PROVINCE": "phu tho"}).home_province == "phu tho"


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("NQ 03/NQ-CP do Bộ Chính trị ban hành phải không?", "Không."),  # "CP" in its number is no answer
        ("Nghị quyết 57 do Ban Bí thư ban hành à?", "Không."),
        ("nq57 do bo chinh tri ban hanh phai ko", "Có."),
        ("qd204 co phai ban bi thu ban hanh khong", "Có."),
    ],
)
def test_was_it_issued_by_is_answered_by_the_recorded_issuer(builtin_engine, question, verdict):
    assert builtin_engine.ask(question, today=TODAY).text.startswith(verdict)


# --- who chairs, who signed, who said: people and bodies (issue 12) -----------------------------------------


@pytest.mark.parametrize(
    "question", ["ai la truong ban chi dao trung uong", "who chairs the central steering committee"]
)
def test_the_head_of_the_body_named_whole_leads_not_another_committees_head(builtin_dense_engine, question):
    """ "Trưởng ban" of the Party agencies' steering committee (Đề án 204) is not the head of the Central
    Steering Committee: the passage writing "Trưởng Ban Chỉ đạo Trung ương" as one phrase leads."""
    answer = builtin_dense_engine.ask(question, role="official")
    lines = answer.text.split("\n")
    evidence = lines[1] if answer.language == "en" else lines[0]  # after the English lead
    assert evidence.startswith("Tổng Bí thư Tô Lâm làm Trưởng Ban Chỉ đạo Trung ương.")


def test_who_signed_needs_a_sentence_saying_signed_not_a_code_read_out(builtin_engine):
    """ "598/QĐ-TTg" reads "thủ tướng" but says no one signed it; the corpus names no signer of QĐ 598."""
    assert builtin_engine.ask("ai ky quyet dinh 598", role="official").status == "not_found"


def test_a_person_asked_is_not_answered_from_a_register(builtin_engine):
    """Registers hold bodies, not who said what: the Deputy PM who spoke of 286 tasks is in the prose."""
    answer = builtin_engine.ask("pho thu tuong nao noi con 286 nhiem vu cuoi nam 2025", role="official")
    assert "Nguyễn Chí Dũng" in answer.text.split("\n")[0] and "NQ03-" not in answer.text


def test_a_province_named_only_among_neighbours_gives_no_office_holder_of_it(builtin_engine):
    answer = builtin_engine.ask("who is the party secretary of lao cai", role="official")
    assert answer.status == "not_found" and "Tô Lâm" not in answer.text.split("\n")[0]


@pytest.mark.parametrize(
    "question", ["Bộ Công an có vai trò gì trong Đề án 06", "vai trò của Bộ Công an trong Đề án 06 như thế nào"]
)
def test_what_role_a_body_plays_is_asked_not_a_word_the_evidence_must_hold(builtin_engine, question):
    """ "vai trò gì" asks, like "làm gì": the sentences on Bộ Công an in Đề án 06 answer; none says "vai trò"."""
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered"
    assert "Bộ Công an" in answer.text.split("\n")[0] and "Đề án 06" in answer.text
