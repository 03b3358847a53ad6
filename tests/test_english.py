"""English questions (issue 12, §3): the first line answers in English, from the cited evidence and the
cited document's own metadata only, then the cited Vietnamese evidence follows; English typed inside a
Vietnamese question is read, and the answer stays Vietnamese."""

import csv
from datetime import date
from types import SimpleNamespace

import pytest
from conftest import REPO

from retrieval.english_lead import document_line
from retrieval.query import read_text, translate_english, translate_english_words
from retrieval.wording import en_status


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        (
            "what is res 57",
            "Resolution 57-NQ/TW (22 December 2024, Politburo) is on breakthroughs in science, technology,"
            " innovation and national digital transformation.",
        ),
        (
            "what is decision 204 about",
            "Decision 204-QĐ/TW (29 November 2024, Secretariat) approves the project on digital transformation"
            " in Party agencies (Project 204).",
        ),
        (
            "what is res 71",
            "Resolution 71/NQ-CP (1 April 2025, Government) amends, supplements and updates the Government's"
            " action programme implementing Resolution 57-NQ/TW.",
        ),
    ],
)
def test_what_a_document_is_opens_with_its_recorded_number_date_issuer_and_title_in_english(
    builtin_dense_engine, question, lead
):
    answer = builtin_dense_engine.ask(question)
    assert answer.status == "answered"
    first, evidence = answer.text.split("\n", 1)
    assert first == lead
    assert "[1]" in evidence and not evidence.startswith("According to")


def test_a_title_the_tables_cannot_say_in_full_is_quoted_in_vietnamese_never_half_translated():
    doc = SimpleNamespace(
        title="Nghị quyết 99/NQ-CP về chăn nuôi gia cầm ven đô",
        number="99/NQ-CP",
        date=date(2025, 5, 1),
        issuer="Chính phủ",
    )
    assert (
        document_line(doc)
        == "Resolution 99/NQ-CP (1 May 2025, Government) is titled «Nghị quyết 99/NQ-CP về chăn nuôi gia cầm ven đô»."
    )


def test_a_document_without_a_recorded_date_or_issuer_says_only_what_is_recorded():
    doc = SimpleNamespace(title="Quyết định 06/QĐ-TTg phê duyệt Đề án 06", number="06/QĐ-TTg", date=None, issuer=None)
    assert document_line(doc) == "Decision 06/QĐ-TTg approves Project 06."


def test_a_when_lead_gives_the_date_of_the_event_asked_not_the_first_date_of_the_sentence(builtin_dense_engine):
    """The sentence says Decree 69 was issued on 25/6/2024 and took effect on 01/7/2024."""
    answer = builtin_dense_engine.ask("when did decree 69 take effect")
    assert answer.text.startswith("Decree 69 took effect on 1 July 2024.")
    assert "01/7/2024" in answer.text


def test_a_who_lead_names_the_body_of_the_clause_asked_about(builtin_dense_engine):
    """Three subcommittees, three heads: the one of the administrative reform subcommittee."""
    answer = builtin_dense_engine.ask("who heads the administrative reform subcommittee")
    assert answer.text.startswith("According to the cited Vietnamese source: Bộ Nội vụ (Ministry of Home Affairs).")


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("number of high-tech enterprises after half a year of res 57", "45 enterprises"),  # not the 858 before it
        ("how many party members use the e-handbook", "more than 5.3 million"),  # "hơn 5,3 triệu", not a 99% rate
        ("how many task groups in decision 204", "7 groups"),  # not its 43 tasks
    ],
)
def test_a_count_lead_takes_the_number_whose_words_the_question_asks_for(builtin_dense_engine, question, value):
    answer = builtin_dense_engine.ask(question)
    assert answer.text.startswith(f"According to the cited Vietnamese source: {value}.")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("bộ tài chính how many tasks", "bộ tài chính bao nhiêu nhiệm vụ"),
        ("deadline của NQ 71", "thời hạn của nghị quyết 71"),
        ("xa tam dao tasks overdue?", "xa tam dao nhiệm vụ quá hạn"),
    ],
)
def test_english_words_inside_a_vietnamese_question_are_read_through_the_glossary(typed, read):
    query = read_text(typed)
    assert query.language == "vi"
    assert query.text.startswith(read)


@pytest.mark.parametrize("typed", ["app vneid dung the nao", "nộp hồ sơ online ở đâu", "link dich vu cong o dau"])
def test_loanwords_the_synonym_table_reads_are_left_to_it(typed):
    assert translate_english_words(typed) == typed


def test_a_mixed_question_is_answered_in_vietnamese_from_the_register(builtin_engine):
    answer = builtin_engine.ask("bộ tài chính how many tasks")
    assert answer.status == "answered"
    assert answer.text.startswith("Có 17 nhiệm vụ do Bộ Tài chính chủ trì")


def test_an_acronym_that_is_also_an_english_word_is_read_only_when_typed_with_capitals():
    assert "bộ khoa học và công nghệ" in translate_english("how many tasks does MoST lead")
    assert "bộ khoa học và công nghệ" in translate_english("MOST tasks")
    assert "bộ khoa học" not in translate_english("which ministry leads the most tasks")


def test_a_register_status_is_said_in_english_and_an_unknown_one_is_quoted():
    assert [en_status(s) for s in ("Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "")] == [
        "completed",
        "in progress",
        "not started",
        "not recorded",
    ]
    assert en_status("Tạm dừng") == "«Tạm dừng»"


def test_english_task_lines_say_the_status_in_english(builtin_engine):
    answer = builtin_engine.ask("how many tasks does au co ward have", role="official")
    assert answer.status == "answered"
    assert "status: completed" in answer.text and "status: not started" in answer.text
    assert "Hoàn thành" not in answer.text


def test_what_a_named_service_is_opens_with_its_english_and_vietnamese_names_and_its_address(builtin_dense_engine):
    """The guide's title gives the portal's web address; the glossary gives its English name."""
    answer = builtin_dense_engine.ask("what is the national public service portal")
    first = answer.text.split("\n", 1)[0]
    assert first == (
        "The National Public Service Portal (Cổng Dịch vụ công quốc gia, dichvucong.gov.vn),"
        " as the cited Vietnamese source describes it:"
    )


def test_a_count_whose_evidence_has_only_a_bare_number_still_gets_an_answer(builtin_dense_engine):
    """ "Chỉ tiêu 12: … ≥ 80%": the indicator's label is no value, and a number without a unit is said bare."""
    answer = builtin_dense_engine.ask("what is the cashless payment target for 2030")
    assert answer.status == "answered"
    assert "80%" in answer.text.split("\n", 1)[0]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # "Dân số tỉnh Phú Thọ mới trên 4 triệu người": the measure named before the number, its hedge kept
        ("What is the population of Phu Tho province after the merger?", "over 4 million people"),
        # "which body" asks who: the issuer the sentence names
        ("which body issued resolution 57?", "Bộ Chính trị (Politburo)"),
    ],
)
def test_a_measure_asked_by_name_is_answered_with_its_number_and_a_body_by_its_name(
    builtin_dense_engine, question, first
):
    answer = builtin_dense_engine.ask(question)
    assert answer.text.startswith(f"According to the cited Vietnamese source: {first}.")


@pytest.mark.parametrize(
    "question",
    ["What is the population of Phu Tho province after the merger?", "what is the capital of phu tho"],
)
def test_a_question_about_something_of_a_named_thing_gets_no_definition_line(builtin_dense_engine, question):
    """ "Phu Tho" is a glossary phrase, yet the question asks for its population or capital, not what it is."""
    assert not builtin_dense_engine.ask(question).text.startswith("The Phu Tho")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("partners of task NQ03-001?", "Partners of the task «"),
        ("what is the product of task NQ03-004", "The output of the task «"),
    ],
)
def test_a_tasks_partners_or_output_asked_in_english_come_first(builtin_engine, question, first):
    answer = builtin_engine.ask(question)
    assert answer.status == "answered"
    assert answer.text.startswith(first)
    assert "\nLead: Bộ Khoa học và Công nghệ (Ministry of Science and Technology); deadline: June 2025" in answer.text


def test_a_status_asked_in_english_is_said_in_english_first(builtin_engine):
    answer = builtin_engine.ask("status of au co ward's highlight task proposal", role="official")
    assert answer.text.startswith("According to the cited Vietnamese source: not started.")


@pytest.mark.parametrize(
    ("message", "reply"), [("hi", "Hello!"), ("thanks!", "You're welcome."), ("cảm ơn", "Không có gì")]
)
def test_small_talk_typed_in_english_is_answered_in_english(builtin_engine, message, reply):
    answer = builtin_engine.ask(message)
    assert answer.status == "not_found"
    assert answer.text.startswith(reply)


def test_short_month_names_are_read_as_the_months_the_register_path_counts():
    assert "tháng 9/2025" in translate_english("how many tasks are due in sept 2025")
    assert "31/12/2025" in translate_english("deadline dec 31, 2025")


def test_who_signed_is_answered_only_by_a_clause_that_says_it_was_signed(builtin_dense_engine):
    """Decree 118's sentence names the Government as its issuer, not who signed it: no signer is claimed."""
    answer = builtin_dense_engine.ask("who signed decree 118")
    assert not answer.text.startswith("According to the cited Vietnamese source: Chính phủ")


def test_network_coverage_is_no_request_for_a_song(builtin_engine):
    """ "phủ sóng" folds to "phu song": the English "song" of the out-of-service table must not match it."""
    for question in ("phu tho 4g coverage", "phủ sóng 4G ở Phú Thọ"):
        answer = builtin_engine.ask(question)
        assert answer.status == "answered" and "98%" in answer.text


def test_the_owner_named_before_the_counted_noun_is_read_after_it_and_done_is_a_status():
    """English: "how many of tam dao's tasks are done"; Vietnamese counts the noun first and "đã hoàn thành" is
    the status the register path filters by."""
    query = read_text("how many of tam dao's tasks are done")
    assert query.text == "bao nhiêu nhiệm vụ tam dao đã hoàn thành"
    assert query.status == "Hoàn thành"
    assert read_text("which xuan dai tasks are not completed").status == "unfinished"


def test_a_document_named_between_how_many_and_tasks_still_counts_the_tasks(builtin_engine):
    """ "how many nq03 tasks does MPS lead": the document moves with the owner, after the noun counted."""
    assert read_text("how many nq03 tasks does the ministry of public security lead").text.startswith(
        "bao nhiêu nhiệm vụ nghị quyết 03"
    )
    with (REPO / "corpus" / "registers" / "nq03-nhiem-vu.csv").open(encoding="utf-8") as f:
        led = sum("bộ công an" in r["Cơ quan chủ trì"].lower() for r in csv.DictReader(f))
    answer = builtin_engine.ask("how many nq 03 tasks does the ministry of public security lead", role="official")
    assert answer.text.startswith(f"There are {led} tasks led by Bộ Công an")


def test_a_communes_completed_tasks_are_counted_from_its_register_rows(builtin_engine):
    answer = builtin_engine.ask("how many of tam dao's tasks are done", role="official")
    assert answer.text.startswith("There are 2 tasks of Xã Tam Đảo completed")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("how many tasks in tam dao commune are not started yet", "There are 3 tasks of Xã Tam Đảo not started"),
        ("which tasks of tam dao commune are in progress", "There is 1 task of Xã Tam Đảo in progress"),
    ],
)
def test_statuses_typed_in_english_are_the_register_statuses_not_part_of_a_name(builtin_engine, question, first):
    assert builtin_engine.ask(question, role="official").text.startswith(first)


def test_who_chairs_a_committee_asks_for_its_head_not_for_a_task_it_leads(builtin_engine):
    answer = builtin_engine.ask("who chairs the steering committee for digital transformation in party agencies")
    assert "Trần Cẩm Tú" in answer.text and "PT-XDAI-01" not in answer.text


def test_every_reported_figure_has_an_english_sentence_without_a_quoted_vietnamese_name(builtin_engine):
    """figure_words.tsv says every indicator of the built-in figure table in English."""
    from retrieval.figures import figure_sentences
    from retrieval.registers import tables

    rows = tables(builtin_engine.index(), "official").figures
    assert rows
    quoted = [r.code for r in rows if "«" in figure_sentences([r], english=True)[0]]
    assert quoted == []


def test_an_english_count_names_its_register_in_english(builtin_engine):
    answer = builtin_engine.ask("How many tasks does the Ministry of Finance lead?")
    assert "in the list of 140 tasks of the action programme under Resolution 03/NQ-CP (Appendix II) [1]" in answer.text


def test_a_title_the_tables_cannot_say_stays_as_written():
    from retrieval.english_lead import english_title

    assert english_title("Ghi chú làm việc nội bộ của Tổ giúp việc") == "Ghi chú làm việc nội bộ của Tổ giúp việc"


def test_a_bodys_name_ends_where_english_words_begin():
    from retrieval.query import named_bodies

    assert named_bodies("bộ tài chính how many tasks", True, "bộ tài chính how many tasks") == ["bo tai chinh"]


# --- session 6 (q-english2): English probes typed as expat staff, journalists, investors ---------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("how many MoST tasks are due in june 2025", "bao nhiêu nhiệm vụ bộ khoa học và công nghệ hạn tháng 6/2025"),
        ("MPS tasks how many", "bộ công an bao nhiêu nhiệm vụ"),  # the count asked last, read first
        ("bộ công an how many tasks", "bộ công an bao nhiêu nhiệm vụ"),  # "an" of a Vietnamese name stays
        ("which ministry leads the most tasks", "bộ nào chủ trì nhiều nhiệm vụ nhất"),  # "most", not "MoST"
        ("what is vneid used for", "vneid dùng để làm gì"),  # the use asked, not what it is
    ],
)
def test_english_word_order_and_acronyms_are_read_as_the_register_path_reads_them(typed, read):
    assert translate_english(typed) == read


def test_an_answer_to_an_english_question_has_english_headings_on_every_face(builtin_engine):
    from bot.format import answer_html, answer_json, plain

    english = builtin_engine.ask("will it rain in viet tri this weekend")
    assert english.language == "en" and english.suggestions
    for text in (plain(english), answer_html(english), answer_json(english)["answer"]):
        assert "Suggested questions" in text and "Gợi ý câu hỏi" not in text
    cited = builtin_engine.ask("which ministry leads the most tasks")
    assert "\n\nSources:\n[1] " in plain(cited) and "Nguồn:" not in plain(cited)
    vietnamese = builtin_engine.ask("bộ nào nhiều nhiệm vụ nhất")
    assert vietnamese.language == "vi" and "\n\nNguồn:\n[1] " in plain(vietnamese)


@pytest.mark.parametrize(
    ("question", "held"),
    [
        ("how many laws were passed in 2024 for res 57", "2025"),  # the national figures are of 2025
        ("phu tho grdp growth 2024", "2025"),  # "tổng sản phẩm" (GRDP) asks no task's output
    ],
)
def test_a_figure_asked_for_a_year_the_rows_do_not_hold_is_an_honest_not_found(builtin_engine, question, held):
    answer = builtin_engine.ask(question)
    assert answer.status == "not_found"
    assert answer.text.startswith(f"The available data has no figures for 2024; the nearest it has (year {held}):")


def test_a_figure_of_a_document_numbered_with_a_year_is_not_read_as_that_year(builtin_engine):
    answer = builtin_engine.ask("nd 69/2024 ban hanh ngay may")
    assert "không có số liệu năm 2024" not in answer.text


def test_a_yes_no_question_is_decided_by_the_sentence_holding_all_it_asserts(builtin_dense_engine):
    """Two sentences name the centres; only "Ở cấp bộ không có Trung tâm …" holds the ministry level."""
    answer = builtin_dense_engine.ask("does the ministry level have a public administrative service centre")
    assert answer.text.startswith("No.")
    assert "Ở cấp bộ không có Trung tâm Phục vụ hành chính công." in answer.text.split("\n")[1]


def test_a_database_named_by_a_glossary_phrase_asks_for_no_population_figure(builtin_dense_engine):
    answer = builtin_dense_engine.ask("what is the national population database")
    assert answer.status == "answered"
    assert "Cơ sở dữ liệu quốc gia về dân cư" in answer.text


def test_people_asked_about_are_counted_by_the_word_the_source_counts_them_by(builtin_dense_engine):
    """ "how many citizens" reads "bao nhiêu người dân"; the source counts "98 triệu công dân"."""
    answer = builtin_dense_engine.ask("how many citizens had a personal id number by jan 2022")
    assert answer.text.startswith("According to the cited Vietnamese source: about 98 million.")


def test_the_targets_an_agency_monitors_are_listed_with_their_values(builtin_engine):
    answer = builtin_engine.ask("which targets does the state bank monitor")
    lines = answer.text.split("\n")
    assert lines[0].startswith("There are 2 targets to 2030 monitored by Ngân hàng Nhà nước (State Bank of Vietnam)")
    assert lines[1] == "1. Tỉ lệ giao dịch không dùng tiền mặt: ≥ 80% (indicator 12, by 2030)"
    assert lines[2].startswith("2. Dân số từ 15 tuổi trở lên có tài khoản ngân hàng: ≥ 95%")


def test_who_heads_a_body_is_the_person_of_the_clause_naming_its_head(builtin_dense_engine):
    """ "Quyết định của Bộ Chính trị thành lập Ban Chỉ đạo Trung ương …. Tổng Bí thư Tô Lâm làm Trưởng Ban …": the
    Politburo shares more words with the question, Tô Lâm holds the office asked for."""
    answer = builtin_dense_engine.ask("who heads the central steering committee on science and technology")
    assert answer.text.startswith("According to the cited Vietnamese source: General Secretary Tô Lâm.")


def test_the_highest_of_a_measure_is_its_first_rank(builtin_engine):
    answer = builtin_engine.ask("highest pii score 2025")
    assert answer.text.startswith("Hà Nội ranked 1st of 34 provinces and cities")
    assert "65.68 points" in answer.text.split("\n")[0]


def test_an_office_named_with_nothing_else_asked_asks_who_holds_it(builtin_dense_engine):
    answer = builtin_dense_engine.ask("phu tho party chief")
    assert answer.text.startswith("According to the cited Vietnamese source: Phạm Đại Dương.")


def test_an_english_question_of_when_something_started_running_reads_as_since_when(builtin_dense_engine):
    answer = builtin_dense_engine.ask("when did vneid start running")
    assert answer.text.startswith("According to the cited Vietnamese source: July 2022.")


@pytest.mark.parametrize("question", ["au co overdue tasks?", "vinh yen overdue tasks?"])
def test_a_question_english_but_for_a_communes_name_is_answered_in_english(builtin_engine, question):
    """ "au co" is spelt like Vietnamese syllables, yet it is a name: it says nothing of the language."""
    answer = builtin_engine.ask(question, role="official", today=date(2026, 2, 10))
    assert answer.language == "en"
    assert answer.text.startswith("There are no tasks of Phường")


def test_a_person_typed_in_lower_case_counts_for_neither_language():
    assert read_text("did pham minh chinh sign res 03").language == "en"
    assert read_text("pham minh chinh ky nghi quyet 03 a").language == "vi"


@pytest.mark.parametrize("question", ["app vneid ko vao dc", "dang ky ket hon online ntn", "vssid xem o dau"])
def test_loanwords_and_app_names_in_chat_count_for_neither_language(question):
    """ "app", "online", "vneid" (data/loanwords.txt) are typed among Vietnamese words; one of them and a
    Vietnamese syllable or two is no English question."""
    assert read_text(question).language == "vi"


def test_an_english_question_with_a_loanword_stays_english():
    assert read_text("how do i apply online for a new id card").language == "en"
    assert read_text("what is the vneid app").language == "en"


def test_did_a_person_sign_a_document_is_decided_by_its_recorded_signer(builtin_engine):
    """NQ 03 was signed by Deputy PM Nguyễn Hòa Bình for the PM; a sentence about NQ 71 signed by Phạm Minh
    Chính does not make it a yes."""
    assert builtin_engine.ask("did pham minh chinh sign res 03").text.startswith("No.")
    assert builtin_engine.ask("Phạm Minh Chính ký nghị quyết 03 à").text.startswith("Không.")
    assert builtin_engine.ask("did nguyen hoa binh sign res 03").text.startswith("Yes.")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("how many tasks is the transport ministry leading", "bộ giao thông vận tải"),
        ("MONRE how many tasks", "bộ tài nguyên và môi trường"),
        ("how many tasks does the health department lead", "sở y tế"),
        ("is hoa binh ward's land data task done yet", "phường hoa binh dữ liệu đất đai"),
        ("who chairs the central steering committee", "ai làm trưởng ban chỉ đạo trung ương"),
    ],
)
def test_english_names_bodies_and_places_in_its_own_order(typed, read):
    """ "X ministry", "X department", "<name> ward" are read as the Vietnamese names them; two glossary readings
    meeting on one word ("làm trưởng ban" + "ban chỉ đạo") write it once."""
    assert read in translate_english(typed)


def test_a_bare_noun_phrase_of_tasks_asks_for_the_list(builtin_engine):
    answer = builtin_engine.ask("ministry of culture tasks?")
    assert answer.text.startswith("There are 2 tasks led by Bộ Văn hóa, Thể thao và Du lịch")
    answer = builtin_engine.ask("tam dao done tasks?", role="official", today=date(2026, 2, 10))
    assert answer.text.startswith("There are 2 tasks of Xã Tam Đảo completed")


def test_tasks_due_in_a_year_the_figures_lack_are_counted_from_the_registers(builtin_engine):
    assert builtin_engine.ask("how many tasks are due in 2028").text.startswith("There are 3 tasks due in 2028")
    assert builtin_engine.ask("có bao nhiêu nhiệm vụ hạn năm 2028").text.startswith("Có 3 nhiệm vụ có hạn năm 2028")


def test_what_a_thing_is_used_for_follows_its_definition(builtin_engine):
    answer = builtin_engine.ask("what is vneid used for")
    assert answer.status == "answered"
    assert "VNeID là ứng dụng" in answer.text
    assert "được dùng để thực hiện dịch vụ công trực tuyến" in answer.text


@pytest.mark.parametrize("question", ["how do I get a chip id card", "làm thẻ căn cước gắn chip như thế nào"])
def test_how_to_get_a_card_no_guide_describes_is_not_answered_with_what_the_card_is_worth(builtin_engine, question):
    assert builtin_engine.ask(question).status == "not_found"


def test_when_a_document_came_out_is_its_date(builtin_engine):
    assert builtin_engine.ask("when did res 03 come out").text.startswith("Resolution 03/NQ-CP was issued on 9 January")


def test_who_heads_a_body_is_not_answered_with_the_ministers_heading_its_sub_committees(builtin_dense_engine):
    """ "Ban Chỉ đạo có 3 tiểu ban: Đề án 06 (Bộ trưởng Bộ Công an), …" names other offices' holders only."""
    answer = builtin_dense_engine.ask(
        "who chairs the government steering committee on science and technology and project 06"
    )
    assert answer.text.startswith("According to the cited Vietnamese source: Thủ tướng (Prime minister).")
    answer = builtin_dense_engine.ask("who chairs phu tho provincial people's committee")
    assert answer.text.startswith("According to the cited Vietnamese source: Trần Duy Đông.")


@pytest.mark.parametrize("question", ["who signed decree 118", "ai ký nghị định 118"])
def test_who_signed_a_document_is_not_answered_by_a_sentence_naming_no_person(builtin_engine, question):
    assert builtin_engine.ask(question).status == "not_found"


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("share of online dossiers per day in phu tho", "In Phú Thọ, the rate online dossiers per day is 90–93%"),
        ("how many s&t enterprises are there in vietnam", "The whole country has 858 science and technology"),
        ("is hanoi first in pii 2025", "Yes. In 2025, Hà Nội ranked 1st of 34"),
    ],
)
def test_english_figures_read_share_vietnam_and_first_in(builtin_engine, question, first):
    assert builtin_engine.ask(question).text.startswith(first)


def test_a_count_lead_reads_a_year_as_part_of_the_measure(builtin_engine):
    """ "mục tiêu tăng trưởng GDP năm 2025 là 8,3%": the year belongs to the words of 8.3%, which the question
    shares, not to a number standing between them."""
    answer = builtin_engine.ask("whats vietnam's gdp growth target for 2025")
    assert answer.text.startswith("According to the cited Vietnamese source: 8.3%.")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Does the portal let me track my application?", "theo dõi hồ sơ"),
        ("how many software systems are in use in party agencies", "phần mềm hệ thống đưa vào sử dụng"),
        ("is the ministry of home affairs a partner in the emulation movement task", "phối hợp phong trào thi đua"),
    ],
)
def test_english_words_of_services_and_tasks_are_read_through_the_glossary(typed, read):
    assert read in translate_english(typed)


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("who issued res 71", "Resolution 71/NQ-CP was issued by Chính phủ (Government) on 1 April 2025."),
        ("nghị quyết 71 do ai ban hành", "Nghị quyết 71/NQ-CP do Chính phủ ban hành ngày 01/04/2025."),
        ("did pham minh chinh sign res 03", "No. Resolution 03/NQ-CP was signed by"),
    ],
)
def test_who_issued_a_document_is_its_recorded_issuer_not_its_signer(builtin_engine, question, first):
    assert builtin_engine.ask(question).text.startswith(first)


def test_a_bare_noun_phrase_with_a_status_lists_those_tasks(builtin_engine):
    answer = builtin_engine.ask("viet tri ward tasks in progress?", role="official", today=date(2026, 2, 10))
    assert answer.text.startswith("There are 4 tasks of Phường Việt Trì in progress")


def test_who_leads_is_the_person_in_the_role_position_not_another_body_the_sentences_name(builtin_dense_engine):
    """ "Ban Chỉ đạo … do đồng chí Trần Cẩm Tú, Ủy viên Bộ Chính trị, …, làm Trưởng ban. Văn phòng Trung ương
    Đảng là cơ quan thường trực …": the chair is the one "làm Trưởng ban", not the standing office."""
    answer = builtin_dense_engine.ask("who chairs the steering committee for digital transformation in party agencies")
    assert answer.text.startswith("According to the cited Vietnamese source: Trần Cẩm Tú.")


def test_the_role_holder_is_read_before_or_after_the_role_word():
    from retrieval.english_lead import _role_holder

    assert _role_holder("do đồng chí Trần Cẩm Tú, Ủy viên Bộ Chính trị, làm Trưởng ban", frozenset()) == "Trần Cẩm Tú"
    assert (
        _role_holder("Theo Quyết định 598, Thủ tướng làm Trưởng Ban Chỉ đạo", frozenset({"truong ban"})) == "Thủ tướng"
    )
    assert _role_holder("Nhiệm vụ X do Bộ Nội vụ chủ trì", frozenset()) == "Bộ Nội vụ"
    assert _role_holder("Phó Thủ tướng Nguyễn Hòa Bình là Phó Trưởng ban", frozenset({"truong ban"})) is None


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        (
            "when did the national public service portal launch",
            "The National Public Service Portal was launched on 9 December 2019.",
        ),
        ("when was decision 598 signed", "Decision 598 was signed on 13 March 2025."),
    ],
)
def test_a_when_lead_is_a_sentence_of_the_subject_its_event_and_the_date(builtin_dense_engine, question, lead):
    assert builtin_dense_engine.ask(question).text.split("\n", 1)[0] == lead


def test_a_when_lead_without_a_subject_it_can_say_gives_the_date_alone(builtin_dense_engine):
    """ "vneid" is not a glossary phrase or a document: no guessed capitals, the date as the source says."""
    answer = builtin_dense_engine.ask("when did vneid start running")
    assert answer.text.startswith("According to the cited Vietnamese source: July 2022.")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("who ranked 4th in pii 2025", "Hải Phòng ranked 4th of 34 provinces and cities"),
        ("pii 2025 who ranked 2nd", "TP. Hồ Chí Minh ranked 2nd of 34"),  # "ai xếp thứ 2": the figures' rank rows
        ("who was 5th in pii 2025", "Huế ranked 5th of 34"),
    ],
)
def test_who_holds_a_place_in_a_ranking_is_the_one_ranked_there(builtin_dense_engine, question, first):
    assert builtin_dense_engine.ask(question).text.startswith(first)


def test_a_prose_rank_lead_names_the_one_the_sentence_ranks_at_the_place_asked():
    from retrieval.english_lead import _rank_line
    from retrieval.query import read_text

    texts = ["Năm 2025, Quảng Ninh xếp thứ 3/34 tỉnh, thành về PII.", "Năm 2025, Hải Phòng xếp thứ 4/34 tỉnh, thành."]
    assert (
        _rank_line(read_text("who ranked 4th in pii 2025"), texts) == "Hải Phòng ranked 4th of 34 provinces and cities."
    )
    assert _rank_line(read_text("who ranked 6th in pii 2025"), texts) is None


def test_a_terse_question_of_a_counted_noun_leads_with_its_count(builtin_dense_engine):
    """No asking word: "res 57 tasks completed nationwide" asks how many, the row says 1.227/1.298."""
    answer = builtin_dense_engine.ask("res 57 tasks completed nationwide end of 2025?")
    assert answer.text.startswith("According to the cited Vietnamese source: 1,227/1,298 tasks.")


def test_no_lead_line_when_no_value_can_be_read_rather_than_an_empty_according_to():
    from retrieval.english_lead import english_lead
    from retrieval.query import read_text

    index = SimpleNamespace(documents={})
    hit = SimpleNamespace(document=SimpleNamespace(doc_id="x", title="Báo cáo"))
    chosen = [(hit, ["Kết quả được nhiều báo đưa tin."])]
    assert english_lead(index, read_text("who was 2nd in pii 2025"), chosen) is None


def test_hcmc_as_expats_type_it_is_ho_chi_minh_city(builtin_engine):
    answer = builtin_engine.ask("hcmc pii 2025 score")
    assert answer.text.startswith("In 2025, TP. Hồ Chí Minh scored 59.33 points")


@pytest.mark.parametrize(
    "question", ["central steering committee on res 57 who is head", "who leads the res 57 central steering cttee"]
)
def test_a_head_named_by_title_only_is_answered_by_the_sentence_naming_the_person(builtin_dense_engine, question):
    """NQ 57 says the Central Steering Committee is headed "by the General Secretary"; the report naming
    him in that office leads, though it does not cite the resolution."""
    answer = builtin_dense_engine.ask(question)
    lead, first = answer.text.split("\n")[:2]
    assert lead == "According to the cited Vietnamese source: General Secretary Tô Lâm."
    assert first.startswith("Tổng Bí thư Tô Lâm làm Trưởng Ban Chỉ đạo Trung ương.")


def test_a_count_lead_says_the_total_its_share_is_of(builtin_dense_engine):
    """ "giao 147 nhiệm vụ; đã hoàn thành 82 nhiệm vụ (55,78%)": 82 is the completed one, 82/147 = 55,78%."""
    answer = builtin_dense_engine.ask("phu tho central tasks completed", role="official")
    assert answer.text.startswith("According to the cited Vietnamese source: 82 of 147 tasks.")


def test_a_signing_lead_names_the_part_of_the_sentence_that_says_signed(builtin_dense_engine):
    answer = builtin_dense_engine.ask("who signed plan 02-kh/bcdtw", role="official")
    assert answer.text.startswith("According to the cited Vietnamese source: Trần Cẩm Tú.")


def test_the_country_named_in_english_is_the_national_scope_of_a_figure(builtin_engine):
    """ "does vietnam have": the national row of that measure, not the 2045 vision's "10 enterprises"."""
    answer = builtin_engine.ask("how many digital technology enterprises does vietnam have")
    assert answer.text.startswith("The whole country has 73,000 digital technology enterprises")


def test_a_motto_or_theme_asked_is_quoted_and_only_for_the_year_it_is_of(builtin_dense_engine):
    """ "Phương châm được nêu là "Hành động đột phá, lan tỏa kết quả"", after "năm 2026 là năm tăng tốc"."""
    answer = builtin_dense_engine.ask("what's phu tho's slogan for 2026", role="official")
    assert answer.text.startswith("According to the cited Vietnamese source: “Hành động đột phá, lan tỏa kết quả”.")
    other_year = builtin_dense_engine.ask("phu tho motto for 2024", role="official")
    assert "“Hành động đột phá" not in other_year.text.split("\n")[0]


@pytest.mark.parametrize(
    ("message", "yes_no"),
    [
        ("hanoi no.1 in the 2025 provincial innovation index?", True),
        ("vneid run by ministry of public security?", True),
        ("vneid level 2 same as chip id card?", True),
        ("hanoi pii 2025?", False),  # a bare topic asks for the figure
        ("top provinces in pii 2025?", False),  # opens with the predicate: a list is asked
        ("which province is no.1 in pii 2025?", False),  # a question word asks for a name
        ("hanoi no.1 in pii 2025", False),  # no question mark
    ],
)
def test_an_english_yes_no_typed_without_its_verb_is_read_by_its_predicate(message, yes_no):
    """data/verbless_yes_no_en.txt: chat drops the "is" of a yes/no question."""
    from retrieval.query import _verbless_yes_no

    assert _verbless_yes_no(message) is yes_no


def test_an_english_deadline_lead_takes_the_leading_tasks_month_not_a_later_rows_date(builtin_dense_engine):
    """ "thời hạn: 03/2025" is a month: the lead says it, rather than the full date of the next cited row
    (a ward's task due 30/6/2026)."""
    answer = builtin_dense_engine.ask("moh task on vneid health book data deadline", role="official")
    assert answer.text.startswith("According to the cited Vietnamese source: March 2025.")


@pytest.mark.parametrize("question", ["national public service portal url", "national public service portal website"])
def test_a_url_or_website_asked_in_english_is_the_web_address(builtin_engine, question):
    answer = builtin_engine.ask(question)
    assert answer.status == "answered" and "dichvucong.gov.vn" in answer.text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Does Resolution 57 target digital economy 30% of GDP by 2030?", "Yes."),
        ("Does Resolution 57 target digital economy 40% of GDP by 2030?", "No."),
    ],
)
def test_a_target_asserted_of_a_resolution_is_compared_with_its_figure(builtin_engine, question, verdict):
    answer = builtin_engine.ask(question, role="official")
    assert answer.text.startswith(verdict)
    assert "55%" not in answer.text.splitlines()[0]  # no other target's value as the lead
