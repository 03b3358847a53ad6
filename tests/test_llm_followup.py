"""Follow-ups rewritten by the model (retrieval/llm_followup.py), through the real langchain-openai client
and the scripted server on 127.0.0.1, over the built-in corpus (BM25).

A follow-up the offline rules read from the conversation is sent to the model once for a standalone
question; the rewrite is answered only when it brings in no name and no figure the conversation does not
hold, and the offline reading stands on any failure. Either way the answer says what it understood.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from fake_bot_api import FakeBotApi
from fake_llm_api import MODEL, FakeLlmApi, Reply, echo
from helpers import answered, on_screen, run_bot

from bot.querylog import QueryLog
from bot.service import Services
from retrieval.engine import Engine
from retrieval.followup import resolve
from retrieval.llm_followup import check, rewrite, standalone

TODAY = date(2026, 2, 10)
FIRST = "Bộ Y tế chủ trì mấy nhiệm vụ?"
FOLLOW = "hạn khi nào?"
OFFLINE = "Bộ Y tế hạn khi nào?"  # the rules' reading: the last subject, then the message
REWRITTEN = "Các nhiệm vụ do Bộ Y tế chủ trì có hạn khi nào?"
TIMEOUT = 10.0
SHORT = 2.0


def rewriting(text: str | None = None, **reply):
    """A model that rewrites follow-ups with `text` (or fails as `reply` says) and echoes answers."""
    return lambda request: Reply(text, **reply) if request.rewrite else echo(request)


@pytest.fixture
def llm():
    with FakeLlmApi() as server:
        yield server


@pytest.fixture
def engine(builtin_engine, llm) -> Engine:
    """The built-in corpus (its index already built) with the scripted model."""
    return Engine(builtin_engine.settings.with_(llm_url=llm.url, llm_model=MODEL, llm_timeout=TIMEOUT))


def first_turn(engine: Engine, question: str = FIRST, role: str = "official"):
    answer, context = engine.converse(question, role, TODAY)
    assert answer.understood_as is None and context is not None
    return context


# --- a rewrite that is used -----------------------------------------------------------------------------


def test_a_follow_up_read_from_context_is_rewritten_by_the_model_and_answered_as_rewritten(llm, engine, builtin_engine):
    context = first_turn(engine)
    llm.script(FOLLOW, rewriting(REWRITTEN))
    answer, kept = engine.converse(FOLLOW, "official", TODAY, context)
    assert answer.question == FOLLOW and answer.understood_as == REWRITTEN
    direct, _ = builtin_engine.converse(REWRITTEN, "official", TODAY)  # the same question asked outright
    assert answer.phrasing.extractive == direct.text
    assert kept.question == REWRITTEN  # the conversation goes on from the question understood
    first, asked, phrased = llm.requests  # one request for the rewrite, one for the answer
    assert not first.rewrite and asked.rewrite and not phrased.rewrite
    assert f"Câu hỏi trước: {FIRST}" in asked.user and f"Câu hỏi: {FOLLOW}" in asked.user
    assert OFFLINE in asked.user  # the rules' reading goes along as a hint
    assert phrased.question == REWRITTEN


@pytest.mark.parametrize(
    "reply",
    [f"Câu hỏi viết lại: {REWRITTEN}", f"«{REWRITTEN}»", f"{REWRITTEN}\nGiải thích: người dùng hỏi về thời hạn."],
    ids=["lead-in", "quoted", "explained"],
)
def test_the_question_is_taken_from_the_first_line_without_a_lead_in_or_quotes(reply):
    assert standalone(reply) == REWRITTEN


# --- rewrites that are refused --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Các nhiệm vụ do Bộ Công an chủ trì có hạn khi nào?", "invented_name"),  # another ministry
        ("Các nhiệm vụ do Bộ Y tế chủ trì có hạn trong năm 2027 không?", "invented_figure"),  # a year of its own
        ("Bộ Y tế chủ trì 6 nhiệm vụ, hạn tháng 12/2025 [1].", "invented_figure"),  # it answered instead
        ("Nhiệm vụ của Bộ Y tế tại Hà Nội có hạn khi nào?", "invented_name"),  # a place nobody named
        ("Tôi không biết.", "refusal"),
        ("", "empty"),
        ("Bộ Y tế " + "và Bộ Y tế " * 40 + "hạn khi nào?", "too_long"),
    ],
    ids=["ministry", "year", "answer", "place", "refusal", "empty", "long"],
)
def test_a_rewrite_that_brings_in_a_name_or_a_figure_is_refused_and_the_rules_reading_stands(llm, engine, text, reason):
    context = first_turn(engine)
    llm.script(FOLLOW, rewriting(text))
    offline = resolve(engine.index(), context, FOLLOW, "official", TODAY)
    found = rewrite(engine.composer, engine.index(), context, offline, "official", TODAY)
    assert (found.by, found.reason, found.resolution) == ("offline", reason, offline)
    answer, _ = engine.converse(FOLLOW, "official", TODAY, context)
    assert answer.understood_as == OFFLINE


def test_a_paraphrase_in_other_words_of_the_same_names_and_figures_passes(builtin_engine):
    index = builtin_engine.index()
    conversation = ["PII 2025 của Phú Thọ bao nhiêu điểm?", "PII 2025 của Phú Thọ", "xếp thứ mấy?"]
    assert check("Năm 2025, Phú Thọ xếp hạng thứ mấy về chỉ số PII?", conversation, index, "official").ok
    assert check("Năm 2024, Phú Thọ xếp hạng thứ mấy về chỉ số PII?", conversation, index, "official").reason == (
        "invented_figure"
    )
    assert check("Năm 2025, Hải Phòng xếp thứ mấy về PII?", conversation, index, "official").reason == "invented_name"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [(Reply(status=500), "http_5xx"), (Reply(body="<html>not json</html>"), "malformed"), (Reply(""), "empty")],
    ids=["http-500", "garbage", "empty"],
)
def test_a_failing_model_leaves_the_rules_reading_and_the_answer_is_still_phrased(llm, engine, reply, reason):
    context = first_turn(engine)
    llm.script(FOLLOW, lambda request: reply if request.rewrite else echo(request))
    offline = resolve(engine.index(), context, FOLLOW, "official", TODAY)
    assert rewrite(engine.composer, engine.index(), context, offline, "official", TODAY).reason == reason
    answer, _ = engine.converse(FOLLOW, "official", TODAY, context)
    assert answer.understood_as == OFFLINE and answer.composer == "llm"


def test_a_slow_rewrite_spends_the_turns_budget_and_the_extractive_answer_comes_in_time(llm, builtin_engine):
    engine = Engine(builtin_engine.settings.with_(llm_url=llm.url, llm_model=MODEL, llm_timeout=SHORT))
    context = first_turn(engine)
    llm.script(FOLLOW, rewriting(REWRITTEN, delay=SHORT + 1.5))
    started = time.monotonic()
    answer, _ = engine.converse(FOLLOW, "official", TODAY, context)
    took = time.monotonic() - started
    assert answer.understood_as == OFFLINE  # the rewrite came too late
    assert (answer.composer, answer.phrasing.reason) == ("extractive", "timeout")  # no time left to phrase
    assert took < SHORT + 1.0  # one budget for the turn, not one per request


# --- what is never sent ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    ["Nghị quyết 57 do ai ký?", "xem thêm"],
    ids=["a new question", "the rest of the list"],
)
def test_a_message_the_rules_read_exactly_is_not_sent_for_rewriting(llm, engine, message):
    context = first_turn(engine)
    engine.converse(message, "official", TODAY, context)
    assert not any(r.rewrite for r in llm.requests)


def test_without_llm_settings_follow_ups_are_read_by_the_rules_alone(builtin_engine):
    context = first_turn(builtin_engine)
    answer, _ = builtin_engine.converse(FOLLOW, "official", TODAY, context)
    assert builtin_engine.composer is None and answer.understood_as == OFFLINE


# --- the face -------------------------------------------------------------------------------------------


def test_telegram_shows_the_models_reading_after_dang_hieu_la(llm, engine, tmp_path):
    first, follow = "Bộ Nội vụ chủ trì bao nhiêu nhiệm vụ trong NQ 03?", "còn Bộ Ngoại giao thì sao?"
    rewritten = "Bộ Ngoại giao chủ trì mấy nhiệm vụ trong NQ 03?"
    llm.script(follow, rewriting(rewritten))
    services = Services(engine, QueryLog(tmp_path / "querylog.sqlite3"))
    with FakeBotApi() as api:

        async def scenario():
            for n, text in enumerate((first, follow), 1):
                api.push(api.message(text, user_id=1001))
                # the answer is in when its message carries the buttons (a draft has none)
                await api.until(lambda a, n=n: len(a.sent(1001)) == n and answered(a, 1001), timeout=30)

        run_bot(api, services, scenario)
        answer = on_screen(api, 1001)[1]  # streamed: the draft's final edit
        print("SCREEN", [t[:40] for t in on_screen(api, 1001)])
    assert answer.splitlines()[0] == f"<i>Đang hiểu là: {rewritten}</i>"
    assert "4 nhiệm vụ" in answer
