"""What an answer says beside its facts is written for the official or the citizen reading it, not for the
people who keep the corpus: that the NQ 03 programme was replaced is said once, in one plain sentence, and
only where its tasks are read; whether a copy may be a draft is never said; "the source records no status"
only where progress is asked; an English answer repeats in Vietnamese only what its English left out."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from conftest import REPO

from retrieval.config import BUILTIN_CORPUS
from retrieval.load import load_corpus

TODAY = date(2026, 2, 10)
DOCS = {d.doc_id: d for d in load_corpus([BUILTIN_CORPUS])[0]}
TASKS = DOCS["nq03-nhiem-vu"]
NEW = next(d for d in DOCS.values() if d.number == TASKS.superseded_by)  # the replacing resolution
NOTICE = (
    f"Lưu ý: Chương trình theo Nghị quyết 03/NQ-CP đã được thay thế bởi Nghị quyết {NEW.number} ({NEW.date:%d/%m/%Y})."
)
NOTICE_EN = (
    "Note: the programme under Resolution 03/NQ-CP was replaced by"
    f" Resolution {NEW.number} ({NEW.date.day} {NEW.date:%B %Y})."
)
DRAFT = ("dự thảo", "draft")
UNRECORDED = "không ghi tình trạng thực hiện"


def replaced_notes(answer) -> list[str]:
    return [n for n in answer.notes if "thay thế" in n or "replaced" in n or "superseded" in n]


# --- the replaced programme ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Bộ Tài chính chủ trì bao nhiêu nhiệm vụ?",
        "Bộ Tài chính chủ trì những nhiệm vụ nào?",
        "Nhiệm vụ NQ03-001 là gì?",
        "Bộ Tài chính có bao nhiêu nhiệm vụ đã hoàn thành?",
        "Chương trình hành động của Chính phủ thí điểm bản sao số cho đâu?",  # a task said in the text
    ],
)
def test_an_answer_reading_nq03_tasks_says_what_replaced_the_programme_in_one_plain_sentence(builtin_engine, question):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert any(c.source.doc_id.startswith("nq03") for c in answer.citations)
    assert answer.notes == (NOTICE,)  # the replacing resolution and its date as the corpus records them


def test_an_english_answer_says_it_in_english(builtin_engine):
    answer = builtin_engine.ask("How many tasks does the Ministry of Finance lead?", role="official", today=TODAY)
    assert answer.status == "answered"
    assert answer.notes == (NOTICE_EN,)


def test_the_notice_is_said_once_though_several_replaced_documents_are_cited(builtin_engine):
    answer = builtin_engine.ask("Nhóm hoàn thiện thể chế trong Phụ lục II gồm những nhiệm vụ số mấy?", today=TODAY)
    assert {"nq03-nhiem-vu", "nq03-nq-cp"} <= {s.doc_id for s in answer.sources}
    assert replaced_notes(answer) == [NOTICE]


@pytest.mark.parametrize(
    "question",
    [
        "Nghị quyết 03/NQ-CP được ban hành ngày nào?",  # the document's own date stays true
        "Chỉ tiêu Make in Vietnam do bộ nào theo dõi?",  # a target of Appendix I, not a task
        "target for electronic health records by 2030",
        "NQ 71 có thay thế NQ 03 ko",  # the answer says the replacement itself
        "ngân sách tỉnh chi cho KHCN năm 2026 bao nhiêu tiền",  # targets; "giao dịch" assigns nothing
    ],
)
def test_an_answer_citing_nq03_without_reading_its_tasks_carries_no_notice(builtin_engine, question):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered"
    assert any(s.superseded_by for s in answer.sources)
    assert replaced_notes(answer) == []


@pytest.mark.parametrize(
    "question",
    [
        "Bộ Tài chính chủ trì bao nhiêu nhiệm vụ?",
        "How many tasks does the Ministry of Finance lead?",
        "Chỉ tiêu tỷ lệ dân số trưởng thành có chữ ký số đến 2030 là bao nhiêu?",
        "target for electronic health records by 2030",
        "Phụ lục I của NQ03 có bao nhiêu chỉ tiêu đến năm 2030?",
    ],
)
def test_no_answer_says_its_copy_may_be_a_draft(builtin_engine, question):
    """Whether the copy is a draft is how far the facts are confirmed (sources[].confidence), not a note."""
    body = builtin_engine.ask(question, role="official", today=TODAY).body().lower()
    assert not any(word in body for word in DRAFT)


def test_a_replaced_text_outside_the_corpus_is_named_by_its_number(mini_engine):
    answer = mini_engine.ask("Ai phải nạo vét kênh mương thủy lợi?")
    assert answer.status == "answered"
    assert answer.notes == ("Lưu ý: Kế hoạch cũ về thủy lợi đã được thay thế bởi 15/KH-UBND.",)


# --- "the source records no status" ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["Bộ Tài chính chủ trì bao nhiêu nhiệm vụ?", "Bộ Tài chính chủ trì những nhiệm vụ nào?"]
)
def test_a_count_or_list_that_asks_no_progress_says_nothing_of_status(builtin_engine, question):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith("Có 17 nhiệm vụ do Bộ Tài chính chủ trì")
    assert "tình trạng" not in answer.body()


@pytest.mark.parametrize(
    "question",
    ["Tiến độ các nhiệm vụ của Bộ Tài chính thế nào?", "Bộ Tài chính có bao nhiêu nhiệm vụ đã hoàn thành?"],
)
def test_a_question_about_progress_is_told_the_register_records_none(builtin_engine, question):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert UNRECORDED in answer.text.split("\n")[0]


# --- English figures ------------------------------------------------------------------------------------


def figure_row(indicator: str, scope: str) -> dict:
    with open(REPO / "corpus" / "indicators" / "so-lieu-bao-cao.csv", encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f) if r["Chỉ số"] == indicator and r["Phạm vi"] == scope)


def test_an_english_figure_said_whole_is_not_repeated_in_vietnamese(builtin_engine):
    answer = builtin_engine.ask("How many communes and wards does Phú Thọ have?")
    assert answer.status == "answered"
    assert "148 commune-level administrative units (comprising 133 communes and 15 wards)" in answer.text
    assert "In Vietnamese" not in answer.text


def test_what_the_english_leaves_out_is_said_as_the_vietnamese_row_says_it(builtin_engine):
    note = figure_row("PII 2025 - điểm", "Hà Nội")["Ghi chú"]  # "năm thứ ba liên tiếp đứng đầu; …"
    answer = builtin_engine.ask("What was Hanoi's PII score in 2025?")
    english, vietnamese = answer.text.splitlines()[:2]
    assert english.startswith("In 2025, Hà Nội scored 65.68 points")
    assert vietnamese.startswith("In Vietnamese: ") and note in vietnamese


@pytest.mark.parametrize(
    ("question", "said"),
    [("how many people live in phu tho", "population"), ("phu tho area rank", "on area")],
)
def test_an_english_answer_names_the_detail_asked_in_english(builtin_engine, question, said):
    """ "population" in the English line is the detail "dân số" asked for: no Vietnamese line is needed."""
    answer = builtin_engine.ask(question)
    assert answer.status == "answered"
    assert said in answer.text and "In Vietnamese" not in answer.text
