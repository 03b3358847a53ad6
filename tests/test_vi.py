"""Dates, numbers and percentages are written the Vietnamese way, by retrieval/vi.py and nowhere else."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from retrieval.vi import en_date, pct, percent, thousands, vn_date, vn_day_month, vn_decimal, vn_number

REPO = Path(__file__).resolve().parent.parent


def test_dates_are_day_month_year_with_slashes():
    assert vn_date(date(2025, 7, 5)) == "05/07/2025"
    assert vn_date(date(2025, 7, 5), padded=False) == "5/7/2025"
    assert vn_day_month(date(2025, 7, 5)) == "05/07"
    assert en_date(date(2025, 7, 5)) == "5 July 2025"


@pytest.mark.parametrize(
    ("reported", "written"),
    [("41.10", "41,10"), ("41,10", "41,10"), ("978532", "978.532"), ("1200.5", "1.200,5"), ("7", "7"), ("n/a", "n/a")],
)
def test_reported_figures_keep_their_digits_with_vietnamese_separators(reported, written):
    assert vn_number(reported) == written


def test_counts_group_thousands_with_dots_and_decimals_take_a_comma():
    assert thousands(5000) == "5.000"
    assert thousands(999) == "999"
    assert vn_decimal(1234.56) == "1.234,6"
    assert vn_decimal(1234.56, 0) == "1.235"


def test_percentages_have_one_decimal_after_a_comma():
    assert pct(1, 8) == "12,5%"
    assert pct(3, 0) == pct(None, 5) == "—"
    assert percent(0.125) == "12,5%"


# Inline date formatting (dd/mm written out, strftime day/month) anywhere but retrieval/vi.py.
INLINE_DATE = re.compile(r"day:02d\}/|\.day\}/\{|%d/%m")
NOT_YET: set[str] = set()  # modules not switched yet (none)


def test_no_module_but_vi_writes_a_date_by_hand():
    found = []
    for folder in ("retrieval", "bot"):
        for path in sorted((REPO / folder).rglob("*.py")):
            rel = path.relative_to(REPO).as_posix()
            if rel in NOT_YET or rel == "retrieval/vi.py":
                continue
            text = path.read_text("utf-8")
            found += [f"{rel}: {line.strip()}" for line in text.splitlines() if INLINE_DATE.search(line)]
    # retrieval/load.py *parses* dd/mm/yyyy front matter; parsing is not writing.
    assert [f for f in found if not f.startswith("retrieval/load.py")] == []
