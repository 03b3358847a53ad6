"""Re-indexing under a running bot: /capnhat in a worker thread, `govqa index` from another process, both at once."""

from __future__ import annotations

import asyncio
import fcntl
import subprocess
import sys

from conftest import REPO, govqa_env, write
from ops_corpus import ADMIN, CITIZEN, OFFICIAL, make_services, run, say

from retrieval.index import load_index

NEW_DOC = """
---
id: qd-ioc
title: Quyết định thành lập Trung tâm điều hành thông minh
number: 88/QĐ-UBND
---
# Quyết định thành lập Trung tâm điều hành thông minh

Trung tâm điều hành thông minh của tỉnh vận hành từ ngày 01/9/2026 với mã hiệu IOC-5588.
"""
QUESTION = "Trung tâm điều hành thông minh vận hành từ ngày nào?"


def add_document(tmp_path) -> None:
    write(tmp_path / "corpus" / "directives" / "qd-ioc.md", NEW_DOC)


def govqa_index(tmp_path) -> subprocess.Popen:
    env = govqa_env(tmp_path, tmp_path / "corpus")  # configured as the bot is: that corpus folder alone
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "index", "--quiet"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_capnhat_rebuilds_while_questions_are_answered_from_the_old_index(api, tmp_path):
    services = make_services(tmp_path)
    add_document(tmp_path)

    async def scenario(app):
        (refusal,) = await say(api, "/capnhat", OFFICIAL)
        assert refusal["text"] == "Xin lỗi, lệnh /capnhat chỉ dành cho quản trị viên."
        # Hold the build lock, as a long build elsewhere would: /capnhat waits in its worker thread.
        with open(tmp_path / "data" / "index.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            (started,) = await say(api, "/capnhat", ADMIN)
            assert started["text"].startswith("Đang cập nhật chỉ mục…")
            (busy,) = await say(api, "/capnhat", ADMIN)
            assert busy["text"] == "Chỉ mục đang được cập nhật rồi; mình sẽ báo khi xong."
            (old,) = await say(api, QUESTION, CITIZEN)  # the bot keeps answering, from the old index
            assert "IOC-5588" not in old["text"]
            fcntl.flock(lock, fcntl.LOCK_UN)
        await api.until(lambda a: len(a.sent(ADMIN)) == 3, timeout=30)
        (new,) = await say(api, QUESTION, CITIZEN)
        assert "IOC-5588" in new["text"] and "01/9/2026" in new["text"]

    run(api, services, scenario)
    summary = api.sent(ADMIN)[2]["text"]
    assert summary.startswith("Đã cập nhật chỉ mục: 5 văn bản, ")


def test_a_running_bot_serves_an_index_rebuilt_by_another_process(api, tmp_path):
    services = make_services(tmp_path)

    async def scenario(app):
        (before,) = await say(api, QUESTION, CITIZEN)
        assert "IOC-5588" not in before["text"]
        add_document(tmp_path)
        proc = await asyncio.to_thread(govqa_index, tmp_path)
        _, stderr = await asyncio.to_thread(proc.communicate, timeout=60)
        assert proc.returncode == 0, stderr
        assert "Chỉ mục đã cập nhật" in stderr
        (after,) = await say(api, QUESTION, CITIZEN)  # no restart
        assert "IOC-5588" in after["text"]

    run(api, services, scenario)


def test_govqa_index_and_capnhat_at_the_same_time_both_finish_and_the_index_works(api, tmp_path):
    services = make_services(tmp_path)
    add_document(tmp_path)

    async def scenario(app):
        proc = await asyncio.to_thread(govqa_index, tmp_path)
        (started,) = await say(api, "/capnhat", ADMIN)
        assert started["text"].startswith("Đang cập nhật chỉ mục…")
        _, stderr = await asyncio.to_thread(proc.communicate, timeout=60)
        assert proc.returncode == 0, stderr
        await api.until(lambda a: len(a.sent(ADMIN)) == 2, timeout=30)
        (answer,) = await say(api, QUESTION, CITIZEN)
        assert "IOC-5588" in answer["text"]

    run(api, services, scenario)
    summary = api.sent(ADMIN)[1]["text"]
    # Whichever got the lock first built; the other found nothing left to do.
    assert summary.startswith(("Đã cập nhật chỉ mục: 5 văn bản", "Chỉ mục không có gì thay đổi: 5 văn bản"))
    index = load_index(services.engine.settings)
    assert "qd-ioc" in index.documents and index.build == services.engine.index().build
    builds = sorted(p.name for p in (tmp_path / "data" / "builds").iterdir())
    assert len(builds) <= 2 and all((tmp_path / "data" / "builds" / b / "meta.json").exists() for b in builds)
    assert not list((tmp_path / "data").glob("CURRENT.*.tmp"))
