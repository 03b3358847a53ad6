"""Question understanding for registers, by rules and data tables: intent, agency, commune, scope, period."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from . import data
from .names import matcher
from .text import fold, normalise
from .vi import vn_date, vn_day_month

UPCOMING_DAYS = 30  # "sắp đến hạn": due within this many days of today
# a deadline is asked ("hạn năm 2026", "đến hạn", "due"), not "hạn chế": folded
DUE_WORDS = re.compile(r"\b(?:han(?! che)|den han|due|deadline)\b")
_UPCOMING = r"(sap|gan) (den|toi|het) han|sap han|sap phai nop|han sap toi"

# Intents, tried on the folded, normalised question (so "bao nhiêu", "bao nhieu", "bn" all meet).
INTENTS = [
    # "sắp đến hạn", "sắp hết hạn": due soon and not finished; "còn hạn": not finished, not yet past its date
    ("upcoming", _UPCOMING),
    ("open", r"con han|chua den han|chua het han|chua qua han"),
    (
        "overdue",  # "hết hạn vào tháng 9/2026" names a deadline, "đã hết hạn" one past; "bao giờ hết hạn",
        # "hết hạn khi nào" ask the deadline
        r"qua han|tre han|cham (tien do|han)|da den han"
        r"|(?<!sap )(?<!gan )(?<!chua )(?<!bao gio )(?<!khi nao )(?<!luc nao )"
        r"het han(?!\s+(?:vao|trong|truoc|nam|thang|quy|ngay|khi nao|bao gio|luc nao)\b)",
    ),
    (
        "count",  # "nhiệm vụ về trí tuệ nhân tạo có bao nhiêu": the tasks named first, counted at the end
        r"bao nhieu (nhiem vu|viec)|may (nhiem vu|viec)|so (luong )?nhiem vu|tong so nhiem vu"
        r"|^(?:cac |nhung )?nhiem vu .+ (?:co|tong cong) (?:bao nhieu|may)(?: cai| nhiem vu)?(?=\W*$)"
        # "moha lead tasks in resolution 03 appendix ii how many": "how many" typed last, after the tasks
        r"|(?=.*\bnhiem vu\b).*\bchu tri\b.* bao nhieu(?=\W*$)",
    ),
    ("rate", r"ty le hoan thanh|ti le hoan thanh|hoan thanh (duoc )?bao nhieu|tien do (thuc hien|hoan thanh)"),
    (
        "lead",
        r"(co quan|don vi|ai|bo nao|bo|so nao)\s+(nao\s+)?chu tri|chu tri\s+(la\s+)?(ai|co quan nao|bo nao)"
        r"|do\s+(ai|co quan nao|bo nao)\s+(chu tri|thuc hien|phu trach)|giao cho (ai|co quan nao|bo nao)",
    ),
    (
        "deadline",
        # "từ bao giờ", "từ khi nào" ask since when, not by when
        r"thoi han|han chot|han hoan thanh|(?<!tu )khi nao|(?<!tu )bao gio|luc nao"
        r"|han (la|den) (khi nao|bao gio|ngay nao)|(den )?han nao|(truoc|han) ngay nao"  # "… trước ngày nào?"
        r"|^(?:thoi )?han\b.*\bla ngay nao"  # "Hạn gửi báo cáo … là ngày nào?"
        r"|\bhan\b(?:\s+\S+){0,3}\s+(?:ngay|thang|nam) may\b",  # "NQ03-005 hạn tháng mấy"
    ),
    (
        "list",
        # "là chỗ làm gì", "là nơi làm gì", "để làm gì" ask what a thing is for, not for a list of tasks
        r"nhiem vu (nao|gi)|nhung (nhiem vu|viec)|cac nhiem vu|viec (gi|nao)|(?<!cho )(?<!noi )(?<!de )lam (nhung )?gi"
        r"|danh sach|phai lam|duoc giao|liet ke (nhiem vu|viec|cong viec)",  # "liệt kê nhiệm vụ Bộ Y tế chủ trì"
    ),
    # one task's product and partners: "sản phẩm của nhiệm vụ NQ03-069 là gì", "ai phối hợp với UBND xã …"
    # ("tổng sản phẩm trên địa bàn" is what GRDP stands for, a figure: no task's product)
    ("product", r"(?<!tong )san pham|ket qua dau ra|dau ra (la|cua)"),
    (
        "partner",
        r"(ai|co quan nao|don vi nao|nhung ai|nhung co quan nao)\s+phoi hop|phoi hop (voi|cung) (ai|nhung ai)"
        r"|co quan phoi hop|don vi phoi hop|phoi hop (la )?(ai|nhung ai|co quan nao)",
    ),
    ("rank", r"xep (thu|hang)|dung thu|thu may|hang may|vi tri thu|xep vi tri"),
    ("target", r"chi tieu|muc tieu"),
    ("figure", r"bao nhieu|may|diem|ty le|ti le|so lieu|chi so|dat (duoc )?|la bao nhieu"),
]
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date
    label: str
    kind: str = (
        "range"  # quarter | months | month | year | day | before | range: a month, a quarter or the first or last
        # months of a year never hold a year-only deadline
    )

    def contains(self, d: date | None) -> bool:
        return d is not None and (self.start is None or d >= self.start) and d <= self.end

    def holds(self, deadline: str, due: date | None) -> bool:
        """A task's deadline falls in this period. A deadline written only as a year ("2025", "2025 và
        những năm tiếp theo") has no month: it is never "in tháng 12/2025" or "in quý IV/2025"."""
        if self.kind in ("month", "quarter", "months") and not re.search(
            r"\d{1,2}\s*/\s*\d{4}|quý|quy\b", deadline.lower()
        ):
            return False
        return self.contains(due)


@lru_cache(maxsize=1 << 16)
def folded(text: str) -> str:
    """Normalised, accent-less, single-spaced: the form names and intents are matched in.
    Cached: register cells are folded again for every question, and normalising is the costly part."""
    return " ".join(fold(normalise(text)).split())


_MONEY = r"(?:ty(?! (?:le|trong|gia)\b)|trieu|dong|usd)"


def asks_money(f: str) -> bool:
    """ "chi bao nhiêu tỷ", "mấy triệu": an amount of money is asked (a rate, "tỷ lệ", is not)."""
    return bool(re.search(rf"\b(?:bao nhieu|may) (?:nghin |ngan )?{_MONEY}\b", f))


def says_money(f: str) -> bool:
    """A folded text names an amount of money ("4.200 tỷ đồng", "1,2 triệu")."""
    return bool(re.search(rf"\d\s*{_MONEY}\b", f))


def is_money_unit(unit: str) -> bool:
    """A figure's unit is an amount of money ("tỷ đồng", "triệu USD")."""
    return bool(re.search(rf"\b{_MONEY}\b", folded(unit)))


def intents(f: str) -> tuple[str, ...]:
    return tuple(name for name, pattern in INTENTS if re.search(rf"\b(?:{pattern})\b", f))


TASK_FIELDS = ("lead", "deadline", "product", "partner")  # intents that each ask one field of a task


@lru_cache(maxsize=1)
def _field_phrases() -> tuple[tuple[str, re.Pattern], ...]:
    """(field, pattern) of data/task_fields.tsv: the phrases asking a field that no intent reads."""
    rows = (line.split("\t") for line in data.lines("task_fields.tsv"))
    return tuple((field, re.compile(rf"\b(?:{pattern.strip()})")) for field, pattern in rows)


def task_field(f: str, its: tuple[str, ...]) -> str | None:
    """The one field of one task the folded question asks for — "status" ("… đã xong chưa", "tình trạng"),
    "deadline", "lead", "partner" or "product" — read once with the intents; None when it asks none or
    several ("ai chủ trì, hạn khi nào" is answered as the whole row is)."""
    fields = {i for i in its if i in TASK_FIELDS}
    fields |= {field for field, pattern in _field_phrases() if pattern.search(f)}
    return fields.pop() if len(fields) == 1 else None


def field_asked_span(f: str, field: str) -> tuple[int, int] | None:
    """Where in the folded question a phrase of data/task_fields.tsv asks `field`, else None."""
    m = next((m for name, pattern in _field_phrases() if name == field and (m := pattern.search(f))), None)
    return m.span() if m else None


def parse_period(f: str, today: date) -> Period | None:
    """Periods as officials write them: "quý I/2026", "6 tháng đầu năm 2025", "tháng 6/2025", "6/2025", "năm 2025",
    "trước 30/6"."""
    m = re.search(
        r"\b(?:quy\s+(iv|i{1,3}|[1-4])|q\s?([1-4]))\b(?:\s*(?:/|nam)\s*(\d{4}))?", f
    )  # "quý I/2026", "Q1/2026"
    if m:
        written = m[1] or m[2]
        q = ROMAN.get(written) or int(written)
        year = int(m[3]) if m[3] else today.year
        start = date(year, 3 * q - 2, 1)
        return Period(start, _month_end(year, 3 * q), f"quý {['I', 'II', 'III', 'IV'][q - 1]}/{year}", "quarter")
    m = re.search(r"\b(?:(\d{1,2}) thang|nua) (dau|cuoi) nam(?: (20\d\d))?\b", f)  # "6 tháng đầu năm 2025"
    if m and 1 <= int(m[1] or 6) <= 11:
        months, year = int(m[1] or 6), int(m[3]) if m[3] else today.year
        first, last = (1, months) if m[2] == "dau" else (13 - months, 12)
        words = f"{months} tháng {'đầu' if m[2] == 'dau' else 'cuối'} năm {year}"
        return Period(date(year, first, 1), _month_end(year, last), words, "months")
    m = re.search(r"\b(truoc|den|cham nhat|han)\s+(?:ngay\s+)?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b", f)
    if m and int(m[3]) <= 12:
        year = int(m[4]) if m[4] else today.year
        end = date(year, int(m[3]), min(int(m[2]), calendar.monthrange(year, int(m[3]))[1]))
        if m[1] == "han":  # "hạn 28/02/2026": due that day; "trước / đến / chậm nhất 30/6": by then
            return Period(end, end, f"ngày {vn_date(end, padded=False)}", "day")
        return Period(None, end, f"trước {vn_date(end, padded=False)}", "before")
    # "tháng 6/2025", "6/2025", "tháng 6 năm 2025" — not "Đề án 06 năm 2026", whose number is no month
    m = re.search(r"\b(?:(?:thang\s+)?(\d{1,2})/|thang\s+(\d{1,2})\s+nam\s+)(\d{4})\b", f)
    if m and 1 <= int(m[1] or m[2]) <= 12 and not re.search(rf"\d/{m[1]}/{m[3]}", f):
        month, year = int(m[1] or m[2]), int(m[3])
        return Period(date(year, month, 1), _month_end(year, month), f"tháng {month}/{year}", "month")
    m = re.search(r"\bthang\s+(\d{1,2})\b(?!\s*/)", f)  # "hạn tháng 3": that month of the year named, or this one
    if m and 1 <= int(m[1]) <= 12:
        named = re.search(r"\bnam\s+(20\d\d)\b", f)
        month, year = int(m[1]), int(named[1]) if named else today.year
        return Period(date(year, month, 1), _month_end(year, month), f"tháng {month}/{year}", "month")
    m = re.search(r"\b(?:nam|(?:den |het )?han)\s+(20\d\d)\b(?!\s*/)", f)  # "năm 2025", "hạn 2031"
    if m:
        year = int(m[1])
        return Period(date(year, 1, 1), date(year, 12, 31), f"năm {year}", "year")
    tasks = re.search(r"\b(nhiem vu|viec|cong viec|nv)\b", f)  # "CCCD sắp hết hạn" is no task window
    if tasks and re.search(rf"\b(?:{_UPCOMING})\b", f) and not re.search(r"\btrong\s+\d{1,3}\s+ngay\b", f):
        # "sắp đến hạn": the next UPCOMING_DAYS days
        return _relative(today, today + timedelta(days=UPCOMING_DAYS), f"{UPCOMING_DAYS} ngày tới")
    m = re.search(r"\btrong\s+(\d{1,3})\s+ngay\s+(toi|nua|sap toi)\b", f)
    if m:
        return _relative(today, today + timedelta(days=int(m[1])), f"{m[1]} ngày tới")
    if re.search(r"\btuan nay\b", f):
        start = today - timedelta(days=today.weekday())
        return _relative(start, start + timedelta(days=6), "tuần này")
    if re.search(r"\btuan (toi|sau)\b", f):
        start = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return _relative(start, start + timedelta(days=6), "tuần tới")
    if re.search(r"\bthang nay\b", f):
        return _relative(today.replace(day=1), _month_end(today.year, today.month), "tháng này")
    if re.search(r"\bthang (toi|sau)\b", f):
        nxt = _month_end(today.year, today.month) + timedelta(days=1)
        return _relative(nxt, _month_end(nxt.year, nxt.month), "tháng tới")
    if re.search(r"\bnam nay\b", f):
        return Period(date(today.year, 1, 1), date(today.year, 12, 31), f"năm {today.year}", "year")
    return None


def _relative(start: date, end: date, words: str) -> Period:
    """Relative periods ("tuần này") mean different dates every week: the answer says which."""
    return Period(start, end, f"{words} ({vn_day_month(start)}–{vn_date(end)})")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_status(f: str) -> str | None:
    """The task status a question asks about. "Chưa thực hiện" is a status of its own in the registers (not
    started, unlike "Đang thực hiện"); "chưa hoàn thành" / "chưa xong" cover both."""
    # "việc chưa làm", "việc chưa bắt đầu làm": not started
    if re.search(r"\b(chua thuc hien|chua trien khai|chua lam(?! xong)|chua bat dau|chua khoi dong)\b", f):
        return "Chưa thực hiện"
    if re.search(r"\b(chua hoan thanh|chua xong|chua lam xong)\b", f):
        return "unfinished"
    # "xã Tam Đảo có việc nào hoàn thành chưa", "có mấy việc hoàn thành", "hoàn thành được mấy việc rồi": the
    # finished ones asked about, though "đã" is not typed
    counted = r"(?:(?:nhiem vu|viec) (?:nao|gi)|(?:may|bao nhieu) (?:nhiem vu|viec|cai))"
    done_counted = r"(?:hoan thanh|xong) (?:duoc )?(?:bao nhieu|may) (?:nhiem vu|viec|nv)"
    if re.search(rf"\b(da hoan thanh|da xong|hoan thanh roi|{counted} (?:hoan thanh|xong)|{done_counted})\b", f):
        return "Hoàn thành"
    if re.search(r"\b(dang thuc hien|dang trien khai|dang lam(?! gi\b))\b", f):  # "mấy việc đang làm"
        return "Đang thực hiện"
    # statuses no register records: asked about, they count zero rows rather than every row
    if re.search(r"\b(?:da huy|bi huy|huy bo)\b(?!\s+(?:dong|hieu|chuong))", f):  # not "đã huy động"
        return "Đã hủy"
    if re.search(r"\b(?:tam dung|tam hoan|bi hoan|dung thuc hien|dung trien khai)\b", f):
        return "Tạm dừng"
    # "xã Tam Đảo còn bao nhiêu việc", "còn việc nào": what is left to do, not every task the commune has
    left = r"\bcon (?:lai )?(?:bao nhieu|may) (?:nhiem vu|viec|cong viec|nv)\b|\bcon (?:nhiem vu|viec) (?:nao|gi)\b"
    if re.search(left, f):
        return "unfinished"
    return None


# "việc nào không có hạn", "nhiệm vụ thường xuyên", "không ghi thời hạn": tasks by how their deadline is written,
# not by a date — (what is asked, the folded word a deadline cell must hold, for "written")
_UNDATED = (
    ("unrecorded", re.compile(r"\bkhong ghi (?:thoi )?han\b")),
    ("undated", re.compile(r"\b(?:khong|chua) co (?:thoi han|han|ngay (?:den )?han)\b|\bkhong (?:thoi )?han\b")),
    (
        "written",
        re.compile(
            r"\b(?:nhiem vu|viec|nv|han|thoi han|lam|thuc hien)\s+(?:nao\s+|gi\s+)?(?:la\s+)?(thuong xuyen|hang nam)\b"
        ),
    ),
)


def parse_undated(f: str) -> tuple[str, str] | None:
    """How a question asks for tasks without a date: ("unrecorded", "") for an empty deadline cell, ("undated",
    "") for no due date at all ("Thường xuyên", "Hằng năm", empty), ("written", "thuong xuyen") for the cells
    written so; None when it asks none."""
    for kind, pattern in _UNDATED:
        m = pattern.search(f)
        if m:
            return kind, m[1] if m.groups() else ""
    return None


# --- names: agencies, communes, provinces ---------------------------------------------------------

# Words an agency's name starts with ("Bộ Tài chính", "Công an tỉnh", "Trung tâm Phục vụ hành chính công" …).
_HEADS = (
    "bo",
    "so",
    "uy ban",
    "ubnd",
    "ban",
    "van phong",
    "ngan hang",
    "dai",
    "vien",
    "tap doan",
    "hoi dong",
    "cong an",
    "cuc",
    "chi cuc",
    "trung tam",
    "dang uy",
    "doan",
    "hoi",
    "tram",
    "kho bac",
    "bao hiem",
    "toa an",
    "bo chi huy",
    "thanh tra",
    "truong",
    "chi nhanh",  # "Chi nhánh Văn phòng đăng ký đất đai"
)


def _name_key(name: str) -> str:
    return folded(name)


def find_names(f: str, names: dict[str, str], fuzzy: bool = True) -> list[str]:
    """Canonical names whose key occurs in the question, exactly or with a small typo; longest first.
    The table's matcher (retrieval.names) is built on first use, so the cost does not grow with the table."""
    return matcher(names).find(f, fuzzy)


# Where a register cell's agencies part: ";", ",", and "và" before another agency ("Bộ Công an và các bộ").
AGENCY_SEPARATORS = r"[;,]|\s+và\s+(?=(?:Bộ|Sở|Ủy ban|UBND|Ban|Văn phòng|Ngân hàng|các)\b)"


@lru_cache(maxsize=1)
def _comma_names() -> re.Pattern:
    """The agencies whose own name holds a comma ("Bộ Văn hóa, Thể thao và Du lịch"), from `agencies.tsv`."""
    names = [line.split("\t")[0] for line in data.lines("agencies.tsv")]
    spelled = [r",\s*".join(re.escape(bit.strip()) for bit in n.split(",")) for n in names if "," in n]
    return re.compile("|".join(sorted(spelled, key=len, reverse=True)) or r"(?!)", re.IGNORECASE)


def split_agencies(cell: str, separators: str = r"[;,]") -> list[str]:
    """The parts of a register cell that name agencies ("Bộ Tài chính, Bộ Công an; …" → two), split at
    `separators`; a name written with its own comma ("Bộ Văn hóa, Thể thao và Du lịch") stays whole."""
    kept = _comma_names().sub(lambda m: m[0].replace(",", "\x00"), cell)
    return [part.replace("\x00", ",") for part in re.split(separators, kept)]


@lru_cache(maxsize=1)
def _merged() -> tuple[tuple[str, str], ...]:
    return tuple(tuple(line.split("\t")) for line in data.lines("merged_agencies.tsv"))


def merged_into(name: str) -> str | None:
    """The body a former one is now part of ("Bộ Thông tin và Truyền thông" → "Bộ Khoa học và Công nghệ",
    `merged_agencies.tsv`); None for a body that was not merged."""
    return next((now for former, now in _merged() if folded(former) == folded(name)), None)


def merged_from(name: str) -> list[str]:
    """The former bodies merged into `name`, as registers still write them."""
    return [former for former, now in _merged() if folded(now) == folded(name)]


def agency_names(cells: list[str]) -> dict[str, str]:
    """Agencies named in register cells ("Bộ Tài chính, Bộ Công an; …") plus aliases: key → canonical.
    "Bộ Tài chính và các bộ" is Bộ Tài chính leading with a group ("các bộ"), not an agency of its own."""
    names: dict[str, str] = {}
    for cell in cells:
        for part in split_agencies(cell, AGENCY_SEPARATORS):
            part = part.strip().rstrip(".")
            key = _name_key(part)
            if key.startswith(_HEADS) and len(key.split()) >= 2:
                # as `agencies.tsv` spells it when it knows it: "Bộ Tài nguyên và môi trường" in one cell
                canonical = _agency_spellings().get(key) or _canonical_agency(part)
                names.setdefault(_name_key(canonical), canonical)
    for key, canonical in _agency_aliases().items():
        names.setdefault(key, canonical)
    return names


def _canonical_agency(name: str) -> str:
    words = name.split()
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])  # "UBND xã …" keeps its capitals


@lru_cache(maxsize=1)
def _agency_aliases() -> dict[str, str]:
    out = {}
    for line in data.lines("agencies.tsv"):
        canonical, aliases = line.split("\t")
        for alias in aliases.split("|"):
            out[_name_key(alias)] = canonical
    return out


@lru_cache(maxsize=1)
def _agency_spellings() -> dict[str, str]:
    """Each canonical name of `agencies.tsv`, by its key: how a cell naming it is written back."""
    return {_name_key(n): n for n in (line.split("\t")[0] for line in data.lines("agencies.tsv"))}


def commune_names(cells: list[str]) -> dict[str, str]:
    """ "Phường Âu Cơ" is found as "phường âu cơ", "âu cơ" or "au co"."""
    names: dict[str, str] = {}
    for cell in cells:
        cell = cell.strip()
        if not cell:
            continue
        key = _name_key(cell)
        names[key] = cell
        bare = re.sub(r"^(xa|phuong|thi tran|dac khu)\s+", "", key)
        names.setdefault(bare, cell)
    return names


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    names = {}
    for line in data.lines("provinces.txt"):
        canonical, *aliases = line.split("|")
        for alias in (canonical, *aliases):
            names[_name_key(alias)] = canonical.strip()
    return names
