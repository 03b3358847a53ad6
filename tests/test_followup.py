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
        ("Phường Âu Cơ có bao nhiêu nhiệm vụ?", "còn phường Việt Trì?", "phường Việt Trì có bao nhiêu nhiệm vụ?"),
        ("phuong au co co bao nhieu nhiem vu", "con phuong viet tri", "phuong viet tri co bao nhieu nhiem vu"),
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
        ("Who signed Resolution 57?", "and Resolution 71?", "Who signed Resolution 71?"),
    ],
)
def test_a_name_on_its_own_replaces_the_same_slot_of_the_last_question(builtin_engine, first, message, understood):
    r = read(builtin_engine, turn(builtin_engine, first), message)
    assert r.kind == "swap"
    assert r.understood_as == understood
    assert r.question == understood


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


def test_a_run_of_questions_of_their_own_in_one_conversation_is_answered_as_asked(builtin_engine):
    """Every question of the tuning sets, asked right after the one before it in one conversation, is read
    as a question of its own: history is never glued onto a new question."""
    from conftest import REPO

    from retrieval.evaluate import read_cases

    index = builtin_engine.index()
    glued = []
    for name in ("dev-tune.jsonl", "users-tune.jsonl"):
        context = None
        for case in read_cases(REPO / "tests" / "eval" / name):
            if context is not None and context.role == case.role:
                r = resolve(index, context, case.question, case.role, TODAY)
                if r.kind != "standalone":
                    glued.append(f"{context.question!r} → {case.question!r}: {r.understood_as!r}")
            _, context = builtin_engine.converse(case.question, case.role, TODAY)
    assert glued == []


def test_which_of_the_last_list_keeps_its_subject(builtin_engine):
    context = turn(builtin_engine, "Phường Âu Cơ có bao nhiêu nhiệm vụ?")
    answer, _ = builtin_engine.converse("cái nào chưa hoàn thành?", "official", TODAY, context)
    assert answer.understood_as == "Phường Âu Cơ nhiệm vụ nào chưa hoàn thành?"
    assert "2 nhiệm vụ của Phường Âu Cơ chưa hoàn thành" in answer.text
    dated = read(builtin_engine, turn(builtin_engine, "Bộ Y tế chủ trì những nhiệm vụ nào?"), "cái nào hạn năm 2025?")
    assert dated.understood_as == "Bộ Y tế nhiệm vụ nào hạn năm 2025?"


def test_after_a_question_about_one_item_the_list_is_still_there_and_its_slots_can_be_swapped(builtin_engine):
    context = turn(builtin_engine, "Xã Tam Đảo có những nhiệm vụ nào?")
    second, context = builtin_engine.converse("nhiệm vụ thứ 2 hạn khi nào?", "official", TODAY, context)
    assert "Xã Tam Đảo" in second.understood_as and "UBND xã Tam Đảo" in second.text
    third, after = builtin_engine.converse("còn nhiệm vụ thứ 3?", "official", TODAY, context)
    label, title = context.items[2]
    assert third.understood_as == f"Nhiệm vụ «{title}» ({label}, Xã Tam Đảo) hạn khi nào?"
    # every commune has a task of this name: the answer is Tam Đảo's own
    assert "UBND xã Tam Đảo" in third.text
    assert read(builtin_engine, after, "vậy còn xã Xuân Đài").understood_as == "xã Xuân Đài có những nhiệm vụ nào?"


def test_a_name_typed_with_diacritics_is_not_read_as_a_question_word(builtin_engine):
    assert subject_of("Phường Âu Cơ có bao nhiêu nhiệm vụ?") == "Phường Âu Cơ"
    assert is_reset("Cau hoi moi: Bộ Y tế chủ trì mấy nhiệm vụ?")
