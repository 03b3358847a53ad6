"""Yes/no verdicts that compare what the question asserts with what the evidence states.

- A figure with a number: "PII Phú Thọ 2025 có trên 40 điểm không" — 41,10 > 40 → Có; "Phú Thọ có 150 xã phải
  không" — 133 ≠ 150 → Không (`asked_comparison`, `value_in`, words in `data/comparison_words.tsv`).
- Who: "Quyết định 204 do Bộ Chính trị ban hành phải không?" — the sentence saying who issued it names Ban Bí
  thư → Không; "NQ 03 do Thủ tướng Phạm Minh Chính ký?" — it names Nguyễn Hòa Bình → Không (`actors`,
  `data/actors.txt`, `data/agencies.tsv`, `data/surnames.txt`).
- A deadline with today: "… đã đến hạn chưa?" (`asks_if_due`).

Nothing here guesses: each function answers None when the evidence does not state the compared thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import data
from .text import fold

_NUMBER = r"\d+(?:[.,]\d+)*"
_UNITS = {  # folded unit words after a number → the unit a figure or a sentence states it in
    "%": "%",
    "phan tram": "%",
    "percent": "%",
    "diem": "diem",
    "points": "diem",
    "point": "diem",
    "chu so": "chu so",
    "digits": "chu so",
}
_RANK_BEFORE = re.compile(r"\b(?:thu|xep thu|dung thu|hang|vi tri|ranked|rank|place)\s*$")
# numbers that name what is spoken of, not a value: "Nghị quyết 57", "mức 2", "top 5" (a top-N is its own verdict)
_DOCUMENT_BEFORE = re.compile(r"\b(?:nghi quyet|quyet dinh|nghi dinh|thong tu|de an|chi thi)\s*$")
_LABEL_BEFORE = re.compile(
    r"\b(?:nghi quyet|quyet dinh|nghi dinh|thong tu|de an|chi thi|muc(?: do)?|nhom|phu luc|chi tieu|nhiem vu so"
    r"|top|level|so|khoa|nam|thang|quy|ngay|giai doan)\s*$"
)


@dataclass(frozen=True)
class Comparison:
    op: str  # ">", ">=", "<", "<=", "="
    value: float
    unit: str  # "%", "diem", "thu" (a rank), a counted noun as folded ("xa", "nhiem vu"), or ""


@lru_cache(maxsize=1)
def _operators() -> list[tuple[str, re.Pattern]]:
    out = []
    for line in data.lines("comparison_words.tsv"):
        op, phrases = line.split("\t")
        alternation = "|".join(sorted((p.strip() for p in phrases.split("|") if p.strip()), key=len, reverse=True))
        out.append((op, re.compile(rf"(?:^|\s)(?:{alternation})\s*$")))
    return out


@lru_cache(maxsize=1)
def comparison_words() -> frozenset[str]:
    """The single words of the comparison phrases ("tren", "duoi", "above"): no words of what is measured."""
    words = set()
    for line in data.lines("comparison_words.tsv"):
        words.update(w for p in line.split("\t")[1].split("|") for w in re.findall(r"[a-z]+", p))
    return frozenset(words)


@lru_cache(maxsize=1)
def _counted() -> tuple[str, ...]:
    return tuple(sorted((fold(w) for w in data.lines("counted_nouns.txt")), key=len, reverse=True))


def to_number(text: str) -> float | None:
    """ "41,10", "1.227", "95", "41.10" (English) as a number."""
    t = text.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", t):
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d+", t):
        t = t.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", t):
        t = t.replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


def _unit_after(rest: str) -> str:
    rest = rest.lstrip()
    if rest.startswith("%"):
        return "%"
    for word, unit in _UNITS.items():
        if re.match(rf"{re.escape(word)}\b", rest):
            return unit
    for noun in _counted():
        if re.match(rf"{re.escape(noun)}\b", rest):
            return noun
    return ""


def asked_comparison(folded_question: str) -> Comparison | None:
    """The number a yes/no question compares a figure with, and how: "tren 40 diem" → (>, 40, diem),
    "dung thu 15" → (=, 15, thu), "co 148 xa" → (=, 148, xa). Years, dates and numbers that name something
    ("nghị quyết 57", "mức 2", "top 5") are not compared; None when no number is asked about."""
    f = folded_question
    for m in re.finditer(rf"(?<![\w/.,-])({_NUMBER})(?![\w/-]|[.,]\d)", f):
        before, after = f[: m.start()], f[m.end() :]
        value = to_number(m.group(1))
        if value is None:
            continue
        unit = _unit_after(after)
        if _RANK_BEFORE.search(before):
            return Comparison("=", value, "thu")
        if _LABEL_BEFORE.search(before) and (not unit or _DOCUMENT_BEFORE.search(before)):
            continue  # "Nghị quyết 57 chỉ tiêu kinh tế số 30%": a document's number, whatever noun follows it
        # the longest phrase decides: "ít hơn" is "<", though its "hơn" alone is ">"
        said = [(len(hit.group(0)), o) for o, pattern in _operators() if (hit := pattern.search(before))]
        op = max(said)[1] if said else None
        if re.fullmatch(r"(?:19|20)\d\d", m.group(1)) and not unit:
            continue  # a year ("… thông qua năm 2025", "trước 2026"): dates are compared elsewhere
        if op or unit:
            return Comparison(op or "=", value, unit)
    return None


@lru_cache(maxsize=1)
def _counted_alike() -> dict[str, tuple[str, ...]]:
    """ "xa": ("don vi hanh chinh cap xa",) … — the words a source counts the same things by
    (data/counted_alike.tsv), folded."""
    out = {}
    for line in data.lines("counted_alike.tsv"):
        noun, words = line.split("\t")
        out[fold(noun)] = tuple(fold(w.strip()) for w in words.split("|") if w.strip())
    return out


def _counts_in(unit: str, rest: str) -> bool:
    """The words after a number count in the unit: its own noun, or words counting the same things ("3.321 đơn vị
    hành chính cấp xã" counts xã)."""
    if _unit_after(rest) == unit:
        return True
    return any(re.match(rf"{re.escape(w)}\b", rest.lstrip()) for w in _counted_alike().get(unit, ()))


def holds(c: Comparison, value: float) -> bool:
    return {
        ">": value > c.value,
        ">=": value >= c.value,
        "<": value < c.value,
        "<=": value <= c.value,
    }.get(c.op, abs(value - c.value) < 1e-9)


def value_in(c: Comparison, sentence: str) -> float | None:
    """The number a sentence states in the comparison's unit ("đạt 95%", "41,10 điểm", "133 xã"); a rank
    for "thu" ("xếp thứ 15/34"); the first number when the question gave no unit."""
    f = fold(sentence.lower())
    if c.unit == "thu":
        m = re.search(rf"\b(?:thu|hang)\s+({_NUMBER})", f)
        return to_number(m.group(1)) if m else None
    for m in re.finditer(rf"(?<![\w/.,])({_NUMBER})(?:/{_NUMBER})?", f):
        if re.fullmatch(r"(?:19|20)\d\d", m.group(1)) or re.match(r"/\d", f[m.end() : m.end() + 2]):
            continue
        if not c.unit or _counts_in(c.unit, f[m.end() :]):
            return to_number(m.group(1))
    return None


def word(yes: bool, english: bool) -> str:
    """The first word of a verdict: "Có." / "Không." ("Yes." / "No.")."""
    return ("Yes." if yes else "No.") if english else ("Có." if yes else "Không.")


def figure_verdict(folded_question: str, rows: list[tuple[str, float]], english: bool) -> str | None:
    """Có/Không for a yes/no question that compares a figure ("… có trên 40 điểm không"), from the
    (unit, value) of the rows answering it: the row in the asked unit ("điểm", a rank, "%"; a row's share
    of its total is given as unit "%"), else the first."""
    c = asked_comparison(folded_question)
    if c is None or not rows:
        return None
    wanted = {"diem": "điểm", "thu": "thứ hạng", "%": "%"}.get(c.unit)
    value = next((v for unit, v in rows if wanted and unit == wanted), None)
    if value is None and wanted is None:
        value = next((v for unit, v in rows if unit != "thứ hạng"), None)
    if value is None:
        return None
    return word(holds(c, value), english)


# --- who ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _bodies() -> re.Pattern:
    names = {fold(n.lower()) for n in data.lines("actors.txt")}
    for line in data.lines("agencies.tsv"):
        canonical, _, aliases = line.partition("\t")
        names.update(fold(n.strip().lower()) for n in (canonical, *aliases.split("|")) if n.strip())
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(fold(s.lower()) for s in data.lines("surnames.txt"))


def _persons(text: str) -> frozenset[str]:
    """Two to four capitalised words starting with a family name ("Phạm Minh Chính", "To Lam"), folded; in a text
    typed without capitals, a family name and one or two words after an office ("thu tuong pham minh chinh")."""
    persons = frozenset(fold(p.lower()) for p in persons_in(text))
    # only a text with no capital at all was typed without them: a source's "Bộ trưởng Bộ Công an" names no person
    return persons or (typed_persons(fold(text)) if text == text.lower() else frozenset())


@lru_cache(maxsize=1)
def _titles_and_ends() -> tuple[re.Pattern, frozenset[str]]:
    titles = sorted(data.lines("office_titles.txt"), key=len, reverse=True)
    ends = {w for w in data.lines("name_ends.txt") if not w.endswith("+") and not w.startswith("=")}
    # closing words of a question end a name too ("… tô lâm ký à")
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, titles))}|dong chi)\s+((?:\w+\s*){{2,3}})"), frozenset(
        ends | {"a", "ha", "thay", "va", "nhe", "nhi"}
    )


def typed_persons(folded_text: str) -> frozenset[str]:
    """ "thu tuong pham minh chinh chu tri" → {"pham minh chinh"}: after an office (data/office_titles.txt), a
    family name (data/surnames.txt) and the word after it, then one more unless it ends a name (data/name_ends.txt:
    "ký", "chủ", "là")."""
    pattern, ends = _titles_and_ends()
    out = set()
    for m in pattern.finditer(folded_text):
        words = m.group(1).split()
        if words[0] not in _surnames() or words[0] in ends:
            continue  # "thu tuong | chu tri": "chủ" opens no name here
        name = words[:2]  # a name has two words at least ("tô lâm": its "lâm" is no "làm")
        for w in words[2:]:
            if w in ends:
                break
            name.append(w)
        if len(name) >= 2:
            out.add(" ".join(name))
    return frozenset(out)


def persons_in(text: str) -> list[str]:
    """The persons' names `text` writes, as written, in order."""
    words = list(re.finditer(r"[^\W\d_]+", text))
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i].group(0)
        if w[:1].isupper() and fold(w.lower()) in _surnames():
            j = i + 1
            while j < len(words) and j - i < 4 and words[j].group(0)[:1].isupper():
                if text[words[j - 1].end() : words[j].start()].strip():
                    break  # "Tô Lâm, Bộ …": a comma ends the name
                j += 1
            if j - i >= 2:
                out.append(" ".join(x.group(0) for x in words[i:j]))
                i = j
                continue
        i += 1
    return out


def bodies_in(text: str) -> list[str]:
    """The bodies `text` names, folded, in order; one inside a longer one ("thủ tướng" in "phó thủ tướng") once."""
    return list(dict.fromkeys(m.group(0) for m in _bodies().finditer(fold(text.lower()))))


def actors(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(persons, bodies) a text names, folded: "Tổng Bí thư Tô Lâm thay mặt Bộ Chính trị ký" →
    ({"to lam"}, {"tong bi thu", "bo chinh tri"}). A body inside a longer one counts once, as the longer."""
    persons = _persons(text)
    f = fold(text.lower())
    bodies = frozenset(m.group(0) for m in _bodies().finditer(f))
    return persons, bodies


_WINDOW = 30  # characters before the asserted relation ("… do Ban Bí thư | ban hành") an actor may end within


def _actors_of(sentence: str, relation: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The person or body right before `relation` in `sentence` ("… của Chính phủ ban hành …" → Chính phủ,
    not the Bộ Chính trị named later), or None when the relation is not said with an actor before it."""
    f = fold(sentence.lower())
    spans = [(m.end(), m.group(0), "body") for m in _bodies().finditer(f)]
    for person in persons_in(sentence):
        p = fold(person.lower())
        spans += [(m.end(), p, "person") for m in re.finditer(re.escape(p), f)]
    for m in re.finditer(rf"(?<!\w){re.escape(relation)}(?!\w)", f):
        near = [x for x in spans if 0 <= m.start() - x[0] <= _WINDOW]
        if near:
            _, name, kind = max(near)
            return (frozenset({name}), frozenset()) if kind == "person" else (frozenset(), frozenset({name}))
    return None


def other_actor(asked: str, sentence: str, relation: str = "") -> bool | None:
    """Whether `sentence` names someone else in the place of the person or body the question asks about:
    True (another one: "Không"), False (the asked one), None (the question or the sentence names nobody).
    With the asserted `relation` ("ban hanh", "ky"), the actor right before it in the sentence is compared."""
    q_persons, q_bodies = actors(asked)
    s_persons, s_bodies = (relation and _actors_of(sentence, relation)) or actors(sentence)
    if relation and (q_persons or q_bodies) and _actors_of(sentence, relation):
        q_name = q_persons or q_bodies
        return not (q_name & (s_persons | s_bodies))
    if q_persons:
        if q_persons & s_persons:
            return False
        return True if s_persons else None
    if q_bodies:
        if q_bodies <= s_bodies:
            return False
        return True if s_bodies - q_bodies else None
    return None


def actor_words(asked: str) -> frozenset[str]:
    """The folded words of the persons and bodies `asked` names: what a sentence naming another one lacks."""
    persons, bodies = actors(asked)
    return frozenset(w for name in (*persons, *bodies) for w in name.split())


def after_actor(asserted_folded: str, persons: frozenset[str] = frozenset()) -> str:
    """The words a question asserts after the body or person it names (`persons`: folded, as `actors` found
    them in the question as typed): "nghi quyet 57 do ban bi thu ban hanh" → "ban hanh", what was done,
    which a sentence naming another one must say too; "" when none follow."""
    ends = [m.end() for m in _bodies().finditer(asserted_folded)]
    ends += [asserted_folded.find(p) + len(p) for p in persons if p in asserted_folded]
    if not ends:
        return ""
    return " ".join(asserted_folded[max(ends) :].split())


# --- deadlines ---------------------------------------------------------------------------------------

_DUE = re.compile(
    r"\b(?:den han|qua han|het han|tre han|toi han|con han)\b"
    r"|\boverdue\b|\bpast (?:its |the )?(?:deadline|due)|\b(?:deadline|due date)\b.*\bpassed\b|\bdue yet\b"
)


_REACHED = re.compile(
    r"\b(?:(?:da|duoc)\s+dat(?:\s+duoc)?|dat\s+(?:duoc\s+)?(?:chua|roi)|hoan thanh chi tieu"
    r"|(?:already|been)\s+(?:reached|achieved|met|hit)|(?:reached|achieved|met)\s+(?:yet|already))\b"
    r"|\b(?:co\s+)?dat\b(?! dai).*\bchua\s*\??\s*$"  # "… có đạt chỉ tiêu 80% … chưa": the "chưa" closes the "đạt" asked
)


def asks_if_reached(question: str) -> bool:
    """ "… 70% … đã đạt chưa?", "Is the 70% target already reached?": whether a target was reached — which the
    target itself does not say. Typed with marks, "đã đặt mục tiêu" sets a target: it asks no such thing."""
    said = question.lower()
    if "đặt" in said and "đạt" not in said:
        return False
    return bool(_REACHED.search(fold(said)))


def asks_if_due(folded_question: str) -> bool:
    """ "Nhiệm vụ … đã đến hạn chưa?", "… quá hạn chưa", "còn hạn không", "is it overdue" (asked of a yes/no
    question): a deadline compared with today."""
    return bool(_DUE.search(folded_question))


# --- one task's row ----------------------------------------------------------------------------------

_LEADS = re.compile(r"\b(?:chu tri|lead|leads|led|leading|in charge)\b")
_PARTNERS = re.compile(r"\b(?:phoi hop|coordinat\w*|partner\w*|tham gia)\b")
_DEADLINE_ASKED = re.compile(r"\b(?:han|thoi han|han chot|deadline|due)\b")
# a cell naming bodies as a class ("Các bộ, ngành, địa phương"): a body it does not name may still be in it
_CLASS_OF_BODIES = re.compile(r"\b(?:cac bo|bo, nganh|cac nganh|cac dia phuong|dia phuong|cac co quan|cac tinh)\b")
# words that ask about a task, not describe which one it is
_ABOUT_A_TASK = frozenset(
    "nhiem vu viec task co khong phai dung ko k hok chua a ha nao duoc the is does did the of for a an to in "
    "han thoi nam chot deadline due".split()
)


@dataclass(frozen=True)
class TaskRow:
    """The fields of one register row a yes/no question is checked against (as written)."""

    title: str
    lead: str
    partners: str
    deadline: str  # "6/2025", "2025", "Thường xuyên", ""
    output: str = ""


def _in_cell(name: str, cell: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", fold(cell.lower())))


def describes(words: list[str], row: TaskRow) -> bool:
    """The question's own words (folded content syllables, the asked body's and the asking words aside) are,
    two thirds of them at least, the task's title or product: the row is the task asked about."""
    said = set(re.findall(r"\w+", fold(f"{row.title} {row.output}".lower())))
    own = [w for w in dict.fromkeys(words) if w not in _ABOUT_A_TASK and not w.isdigit()]
    return bool(own) and 3 * sum(w in said for w in own) >= 2 * len(own)


def task_verdict(
    folded_question: str, names: list[str], words: list[str], row: TaskRow, english: bool, by_code: bool = False
) -> str | None:
    """Có/Không for a yes/no question about one task's lead, partners or deadline year, read from its row:
    "Bộ Tài chính có chủ trì nhiệm vụ sửa Luật Ngân sách không?" — the row's lead is Bộ Tài chính → Có;
    "Bộ KH&CN chủ trì … phải không?" — Bộ KH&CN only coordinates → Không; "… có hạn năm 2025 không?" — its
    deadline is 2026 → Không. `names`: the bodies the question names, folded; `words`: its content words,
    folded; `by_code`: the question names the task by its code ("NQ03-122"), so it need not describe it. None
    when the row is not the task described, or its cells do not decide ("Các bộ, ngành" may include the body
    asked about; "Thường xuyên" has no year)."""
    f = folded_question
    body_words = {w for n in names for w in n.split()}
    own = [w for w in words if w not in body_words and w not in {"chu", "tri", "phoi", "hop", "lead"}]
    if not by_code and not describes(own, row):
        return None
    checks: list[bool] = []
    role = "lead" if _LEADS.search(f) else "partners" if _PARTNERS.search(f) else None
    asked = [n for n in names if n]
    if asked and role:
        held, other = (row.lead, row.partners) if role == "lead" else (row.partners, row.lead)
        named = [n for n in asked if _in_cell(n, held)]
        if named:
            checks.append(True)
        elif any(_in_cell(n, other) for n in asked) or not _CLASS_OF_BODIES.search(fold(held.lower())):
            checks.append(False)  # named in the other role, or the cell names its bodies and not this one
        else:
            return None
    years = re.findall(r"\b(20\d\d)\b", f)
    month = re.search(r"\b(\d{1,2})/(20\d\d)\b", f)
    if years and _DEADLINE_ASKED.search(f):
        given = re.findall(r"\b(20\d\d)\b", row.deadline)
        if not given:
            return None  # "Thường xuyên": no year to compare
        if month and years[-1] in given:  # "… có hạn tháng 12/2025 không?": a year alone does not say the month
            months = {int(m) for m, y in re.findall(r"\b(\d{1,2})/(20\d\d)\b", row.deadline) if y == month[2]}
            if not months:
                return None
            checks.append(int(month[1]) in months)
        else:
            checks.append(years[-1] in given)
    if not checks:
        return None
    return word(all(checks), english)


# --- a change ----------------------------------------------------------------------------------------

# "tăng trưởng" is growth, a figure of its own, not a move up: "GRDP tăng trên 11%" compares the growth figure
_UP = re.compile(r"\b(?:tang(?! truong)|len hang|thang hang|cai thien|improve\w*|rose|rise)\b")
_DOWN = re.compile(r"\b(?:giam|tut|xuong hang|tut hang|drop\w*|fell|fall)\b")
# a row recording a move ("PII 2025 - số bậc tăng so với năm trước"), not a level that happens to say "tăng"
_MOVE = re.compile(r"\b(?:so bac|bac|so voi nam truoc|places?)\b")


def asks_direction(folded_question: str) -> bool:
    """ "… tụt hạng à", "… tăng hạng đúng không": a move up or down asked about, no number compared."""
    up, down = bool(_UP.search(folded_question)), bool(_DOWN.search(folded_question))
    return up != down and asked_comparison(folded_question) is None


def records_move(folded_indicator: str) -> bool:
    """ "pii 2025 - so bac tang so voi nam truoc": a row recording a move up or down."""
    return bool((_UP.search(folded_indicator) or _DOWN.search(folded_indicator)) and _MOVE.search(folded_indicator))


def change_verdict(folded_question: str, rows: list[tuple[str, float]], english: bool) -> str | None:
    """Có/Không for "Phú Thọ tăng hạng PII 2025 đúng không?" from rows that record a change ((folded indicator,
    value): "pii 2025 - so bac tang so voi nam truoc", 2): the direction asked against the direction recorded;
    sources that disagree on how much but not on the direction still decide. None when nothing records one."""
    if not asks_direction(folded_question):  # "tăng hơn 10%": a number compared, not a direction
        return None
    up = bool(_UP.search(folded_question))
    said = [(value if _UP.search(indicator) else -value) for indicator, value in rows if records_move(indicator)]
    if not said or (any(v > 0 for v in said) and any(v < 0 for v in said)):
        return None
    rose = said[0] > 0
    return word(rose == up, english)


# --- a task's product ----------------------------------------------------------------------------------

_PRODUCT_SAID = re.compile(r"\bsan pham\b.*?\b(?:la|gom)\s+(.+)$")
_CLOSING = re.compile(r"(?:\s+(?:phai|dung|duoc))?(?:\s+(?:khong|ko|k|hok|hong|a|ha|nhi|chua|vay|nhe|ah))*\s*\??\s*$")


def product_verdict(folded_question: str, output: str, english: bool) -> str | None:
    """Có/Không for "nhiệm vụ … có sản phẩm là nghị định à" from the task's product cell ("Quyết định của Bộ"
    → Không): every word of the product asked is in the cell. None when no product is asserted ("… là gì")
    or the row names none."""
    m = _PRODUCT_SAID.search(folded_question)
    if not m or not output.strip():
        return None
    words = _CLOSING.sub("", m[1]).split()
    if not words or {"gi", "nao", "sao"} & set(words):
        return None
    held = set(re.findall(r"\w+", fold(output.lower())))
    return word(all(w in held for w in words), english)


# --- one document replacing another ------------------------------------------------------------------

_REPLACES = r"thay the|sua doi|bai bo"
_DOCUMENT = re.compile(r"\b(?:nghi quyet|quyet dinh|nghi dinh|thong tu|chi thi|ke hoach|de an)\s+(\d+)")
_BY = re.compile(r"^\W*(?:bang|boi)\b")


@dataclass(frozen=True)
class Replacement:
    verb: str
    by: str | None  # the number of the document that replaces ("71"), None when not said
    of: str | None  # the number of the one replaced ("03")


def replacement(folded_text: str) -> Replacement | None:
    """Which document replaces which in a folded sentence or question: "nghi quyet 71/nq-cp thay the chuong trinh
    … kem nghi quyet 03/nq-cp" → (71, 03); "nghi dinh 59/2022 da duoc thay the bang nghi dinh 69/2024" → (69, 59).
    None without the verb or a document after it."""
    m = re.search(rf"\b(?:{_REPLACES})\b", folded_text)
    if not m:
        return None
    before = [d.group(1) for d in _DOCUMENT.finditer(folded_text[: m.start()])]
    rest = folded_text[m.end() :]
    after = _DOCUMENT.search(rest[:120])
    if after is None:
        return None
    if _BY.match(rest):  # passive: "… được thay thế bằng X"
        return Replacement(m.group(0), after.group(1), before[-1] if before else None)
    return Replacement(m.group(0), before[-1] if before else None, after.group(1))


def replacement_verdict(asked: Replacement, said: Replacement, english: bool) -> str | None:
    """Có/Không for "NQ 71 thay thế NQ 57 à" from a sentence saying what replaces what: the replaced document
    asked against the one said (03 ≠ 57 → Không); None when either side leaves the replaced one unsaid."""
    if asked.of is None or said.of is None:
        return None
    same = asked.of.lstrip("0") == said.of.lstrip("0") and (asked.by is None or said.by is None or asked.by == said.by)
    return word(same, english)


# --- dates: what each date is the date of -----------------------------------------------------------

# "25/6/2024", "7/2022", "2019" — not a document's number ("59/2022/NĐ-CP", "Thông tư 03/2025/TT-VPCP")
_A_DATE = re.compile(r"(?<![\d/])(?:(\d{1,2})/(\d{1,2})/|(\d{1,2})/)?((?:19|20)\d\d)(?![\d/])")


@dataclass(frozen=True)
class Dated:
    day: int | None
    month: int | None
    year: int
    relations: frozenset[str]  # what it is the date of ("issued", "effect"); empty when the words before say nothing


@lru_cache(maxsize=1)
def _relation_phrases() -> list[tuple[str, str]]:
    """(folded phrase, relation), longest phrase first (data/date_relations.tsv)."""
    out = []
    for line in data.lines("date_relations.tsv"):
        relation, phrases = line.split("\t")
        out += [(fold(p.strip()), relation) for p in phrases.split("|") if p.strip()]
    return sorted(out, key=lambda x: len(x[0]), reverse=True)


def _relations_in(text: str) -> frozenset[str]:
    found: set[str] = set()
    phrases = _relation_phrases()
    for phrase in dict.fromkeys(p for p, _ in phrases):
        pattern = rf"(?<!\w){re.escape(phrase)}(?!\w)"
        if re.search(pattern, text):  # a phrase of two relations ("ra doi": a document issued, a portal opened)
            found.update(r for p, r in phrases if p == phrase)
            text = re.sub(pattern, " ", text)  # "het hieu luc" read, its "hieu luc" is not read again
    return frozenset(found)


def dates_in(folded_text: str) -> list[Dated]:
    """The dates a folded text states, each with what the words between it and the date before it say it is
    the date of: "… ban hanh ngay 25/6/2024 va co hieu luc tu ngay 01/7/2024" → 25/6/2024 issued, 01/7/2024
    effect. A month above 12 is a document's number ("nd 69/2024"), no date."""
    out, start = [], 0
    for m in _A_DATE.finditer(folded_text):
        day, month = (int(m[1]), int(m[2])) if m[1] else (None, int(m[3]) if m[3] else None)
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            continue
        out.append(Dated(day, month, int(m[4]), _relations_in(folded_text[start : m.start()])))
        start = m.end()
    return out


def _same_date(asked: Dated, said: Dated) -> bool | None:
    """Whether a stated date is the asked one, at what the question gives: a year, a month, a day; None when the
    sentence says less than is asked (asked 1/7/2024, stated 2024)."""
    if asked.year != said.year:
        return False
    for a, s in ((asked.month, said.month), (asked.day, said.day)):
        if a is None:
            return True
        if s is None:
            return None
        if a != s:
            return False
    return True


def date_verdict(folded_question: str, folded_sentence: str) -> bool | str | None:
    """The question's date of a thing (issued, in effect, started) against the sentence's date of the same thing:
    True (the same), False (another: "ban hành ngày 1/7/2024 hả" — "ban hành ngày 25/6/2024"), "other" when the
    sentence dates only other things ("hết hiệu lực năm 2030 à" — "có hiệu lực từ 22/12/2024": it says nothing of
    an end), None when the question dates nothing or the sentence states no date of anything."""
    asked = [d for d in dates_in(folded_question) if d.relations]
    said = dates_in(folded_sentence)
    if not asked or not said:
        return None
    verdicts = []
    for a in asked:
        same = [d for d in said if d.relations & a.relations]
        if not same:
            if any(d.relations for d in said):
                return "other"
            return None
        results = [_same_date(a, d) for d in same]
        if True in results:
            verdicts.append(True)
        elif None in results:
            return "other"
        else:
            verdicts.append(False)
    return all(verdicts)
