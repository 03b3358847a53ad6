"""An answer's sentences are read in an order that makes sense: a sentence that points back ("Thay vào đó,
…", "Ông …", a list item) comes right after the sentence it points back to, on every path that puts a
passage's sentences into an answer — the composer's choice and the yes/no answer that leads with its
deciding sentence alike (retrieval/reading_order.py)."""

from __future__ import annotations

from datetime import date

from conftest import write

from retrieval.config import Settings
from retrieval.engine import Engine
from retrieval.reading_order import points_back, reading_order

TODAY = date(2026, 2, 10)

WHOLE = [
    "Từ ngày 01/3/2025, thư viện tỉnh không cấp thẻ thư viện giấy nữa.",
    "Thay vào đó, bạn đọc dùng thẻ thư viện điện tử trên ứng dụng Thư Viện Số.",
    "Ngoài ra, thẻ điện tử dùng được ở mọi chi nhánh.",
    "Giờ mở cửa xem trên trang của thư viện.",
]


def test_a_sentence_that_points_back_follows_the_sentence_it_points_back_to():
    assert reading_order([WHOLE[1], WHOLE[0]], WHOLE) == [WHOLE[0], WHOLE[1]]


def test_a_chain_of_sentences_that_point_back_is_followed_to_its_start():
    assert reading_order([WHOLE[2], WHOLE[1], WHOLE[0]], WHOLE) == WHOLE[:3]


def test_sentences_that_stand_on_their_own_keep_the_order_they_were_chosen_in():
    assert reading_order([WHOLE[3], WHOLE[0]], WHOLE) == [WHOLE[3], WHOLE[0]]
    assert reading_order([WHOLE[1]], WHOLE) == [WHOLE[1]]  # its antecedent not chosen: nothing to move


def test_list_items_and_connectives_point_back_plain_facts_do_not():
    assert points_back("- nộp hồ sơ;") and points_back("Thay vào đó, bạn đọc dùng thẻ điện tử.")
    assert not points_back("Thư viện tỉnh mở cửa từ 8 giờ.")


def test_a_yes_no_answer_led_by_its_deciding_sentence_keeps_the_sentence_it_points_back_to_first(tmp_path):
    """ "Thẻ BHYT giấy còn dùng được không" opened with "Thay vào đó, …": the deciding sentence was moved
    before the sentence it points back to."""
    corpus = tmp_path / "hd"
    write(
        corpus / "thu-vien.md",
        "---\nid: hd-thu-vien\ntitle: Hỏi đáp cho bạn đọc thư viện tỉnh\nkind: guide\n---\n\n"
        "# Hỏi đáp cho bạn đọc thư viện tỉnh\n\n## Thẻ thư viện giấy còn dùng được không?\n\n"
        f"{WHOLE[0]} {WHOLE[1]}\n\n## Giờ mở cửa\n\n{WHOLE[3]}\n",
    )
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", corpus=(corpus,), embeddings="none")
    answer = Engine(settings).ask("bạn đọc dùng thẻ điện tử được không", today=TODAY)
    assert answer.status == "answered"
    assert not answer.text.removeprefix("Có. ").startswith("Thay vào đó")
    assert answer.text.index("không cấp thẻ thư viện giấy") < answer.text.index("Thay vào đó")
