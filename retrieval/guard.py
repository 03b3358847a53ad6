"""The figure guard: a generated answer is shown only if every figure in it stands in the blocks it cites.

Deterministic and always on. `check(text, blocks)` returns a `Verdict`; the answer is used only when
`verdict.ok`. The rules, in the order they are checked (the first that fails is the reason):

- (e) ``refusal``: the model says it does not know (the extractive path did find an answer), in words
  the sources do not use themselves;
- (b) ``unknown_label``: a citation label [n] that is no block's label; ``no_citation``: no label at all;
- (c) ``uncited_figure``: a sentence with a figure and no label. A label closes the run of sentences
  before it in its paragraph ("A 30%. B 50% [1]." cites both, as govqa's extractive answers do); a
  sentence after a paragraph's last label carries none; a list item inherits the label of the line that
  opens the list;
- (a) ``invented_figure``: a number, percentage, date, quarter, money amount or document number that
  does not occur in the blocks its sentence cites; ``spelled_figure``: a number written in words before
  a counted noun ("mười ba nhiệm vụ") that the cited blocks do not write the same way;
- (f) ``misplaced_figure``: a figure of the blocks put in another figure's place. When the cited
  blocks hold two or more figures of its kind (two years, two percentages), the clause around it in the
  answer must share content words with a clause around one of its cited occurrences, and no fewer than
  with the clause of any other figure of that kind: "thử nghiệm từ năm 2023" fails where the block says
  "thử nghiệm từ năm 2022 và triển khai chính thức từ năm 2023"; "mức độ 2 do người dân tự đăng ký"
  fails where it says "mức độ 1 do người dân tự đăng ký …, mức độ 2 …";
- (g) ``renumbered_item``: a list item carrying another number than the sources give it. A number that
  opens a list item ("1. Cơ sở dữ liệu …", at a line's start or after ":", ";" or a full stop) is the
  item's position: where the cited evidence numbers an item holding more than half of its words, the
  answer's item must carry the number the evidence's best-matching item carries ("sáu thành phần: 2. Cơ sở dữ liệu …"
  fails where the source says "1. Cơ sở dữ liệu …"); a list of the model's own (its items numbered
  nowhere in the sources) must count 1, 2, 3 … in order;
- (d) ``contradicts_computed``: a count or rank that the evidence gives otherwise ("167 nhiệm vụ" where
  it says "163/167 nhiệm vụ", "thứ 34" where it says "thứ 15/34"): when the cited evidence counts a
  noun, a number before that noun in the answer must be one of its counts.

Figures are compared after normalisation: 41,10 = 41.10 = 41,1; 978.532 = 978532; 1/8/2025 =
01/08/2025 = "ngày 1 tháng 8 năm 2025"; "30 %" = "30%" = "30 phần trăm"; "số 57-NQ/TW" = "57-NQ/TW";
"tỉ" = "tỷ". A year, month or day-and-month of a cited date may be written on its own; nothing is
computed: "1.000 tỷ" never matches "1 nghìn tỷ".

>>> block = Block(1, "Nghị quyết 57-NQ/TW", "57-NQ/TW", "Kinh tế số đạt tối thiểu 30% GDP vào năm 2030.")
>>> check("Đến năm 2030, kinh tế số chiếm ít nhất 30 % GDP [1].", [block]).ok
True
>>> check("Đến năm 2030, kinh tế số chiếm ít nhất 35% GDP [1].", [block]).reason
'invented_figure'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from . import data
from .text import canonical_tones, fold, nfc, stop_syllables

MAX_ANSWER_CHARS = 4000
ITEM_MATCH = 0.5  # a numbered item is an item of the sources when that item holds more than this share of its words
_LABELS = re.compile(r"\[(\d{1,2}(?:\s*[,;–-]\s*\d{1,2})*)\]")
_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)]|[a-zđ]\))\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_MAGNITUDES = {"nghìn": "nghìn", "ngàn": "nghìn", "triệu": "triệu", "tỷ": "tỷ", "tỉ": "tỷ", "nghìn tỷ": "nghìn tỷ"}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# One number: digits with "." or "," between groups ("41,10", "978.532", "1.000.000").
_NUM = r"\d+(?:[.,]\d+)*"
_DOC_NUMBER = re.compile(r"(?:\bsố\s+)?(?<![\w/.,-])(\d+)((?:[/-][^\W_]+)+)", re.IGNORECASE)
_WORD_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_DMY = re.compile(r"(?<![\d/.,-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/])")
_ISO = re.compile(r"(?<![\d/.,-])(\d{4})-(\d{2})-(\d{2})(?![\d/-])")
_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})(?:\s*/\s*|\s+năm\s+)(\d{4})|(?<![\d/.,])(\d{1,2})/(\d{4})(?![\d/])")
_QUARTER = re.compile(r"quý\s+(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|năm)\s*(\d{4}))?")
_PAIR = re.compile(rf"(?<![\d/.,])({_NUM})\s*/\s*({_NUM})(?![\d/])")
_PERCENT = re.compile(rf"(?<![\d.,])({_NUM})\s*(?:%|phần trăm|percent)")
_MAGNITUDE = re.compile(rf"(?<![\d.,])({_NUM})\s*(nghìn tỷ|nghìn|ngàn|triệu|tỷ|tỉ)(?!\w)")
_BARE = re.compile(rf"(?<![\d.,])({_NUM})(?![\d])")
# Clauses: a figure's context. A comma or colon only splits before a space, so 41,10 and 07:30 stay whole.
_CLAUSE = re.compile(r"[,;:]\s|[()|—–\n]|(?<=[.!?])\s|\s(?:và|còn|nhưng|trong khi|đồng thời|and|but)\s")
# A list item's number: "1. Cơ sở …" at a line's start or after ":", ";", "." and a space, before a word
# (or nothing: an item cut off after its number).
_ORDINAL = re.compile(r"(?:^[ \t]*|(?<=[:;.!?])[ \t]+)(\d{1,2})[.)](?:[ \t]+(?=[^\W\d_])|[ \t]*$)", re.M)
_RANK = re.compile(rf"(?:thứ|hạng)\s+({_NUM}(?:\s*/\s*{_NUM})?)")


@dataclass(frozen=True)
class Block:
    """One numbered piece of evidence: a document's title and number count as part of its text."""

    label: int
    title: str
    number: str | None
    text: str
    derived: str = ""  # the extractive answer's lines citing this label: computed counts, lists, rates

    @property
    def evidence(self) -> str:
        return " \n ".join(x for x in (self.title, self.number or "", self.text, self.derived) if x)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str | None = None  # one of the rule names in this module's docstring
    detail: str = ""  # the figure, label or sentence that failed: for the log, never for the user


PASS = Verdict(True)


def check(text: str, blocks: Sequence[Block], runs: str = "list") -> Verdict:
    """Whether a generated answer may replace the extractive one, and why not. `runs`: how far back a
    label cites sentences without one (`cited_sentences`; the readings are measured in docs/llm.md)."""
    body = nfc(text or "").strip()
    if not body:
        return Verdict(False, "empty")
    if len(body) > MAX_ANSWER_CHARS:
        return Verdict(False, "too_long", f"{len(body)} chars")
    by_label = {b.label: b for b in blocks}
    refusal = refusal_phrase(body)
    # "không có dữ liệu …" quoted from a source is phrasing; said of the sources, it is a refusal.
    if refusal and not any(refusal_phrase(b.evidence) == refusal for b in blocks):
        return Verdict(False, "refusal", refusal)
    cited = labels(body)
    unknown = sorted(cited - by_label.keys())
    if unknown:
        return Verdict(False, "unknown_label", f"[{unknown[0]}]")
    if not cited:
        return Verdict(False, "no_citation")
    evidence_cache: dict[frozenset[int], Evidence] = {}
    for sentence, own in cited_sentences(body, runs):
        found = figures(sentence)
        if not found and not spelled_count(sentence):
            continue
        if not own:
            return Verdict(False, "uncited_figure", sentence)
        key = frozenset(own)
        if key not in evidence_cache:
            evidence_cache[key] = Evidence.of(by_label[n].evidence for n in own)
        evidence = evidence_cache[key]
        for spelled in sorted(spelled_counts(sentence)):
            if spelled not in evidence.spelled:
                return Verdict(False, "spelled_figure", spelled)
        for surface, alternatives in found:
            if not alternatives & evidence.figures:
                return Verdict(False, "invented_figure", surface)
        for surface, pair in counted(sentence):
            if pair[1] in evidence.counted_nouns and pair not in evidence.counted:
                return Verdict(False, "contradicts_computed", surface)
        for surface, alternatives, context in figure_contexts(sentence):
            if context and not evidence.fits(alternatives, context):
                return Verdict(False, "misplaced_figure", surface)
    return _numbered_items(body, [by_label[n] for n in sorted(cited)])


def _numbered_items(body: str, cited: Sequence[Block]) -> Verdict:
    """Rule (g): every numbered list item of the answer carries the number the cited sources give it."""
    items = list_items(body)
    if not items:
        return PASS
    evidence = Evidence.of(b.evidence for b in cited)
    expected = 1  # the next number of a list of the model's own
    for surface, number, words, before in items:
        own = words or before
        # The items it is: those holding more than half its words ("trực tuyến" alone is not "Hỗ trợ trực tuyến").
        same = [
            (evidence.overlap(theirs, own), n)
            for n, ev_words, ev_before in evidence.items
            for theirs in [ev_words if words else ev_before]
            if own and len(own & theirs) > ITEM_MATCH * len(own)
        ]
        if same:
            best = max(score for score, _ in same)
            if number not in {n for score, n in same if score == best}:
                return Verdict(False, "renumbered_item", surface)
            continue
        if not words:
            continue  # "Tổng số: 17." ends a sentence; it opens no item the sources number
        if number not in (1, expected):
            return Verdict(False, "renumbered_item", surface)
        expected = number + 1
    return PASS


def list_items(text: str) -> list[tuple[str, int, frozenset[str], frozenset[str]]]:
    """Each numbered list item: (its number and first words, its number, the words of its first sentence,
    the words of the clause before the number, for an item cut off after its number)."""
    out = []
    for line in _lower(_LABELS.sub(" ", text)).split("\n"):
        found = list(_ORDINAL.finditer(line))
        for i, m in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(line)
            item = _SENTENCE_END.split(line[m.end() : end].strip(), maxsplit=1)[0]
            before = [c for c in _CLAUSE.split(line[: m.start()]) if c and c.strip()]
            previous = _context_words(before[-1]) if before else frozenset()
            shown = " ".join([f"{m.group(1)}.", *item.split()[:3]])
            out.append((shown, int(m.group(1)), _context_words(item), previous))
    return out


# --- labels and sentences --------------------------------------------------------------------------


def labels(text: str) -> set[int]:
    """The citation labels in a text: [1], [1, 2], [1][3], [1-2] (a range is its ends)."""
    out: set[int] = set()
    for m in _LABELS.finditer(text):
        out.update(int(n) for n in re.findall(r"\d+", m.group(1)))
    return out


def cited_sentences(text: str, runs: str = "list") -> list[tuple[str, set[int]]]:
    """Each sentence (labels removed) with the labels it carries. A label also cites the sentences without
    one before it, back to the previous label, within `runs`:

    - "sentence": none (each sentence its own label);
    - "line": its line;
    - "list" (the guard's reading): its line — or, in a list, the list and the line that opens it
      ("… gồm:\n- 93 nhiệm vụ …;\n- 36 văn bản … [2]" cites all three, as govqa's extractive answers do);
    - "paragraph": its paragraph (up to a blank line).

    A label that opens a sentence ("… 30% GDP. [1] Ngoài ra …") also counts for the sentence before it;
    a list item without a label inherits those of the line that opened the list ("… gồm [1]:"), and so
    does a line that goes on with the list in lower case ("và 135 nhiệm vụ khác.").
    """
    out: list[tuple[str, set[int]]] = []
    intro: set[int] = set()
    pending: list[set[int]] = []  # sentences without a label that a later label may still cite
    in_list = False
    for raw in text.splitlines():
        if not raw.strip():
            intro, pending, in_list = set(), [], False
            continue
        item = bool(_LIST_MARK.match(raw))
        line = _LIST_MARK.sub("", raw, count=1)
        continues = in_list and not item and line.lstrip(" .…")[:1].islower()
        if runs in ("line", "sentence") or (runs == "list" and not item and not continues):
            pending = []  # a run never crosses into a new line of prose
        first = len(out)
        line_labels: set[int] = set()
        for part in _SENTENCE_END.split(line):
            own = labels(part)
            line_labels |= own
            leading = re.match(r"^\s*((?:\[[^\]]*\]\s*)+)", part)
            if leading and out and not out[-1][1]:
                out[-1][1].update(labels(leading.group(1)))
            bare = re.sub(r"\s+(?=[.,;:!?])", "", re.sub(r"\s+", " ", _LABELS.sub(" ", part))).strip()
            if bare:
                out.append((bare, own))
            elif out:
                out[-1][1].update(own)
        for _, own in out[first:]:
            if runs == "sentence":
                break
            if own:
                for earlier in pending:
                    earlier.update(own)
                pending = []
            else:
                pending.append(own)
        if (item or continues) and not line_labels:
            for _, own in out[first:]:
                own.update(intro)
        if item or continues:
            in_list = True
        else:
            intro, in_list = line_labels, False
            if runs == "list" and not line.rstrip().endswith(":"):
                pending = []  # only a line that opens a list leaves its last sentences open
    return out


# --- figures ---------------------------------------------------------------------------------------


def _lower(text: str) -> str:
    return canonical_tones(nfc(text).lower())


def _number_forms(raw: str) -> set[str]:
    """The ways one written number may be read: 41,10 → 41.1; 978.532 → 978532 or 978.532; 07 → 7."""
    groups = re.split(r"[.,]", raw)
    if len(groups) == 1:
        return {str(int(raw))}
    if len(groups) > 2:  # 1.000.000: only thousands
        return {str(int("".join(groups)))} if all(len(g) == 3 for g in groups[1:]) else {raw}
    whole, frac = groups
    decimal = f"{int(whole)}.{frac.rstrip('0')}" if frac.rstrip("0") else str(int(whole))
    if len(frac) == 3:  # 978.532 is Vietnamese for 978532, and English for 978,532: never "978.53"
        return {str(int(whole + frac)), f"{int(whole)}.{frac}"}
    return {decimal}


def _date(d: str, m: str, y: str) -> str | None:
    day, month = int(d), int(m)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{int(y):04d}-{month:02d}-{day:02d}"


def figures(text: str) -> list[tuple[str, frozenset[str]]]:
    """Every figure in a text: (as written, the normalised forms it may match).

    Forms are tagged strings: "N:41.1", "P:30", "D:2025-08-01", "M:2025-08", "DM:08-01", "Q:2025-2",
    "R:163/167", "X:30:tỷ" (a money or other magnitude), "S:57-NQ/TW" (a document number).
    """
    s = _lower(_LABELS.sub(" ", text))
    out: list[tuple[str, frozenset[str]]] = []

    def take(pattern: re.Pattern, forms) -> None:
        nonlocal s
        for m in list(pattern.finditer(s)):
            got = forms(m)
            if got is None:
                continue
            out.append((m.group(0).strip(), frozenset(got)))
            s = s[: m.start()] + " " * (m.end() - m.start()) + s[m.end() :]

    def doc_number(m):
        tail = m.group(2)
        if not re.search(r"[^\W\d_]", tail):
            return None  # 30/6/2026 is a date, 2025-2030 two years
        return {f"S:{int(m.group(1))}{fold(tail).upper()}"}

    def mdy(m):
        iso = _date(m.group(1), m.group(3), m.group(4))
        return {f"D:{iso}"} if iso else None

    def month_year(m):
        month, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return {f"M:{int(year)}-{int(month):02d}"} if 1 <= int(month) <= 12 else None

    def pair(m):
        a, b = m.group(1), m.group(2)
        forms = {f"R:{x}/{y}" for x in _number_forms(a) for y in _number_forms(b)}
        if a.isdigit() and b.isdigit() and 1 <= int(a) <= 31 and 1 <= int(b) <= 12:
            forms.add(f"DM:{int(b):02d}-{int(a):02d}")  # 30/6: a day and month, or a ratio
        return forms

    take(_DOC_NUMBER, doc_number)
    take(_WORD_DATE, lambda m: (lambda iso: {f"D:{iso}"} if iso else None)(_date(*m.groups())))
    take(_ISO, lambda m: (lambda iso: {f"D:{iso}"} if iso else None)(_date(m[3], m[2], m[1])))
    take(_DMY, mdy)
    take(_MONTH_YEAR, month_year)
    take(_QUARTER, lambda m: {f"Q:{m[2] or ''}-{_ROMAN[m[1]]}"})
    take(_PAIR, pair)
    take(_PERCENT, lambda m: {f"P:{n}" for n in _number_forms(m[1])})
    take(_MAGNITUDE, lambda m: {f"X:{n}:{_MAGNITUDES[m[2]]}" for n in _number_forms(m[1])})
    take(_BARE, lambda m: {f"N:{n}" for n in _number_forms(m[1])})
    return out


def figure_contexts(text: str) -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """Each figure with the content words of its clause, or of the clauses beside it in its sentence when
    it has none. Document numbers name themselves: they carry no context."""
    out = []
    for line in _lower(_LABELS.sub(" ", text)).splitlines():
        for sentence in _SENTENCE_END.split(line):
            clauses = [c for c in _CLAUSE.split(sentence) if c and c.strip()]
            words = [_context_words(c) for c in clauses]
            for i, clause in enumerate(clauses):
                context = words[i] or _neighbours(words, i)
                for surface, alternatives in figures(clause):
                    if not any(a.startswith("S:") for a in alternatives):
                        out.append((surface, alternatives, context))
    return out


def _neighbours(words: list[frozenset[str]], i: int) -> frozenset[str]:
    """The nearest clause with words on each side: "Mã: 32 | Chỉ tiêu: …", "Đến năm 2030, quy mô …"."""
    before = next((words[j] for j in range(i - 1, -1, -1) if words[j]), frozenset())
    after = next((words[j] for j in range(i + 1, len(words)) if words[j]), frozenset())
    return before | after


def _context_words(clause: str) -> frozenset[str]:
    """The words of a clause as written ("PII" stays one word, "mã" is not "mà"), without function words
    and the words that stand next to any figure."""
    stops, near_any = stop_syllables(), _context_stopwords()
    return frozenset(w for w in re.findall(r"[^\W\d_]+", clause) if w not in stops and fold(w) not in near_any)


def _allowances(form: str) -> set[str]:
    """What a figure of the evidence also licenses: its parts, written on their own."""
    kind, _, value = form.partition(":")
    if kind == "D":
        y, m, d = value.split("-")
        return {f"N:{int(y)}", f"M:{value[:7]}", f"DM:{m}-{d}"}
    if kind == "M":
        return {f"N:{int(value[:4])}"}
    if kind == "Q":
        year, _, q = value.partition("-")
        return {f"Q:-{q}"} | ({f"N:{year}"} if year else set())
    if kind in ("P", "R"):
        return {f"N:{n}" for n in value.split("/")}
    if kind == "X":
        return {f"N:{value.split(':')[0]}"}
    if kind == "S":
        return {f"N:{int(n)}" for n in re.findall(r"\d+", value)}
    return set()


def counted(text: str) -> list[tuple[str, tuple[str, str]]]:
    """Counts and ranks with what they count: ("12 nhiệm vụ", ("12", "nhiệm vụ")), ("thứ 15/34", …)."""
    s = _lower(_LABELS.sub(" ", text))
    out = []
    for m in _counted_pattern().finditer(s):
        out.append((m.group(0), (_canonical_count(m.group(1)), m.group(2))))
    for m in _RANK.finditer(s):
        out.append((m.group(0), (_canonical_count(m.group(1)), "thứ")))
    return out


def _canonical_count(raw: str) -> str:
    return "/".join(min(_number_forms(p.strip())) for p in raw.split("/"))


def spelled_count(text: str) -> str | None:
    """The first number written in words where it is a figure ("mười ba nhiệm vụ"), if any."""
    return next(iter(_spelled(text)), None)


def spelled_counts(text: str) -> set[str]:
    return set(_spelled(text))


def _spelled(text: str) -> list[str]:
    low = _lower(text)
    out = []
    for m in _spelled_pattern().finditer(low):
        before = low[: m.start()].rstrip()
        if before[-1:].isdigit() or _ends_with_number_word(before):
            continue  # the tail of "1 nghìn tỷ đồng": a figure in digits with its magnitude
        out.append(m.group(0))
    return out


def _ends_with_number_word(text: str) -> bool:
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    return last in _number_words()


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    return frozenset(_lower(w) for w in data.lines("number_words.txt"))


@dataclass(frozen=True)
class Evidence:
    """The figures the cited blocks license, and what their counts count."""

    figures: frozenset[str]
    counted: frozenset[tuple[str, str]]
    counted_nouns: frozenset[str]
    spelled: frozenset[str]  # numbers in words the sources themselves write ("ba cơ quan")
    contexts: dict[str, tuple[frozenset[str], ...]] = field(default_factory=dict)  # form → clause words

    kinds: dict[str, int] = field(default_factory=dict)  # tag (N, P, D …) → distinct figures of that kind
    weights: dict[str, float] = field(default_factory=dict)  # word → 1 / clauses of the blocks it is in
    items: tuple[tuple[int, frozenset[str], frozenset[str]], ...] = ()  # numbered list items: number, words, before

    def fits(self, alternatives: frozenset[str], context: frozenset[str]) -> bool:
        """The figure is what the cited blocks put in this context: among the figures of its kind, one of
        its own occurrences shares the most words with the answer's clause (ties pass). Only asked when
        the blocks hold another figure of the same kind it could be confused with."""
        for form in alternatives:
            kind = form.partition(":")[0]
            if self.kinds.get(kind, 0) < 2:
                return True
            own = [self.contexts.get(form, ())]
            if any(not words for words in own[0]):
                return True  # a cited document's own number: it names itself
            best = max((self.overlap(words, context) for words in own[0]), default=0)
            rival = max(
                (
                    self.overlap(words, context)
                    for other, occurrences in self.contexts.items()
                    if other.partition(":")[0] == kind and other not in alternatives
                    for words in occurrences
                    if words
                ),
                default=0,
            )
            if best > 0 and best >= rival:
                return True
        return False

    def overlap(self, words: frozenset[str], context: frozenset[str]) -> float:
        # A word found around many figures of the blocks ("nhiệm vụ") tells them apart less than a rare one.
        return sum(self.weights.get(w, 1.0) for w in words & context)

    @classmethod
    def of(cls, texts: Iterable[str]) -> Evidence:
        forms: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        spelled: set[str] = set()
        contexts: dict[str, set[frozenset[str]]] = {}
        identities: set[str] = set()
        clauses: set[frozenset[str]] = set()
        items: list[tuple[int, frozenset[str], frozenset[str]]] = []
        for text in texts:
            items += [(n, words, before) for _, n, words, before in list_items(text)]
            spelled |= spelled_counts(text)
            clauses |= {_context_words(c) for c in _CLAUSE.split(_lower(text)) if c and c.strip()}
            for _, alternatives, words in figure_contexts(text):
                for form in alternatives:
                    for f in (form, *_allowances(form)):
                        contexts.setdefault(f, set()).add(words)
            for _, alternatives in figures(text):
                identities.add(min(alternatives))
                for form in alternatives:
                    identities |= _allowances(form)
                    if form.startswith("S:"):  # "NQ 57": the number of a cited document, anywhere
                        for f in _allowances(form):
                            contexts.setdefault(f, set()).add(frozenset())
            for _, alternatives in figures(text):
                for form in alternatives:
                    forms.add(form)
                    forms |= _allowances(form)
            pairs |= {pair for _, pair in counted(text)}
        return cls(
            frozenset(forms),
            frozenset(pairs),
            frozenset(noun for _, noun in pairs),
            frozenset(spelled),
            {form: tuple(words) for form, words in contexts.items()},
            dict(Counter(form.partition(":")[0] for form in identities)),
            {w: 1 / n for w, n in Counter(w for c in clauses for w in c).items()},
            tuple(items),
        )


# --- language tables -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _counted_pattern() -> re.Pattern:
    nouns = sorted((_lower(n) for n in data.lines("counted_nouns.txt")), key=len, reverse=True)
    alternation = "|".join(re.escape(n) for n in nouns)
    return re.compile(rf"(?<![\d.,/])({_NUM}(?:\s*/\s*{_NUM})?)\s+({alternation})(?!\w)")


@lru_cache(maxsize=1)
def _spelled_pattern() -> re.Pattern:
    """Numbers in words where they are figures: before a counted noun ("mười ba nhiệm vụ"), a percentage
    ("ba mươi phần trăm", "ba mươi %") or money ("một nghìn tỷ đồng"), or as a rank ("xếp thứ mười lăm").
    After digits, "tỷ", "triệu" … are a figure's magnitude ("30 tỷ đồng"), read by `figures`."""
    words = "|".join(re.escape(_lower(w)) for w in sorted(data.lines("number_words.txt"), key=len, reverse=True))
    nouns = [*data.lines("counted_nouns.txt"), "phần trăm", "percent", "đồng"]
    after = "|".join(re.escape(_lower(n)) for n in sorted(nouns, key=len, reverse=True))
    run = rf"(?:{words})(?:\s+(?:{words}))*"
    rank = rf"(?:xếp|đứng)\s+(?:thứ|hạng)\s+{run}(?!\w)"
    return re.compile(rf"(?<!\w)(?:{rank}|{run}\s*%|{run}\s+(?:{after})(?!\w))")


@lru_cache(maxsize=1)
def _context_stopwords() -> frozenset[str]:
    return frozenset(line.strip() for line in data.lines("figure_context_stopwords.txt"))


@lru_cache(maxsize=1)
def _refusals() -> tuple[str, ...]:
    return tuple(line.strip() for line in data.lines("refusals.txt"))


def refusal_phrase(text: str) -> str | None:
    """The "I do not know" phrase in a text, if any (compared without diacritics)."""
    folded = fold(_lower(text)).replace("’", "'")
    return next((p for p in _refusals() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", folded)), None)
