"""Exact answers about registers and figures, checked against counts computed straight from the CSV files."""

import csv
import re
from collections import Counter
from datetime import date

import pytest
from conftest import REPO

from retrieval.question import folded
from retrieval.wording import lower_level

TODAY = date(2026, 2, 10)
TASKS = REPO / "corpus" / "registers" / "nq03-nhiem-vu.csv"
COMMUNES = REPO / "corpus" / "registers" / "phu-tho-xa-phuong.csv"


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def due(row):
    return date.fromisoformat(row["Ngày đến hạn"]) if row["Ngày đến hạn"] else None


def ids_in(answer):
    return set(re.findall(r"\b((?:NQ03|PT)-[A-Z]*-?\d+)\b", answer.text + "\n".join(answer.more)))


@pytest.mark.parametrize(
    ("typed", "agency"),
    [
        ("Bộ Tài chính", "Bộ Tài chính"),
        ("Bộ KH&CN", "Bộ Khoa học và Công nghệ"),
        ("bo khoa hoc cong nghe", "Bộ Khoa học và Công nghệ"),
        ("Bộ Giáo dục và Đào tạo", "Bộ Giáo dục và Đào tạo"),
        ("Bộ Công an", "Bộ Công an"),
    ],
)
def test_count_of_tasks_an_agency_leads(builtin_engine, typed, agency):
    expected = [r for r in rows(TASKS) if folded(agency) in folded(r["Cơ quan chủ trì"])]
    answer = builtin_engine.ask(f"{typed} chủ trì bao nhiêu nhiệm vụ?", today=TODAY)
    assert answer.status == "answered"
    assert answer.text.startswith(f"Có {len(expected)} nhiệm vụ do {agency} chủ trì")  # the number first
    assert answer.sources[0].doc_id == "nq03-nhiem-vu"
    assert any("thay thế bởi Nghị quyết 71/NQ-CP" in n for n in answer.notes)  # the replacing text, named


@pytest.mark.parametrize("question", ["Những nhiệm vụ nào hạn 6/2025?", "nhung nhiem vu nao han 6/2025"])
def test_tasks_due_in_a_month_are_all_listed(builtin_engine, question):
    expected = {r["Mã"] for r in rows(TASKS) if due(r) and (due(r).year, due(r).month) == (2025, 6)}
    answer = builtin_engine.ask(question, today=TODAY)
    assert f"Có {len(expected)} nhiệm vụ có hạn tháng 6/2025" in answer.text
    assert ids_in(answer) == expected
    assert len(answer.more) == len(expected) - 8 and "và 6 nhiệm vụ khác" in answer.text


def test_a_deadline_written_only_as_a_year_is_not_in_a_month_or_quarter(builtin_engine):
    """ "2025" is due by 31/12/2025 but names no month: it is not "hạn tháng 12/2025"."""
    month = [r for r in rows(TASKS) if due(r) and (due(r).year, due(r).month) == (2025, 12)]
    written = {r["Mã"] for r in month if "/" in r["Thời hạn"] or "quý" in r["Thời hạn"].lower()}
    assert len(written) < len(month)
    answer = builtin_engine.ask("Nhiệm vụ nào có hạn tháng 12/2025?", today=TODAY)
    assert f"Có {len(written)} nhiệm vụ có hạn tháng 12/2025" in answer.text
    assert {i for i in ids_in(answer) if i.startswith("NQ03")} == written
    year = builtin_engine.ask("Nhiệm vụ nào có hạn năm 2025?", today=TODAY)
    assert f"Có {sum(due(r) is not None and due(r).year == 2025 for r in rows(TASKS))} nhiệm vụ" in year.text


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("Bộ KH&CN có bao nhiêu nhiệm vụ NQ 03 đến hạn trong 6 tháng đầu năm 2025?", "Có {n} nhiệm vụ do Bộ Khoa"),
        ("how many MoST tasks are due in the first half of 2025", "There are {n} tasks led by Bộ Khoa"),
    ],
)
def test_a_half_year_counts_the_deadlines_written_with_a_month_in_it(builtin_engine, question, lead):
    """ "6 tháng đầu năm 2025" is January to June: a task due "2025" (by 31/12) names no month, so is not in it."""
    half = {
        r["Mã"]
        for r in rows(TASKS)
        if due(r)
        and date(2025, 1, 1) <= due(r) <= date(2025, 6, 30)
        and "Bộ Khoa học và Công nghệ" in r["Cơ quan chủ trì"]
        and ("/" in r["Thời hạn"] or "quý" in r["Thời hạn"].lower())
    }
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert half and answer.text.startswith(lead.format(n=len(half)))
    assert "half of 2025" in answer.text.split("\n")[0] or "6 tháng đầu năm 2025" in answer.text.split("\n")[0]


def test_a_month_count_says_which_deadlines_are_written_as_its_quarter(builtin_engine):
    """ "Quý II/2025" ends on 30/06/2025 but names no month: the count of "tháng 6/2025" says how many are so."""
    june = [r for r in rows(TASKS) if due(r) and (due(r).year, due(r).month) == (2025, 6)]
    quarter = [r for r in june if r["Thời hạn"].lower().startswith("quý")]
    assert quarter and len(quarter) < len(june)
    answer = builtin_engine.ask("Tháng 6/2025 có bao nhiêu nhiệm vụ Phụ lục II đến hạn?", role="official", today=TODAY)
    first = answer.text.split("\n")[0]
    assert first.startswith(f"Có {len(june)} nhiệm vụ có hạn tháng 6/2025")
    assert (
        f"gồm {len(june) - len(quarter)} nhiệm vụ ghi hạn tháng 6/2025 và {len(quarter)} nhiệm vụ ghi hạn Quý II/2025"
        in first
    )
    english = builtin_engine.ask("How many tasks are due in June 2025?", today=TODAY)
    assert (
        f": {len(june) - len(quarter)} with a deadline in June 2025 and {len(quarter)} with the deadline Q2 2025"
        in english.text
    )


def test_register_answers_read_as_sentences_not_rows(builtin_engine):
    answer = builtin_engine.ask("Bộ Nội vụ chủ trì những nhiệm vụ nào?", today=TODAY)
    led = [r for r in rows(TASKS) if folded("Bộ Nội vụ") in folded(r["Cơ quan chủ trì"])]
    assert answer.text.startswith(f"Có {len(led)} nhiệm vụ do Bộ Nội vụ chủ trì theo Danh mục 140 nhiệm vụ")
    assert "Mã:" not in answer.text and " | " not in answer.text
    items = [line for line in answer.text.splitlines() if re.match(r"\d+\. ", line)]
    assert items and all("; hạn: " in line for line in items)


def test_national_register_never_calls_a_task_done_or_overdue(builtin_engine):
    agency = "Bộ Khoa học và Công nghệ"
    expected = {
        r["Mã"] for r in rows(TASKS) if folded(agency) in folded(r["Cơ quan chủ trì"]) and due(r) and due(r) < TODAY
    }
    answer = builtin_engine.ask("Nhiệm vụ nào của Bộ KH&CN đã quá hạn?", today=TODAY)
    assert f"Có {len(expected)} nhiệm vụ do {agency} chủ trì đã đến hạn tính đến 10/02/2026" in answer.text
    assert "chưa có dữ liệu tình trạng" in answer.text
    assert "quá hạn" not in answer.text
    assert ids_in(answer) == expected


@pytest.mark.parametrize("status", ["đang thực hiện", "chưa thực hiện", "chưa hoàn thành"])
def test_a_status_the_register_does_not_record_is_said_not_counted_as_zero(builtin_engine, status):
    expected = [r for r in rows(TASKS) if folded("Bộ Tài chính") in folded(r["Cơ quan chủ trì"])]
    answer = builtin_engine.ask(f"Bộ Tài chính có bao nhiêu nhiệm vụ {status}?", role="official", today=TODAY)
    assert answer.status == "not_found"
    assert "không ghi tình trạng thực hiện" in answer.text.split(". ")[0]
    assert f"có {len(expected)} nhiệm vụ do Bộ Tài chính chủ trì" in answer.text
    assert "Không có nhiệm vụ nào" not in answer.text


def test_not_started_is_a_status_of_its_own(builtin_engine):
    public = [r for r in rows(COMMUNES) if r["Truy cập"] == "public"]
    not_started = {r["Mã"] for r in public if r["Tình trạng"] == "Chưa thực hiện"}
    unfinished = {r["Mã"] for r in public if r["Tình trạng"] != "Hoàn thành"}
    assert not_started < unfinished  # the register has tasks in progress too
    answer = builtin_engine.ask("Các xã, phường có bao nhiêu nhiệm vụ chưa thực hiện?", today=TODAY)
    assert answer.text.startswith(f"Có {len(not_started)} nhiệm vụ")
    assert ids_in(answer) == not_started


@pytest.mark.parametrize(
    ("question", "path", "phrase"),
    [
        ("Có bao nhiêu nhiệm vụ về trí tuệ nhân tạo?", TASKS, "trí tuệ nhân tạo"),
        ("co bao nhieu nhiem vu ve tri tue nhan tao", TASKS, "trí tuệ nhân tạo"),
        ("Có bao nhiêu nhiệm vụ số hóa sổ sức khỏe điện tử ở các xã, phường?", COMMUNES, "sổ sức khỏe điện tử"),
    ],
)
def test_a_count_of_tasks_on_a_topic_counts_the_tasks_named_so(builtin_engine, question, path, phrase):
    expected = {r["Mã"] for r in rows(path) if phrase in r["Tên nhiệm vụ"].lower()}
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert 0 < len(expected) < 10
    assert answer.text.startswith(f"Có {len(expected)} nhiệm vụ về ")
    assert ids_in(answer) == expected


@pytest.mark.parametrize(
    "question",
    ["How many tasks does the Ministry of Education and Training lead?", "có bao nhiêu nhiệm vụ Bộ Nội vụ chủ trì"],
)
def test_an_agency_after_tasks_is_the_lead_not_a_topic(builtin_engine, question):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert " on " not in answer.text.split("\n")[0] and " về " not in answer.text.split("\n")[0]


def test_a_group_is_not_read_as_a_topic(builtin_engine):
    expected = {r["Mã"] for r in rows(TASKS) if r["Nhóm"] == "VII"}
    answer = builtin_engine.ask("Nhóm VII hợp tác quốc tế gồm bao nhiêu nhiệm vụ?", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(expected)} nhiệm vụ thuộc nhóm VII")


def test_overdue_depends_on_the_injected_today(builtin_engine):
    early = builtin_engine.ask("Nhiệm vụ nào của Bộ KH&CN đã quá hạn?", today=date(2025, 4, 1))
    late = builtin_engine.ask("Nhiệm vụ nào của Bộ KH&CN đã quá hạn?", today=TODAY)
    assert len(ids_in(early)) < len(ids_in(late))


def test_commune_register_uses_its_status_for_overdue(builtin_engine):
    expected = {
        r["Mã"]
        for r in rows(COMMUNES)
        if r["Truy cập"] == "public" and due(r) and due(r) < TODAY and r["Tình trạng"] != "Hoàn thành"
    }
    answer = builtin_engine.ask("Những nhiệm vụ nào của các xã đã quá hạn?", today=TODAY)
    assert expected and expected <= ids_in(answer)
    assert "tình trạng: Hoàn thành" not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Nhiệm vụ nào quá hạn?",
        "co nhiem vu nao qua han ko",
        "Which tasks are overdue?",
        "số nhiệm vụ quá hạn",  # "số" is no "Sở": a count, not a department's
        "toàn tỉnh có bao nhiêu nhiệm vụ xã bị quá hạn",  # the whole province, the commune level: no scope missed
    ],
)
def test_overdue_without_a_scope_answers_from_the_register_that_records_progress_first(builtin_engine, question):
    overdue = {
        r["Mã"]
        for r in rows(COMMUNES)
        if r["Truy cập"] == "public" and due(r) and due(r) < TODAY and r["Tình trạng"] != "Hoàn thành"
    }
    reached = {r["Mã"] for r in rows(TASKS) if due(r) and due(r) < TODAY}
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    if "xã" in question:  # the commune level asked: the commune register only
        reached = set()
    first, *rest = answer.text.split("\n")
    # "có … không" is a yes/no question: "Có, 3 nhiệm vụ …"
    says = (f"Có {len(overdue)} nhiệm vụ đã quá hạn", f"Có, {len(overdue)} nhiệm vụ đã quá hạn")
    assert first.startswith((*says, f"There are {len(overdue)} tasks overdue"))
    if reached:
        later = rest[len(overdue)]  # the national register: its count, its rows behind "Xem thêm"
        assert str(len(reached)) in later
        assert "chưa có dữ liệu tình trạng" in later or "records no progress" in later
    assert ids_in(answer) == overdue | reached and len(answer.text) <= 1200


@pytest.mark.parametrize("question", ["Âu Cơ phải làm gì trong quý I/2026?", "au co phai lam gi trong quy 1/2026"])
def test_commune_duties_in_a_quarter(builtin_engine, question):
    mine = [r for r in rows(COMMUNES) if r["Xã/phường"] == "Phường Âu Cơ" and r["Truy cập"] == "public"]
    expected = {
        r["Mã"] for r in mine if date(2026, 1, 1) <= due(r) <= date(2026, 3, 31) and r["Tình trạng"] != "Hoàn thành"
    }
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and ids_in(answer) == expected
    assert answer.sources[0].provenance == "illustrative"
    assert "Số liệu tính đến 31/01/2026." in " ".join(answer.notes)


def test_internal_register_rows_are_counted_only_for_officials(builtin_engine):
    internal = [r for r in rows(COMMUNES) if r["Xã/phường"] == "Xã Tam Đảo" and r["Truy cập"] == "internal"]
    assert internal
    citizen = builtin_engine.ask("Xã Tam Đảo có những nhiệm vụ nào?", today=TODAY)
    official = builtin_engine.ask("Xã Tam Đảo có những nhiệm vụ nào?", role="official", today=TODAY)
    assert not {r["Mã"] for r in internal} & ids_in(citizen)
    assert {r["Mã"] for r in internal} <= ids_in(official)


def test_commune_completion_rate_is_computed(builtin_engine):
    mine = [r for r in rows(COMMUNES) if r["Xã/phường"] == "Phường Âu Cơ" and r["Truy cập"] == "public"]
    done = sum(r["Tình trạng"] == "Hoàn thành" for r in mine)
    answer = builtin_engine.ask("Tỷ lệ hoàn thành nhiệm vụ của phường Âu Cơ?", today=TODAY)
    pct = f"{done / len(mine) * 100:.1f}".replace(".", ",")
    assert f"đã hoàn thành {done}/{len(mine)} nhiệm vụ ({pct}%)" in answer.text  # the share asked
    # asked how many, the count done first, as a clerk writes it ("3 nhiệm vụ trên tổng số 5"), then the share
    answer = builtin_engine.ask("Phường Âu Cơ đã hoàn thành được bao nhiêu nhiệm vụ?", today=TODAY)
    assert f"đã hoàn thành {done} nhiệm vụ trên tổng số {len(mine)} ({pct}%)" in answer.text


FIGURES = REPO / "corpus" / "indicators" / "so-lieu-bao-cao.csv"


def figure(code):
    return next(r for r in rows(FIGURES) if r["Mã"] == code)


def vn(value):
    """A table cell as an answer writes it: decimal comma, dot between thousands."""
    whole, _, frac = value.partition(".")
    return f"{int(whole):,}".replace(",", ".") + ("," + frac if frac else "")


def vn_date(iso):
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    "question", ["Tỷ lệ hoàn thành nhiệm vụ của Phú Thọ?", "ty le hoan thanh nhiem vu cua phu tho"]
)
def test_province_completion_rate_with_its_date_and_source(builtin_engine, question):
    answer = builtin_engine.ask(question, today=TODAY)
    for code in ("PT-NV-2026-01", "PT-NV-2025-01"):  # the latest figure and the earlier one, for comparison
        r = figure(code)
        reported = re.search(r"tỷ lệ ([\d,]+%)", r["Ghi chú"])  # the source's own share, else computed
        share = reported[1] if reported else f"{int(r['Giá trị']) / int(r['Tổng số']) * 100:.1f}%".replace(".", ",")
        assert f"đã hoàn thành {r['Giá trị']}/{r['Tổng số']} " in answer.text
        assert f"đạt {share}" in answer.text
        assert vn_date(r["Tính đến"]) in answer.text
    assert "Tiền Phong" in answer.text
    assert answer.sources[0].doc_id == "so-lieu-bao-cao"


@pytest.mark.parametrize("question", ["Phú Thọ xếp thứ mấy về PII?", "phu tho xep thu may ve chi so PII"])
def test_ranking(builtin_engine, question):
    rank = figure("PII-2025-PT-H")
    answer = builtin_engine.ask(question, today=TODAY)
    first = answer.text.splitlines()[0]
    assert first.startswith(f"Năm 2025, Phú Thọ xếp thứ {rank['Giá trị']}/{rank['Tổng số']} tỉnh, thành về Chỉ số")
    assert f"Số liệu tính đến {vn_date(rank['Tính đến'])}" in answer.text


def test_an_indicator_is_answered_in_one_clerks_sentence(builtin_engine):
    """ "Chỉ số PII 2025 của Phú Thọ": the score and the rank in one sentence, the two sources that
    disagree on the change in places in one clause after them — no label, no row per line."""
    score, rank = figure("PII-2025-PT-D"), figure("PII-2025-PT-H")
    ups = [figure("PII-2025-PT-TB1")["Giá trị"], figure("PII-2025-PT-TB2")["Giá trị"]]
    answer = builtin_engine.ask("Chỉ số PII 2025 của Phú Thọ", today=TODAY)
    first = answer.text.splitlines()[0]
    assert first.startswith(
        f"Năm 2025, Phú Thọ đạt {vn(score['Giá trị'])} điểm Chỉ số Đổi mới sáng tạo cấp địa phương (PII), "
        f"xếp thứ {rank['Giá trị']}/{rank['Tổng số']} tỉnh, thành; hai nguồn ghi khác nhau"
    )
    assert all(f"tăng {n} bậc" in first for n in ups) and " / " in first
    assert "PII 2025 - " not in answer.text and "): " not in answer.text
    assert answer.text.splitlines()[1].startswith(f"Số liệu tính đến {vn_date(score['Tính đến'])}, theo ")


def test_scores_keep_the_reported_digits_with_a_decimal_comma(builtin_engine):
    answer = builtin_engine.ask("PII 2025 của Phú Thọ bao nhiêu điểm?", today=TODAY)
    assert f"{vn(figure('PII-2025-PT-D')['Giá trị'])} điểm" in answer.text.splitlines()[0]


@pytest.mark.parametrize("question", ["Phú Thọ có bao nhiêu xã, phường?", "phu tho co bao nhieu xa phuong"])
def test_a_count_of_communes_and_wards_is_the_commune_level_units_row(builtin_engine, question):
    """ "xã, phường" together are the commune-level units (retrieval/data/figure_words.tsv), not the
    communes alone and not a rate of communes and wards with fibre optics."""
    units = figure("PT-HC-01")
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.text.startswith(f"Phú Thọ có {units['Giá trị']} đơn vị hành chính cấp xã ({units['Ghi chú']})")
    assert "%" not in answer.text and "cáp quang" not in answer.text


def test_a_measure_the_data_names_only_elsewhere_is_not_answered_with_another(builtin_engine):
    answer = builtin_engine.ask("Điểm trụ cột thể chế PII 2025 của Phú Thọ là bao nhiêu?", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có số liệu «trụ cột thể chế» của Phú Thọ")


def test_a_scope_the_data_does_not_have_says_what_it_has(builtin_engine):
    answer = builtin_engine.ask("PII của Nghệ An bao nhiêu điểm?", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có số liệu của")
    assert "Nghệ An" in answer.text.splitlines()[0] and "Phú Thọ" in answer.text


@pytest.mark.parametrize(
    ("question", "code", "when_first"),
    [
        ("Cơ quan nào chủ trì xây dựng Luật Khoa học, công nghệ và đổi mới sáng tạo?", "NQ03-014", False),
        ("NQ03-123 hạn khi nào?", "NQ03-123", True),
    ],
)
def test_one_task_is_said_as_a_sentence_lead_or_deadline_first(builtin_engine, question, code, when_first):
    row = next(r for r in rows(TASKS) if r["Mã"] == code)
    answer = builtin_engine.ask(question, today=TODAY)
    first = answer.text.splitlines()[0]
    if when_first:
        assert first.startswith(f"Nhiệm vụ «{row['Tên nhiệm vụ']}» ({code}) có thời hạn {row['Thời hạn']}")
        assert f"do {row['Cơ quan chủ trì']} chủ trì" in first
    else:
        assert first.startswith(f"{row['Cơ quan chủ trì']} chủ trì nhiệm vụ «{row['Tên nhiệm vụ']}» ({code})")
    assert "Cơ quan chủ trì:" not in answer.text and "Mã:" not in answer.text


@pytest.mark.parametrize(
    "question", ["p vinh yen viec hoc tap so han bao gio", "phuong vinh yen viec hoc tap so khi nao xong"]
)
def test_a_commune_task_described_in_chat_words_is_found(builtin_engine, question):
    """ "p" is the ward typed short and "việc … khi nào xong" asks a task's deadline: neither describes the task."""
    row = next(r for r in rows(COMMUNES) if r["Mã"] == "PT-VYEN-04")
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith(f"Nhiệm vụ «{row['Tên nhiệm vụ']}» (PT-VYEN-04) có thời hạn")


def test_target_from_appendix_one(builtin_engine):
    answer = builtin_engine.ask("Chỉ tiêu tỷ lệ dân số trưởng thành có chữ ký số đến năm 2030 là bao nhiêu?")
    assert "≥ 70%" in answer.text and answer.sources[0].doc_id == "nq03-chi-tieu"


@pytest.mark.parametrize(("year", "value"), [("2030", "≥ 30% GDP"), ("2045", "≥ 50% GDP")])
def test_a_target_of_the_horizon_asked_is_said_value_first(builtin_engine, year, value):
    answer = builtin_engine.ask(f"Chỉ tiêu quy mô kinh tế số năm {year} là bao nhiêu % GDP?")
    assert answer.text.startswith(f"Mục tiêu đến năm {year}: quy mô kinh tế số {value} (chỉ tiêu ")


TARGETS = REPO / "corpus" / "indicators" / "nq03-chi-tieu.csv"
FORMER_MIC = "Bộ Thông tin và Truyền thông"


@pytest.mark.parametrize(
    ("question", "horizon", "agency"),
    [
        ("Phụ lục I NQ 03 có bao nhiêu chỉ tiêu đến năm 2030?", "2030", None),
        ("phu luc 1 co may chi tieu den nam 2045", "2045", None),
        ("Bộ KH&CN theo dõi bao nhiêu chỉ tiêu đến năm 2030?", "2030", "Bộ Khoa học và Công nghệ"),
    ],
)
def test_a_count_of_targets_is_counted_from_the_rows(builtin_engine, question, horizon, agency):
    own = [r for r in rows(TARGETS) if not r["Chỉ tiêu cha"] and r["Mốc"] == horizon]  # 11.1… are parts of 11
    if agency:  # Bộ TT&TT, which the table still names, was merged into Bộ KH&CN: its rows count too
        own = [r for r in own if agency in r["Cơ quan theo dõi"] or FORMER_MIC in r["Cơ quan theo dõi"]]
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered"
    assert answer.text.startswith(f"Có {len(own)} chỉ tiêu đến năm {horizon}")
    assert len([c for c in answer.citations if c.number == 1]) == len(own)  # [2]: a text stating it otherwise


@pytest.mark.parametrize(
    "question", ["bo kh&cn theo doi bao nhieu chi tieu", "Bộ Khoa học và Công nghệ theo dõi mấy chỉ tiêu?"]
)
def test_a_ministry_counts_the_targets_the_table_lists_under_the_ministry_merged_into_it(builtin_engine, question):
    """The table names the ministries of 2025: Bộ TT&TT's targets are Bộ KH&CN's now. The count says so in one
    clause, the former name once."""
    top = [r for r in rows(TARGETS) if not r["Chỉ tiêu cha"]]
    own = [r for r in top if "Bộ Khoa học và Công nghệ" in r["Cơ quan theo dõi"]]
    former = [r for r in top if FORMER_MIC in r["Cơ quan theo dõi"]]
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    first = answer.text.split("\n")[0]
    assert first.startswith(f"Có {len(own) + len(former)} chỉ tiêu do Bộ Khoa học và Công nghệ theo dõi")
    assert f"tính cả {len(former)} chỉ tiêu bảng còn ghi {FORMER_MIC}, nay đã hợp nhất vào bộ này" in first
    assert answer.text.count(FORMER_MIC) == 1
    assert len([c for c in answer.citations if c.number == 1]) == len(own) + len(former)


def test_a_text_that_states_the_count_otherwise_is_quoted_after_the_computed_count(builtin_engine):
    """The NQ 03 text cites dxcenter.org.vn: 27 of the 35 targets to 2030 for Bộ KH&CN; the table counts
    otherwise. Both are said, each with its source, the computed count first."""
    top = [r for r in rows(TARGETS) if not r["Chỉ tiêu cha"] and r["Mốc"] == "2030"]
    own = [r for r in top if "Bộ Khoa học và Công nghệ" in r["Cơ quan theo dõi"] or FORMER_MIC in r["Cơ quan theo dõi"]]
    assert len(own) != 27
    answer = builtin_engine.ask("Bộ KH&CN theo dõi mấy chỉ tiêu đến 2030", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(own)} chỉ tiêu đến năm 2030 do Bộ Khoa học và Công nghệ theo dõi")
    assert "27 trong 35 chỉ tiêu đến năm 2030 [2]." in answer.text
    assert {c.source.doc_id for c in answer.citations if c.number == 2} == {"nq03-nq-cp"}
    police = builtin_engine.ask("bộ công an theo dõi bao nhiêu chỉ tiêu", role="official", today=TODAY)
    assert "[2]" not in police.text  # no text states the police's count


def test_a_count_for_the_merged_ministry_says_where_it_went(builtin_engine):
    named = [r for r in rows(TARGETS) if not r["Chỉ tiêu cha"] and FORMER_MIC in r["Cơ quan theo dõi"]]
    answer = builtin_engine.ask("bo tt&tt theo doi may chi tieu", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(named)} chỉ tiêu do {FORMER_MIC} theo dõi")
    assert f"{FORMER_MIC} nay đã hợp nhất vào Bộ Khoa học và Công nghệ." in answer.text.split("\n")[0]


def test_one_target_of_the_merged_ministry_names_the_ministry_it_is_now_part_of(builtin_engine):
    answer = builtin_engine.ask("chỉ tiêu quy mô kinh tế số đến 2030 ai theo dõi", role="official", today=TODAY)
    assert f"cơ quan theo dõi: {FORMER_MIC} (nay đã hợp nhất vào Bộ Khoa học và Công nghệ)" in answer.text


@pytest.mark.parametrize("typed", ["Bộ Văn hóa, Thể thao và Du lịch", "bo van hoa the thao va du lich", "bộ vh-tt&dl"])
def test_a_ministry_whose_name_holds_a_comma_is_one_lead(builtin_engine, typed):
    """ "Bộ Văn hóa, Thể thao và Du lịch" is one ministry, not "Bộ Văn hóa" leading with "Thể thao và Du lịch"."""
    name = "Bộ Văn hóa, Thể thao và Du lịch"
    led = {r["Mã"] for r in rows(TASKS) if r["Cơ quan chủ trì"] == name}
    answer = builtin_engine.ask(f"{typed} chủ trì mấy nhiệm vụ", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(led)} nhiệm vụ do {name} chủ trì")
    assert "đồng chủ trì" not in answer.text and "cùng chủ trì" not in answer.text
    assert ids_in(answer) == led


@pytest.mark.parametrize(
    ("question", "echoed"),
    [
        ("co bao nhieu nhiem vu ve tri tue nhan tao", "về trí tuệ nhân tạo"),
        ("nhiem vu nao ve tri tue nhan tao", "về trí tuệ nhân tạo"),
        ("bao nhieu nhiem vu co san pham la luat cua quoc hoi", "có sản phẩm «luật của Quốc hội»"),
    ],
)
def test_a_topic_typed_without_diacritics_is_echoed_as_the_register_writes_it(builtin_engine, question, echoed):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert re.match(rf"Có \d+ nhiệm vụ {re.escape(echoed)} ", answer.text)


def test_a_topic_phrase_the_task_names_hold_counts_those_tasks_only(builtin_engine):
    """ "đô thị thông minh" typed without diacritics: "đô", "thị" are no stop words here, and a task merely
    "thông minh" (a smart operations centre) is not about smart cities."""
    named = {r["Mã"] for r in rows(TASKS) if "đô thị thông minh" in r["Tên nhiệm vụ"].lower()}
    answer = builtin_engine.ask("co may nhiem vu ve do thi thong minh", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(named)} nhiệm vụ về đô thị thông minh")
    assert ids_in(answer) == named


def test_a_commune_clerks_work_on_a_topic_is_counted_as_its_tasks(builtin_engine):
    """ "việc nào về …" is how commune staff ask for their tasks on a topic."""
    own = {
        r["Mã"]
        for r in rows(COMMUNES)
        if r["Xã/phường"] == "Phường Hòa Bình" and "chữ ký số" in r["Tên nhiệm vụ"].lower()
    }
    answer = builtin_engine.ask("phuong hoa binh co viec nao ve chu ky so", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(own)} nhiệm vụ về chữ ký số của phường Hòa Bình")
    assert ids_in(answer) == own


def test_a_topic_asked_of_a_commune_that_has_none_is_a_zero(builtin_engine):
    answer = builtin_engine.ask("xã Tam Đảo có nhiệm vụ nào về bán dẫn", role="official", today=TODAY)
    assert answer.status == "answered"
    assert answer.text.startswith("Không có nhiệm vụ nào về bán dẫn của xã Tam Đảo")


@pytest.mark.parametrize(
    "question", ["Xã Xuân Đài đã hoàn thành hết nhiệm vụ chưa?", "xa xuan dai xong het nhiem vu chua"]
)
def test_asked_whether_a_commune_has_done_everything_the_verdict_comes_first(builtin_engine, question):
    own = [r for r in rows(COMMUNES) if r["Xã/phường"] == "Xã Xuân Đài"]
    left = {r["Mã"] for r in own if r["Tình trạng"] != "Hoàn thành"}
    assert left
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith(
        f"Chưa. Xã Xuân Đài đã hoàn thành {len(own) - len(left)} nhiệm vụ trên tổng số {len(own)}"
    )
    assert left <= ids_in(answer)


def test_register_and_prose_combined(builtin_engine):
    answer = builtin_engine.ask("Nghị quyết 57 giao Bộ Tài chính những việc gì?", today=TODAY)
    assert "do Bộ Tài chính chủ trì" in answer.text
    assert answer.sources[0].doc_id == "nq03-nhiem-vu"


def test_questions_without_register_slots_go_to_retrieval(builtin_engine):
    answer = builtin_engine.ask("Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP?", today=TODAY)
    assert answer.sources[0].doc_id == "nq57-nq-tw"


def test_a_year_the_data_does_not_have_is_said_not_guessed(builtin_engine):
    answer = builtin_engine.ask("PII 2024 của Phú Thọ bao nhiêu điểm?", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có số liệu năm 2024")
    assert "41,10 điểm" in answer.text and "Số liệu tính đến 01/10/2025" in answer.text
    same_year = builtin_engine.ask("PII 2025 của Phú Thọ bao nhiêu điểm?", today=TODAY)
    assert "không có số liệu năm" not in same_year.text


def test_a_figure_reported_in_january_is_the_last_years_result(builtin_engine):
    """163/167 as of 13/01/2026 (the province's review of 2025) answers "năm 2025", not "năm 2024"."""
    of_2025 = builtin_engine.ask("Năm 2025 Phú Thọ hoàn thành bao nhiêu nhiệm vụ thực hiện NQ 57?", "official", TODAY)
    assert of_2025.status == "answered" and of_2025.text.startswith("Phú Thọ đã hoàn thành 163/167 nhiệm vụ")
    of_2024 = builtin_engine.ask("Năm 2024 Phú Thọ hoàn thành bao nhiêu nhiệm vụ thực hiện NQ 57?", "official", TODAY)
    assert of_2024.status == "not_found" and of_2024.text.startswith("Dữ liệu hiện có không có số liệu năm 2024")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [("Phú Thọ có nằm trong top 5 PII 2025 không?", "Không."), ("Hà Nội có dẫn đầu PII 2025 không?", "Có.")],
)
def test_a_yes_no_question_on_a_rank_is_answered_from_the_rank_row(builtin_engine, question, verdict):
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(verdict)
    assert answer.text.splitlines()[0].startswith(f"{verdict} Năm 2025, ")
    assert " xếp thứ " in answer.text.splitlines()[0].split(",")[1]  # the rank the verdict stands on, first


def test_the_place_at_a_rank_the_data_lacks_is_not_found_with_the_ranks_it_has(builtin_engine):
    answer = builtin_engine.ask("Tỉnh nào đứng thứ 10 trong bảng xếp hạng PII 2025?", today=TODAY)
    assert answer.status == "not_found"
    assert "không có địa phương xếp thứ 10 trong bảng xếp hạng PII 2025;" in answer.text and "15" in answer.text
    asked_after = builtin_engine.ask("Tỉnh xếp thứ 10 PII 2025 là tỉnh nào?", today=TODAY)  # the rank first
    assert asked_after.status == "not_found" and asked_after.text == answer.text
    assert builtin_engine.ask("tinh xep thu 5 pii 2025 la tinh nao", today=TODAY).text.startswith("Huế xếp thứ 5/34")
    first = builtin_engine.ask("Địa phương nào dẫn đầu PII 2025?", today=TODAY)
    assert first.text.startswith("Hà Nội xếp thứ 1/34") and "65,68 điểm" in first.text


def test_a_rank_asked_before_the_place_is_the_place_at_that_rank(builtin_engine):
    lacking = builtin_engine.ask("PII hạng 10 là tỉnh nào", role="official", today=TODAY)
    assert lacking.status == "not_found" and "không có địa phương xếp thứ 10" in lacking.text
    held = builtin_engine.ask("hạng 21 pii là ai", role="official", today=TODAY)
    assert held.text.startswith("Gia Lai xếp thứ 21/34")


def test_the_top_places_of_a_ranking_are_listed_with_their_scores(builtin_engine):
    answer = builtin_engine.ask("top 5 PII 2025", role="official", today=TODAY)
    lines = answer.text.splitlines()
    assert lines[0] == "5 địa phương dẫn đầu PII 2025 (34 tỉnh, thành) [1]:"
    assert lines[1:6] == [
        "1. Hà Nội: 65,68 điểm",
        "2. TP. Hồ Chí Minh: 59,33 điểm",
        "3. Quảng Ninh: 58,41 điểm",
        "4. Hải Phòng: 58,09 điểm",
        "5. Huế: 49,37 điểm",
    ]
    assert lines[6].startswith("Số liệu tính đến 01/10/2025")
    assert builtin_engine.ask("5 tỉnh dẫn đầu PII 2025", today=TODAY).text.splitlines()[1:6] == lines[1:6]
    # more places asked than the data ranks: those it has, said so
    ten = builtin_engine.ask("top 10 pii 2025", today=TODAY)
    assert ten.text.startswith("Trong nhóm 10 dẫn đầu PII 2025 (34 tỉnh, thành), dữ liệu hiện có chỉ có")
    assert "5. Huế" in ten.text and "15." not in ten.text
    english = builtin_engine.ask("top 3 provinces pii 2025", today=TODAY)
    assert english.text.splitlines()[:2] == [
        "The top 3 of the PII 2025 ranking (of 34 provinces and cities) [1]:",
        "1. Hà Nội: 65.68 points",
    ]
    # a yes/no about the top places is still a verdict on the place named
    assert builtin_engine.ask("Phú Thọ có nằm trong top 5 PII 2025 không?", today=TODAY).text.startswith("Không.")


@pytest.mark.parametrize(
    "question",
    [
        "Cơ quan nào chủ trì xây dựng Luật Khoa học, công nghệ và đổi mới sáng tạo?",
        "Nhiệm vụ hoàn thành Trung tâm dữ liệu quốc gia do ai chủ trì, hạn khi nào?",
        "Luật Năng lượng nguyên tử sửa đổi do cơ quan nào chủ trì soạn thảo?",
    ],
)
def test_the_task_row_index_finds_the_task_a_scan_of_every_row_finds(builtin_engine, question):
    """The per-build row index scores only rows sharing a fifth of the question's word pairs; a row sharing
    fewer scores under 0.6 (the lowest threshold), so the task found is the one a scan of every row finds."""
    from itertools import pairwise

    from retrieval import exact
    from retrieval.query import read_query
    from retrieval.registers import tables
    from retrieval.text import content_syllables

    index = builtin_engine.index()
    q = read_query(index, question, "official", TODAY)
    features, _, _, rows = exact._task_index(index)
    assert len(rows) == len(tables(index, "official").tasks)
    assert exact._task_index(index)[0] is features  # built once per build, then reused
    found = exact._task_lookup(index, q, {(r.doc_id, r.row) for r in tables(index, "official").tasks})
    sequence = content_syllables(q.text)
    terms = [t for t in dict.fromkeys(sequence) if t not in exact._ASKING]
    weights = {t: exact.math.log(1 + len(index.passages) / (1 + index.df.get(t, 0))) for t in terms}
    pairs = {p for p in pairwise(sequence) if not (p[0] in exact._ASKING and p[1] in exact._ASKING)}

    def score(r):
        syl = content_syllables(f"{r.title} {r.output}")
        unigram = sum(w for t, w in weights.items() if t in set(syl)) / sum(weights.values())
        return (unigram + len(pairs & set(pairwise(syl))) / len(pairs)) / 2

    scanned = max(tables(index, "official").tasks, key=score)
    assert found is not None and f"({scanned.task_id})" in found.text


def test_a_group_of_the_register_is_counted(builtin_engine):
    expected = [r for r in rows(TASKS) if r["Nhóm"] == "VII"]
    answer = builtin_engine.ask("Nhóm VII hợp tác quốc tế gồm bao nhiêu nhiệm vụ?", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(expected)} nhiệm vụ thuộc nhóm VII theo Danh mục")


def test_a_register_named_by_its_appendix_is_the_one_counted(builtin_engine):
    """ "Trong Phụ lục II …": the NQ 03 appendix only — a commune's task due that month does not count."""
    month = [r for r in rows(TASKS) if due(r) and (due(r).year, due(r).month) == (2025, 11)]
    assert not month and any(due(r) and (due(r).year, due(r).month) == (2025, 11) for r in rows(COMMUNES))
    answer = builtin_engine.ask("Trong Phụ lục II có nhiệm vụ nào hạn tháng 11/2025 không?", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith("Không có nhiệm vụ nào có hạn tháng 11/2025")
    assert answer.sources[0].doc_id == "nq03-nhiem-vu"


def test_the_text_that_replaced_a_register_is_not_answered_with_the_register_as_its_own(builtin_engine):
    answer = builtin_engine.ask("Nghị quyết 71/NQ-CP giao Bộ Công an bao nhiêu nhiệm vụ?", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith("Dữ liệu hiện có không có danh sách nhiệm vụ của 71/NQ-CP")
    assert "Bộ Công an chủ trì" in answer.text  # the replaced list still says what it holds


def test_an_acronym_no_table_holds_is_not_answered_with_another_figure(builtin_engine):
    answer = builtin_engine.ask("Chỉ số PCI 2025 của Phú Thọ xếp thứ mấy?", today=TODAY)
    assert answer.status == "not_found" and "PCI" in answer.text and "dân số" not in answer.text


def test_all_done_is_answered_from_the_count_and_its_total(builtin_engine):
    r = next(x for x in rows(REPO / "corpus" / "indicators" / "so-lieu-bao-cao.csv") if x["Mã"] == "TQ-NV-2025-01")
    verdict = "Đã hoàn thành hết." if int(r["Giá trị"]) >= int(r["Tổng số"]) else "Chưa."
    answer = builtin_engine.ask("Cả nước đã hoàn thành hết nhiệm vụ NQ57 năm 2025 chưa?", today=TODAY)
    assert answer.text.startswith(f"{verdict} Cả nước đã hoàn thành {vn(r['Giá trị'])}/{vn(r['Tổng số'])}")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who leads task NQ03-069?", "{lead} (Ministry of Public Security) leads the task «{title}» (NQ03-069)"),
        ("When is the deadline of task NQ03-123?", "The deadline for the task «{title}» (NQ03-123) is Q2 2025"),
    ],
)
def test_english_task_answers_are_sentences_from_the_row(builtin_engine, question, expected):
    code = re.search(r"NQ03-\d+", question)[0]
    row = next(r for r in rows(TASKS) if r["Mã"] == code)
    answer = builtin_engine.ask(question, today=TODAY)
    assert answer.text.startswith(expected.format(lead=row["Cơ quan chủ trì"], title=row["Tên nhiệm vụ"]))


def test_an_english_period_is_read_and_said_in_english(builtin_engine):
    expected = {r["Mã"] for r in rows(TASKS) if due(r) and (due(r).year, due(r).month) == (2025, 6)}
    answer = builtin_engine.ask("How many tasks are due in June 2025?", today=TODAY)
    assert answer.text.startswith(f"There are {len(expected)} tasks due in June 2025 in ")
    assert "tháng" not in answer.text.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        "How many tasks does the Ministry of Education and Training lead?",
        "Có bao nhiêu nhiệm vụ Bộ Giáo dục và Đào tạo chủ trì?",
    ],
)
def test_an_agency_named_after_nhiem_vu_says_whose_tasks_and_is_no_topic(builtin_engine, question):
    expected = {r["Mã"] for r in rows(TASKS) if "Bộ Giáo dục và Đào tạo" in r["Cơ quan chủ trì"]}
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert f"{len(expected)} " in answer.text.splitlines()[0] and "về" not in answer.text.splitlines()[0][:20]


@pytest.mark.parametrize(
    ("question", "first", "count"),
    [
        ("bao nhiêu nhiệm vụ NQ03 có sản phẩm là Nghị định của Chính phủ", "«Nghị định của Chính phủ»", 9),
        ("co bao nhieu nhiem vu san pham la luat", "«luật»", 13),  # typed without diacritics, echoed with them
        ("Bộ Tài chính có mấy nhiệm vụ sản phẩm là Nghị định", "«Nghị định» do Bộ Tài chính chủ trì", 2),
    ],
)
def test_a_count_by_product_counts_the_rows_whose_product_holds_it(builtin_engine, question, first, count):
    """Counted from the register's product column (computed with csv: 9 Nghị định của Chính phủ, 13 with "Luật",
    NQ03-034 and NQ03-035 for Bộ Tài chính), never the whole list."""
    answer = builtin_engine.ask(question, role="official", today=date(2026, 2, 10))
    assert answer.text.startswith(f"Có {count} nhiệm vụ có sản phẩm {first}")


def test_one_task_s_product_is_still_one_task_s(builtin_engine):
    answer = builtin_engine.ask("san pham cua nhiem vu NQ03-069 la gi", role="official", today=date(2026, 2, 10))
    assert answer.text.startswith("Sản phẩm của nhiệm vụ «Hoàn thành xây dựng Trung tâm dữ liệu quốc gia")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # "chưa làm": not started (PT-VYEN-04, PT-VYEN-05), not merely unfinished
        ("phường vĩnh yên có mấy việc chưa làm", "Có 2 nhiệm vụ của phường Vĩnh Yên ở trạng thái «chưa thực hiện»"),
        # "các phường": the wards' (PT-AUCO-05, PT-HBIN-03, PT-VYEN-04, PT-VYEN-05), Xã Tam Đảo's left out
        ("các phường còn mấy nhiệm vụ chưa thực hiện", "Có 4 nhiệm vụ của các phường ở trạng thái «chưa thực hiện»"),
        ("các xã phường còn bao nhiêu nhiệm vụ quá hạn", "Có 4 nhiệm vụ đã quá hạn tính đến 10/02/2026"),
    ],
)
def test_commune_counts_by_status_and_kind_of_commune(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(first)


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("UBND xã Xuân Đài chủ trì mấy nhiệm vụ", "Có 4 nhiệm vụ do UBND xã Xuân Đài chủ trì theo Sổ"),
        ("công an xã tam đảo phối hợp mấy việc", "Có 3 nhiệm vụ có Công an xã Tam Đảo phối hợp theo Sổ"),
    ],
)
def test_a_commune_body_s_count_does_not_name_its_commune_twice(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith(first)


def test_a_question_not_about_a_task_names_one_only_with_all_its_words(builtin_engine):
    """The guide's own question, not the commune task whose name holds "Cổng Dịch vụ công quốc gia": the task
    lacks "ra đời" (a word task names also use, "sửa đổi", so it weighs nothing in the task match)."""
    answer = builtin_engine.ask("Cổng Dịch vụ công quốc gia ra đời khi nào?", "citizen", TODAY)
    assert "09/12/2019" in answer.text and "PT-AUCO-01" not in answer.text
    named = builtin_engine.ask("Trung tâm đổi mới sáng tạo về dữ liệu do ai chủ trì?", "official", TODAY)
    assert "Bộ Công an" in named.text and "NQ03-117" in named.text


def test_what_a_body_does_is_not_answered_with_a_zero_count_of_its_tasks(builtin_engine):
    answer = builtin_engine.ask("trung tâm phục vụ hành chính công xã làm những việc gì", today=TODAY)
    assert "Không có nhiệm vụ nào" not in answer.text
    # asked about tasks, a zero count is the answer
    zero = builtin_engine.ask("Trung tâm Phục vụ hành chính công tỉnh chủ trì những nhiệm vụ nào?", today=TODAY)
    assert zero.status == "answered" and zero.text.startswith("Không có nhiệm vụ nào")
    soon = builtin_engine.ask("Bộ Ngoại giao chủ trì những việc nào sắp hết hạn?", role="official", today=TODAY)
    assert soon.status == "answered" and soon.text.startswith("Không có nhiệm vụ nào do Bộ Ngoại giao chủ trì")


@pytest.mark.parametrize(
    ("question", "commune", "status"),
    [
        ("xa xuan dai con viec gi chua lam", "Xã Xuân Đài", "chưa thực hiện"),
        ("phuong viet tri co viec nao da huy khong", "Phường Việt Trì", "đã hủy"),  # no register records it
        ("xã tam đảo có nhiệm vụ nào bị tạm dừng không", "Xã Tam Đảo", "tạm dừng"),
    ],
)
def test_a_status_no_row_of_a_commune_has_is_a_zero_count_with_where_its_tasks_stand(
    builtin_engine, question, commune, status
):
    tally = Counter(r["Tình trạng"] for r in rows(COMMUNES) if r["Xã/phường"] == commune and r["Truy cập"] == "public")
    answer = builtin_engine.ask(question, role="citizen", today=TODAY)
    first, second = answer.text.splitlines()[:2]
    assert answer.status == "answered"
    assert first.startswith(f"Không có nhiệm vụ nào của {lower_level(commune)} ở trạng thái «{status}»")
    n, top = max((n, s) for s, n in tally.items())
    assert second.startswith(f"{commune}: {n} nhiệm vụ {top.lower()}") and sum(tally.values()) == sum(
        int(x) for x in re.findall(r"(\d+) ", second)
    )


@pytest.mark.parametrize(
    "question",
    ["nq03 co bao nhieu nhom nhiem vu", "Phụ lục II có mấy nhóm", "how many groups of tasks does resolution 03 have"],
)
def test_how_many_groups_a_register_has_is_counted_from_its_rows_with_each_groups_size(builtin_engine, question):
    tally = Counter(r["Nhóm"] for r in rows(TASKS))
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    first = answer.text.splitlines()[0]
    assert f" {len(tally)} " in first and ("nhóm nhiệm vụ (I–VII)" in first or "groups of tasks (I–VII)" in first)
    assert f": {tally['III']}," in first and answer.citations[0].source.doc_id == "nq03-nhiem-vu"


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # the row of the code named decides, not the tasks of the body named (Bộ Tài chính leads others)
        ("NQ03-106 do Bộ Tài chính chủ trì phải không", "Không. Bộ Công an chủ trì"),
        ("NQ03-106 do Bộ Công an chủ trì à", "Có. Bộ Công an chủ trì"),
        ("Is NQ03-106 led by the Ministry of Finance?", "No. Bộ Công an (Ministry of Public Security) leads"),
        ("Bộ Y tế có phối hợp NQ03-112 không", "Có. "),
        ("NQ03-015 có hạn năm 2026 không", "Không. "),
    ],
)
def test_a_task_named_by_its_code_is_checked_against_its_own_row(builtin_engine, question, first):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith(first)
    code = re.search(r"NQ03-\d+", question)[0]
    assert f"({code})" in answer.text.splitlines()[0]


def test_what_a_commune_still_has_to_do_counts_its_unfinished_tasks(builtin_engine):
    left = [r for r in rows(COMMUNES) if r["Xã/phường"] == "Xã Tam Đảo" and r["Tình trạng"] != "Hoàn thành"]
    answer = builtin_engine.ask("xã tam đảo còn bao nhiêu việc", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(left)} nhiệm vụ của xã Tam Đảo chưa hoàn thành")
    assert ids_in(answer) == {r["Mã"] for r in left}


def test_a_task_code_typed_without_its_register_prefix_names_that_task(builtin_engine):
    row = next(r for r in rows(COMMUNES) if r["Mã"] == "PT-HBIN-03")
    answer = builtin_engine.ask("hbin-03 ai phoi hop", role="official", today=TODAY)
    assert answer.text.startswith("Phối hợp thực hiện nhiệm vụ") and "(PT-HBIN-03)" in answer.text
    assert row["Cơ quan phối hợp"] in answer.text.splitlines()[0]


def test_a_field_the_register_leaves_empty_is_said_to_be_unrecorded_first(builtin_engine):
    row = next(r for r in rows(TASKS) if r["Mã"] == "NQ03-140")
    assert not row["Cơ quan phối hợp"]
    answer = builtin_engine.ask("nq03-140 ai phoi hop", role="official", today=TODAY)
    assert answer.text.startswith("Nguồn không ghi cơ quan phối hợp của nhiệm vụ NQ03-140.")
    assert row["Cơ quan chủ trì"] in answer.text


def test_sp_typed_for_san_pham_asks_a_tasks_product(builtin_engine):
    row = next(r for r in rows(TASKS) if r["Mã"] == "NQ03-120")
    answer = builtin_engine.ask("nq03-120 sp la gi", role="official", today=TODAY)
    assert answer.text.startswith("Sản phẩm của nhiệm vụ") and row["Sản phẩm"] in answer.text.splitlines()[0]


def test_a_branch_office_is_an_agency_whose_partner_tasks_are_counted(builtin_engine):
    helped = [r for r in rows(COMMUNES) if "Chi nhánh Văn phòng đăng ký đất đai" in r["Cơ quan phối hợp"]]
    answer = builtin_engine.ask("chi nhanh vp dang ky dat dai phoi hop may viec", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(helped)} nhiệm vụ có Chi nhánh Văn phòng đăng ký đất đai phối hợp")


@pytest.mark.parametrize(
    ("question", "keep", "said"),
    [
        ("nhiem vu nao khong ghi thoi han", lambda r: not r["Thời hạn"].strip(), "không ghi thời hạn"),
        ("co bao nhieu nhiem vu thuong xuyen", lambda r: "thường xuyên" in r["Thời hạn"].lower(), "có thời hạn «"),
        ("nv nao khong co han", lambda r: not r["Ngày đến hạn"], "không có ngày đến hạn"),
    ],
)
def test_tasks_without_a_date_are_counted_by_how_their_deadline_is_written(builtin_engine, question, keep, said):
    expected = {r["Mã"] for r in rows(TASKS) if keep(r)}
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    first = answer.text.splitlines()[0]
    assert first.startswith(f"Có {len(expected)} nhiệm vụ {said}") and "Phụ lục II" in first
    assert expected <= ids_in(answer)  # the commune register's undated rows follow, under their own count


def test_an_agency_that_monitors_only_parts_of_a_target_has_them_counted_and_called_parts(builtin_engine):
    targets = rows(REPO / "corpus" / "indicators" / "nq03-chi-tieu.csv")
    parts = [r["Mã"] for r in targets if r["Cơ quan theo dõi"] == "Văn phòng Chính phủ"]
    assert parts and all("." in code for code in parts)  # 11.2 … 11.12: no whole target of its own
    answer = builtin_engine.ask("vpcp theo doi may chi tieu", role="official", today=TODAY)
    first = answer.text.splitlines()[0]
    assert first.startswith(f"Có {len(parts)} chỉ tiêu do Văn phòng Chính phủ theo dõi")
    assert f"chỉ tiêu thành phần {parts[0]}–{parts[-1]} của chỉ tiêu 11" in first


def test_two_provinces_asked_which_is_ahead_have_the_one_ahead_said_first(builtin_engine):
    figures = {
        r["Mã"]: r["Giá trị"].replace(".", ",") for r in rows(REPO / "corpus" / "indicators" / "so-lieu-bao-cao.csv")
    }
    answer = builtin_engine.ask("quang ninh voi hai phong tinh nao pii cao hon", role="official", today=TODAY)
    first, a, b = answer.text.splitlines()[:3]
    assert first.startswith("Quảng Ninh cao hơn Hải Phòng")
    assert figures["PII-2025-QN-D"] in a and figures["PII-2025-HP-D"] in b


def test_two_provinces_asked_together_have_each_ones_figures_once(builtin_engine):
    figures = {
        r["Mã"]: r["Giá trị"].replace(".", ",") for r in rows(REPO / "corpus" / "indicators" / "so-lieu-bao-cao.csv")
    }
    answer = builtin_engine.ask("pii 2025 ha noi va phu tho", role="official", today=TODAY)
    assert figures["PII-2025-HN-D"] in answer.text and figures["PII-2025-PT-D"] in answer.text
    lines = answer.text.splitlines()
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("bo cong an chu tri may nhiem vu de an 06", "Đề án 06 (Quyết định 06/QĐ-TTg)"),
        ("qd 204 giao bo kh&cn bao nhieu nhiem vu", "Đề án 204 (Quyết định 204-QĐ/TW)"),
    ],
)
def test_a_count_of_another_documents_tasks_says_the_data_has_no_task_list_of_it(builtin_engine, question, name):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith(f"Dữ liệu hiện có không có danh sách nhiệm vụ của {name}; các nhiệm vụ dưới đây")


def test_the_resolution_a_register_implements_is_answered_by_the_register(builtin_engine):
    """NQ 03's programme carries out NQ 57 (its title says so): its tasks are NQ 57's tasks."""
    expected = [r for r in rows(TASKS) if "bộ công an" in r["Cơ quan chủ trì"].lower()]
    answer = builtin_engine.ask("Bộ Công an chủ trì mấy nhiệm vụ NQ57", role="official", today=TODAY)
    assert answer.status == "answered" and answer.text.startswith(f"Có {len(expected)} nhiệm vụ do Bộ Công an")
    assert "Trong văn bản" not in answer.text  # a count is the answer: no paragraph that merely names the agency


@pytest.mark.parametrize(
    ("question", "partner"),
    [("vtv phoi hop nhung nv nao", "VTV"), ("bhxh vn phoi hop nhiem vu nao trong nq03", "Bảo hiểm Xã hội Việt Nam")],
)
def test_a_partner_typed_short_is_counted_by_the_rows_naming_it(builtin_engine, question, partner):
    helped = {r["Mã"] for r in rows(TASKS) if partner.lower() in r["Cơ quan phối hợp"].lower()}
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(helped)} nhiệm vụ có {partner} phối hợp") and ids_in(answer) == helped


def test_a_role_asked_of_a_body_no_register_names_is_never_answered_with_the_whole_list(builtin_engine):
    answer = builtin_engine.ask("cuc thue phoi hop nhiem vu nao trong nq03", role="official", today=TODAY)
    assert not answer.text.startswith("Có 140 nhiệm vụ") and len(ids_in(answer)) < 10


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("Phường Việt Trì phải chuẩn hóa Trung tâm Phục vụ hành chính công đến bao giờ?", "PT-VTRI-04"),
        ("Phường Vĩnh Yên phải chuẩn hóa TTHCC trước ngày nào?", "PT-VYEN-05"),  # "trước ngày nào" asks by when
        ("Xã Xuân Đài số hóa dữ liệu đất đai phải xong trước ngày nào?", "PT-XDAI-03"),  # asking words describe nothing
        ("phường mình (Âu Cơ) báo cáo tổng kết năm 2025 nộp hạn ngày nào", "PT-AUCO-04"),
    ],
)
def test_a_communes_task_asked_by_its_description_is_answered_deadline_first(builtin_engine, question, code):
    row = next(r for r in rows(COMMUNES) if r["Mã"] == code)
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith("Nhiệm vụ «") and f"({code}) có thời hạn {row['Thời hạn']}" in answer.text
    assert len(answer.text.splitlines()) == 2  # that task only, not a neighbouring one


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("phu tho va ha noi tinh nao dung truoc pii", "Hà Nội xếp trên Phú Thọ"),  # a rank: the smaller is ahead
        ("so sanh pii phu tho voi gia lai", "Phú Thọ cao hơn Gia Lai"),
    ],
)
def test_two_provinces_compared_have_the_one_ahead_first(builtin_engine, question, lead):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith(lead)


def test_an_agency_with_no_target_for_the_year_asked_is_a_zero_with_what_it_monitors(builtin_engine):
    targets = rows(REPO / "corpus" / "indicators" / "nq03-chi-tieu.csv")
    own = [r for r in targets if r["Cơ quan theo dõi"] == "Bộ Y tế"]
    assert own and all(r["Mốc"] != "2045" for r in own)
    answer = builtin_engine.ask("bo y te theo doi may chi tieu den 2045", role="official", today=TODAY)
    assert answer.status == "answered"
    assert answer.text.startswith("Không có chỉ tiêu nào đến năm 2045 do Bộ Y tế theo dõi")
    assert f"Bộ Y tế theo dõi {len(own)} chỉ tiêu đến năm 2030." in answer.text


def test_tasks_two_agencies_lead_together_are_the_rows_naming_both(builtin_engine):
    both = {
        r["Mã"]
        for r in rows(TASKS)
        if "bộ công an" in r["Cơ quan chủ trì"].lower() and "bộ tài chính" in r["Cơ quan chủ trì"].lower()
    }
    answer = builtin_engine.ask("nv nao do bo cong an va bo tai chinh cung chu tri", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(both)} nhiệm vụ do ") and "cùng chủ trì" in answer.text.splitlines()[0]
    assert ids_in(answer) == both


def test_bc_typed_for_bao_cao_names_the_report_task(builtin_engine):
    row = next(r for r in rows(COMMUNES) if r["Mã"] == "PT-HBIN-03")
    answer = builtin_engine.ask("san pham cua viec bc so ket 6 thang p hoa binh", role="official", today=TODAY)
    assert answer.text.startswith("Sản phẩm của nhiệm vụ") and row["Sản phẩm"] in answer.text


def test_a_document_the_commune_register_writes_in_its_rows_narrows_a_communes_tasks(builtin_engine):
    named = [r["Mã"] for r in rows(COMMUNES) if r["Xã/phường"] == "Phường Việt Trì" and "Đề án 06" in r["Tên nhiệm vụ"]]
    answer = builtin_engine.ask("phuong viet tri co viec gi lien quan den de an 06", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(named)} nhiệm vụ về Đề án 06 của phường Việt Trì")
    assert ids_in(answer) == set(named)


def test_rows_sharing_enough_word_pairs_are_found_from_the_rarest_pairs_alone():
    """The task lookup counts the rows holding the question's pairs in arrays (row_index.PairRows): every row
    holding at least the asked number of the question's pairs is found, with how many it holds, and no other row."""
    import random

    from retrieval.row_index import PairRows

    rng = random.Random(7)
    for _ in range(200):
        pairs = {(f"w{i}", f"w{i + 1}") for i in range(rng.randint(1, 12))}
        postings = {p: {k for k in range(60) if rng.random() < rng.choice((0.05, 0.3, 0.9))} for p in pairs}
        at_least = rng.randint(1, len(pairs))  # the lookup asks a fifth of them, rounded up
        every = Counter(k for rows in postings.values() for k in rows)
        assert PairRows(postings).holding(pairs, at_least) == {k: n for k, n in every.items() if n >= at_least}


@pytest.mark.parametrize(
    "question", ["NQ03-005 hạn tháng mấy", "nhiệm vụ NQ03-005 hạn ngày mấy", "NQ03-005 hạn chót năm mấy"]
)
def test_a_deadline_asked_by_day_month_or_year_is_the_task_s_deadline(builtin_engine, question):
    """ "tháng mấy", "ngày mấy", "năm mấy" ask when, as "khi nào" does: the task's row, not prose about others."""
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith("Nhiệm vụ «Đề án đánh giá mức độ hoàn thành") and "có thời hạn 6/2025" in answer.text


# --- start_words.txt -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("co so du lieu quoc gia ve dan cu van hanh khi nao", True),
        ("cổng dịch vụ công quốc gia khai trương khi nào", True),
        ("han hoan thanh nhiem vu ket noi co so du lieu quoc gia ve dan cu khi nao", False),  # a task's deadline
        ("bao gio phai van hanh he thong", False),  # what must be done: a deadline
    ],
)
def test_when_a_thing_began_is_no_tasks_deadline(question, start):
    from retrieval.exact import _asks_a_start

    assert _asks_a_start(folded(question)) is start


def test_a_start_asked_is_answered_from_prose_not_from_a_task_row(builtin_engine):
    answer = builtin_engine.ask("co so du lieu quoc gia ve dan cu van hanh khi nao")
    assert "01/7/2021" in answer.text and "NQ03-" not in answer.text


def test_a_figure_row_is_the_one_writing_the_measure_in_the_questions_order(builtin_engine):
    """ "doanh nghiệp công nghệ số" is not "doanh nghiệp công nghệ cao" whose note says "số liệu"."""
    answer = builtin_engine.ask("ca nuoc co bn doanh nghiep cong nghe so")
    assert answer.text.startswith("Cả nước có 73.000 doanh nghiệp công nghệ số")


def test_a_measure_asked_by_its_words_alone_is_no_row_that_holds_some_of_them(builtin_engine):
    """ "phương châm" folds like "phường": Phú Thọ's 2026 motto is not its number of wards."""
    answer = builtin_engine.ask("phu tho motto for 2026")
    assert answer.status == "answered" and "Hành động đột phá, lan tỏa kết quả" in answer.text


def test_a_task_named_by_its_code_beside_its_commune_is_that_task(builtin_engine):
    """The understood line of "ai phoi hop" after a commune's task names both its code and its commune: the
    task answers, what was asked first, not the commune's list or a search passage."""
    question = "Nhiệm vụ «Chuẩn hóa Trung tâm Phục vụ hành chính công» (PT-VTRI-04, Phường Việt Trì) ai phối hợp?"
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert answer.text.startswith("Phối hợp thực hiện nhiệm vụ") and "PT-VTRI-04" in answer.text
    assert "Trung tâm Phục vụ hành chính công tỉnh" in answer.text.split("\n")[0]


@pytest.mark.parametrize("question", ["PT-TDAO-01 tiến độ thế nào rồi?", "pt-tdao-01 tinh trang sao"])
def test_a_tasks_status_asked_is_said_first(builtin_engine, question):
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    first = answer.text.split("\n")[0]
    assert "(PT-TDAO-01) có tình trạng: Chưa thực hiện" in first


def test_what_a_task_named_by_its_code_is_gives_that_task_not_the_register(builtin_engine):
    answer = builtin_engine.ask("NQ03-133 là nhiệm vụ gì", role="official", today=TODAY)
    first = answer.text.split("\n")[0]
    assert "ngoại giao công nghệ" in first and "(NQ03-133)" in first and "140 nhiệm vụ" not in answer.text


def test_tasks_of_a_body_only_the_figures_report_are_not_counted_from_a_register(builtin_engine):
    """ "các cơ quan đảng" is a scope of the reported figures no register holds: a year and a status do not
    turn the question into a count of the commune register's rows."""
    question = "Chuyển đổi số trong các cơ quan đảng năm 2025 có bao nhiêu nhiệm vụ đang thực hiện?"
    answer = builtin_engine.ask(question, role="official", today=TODAY)
    assert "93" in answer.text and "Sổ theo dõi nhiệm vụ cấp xã" not in answer.text


def test_tasks_by_status_alone_are_counted_where_a_register_records_status(builtin_engine):
    not_started = {
        r["Mã"] for r in rows(COMMUNES) if r["Tình trạng"] == "Chưa thực hiện"
    }  # an official sees the internal rows too
    answer = builtin_engine.ask("nhiem vu nao chua bat dau", role="official", today=TODAY)
    assert answer.text.startswith(f"Có {len(not_started)} nhiệm vụ ở trạng thái «chưa thực hiện»")
    assert ids_in(answer) == not_started


# --- a list longer than one answer carries (retrieval/exact.py: LISTED_ROWS) ------------------------------


@pytest.fixture(scope="module")
def doubled_engine(tmp_path_factory):
    """The built-in corpus and a second copy of the Phụ lục II register (codes B-NQ03-001 …): 280 rows."""
    import yaml

    from retrieval.config import BUILTIN_CORPUS, Settings
    from retrieval.engine import Engine

    root = tmp_path_factory.mktemp("doubled")
    extra = root / "corpus"
    extra.mkdir()
    text = TASKS.read_text(encoding="utf-8").replace("\nNQ03-", "\nB-NQ03-")
    (extra / "nq03-ban-sao.csv").write_text(text, encoding="utf-8")
    meta = yaml.safe_load(TASKS.with_name(TASKS.name + ".meta.yaml").read_text(encoding="utf-8"))
    meta = {**meta, "id": "nq03-ban-sao", "title": meta["title"] + " — bản sao"}
    (extra / "nq03-ban-sao.csv.meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    settings = Settings(
        data_dir=root / "data", cache_dir=root / "cache", corpus=(BUILTIN_CORPUS, extra), embeddings="none"
    )
    return Engine(settings)


def test_a_count_past_what_one_answer_carries_stays_exact_and_says_where_the_rest_are(doubled_engine):
    from retrieval.exact import COUNT_EXAMPLES, LISTED_ROWS

    answer = doubled_engine.ask("Phụ lục II NQ 03/NQ-CP có bao nhiêu nhiệm vụ?", role="official", today=TODAY)
    heads = [line for line in answer.text.splitlines() if line.startswith("Có ")]
    assert len(heads) == 2 and all(line.startswith("Có 140 nhiệm vụ theo Danh mục 140") for line in heads)
    shown = [line for line in answer.text.splitlines() if re.match(r"\d+\. ", line)]
    assert len(shown) == 2 * COUNT_EXAMPLES  # each register's first rows, as at any size
    assert len(shown) + len(answer.more) == LISTED_ROWS  # the first 200 of the 280 rows, in register order
    assert answer.text.splitlines()[-1] == (
        f"Danh sách quá dài để gửi hết: «Xem thêm» có {len(answer.more)} trong số {280 - len(shown)} nhiệm vụ"
        " chưa hiện; đủ danh sách ở nguồn đã dẫn."
    )
    assert {c.source.doc_id for c in answer.citations} == {"nq03-nhiem-vu", "nq03-ban-sao"}
    assert len(answer.citations) == LISTED_ROWS  # the rows listed are cited, not every row counted


def test_xem_them_after_a_cut_list_shows_the_rows_carried_and_says_where_the_rest_are(doubled_engine):
    asked, kept = doubled_engine.converse("Phụ lục II NQ 03/NQ-CP có bao nhiêu nhiệm vụ?", "official", TODAY)
    more, _ = doubled_engine.converse("xem thêm", "official", TODAY, kept)
    head, *lines = more.text.splitlines()
    assert head == f"{len(asked.more)} mục tiếp theo của danh sách [1] (đủ danh sách ở nguồn đã dẫn):"
    assert lines[0].startswith(f"{2 * 5 + 1}. ") and len(lines) == len(asked.more)
    # the copy's rows first (its id sorts first), then the built-in register's, up to LISTED_ROWS
    assert "(B-NQ03-" in lines[0] and "(NQ03-" in lines[-1]


def test_a_count_as_large_as_the_built_in_register_lists_every_row(builtin_engine):
    answer = builtin_engine.ask("Phụ lục II NQ 03/NQ-CP có bao nhiêu nhiệm vụ?", role="official", today=TODAY)
    assert ids_in(answer) == {r["Mã"] for r in rows(TASKS)}
    assert "quá dài" not in answer.text
