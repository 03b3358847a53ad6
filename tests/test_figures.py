"""Reported figures are said as a clerk's sentence built from the row's cells (retrieval/figures.py),
checked on every row of the built-in figure table."""

import csv
from datetime import date

import pytest
from conftest import REPO

from retrieval.figures import as_of_line, figure_sentences, to_english, vn_number
from retrieval.registers import Figure

TABLE = REPO / "corpus" / "indicators" / "so-lieu-bao-cao.csv"


def figures() -> list[Figure]:
    with open(TABLE, encoding="utf-8") as f:
        return [
            Figure("so-lieu-bao-cao", n, r["Mã"], r["Chỉ số"], r["Phạm vi"], r["Giá trị"], r["Tổng số"], r["Đơn vị"],
                   date.fromisoformat(r["Tính đến"]), r["Ghi chú"], r["Nguồn"], "public", r["Độ tin cậy"])
            for n, r in enumerate(csv.DictReader(f))
        ]  # fmt: skip


def by_code(*codes: str) -> list[Figure]:
    return [r for r in figures() if r.code in codes]


@pytest.mark.parametrize("english", [False, True])
def test_every_row_is_one_sentence_holding_its_value_never_a_label(english):
    for r in figures():
        (sentence,) = figure_sentences([r], english)
        value = vn_number(r.value) if not english else f"{float(r.value):,.{len(r.value.partition('.')[2])}f}"
        assert value in sentence, (r.code, sentence)
        assert f"{r.indicator} (" not in sentence and "): " not in sentence, sentence  # no "Chỉ số (Nơi): …"
        assert sentence[0].isupper()


def test_score_rank_and_a_disagreement_of_one_indicator_are_one_sentence():
    score, rank, up2, up5 = by_code("PII-2025-PT-D", "PII-2025-PT-H", "PII-2025-PT-TB1", "PII-2025-PT-TB2")
    (sentence,) = figure_sentences([score, rank, up2, up5])
    assert sentence == (
        f"Năm 2025, Phú Thọ đạt {vn_number(score.value)} điểm Chỉ số Đổi mới sáng tạo cấp địa phương (PII), "
        f"xếp thứ {rank.value}/{rank.total} tỉnh, thành; hai nguồn ghi khác nhau về số bậc tăng so với năm trước: "
        f"tăng {up2.value} bậc (sokhoahoccongnghe.phutho.gov.vn) / tăng {up5.value} bậc (Báo Tiền Phong)"
    )
    (english,) = figure_sentences([score, rank], english=True)
    assert english == (
        f"In 2025, Phú Thọ scored {score.value} points on the Provincial Innovation Index (PII), "
        f"ranked {rank.value}th of {rank.total} provinces and cities"
    )


def test_a_lower_and_an_upper_bound_are_one_range():
    low, high = by_code("PT-DVC-2025-01", "PT-DVC-2025-02")
    assert figure_sentences([low, high]) == [
        f"Tại Phú Thọ, tỷ lệ hồ sơ trực tuyến hằng ngày là {low.value}–{high.value}%"
    ]


def test_a_count_keeps_its_composition_and_english_says_it_in_english():
    (units,) = by_code("PT-HC-01")
    assert figure_sentences([units]) == [f"Phú Thọ có {units.value} đơn vị hành chính cấp xã ({units.note})"]
    assert figure_sentences([units], english=True) == [
        f"Phú Thọ has {units.value} commune-level administrative units (comprising 133 communes and 15 wards)"
    ]


def test_english_words_are_given_only_when_every_word_is_known():
    assert to_english("đơn vị hành chính cấp xã") == "commune-level administrative units"
    assert to_english("số hồ sơ đảng viên đã làm sạch") is None  # a half-translated label is worse


def test_the_date_and_the_sources_are_said_once():
    rows = by_code("PII-2025-PT-D", "PII-2025-PT-H")
    assert as_of_line(rows) == "Số liệu tính đến 01/10/2025, theo baophutho.vn và sokhoahoccongnghe.phutho.gov.vn."
    assert as_of_line(rows, english=True).startswith("Figures as of 1 October 2025, according to baophutho.vn")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("Phú Thọ hoàn thành bao nhiêu nhiệm vụ tính đến 25/10/2025", "Phú Thọ đã hoàn thành 82/147 nhiệm vụ"),
        # no share asked: the count done of the total first, not the 100% share of tasks due
        ("phu tho tasks done as of 25 oct 2025", "Phú Thọ completed 82 of 147 tasks"),
        # the tasks the Centre assigned are the Resolution 57 tasks (the row's note says so)
        ("Phú Thọ hoàn thành bao nhiêu nhiệm vụ NQ57 tính đến 25/10/2025?", "Phú Thọ đã hoàn thành 82/147 nhiệm vụ"),
    ],
)
def test_a_day_named_in_the_question_picks_the_figures_reported_that_day(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official")
    assert answer.text.startswith(first)
    assert "163" not in answer.text  # reported on 13/01/2026


@pytest.mark.parametrize(
    ("folded", "span"),
    [("grdp quy 4/2025 phu tho", "quý IV"), ("grdp quy iii nam 2025", "quý III"), ("grdp growth q3 2025", "quý III")],
)
def test_a_quarter_is_a_part_of_the_year_a_figure_must_be_of(folded, span):
    from retrieval.figures import span_en, span_words

    assert span_words(folded)[0] == span
    assert span_en(span) == f"Q{['I', 'II', 'III', 'IV'].index(span[4:]) + 1}"


def test_a_quarters_figure_the_table_lacks_is_said_missing_with_the_part_it_holds(builtin_engine):
    answer = builtin_engine.ask("grdp quy 4/2025 phu tho", role="official")
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có số liệu quý IV/2025; số liệu hiện có là 9 tháng đầu năm:")


@pytest.mark.parametrize("english", [False, True])
def test_a_verb_is_said_once_for_clauses_that_follow_each_other_with_it(english):
    """Huế's PII 2025 score, input and output scores: "đạt 49,37 điểm, 51,50 điểm đầu vào …", never
    "đạt …, đạt …, đạt …"."""
    sentence = figure_sentences(by_code("PII-2025-HUE-D", "PII-2025-HUE-DV", "PII-2025-HUE-DR"), english)[0]
    verb = "scored " if english else "đạt "
    assert sentence.count(verb) == 1, sentence
    assert ("51.50" if english else "51,50") in sentence and ("47.23" if english else "47,23") in sentence
