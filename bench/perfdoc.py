"""What the speed, load and scale benchmarks share: child processes with their peak RSS, percentiles,
load average, and their sections of docs/benchmarks.md (each replaced between its heading and end marker)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import machine

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "benchmarks.md"
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
    max_rss_mb: float = float("nan")  # the child's own peak RSS, when it reported it (bench.probe does)


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

    child = run_child([PYTHON, "-m", "bench.probe", *args], log_path, env)
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


@dataclass
class Stamp:
    """When and under what load a run happened; every section it writes carries it."""

    load_start: float  # 1-minute load average when this section's measurements began
    load_end: float  # … and when they ended
    waited: bool | None  # False: the machine never got quiet; None: waiting was skipped
    whole_run: str | None = None  # the command that measured every section together, if it did

    def header(self, command: str) -> str:
        m = machine.describe(REPO)
        quiet = ""
        if self.waited is False:
            quiet = " — **the machine never got below 1.5 within 20 minutes: figures taken under load**"
        elif self.waited is None:
            quiet = " (run without waiting for a quiet machine)"
        together = f" Measured together with the other speed sections by `{self.whole_run}`." if self.whole_run else ""
        return (
            f"Machine: {m['cores']} cores (`nproc`), {m['cpu']}, {m['ram']} RAM, Python {m['python']}. "
            f"Run {m['date']}, commit `{m['commit'][:12]}`. "
            f"1-minute load average: {self.load_start:.2f} when this section's measurements began, "
            f"{self.load_end:.2f} when they ended{quiet}.{together}\n\n"
            f"Reproduce this section: `{command}`\n"
        )


def ms(value: float) -> str:
    return "—" if value != value else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def table(header: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def write_section(heading: str, end: str, body: str, path: Path = DOCS) -> Path:
    """Replace the section from `heading` to `end` (or append it), leaving every other section as it was."""
    begin = end.replace(": end", ": begin (generated; edits inside are overwritten)")
    return replace_section(heading, end, f"{heading}\n\n{begin}\n\n{body.rstrip()}\n\n{end}\n", path)


def replace_section(heading: str, end: str, section: str, path: Path = DOCS) -> Path:
    """Put `section` where the text from `heading` to the `end` marker stands (or append it)."""
    text = path.read_text("utf-8") if path.exists() else "# Benchmarks\n\nMeasurements run by `make bench`.\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?^{re.escape(end)}\n?", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, "utf-8")
    return path
