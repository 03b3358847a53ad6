"""The asker's own province and commune: "tỉnh mình có bao nhiêu xã", "xã mình có nhiệm vụ nào sắp đến hạn".

A deployment serves one province: `GOVQA_HOME_PROVINCE`, else the province most of the indexed figures are
about (Phú Thọ for the built-in corpus). A commune is only known when `GOVQA_HOME_COMMUNE` names one;
otherwise "xã mình" is asked back, politely, with the communes the data has. The phrases are data
(retrieval/data/home_words.tsv).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import data

_KEY = "home-place"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    out = {}
    for line in data.lines("home_words.tsv"):
        kind, phrases = line.split("\t")
        # a phrase written "^…" opens the question: "tỉnh có …" is the asker's province, "UBND tỉnh có …" a body
        alternation = "|".join(
            "^" + re.escape(p.strip()[1:]) if p.strip().startswith("^") else re.escape(p.strip())
            for p in phrases.split("|")
            if p.strip()
        )
        out[kind] = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
    return out


def asks_home(folded: str, kind: str) -> bool:
    """Whether the folded question speaks of the asker's own province (`kind` "province") or commune."""
    return bool(_patterns()[kind].search(folded))


# the words of a home phrase that say whose place it is: "mình" of "xã mình", "của tôi", "chúng ta"
_OWNERS = frozenset({"minh", "ta", "nha", "cua", "toi", "chung"})


def owner_words(folded: str) -> frozenset[str]:
    """The folded words that say the place is the asker's own ("mình" of "xã mình"), when the question uses them
    nowhere else: they name the asker, not anything the evidence must hold ("nơi mình làm thủ tục" says
    nothing of a commune's service centre)."""
    owners: set[str] = set()
    rest = folded
    for pattern in _patterns().values():
        for m in pattern.finditer(folded):
            owners.update(w for w in m.group(0).split() if w in _OWNERS)
        rest = pattern.sub(" ", rest)
    return frozenset(owners - set(rest.split()))


def with_home(index, province: str | None, commune: str | None):
    """The index, with the deployment's own province and commune (settings) kept for the question reader."""
    from .question import folded, province_names

    canonical = province_names().get(folded(province), province) if province else None  # "phu tho" → "Phú Thọ"
    index.cache[_KEY] = (canonical, commune)
    return index


def home_province(index, role: str) -> str | None:
    """The configured province, else the province most of the figures the role may see are about."""
    configured = index.cache.get(_KEY, (None, None))[0]
    if configured:
        return configured
    from .scope import main_province

    return main_province(index, role, exclude="")


def home_commune(index) -> str | None:
    return index.cache.get(_KEY, (None, None))[1]


def which_commune(communes: list[str], english: bool = False) -> str:
    """The polite question back when "xã mình" cannot be known."""
    shown = ", ".join(communes[:6])
    if english:
        return "Which commune or ward do you mean? Please name it, e.g. «xã Xuân Đài có nhiệm vụ nào sắp đến hạn?»." + (
            f" The data has tasks of: {shown}." if shown else ""
        )
    example = communes[0] if communes else "Xuân Đài"
    return (
        f"Bạn đang hỏi về xã, phường nào? Bạn vui lòng gõ tên xã, phường, ví dụ: «{example} có nhiệm vụ nào sắp đến"
        " hạn?»." + (f" Dữ liệu hiện có nhiệm vụ của: {shown}." if shown else "")
    )
