"""The one writer of benchmark results: Markdown tables and their sections of docs/benchmarks.md.

Every benchmark (bench/quality/, bench/speed/) writes its section through `write_section` or
`replace_section`: the text from its heading to its end marker is replaced, every other section is left as
it was. `Stamp.header` is the "where, when, under what load, how to reproduce" line a section opens with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import machine

DOCS = machine.REPO / "docs" / "benchmarks.md"


def ms(value: float) -> str:
    """A duration in ms for a table cell: "—" when not measured, no decimals from 100 ms on."""
    return "—" if value != value else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def table(header: list[str], rows: list[list], right: int | None = None) -> str:
    """A Markdown table; `right` = from which column on the cells are right-aligned (numbers), if any."""
    rules = ["---" if right is None or i < right else "---:" for i in range(len(header))]
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(rules) + "|"]
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


@dataclass
class Stamp:
    """When and under what load a run happened; every section it writes carries it."""

    load_start: float  # 1-minute load average when this section's measurements began
    load_end: float  # … and when they ended
    waited: bool | None  # False: the machine never got quiet; None: waiting was skipped
    whole_run: str | None = None  # the command that measured every section together, if it did

    def header(self, command: str) -> str:
        m = machine.describe()
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
