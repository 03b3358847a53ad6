"""The `govqa` CLI contract, through a real subprocess: other tools depend on it."""

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO, govqa_env


@pytest.fixture
def govqa(mini_corpus, tmp_path):
    env = govqa_env(tmp_path, mini_corpus)

    def run(*args, stdin=None, check=True):
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            input=stdin,
            capture_output=True,
            env=env,
            cwd=REPO,
            check=check,
            timeout=120,
        )

    return run


def test_ask_json_builds_the_index_first_and_keeps_stdout_clean(govqa):
    out = govqa("ask", "--json", "Kinh tế số của tỉnh thử nghiệm đạt bao nhiêu?")
    (line,) = out.stdout.decode().splitlines()
    answer = json.loads(line)
    assert set(answer) == {"question", "status", "answer", "sources", "composer", "took_ms"}
    assert answer["composer"] == "extractive"  # no GOVQA_LLM_URL: quoted from the sources
    assert answer["status"] == "answered" and "25% GRDP" in answer["answer"]
    assert "<" not in answer["answer"]
    assert answer["sources"][0] == {
        "doc_id": "nq-thu",
        "title": "Nghị quyết thử nghiệm về chuyển đổi số",
        "number": "99-NQ/TW",
        "date": "2025-01-15",
        "url": None,
        "provenance": "illustrative",
        "confidence": "một nguồn",
    }
    assert isinstance(answer["took_ms"], float)


def test_batch_answers_every_line_in_order_and_one_bad_line_never_stops_it(govqa):
    questions = ["Ai phải nạo vét kênh mương?", "", "😀", "x" * 5000, "Giá vàng hôm nay?", "Chủ rừng phải làm gì?"]
    stdin = ("\n".join(questions) + "\n").encode() + b"\xff\xfe bad bytes\n"
    out = govqa("ask", "--json", "-", stdin=stdin)
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [r["question"] for r in rows[:6]] == questions
    assert [r["status"] for r in rows] == [
        "answered",
        "rejected",
        "rejected",
        "rejected",
        "not_found",
        "answered",
        "not_found",
    ]
    assert rows[5]["sources"][0]["doc_id"] == "luat-a|2"


def test_search_json_returns_documents_once_each(govqa):
    out = govqa("search", "--json", "--k", "3", "phương án chữa cháy rừng")
    result = json.loads(out.stdout)
    assert result["query"] == "phương án chữa cháy rừng"
    ids = [r["doc_id"] for r in result["results"]]
    assert ids[0] == "luat-a|2" and len(ids) == len(set(ids)) <= 3
    assert set(result["results"][0]) == {"doc_id", "chunk_id", "title", "score", "snippet"}


def test_search_batch_reads_queries_from_stdin(govqa):
    out = govqa("search", "--json", "-", stdin="chữa cháy rừng\nkênh mương\n".encode())
    first, second = (json.loads(line) for line in out.stdout.decode().splitlines())
    assert first["results"][0]["doc_id"].startswith("luat-a")
    assert second["results"][0]["doc_id"] == "kh-cu"


def test_index_then_ask_from_the_data_dir_alone(govqa, mini_corpus, tmp_path):
    out = govqa("index", "--corpus", str(mini_corpus), "--data", str(tmp_path / "d2"), "--quiet")
    assert "7 văn bản" in out.stderr.decode() or "văn bản" in out.stderr.decode()
    answer = json.loads(govqa("ask", "--json", "--data", str(tmp_path / "d2"), "Chủ rừng phải làm gì?").stdout)
    assert answer["sources"][0]["doc_id"] == "luat-a|2"


def test_citizen_cannot_see_internal_documents_from_the_cli(govqa):
    citizen = json.loads(govqa("ask", "--json", "NỘI-BỘ-4242 điều chuyển cán bộ").stdout)
    official = json.loads(govqa("ask", "--json", "--role", "official", "NỘI-BỘ-4242 điều chuyển cán bộ").stdout)
    assert citizen["status"] == "not_found"
    assert "NỘI-BỘ-4242" not in citizen["answer"] + json.dumps(citizen["sources"], ensure_ascii=False)
    assert "NỘI-BỘ-4242" in official["answer"]


def test_bad_configuration_says_what_to_fix(govqa, tmp_path):
    env_run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "x"],
        capture_output=True,
        cwd=REPO,
        env={**os.environ, "GOVQA_EMBEDDINGS": "bert", "GOVQA_DATA_DIR": str(tmp_path / "d")},
    )
    assert env_run.returncode == 2
    assert "GOVQA_EMBEDDINGS='bert'" in env_run.stderr.decode()


def test_chat_answers_until_the_user_leaves(govqa):
    out = govqa("chat", stdin="Chủ rừng phải làm gì?\n/thoat\n".encode())
    text = out.stdout.decode()
    assert "phương án chữa cháy rừng" in text and "Nguồn:" in text


def test_eval_reports_the_pass_rate_per_category_and_refuses_a_dialogue_file(govqa, tmp_path):
    cases = [
        {"q": "Kinh tế số của tỉnh thử nghiệm đạt bao nhiêu?", "cat": "official", "expect": [["25% GRDP"]]},
        {"q": "Kinh tế số của tỉnh thử nghiệm đạt bao nhiêu?", "cat": "official", "expect": [["99% GRDP"]]},
        {"q": "Giá vàng hôm nay?", "cat": "offtopic", "expect_not_found": True},
    ]
    questions = tmp_path / "set.jsonl"
    questions.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), "utf-8")
    report = json.loads(govqa("eval", "--json", str(questions)).stdout)
    assert (report["passed"], report["total"]) == (2, 3)
    assert report["by_category"] == {"official": {"passed": 1, "total": 2}, "offtopic": {"passed": 1, "total": 1}}
    assert "official: 1/2" in govqa("eval", str(questions)).stdout.decode()

    dialogue = {"id": "d", "turns": [{"q": "Ai ký?", "expect": [["x"]]}, {"q": "khi nào?", "expect": [["y"]]}]}
    dialogues = tmp_path / "dialogues.jsonl"
    dialogues.write_text(json.dumps(dialogue) + "\n", "utf-8")
    refused = govqa("eval", str(dialogues), check=False)
    assert refused.returncode == 2 and b"dialogue" in refused.stderr
