"""Reading PDF, DOCX, XLSX, HTML and office-style CSV: header metadata, structure, registers, bad files, uploads.

Every file is generated here, with the libraries offices' files come from in spirit: reportlab writes text
PDFs (with a TTF that has Vietnamese glyphs), python-docx writes Word files with heading styles and tables,
openpyxl writes workbooks with title rows, merged cells and group rows.
"""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import write

from retrieval.chunk import chunk
from retrieval.engine import Engine
from retrieval.formats.safety import sniff
from retrieval.formats.sheets import due_date
from retrieval.formats.upload import UploadRejected, inspect_upload, store_upload
from retrieval.index import build_index, current_build
from retrieval.load import load_corpus, load_file

FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
]
BODY = (
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và Ủy ban nhân dân các xã, phường tập trung triển khai "
    "đồng bộ các nhiệm vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số; bảo đảm hạ tầng "
    "số an toàn, dữ liệu số được kết nối, chia sẻ thông suốt giữa các cơ quan nhà nước."
)
TASKS = [  # (TT, task, lead, partners, deadline)
    ("1", "Ban hành quy chế quản lý dữ liệu dùng chung của tỉnh", "Sở Tài chính", "Sở Nội vụ", "6/2025"),
    ("2", "Bố trí kinh phí chuyển đổi số năm 2025", "Sở Tài chính", "", "Quý II/2025"),
    ("3", "Rà soát thủ tục hành chính nội bộ", "Sở Tư pháp", "Văn phòng UBND tỉnh", "30/6/2026"),
]


# --- file builders ---------------------------------------------------------------------------------


def _font() -> str:
    # matplotlib (a dependency, for /thongke charts) ships DejaVuSans, which has every Vietnamese glyph.
    import matplotlib

    bundled = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    for path in (bundled, *FONTS):
        if path.exists():
            return str(path)
    pytest.skip("no DejaVuSans.ttf (Debian package fonts-dejavu-core) to write Vietnamese PDFs with")


def make_pdf(path: Path, *, encrypt: str | None = None, table: bool = True) -> Path:
    """A two-page Kế hoạch laid out like the real ones: header table, title, legal structure, a task table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", _font()))
    body = ParagraphStyle("body", fontName="DejaVu", fontSize=11, leading=15, alignment=4, firstLineIndent=20)
    centre = ParagraphStyle("centre", parent=body, alignment=1, firstLineIndent=0)
    left = ParagraphStyle("left", parent=body, alignment=0, firstLineIndent=0, spaceBefore=6)
    header = Table(
        [
            [
                Paragraph("ỦY BAN NHÂN DÂN<br/>TỈNH PHÚ THỌ", centre),
                Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br/>Độc lập - Tự do - Hạnh phúc", centre),
            ],
            [Paragraph("Số: 321/KH-UBND", centre), Paragraph("Phú Thọ, ngày 15 tháng 3 năm 2025", centre)],
        ],
        colWidths=[200, 280],
    )
    story = [
        header,
        Spacer(1, 12),
        Paragraph("KẾ HOẠCH", centre),
        Paragraph("Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", centre),
        Spacer(1, 12),
        Paragraph("I. MỤC ĐÍCH, YÊU CẦU", left),
        Paragraph("1. Mục đích", left),
        Paragraph(BODY, body),
        Paragraph("2. Yêu cầu", left),
        Paragraph("Các cơ quan bảo đảm an toàn thông tin mạng khi kết nối hệ thống thông tin. " + BODY, body),
        PageBreak(),
        Paragraph("II. NHIỆM VỤ, GIẢI PHÁP", left),
        Paragraph("1. Hạ tầng số", left),
        Paragraph("Phủ sóng di động 5G đến toàn bộ khu công nghiệp của tỉnh trước ngày 30/6/2026.", body),
    ]
    if table:
        rows = [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]] + [
            [t, n, lead, d] for t, n, lead, _, d in TASKS
        ]
        grid = Table([[Paragraph(c, left) for c in r] for r in rows], colWidths=[35, 230, 120, 80])
        grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [Spacer(1, 12), grid]
    SimpleDocTemplate(str(path), pagesize=A4, encrypt=encrypt).build(story)
    return path


def make_scanned_pdf(path: Path) -> Path:
    """Pages with pictures only, as a scanner makes them: no text layer at all."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for _ in range(2):
        for y in range(100, 700, 40):
            c.rect(60, y, 450, 12, fill=1)
        c.showPage()
    c.save()
    return path


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    layout = d.add_table(rows=2, cols=2)
    layout.cell(0, 0).text = "BỘ CHÍNH TRỊ\n*"
    layout.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    layout.cell(1, 0).text = "Số 57-NQ/TW"
    layout.cell(1, 1).text = "Hà Nội, ngày 22 tháng 12 năm 2024"
    d.add_paragraph("NGHỊ QUYẾT")
    d.add_paragraph("VỀ ĐỘT PHÁ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ QUỐC GIA")
    d.add_paragraph("-----")
    d.add_heading("I. TÌNH HÌNH VÀ NGUYÊN NHÂN", level=1)
    d.add_paragraph("Khoa học, công nghệ và đổi mới sáng tạo đã có bước phát triển. " + BODY)
    d.add_heading("II. MỤC TIÊU", level=1)
    d.add_heading("1. Mục tiêu đến năm 2030", level=2)
    d.add_paragraph("a) Quy mô kinh tế số đạt tối thiểu 30% GDP.")
    d.add_paragraph("b) Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp đạt trên 80%.")
    d.add_heading("III. CHỈ TIÊU VÙNG", level=1)
    figures = d.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [("Vùng", "Chỉ tiêu", "Mốc"), ("Trung du", "Phủ 5G 100% xã", "2030"), ("Đồng bằng", "Cáp quang 100%", "2028")]
    ):
        for c, value in enumerate(row):
            figures.cell(r, c).text = value
    d.add_heading("IV. NHIỆM VỤ", level=1)
    tasks = d.add_table(rows=1 + len(TASKS), cols=5)
    for c, h in enumerate(("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn")):
        tasks.cell(0, c).text = h
    for r, task in enumerate(TASKS, start=1):
        for c, value in enumerate(task):
            tasks.cell(r, c).text = value
    d.save(path)
    return path


def make_register_xlsx(path: Path) -> Path:
    """A register as offices keep it: title rows, a column-number row, group rows, merged cells, empty rows."""
    import openpyxl

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh mục"
    ws.append(["DANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH SỐ 321/KH-UBND NGÀY 15/3/2025 CỦA UBND TỈNH PHÚ THỌ"])
    ws.merge_cells("A1:G1")
    ws.append(["(Kèm theo Kế hoạch số 321/KH-UBND)"])
    ws.merge_cells("A2:G2")
    ws.append([])
    ws.append(["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả/ Sản phẩm",
               "Thời gian hoàn thành", "Tình trạng"])  # fmt: skip
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    ws.append(["I", "HOÀN THIỆN THỂ CHẾ, CHÍNH SÁCH"])
    ws.merge_cells(start_row=6, start_column=2, end_row=6, end_column=7)
    ws.append(["1", "Ban hành quy chế quản lý dữ liệu dùng chung", "Sở Tài chính", "Sở Nội vụ", "Quy chế", "6/2025",
               "Đã hoàn thành"])  # fmt: skip
    ws.append(["2", "Bố trí kinh phí chuyển đổi số năm 2025", None, "", "Quyết định", "Quý II/2025", "Đang thực hiện"])
    ws.merge_cells("C7:C8")  # one lead for two tasks
    ws.append([])
    ws.append(["II", "PHÁT TRIỂN HẠ TẦNG SỐ", "", "", "", "", ""])
    ws.append(["1", "Phủ sóng 5G các khu công nghiệp", "Sở Khoa học và Công nghệ", "Sở Tài chính", "Hạ tầng",
               "30/6/2026", ""])  # fmt: skip
    ws.append(["2", "Cấp kinh phí duy trì nền tảng số", "Sở Tài chính", "", "Kinh phí", "Thường xuyên", ""])
    notes = wb.create_sheet("Ghi chú")
    notes.append(["Bảng do Văn phòng UBND tỉnh tổng hợp."])
    wb.save(path)
    return path


def zip_bomb(path: Path, part: str = "word/document.xml") -> Path:
    """A DOCX-looking archive whose one member inflates 1000 times (a real bomb nests this)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, b" " * (8 * 1024 * 1024))
    path.write_bytes(buf.getvalue())
    return path


HTML = """<!doctype html><html><head><meta charset="utf-8"><title>Cổng thông tin — Quyết định</title></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a></nav>
<article>
<p>ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ</p><p>Số: 45/QĐ-UBND</p><p>Phú Thọ, ngày 02 tháng 4 năm 2025</p>
<h1>QUYẾT ĐỊNH</h1><p>Về việc ban hành Quy chế vận hành Trung tâm điều hành thông minh</p>
<h2>Điều 1. Phạm vi điều chỉnh</h2><p>Quy chế này quy định việc vận hành Trung tâm điều hành thông minh tỉnh.</p>
<h2>Điều 2. Trách nhiệm</h2><p>Sở Khoa học và Công nghệ chủ trì vận hành, bảo đảm hoạt động 24/7.</p>
<table><tr><th>STT</th><th>Nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Thời hạn</th></tr>
<tr><td>1</td><td>Kết nối camera giao thông</td><td>Công an tỉnh</td><td>Quý III/2025</td></tr></table>
</article><footer>Bản quyền © Cổng thông tin</footer><script>var x = 1;</script></body></html>
"""


def by_id(docs):
    return {d.doc_id: d for d in docs}


# --- PDF -------------------------------------------------------------------------------------------


def test_pdf_header_gives_number_date_issuer_type_and_title(tmp_path):
    docs, problems = load_file(make_pdf(tmp_path / "kh-321.pdf"), tmp_path)
    assert problems == []
    d = by_id(docs)["kh-321.pdf"]
    assert (d.number, d.date, d.issuer, d.kind) == (
        "321/KH-UBND",
        date(2025, 3, 15),
        "Ủy ban nhân dân tỉnh Phú Thọ",
        "directive",
    )
    assert (
        d.title == "Kế hoạch 321/KH-UBND triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"
    )


def test_pdf_passages_keep_their_legal_heading_path(tmp_path):
    d = by_id(load_file(make_pdf(tmp_path / "kh.pdf"), tmp_path)[0])["kh.pdf"]
    passages = chunk(d)
    security = next(p for p in passages if "an toàn thông tin mạng" in p.text)
    assert security.headings == ("I. MỤC ĐÍCH, YÊU CẦU", "2. Yêu cầu")
    five_g = next(p for p in passages if "5G" in p.text)
    assert five_g.headings == ("II. NHIỆM VỤ, GIẢI PHÁP", "1. Hạ tầng số")


def test_pdf_task_table_becomes_register_rows_of_that_document(tmp_path):
    docs = by_id(load_file(make_pdf(tmp_path / "kh.pdf"), tmp_path)[0])
    table = docs["kh.pdf#bang-1"]
    assert table.number == "321/KH-UBND" and table.kind == "register"
    assert table.columns == ("STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Ngày đến hạn")
    assert table.rows[1] == ("2", "Bố trí kinh phí chuyển đổi số năm 2025", "Sở Tài chính", "Quý II/2025", "2025-06-30")
    assert "Bố trí kinh phí" not in docs["kh.pdf"].text  # the rows live in the register, once


def test_scanned_pdf_is_a_problem_naming_the_file_never_an_empty_document(tmp_path):
    docs, problems = load_file(make_scanned_pdf(tmp_path / "scan.pdf"), tmp_path)
    assert docs == []
    assert [p.path for p in problems] == ["scan.pdf"]
    assert "không có lớp văn bản — cần bản có lớp văn bản hoặc OCR" in problems[0].message


def test_encrypted_and_corrupt_pdfs_are_problems(tmp_path):
    make_pdf(tmp_path / "locked.pdf", encrypt="mat-khau", table=False)
    good = make_pdf(tmp_path / "good.pdf", table=False).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(good[: len(good) // 3])
    (tmp_path / "fake.pdf").write_bytes(b"%PDF-1.7\nthis is not a pdf at all\n")
    problems = {
        p.path: p.message for f in ("locked", "cut", "fake") for p in load_file(tmp_path / f"{f}.pdf", tmp_path)[1]
    }
    assert "mật khẩu" in problems["locked.pdf"] and "password" in problems["locked.pdf"]
    assert "bị hỏng" in problems["cut.pdf"] and "bị hỏng" in problems["fake.pdf"]


# --- DOCX ------------------------------------------------------------------------------------------


def test_docx_header_table_is_read_as_metadata(tmp_path):
    d = by_id(load_file(make_docx(tmp_path / "nq57.docx"), tmp_path)[0])["nq57.docx"]
    assert (d.number, d.date, d.issuer) == ("57-NQ/TW", date(2024, 12, 22), "Bộ Chính trị")
    assert d.title == (
        "Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
    )


def test_docx_heading_styles_and_legal_lines_give_heading_paths(tmp_path):
    d = by_id(load_file(make_docx(tmp_path / "nq57.docx"), tmp_path)[0])["nq57.docx"]
    passages = chunk(d)
    gdp = next(p for p in passages if "30% GDP" in p.text)
    assert gdp.headings == ("II. MỤC TIÊU", "1. Mục tiêu đến năm 2030")  # "a) … GDP." is a sentence, not a heading
    region = next(p for p in passages if "Trung du" in p.text)
    assert region.headings == ("III. CHỈ TIÊU VÙNG",)
    assert "Vùng: Trung du | Chỉ tiêu: Phủ 5G 100% xã | Mốc: 2030" in region.text


def test_docx_register_table_becomes_register_rows(tmp_path):
    docs = by_id(load_file(make_docx(tmp_path / "nq57.docx"), tmp_path)[0])
    register = docs["nq57.docx#bang-1"]
    assert register.number == "57-NQ/TW" and len(register.rows) == 3
    assert register.columns[:3] == ("TT", "Nội dung", "Cơ quan chủ trì")
    assert register.rows[2][-1] == "2026-06-30"  # "30/6/2026" as an ISO due date


# --- XLSX and CSV registers ------------------------------------------------------------------------


def test_xlsx_register_with_title_rows_merged_cells_and_group_rows(tmp_path):
    docs, problems = load_file(make_register_xlsx(tmp_path / "kh321.xlsx"), tmp_path)
    assert problems == []
    d = by_id(docs)["kh321.xlsx"]  # the notes sheet has no table: one document, named after the file
    assert d.number == "321/KH-UBND" and d.date == date(2025, 3, 15) and d.kind == "register"
    assert d.title.startswith(
        "Danh mục nhiệm vụ triển khai Kế hoạch số 321/KH-UBND ngày 15/3/2025 của UBND tỉnh Phú Thọ"
    )
    assert d.columns == ("STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả/Sản phẩm",
                         "Thời gian hoàn thành", "Tình trạng", "Nhóm", "Ngày đến hạn")  # fmt: skip
    rows = {r[0]: r for r in d.rows}
    assert list(rows) == ["I.1", "I.2", "II.1", "II.2"]  # group rows are not tasks; ids made unique
    assert rows["I.2"][2] == "Sở Tài chính"  # merged over two tasks: the lead of both
    assert rows["I.1"][6] == "Hoàn thành" and rows["I.2"][6] == "Đang thực hiện"
    assert rows["II.1"][7] == "II. PHÁT TRIỂN HẠ TẦNG SỐ"
    assert [r[8] for r in d.rows] == ["2025-06-30", "2025-06-30", "2026-06-30", ""]


@pytest.mark.parametrize(
    ("deadline", "due"),
    [
        ("6/2025", "2025-06-30"),
        ("Tháng 12/2025", "2025-12-31"),
        ("Quý II/2025", "2025-06-30"),
        ("Quý IV năm 2026", "2026-12-31"),
        ("30/6/2026", "2026-06-30"),
        ("Trước ngày 15/9/2025", "2025-09-15"),
        ("Năm 2025", "2025-12-31"),
        ("6 tháng đầu năm 2026", "2026-06-30"),
        ("Thường xuyên", ""),
        ("Hằng năm", ""),
        ("2026-2030", ""),
        ("", ""),
    ],
)
def test_deadline_as_written_becomes_an_iso_due_date(deadline, due):
    assert due_date(deadline) == due


def test_csv_with_title_rows_and_groups_is_read_as_a_register(tmp_path):
    write(
        tmp_path / "kh-15.csv",
        """
        KẾ HOẠCH SỐ 15/KH-UBND,,,
        ,,,
        STT,Nội dung công việc,Đơn vị chủ trì thực hiện,Thời hạn
        I,Chuyển đổi số,,
        1,Số hóa hồ sơ đất đai,Sở Nông nghiệp và Môi trường,Quý I/2026
        """,
    )
    d = by_id(load_file(tmp_path / "kh-15.csv", tmp_path)[0])["kh-15.csv"]
    assert d.number == "15/KH-UBND"
    assert d.columns == ("STT", "Nội dung công việc", "Đơn vị chủ trì thực hiện", "Thời hạn", "Nhóm", "Ngày đến hạn")
    assert d.rows == (
        ("1", "Số hóa hồ sơ đất đai", "Sở Nông nghiệp và Môi trường", "Quý I/2026", "I. Chuyển đổi số", "2026-03-31"),
    )


def test_exact_count_over_an_uploaded_style_xlsx_register(tmp_path, make_settings):
    corpus = tmp_path / "corpus"
    make_register_xlsx(corpus / "kh321.xlsx")
    write(corpus / "khac.md", "# Kế hoạch khác\n\nSở Tài chính chủ trì rà soát tài sản công năm 2025.\n")
    engine = Engine(make_settings(corpus))
    answer = engine.ask("Sở Tài chính chủ trì bao nhiêu nhiệm vụ trong kế hoạch 321?", role="official")
    assert answer.status == "answered"
    assert "Có 3 nhiệm vụ do Sở Tài chính chủ trì" in answer.text
    assert {s.doc_id for s in answer.sources} == {"kh321.xlsx"}


# --- HTML, Markdown, TXT, sidecars ------------------------------------------------------------------


def test_html_keeps_article_headings_and_tables_and_drops_page_furniture(tmp_path):
    write(tmp_path / "qd45.html", HTML)
    docs = by_id(load_file(tmp_path / "qd45.html", tmp_path)[0])
    d = docs["qd45.html"]
    assert (d.number, d.date, d.issuer) == ("45/QĐ-UBND", date(2025, 4, 2), "Ủy ban nhân dân tỉnh Phú Thọ")
    assert d.title == "Quyết định 45/QĐ-UBND về việc ban hành Quy chế vận hành Trung tâm điều hành thông minh"
    assert "Trang chủ" not in d.text and "Bản quyền" not in d.text and "var x" not in d.text
    duty = next(p for p in chunk(d) if "24/7" in p.text)
    assert duty.headings == ("Điều 2. Trách nhiệm",)
    assert docs["qd45.html#bang-1"].rows == (
        ("1", "Kết nối camera giao thông", "Công an tỉnh", "Quý III/2025", "2025-09-30"),
    )


def test_text_and_markdown_without_front_matter_take_metadata_from_the_header(tmp_path):
    text = (
        "BỘ CHÍNH TRỊ\nSố 57-NQ/TW\nHà Nội, ngày 22 tháng 12 năm 2024\nNGHỊ QUYẾT\nVỀ ĐỘT PHÁ PHÁT TRIỂN\n\nNội dung.\n"
    )
    write(tmp_path / "nq57.txt", text)
    write(tmp_path / "nq57.md", "# Nghị quyết 57\n\n" + text)
    docs = by_id(load_corpus([tmp_path])[0])
    assert docs["nq57.txt"].title == "Nghị quyết 57-NQ/TW về đột phá phát triển"
    assert docs["nq57.md"].title == "Nghị quyết 57"  # the author's heading names a Markdown file
    assert all(docs[k].number == "57-NQ/TW" and docs[k].date == date(2024, 12, 22) for k in ("nq57.txt", "nq57.md"))


def test_sidecar_overrides_what_the_header_says(tmp_path):
    make_pdf(tmp_path / "kh.pdf", table=False)
    write(
        tmp_path / "kh.pdf.meta.yaml",
        "id: kh-321\nnumber: 321/KH-UBND-SUA\naccess: internal\nurl: https://example.org/kh\n",
    )
    d = by_id(load_file(tmp_path / "kh.pdf", tmp_path)[0])["kh-321"]
    assert (d.number, d.access, d.url) == ("321/KH-UBND-SUA", "internal", "https://example.org/kh")
    assert d.date == date(2025, 3, 15)  # what the sidecar does not set still comes from the header


# --- bad files ---------------------------------------------------------------------------------------


def test_bad_files_are_problems_naming_them_and_the_rest_indexes(tmp_path, make_settings):
    corpus = tmp_path / "corpus"
    make_register_xlsx(corpus / "kh321.xlsx")
    write(corpus / "tot.md", "# Văn bản tốt\n\nSở Tài chính bố trí kinh phí cho chuyển đổi số.\n")
    settings = make_settings(corpus)
    served = build_index(settings, progress=False).build
    zip_bomb(corpus / "bom.docx")
    zip_bomb(corpus / "bom.xlsx", part="xl/workbook.xml")
    (corpus / "rong.docx").write_bytes(b"")
    (corpus / "hong.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    make_register_xlsx(corpus / "that-ra-la-excel.docx")
    (corpus / "bao-cao.pdf").write_bytes(make_docx(tmp_path / "x.docx").read_bytes())
    make_scanned_pdf(corpus / "scan.pdf")
    report = build_index(settings, progress=False)
    problems = {p.path: p.message for p in report.problems}
    assert set(problems) == {
        "bom.docx",
        "bom.xlsx",
        "rong.docx",
        "hong.xlsx",
        "that-ra-la-excel.docx",
        "bao-cao.pdf",
        "scan.pdf",
    }
    assert "bom nén" in problems["bom.docx"] and "zip bomb" in problems["bom.xlsx"]
    assert "rỗng" in problems["rong.docx"]
    assert "không phải Excel" in problems["hong.xlsx"]
    assert "nội dung là Excel (XLSX), không phải Word (DOCX)" in problems["that-ra-la-excel.docx"]
    assert "nội dung là Word (DOCX), không phải PDF" in problems["bao-cao.pdf"]
    assert report.changed and report.build != served and report.documents == 2  # the good files still index
    answer = Engine(settings).ask("Ai bố trí kinh phí cho chuyển đổi số?")
    assert answer.status == "answered"


# --- uploads -----------------------------------------------------------------------------------------


def test_inspect_upload_judges_type_by_content_and_size(tmp_path):
    pdf = make_pdf(tmp_path / "kh.pdf", table=False).read_bytes()
    xlsx = make_register_xlsx(tmp_path / "kh.xlsx").read_bytes()
    assert inspect_upload(pdf, "Kế hoạch 321.pdf").kind == "pdf"
    assert inspect_upload(xlsx, "so.xlsx").kind == "xlsx"
    assert inspect_upload("STT,Nội dung\n1,Việc\n".encode(), "so.csv").kind == "csv"
    assert inspect_upload(HTML.encode(), "trang.html").kind == "html"
    refused = {
        "too big": inspect_upload(pdf, "kh.pdf", max_bytes=len(pdf) - 1),
        "mismatch": inspect_upload(xlsx, "kh.pdf"),
        "renamed": inspect_upload(pdf, "kh.docx"),
        "empty": inspect_upload(b"", "kh.pdf"),
        "exe": inspect_upload(b"MZ\x90\x00binary", "kh.exe"),
        "binary as csv": inspect_upload(b"\x00\x01\x02\x03" * 10, "so.csv"),
        "ansi csv": inspect_upload(
            "STT,Nội dung công việc,Đơn vị chủ trì\n1,Số hóa,Sở Tài chính\n".encode("cp1258", errors="replace"),
            "so.csv",
        ),
        "bomb": inspect_upload(zip_bomb(tmp_path / "b.docx").read_bytes(), "b.docx"),
        "old word": inspect_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cu.docx"),
    }
    assert all(not c.ok and c.reason for c in refused.values())
    assert "vượt giới hạn" in refused["too big"].reason and "limit" in refused["too big"].reason
    assert "nội dung là Excel (XLSX), không phải PDF" in refused["mismatch"].reason
    assert "zip bomb" in refused["bomb"].reason
    assert "Office 97–2003" in refused["old word"].reason
    assert "CSV UTF-8" in refused["ansi csv"].reason
    assert sniff(pdf) == "pdf" and sniff(xlsx) == "xlsx"


def test_store_upload_indexes_the_file_and_summarises_it(tmp_path, make_settings):
    corpus = tmp_path / "corpus"
    write(corpus / "tot.md", "# Văn bản tốt\n\nSở Tư pháp rà soát văn bản quy phạm pháp luật.\n")
    settings = make_settings(corpus)
    engine = Engine(settings)
    engine.build([corpus])
    data = make_register_xlsx(tmp_path / "x.xlsx").read_bytes()
    summary = store_upload(data, "Danh mục KH 321.xlsx", corpus / "tai-len", settings, engine=engine,
                           meta={"access": "internal", "provenance": "official"})  # fmt: skip
    assert summary.path == corpus / "tai-len" / "Danh-muc-KH-321.xlsx" and summary.path.exists()
    (doc,) = summary.documents
    assert (doc.number, doc.register_rows, doc.passages) == ("321/KH-UBND", 4, 4)
    assert "321/KH-UBND" in summary.text() and "4 dòng sổ nhiệm vụ" in summary.text()
    answer = engine.ask("Sở Tài chính chủ trì bao nhiêu nhiệm vụ trong kế hoạch 321?", role="official")
    assert "Có 3 nhiệm vụ do Sở Tài chính chủ trì" in answer.text
    citizen = engine.ask("Sở Tài chính chủ trì bao nhiêu nhiệm vụ trong kế hoạch 321?")
    assert "Bố trí kinh phí" not in citizen.text  # the sidecar made it internal: citizens do not see it


def test_refused_upload_stores_nothing_and_keeps_the_served_index(tmp_path, make_settings):
    corpus = tmp_path / "corpus"
    write(corpus / "tot.md", "# Văn bản tốt\n\nSở Tư pháp rà soát văn bản.\n")
    settings = make_settings(corpus)
    served = build_index(settings, progress=False).build
    scan = make_scanned_pdf(tmp_path / "scan.pdf").read_bytes()
    with pytest.raises(UploadRejected, match="không có lớp văn bản"):
        store_upload(scan, "scan.pdf", corpus / "tai-len", settings)
    with pytest.raises(UploadRejected, match="không phải"):
        store_upload(scan, "scan.docx", corpus / "tai-len", settings)
    assert not (corpus / "tai-len").exists() or not any((corpus / "tai-len").iterdir())
    assert current_build(settings.data_dir) == served


# --- measurement (make bench) -----------------------------------------------------------------------


@pytest.mark.bench
def test_extraction_speed_of_a_30_page_pdf_and_docx(tmp_path):
    """Prints seconds per file for the readers in use (and pypdf for comparison, when it is installed)."""
    import docx

    from retrieval.formats import extract

    pdf = make_long_pdf(tmp_path / "dai.pdf", pages=30)
    d = docx.Document()
    for k in range(1, 46):  # about 30 pages, like the PDF: ~60,000 characters
        d.add_heading(f"{k}. Nhiệm vụ số {k}", level=2)
        for _ in range(3):
            d.add_paragraph(BODY * 2)
        if k % 9 == 0:
            table = d.add_table(rows=6, cols=4)
            for r, row in enumerate(
                [("STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời hạn")]
                + [(str(i), f"Việc {i}", "Sở Tài chính", "6/2025") for i in range(1, 6)]
            ):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    d.save(tmp_path / "dai.docx")
    results = {}
    for label, path, kind in (("pypdfium2", pdf, "pdf"), ("python-docx", tmp_path / "dai.docx", "docx")):
        results[label] = _best_of(lambda p=path, k=kind: extract(p, k))
    try:
        import pypdf

        results["pypdf (text only)"] = _best_of(lambda: [pg.extract_text() for pg in pypdf.PdfReader(pdf).pages])
    except ImportError:
        pass
    import pypdfium2

    results["pypdfium2 (text only)"] = _best_of(
        lambda: [pg.get_textpage().get_text_range() for pg in pypdfium2.PdfDocument(pdf)]
    )
    for label, seconds in results.items():
        print(f"{label:24s} {seconds * 1000:8.1f} ms")


def make_long_pdf(path: Path, pages: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(TTFont("DejaVu", _font()))
    body = ParagraphStyle("body", fontName="DejaVu", fontSize=12, leading=17, alignment=4, firstLineIndent=20)
    story = []
    for page in range(1, pages + 1):
        story.append(Paragraph(f"Điều {page}. Nhiệm vụ của trang {page}", body))
        story.extend(Paragraph(f"{k}. {BODY} {BODY}", body) for k in range(1, 5))
        story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def _best_of(fn, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best
