"""The order in which an answer's sentences from one passage are read: a sentence that points back ("Thay vào
đó, …", "Ông đồng thời là …", a list item) comes right after the sentence it points back to.

Every path that puts a passage's sentences into an answer — the composer's choice, the yes/no answer that
leads with its deciding sentence, the guide's own referral — orders them here, so none opens with "Thay vào
đó, …" when the sentence it follows is in the answer too.

Example::

    whole = ["Không cấp thẻ giấy nữa.", "Thay vào đó, dùng thẻ điện tử.", "Hỏi cơ quan BHXH."]
    reading_order(["Thay vào đó, dùng thẻ điện tử.", "Không cấp thẻ giấy nữa."], whole)
    # ['Không cấp thẻ giấy nữa.', 'Thay vào đó, dùng thẻ điện tử.']
"""

from __future__ import annotations

import re

from .slots import is_anaphoric

__all__ = ["LIST_ITEM", "points_back", "reading_order"]

LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)]|[a-zđ]\))\s+")


def points_back(sentence: str) -> bool:
    """A list item (read after its lead-in) or a sentence whose first words point back (`is_anaphoric`)."""
    return bool(LIST_ITEM.match(sentence)) or is_anaphoric(sentence)


def reading_order(chosen: list[str], whole: list[str]) -> list[str]:
    """`chosen` (sentences of one passage whose sentences in order are `whole`) with each sentence that points
    back placed right after the sentence before it in the passage, when that one is chosen too and came later;
    chains ("Theo đó, …" after "Ngoài ra, …") follow back to their start. The rest keep their order: the
    sentence that answers still leads whenever it stands on its own."""
    out = list(chosen)
    at = {s: i for i, s in enumerate(whole)}
    i = 0
    while i < len(out):
        pos = at.get(out[i])
        before = whole[pos - 1] if pos else None
        if before is not None and points_back(out[i]) and before in out[i + 1 :]:
            out.remove(before)
            out.insert(i, before)  # looked at again: it may point back too
            continue
        i += 1
    return out
