"""1 and 2 workers, SQLite files and PostgreSQL, under one burst of webhook updates (`make bench`, bench/workers.py).

Not part of `make test` (about 5 minutes): throughput and p95 are written to docs/benchmarks.md, not asserted,
since a machine loaded by others misses any figure for reasons that are not the code's. What is asserted
holds under any load: every update answered, none twice, one query-log row per answer.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # bench/ is a folder of the repository, not part of the installed package

pytestmark = pytest.mark.bench


def test_one_and_two_workers_on_sqlite_and_postgresql_answer_every_update_once():
    from bench import workers

    work = Path(tempfile.mkdtemp(prefix="govqa-workers-"))
    try:
        result = workers.run(work)
        print(f"written: {workers.write(result)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    assert {(r.workers, r.database) for r in result.runs} >= {(1, "sqlite"), (2, "sqlite")}
    for r in result.runs:
        assert (r.phase.answered_once, r.phase.lost, r.phase.duplicated) == (workers.UPDATES, 0, 0), r
        assert r.logged == workers.UPDATES, r
