"""What the speed, load and scale benchmarks share: child processes with their peak RSS, percentiles,
load average, the dev questions as workload. Their tables and sections are written by bench/results.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..machine import REPO

# The speed workload: every dev question, tuning part then held-out part (timing them is not tuning).
DEV_SETS = (REPO / "tests" / "eval" / "dev-tune.jsonl", REPO / "tests" / "eval" / "dev-heldout.jsonl")
PYTHON = sys.executable
GOVQA = str(Path(sys.executable).with_name("govqa"))


@dataclass
class Child:
    """A finished child process: what it printed on stdout, its wall time and when it was spawned."""

    stdout: str
    seconds: float
    returncode: int
    spawned: float  # time.time() just before the spawn
    max_rss_mb: float = float("nan")  # the child's own peak RSS, when it reported it (bench.speed.probe does)


def dev_lines() -> list[str]:
    """The lines of both dev question files (tests/eval/dev-tune.jsonl, dev-heldout.jsonl), in that order."""
    return [line for path in DEV_SETS for line in path.read_text("utf-8").splitlines(keepends=True) if line.strip()]


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident set of a process's own address space (VmHWM), in MB.

    Not ru_maxrss from wait4/getrusage: on Linux an exec'd child inherits its parent's high-water mark,
    so a 13 MB child of an 800 MB parent reports 833 MB there.
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU time a process has used so far, every thread (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_child(argv: list[str], log_path: Path, env: dict | None = None) -> Child:
    """Run argv to completion and time it."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as err:
        spawned = time.time()
        t = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=REPO,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
        )
        out, _ = proc.communicate()
        seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}… exited with {proc.returncode}; see {log_path}")
    return Child(out.decode("utf-8"), seconds, proc.returncode, spawned)


def probe(args: list[str], log_path: Path, env: dict | None = None) -> tuple[dict, Child]:
    import json

    child = run_child([PYTHON, "-m", "bench.speed.probe", *args], log_path, env)
    out = json.loads(child.stdout.strip().splitlines()[-1])
    child.max_rss_mb = out["peak_rss_mb"]
    return out, child


def pct(values, q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else float("nan")


def summary_ms(values) -> dict:
    return {
        "n": len(values),
        "p50": pct(values, 50),
        "p95": pct(values, 95),
        "p99": pct(values, 99),
        "mean": float(np.mean(values)) if len(values) else float("nan"),
        "max": float(np.max(values)) if len(values) else float("nan"),
    }


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def wait_for_quiet(limit: float = 1.5, poll: float = 30, give_up: float = 20 * 60, log=print) -> tuple[bool, float]:
    """Wait until the 1-minute load average is below `limit` (polling), at most `give_up` seconds."""
    deadline = time.monotonic() + give_up
    while True:
        now = loadavg()
        if now < limit:
            return True, now
        if time.monotonic() >= deadline:
            log(f"load average still {now:.2f} after {give_up / 60:.0f} min: running anyway")
            return False, now
        log(f"load average {now:.2f} ≥ {limit}: waiting {poll:.0f} s")
        time.sleep(poll)
