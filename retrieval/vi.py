"""Dates, numbers and percentages written the Vietnamese way (and the few English forms answers need).

The one place they are formatted: 05/07/2025, 978.532 (dots group thousands), 41,10 (comma decimals), 12,5%.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["en_date", "en_number", "pct", "percent", "thousands", "vn_date", "vn_day_month", "vn_decimal", "vn_number"]


def vn_date(d: date, padded: bool = True) -> str:
    """05/07/2025; `padded=False` writes 5/7/2025, as officials write a deadline ("trước 5/7/2025")."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if padded else f"{d.day}/{d.month}/{d.year}"


def vn_day_month(d: date) -> str:
    """05/07: a day of a period whose year is said once ("05/07–11/07/2025"), an axis label."""
    return f"{d.day:02d}/{d.month:02d}"


def en_date(d: date) -> str:
    """5 July 2025."""
    return f"{d.day} {d.strftime('%B')} {d.year}"


def thousands(n: int) -> str:
    """5000 → "5.000"."""
    return f"{n:,}".replace(",", ".")


def vn_decimal(x: float, digits: int = 1) -> str:
    """1234.56 → "1.234,6" (digits after the comma as asked)."""
    return f"{x:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_number(text: str) -> str:
    """ "41.10" → "41,10"; "978532" → "978.532": the digits as reported, the Vietnamese way; other text as it is."""
    if not re.fullmatch(r"\d+([.,]\d+)?", text):
        return text
    whole, _, frac = text.replace(",", ".").partition(".")
    return thousands(int(whole)) + ("," + frac if frac else "")


def en_number(text: str) -> str:
    """ "41.10" → "41.10"; "978532" → "978,532": the digits as reported, the English way."""
    if not re.fullmatch(r"\d+([.,]\d+)?", text):
        return text
    whole, _, frac = text.replace(",", ".").partition(".")
    return f"{int(whole):,}" + ("." + frac if frac else "")


def pct(part: float | None, whole: float | None) -> str:
    """part/whole as a percentage with one decimal: "12,5%"; "—" when there is nothing to divide by."""
    if not whole or part is None:
        return "—"
    return f"{part / whole * 100:.1f}".replace(".", ",") + "%"


def percent(share: float) -> str:
    """A share (0.125) as "12,5%"."""
    return vn_decimal(share * 100) + "%"
