"""Follow-up questions read against the last turn (retrieval/followup.py), over the built-in corpus.

Each test builds the last turn the way a conversation does (answer a first question, `remember` it) and
then reads the next message: what standalone question it means, or that it stands on its own.
"""

from dataclasses import replace
from datetime import date

import pytest

from retrieval.followup import Context, after_reset, is_reset, remember, resolve, subject_of, unframe

TODAY = date(2026, 2, 10)


def turn(engine, question: str, role: str = "official") -> Context | None:
    """The context a conversation keeps after `question` was answered as its first message."""
    answer, context = engine.converse(question, role, TODAY)
    assert answer.understood_as is None  # a first message is answered as asked
    return context


def read(engine, context: Context | None, message: str, role: str = "official"):
    return resolve(engine.index(), context, message, role, TODAY)


# --- slot replacement ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [
        (
            "Bộ Nội vụ chủ trì bao nhiêu nhiệm vụ trong NQ 03?",
            "còn Bộ Ngoại giao thì sao?",
            "Bộ Ngoại giao chủ trì bao nhiêu nhiệm vụ trong NQ 03?",
        ),
        ("Bộ Y tế chủ trì mấy nhiệm vụ?", "Bộ Công an?", "Bộ Công an chủ trì mấy nhiệm vụ?"),
        ("Bộ Y tế chủ trì mấy nhiệm vụ?", "thế còn Bộ Quốc phòng", "Bộ Quốc phòng chủ trì mấy nhiệm vụ?"),
        ("Phường Âu Cơ có bao nhiêu nhiệm vụ?", "còn phường Việt Trì?", "Phường Việt Trì có bao nhiêu nhiệm vụ?"),
        ("phuong au co co bao nhieu nhiem vu", "con phuong viet tri", "Phường Việt Trì có bao nhiêu nhiệm vụ?"),
        ("PII 2025 Hải Phòng đứng thứ mấy?", "còn Huế?", "PII 2025 Huế đứng thứ mấy?"),
        ("PII 2025 của Phú Thọ bao nhiêu điểm?", "thế năm 2024?", "PII năm 2024 của Phú Thọ bao nhiêu điểm?"),
        (
            "Trong Phụ lục II NQ 03, nhiệm vụ nào có hạn tháng 9/2025?",
            "thế tháng 12/2026?",
            "Trong Phụ lục II NQ 03, nhiệm vụ nào có hạn tháng 12/2026?",
        ),
        (
            "Quy mô kinh tế số đến 2030 theo Phụ lục I NQ 03 là bao nhiêu?",
            "còn đến 2045?",
            "Quy mô kinh tế số đến 2045 theo Phụ lục I NQ 03 là bao nhiêu?",
        ),
        ("Sở Tài chính chủ trì bao nhiêu nhiệm vụ?", "thế Bộ Tài chính?", "Bộ Tài chính chủ trì bao nhiêu nhiệm vụ?"),
        # a commune typed with "p"/"x" for its head, or as its committee, is the commune slot
        ("p au co co may nv dang thuc hien", "con p viet tri", "Phường Việt Trì có mấy nhiệm vụ đang thực hiện?"),
        ("x tam dao co may nhiem vu", "the con x xuan dai", "Xã Xuân Đài có mấy nhiệm vụ?"),
        ("UBND xã Xuân Đài chủ trì mấy nhiệm vụ?", "còn UBND phường Âu Cơ?", "UBND phường Âu Cơ chủ trì mấy nhiệm vụ?"),
        # a district the data does not know, typed in lower case, is still the place slot
        ("huyện lâm thao có mấy nhiệm vụ", "còn phường vĩnh yên", "Phường Vĩnh Yên có mấy nhiệm vụ?"),
        ("huyen lam thao co may nhiem vu qua han", "the con xa tam dao", "Xã Tam Đảo có mấy nhiệm vụ quá hạn?"),
        # a name typed by its abbreviation is the slot it names
        ("PII 2025 TP HCM được bao nhiêu điểm?", "thế còn quảng ninh nhỉ", "PII 2025 Quảng Ninh được bao nhiêu điểm?"),
        ("Bộ TT&TT chủ trì mấy nhiệm vụ?", "còn Bộ Y tế?", "Bộ Y tế chủ trì mấy nhiệm vụ?"),
        ("PII 2025 Quảng Ninh được bao nhiêu điểm?", "còn tphcm?", "PII 2025 TP. Hồ Chí Minh được bao nhiêu điểm?"),
        (  # a body the data does not know at all is still the agency slot of the question
            "Sở Giáo dục chủ trì bao nhiêu nhiệm vụ?",
            "thế còn Bộ Giáo dục và Đào tạo?",
            "Bộ Giáo dục và Đào tạo chủ trì bao nhiêu nhiệm vụ?",
        ),
        ("Who signed Resolution 57?", "and Resolution 71?", "Who signed Resolution 71?"),
    ],
)
def test_a_name_on_its_own_replaces_the_same_slot_of_the_last_question(builtin_engine, first, message, understood):
    r = read(builtin_engine, turn(builtin_engine, first), message)
    assert r.kind == "swap"
    assert r.understood_as == understood
    assert r.question == understood


def test_a_place_said_with_its_era_is_swapped_with_it(builtin_engine):
    """ "tỉnh Vĩnh Phúc cũ" then "thế tỉnh Phú Thọ mới": the old province, "cũ" and all, gives way to the new one."""
    context = turn(builtin_engine, "dan so tinh vinh phuc cu bn", "citizen")
    r = read(builtin_engine, context, "the tinh phu tho moi", "citizen")
    assert r.kind == "swap" and "Phú Thọ" in r.understood_as
    assert "Vĩnh Phúc" not in r.understood_as and " cu " not in f" {r.understood_as} "


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [
        ("vneid muc 2 thay the dc giay to gi", "con muc 1 dung dc gi", "VNeID mức 1 dung được gì?"),
        (
            "tài khoản định danh mức 2 đăng ký ở đâu",
            "còn mức 1 thì đăng ký thế nào",
            "Tài khoản định danh mức 1 đăng ký thế nào?",
        ),
    ],
)
def test_another_number_after_a_word_of_the_subject_asks_about_that_one(builtin_engine, first, message, understood):
    """ "còn mức 1 …" about "VNeID mức 2": level 1 in the place of level 2, asked what the message asks (the
    subject of a question typed without diacritics is read as the corpus writes it: "VNeID mức 2")."""
    r = read(builtin_engine, turn(builtin_engine, first, "citizen"), message, "citizen")
    assert r.understood_as == understood


@pytest.mark.parametrize("message", ["its deadline?", "what is its deadline?"])
def test_its_in_an_english_follow_up_asks_that_of_the_last_subject(builtin_engine, message):
    r = read(builtin_engine, turn(builtin_engine, "who leads NQ03-045"), message)
    assert r.understood_as.lower().startswith("what is the deadline of the task «") and "(NQ03-045)" in r.understood_as


def test_an_english_subject_is_read_without_the_words_that_ask(builtin_engine):
    context = turn(builtin_engine, "how do I get a level 2 VNeID account", "citizen")
    assert read(builtin_engine, context, "is there a fee?", "citizen").understood_as == (
        "Is there a fee for a level 2 VNeID account?"
    )


def test_another_level_of_government_asked_about_takes_the_place_of_the_subjects(builtin_engine):
    context = turn(builtin_engine, "tthcc cap xa co tu khi nao", "citizen")
    r = read(builtin_engine, context, "o cap bo co khong", "citizen")
    assert "cấp bộ" in r.understood_as and "cấp xã" not in r.understood_as


def test_an_english_question_about_a_task_keeps_its_contractions(builtin_engine):
    context = turn(builtin_engine, "who leads NQ03-045")
    r = read(builtin_engine, context, "what's the output?")
    assert r.understood_as.startswith("What's the output of the task «") and "sao" not in r.understood_as


def test_a_swapped_slot_reaches_the_answer_a_new_question_would_get(builtin_engine):
    context = turn(builtin_engine, "Bộ Nội vụ chủ trì bao nhiêu nhiệm vụ trong NQ 03?")
    answer, _ = builtin_engine.converse("còn Bộ Ngoại giao thì sao?", "official", TODAY, context)
    asked, _ = builtin_engine.converse("Bộ Ngoại giao chủ trì bao nhiêu nhiệm vụ trong NQ 03?", "official", TODAY)
    assert answer.text == asked.text and "4 nhiệm vụ" in answer.text
    assert answer.question == "còn Bộ Ngoại giao thì sao?"
    assert answer.understood_as == "Bộ Ngoại giao chủ trì bao nhiêu nhiệm vụ trong NQ 03?"


def test_a_slot_the_last_question_did_not_have_is_added_to_it(builtin_engine):
    r = read(builtin_engine, turn(builtin_engine, "Bộ Y tế chủ trì mấy nhiệm vụ?"), "còn tháng 9/2025 thì sao?")
    assert r.understood_as == "Bộ Y tế chủ trì mấy nhiệm vụ tháng 9/2025?"


def test_after_a_not_found_the_slot_is_swapped_in_the_question_that_was_not_found(builtin_engine):
    context = turn(builtin_engine, "PII 2025 của Nghệ An bao nhiêu điểm?")
    assert context is not None and context.status == "not_found"
    answer, _ = builtin_engine.converse("còn Phú Thọ?", "official", TODAY, context)
    assert answer.understood_as == "PII 2025 của Phú Thọ bao nhiêu điểm?"
    assert answer.status == "answered" and "41,10" in answer.text


# --- a missing slot filled from the last subject -------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [
        ("Quyết định 06/QĐ-TTg ai ký?", "ký ngày nào?", "Quyết định 06/QĐ-TTg ký ngày nào?"),
        (
            "Nghị định 59/2022/NĐ-CP quy định về gì?",
            "có hiệu lực từ bao giờ?",
            "Nghị định 59/2022/NĐ-CP có hiệu lực từ bao giờ?",
        ),
        ("Huế xếp thứ mấy PII 2025?", "được bao nhiêu điểm?", "Huế PII 2025 được bao nhiêu điểm?"),
        (
            "Tài khoản định danh mức 2 đăng ký ở đâu?",
            "cần mang gì?",
            "Tài khoản định danh mức 2 cần mang gì?",
        ),
        ("Quy chế 08-QC/TW ban hành ngày nào?", "Ai ký?", "Quy chế 08-QC/TW ai ký?"),
        (
            "Nghị định 59/2022/NĐ-CP quy định về gì?",
            "nó còn hiệu lực không?",
            "Nghị định 59/2022/NĐ-CP còn hiệu lực không?",
        ),
    ],
)
def test_a_question_that_names_nothing_is_asked_about_the_last_subject(builtin_engine, first, message, understood):
    r = read(builtin_engine, turn(builtin_engine, first, "citizen"), message, "citizen")
    assert r.kind == "fill"
    assert r.understood_as == understood


def test_the_subject_of_a_question_is_what_is_left_without_what_it_asks():
    assert subject_of("Quyết định 06/QĐ-TTg ai ký?") == "Quyết định 06/QĐ-TTg"
    assert subject_of("VNeID là gì?") == "VNeID"
    assert subject_of("Kế hoạch 02-KH/BCĐTW ban hành ngày nào?") == "Kế hoạch 02-KH/BCĐTW"
    assert subject_of("Hội nghị toàn quốc quán triệt NQ57 tổ chức ngày nào?") == "Hội nghị toàn quốc quán triệt NQ57"
    # "không" asks only at the end; inside, it is part of the thing ("giao dịch không dùng tiền mặt")
    assert subject_of("Tỉ lệ giao dịch không dùng tiền mặt đến 2030 là bao nhiêu?") == (
        "Tỉ lệ giao dịch không dùng tiền mặt đến 2030"
    )
    assert subject_of("Nghị định 59/2022/NĐ-CP còn hiệu lực không?") == "Nghị định 59/2022/NĐ-CP"
    assert subject_of("What was Hanoi's PII 2025 score?") == "Hanoi's PII 2025 score"  # no chat "s" → "sao"
    assert subject_of("làm tài khoản định danh mức 2 ở đâu") == "tài khoản định danh mức 2"  # not the making of it
    assert subject_of("tài khoản mức 1 đăng ký sao") == "tài khoản mức 1"  # chat "sao" asks how


def test_the_follow_up_frame_is_read_off_the_message():
    assert unframe("còn Bộ Ngoại giao thì sao?") == ("Bộ Ngoại giao", True)
    assert unframe("vậy còn xã Xuân Đài thì ra sao ạ") == ("xã Xuân Đài", True)
    assert unframe("thế năm 2027?") == ("năm 2027", True)
    assert unframe("Bộ Công an?") == ("Bộ Công an", False)


# --- the last answer's list ---------------------------------------------------------------------------


def test_an_item_of_the_last_list_is_named_by_its_position(builtin_engine):
    context = turn(builtin_engine, "Bộ Quốc phòng chủ trì những nhiệm vụ nào?")
    assert len(context.items) == 5 and context.shown == 5
    r = read(builtin_engine, context, "nhiệm vụ thứ 3 là gì?")
    label, title = context.items[2]
    assert r.kind == "item"
    assert r.understood_as == f"Nhiệm vụ «{title}» ({label}) là gì?"
    first = read(builtin_engine, context, "cái đầu tiên hạn khi nào?")
    assert context.items[0][1] in first.understood_as and first.understood_as.endswith("hạn khi nào?")
    assert context.items[-1][1] in read(builtin_engine, context, "cái cuối cùng ai phối hợp?").understood_as


def test_an_item_named_with_nv_for_nhiem_vu_is_an_item_of_the_list(builtin_engine):
    context = turn(builtin_engine, "phường âu cơ có những nhiệm vụ nào")
    r = read(builtin_engine, context, "nv thu 3 tinh trang ra sao")
    assert r.kind == "item" and f"({context.items[2][0]}, Phường Âu Cơ)" in r.understood_as


def test_a_count_ending_on_its_asking_word_counts_what_the_last_count_counted(builtin_engine):
    r = read(builtin_engine, turn(builtin_engine, "nq 03 co bao nhieu nhiem vu"), "nhom I co bao nhieu")
    assert r.understood_as == "NQ 03 nhóm I có bao nhiêu nhiệm vụ?"


def test_a_position_beyond_the_list_is_not_a_reference_to_it(builtin_engine):
    context = turn(builtin_engine, "Bộ Y tế chủ trì những nhiệm vụ nào?")
    assert read(builtin_engine, context, "nhiệm vụ thứ 7 là gì?").kind != "item"


def test_xem_them_gives_the_rest_of_the_last_list_numbered_on(builtin_engine):
    context = turn(builtin_engine, "Bộ Tài chính chủ trì những nhiệm vụ nào?")
    assert context.shown < len(context.items)
    answer, kept = builtin_engine.converse("xem thêm", "official", TODAY, context)
    assert kept == replace(context, shown=len(context.items))  # "nhiệm vụ thứ 10" still refers to it
    assert answer.status == "answered" and answer.sources
    first_hidden = context.items[context.shown][0]
    assert f"{context.shown + 1}. " in answer.text and first_hidden in answer.text
    assert answer.understood_as == context.question


def test_a_line_of_a_list_quoted_from_a_guide_is_named_by_its_position(builtin_engine):
    context = turn(builtin_engine, "cong dvc qg co may thanh phan", "citizen")
    assert not context.items and context.points == 6  # the portal's six parts, no register tasks
    answer, kept = builtin_engine.converse("cai thu 3 la gi", "citizen", TODAY, context)
    assert answer.text.startswith("Mục thứ 3 của danh sách: Thanh toán điện tử.") and answer.sources
    assert answer.understood_as == "Mục thứ 3 của danh sách trả lời «Cổng dvc qg có mấy thành phần?»"
    assert replace(kept, pointed="", point_question="") == context  # "còn cái cuối?" still points into that list
    assert kept.pointed == "Thanh toán điện tử."  # … and "xem thêm" asks of the line shown
    last, _ = builtin_engine.converse("còn cái cuối", "citizen", TODAY, kept)
    assert last.text.startswith("Mục thứ 6 của danh sách: Hỗ trợ trực tuyến.")
    english, _ = builtin_engine.converse("what's the second one?", "citizen", TODAY, context)
    assert english.understood_as.startswith("Item 2 of the list answering «") and "Hệ thống đăng nhập" in english.text
    # "muc 1" typed without diacritics is "mức 1", no line of the list; asking more of a line is no pointer
    assert read(builtin_engine, context, "muc 1 dung dc gi", "citizen").kind != "point"
    assert read(builtin_engine, context, "cai thu 3 ai lam", "citizen").kind != "point"
    assert read(builtin_engine, context, "cai thu 9 la gi", "citizen").kind != "point"


def test_a_place_on_a_line_of_a_ranking_is_asked_about_in_the_frame_of_the_list(builtin_engine):
    context = turn(builtin_engine, "top 5 PII 2025")
    assert context.points == 5 and context.point_names[1] == "TP. Hồ Chí Minh"
    answer, kept = builtin_engine.converse("cái thứ 2 bao nhiêu điểm", "official", TODAY, context)
    assert answer.understood_as == "PII 2025 của TP. Hồ Chí Minh bao nhiêu điểm?"
    assert answer.text.startswith("Năm 2025, TP. Hồ Chí Minh đạt 59,33 điểm")
    # the list is still the one pointed into
    third, _ = builtin_engine.converse("cái thứ 3 là gì", "official", TODAY, kept)
    assert third.text.startswith("Mục thứ 3 của danh sách: Quảng Ninh: 58,41 điểm")
    assert third.understood_as == "Mục thứ 3 của danh sách trả lời «Top 5 PII 2025?» (Quảng Ninh)"  # which one it is


def test_a_line_of_a_list_of_sections_is_named_by_what_the_list_counts_and_xem_them_gives_its_section(builtin_engine):
    context = turn(builtin_engine, "các nhóm nhiệm vụ giải pháp của NQ 57")
    assert context.points == 7
    second, kept = builtin_engine.converse("nhóm thứ 2", "official", TODAY, context)
    assert second.text.startswith("Mục thứ 2 của danh sách: Nhóm 2: Hoàn thiện thể chế")
    more, _ = builtin_engine.converse("xem thêm", "official", TODAY, kept)
    assert more.understood_as.startswith("Nhóm 2: Hoàn thiện thể chế, đưa thể chế thành lợi thế cạnh tranh")
    assert more.text.startswith("Nhóm nhiệm vụ thứ hai của Nghị quyết 57-NQ/TW") and "sandbox" in more.text
    # a line that is no section of its own has no more to show
    portal = turn(builtin_engine, "cong dvc qg co may thanh phan", "citizen")
    _, pointed = builtin_engine.converse("cai thu 3 la gi", "citizen", TODAY, portal)
    assert read(builtin_engine, pointed, "xem them", "citizen").kind == "standalone"
    views = turn(builtin_engine, "các quan điểm chỉ đạo của NQ 57")
    first, _ = builtin_engine.converse("quan điểm thứ 1 là gì", "official", TODAY, views)
    assert first.text.startswith("Mục thứ 1 của danh sách: Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số")


def test_after_a_line_of_a_ranking_its_pronoun_stands_for_the_place_on_it(builtin_engine):
    context = turn(builtin_engine, "Top 5 provinces PII 2025?")
    _, pointed = builtin_engine.converse("the third one?", "official", TODAY, context)
    assert pointed.pointed.startswith("Quảng Ninh")
    score, _ = builtin_engine.converse("its score?", "official", TODAY, pointed)
    assert score.understood_as == "What is the score of Quảng Ninh in PII 2025?"
    assert score.text.startswith("In 2025, Quảng Ninh scored 58.41 points")


def test_asking_which_place_drops_the_place_of_the_last_question(builtin_engine):
    context = turn(builtin_engine, "Quảng Ninh PII 2025 xếp thứ mấy")
    answer, _ = builtin_engine.converse("thế đứng đầu là tỉnh nào", "official", TODAY, context)
    assert answer.understood_as == "PII 2025 đứng đầu là tỉnh nào?"
    assert answer.text.startswith("Hà Nội xếp thứ 1/34")


def test_by_what_is_an_asking_phrase_so_a_short_question_is_about_the_last_subject(builtin_engine):
    context = turn(builtin_engine, "Cổng Dịch vụ công quốc gia là gì?", "citizen")
    answer, _ = builtin_engine.converse("đăng nhập bằng gì", "citizen", TODAY, context)
    assert answer.understood_as == "Cổng Dịch vụ công quốc gia đăng nhập bằng gì?"
    assert "Hệ thống đăng nhập một lần" in answer.text


def test_who_presided_over_a_ceremony_asks_about_the_act_of_the_last_question(builtin_engine):
    context = turn(builtin_engine, "cổng dvc quốc gia khai trương khi nào", "citizen")
    answer, _ = builtin_engine.converse("ai chủ trì lễ?", "citizen", TODAY, context)
    assert answer.understood_as == "Ai chủ trì lễ khai trương cổng dvc quốc gia?"
    assert answer.text.startswith("Thủ tướng Nguyễn Xuân Phúc chủ trì lễ khai trương.")


def test_a_swap_after_a_not_found_follow_up_falls_back_on_what_was_answered_before_it(builtin_engine):
    context = turn(builtin_engine, "Tài khoản định danh mức 2 đăng ký ở đâu?", "citizen")
    papers, context = builtin_engine.converse("cần mang gì?", "citizen", TODAY, context)
    assert papers.status == "not_found"  # no guide says what to bring
    r = read(builtin_engine, context, "mức 1 thì sao?", "citizen")
    assert r.understood_as == "Tài khoản định danh mức 1 cần mang gì?"
    assert r.fallback.understood_as == "Tài khoản định danh mức 1 đăng ký ở đâu?"
    answer, kept = builtin_engine.converse("mức 1 thì sao?", "citizen", TODAY, context)
    assert answer.understood_as == r.fallback.understood_as and "tự đăng ký" in answer.text
    assert kept.question == r.fallback.question
    # after an answered follow-up nothing is kept in reserve
    context = turn(builtin_engine, "PII 2025 Hải Phòng đứng thứ mấy?", "citizen")
    assert read(builtin_engine, context, "còn Huế?", "citizen").fallback is None


def test_one_in_an_english_follow_up_stands_for_the_last_subject(builtin_engine):
    context = turn(builtin_engine, "what's a public administration service center", "citizen")
    r = read(builtin_engine, context, "is there one at commune level?", "citizen")
    assert r.understood_as == "Is there a public administration service center at commune level?"
    assert read(builtin_engine, context, "what is a one-stop shop", "citizen").understood_as is None


# --- questions that stand on their own ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "message"),
    [
        ("Bộ Tài chính chủ trì bao nhiêu nhiệm vụ?", "Đề án 06 do ai phê duyệt?"),
        ("Phường Âu Cơ có bao nhiêu nhiệm vụ?", "VNeID là ứng dụng của ai?"),
        ("PII 2025 Hà Nội bao nhiêu điểm?", "Nghị quyết 57 do ai ký?"),
        ("Bộ Nội vụ chủ trì mấy nhiệm vụ?", "Bộ Ngoại giao chủ trì mấy nhiệm vụ?"),
        ("Xã Xuân Đài có nhiệm vụ nào quá hạn?", "Cổng Dịch vụ công quốc gia khai trương ngày nào?"),
        ("Xã Xuân Đài có nhiệm vụ nào quá hạn?", "cong dich vu cong quoc gia khai truong ngay nao"),
        ("thẻ bhyt điện tử xem ở đâu", "Phú Thọ có bao nhiêu xã, phường?"),
    ],
)
def test_a_question_that_stands_on_its_own_is_answered_as_asked(builtin_engine, first, message):
    r = read(builtin_engine, turn(builtin_engine, first), message)
    assert r.kind == "standalone" and r.understood_as is None and r.question == message


@pytest.mark.parametrize(
    ("first", "message"),
    [
        ("nhiem vu nao ve ban dan", "bao nhieu nv co san pham la de an"),
        ("nhiem vu nao ve ban dan", "co may nhiem vu ve do thi thong minh"),
        ("bao nhieu nv co san pham la de an", "co may nhiem vu ve do thi thong minh"),
    ],
)
def test_a_count_of_tasks_by_a_product_or_topic_of_its_own_is_a_new_question(builtin_engine, first, message):
    r = read(builtin_engine, turn(builtin_engine, first), message)
    assert r.kind == "standalone" and r.understood_as is None


@pytest.mark.parametrize(
    ("first", "message"),
    [
        ("dong bhxh tu nguyen bn tien 1 thang", "lam giay phep xay dung can gi"),
        ("cai vssid co mat tien k", "link dvc qg cho e xin"),
    ],
)
def test_after_a_not_found_a_question_with_none_of_its_words_is_a_new_question(builtin_engine, first, message):
    context = turn(builtin_engine, first, "citizen")
    assert context.status == "not_found"
    r = read(builtin_engine, context, message, "citizen")
    assert r.kind == "standalone" and r.understood_as is None


def test_after_a_not_found_a_question_the_cited_guide_answers_is_still_about_its_subject(builtin_engine):
    """ "the bhyt giay mat thi lam sao" finds nothing but cites the BHYT guide; "the dien tu xem o dau" is
    answered there: asked about the card ("thẻ", not the frame word "thế")."""
    context = turn(builtin_engine, "the bhyt giay mat thi lam sao", "citizen")
    assert context.subject.startswith("thẻ BHYT")
    r = read(builtin_engine, context, "the dien tu xem o dau", "citizen")
    assert r.kind == "fill" and r.understood_as.startswith("Thẻ BHYT")


def test_a_list_asked_for_with_please_asks_nothing_more(builtin_engine):
    r = read(builtin_engine, turn(builtin_engine, "phuong hoa binh co may viec qua han"), "liet ke giup")
    assert r.kind == "fill" and "nhiệm vụ nào" in r.understood_as and "giúp" not in r.understood_as


def test_without_a_last_turn_or_after_a_role_change_nothing_is_carried_over(builtin_engine):
    context = turn(builtin_engine, "Bộ Y tế chủ trì mấy nhiệm vụ?", "official")
    assert read(builtin_engine, None, "Bộ Công an?").kind == "standalone"
    assert read(builtin_engine, context, "Bộ Công an?", role="citizen").kind == "standalone"


def test_an_out_of_service_turn_leaves_nothing_to_continue(builtin_engine):
    assert turn(builtin_engine, "hom nay troi co mua khong", "citizen") is None


def test_a_context_survives_its_json_form(builtin_engine):
    context = turn(builtin_engine, "Bộ Quốc phòng chủ trì những nhiệm vụ nào?")
    assert Context.from_json(context.to_json()) == context


def test_cau_hoi_moi_starts_over_and_keeps_what_follows_it():
    assert is_reset("câu hỏi mới") and is_reset("Cau hoi moi: Bộ Y tế chủ trì mấy nhiệm vụ?")
    assert after_reset("Câu hỏi mới: Bộ Y tế chủ trì mấy nhiệm vụ?") == "Bộ Y tế chủ trì mấy nhiệm vụ?"
    assert not is_reset("Bộ Y tế chủ trì mấy nhiệm vụ mới?")


def test_remember_keeps_the_answers_list_in_the_order_shown(builtin_engine):
    index = builtin_engine.index()
    r = resolve(index, None, "Bộ Y tế chủ trì những nhiệm vụ nào?", "official", TODAY)
    answer, _ = builtin_engine.converse(r.message, "official", TODAY)
    context = remember(index, r, answer)
    labels = [label for label, _ in context.items]
    assert labels and all(label in answer.text for label in labels)
    assert [answer.text.index(label) for label in labels] == sorted(answer.text.index(label) for label in labels)


def test_a_run_of_questions_of_their_own_in_one_conversation_is_answered_as_asked(builtin_dense_engine, dense_eval):
    """Every question of the tuning sets, asked right after the one before it in one conversation, is read
    as a question of its own: history is never glued onto a new question. Each answer is the default engine's
    (shared with the ratchets: a question standing alone is answered as `Engine.ask` answers it), and the
    conversation keeps what `Engine.converse` would keep after it."""
    from conftest import REPO

    index = builtin_dense_engine.index()
    glued = []
    for name in ("dev-tune.jsonl", "users-tune.jsonl"):
        report, context = dense_eval(REPO / "tests" / "eval" / name), None
        for case, answer in zip(report.cases, report.answers, strict=True):
            if context is not None and context.role == case.role:
                r = resolve(index, context, case.question, case.role, TODAY)
                if r.kind != "standalone":
                    glued.append(f"{context.question!r} → {case.question!r}: {r.understood_as!r}")
            alone = resolve(index, None, case.question, case.role, TODAY)
            context = remember(index, alone, answer, context)
    assert glued == []


def test_which_of_the_last_list_keeps_its_subject(builtin_engine):
    context = turn(builtin_engine, "Phường Âu Cơ có bao nhiêu nhiệm vụ?")
    answer, _ = builtin_engine.converse("cái nào chưa hoàn thành?", "official", TODAY, context)
    assert answer.understood_as == "Phường Âu Cơ có những nhiệm vụ nào chưa hoàn thành?"  # the count, listed
    assert "2 nhiệm vụ của phường Âu Cơ chưa hoàn thành" in answer.text
    dated = read(builtin_engine, turn(builtin_engine, "Bộ Y tế chủ trì những nhiệm vụ nào?"), "cái nào hạn năm 2025?")
    assert dated.understood_as == "Bộ Y tế chủ trì những nhiệm vụ nào hạn năm 2025?"  # the list's question, narrowed
    context = turn(builtin_engine, "Có những nhiệm vụ nào hạn tháng 9/2025?")
    answer, _ = builtin_engine.converse("cái nào do Bộ Công Thương chủ trì?", "official", TODAY, context)
    assert answer.understood_as == "Có những nhiệm vụ nào hạn tháng 9/2025 do Bộ Công Thương chủ trì?"
    assert "NQ03-067" in answer.text


def test_after_a_question_about_one_item_the_list_is_still_there_and_its_slots_can_be_swapped(builtin_engine):
    context = turn(builtin_engine, "Xã Tam Đảo có những nhiệm vụ nào?")
    second, context = builtin_engine.converse("nhiệm vụ thứ 2 hạn khi nào?", "official", TODAY, context)
    assert "Xã Tam Đảo" in second.understood_as and "UBND xã Tam Đảo" in second.text
    third, after = builtin_engine.converse("còn nhiệm vụ thứ 3?", "official", TODAY, context)
    label, title = context.items[2]
    assert third.understood_as == f"Nhiệm vụ «{title}» ({label}, Xã Tam Đảo) hạn khi nào?"
    # every commune has a task of this name: the answer is Tam Đảo's own
    assert "UBND xã Tam Đảo" in third.text
    assert read(builtin_engine, after, "vậy còn xã Xuân Đài").understood_as == "Xã Xuân Đài có những nhiệm vụ nào?"


def test_a_name_typed_with_diacritics_is_not_read_as_a_question_word(builtin_engine):
    assert subject_of("Phường Âu Cơ có bao nhiêu nhiệm vụ?") == "Phường Âu Cơ"
    assert is_reset("Cau hoi moi: Bộ Y tế chủ trì mấy nhiệm vụ?")


# --- more everyday ways to continue -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "message", "understood", "role"),
    [
        (
            "Quảng Ninh xếp thứ mấy về PII 2025?",
            "còn TP. Hồ Chí Minh thì sao?",
            "TP. Hồ Chí Minh xếp thứ mấy về PII 2025?",
            "citizen",
        ),
        (
            "How many tasks does the Ministry of Health lead?",
            "what about the Ministry of Foreign Affairs?",
            "How many tasks does the Ministry of Foreign Affairs lead?",
            "citizen",
        ),
        (
            "Bộ Y tế chủ trì mấy nhiệm vụ?",
            "con bo khcn thi sao",
            "Bộ Khoa học và Công nghệ chủ trì mấy nhiệm vụ?",
            "official",
        ),
        ("Phú Thọ có bao nhiêu xã?", "còn phường thì sao?", "Phú Thọ có bao nhiêu phường?", "citizen"),
        (  # a month without its year keeps the year it replaces
            "Trong Phụ lục II NQ 03, nhiệm vụ nào có hạn tháng 9/2025?",
            "thế tháng 12?",
            "Trong Phụ lục II NQ 03, nhiệm vụ nào có hạn tháng 12/2025?",
            "official",
        ),
        (  # a part of the year keeps the year of the part it replaces
            "Tăng trưởng GRDP Phú Thọ cả năm 2025 là bao nhiêu?",
            "thế 9 tháng đầu năm thì sao",
            "Tăng trưởng GRDP Phú Thọ 9 tháng đầu năm 2025 là bao nhiêu?",
            "official",
        ),
        (
            "Phường Âu Cơ còn bao nhiêu nhiệm vụ chưa hoàn thành?",
            "còn quá hạn?",
            "Phường Âu Cơ còn bao nhiêu nhiệm vụ quá hạn?",
            "official",
        ),
        (
            "Bộ chỉ số PII có bao nhiêu trụ cột?",
            "thế còn chỉ số thành phần?",
            "Bộ chỉ số PII có bao nhiêu chỉ số thành phần?",
            "citizen",
        ),
    ],
)
def test_a_name_or_a_counted_noun_on_its_own_takes_the_place_of_its_kind(
    builtin_engine, first, message, understood, role
):
    r = read(builtin_engine, turn(builtin_engine, first, role), message, role)
    assert r.kind == "swap"
    assert r.understood_as == understood


def test_a_noun_phrase_takes_the_place_of_what_the_last_question_was_about_and_keeps_the_rest(builtin_engine):
    first = "Tỉ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp đến 2030 theo NQ 03 là bao nhiêu?"
    r = read(
        builtin_engine, turn(builtin_engine, first), "còn tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo thì sao?"
    )
    assert r.kind == "topic"
    assert r.understood_as == "Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đến 2030 theo NQ 03 là bao nhiêu?"
    answer, _ = builtin_engine.converse(r.message, "official", TODAY, turn(builtin_engine, first))
    assert "40%" in answer.text or "≥ 40" in answer.text
    first = "Tỷ trọng kinh tế số trong GRDP của Phú Thọ năm 2025 là bao nhiêu?"
    r = read(builtin_engine, turn(builtin_engine, first), "còn tỷ lệ cán bộ, công chức cấp tỉnh có kỹ năng số?")
    assert r.understood_as == "Tỷ lệ cán bộ, công chức cấp tỉnh có kỹ năng số của Phú Thọ năm 2025 là bao nhiêu?"
    # what it asks is no topic: "hạn chót" is asked about the task the last answer was about
    context = turn(builtin_engine, "Nhiệm vụ thành lập Quỹ Đầu tư phát triển công nghiệp chiến lược do ai chủ trì?")
    assert read(builtin_engine, context, "thế còn hạn chót?").kind == "fill"


def test_after_an_answer_about_one_task_a_missing_slot_asks_about_that_task(builtin_engine):
    context = turn(builtin_engine, "Bộ tiêu chí đánh giá mức độ chuyển đổi số doanh nghiệp hạn khi nào?", "citizen")
    assert context.entity and context.entity[0] == "NQ03-120"
    r = read(builtin_engine, context, "ai chủ trì?", "citizen")
    assert r.kind == "fill"
    assert r.understood_as == "Nhiệm vụ «Bộ tiêu chí đánh giá mức độ chuyển đổi số doanh nghiệp» (NQ03-120) ai chủ trì?"
    # a one-item list: its item; asked without diacritics, in the words of a commune official
    context = turn(builtin_engine, "xa tam dao co viec nao qua han ko")
    assert len(context.items) == 1 and context.entity == context.items[0]
    answer, context = builtin_engine.converse("ai phụ trách?", "official", TODAY, context)
    assert "PT-TDAO-01" in answer.understood_as and "UBND xã Tam Đảo" in answer.text
    answer, _ = builtin_engine.converse("hạn chót là bao giờ?", "official", TODAY, context)
    assert "PT-TDAO-01" in answer.understood_as and "30/11/2025" in answer.text
    # an answer that opens with the task asked about is about it, though it names another one after it
    context = turn(builtin_engine, "Phường Vĩnh Yên chuẩn hóa TTHCC hạn khi nào?")
    assert context.entity[0] == "PT-VYEN-05"
    understood = read(builtin_engine, context, "ai phối hợp?").understood_as
    assert understood.startswith("Nhiệm vụ «Chuẩn hóa Trung tâm") and "(PT-VYEN-05, Phường Vĩnh Yên)" in understood
    context = turn(builtin_engine, "Âu Cơ phải chuẩn hóa trung tâm hành chính công trước ngày nào?")
    assert context.entity[0] == "PT-AUCO-02"  # "Âu Cơ phải" is no "có phải"


def test_a_greeting_is_answered_as_asked_and_the_conversation_goes_on_from_before_it(builtin_engine):
    context = turn(builtin_engine, "Bộ Y tế chủ trì mấy nhiệm vụ?")
    for greeting in ("xin chào", "Cảm ơn bạn nhé!", "cam on ad", "hi", "ok", "dạ vâng ạ", "được rồi, cảm ơn"):
        r = read(builtin_engine, context, greeting)
        assert r.kind == "greeting" and r.understood_as is None
    answer, kept = builtin_engine.converse("cảm ơn nhiều", "official", TODAY, context)
    assert kept == context and answer.understood_as is None
    assert read(builtin_engine, kept, "còn Bộ Nội vụ?").understood_as == "Bộ Nội vụ chủ trì mấy nhiệm vụ?"
    assert read(builtin_engine, context, "chào Bộ Nội vụ, có mấy nhiệm vụ?").kind != "greeting"


def test_the_subject_leaves_out_what_was_asked_and_stays_while_more_is_asked_about_it(builtin_engine):
    assert subject_of("Cổng Dịch vụ công quốc gia có địa chỉ web là gì?") == "Cổng Dịch vụ công quốc gia"
    assert subject_of("Quyết định 204-QĐ/TW phê duyệt đề án gì?") == "Quyết định 204-QĐ/TW"
    assert subject_of("Bộ chỉ số PII có bao nhiêu trụ cột?") == "Bộ chỉ số PII"
    assert subject_of("Ban Chỉ đạo chuyển đổi số trong các cơ quan đảng do ai làm trưởng ban?") == (
        "Ban Chỉ đạo chuyển đổi số trong các cơ quan đảng"
    )
    assert subject_of("mã số bhxh bây giờ là số gì") == "mã số bhxh"
    assert subject_of("What is Resolution 57 about?") == "Resolution 57"
    assert subject_of("Lệ phí làm định danh mức 2 là bao nhiêu?") == "định danh mức 2"  # what it asked goes
    # typed without diacritics "dat dai" is no "đạt": only the verb next to the asking phrase goes
    assert subject_of("xa xuan dai so hoa du lieu dat dai han khi nao") == "xa xuan dai so hoa du lieu dat dai"
    context = turn(builtin_engine, "Quyết định 598/QĐ-TTg thành lập ban chỉ đạo nào?")
    _, context = builtin_engine.converse("ai làm trưởng ban?", "official", TODAY, context)
    assert context.subject == "Quyết định 598/QĐ-TTg"
    assert read(builtin_engine, context, "có mấy tiểu ban?").understood_as == "Quyết định 598/QĐ-TTg có mấy tiểu ban?"


def test_a_longer_weak_question_gets_the_last_subject_where_its_own_topic_ends(builtin_engine):
    context = turn(builtin_engine, "Chuyển đổi số trong các cơ quan đảng năm 2025 hoàn thành bao nhiêu nhiệm vụ?")
    r = read(builtin_engine, context, "hội nghị tổng kết có bao nhiêu điểm cầu?")
    assert r.kind == "expand"
    assert r.understood_as == "Hội nghị tổng kết chuyển đổi số trong các cơ quan đảng năm 2025 có bao nhiêu điểm cầu?"


def test_a_word_pointing_back_is_replaced_by_the_last_subject(builtin_engine):
    context = turn(builtin_engine, "Tỷ lệ người dân có hồ sơ sức khỏe điện tử đến năm 2030 là bao nhiêu?")
    r = read(builtin_engine, context, "cơ quan nào theo dõi chỉ tiêu này?")
    assert r.understood_as == "Cơ quan nào theo dõi tỷ lệ người dân có hồ sơ sức khỏe điện tử đến năm 2030?"
    context = turn(builtin_engine, "Nghị quyết 57 nói về vấn đề gì?", "citizen")
    assert read(builtin_engine, context, "ai ký nghị quyết đó?", "citizen").understood_as == "Ai ký nghị quyết 57?"


def test_a_name_with_a_shorter_form_of_the_last_question_is_that_question_for_the_name(builtin_engine):
    context = turn(builtin_engine, "Bộ Y tế chủ trì mấy nhiệm vụ?")
    for message, understood in [
        ("thế Bộ Công Thương chủ trì mấy cái?", "Bộ Công Thương chủ trì mấy nhiệm vụ?"),
        ("còn Bộ Ngoại giao thì chủ trì bao nhiêu?", "Bộ Ngoại giao chủ trì mấy nhiệm vụ?"),
    ]:
        r = read(builtin_engine, context, message)
        assert (r.kind, r.understood_as) == ("swap", understood)
    # asked in full, or asked about something else, it is a question of its own
    assert read(builtin_engine, context, "vậy Bộ Nội vụ có bao nhiêu nhiệm vụ?").kind == "standalone"
    assert read(builtin_engine, context, "còn Bộ Nội vụ phối hợp mấy nhiệm vụ?").kind == "standalone"
    context = turn(builtin_engine, "xã Tam Đảo có việc nào quá hạn không?")
    assert read(builtin_engine, context, "thế phường Hòa Bình có việc nào quá hạn?").kind == "standalone"
    context = turn(builtin_engine, "PII 2025 Hải Phòng đứng thứ mấy?", "citizen")
    assert (
        read(builtin_engine, context, "còn Huế thì đứng thứ mấy?", "citizen").understood_as
        == "PII 2025 Huế đứng thứ mấy?"
    )
    assert read(builtin_engine, context, "còn Huế thì được bao nhiêu điểm?", "citizen").kind == "standalone"


def test_everyday_words_around_a_list_reference_say_nothing_more(builtin_engine):
    context = turn(builtin_engine, "Bộ Tài chính chủ trì những nhiệm vụ nào?")
    for message in ("xem thêm đi", "xem tiếp giúp mình"):
        assert read(builtin_engine, context, message).kind == "more"
    label, title = context.items[1]
    r = read(builtin_engine, context, "cái thứ hai của danh sách hạn khi nào")
    assert r.understood_as == f"Nhiệm vụ «{title}» ({label}) hạn khi nào?"


# --- the understood question reads as a person would write it -------------------------------------------


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [
        # names as the data spells them, chat words in full, a capital and a question mark
        ("bộ tc chủ trì mấy nv nq03", "còn bộ nv?", "Bộ Nội vụ chủ trì mấy nhiệm vụ NQ03?"),
        ("Ha Noi PII 2025 dc bao nhieu diem", "con hai phong", "Hải Phòng PII 2025 được bao nhiêu điểm?"),
        ("phường âu cơ có bao nhiêu nhiệm vụ", "còn xã tam đảo?", "Xã Tam Đảo có bao nhiêu nhiệm vụ?"),
        # typed without diacritics: written as the corpus writes the words
        ("xa xuan dai co may viec qua han", "con xa tam dao", "Xã Tam Đảo có mấy việc quá hạn?"),
        ("vneid muc 2 dang ky o dau", "co mat phi ko", "VNeID mức 2 có mất phí không?"),
        # English: a whole question, with the last question's verb
        ("Who signed Decision 06/QĐ-TTg?", "when?", "When was Decision 06/QĐ-TTg signed?"),
        ("What is Resolution 57 about?", "when?", "When was Resolution 57 issued?"),
        ("What is Resolution 57 about?", "who signed?", "Who signed Resolution 57?"),
        ("How many points did Hanoi get in PII 2025?", "what rank?", "What rank for Hanoi in PII 2025?"),
    ],
)
def test_the_understood_question_is_one_a_person_would_write(builtin_engine, first, message, understood):
    r = read(builtin_engine, turn(builtin_engine, first, "citizen"), message, "citizen")
    assert r.understood_as == understood == r.question


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [
        (
            "Phường Vĩnh Yên còn mấy nhiệm vụ chưa xong?",
            "những nhiệm vụ nào",
            "Phường Vĩnh Yên còn những nhiệm vụ nào chưa xong?",
        ),
        ("Bộ Y tế chủ trì mấy nhiệm vụ?", "kể ra đi", "Bộ Y tế chủ trì những nhiệm vụ nào?"),
        ("phường âu cơ có bao nhiêu nhiệm vụ", "cái nào chưa xong", "Phường Âu Cơ có những nhiệm vụ nào chưa xong?"),
        # "mấy việc" counted tasks: they are listed as the registers call them
        ("Bộ Y tế chủ trì mấy việc?", "cái nào sắp hết hạn", "Bộ Y tế chủ trì những nhiệm vụ nào sắp hết hạn?"),
        (
            "How many tasks does the Ministry of Health lead?",
            "which ones?",
            "Which tasks does the Ministry of Health lead?",
        ),
    ],
)
def test_which_ones_after_a_count_asks_for_the_counted_tasks_as_a_list(builtin_engine, first, message, understood):
    r = read(builtin_engine, turn(builtin_engine, first), message)
    assert r.understood_as == understood


def test_an_english_question_about_the_last_task_names_the_task_in_english(builtin_engine):
    context = turn(builtin_engine, "What is the deadline of the task on the National Data Center?")
    r = read(builtin_engine, context, "who leads?")
    assert r.understood_as.startswith("Who leads the task «") and r.understood_as.endswith("(NQ03-069)?")
    later = remember(
        builtin_engine.index(), r, builtin_engine.converse("who leads?", "official", TODAY, context)[0], context
    )
    assert "NQ03-069" in read(builtin_engine, later, "what is the output?").understood_as  # still that task


def test_a_subject_is_read_without_its_chat_words_and_what_a_count_asked():
    assert subject_of("phu tho pii 2025 dc bao nhieu diem") == "phu tho pii 2025"
    assert subject_of("lệ phí làm căn cước bao nhiêu") == "căn cước"  # the fee was asked, not the card
    assert subject_of("nghi quyet 57 noi ve gi") == "nghi quyet 57"
    assert subject_of("ma so bhxh gio la so nao") == "ma so bhxh"
    assert subject_of("How many points did Hanoi get in PII 2025?") == "Hanoi in PII 2025"


def test_a_word_typed_with_diacritics_is_no_frame_word_that_folds_the_same():
    assert unframe("vậy còn thẻ điện tử thì sao") == ("thẻ điện tử", True)  # "thẻ" is no "thế"
    assert unframe("con Bộ Y tế thi sao") == ("Bộ Y tế", True)  # frame words typed without diacritics
    assert unframe("the con da nang thi sao") == ("da nang", True)


def test_what_a_thing_is_asked_after_a_register_answer_stands_on_its_own(builtin_engine):
    context = turn(builtin_engine, "Bộ Y tế chủ trì mấy nhiệm vụ?")
    assert read(builtin_engine, context, "chuyển đổi số là gì").kind == "standalone"
    assert read(builtin_engine, context, "sản phẩm là gì").kind != "standalone"  # asks about the tasks


def test_a_subject_asked_without_diacritics_in_an_accented_question_loses_what_was_asked():
    assert subject_of("Thẻ điện tử con dung duoc khong") == "Thẻ điện tử"
    assert subject_of("thủ tục đăng ký khai sinh online làm thế nào") == "thủ tục đăng ký khai sinh online"
    assert subject_of("vneid muc 2 dung de lam gi") == "vneid muc 2"


def test_a_ministry_swapped_for_a_provincial_department_leaves_the_province_behind(builtin_engine):
    context = turn(builtin_engine, "Sở Y tế Phú Thọ chủ trì mấy nhiệm vụ?")
    assert read(builtin_engine, context, "vậy Bộ Y tế?").understood_as == "Bộ Y tế chủ trì mấy nhiệm vụ?"


def test_a_phrase_said_more_fully_takes_the_place_of_the_shorter_one(builtin_engine):
    context = turn(builtin_engine, "Quyết định 598/QĐ-TTg thành lập ban chỉ đạo nào")
    _, context = builtin_engine.converse("ai làm trưởng ban", "official", TODAY, context)
    r = read(builtin_engine, context, "thế phó trưởng ban")
    assert r.understood_as == "Quyết định 598/QĐ-TTg ai làm phó trưởng ban?"


def test_a_zero_count_leaves_no_task_behind_to_ask_about(builtin_engine):
    context = turn(builtin_engine, "Phường Việt Trì có mấy nhiệm vụ quá hạn?")  # none: the register is its source
    assert context.entity == ()
    assert "«" not in read(builtin_engine, context, "ai phụ trách?").understood_as


def test_a_ministry_typed_in_chat_is_swapped_as_its_name(builtin_engine):
    context = turn(builtin_engine, "bộ tc chủ trì mấy nv nq03")
    assert "17 nhiệm vụ" in builtin_engine.converse("bộ tc chủ trì mấy nv nq03", "official", TODAY)[0].text
    assert read(builtin_engine, context, "thế bqp?").understood_as == "Bộ Quốc phòng chủ trì mấy nhiệm vụ NQ03?"


def test_con_that_means_still_stays_in_the_question(builtin_engine):
    context = turn(builtin_engine, "Nghị định 59/2022/NĐ-CP quy định về gì?", "citizen")
    r = read(builtin_engine, context, "còn hiệu lực không?", "citizen")
    assert r.understood_as == "Nghị định 59/2022/NĐ-CP còn hiệu lực không?"  # not "… có hiệu lực không bao giờ?"


def test_a_document_named_by_its_short_english_name_is_written_out(builtin_engine):
    context = turn(builtin_engine, "Who signed Resolution 57?", "citizen")
    assert read(builtin_engine, context, "and res 71?", "citizen").understood_as == "Who signed Resolution 71?"
    context = turn(builtin_engine, "what is res 57 about", "citizen")
    assert read(builtin_engine, context, "who signed it?", "citizen").understood_as == "Who signed Resolution 57?"


def test_a_short_question_about_a_thing_no_passage_names_is_a_new_question(builtin_engine):
    context = turn(builtin_engine, "tài khoản định danh mức 2 đăng ký ở đâu?", "citizen")
    assert read(builtin_engine, context, "hộ chiếu làm ở đâu", "citizen").kind == "standalone"
    context = turn(builtin_engine, "the bhyt dien tu xem o dau", "citizen")
    assert read(builtin_engine, context, "dang ky ket hon can gi", "citizen").kind == "standalone"
    # what a subject has, named side by side in its passages, still asks about it
    context = turn(builtin_engine, "Kế hoạch 02-KH/BCĐTW ban hành ngày nào?")
    assert read(builtin_engine, context, "giai đoạn cấp bách đến khi nào?").kind != "standalone"


# --- the last question asked again of another name, without a frame ------------------------------------


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [
        ("PII 2025 Hải Phòng đứng thứ mấy?", "Gia Lai đứng thứ mấy?", "PII 2025 Gia Lai đứng thứ mấy?"),
        ("Bộ Y tế chủ trì mấy nhiệm vụ?", "Bộ Công an chủ trì bao nhiêu?", "Bộ Công an chủ trì mấy nhiệm vụ?"),
    ],
)
def test_a_name_with_a_few_words_of_the_last_question_and_its_open_count_asks_it_again(
    builtin_engine, first, message, understood
):
    r = read(builtin_engine, turn(builtin_engine, first), message)
    assert (r.kind, r.understood_as) == ("swap", understood)


def test_a_province_asked_its_rank_after_a_pii_rank_keeps_the_indicator_not_the_provinces_area(builtin_engine):
    context = turn(builtin_engine, "ha noi pii 2025 xep thu may", "citizen")
    answer, _ = builtin_engine.converse("phú thọ đứng thứ mấy?", "citizen", TODAY, context)
    assert "pii" in answer.understood_as.lower() and "Phú Thọ" in answer.understood_as
    assert "15/34" in answer.text and "diện tích" not in answer.text


@pytest.mark.parametrize(
    ("first", "message"),
    [  # a full question again, or one that names more than the one name it swaps: a question of its own
        ("Bộ Nội vụ chủ trì mấy nhiệm vụ?", "Bộ Ngoại giao chủ trì mấy nhiệm vụ?"),
        (
            "Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP đến năm 2030?",
            "NQ57 đặt mục tiêu kinh tế số đến năm 2045 là bao nhiêu?",
        ),
        ("Xã Tam Đảo có bao nhiêu nhiệm vụ?", "Phú Thọ có bao nhiêu xã?"),
    ],
)
def test_an_unframed_question_with_words_of_its_own_is_not_a_swap(builtin_engine, first, message):
    assert read(builtin_engine, turn(builtin_engine, first), message).kind == "standalone"


# --- a status or a deadline said on its own after a count ---------------------------------------------


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [
        ("Phường Âu Cơ đã hoàn thành mấy nhiệm vụ?", "còn chưa xong?", "Phường Âu Cơ có mấy nhiệm vụ chưa xong?"),
        ("phường vĩnh yên có mấy nhiệm vụ", "đã xong mấy cái", "Phường Vĩnh Yên có mấy nhiệm vụ đã xong?"),
        (  # the status takes the place of the count's, and a bare "hoàn thành" is asked as the registers' status
            "phường việt trì có mấy việc đang thực hiện",
            "còn hoàn thành?",
            "Phường Việt Trì có mấy việc đã hoàn thành?",
        ),
        # chat words for a status, and a count closed by "rồi" ("rồi" is not what was counted)
        ("phuong au co xong may viec roi", "con chua lam", "Phường Âu Cơ có mấy việc chua lam?"),
        ("xã tam đảo có mấy việc chưa làm", "còn đang làm", "Xã Tam Đảo có mấy việc đang làm?"),
    ],
)
def test_a_status_on_its_own_after_a_count_counts_the_tasks_in_that_status(builtin_engine, first, message, understood):
    r = read(builtin_engine, turn(builtin_engine, first), message)
    assert (r.kind, r.understood_as) == ("swap", understood)


def test_which_of_them_with_a_status_replaces_the_status_the_count_had(builtin_engine):
    context = turn(builtin_engine, "Phường Âu Cơ đã hoàn thành mấy nhiệm vụ?")
    answer, context = builtin_engine.converse("còn chưa xong?", "official", TODAY, context)
    assert "Có 2 nhiệm vụ của phường Âu Cơ chưa hoàn thành" in answer.text
    r = read(builtin_engine, context, "cái nào chưa thực hiện")
    assert r.understood_as == "Phường Âu Cơ có những nhiệm vụ nào chưa thực hiện?"


def test_a_deadline_month_without_its_year_is_added_to_a_count_as_this_years(builtin_engine):
    context = turn(builtin_engine, "xã Xuân Đài có bao nhiêu nhiệm vụ")
    answer, _ = builtin_engine.converse("hạn tháng 6 thì sao", "official", TODAY, context)
    assert answer.understood_as == "Xã Xuân Đài có bao nhiêu nhiệm vụ hạn tháng 6/2026?"
    assert "Có 1 nhiệm vụ" in answer.text and "PT-XDAI-03" in answer.text


def test_how_far_a_task_has_got_is_asked_about_the_last_task(builtin_engine):
    context = turn(builtin_engine, "Xã Tam Đảo hướng dẫn người dân kích hoạt VNeID mức 2 hạn khi nào?")
    answer, _ = builtin_engine.converse("tiến độ sao rồi", "official", TODAY, context)
    assert "PT-TDAO-04" in answer.understood_as and "Đang thực hiện" in answer.text


def test_a_paper_a_citizen_names_is_a_question_of_its_own_after_a_vneid_answer(builtin_engine):
    """The VNeID guide lists the driving licence among the papers an account replaces; exchanging one is
    another matter."""
    context = turn(builtin_engine, "vneid có từ bao giờ", "citizen")
    assert read(builtin_engine, context, "giấy phép lái xe đổi ở đâu", "citizen").kind == "standalone"


@pytest.mark.parametrize(
    ("first", "message"),
    [
        ("vneid la gi", "dvc quoc gia khai truong nam nao vay"),
        ("Bộ Tài chính chủ trì mấy nhiệm vụ", "so dinh danh ca nhan gom mấy chữ số ạ"),
        ("Xã Tam Đảo có bao nhiêu nhiệm vụ?", "trung tâm phục vụ hành chính công cấp xã có không nhỉ"),
        ("How many wards are there in Phu Tho?", "Is it still possible to get a paper health insurance card reissued?"),
    ],
)
def test_a_question_of_its_own_softened_by_a_particle_or_a_dummy_it_is_answered_as_asked(
    builtin_engine, first, message
):
    """ "ạ", "vậy", "nhỉ" end any question, and the "it" of "is it still possible" points nowhere: with its own
    subject and its own asking words, the message does not lack what the last turn supplies."""
    context = turn(builtin_engine, first, "citizen")
    assert read(builtin_engine, context, message, "citizen").kind == "standalone"


def test_a_frame_opens_up_to_its_con_and_closes_from_its_thi():
    assert unframe("con the giay thi sao") == ("the giay", True)  # "còn thẻ giấy thì sao", no "thế"
    assert unframe("còn thẻ giấy thì sao?") == ("thẻ giấy", True)
    assert unframe("ok, còn Bộ Y tế thì sao nhỉ") == ("Bộ Y tế", True)


def test_a_place_pointed_back_at_is_where_the_last_subject_is_done(builtin_engine):
    context = turn(builtin_engine, "Tài khoản định danh mức 2 đăng ký ở đâu?", "citizen")
    answer, _ = builtin_engine.converse("ra đó họ lấy thông tin gì", "citizen", TODAY, context)
    assert answer.understood_as == "Tài khoản định danh mức 2 họ lấy thông tin gì?"
    assert "vân tay" in answer.text


def test_the_words_that_ask_are_no_subject_of_a_short_question(builtin_engine):
    context = turn(builtin_engine, "Cổng Dịch vụ công quốc gia khai trương ngày nào?", "citizen")
    answer, _ = builtin_engine.converse("xây dựng mất bao lâu", "citizen", TODAY, context)
    assert answer.understood_as == "Cổng Dịch vụ công quốc gia xây dựng mất bao lâu?"
    assert "9 tháng" in answer.text


def test_a_generic_body_before_an_asking_word_names_nothing(builtin_engine):
    """ "có cần ra công an không" after the level 1 account asks about that account: "công an không" is no body."""
    context = turn(builtin_engine, "tài khoản định danh mức 1 đăng ký sao", "citizen")
    r = read(builtin_engine, context, "co can ra cong an ko", "citizen")
    assert r.kind == "fill" and "mức 1" in r.understood_as


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [
        ("PII 2024 của Phú Thọ được mấy điểm?", "năm ngoái thì sao", "PII 2025 của Phú Thọ được mấy điểm?"),
        ("PII 2025 của Hà Nội bao nhiêu điểm?", "năm trước thì sao?", "PII 2024 của Hà Nội bao nhiêu điểm?"),
        (
            "Bộ Giáo dục và Đào tạo có mấy nhiệm vụ hạn năm 2025?",
            "năm nay?",
            "Bộ Giáo dục và Đào tạo có mấy nhiệm vụ hạn năm 2026?",
        ),
    ],
)
def test_a_year_said_from_today_or_from_the_year_asked_replaces_the_year(builtin_engine, first, message, understood):
    """In February 2026 "năm ngoái" is 2025 and "năm nay" 2026; "năm trước" is the year before the one asked."""
    assert read(builtin_engine, turn(builtin_engine, first), message).understood_as == understood


def test_the_nation_a_rank_is_among_is_no_place_asked_about(builtin_engine):
    context = turn(builtin_engine, "Tăng trưởng GRDP 9 tháng của Phú Thọ là bao nhiêu?")
    answer, _ = builtin_engine.converse("xếp thứ mấy cả nước", "official", TODAY, context)
    assert answer.understood_as == "Tăng trưởng GRDP 9 tháng của Phú Thọ xếp thứ mấy cả nước?"
    assert "4/34" in answer.text


@pytest.mark.parametrize("message", ["thế cấp bộ?", "còn ở bộ thì sao"])
def test_a_level_of_government_replaces_the_level_asked(builtin_engine, message):
    context = turn(builtin_engine, "Trung tâm phục vụ hành chính công có ở cấp xã không?", "citizen")
    answer, _ = builtin_engine.converse(message, "citizen", TODAY, context)
    assert answer.understood_as == "Trung tâm phục vụ hành chính công có ở cấp bộ không?"
    assert "bộ phận tiếp nhận và trả kết quả" in answer.text


def test_a_framed_name_that_asks_nothing_takes_the_place_of_the_last_topic(builtin_engine):
    """ "GRDP" is a name, but no slot: "còn tăng trưởng GRDP 9 tháng" keeps the province and what was asked."""
    context = turn(builtin_engine, "Tỷ trọng kinh tế số trong GRDP của Phú Thọ là bao nhiêu?")
    answer, _ = builtin_engine.converse("còn tăng trưởng GRDP 9 tháng", "official", TODAY, context)
    assert answer.understood_as == "Tăng trưởng GRDP 9 tháng của Phú Thọ là bao nhiêu?"
    assert "10,22" in answer.text


def test_an_english_follow_up_names_the_agency_and_the_subject_in_full(builtin_engine):
    context = turn(builtin_engine, "how many tasks does the Ministry of Home Affairs lead?")
    swapped = read(builtin_engine, context, "and MoST?")
    assert swapped.understood_as == "How many tasks does the Ministry of Science and Technology lead?"
    context = turn(builtin_engine, "when was the national public service portal launched", "citizen")
    asked = read(builtin_engine, context, "who chaired the launch?", "citizen")
    assert asked.understood_as == "Who chaired the launch of the national public service portal?"


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [
        ("ma so bhxh gio la so nao", "ap dung tu khi nao", "Mã số BHXH áp dụng từ khi nào?"),  # read as typed words
        (
            "Tài khoản định danh mức 2 đăng ký ở đâu?",
            "có mất tiền không ạ",
            "Tài khoản định danh mức 2 có mất tiền không?",
        ),
        ("where do I register a level 2 account", "how much does it cost", "How much does a level 2 account cost?"),
    ],
)
def test_a_short_question_about_a_fee_or_a_date_asks_about_the_last_subject(builtin_engine, first, message, understood):
    """The words of the question are judged as the answer path reads them, money asked is a fee, and an
    English subject is what the asker asked about, not "I"."""
    assert read(builtin_engine, turn(builtin_engine, first, "citizen"), message, "citizen").understood_as == understood


def test_a_commune_named_with_its_english_level_takes_the_last_communes_place(builtin_engine):
    """ "what about au co ward?" after "how many tasks does xuan dai commune have": the ward, "ward" and all,
    in the commune's place (the English word for the level is part of the name, not a question of its own)."""
    context = turn(builtin_engine, "how many tasks does xuan dai commune have", "commune")
    answer, _ = builtin_engine.converse("what about au co ward?", "commune", TODAY, context)
    assert answer.understood_as == "How many tasks does au co ward have?"
    assert "5 tasks of Phường Âu Cơ" in answer.text


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [
        ("so noi vu phu tho chu tri may viec", "the con phuong viet tri", "Phường Việt Trì chủ trì mấy việc?"),
        ("bo y te chu tri may nhiem vu", "con xa xuan dai", "Xã Xuân Đài chủ trì mấy nhiệm vụ?"),
    ],
)
def test_a_commune_after_a_question_about_a_body_takes_the_bodys_place(builtin_engine, first, message, understood):
    """ "thế còn phường Việt Trì" after "Sở Nội vụ Phú Thọ chủ trì mấy việc" (no Sở register: a not-found): the
    ward's tasks counted, the ward in the place of the body (and of the province that was part of its name), not
    added beside it."""
    r = read(builtin_engine, turn(builtin_engine, first), message)
    assert (r.kind, r.understood_as) == ("swap", understood)


@pytest.mark.parametrize(
    ("before", "message"),
    [
        ("phu tho co bn phuong", "xa nao rong nhat pt"),  # "pt": the province, typed the chat way
        ("de an 06 gom bn nhom tien ich", "tieu ban da 06 ai lam truong"),  # "da 06": the document
    ],
)
def test_a_question_naming_its_place_or_document_the_chat_way_stands_alone(builtin_engine, before, message):
    r = read(builtin_engine, turn(builtin_engine, before, "citizen"), message, "citizen")
    assert r.kind == "standalone"


def test_which_after_a_list_asked_without_diacritics_narrows_the_list_where_it_was_asked(builtin_engine):
    """ "cái nào quá hạn" after "phuong hoa binh co nhung nv gi": the list's question asks for the overdue ones
    ("… có những nhiệm vụ nào quá hạn?"), not the subject glued to "nhiệm vụ nào" twice."""
    answer, _ = builtin_engine.converse(
        "cai nao qua han", "official", TODAY, turn(builtin_engine, "phuong hoa binh co nhung nv gi")
    )
    assert answer.understood_as == "Phường Hòa Bình có những nhiệm vụ nào quá hạn?"
    assert "PT-HBIN-01" in answer.text and "PT-HBIN-02" in answer.text


def test_when_a_task_runs_out_asks_its_deadline(builtin_engine):
    """ "bao giờ hết hạn" after one task asks its deadline, not which tasks are overdue or a lost paper."""
    context = turn(builtin_engine, "PT-VTRI-04 la nv gi")
    answer, _ = builtin_engine.converse("bao gio het han", "official", TODAY, context)
    assert answer.understood_as and "PT-VTRI-04" in answer.understood_as
    assert answer.status == "answered" and "31/3/2026" in answer.text


def test_the_first_months_of_a_year_are_the_time_slot(builtin_engine):
    """ "vậy còn 9 tháng 2025" after a year the data lacks: the time swapped, not a new question."""
    r = read(builtin_engine, turn(builtin_engine, "tang truong grdp phu tho nam 2024"), "vay con 9 thang 2025")
    assert r.kind == "swap" and "9 tháng 2025" in r.understood_as


def test_a_subject_typed_without_diacritics_keeps_its_names_whole(builtin_engine):
    """The subject remembered from "… cua phu tho tang bn" is "… của Phú Thọ …", never half a name ("Phu Thọ")."""
    context = turn(builtin_engine, "grdp 9 thang dau nam 2025 cua phu tho tang bn")
    r = read(builtin_engine, context, "đứng thứ mấy cả nước")
    assert "Phú Thọ" in r.understood_as and "Phu Thọ" not in r.understood_as


def test_a_commune_the_data_lacks_swapped_in_is_still_a_place(builtin_engine):
    """ "the con xa lam thao" after a ward's count: the commune slot ("làm" is no verb there), and not found."""
    answer, _ = builtin_engine.converse(
        "the con xa lam thao", "official", TODAY, turn(builtin_engine, "phuong hoa binh co may nv")
    )
    assert "lam thao" in answer.understood_as.lower() and answer.status == "not_found"


@pytest.mark.parametrize(
    ("first", "message", "understood"),
    [  # data/opposite_words.tsv
        ("bộ y tế chủ trì mấy nhiệm vụ", "còn phối hợp?", "Bộ Y tế phối hợp mấy nhiệm vụ?"),
        ("chỉ số pii 2025 huế điểm đầu vào bn", "còn đầu ra", "Chỉ số PII 2025 Huế điểm đầu ra bao nhiêu?"),
    ],
)
def test_the_opposite_word_asks_the_same_question_of_it(builtin_engine, first, message, understood):
    r = read(builtin_engine, turn(builtin_engine, first), message)
    assert r.kind == "swap" and r.understood_as == understood


def test_a_question_asked_again_less_fully_with_a_new_name_is_a_slot_swap(builtin_engine):
    """Its own question frame, but without the year the last question gave (issue 15)."""
    last = turn(builtin_engine, "Điểm PII 2025 của Hà Nội là bao nhiêu?")
    assert read(builtin_engine, last, "Huế được mấy điểm?").understood_as == "Điểm PII 2025 của Huế là bao nhiêu?"
    signed = turn(builtin_engine, "Ai ký Nghị quyết 71/NQ-CP?")
    r = read(builtin_engine, signed, "thế NQ 03 thì ai ký?")  # the name, then "thì" and the same ask
    assert r.kind == "swap" and "03" in r.understood_as and "71" not in r.understood_as
    # a full question of its own, with all the last one gave, is still answered as asked
    count = turn(builtin_engine, "Bộ Ngoại giao chủ trì mấy nhiệm vụ?")
    assert read(builtin_engine, count, "Bộ Y tế chủ trì mấy nhiệm vụ?").kind == "standalone"


def test_a_time_or_a_person_asked_after_a_dated_act_carries_the_act(builtin_engine):
    """followup_phrases.tsv's event, when, who, ceremony and event_en rows."""
    assert read(builtin_engine, turn(builtin_engine, "đề án 06 ai ký"), "ngày nào").understood_as == (
        "Đề án 06 ký ngày nào?"
    )
    assert read(builtin_engine, turn(builtin_engine, "nq 71 ai ky"), "ngay nao").understood_as == "NQ 71 ký ngày nào?"
    opened = turn(builtin_engine, "cổng dvc quốc gia khai trương ngày nào", "citizen")
    r = resolve(builtin_engine.index(), opened, "ai chủ trì", "citizen", TODAY)
    assert r.understood_as == "Ai chủ trì lễ khai trương cổng dvc quốc gia?"
    answer, _ = builtin_engine.converse("ai chủ trì", "citizen", TODAY, opened)
    assert "Nguyễn Xuân Phúc" in answer.text
    launched = turn(builtin_engine, "when did the national public service portal launch", "citizen")
    r = resolve(builtin_engine.index(), launched, "who chaired it?", "citizen", TODAY)
    assert r.understood_as == "Who chaired the launch of the national public service portal?"
    r = resolve(builtin_engine.index(), launched, "what is it?", "citizen", TODAY)
    assert "launch of" not in (r.understood_as or "")  # only who did the act asks about the act


def test_a_question_of_its_own_closed_by_a_particle_takes_no_place_of_the_last_topic(builtin_dense_engine):
    """ "… có từ bao h vậy" asks "since when" (chat "bao h" is "bao giờ"): a question of its own after the
    level-2 account's worth, not the same question of another topic."""
    context = turn(builtin_dense_engine, "tk muc 2 co gia tri nhu chung minh thu gan chip ko mn", role="citizen")
    answer, _ = builtin_dense_engine.converse(
        "trung tam hanh chinh cong o xa co tu bao h vay", "citizen", TODAY, context
    )
    assert answer.understood_as is None
    assert "01/7/2025" in answer.text.split("\n")[0]


def test_a_topic_swap_keeps_the_asked_attribute_and_writes_chat_words_in_full(builtin_engine):
    """After "… có mất phí không?", "còn tk mức 1 thì sao" asks the same of the level-1 account: the topic
    ends before "có mất phí", and "tk" is shown as "tài khoản"."""
    context = turn(builtin_engine, "the bhyt tren vneid dung the nao", role="citizen")
    _, context = builtin_engine.converse("co mat phi ko", "citizen", TODAY, context)
    assert context.question.endswith("có mất phí không?")
    assert read(builtin_engine, context, "con tk muc 1 thi sao", "citizen").understood_as == (
        "Tài khoản mức 1 có mất phí không?"
    )


def test_a_task_question_after_a_document_no_register_is_of_is_asked_as_typed(builtin_engine):
    """Đề án 06 has no task register: "có bao nhiêu nhiệm vụ quá hạn" after it counts every register's overdue
    tasks; after NQ 03, whose Appendix II is a register, it is NQ 03's."""
    after_06 = read(builtin_engine, turn(builtin_engine, "Đề án 06 ban hành năm nào"), "Có bao nhiêu nhiệm vụ quá hạn")
    assert after_06.kind == "standalone"
    after_03 = read(builtin_engine, turn(builtin_engine, "NQ 03 ban hành ngày nào"), "có bao nhiêu nhiệm vụ quá hạn")
    assert after_03.kind != "standalone" and "NQ 03" in after_03.understood_as


def test_a_task_code_names_its_task_whatever_place_the_last_question_named(builtin_engine):
    context = turn(builtin_engine, "da nang co bao nhieu nv qua han")
    assert read(builtin_engine, context, "hbin-03 ai phoi hop").kind == "standalone"


def test_where_and_opening_hours_after_a_centre_are_asked_of_the_centre_not_of_a_task_its_answer_cited(
    builtin_engine,
):
    context = turn(builtin_engine, "trung tâm phục vụ hành chính công tỉnh", role="citizen")
    where, context = builtin_engine.converse("ở đâu?", "citizen", TODAY, context)
    assert where.understood_as == "Trung tâm Phục vụ hành chính công tỉnh ở đâu?"
    hours, _ = builtin_engine.converse("mấy giờ mở cửa?", "citizen", TODAY, context)
    assert hours.understood_as == "Trung tâm Phục vụ hành chính công tỉnh mấy giờ mở cửa?"
    assert hours.status == "not_found"  # no guide gives opening hours: said, with where to look them up
