"""/metrics through prometheus-client: one registry per Services, and all workers added up in its
multiprocess mode (PROMETHEUS_MULTIPROC_DIR), as several `govqa serve` processes will run."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import metric

from bot.metrics import Metrics

COUNT = """
from bot.config import FaceSettings
from bot.metrics import Metrics
m = Metrics(FaceSettings.from_env().metrics_dir)  # as Services makes it in each worker
m.answered("api", "answered", 0.02)
m.answered("telegram", "not_found", 0.3)
m.request("/api/ask", "POST", 200)
"""
RENDER = """
import sys
from bot.config import FaceSettings
from bot.metrics import Metrics
sys.stdout.write(Metrics(FaceSettings.from_env().metrics_dir).render().decode())
"""


def test_two_metrics_objects_in_one_process_count_apart():
    first, second = Metrics(), Metrics()
    first.answered("api", "answered", 0.01)
    assert first.answers[("api", "answered")] == 1
    assert second.answers[("api", "answered")] == 0
    text = first.render({"documents": 3, "passages": 9}).decode()
    assert metric(text, "govqa_answers_total", face="api", status="answered") == 1
    assert metric(text, "govqa_answer_latency_seconds_bucket", face="api", le="0.025") == 1
    assert metric(text, "govqa_index_passages") == 9
    assert "_created" not in text  # what was counted, not when each series began


def test_with_a_multiprocess_dir_every_worker_is_counted_once(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(2):  # two workers, one after the other (each leaves its samples in the folder)
        subprocess.run([sys.executable, "-c", COUNT], env=env, check=True)
    text = subprocess.run([sys.executable, "-c", RENDER], env=env, check=True, capture_output=True, text=True).stdout
    assert metric(text, "govqa_answers_total", face="api", status="answered") == 2
    assert metric(text, "govqa_answers_total", face="telegram", status="not_found") == 2
    assert metric(text, "govqa_not_found_total") == 2
    assert metric(text, "govqa_http_requests_total", route="/api/ask", method="POST", status="200") == 2
    assert metric(text, "govqa_answer_latency_seconds_count", face="telegram") == 2
