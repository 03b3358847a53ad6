"""Superlatives over the task registers (issue 12): "which ministry leads the most tasks", "xã nào nhiều nhiệm
vụ nhất". The ranking is computed from the register rows by the rules of a count answer (co-led tasks count
for each lead, as "how many tasks does MoST lead" counts 49), ties are said as ties, and the first sentence
names the winner and its count, in the question's language."""

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from retrieval.superlative import asked

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _ministry_counts() -> Counter:
    """Rows whose lead cell names each ministry, read from the register itself (not from govqa)."""
    rows = list(csv.DictReader((CORPUS / "registers" / "nq03-nhiem-vu.csv").open(encoding="utf-8")))
    names = {"Bộ Khoa học và Công nghệ", "Bộ Tài chính", "Bộ Công an", "Bộ Giáo dục và Đào tạo", "Bộ Nội vụ"}
    return Counter({n: sum(n.lower() in r["Cơ quan chủ trì"].lower() for r in rows) for n in names})


def test_the_ministry_leading_the_most_tasks_is_named_first_with_its_count_in_english(builtin_engine):
    (top, count), (second, _) = _ministry_counts().most_common(2)
    answer = builtin_engine.ask("which ministry leads the most tasks")
    assert answer.status == "answered"
    first = answer.text.split("\n")[0]
    assert first.startswith(f"{top} (Ministry of Science and Technology) leads the most tasks: {count} tasks in ")
    assert f"Next: {second} (Ministry of Finance): " in answer.text
    assert answer.citations and all(c.source.doc_id == "nq03-nhiem-vu" for c in answer.citations)


def test_the_same_ranking_answers_the_vietnamese_question(builtin_engine):
    top, count = _ministry_counts().most_common(1)[0]
    answer = builtin_engine.ask("bộ nào nhiều nhiệm vụ nhất")
    assert answer.text.startswith(f"{top} chủ trì nhiều nhiệm vụ nhất: {count} nhiệm vụ, theo ")
    assert "Nhiệm vụ đồng chủ trì được tính cho mỗi cơ quan chủ trì" in answer.text


def test_top_n_lists_the_first_n_in_order(builtin_engine):
    ranked = [name for name, _ in _ministry_counts().most_common(3)]
    answer = builtin_engine.ask("top 3 ministries by number of tasks")
    first = answer.text.split("\n")[0]
    assert first.startswith("The 3 ministries that lead the most tasks in ")
    positions = [first.index(f"{i}. {name}") for i, name in enumerate(ranked, start=1)]
    assert positions == sorted(positions)


def test_equal_counts_are_said_as_a_tie_not_as_one_winner(builtin_engine):
    """A citizen sees the public rows only: four communes and wards have five tasks each."""
    answer = builtin_engine.ask("which commune has the most tasks")
    assert answer.text.startswith("4 communes and wards tie with the most tasks, 5 each: ")
    official = builtin_engine.ask("xa nao nhieu nhiem vu nhat", role="official")  # internal rows count too
    assert official.text.startswith("Xã Tam Đảo có nhiều nhiệm vụ nhất: 6 nhiệm vụ")


def test_overdue_is_counted_as_of_today_in_the_register_that_records_progress(builtin_engine):
    answer = builtin_engine.ask("which ward has the most overdue tasks", role="official", today=date(2026, 2, 10))
    assert answer.text.startswith("Phường Hòa Bình has the most tasks overdue as of 10 February 2026: 2 tasks in ")
    assert ": 0" not in answer.text  # wards with nothing overdue are no runners-up


@pytest.mark.parametrize(
    ("folded", "read"),
    [
        ("bo nao chu tri nhieu nhiem vu nhat", ("ministry", "most", 1)),
        ("bo w/ it nhiem vu nhat", ("ministry", "fewest", 1)),
        ("dan dau 3 bo nhieu nhiem vu nhat", ("ministry", "most", 3)),
        ("phuong nao nhieu nhat qua han nhiem vu", ("ward", "most", 1)),
        ("xa nao co nhieu viec nhat", ("commune", "most", 1)),
        ("phuong nao nhieu viec qua han nhat", ("ward", "most", 1)),  # a status between the task and "nhất"
        ("xa phuong nao con nhieu viec chua thuc hien nhat", ("commune", "most", 1)),  # "xã, phường": both
        ("xa nao qua han nhieu nhat tinh", ("commune", "most", 1)),  # "quá hạn" says tasks without the noun
    ],
)
def test_a_superlative_over_tasks_is_read_with_what_is_ranked(folded, read):
    assert asked(folded) == read


@pytest.mark.parametrize(
    "folded",
    [
        "thu hut it nhat 3 to chuc doanh nghiep cong nghe",  # "ít nhất 3": at least, no ranking
        "tinh nao co diem pii cao nhat",  # a figure's highest: the rank rows answer it
        "bo nao chu tri nhiem vu nq03-069",  # one task's lead
    ],
)
def test_what_is_no_superlative_over_tasks_is_left_to_the_other_paths(folded):
    assert asked(folded) is None


def test_a_ranking_of_partners_says_phoi_hop_not_chu_tri(builtin_engine):
    rows = list(csv.DictReader((CORPUS / "registers" / "nq03-nhiem-vu.csv").open(encoding="utf-8")))
    helps = sum("bộ khoa học và công nghệ" in r["Cơ quan phối hợp"].lower() for r in rows)
    answer = builtin_engine.ask("bo nao phoi hop nhieu nv nhat", role="official")
    assert answer.text.startswith(f"Bộ Khoa học và Công nghệ phối hợp nhiều nhiệm vụ nhất: {helps} nhiệm vụ")


def test_the_commune_with_the_most_tasks_of_a_status_counts_communes_and_wards(builtin_engine):
    rows = list(csv.DictReader((CORPUS / "registers" / "phu-tho-xa-phuong.csv").open(encoding="utf-8")))
    tally = Counter(r["Xã/phường"] for r in rows if r["Tình trạng"] == "Chưa thực hiện")
    (top, n), (_, second) = tally.most_common(2)
    assert n > second
    answer = builtin_engine.ask("xa phuong nao con nhieu viec chua thuc hien nhat", role="official")
    assert answer.text.startswith(f"{top} có nhiều nhiệm vụ ở trạng thái «chưa thực hiện» nhất: {n} nhiệm vụ")
