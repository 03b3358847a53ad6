"""The words of a resolved follow-up typed without diacritics, written as the corpus writes them: the question
answered and shown on the "Đang hiểu là" line ("Phường Việt Trì co bao nhieu nhiem vu?" → "Phường Việt Trì
có bao nhiêu nhiệm vụ?").

    accented(index, "vneid muc 2 co mat phi khong?")   # "VNeID mức 2 có mat phi không?"

The spellings come from the passages of the build (and the phrase tables people's questions are read with),
as runs of one to three words: "co bao nhieu" is "có bao nhiêu", "co quan" is "cơ quan". A run is written
with its accents only when one spelling clearly wins; a word the corpus does not settle stays as typed.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from . import data
from .text import fold, has_diacritics, nfc

LONGEST = 3  # words in a run looked up at once
MIN_SEEN = 2  # a spelling of a run of words seen this often at least …
MIN_SHARE = 0.75  # … and this share of the run's spellings
# One word alone is ambiguous far more often ("muc" is "mục" or "mức", "mang" "mạng" or "mang"): only a
# spelling with no rival is used.
MIN_SEEN_ALONE = 3
MIN_SHARE_ALONE = 0.97
_WORD = re.compile(r"[^\W_]+")
_URL = re.compile(r"(?:https?://|www\.)\S+")
# Tables written the way questions are ("ở đâu", "cần mang", "có bao nhiêu"): their spellings weigh more
# than a passage's, and say which of two spellings a question means.
_QUESTION_TABLES = (
    "followup_phrases.tsv",
    "asking_phrases.txt",
    "example_questions.txt",
    "chat_abbreviations.tsv",
    "small_talk.tsv",
    "synonyms.tsv",
    "question_spellings.txt",
)
_QUESTION_WEIGHT = 5


def accented(index, text: str) -> str:
    """`text` with each word typed without diacritics spelled as the corpus spells it, when every run of
    words around it that the corpus settles agrees on that spelling ("danh muc" says "mục", "muc 2" says
    "mức": "muc" stays as typed)."""
    words = list(_WORD.finditer(text))
    if not words:
        return text
    table = _spellings(index)
    runs: list[tuple[int, list[str]]] = []  # (first word, its spelling) of every run the corpus settles
    for n in range(1, LONGEST + 1):
        for i in range(len(words) - n + 1):
            run = words[i : i + n]
            if any(has_diacritics(x.group()) for x in run) or not _adjacent(text, run):
                continue
            spelled = table.get(" ".join(x.group().lower() for x in run))
            if spelled is not None:
                runs.append((i, spelled.split()))
    votes = _agreed(runs, len(words))
    kept = _two_way(words)
    out, at = [], 0
    for n, (w, forms) in enumerate(zip(words, votes, strict=True)):
        typed = w.group()
        if len(forms) != 1 or has_diacritics(typed) or typed.isdigit() or n in kept:
            continue
        out.append(text[at : w.start()])
        out.append(_cased(typed, next(iter(forms))))
        at = w.end()
    out.append(text[at:])
    return "".join(out)


def _two_way(words: list[re.Match]) -> set[int]:
    """The words that belong to a run typed for two different words (data/two_way_spellings.txt: "bi mat" is
    "bị mất" or "bí mật"): kept as typed."""
    typed = [fold(w.group()).lower() for w in words]
    out: set[int] = set()
    for run in data.lines("two_way_spellings.txt"):
        parts = run.split()
        for i in range(len(typed) - len(parts) + 1):
            if typed[i : i + len(parts)] == parts:
                out.update(range(i, i + len(parts)))
    return out


def _agreed(runs: list[tuple[int, list[str]]], count: int) -> list[set[str]]:
    """Each word's spellings, from the runs that say it; a run one of whose words its neighbours spell another
    way says nothing for any of its words ("ban dan" is "bán dẫn", "dan co" is not: "ban" stays as typed too,
    not half a word written with accents, "bán dan")."""
    live = list(runs)
    while True:
        votes: list[set[str]] = [set() for _ in range(count)]
        for i, forms in live:
            for j, form in enumerate(forms):
                votes[i + j].add(form)
        torn = {k for k, v in enumerate(votes) if len(v) > 1}
        kept = [(i, forms) for i, forms in live if len(forms) == 1 or not torn & set(range(i, i + len(forms)))]
        if len(kept) == len(live):
            return votes
        live = kept


def _adjacent(text: str, run: list[re.Match]) -> bool:
    """The words of the run are separated by spaces only ("co, bao" is no run)."""
    return all(not text[a.end() : b.start()].strip() for a, b in pairwise(run))


def _cased(typed: str, spelled: str) -> str:
    """The corpus's spelling with the case the person typed: a capital first letter stays one; a name the
    corpus writes with capitals inside ("VNeID", "PII") keeps them."""
    if typed[:1].isupper() and spelled[:1].islower():
        return spelled[0].upper() + spelled[1:]
    return spelled


def _spellings(index) -> dict[str, str]:
    """Folded run of one to three words → the spelling that clearly wins (once per build)."""
    key = "followup-accent-spellings"
    if key not in index.cache:
        seen: Counter = Counter()
        for passage in index.passages:
            seen.update(_runs(_URL.sub(" ", passage.text)))  # "…/vneid-co-the-thay…" is no spelling of "vneid"
        for name in _QUESTION_TABLES:
            for line in data.lines(name):
                for phrase in re.split(r"[\t|,]", line):
                    if not has_diacritics(phrase):
                        continue  # a variant as typed ("ko", "gi"), not how a question writes it
                    for run in _runs(phrase):
                        seen[run] += _QUESTION_WEIGHT
        forms: dict[str, list[tuple[int, str]]] = {}
        for (folded, form), n in seen.items():
            forms.setdefault(folded, []).append((n, form))
        table = {}
        for folded, counted in forms.items():
            n, form = max(counted)
            alone = " " not in folded
            least, share = (MIN_SEEN_ALONE, MIN_SHARE_ALONE) if alone else (MIN_SEEN, MIN_SHARE)
            if n >= least and n >= share * sum(c for c, _ in counted) and form != folded:
                table[folded] = form
        index.cache[key] = table
    return index.cache[key]


def _runs(text: str) -> list[tuple[str, str]]:
    """(folded, as written) for every run of one to three words of each sentence of `text`."""
    out = []
    for sentence in re.split(r"[.;:!?()\[\]«»\"“”,\n]+", nfc(text)):
        words = [_form(w) for w in _WORD.findall(sentence)]
        if not words:
            continue
        folded = fold(" ".join(words)).lower().split()
        if len(folded) != len(words):
            continue
        for n in range(1, LONGEST + 1):
            for i in range(len(words) - n + 1):
                out.append((" ".join(folded[i : i + n]), " ".join(words[i : i + n])))
    return out


def _form(word: str) -> str:
    """A word as a question may write it: lower case, unless the corpus writes capitals inside it (VNeID, PII)."""
    return word if any(ch.isupper() for ch in word[1:]) else word.lower()


__all__ = ["accented"]
