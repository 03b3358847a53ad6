"""Names in a question: exact or with a typo, with or without diacritics, however long the name list is."""

import random
import re
from difflib import SequenceMatcher

import pytest

from retrieval.names import NameMatcher, matcher
from retrieval.question import agency_names, commune_names, find_names, folded

AGENCIES = {
    folded(n): n
    for n in (
        "Bộ Tài chính",
        "Bộ Công an",
        "Bộ Công Thương",
        "Bộ Khoa học và Công nghệ",
        "Bộ Giáo dục và Đào tạo",
        "Sở Khoa học và Công nghệ",
        "Sở Nội vụ",
        "Ủy ban nhân dân tỉnh",
        "Bộ Khoa học và Công nghệ và các bộ",
    )
}
# Enough communes under "xã" for the matcher to file character pairs and leave common ones out.
COMMUNES = commune_names(
    ["Phường Âu Cơ", "Phường Nông Trang", "Xã Xuân Đài", "Xã Tân Lập", "Xã Tân Sơn", "Xã Thanh Sơn"]
    + [
        f"Xã {a} {b}"
        for a in ("Hương", "Minh", "Phú", "Quang", "Thái", "Vĩnh")
        for b in ("Cần", "Hòa", "Lộc", "Tiến", "Xá", "Yên")
    ]
)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Nhiệm vụ của Bộ Tài chính là gì?", ["Bộ Tài chính"]),
        ("nhiem vu cua bo tai chinh la gi", ["Bộ Tài chính"]),  # no diacritics
        ("Bộ Tài chínhh chủ trì gì?", ["Bộ Tài chính"]),  # a typo
        ("bo khoa hoc cong nghe lam gi", ["Bộ Khoa học và Công nghệ"]),  # a word left out
        ("Bo Giao duc va Dao tai", ["Bộ Giáo dục và Đào tạo"]),
        ("Bộ Công an và Bộ Công Thương", ["Bộ Công Thương", "Bộ Công an"]),  # longest first
        ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),  # never the ministry
        ("UBND tỉnh Phú Thọ", ["Ủy ban nhân dân tỉnh"]),  # the abbreviation, spelled out by normalise()
        ("Bộ Tài", []),  # too little of the name
        # a name that adds words to the one typed ("… và các bộ") is not a typo of it
        ("Bộ Khoa học và Công nghệ có bao nhiêu nhiệm vụ", ["Bộ Khoa học và Công nghệ"]),
        ("Thời tiết hôm nay", []),
    ],
)
def test_agencies_exactly_without_diacritics_or_with_a_typo(question, names):
    assert find_names(folded(question), AGENCIES) == names


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Xã Tân Lập phải làm gì?", ["Xã Tân Lập"]),
        ("xa tan lap phai lam gi", ["Xã Tân Lập"]),
        ("xa tan lapp phai lam gi", ["Xã Tân Lập"]),  # a typo
        ("tan lapp phai lam gi", []),  # a name under 8 letters ("tan lap") must be typed right
        ("xa tann lap", ["Xã Tân Lập"]),
        ("xa huong xa va xa phu loc", ["Xã Hương Xá", "Xã Phú Lộc"]),
        ("xa minh hoa", ["Xã Minh Hòa", "Xã Vĩnh Hòa"]),  # one letter apart: both, the exact one first
        ("Phuong Au Co", ["Phường Âu Cơ"]),
        ("phuong auco", ["Phường Âu Cơ"]),  # two words run together
        ("xa tan", []),
        ("xa thai yenn", ["Xã Thái Yên"]),
    ],
)
def test_communes_in_a_long_list(question, names):
    assert find_names(folded(question), COMMUNES) == names


def test_exact_matches_only_when_fuzzy_is_off():
    assert find_names(folded("bo tai chinhh"), AGENCIES, fuzzy=False) == []
    assert find_names(folded("bo tai chinh"), AGENCIES, fuzzy=False) == ["Bộ Tài chính"]


def test_a_table_gets_one_matcher_and_a_changed_table_a_new_one():
    table = dict(AGENCIES)
    assert matcher(table) is matcher(table)
    first = matcher(table)
    table[folded("Bộ Y tế")] = "Bộ Y tế"
    assert matcher(table) is not first
    assert find_names(folded("bo y te"), table) == ["Bộ Y tế"]


def test_a_table_in_use_keeps_its_matcher_while_one_off_tables_come_and_go():
    table = dict(AGENCIES)
    kept = matcher(table)
    for n in range(40):
        matcher({f"xa so {n}": f"Xã số {n}"})
        assert matcher(table) is kept


def _by_definition(f: str, names: dict[str, str]) -> list[str]:
    """The rule spelled out: every name, every run of the question's words (what the matcher must equal)."""
    found, words = [], f.split()
    typed = [key for key in names if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", f)]

    def extends_typed(key: str, i: int) -> bool:  # the name is a typed name plus words, typed at word i
        rest = " ".join(words[i:]) + " "
        return any(key.startswith(t + " ") and rest.startswith(t + " ") for t in typed)

    for key, canonical in names.items():
        if key in typed:
            found.append((len(key), canonical))
        elif len(key) >= 8:
            n = len(key.split())
            if any(
                words[i] == key.split()[0]
                and not extends_typed(key, i)
                and SequenceMatcher(None, " ".join(words[i : i + size]), key).ratio() >= 0.88
                for size in {max(1, n - 1), n, n + 1}
                for i in range(len(words) - size + 1)
            ):
                found.append((len(key), canonical))
    out: list[str] = []
    for _, canonical in sorted(found, key=lambda x: -x[0]):
        if canonical not in out and not any(folded(canonical) in folded(o) for o in out):
            out.append(canonical)
    return out


def test_the_matcher_finds_what_comparing_against_every_name_finds():
    rng = random.Random(18)
    names = {**AGENCIES, **COMMUNES}
    built = NameMatcher(names)

    def typo(s: str) -> str:
        i = rng.randrange(len(s))
        return rng.choice(
            [s[:i] + s[i + 1 :], s[:i] + rng.choice("aehno") + s[i:], s[:i] + rng.choice("aehno") + s[i + 1 :]]
        )

    for _ in range(600):
        name = rng.choice(list(names.values()))
        for _ in range(rng.randrange(3)):
            name = typo(name)
        f = folded(rng.choice(["{} phải làm gì?", "Nhiệm vụ của {} và Bộ Công an", "{}"]).format(name))
        assert built.find(f) == _by_definition(f, names), f


def test_a_lead_cell_with_a_group_names_the_agency_not_a_new_one():
    names = agency_names(["Bộ Khoa học và Công nghệ và các bộ, ngành", "Bộ Công an và các địa phương"])
    assert "Bộ Khoa học và Công nghệ" in names.values()
    assert "Bộ Công an" in names.values()
    assert not [n for n in names.values() if "và các" in n]
