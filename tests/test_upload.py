"""Admins add files to the corpus by sending them to the bot: checked, stored, indexed, summarised."""

from __future__ import annotations

from fake_bot_api import FakeBotApi
from ops_corpus import ADMIN, CITIZEN, make_services, run

from retrieval.index import current_build

REGISTER = (
    "KẾ HOẠCH SỐ 321/KH-UBND VỀ CHUYỂN ĐỔI SỐ NĂM 2026\n"
    "STT,Tên nhiệm vụ,Cơ quan chủ trì,Thời hạn,Tình trạng\n"
    "1,Số hóa hồ sơ hộ tịch của xã Bến Gót,Sở Tư pháp,6/2026,Đang thực hiện\n"
    "2,Triển khai kho dữ liệu mở của tỉnh Bến Gót,Sở Khoa học và Công nghệ,9/2026,Chưa thực hiện\n"
    "3,Chuẩn hóa dữ liệu đất đai xã Bến Gót,Sở Tư pháp,12/2026,Chưa thực hiện\n"
).encode()


def send_files(services, *files: tuple[int, bytes, str, str | None]) -> list[str]:
    """Run the real bot against the fake Bot API, send each (user, bytes, file name, caption), return the replies."""
    replies: list[str] = []

    async def scenario(app):
        for user_id, data, name, caption in files:
            before = len(api.sent(user_id))
            api.push(api.document(data, file_name=name, caption=caption, user_id=user_id))
            # An accepted file is acknowledged at once («Đã nhận tệp…») and reported when it is indexed.
            await api.until(lambda a, u=user_id, b=before: _outcomes(a.sent(u)[b:]), timeout=30)
            replies.append(_outcomes(api.sent(user_id)[before:])[-1])

    with FakeBotApi() as api:
        run(api, services, scenario)
    return replies


def _outcomes(messages: list[dict]) -> list[str]:
    return [m["text"] for m in messages if not m["text"].startswith("Đã nhận tệp")]


def test_an_admins_register_is_indexed_and_answered_exactly(tmp_path):
    services = make_services(tmp_path)
    (upload,) = send_files(services, (ADMIN, REGISTER, "ke-hoach-321.csv", None))
    assert "Đã thêm tệp ke-hoach-321.csv" in upload
    assert "321/KH-UBND" in upload and "nội bộ" in upload
    assert (tmp_path / "data" / "uploads" / "ke-hoach-321.csv").exists()
    official = services.engine.ask("Sở Tư pháp chủ trì bao nhiêu nhiệm vụ trong kế hoạch 321?", role="admin")
    assert "Có 2 nhiệm vụ do Sở Tư pháp chủ trì" in official.text
    citizen = services.engine.ask("Sở Tư pháp chủ trì bao nhiêu nhiệm vụ trong kế hoạch 321?", role="citizen")
    assert "Bến Gót" not in citizen.text  # uploads are internal unless the admin says «công khai»


def test_a_public_caption_makes_the_upload_public(tmp_path):
    services = make_services(tmp_path)
    (upload,) = send_files(services, (ADMIN, REGISTER, "ke-hoach-321.csv", "Công khai"))
    assert "công khai" in upload
    answer = services.engine.ask("Những nhiệm vụ nào của kế hoạch 321 có hạn tháng 9/2026?", role="citizen")
    assert "kho dữ liệu mở của tỉnh Bến Gót" in answer.text


def test_files_from_non_admins_are_refused_and_nothing_is_stored(tmp_path):
    services = make_services(tmp_path)
    build = current_build(services.engine.settings.data_dir)
    (upload,) = send_files(services, (CITIZEN, REGISTER, "ke-hoach-321.csv", None))
    assert "chỉ quản trị viên mới gửi được tệp" in upload
    assert not (tmp_path / "data" / "uploads").exists()
    assert current_build(services.engine.settings.data_dir) == build


def test_a_bad_file_gets_a_clear_refusal_and_the_served_index_is_unchanged(tmp_path):
    services = make_services(tmp_path)
    build = current_build(services.engine.settings.data_dir)
    fake_pdf, empty = send_files(
        services, (ADMIN, b"just text, not a PDF", "bao-cao.pdf", None), (ADMIN, b"", "trong.docx", None)
    )
    assert fake_pdf.startswith("Không nhận tệp bao-cao.pdf:")
    assert empty.startswith("Không nhận tệp trong.docx:")
    assert current_build(services.engine.settings.data_dir) == build
    assert not any((tmp_path / "data" / "uploads").glob("*"))


def _xlsx_register() -> bytes:
    """An Excel register as offices export it: a title row, a merged group row, then the tasks."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["KẾ HOẠCH SỐ 45/KH-UBND TRIỂN KHAI ĐỀ ÁN 06 NĂM 2026"])
    ws.merge_cells("A1:E1")
    ws.append(["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Tình trạng"])
    ws.append(["I.", "Dữ liệu dân cư", None, None, None])
    ws.append([1, "Làm sạch dữ liệu dân cư xã Thanh Sơn", "Công an tỉnh", "Quý II/2026", "Đang thực hiện"])
    ws.append([2, "Kết nối dữ liệu hộ tịch xã Thanh Sơn", "Sở Tư pháp", "30/9/2026", "Chưa thực hiện"])
    ws.append([3, "Cấp tài khoản VNeID mức 2 cho người dân xã Thanh Sơn", "Công an tỉnh", "12/2026", "Chưa thực hiện"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_exact_answers_work_on_an_uploaded_excel_register(tmp_path):
    services = make_services(tmp_path)
    (upload,) = send_files(services, (ADMIN, _xlsx_register(), "ke-hoach-45.xlsx", "công khai"))
    assert "số 45/KH-UBND" in upload and "3 dòng sổ nhiệm vụ" in upload
    answer = services.engine.ask("Công an tỉnh chủ trì bao nhiêu nhiệm vụ trong kế hoạch 45?")
    assert "Có 2 nhiệm vụ do Công an tỉnh chủ trì" in answer.text
    due = services.engine.ask("Những nhiệm vụ nào của kế hoạch 45 có hạn quý II/2026?")
    assert "Làm sạch dữ liệu dân cư xã Thanh Sơn" in due.text and "Kết nối dữ liệu hộ tịch" not in due.text
