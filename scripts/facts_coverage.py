"""Report the numbers, dates, document numbers and web addresses of FACTS.md that the corpus lacks.

Reads sections 1–8 of the fact sheet (the header/legend before section 1 and the "Open items"
section are skipped) and prints every number, date, document number ("57-NQ/TW", "118/2025/NĐ-CP")
and URL that appears nowhere in the corpus files (*.md, *.csv, *.jsonl, *.meta.yaml; README files
are not corpus). Matching tolerates the Vietnamese style of the corpus: "15,345" = "15.345" =
"15345", "41.10" = "41,10", "4.45 million" = "4,45 triệu", "13/1/2025" = "13/01/2025" =
"2025-01-13", "95%" = "95 %", "16–18%" = "16-18%"; web addresses (URLs and bare domains such as
"dichvucong.gov.vn") ignore http/https and a trailing slash. In CSV rows whose "Đơn vị" is "%", the
value columns count as percentages. Each distinct item is reported once, at its first FACTS line.
Only presence is checked, not context: a small number such as "5" almost always matches somewhere.

It is a report, not a test (it reads ../shared, outside the repository), and always exits 0.
Run from the repository root:

    .venv/bin/python scripts/facts_coverage.py [--facts ../shared/facts/FACTS.md] [--corpus corpus]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

CORPUS_GLOBS = ("*.md", "*.csv", "*.jsonl", "*.meta.yaml")
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}  # Q1/2026 = quý I/2026
MONTHS = "january february march april may june july august september october november december".split()
SCALES = {"million": ("triệu", None), "billion": ("tỷ|tỉ", "triệu"), "trillion": ("nghìn tỷ|ngàn tỷ", "tỷ|tỉ")}

URL_RE = re.compile(r"https?://[^\s<>\"'`)\]]+")
DOMAIN_RE = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:vn|com|org|net|info)\b(?![/\w])")  # bare "dichvucong.gov.vn"
URL_END = r"(?=[.,;:]?(?:[\s<>\"'`)\]]|$))"
NOISE_RE = re.compile(  # not facts: citation markers, repository paths, list/section numbering
    r"`\[[^\]]*\]`|REPO:?\s+(?:thetrungdtt/VNMasterplan\s+)?[\w/]+(?:\s+PL\d)?(?:\s+Nhiem vu)?\.md"
    r"|index file id \d+|^\s*#*\s*\d+\.\s|\(\d\)|§\d+"
)
DOCNUM_RE = re.compile(r"(?<![\w/])\d+(?:/\d{4})?[-/][A-ZĐ][\wĐđ]*(?:[-/][A-ZĐ][\wĐđ]*)*")
QUARTER_RE = re.compile(r"\bQ([1-4])/(\d{4})\b")
DATE_RE = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
MONTH_YEAR_RE = re.compile(r"(?<![\w/])(\d{1,2})/(\d{4})(?!\d)")
MONTH_NAME_RE = re.compile(
    r"(?:\b(\d{1,2}) )?\b(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b(?: (\d{4}))?"
)
NUM = r"\d[\d,.]*\d|\d"
RANGE_SEP = r"(?:[–—-]|đến(?:\s+thứ)?)"  # 16–18, 16-18, "thứ 6 đến thứ 14"
NUMBER_RE = re.compile(
    rf"(?<![\w.,])({NUM})(?:\s?[–-]\s?({NUM}))?(?:st|nd|rd|th)?(\s?%| (?:million|billion|trillion)\b)?(?!\w)"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def url_pattern(url: str) -> str:
    """A URL anywhere in the corpus, with or without http(s):// and a trailing slash."""
    bare = re.sub(r"^https?://", "", url.rstrip(".,;:")).rstrip("/")
    return rf"(?<![\w.-])(?:https?://)?{re.escape(bare)}/?{URL_END}"


def spellings(token: str) -> set[str]:
    """English-style number → the ways the corpus may write it (Vietnamese, plain, CSV dot decimal)."""
    out = {token}
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", token):
        return out  # already Vietnamese ("0,71") or odd: literal only
    whole, _, frac = token.replace(",", "").partition(".")
    wholes = {whole, str(int(whole)), f"{int(whole):,}".replace(",", ".")}
    for f in {frac, frac.rstrip("0")}:
        for w in wholes:
            out.add(f"{w},{f}" if f else w)
        out.add(f"{int(whole)}.{f}" if f else str(int(whole)))
    return out


def alt(options: set[str]) -> str:
    return "(?:" + "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True)) + ")"


def number_pattern(first: str, second: str | None, suffix: str) -> str:
    left, right = r"(?<![\w.,])", r"(?!\w|[.,]\d)"
    suffix = suffix.strip()
    if suffix == "%":
        unit = r"\s?(?:%|phần trăm)"
        if second:
            return left + alt(spellings(first)) + rf"(?:{unit})?\s*{RANGE_SEP}\s*" + alt(spellings(second)) + unit
        return left + alt(spellings(first)) + unit
    if second:
        return left + alt(spellings(first)) + rf"\s*{RANGE_SEP}\s*" + alt(spellings(second)) + right
    if suffix:  # 4.45 million = 4,45 triệu; 4.222 trillion = 4.222 tỷ
        word, lower = SCALES[suffix]
        pattern = left + alt(spellings(first)) + rf"\s+(?:{word}|{suffix})"
        if lower:
            thousand = format(Decimal(first.replace(",", "")) * 1000, "f").rstrip("0").rstrip(".")
            pattern += "|" + left + alt(spellings(thousand)) + rf"\s+(?:{lower})(?!\w)"
        return pattern
    return left + alt(spellings(first)) + right


def date_patterns(day: int | None, month: int, year: int | None) -> str:
    d, m = rf"0?{day}", rf"0?{month}"
    if day and year:
        return rf"(?<![\d/]){d}/{m}/{year}(?!\d)|{year}-{month:02d}-{day:02d}|{d} tháng {m} năm {year}"
    if year:
        return rf"(?<![\w/]){m}/{year}(?!\d)|tháng {m} năm {year}"
    return rf"(?<![\d/]){d}/{m}(?!\d)|{d} tháng {m}(?!\d)"


def extract(line: str) -> list[tuple[str, str, str]]:
    """(kind, item as written in FACTS, regex or normalised URL) for every checkable item, in line order."""
    items: list[tuple[int, str, str, str]] = []

    def take(regex: re.Pattern, kind: str, build) -> None:
        nonlocal line
        for m in regex.finditer(line):
            built = build(m)
            if built:  # record it and blank it out, so its digits are not read again as numbers
                items.append((m.start(), kind, m.group(0).strip(), built))
                line = line[: m.start()] + " " * (m.end() - m.start()) + line[m.end() :]

    take(URL_RE, "web address", lambda m: url_pattern(m.group(0)))
    take(DOMAIN_RE, "web address", lambda m: url_pattern(m.group(0)))
    line = NOISE_RE.sub(lambda m: " " * len(m.group(0)), line)
    take(DOCNUM_RE, "document number", lambda m: rf"(?<![\w/])0*{re.escape(m.group(0).lstrip('0'))}(?!\w)")
    take(QUARTER_RE, "date", lambda m: rf"quý\s*(?:{ROMAN[m[1]]}|{m[1]})\s*(?:/|năm)\s*{m[2]}|Q{m[1]}/{m[2]}")
    take(DATE_RE, "date", lambda m: date_patterns(int(m[1]), int(m[2]), int(m[3])))
    take(MONTH_YEAR_RE, "date", lambda m: date_patterns(None, int(m[1]), int(m[2])) if int(m[1]) <= 12 else "")

    def month_name(m: re.Match) -> str:
        if not (m[1] or m[3]):
            return ""
        full = next(i for i, name in enumerate(MONTHS, 1) if name.startswith(m[2].lower()[:3]))
        return date_patterns(int(m[1]) if m[1] else None, full, int(m[3]) if m[3] else None)

    take(MONTH_NAME_RE, "date", month_name)
    take(NUMBER_RE, "number", lambda m: number_pattern(m[1], m[2], m[3] or ""))
    return [item[1:] for item in sorted(items)]


def facts_lines(path: Path):
    """(section number, line number, line) for sections 1–8."""
    section = None
    for n, line in enumerate(nfc(path.read_text("utf-8")).splitlines(), start=1):
        if line.startswith("## "):
            heading = re.match(r"## (\d+)\.", line)
            section = heading[1] if heading else None
        if section and line.strip() and line.strip() != "---":
            yield section, n, line


def load_corpus_text(folder: Path) -> tuple[str, str]:
    """All corpus text (plus '<value>%' for CSV rows measured in %), with and without its URLs."""
    parts = []
    files = sorted({p for pattern in CORPUS_GLOBS for p in folder.rglob(pattern)})
    for path in files:
        rel = path.relative_to(folder).parts
        if path.name.lower() == "readme.md" or any(part.startswith((".", "_")) for part in rel):
            continue
        text = nfc(path.read_text("utf-8-sig"))
        parts.append(text)
        if path.suffix == ".csv":
            rows = list(csv.DictReader(io.StringIO(text)))
            for row in rows:
                if (row.get("Đơn vị") or "").strip().startswith("%"):
                    values = [row.get(k) or "" for k in ("Giá trị", "Tổng số", "Mục tiêu")]
                    parts.append(" ".join(re.sub(r"\d+(?:[.,]\d+)*", r"\g<0>%", v) for v in values))
    text = "\n".join(parts)
    return text, URL_RE.sub(" ", text)  # numbers inside URLs don't count as numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=Path, default=Path("../shared/facts/FACTS.md"))
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    args = parser.parse_args()

    try:
        text, without_urls = load_corpus_text(args.corpus)
        lines = list(facts_lines(args.facts))
    except OSError as e:  # a report: say what is wrong, but never fail
        print(f"cannot read input: {e}")
        return
    seen: set[tuple[str, str]] = set()
    counts: dict[str, list[int]] = {}  # kind → [checked, missing]
    for section, n, line in lines:
        for kind, item, needle in extract(line):
            if (kind, item) in seen:
                continue
            seen.add((kind, item))
            if kind == "web address":
                present = re.search(needle, text)
            else:
                present = re.search(needle, without_urls, re.IGNORECASE)
            tally = counts.setdefault(kind, [0, 0])
            tally[0] += 1
            if not present:
                tally[1] += 1
                shown = line.strip().lstrip("-#").strip()
                shown = shown if len(shown) <= 120 else shown[:119] + "…"
                print(f"§{section} line {n}: {item} — {shown}")
    missing = sum(m for _, m in counts.values())
    checked = sum(c for c, _ in counts.values())
    detail = ", ".join(f"{kind}: {m} of {c}" for kind, (c, m) in sorted(counts.items()))
    print(f"\n{missing} of {checked} distinct items missing from the corpus ({detail}).")


if __name__ == "__main__":
    main()
