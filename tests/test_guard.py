"""The figure guard (retrieval/guard.py): which generated answers may replace the extractive one, and why not."""

from __future__ import annotations

import pytest

from retrieval.guard import Block, Evidence, check, cited_sentences, figures, labels, refusal_phrase

NQ57 = Block(
    1,
    "Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ (ban hành 22/12/2024)",
    "57-NQ/TW",
    "Đến năm 2030, quy mô kinh tế số đạt tối thiểu 30% GDP; chi cho nghiên cứu phát triển đạt 2% GDP. "
    "Hoàn thành trước ngày 1/8/2025. Ngân sách 1.000 tỷ đồng.",
)
PII = Block(
    2,
    "Báo cáo chỉ số PII 2025 (số liệu tính đến 31/12/2025)",
    None,
    "Phú Thọ đạt 41.10 điểm, xếp thứ 15/34 tỉnh, thành phố.",
)
REGISTER = Block(
    3,
    "Sổ nhiệm vụ Phú Thọ",
    None,
    "Mã: NV-12 | Tên nhiệm vụ: Số hóa hồ sơ | Thời hạn: Quý II/2026",
    derived="Phú Thọ đã hoàn thành 163/167 nhiệm vụ (97,6%) theo Sổ nhiệm vụ Phú Thọ [3].",
)
BLOCKS = [NQ57, PII, REGISTER]


def verdict(text: str):
    return check(text, BLOCKS)


# --- what passes --------------------------------------------------------------------------------------


def test_a_faithful_rephrasing_with_citations_passes():
    v = verdict("Nghị quyết 57-NQ/TW yêu cầu kinh tế số chiếm ít nhất 30% GDP vào năm 2030 [1].")
    assert v.ok and v.reason is None


@pytest.mark.parametrize(
    "text",
    [
        "Phú Thọ đạt 41,10 điểm PII [2].",  # decimal comma = decimal point
        "Phú Thọ đạt 41,1 điểm PII [2].",  # trailing zero
        "Kinh tế số đạt 30 % GDP [1].",  # a space before %
        "Kinh tế số đạt 30 phần trăm GDP [1].",
        "Phải hoàn thành trước 01/08/2025 [1].",  # zero-padded day and month
        "Phải hoàn thành trước ngày 1 tháng 8 năm 2025 [1].",  # the date in words
        "Việc này phải hoàn thành trong tháng 8/2025 [1].",  # the month of a cited date
        "Theo Nghị quyết số 57-NQ/TW [1], kinh tế số đạt 30% GDP [1].",  # "số" before a document number
        "Theo NQ 57 [1], kinh tế số đạt 30% GDP [1].",  # the number of a cited document on its own
        "Ngân sách là 1.000 tỷ đồng [1].",
        "Ngân sách là 1000 tỉ đồng [1].",  # thousands without a dot, tỉ = tỷ
        "Phú Thọ hoàn thành 163/167 nhiệm vụ, đạt 97,6% [3].",  # a computed result, phrased
        "Nhiệm vụ số hóa hồ sơ có hạn quý II/2026 [3].",
        "Phú Thọ xếp thứ 15/34 [2].",
    ],
)
def test_figures_match_after_normalisation(text):
    assert verdict(text).ok, verdict(text)


def test_an_answer_without_figures_needs_only_one_citation():
    assert verdict("Nghị quyết đặt trọng tâm vào khoa học, công nghệ và chuyển đổi số [1].").ok


def test_a_list_item_inherits_the_citation_of_the_line_that_opens_the_list():
    text = "Nghị quyết đặt hai mốc về tỷ lệ GDP [1]:\n- kinh tế số: 30% GDP;\n- nghiên cứu phát triển: 2% GDP."
    assert verdict(text).ok


def test_a_label_closes_the_run_of_sentences_before_it_in_its_paragraph():
    # govqa's own extractive answers cite this way: "sentence. sentence. [1]"
    assert verdict("Kinh tế số đạt 30% GDP. Nghiên cứu phát triển đạt 2% GDP [1].").ok
    assert verdict("Kinh tế số đạt 30% GDP [1]. Nghiên cứu phát triển đạt 2% GDP.").reason == "uncited_figure"
    assert verdict("Kinh tế số đạt 30% GDP.\nNghiên cứu phát triển đạt 2% GDP [1].").reason == "uncited_figure"


def test_a_label_at_the_end_of_a_list_cites_the_list_and_the_line_that_opens_it():
    # govqa's extractive answers put one label after a list's last item
    text = "Nghị quyết 57-NQ/TW đặt hai mốc:\n- kinh tế số: 30% GDP;\n- nghiên cứu phát triển: 2% GDP [1]."
    assert verdict(text).ok
    assert verdict("Nghị quyết đặt hai mốc:\n- kinh tế số: 30% GDP;\n… và 2% GDP cho nghiên cứu [1].").ok
    # a line of prose after the list starts its own run: its figure needs its own label
    text = "Nghị quyết đặt mốc [1]:\n- kinh tế số: 30% GDP;\nNghiên cứu phát triển đạt 2% GDP."
    assert verdict(text).reason == "uncited_figure"


def test_a_run_that_draws_on_two_sources_needs_a_label_for_each():
    # the list's opening line quotes block 2 (PII), its item block 1: the closing label must name both
    text = "Phú Thọ đạt 41,10 điểm, còn Nghị quyết đặt mốc:\n- kinh tế số: 30% GDP [1]."
    assert (verdict(text).reason, verdict(text).detail) == ("invented_figure", "41,10")
    assert verdict(text.replace("[1]", "[1][2]")).ok


@pytest.mark.parametrize(
    ("runs", "reason"),
    [("sentence", "uncited_figure"), ("line", "uncited_figure"), ("list", None), ("paragraph", None)],
)
def test_the_readings_of_rule_c_differ_in_how_far_back_a_label_cites(runs, reason):
    text = "Nghị quyết 57-NQ/TW đặt mốc:\n- kinh tế số: 30% GDP [1]."
    assert check(text, BLOCKS, runs=runs).reason == reason


def test_a_label_after_the_full_stop_cites_the_sentence_before_it():
    assert verdict("Kinh tế số đạt 30% GDP vào năm 2030. [1] Đây là mục tiêu lớn.").ok


# --- (a) figures not in the cited blocks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Kinh tế số đạt 35% GDP vào năm 2030 [1].", "35%"),
        ("Kinh tế số đạt 30% GDP vào năm 2035 [1].", "2035"),
        ("Phải hoàn thành trước 02/08/2025 [1].", "02/08/2025"),
        ("Ngân sách là 1 nghìn tỷ đồng [1].", "1 nghìn tỷ"),  # no arithmetic: only the figure as written
        ("Ngân sách là 1.000 triệu đồng [1].", "1.000 triệu"),  # the same digits, another magnitude
        ("Theo Nghị quyết 52-NQ/TW, kinh tế số đạt 30% GDP [1].", "52-nq/tw"),
        ("Phú Thọ đạt 41,01 điểm [2].", "41,01"),
        ("Nhiệm vụ có hạn quý III/2026 [3].", "quý iii/2026"),
        ("Kinh tế số đạt 30 điểm [2].", "30"),  # 30 is in block 1, but the sentence cites block 2
    ],
)
def test_a_figure_outside_the_cited_blocks_is_invented(text, figure):
    v = verdict(text)
    assert (v.ok, v.reason, v.detail) == (False, "invented_figure", figure)


def test_a_percentage_needs_a_percentage_in_the_source():
    v = verdict("Phú Thọ đạt 41,10% [2].")
    assert v.reason == "invented_figure"


def test_a_number_written_in_words_before_a_counted_noun_cannot_be_checked():
    v = verdict("Phú Thọ còn bốn nhiệm vụ chưa hoàn thành [3].")
    assert (v.reason, v.detail) == ("spelled_figure", "bốn nhiệm vụ")


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Kinh tế số đạt ba mươi phần trăm GDP [1].", "ba mươi phần trăm"),
        ("Kinh tế số đạt ba mươi % GDP [1].", "ba mươi %"),
        ("Ngân sách là một nghìn tỷ đồng [1].", "một nghìn tỷ đồng"),
        ("Phú Thọ xếp thứ mười lăm về PII [2].", "xếp thứ mười lăm"),
        ("Phú Thọ đạt bốn mươi mốt điểm [2].", "bốn mươi mốt điểm"),
    ],
)
def test_a_percentage_an_amount_or_a_rank_in_words_cannot_be_checked(text, detail):
    assert (verdict(text).reason, verdict(text).detail) == ("spelled_figure", detail)


@pytest.mark.parametrize(
    "text",
    [
        "Ngân sách là 1.000 tỷ đồng [1].",  # digits with their magnitude: read as a figure, not as words
        "Thứ hai, Nghị quyết 57-NQ/TW coi khoa học là đột phá [1].",  # an enumeration, not a rank
        "Mục tiêu đến năm 2030 là kinh tế số đạt 30% GDP [1].",  # "năm" the year, not five
        "Một số địa phương đã triển khai [1].",  # "một số": some
    ],
)
def test_words_that_only_look_like_numbers_pass(text):
    assert verdict(text).ok, verdict(text)


def test_a_number_in_words_that_the_source_writes_the_same_way_passes():
    block = Block(1, "Đề án 06", None, "Có ba cơ quan phối hợp triển khai.")
    assert check("Ba cơ quan phối hợp triển khai Đề án 06 [1].", [block]).ok
    assert check("Bốn cơ quan phối hợp triển khai Đề án 06 [1].", [block]).reason == "spelled_figure"


# --- (b) labels ---------------------------------------------------------------------------------------------


def test_a_label_that_is_no_block_fails():
    v = verdict("Kinh tế số đạt 30% GDP [4].")
    assert (v.reason, v.detail) == ("unknown_label", "[4]")


def test_an_answer_without_any_label_fails():
    assert verdict("Nghị quyết đặt trọng tâm vào khoa học và công nghệ.").reason == "no_citation"


# --- (c) sentences with figures carry a label ---------------------------------------------------------------


def test_a_sentence_with_a_figure_but_no_label_is_uncited():
    v = verdict("Nghị quyết bàn về kinh tế số [1]. Kinh tế số đạt 30% GDP.")
    assert (v.reason, v.detail) == ("uncited_figure", "Kinh tế số đạt 30% GDP.")


# --- (d) computed results -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Phú Thọ đã hoàn thành 167 nhiệm vụ [3].", "167 nhiệm vụ"),  # the total, given as the done count
        ("Phú Thọ xếp thứ 34 [2].", "thứ 34"),  # the number of provinces, given as the rank
    ],
)
def test_a_count_or_rank_the_evidence_gives_otherwise_contradicts_it(text, detail):
    v = verdict(text)
    assert (v.reason, v.detail) == ("contradicts_computed", detail)


def test_a_number_before_a_noun_the_evidence_does_not_count_is_left_to_rule_a():
    assert verdict("Nhiệm vụ NV-12 là số hóa hồ sơ [3].").ok


# --- (f) figures in another figure's place ----------------------------------------------------------------

PILOT = Block(4, "Chỉ số PII", None, "PII được thử nghiệm từ năm 2022 và triển khai chính thức từ năm 2023.")


def test_a_year_swapped_for_another_year_of_the_same_block_is_misplaced():
    v = check("PII được thử nghiệm từ năm 2023 và triển khai chính thức từ năm 2023 [4].", [PILOT])
    assert (v.reason, v.detail) == ("misplaced_figure", "2023")
    assert check("PII được thử nghiệm từ năm 2022, triển khai chính thức năm 2023 [4].", [PILOT]).ok


def test_a_figure_is_the_one_the_block_puts_in_that_context():
    vneid = Block(
        6,
        "Hướng dẫn VNeID",
        None,
        "Tài khoản mức độ 1 do người dân tự đăng ký trên ứng dụng VNeID. "
        "Tài khoản mức độ 2 phải đăng ký tại công an xã, mang theo căn cước.",
    )
    assert check("Người dân tự đăng ký tài khoản mức độ 1 trên ứng dụng VNeID [6].", [vneid]).ok
    v = check("Người dân tự đăng ký tài khoản mức độ 2 trên ứng dụng VNeID [6].", [vneid])
    assert (v.reason, v.detail) == ("misplaced_figure", "2")


def test_the_signing_date_given_as_the_deadline_is_misplaced():
    v = verdict("Nghị quyết 57-NQ/TW phải hoàn thành trước ngày 22/12/2024 [1].")  # 22/12/2024: ban hành
    assert (v.reason, v.detail) == ("misplaced_figure", "22/12/2024")


def test_the_only_figure_of_its_kind_needs_no_matching_words():
    block = Block(5, "Kế hoạch", None, "Hoàn thành trước ngày 30/6/2026.")
    assert check("Hạn chót là 30/06/2026 [5].", [block]).ok


# --- (g) numbered list items ------------------------------------------------------------------------------

PORTAL = Block(
    7,
    "Hướng dẫn Cổng Dịch vụ công quốc gia",
    None,
    "Cổng Dịch vụ công quốc gia có sáu thành phần: 1. Cơ sở dữ liệu quốc gia về thủ tục hành chính, kèm phần "
    "hỏi đáp. 2. Hệ thống đăng nhập một lần và xác thực người dùng. 3. Thanh toán điện tử. 4. Kênh tiếp nhận "
    "phản ánh, kiến nghị. 5. Các dịch vụ công của bộ, ngành và địa phương. 6. Hỗ trợ trực tuyến.",
)


@pytest.mark.parametrize(
    "text",
    [
        # the source's list echoed inline, as the extractive answer quotes it
        "Cổng có sáu thành phần: 1. Cơ sở dữ liệu quốc gia về thủ tục hành chính. 2. Hệ thống đăng nhập một lần [7].",
        # the same items one per line, numbers kept; a later item on its own keeps its number
        "Cổng gồm sáu thành phần [7]:\n1. Cơ sở dữ liệu về thủ tục hành chính;\n2. Đăng nhập một lần;\n"
        "3. Thanh toán điện tử.",
        "Thành phần thứ ba là: 3. Thanh toán điện tử [7].",
        # a list of the model's own (nothing the sources number): counted 1, 2 …
        "Người dân có thể [7]:\n1. Nộp hồ sơ trực tuyến;\n2. Theo dõi kết quả giải quyết.",
        # bullets carry no number at all
        "Cổng gồm [7]:\n- Thanh toán điện tử;\n- Hỗ trợ trực tuyến.",
    ],
)
def test_numbered_items_that_keep_their_sources_numbers_pass(text):
    assert check(text, [PORTAL]).ok, check(text, [PORTAL])


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        # "1." → "2.": the first item renumbered (the hole an injected change once went through)
        ("Cổng có sáu thành phần: 2. Cơ sở dữ liệu quốc gia về thủ tục hành chính [7].", "2. cơ sở dữ"),
        # two items swapping their numbers on their own lines
        ("Cổng gồm [7]:\n1. Hệ thống đăng nhập một lần;\n2. Cơ sở dữ liệu về thủ tục hành chính.", "1. hệ thống đăng"),
        # a subset renumbered: "Thanh toán điện tử" is the third component, not the second
        ("Cổng gồm [7]:\n1. Cơ sở dữ liệu về thủ tục hành chính;\n2. Thanh toán điện tử.", "2. thanh toán điện"),
        # an item cut off after its number: the clause before it tells which number opens the list
        ("Cổng Dịch vụ công quốc gia có sáu thành phần: 2. [7]", "2."),
        # a list of the model's own that skips a number
        ("Người dân có thể [7]:\n1. Nộp hồ sơ trực tuyến;\n3. Theo dõi kết quả giải quyết.", "3. theo dõi kết"),
    ],
)
def test_a_numbered_item_with_another_number_than_its_source_gives_fails(text, detail):
    v = check(text, [PORTAL])
    assert (v.reason, v.detail) == ("renumbered_item", detail)


# --- (e) refusals -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Tôi không tìm thấy thông tin này trong nguồn.", "Xin lỗi, tôi không biết [1].", "I don't know."],
)
def test_a_refusal_is_never_used(text):
    assert verdict(text).reason == "refusal"


def test_saying_what_the_source_says_it_lacks_is_no_refusal():
    block = Block(1, "Bảng số liệu", None, "", derived="Dữ liệu hiện có không có dữ liệu năm 2024 cho Phú Thọ [1].")
    assert check("Nguồn không có dữ liệu năm 2024 cho Phú Thọ [1].", [block]).ok
    assert check("Tôi không tìm thấy số liệu năm 2024 [1].", [block]).reason == "refusal"


def test_refusals_are_recognised_without_diacritics():
    assert refusal_phrase("toi khong tim thay thong tin") == "khong tim thay"
    assert refusal_phrase("Kinh tế số đạt 30% GDP [1].") is None


# --- shape --------------------------------------------------------------------------------------------------


def test_empty_and_overlong_answers_fail():
    assert verdict("   ").reason == "empty"
    assert verdict("Kinh tế số [1]. " * 400).reason == "too_long"


def test_labels_read_lists_and_ranges():
    assert labels("a [1] b [2, 3] c [4-5] [NV 6]") == {1, 2, 3, 4, 5}


def test_sentences_keep_their_own_labels():
    assert cited_sentences("Một [1]. Hai [2].\nBa.") == [("Một.", {1}), ("Hai.", {2}), ("Ba.", set())]


def test_figures_are_read_once_each_with_their_normalised_forms():
    found = dict(figures("Số 03/NQ-CP ngày 17/01/2026: 978.532 hồ sơ, 30 %, quý II/2025, 6/2025, 30/6"))
    assert found == {
        "số 03/nq-cp": {"S:3/NQ-CP"},
        "17/01/2026": {"D:2026-01-17"},
        "978.532": {"N:978532", "N:978.532"},
        "30 %": {"P:30"},
        "quý ii/2025": {"Q:2025-2"},
        "6/2025": {"M:2025-06"},
        "30/6": {"R:30/6", "DM:06-30"},
    }


def test_a_cited_date_licenses_its_year_and_month_but_not_its_day_alone():
    evidence = Evidence.of(["Hoàn thành trước ngày 1/8/2025."])
    assert {"D:2025-08-01", "M:2025-08", "N:2025", "DM:08-01"} <= evidence.figures
    assert "N:1" not in evidence.figures and "N:8" not in evidence.figures
