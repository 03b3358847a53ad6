"""LLM phrasing (retrieval/llm.py) through the real langchain-openai client and a scripted server on 127.0.0.1.

Every way a model or its server can go wrong ends in the extractive answer, within GOVQA_LLM_TIMEOUT;
a phrasing is shown only when every figure in it stands in the blocks it cites (tests/test_guard.py).
The faces are exercised for real: `govqa` as a subprocess, the API under uvicorn, Telegram against
the fake Bot API server.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date

import httpx
import pytest
from click.testing import CliRunner
from conftest import REPO, govqa_env
from fake_bot_api import FakeBotApi
from fake_llm_api import MODEL, FakeLlmApi, Reply, closed_port_url, inject_wrong_figure
from helpers import answered, metric, on_screen, run_bot, serving

from bot.cli import main
from bot.format import answer_json, esc
from bot.querylog import QueryLog
from bot.service import Services
from bot.web import create_app
from retrieval.config import ConfigError, Settings
from retrieval.engine import Engine
from retrieval.evaluate import run_eval
from retrieval.llm import LlmComposer, evidence_blocks
from retrieval.models import Answer, Citation, Passage, Source

QUESTION = "Kinh tế số của tỉnh thử nghiệm đạt bao nhiêu?"  # nq-thu: "… đạt tối thiểu 25% GRDP vào năm 2030."
EXTRACTIVE = "Kinh tế số của tỉnh thử nghiệm đạt tối thiểu 25% GRDP vào năm 2030. [1]"
FAITHFUL = "Theo Nghị quyết 99-NQ/TW, đến năm 2030 kinh tế số của tỉnh thử nghiệm phải đạt ít nhất 25 % GRDP [1]."
TIMEOUT = 10.0  # generous: a loaded test machine must not turn a faithful answer into a time-out
SHORT = 2.0  # the budget of the tests where the server is too slow on purpose


@pytest.fixture
def llm():
    with FakeLlmApi() as server:
        yield server


@pytest.fixture
def llm_settings(mini_corpus, make_settings, llm):
    def make(**changes) -> Settings:
        return make_settings(mini_corpus, **{"llm_url": llm.url, "llm_model": MODEL, "llm_timeout": TIMEOUT, **changes})

    return make


@pytest.fixture
def llm_engine(llm_settings) -> Engine:
    return Engine(llm_settings())


# --- configuration -------------------------------------------------------------------------------------


def test_without_llm_settings_answers_stay_extractive_and_no_model_is_built(mini_engine):
    assert Settings.from_env({}).llm_url is None and mini_engine.composer is None
    answer = mini_engine.ask(QUESTION)
    assert answer.text == EXTRACTIVE and answer.phrasing is None and answer.composer == "extractive"
    assert answer_json(answer)["composer"] == "extractive"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GOVQA_LLM_URL": "http://127.0.0.1:11434/v1"}, "GOVQA_LLM_MODEL is not"),
        ({"GOVQA_LLM_URL": "127.0.0.1:11434", "GOVQA_LLM_MODEL": "m"}, "not an http(s) address"),
        ({"GOVQA_LLM_URL": "http://h/v1", "GOVQA_LLM_MODEL": "m", "GOVQA_LLM_TIMEOUT": "soon"}, "number of seconds"),
        ({"GOVQA_LLM_URL": "http://h/v1", "GOVQA_LLM_MODEL": "m", "GOVQA_LLM_TIMEOUT": "0"}, "between 0 and 600"),
        ({"GOVQA_LLM_URL": "http://h/v1", "GOVQA_LLM_MODEL": "m", "GOVQA_LLM_STREAM": "maybe"}, "use 1 or 0"),
    ],
)
def test_bad_llm_settings_say_what_to_fix(env, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_env(env)


def test_llm_settings_are_read_from_the_environment_and_the_key_is_never_shown():
    s = Settings.from_env(
        {
            "GOVQA_LLM_URL": "http://127.0.0.1:8000/v1",
            "GOVQA_LLM_MODEL": "qwen2.5:7b-instruct",
            "GOVQA_LLM_API_KEY": "sk-secret-123",
            "GOVQA_LLM_TIMEOUT": "7,5",
        }
    )
    assert (s.llm_url, s.llm_model, s.llm_api_key, s.llm_timeout, s.llm_stream) == (
        "http://127.0.0.1:8000/v1",
        "qwen2.5:7b-instruct",
        "sk-secret-123",
        7.5,
        True,
    )
    assert "sk-secret-123" not in repr(s)
    assert Settings.from_env({"GOVQA_LLM_MODEL": "m"}).llm_timeout == 20.0


# --- a faithful answer -----------------------------------------------------------------------------------


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "plain"])
def test_a_faithful_answer_is_used_with_the_extractive_sources_and_notes(llm, llm_settings, stream):
    llm.script("kinh tế số", Reply(FAITHFUL))
    answer = Engine(llm_settings(llm_stream=stream)).ask(QUESTION)
    assert (answer.composer, answer.text) == ("llm", FAITHFUL)
    assert answer.phrasing.reason is None and answer.phrasing.extractive == EXTRACTIVE
    assert [s.doc_id for s in answer.sources] == ["nq-thu"]
    assert answer.notes == ("[1] Số liệu tính đến 30/06/2025.",)  # "as of" stays under the phrasing
    (request,) = llm.requests
    assert request.stream is stream and request.body["model"] == MODEL and request.body["temperature"] == 0


def test_the_prompt_lists_numbered_evidence_blocks_and_the_computed_answer(llm, llm_engine):
    llm_engine.ask(QUESTION)
    (request,) = llm.requests
    assert request.question == QUESTION
    assert request.blocks.splitlines() == [
        "[1] Nghị quyết thử nghiệm về chuyển đổi số (ban hành 15/01/2025; số liệu tính đến 30/06/2025), 99-NQ/TW — "
        "I. Mục tiêu › Đến năm 2030: Kinh tế số của tỉnh thử nghiệm đạt tối thiểu 25% GRDP vào năm 2030. "
        "Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 90%."
    ]
    assert request.extract == EXTRACTIVE
    system = request.body["messages"][0]
    assert system["role"] == "system" and "không thêm con số nào" in system["content"]


def test_register_results_are_sent_for_phrasing_and_a_faithful_phrasing_is_used(llm, llm_engine):
    question = "Sở Khoa học và Công nghệ chủ trì bao nhiêu nhiệm vụ?"
    phrased = "Sở Khoa học và Công nghệ chủ trì 1 nhiệm vụ: xây dựng cổng dữ liệu mở của tỉnh, hạn 30/06/2025 [1]."
    llm.script("khoa học", Reply(phrased))
    answer = llm_engine.ask(question)
    assert "Có 1 nhiệm vụ do Sở Khoa học và Công nghệ chủ trì" in llm.requests[0].extract
    assert (answer.composer, answer.text) == ("llm", phrased)


# --- unfaithful answers fall back ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("Kinh tế số của tỉnh thử nghiệm đạt tối thiểu 35% GRDP vào năm 2030 [1].", "invented_figure"),
        ("Kinh tế số của tỉnh thử nghiệm đạt tối thiểu 25% GRDP vào năm 2030 [2].", "unknown_label"),
        ("Nghị quyết nói về kinh tế số [1]. Kinh tế số đạt tối thiểu 25% GRDP vào năm 2030.", "uncited_figure"),
        ("Tôi không tìm thấy thông tin này trong nguồn.", "refusal"),
        ("}}{{ ### lorem ipsum ������", "no_citation"),
    ],
    ids=["invented number", "wrong label", "uncited figure", "refusal", "garbage"],
)
def test_an_unfaithful_answer_falls_back_to_the_extractive_one(llm, llm_engine, reply, reason):
    llm.script("kinh tế số", Reply(reply))
    answer = llm_engine.ask(QUESTION)
    assert (answer.composer, answer.phrasing.reason, answer.text) == ("extractive", reason, EXTRACTIVE)
    assert [s.doc_id for s in answer.sources] == ["nq-thu"] and len(llm.requests) == 1


@pytest.fixture(scope="module")
def builtin_llm(tmp_path_factory):
    """The built-in corpus (BM25) with the model: register figures the mini corpus does not have."""
    data = tmp_path_factory.mktemp("builtin-llm")
    with FakeLlmApi() as server:
        settings = Settings(data_dir=data, cache_dir=data / "cache", embeddings="none")
        yield server, Engine(settings.with_(llm_url=server.url, llm_model=MODEL, llm_timeout=TIMEOUT))


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        (
            "Tỷ lệ hoàn thành nhiệm vụ của Phú Thọ là bao nhiêu?",  # computed: 163/167 nhiệm vụ (97,6%)
            "Phú Thọ đã hoàn thành 167 nhiệm vụ của Nghị quyết 57 [1].",
        ),
        ("Phú Thọ xếp thứ mấy về chỉ số PII 2025?", "Phú Thọ xếp thứ 34 về PII 2025 [1]."),  # computed: thứ 15/34
    ],
)
def test_contradicting_a_computed_register_result_falls_back(builtin_llm, question, reply):
    server, engine = builtin_llm
    server.script(question[:20], Reply(reply))
    answer = engine.ask(question, today=date(2026, 2, 10))
    assert (answer.composer, answer.phrasing.reason) == ("extractive", "contradicts_computed")
    assert reply not in answer.text and answer.text == answer.phrasing.extractive


def test_a_model_that_changes_a_computed_figure_never_reaches_the_user(builtin_llm):
    server, engine = builtin_llm
    question = "Bộ Tài chính chủ trì bao nhiêu nhiệm vụ?"  # computed: "Có 17 nhiệm vụ do Bộ Tài chính chủ trì"
    server.script(question, inject_wrong_figure)  # 17 → 18
    answer = engine.ask(question, today=date(2026, 2, 10))
    assert answer.composer == "extractive" and "17 nhiệm vụ" in answer.text and "18 nhiệm vụ" not in answer.text


# --- failures of the server fall back, within the time budget -----------------------------------------------


PORTAL = "Cổng Dịch vụ công quốc gia gồm những thành phần nào?"  # the guide numbers its six components
PORTAL_LIST = (
    "Cổng Dịch vụ công quốc gia có sáu thành phần [1]:\n"
    "1. Cơ sở dữ liệu quốc gia về thủ tục hành chính, kèm phần hỏi đáp;\n"
    "2. Hệ thống đăng nhập một lần và xác thực người dùng;\n"
    "3. Thanh toán điện tử."
)


@pytest.mark.parametrize(
    ("reply", "composer"),
    [
        (PORTAL_LIST, "llm"),  # the source's own numbers
        (PORTAL_LIST.replace("1. Cơ sở", "2. Cơ sở").replace("2. Hệ thống", "1. Hệ thống"), "extractive"),
        (PORTAL_LIST.replace("3. Thanh", "4. Thanh"), "extractive"),  # "Thanh toán điện tử" is the third
    ],
    ids=["faithful", "swapped", "renumbered"],
)
def test_a_list_item_renumbered_by_the_model_never_reaches_the_user(builtin_llm, reply, composer):
    server, engine = builtin_llm
    server.script(PORTAL[:30], Reply(reply))
    answer = engine.ask(PORTAL, today=date(2026, 2, 10))
    assert answer.composer == composer
    assert (answer.text == reply.strip()) == (composer == "llm")
    if composer == "extractive":
        assert answer.phrasing.reason == "renumbered_item"


@pytest.mark.parametrize(
    ("reply", "stream", "reason"),
    [
        (Reply(status=500), True, "http_5xx"),
        (Reply(status=401), False, "http_4xx"),
        (Reply("Kinh tế số đạt 25% GRDP [1].", delay=SHORT + 10), False, "timeout"),
        (Reply("Kinh tế số đạt 25% GRDP [1]. " * 10, chunk_delay=0.5, chunk_words=2), True, "slow_stream"),
        (Reply(body="<html>502 Bad Gateway</html>"), False, "malformed"),
        (Reply(body='{"choices": "not a list"}'), False, "malformed"),
        (Reply(body="<html>502 Bad Gateway</html>"), True, "malformed"),
        (Reply(""), True, "empty"),
        (Reply(""), False, "empty"),
    ],
    ids=["500", "401", "timeout", "slow stream", "html body", "wrong shape", "html stream", "empty", "empty plain"],
)
def test_a_failing_server_falls_back_within_the_timeout(llm, llm_settings, reply, stream, reason):
    engine = Engine(llm_settings(llm_stream=stream, llm_timeout=SHORT))
    engine.index()
    llm.script("kinh tế số", reply)
    started = time.monotonic()
    answer = engine.ask(QUESTION)
    took = time.monotonic() - started
    assert (answer.composer, answer.phrasing.reason, answer.text) == ("extractive", reason, EXTRACTIVE)
    # The slow replies take far longer (delay SHORT + 10 s, a 15 s stream) than this bound allows.
    assert took < SHORT + 4.0 and answer.phrasing.seconds <= SHORT + 1.0
    assert len(llm.requests) == 1  # one request per question: no retries spending the budget twice


def test_a_server_that_is_down_falls_back(mini_corpus, make_settings):
    engine = Engine(make_settings(mini_corpus, llm_url=closed_port_url(), llm_model=MODEL, llm_timeout=SHORT))
    answer = engine.ask(QUESTION)
    assert (answer.composer, answer.phrasing.reason, answer.text) == ("extractive", "unreachable", EXTRACTIVE)


def test_not_found_answers_are_never_sent_to_the_model(llm, llm_engine):
    answer = llm_engine.ask("thời tiết Hà Nội ngày mai thế nào?")
    assert answer.status == "not_found" and answer.phrasing is None and llm.requests == []


# --- who sees what -------------------------------------------------------------------------------------------


def test_internal_register_rows_never_enter_a_citizens_prompt(llm, llm_engine):
    question = "Sổ nhiệm vụ thử nghiệm có những nhiệm vụ nào?"  # T-2 "… chuẩn hóa dữ liệu đất đai" is internal
    official, citizen = llm_engine.ask(question, role="official"), llm_engine.ask(question, role="citizen")
    assert official.status == citizen.status == "answered"
    to_official, to_citizen = llm.requests
    assert "chuẩn hóa dữ liệu đất đai" in to_official.prompt  # the test can see the difference
    assert "chuẩn hóa dữ liệu đất đai" not in to_citizen.prompt and "T-2" not in to_citizen.prompt
    assert "Xây dựng cổng dữ liệu mở" in to_citizen.prompt


def test_an_internal_passage_in_a_citizens_answer_is_never_sent(llm):
    source = Source("ghi-chu-mat", "Ghi chú nội bộ của tổ giúp việc", None, None, None, "unspecified")
    passage = Passage("ghi-chu-mat#0", "ghi-chu-mat", "mã đánh dấu NỘI-BỘ-4242", access="internal")
    answer = Answer("q", "answered", "mã đánh dấu NỘI-BỘ-4242 [1]", (Citation(1, source, passage),))
    composer = LlmComposer(llm.url, MODEL, timeout=TIMEOUT)
    phrased = composer.phrase(answer, "citizen")
    assert (phrased.composer, phrased.phrasing.reason) == ("extractive", "internal_evidence")
    assert llm.requests == []
    assert evidence_blocks(answer, "official")[0].text == "mã đánh dấu NỘI-BỘ-4242"  # officials may see it


# --- the faces -----------------------------------------------------------------------------------------------


def test_cli_json_says_which_composer_wrote_the_answer(llm, mini_corpus, tmp_path):
    llm.script("kinh tế số", Reply(FAITHFUL))
    llm.script("dịch vụ công", Reply("Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 95% [1]."))
    env = govqa_env(tmp_path, mini_corpus, GOVQA_LLM_URL=llm.url, GOVQA_LLM_MODEL=MODEL)
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--json", "-"],
        input=f"{QUESTION}\nTỷ lệ dịch vụ công trực tuyến toàn trình đạt bao nhiêu?\n".encode(),
        capture_output=True,
        env=env,
        cwd=REPO,
        check=True,
        timeout=120,
    )
    faithful, invented = (json.loads(line) for line in out.stdout.decode().splitlines())
    assert (faithful["composer"], faithful["answer"].splitlines()[0]) == ("llm", FAITHFUL)
    assert invented["composer"] == "extractive" and "90%" in invented["answer"] and "95%" not in invented["answer"]
    assert "llm fallback reason=invented_figure" in out.stderr.decode()


def test_api_answers_with_the_model_and_counts_llm_answers_fallbacks_and_latency(llm, llm_engine, tmp_path):
    llm.script("kinh tế số", Reply(FAITHFUL))
    llm.script("dịch vụ công", Reply(status=500))
    services = Services(llm_engine, QueryLog(tmp_path / "querylog.sqlite3"))
    with serving(lambda base: create_app(services)) as base:
        body = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30).json()
        failed = httpx.post(f"{base}/api/ask", json={"question": "Tỷ lệ dịch vụ công trực tuyến đạt bao nhiêu?"}).json()
        text = httpx.get(f"{base}/metrics").text
    assert (body["composer"], body["answer"].splitlines()[0]) == ("llm", FAITHFUL)
    assert body["sources"][0]["doc_id"] == "nq-thu"
    assert failed["composer"] == "extractive" and "90%" in failed["answer"]
    assert metric(text, "govqa_llm_answers_total") == 1
    assert metric(text, "govqa_llm_fallbacks_total", reason="http_5xx") == 1
    assert metric(text, "govqa_llm_latency_seconds_count") == 2
    assert metric(text, "govqa_llm_latency_seconds_sum") > 0


@pytest.fixture
def bot_api():
    with FakeBotApi() as server:
        yield server


def test_telegram_shows_typing_while_the_model_writes_and_sends_only_a_guarded_answer(
    bot_api, llm, llm_engine, tmp_path
):
    llm.script("kinh tế số", Reply(FAITHFUL, delay=0.8))
    llm.script("dịch vụ công", Reply("Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 95% [1].", delay=0.8))
    services = Services(llm_engine, QueryLog(tmp_path / "querylog.sqlite3"))

    async def scenario():
        bot_api.push(bot_api.message(QUESTION, user_id=1001))
        await bot_api.until(lambda a: answered(a, 1001))
        bot_api.push(bot_api.message("Tỷ lệ dịch vụ công trực tuyến toàn trình đạt bao nhiêu?", user_id=1002))
        await bot_api.until(lambda a: answered(a, 1002))

    run_bot(bot_api, services, scenario)
    (phrased,) = on_screen(bot_api, 1001)  # streamed: the first sentence, then the whole answer in its place
    assert "ít nhất 25 % GRDP [1]" in phrased and "Số liệu tính đến 30/06/2025" in phrased
    (guarded,) = on_screen(bot_api, 1002)
    assert "90%" in guarded and "95%" not in guarded
    typing = [c for c in bot_api.calls_to("sendChatAction") if c.params["chat_id"] == 1001]
    assert typing and typing[0].at < llm.requests[0].at + 0.8 <= bot_api.calls_to("sendMessage")[0].at


STREAMED = FAITHFUL + " Đây là chỉ tiêu của Nghị quyết thử nghiệm về chuyển đổi số [1]."


def test_telegram_streams_guarded_beginnings_then_edits_in_the_final_answer(bot_api, llm, llm_engine, tmp_path):
    llm.script("kinh tế số", Reply(STREAMED, chunk_words=2, chunk_delay=0.25))
    services = Services(llm_engine, QueryLog(tmp_path / "querylog.sqlite3"))

    async def scenario():
        bot_api.push(bot_api.message(QUESTION, user_id=1001))
        await bot_api.until(lambda a: answered(a, 1001), timeout=30)

    run_bot(bot_api, services, scenario)
    (draft,) = bot_api.sent(1001)  # one message, edited: no second message with the answer
    assert draft["raw_text"] == esc(FAITHFUL) + " …"  # the first sentence, once it passed the guard
    final = bot_api.calls_to("editMessageText")[-1].params
    assert final["message_id"] == draft["message_id"] and "chỉ tiêu của Nghị quyết thử nghiệm" in final["text"]
    assert "Số liệu tính đến 30/06/2025" in final["text"] and final["reply_markup"]  # sources and buttons


def test_a_streamed_answer_shows_only_what_passed_the_guard_and_ends_extractive(bot_api, llm, llm_engine, tmp_path):
    invented = FAITHFUL + " Năm 2025 tỉnh đã đạt 95% GRDP [1]."
    llm.script("kinh tế số", Reply(invented, chunk_words=2, chunk_delay=0.25))
    services = Services(llm_engine, QueryLog(tmp_path / "querylog.sqlite3"))

    async def scenario():
        bot_api.push(bot_api.message(QUESTION, user_id=1001))
        await bot_api.until(lambda a: answered(a, 1001), timeout=30)

    run_bot(bot_api, services, scenario)
    shown = [c.params["text"] for c in bot_api.calls_to("sendMessage") + bot_api.calls_to("editMessageText")]
    assert shown and not any("95%" in text for text in shown)  # the invented figure was never on screen
    assert EXTRACTIVE.replace(" [1]", "") in bot_api.calls_to("editMessageText")[-1].params["text"]


def test_eval_reports_pass_rates_with_and_without_the_model_and_the_fallback_rate(llm, llm_engine, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"q": "Kinh tế số của tỉnh thử nghiệm đạt bao nhiêu?", "expect": [["25% GRDP", "25 % GRDP"]]}\n'
        '{"q": "Tỷ lệ dịch vụ công trực tuyến toàn trình đạt bao nhiêu?", "expect": [["90%"]]}\n'
        '{"q": "thời tiết Hà Nội ngày mai thế nào?", "expect_not_found": true}\n',
        encoding="utf-8",
    )
    # The model drops the figure of the first answer (the guard lets a figure-less sentence through),
    # and invents one in the second (the guard keeps the extractive answer).
    llm.script("kinh tế số", Reply("Nghị quyết đặt mục tiêu lớn cho kinh tế số của tỉnh [1]."))
    llm.script("dịch vụ công", Reply("Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 95% [1]."))
    report = run_eval(llm_engine, cases)
    assert (report.total, report.passed, report.llm.extractive_passed) == (3, 2, 3)
    assert (report.llm.sent, report.llm.used, report.llm.fallbacks) == (2, 1, (("invented_figure", 1),))
    assert report.llm.fallback_rate == 0.5

    env = {"GOVQA_LLM_URL": llm.url, "GOVQA_LLM_MODEL": MODEL, "GOVQA_EMBEDDINGS": "none"}
    data = str(llm_engine.settings.data_dir)
    result = CliRunner().invoke(main, ["eval", str(cases), "--data", data], env=env)
    assert "Có LLM: đạt 2/3 (66.7%); không LLM: đạt 3/3 (100.0%)" in result.output, result.output
    assert "2 câu gửi đi, 1 câu dùng lời của mô hình, trả về câu trích xuất 1 câu (50.0%" in result.output
    result = CliRunner().invoke(main, ["eval", str(cases), "--data", data, "--json"], env=env)
    summary = json.loads(result.output)
    assert summary["llm"] == {
        "sent": 2,
        "used": 1,
        "fallback_rate": 0.5,
        "fallbacks": {"invented_figure": 1},
        "extractive_passed": 3,
        "extractive_pass_rate": 1.0,
    }


def test_an_answer_keeps_its_more_items_and_question_when_phrased(llm):
    source = Source("d", "Sổ", None, None, None, "official")
    answer = Answer(
        "q?", "answered", "Có 12 nhiệm vụ [1]:", (Citation(1, source, Passage("d#0", "d", "Tổng: 12")),), more=("x",)
    )
    llm.default = lambda request: Reply("Sổ ghi 12 nhiệm vụ [1].")
    phrased = LlmComposer(llm.url, MODEL, timeout=TIMEOUT).phrase(answer, "official")
    assert replace(phrased, phrasing=None) == replace(answer, text="Sổ ghi 12 nhiệm vụ [1].")


# --- a LangChain chain for operators ---------------------------------------------------------------------


def test_grounded_chain_on_govqa_retriever_returns_only_guarded_answers(llm, mini_engine):
    from langchain_openai import ChatOpenAI

    from retrieval.langchain import GovqaRetriever, grounded_chain

    chat = ChatOpenAI(model=MODEL, base_url=llm.url, api_key="not-needed", max_retries=0, timeout=TIMEOUT)
    chain = grounded_chain(GovqaRetriever(engine=mini_engine, role="citizen", k=3), chat)
    llm.script("kinh tế số", Reply(FAITHFUL))
    result = chain.invoke(QUESTION)
    assert (result["answer"], result["reason"]) == (FAITHFUL, None)
    assert result["blocks"][0].title == "Nghị quyết thử nghiệm về chuyển đổi số"
    assert "[1] Nghị quyết thử nghiệm về chuyển đổi số, 99-NQ/TW — " in llm.requests[-1].blocks
    llm.script("kinh tế số", Reply("Kinh tế số của tỉnh thử nghiệm đạt 52% GRDP [1]."))
    assert chain.invoke(QUESTION) | {"blocks": None} == {"answer": None, "reason": "invented_figure", "blocks": None}
