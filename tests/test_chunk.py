"""Chunking follows a document's own structure and every passage keeps its heading path."""

from conftest import DIRECTIVE, write

from retrieval.chunk import chunk, pack, split_sentences
from retrieval.load import load_file

LAW = """
# Luật thử nghiệm

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về dữ liệu số.

Điều 2. Đối tượng áp dụng
1. Cơ quan nhà nước.
2. Tổ chức, cá nhân có liên quan.

Chương II
DỮ LIỆU MỞ

Điều 3. Công bố dữ liệu mở
Cơ quan nhà nước công bố dữ liệu mở trên cổng dữ liệu quốc gia.
"""


def passages_of(tmp_path, text, name="doc.md"):
    path = write(tmp_path / name, text)
    (doc,), problems = load_file(path, tmp_path)
    assert problems == []
    return chunk(doc)


def test_markdown_headings_become_the_heading_path(tmp_path):
    ps = passages_of(tmp_path, DIRECTIVE)
    paths = [p.headings for p in ps]
    assert ("I. Mục tiêu", "Đến năm 2030") in paths
    assert ("II. Nhiệm vụ", "1. Hạ tầng số") in paths
    target = next(p for p in ps if "25% GRDP" in p.text)
    assert target.headings == ("I. Mục tiêu", "Đến năm 2030")
    assert "Nghị quyết thử nghiệm" in target.embedding_text("Nghị quyết thử nghiệm về chuyển đổi số")


def test_chapters_and_articles_of_a_law_are_structure(tmp_path):
    ps = passages_of(tmp_path, LAW)
    art2 = next(p for p in ps if p.text.startswith("Điều 2."))
    assert art2.headings == ("Chương I QUY ĐỊNH CHUNG", "Điều 2. Đối tượng áp dụng")
    assert "2. Tổ chức, cá nhân có liên quan." in art2.text
    art3 = next(p for p in ps if p.text.startswith("Điều 3."))
    assert art3.headings[0] == "Chương II DỮ LIỆU MỞ"
    assert not any(p.text in ("Chương I", "QUY ĐỊNH CHUNG") for p in ps)


def test_csv_rows_name_their_columns_and_carry_row_access(mini_corpus):
    (doc,), _ = load_file(mini_corpus / "registers" / "nhiem-vu.csv", mini_corpus)
    ps = chunk(doc)
    assert ps[0].text.startswith("Mã: T-1 | Tên nhiệm vụ: Xây dựng cổng dữ liệu mở")
    assert "Ngày đến hạn: 30/06/2025" in ps[0].text
    assert [p.access for p in ps] == ["public", "internal"]


def test_confidence_and_maintainers_notes_columns_never_enter_a_row_passage(tmp_path):
    table = (
        "Mã,Chỉ số,Phạm vi,Giá trị,Ghi chú,Nguồn,Độ tin cậy,Ghi chú biên soạn\n"
        "X-1,Số xã,Tỉnh A,12,gồm 10 xã và 2 phường,Báo A,một nguồn,chưa có nguồn thứ hai\n"
    )
    (passage,) = passages_of(tmp_path, table, "so-lieu.csv")
    assert (
        passage.text
        == "Mã: X-1 | Chỉ số: Số xã | Phạm vi: Tỉnh A | Giá trị: 12 | Ghi chú: gồm 10 xã và 2 phường | Nguồn: Báo A"
    )


def test_long_text_is_windowed_at_sentence_ends():
    sentences = [f"Câu thứ {i} nói về nhiệm vụ số {i} của tỉnh." for i in range(200)]
    pieces = pack([" ".join(sentences)], 300)
    assert all(len(p) <= 300 for p in pieces)
    assert " ".join(pieces) == " ".join(sentences)


def test_a_numbered_list_item_keeps_its_number_so_it_is_read_as_an_item_of_its_list():
    text = "Cổng có sáu thành phần:\n\n1. Thanh toán điện tử.\n2. Hỗ trợ trực tuyến. Miễn phí."
    assert split_sentences(text) == [
        "Cổng có sáu thành phần:",
        "1. Thanh toán điện tử.",
        "2. Hỗ trợ trực tuyến.",
        "Miễn phí.",
    ]
