"""Telegram HTML rendering and splitting (bot/format.py): escaped, cited, and cut into valid messages ≤ 4096."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from fake_bot_api import parse_telegram_html

from bot.format import (
    MAX_MESSAGE,
    answer_html,
    html_to_plain,
    more_html,
    plain,
    source_line_html,
    sources_html,
    split_html,
    telegram_length,
)
from retrieval.models import Answer, Citation, Passage, Source


def source(i: int, **changes) -> Source:
    values = dict(
        doc_id=f"vb-{i}",
        title=f"Kế hoạch số {i} về chuyển đổi số & đổi mới sáng tạo của tỉnh thử nghiệm",
        number=f"{i}/KH-UBND",
        date=date(2025, 3, 1),
        url=f"https://example.org/van-ban?so={i}&nam=2025",
        provenance="illustrative" if i % 2 else "official",
    )
    return Source(**{**values, **changes})


def long_answer(n: int = 60) -> Answer:
    """An answer whose HTML is well over 10,000 characters: n cited parts and n sources."""
    citations = tuple(
        Citation(i, source(i), Passage(f"vb-{i}#1", f"vb-{i}", f"Đoạn {i}: nội dung <quan trọng> & chi tiết. " * 8))
        for i in range(1, n + 1)
    )
    text = "\n".join(
        f"Nhiệm vụ {i}: Sở Khoa học & Công nghệ chủ trì, hoàn thành trước 31/12/2025 (<ưu tiên>). [{i}]"
        for i in range(1, n + 1)
    )
    return Answer("Các nhiệm vụ nào?", "answered", text, citations, notes=("[1] Số liệu tính đến 30/06/2025.",))


def test_answer_html_escapes_corpus_text_and_lists_numbered_sources():
    s = source(1, title="Quy định <b>mới</b> & cũ", url='https://example.org/a?x="1"&y=2')
    answer = Answer("q", "answered", "Giá trị <5% & >2%. [1]", (Citation(1, s, Passage("c", s.doc_id, "...")),))
    html = answer_html(answer)
    assert "Giá trị &lt;5% &amp; &gt;2%. [1]" in html
    assert "[1] Quy định &lt;b&gt;mới&lt;/b&gt; &amp; cũ (1/KH-UBND, 01/03/2025) (dữ liệu minh họa) — " in html
    assert '<a href="https://example.org/a?x=&quot;1&quot;&amp;y=2">' in html
    parse_telegram_html(html)  # Telegram would accept it


def test_answer_html_shows_notes_suggestions_and_the_more_hint():
    s = source(2, url=None)
    answer = Answer(
        "q",
        "answered",
        "Văn bản cũ. [1]",
        (Citation(1, s, Passage("c", s.doc_id, "...")),),
        notes=("[1] Lưu ý: văn bản này đã được thay thế bởi 15/KH-UBND.",),
        suggestions=("Câu hỏi <khác>?",),
        more=("T-3 Xây dựng kho dữ liệu", "T-4 Số hóa hồ sơ"),
    )
    html = answer_html(answer)
    assert "<i>[1] Lưu ý: văn bản này đã được thay thế bởi 15/KH-UBND.</i>" in html
    assert "• Câu hỏi &lt;khác&gt;?" in html
    assert "Còn 2 mục nữa" in html
    title = "Kế hoạch số 2 về chuyển đổi số &amp; đổi mới sáng tạo của tỉnh thử nghiệm (2/KH-UBND, 01/03/2025)"
    assert html.endswith(f"<b>Nguồn:</b>\n[1] {title}")
    assert "• T-3 Xây dựng kho dữ liệu\n• T-4 Số hóa hồ sơ" in more_html(answer)


def test_source_line_html_matches_the_plain_source_line():
    s = source(3)
    assert (
        html_to_plain(source_line_html(3, s))
        == plain(Answer("q", "answered", "x", (Citation(3, s, None),))).split("Nguồn:\n")[1]
    )


def test_sources_view_quotes_each_passage_under_its_source_once():
    answer = long_answer(2)
    second_passage = Citation(1, source(1), Passage("vb-1#2", "vb-1", "Đoạn thứ hai.", headings=("II. Nhiệm vụ",)))
    html = sources_html(replace(answer, citations=(*answer.citations, second_passage)))
    assert html.count("<blockquote>") == 3
    assert html.count("[1] Kế hoạch số 1") == 1 and html.count("[2] Kế hoạch số 2") == 1
    assert "Đoạn 1: nội dung &lt;quan trọng&gt; &amp; chi tiết." in html
    assert "<i>II. Nhiệm vụ</i>\n<blockquote>Đoạn thứ hai.</blockquote>" in html
    parse_telegram_html(html)


def test_a_10000_character_answer_is_split_into_valid_messages_under_the_limit():
    html = answer_html(long_answer())
    assert len(html) > 10_000
    parts = split_html(html)
    assert len(parts) >= 3
    for part in parts:
        assert len(part) <= MAX_MESSAGE and telegram_length(part) <= MAX_MESSAGE
        parse_telegram_html(part)  # balanced, only Telegram's tags, no broken entity
    # Nothing lost, nothing added: the cuts only fall on whitespace.
    assert _words(" ".join(html_to_plain(p) for p in parts)) == _words(html_to_plain(html))
    # Cuts fall at line or paragraph breaks here: every part starts a line of the original.
    lines = html.split("\n")
    assert all(p.split("\n")[0] in lines for p in parts)


def test_split_prefers_paragraph_breaks():
    paragraphs = [f"<b>Mục {i}</b>\n" + ("Nội dung của mục này. " * 150).strip() for i in range(4)]
    parts = split_html("\n\n".join(paragraphs))
    assert parts == paragraphs


def test_split_inside_one_long_tag_closes_and_reopens_it_and_never_cuts_an_entity():
    text = "<blockquote>" + " ".join(["A&amp;B&lt;C&gt;"] * 2000) + "</blockquote>"
    parts = split_html(text, limit=1000)
    assert len(parts) > 10
    for part in parts:
        assert len(part) <= 1000
        assert part.startswith("<blockquote>") and part.endswith("</blockquote>")
        assert parse_telegram_html(part).replace("A&B<C>", "").strip() == ""


def test_split_counts_emoji_as_telegram_does():
    parts = split_html("😀 " * 3000)
    assert len(parts) == 3
    assert all(telegram_length(p) <= MAX_MESSAGE for p in parts)


def test_split_cuts_a_huge_word_between_characters():
    parts = split_html("x" * 9000)
    assert [len(p) for p in parts] == [4000, 4000, 1000]


@pytest.mark.parametrize("text", ["", "   ", "<b></b>"])
def test_split_drops_empty_messages(text):
    assert split_html(text) == []


def test_plain_fallback_keeps_the_words_and_links():
    html = answer_html(long_answer(1))
    text = html_to_plain(html)
    assert "<" not in text.replace("<quan trọng>", "").replace("<ưu tiên>", "")
    assert "https://example.org/van-ban?so=1&nam=2025" in text
    assert "Sở Khoa học & Công nghệ" in text


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)
