"""Messages that are not questions about the documents get a friendly reply, never a stray passage."""

from datetime import date

import pytest

from retrieval.question import folded
from retrieval.small_talk import kind_of, without_greeting

TODAY = date(2026, 2, 10)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Xin chào", "hello"),
        ("chào ad ạ", "hello"),
        ("hello", "hello"),
        ("cảm ơn bạn nhiều nhé", "thanks"),
        ("cam on", "thanks"),
        ("ok", "thanks"),
        ("thanks!", "thanks"),
        ("dạ vâng ạ", "thanks"),
        ("được rồi, cảm ơn", "thanks"),
        ("chào Bộ Nội vụ, có mấy nhiệm vụ?", None),
        ("bạn là ai?", "about"),
        ("bot làm được gì", "about"),
        ("what can you do?", "about"),
        # questions about the assistant itself, "bn" for "bạn", closed by a particle
        ("bn bao nhiêu tuổi", "about"),
        ("bạn tên gì vậy", "about"),
        ("bạn là ai vậy ad", "about"),
        ("how old are you?", "about"),
        ("Nghị quyết 57 là gì?", None),
        ("chào bạn, nghị quyết 57 là gì", None),
        ("Ban chỉ đạo do ai làm trưởng ban", None),
    ],
)
def test_what_a_message_that_is_not_a_question_is(message, kind):
    assert kind_of(folded(message)) == kind


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("Chào bạn, Nghị quyết 57 là gì?", "Nghị quyết 57 là gì?"),
        ("xin chao ad, lam cccd o dau", "lam cccd o dau"),
        ("hi, who signed resolution 57?", "who signed resolution 57?"),
        ("Ban chỉ đạo do ai làm trưởng ban?", "Ban chỉ đạo do ai làm trưởng ban?"),  # "Ban" is no "bạn" here
        ("Chào", "Chào"),  # nothing after the greeting: the greeting itself
    ],
)
def test_a_greeting_that_opens_a_question_is_dropped(message, question):
    assert without_greeting(message) == question


@pytest.mark.parametrize(
    ("message", "says"),
    [
        ("xin chào", "Xin chào! Tôi trả lời câu hỏi về các văn bản chỉ đạo"),
        ("cảm ơn ạ", "Không có gì ạ."),
        ("bạn làm được gì?", "Tôi là trợ lý tra cứu govqa."),
        ("what can you do?", "I am govqa, a look-up assistant."),
    ],
)
def test_small_talk_gets_a_friendly_reply_not_a_passage(builtin_engine, message, says):
    answer = builtin_engine.ask(message, today=TODAY)
    assert answer.status == "not_found"
    assert answer.text.startswith(says)
    assert not answer.citations


@pytest.mark.parametrize("message", ["ok", "ok ok", "ừ", "hmm", "uh", "a"])
def test_chat_filler_alone_never_breaks_the_answer_path(builtin_engine, message):
    answer = builtin_engine.ask(message, today=TODAY)
    assert answer.status in ("not_found", "rejected")


def test_a_question_after_a_greeting_is_answered_as_asked(builtin_engine):
    greeted = builtin_engine.ask("Chào bạn, Nghị quyết 57 ban hành ngày nào?", today=TODAY)
    assert greeted.status == "answered"
    assert "22/12/2024" in greeted.text.split("\n")[0]
    assert greeted.question == "Chào bạn, Nghị quyết 57 ban hành ngày nào?"  # as typed
