"""The header of a Vietnamese administrative document: issuer, number, place and date, type and title.

Documents follow one layout (Nghị định 30/2020/NĐ-CP; Quy định 66-QĐ/TW for Party documents):
the issuing agency top left with the number under it ("Số: 321/KH-UBND", "Số 57-NQ/TW"), the national
motto top right with place and date under it ("Hà Nội, ngày 22 tháng 12 năm 2024"), then the type in
capitals ("NGHỊ QUYẾT") and the subject ("VỀ ĐỘT PHÁ PHÁT TRIỂN …" or "Triển khai thực hiện …").
Extractors hand in the first lines as rows of cells (left column before right column where the
layout is known); plain text, where both columns share a line, works too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .. import data
from ..text import fold, nfc

HEADER_ROWS = 40  # the header and title sit in the first lines; never look deeper

# The document types, as their line reads in capitals, and the corpus `kind` each maps to.
TYPES = {
    "NGHỊ QUYẾT": "directive",
    "KẾ HOẠCH": "directive",
    "QUYẾT ĐỊNH": "directive",
    "CHỈ THỊ": "directive",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG": "directive",
    "CHƯƠNG TRÌNH": "directive",
    "ĐỀ ÁN": "directive",
    "KẾT LUẬN": "directive",
    "NGHỊ ĐỊNH": "directive",
    "THÔNG TƯ": "directive",
    "LUẬT": "directive",
    "QUY ĐỊNH": "directive",
    "QUY CHẾ": "directive",
    "PHƯƠNG ÁN": "directive",
    "CÔNG ĐIỆN": "directive",
    "THÔNG BÁO": "news",
    "BÁO CÁO": "report",
    "TỜ TRÌNH": "report",
    "HƯỚNG DẪN": "guide",
}
_TYPE_KEYS = sorted(((fold(t), t) for t in TYPES), key=lambda x: -len(x[0]))
# Lines of the right column that name no one: the motto and the Party's name.
_MOTTO = re.compile(
    r"cong hoa xa hoi chu nghia viet nam|doc lap\s*[-–—]\s*tu do\s*[-–—]\s*hanh phuc|dang cong san viet nam",
    re.IGNORECASE,
)
_RULE = re.compile(r"^[\s\-–—_*=.~]*$")  # separator lines under the agency or the motto
_NUMBER = re.compile(r"\bSố\s*:?\s*(\d{1,5}[\w/.\-&]*?[A-Za-zĐđ][\w/.\-&]*)", re.IGNORECASE)
_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_PLACE_WORD = re.compile(r"(?:TP\.|[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*)$")
# How a body starts: the subject has ended by then.
_BODY = re.compile(
    r"^(Căn cứ|Thực hiện|Theo|Xét|Để|Trong|Những năm|Thời gian|Sau|Nhằm|Qua|Kính gửi|Phần|PHẦN|Chương|CHƯƠNG|"
    r"Điều|ĐIỀU|Mục\s+\d|[IVX]{1,5}\.|\d{1,2}\.|[a-zđ]\))"
)
# Words that continue an agency name broken over two lines ("ỦY BAN NHÂN DÂN" / "TỈNH PHÚ THỌ").
_CONTINUES = re.compile(r"^(tinh|thanh pho|tp|huyen|quan|thi xa|xa|phuong|trung uong|nhan dan|viet nam|va)\b")
_PLACE_UNITS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
_NAME_STOPS = set(
    "về và của năm ngày giai đoạn trên đến theo trong với tại thuộc số giai các những cho từ đợt lần".split()
)
# Heads of organisation names: the first word of the proper part after them takes a capital
# ("Bộ Tài chính", "Sở Khoa học và Công nghệ", "Bộ Văn hóa, Thể thao và Du lịch").
_ORG_HEADS = ("bộ", "sở", "cục", "tổng cục", "vụ", "viện", "phòng", "ban", "văn phòng")
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?[aeiouy]{1,3}(ch|ng|nh|c|m|n|p|t)?$"
)


@dataclass(frozen=True)
class Header:
    """What a document's header says; fields it does not state are None."""

    issuer: str | None = None
    number: str | None = None
    place: str | None = None
    date: date | None = None
    doc_type: str | None = None  # as the type line reads, in capitals: "NGHỊ QUYẾT"
    subject: str | None = None  # the line(s) under the type, in sentence case
    title: str | None = None  # "Nghị quyết 57-NQ/TW về đột phá …"

    def meta(self) -> dict:
        """The fields as corpus metadata (the sidecar still overrides every one)."""
        out: dict = {}
        for key in ("title", "number", "issuer", "date"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.doc_type:
            out["kind"] = TYPES[self.doc_type]
        return out


def read_header(rows: list[list[str]], context: str = "") -> Header:
    """Read the header from the first rows (each a list of cells); `context` helps restore capitals."""
    cells: list[tuple[int, str]] = []  # (row number, cleaned cell)
    for n, row in enumerate(rows[:HEADER_ROWS]):
        for cell in row:
            for piece in nfc(cell).splitlines():
                text = " ".join(piece.split())
                if text:
                    cells.append((n, text))
    number = place = when = None
    number_at = type_at = None
    for i, (_n, text) in enumerate(cells):
        if number is None:
            m = _NUMBER.search(text)
            if m:
                number, number_at = m.group(1).rstrip(".,;:-"), i
        if when is None:
            place, when = _place_date(text)
        if type_at is None and _type_of(text):
            type_at = i
    doc_type = subject = None
    if type_at is not None:
        doc_type, rest = _type_of(cells[type_at][1])
        subject = _subject([rest] if rest else [], [t for _, t in cells[type_at + 1 :]], context)
    top = min((x for x in (number_at, type_at) if x is not None), default=0)  # no header, no issuer
    issuer = _issuer([t for _, t in cells[:top]])
    title = None
    if doc_type:
        head = doc_type.capitalize() + (f" {number}" if number else "")
        title = f"{head} {_lower_first(subject)}" if subject else head
    return Header(
        issuer=sentence_case(issuer, context, org=True) if issuer else None,
        number=number,
        place=place,
        date=when,
        doc_type=doc_type,
        subject=subject,
        title=title,
    )


def plain_title_lines(lines: list[str], header: Header) -> list[str]:
    """The type and subject lines as plain lines, even when styled as headings: the title is metadata,
    and a heading there would head every passage of the document ("QUYẾT ĐỊNH › Điều 2. …")."""
    if not header.doc_type:
        return lines
    out = list(lines)
    for i, line in enumerate(out[:HEADER_ROWS]):
        text = line.lstrip("#").strip()
        if line.startswith("#") and (
            _type_of(text) or (header.subject and fold(text).lower() in fold(header.subject).lower())
        ):
            out[i] = text
    return out


def _place_date(text: str) -> tuple[str | None, date | None]:
    folded = fold(text).lower()
    m = _DATE.search(folded)
    if not m or len(folded) != len(text):
        return None, None
    try:
        when = date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None, None
    before = text[: m.start()].rstrip(" ,")
    words: list[str] = []
    for word in reversed(before.split()):
        if not _PLACE_WORD.match(word) or len(words) == 5 or re.search(r"\d|/", word):
            break
        words.insert(0, word)
    return (" ".join(words) or None), when


def _type_of(text: str) -> tuple[str, str] | None:
    """ "NGHỊ QUYẾT" → ("NGHỊ QUYẾT", ""); "QUYẾT ĐỊNH VỀ VIỆC …" → ("QUYẾT ĐỊNH", "VỀ VIỆC …")."""
    if text.upper() != text:
        return None
    folded = fold(text)
    for key, name in _TYPE_KEYS:
        if folded == key:
            return name, ""
        if folded.startswith(key + " ") and re.match(r"(VE|BAN HANH|THUC HIEN|TRIEN KHAI)\b", folded[len(key) + 1 :]):
            return name, text[len(key) + 1 :]
    return None


def _subject(first: list[str], following: list[str], context: str) -> str | None:
    lines = list(first)
    caps = None if not lines else lines[0].upper() == lines[0]
    for text in following:
        if len(lines) >= 4 or _RULE.match(text) or _BODY.match(text) or _MOTTO.search(fold(text)):
            break
        if _place_date(text)[1] or _NUMBER.match(text):
            break
        is_caps = text.upper() == text
        if caps is not None and is_caps != caps:
            break  # "Về việc …" then "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH": the authority line starts the body
        caps = is_caps
        lines.append(text)
        if text.endswith((".", ":")):
            break
    if not lines:
        return None
    subject = " ".join(lines).strip(" -")
    return sentence_case(subject, context) if subject.upper() == subject else subject


def _issuer(lines: list[str]) -> str | None:
    """The last agency line of the left column: the direct issuer under its parent agency."""
    names: list[str] = []
    for text in lines:
        text = _strip_motto(text)
        if not text or _RULE.match(text) or _place_date(text)[1] or text.upper() != text:
            continue
        if not re.search(r"[A-ZĐÀ-Ỹ]{2}", text):
            continue
        if names and _CONTINUES.match(fold(text).lower()):
            names[-1] = f"{names[-1]} {text}"
        else:
            names.append(text)
    return names[-1] if names else None


def _strip_motto(text: str) -> str:
    """Remove the right column's fixed lines from a line that also holds the left column (plain text, PDF)."""
    folded = fold(text)
    if len(folded) != len(text):
        return text.strip()
    for m in reversed(list(_MOTTO.finditer(folded))):
        text = text[: m.start()] + " " + text[m.end() :]
    return " ".join(text.split()).strip(" -*")


# --- capitals ----------------------------------------------------------------------------------------


def sentence_case(text: str, context: str = "", org: bool = False) -> str:
    """An ALL-CAPS line in sentence case, keeping acronyms, numbers, names and places capitalised.

    "KẾ HOẠCH SỐ 321/KH-UBND CỦA UBND TỈNH PHÚ THỌ" → "Kế hoạch số 321/KH-UBND của UBND tỉnh Phú Thọ".
    Pairs of capitalised words seen mid-sentence in `context` (the document's body) are kept as well.
    """
    if text.upper() != text:
        return text
    words = text.split()
    out = [w if _keeps_caps(w) else w.lower() for w in words]
    lower = [w.lower() for w in words]
    for name in _proper_names(context):
        parts = name.lower().split()
        k = len(parts)
        for i in range(len(lower) - k + 1):
            if [w.strip(",.;:()") for w in lower[i : i + k]] == parts:
                for j, proper in enumerate(name.split()):
                    out[i + j] = _recase(out[i + j], proper)
    for i, w in enumerate(lower):
        for unit in _PLACE_UNITS:
            unit_words = unit.split()
            if lower[i : i + len(unit_words)] == unit_words:
                j = i + len(unit_words)
                while j < len(out) and j < i + len(unit_words) + 3 and lower[j].strip(",.;:") not in _NAME_STOPS:
                    out[j] = _cap(out[j])
                    if lower[j].endswith((",", ";", ")")):
                        break
                    j += 1
        if re.fullmatch(r"(nghị|kế|quyết|chỉ|chương|kết|thông|đề)", w) and i + 2 < len(lower):
            nxt = lower[i + 2] if lower[i + 2] != "số" else (lower[i + 3] if i + 3 < len(lower) else "")
            if re.match(r"\d", nxt):
                out[i] = _cap(out[i])  # "Kế hoạch số 321/KH-UBND": a named document
    if org and out:
        _org_case(out, lower)
    if out:
        out[0] = _cap(out[0])
    return " ".join(out)


def _org_case(out: list[str], lower: list[str]) -> None:
    """ "sở khoa học và công nghệ" → "Sở Khoa học và Công nghệ": the name after the head word."""
    for head in _ORG_HEADS:
        k = len(head.split())
        if lower[:k] == head.split() and len(out) > k:
            out[k] = _cap(out[k])
            for j in range(k + 1, len(out) - 1):
                if lower[j] == "và" or lower[j].endswith(","):
                    if lower[j + 1] not in _NAME_STOPS:
                        out[j + 1] = _cap(out[j + 1])
            return


def _keeps_caps(word: str) -> bool:
    core = word.strip(",.;:()[]\"'“”")
    if not core or re.search(r"[\d/&]", core) or "-" in core.strip("-"):
        return True
    return not _SYLLABLE.match(fold(core).lower())


def _cap(word: str) -> str:
    for i, ch in enumerate(word):
        if ch.isalpha():
            return word[:i] + ch.upper() + word[i + 1 :]
    return word


def _recase(word: str, proper: str) -> str:
    core = word.strip(",.;:()")
    start = word.find(core)
    return word[:start] + proper + word[start + len(core) :] if core.lower() == proper.lower() else word


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if _keeps_caps(first) or any(first == n.split()[0] for n in _proper_names("")):
        return text
    return text[:1].lower() + text[1:]


def _proper_names(context: str) -> list[str]:
    names = list(_known_names())
    if context:
        names.extend(_context_pairs(context[:20000]))
    return names


@lru_cache(maxsize=1)
def _known_names() -> tuple[str, ...]:
    names = []
    for file in ("proper_names.txt", "provinces.txt"):
        names.extend(nfc(line.split("|")[0].strip()) for line in data.lines(file))
    return tuple(sorted(names, key=lambda n: -len(n.split())))


@lru_cache(maxsize=64)
def _context_pairs(context: str) -> tuple[str, ...]:
    """ "Phú Thọ", "Tài chính" …: two capitalised words after a lower-case word, in the body text."""
    found = re.findall(r"(?<=[a-zà-ỹđ,] )([A-ZĐÀ-Ỹ][a-zà-ỹđ]+ [A-ZĐÀ-Ỹ][a-zà-ỹđ]+)\b", context)
    return tuple(sorted(set(found)))
