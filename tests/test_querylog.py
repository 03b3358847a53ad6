"""The query log: keyed pseudonyms, the install secret, the v1 → v2 migration, and retention."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from bot.cli import main
from bot.config import FaceSettings
from bot.privacy import Pseudonyms, install_secret
from bot.querylog import QueryLog
from retrieval.models import Answer

NOW = datetime(2026, 6, 20, 3, 0, tzinfo=UTC)


def answered(question: str) -> Answer:
    return Answer(question, "answered", "…")


def test_ids_are_pseudonymised_with_a_keyed_hash(tmp_path):
    log = QueryLog(tmp_path / "q.sqlite3", Pseudonyms(b"khoa-bi-mat"))
    qid = log.record("Câu hỏi?", answered("Câu hỏi?"), face="telegram", latency_ms=5, user_id=1001, chat_id=-5)
    row = log.get(qid)
    assert row["user_hash"] == Pseudonyms(b"khoa-bi-mat")(1001) != Pseudonyms(b"khoa-khac")(1001)
    assert row["user_hash"] != hashlib.sha256(b"1001").hexdigest()
    assert row["chat_hash"] == Pseudonyms(b"khoa-bi-mat")(-5)
    dump = "\n".join(sqlite3.connect(log.path).iterdump())
    assert "1001" not in dump


def test_without_a_configured_secret_one_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVQA_ID_SECRET", "x")  # read by bot/config.py only: a log opened without a key never looks
    first = QueryLog(tmp_path / "data" / "querylog.sqlite3")
    secret = tmp_path / "data" / "secret.key"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    again = QueryLog(tmp_path / "data" / "querylog.sqlite3")
    assert first.pseudonym(42) == again.pseudonym(42)
    assert install_secret(tmp_path / "data") == secret.read_bytes().strip()
    os.chmod(secret, 0o644)  # e.g. copied without care: put right, not refused
    install_secret(tmp_path / "data")
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_a_configured_secret_is_used_and_any_value_is_accepted(tmp_path):
    faces = FaceSettings.from_env({"GOVQA_ID_SECRET": "x"})
    log = QueryLog(tmp_path / "querylog.sqlite3", Pseudonyms.for_data_dir(tmp_path, faces.id_secret))
    assert log.pseudonym(7) == Pseudonyms(b"x")(7)
    assert not (tmp_path / "secret.key").exists()


def test_a_version_1_log_is_migrated_without_its_reversible_hashes(tmp_path):
    path = tmp_path / "querylog.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE questions (id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL, face TEXT NOT NULL,
            user_hash TEXT, chat_hash TEXT, question TEXT NOT NULL, status TEXT NOT NULL,
            latency_ms REAL NOT NULL, doc_ids TEXT NOT NULL, feedback INTEGER, feedback_at TEXT);
        PRAGMA user_version=1;
        """
    )
    old = hashlib.sha256(b"1001").hexdigest()
    db.execute(
        "INSERT INTO questions VALUES (1, '2026-06-01T01:00:00+00:00', 'telegram', ?, ?, 'Cũ?', 'answered',"
        " 12.5, '[\"nq57\"]', 1, '2026-06-01T01:01:00+00:00')",
        (old, old),
    )
    db.commit()
    db.close()
    log = QueryLog(path, Pseudonyms(b"k"))
    row = log.get(1)
    assert row["question"] == "Cũ?" and row["doc_ids"] == ["nq57"] and row["feedback"] == 1
    assert row["role"] == "citizen" and row["user_hash"] == row["chat_hash"] != old
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2
    assert old not in "\n".join(sqlite3.connect(path).iterdump())
    log.purge(NOW, days=1)  # texts may now be blanked: the NOT NULL is gone
    assert log.get(1)["question"] is None
    QueryLog(path, Pseudonyms(b"k"))  # opening again changes nothing
    assert log.get(1)["user_hash"] == row["user_hash"]


def test_retention_blanks_old_texts_and_keeps_the_counts(tmp_path):
    log = QueryLog(tmp_path / "q.sqlite3", Pseudonyms(b"k"), retention_days=90)
    ages = {"91 ngày": 91, "90 ngày và 1 giờ": 90.05, "89 ngày": 89, "hôm nay": 0}
    ids = {
        text: log.record(text, answered(text), face="api", latency_ms=10, at=NOW - timedelta(days=days))
        for text, days in ages.items()
    }
    assert log.purge(NOW) == 2
    kept = {text: log.get(qid)["question"] for text, qid in ids.items()}
    assert kept == {"91 ngày": None, "90 ngày và 1 giờ": None, "89 ngày": "89 ngày", "hôm nay": "hôm nay"}
    assert all(log.get(qid)["status"] == "answered" and log.get(qid)["latency_ms"] == 10 for qid in ids.values())
    assert log.purge(NOW) == 0
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("q.sqlite3*"))  # the database and any WAL left
    assert "91 ngày".encode() not in raw  # overwritten, not just unlinked from the row


def test_retention_zero_never_stores_texts(tmp_path):
    log = QueryLog(tmp_path / "q.sqlite3", Pseudonyms(b"k"), retention_days=0)
    qid = log.record("Bí mật?", answered("Bí mật?"), face="api", latency_ms=1)
    assert log.get(qid)["question"] is None and log.get(qid)["status"] == "answered"


def test_the_services_purge_uses_the_injected_clock(tmp_path, mini_engine):
    from bot.service import FaceSettings, Services

    log = QueryLog(tmp_path / "q.sqlite3", Pseudonyms(b"k"), retention_days=30)
    services = Services(mini_engine, log, settings=FaceSettings(retention_days=30))
    services.clock = lambda: NOW - timedelta(days=40)
    services.ask("Hỏi lúc trước?", face="api")
    services.clock = lambda: NOW
    services.ask("Hỏi bây giờ?", face="api")
    assert services.purge() == 1
    assert [log.get(1)["question"], log.get(2)["question"]] == [None, "Hỏi bây giờ?"]
    assert log.get(1)["asked_at"] == (NOW - timedelta(days=40)).isoformat(timespec="seconds")


def test_govqa_purge_blanks_old_texts(tmp_path):
    data = tmp_path / "data"
    log = QueryLog.in_data_dir(data, pseudonyms=Pseudonyms(b"k"))
    log.record("Rất cũ?", None, face="api", latency_ms=1, at=datetime.now(UTC) - timedelta(days=200))
    log.record("Mới?", None, face="api", latency_ms=1)
    result = CliRunner().invoke(main, ["purge", "--data", str(data)], env={"GOVQA_RETENTION_DAYS": "30"})
    assert result.exit_code == 0, result.output
    assert "Đã xóa nội dung 1 câu hỏi cũ hơn 30 ngày." in result.stderr
    assert [log.get(1)["question"], log.get(2)["question"]] == [None, "Mới?"]
    assert json.loads(json.dumps(log.get(2)))  # rows stay plain data
